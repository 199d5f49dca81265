/* conformance/cli/doctor.c — `rtshm doctor DB`: PRAGMA integrity_check on a trace database and what of it
 * survives (traces/doctor.h), read-only.
 *
 * Exit 0 healthy; 3 damaged (integrity_check fails, or some row cannot be read); 2 bad usage or input (a
 * file that is missing, no trace, or of a newer schema). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "conf/cli.h"
#include "options.h"
#include "traces/doctor.h"
#include "traces/health.h"

int cli_cmd_doctor(int argc, char **argv) {
    const cli_syntax syntax = {NULL, 0, 1, "doctor takes one trace database, not also '%s'",
                               "unknown option '%s' for doctor"};
    char *db = NULL;
    int count;
    int code = cli_parse(&syntax, argc - 2, argv + 2, &db, &count);
    if (code != RTSHM_EXIT_OK) return code;
    if (db == NULL) return cli_usage_error("%s", "doctor needs a trace database");
    if (access(db, R_OK) != 0) {
        fprintf(stderr, "rtshm: %s: %s\n", db, strerror(errno));
        return RTSHM_EXIT_INPUT;
    }
    /* what the file is, without reading its pages (that is integrity_check's job below) */
    char err[1200];
    int version = 0;
    trace_health h = trace_check_file(db, false, &version, err, sizeof err);
    if (h == TRACE_HEALTH_EMPTY) snprintf(err, sizeof err, "%s: not an rtshm trace database (no such table: runs)", db);
    if (h != TRACE_HEALTH_OK && h != TRACE_HEALTH_DAMAGED) { /* a damaged schema: integrity_check says more */
        fprintf(stderr, "rtshm: %s\n", err);
        return RTSHM_EXIT_INPUT;
    }
    int rc = trace_doctor(db, stdout, err, sizeof err);
    fflush(stdout);
    if (rc == TRACE_DOCTOR_FAILED) fprintf(stderr, "rtshm: %s\n", err);
    return rc == TRACE_DOCTOR_HEALTHY ? RTSHM_EXIT_OK : RTSHM_EXIT_INTERNAL;
}
