/* sim/tests/test_findings.c — the model errors that probing the vendor pages found (issue 14), one test
 * each, on the model itself (the scenarios of the same findings run it through rtshm):
 *   RTK.OPEN.BAD_INSTANCE     another driver's live RtkRtssAttach(Ex) value is valid; a detached one is not
 *   RTK.OPEN.NULL_HANDLE_PTR  a NULL SharedMemoryHandle is STATUS_INVALID_PARAMETER unconditionally (RTSS
 *                             stopped, garbage instance)
 *   NTX.MAP.MAX_SIZE          the 0xFFFFF000-byte limit is on the span of pages mapped, not the segment
 *   RTK.OPEN.NAME_LENGTH      names are counted in UTF-16 code units
 *   TOPO.SHARES_MEMORY        iwin32x from a Windows process follows shares_memory: false
 *
 * World (fixture TOPO_RTSS_HOST in sim_test.h): node 'host' with the RTSS 'RTSS' and the INtime kernel
 * 'NodeA'; processes 'rtss', 'win' (iwin32x to NodeA), 'drv', 'drv2'. Tests that need another kernel add
 * it (and its processes) to the world. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sim/intime.h"
#include "sim/iwin32.h"
#include "sim/mem.h"
#include "sim/ntx.h"
#include "sim/rtk.h"
#include "sim/rtx64.h"
#include "sim/shm.h"
#include "sim/world.h"
#include "spec/clause_ids.h"
#include "spec/constants.h"
#include "spec/status.h"
#include "sim_test.h"
#include "suites.h"

#define KiB 1024u
#define MiB (1024u * 1024u)
#define GiB (1024ull * MiB)
#define NO_HANDLE 0xFEEDull

RTSS_HOST_FIXTURE(14)

static uint64_t attach(sim_process *p) {
    uint64_t inst = 0;
    sim_outcome o = unset();
    ck_assert_uint_eq(sim_rtk_RtkRtssAttach(p, 1, &inst, &o), ST_STATUS_SUCCESS);
    return inst;
}

static uint32_t rtk_open(sim_process *p, uint64_t inst, uint64_t *h, const char *name, uint64_t *loc, sim_outcome *o) {
    *o = unset();
    return sim_rtk_RtkOpenSharedMemory(p, inst, h, K_SHM_MAP_READ, false, name, loc, o);
}

/* A string of `times` copies of unit (freed by the caller). */
static char *repeated(const char *unit, int times) {
    size_t n = strlen(unit);
    char *s = malloc(n * (size_t)times + 1);
    ck_assert_ptr_nonnull(s);
    for (int i = 0; i < times; i++) memcpy(s + n * (size_t)i, unit, n);
    s[n * (size_t)times] = '\0';
    return s;
}

START_TEST(rtk_open_accepts_another_drivers_live_instance) {
    uint64_t loc = 0, h = NO_HANDLE;
    sim_outcome o = unset();
    ck_assert_uint_ne(sim_rtx64_RtCreateSharedMemory(rtss, K_PAGE_READWRITE, 0, 4096, "Buf", &loc, &o), 0);
    uint64_t inst = attach(drv);
    ck_assert_uint_eq(rtk_open(drv2, inst, &h, "Buf", &loc, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_OPEN_READ); /* a read-only view of it */
    ck_assert_uint_ne(h, NO_HANDLE);
    /* detached by its driver, the value is not one RtkRtssAttach returned any more: refused for everyone */
    o = unset();
    ck_assert_uint_eq(sim_rtk_RtkRtssDetach(drv, inst, &o), ST_STATUS_SUCCESS);
    h = NO_HANDLE;
    ck_assert_uint_eq(rtk_open(drv2, inst, &h, "Buf", &loc, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_OPEN_BAD_INSTANCE);
    ck_assert_uint_eq(h, NO_HANDLE);
    /* detaching stays the attaching driver's own (RTK.DETACH) */
    uint64_t inst2 = attach(drv);
    o = unset();
    ck_assert_uint_eq(sim_rtk_RtkRtssDetach(drv2, inst2, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_DETACH);
}
END_TEST

START_TEST(rtk_open_null_handle_pointer_is_invalid_parameter_unconditionally) {
    uint64_t loc = 0;
    sim_outcome o;
    uint64_t inst = attach(drv);
    ck_assert_uint_eq(rtk_open(drv, 0x12345, NULL, "Nope", &loc, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_OPEN_NULL_HANDLE_PTR);
    sim_outcome stop = unset();
    sim_kernel_stop(w, rtssk, &stop);
    uint64_t h = NO_HANDLE;
    ck_assert_uint_eq(rtk_open(drv, inst, &h, "Buf", &loc, &o), ST_STATUS_NO_SUCH_DEVICE);
    EXPECT_NT(o, ST_STATUS_NO_SUCH_DEVICE, CL_RTK_OPEN_NO_SUCH_DEVICE);
    ck_assert_uint_eq(rtk_open(drv, inst, NULL, "Buf", &loc, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_OPEN_NULL_HANDLE_PTR);
}
END_TEST

START_TEST(ntx_max_size_is_on_the_span_of_pages_mapped) {
    sim_kernel *big = sim_world_add_kernel(w, "NodeBig", SIM_KERNEL_INTIME, host, true, true, 5 * GiB, 4 * MiB);
    ck_assert_ptr_nonnull(big);
    sim_process *rt = sim_world_add_process(w, "rtBig", SIM_PROC_RT, host, big);
    ck_assert_ptr_nonnull(rt);
    sim_outcome o = unset();
    uint64_t block = sim_rt_AllocateRtMemory(rt, 0xFFFFF001u, &o); /* 0x100000000 bytes */
    ck_assert_uint_ne(block, 0);
    uint64_t span4g = sim_rt_CreateRtMemoryHandle(rt, block + 0x10, 0xFFFFF000u, &o);
    uint64_t fits = sim_rt_CreateRtMemoryHandle(rt, block + 0x10, 0xFFFFEFF0u, &o);
    uint64_t aligned = sim_rt_CreateRtMemoryHandle(rt, block, 0xFFFFF000u, &o);
    ck_assert_uint_ne(span4g, 0);
    ck_assert_uint_ne(fits, 0);
    ck_assert_uint_ne(aligned, 0);
    uint64_t loc = sim_ntx_ntxGetLocationByName(win, "NodeBig", &o);
    uint64_t root = sim_ntx_ntxGetRootRtProcess(win, loc, &o);
    uint64_t n_span = sim_ntx_ntxImportRtHandle(win, span4g, root, &o);
    uint64_t n_fits = sim_ntx_ntxImportRtHandle(win, fits, root, &o);
    uint64_t n_aligned = sim_ntx_ntxImportRtHandle(win, aligned, root, &o);
    o = unset();
    ck_assert_uint_eq(sim_ntx_ntxMapRtSharedMemoryEx(win, n_span, SIM_NTX_MAP_UNALIGNED, &o), 0);
    EXPECT_INTIME(o, ST_E_VMEM, CL_NTX_MAP_MAX_SIZE);
    o = unset();
    uint64_t p = sim_ntx_ntxMapRtSharedMemoryEx(win, n_fits, SIM_NTX_MAP_UNALIGNED, &o);
    ck_assert_uint_ne(p, 0);
    EXPECT_INTIME(o, ST_E_OK, CL_NTX_MAPEX_UNALIGNED);
    o = unset();
    ck_assert_uint_ne(sim_ntx_ntxMapRtSharedMemoryEx(win, n_aligned, 0, &o), 0);
    EXPECT_INTIME(o, ST_E_OK, CL_NTX_MAPEX_READONLY);
}
END_TEST

START_TEST(rtk_open_name_length_counts_utf16_code_units) {
    uint64_t inst = attach(drv), loc = 0, h = NO_HANDLE;
    sim_outcome o;
    char *fits = repeated("\xF0\x9F\x98\x80", 130);  /* 260 units, 130 code points */
    char *over = repeated("\xF0\x9F\x98\x80", 131);  /* 262 units, 131 code points */
    char *bmp = repeated("\xC3\xA9", 260);            /* 260 units */
    ck_assert_uint_eq(sim_name_chars(fits), 260);
    ck_assert_uint_eq(sim_name_chars(over), 262);
    ck_assert_uint_eq(rtk_open(drv, inst, &h, fits, &loc, &o), ST_STATUS_UNSUCCESSFUL);
    EXPECT_NT(o, ST_STATUS_UNSUCCESSFUL, CL_RTK_OPEN_NOT_FOUND);
    ck_assert_uint_eq(rtk_open(drv, inst, &h, over, &loc, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_OPEN_NAME_LENGTH);
    ck_assert_uint_eq(rtk_open(drv, inst, &h, bmp, &loc, &o), ST_STATUS_UNSUCCESSFUL);
    free(fits);
    free(over);
    free(bmp);
}
END_TEST

START_TEST(iwin32x_follows_shares_memory_false) {
    sim_kernel *k = sim_world_add_kernel(w, "NodeX", SIM_KERNEL_INTIME, host, true, false, 64 * MiB, 4 * MiB);
    ck_assert_ptr_nonnull(k);
    sim_process *rt = sim_world_add_process(w, "rtX", SIM_PROC_RT, host, k);
    sim_process *wx = sim_world_add_process(w, "winX", SIM_PROC_WINDOWS, host, k);
    ck_assert_ptr_nonnull(rt);
    ck_assert_ptr_nonnull(wx);
    uint64_t rloc = 0, wloc = 0xBADull;
    sim_outcome o = unset();
    ck_assert_uint_ne(sim_iwin32_RtCreateSharedMemory(rt, K_PAGE_READWRITE, 0, 4096, "Buf", &rloc, &o), 0);
    o = unset();
    ck_assert_uint_eq(sim_iwin32_RtOpenSharedMemory(wx, 0, false, "Buf", &wloc, &o), 0);
    EXPECT_WIN32(o, ST_ERROR_NOT_READY, CL_TOPO_SHARES_MEMORY);
    ck_assert_uint_eq(wloc, 0xBADull);
    ck_assert_uint_eq(wx->last_error, ST_ERROR_NOT_READY);
    o = unset();
    ck_assert_uint_eq(sim_iwin32_RtCreateSharedMemory(wx, K_PAGE_READWRITE, 0, 4096, "Own", &wloc, &o), 0);
    EXPECT_WIN32(o, ST_ERROR_NOT_READY, CL_TOPO_SHARES_MEMORY);
    ck_assert_ptr_null(sim_ns_lookup(&k->ns, "Own"));
    ck_assert_uint_eq(wx->handles.open, 0);
    /* the RT process on that kernel is not concerned */
    o = unset();
    ck_assert_uint_ne(sim_iwin32_RtOpenSharedMemory(rt, 0, false, "Buf", &rloc, &o), 0);
    EXPECT_WIN32(o, ST_ERROR_SUCCESS, CL_IWIN32_OPEN_OK);
}
END_TEST

Suite *findings_suite(void) {
    Suite *s = suite_create("findings");
    TCase *tc = tcase_create("issue14");
    tcase_add_checked_fixture(tc, world_setup, world_teardown);
    tcase_add_test(tc, rtk_open_accepts_another_drivers_live_instance);
    tcase_add_test(tc, rtk_open_null_handle_pointer_is_invalid_parameter_unconditionally);
    tcase_add_test(tc, ntx_max_size_is_on_the_span_of_pages_mapped);
    tcase_add_test(tc, rtk_open_name_length_counts_utf16_code_units);
    tcase_add_test(tc, iwin32x_follows_shares_memory_false);
    suite_add_tcase(s, tc);
    return s;
}
