/* conformance/bench/child.c — running one measurement in a forked child, clocks and /proc figures.
 *
 * The child runs the body, writes its bench_result to a pipe and leaves with _exit (no stdio buffers
 * of the parent are flushed twice). The parent reads the result and reaps the child with wait4, whose
 * rusage gives that child's own peak RSS. */
#define _DEFAULT_SOURCE /* wait4 */

#include "bench.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

double bench_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

long bench_proc_status_kb(const char *field) {
    FILE *f = fopen("/proc/self/status", "r");
    if (f == NULL) return -1;
    char line[256];
    size_t n = strlen(field);
    long kb = -1;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, field, n) == 0 && line[n] == ':') {
            kb = strtol(line + n + 1, NULL, 10);
            break;
        }
    }
    fclose(f);
    return kb;
}

void bench_unlink_db(const char *path) {
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    char name[4096];
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        snprintf(name, sizeof name, "%s%s", path, suffixes[i]);
        unlink(name);
    }
}

int bench_mkdirs(const char *dir) {
    char path[4096];
    snprintf(path, sizeof path, "%s", dir);
    for (char *p = path + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST) return -1;
        *p = '/';
    }
    return mkdir(path, 0777) != 0 && errno != EEXIST ? -1 : 0;
}

/* Writes all of buf to fd. */
static int write_all(int fd, const void *buf, size_t len) {
    const char *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

int bench_in_child(bench_fn fn, void *arg, bench_result *out, long *maxrss_kb) {
    memset(out, 0, sizeof *out);
    *maxrss_kb = 0;
    int fds[2];
    if (pipe(fds) != 0) {
        snprintf(out->note, sizeof out->note, "pipe: %s", strerror(errno));
        return -1;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(out->note, sizeof out->note, "fork: %s", strerror(errno));
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        close(fds[0]);
        bench_result r;
        memset(&r, 0, sizeof r);
        fn(arg, &r);
        fflush(NULL);
        _exit(write_all(fds[1], &r, sizeof r) == 0 ? 0 : 1);
    }
    close(fds[1]);
    size_t got = 0;
    char *p = (char *)out;
    while (got < sizeof *out) {
        ssize_t n = read(fds[0], p + got, sizeof *out - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += (size_t)n;
    }
    close(fds[0]);
    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    while (wait4(pid, &status, 0, &ru) < 0 && errno == EINTR) {
    }
    *maxrss_kb = ru.ru_maxrss;
    if (got != sizeof *out || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        memset(out, 0, sizeof *out);
        if (WIFSIGNALED(status)) snprintf(out->note, sizeof out->note, "child killed by signal %d", WTERMSIG(status));
        else snprintf(out->note, sizeof out->note, "child did not report (exit status %d)", WEXITSTATUS(status));
        return -1;
    }
    return 0;
}
