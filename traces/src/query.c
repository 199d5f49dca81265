/* traces/src/query.c — the trace reader (traces/query.h): opening a trace read-only, the SQL of every
 * query it offers, and the visitors of runs and scenarios. Steps, findings and coverage rows are in
 * query_steps.c. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "health_int.h"
#include "query_int.h"

#define RUN_COLUMNS "run_id, tool_version, implementation, seed, argv, started_at, state"
#define STEP_COLUMNS                                                                                              \
    "scenario, seq, step, vtime_us, process, kind, api, function, args, ret, status, status_code, last_error, "    \
    "last_error_code, expected, verdict, clause, detail"

/* In enum query_id's order. Orders use the default BINARY collation: bytewise, NULL first. */
static const char *const query_sql[Q_COUNT] = {
    [Q_RUN_BY_ID] = "SELECT " RUN_COLUMNS " FROM runs WHERE run_id = ?1",
    [Q_RUN_NEWEST] = "SELECT " RUN_COLUMNS " FROM runs ORDER BY run_id DESC LIMIT 1",
    [Q_RUNS_NEWEST_PER_IMPLEMENTATION] = "SELECT " RUN_COLUMNS " FROM runs WHERE run_id IN "
                                         "(SELECT MAX(run_id) FROM runs GROUP BY implementation) ORDER BY implementation",
    [Q_SCENARIOS] = "SELECT scenario, path, sha256, verdict, steps, message FROM scenarios WHERE run_id = ?1 "
                    "ORDER BY scenario",
    [Q_VERDICT_COUNTS] = "SELECT verdict, COUNT(*), TOTAL(steps) FROM scenarios WHERE run_id = ?1 GROUP BY verdict "
                         "ORDER BY verdict",
    [Q_STEPS_FAILING] = "SELECT " STEP_COLUMNS " FROM steps WHERE run_id = ?1 AND verdict IN ('FAIL','DIVERGE') "
                        "ORDER BY scenario, seq",
    [Q_STEPS_JUDGED] = "SELECT " STEP_COLUMNS " FROM steps WHERE run_id = ?1 AND verdict IN ('PASS','FAIL','DIVERGE') "
                       "ORDER BY scenario, seq",
    [Q_SCENARIO_STEPS] = "SELECT " STEP_COLUMNS " FROM steps WHERE run_id = ?1 AND scenario = ?2 ORDER BY seq",
    [Q_SCENARIO_FINDINGS] = "SELECT scenario, seq, kind, clause, detail FROM findings WHERE run_id = ?1 AND "
                            "scenario = ?2 ORDER BY seq, rowid",
    [Q_FINDING_COUNT] = "SELECT COUNT(*) FROM findings WHERE run_id = ?1",
    [Q_STATUS_COUNTS] = "SELECT api, function, status, COUNT(*) FROM steps WHERE run_id = ?1 "
                        "GROUP BY api, function, status ORDER BY api, function, status",
    [Q_CLAUSE_CITATIONS] = "SELECT c.scenario, s.verdict FROM scenario_clauses c JOIN scenarios s "
                           "ON s.run_id = c.run_id AND s.scenario = c.scenario WHERE c.run_id = ?1 AND c.clause = ?2 "
                           "ORDER BY c.scenario",
    [Q_CLAUSE_VERDICTS] = "SELECT verdict, COUNT(*) FROM steps WHERE run_id = ?1 AND clause = ?2 "
                          "GROUP BY verdict ORDER BY verdict",
    [Q_STATUS_PRODUCED] = "SELECT COUNT(*) FROM steps WHERE run_id = ?1 AND api = ?2 AND function = ?3 AND status = ?4",
    [Q_RUNS_NEWEST_TWO] = "SELECT run_id FROM runs ORDER BY run_id DESC LIMIT 2",
};

int trace_reader_open(const char *path, trace_reader **out, char *err, size_t cap) {
    *out = NULL;
    trace_reader *r = calloc(1, sizeof *r);
    if (r == NULL) {
        snprintf(err, cap, "%s: out of memory", path);
        return TRACE_READER_ECANTOPEN;
    }
    if (trace_path_irregular(path, err, cap)) {
        trace_reader_close(r);
        return TRACE_READER_ENOTTRACE;
    }
    if (sqlite3_open_v2(path, &r->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        snprintf(err, cap, "%s: %s", path, r->db ? sqlite3_errmsg(r->db) : "cannot open");
        trace_reader_close(r);
        return TRACE_READER_ECANTOPEN;
    }
    /* Every table of the schema must be there, of a version this rtshm knows (health.c; the statements
     * themselves are prepared on first use). */
    trace_health h = trace__check_handle(r->db, path, false, NULL, err, cap);
    if (h == TRACE_HEALTH_EMPTY) snprintf(err, cap, "%s: not an rtshm trace database (no such table: runs)", path);
    if (h != TRACE_HEALTH_OK) {
        trace_reader_close(r);
        return h == TRACE_HEALTH_NEWER     ? TRACE_READER_ENEWER
               : h == TRACE_HEALTH_DAMAGED ? TRACE_READER_EDAMAGED
               : h == TRACE_HEALTH_CANTOPEN ? TRACE_READER_ECANTOPEN
                                            : TRACE_READER_ENOTTRACE;
    }
    snprintf(r->errmsg, sizeof r->errmsg, "not an error");
    *out = r;
    return TRACE_READER_OK;
}

void trace_reader_close(trace_reader *r) {
    if (r == NULL) return;
    for (int i = 0; i < Q_COUNT; i++) sqlite3_finalize(r->stmt[i]);
    sqlite3_close(r->db);
    free(r);
}

const char *trace_reader_errmsg(const trace_reader *r) {
    return r->errmsg;
}

sqlite3_stmt *query__begin(trace_reader *r, enum query_id id) {
    if (r->busy[id]) {
        snprintf(r->errmsg, sizeof r->errmsg, "query %d restarted by its own callback", (int)id);
        return NULL;
    }
    if (r->stmt[id] == NULL &&
        sqlite3_prepare_v3(r->db, query_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &r->stmt[id], NULL) != SQLITE_OK) {
        snprintf(r->errmsg, sizeof r->errmsg, "%s", sqlite3_errmsg(r->db));
        sqlite3_finalize(r->stmt[id]);
        r->stmt[id] = NULL;
        return NULL;
    }
    r->busy[id] = true;
    return r->stmt[id];
}

int query__end(trace_reader *r, enum query_id id, int rc) {
    if (rc == -1) snprintf(r->errmsg, sizeof r->errmsg, "%s", sqlite3_errmsg(r->db));
    sqlite3_reset(r->stmt[id]);
    sqlite3_clear_bindings(r->stmt[id]);
    r->busy[id] = false;
    return rc;
}

const char *query__text(sqlite3_stmt *s, int i) {
    return (const char *)sqlite3_column_text(s, i);
}

/* ---- runs ---- */

/* Visits the rows of runs query id (run_id bound when not 0). */
static int visit_runs(trace_reader *r, enum query_id id, int64_t run_id,
                      int (*fn)(void *ctx, const trace_run_row *row), void *ctx) {
    sqlite3_stmt *s = query__begin(r, id);
    if (s == NULL) return -1;
    if (run_id) sqlite3_bind_int64(s, 1, run_id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        trace_run_row row = {.run_id = sqlite3_column_int64(s, 0),
                             .tool_version = query__text(s, 1),
                             .implementation = query__text(s, 2),
                             .seed = (uint64_t)sqlite3_column_int64(s, 3),
                             .argv = query__text(s, 4),
                             .started_at = query__text(s, 5),
                             .state = query__text(s, 6)};
        int stop = fn(ctx, &row);
        if (stop) return query__end(r, id, stop);
    }
    return query__end(r, id, rc == SQLITE_DONE ? 0 : -1);
}

int trace_query_run(trace_reader *r, int64_t run_id, int (*fn)(void *ctx, const trace_run_row *row), void *ctx) {
    return visit_runs(r, run_id ? Q_RUN_BY_ID : Q_RUN_NEWEST, run_id, fn, ctx);
}

int trace_query_implementation_runs(trace_reader *r, int64_t run_id,
                                    int (*fn)(void *ctx, const trace_run_row *row), void *ctx) {
    return visit_runs(r, run_id ? Q_RUN_BY_ID : Q_RUNS_NEWEST_PER_IMPLEMENTATION, run_id, fn, ctx);
}

int trace_query_newest_runs(trace_reader *r, int64_t *older, int64_t *newer) {
    *older = *newer = 0;
    sqlite3_stmt *s = query__begin(r, Q_RUNS_NEWEST_TWO);
    if (s == NULL) return -1;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *newer = sqlite3_column_int64(s, 0);
        rc = sqlite3_step(s);
        if (rc == SQLITE_ROW) *older = sqlite3_column_int64(s, 0);
    }
    return query__end(r, Q_RUNS_NEWEST_TWO, rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1);
}

/* ---- scenarios ---- */

int trace_query_scenarios(trace_reader *r, int64_t run_id, int (*fn)(void *ctx, const trace_scenario_row *row),
                          void *ctx) {
    sqlite3_stmt *s = query__begin(r, Q_SCENARIOS);
    if (s == NULL) return -1;
    sqlite3_bind_int64(s, 1, run_id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        trace_scenario_row row = {.scenario = query__text(s, 0),
                                  .path = query__text(s, 1),
                                  .sha256 = query__text(s, 2),
                                  .verdict = query__text(s, 3),
                                  .steps = sqlite3_column_int64(s, 4),
                                  .message = query__text(s, 5)};
        int stop = fn(ctx, &row);
        if (stop) return query__end(r, Q_SCENARIOS, stop);
    }
    return query__end(r, Q_SCENARIOS, rc == SQLITE_DONE ? 0 : -1);
}

int trace_query_verdict_counts(trace_reader *r, int64_t run_id, int (*fn)(void *ctx, const trace_verdict_count *row),
                               void *ctx) {
    sqlite3_stmt *s = query__begin(r, Q_VERDICT_COUNTS);
    if (s == NULL) return -1;
    sqlite3_bind_int64(s, 1, run_id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        /* TOTAL() is a float (0.0 over NULLs); step counts are integers well inside its exact range */
        trace_verdict_count row = {query__text(s, 0), sqlite3_column_int64(s, 1), (int64_t)sqlite3_column_double(s, 2)};
        int stop = fn(ctx, &row);
        if (stop) return query__end(r, Q_VERDICT_COUNTS, stop);
    }
    return query__end(r, Q_VERDICT_COUNTS, rc == SQLITE_DONE ? 0 : -1);
}
