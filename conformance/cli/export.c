/* conformance/cli/export.c — `rtshm export DB [--run ID] [-o FILE]`: the canonical trace of a run
 * (default: the newest) as JSON Lines, on stdout or into FILE (written whole or not at all).
 *
 * Exit 0 when written; 2 bad usage or bad input (a file that is missing or no trace, a run that does not
 * exist — trace_export says which kind of failure it was); 3 internal error (SQLite, memory, writing). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "conf/cli.h"
#include "files.h"
#include "options.h"
#include "tracefile.h"
#include "traces/stream.h"

/* Writes the export of db/run_id to out_path, or to stdout when it is NULL. Returns the number of records,
 * or TRACE_EXPORT_EINPUT / TRACE_EXPORT_EINTERNAL with the message in err. */
static int64_t export_to(const char *db, int64_t run_id, const char *out_path, char *err, size_t cap) {
    if (out_path == NULL) return trace_export(db, run_id, stdout, err, cap);
    cli_atomic_file f;
    if (cli_atomic_open(&f, out_path) != 0) {
        snprintf(err, cap, "%s: %s", out_path, strerror(errno));
        return TRACE_EXPORT_EINTERNAL;
    }
    int64_t n = trace_export(db, run_id, f.out, err, cap);
    if (n < 0) {
        cli_atomic_abort(&f);
        return n;
    }
    if (cli_atomic_commit(&f) != 0) {
        snprintf(err, cap, "%s: %s", out_path, strerror(errno));
        return TRACE_EXPORT_EINTERNAL;
    }
    return n;
}

int cli_cmd_export(int argc, char **argv) {
    const char *out_path = NULL;
    int64_t run_id = 0;
    const cli_option options[] = {
        {"--run", CLI_RUN_ID, &run_id, "--run takes a run id (1, 2, ...), not '%s'", .metavar = "ID",
         .help = "the run to export; default: the newest"},
        {"-o", CLI_TEXT, &out_path, .metavar = "FILE", .help = "where to write it (written whole or not at all); default: stdout"},
    };
    const cli_syntax syntax = {options, 2, 1, "export takes one trace database, not also '%s'",
                               "unknown option '%s' for export"};
    char *db = NULL;
    int count;
    int code = cli_parse(&syntax, argc - 2, argv + 2, &db, &count);
    if (code != RTSHM_EXIT_OK) return code;
    if (db == NULL) return cli_usage_error("%s", "export needs a trace database");
    code = cli_trace_check(db, "");
    if (code != RTSHM_EXIT_OK) return code;
    char err[1024];
    int64_t n = export_to(db, run_id, out_path, err, sizeof err);
    if (n < 0) {
        fprintf(stderr, "rtshm: %s\n", err);
        return n == TRACE_EXPORT_EINPUT ? RTSHM_EXIT_INPUT : RTSHM_EXIT_INTERNAL;
    }
    if (out_path) fprintf(stderr, "rtshm: %lld records written to %s\n", (long long)n, out_path);
    return RTSHM_EXIT_OK;
}
