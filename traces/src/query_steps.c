/* traces/src/query_steps.c — the reader's visitors of steps and findings, and the coverage rows built
 * from them (status counts, citations, the verdicts a clause decided). The SQL is in query.c. */
#include "query_int.h"

/* Visits the step rows of query id (run_id and, when not NULL, scenario bound). */
static int visit_steps(trace_reader *r, enum query_id id, int64_t run_id, const char *scenario,
                       int (*fn)(void *ctx, const trace_step_row *row), void *ctx) {
    sqlite3_stmt *s = query__begin(r, id);
    if (s == NULL) return -1;
    sqlite3_bind_int64(s, 1, run_id);
    if (scenario) sqlite3_bind_text(s, 2, scenario, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        trace_step_row row = {.scenario = query__text(s, 0),
                              .seq = sqlite3_column_int64(s, 1),
                              .step = sqlite3_column_int64(s, 2),
                              .vtime_us = sqlite3_column_int64(s, 3),
                              .process = query__text(s, 4),
                              .kind = query__text(s, 5),
                              .api = query__text(s, 6),
                              .function = query__text(s, 7),
                              .args = query__text(s, 8),
                              .ret = query__text(s, 9),
                              .status = query__text(s, 10),
                              .has_status_code = sqlite3_column_type(s, 11) != SQLITE_NULL,
                              .status_code = sqlite3_column_int64(s, 11),
                              .last_error = query__text(s, 12),
                              .has_last_error_code = sqlite3_column_type(s, 13) != SQLITE_NULL,
                              .last_error_code = sqlite3_column_int64(s, 13),
                              .expected = query__text(s, 14),
                              .verdict = query__text(s, 15),
                              .clause = query__text(s, 16),
                              .detail = query__text(s, 17)};
        int stop = fn(ctx, &row);
        if (stop) return query__end(r, id, stop);
    }
    return query__end(r, id, rc == SQLITE_DONE ? 0 : -1);
}

int trace_query_steps(trace_reader *r, int64_t run_id, trace_step_filter filter,
                      int (*fn)(void *ctx, const trace_step_row *row), void *ctx) {
    return visit_steps(r, filter == TRACE_STEPS_FAILING ? Q_STEPS_FAILING : Q_STEPS_JUDGED, run_id, NULL, fn, ctx);
}

int trace_query_scenario_steps(trace_reader *r, int64_t run_id, const char *scenario,
                               int (*fn)(void *ctx, const trace_step_row *row), void *ctx) {
    return visit_steps(r, Q_SCENARIO_STEPS, run_id, scenario, fn, ctx);
}

int trace_query_scenario_findings(trace_reader *r, int64_t run_id, const char *scenario,
                                  int (*fn)(void *ctx, const trace_finding_row *row), void *ctx) {
    sqlite3_stmt *s = query__begin(r, Q_SCENARIO_FINDINGS);
    if (s == NULL) return -1;
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_text(s, 2, scenario, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        trace_finding_row row = {query__text(s, 0), sqlite3_column_int64(s, 1), query__text(s, 2), query__text(s, 3),
                                 query__text(s, 4)};
        int stop = fn(ctx, &row);
        if (stop) return query__end(r, Q_SCENARIO_FINDINGS, stop);
    }
    return query__end(r, Q_SCENARIO_FINDINGS, rc == SQLITE_DONE ? 0 : -1);
}

/* Runs counting query id (its text parameters bound from ?2 on; NULL binds SQL NULL) into *count. */
static int count_rows(trace_reader *r, enum query_id id, int64_t run_id, const char *const *texts, int text_count,
                      int64_t *count) {
    *count = 0;
    sqlite3_stmt *s = query__begin(r, id);
    if (s == NULL) return -1;
    sqlite3_bind_int64(s, 1, run_id);
    for (int i = 0; i < text_count; i++)
        if (texts[i]) sqlite3_bind_text(s, 2 + i, texts[i], -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) *count = sqlite3_column_int64(s, 0);
    return query__end(r, id, rc == SQLITE_ROW ? 0 : -1);
}

int trace_query_finding_count(trace_reader *r, int64_t run_id, int64_t *count) {
    return count_rows(r, Q_FINDING_COUNT, run_id, NULL, 0, count);
}

int trace_query_status_produced(trace_reader *r, int64_t run_id, const char *api, const char *function,
                                const char *status, int64_t *count) {
    const char *const texts[] = {api, function, status};
    return count_rows(r, Q_STATUS_PRODUCED, run_id, texts, 3, count);
}

int trace_query_status_counts(trace_reader *r, int64_t run_id, int (*fn)(void *ctx, const trace_status_count *row),
                              void *ctx) {
    sqlite3_stmt *s = query__begin(r, Q_STATUS_COUNTS);
    if (s == NULL) return -1;
    sqlite3_bind_int64(s, 1, run_id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        trace_status_count row = {query__text(s, 0), query__text(s, 1), query__text(s, 2), sqlite3_column_int64(s, 3)};
        int stop = fn(ctx, &row);
        if (stop) return query__end(r, Q_STATUS_COUNTS, stop);
    }
    return query__end(r, Q_STATUS_COUNTS, rc == SQLITE_DONE ? 0 : -1);
}

int trace_query_clause_citations(trace_reader *r, int64_t run_id, const char *clause,
                                 int (*fn)(void *ctx, const trace_citation *row), void *ctx) {
    sqlite3_stmt *s = query__begin(r, Q_CLAUSE_CITATIONS);
    if (s == NULL) return -1;
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_text(s, 2, clause, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        trace_citation row = {query__text(s, 0), query__text(s, 1)};
        int stop = fn(ctx, &row);
        if (stop) return query__end(r, Q_CLAUSE_CITATIONS, stop);
    }
    return query__end(r, Q_CLAUSE_CITATIONS, rc == SQLITE_DONE ? 0 : -1);
}

int trace_query_clause_verdicts(trace_reader *r, int64_t run_id, const char *clause,
                                int (*fn)(void *ctx, const trace_decided_count *row), void *ctx) {
    sqlite3_stmt *s = query__begin(r, Q_CLAUSE_VERDICTS);
    if (s == NULL) return -1;
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_text(s, 2, clause, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        trace_decided_count row = {query__text(s, 0), sqlite3_column_int64(s, 1)};
        int stop = fn(ctx, &row);
        if (stop) return query__end(r, Q_CLAUSE_VERDICTS, stop);
    }
    return query__end(r, Q_CLAUSE_VERDICTS, rc == SQLITE_DONE ? 0 : -1);
}
