/* traces/diff.h — first-divergence diff of two canonical traces (databases, runs or JSONL files).
 *
 * Scenarios are matched by id (both streams are in id order, so one pass suffices): a scenario only
 * in B is "added", only in A "removed"; in both, the records are compared in order and the first
 * that differs — after dropping the ignored fields — is reported with both sides and a few records of
 * context. Memory stays bounded by the context, whatever the traces' length. */
#ifndef TRACES_DIFF_H
#define TRACES_DIFF_H

#include <stdbool.h>
#include <stdio.h>

#include "traces/stream.h"

#define TRACE_DIFF_MAX_IGNORE 32

typedef struct trace_diff_opts {
    const char *ignore[TRACE_DIFF_MAX_IGNORE]; /* field names left out of every comparison */
    int ignore_count;
    bool json;                                 /* a JSON document instead of text */
    int context;                               /* records shown before and after the divergence */
    const char *label_a, *label_b;             /* how the two sides are named in the output */
} trace_diff_opts;

typedef struct trace_diff_totals {
    long compared, identical, changed, added, removed;
} trace_diff_totals;

/* Diffs a against b, writing the report to out. Returns 0 when identical, 1 when different, -1 on a
 * read error (message in err). */
int trace_diff(trace_stream *a, trace_stream *b, const trace_diff_opts *opts, FILE *out, trace_diff_totals *totals,
               char *err, size_t cap);

#endif
