/* conformance/cli/merge.c — `rtshm merge OUT.sqlite IN.sqlite...`: the shard traces of one run (`run
 * --shard K/N`, `validate --shard K/N`) merged into one run of OUT (traces/merge.h), whose canonical export
 * is the unsharded run's.
 *
 * Every IN is checked read-only first (tracefile.h) and only read; OUT is opened (created) by trace_open,
 * which refuses a file that is no trace, of a newer schema, or damaged; an OUT the merge created is removed
 * again when the merge is refused. OUT may not be one of the INs.
 * Exit 0 merged; 2 bad usage or inputs that are not the shards of one run (the message says what
 * differs or which shard is missing; nothing written); 3 internal error or a damaged trace. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "conf/cli.h"
#include "options.h"
#include "runinfo.h"
#include "tracefile.h"
#include "traces/merge.h"

/* True when a and b name the same existing file. */
static bool same_file(const char *a, const char *b) {
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Checks OUT and the INs before anything is opened for writing. RTSHM_EXIT_OK or the exit code. */
static int check_paths(char **paths, int count) {
    if (count < 2) return cli_usage_error("%s", "merge needs the trace to write and the shard traces: OUT IN...");
    for (int i = 1; i < count; i++) {
        if (same_file(paths[0], paths[i]))
            return cli_usage_error("merge writes OUT; '%s' is also one of the traces it reads", paths[i]);
        int code = cli_trace_check(paths[i], "");
        if (code != RTSHM_EXIT_OK) return code;
    }
    return RTSHM_EXIT_OK;
}

int cli_cmd_merge(int argc, char **argv) {
    const cli_syntax syntax = {NULL, 0, -1, NULL, "unknown option '%s' for merge"};
    char **paths = calloc((size_t)argc, sizeof *paths);
    if (paths == NULL) return RTSHM_EXIT_INTERNAL;
    int count = 0;
    int code = cli_parse(&syntax, argc - 2, argv + 2, paths, &count);
    if (code == RTSHM_EXIT_OK) code = check_paths(paths, count);
    trace_db *out = NULL;
    char err[2048];
    bool out_is_new = code == RTSHM_EXIT_OK && access(paths[0], F_OK) != 0;
    if (code == RTSHM_EXIT_OK) {
        int opened = trace_open(paths[0], &out, err, sizeof err);
        if (opened != 0) {
            fprintf(stderr, "rtshm: %s\n", err);
            code = cli_trace_open_exit(opened);
        }
    }
    char *args = code == RTSHM_EXIT_OK ? cli_argv_json(argc, argv) : NULL;
    if (code == RTSHM_EXIT_OK && args == NULL) {
        fprintf(stderr, "rtshm: out of memory\n");
        code = RTSHM_EXIT_INTERNAL;
    }
    if (code == RTSHM_EXIT_OK) {
        trace_merged_run merged[TRACE_MERGE_MAX_RUNS];
        size_t merged_count = 0;
        int rc = trace_merge(out, (const char *const *)paths + 1, (size_t)count - 1, args, merged, &merged_count, err,
                             sizeof err);
        if (rc != 0) {
            fprintf(stderr, "rtshm: merge: %s; nothing was written\n", err);
            code = rc == TRACE_MERGE_EINPUT ? RTSHM_EXIT_INPUT : RTSHM_EXIT_INTERNAL;
        }
        for (size_t k = 0; k < merged_count; k++)
            printf("merged %lld shards of %s into run %lld of %s (%lld scenarios)\n", (long long)merged[k].shards,
                   merged[k].implementation, (long long)merged[k].run_id, paths[0], (long long)merged[k].scenarios);
    }
    free(args);
    trace_close(out);
    if (code != RTSHM_EXIT_OK && out_is_new) cli_scratch_trace_remove(paths[0]); /* no empty trace left behind */
    free(paths);
    return code;
}
