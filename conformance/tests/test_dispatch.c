/* conformance/tests/test_dispatch.c — the reference backend's dispatch generated from
 * spec/functions.def (through the driver, as the runner calls it, and on its public table directly:
 * rows found by address and by text alike), its checks of every index it is given, its findings queue,
 * its out-of-memory rule, and the public family bits tied to spec/.
 *
 * The calls run on the default topology: processes win (windows), rt (rt on the INtime kernel NodeA),
 * rtss (rt in RTSS) and drv (driver), indices 0..3. */
#include <check.h>
#include <stdio.h>
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
static conf_world *world;

static void open_world(void) {
    char err[512];
    ck_assert_msg(conf_scenario_parse("d.json", default_scenario, strlen(default_scenario), &sc, err, sizeof err) == 0,
                  "%s", err);
    world = conf_world_open(conf_backend_reference(), sc, 1, NULL, NULL, err, sizeof err);
    ck_assert_msg(world != NULL, "%s", err);
}

static void close_world(void) {
    sim_alloc_set_hook(NULL, NULL);
    conf_world_close(world);
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
    return conf_world_call(world, process, spec_function_row(row), args, out, err, cap);
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
        int rc = conf_world_call(world, caller_of(&fns[i]), &fns[i], args, &out, err, sizeof err);
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
    ck_assert_int_eq(conf_world_call(world, P_RT, &copy, NULL, &out, err, sizeof err), 0);
    ck_assert_int_eq(out.family, SPEC_FAMILY_INTIME);
    copy.name = "NoSuchFunction";
    ck_assert_int_eq(conf_world_call(world, P_RT, &copy, NULL, &out, err, sizeof err), -1);
    ck_assert_str_eq(err, "the reference model has no implementation of rt:NoSuchFunction");
}
END_TEST

/* ---- the public table, called directly ---- */

/* One node, one INtime kernel, an rt process (0) and a Windows process (1). */
static const rtshm_node t_nodes[] = {{"n", 1, 1ull << 40}};
static const rtshm_kernel t_kernels[] = {{"K", RTSHM_KERNEL_INTIME, 0, 1, 1, 64ull << 20, 4ull << 20}};
static const rtshm_process t_processes[] = {{"rt", 1, 0, 0}, {"win", 0, 0, 0}};
static const rtshm_topology t_topology = {1, 1, 0, 2, t_nodes, t_kernels, NULL, t_processes};

static void *open_table_world(const rtshm_topology *topology, char *err, size_t cap) {
    err[0] = '\0';
    return conf_reference_table()->xOpen(topology, 1, err, cap);
}

START_TEST(dispatch_finds_rows_by_address_and_by_text) {
    const rtshm_backend *t = conf_reference_table();
    ck_assert_ptr_eq(conf_backend_reference()->table, t);
    ck_assert_str_eq(t->zName, "reference");
    ck_assert_str_eq(conf_backend_reference()->name, "reference");
    ck_assert_ptr_null(conf_backend_reference()->library);
    char err[256];
    void *w = open_table_world(&t_topology, err, sizeof err);
    ck_assert_msg(w != NULL, "%s", err);
    rtshm_outcome o;
    /* The caller's own strings, in buffers it rewrites between calls: found by their text. */
    char api[16] = "iwin32", name[32] = "SetLastError";
    rtshm_value code = {RTSHM_V_NUMBER, 77, NULL};
    ck_assert_int_eq(t->xCall(w, 0, api, name, 1, &code, &o, err, sizeof err), 0);
    snprintf(name, sizeof name, "GetLastError");
    ck_assert_int_eq(t->xCall(w, 0, api, name, 0, NULL, &o, err, sizeof err), 0);
    ck_assert_uint_eq(o.ret, 77);
    /* spec/'s own strings (as the runner passes them): the same row, the same outcome. */
    const spec_function *get = spec_function_row(SPEC_FN_IWIN32_GetLastError);
    rtshm_outcome by_address;
    ck_assert_int_eq(t->xCall(w, 0, spec_api_name(get->api), get->name, 0, NULL, &by_address, err, sizeof err), 0);
    ck_assert_uint_eq(by_address.ret, o.ret);
    ck_assert_uint_eq(by_address.family, o.family);
    ck_assert_uint_eq(by_address.family, SPEC_FAMILY_WIN32);
    ck_assert_int_eq(by_address.has_last_error, o.has_last_error);
    ck_assert_str_eq(by_address.clause, o.clause);
    /* The same buffer holding another name is another function, or none. */
    snprintf(name, sizeof name, "NoSuchFunction");
    ck_assert_int_eq(t->xCall(w, 0, api, name, 0, NULL, &o, err, sizeof err), -1);
    ck_assert_str_eq(err, "the reference model has no implementation of iwin32:NoSuchFunction");
    ck_assert_int_eq(t->xCall(w, 0, "ntx", get->name, 0, NULL, &o, err, sizeof err), -1);
    ck_assert_str_eq(err, "the reference model has no implementation of ntx:GetLastError");
    ck_assert_int_eq(t->xCall(w, 0, spec_api_name(get->api), get->name, 1, &code, &o, err, sizeof err), -1);
    ck_assert_str_eq(err, "the reference model's iwin32:GetLastError takes 0 arguments, not 1");
    t->xClose(w);
}
END_TEST

START_TEST(dispatch_refuses_every_index_out_of_range) {
    const rtshm_backend *t = conf_reference_table();
    char err[256];
    void *w = open_table_world(&t_topology, err, sizeof err);
    ck_assert_msg(w != NULL, "%s", err);
    rtshm_outcome o;
    const spec_function *get = spec_function_row(SPEC_FN_IWIN32_GetLastError);
    ck_assert_int_eq(t->xCall(w, 2, spec_api_name(get->api), get->name, 0, NULL, &o, err, sizeof err), -1);
    ck_assert_str_eq(err, "the reference model has no process 2 (the world has 2)");
    ck_assert_int_eq(t->xCall(w, -1, spec_api_name(get->api), get->name, 0, NULL, &o, err, sizeof err), -1);
    ck_assert_str_eq(err, "the reference model has no process -1 (the world has 2)");
    unsigned char data[4] = {0};
    ck_assert_int_eq(t->xRead(w, 5, 0x1000, sizeof data, data, &o), -1);
    ck_assert_int_eq(t->xWrite(w, -1, 0x1000, data, sizeof data, &o), -1);
    rtshm_event ev = {RTSHM_EV_KERNEL_STOP, 0, 3, 0, 0, 10};
    ck_assert_int_eq(t->xEvent(w, &ev, &o, err, sizeof err), -1);
    ck_assert_str_eq(err, "the reference model has no kernel 3 (the world has 1)");
    ev = (rtshm_event){RTSHM_EV_PROCESS_EXIT, 7, 0, 0, 0, 10};
    ck_assert_int_eq(t->xEvent(w, &ev, &o, err, sizeof err), -1);
    ck_assert_str_eq(err, "the reference model has no process 7 (the world has 2)");
    ev = (rtshm_event){RTSHM_EV_LINK_DOWN, 0, 0, 0, 4, 10};
    ck_assert_int_eq(t->xEvent(w, &ev, &o, err, sizeof err), -1);
    ck_assert_str_eq(err, "the reference model has no nodes 0 and 4 (the world has 1)");
    ev = (rtshm_event){(rtshm_event_kind)42, 0, 0, 0, 0, 10};
    ck_assert_int_eq(t->xEvent(w, &ev, &o, err, sizeof err), -1);
    ck_assert_str_eq(err, "the reference model cannot deliver event kind 42");
    t->xClose(w);

    /* Through the driver, a read or write refused without a message (interface v1 has no err there)
     * gets one naming the backend and the operation. */
    ck_assert_int_eq(conf_world_read(world, 9, 0x1000, sizeof data, data, &(conf_outcome){0}, err, sizeof err), -1);
    ck_assert_str_eq(err, "reference: xRead failed without a message");
    ck_assert_int_eq(conf_world_write(world, -2, 0x1000, data, sizeof data, &(conf_outcome){0}, err, sizeof err), -1);
    ck_assert_str_eq(err, "reference: xWrite failed without a message");

    /* Topologies whose references do not hold are refused before anything is built. */
    ck_assert_ptr_null(open_table_world(NULL, err, sizeof err));
    ck_assert_str_eq(err, "no topology");
    rtshm_kernel far_kernel[] = {{"K", RTSHM_KERNEL_INTIME, 3, 1, 1, 64ull << 20, 4ull << 20}};
    rtshm_topology bad = t_topology;
    bad.kernels = far_kernel;
    ck_assert_ptr_null(open_table_world(&bad, err, sizeof err));
    ck_assert_str_eq(err, "topology: kernel 'K' is on node 3 (there are 1)");
    rtshm_process lost[] = {{"rt", 1, 0, -1}};
    bad = (rtshm_topology){1, 1, 0, 1, t_nodes, t_kernels, NULL, lost};
    ck_assert_ptr_null(open_table_world(&bad, err, sizeof err));
    ck_assert_str_eq(err, "topology: rt process 'rt' needs a kernel of its own node");
    rtshm_process unknown_kernel[] = {{"win", 0, 0, 5}};
    bad.processes = unknown_kernel;
    ck_assert_ptr_null(open_table_world(&bad, err, sizeof err));
    ck_assert_str_eq(err, "topology: process 'win' names kernel 5 (there are 1)");
    rtshm_link self[] = {{0, 0, 1}};
    bad = (rtshm_topology){1, 1, 1, 2, t_nodes, t_kernels, self, t_processes};
    ck_assert_ptr_null(open_table_world(&bad, err, sizeof err));
    ck_assert_str_eq(err, "topology: link 0 joins nodes 0 and 0 (there are 1)");
    bad = (rtshm_topology){1, 1, 0, 2, NULL, t_kernels, NULL, t_processes};
    ck_assert_ptr_null(open_table_world(&bad, err, sizeof err));
    ck_assert_str_eq(err, "topology: an array is missing");
}
END_TEST

/* ---- the findings queue ---- */

typedef struct seen_findings {
    int count, dangling, exits;
    int first_exit; /* index of the first handles-closed-at-exit */
} seen_findings;

static void see_finding(void *ctx, const char *kind, const char *clause, const char *detail) {
    seen_findings *seen = ctx;
    (void)detail;
    ck_assert_ptr_nonnull(clause);
    if (strcmp(kind, "dangling-view") == 0) seen->dangling++;
    if (strcmp(kind, "handles-closed-at-exit") == 0 && seen->exits++ == 0) seen->first_exit = seen->count;
    seen->count++;
}

/* 300 objects whose last handle the Windows process holds while the rt process keeps a view of each:
 * its exit raises 301 findings in one operation (a dangling view per object, then the exit's), more
 * than the queue's first sizes and than the 256 the driver used to take. Every one arrives, in order. */
START_TEST(dispatch_queues_every_finding_of_an_operation) {
    enum { OBJECTS = 300 };
    seen_findings seen = {0};
    char err[256];
    conf_world *w = conf_world_open(conf_backend_reference(), sc, 1, see_finding, &seen, err, sizeof err);
    ck_assert_msg(w != NULL, "%s", err);
    const spec_function *create = spec_function_row(SPEC_FN_IWIN32_RtCreateSharedMemory);
    const spec_function *open = spec_function_row(SPEC_FN_IWIN32_RtOpenSharedMemory);
    const spec_function *close = spec_function_row(SPEC_FN_IWIN32_CloseHandle);
    for (int i = 0; i < OBJECTS; i++) {
        char object[16];
        snprintf(object, sizeof object, "O%d", i);
        conf_value args[SPEC_MAX_PARAMS];
        conf_outcome out;
        default_args(create, args);
        args[2].number = 4096;
        args[3] = (conf_value){false, 0, object, false};
        ck_assert_int_eq(conf_world_call(w, P_RT, create, args, &out, err, sizeof err), 0);
        ck_assert_int_eq(out.status, ST_ERROR_SUCCESS);
        uint64_t created = out.ret;
        default_args(open, args);
        args[2] = (conf_value){false, 0, object, false};
        ck_assert_int_eq(conf_world_call(w, P_WIN, open, args, &out, err, sizeof err), 0);
        ck_assert_int_eq(out.status, ST_ERROR_SUCCESS);
        conf_value h[SPEC_MAX_PARAMS] = {{false, created, NULL, false}};
        ck_assert_int_eq(conf_world_call(w, P_RT, close, h, &out, err, sizeof err), 0);
        ck_assert_uint_eq(out.ret, 1);
    }
    ck_assert_int_eq(seen.count, 0);
    conf_step exit_win = {.kind = CONF_STEP_EVENT, .event = CONF_EVENT_PROCESS_EXIT, .process = P_WIN, .vtime_us = 5};
    conf_outcome out;
    ck_assert_int_eq(conf_world_event(w, &exit_win, &out, err, sizeof err), 0);
    ck_assert_int_eq(seen.count, OBJECTS + 1);
    ck_assert_int_eq(seen.dangling, OBJECTS);
    ck_assert_int_eq(seen.exits, 1);
    ck_assert_int_eq(seen.first_exit, OBJECTS); /* after every dangling view, as the model raised them */
    /* The next operation starts with an empty queue. */
    ck_assert_int_eq(conf_world_call(w, P_RT, spec_function_row(SPEC_FN_IWIN32_GetLastError), NULL, &out, err, sizeof err), 0);
    ck_assert_int_eq(seen.count, OBJECTS + 1);
    conf_world_close(w);
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
        conf_world *w = conf_world_open(ref, sc, 1, NULL, NULL, err, sizeof err);
        sim_alloc_set_hook(NULL, NULL);
        if (w) {
            conf_world_close(w);
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
    tcase_add_test(tc, dispatch_finds_rows_by_address_and_by_text);
    tcase_add_test(tc, dispatch_refuses_every_index_out_of_range);
    tcase_add_test(tc, dispatch_queues_every_finding_of_an_operation);
    tcase_add_test(tc, dispatch_out_of_memory_in_a_call_is_an_error);
    tcase_add_test(tc, dispatch_out_of_memory_while_opening_is_an_error);
    tcase_add_test(tc, dispatch_family_bits_are_spec_api_bits);
    suite_add_tcase(s, tc);
    return s;
}
