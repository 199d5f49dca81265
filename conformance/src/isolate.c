/* conformance/src/isolate.c — fork per scenario, a progress pipe, a deadline, and importing the
 * child's private trace. */
#include "conf/isolate.h"
#include "conf/steps.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Sent by the child on its progress pipe, in place of a step index, before it exits when the
 * scenario's streamed file changed under it (an exit status could be the backend's own). */
#define PROGRESS_INPUT_CHANGED (-2)

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int conf_record_unrun(const conf_scenario *sc, const char *verdict, const char *why, trace_db *db, int64_t run_id,
                      conf_scenario_result *res) {
    memset(res, 0, sizeof *res);
    res->verdict = verdict;
    snprintf(res->message, sizeof res->message, "%s", why);
    if (db == NULL) return 0;
    trace_scenario_row row = {sc->id, sc->path, sc->sha256, verdict, why, 0, (const char *const *)sc->clauses,
                              sc->clause_count};
    if (trace_scenario_begin(db, run_id) != 0 || trace_scenario_commit(db, &row) != 0) {
        snprintf(res->message, sizeof res->message, "trace: %s", trace_errmsg(db));
        trace_scenario_rollback(db);
        return -1;
    }
    return 0;
}

/* The child: runs the scenario into its own trace file and exits 0, or 3 when that trace failed (after
 * sending PROGRESS_INPUT_CHANGED when the cause is the scenario's streamed file changing under it). */
static void child_main(const conf_scenario *sc, const conf_backend *be, const conf_backend *oracle, uint64_t seed,
                       const char *path, int progress_fd) {
    char err[512];
    trace_db *db = NULL;
    int64_t run_id;
    /* A fault in the backend must end this process with its signal, for the parent to report (a
     * sanitizer's handler would turn it into an exit status). */
    static const int fatal[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
    for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++) signal(fatal[i], SIG_DFL);
    if (trace_open(path, &db, err, sizeof err) != 0 ||
        trace_run_begin(db, "child", be->name, seed, "[]", "-", &run_id) != 0)
        _exit(3);
    conf_run_opts opts = {oracle, progress_fd};
    conf_scenario_result res;
    int rc = conf_run_scenario_judged(sc, be, &opts, seed, db, run_id, &res);
    trace_close(db);
    if (rc != 0 && res.input_changed) {
        int32_t marker = PROGRESS_INPUT_CHANGED;
        if (write(progress_fd, &marker, sizeof marker) != (ssize_t)sizeof marker) { /* parent gone */
        }
    }
    _exit(rc == 0 ? 0 : 3);
}

int conf_run_isolated(const conf_scenario *sc, const conf_backend *be, const conf_backend *oracle, uint64_t seed,
                      trace_db *db, int64_t run_id, unsigned timeout_s, conf_scenario_result *res) {
    memset(res, 0, sizeof *res);
    /* A streamed scenario whose file changed is an input error found here, not a child's failure. */
    conf_step_reader *reader;
    if (conf_steps_open(sc, &reader, res->message, sizeof res->message) != 0) {
        res->input_changed = true;
        return -1;
    }
    conf_steps_close(reader);
    /* the child's trace: a name mkstemp makes unpredictable, in $TMPDIR (else /tmp); SQLite opens the
     * empty file as a new database */
    char path[4096];
    const char *tmpdir = getenv("TMPDIR");
    int len = snprintf(path, sizeof path, "%s/rtshm-child-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    int fd = len > 0 && (size_t)len < sizeof path ? mkstemp(path) : -1;
    if (fd < 0) {
        snprintf(res->message, sizeof res->message, "cannot create the child's trace in %s: %s",
                 tmpdir && *tmpdir ? tmpdir : "/tmp", strerror(errno));
        return -1;
    }
    close(fd);
    int pipefd[2];
    if (pipe(pipefd) != 0) {
        snprintf(res->message, sizeof res->message, "pipe: %s", strerror(errno));
        unlink(path);
        return -1;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(pipefd[0]);
        close(pipefd[1]);
        snprintf(res->message, sizeof res->message, "fork: %s", strerror(errno));
        unlink(path);
        return -1;
    }
    if (pid == 0) {
        close(pipefd[0]);
        child_main(sc, be, oracle, seed, path, pipefd[1]);
    }
    close(pipefd[1]);
    /* Follow the child's progress until its pipe closes or the deadline passes. */
    int32_t last_step = -1;
    bool timed_out = false, input_changed = false;
    int64_t deadline = now_ms() + (int64_t)timeout_s * 1000;
    for (;;) {
        int64_t left = deadline - now_ms();
        if (left <= 0) {
            timed_out = true;
            break;
        }
        struct pollfd pfd = {pipefd[0], POLLIN, 0};
        int n = poll(&pfd, 1, (int)(left > 1000 ? 1000 : left));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) continue;
        int32_t buf[256];
        ssize_t got = read(pipefd[0], buf, sizeof buf);
        if (got <= 0) break; /* the child closed its end: it has finished or died */
        for (ssize_t k = 0; k < got / (ssize_t)sizeof(int32_t); k++) {
            if (buf[k] == PROGRESS_INPUT_CHANGED) input_changed = true;
            else last_step = buf[k];
        }
    }
    close(pipefd[0]);
    if (timed_out) kill(pid, SIGKILL);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) continue;

    char why[512], at[160] = "";
    char what[96];
    if (conf_steps_describe(sc, last_step, what, sizeof what))
        snprintf(at, sizeof at, " in step %d (%s)", last_step, what);
    int rc = 0;
    if (timed_out) {
        snprintf(why, sizeof why, "no answer within %u s%s; the backend was killed", timeout_s, at);
        rc = conf_record_unrun(sc, "TIMEOUT", why, db, run_id, res);
    } else if (WIFSIGNALED(status)) {
        snprintf(why, sizeof why, "the backend died of signal %d (%s)%s", WTERMSIG(status), strsignal(WTERMSIG(status)), at);
        rc = conf_record_unrun(sc, "CRASH", why, db, run_id, res);
    } else if (input_changed && WIFEXITED(status) && WEXITSTATUS(status) == 3) {
        snprintf(res->message, sizeof res->message, "the file changed since it was loaded, or cannot be read any more");
        res->input_changed = true;
        rc = -1;
    } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        snprintf(why, sizeof why, "the child running the backend exited with status %d%s", WEXITSTATUS(status), at);
        rc = conf_record_unrun(sc, "ERROR", why, db, run_id, res);
    } else {
        /* Clean exit: its rows become this run's. */
        if (db && trace_import(db, run_id, path) != 0) {
            snprintf(res->message, sizeof res->message, "trace: %s", trace_errmsg(db));
            rc = -1;
        }
        /* What the child recorded, for the caller's verdict line. */
        trace_db *child = NULL;
        char err[256], verdict[16] = "ERROR";
        int64_t steps = 0;
        res->verdict = "ERROR";
        if (rc == 0 && trace_open(path, &child, err, sizeof err) == 0 &&
            trace_read_scenario(child, 1, sc->id, verdict, sizeof verdict, res->message, sizeof res->message, &steps) == 0) {
            static const char *const known[] = {"PASS", "FAIL", "DIVERGE", "ERROR"};
            for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
                if (strcmp(verdict, known[i]) == 0) res->verdict = known[i];
            res->steps = (int)steps;
        }
        trace_close(child);
    }
    unlink(path);
    char side[4200];
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    return rc;
}
