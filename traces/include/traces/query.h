/* traces/query.h — reading a trace database: the rows of a run, for reports and summaries.
 *
 * Everything that knows the trace schema (TRACE-SCHEMA.md) lives in traces/; readers outside it ask
 * these functions for rows and never see SQL. A trace_reader is one database opened read-only. Each
 * query is a prepared statement, prepared on its first use and kept (reset and rebound on every call),
 * with every value bound; lists come in a fixed order (bytewise, i.e. BINARY collation, like strcmp),
 * so what a caller renders from them is deterministic.
 *
 * The row visitors share one contract: fn(ctx, row) is called once per row, in the order the function
 * states; the row and its strings are valid only until fn returns (copy what must outlive it). fn
 * returns 0 to go on, anything else to stop. Each visitor returns 0 after the last row, fn's non-zero
 * value when fn stopped it, or -1 when SQLite failed (trace_reader_errmsg says why). fn may run other
 * queries on the same reader, but not the one that called it (that query then fails). NULL columns are
 * NULL strings (and 0 numbers); a NULL scenario, clause or status argument matches no row. */
#ifndef TRACES_QUERY_H
#define TRACES_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "traces/trace.h"

typedef struct trace_reader trace_reader;

/* Return values of trace_reader_open. */
enum {
    TRACE_READER_OK = 0,
    TRACE_READER_ECANTOPEN = -1,
    TRACE_READER_ENOTTRACE = -2,
    TRACE_READER_ENEWER = -3,
    TRACE_READER_EDAMAGED = -4
};

/* Opens the database at path read-only (SQLITE_OPEN_READONLY: nothing created, the journal mode left
 * alone) and checks it holds the trace tables (runs, scenarios, steps, findings, scenario_clauses) of a
 * schema version this rtshm knows (traces/health.h, without quick_check: a caller that wants the pages
 * checked calls trace_check_file first). Returns TRACE_READER_OK; TRACE_READER_ECANTOPEN with "PATH: why"
 * in err when it cannot be opened; TRACE_READER_ENOTTRACE with "PATH: not an rtshm trace database (why)"
 * when it is no trace (not SQLite, or a table missing); TRACE_READER_ENEWER when its schema is newer;
 * TRACE_READER_EDAMAGED when SQLite finds its schema pages corrupt. On failure *out is NULL. */
int trace_reader_open(const char *path, trace_reader **out, char *err, size_t cap);
void trace_reader_close(trace_reader *r);

/* SQLite's message for the reader's last failure ("not an error" when there was none). */
const char *trace_reader_errmsg(const trace_reader *r);

/* ---- runs ---- */

/* One row of `runs`. */
typedef struct trace_run_row {
    int64_t run_id;
    const char *tool_version, *implementation, *argv, *started_at, *state;
    uint64_t seed;
} trace_run_row;

/* Run run_id, or the newest run when run_id is 0: fn is called once, or not at all when there is no
 * such run. */
int trace_query_run(trace_reader *r, int64_t run_id, int (*fn)(void *ctx, const trace_run_row *row), void *ctx);

/* Run run_id when it is not 0; otherwise the newest run of each implementation, by implementation. */
int trace_query_implementation_runs(trace_reader *r, int64_t run_id,
                                    int (*fn)(void *ctx, const trace_run_row *row), void *ctx);

/* The ids of the two newest runs (*older 0 when there is only one; both 0 when none). 0 or -1. */
int trace_query_newest_runs(trace_reader *r, int64_t *older, int64_t *newer);

/* ---- scenarios ---- */

/* The scenarios of run_id by scenario id (trace_scenario_row without clauses: clauses NULL, count 0). */
int trace_query_scenarios(trace_reader *r, int64_t run_id, int (*fn)(void *ctx, const trace_scenario_row *row),
                          void *ctx);

/* How many scenarios of run_id ended with one verdict (NULL: none recorded), and their steps. */
typedef struct trace_verdict_count {
    const char *verdict;
    int64_t scenarios;
    int64_t steps; /* the sum of their `steps` (NULL counts 0) */
} trace_verdict_count;

/* One row per distinct scenario verdict of run_id, by verdict (NULL first). */
int trace_query_verdict_counts(trace_reader *r, int64_t run_id, int (*fn)(void *ctx, const trace_verdict_count *row),
                               void *ctx);

/* ---- steps and findings ---- */

/* Which steps of a run trace_query_steps visits. */
typedef enum trace_step_filter {
    TRACE_STEPS_FAILING, /* verdict FAIL or DIVERGE */
    TRACE_STEPS_JUDGED   /* verdict PASS, FAIL or DIVERGE (not NONE, not NULL) */
} trace_step_filter;

/* The steps of run_id that pass filter, by scenario then seq (every column of trace_step_row). */
int trace_query_steps(trace_reader *r, int64_t run_id, trace_step_filter filter,
                      int (*fn)(void *ctx, const trace_step_row *row), void *ctx);

/* The steps of one scenario of run_id, by seq. */
int trace_query_scenario_steps(trace_reader *r, int64_t run_id, const char *scenario,
                               int (*fn)(void *ctx, const trace_step_row *row), void *ctx);

/* One row of `findings`. */
typedef struct trace_finding_row {
    const char *scenario;
    int64_t seq; /* the step it follows; 0 when NULL */
    const char *kind, *clause, *detail;
} trace_finding_row;

/* The findings of one scenario of run_id, by seq then insertion order. */
int trace_query_scenario_findings(trace_reader *r, int64_t run_id, const char *scenario,
                                  int (*fn)(void *ctx, const trace_finding_row *row), void *ctx);

/* The number of findings of run_id in *count. 0 or -1. */
int trace_query_finding_count(trace_reader *r, int64_t run_id, int64_t *count);

/* ---- coverage: what a run did with clauses, functions and statuses ---- */

/* Steps of run_id per (api, function, status); status NULL for steps that recorded none. */
typedef struct trace_status_count {
    const char *api, *function, *status;
    int64_t steps;
} trace_status_count;

/* Every (api, function, status) of run_id's steps, by api, function, status (NULLs first). */
int trace_query_status_counts(trace_reader *r, int64_t run_id, int (*fn)(void *ctx, const trace_status_count *row),
                              void *ctx);

/* A scenario of run_id whose file cites a clause (scenario_clauses), with its verdict. */
typedef struct trace_citation {
    const char *scenario, *verdict;
} trace_citation;

/* The scenarios of run_id citing clause, by scenario id. */
int trace_query_clause_citations(trace_reader *r, int64_t run_id, const char *clause,
                                 int (*fn)(void *ctx, const trace_citation *row), void *ctx);

/* How many steps of run_id a clause decided (the clause behind their outcome) with one step verdict. */
typedef struct trace_decided_count {
    const char *verdict; /* PASS, FAIL, DIVERGE, NONE; NULL when the step recorded none */
    int64_t steps;
} trace_decided_count;

/* One row per step verdict of the steps clause decided in run_id, by verdict (NULL first). */
int trace_query_clause_verdicts(trace_reader *r, int64_t run_id, const char *clause,
                                int (*fn)(void *ctx, const trace_decided_count *row), void *ctx);

/* The number of steps of run_id that called api:function and produced status, in *count. 0 or -1. */
int trace_query_status_produced(trace_reader *r, int64_t run_id, const char *api, const char *function,
                                const char *status, int64_t *count);

/* ---- what a run recorded besides its rows (query_run.c) ---- */

/* The wall-clock duration of each scenario of run_id (scenarios.duration_us, schema version 3), by scenario
 * id; rows without one (recorded before version 3) are left out, and a trace of version 1 or 2 visits
 * nothing. */
int trace_query_scenario_durations(trace_reader *r, int64_t run_id,
                                   int (*fn)(void *ctx, const char *scenario, int64_t duration_us), void *ctx);

/* Steps of run_id per (api, function, status) and whether they failed (verdict FAIL or DIVERGE): what the
 * HTML chart colours by class. By api, function, status (NULLs first), passing before failing. */
typedef struct trace_status_outcome_count {
    const char *api, *function, *status;
    bool failing;
    int64_t steps;
} trace_status_outcome_count;
int trace_query_status_outcome_counts(trace_reader *r, int64_t run_id,
                                      int (*fn)(void *ctx, const trace_status_outcome_count *row), void *ctx);

/* How many scenarios run_id selected when it began (its run_corpus rows) in *count: 0 for a run recorded
 * before run_corpus existed. With the run's scenarios rows, how many were not run. 0 or -1. */
int trace_query_selected_count(trace_reader *r, int64_t run_id, int64_t *count);

#endif
