/* reports/src/coverage_walk.c — what a run did with each clause and each documented status: the
 * computation behind `rtshm spec --coverage` (coverage.c) and the reports' coverage (report_data_coverage.c).
 *
 * Covered clause: cited by a scenario of the run (scenario_clauses) or the clause behind a step's
 * outcome. Covered status: some step of the run called that function (same API family) and produced
 * it. Only statuses the vendor documents count (spec_function.documented); the model's own choices
 * are listed by `rtshm spec` but do not count against coverage.
 *
 * report__coverage_walk (report_int.h) yields each clause and each documented status with what the run
 * did with it; its callers render or gather from it. */
#include <stdlib.h>
#include <string.h>

#include "report_int.h"
#include "spec/clauses.h"
#include "spec/functions.h"

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
