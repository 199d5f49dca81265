/* reports/src/levels.c — per-level scenario counts for `rtshm validate`. One pass over the run's
 * judged steps in scenario order (traces/query.h); memory is per scenario, not per trace. */
#include "reports/levels.h"

#include <string.h>

#include "spec/clauses.h"
#include "traces/query.h"

static int rank(const char *verdict) {
    if (strcmp(verdict, "FAIL") == 0) return 3;
    if (strcmp(verdict, "DIVERGE") == 0) return 2;
    return 1; /* PASS */
}

static void flush(report_level_counts *c, const int worst[4]) {
    for (int l = 0; l < 4; l++) {
        if (worst[l] == 3) c->fail[l]++;
        else if (worst[l] == 2) c->diverge[l]++;
        else if (worst[l] == 1) c->pass[l]++;
    }
}

/* The walk over a run's judged steps, one scenario at a time. */
typedef struct level_walk {
    report_level_counts *c;
    char current[1024]; /* the scenario whose steps are being ranked */
    int worst[4];       /* its worst rank per level so far */
} level_walk;

static int rank_step(void *ctx, const trace_step_row *row) {
    level_walk *w = ctx;
    const spec_clause *clause = spec_clause_find(row->clause);
    if (row->scenario == NULL || row->verdict == NULL) return 0;
    if (strcmp(row->scenario, w->current) != 0) {
        flush(w->c, w->worst);
        memset(w->worst, 0, sizeof w->worst);
        snprintf(w->current, sizeof w->current, "%s", row->scenario);
    }
    int level = clause ? (int)clause->level : (int)SPEC_LEVEL_STRICT;
    if (rank(row->verdict) > w->worst[level]) w->worst[level] = rank(row->verdict);
    return 0;
}

static int count_scenarios(void *ctx, const trace_verdict_count *row) {
    report_level_counts *c = ctx;
    const char *v = row->verdict;
    long n = (long)row->scenarios;
    c->scenarios += n;
    if (v == NULL) return 0;
    if (strcmp(v, "PASS") == 0) c->scen_pass += n;
    else if (strcmp(v, "FAIL") == 0) c->scen_fail += n;
    else if (strcmp(v, "DIVERGE") == 0) c->scen_diverge += n;
    else if (strcmp(v, "SKIP") == 0) c->scen_skip += n;
    else if (strcmp(v, "CRASH") == 0) c->scen_crash += n;
    else if (strcmp(v, "TIMEOUT") == 0) c->scen_timeout += n;
    else c->scen_error += n;
    return 0;
}

int report_levels(const char *db_path, int64_t run_id, FILE *out, report_level_counts *c, char *err, size_t cap) {
    memset(c, 0, sizeof *c);
    trace_reader *reader = NULL;
    if (trace_reader_open(db_path, &reader, err, cap) != TRACE_READER_OK) return -1;
    level_walk w = {.c = c};
    if (trace_query_steps(reader, run_id, TRACE_STEPS_JUDGED, rank_step, &w) != 0 ||
        trace_query_verdict_counts(reader, run_id, count_scenarios, c) != 0) {
        snprintf(err, cap, "%s: %s", db_path, trace_reader_errmsg(reader));
        trace_reader_close(reader);
        return -1;
    }
    flush(c, w.worst);
    trace_reader_close(reader);
    fprintf(out, "%-15s %6s %8s %6s\n", "level", "pass", "diverge", "fail");
    for (int l = 0; l < 4; l++)
        fprintf(out, "%-15s %6ld %8ld %6ld\n", spec_level_name((spec_level)l), c->pass[l], c->diverge[l], c->fail[l]);
    fprintf(out, "scenarios: %ld: %ld PASS, %ld FAIL, %ld DIVERGE, %ld SKIP, %ld CRASH, %ld TIMEOUT, %ld ERROR\n",
            c->scenarios, c->scen_pass, c->scen_fail, c->scen_diverge, c->scen_skip, c->scen_crash, c->scen_timeout,
            c->scen_error);
    return 0;
}
