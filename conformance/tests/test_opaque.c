/* conformance/tests/test_opaque.c — the correspondence of opaque values (conformance/src/run_opaque.h,
 * clause SIM.OPAQUE.BIJECTION): a scenario runs on a reference world (the reference's side, its liveness)
 * while the test plays the implementation's side by giving each opaque-returning step the value an
 * implementation returned; each step is judged as the runner judges it. Cases: an implementation that
 * aliases two live handles (DIVERGE), one that never recycles (not flagged), one that recycles a value
 * the reference still holds dead (not flagged), a reference that gives a live value again where the
 * implementation gives a new one (DIVERGE under SIM.OPAQUE.BIJECTION for NTXHANDLEs, FAIL under
 * NTX.MAP.SAME_POINTER for a mapping), and the same through an output parameter (RtkRtssAttach's
 * RtssInst).
 *
 * Scenario texts use single quotes for readability; they are turned into JSON before parsing. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/backend.h"
#include "conf/checker.h"
#include "conf/scenario.h"
#include "run_int.h"
#include "run_opaque.h"
#include "spec/clause_ids.h"
#include "suites.h"

#define HEAD "{'format': 'rtshm-scenario/1', 'id': 'opaque.test', 'title': 'Opaque test', "
#define MAX_STEPS 16
#define SAME 0 /* an impl value of 0 in a table: the implementation gives the reference's own value */

/* What judging a whole scenario gave: the first step whose correspondence did not hold and its check. */
typedef struct driven {
    int mismatched_step; /* -1: none */
    int mismatches;      /* steps with a correspondence mismatch */
    conf_check check;    /* the first such step's */
    run_findings findings; /* that step's */
} driven;

static conf_scenario *parse_sq(const char *single_quoted) {
    static char text[8192];
    size_t n = strlen(single_quoted);
    ck_assert_uint_lt(n, sizeof text);
    for (size_t i = 0; i <= n; i++) text[i] = single_quoted[i] == '\'' ? '"' : single_quoted[i];
    char err[1024] = "";
    conf_scenario *sc = NULL;
    ck_assert_msg(conf_scenario_parse("opaque.json", text, n, &sc, err, sizeof err) == 0, "rejected: %s", err);
    return sc;
}

/* Runs sc on the reference; the implementation's outcome of step i is the reference's with its return
 * replaced by impl_ret[i] and output param out_param (when >= 0) by impl_out[i] (SAME: unchanged). Each
 * step is checked (conf_check_step) and judged through the correspondence as the runner does. */
static driven drive(const conf_scenario *sc, const uint64_t *impl_ret, int out_param, const uint64_t *impl_out) {
    driven d = {.mismatched_step = -1};
    char err[512];
    ck_assert_int_le(sc->step_count, MAX_STEPS);
    conf_world *w = conf_world_open(conf_backend_reference(), sc, 1, run_drop_finding, NULL, err, sizeof err);
    ck_assert_msg(w != NULL, "%s", err);
    const struct sim_world *sim = conf_world_reference_sim(w);
    ck_assert_ptr_nonnull(sim);
    uint64_t *ref_vars = run_vars_new(sc), *impl_vars = run_vars_new(sc);
    run_opaque o;
    ck_assert_int_eq(run_opaque_init(&o, sc), 0);
    for (int i = 0; i < sc->step_count; i++) {
        const conf_step *st = &sc->steps[i];
        run_exec x;
        ck_assert_msg(run_execute(w, st, ref_vars, &x, err, sizeof err) == 0, "step %d: %s", i, err);
        conf_outcome impl = x.outcome;
        if (impl_ret[i] != SAME) impl.ret = impl_ret[i];
        if (out_param >= 0 && impl_out && impl_out[i] != SAME) impl.outputs[out_param] = impl_out[i];
        conf_check check;
        run_findings findings = {.count = 0};
        conf_check_step(st, &impl, NULL, impl_vars, sc, &check);
        run_opaque_sweep(&o, sim, st, ref_vars);
        if (run_opaque_judge(&o, sim, st, &x.outcome, ref_vars, &impl, impl_vars, &check, &findings)) {
            if (d.mismatched_step < 0) {
                d.mismatched_step = i;
                d.check = check;
                d.findings = findings;
            }
            d.mismatches++;
        }
        run_bind_outputs(st, &impl, impl_vars);
        run_bind_outputs(st, &x.outcome, ref_vars);
        run_opaque_bound(&o, sim, st, ref_vars);
    }
    run_opaque_free(&o);
    free(ref_vars);
    free(impl_vars);
    conf_world_close(w);
    return d;
}

/* rt (INtime) creates events h1 and h2, closes h1, creates h3: the reference gives 0x4, 0x8, then 0x4
 * again (IWIN32.HANDLE.VALUES: last closed, first reused). */
static const char events_text[] = HEAD
    "'steps': ["
    "{'as': 'rt', 'call': 'CreateEvent', 'out': {'return': 'h1'}},"
    "{'as': 'rt', 'call': 'CreateEvent', 'out': {'return': 'h2'}},"
    "{'as': 'rt', 'call': 'CloseHandle', 'args': {'hObject': '$h1'}},"
    "{'as': 'rt', 'call': 'CreateEvent', 'out': {'return': 'h3'}},"
    "{'as': 'rt', 'call': 'CreateEvent', 'out': {'return': 'h4'}}]}";

START_TEST(sim_opaque_bijection_aliasing_two_live_handles_diverges) {
    conf_scenario *sc = parse_sq(events_text);
    /* the implementation's second event comes back as the first's value, which is still open */
    const uint64_t impl[] = {0x100, 0x100, SAME, 0x108, 0x10c};
    driven d = drive(sc, impl, -1, NULL);
    ck_assert_int_eq(d.mismatched_step, 1);
    ck_assert_int_eq(d.check.verdict, CONF_DIVERGE); /* model level: no vendor page says live handles differ */
    ck_assert_str_eq(d.check.clause, CL_SIM_OPAQUE_BIJECTION);
    ck_assert_uint_eq(d.check.mismatches, CONF_MISMATCH_RETURN);
    ck_assert_str_eq(d.check.detail,
                     "the implementation returned the same value as $h1 (still open), the reference a distinct one");
    ck_assert_int_eq(d.findings.count, 1);
    ck_assert_str_eq(d.findings.items[0].kind, "opaque-correspondence");
    ck_assert_str_eq(d.findings.items[0].clause, CL_SIM_OPAQUE_BIJECTION);
    conf_scenario_free(sc);
}
END_TEST

START_TEST(sim_opaque_bijection_never_recycling_is_not_flagged) {
    conf_scenario *sc = parse_sq(events_text);
    /* the reference gives h3 the value h1 had (closed); an implementation that never recycles is not wrong */
    const uint64_t impl[] = {0x100, 0x104, SAME, 0x108, 0x10c};
    driven d = drive(sc, impl, -1, NULL);
    ck_assert_int_eq(d.mismatched_step, -1);
    ck_assert_int_eq(d.mismatches, 0);
    conf_scenario_free(sc);
}
END_TEST

/* rt creates h1 and h2, closes h1, creates an unbound event (it takes h1's old value in the reference),
 * then h3 (a value h1 never had in the reference). */
static const char recycle_text[] = HEAD
    "'steps': ["
    "{'as': 'rt', 'call': 'CreateEvent', 'out': {'return': 'h1'}},"
    "{'as': 'rt', 'call': 'CreateEvent', 'out': {'return': 'h2'}},"
    "{'as': 'rt', 'call': 'CloseHandle', 'args': {'hObject': '$h1'}},"
    "{'as': 'rt', 'call': 'CreateEvent'},"
    "{'as': 'rt', 'call': 'CreateEvent', 'out': {'return': 'h3'}},"
    "{'as': 'rt', 'call': 'CloseHandle', 'args': {'hObject': '$h3'}},"
    "{'as': 'rt', 'call': 'CreateEvent', 'out': {'return': 'h4'}}]}";

START_TEST(sim_opaque_bijection_recycled_dead_value_is_not_flagged) {
    conf_scenario *sc = parse_sq(recycle_text);
    /* the implementation gives h3 the value of the closed h1 where the reference gives a distinct one, and h4
     * the value of the closed h3 where the reference gives h3's again: dead values are never judged */
    const uint64_t impl[] = {0x100, 0x104, SAME, 0x108, 0x100, SAME, 0x10c};
    driven d = drive(sc, impl, -1, NULL);
    ck_assert_int_eq(d.mismatched_step, -1);
    /* ... while h2, still open, is: the last create given h2's value diverges */
    const uint64_t aliased[] = {0x100, 0x104, SAME, 0x108, 0x100, SAME, 0x104};
    d = drive(sc, aliased, -1, NULL);
    ck_assert_int_eq(d.mismatched_step, 6);
    ck_assert_ptr_nonnull(strstr(d.check.detail, "same value as $h2 (still open)"));
    conf_scenario_free(sc);
}
END_TEST

/* NTX: a segment cataloged by rtA, looked up twice by app (the reference's NTXHANDLE is a function of the
 * RTHANDLE: the same value twice), then mapped twice (NTX.MAP.SAME_POINTER: the same pointer). */
static const char ntx_text[] = HEAD
    "'topology': {'nodes': [{'id': 'host'}], 'kernels': [{'id': 'NodeA', 'kind': 'intime', 'node': 'host'}]},"
    "'processes': [{'id': 'app', 'kind': 'windows', 'node': 'host'}, {'id': 'rtA', 'kind': 'rt', 'kernel': 'NodeA'}],"
    "'steps': ["
    "{'as': 'rtA', 'call': 'AllocateRtMemory', 'args': {'cbSize': 4096}, 'out': {'return': 'rp'}},"
    "{'as': 'rtA', 'call': 'CreateRtMemoryHandle', 'args': {'pAddress': '$rp', 'cbSize': 4096}, 'out': {'return': 'rh'}},"
    "{'as': 'rtA', 'call': 'CatalogRtHandle', 'args': {'hObject': '$rh', 'name': 'buf'}},"
    "{'as': 'app', 'call': 'ntxGetLocationByName', 'args': {'name': 'NodeA'}, 'out': {'return': 'loc'}},"
    "{'as': 'app', 'call': 'ntxGetRootRtProcess', 'args': {'hLoc': '$loc'}, 'out': {'return': 'root'}},"
    "{'as': 'app', 'call': 'ntxLookupNtxhandle', 'args': {'hProcess': '$root', 'name': 'buf'}, 'out': {'return': 'h'}},"
    "{'as': 'app', 'call': 'ntxLookupNtxhandle', 'args': {'hProcess': '$root', 'name': 'buf'}, 'out': {'return': 'h2'}},"
    "{'as': 'app', 'call': 'ntxMapRtSharedMemory', 'args': {'hSegment': '$h'}, 'out': {'return': 'p'}},"
    "{'as': 'app', 'call': 'ntxMapRtSharedMemory', 'args': {'hSegment': '$h'}, 'out': {'return': 'p2'}}]}";

START_TEST(sim_opaque_bijection_reference_equal_implementation_distinct_diverges) {
    conf_scenario *sc = parse_sq(ntx_text);
    /* the implementation's second lookup gives a new NTXHANDLE where the reference gives $h again */
    const uint64_t impl[] = {SAME, SAME, SAME, SAME, 0x20010, 0x20020, 0x20030, 0x7000, 0x7000};
    driven d = drive(sc, impl, -1, NULL);
    ck_assert_int_eq(d.mismatched_step, 6);
    ck_assert_int_eq(d.check.verdict, CONF_DIVERGE);
    ck_assert_str_eq(d.check.clause, CL_SIM_OPAQUE_BIJECTION);
    ck_assert_str_eq(d.check.detail,
                     "the reference returned the same value as $h (its object still live) again, the implementation a "
                     "distinct one");
    ck_assert_int_eq(d.mismatches, 1); /* the maps agree: the same pointer twice on both sides */
    conf_scenario_free(sc);
}
END_TEST

START_TEST(ntx_map_same_pointer_new_pointer_fails_through_the_correspondence) {
    conf_scenario *sc = parse_sq(ntx_text);
    /* the second mapping gives a new pointer: the reference's step clause promises the same one (strict) */
    const uint64_t impl[] = {SAME, SAME, SAME, SAME, 0x20010, 0x20020, 0x20020, 0x7000, 0x9000};
    driven d = drive(sc, impl, -1, NULL);
    ck_assert_int_eq(d.mismatched_step, 8);
    ck_assert_int_eq(d.check.verdict, CONF_FAIL);
    ck_assert_str_eq(d.check.clause, CL_NTX_MAP_SAME_POINTER);
    ck_assert_ptr_nonnull(strstr(d.check.detail, "same value as $p (still mapped) again"));
    conf_scenario_free(sc);
}
END_TEST

/* Two attaches of one driver: two live RTSSINSTs, stored through the output parameter RtssInst. */
static const char rtk_text[] = HEAD
    "'steps': ["
    "{'as': 'drv', 'call': 'RtkRtssAttach', 'out': {'RtssInst': 'i1'}},"
    "{'as': 'drv', 'call': 'RtkRtssAttach', 'out': {'RtssInst': 'i2'}}]}";

START_TEST(sim_opaque_bijection_judges_output_parameters) {
    conf_scenario *sc = parse_sq(rtk_text);
    const uint64_t ret[] = {SAME, SAME};
    const uint64_t aliased[] = {0x9000, 0x9000};
    driven d = drive(sc, ret, 1, aliased);
    ck_assert_int_eq(d.mismatched_step, 1);
    ck_assert_uint_eq(d.check.mismatches, CONF_MISMATCH_OUTPUT);
    ck_assert_str_eq(d.check.detail,
                     "the implementation stored through RtssInst the same value as $i1 (still attached), the reference a "
                     "distinct one");
    const uint64_t distinct[] = {0x9000, 0x9010};
    d = drive(sc, ret, 1, distinct);
    ck_assert_int_eq(d.mismatched_step, -1);
    conf_scenario_free(sc);
}
END_TEST

Suite *opaque_suite(void) {
    Suite *s = suite_create("opaque");
    TCase *tc = tcase_create("correspondence");
    tcase_add_test(tc, sim_opaque_bijection_aliasing_two_live_handles_diverges);
    tcase_add_test(tc, sim_opaque_bijection_never_recycling_is_not_flagged);
    tcase_add_test(tc, sim_opaque_bijection_recycled_dead_value_is_not_flagged);
    tcase_add_test(tc, sim_opaque_bijection_reference_equal_implementation_distinct_diverges);
    tcase_add_test(tc, ntx_map_same_pointer_new_pointer_fails_through_the_correspondence);
    tcase_add_test(tc, sim_opaque_bijection_judges_output_parameters);
    suite_add_tcase(s, tc);
    return s;
}
