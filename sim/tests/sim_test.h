/* sim/tests/sim_test.h — what the sim test suites that drive a whole sim_world share: the worlds
 * they are built on (one builder, parameterised by topology), the finding log those worlds report
 * to, the outcome / allowed-status / finding assertions, and small memory and name helpers.
 *
 * Design notes:
 * - The assertions are macros, not functions, so that a failing check reports the test's own file
 *   and line. Each suite binds the generic ones to its family in one line (e.g. test_rtx64.c:
 *   EXPECT_OUTCOME is EXPECT_WIN32, EXPECT_ALLOWED(fn, st) is EXPECT_ALLOWED_IN with SPEC_API_RTX64).
 * - The world builder (world_build) reads its topology from one table here, so a suite's header
 *   comment and the table are the two places that say what the world is. Nodes, kernels, links and
 *   processes are added in table order, which fixes indices, address windows, RTHANDLEs and handle
 *   values. A suite states its fixture in one line (e.g. RTSS_HOST_FIXTURE(7)), which defines the
 *   file-level names of the world's parts, the finding log and world_setup / world_teardown.
 * - Everything is static inline, so the suites share it without an object file of its own in the
 *   test binary's source list (sim/CMakeLists.txt); a suite that does not use a helper pays nothing. */
#ifndef SIM_TEST_H
#define SIM_TEST_H

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/mem.h"
#include "sim/world.h"
#include "spec/clauses.h"
#include "spec/functions.h"
#include "spec/status.h"

/* ---- outcomes ---- */

/* An outcome that no call leaves behind, so a call that forgets to fill it is caught. */
static inline sim_outcome unset(void) {
    return (sim_outcome){.status = 0xDEADBEEFu, .family = SPEC_FAMILY_COUNT, .clause = "unset"};
}

/* The outcome o: this family, this status, this clause, and the clause is in the spec catalogue. */
#define EXPECT_FAMILY(o, fam, st, cl)                                                              \
    do {                                                                                           \
        ck_assert_int_eq((o).family, (fam));                                                       \
        ck_assert_uint_eq((o).status, (st));                                                       \
        ck_assert_str_eq((o).clause, (cl));                                                        \
        ck_assert_msg(spec_clause_find((o).clause) != NULL, "clause %s not in catalogue", (o).clause); \
    } while (0)

#define EXPECT_WIN32(o, st, cl) EXPECT_FAMILY(o, SPEC_FAMILY_WIN32, st, cl)     /* iwin32, RTX64 Rt* */
#define EXPECT_NT(o, st, cl) EXPECT_FAMILY(o, SPEC_FAMILY_NTSTATUS, st, cl)     /* RTX64 Rtk* */
#define EXPECT_INTIME(o, st, cl) EXPECT_FAMILY(o, SPEC_FAMILY_INTIME, st, cl)   /* NTX, INtime RT */
#define EXPECT_SIM(o, st, cl) EXPECT_FAMILY(o, SPEC_FAMILY_SIM, st, cl)         /* memory steps, events */
#define EXPECT_MEM(o, st, cl) EXPECT_SIM(o, st, cl)                             /* a memory step */

/* The status st (of family fam) is one the spec's function table allows for function fn of api,
 * documented or model-chosen; fn must be in the table and st must have a name. */
#define EXPECT_ALLOWED_IN(api, fam, fn, st)                                                        \
    do {                                                                                           \
        const spec_function *f_ = spec_function_find((api), (fn));                                 \
        ck_assert_ptr_nonnull(f_);                                                                 \
        const char *name_ = spec_status_name((fam), (st));                                         \
        ck_assert_ptr_nonnull(name_);                                                              \
        ck_assert_msg(spec_function_allows_status(f_, name_), "%s may not report %s", (fn), name_); \
    } while (0)

/* ---- findings ---- */

#define MAX_FINDINGS 16

/* Copies of the findings a world reported, in order (kind, clause and detail of each). */
typedef struct finding_log {
    int count;
    char kind[MAX_FINDINGS][64];
    char clause[MAX_FINDINGS][64];
    char detail[MAX_FINDINGS][512];
} finding_log;

/* A finding sink (sim_finding_fn) whose ctx is a finding_log: appends a copy of the finding. More
 * than MAX_FINDINGS findings is a Check failure; longer strings are cut to the log's field sizes. */
static inline void record_finding(void *ctx, const char *kind, const char *clause, const char *detail) {
    finding_log *log = ctx;
    ck_assert_int_lt(log->count, MAX_FINDINGS);
    snprintf(log->kind[log->count], sizeof log->kind[0], "%s", kind);
    snprintf(log->clause[log->count], sizeof log->clause[0], "%s", clause);
    snprintf(log->detail[log->count], sizeof log->detail[0], "%s", detail);
    log->count++;
}

/* Finding i of log: this kind, this clause (which is in the catalogue) and exactly this detail. */
#define EXPECT_FINDING_IN(log, i, k, cl, det)                                                      \
    do {                                                                                           \
        ck_assert_int_gt((log).count, (i));                                                        \
        ck_assert_str_eq((log).kind[(i)], (k));                                                    \
        ck_assert_str_eq((log).clause[(i)], (cl));                                                 \
        ck_assert_ptr_nonnull(spec_clause_find((log).clause[(i)]));                                \
        ck_assert_str_eq((log).detail[(i)], (det));                                                \
    } while (0)

/* The same, in a suite whose world reports to its file-level log `findings` (every world suite). */
#define EXPECT_FINDING(i, k, cl, det) EXPECT_FINDING_IN(findings, i, k, cl, det)

/* ---- worlds ---- */

/* The worlds the suites are built on. Every node is a 128 TiB, 4 KiB-page node, every kernel is
 * running and every link is up; the rest is in the table of world_topology_get. */
typedef enum world_topology {
    /* test_iwin32.c: node 'host' (Windows); INtime 'NodeA' (256 MiB, 16 MiB iwin32 pool); processes
     * 'rt' (RT on NodeA) and 'win' (Windows, iwin32x NodeA). */
    TOPO_INTIME_HOST = 0,
    /* test_rtx64.c, test_rtk.c, test_kernel.c: node 'host' (Windows); rtx64 'RTSS' (64 MiB) and
     * INtime 'NodeA' (256 MiB, 16 MiB pool), both added before the processes so that every process
     * on host reaches RTSS; processes 'rtss' (RT in RTSS), 'win' (Windows, iwin32x NodeA), 'drv' and
     * 'drv2' (drivers). */
    TOPO_RTSS_HOST,
    /* test_ntx.c, test_intime.c: nodes 'host' (Windows), 'ctl2' (not Windows) and 'far' (Windows);
     * INtime 'NodeA' on host (64 MiB, 4 MiB pool), 'NodeB' on ctl2 (64 MiB, shares_memory false) and
     * 'NodeF' on far (64 MiB); links host-ctl2 and host-far; processes 'app' and 'app2' (Windows on
     * host, NodeA), 'rtA' (RT on NodeA) and 'rtB' (RT on NodeB). */
    TOPO_INTIME_LINKED,
    TOPO_COUNT
} world_topology;

#define TOPO_MAX_PARTS 4 /* nodes, kernels, links or processes of one topology, at the most */
#define TOPO_NO_KERNEL (-1)

/* One topology: each list in the order its parts are added (which fixes their indices). */
typedef struct world_topology_spec {
    int node_count, kernel_count, link_count, process_count;
    struct { const char *id; bool windows; } nodes[TOPO_MAX_PARTS];
    struct {
        const char *id;
        sim_kernel_kind kind;
        int node;
        bool shares_memory;
        uint64_t memory_bytes, pool_bytes;
    } kernels[TOPO_MAX_PARTS];
    struct { int a, b; } links[TOPO_MAX_PARTS];
    struct { const char *id; sim_process_kind kind; int node, kernel; } processes[TOPO_MAX_PARTS];
} world_topology_spec;

/* Where world_build stores the world and its parts: one slot per node, kernel and process, in the
 * topology's order. A NULL slot (or one left out) is not filled; findings NULL drops the findings. */
typedef struct world_slots {
    sim_world **w;
    finding_log *findings;
    sim_node **nodes[TOPO_MAX_PARTS];
    sim_kernel **kernels[TOPO_MAX_PARTS];
    sim_process **processes[TOPO_MAX_PARTS];
} world_slots;

/* The topology table (see world_topology for what each one is for). */
static inline const world_topology_spec *world_topology_get(world_topology topo) {
    static const world_topology_spec specs[TOPO_COUNT] = {
        [TOPO_INTIME_HOST] = {
            .node_count = 1, .kernel_count = 1, .link_count = 0, .process_count = 2,
            .nodes = {{"host", true}},
            .kernels = {{"NodeA", SIM_KERNEL_INTIME, 0, true, 256u << 20, 16u << 20}},
            .processes = {{"rt", SIM_PROC_RT, 0, 0}, {"win", SIM_PROC_WINDOWS, 0, 0}},
        },
        [TOPO_RTSS_HOST] = {
            .node_count = 1, .kernel_count = 2, .link_count = 0, .process_count = 4,
            .nodes = {{"host", true}},
            .kernels = {{"RTSS", SIM_KERNEL_RTX64, 0, true, 64u << 20, 0},
                        {"NodeA", SIM_KERNEL_INTIME, 0, true, 256u << 20, 16u << 20}},
            .processes = {{"rtss", SIM_PROC_RT, 0, 0},
                          {"win", SIM_PROC_WINDOWS, 0, 1},
                          {"drv", SIM_PROC_DRIVER, 0, TOPO_NO_KERNEL},
                          {"drv2", SIM_PROC_DRIVER, 0, TOPO_NO_KERNEL}},
        },
        [TOPO_INTIME_LINKED] = {
            .node_count = 3, .kernel_count = 3, .link_count = 2, .process_count = 4,
            .nodes = {{"host", true}, {"ctl2", false}, {"far", true}},
            .kernels = {{"NodeA", SIM_KERNEL_INTIME, 0, true, 64u << 20, 4u << 20},
                        {"NodeB", SIM_KERNEL_INTIME, 1, false, 64u << 20, 0},
                        {"NodeF", SIM_KERNEL_INTIME, 2, true, 64u << 20, 0}},
            .links = {{0, 1}, {0, 2}},
            .processes = {{"app", SIM_PROC_WINDOWS, 0, 0},
                          {"app2", SIM_PROC_WINDOWS, 0, 0},
                          {"rtA", SIM_PROC_RT, 0, 0},
                          {"rtB", SIM_PROC_RT, 1, 1}},
        },
    };
    ck_assert_int_ge(topo, 0);
    ck_assert_int_lt(topo, TOPO_COUNT);
    return &specs[topo];
}

/* Builds a world of topology topo with this seed, for a Check fixture: nodes (va_limit 128 TiB,
 * 4 KiB pages), then kernels (running), links (up) and processes, each in table order. Clears
 * *slots.findings and makes it the world's finding sink (record_finding). Stores the world and each
 * part in its slot.
 *
 * Every add must succeed, every process must have the kernel it was given (p->kernel) and reach
 * the rtx64 kernel of its node, if any (p->rtss), and the world must pass sim_world_check; anything
 * else is a Check failure. The caller frees
 * the world with sim_world_free (a fixture's teardown); on a failure Check's fork ends the test. */
static inline sim_world *world_build(world_topology topo, uint64_t seed, world_slots slots) {
    const world_topology_spec *t = world_topology_get(topo);
    sim_node *nodes[TOPO_MAX_PARTS] = {0};
    sim_kernel *kernels[TOPO_MAX_PARTS] = {0};
    if (slots.findings != NULL) memset(slots.findings, 0, sizeof *slots.findings);
    sim_world *w = sim_world_new(seed);
    ck_assert_ptr_nonnull(w);
    for (int i = 0; i < t->node_count; i++) {
        nodes[i] = sim_world_add_node(w, t->nodes[i].id, t->nodes[i].windows, 128ull << 40, 4096);
        ck_assert_ptr_nonnull(nodes[i]);
        if (slots.nodes[i] != NULL) *slots.nodes[i] = nodes[i];
    }
    for (int i = 0; i < t->kernel_count; i++) {
        kernels[i] = sim_world_add_kernel(w, t->kernels[i].id, t->kernels[i].kind, nodes[t->kernels[i].node], true,
                                          t->kernels[i].shares_memory, t->kernels[i].memory_bytes,
                                          t->kernels[i].pool_bytes);
        ck_assert_ptr_nonnull(kernels[i]);
        if (slots.kernels[i] != NULL) *slots.kernels[i] = kernels[i];
    }
    for (int i = 0; i < t->link_count; i++)
        ck_assert_ptr_nonnull(sim_world_add_link(w, nodes[t->links[i].a], nodes[t->links[i].b], true));
    for (int i = 0; i < t->process_count; i++) {
        int k = t->processes[i].kernel;
        sim_node *node = nodes[t->processes[i].node];
        sim_kernel *kernel = k == TOPO_NO_KERNEL ? NULL : kernels[k];
        sim_process *p = sim_world_add_process(w, t->processes[i].id, t->processes[i].kind, node, kernel);
        ck_assert_ptr_nonnull(p);
        sim_kernel *rtss = NULL;
        for (int j = 0; j < t->kernel_count; j++)
            if (kernels[j]->kind == SIM_KERNEL_RTX64 && kernels[j]->node == node) rtss = kernels[j];
        ck_assert_ptr_eq(p->kernel, kernel);
        ck_assert_ptr_eq(p->rtss, rtss);
        if (slots.processes[i] != NULL) *slots.processes[i] = p;
    }
    if (slots.findings != NULL) sim_world_set_finding_sink(w, record_finding, slots.findings);
    if (slots.w != NULL) *slots.w = w;
    ck_assert(sim_world_check(w));
    return w;
}

/* The file-level fixture of a world suite: defines the world `w`, its finding log `findings`, and
 * world_setup / world_teardown for tcase_add_checked_fixture. world_setup builds topology topo with
 * this seed (world_build) and stores its parts in the slots that follow, given as world_slots
 * designators (.nodes = {...}, .kernels = {...}, .processes = {...}) naming the suite's own
 * file-level variables; world_teardown checks the world's invariants as the test left it
 * (sim_world_check: a broken one aborts the test, SIGABRT), frees the world and clears w. A test that
 * freed w itself (world_teardown() then world_setup()) leaves a new one to check. */
#define WORLD_FIXTURE(topo, seed, ...)                                                             \
    static sim_world *w;                                                                           \
    static finding_log findings;                                                                   \
    static void world_setup(void) {                                                                \
        world_build((topo), (seed), (world_slots){.w = &w, .findings = &findings, __VA_ARGS__});    \
    }                                                                                              \
    static void world_teardown(void) {                                                             \
        if (w != NULL) ck_assert(sim_world_check(w));                                              \
        sim_world_free(w);                                                                         \
        w = NULL;                                                                                  \
    }

/* The fixture of a suite on one of the topologies, with its parts under the names the suites use
 * (so the suites on one topology call its parts alike). Each defines, besides w, findings,
 * world_setup and world_teardown (WORLD_FIXTURE):
 * - INTIME_HOST_FIXTURE: kernel nodeA; processes rt, win.
 * - RTSS_HOST_FIXTURE: node host; kernels rtssk (RTSS), nodeA; processes rtss, win, drv, drv2.
 * - INTIME_LINKED_FIXTURE: nodes host_node, ctl2_node, far_node; kernels nodeA, nodeB, nodeF;
 *   processes app, app2, rtA, rtB. */
#define INTIME_HOST_FIXTURE(seed)                                                                  \
    static sim_kernel *nodeA;                                                                      \
    static sim_process *rt, *win;                                                                  \
    WORLD_FIXTURE(TOPO_INTIME_HOST, seed, .kernels = {&nodeA}, .processes = {&rt, &win})

#define RTSS_HOST_FIXTURE(seed)                                                                    \
    static sim_node *host;                                                                         \
    static sim_kernel *rtssk, *nodeA;                                                              \
    static sim_process *rtss, *win, *drv, *drv2;                                                   \
    WORLD_FIXTURE(TOPO_RTSS_HOST, seed, .nodes = {&host}, .kernels = {&rtssk, &nodeA},             \
                  .processes = {&rtss, &win, &drv, &drv2})

#define INTIME_LINKED_FIXTURE(seed)                                                                \
    static sim_node *host_node, *ctl2_node, *far_node;                                             \
    static sim_kernel *nodeA, *nodeB, *nodeF;                                                      \
    static sim_process *app, *app2, *rtA, *rtB;                                                    \
    WORLD_FIXTURE(TOPO_INTIME_LINKED, seed, .nodes = {&host_node, &ctl2_node, &far_node},          \
                  .kernels = {&nodeA, &nodeB, &nodeF}, .processes = {&app, &app2, &rtA, &rtB})

/* ---- memory and names ---- */

/* sim_mem_read of len bytes at va in p into buf, with *o reset first (unset()) so that the read
 * must fill it. Returns what sim_mem_read returns. */
static inline bool mem_read(sim_process *p, uint64_t va, void *buf, size_t len, sim_outcome *o) {
    *o = unset();
    return sim_mem_read(p, va, len, buf, o);
}

/* sim_mem_write of len bytes of data at va in p, with *o reset first. Returns what sim_mem_write
 * returns. */
static inline bool mem_write(sim_process *p, uint64_t va, const void *data, size_t len, sim_outcome *o) {
    *o = unset();
    return sim_mem_write(p, va, data, len, o);
}

/* True when len bytes at va in p can be read and are all zero; false when the read fails or any byte
 * is not zero. Out of memory for the buffer is a Check failure. */
static inline bool reads_zero(sim_process *p, uint64_t va, size_t len) {
    unsigned char *buf = malloc(len);
    ck_assert_ptr_nonnull(buf);
    sim_outcome o;
    bool ok = mem_read(p, va, buf, len, &o);
    for (size_t i = 0; ok && i < len; i++)
        if (buf[i] != 0) ok = false;
    free(buf);
    return ok;
}

/* A name of n copies of unit, NUL-terminated, which the caller frees; NULL when unit is NULL (so a
 * table row can stand for the NULL name). Out of memory is a Check failure. */
static inline char *repeat(const char *unit, int n) {
    if (unit == NULL) return NULL;
    size_t len = strlen(unit);
    char *s = malloc(len * (size_t)n + 1);
    ck_assert_ptr_nonnull(s);
    for (int i = 0; i < n; i++) memcpy(s + len * (size_t)i, unit, len);
    s[len * (size_t)n] = '\0';
    return s;
}

#endif
