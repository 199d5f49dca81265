/* conformance/cli/spec.c — `rtshm spec [--format text|json] [--coverage DB [--run ID]]`: the clause
 * catalogue; with --coverage, per implementation in the trace, each clause with the scenarios and steps
 * that cover it, the clauses nothing covers, and the documented statuses no step produced (reports/
 * coverage.h). Exit 0; 1 when a strict clause is uncovered; 2 bad usage or input. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "conf/cli.h"
#include "options.h"
#include "reports/coverage.h"

int cli_cmd_spec(int argc, char **argv) {
    const char *db = NULL;
    bool json = false;
    int64_t run_id = 0;
    const cli_option options[] = {
        {"--coverage", CLI_TEXT, &db},
        {"--format", CLI_CUSTOM, &json, "--format is text or json, not '%s'", 0, 0, cli_parse_text_or_json},
        {"--run", CLI_RUN_ID, &run_id, "--run takes a run id (1, 2, ...), not '%s'"},
    };
    /* spec takes no positional argument: anything that is no option of its is an unknown argument */
    const cli_syntax syntax = {options, sizeof options / sizeof options[0], 0, "unknown argument '%s' for spec",
                               "unknown argument '%s' for spec"};
    int count;
    int code = cli_parse(&syntax, argc - 2, argv + 2, NULL, &count);
    if (code != RTSHM_EXIT_OK) return code;
    if (db == NULL) {
        if (run_id) return cli_usage_error("%s", "--run goes with --coverage DB");
        report_spec_list(stdout, json);
        return RTSHM_EXIT_OK;
    }
    if (access(db, R_OK) != 0) {
        fprintf(stderr, "rtshm: %s: %s\n", db, strerror(errno));
        return RTSHM_EXIT_INPUT;
    }
    report_coverage_totals totals;
    char err[1024];
    if (report_coverage(db, run_id, json, stdout, &totals, err, sizeof err) != 0) {
        fprintf(stderr, "rtshm: %s\n", err);
        return RTSHM_EXIT_INPUT;
    }
    return totals.strict_uncovered > 0 ? RTSHM_EXIT_FAILED : RTSHM_EXIT_OK;
}
