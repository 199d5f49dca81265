/* sim/src/prng.c — xoshiro256** (Blackman & Vigna) with splitmix64 seeding. */
#include "sim/prng.h"

static uint64_t splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
}

void sim_prng_seed(sim_prng *rng, uint64_t seed) {
    uint64_t x = seed;
    for (int i = 0; i < 4; i++) rng->s[i] = splitmix64(&x);
}

uint64_t sim_prng_next(sim_prng *rng) {
    uint64_t *s = rng->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

uint64_t sim_prng_below(sim_prng *rng, uint64_t bound) {
    if (bound == 0) return 0;
    uint64_t threshold = (0 - bound) % bound; /* 2^64 mod bound */
    for (;;) {                                /* expected < 2 iterations */
        uint64_t r = sim_prng_next(rng);
        if (r >= threshold) return r % bound;
    }
}

uint64_t sim_prng_subseed(uint64_t seed, const char *component) {
    uint64_t h = 0xcbf29ce484222325ull ^ seed;
    for (const unsigned char *p = (const unsigned char *)component; *p; p++) {
        h ^= *p;
        h *= 0x100000001b3ull;
    }
    return splitmix64(&h);
}
