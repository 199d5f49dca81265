/* sim/tests/test_ntx.c — the INtime NTX calls a Windows process makes (sim/ntx.h), driven through a
 * whole sim_world. One test (or one table) per NTX.* clause of spec/CLAUSES.md and
 * spec/include/spec/clauses_model.def (NTX.LOCATION.VALUES, NTX.ROOT, NTX.FREE, NTX.CATALOG.ERRORS,
 * NTX.CONTACT) plus TOPO.SHARES_MEMORY; every outcome's status and clause string is asserted and the
 * clause is checked against the spec catalogue. The RT side (RT.*), kernel stop/start and process
 * exit are in test_intime.c.
 *
 * World (fixture TOPO_INTIME_LINKED in sim_test.h): nodes 'host' (Windows, va_limit 128 TiB), 'ctl2' (not
 * Windows) and 'far' (Windows); INtime kernels 'NodeA' on host (index 0, 64 MiB of RT memory, location
 * 0x10000), 'NodeB' on ctl2 (index 1, shares_memory false, 0x20000) and 'NodeF' on far (index 2, 0x30000);
 * links host-ctl2 and host-far, both up. Each kernel's root process takes RTHANDLE 0x4 when the kernel is
 * added, so the first object made on a kernel afterwards is RTHANDLE 0x8. Processes, in index order (which
 * fixes their address windows): 'app' and 'app2' (SIM_PROC_WINDOWS on host, iwin32x kernel NodeA), 'rtA'
 * (SIM_PROC_RT on NodeA) and 'rtB' (SIM_PROC_RT on NodeB). Object ids: the three root processes are
 * #1..#3. Findings go to a sink that copies them. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/intime.h"
#include "sim/mem.h"
#include "sim/iwin32.h"
#include "sim/ntx.h"
#include "sim/world.h"
#include "spec/clauses.h"
#include "spec/constants.h"
#include "spec/functions.h"
#include "spec/status.h"
#include "sim_test.h"
#include "suites.h"
#include "spec/clause_ids.h"

Suite *ntx_suite(void); /* until suites.h declares it */

#define KiB 1024u
#define MiB (1024u * 1024u)
#define GiB (1ull << 30)
#define TiB (1ull << 40)
#define APP_BASE 0x10000000ull             /* process index 0 */
#define APP2_BASE (0x10000000ull + TiB)    /* process index 1 */
#define RTA_BASE (0x10000000ull + 2 * TiB) /* process index 2 */
#define LOC_A 0x10000ull
#define LOC_B 0x20000ull
#define LOC_F 0x30000ull
#define ROOT_A 0x10004ull /* NodeA's root process: (0 + 1) << 16 | 0x4 */
#define ROOT_B 0x20004ull
#define ROOT_F 0x30004ull
#define BAD_NTX 0xFFFFFFFFFFFFFFFFull /* NTX_BAD_NTXHANDLE of a 64-bit process (NTX.LOCATION.VALUES) */
#define RW SIM_NTX_MAP_WRITE
#define UNALIGNED SIM_NTX_MAP_UNALIGNED

/* ---- fixture ---- */

/* The world of the header comment, seed 42: INTIME_LINKED_FIXTURE (sim_test.h) defines w, host_node,
 * ctl2_node, far_node, nodeA, nodeB, nodeF, app, app2, rtA, rtB, findings, world_setup and
 * world_teardown. */
INTIME_LINKED_FIXTURE(42)

/* ---- helpers ---- */

/* The outcome of an NTX or RT call (INtime family; memory steps and events: EXPECT_SIM); the
 * statuses function fn of api may report (documented or model-chosen). */
#define EXPECT_OUTCOME(o, st, cl) EXPECT_INTIME(o, st, cl)
#define EXPECT_ALLOWED(api, fn, st) EXPECT_ALLOWED_IN(api, SPEC_FAMILY_INTIME, fn, st)

static uint64_t ntx_location(sim_process *p, const char *name, sim_outcome *o) {
    *o = unset();
    return sim_ntx_ntxGetLocationByName(p, name, o);
}

static uint64_t ntx_root(sim_process *p, uint64_t location, sim_outcome *o) {
    *o = unset();
    return sim_ntx_ntxGetRootRtProcess(p, location, o);
}

static uint64_t ntx_alloc(sim_process *p, uint64_t location, uint32_t size, sim_outcome *o) {
    *o = unset();
    return sim_ntx_ntxAllocateRtMemory(p, location, size, o);
}

static uint32_t ntx_free(sim_process *p, uint64_t h, sim_outcome *o) {
    *o = unset();
    return sim_ntx_ntxFreeRtMemory(p, h, o);
}

static uint64_t ntx_map(sim_process *p, uint64_t h, sim_outcome *o) {
    *o = unset();
    return sim_ntx_ntxMapRtSharedMemory(p, h, o);
}

static uint64_t ntx_mapex(sim_process *p, uint64_t h, uint32_t flags, sim_outcome *o) {
    *o = unset();
    return sim_ntx_ntxMapRtSharedMemoryEx(p, h, flags, o);
}

static uint32_t ntx_unmap(sim_process *p, uint64_t h, sim_outcome *o) {
    *o = unset();
    return sim_ntx_ntxUnmapRtSharedMemory(p, h, o);
}

static uint64_t ntx_import(sim_process *p, uint64_t rt, uint64_t source, sim_outcome *o) {
    *o = unset();
    return sim_ntx_ntxImportRtHandle(p, rt, source, o);
}

static uint32_t ntx_catalog(sim_process *p, uint64_t proc, uint64_t obj, const char *name, sim_outcome *o) {
    *o = unset();
    return sim_ntx_ntxCatalogNtxHandle(p, proc, obj, name, o);
}

static uint64_t ntx_lookup(sim_process *p, uint64_t proc, const char *name, uint32_t timeout, sim_outcome *o) {
    *o = unset();
    return sim_ntx_ntxLookupNtxhandle(p, proc, name, timeout, o);
}

/* ntxGetLastRtError, whose own outcome is always E_OK. */
static uint32_t ntx_last(sim_process *p) {
    sim_outcome o = unset();
    uint32_t st = sim_ntx_ntxGetLastRtError(p, &o);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_LASTERROR_STICKY);
    return st;
}

/* A segment of `size` bytes allocated by app with ntxAllocateRtMemory; must succeed. */
static uint64_t alloc_ok(uint64_t location, uint32_t size) {
    sim_outcome o;
    uint64_t h = ntx_alloc(app, location, size, &o);
    ck_assert_uint_ne(h, BAD_NTX);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_ALLOC_OK);
    return h;
}

/* rtA's AllocateRtMemory; must succeed. */
static uint64_t rt_block(uint32_t size) {
    sim_outcome o = unset();
    uint64_t va = sim_rt_AllocateRtMemory(rtA, size, &o);
    ck_assert_uint_ne(va, 0);
    EXPECT_OUTCOME(o, ST_E_OK, CL_RT_ALLOC_ROUND);
    return va;
}

/* rtA's CreateRtMemoryHandle over [va, va+size); must succeed. Returns the RTHANDLE. */
static uint64_t rt_segment(uint64_t va, uint32_t size) {
    sim_outcome o = unset();
    uint64_t h = sim_rt_CreateRtMemoryHandle(rtA, va, size, &o);
    ck_assert_uint_ne(h, SIM_BAD_RTHANDLE);
    EXPECT_OUTCOME(o, ST_E_OK, CL_RT_HANDLE_CREATE);
    return h;
}

static void link_down(sim_node *a, sim_node *b) {
    sim_link *l = sim_world_link(w, a, b);
    ck_assert_ptr_nonnull(l);
    l->up = false;
}

static void stop_kernel(sim_kernel *k) {
    sim_outcome o = unset();
    sim_kernel_stop(w, k, &o);
    EXPECT_SIM(o, ST_OK, CL_SIM_KERNEL_STOP);
    ck_assert(!k->running);
}

/* ---- constants (spec/constants.def vs sim/ntx.h, sim/intime.h) ---- */

START_TEST(constants_match_the_spec) {
    /* NTX.LOCATION.VALUES, seed:000 flags */
    ck_assert_uint_eq(SIM_NTX_BAD_HANDLE, (uint64_t)K_NTX_BAD_NTXHANDLE);
    ck_assert_uint_eq(SIM_NTX_BAD_HANDLE, 0xFFFFFFFFFFFFFFFFull);                 /* ntx.h NTXHANDLE(-1) */
    ck_assert_uint_eq((uint64_t)K_NTX_UNDEFINED_LOCATION, 0xFFFFFFFFFFFFFFFFull); /* ntx.h NTXLOCATION(-1) */
    ck_assert_uint_eq(SIM_NTX_UNDEFINED_LOCATION, (uint64_t)K_NTX_UNDEFINED_LOCATION);
    uint64_t looked_up = 0;
    ck_assert(spec_const_lookup("NTX_BAD_NTXHANDLE", &looked_up));
    ck_assert_uint_eq(looked_up, 0xFFFFFFFFFFFFFFFFull);
    ck_assert(spec_const_lookup("NTX_UNDEFINED_LOCATION", &looked_up));
    ck_assert_uint_eq(looked_up, 0xFFFFFFFFFFFFFFFFull);
    ck_assert_uint_eq(SIM_NTX_VALUE_MAX, 0xFFFFFFFFull);
    ck_assert_uint_eq(K_NTX_LOCAL, 0); /* ntx.h NULL */
    ck_assert_uint_eq(SIM_NTX_LOCAL, (uint64_t)K_NTX_LOCAL);
    ck_assert_uint_eq(K_NTX_NULL_NTXHANDLE, 0);
    ck_assert_uint_eq(SIM_NTX_MAP_WRITE, K_NTX_MAP_WRITE);
    ck_assert_uint_eq(SIM_NTX_MAP_WRITE, 0x4);
    ck_assert_uint_eq(SIM_NTX_MAP_UNALIGNED, K_NTX_MAP_UNALIGNED);
    ck_assert_uint_eq(SIM_NTX_MAP_UNALIGNED, 0x10000);
    ck_assert_uint_eq(SIM_BAD_RTHANDLE, K_BAD_RTHANDLE);
    ck_assert_uint_eq(SIM_NTX_MAX_MAP_BYTES, 0xFFFFF000ull);
    ck_assert_uint_eq(SIM_NTX_LOCATION_UNIT, 0x10000);
    ck_assert_uint_eq(ST_E_EXIST, 0x0006);
    ck_assert_uint_eq(ST_E_STATE, 0x0007);
    ck_assert_uint_eq(ST_E_TYPE, 0x8002);
    ck_assert_uint_eq(ST_E_ALIGNMENT, 0x80F1);
    ck_assert_uint_eq(ST_E_LOCATION, 0x8F02);
    ck_assert_uint_eq(ST_E_NTX_INTERNAL_ERROR, 0x1001);
    ck_assert_uint_eq(ST_E_VMEM, 0x00F0);
}
END_TEST

/* NTX.LOCATION.VALUES: the model's Windows process is 64-bit (ntx.h "NTXHANDLE = pointer; NTXLOCATION =
 * pointer", ntx64.lib), so each failure returns NTXHANDLE(-1) / NTXLOCATION(-1) as 64 bits, never the 32-bit
 * 0xFFFFFFFF; the sentinel passed back as a location is still "not an NTX location" (NTX.LOCATION.ERRORS). */
START_TEST(ntx_location_values_sentinels_are_64_bit) {
    sim_outcome o;
    uint64_t undefined = ntx_location(app, "NoSuchNode", &o);
    ck_assert_uint_eq(undefined, 0xFFFFFFFFFFFFFFFFull);
    EXPECT_OUTCOME(o, ST_E_EXIST, CL_NTX_LOCATION_UNDEFINED);
    ck_assert_uint_eq(ntx_alloc(app, LOC_A, 0, &o), 0xFFFFFFFFFFFFFFFFull);
    EXPECT_OUTCOME(o, ST_E_PARAM, CL_NTX_ALLOC_E_PARAM);
    ck_assert_uint_eq(ntx_root(app, 0x50000, &o), 0xFFFFFFFFFFFFFFFFull); /* names no kernel */
    EXPECT_OUTCOME(o, ST_E_LOCATION, CL_NTX_LOCATION_ERRORS);
    ck_assert_uint_eq(ntx_root(app, 0x10001, &o), 0xFFFFFFFFFFFFFFFFull); /* not a location */
    EXPECT_OUTCOME(o, ST_E_PARAM, CL_NTX_LOCATION_ERRORS);
    ck_assert_uint_eq(ntx_root(app, undefined, &o), 0xFFFFFFFFFFFFFFFFull);
    EXPECT_OUTCOME(o, ST_E_PARAM, CL_NTX_LOCATION_ERRORS);
    ck_assert_uint_eq(ntx_last(app), ST_E_PARAM);
    ck_assert_uint_eq(ntx_root(app, LOC_A, &o), ROOT_A); /* success values stay 32-bit */
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_ROOT);
}
END_TEST

/* ---- NTX.LOCATION.BY_NAME, NTX.LOCATION.VALUES, NTX.CONTACT ---- */

static const struct { const char *name; uint64_t location; } locations[] = {
    {"NodeA", 0x10000}, /* 0x10000 * (index 0 + 1) */
    {"NodeB", 0x20000}, /* reached over the host-ctl2 link; shares_memory does not matter here */
    {"NodeF", 0x30000},
};

START_TEST(location_of_running_reachable_kernel) {
    sim_outcome o;
    uint64_t loc = ntx_location(app, locations[_i].name, &o);
    ck_assert_uint_eq(loc, locations[_i].location);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_LOCATION_BY_NAME);
    EXPECT_ALLOWED(SPEC_API_NTX, "ntxGetLocationByName", o.status);
    ck_assert_uint_eq(ntx_last(app), ST_E_OK);
    ck_assert_uint_eq(app->last_error, 0); /* the RT/iwin32 slot is another slot */
}
END_TEST

typedef enum { PRE_NONE = 0, PRE_STOP_A, PRE_STOP_F, PRE_LINK_B_DOWN, PRE_LINK_F_DOWN } precondition;

static void apply(precondition pre) {
    switch (pre) {
    case PRE_NONE: break;
    case PRE_STOP_A: stop_kernel(nodeA); break;
    case PRE_STOP_F: stop_kernel(nodeF); break;
    case PRE_LINK_B_DOWN: link_down(host_node, ctl2_node); break;
    case PRE_LINK_F_DOWN: link_down(far_node, host_node); break; /* either order finds the link */
    }
}

static const struct { const char *name; precondition pre; } bad_locations[] = {
    {"NodeZ", PRE_NONE},         /* unknown */
    {"nodea", PRE_NONE},         /* kernel ids compare exactly */
    {"", PRE_NONE},
    {NULL, PRE_NONE},
    {"host", PRE_NONE},          /* a node, not a kernel */
    {"NodeA", PRE_STOP_A},       /* offline: stopped */
    {"NodeF", PRE_STOP_F},
    {"NodeB", PRE_LINK_B_DOWN},  /* offline: unreachable */
    {"NodeF", PRE_LINK_F_DOWN},
};

START_TEST(location_of_unknown_stopped_or_unreachable_kernel_is_undefined) {
    /* NTX.LOCATION.BY_NAME: E_EXIST; NTX.LOCATION.UNDEFINED: NTX_UNDEFINED_LOCATION (0xFFFFFFFFFFFFFFFF), not NULL */
    apply(bad_locations[_i].pre);
    sim_outcome o;
    ck_assert_uint_eq(ntx_location(app, bad_locations[_i].name, &o), K_NTX_UNDEFINED_LOCATION);
    EXPECT_OUTCOME(o, ST_E_EXIST, CL_NTX_LOCATION_UNDEFINED);
    EXPECT_ALLOWED(SPEC_API_NTX, "ntxGetLocationByName", o.status);
    ck_assert_uint_eq(ntx_last(app), ST_E_EXIST);
}
END_TEST

START_TEST(location_link_back_up_makes_kernel_reachable_again) {
    sim_outcome o;
    link_down(host_node, ctl2_node);
    ck_assert_uint_eq(ntx_location(app, "NodeB", &o), SIM_NTX_UNDEFINED_LOCATION);
    sim_world_link(w, ctl2_node, host_node)->up = true;
    ck_assert_uint_eq(ntx_location(app, "NodeB", &o), LOC_B);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_LOCATION_BY_NAME);
}
END_TEST

START_TEST(contact_is_direct_without_routing_through_third_nodes) {
    /* NTX.CONTACT: far is linked to host only; ctl2 is two hops away. */
    sim_process *farapp = sim_world_add_process(w, "farapp", SIM_PROC_WINDOWS, far_node, nodeF);
    ck_assert_ptr_nonnull(farapp);
    sim_outcome o;
    ck_assert_uint_eq(ntx_location(farapp, "NodeF", &o), LOC_F); /* its own node */
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_LOCATION_BY_NAME);
    ck_assert_uint_eq(ntx_location(farapp, "NodeA", &o), LOC_A); /* one link */
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_LOCATION_BY_NAME);
    ck_assert_uint_eq(ntx_location(farapp, "NodeB", &o), SIM_NTX_UNDEFINED_LOCATION); /* no routing */
    EXPECT_OUTCOME(o, ST_E_EXIST, CL_NTX_LOCATION_UNDEFINED);
    ck_assert_uint_eq(ntx_root(farapp, LOC_B, &o), BAD_NTX);
    EXPECT_OUTCOME(o, ST_E_NTX_INTERNAL_ERROR, CL_NTX_CONTACT);
    ck_assert(!sim_world_reachable(w, far_node, ctl2_node));
    ck_assert(sim_world_reachable(w, ctl2_node, host_node));
    /* TOPO.SHARES_MEMORY: NodeF shares memory with the Windows host of its own node. */
    uint64_t h = ntx_alloc(farapp, LOC_F, 4096, &o);
    ck_assert_uint_eq(h, 0x30008);
    uint64_t base = 0x10000000ull + 4 * TiB; /* farapp is process index 4 */
    ck_assert_uint_eq(ntx_map(farapp, h, &o), base);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_MAP_OK);
    ck_assert(mem_write(farapp, base + 4095, "f", 1, &o));
}
END_TEST

/* ---- NTX.ROOT ---- */

START_TEST(root_process_of_each_kernel) {
    static const struct { uint64_t location, root; } roots[] = {{LOC_A, ROOT_A}, {LOC_B, ROOT_B}, {LOC_F, ROOT_F}};
    sim_kernel *kernels[] = {nodeA, nodeB, nodeF};
    for (int i = 0; i < 3; i++) {
        sim_outcome o;
        ck_assert_uint_eq(ntx_root(app, roots[i].location, &o), roots[i].root);
        EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_ROOT);
        EXPECT_ALLOWED(SPEC_API_NTX, "ntxGetRootRtProcess", o.status);
        ck_assert_ptr_eq(sim_rt_lookup(kernels[i], 0x4), sim_rt_root(kernels[i]));
        ck_assert_int_eq(sim_rt_root(kernels[i])->kind, SIM_OBJ_RTPROC);
        ck_assert_uint_eq(sim_rt_root(kernels[i])->id, (uint64_t)i + 1);
        ck_assert_uint_eq(sim_ntx_handle(kernels[i], 0x4), roots[i].root);
    }
    ck_assert_uint_eq(ntx_last(app), ST_E_OK);
}
END_TEST

/* NTX.LOCATION.ERRORS: "not an NTX location" (E_PARAM) or "doesn't exist" (E_LOCATION) */
static const struct { uint64_t location; uint32_t status; } bad_root_locations[] = {
    {0x10001, ST_E_PARAM},           /* not a multiple of 0x10000 */
    {0x10004, ST_E_PARAM},           /* an NTXHANDLE, not a location */
    {0x40000, ST_E_LOCATION},        /* kernel index 3: none */
    {0xFFFF0000, ST_E_LOCATION},
    {0xFFFFFFFF, ST_E_PARAM},        /* not a multiple of 0x10000 (the sentinels' low 32 bits) */
    {0x100010000ull, ST_E_PARAM},    /* above 32 bits */
    {0xFFFFFFFF00000000ull, ST_E_PARAM},  /* a multiple of 0x10000, above 32 bits */
    {0xFFFFFFFFFFFFFFFFull, ST_E_PARAM},  /* NTX_UNDEFINED_LOCATION, NTX_BAD_NTXHANDLE */
};

START_TEST(root_of_location_that_names_no_kernel_is_bad_handle) {
    sim_outcome o;
    ck_assert_uint_eq(ntx_root(app, bad_root_locations[_i].location, &o), BAD_NTX);
    EXPECT_OUTCOME(o, bad_root_locations[_i].status, CL_NTX_LOCATION_ERRORS);
    EXPECT_ALLOWED(SPEC_API_NTX, "ntxGetRootRtProcess", o.status);
    ck_assert_uint_eq(ntx_last(app), bad_root_locations[_i].status);
    ck_assert_uint_eq(ntx_alloc(app, bad_root_locations[_i].location, 4096, &o), BAD_NTX);
    EXPECT_OUTCOME(o, bad_root_locations[_i].status, CL_NTX_LOCATION_ERRORS);
    EXPECT_ALLOWED(SPEC_API_NTX, "ntxAllocateRtMemory", o.status);
}
END_TEST

START_TEST(ntx_local_is_the_one_kernel_of_the_callers_node) {
    /* NTX.LOCATION.LOCAL: NTX_LOCAL (NULL) "referring to the RT subsystem sharing a single processor
     * with the NTX application"; "E_LOCATION if there is more than one instance of the RT layer". */
    sim_outcome o;
    ck_assert_uint_eq(ntx_root(app, K_NTX_LOCAL, &o), ROOT_A); /* host has NodeA only */
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_ROOT);
    uint64_t h = ntx_alloc(app, K_NTX_LOCAL, 4096, &o);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_ALLOC_OK);
    ck_assert_uint_eq(h >> 16, 1); /* a segment of NodeA */
    /* a second INtime kernel on the caller's node makes NTX_LOCAL ambiguous */
    ck_assert_ptr_nonnull(sim_world_add_kernel(w, "NodeA2", SIM_KERNEL_INTIME, host_node, true, true, 1u << 20, 0));
    ck_assert_uint_eq(ntx_root(app, K_NTX_LOCAL, &o), BAD_NTX);
    EXPECT_OUTCOME(o, ST_E_LOCATION, CL_NTX_LOCATION_LOCAL);
    EXPECT_ALLOWED(SPEC_API_NTX, "ntxGetRootRtProcess", o.status);
    ck_assert_uint_eq(ntx_last(app), ST_E_LOCATION);
    ck_assert_uint_eq(ntx_alloc(app, K_NTX_LOCAL, 4096, &o), BAD_NTX);
    EXPECT_OUTCOME(o, ST_E_LOCATION, CL_NTX_LOCATION_LOCAL);
    EXPECT_ALLOWED(SPEC_API_NTX, "ntxAllocateRtMemory", o.status);
    /* a process on a node without an INtime kernel: none to name (model: E_LOCATION too) */
}
END_TEST

static const struct { uint64_t location; precondition pre; } uncontactable[] = {
    {LOC_A, PRE_STOP_A}, {LOC_F, PRE_STOP_F}, {LOC_B, PRE_LINK_B_DOWN}, {LOC_F, PRE_LINK_F_DOWN},
};

START_TEST(root_of_kernel_that_cannot_be_contacted) {
    /* NTX.ROOT: E_NTX_INTERNAL_ERROR, citing NTX.CONTACT (the map calls cite NTX.MAP.E_NTX_INTERNAL_ERROR). */
    apply(uncontactable[_i].pre);
    sim_outcome o;
    ck_assert_uint_eq(ntx_root(app, uncontactable[_i].location, &o), BAD_NTX);
    EXPECT_OUTCOME(o, ST_E_NTX_INTERNAL_ERROR, CL_NTX_CONTACT);
    EXPECT_ALLOWED(SPEC_API_NTX, "ntxGetRootRtProcess", o.status);
    ck_assert_uint_eq(ntx_last(app), ST_E_NTX_INTERNAL_ERROR);
}
END_TEST

/* ---- NTX.LOCATION.VALUES: NTXHANDLE = (kernel index + 1) << 16 | RTHANDLE, recycling ---- */

START_TEST(ntxhandle_is_kernel_index_and_rthandle) {
    sim_outcome o;
    ck_assert_uint_eq(alloc_ok(LOC_A, 4096), 0x10008);
    ck_assert_uint_eq(alloc_ok(LOC_B, 4096), 0x20008);
    ck_assert_uint_eq(alloc_ok(LOC_F, 4096), 0x30008);
    ck_assert_uint_eq(sim_ntx_handle(nodeB, 0x8), 0x20008);
    /* The RTHANDLE comes from the kernel's one table: an RT semaphore takes the next value. */
    uint64_t sem = sim_rt_CreateRtSemaphore(rtA, 0, 1, 0, &o);
    ck_assert_uint_eq(sem, 0xC);
    ck_assert_uint_eq(alloc_ok(LOC_A, 4096), 0x10010);
    sim_object *seg = sim_rt_lookup(nodeA, 0x10);
    ck_assert_ptr_nonnull(seg);
    ck_assert_int_eq(seg->kind, SIM_OBJ_SEGMENT);
    ck_assert_uint_eq(sim_rt_of(seg)->rthandle, 0x10);
    ck_assert(sim_rt_of(seg)->owns_base);
    ck_assert_uint_eq(sim_rt_of(seg)->base_offset, 0);
    ck_assert_uint_eq(sim_rt_of(seg)->length, 4096);
    ck_assert_int_eq(sim_rt_lookup(nodeA, 0xC)->kind, SIM_OBJ_RTSEM);
    /* The semaphore's NTXHANDLE is its RTHANDLE under NodeA's prefix. */
    ck_assert_uint_eq(ntx_import(app, sem, ROOT_A, &o), 0x1000C);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_MAP_IMPORT_RTHANDLE);
}
END_TEST

START_TEST(freed_handle_value_is_the_next_one_given_out) {
    /* NTX.LOCATION.VALUES, NTX.MAP.CACHE_REUSE relies on it: last freed, first reused, per kernel. */
    sim_outcome o;
    uint64_t h1 = alloc_ok(LOC_A, 4096), h2 = alloc_ok(LOC_A, 4096), h3 = alloc_ok(LOC_A, 4096);
    ck_assert_uint_eq(h1, 0x10008);
    ck_assert_uint_eq(h2, 0x1000C);
    ck_assert_uint_eq(h3, 0x10010);
    ck_assert_uint_eq(ntx_free(app, h2, &o), ST_E_OK);
    ck_assert_uint_eq(ntx_free(app, h1, &o), ST_E_OK);
    ck_assert_uint_eq(alloc_ok(LOC_F, 4096), 0x30008); /* another kernel's table is separate */
    ck_assert_uint_eq(alloc_ok(LOC_A, 4096), 0x10008); /* freed last, reused first */
    ck_assert_uint_eq(alloc_ok(LOC_A, 4096), 0x1000C);
    ck_assert_uint_eq(alloc_ok(LOC_A, 4096), 0x10014); /* then the table grows */
    /* The same holds for values freed on the RT side. */
    ck_assert(sim_rt_DeleteRtMemoryHandle(rtA, 0xC, &o));
    EXPECT_OUTCOME(o, ST_E_OK, CL_RT_HANDLE_DELETE);
    ck_assert_uint_eq(alloc_ok(LOC_A, 4096), 0x1000C);
}
END_TEST

/* ---- NTX.ALLOC.OK, NTX.ALLOC.E_PARAM, NTX.ALLOC.E_MEM ---- */

static const struct { uint32_t size; uint64_t rounded; } alloc_sizes[] = {
    {1, 4096}, {100, 4096}, {4095, 4096}, {4096, 4096}, {4097, 8192}, {65536, 65536}, {65537, 69632},
};

START_TEST(alloc_rounds_size_up_to_pages) {
    uint64_t rounded = alloc_sizes[_i].rounded;
    sim_outcome o;
    uint64_t h = ntx_alloc(app, LOC_A, alloc_sizes[_i].size, &o);
    ck_assert_uint_eq(h, 0x10008);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_ALLOC_OK);
    EXPECT_ALLOWED(SPEC_API_NTX, "ntxAllocateRtMemory", o.status);
    ck_assert_uint_eq(nodeA->memory_used_bytes, rounded);
    sim_object *seg = sim_rt_lookup(nodeA, 0x8);
    ck_assert_uint_eq(sim_rt_of(seg)->length, rounded);
    ck_assert_uint_eq(sim_rt_of(seg)->base->size_bytes, rounded);
    /* A map covers exactly the rounded size: its last byte is usable, the next one faults. */
    uint64_t p = ntx_map(app, h, &o);
    ck_assert_uint_eq(p, APP_BASE);
    ck_assert_uint_eq(app->as.views[0].length, rounded);
    unsigned char b = 0xEE;
    ck_assert(mem_read(app, p + rounded - 1, &b, 1, &o));
    /* past the size asked: NTX.ALLOC.ROUND; the last byte of an exact size never written: the zero fill */
    EXPECT_SIM(o, ST_OK, alloc_sizes[_i].size == rounded ? CL_NTX_ALLOC_FRESH_MEMORY : CL_NTX_ALLOC_ROUND);
    ck_assert_uint_eq(b, 0); /* zero-filled */
    ck_assert(mem_write(app, p + rounded - 1, "z", 1, &o));
    ck_assert(!mem_read(app, p + rounded, &b, 1, &o));
    EXPECT_SIM(o, ST_ACCESS_VIOLATION, CL_MEM_VIEW_OUTSIDE);
    ck_assert(!mem_write(app, p + rounded, "z", 1, &o));
    EXPECT_SIM(o, ST_ACCESS_VIOLATION, CL_MEM_VIEW_OUTSIDE);
}
END_TEST

START_TEST(alloc_size_zero_is_e_param) {
    sim_outcome o;
    ck_assert_uint_eq(ntx_alloc(app, LOC_A, 0, &o), BAD_NTX);
    EXPECT_OUTCOME(o, ST_E_PARAM, CL_NTX_ALLOC_E_PARAM);
    EXPECT_ALLOWED(SPEC_API_NTX, "ntxAllocateRtMemory", o.status);
    ck_assert_uint_eq(ntx_last(app), ST_E_PARAM);
    ck_assert_uint_eq(nodeA->memory_used_bytes, 0);
    ck_assert_uint_eq(sim_rt_table(nodeA)->open, 1); /* the root process only */
    ck_assert_ptr_eq(nodeA->first_object, sim_rt_root(nodeA));
    ck_assert_ptr_eq(nodeA->last_object, sim_rt_root(nodeA));
}
END_TEST

static const struct { uint32_t first, second; } exhaustion[] = {
    {0, 64 * MiB + 1},        /* more than the kernel has */
    {0, 0xFFFFFFFFu},         /* rounds to 4 GiB */
    {64 * MiB, 1},            /* all of it taken */
    {64 * MiB - 4096, 4097},  /* one page left, two wanted */
};

START_TEST(alloc_beyond_kernel_memory_is_e_mem) {
    sim_outcome o;
    uint64_t first = 0;
    if (exhaustion[_i].first) first = alloc_ok(LOC_A, exhaustion[_i].first);
    uint64_t used = nodeA->memory_used_bytes;
    ck_assert_uint_eq(ntx_alloc(app, LOC_A, exhaustion[_i].second, &o), BAD_NTX);
    EXPECT_OUTCOME(o, ST_E_MEM, CL_NTX_ALLOC_E_MEM);
    EXPECT_ALLOWED(SPEC_API_NTX, "ntxAllocateRtMemory", o.status);
    ck_assert_uint_eq(ntx_last(app), ST_E_MEM);
    ck_assert_uint_eq(nodeA->memory_used_bytes, used);
    ck_assert_uint_eq(sim_rt_table(nodeA)->open, first ? 2 : 1);
    if (first) {
        /* Freeing returns the memory: the same request now fits when it is not above the total. */
        ck_assert_uint_eq(ntx_free(app, first, &o), ST_E_OK);
        ck_assert_uint_eq(nodeA->memory_used_bytes, 0);
        ck_assert_uint_eq(ntx_alloc(app, LOC_A, exhaustion[_i].second, &o), 0x10008);
        EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_ALLOC_OK);
    }
}
END_TEST

START_TEST(alloc_exactly_all_kernel_memory_fits) {
    ck_assert_uint_eq(alloc_ok(LOC_A, 64 * MiB), 0x10008);
    ck_assert_uint_eq(nodeA->memory_used_bytes, 64 * MiB);
    ck_assert_uint_eq(alloc_ok(LOC_B, 64 * MiB), 0x20008); /* per-kernel memory */
}
END_TEST

static const struct { uint64_t location; precondition pre; uint32_t status; const char *clause; } alloc_bad_locations[] = {
    {0x40000, PRE_NONE, ST_E_LOCATION, CL_NTX_LOCATION_ERRORS},
    {0x10008, PRE_NONE, ST_E_PARAM, CL_NTX_LOCATION_ERRORS},
    {K_NTX_UNDEFINED_LOCATION, PRE_NONE, ST_E_PARAM, CL_NTX_LOCATION_ERRORS},
    {LOC_A, PRE_STOP_A, ST_E_NTX_INTERNAL_ERROR, CL_NTX_CONTACT},
    {LOC_B, PRE_LINK_B_DOWN, ST_E_NTX_INTERNAL_ERROR, CL_NTX_CONTACT},
};

START_TEST(alloc_at_bad_or_uncontactable_location_fails) {
    apply(alloc_bad_locations[_i].pre);
    sim_outcome o;
    ck_assert_uint_eq(ntx_alloc(app, alloc_bad_locations[_i].location, 4096, &o), BAD_NTX);
    EXPECT_OUTCOME(o, alloc_bad_locations[_i].status, alloc_bad_locations[_i].clause);
    EXPECT_ALLOWED(SPEC_API_NTX, "ntxAllocateRtMemory", o.status);
    ck_assert_uint_eq(ntx_last(app), alloc_bad_locations[_i].status);
    ck_assert_uint_eq(nodeA->memory_used_bytes, 0);
    /* The location is checked before the size. */
    ck_assert_uint_eq(ntx_alloc(app, alloc_bad_locations[_i].location, 0, &o), BAD_NTX);
    ck_assert_uint_eq(o.status, alloc_bad_locations[_i].status);
}
END_TEST

/* ---- NTX.FREE ---- */

START_TEST(free_segment_returns_memory_and_handle) {
    sim_outcome o;
    uint64_t h = alloc_ok(LOC_A, 3 * 4096);
    ck_assert_uint_eq(nodeA->memory_used_bytes, 3 * 4096);
    ck_assert_uint_eq(ntx_free(app, h, &o), ST_E_OK);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_FREE);
    EXPECT_ALLOWED(SPEC_API_NTX, "ntxFreeRtMemory", o.status);
    ck_assert_uint_eq(nodeA->memory_used_bytes, 0);
    ck_assert_ptr_null(sim_rt_lookup(nodeA, 0x8));
    ck_assert_uint_eq(sim_rt_table(nodeA)->open, 1);
    ck_assert_ptr_eq(nodeA->first_object, sim_rt_root(nodeA)); /* segment and memory are gone */
    ck_assert_ptr_eq(nodeA->last_object, sim_rt_root(nodeA));
    /* A stale handle. */
    ck_assert_uint_eq(ntx_free(app, h, &o), ST_E_EXIST);
    EXPECT_OUTCOME(o, ST_E_EXIST, CL_NTX_FREE);
    ck_assert_uint_eq(ntx_last(app), ST_E_EXIST);
}
END_TEST

START_TEST(free_segment_over_rt_memory_keeps_the_memory) {
    /* NTX.FREE frees the segment and only memory it owns: CreateRtMemoryHandle's memory stays. */
    sim_outcome o;
    uint64_t va = rt_block(8192);
    uint64_t rth = rt_segment(va, 8192);
    ck_assert_uint_eq(rth, 0x8);
    ck_assert_uint_eq(ntx_free(app, 0x10008, &o), ST_E_OK);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_FREE);
    ck_assert_ptr_null(sim_rt_lookup(nodeA, 0x8));
    ck_assert_uint_eq(nodeA->memory_used_bytes, 8192);
    ck_assert(mem_write(rtA, va + 8191, "k", 1, &o));
    EXPECT_SIM(o, ST_OK, CL_MEM_SHARED);
}
END_TEST

static const struct { uint64_t h; uint32_t status; } free_rejects[] = {
    {ROOT_A, ST_E_TYPE},  /* a process */
    {0x1000C, ST_E_TYPE}, /* the semaphore made below */
    {0x10040, ST_E_EXIST},
    {0x50008, ST_E_EXIST},
    {0, ST_E_EXIST},
    {0x8, ST_E_EXIST},    /* an RTHANDLE, not converted */
    {BAD_NTX, ST_E_EXIST},
};

START_TEST(free_of_non_segment_or_stale_handle_fails) {
    sim_outcome o;
    ck_assert_uint_eq(alloc_ok(LOC_A, 4096), 0x10008);
    ck_assert_uint_eq(sim_rt_CreateRtSemaphore(rtA, 0, 1, 0, &o), 0xC);
    ck_assert_uint_eq(ntx_free(app, free_rejects[_i].h, &o), free_rejects[_i].status);
    EXPECT_OUTCOME(o, free_rejects[_i].status, CL_NTX_FREE);
    EXPECT_ALLOWED(SPEC_API_NTX, "ntxFreeRtMemory", o.status);
    ck_assert_uint_eq(ntx_last(app), free_rejects[_i].status);
    ck_assert_uint_eq(sim_rt_table(nodeA)->open, 3);
    ck_assert_uint_eq(nodeA->memory_used_bytes, 4096);
}
END_TEST

START_TEST(free_on_uncontactable_kernel_fails) {
    sim_outcome o;
    uint64_t h = alloc_ok(LOC_B, 4096);
    link_down(host_node, ctl2_node);
    ck_assert_uint_eq(ntx_free(app, h, &o), ST_E_NTX_INTERNAL_ERROR);
    EXPECT_OUTCOME(o, ST_E_NTX_INTERNAL_ERROR, CL_NTX_CONTACT);
    ck_assert_uint_eq(nodeB->memory_used_bytes, 4096);
    sim_world_link(w, host_node, ctl2_node)->up = true;
    ck_assert_uint_eq(ntx_free(app, h, &o), ST_E_OK);
    ck_assert_uint_eq(nodeB->memory_used_bytes, 0);
}
END_TEST

/* ---- NTX.MAP.OK, NTX.MAP.SAME_POINTER, NTX.MAP.EQUALS_EX_WRITE ---- */

START_TEST(map_returns_read_write_view_of_whole_segment) {
    sim_outcome o;
    uint64_t h = alloc_ok(LOC_A, 8192);
    uint64_t p = ntx_map(app, h, &o);
    ck_assert_uint_eq(p, APP_BASE);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_MAP_OK);
    EXPECT_ALLOWED(SPEC_API_NTX, "ntxMapRtSharedMemory", o.status);
    ck_assert_uint_eq(app->as.count, 1);
    ck_assert(app->as.views[0].writable);
    ck_assert_uint_eq(app->as.views[0].length, 8192);
    ck_assert_uint_eq(sim_ntx_of(app)->cache.count, 1);
    ck_assert(mem_write(app, p, "first", 5, &o));
    EXPECT_SIM(o, ST_OK, CL_MEM_SHARED);
    ck_assert(mem_write(app, p + 8192 - 4, "last", 4, &o));
    char buf[5];
    ck_assert(mem_read(app, p, buf, 5, &o));
    ck_assert_mem_eq(buf, "first", 5);
    ck_assert(mem_read(app, p + 8188, buf, 4, &o));
    ck_assert_mem_eq(buf, "last", 4);
    ck_assert_uint_eq(ntx_last(app), ST_E_OK);
}
END_TEST

START_TEST(map_reaches_the_same_bytes_as_the_rt_view) {
    /* NTX.MAP.OK, MEM.SHARED: a segment from CreateRtMemoryHandle over AllocateRtMemory memory. */
    sim_outcome o;
    uint64_t va = rt_block(8192);
    ck_assert_uint_eq(va, RTA_BASE);
    uint64_t rth = rt_segment(va, 8192);
    ck_assert_uint_eq(rth, 0x8);
    uint64_t h = ntx_import(app, rth, ROOT_A, &o);
    ck_assert_uint_eq(h, 0x10008);
    ck_assert(mem_write(rtA, va + 10, "from rt", 7, &o));
    uint64_t p = ntx_map(app, h, &o);
    ck_assert_uint_eq(p, APP_BASE);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_MAP_OK);
    char buf[8] = {0};
    ck_assert(mem_read(app, p + 10, buf, 7, &o));
    ck_assert_str_eq(buf, "from rt");
    ck_assert(mem_write(app, p + 8191, "W", 1, &o));
    ck_assert(mem_read(rtA, va + 8191, buf, 1, &o));
    ck_assert_int_eq(buf[0], 'W');
    /* Both views are of the one memory block. */
    ck_assert_ptr_eq(app->as.views[0].obj, rtA->as.views[0].obj);
    ck_assert_uint_eq(app->as.views[0].obj->view_count, 2);
}
END_TEST

START_TEST(map_again_returns_the_same_pointer) {
    sim_outcome o;
    uint64_t h = alloc_ok(LOC_A, 4096);
    uint64_t p = ntx_map(app, h, &o);
    ck_assert_uint_eq(p, APP_BASE);
    static const struct { bool ex; uint32_t flags; } again[] = {
        {false, 0}, {true, RW}, {true, RW | UNALIGNED}, {true, 0}, {true, UNALIGNED}, {false, 0},
    };
    for (size_t i = 0; i < sizeof again / sizeof again[0]; i++) {
        uint64_t q = again[i].ex ? ntx_mapex(app, h, again[i].flags, &o) : ntx_map(app, h, &o);
        ck_assert_uint_eq(q, p);
        EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_MAP_SAME_POINTER);
    }
    ck_assert_uint_eq(app->as.count, 1); /* one view behind every mapping */
    ck_assert_uint_eq(sim_ntx_of(app)->cache.count, 1);
    ck_assert(app->as.views[0].writable); /* a later MapEx without NTX_MAP_WRITE keeps it writable */
    ck_assert(mem_write(app, p, "x", 1, &o));
    ck_assert_uint_eq(findings.count, 0);
}
END_TEST

START_TEST(mapex_first_then_map_returns_the_same_pointer) {
    sim_outcome o;
    uint64_t h = alloc_ok(LOC_A, 4096);
    uint64_t p = ntx_mapex(app, h, RW, &o);
    ck_assert_uint_eq(p, APP_BASE);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_MAP_OK);
    EXPECT_ALLOWED(SPEC_API_NTX, "ntxMapRtSharedMemoryEx", o.status);
    ck_assert_uint_eq(ntx_map(app, h, &o), p);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_MAP_SAME_POINTER);
    ck_assert_uint_eq(app->as.count, 1);
}
END_TEST

START_TEST(map_equals_mapex_write_in_another_process) {
    /* NTX.MAP.EQUALS_EX_WRITE: each process gets its own view at its window base, read-write. */
    sim_outcome o1, o2;
    uint64_t h = alloc_ok(LOC_A, 8192);
    uint64_t p1 = ntx_map(app, h, &o1);
    uint64_t p2 = ntx_mapex(app2, h, RW, &o2);
    ck_assert_uint_eq(p1 - APP_BASE, p2 - APP2_BASE);
    ck_assert_uint_eq(p2, APP2_BASE);
    ck_assert_uint_eq(o1.status, o2.status);
    ck_assert_str_eq(o1.clause, o2.clause);
    EXPECT_OUTCOME(o2, ST_E_OK, CL_NTX_MAP_OK);
    ck_assert_int_eq(app->as.views[0].writable, app2->as.views[0].writable);
    ck_assert_uint_eq(app->as.views[0].length, app2->as.views[0].length);
    sim_outcome o;
    ck_assert(mem_write(app2, p2 + 100, "two", 3, &o));
    char buf[3];
    ck_assert(mem_read(app, p1 + 100, buf, 3, &o));
    ck_assert_mem_eq(buf, "two", 3);
}
END_TEST

/* ---- NTX.MAP.FIRST_UNMAP_INVALIDATES, NTX.UNMAP.OK, NTX.UNMAP.E_STATE ---- */

START_TEST(first_unmap_invalidates_every_earlier_pointer) {
    sim_outcome o;
    uint64_t h = alloc_ok(LOC_A, 4096);
    uint64_t p1 = ntx_map(app, h, &o);
    uint64_t p2 = ntx_mapex(app, h, RW, &o);
    uint64_t p3 = ntx_map(app, h, &o);
    ck_assert_uint_eq(p1, APP_BASE);
    ck_assert_uint_eq(p2, p1);
    ck_assert_uint_eq(p3, p1);
    uint64_t q = ntx_map(app2, h, &o); /* another process's mapping is its own */
    ck_assert(mem_write(app, p1, "data", 4, &o));
    ck_assert_uint_eq(ntx_unmap(app, h, &o), ST_E_OK);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_UNMAP_OK);
    EXPECT_ALLOWED(SPEC_API_NTX, "ntxUnmapRtSharedMemory", o.status);
    ck_assert_uint_eq(app->as.count, 0);
    ck_assert_uint_eq(sim_ntx_of(app)->cache.count, 0);
    uint64_t earlier[] = {p1, p2, p3};
    char buf[4];
    for (int i = 0; i < 3; i++) {
        ck_assert(!mem_read(app, earlier[i], buf, 4, &o));
        EXPECT_SIM(o, ST_ACCESS_VIOLATION, CL_MEM_VIEW_OUTSIDE);
        ck_assert(!mem_write(app, earlier[i], "gone", 4, &o));
        EXPECT_SIM(o, ST_ACCESS_VIOLATION, CL_MEM_VIEW_OUTSIDE);
    }
    /* The second unmap finds nothing mapped. */
    ck_assert_uint_eq(ntx_unmap(app, h, &o), ST_E_STATE);
    EXPECT_OUTCOME(o, ST_E_STATE, CL_NTX_UNMAP_E_STATE);
    ck_assert_uint_eq(ntx_last(app), ST_E_STATE);
    /* app2 and the segment are untouched. */
    ck_assert(mem_read(app2, q, buf, 4, &o));
    ck_assert_mem_eq(buf, "data", 4);
    ck_assert_ptr_nonnull(sim_rt_lookup(nodeA, 0x8));
    /* Mapping again is a fresh mapping (first fit puts it at the same address). */
    ck_assert_uint_eq(ntx_map(app, h, &o), APP_BASE);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_MAP_OK);
    ck_assert(mem_read(app, APP_BASE, buf, 4, &o));
    ck_assert_mem_eq(buf, "data", 4);
}
END_TEST

static const uint64_t never_mapped[] = {0x10008, ROOT_A, 0x10040, 0, BAD_NTX, 0x8};

START_TEST(unmap_of_handle_not_mapped_is_e_state) {
    sim_outcome o;
    ck_assert_uint_eq(alloc_ok(LOC_A, 4096), 0x10008);
    ck_assert_uint_eq(ntx_map(app2, 0x10008, &o), APP2_BASE); /* mapped in the other process only */
    ck_assert_uint_eq(ntx_unmap(app, never_mapped[_i], &o), ST_E_STATE);
    EXPECT_OUTCOME(o, ST_E_STATE, CL_NTX_UNMAP_E_STATE);
    EXPECT_ALLOWED(SPEC_API_NTX, "ntxUnmapRtSharedMemory", o.status);
    ck_assert_uint_eq(ntx_last(app), ST_E_STATE);
    ck_assert_uint_eq(app2->as.count, 1);
    ck_assert(mem_write(app2, APP2_BASE, "ok", 2, &o));
}
END_TEST

/* ---- NTX.MAPEX.READONLY, NTX.MAP.E_STATE ---- */

START_TEST(mapex_without_write_is_read_only_and_blocks_map) {
    sim_outcome o;
    uint64_t h = alloc_ok(LOC_A, 4096);
    ck_assert_uint_eq(ntx_map(app2, h, &o), APP2_BASE);
    ck_assert(mem_write(app2, APP2_BASE, "seen", 4, &o));
    uint64_t p = ntx_mapex(app, h, 0, &o);
    ck_assert_uint_eq(p, APP_BASE);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_MAPEX_READONLY);
    EXPECT_ALLOWED(SPEC_API_NTX, "ntxMapRtSharedMemoryEx", o.status);
    ck_assert(!app->as.views[0].writable);
    char buf[4];
    ck_assert(mem_read(app, p, buf, 4, &o));
    EXPECT_SIM(o, ST_OK, CL_MEM_SHARED);
    ck_assert_mem_eq(buf, "seen", 4);
    ck_assert(!mem_write(app, p, "evil", 4, &o));
    EXPECT_SIM(o, ST_ACCESS_VIOLATION, CL_MEM_VIEW_FAULT);
    ck_assert(mem_read(app2, APP2_BASE, buf, 4, &o));
    ck_assert_mem_eq(buf, "seen", 4); /* the failed write changed nothing */
    /* NTX.MAP.E_STATE: a writable mapping is refused while the read-only one is cached. */
    ck_assert_uint_eq(ntx_map(app, h, &o), 0);
    EXPECT_OUTCOME(o, ST_E_STATE, CL_NTX_MAP_E_STATE);
    EXPECT_ALLOWED(SPEC_API_NTX, "ntxMapRtSharedMemory", o.status);
    ck_assert_uint_eq(ntx_last(app), ST_E_STATE);
    ck_assert_uint_eq(ntx_mapex(app, h, RW, &o), 0);
    EXPECT_OUTCOME(o, ST_E_STATE, CL_NTX_MAP_E_STATE);
    ck_assert_uint_eq(ntx_mapex(app, h, RW | UNALIGNED, &o), 0);
    EXPECT_OUTCOME(o, ST_E_STATE, CL_NTX_MAP_E_STATE);
    /* A read-only request is served from the cache. */
    ck_assert_uint_eq(ntx_mapex(app, h, 0, &o), p);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_MAP_SAME_POINTER);
    ck_assert_uint_eq(app->as.count, 1);
    /* After the unmap, Map gives a read-write view. */
    ck_assert_uint_eq(ntx_unmap(app, h, &o), ST_E_OK);
    ck_assert_uint_eq(ntx_map(app, h, &o), APP_BASE);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_MAP_OK);
    ck_assert(mem_write(app, APP_BASE, "mine", 4, &o));
}
END_TEST

/* ---- NTX.MAP.E_ALIGNMENT, NTX.MAPEX.UNALIGNED ---- */

START_TEST(unaligned_segment_needs_map_unaligned) {
    sim_outcome o;
    uint64_t va = rt_block(8192);
    ck_assert(mem_write(rtA, va + 100, "abc", 3, &o));
    uint64_t h = sim_ntx_handle(nodeA, rt_segment(va + 100, 200));
    ck_assert_uint_eq(h, 0x10008);
    ck_assert_uint_eq(ntx_map(app, h, &o), 0);
    EXPECT_OUTCOME(o, ST_E_ALIGNMENT, CL_NTX_MAP_E_ALIGNMENT);
    ck_assert_uint_eq(ntx_mapex(app, h, RW, &o), 0);
    EXPECT_OUTCOME(o, ST_E_ALIGNMENT, CL_NTX_MAP_E_ALIGNMENT);
    ck_assert_uint_eq(ntx_last(app), ST_E_ALIGNMENT);
    ck_assert_uint_eq(app->as.count, 0);
    uint64_t p = ntx_mapex(app, h, RW | UNALIGNED, &o);
    ck_assert_uint_eq(p, APP_BASE + 100); /* page base + offset within the page */
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_MAPEX_UNALIGNED);
    EXPECT_ALLOWED(SPEC_API_NTX, "ntxMapRtSharedMemoryEx", o.status);
    ck_assert_uint_eq(app->as.views[0].base_va, APP_BASE);
    ck_assert_uint_eq(app->as.views[0].length, 4096); /* the page that holds the segment */
    char buf[3];
    ck_assert(mem_read(app, p, buf, 3, &o));
    ck_assert_mem_eq(buf, "abc", 3);
    ck_assert(mem_write(app, p + 199, "Z", 1, &o));
    ck_assert(mem_read(rtA, va + 299, buf, 1, &o));
    ck_assert_int_eq(buf[0], 'Z');
    /* Cached: Map now returns the same pointer. */
    ck_assert_uint_eq(ntx_map(app, h, &o), p);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_MAP_SAME_POINTER);
}
END_TEST

START_TEST(unaligned_segment_across_a_page_boundary) {
    sim_outcome o;
    uint64_t va = rt_block(3 * 4096);
    ck_assert(mem_write(rtA, va + 4000, "0123456789", 10, &o));
    ck_assert(mem_write(rtA, va + 4150, "tail", 4, &o));
    uint64_t h = sim_ntx_handle(nodeA, rt_segment(va + 4000, 200));
    uint64_t p = ntx_mapex(app, h, UNALIGNED, &o);
    ck_assert_uint_eq(p, APP_BASE + 4000);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_MAPEX_UNALIGNED);
    ck_assert_uint_eq(app->as.views[0].length, 8192); /* pages 0 and 1 of the block */
    ck_assert_uint_eq(app->as.views[0].obj_offset, 0);
    ck_assert(!app->as.views[0].writable);           /* no NTX_MAP_WRITE */
    char buf[10];
    ck_assert(mem_read(app, p, buf, 10, &o));
    ck_assert_mem_eq(buf, "0123456789", 10);
    ck_assert(mem_read(app, p + 150, buf, 4, &o));
    ck_assert_mem_eq(buf, "tail", 4);
    ck_assert(!mem_write(app, p, "x", 1, &o));
    EXPECT_SIM(o, ST_ACCESS_VIOLATION, CL_MEM_VIEW_FAULT);
    /* A segment starting in the block's second page maps from that page. */
    uint64_t h2 = sim_ntx_handle(nodeA, rt_segment(va + 4096 + 54, 10));
    uint64_t p2 = ntx_mapex(app, h2, RW | UNALIGNED, &o);
    ck_assert_uint_eq(p2, APP_BASE + 8192 + 54);
    ck_assert_uint_eq(app->as.views[1].obj_offset, 4096);
    ck_assert(mem_read(app, p2, buf, 4, &o));
    ck_assert_mem_eq(buf, "tail", 4);
}
END_TEST

static const struct { uint32_t offset, length; } unaligned_segments[] = {
    {100, 4096}, /* start not page-aligned */
    {0, 4000},   /* end not page-aligned */
    {0, 4097},
    {1, 8191},   /* neither */
};

START_TEST(segment_not_aligned_at_both_ends_is_e_alignment) {
    sim_outcome o;
    uint64_t va = rt_block(3 * 4096);
    uint64_t h = sim_ntx_handle(nodeA, rt_segment(va + unaligned_segments[_i].offset, unaligned_segments[_i].length));
    ck_assert_uint_eq(ntx_map(app, h, &o), 0);
    EXPECT_OUTCOME(o, ST_E_ALIGNMENT, CL_NTX_MAP_E_ALIGNMENT);
    ck_assert_uint_ne(ntx_mapex(app, h, UNALIGNED | RW, &o), 0);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_MAPEX_UNALIGNED);
}
END_TEST

START_TEST(aligned_segment_inside_a_block_maps_its_own_pages) {
    sim_outcome o;
    uint64_t va = rt_block(4 * 4096);
    ck_assert(mem_write(rtA, va + 2 * 4096, "third", 5, &o));
    uint64_t h = sim_ntx_handle(nodeA, rt_segment(va + 2 * 4096, 4096));
    uint64_t p = ntx_map(app, h, &o);
    ck_assert_uint_eq(p, APP_BASE);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_MAP_OK);
    ck_assert_uint_eq(app->as.views[0].length, 4096);
    char buf[5];
    ck_assert(mem_read(app, p, buf, 5, &o));
    ck_assert_mem_eq(buf, "third", 5);
    ck_assert(!mem_read(app, p + 4096, buf, 1, &o));
    EXPECT_SIM(o, ST_ACCESS_VIOLATION, CL_MEM_VIEW_OUTSIDE);
    /* NTX_MAP_UNALIGNED on an aligned segment changes nothing. */
    uint64_t h2 = sim_ntx_handle(nodeA, rt_segment(va, 4096));
    ck_assert_uint_eq(ntx_mapex(app, h2, RW | UNALIGNED, &o), APP_BASE + 4096);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_MAP_OK);
}
END_TEST

/* ---- rejected maps: one row per clause that refuses a mapping, each run through Map and through
 * MapEx(NTX_MAP_WRITE) (NTX.MAP.EQUALS_EX_WRITE) ---- */

static uint64_t setup_semaphore(void) {
    sim_outcome o;
    ck_assert_uint_eq(sim_rt_CreateRtSemaphore(rtA, 0, 1, 0, &o), 0x8);
    return 0x10008;
}
static uint64_t setup_root(void) { return ROOT_A; }
static uint64_t setup_unaligned_start(void) { return sim_ntx_handle(nodeA, rt_segment(rt_block(8192) + 100, 4096)); }
static uint64_t setup_unaligned_end(void) { return sim_ntx_handle(nodeA, rt_segment(rt_block(8192), 4000)); }
static uint64_t setup_nodeB(void) { return alloc_ok(LOC_B, 4096); }
static uint64_t setup_nodeF(void) { return alloc_ok(LOC_F, 4096); }
static uint64_t setup_nodeA_stopped(void) {
    uint64_t h = alloc_ok(LOC_A, 4096);
    stop_kernel(nodeA);
    return h;
}
static uint64_t setup_nodeA_restarted_empty(void) {
    uint64_t h = alloc_ok(LOC_A, 4096);
    stop_kernel(nodeA);
    sim_outcome o;
    sim_kernel_start(w, nodeA, &o);
    return h;
}
static uint64_t setup_link_B_down(void) {
    uint64_t h = alloc_ok(LOC_B, 4096);
    link_down(host_node, ctl2_node);
    return h;
}
static uint64_t setup_link_F_down(void) {
    uint64_t h = alloc_ok(LOC_F, 4096);
    link_down(host_node, far_node);
    return h;
}
static uint64_t setup_nodeF_stopped(void) {
    uint64_t h = alloc_ok(LOC_F, 4096);
    stop_kernel(nodeF);
    return h;
}
static uint64_t setup_never_existed(void) { return 0x10040; }
static uint64_t setup_no_such_kernel(void) { return 0x50008; }
static uint64_t setup_zero(void) { return 0; }
static uint64_t setup_bad_ntxhandle(void) { return BAD_NTX; }
static uint64_t setup_above_32_bits(void) {
    alloc_ok(LOC_A, 4096);
    return 0x100010008ull;
}
static uint64_t setup_freed(void) {
    uint64_t h = alloc_ok(LOC_A, 4096);
    sim_outcome o;
    ck_assert_uint_eq(ntx_free(app, h, &o), ST_E_OK);
    return h;
}
static uint64_t setup_deleted(void) {
    uint64_t rth = rt_segment(rt_block(4096), 4096);
    sim_outcome o;
    ck_assert(sim_rt_DeleteRtMemoryHandle(rtA, rth, &o));
    return sim_ntx_handle(nodeA, rth);
}
static uint64_t setup_memory_freed(void) {
    uint64_t va = rt_block(4096);
    uint64_t rth = rt_segment(va, 4096);
    sim_outcome o;
    ck_assert(sim_rt_FreeRtMemory(rtA, va, &o));
    return sim_ntx_handle(nodeA, rth);
}
static uint64_t setup_rthandle(void) {
    ck_assert_uint_eq(alloc_ok(LOC_A, 4096), 0x10008);
    return 0x8; /* the RTHANDLE an RT process would write into shared data */
}
static uint64_t setup_bad_rthandle(void) { return 0xFFFF; }

typedef struct map_reject {
    const char *what;
    uint64_t (*setup)(void); /* returns the hSegment to map */
    uint32_t status;
    const char *clause;
} map_reject;

static const map_reject map_rejects[] = {
    {"semaphore", setup_semaphore, ST_E_TYPE, CL_NTX_MAP_E_TYPE},
    {"root process", setup_root, ST_E_TYPE, CL_NTX_MAP_E_TYPE},
    {"start not page-aligned", setup_unaligned_start, ST_E_ALIGNMENT, CL_NTX_MAP_E_ALIGNMENT},
    {"end not page-aligned", setup_unaligned_end, ST_E_ALIGNMENT, CL_NTX_MAP_E_ALIGNMENT},
    {"NodeB: shares_memory false", setup_nodeB, ST_E_LOCATION, CL_NTX_MAP_E_LOCATION},
    {"NodeF: another Windows node", setup_nodeF, ST_E_LOCATION, CL_NTX_MAP_E_LOCATION},
    {"NodeA stopped", setup_nodeA_stopped, ST_E_NTX_INTERNAL_ERROR, CL_NTX_MAP_E_NTX_INTERNAL_ERROR},
    {"NodeF stopped", setup_nodeF_stopped, ST_E_NTX_INTERNAL_ERROR, CL_NTX_MAP_E_NTX_INTERNAL_ERROR},
    {"host-ctl2 link down", setup_link_B_down, ST_E_NTX_INTERNAL_ERROR, CL_NTX_MAP_E_NTX_INTERNAL_ERROR},
    {"host-far link down", setup_link_F_down, ST_E_NTX_INTERNAL_ERROR, CL_NTX_MAP_E_NTX_INTERNAL_ERROR},
    {"never existed", setup_never_existed, ST_E_EXIST, CL_NTX_MAP_STALE_HANDLE},
    {"no such kernel", setup_no_such_kernel, ST_E_EXIST, CL_NTX_MAP_STALE_HANDLE},
    {"NTX_NULL_NTXHANDLE", setup_zero, ST_E_EXIST, CL_NTX_MAP_STALE_HANDLE},
    {"NTX_BAD_NTXHANDLE", setup_bad_ntxhandle, ST_E_EXIST, CL_NTX_MAP_STALE_HANDLE},
    {"above 32 bits", setup_above_32_bits, ST_E_EXIST, CL_NTX_MAP_STALE_HANDLE},
    {"freed with ntxFreeRtMemory", setup_freed, ST_E_EXIST, CL_NTX_MAP_STALE_HANDLE},
    {"deleted with DeleteRtMemoryHandle", setup_deleted, ST_E_EXIST, CL_NTX_MAP_STALE_HANDLE},
    {"memory freed with FreeRtMemory", setup_memory_freed, ST_E_EXIST, CL_NTX_MAP_STALE_HANDLE},
    {"kernel restarted since", setup_nodeA_restarted_empty, ST_E_EXIST, CL_NTX_MAP_STALE_HANDLE},
    {"unconverted RTHANDLE", setup_rthandle, ST_E_EXIST, CL_NTX_MAP_IMPORT_RTHANDLE},
    {"BAD_RTHANDLE", setup_bad_rthandle, ST_E_EXIST, CL_NTX_MAP_IMPORT_RTHANDLE},
};
#define MAP_REJECTS ((int)(sizeof map_rejects / sizeof map_rejects[0]))

START_TEST(map_rejected_reports_clause_and_maps_nothing) {
    const map_reject *r = &map_rejects[_i / 2];
    bool ex = _i % 2 == 1;
    uint64_t h = r->setup();
    size_t views = app->as.count;
    sim_outcome o;
    uint64_t p = ex ? ntx_mapex(app, h, RW, &o) : ntx_map(app, h, &o);
    ck_assert_msg(p == 0, "%s (%s): got 0x%llx", r->what, ex ? "MapEx" : "Map", (unsigned long long)p);
    EXPECT_OUTCOME(o, r->status, r->clause);
    EXPECT_ALLOWED(SPEC_API_NTX, ex ? "ntxMapRtSharedMemoryEx" : "ntxMapRtSharedMemory", o.status);
    ck_assert_uint_eq(ntx_last(app), r->status);
    ck_assert_uint_eq(app->as.count, views);
    ck_assert_uint_eq(sim_ntx_of(app)->cache.count, 0);
    /* A failure is not cached: the same call fails the same way again. */
    p = ex ? ntx_map(app, h, &o) : ntx_mapex(app, h, RW, &o);
    ck_assert_uint_eq(p, 0);
    EXPECT_OUTCOME(o, r->status, r->clause);
}
END_TEST

START_TEST(map_from_host_of_kernel_configured_not_to_share_memory_is_e_location) {
    /* TOPO.SHARES_MEMORY: a kernel on the caller's own node with shares_memory false. */
    sim_kernel *k = sim_world_add_kernel(w, "NodeS", SIM_KERNEL_INTIME, host_node, true, false, 16 * MiB, 0);
    ck_assert_ptr_nonnull(k);
    sim_outcome o;
    ck_assert_uint_eq(ntx_location(app, "NodeS", &o), 0x40000);
    uint64_t h = alloc_ok(0x40000, 4096);
    ck_assert_uint_eq(h, 0x40008);
    ck_assert_uint_eq(ntx_map(app, h, &o), 0);
    EXPECT_OUTCOME(o, ST_E_LOCATION, CL_NTX_MAP_E_LOCATION);
    ck_assert_uint_eq(ntx_mapex(app, h, 0, &o), 0);
    EXPECT_OUTCOME(o, ST_E_LOCATION, CL_NTX_MAP_E_LOCATION);
}
END_TEST

START_TEST(contact_is_checked_before_location) {
    /* Order of checks (sim/src/ntx.c): an unreachable NodeF segment is E_NTX_INTERNAL_ERROR, a
     * reachable one E_LOCATION; a stale handle on an unreachable kernel is E_NTX_INTERNAL_ERROR. */
    sim_outcome o;
    uint64_t h = alloc_ok(LOC_F, 4096);
    ck_assert_uint_eq(ntx_map(app, h, &o), 0);
    EXPECT_OUTCOME(o, ST_E_LOCATION, CL_NTX_MAP_E_LOCATION);
    link_down(host_node, far_node);
    ck_assert_uint_eq(ntx_map(app, h, &o), 0);
    EXPECT_OUTCOME(o, ST_E_NTX_INTERNAL_ERROR, CL_NTX_MAP_E_NTX_INTERNAL_ERROR);
    ck_assert_uint_eq(ntx_map(app, 0x30040, &o), 0);
    EXPECT_OUTCOME(o, ST_E_NTX_INTERNAL_ERROR, CL_NTX_MAP_E_NTX_INTERNAL_ERROR);
    sim_world_link(w, host_node, far_node)->up = true;
    ck_assert_uint_eq(ntx_map(app, 0x30040, &o), 0);
    EXPECT_OUTCOME(o, ST_E_EXIST, CL_NTX_MAP_STALE_HANDLE);
}
END_TEST

/* ---- NTX.MAP.IMPORT_RTHANDLE ---- */

START_TEST(import_converts_rthandle_to_ntxhandle) {
    sim_outcome o;
    uint64_t va = rt_block(4096);
    uint64_t rth = rt_segment(va, 4096);
    ck_assert(mem_write(rtA, va, &rth, sizeof rth, &o)); /* the RT side publishes its RTHANDLE */
    uint64_t cb = alloc_ok(LOC_A, 4096);                /* a control block app knows */
    ck_assert_uint_eq(cb, 0x1000C);
    uint64_t raw = 0;
    ck_assert(mem_read(rtA, va, &raw, sizeof raw, &o));
    ck_assert_uint_eq(raw, 0x8);
    /* Unconverted it names nothing. */
    ck_assert_uint_eq(ntx_map(app, raw, &o), 0);
    EXPECT_OUTCOME(o, ST_E_EXIST, CL_NTX_MAP_IMPORT_RTHANDLE);
    uint64_t h = ntx_import(app, raw, cb, &o);
    ck_assert_uint_eq(h, 0x10008);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_MAP_IMPORT_RTHANDLE);
    EXPECT_ALLOWED(SPEC_API_NTX, "ntxImportRtHandle", o.status);
    ck_assert_uint_eq(ntx_map(app, h, &o), APP_BASE);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_MAP_OK);
    ck_assert(mem_read(app, APP_BASE, &raw, sizeof raw, &o));
    ck_assert_uint_eq(raw, 0x8);
    /* The source only names the kernel: any live object there will do. */
    ck_assert_uint_eq(ntx_import(app, 0x8, ROOT_A, &o), 0x10008);
    /* On NodeB the same RTHANDLE names NodeB's object. */
    ck_assert_uint_eq(alloc_ok(LOC_B, 4096), 0x20008);
    ck_assert_uint_eq(ntx_import(app, 0x8, ROOT_B, &o), 0x20008);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_MAP_IMPORT_RTHANDLE);
}
END_TEST

static const struct { uint64_t rt, source; uint32_t status; const char *clause; } import_rejects[] = {
    {0x40, ROOT_A, ST_E_EXIST, CL_NTX_MAP_IMPORT_RTHANDLE},     /* no such RTHANDLE */
    {0xFFFF, ROOT_A, ST_E_EXIST, CL_NTX_MAP_IMPORT_RTHANDLE},   /* BAD_RTHANDLE */
    {0x10008, ROOT_A, ST_E_EXIST, CL_NTX_MAP_IMPORT_RTHANDLE},  /* already an NTXHANDLE */
    {0x0, ROOT_A, ST_E_EXIST, CL_NTX_MAP_IMPORT_RTHANDLE},
    {0x8, 0x10040, ST_E_EXIST, CL_NTX_MAP_IMPORT_RTHANDLE},     /* stale source */
    {0x8, 0, ST_E_EXIST, CL_NTX_MAP_IMPORT_RTHANDLE},
    {0x8, 0x8, ST_E_EXIST, CL_NTX_MAP_IMPORT_RTHANDLE},         /* source not converted either */
    {0x8, LOC_A, ST_E_EXIST, CL_NTX_MAP_IMPORT_RTHANDLE},       /* a location is not an object */
    {0x8, 0x60004, ST_E_EXIST, CL_NTX_MAP_IMPORT_RTHANDLE},     /* no such kernel */
    {0x8, ROOT_F, ST_E_EXIST, CL_NTX_MAP_IMPORT_RTHANDLE},      /* NodeF has no 0x8 */
};

START_TEST(import_of_unknown_rthandle_or_bad_source_fails) {
    ck_assert_uint_eq(alloc_ok(LOC_A, 4096), 0x10008);
    sim_outcome o;
    ck_assert_uint_eq(ntx_import(app, import_rejects[_i].rt, import_rejects[_i].source, &o), BAD_NTX);
    EXPECT_OUTCOME(o, import_rejects[_i].status, import_rejects[_i].clause);
    EXPECT_ALLOWED(SPEC_API_NTX, "ntxImportRtHandle", o.status);
    ck_assert_uint_eq(ntx_last(app), import_rejects[_i].status);
}
END_TEST

START_TEST(import_with_source_on_uncontactable_kernel_fails) {
    sim_outcome o;
    ck_assert_uint_eq(alloc_ok(LOC_F, 4096), 0x30008);
    link_down(host_node, far_node);
    ck_assert_uint_eq(ntx_import(app, 0x8, ROOT_F, &o), BAD_NTX);
    EXPECT_OUTCOME(o, ST_E_NTX_INTERNAL_ERROR, CL_NTX_CONTACT);
    EXPECT_ALLOWED(SPEC_API_NTX, "ntxImportRtHandle", o.status);
}
END_TEST

/* ---- NTX.MAP.MAX_SIZE, NTX.MAP.VA_LIMIT (worlds of their own) ---- */

START_TEST(map_larger_than_0xfffff000_is_e_vmem) {
    /* An INtime kernel with 8 GiB of memory (pages are sparse: nothing is allocated until written). */
    sim_world *bw = sim_world_new(7);
    sim_node *big = sim_world_add_node(bw, "big", true, 128 * TiB, 4096);
    sim_kernel *k = sim_world_add_kernel(bw, "Big", SIM_KERNEL_INTIME, big, true, true, 8 * GiB, 0);
    sim_process *bapp = sim_world_add_process(bw, "bigapp", SIM_PROC_WINDOWS, big, k);
    sim_process *brt = sim_world_add_process(bw, "bigrt", SIM_PROC_RT, big, k);
    ck_assert_ptr_nonnull(bapp);
    ck_assert_ptr_nonnull(brt);
    sim_outcome o;
    /* Exactly 0xFFFFF000 bytes map. */
    uint64_t h = ntx_alloc(bapp, 0x10000, 0xFFFFF000u, &o);
    ck_assert_uint_eq(h, 0x10008);
    uint64_t p = ntx_map(bapp, h, &o);
    ck_assert_uint_eq(p, APP_BASE);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_MAP_OK);
    ck_assert_uint_eq(bapp->as.views[0].length, 0xFFFFF000ull);
    ck_assert(mem_write(bapp, p + 0xFFFFF000ull - 4, "end!", 4, &o));
    ck_assert(!mem_write(bapp, p + 0xFFFFF000ull, "x", 1, &o));
    EXPECT_SIM(o, ST_ACCESS_VIOLATION, CL_MEM_VIEW_OUTSIDE);
    ck_assert_uint_eq(ntx_unmap(bapp, h, &o), ST_E_OK);
    ck_assert_uint_eq(ntx_free(bapp, h, &o), ST_E_OK);
    /* One byte more rounds to 4 GiB: too large for one mapping, with either call. */
    h = ntx_alloc(bapp, 0x10000, 0xFFFFF001u, &o);
    ck_assert_uint_eq(h, 0x10008);
    ck_assert_uint_eq(k->memory_used_bytes, 0x100000000ull);
    ck_assert_uint_eq(ntx_map(bapp, h, &o), 0);
    EXPECT_OUTCOME(o, ST_E_VMEM, CL_NTX_MAP_MAX_SIZE);
    EXPECT_ALLOWED(SPEC_API_NTX, "ntxMapRtSharedMemory", o.status);
    ck_assert_uint_eq(ntx_mapex(bapp, h, RW | UNALIGNED, &o), 0);
    EXPECT_OUTCOME(o, ST_E_VMEM, CL_NTX_MAP_MAX_SIZE);
    ck_assert_uint_eq(ntx_mapex(bapp, h, 0, &o), 0);
    EXPECT_OUTCOME(o, ST_E_VMEM, CL_NTX_MAP_MAX_SIZE);
    ck_assert_uint_eq(ntx_last(bapp), ST_E_VMEM);
    ck_assert_uint_eq(bapp->as.count, 0);
    ck_assert_uint_eq(ntx_free(bapp, h, &o), ST_E_OK);
    /* Through the RT side: a 0xFFFFFFFF-byte handle over a 4 GiB block is unaligned at its end, so
     * alignment is refused first; with NTX_MAP_UNALIGNED the size is. */
    uint64_t va = 0;
    o = unset();
    va = sim_rt_AllocateRtMemory(brt, 0xFFFFFFFFu, &o);
    ck_assert_uint_eq(va, APP_BASE + TiB);
    ck_assert_uint_eq(k->memory_used_bytes, 0x100000000ull);
    o = unset();
    uint64_t rth = sim_rt_CreateRtMemoryHandle(brt, va, 0xFFFFFFFFu, &o);
    ck_assert_uint_eq(rth, 0x8);
    ck_assert_uint_eq(ntx_map(bapp, 0x10008, &o), 0);
    EXPECT_OUTCOME(o, ST_E_ALIGNMENT, CL_NTX_MAP_E_ALIGNMENT);
    ck_assert_uint_eq(ntx_mapex(bapp, 0x10008, RW | UNALIGNED, &o), 0);
    EXPECT_OUTCOME(o, ST_E_VMEM, CL_NTX_MAP_MAX_SIZE);
    o = unset();
    rth = sim_rt_CreateRtMemoryHandle(brt, va + 4096, 0xFFFFF000u, &o);
    ck_assert_uint_eq(rth, 0xC);
    ck_assert_uint_eq(ntx_map(bapp, 0x1000C, &o), APP_BASE);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_MAP_OK);
    ck_assert(mem_write(brt, va + 0x100000000ull - 3, "top", 3, &o)); /* the block's last 3 bytes */
    char buf[3];
    ck_assert(mem_read(bapp, APP_BASE + 0xFFFFF000ull - 3, buf, 3, &o));
    ck_assert_mem_eq(buf, "top", 3);
    ck_assert(sim_world_check(bw));
    sim_world_free(bw);
}
END_TEST

START_TEST(map_beyond_free_address_space_is_e_vmem) {
    /* A Windows node with 1 MiB of address space for its processes and an INtime kernel with more. */
    sim_world *sw = sim_world_new(7);
    sim_node *small = sim_world_add_node(sw, "small", true, 1 * MiB, 4096);
    sim_kernel *k = sim_world_add_kernel(sw, "Small", SIM_KERNEL_INTIME, small, true, true, 16 * MiB, 0);
    sim_process *sapp = sim_world_add_process(sw, "smallapp", SIM_PROC_WINDOWS, small, k);
    ck_assert_ptr_nonnull(sapp);
    ck_assert_uint_eq(sapp->as.limit_bytes, 1 * MiB);
    sim_outcome o;
    uint64_t too_big = ntx_alloc(sapp, 0x10000, 1 * MiB + 1, &o);
    ck_assert_uint_eq(too_big, 0x10008);
    ck_assert_uint_eq(ntx_map(sapp, too_big, &o), 0);
    EXPECT_OUTCOME(o, ST_E_VMEM, CL_NTX_MAP_VA_LIMIT);
    EXPECT_ALLOWED(SPEC_API_NTX, "ntxMapRtSharedMemory", o.status);
    ck_assert_uint_eq(ntx_last(sapp), ST_E_VMEM);
    ck_assert_uint_eq(sapp->as.count, 0);
    ck_assert_uint_eq(sim_ntx_of(sapp)->cache.count, 0);
    uint64_t fits = ntx_alloc(sapp, 0x10000, 1 * MiB, &o);
    ck_assert_uint_eq(fits, 0x1000C);
    ck_assert_uint_eq(ntx_map(sapp, fits, &o), APP_BASE);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_MAP_OK);
    uint64_t page = ntx_alloc(sapp, 0x10000, 4096, &o);
    ck_assert_uint_eq(page, 0x10010);
    ck_assert_uint_eq(ntx_mapex(sapp, page, RW, &o), 0);
    EXPECT_OUTCOME(o, ST_E_VMEM, CL_NTX_MAP_VA_LIMIT);
    /* Unmapping returns the space. */
    ck_assert_uint_eq(ntx_unmap(sapp, fits, &o), ST_E_OK);
    ck_assert_uint_eq(ntx_map(sapp, page, &o), APP_BASE);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_MAP_OK);
    ck_assert(sim_world_check(sw));
    sim_world_free(sw);
}
END_TEST

/* ---- NTX.MAP.CACHE_REUSE (hazard) ---- */

START_TEST(reused_handle_value_returns_stale_cached_pointer) {
    sim_outcome o;
    uint64_t h = alloc_ok(LOC_A, 4096);
    uint64_t p = ntx_map(app, h, &o);
    ck_assert_uint_eq(p, APP_BASE);
    ck_assert(mem_write(app, p, "old", 3, &o));
    /* NTX.FREE: the pointer cache is not told. */
    ck_assert_uint_eq(ntx_free(app, h, &o), ST_E_OK);
    ck_assert_uint_eq(sim_ntx_of(app)->cache.count, 1);
    ck_assert_uint_eq(nodeA->memory_used_bytes, 0);
    uint64_t h2 = alloc_ok(LOC_A, 4096);
    ck_assert_uint_eq(h2, h); /* the recycled value */
    ck_assert_int_eq(findings.count, 0);
    uint64_t p2 = ntx_map(app, h2, &o);
    ck_assert_uint_eq(p2, p);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_MAP_CACHE_REUSE);
    ck_assert_int_eq(findings.count, 1);
    EXPECT_FINDING(0, "stale-cache-hit", CL_NTX_MAP_CACHE_REUSE,
                   "process 'app' mapped NTXHANDLE 0x10008 and got the cached pointer 0x10000000 of segment #5, which "
                   "no longer exists (it was freed, or its kernel stopped, without ntxUnmapRtSharedMemory); the handle "
                   "value now names another object");
    ck_assert_int_eq(spec_clause_find(CL_NTX_MAP_CACHE_REUSE)->level, SPEC_LEVEL_HAZARD);
    ck_assert_uint_eq(app->as.count, 1); /* no new view */
    /* The stale pointer reaches nothing: the old memory is gone, the new segment is not behind it. */
    char buf[3] = {'x', 'x', 'x'};
    ck_assert(!mem_read(app, p2, buf, 3, &o));
    EXPECT_SIM(o, ST_ACCESS_VIOLATION, CL_MEM_VIEW_OUTSIDE);
    ck_assert_mem_eq(buf, "\0\0\0", 3);
    ck_assert(!mem_write(app, p2, "new", 3, &o));
    EXPECT_SIM(o, ST_ACCESS_VIOLATION, CL_MEM_VIEW_OUTSIDE);
    /* Another process has no cache entry: it maps the new segment, zero-filled, without a finding. */
    uint64_t q = ntx_map(app2, h2, &o);
    ck_assert_uint_eq(q, APP2_BASE);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_MAP_OK);
    ck_assert(mem_read(app2, q, buf, 3, &o));
    ck_assert_mem_eq(buf, "\0\0\0", 3);
    ck_assert_int_eq(findings.count, 1);
    /* Every later map in app hits the stale entry again (a finding each time) until it unmaps. */
    ck_assert_uint_eq(ntx_mapex(app, h2, RW, &o), p);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_MAP_CACHE_REUSE);
    ck_assert_int_eq(findings.count, 2);
    ck_assert_uint_eq(ntx_unmap(app, h2, &o), ST_E_OK);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_UNMAP_OK);
    ck_assert_uint_eq(ntx_map(app, h2, &o), APP_BASE);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_MAP_OK);
    ck_assert(mem_write(app, APP_BASE, "new", 3, &o));
    ck_assert(mem_read(app2, q, buf, 3, &o));
    ck_assert_mem_eq(buf, "new", 3);
    ck_assert_int_eq(findings.count, 2);
}
END_TEST

START_TEST(freed_handle_still_cached_returns_stale_pointer) {
    /* The cache is consulted before the kernel: a freed, not yet reused value hits it too. */
    sim_outcome o;
    uint64_t h = alloc_ok(LOC_A, 4096);
    uint64_t p = ntx_mapex(app, h, 0, &o);
    ck_assert_uint_eq(ntx_free(app, h, &o), ST_E_OK);
    ck_assert_uint_eq(ntx_mapex(app, h, 0, &o), p);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_MAP_CACHE_REUSE);
    EXPECT_FINDING(0, "stale-cache-hit", CL_NTX_MAP_CACHE_REUSE,
                   "process 'app' mapped NTXHANDLE 0x10008 and got the cached pointer 0x10000000 of segment #5, which "
                   "no longer exists (it was freed, or its kernel stopped, without ntxUnmapRtSharedMemory); the handle "
                   "value now names no object");
    /* A write request against the cached read-only entry is still E_STATE. */
    ck_assert_uint_eq(ntx_map(app, h, &o), 0);
    EXPECT_OUTCOME(o, ST_E_STATE, CL_NTX_MAP_E_STATE);
    ck_assert_int_eq(findings.count, 1);
    char b;
    ck_assert(!mem_read(app, p, &b, 1, &o));
    EXPECT_SIM(o, ST_ACCESS_VIOLATION, CL_MEM_VIEW_OUTSIDE);
}
END_TEST

START_TEST(reused_value_after_rt_side_delete_is_a_stale_hit) {
    /* A value freed by DeleteRtMemoryHandle and reused by CreateRtSemaphore: the cache still wins. */
    sim_outcome o;
    uint64_t va = rt_block(4096);
    uint64_t rth = rt_segment(va, 4096);
    uint64_t p = ntx_map(app, sim_ntx_handle(nodeA, rth), &o);
    ck_assert_uint_eq(p, APP_BASE);
    ck_assert(sim_rt_DeleteRtMemoryHandle(rtA, rth, &o));
    ck_assert_uint_eq(sim_rt_CreateRtSemaphore(rtA, 0, 1, 0, &o), rth);
    ck_assert_uint_eq(ntx_map(app, 0x10008, &o), p);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_MAP_CACHE_REUSE);
    ck_assert_int_eq(findings.count, 1);
    ck_assert_str_eq(findings.kind[0], "stale-cache-hit");
    /* The memory itself lives on (the block was not freed), so this stale pointer still works. */
    ck_assert(mem_write(app, p, "ok", 2, &o));
    EXPECT_SIM(o, ST_OK, CL_MEM_SHARED);
    /* Without the cache the value names a semaphore. */
    ck_assert_uint_eq(ntx_map(app2, 0x10008, &o), 0);
    EXPECT_OUTCOME(o, ST_E_TYPE, CL_NTX_MAP_E_TYPE);
}
END_TEST

/* ---- NTX.LASTERROR.STICKY ---- */

START_TEST(last_error_keeps_the_last_failure) {
    sim_outcome o;
    ck_assert_uint_eq(ntx_last(app), ST_E_OK); /* none yet */
    ck_assert_uint_eq(ntx_alloc(app, LOC_A, 0, &o), BAD_NTX);
    ck_assert_uint_eq(ntx_last(app), ST_E_PARAM);
    uint64_t h = alloc_ok(LOC_A, 4096); /* successes do not clear it */
    ck_assert_uint_eq(ntx_last(app), ST_E_PARAM);
    ck_assert_uint_eq(ntx_map(app, h, &o), APP_BASE);
    ck_assert_uint_eq(ntx_location(app, "NodeA", &o), LOC_A);
    ck_assert_uint_eq(ntx_root(app, LOC_A, &o), ROOT_A);
    ck_assert_uint_eq(ntx_unmap(app, h, &o), ST_E_OK);
    ck_assert_uint_eq(ntx_last(app), ST_E_PARAM);
    ck_assert_uint_eq(ntx_location(app, "Nope", &o), SIM_NTX_UNDEFINED_LOCATION);
    ck_assert_uint_eq(ntx_last(app), ST_E_EXIST);
    ck_assert_uint_eq(ntx_unmap(app, h, &o), ST_E_STATE);
    ck_assert_uint_eq(ntx_last(app), ST_E_STATE);
    ck_assert_uint_eq(ntx_last(app), ST_E_STATE); /* reading it does not clear it */
    ck_assert_uint_eq(ntx_map(app, ROOT_A, &o), 0);
    ck_assert_uint_eq(ntx_last(app), ST_E_TYPE);
    ck_assert_uint_eq(ntx_free(app, h, &o), ST_E_OK);
    ck_assert_uint_eq(ntx_last(app), ST_E_TYPE);
    /* Per process (thread), and apart from the RT/iwin32 slot. */
    ck_assert_uint_eq(ntx_last(app2), ST_E_OK);
    ck_assert_uint_eq(app->last_error, 0);
    ck_assert_uint_eq(sim_ntx_of(app)->last_error, ST_E_TYPE);
}
END_TEST

/* ---- RT.CATALOG, NTX.CATALOG.NAMES, NTX.CATALOG.ERRORS ---- */

START_TEST(rt_catalog_in_root_is_found_by_ntx_lookup) {
    sim_outcome o;
    uint64_t va = rt_block(4096);
    uint64_t rth = rt_segment(va, 4096);
    ck_assert(mem_write(rtA, va, "cataloged", 9, &o));
    o = unset();
    ck_assert(sim_rt_CatalogRtHandle(rtA, 0, rth, "Seg", &o)); /* NULL process: the root process */
    EXPECT_OUTCOME(o, ST_E_OK, CL_RT_CATALOG);
    uint64_t h = ntx_lookup(app, ROOT_A, "Seg", 0, &o);
    ck_assert_uint_eq(h, 0x10008);
    EXPECT_OUTCOME(o, ST_E_OK, CL_RT_CATALOG);
    EXPECT_ALLOWED(SPEC_API_NTX, "ntxLookupNtxhandle", o.status);
    uint64_t p = ntx_map(app, h, &o);
    char buf[9];
    ck_assert(mem_read(app, p, buf, 9, &o));
    ck_assert_mem_eq(buf, "cataloged", 9);
    /* Names compare exactly, and each kernel's root has its own directory. */
    ck_assert_uint_eq(ntx_lookup(app, ROOT_A, "seg", 0, &o), BAD_NTX);
    EXPECT_OUTCOME(o, ST_E_TIME, CL_NTX_CATALOG_NAMES);
    ck_assert_uint_eq(ntx_lookup(app, ROOT_B, "Seg", 0, &o), BAD_NTX);
    EXPECT_OUTCOME(o, ST_E_TIME, CL_NTX_CATALOG_NAMES);
}
END_TEST

static const struct { const char *name; uint32_t timeout; uint32_t status; const char *clause; } lookup_rejects[] = {
    {"", 0, ST_E_PARAM, CL_NTX_CATALOG_NAMES},
    {NULL, 0, ST_E_PARAM, CL_NTX_CATALOG_NAMES},
    {"ABCDEFGHIJKLM", 0, ST_E_PARAM, CL_NTX_CATALOG_NAMES}, /* 13 characters */
    {"\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 0,
     ST_E_PARAM, CL_NTX_CATALOG_NAMES},                   /* 13 x U+00E9 */
    {"ABCDEFGHIJKL", 0, ST_E_TIME, CL_NTX_CATALOG_NAMES},  /* 12 characters, absent */
    {"A", 0, ST_E_TIME, CL_NTX_CATALOG_NAMES},
    {"Absent", 1000, ST_E_TIME, CL_NTX_CATALOG_NAMES},     /* a wait ends as E_TIME */
    {"Absent", 0xFFFFFFFFu, ST_E_TIME, CL_NTX_CATALOG_NAMES},
};

START_TEST(lookup_of_bad_or_absent_name_fails) {
    sim_outcome o;
    ck_assert_uint_eq(ntx_lookup(app, ROOT_A, lookup_rejects[_i].name, lookup_rejects[_i].timeout, &o), BAD_NTX);
    EXPECT_OUTCOME(o, lookup_rejects[_i].status, lookup_rejects[_i].clause);
    EXPECT_ALLOWED(SPEC_API_NTX, "ntxLookupNtxhandle", o.status);
    ck_assert_uint_eq(ntx_last(app), lookup_rejects[_i].status);
}
END_TEST

START_TEST(ntx_catalog_then_lookup_and_duplicate) {
    sim_outcome o;
    uint64_t h = alloc_ok(LOC_A, 4096);
    ck_assert_uint_eq(ntx_catalog(app, ROOT_A, h, "Shared", &o), ST_E_OK);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_CATALOG_NAMES);
    EXPECT_ALLOWED(SPEC_API_NTX, "ntxCatalogNtxHandle", o.status);
    ck_assert_uint_eq(ntx_lookup(app2, ROOT_A, "Shared", 0, &o), h);
    EXPECT_OUTCOME(o, ST_E_OK, CL_RT_CATALOG);
    /* A name already in the directory, for the same or another object. */
    ck_assert_uint_eq(ntx_catalog(app, ROOT_A, h, "Shared", &o), ST_E_EXIST);
    EXPECT_OUTCOME(o, ST_E_EXIST, CL_NTX_CATALOG_ERRORS);
    ck_assert_uint_eq(ntx_catalog(app, ROOT_A, ROOT_A, "Shared", &o), ST_E_EXIST);
    EXPECT_OUTCOME(o, ST_E_EXIST, CL_NTX_CATALOG_ERRORS);
    ck_assert_uint_eq(ntx_last(app), ST_E_EXIST);
    /* An RT catalog call meets the same directory. */
    o = unset();
    ck_assert(!sim_rt_CatalogRtHandle(rtA, 0, 0x8, "Shared", &o));
    EXPECT_OUTCOME(o, ST_E_EXIST, CL_RT_CATALOG_ERRORS);
    /* The same object under another name, and names of 12 characters (bytes do not count). */
    ck_assert_uint_eq(ntx_catalog(app, ROOT_A, h, "ABCDEFGHIJKL", &o), ST_E_OK);
    ck_assert_uint_eq(ntx_catalog(app, ROOT_A, h, "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                                                   "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", &o), ST_E_OK);
    ck_assert_uint_eq(ntx_lookup(app, ROOT_A, "ABCDEFGHIJKL", 0, &o), h);
    /* The root process itself can be cataloged, on another kernel too. */
    ck_assert_uint_eq(ntx_catalog(app, ROOT_F, ROOT_F, "Root", &o), ST_E_OK);
    ck_assert_uint_eq(ntx_lookup(app, ROOT_F, "Root", 0, &o), ROOT_F);
}
END_TEST

static const struct {
    uint64_t proc, obj;
    const char *name;
    uint32_t status;
    const char *clause;
} catalog_rejects[] = {
    {0x10008, 0x10008, "X", ST_E_TYPE, CL_NTX_CATALOG_ERRORS},   /* a segment is not a process */
    {0x1000C, 0x10008, "X", ST_E_TYPE, CL_NTX_CATALOG_ERRORS},   /* nor a semaphore */
    {0x10040, 0x10008, "X", ST_E_EXIST, CL_NTX_CATALOG_ERRORS},  /* no such process */
    {0, 0x10008, "X", ST_E_EXIST, CL_NTX_CATALOG_ERRORS},        /* NTX has no NULL = root */
    {0x4, 0x10008, "X", ST_E_EXIST, CL_NTX_CATALOG_ERRORS},      /* an RTHANDLE */
    {ROOT_A, 0x10040, "X", ST_E_EXIST, CL_NTX_CATALOG_ERRORS},   /* object not live */
    {ROOT_A, 0x30008, "X", ST_E_EXIST, CL_NTX_CATALOG_ERRORS},   /* object on another kernel */
    {ROOT_A, 0x8, "X", ST_E_EXIST, CL_NTX_CATALOG_ERRORS},       /* object as an RTHANDLE */
    {ROOT_A, 0x10008, "", ST_E_PARAM, CL_NTX_CATALOG_NAMES},
    {ROOT_A, 0x10008, NULL, ST_E_PARAM, CL_NTX_CATALOG_NAMES},
    {ROOT_A, 0x10008, "ABCDEFGHIJKLM", ST_E_PARAM, CL_NTX_CATALOG_NAMES},
};

START_TEST(ntx_catalog_rejects) {
    sim_outcome o;
    ck_assert_uint_eq(alloc_ok(LOC_A, 4096), 0x10008);
    ck_assert_uint_eq(sim_rt_CreateRtSemaphore(rtA, 0, 1, 0, &o), 0xC);
    ck_assert_uint_eq(alloc_ok(LOC_F, 4096), 0x30008);
    ck_assert_uint_eq(ntx_catalog(app, catalog_rejects[_i].proc, catalog_rejects[_i].obj, catalog_rejects[_i].name, &o),
                      catalog_rejects[_i].status);
    EXPECT_OUTCOME(o, catalog_rejects[_i].status, catalog_rejects[_i].clause);
    EXPECT_ALLOWED(SPEC_API_NTX, "ntxCatalogNtxHandle", o.status);
    ck_assert_uint_eq(ntx_last(app), catalog_rejects[_i].status);
    ck_assert_uint_eq(sim_rt_of(sim_rt_root(nodeA))->catalog.count, 0);
}
END_TEST

START_TEST(lookup_in_non_process_or_stale_process_fails) {
    sim_outcome o;
    ck_assert_uint_eq(alloc_ok(LOC_A, 4096), 0x10008);
    ck_assert_uint_eq(ntx_lookup(app, 0x10008, "X", 0, &o), BAD_NTX);
    EXPECT_OUTCOME(o, ST_E_TYPE, CL_NTX_CATALOG_ERRORS);
    ck_assert_uint_eq(ntx_lookup(app, 0x10040, "X", 0, &o), BAD_NTX);
    EXPECT_OUTCOME(o, ST_E_EXIST, CL_NTX_CATALOG_ERRORS);
    ck_assert_uint_eq(ntx_lookup(app, 0, "X", 0, &o), BAD_NTX);
    EXPECT_OUTCOME(o, ST_E_EXIST, CL_NTX_CATALOG_ERRORS);
    /* The process is checked before the name. */
    ck_assert_uint_eq(ntx_lookup(app, 0x10040, "", 0, &o), BAD_NTX);
    EXPECT_OUTCOME(o, ST_E_EXIST, CL_NTX_CATALOG_ERRORS);
    /* A kernel that cannot be contacted. */
    link_down(host_node, ctl2_node);
    ck_assert_uint_eq(ntx_lookup(app, ROOT_B, "X", 0, &o), BAD_NTX);
    EXPECT_OUTCOME(o, ST_E_NTX_INTERNAL_ERROR, CL_NTX_CONTACT);
    ck_assert_uint_eq(ntx_catalog(app, ROOT_B, ROOT_B, "X", &o), ST_E_NTX_INTERNAL_ERROR);
    EXPECT_OUTCOME(o, ST_E_NTX_INTERNAL_ERROR, CL_NTX_CONTACT);
}
END_TEST

START_TEST(map_of_cached_handle_on_stopped_kernel_is_a_stale_hit) {
    /* The cache is consulted before contacting the kernel (sim/src/ntx.c order of checks). */
    sim_outcome o;
    uint64_t h = alloc_ok(LOC_A, 4096);
    uint64_t p = ntx_map(app, h, &o);
    stop_kernel(nodeA);
    ck_assert_int_eq(findings.count, 1);
    ck_assert_str_eq(findings.kind[0], "kernel-stopped");
    ck_assert_uint_eq(ntx_map(app, h, &o), p);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_MAP_CACHE_REUSE);
    ck_assert_int_eq(findings.count, 2);
    ck_assert_str_eq(findings.kind[1], "stale-cache-hit");
    char b;
    ck_assert(!mem_read(app, p, &b, 1, &o));
    EXPECT_SIM(o, ST_ACCESS_VIOLATION, CL_SIM_KERNEL_STOP);
    /* Unmapping needs no contact. */
    ck_assert_uint_eq(ntx_unmap(app, h, &o), ST_E_OK);
    ck_assert_uint_eq(ntx_map(app, h, &o), 0);
    EXPECT_OUTCOME(o, ST_E_NTX_INTERNAL_ERROR, CL_NTX_MAP_E_NTX_INTERNAL_ERROR);
}
END_TEST

/* Review regression: an iwin32x RtUnmapSharedMemory of an NTX pointer frees the view; a later object
 * reusing that address must not be unmapped by ntxUnmapRtSharedMemory of the old handle. */
START_TEST(ntx_unmap_leaves_a_reused_address_alone) {
    sim_outcome o;
    uint64_t h = alloc_ok(LOC_A, 4096);
    uint64_t p = ntx_map(app, h, &o);
    ck_assert_uint_ne(p, 0);
    ck_assert(sim_iwin32_RtUnmapSharedMemory(app, p, &o));
    uint64_t loc = 0;
    ck_assert_uint_ne(sim_iwin32_RtCreateSharedMemory(app, 0, 0, 4096, "B", &loc, &o), 0);
    ck_assert_uint_eq(loc, p); /* first fit reuses the address */
    ck_assert_uint_eq(ntx_unmap(app, h, &o), ST_E_OK);
    unsigned char byte = 0;
    ck_assert(sim_mem_write(app, loc, &byte, 1, &o)); /* B's view is still there */
}
END_TEST

Suite *ntx_suite(void) {
    Suite *s = suite_create("ntx");
    TCase *tc = tcase_create("location");
    tcase_add_checked_fixture(tc, world_setup, world_teardown);
    tcase_add_test(tc, constants_match_the_spec);
    tcase_add_test(tc, ntx_location_values_sentinels_are_64_bit);
    tcase_add_loop_test(tc, location_of_running_reachable_kernel, 0, (int)(sizeof locations / sizeof locations[0]));
    tcase_add_loop_test(tc, location_of_unknown_stopped_or_unreachable_kernel_is_undefined, 0,
                        (int)(sizeof bad_locations / sizeof bad_locations[0]));
    tcase_add_test(tc, location_link_back_up_makes_kernel_reachable_again);
    tcase_add_test(tc, contact_is_direct_without_routing_through_third_nodes);
    tcase_add_test(tc, root_process_of_each_kernel);
    tcase_add_loop_test(tc, root_of_location_that_names_no_kernel_is_bad_handle, 0,
                        (int)(sizeof bad_root_locations / sizeof bad_root_locations[0]));
    tcase_add_test(tc, ntx_local_is_the_one_kernel_of_the_callers_node);
    tcase_add_loop_test(tc, root_of_kernel_that_cannot_be_contacted, 0,
                        (int)(sizeof uncontactable / sizeof uncontactable[0]));
    tcase_add_test(tc, ntxhandle_is_kernel_index_and_rthandle);
    tcase_add_test(tc, freed_handle_value_is_the_next_one_given_out);
    suite_add_tcase(s, tc);

    tc = tcase_create("alloc");
    tcase_add_checked_fixture(tc, world_setup, world_teardown);
    tcase_add_loop_test(tc, alloc_rounds_size_up_to_pages, 0, (int)(sizeof alloc_sizes / sizeof alloc_sizes[0]));
    tcase_add_test(tc, alloc_size_zero_is_e_param);
    tcase_add_loop_test(tc, alloc_beyond_kernel_memory_is_e_mem, 0, (int)(sizeof exhaustion / sizeof exhaustion[0]));
    tcase_add_test(tc, alloc_exactly_all_kernel_memory_fits);
    tcase_add_loop_test(tc, alloc_at_bad_or_uncontactable_location_fails, 0,
                        (int)(sizeof alloc_bad_locations / sizeof alloc_bad_locations[0]));
    tcase_add_test(tc, free_segment_returns_memory_and_handle);
    tcase_add_test(tc, free_segment_over_rt_memory_keeps_the_memory);
    tcase_add_loop_test(tc, free_of_non_segment_or_stale_handle_fails, 0,
                        (int)(sizeof free_rejects / sizeof free_rejects[0]));
    tcase_add_test(tc, free_on_uncontactable_kernel_fails);
    suite_add_tcase(s, tc);

    tc = tcase_create("map");
    tcase_add_checked_fixture(tc, world_setup, world_teardown);
    tcase_add_test(tc, map_returns_read_write_view_of_whole_segment);
    tcase_add_test(tc, map_reaches_the_same_bytes_as_the_rt_view);
    tcase_add_test(tc, map_again_returns_the_same_pointer);
    tcase_add_test(tc, mapex_first_then_map_returns_the_same_pointer);
    tcase_add_test(tc, map_equals_mapex_write_in_another_process);
    tcase_add_test(tc, first_unmap_invalidates_every_earlier_pointer);
    tcase_add_loop_test(tc, unmap_of_handle_not_mapped_is_e_state, 0,
                        (int)(sizeof never_mapped / sizeof never_mapped[0]));
    tcase_add_test(tc, mapex_without_write_is_read_only_and_blocks_map);
    tcase_add_test(tc, unaligned_segment_needs_map_unaligned);
    tcase_add_test(tc, unaligned_segment_across_a_page_boundary);
    tcase_add_loop_test(tc, segment_not_aligned_at_both_ends_is_e_alignment, 0,
                        (int)(sizeof unaligned_segments / sizeof unaligned_segments[0]));
    tcase_add_test(tc, aligned_segment_inside_a_block_maps_its_own_pages);
    tcase_add_loop_test(tc, map_rejected_reports_clause_and_maps_nothing, 0, 2 * MAP_REJECTS);
    tcase_add_test(tc, map_from_host_of_kernel_configured_not_to_share_memory_is_e_location);
    tcase_add_test(tc, contact_is_checked_before_location);
    tcase_add_test(tc, import_converts_rthandle_to_ntxhandle);
    tcase_add_loop_test(tc, import_of_unknown_rthandle_or_bad_source_fails, 0,
                        (int)(sizeof import_rejects / sizeof import_rejects[0]));
    tcase_add_test(tc, import_with_source_on_uncontactable_kernel_fails);
    tcase_add_test(tc, map_larger_than_0xfffff000_is_e_vmem);
    tcase_add_test(tc, map_beyond_free_address_space_is_e_vmem);
    tcase_add_test(tc, last_error_keeps_the_last_failure);
    suite_add_tcase(s, tc);

    tc = tcase_create("cache");
    tcase_add_test(tc, ntx_unmap_leaves_a_reused_address_alone);
    tcase_add_checked_fixture(tc, world_setup, world_teardown);
    tcase_add_test(tc, reused_handle_value_returns_stale_cached_pointer);
    tcase_add_test(tc, freed_handle_still_cached_returns_stale_pointer);
    tcase_add_test(tc, reused_value_after_rt_side_delete_is_a_stale_hit);
    tcase_add_test(tc, map_of_cached_handle_on_stopped_kernel_is_a_stale_hit);
    suite_add_tcase(s, tc);

    tc = tcase_create("catalog");
    tcase_add_checked_fixture(tc, world_setup, world_teardown);
    tcase_add_test(tc, rt_catalog_in_root_is_found_by_ntx_lookup);
    tcase_add_loop_test(tc, lookup_of_bad_or_absent_name_fails, 0,
                        (int)(sizeof lookup_rejects / sizeof lookup_rejects[0]));
    tcase_add_test(tc, ntx_catalog_then_lookup_and_duplicate);
    tcase_add_loop_test(tc, ntx_catalog_rejects, 0, (int)(sizeof catalog_rejects / sizeof catalog_rejects[0]));
    tcase_add_test(tc, lookup_in_non_process_or_stale_process_fails);
    suite_add_tcase(s, tc);
    return s;
}
