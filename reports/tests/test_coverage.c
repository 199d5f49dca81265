/* reports/tests/test_coverage.c — `rtshm spec --coverage` on a small crafted trace: exact lines for a
 * covered clause, an uncovered one, a documented status never produced, and the summary. */
#include <check.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reports/coverage.h"
#include "spec/clauses.h"
#include "spec/functions.h"
#include "traces/trace.h"
#include "../../traces/tests/test_tmp.h"

static char db_path[256];

/* A trace with one run of 'reference': scenario a cites IWIN32.CREATE.EXISTS and passes with a step
 * decided by it (ERROR_ALREADY_EXISTS); scenario b cites IWIN32.CREATE.OK and fails. */
static void make_trace(void) {
    test_tmp_file(db_path, sizeof db_path, "coverage");
    test_tmp_remove(db_path);
    trace_db *t;
    char err[256];
    ck_assert_int_eq(trace_open(db_path, &t, err, sizeof err), 0);
    int64_t run;
    ck_assert_int_eq(trace_run_begin(t, "v", "reference", 1, "[]", "x", &run), 0);
    const char *a_clauses[] = {"IWIN32.CREATE.EXISTS"};
    ck_assert_int_eq(trace_scenario_begin(t, run), 0);
    trace_step_row r = {.scenario = "a", .seq = 0, .kind = "call", .api = "iwin32", .function = "RtCreateSharedMemory",
                        .status = "ERROR_ALREADY_EXISTS", .verdict = "PASS", .clause = "IWIN32.CREATE.EXISTS"};
    ck_assert_int_eq(trace_step(t, &r), 0);
    trace_scenario_row sa = {"a", "a.json", "00", "PASS", NULL, 1, a_clauses, 1};
    ck_assert_int_eq(trace_scenario_commit(t, &sa), 0);
    const char *b_clauses[] = {"IWIN32.CREATE.OK"};
    ck_assert_int_eq(trace_scenario_begin(t, run), 0);
    trace_step_row r2 = {.scenario = "b", .seq = 0, .kind = "call", .api = "iwin32", .function = "RtCreateSharedMemory",
                         .status = "ERROR_SUCCESS", .verdict = "FAIL", .clause = "IWIN32.CREATE.OK"};
    ck_assert_int_eq(trace_step(t, &r2), 0);
    trace_scenario_row sb = {"b", "b.json", "11", "FAIL", "step 0", 1, b_clauses, 1};
    ck_assert_int_eq(trace_scenario_commit(t, &sb), 0);
    ck_assert_int_eq(trace_run_finish(t, run, "complete"), 0);
    trace_close(t);
}

static char *coverage_text(bool json, report_coverage_totals *totals) {
    char *text = NULL;
    size_t len;
    char err[256];
    FILE *mem = open_memstream(&text, &len);
    ck_assert_int_eq(report_coverage(db_path, 0, json, mem, totals, err, sizeof err), 0);
    fclose(mem);
    return text;
}

START_TEST(coverage_lists_clauses_uncovered_and_statuses) {
    make_trace();
    report_coverage_totals t;
    char *text = coverage_text(false, &t);
    int clause_count, fn_count;
    spec_clause_table(&clause_count);
    spec_function_table(&fn_count);
    ck_assert_msg(strncmp(text, "implementation reference (run 1)\n", 33) == 0, "%s", text);
    ck_assert_ptr_nonnull(strstr(text, "\nIWIN32.CREATE.EXISTS               strict                 1  1 PASS; 1 PASS\n"));
    ck_assert_ptr_nonnull(strstr(text, "\nIWIN32.CREATE.OK                   strict                 1  0 PASS, 1 FAIL; 1 FAIL\n"));
    ck_assert_ptr_nonnull(strstr(text, "\nNTX.MAP.E_LOCATION                 strict                 0  -; -\n"));
    char line[128];
    snprintf(line, sizeof line, "\nuncovered clauses: %d\n", clause_count - 2);
    ck_assert_msg(strstr(text, line) != NULL, "%s", line);
    ck_assert_ptr_nonnull(strstr(text, "\n  NTX.MAP.E_LOCATION (strict): segment lives on an RT kernel that does not share"));
    /* RtCreateSharedMemory produced ERROR_ALREADY_EXISTS and ERROR_SUCCESS: only ERROR_INVALID_HANDLE is missing */
    ck_assert_ptr_nonnull(strstr(text, "\n  iwin32:RtCreateSharedMemory: ERROR_INVALID_HANDLE\n"));
    ck_assert_ptr_nonnull(strstr(text, "\n  rtk:RtkOpenSharedMemory: STATUS_SUCCESS STATUS_INVALID_PARAMETER "
                                       "STATUS_UNSUCCESSFUL STATUS_INVALID_HANDLE STATUS_NO_MEMORY STATUS_NO_SUCH_DEVICE\n"));
    ck_assert_int_eq(t.implementations, 1);
    ck_assert_int_eq(t.clauses_covered, 2);
    ck_assert_int_eq(t.statuses_covered, 2);
    ck_assert_int_gt(t.strict_uncovered, 0);
    snprintf(line, sizeof line, "coverage of reference (run 1): 2/%d clauses (", clause_count);
    ck_assert_msg(strstr(text, line) != NULL, "%s", text);
    free(text);
    test_tmp_remove(db_path);
}
END_TEST

START_TEST(coverage_json_has_summary_and_missing_statuses) {
    make_trace();
    report_coverage_totals t;
    char *text = coverage_text(true, &t);
    cJSON *doc = cJSON_Parse(text);
    ck_assert_ptr_nonnull(doc);
    const cJSON *impl = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "implementations"), 0);
    ck_assert_str_eq(cJSON_GetObjectItem(impl, "implementation")->valuestring, "reference");
    const cJSON *sum = cJSON_GetObjectItem(impl, "summary");
    ck_assert_int_eq(cJSON_GetObjectItem(sum, "clauses_covered")->valueint, 2);
    ck_assert_int_eq(cJSON_GetObjectItem(sum, "documented_statuses_produced")->valueint, 2);
    const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItem(impl, "statuses_never_produced"), 0);
    ck_assert_ptr_nonnull(cJSON_GetObjectItem(first, "function"));
    cJSON_Delete(doc);
    free(text);
    test_tmp_remove(db_path);
}
END_TEST

START_TEST(coverage_of_missing_run_is_an_error) {
    make_trace();
    char err[256];
    report_coverage_totals t;
    FILE *devnull = fopen("/dev/null", "w");
    ck_assert_int_eq(report_coverage(db_path, 7, false, devnull, &t, err, sizeof err), -1);
    fclose(devnull);
    ck_assert_msg(strstr(err, "no run 7 in this trace database") != NULL, "%s", err);
    test_tmp_remove(db_path);
}
END_TEST

START_TEST(spec_list_names_every_clause) {
    char *text = NULL;
    size_t len;
    FILE *mem = open_memstream(&text, &len);
    report_spec_list(mem, false);
    fclose(mem);
    int count;
    const spec_clause *clauses = spec_clause_table(&count);
    for (int i = 0; i < count; i++) ck_assert_msg(strstr(text, clauses[i].id) != NULL, "%s missing", clauses[i].id);
    char last[64];
    snprintf(last, sizeof last, "\n%d clauses\n", count);
    ck_assert_ptr_nonnull(strstr(text, last));
    ck_assert_ptr_nonnull(strstr(text, "IWIN32.CREATE.EXISTS               strict         iwin32  seed:002\n"));
    free(text);
}
END_TEST

Suite *coverage_suite(void) {
    Suite *s = suite_create("coverage");
    TCase *tc = tcase_create("coverage");
    tcase_add_test(tc, coverage_lists_clauses_uncovered_and_statuses);
    tcase_add_test(tc, coverage_json_has_summary_and_missing_statuses);
    tcase_add_test(tc, coverage_of_missing_run_is_an_error);
    tcase_add_test(tc, spec_list_names_every_clause);
    suite_add_tcase(s, tc);
    return s;
}

Suite *chart_suite(void); /* test_chart.c */

int main(void) {
    SRunner *sr = srunner_create(coverage_suite());
    srunner_add_suite(sr, chart_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
