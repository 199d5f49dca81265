/* sim/emu/tests/test_emu.c — librtshm_emu itself: real memory (shared pages, guard pages, stale pointers),
 * the vendor error channels, findings (recorded, fatal), refused calls, events and RtkRtssAttachEx's routine,
 * the recorded scenario (valid, deterministic, free of host addresses) and topology files. The default
 * topology unless a test opens its own. Deliberate faults run in forked children (emu_test.h). */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#include "conf/runner.h"
#include "conf/scenario.h"
#include "emu_test.h"
#include "iwin32.h"
#include "ntx.h"
#include "rt.h"

static void setup(void) {
    ck_assert_int_eq(rtshm_emu_open(NULL), 0);
}

static void teardown(void) {
    ck_assert_int_eq(rtshm_emu_close(), 0);
}

/* Two views of one object in one process share pages; each view has guard pages around it. */
START_TEST(test_views_share_pages_and_guard_pages_fault) {
    rtshm_emu_as("rt");
    void *a = NULL, *b = NULL;
    HANDLE h1 = RtCreateSharedMemory(PAGE_READWRITE, 0, 8192, "Shared", &a);
    HANDLE h2 = RtOpenSharedMemory(0, FALSE, "Shared", &b);
    ck_assert_ptr_nonnull(h1);
    ck_assert_ptr_nonnull(h2);
    ck_assert_ptr_ne(a, b);
    unsigned char *pa = a, *pb = b;
    pa[0] = 0x11;
    pa[8191] = 0x22;
    ck_assert_uint_eq(pb[0], 0x11);
    ck_assert_uint_eq(pb[8191], 0x22);
    unsigned char *past = pa + 8192, *before = pa - 1;
    ck_assert_int_eq(emu_child_signal(emu_touch, &past), SIGSEGV);
    ck_assert_int_eq(emu_child_signal(emu_touch, &before), SIGSEGV);
    unsigned char *last = pa + 8191;
    ck_assert_int_eq(emu_child_signal(emu_poke, &last), -1);
}
END_TEST

/* After RtUnmapSharedMemory the old pointer faults (a stale pointer), and the other view lives on. */
START_TEST(test_unmapped_view_faults) {
    rtshm_emu_as("rt");
    void *a = NULL, *b = NULL;
    ck_assert_ptr_nonnull(RtCreateSharedMemory(PAGE_READWRITE, 0, 4096, "S", &a));
    ck_assert_ptr_nonnull(RtOpenSharedMemory(0, FALSE, "S", &b));
    ((unsigned char *)a)[5] = 7;
    ck_assert_uint_eq(RtUnmapSharedMemory(a), TRUE);
    ck_assert_int_eq(emu_child_signal(emu_touch, &a), SIGSEGV);
    ck_assert_uint_eq(((unsigned char *)b)[5], 7);
}
END_TEST

/* Errors come back through GetLastError (iwin32) and GetLastRtError (RT). */
START_TEST(test_error_channels) {
    rtshm_emu_as("rt");
    void *loc = (void *)0x1;
    ck_assert_ptr_null(RtOpenSharedMemory(0, FALSE, "Absent", &loc));
    ck_assert_uint_eq(GetLastError(), ERROR_FILE_NOT_FOUND);
    ck_assert_ptr_eq(loc, (void *)0x1); /* not stored on failure */
    ck_assert_ptr_null(RtCreateSharedMemory(PAGE_READWRITE, 1, 4096, "Big", &loc));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(1234);
    ck_assert_uint_eq(GetLastError(), 1234);
    ck_assert_ptr_null(AllocateRtMemory(0));
    ck_assert_uint_eq(GetLastRtError(), E_PARAM);
    ck_assert_uint_eq(FreeRtMemory((void *)0x1), 0xFFFFFFFFu); /* a pointer into no view */
    ck_assert_uint_eq(GetLastRtError(), E_BAD_ADDR);
    ck_assert_int_ge(emu_find("foreign-pointer"), 0);
}
END_TEST

/* A call the process's kind cannot make is refused: failure value, no step, a finding. */
START_TEST(test_refused_call) {
    ck_assert_ptr_null(AllocateRtMemory(4096)); /* the thread acts as no process yet */
    ck_assert_int_eq(rtshm_emu_step_count(), 0);
    rtshm_emu_as("win");
    ck_assert_ptr_null(AllocateRtMemory(4096)); /* rt family from a windows process */
    ck_assert_int_eq(rtshm_emu_step_count(), 0);
    int f = emu_find("call-refused");
    ck_assert_int_ge(f, 0);
    ck_assert_ptr_nonnull(strstr(rtshm_emu_finding_at(f)->detail, "AllocateRtMemory"));
    ck_assert_int_eq(rtshm_emu_as("nobody"), -1);
    ck_assert_ptr_nonnull(strstr(rtshm_emu_error(), "nobody"));
}
END_TEST

/* A stale NTX pointer (seed:000's warning): a segment freed without ntxUnmapRtSharedMemory, its handle value
 * reused, mapped again: the cached pointer comes back, a finding 'stale-cache-hit' is recorded, and the pointer
 * faults because its view's memory is gone. */
START_TEST(test_stale_ntx_pointer) {
    rtshm_emu_as("win");
    NTXLOCATION loc = ntxGetLocationByName("NodeA");
    NTXHANDLE s1 = ntxAllocateRtMemory(loc, 4096);
    ck_assert_ptr_ne(s1, NTX_BAD_NTXHANDLE);
    unsigned char *p1 = ntxMapRtSharedMemory(s1);
    ck_assert_ptr_nonnull(p1);
    p1[0] = 1;
    ck_assert_uint_eq(ntxFreeRtMemory(s1), E_OK);
    NTXHANDLE s2 = ntxAllocateRtMemory(loc, 4096);
    ck_assert_ptr_eq(s2, s1); /* the handle value is reused */
    unsigned char *p2 = ntxMapRtSharedMemory(s2);
    ck_assert_ptr_eq(p2, p1);
    ck_assert_int_ge(emu_find("stale-cache-hit"), 0);
    ck_assert_int_eq(emu_child_signal(emu_touch, &p2), SIGSEGV);
}
END_TEST

static void stale_fatal(void *arg) {
    (void)arg;
    rtshm_emu_set_fatal("stale-cache-hit");
    NTXLOCATION loc = ntxGetLocationByName("NodeA");
    NTXHANDLE s1 = ntxAllocateRtMemory(loc, 4096);
    ntxMapRtSharedMemory(s1);
    ntxFreeRtMemory(s1);
    ntxMapRtSharedMemory(ntxAllocateRtMemory(loc, 4096)); /* aborts here */
    _exit(3);
}

static void dangling_fatal(void *arg) {
    (void)arg;
    rtshm_emu_set_fatal("*");
    void *p = NULL;
    HANDLE h = RtCreateSharedMemory(PAGE_READWRITE, 0, 4096, "D", &p);
    CloseHandle(h); /* the last handle closes while the view is mapped: 'dangling-view' aborts */
    _exit(3);
}

/* Findings made fatal abort the program (SIGABRT), in the call that raised them. */
START_TEST(test_fatal_findings) {
    rtshm_emu_as("win");
    ck_assert_int_eq(emu_child_signal(stale_fatal, NULL), SIGABRT);
    rtshm_emu_as("rt");
    ck_assert_int_eq(emu_child_signal(dangling_fatal, NULL), SIGABRT);
    /* not fatal by default: recorded */
    void *p = NULL;
    HANDLE h = RtCreateSharedMemory(PAGE_READWRITE, 0, 4096, "D", &p);
    ck_assert_uint_eq(CloseHandle(h), TRUE);
    ck_assert_int_ge(emu_find("dangling-view"), 0);
    ck_assert_int_eq(emu_child_signal(emu_touch, &p), SIGSEGV);
}
END_TEST

/* A store the program did not record makes a recorded read disagree with the model: a finding, and the
 * scenario keeps no data expectation for it. */
START_TEST(test_unrecorded_store) {
    rtshm_emu_as("rt");
    unsigned char *p = NULL;
    ck_assert_ptr_nonnull(RtCreateSharedMemory(PAGE_READWRITE, 0, 4096, "U", (void **)&p));
    p[0] = 0xAB;
    ck_assert_int_eq(rtshm_emu_record_write(p, 1), 0);
    ck_assert_int_eq(rtshm_emu_record_read(p, 1), 0);
    ck_assert_int_eq(emu_find("unrecorded-store"), -1);
    p[0] = 0xCD;
    ck_assert_int_eq(rtshm_emu_record_read(p, 1), 0);
    ck_assert_int_ge(emu_find("unrecorded-store"), 0);
    char *text = rtshm_emu_scenario_text();
    ck_assert_ptr_nonnull(text);
    ck_assert_ptr_nonnull(strstr(text, "\"data\":\t\"ab\""));
    ck_assert_ptr_null(strstr(text, "\"cd\""));
    free(text);
}
END_TEST

static int shutdown_calls;
static void *shutdown_context;
static void on_shutdown(PVOID context, LONG reason) {
    shutdown_calls++;
    shutdown_context = context;
    ck_assert_int_eq(reason, 0);
}

/* A driver: RtkRtssAttachEx, RtkCreateSharedMemory with a UNICODE_STRING name, RtkOpenSharedMemory; the RTSS
 * stops: the routine runs once with its context, the instance then gets STATUS_NO_SUCH_DEVICE (seed:003). */
#include "rtkapi.h"
START_TEST(test_rtk_driver_and_shutdown_routine) {
    rtshm_emu_as("drv");
    RTSSINST inst = 0;
    int context = 42;
    ck_assert_int_eq(RtkRtssAttachEx(1, &inst, on_shutdown, &context), STATUS_SUCCESS);
    ck_assert_uint_ne(inst, 0);
    WCHAR name_units[] = {'R', 't', 'k', 'B', 'u', 'f'};
    UNICODE_STRING name = {sizeof name_units, sizeof name_units, name_units};
    HANDLE h = NULL, h2 = NULL;
    void *loc = NULL, *loc2 = NULL;
    ck_assert_int_eq(RtkCreateSharedMemory(inst, &h, PAGE_READWRITE, 0, 4096, &name, &loc), STATUS_SUCCESS);
    ck_assert_int_eq(RtkOpenSharedMemory(inst, &h2, SHM_MAP_WRITE, FALSE, &name, &loc2), STATUS_SUCCESS);
    ((unsigned char *)loc)[9] = 9;
    ck_assert_uint_eq(((unsigned char *)loc2)[9], 9);
    ck_assert_int_eq(RtkOpenSharedMemory(inst, NULL, SHM_MAP_WRITE, FALSE, &name, &loc2), STATUS_INVALID_PARAMETER);
    ck_assert_int_eq(rtshm_emu_kernel_stop("RTSS"), 0);
    ck_assert_int_eq(shutdown_calls, 1);
    ck_assert_ptr_eq(shutdown_context, &context);
    ck_assert_int_eq(RtkOpenSharedMemory(inst, &h2, SHM_MAP_WRITE, FALSE, &name, &loc2), STATUS_NO_SUCH_DEVICE);
    ck_assert_int_eq(emu_child_signal(emu_touch, &loc), SIGSEGV);
}
END_TEST

/* Events must change the state; the refused ones say why and record nothing. */
START_TEST(test_events_checked) {
    ck_assert_int_eq(rtshm_emu_kernel_start("NodeA"), -1);
    ck_assert_ptr_nonnull(strstr(rtshm_emu_error(), "running already"));
    ck_assert_int_eq(rtshm_emu_kernel_stop("Nope"), -1);
    ck_assert_int_eq(rtshm_emu_link_down("host", "host"), -1);
    ck_assert_int_eq(rtshm_emu_step_count(), 0);
    ck_assert_int_eq(rtshm_emu_process_exit("win"), 0);
    ck_assert_int_eq(rtshm_emu_process_exit("win"), -1);
    ck_assert_int_eq(rtshm_emu_step_count(), 1);
}
END_TEST

/* One program's run, recorded: a fixed sequence of calls, accesses and events. */
static void scripted_run(unsigned char **view) {
    rtshm_emu_as("rt");
    void *p = NULL;
    HANDLE h = RtCreateSharedMemory(PAGE_READWRITE, 0, 4096, "Det", &p);
    ck_assert_ptr_nonnull(h);
    memcpy(p, "\x01\x02\x03\x04", 4);
    ck_assert_int_eq(rtshm_emu_record_write(p, 4), 0);
    rtshm_emu_as("win");
    void *q = NULL;
    ck_assert_ptr_nonnull(RtOpenSharedMemory(0, FALSE, "Det", &q));
    ck_assert_int_eq(rtshm_emu_record_read((unsigned char *)q + 1, 3), 0);
    ck_assert_int_eq(rtshm_emu_kernel_stop("NodeA"), 0);
    ck_assert_int_eq(rtshm_emu_record_read(q, 1), 1);
    *view = p;
}

/* The same run twice gives the same scenario text, byte for byte, and no host address appears in it. */
START_TEST(test_record_deterministic_without_host_addresses) {
    unsigned char *view1, *view2;
    scripted_run(&view1);
    char *first = rtshm_emu_scenario_text();
    ck_assert_ptr_nonnull(first);
    ck_assert_int_eq(rtshm_emu_close(), 0);
    ck_assert_int_eq(rtshm_emu_open(NULL), 0);
    scripted_run(&view2);
    char *second = rtshm_emu_scenario_text();
    ck_assert_ptr_nonnull(second);
    ck_assert_str_eq(first, second);
    char host[32];
    snprintf(host, sizeof host, "%llx", (unsigned long long)(uintptr_t)view1);
    ck_assert_ptr_null(strstr(first, host));
    ck_assert_ptr_nonnull(strstr(first, "\"ptr\":\t\"$p2\""));
    ck_assert_ptr_nonnull(strstr(first, "\"fault\":\t\"ACCESS_VIOLATION\""));
    ck_assert_ptr_nonnull(strstr(first, "\"data\":\t\"020304\""));
    free(first);
    free(second);
}
END_TEST

/* A topology file: its own nodes and processes; a bad one is refused with the parser's reason. */
START_TEST(test_topology_file) {
    ck_assert_int_eq(rtshm_emu_close(), 0);
    char path[512];
    snprintf(path, sizeof path, "%s/topology-%d.json", EMU_OUT_DIR, (int)getpid());
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("{\"topology\": {\"nodes\": [{\"id\": \"pc\"}], \"kernels\": [{\"id\": \"K1\", \"kind\": \"intime\", "
          "\"node\": \"pc\"}]},\n \"processes\": [{\"id\": \"app\", \"kind\": \"windows\", \"node\": \"pc\"}, "
          "{\"id\": \"ctl\", \"kind\": \"rt\", \"kernel\": \"K1\"}]}\n",
          f);
    fclose(f);
    rtshm_emu_options o = {.topology_path = path};
    ck_assert_int_eq(rtshm_emu_open(&o), 0);
    ck_assert_int_eq(rtshm_emu_as("ctl"), 0);
    void *p = NULL;
    ck_assert_ptr_nonnull(RtCreateSharedMemory(PAGE_READWRITE, 0, 4096, "T", &p));
    ck_assert_int_eq(rtshm_emu_as("rt"), -1); /* not the default topology's processes */
    char *text = rtshm_emu_scenario_text();
    ck_assert_ptr_nonnull(strstr(text, "\"K1\""));
    free(text);
    ck_assert_int_eq(rtshm_emu_close(), 0);
    f = fopen(path, "w");
    fputs("{\"topology\": {\"nodes\": [{\"id\": \"pc\"}], \"kernels\": []}, \"processes\": [{\"id\": \"a\", "
          "\"kind\": \"windows\", \"node\": \"pc\"}]}\n",
          f);
    fclose(f);
    ck_assert_int_eq(rtshm_emu_open(&o), -1);
    ck_assert_ptr_nonnull(strstr(rtshm_emu_error(), "kernels"));
    remove(path);
    ck_assert_int_eq(rtshm_emu_open(NULL), 0); /* for the teardown */
}
END_TEST


/* What the record expects of returned values: a recycled handle value is bound anew (h2, not "$h1"); mapping the
 * same NTX segment twice expects the same pointer ("$p1": NTX.MAP.SAME_POINTER). */
START_TEST(test_record_expectations) {
    rtshm_emu_as("rt");
    void *p = NULL;
    HANDLE a = RtCreateSharedMemory(PAGE_READWRITE, 0, 4096, NULL, &p);
    ck_assert_uint_eq(RtUnmapSharedMemory(p), TRUE);
    ck_assert_uint_eq(CloseHandle(a), TRUE);
    HANDLE b = RtCreateSharedMemory(PAGE_READWRITE, 0, 4096, NULL, &p);
    ck_assert_ptr_eq(a, b); /* the model recycles the value */
    rtshm_emu_as("win");
    NTXHANDLE seg = ntxAllocateRtMemory(ntxGetLocationByName("NodeA"), 4096);
    void *m1 = ntxMapRtSharedMemory(seg);
    void *m2 = ntxMapRtSharedMemory(seg);
    ck_assert_ptr_eq(m1, m2);
    char *text = rtshm_emu_scenario_text();
    ck_assert_ptr_nonnull(text);
    ck_assert_ptr_nonnull(strstr(text, "\"hObject\":\t\"$h1\""));
    ck_assert_ptr_nonnull(strstr(text, "\"return\":\t\"h2\""));
    ck_assert_ptr_nonnull(strstr(text, "\"return\":\t\"$p3\"")); /* p1, p2: the two iwin32 views; p3: m1 */
    free(text);
}
END_TEST

/* The NTX sentinels of a 64-bit process (NTX.LOCATION.VALUES): a failed lookup returns ntx.h's
 * NTX_UNDEFINED_LOCATION and failed handle calls NTX_BAD_NTXHANDLE, both (void *)-1, the model's
 * 0xFFFFFFFFFFFFFFFF crossing unchanged; passed back in, the sentinel is "not an NTX location" (E_PARAM) and
 * names no segment (E_EXIST). The record writes the sentinel by name (no literal reaches it), and the recorded
 * scenario parses and replays on the reference with every step PASS. */
START_TEST(test_ntx_sentinels_are_pointer_sized) {
    rtshm_emu_as("win");
    NTXLOCATION none = ntxGetLocationByName("Nowhere");
    ck_assert_ptr_eq(none, NTX_UNDEFINED_LOCATION);
    ck_assert_uint_eq((uintptr_t)none, UINTPTR_MAX);
    ck_assert_uint_eq(ntxGetLastRtError(), E_EXIST);
    ck_assert_ptr_eq(ntxGetRootRtProcess(none), NTX_BAD_NTXHANDLE);
    ck_assert_uint_eq(ntxGetLastRtError(), E_PARAM);
    NTXHANDLE zero = ntxAllocateRtMemory(ntxGetLocationByName("NodeA"), 0);
    ck_assert_ptr_eq(zero, NTX_BAD_NTXHANDLE);
    ck_assert_uint_eq((uintptr_t)zero, UINTPTR_MAX);
    ck_assert_uint_eq(ntxGetLastRtError(), E_PARAM);
    ck_assert_ptr_null(ntxMapRtSharedMemory(NTX_BAD_NTXHANDLE));
    ck_assert_uint_eq(ntxGetLastRtError(), E_EXIST);
    char *text = rtshm_emu_scenario_text();
    ck_assert_ptr_nonnull(text);
    ck_assert_ptr_nonnull(strstr(text, "\"return\":\t\"NTX_UNDEFINED_LOCATION\""));
    ck_assert_ptr_nonnull(strstr(text, "\"hLoc\":\t\"NTX_UNDEFINED_LOCATION\""));
    ck_assert_ptr_nonnull(strstr(text, "\"return\":\t\"NTX_BAD_NTXHANDLE\""));
    ck_assert_ptr_nonnull(strstr(text, "\"hSegment\":\t\"NTX_BAD_NTXHANDLE\""));
    ck_assert_ptr_null(strstr(text, "ffffffff"));
    ck_assert_ptr_null(strstr(text, "4294967295"));
    conf_scenario *sc = NULL;
    char err[1024] = "";
    ck_assert_msg(conf_scenario_parse("emu", text, strlen(text), &sc, err, sizeof err) == 0, "%s", err);
    free(text);
    conf_scenario_result res = {0};
    ck_assert_int_eq(conf_run_scenario(sc, conf_backend_reference(), 0, NULL, 0, &res), 0);
    ck_assert_str_eq(res.verdict, "PASS");
    ck_assert_int_eq(res.pass, 9); /* the 5 calls and the 4 ntxGetLastRtError */
    ck_assert_int_eq(res.fail + res.diverge, 0);
    conf_scenario_free(sc);
}
END_TEST

typedef struct worker {
    const char *process;
    const char *prefix;
    int failures;
} worker;

static void *work(void *arg) {
    worker *w = arg;
    if (rtshm_emu_as(w->process) != 0) w->failures++;
    for (int i = 0; i < 50; i++) {
        char name[32];
        snprintf(name, sizeof name, "%s%d", w->prefix, i);
        void *p = NULL;
        HANDLE h = RtCreateSharedMemory(PAGE_READWRITE, 0, 4096, name, &p);
        if (h == NULL) {
            w->failures++;
            continue;
        }
        ((unsigned char *)p)[i] = (unsigned char)i;
        if (!RtUnmapSharedMemory(p) || !CloseHandle(h)) w->failures++;
    }
    return NULL;
}

/* Two threads acting as two processes call at once: every call runs and is recorded (3 each, 50 rounds), and the
 * record is a valid scenario. */
START_TEST(test_threads) {
    worker a = {"rt", "A", 0}, b = {"win", "B", 0};
    pthread_t ta, tb;
    ck_assert_int_eq(pthread_create(&ta, NULL, work, &a), 0);
    ck_assert_int_eq(pthread_create(&tb, NULL, work, &b), 0);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    ck_assert_int_eq(a.failures, 0);
    ck_assert_int_eq(b.failures, 0);
    ck_assert_int_eq(rtshm_emu_step_count(), 300);
    char *text = rtshm_emu_scenario_text();
    ck_assert_ptr_nonnull(text);
    free(text);
}
END_TEST

Suite *emu_suite(void);
Suite *emu_suite(void) {
    Suite *s = suite_create("emu");
    TCase *tc = tcase_create("library");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_views_share_pages_and_guard_pages_fault);
    tcase_add_test(tc, test_unmapped_view_faults);
    tcase_add_test(tc, test_error_channels);
    tcase_add_test(tc, test_refused_call);
    tcase_add_test(tc, test_stale_ntx_pointer);
    tcase_add_test(tc, test_fatal_findings);
    tcase_add_test(tc, test_unrecorded_store);
    tcase_add_test(tc, test_rtk_driver_and_shutdown_routine);
    tcase_add_test(tc, test_events_checked);
    tcase_add_test(tc, test_record_deterministic_without_host_addresses);
    tcase_add_test(tc, test_topology_file);
    tcase_add_test(tc, test_record_expectations);
    tcase_add_test(tc, test_ntx_sentinels_are_pointer_sized);
    tcase_add_test(tc, test_threads);
    suite_add_tcase(s, tc);
    return s;
}
