/* reports/src/report_data_int.h — what the report data's loaders share, private to report_data*.c.
 *
 * report__data_load (report_data.c) reads the run, its totals, scenarios, failing steps and status
 * counts; it then gathers the clause coverage (report_data_coverage.c) and, when the options name a
 * baseline, reads and classifies against it (report_data_baseline.c); last it reads the exploration shown
 * beside the run (report_data_explore.c), which is all a trace with explorations and no run reports.
 * Every step reports a failure the same way, through a report__loader: REPORT_EINPUT (bad input: no file,
 * not a trace database, no such run or exploration) or REPORT_EINTERNAL (SQLite, memory), with the
 * message in the loader's err. */
#ifndef REPORTS_REPORT_DATA_INT_H
#define REPORTS_REPORT_DATA_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report_int.h"

/* Where a loader writes its message, and whether memory ran out on the way. */
typedef struct report__loader {
    char *err;
    size_t cap;
    bool oom;
} report__loader;

/* A copy of s (NULL stays NULL); sets l->oom when memory runs out. */
char *report__loader_dup(report__loader *l, const char *s);

/* Writes "out of memory" (when l->oom) or "WHAT: the reader's message" into l->err; returns
 * REPORT_EINTERNAL. */
int report__loader_fail(report__loader *l, const trace_reader *reader, const char *what);

/* Grows *items (of elem bytes each) so it holds at least n + 1; 0 or -1. */
int report__loader_grow(void *items, size_t *cap, size_t n, size_t elem);

/* Opens path read-only as a trace (traces/query.h checks it holds the rtshm tables): REPORT_OK or
 * REPORT_EINPUT with the reader's message in l->err. */
int report__loader_open(report__loader *l, const char *path, trace_reader **out);

/* Reads run run_id (0 = the newest) of reader into r; path names the database in messages. REPORT_OK,
 * REPORT_EINPUT (no such run, no runs) or REPORT_EINTERNAL. */
int report__loader_run(report__loader *l, trace_reader *reader, const char *path, int64_t run_id, report__run *r);

/* Reads the totals of run run_id (scenarios and steps by verdict, findings) into t. REPORT_OK or
 * REPORT_EINTERNAL. */
int report__loader_totals(report__loader *l, trace_reader *reader, int64_t run_id, report__totals *t);

/* Frees the strings of r and zeroes it. */
void report__run_free(report__run *r);

/* Fills d->coverage from the walk coverage_walk.c shares with `rtshm spec --coverage`: one row per
 * clause of the catalogue, the totals, per-API figures and the uncovered ids. REPORT_OK or
 * REPORT_EINTERNAL (the rows allocated so far are left for report__data_free). */
int report__data_read_coverage(report__loader *l, report__data *d);

/* Reads the baseline o names (run o->baseline_run of o->baseline_db, or of o->db) into d->baseline and
 * classifies each scenario of d against it (report__change); the baseline's failures absent from d are
 * moved into d->baseline.gone_*. REPORT_OK, REPORT_EINPUT or REPORT_EINTERNAL. */
int report__data_read_baseline(report__loader *l, const report_options *o, report__data *d);

/* Reads the run's durations, its not-run count and, when it was judged against an expectation file, each
 * scenario's outcome and entry and the file's entries (report_data_expect.c). REPORT_OK or
 * REPORT_EINTERNAL. */
int report__data_read_expect(report__loader *l, report__data *d);

/* Reads the exploration o->explore_run names (0: the newest, when the trace has any; REPORT_EXPLORE_NONE:
 * none) into d->explore, with its divergences and shrunk files (report_data_explore.c); links each shrunk
 * file to the reported run's scenario of that path when d->has_run. REPORT_OK (d->has_explore false when
 * the trace has no exploration and none was named), REPORT_EINPUT (no such exploration) or
 * REPORT_EINTERNAL. */
int report__data_read_explore(report__loader *l, const report_options *o, report__data *d);
void report__explore_free(report__explore *e);

/* New failures first, then the rest, each group keeping the (scenario, seq) order it has: a stable
 * partition. Without memory for it the list stays in (scenario, seq) order, still deterministic. */
void report__data_order_failures(report__data *d);

#endif
