/* conformance/cli/run.c — `rtshm run [--impl reference|PATH.so] [--db FILE] [--seed N] [--filter GLOB]
 * [--timeout S] [--resume] [--check-determinism] PATH...`.
 *
 * collect files -> load and validate every one (any error: exit 2 before the trace is opened) -> reject
 * duplicate ids -> apply --filter -> open the trace -> one runs row (or, with --resume, the newest run
 * that did not complete) -> each scenario in path order, one transaction each -> state 'complete' ->
 * summary read back from the trace -> with --check-determinism, the selection twice more in a scratch
 * trace, compared. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "conf/cli.h"
#include "determinism.h"
#include "files.h"
#include "plan.h"
#include "reports/summary.h"
#include "runinfo.h"

/* Opens the run to record into: a new runs row, or with o->resume the newest run of db that did not
 * complete (same run id; its seed replaces o->seed). Returns RTSHM_EXIT_OK with *run_id set, or the exit
 * code after printing why. */
static int begin_run(trace_db *db, cli_plan_options *o, const conf_backend *be, int argc, char **argv,
                     int64_t *run_id) {
    if (o->resume) {
        /* Scenarios already recorded are skipped (each was one committed transaction). */
        int found = trace_incomplete_run(db, run_id, &o->seed);
        if (found != 0) {
            if (found > 0) fprintf(stderr, "rtshm: %s: no interrupted run to resume\n", o->db_path);
            else fprintf(stderr, "rtshm: %s: %s\n", o->db_path, trace_errmsg(db));
            return found > 0 ? RTSHM_EXIT_INPUT : RTSHM_EXIT_INTERNAL;
        }
        fprintf(stderr, "rtshm: resuming run %lld (seed %llu)\n", (long long)*run_id, (unsigned long long)o->seed);
        return RTSHM_EXIT_OK;
    }
    char started_at[32];
    cli_utc_now(started_at);
    char *args = cli_argv_json(argc, argv);
    int rc = args ? trace_run_begin(db, cli_tool_version(), be->name, o->seed, args, started_at, run_id) : -1;
    free(args);
    if (rc == 0) return RTSHM_EXIT_OK;
    fprintf(stderr, "rtshm: %s: %s\n", o->db_path, trace_errmsg(db));
    return RTSHM_EXIT_INTERNAL;
}

/* Records the run's end state after the plan returned code, and prints the summary. Returns the exit
 * code of the run. */
static int finish_run(trace_db *db, const cli_plan_options *o, int64_t run_id, int code, size_t ran,
                      size_t already, size_t selected) {
    if (code == RTSHM_EXIT_INPUT) { /* left for --resume once the file is back as it was */
        trace_run_finish(db, run_id, "interrupted");
        fprintf(stderr, "rtshm: stopped after %zu of %zu scenarios; nothing of that scenario was recorded\n", ran,
                selected);
        return code;
    }
    if (code == RTSHM_EXIT_INTERNAL) return code;
    if (cli_interrupted) {
        trace_run_finish(db, run_id, "interrupted");
        fprintf(stderr, "rtshm: interrupted after %zu of %zu scenarios\n", ran, selected);
        code = RTSHM_EXIT_INTERNAL;
    } else if (trace_run_finish(db, run_id, "complete") != 0) {
        fprintf(stderr, "rtshm: %s: %s\n", o->db_path, trace_errmsg(db));
        code = RTSHM_EXIT_INTERNAL;
    }
    if (selected == 0) fprintf(stderr, "rtshm: --filter '%s' matched no scenario\n", o->filter ? o->filter : "");
    if (o->resume) fprintf(stderr, "rtshm: %zu scenarios were already recorded, %zu run now\n", already, ran);
    if (report_summary_line(stdout, db, o->db_path, run_id) != 0) code = RTSHM_EXIT_INTERNAL;
    return code;
}

/* Runs the loaded corpus into the trace at o->db_path. Returns the exit code. */
static int run_corpus(const cli_corpus *corpus, cli_plan_options *o, const conf_backend *be, int argc, char **argv) {
    char err[1024];
    trace_db *db = NULL;
    if (strcmp(o->db_path, CLI_RUN_DEFAULT_DB) == 0 && cli_make_parent(o->db_path) != 0) {
        fprintf(stderr, "rtshm: cannot create the folder of %s: %s\n", o->db_path, strerror(errno));
        return RTSHM_EXIT_INTERNAL;
    }
    if (trace_open(o->db_path, &db, err, sizeof err) != 0) {
        fprintf(stderr, "rtshm: %s\n", err);
        return RTSHM_EXIT_INTERNAL;
    }
    int64_t run_id = 0;
    int code = begin_run(db, o, be, argc, argv, &run_id);
    if (code != RTSHM_EXIT_OK) {
        trace_close(db);
        return code;
    }
    cli_catch_interrupts();
    size_t ran = 0, already = 0, selected = cli_corpus_selected(corpus, o->filter);
    cli_plan plan = {corpus, o->filter, be, (unsigned)o->timeout_s, o->seed, o->resume};
    code = cli_run_plan(&plan, db, o->db_path, run_id, &ran, &already);
    code = finish_run(db, o, run_id, code, ran, already, selected);
    if (code != RTSHM_EXIT_INTERNAL && code != RTSHM_EXIT_INPUT && o->check_determinism && !cli_interrupted) {
        int det = cli_check_determinism(corpus, o->filter, be, o->seed, (unsigned)o->timeout_s);
        if (det < 0) code = RTSHM_EXIT_INTERNAL;
        else if (det > 0 && code == RTSHM_EXIT_OK) code = RTSHM_EXIT_FAILED;
    }
    trace_close(db);
    return code;
}

int cli_cmd_run(int argc, char **argv) {
    cli_plan_options o = {.db_path = CLI_RUN_DEFAULT_DB};
    cli_option table[CLI_PLAN_OPTION_COUNT + 2];
    size_t count = cli_plan_option_table(&o, table);
    table[count++] = (cli_option){"--check-determinism", CLI_FLAG, &o.check_determinism};
    table[count++] = (cli_option){"--resume", CLI_FLAG, &o.resume};
    const cli_syntax syntax = {table, count, -1, NULL, "unknown option '%s' for run"};
    char **paths = calloc((size_t)argc, sizeof *paths);
    if (paths == NULL) return RTSHM_EXIT_INTERNAL;
    int path_count;
    int code = cli_parse(&syntax, argc - 2, argv + 2, paths, &path_count);
    conf_backend library;
    const conf_backend *be;
    if (code == RTSHM_EXIT_OK && cli_load_impl(o.impl, &library, &be) != 0) code = RTSHM_EXIT_INPUT;
    cli_corpus corpus = {0};
    if (code == RTSHM_EXIT_OK && cli_corpus_load(paths, path_count, &corpus) != 0) code = RTSHM_EXIT_INPUT;
    free(paths);
    if (code == RTSHM_EXIT_OK) code = run_corpus(&corpus, &o, be, argc, argv);
    cli_corpus_free(&corpus);
    return code;
}
