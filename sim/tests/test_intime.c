/* sim/tests/test_intime.c — the INtime RT-side calls (sim/intime.h) and the lifetime of INtime
 * kernel objects (kernel stop/start, process exit), driven through a whole sim_world. One test (or
 * one table) per RT.* clause of spec/CLAUSES.md and spec/include/spec/clauses_model.def
 * (RT.LASTERROR, RT.ALLOC.MEMORY, RT.HANDLE.ERRORS, RT.FREE, RT.CATALOG.ERRORS, RT.SEMAPHORE) and
 * the INtime side of SIM.KERNEL.STOP / SIM.KERNEL.START / SIM.PROCESS.EXIT; every outcome's status
 * and clause string is asserted and the clause is checked against the spec catalogue. The NTX calls
 * themselves are in test_ntx.c.
 *
 * World (fixture TOPO_INTIME_LINKED in sim_test.h, the same as test_ntx.c): nodes 'host' (Windows,
 * va_limit 128 TiB), 'ctl2' (not Windows) and 'far' (Windows); INtime kernels 'NodeA' on host (index 0,
 * 64 MiB of RT memory, a 4 MiB iwin32 pool), 'NodeB' on ctl2 (index 1, shares_memory false) and 'NodeF' on
 * far (index 2); links host-ctl2 and host-far, both up. Every kernel's root process holds RTHANDLE 0x4, so
 * the first object made on a kernel is 0x8. Processes, in index order (which fixes their address windows):
 * 'app' and 'app2' (SIM_PROC_WINDOWS on host, kernel NodeA), 'rtA' (SIM_PROC_RT on NodeA) and 'rtB'
 * (SIM_PROC_RT on NodeB). Object ids: the root processes are #1..#3. Findings go to a sink that copies
 * them. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/intime.h"
#include "sim/iwin32.h"
#include "sim/mem.h"
#include "sim/ntx.h"
#include "sim/world.h"
#include "spec/clauses.h"
#include "spec/constants.h"
#include "spec/functions.h"
#include "spec/status.h"
#include "sim_test.h"
#include "suites.h"
#include "spec/clause_ids.h"

Suite *intime_suite(void); /* until suites.h declares it */

#define KiB 1024u
#define MiB (1024u * 1024u)
#define TiB (1ull << 40)
#define APP_BASE 0x10000000ull             /* process index 0 */
#define APP2_BASE (0x10000000ull + TiB)    /* process index 1 */
#define RTA_BASE (0x10000000ull + 2 * TiB) /* process index 2 */
#define RTB_BASE (0x10000000ull + 3 * TiB) /* process index 3 */
#define LOC_A 0x10000ull
#define ROOT_A 0x10004ull
#define BAD_RT 0xFFFFull
#define BAD_NTX 0xFFFFFFFFFFFFFFFFull /* NTX_BAD_NTXHANDLE of a 64-bit process (NTX.LOCATION.VALUES) */
#define SENTINEL 0x1234u /* what the RT status slot holds before a call that must set it */

/* ---- fixture ---- */

/* The world of the header comment, seed 42: INTIME_LINKED_FIXTURE (sim_test.h) defines w, host_node,
 * ctl2_node, far_node, nodeA, nodeB, nodeF, app, app2, rtA, rtB, findings, world_setup and
 * world_teardown. */
INTIME_LINKED_FIXTURE(42)

/* ---- helpers ---- */

/* The outcome of an RT or NTX call (INtime family; memory steps and events: EXPECT_SIM); the
 * statuses the RT function fn may report. */
#define EXPECT_OUTCOME(o, st, cl) EXPECT_INTIME(o, st, cl)
#define EXPECT_ALLOWED(fn, st) EXPECT_ALLOWED_IN(SPEC_API_RT, SPEC_FAMILY_INTIME, fn, st)

static uint64_t rt_alloc(sim_process *p, uint32_t size, sim_outcome *o) {
    *o = unset();
    return sim_rt_AllocateRtMemory(p, size, o);
}

static uint64_t rt_handle(sim_process *p, uint64_t va, uint32_t size, sim_outcome *o) {
    *o = unset();
    return sim_rt_CreateRtMemoryHandle(p, va, size, o);
}

static bool rt_delete(sim_process *p, uint64_t h, sim_outcome *o) {
    *o = unset();
    return sim_rt_DeleteRtMemoryHandle(p, h, o);
}

/* FreeRtMemory as a success flag: the bytes freed on success, -1 on failure (RT.FREE.BYTES). */
static bool rt_free(sim_process *p, uint64_t va, sim_outcome *o) {
    *o = unset();
    uint32_t freed = sim_rt_FreeRtMemory(p, va, o);
    ck_assert(freed == SIM_RT_FREE_FAILED || (freed != 0 && freed % 4096 == 0));
    return freed != SIM_RT_FREE_FAILED;
}

static bool rt_catalog(sim_process *p, uint64_t proc, uint64_t obj, const char *name, sim_outcome *o) {
    *o = unset();
    return sim_rt_CatalogRtHandle(p, proc, obj, name, o);
}

static uint64_t rt_sem(sim_process *p, uint32_t initial, uint32_t max, uint32_t flags, sim_outcome *o) {
    *o = unset();
    return sim_rt_CreateRtSemaphore(p, initial, max, flags, o);
}

/* GetLastRtError, whose own outcome is E_OK and which leaves the slot as it is. */
static uint32_t rt_last(sim_process *p) {
    sim_outcome o = unset();
    uint32_t st = sim_rt_GetLastRtError(p, &o);
    EXPECT_OUTCOME(o, ST_E_OK, CL_RT_LASTERROR_STICKY);
    ck_assert_uint_eq(p->last_error & 0xFFFFu, st); /* the low 16 bits of the slot */
    return st;
}

/* rtA's AllocateRtMemory; must succeed. */
static uint64_t block_ok(uint32_t size) {
    sim_outcome o;
    uint64_t va = rt_alloc(rtA, size, &o);
    ck_assert_uint_ne(va, 0);
    EXPECT_OUTCOME(o, ST_E_OK, CL_RT_ALLOC_ROUND);
    return va;
}

/* rtA's CreateRtMemoryHandle; must succeed. */
static uint64_t handle_ok(uint64_t va, uint32_t size) {
    sim_outcome o;
    uint64_t h = rt_handle(rtA, va, size, &o);
    ck_assert_uint_ne(h, BAD_RT);
    EXPECT_OUTCOME(o, ST_E_OK, CL_RT_HANDLE_CREATE);
    return h;
}

/* app maps an NTXHANDLE with ntxMapRtSharedMemory; must succeed. */
static uint64_t ntx_map_ok(sim_process *p, uint64_t h) {
    sim_outcome o = unset();
    uint64_t ptr = sim_ntx_ntxMapRtSharedMemory(p, h, &o);
    ck_assert_uint_ne(ptr, 0);
    ck_assert_uint_eq(o.status, ST_E_OK);
    return ptr;
}

/* ---- RT.ALLOC.ROUND, RT.ALLOC.MEMORY ---- */

static const struct { uint32_t size; uint64_t rounded; } block_sizes[] = {
    {1, 4096}, {100, 4096}, {4096, 4096}, {4097, 8192}, {8193, 12288}, {1 * MiB, 1 * MiB},
};

START_TEST(allocate_rounds_up_to_pages_and_is_page_aligned) {
    uint64_t rounded = block_sizes[_i].rounded;
    rtA->last_error = SENTINEL;
    sim_outcome o;
    uint64_t va = rt_alloc(rtA, block_sizes[_i].size, &o);
    ck_assert_uint_eq(va, RTA_BASE);
    ck_assert_uint_eq(va % 4096, 0);
    EXPECT_OUTCOME(o, ST_E_OK, CL_RT_ALLOC_ROUND);
    EXPECT_ALLOWED("AllocateRtMemory", o.status);
    ck_assert_uint_eq(rt_last(rtA), SENTINEL); /* RT.LASTERROR.STICKY: a success leaves the slot */
    ck_assert_uint_eq(nodeA->memory_used_bytes, rounded);
    /* The block is rtA's: a handle in its own table and a read-write view of all of it. */
    ck_assert_uint_eq(rtA->handles.open, 1);
    sim_object *mem = sim_handles_get(&rtA->handles, 0x4);
    ck_assert_ptr_nonnull(mem);
    ck_assert_int_eq(mem->kind, SIM_OBJ_RTMEM);
    ck_assert_uint_eq(mem->size_bytes, rounded);
    ck_assert_uint_eq(sim_rt_of(mem)->owner_handle, 0x4);
    ck_assert_uint_eq(sim_rt_of(mem)->rthandle, 0); /* not in the kernel's object table */
    ck_assert_uint_eq(sim_rt_table(nodeA)->open, 1);
    ck_assert_uint_eq(rtA->as.views[0].length, rounded);
    unsigned char b = 0xEE;
    ck_assert(mem_read(rtA, va + rounded - 1, &b, 1, &o));
    ck_assert_uint_eq(b, 0);
    ck_assert(mem_write(rtA, va + rounded - 1, "e", 1, &o));
    ck_assert(!mem_read(rtA, va + rounded, &b, 1, &o));
    EXPECT_SIM(o, ST_ACCESS_VIOLATION, CL_MEM_VIEW_OUTSIDE);
}
END_TEST

START_TEST(allocations_follow_each_other) {
    sim_outcome o;
    ck_assert_uint_eq(block_ok(100), RTA_BASE);
    ck_assert_uint_eq(block_ok(5000), RTA_BASE + 4096);
    ck_assert_uint_eq(block_ok(1), RTA_BASE + 3 * 4096);
    ck_assert_uint_eq(nodeA->memory_used_bytes, 4 * 4096);
    ck_assert_uint_eq(rtA->handles.open, 3);
    /* Each block is its own: a write in one is not seen in the next. */
    ck_assert(mem_write(rtA, RTA_BASE + 4095, "a", 1, &o));
    unsigned char b = 0xEE;
    ck_assert(mem_read(rtA, RTA_BASE + 4096, &b, 1, &o));
    ck_assert_uint_eq(b, 0);
    /* An access across two adjacent blocks faults (MEM.ACCESS.ONE_VIEW). */
    char two[2];
    ck_assert(!mem_read(rtA, RTA_BASE + 4095, two, 2, &o));
    EXPECT_SIM(o, ST_ACCESS_VIOLATION, CL_MEM_ACCESS_ONE_VIEW);
    /* rtB allocates from NodeB's memory. */
    ck_assert_uint_eq(rt_alloc(rtB, 4096, &o), RTB_BASE);
    ck_assert_uint_eq(nodeB->memory_used_bytes, 4096);
    ck_assert_uint_eq(nodeA->memory_used_bytes, 4 * 4096);
}
END_TEST

static const struct { uint32_t before, size, status; const char *clause; } allocate_rejects[] = {
    {0, 0, ST_E_PARAM, CL_RT_ALLOC_ROUND},
    {0, 64 * MiB + 1, ST_E_MEM, CL_RT_ALLOC_MEMORY},
    {0, 0xFFFFFFFFu, ST_E_MEM, CL_RT_ALLOC_MEMORY},
    {64 * MiB, 1, ST_E_MEM, CL_RT_ALLOC_MEMORY},
    {60 * MiB, 4 * MiB + 1, ST_E_MEM, CL_RT_ALLOC_MEMORY},
    {64 * MiB, 0, ST_E_PARAM, CL_RT_ALLOC_ROUND},
};

START_TEST(allocate_zero_or_beyond_free_memory_fails) {
    sim_outcome o;
    if (allocate_rejects[_i].before) block_ok(allocate_rejects[_i].before);
    uint64_t used = nodeA->memory_used_bytes;
    uint32_t handles = rtA->handles.open;
    rtA->last_error = SENTINEL;
    ck_assert_uint_eq(rt_alloc(rtA, allocate_rejects[_i].size, &o), 0);
    EXPECT_OUTCOME(o, allocate_rejects[_i].status, allocate_rejects[_i].clause);
    EXPECT_ALLOWED("AllocateRtMemory", o.status);
    ck_assert_uint_eq(rt_last(rtA), allocate_rejects[_i].status);
    ck_assert_uint_eq(nodeA->memory_used_bytes, used);
    ck_assert_uint_eq(rtA->handles.open, handles);
    ck_assert_uint_eq(rtA->as.count, handles);
}
END_TEST

START_TEST(allocate_exactly_what_is_left) {
    sim_outcome o;
    block_ok(60 * MiB);
    ck_assert_uint_eq(block_ok(4 * MiB), RTA_BASE + 60 * MiB);
    ck_assert_uint_eq(nodeA->memory_used_bytes, 64 * MiB);
    ck_assert_uint_eq(rt_alloc(rtA, 1, &o), 0);
    EXPECT_OUTCOME(o, ST_E_MEM, CL_RT_ALLOC_MEMORY);
    /* Memory given back by FreeRtMemory can be allocated again. */
    ck_assert(rt_free(rtA, RTA_BASE, &o));
    ck_assert_uint_eq(nodeA->memory_used_bytes, 4 * MiB);
    ck_assert_uint_eq(block_ok(60 * MiB), RTA_BASE);
}
END_TEST

/* ---- RT.HANDLE.CREATE, RT.HANDLE.ERRORS ---- */

START_TEST(create_memory_handle_over_whole_block) {
    sim_outcome o;
    uint64_t va = block_ok(8192);
    rtA->last_error = SENTINEL;
    uint64_t h = rt_handle(rtA, va, 8192, &o);
    ck_assert_uint_eq(h, 0x8); /* after the root process's 0x4 */
    EXPECT_OUTCOME(o, ST_E_OK, CL_RT_HANDLE_CREATE);
    EXPECT_ALLOWED("CreateRtMemoryHandle", o.status);
    ck_assert_uint_eq(rt_last(rtA), SENTINEL); /* RT.LASTERROR.STICKY: a success leaves the slot */
    sim_object *seg = sim_rt_lookup(nodeA, h);
    ck_assert_ptr_nonnull(seg);
    ck_assert_int_eq(seg->kind, SIM_OBJ_SEGMENT);
    ck_assert_ptr_eq(sim_rt_of(seg)->base, sim_handles_get(&rtA->handles, 0x4));
    ck_assert_uint_eq(sim_rt_of(seg)->base_offset, 0);
    ck_assert_uint_eq(sim_rt_of(seg)->length, 8192);
    ck_assert(!sim_rt_of(seg)->owns_base);
    ck_assert_uint_eq(sim_rt_of(seg)->base->ref_count, 1);
    ck_assert_uint_eq(nodeA->memory_used_bytes, 8192); /* a handle costs no memory */
    ck_assert_uint_eq(rtA->handles.open, 1);           /* it lives in the kernel's table */
    ck_assert_uint_eq(sim_rt_table(nodeA)->open, 2);
    /* More handles over the same memory: consecutive RTHANDLEs, overlapping ranges allowed. */
    ck_assert_uint_eq(handle_ok(va, 4096), 0xC);
    ck_assert_uint_eq(handle_ok(va + 4096, 4096), 0x10);
    ck_assert_uint_eq(sim_rt_of(seg)->base->ref_count, 3);
}
END_TEST

static const struct { uint32_t offset, size; } unaligned_ranges[] = {
    {100, 200}, {1, 1}, {0, 1}, {4095, 1}, {100, 8092}, {4000, 200},
};

START_TEST(create_memory_handle_over_unaligned_range) {
    /* RT.HANDLE.CREATE: any range inside the block, page-aligned or not. */
    sim_outcome o;
    uint64_t va = block_ok(8192);
    uint64_t h = rt_handle(rtA, va + unaligned_ranges[_i].offset, unaligned_ranges[_i].size, &o);
    ck_assert_uint_eq(h, 0x8);
    EXPECT_OUTCOME(o, ST_E_OK, CL_RT_HANDLE_CREATE);
    sim_object *seg = sim_rt_lookup(nodeA, h);
    ck_assert_uint_eq(sim_rt_of(seg)->base_offset, unaligned_ranges[_i].offset);
    ck_assert_uint_eq(sim_rt_of(seg)->length, unaligned_ranges[_i].size);
}
END_TEST

/* Addresses for the rejected creates; computed in the test from the blocks it makes. */
typedef enum {
    AT_BLOCK = 0,   /* the start of a 4096-byte block */
    AT_UNMAPPED,    /* an address with no view */
    AT_TAIL,        /* 4000 bytes into the block */
    AT_SECOND,      /* 4000 bytes into the first of two adjacent blocks */
    AT_FREED,       /* a block freed with FreeRtMemory */
    AT_IWIN32,      /* an iwin32 shared-memory view of rtA */
    AT_OTHER,       /* rtB's block address */
    AT_NULL,
} where;

static const struct { where at; uint32_t size, status; } handle_rejects[] = {
    {AT_BLOCK, 0, ST_E_PARAM},
    {AT_UNMAPPED, 0, ST_E_PARAM},    /* size is checked first */
    {AT_UNMAPPED, 4096, ST_E_BAD_ADDR},
    {AT_NULL, 4096, ST_E_BAD_ADDR},
    {AT_BLOCK, 4097, ST_E_BAD_ADDR}, /* runs past the block */
    {AT_TAIL, 97, ST_E_BAD_ADDR},
    {AT_SECOND, 200, ST_E_BAD_ADDR}, /* not inside one block, although both are rtA's */
    {AT_FREED, 4096, ST_E_BAD_ADDR},
    {AT_IWIN32, 4096, ST_E_BAD_ADDR},
    {AT_OTHER, 4096, ST_E_BAD_ADDR}, /* another process's memory */
};

static uint64_t address_for(where at) {
    sim_outcome o;
    uint64_t va;
    switch (at) {
    case AT_BLOCK: return block_ok(4096);
    case AT_UNMAPPED: return RTA_BASE + 1 * MiB;
    case AT_TAIL: return block_ok(4096) + 4000;
    case AT_SECOND:
        va = block_ok(4096);
        ck_assert_uint_eq(block_ok(4096), va + 4096);
        return va + 4000;
    case AT_FREED:
        va = block_ok(4096);
        ck_assert(rt_free(rtA, va, &o));
        return va;
    case AT_IWIN32:
        o = unset();
        ck_assert_uint_ne(sim_iwin32_RtCreateSharedMemory(rtA, K_PAGE_READWRITE, 0, 4096, "Shm", &va, &o), 0);
        return va;
    case AT_OTHER:
        va = rt_alloc(rtB, 4096, &o);
        ck_assert_uint_eq(va, RTB_BASE);
        return va;
    case AT_NULL: return 0;
    }
    return 0;
}

START_TEST(create_memory_handle_rejects) {
    sim_outcome o;
    uint64_t va = address_for(handle_rejects[_i].at);
    uint32_t table = sim_rt_table(nodeA)->open;
    rtA->last_error = SENTINEL;
    ck_assert_uint_eq(rt_handle(rtA, va, handle_rejects[_i].size, &o), BAD_RT);
    EXPECT_OUTCOME(o, handle_rejects[_i].status, CL_RT_HANDLE_ERRORS);
    EXPECT_ALLOWED("CreateRtMemoryHandle", o.status);
    ck_assert_uint_eq(rt_last(rtA), handle_rejects[_i].status);
    ck_assert_uint_eq(sim_rt_table(nodeA)->open, table);
}
END_TEST

/* ---- RT.HANDLE.DELETE ---- */

START_TEST(delete_memory_handle_keeps_the_memory) {
    sim_outcome o;
    uint64_t va = block_ok(4096);
    uint64_t h = handle_ok(va, 4096);
    uint64_t p = ntx_map_ok(app, sim_ntx_handle(nodeA, h));
    ck_assert(mem_write(rtA, va, "kept", 4, &o));
    rtA->last_error = SENTINEL;
    ck_assert(rt_delete(rtA, h, &o));
    EXPECT_OUTCOME(o, ST_E_OK, CL_RT_HANDLE_DELETE);
    EXPECT_ALLOWED("DeleteRtMemoryHandle", o.status);
    ck_assert_uint_eq(rt_last(rtA), SENTINEL); /* RT.LASTERROR.STICKY: a success leaves the slot */
    ck_assert_ptr_null(sim_rt_lookup(nodeA, h));
    ck_assert_uint_eq(sim_rt_table(nodeA)->open, 1);
    /* The memory is not touched: rtA's view and the Windows view made before both still work. */
    ck_assert_uint_eq(nodeA->memory_used_bytes, 4096);
    char buf[4];
    ck_assert(mem_read(rtA, va, buf, 4, &o));
    ck_assert_mem_eq(buf, "kept", 4);
    ck_assert(mem_read(app, p, buf, 4, &o));
    EXPECT_SIM(o, ST_OK, CL_MEM_SHARED);
    ck_assert_mem_eq(buf, "kept", 4);
    ck_assert_uint_eq(sim_handles_get(&rtA->handles, 0x4)->ref_count, 0);
    /* The handle is now stale. */
    ck_assert(!rt_delete(rtA, h, &o));
    EXPECT_OUTCOME(o, ST_E_EXIST, CL_RT_HANDLE_DELETE);
    EXPECT_ALLOWED("DeleteRtMemoryHandle", o.status);
    ck_assert_uint_eq(rt_last(rtA), ST_E_EXIST);
    /* Its value is the next one given out. */
    ck_assert_uint_eq(handle_ok(va, 4096), h);
}
END_TEST

static const struct { uint64_t h; uint32_t status; const char *clause; } delete_rejects[] = {
    {0x4, ST_E_TYPE, CL_RT_HANDLE_ERRORS},     /* the root process */
    {0xC, ST_E_TYPE, CL_RT_HANDLE_ERRORS},     /* the semaphore made below */
    {0x40, ST_E_EXIST, CL_RT_HANDLE_DELETE},   /* never existed */
    {0, ST_E_EXIST, CL_RT_HANDLE_DELETE},
    {0xFFFF, ST_E_EXIST, CL_RT_HANDLE_DELETE}, /* BAD_RTHANDLE */
    {0x10008, ST_E_EXIST, CL_RT_HANDLE_DELETE},/* an NTXHANDLE is not an RTHANDLE */
    {0x9, ST_E_EXIST, CL_RT_HANDLE_DELETE},
};

START_TEST(delete_memory_handle_rejects) {
    sim_outcome o;
    uint64_t va = block_ok(4096);
    ck_assert_uint_eq(handle_ok(va, 4096), 0x8);
    ck_assert_uint_eq(rt_sem(rtA, 0, 1, 0, &o), 0xC);
    rtA->last_error = SENTINEL;
    ck_assert(!rt_delete(rtA, delete_rejects[_i].h, &o));
    EXPECT_OUTCOME(o, delete_rejects[_i].status, delete_rejects[_i].clause);
    EXPECT_ALLOWED("DeleteRtMemoryHandle", o.status);
    ck_assert_uint_eq(rt_last(rtA), delete_rejects[_i].status);
    ck_assert_uint_eq(sim_rt_table(nodeA)->open, 3);
}
END_TEST

START_TEST(delete_handle_of_another_kernel_value_is_local) {
    /* RTHANDLEs are per kernel: rtB's 0x8 is NodeB's object, rtA's 0x8 NodeA's. */
    sim_outcome o;
    ck_assert_uint_eq(handle_ok(block_ok(4096), 4096), 0x8);
    ck_assert(!rt_delete(rtB, 0x8, &o));
    EXPECT_OUTCOME(o, ST_E_EXIST, CL_RT_HANDLE_DELETE);
    ck_assert_ptr_nonnull(sim_rt_lookup(nodeA, 0x8));
}
END_TEST

START_TEST(delete_of_ntx_allocated_segment_frees_its_memory) {
    /* The segment from ntxAllocateRtMemory owns its memory; deleting it from the RT side frees both. */
    sim_outcome o = unset();
    uint64_t h = sim_ntx_ntxAllocateRtMemory(app, LOC_A, 8192, &o);
    ck_assert_uint_eq(h, 0x10008);
    ck_assert_uint_eq(nodeA->memory_used_bytes, 8192);
    ck_assert(rt_delete(rtA, 0x8, &o));
    EXPECT_OUTCOME(o, ST_E_OK, CL_RT_HANDLE_DELETE);
    ck_assert_uint_eq(nodeA->memory_used_bytes, 0);
    ck_assert_ptr_eq(nodeA->first_object, sim_rt_root(nodeA));
    ck_assert_ptr_eq(nodeA->last_object, sim_rt_root(nodeA));
}
END_TEST

/* ---- RT.FREE ---- */

START_TEST(free_memory_returns_it_and_views_fault) {
    sim_outcome o;
    uint64_t keep = block_ok(4096);
    uint64_t va = block_ok(3 * 4096);
    ck_assert_uint_eq(va, RTA_BASE + 4096);
    uint64_t h = handle_ok(va, 3 * 4096);
    uint64_t p = ntx_map_ok(app, sim_ntx_handle(nodeA, h));
    ck_assert_uint_eq(p, APP_BASE);
    ck_assert_uint_eq(nodeA->memory_used_bytes, 4 * 4096);
    rtA->last_error = SENTINEL;
    ck_assert(rt_free(rtA, va, &o));
    EXPECT_OUTCOME(o, ST_E_OK, CL_RT_FREE_BYTES);
    EXPECT_ALLOWED("FreeRtMemory", o.status);
    ck_assert_uint_eq(rt_last(rtA), SENTINEL); /* RT.LASTERROR.STICKY */
    ck_assert_uint_eq(nodeA->memory_used_bytes, 4096); /* back to the value before */
    ck_assert_uint_eq(rtA->handles.open, 1);
    ck_assert_uint_eq(rtA->as.count, 1);
    /* Every view of it faults: rtA's own and the Windows view through the memory handle. */
    char b;
    ck_assert(!mem_read(rtA, va, &b, 1, &o));
    EXPECT_SIM(o, ST_ACCESS_VIOLATION, CL_MEM_VIEW_OUTSIDE); /* rtA's view is gone */
    ck_assert(!mem_read(app, p, &b, 1, &o));
    EXPECT_SIM(o, ST_ACCESS_VIOLATION, CL_RT_FREE); /* app's view outlived the block */
    ck_assert(!mem_write(app, p + 4096, "x", 1, &o));
    EXPECT_SIM(o, ST_ACCESS_VIOLATION, CL_RT_FREE);
    ck_assert_int_eq(findings.count, 1);
    EXPECT_FINDING(0, "dangling-view", CL_RT_ALLOC_MEMORY,
                   "rt-memory object #5 (unnamed) destroyed when its last handle was closed (in process 'rtA') "
                   "while 1 view was still mapped; access through it faults");
    /* The other block is untouched. */
    ck_assert(mem_write(rtA, keep, "k", 1, &o));
    EXPECT_SIM(o, ST_OK, CL_MEM_SHARED);
    /* A memory handle over the freed block can no longer be mapped. */
    o = unset();
    ck_assert_uint_eq(sim_ntx_ntxMapRtSharedMemory(app2, sim_ntx_handle(nodeA, h), &o), 0);
    EXPECT_OUTCOME(o, ST_E_EXIST, CL_NTX_MAP_STALE_HANDLE);
    /* The next block takes the freed place. */
    ck_assert_uint_eq(block_ok(4096), va);
}
END_TEST

static const struct { where at; int64_t delta; } free_rejects[] = {
    {AT_BLOCK, 1},               /* inside, not the start */
    {AT_BLOCK, 4095},
    {AT_UNMAPPED, 0},
    {AT_NULL, 0},
    {AT_FREED, 0},               /* twice */
    {AT_IWIN32, 0},              /* not RT memory */
    {AT_OTHER, 0},               /* rtB's address means nothing in rtA */
};

START_TEST(free_memory_rejects) {
    sim_outcome o;
    uint64_t va = address_for(free_rejects[_i].at) + (uint64_t)free_rejects[_i].delta;
    uint64_t used = nodeA->memory_used_bytes;
    size_t views = rtA->as.count;
    rtA->last_error = SENTINEL;
    ck_assert(!rt_free(rtA, va, &o));
    EXPECT_OUTCOME(o, ST_E_BAD_ADDR, CL_RT_FREE);
    EXPECT_ALLOWED("FreeRtMemory", o.status);
    ck_assert_uint_eq(rt_last(rtA), ST_E_BAD_ADDR);
    ck_assert_uint_eq(nodeA->memory_used_bytes, used);
    ck_assert_uint_eq(rtA->as.count, views);
}
END_TEST

START_TEST(free_memory_of_another_process_block_fails) {
    /* The block belongs to the process that allocated it (RT.ALLOC.MEMORY): a view of it that app
     * holds is not app's to free, and rtB cannot free rtA's block. */
    sim_outcome o;
    uint64_t va = block_ok(4096);
    ck_assert(!rt_free(rtB, va, &o));
    EXPECT_OUTCOME(o, ST_E_BAD_ADDR, CL_RT_FREE);
    uint64_t p = ntx_map_ok(app, sim_ntx_handle(nodeA, handle_ok(va, 4096)));
    ck_assert(!rt_free(app, p, &o));
    EXPECT_OUTCOME(o, ST_E_BAD_ADDR, CL_RT_FREE);
    ck_assert_uint_eq(nodeA->memory_used_bytes, 4096);
    ck_assert(mem_write(app, p, "still", 5, &o));
}
END_TEST

/* ---- RT.CATALOG, RT.CATALOG.ERRORS ---- */

START_TEST(catalog_in_root_by_null_or_explicit_handle) {
    sim_outcome o;
    uint64_t h = handle_ok(block_ok(4096), 4096);
    rtA->last_error = SENTINEL;
    ck_assert(rt_catalog(rtA, 0, h, "Seg", &o));
    EXPECT_OUTCOME(o, ST_E_OK, CL_RT_CATALOG);
    EXPECT_ALLOWED("CatalogRtHandle", o.status);
    ck_assert_uint_eq(rt_last(rtA), SENTINEL); /* RT.LASTERROR.STICKY: a success leaves the slot */
    ck_assert(rt_catalog(rtA, 0x4, h, "Seg2", &o)); /* the root's own RTHANDLE is the same directory */
    EXPECT_OUTCOME(o, ST_E_OK, CL_RT_CATALOG);
    ck_assert_uint_eq(sim_rt_of(sim_rt_root(nodeA))->catalog.count, 2);
    ck_assert_uint_eq(((const sim_catalog_entry *)sim_hmap_get_str(&sim_rt_of(sim_rt_root(nodeA))->catalog, "Seg"))->rthandle, h);
    o = unset();
    ck_assert_uint_eq(sim_ntx_ntxLookupNtxhandle(app, ROOT_A, "Seg2", 0, &o), 0x10008);
    EXPECT_OUTCOME(o, ST_E_OK, CL_RT_CATALOG);
    /* Names of 1 and 12 characters; a semaphore and the root itself can be cataloged too. */
    ck_assert(rt_catalog(rtA, 0, 0x4, "R", &o));
    ck_assert_uint_eq(rt_sem(rtA, 0, 1, 0, &o), 0xC);
    ck_assert(rt_catalog(rtA, 0, 0xC, "ABCDEFGHIJKL", &o));
    EXPECT_OUTCOME(o, ST_E_OK, CL_RT_CATALOG);
    /* rtB catalogs in NodeB's root: another directory, the same name is free there. */
    uint64_t hb = rt_sem(rtB, 0, 1, 0, &o);
    ck_assert_uint_eq(hb, 0x8);
    ck_assert(rt_catalog(rtB, 0, hb, "Seg", &o));
    EXPECT_OUTCOME(o, ST_E_OK, CL_RT_CATALOG);
    o = unset();
    ck_assert_uint_eq(sim_ntx_ntxLookupNtxhandle(app, 0x20004, "Seg", 0, &o), 0x20008);
}
END_TEST

static const struct { uint64_t proc, obj; const char *name; uint32_t status; const char *clause; } catalog_rejects[] = {
    {0x8, 0x8, "X", ST_E_TYPE, CL_RT_CATALOG_ERRORS},     /* the segment is not a process */
    {0xC, 0x8, "X", ST_E_TYPE, CL_RT_CATALOG_ERRORS},     /* nor the semaphore */
    {0x40, 0x8, "X", ST_E_EXIST, CL_RT_CATALOG_ERRORS},   /* not live */
    {0x10004, 0x8, "X", ST_E_EXIST, CL_RT_CATALOG_ERRORS},/* an NTXHANDLE */
    {0, 0x40, "X", ST_E_EXIST, CL_RT_CATALOG_ERRORS},     /* object not live */
    {0, 0, "X", ST_E_EXIST, CL_RT_CATALOG_ERRORS},
    {0, 0x10008, "X", ST_E_EXIST, CL_RT_CATALOG_ERRORS},
    {0, 0x8, "Dup", ST_E_EXIST, CL_RT_CATALOG_ERRORS},    /* already in the directory */
    {0, 0xC, "Dup", ST_E_EXIST, CL_RT_CATALOG_ERRORS},
    {0, 0x8, "", ST_E_PARAM, CL_NTX_CATALOG_NAMES},
    {0, 0x8, NULL, ST_E_PARAM, CL_NTX_CATALOG_NAMES},
    {0, 0x8, "ABCDEFGHIJKLM", ST_E_PARAM, CL_NTX_CATALOG_NAMES},
    {0x40, 0x8, "", ST_E_EXIST, CL_RT_CATALOG_ERRORS},    /* the process is checked first */
    {0, 0x40, "", ST_E_EXIST, CL_RT_CATALOG_ERRORS},      /* then the object, then the name */
};

START_TEST(catalog_rejected_reports_clause_and_catalogs_nothing) {
    sim_outcome o;
    ck_assert_uint_eq(handle_ok(block_ok(4096), 4096), 0x8);
    ck_assert_uint_eq(rt_sem(rtA, 0, 1, 0, &o), 0xC);
    ck_assert(rt_catalog(rtA, 0, 0x8, "Dup", &o));
    rtA->last_error = SENTINEL;
    ck_assert(!rt_catalog(rtA, catalog_rejects[_i].proc, catalog_rejects[_i].obj, catalog_rejects[_i].name, &o));
    EXPECT_OUTCOME(o, catalog_rejects[_i].status, catalog_rejects[_i].clause);
    EXPECT_ALLOWED("CatalogRtHandle", o.status);
    ck_assert_uint_eq(rt_last(rtA), catalog_rejects[_i].status);
    ck_assert_uint_eq(sim_rt_of(sim_rt_root(nodeA))->catalog.count, 1);
    ck_assert_uint_eq(((const sim_catalog_entry *)sim_hmap_get_str(&sim_rt_of(sim_rt_root(nodeA))->catalog, "Dup"))->rthandle, 0x8);
}
END_TEST

/* ---- RT.SEMAPHORE ---- */

static const struct { uint32_t initial, max, flags, status; } semaphores[] = {
    {0, 1, 0, ST_E_OK},
    {1, 1, 0, ST_E_OK},
    {0, 0xFFFF, 0, ST_E_OK},
    {0xFFFF, 0xFFFF, 0, ST_E_OK},
    {5, 10, 0xFFFFFFFFu, ST_E_OK}, /* flags are not modelled */
    {0, 0, 0, ST_E_PARAM},
    {1, 0, 0, ST_E_PARAM},
    {2, 1, 0, ST_E_PARAM},
    {0, 0x10000, 0, ST_E_PARAM},
    {0x10000, 0x10000, 0, ST_E_PARAM},
    {0xFFFFFFFFu, 1, 0, ST_E_PARAM},
    {0, 0xFFFFFFFFu, 0, ST_E_PARAM},
};

START_TEST(create_semaphore_checks_counts) {
    sim_outcome o;
    rtA->last_error = SENTINEL;
    uint64_t h = rt_sem(rtA, semaphores[_i].initial, semaphores[_i].max, semaphores[_i].flags, &o);
    EXPECT_OUTCOME(o, semaphores[_i].status, CL_RT_SEMAPHORE);
    EXPECT_ALLOWED("CreateRtSemaphore", o.status);
    ck_assert_uint_eq(rt_last(rtA), semaphores[_i].status == ST_E_OK ? SENTINEL : semaphores[_i].status);
    if (semaphores[_i].status == ST_E_OK) {
        ck_assert_uint_eq(h, 0x8);
        sim_object *sem = sim_rt_lookup(nodeA, h);
        ck_assert_int_eq(sem->kind, SIM_OBJ_RTSEM);
        ck_assert_int_eq(sim_rt_of(sem)->count, (int32_t)semaphores[_i].initial);
        ck_assert_int_eq(sim_rt_of(sem)->max_count, (int32_t)semaphores[_i].max);
        ck_assert_uint_eq(sim_rt_table(nodeA)->open, 2);
        ck_assert_uint_eq(rt_sem(rtA, 0, 1, 0, &o), 0xC); /* the table's next value */
    } else {
        ck_assert_uint_eq(h, BAD_RT);
        ck_assert_uint_eq(sim_rt_table(nodeA)->open, 1);
        ck_assert_ptr_eq(nodeA->last_object, sim_rt_root(nodeA));
    }
}
END_TEST

START_TEST(full_object_table_is_e_limit) {
    /* RT.HANDLE.ERRORS, RT.SEMAPHORE: 16382 RTHANDLEs (0x4..0xFFF8) per kernel, the root's included. */
    sim_outcome o;
    uint64_t va = block_ok(4096);
    uint64_t last = 0;
    for (int i = 1; i < SIM_MAX_RT_HANDLES; i++) {
        last = rt_sem(rtA, 0, 1, 0, &o);
        ck_assert_uint_ne(last, BAD_RT);
    }
    ck_assert_uint_eq(last, 0xFFF8);
    ck_assert_uint_eq(sim_rt_table(nodeA)->open, SIM_MAX_RT_HANDLES);
    ck_assert_uint_eq(rt_sem(rtA, 0, 1, 0, &o), BAD_RT);
    EXPECT_OUTCOME(o, ST_E_LIMIT, CL_RT_SEMAPHORE);
    EXPECT_ALLOWED("CreateRtSemaphore", o.status);
    ck_assert_uint_eq(rt_last(rtA), ST_E_LIMIT);
    ck_assert_uint_eq(rt_handle(rtA, va, 4096, &o), BAD_RT);
    EXPECT_OUTCOME(o, ST_E_LIMIT, CL_RT_HANDLE_ERRORS);
    EXPECT_ALLOWED("CreateRtMemoryHandle", o.status);
    /* ntxAllocateRtMemory has no slot for its segment either, and gives the memory back. */
    o = unset();
    ck_assert_uint_eq(sim_ntx_ntxAllocateRtMemory(app, LOC_A, 4096, &o), BAD_NTX);
    EXPECT_OUTCOME(o, ST_E_LIMIT, CL_NTX_ALLOC_E_MEM);
    ck_assert_uint_eq(nodeA->memory_used_bytes, 4096);
    ck_assert_uint_eq(sim_rt_table(nodeA)->open, SIM_MAX_RT_HANDLES);
    /* One value freed is the one given out next. */
    o = unset();
    ck_assert_uint_eq(sim_ntx_ntxFreeRtMemory(app, 0x10000 | 0x1234, &o), ST_E_TYPE); /* a semaphore */
    ck_assert(!rt_delete(rtA, 0x1234, &o));
    EXPECT_OUTCOME(o, ST_E_TYPE, CL_RT_HANDLE_ERRORS);
    sim_rt_delete(nodeA, sim_rt_of(sim_rt_lookup(nodeA, 0x1234)));
    ck_assert_uint_eq(handle_ok(va, 4096), 0x1234);
}
END_TEST

/* ---- RT.LASTERROR.STICKY: failing RT calls set the slot, successes leave it ---- */

static sim_outcome step_out;

static void step_alloc_ok(void) { rtA->last_error = SENTINEL; rt_alloc(rtA, 4096, &step_out); }
static void step_alloc_zero(void) { rtA->last_error = SENTINEL; rt_alloc(rtA, 0, &step_out); }
static void step_alloc_mem(void) { rtA->last_error = SENTINEL; rt_alloc(rtA, 65 * MiB, &step_out); }
static void step_handle_ok(void) {
    uint64_t va = block_ok(4096);
    rtA->last_error = SENTINEL;
    rt_handle(rtA, va, 4096, &step_out);
}
static void step_handle_zero(void) {
    uint64_t va = block_ok(4096);
    rtA->last_error = SENTINEL;
    rt_handle(rtA, va, 0, &step_out);
}
static void step_handle_bad_addr(void) { rtA->last_error = SENTINEL; rt_handle(rtA, RTA_BASE, 4096, &step_out); }
static void step_delete_ok(void) {
    uint64_t h = handle_ok(block_ok(4096), 4096);
    rtA->last_error = SENTINEL;
    rt_delete(rtA, h, &step_out);
}
static void step_delete_stale(void) { rtA->last_error = SENTINEL; rt_delete(rtA, 0x8, &step_out); }
static void step_delete_type(void) { rtA->last_error = SENTINEL; rt_delete(rtA, 0x4, &step_out); }
static void step_free_ok(void) {
    uint64_t va = block_ok(4096);
    rtA->last_error = SENTINEL;
    rt_free(rtA, va, &step_out);
}
static void step_free_bad(void) { rtA->last_error = SENTINEL; rt_free(rtA, RTA_BASE, &step_out); }
static void step_catalog_ok(void) { rtA->last_error = SENTINEL; rt_catalog(rtA, 0, 0x4, "Root", &step_out); }
static void step_catalog_name(void) { rtA->last_error = SENTINEL; rt_catalog(rtA, 0, 0x4, "", &step_out); }
static void step_catalog_dup(void) {
    sim_outcome o;
    ck_assert(rt_catalog(rtA, 0, 0x4, "Root", &o));
    rtA->last_error = SENTINEL;
    rt_catalog(rtA, 0, 0x4, "Root", &step_out);
}
static void step_catalog_type(void) {
    sim_outcome o;
    ck_assert_uint_eq(rt_sem(rtA, 0, 1, 0, &o), 0x8);
    rtA->last_error = SENTINEL;
    rt_catalog(rtA, 0x8, 0x4, "Root", &step_out);
}
static void step_sem_ok(void) { rtA->last_error = SENTINEL; rt_sem(rtA, 0, 1, 0, &step_out); }
static void step_sem_param(void) { rtA->last_error = SENTINEL; rt_sem(rtA, 0, 0, 0, &step_out); }

static const struct { const char *fn; void (*step)(void); uint32_t status; } last_error_steps[] = {
    {"AllocateRtMemory", step_alloc_ok, ST_E_OK},
    {"AllocateRtMemory", step_alloc_zero, ST_E_PARAM},
    {"AllocateRtMemory", step_alloc_mem, ST_E_MEM},
    {"CreateRtMemoryHandle", step_handle_ok, ST_E_OK},
    {"CreateRtMemoryHandle", step_handle_zero, ST_E_PARAM},
    {"CreateRtMemoryHandle", step_handle_bad_addr, ST_E_BAD_ADDR},
    {"DeleteRtMemoryHandle", step_delete_ok, ST_E_OK},
    {"DeleteRtMemoryHandle", step_delete_stale, ST_E_EXIST},
    {"DeleteRtMemoryHandle", step_delete_type, ST_E_TYPE},
    {"FreeRtMemory", step_free_ok, ST_E_OK},
    {"FreeRtMemory", step_free_bad, ST_E_BAD_ADDR},
    {"CatalogRtHandle", step_catalog_ok, ST_E_OK},
    {"CatalogRtHandle", step_catalog_name, ST_E_PARAM},
    {"CatalogRtHandle", step_catalog_dup, ST_E_EXIST},
    {"CatalogRtHandle", step_catalog_type, ST_E_TYPE},
    {"CreateRtSemaphore", step_sem_ok, ST_E_OK},
    {"CreateRtSemaphore", step_sem_param, ST_E_PARAM},
};

START_TEST(free_returns_bytes_freed_or_minus_one) {
    /* RT.FREE.BYTES: "The number of bytes freed — Success. -1 — Failure." */
    sim_outcome o = unset();
    uint64_t va = sim_rt_AllocateRtMemory(rtA, 5000, &o);
    ck_assert_uint_ne(va, 0);
    o = unset();
    ck_assert_uint_eq(sim_rt_FreeRtMemory(rtA, va, &o), 8192); /* the page-rounded block */
    EXPECT_OUTCOME(o, ST_E_OK, CL_RT_FREE_BYTES);
    EXPECT_ALLOWED("FreeRtMemory", o.status);
    o = unset();
    ck_assert_uint_eq(sim_rt_FreeRtMemory(rtA, va, &o), 0xFFFFFFFFu);
    EXPECT_OUTCOME(o, ST_E_BAD_ADDR, CL_RT_FREE);
    EXPECT_ALLOWED("FreeRtMemory", o.status);
}
END_TEST

START_TEST(get_last_rt_error_reads_16_bits_of_the_shared_slot) {
    /* RT.LASTERROR.STICKY: "GetLastRtError returns only 16 bits of status whereas the GetLastError
     * (iwin32) call returns 32 bits of status", from the one slot they share. */
    sim_outcome o = unset();
    sim_iwin32_SetLastError(rtA, 0xDEADBEEFu, &o);
    o = unset();
    ck_assert_uint_eq(sim_iwin32_GetLastError(rtA, &o), 0xDEADBEEFu);
    ck_assert_uint_eq(rt_last(rtA), 0xBEEFu);
    /* a successful RT call does not clear it; a failing one replaces it */
    o = unset();
    ck_assert_uint_ne(sim_rt_AllocateRtMemory(rtA, 4096, &o), 0);
    ck_assert_uint_eq(rt_last(rtA), 0xBEEFu);
    o = unset();
    ck_assert_uint_eq(sim_rt_AllocateRtMemory(rtA, 0, &o), 0);
    ck_assert_uint_eq(rt_last(rtA), ST_E_PARAM);
    o = unset();
    ck_assert_uint_eq(sim_iwin32_GetLastError(rtA, &o), ST_E_PARAM);
}
END_TEST

START_TEST(failing_rt_calls_set_the_status_slot) {
    step_out = unset();
    last_error_steps[_i].step();
    ck_assert_uint_eq(step_out.status, last_error_steps[_i].status);
    ck_assert_int_eq(step_out.family, SPEC_FAMILY_INTIME);
    EXPECT_ALLOWED(last_error_steps[_i].fn, step_out.status);
    /* RT.LASTERROR.STICKY: failures set the slot, successes leave what was there (the sentinel) */
    uint32_t slot = last_error_steps[_i].status == ST_E_OK ? SENTINEL : last_error_steps[_i].status;
    ck_assert_uint_eq(rtA->last_error, slot);
    ck_assert_uint_eq(rt_last(rtA), slot);
    ck_assert_uint_eq(rt_last(rtA), slot); /* reading does not change it */
    ck_assert_uint_eq(sim_ntx_of(rtA)->last_error, 0);                    /* another slot */
    ck_assert_uint_eq(rtB->last_error, 0);                        /* another thread */
}
END_TEST

START_TEST(success_after_failure_keeps_the_slot) {
    /* RT.LASTERROR.STICKY: like ntxGetLastRtError (NTX.LASTERROR.STICKY), "A successful call does not
     * clear the status". */
    sim_outcome o;
    ck_assert_uint_eq(rt_last(rtA), ST_E_OK);
    rt_alloc(rtA, 0, &o);
    ck_assert_uint_eq(rt_last(rtA), ST_E_PARAM);
    rt_sem(rtA, 0, 1, 0, &o);
    EXPECT_OUTCOME(o, ST_E_OK, CL_RT_SEMAPHORE);
    ck_assert_uint_eq(rt_last(rtA), ST_E_PARAM);
    rt_delete(rtA, 0x4, &o);
    ck_assert_uint_eq(rt_last(rtA), ST_E_TYPE);
    rt_catalog(rtA, 0, 0x4, "Root", &o);
    ck_assert_uint_eq(rt_last(rtA), ST_E_TYPE);
    /* The outcome of GetLastRtError itself. */
    ck_assert_int_eq(spec_function_find(SPEC_API_RT, "GetLastRtError")->ret, SPEC_R_STATUS);
}
END_TEST

/* ---- SIM.KERNEL.STOP / SIM.KERNEL.START on an INtime kernel ---- */

START_TEST(kernel_stop_destroys_objects_and_terminates_rt_processes) {
    sim_outcome o;
    uint64_t va = block_ok(8192);                         /* rt-memory #4 */
    uint64_t hs = handle_ok(va, 8192);                    /* segment #5, 0x8 */
    ck_assert_uint_eq(rt_sem(rtA, 0, 1, 0, &o), 0xC);     /* rt-semaphore #6 */
    ck_assert(rt_catalog(rtA, 0, hs, "Seg", &o));
    uint64_t p = ntx_map_ok(app, sim_ntx_handle(nodeA, hs));
    ck_assert_uint_eq(p, APP_BASE);
    ck_assert(mem_write(app, p, "lost", 4, &o));
    uint64_t rb = rt_alloc(rtB, 4096, &o);                /* on NodeB: unaffected */
    ck_assert_uint_eq(nodeA->memory_used_bytes, 8192);
    o = unset();
    sim_kernel_stop(w, nodeA, &o);
    EXPECT_SIM(o, ST_OK, CL_SIM_KERNEL_STOP);
    ck_assert(!nodeA->running);
    ck_assert(rtA->exited);
    ck_assert(!rtB->exited);
    ck_assert(!app->exited);
    /* Everything is gone: table, objects, memory accounting, the root process. */
    ck_assert_uint_eq(nodeA->memory_used_bytes, 0);
    ck_assert_uint_eq(sim_rt_table(nodeA)->open, 0);
    ck_assert_ptr_null(sim_rt_root(nodeA));
    ck_assert_ptr_null(nodeA->first_object);
    ck_assert_ptr_null(nodeA->last_object);
    ck_assert_ptr_null(sim_rt_lookup(nodeA, 0x4));
    ck_assert_uint_eq(rtA->handles.open, 0);
    ck_assert_uint_eq(rtA->as.count, 0);
    /* rtA's exit closed its block while app still viewed it, then the stop took the rest. */
    ck_assert_int_eq(findings.count, 3);
    EXPECT_FINDING(0, "dangling-view", CL_RT_ALLOC_MEMORY,
                   "rt-memory object #4 (unnamed) destroyed when its last handle was closed (in process 'rtA') "
                   "while 1 view was still mapped; access through it faults");
    EXPECT_FINDING(1, "handles-closed-at-exit", CL_IWIN32_CLOSE_PROCESS_EXIT,
                   "process 'rtA' exited with 1 open handle and 1 mapped view; the system closed them");
    EXPECT_FINDING(2, "kernel-stopped", CL_SIM_KERNEL_STOP,
                   "kernel 'NodeA' stopped: 1 process terminated, 4 objects destroyed while other processes "
                   "still held 0 handles and 0 views on them; 0 shutdown callbacks queued");
    /* app's view faults, citing the stop. */
    char buf[4];
    ck_assert(!mem_read(app, p, buf, 4, &o));
    EXPECT_SIM(o, ST_ACCESS_VIOLATION, CL_SIM_KERNEL_STOP);
    /* NTX cannot reach it. */
    o = unset();
    ck_assert_uint_eq(sim_ntx_ntxGetLocationByName(app, "NodeA", &o), SIM_NTX_UNDEFINED_LOCATION);
    EXPECT_OUTCOME(o, ST_E_EXIST, CL_NTX_LOCATION_UNDEFINED);
    o = unset();
    ck_assert_uint_eq(sim_ntx_ntxGetRootRtProcess(app, LOC_A, &o), BAD_NTX);
    EXPECT_OUTCOME(o, ST_E_NTX_INTERNAL_ERROR, CL_NTX_CONTACT);
    /* NodeB goes on. */
    ck_assert(mem_write(rtB, rb, "B", 1, &o));
    EXPECT_SIM(o, ST_OK, CL_MEM_SHARED);
    ck_assert_uint_eq(nodeB->memory_used_bytes, 4096);
    /* A second stop changes nothing and reports nothing. */
    o = unset();
    sim_kernel_stop(w, nodeA, &o);
    EXPECT_SIM(o, ST_OK, CL_SIM_KERNEL_STOP);
    ck_assert_int_eq(findings.count, 3);
}
END_TEST

START_TEST(kernel_stop_with_ntx_allocated_memory_mapped_in_windows) {
    sim_outcome o = unset();
    uint64_t h = sim_ntx_ntxAllocateRtMemory(app, LOC_A, 4096, &o); /* rt-memory #4 + segment #5 */
    ck_assert_uint_eq(h, 0x10008);
    uint64_t p = ntx_map_ok(app, h);
    o = unset();
    sim_kernel_stop(w, nodeA, &o);
    ck_assert_uint_eq(nodeA->memory_used_bytes, 0);
    ck_assert_ptr_null(nodeA->first_object);
    ck_assert_int_eq(findings.count, 1);
    ck_assert_str_eq(findings.kind[0], "kernel-stopped");
    ck_assert_str_eq(findings.clause[0], CL_SIM_KERNEL_STOP);
    char b;
    ck_assert(!mem_read(app, p, &b, 1, &o));
    EXPECT_SIM(o, ST_ACCESS_VIOLATION, CL_SIM_KERNEL_STOP);
    /* Unmapping after the stop releases the last reference cleanly (ASan checks the rest). */
    o = unset();
    ck_assert_uint_eq(sim_ntx_ntxUnmapRtSharedMemory(app, h, &o), ST_E_OK);
    ck_assert_uint_eq(app->as.count, 0);
}
END_TEST

START_TEST(kernel_start_recreates_root_with_fresh_catalog) {
    sim_outcome o;
    uint64_t hs = handle_ok(block_ok(4096), 4096);
    ck_assert(rt_catalog(rtA, 0, hs, "Seg", &o));
    ck_assert(rt_catalog(rtA, 0, 0x4, "Root", &o));
    uint32_t generation = nodeA->generation;
    uint64_t next_id = w->next_object_id;
    sim_kernel_stop(w, nodeA, &o);
    o = unset();
    sim_kernel_start(w, nodeA, &o);
    EXPECT_SIM(o, ST_OK, CL_SIM_KERNEL_START);
    ck_assert(nodeA->running);
    ck_assert_uint_eq(nodeA->generation, generation + 1);
    ck_assert_uint_eq(nodeA->memory_used_bytes, 0);
    ck_assert_ptr_nonnull(sim_rt_root(nodeA));
    ck_assert_uint_eq(sim_rt_of(sim_rt_root(nodeA))->rthandle, 0x4); /* the table starts over */
    ck_assert_uint_eq(sim_rt_root(nodeA)->id, next_id);   /* a new object */
    ck_assert_uint_eq(sim_rt_of(sim_rt_root(nodeA))->catalog.count, 0);
    ck_assert_uint_eq(sim_rt_table(nodeA)->open, 1);
    ck_assert_ptr_eq(nodeA->first_object, sim_rt_root(nodeA));
    o = unset();
    ck_assert_uint_eq(sim_ntx_ntxGetRootRtProcess(app, LOC_A, &o), ROOT_A);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_ROOT);
    o = unset();
    ck_assert_uint_eq(sim_ntx_ntxLookupNtxhandle(app, ROOT_A, "Seg", 0, &o), BAD_NTX);
    EXPECT_OUTCOME(o, ST_E_TIME, CL_NTX_CATALOG_NAMES);
    o = unset();
    ck_assert_uint_eq(sim_ntx_ntxLookupNtxhandle(app, ROOT_A, "Root", 0, &o), BAD_NTX);
    EXPECT_OUTCOME(o, ST_E_TIME, CL_NTX_CATALOG_NAMES);
    /* Values start over: the first new object is 0x8 again. */
    o = unset();
    ck_assert_uint_eq(sim_ntx_ntxAllocateRtMemory(app, LOC_A, 4096, &o), 0x10008);
    ck_assert_uint_eq(nodeA->memory_used_bytes, 4096);
    /* A new rt process runs on the restarted kernel; the old one stays exited. */
    sim_process *rtA2 = sim_world_add_process(w, "rtA2", SIM_PROC_RT, host_node, nodeA);
    ck_assert_ptr_nonnull(rtA2);
    ck_assert(rtA->exited);
    ck_assert_uint_eq(rt_alloc(rtA2, 4096, &o), 0x10000000ull + 4 * TiB);
    EXPECT_OUTCOME(o, ST_E_OK, CL_RT_ALLOC_ROUND);
    ck_assert_uint_eq(rt_sem(rtA2, 0, 1, 0, &o), 0xC);
    ck_assert_uint_eq(nodeA->memory_used_bytes, 8192);
    /* Starting a running kernel changes nothing. */
    o = unset();
    sim_kernel_start(w, nodeA, &o);
    EXPECT_SIM(o, ST_OK, CL_SIM_KERNEL_START);
    ck_assert_uint_eq(nodeA->generation, generation + 1);
    ck_assert_uint_eq(sim_rt_table(nodeA)->open, 3);
}
END_TEST

START_TEST(ntx_cache_survives_a_restart_and_hits_the_recycled_value) {
    /* NTX.MAP.CACHE_REUSE across kernel.stop/start: the new kernel hands out the same values. */
    sim_outcome o = unset();
    uint64_t h = sim_ntx_ntxAllocateRtMemory(app, LOC_A, 4096, &o);
    uint64_t p = ntx_map_ok(app, h);
    sim_kernel_stop(w, nodeA, &o);
    sim_kernel_start(w, nodeA, &o);
    o = unset();
    ck_assert_uint_eq(sim_ntx_ntxAllocateRtMemory(app, LOC_A, 4096, &o), h);
    o = unset();
    ck_assert_uint_eq(sim_ntx_ntxMapRtSharedMemory(app, h, &o), p);
    EXPECT_OUTCOME(o, ST_E_OK, CL_NTX_MAP_CACHE_REUSE);
    ck_assert_int_eq(findings.count, 2);
    ck_assert_str_eq(findings.kind[0], "kernel-stopped");
    ck_assert_str_eq(findings.kind[1], "stale-cache-hit");
    char b;
    ck_assert(!mem_read(app, p, &b, 1, &o));
    EXPECT_SIM(o, ST_ACCESS_VIOLATION, CL_SIM_KERNEL_STOP);
}
END_TEST

/* ---- SIM.PROCESS.EXIT, RT.ALLOC.MEMORY: an rt process's blocks die with it ---- */

START_TEST(process_exit_frees_its_blocks) {
    sim_outcome o;
    uint64_t va1 = block_ok(8192);                 /* rt-memory #4 */
    uint64_t va2 = block_ok(4096);                 /* rt-memory #5 */
    uint64_t hs = handle_ok(va1, 8192);            /* segment #6 */
    ck_assert_uint_eq(rt_sem(rtA, 0, 1, 0, &o), 0xC);
    uint64_t p = ntx_map_ok(app, sim_ntx_handle(nodeA, hs));
    ck_assert(mem_write(rtA, va1, "rtA", 3, &o));
    ck_assert(mem_write(rtA, va2, "two", 3, &o));
    ck_assert_uint_eq(nodeA->memory_used_bytes, 12288);
    o = unset();
    sim_process_exit(rtA, &o);
    EXPECT_SIM(o, ST_OK, CL_SIM_PROCESS_EXIT);
    ck_assert(rtA->exited);
    ck_assert_uint_eq(nodeA->memory_used_bytes, 0);
    ck_assert_uint_eq(rtA->handles.open, 0);
    ck_assert_uint_eq(rtA->as.count, 0);
    ck_assert_int_eq(findings.count, 2);
    EXPECT_FINDING(0, "dangling-view", CL_RT_ALLOC_MEMORY,
                   "rt-memory object #4 (unnamed) destroyed when its last handle was closed (in process 'rtA') "
                   "while 1 view was still mapped; access through it faults");
    EXPECT_FINDING(1, "handles-closed-at-exit", CL_IWIN32_CLOSE_PROCESS_EXIT,
                   "process 'rtA' exited with 2 open handles and 2 mapped views; the system closed them");
    /* The Windows view of that memory faults. */
    char buf[3];
    ck_assert(!mem_read(app, p, buf, 3, &o));
    EXPECT_SIM(o, ST_ACCESS_VIOLATION, CL_RT_ALLOC_MEMORY);
    ck_assert_mem_eq(buf, "\0\0\0", 3);
    /* Kernel objects are not the process's: the semaphore lives on; the memory handle can no
     * longer be mapped by anyone. */
    ck_assert_ptr_nonnull(sim_rt_lookup(nodeA, 0xC));
    o = unset();
    ck_assert_uint_eq(sim_ntx_ntxMapRtSharedMemory(app2, sim_ntx_handle(nodeA, hs), &o), 0);
    EXPECT_OUTCOME(o, ST_E_EXIST, CL_NTX_MAP_STALE_HANDLE);
    /* Exit is idempotent. */
    o = unset();
    sim_process_exit(rtA, &o);
    EXPECT_SIM(o, ST_OK, CL_SIM_PROCESS_EXIT);
    ck_assert_int_eq(findings.count, 2);
}
END_TEST

START_TEST(process_exit_keeps_ntx_allocated_memory) {
    /* Memory from ntxAllocateRtMemory belongs to its segment, not to any process. */
    sim_outcome o = unset();
    uint64_t h = sim_ntx_ntxAllocateRtMemory(app, LOC_A, 4096, &o);
    uint64_t p = ntx_map_ok(app, h);
    sim_process_exit(rtA, &o);
    sim_process_exit(app2, &o);
    ck_assert_int_eq(findings.count, 0); /* neither had handles */
    ck_assert_uint_eq(nodeA->memory_used_bytes, 4096);
    ck_assert(mem_write(app, p, "ok", 2, &o));
    EXPECT_SIM(o, ST_OK, CL_MEM_SHARED);
    /* When app exits its view goes; the segment stays until freed. */
    sim_process_exit(app, &o);
    ck_assert_int_eq(findings.count, 0);
    ck_assert_uint_eq(nodeA->memory_used_bytes, 4096);
    ck_assert_ptr_nonnull(sim_rt_lookup(nodeA, 0x8));
}
END_TEST

/* ---- regressions for model bugs these tests found: memory handles go with their memory (RT.FREE),
 * catalog names of deleted objects are not found (RT.CATALOG.ERRORS), and the stop finding counts only
 * the handles processes hold (SIM.KERNEL.STOP) ---- */

START_TEST(free_memory_makes_its_memory_handles_stale) {
    /* RT.FREE: "frees it (its memory handles go stale, every view of it faults)"; RT.HANDLE.DELETE:
     * "a stale handle -> FALSE, E_EXIST"; RT.CATALOG.ERRORS: "an object that is not live (E_EXIST)";
     * NTX.FREE: "a stale handle -> E_EXIST". The model leaves the segment live in NodeA's table. */
    sim_outcome o;
    uint64_t va = block_ok(4096);
    uint64_t hs = handle_ok(va, 4096);
    ck_assert(rt_free(rtA, va, &o));
    ck_assert(!rt_delete(rtA, hs, &o));
    EXPECT_OUTCOME(o, ST_E_EXIST, CL_RT_HANDLE_DELETE);
    ck_assert(!rt_catalog(rtA, 0, hs, "Stale", &o));
    EXPECT_OUTCOME(o, ST_E_EXIST, CL_RT_CATALOG_ERRORS);
    o = unset();
    ck_assert_uint_eq(sim_ntx_ntxFreeRtMemory(app, sim_ntx_handle(nodeA, hs), &o), ST_E_EXIST);
    EXPECT_OUTCOME(o, ST_E_EXIST, CL_NTX_FREE);
    ck_assert_ptr_null(sim_rt_lookup(nodeA, hs));
}
END_TEST

START_TEST(free_memory_drops_its_segments_in_creation_order) {
    /* RT.FREE: every memory handle over the block goes with it, and only those. The model drops them in
     * the order they were made, so the kernel's table takes their values back in that order and hands
     * them out again last-freed first. */
    sim_outcome o;
    uint64_t va = block_ok(3 * 4096);
    uint64_t h1 = handle_ok(va, 4096);
    uint64_t other = handle_ok(block_ok(4096), 4096);
    uint64_t h2 = handle_ok(va + 4096, 4096);
    uint64_t h3 = handle_ok(va + 8192, 4096);
    ck_assert(rt_free(rtA, va, &o));
    ck_assert_ptr_null(sim_rt_lookup(nodeA, h1));
    ck_assert_ptr_null(sim_rt_lookup(nodeA, h2));
    ck_assert_ptr_null(sim_rt_lookup(nodeA, h3));
    ck_assert_ptr_nonnull(sim_rt_lookup(nodeA, other));
    uint64_t again = block_ok(4096);
    ck_assert_uint_eq(handle_ok(again, 4096), h3);
    ck_assert_uint_eq(handle_ok(again, 4096), h2);
    ck_assert_uint_eq(handle_ok(again, 4096), h1);
}
END_TEST

START_TEST(process_exit_makes_memory_handles_over_its_blocks_stale) {
    /* RT.ALLOC.MEMORY: the block "is freed when it exits", as by FreeRtMemory (RT.FREE). */
    sim_outcome o;
    uint64_t hs = handle_ok(block_ok(4096), 4096);
    sim_process_exit(rtA, &o);
    o = unset();
    ck_assert_uint_eq(sim_ntx_ntxFreeRtMemory(app, sim_ntx_handle(nodeA, hs), &o), ST_E_EXIST);
    EXPECT_OUTCOME(o, ST_E_EXIST, CL_NTX_FREE);
    ck_assert_ptr_null(sim_rt_lookup(nodeA, hs));
}
END_TEST

START_TEST(kernel_stopped_finding_counts_no_handle_for_ntx_memory) {
    /* SIM.KERNEL.STOP: the finding counts handles other processes held. No process holds a handle
     * here (the memory block's handle_count of 1 is its segment's structural hold); app holds a view. */
    sim_outcome o = unset();
    uint64_t h = sim_ntx_ntxAllocateRtMemory(app, LOC_A, 4096, &o);
    ntx_map_ok(app, h);
    sim_kernel_stop(w, nodeA, &o);
    EXPECT_FINDING(0, "kernel-stopped", CL_SIM_KERNEL_STOP,
                   "kernel 'NodeA' stopped: 1 process terminated, 3 objects destroyed while other processes "
                   "still held 0 handles and 1 view on them; 0 shutdown callbacks queued");
}
END_TEST


Suite *intime_suite(void) {
    Suite *s = suite_create("intime");
    TCase *tc = tcase_create("alloc");
    tcase_add_checked_fixture(tc, world_setup, world_teardown);
    tcase_add_loop_test(tc, allocate_rounds_up_to_pages_and_is_page_aligned, 0,
                        (int)(sizeof block_sizes / sizeof block_sizes[0]));
    tcase_add_test(tc, allocations_follow_each_other);
    tcase_add_loop_test(tc, allocate_zero_or_beyond_free_memory_fails, 0,
                        (int)(sizeof allocate_rejects / sizeof allocate_rejects[0]));
    tcase_add_test(tc, allocate_exactly_what_is_left);
    tcase_add_test(tc, free_memory_returns_it_and_views_fault);
    tcase_add_loop_test(tc, free_memory_rejects, 0, (int)(sizeof free_rejects / sizeof free_rejects[0]));
    tcase_add_test(tc, free_memory_of_another_process_block_fails);
    suite_add_tcase(s, tc);

    tc = tcase_create("handle");
    tcase_add_checked_fixture(tc, world_setup, world_teardown);
    tcase_add_test(tc, create_memory_handle_over_whole_block);
    tcase_add_loop_test(tc, create_memory_handle_over_unaligned_range, 0,
                        (int)(sizeof unaligned_ranges / sizeof unaligned_ranges[0]));
    tcase_add_loop_test(tc, create_memory_handle_rejects, 0, (int)(sizeof handle_rejects / sizeof handle_rejects[0]));
    tcase_add_test(tc, delete_memory_handle_keeps_the_memory);
    tcase_add_loop_test(tc, delete_memory_handle_rejects, 0, (int)(sizeof delete_rejects / sizeof delete_rejects[0]));
    tcase_add_test(tc, delete_handle_of_another_kernel_value_is_local);
    tcase_add_test(tc, delete_of_ntx_allocated_segment_frees_its_memory);
    tcase_add_test(tc, full_object_table_is_e_limit);
    suite_add_tcase(s, tc);

    tc = tcase_create("catalog");
    tcase_add_checked_fixture(tc, world_setup, world_teardown);
    tcase_add_test(tc, catalog_in_root_by_null_or_explicit_handle);
    tcase_add_loop_test(tc, catalog_rejected_reports_clause_and_catalogs_nothing, 0, (int)(sizeof catalog_rejects / sizeof catalog_rejects[0]));
    suite_add_tcase(s, tc);

    tc = tcase_create("semaphore");
    tcase_add_checked_fixture(tc, world_setup, world_teardown);
    tcase_add_loop_test(tc, create_semaphore_checks_counts, 0, (int)(sizeof semaphores / sizeof semaphores[0]));
    suite_add_tcase(s, tc);

    tc = tcase_create("lasterror");
    tcase_add_checked_fixture(tc, world_setup, world_teardown);
    tcase_add_test(tc, free_returns_bytes_freed_or_minus_one);
    tcase_add_test(tc, get_last_rt_error_reads_16_bits_of_the_shared_slot);
    tcase_add_loop_test(tc, failing_rt_calls_set_the_status_slot, 0,
                        (int)(sizeof last_error_steps / sizeof last_error_steps[0]));
    tcase_add_test(tc, success_after_failure_keeps_the_slot);
    suite_add_tcase(s, tc);

    tc = tcase_create("lifecycle");
    tcase_add_checked_fixture(tc, world_setup, world_teardown);
    tcase_add_test(tc, kernel_stop_destroys_objects_and_terminates_rt_processes);
    tcase_add_test(tc, kernel_stop_with_ntx_allocated_memory_mapped_in_windows);
    tcase_add_test(tc, kernel_start_recreates_root_with_fresh_catalog);
    tcase_add_test(tc, ntx_cache_survives_a_restart_and_hits_the_recycled_value);
    tcase_add_test(tc, process_exit_frees_its_blocks);
    tcase_add_test(tc, process_exit_keeps_ntx_allocated_memory);
    suite_add_tcase(s, tc);

    tc = tcase_create("fixed_model_bugs");
    tcase_add_checked_fixture(tc, world_setup, world_teardown);
    tcase_add_test(tc, free_memory_makes_its_memory_handles_stale);
    tcase_add_test(tc, free_memory_drops_its_segments_in_creation_order);
    tcase_add_test(tc, process_exit_makes_memory_handles_over_its_blocks_stale);
    tcase_add_test(tc, kernel_stopped_finding_counts_no_handle_for_ntx_memory);
    suite_add_tcase(s, tc);
    return s;
}
