/* conformance/tests/test_oom.c — out-of-memory testing of the reference model (SQLite's and Lua's
 * method, through the allocation hook of sim/alloc.h).
 *
 * For each scenario of a representative set, a first run counts the model's allocation requests (T)
 * and proves the counting hook changes nothing (PASS, no block left). Then, for every N in 1..T, the
 * scenario runs again with the Nth request refused: the run must end in one clean verdict — ERROR with
 * an "out of memory" message, never a wrong status judged as FAIL, never a crash (a crash fails the
 * test: Check runs each test in a child) — and every block the model allocated must be freed again
 * (no leak, counted by the hook itself, independently of LeakSanitizer).
 *
 * The set: the 11 corpus scenarios a greedy cover picked so that together they make every (family,
 * function) call and every event of the corpus and raise every kind of finding (kernel stop with
 * RtkRtssAttachEx callbacks, link down and up, process exit, the NTX pointer cache, RT catalogs). */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/backend.h"
#include "conf/runner.h"
#include "conf/scenario.h"
#include "sim/alloc.h"
#include "suites.h"

#ifndef RTSHM_SOURCE_DIR
#define RTSHM_SOURCE_DIR "."
#endif

static const char *const oom_scenarios[] = {
    "ntx/ntx.combo.kernel-stopped-between-map-and-unmap.json",
    "rtx64/rtk.combo.rtss-stop-while-driver-holds-view.json",
    "iwin32/iwin32.lasterror.slot-per-process-set-by-failures-only.json",
    "ntx/ntx.combo.link-down-and-back-up.json",
    "rtx64/rtx64.kernel.stopped-windows-calls-not-ready.json",
    "iwin32/iwin32.create.name-of-sync-object-fails.json",
    "ntx/ntx.free.non-segment-e-type.json",
    "ntx/ntx.map.e-state-after-read-only-mapping.json",
    "ntx/rt.alloc.e-mem-and-freed-at-exit.json",
    "rtx64/rtk.attach.ex-instance-works-and-registers-shutdown-callback.json",
    "rtx64/rtx64.create.new-object-in-rtss-and-windows.json",
};
#define OOM_SCENARIO_COUNT ((int)(sizeof oom_scenarios / sizeof oom_scenarios[0]))

/* A counting hook: refuses request number fail_at (1-based; 0 = never) and counts live blocks. */
typedef struct oom_hook {
    uint64_t requests;  /* allocation and resize requests seen */
    uint64_t fail_at;
    int64_t live;       /* blocks allocated through the hook and not yet freed */
    bool refused;       /* the request fail_at came and was refused */
} oom_hook;

static void *oom_alloc(void *ud, void *ptr, size_t size) {
    oom_hook *h = ud;
    if (size == 0) {
        if (ptr) h->live--;
        free(ptr);
        return NULL;
    }
    h->requests++;
    if (h->requests == h->fail_at) {
        h->refused = true;
        return NULL;
    }
    void *p = realloc(ptr, size);
    if (p && ptr == NULL) h->live++;
    return p;
}

/* Loads a corpus scenario (under the C library's allocator, before any hook is installed). */
static conf_scenario *load_corpus_scenario(const char *rel) {
    char path[1024], err[1024];
    snprintf(path, sizeof path, "%s/conformance/scenarios/%s", RTSHM_SOURCE_DIR, rel);
    conf_scenario *sc = NULL;
    ck_assert_msg(conf_scenario_load(path, &sc, err, sizeof err) == 0, "%s", err);
    return sc;
}

/* Runs sc on the reference model with request fail_at refused; the hook is installed only for the run. */
static int run_with_hook(const conf_scenario *sc, oom_hook *h, conf_scenario_result *res) {
    sim_alloc_set_hook(oom_alloc, h);
    int rc = conf_run_scenario(sc, conf_backend_reference(), 1, NULL, 0, res);
    sim_alloc_set_hook(NULL, NULL);
    return rc;
}

START_TEST(test_oom_every_allocation_of_representative_scenarios) {
    conf_scenario *sc = load_corpus_scenario(oom_scenarios[_i]);
    conf_scenario_result res;

    oom_hook count = {0};
    ck_assert_int_eq(run_with_hook(sc, &count, &res), 0);
    ck_assert_str_eq(res.verdict, "PASS");
    ck_assert_int_eq(count.live, 0);
    ck_assert_msg(count.requests > 0, "%s: the model allocated nothing", sc->id);
    uint64_t total = count.requests;

    for (uint64_t n = 1; n <= total; n++) {
        oom_hook h = {.fail_at = n};
        int rc = run_with_hook(sc, &h, &res);
        ck_assert_msg(rc == 0, "%s: request %llu of %llu refused: the run failed (%s)", sc->id, (unsigned long long)n,
                      (unsigned long long)total, res.message);
        ck_assert_msg(h.refused, "%s: request %llu of %llu never came (the run is not deterministic)", sc->id,
                      (unsigned long long)n, (unsigned long long)total);
        ck_assert_msg(strcmp(res.verdict, "ERROR") == 0 && strstr(res.message, "out of memory") != NULL,
                      "%s: request %llu of %llu refused: verdict %s, '%s' (expected ERROR, out of memory)", sc->id,
                      (unsigned long long)n, (unsigned long long)total, res.verdict, res.message);
        ck_assert_msg(h.live == 0, "%s: request %llu of %llu refused: %lld block(s) leaked", sc->id,
                      (unsigned long long)n, (unsigned long long)total, (long long)h.live);
    }
    conf_scenario_free(sc);
}
END_TEST

/* The hook's own contract: refusals are counted, calloc overflow is refused without asking the hook. */
START_TEST(test_oom_hook_counts_refusals) {
    oom_hook h = {.fail_at = 2};
    uint64_t before = sim_alloc_failures();
    sim_alloc_set_hook(oom_alloc, &h);
    void *a = sim_malloc(16);
    void *b = sim_malloc(16);
    void *c = sim_calloc(SIZE_MAX / 2, 4);
    char *d = sim_strdup("kernel");
    sim_alloc_set_hook(NULL, NULL);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_null(b);
    ck_assert_ptr_null(c);
    ck_assert_ptr_nonnull(d);
    ck_assert_str_eq(d, "kernel");
    ck_assert_uint_eq(sim_alloc_failures() - before, 2); /* request 2, and the overflowing calloc */
    ck_assert_uint_eq(h.requests, 3);                    /* the overflow never reached the hook */
    ck_assert_int_eq(h.live, 2);
    sim_alloc_set_hook(oom_alloc, &h);
    sim_free(a);
    sim_free(d);
    sim_free(NULL);
    sim_alloc_set_hook(NULL, NULL);
    ck_assert_int_eq(h.live, 0);
}
END_TEST

Suite *oom_suite(void) {
    Suite *s = suite_create("oom");
    TCase *tc = tcase_create("oom");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_oom_hook_counts_refusals);
    tcase_add_loop_test(tc, test_oom_every_allocation_of_representative_scenarios, 0, OOM_SCENARIO_COUNT);
    suite_add_tcase(s, tc);
    return s;
}
