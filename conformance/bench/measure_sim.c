/* conformance/bench/measure_sim.c — the model driven directly (no parser, runner, checker or trace):
 * the call rate of the sim_ functions, and the memory a huge segment costs. */
#include "bench.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sim/iwin32.h"
#include "sim/mem.h"
#include "sim/world.h"
#include "spec/constants.h"
#include "spec/status.h"

/* A world like the scenarios' default (node host, INtime kernel NodeA) with one rt process on it;
 * NULL when it cannot be built. */
static sim_process *build_world(sim_world **out, uint64_t memory_bytes, uint64_t pool_bytes) {
    sim_world *w = sim_world_new(1);
    *out = w;
    if (w == NULL) return NULL;
    sim_node *host = sim_world_add_node(w, "host", true, 128ull << 40, 4096);
    sim_kernel *k = host ? sim_world_add_kernel(w, "NodeA", SIM_KERNEL_INTIME, host, true, true, memory_bytes, pool_bytes)
                         : NULL;
    return k ? sim_world_add_process(w, "rt", SIM_PROC_RT, host, k) : NULL;
}

void bench_sim_direct(void *arg, bench_result *out) {
    const bench_sim_args *a = arg;
    sim_world *w;
    sim_process *p = build_world(&w, 64ull << 20, 16ull << 20);
    if (p == NULL) {
        snprintf(out->note, sizeof out->note, "cannot build the world");
        sim_world_free(w);
        return;
    }
    static const unsigned char word[4] = {0xca, 0xfe, 0xba, 0xbe};
    unsigned char back[4];
    sim_outcome o;
    long long calls = 0, failures = 0;
    uint64_t sum = 0;
    double t0 = bench_now();
    for (long i = 0; i < a->cycles; i++) {
        /* the cycle of the generated scenario (workload.c), call for call */
        sum += sim_iwin32_GetLastError(p, &o);
        sim_iwin32_SetLastError(p, 5, &o);
        uint64_t loc = 0;
        uint64_t h = sim_iwin32_RtCreateSharedMemory(p, K_PAGE_READWRITE, 0, 4096, "B", &loc, &o);
        failures += h == 0;
        failures += !sim_mem_write(p, loc + 8, word, sizeof word, &o);
        failures += !sim_mem_read(p, loc + 8, sizeof back, back, &o);
        failures += !sim_iwin32_RtUnmapSharedMemory(p, loc, &o);
        failures += !sim_iwin32_CloseHandle(p, h, &o);
        sum += sim_iwin32_GetLastError(p, &o);
        calls += BENCH_CYCLE;
    }
    out->seconds = bench_now() - t0;
    out->count = calls;
    out->ok = failures == 0;
    if (failures) snprintf(out->note, sizeof out->note, "%lld calls failed", failures);
    else snprintf(out->note, sizeof out->note, "checksum %llu", (unsigned long long)sum);
    sim_world_free(w);
}

void bench_huge_segment(void *arg, bench_result *out) {
    const bench_huge_args *a = arg;
    sim_world *w;
    /* 8 GiB of kernel memory and a 4 GiB iwin32 pool (a multiple of 4 MiB, IWIN32.POOL.SEGSIZE) */
    sim_process *p = build_world(&w, 8ull << 30, 4ull << 30);
    if (p == NULL) {
        snprintf(out->note, sizeof out->note, "cannot build the world");
        sim_world_free(w);
        return;
    }
    out->ok = 1;
    if (a->with_segment) {
        sim_outcome o;
        uint64_t loc = 0;
        double t0 = bench_now();
        uint64_t h = sim_iwin32_RtCreateSharedMemory(p, K_PAGE_READWRITE, 0, 0xFFFFF000u, "Huge", &loc, &o);
        if (h == 0) {
            snprintf(out->note, sizeof out->note, "RtCreateSharedMemory(0xFFFFF000) failed: status %u (%s)", o.status,
                     o.clause ? o.clause : "?");
            out->ok = 0;
        }
        static const uint64_t offsets[3] = {0, 0x7FFFF000u, 0xFFFFE000u}; /* first, middle, last page */
        for (int i = 0; out->ok && i < 3; i++) {
            uint32_t v = 0xA5A50000u + (uint32_t)i, back = 0;
            if (!sim_mem_write(p, loc + offsets[i] + 4, &v, sizeof v, &o) ||
                !sim_mem_read(p, loc + offsets[i] + 4, sizeof back, &back, &o) || back != v) {
                snprintf(out->note, sizeof out->note, "access to page at 0x%llx failed (%s)",
                         (unsigned long long)offsets[i], o.clause ? o.clause : "?");
                out->ok = 0;
            }
        }
        out->seconds = bench_now() - t0;
        out->count = 3;
    }
    out->hwm_mark_kb = bench_proc_status_kb("VmHWM");
    sim_world_free(w);
}
