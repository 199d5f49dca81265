/* conformance/bench/measure_explore.c — `rtshm explore`'s figures: generated scenarios per second
 * (generation, the reference's run and completion, the implementation judged) against the in-process
 * reference and against the reference's backend library isolated with --jobs N; and, per shipped
 * mutant, the time to find a divergence and shrink it, with the shrunk scenario's step count. Each body
 * runs in a child (bench_in_child) and drives the explorer (conf/explore.h) as the CLI does, with seed
 * 0 and the CLI's default generation options. */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/explore.h"

#define RATE_BATCH 256

static const ex_gen_opts gen_opts = {24, 0};

void bench_explore_rate(void *arg, bench_result *out) {
    const bench_explore_args *a = arg;
    ex_engine_opts eo = {a->library ? a->library : "reference", 10, (unsigned)a->jobs, 0, NULL, NULL};
    ex_engine *e = ex_engine_new(&eo);
    ex_scenario *s = calloc(RATE_BATCH, sizeof *s);
    ex_case *cases = calloc(RATE_BATCH, sizeof *cases);
    if (e == NULL || s == NULL || cases == NULL) {
        snprintf(out->note, sizeof out->note, "out of memory");
        return;
    }
    char err[1024] = "";
    long long diverged = 0, steps = 0;
    double t0 = bench_now();
    int rc = 0;
    for (long done = 0; done < a->scenarios && rc == 0; done += RATE_BATCH) {
        for (int i = 0; i < RATE_BATCH; i++) {
            ex_generate(ex_scenario_seed(0, (uint64_t)(done + i)), &gen_opts, &s[i]);
            cases[i].scenario = &s[i];
        }
        rc = ex_judge(e, cases, RATE_BATCH, NULL, NULL, err, sizeof err);
        for (int i = 0; i < RATE_BATCH; i++) {
            diverged += cases[i].div.differs || cases[i].invalid;
            steps += s[i].step_count;
            ex_case_clear(&cases[i]);
        }
        out->count = done + RATE_BATCH;
    }
    out->seconds = bench_now() - t0;
    out->aux_count = steps;
    out->ok = rc == 0 && diverged == 0;
    if (rc != 0) snprintf(out->note, sizeof out->note, "%.200s", err);
    else if (diverged) snprintf(out->note, sizeof out->note, "%lld scenarios diverged on the reference", diverged);
    ex_engine_free(e);
    free(s);
    free(cases);
}

void bench_explore_mutant(void *arg, bench_result *out) {
    const bench_explore_args *a = arg;
    ex_engine_opts eo = {a->library, 10, (unsigned)a->jobs, 0, NULL, NULL};
    ex_engine *e = ex_engine_new(&eo);
    ex_scenario *s = calloc(RATE_BATCH, sizeof *s);
    ex_case *cases = calloc(RATE_BATCH, sizeof *cases);
    if (e == NULL || s == NULL || cases == NULL) {
        snprintf(out->note, sizeof out->note, "out of memory");
        return;
    }
    char err[1024] = "";
    ex_divergence found = {0};
    long long index = -1;
    double t0 = bench_now();
    int rc = 0;
    for (long base = 0, size = 16; base < a->scenarios && !found.differs && rc == 0; base += size, size = size < RATE_BATCH ? size * 2 : size) {
        for (int i = 0; i < size; i++) {
            ex_generate(ex_scenario_seed(0, (uint64_t)(base + i)), &gen_opts, &s[i]);
            cases[i].scenario = &s[i];
        }
        rc = ex_judge(e, cases, (int)size, NULL, NULL, err, sizeof err);
        for (int i = 0; i < size; i++) {
            if (!found.differs && cases[i].div.differs) {
                found = cases[i].div;
                index = base + i;
            }
            ex_case_clear(&cases[i]);
        }
    }
    out->aux_seconds = bench_now() - t0; /* to find */
    int rounds = 0;
    if (rc == 0 && found.differs) {
        ex_generate(ex_scenario_seed(0, (uint64_t)index), &gen_opts, &s[0]);
        rc = ex_shrink(e, &s[0], &found, &rounds, err, sizeof err);
    }
    out->seconds = bench_now() - t0; /* to find and shrink */
    out->count = found.differs ? s[0].step_count : 0;
    out->aux_count = index + 1;
    out->ok = rc == 0 && found.differs;
    if (rc != 0) snprintf(out->note, sizeof out->note, "%.200s", err);
    else if (!found.differs) snprintf(out->note, sizeof out->note, "nothing diverged in %ld scenarios", a->scenarios);
    else snprintf(out->note, sizeof out->note, "%s %s", found.verdict, found.clause ? found.clause : "-");
    ex_engine_free(e);
    free(s);
    free(cases);
}
