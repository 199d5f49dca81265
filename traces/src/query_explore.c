/* traces/src/query_explore.c — the reader's queries over the explore tables (traces/explore_query.h).
 *
 * The tables exist only in a trace an exploration was recorded into, so each query first looks its table
 * up in sqlite_master and visits nothing when it is absent. Statements are prepared per call (a report
 * asks each once), every value is bound, every list has an ORDER BY on the primary key and a LIMIT, and
 * every text is cut (substr, in characters) to a bound of its own: 32 for seeds, verdicts and states, 256
 * for names, 1,000 for a message, 4,096 for a path or an implementation, 8,192 for a command line. */
#include "traces/explore_query.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "query_int.h"

/* Records SQLite's message in the reader. */
static void note(trace_reader *r) {
    snprintf(r->errmsg, sizeof r->errmsg, "%s", sqlite3_errmsg(r->db));
}

/* 1 when the reader's database has table name, 0 when not, -1 when SQLite failed. */
static int has_table(trace_reader *r, const char *name) {
    sqlite3_stmt *s = NULL;
    int found = -1;
    if (sqlite3_prepare_v2(r->db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?1", -1, &s,
                           NULL) == SQLITE_OK &&
        sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        found = sqlite3_column_int(s, 0) > 0;
    if (found < 0) note(r);
    sqlite3_finalize(s);
    return found;
}

/* Prepares sql over table with ?1 = id and ?2 = limit bound: 0 with *out NULL when the table is absent, 0
 * with *out set, or -1 (message in the reader). */
static int prepare(trace_reader *r, const char *table, const char *sql, int64_t id, int64_t limit,
                   sqlite3_stmt **out) {
    *out = NULL;
    int present = has_table(r, table);
    if (present <= 0) return present;
    if (sqlite3_prepare_v2(r->db, sql, -1, out, NULL) != SQLITE_OK) {
        note(r);
        sqlite3_finalize(*out);
        *out = NULL;
        return -1;
    }
    sqlite3_bind_int64(*out, 1, id);
    if (sqlite3_bind_parameter_count(*out) >= 2) sqlite3_bind_int64(*out, 2, limit);
    return 0;
}

/* Ends a visit: -1 (message kept) when rc is neither SQLITE_DONE nor a stop; finalizes s. */
static int end_visit(trace_reader *r, sqlite3_stmt *s, int rc, int stop) {
    if (!stop && rc != SQLITE_DONE) note(r);
    sqlite3_finalize(s);
    return stop ? stop : rc == SQLITE_DONE ? 0 : -1;
}

/* Runs a one-row statement of up to two integer columns into a and b (left 0 without a table). 0 or -1. */
static int one_row(trace_reader *r, const char *table, const char *sql, int64_t id, int64_t *a, int64_t *b) {
    *a = 0;
    if (b) *b = 0;
    sqlite3_stmt *s;
    int rc = prepare(r, table, sql, id, 0, &s);
    if (s == NULL) return rc;
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *a = sqlite3_column_int64(s, 0);
        if (b) *b = sqlite3_column_int64(s, 1);
    } else {
        note(r);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? 0 : -1;
}

int trace_query_explore_count(trace_reader *r, int64_t *count, int64_t *newest) {
    return one_row(r, "explore_runs", "SELECT COUNT(*), COALESCE(MAX(id), 0) FROM explore_runs WHERE ?1 = ?1", 0, count,
                   newest);
}

int trace_query_explore_run(trace_reader *r, int64_t id, int (*fn)(void *ctx, const trace_explore_run *row), void *ctx) {
    sqlite3_stmt *s;
    int rc = prepare(r, "explore_runs",
                     "SELECT id, substr(tool_version, 1, 256), substr(implementation, 1, 4096), substr(seed, 1, 32), "
                     "substr(args, 1, 8192), substr(state, 1, 32), exit_code, scenarios, steps, diverged "
                     "FROM explore_runs WHERE id = ?1",
                     id, 0, &s);
    if (s == NULL) return rc;
    int stop = 0;
    while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        trace_explore_run row = {.id = sqlite3_column_int64(s, 0),
                                 .tool_version = query__text(s, 1),
                                 .implementation = query__text(s, 2),
                                 .seed = query__text(s, 3),
                                 .args = query__text(s, 4),
                                 .state = query__text(s, 5),
                                 .has_exit_code = sqlite3_column_type(s, 6) != SQLITE_NULL,
                                 .exit_code = sqlite3_column_int64(s, 6),
                                 .scenarios = sqlite3_column_int64(s, 7),
                                 .steps = sqlite3_column_int64(s, 8),
                                 .diverged = sqlite3_column_int64(s, 9)};
        stop = fn(ctx, &row);
    }
    return end_visit(r, s, rc, stop);
}

int trace_query_explore_recorded(trace_reader *r, int64_t id, int64_t *scenarios, int64_t *divergences) {
    return one_row(r, "explore_scenarios",
                   "SELECT COUNT(*), COALESCE(SUM(verdict <> 'PASS'), 0) FROM explore_scenarios WHERE run_id = ?1", id,
                   scenarios, divergences);
}

int trace_query_explore_divergences(trace_reader *r, int64_t id, int64_t limit,
                                    int (*fn)(void *ctx, const trace_explore_divergence *row), void *ctx) {
    sqlite3_stmt *s;
    int rc = prepare(r, "explore_scenarios",
                     "SELECT number, substr(seed, 1, 32), substr(verdict, 1, 32), step, substr(function, 1, 256), "
                     "substr(clause, 1, 256), fields, substr(message, 1, 1000) "
                     "FROM explore_scenarios WHERE run_id = ?1 AND verdict <> 'PASS' ORDER BY number LIMIT ?2",
                     id, limit, &s);
    if (s == NULL) return rc;
    int stop = 0;
    while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        trace_explore_divergence row = {.number = sqlite3_column_int64(s, 0),
                                        .seed = query__text(s, 1),
                                        .verdict = query__text(s, 2),
                                        .has_step = sqlite3_column_type(s, 3) != SQLITE_NULL,
                                        .step = sqlite3_column_int64(s, 3),
                                        .function = query__text(s, 4),
                                        .clause = query__text(s, 5),
                                        .fields = sqlite3_column_int64(s, 6),
                                        .message = query__text(s, 7)};
        stop = fn(ctx, &row);
    }
    return end_visit(r, s, rc, stop);
}

int trace_query_explore_shrunk_count(trace_reader *r, int64_t id, int64_t *count) {
    return one_row(r, "explore_shrunk", "SELECT COUNT(*) FROM explore_shrunk WHERE run_id = ?1", id, count, NULL);
}

int trace_query_explore_shrunk(trace_reader *r, int64_t id, int64_t limit,
                               int (*fn)(void *ctx, const trace_explore_shrunk *row), void *ctx) {
    sqlite3_stmt *s;
    int rc = prepare(r, "explore_shrunk",
                     "SELECT number, substr(verdict, 1, 32), substr(clause, 1, 256), substr(function, 1, 256), fields, "
                     "substr(path, 1, 4096), steps_before, steps_after, candidates "
                     "FROM explore_shrunk WHERE run_id = ?1 ORDER BY number LIMIT ?2",
                     id, limit, &s);
    if (s == NULL) return rc;
    int stop = 0;
    while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        trace_explore_shrunk row = {.number = sqlite3_column_int64(s, 0),
                                    .verdict = query__text(s, 1),
                                    .clause = query__text(s, 2),
                                    .function = query__text(s, 3),
                                    .fields = sqlite3_column_int64(s, 4),
                                    .path = query__text(s, 5),
                                    .steps_before = sqlite3_column_int64(s, 6),
                                    .steps_after = sqlite3_column_int64(s, 7),
                                    .candidates = sqlite3_column_int64(s, 8)};
        stop = fn(ctx, &row);
    }
    return end_visit(r, s, rc, stop);
}
