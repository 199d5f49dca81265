/* reports/src/report_data_coverage.c — the report data's clause coverage (report__coverage): one row
 * per clause of the catalogue with the verdicts of the scenarios citing it and the steps it decided,
 * the totals, per-API figures and the uncovered ids.
 *
 * Gathered through the walk coverage_walk.c shares with `rtshm spec --coverage`, so the reports and
 * that command count alike. The rows own copies of the walk's strings (report__data_free frees them). */
#include <stdlib.h>
#include <string.h>

#include "report_data_int.h"
#include "report_int.h"

/* The per-API figures of api, appended in order of first sight; NULL when the table is full (that api
 * then goes uncounted per API, the totals still count it). */
static report__api_coverage *api_entry(report__coverage *c, const char *api) {
    for (int i = 0; i < c->api_count; i++)
        if (strcmp(c->apis[i].api, api) == 0) return &c->apis[i];
    if (c->api_count == (int)(sizeof c->apis / sizeof c->apis[0])) return NULL;
    report__api_coverage *e = &c->apis[c->api_count++];
    memset(e, 0, sizeof *e);
    e->api = api;
    return e;
}

/* The walk's clause callback: copies one clause's row (its citations owned) and adds it to the totals
 * and its API's figures. 1 when memory runs out (the walk stops). */
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

/* The walk's status callback: counts one documented status, and whether it was produced, in the totals
 * and its function's API. */
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

/* Contract in report_data_int.h. */
int report__data_read_coverage(report__loader *l, report__data *d) {
    report__coverage *c = &d->coverage;
    int count;
    spec_clause_table(&count);
    c->rows = calloc((size_t)count + 1, sizeof *c->rows);
    c->uncovered = calloc((size_t)count + 1, sizeof *c->uncovered);
    if (c->rows == NULL || c->uncovered == NULL) {
        l->oom = true;
        return report__loader_fail(l, d->reader, "coverage");
    }
    report__coverage_cb cb = {gather_clause, gather_status, c};
    int rc = report__coverage_walk(d->reader, d->run.id, &cb, l->err, l->cap);
    if (rc != 0) {
        if (rc > 0) snprintf(l->err, l->cap, "out of memory"); /* a gather callback's 1 */
        return REPORT_EINTERNAL;
    }
    return REPORT_OK;
}
