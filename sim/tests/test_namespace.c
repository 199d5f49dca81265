/* sim/tests/test_namespace.c — kernel namespaces, object lifetime and handle tables
 * (sim/object.h, sim/handles.h).
 *
 * Namespace: one per kernel, exact-byte names (IWIN32.CREATE.NAME_CASE), one object per name.
 * Lifetime: destroying an object (last handle closed, IWIN32.CLOSE.LAST_DESTROYS) removes its name,
 * returns its pool space and frees its contents at once, but the struct lives until its last view
 * goes (IWIN32.CLOSE.VIEWS_DIE), so a dangling view never points at freed memory. These flows run
 * under ASan/LSan: a premature free is a use-after-free report, a missing one a leak report.
 * Handles: values 0x4, 0x8, ... per process, last closed first reused (IWIN32.HANDLE.VALUES). */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "sim/addrspace.h"
#include "sim/family.h"
#include "sim/handles.h"
#include "sim/object.h"
#include "sim/world.h"
#include "suites.h"

/* A bare kernel: only the namespace and the object list matter to objects. Its objects follow the
 * iwin32 family's rules (which own these kinds on INtime) and are charged to pool_used_bytes, a pool
 * counter standing for the iwin32 pool. */
static sim_kernel kernel;
static uint64_t pool_used_bytes;
#define IWIN32 sim_family_get(SPEC_API_IWIN32)

static void kernel_setup(void) {
    memset(&kernel, 0, sizeof kernel);
    pool_used_bytes = 0;
    sim_ns_init(&kernel.ns);
}

static void kernel_teardown(void) {
    sim_ns_free(&kernel.ns);
}

/* A named shm object in the kernel's namespace charged with size_bytes of pool. */
static sim_object *new_shm(const char *name, uint64_t id, uint64_t size_bytes) {
    sim_object *obj = sim_object_new(&kernel, IWIN32, SIM_OBJ_SHM, name, id);
    ck_assert_ptr_nonnull(obj);
    if (name) ck_assert(sim_ns_insert(&kernel.ns, obj));
    obj->size_bytes = size_bytes;
    sim_object_charge(obj, &pool_used_bytes, size_bytes);
    return obj;
}

/* ---- namespace ---- */

START_TEST(ns_insert_then_lookup_finds_object) {
    sim_object *obj = new_shm("Buf", 1, 4096);
    ck_assert_ptr_eq(sim_ns_lookup(&kernel.ns, "Buf"), obj);
    ck_assert_ptr_null(sim_ns_lookup(&kernel.ns, "Bu"));
    ck_assert_ptr_null(sim_ns_lookup(&kernel.ns, "Buf "));
    ck_assert_ptr_null(sim_ns_lookup(&kernel.ns, ""));
    ck_assert_uint_eq(sim_object_destroy(obj), 0);
}
END_TEST

START_TEST(ns_lookup_is_case_sensitive) {
    /* IWIN32.CREATE.NAME_CASE */
    sim_object *upper = new_shm("Buf", 1, 4096);
    ck_assert_ptr_null(sim_ns_lookup(&kernel.ns, "buf"));
    ck_assert_ptr_null(sim_ns_lookup(&kernel.ns, "BUF"));
    sim_object *lower = new_shm("buf", 2, 4096);
    ck_assert_ptr_ne(upper, lower);
    ck_assert_ptr_eq(sim_ns_lookup(&kernel.ns, "Buf"), upper);
    ck_assert_ptr_eq(sim_ns_lookup(&kernel.ns, "buf"), lower);
    ck_assert_uint_eq(sim_object_destroy(upper), 0);
    ck_assert_ptr_eq(sim_ns_lookup(&kernel.ns, "buf"), lower);
    ck_assert_uint_eq(sim_object_destroy(lower), 0);
}
END_TEST

START_TEST(ns_holds_every_object_kind_in_one_namespace) {
    /* IWIN32.CREATE.NAME_COLLISION: shm and sync objects share names. */
    sim_object *ev = sim_object_new(&kernel, IWIN32, SIM_OBJ_EVENT, "Shared", 1);
    ck_assert(sim_ns_insert(&kernel.ns, ev));
    sim_object *found = sim_ns_lookup(&kernel.ns, "Shared");
    ck_assert_ptr_eq(found, ev);
    ck_assert_int_eq(found->kind, SIM_OBJ_EVENT);
    ck_assert_uint_eq(sim_object_destroy(ev), 0);
    ck_assert_ptr_null(sim_ns_lookup(&kernel.ns, "Shared"));
}
END_TEST

START_TEST(ns_remove_only_removes_that_object) {
    sim_object *a = new_shm("X", 1, 0);
    sim_object *b = sim_object_new(&kernel, IWIN32, SIM_OBJ_SHM, "X", 2); /* same name, never inserted */
    sim_ns_remove(&kernel.ns, b);
    ck_assert_ptr_eq(sim_ns_lookup(&kernel.ns, "X"), a);
    ck_assert_uint_eq(sim_object_destroy(b), 0); /* destroying b leaves a's entry alone */
    ck_assert_ptr_eq(sim_ns_lookup(&kernel.ns, "X"), a);
    sim_ns_remove(&kernel.ns, a);
    ck_assert_ptr_null(sim_ns_lookup(&kernel.ns, "X"));
    ck_assert_uint_eq(sim_object_destroy(a), 0);
}
END_TEST

/* ---- objects ---- */

START_TEST(object_new_copies_name_and_starts_unreferenced) {
    char name[8] = "Buf";
    sim_object *obj = sim_object_new(&kernel, IWIN32, SIM_OBJ_SEMAPHORE, name, 77);
    ck_assert_ptr_nonnull(obj);
    name[0] = 'X';
    ck_assert_str_eq(obj->name, "Buf");
    ck_assert_int_eq(obj->kind, SIM_OBJ_SEMAPHORE);
    ck_assert_uint_eq(obj->id, 77);
    ck_assert_ptr_eq(obj->kernel, &kernel);
    ck_assert_uint_eq(obj->handle_count, 0);
    ck_assert_uint_eq(obj->view_count, 0);
    ck_assert(!obj->destroyed);
    ck_assert_ptr_null(sim_ns_lookup(&kernel.ns, "Buf")); /* new does not insert */
    ck_assert_uint_eq(sim_object_destroy(obj), 0);
}
END_TEST

START_TEST(object_new_unnamed_has_null_name) {
    sim_object *obj = sim_object_new(&kernel, IWIN32, SIM_OBJ_SHM, NULL, 1);
    ck_assert_ptr_nonnull(obj);
    ck_assert_ptr_null(obj->name);
    ck_assert_uint_eq(sim_object_destroy(obj), 0);
}
END_TEST

START_TEST(object_kind_names) {
    ck_assert_str_eq(sim_object_kind_name(SIM_OBJ_SHM), "shared-memory");
    ck_assert_str_eq(sim_object_kind_name(SIM_OBJ_EVENT), "event");
    ck_assert_str_eq(sim_object_kind_name(SIM_OBJ_MUTEX), "mutex");
    ck_assert_str_eq(sim_object_kind_name(SIM_OBJ_SEMAPHORE), "semaphore");
    ck_assert_str_eq(sim_object_kind_name((sim_object_kind)42), "?");
}
END_TEST

START_TEST(object_destroy_without_views_frees_name_and_pool) {
    /* IWIN32.CLOSE.LAST_DESTROYS: name free, pool space returned. */
    sim_object *obj = new_shm("Gone", 1, 8192);
    ck_assert(sim_pages_write(&obj->contents, 0, "data", 4));
    ck_assert_uint_eq(pool_used_bytes, 8192);
    ck_assert_uint_eq(sim_object_destroy(obj), 0); /* freed now; ASan flags any later use */
    ck_assert_ptr_null(sim_ns_lookup(&kernel.ns, "Gone"));
    ck_assert_uint_eq(pool_used_bytes, 0);
    sim_object *again = new_shm("Gone", 2, 4096); /* the name can be taken again */
    ck_assert_ptr_eq(sim_ns_lookup(&kernel.ns, "Gone"), again);
    ck_assert_uint_eq(sim_object_destroy(again), 0);
}
END_TEST

START_TEST(object_destroyed_with_live_view_is_freed_when_view_goes) {
    /* IWIN32.CLOSE.VIEWS_DIE: destroyed at once, struct kept for the view, freed by the unmap. */
    sim_addrspace as;
    sim_as_init(&as, 0, 1 << 20, 16);
    sim_object *obj = new_shm("D", 1, 8192);
    ck_assert(sim_pages_write(&obj->contents, 4000, "payload", 7));
    uint64_t va;
    ck_assert(sim_as_map(&as, obj, 0, 8192, true, &va));
    ck_assert_uint_eq(obj->view_count, 1);

    ck_assert_uint_eq(sim_object_destroy(obj), 1); /* one view left dangling */
    ck_assert(obj->destroyed);                     /* still readable: not freed */
    ck_assert_uint_eq(obj->view_count, 1);
    ck_assert_uint_eq(obj->charged_bytes, 0);
    ck_assert_uint_eq(sim_pages_count(&obj->contents), 0); /* the memory is gone */
    ck_assert_ptr_null(sim_ns_lookup(&kernel.ns, "D"));
    ck_assert_uint_eq(pool_used_bytes, 0);
    ck_assert_str_eq(obj->name, "D");

    ck_assert(sim_as_unmap(&as, va)); /* last view: the struct is freed here (LSan checks) */
    ck_assert_uint_eq(as.count, 0);
    sim_as_free(&as);
}
END_TEST

START_TEST(object_destroyed_with_two_views_survives_first_unmap) {
    sim_addrspace a, b;
    sim_as_init(&a, 0, 1 << 20, 16);
    sim_as_init(&b, 1, 1 << 20, 16);
    sim_object *obj = new_shm(NULL, 1, 4096);
    uint64_t va_a, va_b;
    ck_assert(sim_as_map(&a, obj, 0, 4096, true, &va_a));
    ck_assert(sim_as_map(&b, obj, 0, 4096, false, &va_b));
    ck_assert_uint_eq(sim_object_destroy(obj), 2);
    ck_assert(sim_as_unmap(&a, va_a));
    ck_assert_uint_eq(obj->view_count, 1); /* alive: ASan would report a use-after-free here */
    ck_assert(obj->destroyed);
    sim_as_free(&b); /* releases the last view: freed */
    sim_as_free(&a);
}
END_TEST

START_TEST(object_view_released_before_destroy_keeps_object) {
    sim_addrspace as;
    sim_as_init(&as, 0, 1 << 20, 16);
    sim_object *obj = new_shm("Kept", 1, 4096);
    uint64_t va;
    ck_assert(sim_as_map(&as, obj, 0, 4096, true, &va));
    ck_assert(sim_as_unmap(&as, va)); /* not destroyed: unmapping frees nothing */
    ck_assert_uint_eq(obj->view_count, 0);
    ck_assert(!obj->destroyed);
    ck_assert_ptr_eq(sim_ns_lookup(&kernel.ns, "Kept"), obj);
    ck_assert_uint_eq(sim_object_destroy(obj), 0);
    sim_as_free(&as);
}
END_TEST

/* ---- handle tables (IWIN32.HANDLE.VALUES) ---- */

static sim_object objs[32]; /* the table only stores pointers */

START_TEST(handles_values_are_multiples_of_four_from_four) {
    sim_handles ht;
    sim_handles_init(&ht, 100);
    for (uint32_t i = 0; i < 20; i++) {
        uint64_t h = sim_handles_add(&ht, &objs[i]);
        ck_assert_uint_eq(h, 4u * (i + 1));
        ck_assert_uint_eq(h, sim_handles_value(i));
    }
    ck_assert_uint_eq(ht.open, 20);
    for (uint32_t i = 0; i < 20; i++) ck_assert_ptr_eq(sim_handles_get(&ht, 4u * (i + 1)), &objs[i]);
    sim_handles_free(&ht);
}
END_TEST

START_TEST(handles_value_of_slot) {
    ck_assert_uint_eq(sim_handles_value(0), 0x4);
    ck_assert_uint_eq(sim_handles_value(1), 0x8);
    ck_assert_uint_eq(sim_handles_value(9), 0x28);
    ck_assert_uint_eq(sim_handles_value(UINT32_MAX), 4ull * ((uint64_t)UINT32_MAX + 1));
}
END_TEST

START_TEST(handles_close_then_add_reuses_last_closed_value) {
    sim_handles ht;
    sim_handles_init(&ht, 100);
    for (int i = 0; i < 5; i++) sim_handles_add(&ht, &objs[i]); /* 0x4 .. 0x14 */
    ck_assert_ptr_eq(sim_handles_remove(&ht, 0x8), &objs[1]);
    ck_assert_ptr_eq(sim_handles_remove(&ht, 0x10), &objs[3]);
    ck_assert_uint_eq(ht.open, 3);
    ck_assert_uint_eq(sim_handles_add(&ht, &objs[10]), 0x10); /* last closed, first reused */
    ck_assert_uint_eq(sim_handles_add(&ht, &objs[11]), 0x8);
    ck_assert_uint_eq(sim_handles_add(&ht, &objs[12]), 0x18); /* then new slots */
    ck_assert_ptr_eq(sim_handles_get(&ht, 0x10), &objs[10]);
    ck_assert_ptr_eq(sim_handles_get(&ht, 0x8), &objs[11]);
    ck_assert_uint_eq(ht.open, 6);
    sim_handles_free(&ht);
}
END_TEST

START_TEST(handles_get_invalid_values_returns_null) {
    static const uint64_t bad[] = {0, 1, 2, 3, 5, 6, 7, 9, 0xC /* closed */, 0x100 /* never given */,
                                   UINT64_MAX, UINT64_MAX - 3, 0x400000000ull};
    sim_handles ht;
    sim_handles_init(&ht, 100);
    for (int i = 0; i < 4; i++) sim_handles_add(&ht, &objs[i]); /* 0x4 .. 0x10 */
    ck_assert_ptr_eq(sim_handles_remove(&ht, 0xC), &objs[2]);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_msg(sim_handles_get(&ht, bad[i]) == NULL, "get(0x%llx) is not NULL", (unsigned long long)bad[i]);
        ck_assert_msg(sim_handles_remove(&ht, bad[i]) == NULL, "remove(0x%llx) is not NULL",
                      (unsigned long long)bad[i]);
    }
    ck_assert_uint_eq(ht.open, 3); /* failed removes change nothing */
    ck_assert_ptr_eq(sim_handles_get(&ht, 0x4), &objs[0]);
    ck_assert_ptr_eq(sim_handles_get(&ht, 0x10), &objs[3]);
    sim_handles_free(&ht);
}
END_TEST

START_TEST(handles_get_on_empty_table_returns_null) {
    sim_handles ht;
    sim_handles_init(&ht, 100);
    ck_assert_ptr_null(sim_handles_get(&ht, 0x4));
    ck_assert_ptr_null(sim_handles_remove(&ht, 0x4));
    sim_handles_free(&ht);
}
END_TEST

START_TEST(handles_add_beyond_limit_returns_zero) {
    sim_handles ht;
    sim_handles_init(&ht, 3);
    ck_assert_uint_eq(sim_handles_add(&ht, &objs[0]), 0x4);
    ck_assert_uint_eq(sim_handles_add(&ht, &objs[1]), 0x8);
    ck_assert_uint_eq(sim_handles_add(&ht, &objs[2]), 0xC);
    ck_assert_uint_eq(sim_handles_add(&ht, &objs[3]), 0);
    ck_assert_uint_eq(ht.open, 3);
    ck_assert_ptr_null(sim_handles_get(&ht, 0x10));
    ck_assert_ptr_eq(sim_handles_remove(&ht, 0x8), &objs[1]);
    ck_assert_uint_eq(sim_handles_add(&ht, &objs[4]), 0x8); /* room again */
    ck_assert_uint_eq(sim_handles_add(&ht, &objs[5]), 0);
    sim_handles_free(&ht);
}
END_TEST

START_TEST(handles_grow_past_initial_capacity) {
    sim_handles ht;
    sim_handles_init(&ht, 1000);
    static sim_object many[600];
    for (uint32_t i = 0; i < 600; i++) ck_assert_uint_eq(sim_handles_add(&ht, &many[i]), 4u * (i + 1));
    for (uint32_t i = 0; i < 600; i++) ck_assert_ptr_eq(sim_handles_get(&ht, 4u * (i + 1)), &many[i]);
    for (uint32_t i = 0; i < 600; i += 3) ck_assert_ptr_eq(sim_handles_remove(&ht, 4u * (i + 1)), &many[i]);
    ck_assert_uint_eq(ht.open, 400);
    ck_assert_uint_eq(sim_handles_add(&ht, &many[0]), 4u * (597 + 1)); /* last removed: slot 597 */
    sim_handles_free(&ht);
}
END_TEST

Suite *namespace_suite(void) {
    Suite *s = suite_create("namespace");
    TCase *tc = tcase_create("namespace");
    tcase_add_checked_fixture(tc, kernel_setup, kernel_teardown);
    tcase_add_test(tc, ns_insert_then_lookup_finds_object);
    tcase_add_test(tc, ns_lookup_is_case_sensitive);
    tcase_add_test(tc, ns_holds_every_object_kind_in_one_namespace);
    tcase_add_test(tc, ns_remove_only_removes_that_object);
    suite_add_tcase(s, tc);
    tc = tcase_create("objects");
    tcase_add_checked_fixture(tc, kernel_setup, kernel_teardown);
    tcase_add_test(tc, object_new_copies_name_and_starts_unreferenced);
    tcase_add_test(tc, object_new_unnamed_has_null_name);
    tcase_add_test(tc, object_kind_names);
    tcase_add_test(tc, object_destroy_without_views_frees_name_and_pool);
    tcase_add_test(tc, object_destroyed_with_live_view_is_freed_when_view_goes);
    tcase_add_test(tc, object_destroyed_with_two_views_survives_first_unmap);
    tcase_add_test(tc, object_view_released_before_destroy_keeps_object);
    suite_add_tcase(s, tc);
    tc = tcase_create("handles");
    tcase_add_test(tc, handles_values_are_multiples_of_four_from_four);
    tcase_add_test(tc, handles_value_of_slot);
    tcase_add_test(tc, handles_close_then_add_reuses_last_closed_value);
    tcase_add_test(tc, handles_get_invalid_values_returns_null);
    tcase_add_test(tc, handles_get_on_empty_table_returns_null);
    tcase_add_test(tc, handles_add_beyond_limit_returns_zero);
    tcase_add_test(tc, handles_grow_past_initial_capacity);
    suite_add_tcase(s, tc);
    return s;
}
