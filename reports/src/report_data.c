/* reports/src/report_data.c — loads what every report format needs from a trace database, once: the
 * run, its totals, scenarios, failing steps and status counts; and streams a scenario's steps on demand.
 *
 * Read-only, through the trace reader (traces/query.h), which knows the schema: this file only copies
 * the rows it hands out. Its lists come ordered bytewise (like strcmp), so the reports are
 * deterministic. Memory grows with scenarios, failing steps and distinct (api, function,
 * status) triples, not with steps: a scenario's steps are streamed by report__data_each_step.
 *
 * The clause coverage is gathered by report_data_coverage.c; the baseline (a second run, of the same
 * database or the newest of another) is read and each scenario classified against it by
 * report_data_baseline.c. The loaders' shared helpers are declared in report_data_int.h. */
#include <stdlib.h>
#include <string.h>

#include "report_data_int.h"
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

/* ---- the loaders' helpers (report_data_int.h) ---- */

char *report__loader_dup(report__loader *l, const char *s) {
    if (s == NULL) return NULL;
    char *c = strdup(s);
    if (c == NULL) l->oom = true;
    return c;
}

int report__loader_fail(report__loader *l, const trace_reader *reader, const char *what) {
    if (l->oom) snprintf(l->err, l->cap, "out of memory");
    else snprintf(l->err, l->cap, "%s: %s", what, reader ? trace_reader_errmsg(reader) : "?");
    return REPORT_EINTERNAL;
}

int report__loader_grow(void *items, size_t *cap, size_t n, size_t elem) {
    if (n < *cap) return 0;
    size_t c = *cap ? 2 * *cap : 32;
    void *p = realloc(*(void **)items, c * elem);
    if (p == NULL) return -1;
    *(void **)items = p;
    *cap = c;
    return 0;
}

void report__run_free(report__run *r) {
    free(r->tool_version);
    free(r->implementation);
    free(r->argv);
    free(r->started_at);
    free(r->state);
    memset(r, 0, sizeof *r);
}

int report__loader_open(report__loader *l, const char *path, trace_reader **out) {
    return trace_reader_open(path, out, l->err, l->cap) == TRACE_READER_OK ? REPORT_OK : REPORT_EINPUT;
}

/* ---- the run and its rows ---- */

typedef struct run_copy {
    report__loader *l;
    report__run *run;
    bool found;
} run_copy;

static int copy_run(void *ctx, const trace_run_row *row) {
    run_copy *c = ctx;
    c->found = true;
    c->run->id = row->run_id;
    c->run->tool_version = report__loader_dup(c->l, row->tool_version);
    c->run->implementation = report__loader_dup(c->l, row->implementation);
    c->run->seed = row->seed;
    c->run->argv = report__loader_dup(c->l, row->argv);
    c->run->started_at = report__loader_dup(c->l, row->started_at);
    c->run->state = report__loader_dup(c->l, row->state);
    return 0;
}

int report__loader_run(report__loader *l, trace_reader *reader, const char *path, int64_t run_id, report__run *r) {
    run_copy c = {l, r, false};
    if (trace_query_run(reader, run_id, copy_run, &c) != 0) return report__loader_fail(l, reader, path);
    if (!c.found) {
        if (run_id) snprintf(l->err, l->cap, "%s: no run %lld in this trace database", path, (long long)run_id);
        else snprintf(l->err, l->cap, "%s: no runs in this trace database", path);
        return REPORT_EINPUT;
    }
    return l->oom ? report__loader_fail(l, reader, path) : REPORT_OK;
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

int report__loader_totals(report__loader *l, trace_reader *reader, int64_t run_id, report__totals *t) {
    memset(t, 0, sizeof *t);
    if (trace_query_verdict_counts(reader, run_id, add_verdict_count, t) != 0)
        return report__loader_fail(l, reader, "totals");
    if (trace_query_finding_count(reader, run_id, &t->findings) != 0) return report__loader_fail(l, reader, "findings");
    return REPORT_OK;
}

typedef struct scenario_copy {
    report__loader *l;
    report__data *d;
    size_t cap;
} scenario_copy;

static int copy_scenario(void *ctx, const trace_scenario_row *row) {
    scenario_copy *c = ctx;
    report__data *d = c->d;
    if (report__loader_grow(&d->scenarios, &c->cap, d->scenario_count, sizeof *d->scenarios) != 0) {
        c->l->oom = true;
        return 1;
    }
    report__scenario *sc = &d->scenarios[d->scenario_count++];
    memset(sc, 0, sizeof *sc);
    sc->id = report__loader_dup(c->l, row->scenario);
    sc->path = report__loader_dup(c->l, row->path);
    sc->verdict = report__loader_dup(c->l, row->verdict);
    sc->steps = row->steps;
    sc->message = report__loader_dup(c->l, row->message);
    if (sc->id == NULL && !c->l->oom) sc->id = strdup(""); /* the schema forbids it; be safe */
    if (sc->id == NULL) c->l->oom = true;
    return 0;
}

/* Copies the run's scenarios (by id) into d->scenarios. */
static int read_scenarios(report__loader *l, report__data *d) {
    scenario_copy c = {l, d, 0};
    if (trace_query_scenarios(d->reader, d->run.id, copy_scenario, &c) == -1 || l->oom)
        return report__loader_fail(l, d->reader, "scenarios");
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
    report__loader *l;
    report__data *d;
    size_t cap;
    bool *has_step; /* per scenario: some failing step was listed */
} failure_copy;

static int copy_failure(void *ctx, const trace_step_row *row) {
    failure_copy *c = ctx;
    report__data *d = c->d;
    const report__scenario *sc = report__data_scenario(d, row->scenario);
    if (sc == NULL) return 0; /* a step of a scenario that was never committed: not part of the run */
    if (report__loader_grow(&d->failures, &c->cap, d->failure_count, sizeof *d->failures) != 0) {
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
    for (int i = 0; i < 12; i++) *fields[i] = report__loader_dup(c->l, values[i]);
    return c->l->oom ? 1 : 0;
}

/* Copies the run's FAIL/DIVERGE steps into d->failures (scenario, seq order), then adds one entry without
 * a step for each FAIL/DIVERGE scenario that has none; report__data_load sorts them into place. */
static int read_failures(report__loader *l, report__data *d) {
    failure_copy c = {l, d, 0, calloc(d->scenario_count ? d->scenario_count : 1, sizeof *c.has_step)};
    int rc = 0;
    if (c.has_step == NULL) l->oom = true;
    else rc = trace_query_steps(d->reader, d->run.id, TRACE_STEPS_FAILING, copy_failure, &c);
    /* A FAIL/DIVERGE scenario with no failing step (it failed between steps) is listed on its own. */
    for (size_t i = 0; !l->oom && rc != -1 && i < d->scenario_count; i++) {
        if (!report__is_failure(d->scenarios[i].verdict) || c.has_step[i]) continue;
        if (report__loader_grow(&d->failures, &c.cap, d->failure_count, sizeof *d->failures) != 0) {
            l->oom = true;
            break;
        }
        report__failure *f = &d->failures[d->failure_count++];
        memset(f, 0, sizeof *f);
        f->scenario = i;
    }
    free(c.has_step);
    if (l->oom || rc == -1) return report__loader_fail(l, d->reader, "steps");
    return REPORT_OK;
}

typedef struct count_copy {
    report__loader *l;
    report__data *d;
    size_t cap;
} count_copy;

static int copy_status_count(void *ctx, const trace_status_outcome_count *row) {
    count_copy *c = ctx;
    report__data *d = c->d;
    if (report__loader_grow(&d->status_counts, &c->cap, d->status_count_count, sizeof *d->status_counts) != 0) {
        c->l->oom = true;
        return 1;
    }
    report__status_count *sc = &d->status_counts[d->status_count_count++];
    sc->api = report__loader_dup(c->l, row->api);
    sc->function = report__loader_dup(c->l, row->function);
    sc->status = report__loader_dup(c->l, row->status);
    sc->failing = row->failing;
    sc->count = row->steps;
    return 0;
}

/* Copies the run's step counts per (api, function, status, failing) into d->status_counts, in that order. */
static int read_status_counts(report__loader *l, report__data *d) {
    count_copy c = {l, d, 0};
    if (trace_query_status_outcome_counts(d->reader, d->run.id, copy_status_count, &c) == -1 || l->oom)
        return report__loader_fail(l, d->reader, "status counts");
    return REPORT_OK;
}

/* ---- loading and freeing ---- */

/* Puts the step-less failures beside their scenario's place: (scenario index, has_step, seq) order. */
static int compare_failure_position(const void *x, const void *y) {
    const report__failure *a = x, *b = y;
    if (a->scenario != b->scenario) return a->scenario < b->scenario ? -1 : 1;
    if (a->has_step != b->has_step) return a->has_step ? 1 : -1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* A trace without a run: the report is its exploration alone (d->has_run false) when it holds one, else the
 * loader's "no runs" error stands. */
static int load_explore_only(report__loader *l, const report_options *o, report__data *d) {
    char no_runs[512];
    snprintf(no_runs, sizeof no_runs, "%s", l->err);
    d->diverge = o->diverge == REPORT_DIVERGE_DEFAULT ? REPORT_DIVERGE_FAILURE : o->diverge;
    d->html_step_budget = o->html_step_budget ? o->html_step_budget : REPORT_HTML_STEP_BUDGET;
    int rc = report__data_read_explore(l, o, d);
    if (rc == REPORT_OK && !d->has_explore) {
        snprintf(l->err, l->cap, "%s", no_runs);
        rc = REPORT_EINPUT;
    }
    if (rc != REPORT_OK) report__data_free(d);
    return rc;
}

int report__data_load(const report_options *o, report__data *d, char *err, size_t cap) {
    memset(d, 0, sizeof *d);
    report__loader l = {err, cap, false};
    if (o == NULL || o->db == NULL) {
        snprintf(err, cap, "no trace database given");
        return REPORT_EINPUT;
    }
    int rc = report__loader_open(&l, o->db, &d->reader);
    if (rc == REPORT_OK) rc = report__loader_run(&l, d->reader, o->db, o->run_id, &d->run);
    if (rc == REPORT_EINPUT && d->reader && o->run_id == 0 && !o->baseline_db && !o->baseline_run)
        return load_explore_only(&l, o, d); /* no run: the explorations may still be worth a report */
    d->has_run = rc == REPORT_OK;
    if (rc == REPORT_OK) rc = report__loader_totals(&l, d->reader, d->run.id, &d->totals);
    if (rc == REPORT_OK) rc = read_scenarios(&l, d);
    d->diverge = o->diverge;
    d->html_step_budget = o->html_step_budget ? o->html_step_budget : REPORT_HTML_STEP_BUDGET;
    if (rc == REPORT_OK) rc = report__data_read_expect(&l, d);
    if (rc == REPORT_OK) rc = read_failures(&l, d);
    if (rc == REPORT_OK && d->failure_count > 1)
        qsort(d->failures, d->failure_count, sizeof *d->failures, compare_failure_position);
    if (rc == REPORT_OK) rc = read_status_counts(&l, d);
    if (rc == REPORT_OK) rc = report__data_read_coverage(&l, d);
    if (rc == REPORT_OK && (o->baseline_db || o->baseline_run)) {
        d->has_baseline = true;
        rc = report__data_read_baseline(&l, o, d);
        if (rc == REPORT_OK) report__data_order_failures(d);
    }
    if (rc == REPORT_OK) rc = report__data_read_explore(&l, o, d);
    if (rc != REPORT_OK) report__data_free(d);
    return rc;
}

void report__data_free(report__data *d) {
    report__run_free(&d->run);
    for (size_t i = 0; i < d->scenario_count; i++) {
        report__scenario *sc = &d->scenarios[i];
        free(sc->id);
        free(sc->path);
        free(sc->verdict);
        free(sc->message);
        free(sc->baseline_verdict);
        free(sc->expected);
        free(sc->expect_reason);
        free(sc->expect_link);
    }
    free(d->scenarios);
    for (size_t i = 0; i < d->expect_entry_count; i++) {
        report__expect_entry *e = &d->expect_entries[i];
        free(e->scenario);
        free(e->verdict);
        free(e->reason);
        free(e->link);
    }
    free(d->expect_entries);
    free(d->expect_file_owned);
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
    report__run_free(&d->baseline.run);
    for (size_t i = 0; i < d->baseline.gone_count; i++) {
        free(d->baseline.gone_ids[i]);
        free(d->baseline.gone_verdicts[i]);
    }
    free(d->baseline.gone_ids);
    free(d->baseline.gone_verdicts);
    report__explore_free(&d->explore);
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
