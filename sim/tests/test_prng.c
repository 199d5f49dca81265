/* sim/tests/test_prng.c — the seeded generator (sim/prng.h): xoshiro256** seeded through splitmix64.
 *
 * Golden values are not copied from the implementation's output. They come from three independent
 * sources: a reference implementation written here from the published algorithms (ref_*), the
 * published test vectors of the two algorithms (splitmix64 from seed 0; xoshiro256** from state
 * {1,2,3,4}), and literal values for seed 42 computed outside C (Python big integers masked to 64
 * bits). SIM.DETERMINISM depends on these never changing. */
#include <check.h>
#include <stdint.h>

#include "sim/prng.h"
#include "suites.h"

/* --- reference arithmetic (Steele, Lea & Flood: splitmix64; Blackman & Vigna: xoshiro256**) --- */

static uint64_t ref_splitmix64(uint64_t *state) {
    *state += UINT64_C(0x9E3779B97F4A7C15);
    uint64_t z = *state;
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static uint64_t ref_rotl(uint64_t x, unsigned k) {
    return (x << k) | (x >> (64u - k));
}

static uint64_t ref_xoshiro256ss(uint64_t s[4]) {
    const uint64_t out = ref_rotl(s[1] * 5u, 7) * 9u;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = ref_rotl(s[3], 45);
    return out;
}

static void ref_seed(uint64_t s[4], uint64_t seed) {
    uint64_t sm = seed;
    for (int i = 0; i < 4; i++) s[i] = ref_splitmix64(&sm);
}

/* --- golden values --- */

START_TEST(seed_zero_state_is_published_splitmix64_vector) {
    sim_prng rng;
    sim_prng_seed(&rng, 0);
    ck_assert_uint_eq(rng.s[0], UINT64_C(0xE220A8397B1DCDAF));
    ck_assert_uint_eq(rng.s[1], UINT64_C(0x6E789E6AA1B965F4));
    ck_assert_uint_eq(rng.s[2], UINT64_C(0x06C45D188009454F));
    ck_assert_uint_eq(rng.s[3], UINT64_C(0xF88BB8A8724C81EC));
}
END_TEST

START_TEST(next_from_state_1234_is_published_xoshiro_vector) {
    sim_prng rng = {{1, 2, 3, 4}};
    ck_assert_uint_eq(sim_prng_next(&rng), UINT64_C(11520));
    ck_assert_uint_eq(sim_prng_next(&rng), UINT64_C(0));
    ck_assert_uint_eq(sim_prng_next(&rng), UINT64_C(1509978240));
    ck_assert_uint_eq(sim_prng_next(&rng), UINT64_C(1215971899390074240));
}
END_TEST

START_TEST(next_seed_42_first_three_match_reference_and_golden) {
    uint64_t ref[4];
    ref_seed(ref, 42);
    const uint64_t golden[3] = {UINT64_C(0x15780B2E0C2EC716), UINT64_C(0x6104D9866D113A7E),
                                UINT64_C(0xAE17533239E499A1)};
    sim_prng rng;
    sim_prng_seed(&rng, 42);
    for (int i = 0; i < 3; i++) {
        uint64_t expected = ref_xoshiro256ss(ref);
        ck_assert_uint_eq(expected, golden[i]); /* the reference agrees with the outside computation */
        ck_assert_uint_eq(sim_prng_next(&rng), expected);
    }
}
END_TEST

START_TEST(next_matches_reference_for_10000_values_of_several_seeds) {
    static const uint64_t seeds[] = {0, 1, 42, UINT64_C(0xDEADBEEFCAFEF00D), UINT64_MAX};
    for (size_t k = 0; k < sizeof seeds / sizeof seeds[0]; k++) {
        uint64_t ref[4];
        ref_seed(ref, seeds[k]);
        sim_prng rng;
        sim_prng_seed(&rng, seeds[k]);
        for (int i = 0; i < 4; i++) ck_assert_uint_eq(rng.s[i], ref[i]);
        for (int i = 0; i < 10000; i++) ck_assert_uint_eq(sim_prng_next(&rng), ref_xoshiro256ss(ref));
    }
}
END_TEST

/* --- determinism (SIM.DETERMINISM) --- */

START_TEST(seed_same_value_gives_same_first_1000_values) {
    sim_prng a, b;
    sim_prng_seed(&a, 20240611);
    sim_prng_seed(&b, 20240611);
    for (int i = 0; i < 1000; i++) ck_assert_uint_eq(sim_prng_next(&a), sim_prng_next(&b));
}
END_TEST

START_TEST(seed_different_values_give_different_sequences) {
    sim_prng a, b;
    sim_prng_seed(&a, 1);
    sim_prng_seed(&b, 2);
    int equal = 0;
    for (int i = 0; i < 1000; i++) equal += sim_prng_next(&a) == sim_prng_next(&b);
    ck_assert_int_eq(equal, 0);
}
END_TEST

START_TEST(seed_again_restarts_the_sequence) {
    sim_prng rng;
    sim_prng_seed(&rng, 7);
    uint64_t first = sim_prng_next(&rng);
    sim_prng_next(&rng);
    sim_prng_seed(&rng, 7);
    ck_assert_uint_eq(sim_prng_next(&rng), first);
}
END_TEST

/* --- sub-seeds --- */

START_TEST(subseed_is_deterministic) {
    ck_assert_uint_eq(sim_prng_subseed(42, "kernel:NodeA"), sim_prng_subseed(42, "kernel:NodeA"));
    ck_assert_uint_eq(sim_prng_subseed(0, ""), sim_prng_subseed(0, ""));
}
END_TEST

START_TEST(subseed_differs_per_component_name) {
    static const char *const names[] = {"world", "kernel:NodeA", "kernel:NodeB", "kernel:nodea", "", "w",
                                        "world2", "link:host-NodeA"};
    enum { N = sizeof names / sizeof names[0] };
    uint64_t sub[N];
    for (int i = 0; i < N; i++) sub[i] = sim_prng_subseed(42, names[i]);
    for (int i = 0; i < N; i++) {
        ck_assert_uint_ne(sub[i], 42);
        for (int j = i + 1; j < N; j++) ck_assert_msg(sub[i] != sub[j], "'%s' and '%s' share a sub-seed", names[i], names[j]);
    }
}
END_TEST

START_TEST(subseed_differs_per_run_seed) {
    ck_assert_uint_ne(sim_prng_subseed(1, "kernel:NodeA"), sim_prng_subseed(2, "kernel:NodeA"));
    ck_assert_uint_ne(sim_prng_subseed(0, "world"), sim_prng_subseed(UINT64_MAX, "world"));
}
END_TEST

START_TEST(subseed_streams_are_independent) {
    /* Two components' generators do not produce the same values. */
    sim_prng a, b;
    sim_prng_seed(&a, sim_prng_subseed(42, "kernel:NodeA"));
    sim_prng_seed(&b, sim_prng_subseed(42, "kernel:NodeB"));
    int equal = 0;
    for (int i = 0; i < 1000; i++) equal += sim_prng_next(&a) == sim_prng_next(&b);
    ck_assert_int_eq(equal, 0);
}
END_TEST

/* --- below(bound) --- */

START_TEST(below_stays_under_bound) {
    static const uint64_t bounds[] = {1, 2, 3, 7, 10, 1000, UINT64_C(1) << 32, (UINT64_C(1) << 63) + 1, UINT64_MAX};
    sim_prng rng;
    sim_prng_seed(&rng, 42);
    for (size_t k = 0; k < sizeof bounds / sizeof bounds[0]; k++)
        for (int i = 0; i < 20000; i++) ck_assert_uint_lt(sim_prng_below(&rng, bounds[k]), bounds[k]);
}
END_TEST

START_TEST(below_one_and_below_zero_return_zero) {
    sim_prng rng;
    sim_prng_seed(&rng, 42);
    for (int i = 0; i < 1000; i++) {
        ck_assert_uint_eq(sim_prng_below(&rng, 0), 0);
        ck_assert_uint_eq(sim_prng_below(&rng, 1), 0);
    }
}
END_TEST

START_TEST(below_ten_reaches_every_value) {
    sim_prng rng;
    sim_prng_seed(&rng, 42);
    int hits[10] = {0};
    for (int i = 0; i < 10000; i++) hits[sim_prng_below(&rng, 10)]++;
    for (int v = 0; v < 10; v++) {
        ck_assert_int_gt(hits[v], 800); /* about 1000 each; the seed is fixed, so this is not flaky */
        ck_assert_int_lt(hits[v], 1200);
    }
}
END_TEST

START_TEST(below_is_deterministic) {
    sim_prng a, b;
    sim_prng_seed(&a, 5);
    sim_prng_seed(&b, 5);
    for (int i = 0; i < 1000; i++) ck_assert_uint_eq(sim_prng_below(&a, 12345), sim_prng_below(&b, 12345));
}
END_TEST

Suite *prng_suite(void) {
    Suite *s = suite_create("prng");
    TCase *tc = tcase_create("golden");
    tcase_add_test(tc, seed_zero_state_is_published_splitmix64_vector);
    tcase_add_test(tc, next_from_state_1234_is_published_xoshiro_vector);
    tcase_add_test(tc, next_seed_42_first_three_match_reference_and_golden);
    tcase_add_test(tc, next_matches_reference_for_10000_values_of_several_seeds);
    suite_add_tcase(s, tc);
    tc = tcase_create("determinism");
    tcase_add_test(tc, seed_same_value_gives_same_first_1000_values);
    tcase_add_test(tc, seed_different_values_give_different_sequences);
    tcase_add_test(tc, seed_again_restarts_the_sequence);
    tcase_add_test(tc, subseed_is_deterministic);
    tcase_add_test(tc, subseed_differs_per_component_name);
    tcase_add_test(tc, subseed_differs_per_run_seed);
    tcase_add_test(tc, subseed_streams_are_independent);
    suite_add_tcase(s, tc);
    tc = tcase_create("below");
    tcase_add_test(tc, below_stays_under_bound);
    tcase_add_test(tc, below_one_and_below_zero_return_zero);
    tcase_add_test(tc, below_ten_reaches_every_value);
    tcase_add_test(tc, below_is_deterministic);
    suite_add_tcase(s, tc);
    return s;
}
