/* reports/src/coverage.c — `rtshm spec --coverage`: per implementation of a trace (its newest run, or
 * the given one), every clause with the scenarios citing it and the steps it decided, the uncovered
 * clauses, the documented statuses no step produced, and a summary line; as text or canonical JSON.
 *
 * The figures come from report__coverage_walk (coverage_walk.c), which the reports use too, so both
 * count alike; this file only renders them. */
#include "reports/coverage.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"
#include "spec/clauses.h"
#include "spec/functions.h"
#include "traces/canon.h"

/* State of one run's coverage as `rtshm spec --coverage` prints it (text) or builds it (JSON). */
typedef struct cover_state {
    bool json;
    FILE *out;
    cJSON *jclauses, *juncovered, *jmissing;
    char **uncovered_text;
    int uncovered_n;
    int count, covered, strict_uncovered;
    /* statuses: the function whose missing ones are being gathered */
    const spec_function *fn;
    char missing[512];
    int missing_lines, statuses, statuses_covered;
} cover_state;

/* The walk's clause callback: one line of the text table (keeping an uncovered clause's line for the
 * list after it) or one JSON entry; counts the covered and the strict uncovered clauses. */
static int cover_clause(void *ctx, const report__clause_cov *cc) {
    cover_state *st = ctx;
    const spec_clause *c = cc->clause;
    bool json = st->json;
    char steps_text[256] = "";
    for (int k = 0; k < cc->decided_count; k++) {
        const char *verdict = cc->decided[k].verdict;
        size_t len = strlen(steps_text);
        snprintf(steps_text + len, sizeof steps_text - len, "%s%d %s", len ? ", " : "", cc->decided[k].count,
                 verdict ? verdict : "?");
    }
    bool is_covered = cc->covered;
    st->covered += is_covered;
    if (!is_covered && c->level == SPEC_LEVEL_STRICT) st->strict_uncovered++;
    if (json) {
        cJSON *jsc = cJSON_CreateArray();
        for (int k = 0; k < cc->cited_count; k++) {
            cJSON *e = cJSON_CreateObject();
            cJSON_AddStringToObject(e, "scenario", cc->cited[k].scenario ? cc->cited[k].scenario : "");
            cJSON_AddStringToObject(e, "verdict", cc->cited[k].verdict ? cc->cited[k].verdict : "");
            cJSON_AddItemToArray(jsc, e);
        }
        cJSON *jsteps = cJSON_CreateObject();
        for (int k = 0; k < cc->decided_count; k++)
            cJSON_AddNumberToObject(jsteps, cc->decided[k].verdict ? cc->decided[k].verdict : "?", cc->decided[k].count);
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "id", c->id);
        cJSON_AddStringToObject(e, "level", spec_level_name(c->level));
        cJSON_AddItemToObject(e, "scenarios", jsc);
        cJSON_AddItemToObject(e, "steps", jsteps);
        cJSON_AddBoolToObject(e, "covered", is_covered);
        cJSON_AddItemToArray(st->jclauses, e);
        if (!is_covered) cJSON_AddItemToArray(st->juncovered, cJSON_CreateString(c->id));
    } else {
        int scen = cc->cited_count;
        char verdicts[128];
        snprintf(verdicts, sizeof verdicts, "%d PASS%s", cc->pass, "");
        if (cc->fail) snprintf(verdicts + strlen(verdicts), sizeof verdicts - strlen(verdicts), ", %d FAIL", cc->fail);
        if (cc->diverge)
            snprintf(verdicts + strlen(verdicts), sizeof verdicts - strlen(verdicts), ", %d DIVERGE", cc->diverge);
        if (cc->other) snprintf(verdicts + strlen(verdicts), sizeof verdicts - strlen(verdicts), ", %d other", cc->other);
        fprintf(st->out, "%-34s %-14s %9d  %s; %s\n", c->id, spec_level_name(c->level), scen, scen ? verdicts : "-",
                cc->decided_total ? steps_text : "-");
        if (!is_covered && st->uncovered_text) {
            size_t need = strlen(c->id) + strlen(c->text) + 32;
            st->uncovered_text[st->uncovered_n] = malloc(need);
            if (st->uncovered_text[st->uncovered_n])
                snprintf(st->uncovered_text[st->uncovered_n++], need, "%s (%s): %s", c->id, spec_level_name(c->level),
                         c->text);
        }
    }
    return 0;
}

/* Prints the gathered missing statuses of the current function (text only). */
static void flush_missing(cover_state *st) {
    if (!st->json && st->fn && st->missing[0]) {
        fprintf(st->out, "  %s:%s: %s\n", spec_api_name(st->fn->api), st->fn->name, st->missing);
        st->missing_lines++;
    }
    st->missing[0] = '\0';
}

/* The walk's status callback: counts a documented status; one never produced joins its function's
 * line (text, printed when the function changes) or the JSON list. */
static int cover_status(void *ctx, const report__status_cov *s) {
    cover_state *st = ctx;
    if (s->fn != st->fn) {
        flush_missing(st);
        st->fn = s->fn;
    }
    st->statuses++;
    if (s->produced) {
        st->statuses_covered++;
        return 0;
    }
    size_t len = strlen(st->missing);
    snprintf(st->missing + len, sizeof st->missing - len, "%s%s", len ? " " : "", s->status);
    if (st->jmissing) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "function", s->fn->name);
        cJSON_AddStringToObject(e, "api", spec_api_name(s->fn->api));
        cJSON_AddStringToObject(e, "status", s->status);
        cJSON_AddItemToArray(st->jmissing, e);
    }
    return 0;
}

/* Coverage of one run; appends to the JSON object impl (when json) or prints text. */
static int cover_run(trace_reader *reader, int64_t run_id, const char *impl, bool json, cJSON *jimpl, FILE *out,
                     report_coverage_totals *t, char *err, size_t cap) {
    cover_state st = {.json = json, .out = out};
    spec_clause_table(&st.count);
    st.jclauses = json ? cJSON_AddArrayToObject(jimpl, "clauses") : NULL;
    st.juncovered = json ? cJSON_AddArrayToObject(jimpl, "uncovered_clauses") : NULL;
    st.uncovered_text = calloc((size_t)st.count, sizeof *st.uncovered_text);
    if (!json)
        fprintf(out, "%-34s %-14s %9s  %s\n", "clause", "level", "scenarios", "verdicts (scenarios; steps decided)");
    report__coverage_cb clause_cb = {cover_clause, NULL, &st};
    int rc = report__coverage_walk(reader, run_id, &clause_cb, err, cap);
    if (!json && rc == 0) {
        fprintf(out, "uncovered clauses: %d\n", st.uncovered_n);
        for (int i = 0; i < st.uncovered_n; i++) fprintf(out, "  %s\n", st.uncovered_text[i]);
    }
    for (int i = 0; i < st.uncovered_n; i++) free(st.uncovered_text[i]);
    free(st.uncovered_text);
    if (rc != 0) return -1;

    /* Error-path coverage: documented statuses no step produced. */
    st.jmissing = json ? cJSON_AddArrayToObject(jimpl, "statuses_never_produced") : NULL;
    if (!json) fprintf(out, "documented statuses never produced:\n");
    report__coverage_cb status_cb = {NULL, cover_status, &st};
    if (report__coverage_walk(reader, run_id, &status_cb, err, cap) != 0) return -1;
    flush_missing(&st);
    if (!json && st.missing_lines == 0) fprintf(out, "  (none)\n");
    int count = st.count;
    if (json) {
        cJSON *sum = cJSON_AddObjectToObject(jimpl, "summary");
        cJSON_AddNumberToObject(sum, "clauses", count);
        cJSON_AddNumberToObject(sum, "clauses_covered", st.covered);
        cJSON_AddNumberToObject(sum, "strict_uncovered", st.strict_uncovered);
        cJSON_AddNumberToObject(sum, "documented_statuses", st.statuses);
        cJSON_AddNumberToObject(sum, "documented_statuses_produced", st.statuses_covered);
    } else {
        fprintf(out, "coverage of %s (run %lld): %d/%d clauses (%.1f%%), %d strict uncovered; %d/%d documented statuses "
                     "produced (%.1f%%)\n",
                impl, (long long)run_id, st.covered, count, 100.0 * st.covered / count, st.strict_uncovered,
                st.statuses_covered, st.statuses, st.statuses ? 100.0 * st.statuses_covered / st.statuses : 100.0);
    }
    t->clauses += count;
    t->clauses_covered += st.covered;
    t->strict_uncovered += st.strict_uncovered;
    t->statuses += st.statuses;
    t->statuses_covered += st.statuses_covered;
    return 0;
}

/* What report_coverage's visitor of runs needs: where to render, and how far it got. */
typedef struct cover_runs {
    trace_reader *reader;
    bool json;
    cJSON *jimpls;
    FILE *out;
    report_coverage_totals *t;
    char *err;
    size_t cap;
} cover_runs;

/* trace_query_implementation_runs' visitor: the heading (or JSON object) of one implementation, then
 * its run's coverage. 1 stops the walk when it fails (message in err). */
static int cover_one_run(void *ctx, const trace_run_row *row) {
    cover_runs *c = ctx;
    char name[256];
    snprintf(name, sizeof name, "%s", row->implementation ? row->implementation : "?");
    c->t->implementations++;
    cJSON *jimpl = NULL;
    if (c->json) {
        jimpl = cJSON_CreateObject();
        cJSON_AddStringToObject(jimpl, "implementation", name);
        cJSON_AddNumberToObject(jimpl, "run", (double)row->run_id);
        cJSON_AddItemToArray(c->jimpls, jimpl);
    } else {
        fprintf(c->out, "%simplementation %s (run %lld)\n", c->t->implementations > 1 ? "\n" : "", name,
                (long long)row->run_id);
    }
    return cover_run(c->reader, row->run_id, name, c->json, jimpl, c->out, c->t, c->err, c->cap) != 0 ? 1 : 0;
}

int report_coverage(const char *db_path, int64_t run_id, bool json, FILE *out, report_coverage_totals *t, char *err,
                    size_t cap) {
    memset(t, 0, sizeof *t);
    trace_reader *reader = NULL;
    int rc = -1;
    cJSON *doc = json ? cJSON_CreateObject() : NULL;
    cJSON *jimpls = doc ? cJSON_AddArrayToObject(doc, "implementations") : NULL;
    if (trace_reader_open(db_path, &reader, err, cap) != TRACE_READER_OK) goto done;
    /* One run per implementation: the given one, or each implementation's newest. */
    cover_runs c = {reader, json, jimpls, out, t, err, cap};
    int walked = trace_query_implementation_runs(reader, run_id, cover_one_run, &c);
    if (walked == -1) snprintf(err, cap, "%s: %s", db_path, trace_reader_errmsg(reader));
    if (walked != 0) goto done;
    if (t->implementations == 0) {
        if (run_id) snprintf(err, cap, "%s: no run %lld in this trace database", db_path, (long long)run_id);
        else snprintf(err, cap, "%s: no runs in this trace database", db_path);
        goto done;
    }
    if (doc) {
        char *text = trace_canonical_json(doc);
        fprintf(out, "%s\n", text ? text : "{}");
        free(text);
    }
    rc = 0;
done:
    cJSON_Delete(doc);
    trace_reader_close(reader);
    return rc;
}
