/* sim/tests/test_addrspace.c — a process's views (sim/addrspace.h).
 *
 * Addresses are deterministic: process i's window starts at 0x10000000 + i TiB, views are placed
 * first-fit at page-aligned addresses and kept sorted, so a freed gap is reused by the next view
 * that fits. Lookups return the one view holding a whole range; a range that starts in a view and
 * runs past its end is reported as partial (MEM.ACCESS.ONE_VIEW). limit_bytes (a Windows process's
 * va_limit) and limit_views bound what may be mapped, and a refused map changes nothing. */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "sim/addrspace.h"
#include "sim/family.h"
#include "sim/world.h"
#include "suites.h"

#define PG 4096ull
#define BASE SIM_VA_FIRST_BASE

static sim_kernel kernel; /* objects need a kernel only to be destroyed */
static sim_object *obj;

static void setup(void) {
    memset(&kernel, 0, sizeof kernel);
    sim_ns_init(&kernel.ns);
    obj = sim_object_new(&kernel, sim_family_get(SPEC_API_IWIN32), SIM_OBJ_SHM, NULL, 1);
    ck_assert_ptr_nonnull(obj);
    obj->size_bytes = 1ull << 32;
}

static void teardown(void) {
    /* Every test unmaps its views first, so this frees the object. */
    ck_assert_uint_eq(obj->view_count, 0);
    sim_object_destroy(obj);
    sim_ns_free(&kernel.ns);
}

/* Maps length bytes and returns the address; fails the test when the map is refused. */
static uint64_t map(sim_addrspace *as, uint64_t length) {
    uint64_t va = 0;
    ck_assert_msg(sim_as_map(as, obj, 0, length, true, &va), "map of 0x%llx bytes refused", (unsigned long long)length);
    return va;
}

/* The views are sorted by base and do not overlap. */
static void assert_sorted(const sim_addrspace *as) {
    for (size_t i = 1; i < as->count; i++)
        ck_assert_uint_le(as->views[i - 1].base_va + as->views[i - 1].length, as->views[i].base_va);
}

START_TEST(init_first_process_window_base_is_0x10000000) {
    sim_addrspace as;
    sim_as_init(&as, 0, 1ull << 30, 8);
    ck_assert_uint_eq(as.window_base, 0x10000000ull);
    ck_assert_uint_eq(as.count, 0);
    ck_assert_uint_eq(as.mapped_bytes, 0);
    ck_assert_uint_eq(map(&as, PG), 0x10000000ull);
    sim_as_free(&as);
}
END_TEST

START_TEST(init_windows_of_later_processes_do_not_overlap) {
    sim_addrspace a, b, c;
    sim_as_init(&a, 0, 1ull << 30, 8);
    sim_as_init(&b, 1, 1ull << 30, 8);
    sim_as_init(&c, 5, 1ull << 30, 8);
    ck_assert_uint_eq(b.window_base, 0x10000000ull + (1ull << 40));
    ck_assert_uint_eq(c.window_base, 0x10000000ull + 5 * (1ull << 40));
    /* MEM.VIEW.OUTSIDE: process 0's address is not in process 1's space. */
    uint64_t va = map(&a, PG);
    ck_assert_ptr_null(sim_as_find(&b, va, 1, NULL));
    ck_assert_uint_eq(map(&b, PG), b.window_base);
    sim_as_free(&a);
    sim_as_free(&b);
    sim_as_free(&c);
}
END_TEST

START_TEST(map_places_views_back_to_back_and_records_them) {
    sim_addrspace as;
    sim_as_init(&as, 0, 1ull << 30, 8);
    uint64_t va;
    ck_assert(sim_as_map(&as, obj, 3 * PG, 2 * PG, false, &va));
    ck_assert_uint_eq(va, BASE);
    ck_assert_uint_eq(map(&as, PG), BASE + 2 * PG);
    ck_assert_uint_eq(as.count, 2);
    ck_assert_uint_eq(as.mapped_bytes, 3 * PG);
    ck_assert_uint_eq(obj->view_count, 2);
    const sim_view *v = &as.views[0];
    ck_assert_uint_eq(v->base_va, BASE);
    ck_assert_uint_eq(v->length, 2 * PG);
    ck_assert_ptr_eq(v->obj, obj);
    ck_assert_uint_eq(v->obj_offset, 3 * PG);
    ck_assert(!v->writable);
    ck_assert(as.views[1].writable);
    sim_as_free(&as);
    ck_assert_uint_eq(obj->view_count, 0); /* free releases every view */
}
END_TEST

START_TEST(map_reuses_freed_gap_first_fit_and_keeps_views_sorted) {
    sim_addrspace as;
    sim_as_init(&as, 0, 1ull << 30, 16);
    uint64_t a = map(&as, PG);      /* [0,1) pages */
    uint64_t b = map(&as, 2 * PG);  /* [1,3) */
    uint64_t c = map(&as, PG);      /* [3,4) */
    ck_assert_uint_eq(b, BASE + PG);
    ck_assert_uint_eq(c, BASE + 3 * PG);
    ck_assert(sim_as_unmap(&as, b));
    ck_assert_uint_eq(as.count, 2);
    ck_assert_uint_eq(map(&as, PG), b);                /* first fit: the gap at page 1 */
    ck_assert_uint_eq(map(&as, 2 * PG), BASE + 4 * PG); /* one page left in the gap: too small */
    ck_assert_uint_eq(map(&as, PG), BASE + 2 * PG);    /* fills the rest of the gap */
    ck_assert_uint_eq(as.count, 5);
    assert_sorted(&as);
    static const uint64_t bases[] = {0, 1, 2, 3, 4};
    for (size_t i = 0; i < 5; i++) ck_assert_uint_eq(as.views[i].base_va, BASE + bases[i] * PG);
    ck_assert(sim_as_unmap(&as, a));
    ck_assert_uint_eq(map(&as, PG), a); /* the gap before the first view too */
    assert_sorted(&as);
    sim_as_free(&as);
}
END_TEST

START_TEST(packed_prefix_tracks_the_gapless_start_and_keeps_first_fit) {
    /* The packed prefix (views end to end from the window's base) lets placement skip where no gap can
     * be; the addresses chosen stay those of first fit. */
    sim_addrspace as;
    sim_as_init(&as, 0, 1ull << 30, 16);
    uint64_t a = map(&as, PG), b = map(&as, 2 * PG);
    map(&as, PG);                                       /* pages 0 | 1-2 | 3 */
    ck_assert_uint_eq(as.packed, 3);
    ck_assert(sim_as_unmap(&as, b));
    ck_assert_uint_eq(as.packed, 1);                    /* the gap at page 1 */
    ck_assert_uint_eq(map(&as, PG), b);                 /* page 1; page 2 is still free */
    ck_assert_uint_eq(as.packed, 2);
    ck_assert_uint_eq(map(&as, 2 * PG), BASE + 4 * PG); /* past the one-page gap: prefix unchanged */
    ck_assert_uint_eq(as.packed, 2);
    ck_assert_uint_eq(map(&as, PG), BASE + 2 * PG);     /* fills the gap: pages 0-5 end to end */
    ck_assert_uint_eq(as.packed, 5);
    ck_assert(sim_as_unmap(&as, a));
    ck_assert_uint_eq(as.packed, 0);
    ck_assert_uint_eq(map(&as, PG), a);
    ck_assert_uint_eq(as.packed, 5);
    ck_assert_uint_eq(map(&as, PG), BASE + 6 * PG);
    ck_assert_uint_eq(as.packed, 6);
    assert_sorted(&as);
    sim_as_free(&as);
    ck_assert_uint_eq(as.packed, 0);
}
END_TEST

START_TEST(find_exact_interior_and_misses) {
    sim_addrspace as;
    sim_as_init(&as, 0, 1ull << 30, 8);
    uint64_t a = map(&as, 2 * PG);
    uint64_t gap_then_b;
    ck_assert(sim_as_unmap(&as, map(&as, PG))); /* leave a one-page hole after a */
    ck_assert(sim_as_map(&as, obj, 0, 2 * PG, true, &gap_then_b));
    ck_assert_uint_eq(gap_then_b, a + 2 * PG); /* first fit: the hole is reused */
    uint64_t c = map(&as, PG);
    bool partial = true;
    ck_assert_ptr_eq(sim_as_find(&as, a, 2 * PG, &partial), &as.views[0]);
    ck_assert(!partial);
    ck_assert_ptr_eq(sim_as_find(&as, a + 100, 8, &partial), &as.views[0]);
    ck_assert_ptr_eq(sim_as_find(&as, a + 2 * PG - 1, 1, &partial), &as.views[0]);
    ck_assert_ptr_eq(sim_as_find(&as, c + PG - 8, 8, NULL), &as.views[2]); /* partial pointer optional */
    partial = true;
    ck_assert_ptr_null(sim_as_find(&as, BASE - 1, 1, &partial)); /* before the first view */
    ck_assert(!partial);
    partial = true;
    ck_assert_ptr_null(sim_as_find(&as, c + PG, 1, &partial)); /* after the last */
    ck_assert(!partial);
    ck_assert_ptr_null(sim_as_find(&as, 0, 1, &partial));
    ck_assert_ptr_null(sim_as_find(&as, UINT64_MAX, 1, &partial));
    sim_as_free(&as);
}
END_TEST

START_TEST(find_range_past_view_end_is_partial_even_with_adjacent_view) {
    /* MEM.ACCESS.ONE_VIEW: an access must lie inside one view, even if another view follows. */
    sim_addrspace as;
    sim_as_init(&as, 0, 1ull << 30, 8);
    uint64_t a = map(&as, PG);
    uint64_t b = map(&as, PG);
    ck_assert_uint_eq(b, a + PG); /* adjacent */
    bool partial = false;
    ck_assert_ptr_null(sim_as_find(&as, a + PG - 2, 4, &partial));
    ck_assert(partial);
    partial = false;
    ck_assert_ptr_null(sim_as_find(&as, b + PG - 1, 2, &partial)); /* past the last view's end */
    ck_assert(partial);
    partial = false;
    ck_assert_ptr_null(sim_as_find(&as, a, UINT64_MAX, &partial)); /* no overflow on huge lengths */
    ck_assert(partial);
    ck_assert_ptr_eq(sim_as_find(&as, b, PG, &partial), &as.views[1]);
    ck_assert(!partial);
    sim_as_free(&as);
}
END_TEST

START_TEST(map_beyond_limit_bytes_fails_and_changes_nothing) {
    sim_addrspace as;
    sim_as_init(&as, 0, 3 * PG, 16);
    uint64_t a = map(&as, 2 * PG);
    uint64_t va = 0xABCD;
    ck_assert(!sim_as_map(&as, obj, 0, 2 * PG, true, &va)); /* 4 pages > 3 */
    ck_assert_uint_eq(va, 0xABCD);
    ck_assert_uint_eq(as.count, 1);
    ck_assert_uint_eq(as.mapped_bytes, 2 * PG);
    ck_assert_uint_eq(obj->view_count, 1);
    ck_assert_uint_eq(map(&as, PG), a + 2 * PG); /* exactly at the limit is allowed */
    ck_assert_uint_eq(as.mapped_bytes, 3 * PG);
    ck_assert(!sim_as_map(&as, obj, 0, 1, true, &va));
    ck_assert(!sim_as_map(&as, obj, 0, UINT64_MAX, true, &va)); /* no overflow in the check */
    ck_assert(sim_as_unmap(&as, a));
    ck_assert_uint_eq(as.mapped_bytes, PG);
    ck_assert_uint_eq(map(&as, 2 * PG), a); /* the limit counts live views only */
    sim_as_free(&as);
    ck_assert_uint_eq(as.mapped_bytes, 0);
}
END_TEST

START_TEST(map_larger_than_limit_bytes_fails_on_empty_space) {
    sim_addrspace as;
    sim_as_init(&as, 0, 3 * PG, 16);
    uint64_t va;
    ck_assert(!sim_as_map(&as, obj, 0, 4 * PG, true, &va));
    ck_assert(!sim_as_map(&as, obj, 0, 0, true, &va)); /* zero length is refused too */
    ck_assert_uint_eq(as.count, 0);
    ck_assert_uint_eq(obj->view_count, 0);
    sim_as_free(&as);
}
END_TEST

START_TEST(map_beyond_limit_views_fails) {
    sim_addrspace as;
    sim_as_init(&as, 0, 1ull << 30, 2);
    map(&as, PG);
    uint64_t b = map(&as, PG);
    uint64_t va;
    ck_assert(!sim_as_map(&as, obj, 0, PG, true, &va));
    ck_assert_uint_eq(as.count, 2);
    ck_assert(sim_as_unmap(&as, b));
    ck_assert_uint_eq(map(&as, PG), b);
    sim_as_free(&as);
}
END_TEST

START_TEST(map_fails_when_window_has_no_free_range) {
    /* limit_bytes above the 1 TiB window: the window, not the limit, refuses. */
    sim_addrspace as;
    sim_as_init(&as, 0, SIM_VA_WINDOW_BYTES + 16 * PG, 8);
    uint64_t whole = map(&as, SIM_VA_WINDOW_BYTES - PG);
    ck_assert_uint_eq(whole, BASE);
    uint64_t last = map(&as, PG); /* the last page of the window */
    ck_assert_uint_eq(last, BASE + SIM_VA_WINDOW_BYTES - PG);
    uint64_t va;
    ck_assert(!sim_as_map(&as, obj, 0, PG, true, &va));
    ck_assert_uint_eq(as.count, 2);
    sim_as_free(&as);
}
END_TEST

START_TEST(unmap_non_base_address_fails) {
    sim_addrspace as;
    sim_as_init(&as, 0, 1ull << 30, 8);
    ck_assert(!sim_as_unmap(&as, BASE)); /* nothing mapped */
    uint64_t a = map(&as, 2 * PG);
    static const uint64_t not_bases[] = {1, 0x10, PG, PG + 0x10, 2 * PG};
    for (size_t i = 0; i < sizeof not_bases / sizeof not_bases[0]; i++)
        ck_assert_msg(!sim_as_unmap(&as, a + not_bases[i]), "unmap(base+0x%llx) succeeded",
                      (unsigned long long)not_bases[i]);
    ck_assert(!sim_as_unmap(&as, 0));
    ck_assert(!sim_as_unmap(&as, a - PG));
    ck_assert_uint_eq(as.count, 1);
    ck_assert_uint_eq(obj->view_count, 1);
    ck_assert(sim_as_unmap(&as, a));
    ck_assert(!sim_as_unmap(&as, a)); /* twice */
    ck_assert_uint_eq(obj->view_count, 0);
    ck_assert_uint_eq(as.mapped_bytes, 0);
    sim_as_free(&as);
}
END_TEST

START_TEST(unmap_middle_view_keeps_others_findable) {
    sim_addrspace as;
    sim_as_init(&as, 0, 1ull << 30, 8);
    uint64_t va[5];
    for (int i = 0; i < 5; i++) va[i] = map(&as, PG);
    ck_assert(sim_as_unmap(&as, va[2]));
    for (int i = 0; i < 5; i++) {
        const sim_view *v = sim_as_find(&as, va[i] + 1, 1, NULL);
        if (i == 2) ck_assert_ptr_null(v);
        else ck_assert_uint_eq(v->base_va, va[i]);
    }
    assert_sorted(&as);
    sim_as_free(&as);
}
END_TEST

Suite *addrspace_suite(void) {
    Suite *s = suite_create("addrspace");
    TCase *tc = tcase_create("placement");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, init_first_process_window_base_is_0x10000000);
    tcase_add_test(tc, init_windows_of_later_processes_do_not_overlap);
    tcase_add_test(tc, map_places_views_back_to_back_and_records_them);
    tcase_add_test(tc, map_reuses_freed_gap_first_fit_and_keeps_views_sorted);
    suite_add_tcase(s, tc);
    tc = tcase_create("find");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, find_exact_interior_and_misses);
    tcase_add_test(tc, find_range_past_view_end_is_partial_even_with_adjacent_view);
    tcase_add_test(tc, unmap_middle_view_keeps_others_findable);
    suite_add_tcase(s, tc);
    tc = tcase_create("limits");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, map_beyond_limit_bytes_fails_and_changes_nothing);
    tcase_add_test(tc, map_larger_than_limit_bytes_fails_on_empty_space);
    tcase_add_test(tc, packed_prefix_tracks_the_gapless_start_and_keeps_first_fit);
    tcase_add_test(tc, map_beyond_limit_views_fails);
    tcase_add_test(tc, map_fails_when_window_has_no_free_range);
    tcase_add_test(tc, unmap_non_base_address_fails);
    suite_add_tcase(s, tc);
    return s;
}
