/* conformance/src/schema.c — the scenario JSON Schema (conf/schema.h): the top level, topology,
 * processes, memory steps and events, and the cJSON helpers (schema_json.h). Call steps and the values
 * they take come from spec/ in schema_calls.c.
 *
 * Each definition follows the parser function that reads the same part (named beside it), with its
 * limits (conf/scenario.h): keys it does not know are refused (additionalProperties false), keys it
 * requires are required, enumerations and number ranges are its own. */
#include "conf/schema.h"

#include <stdio.h>

#include "conf/scenario.h"
#include "schema_json.h"
#include "spec/clauses.h"

#define MAX_TOPO_ITEMS 64       /* parse_topology.c */
#define MAX_SIZE_VALUE (1ll << 60) /* parse_util.c get_size */
#define MAX_SCHEMA_URI_BYTES 4096  /* parse.c CONF_MAX_SCHEMA_URI_BYTES */

/* ---- topology and processes (parse_topology.c) ---- */

static void add_size_defs(schema_ctx *x, cJSON *defs) {
    char hex[160];
    /* get_size: bytes as an integer, "0x..." hex, or digits with K, M, G or T (powers of 1024). */
    cJSON *size = sj_object(x, defs, "size");
    sj_string(x, size, "description", "bytes: an integer, \"0x...\" hex, or a number with K, M, G or T (powers of 1024)");
    cJSON *any = sj_array(x, size, "anyOf");
    sj_integer(x, any, NULL, 0, MAX_SIZE_VALUE);
    sj_string_def(x, any, NULL, 0, sj_hex_pattern(hex, sizeof hex, 60, true));
    sj_string_def(x, any, NULL, 21, "^[0-9]{1,20}[KMGT]?$");
    /* iwin32_pool: a size that is a multiple of 4 MiB (IWIN32.POOL.SEGSIZE; a number can say so). */
    cJSON *pool = sj_object(x, defs, "pool_size");
    cJSON *pany = sj_array(x, pool, "anyOf");
    cJSON *pnum = sj_integer(x, pany, NULL, 0, MAX_SIZE_VALUE);
    sj_int(x, pnum, "multipleOf", 4 << 20);
    sj_typed(x, pany, NULL, "string");
    cJSON *all = sj_array(x, pool, "allOf");
    sj_ref(x, all, NULL, "size");
}

static void add_topology_defs(schema_ctx *x, cJSON *defs) {
    static const char *const kernel_kinds[] = {"intime", "rtx64"};
    static const char *const kernel_states[] = {"running", "stopped"};
    static const char *const link_states[] = {"up", "down"};
    static const char *const process_kinds[] = {"windows", "rt", "driver"};
    static const char *const id_only[] = {"id", NULL};
    static const char *const kernel_required[] = {"id", "kind", "node", NULL};
    static const char *const link_required[] = {"between", NULL};
    static const char *const topo_required[] = {"nodes", "kernels", NULL};
    static const char *const process_required[] = {"id", "kind", NULL};
    add_size_defs(x, defs);
    /* get_id: non-empty, at most 64 bytes, no spaces, quotes or backslashes. */
    sj_string_def(x, defs, "topology_id", 64, "^[^ \t\r\n\"\\\\]+$");
    sj_string_def(x, defs, "topology_ref", 64, NULL);

    cJSON *node = sj_closed(x, defs, "node", id_only, NULL);
    sj_ref(x, node, "id", "topology_id");
    sj_typed(x, node, "windows", "boolean");
    sj_ref(x, node, "va_limit", "size");
    cJSON *page = sj_object(x, node, "page_size");
    sj_int(x, page, "const", 4096);

    cJSON *kernel_obj;
    cJSON *kernel = sj_closed(x, defs, "kernel", kernel_required, &kernel_obj);
    sj_ref(x, kernel, "id", "topology_id");
    sj_enum(x, kernel, "kind", kernel_kinds, 2);
    sj_ref(x, kernel, "node", "topology_ref");
    sj_enum(x, kernel, "state", kernel_states, 2);
    sj_typed(x, kernel, "shares_memory", "boolean");
    sj_ref(x, kernel, "memory", "size");
    sj_ref(x, kernel, "iwin32_pool", "pool_size");
    sj_requires(x, sj_when_const(x, sj_array(x, kernel_obj, "allOf"), "kind", "rtx64"), "iwin32_pool", false);

    cJSON *link = sj_closed(x, defs, "link", link_required, NULL);
    sj_array_of(x, link, "between", "topology_ref", 2, 2);
    sj_enum(x, link, "state", link_states, 2);

    cJSON *topo = sj_closed(x, defs, "topology", topo_required, NULL);
    sj_array_of(x, topo, "nodes", "node", 1, MAX_TOPO_ITEMS);
    sj_array_of(x, topo, "kernels", "kernel", 1, MAX_TOPO_ITEMS);
    sj_array_of(x, topo, "links", "link", 0, MAX_TOPO_ITEMS);

    /* An rt process names its kernel; windows and driver processes their node; a driver no kernel. */
    cJSON *process_obj;
    cJSON *process = sj_closed(x, defs, "process", process_required, &process_obj);
    sj_ref(x, process, "id", "topology_id");
    sj_enum(x, process, "kind", process_kinds, 3);
    sj_ref(x, process, "node", "topology_ref");
    sj_ref(x, process, "kernel", "topology_ref");
    cJSON *rules = sj_array(x, process_obj, "allOf");
    sj_requires(x, sj_when_const(x, rules, "kind", "rt"), "kernel", true);
    sj_requires(x, sj_when_const(x, rules, "kind", "windows"), "node", true);
    cJSON *driver = sj_when_const(x, rules, "kind", "driver");
    cJSON *driver_all = sj_array(x, driver, "allOf");
    sj_requires(x, sj_object(x, driver_all, NULL), "node", true);
    sj_requires(x, sj_object(x, driver_all, NULL), "kernel", false);
}

/* ---- memory steps and events (parse_access.c, parse_event.c) ---- */

static void add_memory_defs(schema_ctx *x, cJSON *defs) {
    static const char *const faults[] = {"none", "ACCESS_VIOLATION"};
    static const char *const read_required[] = {"ptr", "length", NULL};
    static const char *const write_required[] = {"ptr", "hex", NULL};
    static const char *const read_step_required[] = {"as", "read", NULL};
    static const char *const write_step_required[] = {"as", "write", NULL};
    char hex[160], bytes[64];
    /* parse_ptr: a "$var" holding a pointer, or an address. */
    cJSON *ptr = sj_object(x, defs, "address");
    cJSON *pany = sj_array(x, ptr, "anyOf");
    sj_ref(x, pany, NULL, "var");
    sj_integer(x, pany, NULL, 0, (1ll << 53) - 1);
    sj_string_def(x, pany, NULL, 0, sj_hex_pattern(hex, sizeof hex, 53, false));
    cJSON *offset = sj_object(x, defs, "offset");
    cJSON *oany = sj_array(x, offset, "anyOf");
    sj_integer(x, oany, NULL, 0, 1ll << 48);
    sj_string_def(x, oany, NULL, 0, sj_hex_pattern(hex, sizeof hex, 48, true));

    for (int is_read = 1; is_read >= 0; is_read--) {
        cJSON *step = sj_closed(x, defs, is_read ? "read" : "write", is_read ? read_step_required : write_step_required,
                                    NULL);
        sj_ref(x, step, "at", "vtime_us");
        sj_ref(x, step, "as", "topology_ref");
        cJSON *access = sj_closed(x, step, is_read ? "read" : "write", is_read ? read_required : write_required, NULL);
        sj_ref(x, access, "ptr", "address");
        sj_ref(x, access, "offset", "offset");
        if (is_read) {
            sj_integer(x, access, "length", 1, CONF_MAX_ACCESS_BYTES);
        } else {
            snprintf(bytes, sizeof bytes, "^([0-9a-fA-F]{2})+$");
            sj_string_def(x, access, "hex", 2 * CONF_MAX_ACCESS_BYTES, bytes);
        }
        cJSON *expect = sj_closed(x, step, "expect", NULL, NULL);
        sj_enum(x, expect, "fault", faults, 2);
        if (is_read) sj_string_def(x, expect, "data", 2 * CONF_MAX_ACCESS_BYTES, "^([0-9a-f]{2})+$");
    }
}

static void add_event_defs(schema_ctx *x, cJSON *defs) {
    static const char *const process_events[] = {"process.exit"};
    static const char *const kernel_events[] = {"kernel.stop", "kernel.start"};
    static const char *const link_events[] = {"link.down", "link.up"};
    static const struct {
        const char *def, *key;
        const char *const *events;
        int count;
        bool node_pair; /* the key holds two node ids */
    } kinds[] = {{"event.process", "process", process_events, 1, false},
                 {"event.kernel", "kernel", kernel_events, 2, false},
                 {"event.link", "between", link_events, 2, true}};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        const char *required[] = {"event", kinds[i].key, NULL};
        cJSON *ev = sj_closed(x, defs, kinds[i].def, required, NULL);
        sj_ref(x, ev, "at", "vtime_us");
        sj_enum(x, ev, "event", kinds[i].events, kinds[i].count);
        if (kinds[i].node_pair) sj_array_of(x, ev, kinds[i].key, "topology_ref", 2, 2);
        else sj_ref(x, ev, kinds[i].key, "topology_ref");
    }
}

/* ---- the whole schema ---- */

/* The top level (parse.c parse_header) and the step list. */
static void add_top_level(schema_ctx *x, cJSON *root) {
    static const char *const required[] = {"format", "id", "title", "steps", NULL};
    cJSON *p = sj_object(x, root, "properties");
    /* "$schema": where an editor finds this schema; the parser accepts any string and ignores it. */
    cJSON *schema_uri = sj_string_def(x, p, "$schema", MAX_SCHEMA_URI_BYTES, NULL);
    sj_string(x, schema_uri, "description", "the URI of this schema, for editors (ignored by rtshm)");
    cJSON *format = sj_object(x, p, "format");
    sj_string(x, format, "const", "rtshm-scenario/1");
    sj_string_def(x, p, "id", CONF_MAX_ID_CHARS, "^[a-z0-9][a-z0-9._-]*$");
    cJSON *title = sj_string_def(x, p, "title", CONF_MAX_TITLE_BYTES, "^[^\n]+$");
    sj_int(x, title, "minLength", 1);
    cJSON *clauses = sj_typed(x, p, "clauses", "array");
    sj_int(x, clauses, "maxItems", CONF_MAX_LIST);
    sj_ref(x, clauses, "items", "clause");
    cJSON *tags = sj_typed(x, p, "tags", "array");
    sj_int(x, tags, "maxItems", CONF_MAX_LIST);
    cJSON *tag = sj_string_def(x, tags, "items", 128, NULL);
    sj_int(x, tag, "minLength", 1);
    sj_ref(x, p, "topology", "topology");
    sj_array_of(x, p, "processes", "process", 1, MAX_TOPO_ITEMS);
    sj_array_of(x, p, "steps", "step", 1, CONF_MAX_STEPS);
    cJSON *req = sj_array(x, root, "required");
    for (const char *const *r = required; *r; r++) sj_string(x, req, NULL, *r);
    sj_bool(x, root, "additionalProperties", false);
    /* A scenario with its own topology lists its processes. */
    cJSON *dep = sj_object(x, root, "dependentRequired");
    cJSON *topo = sj_array(x, dep, "topology");
    sj_string(x, topo, NULL, "processes");
}

/* The clause IDs of spec/ (clauses), the time of a step, variables, and the four kinds of step. */
static void add_common_defs(schema_ctx *x, cJSON *defs) {
    int count = 0;
    const spec_clause *clauses = spec_clause_table(&count);
    cJSON *clause = sj_object(x, defs, "clause");
    cJSON *ids = sj_array(x, clause, "enum");
    for (int i = 0; i < count; i++) sj_string(x, ids, NULL, clauses[i].id);
    sj_integer(x, defs, "vtime_us", 0, (int64_t)CONF_MAX_VTIME_US);
    sj_string_def(x, defs, "var", 0, "^[$][A-Za-z_][A-Za-z0-9_]{0,63}$");
    sj_string_def(x, defs, "var_name", 0, "^[A-Za-z_][A-Za-z0-9_]{0,63}$");
    cJSON *step = sj_object(x, defs, "step");
    cJSON *one = sj_array(x, step, "oneOf");
    sj_ref(x, one, NULL, "call");
    sj_ref(x, one, NULL, "read");
    sj_ref(x, one, NULL, "write");
    sj_ref(x, one, NULL, "event");
    cJSON *event = sj_object(x, defs, "event");
    cJSON *any = sj_array(x, event, "anyOf");
    sj_ref(x, any, NULL, "event.process");
    sj_ref(x, any, NULL, "event.kernel");
    sj_ref(x, any, NULL, "event.link");
}

char *conf_scenario_schema(void) {
    schema_ctx x = {false};
    cJSON *root = cJSON_CreateObject();
    if (root == NULL) return NULL;
    sj_string(&x, root, "$schema", "https://json-schema.org/draft/2020-12/schema");
    sj_string(&x, root, "$id", "urn:rtshm:scenario:1");
    sj_string(&x, root, "title", "rtshm-scenario/1");
    sj_string(&x, root, "description",
              "A conformance scenario of rtshm (conformance/SCENARIO-FORMAT.md), generated from spec/. Structure "
              "only: variables bound before use, which process kinds may call which family, ids that refer to the "
              "topology, the time order of steps, duplicate keys and strings holding NUL are checked by the parser "
              "(rtshm validate).");
    sj_string(&x, root, "type", "object");
    add_top_level(&x, root);
    cJSON *defs = sj_object(&x, root, "$defs");
    add_common_defs(&x, defs);
    add_topology_defs(&x, defs);
    add_memory_defs(&x, defs);
    add_event_defs(&x, defs);
    schema_add_call_defs(&x, defs);
    char *text = x.failed ? NULL : cJSON_Print(root);
    cJSON_Delete(root);
    return text;
}
