/* traces/explore_query.h — reading the explore tables of a trace (`rtshm explore --db`; TRACE-SCHEMA.md,
 * "Explore tables"): the explorations (explore_runs), the generated scenarios that diverged
 * (explore_scenarios rows whose verdict is not PASS) and the shrunk files (explore_shrunk).
 *
 * The tables are the explorer's own (conformance/cli/explore_record.c makes them with CREATE TABLE IF NOT
 * EXISTS when an exploration is recorded), so a trace may lack any of them: each function then visits
 * nothing (counts 0). Rows are read as recorded: an exploration that did not finish has state `running` or
 * `interrupted` and a NULL exit code. Visitors follow traces/query.h's contract (the row lives until fn
 * returns; fn returns non-zero to stop; -1 when SQLite failed, trace_reader_errmsg says why). Every list
 * comes in a fixed order (ids, numbers ascending) and every visit is bounded by the caller's limit. */
#ifndef TRACES_EXPLORE_QUERY_H
#define TRACES_EXPLORE_QUERY_H

#include <stdbool.h>
#include <stdint.h>

#include "traces/query.h"

/* One row of explore_runs. */
typedef struct trace_explore_run {
    int64_t id;
    const char *tool_version, *implementation;
    const char *seed; /* --seed, decimal, as recorded */
    const char *args; /* the command line, a JSON array of strings */
    const char *state; /* running, complete or interrupted */
    bool has_exit_code;
    int64_t exit_code;
    int64_t scenarios, steps, diverged; /* the totals the run recorded at its end (0 while running) */
} trace_explore_run;

/* A generated scenario that diverged (explore_scenarios, verdict not PASS). */
typedef struct trace_explore_divergence {
    int64_t number;
    const char *seed;    /* the scenario's own seed, 16 hex digits */
    const char *verdict; /* FAIL, DIVERGE, CRASH, TIMEOUT, ERROR, INVARIANT */
    bool has_step;
    int64_t step;
    const char *function, *clause; /* NULL when not recorded */
    int64_t fields;                /* mismatching fields as bits: 1 return, 2 status, 4 last_error, 8 fault, 16 data */
    const char *message;           /* the runner's first-failure message (at most 1000 characters), or NULL */
} trace_explore_divergence;

/* One row of explore_shrunk (its scenario text is not read). */
typedef struct trace_explore_shrunk {
    int64_t number; /* the scenario the divergence was first seen in */
    const char *verdict, *clause, *function;
    int64_t fields;
    const char *path; /* the file written */
    int64_t steps_before, steps_after, candidates;
} trace_explore_shrunk;

/* The number of explorations in *count and the newest one's id in *newest (both 0 when the trace has none
 * or no explore_runs table). 0 or -1. */
int trace_query_explore_count(trace_reader *r, int64_t *count, int64_t *newest);

/* Exploration id: fn is called once, or not at all when there is no such row. */
int trace_query_explore_run(trace_reader *r, int64_t id, int (*fn)(void *ctx, const trace_explore_run *row), void *ctx);

/* How many scenarios of exploration id were recorded in *scenarios, and how many of them diverged in
 * *divergences (the rows, whatever the run's own totals say). 0 or -1. */
int trace_query_explore_recorded(trace_reader *r, int64_t id, int64_t *scenarios, int64_t *divergences);

/* The first `limit` divergences of exploration id, by scenario number. */
int trace_query_explore_divergences(trace_reader *r, int64_t id, int64_t limit,
                                    int (*fn)(void *ctx, const trace_explore_divergence *row), void *ctx);

/* The number of shrunk files of exploration id in *count. 0 or -1. */
int trace_query_explore_shrunk_count(trace_reader *r, int64_t id, int64_t *count);

/* The first `limit` shrunk files of exploration id, by scenario number. */
int trace_query_explore_shrunk(trace_reader *r, int64_t id, int64_t limit,
                               int (*fn)(void *ctx, const trace_explore_shrunk *row), void *ctx);

#endif
