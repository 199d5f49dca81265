/* reports/src/report_data.c — loads what every report format needs from a trace database, once.
 *
 * Read-only, through the trace reader (traces/query.h), which knows the schema: this file only copies
 * the rows it hands out. Its lists come ordered bytewise (like strcmp), so the reports are
 * deterministic. Memory grows with scenarios, failing steps and distinct (api, function,
 * status) triples, not with steps: a scenario's steps are streamed by report__data_each_step.
 *
 * The baseline is a second run (of the same database or the newest of another); only its header, its
 * totals and its scenario verdicts are read, and each scenario of the report is classified against it
 * (report__change). */
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

const char *const report__verdict_names[REPORT__VERDICT_COUNT] = {"PASS",  "FAIL",    "DIVERGE", "ERROR",
                                                                  "CRASH", "TIMEOUT", "SKIP"};

int report__verdict_index(const char *verdict) {
    for (int i = 0; verdict && i < REPORT__VERDICT_COUNT; i++)
        if (strcmp(verdict, report__verdict_names[i]) == 0) return i;
    return REPORT__VERDICT_COUNT;
}

bool report__is_failure(const char *verdict) {
    return verdict && (strcmp(verdict, "FAIL") == 0 || strcmp(verdict, "DIVERGE") == 0);
}

const char *report__change_name(report__change c) {
    switch (c) {
    case REPORT__CHANGE_NEW: return "new";
    case REPORT__CHANGE_STILL: return "still";
    case REPORT__CHANGE_FIXED: return "fixed";
    case REPORT__CHANGE_SAME: return "same";
    default: return NULL;
    }
}

/* ---- small helpers ---- */

typedef struct loader {
    char *err;
    size_t cap;
    bool oom;
} loader;

/* A copy of s (NULL stays NULL); sets l->oom when memory runs out. */
static char *dup(loader *l, const char *s) {
    if (s == NULL) return NULL;
    char *c = strdup(s);
    if (c == NULL) l->oom = true;
    return c;
}

static int fail_internal(loader *l, const trace_reader *reader, const char *what) {
    if (l->oom) snprintf(l->err, l->cap, "out of memory");
    else snprintf(l->err, l->cap, "%s: %s", what, reader ? trace_reader_errmsg(reader) : "?");
    return REPORT_EINTERNAL;
}

/* Grows *items (of elem bytes each) so it holds at least n + 1; 0 or -1. */
static int grow(void *items, size_t *cap, size_t n, size_t elem) {
    if (n < *cap) return 0;
    size_t c = *cap ? 2 * *cap : 32;
    void *p = realloc(*(void **)items, c * elem);
    if (p == NULL) return -1;
    *(void **)items = p;
    *cap = c;
    return 0;
}

static void run_free(report__run *r) {
    free(r->tool_version);
    free(r->implementation);
    free(r->argv);
    free(r->started_at);
    free(r->state);
    memset(r, 0, sizeof *r);
}

/* Opens path read-only as a trace (traces/query.h checks it holds the rtshm tables). */
static int open_trace(loader *l, const char *path, trace_reader **out) {
    return trace_reader_open(path, out, l->err, l->cap) == TRACE_READER_OK ? REPORT_OK : REPORT_EINPUT;
}

typedef struct run_copy {
    loader *l;
    report__run *run;
    bool found;
} run_copy;

static int copy_run(void *ctx, const trace_run_row *row) {
    run_copy *c = ctx;
    c->found = true;
    c->run->id = row->run_id;
    c->run->tool_version = dup(c->l, row->tool_version);
    c->run->implementation = dup(c->l, row->implementation);
    c->run->seed = row->seed;
    c->run->argv = dup(c->l, row->argv);
    c->run->started_at = dup(c->l, row->started_at);
    c->run->state = dup(c->l, row->state);
    return 0;
}

/* Reads run run_id (0 = the newest) into r. */
static int read_run(loader *l, trace_reader *reader, const char *path, int64_t run_id, report__run *r) {
    run_copy c = {l, r, false};
    if (trace_query_run(reader, run_id, copy_run, &c) != 0) return fail_internal(l, reader, path);
    if (!c.found) {
        if (run_id) snprintf(l->err, l->cap, "%s: no run %lld in this trace database", path, (long long)run_id);
        else snprintf(l->err, l->cap, "%s: no runs in this trace database", path);
        return REPORT_EINPUT;
    }
    return l->oom ? fail_internal(l, reader, path) : REPORT_OK;
}

static int add_verdict_count(void *ctx, const trace_verdict_count *row) {
    report__totals *t = ctx;
    int v = report__verdict_index(row->verdict);
    t->scenarios += row->scenarios;
    if (v < REPORT__VERDICT_COUNT) t->verdicts[v] += row->scenarios;
    else t->other += row->scenarios;
    t->steps += row->steps;
    return 0;
}

static int read_totals(loader *l, trace_reader *reader, int64_t run_id, report__totals *t) {
    memset(t, 0, sizeof *t);
    if (trace_query_verdict_counts(reader, run_id, add_verdict_count, t) != 0) return fail_internal(l, reader, "totals");
    if (trace_query_finding_count(reader, run_id, &t->findings) != 0) return fail_internal(l, reader, "findings");
    return REPORT_OK;
}

typedef struct scenario_copy {
    loader *l;
    report__data *d;
    size_t cap;
} scenario_copy;

static int copy_scenario(void *ctx, const trace_scenario_row *row) {
    scenario_copy *c = ctx;
    report__data *d = c->d;
    if (grow(&d->scenarios, &c->cap, d->scenario_count, sizeof *d->scenarios) != 0) {
        c->l->oom = true;
        return 1;
    }
    report__scenario *sc = &d->scenarios[d->scenario_count++];
    memset(sc, 0, sizeof *sc);
    sc->id = dup(c->l, row->scenario);
    sc->path = dup(c->l, row->path);
    sc->verdict = dup(c->l, row->verdict);
    sc->steps = row->steps;
    sc->message = dup(c->l, row->message);
    if (sc->id == NULL && !c->l->oom) sc->id = strdup(""); /* the schema forbids it; be safe */
    if (sc->id == NULL) c->l->oom = true;
    return 0;
}

static int read_scenarios(loader *l, report__data *d) {
    scenario_copy c = {l, d, 0};
    if (trace_query_scenarios(d->reader, d->run.id, copy_scenario, &c) == -1 || l->oom)
        return fail_internal(l, d->reader, "scenarios");
    return REPORT_OK;
}

static int compare_scenario_id(const void *key, const void *elem) {
    return strcmp((const char *)key, ((const report__scenario *)elem)->id);
}

const report__scenario *report__data_scenario(const report__data *d, const char *id) {
    if (id == NULL || d->scenario_count == 0) return NULL;
    return bsearch(id, d->scenarios, d->scenario_count, sizeof *d->scenarios, compare_scenario_id);
}

typedef struct failure_copy {
    loader *l;
    report__data *d;
    size_t cap;
    bool *has_step; /* per scenario: some failing step was listed */
} failure_copy;

static int copy_failure(void *ctx, const trace_step_row *row) {
    failure_copy *c = ctx;
    report__data *d = c->d;
    const report__scenario *sc = report__data_scenario(d, row->scenario);
    if (sc == NULL) return 0; /* a step of a scenario that was never committed: not part of the run */
    if (grow(&d->failures, &c->cap, d->failure_count, sizeof *d->failures) != 0) {
        c->l->oom = true;
        return 1;
    }
    report__failure *f = &d->failures[d->failure_count++];
    memset(f, 0, sizeof *f);
    f->scenario = (size_t)(sc - d->scenarios);
    c->has_step[f->scenario] = true;
    f->has_step = true;
    f->seq = row->seq;
    f->step = row->step;
    f->vtime_us = row->vtime_us;
    char **fields[] = {&f->process, &f->kind,   &f->api,        &f->function, &f->args,    &f->ret,
                       &f->status,  &f->last_error, &f->expected, &f->verdict,  &f->clause, &f->detail};
    const char *values[] = {row->process, row->kind,       row->api,      row->function, row->args,   row->ret,
                            row->status,  row->last_error, row->expected, row->verdict,  row->clause, row->detail};
    for (int i = 0; i < 12; i++) *fields[i] = dup(c->l, values[i]);
    return c->l->oom ? 1 : 0;
}

static int read_failures(loader *l, report__data *d) {
    failure_copy c = {l, d, 0, calloc(d->scenario_count ? d->scenario_count : 1, sizeof *c.has_step)};
    int rc = 0;
    if (c.has_step == NULL) l->oom = true;
    else rc = trace_query_steps(d->reader, d->run.id, TRACE_STEPS_FAILING, copy_failure, &c);
    /* A FAIL/DIVERGE scenario with no failing step (it failed between steps) is listed on its own. */
    for (size_t i = 0; !l->oom && rc != -1 && i < d->scenario_count; i++) {
        if (!report__is_failure(d->scenarios[i].verdict) || c.has_step[i]) continue;
        if (grow(&d->failures, &c.cap, d->failure_count, sizeof *d->failures) != 0) {
            l->oom = true;
            break;
        }
        report__failure *f = &d->failures[d->failure_count++];
        memset(f, 0, sizeof *f);
        f->scenario = i;
    }
    free(c.has_step);
    if (l->oom || rc == -1) return fail_internal(l, d->reader, "steps");
    return REPORT_OK;
}

typedef struct count_copy {
    loader *l;
    report__data *d;
    size_t cap;
} count_copy;

static int copy_status_count(void *ctx, const trace_status_count *row) {
    count_copy *c = ctx;
    report__data *d = c->d;
    if (grow(&d->status_counts, &c->cap, d->status_count_count, sizeof *d->status_counts) != 0) {
        c->l->oom = true;
        return 1;
    }
    report__status_count *sc = &d->status_counts[d->status_count_count++];
    sc->api = dup(c->l, row->api);
    sc->function = dup(c->l, row->function);
    sc->status = dup(c->l, row->status);
    sc->count = row->steps;
    return 0;
}

static int read_status_counts(loader *l, report__data *d) {
    count_copy c = {l, d, 0};
    if (trace_query_status_counts(d->reader, d->run.id, copy_status_count, &c) == -1 || l->oom)
        return fail_internal(l, d->reader, "status counts");
    return REPORT_OK;
}

/* ---- coverage, gathered through the walk coverage.c shares with `rtshm spec --coverage` ---- */

static report__api_coverage *api_entry(report__coverage *c, const char *api) {
    for (int i = 0; i < c->api_count; i++)
        if (strcmp(c->apis[i].api, api) == 0) return &c->apis[i];
    if (c->api_count == (int)(sizeof c->apis / sizeof c->apis[0])) return NULL;
    report__api_coverage *e = &c->apis[c->api_count++];
    memset(e, 0, sizeof *e);
    e->api = api;
    return e;
}

static int gather_clause(void *ctx, const report__clause_cov *cc) {
    report__coverage *c = ctx;
    report__clause_row *row = &c->rows[c->row_count++];
    memset(row, 0, sizeof *row);
    row->clause = cc->clause;
    row->pass = cc->pass;
    row->fail = cc->fail;
    row->diverge = cc->diverge;
    row->other = cc->other;
    row->covered = cc->covered;
    row->decided_total = cc->decided_total;
    for (int i = 0; i < cc->decided_count; i++) {
        const char *v = cc->decided[i].verdict;
        int n = cc->decided[i].count;
        if (v && strcmp(v, "PASS") == 0) row->decided_pass += n;
        else if (v && strcmp(v, "FAIL") == 0) row->decided_fail += n;
        else if (v && strcmp(v, "DIVERGE") == 0) row->decided_diverge += n;
        else row->decided_other += n;
    }
    if (cc->cited_count) {
        row->cited = calloc((size_t)cc->cited_count, sizeof *row->cited);
        if (row->cited == NULL) return 1;
        row->cited_count = cc->cited_count;
        for (int i = 0; i < cc->cited_count; i++) {
            row->cited[i].scenario = cc->cited[i].scenario ? strdup(cc->cited[i].scenario) : NULL;
            row->cited[i].verdict = cc->cited[i].verdict ? strdup(cc->cited[i].verdict) : NULL;
            if ((cc->cited[i].scenario && !row->cited[i].scenario) || (cc->cited[i].verdict && !row->cited[i].verdict))
                return 1;
        }
    }
    c->clauses++;
    c->clauses_covered += cc->covered;
    bool strict_uncovered = !cc->covered && cc->clause->level == SPEC_LEVEL_STRICT;
    c->strict_uncovered += strict_uncovered;
    if (!cc->covered) c->uncovered[c->uncovered_count++] = cc->clause->id;
    report__api_coverage *a = api_entry(c, cc->clause->api);
    if (a) {
        a->clauses++;
        a->clauses_covered += cc->covered;
        a->strict_uncovered += strict_uncovered;
    }
    return 0;
}

static int gather_status(void *ctx, const report__status_cov *s) {
    report__coverage *c = ctx;
    c->statuses++;
    c->statuses_produced += s->produced;
    report__api_coverage *a = api_entry(c, spec_api_name(s->fn->api));
    if (a) {
        a->statuses++;
        a->statuses_produced += s->produced;
    }
    return 0;
}

static int read_coverage(loader *l, report__data *d) {
    report__coverage *c = &d->coverage;
    int count;
    spec_clause_table(&count);
    c->rows = calloc((size_t)count + 1, sizeof *c->rows);
    c->uncovered = calloc((size_t)count + 1, sizeof *c->uncovered);
    if (c->rows == NULL || c->uncovered == NULL) {
        l->oom = true;
        return fail_internal(l, d->reader, "coverage");
    }
    report__coverage_cb cb = {gather_clause, gather_status, c};
    int rc = report__coverage_walk(d->reader, d->run.id, &cb, l->err, l->cap);
    if (rc != 0) {
        if (rc > 0) snprintf(l->err, l->cap, "out of memory"); /* a gather callback's 1 */
        return REPORT_EINTERNAL;
    }
    return REPORT_OK;
}

/* ---- baseline ---- */

typedef struct verdict_row {
    char *id, *verdict;
} verdict_row;

static int compare_verdict_row(const void *key, const void *elem) {
    return strcmp((const char *)key, ((const verdict_row *)elem)->id);
}

typedef struct verdict_copy {
    loader *l;
    verdict_row *rows;
    size_t n, cap;
} verdict_copy;

static int copy_verdict(void *ctx, const trace_scenario_row *row) {
    verdict_copy *c = ctx;
    if (grow(&c->rows, &c->cap, c->n, sizeof *c->rows) != 0) {
        c->l->oom = true;
        return 1;
    }
    verdict_row *v = &c->rows[c->n++];
    v->id = dup(c->l, row->scenario);
    v->verdict = dup(c->l, row->verdict);
    if (v->id == NULL) c->l->oom = true;
    return c->l->oom ? 1 : 0;
}

static int read_baseline(loader *l, const report_options *o, report__data *d) {
    report__baseline *b = &d->baseline;
    trace_reader *reader = d->reader;
    const char *path = o->db;
    int rc = REPORT_OK;
    verdict_copy vc = {l, NULL, 0, 0};
    if (o->baseline_db) {
        path = o->baseline_db;
        if ((rc = open_trace(l, path, &reader)) != REPORT_OK) return rc;
    }
    b->same_db = o->baseline_db == NULL;
    if ((rc = read_run(l, reader, path, o->baseline_run, &b->run)) != REPORT_OK)
        goto done;
    if ((rc = read_totals(l, reader, b->run.id, &b->totals)) != REPORT_OK) goto done;
    if (trace_query_scenarios(reader, b->run.id, copy_verdict, &vc) == -1 || l->oom) {
        rc = fail_internal(l, reader, path);
        goto done;
    }
    verdict_row *rows = vc.rows;
    size_t n = vc.n;
    /* Classify each scenario of the report; then the baseline's failures that are gone. */
    for (size_t i = 0; i < d->scenario_count; i++) {
        report__scenario *sc = &d->scenarios[i];
        const verdict_row *r = n ? bsearch(sc->id, rows, n, sizeof *rows, compare_verdict_row) : NULL;
        bool was_failing = r && report__is_failure(r->verdict);
        if (r && r->verdict && (sc->baseline_verdict = strdup(r->verdict)) == NULL) l->oom = true;
        if (report__is_failure(sc->verdict)) sc->change = was_failing ? REPORT__CHANGE_STILL : REPORT__CHANGE_NEW;
        else if (sc->verdict && strcmp(sc->verdict, "PASS") == 0 && was_failing) sc->change = REPORT__CHANGE_FIXED;
        else sc->change = REPORT__CHANGE_SAME;
        b->new_failures += sc->change == REPORT__CHANGE_NEW;
        b->still_failing += sc->change == REPORT__CHANGE_STILL;
        b->fixed += sc->change == REPORT__CHANGE_FIXED;
    }
    for (size_t i = 0; i < n && !l->oom; i++) {
        if (!report__is_failure(rows[i].verdict) || report__data_scenario(d, rows[i].id)) continue;
        size_t gcap = b->gone_count; /* grow by one: gone failures are few */
        char **ids = realloc(b->gone_ids, (gcap + 1) * sizeof *ids);
        if (ids) b->gone_ids = ids;
        char **verdicts = realloc(b->gone_verdicts, (gcap + 1) * sizeof *verdicts);
        if (verdicts) b->gone_verdicts = verdicts;
        if (!ids || !verdicts) {
            l->oom = true;
            break;
        }
        b->gone_ids[gcap] = rows[i].id;
        b->gone_verdicts[gcap] = rows[i].verdict;
        rows[i].id = rows[i].verdict = NULL; /* moved */
        b->gone_count++;
    }
    if (l->oom) rc = fail_internal(l, reader, path);
done:
    for (size_t i = 0; i < vc.n; i++) {
        free(vc.rows[i].id);
        free(vc.rows[i].verdict);
    }
    free(vc.rows);
    if (reader != d->reader) trace_reader_close(reader);
    return rc;
}

/* New failures first, then the rest, each group keeping the (scenario, seq) order it has: a stable
 * partition. Without memory for it the list stays in (scenario, seq) order, still deterministic. */
static void order_failures(report__data *d) {
    size_t n = d->failure_count;
    if (n == 0) return;
    report__failure *sorted = malloc(n * sizeof *sorted);
    if (sorted == NULL) return;
    size_t k = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n; i++) {
            bool is_new = d->scenarios[d->failures[i].scenario].change == REPORT__CHANGE_NEW;
            if (is_new == (pass == 0)) sorted[k++] = d->failures[i];
        }
    memcpy(d->failures, sorted, n * sizeof *sorted);
    free(sorted);
}

/* Puts the step-less failures beside their scenario's place: (scenario index, has_step, seq) order. */
static int compare_failure_position(const void *x, const void *y) {
    const report__failure *a = x, *b = y;
    if (a->scenario != b->scenario) return a->scenario < b->scenario ? -1 : 1;
    if (a->has_step != b->has_step) return a->has_step ? 1 : -1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

int report__data_load(const report_options *o, report__data *d, char *err, size_t cap) {
    memset(d, 0, sizeof *d);
    loader l = {err, cap, false};
    if (o == NULL || o->db == NULL) {
        snprintf(err, cap, "no trace database given");
        return REPORT_EINPUT;
    }
    int rc = open_trace(&l, o->db, &d->reader);
    if (rc == REPORT_OK) rc = read_run(&l, d->reader, o->db, o->run_id, &d->run);
    if (rc == REPORT_OK) rc = read_totals(&l, d->reader, d->run.id, &d->totals);
    if (rc == REPORT_OK) rc = read_scenarios(&l, d);
    if (rc == REPORT_OK) rc = read_failures(&l, d);
    if (rc == REPORT_OK && d->failure_count > 1)
        qsort(d->failures, d->failure_count, sizeof *d->failures, compare_failure_position);
    if (rc == REPORT_OK) rc = read_status_counts(&l, d);
    if (rc == REPORT_OK) rc = read_coverage(&l, d);
    if (rc == REPORT_OK && (o->baseline_db || o->baseline_run)) {
        d->has_baseline = true;
        rc = read_baseline(&l, o, d);
        if (rc == REPORT_OK) order_failures(d);
    }
    if (rc != REPORT_OK) report__data_free(d);
    return rc;
}

void report__data_free(report__data *d) {
    run_free(&d->run);
    for (size_t i = 0; i < d->scenario_count; i++) {
        report__scenario *sc = &d->scenarios[i];
        free(sc->id);
        free(sc->path);
        free(sc->verdict);
        free(sc->message);
        free(sc->baseline_verdict);
    }
    free(d->scenarios);
    for (size_t i = 0; i < d->failure_count; i++) {
        report__failure *f = &d->failures[i];
        char *fields[] = {f->process, f->kind,   f->api,     f->function, f->args,   f->ret,
                          f->status,  f->last_error, f->expected, f->verdict, f->clause, f->detail};
        for (int k = 0; k < 12; k++) free(fields[k]);
    }
    free(d->failures);
    for (size_t i = 0; i < d->status_count_count; i++) {
        free(d->status_counts[i].api);
        free(d->status_counts[i].function);
        free(d->status_counts[i].status);
    }
    free(d->status_counts);
    for (int i = 0; d->coverage.rows && i < d->coverage.row_count; i++) {
        for (int k = 0; k < d->coverage.rows[i].cited_count; k++) {
            free((char *)d->coverage.rows[i].cited[k].scenario);
            free((char *)d->coverage.rows[i].cited[k].verdict);
        }
        free(d->coverage.rows[i].cited);
    }
    free(d->coverage.rows);
    free(d->coverage.uncovered);
    run_free(&d->baseline.run);
    for (size_t i = 0; i < d->baseline.gone_count; i++) {
        free(d->baseline.gone_ids[i]);
        free(d->baseline.gone_verdicts[i]);
    }
    free(d->baseline.gone_ids);
    free(d->baseline.gone_verdicts);
    trace_reader_close(d->reader);
    memset(d, 0, sizeof *d);
}

/* The renderer's callbacks, called from the reader's visitors (which want an int back). */
typedef struct each_step {
    void (*step_fn)(void *, const report__step *);
    void (*finding_fn)(void *, const report__finding *);
    void *ctx;
} each_step;

static int visit_step(void *ctx, const trace_step_row *row) {
    const each_step *e = ctx;
    e->step_fn(e->ctx, row);
    return 0;
}

static int visit_finding(void *ctx, const trace_finding_row *row) {
    const each_step *e = ctx;
    e->finding_fn(e->ctx, row);
    return 0;
}

int report__data_each_step(const report__data *d, const char *scenario, void (*step_fn)(void *, const report__step *),
                           void (*finding_fn)(void *, const report__finding *), void *ctx, char *err, size_t cap) {
    each_step e = {step_fn, finding_fn, ctx};
    if ((step_fn && trace_query_scenario_steps(d->reader, d->run.id, scenario, visit_step, &e) != 0) ||
        (finding_fn && trace_query_scenario_findings(d->reader, d->run.id, scenario, visit_finding, &e) != 0)) {
        snprintf(err, cap, "steps of %s: %s", scenario, trace_reader_errmsg(d->reader));
        return REPORT_EINTERNAL;
    }
    return REPORT_OK;
}
