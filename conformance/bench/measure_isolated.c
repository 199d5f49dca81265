/* conformance/bench/measure_isolated.c — the corpus through a backend library (the reference's,
 * librtshm_reference_backend.so), isolated in the fork server's children, with --jobs N: its wall time
 * and the peak RSS of rtshm itself (VmHWM after the run; the server and the children are other
 * processes). The body runs in a child (bench_in_child) and calls the CLI as `rtshm run` would. */
#include "bench.h"

#include <stdio.h>
#include <string.h>

#include "conf/cli.h"
#include "traces/trace.h"

void bench_isolated(void *arg, bench_result *out) {
    const bench_isolated_args *a = arg;
    char jobs[16];
    snprintf(jobs, sizeof jobs, "%d", a->jobs);
    char *argv[12];
    int argc = 0;
    argv[argc++] = "rtshm";
    argv[argc++] = "run";
    argv[argc++] = "--db";
    argv[argc++] = (char *)a->db;
    if (a->library) {
        argv[argc++] = "--impl";
        argv[argc++] = (char *)a->library;
        argv[argc++] = "--jobs";
        argv[argc++] = jobs;
    }
    if (a->filter) {
        argv[argc++] = "--filter";
        argv[argc++] = (char *)a->filter;
    }
    argv[argc++] = (char *)a->corpus;
    argv[argc] = NULL;
    trace_run_totals totals;
    int rc = bench_cli_run(a->db, argv, argc, out, &totals);
    if (rc < 0) return;
    out->aux_count = totals.pass;
    out->ok = rc == RTSHM_EXIT_OK && totals.pass == totals.scenarios;
    if (!out->ok) snprintf(out->note, sizeof out->note, "rtshm run exited %d (%lld of %lld PASS)", rc,
                           (long long)totals.pass, (long long)totals.scenarios);
}
