/* traces/tests/test_writer.c — the trace writer: schema, one transaction per scenario, run state,
 * views, and refusal of a newer schema. */
#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "traces/trace.h"
#include "test_tmp.h"

static char db_path[256];

static void make_path(void) {
    test_tmp_file(db_path, sizeof db_path, "traces-test");
    test_tmp_remove(db_path);
}

static int64_t query_int(const char *sql) {
    sqlite3 *h = NULL;
    sqlite3_stmt *s = NULL;
    int64_t v = -1;
    if (sqlite3_open(db_path, &h) == SQLITE_OK && sqlite3_prepare_v2(h, sql, -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(h);
    return v;
}

static trace_db *open_fresh(void) {
    make_path();
    trace_db *db = NULL;
    char err[256];
    ck_assert_msg(trace_open(db_path, &db, err, sizeof err) == 0, "%s", err);
    return db;
}

static trace_step_row sample_step(const char *scenario, int64_t seq) {
    trace_step_row r = {0};
    r.scenario = scenario;
    r.seq = seq;
    r.step = seq;
    r.vtime_us = 10 * seq;
    r.process = "rt";
    r.kind = "call";
    r.api = "iwin32";
    r.function = "RtCreateSharedMemory";
    r.args = "{}";
    r.ret = "0x4";
    r.status = "ERROR_ALREADY_EXISTS";
    r.has_status_code = true;
    r.status_code = 183;
    r.last_error = "ERROR_ALREADY_EXISTS";
    r.has_last_error_code = true;
    r.last_error_code = 183;
    r.verdict = "PASS";
    r.clause = "IWIN32.CREATE.EXISTS";
    return r;
}

START_TEST(open_creates_tables_and_views) {
    trace_db *db = open_fresh();
    trace_close(db);
    ck_assert_int_eq(query_int("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                               "('runs','scenarios','steps','findings')"),
                     4);
    ck_assert_int_eq(query_int("SELECT COUNT(*) FROM sqlite_master WHERE type = 'view' AND name IN "
                               "('calls','failures','status_counts')"),
                     3);
    test_tmp_remove(db_path);
}
END_TEST

START_TEST(committed_scenario_rows_and_run_state) {
    trace_db *db = open_fresh();
    int64_t run = 0;
    ck_assert_int_eq(trace_run_begin(db, "rtshm test", "reference", 7, "[\"rtshm\"]", "2026-01-01T00:00:00Z", &run), 0);
    ck_assert_int_eq(run, 1);
    ck_assert_int_eq(query_int("SELECT state = 'running' FROM runs"), 1);
    ck_assert_int_eq(trace_scenario_begin(db, run), 0);
    for (int64_t seq = 0; seq < 3; seq++) {
        trace_step_row r = sample_step("a", seq);
        ck_assert_int_eq(trace_step(db, &r), 0);
    }
    ck_assert_int_eq(trace_finding(db, "a", 2, "dangling-view", "IWIN32.CLOSE.VIEWS_DIE", "detail"), 0);
    trace_scenario_row sc = {"a", "a.json", "00", "PASS", NULL, 3};
    ck_assert_int_eq(trace_scenario_commit(db, &sc), 0);
    ck_assert_int_eq(trace_run_finish(db, run, "complete"), 0);
    trace_run_totals t;
    ck_assert_int_eq(trace_read_totals(db, run, &t), 0);
    ck_assert_int_eq(t.scenarios, 1);
    ck_assert_int_eq(t.pass, 1);
    ck_assert_int_eq(t.steps, 3);
    ck_assert_int_eq(t.findings, 1);
    ck_assert_str_eq(t.state, "complete");
    trace_close(db);
    ck_assert_int_eq(query_int("SELECT COUNT(*) FROM steps WHERE status_code = 183 AND vtime_us = 20 AND seq = 2"), 1);
    ck_assert_int_eq(query_int("SELECT seed FROM runs"), 7);
    ck_assert_int_eq(query_int("SELECT count FROM status_counts WHERE function = 'RtCreateSharedMemory'"), 3);
    ck_assert_int_eq(query_int("SELECT COUNT(*) FROM calls"), 3);
    test_tmp_remove(db_path);
}
END_TEST

/* One transaction per scenario: a rolled-back scenario leaves nothing; earlier ones stay. */
START_TEST(rolled_back_scenario_leaves_no_rows) {
    trace_db *db = open_fresh();
    int64_t run = 0;
    ck_assert_int_eq(trace_run_begin(db, "v", "reference", 1, "[]", "t", &run), 0);
    ck_assert_int_eq(trace_scenario_begin(db, run), 0);
    trace_step_row r = sample_step("kept", 0);
    ck_assert_int_eq(trace_step(db, &r), 0);
    trace_scenario_row kept = {"kept", "k.json", "00", "PASS", NULL, 1};
    ck_assert_int_eq(trace_scenario_commit(db, &kept), 0);
    ck_assert_int_eq(trace_scenario_begin(db, run), 0);
    r = sample_step("dropped", 0);
    ck_assert_int_eq(trace_step(db, &r), 0);
    trace_scenario_rollback(db);
    trace_close(db);
    ck_assert_int_eq(query_int("SELECT COUNT(*) FROM steps"), 1);
    ck_assert_int_eq(query_int("SELECT COUNT(*) FROM steps WHERE scenario = 'dropped'"), 0);
    ck_assert_int_eq(query_int("SELECT COUNT(*) FROM scenarios"), 1);
    ck_assert_int_eq(query_int("SELECT state = 'running' FROM runs"), 1);
    test_tmp_remove(db_path);
}
END_TEST

START_TEST(duplicate_step_is_an_error_with_message) {
    trace_db *db = open_fresh();
    int64_t run = 0;
    ck_assert_int_eq(trace_run_begin(db, "v", "reference", 1, "[]", "t", &run), 0);
    ck_assert_int_eq(trace_scenario_begin(db, run), 0);
    trace_step_row r = sample_step("a", 0);
    ck_assert_int_eq(trace_step(db, &r), 0);
    ck_assert_int_eq(trace_step(db, &r), -1);
    ck_assert_msg(strstr(trace_errmsg(db), "insert step: UNIQUE constraint failed") != NULL, "%s", trace_errmsg(db));
    trace_scenario_rollback(db);
    trace_close(db);
    test_tmp_remove(db_path);
}
END_TEST

START_TEST(newer_schema_is_refused) {
    trace_db *db = open_fresh();
    int64_t run = 0;
    ck_assert_int_eq(trace_run_begin(db, "v", "reference", 1, "[]", "t", &run), 0);
    trace_close(db);
    sqlite3 *h = NULL;
    ck_assert_int_eq(sqlite3_open(db_path, &h), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(h, "UPDATE runs SET schema_version = 99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    char err[256];
    ck_assert_int_eq(trace_open(db_path, &db, err, sizeof err), TRACE_OPEN_EINPUT);
    ck_assert_ptr_null(db);
    ck_assert_msg(strstr(err, "trace schema version 99 is newer than this rtshm's (3)") != NULL, "%s", err);
    test_tmp_remove(db_path);
}
END_TEST

/* A version-1 trace (its tables without version 2's columns, a run recorded) opened for writing is
 * migrated in one transaction: the columns added, its rows kept, new runs recorded as version 3. */
START_TEST(version_1_trace_is_migrated) {
    make_path();
    sqlite3 *h = NULL;
    ck_assert_int_eq(sqlite3_open(db_path, &h), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(h,
                                  "CREATE TABLE runs(run_id INTEGER PRIMARY KEY, schema_version INTEGER NOT NULL, "
                                  "tool_version TEXT NOT NULL, implementation TEXT NOT NULL, seed INTEGER NOT NULL, "
                                  "argv TEXT NOT NULL, started_at TEXT NOT NULL, state TEXT NOT NULL);"
                                  "CREATE TABLE scenarios(run_id INTEGER NOT NULL, scenario TEXT NOT NULL, path TEXT, "
                                  "sha256 TEXT, verdict TEXT, steps INTEGER, message TEXT, PRIMARY KEY(run_id, scenario));"
                                  "CREATE TABLE steps(run_id INTEGER NOT NULL, scenario TEXT NOT NULL, seq INTEGER NOT NULL, "
                                  "step INTEGER, vtime_us INTEGER, process TEXT, kind TEXT, api TEXT, function TEXT, "
                                  "args TEXT, ret TEXT, status TEXT, status_code INTEGER, last_error TEXT, "
                                  "last_error_code INTEGER, expected TEXT, verdict TEXT, clause TEXT, detail TEXT, "
                                  "PRIMARY KEY(run_id, scenario, seq));"
                                  "CREATE TABLE findings(run_id INTEGER NOT NULL, scenario TEXT NOT NULL, seq INTEGER, "
                                  "kind TEXT, clause TEXT, detail TEXT);"
                                  "CREATE TABLE scenario_clauses(run_id INTEGER NOT NULL, scenario TEXT NOT NULL, "
                                  "clause TEXT NOT NULL, PRIMARY KEY(run_id, scenario, clause));"
                                  "INSERT INTO runs VALUES (1, 1, 'old', 'reference', 1, '[]', 't', 'complete');"
                                  "INSERT INTO scenarios VALUES (1, 's', 'p', 'h', 'PASS', 1, NULL);"
                                  "INSERT INTO steps(run_id, scenario, seq, kind, verdict) VALUES (1, 's', 0, 'call', 'PASS');",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(h);
    trace_db *db = NULL;
    char err[256];
    ck_assert_msg(trace_open(db_path, &db, err, sizeof err) == 0, "%s", err);
    int64_t run = 0;
    ck_assert_int_eq(trace_run_begin(db, "v", "reference", 1, "[]", "t", &run), 0);
    trace_close(db);
    ck_assert_int_eq(query_int("SELECT COUNT(*) FROM pragma_table_info('steps') WHERE name IN ('after_restart', 'died')"), 2);
    ck_assert_int_eq(query_int("SELECT COUNT(*) FROM pragma_table_info('scenarios') WHERE name = 'backend_output'"), 1);
    ck_assert_int_eq(query_int("SELECT COUNT(*) FROM steps WHERE died IS NULL AND after_restart IS NULL"), 1);
    ck_assert_int_eq(query_int("SELECT COUNT(*) FROM pragma_table_info('steps') WHERE name IN ('native_error', "
                               "'native_error_kind', 'opaque')"), 3);
    /* the rebuilt steps admits version 2's SKIP verdict, keeps the old row, and has its views and indexes */
    ck_assert_int_eq(sqlite3_open(db_path, &h), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(h, "INSERT INTO steps(run_id, scenario, seq, kind, verdict) VALUES (2, 's', 0, 'call', 'SKIP')",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    ck_assert_int_eq(query_int("SELECT COUNT(*) FROM calls"), 2);
    ck_assert_int_eq(query_int("SELECT COUNT(*) FROM sqlite_master WHERE name IN ('steps_by_clause', 'steps_by_function', "
                               "'failures', 'status_counts', 'steps_v1')"), 4);
    ck_assert_int_eq(query_int("SELECT schema_version FROM runs WHERE run_id = 1"), 1);
    ck_assert_int_eq(query_int("SELECT schema_version FROM runs WHERE run_id = 2"), 3);
    ck_assert_int_eq(query_int("PRAGMA user_version"), 3);
    ck_assert_int_eq(query_int("SELECT COUNT(*) FROM pragma_table_info('scenarios') WHERE name = 'duration_us'"), 1);
    test_tmp_remove(db_path);
}
END_TEST

/* A version-2 trace (user_version 2, no scenarios.duration_us, no expectation tables) opened for writing
 * gains the column and the three tables and user_version 3; its rows are kept; new runs are recorded as
 * version 3. */
START_TEST(version_2_trace_is_migrated) {
    make_path();
    trace_db *db = NULL;
    char err[256];
    ck_assert_msg(trace_open(db_path, &db, err, sizeof err) == 0, "%s", err);
    int64_t run = 0;
    ck_assert_int_eq(trace_run_begin(db, "v", "reference", 1, "[]", "t", &run), 0);
    trace_close(db);
    sqlite3 *h = NULL;
    ck_assert_int_eq(sqlite3_open(db_path, &h), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(h, "DROP TABLE expect_entries; DROP TABLE scenario_expectations; "
                                     "DROP TABLE step_expectations; DROP VIEW failures; CREATE TABLE s2 AS SELECT run_id, scenario, path, sha256, "
                                     "verdict, steps, message, backend_output FROM scenarios; DROP TABLE scenarios; "
                                     "ALTER TABLE s2 RENAME TO scenarios; " /* no DROP COLUMN before SQLite 3.35 */
                                     "UPDATE runs SET schema_version = 2; PRAGMA user_version = 2;", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(h);
    ck_assert_msg(trace_open(db_path, &db, err, sizeof err) == 0, "%s", err);
    ck_assert_int_eq(trace_run_begin(db, "v", "reference", 1, "[]", "t", &run), 0);
    trace_close(db);
    ck_assert_int_eq(query_int("PRAGMA user_version"), 3);
    ck_assert_int_eq(query_int("SELECT COUNT(*) FROM sqlite_master WHERE name IN ('expect_entries', "
                               "'scenario_expectations', 'step_expectations')"), 3);
    ck_assert_int_eq(query_int("SELECT schema_version FROM runs WHERE run_id = 1"), 2);
    ck_assert_int_eq(query_int("SELECT schema_version FROM runs WHERE run_id = 2"), 3);
    ck_assert_int_eq(query_int("SELECT COUNT(*) FROM pragma_table_info('scenarios') WHERE name = 'duration_us'"), 1);
    test_tmp_remove(db_path);
}
END_TEST

Suite *writer_suite(void) {
    Suite *s = suite_create("trace-writer");
    TCase *tc = tcase_create("writer");
    tcase_add_test(tc, open_creates_tables_and_views);
    tcase_add_test(tc, committed_scenario_rows_and_run_state);
    tcase_add_test(tc, rolled_back_scenario_leaves_no_rows);
    tcase_add_test(tc, duplicate_step_is_an_error_with_message);
    tcase_add_test(tc, newer_schema_is_refused);
    tcase_add_test(tc, version_1_trace_is_migrated);
    tcase_add_test(tc, version_2_trace_is_migrated);
    suite_add_tcase(s, tc);
    return s;
}
