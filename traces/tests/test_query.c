/* traces/tests/test_query.c — the trace reader (traces/query.h) on a small crafted trace: every visitor's
 * rows and their order, NULL columns, stopping a walk, a callback restarting its own query, and the
 * errors of opening something that is no trace.
 *
 * The trace (written through the writer): run 1 "reference" with scenarios b.two (FAIL, 3 steps, 3
 * findings), a.one (PASS) and c.three (DIVERGE), committed in that order; run 2 "posix" and run 3
 * "reference" with one scenario each. Each visitor's rows are printed one per line into a buffer and the
 * whole text compared. */
#include <check.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "traces/query.h"
#include "traces/trace.h"
#include "test_tmp.h"

static char db_path[256];

typedef struct out_text {
    char text[4096];
} out_text;

static void out_printf(out_text *o, const char *fmt, ...) {
    size_t n = strlen(o->text);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(o->text + n, sizeof o->text - n, fmt, ap);
    va_end(ap);
}

#define S(x) ((x) ? (x) : "NULL")

static trace_step_row call_step(const char *scenario, int64_t seq, const char *function, const char *status,
                                int64_t code, const char *verdict, const char *clause) {
    trace_step_row r = {.scenario = scenario, .seq = seq, .step = seq, .vtime_us = 100 * seq, .process = "rt",
                        .kind = "call", .api = "iwin32", .function = function, .args = "{}", .ret = "0x4",
                        .status = status, .has_status_code = true, .status_code = code, .last_error = status,
                        .has_last_error_code = true, .last_error_code = code, .verdict = verdict, .clause = clause};
    return r;
}

static void commit(trace_db *t, const char *id, const char *verdict, int64_t steps, const char *message,
                   const char *const *clauses, int clause_count) {
    trace_scenario_row row = {.scenario = id, .path = "p.json", .sha256 = "ab", .verdict = verdict, .steps = steps,
                              .message = message, .clauses = clauses, .clause_count = clause_count};
    ck_assert_int_eq(trace_scenario_commit(t, &row), 0);
}

static void write_trace(void) {
    test_tmp_file(db_path, sizeof db_path, "query-test");
    test_tmp_remove(db_path);
    trace_db *t = NULL;
    char err[256];
    ck_assert_msg(trace_open(db_path, &t, err, sizeof err) == 0, "%s", err);
    int64_t run = 0;
    ck_assert_int_eq(trace_run_begin(t, "rtshm 9.9", "reference", 7, "[\"rtshm\",\"run\"]", "2026-01-02T03:04:05Z", &run),
                     0);
    static const char *const b_clauses[] = {"IWIN32.CREATE.OK", "IWIN32.CREATE.EXISTS"};
    static const char *const a_clauses[] = {"IWIN32.CREATE.OK"};
    ck_assert_int_eq(trace_scenario_begin(t, run), 0);
    trace_step_row s = call_step("b.two", 0, "RtCreateSharedMemory", "ERROR_SUCCESS", 0, "PASS", "IWIN32.CREATE.OK");
    ck_assert_int_eq(trace_step(t, &s), 0);
    s = call_step("b.two", 1, "RtCreateSharedMemory", "ERROR_ALREADY_EXISTS", 183, "FAIL", "IWIN32.CREATE.EXISTS");
    s.expected = "{\"status\":\"ERROR_SUCCESS\"}";
    s.detail = "expected status ERROR_SUCCESS, got ERROR_ALREADY_EXISTS";
    ck_assert_int_eq(trace_step(t, &s), 0);
    trace_step_row ev = {.scenario = "b.two", .seq = 2, .step = 2, .kind = "event", .api = "sim",
                         .function = "process.exit", .args = "{\"process\":\"rt\"}", .status = "OK",
                         .verdict = "NONE", .clause = "SIM.PROCESS.EXIT"};
    ck_assert_int_eq(trace_step(t, &ev), 0);
    ck_assert_int_eq(trace_finding(t, "b.two", 2, "handles-closed-at-exit", "IWIN32.CLOSE.PROCESS_EXIT", "second"), 0);
    ck_assert_int_eq(trace_finding(t, "b.two", 0, "first-kind", NULL, "first"), 0);
    ck_assert_int_eq(trace_finding(t, "b.two", 2, "views-unmapped-at-exit", "IWIN32.EXIT", "third"), 0);
    commit(t, "b.two", "FAIL", 3, "step 1 failed", b_clauses, 2);
    ck_assert_int_eq(trace_scenario_begin(t, run), 0);
    s = call_step("a.one", 0, "CloseHandle", "ERROR_INVALID_HANDLE", 6, "PASS", "IWIN32.CLOSE.INVALID");
    ck_assert_int_eq(trace_step(t, &s), 0);
    trace_step_row rd = {.scenario = "a.one", .seq = 1, .step = 1, .process = "rt", .kind = "read", .api = "mem",
                         .function = "read", .args = "{}", .ret = "00"};
    ck_assert_int_eq(trace_step(t, &rd), 0); /* no status, no verdict */
    commit(t, "a.one", "PASS", 2, NULL, a_clauses, 1);
    ck_assert_int_eq(trace_scenario_begin(t, run), 0);
    s = call_step("c.three", 0, "RtCreateSharedMemory", "ERROR_SUCCESS", 0, "DIVERGE", "IWIN32.CREATE.OK");
    ck_assert_int_eq(trace_step(t, &s), 0);
    ck_assert_int_eq(trace_finding(t, "c.three", 0, "k", NULL, NULL), 0);
    commit(t, "c.three", "DIVERGE", 1, "diverged", NULL, 0);
    ck_assert_int_eq(trace_run_finish(t, run, "complete"), 0);
    for (int i = 0; i < 2; i++) { /* run 2 posix, run 3 reference: one PASS scenario each */
        ck_assert_int_eq(trace_run_begin(t, "rtshm 9.9", i ? "reference" : "posix", 1, "[]", "x", &run), 0);
        ck_assert_int_eq(trace_scenario_begin(t, run), 0);
        s = call_step("a.one", 0, "RtCreateSharedMemory", "ERROR_SUCCESS", 0, "PASS", "IWIN32.CREATE.OK");
        ck_assert_int_eq(trace_step(t, &s), 0);
        commit(t, "a.one", "PASS", 1, NULL, NULL, 0);
        ck_assert_int_eq(trace_run_finish(t, run, i ? "interrupted" : "complete"), 0);
    }
    trace_close(t);
}

static trace_reader *open_reader(void) {
    write_trace();
    trace_reader *r = NULL;
    char err[256] = "";
    ck_assert_msg(trace_reader_open(db_path, &r, err, sizeof err) == TRACE_READER_OK, "%s", err);
    return r;
}

static void done(trace_reader *r) {
    trace_reader_close(r);
    test_tmp_remove(db_path);
}

/* ---- visitors that print rows ---- */

static int print_run(void *ctx, const trace_run_row *row) {
    out_printf(ctx, "%lld %s %s %llu %s %s %s\n", (long long)row->run_id, S(row->implementation), S(row->tool_version),
               (unsigned long long)row->seed, S(row->argv), S(row->started_at), S(row->state));
    return 0;
}

static int print_scenario(void *ctx, const trace_scenario_row *row) {
    out_printf(ctx, "%s %s %s %s %lld %s %d\n", row->scenario, S(row->path), S(row->sha256), S(row->verdict),
               (long long)row->steps, S(row->message), row->clause_count);
    return 0;
}

static int print_verdict_count(void *ctx, const trace_verdict_count *row) {
    out_printf(ctx, "%s %lld %lld\n", S(row->verdict), (long long)row->scenarios, (long long)row->steps);
    return 0;
}

static int print_step(void *ctx, const trace_step_row *row) {
    out_printf(ctx, "%s %lld %lld %lld %s %s %s %s %s", row->scenario, (long long)row->seq, (long long)row->step,
               (long long)row->vtime_us, S(row->process), S(row->kind), S(row->api), S(row->function), S(row->ret));
    out_printf(ctx, " %s", S(row->status));
    if (row->has_status_code) out_printf(ctx, "=%lld", (long long)row->status_code);
    out_printf(ctx, " %s", S(row->last_error));
    if (row->has_last_error_code) out_printf(ctx, "=%lld", (long long)row->last_error_code);
    out_printf(ctx, " %s %s %s %s\n", S(row->verdict), S(row->clause), S(row->expected), S(row->detail));
    return 0;
}

static int print_finding(void *ctx, const trace_finding_row *row) {
    out_printf(ctx, "%s %lld %s %s %s\n", row->scenario, (long long)row->seq, S(row->kind), S(row->clause),
               S(row->detail));
    return 0;
}

static int print_status_count(void *ctx, const trace_status_count *row) {
    out_printf(ctx, "%s %s %s %lld\n", S(row->api), S(row->function), S(row->status), (long long)row->steps);
    return 0;
}

static int print_citation(void *ctx, const trace_citation *row) {
    out_printf(ctx, "%s %s\n", row->scenario, S(row->verdict));
    return 0;
}

static int print_decided(void *ctx, const trace_decided_count *row) {
    out_printf(ctx, "%s %lld\n", S(row->verdict), (long long)row->steps);
    return 0;
}

/* ---- tests ---- */

START_TEST(runs_by_id_newest_and_per_implementation) {
    trace_reader *r = open_reader();
    out_text o = {""};
    ck_assert_int_eq(trace_query_run(r, 0, print_run, &o), 0);
    ck_assert_int_eq(trace_query_run(r, 1, print_run, &o), 0);
    ck_assert_int_eq(trace_query_run(r, 9, print_run, &o), 0); /* no such run: no row */
    ck_assert_str_eq(o.text, "3 reference rtshm 9.9 1 [] x interrupted\n"
                             "1 reference rtshm 9.9 7 [\"rtshm\",\"run\"] 2026-01-02T03:04:05Z complete\n");
    o.text[0] = '\0';
    ck_assert_int_eq(trace_query_implementation_runs(r, 0, print_run, &o), 0);
    ck_assert_int_eq(trace_query_implementation_runs(r, 1, print_run, &o), 0);
    ck_assert_str_eq(o.text, "2 posix rtshm 9.9 1 [] x complete\n"
                             "3 reference rtshm 9.9 1 [] x interrupted\n"
                             "1 reference rtshm 9.9 7 [\"rtshm\",\"run\"] 2026-01-02T03:04:05Z complete\n");
    done(r);
}
END_TEST

START_TEST(scenarios_by_id_and_verdict_counts) {
    trace_reader *r = open_reader();
    out_text o = {""};
    ck_assert_int_eq(trace_query_scenarios(r, 1, print_scenario, &o), 0);
    ck_assert_str_eq(o.text, "a.one p.json ab PASS 2 NULL 0\n"
                             "b.two p.json ab FAIL 3 step 1 failed 0\n"
                             "c.three p.json ab DIVERGE 1 diverged 0\n");
    o.text[0] = '\0';
    ck_assert_int_eq(trace_query_verdict_counts(r, 1, print_verdict_count, &o), 0);
    ck_assert_str_eq(o.text, "DIVERGE 1 1\nFAIL 1 3\nPASS 1 2\n");
    o.text[0] = '\0';
    ck_assert_int_eq(trace_query_scenarios(r, 4, print_scenario, &o), 0); /* no such run */
    ck_assert_str_eq(o.text, "");
    done(r);
}
END_TEST

START_TEST(steps_failing_judged_and_of_one_scenario) {
    trace_reader *r = open_reader();
    out_text o = {""};
    ck_assert_int_eq(trace_query_steps(r, 1, TRACE_STEPS_FAILING, print_step, &o), 0);
    ck_assert_str_eq(o.text,
                     "b.two 1 1 100 rt call iwin32 RtCreateSharedMemory 0x4 ERROR_ALREADY_EXISTS=183 "
                     "ERROR_ALREADY_EXISTS=183 FAIL IWIN32.CREATE.EXISTS {\"status\":\"ERROR_SUCCESS\"} "
                     "expected status ERROR_SUCCESS, got ERROR_ALREADY_EXISTS\n"
                     "c.three 0 0 0 rt call iwin32 RtCreateSharedMemory 0x4 ERROR_SUCCESS=0 ERROR_SUCCESS=0 DIVERGE "
                     "IWIN32.CREATE.OK NULL NULL\n");
    o.text[0] = '\0';
    ck_assert_int_eq(trace_query_steps(r, 1, TRACE_STEPS_JUDGED, print_step, &o), 0);
    ck_assert_str_eq(o.text,
                     "a.one 0 0 0 rt call iwin32 CloseHandle 0x4 ERROR_INVALID_HANDLE=6 ERROR_INVALID_HANDLE=6 PASS "
                     "IWIN32.CLOSE.INVALID NULL NULL\n"
                     "b.two 0 0 0 rt call iwin32 RtCreateSharedMemory 0x4 ERROR_SUCCESS=0 ERROR_SUCCESS=0 PASS "
                     "IWIN32.CREATE.OK NULL NULL\n"
                     "b.two 1 1 100 rt call iwin32 RtCreateSharedMemory 0x4 ERROR_ALREADY_EXISTS=183 "
                     "ERROR_ALREADY_EXISTS=183 FAIL IWIN32.CREATE.EXISTS {\"status\":\"ERROR_SUCCESS\"} "
                     "expected status ERROR_SUCCESS, got ERROR_ALREADY_EXISTS\n"
                     "c.three 0 0 0 rt call iwin32 RtCreateSharedMemory 0x4 ERROR_SUCCESS=0 ERROR_SUCCESS=0 DIVERGE "
                     "IWIN32.CREATE.OK NULL NULL\n");
    o.text[0] = '\0';
    ck_assert_int_eq(trace_query_scenario_steps(r, 1, "b.two", print_step, &o), 0);
    ck_assert_ptr_nonnull(strstr(o.text, "b.two 2 2 0 NULL event sim process.exit NULL OK NULL NONE SIM.PROCESS.EXIT "
                                         "NULL NULL\n")); /* no codes, no process, no return */
    ck_assert_ptr_eq(strstr(o.text, "b.two 0 "), o.text);
    ck_assert_ptr_nonnull(strstr(o.text, "\nb.two 1 "));
    o.text[0] = '\0';
    ck_assert_int_eq(trace_query_scenario_steps(r, 1, "a.one", print_step, &o), 0);
    ck_assert_ptr_nonnull(strstr(o.text, "\na.one 1 1 0 rt read mem read 00 NULL NULL NULL NULL NULL NULL\n"));
    o.text[0] = '\0';
    ck_assert_int_eq(trace_query_scenario_steps(r, 1, NULL, print_step, &o), 0); /* a NULL id matches nothing */
    ck_assert_str_eq(o.text, "");
    done(r);
}
END_TEST

START_TEST(findings_by_seq_then_insertion_and_counted) {
    trace_reader *r = open_reader();
    out_text o = {""};
    ck_assert_int_eq(trace_query_scenario_findings(r, 1, "b.two", print_finding, &o), 0);
    ck_assert_str_eq(o.text, "b.two 0 first-kind NULL first\n"
                             "b.two 2 handles-closed-at-exit IWIN32.CLOSE.PROCESS_EXIT second\n"
                             "b.two 2 views-unmapped-at-exit IWIN32.EXIT third\n");
    int64_t count = -1;
    ck_assert_int_eq(trace_query_finding_count(r, 1, &count), 0);
    ck_assert_int_eq(count, 4);
    ck_assert_int_eq(trace_query_finding_count(r, 2, &count), 0);
    ck_assert_int_eq(count, 0);
    done(r);
}
END_TEST

START_TEST(coverage_rows_of_a_run) {
    trace_reader *r = open_reader();
    out_text o = {""};
    ck_assert_int_eq(trace_query_status_counts(r, 1, print_status_count, &o), 0);
    ck_assert_str_eq(o.text, "iwin32 CloseHandle ERROR_INVALID_HANDLE 1\n"
                             "iwin32 RtCreateSharedMemory ERROR_ALREADY_EXISTS 1\n"
                             "iwin32 RtCreateSharedMemory ERROR_SUCCESS 2\n"
                             "mem read NULL 1\n"
                             "sim process.exit OK 1\n");
    o.text[0] = '\0';
    ck_assert_int_eq(trace_query_clause_citations(r, 1, "IWIN32.CREATE.OK", print_citation, &o), 0);
    ck_assert_int_eq(trace_query_clause_citations(r, 1, "IWIN32.CREATE.EXISTS", print_citation, &o), 0);
    ck_assert_int_eq(trace_query_clause_citations(r, 1, "NTX.MAP.OK", print_citation, &o), 0);
    ck_assert_str_eq(o.text, "a.one PASS\nb.two FAIL\nb.two FAIL\n");
    o.text[0] = '\0';
    ck_assert_int_eq(trace_query_clause_verdicts(r, 1, "IWIN32.CREATE.OK", print_decided, &o), 0);
    ck_assert_int_eq(trace_query_clause_verdicts(r, 3, "IWIN32.CREATE.OK", print_decided, &o), 0);
    ck_assert_str_eq(o.text, "DIVERGE 1\nPASS 1\nPASS 1\n");
    int64_t n = -1;
    ck_assert_int_eq(trace_query_status_produced(r, 1, "iwin32", "RtCreateSharedMemory", "ERROR_SUCCESS", &n), 0);
    ck_assert_int_eq(n, 2);
    ck_assert_int_eq(trace_query_status_produced(r, 1, "rtx64", "RtCreateSharedMemory", "ERROR_SUCCESS", &n), 0);
    ck_assert_int_eq(n, 0); /* same function name, another api */
    ck_assert_int_eq(trace_query_status_produced(r, 1, "mem", "read", NULL, &n), 0);
    ck_assert_int_eq(n, 0); /* NULL matches nothing */
    ck_assert_int_eq(trace_query_status_produced(r, 2, "iwin32", "RtCreateSharedMemory", "ERROR_SUCCESS", &n), 0);
    ck_assert_int_eq(n, 1);
    done(r);
}
END_TEST

static int stop_after_first(void *ctx, const trace_scenario_row *row) {
    out_printf(ctx, "%s\n", row->scenario);
    return 7;
}

typedef struct nested {
    trace_reader *r;
    out_text o;
    int inner_rc;
} nested;

/* Runs the scenarios query again from inside its own walk (refused), and another query (allowed). */
static int nest(void *ctx, const trace_scenario_row *row) {
    nested *n = ctx;
    out_printf(&n->o, "%s:", row->scenario);
    n->inner_rc = trace_query_scenarios(n->r, 1, print_scenario, &n->o);
    int64_t count = 0;
    ck_assert_int_eq(trace_query_finding_count(n->r, 1, &count), 0);
    out_printf(&n->o, "%lld\n", (long long)count);
    return 0;
}

START_TEST(a_callback_stops_the_walk_and_cannot_restart_its_own_query) {
    trace_reader *r = open_reader();
    out_text o = {""};
    ck_assert_int_eq(trace_query_scenarios(r, 1, stop_after_first, &o), 7);
    ck_assert_int_eq(trace_query_scenarios(r, 1, stop_after_first, &o), 7); /* starts again from the first row */
    ck_assert_str_eq(o.text, "a.one\na.one\n");
    nested n = {.r = r};
    ck_assert_int_eq(trace_query_scenarios(r, 1, nest, &n), 0);
    ck_assert_int_eq(n.inner_rc, -1);
    ck_assert_ptr_nonnull(strstr(trace_reader_errmsg(r), "restarted by its own callback"));
    ck_assert_str_eq(n.o.text, "a.one:4\nb.two:4\nc.three:4\n");
    done(r);
}
END_TEST

START_TEST(opening_what_is_no_trace_fails_with_a_message) {
    trace_reader *r = (trace_reader *)&r; /* must be reset to NULL */
    char err[256];
    ck_assert_int_eq(trace_reader_open("/nonexistent/dir/x.sqlite", &r, err, sizeof err), TRACE_READER_ECANTOPEN);
    ck_assert_ptr_null(r);
    ck_assert_str_eq(err, "/nonexistent/dir/x.sqlite: unable to open database file");

    char path[256];
    test_tmp_file(path, sizeof path, "query-test");
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("not a database, just text that is long enough to be read as a header\n", f);
    fclose(f);
    ck_assert_int_eq(trace_reader_open(path, &r, err, sizeof err), TRACE_READER_ENOTTRACE);
    char want[512];
    snprintf(want, sizeof want, "%s: not an rtshm trace database (file is not a database)", path);
    ck_assert_str_eq(err, want);
    test_tmp_remove(path);

    sqlite3 *h = NULL; /* an SQLite database of something else */
    ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(h, "CREATE TABLE foo(x)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    ck_assert_int_eq(trace_reader_open(path, &r, err, sizeof err), TRACE_READER_ENOTTRACE);
    snprintf(want, sizeof want, "%s: not an rtshm trace database (no such table: runs)", path);
    ck_assert_str_eq(err, want);
    ck_assert_ptr_null(r);
    test_tmp_remove(path);
}
END_TEST

Suite *query_suite(void) {
    Suite *s = suite_create("trace-query");
    TCase *tc = tcase_create("query");
    tcase_add_test(tc, runs_by_id_newest_and_per_implementation);
    tcase_add_test(tc, scenarios_by_id_and_verdict_counts);
    tcase_add_test(tc, steps_failing_judged_and_of_one_scenario);
    tcase_add_test(tc, findings_by_seq_then_insertion_and_counted);
    tcase_add_test(tc, coverage_rows_of_a_run);
    tcase_add_test(tc, a_callback_stops_the_walk_and_cannot_restart_its_own_query);
    tcase_add_test(tc, opening_what_is_no_trace_fails_with_a_message);
    suite_add_tcase(s, tc);
    return s;
}
