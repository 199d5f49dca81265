/* sim/prng.h — the seeded pseudo-random generator (xoshiro256** seeded through splitmix64).
 *
 * One seed per run; each component that needs randomness derives its own sub-seed with
 * sim_prng_subseed(seed, component), so adding randomness to one component never shifts another's
 * sequence. Same seed -> same sequence on every platform (pure 64-bit integer arithmetic). */
#ifndef SIM_PRNG_H
#define SIM_PRNG_H

#include <stdint.h>

typedef struct sim_prng {
    uint64_t s[4];
} sim_prng;

void sim_prng_seed(sim_prng *rng, uint64_t seed);
uint64_t sim_prng_next(sim_prng *rng);

/* A uniformly distributed value in [0, bound); bound 0 yields 0. Unbiased (rejection sampling). */
uint64_t sim_prng_below(sim_prng *rng, uint64_t bound);

/* The seed of component `component` (e.g. "kernel:NodeA") under run seed `seed`. */
uint64_t sim_prng_subseed(uint64_t seed, const char *component);

#endif
