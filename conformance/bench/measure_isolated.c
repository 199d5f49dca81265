/* conformance/bench/measure_isolated.c — the corpus through a backend library (the reference's,
 * librtshm_reference_backend.so), isolated in the fork server's children, with --jobs N: its wall time
 * and the peak RSS of rtshm itself (VmHWM after the run; the server and the children are other
 * processes). The body runs in a child (bench_in_child) and calls the CLI as `rtshm run` would.
 *
 * And the machine's ceiling for (j): the corpus split in two halves (alternate files), each run by a
 * process of its own with --jobs 1, both at once. Two rtshm processes that share nothing but the
 * machine are the most any --jobs 2 could be, so j1 / halves bounds (j) on this machine. */
#include "bench.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conf/corpus.h"

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

int bench_split_corpus(const char *corpus, const char *dir_a, const char *dir_b, char *err, size_t cap) {
    const char *paths[1] = {corpus};
    conf_file_list files = {0};
    if (conf_collect(paths, 1, &files, err, cap) != 0) return -1;
    if (bench_mkdirs(dir_a) != 0 || bench_mkdirs(dir_b) != 0) {
        snprintf(err, cap, "cannot make %s and %s", dir_a, dir_b);
        conf_file_list_free(&files);
        return -1;
    }
    int result = 0;
    for (size_t i = 0; i < files.count && result == 0; i++) {
        const char *base = strrchr(files.paths[i], '/');
        char copy[4096];
        /* the index in the name keeps apart same-named files of two families */
        snprintf(copy, sizeof copy, "%s/%05zu-%s", i % 2 ? dir_b : dir_a, i, base ? base + 1 : files.paths[i]);
        if (bench_copy_file(files.paths[i], copy) != 0) {
            snprintf(err, cap, "cannot copy %s to %s", files.paths[i], copy);
            result = -1;
        }
    }
    conf_file_list_free(&files);
    return result;
}

/* One half's run in a process of its own: exits 0 when every scenario passed. */
static void run_half(const bench_halves_args *a, int half) {
    bench_result r;
    memset(&r, 0, sizeof r);
    bench_isolated_args args = {half ? a->half_b : a->half_a, half ? a->db_b : a->db_a, a->library, 1, NULL};
    bench_isolated(&args, &r);
    fflush(NULL);
    _exit(r.ok ? 0 : 1);
}

void bench_halves(void *arg, bench_result *out) {
    const bench_halves_args *a = arg;
    int devnull = open("/dev/null", O_WRONLY);
    if (devnull < 0 || dup2(devnull, STDOUT_FILENO) < 0) {
        snprintf(out->note, sizeof out->note, "cannot send stdout to /dev/null");
        return;
    }
    close(devnull);
    fflush(NULL);
    double t0 = bench_now();
    pid_t pids[2];
    for (int half = 0; half < 2; half++) {
        pids[half] = fork();
        if (pids[half] == 0) run_half(a, half);
        if (pids[half] < 0) {
            snprintf(out->note, sizeof out->note, "fork: %s", strerror(errno));
            if (half == 1) waitpid(pids[0], NULL, 0);
            return;
        }
    }
    int failed = 0;
    for (int half = 0; half < 2; half++) {
        int status = 0;
        while (waitpid(pids[half], &status, 0) < 0 && errno == EINTR) continue;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) failed++;
    }
    out->seconds = bench_now() - t0;
    out->ok = failed == 0;
    if (failed) snprintf(out->note, sizeof out->note, "%d of the 2 halves did not pass whole", failed);
}
