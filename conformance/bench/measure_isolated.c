/* conformance/bench/measure_isolated.c — the corpus through a backend library (the reference's,
 * librtshm_reference_backend.so), isolated in the fork server's children, with --jobs N: its wall time
 * and the peak RSS of rtshm itself (VmHWM after the run; the server and the children are other
 * processes). The body runs in a child (bench_in_child) and calls the CLI as `rtshm run` would. */
#include "bench.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "conf/cli.h"
#include "traces/trace.h"

void bench_isolated(void *arg, bench_result *out) {
    const bench_isolated_args *a = arg;
    int devnull = open("/dev/null", O_WRONLY);
    if (devnull < 0 || dup2(devnull, STDOUT_FILENO) < 0) {
        snprintf(out->note, sizeof out->note, "cannot send stdout to /dev/null");
        return;
    }
    close(devnull);
    bench_unlink_db(a->db);
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
    double t0 = bench_now();
    int rc = conf_cli_main(argc, argv);
    fflush(stdout);
    out->seconds = bench_now() - t0;
    out->hwm_mark_kb = bench_proc_status_kb("VmHWM");
    trace_db *db = NULL;
    trace_run_totals totals;
    char err[512];
    if (trace_open(a->db, &db, err, sizeof err) != 0 || trace_read_totals(db, 1, &totals) != 0) {
        snprintf(out->note, sizeof out->note, "cannot read the trace back");
        trace_close(db);
        return;
    }
    trace_close(db);
    out->count = totals.scenarios;
    out->aux_count = totals.pass;
    out->ok = rc == RTSHM_EXIT_OK && totals.pass == totals.scenarios;
    if (!out->ok) snprintf(out->note, sizeof out->note, "rtshm run exited %d (%lld of %lld PASS)", rc,
                           (long long)totals.pass, (long long)totals.scenarios);
}
