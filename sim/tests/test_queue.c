/* sim/tests/test_queue.c — the discrete-event queue (sim/queue.h).
 *
 * The rule under test: events pop in (vtime_us, seq) order, seq being the push order, so events at
 * equal virtual times fire in insertion order (the libuv timer rule that SIM.DETERMINISM relies on).
 * The queue is bounded: a push at the limit fails and changes nothing. */
#include <check.h>
#include <stdint.h>

#include "sim/queue.h"
#include "suites.h"

static sim_event event_at(uint64_t vtime_us, int64_t a) {
    return (sim_event){.vtime_us = vtime_us, .seq = 0, .type = 1, .a = a, .b = -a};
}

START_TEST(pop_equal_vtimes_in_insertion_order) {
    sim_queue q;
    sim_queue_init(&q, 1000);
    for (int64_t i = 0; i < 100; i++) ck_assert(sim_queue_push(&q, event_at(500, i)));
    ck_assert_uint_eq(q.count, 100);
    for (int64_t i = 0; i < 100; i++) {
        sim_event ev;
        ck_assert(sim_queue_pop(&q, &ev));
        ck_assert_uint_eq(ev.vtime_us, 500);
        ck_assert_int_eq(ev.a, i);
        ck_assert_int_eq(ev.b, -i);
        ck_assert_uint_eq(ev.seq, (uint64_t)i);
    }
    ck_assert_uint_eq(q.count, 0);
    sim_queue_free(&q);
}
END_TEST

START_TEST(pop_mixed_vtimes_sorted_ties_by_insertion) {
    /* Times 5,1,5,1,5 pushed as a = 0..4 pop as (1,a1) (1,a3) (5,a0) (5,a2) (5,a4). */
    static const uint64_t times[] = {5, 1, 5, 1, 5};
    static const struct { uint64_t vtime_us; int64_t a; } expected[] = {{1, 1}, {1, 3}, {5, 0}, {5, 2}, {5, 4}};
    sim_queue q;
    sim_queue_init(&q, 16);
    for (int64_t i = 0; i < 5; i++) ck_assert(sim_queue_push(&q, event_at(times[i], i)));
    for (int i = 0; i < 5; i++) {
        sim_event ev;
        ck_assert(sim_queue_pop(&q, &ev));
        ck_assert_uint_eq(ev.vtime_us, expected[i].vtime_us);
        ck_assert_int_eq(ev.a, expected[i].a);
    }
    sim_queue_free(&q);
}
END_TEST

START_TEST(pop_many_pseudorandom_vtimes_sorted) {
    /* 5000 events with times from a fixed LCG in [0, 64): many ties, several heap growths. */
    sim_queue q;
    sim_queue_init(&q, 5000);
    uint64_t x = 12345;
    for (int64_t i = 0; i < 5000; i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        ck_assert(sim_queue_push(&q, event_at(x >> 58, i)));
    }
    sim_event prev, ev;
    ck_assert(sim_queue_pop(&q, &prev));
    for (int i = 1; i < 5000; i++) {
        ck_assert(sim_queue_pop(&q, &ev));
        ck_assert_uint_le(prev.vtime_us, ev.vtime_us);
        if (prev.vtime_us == ev.vtime_us) {
            ck_assert_uint_lt(prev.seq, ev.seq);
            ck_assert_int_lt(prev.a, ev.a);
        }
        prev = ev;
    }
    ck_assert(!sim_queue_pop(&q, &ev));
    sim_queue_free(&q);
}
END_TEST

START_TEST(push_overwrites_seq_with_push_order) {
    sim_queue q;
    sim_queue_init(&q, 4);
    sim_event ev = event_at(7, 1);
    ev.seq = 999;
    ck_assert(sim_queue_push(&q, ev));
    ev.seq = 0;
    ck_assert(sim_queue_push(&q, ev));
    sim_event out;
    ck_assert(sim_queue_pop(&q, &out));
    ck_assert_uint_eq(out.seq, 0);
    ck_assert(sim_queue_pop(&q, &out));
    ck_assert_uint_eq(out.seq, 1);
    sim_queue_free(&q);
}
END_TEST

START_TEST(push_at_limit_fails_and_changes_nothing) {
    sim_queue q;
    sim_queue_init(&q, 3);
    ck_assert(sim_queue_push(&q, event_at(30, 0)));
    ck_assert(sim_queue_push(&q, event_at(10, 1)));
    ck_assert(sim_queue_push(&q, event_at(20, 2)));
    ck_assert(!sim_queue_push(&q, event_at(0, 3)));
    ck_assert_uint_eq(q.count, 3);
    ck_assert_uint_eq(sim_queue_peek(&q)->vtime_us, 10); /* the rejected t=0 event is not queued */
    sim_event ev;
    ck_assert(sim_queue_pop(&q, &ev));
    ck_assert_int_eq(ev.a, 1);
    ck_assert(sim_queue_push(&q, event_at(0, 4))); /* room again after a pop */
    ck_assert(!sim_queue_push(&q, event_at(0, 5)));
    ck_assert(sim_queue_pop(&q, &ev));
    ck_assert_int_eq(ev.a, 4);
    sim_queue_free(&q);
}
END_TEST

START_TEST(push_with_limit_zero_fails) {
    sim_queue q;
    sim_queue_init(&q, 0);
    ck_assert(!sim_queue_push(&q, event_at(1, 1)));
    ck_assert_uint_eq(q.count, 0);
    ck_assert_ptr_null(sim_queue_peek(&q));
    sim_queue_free(&q);
}
END_TEST

START_TEST(pop_empty_returns_false) {
    sim_queue q;
    sim_queue_init(&q, 8);
    sim_event ev = event_at(77, 77);
    ck_assert(!sim_queue_pop(&q, &ev));
    ck_assert(sim_queue_push(&q, event_at(1, 1)));
    ck_assert(sim_queue_pop(&q, &ev));
    ck_assert(!sim_queue_pop(&q, &ev));
    ck_assert_int_eq(ev.a, 1); /* a failed pop leaves *out alone */
    sim_queue_free(&q);
}
END_TEST

START_TEST(peek_returns_earliest_without_removing) {
    sim_queue q;
    sim_queue_init(&q, 8);
    ck_assert_ptr_null(sim_queue_peek(&q));
    ck_assert(sim_queue_push(&q, event_at(40, 0)));
    ck_assert(sim_queue_push(&q, event_at(20, 1)));
    ck_assert(sim_queue_push(&q, event_at(20, 2)));
    const sim_event *top = sim_queue_peek(&q);
    ck_assert_ptr_nonnull(top);
    ck_assert_uint_eq(top->vtime_us, 20);
    ck_assert_int_eq(top->a, 1);
    ck_assert_uint_eq(q.count, 3);
    ck_assert_int_eq(sim_queue_peek(&q)->a, 1); /* peeking twice gives the same event */
    sim_event ev;
    ck_assert(sim_queue_pop(&q, &ev));
    ck_assert_int_eq(ev.a, 1);
    ck_assert_int_eq(sim_queue_peek(&q)->a, 2);
    sim_queue_free(&q);
}
END_TEST

START_TEST(free_leaves_an_empty_reusable_queue) {
    sim_queue q;
    sim_queue_init(&q, 2);
    ck_assert(sim_queue_push(&q, event_at(1, 1)));
    sim_queue_free(&q);
    ck_assert_uint_eq(q.count, 0);
    ck_assert_uint_eq(q.limit, 2);
    ck_assert_ptr_null(sim_queue_peek(&q));
    ck_assert(sim_queue_push(&q, event_at(3, 3)));
    ck_assert(sim_queue_push(&q, event_at(2, 2)));
    ck_assert(!sim_queue_push(&q, event_at(1, 1)));
    ck_assert_int_eq(sim_queue_peek(&q)->a, 2);
    sim_queue_free(&q);
}
END_TEST

Suite *queue_suite(void) {
    Suite *s = suite_create("queue");
    TCase *tc = tcase_create("order");
    tcase_add_test(tc, pop_equal_vtimes_in_insertion_order);
    tcase_add_test(tc, pop_mixed_vtimes_sorted_ties_by_insertion);
    tcase_add_test(tc, pop_many_pseudorandom_vtimes_sorted);
    tcase_add_test(tc, push_overwrites_seq_with_push_order);
    suite_add_tcase(s, tc);
    tc = tcase_create("bounds");
    tcase_add_test(tc, push_at_limit_fails_and_changes_nothing);
    tcase_add_test(tc, push_with_limit_zero_fails);
    tcase_add_test(tc, pop_empty_returns_false);
    tcase_add_test(tc, peek_returns_earliest_without_removing);
    tcase_add_test(tc, free_leaves_an_empty_reusable_queue);
    suite_add_tcase(s, tc);
    return s;
}
