/* conformance/cli/results.c — a run's results as JSON or TAP (results.h). */
#include "results.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "traces/expect.h"
#include "traces/query.h"

/* A scenario's outcome against the run's expectation file (run --expect), copied from the trace. */
typedef struct judged {
    char *id, *outcome, *expected, *reason;
} judged;

/* Visitor state: where to print, the scenarios array (json), the TAP test counter (tap), the outcomes
 * (by id; none when the run had no expectation file). */
typedef struct results_ctx {
    FILE *out;
    cJSON *scenarios;
    int tap_number;
    bool failed;
    judged *outcomes;
    size_t outcome_count, outcome_cap;
} results_ctx;

static int copy_outcome(void *ctx, const trace_expect_scenario *row) {
    results_ctx *c = ctx;
    if (c->outcome_count == c->outcome_cap) {
        size_t cap = c->outcome_cap ? 2 * c->outcome_cap : 64;
        judged *grown = realloc(c->outcomes, cap * sizeof *grown);
        if (grown == NULL) return 1;
        c->outcomes = grown;
        c->outcome_cap = cap;
    }
    judged *j = &c->outcomes[c->outcome_count++];
    *j = (judged){strdup(row->scenario), strdup(row->outcome), row->expected ? strdup(row->expected) : NULL,
                  row->reason ? strdup(row->reason) : NULL};
    return j->id && j->outcome ? 0 : 1;
}

static void free_outcomes(results_ctx *c) {
    for (size_t i = 0; i < c->outcome_count; i++) {
        free(c->outcomes[i].id);
        free(c->outcomes[i].outcome);
        free(c->outcomes[i].expected);
        free(c->outcomes[i].reason);
    }
    free(c->outcomes);
}

static int compare_judged(const void *key, const void *elem) {
    return strcmp(key, ((const judged *)elem)->id);
}

/* The outcome of scenario id, or NULL (both lists come by id, bytewise). */
static const judged *outcome_of(const results_ctx *c, const char *id) {
    return c->outcome_count ? bsearch(id, c->outcomes, c->outcome_count, sizeof *c->outcomes, compare_judged) : NULL;
}

/* Prints text on one line for a TAP directive: newlines and '#' as spaces, escaped. */
static void directive_text(FILE *out, const char *text) {
    char *line = strdup(text ? text : "");
    if (line)
        for (char *p = line; *p; p++)
            if (*p == '\n' || *p == '#') *p = ' ';
    cli_escape_fputs(out, line ? line : "");
    free(line);
}

/* Prints text as a YAML double-quoted scalar. */
static void yaml_quoted(FILE *out, const char *text) {
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == '"' || *p == '\\') fprintf(out, "\\%c", *p);
        else if (*p == '\n') fputs("\\n", out);
        else if (*p < 0x20 || *p == 0x7f) fprintf(out, "\\x%02x", *p);
        else fputc(*p, out);
    }
    fputc('"', out);
}

static int tap_scenario(void *ctx, const trace_scenario_row *row) {
    results_ctx *c = ctx;
    const char *verdict = row->verdict ? row->verdict : "NONE";
    const char *message = row->message ? row->message : "";
    const judged *j = outcome_of(c, row->scenario);
    bool ok = strcmp(verdict, "PASS") == 0 || strcmp(verdict, "SKIP") == 0;
    if (j && strcmp(j->outcome, "unexpected-pass") == 0) ok = false; /* it fails the run */
    fprintf(c->out, "%s %d - ", ok ? "ok" : "not ok", ++c->tap_number);
    cli_escape_fputs(c->out, row->scenario);
    if (strcmp(verdict, "SKIP") == 0) { /* the reason on the test line: one line, no second directive */
        fputs(" # SKIP ", c->out);
        directive_text(c->out, message);
    } else if (j && strcmp(j->outcome, "expected") == 0) { /* TAP's TODO: a known failure, not counted */
        fprintf(c->out, " # TODO expected %s: ", j->expected ? j->expected : "step deviations");
        directive_text(c->out, j->reason);
    }
    fputs("\n  ---\n  verdict: ", c->out);
    cli_escape_fputs(c->out, verdict);
    if (j) {
        fputs("\n  outcome: ", c->out);
        cli_escape_fputs(c->out, j->outcome);
    }
    fputs("\n  message: ", c->out);
    yaml_quoted(c->out, message);
    fprintf(c->out, "\n  steps: %lld\n  path: ", (long long)row->steps);
    yaml_quoted(c->out, row->path ? row->path : "");
    fputs("\n  ...\n", c->out);
    return 0;
}

static int json_scenario(void *ctx, const trace_scenario_row *row) {
    results_ctx *c = ctx;
    cJSON *item = cJSON_CreateObject();
    if (item == NULL || !cJSON_AddItemToArray(c->scenarios, item) ||
        !cJSON_AddStringToObject(item, "id", row->scenario) ||
        !(row->verdict ? cJSON_AddStringToObject(item, "verdict", row->verdict) : cJSON_AddNullToObject(item, "verdict")) ||
        !cJSON_AddStringToObject(item, "message", row->message ? row->message : "") ||
        !cJSON_AddNumberToObject(item, "steps", (double)row->steps) ||
        !cJSON_AddStringToObject(item, "path", row->path ? row->path : "")) {
        c->failed = true;
        return 1;
    }
    const judged *j = outcome_of(c, row->scenario);
    if (c->outcome_count && /* a run judged against an expectation file: every scenario says how it went */
        (!(j ? cJSON_AddStringToObject(item, "outcome", j->outcome) : cJSON_AddNullToObject(item, "outcome")) ||
         !(j && j->expected ? cJSON_AddStringToObject(item, "expected", j->expected)
                            : cJSON_AddNullToObject(item, "expected")))) {
        c->failed = true;
        return 1;
    }
    return 0;
}

/* The seed as an exact JSON integer (a double would round seeds above 2^53). True when added. */
static bool add_seed(cJSON *doc, uint64_t seed) {
    char text[32];
    snprintf(text, sizeof text, "%" PRIu64, seed);
    return cJSON_AddRawToObject(doc, "seed", text) != NULL;
}

/* The run row's implementation, seed and state, added to the document. */
static int json_run(void *ctx, const trace_run_row *row) {
    cJSON *doc = ctx;
    return cJSON_AddStringToObject(doc, "implementation", row->implementation ? row->implementation : "") &&
                   add_seed(doc, row->seed) &&
                   cJSON_AddStringToObject(doc, "state", row->state ? row->state : "")
               ? 0
               : 1;
}

/* Totals being summed from the verdict counts of a run. */
typedef struct totals_ctx {
    cJSON *totals;
    int64_t scenarios, steps;
} totals_ctx;

static int add_verdict_count(void *ctx, const trace_verdict_count *row) {
    totals_ctx *t = ctx;
    t->scenarios += row->scenarios;
    t->steps += row->steps;
    if (row->verdict == NULL) return 0;
    cJSON *count = cJSON_GetObjectItemCaseSensitive(t->totals, row->verdict);
    if (count) cJSON_SetNumberValue(count, (double)row->scenarios);
    else if (!cJSON_AddNumberToObject(t->totals, row->verdict, (double)row->scenarios)) return 1;
    return 0;
}

/* Adds the "totals" object of run_id to doc. Returns 0, -1 (SQLite) or 1 (out of memory). */
static int json_totals(trace_reader *r, int64_t run_id, cJSON *doc) {
    static const char *const verdicts[] = {"PASS", "FAIL", "DIVERGE", "ERROR", "CRASH", "TIMEOUT", "SKIP"};
    totals_ctx t = {cJSON_AddObjectToObject(doc, "totals"), 0, 0};
    if (t.totals == NULL || !cJSON_AddNumberToObject(t.totals, "scenarios", 0)) return 1;
    for (size_t i = 0; i < sizeof verdicts / sizeof verdicts[0]; i++)
        if (!cJSON_AddNumberToObject(t.totals, verdicts[i], 0)) return 1;
    int64_t findings = 0;
    int rc = trace_query_verdict_counts(r, run_id, add_verdict_count, &t);
    if (rc == 0) rc = trace_query_finding_count(r, run_id, &findings);
    if (rc != 0) return rc;
    cJSON_SetNumberValue(cJSON_GetObjectItemCaseSensitive(t.totals, "scenarios"), (double)t.scenarios);
    return cJSON_AddNumberToObject(t.totals, "steps", (double)t.steps) &&
                   cJSON_AddNumberToObject(t.totals, "findings", (double)findings)
               ? 0
               : 1;
}

/* Builds the JSON document of run_id and prints it on out. Returns 0, -1 (SQLite) or 1 (out of memory). */
static int print_json(FILE *out, trace_reader *r, const char *db_path, int64_t run_id, results_ctx *c) {
    cJSON *doc = cJSON_CreateObject();
    int rc = doc && cJSON_AddStringToObject(doc, "format", "rtshm-run-results/1") &&
                     cJSON_AddNumberToObject(doc, "run", (double)run_id) &&
                     cJSON_AddStringToObject(doc, "db", db_path)
                 ? 0
                 : 1;
    if (rc == 0) rc = trace_query_run(r, run_id, json_run, doc);
    if (rc == 0) rc = json_totals(r, run_id, doc);
    c->scenarios = doc ? cJSON_AddArrayToObject(doc, "scenarios") : NULL;
    if (rc == 0 && c->scenarios == NULL) rc = 1;
    if (rc == 0) rc = trace_query_scenarios(r, run_id, json_scenario, c);
    char *text = rc == 0 ? cJSON_Print(doc) : NULL;
    if (rc == 0 && text == NULL) rc = 1;
    if (text) fprintf(out, "%s\n", text);
    free(text);
    cJSON_Delete(doc);
    return rc;
}

/* Counts the scenarios of a run (for the TAP plan line). */
static int count_scenarios(void *ctx, const trace_verdict_count *row) {
    *(int64_t *)ctx += row->scenarios;
    return 0;
}

int cli_print_results(FILE *out, cli_result_format format, const char *db_path, int64_t run_id) {
    char err[1024];
    trace_reader *r = NULL;
    if (trace_reader_open(db_path, &r, err, sizeof err) != TRACE_READER_OK) {
        fprintf(stderr, "rtshm: %s\n", err);
        return -1;
    }
    results_ctx c = {out, NULL, 0, false, NULL, 0, 0};
    int rc = trace_query_expect_scenarios(r, run_id, copy_outcome, &c);
    if (rc != 0) {
    } else if (format == CLI_RESULTS_JSON) {
        rc = print_json(out, r, db_path, run_id, &c);
    } else {
        int64_t scenarios = 0;
        rc = trace_query_verdict_counts(r, run_id, count_scenarios, &scenarios);
        if (rc == 0) {
            fprintf(out, "TAP version 13\n1..%lld\n", (long long)scenarios);
            rc = trace_query_scenarios(r, run_id, tap_scenario, &c);
        }
    }
    free_outcomes(&c);
    if (rc != 0) fprintf(stderr, "rtshm: %s: %s\n", db_path, rc < 0 ? trace_reader_errmsg(r) : "out of memory");
    fflush(out);
    trace_reader_close(r);
    return rc == 0 ? 0 : -1;
}
