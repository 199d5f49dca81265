/* sim/tests/test_family.c — the family table (sim/family.h) and the model's invariant checks
 * (sim/assert.h, sim_world_check).
 *
 * The table: one row per API family (each row of spec/families.def) at the index of its id, agreeing
 * with the spec function table on each family's status family; every clause a row cites is in the catalogue; every object kind is owned,
 * on each kernel kind, by at most one family (and every kind by some family); the last-error slot
 * rules read what the calls wrote; each family's state exists where its hooks put it.
 * The checks: sim_world_check holds on a world driven through every family, and a broken invariant
 * (a wrong count, a corrupt handle table, a namespace entry left behind, an underflow) is caught: with
 * RTSHM_ASSERTS (every test build) as a SIGABRT, which these tests expect. */
#include <check.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>

#include "sim/family.h"
#include "sim/intime.h"
#include "sim/iwin32.h"
#include "sim/ntx.h"
#include "sim/rtk.h"
#include "sim/rtx64.h"
#include "sim/world.h"
#include "spec/clause_ids.h"
#include "spec/clauses.h"
#include "spec/functions.h"
#include "spec/status.h"
#include "sim_test.h"
#include "suites.h"

/* The world of test_rtk.c / test_kernel.c: RTSS and NodeA on host; rtss, win, drv, drv2. */
RTSS_HOST_FIXTURE(13)

/* Every family of spec/families.def, in row order. */
static const spec_api family_ids[] = {
#define SPEC_FAMILY(family) SPEC_API_##family,
#include "spec/families.def"
#undef SPEC_FAMILY
};
#define FAMILY_COUNT ((int)(sizeof family_ids / sizeof family_ids[0]))

/* ---- the table ---- */

START_TEST(every_family_sits_at_its_id) {
    ck_assert_int_eq(FAMILY_COUNT, SPEC_API_FAMILY_COUNT);
    ck_assert_int_ge(FAMILY_COUNT, 5);
    for (int i = 0; i < FAMILY_COUNT; i++) {
        ck_assert_int_eq(family_ids[i], i); /* numbered in row order */
        const sim_family *f = sim_family_get(family_ids[i]);
        ck_assert_msg(f != NULL, "family %s has no descriptor in sim/src/families.c", spec_api_name(family_ids[i]));
        ck_assert_int_eq(f->api, family_ids[i]);
        ck_assert_str_eq(f->name, spec_api_name(family_ids[i]));
    }
    /* Memory steps and events are no family; nor is anything out of range. */
    ck_assert_ptr_null(sim_family_get(SPEC_API_MEM));
    ck_assert_ptr_null(sim_family_get(SPEC_API_SIM));
    ck_assert_ptr_null(sim_family_get(SPEC_API_COUNT));
    ck_assert_ptr_null(sim_family_get((spec_api)-1));
}
END_TEST

START_TEST(status_family_agrees_with_every_spec_function) {
    int rows = 0;
    const spec_function *table = spec_function_table(&rows);
    int checked = 0;
    for (int i = 0; i < rows; i++) {
        const sim_family *f = sim_family_get(table[i].api);
        if (f == NULL) continue;
        ck_assert_msg(f->status_family == table[i].status_family, "%s:%s reports family %d, the model %d",
                      f->name, table[i].name, (int)table[i].status_family, (int)f->status_family);
        checked++;
    }
    ck_assert_int_ge(checked, 40); /* every vendor function of the five families */
}
END_TEST

/* A clause a family cites: absent (NULL) or in the catalogue. */
static void expect_clause(const char *clause) {
    if (clause != NULL) ck_assert_msg(spec_clause_find(clause) != NULL, "clause %s not in catalogue", clause);
}

START_TEST(every_cited_clause_is_in_the_catalogue) {
    for (int api = 0; api < SPEC_API_COUNT; api++) {
        const sim_family *f = sim_family_get((spec_api)api);
        if (f == NULL) continue;
        expect_clause(f->clauses.views_die);
        expect_clause(f->clauses.fault);
        expect_clause(f->clauses.process_exit);
        expect_clause(f->clauses.close_refcount);
        expect_clause(f->clauses.close_last);
        /* A family that owns kinds says what a view faults with and what a process exit cites. */
        bool owns = false;
        for (int k = 0; k < SIM_OBJ_KIND_COUNT; k++) owns = owns || f->kinds[k] != NULL;
        if (owns) {
            ck_assert_ptr_nonnull(f->clauses.views_die);
            ck_assert_ptr_nonnull(f->clauses.fault);
            ck_assert_ptr_nonnull(f->clauses.process_exit);
        }
    }
    expect_clause(sim_family_mixed_exit_clause);
    ck_assert_str_eq(sim_family_mixed_exit_clause, CL_IWIN32_CLOSE_PROCESS_EXIT);
}
END_TEST

START_TEST(every_kind_has_one_owner_per_kernel_kind) {
    for (int kind = 0; kind < SIM_OBJ_KIND_COUNT; kind++) {
        int owners[SIM_KERNEL_KIND_COUNT] = {0}, total = 0;
        for (int api = 0; api < SPEC_API_COUNT; api++) {
            const sim_family *f = sim_family_get((spec_api)api);
            if (f == NULL || f->kinds[kind] == NULL) continue;
            ck_assert_uint_ge(f->kinds[kind]->object_size, sizeof(sim_object));
            owners[f->kernel_kind]++;
            total++;
        }
        for (int kk = 0; kk < SIM_KERNEL_KIND_COUNT; kk++) ck_assert_int_le(owners[kk], 1);
        ck_assert_msg(total >= 1, "kind %s has no family", sim_object_kind_name((sim_object_kind)kind));
    }
    /* The owners the model relies on: iwin32 and rtx64 share the Win32 kinds, rt has the INtime ones,
     * ntx and rtk work on others' objects. */
    ck_assert_ptr_nonnull(sim_family_get(SPEC_API_IWIN32)->kinds[SIM_OBJ_SHM]);
    ck_assert_ptr_nonnull(sim_family_get(SPEC_API_RTX64)->kinds[SIM_OBJ_SEMAPHORE]);
    ck_assert_ptr_nonnull(sim_family_get(SPEC_API_RT)->kinds[SIM_OBJ_SEGMENT]);
    for (int kind = 0; kind < SIM_OBJ_KIND_COUNT; kind++) {
        ck_assert_ptr_null(sim_family_get(SPEC_API_NTX)->kinds[kind]);
        ck_assert_ptr_null(sim_family_get(SPEC_API_RTK)->kinds[kind]);
    }
    ck_assert_str_eq(sim_object_kind_name(SIM_OBJ_RTMEM), "rt-memory");
    ck_assert_str_eq(sim_object_kind_name(SIM_OBJ_RTPROC), "rt-process");
    ck_assert_str_eq(sim_object_kind_name(SIM_OBJ_KIND_COUNT), "?");
}
END_TEST

START_TEST(slot_rules_read_what_the_calls_wrote) {
    ck_assert_int_eq(sim_family_get(SPEC_API_NTX)->slot, SIM_SLOT_OWN);
    ck_assert_int_eq(sim_family_get(SPEC_API_RT)->slot, SIM_SLOT_THREAD);
    ck_assert_int_eq(sim_family_get(SPEC_API_IWIN32)->slot, SIM_SLOT_THREAD);
    ck_assert_int_eq(sim_family_get(SPEC_API_RTX64)->slot, SIM_SLOT_THREAD);
    ck_assert_int_eq(sim_family_get(SPEC_API_RTK)->slot, SIM_SLOT_NONE);
    sim_outcome o = unset();
    sim_rtx64_SetLastError(win, 1234, &o);
    uint32_t value = 0;
    ck_assert(sim_process_last_error(win, SPEC_API_RTX64, &value));
    ck_assert_uint_eq(value, 1234);
    ck_assert(sim_process_last_error(win, SPEC_API_IWIN32, &value)); /* the same thread slot */
    ck_assert_uint_eq(value, 1234);
    ck_assert(sim_process_last_error(win, SPEC_API_RT, &value));
    ck_assert_uint_eq(value, 1234);
    /* ntx keeps its own sticky slot: a failing NTX call sets it, the thread slot stays. */
    ck_assert(sim_process_last_error(win, SPEC_API_NTX, &value));
    ck_assert_uint_eq(value, 0);
    ck_assert_uint_eq(sim_ntx_ntxGetRootRtProcess(win, 0x12345, &o), SIM_NTX_BAD_HANDLE);
    ck_assert(sim_process_last_error(win, SPEC_API_NTX, &value));
    ck_assert_uint_eq(value, ST_E_PARAM); /* NTX.LOCATION.ERRORS: not an NTX location */
    ck_assert_uint_eq(sim_ntx_of(win)->last_error, ST_E_PARAM);
    ck_assert(sim_process_last_error(win, SPEC_API_IWIN32, &value));
    ck_assert_uint_eq(value, 1234);
    /* rtk has none; nor have mem and sim: value untouched. */
    value = 77;
    ck_assert(!sim_process_last_error(drv, SPEC_API_RTK, &value));
    ck_assert(!sim_process_last_error(drv, SPEC_API_MEM, &value));
    ck_assert(!sim_process_last_error(drv, SPEC_API_SIM, &value));
    ck_assert_uint_eq(value, 77);
}
END_TEST

START_TEST(family_state_lives_where_its_hooks_put_it) {
    /* Kernel state by kernel kind: the INtime table and pool on NodeA, nothing of theirs on RTSS. */
    ck_assert_ptr_nonnull(sim_rt_table(nodeA));
    ck_assert_uint_eq(sim_rt_table(nodeA)->open, 1); /* the root process */
    ck_assert_ptr_nonnull(sim_rt_root(nodeA));
    ck_assert_uint_eq(sim_iwin32_pool_bytes(nodeA), 16u << 20);
    ck_assert_uint_eq(sim_iwin32_pool_used_bytes(nodeA), 0);
    ck_assert_ptr_null(sim_rt_table(rtssk));
    ck_assert_ptr_null(sim_rt_root(rtssk));
    ck_assert_uint_eq(sim_iwin32_pool_bytes(rtssk), 0);
    for (int api = 0; api < SPEC_API_COUNT; api++)
        ck_assert_ptr_null(rtssk->family_state[api]);
    /* Process state for every process: the NTX cache and sticky slot, the RTSS instances. */
    sim_process *all[] = {rtss, win, drv, drv2};
    for (int i = 0; i < 4; i++) {
        ck_assert_ptr_nonnull(sim_ntx_of(all[i]));
        ck_assert_uint_eq(sim_ntx_of(all[i])->cache.count, 0);
        ck_assert_int_eq(sim_rtk_instance_count(all[i]), 0);
        ck_assert_ptr_null(sim_rtk_instance(all[i], 0));
    }
    /* World state: instance values count up across drivers. */
    sim_outcome o = unset();
    uint64_t a = 0, b = 0;
    ck_assert_uint_eq(sim_rtk_RtkRtssAttach(drv2, 1, &a, &o), ST_STATUS_SUCCESS);
    ck_assert_uint_eq(sim_rtk_RtkRtssAttach(drv, 1, &b, &o), ST_STATUS_SUCCESS);
    ck_assert_uint_eq(a, SIM_RTSSINST_BASE + 0x10);
    ck_assert_uint_eq(b, SIM_RTSSINST_BASE + 0x20);
    ck_assert_int_eq(sim_rtk_instance_count(drv), 1);
    ck_assert_ptr_eq(sim_rtk_instance(drv, 0)->rtss, rtssk);
}
END_TEST

START_TEST(objects_follow_their_owner_family) {
    sim_outcome o = unset();
    uint64_t loc = 0, handle = 0, inst = 0;
    uint64_t h = sim_iwin32_RtCreateSharedMemory(win, 0, 0, 4096, "I", &loc, &o);
    ck_assert_ptr_eq(sim_handles_get(&win->handles, h)->family, sim_family_get(SPEC_API_IWIN32));
    h = sim_rtx64_RtCreateSharedMemory(win, 4, 0, 4096, "X", &loc, &o);
    ck_assert_ptr_eq(sim_handles_get(&win->handles, h)->family, sim_family_get(SPEC_API_RTX64));
    /* A driver's shared memory lives in RTSS: the rtx64 family's, as RtCreateSharedMemory's. */
    ck_assert_uint_eq(sim_rtk_RtkRtssAttach(drv, 1, &inst, &o), ST_STATUS_SUCCESS);
    ck_assert_uint_eq(sim_rtk_RtkCreateSharedMemory(drv, inst, &handle, 4, 0, 4096, "K", &loc, &o), ST_STATUS_SUCCESS);
    const sim_object *k_obj = sim_handles_get(&drv->handles, handle);
    ck_assert_ptr_eq(k_obj->family, sim_family_get(SPEC_API_RTX64));
    ck_assert_ptr_eq(k_obj->charged_to, &rtssk->memory_used_bytes);
    ck_assert_uint_eq(k_obj->charged_bytes, 4096);
    ck_assert_uint_eq(rtssk->memory_used_bytes, 8192);
    ck_assert_uint_eq(sim_iwin32_pool_used_bytes(nodeA), 4096);
    ck_assert(sim_world_check(w));
}
END_TEST

/* ---- the checks fire ----
 * Each corrupts the fixture's world and checks it: with RTSHM_ASSERTS (every test build) that is a
 * SIGABRT, which Check's fork mode catches (under CK_FORK=no they would end the run); without, the
 * corruption tests see sim_world_check return false, and the underflow tests are not run. */

/* An iwin32 object with one handle and one view in win (what the corruptions below start from). */
static sim_object *shared_object(void) {
    sim_outcome o = unset();
    uint64_t loc = 0;
    uint64_t h = sim_iwin32_RtCreateSharedMemory(win, 0, 0, 4096, "Shared", &loc, &o);
    ck_assert_uint_ne(h, 0);
    ck_assert(sim_world_check(w));
    return sim_handles_get(&win->handles, h);
}

START_TEST(check_catches_a_wrong_handle_count) {
    shared_object()->handle_count++;
    ck_assert(!sim_world_check(w)); /* with RTSHM_ASSERTS it aborts before */
}
END_TEST

START_TEST(check_catches_a_wrong_view_count) {
    shared_object()->view_count = 2;
    ck_assert(!sim_world_check(w)); /* with RTSHM_ASSERTS it aborts before */
}
END_TEST

START_TEST(check_catches_a_corrupt_handle_table) {
    shared_object();
    win->handles.open++;
    ck_assert(!sim_world_check(w)); /* with RTSHM_ASSERTS it aborts before */
}
END_TEST

START_TEST(check_catches_a_name_on_the_wrong_object) {
    sim_object *obj = shared_object();
    sim_outcome o = unset();
    uint64_t loc = 0;
    /* A second object under another name, then the first name pointed at it: one object under two
     * names, the first object under none. */
    uint64_t h2 = sim_iwin32_RtCreateSharedMemory(win, 0, 0, 4096, "Other", &loc, &o);
    ck_assert_uint_ne(h2, 0);
    ck_assert(sim_hmap_put_str(&nodeA->ns.names, obj->name, sim_handles_get(&win->handles, h2)));
    ck_assert(!sim_world_check(w)); /* with RTSHM_ASSERTS it aborts before */
}
END_TEST

START_TEST(check_catches_overlapping_views) {
    shared_object();
    sim_outcome o = unset();
    uint64_t loc = 0;
    ck_assert_uint_ne(sim_iwin32_RtCreateSharedMemory(win, 0, 0, 4096, "Two", &loc, &o), 0);
    win->as.views[1].base_va = win->as.views[0].base_va; /* both at one address */
    ck_assert(!sim_world_check(w)); /* with RTSHM_ASSERTS it aborts before */
}
END_TEST

START_TEST(check_catches_a_process_out_of_place) {
    w->processes[1]->index = 3;
    ck_assert(!sim_world_check(w)); /* with RTSHM_ASSERTS it aborts before */
}
END_TEST

START_TEST(view_count_underflow_aborts) {
    sim_object *obj = shared_object();
    sim_object_view_released(obj);
    sim_object_view_released(obj); /* one view, released twice */
}
END_TEST

START_TEST(handle_count_underflow_aborts) {
    uint32_t dangling;
    sim_object *obj = shared_object();
    obj->handle_count = 0;
    sim_object_handle_released(obj, &dangling);
}
END_TEST

START_TEST(wrong_family_downcast_aborts) {
    sim_rt_of(shared_object()); /* an iwin32 object is no rt object */
}
END_TEST

Suite *family_suite(void) {
    Suite *s = suite_create("family");
    TCase *tc = tcase_create("table");
    tcase_add_checked_fixture(tc, world_setup, world_teardown);
    tcase_add_test(tc, every_family_sits_at_its_id);
    tcase_add_test(tc, status_family_agrees_with_every_spec_function);
    tcase_add_test(tc, every_cited_clause_is_in_the_catalogue);
    tcase_add_test(tc, every_kind_has_one_owner_per_kernel_kind);
    tcase_add_test(tc, slot_rules_read_what_the_calls_wrote);
    tcase_add_test(tc, family_state_lives_where_its_hooks_put_it);
    tcase_add_test(tc, objects_follow_their_owner_family);
    suite_add_tcase(s, tc);

    /* Corrupting a world and checking it must abort (SIM_ASSERT); no teardown, the world is broken. */
    TCase *tc_fire = tcase_create("checks-fire");
    tcase_add_checked_fixture(tc_fire, world_setup, NULL);
#if SIM_ASSERTS_ON
    tcase_add_test_raise_signal(tc_fire, check_catches_a_wrong_handle_count, SIGABRT);
    tcase_add_test_raise_signal(tc_fire, check_catches_a_wrong_view_count, SIGABRT);
    tcase_add_test_raise_signal(tc_fire, check_catches_a_corrupt_handle_table, SIGABRT);
    tcase_add_test_raise_signal(tc_fire, check_catches_a_name_on_the_wrong_object, SIGABRT);
    tcase_add_test_raise_signal(tc_fire, check_catches_overlapping_views, SIGABRT);
    tcase_add_test_raise_signal(tc_fire, check_catches_a_process_out_of_place, SIGABRT);
    tcase_add_test_raise_signal(tc_fire, view_count_underflow_aborts, SIGABRT);
    tcase_add_test_raise_signal(tc_fire, handle_count_underflow_aborts, SIGABRT);
    tcase_add_test_raise_signal(tc_fire, wrong_family_downcast_aborts, SIGABRT);
#endif
    suite_add_tcase(s, tc_fire);
    return s;
}
