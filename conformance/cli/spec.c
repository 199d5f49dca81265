/* conformance/cli/spec.c — `rtshm spec [--format text|json|schema] [--coverage DB [--run ID]]`: the clause
 * catalogue; --format schema: the JSON Schema of scenario files (conf/schema.h, generated from the spec
 * tables); with --coverage, per implementation in the trace, each clause with the scenarios and steps
 * that cover it, the clauses nothing covers, and the documented statuses no step produced (reports/
 * coverage.h). Exit 0; 1 when a strict clause is uncovered; 2 bad usage or input. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "conf/cli.h"
#include "conf/schema.h"
#include "options.h"
#include "tracefile.h"
#include "reports/coverage.h"

/* What `spec` prints. */
typedef enum spec_format { SPEC_FORMAT_TEXT = 0, SPEC_FORMAT_JSON, SPEC_FORMAT_SCHEMA } spec_format;

/* --format's value into the spec_format at dest; false when it is none of text, json, schema. */
static bool parse_spec_format(const char *value, void *dest) {
    if (strcmp(value, "schema") == 0) {
        *(spec_format *)dest = SPEC_FORMAT_SCHEMA;
        return true;
    }
    bool json = false;
    if (!cli_parse_text_or_json(value, &json)) return false;
    *(spec_format *)dest = json ? SPEC_FORMAT_JSON : SPEC_FORMAT_TEXT;
    return true;
}

/* Prints the scenario JSON Schema. Exit 0, or 3 when memory runs out or stdout cannot be written. */
static int print_schema(void) {
    char *schema = conf_scenario_schema();
    if (schema == NULL) {
        fprintf(stderr, "rtshm: out of memory\n");
        return RTSHM_EXIT_INTERNAL;
    }
    int written = fputs(schema, stdout) >= 0 && fputc('\n', stdout) != EOF && fflush(stdout) == 0;
    free(schema);
    if (!written) {
        fprintf(stderr, "rtshm: cannot write the schema: %s\n", strerror(errno));
        return RTSHM_EXIT_INTERNAL;
    }
    return RTSHM_EXIT_OK;
}

int cli_cmd_spec(int argc, char **argv) {
    const char *db = NULL;
    spec_format format = SPEC_FORMAT_TEXT;
    int64_t run_id = 0;
    const cli_option options[] = {
        {"--coverage", CLI_TEXT, &db, .metavar = "DB", .help = "each clause with what covers it in the trace DB; exit 1 when a strict clause is uncovered"},
        {"--format", CLI_CUSTOM, &format, "--format is text, json or schema, not '%s'", 0, 0, parse_spec_format,
         .metavar = "text|json|schema", .help = "the catalogue as text (default) or JSON, or the scenario JSON Schema"},
        {"--run", CLI_RUN_ID, &run_id, "--run takes a run id (1, 2, ...), not '%s'", .metavar = "ID",
         .help = "with --coverage: that run instead of the newest"},
    };
    /* spec takes no positional argument: anything that is no option of its is an unknown argument */
    const cli_syntax syntax = {options, sizeof options / sizeof options[0], 0, "unknown argument '%s' for spec",
                               "unknown argument '%s' for spec"};
    int count;
    int code = cli_parse(&syntax, argc - 2, argv + 2, NULL, &count);
    if (code != RTSHM_EXIT_OK) return code;
    if (format == SPEC_FORMAT_SCHEMA) {
        if (db || run_id) return cli_usage_error("%s", "--format schema takes no --coverage or --run");
        return print_schema();
    }
    bool json = format == SPEC_FORMAT_JSON;
    if (db == NULL) {
        if (run_id) return cli_usage_error("%s", "--run goes with --coverage DB");
        report_spec_list(stdout, json);
        return RTSHM_EXIT_OK;
    }
    code = cli_trace_check(db, "");
    if (code != RTSHM_EXIT_OK) return code;
    report_coverage_totals totals;
    char err[1024];
    if (report_coverage(db, run_id, json, stdout, &totals, err, sizeof err) != 0) {
        fprintf(stderr, "rtshm: %s\n", err);
        return RTSHM_EXIT_INPUT;
    }
    return totals.strict_uncovered > 0 ? RTSHM_EXIT_FAILED : RTSHM_EXIT_OK;
}
