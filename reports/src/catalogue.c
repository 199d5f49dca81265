/* reports/src/catalogue.c — `rtshm spec`: the clause catalogue, from spec/ alone; declared in
 * reports/coverage.h beside the coverage it is the index of.
 *
 * In JSON, besides "clauses", the contract a scenario writer or a backend vendor reads:
 *   "functions": each row of spec/functions.def with its family, clause, status family, return type,
 *     the process kinds that may call it ("callers"), and its parameters twice: "parameters", the
 *     names in vendor order (kept for existing users), and "parameter_details", one object per
 *     parameter (name, type, direction, required, nullable, default, description); its statuses as
 *     the original space-separated strings ("documented_statuses", "model_statuses") and as arrays
 *     ("statuses": {"documented": [...], "model": [...]}).
 *   "statuses": every status code (name, family, value, success).
 *   "constants": the named constants arguments may use (name, value: an exact integer, also past 2^53).
 *   "process_kinds": the kinds of process a scenario declares, with the callers each kind is.
 * Everything is additive to the earlier output: no key changed its meaning. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "reports/coverage.h"
#include "spec/clauses.h"
#include "spec/constants.h"
#include "spec/functions.h"
#include "spec/status.h"
#include "traces/canon.h"

static const struct {
    const char *name;
    uint64_t value;
} constants[] = {
#define SPEC_CONST(name, value) {#name, (uint64_t)(value)},
#include "spec/constants.def"
#undef SPEC_CONST
};

/* The process kinds of the scenario format (conformance/src/parse_topology.c) and the spec_caller bits a
 * process of that kind is: an rt process is one caller or the other by the kind of its kernel. */
static const struct {
    const char *kind;
    const char *description;
    unsigned callers;
} process_kinds[] = {
    {"windows", "a Windows application on a node", SPEC_CALLER_WINDOWS},
    {"rt", "a real-time process on a kernel: INtime (rt.intime) or RTX64 RTSS (rt.rtx64)",
     SPEC_CALLER_RT_INTIME | SPEC_CALLER_RT_RTX64},
    {"driver", "a Windows kernel driver on a node", SPEC_CALLER_DRIVER},
};

/* The caller bits by the names "callers" uses, in bit order. */
static const struct {
    unsigned bit;
    const char *name;
} caller_names[] = {{SPEC_CALLER_WINDOWS, "windows"},
                    {SPEC_CALLER_RT_INTIME, "rt.intime"},
                    {SPEC_CALLER_RT_RTX64, "rt.rtx64"},
                    {SPEC_CALLER_DRIVER, "driver"}};

static const char *const success_names[] = {"failure", "success", "success_info"};

/* A new array of the caller names of the bits in callers. */
static cJSON *caller_array(unsigned callers) {
    cJSON *list = cJSON_CreateArray();
    for (size_t i = 0; i < sizeof caller_names / sizeof caller_names[0]; i++)
        if (callers & caller_names[i].bit) cJSON_AddItemToArray(list, cJSON_CreateString(caller_names[i].name));
    return list;
}

/* A new array of the words of the space-separated list `words` (empty when words is NULL or blank). */
static cJSON *word_array(const char *words) {
    cJSON *list = cJSON_CreateArray();
    for (const char *p = words; p && *p;) {
        while (*p == ' ') p++;
        size_t n = strcspn(p, " ");
        if (n == 0) break;
        char word[128];
        if (n < sizeof word) {
            memcpy(word, p, n);
            word[n] = '\0';
            cJSON_AddItemToArray(list, cJSON_CreateString(word));
        }
        p += n;
    }
    return list;
}

/* The object describing parameter prm: its type (functions.def's token), direction (out for OUT_PTR
 * and OUT_HANDLE: omitted = a valid pointer, null = NULL), required, nullable (null is a value the
 * scenario may give), default (absent when required or an output; null for a NULL default), and its
 * doc as description. */
static cJSON *parameter_object(const spec_param *prm) {
    bool out = prm->type == SPEC_T_OUT_PTR || prm->type == SPEC_T_OUT_HANDLE;
    bool nullable = out || prm->type == SPEC_T_STRING || prm->type == SPEC_T_HANDLE || prm->type == SPEC_T_PTR ||
                    prm->type == SPEC_T_ATTRS;
    cJSON *p = cJSON_CreateObject();
    cJSON_AddStringToObject(p, "name", prm->name);
    cJSON_AddStringToObject(p, "type", spec_type_name(prm->type));
    cJSON_AddStringToObject(p, "direction", out ? "out" : "in");
    cJSON_AddBoolToObject(p, "required", prm->required);
    cJSON_AddBoolToObject(p, "nullable", nullable);
    if (prm->default_null) cJSON_AddNullToObject(p, "default");
    else if (!prm->required && !out) cJSON_AddNumberToObject(p, "default", (double)prm->default_value);
    cJSON_AddStringToObject(p, "description", prm->doc);
    return p;
}

static cJSON *function_object(const spec_function *fn) {
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "api", spec_api_name(fn->api));
    cJSON_AddStringToObject(e, "name", fn->name);
    cJSON_AddStringToObject(e, "clause", fn->clause);
    cJSON_AddStringToObject(e, "status_family", spec_family_name(fn->status_family));
    cJSON_AddStringToObject(e, "returns", spec_ret_name(fn->ret));
    cJSON_AddItemToObject(e, "callers", caller_array(fn->callers));
    cJSON *names = cJSON_AddArrayToObject(e, "parameters");
    cJSON *details = cJSON_AddArrayToObject(e, "parameter_details");
    for (int k = 0; k < fn->param_count; k++) {
        cJSON_AddItemToArray(names, cJSON_CreateString(fn->params[k].name));
        cJSON_AddItemToArray(details, parameter_object(&fn->params[k]));
    }
    cJSON_AddStringToObject(e, "documented_statuses", fn->documented);
    cJSON_AddStringToObject(e, "model_statuses", fn->model);
    cJSON *statuses = cJSON_AddObjectToObject(e, "statuses");
    cJSON_AddItemToObject(statuses, "documented", word_array(fn->documented));
    cJSON_AddItemToObject(statuses, "model", word_array(fn->model));
    return e;
}

/* "statuses", "constants" and "process_kinds" of doc. */
static void add_value_tables(cJSON *doc) {
    int count;
    const spec_status *st = spec_status_table(&count);
    cJSON *js = cJSON_AddArrayToObject(doc, "statuses");
    for (int i = 0; i < count; i++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "name", st[i].name);
        cJSON_AddStringToObject(e, "family", spec_family_name(st[i].family));
        cJSON_AddNumberToObject(e, "value", st[i].value);
        cJSON_AddStringToObject(e, "success", success_names[st[i].success]);
        cJSON_AddItemToArray(js, e);
    }
    cJSON *jk = cJSON_AddArrayToObject(doc, "constants");
    for (size_t i = 0; i < sizeof constants / sizeof constants[0]; i++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "name", constants[i].name);
        if (constants[i].value <= (1ull << 53)) {
            cJSON_AddNumberToObject(e, "value", (double)constants[i].value);
        } else { /* NTX_BAD_NTXHANDLE, 0xFFFFFFFFFFFFFFFF: exact, as a double would round it */
            char digits[24];
            snprintf(digits, sizeof digits, "%llu", (unsigned long long)constants[i].value);
            cJSON_AddRawToObject(e, "value", digits);
        }
        cJSON_AddItemToArray(jk, e);
    }
    cJSON *jp = cJSON_AddArrayToObject(doc, "process_kinds");
    for (size_t i = 0; i < sizeof process_kinds / sizeof process_kinds[0]; i++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "kind", process_kinds[i].kind);
        cJSON_AddStringToObject(e, "description", process_kinds[i].description);
        cJSON_AddItemToObject(e, "callers", caller_array(process_kinds[i].callers));
        cJSON_AddItemToArray(jp, e);
    }
}

void report_spec_list(FILE *out, bool json) {
    int count;
    const spec_clause *clauses = spec_clause_table(&count);
    if (!json) {
        for (int i = 0; i < count; i++)
            fprintf(out, "%-34s %-14s %-7s %s\n    %s\n", clauses[i].id, spec_level_name(clauses[i].level), clauses[i].api,
                    clauses[i].source, clauses[i].text);
        fprintf(out, "%d clauses\n", count);
        return;
    }
    cJSON *doc = cJSON_CreateObject();
    cJSON *jc = cJSON_AddArrayToObject(doc, "clauses");
    for (int i = 0; i < count; i++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "id", clauses[i].id);
        cJSON_AddStringToObject(e, "api", clauses[i].api);
        cJSON_AddStringToObject(e, "level", spec_level_name(clauses[i].level));
        cJSON_AddStringToObject(e, "text", clauses[i].text);
        cJSON_AddStringToObject(e, "source", clauses[i].source);
        cJSON_AddItemToArray(jc, e);
    }
    int fcount;
    const spec_function *fns = spec_function_table(&fcount);
    cJSON *jf = cJSON_AddArrayToObject(doc, "functions");
    for (int i = 0; i < fcount; i++) cJSON_AddItemToArray(jf, function_object(&fns[i]));
    add_value_tables(doc);
    char *text = trace_canonical_json(doc);
    fprintf(out, "%s\n", text ? text : "{}");
    free(text);
    cJSON_Delete(doc);
}
