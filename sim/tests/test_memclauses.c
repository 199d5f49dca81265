/* sim/tests/test_memclauses.c — the clause a memory step reports, family by family: what a read or a
 * write rests on decides how a third-party implementation that differs is judged (a strict clause:
 * FAIL; a model clause: DIVERGE). One test per clause that memory steps report, named after it:
 *   MEM.SHARED                   bytes written through one view, read back (through it or another)
 *   MEM.VIEW.FAULT               a write through a read-only view (and it changes nothing)
 *   MEM.VIEW.OUTSIDE             an access past the page-rounded end of a view, or before it
 *   IWIN32.CREATE.FRESH_MEMORY   iwin32: a read of bytes nobody wrote, an access in the rounded tail
 *   RTX64.CREATE.FRESH_MEMORY    RTX64 Rt*: the same, and a Windows view past the amount it asked for
 *   RTK.CREATE.FRESH_MEMORY      Rtk: the same, whoever reads the driver's object
 *   NTX.ALLOC.FRESH_MEMORY       ntxAllocateRtMemory: a read of bytes nobody wrote
 *   NTX.ALLOC.ROUND              ntxAllocateRtMemory: an access in the rounded tail
 *   RT.ALLOC.FRESH_MEMORY        AllocateRtMemory: a read of bytes nobody wrote
 *   RT.ALLOC.ROUND               AllocateRtMemory: an access in the rounded tail (documented: strict)
 *   NTX.MAPEX.UNALIGNED_PAGES    the bytes of an unaligned NTX view outside its segment
 *
 * World (fixture TOPO_RTSS_HOST in sim_test.h): node 'host' with the RTSS 'RTSS' and the INtime kernel
 * 'NodeA'; processes 'rtss', 'win' (iwin32x and NTX to NodeA), 'drv', 'drv2'. Every test adds the rt
 * process 'rtA' on NodeA and the Windows process 'win2' (setup below). */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "sim/intime.h"
#include "sim/iwin32.h"
#include "sim/mem.h"
#include "sim/ntx.h"
#include "sim/rtk.h"
#include "sim/rtx64.h"
#include "sim/world.h"
#include "spec/clause_ids.h"
#include "spec/constants.h"
#include "spec/status.h"
#include "sim_test.h"
#include "suites.h"

RTSS_HOST_FIXTURE(21)

static sim_process *rtA, *win2;

static void setup(void) {
    world_setup();
    rtA = sim_world_add_process(w, "rtA", SIM_PROC_RT, host, nodeA);
    win2 = sim_world_add_process(w, "win2", SIM_PROC_WINDOWS, host, nodeA);
    ck_assert_ptr_nonnull(rtA);
    ck_assert_ptr_nonnull(win2);
}

/* A read of len bytes at va by p succeeds with OK and reports clause. */
#define READ_OK(p, va, len, clause)                                                                \
    do {                                                                                           \
        unsigned char buf_[16];                                                                    \
        sim_outcome o_ = unset();                                                                  \
        ck_assert(mem_read((p), (va), buf_, (len), &o_));                                          \
        EXPECT_MEM(o_, ST_OK, (clause));                                                           \
    } while (0)

/* A write of the bytes of the string s at va by p succeeds with OK and reports clause. */
#define WRITE_OK(p, va, s, clause)                                                                 \
    do {                                                                                           \
        sim_outcome o_ = unset();                                                                  \
        ck_assert(mem_write((p), (va), (s), strlen(s), &o_));                                      \
        EXPECT_MEM(o_, ST_OK, (clause));                                                           \
    } while (0)

/* A read (write false) or a 1-byte write at va by p faults with ACCESS_VIOLATION under clause. */
#define FAULTS(p, va, write, clause)                                                               \
    do {                                                                                           \
        unsigned char b_ = 0x5A;                                                                   \
        sim_outcome o_ = unset();                                                                  \
        ck_assert(!((write) ? mem_write((p), (va), &b_, 1, &o_) : mem_read((p), (va), &b_, 1, &o_))); \
        EXPECT_MEM(o_, ST_ACCESS_VIOLATION, (clause));                                             \
    } while (0)

/* An iwin32 object of size bytes created by rtA; its view's address. */
static uint64_t iwin32_object(const char *name, uint32_t size) {
    uint64_t loc = 0;
    sim_outcome o = unset();
    ck_assert_uint_ne(sim_iwin32_RtCreateSharedMemory(rtA, K_PAGE_READWRITE, 0, size, name, &loc, &o), 0);
    return loc;
}

START_TEST(MEM_SHARED) {
    /* Bytes written through one view are read through it and through another process's view. */
    uint64_t p = iwin32_object("Shared", 100);
    WRITE_OK(rtA, p + 10, "abcd", CL_MEM_SHARED);
    READ_OK(rtA, p + 10, 4, CL_MEM_SHARED);
    uint64_t q = 0;
    sim_outcome o = unset();
    ck_assert_uint_ne(sim_iwin32_RtOpenSharedMemory(win, 0, false, "Shared", &q, &o), 0);
    READ_OK(win, q + 10, 4, CL_MEM_SHARED);
    READ_OK(win, q + 11, 2, CL_MEM_SHARED);
    /* One byte more than was written: the read rests on the zero fill too. */
    READ_OK(win, q + 10, 5, CL_IWIN32_CREATE_FRESH_MEMORY);
}
END_TEST

START_TEST(MEM_VIEW_FAULT) {
    /* A Windows RTX64 view opened with SHM_MAP_READ is read-only: a write faults and changes nothing. */
    uint64_t p = 0, q = 0;
    sim_outcome o = unset();
    ck_assert_uint_ne(sim_rtx64_RtCreateSharedMemory(rtss, K_PAGE_READWRITE, 0, 4096, "RO", &p, &o), 0);
    WRITE_OK(rtss, p, "orig", CL_MEM_SHARED);
    o = unset();
    ck_assert_uint_ne(sim_rtx64_RtOpenSharedMemory(win, K_SHM_MAP_READ, false, "RO", &q, &o), 0);
    sim_outcome f = unset();
    ck_assert(!mem_write(win, q, "evil", 4, &f));
    EXPECT_MEM(f, ST_ACCESS_VIOLATION, CL_MEM_VIEW_FAULT);
    FAULTS(win, q + 4095, true, CL_MEM_VIEW_FAULT); /* its fresh last byte too */
    char buf[4];
    o = unset();
    ck_assert(mem_read(win, q, buf, 4, &o));
    EXPECT_MEM(o, ST_OK, CL_MEM_SHARED);
    ck_assert_mem_eq(buf, "orig", 4);
}
END_TEST

START_TEST(MEM_VIEW_OUTSIDE) {
    /* Past the page-rounded end of a view, before its start, another process's pointer: no view. */
    uint64_t p = iwin32_object("Edge", 100);
    FAULTS(rtA, p + 4096, false, CL_MEM_VIEW_OUTSIDE);
    FAULTS(rtA, p + 4096, true, CL_MEM_VIEW_OUTSIDE);
    FAULTS(rtA, p - 1, false, CL_MEM_VIEW_OUTSIDE);
    FAULTS(win, p, false, CL_MEM_VIEW_OUTSIDE);
    /* A write that faults changes nothing: the last byte stays fresh. */
    READ_OK(rtA, p + 4095, 1, CL_IWIN32_CREATE_FRESH_MEMORY);
}
END_TEST

START_TEST(IWIN32_CREATE_FRESH_MEMORY) {
    uint64_t p = iwin32_object("Fresh", 100);
    READ_OK(rtA, p, 8, CL_IWIN32_CREATE_FRESH_MEMORY);    /* nobody wrote these bytes */
    WRITE_OK(rtA, p, "wxyz", CL_MEM_SHARED);              /* inside the 100 bytes asked for */
    READ_OK(rtA, p, 4, CL_MEM_SHARED);                    /* written: the views share them */
    READ_OK(rtA, p + 2, 4, CL_IWIN32_CREATE_FRESH_MEMORY); /* two of them never written */
    READ_OK(rtA, p + 98, 4, CL_IWIN32_CREATE_FRESH_MEMORY); /* runs into the rounded tail */
    WRITE_OK(rtA, p + 4092, "tail", CL_IWIN32_CREATE_FRESH_MEMORY); /* the tail exists by the rounding */
    READ_OK(rtA, p + 4092, 4, CL_IWIN32_CREATE_FRESH_MEMORY); /* written, but still the tail */
    FAULTS(rtA, p + 4096, false, CL_MEM_VIEW_OUTSIDE);
    /* iwin32x: the Windows side reads the same object by the same clauses. */
    uint64_t q = 0;
    sim_outcome o = unset();
    ck_assert_uint_ne(sim_iwin32_RtOpenSharedMemory(win, 0, false, "Fresh", &q, &o), 0);
    READ_OK(win, q, 4, CL_MEM_SHARED);
    READ_OK(win, q + 50, 4, CL_IWIN32_CREATE_FRESH_MEMORY);
    READ_OK(win, q + 4092, 4, CL_IWIN32_CREATE_FRESH_MEMORY);
}
END_TEST

START_TEST(RTX64_CREATE_FRESH_MEMORY) {
    uint64_t p = 0;
    sim_outcome o = unset();
    ck_assert_uint_ne(sim_rtx64_RtCreateSharedMemory(rtss, K_PAGE_READWRITE, 0, 5000, "Grow", &p, &o), 0);
    READ_OK(rtss, p, 8, CL_RTX64_CREATE_FRESH_MEMORY);
    WRITE_OK(rtss, p + 200, "data", CL_MEM_SHARED);
    READ_OK(rtss, p + 200, 4, CL_MEM_SHARED);
    READ_OK(rtss, p + 5000, 4, CL_RTX64_CREATE_FRESH_MEMORY); /* the rounded tail of 5000 bytes */
    WRITE_OK(rtss, p + 5500, "tl", CL_RTX64_CREATE_FRESH_MEMORY);
    FAULTS(rtss, p + 8192, false, CL_MEM_VIEW_OUTSIDE);
    /* A Windows process asks for 100 bytes of it: a 4096-byte view whose bytes past 100 are the
     * rounding's, written or not (RTX64.CREATE.WINDOWS_SIZE returns the amount requested). */
    uint64_t q = 0;
    o = unset();
    ck_assert_uint_ne(sim_rtx64_RtCreateSharedMemory(win, K_PAGE_READWRITE, 0, 100, "Grow", &q, &o), 0);
    READ_OK(win, q + 96, 4, CL_RTX64_CREATE_FRESH_MEMORY);
    READ_OK(win, q + 200, 4, CL_RTX64_CREATE_FRESH_MEMORY);
    FAULTS(win, q + 4096, false, CL_MEM_VIEW_OUTSIDE);
    /* Another asks for 12000: the object grows to 12288 bytes; the bytes added read as zeros. */
    uint64_t r = 0;
    o = unset();
    ck_assert_uint_ne(sim_rtx64_RtCreateSharedMemory(win2, K_PAGE_READWRITE, 0, 12000, "Grow", &r, &o), 0);
    READ_OK(win2, r + 200, 4, CL_MEM_SHARED);
    READ_OK(win2, r + 5500, 2, CL_MEM_SHARED); /* written in the old tail, inside the 12000 bytes now */
    READ_OK(win2, r + 9000, 4, CL_RTX64_CREATE_FRESH_MEMORY);
    WRITE_OK(win2, r + 9000, "more", CL_MEM_SHARED); /* inside the 12000 bytes now asked for */
    READ_OK(win2, r + 9000, 4, CL_MEM_SHARED);
    READ_OK(win2, r + 12284, 4, CL_RTX64_CREATE_FRESH_MEMORY);
}
END_TEST

START_TEST(RTK_CREATE_FRESH_MEMORY) {
    uint64_t inst = 0, h = 0, p = 0;
    sim_outcome o = unset();
    ck_assert_uint_eq(sim_rtk_RtkRtssAttach(drv, 1, &inst, &o), ST_STATUS_SUCCESS);
    o = unset();
    ck_assert_uint_eq(sim_rtk_RtkCreateSharedMemory(drv, inst, &h, K_PAGE_READWRITE, 0, 5000, "Drv", &p, &o),
                      ST_STATUS_SUCCESS);
    READ_OK(drv, p, 8, CL_RTK_CREATE_FRESH_MEMORY);
    WRITE_OK(drv, p, "abcd", CL_MEM_SHARED);
    READ_OK(drv, p, 4, CL_MEM_SHARED);
    WRITE_OK(drv, p + 5000, "tail", CL_RTK_CREATE_FRESH_MEMORY);
    FAULTS(drv, p + 8192, true, CL_MEM_VIEW_OUTSIDE);
    /* The RTSS process reads the driver's object by the clauses of the call that made it. */
    uint64_t q = 0;
    o = unset();
    ck_assert_uint_ne(sim_rtx64_RtOpenSharedMemory(rtss, K_SHM_MAP_WRITE, false, "Drv", &q, &o), 0);
    READ_OK(rtss, q, 4, CL_MEM_SHARED);
    READ_OK(rtss, q + 100, 4, CL_RTK_CREATE_FRESH_MEMORY);
    READ_OK(rtss, q + 5000, 4, CL_RTK_CREATE_FRESH_MEMORY);
}
END_TEST

/* A segment of size bytes from ntxAllocateRtMemory on NodeA (by win); its NTXHANDLE. */
static uint64_t ntx_segment(uint32_t size) {
    sim_outcome o = unset();
    uint64_t loc = sim_ntx_ntxGetLocationByName(win, "NodeA", &o);
    o = unset();
    uint64_t h = sim_ntx_ntxAllocateRtMemory(win, loc, size, &o);
    ck_assert_uint_ne(h, SIM_NTX_BAD_HANDLE);
    return h;
}

/* Maps NTX segment h into p with flags; the pointer. */
static uint64_t ntx_map(sim_process *p, uint64_t h, uint32_t flags) {
    sim_outcome o = unset();
    uint64_t ptr = sim_ntx_ntxMapRtSharedMemoryEx(p, h, flags, &o);
    ck_assert_uint_ne(ptr, 0);
    return ptr;
}

START_TEST(NTX_ALLOC_FRESH_MEMORY) {
    uint64_t h = ntx_segment(8192);
    uint64_t p = ntx_map(win, h, SIM_NTX_MAP_WRITE);
    READ_OK(win, p, 8, CL_NTX_ALLOC_FRESH_MEMORY);
    READ_OK(win, p + 8188, 4, CL_NTX_ALLOC_FRESH_MEMORY); /* the exact size: no tail */
    WRITE_OK(win, p + 4096, "page", CL_MEM_SHARED);
    uint64_t q = ntx_map(win2, h, 0); /* read-only in another process */
    READ_OK(win2, q + 4096, 4, CL_MEM_SHARED);
    READ_OK(win2, q + 4094, 4, CL_NTX_ALLOC_FRESH_MEMORY);
    FAULTS(win2, q + 4096, true, CL_MEM_VIEW_FAULT);
    FAULTS(win2, q + 8192, false, CL_MEM_VIEW_OUTSIDE);
}
END_TEST

START_TEST(NTX_ALLOC_ROUND) {
    uint64_t p = ntx_map(win, ntx_segment(100), SIM_NTX_MAP_WRITE);
    READ_OK(win, p + 100, 4, CL_NTX_ALLOC_ROUND);
    READ_OK(win, p + 98, 4, CL_NTX_ALLOC_ROUND); /* runs from the size asked for into the tail */
    WRITE_OK(win, p + 4095, "z", CL_NTX_ALLOC_ROUND);
    READ_OK(win, p + 4095, 1, CL_NTX_ALLOC_ROUND);
    FAULTS(win, p + 4096, true, CL_MEM_VIEW_OUTSIDE);
}
END_TEST

START_TEST(RT_ALLOC_FRESH_MEMORY) {
    sim_outcome o = unset();
    uint64_t p = sim_rt_AllocateRtMemory(rtA, 8192, &o);
    ck_assert_uint_ne(p, 0);
    READ_OK(rtA, p, 8, CL_RT_ALLOC_FRESH_MEMORY);
    WRITE_OK(rtA, p + 8, "rtrt", CL_MEM_SHARED);
    READ_OK(rtA, p + 8, 4, CL_MEM_SHARED);
    READ_OK(rtA, p + 6, 4, CL_RT_ALLOC_FRESH_MEMORY);
    FAULTS(rtA, p + 8192, false, CL_MEM_VIEW_OUTSIDE);
}
END_TEST

START_TEST(RT_ALLOC_ROUND) {
    sim_outcome o = unset();
    uint64_t p = sim_rt_AllocateRtMemory(rtA, 100, &o);
    ck_assert_uint_ne(p, 0);
    READ_OK(rtA, p + 100, 4, CL_RT_ALLOC_ROUND); /* documented: "rounds up cbSize to a multiple of 4K" */
    WRITE_OK(rtA, p + 4092, "tail", CL_RT_ALLOC_ROUND);
    READ_OK(rtA, p + 4092, 4, CL_RT_ALLOC_ROUND);
    FAULTS(rtA, p + 4096, false, CL_MEM_VIEW_OUTSIDE);
}
END_TEST

START_TEST(NTX_MAPEX_UNALIGNED_PAGES) {
    /* A 100-byte segment at the start of a 4096-byte block, mapped read-only with NTX_MAP_UNALIGNED:
     * the view is the whole page; the bytes after the segment are the model's. */
    sim_outcome o = unset();
    uint64_t block = sim_rt_AllocateRtMemory(rtA, 4096, &o);
    ck_assert_uint_ne(block, 0);
    WRITE_OK(rtA, block, "head", CL_MEM_SHARED);
    WRITE_OK(rtA, block + 200, "past", CL_MEM_SHARED);
    o = unset();
    uint64_t rth = sim_rt_CreateRtMemoryHandle(rtA, block, 100, &o);
    ck_assert_uint_ne(rth, 0);
    o = unset();
    uint64_t loc = sim_ntx_ntxGetLocationByName(win, "NodeA", &o);
    o = unset();
    uint64_t root = sim_ntx_ntxGetRootRtProcess(win, loc, &o);
    o = unset();
    uint64_t h = sim_ntx_ntxImportRtHandle(win, rth, root, &o);
    uint64_t p = ntx_map(win, h, SIM_NTX_MAP_UNALIGNED);
    READ_OK(win, p, 4, CL_MEM_SHARED);
    READ_OK(win, p + 10, 4, CL_RT_ALLOC_FRESH_MEMORY);      /* in the segment, never written */
    READ_OK(win, p + 200, 4, CL_NTX_MAPEX_UNALIGNED_PAGES); /* written, but outside the segment */
    READ_OK(win, p + 98, 4, CL_NTX_MAPEX_UNALIGNED_PAGES);  /* runs out of the segment */
    FAULTS(win, p, true, CL_MEM_VIEW_FAULT);                 /* read-only */
    FAULTS(win, p + 4096, false, CL_MEM_VIEW_OUTSIDE);
}
END_TEST

Suite *memclauses_suite(void) {
    Suite *s = suite_create("memclauses");
    TCase *tc = tcase_create("clauses");
    tcase_add_checked_fixture(tc, setup, world_teardown);
    tcase_add_test(tc, MEM_SHARED);
    tcase_add_test(tc, MEM_VIEW_FAULT);
    tcase_add_test(tc, MEM_VIEW_OUTSIDE);
    tcase_add_test(tc, IWIN32_CREATE_FRESH_MEMORY);
    tcase_add_test(tc, RTX64_CREATE_FRESH_MEMORY);
    tcase_add_test(tc, RTK_CREATE_FRESH_MEMORY);
    tcase_add_test(tc, NTX_ALLOC_FRESH_MEMORY);
    tcase_add_test(tc, NTX_ALLOC_ROUND);
    tcase_add_test(tc, RT_ALLOC_FRESH_MEMORY);
    tcase_add_test(tc, RT_ALLOC_ROUND);
    tcase_add_test(tc, NTX_MAPEX_UNALIGNED_PAGES);
    suite_add_tcase(s, tc);
    return s;
}
