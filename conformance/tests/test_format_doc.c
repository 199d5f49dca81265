/* conformance/tests/test_format_doc.c — conformance/SCENARIO-FORMAT.md kept true to the code.
 *
 * The document's tables list, per section, the keys a part of a scenario takes (first cell, in
 * backticks). Each list is compared both ways with the keys the generated JSON Schema (conf/schema.h)
 * gives that part and, where the parser says them itself (its "unknown key ... (expected one of: ...)"
 * and "unknown event" messages), with the parser's own lists: top level, topology, nodes, kernels,
 * links, processes, call steps, memory steps, the read/write objects, events and their keys, expect
 * fields. The limits table is compared with the CONF_MAX_* constants, and the document's example is
 * parsed and must use a topology and every event. Runs from the source root (ctest's working folder). */
#include <check.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/corpus.h"
#include "conf/scenario.h"
#include "conf/schema.h"
#include "suites.h"

#define FORMAT_DOC "conformance/SCENARIO-FORMAT.md"
#define MAX_NAMES 128

/* A set of short names, in insertion order, without duplicates. */
typedef struct name_set {
    char names[MAX_NAMES][64];
    int count;
} name_set;

static void set_add(name_set *s, const char *name, size_t len) {
    ck_assert_msg(len > 0 && len < sizeof s->names[0], "name of %zu bytes", len);
    for (int i = 0; i < s->count; i++)
        if (strlen(s->names[i]) == len && strncmp(s->names[i], name, len) == 0) return;
    ck_assert_int_lt(s->count, MAX_NAMES);
    memcpy(s->names[s->count], name, len);
    s->names[s->count++][len] = '\0';
}

static bool set_has(const name_set *s, const char *name) {
    for (int i = 0; i < s->count; i++)
        if (strcmp(s->names[i], name) == 0) return true;
    return false;
}

/* Fails unless a and b hold the same names; what names the two sides in the message. */
static void assert_same(const name_set *doc, const name_set *code, const char *section, const char *code_side) {
    ck_assert_msg(doc->count > 0, "%s: section \"%s\" lists nothing", FORMAT_DOC, section);
    for (int i = 0; i < doc->count; i++)
        ck_assert_msg(set_has(code, doc->names[i]), "%s \"%s\" lists `%s`, which %s does not take", FORMAT_DOC, section,
                      doc->names[i], code_side);
    for (int i = 0; i < code->count; i++)
        ck_assert_msg(set_has(doc, code->names[i]), "%s takes `%s`, which %s \"%s\" does not list", code_side,
                      code->names[i], FORMAT_DOC, section);
}

/* The whole document, NUL-terminated (malloc'd). */
static char *read_doc(void) {
    FILE *f = fopen(FORMAT_DOC, "rb");
    ck_assert_msg(f != NULL, "%s not found (run from the source root)", FORMAT_DOC);
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    ck_assert_msg(feof(f), "%s is larger than %zu bytes", FORMAT_DOC, sizeof buf - 1);
    fclose(f);
    buf[n] = '\0';
    char *copy = strdup(buf);
    ck_assert_ptr_nonnull(copy);
    return copy;
}

/* The names in the first cell (between backticks) of the table rows under the line `heading`, up to
 * the next heading of any level. */
static void doc_section(const char *doc, const char *heading, name_set *out) {
    out->count = 0;
    size_t hlen = strlen(heading);
    const char *p = doc;
    while (p && !(strncmp(p, heading, hlen) == 0 && p[hlen] == '\n')) {
        p = strchr(p, '\n');
        if (p) p++;
    }
    ck_assert_msg(p != NULL, "%s has no heading \"%s\"", FORMAT_DOC, heading);
    for (p = strchr(p, '\n'); p && p[1] != '#'; p = strchr(p + 1, '\n')) {
        if (strncmp(p + 1, "| `", 3) != 0) continue;
        const char *name = p + 4, *end = strchr(name, '`');
        ck_assert_ptr_nonnull(end);
        set_add(out, name, (size_t)(end - name));
    }
}

static cJSON *schema;

static const cJSON *item(const cJSON *o, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    ck_assert_msg(v != NULL, "the schema has no '%s' here", key);
    return v;
}

/* Adds the property names of schema object o (its "properties"), or of its property sub's object. */
static void add_props(name_set *out, const cJSON *o, const char *sub) {
    const cJSON *props = item(o, "properties");
    if (sub) props = item(item(props, sub), "properties");
    const cJSON *p;
    cJSON_ArrayForEach(p, props) set_add(out, p->string, strlen(p->string));
}

/* Adds, for every $defs entry whose name starts with prefix, its properties (or those of sub). */
static void add_defs(name_set *out, const char *prefix, const char *sub) {
    const cJSON *d;
    int matched = 0;
    cJSON_ArrayForEach(d, item(schema, "$defs")) {
        if (strncmp(d->string, prefix, strlen(prefix)) != 0) continue;
        add_props(out, d, sub);
        matched++;
    }
    ck_assert_msg(matched > 0, "no schema definition %s*", prefix);
}

/* The parser's own list for a key it does not know: parses text, expects it rejected with "unknown key
 * ... (expected one of: a, b, ...)" and adds a, b, ... to out. */
static void parser_keys(const char *text, name_set *out) {
    conf_scenario *sc = NULL;
    char err[1024] = "";
    ck_assert_int_ne(conf_scenario_parse("doc.json", text, strlen(text), &sc, err, sizeof err), 0);
    const char *list = strstr(err, "(expected one of: ");
    ck_assert_msg(list != NULL && strstr(err, "unknown key 'zz'") != NULL, "unexpected message: %s", err);
    out->count = 0;
    for (const char *p = list + strlen("(expected one of: ");;) {
        size_t n = strcspn(p, ",)");
        set_add(out, p, n);
        if (p[n] != ',') break;
        p += n + 2;
    }
}

#define HEAD "{\"format\": \"rtshm-scenario/1\", \"id\": \"doc\", \"title\": \"t\", "
#define TOPO "\"topology\": {\"nodes\": [{\"id\": \"h\"}, {\"id\": \"g\"}], \"kernels\": [{\"id\": \"K\", \"kind\": \"intime\", \"node\": \"h\"}]"
#define PROCS "\"processes\": [{\"id\": \"w\", \"kind\": \"windows\", \"node\": \"h\"}]"
#define STEP "\"steps\": [{\"as\": \"w\", \"call\": \"ntxGetLastRtError\"}]"

START_TEST(doc_keys_match_the_parser_and_the_schema) {
    static const struct {
        const char *heading, *def, *sub, *bad_scenario; /* def NULL: the top level; "*" ends a prefix */
    } sections[] = {
        {"## Top level", NULL, NULL, HEAD STEP ", \"zz\": 1}"},
        {"### The topology object", "topology", NULL, HEAD TOPO ", \"zz\": 1}, " PROCS ", " STEP "}"},
        {"### Nodes", "node", NULL, HEAD "\"topology\": {\"nodes\": [{\"id\": \"h\", \"zz\": 1}]}, " PROCS ", " STEP "}"},
        {"### Kernels", "kernel", NULL,
         HEAD "\"topology\": {\"nodes\": [{\"id\": \"h\"}], \"kernels\": [{\"id\": \"K\", \"kind\": \"intime\", \"node\": \"h\", "
              "\"zz\": 1}]}, " PROCS ", " STEP "}"},
        {"### Links", "link", NULL, HEAD TOPO ", \"links\": [{\"between\": [\"h\", \"g\"], \"zz\": 1}]}, " PROCS ", " STEP "}"},
        {"## Processes", "process", NULL,
         HEAD TOPO "}, \"processes\": [{\"id\": \"w\", \"kind\": \"windows\", \"node\": \"h\", \"zz\": 1}], " STEP "}"},
        {"### Call steps", "call.*", NULL, HEAD "\"steps\": [{\"as\": \"win\", \"call\": \"GetLastError\", \"zz\": 1}]}"},
        {"### Memory steps", "read", NULL, HEAD "\"steps\": [{\"as\": \"win\", \"read\": {\"ptr\": 0, \"length\": 1}, \"zz\": 1}]}"},
        {"#### The `read` and `write` objects", "read", "read", NULL},
        {"#### Event keys", "event.*", NULL, NULL},
        {"### Expect fields", "call.*", "expect", NULL},
    };
    char *doc = read_doc();
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
        name_set in_doc, in_schema = {.count = 0}, in_parser;
        doc_section(doc, sections[i].heading, &in_doc);
        const char *def = sections[i].def;
        if (def == NULL) {
            add_props(&in_schema, schema, NULL);
        } else {
            size_t n = strlen(def);
            char prefix[64];
            snprintf(prefix, sizeof prefix, "%.*s", (int)(def[n - 1] == '*' ? n - 1 : n), def);
            if (def[n - 1] == '*') add_defs(&in_schema, prefix, sections[i].sub);
            else add_props(&in_schema, item(item(schema, "$defs"), prefix), sections[i].sub);
        }
        /* The parts that come in two kinds: memory steps are reads or writes, expect fields belong to
         * calls, reads and writes. */
        if (strcmp(sections[i].heading, "### Memory steps") == 0) add_props(&in_schema, item(item(schema, "$defs"), "write"), NULL);
        if (strcmp(sections[i].heading, "#### The `read` and `write` objects") == 0)
            add_props(&in_schema, item(item(schema, "$defs"), "write"), "write");
        if (strcmp(sections[i].heading, "### Expect fields") == 0) {
            add_props(&in_schema, item(item(schema, "$defs"), "read"), "expect");
            add_props(&in_schema, item(item(schema, "$defs"), "write"), "expect");
        }
        assert_same(&in_doc, &in_schema, sections[i].heading, "the JSON Schema");
        if (sections[i].bad_scenario) {
            parser_keys(sections[i].bad_scenario, &in_parser);
            assert_same(&in_doc, &in_parser, sections[i].heading, "the parser");
        }
    }
    free(doc);
}
END_TEST

START_TEST(doc_events_match_the_parser_and_the_schema) {
    char *doc = read_doc();
    name_set in_doc, in_schema = {.count = 0}, in_parser = {.count = 0};
    doc_section(doc, "### Events", &in_doc);
    const cJSON *d;
    cJSON_ArrayForEach(d, item(schema, "$defs")) {
        if (strncmp(d->string, "event.", 6) != 0) continue;
        const cJSON *e;
        cJSON_ArrayForEach(e, item(item(item(d, "properties"), "event"), "enum")) set_add(&in_schema, e->valuestring,
                                                                                          strlen(e->valuestring));
    }
    assert_same(&in_doc, &in_schema, "### Events", "the JSON Schema");
    /* The parser names the events it knows when it meets another. */
    const char *bad = HEAD "\"steps\": [{\"event\": \"zz\"}]}";
    conf_scenario *sc = NULL;
    char err[1024] = "";
    ck_assert_int_ne(conf_scenario_parse("doc.json", bad, strlen(bad), &sc, err, sizeof err), 0);
    const char *list = strstr(err, "(expected ");
    ck_assert_msg(list != NULL, "unexpected message: %s", err);
    for (const char *p = list + strlen("(expected ");;) {
        size_t n = strcspn(p, ", )");
        set_add(&in_parser, p, n);
        p += n;
        if (*p == ')') break;
        p += strncmp(p, " or ", 4) == 0 ? 4 : 2;
    }
    assert_same(&in_doc, &in_parser, "### Events", "the parser");
    free(doc);
}
END_TEST

START_TEST(doc_limits_are_the_constants) {
    static const struct {
        const char *name;
        unsigned long long value;
    } limits[] = {{"CONF_MAX_FILE_BYTES", CONF_MAX_FILE_BYTES},
                  {"CONF_MAX_STEPS", CONF_MAX_STEPS},
                  {"CONF_MAX_ID_CHARS", CONF_MAX_ID_CHARS},
                  {"CONF_MAX_TITLE_BYTES", CONF_MAX_TITLE_BYTES},
                  {"CONF_MAX_STRING_BYTES", CONF_MAX_STRING_BYTES},
                  {"CONF_MAX_VARS", CONF_MAX_VARS},
                  {"CONF_MAX_LIST", CONF_MAX_LIST},
                  {"CONF_MAX_STATUSES", CONF_MAX_STATUSES},
                  {"CONF_MAX_ACCESS_BYTES", CONF_MAX_ACCESS_BYTES},
                  {"CONF_MAX_NESTING", CONF_MAX_NESTING},
                  {"CONF_MAX_FILES", CONF_MAX_FILES},
                  {"CONF_MAX_DEPTH", CONF_MAX_DEPTH}};
    char *doc = read_doc();
    int rows = 0;
    for (const char *p = strstr(doc, "\n## Limits\n"); p && strncmp(p + 1, "## Large", 8) != 0; p = strchr(p + 1, '\n')) {
        char label[128], constant[64];
        unsigned long long value;
        if (sscanf(p + 1, "| %127[^|]| %llu | `%63[A-Z_]` |", label, &value, constant) != 3) continue;
        bool known = false;
        for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
            if (strcmp(limits[i].name, constant) != 0) continue;
            ck_assert_msg(value == limits[i].value, "%s: %s is %llu in the document, %llu in the code", FORMAT_DOC,
                          constant, value, limits[i].value);
            known = true;
        }
        ck_assert_msg(known, "%s names an unknown constant %s", FORMAT_DOC, constant);
        rows++;
    }
    ck_assert_int_eq(rows, (int)(sizeof limits / sizeof limits[0]));
    free(doc);
}
END_TEST

START_TEST(doc_example_parses_with_a_topology_and_every_event) {
    char *doc = read_doc();
    char *start = strstr(doc, "```json\n");
    ck_assert_ptr_nonnull(start);
    start += strlen("```json\n");
    char *end = strstr(start, "```");
    ck_assert_ptr_nonnull(end);
    conf_scenario *sc = NULL;
    char err[1024] = "";
    ck_assert_msg(conf_scenario_parse("example.json", start, (size_t)(end - start), &sc, err, sizeof err) == 0,
                  "the example of %s is rejected: %s", FORMAT_DOC, err);
    ck_assert_int_eq(sc->node_count, 2);
    ck_assert_int_eq(sc->kernel_count, 2);
    bool seen[CONF_EVENT_LINK_UP + 1] = {false};
    bool read = false, write = false;
    for (int i = 0; i < sc->step_count; i++) {
        if (sc->steps[i].kind == CONF_STEP_EVENT) seen[sc->steps[i].event] = true;
        read |= sc->steps[i].kind == CONF_STEP_READ;
        write |= sc->steps[i].kind == CONF_STEP_WRITE;
    }
    for (int e = 0; e <= CONF_EVENT_LINK_UP; e++) ck_assert_msg(seen[e], "the example has no event of kind %d", e);
    ck_assert(read && write);
    conf_scenario_free(sc);
    free(doc);
}
END_TEST

static void load_schema(void) {
    char *text = conf_scenario_schema();
    ck_assert_ptr_nonnull(text);
    schema = cJSON_Parse(text);
    free(text);
    ck_assert_ptr_nonnull(schema);
}

static void free_schema(void) {
    cJSON_Delete(schema);
    schema = NULL;
}

Suite *format_doc_suite(void) {
    Suite *s = suite_create("format_doc");
    TCase *tc = tcase_create("format_doc");
    tcase_add_checked_fixture(tc, load_schema, free_schema);
    tcase_add_test(tc, doc_keys_match_the_parser_and_the_schema);
    tcase_add_test(tc, doc_events_match_the_parser_and_the_schema);
    tcase_add_test(tc, doc_limits_are_the_constants);
    tcase_add_test(tc, doc_example_parses_with_a_topology_and_every_event);
    suite_add_tcase(s, tc);
    return s;
}
