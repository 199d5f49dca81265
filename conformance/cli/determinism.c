/* conformance/cli/determinism.c — the --check-determinism check (determinism.h): two recorded runs of
 * the same selection in a scratch trace, compared by the trace differ — which compares the values a
 * backend flags opaque (real addresses) through a one-to-one correspondence (traces/src/diff_opaque.h),
 * so a backend whose handles or views are addresses is deterministic when it behaves the same. */
#include "determinism.h"

#include <stdio.h>
#include <stdlib.h>

#include "plan.h"
#include "runinfo.h"
#include "tracefile.h"
#include "traces/diff.h"
#include "traces/stream.h"
#include "traces/trace.h"

/* Records the selection twice into db, as runs 1 and 2. Returns 0, or -1 (trace error, interrupt). */
static int record_twice(trace_db *db, const cli_corpus *corpus, const cli_selection *selection, const cli_impl *impl,
                        uint64_t seed) {
    int rc = 0;
    for (int pass = 0; rc == 0 && pass < 2; pass++) {
        int64_t run_id;
        if (trace_run_begin(db, cli_tool_version(), impl->be->name, seed, "[\"--check-determinism\"]", "-", &run_id) != 0)
            return -1;
        for (size_t i = 0; rc == 0 && i < corpus->count && !cli_interrupted; i++) {
            if (!cli_corpus_selects(corpus->items[i], selection)) continue;
            conf_scenario_result res;
            rc = cli_run_one(corpus->items[i], impl, seed, db, run_id, &res);
        }
        if (cli_interrupted) rc = -1;
        if (rc == 0) rc = trace_run_finish(db, run_id, "complete");
    }
    return rc;
}

/* Diffs runs 1 and 2 of the trace at path and prints the verdict. Returns 0 identical, 1 different,
 * -1 with a message in err. */
static int compare_runs(const char *path, FILE *out, char *err, size_t cap) {
    trace_stream *a = NULL, *b = NULL;
    int rc = -1;
    if (trace_stream_open(path, 1, &a, err, cap) == 0 && trace_stream_open(path, 2, &b, err, cap) == 0) {
        trace_diff_opts opts = {.context = 2, .label_a = "first run", .label_b = "second run"};
        trace_diff_totals t;
        char *report = NULL;
        size_t report_len = 0;
        FILE *mem = open_memstream(&report, &report_len);
        rc = mem ? trace_diff(a, b, &opts, mem, &t, err, cap) : -1;
        if (mem) fclose(mem);
        if (rc == 0)
            fprintf(out, "determinism: %ld scenarios ran twice with identical canonical traces (SIM.DETERMINISM)\n",
                   t.compared);
        else if (rc == 1)
            fprintf(out, "determinism: FAILED (SIM.DETERMINISM): %ld of %ld scenarios differ between two runs\n%s",
                   t.changed + t.added + t.removed, t.compared, report ? report : "");
        free(report);
    }
    trace_stream_close(a);
    trace_stream_close(b);
    return rc;
}

int cli_check_determinism(const cli_corpus *corpus, const cli_selection *selection, const cli_impl *impl, uint64_t seed,
                          FILE *out) {
    char path[4096], err[1024] = "";
    if (cli_scratch_trace_path(path, sizeof path, "determinism") != 0) {
        fprintf(stderr, "rtshm: determinism check: cannot create a scratch trace in %s\n", cli_temp_dir());
        return -1;
    }
    trace_db *db = NULL;
    if (trace_open(path, &db, err, sizeof err) != 0) {
        fprintf(stderr, "rtshm: determinism check: %s\n", err);
        cli_scratch_trace_remove(path);
        return -1;
    }
    int rc = record_twice(db, corpus, selection, impl, seed);
    trace_close(db);
    if (rc == 0) rc = compare_runs(path, out, err, sizeof err);
    if (rc < 0) fprintf(stderr, "rtshm: determinism check: %s\n", err[0] ? err : "trace error");
    cli_scratch_trace_remove(path);
    return rc;
}
