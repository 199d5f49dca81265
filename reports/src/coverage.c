/* reports/src/coverage.c — clause and documented-status coverage from a trace (SPEC coverage).
 *
 * Covered clause: cited by a scenario of the run (scenario_clauses) or the clause behind a step's
 * outcome. Covered status: some step of the run called that function (same API family) and produced
 * it. Only statuses the vendor documents count (spec_function.documented); the model's own choices
 * are listed by `rtshm spec` but do not count against coverage.
 *
 * report__coverage_walk (report_int.h) yields each clause and each documented status with what the run
 * did with it; `rtshm spec --coverage` (below) and the reports (report_data.c) both render from it. */
#include "reports/coverage.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "spec/clauses.h"
#include "spec/functions.h"
#include "report_int.h"
#include "traces/canon.h"

/* Words of a space-separated list, one at a time: returns the next word's length (0 at the end). */
static size_t next_word(const char **p) {
    while (**p == ' ') (*p)++;
    size_t n = strcspn(*p, " ");
    return n;
}

/* Growable lists of one clause's rows; strings are copies (SQLite's column text dies on the next step). */
typedef struct clause_lists {
    report__cited *cited;
    int cited_n, cited_cap;
    report__decided *decided;
    int decided_n, decided_cap;
} clause_lists;

static void lists_clear(clause_lists *l) {
    for (int i = 0; i < l->cited_n; i++) {
        free((char *)l->cited[i].scenario);
        free((char *)l->cited[i].verdict);
    }
    for (int i = 0; i < l->decided_n; i++) free((char *)l->decided[i].verdict);
    l->cited_n = l->decided_n = 0;
}

static char *copy_or_null(const char *s, bool *failed) {
    if (s == NULL) return NULL;
    char *c = strdup(s);
    if (c == NULL) *failed = true;
    return c;
}

/* What read_clause's visitors fill: the lists, the clause's counts, and whether memory ran out. */
typedef struct clause_read {
    clause_lists *l;
    report__clause_cov *c;
    bool failed;
} clause_read;

static int add_citation(void *ctx, const trace_citation *row) {
    clause_read *r = ctx;
    clause_lists *l = r->l;
    if (l->cited_n == l->cited_cap) {
        int cap = l->cited_cap ? 2 * l->cited_cap : 16;
        report__cited *grown = realloc(l->cited, (size_t)cap * sizeof *grown);
        if (grown == NULL) {
            r->failed = true;
            return 1;
        }
        l->cited = grown;
        l->cited_cap = cap;
    }
    report__cited *e = &l->cited[l->cited_n++];
    e->scenario = copy_or_null(row->scenario, &r->failed);
    e->verdict = copy_or_null(row->verdict, &r->failed);
    const char *verdict = row->verdict;
    if (verdict && strcmp(verdict, "PASS") == 0) r->c->pass++;
    else if (verdict && strcmp(verdict, "FAIL") == 0) r->c->fail++;
    else if (verdict && strcmp(verdict, "DIVERGE") == 0) r->c->diverge++;
    else r->c->other++;
    return r->failed ? 1 : 0;
}

static int add_decided(void *ctx, const trace_decided_count *row) {
    clause_read *r = ctx;
    clause_lists *l = r->l;
    if (l->decided_n == l->decided_cap) {
        int cap = l->decided_cap ? 2 * l->decided_cap : 8;
        report__decided *grown = realloc(l->decided, (size_t)cap * sizeof *grown);
        if (grown == NULL) {
            r->failed = true;
            return 1;
        }
        l->decided = grown;
        l->decided_cap = cap;
    }
    report__decided *e = &l->decided[l->decided_n++];
    e->verdict = copy_or_null(row->verdict, &r->failed);
    e->count = (int)row->steps;
    r->c->decided_total += e->count;
    return r->failed ? 1 : 0;
}

/* Reads the cited scenarios and decided steps of clause id into l and c. Returns 0, or -1 with the
 * message in err (the reader's, or "out of memory"). */
static int read_clause(trace_reader *reader, int64_t run_id, const char *id, clause_lists *l, report__clause_cov *c,
                       char *err, size_t cap) {
    clause_read r = {l, c, false};
    int rc = trace_query_clause_citations(reader, run_id, id, add_citation, &r);
    if (rc == 0) rc = trace_query_clause_verdicts(reader, run_id, id, add_decided, &r);
    c->cited = l->cited;
    c->cited_count = l->cited_n;
    c->decided = l->decided;
    c->decided_count = l->decided_n;
    c->covered = c->cited_count > 0 || c->decided_total > 0;
    if (r.failed) snprintf(err, cap, "out of memory");
    else if (rc != 0) snprintf(err, cap, "%s", trace_reader_errmsg(reader));
    return r.failed || rc != 0 ? -1 : 0;
}

int report__coverage_walk(trace_reader *reader, int64_t run_id, const report__coverage_cb *cb, char *err, size_t cap) {
    clause_lists l = {0};
    int rc = 0;
    int count;
    const spec_clause *clauses = spec_clause_table(&count);
    for (int i = 0; cb->clause && rc == 0 && i < count; i++) {
        report__clause_cov c = {.clause = &clauses[i]};
        if (read_clause(reader, run_id, clauses[i].id, &l, &c, err, cap) != 0) rc = -1;
        else rc = cb->clause(cb->ctx, &c);
        lists_clear(&l);
    }
    free(l.cited);
    free(l.decided);

    int fcount;
    const spec_function *fns = spec_function_table(&fcount);
    for (int i = 0; cb->status && rc == 0 && i < fcount; i++) {
        const spec_function *fn = &fns[i];
        for (const char *p = fn->documented; rc == 0 && *p;) {
            size_t n = next_word(&p);
            if (n == 0) break;
            char status[64];
            snprintf(status, sizeof status, "%.*s", (int)n, p);
            p += n;
            int64_t steps = 0;
            if (trace_query_status_produced(reader, run_id, spec_api_name(fn->api), fn->name, status, &steps) != 0) {
                snprintf(err, cap, "%s", trace_reader_errmsg(reader));
                rc = -1;
                break;
            }
            report__status_cov s = {fn, status, steps > 0};
            rc = cb->status(cb->ctx, &s);
        }
    }
    return rc;
}

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

void report_spec_list(FILE *out, bool json) {
    int count;
    const spec_clause *clauses = spec_clause_table(&count);
    if (!json) {
        for (int i = 0; i < count; i++)
            fprintf(out, "%-34s %-14s %-7s %s\n    %s\n", clauses[i].id, spec_level_name(clauses[i].level), clauses[i].api,
                    clauses[i].source, clauses[i].text);
        fprintf(out, "%d clauses\n", count);
        return;
    }
    cJSON *doc = cJSON_CreateObject();
    cJSON *jc = cJSON_AddArrayToObject(doc, "clauses");
    for (int i = 0; i < count; i++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "id", clauses[i].id);
        cJSON_AddStringToObject(e, "api", clauses[i].api);
        cJSON_AddStringToObject(e, "level", spec_level_name(clauses[i].level));
        cJSON_AddStringToObject(e, "text", clauses[i].text);
        cJSON_AddStringToObject(e, "source", clauses[i].source);
        cJSON_AddItemToArray(jc, e);
    }
    int fcount;
    const spec_function *fns = spec_function_table(&fcount);
    cJSON *jf = cJSON_AddArrayToObject(doc, "functions");
    for (int i = 0; i < fcount; i++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "api", spec_api_name(fns[i].api));
        cJSON_AddStringToObject(e, "name", fns[i].name);
        cJSON_AddStringToObject(e, "clause", fns[i].clause);
        cJSON_AddStringToObject(e, "status_family", spec_family_name(fns[i].status_family));
        cJSON *params = cJSON_AddArrayToObject(e, "parameters");
        for (int k = 0; k < fns[i].param_count; k++) cJSON_AddItemToArray(params, cJSON_CreateString(fns[i].params[k].name));
        cJSON_AddStringToObject(e, "documented_statuses", fns[i].documented);
        cJSON_AddStringToObject(e, "model_statuses", fns[i].model);
        cJSON_AddItemToArray(jf, e);
    }
    char *text = trace_canonical_json(doc);
    fprintf(out, "%s\n", text ? text : "{}");
    free(text);
    cJSON_Delete(doc);
}
