/* conformance/cli/tracefile.c — temporary trace databases (tracefile.h). */
#include "tracefile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

const char *cli_temp_dir(void) {
    const char *dir = getenv("TMPDIR");
    return dir && *dir ? dir : "/tmp";
}

int cli_scratch_trace_path(char *path, size_t cap, const char *purpose) {
    int n = snprintf(path, cap, "%s/rtshm-%s-XXXXXX", cli_temp_dir(), purpose);
    if (n < 0 || (size_t)n >= cap) {
        errno = ENAMETOOLONG;
        return -1;
    }
    int fd = mkstemp(path);
    if (fd < 0) return -1;
    close(fd);
    return 0;
}

void cli_scratch_trace_remove(const char *path) {
    char side_path[4200];
    unlink(path);
    snprintf(side_path, sizeof side_path, "%s-wal", path);
    unlink(side_path);
    snprintf(side_path, sizeof side_path, "%s-shm", path);
    unlink(side_path);
}
