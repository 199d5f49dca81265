/* sim/tests/test_rtx64.c — the RTX64 Rt* shared-memory and naming calls (sim/rtx64.h) from RTSS and
 * Windows processes, driven through a whole sim_world. One test (or one table) per RTX64.* clause of
 * spec/CLAUSES.md and spec/include/spec/clauses_model.def, plus RTK.OPEN.RTSS_ALWAYS_RW and
 * RTK.CLOSE.VIEWS_DIE where the Rt* calls reach them; every outcome's status and clause string is
 * asserted and the clause is checked against the spec catalogue. Kernel stop/start is in test_kernel.c.
 *
 * World (fixture TOPO_RTSS_HOST in sim_test.h): node 'host' (Windows, va_limit 128 TiB) with an rtx64
 * kernel 'RTSS' (64 MiB of memory) and an INtime kernel 'NodeA' (16 MiB pool), added before the processes.
 * Processes, in index order: 'rtss' (SIM_PROC_RT in RTSS, window base 0x10000000), 'win'
 * (SIM_PROC_WINDOWS, iwin32x kernel NodeA, RTX64 calls reach RTSS; base + 1 TiB), 'drv' and 'drv2'
 * (SIM_PROC_DRIVER). Findings go to a sink that copies them. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/iwin32.h"
#include "sim/mem.h"
#include "sim/rtx64.h"
#include "sim/shm.h"
#include "sim/win32_objects.h"
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
#define RTSS_BASE 0x10000000ull      /* process index 0 */
#define WIN_BASE (0x10000000ull + TiB) /* process index 1 */
#define NO_LOCATION 0xBADBADBADull    /* what *location holds before a call that must not touch it */

/* ---- fixture ---- */

/* The world of the header comment, seed 64: RTSS_HOST_FIXTURE (sim_test.h) defines w, host, rtssk,
 * nodeA, rtss, win, drv, drv2, findings, world_setup and world_teardown. */
RTSS_HOST_FIXTURE(64)

/* ---- helpers ---- */

/* The outcome of an Rt* call (Win32 family); the statuses the RTX64 function fn may report. */
#define EXPECT_OUTCOME(o, st, cl) EXPECT_WIN32(o, st, cl)
#define EXPECT_ALLOWED(fn, st) EXPECT_ALLOWED_IN(SPEC_API_RTX64, SPEC_FAMILY_WIN32, fn, st)

static uint64_t create(sim_process *p, uint32_t protect, uint32_t size_low, const char *name, uint64_t *location,
                       sim_outcome *o) {
    *o = unset();
    return sim_rtx64_RtCreateSharedMemory(p, protect, 0, size_low, name, location, o);
}

static uint64_t open_shm(sim_process *p, uint32_t access, const char *name, uint64_t *location, sim_outcome *o) {
    *o = unset();
    return sim_rtx64_RtOpenSharedMemory(p, access, false, name, location, o);
}

static bool close_handle(sim_process *p, uint64_t h, sim_outcome *o) {
    *o = unset();
    return sim_rtx64_RtCloseHandle(p, h, o);
}

static void set_last_error(sim_process *p, uint32_t code) {
    sim_outcome o = unset();
    sim_rtx64_SetLastError(p, code, &o);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_RTX64_LASTERROR);
}

static uint64_t create_sync_kind(sim_process *p, sim_object_kind kind, const char *name, sim_outcome *o) {
    *o = unset();
    switch (kind) {
    case SIM_OBJ_EVENT: return sim_rtx64_RtCreateEvent(p, false, false, name, o);
    case SIM_OBJ_MUTEX: return sim_rtx64_RtCreateMutex(p, false, name, o);
    case SIM_OBJ_SEMAPHORE: return sim_rtx64_RtCreateSemaphore(p, 0, 1, name, o);
    default: ck_abort_msg("not a sync kind");
    }
    return 0;
}

static const char *sync_function(sim_object_kind kind) {
    switch (kind) {
    case SIM_OBJ_EVENT: return "RtCreateEvent";
    case SIM_OBJ_MUTEX: return "RtCreateMutex";
    default: return "RtCreateSemaphore";
    }
}

static const sim_object_kind sync_kinds[] = {SIM_OBJ_EVENT, SIM_OBJ_MUTEX, SIM_OBJ_SEMAPHORE};

/* ---- RTX64.CREATE.OK ---- */

START_TEST(create_in_rtss_returns_handle_view_and_last_error_zero) {
    set_last_error(rtss, 1234);
    uint64_t loc = NO_LOCATION;
    sim_outcome o;
    uint64_t h = create(rtss, K_PAGE_READWRITE, 8 * KiB, "Buf", &loc, &o);
    ck_assert_uint_eq(h, 0x4);
    ck_assert_uint_eq(loc, RTSS_BASE);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_RTX64_CREATE_OK);
    EXPECT_ALLOWED("RtCreateSharedMemory", o.status);
    ck_assert_uint_eq(rtss->last_error, 0);
    o = unset();
    ck_assert_uint_eq(sim_rtx64_GetLastError(rtss, &o), 0);
    sim_object *obj = sim_ns_lookup(&rtssk->ns, "Buf");
    ck_assert_ptr_nonnull(obj);
    ck_assert_int_eq(obj->kind, SIM_OBJ_SHM);
    ck_assert_ptr_eq(obj->kernel, rtssk);
    ck_assert_uint_eq(obj->size_bytes, 8 * KiB);
    ck_assert_uint_eq(obj->protect, K_PAGE_READWRITE);
    ck_assert_uint_eq(obj->handle_count, 1);
    ck_assert_uint_eq(obj->view_count, 1);
    ck_assert_uint_eq(rtssk->memory_used_bytes, 8 * KiB);
    ck_assert_uint_eq(sim_iwin32_pool_used_bytes(rtssk), 0);
    ck_assert_uint_eq(sim_iwin32_pool_used_bytes(nodeA), 0);
    ck_assert_ptr_null(sim_ns_lookup(&nodeA->ns, "Buf"));
    ck_assert(reads_zero(rtss, loc, 8 * KiB));
    ck_assert(mem_write(rtss, loc + 8 * KiB - 2, "ok", 2, &o));
    EXPECT_MEM(o, ST_OK, CL_MEM_SHARED);
}
END_TEST

START_TEST(create_in_windows_reaches_rtss) {
    set_last_error(win, 99);
    uint64_t loc = NO_LOCATION;
    sim_outcome o;
    uint64_t h = create(win, K_PAGE_READWRITE, 4 * KiB, "FromWin", &loc, &o);
    ck_assert_uint_eq(h, 0x4);
    ck_assert_uint_eq(loc, WIN_BASE);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_RTX64_CREATE_OK);
    ck_assert_uint_eq(win->last_error, 0);
    ck_assert_ptr_nonnull(sim_ns_lookup(&rtssk->ns, "FromWin")); /* RTSS's namespace, not NodeA's */
    ck_assert_ptr_null(sim_ns_lookup(&nodeA->ns, "FromWin"));
    ck_assert_uint_eq(rtssk->memory_used_bytes, 4 * KiB);
    ck_assert_uint_eq(sim_iwin32_pool_used_bytes(nodeA), 0);
    ck_assert(mem_write(win, loc, "win", 3, &o)); /* PAGE_READWRITE: writable */
    /* The RTSS process opens it and sees the bytes. */
    uint64_t rloc;
    ck_assert_uint_ne(open_shm(rtss, K_SHM_MAP_WRITE, "FromWin", &rloc, &o), 0);
    char buf[3];
    ck_assert(mem_read(rtss, rloc, buf, 3, &o));
    ck_assert_mem_eq(buf, "win", 3);
}
END_TEST

START_TEST(create_size_rounds_up_to_page) {
    uint64_t loc;
    sim_outcome o;
    ck_assert_uint_ne(create(rtss, K_PAGE_READWRITE, 5000, "Round", &loc, &o), 0);
    ck_assert_uint_eq(sim_ns_lookup(&rtssk->ns, "Round")->size_bytes, 8192);
    ck_assert_uint_eq(rtssk->memory_used_bytes, 8192);
    ck_assert(reads_zero(rtss, loc + 8191, 1));
    char c;
    ck_assert(!mem_read(rtss, loc + 8192, &c, 1, &o));
    EXPECT_MEM(o, ST_ACCESS_VIOLATION, CL_MEM_VIEW_OUTSIDE);
    ck_assert_uint_ne(create(rtss, K_PAGE_READONLY, 1, "One", &loc, &o), 0);
    ck_assert_uint_eq(sim_ns_lookup(&rtssk->ns, "One")->size_bytes, 4096);
    ck_assert_uint_eq(rtssk->memory_used_bytes, 12288);
}
END_TEST

START_TEST(create_unnamed_twice_gives_distinct_objects) {
    uint64_t l1, l2, l3;
    sim_outcome o;
    uint64_t h1 = create(rtss, K_PAGE_READWRITE, 4096, NULL, &l1, &o);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_RTX64_CREATE_OK);
    set_last_error(rtss, ST_ERROR_ALREADY_EXISTS);
    uint64_t h2 = create(rtss, K_PAGE_READWRITE, 4096, NULL, &l2, &o);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_RTX64_CREATE_OK); /* never ERROR_ALREADY_EXISTS */
    ck_assert_uint_eq(rtss->last_error, 0);
    uint64_t h3 = create(rtss, K_PAGE_READWRITE, 4096, "", &l3, &o); /* empty = unnamed */
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_RTX64_CREATE_OK);
    ck_assert_uint_eq(h1, 0x4);
    ck_assert_uint_eq(h2, 0x8);
    ck_assert_uint_eq(h3, 0xC);
    ck_assert_ptr_ne(sim_handles_get(&rtss->handles, h1), sim_handles_get(&rtss->handles, h2));
    ck_assert_ptr_ne(sim_handles_get(&rtss->handles, h2), sim_handles_get(&rtss->handles, h3));
    ck_assert_ptr_null(sim_ns_lookup(&rtssk->ns, ""));
    ck_assert_uint_eq(rtssk->memory_used_bytes, 12288);
    ck_assert(mem_write(rtss, l1, "one", 3, &o));
    ck_assert(reads_zero(rtss, l2, 4096));
    ck_assert(reads_zero(rtss, l3, 4096));
}
END_TEST

START_TEST(create_names_differing_in_case_are_different_objects) {
    uint64_t upper, lower, loc;
    sim_outcome o;
    ck_assert_uint_ne(create(rtss, K_PAGE_READWRITE, 4096, "Buf", &upper, &o), 0);
    ck_assert_uint_ne(create(win, K_PAGE_READWRITE, 4096, "buf", &lower, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_RTX64_CREATE_OK);
    ck_assert_ptr_ne(sim_ns_lookup(&rtssk->ns, "Buf"), sim_ns_lookup(&rtssk->ns, "buf"));
    ck_assert(mem_write(rtss, upper, "UP", 2, &o));
    ck_assert(reads_zero(win, lower, 4096));
    ck_assert_uint_eq(open_shm(win, K_SHM_MAP_READ, "BUF", &loc, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_FILE_NOT_FOUND, CL_RTX64_OPEN_MISSING);
}
END_TEST

/* ---- RTX64.CREATE.EXISTS ---- */

START_TEST(create_existing_name_reports_already_exists) {
    uint64_t rloc, wloc = NO_LOCATION;
    sim_outcome o;
    ck_assert_uint_ne(create(rtss, K_PAGE_READWRITE, 4096, "Shared", &rloc, &o), 0);
    ck_assert(mem_write(rtss, rloc, "first", 5, &o));
    /* from RTSS: the creator's size stands (RTX64.CREATE.EXISTS) */
    uint64_t rloc2 = NO_LOCATION;
    ck_assert_uint_eq(create(rtss, K_PAGE_READWRITE, 64 * KiB, "Shared", &rloc2, &o), 0x8);
    EXPECT_OUTCOME(o, ST_ERROR_ALREADY_EXISTS, CL_RTX64_CREATE_EXISTS);
    sim_object *obj = sim_ns_lookup(&rtssk->ns, "Shared");
    ck_assert_uint_eq(obj->size_bytes, 4096);
    ck_assert_uint_eq(rtssk->memory_used_bytes, 4096);
    char buf[5];
    ck_assert(!mem_read(rtss, rloc2 + 4096, buf, 1, &o));
    /* from Windows: the request sizes the view and grows the object (RTX64.CREATE.WINDOWS_SIZE) */
    uint64_t h = create(win, K_PAGE_READWRITE, 64 * KiB, "Shared", &wloc, &o);
    ck_assert_uint_eq(h, 0x4);
    ck_assert_uint_eq(wloc, WIN_BASE);
    EXPECT_OUTCOME(o, ST_ERROR_ALREADY_EXISTS, CL_RTX64_CREATE_WINDOWS_SIZE);
    EXPECT_ALLOWED("RtCreateSharedMemory", o.status);
    ck_assert_uint_eq(win->last_error, 183);
    ck_assert_ptr_eq(sim_handles_get(&win->handles, h), obj);
    ck_assert_uint_eq(obj->handle_count, 3);
    ck_assert_uint_eq(obj->view_count, 3);
    ck_assert_uint_eq(obj->size_bytes, 64 * KiB);          /* increased to the request */
    ck_assert_uint_eq(rtssk->memory_used_bytes, 64 * KiB); /* the growth is charged */
    ck_assert(mem_read(win, wloc, buf, 5, &o));
    ck_assert_mem_eq(buf, "first", 5);
    ck_assert(mem_read(win, wloc + 4096, buf, 1, &o)); /* the grown part reads as zeros */
    ck_assert_uint_eq(buf[0], 0);
    ck_assert(!mem_read(win, wloc + 64 * KiB, buf, 1, &o));
    bool partial = false; /* earlier views keep their extent */
    ck_assert_uint_eq(sim_as_find(&rtss->as, rloc, 1, &partial)->length, 4096);
    /* a smaller Windows request maps that amount; the object keeps its size */
    uint64_t wloc2 = NO_LOCATION;
    ck_assert_uint_ne(create(win, K_PAGE_READWRITE, 100, "Shared", &wloc2, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_ALREADY_EXISTS, CL_RTX64_CREATE_WINDOWS_SIZE);
    ck_assert_uint_eq(obj->size_bytes, 64 * KiB);
    ck_assert(mem_read(win, wloc2 + 4095, buf, 1, &o));
    ck_assert(!mem_read(win, wloc2 + 4096, buf, 1, &o));
    /* a growth that does not fit in the RTSS memory fails and changes nothing (RTX64.CREATE.NO_MEMORY) */
    uint64_t wloc3 = NO_LOCATION;
    ck_assert_uint_eq(create(win, K_PAGE_READWRITE, 64 * MiB + 4096, "Shared", &wloc3, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_NOT_ENOUGH_MEMORY, CL_RTX64_CREATE_NO_MEMORY);
    ck_assert_uint_eq(wloc3, NO_LOCATION);
    ck_assert_uint_eq(obj->size_bytes, 64 * KiB);
    ck_assert_uint_eq(rtssk->memory_used_bytes, 64 * KiB);
    ck_assert(!mem_read(win, wloc2 + 4096, buf, 1, &o));
    EXPECT_MEM(o, ST_ACCESS_VIOLATION, CL_MEM_VIEW_OUTSIDE);
    /* Same process again: another handle and another view. */
    uint64_t loc3;
    ck_assert_uint_eq(create(rtss, K_PAGE_READWRITE, 4096, "Shared", &loc3, &o), 0xC);
    EXPECT_OUTCOME(o, ST_ERROR_ALREADY_EXISTS, CL_RTX64_CREATE_EXISTS);
    ck_assert_uint_ne(loc3, 0);
    ck_assert_uint_eq(rtss->last_error, ST_ERROR_ALREADY_EXISTS);
    /* From RTSS, size 0 and a size beyond RTSS memory are not looked at for an existing object; from
     * Windows size 0 maps the object as it is. */
    ck_assert_uint_ne(create(rtss, K_PAGE_READWRITE, 0xFFFFFFFFu, "Shared", &loc3, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_ALREADY_EXISTS, CL_RTX64_CREATE_EXISTS);
    ck_assert_uint_ne(create(win, K_PAGE_READWRITE, 0, "Shared", &loc3, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_ALREADY_EXISTS, CL_RTX64_CREATE_EXISTS);
    ck_assert_uint_eq(rtssk->memory_used_bytes, 64 * KiB);
}
END_TEST

START_TEST(create_existing_checks_arguments_first) {
    /* Model order (rtx64.c): flProtect and MaximumSizeHigh are checked before the namespace. */
    uint64_t loc = NO_LOCATION;
    sim_outcome o;
    ck_assert_uint_ne(create(rtss, K_PAGE_READWRITE, 4096, "Order", &loc, &o), 0);
    loc = NO_LOCATION;
    ck_assert_uint_eq(create(win, 0x40, 4096, "Order", &loc, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_INVALID_PARAMETER, CL_RTX64_CREATE_PARAMS);
    o = unset();
    ck_assert_uint_eq(sim_rtx64_RtCreateSharedMemory(win, K_PAGE_READWRITE, 1, 4096, "Order", &loc, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_INVALID_PARAMETER, CL_RTX64_CREATE_PARAMS);
    ck_assert_uint_eq(loc, NO_LOCATION);
    ck_assert_uint_eq(sim_ns_lookup(&rtssk->ns, "Order")->handle_count, 1);
}
END_TEST

/* ---- RTX64.CREATE.NAME_COLLISION ---- */

START_TEST(create_name_of_sync_object_reports_invalid_handle) {
    sim_outcome o;
    ck_assert_uint_ne(create_sync_kind(rtss, sync_kinds[_i], "Taken", &o), 0);
    sim_process *callers[2] = {rtss, win};
    for (int c = 0; c < 2; c++) {
        uint64_t loc = NO_LOCATION;
        ck_assert_uint_eq(create(callers[c], K_PAGE_READWRITE, 4096, "Taken", &loc, &o), 0);
        EXPECT_OUTCOME(o, ST_ERROR_INVALID_HANDLE, CL_RTX64_CREATE_NAME_COLLISION);
        EXPECT_ALLOWED("RtCreateSharedMemory", o.status);
        ck_assert_uint_eq(callers[c]->last_error, 6);
        ck_assert_uint_eq(loc, NO_LOCATION);
    }
    ck_assert_int_eq(sim_ns_lookup(&rtssk->ns, "Taken")->kind, sync_kinds[_i]);
    ck_assert_uint_eq(rtssk->memory_used_bytes, 0);
    ck_assert_uint_eq(win->handles.open, 0);
}
END_TEST

/* ---- RTX64.CREATE.PARAMS, RTX64.CREATE.NO_MEMORY: rejected creates ---- */

typedef struct create_reject {
    const char *clause;
    bool windows_only; /* RTSS ignores flProtect (RTX64.CREATE.RTSS_FLPROTECT_IGNORED) */
    uint32_t protect;
    const char *unit; /* name = unit repeated `times` (NULL: unnamed) */
    int times;
    uint32_t size_high, size_low;
    uint32_t error;
} create_reject;

static const create_reject create_rejects[] = {
    {CL_RTX64_CREATE_PARAMS, true, 0, "P", 1, 0, 4096, ST_ERROR_INVALID_PARAMETER},
    {CL_RTX64_CREATE_PARAMS, true, 0x01, "P", 1, 0, 4096, ST_ERROR_INVALID_PARAMETER},       /* PAGE_NOACCESS */
    {CL_RTX64_CREATE_PARAMS, true, 0x40, "P", 1, 0, 4096, ST_ERROR_INVALID_PARAMETER},       /* PAGE_EXECUTE_READWRITE */
    {CL_RTX64_CREATE_PARAMS, true, 0x06, NULL, 0, 0, 4096, ST_ERROR_INVALID_PARAMETER},      /* READONLY|READWRITE */
    {CL_RTX64_CREATE_PARAMS, true, 0xFFFFFFFFu, "P", 1, 0, 4096, ST_ERROR_INVALID_PARAMETER},
    {CL_RTX64_CREATE_PARAMS, false, K_PAGE_READWRITE, "Hi", 1, 1, 4096, ST_ERROR_INVALID_PARAMETER},
    {CL_RTX64_CREATE_PARAMS, false, K_PAGE_READONLY, NULL, 0, 0xFFFFFFFFu, 0, ST_ERROR_INVALID_PARAMETER},
    {CL_RTX64_CREATE_PARAMS, false, K_PAGE_READWRITE, "Zero", 1, 0, 0, ST_ERROR_INVALID_PARAMETER},
    {CL_RTX64_CREATE_PARAMS, false, K_PAGE_READONLY, NULL, 0, 0, 0, ST_ERROR_INVALID_PARAMETER},
    {CL_RTX64_NAME_LENGTH, false, K_PAGE_READWRITE, "a", 257, 0, 4096, ST_ERROR_FILENAME_EXCED_RANGE},
    {CL_RTX64_NAME_LENGTH, false, K_PAGE_READWRITE, "\xC3\xA9", 257, 0, 4096, ST_ERROR_FILENAME_EXCED_RANGE},
    {CL_RTX64_CREATE_PARAMS, false, K_PAGE_READWRITE, "a\\b", 1, 0, 4096, ST_ERROR_BAD_PATHNAME},
    {CL_RTX64_CREATE_PARAMS, false, K_PAGE_READWRITE, "Global\\Buf", 1, 0, 4096, ST_ERROR_BAD_PATHNAME},
    {CL_RTX64_CREATE_NO_MEMORY, false, K_PAGE_READWRITE, "Big", 1, 0, 64 * MiB + 1, ST_ERROR_NOT_ENOUGH_MEMORY},
    {CL_RTX64_CREATE_NO_MEMORY, false, K_PAGE_READONLY, NULL, 0, 0, 0xFFFFFFFFu, ST_ERROR_NOT_ENOUGH_MEMORY},
};

START_TEST(create_rejected_reports_clause_and_creates_nothing) {
    const create_reject *c = &create_rejects[_i];
    char *name = repeat(c->unit, c->times);
    sim_process *callers[2] = {rtss, win};
    uint64_t next_id = w->next_object_id;
    for (int k = c->windows_only ? 1 : 0; k < 2; k++) {
        sim_process *p = callers[k];
        set_last_error(p, 1234);
        uint64_t loc = NO_LOCATION;
        sim_outcome o = unset();
        ck_assert_uint_eq(sim_rtx64_RtCreateSharedMemory(p, c->protect, c->size_high, c->size_low, name, &loc, &o), 0);
        ck_assert_uint_eq(loc, NO_LOCATION);
        ck_assert_uint_eq(p->last_error, c->error);
        EXPECT_OUTCOME(o, c->error, c->clause);
        EXPECT_ALLOWED("RtCreateSharedMemory", o.status);
        ck_assert_uint_eq(p->handles.open, 0);
        ck_assert_uint_eq(p->as.count, 0);
    }
    ck_assert_uint_eq(rtssk->memory_used_bytes, 0);
    ck_assert_ptr_null(rtssk->first_object);
    ck_assert_uint_eq(w->next_object_id, next_id);
    if (name) ck_assert_ptr_null(sim_ns_lookup(&rtssk->ns, name));
    free(name);
}
END_TEST

START_TEST(create_null_location_reports_invalid_parameter) {
    sim_outcome o;
    ck_assert_uint_eq(create(rtss, K_PAGE_READWRITE, 4096, "NoLoc", NULL, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_INVALID_PARAMETER, CL_RTX64_CREATE_PARAMS);
    ck_assert_uint_eq(rtss->last_error, 87);
    ck_assert_uint_eq(create(win, K_PAGE_READONLY, 4096, NULL, NULL, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_INVALID_PARAMETER, CL_RTX64_CREATE_PARAMS);
    ck_assert_ptr_null(sim_ns_lookup(&rtssk->ns, "NoLoc"));
    ck_assert_uint_eq(rtssk->memory_used_bytes, 0);
}
END_TEST

static const char *const name_units[] = {"a", "\xC3\xA9", "\xE2\x82\xAC"}; /* BMP: one UTF-16 unit each */

START_TEST(create_name_of_256_chars_is_accepted) {
    /* RTX64.NAME.LENGTH: RTX_MAX_OBJECT_NAME_LENGTH (Rtapi.h) characters */
    char *name = repeat(name_units[_i], K_RTX_MAX_OBJECT_NAME_LENGTH);
    ck_assert_uint_eq(sim_name_chars(name), 256);
    uint64_t loc, loc2;
    sim_outcome o;
    ck_assert_uint_eq(create(rtss, K_PAGE_READWRITE, 4096, name, &loc, &o), 0x4);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_RTX64_CREATE_OK);
    ck_assert_uint_ne(open_shm(win, K_SHM_MAP_WRITE, name, &loc2, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_RTX64_OPEN_ACCESS);
    ck_assert_uint_ne(create(win, K_PAGE_READWRITE, 4096, name, &loc2, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_ALREADY_EXISTS, CL_RTX64_CREATE_WINDOWS_SIZE);
    free(name);
}
END_TEST

START_TEST(create_exhausts_rtss_memory_until_space_returns) {
    uint64_t l1, l2 = NO_LOCATION, l3;
    sim_outcome o;
    uint64_t h1 = create(rtss, K_PAGE_READWRITE, 48 * MiB, "Big1", &l1, &o);
    ck_assert_uint_ne(h1, 0);
    ck_assert_uint_eq(rtssk->memory_used_bytes, 48 * MiB);
    ck_assert_uint_eq(create(win, K_PAGE_READWRITE, 32 * MiB, "Big2", &l2, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_NOT_ENOUGH_MEMORY, CL_RTX64_CREATE_NO_MEMORY);
    EXPECT_ALLOWED("RtCreateSharedMemory", o.status);
    ck_assert_uint_eq(win->last_error, 8);
    ck_assert_uint_eq(l2, NO_LOCATION);
    ck_assert_ptr_null(sim_ns_lookup(&rtssk->ns, "Big2"));
    /* Exactly what is left fits; then nothing does. */
    ck_assert_uint_ne(create(win, K_PAGE_READONLY, 16 * MiB, "Rest", &l3, &o), 0);
    ck_assert_uint_eq(rtssk->memory_used_bytes, 64 * MiB);
    ck_assert_uint_eq(create(rtss, K_PAGE_READWRITE, 1, NULL, &l3, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_NOT_ENOUGH_MEMORY, CL_RTX64_CREATE_NO_MEMORY);
    ck_assert_uint_eq(rtss->last_error, 8);
    /* A full RTSS still opens existing objects, and the iwin32 pool of NodeA is separate. */
    ck_assert_uint_ne(create(win, K_PAGE_READWRITE, 4096, "Big1", &l3, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_ALREADY_EXISTS, CL_RTX64_CREATE_WINDOWS_SIZE);
    o = unset();
    ck_assert_uint_ne(sim_iwin32_RtCreateSharedMemory(win, K_PAGE_READWRITE, 0, 4096, "Big2", &l3, &o), 0);
    ck_assert_uint_eq(sim_iwin32_pool_used_bytes(nodeA), 4096);
    /* Closing Big1's handles (after unmapping) returns its 48 MiB. */
    ck_assert(sim_as_unmap(&rtss->as, l1));
    ck_assert(close_handle(rtss, h1, &o));
    ck_assert_uint_eq(rtssk->memory_used_bytes, 64 * MiB); /* win still holds Big1 */
    sim_object *big1 = sim_ns_lookup(&rtssk->ns, "Big1");
    ck_assert_uint_eq(big1->handle_count, 1);
    ck_assert(sim_as_unmap(&win->as, WIN_BASE + 16 * MiB));
    ck_assert(close_handle(win, sim_handles_value(1), &o)); /* win's second handle, 0x8 */
    ck_assert_uint_eq(rtssk->memory_used_bytes, 16 * MiB);
    ck_assert_uint_ne(create(win, K_PAGE_READWRITE, 32 * MiB, "Big2", &l2, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_RTX64_CREATE_OK);
    ck_assert_int_eq(findings.count, 0);
}
END_TEST

/* ---- RTX64.CREATE.VIEW, RTK.OPEN.RTSS_ALWAYS_RW, RTX64.OPEN.ACCESS, RTX64.OPEN.DENIED ---- */

START_TEST(read_only_request_from_rtss_is_ignored) {
    /* RTX64.CREATE.RTSS_FLPROTECT_IGNORED: flProtect PAGE_READONLY, SHM_MAP_ALL_ACCESS or 0 from RTSS
     * all make a PAGE_READWRITE object that Windows may open for writing. */
    static const uint32_t protects[] = {K_PAGE_READONLY, K_SHM_MAP_ALL_ACCESS, 0, 0x40};
    static const char *const names[] = {"RO", "ALL", "ZERO", "X40"};
    for (int i = 0; i < 4; i++) {
        uint64_t rloc, wloc = NO_LOCATION;
        sim_outcome o;
        ck_assert_uint_ne(create(rtss, protects[i], 4096, names[i], &rloc, &o), 0);
        EXPECT_OUTCOME(o, ST_ERROR_SUCCESS,
                       protects[i] == K_PAGE_READONLY ? CL_RTX64_CREATE_OK : CL_RTX64_CREATE_RTSS_FLPROTECT_IGNORED);
        ck_assert_uint_eq(rtss->last_error, ST_ERROR_SUCCESS);
        ck_assert_uint_eq(sim_ns_lookup(&rtssk->ns, names[i])->protect, K_PAGE_READWRITE);
        ck_assert(mem_write(rtss, rloc, "rtss", 4, &o));
        ck_assert_uint_ne(open_shm(win, K_SHM_MAP_WRITE, names[i], &wloc, &o), 0);
        EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_RTX64_OPEN_ACCESS);
        ck_assert(mem_write(win, wloc, "win!", 4, &o));
        char buf[4];
        ck_assert(mem_read(rtss, rloc, buf, 4, &o));
        ck_assert_mem_eq(buf, "win!", 4);
    }
}
END_TEST

START_TEST(read_only_object_from_windows_is_read_only_for_its_creator) {
    uint64_t wloc, rloc, rloc2 = NO_LOCATION;
    sim_outcome o;
    ck_assert_uint_ne(create(win, K_PAGE_READONLY, 4096, "WRO", &wloc, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_RTX64_CREATE_OK);
    /* RTX64.CREATE.VIEW: in a Windows process the creator's view follows flProtect. */
    ck_assert(!mem_write(win, wloc, "no", 2, &o));
    EXPECT_MEM(o, ST_ACCESS_VIOLATION, CL_MEM_VIEW_FAULT);
    ck_assert(reads_zero(win, wloc, 4096));
    /* RTK.OPEN.RTSS_ALWAYS_RW: the RTSS process opens it for reading and may write. The open succeeds as a
     * Windows process's would (RTX64.OPEN.ACCESS); the write rests on RTX64.OPEN.RTSS_ACCESS, the model's
     * reading that RTSS views are read-write, and reports it (a Windows view of this object faults). */
    ck_assert_uint_ne(open_shm(rtss, K_SHM_MAP_READ, "WRO", &rloc, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_RTX64_OPEN_ACCESS);
    ck_assert(mem_write(rtss, rloc, "rt", 2, &o));
    EXPECT_MEM(o, ST_OK, CL_RTX64_OPEN_RTSS_ACCESS);
    ck_assert(mem_write(win, wloc, "no", 2, &o) == false); /* the creator's own read-only view */
    EXPECT_MEM(o, ST_ACCESS_VIOLATION, CL_MEM_VIEW_FAULT);
    char buf[2];
    ck_assert(mem_read(win, wloc, buf, 2, &o));
    ck_assert_mem_eq(buf, "rt", 2);
    /* RTX64.OPEN.RTSS_ACCESS: RTSS is never denied; SHM_MAP_WRITE gives a read-write view. The success
     * rests on that clause (a Windows process is denied, RTX64.OPEN.ACCESS), so it is the one reported. */
    ck_assert_uint_ne(open_shm(rtss, K_SHM_MAP_WRITE, "WRO", &rloc2, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_RTX64_OPEN_RTSS_ACCESS);
    ck_assert(mem_write(rtss, rloc2, "Rt", 2, &o));
    /* while a Windows process is denied (RTX64.OPEN.DENIED) */
    uint64_t wloc2 = NO_LOCATION;
    ck_assert_uint_eq(open_shm(win, K_SHM_MAP_WRITE, "WRO", &wloc2, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_ACCESS_DENIED, CL_RTX64_OPEN_DENIED);
    EXPECT_ALLOWED("RtOpenSharedMemory", o.status);
    ck_assert_uint_eq(wloc2, NO_LOCATION);
    /* The RTSS process reaching it through RtCreateSharedMemory gets a read-write view. */
    ck_assert_uint_ne(create(rtss, K_PAGE_READONLY, 4096, "WRO", &rloc2, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_ALREADY_EXISTS, CL_RTX64_CREATE_EXISTS);
    ck_assert(mem_write(rtss, rloc2, "RT", 2, &o));
}
END_TEST

START_TEST(read_write_object_views_follow_access_in_windows) {
    uint64_t rloc, rd, wr, all, rrd;
    sim_outcome o;
    ck_assert_uint_ne(create(rtss, K_PAGE_READWRITE, 4096, "RW", &rloc, &o), 0);
    /* SHM_MAP_READ in Windows: read-only view. */
    ck_assert_uint_ne(open_shm(win, K_SHM_MAP_READ, "RW", &rd, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_RTX64_OPEN_ACCESS);
    ck_assert(!mem_write(win, rd, "x", 1, &o));
    EXPECT_MEM(o, ST_ACCESS_VIOLATION, CL_MEM_VIEW_FAULT);
    /* SHM_MAP_WRITE and SHM_MAP_ALL_ACCESS: read-write views. */
    ck_assert_uint_ne(open_shm(win, K_SHM_MAP_WRITE, "RW", &wr, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_RTX64_OPEN_ACCESS);
    ck_assert(mem_write(win, wr, "w", 1, &o));
    ck_assert_uint_ne(open_shm(win, K_SHM_MAP_ALL_ACCESS, "RW", &all, &o), 0);
    ck_assert(mem_write(win, all + 1, "a", 1, &o));
    char buf[2];
    ck_assert(mem_read(win, rd, buf, 2, &o)); /* all views see the same bytes */
    ck_assert_mem_eq(buf, "wa", 2);
    /* SHM_MAP_READ in RTSS: read-write anyway. */
    ck_assert_uint_ne(open_shm(rtss, K_SHM_MAP_READ, "RW", &rrd, &o), 0);
    ck_assert(mem_write(rtss, rrd, "r", 1, &o));
    ck_assert(mem_read(win, rd, buf, 1, &o));
    ck_assert_mem_eq(buf, "r", 1);
    /* A Windows creator of a PAGE_READWRITE object can write. */
    uint64_t wloc;
    ck_assert_uint_ne(create(win, K_PAGE_READWRITE, 4096, "WRW", &wloc, &o), 0);
    ck_assert(mem_write(win, wloc, "ok", 2, &o));
}
END_TEST

START_TEST(windows_create_of_existing_object_needs_both_protections_to_write) {
    /* RTX64.CREATE.VIEW: a Windows process reaching an existing object through RtCreateSharedMemory gets
     * a writable view only when both the object and its own flProtect are PAGE_READWRITE. */
    static const struct {
        uint32_t object, caller;
        bool writable;
    } rows[] = {
        {K_PAGE_READWRITE, K_PAGE_READWRITE, true},
        {K_PAGE_READWRITE, K_PAGE_READONLY, false},
        {K_PAGE_READONLY, K_PAGE_READWRITE, false},
        {K_PAGE_READONLY, K_PAGE_READONLY, false},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char name[8];
        snprintf(name, sizeof name, "P%zu", i);
        uint64_t rloc, wloc, rloc2;
        sim_outcome o;
        /* the object's protection is a Windows creator's (RTSS ignores flProtect) */
        ck_assert_uint_ne(create(win, rows[i].object, 4096, name, &rloc, &o), 0);
        ck_assert_uint_ne(create(win, rows[i].caller, 4096, name, &wloc, &o), 0);
        EXPECT_OUTCOME(o, ST_ERROR_ALREADY_EXISTS, CL_RTX64_CREATE_WINDOWS_SIZE);
        ck_assert_uint_eq(sim_ns_lookup(&rtssk->ns, name)->protect, rows[i].object); /* the creator's */
        if (rows[i].writable) {
            ck_assert(mem_write(win, wloc, "w", 1, &o));
            EXPECT_MEM(o, ST_OK, CL_MEM_SHARED);
        } else {
            ck_assert(!mem_write(win, wloc, "w", 1, &o));
            EXPECT_MEM(o, ST_ACCESS_VIOLATION, CL_MEM_VIEW_FAULT);
        }
        char c;
        ck_assert(mem_read(win, wloc, &c, 1, &o));
        /* In RTSS the same call always gives a read-write view (RTK.OPEN.RTSS_ALWAYS_RW). */
        ck_assert_uint_ne(create(rtss, rows[i].caller, 4096, name, &rloc2, &o), 0);
        EXPECT_OUTCOME(o, ST_ERROR_ALREADY_EXISTS, CL_RTX64_CREATE_EXISTS);
        ck_assert(mem_write(rtss, rloc2, "r", 1, &o));
    }
}
END_TEST

START_TEST(repeated_opens_in_one_process_return_different_locations) {
    /* RTX64.OPEN.ACCESS: "repeated opens in one process may return different locations". */
    uint64_t rloc;
    sim_outcome o;
    ck_assert_uint_ne(create(rtss, K_PAGE_READWRITE, 8192, "Rep", &rloc, &o), 0);
    sim_process *callers[2] = {rtss, win};
    for (int c = 0; c < 2; c++) {
        sim_process *p = callers[c];
        uint64_t l1, l2, l3;
        uint64_t h1 = open_shm(p, K_SHM_MAP_WRITE, "Rep", &l1, &o);
        uint64_t h2 = open_shm(p, K_SHM_MAP_WRITE, "Rep", &l2, &o);
        uint64_t h3 = open_shm(p, K_SHM_MAP_READ, "Rep", &l3, &o);
        ck_assert_uint_ne(h1, 0);
        ck_assert_uint_ne(h2, 0);
        ck_assert_uint_ne(h3, 0);
        ck_assert_uint_ne(h1, h2);
        ck_assert_uint_ne(h2, h3);
        ck_assert_uint_ne(l1, l2);
        ck_assert_uint_ne(l2, l3);
        ck_assert_uint_ne(l1, l3);
        ck_assert_uint_eq(l2, l1 + 8192);
        ck_assert(mem_write(p, l2 + 100, "same", 4, &o));
        char buf[4];
        ck_assert(mem_read(p, l1 + 100, buf, 4, &o));
        ck_assert_mem_eq(buf, "same", 4);
        ck_assert(mem_read(p, l3 + 100, buf, 4, &o));
        ck_assert_mem_eq(buf, "same", 4);
    }
    sim_object *obj = sim_ns_lookup(&rtssk->ns, "Rep");
    ck_assert_uint_eq(obj->handle_count, 7);
    ck_assert_uint_eq(obj->view_count, 7);
}
END_TEST

/* ---- RTX64.OPEN.MISSING, WRONG_TYPE, PARAMS ---- */

static const char *const missing_names[] = {"Buf", "BUF", "buf ", "bu", "nothing"};

START_TEST(open_missing_or_other_case_reports_file_not_found) {
    uint64_t rloc, loc = NO_LOCATION;
    sim_outcome o;
    ck_assert_uint_ne(create(rtss, K_PAGE_READWRITE, 4096, "buf", &rloc, &o), 0);
    sim_process *callers[2] = {rtss, win};
    for (int c = 0; c < 2; c++) {
        ck_assert_uint_eq(open_shm(callers[c], K_SHM_MAP_READ, missing_names[_i], &loc, &o), 0);
        EXPECT_OUTCOME(o, ST_ERROR_FILE_NOT_FOUND, CL_RTX64_OPEN_MISSING);
        EXPECT_ALLOWED("RtOpenSharedMemory", o.status);
        ck_assert_uint_eq(callers[c]->last_error, 2);
        ck_assert_uint_eq(loc, NO_LOCATION);
    }
    ck_assert_uint_eq(win->handles.open, 0);
}
END_TEST

START_TEST(open_iwin32_object_name_is_not_found) {
    /* NodeA's iwin32 namespace is not RTSS's. */
    uint64_t iloc, loc = NO_LOCATION;
    sim_outcome o = unset();
    ck_assert_uint_ne(sim_iwin32_RtCreateSharedMemory(win, K_PAGE_READWRITE, 0, 4096, "intime", &iloc, &o), 0);
    ck_assert_uint_eq(open_shm(win, K_SHM_MAP_READ, "intime", &loc, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_FILE_NOT_FOUND, CL_RTX64_OPEN_MISSING);
    /* And the same name can be created in RTSS as a separate object. */
    ck_assert_uint_ne(create(win, K_PAGE_READWRITE, 4096, "intime", &loc, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_RTX64_CREATE_OK);
    ck_assert_ptr_ne(sim_ns_lookup(&rtssk->ns, "intime"), sim_ns_lookup(&nodeA->ns, "intime"));
}
END_TEST

START_TEST(open_sync_object_name_reports_invalid_handle) {
    sim_outcome o;
    ck_assert_uint_ne(create_sync_kind(win, sync_kinds[_i], "Sync", &o), 0);
    uint64_t loc = NO_LOCATION;
    ck_assert_uint_eq(open_shm(rtss, K_SHM_MAP_READ, "Sync", &loc, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_INVALID_HANDLE, CL_RTX64_OPEN_WRONG_TYPE);
    EXPECT_ALLOWED("RtOpenSharedMemory", o.status);
    ck_assert_uint_eq(rtss->last_error, 6);
    ck_assert_uint_eq(open_shm(win, K_SHM_MAP_WRITE, "Sync", &loc, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_INVALID_HANDLE, CL_RTX64_OPEN_WRONG_TYPE);
    ck_assert_uint_eq(loc, NO_LOCATION);
    ck_assert_uint_eq(sim_ns_lookup(&rtssk->ns, "Sync")->handle_count, 1);
}
END_TEST

static const uint32_t bad_accesses[] = {0, 4, 5, 8, 0x80000000u, 0xFFFFFFFFu};

START_TEST(open_bad_desired_access_reports_invalid_parameter) {
    uint64_t rloc, loc = NO_LOCATION;
    sim_outcome o;
    ck_assert_uint_ne(create(rtss, K_PAGE_READWRITE, 4096, "buf", &rloc, &o), 0);
    ck_assert_uint_eq(open_shm(win, bad_accesses[_i], "buf", &loc, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_INVALID_PARAMETER, CL_RTX64_OPEN_PARAMS);
    EXPECT_ALLOWED("RtOpenSharedMemory", o.status);
    ck_assert_uint_eq(win->last_error, 87);
    ck_assert_uint_eq(loc, NO_LOCATION);
    ck_assert_uint_eq(sim_ns_lookup(&rtssk->ns, "buf")->handle_count, 1);
    /* RTX64.OPEN.RTSS_ACCESS: RTSS does not look at DesiredAccess (PAGE_READWRITE = 4 included) and
     * gives a read-write view */
    ck_assert_uint_ne(open_shm(rtss, bad_accesses[_i], "buf", &loc, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_RTX64_OPEN_RTSS_ACCESS);
    ck_assert(mem_write(rtss, loc, "w", 1, &o));
    ck_assert_uint_eq(sim_ns_lookup(&rtssk->ns, "buf")->handle_count, 2);
}
END_TEST

START_TEST(open_null_name_or_location_reports_invalid_parameter) {
    uint64_t rloc, loc = NO_LOCATION;
    sim_outcome o;
    ck_assert_uint_ne(create(rtss, K_PAGE_READWRITE, 4096, "buf", &rloc, &o), 0);
    ck_assert_uint_eq(open_shm(win, K_SHM_MAP_READ, NULL, &loc, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_INVALID_PARAMETER, CL_RTX64_OPEN_PARAMS);
    ck_assert_uint_eq(open_shm(win, K_SHM_MAP_READ, "", &loc, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_INVALID_PARAMETER, CL_RTX64_OPEN_PARAMS);
    ck_assert_uint_eq(open_shm(win, K_SHM_MAP_READ, "buf", NULL, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_INVALID_PARAMETER, CL_RTX64_OPEN_PARAMS);
    ck_assert_uint_eq(loc, NO_LOCATION);
    ck_assert_uint_eq(win->handles.open, 0);
}
END_TEST

START_TEST(open_bad_name_form_reports_name_errors) {
    /* RTX64.OPEN.PARAMS: "name form errors as RTX64.CREATE.PARAMS". */
    char *long_name = repeat("o", 257); /* RTX64.NAME.LENGTH: over RTX_MAX_OBJECT_NAME_LENGTH */
    uint64_t loc = NO_LOCATION;
    sim_outcome o;
    ck_assert_uint_eq(open_shm(win, K_SHM_MAP_READ, long_name, &loc, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_FILENAME_EXCED_RANGE, CL_RTX64_NAME_LENGTH);
    EXPECT_ALLOWED("RtOpenSharedMemory", o.status);
    ck_assert_uint_eq(win->last_error, 206);
    ck_assert_uint_eq(open_shm(rtss, K_SHM_MAP_READ, "a\\b", &loc, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_BAD_PATHNAME, CL_RTX64_OPEN_PARAMS);
    EXPECT_ALLOWED("RtOpenSharedMemory", o.status);
    ck_assert_uint_eq(rtss->last_error, 161);
    ck_assert_uint_eq(loc, NO_LOCATION);
    free(long_name);
}
END_TEST

START_TEST(open_inherit_is_ignored_and_success_keeps_last_error) {
    uint64_t rloc;
    sim_outcome o;
    ck_assert_uint_ne(create(rtss, K_PAGE_READWRITE, 4096, "inh", &rloc, &o), 0);
    set_last_error(win, 4321);
    for (int i = 0; i < 2; i++) {
        uint64_t loc = NO_LOCATION;
        o = unset();
        uint64_t h = sim_rtx64_RtOpenSharedMemory(win, K_SHM_MAP_WRITE, i == 1, "inh", &loc, &o);
        ck_assert_uint_eq(h, 0x4 + 4 * (uint64_t)i);
        ck_assert_uint_eq(loc, WIN_BASE + 4096 * (uint64_t)i);
        EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_RTX64_OPEN_ACCESS);
        ck_assert(mem_write(win, loc, "i", 1, &o));
        o = unset();
        ck_assert_uint_eq(sim_rtx64_RtOpenSharedMemory(win, K_SHM_MAP_WRITE, i == 1, "none", &loc, &o), 0);
        EXPECT_OUTCOME(o, ST_ERROR_FILE_NOT_FOUND, CL_RTX64_OPEN_MISSING);
        set_last_error(win, 4321);
    }
    ck_assert_uint_eq(win->last_error, 4321); /* successful opens do not touch the slot */
}
END_TEST

/* ---- RTX64.CLOSE, RTK.CLOSE.REFCOUNT, RTK.CLOSE.VIEWS_DIE ---- */

START_TEST(close_handle_succeeds_and_keeps_last_error) {
    uint64_t rloc, wloc;
    sim_outcome o;
    uint64_t rh = create(rtss, K_PAGE_READWRITE, 4096, "C", &rloc, &o);
    uint64_t wh = open_shm(win, K_SHM_MAP_WRITE, "C", &wloc, &o);
    ck_assert(mem_write(rtss, rloc, "keep", 4, &o));
    ck_assert(sim_as_unmap(&rtss->as, rloc));
    set_last_error(rtss, 77);
    ck_assert(close_handle(rtss, rh, &o));
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_RTK_CLOSE_REFCOUNT);
    EXPECT_ALLOWED("RtCloseHandle", o.status);
    ck_assert_uint_eq(rtss->last_error, 77);
    /* The object lives while win holds a handle. */
    sim_object *obj = sim_ns_lookup(&rtssk->ns, "C");
    ck_assert_ptr_nonnull(obj);
    ck_assert_uint_eq(obj->handle_count, 1);
    ck_assert_uint_eq(rtssk->memory_used_bytes, 4096);
    char buf[4];
    ck_assert(mem_read(win, wloc, buf, 4, &o));
    ck_assert_mem_eq(buf, "keep", 4);
    /* Last close (after unmapping): destroyed, name free, memory back, no finding. */
    ck_assert(sim_as_unmap(&win->as, wloc));
    ck_assert(close_handle(win, wh, &o));
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_RTK_CLOSE_REFCOUNT);
    ck_assert_ptr_null(sim_ns_lookup(&rtssk->ns, "C"));
    ck_assert_uint_eq(rtssk->memory_used_bytes, 0);
    ck_assert_int_eq(findings.count, 0);
    uint64_t loc;
    ck_assert_uint_eq(open_shm(win, K_SHM_MAP_READ, "C", &loc, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_FILE_NOT_FOUND, CL_RTX64_OPEN_MISSING);
    ck_assert_uint_ne(create(win, K_PAGE_READWRITE, 4096, "C", &loc, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_RTX64_CREATE_OK);
    ck_assert(reads_zero(win, loc, 4096));
}
END_TEST

static const uint64_t invalid_handles[] = {0, 1, 2, 3, 5, 0x8, 0x40, UINT64_MAX, UINT64_MAX - 3};

START_TEST(close_invalid_handle_reports_invalid_handle) {
    uint64_t loc;
    sim_outcome o;
    ck_assert_uint_eq(create(rtss, K_PAGE_READWRITE, 4096, "Keep", &loc, &o), 0x4);
    sim_process *callers[2] = {rtss, win};
    for (int c = 0; c < 2; c++) {
        set_last_error(callers[c], 0);
        ck_assert(!close_handle(callers[c], invalid_handles[_i], &o));
        EXPECT_OUTCOME(o, ST_ERROR_INVALID_HANDLE, CL_RTX64_CLOSE);
        EXPECT_ALLOWED("RtCloseHandle", o.status);
        ck_assert_uint_eq(callers[c]->last_error, 6);
    }
    ck_assert_uint_eq(sim_ns_lookup(&rtssk->ns, "Keep")->handle_count, 1);
}
END_TEST

START_TEST(close_twice_and_other_process_value_report_invalid_handle) {
    uint64_t loc;
    sim_outcome o;
    uint64_t h = create(rtss, K_PAGE_READWRITE, 4096, NULL, &loc, &o);
    ck_assert(!close_handle(win, h, &o)); /* rtss's 0x4 is not win's */
    EXPECT_OUTCOME(o, ST_ERROR_INVALID_HANDLE, CL_RTX64_CLOSE);
    ck_assert(sim_as_unmap(&rtss->as, loc));
    ck_assert(close_handle(rtss, h, &o));
    ck_assert(!close_handle(rtss, h, &o));
    EXPECT_OUTCOME(o, ST_ERROR_INVALID_HANDLE, CL_RTX64_CLOSE);
    ck_assert_uint_eq(rtssk->memory_used_bytes, 0);
}
END_TEST

START_TEST(close_sync_handles_frees_names) {
    sim_outcome o;
    for (size_t k = 0; k < 3; k++) {
        uint64_t h = create_sync_kind(win, sync_kinds[k], "SyncName", &o);
        ck_assert_uint_ne(h, 0);
        ck_assert(close_handle(win, h, &o));
        EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_RTK_CLOSE_REFCOUNT);
        ck_assert_ptr_null(sim_ns_lookup(&rtssk->ns, "SyncName"));
    }
    uint64_t loc;
    ck_assert_uint_ne(create(win, K_PAGE_READWRITE, 4096, "SyncName", &loc, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_RTX64_CREATE_OK);
}
END_TEST

START_TEST(close_last_handle_with_view_mapped_reports_dangling_view) {
    uint64_t rloc, wloc;
    sim_outcome o;
    uint64_t rh = create(rtss, K_PAGE_READWRITE, 4096, "V", &rloc, &o);
    uint64_t wh = open_shm(win, K_SHM_MAP_READ, "V", &wloc, &o);
    uint64_t id = sim_ns_lookup(&rtssk->ns, "V")->id;
    ck_assert(mem_write(rtss, rloc, "data", 4, &o));
    ck_assert(close_handle(win, wh, &o)); /* win keeps its view */
    ck_assert_int_eq(findings.count, 0);
    ck_assert(close_handle(rtss, rh, &o)); /* last handle: rtss's and win's views die */
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_RTK_CLOSE_REFCOUNT);
    ck_assert_int_eq(findings.count, 1);
    ck_assert_str_eq(findings.kind[0], "dangling-view");
    ck_assert_str_eq(findings.clause[0], CL_RTK_CLOSE_VIEWS_DIE);
    ck_assert_ptr_nonnull(spec_clause_find(findings.clause[0]));
    char expected[256];
    snprintf(expected, sizeof expected,
             "shared-memory object #%llu 'V' destroyed when its last handle was closed (in process 'rtss') while 2 "
             "views were still mapped; access through them faults",
             (unsigned long long)id);
    ck_assert_str_eq(findings.detail[0], expected);
    ck_assert_ptr_null(sim_ns_lookup(&rtssk->ns, "V"));
    ck_assert_uint_eq(rtssk->memory_used_bytes, 0);
    char buf[4] = {'x', 'x', 'x', 'x'};
    ck_assert(!mem_read(rtss, rloc, buf, 4, &o));
    EXPECT_MEM(o, ST_ACCESS_VIOLATION, CL_RTK_CLOSE_VIEWS_DIE);
    ck_assert_mem_eq(buf, "\0\0\0\0", 4);
    ck_assert(!mem_read(win, wloc, buf, 4, &o));
    EXPECT_MEM(o, ST_ACCESS_VIOLATION, CL_RTK_CLOSE_VIEWS_DIE);
    ck_assert(!mem_write(rtss, rloc, "more", 4, &o));
    EXPECT_MEM(o, ST_ACCESS_VIOLATION, CL_RTK_CLOSE_VIEWS_DIE);
    /* The name is free again: a new object, placed after the dead view. */
    uint64_t loc2;
    ck_assert_uint_ne(create(rtss, K_PAGE_READWRITE, 4096, "V", &loc2, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_RTX64_CREATE_OK);
    ck_assert_uint_eq(loc2, rloc + 4096);
    ck_assert(reads_zero(rtss, loc2, 4096));
}
END_TEST

START_TEST(windows_process_exit_closes_rtx64_handles) {
    /* RTK.CLOSE.PROCESS_EXIT: the system closes a process's handles when it terminates. */
    uint64_t rloc, l1, l2;
    sim_outcome o;
    ck_assert_uint_ne(create(rtss, K_PAGE_READWRITE, 4096, "Kept", &rloc, &o), 0);
    ck_assert_uint_ne(open_shm(win, K_SHM_MAP_WRITE, "Kept", &l1, &o), 0);
    ck_assert(mem_write(win, l1, "win", 3, &o));
    ck_assert_uint_ne(create(win, K_PAGE_READWRITE, 8192, "WinOnly", &l2, &o), 0);
    ck_assert_uint_ne(create_sync_kind(win, SIM_OBJ_EVENT, "WinEvent", &o), 0);
    ck_assert_uint_eq(rtssk->memory_used_bytes, 12 * KiB);
    sim_process_exit(win, &o);
    ck_assert(win->exited);
    ck_assert_uint_eq(win->handles.open, 0);
    ck_assert_uint_eq(win->as.count, 0);
    ck_assert_int_eq(findings.count, 1);
    ck_assert_str_eq(findings.kind[0], "handles-closed-at-exit");
    /* win's iwin32x kernel is NodeA, so the model cites the iwin32 clause even though every handle it
     * held was an RTX64 one (reported to the lead: RTK.CLOSE.PROCESS_EXIT would be the exact clause). */
    ck_assert_str_eq(findings.clause[0], CL_RTK_CLOSE_PROCESS_EXIT); /* all its handles were RTX64 objects */
    ck_assert_ptr_nonnull(spec_clause_find(findings.clause[0]));
    ck_assert_str_eq(findings.detail[0],
                     "process 'win' exited with 3 open handles and 2 mapped views; the system closed them");
    ck_assert_ptr_null(sim_ns_lookup(&rtssk->ns, "WinOnly"));
    ck_assert_ptr_null(sim_ns_lookup(&rtssk->ns, "WinEvent"));
    ck_assert_uint_eq(sim_ns_lookup(&rtssk->ns, "Kept")->handle_count, 1);
    ck_assert_uint_eq(rtssk->memory_used_bytes, 4096);
    char buf[3];
    ck_assert(mem_read(rtss, rloc, buf, 3, &o));
    ck_assert_mem_eq(buf, "win", 3);
}
END_TEST

START_TEST(rtss_process_exit_cites_rtk_process_exit) {
    uint64_t rloc;
    sim_outcome o;
    ck_assert_uint_ne(create(rtss, K_PAGE_READWRITE, 4096, NULL, &rloc, &o), 0);
    sim_process_exit(rtss, &o);
    ck_assert_int_eq(findings.count, 1);
    ck_assert_str_eq(findings.kind[0], "handles-closed-at-exit");
    ck_assert_str_eq(findings.clause[0], CL_RTK_CLOSE_PROCESS_EXIT);
    ck_assert_str_eq(findings.detail[0],
                     "process 'rtss' exited with 1 open handle and 1 mapped view; the system closed them");
    ck_assert_uint_eq(rtssk->memory_used_bytes, 0);
    ck_assert_ptr_null(rtssk->first_object);
}
END_TEST

/* ---- RTX64.SYNC.NAMES ---- */

START_TEST(sync_same_kind_name_opens_existing_with_already_exists) {
    sim_object_kind kind = sync_kinds[_i];
    sim_outcome o;
    set_last_error(rtss, 55);
    uint64_t h1 = create_sync_kind(rtss, kind, "S", &o);
    ck_assert_uint_eq(h1, 0x4);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_RTX64_SYNC_NAMES);
    EXPECT_ALLOWED(sync_function(kind), o.status);
    ck_assert_uint_eq(rtss->last_error, 0);
    uint64_t h2 = create_sync_kind(win, kind, "S", &o);
    ck_assert_uint_eq(h2, 0x4);
    EXPECT_OUTCOME(o, ST_ERROR_ALREADY_EXISTS, CL_RTX64_SYNC_NAMES);
    EXPECT_ALLOWED(sync_function(kind), o.status);
    ck_assert_uint_eq(win->last_error, 183);
    sim_object *obj = sim_ns_lookup(&rtssk->ns, "S");
    ck_assert_int_eq(obj->kind, kind);
    ck_assert_ptr_eq(sim_handles_get(&rtss->handles, h1), obj);
    ck_assert_ptr_eq(sim_handles_get(&win->handles, h2), obj);
    ck_assert_uint_eq(obj->handle_count, 2);
    ck_assert_uint_eq(obj->view_count, 0);
    ck_assert_uint_eq(rtssk->memory_used_bytes, 0);
    /* Closing one keeps it; closing both frees the name. */
    ck_assert(close_handle(rtss, h1, &o));
    ck_assert_ptr_eq(sim_ns_lookup(&rtssk->ns, "S"), obj);
    ck_assert(close_handle(win, h2, &o));
    ck_assert_ptr_null(sim_ns_lookup(&rtssk->ns, "S"));
}
END_TEST

/* (existing kind, requested kind) pairs that differ; SIM_OBJ_SHM as existing = a shared memory object. */
static const struct {
    sim_object_kind existing, requested;
} sync_conflicts[] = {
    {SIM_OBJ_SHM, SIM_OBJ_EVENT},       {SIM_OBJ_SHM, SIM_OBJ_MUTEX},         {SIM_OBJ_SHM, SIM_OBJ_SEMAPHORE},
    {SIM_OBJ_EVENT, SIM_OBJ_MUTEX},     {SIM_OBJ_EVENT, SIM_OBJ_SEMAPHORE},   {SIM_OBJ_MUTEX, SIM_OBJ_EVENT},
    {SIM_OBJ_MUTEX, SIM_OBJ_SEMAPHORE}, {SIM_OBJ_SEMAPHORE, SIM_OBJ_EVENT},   {SIM_OBJ_SEMAPHORE, SIM_OBJ_MUTEX},
};

START_TEST(sync_name_held_by_other_kind_reports_invalid_handle) {
    sim_outcome o;
    if (sync_conflicts[_i].existing == SIM_OBJ_SHM) {
        uint64_t loc;
        ck_assert_uint_ne(create(rtss, K_PAGE_READWRITE, 4096, "N", &loc, &o), 0);
    } else {
        ck_assert_uint_ne(create_sync_kind(rtss, sync_conflicts[_i].existing, "N", &o), 0);
    }
    sim_process *callers[2] = {rtss, win};
    for (int c = 0; c < 2; c++) {
        set_last_error(callers[c], 0);
        ck_assert_uint_eq(create_sync_kind(callers[c], sync_conflicts[_i].requested, "N", &o), 0);
        EXPECT_OUTCOME(o, ST_ERROR_INVALID_HANDLE, CL_RTX64_SYNC_NAMES);
        EXPECT_ALLOWED(sync_function(sync_conflicts[_i].requested), o.status);
        ck_assert_uint_eq(callers[c]->last_error, 6);
    }
    ck_assert_int_eq(sim_ns_lookup(&rtssk->ns, "N")->kind, sync_conflicts[_i].existing);
    ck_assert_uint_eq(win->handles.open, 0);
}
END_TEST

START_TEST(sync_unnamed_objects_are_distinct_and_keep_parameters) {
    sim_outcome o = unset();
    uint64_t e1 = sim_rtx64_RtCreateEvent(win, true, true, NULL, &o);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_RTX64_SYNC_NAMES);
    uint64_t e2 = sim_rtx64_RtCreateEvent(win, false, false, "", &o);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_RTX64_SYNC_NAMES);
    uint64_t m = sim_rtx64_RtCreateMutex(win, true, "Mx", &o);
    uint64_t s = sim_rtx64_RtCreateSemaphore(win, 2, 5, "Sm", &o);
    sim_sync_object *ev1 = sim_sync_of(sim_handles_get(&win->handles, e1));
    sim_sync_object *ev2 = sim_sync_of(sim_handles_get(&win->handles, e2));
    ck_assert_ptr_ne(ev1, ev2);
    ck_assert(ev1->manual_reset && ev1->signalled);
    ck_assert(!ev2->manual_reset && !ev2->signalled);
    ck_assert(sim_sync_of(sim_handles_get(&win->handles, m))->owned);
    sim_sync_object *sem = sim_sync_of(sim_handles_get(&win->handles, s));
    ck_assert_int_eq(sem->count, 2);
    ck_assert_int_eq(sem->max_count, 5);
    ck_assert_ptr_eq(sem->obj.kernel, rtssk);
    /* Opening an existing semaphore does not reset it. */
    o = unset();
    ck_assert_uint_ne(sim_rtx64_RtCreateSemaphore(rtss, 0, 1, "Sm", &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_ALREADY_EXISTS, CL_RTX64_SYNC_NAMES);
    ck_assert_int_eq(sem->count, 2);
    ck_assert_int_eq(sem->max_count, 5);
    ck_assert_ptr_null(sim_ns_lookup(&rtssk->ns, ""));
}
END_TEST

static const struct {
    int32_t initial, maximum;
} bad_semaphores[] = {{0, 0}, {-1, 1}, {2, 1}, {0, -5}, {INT32_MIN, INT32_MAX}, {1, 0}};

START_TEST(sync_semaphore_bad_counts_report_invalid_parameter) {
    sim_process *callers[2] = {rtss, win};
    for (int c = 0; c < 2; c++) {
        sim_outcome o = unset();
        ck_assert_uint_eq(sim_rtx64_RtCreateSemaphore(callers[c], bad_semaphores[_i].initial, bad_semaphores[_i].maximum,
                                                      "Sem", &o),
                          0);
        EXPECT_OUTCOME(o, ST_ERROR_INVALID_PARAMETER, CL_RTX64_SYNC_NAMES);
        EXPECT_ALLOWED("RtCreateSemaphore", o.status);
        ck_assert_uint_eq(callers[c]->last_error, 87);
        ck_assert_uint_eq(callers[c]->handles.open, 0);
    }
    ck_assert_ptr_null(sim_ns_lookup(&rtssk->ns, "Sem"));
}
END_TEST

START_TEST(sync_semaphore_boundary_counts_are_accepted) {
    sim_outcome o = unset();
    ck_assert_uint_ne(sim_rtx64_RtCreateSemaphore(rtss, 0, 1, NULL, &o), 0);
    ck_assert_uint_ne(sim_rtx64_RtCreateSemaphore(rtss, 1, 1, NULL, &o), 0);
    ck_assert_uint_ne(sim_rtx64_RtCreateSemaphore(rtss, INT32_MAX, INT32_MAX, NULL, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_RTX64_SYNC_NAMES);
}
END_TEST

START_TEST(sync_bad_name_form_reports_name_errors) {
    char *long_name = repeat("s", 261);
    char *max_name = repeat("s", K_RTX_MAX_OBJECT_NAME_LENGTH);
    for (size_t k = 0; k < 3; k++) {
        sim_outcome o;
        ck_assert_uint_eq(create_sync_kind(win, sync_kinds[k], long_name, &o), 0);
        EXPECT_OUTCOME(o, ST_ERROR_FILENAME_EXCED_RANGE, CL_RTX64_SYNC_NAMES);
        EXPECT_ALLOWED(sync_function(sync_kinds[k]), o.status);
        ck_assert_uint_eq(win->last_error, 206);
        ck_assert_uint_eq(create_sync_kind(rtss, sync_kinds[k], "x\\y", &o), 0);
        EXPECT_OUTCOME(o, ST_ERROR_BAD_PATHNAME, CL_RTX64_SYNC_NAMES);
        EXPECT_ALLOWED(sync_function(sync_kinds[k]), o.status);
        ck_assert_uint_eq(rtss->last_error, 161);
    }
    sim_outcome o;
    ck_assert_uint_ne(create_sync_kind(win, SIM_OBJ_MUTEX, max_name, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_RTX64_SYNC_NAMES);
    free(long_name);
    free(max_name);
}
END_TEST

START_TEST(sync_rtss_and_intime_namespaces_are_separate) {
    /* win's iwin32x CreateEvent goes to NodeA, its RtCreateEvent to RTSS. */
    sim_outcome o = unset();
    ck_assert_uint_ne(sim_iwin32_CreateEvent(win, false, false, "Both", &o), 0);
    ck_assert_uint_ne(create_sync_kind(win, SIM_OBJ_MUTEX, "Both", &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_RTX64_SYNC_NAMES);
    ck_assert_int_eq(sim_ns_lookup(&nodeA->ns, "Both")->kind, SIM_OBJ_EVENT);
    ck_assert_int_eq(sim_ns_lookup(&rtssk->ns, "Both")->kind, SIM_OBJ_MUTEX);
}
END_TEST

/* ---- RTX64.LASTERROR ---- */

START_TEST(last_error_get_and_set_per_process) {
    sim_outcome o = unset();
    ck_assert_uint_eq(sim_rtx64_GetLastError(rtss, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_RTX64_LASTERROR);
    EXPECT_ALLOWED("GetLastError", o.status);
    o = unset();
    sim_rtx64_SetLastError(rtss, 0xCAFEF00Du, &o);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_RTX64_LASTERROR);
    EXPECT_ALLOWED("SetLastError", o.status);
    ck_assert_uint_eq(sim_rtx64_GetLastError(rtss, &o), 0xCAFEF00Du);
    ck_assert_uint_eq(sim_rtx64_GetLastError(win, &o), 0); /* each process has its own slot */
    ck_assert_uint_eq(sim_rtx64_GetLastError(rtss, &o), 0xCAFEF00Du); /* reading does not clear it */
    sim_rtx64_SetLastError(win, 0, &o);
    ck_assert_uint_eq(sim_rtx64_GetLastError(win, &o), 0);
}
END_TEST

START_TEST(last_error_set_by_failures_and_creating_calls) {
    sim_outcome o;
    uint64_t loc;
    ck_assert(!close_handle(win, 0x40, &o));
    ck_assert_uint_eq(sim_rtx64_GetLastError(win, &o), ST_ERROR_INVALID_HANDLE);
    /* Opening and closing successfully leave the slot alone ... */
    ck_assert_uint_ne(create(rtss, K_PAGE_READWRITE, 4096, "L", &loc, &o), 0);
    uint64_t h = open_shm(win, K_SHM_MAP_READ, "L", &loc, &o);
    ck_assert_uint_eq(sim_rtx64_GetLastError(win, &o), ST_ERROR_INVALID_HANDLE);
    ck_assert(sim_as_unmap(&win->as, loc));
    ck_assert(close_handle(win, h, &o));
    ck_assert_uint_eq(sim_rtx64_GetLastError(win, &o), ST_ERROR_INVALID_HANDLE);
    /* ... the creating calls set it on success ... */
    ck_assert_uint_ne(create(win, K_PAGE_READWRITE, 4096, "L", &loc, &o), 0);
    ck_assert_uint_eq(sim_rtx64_GetLastError(win, &o), ST_ERROR_ALREADY_EXISTS);
    ck_assert_uint_ne(create(win, K_PAGE_READWRITE, 4096, "L2", &loc, &o), 0);
    ck_assert_uint_eq(sim_rtx64_GetLastError(win, &o), ST_ERROR_SUCCESS);
    ck_assert_uint_ne(create_sync_kind(win, SIM_OBJ_EVENT, "E", &o), 0);
    ck_assert_uint_eq(sim_rtx64_GetLastError(win, &o), ST_ERROR_SUCCESS);
    ck_assert_uint_ne(create_sync_kind(win, SIM_OBJ_EVENT, "E", &o), 0);
    ck_assert_uint_eq(sim_rtx64_GetLastError(win, &o), ST_ERROR_ALREADY_EXISTS);
    /* ... and every failure overwrites it. */
    ck_assert_uint_eq(open_shm(win, K_SHM_MAP_READ, "missing", &loc, &o), 0);
    ck_assert_uint_eq(sim_rtx64_GetLastError(win, &o), ST_ERROR_FILE_NOT_FOUND);
    ck_assert_uint_eq(sim_rtx64_GetLastError(rtss, &o), ST_ERROR_SUCCESS); /* rtss's own create */
}
END_TEST

Suite *rtx64_suite(void) {
    Suite *s = suite_create("rtx64");
    TCase *tc = tcase_create("create");
    tcase_add_checked_fixture(tc, world_setup, world_teardown);
    tcase_add_test(tc, create_in_rtss_returns_handle_view_and_last_error_zero);
    tcase_add_test(tc, create_in_windows_reaches_rtss);
    tcase_add_test(tc, create_size_rounds_up_to_page);
    tcase_add_test(tc, create_unnamed_twice_gives_distinct_objects);
    tcase_add_test(tc, create_names_differing_in_case_are_different_objects);
    tcase_add_test(tc, create_existing_name_reports_already_exists);
    tcase_add_test(tc, create_existing_checks_arguments_first);
    tcase_add_loop_test(tc, create_name_of_sync_object_reports_invalid_handle, 0, 3);
    tcase_add_loop_test(tc, create_rejected_reports_clause_and_creates_nothing, 0,
                        (int)(sizeof create_rejects / sizeof create_rejects[0]));
    tcase_add_test(tc, create_null_location_reports_invalid_parameter);
    tcase_add_loop_test(tc, create_name_of_256_chars_is_accepted, 0, (int)(sizeof name_units / sizeof name_units[0]));
    tcase_add_test(tc, create_exhausts_rtss_memory_until_space_returns);
    suite_add_tcase(s, tc);

    tc = tcase_create("views");
    tcase_add_checked_fixture(tc, world_setup, world_teardown);
    tcase_add_test(tc, read_only_request_from_rtss_is_ignored);
    tcase_add_test(tc, read_only_object_from_windows_is_read_only_for_its_creator);
    tcase_add_test(tc, read_write_object_views_follow_access_in_windows);
    tcase_add_test(tc, windows_create_of_existing_object_needs_both_protections_to_write);
    tcase_add_test(tc, repeated_opens_in_one_process_return_different_locations);
    suite_add_tcase(s, tc);

    tc = tcase_create("open");
    tcase_add_checked_fixture(tc, world_setup, world_teardown);
    tcase_add_loop_test(tc, open_missing_or_other_case_reports_file_not_found, 0,
                        (int)(sizeof missing_names / sizeof missing_names[0]));
    tcase_add_test(tc, open_iwin32_object_name_is_not_found);
    tcase_add_loop_test(tc, open_sync_object_name_reports_invalid_handle, 0, 3);
    tcase_add_loop_test(tc, open_bad_desired_access_reports_invalid_parameter, 0,
                        (int)(sizeof bad_accesses / sizeof bad_accesses[0]));
    tcase_add_test(tc, open_null_name_or_location_reports_invalid_parameter);
    tcase_add_test(tc, open_bad_name_form_reports_name_errors);
    tcase_add_test(tc, open_inherit_is_ignored_and_success_keeps_last_error);
    suite_add_tcase(s, tc);

    tc = tcase_create("close");
    tcase_add_checked_fixture(tc, world_setup, world_teardown);
    tcase_add_test(tc, close_handle_succeeds_and_keeps_last_error);
    tcase_add_loop_test(tc, close_invalid_handle_reports_invalid_handle, 0,
                        (int)(sizeof invalid_handles / sizeof invalid_handles[0]));
    tcase_add_test(tc, close_twice_and_other_process_value_report_invalid_handle);
    tcase_add_test(tc, close_sync_handles_frees_names);
    tcase_add_test(tc, close_last_handle_with_view_mapped_reports_dangling_view);
    tcase_add_test(tc, windows_process_exit_closes_rtx64_handles);
    tcase_add_test(tc, rtss_process_exit_cites_rtk_process_exit);
    suite_add_tcase(s, tc);

    tc = tcase_create("sync");
    tcase_add_checked_fixture(tc, world_setup, world_teardown);
    tcase_add_loop_test(tc, sync_same_kind_name_opens_existing_with_already_exists, 0, 3);
    tcase_add_loop_test(tc, sync_name_held_by_other_kind_reports_invalid_handle, 0,
                        (int)(sizeof sync_conflicts / sizeof sync_conflicts[0]));
    tcase_add_test(tc, sync_unnamed_objects_are_distinct_and_keep_parameters);
    tcase_add_loop_test(tc, sync_semaphore_bad_counts_report_invalid_parameter, 0,
                        (int)(sizeof bad_semaphores / sizeof bad_semaphores[0]));
    tcase_add_test(tc, sync_semaphore_boundary_counts_are_accepted);
    tcase_add_test(tc, sync_bad_name_form_reports_name_errors);
    tcase_add_test(tc, sync_rtss_and_intime_namespaces_are_separate);
    tcase_add_test(tc, last_error_get_and_set_per_process);
    tcase_add_test(tc, last_error_set_by_failures_and_creating_calls);
    suite_add_tcase(s, tc);
    return s;
}
