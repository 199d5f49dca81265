/* sim/tests/test_iwin32.c — the INtime iwin32 shared-memory family on the model (sim/iwin32.h),
 * driven through a whole sim_world. One test (or one table) per IWIN32.* clause of
 * spec/CLAUSES.md and spec/include/spec/clauses_model.def; the clause ID is in each test's name or
 * comment, and every outcome's clause string is asserted and checked against the spec catalogue.
 *
 * World (fixture TOPO_INTIME_HOST in sim_test.h): node 'host' (Windows, va_limit 128 TiB), INtime kernel
 * 'NodeA' on it with a 16 MiB iwin32 pool, process 'rt' (SIM_PROC_RT on NodeA, index 0: window base
 * 0x10000000) and process 'win' (SIM_PROC_WINDOWS reaching NodeA through iwin32x, index 1: base
 * 0x10000000 + 1 TiB). Findings go to a sink that copies them, so tests can assert kind, clause and
 * detail. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/iwin32.h"
#include "sim/shm.h"
#include "sim/mem.h"
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
#define RT_BASE 0x10000000ull
#define WIN_BASE (0x10000000ull + TiB)
#define NO_LOCATION 0xBADBADBADull /* what *location holds before a call that must not touch it */

/* ---- fixture ---- */

/* The world of the header comment, seed 42: INTIME_HOST_FIXTURE (sim_test.h) defines w, nodeA, rt, win,
 * findings, world_setup and world_teardown. */
INTIME_HOST_FIXTURE(42)

/* ---- helpers ---- */

/* The outcome of a vendor call (Win32 family); the statuses the iwin32 function fn may report
 * (documented or model-chosen). */
#define EXPECT_OUTCOME(o, st, cl) EXPECT_WIN32(o, st, cl)
#define EXPECT_ALLOWED(fn, st) EXPECT_ALLOWED_IN(SPEC_API_IWIN32, SPEC_FAMILY_WIN32, fn, st)

static uint64_t create(sim_process *p, uint32_t size_low, const char *name, uint64_t *location, sim_outcome *o) {
    *o = unset();
    return sim_iwin32_RtCreateSharedMemory(p, K_PAGE_READWRITE, 0, size_low, name, location, o);
}

static uint64_t open_shm(sim_process *p, const char *name, uint64_t *location, sim_outcome *o) {
    *o = unset();
    return sim_iwin32_RtOpenSharedMemory(p, 0, false, name, location, o);
}

static bool close_handle(sim_process *p, uint64_t h, sim_outcome *o) {
    *o = unset();
    return sim_iwin32_CloseHandle(p, h, o);
}

static bool unmap(sim_process *p, uint64_t location, sim_outcome *o) {
    *o = unset();
    return sim_iwin32_RtUnmapSharedMemory(p, location, o);
}

/* ---- IWIN32.CREATE.OK, NEW_LAST_ERROR ---- */

START_TEST(create_new_returns_handle_location_and_zeroed_memory) {
    /* IWIN32.CREATE.OK, IWIN32.CREATE.NEW_LAST_ERROR */
    sim_iwin32_SetLastError(rt, 1234, &(sim_outcome){0});
    uint64_t loc = NO_LOCATION;
    sim_outcome o;
    uint64_t h = create(rt, 8 * KiB, "Buf", &loc, &o);
    ck_assert_uint_eq(h, 0x4);
    ck_assert_uint_eq(loc, RT_BASE);
    ck_assert_uint_eq(rt->last_error, ST_ERROR_SUCCESS);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_CREATE_OK);
    EXPECT_ALLOWED("RtCreateSharedMemory", o.status);
    ck_assert(reads_zero(rt, loc, 8 * KiB));
    ck_assert_uint_eq(sim_iwin32_pool_used_bytes(nodeA), 8 * KiB);
    sim_object *obj = sim_ns_lookup(&nodeA->ns, "Buf");
    ck_assert_ptr_nonnull(obj);
    ck_assert_int_eq(obj->kind, SIM_OBJ_SHM);
    ck_assert_uint_eq(obj->handle_count, 1);
    ck_assert_uint_eq(obj->view_count, 1);
    /* The view is read-write. */
    ck_assert(mem_write(rt, loc + 100, "hi", 2, &o));
    EXPECT_MEM(o, ST_OK, CL_MEM_SHARED);
}
END_TEST

START_TEST(create_size_rounds_up_to_page) {
    /* IWIN32.CREATE.OK: MaximumSizeLow bytes rounded up to 4 KiB. */
    uint64_t loc;
    sim_outcome o;
    ck_assert_uint_ne(create(rt, 5000, "Round", &loc, &o), 0);
    ck_assert_uint_eq(sim_ns_lookup(&nodeA->ns, "Round")->size_bytes, 8192);
    ck_assert_uint_eq(sim_iwin32_pool_used_bytes(nodeA), 8192);
    ck_assert(reads_zero(rt, loc + 8191, 1)); /* the rounded tail is usable */
    unsigned char b;
    ck_assert(!mem_read(rt, loc + 8192, &b, 1, &o));
    EXPECT_MEM(o, ST_ACCESS_VIOLATION, CL_MEM_VIEW_OUTSIDE);
    ck_assert_uint_ne(create(rt, 1, "One", &loc, &o), 0);
    ck_assert_uint_eq(sim_ns_lookup(&nodeA->ns, "One")->size_bytes, 4096);
}
END_TEST

START_TEST(create_from_windows_process_through_iwin32x) {
    uint64_t loc;
    sim_outcome o;
    uint64_t h = create(win, 4 * KiB, "FromWin", &loc, &o);
    ck_assert_uint_eq(h, 0x4); /* handle values are per process */
    ck_assert_uint_eq(loc, WIN_BASE);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_CREATE_OK);
    ck_assert_ptr_nonnull(sim_ns_lookup(&nodeA->ns, "FromWin")); /* in NodeA's namespace */
    ck_assert_uint_eq(sim_iwin32_pool_used_bytes(nodeA), 4 * KiB);
}
END_TEST

/* IWIN32.CREATE.FLPROTECT_IGNORED: every flProtect value gives the same result. */
static const uint32_t protect_values[] = {0, K_PAGE_READONLY, K_PAGE_READWRITE, 0x40, 0xFFFFFFFFu};

START_TEST(create_flprotect_is_ignored) {
    uint32_t protect = protect_values[_i];
    uint64_t loc = NO_LOCATION;
    sim_outcome o = unset();
    uint64_t h = sim_iwin32_RtCreateSharedMemory(rt, protect, 0, 4096, "P", &loc, &o);
    ck_assert_uint_eq(h, 0x4);
    ck_assert_uint_eq(loc, RT_BASE);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_CREATE_OK);
    ck_assert(mem_write(rt, loc, "w", 1, &o)); /* read-write even for PAGE_READONLY */
    o = unset();
    uint64_t h2 = sim_iwin32_RtCreateSharedMemory(win, protect, 0, 4096, "P", &loc, &o);
    ck_assert_uint_eq(h2, 0x4);
    EXPECT_OUTCOME(o, ST_ERROR_ALREADY_EXISTS, CL_IWIN32_CREATE_EXISTS);
}
END_TEST

/* ---- rejected creates: one row per clause that refuses a create ---- */

typedef struct create_reject {
    const char *clause;
    const char *unit; /* name = unit repeated `times` (NULL: unnamed) */
    int times;
    uint32_t size_high, size_low;
    uint32_t error;
} create_reject;

static const create_reject create_rejects[] = {
    {CL_IWIN32_CREATE_SIZE_HIGH, "Hi", 1, 1, 4096, ST_ERROR_INVALID_PARAMETER},
    {CL_IWIN32_CREATE_SIZE_HIGH, NULL, 0, 0xFFFFFFFFu, 4096, ST_ERROR_INVALID_PARAMETER},
    {CL_IWIN32_CREATE_SIZE_HIGH, "Hi", 1, 1, 0, ST_ERROR_INVALID_PARAMETER},
    {CL_IWIN32_CREATE_SIZE_ZERO, "Zero", 1, 0, 0, ST_ERROR_INVALID_PARAMETER},
    {CL_IWIN32_CREATE_SIZE_ZERO, NULL, 0, 0, 0, ST_ERROR_INVALID_PARAMETER},
    {CL_IWIN32_CREATE_NAME_LENGTH, "a", 261, 0, 4096, ST_ERROR_FILENAME_EXCED_RANGE},
    {CL_IWIN32_CREATE_NAME_LENGTH, "\xC3\xA9", 261, 0, 4096, ST_ERROR_FILENAME_EXCED_RANGE}, /* 261 x U+00E9 */
    {CL_IWIN32_CREATE_NAME_LENGTH, "a", 1000, 0, 4096, ST_ERROR_FILENAME_EXCED_RANGE},
    {CL_IWIN32_CREATE_NAME_BACKSLASH, "a\\b", 1, 0, 4096, ST_ERROR_BAD_PATHNAME},
    {CL_IWIN32_CREATE_NAME_BACKSLASH, "\\", 1, 0, 4096, ST_ERROR_BAD_PATHNAME},
    {CL_IWIN32_CREATE_NAME_BACKSLASH, "Global\\Buf", 1, 0, 4096, ST_ERROR_BAD_PATHNAME},
    {CL_IWIN32_CREATE_POOL, "Big", 1, 0, 16 * MiB + 1, ST_ERROR_NOT_ENOUGH_MEMORY},
    {CL_IWIN32_CREATE_POOL, NULL, 0, 0, 0xFFFFFFFFu, ST_ERROR_NOT_ENOUGH_MEMORY},
};

START_TEST(create_rejected_reports_clause_and_creates_nothing) {
    const create_reject *c = &create_rejects[_i];
    char *name = repeat(c->unit, c->times);
    sim_iwin32_SetLastError(rt, 1234, &(sim_outcome){0});
    uint64_t loc = NO_LOCATION;
    sim_outcome o = unset();
    uint64_t h = sim_iwin32_RtCreateSharedMemory(rt, K_PAGE_READWRITE, c->size_high, c->size_low, name, &loc, &o);
    ck_assert_uint_eq(h, 0);
    ck_assert_uint_eq(loc, NO_LOCATION);
    ck_assert_uint_eq(rt->last_error, c->error);
    EXPECT_OUTCOME(o, c->error, c->clause);
    EXPECT_ALLOWED("RtCreateSharedMemory", o.status);
    ck_assert_uint_eq(rt->handles.open, 0);
    ck_assert_uint_eq(rt->as.count, 0);
    ck_assert_uint_eq(sim_iwin32_pool_used_bytes(nodeA), 0);
    if (name) ck_assert_ptr_null(sim_ns_lookup(&nodeA->ns, name));
    free(name);
}
END_TEST

START_TEST(create_null_location_reports_invalid_parameter) {
    /* IWIN32.CREATE.NULL_LOCATION (model) */
    sim_outcome o;
    ck_assert_uint_eq(create(rt, 4096, "NoLoc", NULL, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_INVALID_PARAMETER, CL_IWIN32_CREATE_NULL_LOCATION);
    ck_assert_uint_eq(rt->last_error, ST_ERROR_INVALID_PARAMETER);
    ck_assert_ptr_null(sim_ns_lookup(&nodeA->ns, "NoLoc"));
}
END_TEST

/* ---- IWIN32.CREATE.NAME_LENGTH, accepted side ---- */

static const struct { const char *unit; int times; } long_names[] = {
    {"a", 260},
    {"\xC3\xA9", 260},     /* 260 two-byte characters: 520 bytes, 260 characters */
    {"\xE2\x82\xAC", 260}, /* 260 x U+20AC: 780 bytes */
    {"\xF0\x9F\x98\x80", 130}, /* 130 x U+1F600: 260 UTF-16 code units */
};

START_TEST(create_name_of_max_path_chars_is_accepted) {
    char *name = repeat(long_names[_i].unit, long_names[_i].times);
    ck_assert_uint_eq(sim_name_chars(name), 260);
    uint64_t loc, loc2;
    sim_outcome o;
    ck_assert_uint_eq(create(rt, 4096, name, &loc, &o), 0x4);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_CREATE_OK);
    ck_assert_uint_ne(open_shm(win, name, &loc2, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_OPEN_OK);
    free(name);
}
END_TEST

START_TEST(name_chars_counts_utf16_code_units) {
    ck_assert_uint_eq(sim_name_chars(""), 0);
    ck_assert_uint_eq(sim_name_chars("Buf"), 3);
    ck_assert_uint_eq(sim_name_chars("\xC3\xA9"), 1);
    ck_assert_uint_eq(sim_name_chars("a\xE2\x82\xAC" "b"), 3);
    ck_assert_uint_eq(sim_name_chars("\xF0\x9F\x98\x80"), 2); /* a surrogate pair */
}
END_TEST

/* ---- IWIN32.CREATE.NULL_NAME ---- */

START_TEST(create_null_name_twice_gives_distinct_objects) {
    uint64_t loc1, loc2;
    sim_outcome o;
    uint64_t h1 = create(rt, 4096, NULL, &loc1, &o);
    ck_assert_uint_eq(h1, 0x4);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_CREATE_NULL_NAME);
    sim_iwin32_SetLastError(rt, ST_ERROR_ALREADY_EXISTS, &(sim_outcome){0});
    uint64_t h2 = create(rt, 4096, NULL, &loc2, &o);
    ck_assert_uint_eq(h2, 0x8);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_CREATE_NULL_NAME); /* never ERROR_ALREADY_EXISTS */
    ck_assert_uint_eq(rt->last_error, ST_ERROR_SUCCESS);
    ck_assert_uint_ne(loc1, loc2);
    ck_assert_ptr_ne(sim_handles_get(&rt->handles, h1), sim_handles_get(&rt->handles, h2));
    ck_assert_uint_eq(sim_iwin32_pool_used_bytes(nodeA), 8192); /* two objects charged */
    ck_assert(mem_write(rt, loc1, "one", 3, &o));
    ck_assert(reads_zero(rt, loc2, 4096)); /* the second object does not see the first's bytes */
}
END_TEST

START_TEST(create_empty_name_is_unnamed) {
    uint64_t loc1, loc2;
    sim_outcome o;
    ck_assert_uint_ne(create(rt, 4096, "", &loc1, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_CREATE_NULL_NAME);
    ck_assert_uint_ne(create(rt, 4096, "", &loc2, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_CREATE_NULL_NAME);
    ck_assert_uint_ne(loc1, loc2);
    ck_assert_ptr_null(sim_ns_lookup(&nodeA->ns, ""));
}
END_TEST

/* ---- IWIN32.CREATE.NAME_CASE ---- */

START_TEST(create_names_differing_in_case_are_different_objects) {
    uint64_t upper, lower;
    sim_outcome o;
    ck_assert_uint_ne(create(rt, 4096, "Buf", &upper, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_CREATE_OK);
    ck_assert_uint_ne(create(rt, 4096, "buf", &lower, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_CREATE_OK); /* not ERROR_ALREADY_EXISTS */
    ck_assert(mem_write(rt, upper, "UPPER", 5, &o));
    ck_assert(reads_zero(rt, lower, 4096));
    ck_assert_ptr_ne(sim_ns_lookup(&nodeA->ns, "Buf"), sim_ns_lookup(&nodeA->ns, "buf"));
}
END_TEST

/* ---- IWIN32.CREATE.EXISTS, EXISTS_SIZE_IGNORED, EXISTS_SAME_MEMORY ---- */

START_TEST(create_existing_name_reports_already_exists) {
    uint64_t rt_loc, win_loc = NO_LOCATION;
    sim_outcome o;
    ck_assert_uint_ne(create(rt, 4096, "Shared", &rt_loc, &o), 0);
    uint64_t h = create(win, 64 * KiB, "Shared", &win_loc, &o);
    ck_assert_uint_eq(h, 0x4);
    ck_assert_uint_eq(win_loc, WIN_BASE);
    ck_assert_uint_eq(win->last_error, ST_ERROR_ALREADY_EXISTS);
    ck_assert_uint_eq(win->last_error, 183);
    EXPECT_OUTCOME(o, ST_ERROR_ALREADY_EXISTS, CL_IWIN32_CREATE_EXISTS);
    EXPECT_ALLOWED("RtCreateSharedMemory", o.status);
    sim_object *obj = sim_ns_lookup(&nodeA->ns, "Shared");
    ck_assert_ptr_eq(sim_handles_get(&win->handles, h), obj);
    ck_assert_uint_eq(obj->handle_count, 2);
    ck_assert_uint_eq(obj->view_count, 2);
    /* Same process again: a second handle and a second view of the same object. */
    uint64_t loc3;
    ck_assert_uint_eq(create(rt, 4096, "Shared", &loc3, &o), 0x8);
    EXPECT_OUTCOME(o, ST_ERROR_ALREADY_EXISTS, CL_IWIN32_CREATE_EXISTS);
    ck_assert_uint_eq(loc3, rt_loc + 4096);
}
END_TEST

START_TEST(create_existing_keeps_creator_size) {
    /* IWIN32.CREATE.EXISTS_SIZE_IGNORED */
    uint64_t rt_loc, win_loc;
    sim_outcome o;
    ck_assert_uint_ne(create(rt, 4096, "Small", &rt_loc, &o), 0);
    ck_assert_uint_ne(create(win, 64 * KiB, "Small", &win_loc, &o), 0);
    ck_assert_uint_eq(sim_ns_lookup(&nodeA->ns, "Small")->size_bytes, 4096);
    ck_assert_uint_eq(sim_iwin32_pool_used_bytes(nodeA), 4096); /* nothing more charged */
    ck_assert(reads_zero(win, win_loc + 4095, 1));
    unsigned char b;
    ck_assert(!mem_read(win, win_loc + 4096, &b, 1, &o)); /* the view is the creator's size */
    EXPECT_MEM(o, ST_ACCESS_VIOLATION, CL_MEM_VIEW_OUTSIDE);
    /* Size 0 is fine for an existing object (SIZE_ZERO concerns new objects only). */
    uint64_t loc0;
    ck_assert_uint_ne(create(win, 0, "Small", &loc0, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_ALREADY_EXISTS, CL_IWIN32_CREATE_EXISTS);
    /* Even a size larger than the pool: the pool is not consulted for an existing object. */
    ck_assert_uint_ne(create(win, 0xFFFFFFFFu, "Small", &loc0, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_ALREADY_EXISTS, CL_IWIN32_CREATE_EXISTS);
}
END_TEST

START_TEST(create_existing_reaches_same_bytes) {
    /* IWIN32.CREATE.EXISTS_SAME_MEMORY, MEM.SHARED */
    uint64_t rt_loc, win_loc;
    sim_outcome o;
    ck_assert_uint_ne(create(rt, 8192, "Same", &rt_loc, &o), 0);
    ck_assert_uint_ne(create(win, 8192, "Same", &win_loc, &o), 0);
    ck_assert(mem_write(rt, rt_loc + 4094, "across", 6, &o)); /* straddles the page boundary */
    char buf[6];
    ck_assert(mem_read(win, win_loc + 4094, buf, 6, &o));
    EXPECT_MEM(o, ST_OK, CL_MEM_SHARED);
    ck_assert_mem_eq(buf, "across", 6);
    ck_assert(mem_write(win, win_loc, "back", 4, &o));
    ck_assert(mem_read(rt, rt_loc, buf, 4, &o));
    ck_assert_mem_eq(buf, "back", 4);
}
END_TEST

START_TEST(create_existing_checks_size_high_first) {
    /* Model order: argument checks (SIZE_HIGH) come before the namespace. */
    uint64_t loc = NO_LOCATION;
    sim_outcome o;
    ck_assert_uint_ne(create(rt, 4096, "Order", &loc, &o), 0);
    o = unset();
    loc = NO_LOCATION;
    ck_assert_uint_eq(sim_iwin32_RtCreateSharedMemory(win, K_PAGE_READWRITE, 1, 4096, "Order", &loc, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_INVALID_PARAMETER, CL_IWIN32_CREATE_SIZE_HIGH);
    ck_assert_uint_eq(loc, NO_LOCATION);
    ck_assert_uint_eq(sim_ns_lookup(&nodeA->ns, "Order")->handle_count, 1);
}
END_TEST

/* ---- IWIN32.CREATE.NAME_COLLISION ---- */

static uint64_t create_sync_kind(sim_process *p, sim_object_kind kind, const char *name, sim_outcome *o) {
    *o = unset();
    switch (kind) {
    case SIM_OBJ_EVENT: return sim_iwin32_CreateEvent(p, false, false, name, o);
    case SIM_OBJ_MUTEX: return sim_iwin32_CreateMutex(p, false, name, o);
    case SIM_OBJ_SEMAPHORE: return sim_iwin32_CreateSemaphore(p, 0, 1, name, o);
    default: ck_abort_msg("not a sync kind");
    }
    return 0;
}

static const sim_object_kind sync_kinds[] = {SIM_OBJ_EVENT, SIM_OBJ_MUTEX, SIM_OBJ_SEMAPHORE};

START_TEST(create_name_of_sync_object_reports_invalid_handle) {
    sim_outcome o;
    ck_assert_uint_ne(create_sync_kind(rt, sync_kinds[_i], "Taken", &o), 0);
    sim_process *callers[2] = {rt, win};
    for (int c = 0; c < 2; c++) {
        uint64_t loc = NO_LOCATION;
        ck_assert_uint_eq(create(callers[c], 4096, "Taken", &loc, &o), 0);
        EXPECT_OUTCOME(o, ST_ERROR_INVALID_HANDLE, CL_IWIN32_CREATE_NAME_COLLISION);
        EXPECT_ALLOWED("RtCreateSharedMemory", o.status);
        ck_assert_uint_eq(callers[c]->last_error, 6);
        ck_assert_uint_eq(loc, NO_LOCATION);
    }
    ck_assert_int_eq(sim_ns_lookup(&nodeA->ns, "Taken")->kind, sync_kinds[_i]);
    ck_assert_uint_eq(sim_iwin32_pool_used_bytes(nodeA), 0);
}
END_TEST

/* ---- IWIN32.CREATE.POOL ---- */

START_TEST(create_beyond_pool_fails_until_space_returns) {
    uint64_t loc1, loc2 = NO_LOCATION, loc3;
    sim_outcome o;
    uint64_t h1 = create(rt, 12 * MiB, "Big1", &loc1, &o);
    ck_assert_uint_ne(h1, 0);
    ck_assert_uint_eq(sim_iwin32_pool_used_bytes(nodeA), 12 * MiB);
    ck_assert_uint_eq(create(rt, 8 * MiB, "Big2", &loc2, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_NOT_ENOUGH_MEMORY, CL_IWIN32_CREATE_POOL);
    EXPECT_ALLOWED("RtCreateSharedMemory", o.status);
    ck_assert_uint_eq(rt->last_error, 8);
    ck_assert_uint_eq(loc2, NO_LOCATION);
    ck_assert_uint_eq(sim_iwin32_pool_used_bytes(nodeA), 12 * MiB);
    ck_assert_ptr_null(sim_ns_lookup(&nodeA->ns, "Big2"));
    /* Exactly what is left still fits. */
    ck_assert_uint_ne(create(win, 4 * MiB, "Rest", &loc3, &o), 0);
    ck_assert_uint_eq(sim_iwin32_pool_used_bytes(nodeA), 16 * MiB);
    ck_assert_uint_eq(create(win, 1, NULL, &loc3, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_NOT_ENOUGH_MEMORY, CL_IWIN32_CREATE_POOL);
    /* Closing the first object returns its 12 MiB (IWIN32.CLOSE.LAST_DESTROYS). */
    ck_assert(unmap(rt, loc1, &o));
    ck_assert(close_handle(rt, h1, &o));
    ck_assert_uint_eq(sim_iwin32_pool_used_bytes(nodeA), 4 * MiB);
    ck_assert_uint_ne(create(rt, 8 * MiB, "Big2", &loc2, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_CREATE_OK);
    ck_assert_uint_eq(sim_iwin32_pool_used_bytes(nodeA), 12 * MiB);
    ck_assert_int_eq(findings.count, 0);
}
END_TEST

START_TEST(create_when_address_space_full_creates_nothing) {
    /* A Windows process with a 12 KiB va_limit: a create whose view does not fit fails and leaves
     * no object, name or pool charge behind (IWIN32.PROCESS.LIMITS). */
    sim_node *small = sim_world_add_node(w, "small", true, 12 * KiB, 4096);
    sim_kernel *k = sim_world_add_kernel(w, "NodeS", SIM_KERNEL_INTIME, small, true, true, 64 * MiB, 4 * MiB);
    sim_process *p = sim_world_add_process(w, "tiny", SIM_PROC_WINDOWS, small, k);
    ck_assert_uint_eq(p->as.limit_bytes, 12 * KiB);
    uint64_t loc = NO_LOCATION;
    sim_outcome o;
    ck_assert_uint_ne(create(p, 8 * KiB, "Fits", &loc, &o), 0);
    ck_assert_uint_eq(create(p, 8 * KiB, "TooMuch", &loc, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_NOT_ENOUGH_MEMORY, CL_IWIN32_PROCESS_LIMITS);
    ck_assert_ptr_null(sim_ns_lookup(&k->ns, "TooMuch"));
    ck_assert_uint_eq(sim_iwin32_pool_used_bytes(k), 8 * KiB);
    ck_assert_uint_eq(p->handles.open, 1);
    /* The id counter did not advance for the failed object. */
    uint64_t next_id = w->next_object_id;
    ck_assert_uint_ne(create(p, 4 * KiB, "Ok", &loc, &o), 0);
    ck_assert_uint_eq(sim_ns_lookup(&k->ns, "Ok")->id, next_id);
}
END_TEST

/* ---- IWIN32.HANDLE.VALUES ---- */

START_TEST(handle_values_count_by_four_and_reuse_last_closed) {
    uint64_t loc;
    sim_outcome o;
    ck_assert_uint_eq(create(rt, 4096, "H1", &loc, &o), 0x4);
    ck_assert_uint_eq(create(rt, 4096, "H2", &loc, &o), 0x8);
    ck_assert_uint_eq(create_sync_kind(rt, SIM_OBJ_EVENT, "H3", &o), 0xC);
    ck_assert(close_handle(rt, 0x8, &o));
    ck_assert_uint_eq(create(rt, 4096, NULL, &loc, &o), 0x8);
    ck_assert(close_handle(rt, 0xC, &o));
    ck_assert(close_handle(rt, 0x4, &o));
    ck_assert_uint_eq(create_sync_kind(rt, SIM_OBJ_MUTEX, NULL, &o), 0x4);
    ck_assert_uint_eq(create_sync_kind(rt, SIM_OBJ_MUTEX, NULL, &o), 0xC);
    ck_assert_uint_eq(create_sync_kind(rt, SIM_OBJ_MUTEX, NULL, &o), 0x10);
    ck_assert_uint_eq(create(win, 4096, NULL, &loc, &o), 0x4); /* per process */
}
END_TEST

/* ---- IWIN32.CLOSE.* ---- */

START_TEST(close_one_of_two_handles_keeps_object) {
    /* IWIN32.CLOSE.REFCOUNT */
    uint64_t rt_loc, win_loc;
    sim_outcome o;
    uint64_t h_rt = create(rt, 4096, "Ref", &rt_loc, &o);
    uint64_t h_win = open_shm(win, "Ref", &win_loc, &o);
    ck_assert_uint_ne(h_win, 0);
    ck_assert(mem_write(rt, rt_loc, "abc", 3, &o));
    ck_assert(unmap(rt, rt_loc, &o));
    ck_assert(close_handle(rt, h_rt, &o));
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_CLOSE_REFCOUNT);
    EXPECT_ALLOWED("CloseHandle", o.status);
    sim_object *obj = sim_ns_lookup(&nodeA->ns, "Ref");
    ck_assert_ptr_nonnull(obj);
    ck_assert_uint_eq(obj->handle_count, 1);
    ck_assert_uint_eq(sim_iwin32_pool_used_bytes(nodeA), 4096);
    char buf[3];
    ck_assert(mem_read(win, win_loc, buf, 3, &o));
    ck_assert_mem_eq(buf, "abc", 3);
    uint64_t loc2;
    ck_assert_uint_ne(create(win, 4096, "Ref", &loc2, &o), 0); /* still there */
    EXPECT_OUTCOME(o, ST_ERROR_ALREADY_EXISTS, CL_IWIN32_CREATE_EXISTS);
    ck_assert_int_eq(findings.count, 0);
}
END_TEST

START_TEST(close_last_handle_destroys_object_and_frees_name) {
    /* IWIN32.CLOSE.LAST_DESTROYS */
    uint64_t loc;
    sim_outcome o;
    uint64_t h = create(rt, 8192, "Last", &loc, &o);
    ck_assert(mem_write(rt, loc, "hello", 5, &o));
    ck_assert(unmap(rt, loc, &o));
    sim_iwin32_SetLastError(rt, 99, &(sim_outcome){0});
    ck_assert(close_handle(rt, h, &o));
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_CLOSE_LAST_DESTROYS);
    ck_assert_uint_eq(rt->last_error, 99); /* a successful close leaves the slot (IWIN32.LASTERROR) */
    ck_assert_ptr_null(sim_ns_lookup(&nodeA->ns, "Last"));
    ck_assert_uint_eq(sim_iwin32_pool_used_bytes(nodeA), 0);
    ck_assert_int_eq(findings.count, 0); /* no view was left: no finding */
    uint64_t h2 = create(win, 4096, "Last", &loc, &o);
    ck_assert_uint_ne(h2, 0);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_CREATE_OK); /* a new object, not EXISTS */
    ck_assert(reads_zero(win, loc, 4096));
    ck_assert_uint_eq(sim_ns_lookup(&nodeA->ns, "Last")->size_bytes, 4096); /* the new size */
}
END_TEST

START_TEST(close_last_handle_of_sync_object_frees_name) {
    sim_outcome o;
    uint64_t h = create_sync_kind(rt, SIM_OBJ_SEMAPHORE, "Sem", &o);
    ck_assert(close_handle(rt, h, &o));
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_CLOSE_LAST_DESTROYS);
    uint64_t loc;
    ck_assert_uint_ne(create(rt, 4096, "Sem", &loc, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_CREATE_OK);
}
END_TEST

static const uint64_t invalid_handles[] = {0, 1, 2, 3, 5, 0x40, 0x400, UINT64_MAX, UINT64_MAX - 3};

START_TEST(close_invalid_handle_reports_invalid_handle) {
    /* IWIN32.CLOSE.INVALID */
    uint64_t loc;
    sim_outcome o;
    ck_assert_uint_eq(create(rt, 4096, "Keep", &loc, &o), 0x4);
    ck_assert(!close_handle(rt, invalid_handles[_i], &o));
    EXPECT_OUTCOME(o, ST_ERROR_INVALID_HANDLE, CL_IWIN32_CLOSE_INVALID);
    EXPECT_ALLOWED("CloseHandle", o.status);
    ck_assert_uint_eq(rt->last_error, ST_ERROR_INVALID_HANDLE);
    ck_assert_uint_eq(rt->handles.open, 1);
    ck_assert_uint_eq(sim_ns_lookup(&nodeA->ns, "Keep")->handle_count, 1);
}
END_TEST

START_TEST(close_twice_reports_invalid_handle) {
    /* IWIN32.CLOSE.INVALID */
    uint64_t loc;
    sim_outcome o;
    uint64_t h = create(rt, 4096, NULL, &loc, &o);
    ck_assert(unmap(rt, loc, &o));
    ck_assert(close_handle(rt, h, &o));
    ck_assert(!close_handle(rt, h, &o));
    EXPECT_OUTCOME(o, ST_ERROR_INVALID_HANDLE, CL_IWIN32_CLOSE_INVALID);
}
END_TEST

START_TEST(close_another_process_handle_value_is_its_own) {
    /* Handle values are per process: rt's 0x4 is not win's. */
    uint64_t loc;
    sim_outcome o;
    ck_assert_uint_eq(create(rt, 4096, "Mine", &loc, &o), 0x4);
    ck_assert(!close_handle(win, 0x4, &o));
    EXPECT_OUTCOME(o, ST_ERROR_INVALID_HANDLE, CL_IWIN32_CLOSE_INVALID);
    ck_assert_uint_eq(sim_ns_lookup(&nodeA->ns, "Mine")->handle_count, 1);
}
END_TEST

START_TEST(process_exit_closes_handles_and_reports_finding) {
    /* IWIN32.CLOSE.PROCESS_EXIT, SIM.PROCESS.EXIT */
    uint64_t a_loc, b_loc, win_loc;
    sim_outcome o;
    ck_assert_uint_eq(create(rt, 4096, "A", &a_loc, &o), 0x4);
    ck_assert_uint_eq(create(rt, 8192, "B", &b_loc, &o), 0x8);
    ck_assert_uint_eq(create_sync_kind(rt, SIM_OBJ_EVENT, "E", &o), 0xC);
    ck_assert(mem_write(rt, a_loc, "kept", 4, &o));
    ck_assert_uint_ne(open_shm(win, "A", &win_loc, &o), 0);
    ck_assert_uint_eq(sim_iwin32_pool_used_bytes(nodeA), 12 * KiB);

    o = unset();
    sim_process_exit(rt, &o);
    EXPECT_MEM(o, ST_OK, CL_SIM_PROCESS_EXIT);
    ck_assert(rt->exited);
    ck_assert_uint_eq(rt->handles.open, 0);
    ck_assert_uint_eq(rt->as.count, 0);
    ck_assert_int_eq(findings.count, 1);
    ck_assert_str_eq(findings.kind[0], "handles-closed-at-exit");
    ck_assert_str_eq(findings.clause[0], CL_IWIN32_CLOSE_PROCESS_EXIT);
    ck_assert_ptr_nonnull(spec_clause_find(findings.clause[0]));
    ck_assert_msg(strstr(findings.detail[0], "'rt'") != NULL, "detail: %s", findings.detail[0]);
    ck_assert_msg(strstr(findings.detail[0], "3 open handles") != NULL, "detail: %s", findings.detail[0]);
    ck_assert_msg(strstr(findings.detail[0], "2 mapped views") != NULL, "detail: %s", findings.detail[0]);

    /* B and E had only rt's handles: destroyed. A lives on through win's handle. */
    ck_assert_ptr_null(sim_ns_lookup(&nodeA->ns, "B"));
    ck_assert_ptr_null(sim_ns_lookup(&nodeA->ns, "E"));
    sim_object *a = sim_ns_lookup(&nodeA->ns, "A");
    ck_assert_ptr_nonnull(a);
    ck_assert_uint_eq(a->handle_count, 1);
    ck_assert_uint_eq(a->view_count, 1);
    ck_assert_uint_eq(sim_iwin32_pool_used_bytes(nodeA), 4 * KiB);
    char buf[4];
    ck_assert(mem_read(win, win_loc, buf, 4, &o));
    ck_assert_mem_eq(buf, "kept", 4);
    uint64_t loc;
    ck_assert_uint_ne(create(win, 4096, "B", &loc, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_CREATE_OK);

    /* Idempotent: a second exit reports nothing. */
    o = unset();
    sim_process_exit(rt, &o);
    EXPECT_MEM(o, ST_OK, CL_SIM_PROCESS_EXIT);
    ck_assert_int_eq(findings.count, 1);
}
END_TEST

START_TEST(process_exit_without_handles_reports_nothing) {
    sim_outcome o = unset();
    sim_process_exit(win, &o);
    EXPECT_MEM(o, ST_OK, CL_SIM_PROCESS_EXIT);
    ck_assert(win->exited);
    ck_assert_int_eq(findings.count, 0);
}
END_TEST

START_TEST(process_exit_destroying_object_viewed_elsewhere_reports_dangling_view) {
    /* IWIN32.CLOSE.PROCESS_EXIT + IWIN32.CLOSE.VIEWS_DIE: win closed its handle but kept its view;
     * rt's exit closes the last handle, so win's view dies. */
    uint64_t rt_loc, win_loc;
    sim_outcome o;
    ck_assert_uint_ne(create(rt, 4096, "X", &rt_loc, &o), 0);
    uint64_t h_win = open_shm(win, "X", &win_loc, &o);
    ck_assert(close_handle(win, h_win, &o));
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_CLOSE_REFCOUNT);
    sim_process_exit(rt, &o);
    ck_assert_int_eq(findings.count, 2);
    ck_assert_str_eq(findings.kind[0], "dangling-view");
    ck_assert_str_eq(findings.clause[0], CL_IWIN32_CLOSE_VIEWS_DIE);
    ck_assert_str_eq(findings.kind[1], "handles-closed-at-exit");
    ck_assert_str_eq(findings.clause[1], CL_IWIN32_CLOSE_PROCESS_EXIT);
    char b;
    ck_assert(!mem_read(win, win_loc, &b, 1, &o));
    EXPECT_MEM(o, ST_ACCESS_VIOLATION, CL_IWIN32_CLOSE_VIEWS_DIE);
}
END_TEST

START_TEST(close_last_handle_with_view_mapped_reports_dangling_view) {
    /* IWIN32.CLOSE.VIEWS_DIE */
    uint64_t loc;
    sim_outcome o;
    uint64_t h = create(rt, 4096, "V", &loc, &o);
    ck_assert(mem_write(rt, loc, "data", 4, &o));
    ck_assert(close_handle(rt, h, &o));
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_CLOSE_LAST_DESTROYS);
    ck_assert_int_eq(findings.count, 1);
    ck_assert_str_eq(findings.kind[0], "dangling-view");
    ck_assert_str_eq(findings.clause[0], CL_IWIN32_CLOSE_VIEWS_DIE);
    ck_assert_ptr_nonnull(spec_clause_find(findings.clause[0]));
    ck_assert_msg(strstr(findings.detail[0], "'V'") && strstr(findings.detail[0], "'rt'") &&
                      strstr(findings.detail[0], "1 view was"),
                  "detail: %s", findings.detail[0]);
    ck_assert_ptr_null(sim_ns_lookup(&nodeA->ns, "V"));
    ck_assert_uint_eq(sim_iwin32_pool_used_bytes(nodeA), 0);

    char buf[4] = {'x', 'x', 'x', 'x'};
    ck_assert(!mem_read(rt, loc, buf, 4, &o));
    EXPECT_MEM(o, ST_ACCESS_VIOLATION, CL_IWIN32_CLOSE_VIEWS_DIE);
    ck_assert_mem_eq(buf, "\0\0\0\0", 4); /* a faulting read yields zeros */
    ck_assert(!mem_write(rt, loc, "new", 3, &o));
    EXPECT_MEM(o, ST_ACCESS_VIOLATION, CL_IWIN32_CLOSE_VIEWS_DIE);

    /* The name is free; the new object is placed after the dead view, and reads zeros. */
    uint64_t loc2;
    ck_assert_uint_ne(create(rt, 4096, "V", &loc2, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_CREATE_OK);
    ck_assert_uint_eq(loc2, loc + 4096);
    ck_assert(reads_zero(rt, loc2, 4096));
    /* Unmapping the dead view is allowed and releases the destroyed object (LSan checks the free). */
    ck_assert(unmap(rt, loc, &o));
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_UNMAP_VIEW);
}
END_TEST

START_TEST(close_last_handle_with_two_dangling_views_says_so) {
    uint64_t loc1, loc2;
    sim_outcome o;
    uint64_t h = create(rt, 4096, "VV", &loc1, &o);
    uint64_t h2 = open_shm(rt, "VV", &loc2, &o);
    ck_assert(close_handle(rt, h2, &o));
    ck_assert(close_handle(rt, h, &o));
    ck_assert_int_eq(findings.count, 1);
    ck_assert_msg(strstr(findings.detail[0], "2 views were") != NULL, "detail: %s", findings.detail[0]);
}
END_TEST

/* ---- IWIN32.UNMAP.* ---- */

START_TEST(unmap_view_then_access_faults) {
    /* IWIN32.UNMAP.VIEW */
    uint64_t loc;
    sim_outcome o;
    uint64_t h = create(rt, 8192, "U", &loc, &o);
    ck_assert(mem_write(rt, loc, "persist", 7, &o));
    sim_iwin32_SetLastError(rt, 77, &(sim_outcome){0});
    ck_assert(unmap(rt, loc, &o));
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_UNMAP_VIEW);
    EXPECT_ALLOWED("RtUnmapSharedMemory", o.status);
    ck_assert_uint_eq(rt->last_error, 77);
    ck_assert_uint_eq(rt->as.count, 0);
    char buf[7];
    ck_assert(!mem_read(rt, loc, buf, 7, &o));
    EXPECT_MEM(o, ST_ACCESS_VIOLATION, CL_MEM_VIEW_OUTSIDE);
    ck_assert(!mem_write(rt, loc + 4096, "x", 1, &o));
    EXPECT_MEM(o, ST_ACCESS_VIOLATION, CL_MEM_VIEW_OUTSIDE);
    /* The object itself lives on (its handle is open): reopening sees the bytes. */
    sim_object *obj = sim_ns_lookup(&nodeA->ns, "U");
    ck_assert_uint_eq(obj->handle_count, 1);
    ck_assert_uint_eq(obj->view_count, 0);
    uint64_t loc2;
    ck_assert_uint_ne(open_shm(rt, "U", &loc2, &o), 0);
    ck_assert_uint_eq(loc2, loc); /* first fit reuses the freed range */
    ck_assert(mem_read(rt, loc2, buf, 7, &o));
    ck_assert_mem_eq(buf, "persist", 7);
    ck_assert(close_handle(rt, h, &o));
    ck_assert_int_eq(findings.count, 0);
}
END_TEST

START_TEST(unmap_address_not_mapped_returns_true) {
    /* IWIN32.UNMAP.ALWAYS_TRUE: "It takes no action and always returns TRUE" (6.2, 7.1); the slot stays. */
    uint64_t loc, win_loc;
    sim_outcome o;
    ck_assert_uint_ne(create(rt, 8192, "N", &loc, &o), 0);
    ck_assert_uint_ne(open_shm(win, "N", &win_loc, &o), 0);
    const uint64_t bad[] = {0, loc + 16, loc + 4096, loc - 4096, loc + 8192, win_loc /* win's view */};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        rt->last_error = 4321;
        ck_assert_msg(unmap(rt, bad[i], &o), "unmap(0x%llx) returned FALSE", (unsigned long long)bad[i]);
        EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_UNMAP_ALWAYS_TRUE);
        EXPECT_ALLOWED("RtUnmapSharedMemory", o.status);
        ck_assert_uint_eq(rt->last_error, 4321);
    }
    ck_assert_uint_eq(rt->as.count, 1); /* no action */
    ck_assert_uint_eq(win->as.count, 1);
    ck_assert(unmap(rt, loc, &o));
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_UNMAP_VIEW);
    ck_assert(unmap(rt, loc, &o)); /* twice */
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_UNMAP_ALWAYS_TRUE);
}

START_TEST(rt_close_handle_closes_like_close_handle) {
    /* IWIN32.CLOSE.RTCLOSEHANDLE: from an RT process and from a Windows application (iwin32x). */
    uint64_t loc, win_loc;
    sim_outcome o;
    uint64_t h = create(rt, 4096, "C", &loc, &o);
    uint64_t wh = open_shm(win, "C", &win_loc, &o);
    ck_assert_uint_ne(wh, 0);
    o = unset();
    ck_assert(sim_iwin32_RtCloseHandle(win, wh, &o));
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_CLOSE_REFCOUNT);
    EXPECT_ALLOWED("RtCloseHandle", o.status);
    o = unset();
    ck_assert(!sim_iwin32_RtCloseHandle(win, wh, &o)); /* twice */
    EXPECT_OUTCOME(o, ST_ERROR_INVALID_HANDLE, CL_IWIN32_CLOSE_INVALID);
    EXPECT_ALLOWED("RtCloseHandle", o.status);
    ck_assert_uint_eq(win->last_error, ST_ERROR_INVALID_HANDLE);
    o = unset();
    ck_assert(sim_iwin32_RtCloseHandle(rt, h, &o));
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_CLOSE_LAST_DESTROYS);
    ck_assert_ptr_null(sim_ns_lookup(&nodeA->ns, "C"));
    ck_assert_int_eq(spec_function_find(SPEC_API_IWIN32, "RtCloseHandle")->callers,
                     SPEC_CALLER_RT_INTIME | SPEC_CALLER_WINDOWS);
}
END_TEST

/* ---- IWIN32.OPEN.* ---- */

START_TEST(open_existing_returns_handle_and_view) {
    /* IWIN32.OPEN.OK: access and inherit ignored, last-error left alone. */
    uint64_t rt_loc, win_loc = NO_LOCATION;
    sim_outcome o;
    ck_assert_uint_ne(create(rt, 4096, "O", &rt_loc, &o), 0);
    ck_assert(mem_write(rt, rt_loc, "open", 4, &o));
    sim_iwin32_SetLastError(win, 555, &(sim_outcome){0});
    o = unset();
    uint64_t h = sim_iwin32_RtOpenSharedMemory(win, 0xDEADu, true, "O", &win_loc, &o);
    ck_assert_uint_eq(h, 0x4);
    ck_assert_uint_eq(win_loc, WIN_BASE);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_OPEN_OK);
    EXPECT_ALLOWED("RtOpenSharedMemory", o.status);
    ck_assert_uint_eq(win->last_error, 555);
    char buf[4];
    ck_assert(mem_read(win, win_loc, buf, 4, &o));
    ck_assert_mem_eq(buf, "open", 4);
    ck_assert(mem_write(win, win_loc, "OPEN", 4, &o)); /* read-write whatever the access */
    ck_assert_uint_eq(sim_ns_lookup(&nodeA->ns, "O")->handle_count, 2);
}
END_TEST

START_TEST(open_missing_or_other_case_reports_file_not_found) {
    /* IWIN32.OPEN.MISSING */
    uint64_t loc = NO_LOCATION;
    sim_outcome o;
    ck_assert_uint_ne(create(rt, 4096, "Buf", &loc, &o), 0);
    static const char *const missing[] = {"nope", "buf", "BUF", "Buf ", "Bu"};
    for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
        loc = NO_LOCATION;
        ck_assert_uint_eq(open_shm(win, missing[i], &loc, &o), 0);
        EXPECT_OUTCOME(o, ST_ERROR_FILE_NOT_FOUND, CL_IWIN32_OPEN_MISSING);
        EXPECT_ALLOWED("RtOpenSharedMemory", o.status);
        ck_assert_uint_eq(win->last_error, ST_ERROR_FILE_NOT_FOUND);
        ck_assert_uint_eq(loc, NO_LOCATION);
    }
    ck_assert_uint_eq(win->handles.open, 0);
}
END_TEST

START_TEST(open_sync_object_name_reports_invalid_handle) {
    /* IWIN32.OPEN.WRONG_TYPE */
    sim_outcome o;
    ck_assert_uint_ne(create_sync_kind(rt, sync_kinds[_i], "Sync", &o), 0);
    uint64_t loc = NO_LOCATION;
    ck_assert_uint_eq(open_shm(win, "Sync", &loc, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_INVALID_HANDLE, CL_IWIN32_OPEN_WRONG_TYPE);
    EXPECT_ALLOWED("RtOpenSharedMemory", o.status);
    ck_assert_uint_eq(win->last_error, ST_ERROR_INVALID_HANDLE);
    ck_assert_uint_eq(loc, NO_LOCATION);
}
END_TEST

START_TEST(open_null_or_empty_name_reports_invalid_parameter) {
    /* IWIN32.OPEN.NULL_NAME */
    uint64_t loc = NO_LOCATION;
    sim_outcome o;
    ck_assert_uint_ne(create(rt, 4096, NULL, &loc, &o), 0); /* an unnamed object cannot be opened */
    loc = NO_LOCATION;
    ck_assert_uint_eq(open_shm(rt, NULL, &loc, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_INVALID_PARAMETER, CL_IWIN32_OPEN_NULL_NAME);
    EXPECT_ALLOWED("RtOpenSharedMemory", o.status);
    ck_assert_uint_eq(open_shm(rt, "", &loc, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_INVALID_PARAMETER, CL_IWIN32_OPEN_NULL_NAME);
    ck_assert_uint_eq(loc, NO_LOCATION);
    ck_assert_uint_eq(rt->handles.open, 1);
}
END_TEST

START_TEST(open_bad_name_form_reports_name_clause) {
    /* The name rules apply to opens too (IWIN32.CREATE.NAME_LENGTH, NAME_BACKSLASH). */
    char *long_name = repeat("n", 261);
    uint64_t loc;
    sim_outcome o;
    ck_assert_uint_eq(open_shm(win, long_name, &loc, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_FILENAME_EXCED_RANGE, CL_IWIN32_CREATE_NAME_LENGTH);
    EXPECT_ALLOWED("RtOpenSharedMemory", o.status);
    ck_assert_uint_eq(open_shm(win, "a\\b", &loc, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_BAD_PATHNAME, CL_IWIN32_CREATE_NAME_BACKSLASH);
    EXPECT_ALLOWED("RtOpenSharedMemory", o.status);
    ck_assert_uint_eq(open_shm(win, "Name", NULL, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_INVALID_PARAMETER, CL_IWIN32_CREATE_NULL_LOCATION);
    free(long_name);
}
END_TEST

/* ---- IWIN32.SYNC.NAMES, IWIN32.SYNC.PARAMS ---- */

START_TEST(sync_same_kind_name_opens_existing_with_already_exists) {
    sim_outcome o;
    sim_object_kind kind = sync_kinds[_i];
    uint64_t h1 = create_sync_kind(rt, kind, "S", &o);
    ck_assert_uint_eq(h1, 0x4);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_SYNC_NAMES);
    ck_assert_uint_eq(rt->last_error, ST_ERROR_SUCCESS);
    uint64_t h2 = create_sync_kind(rt, kind, "S", &o);
    ck_assert_uint_eq(h2, 0x8);
    EXPECT_OUTCOME(o, ST_ERROR_ALREADY_EXISTS, CL_IWIN32_SYNC_NAMES);
    ck_assert_uint_eq(rt->last_error, ST_ERROR_ALREADY_EXISTS);
    sim_object *obj = sim_ns_lookup(&nodeA->ns, "S");
    ck_assert_ptr_eq(sim_handles_get(&rt->handles, h1), obj);
    ck_assert_ptr_eq(sim_handles_get(&rt->handles, h2), obj);
    ck_assert_uint_eq(obj->handle_count, 2);
    ck_assert_int_eq(obj->kind, kind);
}
END_TEST

/* Name already held by `holder`, then a sync object of kind `creator` asks for it. */
static const struct { sim_object_kind holder, creator; } sync_conflicts[] = {
    {SIM_OBJ_SHM, SIM_OBJ_EVENT},       {SIM_OBJ_SHM, SIM_OBJ_MUTEX},         {SIM_OBJ_SHM, SIM_OBJ_SEMAPHORE},
    {SIM_OBJ_EVENT, SIM_OBJ_MUTEX},     {SIM_OBJ_EVENT, SIM_OBJ_SEMAPHORE},   {SIM_OBJ_MUTEX, SIM_OBJ_EVENT},
    {SIM_OBJ_MUTEX, SIM_OBJ_SEMAPHORE}, {SIM_OBJ_SEMAPHORE, SIM_OBJ_EVENT},   {SIM_OBJ_SEMAPHORE, SIM_OBJ_MUTEX},
};

START_TEST(sync_name_held_by_other_kind_reports_invalid_handle) {
    sim_outcome o;
    uint64_t loc;
    if (sync_conflicts[_i].holder == SIM_OBJ_SHM) ck_assert_uint_ne(create(rt, 4096, "Held", &loc, &o), 0);
    else ck_assert_uint_ne(create_sync_kind(rt, sync_conflicts[_i].holder, "Held", &o), 0);
    ck_assert_uint_eq(create_sync_kind(rt, sync_conflicts[_i].creator, "Held", &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_INVALID_HANDLE, CL_IWIN32_SYNC_NAMES);
    ck_assert_uint_eq(rt->last_error, ST_ERROR_INVALID_HANDLE);
    ck_assert_uint_eq(rt->handles.open, 1);
    ck_assert_int_eq(sim_ns_lookup(&nodeA->ns, "Held")->kind, sync_conflicts[_i].holder);
}
END_TEST

START_TEST(sync_unnamed_objects_are_distinct) {
    sim_outcome o;
    for (size_t k = 0; k < 3; k++) {
        uint64_t a = create_sync_kind(rt, sync_kinds[k], NULL, &o);
        EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_SYNC_NAMES);
        uint64_t b = create_sync_kind(rt, sync_kinds[k], "", &o);
        EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_SYNC_NAMES);
        ck_assert_ptr_ne(sim_handles_get(&rt->handles, a), sim_handles_get(&rt->handles, b));
    }
    ck_assert_uint_eq(rt->handles.open, 6);
}
END_TEST

START_TEST(sync_objects_keep_their_parameters) {
    sim_outcome o = unset();
    uint64_t ev = sim_iwin32_CreateEvent(rt, true, true, "Ev", &o);
    uint64_t mx = sim_iwin32_CreateMutex(rt, true, "Mx", &o);
    uint64_t sem = sim_iwin32_CreateSemaphore(rt, 2, 5, "Sm", &o);
    sim_sync_object *e = sim_sync_of(sim_handles_get(&rt->handles, ev));
    sim_sync_object *m = sim_sync_of(sim_handles_get(&rt->handles, mx));
    sim_sync_object *s = sim_sync_of(sim_handles_get(&rt->handles, sem));
    ck_assert(e->manual_reset && e->signalled);
    ck_assert(m->owned);
    ck_assert_int_eq(s->count, 2);
    ck_assert_int_eq(s->max_count, 5);
    /* Opening an existing one does not reset its state. */
    ck_assert_uint_ne(sim_iwin32_CreateSemaphore(rt, 0, 1, "Sm", &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_ALREADY_EXISTS, CL_IWIN32_SYNC_NAMES);
    ck_assert_int_eq(s->count, 2);
    ck_assert_int_eq(s->max_count, 5);
}
END_TEST

static const struct { int32_t initial, maximum; } bad_semaphores[] = {{0, 0}, {-1, 1}, {2, 1}, {0, -5}, {INT32_MIN, INT32_MAX}};

START_TEST(sync_semaphore_bad_counts_report_invalid_parameter) {
    /* IWIN32.SYNC.PARAMS */
    sim_outcome o = unset();
    ck_assert_uint_eq(sim_iwin32_CreateSemaphore(rt, bad_semaphores[_i].initial, bad_semaphores[_i].maximum, "Sem", &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_INVALID_PARAMETER, CL_IWIN32_SYNC_PARAMS);
    EXPECT_ALLOWED("CreateSemaphore", o.status);
    ck_assert_uint_eq(rt->last_error, ST_ERROR_INVALID_PARAMETER);
    ck_assert_ptr_null(sim_ns_lookup(&nodeA->ns, "Sem"));
    ck_assert_uint_eq(rt->handles.open, 0);
}
END_TEST

START_TEST(sync_semaphore_boundary_counts_are_accepted) {
    sim_outcome o = unset();
    ck_assert_uint_ne(sim_iwin32_CreateSemaphore(rt, 0, 1, NULL, &o), 0);
    ck_assert_uint_ne(sim_iwin32_CreateSemaphore(rt, 1, 1, NULL, &o), 0);
    ck_assert_uint_ne(sim_iwin32_CreateSemaphore(rt, INT32_MAX, INT32_MAX, NULL, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_SYNC_NAMES);
}
END_TEST

START_TEST(sync_bad_name_form_reports_sync_params) {
    /* IWIN32.SYNC.PARAMS: sync names follow the shared memory name rules. */
    char *long_name = repeat("s", 261);
    char *max_name = repeat("s", 260);
    for (size_t k = 0; k < 3; k++) {
        sim_outcome o;
        ck_assert_uint_eq(create_sync_kind(rt, sync_kinds[k], long_name, &o), 0);
        EXPECT_OUTCOME(o, ST_ERROR_FILENAME_EXCED_RANGE, CL_IWIN32_SYNC_PARAMS);
        ck_assert_uint_eq(rt->last_error, ST_ERROR_FILENAME_EXCED_RANGE);
        ck_assert_uint_eq(create_sync_kind(rt, sync_kinds[k], "x\\y", &o), 0);
        EXPECT_OUTCOME(o, ST_ERROR_BAD_PATHNAME, CL_IWIN32_SYNC_PARAMS);
        ck_assert_uint_eq(rt->last_error, ST_ERROR_BAD_PATHNAME);
    }
    sim_outcome o;
    ck_assert_uint_ne(create_sync_kind(rt, SIM_OBJ_EVENT, max_name, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_SYNC_NAMES);
    free(long_name);
    free(max_name);
}
END_TEST

/* ---- IWIN32.LASTERROR ---- */

START_TEST(last_error_set_and_get_per_process) {
    sim_outcome o = unset();
    ck_assert_uint_eq(sim_iwin32_GetLastError(rt, &o), 0);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_LASTERROR);
    o = unset();
    sim_iwin32_SetLastError(rt, 0x12345678u, &o);
    EXPECT_OUTCOME(o, ST_ERROR_SUCCESS, CL_IWIN32_LASTERROR);
    ck_assert_uint_eq(sim_iwin32_GetLastError(rt, &o), 0x12345678u);
    ck_assert_uint_eq(sim_iwin32_GetLastError(win, &o), 0); /* each process has its own slot */
    ck_assert_uint_eq(sim_iwin32_GetLastError(rt, &o), 0x12345678u); /* reading does not clear it */
}
END_TEST

START_TEST(last_error_set_by_failures_kept_by_plain_successes) {
    sim_outcome o;
    uint64_t loc;
    ck_assert(!close_handle(rt, 0x40, &o));
    ck_assert_uint_eq(sim_iwin32_GetLastError(rt, &o), ST_ERROR_INVALID_HANDLE);
    /* Opening, unmapping and closing successfully leave the slot alone ... */
    ck_assert_uint_ne(create(win, 4096, "L", &loc, &o), 0);
    uint64_t h = open_shm(rt, "L", &loc, &o);
    ck_assert_uint_eq(sim_iwin32_GetLastError(rt, &o), ST_ERROR_INVALID_HANDLE);
    ck_assert(unmap(rt, loc, &o));
    ck_assert(close_handle(rt, h, &o));
    ck_assert_uint_eq(sim_iwin32_GetLastError(rt, &o), ST_ERROR_INVALID_HANDLE);
    /* ... the creating calls set it on success ... */
    ck_assert_uint_ne(create(rt, 4096, "L", &loc, &o), 0);
    ck_assert_uint_eq(sim_iwin32_GetLastError(rt, &o), ST_ERROR_ALREADY_EXISTS);
    ck_assert_uint_ne(create(rt, 4096, "L2", &loc, &o), 0);
    ck_assert_uint_eq(sim_iwin32_GetLastError(rt, &o), ST_ERROR_SUCCESS);
    /* ... and every failure overwrites it. */
    ck_assert_uint_eq(open_shm(rt, "missing", &loc, &o), 0);
    ck_assert_uint_eq(sim_iwin32_GetLastError(rt, &o), ST_ERROR_FILE_NOT_FOUND);
    ck_assert_uint_eq(sim_iwin32_GetLastError(win, &o), ST_ERROR_SUCCESS); /* win's own create */
}
END_TEST

/* ---- MEM.SHARED, MEM.VIEW.FAULT, MEM.VIEW.OUTSIDE ---- */

START_TEST(mem_shared_between_rt_and_windows_process) {
    uint64_t rt_loc, win_loc, rt_loc2;
    sim_outcome o;
    ck_assert_uint_ne(create(rt, 3 * 4096, "M", &rt_loc, &o), 0);
    ck_assert_uint_ne(open_shm(win, "M", &win_loc, &o), 0);
    ck_assert_uint_ne(open_shm(rt, "M", &rt_loc2, &o), 0); /* a second view in rt */
    ck_assert_uint_eq(rt_loc, RT_BASE);
    ck_assert_uint_eq(win_loc, WIN_BASE);
    ck_assert_uint_eq(rt_loc2, RT_BASE + 3 * 4096);
    const char msg[] = "from windows across two pages";
    ck_assert(mem_write(win, win_loc + 4096 - 10, msg, sizeof msg, &o));
    EXPECT_MEM(o, ST_OK, CL_MEM_SHARED);
    char buf[sizeof msg];
    ck_assert(mem_read(rt, rt_loc + 4096 - 10, buf, sizeof msg, &o));
    EXPECT_MEM(o, ST_OK, CL_MEM_SHARED);
    ck_assert_mem_eq(buf, msg, sizeof msg);
    ck_assert(mem_read(rt, rt_loc2 + 4096 - 10, buf, sizeof msg, &o));
    ck_assert_mem_eq(buf, msg, sizeof msg);
    ck_assert(mem_write(rt, rt_loc2 + 3 * 4096 - 4, "tail", 4, &o));
    ck_assert(mem_read(win, win_loc + 3 * 4096 - 4, buf, 4, &o));
    ck_assert_mem_eq(buf, "tail", 4);
}
END_TEST

START_TEST(mem_other_process_pointer_faults) {
    /* MEM.VIEW.OUTSIDE: rt's location means nothing in win. */
    uint64_t rt_loc, win_loc;
    sim_outcome o;
    ck_assert_uint_ne(create(rt, 4096, "P", &rt_loc, &o), 0);
    ck_assert_uint_ne(open_shm(win, "P", &win_loc, &o), 0);
    ck_assert(mem_write(rt, rt_loc, "rt", 2, &o));
    char buf[2] = {'x', 'x'};
    ck_assert(!mem_read(win, rt_loc, buf, 2, &o));
    EXPECT_MEM(o, ST_ACCESS_VIOLATION, CL_MEM_VIEW_OUTSIDE);
    ck_assert_mem_eq(buf, "\0\0", 2);
    ck_assert(!mem_write(win, rt_loc, "no", 2, &o));
    EXPECT_MEM(o, ST_ACCESS_VIOLATION, CL_MEM_VIEW_OUTSIDE);
    ck_assert(!mem_read(rt, win_loc, buf, 2, &o));
    EXPECT_MEM(o, ST_ACCESS_VIOLATION, CL_MEM_VIEW_OUTSIDE);
    ck_assert(mem_read(rt, rt_loc, buf, 2, &o)); /* the failed write changed nothing */
    ck_assert_mem_eq(buf, "rt", 2);
}
END_TEST

/* Out-of-range accesses relative to a one-page view at loc: offset, length, clause. */
static const struct { int64_t offset; size_t len; const char *clause; } out_of_range[] = {
    {4096, 1, CL_MEM_VIEW_OUTSIDE},      /* one past the end */
    {-1, 1, CL_MEM_VIEW_OUTSIDE},        /* one before the start */
    {1 << 20, 4, CL_MEM_VIEW_OUTSIDE},   /* far beyond */
    {4094, 4, CL_MEM_ACCESS_ONE_VIEW}, /* starts inside, runs past the end */
    {0, 4097, CL_MEM_ACCESS_ONE_VIEW}, /* the whole view and one byte more */
};

START_TEST(mem_out_of_range_access_faults_and_changes_nothing) {
    uint64_t loc;
    sim_outcome o;
    ck_assert_uint_ne(create(rt, 4096, "R", &loc, &o), 0);
    uint64_t va = loc + (uint64_t)out_of_range[_i].offset;
    size_t len = out_of_range[_i].len;
    unsigned char *buf = malloc(len);
    memset(buf, 0xEE, len);
    ck_assert(!mem_write(rt, va, buf, len, &o));
    EXPECT_MEM(o, ST_ACCESS_VIOLATION, out_of_range[_i].clause);
    ck_assert(!mem_read(rt, va, buf, len, &o));
    EXPECT_MEM(o, ST_ACCESS_VIOLATION, out_of_range[_i].clause);
    for (size_t i = 0; i < len; i++) ck_assert_uint_eq(buf[i], 0);
    free(buf);
    ck_assert(reads_zero(rt, loc, 4096)); /* the partial write wrote nothing inside the view */
}
END_TEST

START_TEST(mem_access_spanning_two_adjacent_views_faults) {
    /* MEM.ACCESS.ONE_VIEW: two views of one object placed back to back are still two views. */
    uint64_t loc1, loc2;
    sim_outcome o;
    ck_assert_uint_ne(create(rt, 4096, "Adj", &loc1, &o), 0);
    ck_assert_uint_ne(open_shm(rt, "Adj", &loc2, &o), 0);
    ck_assert_uint_eq(loc2, loc1 + 4096);
    char buf[4];
    ck_assert(!mem_read(rt, loc1 + 4094, buf, 4, &o));
    EXPECT_MEM(o, ST_ACCESS_VIOLATION, CL_MEM_ACCESS_ONE_VIEW);
}
END_TEST

START_TEST(mem_write_through_read_only_view_faults) {
    /* MEM.VIEW.FAULT: iwin32 maps read-write, so map a read-only view of the object directly. */
    uint64_t loc, ro;
    sim_outcome o;
    ck_assert_uint_ne(create(rt, 4096, "RO", &loc, &o), 0);
    sim_object *obj = sim_ns_lookup(&nodeA->ns, "RO");
    ck_assert(sim_as_map(&win->as, obj, 0, 4096, false, &ro));
    ck_assert(mem_write(rt, loc, "orig", 4, &o));
    ck_assert(!mem_write(win, ro, "evil", 4, &o));
    EXPECT_MEM(o, ST_ACCESS_VIOLATION, CL_MEM_VIEW_FAULT);
    char buf[4];
    ck_assert(mem_read(win, ro, buf, 4, &o));
    EXPECT_MEM(o, ST_OK, CL_MEM_SHARED);
    ck_assert_mem_eq(buf, "orig", 4);
}
END_TEST

/* ---- SIM.DETERMINISM (a small flow run twice) ---- */

static void run_flow(sim_world *world, uint64_t out[8]) {
    sim_process *p = world->processes[0], *q = world->processes[1];
    sim_outcome o;
    uint64_t loc;
    out[0] = sim_iwin32_RtCreateSharedMemory(p, 0, 0, 4096, "A", &loc, &o);
    out[1] = loc;
    out[2] = sim_iwin32_RtCreateSharedMemory(q, 0, 0, 8192, NULL, &loc, &o);
    out[3] = loc;
    sim_iwin32_CloseHandle(p, out[0], &o);
    out[4] = sim_iwin32_RtCreateSharedMemory(p, 0, 0, 4096, "B", &loc, &o);
    out[5] = loc;
    out[6] = sim_ns_lookup(&world->kernels[0]->ns, "B")->id;
    out[7] = sim_iwin32_pool_used_bytes(world->kernels[0]);
}

START_TEST(same_flow_in_two_worlds_gives_same_values) {
    uint64_t first[8], second[8];
    run_flow(w, first);
    world_teardown();
    world_setup();
    run_flow(w, second);
    for (int i = 0; i < 8; i++) ck_assert_uint_eq(first[i], second[i]);
    ck_assert_uint_eq(first[4], 0x4); /* the closed handle value is reused */
    ck_assert_uint_eq(first[6], 4);   /* object ids count creations (id 1 is NodeA's root process) */
}
END_TEST

Suite *iwin32_suite(void) {
    Suite *s = suite_create("iwin32");
    TCase *tc = tcase_create("create");
    tcase_add_checked_fixture(tc, world_setup, world_teardown);
    tcase_add_test(tc, create_new_returns_handle_location_and_zeroed_memory);
    tcase_add_test(tc, create_size_rounds_up_to_page);
    tcase_add_test(tc, create_from_windows_process_through_iwin32x);
    tcase_add_loop_test(tc, create_flprotect_is_ignored, 0, (int)(sizeof protect_values / sizeof protect_values[0]));
    tcase_add_loop_test(tc, create_rejected_reports_clause_and_creates_nothing, 0,
                        (int)(sizeof create_rejects / sizeof create_rejects[0]));
    tcase_add_test(tc, create_null_location_reports_invalid_parameter);
    tcase_add_loop_test(tc, create_name_of_max_path_chars_is_accepted, 0, (int)(sizeof long_names / sizeof long_names[0]));
    tcase_add_test(tc, name_chars_counts_utf16_code_units);
    tcase_add_test(tc, create_null_name_twice_gives_distinct_objects);
    tcase_add_test(tc, create_empty_name_is_unnamed);
    tcase_add_test(tc, create_names_differing_in_case_are_different_objects);
    tcase_add_test(tc, create_existing_name_reports_already_exists);
    tcase_add_test(tc, create_existing_keeps_creator_size);
    tcase_add_test(tc, create_existing_reaches_same_bytes);
    tcase_add_test(tc, create_existing_checks_size_high_first);
    tcase_add_loop_test(tc, create_name_of_sync_object_reports_invalid_handle, 0, 3);
    tcase_add_test(tc, create_beyond_pool_fails_until_space_returns);
    tcase_add_test(tc, create_when_address_space_full_creates_nothing);
    tcase_add_test(tc, handle_values_count_by_four_and_reuse_last_closed);
    suite_add_tcase(s, tc);

    tc = tcase_create("close");
    tcase_add_checked_fixture(tc, world_setup, world_teardown);
    tcase_add_test(tc, close_one_of_two_handles_keeps_object);
    tcase_add_test(tc, close_last_handle_destroys_object_and_frees_name);
    tcase_add_test(tc, close_last_handle_of_sync_object_frees_name);
    tcase_add_loop_test(tc, close_invalid_handle_reports_invalid_handle, 0,
                        (int)(sizeof invalid_handles / sizeof invalid_handles[0]));
    tcase_add_test(tc, close_twice_reports_invalid_handle);
    tcase_add_test(tc, close_another_process_handle_value_is_its_own);
    tcase_add_test(tc, process_exit_closes_handles_and_reports_finding);
    tcase_add_test(tc, process_exit_without_handles_reports_nothing);
    tcase_add_test(tc, process_exit_destroying_object_viewed_elsewhere_reports_dangling_view);
    tcase_add_test(tc, close_last_handle_with_view_mapped_reports_dangling_view);
    tcase_add_test(tc, close_last_handle_with_two_dangling_views_says_so);
    tcase_add_test(tc, unmap_view_then_access_faults);
    tcase_add_test(tc, unmap_address_not_mapped_returns_true);
    tcase_add_test(tc, rt_close_handle_closes_like_close_handle);
    suite_add_tcase(s, tc);

    tc = tcase_create("open");
    tcase_add_checked_fixture(tc, world_setup, world_teardown);
    tcase_add_test(tc, open_existing_returns_handle_and_view);
    tcase_add_test(tc, open_missing_or_other_case_reports_file_not_found);
    tcase_add_loop_test(tc, open_sync_object_name_reports_invalid_handle, 0, 3);
    tcase_add_test(tc, open_null_or_empty_name_reports_invalid_parameter);
    tcase_add_test(tc, open_bad_name_form_reports_name_clause);
    suite_add_tcase(s, tc);

    tc = tcase_create("sync");
    tcase_add_checked_fixture(tc, world_setup, world_teardown);
    tcase_add_loop_test(tc, sync_same_kind_name_opens_existing_with_already_exists, 0, 3);
    tcase_add_loop_test(tc, sync_name_held_by_other_kind_reports_invalid_handle, 0,
                        (int)(sizeof sync_conflicts / sizeof sync_conflicts[0]));
    tcase_add_test(tc, sync_unnamed_objects_are_distinct);
    tcase_add_test(tc, sync_objects_keep_their_parameters);
    tcase_add_loop_test(tc, sync_semaphore_bad_counts_report_invalid_parameter, 0,
                        (int)(sizeof bad_semaphores / sizeof bad_semaphores[0]));
    tcase_add_test(tc, sync_semaphore_boundary_counts_are_accepted);
    tcase_add_test(tc, sync_bad_name_form_reports_sync_params);
    tcase_add_test(tc, last_error_set_and_get_per_process);
    tcase_add_test(tc, last_error_set_by_failures_kept_by_plain_successes);
    suite_add_tcase(s, tc);

    tc = tcase_create("mem");
    tcase_add_checked_fixture(tc, world_setup, world_teardown);
    tcase_add_test(tc, mem_shared_between_rt_and_windows_process);
    tcase_add_test(tc, mem_other_process_pointer_faults);
    tcase_add_loop_test(tc, mem_out_of_range_access_faults_and_changes_nothing, 0,
                        (int)(sizeof out_of_range / sizeof out_of_range[0]));
    tcase_add_test(tc, mem_access_spanning_two_adjacent_views_faults);
    tcase_add_test(tc, mem_write_through_read_only_view_faults);
    tcase_add_test(tc, same_flow_in_two_worlds_gives_same_values);
    suite_add_tcase(s, tc);
    return s;
}
