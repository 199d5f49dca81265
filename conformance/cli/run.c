/* conformance/cli/run.c — `rtshm run [--impl reference|PATH.so] [--db FILE] [--seed N] [--filter GLOB]...
 * [--timeout S] [--format text|json|tap] [--rerun-failed DB [--run ID]] [--resume] [--check-determinism]
 * [--expect FILE] [--] PATH...`.
 *
 * with --rerun-failed, read the scenarios DB's run did not pass (their recorded files are the corpus when
 * no PATH is given) -> collect files -> load and validate every one (any error: exit 2 before the trace is
 * opened) -> reject duplicate ids -> apply --filter (OR of its values) and --rerun-failed (nothing
 * selected by a --filter: exit 2, nothing recorded) -> open the trace -> one runs row (or, with --resume, the newest run
 * that did not complete) -> each scenario in path order, one transaction each -> state 'complete' ->
 * summary read back from the trace -> with --check-determinism, the selection twice more in a scratch
 * trace, compared. With --format json|tap the results are read back from the trace and printed on
 * stdout (results.h); the verdict lines and the summary then go to stderr. With --expect FILE (expectfile.h,
 * loaded before anything runs; a file for another implementation is refused) the run is judged against
 * it once recorded (expect.h) and the exit code counts only what was unexpected. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "conf/cli.h"
#include "determinism.h"
#include "expect.h"
#include "files.h"
#include "plan.h"
#include "rerun.h"
#include "results.h"
#include "reports/summary.h"
#include "runinfo.h"
#include "runstart.h"

/* Opens the run to record into (runstart.h): a new runs row with its inputs, or with o->resume the newest
 * run of db that did not complete, checked against this command line (same run id; its seed replaces
 * o->seed unless --seed was given). Either way the run's live-run lock is taken into *lock. Returns
 * RTSHM_EXIT_OK with *run_id set, or the exit code after printing why. */
static int begin_run(trace_db *db, cli_plan_options *o, const cli_impl *impl, const cli_corpus *corpus,
                     const cli_selection *selection, int argc, char **argv, int64_t *run_id, trace_lock **lock) {
    cli_run_inputs in;
    /* a backend library runs in the fork server (impl->iso): its file is o->impl */
    int code = cli_run_inputs_make(&in, o, impl->iso ? o->impl : NULL, impl->be->name, corpus, selection) == 0
                   ? RTSHM_EXIT_OK
                   : RTSHM_EXIT_INTERNAL;
    if (code == RTSHM_EXIT_OK) code = cli_run_lock_open(o->db_path, lock);
    if (code == RTSHM_EXIT_OK && o->resume) {
        /* Scenarios already recorded are skipped (each was one committed transaction). */
        code = cli_run_resume(db, o->db_path, *lock, &in, cli_seed_given(argc, argv), run_id, &o->seed);
        if (code == RTSHM_EXIT_OK)
            fprintf(stderr, "rtshm: resuming run %lld (seed %llu)\n", (long long)*run_id, (unsigned long long)o->seed);
    } else if (code == RTSHM_EXIT_OK) {
        char started_at[32];
        cli_utc_now(started_at);
        char *args = cli_argv_json(argc, argv);
        if (args == NULL) fprintf(stderr, "rtshm: out of memory\n");
        code = args ? cli_run_create(db, o->db_path, *lock, &in, args, started_at, run_id) : RTSHM_EXIT_INTERNAL;
        free(args);
    }
    cli_run_inputs_free(&in);
    return code;
}

/* Records the run's end state after the plan returned code, and prints the summary (on stdout for
 * --format text, else on stderr); with an expectation file judges the run against it (expect.h: the
 * exit code becomes the judgement's); then, for --format json|tap, prints the results on stdout.
 * Returns the exit code of the run. */
static int finish_run(trace_db *db, const cli_plan_options *o, int64_t run_id, int code, size_t ran,
                      size_t already, size_t selected, cli_expectations *expect) {
    if (code == RTSHM_EXIT_INPUT) { /* left for --resume once the file is back as it was */
        trace_run_finish(db, run_id, "interrupted");
        fprintf(stderr, "rtshm: stopped after %zu of %zu scenarios; nothing of that scenario was recorded\n", ran,
                selected);
        return code;
    }
    if (code == RTSHM_EXIT_INTERNAL) return code;
    const char *state = cli_run_end_state(db, o->db_path, run_id, selected);
    if (state == NULL || trace_run_finish(db, run_id, state) != 0) {
        if (state) fprintf(stderr, "rtshm: %s: %s\n", o->db_path, trace_errmsg(db));
        code = RTSHM_EXIT_INTERNAL;
    } else if (strcmp(state, "complete") != 0) {
        if (cli_interrupted) fprintf(stderr, "rtshm: interrupted after %zu of %zu scenarios\n", ran, selected);
        code = RTSHM_EXIT_INTERNAL;
    }
    if (o->resume) fprintf(stderr, "rtshm: %zu scenarios were already recorded, %zu run now\n", already, ran);
    bool text = o->format == CLI_RESULTS_TEXT;
    if (report_summary_line(text ? stdout : stderr, db, o->db_path, run_id) != 0) return RTSHM_EXIT_INTERNAL;
    if (expect && (code == RTSHM_EXIT_OK || code == RTSHM_EXIT_FAILED)) /* only the unexpected counts */
        code = cli_expect_judge(db, o->db_path, run_id, expect, text ? stdout : stderr);
    if (code != RTSHM_EXIT_INTERNAL && !text && cli_print_results(stdout, o->format, o->db_path, run_id) != 0)
        code = RTSHM_EXIT_INTERNAL;
    return code;
}

/* Runs the scenarios of corpus that selection selects into the trace at o->db_path. Returns the exit
 * code. */
static int run_corpus(const cli_corpus *corpus, const cli_selection *selection, cli_plan_options *o,
                      const cli_impl *impl, cli_expectations *expect, int argc, char **argv) {
    trace_db *db = NULL;
    size_t selected = cli_corpus_selected(corpus, selection);
    int code = cli_open_run_trace(selected, selection, selection->by_ids ? " that --rerun-failed selects" : "", o->db_path,
                                  CLI_RUN_DEFAULT_DB, &db);
    if (code != RTSHM_EXIT_OK) return code;
    int64_t run_id = 0;
    trace_lock *lock = NULL;
    code = begin_run(db, o, impl, corpus, selection, argc, argv, &run_id, &lock);
    if (code != RTSHM_EXIT_OK) {
        trace_lock_close(lock);
        trace_close(db);
        return code;
    }
    cli_catch_interrupts();
    size_t ran = 0, already = 0;
    FILE *verdicts = o->format == CLI_RESULTS_TEXT ? stdout : stderr;
    cli_plan plan = {corpus, selection, impl, o->seed, o->resume, verdicts};
    code = cli_run_plan(&plan, db, o->db_path, run_id, &ran, &already);
    code = finish_run(db, o, run_id, code, ran, already, selected, expect);
    if (code != RTSHM_EXIT_INTERNAL && code != RTSHM_EXIT_INPUT && o->check_determinism && !cli_interrupted) {
        int det = cli_check_determinism(corpus, selection, impl, o->seed, verdicts);
        if (det < 0) code = RTSHM_EXIT_INTERNAL;
        else if (det > 0 && code == RTSHM_EXIT_OK) code = RTSHM_EXIT_FAILED;
    }
    trace_close(db);
    trace_lock_close(lock); /* the run is over: its lock goes */
    return code;
}

/* CLI_CUSTOM parse of --format text|json|tap into a cli_result_format. */
static bool parse_result_format(const char *value, void *dest) {
    static const char *const names[] = {"text", "json", "tap"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(value, names[i]) == 0) {
            *(cli_result_format *)dest = (cli_result_format)i;
            return true;
        }
    return false;
}

/* With --rerun-failed: reads the run into *rerun and restricts selection to it; with no PATH, the corpus
 * becomes the recorded files (*paths and *path_count replaced). Returns RTSHM_EXIT_OK to go on,
 * CLI_NOTHING_TO_RERUN when the run passed everything, or an exit code after printing why. */
#define CLI_NOTHING_TO_RERUN 1001
static int prepare_rerun(const cli_plan_options *o, cli_rerun *rerun, cli_selection *selection, char ***paths,
                         int *path_count) {
    if (o->rerun_failed == NULL) {
        if (o->rerun_run) return cli_usage_error("%s", "--run goes with --rerun-failed DB");
        return RTSHM_EXIT_OK;
    }
    if (o->resume) return cli_usage_error("%s", "--rerun-failed starts a new run; it does not go with --resume");
    int code = cli_rerun_read(o->rerun_failed, o->rerun_run, rerun);
    if (code != RTSHM_EXIT_OK) return code;
    if (rerun->count == 0) {
        fprintf(stderr, "rtshm: --rerun-failed %s: every scenario of run %lld passed; nothing to rerun\n",
                o->rerun_failed, (long long)rerun->run_id);
        return CLI_NOTHING_TO_RERUN;
    }
    cli_rerun_select(rerun, selection);
    if (*path_count == 0) {
        free(*paths);
        *paths = calloc(rerun->count, sizeof **paths);
        if (*paths == NULL) return RTSHM_EXIT_INTERNAL;
        for (size_t i = 0; i < rerun->count; i++) (*paths)[i] = rerun->paths[i];
        *path_count = (int)rerun->count;
    }
    fprintf(stderr, "rtshm: rerunning the %zu scenario%s that run %lld of %s did not pass\n", rerun->count,
            rerun->count == 1 ? "" : "s", (long long)rerun->run_id, o->rerun_failed);
    return RTSHM_EXIT_OK;
}

/* Fills table with run's options writing into *o. Returns how many. */
static size_t run_option_table(cli_plan_options *o, const char **expect_path, cli_option *table) {
    size_t count = cli_plan_option_table(o, table);
    table[count++] = (cli_option){"--format", CLI_CUSTOM, &o->format, "--format is text, json or tap, not '%s'", 0, 0,
                                  parse_result_format, "text|json|tap",
                                  "results on stdout: verdict lines (default), one JSON document, or TAP version 13"};
    table[count++] = (cli_option){"--rerun-failed", CLI_TEXT, &o->rerun_failed, .metavar = "DB",
                                  .help = "only the scenarios not PASS in DB's newest run (or --run ID); no PATH: their files"};
    table[count++] = (cli_option){"--run", CLI_RUN_ID, &o->rerun_run, "--run takes a run id (1, 2, ...), not '%s'",
                                  .metavar = "ID", .help = "with --rerun-failed: that run of DB instead of its newest"};
    table[count++] = (cli_option){"--resume", CLI_FLAG, &o->resume,
                                  .help = "finish the newest run of --db that did not complete (same run id and seed)"};
    table[count++] = (cli_option){"--check-determinism", CLI_FLAG, &o->check_determinism,
                                  .help = "run the selection twice more (scratch trace); exit 1 if a step differs"};
    table[count++] = (cli_option){"--expect", CLI_TEXT, expect_path, .metavar = "FILE",
                                  .help = "known deviations (conformance/EXPECTATIONS.md): exit 1 only on unexpected results"};
    return count;
}

#define RUN_OPTION_COUNT (CLI_PLAN_OPTION_COUNT + 6)

int cli_cmd_run(int argc, char **argv) {
    cli_plan_options o = {.db_path = CLI_RUN_DEFAULT_DB};
    cli_option table[RUN_OPTION_COUNT];
    const char *expect_path = NULL;
    size_t count = run_option_table(&o, &expect_path, table);
    const cli_syntax syntax = {table, count, -1, NULL, "unknown option '%s' for run"};
    char **paths = calloc((size_t)argc, sizeof *paths);
    if (paths == NULL) return RTSHM_EXIT_INTERNAL;
    int path_count;
    int code = cli_parse(&syntax, argc - 2, argv + 2, paths, &path_count);
    cli_rerun rerun = {0};
    cli_selection selection = {o.filters.items, o.filters.count, false, NULL, 0, o.shard};
    if (code == RTSHM_EXIT_OK) code = prepare_rerun(&o, &rerun, &selection, &paths, &path_count);
    cli_corpus corpus = {0};
    int loaded = code == RTSHM_EXIT_OK ? cli_corpus_load(paths, path_count, &corpus) : 0;
    if (loaded != 0) code = loaded == CLI_CORPUS_NO_MEMORY ? RTSHM_EXIT_INTERNAL : RTSHM_EXIT_INPUT; /* exit 3 / 2 */
    free(paths);
    /* the library loads in its fork server, made once the corpus is loaded (its children share it) */
    cli_impl impl = {0};
    if (code == RTSHM_EXIT_OK && cli_impl_start(&o, &impl) != 0) code = RTSHM_EXIT_INPUT;
    cli_expectations expect = {0};
    if (code == RTSHM_EXIT_OK && expect_path) code = cli_expectations_load_for(expect_path, impl.be->name, &expect);
    if (code == RTSHM_EXIT_OK)
        code = run_corpus(&corpus, &selection, &o, &impl, expect_path ? &expect : NULL, argc, argv);
    cli_expectations_free(&expect);
    cli_impl_stop(&impl);
    cli_corpus_free(&corpus);
    cli_rerun_free(&rerun);
    cli_text_list_free(&o.filters);
    return code == CLI_NOTHING_TO_RERUN ? RTSHM_EXIT_OK : code;
}
