/* traces/tests/test_diff.c — export streams and the first-divergence diff on crafted traces:
 * identical, one status changed, a scenario added, a verdict changed, ignored fields, a database
 * exported twice, JSON output. Every case asserts the exact report and the result code. */
#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "traces/diff.h"
#include "traces/stream.h"
#include "traces/trace.h"
#include "test_tmp.h"

#define S1 "{\"message\":null,\"path\":\"a.json\",\"scenario\":\"a\",\"sha256\":\"00\",\"steps\":2,\"type\":\"scenario\",\"verdict\":\"PASS\"}\n"
#define A0 "{\"api\":\"iwin32\",\"args\":{\"lpName\":\"B\"},\"clause\":\"IWIN32.CREATE.OK\",\"function\":\"RtCreateSharedMemory\",\"last_error\":\"ERROR_SUCCESS\",\"process\":\"rt\",\"ret\":\"0x4\",\"scenario\":\"a\",\"seq\":0,\"status\":\"ERROR_SUCCESS\",\"type\":\"step\",\"verdict\":\"PASS\"}\n"
#define A1 "{\"api\":\"iwin32\",\"args\":{\"hObject\":\"0x4\"},\"clause\":\"IWIN32.CLOSE.LAST_DESTROYS\",\"function\":\"CloseHandle\",\"last_error\":\"ERROR_SUCCESS\",\"process\":\"rt\",\"ret\":\"TRUE\",\"scenario\":\"a\",\"seq\":1,\"status\":\"ERROR_SUCCESS\",\"type\":\"step\",\"verdict\":\"PASS\"}\n"
#define A1_CHANGED "{\"api\":\"iwin32\",\"args\":{\"hObject\":\"0x4\"},\"clause\":\"IWIN32.CLOSE.INVALID\",\"function\":\"CloseHandle\",\"last_error\":\"ERROR_INVALID_HANDLE\",\"process\":\"rt\",\"ret\":\"FALSE\",\"scenario\":\"a\",\"seq\":1,\"status\":\"ERROR_INVALID_HANDLE\",\"type\":\"step\",\"verdict\":\"FAIL\"}\n"
#define S1_FAIL "{\"message\":\"step 1\",\"path\":\"a.json\",\"scenario\":\"a\",\"sha256\":\"00\",\"steps\":2,\"type\":\"scenario\",\"verdict\":\"FAIL\"}\n"
#define S2 "{\"message\":null,\"path\":\"b.json\",\"scenario\":\"b\",\"sha256\":\"11\",\"steps\":1,\"type\":\"scenario\",\"verdict\":\"PASS\"}\n"
#define B0 "{\"api\":\"sim\",\"args\":{\"process\":\"rt\"},\"clause\":\"SIM.PROCESS.EXIT\",\"function\":\"process.exit\",\"last_error\":null,\"process\":null,\"ret\":null,\"scenario\":\"b\",\"seq\":0,\"status\":\"OK\",\"type\":\"step\",\"verdict\":\"NONE\"}\n"

static char path_a[256], path_b[256];

static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

/* Diffs two JSONL texts; returns the result code and the report in *report (caller frees). */
static int diff_texts(const char *a, const char *b, const trace_diff_opts *opts, char **report, trace_diff_totals *t) {
    test_tmp_file(path_a, sizeof path_a, "diff-a");
    test_tmp_file(path_b, sizeof path_b, "diff-b");
    write_file(path_a, a);
    write_file(path_b, b);
    trace_stream *sa, *sb;
    char err[256];
    ck_assert_int_eq(trace_stream_open(path_a, 0, &sa, err, sizeof err), 0);
    ck_assert_int_eq(trace_stream_open(path_b, 0, &sb, err, sizeof err), 0);
    size_t len;
    FILE *mem = open_memstream(report, &len);
    int rc = trace_diff(sa, sb, opts, mem, t, err, sizeof err);
    fclose(mem);
    trace_stream_close(sa);
    trace_stream_close(sb);
    test_tmp_remove(path_a);
    test_tmp_remove(path_b);
    return rc;
}

static trace_diff_opts text_opts(void) {
    trace_diff_opts o = {.context = 2, .label_a = "old", .label_b = "new"};
    return o;
}

/* A step of scenario "o" creating at address `ret` (opaque) then writing through `ptr` (opaque). */
#define O_HEAD(msg) "{\"message\":" msg ",\"scenario\":\"o\",\"sha256\":\"00\",\"steps\":3,\"type\":\"scenario\",\"verdict\":\"PASS\"}\n"
#define O_CREATE(seq, ret) "{\"args\":{},\"detail\":\"got " ret "\",\"function\":\"Create\",\"opaque\":[\"ret\"],\"ret\":\"" ret "\",\"scenario\":\"o\",\"seq\":" #seq ",\"type\":\"step\"}\n"
#define O_WRITE(seq, ptr) "{\"args\":{\"ptr\":\"" ptr "\"},\"function\":\"write\",\"opaque\":[\"args.ptr\"],\"ret\":null,\"scenario\":\"o\",\"seq\":" #seq ",\"type\":\"step\"}\n"

/* Opaque values pair one to one: the same pattern of addresses is identical, whatever the numbers; a
 * value that breaks the pairing (here the write goes to the first address on one side and to the second
 * on the other) is a difference; a message quoting an address is compared through the pairing too. */
START_TEST(opaque_values_compare_through_a_one_to_one_pairing) {
    trace_diff_opts o = text_opts();
    char *report = NULL;
    trace_diff_totals t;
    const char *a = O_HEAD("\"step 0: got 0x7f0010\"") O_CREATE(0, "0x7f0010") O_CREATE(1, "0x7f0020") O_WRITE(2, "0x7f0010");
    const char *same = O_HEAD("\"step 0: got 0x5500a0\"") O_CREATE(0, "0x5500a0") O_CREATE(1, "0x5500b0") O_WRITE(2, "0x5500a0");
    ck_assert_int_eq(diff_texts(a, same, &o, &report, &t), 0);
    ck_assert_int_eq(t.identical, 1);
    free(report);
    const char *crossed = O_HEAD("\"step 0: got 0x5500a0\"") O_CREATE(0, "0x5500a0") O_CREATE(1, "0x5500b0") O_WRITE(2, "0x5500b0");
    ck_assert_int_eq(diff_texts(a, crossed, &o, &report, &t), 1);
    ck_assert_msg(strstr(report, "first divergence at seq 2 (differs in: args)") != NULL, "%s", report);
    free(report);
    /* the same value on both sides for two different objects on one: no pairing either */
    const char *merged = O_HEAD("\"step 0: got 0x5500a0\"") O_CREATE(0, "0x5500a0") O_CREATE(1, "0x5500a0") O_WRITE(2, "0x5500a0");
    ck_assert_int_eq(diff_texts(a, merged, &o, &report, &t), 1);
    ck_assert_msg(strstr(report, "first divergence at seq 1 (differs in: detail, ret)") != NULL, "%s", report);
    free(report);
    /* a message quoting another address than the pairing says */
    const char *other = O_HEAD("\"step 0: got 0x5500b0\"") O_CREATE(0, "0x5500a0") O_CREATE(1, "0x5500b0") O_WRITE(2, "0x5500a0");
    ck_assert_int_eq(diff_texts(a, other, &o, &report, &t), 1);
    ck_assert_msg(strstr(report, "scenario record differs in: message") != NULL, "%s", report);
    free(report);
    /* without the opaque list, numbers are compared as they are */
    const char *plain_a = O_HEAD("null") "{\"ret\":\"0x1\",\"scenario\":\"o\",\"seq\":0,\"type\":\"step\"}\n";
    const char *plain_b = O_HEAD("null") "{\"ret\":\"0x2\",\"scenario\":\"o\",\"seq\":0,\"type\":\"step\"}\n";
    ck_assert_int_eq(diff_texts(plain_a, plain_b, &o, &report, &t), 1);
    free(report);
}
END_TEST

START_TEST(identical_traces_exit_zero) {
    trace_diff_opts o = text_opts();
    char *report;
    trace_diff_totals t;
    ck_assert_int_eq(diff_texts(S1 A0 A1 S2 B0, S1 A0 A1 S2 B0, &o, &report, &t), 0);
    ck_assert_str_eq(report, "diff: 2 scenarios compared: 2 identical, 0 changed, 0 added, 0 removed\n");
    ck_assert_int_eq(t.identical, 2);
    free(report);
}
END_TEST

START_TEST(changed_status_reports_first_divergence) {
    trace_diff_opts o = text_opts();
    char *report;
    trace_diff_totals t;
    ck_assert_int_eq(diff_texts(S1 A0 A1 S2 B0, S1_FAIL A0 A1_CHANGED S2 B0, &o, &report, &t), 1);
    ck_assert_str_eq(report,
                     "~ a  (verdict PASS -> FAIL)\n"
                     "    scenario record differs in: message, verdict\n"
                     "    first divergence at seq 1 (differs in: clause, last_error, ret, status, verdict)\n"
                     "      seq 0 rt RtCreateSharedMemory {\"lpName\":\"B\"} -> 0x4 status=ERROR_SUCCESS "
                     "last_error=ERROR_SUCCESS verdict=PASS\n"
                     "    - old: seq 1 rt CloseHandle {\"hObject\":\"0x4\"} -> TRUE status=ERROR_SUCCESS "
                     "last_error=ERROR_SUCCESS verdict=PASS\n"
                     "    + new: seq 1 rt CloseHandle {\"hObject\":\"0x4\"} -> FALSE status=ERROR_INVALID_HANDLE "
                     "last_error=ERROR_INVALID_HANDLE verdict=FAIL\n"
                     "diff: 2 scenarios compared: 1 identical, 1 changed, 0 added, 0 removed\n");
    ck_assert_int_eq(t.changed, 1);
    free(report);
}
END_TEST

/* Text from the traces is escaped in the text report (traces/textesc.h): a scenario id holding an ESC and a
 * step whose function and argument hold a newline and a CSI cannot drive the terminal or forge a report
 * line; the JSON report keeps the exact text. */
#define E_HEAD "{\"message\":null,\"path\":\"e.json\",\"scenario\":\"e\\u001b[2J\",\"sha256\":\"00\",\"steps\":1,\"type\":\"scenario\",\"verdict\":\"PASS\"}\n"
#define E_STEP(st) "{\"api\":\"x\",\"args\":{\"n\":\"a\\nb\"},\"clause\":null,\"function\":\"F\\u009b1m\",\"last_error\":null,\"process\":\"p\",\"ret\":null,\"scenario\":\"e\\u001b[2J\",\"seq\":0,\"status\":\"" st "\",\"type\":\"step\",\"verdict\":\"PASS\"}\n"
START_TEST(text_report_escapes_trace_strings) {
    trace_diff_opts o = text_opts();
    char *report;
    trace_diff_totals t;
    ck_assert_int_eq(diff_texts(E_HEAD E_STEP("OK"), E_HEAD E_STEP("NO"), &o, &report, &t), 1);
    ck_assert_str_eq(report, "~ e\\x1b[2J  (verdict PASS)\n"
                             "    first divergence at seq 0 (differs in: status)\n"
                             "    - old: seq 0 p F\\xc2\\x9b1m {\"n\":\"a\\nb\"} -> - status=OK last_error=- verdict=PASS\n"
                             "    + new: seq 0 p F\\xc2\\x9b1m {\"n\":\"a\\nb\"} -> - status=NO last_error=- verdict=PASS\n"
                             "diff: 1 scenarios compared: 0 identical, 1 changed, 0 added, 0 removed\n");
    free(report);
    o.json = true;
    ck_assert_int_eq(diff_texts(E_HEAD E_STEP("OK"), E_HEAD E_STEP("NO"), &o, &report, &t), 1);
    ck_assert_ptr_nonnull(strstr(report, "\"scenario\":\"e\\u001b[2J\""));
    free(report);
}
END_TEST

START_TEST(added_and_removed_scenarios) {
    trace_diff_opts o = text_opts();
    char *report;
    trace_diff_totals t;
    ck_assert_int_eq(diff_texts(S1 A0 A1, S1 A0 A1 S2 B0, &o, &report, &t), 1);
    ck_assert_str_eq(report, "+ b  (added: verdict PASS, 1 steps)\n"
                             "diff: 2 scenarios compared: 1 identical, 0 changed, 1 added, 0 removed\n");
    free(report);
    ck_assert_int_eq(diff_texts(S1 A0 A1 S2 B0, S2 B0, &o, &report, &t), 1);
    ck_assert_str_eq(report, "- a  (removed: verdict PASS, 2 steps)\n"
                             "diff: 2 scenarios compared: 1 identical, 0 changed, 0 added, 1 removed\n");
    free(report);
}
END_TEST

START_TEST(missing_step_is_a_divergence) {
    trace_diff_opts o = text_opts();
    char *report;
    trace_diff_totals t;
    ck_assert_int_eq(diff_texts(S1 A0 A1, S1 A0, &o, &report, &t), 1);
    ck_assert_msg(strstr(report, "    + new: (no more records)\n") != NULL, "%s", report);
    ck_assert_msg(strstr(report, "first divergence at seq 1\n") != NULL, "%s", report);
    free(report);
}
END_TEST

START_TEST(ignored_fields_are_not_compared) {
    trace_diff_opts o = text_opts();
    o.ignore[0] = "ret";
    o.ignore_count = 1;
    char *report;
    trace_diff_totals t;
    const char *b0 = "{\"api\":\"iwin32\",\"args\":{\"lpName\":\"B\"},\"clause\":\"IWIN32.CREATE.OK\",\"function\":\"RtCreateSharedMemory\","
                     "\"last_error\":\"ERROR_SUCCESS\",\"process\":\"rt\",\"ret\":\"0x7f000000\",\"scenario\":\"a\",\"seq\":0,"
                     "\"status\":\"ERROR_SUCCESS\",\"type\":\"step\",\"verdict\":\"PASS\"}\n";
    char other[4096];
    snprintf(other, sizeof other, "%s%s%s", S1, b0, A1);
    ck_assert_int_eq(diff_texts(S1 A0 A1, other, &o, &report, &t), 0);
    free(report);
    o.ignore_count = 0;
    ck_assert_int_eq(diff_texts(S1 A0 A1, other, &o, &report, &t), 1);
    ck_assert_msg(strstr(report, "first divergence at seq 0 (differs in: ret)") != NULL, "%s", report);
    free(report);
}
END_TEST

START_TEST(json_format_is_parseable_with_summary) {
    trace_diff_opts o = text_opts();
    o.json = true;
    char *report;
    trace_diff_totals t;
    ck_assert_int_eq(diff_texts(S1 A0 A1 S2 B0, S1_FAIL A0 A1_CHANGED, &o, &report, &t), 1);
    cJSON *doc = cJSON_Parse(report);
    ck_assert_msg(doc != NULL, "not JSON: %s", report);
    const cJSON *summary = cJSON_GetObjectItem(doc, "summary");
    ck_assert_int_eq(cJSON_GetObjectItem(summary, "changed")->valueint, 1);
    ck_assert_int_eq(cJSON_GetObjectItem(summary, "removed")->valueint, 1);
    ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(summary, "same")));
    const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "scenarios"), 0);
    ck_assert_str_eq(cJSON_GetObjectItem(first, "verdict_b")->valuestring, "FAIL");
    const cJSON *div = cJSON_GetObjectItem(first, "first_divergence");
    ck_assert_int_eq(cJSON_GetObjectItem(div, "seq")->valueint, 1);
    ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(div, "b"), "status")->valuestring, "ERROR_INVALID_HANDLE");
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(div, "context_before")), 1);
    cJSON_Delete(doc);
    free(report);
}
END_TEST

START_TEST(malformed_jsonl_is_an_error) {
    trace_diff_opts o = text_opts();
    test_tmp_file(path_a, sizeof path_a, "diff-bad");
    write_file(path_a, S1 "{\"type\":\"step\",\"scenario\":\"a\"}\n");
    trace_stream *s;
    char err[256];
    ck_assert_int_eq(trace_stream_open(path_a, 0, &s, err, sizeof err), 0);
    trace_record rec;
    ck_assert_int_eq(trace_stream_next(s, &rec, err, sizeof err), 1);
    ck_assert_int_eq(trace_stream_next(s, &rec, err, sizeof err), -1);
    ck_assert_msg(strstr(err, ":2: record lacks \"scenario\" or \"seq\"") != NULL, "%s", err);
    trace_stream_close(s);
    test_tmp_remove(path_a);
    (void)o;
}
END_TEST

/* Lines are found by a bounded reader: CRLF endings and a last line without a newline are records; a
 * line one byte over the 64 MiB bound is an error naming its line (read without holding more than
 * the bound). */
START_TEST(jsonl_lines_are_read_within_bounds) {
    test_tmp_file(path_a, sizeof path_a, "diff-long");
    char crlf[1024];
    snprintf(crlf, sizeof crlf, "%.*s\r\n%.*s", (int)strlen(S1) - 1, S1, (int)strlen(A0) - 1, A0);
    write_file(path_a, crlf); /* no newline after the step */
    trace_stream *s;
    trace_record rec;
    char err[256];
    ck_assert_int_eq(trace_stream_open(path_a, 0, &s, err, sizeof err), 0);
    ck_assert_int_eq(trace_stream_next(s, &rec, err, sizeof err), 1);
    ck_assert_str_eq(rec.scenario, "a");
    ck_assert_int_eq(trace_stream_next(s, &rec, err, sizeof err), 1);
    ck_assert_int_eq(rec.seq, 0);
    ck_assert_int_eq(trace_stream_next(s, &rec, err, sizeof err), 0);
    trace_stream_close(s);

    FILE *f = fopen(path_a, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(S1, f);
    static char block[1 << 16];
    memset(block, ' ', sizeof block);
    const size_t over = 64u * 1024 * 1024 + 1;
    for (size_t done = 0; done < over; done += sizeof block)
        ck_assert_uint_eq(fwrite(block, 1, over - done < sizeof block ? over - done : sizeof block, f),
                          over - done < sizeof block ? over - done : sizeof block);
    fputs("\n", f);
    ck_assert_int_eq(fclose(f), 0);
    ck_assert_int_eq(trace_stream_open(path_a, 0, &s, err, sizeof err), 0);
    ck_assert_int_eq(trace_stream_next(s, &rec, err, sizeof err), 1);
    ck_assert_int_eq(trace_stream_next(s, &rec, err, sizeof err), -1);
    ck_assert_msg(strstr(err, ":2: line longer than 67108864 bytes") != NULL, "%s", err);
    trace_stream_close(s);
    test_tmp_remove(path_a);
}
END_TEST

/* A database written through the writer exports the same bytes twice, in (scenario, seq) order,
 * with findings right after their step and no run id. */
START_TEST(database_export_is_stable_and_ordered) {
    char db[256];
    test_tmp_file(db, sizeof db, "export");
    test_tmp_remove(db);
    trace_db *t;
    char err[256];
    ck_assert_int_eq(trace_open(db, &t, err, sizeof err), 0);
    int64_t run;
    ck_assert_int_eq(trace_run_begin(t, "v", "reference", 1, "[]", "2026-01-01T00:00:00Z", &run), 0);
    const char *ids[] = {"zeta", "alpha"};
    for (int i = 0; i < 2; i++) {
        ck_assert_int_eq(trace_scenario_begin(t, run), 0);
        for (int seq = 1; seq >= 0; seq--) { /* inserted out of order on purpose */
            trace_step_row r = {.scenario = ids[i], .seq = seq, .step = seq, .kind = "call", .api = "iwin32",
                                .function = "GetLastError", .args = "{}", .ret = "0", .status = "ERROR_SUCCESS",
                                .has_status_code = true, .verdict = "NONE"};
            ck_assert_int_eq(trace_step(t, &r), 0);
        }
        ck_assert_int_eq(trace_finding(t, ids[i], 0, "kind", "SIM.PROCESS.EXIT", "detail"), 0);
        trace_scenario_row sc = {ids[i], "p.json", "00", "PASS", NULL, 2};
        ck_assert_int_eq(trace_scenario_commit(t, &sc), 0);
    }
    ck_assert_int_eq(trace_run_finish(t, run, "complete"), 0);
    trace_close(t);
    char *first = NULL, *second = NULL;
    size_t l1, l2;
    FILE *m1 = open_memstream(&first, &l1), *m2 = open_memstream(&second, &l2);
    ck_assert_int_eq(trace_export(db, 0, m1, err, sizeof err), 8);
    ck_assert_int_eq(trace_export(db, run, m2, err, sizeof err), 8);
    fclose(m1);
    fclose(m2);
    ck_assert_str_eq(first, second);
    /* order: alpha scenario, step 0, its finding, step 1, then zeta */
    const char *p0 = strstr(first, "\"scenario\":\"alpha\",\"sha256\"");
    const char *p1 = strstr(first, "\"type\":\"finding\"");
    const char *p2 = strstr(first, "\"seq\":1,\"status\"");
    const char *p3 = strstr(first, "\"scenario\":\"zeta\",\"sha256\"");
    ck_assert(p0 && p1 && p2 && p3 && p0 < p1 && p1 < p2 && p2 < p3);
    ck_assert_ptr_null(strstr(first, "run_id"));
    ck_assert_ptr_null(strstr(first, "started_at"));
    free(second);
    second = NULL;
    m1 = open_memstream(&second, &l2);
    ck_assert_int_eq(trace_export(db, 99, m1, err, sizeof err), -1);
    fclose(m1);
    ck_assert_msg(strstr(err, "no run 99 in this trace database") != NULL, "%s", err);
    free(first);
    free(second);
    test_tmp_remove(db);
}
END_TEST

/* Review regressions: a string seq is an input error, not a crash; differing lines that are not JSON
 * are a difference, not "identical". */
START_TEST(bad_jsonl_records_are_errors_or_differences) {
    trace_diff_opts o = text_opts();
    char *report;
    trace_diff_totals t;
    test_tmp_file(path_a, sizeof path_a, "diff-seq");
    write_file(path_a, S1 "{\"scenario\":\"a\",\"seq\":\"1\",\"type\":\"step\"}\n");
    trace_stream *s;
    char err[256];
    trace_record rec;
    ck_assert_int_eq(trace_stream_open(path_a, 0, &s, err, sizeof err), 0);
    ck_assert_int_eq(trace_stream_next(s, &rec, err, sizeof err), 1);
    ck_assert_int_eq(trace_stream_next(s, &rec, err, sizeof err), -1);
    ck_assert_msg(strstr(err, "record lacks \"scenario\" or \"seq\"") != NULL, "%s", err);
    trace_stream_close(s);
    test_tmp_remove(path_a);
    ck_assert_int_eq(diff_texts(S1 "{\"scenario\":\"a\",\"seq\":0,\"type\":\"step\",\"ret\":tru1}\n",
                                S1 "{\"scenario\":\"a\",\"seq\":0,\"type\":\"step\",\"ret\":tru2}\n", &o, &report, &t),
                     1);
    ck_assert_int_eq(t.changed, 1);
    free(report);
}
END_TEST

Suite *diff_suite(void) {
    Suite *s = suite_create("trace-diff");
    TCase *tc = tcase_create("diff");
    tcase_add_test(tc, identical_traces_exit_zero);
    tcase_add_test(tc, changed_status_reports_first_divergence);
    tcase_add_test(tc, added_and_removed_scenarios);
    tcase_add_test(tc, missing_step_is_a_divergence);
    tcase_add_test(tc, ignored_fields_are_not_compared);
    tcase_add_test(tc, json_format_is_parseable_with_summary);
    tcase_add_test(tc, malformed_jsonl_is_an_error);
    tcase_add_test(tc, jsonl_lines_are_read_within_bounds);
    tcase_add_test(tc, database_export_is_stable_and_ordered);
    tcase_add_test(tc, bad_jsonl_records_are_errors_or_differences);
    tcase_add_test(tc, opaque_values_compare_through_a_one_to_one_pairing);
    tcase_add_test(tc, text_report_escapes_trace_strings);
    suite_add_tcase(s, tc);
    return s;
}
