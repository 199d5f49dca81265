/* traces/expect.h — a run's expectations in its trace (schema version 3, TRACE-SCHEMA.md): the entries of
 * the expectation file `rtshm run --expect FILE` was given (expect_entries, each with how much of the run
 * it matched), and per scenario and per named step what was expected and how the run's result compares
 * (scenario_expectations, step_expectations).
 *
 * Writing: trace_expect_begin opens one transaction and deletes what the run had recorded before (a
 * resumed run is judged again, whole); the rows follow; trace_expect_commit ends it (or
 * trace_expect_rollback, leaving nothing). Reading (a trace_reader, traces/query.h): each visitor walks
 * its rows in a fixed order and visits nothing in a trace of version 1 or 2 (no such tables) or a run
 * recorded without --expect. Visitors follow query.h's contract (fn returns non-zero to stop; -1 when
 * SQLite failed, trace_reader_errmsg says why). */
#ifndef TRACES_EXPECT_H
#define TRACES_EXPECT_H

#include <stdbool.h>
#include <stdint.h>

#include "traces/query.h"
#include "traces/trace.h"

/* One entry of the expectation file (expect_entries). */
typedef struct trace_expect_entry {
    int64_t entry;                  /* its index in the file's "expectations" array, from 0 */
    const char *file;               /* the file as named on the command line */
    const char *scenario;           /* the id or glob as written */
    bool has_step;                  /* false: the entry is about the whole scenario */
    int64_t step;                   /* index in the scenario's steps[] */
    const char *verdict;            /* FAIL, DIVERGE, ERROR, CRASH, TIMEOUT, SKIP or FLAKY */
    const char *reason, *link;      /* link NULL when none */
    int64_t matched;                /* scenarios (steps, for a step entry) of the run it applied to */
} trace_expect_entry;

/* What a run's result was against the expectations, for one scenario (scenario_expectations). */
typedef struct trace_expect_scenario {
    const char *scenario;
    const char *expected; /* the verdict its scenario entry expects; NULL when no scenario entry applies */
    const char *outcome;  /* "pass", "expected", "unexpected" or "unexpected-pass" */
    bool has_entry;
    int64_t entry;        /* the scenario entry that applied */
    /* read back only (the entry's columns, NULL without one): */
    const char *reason, *link, *pattern;
} trace_expect_scenario;

/* For one step an entry names (step_expectations). */
typedef struct trace_expect_step {
    const char *scenario;
    int64_t step;
    const char *expected; /* FAIL, DIVERGE or FLAKY */
    const char *actual;   /* the step's worst verdict (FAIL > DIVERGE > PASS > others); NULL: it did not run */
    const char *outcome;  /* "expected", "unexpected" or "unexpected-pass" */
    int64_t entry;
} trace_expect_step;

int trace_expect_begin(trace_db *db, int64_t run_id);
int trace_expect_add_entry(trace_db *db, int64_t run_id, const trace_expect_entry *row);
int trace_expect_add_scenario(trace_db *db, int64_t run_id, const trace_expect_scenario *row);
int trace_expect_add_step(trace_db *db, int64_t run_id, const trace_expect_step *row);
int trace_expect_commit(trace_db *db);
void trace_expect_rollback(trace_db *db);

/* The entries of run_id, by entry. */
int trace_query_expect_entries(trace_reader *r, int64_t run_id, int (*fn)(void *ctx, const trace_expect_entry *row),
                               void *ctx);
/* The judged scenarios of run_id with their entry's reason, link and pattern, by scenario id. */
int trace_query_expect_scenarios(trace_reader *r, int64_t run_id,
                                 int (*fn)(void *ctx, const trace_expect_scenario *row), void *ctx);
/* The judged steps of run_id, by scenario id then step. */
int trace_query_expect_steps(trace_reader *r, int64_t run_id, int (*fn)(void *ctx, const trace_expect_step *row),
                             void *ctx);

#endif
