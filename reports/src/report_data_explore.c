/* reports/src/report_data_explore.c — the exploration a report shows beside its run: one row of
 * explore_runs (`rtshm explore --db`; traces/TRACE-SCHEMA.md, "Explore tables"), the generated scenarios
 * that diverged and the shrunk files, read through traces/explore_query.h.
 *
 * A trace without the explore tables, or with no exploration, shows none, and the report is what it was
 * before explorations were recorded. Lists are by scenario number and bounded
 * (REPORT__EXPLORE_MAX_DIVERGENCES, REPORT__EXPLORE_MAX_SHRUNK); the counts of all rows are kept so
 * every format can say how many were left out. */
#include <stdlib.h>
#include <string.h>

#include "report_data_int.h"
#include "report_int.h"
#include "traces/explore_query.h"

const char *report__explore_fields_text(int64_t fields, char *buf, size_t cap) {
    static const char *const names[] = {"return", "status", "last_error", "fault", "data"};
    size_t n = 0;
    buf[0] = '\0';
    for (int i = 0; i < 5; i++)
        if (fields & (INT64_C(1) << i))
            n += (size_t)snprintf(buf + n, n < cap ? cap - n : 0, "%s%s", n ? "+" : "", names[i]);
    if (n == 0) snprintf(buf, cap, "%s", "outcome");
    return buf;
}

const report__explore_shrunk *report__explore_shrunk_of(const report__explore *e, int64_t number) {
    for (size_t i = 0; i < e->shrunk_count; i++)
        if (e->shrunk[i].number == number) return &e->shrunk[i];
    return NULL;
}

typedef struct explore_copy {
    report__loader *l;
    report__explore *e;
    size_t cap;
    bool found;
} explore_copy;

static int copy_run(void *ctx, const trace_explore_run *row) {
    explore_copy *c = ctx;
    report__explore *e = c->e;
    c->found = true;
    e->id = row->id;
    e->tool_version = report__loader_dup(c->l, row->tool_version);
    e->implementation = report__loader_dup(c->l, row->implementation);
    e->seed = report__loader_dup(c->l, row->seed);
    e->args = report__loader_dup(c->l, row->args);
    e->state = report__loader_dup(c->l, row->state);
    e->has_exit_code = row->has_exit_code;
    e->exit_code = row->exit_code;
    e->scenarios = row->scenarios;
    e->steps = row->steps;
    e->diverged = row->diverged;
    return c->l->oom ? 1 : 0;
}

static int copy_divergence(void *ctx, const trace_explore_divergence *row) {
    explore_copy *c = ctx;
    report__explore *e = c->e;
    if (report__loader_grow(&e->divergences, &c->cap, e->divergence_count, sizeof *e->divergences) != 0) {
        c->l->oom = true;
        return 1;
    }
    report__explore_divergence *v = &e->divergences[e->divergence_count++];
    memset(v, 0, sizeof *v);
    v->number = row->number;
    v->seed = report__loader_dup(c->l, row->seed);
    v->verdict = report__loader_dup(c->l, row->verdict);
    v->function = report__loader_dup(c->l, row->function);
    v->clause = report__loader_dup(c->l, row->clause);
    v->message = report__loader_dup(c->l, row->message);
    v->has_step = row->has_step;
    v->step = row->step;
    v->fields = row->fields;
    return c->l->oom ? 1 : 0;
}

static int copy_shrunk(void *ctx, const trace_explore_shrunk *row) {
    explore_copy *c = ctx;
    report__explore *e = c->e;
    if (report__loader_grow(&e->shrunk, &c->cap, e->shrunk_count, sizeof *e->shrunk) != 0) {
        c->l->oom = true;
        return 1;
    }
    report__explore_shrunk *s = &e->shrunk[e->shrunk_count++];
    memset(s, 0, sizeof *s);
    s->number = row->number;
    s->verdict = report__loader_dup(c->l, row->verdict);
    s->clause = report__loader_dup(c->l, row->clause);
    s->function = report__loader_dup(c->l, row->function);
    s->path = report__loader_dup(c->l, row->path);
    s->fields = row->fields;
    s->steps_before = row->steps_before;
    s->steps_after = row->steps_after;
    s->candidates = row->candidates;
    return c->l->oom ? 1 : 0;
}

/* The reported run's scenario recorded from path (the shrunk run explore records has the files' paths), or
 * NULL. A linear scan per shrunk file: there are at most REPORT__EXPLORE_MAX_SHRUNK. */
static const char *run_scenario_of(const report__data *d, const char *path) {
    for (size_t i = 0; path && d->has_run && i < d->scenario_count; i++)
        if (d->scenarios[i].path && strcmp(d->scenarios[i].path, path) == 0) return d->scenarios[i].id;
    return NULL;
}

int report__data_read_explore(report__loader *l, const report_options *o, report__data *d) {
    if (o->explore_run == REPORT_EXPLORE_NONE) return REPORT_OK;
    report__explore *e = &d->explore;
    int64_t newest = 0;
    if (trace_query_explore_count(d->reader, &e->in_trace, &newest) != 0)
        return report__loader_fail(l, d->reader, "explore runs");
    int64_t id = o->explore_run > 0 ? o->explore_run : newest;
    if (id == 0) return REPORT_OK; /* no exploration, none named */
    explore_copy c = {l, e, 0, false};
    if (trace_query_explore_run(d->reader, id, copy_run, &c) != 0 || l->oom)
        return report__loader_fail(l, d->reader, "explore runs");
    if (!c.found) {
        snprintf(l->err, l->cap, "%s: no explore run %lld in this trace database", o->db, (long long)id);
        return REPORT_EINPUT;
    }
    d->has_explore = true;
    if (trace_query_explore_recorded(d->reader, id, &e->recorded, &e->divergence_rows) != 0 ||
        trace_query_explore_shrunk_count(d->reader, id, &e->shrunk_rows) != 0)
        return report__loader_fail(l, d->reader, "explore scenarios");
    c.cap = 0;
    if (trace_query_explore_divergences(d->reader, id, REPORT__EXPLORE_MAX_DIVERGENCES, copy_divergence, &c) != 0 ||
        l->oom)
        return report__loader_fail(l, d->reader, "explore scenarios");
    c.cap = 0;
    if (trace_query_explore_shrunk(d->reader, id, REPORT__EXPLORE_MAX_SHRUNK, copy_shrunk, &c) != 0 || l->oom)
        return report__loader_fail(l, d->reader, "explore shrunk");
    for (size_t i = 0; i < e->shrunk_count; i++) e->shrunk[i].run_scenario = run_scenario_of(d, e->shrunk[i].path);
    return REPORT_OK;
}

void report__explore_free(report__explore *e) {
    free(e->tool_version);
    free(e->implementation);
    free(e->seed);
    free(e->args);
    free(e->state);
    for (size_t i = 0; i < e->divergence_count; i++) {
        report__explore_divergence *v = &e->divergences[i];
        free(v->seed);
        free(v->verdict);
        free(v->function);
        free(v->clause);
        free(v->message);
    }
    free(e->divergences);
    for (size_t i = 0; i < e->shrunk_count; i++) {
        report__explore_shrunk *s = &e->shrunk[i];
        free(s->verdict);
        free(s->clause);
        free(s->function);
        free(s->path);
    }
    free(e->shrunk);
    memset(e, 0, sizeof *e);
}
