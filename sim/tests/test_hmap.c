/* sim/tests/test_hmap.c — the open-addressing hash map (sim/hmap.h).
 *
 * Contract under test: keys are byte strings compared exactly (so string keys are case-sensitive,
 * the basis of IWIN32.CREATE.NAME_CASE in the namespace), keys are copied, values are borrowed,
 * replacing keeps one entry, capacity doubles under load, deleted slots (tombstones) are reused or
 * dropped so put/remove churn does not grow the table, and clear hands every live value once to the
 * free callback. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sim/hmap.h"
#include "suites.h"

static int values[16];

START_TEST(put_get_remove_single_key) {
    sim_hmap m;
    sim_hmap_init(&m);
    ck_assert_ptr_null(sim_hmap_get_str(&m, "a"));        /* no slots yet */
    ck_assert_ptr_null(sim_hmap_remove_str(&m, "a"));
    ck_assert(sim_hmap_put_str(&m, "a", &values[0]));
    ck_assert_uint_eq(m.count, 1);
    ck_assert_ptr_eq(sim_hmap_get_str(&m, "a"), &values[0]);
    ck_assert_ptr_null(sim_hmap_get_str(&m, "b"));
    ck_assert_ptr_eq(sim_hmap_remove_str(&m, "a"), &values[0]);
    ck_assert_uint_eq(m.count, 0);
    ck_assert_ptr_null(sim_hmap_get_str(&m, "a"));
    ck_assert_ptr_null(sim_hmap_remove_str(&m, "a"));     /* second remove finds nothing */
    sim_hmap_clear(&m, NULL, NULL);
}
END_TEST

START_TEST(put_existing_key_replaces_value) {
    sim_hmap m;
    sim_hmap_init(&m);
    ck_assert(sim_hmap_put_str(&m, "k", &values[0]));
    ck_assert(sim_hmap_put_str(&m, "k", &values[1]));
    ck_assert_uint_eq(m.count, 1);
    ck_assert_ptr_eq(sim_hmap_get_str(&m, "k"), &values[1]);
    ck_assert_ptr_eq(sim_hmap_remove_str(&m, "k"), &values[1]);
    ck_assert_ptr_null(sim_hmap_get_str(&m, "k"));        /* no stale first value behind it */
    sim_hmap_clear(&m, NULL, NULL);
}
END_TEST

START_TEST(put_copies_the_key) {
    sim_hmap m;
    sim_hmap_init(&m);
    char key[8] = "abc";
    ck_assert(sim_hmap_put_str(&m, key, &values[0]));
    key[0] = 'x';
    ck_assert_ptr_eq(sim_hmap_get_str(&m, "abc"), &values[0]);
    ck_assert_ptr_null(sim_hmap_get_str(&m, "xbc"));
    sim_hmap_clear(&m, NULL, NULL);
}
END_TEST

START_TEST(string_keys_are_case_sensitive) {
    /* IWIN32.CREATE.NAME_CASE rests on this: "Buf" and "buf" are different keys. */
    sim_hmap m;
    sim_hmap_init(&m);
    ck_assert(sim_hmap_put_str(&m, "Buf", &values[0]));
    ck_assert_ptr_null(sim_hmap_get_str(&m, "buf"));
    ck_assert_ptr_null(sim_hmap_get_str(&m, "BUF"));
    ck_assert(sim_hmap_put_str(&m, "buf", &values[1]));
    ck_assert_uint_eq(m.count, 2);
    ck_assert_ptr_eq(sim_hmap_get_str(&m, "Buf"), &values[0]);
    ck_assert_ptr_eq(sim_hmap_get_str(&m, "buf"), &values[1]);
    ck_assert_ptr_eq(sim_hmap_remove_str(&m, "buf"), &values[1]);
    ck_assert_ptr_eq(sim_hmap_get_str(&m, "Buf"), &values[0]);
    sim_hmap_clear(&m, NULL, NULL);
}
END_TEST

START_TEST(keys_compare_length_and_every_byte) {
    /* Prefixes, embedded NULs and the empty key are all distinct keys. */
    sim_hmap m;
    sim_hmap_init(&m);
    ck_assert(sim_hmap_put(&m, "a\0b", 3, &values[0]));
    ck_assert(sim_hmap_put(&m, "a\0c", 3, &values[1]));
    ck_assert(sim_hmap_put(&m, "a", 1, &values[2]));
    ck_assert(sim_hmap_put(&m, "", 0, &values[3]));
    ck_assert_uint_eq(m.count, 4);
    ck_assert_ptr_eq(sim_hmap_get(&m, "a\0b", 3), &values[0]);
    ck_assert_ptr_eq(sim_hmap_get(&m, "a\0c", 3), &values[1]);
    ck_assert_ptr_eq(sim_hmap_get_str(&m, "a"), &values[2]);
    ck_assert_ptr_eq(sim_hmap_get_str(&m, ""), &values[3]);
    ck_assert_ptr_null(sim_hmap_get(&m, "a\0", 2));
    sim_hmap_clear(&m, NULL, NULL);
}
END_TEST

START_TEST(u64_keys_including_extremes) {
    sim_hmap m;
    sim_hmap_init(&m);
    ck_assert(sim_hmap_put_u64(&m, 0, &values[0]));
    ck_assert(sim_hmap_put_u64(&m, UINT64_MAX, &values[1]));
    ck_assert(sim_hmap_put_u64(&m, 1, &values[2]));
    ck_assert_ptr_eq(sim_hmap_get_u64(&m, 0), &values[0]);
    ck_assert_ptr_eq(sim_hmap_get_u64(&m, UINT64_MAX), &values[1]);
    ck_assert_ptr_eq(sim_hmap_get_u64(&m, 1), &values[2]);
    ck_assert_ptr_null(sim_hmap_get_u64(&m, 2));
    ck_assert_ptr_eq(sim_hmap_remove_u64(&m, 0), &values[0]);
    ck_assert_ptr_null(sim_hmap_get_u64(&m, 0));
    sim_hmap_clear(&m, NULL, NULL);
}
END_TEST

/* Value for integer key i: a distinct non-NULL pointer that needs no storage. */
static void *tag(uintptr_t i) {
    return (void *)(i * 8 + 8);
}

START_TEST(many_u64_keys_grow_and_stay_findable) {
    enum { N = 10000 };
    sim_hmap m;
    sim_hmap_init(&m);
    for (uint64_t i = 0; i < N; i++) ck_assert(sim_hmap_put_u64(&m, i * 7919, tag(i)));
    ck_assert_uint_eq(m.count, N);
    ck_assert_uint_eq(m.capacity & (m.capacity - 1), 0); /* a power of two */
    ck_assert_uint_lt(m.count * 10, m.capacity * 7);     /* below the 70% load bound */
    for (uint64_t i = 0; i < N; i++) ck_assert_ptr_eq(sim_hmap_get_u64(&m, i * 7919), tag(i));
    ck_assert_ptr_null(sim_hmap_get_u64(&m, 1));
    for (uint64_t i = 1; i < N; i += 2) ck_assert_ptr_eq(sim_hmap_remove_u64(&m, i * 7919), tag(i));
    ck_assert_uint_eq(m.count, N / 2);
    for (uint64_t i = 0; i < N; i++) {
        if (i % 2) ck_assert_ptr_null(sim_hmap_get_u64(&m, i * 7919));
        else ck_assert_ptr_eq(sim_hmap_get_u64(&m, i * 7919), tag(i));
    }
    sim_hmap_clear(&m, NULL, NULL);
}
END_TEST

START_TEST(many_string_keys_grow_and_stay_findable) {
    enum { N = 10000 };
    sim_hmap m;
    sim_hmap_init(&m);
    char key[32];
    for (int i = 0; i < N; i++) {
        snprintf(key, sizeof key, "object-%d", i);
        ck_assert(sim_hmap_put_str(&m, key, tag((uintptr_t)i)));
    }
    ck_assert_uint_eq(m.count, N);
    for (int i = 0; i < N; i++) {
        snprintf(key, sizeof key, "object-%d", i);
        ck_assert_ptr_eq(sim_hmap_get_str(&m, key), tag((uintptr_t)i));
        snprintf(key, sizeof key, "Object-%d", i);
        ck_assert_ptr_null(sim_hmap_get_str(&m, key));
    }
    sim_hmap_clear(&m, NULL, NULL);
}
END_TEST

START_TEST(remove_leaves_tombstone_that_put_reuses) {
    sim_hmap m;
    sim_hmap_init(&m);
    ck_assert(sim_hmap_put_str(&m, "a", &values[0]));
    size_t capacity = m.capacity;
    ck_assert_ptr_eq(sim_hmap_remove_str(&m, "a"), &values[0]);
    ck_assert_uint_eq(m.count, 0);
    ck_assert_uint_eq(m.tombstones, 1);
    ck_assert(sim_hmap_put_str(&m, "a", &values[1]));  /* same key hashes to the tombstone's slot */
    ck_assert_uint_eq(m.count, 1);
    ck_assert_uint_eq(m.tombstones, 0);
    ck_assert_uint_eq(m.capacity, capacity);
    ck_assert_ptr_eq(sim_hmap_get_str(&m, "a"), &values[1]);
    sim_hmap_clear(&m, NULL, NULL);
}
END_TEST

START_TEST(lookup_probes_past_tombstones) {
    /* Fill enough keys that some probe chains are longer than one, delete half, and every survivor
     * must still be found through the tombstones in its chain. */
    enum { N = 11 }; /* 11 live keys in the first 16 slots: 69%, just below the 70% bound */
    sim_hmap m;
    sim_hmap_init(&m);
    for (uint64_t i = 0; i < N; i++) ck_assert(sim_hmap_put_u64(&m, i, tag(i)));
    ck_assert_uint_eq(m.capacity, 16);
    for (uint64_t i = 0; i < N; i += 2) ck_assert_ptr_eq(sim_hmap_remove_u64(&m, i), tag(i));
    ck_assert_uint_eq(m.tombstones, 6);
    for (uint64_t i = 1; i < N; i += 2) ck_assert_ptr_eq(sim_hmap_get_u64(&m, i), tag(i));
    for (uint64_t i = 0; i < N; i += 2) ck_assert_ptr_null(sim_hmap_get_u64(&m, i));
    /* The 12th entry (counting tombstones) crosses 70%: the table is rebuilt without its tombstones;
     * 7 live keys fit 16 slots below 70%, so the capacity stays. */
    ck_assert(sim_hmap_put_u64(&m, 100, tag(100)));
    ck_assert(sim_hmap_put_u64(&m, 101, tag(101)));
    ck_assert_uint_eq(m.capacity, 16);
    ck_assert_uint_eq(m.capacity & (m.capacity - 1), 0);
    ck_assert_uint_eq(m.tombstones, 0);
    ck_assert_uint_eq(m.count, 7);
    for (uint64_t i = 1; i < N; i += 2) ck_assert_ptr_eq(sim_hmap_get_u64(&m, i), tag(i));
    ck_assert_ptr_eq(sim_hmap_get_u64(&m, 100), tag(100));
    ck_assert_ptr_eq(sim_hmap_get_u64(&m, 101), tag(101));
    sim_hmap_clear(&m, NULL, NULL);
}
END_TEST

START_TEST(put_remove_churn_does_not_grow_the_table) {
    /* 10000 distinct keys, each inserted and removed at once: tombstones are dropped by rehashing
     * in place, so the table never needs more than its first size. */
    sim_hmap m;
    sim_hmap_init(&m);
    ck_assert(sim_hmap_put_u64(&m, UINT64_MAX, &values[0])); /* one permanent resident */
    for (uint64_t i = 0; i < 10000; i++) {
        ck_assert(sim_hmap_put_u64(&m, i, tag(i)));
        ck_assert_ptr_eq(sim_hmap_remove_u64(&m, i), tag(i));
        ck_assert_uint_lt((m.count + m.tombstones) * 10, m.capacity * 7);
    }
    ck_assert_uint_eq(m.count, 1);
    ck_assert_uint_le(m.capacity, 16);
    ck_assert_ptr_eq(sim_hmap_get_u64(&m, UINT64_MAX), &values[0]);
    ck_assert_ptr_null(sim_hmap_get_u64(&m, 9999));
    sim_hmap_clear(&m, NULL, NULL);
}
END_TEST

typedef struct free_log {
    int calls;
    int freed[100];
} free_log;

static void count_free(void *value, void *ctx) {
    free_log *log = ctx;
    log->calls++;
    log->freed[*(int *)value]++;
}

START_TEST(clear_calls_free_once_per_live_value) {
    static int ids[100];
    free_log log = {0};
    sim_hmap m;
    sim_hmap_init(&m);
    for (int i = 0; i < 100; i++) {
        ids[i] = i;
        ck_assert(sim_hmap_put_u64(&m, (uint64_t)i, &ids[i]));
    }
    for (int i = 0; i < 10; i++) sim_hmap_remove_u64(&m, (uint64_t)i); /* removed values are the caller's */
    ck_assert(sim_hmap_put_u64(&m, 50, &ids[50]));                      /* replacing does not duplicate */
    sim_hmap_clear(&m, count_free, &log);
    ck_assert_int_eq(log.calls, 90);
    for (int i = 0; i < 100; i++) ck_assert_int_eq(log.freed[i], i < 10 ? 0 : 1);
    ck_assert_uint_eq(m.count, 0);
    ck_assert_uint_eq(m.capacity, 0);
    ck_assert_uint_eq(m.tombstones, 0);
    ck_assert_ptr_null(m.slots);
}
END_TEST

START_TEST(clear_empty_map_calls_nothing_and_map_is_reusable) {
    free_log log = {0};
    sim_hmap m;
    sim_hmap_init(&m);
    sim_hmap_clear(&m, count_free, &log);
    ck_assert_int_eq(log.calls, 0);
    ck_assert(sim_hmap_put_str(&m, "again", &values[2]));
    ck_assert_ptr_eq(sim_hmap_get_str(&m, "again"), &values[2]);
    sim_hmap_clear(&m, NULL, NULL);
    ck_assert_ptr_null(sim_hmap_get_str(&m, "again"));
}
END_TEST

Suite *hmap_suite(void) {
    Suite *s = suite_create("hmap");
    TCase *tc = tcase_create("basic");
    tcase_add_test(tc, put_get_remove_single_key);
    tcase_add_test(tc, put_existing_key_replaces_value);
    tcase_add_test(tc, put_copies_the_key);
    tcase_add_test(tc, string_keys_are_case_sensitive);
    tcase_add_test(tc, keys_compare_length_and_every_byte);
    tcase_add_test(tc, u64_keys_including_extremes);
    suite_add_tcase(s, tc);
    tc = tcase_create("growth");
    tcase_add_test(tc, many_u64_keys_grow_and_stay_findable);
    tcase_add_test(tc, many_string_keys_grow_and_stay_findable);
    tcase_add_test(tc, remove_leaves_tombstone_that_put_reuses);
    tcase_add_test(tc, lookup_probes_past_tombstones);
    tcase_add_test(tc, put_remove_churn_does_not_grow_the_table);
    suite_add_tcase(s, tc);
    tc = tcase_create("clear");
    tcase_add_test(tc, clear_calls_free_once_per_live_value);
    tcase_add_test(tc, clear_empty_map_calls_nothing_and_map_is_reusable);
    suite_add_tcase(s, tc);
    return s;
}
