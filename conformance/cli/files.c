/* conformance/cli/files.c — folders for output paths and atomic files (files.h). */
#include "files.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cli_make_parent(const char *path) {
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash == NULL || slash == dir) return 0;
    *slash = '\0';
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(dir, 0777) != 0 && errno != EEXIST) return -1;
        *p = '/';
    }
    return mkdir(dir, 0777) != 0 && errno != EEXIST ? -1 : 0;
}

int cli_atomic_open(cli_atomic_file *f, const char *target) {
    f->target = target;
    int n = snprintf(f->temp, sizeof f->temp, "%s.tmp-XXXXXX", target);
    f->out = NULL;
    if (n < 0 || (size_t)n >= sizeof f->temp) {
        errno = ENAMETOOLONG;
        return -1;
    }
    int fd = mkstemp(f->temp); /* beside the target (same file system), a name no one else can have */
    if (fd < 0) return -1;
    /* mkstemp makes it 0600; the target gets what a plain fopen would have given it (0666 & ~umask) */
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0 || (f->out = fdopen(fd, "wb")) == NULL) {
        int saved = errno;
        close(fd);
        unlink(f->temp);
        errno = saved;
        return -1;
    }
    return 0;
}

int cli_atomic_commit(cli_atomic_file *f) {
    int closed = fclose(f->out);
    f->out = NULL;
    if (closed == 0 && rename(f->temp, f->target) == 0) return 0;
    int saved = errno;
    unlink(f->temp);
    errno = saved;
    return -1;
}

void cli_atomic_abort(cli_atomic_file *f) {
    int saved = errno;
    if (f->out) fclose(f->out);
    f->out = NULL;
    unlink(f->temp);
    errno = saved;
}
