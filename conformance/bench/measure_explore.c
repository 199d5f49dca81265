/* conformance/bench/measure_explore.c — `rtshm explore`'s figures: generated scenarios per second
 * (generation, the reference's run and completion, the implementation judged) against the in-process
 * reference and against the reference's backend library isolated with --jobs N; and, per shipped
 * mutant, the time to find a divergence and shrink it, with the shrunk scenario's step count. Each body
 * runs in a child (bench_in_child) and drives the explorer (conf/explore.h) as the CLI does, with seed
 * 0 and the CLI's default generation options. */
#include "bench.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/explore.h"

#define RATE_BATCH 1024

static const ex_gen_opts gen_opts = {24, 0};

/* An engine and room for one batch of scenarios and their cases. */
typedef struct explorer {
    ex_engine *e;
    ex_scenario *s;
    ex_case *cases;
} explorer;

/* Opens x on library (NULL: the reference in process) with jobs children. False (note set) when out of
 * memory. */
static bool explorer_open(explorer *x, const char *library, int jobs, bench_result *out) {
    ex_engine_opts eo = {library ? library : "reference", 10, (unsigned)jobs, 0, NULL, NULL};
    x->e = ex_engine_new(&eo);
    x->s = calloc(RATE_BATCH, sizeof *x->s);
    x->cases = calloc(RATE_BATCH, sizeof *x->cases);
    if (x->e && x->s && x->cases) return true;
    snprintf(out->note, sizeof out->note, "out of memory");
    return false;
}

static void explorer_close(explorer *x) {
    ex_engine_free(x->e);
    free(x->s);
    free(x->cases);
}

/* Generates scenarios base .. base + n - 1 (n <= RATE_BATCH) of seed 0 and judges them. Returns ex_judge's. */
static int explorer_batch(explorer *x, long base, int n, char *err, size_t cap) {
    for (int i = 0; i < n; i++) {
        ex_generate(ex_scenario_seed(0, (uint64_t)(base + i)), &gen_opts, &x->s[i]);
        x->cases[i].scenario = &x->s[i];
    }
    return ex_judge(x->e, x->cases, n, NULL, NULL, err, cap);
}

void bench_explore_rate(void *arg, bench_result *out) {
    const bench_explore_args *a = arg;
    explorer x = {0};
    if (!explorer_open(&x, a->library, a->jobs, out)) {
        explorer_close(&x);
        return;
    }
    char err[1024] = "";
    long long diverged = 0, steps = 0;
    double t0 = bench_now();
    int rc = 0;
    for (long done = 0; done < a->scenarios && rc == 0; done += RATE_BATCH) {
        rc = explorer_batch(&x, done, RATE_BATCH, err, sizeof err);
        for (int i = 0; i < RATE_BATCH; i++) {
            diverged += x.cases[i].div.differs || x.cases[i].invalid;
            steps += x.s[i].step_count;
            ex_case_clear(&x.cases[i]);
        }
        out->count = done + RATE_BATCH;
    }
    out->seconds = bench_now() - t0;
    out->aux_count = steps;
    out->ok = rc == 0 && diverged == 0;
    if (rc != 0) snprintf(out->note, sizeof out->note, "%.200s", err);
    else if (diverged) snprintf(out->note, sizeof out->note, "%lld scenarios diverged on the reference", diverged);
    explorer_close(&x);
}

void bench_explore_mutant(void *arg, bench_result *out) {
    const bench_explore_args *a = arg;
    explorer x = {0};
    if (!explorer_open(&x, a->library, a->jobs, out)) {
        explorer_close(&x);
        return;
    }
    char err[1024] = "";
    ex_divergence found = {0};
    long long index = -1;
    double t0 = bench_now();
    int rc = 0;
    for (long base = 0, size = 16; base < a->scenarios && !found.differs && rc == 0;
         base += size, size = size < RATE_BATCH ? size * 2 : size) {
        rc = explorer_batch(&x, base, (int)size, err, sizeof err);
        for (int i = 0; i < size; i++) {
            if (!found.differs && x.cases[i].div.differs) {
                found = x.cases[i].div;
                index = base + i;
            }
            ex_case_clear(&x.cases[i]);
        }
    }
    out->aux_seconds = bench_now() - t0; /* to find */
    int rounds = 0;
    if (rc == 0 && found.differs) {
        ex_generate(ex_scenario_seed(0, (uint64_t)index), &gen_opts, &x.s[0]);
        rc = ex_shrink(x.e, &x.s[0], &found, &rounds, err, sizeof err);
    }
    out->seconds = bench_now() - t0; /* to find and shrink */
    out->count = found.differs ? x.s[0].step_count : 0;
    out->aux_count = index + 1;
    out->ok = rc == 0 && found.differs;
    if (rc != 0) snprintf(out->note, sizeof out->note, "%.200s", err);
    else if (!found.differs) snprintf(out->note, sizeof out->note, "nothing diverged in %ld scenarios", a->scenarios);
    else snprintf(out->note, sizeof out->note, "%s %s", found.verdict, found.clause ? found.clause : "-");
    explorer_close(&x);
}
