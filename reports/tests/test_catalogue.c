/* reports/tests/test_catalogue.c — `rtshm spec --format json` (report_spec_list): the earlier keys keep
 * their values, and the additions (parameter details, statuses as arrays, return type, callers, the
 * status, constant and process-kind tables) hold exactly what spec/ says. */
#include <check.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/coverage.h"
#include "spec/clauses.h"
#include "spec/functions.h"
#include "spec/status.h"

static cJSON *doc;

static void load_doc(void) {
    char *text = NULL;
    size_t len;
    FILE *mem = open_memstream(&text, &len);
    ck_assert_ptr_nonnull(mem);
    report_spec_list(mem, true);
    fclose(mem);
    doc = cJSON_Parse(text);
    free(text);
    ck_assert_ptr_nonnull(doc);
}

static void free_doc(void) {
    cJSON_Delete(doc);
    doc = NULL;
}

/* The entry of array `list` of doc whose `key` is `value`, or NULL. */
static const cJSON *entry(const char *list, const char *key, const char *value) {
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(doc, list)) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, key);
        if (cJSON_IsString(v) && strcmp(v->valuestring, value) == 0) return e;
    }
    return NULL;
}

static const cJSON *function(const char *api, const char *name) {
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(doc, "functions")) {
        if (strcmp(cJSON_GetObjectItemCaseSensitive(e, "api")->valuestring, api) == 0 &&
            strcmp(cJSON_GetObjectItemCaseSensitive(e, "name")->valuestring, name) == 0)
            return e;
    }
    ck_abort_msg("no function %s:%s", api, name);
    return NULL;
}

/* The strings of array a joined with spaces into buf. */
static const char *joined(const cJSON *a, char *buf, size_t cap) {
    const cJSON *s;
    buf[0] = '\0';
    cJSON_ArrayForEach(s, a) {
        ck_assert(cJSON_IsString(s));
        if (buf[0]) strncat(buf, " ", cap - strlen(buf) - 1);
        strncat(buf, s->valuestring, cap - strlen(buf) - 1);
    }
    return buf;
}

static const char *str(const cJSON *obj, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    ck_assert_msg(cJSON_IsString(v), "no string %s", key);
    return v->valuestring;
}

/* The earlier keys are there with their earlier values: clauses, and per function its names of
 * parameters and the space-separated status strings. */
START_TEST(earlier_keys_keep_their_meaning) {
    int clause_count, fn_count;
    spec_clause_table(&clause_count);
    spec_function_table(&fn_count);
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "clauses")), clause_count);
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "functions")), fn_count);
    const cJSON *c = entry("clauses", "id", "IWIN32.CREATE.EXISTS");
    ck_assert_ptr_nonnull(c);
    ck_assert_str_eq(str(c, "level"), "strict");
    const cJSON *f = function("iwin32", "RtCreateSharedMemory");
    char buf[512];
    ck_assert_str_eq(joined(cJSON_GetObjectItemCaseSensitive(f, "parameters"), buf, sizeof buf),
                     "flProtect MaximumSizeHigh MaximumSizeLow lpName location");
    ck_assert_str_eq(str(f, "documented_statuses"), "ERROR_SUCCESS ERROR_ALREADY_EXISTS ERROR_INVALID_HANDLE");
    ck_assert_str_eq(str(f, "status_family"), "win32");
    ck_assert_str_eq(str(f, "clause"), "IWIN32.CREATE.OK");
}
END_TEST

/* Each parameter's type, direction, required, nullable, default and description, as functions.def
 * has them for RtCreateSharedMemory (DEF, DEF, REQ, NUL, OUT). */
START_TEST(parameter_details_of_rt_create_shared_memory) {
    const cJSON *f = function("iwin32", "RtCreateSharedMemory");
    ck_assert_str_eq(str(f, "returns"), "HANDLE");
    char buf[512];
    ck_assert_str_eq(joined(cJSON_GetObjectItemCaseSensitive(f, "callers"), buf, sizeof buf), "windows rt.intime");
    const cJSON *details = cJSON_GetObjectItemCaseSensitive(f, "parameter_details");
    ck_assert_int_eq(cJSON_GetArraySize(details), 5);
    static const struct {
        const char *name, *type, *direction;
        bool required, nullable;
        int default_kind; /* 0 none, 1 number, 2 null */
        double default_value;
        const char *description;
    } want[] = {
        {"flProtect", "DWORD", "in", false, false, 1, 4, "ignored (IWIN32.CREATE.FLPROTECT_IGNORED)"},
        {"MaximumSizeHigh", "DWORD", "in", false, false, 1, 0, "must be zero"},
        {"MaximumSizeLow", "DWORD", "in", true, false, 0, 0, "bytes to allocate; ignored for an existing object"},
        {"lpName", "STRING", "in", false, true, 2, 0,
         "object name, at most MAX_PATH characters, no backslash; NULL = unnamed"},
        {"location", "OUT_PTR", "out", false, true, 0, 0, "receives the view's address"},
    };
    for (int i = 0; i < 5; i++) {
        const cJSON *p = cJSON_GetArrayItem(details, i);
        ck_assert_str_eq(str(p, "name"), want[i].name);
        ck_assert_str_eq(str(p, "type"), want[i].type);
        ck_assert_str_eq(str(p, "direction"), want[i].direction);
        ck_assert_str_eq(str(p, "description"), want[i].description);
        ck_assert_int_eq(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, "required")), want[i].required);
        ck_assert_int_eq(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, "nullable")), want[i].nullable);
        const cJSON *d = cJSON_GetObjectItemCaseSensitive(p, "default");
        if (want[i].default_kind == 0) ck_assert_msg(d == NULL, "%s has a default", want[i].name);
        else if (want[i].default_kind == 2) ck_assert(cJSON_IsNull(d));
        else ck_assert_double_eq(d->valuedouble, want[i].default_value);
    }
}
END_TEST

/* "statuses" holds the documented and model statuses as arrays, equal to the strings word for word;
 * a function without model statuses has an empty array. */
START_TEST(statuses_as_arrays) {
    char buf[512];
    const cJSON *f = function("ntx", "ntxMapRtSharedMemory");
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(f, "statuses");
    ck_assert_str_eq(joined(cJSON_GetObjectItemCaseSensitive(st, "documented"), buf, sizeof buf),
                     "E_OK E_TYPE E_ALIGNMENT E_LOCATION E_STATE E_NTX_INTERNAL_ERROR");
    ck_assert_str_eq(joined(cJSON_GetObjectItemCaseSensitive(st, "model"), buf, sizeof buf), "E_VMEM E_EXIST");
    ck_assert_str_eq(str(f, "returns"), "PTR");
    const cJSON *unmap = function("ntx", "ntxUnmapRtSharedMemory");
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(unmap, "statuses"),
                                                                         "model")),
                     0);
    /* every function: the arrays are the strings split */
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(doc, "functions")) {
        const cJSON *s = cJSON_GetObjectItemCaseSensitive(e, "statuses");
        ck_assert_str_eq(joined(cJSON_GetObjectItemCaseSensitive(s, "documented"), buf, sizeof buf),
                         str(e, "documented_statuses"));
    }
}
END_TEST

/* The status, constant and process-kind tables. */
START_TEST(status_constant_and_process_kind_tables) {
    int count;
    spec_status_table(&count);
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "statuses")), count);
    const cJSON *s = entry("statuses", "name", "ERROR_ALREADY_EXISTS");
    ck_assert_ptr_nonnull(s);
    ck_assert_str_eq(str(s, "family"), "win32");
    ck_assert_int_eq(cJSON_GetObjectItemCaseSensitive(s, "value")->valueint, 183);
    ck_assert_str_eq(str(s, "success"), "success_info");
    ck_assert_str_eq(str(entry("statuses", "name", "E_TYPE"), "success"), "failure");

    const cJSON *k = entry("constants", "name", "PAGE_READWRITE");
    ck_assert_ptr_nonnull(k);
    ck_assert_int_eq(cJSON_GetObjectItemCaseSensitive(k, "value")->valueint, 4);
    /* NTX.LOCATION.VALUES: 0xFFFFFFFFFFFFFFFF, written exactly (a double would round it) */
    ck_assert_double_eq(cJSON_GetObjectItemCaseSensitive(entry("constants", "name", "NTX_BAD_NTXHANDLE"), "value")->valuedouble,
                        18446744073709551615.0);
    char *text = NULL;
    size_t len;
    FILE *mem = open_memstream(&text, &len);
    ck_assert_ptr_nonnull(mem);
    report_spec_list(mem, true);
    fclose(mem);
    ck_assert_ptr_nonnull(strstr(text, "{\"name\":\"NTX_BAD_NTXHANDLE\",\"value\":18446744073709551615}"));
    ck_assert_ptr_nonnull(strstr(text, "{\"name\":\"NTX_UNDEFINED_LOCATION\",\"value\":18446744073709551615}"));
    ck_assert_ptr_nonnull(strstr(text, "{\"name\":\"PAGE_SIZE\",\"value\":4096}"));
    free(text);
    static const char *const constant_names[] = {
#define SPEC_CONST(name, value) #name,
#include "spec/constants.def"
#undef SPEC_CONST
    };
    int constant_count = (int)(sizeof constant_names / sizeof constant_names[0]);
    ck_assert_int_ge(constant_count, 15);
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "constants")), constant_count);
    for (int i = 0; i < constant_count; i++) ck_assert_ptr_nonnull(entry("constants", "name", constant_names[i]));

    char buf[256];
    const cJSON *kinds = cJSON_GetObjectItemCaseSensitive(doc, "process_kinds");
    ck_assert_int_eq(cJSON_GetArraySize(kinds), 3);
    ck_assert_str_eq(joined(cJSON_GetObjectItemCaseSensitive(entry("process_kinds", "kind", "rt"), "callers"), buf,
                            sizeof buf),
                     "rt.intime rt.rtx64");
    ck_assert_str_eq(joined(cJSON_GetObjectItemCaseSensitive(entry("process_kinds", "kind", "driver"), "callers"), buf,
                            sizeof buf),
                     "driver");
    ck_assert_ptr_nonnull(entry("process_kinds", "kind", "windows"));
}
END_TEST

int main(void) {
    Suite *s = suite_create("catalogue");
    TCase *tc = tcase_create("json");
    tcase_add_checked_fixture(tc, load_doc, free_doc);
    tcase_add_test(tc, earlier_keys_keep_their_meaning);
    tcase_add_test(tc, parameter_details_of_rt_create_shared_memory);
    tcase_add_test(tc, statuses_as_arrays);
    tcase_add_test(tc, status_constant_and_process_kind_tables);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
