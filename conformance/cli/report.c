/* conformance/cli/report.c — `rtshm report DB [--run ID] [--format html|md|junit|json] [-o FILE]
 * [--baseline ID | --baseline-db FILE [--baseline-run ID]] [--diverge failure|skipped|pass] [--explore ID|none]`:
 * one run of a trace rendered by reports/ (report.h). --baseline is a run of DB; --baseline-db the newest run
 * of another database, or its --baseline-run. --explore picks the exploration (`rtshm explore --db`) shown
 * beside the run: the newest by default, when the trace holds any; a trace with explorations and no run
 * is reported as its exploration alone.
 *
 * Exit 0 when the report is written, whatever its verdicts; 2 bad usage or bad input (a file that is
 * missing or no trace, a run that does not exist); 3 internal error (SQLite, memory, writing). With -o
 * the file is written whole or not at all (files.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "conf/cli.h"
#include "files.h"
#include "options.h"
#include "tracefile.h"
#include "reports/report.h"

/* CLI_CUSTOM parse of --format: dest is a report_format. */
static bool parse_format(const char *value, void *dest) {
    return report_format_by_name(value, dest);
}

/* CLI_CUSTOM parse of --diverge failure|skipped|pass: dest is a report_diverge. */
static bool parse_diverge(const char *value, void *dest) {
    static const char *const names[] = {"failure", "skipped", "pass"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(value, names[i]) == 0) {
            *(report_diverge *)dest = (report_diverge)(REPORT_DIVERGE_FAILURE + i);
            return true;
        }
    return false;
}

/* CLI_CUSTOM parse of --explore ID|none: dest is an int64_t, an explore run id or REPORT_EXPLORE_NONE. */
static bool parse_explore(const char *value, void *dest) {
    uint64_t n;
    if (strcmp(value, "none") == 0) *(int64_t *)dest = REPORT_EXPLORE_NONE;
    else if (cli_parse_u64(value, &n) == 0 && n > 0 && n <= INT64_MAX) *(int64_t *)dest = (int64_t)n;
    else return false;
    return true;
}

/* Renders o into out_path (its folder made), or onto stdout when it is NULL. Returns REPORT_OK, or
 * REPORT_EINPUT / REPORT_EINTERNAL with the message in err. */
static int render_to(const report_options *o, const char *out_path, char *err, size_t cap) {
    if (out_path == NULL) return report_render(o, stdout, err, cap);
    cli_atomic_file f;
    if (cli_make_parent(out_path) != 0 || cli_atomic_open(&f, out_path) != 0) {
        snprintf(err, cap, "%s: %s", out_path, strerror(errno));
        return REPORT_EINTERNAL;
    }
    int rc = report_render(o, f.out, err, cap);
    if (rc != REPORT_OK) {
        cli_atomic_abort(&f);
        return rc;
    }
    if (cli_atomic_commit(&f) != 0) {
        snprintf(err, cap, "%s: %s", out_path, strerror(errno));
        return REPORT_EINTERNAL;
    }
    return REPORT_OK;
}

int cli_cmd_report(int argc, char **argv) {
    report_options o = {.format = REPORT_HTML};
    const char *out_path = NULL;
    int64_t baseline = 0, baseline_run = 0;
    const char *bad_run = "run ids are 1, 2, ..., not '%s'";
    const cli_option options[] = {
        {"--run", CLI_RUN_ID, &o.run_id, bad_run, .metavar = "ID", .help = "the run to report; default: the newest"},
        {"--format", CLI_CUSTOM, &o.format, "--format is html, md, junit or json, not '%s'", 0, 0, parse_format,
         .metavar = "html|md|junit|json", .help = "HTML page (default), Markdown, JUnit XML or rtshm-report/1 JSON"},
        {"-o", CLI_TEXT, &out_path, .metavar = "FILE", .help = "where to write it (written whole or not at all); default: stdout"},
        {"--baseline", CLI_RUN_ID, &baseline, bad_run, .metavar = "ID", .help = "compare with this run of DB: new failures and fixed first"},
        {"--baseline-db", CLI_TEXT, &o.baseline_db, .metavar = "FILE", .help = "compare with the newest run of another trace"},
        {"--baseline-run", CLI_RUN_ID, &baseline_run, bad_run, .metavar = "ID", .help = "with --baseline-db: that run instead of its newest"},
        {"--diverge", CLI_CUSTOM, &o.diverge, "--diverge is failure, skipped or pass, not '%s'", 0, 0, parse_diverge,
         .metavar = "failure|skipped|pass", .help = "JUnit's DIVERGE; default: failure for a run, skipped for a validate"},
        {"--explore", CLI_CUSTOM, &o.explore_run, "--explore is an explore run id (1, 2, ...) or none, not '%s'", 0, 0,
         parse_explore, .metavar = "ID|none", .help = "the exploration shown too (explore --db); default: the newest"},
    };
    const cli_syntax syntax = {options, sizeof options / sizeof options[0], 1,
                               "report takes one trace database, not also '%s'", "unknown option '%s' for report"};
    char *db = NULL;
    int count;
    int code = cli_parse(&syntax, argc - 2, argv + 2, &db, &count);
    if (code != RTSHM_EXIT_OK) return code;
    o.db = db;
    if (o.db == NULL) return cli_usage_error("%s", "report needs a trace database");
    if (baseline && o.baseline_db)
        return cli_usage_error("%s", "--baseline ID is a run of DB; for another database use --baseline-db FILE "
                                     "[--baseline-run ID]");
    if (baseline_run && o.baseline_db == NULL)
        return cli_usage_error("%s", "--baseline-run goes with --baseline-db FILE (for a run of DB: --baseline ID)");
    o.baseline_run = o.baseline_db ? baseline_run : baseline;
    const char *inputs[2] = {o.db, o.baseline_db};
    for (int i = 0; i < 2; i++)
        if (inputs[i] && (code = cli_trace_check(inputs[i], "")) != RTSHM_EXIT_OK) return code;
    char err[1024] = "";
    int rc = render_to(&o, out_path, err, sizeof err);
    if (rc != REPORT_OK) {
        fprintf(stderr, "rtshm: %s\n", err);
        return rc == REPORT_EINPUT ? RTSHM_EXIT_INPUT : RTSHM_EXIT_INTERNAL;
    }
    if (out_path) fprintf(stderr, "rtshm: report written to %s\n", out_path);
    return RTSHM_EXIT_OK;
}
