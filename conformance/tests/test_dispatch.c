/* conformance/tests/test_dispatch.c — the reference backend's dispatch generated from
 * spec/functions.def, its out-of-memory rule, and the public family bits tied to spec/.
 *
 * The calls run on the default topology: processes win (windows), rt (rt on the INtime kernel NodeA),
 * rtss (rt in RTSS) and drv (driver), indices 0..3. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "conf/backend.h"
#include "conf/families.h"
#include "conf/scenario.h"
#include "rtshm/backend.h"
#include "sim/alloc.h"
#include "spec/status.h"
#include "suites.h"

enum { P_WIN = 0, P_RT, P_RTSS, P_DRV };

static const char default_scenario[] =
    "{\"format\": \"rtshm-scenario/1\", \"id\": \"d\", \"title\": \"t\", "
    "\"steps\": [{\"event\": \"process.exit\", \"process\": \"rt\"}]}";

static conf_scenario *sc;
static void *world;

static void open_world(void) {
    char err[512];
    ck_assert_msg(conf_scenario_parse("d.json", default_scenario, strlen(default_scenario), &sc, err, sizeof err) == 0,
                  "%s", err);
    world = conf_backend_reference()->open(conf_backend_reference(), sc, 1, NULL, NULL, err, sizeof err);
    ck_assert_msg(world != NULL, "%s", err);
}

static void close_world(void) {
    sim_alloc_set_hook(NULL, NULL);
    if (world) conf_backend_reference()->close(world);
    conf_scenario_free(sc);
    world = NULL;
    sc = NULL;
}

/* A process of the default topology that may call fn. */
static int caller_of(const spec_function *fn) {
    if (fn->callers & SPEC_CALLER_RT_INTIME) return P_RT;
    if (fn->callers & SPEC_CALLER_RT_RTX64) return P_RTSS;
    if (fn->callers & SPEC_CALLER_DRIVER) return P_DRV;
    return P_WIN;
}

/* fn's defaults, with 0 for required numbers, "x" for required strings and valid output pointers. */
static void default_args(const spec_function *fn, conf_value *args) {
    memset(args, 0, sizeof(conf_value) * SPEC_MAX_PARAMS);
    for (int i = 0; i < fn->param_count; i++) {
        const spec_param *p = &fn->params[i];
        if (p->type == SPEC_T_OUT_PTR || p->type == SPEC_T_OUT_HANDLE) args[i].out_valid = true;
        else if (p->default_null) args[i].is_null = true;
        else if (p->type == SPEC_T_STRING) args[i].string = "x";
        else args[i].number = (uint64_t)p->default_value;
    }
}

static int call(spec_fn_row row, int process, const conf_value *args, conf_outcome *out, char *err, size_t cap) {
    return conf_backend_reference()->call(world, process, spec_function_row(row), args, out, err, cap);
}

START_TEST(dispatch_every_row_reaches_a_sim_function_of_its_family) {
    int count = 0;
    const spec_function *fns = spec_function_table(&count);
    ck_assert_int_eq(count, SPEC_FN_COUNT);
    for (int i = 0; i < count; i++) {
        conf_value args[SPEC_MAX_PARAMS];
        conf_outcome out;
        char err[256] = "";
        default_args(&fns[i], args);
        int rc = conf_backend_reference()->call(world, caller_of(&fns[i]), &fns[i], args, &out, err, sizeof err);
        ck_assert_msg(rc == 0, "%s:%s: %s", spec_api_name(fns[i].api), fns[i].name, err);
        ck_assert_msg(out.family == fns[i].status_family, "%s: family %d", fns[i].name, out.family);
        ck_assert_msg(out.has_last_error == (fns[i].status_family != SPEC_FAMILY_NTSTATUS), "%s", fns[i].name);
        ck_assert_ptr_nonnull(out.clause);
    }
}
END_TEST

START_TEST(dispatch_marshals_arguments_outputs_and_returns) {
    conf_value args[SPEC_MAX_PARAMS];
    conf_outcome out;
    char err[256];
    /* iwin32 RtCreateSharedMemory(flProtect, MaximumSizeHigh, MaximumSizeLow, lpName, location). */
    default_args(spec_function_row(SPEC_FN_IWIN32_RtCreateSharedMemory), args);
    args[2].number = 4096;
    args[3] = (conf_value){false, 0, "Buf", false};
    ck_assert_int_eq(call(SPEC_FN_IWIN32_RtCreateSharedMemory, P_RT, args, &out, err, sizeof err), 0);
    ck_assert_int_eq(out.status, ST_ERROR_SUCCESS);
    ck_assert(out.ret != 0);
    ck_assert(out.outputs[4] != 0); /* the view's address, stored through `location` */
    uint64_t handle = out.ret;
    /* The same name again: the existing object (the string reached the model). */
    ck_assert_int_eq(call(SPEC_FN_IWIN32_RtCreateSharedMemory, P_RT, args, &out, err, sizeof err), 0);
    ck_assert_int_eq(out.status, ST_ERROR_ALREADY_EXISTS);
    /* location passed as NULL: nothing is stored and the call fails (IWIN32.CREATE.NULL_LOCATION). */
    args[3].string = "Other";
    args[4] = (conf_value){true, 0, NULL, false};
    ck_assert_int_eq(call(SPEC_FN_IWIN32_RtCreateSharedMemory, P_RT, args, &out, err, sizeof err), 0);
    ck_assert_int_eq(out.ret, 0);
    ck_assert_int_eq(out.outputs[4], 0);
    ck_assert_int_eq(out.status, ST_ERROR_INVALID_PARAMETER);
    /* CloseHandle(hObject) returns TRUE for the handle and FALSE for it closed. */
    conf_value h[SPEC_MAX_PARAMS] = {{false, handle, NULL, false}};
    ck_assert_int_eq(call(SPEC_FN_IWIN32_CloseHandle, P_RT, h, &out, err, sizeof err), 0);
    ck_assert_int_eq(out.ret, 1);
    /* SetLastError (VOID) then GetLastError on RTSS: the DWORD goes in and comes back as the return. */
    conf_value code[SPEC_MAX_PARAMS] = {{false, 1234, NULL, false}};
    ck_assert_int_eq(call(SPEC_FN_RTX64_SetLastError, P_RTSS, code, &out, err, sizeof err), 0);
    ck_assert_int_eq(out.ret, 0);
    ck_assert_int_eq(call(SPEC_FN_RTX64_GetLastError, P_RTSS, NULL, &out, err, sizeof err), 0);
    ck_assert_int_eq(out.ret, 1234);
    /* RtkRtssAttach(MaxWFSO, RtssInst): the instance is stored through output 1; the NTSTATUS is returned. */
    conf_value attach[SPEC_MAX_PARAMS] = {{false, 1, NULL, false}, {false, 0, NULL, true}};
    ck_assert_int_eq(call(SPEC_FN_RTK_RtkRtssAttach, P_DRV, attach, &out, err, sizeof err), 0);
    ck_assert_int_eq(out.ret, ST_STATUS_SUCCESS);
    ck_assert(out.outputs[1] != 0);
    ck_assert(!out.has_last_error);
    /* ntxGetLocationByName(name): a handle for the kernel named, NULL for an unknown name. */
    conf_value name[SPEC_MAX_PARAMS] = {{false, 0, "NodeA", false}};
    ck_assert_int_eq(call(SPEC_FN_NTX_ntxGetLocationByName, P_WIN, name, &out, err, sizeof err), 0);
    ck_assert(out.ret != 0);
    ck_assert_int_eq(out.status, ST_E_OK);
}
END_TEST

START_TEST(dispatch_resolves_a_copy_by_name_and_refuses_an_unknown_function) {
    spec_function copy = *spec_function_row(SPEC_FN_RT_GetLastRtError);
    conf_outcome out;
    char err[256] = "";
    ck_assert_int_eq(spec_function_index(&copy), -1);
    ck_assert_int_eq(conf_backend_reference()->call(world, P_RT, &copy, NULL, &out, err, sizeof err), 0);
    ck_assert_int_eq(out.family, SPEC_FAMILY_INTIME);
    copy.name = "NoSuchFunction";
    ck_assert_int_eq(conf_backend_reference()->call(world, P_RT, &copy, NULL, &out, err, sizeof err), -1);
    ck_assert_str_eq(err, "the reference model has no implementation of rt:NoSuchFunction");
}
END_TEST

/* An allocation hook that refuses every request once armed (frees still work). */
static bool refuse_all;
static void *refusing_alloc(void *ud, void *ptr, size_t size) {
    int *budget = ud;
    if (size == 0) {
        free(ptr);
        return NULL;
    }
    if (refuse_all || (budget && (*budget)-- <= 0)) return NULL;
    return realloc(ptr, size);
}

START_TEST(dispatch_out_of_memory_in_a_call_is_an_error) {
    conf_value args[SPEC_MAX_PARAMS];
    conf_outcome out;
    char err[256] = "";
    default_args(spec_function_row(SPEC_FN_RTX64_RtCreateSharedMemory), args);
    args[2].number = 4096;
    args[3] = (conf_value){false, 0, "Buf", false};
    refuse_all = true;
    sim_alloc_set_hook(refusing_alloc, NULL);
    uint64_t before = sim_alloc_failures();
    ck_assert_int_eq(call(SPEC_FN_RTX64_RtCreateSharedMemory, P_RTSS, args, &out, err, sizeof err), -1);
    ck_assert_str_eq(err, "out of memory in the reference model");
    ck_assert(sim_alloc_failures() > before);
    /* With memory back, the same call succeeds: the failed one left the model consistent. */
    refuse_all = false;
    sim_alloc_set_hook(NULL, NULL);
    ck_assert_int_eq(call(SPEC_FN_RTX64_RtCreateSharedMemory, P_RTSS, args, &out, err, sizeof err), 0);
    ck_assert_int_eq(out.status, ST_ERROR_SUCCESS);
}
END_TEST

START_TEST(dispatch_out_of_memory_while_opening_is_an_error) {
    /* Fail the n-th allocation of the open for every n until one open succeeds: each failure is the
     * out-of-memory error with nothing left allocated (ASan's leak check in `make test`). */
    const conf_backend *ref = conf_backend_reference();
    int failed_opens = 0;
    for (int n = 0; n < 10000; n++) {
        int budget = n;
        char err[256] = "";
        refuse_all = false;
        sim_alloc_set_hook(refusing_alloc, &budget);
        void *w = ref->open(ref, sc, 1, NULL, NULL, err, sizeof err);
        sim_alloc_set_hook(NULL, NULL);
        if (w) {
            ref->close(w);
            break;
        }
        ck_assert_str_eq(err, "out of memory in the reference model");
        failed_opens++;
    }
    ck_assert_int_gt(failed_opens, 4); /* the world, its nodes, kernels and processes each allocate */
}
END_TEST

START_TEST(dispatch_family_bits_are_spec_api_bits) {
    ck_assert_uint_eq(conf_family_bit(SPEC_API_NTX), RTSHM_FAMILY_NTX);
    ck_assert_uint_eq(conf_family_bit(SPEC_API_RT), RTSHM_FAMILY_RT);
    ck_assert_uint_eq(conf_family_bit(SPEC_API_IWIN32), RTSHM_FAMILY_IWIN32);
    ck_assert_uint_eq(conf_family_bit(SPEC_API_RTX64), RTSHM_FAMILY_RTX64);
    ck_assert_uint_eq(conf_family_bit(SPEC_API_RTK), RTSHM_FAMILY_RTK);
    ck_assert_uint_eq(conf_family_bit(SPEC_API_MEM), 0);
    ck_assert_uint_eq(conf_family_bit(SPEC_API_SIM), 0);
    ck_assert_uint_eq(conf_family_bit(SPEC_API_COUNT), 0);
    /* The reference implements every family that has rows. */
    ck_assert_uint_eq(conf_backend_reference()->families,
                      RTSHM_FAMILY_NTX | RTSHM_FAMILY_RT | RTSHM_FAMILY_IWIN32 | RTSHM_FAMILY_RTX64 | RTSHM_FAMILY_RTK);
    /* Kernel kinds: the public numbers are the scenario's (a backend reads kind where it read rtx64). */
    ck_assert_int_eq(RTSHM_KERNEL_INTIME, 0);
    ck_assert_int_eq(RTSHM_KERNEL_RTX64, 1);
    ck_assert_int_eq(sc->kernels[0].kind, CONF_KERNEL_INTIME);
    ck_assert_int_eq(sc->kernels[1].kind, CONF_KERNEL_RTX64);
}
END_TEST

Suite *dispatch_suite(void) {
    Suite *s = suite_create("dispatch");
    TCase *tc = tcase_create("dispatch");
    tcase_add_checked_fixture(tc, open_world, close_world);
    tcase_add_test(tc, dispatch_every_row_reaches_a_sim_function_of_its_family);
    tcase_add_test(tc, dispatch_marshals_arguments_outputs_and_returns);
    tcase_add_test(tc, dispatch_resolves_a_copy_by_name_and_refuses_an_unknown_function);
    tcase_add_test(tc, dispatch_out_of_memory_in_a_call_is_an_error);
    tcase_add_test(tc, dispatch_out_of_memory_while_opening_is_an_error);
    tcase_add_test(tc, dispatch_family_bits_are_spec_api_bits);
    suite_add_tcase(s, tc);
    return s;
}
