/* conformance/bench/measure_diff.c — exporting a recorded run as canonical JSONL and diffing two
 * such traces, each timed in its own child (its peak RSS is the diff's). */
#include "bench.h"

#include <stdio.h>

#include "traces/diff.h"
#include "traces/stream.h"

void bench_export(void *arg, bench_result *out) {
    const bench_export_args *a = arg;
    char err[1024];
    FILE *f = fopen(a->jsonl, "wb");
    if (f == NULL) {
        snprintf(out->note, sizeof out->note, "cannot write %s", a->jsonl);
        return;
    }
    double t0 = bench_now();
    int64_t n = trace_export(a->db, 0, f, err, sizeof err);
    int closed = fclose(f);
    out->seconds = bench_now() - t0;
    out->count = n;
    out->ok = n > 0 && closed == 0;
    if (!out->ok) snprintf(out->note, sizeof out->note, "export: %.200s", n < 0 ? err : "write error");
}

void bench_diff(void *arg, bench_result *out) {
    const bench_diff_args *a = arg;
    char err[1024] = "";
    FILE *sink = fopen("/dev/null", "w");
    if (sink == NULL) {
        snprintf(out->note, sizeof out->note, "cannot open /dev/null");
        return;
    }
    trace_diff_opts opts = {.context = 2, .label_a = a->a, .label_b = a->b};
    trace_diff_totals totals = {0};
    trace_stream *sa = NULL, *sb = NULL;
    int rc = -1;
    double t0 = bench_now();
    if (trace_stream_open(a->a, 0, &sa, err, sizeof err) == 0 && trace_stream_open(a->b, 0, &sb, err, sizeof err) == 0)
        rc = trace_diff(sa, sb, &opts, sink, &totals, err, sizeof err);
    trace_stream_close(sa);
    trace_stream_close(sb);
    out->seconds = bench_now() - t0;
    fclose(sink);
    out->count = totals.compared;
    out->aux_count = totals.changed;
    out->ok = rc == a->expect;
    if (!out->ok)
        snprintf(out->note, sizeof out->note, "diff returned %d, expected %d%s%.200s", rc, a->expect, err[0] ? ": " : "",
                 err);
}
