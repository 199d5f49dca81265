/* reports/src/report_data_baseline.c — the report data's baseline: a second run to compare with (of
 * the same database, or the newest or a given run of another), and each scenario's change against it.
 *
 * Only the baseline's header, totals and scenario verdicts are read. Each scenario of the report is
 * classified (report__change: new, still, fixed, same); the baseline's failures that are absent now are
 * kept as "no longer run"; and the failure list is ordered with the new failures first. */
#include <stdlib.h>
#include <string.h>

#include "report_data_int.h"
#include "report_int.h"

/* One scenario of the baseline: its id and verdict (owned copies). */
typedef struct verdict_row {
    char *id, *verdict;
} verdict_row;

static int compare_verdict_row(const void *key, const void *elem) {
    return strcmp((const char *)key, ((const verdict_row *)elem)->id);
}

/* The baseline's scenarios as trace_query_scenarios hands them out (by id), growing rows. */
typedef struct verdict_copy {
    report__loader *l;
    verdict_row *rows;
    size_t n, cap;
} verdict_copy;

static int copy_verdict(void *ctx, const trace_scenario_row *row) {
    verdict_copy *c = ctx;
    if (report__loader_grow(&c->rows, &c->cap, c->n, sizeof *c->rows) != 0) {
        c->l->oom = true;
        return 1;
    }
    verdict_row *v = &c->rows[c->n++];
    v->id = report__loader_dup(c->l, row->scenario);
    v->verdict = report__loader_dup(c->l, row->verdict);
    if (v->id == NULL) c->l->oom = true;
    return c->l->oom ? 1 : 0;
}

/* The baseline's coverage figures, counted by the walk the run's coverage comes from. */
static int count_clause(void *ctx, const report__clause_cov *c) {
    report__baseline *b = ctx;
    b->clauses++;
    b->clauses_covered += c->covered;
    return 0;
}

static int count_status(void *ctx, const report__status_cov *s) {
    report__baseline *b = ctx;
    b->statuses++;
    b->statuses_produced += s->produced;
    return 0;
}

/* Contract in report_data_int.h. The reader of o->baseline_db, when there is one, is closed before
 * returning. */
int report__data_read_baseline(report__loader *l, const report_options *o, report__data *d) {
    report__baseline *b = &d->baseline;
    trace_reader *reader = d->reader;
    const char *path = o->db;
    int rc = REPORT_OK;
    verdict_copy vc = {l, NULL, 0, 0};
    if (o->baseline_db) {
        path = o->baseline_db;
        if ((rc = report__loader_open(l, path, &reader)) != REPORT_OK) return rc;
    }
    b->same_db = o->baseline_db == NULL;
    if ((rc = report__loader_run(l, reader, path, o->baseline_run, &b->run)) != REPORT_OK)
        goto done;
    if ((rc = report__loader_totals(l, reader, b->run.id, &b->totals)) != REPORT_OK) goto done;
    if (trace_query_scenarios(reader, b->run.id, copy_verdict, &vc) == -1 || l->oom) {
        rc = report__loader_fail(l, reader, path);
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
    if (l->oom) rc = report__loader_fail(l, reader, path);
    report__coverage_cb cb = {count_clause, count_status, b};
    if (rc == REPORT_OK && report__coverage_walk(reader, b->run.id, &cb, l->err, l->cap) != 0) rc = REPORT_EINTERNAL;
done:
    for (size_t i = 0; i < vc.n; i++) {
        free(vc.rows[i].id);
        free(vc.rows[i].verdict);
    }
    free(vc.rows);
    if (reader != d->reader) trace_reader_close(reader);
    return rc;
}

/* Contract in report_data_int.h: new failures first, a stable partition. */
void report__data_order_failures(report__data *d) {
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
