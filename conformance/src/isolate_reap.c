/* conformance/src/isolate_reap.c — the subreaper, process-group and descendant killing of
 * isolate_reap.h. Linux only (prctl, /proc, pidfd_open). */
#define _GNU_SOURCE
#include "isolate_reap.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_TREE 4096 /* processes found in one walk; more are caught by the next walk */

int64_t iso_now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void iso_become_subreaper(void) {
    static bool done;
    if (!done) prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    done = true;
}

int iso_pidfd(pid_t pid) {
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, pid, 0);
#else
    (void)pid;
    return -1;
#endif
}

/* Appends the pids listed in /proc/<pid>/task/<task>/children to list[*count..cap): read with one
 * open and read (no stdio: this runs for every scenario). */
static void add_task_children(const char *path, pid_t *list, int *count, int cap) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    char text[4096];
    size_t len = 0;
    ssize_t n;
    while (len < sizeof text - 1 && ((n = read(fd, text + len, sizeof text - 1 - len)) > 0 || (n < 0 && errno == EINTR)))
        if (n > 0) len += (size_t)n;
    close(fd);
    long value = -1;
    for (size_t i = 0; i <= len && *count < cap; i++) {
        if (i < len && text[i] >= '0' && text[i] <= '9') {
            value = (value < 0 ? 0 : value * 10) + (text[i] - '0');
            if (value > 0x7fffffff) value = -1; /* not a pid */
        } else {
            if (value > 0) list[(*count)++] = (pid_t)value;
            value = -1;
        }
    }
}

/* Appends the children of pid (every thread's) to list[*count..cap). */
static void add_children(pid_t pid, pid_t *list, int *count, int cap) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
    DIR *tasks = opendir(path);
    if (tasks == NULL) return;
    struct dirent *e;
    while ((e = readdir(tasks)) != NULL && *count < cap) {
        if (e->d_name[0] == '.') continue;
        char file[128];
        snprintf(file, sizeof file, "/proc/%d/task/%.20s/children", (int)pid, e->d_name);
        add_task_children(file, list, count, cap);
    }
    closedir(tasks);
}

void iso_kill_tree(pid_t pid) {
    if (pid <= 0) return;
    pid_t *list = malloc(MAX_TREE * sizeof *list);
    for (int pass = 0; pass < 8; pass++) {
        kill(-pid, SIGKILL);
        int count = 0;
        if (list) {
            add_children(pid, list, &count, MAX_TREE);
            for (int i = 0; i < count; i++) add_children(list[i], list, &count, MAX_TREE); /* breadth first */
            for (int i = 0; i < count; i++) kill(list[i], SIGKILL);
        }
        kill(pid, SIGKILL);
        if (count == 0) break;
    }
    free(list);
}

void iso_kill_descendants(void) {
    /* none at all (alive or not): nothing to walk /proc for. As a subreaper, every descendant left is a
     * child, or a child's descendant, of this process */
    siginfo_t info;
    if (waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) < 0 && errno == ECHILD) return;
    pid_t found[256];
    for (int pass = 0; pass < 16; pass++) {
        int count = 0;
        add_children(getpid(), found, &count, 256);
        for (int i = 0; i < count; i++) iso_kill_tree(found[i]);
        for (int i = 0; i < count; i++)
            while (waitpid(found[i], NULL, 0) < 0 && errno == EINTR) continue;
        if (count == 0) return;
    }
}

void iso_kill_orphans(const pid_t *keep, int keep_count) {
    pid_t found[256];
    for (int pass = 0; pass < 16; pass++) {
        int count = 0;
        add_children(getpid(), found, &count, 256);
        int killed = 0;
        for (int i = 0; i < count; i++) {
            bool kept = false;
            for (int k = 0; k < keep_count && !kept; k++) kept = found[i] == keep[k];
            if (kept) continue;
            iso_kill_tree(found[i]);
            while (waitpid(found[i], NULL, 0) < 0 && errno == EINTR) continue;
            killed++;
        }
        if (killed == 0) return;
    }
}
