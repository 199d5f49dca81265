/* conformance/cli/diff.c — `rtshm diff A B [--run-a ID] [--run-b ID] [--format text|json] [--ignore F,G]
 * [--context N]`: the first-divergence diff of two traces (databases or exported JSONL) by traces/diff.h.
 * A and B the same database without run ids compares its two newest runs.
 *
 * Exit 0 identical, 1 different, 2 bad usage or input (a file missing or no trace, a run that does not
 * exist, a malformed record). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "conf/cli.h"
#include "options.h"
#include "tracefile.h"
#include "traces/diff.h"
#include "traces/stream.h"
#include "traces/query.h"

/* The two newest run ids of a trace database (0 where there is none), read read-only. Returns 0, or -1
 * after printing why. */
static int two_newest_runs(const char *db, int64_t *older, int64_t *newer) {
    trace_reader *r = NULL;
    char err[1024];
    *older = *newer = 0;
    if (trace_reader_open(db, &r, err, sizeof err) != TRACE_READER_OK) {
        fprintf(stderr, "rtshm: %s\n", err);
        return -1;
    }
    int rc = trace_query_newest_runs(r, older, newer);
    if (rc != 0) fprintf(stderr, "rtshm: %s: %s\n", db, trace_reader_errmsg(r));
    trace_reader_close(r);
    return rc;
}

/* Diffs run[0] of paths[0] against run[1] of paths[1] onto stdout. Returns the exit code. */
static int diff_traces(char *const paths[2], const int64_t run[2], trace_diff_opts *opts) {
    char label_a[128], label_b[128], err[1024];
    snprintf(label_a, sizeof label_a, "%s", paths[0]);
    snprintf(label_b, sizeof label_b, "%s", paths[1]);
    if (run[0]) snprintf(label_a, sizeof label_a, "run %lld", (long long)run[0]);
    if (run[1]) snprintf(label_b, sizeof label_b, "run %lld", (long long)run[1]);
    opts->label_a = label_a;
    opts->label_b = label_b;
    trace_stream *a = NULL, *b = NULL;
    if (trace_stream_open(paths[0], run[0], &a, err, sizeof err) != 0 ||
        trace_stream_open(paths[1], run[1], &b, err, sizeof err) != 0) {
        fprintf(stderr, "rtshm: %s\n", err);
        trace_stream_close(a);
        return RTSHM_EXIT_INPUT;
    }
    trace_diff_totals totals;
    int rc = trace_diff(a, b, opts, stdout, &totals, err, sizeof err);
    trace_stream_close(a);
    trace_stream_close(b);
    if (rc < 0) {
        fprintf(stderr, "rtshm: %s\n", err);
        return RTSHM_EXIT_INPUT;
    }
    return rc == 0 ? RTSHM_EXIT_OK : RTSHM_EXIT_FAILED;
}

int cli_cmd_diff(int argc, char **argv) {
    int64_t run[2] = {0, 0};
    uint64_t context = 2;
    const char *ignore = "";
    trace_diff_opts opts = {.label_a = "A", .label_b = "B"};
    const char *bad_run = "run ids are 1, 2, ..., not '%s'";
    const cli_option options[] = {
        {"--run-a", CLI_RUN_ID, &run[0], bad_run, .metavar = "ID", .help = "the run of A (a database) to compare; default: its newest"},
        {"--run-b", CLI_RUN_ID, &run[1], bad_run, .metavar = "ID", .help = "the run of B (a database) to compare; default: its newest"},
        {"--format", CLI_CUSTOM, &opts.json, "--format is text or json, not '%s'", 0, 0, cli_parse_text_or_json,
         .metavar = "text|json", .help = "the difference as text (default) or as one JSON document"},
        {"--ignore", CLI_TEXT, &ignore, .metavar = "F,G", .help = "record fields left out of the comparison, comma-separated"},
        {"--context", CLI_UINT, &context, "--context takes 0 to 16, not '%s'", 0, 16, .metavar = "N",
         .help = "records shown before the first divergence (0 to 16, default 2)"},
    };
    const cli_syntax syntax = {options, sizeof options / sizeof options[0], 2,
                               "diff compares two traces; '%s' is a third", "unknown option '%s' for diff"};
    char *paths[2] = {NULL, NULL};
    int npaths;
    int code = cli_parse(&syntax, argc - 2, argv + 2, paths, &npaths);
    if (code != RTSHM_EXIT_OK) return code;
    if (npaths != 2) return cli_usage_error("%s", "diff needs two traces: A B");
    opts.context = (int)context;
    char ignore_buf[1024];
    snprintf(ignore_buf, sizeof ignore_buf, "%s", ignore);
    for (char *tok = strtok(ignore_buf, ","); tok && opts.ignore_count < TRACE_DIFF_MAX_IGNORE; tok = strtok(NULL, ","))
        opts.ignore[opts.ignore_count++] = tok;
    for (int i = 0; i < 2; i++)
        if ((code = cli_trace_check(paths[i], "")) != RTSHM_EXIT_OK) return code;
    if (strcmp(paths[0], paths[1]) == 0 && run[0] == 0 && run[1] == 0 && trace_is_database(paths[0])) {
        /* one database: its two newest runs (one JSONL file twice is simply identical to itself) */
        if (two_newest_runs(paths[0], &run[0], &run[1]) != 0) return RTSHM_EXIT_INTERNAL;
        if (run[0] == 0) {
            fprintf(stderr, "rtshm: %s holds fewer than two runs; give --run-a and --run-b\n", paths[0]);
            return RTSHM_EXIT_INPUT;
        }
    }
    return diff_traces(paths, run, &opts);
}
