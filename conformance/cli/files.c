/* conformance/cli/files.c — folders for output paths and atomic files (files.h). */
#include "files.h"

#include <errno.h>
#include <stdio.h>
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
    snprintf(f->temp, sizeof f->temp, "%s.tmp-%ld", target, (long)getpid());
    f->out = fopen(f->temp, "wb");
    return f->out ? 0 : -1;
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
