/* traces/src/runlock.c — the lock file of live runs (traces/runlock.h): POSIX record locks on one byte per
 * run of "DB.lock", byte 0 the guard. */
#include "traces/runlock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct trace_lock {
    int fd;
};

/* "<db_path>.lock" into path. False when it does not fit. */
static bool lock_path(const char *db_path, char *path, size_t cap) {
    int n = snprintf(path, cap, "%s.lock", db_path);
    return n > 0 && (size_t)n < cap;
}

int trace_lock_open(const char *db_path, trace_lock **out, char *err, size_t cap) {
    char path[4200];
    *out = NULL;
    if (!lock_path(db_path, path, sizeof path)) {
        snprintf(err, cap, "%s.lock: %s", db_path, strerror(ENAMETOOLONG));
        return -1;
    }
    trace_lock *l = malloc(sizeof *l);
    if (l == NULL) {
        snprintf(err, cap, "%s: out of memory", path);
        return -1;
    }
    l->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (l->fd < 0) {
        snprintf(err, cap, "%s: %s", path, strerror(errno));
        free(l);
        return -1;
    }
    *out = l;
    return 0;
}

/* A struct flock of one byte at offset, of type. */
static struct flock one_byte(short type, int64_t offset) {
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = type;
    fl.l_whence = SEEK_SET;
    fl.l_start = (off_t)offset;
    fl.l_len = 1;
    return fl;
}

int trace_lock_guard(trace_lock *l, bool on) {
    struct flock fl = one_byte(on ? F_WRLCK : F_UNLCK, 0);
    int rc;
    while ((rc = fcntl(l->fd, F_SETLKW, &fl)) != 0 && errno == EINTR) {
    }
    return rc;
}

int trace_lock_run(trace_lock *l, int64_t run_id, long *holder) {
    struct flock fl = one_byte(F_WRLCK, run_id);
    *holder = 0;
    if (fcntl(l->fd, F_SETLK, &fl) == 0) return 0;
    if (errno != EACCES && errno != EAGAIN) return -1;
    struct flock who = one_byte(F_WRLCK, run_id);
    if (fcntl(l->fd, F_GETLK, &who) == 0 && who.l_type != F_UNLCK) *holder = (long)who.l_pid;
    return 1;
}

void trace_lock_close(trace_lock *l) {
    if (l == NULL) return;
    close(l->fd); /* releases every record lock of this process on the file */
    free(l);
}

long trace_lock_holder(const char *db_path, int64_t run_id) {
    char path[4200];
    if (!lock_path(db_path, path, sizeof path)) return 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    struct flock who = one_byte(F_WRLCK, run_id);
    long pid = fcntl(fd, F_GETLK, &who) == 0 && who.l_type != F_UNLCK ? (long)who.l_pid : 0;
    close(fd);
    return pid;
}
