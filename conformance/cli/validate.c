/* conformance/cli/validate.c — `rtshm validate --impl PATH.so [--db FILE] [--timeout S] [--seed N]
 * [--filter GLOB]... [--expect FILE] [PATH...]`.
 *
 * The corpus (default conformance/scenarios) on the reference (in process) and on a backend library
 * (isolated) into one trace, as two runs; the table of the backend's results per clause level; the
 * backend's run as an HTML report beside the trace with the reference's run as its baseline. Exit 0 only
 * when nothing FAILed (FAIL, CRASH, TIMEOUT and ERROR count; DIVERGE and SKIP do not). With --expect FILE
 * (expectfile.h; loaded, and checked to be for the backend, before anything runs) the backend's run is
 * judged against it as `run --expect` judges (expect.h) and the exit code is the judgement's: only the
 * unexpected counts, DIVERGE included (a permitted divergence is an entry expecting DIVERGE). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "conf/cli.h"
#include "escape.h"
#include "expect.h"
#include "files.h"
#include "plan.h"
#include "reports/levels.h"
#include "reports/report.h"
#include "reports/summary.h"
#include "runinfo.h"
#include "runstart.h"

#include "corpus_path.h" /* DEFAULT_CORPUS: the installed corpus beside the binary, else conformance/scenarios */

/* Records the corpus on the reference (runs[0]) and on be (runs[1]) into db. Returns RTSHM_EXIT_OK or
 * RTSHM_EXIT_FAILED (whatever the verdicts: the caller judges them by level), or RTSHM_EXIT_INPUT /
 * RTSHM_EXIT_INTERNAL after printing why. */
static int record_both(trace_db *db, const cli_plan_options *o, const cli_corpus *corpus,
                       const cli_selection *selection, const cli_impl *impl, int argc, char **argv, int64_t runs[2]) {
    char started_at[32];
    cli_utc_now(started_at);
    char *args = cli_argv_json(argc, argv);
    cli_catch_interrupts();
    int exit_code = RTSHM_EXIT_OK;
    const cli_impl reference = {conf_backend_reference(), NULL};
    const cli_impl *sides[2] = {&reference, impl};
    size_t selected = cli_corpus_selected(corpus, selection);
    trace_lock *lock = NULL; /* each run's live-run lock, and its inputs recorded (runstart.h) */
    if (args == NULL) fprintf(stderr, "rtshm: out of memory\n");
    if (args == NULL || cli_run_lock_open(o->db_path, &lock) != RTSHM_EXIT_OK) exit_code = RTSHM_EXIT_INTERNAL;
    for (int side = 0; side < 2 && exit_code != RTSHM_EXIT_INTERNAL && !cli_interrupted; side++) {
        cli_escape_line(stdout, "== %s ==", sides[side]->be->name); /* a backend's name is outside text */
        cli_run_inputs in;
        int made = cli_run_inputs_make(&in, o, side ? o->impl : NULL, sides[side]->be->name, corpus, selection);
        int code = made == 0 ? cli_run_create(db, o->db_path, lock, &in, args, started_at, &runs[side]) : RTSHM_EXIT_INTERNAL;
        cli_run_inputs_free(&in);
        if (code != RTSHM_EXIT_OK) {
            exit_code = RTSHM_EXIT_INTERNAL;
            break;
        }
        cli_plan plan = {corpus, selection, sides[side], o->seed, false, stdout};
        size_t ran, already;
        code = cli_run_plan(&plan, db, o->db_path, runs[side], &ran, &already);
        if (code == RTSHM_EXIT_INPUT) {
            trace_run_finish(db, runs[side], "interrupted");
            exit_code = code;
            break;
        }
        const char *state = code == RTSHM_EXIT_INTERNAL ? NULL : cli_run_end_state(db, o->db_path, runs[side], selected);
        if (code == RTSHM_EXIT_INTERNAL || state == NULL) exit_code = RTSHM_EXIT_INTERNAL;
        else if (trace_run_finish(db, runs[side], state) != 0) exit_code = RTSHM_EXIT_INTERNAL;
        else if (strcmp(state, "complete") != 0) exit_code = RTSHM_EXIT_INTERNAL; /* never "passed" */
        else if (report_summary_line(stdout, db, o->db_path, runs[side]) != 0)
            exit_code = RTSHM_EXIT_INTERNAL;
        if (side == 0 && code == RTSHM_EXIT_FAILED)
            fprintf(stderr, "rtshm: the reference itself did not pass every scenario; the backend's verdicts are "
                            "judged against expectations the reference does not meet\n");
    }
    free(args);
    trace_lock_close(lock);
    return exit_code;
}

/* Writes the backend's run (runs[1]) as an HTML report with the reference's (runs[0]) as its baseline,
 * to the trace's path with "-report.html" for ".sqlite", whole or not at all. Returns 0, or -1 after
 * printing why. */
static int write_report(const char *db_path, const int64_t runs[2]) {
    char report_path[4200], err[1024] = "";
    size_t stem = strlen(db_path);
    if (stem > 7 && strcmp(db_path + stem - 7, ".sqlite") == 0) stem -= 7;
    snprintf(report_path, sizeof report_path, "%.*s-report.html", (int)stem, db_path);
    cli_atomic_file f;
    report_options ro = {.db = db_path, .run_id = runs[1], .format = REPORT_HTML, .baseline_run = runs[0]};
    bool opened = cli_atomic_open(&f, report_path) == 0;
    if (!opened || report_render(&ro, f.out, err, sizeof err) != REPORT_OK) {
        fprintf(stderr, "rtshm: report %s: %s\n", report_path, opened ? err : strerror(errno));
        if (opened) cli_atomic_abort(&f);
        return -1;
    }
    if (cli_atomic_commit(&f) != 0) {
        fprintf(stderr, "rtshm: report %s: %s\n", report_path, strerror(errno));
        return -1;
    }
    printf("report: %s\n", report_path);
    return 0;
}

/* Validates the scenarios of the loaded corpus that selection selects on be into the trace at o->db_path.
 * Returns the exit code. */
static int validate_corpus(const cli_corpus *corpus, const cli_selection *selection, const cli_plan_options *o,
                           const cli_impl *impl, cli_expectations *expect, int argc, char **argv) {
    trace_db *db = NULL;
    int code = cli_open_run_trace(cli_corpus_selected(corpus, selection), selection, "", o->db_path, CLI_VALIDATE_DEFAULT_DB, &db);
    if (code != RTSHM_EXIT_OK) return code;
    int64_t runs[2] = {0, 0};
    code = record_both(db, o, corpus, selection, impl, argc, argv, runs);
    int judged = RTSHM_EXIT_OK; /* the backend's run against the expectation file, when given */
    if (expect && code != RTSHM_EXIT_INTERNAL && code != RTSHM_EXIT_INPUT && !cli_interrupted)
        judged = cli_expect_judge(db, o->db_path, runs[1], expect, stdout);
    trace_close(db);
    if (judged == RTSHM_EXIT_INTERNAL) return judged;
    if (code == RTSHM_EXIT_INTERNAL || code == RTSHM_EXIT_INPUT) return code;
    if (cli_interrupted) return RTSHM_EXIT_INTERNAL;
    const conf_backend *be = impl->be;
    cli_escape_line(stdout, "== %s per clause level (scenarios) ==", be->name);
    report_level_counts counts;
    char err[1024];
    if (report_levels(o->db_path, runs[1], stdout, &counts, err, sizeof err) != 0) {
        fprintf(stderr, "rtshm: %s\n", err);
        return RTSHM_EXIT_INTERNAL;
    }
    if (write_report(o->db_path, runs) != 0) return RTSHM_EXIT_INTERNAL;
    long failed = counts.scen_fail + counts.scen_crash + counts.scen_timeout + counts.scen_error;
    if (expect) {
        cli_escape_line(stdout, "validate: %s: %s against %s (%ld scenarios failed; trace %s, runs %lld and %lld)",
                        be->name, judged == RTSHM_EXIT_OK ? "passed" : "FAILED", expect->path, failed, o->db_path,
                        (long long)runs[0], (long long)runs[1]);
        return judged;
    }
    cli_escape_line(stdout, "validate: %s: %s (%ld scenarios failed; trace %s, runs %lld and %lld)", be->name,
           failed ? "FAILED" : "passed", failed, o->db_path, (long long)runs[0], (long long)runs[1]);
    return failed ? RTSHM_EXIT_FAILED : RTSHM_EXIT_OK;
}

int cli_cmd_validate(int argc, char **argv) {
    cli_plan_options o = {.db_path = CLI_VALIDATE_DEFAULT_DB};
    cli_option table[CLI_PLAN_OPTION_COUNT + 1];
    size_t count = cli_plan_option_table(&o, table);
    const char *expect_path = NULL;
    table[count++] = (cli_option){"--expect", CLI_TEXT, &expect_path, .metavar = "FILE",
                                  .help = "the backend's known deviations: exit 1 only on unexpected results"};
    const cli_syntax syntax = {table, count, -1, NULL, "unknown option '%s' for validate"};
    char **paths = calloc((size_t)argc, sizeof *paths); /* room for every argument, or the default corpus */
    if (paths == NULL) return RTSHM_EXIT_INTERNAL;
    int path_count;
    int code = cli_parse(&syntax, argc - 2, argv + 2, paths, &path_count);
    if (code == RTSHM_EXIT_OK && (o.impl == NULL || strcmp(o.impl, "reference") == 0))
        code = cli_usage_error("%s", "validate needs --impl PATH.so: the backend library to validate against the "
                                     "reference");
    if (path_count == 0) paths[path_count++] = DEFAULT_CORPUS;
    cli_corpus corpus = {0};
    int loaded = code == RTSHM_EXIT_OK ? cli_corpus_load(paths, path_count, &corpus) : 0;
    if (loaded != 0) code = loaded == CLI_CORPUS_NO_MEMORY ? RTSHM_EXIT_INTERNAL : RTSHM_EXIT_INPUT; /* exit 3 / 2 */
    free(paths);
    cli_impl impl = {0};
    if (code == RTSHM_EXIT_OK && cli_impl_start(&o, &impl) != 0) code = RTSHM_EXIT_INPUT;
    cli_selection selection = {o.filters.items, o.filters.count, false, NULL, 0, o.shard};
    cli_expectations expect = {0};
    if (code == RTSHM_EXIT_OK && expect_path) code = cli_expectations_load_for(expect_path, impl.be->name, &expect);
    if (code == RTSHM_EXIT_OK)
        code = validate_corpus(&corpus, &selection, &o, &impl, expect_path ? &expect : NULL, argc, argv);
    cli_expectations_free(&expect);
    cli_impl_stop(&impl);
    cli_corpus_free(&corpus);
    cli_text_list_free(&o.filters);
    return code;
}
