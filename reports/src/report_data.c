/* reports/src/report_data.c — loads what every report format needs from a trace database, once.
 *
 * Read-only: the database is opened with SQLITE_OPEN_READONLY and only SELECTs run, every one prepared
 * with its values bound. Lists are ordered in SQL (BINARY collation, i.e. bytewise like strcmp) so the
 * reports are deterministic. Memory grows with scenarios, failing steps and distinct (api, function,
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

/* A copy of column i (NULL stays NULL); sets l->oom when memory runs out. */
static char *col(loader *l, sqlite3_stmt *s, int i) {
    const unsigned char *t = sqlite3_column_text(s, i);
    if (t == NULL) return NULL;
    char *c = strdup((const char *)t);
    if (c == NULL) l->oom = true;
    return c;
}

static int fail_internal(loader *l, sqlite3 *db, const char *what) {
    if (l->oom) snprintf(l->err, l->cap, "out of memory");
    else snprintf(l->err, l->cap, "%s: %s", what, db ? sqlite3_errmsg(db) : "?");
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

/* Opens path read-only and checks it holds the rtshm tables. */
static int open_trace(loader *l, const char *path, sqlite3 **out) {
    *out = NULL;
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        snprintf(l->err, l->cap, "%s: %s", path, db ? sqlite3_errmsg(db) : "cannot open");
        sqlite3_close(db);
        return REPORT_EINPUT;
    }
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db,
                                "SELECT 1 FROM runs, scenarios, steps, findings, scenario_clauses LIMIT 0", -1, &s,
                                NULL);
    if (rc == SQLITE_OK) rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        snprintf(l->err, l->cap, "%s: not an rtshm trace database (%s)", path, sqlite3_errmsg(db));
        sqlite3_close(db);
        return REPORT_EINPUT;
    }
    *out = db;
    return REPORT_OK;
}

/* Reads run run_id (0 = the newest) into r. */
static int read_run(loader *l, sqlite3 *db, const char *path, int64_t run_id, report__run *r) {
    sqlite3_stmt *s = NULL;
    const char *sql = run_id ? "SELECT run_id, tool_version, implementation, seed, argv, started_at, state FROM runs "
                               "WHERE run_id = ?1"
                             : "SELECT run_id, tool_version, implementation, seed, argv, started_at, state FROM runs "
                               "ORDER BY run_id DESC LIMIT 1";
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) return fail_internal(l, db, path);
    if (run_id) sqlite3_bind_int64(s, 1, run_id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        r->id = sqlite3_column_int64(s, 0);
        r->tool_version = col(l, s, 1);
        r->implementation = col(l, s, 2);
        r->seed = (uint64_t)sqlite3_column_int64(s, 3);
        r->argv = col(l, s, 4);
        r->started_at = col(l, s, 5);
        r->state = col(l, s, 6);
    }
    sqlite3_finalize(s);
    if (rc == SQLITE_DONE) {
        if (run_id) snprintf(l->err, l->cap, "%s: no run %lld in this trace database", path, (long long)run_id);
        else snprintf(l->err, l->cap, "%s: no runs in this trace database", path);
        return REPORT_EINPUT;
    }
    if (rc != SQLITE_ROW || l->oom) return fail_internal(l, db, path);
    return REPORT_OK;
}

static int read_totals(loader *l, sqlite3 *db, int64_t run_id, report__totals *t) {
    memset(t, 0, sizeof *t);
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT verdict, COUNT(*), TOTAL(steps) FROM scenarios WHERE run_id = ?1 GROUP BY verdict",
                           -1, &s, NULL) != SQLITE_OK)
        return fail_internal(l, db, "totals");
    sqlite3_bind_int64(s, 1, run_id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int v = report__verdict_index((const char *)sqlite3_column_text(s, 0));
        int64_t n = sqlite3_column_int64(s, 1);
        t->scenarios += n;
        if (v < REPORT__VERDICT_COUNT) t->verdicts[v] += n;
        else t->other += n;
        t->steps += (int64_t)sqlite3_column_double(s, 2);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) return fail_internal(l, db, "totals");
    if (sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM findings WHERE run_id = ?1", -1, &s, NULL) != SQLITE_OK)
        return fail_internal(l, db, "findings");
    sqlite3_bind_int64(s, 1, run_id);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) t->findings = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? REPORT_OK : fail_internal(l, db, "findings");
}

static int read_scenarios(loader *l, report__data *d) {
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(d->db,
                           "SELECT scenario, path, verdict, steps, message FROM scenarios WHERE run_id = ?1 "
                           "ORDER BY scenario",
                           -1, &s, NULL) != SQLITE_OK)
        return fail_internal(l, d->db, "scenarios");
    sqlite3_bind_int64(s, 1, d->run.id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (grow(&d->scenarios, &cap, d->scenario_count, sizeof *d->scenarios) != 0) {
            l->oom = true;
            break;
        }
        report__scenario *sc = &d->scenarios[d->scenario_count++];
        memset(sc, 0, sizeof *sc);
        sc->id = col(l, s, 0);
        sc->path = col(l, s, 1);
        sc->verdict = col(l, s, 2);
        sc->steps = sqlite3_column_int64(s, 3);
        sc->message = col(l, s, 4);
        if (sc->id == NULL && !l->oom) sc->id = strdup(""); /* the schema forbids it; be safe */
        if (sc->id == NULL) l->oom = true;
    }
    sqlite3_finalize(s);
    if (l->oom || (rc != SQLITE_DONE && rc != SQLITE_ROW)) return fail_internal(l, d->db, "scenarios");
    return REPORT_OK;
}

static int compare_scenario_id(const void *key, const void *elem) {
    return strcmp((const char *)key, ((const report__scenario *)elem)->id);
}

const report__scenario *report__data_scenario(const report__data *d, const char *id) {
    if (id == NULL || d->scenario_count == 0) return NULL;
    return bsearch(id, d->scenarios, d->scenario_count, sizeof *d->scenarios, compare_scenario_id);
}

static const char step_columns[] =
    "seq, step, vtime_us, process, kind, api, function, args, ret, status, last_error, expected, verdict, clause, "
    "detail";

static int read_failures(loader *l, report__data *d) {
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT scenario, %s FROM steps WHERE run_id = ?1 AND verdict IN ('FAIL','DIVERGE') "
             "ORDER BY scenario, seq",
             step_columns);
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(d->db, sql, -1, &s, NULL) != SQLITE_OK) return fail_internal(l, d->db, "steps");
    sqlite3_bind_int64(s, 1, d->run.id);
    size_t cap = 0;
    bool *has_step = calloc(d->scenario_count ? d->scenario_count : 1, sizeof *has_step);
    if (has_step == NULL) l->oom = true;
    int rc = SQLITE_DONE;
    while (!l->oom && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        const report__scenario *sc = report__data_scenario(d, (const char *)sqlite3_column_text(s, 0));
        if (sc == NULL) continue; /* a step of a scenario that was never committed: not part of the run */
        if (grow(&d->failures, &cap, d->failure_count, sizeof *d->failures) != 0) {
            l->oom = true;
            break;
        }
        report__failure *f = &d->failures[d->failure_count++];
        memset(f, 0, sizeof *f);
        f->scenario = (size_t)(sc - d->scenarios);
        has_step[f->scenario] = true;
        f->has_step = true;
        f->seq = sqlite3_column_int64(s, 1);
        f->step = sqlite3_column_int64(s, 2);
        f->vtime_us = sqlite3_column_int64(s, 3);
        char **fields[] = {&f->process, &f->kind,   &f->api,        &f->function, &f->args,
                           &f->ret,     &f->status, &f->last_error, &f->expected, &f->verdict,
                           &f->clause,  &f->detail};
        for (int i = 0; i < 12; i++) *fields[i] = col(l, s, 4 + i);
    }
    sqlite3_finalize(s);
    /* A FAIL/DIVERGE scenario with no failing step (it failed between steps) is listed on its own. */
    for (size_t i = 0; !l->oom && i < d->scenario_count; i++) {
        if (!report__is_failure(d->scenarios[i].verdict) || has_step[i]) continue;
        if (grow(&d->failures, &cap, d->failure_count, sizeof *d->failures) != 0) {
            l->oom = true;
            break;
        }
        report__failure *f = &d->failures[d->failure_count++];
        memset(f, 0, sizeof *f);
        f->scenario = i;
    }
    free(has_step);
    if (l->oom || (rc != SQLITE_DONE && rc != SQLITE_ROW)) return fail_internal(l, d->db, "steps");
    return REPORT_OK;
}

static int read_status_counts(loader *l, report__data *d) {
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(d->db,
                           "SELECT api, function, status, COUNT(*) FROM steps WHERE run_id = ?1 "
                           "GROUP BY api, function, status ORDER BY api, function, status",
                           -1, &s, NULL) != SQLITE_OK)
        return fail_internal(l, d->db, "status counts");
    sqlite3_bind_int64(s, 1, d->run.id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (grow(&d->status_counts, &cap, d->status_count_count, sizeof *d->status_counts) != 0) {
            l->oom = true;
            break;
        }
        report__status_count *c = &d->status_counts[d->status_count_count++];
        c->api = col(l, s, 0);
        c->function = col(l, s, 1);
        c->status = col(l, s, 2);
        c->count = sqlite3_column_int64(s, 3);
    }
    sqlite3_finalize(s);
    if (l->oom || rc != SQLITE_DONE) return fail_internal(l, d->db, "status counts");
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
        return fail_internal(l, d->db, "coverage");
    }
    report__coverage_cb cb = {gather_clause, gather_status, c};
    int rc = report__coverage_walk(d->db, d->run.id, &cb, l->err, l->cap);
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

static int read_baseline(loader *l, const report_options *o, report__data *d) {
    report__baseline *b = &d->baseline;
    sqlite3 *db = d->db;
    const char *path = o->db;
    int rc = REPORT_OK;
    verdict_row *rows = NULL;
    size_t n = 0, cap = 0;
    if (o->baseline_db) {
        path = o->baseline_db;
        if ((rc = open_trace(l, path, &db)) != REPORT_OK) return rc;
    }
    b->same_db = o->baseline_db == NULL;
    if ((rc = read_run(l, db, path, o->baseline_run, &b->run)) != REPORT_OK)
        goto done;
    if ((rc = read_totals(l, db, b->run.id, &b->totals)) != REPORT_OK) goto done;
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db, "SELECT scenario, verdict FROM scenarios WHERE run_id = ?1 ORDER BY scenario", -1, &s,
                           NULL) != SQLITE_OK) {
        rc = fail_internal(l, db, path);
        goto done;
    }
    sqlite3_bind_int64(s, 1, b->run.id);
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        if (grow(&rows, &cap, n, sizeof *rows) != 0) {
            l->oom = true;
            break;
        }
        rows[n].id = col(l, s, 0);
        rows[n].verdict = col(l, s, 1);
        n++;
        if (rows[n - 1].id == NULL) l->oom = true;
        if (l->oom) break;
    }
    sqlite3_finalize(s);
    if (l->oom || (step != SQLITE_DONE && step != SQLITE_ROW)) {
        rc = fail_internal(l, db, path);
        goto done;
    }
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
    if (l->oom) rc = fail_internal(l, db, path);
done:
    for (size_t i = 0; i < n; i++) {
        free(rows[i].id);
        free(rows[i].verdict);
    }
    free(rows);
    if (db != d->db) sqlite3_close(db);
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
    int rc = open_trace(&l, o->db, &d->db);
    if (rc == REPORT_OK) rc = read_run(&l, d->db, o->db, o->run_id, &d->run);
    if (rc == REPORT_OK) rc = read_totals(&l, d->db, d->run.id, &d->totals);
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
    sqlite3_close(d->db);
    memset(d, 0, sizeof *d);
}

int report__data_each_step(const report__data *d, const char *scenario, void (*step_fn)(void *, const report__step *),
                           void (*finding_fn)(void *, const report__finding *), void *ctx, char *err, size_t cap) {
    sqlite3_stmt *s = NULL;
    int rc = SQLITE_DONE;
    if (step_fn) {
        char sql[512];
        snprintf(sql, sizeof sql, "SELECT %s FROM steps WHERE run_id = ?1 AND scenario = ?2 ORDER BY seq",
                 step_columns);
        if (sqlite3_prepare_v2(d->db, sql, -1, &s, NULL) != SQLITE_OK) goto fail;
        sqlite3_bind_int64(s, 1, d->run.id);
        sqlite3_bind_text(s, 2, scenario, -1, SQLITE_STATIC);
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            report__step st = {sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1), sqlite3_column_int64(s, 2)};
            const char **fields[] = {&st.process, &st.kind,       &st.api,      &st.function,
                                     &st.args,    &st.ret,        &st.status,   &st.last_error,
                                     &st.expected, &st.verdict,   &st.clause,   &st.detail};
            for (int i = 0; i < 12; i++) *fields[i] = (const char *)sqlite3_column_text(s, 3 + i);
            step_fn(ctx, &st);
        }
        sqlite3_finalize(s);
        s = NULL;
        if (rc != SQLITE_DONE) goto fail;
    }
    if (finding_fn) {
        if (sqlite3_prepare_v2(d->db,
                               "SELECT seq, kind, clause, detail FROM findings WHERE run_id = ?1 AND scenario = ?2 "
                               "ORDER BY seq, rowid",
                               -1, &s, NULL) != SQLITE_OK)
            goto fail;
        sqlite3_bind_int64(s, 1, d->run.id);
        sqlite3_bind_text(s, 2, scenario, -1, SQLITE_STATIC);
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            report__finding f = {sqlite3_column_int64(s, 0), (const char *)sqlite3_column_text(s, 1),
                                 (const char *)sqlite3_column_text(s, 2), (const char *)sqlite3_column_text(s, 3)};
            finding_fn(ctx, &f);
        }
        sqlite3_finalize(s);
        s = NULL;
        if (rc != SQLITE_DONE) goto fail;
    }
    return REPORT_OK;
fail:
    snprintf(err, cap, "steps of %s: %s", scenario, sqlite3_errmsg(d->db));
    sqlite3_finalize(s);
    return REPORT_EINTERNAL;
}
