/* traces/src/expect.c — writing and reading a run's expectations (traces/expect.h): the three tables of
 * schema version 3, through statements prepared per call (a run writes them once, at its end). */
#include "traces/expect.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "query_int.h"

/* The sqlite3 handle of an open trace (writer.c). */
sqlite3 *trace__handle(trace_db *db);
/* Records SQLite's message for what failed as the trace's error (writer.c). */
int trace__fail(trace_db *db, const char *what);

static void bind_text_or_null(sqlite3_stmt *s, int i, const char *text) {
    if (text) sqlite3_bind_text(s, i, text, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(s, i);
}

/* Prepares sql, lets bind fill its parameters, runs it to completion. 0 or -1 (message in the trace). */
static int exec_bound(trace_db *db, const char *sql, const char *what, void (*bind)(sqlite3_stmt *, const void *),
                      const void *arg) {
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(trace__handle(db), sql, -1, &s, NULL);
    if (rc == SQLITE_OK) {
        bind(s, arg);
        rc = sqlite3_step(s) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
    }
    int out = rc == SQLITE_OK ? 0 : trace__fail(db, what);
    sqlite3_finalize(s);
    return out;
}

typedef struct bound_run {
    int64_t run_id;
    const void *row;
} bound_run;

static void bind_run(sqlite3_stmt *s, const void *arg) {
    sqlite3_bind_int64(s, 1, ((const bound_run *)arg)->run_id);
}

int trace_expect_begin(trace_db *db, int64_t run_id) {
    if (sqlite3_exec(trace__handle(db), "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return trace__fail(db, "record expectations");
    static const char *const clear[] = {"DELETE FROM expect_entries WHERE run_id = ?1",
                                        "DELETE FROM scenario_expectations WHERE run_id = ?1",
                                        "DELETE FROM step_expectations WHERE run_id = ?1"};
    bound_run arg = {run_id, NULL};
    for (size_t i = 0; i < sizeof clear / sizeof clear[0]; i++)
        if (exec_bound(db, clear[i], "clear expectations", bind_run, &arg) != 0) {
            trace_expect_rollback(db);
            return -1;
        }
    return 0;
}

static void bind_entry(sqlite3_stmt *s, const void *arg) {
    const bound_run *b = arg;
    const trace_expect_entry *e = b->row;
    sqlite3_bind_int64(s, 1, b->run_id);
    sqlite3_bind_int64(s, 2, e->entry);
    bind_text_or_null(s, 3, e->file);
    bind_text_or_null(s, 4, e->scenario);
    if (e->has_step) sqlite3_bind_int64(s, 5, e->step);
    else sqlite3_bind_null(s, 5);
    bind_text_or_null(s, 6, e->verdict);
    bind_text_or_null(s, 7, e->reason);
    bind_text_or_null(s, 8, e->link);
    sqlite3_bind_int64(s, 9, e->matched);
}

int trace_expect_add_entry(trace_db *db, int64_t run_id, const trace_expect_entry *row) {
    bound_run arg = {run_id, row};
    return exec_bound(db,
                      "INSERT INTO expect_entries(run_id, entry, file, scenario, step, verdict, reason, link, matched) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                      "record expectation entry", bind_entry, &arg);
}

static void bind_scenario(sqlite3_stmt *s, const void *arg) {
    const bound_run *b = arg;
    const trace_expect_scenario *e = b->row;
    sqlite3_bind_int64(s, 1, b->run_id);
    bind_text_or_null(s, 2, e->scenario);
    bind_text_or_null(s, 3, e->expected);
    bind_text_or_null(s, 4, e->outcome);
    if (e->has_entry) sqlite3_bind_int64(s, 5, e->entry);
    else sqlite3_bind_null(s, 5);
}

int trace_expect_add_scenario(trace_db *db, int64_t run_id, const trace_expect_scenario *row) {
    bound_run arg = {run_id, row};
    return exec_bound(db,
                      "INSERT INTO scenario_expectations(run_id, scenario, expected, outcome, entry) "
                      "VALUES (?1, ?2, ?3, ?4, ?5)",
                      "record scenario expectation", bind_scenario, &arg);
}

static void bind_step(sqlite3_stmt *s, const void *arg) {
    const bound_run *b = arg;
    const trace_expect_step *e = b->row;
    sqlite3_bind_int64(s, 1, b->run_id);
    bind_text_or_null(s, 2, e->scenario);
    sqlite3_bind_int64(s, 3, e->step);
    bind_text_or_null(s, 4, e->expected);
    bind_text_or_null(s, 5, e->actual);
    bind_text_or_null(s, 6, e->outcome);
    sqlite3_bind_int64(s, 7, e->entry);
}

int trace_expect_add_step(trace_db *db, int64_t run_id, const trace_expect_step *row) {
    bound_run arg = {run_id, row};
    return exec_bound(db,
                      "INSERT INTO step_expectations(run_id, scenario, step, expected, actual, outcome, entry) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                      "record step expectation", bind_step, &arg);
}

int trace_expect_commit(trace_db *db) {
    if (sqlite3_exec(trace__handle(db), "COMMIT", NULL, NULL, NULL) == SQLITE_OK) return 0;
    int rc = trace__fail(db, "commit expectations");
    trace_expect_rollback(db);
    return rc;
}

void trace_expect_rollback(trace_db *db) {
    sqlite3_exec(trace__handle(db), "ROLLBACK", NULL, NULL, NULL);
}

/* ---- reading ---- */

/* 1 when the reader's database has table name, 0 when not, -1 when SQLite failed. */
static int has_table(trace_reader *r, const char *name) {
    sqlite3_stmt *s = NULL;
    int found = -1;
    if (sqlite3_prepare_v2(r->db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?1", -1, &s,
                           NULL) == SQLITE_OK) {
        sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
        if (sqlite3_step(s) == SQLITE_ROW) found = sqlite3_column_int(s, 0) > 0;
    }
    if (found < 0) snprintf(r->errmsg, sizeof r->errmsg, "%s", sqlite3_errmsg(r->db));
    sqlite3_finalize(s);
    return found;
}

/* Prepares sql over table (0 and *out NULL when the trace has no such table), run_id bound. */
static int prepare_run_query(trace_reader *r, const char *table, const char *sql, int64_t run_id, sqlite3_stmt **out) {
    *out = NULL;
    int present = has_table(r, table);
    if (present <= 0) return present;
    if (sqlite3_prepare_v2(r->db, sql, -1, out, NULL) != SQLITE_OK) {
        snprintf(r->errmsg, sizeof r->errmsg, "%s", sqlite3_errmsg(r->db));
        return -1;
    }
    sqlite3_bind_int64(*out, 1, run_id);
    return 0;
}

/* Ends a visit: -1 (message kept) when rc is neither SQLITE_DONE nor a stop; finalizes s. */
static int end_visit(trace_reader *r, sqlite3_stmt *s, int rc, int stop) {
    if (!stop && rc != SQLITE_DONE) snprintf(r->errmsg, sizeof r->errmsg, "%s", sqlite3_errmsg(r->db));
    sqlite3_finalize(s);
    return stop ? stop : rc == SQLITE_DONE ? 0 : -1;
}

int trace_query_expect_entries(trace_reader *r, int64_t run_id, int (*fn)(void *ctx, const trace_expect_entry *row),
                               void *ctx) {
    sqlite3_stmt *s;
    int rc = prepare_run_query(r, "expect_entries",
                               "SELECT entry, file, scenario, step, verdict, reason, link, matched FROM expect_entries "
                               "WHERE run_id = ?1 ORDER BY entry",
                               run_id, &s);
    if (s == NULL) return rc;
    int stop = 0;
    while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        trace_expect_entry row = {.entry = sqlite3_column_int64(s, 0),
                                  .file = query__text(s, 1),
                                  .scenario = query__text(s, 2),
                                  .has_step = sqlite3_column_type(s, 3) != SQLITE_NULL,
                                  .step = sqlite3_column_int64(s, 3),
                                  .verdict = query__text(s, 4),
                                  .reason = query__text(s, 5),
                                  .link = query__text(s, 6),
                                  .matched = sqlite3_column_int64(s, 7)};
        stop = fn(ctx, &row);
    }
    return end_visit(r, s, rc, stop);
}

int trace_query_expect_scenarios(trace_reader *r, int64_t run_id,
                                 int (*fn)(void *ctx, const trace_expect_scenario *row), void *ctx) {
    sqlite3_stmt *s;
    int rc = prepare_run_query(r, "scenario_expectations",
                               "SELECT x.scenario, x.expected, x.outcome, x.entry, e.reason, e.link, e.scenario "
                               "FROM scenario_expectations x LEFT JOIN expect_entries e "
                               "ON e.run_id = x.run_id AND e.entry = x.entry WHERE x.run_id = ?1 ORDER BY x.scenario",
                               run_id, &s);
    if (s == NULL) return rc;
    int stop = 0;
    while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        trace_expect_scenario row = {.scenario = query__text(s, 0),
                                     .expected = query__text(s, 1),
                                     .outcome = query__text(s, 2),
                                     .has_entry = sqlite3_column_type(s, 3) != SQLITE_NULL,
                                     .entry = sqlite3_column_int64(s, 3),
                                     .reason = query__text(s, 4),
                                     .link = query__text(s, 5),
                                     .pattern = query__text(s, 6)};
        stop = fn(ctx, &row);
    }
    return end_visit(r, s, rc, stop);
}

int trace_query_expect_steps(trace_reader *r, int64_t run_id, int (*fn)(void *ctx, const trace_expect_step *row),
                             void *ctx) {
    sqlite3_stmt *s;
    int rc = prepare_run_query(r, "step_expectations",
                               "SELECT scenario, step, expected, actual, outcome, entry FROM step_expectations "
                               "WHERE run_id = ?1 ORDER BY scenario, step",
                               run_id, &s);
    if (s == NULL) return rc;
    int stop = 0;
    while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        trace_expect_step row = {.scenario = query__text(s, 0),
                                 .step = sqlite3_column_int64(s, 1),
                                 .expected = query__text(s, 2),
                                 .actual = query__text(s, 3),
                                 .outcome = query__text(s, 4),
                                 .entry = sqlite3_column_int64(s, 5)};
        stop = fn(ctx, &row);
    }
    return end_visit(r, s, rc, stop);
}
