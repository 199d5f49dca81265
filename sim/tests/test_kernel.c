/* sim/tests/test_kernel.c — kernel.stop and kernel.start on the model (sim_kernel_stop,
 * sim_kernel_start): SIM.KERNEL.STOP, SIM.KERNEL.START, SIM.KERNEL.STOPPED, RTK.ATTACH.EX_CALLBACK
 * (shutdown notifications), RTK.INSTANCE.GENERATION and RTK.ATTACH.NO_RTSS, for the rtx64 kernel
 * (RTSS) and an INtime kernel. Every outcome's status and clause string is asserted and the clause is
 * checked against the spec catalogue; findings are asserted with their exact detail.
 *
 * World (fixture TOPO_RTSS_HOST in sim_test.h): node 'host' (Windows, va_limit 128 TiB) with an rtx64
 * kernel 'RTSS' (64 MiB of memory) and an INtime kernel 'NodeA' (16 MiB pool), added before the processes.
 * Processes, in index order: 'rtss' (SIM_PROC_RT in RTSS), 'win' (SIM_PROC_WINDOWS, iwin32x kernel NodeA,
 * RTX64 calls reach RTSS), 'drv' and 'drv2' (SIM_PROC_DRIVER on host). Findings go to a sink that copies
 * them.
 *
 * The teardown frees the world under ASan/LSan, so tests that leave zombie objects behind (destroyed by
 * a stop but still held by handles or views) check that nothing leaks or is freed twice. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/iwin32.h"
#include "sim/mem.h"
#include "sim/rtk.h"
#include "sim/rtx64.h"
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
#define INST(n) (SIM_RTSSINST_BASE + 0x10 * (uint64_t)(n)) /* the n-th RTSSINST handed out in the world */
#define NO_LOCATION 0xBADBADBADull
#define NO_HANDLE 0xFEEDull

/* ---- fixture ---- */

/* The world of the header comment, seed 2024: RTSS_HOST_FIXTURE (sim_test.h) defines w, host, rtssk,
 * nodeA, rtss, win, drv, drv2, findings, world_setup and world_teardown. */
RTSS_HOST_FIXTURE(2024)

/* ---- helpers ---- */

/* Outcomes are asserted with EXPECT_WIN32 / EXPECT_NT / EXPECT_SIM, allowed statuses with
 * EXPECT_ALLOWED_IN and findings with EXPECT_FINDING (sim_test.h). */

static void stop(sim_kernel *k) {
    sim_outcome o = unset();
    sim_kernel_stop(w, k, &o);
    EXPECT_SIM(o, ST_OK, CL_SIM_KERNEL_STOP);
}

static void start(sim_kernel *k) {
    sim_outcome o = unset();
    sim_kernel_start(w, k, &o);
    EXPECT_SIM(o, ST_OK, CL_SIM_KERNEL_START);
}

/* An RTX64 shared memory object created by p (must succeed). */
static uint64_t rt_create(sim_process *p, uint32_t protect, uint32_t size, const char *name, uint64_t *loc) {
    sim_outcome o = unset();
    uint64_t h = sim_rtx64_RtCreateSharedMemory(p, protect, 0, size, name, loc, &o);
    ck_assert_msg(h != 0, "create '%s' failed: %u %s", name ? name : "(null)", o.status, o.clause);
    return h;
}

static uint64_t rt_open(sim_process *p, uint32_t access, const char *name, uint64_t *loc) {
    sim_outcome o = unset();
    uint64_t h = sim_rtx64_RtOpenSharedMemory(p, access, false, name, loc, &o);
    ck_assert_msg(h != 0, "open '%s' failed: %u %s", name, o.status, o.clause);
    return h;
}

static uint64_t attach(sim_process *p, bool ex) {
    uint64_t inst = 0;
    sim_outcome o = unset();
    uint32_t st = ex ? sim_rtk_RtkRtssAttachEx(p, 1, &inst, &o) : sim_rtk_RtkRtssAttach(p, 1, &inst, &o);
    ck_assert_uint_eq(st, ST_STATUS_SUCCESS);
    return inst;
}

static uint32_t rtk_open(sim_process *p, uint64_t inst, uint32_t access, const char *name, uint64_t *h,
                         uint64_t *loc, sim_outcome *o) {
    *o = unset();
    return sim_rtk_RtkOpenSharedMemory(p, inst, h, access, false, name, loc, o);
}

static uint32_t rtk_create(sim_process *p, uint64_t inst, uint32_t size, const char *name, uint64_t *h,
                           uint64_t *loc, sim_outcome *o) {
    *o = unset();
    return sim_rtk_RtkCreateSharedMemory(p, inst, h, K_PAGE_READWRITE, 0, size, name, loc, o);
}

/* A read of one byte at va in p must fault with clause cl. */
#define EXPECT_FAULT(p, va, cl)                                                                    \
    do {                                                                                           \
        char c_ = 'x';                                                                             \
        sim_outcome o_ = unset();                                                                  \
        ck_assert(!sim_mem_read((p), (va), 1, &c_, &o_));                                          \
        EXPECT_SIM(o_, ST_ACCESS_VIOLATION, (cl));                                                 \
        o_ = unset();                                                                              \
        ck_assert(!sim_mem_write((p), (va), "y", 1, &o_));                                         \
        EXPECT_SIM(o_, ST_ACCESS_VIOLATION, (cl));                                                 \
    } while (0)

/* Pops every queued notification into notes[]; returns how many. */
static int drain(sim_event *notes, int cap) {
    int n = 0;
    sim_event ev;
    while (sim_world_next_notification(w, &ev)) {
        ck_assert_int_lt(n, cap);
        notes[n++] = ev;
    }
    return n;
}

#define EXPECT_NOTE(ev, proc, inst_index)                                                          \
    do {                                                                                           \
        ck_assert_int_eq((ev).type, SIM_NOTE_RTSS_SHUTDOWN);                                       \
        ck_assert_int_eq((ev).a, (proc)->index);                                                   \
        ck_assert_int_eq((ev).b, (inst_index));                                                    \
        ck_assert_uint_eq((ev).vtime_us, w->vtime_us);                                             \
    } while (0)

/* ---- SIM.KERNEL.STOP (RTSS) ---- */

START_TEST(stop_rtss_terminates_rt_processes_and_destroys_objects) {
    uint64_t a_loc, b_loc, u_loc, wa_loc, wo_loc, da_loc, dh;
    rt_create(rtss, K_PAGE_READWRITE, 8 * KiB, "A", &a_loc);
    rt_create(rtss, K_PAGE_READWRITE, 4 * KiB, "B", &b_loc);
    sim_outcome o = unset();
    ck_assert_uint_ne(sim_rtx64_RtCreateEvent(rtss, false, false, "E", &o), 0);
    rt_create(rtss, K_PAGE_READONLY, 4 * KiB, NULL, &u_loc);
    ck_assert(sim_mem_write(rtss, a_loc, "live", 4, &o));
    uint64_t wa = rt_open(win, K_SHM_MAP_WRITE, "A", &wa_loc);
    uint64_t wo = rt_create(win, K_PAGE_READWRITE, 4 * KiB, "WinObj", &wo_loc);
    uint64_t inst = attach(drv, false);
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_READ, "A", &dh, &da_loc, &o), ST_STATUS_SUCCESS);
    ck_assert_uint_eq(rtssk->memory_used_bytes, 20 * KiB);
    ck_assert_int_eq(findings.count, 0);

    stop(rtssk);
    ck_assert(!rtssk->running);
    /* Its rt process terminated as at process.exit. */
    ck_assert(rtss->exited);
    ck_assert_uint_eq(rtss->handles.open, 0);
    ck_assert_uint_eq(rtss->as.count, 0);
    ck_assert_int_eq(findings.count, 2);
    EXPECT_FINDING(0, "handles-closed-at-exit", CL_RTK_CLOSE_PROCESS_EXIT,
                   "process 'rtss' exited with 4 open handles and 3 mapped views; the system closed them");
    /* B, E and the unnamed object went with rtss; A (win, drv) and WinObj (win) went with the kernel. */
    EXPECT_FINDING(1, "kernel-stopped", CL_SIM_KERNEL_STOP,
                   "kernel 'RTSS' stopped: 1 process terminated, 5 objects destroyed while other processes still "
                   "held 3 handles and 3 views on them; 0 shutdown callbacks queued");
    /* Every object is gone: namespace empty, memory back, list empty. */
    const char *names[] = {"A", "B", "E", "WinObj"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) ck_assert_ptr_null(sim_ns_lookup(&rtssk->ns, names[i]));
    ck_assert_ptr_null(rtssk->first_object);
    ck_assert_uint_eq(rtssk->memory_used_bytes, 0);
    /* Windows and driver views fault, citing the stop. */
    EXPECT_FAULT(win, wa_loc, CL_SIM_KERNEL_STOP);
    EXPECT_FAULT(win, wo_loc, CL_SIM_KERNEL_STOP);
    EXPECT_FAULT(drv, da_loc, CL_SIM_KERNEL_STOP);
    /* Their handles are still in their tables (stale) until closed. */
    ck_assert_uint_eq(win->handles.open, 2);
    ck_assert_uint_eq(drv->handles.open, 1);
    o = unset();
    ck_assert(sim_rtx64_RtCloseHandle(win, wa, &o));
    EXPECT_WIN32(o, ST_ERROR_SUCCESS, CL_RTK_CLOSE_REFCOUNT);
    o = unset();
    ck_assert(sim_rtx64_RtCloseHandle(win, wo, &o));
    EXPECT_WIN32(o, ST_ERROR_SUCCESS, CL_RTK_CLOSE_REFCOUNT);
    EXPECT_FAULT(win, wa_loc, CL_SIM_KERNEL_STOP); /* the views stay dead */
    ck_assert_int_eq(findings.count, 2);          /* closing a zombie reports no dangling view */
    /* A plain RtkRtssAttach instance queues nothing. */
    sim_event ev;
    ck_assert(!sim_world_next_notification(w, &ev));
    /* The other kernel is untouched. */
    ck_assert(nodeA->running);
}
END_TEST

START_TEST(stop_terminates_every_rt_process_of_that_kernel_only) {
    sim_process *rtss2 = sim_world_add_process(w, "rtss2", SIM_PROC_RT, host, rtssk);
    sim_process *nrt = sim_world_add_process(w, "nrt", SIM_PROC_RT, host, nodeA);
    uint64_t loc;
    rt_create(rtss2, K_PAGE_READWRITE, 4096, "two", &loc);
    stop(rtssk);
    ck_assert(rtss->exited);
    ck_assert(rtss2->exited);
    ck_assert(!nrt->exited);
    ck_assert(!win->exited);
    ck_assert(!drv->exited);
    ck_assert_int_eq(findings.count, 2);
    EXPECT_FINDING(0, "handles-closed-at-exit", CL_RTK_CLOSE_PROCESS_EXIT,
                   "process 'rtss2' exited with 1 open handle and 1 mapped view; the system closed them");
    EXPECT_FINDING(1, "kernel-stopped", CL_SIM_KERNEL_STOP,
                   "kernel 'RTSS' stopped: 2 processes terminated, 1 object destroyed while other processes still "
                   "held 0 handles and 0 views on them; 0 shutdown callbacks queued");
}
END_TEST

START_TEST(stop_after_rt_exit_left_a_view_reports_dangling_view_first) {
    /* win closed its handle but kept its view; rtss's termination closes the last handle. */
    uint64_t rloc, wloc;
    rt_create(rtss, K_PAGE_READWRITE, 4096, "D", &rloc);
    uint64_t id = sim_ns_lookup(&rtssk->ns, "D")->id;
    uint64_t wh = rt_open(win, K_SHM_MAP_READ, "D", &wloc);
    sim_outcome o = unset();
    ck_assert(sim_rtx64_RtCloseHandle(win, wh, &o));
    stop(rtssk);
    ck_assert_int_eq(findings.count, 3);
    char expected[256];
    snprintf(expected, sizeof expected,
             "shared-memory object #%llu 'D' destroyed when its last handle was closed (in process 'rtss') while 1 "
             "view was still mapped; access through it faults",
             (unsigned long long)id);
    EXPECT_FINDING(0, "dangling-view", CL_RTK_CLOSE_VIEWS_DIE, expected);
    EXPECT_FINDING(1, "handles-closed-at-exit", CL_RTK_CLOSE_PROCESS_EXIT,
                   "process 'rtss' exited with 1 open handle and 1 mapped view; the system closed them");
    EXPECT_FINDING(2, "kernel-stopped", CL_SIM_KERNEL_STOP,
                   "kernel 'RTSS' stopped: 1 process terminated, 1 object destroyed while other processes still "
                   "held 0 handles and 0 views on them; 0 shutdown callbacks queued");
    /* The object died during the stop: the view's fault cites the stop. */
    EXPECT_FAULT(win, wloc, CL_SIM_KERNEL_STOP);
    o = unset();
    ck_assert(sim_iwin32_RtUnmapSharedMemory(win, wloc, &o)); /* releases the zombie */
}
END_TEST

/* ---- RTK.ATTACH.EX_CALLBACK: shutdown notifications ---- */

START_TEST(stop_queues_one_shutdown_note_per_live_ex_instance) {
    ck_assert_uint_eq(attach(drv, true), INST(1));  /* drv #0: Ex */
    ck_assert_uint_eq(attach(drv, false), INST(2)); /* drv #1: plain */
    ck_assert_uint_eq(attach(drv, true), INST(3));  /* drv #2: Ex, detached below */
    ck_assert_uint_eq(attach(drv, true), INST(4));  /* drv #3: Ex */
    ck_assert_uint_eq(attach(drv2, false), INST(5)); /* drv2 #0: plain */
    ck_assert_uint_eq(attach(drv2, true), INST(6));  /* drv2 #1: Ex */
    sim_outcome o = unset();
    ck_assert_uint_eq(sim_rtk_RtkRtssDetach(drv, INST(3), &o), ST_STATUS_SUCCESS);
    sim_event ev;
    ck_assert(!sim_world_next_notification(w, &ev)); /* nothing before the stop */

    stop(rtssk);
    ck_assert_int_eq(findings.count, 1);
    EXPECT_FINDING(0, "kernel-stopped", CL_SIM_KERNEL_STOP,
                   "kernel 'RTSS' stopped: 1 process terminated, 0 objects destroyed while other processes still "
                   "held 0 handles and 0 views on them; 3 shutdown callbacks queued");
    sim_event notes[8];
    ck_assert_int_eq(drain(notes, 8), 3);
    EXPECT_NOTE(notes[0], drv, 0);
    EXPECT_NOTE(notes[1], drv, 3);
    EXPECT_NOTE(notes[2], drv2, 1);
    ck_assert(!sim_world_next_notification(w, &ev));
    /* A second stop of a stopped kernel queues nothing more. */
    stop(rtssk);
    ck_assert(!sim_world_next_notification(w, &ev));
    ck_assert_int_eq(findings.count, 1);
    /* Stopping the INtime kernel queues nothing: callbacks belong to RTSS instances. */
    stop(nodeA);
    ck_assert(!sim_world_next_notification(w, &ev));
}
END_TEST

START_TEST(stop_queues_nothing_for_plain_or_detached_instances) {
    attach(drv, false);
    uint64_t ex = attach(drv2, true);
    sim_outcome o = unset();
    ck_assert_uint_eq(sim_rtk_RtkRtssDetach(drv2, ex, &o), ST_STATUS_SUCCESS);
    stop(rtssk);
    sim_event ev;
    ck_assert(!sim_world_next_notification(w, &ev));
    ck_assert_msg(strstr(findings.detail[findings.count - 1], "; 0 shutdown callbacks queued") != NULL, "detail: %s",
                  findings.detail[findings.count - 1]);
}
END_TEST

/* ---- SIM.KERNEL.STOPPED (Windows calls), RTK.OPEN.NO_SUCH_DEVICE (driver calls) ---- */

START_TEST(windows_rtx64_calls_while_stopped_report_not_ready) {
    uint64_t wloc;
    uint64_t wh = rt_create(win, K_PAGE_READWRITE, 4096, "W", &wloc);
    sim_outcome o = unset();
    uint64_t we = sim_rtx64_RtCreateEvent(win, false, false, "WE", &o);
    ck_assert_uint_ne(we, 0);
    stop(rtssk);

    uint64_t loc = NO_LOCATION;
    o = unset();
    ck_assert_uint_eq(sim_rtx64_RtCreateSharedMemory(win, K_PAGE_READWRITE, 0, 4096, "New", &loc, &o), 0);
    EXPECT_WIN32(o, ST_ERROR_NOT_READY, CL_SIM_KERNEL_STOPPED);
    EXPECT_ALLOWED_IN(SPEC_API_RTX64, SPEC_FAMILY_WIN32, "RtCreateSharedMemory", o.status);
    ck_assert_uint_eq(win->last_error, 21);
    o = unset();
    ck_assert_uint_eq(sim_rtx64_RtCreateSharedMemory(win, K_PAGE_READWRITE, 0, 4096, "W", NULL, &o), 0);
    EXPECT_WIN32(o, ST_ERROR_NOT_READY, CL_SIM_KERNEL_STOPPED); /* the kernel is checked first */
    o = unset();
    ck_assert_uint_eq(sim_rtx64_RtOpenSharedMemory(win, K_SHM_MAP_READ, false, "W", &loc, &o), 0);
    EXPECT_WIN32(o, ST_ERROR_NOT_READY, CL_SIM_KERNEL_STOPPED);
    EXPECT_ALLOWED_IN(SPEC_API_RTX64, SPEC_FAMILY_WIN32, "RtOpenSharedMemory", o.status);
    o = unset();
    ck_assert_uint_eq(sim_rtx64_RtCreateEvent(win, false, false, "E2", &o), 0);
    EXPECT_WIN32(o, ST_ERROR_NOT_READY, CL_SIM_KERNEL_STOPPED);
    EXPECT_ALLOWED_IN(SPEC_API_RTX64, SPEC_FAMILY_WIN32, "RtCreateEvent", o.status);
    o = unset();
    ck_assert_uint_eq(sim_rtx64_RtCreateMutex(win, false, NULL, &o), 0);
    EXPECT_WIN32(o, ST_ERROR_NOT_READY, CL_SIM_KERNEL_STOPPED);
    EXPECT_ALLOWED_IN(SPEC_API_RTX64, SPEC_FAMILY_WIN32, "RtCreateMutex", o.status);
    o = unset();
    ck_assert_uint_eq(sim_rtx64_RtCreateSemaphore(win, 0, 1, "S", &o), 0);
    EXPECT_WIN32(o, ST_ERROR_NOT_READY, CL_SIM_KERNEL_STOPPED);
    EXPECT_ALLOWED_IN(SPEC_API_RTX64, SPEC_FAMILY_WIN32, "RtCreateSemaphore", o.status);
    ck_assert_uint_eq(loc, NO_LOCATION);
    ck_assert_uint_eq(win->handles.open, 2);
    /* GetLastError still answers. */
    o = unset();
    ck_assert_uint_eq(sim_rtx64_GetLastError(win, &o), ST_ERROR_NOT_READY);
    EXPECT_WIN32(o, ST_ERROR_SUCCESS, CL_RTX64_LASTERROR);
    /* RtCloseHandle still closes the handles (SIM.KERNEL.STOPPED), and only once. */
    o = unset();
    ck_assert(sim_rtx64_RtCloseHandle(win, wh, &o));
    EXPECT_WIN32(o, ST_ERROR_SUCCESS, CL_RTK_CLOSE_REFCOUNT);
    o = unset();
    ck_assert(sim_rtx64_RtCloseHandle(win, we, &o));
    EXPECT_WIN32(o, ST_ERROR_SUCCESS, CL_RTK_CLOSE_REFCOUNT);
    o = unset();
    ck_assert(!sim_rtx64_RtCloseHandle(win, wh, &o));
    EXPECT_WIN32(o, ST_ERROR_INVALID_HANDLE, CL_RTX64_CLOSE);
    ck_assert_uint_eq(win->handles.open, 0);
    EXPECT_FAULT(win, wloc, CL_SIM_KERNEL_STOP);
    /* win's iwin32x calls reach NodeA, which runs. */
    o = unset();
    ck_assert_uint_ne(sim_iwin32_RtCreateSharedMemory(win, K_PAGE_READWRITE, 0, 4096, "New", &loc, &o), 0);
    EXPECT_WIN32(o, ST_ERROR_SUCCESS, CL_IWIN32_CREATE_OK);
    /* The terminated RTSS process gets ERROR_NOT_READY too. */
    o = unset();
    ck_assert_uint_eq(sim_rtx64_RtCreateSharedMemory(rtss, K_PAGE_READWRITE, 0, 4096, "R", &loc, &o), 0);
    EXPECT_WIN32(o, ST_ERROR_NOT_READY, CL_SIM_KERNEL_STOPPED);
}
END_TEST

START_TEST(stopped_kernel_check_comes_before_semaphore_counts) {
    /* SIM.KERNEL.STOPPED comes first in the creating calls (rtx64.c's header): bad counts while the
     * RTSS is stopped give ERROR_NOT_READY. */
    stop(rtssk);
    sim_outcome o = unset();
    ck_assert_uint_eq(sim_rtx64_RtCreateSemaphore(win, 2, 1, "S", &o), 0);
    EXPECT_WIN32(o, ST_ERROR_NOT_READY, CL_SIM_KERNEL_STOPPED);
}
END_TEST

START_TEST(driver_calls_while_stopped_report_no_such_device) {
    uint64_t rloc, h, loc;
    rt_create(rtss, K_PAGE_READWRITE, 4096, "A", &rloc);
    uint64_t inst = attach(drv, false);
    sim_outcome o;
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_WRITE, "A", &h, &loc, &o), ST_STATUS_SUCCESS);
    ck_assert(sim_mem_write(drv, loc, "d", 1, &o));
    stop(rtssk);

    uint64_t h2 = NO_HANDLE, loc2 = NO_LOCATION;
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_WRITE, "A", &h2, &loc2, &o), ST_STATUS_NO_SUCH_DEVICE);
    EXPECT_NT(o, ST_STATUS_NO_SUCH_DEVICE, CL_RTK_OPEN_NO_SUCH_DEVICE);
    EXPECT_ALLOWED_IN(SPEC_API_RTK, SPEC_FAMILY_NTSTATUS, "RtkOpenSharedMemory", o.status);
    ck_assert_uint_eq(rtk_create(drv, inst, 4096, "B", &h2, &loc2, &o), ST_STATUS_NO_SUCH_DEVICE);
    EXPECT_NT(o, ST_STATUS_NO_SUCH_DEVICE, CL_RTK_OPEN_NO_SUCH_DEVICE);
    EXPECT_ALLOWED_IN(SPEC_API_RTK, SPEC_FAMILY_NTSTATUS, "RtkCreateSharedMemory", o.status);
    ck_assert_uint_eq(h2, NO_HANDLE);
    ck_assert_uint_eq(loc2, NO_LOCATION);
    /* Stopped-RTSS status is not given to a value that was never an instance: that is checked first. */
    ck_assert_uint_eq(rtk_open(drv, 0x1234, K_SHM_MAP_WRITE, "A", &h2, &loc2, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_OPEN_BAD_INSTANCE);
    /* another driver's live instance is valid (RTK.OPEN.BAD_INSTANCE): it too meets the stopped RTSS */
    ck_assert_uint_eq(rtk_open(drv2, inst, K_SHM_MAP_WRITE, "A", &h2, &loc2, &o), ST_STATUS_NO_SUCH_DEVICE);
    EXPECT_NT(o, ST_STATUS_NO_SUCH_DEVICE, CL_RTK_OPEN_NO_SUCH_DEVICE);
    /* New attaches fail (RTK.ATTACH.NO_RTSS). */
    uint64_t inst2 = 0;
    o = unset();
    ck_assert_uint_eq(sim_rtk_RtkRtssAttach(drv2, 1, &inst2, &o), ST_STATUS_NO_SUCH_DEVICE);
    EXPECT_NT(o, ST_STATUS_NO_SUCH_DEVICE, CL_RTK_ATTACH_NO_RTSS);
    o = unset();
    ck_assert_uint_eq(sim_rtk_RtkRtssAttachEx(drv, 1, &inst2, &o), ST_STATUS_NO_SUCH_DEVICE);
    EXPECT_NT(o, ST_STATUS_NO_SUCH_DEVICE, CL_RTK_ATTACH_NO_RTSS);
    ck_assert_uint_eq(inst2, 0);
    /* The driver's view faults; RtkUnMapSharedMemory works while RTSS is stopped (RTK.UNMAP). */
    EXPECT_FAULT(drv, loc, CL_SIM_KERNEL_STOP);
    o = unset();
    ck_assert_uint_eq(sim_rtk_RtkUnMapSharedMemory(drv, inst, loc, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_UNMAP);
    ck_assert_uint_eq(drv->as.count, 0);
    /* RtkCloseHandle and RtkRtssDetach work on the driver's own resources while stopped too
     * (RTK.INSTANCE.GENERATION). */
    o = unset();
    ck_assert_uint_eq(sim_rtk_RtkCloseHandle(drv, inst, h, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_CLOSE_REFCOUNT);
    ck_assert_uint_eq(drv->handles.open, 0);
    o = unset();
    ck_assert_uint_eq(sim_rtk_RtkCloseHandle(drv, inst, h, &o), ST_STATUS_UNSUCCESSFUL);
    EXPECT_NT(o, ST_STATUS_UNSUCCESSFUL, CL_RTK_CLOSE_TWICE);
    o = unset();
    ck_assert_uint_eq(sim_rtk_RtkRtssDetach(drv, inst, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_ATTACH);
    o = unset();
    ck_assert_uint_eq(sim_rtk_RtkRtssDetach(drv, inst, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_DETACH);
    ck_assert_int_eq(findings.count, 2); /* rtss's exit, the stop: closing the zombie reports nothing */
}

START_TEST(driver_keeps_stale_handle_until_teardown) {
    /* A handle on an object the stop destroyed, never closed: the teardown frees the zombie. */
    uint64_t rloc, h, loc;
    rt_create(rtss, K_PAGE_READWRITE, 4096, "A", &rloc);
    uint64_t inst = attach(drv, true);
    sim_outcome o;
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_READ, "A", &h, &loc, &o), ST_STATUS_SUCCESS);
    stop(rtssk);
    ck_assert_uint_eq(drv->handles.open, 1);
    ck_assert_uint_eq(drv->as.count, 1);
}
END_TEST

/* ---- SIM.KERNEL.START, RTK.INSTANCE.GENERATION ---- */

START_TEST(start_gives_empty_kernel_new_generation_and_stale_instances) {
    uint64_t rloc, wloc, dh, dloc;
    rt_create(rtss, K_PAGE_READWRITE, 4096, "R", &rloc);
    rt_create(win, K_PAGE_READWRITE, 8192, "Old", &wloc);
    sim_outcome o;
    ck_assert(sim_mem_write(win, wloc, "old", 3, &o));
    uint64_t ex = attach(drv, true);
    uint64_t plain = attach(drv, false);
    ck_assert_uint_eq(rtk_open(drv, plain, K_SHM_MAP_WRITE, "Old", &dh, &dloc, &o), ST_STATUS_SUCCESS);
    ck_assert_uint_eq(rtssk->generation, 0);
    stop(rtssk);
    sim_event notes[4];
    ck_assert_int_eq(drain(notes, 4), 1);
    EXPECT_NOTE(notes[0], drv, 0);

    start(rtssk);
    ck_assert(rtssk->running);
    ck_assert_uint_eq(rtssk->generation, 1);
    ck_assert_ptr_null(rtssk->first_object);
    ck_assert_ptr_null(sim_ns_lookup(&rtssk->ns, "R"));
    ck_assert_ptr_null(sim_ns_lookup(&rtssk->ns, "Old"));
    ck_assert_uint_eq(rtssk->memory_used_bytes, 0);
    ck_assert(rtss->exited); /* the kernel runs again, without processes */
    ck_assert_int_eq(findings.count, 2); /* rtss's exit and the stop; start reports nothing */

    /* Instances of the old RTSS are stale: STATUS_INVALID_PARAMETER, RTK.INSTANCE.GENERATION. */
    uint64_t h = NO_HANDLE, loc = NO_LOCATION;
    ck_assert_uint_eq(rtk_open(drv, ex, K_SHM_MAP_READ, "Old", &h, &loc, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_INSTANCE_GENERATION);
    EXPECT_ALLOWED_IN(SPEC_API_RTK, SPEC_FAMILY_NTSTATUS, "RtkOpenSharedMemory", o.status);
    ck_assert_uint_eq(rtk_open(drv, plain, K_SHM_MAP_READ, "Old", &h, &loc, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_INSTANCE_GENERATION);
    ck_assert_uint_eq(rtk_create(drv, plain, 4096, "Fresh", &h, &loc, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_INSTANCE_GENERATION);
    EXPECT_ALLOWED_IN(SPEC_API_RTK, SPEC_FAMILY_NTSTATUS, "RtkCreateSharedMemory", o.status);
    ck_assert_uint_eq(h, NO_HANDLE);
    ck_assert_uint_eq(loc, NO_LOCATION);
    ck_assert_ptr_null(sim_ns_lookup(&rtssk->ns, "Fresh"));
    /* After the restart every call refuses an old instance, also the ones that work while stopped. */
    ck_assert_uint_eq(drv->handles.open, 1);
    o = unset();
    ck_assert_uint_eq(sim_rtk_RtkUnMapSharedMemory(drv, plain, dloc, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_INSTANCE_GENERATION);
    EXPECT_ALLOWED_IN(SPEC_API_RTK, SPEC_FAMILY_NTSTATUS, "RtkUnMapSharedMemory", o.status);
    o = unset();
    ck_assert_uint_eq(sim_rtk_RtkCloseHandle(drv, plain, dh, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_INSTANCE_GENERATION);
    EXPECT_ALLOWED_IN(SPEC_API_RTK, SPEC_FAMILY_NTSTATUS, "RtkCloseHandle", o.status);
    o = unset();
    ck_assert_uint_eq(sim_rtk_RtkRtssDetach(drv, ex, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_INSTANCE_GENERATION);
    EXPECT_ALLOWED_IN(SPEC_API_RTK, SPEC_FAMILY_NTSTATUS, "RtkRtssDetach", o.status);
    ck_assert_uint_eq(drv->handles.open, 1);
    ck_assert_uint_eq(drv->as.count, 1);

    /* A new attach works: the next value, in the new generation. */
    uint64_t fresh = attach(drv, false);
    ck_assert_uint_eq(fresh, INST(3));
    ck_assert_uint_eq(sim_rtk_instance(drv, 2)->generation, 1);
    /* The old name is free: win's create makes a new, zeroed object, which the driver opens. */
    uint64_t nloc;
    o = unset();
    ck_assert_uint_ne(sim_rtx64_RtCreateSharedMemory(win, K_PAGE_READWRITE, 0, 4096, "Old", &nloc, &o), 0);
    EXPECT_WIN32(o, ST_ERROR_SUCCESS, CL_RTX64_CREATE_OK);
    char buf[3];
    ck_assert(sim_mem_read(win, nloc, 3, buf, &o));
    ck_assert_mem_eq(buf, "\0\0\0", 3);
    ck_assert_uint_eq(rtk_open(drv, fresh, K_SHM_MAP_WRITE, "Old", &h, &loc, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_OPEN_OK);
    ck_assert(sim_mem_write(drv, loc, "new", 3, &o));
    ck_assert(sim_mem_read(win, nloc, 3, buf, &o));
    ck_assert_mem_eq(buf, "new", 3);
    ck_assert_uint_eq(rtk_create(drv, fresh, 4096, "Fresh", &h, &loc, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_CREATE_OK);
    /* The old views stay dead. */
    EXPECT_FAULT(win, wloc, CL_SIM_KERNEL_STOP);
    EXPECT_FAULT(drv, dloc, CL_SIM_KERNEL_STOP);
    /* Windows RTX64 calls work again. */
    o = unset();
    ck_assert_uint_ne(sim_rtx64_RtCreateEvent(win, false, false, "Ev", &o), 0);
    EXPECT_WIN32(o, ST_ERROR_SUCCESS, CL_RTX64_SYNC_NAMES);
}
END_TEST

START_TEST(stop_and_start_are_idempotent) {
    /* Starting a running kernel does nothing. */
    start(rtssk);
    start(nodeA);
    ck_assert_uint_eq(rtssk->generation, 0);
    ck_assert_uint_eq(nodeA->generation, 0);
    ck_assert_int_eq(findings.count, 0);
    uint64_t ex0 = attach(drv, true);
    stop(rtssk);
    stop(rtssk);
    ck_assert_int_eq(findings.count, 1);
    sim_event notes[4];
    ck_assert_int_eq(drain(notes, 4), 1);
    start(rtssk);
    start(rtssk);
    ck_assert_uint_eq(rtssk->generation, 1);
    ck_assert(rtssk->running);
    ck_assert_int_eq(findings.count, 1);
    /* A second cycle: only the instance of the current generation gets a callback. */
    uint64_t ex1 = attach(drv, true);
    ck_assert_uint_eq(ex1, INST(2));
    stop(rtssk);
    ck_assert_int_eq(drain(notes, 4), 1);
    EXPECT_NOTE(notes[0], drv, 1);
    ck_assert_int_eq(findings.count, 2);
    EXPECT_FINDING(1, "kernel-stopped", CL_SIM_KERNEL_STOP,
                   "kernel 'RTSS' stopped: 0 processes terminated, 0 objects destroyed while other processes still "
                   "held 0 handles and 0 views on them; 1 shutdown callback queued");
    start(rtssk);
    ck_assert_uint_eq(rtssk->generation, 2);
    uint64_t h, loc;
    sim_outcome o;
    ck_assert_uint_eq(rtk_open(drv, ex0, K_SHM_MAP_READ, "x", &h, &loc, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_INSTANCE_GENERATION);
    ck_assert_uint_eq(rtk_open(drv, ex1, K_SHM_MAP_READ, "x", &h, &loc, &o), ST_STATUS_INVALID_PARAMETER);
    EXPECT_NT(o, ST_STATUS_INVALID_PARAMETER, CL_RTK_INSTANCE_GENERATION);
}
END_TEST

START_TEST(old_instance_while_stopped_again_reports_no_such_device) {
    /* RTK.INSTANCE.GENERATION: while stopped, even an old-generation instance gets NO_SUCH_DEVICE. */
    uint64_t old = attach(drv, false);
    stop(rtssk);
    start(rtssk);
    stop(rtssk);
    uint64_t h, loc;
    sim_outcome o;
    ck_assert_uint_eq(rtk_open(drv, old, K_SHM_MAP_READ, "x", &h, &loc, &o), ST_STATUS_NO_SUCH_DEVICE);
    EXPECT_NT(o, ST_STATUS_NO_SUCH_DEVICE, CL_RTK_OPEN_NO_SUCH_DEVICE);
}
END_TEST

/* ---- INtime kernel stop ---- */

START_TEST(stop_intime_kernel_makes_iwin32x_calls_fail_not_ready) {
    sim_process *nrt = sim_world_add_process(w, "nrt", SIM_PROC_RT, host, nodeA);
    uint64_t iloc, nloc, xloc;
    sim_outcome o = unset();
    uint64_t ih = sim_iwin32_RtCreateSharedMemory(win, K_PAGE_READWRITE, 0, 8192, "I", &iloc, &o);
    ck_assert_uint_ne(ih, 0);
    o = unset();
    uint64_t ie = sim_iwin32_CreateEvent(win, false, false, "IE", &o);
    ck_assert_uint_ne(ie, 0);
    o = unset();
    ck_assert_uint_ne(sim_iwin32_RtCreateSharedMemory(nrt, K_PAGE_READWRITE, 0, 4096, "N", &nloc, &o), 0);
    rt_create(win, K_PAGE_READWRITE, 4096, "X", &xloc);
    ck_assert_uint_eq(sim_iwin32_pool_used_bytes(nodeA), 12 * KiB);

    stop(nodeA);
    ck_assert(!nodeA->running);
    ck_assert(nrt->exited);
    ck_assert(!rtss->exited);
    ck_assert_uint_eq(sim_iwin32_pool_used_bytes(nodeA), 0);
    ck_assert_ptr_null(sim_ns_lookup(&nodeA->ns, "I"));
    ck_assert_ptr_null(sim_ns_lookup(&nodeA->ns, "IE"));
    ck_assert_ptr_null(sim_ns_lookup(&nodeA->ns, "N"));
    ck_assert_ptr_null(nodeA->first_object);
    ck_assert_int_eq(findings.count, 2);
    EXPECT_FINDING(0, "handles-closed-at-exit", CL_IWIN32_CLOSE_PROCESS_EXIT,
                   "process 'nrt' exited with 1 open handle and 1 mapped view; the system closed them");
    /* The count includes the kernel's own root process object (INtime object table). */
    EXPECT_FINDING(1, "kernel-stopped", CL_SIM_KERNEL_STOP,
                   "kernel 'NodeA' stopped: 1 process terminated, 4 objects destroyed while other processes still "
                   "held 2 handles and 1 view on them; 0 shutdown callbacks queued");
    sim_event ev;
    ck_assert(!sim_world_next_notification(w, &ev));
    EXPECT_FAULT(win, iloc, CL_SIM_KERNEL_STOP);

    /* iwin32x calls from win: ERROR_NOT_READY. */
    uint64_t loc = NO_LOCATION;
    o = unset();
    ck_assert_uint_eq(sim_iwin32_RtCreateSharedMemory(win, K_PAGE_READWRITE, 0, 4096, "I2", &loc, &o), 0);
    EXPECT_WIN32(o, ST_ERROR_NOT_READY, CL_SIM_KERNEL_STOPPED);
    EXPECT_ALLOWED_IN(SPEC_API_IWIN32, SPEC_FAMILY_WIN32, "RtCreateSharedMemory", o.status);
    ck_assert_uint_eq(win->last_error, ST_ERROR_NOT_READY);
    o = unset();
    ck_assert_uint_eq(sim_iwin32_RtOpenSharedMemory(win, 0, false, "I", &loc, &o), 0);
    EXPECT_WIN32(o, ST_ERROR_NOT_READY, CL_SIM_KERNEL_STOPPED);
    ck_assert_uint_eq(loc, NO_LOCATION);
    /* CloseHandle still closes the stale handles. */
    o = unset();
    ck_assert(sim_iwin32_CloseHandle(win, ih, &o));
    ck_assert_int_eq(o.family, SPEC_FAMILY_WIN32);
    ck_assert_uint_eq(o.status, ST_ERROR_SUCCESS);
    ck_assert_ptr_nonnull(spec_clause_find(o.clause));
    o = unset();
    ck_assert(sim_iwin32_CloseHandle(win, ie, &o));
    ck_assert_uint_eq(o.status, ST_ERROR_SUCCESS);
    o = unset();
    ck_assert(sim_iwin32_RtUnmapSharedMemory(win, iloc, &o));
    /* The RTSS and win's RTX64 object are untouched. */
    ck_assert(sim_mem_write(win, xloc, "rtx", 3, &o));
    EXPECT_SIM(o, ST_OK, CL_MEM_SHARED);
    rt_create(win, K_PAGE_READWRITE, 4096, "Y", &loc);
    /* Restarted, the INtime kernel accepts creates again, in a new generation. */
    start(nodeA);
    ck_assert_uint_eq(nodeA->generation, 1);
    o = unset();
    ck_assert_uint_ne(sim_iwin32_RtCreateSharedMemory(win, K_PAGE_READWRITE, 0, 4096, "I", &loc, &o), 0);
    EXPECT_WIN32(o, ST_ERROR_SUCCESS, CL_IWIN32_CREATE_OK);
    ck_assert_uint_eq(sim_iwin32_pool_used_bytes(nodeA), 4096);
}
END_TEST

/* ---- accounting ---- */

START_TEST(memory_and_pool_accounting_return_to_zero_after_stop) {
    uint64_t loc, h;
    sim_outcome o;
    rt_create(rtss, K_PAGE_READWRITE, 5 * MiB, "a", &loc);
    rt_create(win, K_PAGE_READONLY, 3 * MiB + 1, "b", &loc);
    rt_create(win, K_PAGE_READWRITE, 4096, NULL, &loc);
    rt_open(win, K_SHM_MAP_READ, "a", &loc);
    uint64_t inst = attach(drv, true);
    ck_assert_uint_eq(rtk_create(drv, inst, 7 * MiB, "c", &h, &loc, &o), ST_STATUS_SUCCESS);
    o = unset();
    ck_assert_uint_ne(sim_iwin32_RtCreateSharedMemory(win, K_PAGE_READWRITE, 0, 6 * MiB, "i", &loc, &o), 0);
    o = unset();
    ck_assert_uint_ne(sim_iwin32_RtCreateSharedMemory(win, K_PAGE_READWRITE, 0, 4096, NULL, &loc, &o), 0);
    ck_assert_uint_eq(rtssk->memory_used_bytes, 15 * MiB + 8192);
    ck_assert_uint_eq(sim_iwin32_pool_used_bytes(nodeA), 6 * MiB + 4096);

    stop(rtssk);
    ck_assert_uint_eq(rtssk->memory_used_bytes, 0);
    ck_assert_uint_eq(sim_iwin32_pool_used_bytes(nodeA), 6 * MiB + 4096); /* the other kernel keeps its objects */
    stop(nodeA);
    ck_assert_uint_eq(sim_iwin32_pool_used_bytes(nodeA), 0);
    ck_assert_uint_eq(nodeA->memory_used_bytes, 0);
    start(rtssk);
    start(nodeA);
    /* The whole memory and the whole pool are available again. */
    rt_create(win, K_PAGE_READWRITE, 64 * MiB, "full", &loc);
    ck_assert_uint_eq(rtssk->memory_used_bytes, 64 * MiB);
    o = unset();
    ck_assert_uint_ne(sim_iwin32_RtCreateSharedMemory(win, K_PAGE_READWRITE, 0, 16 * MiB, "fullpool", &loc, &o), 0);
    ck_assert_uint_eq(sim_iwin32_pool_used_bytes(nodeA), 16 * MiB);
}
END_TEST

/* ---- zombie objects and teardown (ASan/LSan) ---- */

START_TEST(zombies_closed_after_stop_are_freed) {
    uint64_t l1, l2, l3, l4, dh, dl;
    sim_outcome o;
    uint64_t h1 = rt_create(win, K_PAGE_READWRITE, 4096, "z1", &l1);
    uint64_t h2 = rt_open(win, K_SHM_MAP_WRITE, "z1", &l2);
    o = unset();
    uint64_t h3 = sim_iwin32_RtCreateSharedMemory(win, K_PAGE_READWRITE, 0, 4096, "iz", &l3, &o);
    ck_assert_uint_ne(h3, 0);
    o = unset();
    uint64_t h4 = sim_iwin32_RtOpenSharedMemory(win, 0, false, "iz", &l4, &o);
    ck_assert_uint_ne(h4, 0);
    o = unset();
    uint64_t hm = sim_rtx64_RtCreateMutex(win, true, "zm", &o);
    ck_assert_uint_ne(hm, 0);
    uint64_t inst = attach(drv, false);
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_READ, "z1", &dh, &dl, &o), ST_STATUS_SUCCESS);
    stop(rtssk);
    stop(nodeA);
    /* Close and unmap in mixed orders: handles before views, views before handles. */
    o = unset();
    ck_assert(sim_rtx64_RtCloseHandle(win, h1, &o));
    EXPECT_WIN32(o, ST_ERROR_SUCCESS, CL_RTK_CLOSE_REFCOUNT);
    ck_assert(sim_as_unmap(&win->as, l2));
    o = unset();
    ck_assert(sim_rtx64_RtCloseHandle(win, h2, &o));
    EXPECT_FAULT(win, l1, CL_SIM_KERNEL_STOP);
    ck_assert(sim_as_unmap(&win->as, l1));
    o = unset();
    ck_assert(sim_iwin32_RtUnmapSharedMemory(win, l3, &o));
    o = unset();
    ck_assert(sim_iwin32_CloseHandle(win, h3, &o));
    o = unset();
    ck_assert(sim_iwin32_CloseHandle(win, h4, &o));
    EXPECT_FAULT(win, l4, CL_SIM_KERNEL_STOP);
    o = unset();
    ck_assert(sim_rtx64_RtCloseHandle(win, hm, &o));
    ck_assert_uint_eq(win->handles.open, 0);
    ck_assert_uint_eq(win->as.count, 1); /* l4 left to the teardown */
    /* After a restart, the driver closes its stale handle through a new instance. */
    start(rtssk);
    uint64_t fresh = attach(drv, false);
    o = unset();
    ck_assert_uint_eq(sim_rtk_RtkUnMapSharedMemory(drv, fresh, dl, &o), ST_STATUS_SUCCESS);
    o = unset();
    ck_assert_uint_eq(sim_rtk_RtkCloseHandle(drv, fresh, dh, &o), ST_STATUS_SUCCESS);
    EXPECT_NT(o, ST_STATUS_SUCCESS, CL_RTK_CLOSE_REFCOUNT);
    o = unset();
    ck_assert_uint_eq(sim_rtk_RtkCloseHandle(drv, fresh, dh, &o), ST_STATUS_UNSUCCESSFUL);
    EXPECT_NT(o, ST_STATUS_UNSUCCESSFUL, CL_RTK_CLOSE_TWICE);
    ck_assert_int_eq(findings.count, 2); /* the two kernel-stopped findings, no dangling views */
}
END_TEST

START_TEST(zombies_left_to_teardown_are_freed) {
    /* Nothing is closed after the stop: sim_world_free must release every zombie exactly once. */
    uint64_t loc, dh, dl;
    sim_outcome o;
    rt_create(win, K_PAGE_READWRITE, 4096, "a", &loc);
    rt_open(win, K_SHM_MAP_READ, "a", &loc);
    rt_create(rtss, K_PAGE_READWRITE, 4096, "b", &loc);
    rt_open(win, K_SHM_MAP_READ, "b", &loc);
    o = unset();
    ck_assert_uint_ne(sim_iwin32_RtCreateSharedMemory(win, K_PAGE_READWRITE, 0, 4096, "c", &loc, &o), 0);
    o = unset();
    ck_assert_uint_ne(sim_rtx64_RtCreateSemaphore(win, 1, 2, "s", &o), 0);
    uint64_t inst = attach(drv, true);
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_WRITE, "b", &dh, &dl, &o), ST_STATUS_SUCCESS);
    ck_assert_uint_eq(rtk_create(drv, inst, 4096, NULL, &dh, &dl, &o), ST_STATUS_SUCCESS);
    stop(rtssk);
    stop(nodeA);
    start(rtssk); /* a restart does not touch the zombies */
    ck_assert_uint_eq(win->handles.open, 5);
    ck_assert_uint_eq(drv->handles.open, 2);
}
END_TEST

START_TEST(process_exit_after_stop_releases_zombies) {
    uint64_t loc, dh, dl;
    sim_outcome o;
    rt_create(win, K_PAGE_READWRITE, 4096, "a", &loc);
    uint64_t inst = attach(drv, false);
    ck_assert_uint_eq(rtk_open(drv, inst, K_SHM_MAP_WRITE, "a", &dh, &dl, &o), ST_STATUS_SUCCESS);
    stop(rtssk);
    ck_assert_int_eq(findings.count, 1);
    o = unset();
    sim_process_exit(win, &o);
    EXPECT_SIM(o, ST_OK, CL_SIM_PROCESS_EXIT);
    sim_process_exit(drv, &o);
    ck_assert_int_eq(findings.count, 3);
    ck_assert_str_eq(findings.kind[1], "handles-closed-at-exit");
    ck_assert_str_eq(findings.kind[2], "handles-closed-at-exit");
    ck_assert_str_eq(findings.clause[2], CL_RTK_CLOSE_PROCESS_EXIT);
    ck_assert_str_eq(findings.detail[2],
                     "process 'drv' exited with 1 open handle and 1 mapped view; the system closed them");
    ck_assert_uint_eq(win->handles.open, 0);
    ck_assert_uint_eq(drv->handles.open, 0);
}
END_TEST

Suite *kernel_suite(void) {
    Suite *s = suite_create("kernel");
    TCase *tc = tcase_create("stop");
    tcase_add_checked_fixture(tc, world_setup, world_teardown);
    tcase_add_test(tc, stop_rtss_terminates_rt_processes_and_destroys_objects);
    tcase_add_test(tc, stop_terminates_every_rt_process_of_that_kernel_only);
    tcase_add_test(tc, stop_after_rt_exit_left_a_view_reports_dangling_view_first);
    tcase_add_test(tc, stop_queues_one_shutdown_note_per_live_ex_instance);
    tcase_add_test(tc, stop_queues_nothing_for_plain_or_detached_instances);
    tcase_add_test(tc, windows_rtx64_calls_while_stopped_report_not_ready);
    tcase_add_test(tc, stopped_kernel_check_comes_before_semaphore_counts);
    tcase_add_test(tc, driver_calls_while_stopped_report_no_such_device);
    tcase_add_test(tc, driver_keeps_stale_handle_until_teardown);
    tcase_add_test(tc, stop_intime_kernel_makes_iwin32x_calls_fail_not_ready);
    tcase_add_test(tc, memory_and_pool_accounting_return_to_zero_after_stop);
    suite_add_tcase(s, tc);

    tc = tcase_create("start");
    tcase_add_checked_fixture(tc, world_setup, world_teardown);
    tcase_add_test(tc, start_gives_empty_kernel_new_generation_and_stale_instances);
    tcase_add_test(tc, stop_and_start_are_idempotent);
    tcase_add_test(tc, old_instance_while_stopped_again_reports_no_such_device);
    suite_add_tcase(s, tc);

    tc = tcase_create("zombies");
    tcase_add_checked_fixture(tc, world_setup, world_teardown);
    tcase_add_test(tc, zombies_closed_after_stop_are_freed);
    tcase_add_test(tc, zombies_left_to_teardown_are_freed);
    tcase_add_test(tc, process_exit_after_stop_releases_zombies);
    suite_add_tcase(s, tc);
    return s;
}
