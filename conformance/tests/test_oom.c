/* conformance/tests/test_oom.c — out-of-memory testing of the reference model (SQLite's and Lua's
 * method, through the allocation hook of sim/alloc.h).
 *
 * For each scenario of a representative set, a first run counts the model's allocation requests (T)
 * and proves the counting hook changes nothing (PASS, no block left). Then, for every N in 1..T, the
 * scenario runs again with the Nth request refused: the run must end in one clean verdict — ERROR with
 * the message that names the failure (below), never a wrong status judged as FAIL, never a crash (a
 * crash fails the test: Check runs each test in a child) — and every block the model allocated must be
 * freed again (no leak, counted by the hook itself, independently of LeakSanitizer).
 *
 * The message: a refusal while the world is built or during a call or an event is "out of memory in
 * the reference model"; during a read or a write it is the driver's "reference: xRead/xWrite failed
 * without a message", because xRead and xWrite of backend interface version 1 have no message buffer.
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

/* The message a refusal must end the run with: "cannot build the world: ..." before the first step, else
 * "step N: ..." with the words for the kind of step N (see the file comment). */
static void expected_message(const conf_scenario *sc, const char *message, char *want, size_t cap) {
    int index = -1;
    if (sscanf(message, "step %d:", &index) != 1) {
        snprintf(want, cap, "cannot build the world: out of memory in the reference model");
        return;
    }
    ck_assert_msg(index >= 0 && index < sc->step_count, "%s: '%s' names no step", sc->id, message);
    const conf_step *st = &sc->steps[index];
    if (st->kind == CONF_STEP_READ || st->kind == CONF_STEP_WRITE)
        snprintf(want, cap, "step %d: reference: %s failed without a message", index,
                 st->kind == CONF_STEP_READ ? "xRead" : "xWrite");
    else
        snprintf(want, cap, "step %d: out of memory in the reference model", index);
}

/* Whether message is the other way a refusal may end a step: an allocation of rtshm's own check of what
 * the reference returned (cJSON parsing a note's args_json goes through the same allocator). */
static bool harness_oom(const char *message, int index) {
    char want[160];
    snprintf(want, sizeof want, "step %d: reference: xEvent: out of memory while checking note.args_json", index);
    return strcmp(message, want) == 0;
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
    uint64_t memory_steps = 0, call_steps = 0; /* refusals that ended a read/write, and the others */

    for (uint64_t n = 1; n <= total; n++) {
        oom_hook h = {.fail_at = n};
        int rc = run_with_hook(sc, &h, &res);
        ck_assert_msg(rc == 0, "%s: request %llu of %llu refused: the run failed (%s)", sc->id, (unsigned long long)n,
                      (unsigned long long)total, res.message);
        ck_assert_msg(h.refused, "%s: request %llu of %llu never came (the run is not deterministic)", sc->id,
                      (unsigned long long)n, (unsigned long long)total);
        char want[256];
        expected_message(sc, res.message, want, sizeof want);
        int index = -1;
        bool harness = sscanf(res.message, "step %d:", &index) == 1 && harness_oom(res.message, index);
        ck_assert_msg(strcmp(res.verdict, "ERROR") == 0 && (strcmp(res.message, want) == 0 || harness),
                      "%s: request %llu of %llu refused: verdict %s, '%s' (expected ERROR, '%s')", sc->id,
                      (unsigned long long)n, (unsigned long long)total, res.verdict, res.message, want);
        memory_steps += strstr(res.message, "failed without a message") != NULL;
        call_steps += strstr(res.message, "out of memory in the reference model") != NULL || harness;
        ck_assert_msg(h.live == 0, "%s: request %llu of %llu refused: %lld block(s) leaked", sc->id,
                      (unsigned long long)n, (unsigned long long)total, (long long)h.live);
    }
    ck_assert_uint_eq(memory_steps + call_steps, total);
    ck_assert_uint_gt(call_steps, 0);
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
