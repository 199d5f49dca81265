/* conformance/cli/tracefile.c — checking a trace before reading it, temporary trace databases (tracefile.h). */
#include "tracefile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/cli.h"
#include "traces/health.h"
#include "traces/stream.h"
#include "traces/trace.h"

int cli_trace_check(const char *path, const char *label) {
    if (access(path, R_OK) != 0) {
        fprintf(stderr, "rtshm: %s%s: %s\n", label, path, strerror(errno));
        return RTSHM_EXIT_INPUT;
    }
    char err[1200];
    if (trace_path_irregular(path, err, sizeof err)) { /* refused by its type, never opened */
        fprintf(stderr, "rtshm: %s%s\n", label, err);
        return RTSHM_EXIT_INPUT;
    }
    if (!trace_is_database(path)) return RTSHM_EXIT_OK; /* JSONL, or no trace: the reader of it says which */
    trace_health h = trace_check_file(path, true, NULL, err, sizeof err);
    if (h == TRACE_HEALTH_EMPTY) snprintf(err, sizeof err, "%s: not an rtshm trace database (no such table: runs)", path);
    if (h == TRACE_HEALTH_OK) return RTSHM_EXIT_OK;
    fprintf(stderr, "rtshm: %s%s\n", label, err);
    return h == TRACE_HEALTH_DAMAGED ? RTSHM_EXIT_INTERNAL : RTSHM_EXIT_INPUT;
}

int cli_trace_open_exit(int open_rc) {
    return open_rc == TRACE_OPEN_EINPUT ? RTSHM_EXIT_INPUT : RTSHM_EXIT_INTERNAL;
}

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
