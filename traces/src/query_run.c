/* traces/src/query_run.c — what the reader (traces/query.h) reads of a run besides its rows: the
 * scenarios' wall-clock durations (schema version 3; nothing in an older trace) and how many scenarios
 * the run selected. Statements are prepared per call: each is asked once per report. */
#include <stdio.h>
#include <string.h>

#include "query_int.h"

/* Prepares sql with run_id bound into *out. 0, or -1 with SQLite's message in the reader. */
static int prepare(trace_reader *r, const char *sql, int64_t run_id, sqlite3_stmt **out) {
    if (sqlite3_prepare_v2(r->db, sql, -1, out, NULL) != SQLITE_OK) {
        snprintf(r->errmsg, sizeof r->errmsg, "%s", sqlite3_errmsg(r->db));
        sqlite3_finalize(*out);
        *out = NULL;
        return -1;
    }
    sqlite3_bind_int64(*out, 1, run_id);
    return 0;
}

int trace_query_scenario_durations(trace_reader *r, int64_t run_id,
                                   int (*fn)(void *ctx, const char *scenario, int64_t duration_us), void *ctx) {
    sqlite3_stmt *s = NULL;
    int present = 0;
    if (prepare(r, "SELECT COUNT(*) FROM pragma_table_info('scenarios') WHERE name = 'duration_us' AND ?1 = ?1", 0,
                &s) != 0)
        return -1;
    if (sqlite3_step(s) == SQLITE_ROW) present = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    if (!present) return 0;
    if (prepare(r, "SELECT scenario, duration_us FROM scenarios WHERE run_id = ?1 AND duration_us IS NOT NULL "
                   "ORDER BY scenario",
                run_id, &s) != 0)
        return -1;
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW)
        stop = fn(ctx, query__text(s, 0), sqlite3_column_int64(s, 1));
    if (!stop && rc != SQLITE_DONE) snprintf(r->errmsg, sizeof r->errmsg, "%s", sqlite3_errmsg(r->db));
    sqlite3_finalize(s);
    return stop ? stop : rc == SQLITE_DONE ? 0 : -1;
}

int trace_query_selected_count(trace_reader *r, int64_t run_id, int64_t *count) {
    *count = 0;
    sqlite3_stmt *s = NULL;
    int present = 0;
    if (prepare(r, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'run_corpus' AND ?1 = ?1", 0,
                &s) != 0)
        return -1;
    if (sqlite3_step(s) == SQLITE_ROW) present = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    if (!present) return 0;
    if (prepare(r, "SELECT COUNT(*) FROM run_corpus WHERE run_id = ?1", run_id, &s) != 0) return -1;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) *count = sqlite3_column_int64(s, 0);
    else snprintf(r->errmsg, sizeof r->errmsg, "%s", sqlite3_errmsg(r->db));
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? 0 : -1;
}

int trace_query_status_outcome_counts(trace_reader *r, int64_t run_id,
                                      int (*fn)(void *ctx, const trace_status_outcome_count *row), void *ctx) {
    sqlite3_stmt *s = NULL;
    if (prepare(r,
                "SELECT api, function, status, verdict IS NOT NULL AND verdict IN ('FAIL','DIVERGE') AS failing, "
                "COUNT(*) FROM steps WHERE run_id = ?1 GROUP BY api, function, status, failing "
                "ORDER BY api, function, status, failing",
                run_id, &s) != 0)
        return -1;
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        trace_status_outcome_count row = {query__text(s, 0), query__text(s, 1), query__text(s, 2),
                                          sqlite3_column_int(s, 3) != 0, sqlite3_column_int64(s, 4)};
        stop = fn(ctx, &row);
    }
    if (!stop && rc != SQLITE_DONE) snprintf(r->errmsg, sizeof r->errmsg, "%s", sqlite3_errmsg(r->db));
    sqlite3_finalize(s);
    return stop ? stop : rc == SQLITE_DONE ? 0 : -1;
}
