/* sim/tests/test_demo.c — the demonstration family demo (sim/demo.h, DEMO.TICKET) on the model, and
 * its rows as spec/ and the family table see them. Built only with -DRTSHM_DEMO_FAMILY=ON.
 *
 * World (fixture TOPO_INTIME_HOST in sim_test.h): INtime kernel 'NodeA' on node 'host', process 'rt'
 * (RT on NodeA) and process 'win' (Windows). Every outcome's status and clause is asserted, and each
 * status is one spec/'s row allows. */
#include <check.h>
#include <stdint.h>

#include "sim/demo.h"
#include "sim/family.h"
#include "sim/iwin32.h"
#include "sim/world.h"
#include "spec/clause_ids.h"
#include "spec/clauses.h"
#include "spec/functions.h"
#include "spec/status.h"
#include "sim_test.h"
#include "suites.h"

/* The world of the header comment, seed 5: defines w, nodeA, rt, win, findings, world_setup and
 * world_teardown (which checks the world, the demo family's invariants included). */
INTIME_HOST_FIXTURE(5)

/* DemoGetTicket(step) as p: returns the ticket, with the outcome in *o (reset first). */
static uint32_t ticket(sim_process *p, uint32_t step, sim_outcome *o) {
    *o = unset();
    return sim_demo_DemoGetTicket(p, step, o);
}

#define EXPECT_TICKET(o, st) EXPECT_WIN32(o, st, CL_DEMO_TICKET)
#define EXPECT_ALLOWED(st) EXPECT_ALLOWED_IN(SPEC_API_DEMO, SPEC_FAMILY_WIN32, "DemoGetTicket", st)

/* DEMO.TICKET: each process's counter starts at 0 and advances by the step; processes are apart. */
START_TEST(ticket_advances_by_the_step_per_process) {
    sim_outcome o;
    ck_assert_uint_eq(sim_demo_ticket(rt), 0);
    ck_assert_uint_eq(ticket(rt, 1, &o), 1);
    EXPECT_TICKET(o, ST_ERROR_SUCCESS);
    EXPECT_ALLOWED(o.status);
    ck_assert_uint_eq(ticket(rt, 5, &o), 6);
    EXPECT_TICKET(o, ST_ERROR_SUCCESS);
    ck_assert_uint_eq(ticket(win, 3, &o), 3); /* win's counter is its own */
    EXPECT_TICKET(o, ST_ERROR_SUCCESS);
    ck_assert_uint_eq(ticket(rt, 0x100, &o), 0x106);
    ck_assert_uint_eq(sim_demo_ticket(rt), 0x106);
    ck_assert_uint_eq(sim_demo_ticket(win), 3);
}
END_TEST

/* DEMO.TICKET: a zero step fails, sets the thread's slot, and leaves the counter. */
START_TEST(zero_step_is_invalid_and_changes_nothing) {
    sim_outcome o;
    ck_assert_uint_eq(ticket(rt, 7, &o), 7);
    ck_assert_uint_eq(ticket(rt, 0, &o), 0);
    EXPECT_TICKET(o, ST_ERROR_INVALID_PARAMETER);
    EXPECT_ALLOWED(o.status);
    ck_assert_uint_eq(sim_demo_ticket(rt), 7);
    uint32_t slot = 0;
    ck_assert(sim_process_last_error(rt, SPEC_API_DEMO, &slot));
    ck_assert_uint_eq(slot, ST_ERROR_INVALID_PARAMETER);
    /* A success leaves the slot as it was; GetLastError reads the same thread slot. */
    ck_assert_uint_eq(ticket(rt, 1, &o), 8);
    EXPECT_TICKET(o, ST_ERROR_SUCCESS);
    ck_assert(sim_process_last_error(rt, SPEC_API_DEMO, &slot));
    ck_assert_uint_eq(slot, ST_ERROR_INVALID_PARAMETER);
    ck_assert_uint_eq(sim_iwin32_GetLastError(rt, &o), ST_ERROR_INVALID_PARAMETER);
    /* win's slot was never touched. */
    ck_assert(sim_process_last_error(win, SPEC_API_DEMO, &slot));
    ck_assert_uint_eq(slot, ST_ERROR_SUCCESS);
}
END_TEST

/* DEMO.TICKET: the counter reaches 0xFFFFFFFF and no further. */
START_TEST(counter_never_wraps) {
    sim_outcome o;
    ck_assert_uint_eq(ticket(win, 0xFFFFFFFEu, &o), 0xFFFFFFFEu);
    EXPECT_TICKET(o, ST_ERROR_SUCCESS);
    ck_assert_uint_eq(ticket(win, 2, &o), 0);
    EXPECT_TICKET(o, ST_ERROR_INVALID_PARAMETER);
    ck_assert_uint_eq(sim_demo_ticket(win), 0xFFFFFFFEu);
    ck_assert_uint_eq(ticket(win, 1, &o), 0xFFFFFFFFu);
    EXPECT_TICKET(o, ST_ERROR_SUCCESS);
    ck_assert_uint_eq(ticket(win, 1, &o), 0);
    EXPECT_TICKET(o, ST_ERROR_INVALID_PARAMETER);
    ck_assert_uint_eq(sim_demo_ticket(win), 0xFFFFFFFFu);
    ck_assert_uint_eq(ticket(rt, 0xFFFFFFFFu, &o), 0xFFFFFFFFu); /* one step from 0 to the top */
    EXPECT_TICKET(o, ST_ERROR_SUCCESS);
}
END_TEST

/* The family's rows: its descriptor in the table at its id, its spec row and clause. */
START_TEST(rows_describe_the_family) {
    const sim_family *f = sim_family_get(SPEC_API_DEMO);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->api, SPEC_API_DEMO);
    ck_assert_str_eq(f->name, "demo");
    ck_assert_str_eq(spec_api_name(SPEC_API_DEMO), "demo");
    ck_assert_int_eq(SPEC_API_DEMO, SPEC_API_RTK + 1); /* appended: every other family keeps its number */
    ck_assert_int_eq(f->status_family, SPEC_FAMILY_WIN32);
    ck_assert_int_eq(f->slot, SIM_SLOT_THREAD);
    for (int kind = 0; kind < SIM_OBJ_KIND_COUNT; kind++) ck_assert_ptr_null(f->kinds[kind]);
    ck_assert_ptr_nonnull(rt->family_state[SPEC_API_DEMO]);
    ck_assert_ptr_nonnull(win->family_state[SPEC_API_DEMO]);
    ck_assert_ptr_null(w->family_state[SPEC_API_DEMO]);
    ck_assert_ptr_null(nodeA->family_state[SPEC_API_DEMO]);

    const spec_function *fn = spec_function_row(SPEC_FN_DEMO_DemoGetTicket);
    ck_assert_ptr_eq(fn, spec_function_find(SPEC_API_DEMO, "DemoGetTicket"));
    ck_assert_uint_eq(fn->callers, SPEC_CALLER_WINDOWS | SPEC_CALLER_RT_INTIME);
    ck_assert_int_eq(fn->ret, SPEC_R_DWORD);
    ck_assert_int_eq(fn->param_count, 1);
    ck_assert_str_eq(fn->params[0].name, "dwStep");
    ck_assert_int_eq(fn->params[0].default_value, 1);
    ck_assert(!spec_function_allows_status(fn, "ERROR_NOT_ENOUGH_MEMORY"));
    const spec_clause *cl = spec_clause_find(fn->clause);
    ck_assert_ptr_nonnull(cl);
    ck_assert_str_eq(cl->id, "DEMO.TICKET");
    ck_assert_str_eq(cl->api, "demo");
    ck_assert_int_eq(cl->level, SPEC_LEVEL_MODEL);
}
END_TEST

Suite *demo_suite(void) {
    Suite *s = suite_create("demo");
    TCase *tc = tcase_create("ticket");
    tcase_add_checked_fixture(tc, world_setup, world_teardown);
    tcase_add_test(tc, ticket_advances_by_the_step_per_process);
    tcase_add_test(tc, zero_step_is_invalid_and_changes_nothing);
    tcase_add_test(tc, counter_never_wraps);
    tcase_add_test(tc, rows_describe_the_family);
    suite_add_tcase(s, tc);
    return s;
}
