/* conformance/tests/test_runner.c — the runner's stages on small in-memory scenarios: the resolver
 * (variables bound by one step reach a later one; memory addresses are ptr + offset), the executor on
 * the reference backend (a call, a write, a read, a faulting read, an event and the note it queues),
 * the recorder's texts (args JSON, ret text, function names), and the scenario loop (counts, verdict,
 * the first failure's message, the oracle taking the same path).
 *
 * Scenario texts use single quotes for readability; sq() turns them into JSON. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/backend.h"
#include "conf/runner.h"
#include "conf/scenario.h"
#include "run_int.h"
#include "spec/clause_ids.h"
#include "suites.h"

#define TEXT_CAP 4096
#define HEAD "{'format': 'rtshm-scenario/1', 'id': 'runner.test', 'title': 'Runner test', "

/* Default topology: process 0 is "app" (windows), 1 "rt" (INtime), 2 "rtss" (RTX64), 3 "drv" (driver). */
static const char shm_text[] = HEAD
    "'steps': ["
    "{'as': 'rt', 'call': 'RtCreateSharedMemory', 'args': {'MaximumSizeLow': 100, 'lpName': 'Buf'},"
    " 'out': {'return': 'h', 'location': 'p'}},"
    "{'as': 'rt', 'write': {'ptr': '$p', 'offset': 4092, 'hex': '01020304'}},"
    "{'as': 'rt', 'read': {'ptr': '$p', 'offset': 4092, 'length': 4}},"
    "{'as': 'rt', 'read': {'ptr': '$p', 'offset': 4096, 'length': 1}},"
    "{'as': 'rt', 'call': 'CloseHandle', 'args': {'hObject': '$h'}},"
    "{'as': 'rt', 'read': {'ptr': 4096, 'offset': 16, 'length': 2}}]}";

static const char rtk_text[] = HEAD
    "'steps': ["
    "{'as': 'drv', 'call': 'RtkRtssAttachEx', 'out': {'RtssInst': 'ex'}},"
    "{'at': 250, 'event': 'kernel.stop', 'kernel': 'RTSS'},"
    "{'as': 'drv', 'call': 'RtkRtssDetach', 'args': {'RtssInst': '$ex'}}]}";

static conf_scenario *parse_sq(const char *single_quoted) {
    static char text[TEXT_CAP];
    size_t n = strlen(single_quoted);
    ck_assert_uint_lt(n, TEXT_CAP);
    for (size_t i = 0; i <= n; i++) text[i] = single_quoted[i] == '\'' ? '"' : single_quoted[i];
    char err[1024] = "";
    conf_scenario *sc = NULL;
    int rc = conf_scenario_parse("runner.json", text, n, &sc, err, sizeof err);
    ck_assert_msg(rc == 0, "rejected: %s", err);
    return sc;
}

static int var_index(const conf_scenario *sc, const char *name) {
    for (int i = 0; i < sc->var_count; i++)
        if (strcmp(sc->vars[i].name, name) == 0) return i;
    ck_abort_msg("no variable %s", name);
    return -1;
}

static int param_index(const spec_function *fn, const char *name) {
    for (int i = 0; i < fn->param_count; i++)
        if (strcmp(fn->params[i].name, name) == 0) return i;
    ck_abort_msg("%s has no parameter %s", fn->name, name);
    return -1;
}

/* A world of the reference backend for sc, collecting findings into *findings. */
static conf_world *reference_world(const conf_scenario *sc, run_findings *findings) {
    char err[512] = "";
    conf_world *world = conf_world_open(conf_backend_reference(), sc, 1, run_collect_finding, findings, err, sizeof err);
    ck_assert_msg(world != NULL, "open: %s", err);
    return world;
}

/* Executes step index of sc on the reference world and binds its outputs; the step must not break. */
static void exec_step(const conf_scenario *sc, conf_world *world, int index, uint64_t *vars, run_exec *x) {
    char err[512];
    int rc = run_execute(world, &sc->steps[index], vars, x, err, sizeof err);
    ck_assert_msg(rc == 0, "step %d broke: %s", index, err);
    run_bind_outputs(&sc->steps[index], &x->outcome, vars);
}

/* ---- resolve ---- */

START_TEST(resolver_passes_bound_output_to_later_call) {
    conf_scenario *sc = parse_sq(shm_text);
    uint64_t *vars = run_vars_new(sc);
    ck_assert_ptr_nonnull(vars);
    const conf_step *create = &sc->steps[0], *close = &sc->steps[4];
    conf_outcome o = {0};
    o.ret = 0x1234;
    o.outputs[param_index(create->fn, "location")] = 0x5000;
    run_bind_outputs(create, &o, vars);
    ck_assert_uint_eq(vars[var_index(sc, "h")], 0x1234);
    ck_assert_uint_eq(vars[var_index(sc, "p")], 0x5000);

    conf_value vals[SPEC_MAX_PARAMS];
    run_resolve_args(close, vars, vals);
    ck_assert_uint_eq(vals[0].number, 0x1234);
    ck_assert(!vals[0].is_null && !vals[0].out_valid);

    run_resolve_args(create, vars, vals);
    ck_assert_uint_eq(vals[param_index(create->fn, "MaximumSizeLow")].number, 100);
    ck_assert_str_eq(vals[param_index(create->fn, "lpName")].string, "Buf");
    ck_assert(vals[param_index(create->fn, "location")].out_valid);
    ck_assert_uint_eq(vals[create->fn->param_count].number, 0); /* past the parameters: zero */

    /* A read or write reaches ptr + offset: a variable's value, or a number as given. */
    ck_assert_uint_eq(run_resolve_address(&sc->steps[1], vars), 0x5000 + 4092);
    ck_assert_uint_eq(run_resolve_address(&sc->steps[3], vars), 0x5000 + 4096);
    ck_assert_uint_eq(run_resolve_address(&sc->steps[5], vars), 4096 + 16);

    /* Only calls bind: a read's outcome leaves the variables alone. */
    o.ret = 0x9999;
    run_bind_outputs(&sc->steps[2], &o, vars);
    ck_assert_uint_eq(vars[var_index(sc, "h")], 0x1234);
    free(vars);
    conf_scenario_free(sc);
}
END_TEST

/* ---- execute ---- */

START_TEST(executor_runs_call_write_read_on_reference) {
    conf_scenario *sc = parse_sq(shm_text);
    run_findings findings = {0};
    conf_world *world = reference_world(sc, &findings);
    uint64_t *vars = run_vars_new(sc);
    run_exec x;

    exec_step(sc, world, 0, vars, &x);
    ck_assert_uint_eq(x.outcome.ret, 0x4);
    ck_assert_uint_eq(x.outcome.status, 0); /* ERROR_SUCCESS */
    ck_assert(x.outcome.has_last_error);
    ck_assert_uint_eq(x.outcome.last_error, 0);
    ck_assert_str_eq(x.outcome.clause, CL_IWIN32_CREATE_OK);
    ck_assert_uint_eq(vars[var_index(sc, "p")], 0x10010000000ull);

    exec_step(sc, world, 1, vars, &x);
    ck_assert_uint_eq(x.va, 0x10010000000ull + 4092);
    ck_assert(!x.outcome.fault);
    ck_assert_uint_eq(x.outcome.status, 0);
    ck_assert_str_eq(x.outcome.clause, CL_IWIN32_CREATE_FRESH_MEMORY); /* past the 100 bytes asked: the rounding */

    exec_step(sc, world, 2, vars, &x);
    ck_assert(!x.outcome.fault);
    ck_assert_mem_eq(x.data, "\x01\x02\x03\x04", 4);

    exec_step(sc, world, 3, vars, &x); /* one byte past the 4096-byte view */
    ck_assert(x.outcome.fault);
    ck_assert_uint_eq(x.outcome.status, 0xC0000005u); /* ACCESS_VIOLATION */
    ck_assert_str_eq(x.outcome.clause, CL_MEM_VIEW_OUTSIDE);

    ck_assert_int_eq(findings.count, 0);
    exec_step(sc, world, 4, vars, &x); /* CloseHandle($h), the view still mapped */
    ck_assert_uint_eq(x.outcome.ret, 1);
    ck_assert_uint_eq(x.outcome.status, 0);
    ck_assert_int_eq(findings.count, 1); /* the backend's finding reaches the collector */
    ck_assert_str_eq(findings.items[0].kind, "dangling-view");
    ck_assert_str_eq(findings.items[0].clause, CL_IWIN32_CLOSE_VIEWS_DIE);
    conf_world_close(world);
    free(vars);
    conf_scenario_free(sc);
}
END_TEST

/* MEM.VIEW.PLACEMENT: $pa + 4096 reaches view B, mapped right after A: the clause is the placement's
 * (model), not MEM.SHARED, though the bytes are B's; the same bytes read through $pb are MEM.SHARED; a
 * pointer given as a number reports by the view it points into; a crossing access stays ONE_VIEW. */
START_TEST(mem_view_placement_is_the_clause_of_an_access_carried_into_the_next_view) {
    conf_scenario *sc = parse_sq(HEAD "'steps': ["
        "{'as': 'rt', 'call': 'RtCreateSharedMemory', 'args': {'MaximumSizeLow': 4096, 'lpName': 'A'},"
        " 'out': {'location': 'pa'}},"
        "{'as': 'rt', 'call': 'RtCreateSharedMemory', 'args': {'MaximumSizeLow': 4096, 'lpName': 'B'},"
        " 'out': {'location': 'pb'}},"
        "{'as': 'rt', 'write': {'ptr': '$pb', 'offset': 0, 'hex': 'bbbbbbbb'}},"
        "{'as': 'rt', 'read': {'ptr': '$pa', 'offset': 4096, 'length': 4}},"
        "{'as': 'rt', 'read': {'ptr': '$pb', 'offset': 0, 'length': 4}},"
        "{'as': 'rt', 'write': {'ptr': '$pa', 'offset': 8190, 'hex': 'cc'}},"
        "{'as': 'rt', 'read': {'ptr': 1099780067328, 'offset': 0, 'length': 4}},"
        "{'as': 'rt', 'read': {'ptr': '$pa', 'offset': 4094, 'length': 4}}]}");
    run_findings findings = {0};
    conf_world *world = reference_world(sc, &findings);
    uint64_t *vars = run_vars_new(sc);
    run_exec x;
    exec_step(sc, world, 0, vars, &x);
    exec_step(sc, world, 1, vars, &x);
    ck_assert_uint_eq(vars[var_index(sc, "pb")], vars[var_index(sc, "pa")] + 4096); /* first fit: adjacent */
    exec_step(sc, world, 2, vars, &x);
    ck_assert_str_eq(x.outcome.clause, CL_MEM_SHARED);
    exec_step(sc, world, 3, vars, &x);
    ck_assert(!x.outcome.fault);
    ck_assert_mem_eq(x.data, "\xbb\xbb\xbb\xbb", 4);
    ck_assert_str_eq(x.outcome.clause, CL_MEM_VIEW_PLACEMENT);
    exec_step(sc, world, 4, vars, &x);
    ck_assert_str_eq(x.outcome.clause, CL_MEM_SHARED);
    exec_step(sc, world, 5, vars, &x); /* a write carried into B (fresh bytes there): placement too */
    ck_assert(!x.outcome.fault);
    ck_assert_str_eq(x.outcome.clause, CL_MEM_VIEW_PLACEMENT);
    exec_step(sc, world, 6, vars, &x); /* 0x10010001000 as a number: B's own base */
    ck_assert_uint_eq(x.va, vars[var_index(sc, "pb")]);
    ck_assert_str_eq(x.outcome.clause, CL_MEM_SHARED);
    exec_step(sc, world, 7, vars, &x);
    ck_assert(x.outcome.fault);
    ck_assert_str_eq(x.outcome.clause, CL_MEM_ACCESS_ONE_VIEW);
    conf_world_close(world);
    free(vars);
    conf_scenario_free(sc);
}
END_TEST

START_TEST(executor_runs_event_and_its_note_follows) {
    conf_scenario *sc = parse_sq(rtk_text);
    run_findings findings = {0};
    conf_world *world = reference_world(sc, &findings);
    uint64_t *vars = run_vars_new(sc);
    run_exec x;
    exec_step(sc, world, 0, vars, &x);
    ck_assert_uint_eq(x.outcome.status, 0); /* STATUS_SUCCESS */
    ck_assert_uint_eq(vars[var_index(sc, "ex")], 0x52540010u);

    conf_note note;
    int taken = 0;
    ck_assert(!run_next_note(world, &taken, &note)); /* nothing before the stop */
    ck_assert_int_eq(taken, 0);

    exec_step(sc, world, 1, vars, &x);
    ck_assert_uint_eq(x.outcome.status, 0); /* OK */
    ck_assert_str_eq(x.outcome.clause, CL_SIM_KERNEL_STOP);
    ck_assert_int_eq(findings.count, 1);
    ck_assert_str_eq(findings.items[0].kind, "kernel-stopped");
    ck_assert_str_eq(findings.items[0].clause, CL_SIM_KERNEL_STOP);

    /* The shutdown callback the stop queued comes back as the one note due at the event's time. */
    ck_assert(run_next_note(world, &taken, &note));
    ck_assert_int_eq(taken, 1);
    ck_assert_int_eq(note.process, 3); /* drv */
    ck_assert_str_eq(note.function, "RtkRtssAttachEx.shutdown");
    ck_assert_str_eq(note.args, "{\"RtssInst\":\"0x52540010\",\"rtss\":\"RTSS\"}");
    ck_assert_str_eq(note.clause, CL_RTK_ATTACH_EX_CALLBACK);
    ck_assert(!run_next_note(world, &taken, &note));
    ck_assert_int_eq(taken, 1);

    /* The bound instance reaches the later call. */
    exec_step(sc, world, 2, vars, &x);
    ck_assert_uint_eq(x.args[0].number, 0x52540010u);
    ck_assert_uint_eq(x.outcome.status, 0);
    conf_world_close(world);
    free(vars);
    conf_scenario_free(sc);
}
END_TEST

/* ---- record ---- */

/* Executes steps 0..index-1 of sc on a fresh reference world, then step index, and checks its texts. */
static void assert_texts(const char *single_quoted, int index, const char *args, const char *ret) {
    conf_scenario *sc = parse_sq(single_quoted);
    run_findings findings = {0};
    conf_world *world = reference_world(sc, &findings);
    uint64_t *vars = run_vars_new(sc);
    run_exec x;
    for (int i = 0; i <= index; i++) exec_step(sc, world, i, vars, &x);
    char *args_text = run_args_text(sc, &sc->steps[index], &x);
    char *ret_text = run_ret_text(&sc->steps[index], &x);
    ck_assert_str_eq(args_text, args);
    if (ret) ck_assert_str_eq(ret_text, ret);
    else ck_assert_ptr_null(ret_text);
    free(args_text);
    free(ret_text);
    conf_world_close(world);
    free(vars);
    conf_scenario_free(sc);
}

START_TEST(recorder_texts_of_each_step_kind) {
    assert_texts(shm_text, 0, "{\"MaximumSizeHigh\":0,\"MaximumSizeLow\":100,\"flProtect\":4,\"location\":\"out\",\"lpName\":\"Buf\"}",
                 "0x4");
    assert_texts(shm_text, 1, "{\"hex\":\"01020304\",\"offset\":4092,\"ptr\":\"0x10010000000\"}", NULL);
    assert_texts(shm_text, 2, "{\"length\":4,\"offset\":4092,\"ptr\":\"0x10010000000\"}", "01020304");
    assert_texts(shm_text, 3, "{\"length\":1,\"offset\":4096,\"ptr\":\"0x10010000000\"}", NULL); /* faulted */
    assert_texts(shm_text, 4, "{\"hObject\":\"0x4\"}", "TRUE");
    assert_texts(rtk_text, 0, "{\"MaxWFSO\":1,\"RtssInst\":\"out\"}", "STATUS_SUCCESS");
    assert_texts(rtk_text, 1, "{\"kernel\":\"RTSS\"}", NULL);
    assert_texts(rtk_text, 2, "{\"RtssInst\":\"0x52540010\"}", "STATUS_SUCCESS");
}
END_TEST

START_TEST(recorder_function_names) {
    conf_scenario *sc = parse_sq(shm_text);
    ck_assert_str_eq(run_step_function(&sc->steps[0]), "RtCreateSharedMemory");
    ck_assert_str_eq(run_step_function(&sc->steps[1]), "write");
    ck_assert_str_eq(run_step_function(&sc->steps[2]), "read");
    conf_scenario_free(sc);
    sc = parse_sq(rtk_text);
    ck_assert_str_eq(run_step_function(&sc->steps[1]), "kernel.stop");
    conf_scenario_free(sc);
}
END_TEST

START_TEST(recorder_keeps_64_findings_and_counts_the_rest) {
    run_findings f = {0};
    for (int i = 0; i < RUN_MAX_FINDINGS_PER_STEP + 3; i++) run_collect_finding(&f, "kind", i == 0 ? NULL : "C.X", "d");
    ck_assert_int_eq(f.count, RUN_MAX_FINDINGS_PER_STEP);
    ck_assert_int_eq(f.dropped, 3);
    ck_assert_str_eq(f.items[0].clause, "");
    ck_assert_str_eq(f.items[1].clause, "C.X");
}
END_TEST

/* ---- the scenario loop ---- */

START_TEST(loop_counts_steps_notes_and_verdicts) {
    conf_scenario *sc = parse_sq(rtk_text);
    conf_scenario_result res;
    ck_assert_int_eq(conf_run_scenario(sc, conf_backend_reference(), 1, NULL, 0, &res), 0);
    ck_assert_str_eq(res.verdict, "PASS");
    ck_assert_int_eq(res.steps, 4); /* three steps and the shutdown note */
    ck_assert_int_eq(res.pass, 0);  /* no step has an expectation */
    ck_assert_int_eq(res.none, 4);
    ck_assert_int_eq(res.findings, 1);
    ck_assert_str_eq(res.message, "");

    /* The oracle runs each step through the same executor with its own variables: same result. */
    conf_run_opts opts = {conf_backend_reference(), NULL, false};
    conf_scenario_result judged;
    ck_assert_int_eq(conf_run_scenario_judged(sc, conf_backend_reference(), &opts, 1, NULL, 0, &judged), 0);
    ck_assert_str_eq(judged.verdict, "PASS");
    ck_assert_int_eq(judged.steps, 4);
    ck_assert_int_eq(judged.none, 4);
    ck_assert_int_eq(judged.findings, 1); /* the backend's only: the oracle's are dropped */
    conf_scenario_free(sc);
}
END_TEST

/* A DIVERGE is the message until the first FAIL, which stays the message after that. */
START_TEST(loop_names_the_first_failure) {
    static const char diverge[] = "{'as': 'rt', 'call': 'CloseHandle', 'args': {'hObject': 77}, 'expect': {'return': 'true'}}";
    static const char fail[] = "{'as': 'rt', 'call': 'RtCreateSharedMemory', 'args': {'MaximumSizeLow': 100, 'lpName': 'Buf'},"
                               " 'expect': {'status': 'ERROR_ALREADY_EXISTS'}}";
    static const char fail_again[] = "{'as': 'rt', 'call': 'CloseHandle', 'args': {'hObject': 4}, 'expect': {'return': 'false'}}";
    char text[TEXT_CAP];
    snprintf(text, sizeof text, HEAD "'steps': [%s]}", diverge);
    conf_scenario *sc = parse_sq(text);
    conf_scenario_result res;
    ck_assert_int_eq(conf_run_scenario(sc, conf_backend_reference(), 1, NULL, 0, &res), 0);
    ck_assert_str_eq(res.verdict, "DIVERGE");
    ck_assert_str_eq(res.message, "step 0 (CloseHandle, " CL_IWIN32_CLOSE_INVALID "): expected return TRUE, got FALSE");
    conf_scenario_free(sc);

    snprintf(text, sizeof text, HEAD "'steps': [%s, %s, %s]}", diverge, fail, fail_again);
    sc = parse_sq(text);
    ck_assert_int_eq(conf_run_scenario(sc, conf_backend_reference(), 1, NULL, 0, &res), 0);
    ck_assert_str_eq(res.verdict, "FAIL");
    ck_assert_int_eq(res.steps, 3);
    ck_assert_int_eq(res.diverge, 1);
    ck_assert_int_eq(res.fail, 2);
    ck_assert_str_eq(res.message, "step 1 (RtCreateSharedMemory, " CL_IWIN32_CREATE_OK
                                  "): expected status ERROR_ALREADY_EXISTS, got ERROR_SUCCESS");
    conf_scenario_free(sc);
}
END_TEST

Suite *runner_suite(void) {
    Suite *s = suite_create("runner");
    TCase *tc = tcase_create("stages");
    tcase_add_test(tc, resolver_passes_bound_output_to_later_call);
    tcase_add_test(tc, executor_runs_call_write_read_on_reference);
    tcase_add_test(tc, mem_view_placement_is_the_clause_of_an_access_carried_into_the_next_view);
    tcase_add_test(tc, executor_runs_event_and_its_note_follows);
    tcase_add_test(tc, recorder_texts_of_each_step_kind);
    tcase_add_test(tc, recorder_function_names);
    tcase_add_test(tc, recorder_keeps_64_findings_and_counts_the_rest);
    tcase_add_test(tc, loop_counts_steps_notes_and_verdicts);
    tcase_add_test(tc, loop_names_the_first_failure);
    suite_add_tcase(s, tc);
    return s;
}
