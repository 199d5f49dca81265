/* conformance/tests/test_explore.c — `rtshm explore` (conf/explore.h): the generator's determinism and
 * validity, the oracle finding nothing on the reference, every shipped mutant found and shrunk to at
 * most 8 steps (in process, for speed: the CLI tests below run the isolated path), and the CLI end to
 * end: exit codes, the shrunk file accepted by `rtshm check`, passing on the reference and reproducing
 * on the mutant, byte-identical output with --jobs 1 and 2, the explore tables of --db. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_harness.h"
#include "conf/backend.h"
#include "conf/explore.h"
#include "conf/isolate.h"
#include "conf/checker.h"
#include "conf/runner.h"
#include "spec/functions.h"
#include "spec/clause_ids.h"
#include "suites.h"

static const ex_gen_opts gen_opts = {24, 0};

START_TEST(generator_is_deterministic_in_the_seed) {
    ex_scenario *a = malloc(sizeof *a), *b = malloc(sizeof *b);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ex_generate(ex_scenario_seed(7, 3), &gen_opts, a);
    ex_generate(ex_scenario_seed(7, 3), &gen_opts, b);
    char *ta = ex_print(a, NULL, NULL), *tb = ex_print(b, NULL, NULL);
    ck_assert_str_eq(ta, tb);
    free(tb);
    ex_generate(ex_scenario_seed(7, 4), &gen_opts, b);
    tb = ex_print(b, NULL, NULL);
    ck_assert_str_ne(ta, tb);
    ck_assert_uint_ne(ex_scenario_seed(7, 3), ex_scenario_seed(8, 3));
    free(ta);
    free(tb);
    free(a);
    free(b);
}
END_TEST

/* Every generated scenario is a valid file, and the reference agrees with itself on each (nothing
 * diverges, no invariant breaks): `rtshm explore --impl reference` must find nothing. */
START_TEST(reference_finds_nothing) {
    enum { N = 400 };
    ex_scenario *s = calloc(N, sizeof *s);
    ex_case *cases = calloc(N, sizeof *cases);
    ck_assert_ptr_nonnull(s);
    ck_assert_ptr_nonnull(cases);
    ex_engine_opts eo = {"reference", 10, 1, 1, NULL, NULL};
    ex_engine *e = ex_engine_new(&eo);
    int steps = 0;
    for (int i = 0; i < N; i++) {
        ex_generate(ex_scenario_seed(1, (uint64_t)i), &gen_opts, &s[i]);
        cases[i].scenario = &s[i];
    }
    char err[512] = "";
    ck_assert_int_eq(ex_judge(e, cases, N, NULL, NULL, err, sizeof err), 0);
    for (int i = 0; i < N; i++) {
        ck_assert_msg(!cases[i].invalid, "scenario %d invalid: %s", i, cases[i].invalid_message);
        ck_assert_msg(!cases[i].div.differs, "scenario %d: %s %s", i, cases[i].div.verdict, cases[i].div.message);
        ck_assert(!cases[i].ref.invariant_broken);
        steps += cases[i].steps_run;
        ex_case_clear(&cases[i]);
    }
    ck_assert_int_gt(steps, N); /* the scenarios did run, with more than a step each on average */
    ex_engine_free(e);
    free(cases);
    free(s);
}
END_TEST

/* Two expectations read the same way by the checker (canonical aside: only a trace records it). */
static void assert_same_expect(const conf_expect *a, const conf_expect *b, int scenario, int step) {
    ck_assert_msg(a->present == b->present && a->ret == b->ret && a->ret_number == b->ret_number &&
                      a->ret_var == b->ret_var && a->status_count == b->status_count &&
                      a->last_error_count == b->last_error_count && a->fault == b->fault && a->data_len == b->data_len,
                  "scenario %d step %d: the expectation completed in place differs from the parsed one", scenario, step);
    for (int i = 0; i < a->status_count; i++) ck_assert_str_eq(a->status[i], b->status[i]);
    for (int i = 0; i < a->last_error_count; i++) ck_assert_str_eq(a->last_error[i], b->last_error[i]);
    if (a->data_len) ck_assert_mem_eq(a->data, b->data, a->data_len);
}

/* The scenario judged is the bare one completed in place (no second parse): its every expectation,
 * variable and verdict equal the completed text's parsed again, on scenarios of every family (the
 * ones whose expectation names a variable take the text route and are equal by construction). */
START_TEST(completion_in_place_equals_the_parsed_text) {
    enum { N = 300 };
    ex_scenario *s = calloc(N, sizeof *s);
    ex_case *fast = calloc(N, sizeof *fast), *slow = calloc(N, sizeof *slow);
    ck_assert_ptr_nonnull(s);
    ck_assert_ptr_nonnull(fast);
    ck_assert_ptr_nonnull(slow);
    ex_engine_opts fo = {"reference", 10, 1, 3, NULL, NULL, false}, so = {"reference", 10, 1, 3, NULL, NULL, true};
    ex_engine *ef = ex_engine_new(&fo), *es = ex_engine_new(&so);
    for (int i = 0; i < N; i++) {
        ex_generate(ex_scenario_seed(3, (uint64_t)i), &gen_opts, &s[i]);
        fast[i].scenario = slow[i].scenario = &s[i];
    }
    char err[512] = "";
    ck_assert_int_eq(ex_judge(ef, fast, N, NULL, NULL, err, sizeof err), 0);
    ck_assert_int_eq(ex_judge(es, slow, N, NULL, NULL, err, sizeof err), 0);
    int expects = 0;
    for (int i = 0; i < N; i++) {
        ck_assert(!fast[i].invalid && !slow[i].invalid);
        ck_assert_str_eq(fast[i].completed, slow[i].completed);
        ck_assert_int_eq(fast[i].parsed->step_count, slow[i].parsed->step_count);
        ck_assert_int_eq(fast[i].parsed->var_count, slow[i].parsed->var_count);
        for (int k = 0; k < fast[i].parsed->step_count; k++) {
            assert_same_expect(&fast[i].parsed->steps[k].expect, &slow[i].parsed->steps[k].expect, i, k);
            expects += fast[i].parsed->steps[k].expect.present;
        }
        ck_assert_int_eq(fast[i].div.differs, slow[i].div.differs);
        ck_assert_int_eq(fast[i].steps_run, slow[i].steps_run);
        ex_case_clear(&fast[i]);
        ex_case_clear(&slow[i]);
    }
    ck_assert_int_gt(expects, 1000);
    ex_engine_free(ef);
    ex_engine_free(es);
    free(s);
    free(fast);
    free(slow);
}
END_TEST

/* The persistent children (32 scenarios a child; a result but PASS or SKIP kept only from a child's
 * first scenario) give every scenario the verdict, message, first failing step and steps that a child
 * per scenario gives (conf_isolation_queue), on a mutant that crashes in many scenarios (each crash
 * kills a batch mid-way), on one that diverges often, and on backends that break the isolation between
 * worlds: hostile SEGV crashes, hostile HANG hangs, at the third RtCreateSharedMemory of its PROCESS,
 * so in a persistent child the crash or hang falls in a later scenario than alone, and only the rule
 * (run again first in a new child) gives that scenario its own verdict. The hanging backend runs fewer
 * scenarios under a 1 s timeout (each hang costs it, twice when batched). Paths are under the build
 * directory. */
static const struct {
    const char *path;
    int scenarios;
    unsigned timeout_s;
    int min_differing; /* scenarios that fail alone: batches were cut by them */
} batched_mutants[] = {{"backends/librtshm_mutant_crash_on_close.so", 80, 10, 5},
                       {"backends/librtshm_mutant_case_insensitive.so", 80, 10, 5},
                       {"hostile/librtshm_hostile_segv.so", 80, 10, 5},
                       {"hostile/librtshm_hostile_hang.so", 24, 1, 1}};

START_TEST(persistent_children_give_each_scenario_its_own_verdict) {
    const int N = batched_mutants[_i].scenarios;
    char path[512], err[1024] = "";
    snprintf(path, sizeof path, "%s/../%s", RTSHM_BACKEND_DIR, batched_mutants[_i].path);
    ex_scenario *s = calloc(N, sizeof *s);
    ex_case *cases = calloc(N, sizeof *cases);
    ck_assert_ptr_nonnull(s);
    ck_assert_ptr_nonnull(cases);
    ex_engine_opts eo = {path, batched_mutants[_i].timeout_s, 2, 0, NULL, NULL, false};
    ex_engine *e = ex_engine_new(&eo);
    for (int i = 0; i < N; i++) {
        ex_generate(ex_scenario_seed(2, (uint64_t)i), &gen_opts, &s[i]);
        cases[i].scenario = &s[i];
    }
    ck_assert_msg(ex_judge(e, cases, N, NULL, NULL, err, sizeof err) == 0, "%s", err);
    /* the same scenarios, a child each, from a server forked after they exist */
    conf_isolation_opts io = {batched_mutants[_i].timeout_s, 0, 1, false, NULL};
    conf_isolation *iso = NULL;
    ck_assert_msg(conf_isolation_start(path, &io, &iso, err, sizeof err) == 0, "%s", err);
    int differing = 0;
    for (int i = 0; i < N; i++) {
        ck_assert(!cases[i].invalid);
        conf_scenario_result res;
        ck_assert_int_eq(conf_run_isolated(iso, cases[i].parsed, conf_backend_reference(), 0, NULL, 0, &res), 0);
        bool passed = strcmp(res.verdict, "PASS") == 0 || strcmp(res.verdict, "SKIP") == 0;
        ck_assert_msg(passed == !cases[i].div.differs, "scenario %d: %s alone, %s batched", i, res.verdict,
                      cases[i].div.differs ? cases[i].div.verdict : "PASS");
        ck_assert_int_eq(cases[i].steps_run, res.steps);
        if (passed) continue;
        differing++;
        ck_assert_str_eq(cases[i].div.verdict, res.verdict);
        ck_assert_str_eq(cases[i].div.message, res.message);
        if (res.fail + res.diverge > 0) ck_assert_int_eq(cases[i].div.step, res.first_step);
    }
    ck_assert_int_ge(differing, batched_mutants[_i].min_differing); /* batches were cut by them */
    conf_isolation_stop(iso);
    for (int i = 0; i < N; i++) ex_case_clear(&cases[i]);
    ex_engine_free(e);
    free(s);
    free(cases);
}
END_TEST

/* The parser for rtshm's own printed texts (conf_scenario_parse_generated: no SHA-256, no scan for
 * duplicate keys) gives the same scenario as the full parser, on 400 generated scenarios of every family;
 * and it is still the parser: a text that is not a scenario is rejected, with the full parser's message. */
START_TEST(generated_text_parser_gives_the_full_parsers_scenario) {
    enum { N = 400 };
    int steps = 0;
    for (int i = 0; i < N; i++) {
        ex_scenario sc;
        ex_generate(ex_scenario_seed(7, (uint64_t)i), &gen_opts, &sc);
        char *text = ex_print(&sc, NULL, NULL);
        ck_assert_ptr_nonnull(text);
        char err[1024], err2[1024];
        conf_scenario *full = NULL, *fast = NULL;
        ck_assert_msg(conf_scenario_parse("<t>", text, strlen(text), &full, err, sizeof err) == 0, "%s", err);
        ck_assert_msg(conf_scenario_parse_generated("<t>", text, strlen(text), &fast, err2, sizeof err2) == 0, "%s", err2);
        ck_assert_uint_eq(strlen(full->sha256), 64);
        ck_assert_str_eq(fast->sha256, "");
        ck_assert_str_eq(full->id, fast->id);
        ck_assert_int_eq(full->step_count, fast->step_count);
        ck_assert_int_eq(full->var_count, fast->var_count);
        ck_assert_int_eq(full->process_count, fast->process_count);
        for (int k = 0; k < full->step_count; k++) {
            ck_assert_int_eq(full->steps[k].kind, fast->steps[k].kind);
            ck_assert_int_eq(full->steps[k].process, fast->steps[k].process);
            ck_assert_uint_eq(full->steps[k].vtime_us, fast->steps[k].vtime_us);
            ck_assert_ptr_eq(full->steps[k].fn, fast->steps[k].fn);
            assert_same_expect(&full->steps[k].expect, &fast->steps[k].expect, i, k);
        }
        steps += full->step_count;
        conf_scenario_free(full);
        conf_scenario_free(fast);
        free(text);
    }
    ck_assert_int_gt(steps, 2000);
    static const char not_one[] = "{\"format\": \"rtshm-scenario/1\", \"id\": \"x\", \"title\": \"t\", \"clauses\": [], "
                                  "\"steps\": []}";
    char err[1024], err2[1024];
    conf_scenario *sc = NULL;
    ck_assert_int_eq(conf_scenario_parse("<t>", not_one, strlen(not_one), &sc, err, sizeof err), -1);
    ck_assert_int_eq(conf_scenario_parse_generated("<t>", not_one, strlen(not_one), &sc, err2, sizeof err2), -1);
    ck_assert_str_eq(err, err2);
    ck_assert_ptr_null(sc);
}
END_TEST

/* A step of each kind and the completed expectations appear in what the generator makes. */
START_TEST(generated_scenarios_cover_every_step_kind) {
    ex_scenario *s = malloc(sizeof *s);
    int kinds[4] = {0, 0, 0, 0}, remote = 0;
    for (int i = 0; i < 300; i++) {
        ex_generate(ex_scenario_seed(2, (uint64_t)i), &gen_opts, s);
        ck_assert_int_ge(s->step_count, 1);
        ck_assert_int_le(s->step_count, 24);
        remote += s->remote;
        for (int k = 0; k < s->step_count; k++) kinds[s->steps[k].kind]++;
    }
    for (int k = 0; k < 4; k++) ck_assert_int_gt(kinds[k], 0);
    ck_assert_int_gt(remote, 0);
    free(s);
}
END_TEST

/* ---- virtual time and IRQL ---- */

/* Scenario 3 of seed 1 writes `at` (a process exit at 0, a second's jump, the same time again, small
 * steps, then none), scenario 0 of seed 1 writes no `at` but an `irql` on three of its Rtk calls: the
 * exact values of that seed (the draws come from the stream "explore:time", so the other draws are the
 * ones of a scenario without them). */
START_TEST(generator_draws_at_and_irql_at_a_fixed_seed) {
    ex_scenario *s = malloc(sizeof *s);
    ck_assert_ptr_nonnull(s);
    ex_generate(ex_scenario_seed(1, 3), &gen_opts, s);
    static const int64_t at[] = {0, 1000000, 1000000, 1000100, 2000100, 3000100, 3000100, 3000110, -1, -1};
    ck_assert_int_eq(s->step_count, 10);
    for (int k = 0; k < s->step_count; k++) {
        ck_assert_msg(s->steps[k].has_at == (at[k] >= 0), "step %d", k);
        if (at[k] >= 0) ck_assert_uint_eq(s->steps[k].at_us, (uint64_t)at[k]);
        ck_assert(!s->steps[k].has_irql);
    }
    char *text = ex_print(s, NULL, NULL);
    ck_assert_ptr_nonnull(strstr(text, "    {\"at\": 0, \"event\": \"process.exit\", \"process\": \"rtss\"},\n"));
    ck_assert_ptr_nonnull(strstr(text, "    {\"at\": 2000100, \"as\": \"drv2\", \"call\": \"rtk:RtkRtssAttach\","));
    ck_assert_ptr_nonnull(strstr(text, "    {\"event\": \"process.exit\", \"process\": \"win\"},\n"));
    free(text);
    ex_generate(ex_scenario_seed(1, 0), &gen_opts, s);
    ck_assert_int_eq(s->step_count, 12);
    for (int k = 0; k < s->step_count; k++) {
        ck_assert(!s->steps[k].has_at);
        int want = k == 5 || k == 7 ? CONF_IRQL_APC : k == 11 ? CONF_IRQL_DISPATCH : -1;
        ck_assert_msg(s->steps[k].has_irql == (want >= 0), "step %d", k);
        if (want >= 0) ck_assert_int_eq(s->steps[k].irql, want);
    }
    text = ex_print(s, NULL, NULL);
    ck_assert_ptr_nonnull(strstr(text, "{\"as\": \"drv\", \"call\": \"rtk:RtkCreateSharedMemory\", \"irql\": \"APC_LEVEL\", "));
    ck_assert_ptr_nonnull(strstr(text, "{\"as\": \"drv\", \"call\": \"rtk:RtkRtssDetach\", \"irql\": \"DISPATCH_LEVEL\", "));
    ck_assert_ptr_nonnull(strstr(text, "{\"as\": \"drv\", \"call\": \"rtk:RtkRtssAttachEx\", \"args\": {\"MaxWFSO\": 2}, "));
    free(text);
    free(s);
}
END_TEST

/* Over 1,000 generated scenarios: `at` never goes below the time an earlier step reached (nor above
 * 2^53), an `irql` is only on an Rtk call of a driver (RTK.IRQL), every strategy occurs, and the parser
 * reads each printed scenario back with the same times and levels. */
START_TEST(at_never_decreases_and_irql_only_on_rtk_calls) {
    static const ex_gen_opts long_opts = {64, 0};
    ex_scenario *s = malloc(sizeof *s);
    ck_assert_ptr_nonnull(s);
    int same = 0, forward = 0, at_max = 0, levels[CONF_IRQL_COUNT] = {0}, rtk_calls = 0;
    char err[512];
    for (int i = 0; i < 1000; i++) {
        ex_generate(ex_scenario_seed(4, (uint64_t)i), &long_opts, s);
        char *text = ex_print(s, NULL, NULL);
        conf_scenario *sc = NULL;
        ck_assert_msg(conf_scenario_parse("gen.json", text, strlen(text), &sc, err, sizeof err) == 0, "scenario %d: %s", i, err);
        ck_assert_int_eq(sc->step_count, s->step_count);
        uint64_t now_us = 0;
        for (int k = 0; k < s->step_count; k++) {
            const ex_step *st = &s->steps[k];
            if (st->has_at) {
                ck_assert_msg(st->at_us >= now_us, "scenario %d step %d: at %llu after %llu", i, k,
                              (unsigned long long)st->at_us, (unsigned long long)now_us);
                ck_assert_uint_le(st->at_us, CONF_MAX_VTIME_US);
                same += st->at_us == now_us;
                forward += st->at_us > now_us;
                at_max += st->at_us == CONF_MAX_VTIME_US;
                now_us = st->at_us;
            }
            ck_assert_uint_eq(sc->steps[k].vtime_us, now_us);
            bool rtk = st->kind == CONF_STEP_CALL && spec_function_row((spec_fn_row)st->fn)->api == SPEC_API_RTK;
            rtk_calls += rtk;
            if (st->has_irql) {
                ck_assert_msg(rtk && ex_process_kind(st->process) == CONF_PROC_DRIVER, "scenario %d step %d", i, k);
                ck_assert_int_ge(st->irql, 0);
                ck_assert_int_lt(st->irql, CONF_IRQL_COUNT);
                levels[st->irql]++;
            }
            if (st->kind == CONF_STEP_CALL) ck_assert_int_eq(sc->steps[k].irql, st->has_irql ? st->irql : CONF_IRQL_PASSIVE);
        }
        conf_scenario_free(sc);
        free(text);
    }
    ck_assert_int_gt(same, 100);
    ck_assert_int_gt(forward, 100);
    ck_assert_int_gt(at_max, 0);
    ck_assert_int_gt(rtk_calls, 1000);
    for (int l = 0; l < CONF_IRQL_COUNT; l++) ck_assert_int_gt(levels[l], 50);
    free(s);
}
END_TEST

/* A call step of process p to row fn, every argument omitted, nothing bound. */
static ex_step call_step(int p, spec_fn_row fn) {
    ex_step st;
    memset(&st, 0, sizeof st);
    st.kind = CONF_STEP_CALL;
    st.process = p;
    st.fn = fn;
    st.ret_var = -1;
    for (int a = 0; a < SPEC_MAX_PARAMS; a++) st.out_var[a] = -1;
    return st;
}

/* The CLI's output buffers. */
static char out[1 << 16], err_text[1 << 14];

/* Writes text to a fresh temporary file (kept_tmp_path) and returns its path. */
static const char *write_tmp(const char *name, const char *text) {
    const char *path = kept_tmp_path(name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    return path;
}

/* The contents of the file at path (static buffer), or "" when it cannot be read. */
static const char *slurp(const char *path, char *buf, size_t cap);

/* The file at path passes `rtshm check`, `rtshm run` on the reference, FAILs on mutant and is a fixed
 * point of `rtshm complete`. */
static void assert_committable(const char *path, const char *mutant) {
    static char before[1 << 14], after[1 << 14];
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err_text, sizeof err_text, "check", path, NULL), 0);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err_text, sizeof err_text, "run", "--db", tmp_path("t.sqlite"), path, NULL), 0);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err_text, sizeof err_text, "run", "--db", tmp_path("tm.sqlite"), "--impl",
                                mutant, path, NULL),
                     1);
    slurp(path, before, sizeof before);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err_text, sizeof err_text, "complete", path, NULL), 0);
    slurp(path, after, sizeof after);
    ck_assert_str_eq(before, after);
}

/* The mutant "detached RTSS instance accepted" (RtkRtssDetach pretends success): a driver attaches,
 * detaches, creates "A" on the detached instance at DISPATCH_LEVEL (the reference refuses, the mutant
 * creates: no verdict above PASSIVE_LEVEL, RTK.IRQL), then win opens "A" (FAIL: found on the mutant). The
 * divergence needs the create's raised IRQL — at PASSIVE_LEVEL the create itself would be the first
 * FAIL, with another clause — so shrinking keeps it, lowered to APC_LEVEL, and drops every `at`, the
 * detach's PASSIVE_LEVEL and the step nothing needs. The result, and the unshrunk scenario with its
 * `at`s, pass `rtshm check` and `rtshm run` on the reference, FAIL on the mutant, and `rtshm complete`
 * leaves them byte for byte. */
START_TEST(shrinking_drops_at_and_keeps_an_irql_the_divergence_needs) {
    char path[512], err[1024] = "";
    snprintf(path, sizeof path, "%s/librtshm_mutant_detached_instance_accepted.so", RTSHM_BACKEND_DIR);
    conf_backend be;
    ck_assert_msg(conf_backend_load(path, &be, err, sizeof err) == 0, "%s", err);
    ex_engine_opts eo = {path, 10, 1, 0, NULL, &be};
    ex_engine *e = ex_engine_new(&eo);
    ex_scenario *s = calloc(1, sizeof *s);
    ck_assert_ptr_nonnull(s);
    enum { WIN = 0, DRV = 6 };
    ck_assert_str_eq(ex_process_id(DRV), "drv");
    s->procs = 1u << WIN | 1u << DRV;
    s->name_count = 1;
    snprintf(s->names[0], EX_NAME_CAP, "A");
    s->var_count = 1;
    ex_step *st = s->steps;
    st[0] = call_step(DRV, SPEC_FN_RTK_RtkRtssAttach); /* RtssInst -> v0 */
    st[0].out_var[1] = 0;
    st[0].has_at = true;
    st[0].at_us = 5;
    st[1] = call_step(DRV, SPEC_FN_RTK_RtkRtssDetach);
    st[1].args[0] = (ex_val){EXV_VAR, 0, NULL, 0};
    st[1].has_irql = true;
    st[1].irql = CONF_IRQL_PASSIVE;
    st[2] = call_step(DRV, SPEC_FN_RTK_RtkCreateSharedMemory);
    st[2].args[0] = (ex_val){EXV_VAR, 0, NULL, 0};
    st[2].args[4] = (ex_val){EXV_NUM, 4096, NULL, 0}; /* MaximumSizeLow */
    st[2].args[5] = (ex_val){EXV_STR, 0, NULL, 0};    /* Name "A" */
    st[2].has_irql = true;
    st[2].irql = CONF_IRQL_DISPATCH;
    st[2].has_at = true;
    st[2].at_us = 7;
    st[3] = call_step(WIN, SPEC_FN_RTX64_GetLastError);
    st[3].has_at = true;
    st[3].at_us = 1000007;
    st[4] = call_step(WIN, SPEC_FN_RTX64_RtOpenSharedMemory);
    st[4].args[0] = (ex_val){EXV_NUM, 4, "SHM_MAP_READ", 0};
    st[4].args[2] = (ex_val){EXV_STR, 0, NULL, 0};
    st[4].has_at = true;
    st[4].at_us = 1000007;
    s->step_count = 5;
    ex_case c = {0};
    c.scenario = s;
    ck_assert_msg(ex_judge(e, &c, 1, NULL, NULL, err, sizeof err) == 0, "%s", err);
    ck_assert_msg(!c.invalid, "%s", c.invalid_message);
    ex_divergence found = c.div;
    ck_assert_str_eq(found.verdict, "FAIL");
    ck_assert_int_eq(found.step, 4);
    ck_assert_str_eq(found.function, "RtOpenSharedMemory");
    ck_assert_ptr_nonnull(strstr(c.completed, "{\"at\": 7, \"as\": \"drv\", \"call\": \"rtk:RtkCreateSharedMemory\", \"irql\": \"DISPATCH_LEVEL\""));
    const char *unshrunk = write_tmp("unshrunk.json", c.completed);
    ex_case_clear(&c);
    /* at PASSIVE_LEVEL the create is the first FAIL, another divergence */
    ex_scenario *passive = malloc(sizeof *passive);
    *passive = *s;
    passive->steps[2].has_irql = false;
    c.scenario = passive;
    ck_assert_int_eq(ex_judge(e, &c, 1, NULL, NULL, err, sizeof err), 0);
    ck_assert_int_eq(c.div.step, 2);
    ck_assert(!ex_divergence_same(&c.div, &found));
    ex_case_clear(&c);
    free(passive);
    int rounds = 0;
    ck_assert_msg(ex_shrink(e, s, &found, &rounds, err, sizeof err) == 0, "%s", err);
    ck_assert_int_eq(s->step_count, 4);
    ck_assert_int_eq(s->steps[2].fn, SPEC_FN_RTK_RtkCreateSharedMemory);
    for (int k = 0; k < s->step_count; k++) {
        ck_assert_msg(!s->steps[k].has_at, "step %d kept its at", k);
        ck_assert_msg(s->steps[k].has_irql == (k == 2), "step %d", k);
    }
    ck_assert_int_eq(s->steps[2].irql, CONF_IRQL_APC);
    c.scenario = s;
    ck_assert_int_eq(ex_judge(e, &c, 1, NULL, NULL, err, sizeof err), 0);
    ck_assert(ex_divergence_same(&c.div, &found));
    ck_assert_ptr_nonnull(strstr(c.completed, "{\"as\": \"drv\", \"call\": \"rtk:RtkCreateSharedMemory\", \"irql\": \"APC_LEVEL\""));
    const char *shrunk = write_tmp("shrunk.json", c.completed);
    ex_case_clear(&c);
    assert_committable(shrunk, path);
    assert_committable(unshrunk, path);
    ex_engine_free(e);
    free(s);
}
END_TEST

static const char *const mutants[] = {
    "case_insensitive",  "no_already_exists",          "no_e_location",          "no_ntx_cache",
    "unmap_keeps_view",  "detached_instance_accepted", "last_close_keeps_object", "write_on_readonly",
    "handles_kept_after_exit", "undocumented_status",  "readonly_mapex_writable", "open_creates_missing",
    "aliased_handles", /* found through the correspondence of opaque values (SIM.OPAQUE.BIJECTION) */
};

/* Explores mutant _i in process until something diverges (at most 8000 scenarios), shrinks the first
 * divergence and checks the result: at most 8 steps, valid, PASS on the reference, not PASS on the
 * mutant. */
START_TEST(each_mutant_is_found_and_shrunk) {
    char path[512], err[1024];
    snprintf(path, sizeof path, "%s/librtshm_mutant_%s.so", RTSHM_BACKEND_DIR, mutants[_i]);
    conf_backend be;
    ck_assert_msg(conf_backend_load(path, &be, err, sizeof err) == 0, "%s", err);
    ex_engine_opts eo = {path, 10, 1, 0, NULL, &be};
    ex_engine *e = ex_engine_new(&eo);
    enum { BATCH = 256 };
    ex_scenario *s = calloc(BATCH, sizeof *s);
    ex_case *cases = calloc(BATCH, sizeof *cases);
    ex_divergence found = {0};
    uint64_t found_index = 0;
    for (uint64_t base = 0; base < 8000 && !found.differs; base += BATCH) {
        for (int i = 0; i < BATCH; i++) {
            ex_generate(ex_scenario_seed(0, base + (uint64_t)i), &gen_opts, &s[i]);
            cases[i].scenario = &s[i];
        }
        ck_assert_int_eq(ex_judge(e, cases, BATCH, NULL, NULL, err, sizeof err), 0);
        for (int i = 0; i < BATCH; i++) {
            if (!found.differs && cases[i].div.differs) {
                found = cases[i].div;
                found_index = base + (uint64_t)i;
            }
            ex_case_clear(&cases[i]);
        }
    }
    ck_assert_msg(found.differs, "mutant %s: nothing diverged in 8000 scenarios", mutants[_i]);
    ex_generate(ex_scenario_seed(0, found_index), &gen_opts, &s[0]);
    int rounds = 0;
    err[0] = '\0';
    ck_assert_msg(ex_shrink(e, &s[0], &found, &rounds, err, sizeof err) == 0, "%s", err);
    ck_assert_msg(s[0].step_count <= 8, "mutant %s: shrunk to %d steps", mutants[_i], s[0].step_count);
    ck_assert_int_gt(rounds, 0);
    cases[0].scenario = &s[0];
    ck_assert_int_eq(ex_judge(e, cases, 1, NULL, NULL, err, sizeof err), 0);
    ck_assert(!cases[0].invalid);
    ck_assert_msg(ex_divergence_same(&cases[0].div, &found), "mutant %s: the shrunk scenario diverges otherwise", mutants[_i]);
    /* the file as written: valid, PASS on the reference, not PASS on the mutant */
    conf_scenario *sc = NULL;
    ck_assert_int_eq(conf_scenario_parse("shrunk", cases[0].completed, strlen(cases[0].completed), &sc, err, sizeof err), 0);
    conf_scenario_result res;
    ck_assert_int_eq(conf_run_scenario(sc, conf_backend_reference(), 0, NULL, 0, &res), 0);
    ck_assert_str_eq(res.verdict, "PASS");
    conf_run_opts ro = {conf_backend_reference(), NULL, false};
    ck_assert_int_eq(conf_run_scenario_judged(sc, &be, &ro, 0, NULL, 0, &res), 0);
    ck_assert_str_ne(res.verdict, "PASS");
    conf_scenario_free(sc);
    ex_case_clear(&cases[0]);
    ex_engine_free(e);
    free(cases);
    free(s);
}
END_TEST

/* SIM.OPAQUE.BIJECTION: the mutant that hands an open iwin32 handle value out again is found at the aliasing
 * step itself (a DIVERGE of the return, before any later behaviour differs), shrunk to at most 8 steps with
 * the same clause and field, and the file as written reproduces it: PASS on the reference, the same
 * DIVERGE on the mutant judged with the reference beside it (as `rtshm validate` and `rtshm run --impl`
 * judge; the format has no expectation for "distinct from every live handle"). */
START_TEST(aliased_handles_sim_opaque_bijection_found_and_shrunk) {
    char path[512], err[1024];
    snprintf(path, sizeof path, "%s/librtshm_mutant_aliased_handles.so", RTSHM_BACKEND_DIR);
    conf_backend be;
    ck_assert_msg(conf_backend_load(path, &be, err, sizeof err) == 0, "%s", err);
    ex_engine_opts eo = {path, 10, 1, 0, NULL, &be};
    ex_engine *e = ex_engine_new(&eo);
    enum { BATCH = 256 };
    ex_scenario *s = calloc(BATCH, sizeof *s);
    ex_case *cases = calloc(BATCH, sizeof *cases);
    ex_divergence found = {0};
    uint64_t found_index = 0;
    for (uint64_t base = 0; base < 4096 && !found.differs; base += BATCH) {
        for (int i = 0; i < BATCH; i++) {
            ex_generate(ex_scenario_seed(0, base + (uint64_t)i), &gen_opts, &s[i]);
            cases[i].scenario = &s[i];
        }
        ck_assert_int_eq(ex_judge(e, cases, BATCH, NULL, NULL, err, sizeof err), 0);
        for (int i = 0; i < BATCH; i++) {
            const ex_divergence *d = &cases[i].div;
            if (!found.differs && d->differs && d->clause && strcmp(d->clause, CL_SIM_OPAQUE_BIJECTION) == 0) {
                found = *d;
                found_index = base + (uint64_t)i;
            }
            ex_case_clear(&cases[i]);
        }
    }
    ck_assert_msg(found.differs, "no SIM.OPAQUE.BIJECTION divergence in 4096 scenarios");
    ck_assert_str_eq(found.verdict, "DIVERGE");
    ck_assert_uint_eq(found.mismatches, CONF_MISMATCH_RETURN);
    ex_generate(ex_scenario_seed(0, found_index), &gen_opts, &s[0]);
    int rounds = 0;
    err[0] = '\0';
    ck_assert_msg(ex_shrink(e, &s[0], &found, &rounds, err, sizeof err) == 0, "%s", err);
    ck_assert_int_le(s[0].step_count, 8);
    cases[0].scenario = &s[0];
    ck_assert_int_eq(ex_judge(e, cases, 1, NULL, NULL, err, sizeof err), 0);
    ck_assert(ex_divergence_same(&cases[0].div, &found));
    conf_scenario *sc = NULL;
    ck_assert_int_eq(conf_scenario_parse("shrunk", cases[0].completed, strlen(cases[0].completed), &sc, err, sizeof err), 0);
    conf_scenario_result res;
    ck_assert_int_eq(conf_run_scenario(sc, conf_backend_reference(), 0, NULL, 0, &res), 0);
    ck_assert_str_eq(res.verdict, "PASS");
    conf_run_opts ro = {conf_backend_reference(), NULL, false};
    ck_assert_int_eq(conf_run_scenario_judged(sc, &be, &ro, 0, NULL, 0, &res), 0);
    ck_assert_str_eq(res.verdict, "DIVERGE");
    ck_assert_str_eq(res.first_clause, CL_SIM_OPAQUE_BIJECTION);
    ck_assert_ptr_nonnull(strstr(res.message, "the implementation returned the same value as $"));
    conf_scenario_free(sc);
    ex_case_clear(&cases[0]);
    ex_engine_free(e);
    free(cases);
    free(s);
}
END_TEST

/* ---- the CLI ---- */

START_TEST(cli_usage_errors_exit_2) {
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err_text, sizeof err_text, "explore", NULL), 2);
    ck_assert_ptr_nonnull(strstr(err_text, "explore needs --impl"));
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err_text, sizeof err_text, "explore", "--impl", "reference", "--count",
                                "5", "--time", "1", NULL),
                     2);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err_text, sizeof err_text, "explore", "--impl", "reference",
                                "--families", "ntx,bogus", NULL),
                     2);
    ck_assert_ptr_nonnull(strstr(err_text, "unknown family 'bogus'"));
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err_text, sizeof err_text, "explore", "--impl", "/nonexistent.so",
                                "--count", "4", "--out", tmp_path("none"), NULL),
                     2);
}
END_TEST

START_TEST(cli_reference_exits_0) {
    const char *dir = kept_tmp_path("ref-out");
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err_text, sizeof err_text, "explore", "--impl", "reference", "--count",
                                "300", "--seed", "5", "--out", dir, NULL),
                     0);
    ck_assert_ptr_nonnull(strstr(out, "explore: reference: 300 scenarios"));
    ck_assert_ptr_nonnull(strstr(out, "0 diverged, 0 distinct"));
}
END_TEST

/* The contents of the file at path (static buffer), or "" when it cannot be read. */
static const char *slurp(const char *path, char *buf, size_t cap) {
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(buf, 1, cap - 1, f) : 0;
    if (f) fclose(f);
    buf[n] = '\0';
    return buf;
}

START_TEST(cli_mutant_shrunk_file_is_committable_and_deterministic) {
    char mutant[512];
    snprintf(mutant, sizeof mutant, "%s/librtshm_mutant_undocumented_status.so", RTSHM_BACKEND_DIR);
    const char *d1 = kept_tmp_path("jobs1"), *d2 = kept_tmp_path("jobs2"), *db = kept_tmp_path("explore.sqlite");
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err_text, sizeof err_text, "explore", "--impl", mutant, "--count", "64",
                                "--seed", "3", "--jobs", "1", "--out", d1, "--db", db, NULL),
                     1);
    ck_assert_ptr_nonnull(strstr(out, "FAIL    IWIN32.OPEN.MISSING status+last_error in RtOpenSharedMemory"));
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err_text, sizeof err_text, "explore", "--impl", mutant, "--count", "64",
                                "--seed", "3", "--jobs", "2", "--out", d2, NULL),
                     1);
    /* the same files, byte for byte */
    char listing[256];
    const char *name = db_text(db, "SELECT path FROM explore_shrunk ORDER BY number LIMIT 1", listing, sizeof listing);
    ck_assert_ptr_nonnull(name);
    const char *base = strrchr(name, '/');
    ck_assert_ptr_nonnull(base);
    char p1[600], p2[600];
    snprintf(p1, sizeof p1, "%s%s", d1, base);
    snprintf(p2, sizeof p2, "%s%s", d2, base);
    static char a[1 << 16], b[1 << 16];
    slurp(p1, a, sizeof a);
    slurp(p2, b, sizeof b);
    ck_assert_int_gt((int)strlen(a), 100);
    ck_assert_str_eq(a, b);
    ck_assert_ptr_nonnull(strstr(a, "\"format\": \"rtshm-scenario/1\""));
    ck_assert_ptr_nonnull(strstr(a, "\"status\": \"ERROR_FILE_NOT_FOUND\""));
    /* committable: valid, passes on the reference, reproduces on the mutant */
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err_text, sizeof err_text, "check", p1, NULL), 0);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err_text, sizeof err_text, "run", "--db", tmp_path("r.sqlite"), p1, NULL), 0);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err_text, sizeof err_text, "run", "--db", tmp_path("m.sqlite"), "--impl",
                                mutant, p1, NULL),
                     1);
    ck_assert_ptr_nonnull(strstr(out, "FAIL"));
    /* recorded */
    ck_assert_int_eq(db_int(db, "SELECT count(*) FROM explore_runs WHERE state = 'complete' AND exit_code = 1"), 1);
    ck_assert_int_eq(db_int(db, "SELECT scenarios FROM explore_runs"), 64);
    ck_assert_int_eq(db_int(db, "SELECT count(*) FROM explore_scenarios"), 64);
    ck_assert_int_gt(db_int(db, "SELECT diverged FROM explore_runs"), 0);
    ck_assert_int_eq(db_int(db, "SELECT count(*) FROM explore_scenarios WHERE verdict = 'FAIL' AND scenario IS NULL"), 0);
    ck_assert_int_le(db_int(db, "SELECT max(steps_after) FROM explore_shrunk"), 8);
    /* the shrunk scenarios as a regular run of the mutant, which rtshm report shows */
    ck_assert_int_eq(db_int(db, "SELECT count(*) FROM runs WHERE state = 'complete'"), 1);
    ck_assert_int_eq(db_int(db, "SELECT count(*) FROM scenarios"), db_int(db, "SELECT count(*) FROM explore_shrunk"));
    ck_assert_int_eq(db_int(db, "SELECT count(*) FROM scenarios WHERE verdict = 'PASS'"), 0);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err_text, sizeof err_text, "report", db, "--format", "md", NULL), 0);
    ck_assert_ptr_nonnull(strstr(out, "- **FAIL** explore.3."));
}
END_TEST

/* Explore finds through an `irql` draw a divergence a PASSIVE_LEVEL create would hide: on the mutant
 * "detached RTSS instance accepted", seed 1, scenario 153 shrinks to attach, detach, create at
 * APC_LEVEL (no verdict, RTK.IRQL; the mutant creates), read through the view only the mutant made. */
START_TEST(cli_explore_finds_a_divergence_through_an_irql_draw) {
    char mutant[512];
    snprintf(mutant, sizeof mutant, "%s/librtshm_mutant_detached_instance_accepted.so", RTSHM_BACKEND_DIR);
    const char *dir = kept_tmp_path("irql");
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err_text, sizeof err_text, "explore", "--impl", mutant, "--count", "200",
                                "--seed", "1", "--out", dir, NULL),
                     1);
    ck_assert_ptr_nonnull(strstr(out, "DIVERGE MEM.VIEW.OUTSIDE fault in read: shrunk from 23 to 4 steps"));
    char file[600];
    snprintf(file, sizeof file, "%s/explore.1.153.json", dir);
    static char text[1 << 14];
    slurp(file, text, sizeof text);
    ck_assert_ptr_nonnull(strstr(text, "{\"as\": \"drv\", \"call\": \"rtk:RtkCreateSharedMemory\", \"irql\": \"APC_LEVEL\", "
                                       "\"args\": {\"RtssInst\": \"$v0\", \"MaximumSizeLow\": 4096}, \"out\": {\"location\": \"v2\"}"));
    ck_assert_ptr_nonnull(strstr(text, "{\"as\": \"drv\", \"read\": {\"ptr\": \"$v2\", \"offset\": 0, \"length\": 1}, "
                                       "\"expect\": {\"fault\": \"ACCESS_VIOLATION\"}}"));
    ck_assert_ptr_null(strstr(text, "\"at\""));
    assert_committable(file, mutant);
}
END_TEST

/* rtshm complete: expectations filled from the reference and replaced where wrong, the rest of the
 * text kept; the result passes on the reference; completing again changes nothing. */
START_TEST(cli_complete_fills_expectations) {
    const char *path = kept_tmp_path("complete.json");
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("{\"format\": \"rtshm-scenario/1\", \"id\": \"complete.t\", \"title\": \"t\",\n"
          " \"steps\": [\n"
          "  {\"as\": \"rt\", \"call\": \"RtCreateSharedMemory\", \"args\": {\"MaximumSizeLow\": 4096, \"lpName\": \"B\"},"
          " \"out\": {\"location\": \"p\"}},\n"
          "  {\"as\": \"win\", \"call\": \"iwin32:RtCreateSharedMemory\", \"args\": {\"MaximumSizeLow\": 4096, \"lpName\": \"B\"},"
          "   \"expect\" : {\"status\": \"ERROR_SUCCESS\"}},\n"
          "  {\"as\": \"rt\", \"write\": {\"ptr\": \"$p\", \"hex\": \"cafe\"}},\n"
          "  {\"as\": \"rt\", \"read\": {\"ptr\": \"$p\", \"length\": 2}},\n"
          "  {\"event\": \"process.exit\", \"process\": \"win\"}\n"
          " ]}\n",
          f);
    fclose(f);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err_text, sizeof err_text, "complete", path, NULL), 0);
    static char a[1 << 14], b[1 << 14];
    slurp(path, a, sizeof a);
    ck_assert_ptr_nonnull(strstr(a, "\"out\": {\"location\": \"p\"}, \"expect\": {\"return\": \"non-null\", \"status\": "
                                    "\"ERROR_SUCCESS\", \"last_error\": \"ERROR_SUCCESS\"}}"));
    ck_assert_ptr_nonnull(strstr(a, "\"expect\" : {\"return\": \"non-null\", \"status\": \"ERROR_ALREADY_EXISTS\""));
    ck_assert_ptr_nonnull(strstr(a, "\"expect\": {\"fault\": \"none\", \"data\": \"cafe\"}"));
    ck_assert_ptr_nonnull(strstr(a, "  {\"event\": \"process.exit\", \"process\": \"win\"}\n ]}\n"));
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err_text, sizeof err_text, "run", "--db", tmp_path("c.sqlite"), path, NULL), 0);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err_text, sizeof err_text, "complete", path, NULL), 0);
    slurp(path, b, sizeof b);
    ck_assert_str_eq(a, b);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err_text, sizeof err_text, "complete", "/nonexistent.json", NULL), 2);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err_text, sizeof err_text, "complete", NULL), 2);
}
END_TEST

Suite *explore_suite(void) {
    Suite *s = suite_create("explore");
    TCase *t = tcase_create("explore");
    tcase_set_timeout(t, 300);
    tcase_add_test(t, generator_is_deterministic_in_the_seed);
    tcase_add_test(t, reference_finds_nothing);
    tcase_add_test(t, completion_in_place_equals_the_parsed_text);
    tcase_add_loop_test(t, persistent_children_give_each_scenario_its_own_verdict, 0,
                        (int)(sizeof batched_mutants / sizeof batched_mutants[0]));
    tcase_add_test(t, generated_scenarios_cover_every_step_kind);
    tcase_add_test(t, generated_text_parser_gives_the_full_parsers_scenario);
    tcase_add_test(t, generator_draws_at_and_irql_at_a_fixed_seed);
    tcase_add_test(t, at_never_decreases_and_irql_only_on_rtk_calls);
    tcase_add_test(t, shrinking_drops_at_and_keeps_an_irql_the_divergence_needs);
    tcase_add_loop_test(t, each_mutant_is_found_and_shrunk, 0, (int)(sizeof mutants / sizeof mutants[0]));
    tcase_add_test(t, aliased_handles_sim_opaque_bijection_found_and_shrunk);
    tcase_add_test(t, cli_usage_errors_exit_2);
    tcase_add_test(t, cli_reference_exits_0);
    tcase_add_test(t, cli_mutant_shrunk_file_is_committable_and_deterministic);
    tcase_add_test(t, cli_complete_fills_expectations);
    tcase_add_test(t, cli_explore_finds_a_divergence_through_an_irql_draw);
    suite_add_tcase(s, t);
    return s;
}
