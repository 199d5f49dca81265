/* conformance/cli/tracefile.c — temporary trace databases (tracefile.h). */
#include "tracefile.h"

#include <stdio.h>
#include <unistd.h>

void cli_scratch_trace_path(char *path, size_t cap, const char *purpose) {
    snprintf(path, cap, "/tmp/rtshm-%s-%ld.sqlite", purpose, (long)getpid());
    cli_scratch_trace_remove(path);
}

void cli_scratch_trace_remove(const char *path) {
    char side_path[4200];
    unlink(path);
    snprintf(side_path, sizeof side_path, "%s-wal", path);
    unlink(side_path);
    snprintf(side_path, sizeof side_path, "%s-shm", path);
    unlink(side_path);
}
