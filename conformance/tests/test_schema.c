/* conformance/tests/test_schema.c — the scenario JSON Schema (conf/schema.h).
 *
 * Facts of the generated schema asserted against the spec tables (one call definition per function
 * row, args exactly the row's parameters, statuses of the row's family, every clause ID of spec/), the schema
 * checked by the small checker of schema_check.c: every corpus scenario passes it, and scenarios the
 * parser rejects for a structural reason (an unknown argument, a status of another family, an unknown
 * constant, a missing key) fail it. Also: the committed copy conformance/rtshm-scenario.schema.json is
 * current, and a top-level "$schema" string is accepted and ignored (parser and schema alike). The same
 * corpus is checked against the committed file by an independent validator in scripts/schema-validate.py. */
#include <check.h>
#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli_harness.h"
#include "conf/scenario.h"
#include "conf/schema.h"
#include "schema_check.h"
#include "spec/clause_ids.h"
#include "spec/functions.h"
#include "suites.h"

static cJSON *schema;

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

static const cJSON *def(const char *name) {
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(schema, "$defs"), name);
    ck_assert_msg(d != NULL, "no definition %s", name);
    return d;
}

/* obj.properties.key */
static const cJSON *prop(const cJSON *obj, const char *key) {
    return cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(obj, "properties"), key);
}

/* The keys of obj, space-separated, into buf. */
static const char *keys_of(const cJSON *obj, char *buf, size_t cap) {
    const cJSON *m;
    buf[0] = '\0';
    cJSON_ArrayForEach(m, obj) {
        if (buf[0]) strncat(buf, " ", cap - strlen(buf) - 1);
        strncat(buf, m->string, cap - strlen(buf) - 1);
    }
    return buf;
}

static bool valid(const char *json_text, char *why, size_t cap) {
    cJSON *doc = cJSON_Parse(json_text);
    ck_assert_msg(doc != NULL, "test scenario is not JSON: %s", json_text);
    bool ok = schema_check(schema, doc, why, cap);
    cJSON_Delete(doc);
    return ok;
}

START_TEST(schema_is_json_draft_2020_12_and_deterministic) {
    char *a = conf_scenario_schema(), *b = conf_scenario_schema();
    ck_assert_ptr_nonnull(a);
    ck_assert_str_eq(a, b);
    free(a);
    free(b);
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(schema, "$schema")->valuestring,
                     "https://json-schema.org/draft/2020-12/schema");
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(schema, "title")->valuestring, "rtshm-scenario/1");
    const cJSON *format = prop(schema, "format");
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(format, "const")->valuestring, "rtshm-scenario/1");
    ck_assert(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(schema, "additionalProperties")));
}
END_TEST

START_TEST(schema_clause_enum_is_the_catalogue) {
    const cJSON *ids = cJSON_GetObjectItemCaseSensitive(def("clause"), "enum");
    ck_assert_int_ge(cJSON_GetArraySize(ids), 125); /* the catalogue grows; the next line pins it to spec/ */
    ck_assert_int_eq(cJSON_GetArraySize(ids), SPEC_CLAUSE_ID_COUNT);
    bool found = false;
    const cJSON *id;
    cJSON_ArrayForEach(id, ids) found |= strcmp(id->valuestring, CL_IWIN32_CREATE_OK) == 0;
    ck_assert(found);
}
END_TEST

START_TEST(schema_has_one_call_definition_per_row) {
    int count = 0;
    const spec_function *fns = spec_function_table(&count);
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(def("call"), "anyOf")), count);
    for (int i = 0; i < count; i++) {
        char name[128], qualified[128], expected[512] = "", got[512];
        snprintf(name, sizeof name, "call.%s.%s", spec_api_name(fns[i].api), fns[i].name);
        snprintf(qualified, sizeof qualified, "%s:%s", spec_api_name(fns[i].api), fns[i].name);
        const cJSON *d = def(name);
        const cJSON *calls = cJSON_GetObjectItemCaseSensitive(prop(d, "call"), "enum");
        ck_assert_int_eq(cJSON_GetArraySize(calls), 2);
        ck_assert_str_eq(cJSON_GetArrayItem(calls, 0)->valuestring, qualified);
        ck_assert_str_eq(cJSON_GetArrayItem(calls, 1)->valuestring, fns[i].name);
        for (int p = 0; p < fns[i].param_count; p++) {
            if (p) strcat(expected, " ");
            strcat(expected, fns[i].params[p].name);
        }
        ck_assert_str_eq(keys_of(cJSON_GetObjectItemCaseSensitive(prop(d, "args"), "properties"), got, sizeof got), expected);
        ck_assert(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(prop(d, "args"), "additionalProperties")));
    }
}
END_TEST

START_TEST(schema_rtk_open_args_are_its_six_parameters) {
    char got[256];
    const cJSON *d = def("call.rtk.RtkOpenSharedMemory");
    const cJSON *args = prop(d, "args");
    ck_assert_str_eq(keys_of(cJSON_GetObjectItemCaseSensitive(args, "properties"), got, sizeof got),
                     "RtssInst SharedMemoryHandle DesiredAccess InheritHandle Name location");
    const cJSON *req = cJSON_GetObjectItemCaseSensitive(args, "required");
    ck_assert_int_eq(cJSON_GetArraySize(req), 2);
    ck_assert_str_eq(cJSON_GetArrayItem(req, 0)->valuestring, "RtssInst");
    ck_assert_str_eq(cJSON_GetArrayItem(req, 1)->valuestring, "DesiredAccess");
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(prop(args, "Name"), "$ref")->valuestring, "#/$defs/arg.STRING");
    ck_assert(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(prop(args, "Name"), "default")));
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(prop(args, "location"), "$ref")->valuestring, "#/$defs/arg.OUT_PTR");
    /* Rtk calls report an NTSTATUS: no last_error; their outputs can be bound. */
    const cJSON *expect = prop(d, "expect");
    ck_assert_str_eq(keys_of(cJSON_GetObjectItemCaseSensitive(expect, "properties"), got, sizeof got), "return status");
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(prop(expect, "status"), "$ref")->valuestring,
                     "#/$defs/statuses.ntstatus");
    ck_assert_str_eq(keys_of(cJSON_GetObjectItemCaseSensitive(prop(d, "out"), "properties"), got, sizeof got),
                     "return SharedMemoryHandle location");
}
END_TEST

START_TEST(schema_defaults_and_void_returns) {
    char got[256];
    const cJSON *create = prop(def("call.iwin32.RtCreateSharedMemory"), "args");
    ck_assert_int_eq((int)cJSON_GetObjectItemCaseSensitive(prop(create, "flProtect"), "default")->valuedouble, 4);
    const cJSON *req = cJSON_GetObjectItemCaseSensitive(create, "required");
    ck_assert_int_eq(cJSON_GetArraySize(req), 1);
    ck_assert_str_eq(cJSON_GetArrayItem(req, 0)->valuestring, "MaximumSizeLow");
    ck_assert_ptr_null(cJSON_GetObjectItemCaseSensitive(prop(create, "MaximumSizeLow"), "default"));
    const cJSON *set = def("call.rtx64.SetLastError");
    ck_assert_str_eq(keys_of(cJSON_GetObjectItemCaseSensitive(prop(set, "expect"), "properties"), got, sizeof got),
                     "status last_error");
    ck_assert_str_eq(keys_of(cJSON_GetObjectItemCaseSensitive(prop(set, "out"), "properties"), got, sizeof got), "");
    ck_assert_str_eq(keys_of(cJSON_GetObjectItemCaseSensitive(prop(def("call.iwin32.GetLastError"), "args"), "properties"),
                             got, sizeof got),
                     "");
}
END_TEST

/* True when status enum `family_def` lists `status`. */
static bool status_listed(const char *family_def, const char *status) {
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(def(family_def), "enum"))
        if (strcmp(e->valuestring, status) == 0) return true;
    return false;
}

START_TEST(schema_ntx_status_is_the_intime_family) {
    const cJSON *expect = prop(def("call.ntx.ntxMapRtSharedMemory"), "expect");
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(prop(expect, "status"), "$ref")->valuestring,
                     "#/$defs/statuses.intime");
    ck_assert(status_listed("status.intime", "E_LOCATION"));
    ck_assert(status_listed("status.intime", "E_OK"));
    ck_assert(!status_listed("status.intime", "ERROR_SUCCESS"));
    ck_assert(status_listed("status.win32", "ERROR_ALREADY_EXISTS"));
    ck_assert(!status_listed("status.win32", "E_OK"));
    char why[512];
    cJSON *loc = cJSON_CreateString("E_LOCATION"), *win = cJSON_CreateString("ERROR_SUCCESS");
    cJSON *list = cJSON_Parse("[\"E_OK\", \"E_LOCATION\"]"), *empty = cJSON_Parse("[]");
    ck_assert(schema_check_def(schema, "statuses.intime", loc, why, sizeof why));
    ck_assert(schema_check_def(schema, "statuses.intime", list, why, sizeof why));
    ck_assert(!schema_check_def(schema, "statuses.intime", win, why, sizeof why));
    ck_assert(!schema_check_def(schema, "statuses.intime", empty, why, sizeof why));
    cJSON_Delete(loc);
    cJSON_Delete(win);
    cJSON_Delete(list);
    cJSON_Delete(empty);
}
END_TEST

/* Values of def: each of `good` passes, each of `bad` fails (JSON texts). */
static void assert_values(const char *def_name, const char *const *good, const char *const *bad) {
    char why[512];
    for (const char *const *g = good; *g; g++) {
        cJSON *v = cJSON_Parse(*g);
        ck_assert_msg(schema_check_def(schema, def_name, v, why, sizeof why), "%s refused %s: %s", def_name, *g, why);
        cJSON_Delete(v);
    }
    for (const char *const *b = bad; *b; b++) {
        cJSON *v = cJSON_Parse(*b);
        ck_assert_msg(!schema_check_def(schema, def_name, v, why, sizeof why), "%s accepted %s", def_name, *b);
        cJSON_Delete(v);
    }
}

START_TEST(schema_argument_values_follow_the_parser) {
    static const char *const dword_ok[] = {"0", "4294967295", "\"0xFFFFFFFF\"", "\"0x0000000000000001\"",
                                           "\"PAGE_READWRITE\"", "\"NTX_MAP_WRITE|NTX_MAP_UNALIGNED\"",
                                           "\" NTX_MAP_WRITE | NTX_MAP_UNALIGNED \"", "\"ERROR_ACCESS_DENIED\"",
                                           "\"$size\"", NULL};
    static const char *const dword_bad[] = {"-1", "4294967296", "1.5", "\"0x100000000\"", "\"PAGE_READWRIT\"",
                                            "\"PAGE_READWRITE|\"", "\"\"", "null", "true", NULL};
    assert_values("arg.DWORD", dword_ok, dword_bad);
    static const char *const long_ok[] = {"-2147483648", "2147483647", "\"$n\"", NULL};
    static const char *const long_bad[] = {"2147483648", "\"5\"", NULL};
    assert_values("arg.LONG", long_ok, long_bad);
    static const char *const bool_ok[] = {"true", "\"FALSE\"", "0", "1", NULL};
    static const char *const bool_bad[] = {"2", "\"true\"", "null", NULL};
    assert_values("arg.BOOL", bool_ok, bool_bad);
    static const char *const string_ok[] = {"\"Buf\"", "null", "\"$$dollar\"", "\"\"", NULL};
    static const char *const string_bad[] = {"\"$var\"", "\"$\"", "5", NULL};
    assert_values("arg.STRING", string_ok, string_bad);
    static const char *const handle_ok[] = {"null", "\"$h\"", "9007199254740991", "\"0x1FFFFFFFFFFFFF\"",
                                            "\"NTX_UNDEFINED_LOCATION\"", "\"NTX_BAD_NTXHANDLE\"", NULL};
    static const char *const handle_bad[] = {"9007199254740992", "\"0x20000000000000\"", "\"h\"",
                                             "\"0xFFFFFFFFFFFFFFFF\"", "\"NTX_NOWHERE\"", NULL};
    assert_values("arg.HANDLE", handle_ok, handle_bad);
    static const char *const out_ok[] = {"null", NULL};
    static const char *const out_bad[] = {"0", "\"$p\"", NULL};
    assert_values("arg.OUT_PTR", out_ok, out_bad);
    static const char *const ret_ok[] = {"\"non-null\"", "null", "\"NTX_BAD_NTXHANDLE\"", "\"!$h\"", "\"0x10\"", NULL};
    static const char *const ret_bad[] = {"true", "\"maybe\"", NULL};
    assert_values("return.HANDLE", ret_ok, ret_bad);
    static const char *const offset_ok[] = {"281474976710656", "\"0x1000000000000\"", "\"0xFFFFFFFFFFFF\"", NULL};
    static const char *const offset_bad[] = {"281474976710657", "\"0x1000000000001\"", NULL};
    assert_values("offset", offset_ok, offset_bad);
}
END_TEST

#define HEAD "{\"format\": \"rtshm-scenario/1\", \"id\": \"s\", \"title\": \"t\", "

START_TEST(schema_refuses_what_the_parser_refuses_for_structure) {
    static const struct {
        const char *text, *why_has;
    } bad[] = {
        {HEAD "\"steps\": [{\"as\": \"rt\", \"call\": \"RtCreateSharedMemory\", \"args\": {\"MaximumSizeLow\": 1, "
              "\"flProtectX\": 4}}]}", "none of the alternatives"},
        {HEAD "\"steps\": [{\"as\": \"win\", \"call\": \"ntxGetLastRtError\", \"expect\": {\"status\": \"ERROR_SUCCESS\"}}]}",
         "none of the alternatives"},
        {HEAD "\"steps\": [{\"as\": \"drv\", \"call\": \"RtkRtssDetach\", \"args\": {\"RtssInst\": 1}, "
              "\"expect\": {\"last_error\": \"STATUS_SUCCESS\"}}]}", "none of the alternatives"},
        {HEAD "\"steps\": [{\"as\": \"rt\", \"call\": \"RtCreateSharedMemory\"}]}", "none of the alternatives"},
        {"{\"format\": \"rtshm-scenario/1\", \"id\": \"s\", \"steps\": [{\"event\": \"process.exit\", \"process\": \"rt\"}]}",
         "misses title"},
        {HEAD "\"extra\": 1, \"steps\": [{\"event\": \"process.exit\", \"process\": \"rt\"}]}", ".extra"},
        {HEAD "\"clauses\": [\"NO.SUCH.CLAUSE\"], \"steps\": [{\"event\": \"process.exit\", \"process\": \"rt\"}]}",
         "clauses[0]"},
        {HEAD "\"topology\": {\"nodes\": [{\"id\": \"n\"}], \"kernels\": [{\"id\": \"K\", \"kind\": \"intime\", \"node\": \"n\"}]},"
              " \"steps\": [{\"event\": \"process.exit\", \"process\": \"rt\"}]}", "misses processes"},
        {HEAD "\"steps\": []}", "too few items"},
        {HEAD "\"steps\": [{\"as\": \"rt\", \"read\": {\"ptr\": \"$p\", \"length\": 4}, \"expect\": {\"data\": \"CAFEBABE\"}}]}",
         "none of the alternatives"},
    };
    char why[512];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_msg(!valid(bad[i].text, why, sizeof why), "accepted: %s", bad[i].text);
        ck_assert_msg(strstr(why, bad[i].why_has) != NULL, "case %zu: '%s' lacks '%s'", i, why, bad[i].why_has);
    }
    ck_assert_msg(valid(HEAD "\"steps\": [{\"as\": \"rt\", \"call\": \"iwin32:RtCreateSharedMemory\", \"args\": "
                              "{\"MaximumSizeLow\": \"4K\"}}]}", why, sizeof why) == false,
                  "a DWORD is no size");
    ck_assert_msg(valid(HEAD "\"steps\": [{\"as\": \"rt\", \"call\": \"iwin32:RtCreateSharedMemory\", \"args\": "
                              "{\"MaximumSizeLow\": 4096, \"lpName\": \"Buf\"}, \"out\": {\"return\": \"h\", "
                              "\"location\": \"p\"}, \"expect\": {\"return\": \"non-null\", \"status\": "
                              "[\"ERROR_SUCCESS\", \"ERROR_ALREADY_EXISTS\"]}}]}", why, sizeof why),
                  "%s", why);
}
END_TEST

/* Checks every *.json below dir against the schema, and the args of each call step against the
 * properties of the call definitions that name its function. */
static void check_corpus_dir(const char *dir, int *files) {
    DIR *d = opendir(dir);
    ck_assert_msg(d != NULL, "cannot open %s", dir);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        ck_assert(stat(path, &st) == 0);
        if (S_ISDIR(st.st_mode)) {
            check_corpus_dir(path, files);
            continue;
        }
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 5, ".json") != 0) continue;
        FILE *f = fopen(path, "rb");
        ck_assert_ptr_nonnull(f);
        static char text[1 << 20];
        size_t len = fread(text, 1, sizeof text - 1, f);
        fclose(f);
        text[len] = '\0';
        cJSON *doc = cJSON_Parse(text);
        ck_assert_msg(doc != NULL, "%s is not JSON", path);
        char why[512];
        ck_assert_msg(schema_check(schema, doc, why, sizeof why), "%s: %s", path, why);
        const cJSON *step;
        cJSON_ArrayForEach(step, cJSON_GetObjectItemCaseSensitive(doc, "steps")) {
            const cJSON *call = cJSON_GetObjectItemCaseSensitive(step, "call");
            if (call == NULL) continue;
            /* Some call definition names this function and lists every argument the step gives. */
            bool matched = false;
            const cJSON *ref;
            cJSON_ArrayForEach(ref, cJSON_GetObjectItemCaseSensitive(def("call"), "anyOf")) {
                const cJSON *cd = def(cJSON_GetObjectItemCaseSensitive(ref, "$ref")->valuestring + strlen("#/$defs/"));
                const cJSON *names = cJSON_GetObjectItemCaseSensitive(prop(cd, "call"), "enum"), *nm;
                bool named = false;
                cJSON_ArrayForEach(nm, names) named |= strcmp(nm->valuestring, call->valuestring) == 0;
                if (!named) continue;
                const cJSON *params = cJSON_GetObjectItemCaseSensitive(prop(cd, "args"), "properties"), *arg;
                bool all = true;
                cJSON_ArrayForEach(arg, cJSON_GetObjectItemCaseSensitive(step, "args"))
                    all &= cJSON_GetObjectItemCaseSensitive(params, arg->string) != NULL;
                matched |= all;
            }
            ck_assert_msg(matched, "%s: no call definition of %s takes its args", path, call->valuestring);
        }
        cJSON_Delete(doc);
        (*files)++;
    }
    closedir(d);
}

START_TEST(schema_accepts_every_corpus_scenario) {
    int files = 0;
    check_corpus_dir(RTSHM_SOURCE_DIR "/conformance/scenarios", &files);
    ck_assert_int_ge(files, 156);
}
END_TEST

/* `rtshm spec --format schema` prints exactly conf_scenario_schema() and a newline; with --coverage it is
 * a usage error (exit 2, the exact message). */
START_TEST(schema_printed_by_the_cli) {
    static char out[1 << 20], err[4096];
    char *text = conf_scenario_schema();
    ck_assert_ptr_nonnull(text);
    ck_assert_uint_lt(strlen(text) + 1, sizeof out);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "spec", "--format", "schema", NULL), 0);
    ck_assert_uint_eq(strlen(out), strlen(text) + 1);
    ck_assert_int_eq(strncmp(out, text, strlen(text)), 0);
    ck_assert_int_eq(out[strlen(text)], '\n');
    free(text);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "spec", "--format", "schema", "--coverage", "x.sqlite",
                                NULL), 2);
    ck_assert_str_eq(out, "");
    ck_assert_str_eq(err, "rtshm: --format schema takes no --coverage or --run\n(run 'rtshm --help' for usage)\n");
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "spec", "--format", "yaml", NULL), 2);
    ck_assert_str_eq(err, "rtshm: --format is text, json or schema, not 'yaml'\n(run 'rtshm --help' for usage)\n");
}
END_TEST

/* The committed schema (conformance/rtshm-scenario.schema.json, the one installed and the one editors
 * point "$schema" at) is byte for byte what the generator prints: `rtshm spec --format schema`. */
START_TEST(schema_committed_file_is_current) {
    static char committed[1 << 20];
    FILE *f = fopen(RTSHM_SOURCE_DIR "/conformance/rtshm-scenario.schema.json", "rb");
    ck_assert_msg(f != NULL, "conformance/rtshm-scenario.schema.json is missing");
    size_t len = fread(committed, 1, sizeof committed - 1, f);
    fclose(f);
    committed[len] = '\0';
    char *text = conf_scenario_schema();
    ck_assert_ptr_nonnull(text);
    size_t n = strlen(text);
    bool current = len == n + 1 && memcmp(committed, text, n) == 0 && committed[n] == '\n';
    free(text);
    ck_assert_msg(current, "conformance/rtshm-scenario.schema.json is stale: regenerate it with "
                           "`build/rtshm spec --format schema > conformance/rtshm-scenario.schema.json`");
}
END_TEST

/* Parses text (a scenario) into *sc; returns the parser's exit (0 or -1), the message in err. */
static int parse_text(const char *text, conf_scenario **sc, char *err, size_t cap) {
    err[0] = '\0';
    return conf_scenario_parse("t.json", text, strlen(text), sc, err, cap);
}

/* A top-level "$schema" string is accepted and ignored by the parser (the scenario is the same as
 * without it) and allowed by the schema; any other value is an input error located at the value,
 * and refused by the schema too. */
START_TEST(schema_key_accepted_and_ignored) {
    static const char body[] = "\"format\": \"rtshm-scenario/1\", \"id\": \"s\", \"title\": \"T\", "
                               "\"steps\": [{\"as\": \"rt\", \"call\": \"GetLastError\", \"expect\": {\"return\": 0}}]}";
    char with[512], without[512], err[512], why[512];
    snprintf(with, sizeof with, "{\"$schema\": \"https://example.org/rtshm-scenario.schema.json\", %s", body);
    snprintf(without, sizeof without, "{%s", body);
    conf_scenario *a = NULL, *b = NULL;
    ck_assert_msg(parse_text(with, &a, err, sizeof err) == 0, "%s", err);
    ck_assert_msg(parse_text(without, &b, err, sizeof err) == 0, "%s", err);
    ck_assert_str_eq(a->id, "s");
    ck_assert_int_eq(a->step_count, 1);
    ck_assert_int_eq(a->step_count, b->step_count);
    ck_assert_int_eq(a->var_count, b->var_count);
    ck_assert_int_eq(a->process_count, b->process_count);
    conf_scenario_free(a);
    conf_scenario_free(b);
    ck_assert_msg(valid(with, why, sizeof why), "%s", why);

    static const char *const not_strings[] = {"5", "null", "[\"x\"]", "{}", "true"};
    for (size_t i = 0; i < sizeof not_strings / sizeof not_strings[0]; i++) {
        snprintf(with, sizeof with, "{\"$schema\": %s, %s", not_strings[i], body);
        conf_scenario *sc = (conf_scenario *)1;
        ck_assert_int_eq(parse_text(with, &sc, err, sizeof err), -1);
        ck_assert_ptr_null(sc);
        ck_assert_str_eq(err, "t.json:1:13: $schema: expected a string");
        ck_assert_msg(!valid(with, why, sizeof why), "the schema accepted \"$schema\": %s", not_strings[i]);
    }
    const cJSON *key = prop(schema, "$schema");
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(key, "type")->valuestring, "string");
}
END_TEST

Suite *schema_suite(void) {
    Suite *s = suite_create("schema");
    TCase *tc = tcase_create("schema");
    tcase_add_checked_fixture(tc, load_schema, free_schema);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, schema_is_json_draft_2020_12_and_deterministic);
    tcase_add_test(tc, schema_clause_enum_is_the_catalogue);
    tcase_add_test(tc, schema_has_one_call_definition_per_row);
    tcase_add_test(tc, schema_rtk_open_args_are_its_six_parameters);
    tcase_add_test(tc, schema_defaults_and_void_returns);
    tcase_add_test(tc, schema_ntx_status_is_the_intime_family);
    tcase_add_test(tc, schema_argument_values_follow_the_parser);
    tcase_add_test(tc, schema_refuses_what_the_parser_refuses_for_structure);
    tcase_add_test(tc, schema_accepts_every_corpus_scenario);
    tcase_add_test(tc, schema_printed_by_the_cli);
    tcase_add_test(tc, schema_committed_file_is_current);
    tcase_add_test(tc, schema_key_accepted_and_ignored);
    suite_add_tcase(s, tc);
    return s;
}
