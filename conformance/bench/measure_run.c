/* conformance/bench/measure_run.c — the runner's throughput with and without recording, and the
 * shipped corpus's wall time. Each body runs in a child (bench_in_child). */
#include "bench.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "conf/backend.h"
#include "conf/cli.h"
#include "conf/runner.h"
#include "conf/scenario.h"
#include "traces/trace.h"

void bench_run_scenario(void *arg, bench_result *out) {
    const bench_run_args *a = arg;
    char err[2048];
    conf_scenario *sc = NULL;
    double t0 = bench_now();
    if (conf_scenario_load_mode(a->scenario, a->mode, &sc, err, sizeof err) != 0) {
        snprintf(out->note, sizeof out->note, "load: %.200s", err);
        return;
    }
    out->aux_seconds = bench_now() - t0;
    out->hwm_mark_kb = bench_proc_status_kb("VmHWM");

    trace_db *db = NULL;
    int64_t run_id = 0;
    if (a->db) {
        bench_unlink_db(a->db);
        if (trace_open(a->db, &db, err, sizeof err) != 0) {
            snprintf(out->note, sizeof out->note, "trace: %.200s", err);
            return;
        }
        if (trace_run_begin(db, "rtshm_bench", "reference", 1, "[\"rtshm_bench\"]", "-", &run_id) != 0) {
            snprintf(out->note, sizeof out->note, "trace: %.200s", trace_errmsg(db));
            return;
        }
    }
    conf_scenario_result res;
    double t1 = bench_now();
    int rc = conf_run_scenario(sc, conf_backend_reference(), 1, db, run_id, &res);
    out->seconds = bench_now() - t1;
    out->count = res.steps;
    if (db) {
        if (rc == 0 && trace_run_finish(db, run_id, "complete") != 0) rc = -1;
        trace_close(db);
    }
    if (rc != 0) snprintf(out->note, sizeof out->note, "run: %.200s", res.message);
    else if (strcmp(res.verdict, "PASS") != 0) snprintf(out->note, sizeof out->note, "verdict %s: %.200s", res.verdict, res.message);
    else out->ok = res.steps == sc->step_count;
    conf_scenario_free(sc);
}

/* User + system seconds of a rusage. */
static double cpu_seconds(const struct rusage *ru) {
    return (double)ru->ru_utime.tv_sec + ru->ru_utime.tv_usec / 1e6 + (double)ru->ru_stime.tv_sec + ru->ru_stime.tv_usec / 1e6;
}

int bench_cli_run(const char *db, char **argv, int argc, bench_result *out, trace_run_totals *totals) {
    int devnull = open("/dev/null", O_WRONLY);
    if (devnull < 0 || dup2(devnull, STDOUT_FILENO) < 0) {
        snprintf(out->note, sizeof out->note, "cannot send stdout to /dev/null");
        return -1;
    }
    close(devnull);
    bench_unlink_db(db);
    struct rusage self0, children0, self1, children1;
    getrusage(RUSAGE_SELF, &self0);
    getrusage(RUSAGE_CHILDREN, &children0);
    double t0 = bench_now();
    int rc = conf_cli_main(argc, argv);
    fflush(stdout);
    out->seconds = bench_now() - t0;
    getrusage(RUSAGE_SELF, &self1);
    getrusage(RUSAGE_CHILDREN, &children1);
    out->cpu_self_s = cpu_seconds(&self1) - cpu_seconds(&self0);
    out->cpu_children_s = cpu_seconds(&children1) - cpu_seconds(&children0);
    out->hwm_mark_kb = bench_proc_status_kb("VmHWM");
    trace_db *trace = NULL;
    char err[512];
    if (trace_open(db, &trace, err, sizeof err) != 0 || trace_read_totals(trace, 1, totals) != 0) {
        snprintf(out->note, sizeof out->note, "cannot read the trace back");
        trace_close(trace);
        return -1;
    }
    trace_close(trace);
    out->count = totals->scenarios;
    return rc;
}

void bench_corpus(void *arg, bench_result *out) {
    const bench_corpus_args *a = arg;
    char *argv[] = {"rtshm", "run", "--db", (char *)a->db, (char *)a->corpus, NULL};
    trace_run_totals totals;
    int rc = bench_cli_run(a->db, argv, 5, out, &totals);
    if (rc < 0) return;
    out->aux_count = totals.steps;
    out->ok = rc == RTSHM_EXIT_OK;
    if (!out->ok) snprintf(out->note, sizeof out->note, "rtshm run exited %d", rc);
}
