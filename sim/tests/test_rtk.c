/* sim/tests/test_rtk.c — the RTX64 Rtk* calls a Windows kernel driver makes (sim/rtk.h), driven
 * through a whole sim_world. One test (or one table) per RTK.* clause of spec/CLAUSES.md and
 * spec/include/spec/clauses_model.def; every outcome's status and clause string is asserted and the clause is
 * checked against the spec catalogue. Kernel stop/start with drivers is in test_kernel.c.
 *
 * World (fixture TOPO_RTSS_HOST in sim_test.h): node 'host' (Windows, va_limit 128 TiB) with an rtx64
 * kernel 'RTSS' (64 MiB of memory) and an INtime kernel 'NodeA' (16 MiB pool), added before the processes
 * so that every process on 'host' reaches RTSS (p->rtss). Processes, in index order (which fixes their
 * address windows): 'rtss' (SIM_PROC_RT in RTSS), 'win' (SIM_PROC_WINDOWS, iwin32x kernel NodeA), 'drv'
 * and 'drv2' (SIM_PROC_DRIVER on host). Findings go to a sink that copies them. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/iwin32.h"
#include "sim/mem.h"
#include "sim/rtk.h"
#include "sim/rtx64.h"
#include "sim/shm.h"
#include "sim/world.h"
#include "spec/clauses.h"
#include "spec/constants.h"
#include "spec/functions.h"
#include "spec/status.h"
#include "sim_test.h"
#include "suites.h"
#include "spec/clause_ids.h"

#define KiB 1024u
#define MiB (1024u * 1024u)
#define TiB (1ull << 40)
#define RTSS_BASE 0x10000000ull             /* process index 0 */
#define DRV_BASE (0x10000000ull + 2 * TiB)  /* process index 2 */
#define DRV2_BASE (0x10000000ull + 3 * TiB) /* process index 3 */
#define INST1 (SIM_RTSSINST_BASE + 0x10)     /* first RTSSINST handed out in the world: 0x52540010 */
#define INST2 (SIM_RTSSINST_BASE + 0x20)     /* second: 0x52540020 */
#define INST3 (SIM_RTSSINST_BASE + 0x30)
#define INST4 (SIM_RTSSINST_BASE + 0x40)
#define NO_LOCATION 0xBADBADBADull           /* what *location holds before a call that must not touch it */
#define NO_HANDLE 0xFEEDull                  /* what *SharedMemoryHandle holds before such a call */
#define NO_INST 0xABCDull                    /* what *RtssInst holds before such a call */

/* ---- fixture ---- */

/* The world of the header comment, seed 7: RTSS_HOST_FIXTURE (sim_test.h) defines w, host, rtssk, nodeA,
 * rtss, win, drv, drv2, findings, world_setup and world_teardown. */
RTSS_HOST_FIXTURE(7)

/* ---- helpers ---- */

/* Rtk calls report NTSTATUS (EXPECT_NT), Rt* calls Win32 (EXPECT_WIN32); the statuses the Rtk function
 * fn may report. */
#define EXPECT_ALLOWED(fn, st) EXPECT_ALLOWED_IN(SPEC_API_RTK, SPEC_FAMILY_NTSTATUS, fn, st)

static uint32_t attach(sim_process *p, uint64_t *inst, sim_outcome *o) {
    *o = unset();
    return sim_rtk_RtkRtssAttach(p, 1, inst, o);
}

static uint32_t attach_ex(sim_process *p, uint64_t *inst, sim_outcome *o) {
    *o = unset();
    return sim_rtk_RtkRtssAttachEx(p, 1, inst, o);
}

/* Attaches p with RtkRtssAttach and returns the instance (must succeed). */
static uint64_t attached(sim_process *p) {
    uint64_t inst = NO_INST;
    sim_outcome o;
    ck_assert_uint_eq(attach(p, &inst, &o), ST_STATUS_SUCCESS);
    return inst;
}

static uint32_t rtk_open(sim_process *p, uint64_t inst, uint32_t access, const char *name, uint64_t *h,
                         uint64_t *loc, sim_outcome *o) {
    *o = unset();
    return sim_rtk_RtkOpenSharedMemory(p, inst, h, access, false, name, loc, o);
}

static uint32_t rtk_create(sim_process *p, uint64_t inst, uint32_t protect, uint32_t size, const char *name,
                           uint64_t *h, uint64_t *loc, sim_outcome *o) {
    *o = unset();
    return sim_rtk_RtkCreateSharedMemory(p, inst, h, protect, 0, size, name, loc, o);
}

static uint32_t rtk_unmap(sim_process *p, uint64_t inst, uint64_t loc, sim_outcome *o) {
    *o = unset();
    return sim_rtk_RtkUnMapSharedMemory(p, inst, loc, o);
}

static uint32_t rtk_close(sim_process *p, uint64_t inst, uint64_t h, sim_outcome *o) {
    *o = unset();
    return sim_rtk_RtkCloseHandle(p, inst, h, o);
}

/* An RTX64 object created inside RTSS by 'rtss' (must succeed); *loc is rtss's read-write view. RTSS
 * ignores flProtect (RTX64.CREATE.RTSS_FLPROTECT_IGNORED), so a PAGE_READONLY object is created by 'win'
 * (whose flProtect counts) and then opened by 'rtss' (RTX64.OPEN.RTSS_ACCESS: read-write there). */
static uint64_t rtss_create(uint32_t protect, uint32_t size, const char *name, uint64_t *loc) {
    sim_outcome o = unset();
    uint64_t h;
    if (protect == K_PAGE_READONLY) {
        uint64_t wloc;
        h = sim_rtx64_RtCreateSharedMemory(win, protect, 0, size, name, &wloc, &o);
        ck_assert_msg(h != 0, "win create '%s' failed: %u %s", name ? name : "(null)", o.status, o.clause);
        h = sim_rtx64_RtOpenSharedMemory(rtss, K_SHM_MAP_WRITE, false, name, loc, &o);
    } else {
        h = sim_rtx64_RtCreateSharedMemory(rtss, protect, 0, size, name, loc, &o);
    }
    ck_assert_msg(h != 0, "rtss create '%s' failed: %u %s", name ? name : "(null)", o.status, o.clause);
    return h;
}

static uint64_t create_sync_kind(sim_process *p, sim_object_kind kind, const char *name) {
    sim_outcome o = unset();
    uint64_t h = 0;
    switch (kind) {
    case SIM_OBJ_EVENT: h = sim_rtx64_RtCreateEvent(p, false, false, name, &o); break;
    case SIM_OBJ_MUTEX: h = sim_rtx64_RtCreateMutex(p, false, name, &o); break;
    case SIM_OBJ_SEMAPHORE: h = sim_rtx64_RtCreateSemaphore(p, 0, 1, name, &o); break;
    default: ck_abort_msg("not a sync kind");
    }
    ck_assert_uint_ne(h, 0);
    return h;
}

static const sim_object_kind sync_kinds[] = {SIM_OBJ_EVENT, SIM_OBJ_MUTEX, SIM_OBJ_SEMAPHORE};

/* ---- RTK.ATTACH, RTK.ATTACH.EX_CALLBACK ---- */

START_TEST(attach_values_are_unique_in_the_world) {
    /* sim/rtk.h, RTK.INSTANCE.GENERATION: values 0x52540010, 0x52540020, ... in attach order, whichever
     * driver attaches (unique across drivers). */
    uint64_t inst = NO_INST;
    sim_outcome o;
    ck_assert_uint_eq(attach(drv, &inst, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_ATTACH);
    EXPECT_ALLOWED("RtkRtssAttach", o.status);
    ck_assert_uint_eq(inst, 0x52540010u);
    ck_assert_uint_eq(attach_ex(drv, &inst, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_ATTACH_EX_CALLBACK);
    EXPECT_ALLOWED("RtkRtssAttachEx", o.status);
    ck_assert_uint_eq(inst, 0x52540020u);
    ck_assert_uint_eq(attach_ex(drv2, &inst, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_ATTACH_EX_CALLBACK);
    ck_assert_uint_eq(inst, 0x52540030u);
    ck_assert_uint_eq(attach(drv2, &inst, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_ATTACH);
    ck_assert_uint_eq(inst, 0x52540040u);
    ck_assert_uint_eq(attach(drv, &inst, &o), ST_STATUS_SUCCESS);
    ck_assert_uint_eq(inst, 0x52540050u);
    /* The records behind them. */
    ck_assert_int_eq(sim_rtk_instance_count(drv), 3);
    ck_assert_int_eq(sim_rtk_instance_count(drv2), 2);
    ck_assert_uint_eq(sim_rtk_instance(drv, 0)->value, INST1);
    ck_assert_uint_eq(sim_rtk_instance(drv, 1)->value, INST2);
    ck_assert_uint_eq(sim_rtk_instance(drv, 2)->value, 0x52540050u);
    ck_assert_uint_eq(sim_rtk_instance(drv2, 0)->value, INST3);
    ck_assert_uint_eq(sim_rtk_instance(drv2, 1)->value, INST4);
    ck_assert(!sim_rtk_instance(drv, 0)->ex);
    ck_assert(sim_rtk_instance(drv, 1)->ex);
    ck_assert(sim_rtk_instance(drv2, 0)->ex);
    ck_assert(!sim_rtk_instance(drv2, 1)->ex);
    for (int i = 0; i < 2; i++) {
        ck_assert(sim_rtk_instance(drv, i)->attached);
        ck_assert_ptr_eq(sim_rtk_instance(drv, i)->rtss, rtssk);
        ck_assert_uint_eq(sim_rtk_instance(drv, i)->generation, 0);
    }
    /* Every instance opens for any driver of the host (RTK.OPEN.BAD_INSTANCE: a value RtkRtssAttach(Ex)
     * returned, whoever attached it); a value never handed out does not. */
    uint64_t loc, h = NO_HANDLE;
    rtss_create(K_PAGE_READWRITE, 4096, "buf", &loc);
    ck_assert_uint_eq(rtk_open(drv, INST1, K_SHM_MAP_WRITE, "buf", &h, &loc, &o), ST_STATUS_SUCCESS);
    ck_assert_uint_eq(rtk_open(drv, INST2, K_SHM_MAP_WRITE, "buf", &h, &loc, &o), ST_STATUS_SUCCESS);
    ck_assert_uint_eq(rtk_open(drv2, INST3, K_SHM_MAP_WRITE, "buf", &h, &loc, &o), ST_STATUS_SUCCESS);
    ck_assert_uint_eq(rtk_open(drv2, INST4, K_SHM_MAP_WRITE, "buf", &h, &loc, &o), ST_STATUS_SUCCESS);
    ck_assert_uint_eq(rtk_open(drv2, INST1, K_SHM_MAP_WRITE, "buf", &h, &loc, &o), ST_STATUS_SUCCESS);
    ck_assert_uint_eq(rtk_open(drv, INST3, K_SHM_MAP_WRITE, "buf", &h, &loc, &o), ST_STATUS_SUCCESS);
    ck_assert_uint_eq(rtk_open(drv, 0x1234, K_SHM_MAP_WRITE, "buf", &h, &loc, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_OPEN_BAD_INSTANCE);
    ck_assert_int_eq(findings.count, 0);
}
END_TEST

START_TEST(attach_accepts_any_positive_max_wfso) {
    uint64_t inst = NO_INST;
    sim_outcome o = unset();
    ck_assert_uint_eq(sim_rtk_RtkRtssAttach(drv, UINT32_MAX, &inst, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_ATTACH);
    ck_assert_uint_eq(inst, INST1);
    o = unset();
    ck_assert_uint_eq(sim_rtk_RtkRtssAttachEx(drv, 2, &inst, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_ATTACH_EX_CALLBACK);
    ck_assert_uint_eq(inst, INST2);
}
END_TEST

/* ---- RTK.ATTACH.PARAMS: (ex, MaxWFSO, NULL pointer) ---- */

static const struct {
    bool ex;
    uint32_t max_wfso;
    bool null_inst;
} bad_attaches[] = {
    {false, 0, false}, {true, 0, false}, {false, 1, true}, {true, 1, true}, {false, 0, true}, {true, 0, true},
};

START_TEST(attach_bad_params_report_invalid_parameter) {
    uint64_t inst = NO_INST;
    uint64_t *ptr = bad_attaches[_i].null_inst ? NULL : &inst;
    sim_outcome o = unset();
    uint32_t st = bad_attaches[_i].ex ? sim_rtk_RtkRtssAttachEx(drv, bad_attaches[_i].max_wfso, ptr, &o)
                                      : sim_rtk_RtkRtssAttach(drv, bad_attaches[_i].max_wfso, ptr, &o);
    ck_assert_uint_eq(st, ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_ATTACH_PARAMS);
    EXPECT_ALLOWED(bad_attaches[_i].ex ? "RtkRtssAttachEx" : "RtkRtssAttach", o.status);
    ck_assert_uint_eq(inst, NO_INST);
    ck_assert_int_eq(sim_rtk_instance_count(drv), 0);
    /* The next good attach still gets the first value. */
    ck_assert_uint_eq(attached(drv), INST1);
}
END_TEST

START_TEST(attach_with_rtss_stopped_reports_no_such_device) {
    /* RTK.ATTACH.NO_RTSS */
    sim_outcome o = unset();
    sim_kernel_stop(w, rtssk, &o);
    uint64_t inst = NO_INST;
    ck_assert_uint_eq(attach(drv, &inst, &o), ST_STATUS_NO_SUCH_DEVICE);
    EXPECT_NT(o, ST_STATUS_NO_SUCH_DEVICE, CL_RTK_ATTACH_NO_RTSS);
    EXPECT_ALLOWED("RtkRtssAttach", o.status);
    ck_assert_uint_eq(attach_ex(drv, &inst, &o), ST_STATUS_NO_SUCH_DEVICE);
    EXPECT_NT(o, ST_STATUS_NO_SUCH_DEVICE, CL_RTK_ATTACH_NO_RTSS);
    EXPECT_ALLOWED("RtkRtssAttachEx", o.status);
    ck_assert_uint_eq(inst, NO_INST);
    ck_assert_int_eq(sim_rtk_instance_count(drv), 0);
    /* Model order: parameters are checked before the RTSS. */
    o = unset();
    ck_assert_uint_eq(sim_rtk_RtkRtssAttach(drv, 0, &inst, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_ATTACH_PARAMS);
    /* Running again: the attach works and is the driver's first instance. */
    sim_kernel_start(w, rtssk, &o);
    ck_assert_uint_eq(attach(drv, &inst, &o), ST_STATUS_SUCCESS);
    ck_assert_uint_eq(inst, INST1);
    ck_assert_uint_eq(sim_rtk_instance(drv, 0)->generation, 1);
}
END_TEST

START_TEST(attach_on_node_without_rtss_reports_no_such_device) {
    /* RTK.ATTACH.NO_RTSS: "stopped or absent". */
    sim_node *bare = sim_world_add_node(w, "bare", true, 128 * TiB, 4096);
    sim_process *lonely = sim_world_add_process(w, "lonely", SIM_PROC_DRIVER, bare, NULL);
    ck_assert_ptr_null(lonely->rtss);
    uint64_t inst = NO_INST;
    sim_outcome o;
    ck_assert_uint_eq(attach(lonely, &inst, &o), ST_STATUS_NO_SUCH_DEVICE);
    EXPECT_NT(o, ST_STATUS_NO_SUCH_DEVICE, CL_RTK_ATTACH_NO_RTSS);
    ck_assert_uint_eq(attach_ex(lonely, &inst, &o), ST_STATUS_NO_SUCH_DEVICE);
    EXPECT_NT(o, ST_STATUS_NO_SUCH_DEVICE, CL_RTK_ATTACH_NO_RTSS);
    ck_assert_uint_eq(inst, NO_INST);
}
END_TEST

/* ---- RTK.ATTACH (detach), RTK.DETACH, RTK.OPEN.BAD_INSTANCE ---- */

START_TEST(detach_then_use_reports_invalid_parameter) {
    uint64_t loc, h = NO_HANDLE, dloc = NO_LOCATION;
    rtss_create(K_PAGE_READWRITE, 4096, "buf", &loc);
    uint64_t inst = attached(drv);
    uint64_t other = attached(drv);
    sim_outcome o = unset();
    ck_assert_uint_eq(sim_rtk_RtkRtssDetach(drv, inst, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_ATTACH);
    EXPECT_ALLOWED("RtkRtssDetach", o.status);
    ck_assert(!sim_rtk_instance(drv, 0)->attached);

    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_WRITE, "buf", &h, &dloc, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_OPEN_BAD_INSTANCE);
    EXPECT_ALLOWED("RtkOpenSharedMemory", o.status);
    ck_assert_uint_eq(h, NO_HANDLE);
    ck_assert_uint_eq(dloc, NO_LOCATION);
    ck_assert_uint_eq(rtk_create(drv, inst, K_PAGE_READWRITE, 4096, "new", &h, &dloc, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_OPEN_BAD_INSTANCE);
    EXPECT_ALLOWED("RtkCreateSharedMemory", o.status);
    ck_assert_uint_eq(rtk_unmap(drv, inst, DRV_BASE, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_OPEN_BAD_INSTANCE);
    ck_assert_uint_eq(rtk_close(drv, inst, 0x4, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_OPEN_BAD_INSTANCE);
    o = unset();
    ck_assert_uint_eq(sim_rtk_RtkRtssDetach(drv, inst, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_DETACH);
    ck_assert_uint_eq(drv->handles.open, 0);
    ck_assert_uint_eq(drv->as.count, 0);
    ck_assert_ptr_null(sim_ns_lookup(&rtssk->ns, "new"));

    /* The driver's other instance is unaffected, and a new attach does not reuse the detached value. */
    ck_assert_uint_eq(rtk_open(drv, other, K_SHM_MAP_WRITE, "buf", &h, &dloc, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_OPEN_OK);
    ck_assert_uint_eq(attached(drv), INST3);
}
END_TEST

START_TEST(detach_keeps_handles_and_views) {
    /* Detaching invalidates the instance, not what was opened through it. */
    uint64_t loc, h, dloc;
    rtss_create(K_PAGE_READWRITE, 4096, "buf", &loc);
    uint64_t inst = attached(drv);
    sim_outcome o;
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_WRITE, "buf", &h, &dloc, &o), ST_STATUS_SUCCESS);
    o = unset();
    ck_assert_uint_eq(sim_rtk_RtkRtssDetach(drv, inst, &o), ST_STATUS_SUCCESS);
    ck_assert(mem_write(drv, dloc, "kept", 4, &o));
    EXPECT_MEM(o, ST_OK, CL_MEM_SHARED);
    char buf[4];
    ck_assert(mem_read(rtss, loc, buf, 4, &o));
    ck_assert_mem_eq(buf, "kept", 4);
    ck_assert_uint_eq(sim_ns_lookup(&rtssk->ns, "buf")->handle_count, 2);
    /* A new instance closes the handle obtained through the old one: handles are the driver's. */
    uint64_t inst2 = attached(drv);
    ck_assert_uint_eq(rtk_unmap(drv, inst2, dloc, &o), ST_STATUS_SUCCESS);
    ck_assert_uint_eq(rtk_close(drv, inst2, h, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_CLOSE_REFCOUNT);
    ck_assert_uint_eq(sim_ns_lookup(&rtssk->ns, "buf")->handle_count, 1);
}
END_TEST

/* Values that drv (attached once, to 0x52540010) never received. */
static const uint64_t garbage_instances[] = {
    0,
    0x1234,
    SIM_RTSSINST_BASE,             /* the base itself */
    SIM_RTSSINST_BASE + 0x8,       /* between two values */
    SIM_RTSSINST_BASE + 0x11,
    SIM_RTSSINST_BASE + 0x20,      /* the next value, not yet handed out */
    SIM_RTSSINST_BASE + 0x10 * 1025,
    SIM_RTSSINST_BASE + (0x10ull << 40),
    SIM_RTSSINST_BASE - 0x10,
    UINT64_MAX,
    UINT64_MAX - 0xF,
};

START_TEST(garbage_instance_reports_bad_instance) {
    /* RTK.OPEN.BAD_INSTANCE, RTK.DETACH */
    uint64_t inst = garbage_instances[_i];
    uint64_t loc, h = NO_HANDLE, dloc = NO_LOCATION;
    rtss_create(K_PAGE_READWRITE, 4096, "buf", &loc);
    ck_assert_uint_eq(attached(drv), INST1);
    sim_outcome o;
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_WRITE, "buf", &h, &dloc, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_OPEN_BAD_INSTANCE);
    ck_assert_uint_eq(rtk_create(drv, inst, K_PAGE_READWRITE, 4096, "x", &h, &dloc, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_OPEN_BAD_INSTANCE);
    ck_assert_uint_eq(h, NO_HANDLE);
    ck_assert_uint_eq(dloc, NO_LOCATION);
    ck_assert_uint_eq(rtk_close(drv, inst, 0x4, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_OPEN_BAD_INSTANCE);
    EXPECT_ALLOWED("RtkCloseHandle", o.status);
    ck_assert_uint_eq(rtk_unmap(drv, inst, DRV_BASE, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_OPEN_BAD_INSTANCE);
    EXPECT_ALLOWED("RtkUnMapSharedMemory", o.status);
    o = unset();
    ck_assert_uint_eq(sim_rtk_RtkRtssDetach(drv, inst, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_DETACH);
    EXPECT_ALLOWED("RtkRtssDetach", o.status);
    ck_assert_uint_eq(drv->handles.open, 0);
    ck_assert_uint_eq(sim_ns_lookup(&rtssk->ns, "buf")->handle_count, 1);
    ck_assert(sim_rtk_instance(drv, 0)->attached);
}
END_TEST

START_TEST(never_attached_driver_reports_bad_instance) {
    uint64_t loc, h = NO_HANDLE, dloc = NO_LOCATION;
    rtss_create(K_PAGE_READWRITE, 4096, "buf", &loc);
    ck_assert_uint_eq(attached(drv), INST1); /* drv's, not drv2's */
    sim_outcome o;
    /* drv2 never attached: its own value 0x52540020 was never handed out */
    ck_assert_uint_eq(rtk_open(drv2, INST2, K_SHM_MAP_WRITE, "buf", &h, &dloc, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_OPEN_BAD_INSTANCE);
    ck_assert_uint_eq(h, NO_HANDLE);
    ck_assert_uint_eq(dloc, NO_LOCATION);
    o = unset();
    ck_assert_uint_eq(sim_rtk_RtkRtssDetach(drv2, INST1, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_DETACH);
    ck_assert(sim_rtk_instance(drv, 0)->attached); /* drv2's detach did not touch drv's instance */
}
END_TEST

START_TEST(another_drivers_instance_opens_but_does_not_close_or_detach) {
    /* drv holds 0x52540010 and 0x52540020; drv2 holds 0x52540030. */
    uint64_t loc, h = NO_HANDLE, dloc = NO_LOCATION;
    rtss_create(K_PAGE_READWRITE, 4096, "buf", &loc);
    ck_assert_uint_eq(attached(drv), INST1);
    ck_assert_uint_eq(attached(drv), INST2);
    ck_assert_uint_eq(attached(drv2), INST3);
    sim_outcome o;
    for (uint64_t v = INST1; v <= INST2; v += 0x10) {
        /* open and create reach the RTSS with any live instance of the host (RTK.OPEN.BAD_INSTANCE) ... */
        ck_assert_uint_eq(rtk_open(drv2, v, K_SHM_MAP_WRITE, "buf", &h, &dloc, &o), ST_STATUS_SUCCESS);
        EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_OPEN_OK);
        ck_assert_uint_eq(rtk_create(drv2, v, K_PAGE_READWRITE, 4096, "x", &h, &dloc, &o), ST_STATUS_SUCCESS);
        /* ... while close, unmap and detach work on the driver's own resources and instances only */
        ck_assert_uint_eq(rtk_close(drv2, v, 0x4, &o), ST_STATUS_INVALID_PARAMETER);
        EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_OPEN_BAD_INSTANCE);
        ck_assert_uint_eq(rtk_unmap(drv2, v, DRV2_BASE, &o), ST_STATUS_INVALID_PARAMETER);
        EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_OPEN_BAD_INSTANCE);
        o = unset();
        ck_assert_uint_eq(sim_rtk_RtkRtssDetach(drv2, v, &o), ST_STATUS_INVALID_PARAMETER);
        EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_DETACH);
    }
    ck_assert(sim_rtk_instance(drv, 0)->attached);
    ck_assert(sim_rtk_instance(drv, 1)->attached);
    ck_assert_uint_eq(drv2->handles.open, 4); /* two opens of buf, then x created and opened again */
    /* drv2's own instance works for drv too */
    ck_assert_uint_eq(rtk_open(drv, INST3, K_SHM_MAP_WRITE, "buf", &h, &dloc, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_OPEN_OK);
    ck_assert_uint_eq(drv->handles.open, 1);
}
END_TEST

/* ---- RTK.OPEN.OK, MEM.SHARED ---- */

START_TEST(open_write_gives_read_write_view_shared_with_rtss) {
    uint64_t rloc;
    rtss_create(K_PAGE_READWRITE, 8192, "buf", &rloc);
    ck_assert_uint_eq(rloc, RTSS_BASE);
    uint64_t inst = attached(drv);
    uint64_t h = NO_HANDLE, loc = NO_LOCATION;
    sim_outcome o;
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_WRITE, "buf", &h, &loc, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_OPEN_OK);
    EXPECT_ALLOWED("RtkOpenSharedMemory", o.status);
    ck_assert_uint_eq(h, 0x4);
    ck_assert_uint_eq(loc, DRV_BASE);
    sim_object *obj = sim_ns_lookup(&rtssk->ns, "buf");
    ck_assert_ptr_eq(sim_handles_get(&drv->handles, h), obj);
    ck_assert_uint_eq(obj->handle_count, 2);
    ck_assert_uint_eq(obj->view_count, 2);
    ck_assert_uint_eq(rtssk->memory_used_bytes, 8192); /* opening charges nothing */
    ck_assert(reads_zero(drv, loc, 8192));
    /* A write through the driver's view is read back by the RTSS process, and the other way round. */
    const char msg[] = "driver to rtss, across a page";
    ck_assert(mem_write(drv, loc + 4096 - 8, msg, sizeof msg, &o));
    EXPECT_MEM(o, ST_OK, CL_MEM_SHARED);
    char buf[sizeof msg];
    ck_assert(mem_read(rtss, rloc + 4096 - 8, buf, sizeof msg, &o));
    EXPECT_MEM(o, ST_OK, CL_MEM_SHARED);
    ck_assert_mem_eq(buf, msg, sizeof msg);
    ck_assert(mem_write(rtss, rloc + 8188, "back", 4, &o));
    ck_assert(mem_read(drv, loc + 8188, buf, 4, &o));
    ck_assert_mem_eq(buf, "back", 4);
    /* The view is the object's size. */
    ck_assert(!mem_read(drv, loc + 8192, buf, 1, &o));
    EXPECT_MEM(o, ST_ACCESS_VIOLATION, CL_MEM_VIEW_OUTSIDE);
    ck_assert_int_eq(findings.count, 0);
}
END_TEST

START_TEST(open_all_access_gives_read_write_view) {
    uint64_t rloc, h, loc;
    rtss_create(K_PAGE_READWRITE, 4096, "buf", &rloc);
    uint64_t inst = attached(drv);
    sim_outcome o;
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_ALL_ACCESS, "buf", &h, &loc, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_OPEN_OK);
    ck_assert(mem_write(drv, loc, "all", 3, &o));
    EXPECT_MEM(o, ST_OK, CL_MEM_SHARED);
}
END_TEST

START_TEST(open_of_windows_created_object_is_shared) {
    /* The RTSS namespace is one: an object a Windows process created is opened by a driver. */
    uint64_t wloc, h, loc;
    sim_outcome o = unset();
    ck_assert_uint_ne(sim_rtx64_RtCreateSharedMemory(win, K_PAGE_READWRITE, 0, 4096, "fromwin", &wloc, &o), 0);
    uint64_t inst = attached(drv);
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_WRITE, "fromwin", &h, &loc, &o), ST_STATUS_SUCCESS);
    ck_assert(mem_write(win, wloc, "w2d", 3, &o));
    char buf[3];
    ck_assert(mem_read(drv, loc, buf, 3, &o));
    ck_assert_mem_eq(buf, "w2d", 3);
    /* An iwin32 object on NodeA is in another namespace: the driver does not find it. */
    uint64_t iloc;
    o = unset();
    ck_assert_uint_ne(sim_iwin32_RtCreateSharedMemory(win, K_PAGE_READWRITE, 0, 4096, "intime", &iloc, &o), 0);
    ck_assert_ptr_nonnull(sim_ns_lookup(&nodeA->ns, "intime"));
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_WRITE, "intime", &h, &loc, &o), ST_STATUS_UNSUCCESSFUL);
    EXPECT_NT(o, ST_STATUS_UNSUCCESSFUL, CL_RTK_OPEN_NOT_FOUND);
}
END_TEST

/* ---- RTK.OPEN.READ ---- */

static const uint32_t read_protects[] = {K_PAGE_READWRITE, K_PAGE_READONLY};

START_TEST(open_read_gives_read_only_view) {
    uint32_t protect = read_protects[_i];
    uint64_t rloc;
    rtss_create(protect, 4096, "buf", &rloc);
    sim_outcome o;
    ck_assert(mem_write(rtss, rloc, "orig", 4, &o)); /* RTSS's view is read-write either way */
    uint64_t inst = attached(drv);
    uint64_t h = NO_HANDLE, loc = NO_LOCATION;
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_READ, "buf", &h, &loc, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_OPEN_READ);
    EXPECT_ALLOWED("RtkOpenSharedMemory", o.status);
    ck_assert_uint_eq(h, 0x4);
    ck_assert_uint_eq(loc, DRV_BASE);
    char buf[4];
    ck_assert(mem_read(drv, loc, buf, 4, &o));
    EXPECT_MEM(o, ST_OK, CL_MEM_SHARED);
    ck_assert_mem_eq(buf, "orig", 4);
    ck_assert(!mem_write(drv, loc, "evil", 4, &o));
    EXPECT_MEM(o, ST_ACCESS_VIOLATION, CL_MEM_VIEW_FAULT);
    ck_assert(mem_read(rtss, rloc, buf, 4, &o)); /* the faulting write changed nothing */
    ck_assert_mem_eq(buf, "orig", 4);
    /* Later RTSS writes are visible through the read-only view. */
    ck_assert(mem_write(rtss, rloc + 10, "new", 3, &o));
    ck_assert(mem_read(drv, loc + 10, buf, 3, &o));
    ck_assert_mem_eq(buf, "new", 3);
}
END_TEST

/* ---- RTK.OPEN.WRITE_NEEDS_RW ---- */

static const uint32_t write_accesses[] = {K_SHM_MAP_WRITE, K_SHM_MAP_ALL_ACCESS};

START_TEST(open_write_on_read_only_object_reports_invalid_parameter) {
    uint64_t rloc;
    rtss_create(K_PAGE_READONLY, 4096, "ro", &rloc);
    uint64_t inst = attached(drv);
    uint64_t h = NO_HANDLE, loc = NO_LOCATION;
    sim_outcome o;
    ck_assert_uint_eq(rtk_open(drv, inst, write_accesses[_i], "ro", &h, &loc, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_OPEN_WRITE_NEEDS_RW);
    EXPECT_ALLOWED("RtkOpenSharedMemory", o.status);
    ck_assert_uint_eq(h, NO_HANDLE);
    ck_assert_uint_eq(loc, NO_LOCATION);
    ck_assert_uint_eq(drv->handles.open, 0);
    ck_assert_uint_eq(drv->as.count, 0);
    sim_object *obj = sim_ns_lookup(&rtssk->ns, "ro");
    ck_assert_uint_eq(obj->handle_count, 2); /* win's (the creator) and rtss's (rtss_create) */
    ck_assert_uint_eq(obj->view_count, 2);
}
END_TEST

/* ---- RTK.OPEN.NULL_HANDLE_PTR ---- */

START_TEST(open_null_handle_pointer_reports_invalid_parameter) {
    uint64_t rloc;
    rtss_create(K_PAGE_READWRITE, 4096, "buf", &rloc);
    uint64_t inst = attached(drv);
    uint64_t loc = NO_LOCATION;
    sim_outcome o = unset();
    ck_assert_uint_eq(sim_rtk_RtkOpenSharedMemory(drv, inst, NULL, K_SHM_MAP_WRITE, false, "buf", &loc, &o),
                      ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_OPEN_NULL_HANDLE_PTR);
    ck_assert_uint_eq(loc, NO_LOCATION);
    ck_assert_uint_eq(drv->handles.open, 0);
    ck_assert_uint_eq(drv->as.count, 0);
    ck_assert_uint_eq(sim_ns_lookup(&rtssk->ns, "buf")->handle_count, 1);
    /* Even for a name that does not exist: the pointer is checked first. */
    o = unset();
    ck_assert_uint_eq(sim_rtk_RtkOpenSharedMemory(drv, inst, NULL, K_SHM_MAP_WRITE, false, "nope", &loc, &o),
                      ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_OPEN_NULL_HANDLE_PTR);
}
END_TEST

/* ---- RTK.OPEN.PARAMS ---- */

static const struct {
    bool null_location;
    const char *name;
    uint32_t access;
} bad_opens[] = {
    {true, "buf", K_SHM_MAP_WRITE}, {false, NULL, K_SHM_MAP_WRITE}, {false, "", K_SHM_MAP_READ},
    {false, "buf", 0},              {false, "buf", 4},              {false, "buf", 5},
    {false, "buf", 0xFFFFFFFFu},
};

START_TEST(open_bad_arguments_report_invalid_parameter) {
    uint64_t rloc;
    rtss_create(K_PAGE_READWRITE, 4096, "buf", &rloc);
    uint64_t inst = attached(drv);
    uint64_t h = NO_HANDLE, loc = NO_LOCATION;
    sim_outcome o;
    ck_assert_uint_eq(rtk_open(drv, inst, bad_opens[_i].access, bad_opens[_i].name, &h,
                               bad_opens[_i].null_location ? NULL : &loc, &o),
                      ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_OPEN_PARAMS);
    ck_assert_uint_eq(h, NO_HANDLE);
    ck_assert_uint_eq(loc, NO_LOCATION);
    ck_assert_uint_eq(drv->handles.open, 0);
    ck_assert_uint_eq(drv->as.count, 0);
}
END_TEST

/* ---- RTK.OPEN.NAME_LENGTH ---- */

static const char *const name_units[] = {"n", "\xC3\xA9", "\xE2\x82\xAC"};

START_TEST(open_name_of_260_chars_works_261_fails) {
    char *max_name = repeat(name_units[_i], 260);
    char *long_name = repeat(name_units[_i], 261);
    ck_assert_uint_eq(sim_name_chars(max_name), 260);
    uint64_t rloc, h = NO_HANDLE, loc = NO_LOCATION;
    uint64_t inst = attached(drv);
    sim_outcome o;
    /* made by the driver: RTSS's Rt* calls stop at RTX_MAX_OBJECT_NAME_LENGTH (RTX64.NAME.LENGTH) */
    ck_assert_uint_eq(rtk_create(drv, inst, K_PAGE_READWRITE, 4096, max_name, &h, &rloc, &o), ST_STATUS_SUCCESS);
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_WRITE, max_name, &h, &loc, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_OPEN_OK);
    ck_assert_uint_eq(h, 0x8);
    h = NO_HANDLE;
    loc = NO_LOCATION;
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_WRITE, long_name, &h, &loc, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_OPEN_NAME_LENGTH);
    EXPECT_ALLOWED("RtkOpenSharedMemory", o.status);
    ck_assert_uint_eq(h, NO_HANDLE);
    ck_assert_uint_eq(loc, NO_LOCATION);
    ck_assert_uint_eq(drv->handles.open, 2);
    free(max_name);
    free(long_name);
}
END_TEST

/* ---- RTK.OPEN.NAME_BACKSLASH ---- */

static const char *const backslash_names[] = {"a\\b", "\\", "Global\\buf", "buf\\"};

START_TEST(open_name_with_backslash_reports_invalid_parameter) {
    uint64_t rloc, h = NO_HANDLE, loc = NO_LOCATION;
    rtss_create(K_PAGE_READWRITE, 4096, "buf", &rloc);
    uint64_t inst = attached(drv);
    sim_outcome o;
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_READ, backslash_names[_i], &h, &loc, &o),
                      ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_OPEN_NAME_BACKSLASH);
    EXPECT_ALLOWED("RtkOpenSharedMemory", o.status);
    ck_assert_uint_eq(h, NO_HANDLE);
    ck_assert_uint_eq(loc, NO_LOCATION);
}
END_TEST

/* ---- RTK.OPEN.NAME_CASE, RTK.OPEN.NOT_FOUND ---- */

static const char *const missing_names[] = {"Buf", "BUF", "bUf", "buf ", " buf", "bu", "buff", "missing"};

START_TEST(open_other_case_or_missing_name_reports_unsuccessful) {
    uint64_t rloc, h = NO_HANDLE, loc = NO_LOCATION;
    rtss_create(K_PAGE_READWRITE, 4096, "buf", &rloc);
    uint64_t inst = attached(drv);
    sim_outcome o;
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_WRITE, missing_names[_i], &h, &loc, &o), ST_STATUS_UNSUCCESSFUL);
    EXPECT_NT(o, ST_STATUS_UNSUCCESSFUL, CL_RTK_OPEN_NOT_FOUND);
    EXPECT_ALLOWED("RtkOpenSharedMemory", o.status);
    ck_assert_uint_eq(h, NO_HANDLE);
    ck_assert_uint_eq(loc, NO_LOCATION);
    ck_assert_uint_eq(drv->handles.open, 0);
    /* The exact name opens. */
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_WRITE, "buf", &h, &loc, &o), ST_STATUS_SUCCESS);
}
END_TEST

START_TEST(open_in_empty_namespace_reports_unsuccessful) {
    uint64_t inst = attached(drv);
    uint64_t h = NO_HANDLE, loc = NO_LOCATION;
    sim_outcome o;
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_READ, "buf", &h, &loc, &o), ST_STATUS_UNSUCCESSFUL);
    EXPECT_NT(o, ST_STATUS_UNSUCCESSFUL, CL_RTK_OPEN_NOT_FOUND);
}
END_TEST

/* ---- RTK.OPEN.WRONG_TYPE ---- */

START_TEST(open_sync_object_name_reports_invalid_handle) {
    create_sync_kind(rtss, sync_kinds[_i], "sync");
    uint64_t inst = attached(drv);
    uint64_t h = NO_HANDLE, loc = NO_LOCATION;
    sim_outcome o;
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_WRITE, "sync", &h, &loc, &o), ST_STATUS_INVALID_HANDLE);
    EXPECT_NT(o, ST_STATUS_INVALID_HANDLE, CL_RTK_OPEN_WRONG_TYPE);
    EXPECT_ALLOWED("RtkOpenSharedMemory", o.status);
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_READ, "sync", &h, &loc, &o), ST_STATUS_INVALID_HANDLE);
    EXPECT_NT(o, ST_STATUS_INVALID_HANDLE, CL_RTK_OPEN_WRONG_TYPE);
    ck_assert_uint_eq(h, NO_HANDLE);
    ck_assert_uint_eq(loc, NO_LOCATION);
    ck_assert_uint_eq(drv->handles.open, 0);
    ck_assert_uint_eq(sim_ns_lookup(&rtssk->ns, "sync")->handle_count, 1);
}
END_TEST

/* ---- RTK.OPEN.INHERIT_IGNORED ---- */

START_TEST(open_inherit_true_or_false_gives_same_result) {
    uint64_t rloc;
    rtss_create(K_PAGE_READWRITE, 4096, "buf", &rloc);
    rtss_create(K_PAGE_READONLY, 4096, "ro", &rloc);
    uint64_t inst = attached(drv);
    for (int i = 0; i < 2; i++) {
        bool inherit = i == 1;
        uint64_t h = NO_HANDLE, loc = NO_LOCATION;
        sim_outcome o = unset();
        ck_assert_uint_eq(sim_rtk_RtkOpenSharedMemory(drv, inst, &h, K_SHM_MAP_WRITE, inherit, "buf", &loc, &o),
                          ST_STATUS_SUCCESS);
        EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_OPEN_OK);
        ck_assert_uint_eq(h, 0x4 + 4 * (uint64_t)i);
        ck_assert_uint_eq(loc, DRV_BASE + 4096 * (uint64_t)i);
        ck_assert(mem_write(drv, loc, "x", 1, &o));
        o = unset();
        h = NO_HANDLE;
        ck_assert_uint_eq(sim_rtk_RtkOpenSharedMemory(drv, inst, &h, K_SHM_MAP_WRITE, inherit, "ro", &loc, &o),
                          ST_STATUS_INVALID_PARAMETER);
        EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_OPEN_WRITE_NEEDS_RW);
        o = unset();
        ck_assert_uint_eq(sim_rtk_RtkOpenSharedMemory(drv, inst, &h, K_SHM_MAP_READ, inherit, "missing", &loc, &o),
                          ST_STATUS_UNSUCCESSFUL);
        EXPECT_NT(o, ST_STATUS_UNSUCCESSFUL, CL_RTK_OPEN_NOT_FOUND);
        ck_assert_uint_eq(h, NO_HANDLE);
    }
}
END_TEST

/* ---- RTK.OPEN.NO_MEMORY ---- */

START_TEST(open_view_beyond_va_limit_reports_no_memory_and_changes_nothing) {
    /* A second node whose Windows host has 12 KiB of address space, with its own RTSS and a driver. */
    sim_node *small = sim_world_add_node(w, "small", true, 12 * KiB, 4096);
    sim_kernel *rtss2k = sim_world_add_kernel(w, "RTSS2", SIM_KERNEL_RTX64, small, true, true, 64 * MiB, 0);
    sim_process *rt2 = sim_world_add_process(w, "rt2", SIM_PROC_RT, small, rtss2k);
    sim_process *sdrv = sim_world_add_process(w, "sdrv", SIM_PROC_DRIVER, small, NULL);
    ck_assert_ptr_eq(sdrv->rtss, rtss2k);
    ck_assert_uint_eq(sdrv->as.limit_bytes, 12 * KiB);
    uint64_t big_loc, small_loc;
    sim_outcome o = unset();
    ck_assert_uint_ne(sim_rtx64_RtCreateSharedMemory(rt2, K_PAGE_READWRITE, 0, 16 * KiB, "big", &big_loc, &o), 0);
    o = unset();
    ck_assert_uint_ne(sim_rtx64_RtCreateSharedMemory(rt2, K_PAGE_READWRITE, 0, 8 * KiB, "small", &small_loc, &o), 0);
    uint64_t inst = attached(sdrv);
    ck_assert_uint_eq(inst, INST1);

    uint64_t h = NO_HANDLE, loc = NO_LOCATION;
    ck_assert_uint_eq(rtk_open(sdrv, inst, K_SHM_MAP_WRITE, "big", &h, &loc, &o), ST_STATUS_NO_MEMORY);
    EXPECT_NT(o, ST_STATUS_NO_MEMORY, CL_RTK_OPEN_NO_MEMORY);
    EXPECT_ALLOWED("RtkOpenSharedMemory", o.status);
    ck_assert_uint_eq(h, NO_HANDLE);
    ck_assert_uint_eq(loc, NO_LOCATION);
    ck_assert_uint_eq(sdrv->handles.open, 0);
    ck_assert_uint_eq(sdrv->as.count, 0);
    ck_assert_uint_eq(sdrv->as.mapped_bytes, 0);
    sim_object *big = sim_ns_lookup(&rtss2k->ns, "big");
    ck_assert_uint_eq(big->handle_count, 1);
    ck_assert_uint_eq(big->view_count, 1);
    ck_assert_uint_eq(rtss2k->memory_used_bytes, 24 * KiB);

    /* What fits still opens, and then what is left does not. */
    ck_assert_uint_eq(rtk_open(sdrv, inst, K_SHM_MAP_READ, "small", &h, &loc, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_OPEN_READ);
    ck_assert_uint_eq(h, 0x4);
    uint64_t h2 = NO_HANDLE, loc2 = NO_LOCATION;
    ck_assert_uint_eq(rtk_open(sdrv, inst, K_SHM_MAP_READ, "small", &h2, &loc2, &o), ST_STATUS_NO_MEMORY);
    EXPECT_NT(o, ST_STATUS_NO_MEMORY, CL_RTK_OPEN_NO_MEMORY);
    ck_assert_uint_eq(h2, NO_HANDLE);
    ck_assert_uint_eq(loc2, NO_LOCATION);
    ck_assert_uint_eq(sdrv->handles.open, 1);
    ck_assert_uint_eq(sim_ns_lookup(&rtss2k->ns, "small")->handle_count, 2);
    /* The driver on 'host' reaches its own RTSS, which has neither object. */
    uint64_t hinst = attached(drv);
    ck_assert_uint_eq(rtk_open(drv, hinst, K_SHM_MAP_READ, "big", &h, &loc, &o), ST_STATUS_UNSUCCESSFUL);
    EXPECT_NT(o, ST_STATUS_UNSUCCESSFUL, CL_RTK_OPEN_NOT_FOUND);
    ck_assert_int_eq(findings.count, 0);
}
END_TEST

START_TEST(create_view_beyond_va_limit_reports_no_memory_and_creates_nothing) {
    sim_node *small = sim_world_add_node(w, "small", true, 12 * KiB, 4096);
    sim_kernel *rtss2k = sim_world_add_kernel(w, "RTSS2", SIM_KERNEL_RTX64, small, true, true, 64 * MiB, 0);
    sim_process *sdrv = sim_world_add_process(w, "sdrv", SIM_PROC_DRIVER, small, NULL);
    uint64_t inst = attached(sdrv);
    uint64_t h = NO_HANDLE, loc = NO_LOCATION;
    uint64_t next_id = w->next_object_id;
    sim_outcome o;
    ck_assert_uint_eq(rtk_create(sdrv, inst, K_PAGE_READWRITE, 16 * KiB, "big", &h, &loc, &o), ST_STATUS_NO_MEMORY);
    EXPECT_NT(o, ST_STATUS_NO_MEMORY, CL_RTK_OPEN_NO_MEMORY);
    EXPECT_ALLOWED("RtkCreateSharedMemory", o.status);
    ck_assert_uint_eq(h, NO_HANDLE);
    ck_assert_uint_eq(loc, NO_LOCATION);
    ck_assert_ptr_null(sim_ns_lookup(&rtss2k->ns, "big"));
    ck_assert_ptr_null(rtss2k->first_object);
    ck_assert_uint_eq(rtss2k->memory_used_bytes, 0);
    ck_assert_uint_eq(w->next_object_id, next_id);
    ck_assert_uint_eq(rtk_create(sdrv, inst, K_PAGE_READWRITE, 12 * KiB, "fits", &h, &loc, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_CREATE_OK);
    ck_assert_uint_eq(sim_ns_lookup(&rtss2k->ns, "fits")->id, next_id);
}
END_TEST

/* ---- RTK.CREATE.* ---- */

START_TEST(create_new_object) {
    /* RTK.CREATE.OK */
    uint64_t inst = attached(drv);
    uint64_t h = NO_HANDLE, loc = NO_LOCATION;
    sim_outcome o;
    ck_assert_uint_eq(rtk_create(drv, inst, K_PAGE_READWRITE, 5000, "drvbuf", &h, &loc, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_CREATE_OK);
    EXPECT_ALLOWED("RtkCreateSharedMemory", o.status);
    ck_assert_uint_eq(h, 0x4);
    ck_assert_uint_eq(loc, DRV_BASE);
    sim_object *obj = sim_ns_lookup(&rtssk->ns, "drvbuf");
    ck_assert_ptr_nonnull(obj);
    ck_assert_int_eq(obj->kind, SIM_OBJ_SHM);
    ck_assert_ptr_eq(obj->kernel, rtssk);
    ck_assert_uint_eq(obj->size_bytes, 8192);
    ck_assert_uint_eq(obj->protect, K_PAGE_READWRITE);
    ck_assert_uint_eq(obj->handle_count, 1);
    ck_assert_uint_eq(obj->view_count, 1);
    ck_assert_uint_eq(rtssk->memory_used_bytes, 8192);
    ck_assert_uint_eq(sim_iwin32_pool_used_bytes(nodeA), 0);
    ck_assert(reads_zero(drv, loc, 8192));
    ck_assert(mem_write(drv, loc + 8191, "z", 1, &o));
    EXPECT_MEM(o, ST_OK, CL_RTK_CREATE_FRESH_MEMORY); /* past the 5000 bytes asked: the rounding */
    /* The RTSS process opens it and sees the driver's byte. */
    uint64_t rloc;
    o = unset();
    ck_assert_uint_ne(sim_rtx64_RtOpenSharedMemory(rtss, K_SHM_MAP_READ, false, "drvbuf", &rloc, &o), 0);
    char c;
    ck_assert(mem_read(rtss, rloc + 8191, &c, 1, &o));
    ck_assert_int_eq(c, 'z');
}
END_TEST

START_TEST(create_ignores_protect_and_gives_read_write_view) {
    /* RTK.CREATE.PROTECT_IGNORED: "Protect — Ignored."; the handle "has read and write access". */
    static const uint32_t protects[] = {K_PAGE_READONLY, K_SHM_MAP_ALL_ACCESS, 0, 0x40, 0xFFFFFFFFu};
    uint64_t inst = attached(drv);
    for (int i = 0; i < 5; i++) {
        char name[8];
        snprintf(name, sizeof name, "p%d", i);
        uint64_t h = NO_HANDLE, loc = NO_LOCATION, rloc;
        sim_outcome o;
        ck_assert_uint_eq(rtk_create(drv, inst, protects[i], 4096, name, &h, &loc, &o), ST_STATUS_SUCCESS);
        EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_CREATE_PROTECT_IGNORED);
        EXPECT_ALLOWED("RtkCreateSharedMemory", o.status);
        ck_assert_uint_eq(sim_ns_lookup(&rtssk->ns, name)->protect, K_PAGE_READWRITE);
        ck_assert(mem_write(drv, loc, "dv", 2, &o));
        EXPECT_MEM(o, ST_OK, CL_MEM_SHARED);
        o = unset();
        ck_assert_uint_ne(sim_rtx64_RtOpenSharedMemory(rtss, K_SHM_MAP_READ, false, name, &rloc, &o), 0);
        char buf[2];
        ck_assert(mem_read(rtss, rloc, buf, 2, &o));
        ck_assert_mem_eq(buf, "dv", 2);
        /* a later write open by the driver works: the object is PAGE_READWRITE */
        uint64_t h2 = NO_HANDLE, loc2 = NO_LOCATION;
        ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_WRITE, name, &h2, &loc2, &o), ST_STATUS_SUCCESS);
        EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_OPEN_OK);
    }
}
END_TEST

START_TEST(create_existing_opens_it_with_creator_size_and_protection) {
    /* RTK.CREATE.EXISTS */
    uint64_t rloc, roloc;
    rtss_create(K_PAGE_READWRITE, 4096, "buf", &rloc);
    rtss_create(K_PAGE_READONLY, 4096, "ro", &roloc);
    sim_outcome o;
    ck_assert(mem_write(rtss, rloc, "old", 3, &o));
    uint64_t inst = attached(drv);
    uint64_t h = NO_HANDLE, loc = NO_LOCATION;
    ck_assert_uint_eq(rtk_create(drv, inst, K_PAGE_READWRITE, 64 * KiB, "buf", &h, &loc, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_CREATE_EXISTS);
    EXPECT_ALLOWED("RtkCreateSharedMemory", o.status);
    ck_assert_uint_eq(h, 0x4);
    ck_assert_uint_eq(loc, DRV_BASE);
    sim_object *obj = sim_ns_lookup(&rtssk->ns, "buf");
    ck_assert_ptr_eq(sim_handles_get(&drv->handles, h), obj);
    ck_assert_uint_eq(obj->size_bytes, 4096);
    ck_assert_uint_eq(obj->handle_count, 2);
    ck_assert_uint_eq(rtssk->memory_used_bytes, 8192); /* nothing more charged */
    char buf[3];
    ck_assert(mem_read(drv, loc, buf, 3, &o));
    ck_assert_mem_eq(buf, "old", 3);
    ck_assert(!mem_read(drv, loc + 4096, buf, 1, &o)); /* the view is the creator's size */
    ck_assert(mem_write(drv, loc, "new", 3, &o));
    ck_assert(mem_read(rtss, rloc, buf, 3, &o));
    ck_assert_mem_eq(buf, "new", 3);
    /* Size 0, and a size beyond RTSS memory, are not looked at for an existing object. */
    ck_assert_uint_eq(rtk_create(drv, inst, K_PAGE_READWRITE, 0, "buf", &h, &loc, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_CREATE_EXISTS);
    ck_assert_uint_eq(rtk_create(drv, inst, K_PAGE_READWRITE, 0xFFFFFFFFu, "buf", &h, &loc, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_CREATE_EXISTS);
    /* The protection stays the creator's, but the driver's handle has read and write access
     * (RTK.CREATE.PROTECT_IGNORED): its view of a PAGE_READONLY object is read-write. */
    ck_assert_uint_eq(rtk_create(drv, inst, K_PAGE_READWRITE, 4096, "ro", &h, &loc, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_CREATE_EXISTS);
    ck_assert_uint_eq(sim_ns_lookup(&rtssk->ns, "ro")->protect, K_PAGE_READONLY);
    ck_assert(mem_write(drv, loc, "x", 1, &o));
    EXPECT_MEM(o, ST_OK, CL_MEM_SHARED);
    /* ... and PAGE_READONLY asked on a PAGE_READWRITE object is ignored too. */
    ck_assert_uint_eq(rtk_create(drv, inst, K_PAGE_READONLY, 4096, "buf", &h, &loc, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_CREATE_PROTECT_IGNORED);
    ck_assert(mem_write(drv, loc, "y", 1, &o));
    EXPECT_MEM(o, ST_OK, CL_MEM_SHARED);
    ck_assert_uint_eq(sim_ns_lookup(&rtssk->ns, "buf")->protect, K_PAGE_READWRITE);
}
END_TEST

START_TEST(create_name_of_sync_object_reports_invalid_handle) {
    /* RTK.CREATE.NAME_COLLISION */
    create_sync_kind(win, sync_kinds[_i], "taken");
    uint64_t inst = attached(drv);
    uint64_t h = NO_HANDLE, loc = NO_LOCATION;
    sim_outcome o;
    ck_assert_uint_eq(rtk_create(drv, inst, K_PAGE_READWRITE, 4096, "taken", &h, &loc, &o), ST_STATUS_INVALID_HANDLE);
    EXPECT_NT(o, ST_STATUS_INVALID_HANDLE, CL_RTK_CREATE_NAME_COLLISION);
    EXPECT_ALLOWED("RtkCreateSharedMemory", o.status);
    ck_assert_uint_eq(h, NO_HANDLE);
    ck_assert_uint_eq(loc, NO_LOCATION);
    ck_assert_int_eq(sim_ns_lookup(&rtssk->ns, "taken")->kind, sync_kinds[_i]);
    ck_assert_uint_eq(rtssk->memory_used_bytes, 0);
    ck_assert_uint_eq(drv->handles.open, 0);
}
END_TEST

/* Rejected creates: the row's clause, and nothing created. */
typedef struct create_reject {
    const char *clause;
    uint32_t status;
    bool null_handle, null_location;
    uint32_t protect, size_high, size_low;
    const char *unit; /* name = unit repeated `times` */
    int times;
} create_reject;

static const create_reject create_rejects[] = {
    {CL_RTK_CREATE_PARAMS, ST_STATUS_INVALID_PARAMETER, true, false, K_PAGE_READWRITE, 0, 4096, "c", 1},
    {CL_RTK_CREATE_PARAMS, ST_STATUS_INVALID_PARAMETER, false, true, K_PAGE_READWRITE, 0, 4096, "c", 1},
    {CL_RTK_CREATE_PARAMS, ST_STATUS_INVALID_PARAMETER, false, false, K_PAGE_READWRITE, 1, 4096, "c", 1},
    {CL_RTK_CREATE_PARAMS, ST_STATUS_INVALID_PARAMETER, false, false, K_PAGE_READWRITE, 0xFFFFFFFFu, 0, "c", 1},
    {CL_RTK_CREATE_PARAMS, ST_STATUS_INVALID_PARAMETER, false, false, K_PAGE_READWRITE, 0, 0, "c", 1},
    {CL_RTK_CREATE_PARAMS, ST_STATUS_INVALID_PARAMETER, false, false, K_PAGE_READONLY, 0, 0, NULL, 0},
    {CL_RTK_OPEN_NAME_LENGTH, ST_STATUS_INVALID_PARAMETER, false, false, K_PAGE_READWRITE, 0, 4096, "c", 261},
    {CL_RTK_OPEN_NAME_BACKSLASH, ST_STATUS_INVALID_PARAMETER, false, false, K_PAGE_READWRITE, 0, 4096, "c\\d", 1},
    {CL_RTK_CREATE_NO_MEMORY, ST_STATUS_NO_MEMORY, false, false, K_PAGE_READWRITE, 0, 64 * MiB + 1, "c", 1},
    {CL_RTK_CREATE_NO_MEMORY, ST_STATUS_NO_MEMORY, false, false, K_PAGE_READONLY, 0, 0xFFFFFFFFu, NULL, 0},
};

START_TEST(create_rejected_reports_clause_and_creates_nothing) {
    const create_reject *c = &create_rejects[_i];
    char *name = c->unit ? repeat(c->unit, c->times) : NULL;
    uint64_t inst = attached(drv);
    uint64_t h = NO_HANDLE, loc = NO_LOCATION;
    uint64_t next_id = w->next_object_id;
    sim_outcome o = unset();
    ck_assert_uint_eq(sim_rtk_RtkCreateSharedMemory(drv, inst, c->null_handle ? NULL : &h, c->protect, c->size_high,
                                                c->size_low, name, c->null_location ? NULL : &loc, &o),
                      c->status);
    EXPECT_NT(o, c->status, c->clause);
    EXPECT_ALLOWED("RtkCreateSharedMemory", o.status);
    ck_assert_uint_eq(h, NO_HANDLE);
    ck_assert_uint_eq(loc, NO_LOCATION);
    ck_assert_uint_eq(drv->handles.open, 0);
    ck_assert_uint_eq(drv->as.count, 0);
    ck_assert_uint_eq(rtssk->memory_used_bytes, 0);
    ck_assert_ptr_null(rtssk->first_object);
    ck_assert_uint_eq(w->next_object_id, next_id);
    if (name) ck_assert_ptr_null(sim_ns_lookup(&rtssk->ns, name));
    free(name);
}
END_TEST

START_TEST(create_exhausts_rtss_memory_then_succeeds_after_close) {
    /* RTK.CREATE.NO_MEMORY: memory comes from the RTSS, shared with RTX64 Rt* creates. */
    uint64_t inst = attached(drv);
    uint64_t h1, l1, h2 = NO_HANDLE, l2 = NO_LOCATION, rloc;
    sim_outcome o;
    ck_assert_uint_eq(rtk_create(drv, inst, K_PAGE_READWRITE, 48 * MiB, "a", &h1, &l1, &o), ST_STATUS_SUCCESS);
    rtss_create(K_PAGE_READWRITE, 12 * MiB, "b", &rloc);
    ck_assert_uint_eq(rtssk->memory_used_bytes, 60 * MiB);
    ck_assert_uint_eq(rtk_create(drv, inst, K_PAGE_READWRITE, 4 * MiB + 1, "c", &h2, &l2, &o), ST_STATUS_NO_MEMORY);
    EXPECT_NT(o, ST_STATUS_NO_MEMORY, CL_RTK_CREATE_NO_MEMORY);
    ck_assert_uint_eq(h2, NO_HANDLE);
    ck_assert_uint_eq(l2, NO_LOCATION);
    /* Exactly what is left fits. */
    ck_assert_uint_eq(rtk_create(drv, inst, K_PAGE_READWRITE, 4 * MiB, "c", &h2, &l2, &o), ST_STATUS_SUCCESS);
    ck_assert_uint_eq(rtssk->memory_used_bytes, 64 * MiB);
    uint64_t h3 = NO_HANDLE, l3;
    ck_assert_uint_eq(rtk_create(drv, inst, K_PAGE_READWRITE, 1, NULL, &h3, &l3, &o), ST_STATUS_NO_MEMORY);
    EXPECT_NT(o, ST_STATUS_NO_MEMORY, CL_RTK_CREATE_NO_MEMORY);
    /* Closing "a" gives its 48 MiB back. */
    ck_assert_uint_eq(rtk_unmap(drv, inst, l1, &o), ST_STATUS_SUCCESS);
    ck_assert_uint_eq(rtk_close(drv, inst, h1, &o), ST_STATUS_SUCCESS);
    ck_assert_uint_eq(rtssk->memory_used_bytes, 16 * MiB);
    ck_assert_uint_eq(rtk_create(drv, inst, K_PAGE_READWRITE, 48 * MiB, "a", &h3, &l3, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_CREATE_OK);
    ck_assert_int_eq(findings.count, 0);
}
END_TEST

START_TEST(create_unnamed_twice_gives_distinct_objects) {
    uint64_t inst = attached(drv);
    uint64_t h1, l1, h2, l2;
    sim_outcome o;
    ck_assert_uint_eq(rtk_create(drv, inst, K_PAGE_READWRITE, 4096, NULL, &h1, &l1, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_CREATE_OK);
    ck_assert_uint_eq(rtk_create(drv, inst, K_PAGE_READWRITE, 4096, "", &h2, &l2, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_CREATE_OK);
    ck_assert_uint_eq(h1, 0x4);
    ck_assert_uint_eq(h2, 0x8);
    ck_assert_ptr_ne(sim_handles_get(&drv->handles, h1), sim_handles_get(&drv->handles, h2));
    ck_assert_uint_eq(rtssk->memory_used_bytes, 8192);
    ck_assert(mem_write(drv, l1, "one", 3, &o));
    ck_assert(reads_zero(drv, l2, 4096));
    ck_assert_ptr_null(sim_ns_lookup(&rtssk->ns, ""));
}
END_TEST

/* ---- RTK.UNMAP ---- */

START_TEST(unmap_then_access_faults) {
    uint64_t rloc, h, loc;
    rtss_create(K_PAGE_READWRITE, 4096, "buf", &rloc);
    uint64_t inst = attached(drv);
    sim_outcome o;
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_WRITE, "buf", &h, &loc, &o), ST_STATUS_SUCCESS);
    ck_assert(mem_write(drv, loc, "before", 6, &o));
    ck_assert_uint_eq(rtk_unmap(drv, inst, loc, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_UNMAP);
    EXPECT_ALLOWED("RtkUnMapSharedMemory", o.status);
    ck_assert_uint_eq(drv->as.count, 0);
    sim_object *obj = sim_ns_lookup(&rtssk->ns, "buf");
    ck_assert_uint_eq(obj->view_count, 1);
    ck_assert_uint_eq(obj->handle_count, 2); /* the handle stays open */
    char buf[6];
    ck_assert(!mem_read(drv, loc, buf, 6, &o));
    EXPECT_MEM(o, ST_ACCESS_VIOLATION, CL_MEM_VIEW_OUTSIDE);
    ck_assert(!mem_write(drv, loc, "after", 5, &o));
    EXPECT_MEM(o, ST_ACCESS_VIOLATION, CL_MEM_VIEW_OUTSIDE);
    ck_assert(mem_read(rtss, rloc, buf, 6, &o));
    ck_assert_mem_eq(buf, "before", 6);
    /* Unmapping again fails. */
    ck_assert_uint_eq(rtk_unmap(drv, inst, loc, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_UNMAP);
    EXPECT_ALLOWED("RtkUnMapSharedMemory", o.status);
    /* The handle still closes normally and, being the driver's last reference, leaves the object to rtss. */
    ck_assert_uint_eq(rtk_close(drv, inst, h, &o), ST_STATUS_SUCCESS);
    ck_assert_uint_eq(obj->handle_count, 1);
    ck_assert_int_eq(findings.count, 0);
}
END_TEST

START_TEST(unmap_bad_address_reports_invalid_parameter) {
    uint64_t rloc, h, loc;
    rtss_create(K_PAGE_READWRITE, 8192, "buf", &rloc);
    uint64_t inst = attached(drv);
    sim_outcome o;
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_WRITE, "buf", &h, &loc, &o), ST_STATUS_SUCCESS);
    const uint64_t bad[] = {0, loc + 1, loc + 4096, loc + 8192, loc - 4096, rloc, UINT64_MAX, h};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_uint_eq(rtk_unmap(drv, inst, bad[i], &o), ST_STATUS_INVALID_PARAMETER);
        EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_UNMAP);
    }
    ck_assert_uint_eq(drv->as.count, 1);
    ck_assert(mem_write(drv, loc, "ok", 2, &o));
    /* Another driver cannot unmap drv's view either. */
    uint64_t inst2 = attached(drv2);
    ck_assert_uint_eq(rtk_unmap(drv2, inst2, loc, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_UNMAP);
    ck_assert_uint_eq(drv->as.count, 1);
}
END_TEST

/* ---- RTK.CLOSE.REFCOUNT, RTK.CLOSE.TWICE ---- */

START_TEST(close_then_close_again_reports_unsuccessful) {
    uint64_t rloc, h, loc;
    rtss_create(K_PAGE_READWRITE, 4096, "buf", &rloc);
    uint64_t inst = attached(drv);
    sim_outcome o;
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_WRITE, "buf", &h, &loc, &o), ST_STATUS_SUCCESS);
    ck_assert_uint_eq(rtk_unmap(drv, inst, loc, &o), ST_STATUS_SUCCESS);
    ck_assert_uint_eq(rtk_close(drv, inst, h, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_CLOSE_REFCOUNT);
    EXPECT_ALLOWED("RtkCloseHandle", o.status);
    ck_assert_uint_eq(drv->handles.open, 0);
    ck_assert_uint_eq(rtk_close(drv, inst, h, &o), ST_STATUS_UNSUCCESSFUL);
    EXPECT_NT(o, ST_STATUS_UNSUCCESSFUL, CL_RTK_CLOSE_TWICE);
    EXPECT_ALLOWED("RtkCloseHandle", o.status);
    ck_assert_uint_eq(sim_ns_lookup(&rtssk->ns, "buf")->handle_count, 1);
}
END_TEST

static const uint64_t never_open_handles[] = {0, 1, 0x4, 0x8, 0x40, UINT64_MAX};

START_TEST(close_handle_never_opened_reports_unsuccessful) {
    uint64_t rloc;
    uint64_t rh = rtss_create(K_PAGE_READWRITE, 4096, "buf", &rloc);
    ck_assert_uint_eq(rh, 0x4); /* rtss's 0x4 is not drv's */
    uint64_t inst = attached(drv);
    sim_outcome o;
    ck_assert_uint_eq(rtk_close(drv, inst, never_open_handles[_i], &o), ST_STATUS_UNSUCCESSFUL);
    EXPECT_NT(o, ST_STATUS_UNSUCCESSFUL, CL_RTK_CLOSE_TWICE);
    ck_assert_uint_eq(sim_ns_lookup(&rtssk->ns, "buf")->handle_count, 1);
}
END_TEST

START_TEST(object_lives_while_rtss_process_holds_a_handle) {
    uint64_t rloc, h, loc;
    uint64_t rh = rtss_create(K_PAGE_READWRITE, 4096, "buf", &rloc);
    uint64_t inst = attached(drv);
    sim_outcome o;
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_WRITE, "buf", &h, &loc, &o), ST_STATUS_SUCCESS);
    ck_assert(mem_write(drv, loc, "drv", 3, &o));
    ck_assert_uint_eq(rtk_unmap(drv, inst, loc, &o), ST_STATUS_SUCCESS);
    ck_assert_uint_eq(rtk_close(drv, inst, h, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_CLOSE_REFCOUNT);
    sim_object *obj = sim_ns_lookup(&rtssk->ns, "buf");
    ck_assert_ptr_nonnull(obj);
    ck_assert_uint_eq(obj->handle_count, 1);
    ck_assert_uint_eq(rtssk->memory_used_bytes, 4096);
    char buf[3];
    ck_assert(mem_read(rtss, rloc, buf, 3, &o));
    ck_assert_mem_eq(buf, "drv", 3);
    /* Reopen works and sees the same bytes. */
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_READ, "buf", &h, &loc, &o), ST_STATUS_SUCCESS);
    ck_assert(mem_read(drv, loc, buf, 3, &o));
    ck_assert_mem_eq(buf, "drv", 3);
    ck_assert_uint_eq(rtk_unmap(drv, inst, loc, &o), ST_STATUS_SUCCESS);
    ck_assert_uint_eq(rtk_close(drv, inst, h, &o), ST_STATUS_SUCCESS);
    /* rtss closes the last handle (after unmapping): destroyed, without findings. */
    ck_assert(sim_as_unmap(&rtss->as, rloc));
    o = unset();
    ck_assert(sim_rtx64_RtCloseHandle(rtss, rh, &o));
    EXPECT_WIN32(o, ST_ERROR_SUCCESS, CL_RTK_CLOSE_REFCOUNT);
    ck_assert_int_eq(findings.count, 0);
    ck_assert_ptr_null(sim_ns_lookup(&rtssk->ns, "buf"));
    ck_assert_uint_eq(rtssk->memory_used_bytes, 0);
    uint64_t h2 = NO_HANDLE;
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_READ, "buf", &h2, &loc, &o), ST_STATUS_UNSUCCESSFUL);
    EXPECT_NT(o, ST_STATUS_UNSUCCESSFUL, CL_RTK_OPEN_NOT_FOUND);
    ck_assert_uint_eq(h2, NO_HANDLE);
}
END_TEST

START_TEST(object_lives_while_driver_holds_a_handle_last_close_destroys) {
    /* RTK.CLOSE.REFCOUNT: the driver's handle keeps an object whose creator closed. */
    uint64_t rloc, h, loc;
    uint64_t rh = rtss_create(K_PAGE_READWRITE, 4096, "buf", &rloc);
    uint64_t inst = attached(drv);
    sim_outcome o;
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_WRITE, "buf", &h, &loc, &o), ST_STATUS_SUCCESS);
    ck_assert(mem_write(rtss, rloc, "rtss", 4, &o));
    ck_assert(sim_as_unmap(&rtss->as, rloc));
    o = unset();
    ck_assert(sim_rtx64_RtCloseHandle(rtss, rh, &o));
    sim_object *obj = sim_ns_lookup(&rtssk->ns, "buf");
    ck_assert_ptr_nonnull(obj);
    ck_assert_uint_eq(obj->handle_count, 1);
    char buf[4];
    ck_assert(mem_read(drv, loc, buf, 4, &o));
    ck_assert_mem_eq(buf, "rtss", 4);
    /* Another driver can still open it by name. */
    uint64_t inst2 = attached(drv2), h2, loc2;
    ck_assert_uint_eq(rtk_open(drv2, inst2, K_SHM_MAP_READ, "buf", &h2, &loc2, &o), ST_STATUS_SUCCESS);
    ck_assert_uint_eq(rtk_unmap(drv2, inst2, loc2, &o), ST_STATUS_SUCCESS);
    ck_assert_uint_eq(rtk_close(drv2, inst2, h2, &o), ST_STATUS_SUCCESS);
    /* The driver's last close (after RtkUnMapSharedMemory) destroys it. */
    ck_assert_uint_eq(rtk_unmap(drv, inst, loc, &o), ST_STATUS_SUCCESS);
    ck_assert_uint_eq(rtk_close(drv, inst, h, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_CLOSE_REFCOUNT);
    ck_assert_ptr_null(sim_ns_lookup(&rtssk->ns, "buf"));
    ck_assert_ptr_null(rtssk->first_object);
    ck_assert_uint_eq(rtssk->memory_used_bytes, 0);
    ck_assert_int_eq(findings.count, 0);
    uint64_t h3 = NO_HANDLE, loc3 = NO_LOCATION;
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_READ, "buf", &h3, &loc3, &o), ST_STATUS_UNSUCCESSFUL);
    EXPECT_NT(o, ST_STATUS_UNSUCCESSFUL, CL_RTK_OPEN_NOT_FOUND);
    ck_assert_uint_eq(h3, NO_HANDLE);
    ck_assert_uint_eq(loc3, NO_LOCATION);
    /* The name is free: a create makes a new, zeroed object. */
    ck_assert_uint_eq(rtk_create(drv, inst, K_PAGE_READWRITE, 4096, "buf", &h3, &loc3, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_CREATE_OK);
    ck_assert(reads_zero(drv, loc3, 4096));
}
END_TEST

/* ---- RTK.CLOSE.VIEWS_DIE ---- */

START_TEST(last_close_with_driver_view_left_reports_dangling_view) {
    uint64_t rloc, h, loc;
    uint64_t rh = rtss_create(K_PAGE_READWRITE, 4096, "buf", &rloc);
    uint64_t inst = attached(drv);
    sim_outcome o;
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_WRITE, "buf", &h, &loc, &o), ST_STATUS_SUCCESS);
    ck_assert(mem_write(drv, loc, "data", 4, &o));
    char expected[256];
    snprintf(expected, sizeof expected,
             "shared-memory object #%llu 'buf' destroyed when its last handle was closed (in process 'drv') "
             "while 1 view was still mapped; access through it faults",
             (unsigned long long)sim_ns_lookup(&rtssk->ns, "buf")->id);
    ck_assert(sim_as_unmap(&rtss->as, rloc));
    o = unset();
    ck_assert(sim_rtx64_RtCloseHandle(rtss, rh, &o));
    ck_assert_int_eq(findings.count, 0);
    /* The driver closes without RtkUnMapSharedMemory: the object dies under its view. */
    ck_assert_uint_eq(rtk_close(drv, inst, h, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_CLOSE_REFCOUNT);
    ck_assert_int_eq(findings.count, 1);
    ck_assert_str_eq(findings.kind[0], "dangling-view");
    ck_assert_str_eq(findings.clause[0], CL_RTK_CLOSE_VIEWS_DIE);
    ck_assert_ptr_nonnull(spec_clause_find(findings.clause[0]));
    ck_assert_str_eq(findings.detail[0], expected);
    ck_assert_ptr_null(sim_ns_lookup(&rtssk->ns, "buf"));
    ck_assert_uint_eq(rtssk->memory_used_bytes, 0);
    char buf[4] = {'x', 'x', 'x', 'x'};
    ck_assert(!mem_read(drv, loc, buf, 4, &o));
    EXPECT_MEM(o, ST_ACCESS_VIOLATION, CL_RTK_CLOSE_VIEWS_DIE);
    ck_assert_mem_eq(buf, "\0\0\0\0", 4);
    ck_assert(!mem_write(drv, loc, "more", 4, &o));
    EXPECT_MEM(o, ST_ACCESS_VIOLATION, CL_RTK_CLOSE_VIEWS_DIE);
    uint64_t h2 = NO_HANDLE, loc2;
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_READ, "buf", &h2, &loc2, &o), ST_STATUS_UNSUCCESSFUL);
    EXPECT_NT(o, ST_STATUS_UNSUCCESSFUL, CL_RTK_OPEN_NOT_FOUND);
    /* Unmapping the dead view is allowed and releases the object (LSan checks the free). */
    ck_assert_uint_eq(rtk_unmap(drv, inst, loc, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_UNMAP);
}
END_TEST

START_TEST(last_close_by_driver_kills_rtss_view) {
    /* The dead view can be another process's: rtss keeps its view but closed its handle. */
    uint64_t rloc, h, loc;
    uint64_t rh = rtss_create(K_PAGE_READWRITE, 4096, "buf", &rloc);
    uint64_t inst = attached(drv);
    sim_outcome o;
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_READ, "buf", &h, &loc, &o), ST_STATUS_SUCCESS);
    o = unset();
    ck_assert(sim_rtx64_RtCloseHandle(rtss, rh, &o));
    ck_assert_uint_eq(rtk_unmap(drv, inst, loc, &o), ST_STATUS_SUCCESS);
    ck_assert_uint_eq(rtk_close(drv, inst, h, &o), ST_STATUS_SUCCESS);
    ck_assert_int_eq(findings.count, 1);
    ck_assert_str_eq(findings.kind[0], "dangling-view");
    ck_assert_str_eq(findings.clause[0], CL_RTK_CLOSE_VIEWS_DIE);
    ck_assert_msg(strstr(findings.detail[0], "(in process 'drv')") && strstr(findings.detail[0], "1 view was"),
                  "detail: %s", findings.detail[0]);
    char c;
    ck_assert(!mem_read(rtss, rloc, &c, 1, &o));
    EXPECT_MEM(o, ST_ACCESS_VIOLATION, CL_RTK_CLOSE_VIEWS_DIE);
}
END_TEST

/* ---- RTK.CLOSE.PROCESS_EXIT, RTK.INSTANCE.GENERATION (a driver's instances die with it) ---- */

START_TEST(driver_exit_closes_handles_and_invalidates_instances) {
    uint64_t rloc, mine_loc;
    rtss_create(K_PAGE_READWRITE, 4096, "shared", &rloc);
    uint64_t inst = attached(drv);
    uint64_t inst_ex;
    sim_outcome o;
    ck_assert_uint_eq(attach_ex(drv, &inst_ex, &o), ST_STATUS_SUCCESS);
    uint64_t h1, l1, h2, l2, h3;
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_WRITE, "shared", &h1, &l1, &o), ST_STATUS_SUCCESS);
    ck_assert(mem_write(drv, l1, "bye", 3, &o));
    ck_assert_uint_eq(rtk_create(drv, inst_ex, K_PAGE_READWRITE, 8192, "mine", &h2, &l2, &o), ST_STATUS_SUCCESS);
    ck_assert_uint_eq(rtk_create(drv, inst_ex, K_PAGE_READWRITE, 4096, "mine", &h3, &mine_loc, &o), ST_STATUS_SUCCESS);
    ck_assert_uint_eq(rtk_unmap(drv, inst, mine_loc, &o), ST_STATUS_SUCCESS); /* 3 handles, 2 views */
    ck_assert_uint_eq(rtssk->memory_used_bytes, 12 * KiB);

    o = unset();
    sim_process_exit(drv, &o);
    ck_assert_int_eq(o.family, SPEC_FAMILY_SIM);
    ck_assert_uint_eq(o.status, ST_OK);
    ck_assert_str_eq(o.clause, CL_SIM_PROCESS_EXIT);
    ck_assert(drv->exited);
    ck_assert_uint_eq(drv->handles.open, 0);
    ck_assert_uint_eq(drv->as.count, 0);
    ck_assert_int_eq(findings.count, 1);
    ck_assert_str_eq(findings.kind[0], "handles-closed-at-exit");
    ck_assert_str_eq(findings.clause[0], CL_RTK_CLOSE_PROCESS_EXIT);
    ck_assert_ptr_nonnull(spec_clause_find(findings.clause[0]));
    ck_assert_str_eq(findings.detail[0],
                     "process 'drv' exited with 3 open handles and 2 mapped views; the system closed them");
    /* "mine" had only the driver's handles: destroyed; "shared" lives on in rtss with the driver's bytes. */
    ck_assert_ptr_null(sim_ns_lookup(&rtssk->ns, "mine"));
    sim_object *shared = sim_ns_lookup(&rtssk->ns, "shared");
    ck_assert_uint_eq(shared->handle_count, 1);
    ck_assert_uint_eq(shared->view_count, 1);
    ck_assert_uint_eq(rtssk->memory_used_bytes, 4096);
    char buf[3];
    ck_assert(mem_read(rtss, rloc, buf, 3, &o));
    ck_assert_mem_eq(buf, "bye", 3);
    /* Its instances are gone (RTK.INSTANCE.GENERATION: "a driver's instances die with it"). */
    for (int i = 0; i < sim_rtk_instance_count(drv); i++) ck_assert(!sim_rtk_instance(drv, i)->attached);
    uint64_t h = NO_HANDLE, loc = NO_LOCATION;
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_READ, "shared", &h, &loc, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_OPEN_BAD_INSTANCE);
    ck_assert_uint_eq(rtk_open(drv, inst_ex, K_SHM_MAP_READ, "shared", &h, &loc, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_OPEN_BAD_INSTANCE);
    o = unset();
    ck_assert_uint_eq(sim_rtk_RtkRtssDetach(drv, inst_ex, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_DETACH);
    ck_assert_uint_eq(h, NO_HANDLE);
    /* An exited driver's Ex instance gets no shutdown callback when the RTSS stops. */
    sim_kernel_stop(w, rtssk, &o);
    sim_event ev;
    ck_assert(!sim_world_next_notification(w, &ev));
    /* Exit is idempotent. */
    int before = findings.count;
    sim_process_exit(drv, &o);
    ck_assert_int_eq(findings.count, before);
}
END_TEST

START_TEST(driver_exit_destroying_object_viewed_elsewhere_reports_dangling_view) {
    /* RTK.CLOSE.PROCESS_EXIT + RTK.CLOSE.VIEWS_DIE: the driver held the last handle; rtss kept a view. */
    uint64_t rloc, h, loc;
    uint64_t rh = rtss_create(K_PAGE_READWRITE, 4096, "buf", &rloc);
    uint64_t inst = attached(drv);
    sim_outcome o;
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_WRITE, "buf", &h, &loc, &o), ST_STATUS_SUCCESS);
    o = unset();
    ck_assert(sim_rtx64_RtCloseHandle(rtss, rh, &o));
    sim_process_exit(drv, &o);
    ck_assert_int_eq(findings.count, 2);
    ck_assert_str_eq(findings.kind[0], "dangling-view");
    ck_assert_str_eq(findings.clause[0], CL_RTK_CLOSE_VIEWS_DIE);
    ck_assert_msg(strstr(findings.detail[0], "(in process 'drv')") && strstr(findings.detail[0], "1 view was"),
                  "detail: %s", findings.detail[0]);
    ck_assert_str_eq(findings.kind[1], "handles-closed-at-exit");
    ck_assert_str_eq(findings.clause[1], CL_RTK_CLOSE_PROCESS_EXIT);
    ck_assert_str_eq(findings.detail[1],
                     "process 'drv' exited with 1 open handle and 1 mapped view; the system closed them");
    char c;
    ck_assert(!mem_read(rtss, rloc, &c, 1, &o));
    EXPECT_MEM(o, ST_ACCESS_VIOLATION, CL_RTK_CLOSE_VIEWS_DIE);
}
END_TEST

START_TEST(driver_exit_without_handles_reports_nothing) {
    uint64_t inst = attached(drv);
    sim_outcome o;
    sim_process_exit(drv, &o);
    ck_assert_int_eq(findings.count, 0);
    ck_assert(!sim_rtk_instance(drv, 0)->attached);
    uint64_t h, loc;
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_READ, "x", &h, &loc, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_OPEN_BAD_INSTANCE);
    /* drv2 is untouched and gets the next value. */
    ck_assert_uint_eq(attached(drv2), INST2);
}
END_TEST

START_TEST(handles_are_per_driver) {
    uint64_t rloc, h, loc;
    rtss_create(K_PAGE_READWRITE, 4096, "buf", &rloc);
    uint64_t inst = attached(drv);
    uint64_t inst2 = attached(drv2);
    sim_outcome o;
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_WRITE, "buf", &h, &loc, &o), ST_STATUS_SUCCESS);
    ck_assert_uint_eq(h, 0x4);
    ck_assert_uint_eq(rtk_close(drv2, inst2, h, &o), ST_STATUS_UNSUCCESSFUL);
    EXPECT_NT(o, ST_STATUS_UNSUCCESSFUL, CL_RTK_CLOSE_TWICE);
    ck_assert_uint_eq(sim_ns_lookup(&rtssk->ns, "buf")->handle_count, 2);
    /* drv's pointer means nothing in drv2. */
    char c;
    ck_assert(!mem_read(drv2, loc, &c, 1, &o));
    EXPECT_MEM(o, ST_ACCESS_VIOLATION, CL_MEM_VIEW_OUTSIDE);
    /* drv2's own open gets its own first handle value and its own window. */
    uint64_t h2, loc2;
    ck_assert_uint_eq(rtk_open(drv2, inst2, K_SHM_MAP_WRITE, "buf", &h2, &loc2, &o), ST_STATUS_SUCCESS);
    ck_assert_uint_eq(h2, 0x4);
    ck_assert_uint_eq(loc2, DRV2_BASE);
    /* Closed values are reused, last closed first. */
    uint64_t h3, loc3;
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_WRITE, "buf", &h3, &loc3, &o), ST_STATUS_SUCCESS);
    ck_assert_uint_eq(h3, 0x8);
    ck_assert_uint_eq(loc3, DRV_BASE + 4096);
    ck_assert_uint_eq(rtk_close(drv, inst, h, &o), ST_STATUS_SUCCESS);
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_WRITE, "buf", &h, &loc, &o), ST_STATUS_SUCCESS);
    ck_assert_uint_eq(h, 0x4);
    ck_assert_uint_eq(loc, DRV_BASE + 8192); /* the first view is still mapped */
}
END_TEST

Suite *rtk_suite(void) {
    Suite *s = suite_create("rtk");
    TCase *tc = tcase_create("attach");
    tcase_add_checked_fixture(tc, world_setup, world_teardown);
    tcase_add_test(tc, attach_values_are_unique_in_the_world);
    tcase_add_test(tc, attach_accepts_any_positive_max_wfso);
    tcase_add_loop_test(tc, attach_bad_params_report_invalid_parameter, 0,
                        (int)(sizeof bad_attaches / sizeof bad_attaches[0]));
    tcase_add_test(tc, attach_with_rtss_stopped_reports_no_such_device);
    tcase_add_test(tc, attach_on_node_without_rtss_reports_no_such_device);
    tcase_add_test(tc, detach_then_use_reports_invalid_parameter);
    tcase_add_test(tc, detach_keeps_handles_and_views);
    tcase_add_loop_test(tc, garbage_instance_reports_bad_instance, 0,
                        (int)(sizeof garbage_instances / sizeof garbage_instances[0]));
    tcase_add_test(tc, never_attached_driver_reports_bad_instance);
    tcase_add_test(tc, another_drivers_instance_opens_but_does_not_close_or_detach);
    suite_add_tcase(s, tc);

    tc = tcase_create("open");
    tcase_add_checked_fixture(tc, world_setup, world_teardown);
    tcase_add_test(tc, open_write_gives_read_write_view_shared_with_rtss);
    tcase_add_test(tc, open_all_access_gives_read_write_view);
    tcase_add_test(tc, open_of_windows_created_object_is_shared);
    tcase_add_loop_test(tc, open_read_gives_read_only_view, 0, (int)(sizeof read_protects / sizeof read_protects[0]));
    tcase_add_loop_test(tc, open_write_on_read_only_object_reports_invalid_parameter, 0,
                        (int)(sizeof write_accesses / sizeof write_accesses[0]));
    tcase_add_test(tc, open_null_handle_pointer_reports_invalid_parameter);
    tcase_add_loop_test(tc, open_bad_arguments_report_invalid_parameter, 0,
                        (int)(sizeof bad_opens / sizeof bad_opens[0]));
    tcase_add_loop_test(tc, open_name_of_260_chars_works_261_fails, 0, (int)(sizeof name_units / sizeof name_units[0]));
    tcase_add_loop_test(tc, open_name_with_backslash_reports_invalid_parameter, 0,
                        (int)(sizeof backslash_names / sizeof backslash_names[0]));
    tcase_add_loop_test(tc, open_other_case_or_missing_name_reports_unsuccessful, 0,
                        (int)(sizeof missing_names / sizeof missing_names[0]));
    tcase_add_test(tc, open_in_empty_namespace_reports_unsuccessful);
    tcase_add_loop_test(tc, open_sync_object_name_reports_invalid_handle, 0, 3);
    tcase_add_test(tc, open_inherit_true_or_false_gives_same_result);
    tcase_add_test(tc, open_view_beyond_va_limit_reports_no_memory_and_changes_nothing);
    suite_add_tcase(s, tc);

    tc = tcase_create("create");
    tcase_add_checked_fixture(tc, world_setup, world_teardown);
    tcase_add_test(tc, create_new_object);
    tcase_add_test(tc, create_ignores_protect_and_gives_read_write_view);
    tcase_add_test(tc, create_existing_opens_it_with_creator_size_and_protection);
    tcase_add_loop_test(tc, create_name_of_sync_object_reports_invalid_handle, 0, 3);
    tcase_add_loop_test(tc, create_rejected_reports_clause_and_creates_nothing, 0,
                        (int)(sizeof create_rejects / sizeof create_rejects[0]));
    tcase_add_test(tc, create_exhausts_rtss_memory_then_succeeds_after_close);
    tcase_add_test(tc, create_unnamed_twice_gives_distinct_objects);
    tcase_add_test(tc, create_view_beyond_va_limit_reports_no_memory_and_creates_nothing);
    suite_add_tcase(s, tc);

    tc = tcase_create("close");
    tcase_add_checked_fixture(tc, world_setup, world_teardown);
    tcase_add_test(tc, unmap_then_access_faults);
    tcase_add_test(tc, unmap_bad_address_reports_invalid_parameter);
    tcase_add_test(tc, close_then_close_again_reports_unsuccessful);
    tcase_add_loop_test(tc, close_handle_never_opened_reports_unsuccessful, 0,
                        (int)(sizeof never_open_handles / sizeof never_open_handles[0]));
    tcase_add_test(tc, object_lives_while_rtss_process_holds_a_handle);
    tcase_add_test(tc, object_lives_while_driver_holds_a_handle_last_close_destroys);
    tcase_add_test(tc, last_close_with_driver_view_left_reports_dangling_view);
    tcase_add_test(tc, last_close_by_driver_kills_rtss_view);
    tcase_add_test(tc, driver_exit_closes_handles_and_invalidates_instances);
    tcase_add_test(tc, driver_exit_destroying_object_viewed_elsewhere_reports_dangling_view);
    tcase_add_test(tc, driver_exit_without_handles_reports_nothing);
    tcase_add_test(tc, handles_are_per_driver);
    suite_add_tcase(s, tc);
    return s;
}
