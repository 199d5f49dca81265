/* conformance/cli/expect.c — judging a run against its expectation file (expect.h) and `rtshm expect
 * --from DB [--run ID] [-o FILE]`: the expectation file that makes a recorded run's deviations expected
 * (for adopting rtshm on an implementation that does not pass everything yet), one entry per scenario
 * that did not pass, sorted by scenario id, with the run's own words as the reason; nothing in it but
 * what the trace holds, so the same run always gives the same bytes. */
#include "expect.h"

#include <cjson/cJSON.h>
#include <fnmatch.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "conf/cli.h"
#include "escape.h"
#include "files.h"
#include "options.h"
#include "tracefile.h"
#include "traces/expect.h"
#include "traces/query.h"
#include "traces/strbuf.h"

/* ---- judging ---- */

typedef struct judged_scenario {
    char *id, *verdict;
    size_t first_step, step_count; /* its rows in the judged steps */
} judged_scenario;

typedef struct judged_step {
    int64_t step;
    char verdict; /* 'F' FAIL, 'D' DIVERGE, 'P' PASS */
} judged_step;

typedef struct judge_rows {
    judged_scenario *scenarios;
    size_t count, cap;
    judged_step *steps;
    size_t step_count, step_cap;
    char **step_scenario; /* scenario id of each step row, until they are grouped */
    bool oom;
} judge_rows;

static int collect_scenario(void *ctx, const trace_scenario_row *row) {
    judge_rows *j = ctx;
    if (j->count == j->cap) {
        size_t cap = j->cap ? 2 * j->cap : 64;
        judged_scenario *grown = realloc(j->scenarios, cap * sizeof *grown);
        if (grown == NULL) return j->oom = true, 1;
        j->scenarios = grown;
        j->cap = cap;
    }
    judged_scenario *s = &j->scenarios[j->count];
    *s = (judged_scenario){strdup(row->scenario), strdup(row->verdict ? row->verdict : "NONE"), 0, 0};
    j->count++;
    if (s->id == NULL || s->verdict == NULL) return j->oom = true, 1;
    return 0;
}

/* Steps come by scenario id then seq, as the scenarios do: each scenario's rows are contiguous. */
static int collect_step(void *ctx, const trace_step_row *row) {
    judge_rows *j = ctx;
    if (j->step_count == j->step_cap) {
        size_t cap = j->step_cap ? 2 * j->step_cap : 256;
        judged_step *grown = realloc(j->steps, cap * sizeof *grown);
        char **names = grown ? realloc(j->step_scenario, cap * sizeof *names) : NULL;
        if (grown) j->steps = grown;
        if (names == NULL) return j->oom = true, 1;
        j->step_scenario = names;
        j->step_cap = cap;
    }
    const char *v = row->verdict ? row->verdict : "";
    j->steps[j->step_count] = (judged_step){row->step, strcmp(v, "FAIL") == 0 ? 'F' : strcmp(v, "DIVERGE") == 0 ? 'D' : 'P'};
    /* the previous row's name is shared when it is the same scenario */
    char *prev = j->step_count ? j->step_scenario[j->step_count - 1] : NULL;
    j->step_scenario[j->step_count] = prev && strcmp(prev, row->scenario) == 0 ? prev : strdup(row->scenario);
    if (j->step_scenario[j->step_count] == NULL) return j->oom = true, 1;
    j->step_count++;
    return 0;
}

/* Gives each scenario its range of step rows (both lists are sorted by id) and frees the names. */
static void group_steps(judge_rows *j) {
    size_t k = 0;
    for (size_t i = 0; i < j->count; i++) {
        while (k < j->step_count && strcmp(j->step_scenario[k], j->scenarios[i].id) < 0) k++;
        j->scenarios[i].first_step = k;
        while (k < j->step_count && strcmp(j->step_scenario[k], j->scenarios[i].id) == 0) k++;
        j->scenarios[i].step_count = k - j->scenarios[i].first_step;
    }
    for (size_t k2 = 0; k2 < j->step_count; k2++)
        if (k2 + 1 == j->step_count || j->step_scenario[k2 + 1] != j->step_scenario[k2]) free(j->step_scenario[k2]);
    free(j->step_scenario);
    j->step_scenario = NULL;
}

static void judge_rows_free(judge_rows *j) {
    for (size_t i = 0; i < j->count; i++) {
        free(j->scenarios[i].id);
        free(j->scenarios[i].verdict);
    }
    free(j->scenarios);
    free(j->steps);
    if (j->step_scenario)
        for (size_t k = 0; k < j->step_count; k++)
            if (k + 1 == j->step_count || j->step_scenario[k + 1] != j->step_scenario[k]) free(j->step_scenario[k]);
    free(j->step_scenario);
}

/* Outcomes, worst last (a scenario's outcome is the worst of its own and its steps'). */
enum { OUT_PASS, OUT_EXPECTED, OUT_UNEXPECTED_PASS, OUT_UNEXPECTED };
static const char *const outcome_names[] = {"pass", "expected", "unexpected-pass", "unexpected"};

/* The worst verdict of step index step among a scenario's rows: "FAIL" > "DIVERGE" > "PASS"; NULL when
 * no judged row has that step. */
static const char *step_actual(const judge_rows *j, const judged_scenario *s, int64_t step) {
    char worst = 0;
    for (size_t k = s->first_step; k < s->first_step + s->step_count; k++) {
        char v = j->steps[k].step == step ? j->steps[k].verdict : 0;
        if (v == 'F' || (v == 'D' && worst != 'F') || (v == 'P' && worst == 0)) worst = v;
    }
    return worst == 'F' ? "FAIL" : worst == 'D' ? "DIVERGE" : worst == 'P' ? "PASS" : NULL;
}

static int step_outcome(const char *expected, const char *actual) {
    if (strcmp(expected, "FLAKY") == 0) return OUT_EXPECTED;
    if (actual && strcmp(actual, expected) == 0) return OUT_EXPECTED;
    if (actual && strcmp(actual, "PASS") == 0) return OUT_UNEXPECTED_PASS;
    return OUT_UNEXPECTED;
}

/* Counts of the outcomes, for the summary. */
typedef struct judge_counts {
    long outcomes[4];
    long unmatched;
} judge_counts;

/* Prints one unexpected result line. */
static void print_unexpected(FILE *out, int outcome, const char *id, const char *actual, const cli_expect_entry *e,
                             const char *what) {
    fputs(outcome == OUT_UNEXPECTED ? "expect: UNEXPECTED " : "expect: UNEXPECTED-PASS ", out);
    cli_escape_fputs(out, id);
    fprintf(out, "%s: %s", what, actual ? actual : "not run");
    if (e) {
        fprintf(out, ", expected %s (", e->verdict);
        cli_escape_fputs(out, e->reason);
        if (e->link) {
            fputs("; ", out);
            cli_escape_fputs(out, e->link);
        }
        fputs(")", out);
    } else {
        fputs(" (no expectation)", out);
    }
    fputc('\n', out);
}

/* Judges scenario s: its step entries (recorded, printed), then the scenario. Returns its outcome, or -1
 * when recording failed. */
static int judge_scenario(trace_db *db, int64_t run_id, const judge_rows *j, const judged_scenario *s,
                          cli_expectations *x, FILE *out) {
    int worst_step = OUT_PASS;
    bool has_step_entries = false;
    for (size_t i = 0; i < x->count; i++) {
        cli_expect_entry *e = &x->entries[i];
        if (!e->has_step || !(e->glob ? fnmatch(e->scenario, s->id, 0) == 0 : strcmp(e->scenario, s->id) == 0))
            continue;
        if (cli_expect_for_step(x, s->id, e->step) != e) continue; /* another entry wins that step */
        has_step_entries = true;
        e->matched++;
        const char *actual = step_actual(j, s, e->step);
        int o = step_outcome(e->verdict, actual);
        if (o > worst_step) worst_step = o;
        trace_expect_step row = {s->id, e->step, e->verdict, actual, outcome_names[o], (int64_t)i};
        if (trace_expect_add_step(db, run_id, &row) != 0) return -1;
        if (o == OUT_UNEXPECTED || o == OUT_UNEXPECTED_PASS) {
            char what[48];
            snprintf(what, sizeof what, " step %lld", (long long)e->step);
            print_unexpected(out, o, s->id, actual, e, what);
        }
    }
    cli_expect_entry *e = cli_expect_for_scenario(x, s->id);
    bool passed = strcmp(s->verdict, "PASS") == 0, skipped = strcmp(s->verdict, "SKIP") == 0;
    bool deviated_in_steps = strcmp(s->verdict, "FAIL") == 0 || strcmp(s->verdict, "DIVERGE") == 0;
    int o;
    if (e) {
        e->matched++;
        if (strcmp(e->verdict, "FLAKY") == 0) o = passed ? OUT_PASS : OUT_EXPECTED;
        else if (strcmp(e->verdict, s->verdict) == 0) o = OUT_EXPECTED;
        else o = passed ? OUT_UNEXPECTED_PASS : OUT_UNEXPECTED;
    } else if (passed || skipped) {
        o = OUT_PASS;
    } else if (deviated_in_steps && has_step_entries) {
        /* expected when every failing step is one an entry expects as it went */
        o = OUT_EXPECTED;
        for (size_t k = s->first_step; k < s->first_step + s->step_count && o == OUT_EXPECTED; k++) {
            if (j->steps[k].verdict == 'P') continue;
            const cli_expect_entry *se = cli_expect_for_step(x, s->id, j->steps[k].step);
            if (se == NULL || step_outcome(se->verdict, step_actual(j, s, j->steps[k].step)) != OUT_EXPECTED)
                o = OUT_UNEXPECTED;
        }
    } else {
        o = OUT_UNEXPECTED;
    }
    if (o == OUT_UNEXPECTED || o == OUT_UNEXPECTED_PASS) print_unexpected(out, o, s->id, s->verdict, e, "");
    if (worst_step > o) o = worst_step;
    trace_expect_scenario row = {.scenario = s->id,
                                 .expected = e ? e->verdict : NULL,
                                 .outcome = outcome_names[o],
                                 .has_entry = e != NULL,
                                 .entry = e ? (int64_t)(e - x->entries) : 0};
    return trace_expect_add_scenario(db, run_id, &row) == 0 ? o : -1;
}

/* Records x's entries (after judging: with their matched counts) and prints those that matched nothing. */
static int record_entries(trace_db *db, int64_t run_id, const cli_expectations *x, FILE *out, judge_counts *c) {
    for (size_t i = 0; i < x->count; i++) {
        const cli_expect_entry *e = &x->entries[i];
        trace_expect_entry row = {(int64_t)i, x->path, e->scenario, e->has_step, e->step, e->verdict, e->reason,
                                  e->link, e->matched};
        if (trace_expect_add_entry(db, run_id, &row) != 0) return -1;
        if (e->matched) continue;
        c->unmatched++;
        fprintf(out, "expect: unmatched expectations[%zu] (", i);
        cli_escape_fputs(out, e->scenario);
        if (e->has_step) fprintf(out, " step %lld", (long long)e->step);
        fprintf(out, ", %s): no scenario of this run matched it\n", e->verdict);
    }
    return 0;
}

int cli_expect_judge(trace_db *db, const char *db_path, int64_t run_id, cli_expectations *x, FILE *out) {
    char err[1024];
    trace_reader *r = NULL;
    if (trace_reader_open(db_path, &r, err, sizeof err) != TRACE_READER_OK) {
        fprintf(stderr, "rtshm: %s\n", err);
        return RTSHM_EXIT_INTERNAL;
    }
    judge_rows j = {0};
    int rc = trace_query_scenarios(r, run_id, collect_scenario, &j);
    if (rc == 0) rc = trace_query_steps(r, run_id, TRACE_STEPS_JUDGED, collect_step, &j);
    if (rc != 0) fprintf(stderr, "rtshm: %s: %s\n", db_path, j.oom ? "out of memory" : trace_reader_errmsg(r));
    trace_reader_close(r);
    if (rc != 0) {
        judge_rows_free(&j);
        return RTSHM_EXIT_INTERNAL;
    }
    group_steps(&j);
    for (size_t i = 0; i < x->count; i++) x->entries[i].matched = 0;
    judge_counts c = {{0}, 0};
    int failed = trace_expect_begin(db, run_id);
    for (size_t i = 0; i < j.count && failed == 0; i++) {
        int o = judge_scenario(db, run_id, &j, &j.scenarios[i], x, out);
        if (o < 0) failed = -1;
        else c.outcomes[o]++;
    }
    if (failed == 0) failed = record_entries(db, run_id, x, out, &c);
    if (failed == 0) failed = trace_expect_commit(db);
    else trace_expect_rollback(db);
    judge_rows_free(&j);
    if (failed) {
        fprintf(stderr, "rtshm: %s: %s\n", db_path, trace_errmsg(db));
        return RTSHM_EXIT_INTERNAL;
    }
    fprintf(out, "expect: %zu scenarios: %ld passed, %ld as expected, %ld unexpected, %ld unexpected passes; "
                 "%ld of %zu entries matched nothing; ",
            j.count, c.outcomes[OUT_PASS], c.outcomes[OUT_EXPECTED], c.outcomes[OUT_UNEXPECTED],
            c.outcomes[OUT_UNEXPECTED_PASS], c.unmatched, x->count);
    cli_escape_fputs(out, x->path);
    fputc('\n', out);
    return c.outcomes[OUT_UNEXPECTED] || c.outcomes[OUT_UNEXPECTED_PASS] ? RTSHM_EXIT_FAILED : RTSHM_EXIT_OK;
}

/* ---- rtshm expect --from DB ---- */

/* What the adopted file is built from. */
typedef struct adopt_ctx {
    cJSON *list;
    trace_reader *reader;
    int64_t run_id;
    char first_step[512]; /* the scenario's first failing step, worded */
    bool oom;
} adopt_ctx;

static int first_failing_step(void *ctx, const trace_step_row *row) {
    adopt_ctx *a = ctx;
    if (row->verdict == NULL || (strcmp(row->verdict, "FAIL") != 0 && strcmp(row->verdict, "DIVERGE") != 0)) return 0;
    snprintf(a->first_step, sizeof a->first_step, "step %lld (%s%s%s) %s", (long long)row->step,
             row->function ? row->function : row->kind ? row->kind : "?", row->clause ? ", " : "",
             row->clause ? row->clause : "", row->verdict);
    return 1;
}

static int adopt_scenario(void *ctx, const trace_scenario_row *row) {
    adopt_ctx *a = ctx;
    const char *v = row->verdict ? row->verdict : "";
    if (strcmp(v, "PASS") == 0 || strcmp(v, "SKIP") == 0 || !cli_expect_verdict_ok(v, false)) return 0;
    a->first_step[0] = '\0';
    /* the reader's scenario query is busy: the steps of this one come from another query */
    if (trace_query_scenario_steps(a->reader, a->run_id, row->scenario, first_failing_step, a) < 0) return -1;
    char reason[CLI_EXPECT_MAX_REASON];
    const char *why = row->message && row->message[0] ? row->message : a->first_step[0] ? a->first_step : v;
    snprintf(reason, sizeof reason, "adopted from run %lld: %s", (long long)a->run_id, why);
    cJSON *item = cJSON_CreateObject();
    if (item == NULL || !cJSON_AddItemToArray(a->list, item) || !cJSON_AddStringToObject(item, "scenario", row->scenario) ||
        !cJSON_AddStringToObject(item, "verdict", v) || !cJSON_AddStringToObject(item, "reason", reason))
        return a->oom = true, 1;
    return 0;
}

static int adopt_run(void *ctx, const trace_run_row *row) {
    cJSON *doc = ctx;
    return cJSON_AddStringToObject(doc, "implementation", row->implementation ? row->implementation : "") ? 0 : 1;
}

/* The document as people diff it: two-space indent, one entry per line, keys in the order built. NULL
 * when memory runs out. */
static char *print_adopted(const cJSON *doc) {
    trace_strbuf b = {0};
    trace_strbuf_puts(&b, "{\n");
    for (const cJSON *field = doc->child; field; field = field->next) {
        char *key = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(doc, field->string));
        bool list = cJSON_IsArray(field);
        trace_strbuf_puts(&b, "  \"");
        trace_strbuf_puts(&b, field->string);
        trace_strbuf_puts(&b, list ? "\": [" : "\": ");
        if (!list) trace_strbuf_puts(&b, key);
        free(key);
        for (const cJSON *item = list ? field->child : NULL; item; item = item->next) {
            char *line = cJSON_PrintUnformatted(item);
            trace_strbuf_puts(&b, "\n    ");
            trace_strbuf_puts(&b, line);
            if (item->next) trace_strbuf_puts(&b, ",");
            free(line);
        }
        if (list) trace_strbuf_puts(&b, field->child ? "\n  ]" : "]");
        trace_strbuf_puts(&b, field->next ? ",\n" : "\n");
    }
    trace_strbuf_puts(&b, "}");
    if (b.failed) {
        trace_strbuf_free(&b);
        return NULL;
    }
    return b.data ? b.data : strdup("{}");
}

/* Builds the expectation file of run_id (0: the newest) of db_path into *text. Exit code. */
static int adopt(const char *db_path, int64_t run_id, char **text) {
    char err[1024];
    trace_reader *r = NULL;
    if (trace_reader_open(db_path, &r, err, sizeof err) != TRACE_READER_OK) {
        fprintf(stderr, "rtshm: %s\n", err);
        return RTSHM_EXIT_INPUT;
    }
    int64_t older = 0, newest = 0;
    int rc = run_id ? 0 : trace_query_newest_runs(r, &older, &newest);
    if (run_id == 0) run_id = newest;
    cJSON *doc = cJSON_CreateObject();
    adopt_ctx a = {NULL, r, run_id, "", false};
    if (rc == 0 && doc && cJSON_AddStringToObject(doc, "format", CLI_EXPECT_FORMAT)) {
        rc = trace_query_run(r, run_id, adopt_run, doc);
        if (rc == 0 && cJSON_GetObjectItemCaseSensitive(doc, "implementation") == NULL) {
            fprintf(stderr, "rtshm: %s: no run %lld in this trace database\n", db_path, (long long)run_id);
            cJSON_Delete(doc);
            trace_reader_close(r);
            return RTSHM_EXIT_INPUT;
        }
        a.list = rc == 0 ? cJSON_AddArrayToObject(doc, "expectations") : NULL;
        if (rc == 0 && a.list == NULL) a.oom = true;
        if (rc == 0 && a.list) rc = trace_query_scenarios(r, run_id, adopt_scenario, &a);
    } else {
        a.oom = rc == 0;
    }
    *text = rc == 0 && !a.oom ? print_adopted(doc) : NULL;
    if (rc < 0) fprintf(stderr, "rtshm: %s: %s\n", db_path, trace_reader_errmsg(r));
    else if (*text == NULL) fprintf(stderr, "rtshm: out of memory\n");
    cJSON_Delete(doc);
    trace_reader_close(r);
    return *text ? RTSHM_EXIT_OK : RTSHM_EXIT_INTERNAL;
}

int cli_cmd_expect(int argc, char **argv) {
    const char *from = NULL, *out_path = NULL;
    int64_t run_id = 0;
    const cli_option options[] = {
        {"--from", CLI_TEXT, &from, .metavar = "DB", .help = "the trace whose run's deviations become expected"},
        {"--run", CLI_RUN_ID, &run_id, "run ids are 1, 2, ..., not '%s'", .metavar = "ID",
         .help = "that run of DB; default: the newest"},
        {"-o", CLI_TEXT, &out_path, .metavar = "FILE", .help = "where to write it (whole or not at all); default: stdout"},
    };
    const cli_syntax syntax = {options, sizeof options / sizeof options[0], 0, "expect takes no PATH ('%s'); the trace "
                               "is --from DB", "unknown option '%s' for expect"};
    int count;
    int code = cli_parse(&syntax, argc - 2, argv + 2, NULL, &count);
    if (code != RTSHM_EXIT_OK) return code;
    if (from == NULL) return cli_usage_error("%s", "expect needs --from DB: the trace of the run to adopt");
    if ((code = cli_trace_check(from, "")) != RTSHM_EXIT_OK) return code;
    char *text = NULL;
    code = adopt(from, run_id, &text);
    if (code != RTSHM_EXIT_OK) return code;
    if (out_path == NULL) {
        printf("%s\n", text);
    } else {
        cli_atomic_file f;
        if (cli_make_parent(out_path) != 0 || cli_atomic_open(&f, out_path) != 0) {
            perror(out_path);
            code = RTSHM_EXIT_INTERNAL;
        } else {
            fprintf(f.out, "%s\n", text);
            if (cli_atomic_commit(&f) != 0) {
                perror(out_path);
                code = RTSHM_EXIT_INTERNAL;
            } else {
                fprintf(stderr, "rtshm: expectations written to %s\n", out_path);
            }
        }
    }
    free(text);
    return code;
}
