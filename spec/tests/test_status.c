/* spec/tests/test_status.c — status codes (spec/status.h) and named constants (spec/constants.h).
 *
 * The expected values are typed in here from spec/CLAUSES.md "Constants and status codes",
 * independently of spec/include/spec/status.def and constants.def, so a typo in either table fails a test.
 * Every status name must round-trip name -> value -> name within its family; the same number may
 * mean different things in different families (ERROR_SUCCESS, E_OK and STATUS_SUCCESS are all 0). */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "spec/constants.h"
#include "spec/status.h"
#include "suites.h"

typedef struct expected_status {
    spec_family family;
    const char *name;
    uint32_t value;
    spec_success success; /* did the call succeed: the plain success code, a success that informs, a failure */
} expected_status;

/* CLAUSES.md, plus the simulator's own two outcomes of memory steps. ERROR_ALREADY_EXISTS is a success
 * (SPEC_SUCCESS_INFO): a creating call that reports it returned a valid handle to the existing object. */
static const expected_status catalogue[] = {
    {SPEC_FAMILY_INTIME, "E_OK", 0x0000, SPEC_SUCCESS},
    {SPEC_FAMILY_INTIME, "E_TIME", 0x0001, SPEC_FAILURE},
    {SPEC_FAMILY_INTIME, "E_MEM", 0x0002, SPEC_FAILURE},
    {SPEC_FAMILY_INTIME, "E_BUSY", 0x0003, SPEC_FAILURE},
    {SPEC_FAMILY_INTIME, "E_LIMIT", 0x0004, SPEC_FAILURE},
    {SPEC_FAMILY_INTIME, "E_CONTEXT", 0x0005, SPEC_FAILURE},
    {SPEC_FAMILY_INTIME, "E_EXIST", 0x0006, SPEC_FAILURE},
    {SPEC_FAMILY_INTIME, "E_STATE", 0x0007, SPEC_FAILURE},
    {SPEC_FAMILY_INTIME, "E_SLOT", 0x000C, SPEC_FAILURE},
    {SPEC_FAMILY_INTIME, "E_INVALID_ADDRESS", 0x00E2, SPEC_FAILURE}, /* vendor: DeleteRtMemoryHandle */
    {SPEC_FAMILY_INTIME, "E_VMEM", 0x00F0, SPEC_FAILURE},
    {SPEC_FAMILY_INTIME, "E_NOT_ALLOCATED", 0x00F2, SPEC_FAILURE}, /* vendor: FreeRtMemory */
    {SPEC_FAMILY_INTIME, "E_TYPE", 0x8002, SPEC_FAILURE},
    {SPEC_FAMILY_INTIME, "E_PARAM", 0x8004, SPEC_FAILURE},
    {SPEC_FAMILY_INTIME, "E_BAD_ADDR", 0x800F, SPEC_FAILURE},
    {SPEC_FAMILY_INTIME, "E_ALIGNMENT", 0x80F1, SPEC_FAILURE},
    {SPEC_FAMILY_INTIME, "E_LOCATION", 0x8F02, SPEC_FAILURE},
    {SPEC_FAMILY_INTIME, "E_NTX_INTERNAL_ERROR", 0x1001, SPEC_FAILURE},
    {SPEC_FAMILY_INTIME, "E_NTX_COMM_FAILURE", 0x1002, SPEC_FAILURE},
    {SPEC_FAMILY_WIN32, "ERROR_SUCCESS", 0, SPEC_SUCCESS},
    {SPEC_FAMILY_WIN32, "ERROR_FILE_NOT_FOUND", 2, SPEC_FAILURE},
    {SPEC_FAMILY_WIN32, "ERROR_PATH_NOT_FOUND", 3, SPEC_FAILURE},
    {SPEC_FAMILY_WIN32, "ERROR_ACCESS_DENIED", 5, SPEC_FAILURE},
    {SPEC_FAMILY_WIN32, "ERROR_INVALID_HANDLE", 6, SPEC_FAILURE},
    {SPEC_FAMILY_WIN32, "ERROR_NOT_ENOUGH_MEMORY", 8, SPEC_FAILURE},
    {SPEC_FAMILY_WIN32, "ERROR_NOT_READY", 21, SPEC_FAILURE}, /* rtshm's addition for SIM.KERNEL.STOPPED */
    {SPEC_FAMILY_WIN32, "ERROR_INVALID_PARAMETER", 87, SPEC_FAILURE},
    {SPEC_FAMILY_WIN32, "ERROR_INVALID_NAME", 123, SPEC_FAILURE},
    {SPEC_FAMILY_WIN32, "ERROR_BAD_PATHNAME", 161, SPEC_FAILURE},
    {SPEC_FAMILY_WIN32, "ERROR_ALREADY_EXISTS", 183, SPEC_SUCCESS_INFO},
    {SPEC_FAMILY_WIN32, "ERROR_FILENAME_EXCED_RANGE", 206, SPEC_FAILURE},
    {SPEC_FAMILY_NTSTATUS, "STATUS_SUCCESS", 0x00000000, SPEC_SUCCESS},
    {SPEC_FAMILY_NTSTATUS, "STATUS_UNSUCCESSFUL", 0xC0000001, SPEC_FAILURE},
    {SPEC_FAMILY_NTSTATUS, "STATUS_INVALID_HANDLE", 0xC0000008, SPEC_FAILURE},
    {SPEC_FAMILY_NTSTATUS, "STATUS_INVALID_PARAMETER", 0xC000000D, SPEC_FAILURE},
    {SPEC_FAMILY_NTSTATUS, "STATUS_NO_SUCH_DEVICE", 0xC000000E, SPEC_FAILURE},
    {SPEC_FAMILY_NTSTATUS, "STATUS_NO_MEMORY", 0xC0000017, SPEC_FAILURE},
    {SPEC_FAMILY_NTSTATUS, "STATUS_LICENSE_VIOLATION", 0xC000026A, SPEC_FAILURE}, /* wRTOS RtkRtssAttach */
    {SPEC_FAMILY_SIM, "OK", 0x00000000, SPEC_SUCCESS},
    {SPEC_FAMILY_SIM, "ACCESS_VIOLATION", 0xC0000005, SPEC_FAILURE},
};

#define CATALOGUE_COUNT ((int)(sizeof catalogue / sizeof catalogue[0]))

/* ---- status table ---- */

START_TEST(status_catalogue_value_matches_clauses_md) {
    const expected_status *e = &catalogue[_i];
    const spec_status *s = spec_status_by_name(e->name);
    ck_assert_msg(s != NULL, "%s missing", e->name);
    ck_assert_str_eq(s->name, e->name);
    ck_assert_uint_eq(s->value, e->value);
    ck_assert_int_eq(s->family, e->family);
    ck_assert_msg(s->success == e->success, "%s: success %d, expected %d", e->name, (int)s->success, (int)e->success);
    ck_assert(spec_status_is_success(s) == (e->success != SPEC_FAILURE));
}
END_TEST

START_TEST(status_table_has_exactly_the_catalogue) {
    int count = 0;
    const spec_status *table = spec_status_table(&count);
    ck_assert_int_eq(count, CATALOGUE_COUNT);
    for (int i = 0; i < count; i++) {
        int found = 0;
        for (int j = 0; j < CATALOGUE_COUNT; j++) found += strcmp(table[i].name, catalogue[j].name) == 0;
        ck_assert_msg(found == 1, "%s is not in CLAUSES.md's list", table[i].name);
    }
}
END_TEST

START_TEST(status_every_name_round_trips_within_family) {
    int count = 0;
    const spec_status *table = spec_status_table(&count);
    ck_assert_int_gt(count, 0);
    for (int i = 0; i < count; i++) {
        const spec_status *s = &table[i];
        ck_assert_int_ge(s->family, 0);
        ck_assert_int_lt(s->family, SPEC_FAMILY_COUNT);
        ck_assert_ptr_eq(spec_status_by_name(s->name), s);                 /* name -> row */
        ck_assert_ptr_eq(spec_status_by_value(s->family, s->value), s);    /* value -> the same row */
        ck_assert_str_eq(spec_status_name(s->family, s->value), s->name); /* -> name */
    }
}
END_TEST

START_TEST(status_names_unique_and_values_unique_per_family) {
    int count = 0;
    const spec_status *table = spec_status_table(&count);
    for (int i = 0; i < count; i++)
        for (int j = i + 1; j < count; j++) {
            ck_assert_msg(strcmp(table[i].name, table[j].name) != 0, "%s twice", table[i].name);
            ck_assert_msg(table[i].family != table[j].family || table[i].value != table[j].value,
                          "%s and %s share a value", table[i].name, table[j].name);
        }
}
END_TEST

START_TEST(status_key_values) {
    ck_assert_uint_eq(spec_status_by_name("ERROR_ALREADY_EXISTS")->value, 183);
    ck_assert_uint_eq(spec_status_by_name("E_LOCATION")->value, 0x8F02);
    ck_assert_uint_eq(spec_status_by_name("STATUS_NO_MEMORY")->value, 0xC0000017u);
    ck_assert_uint_eq(ST_ERROR_ALREADY_EXISTS, 183);
    ck_assert_uint_eq(ST_E_LOCATION, 0x8F02);
    ck_assert_uint_eq(ST_STATUS_NO_MEMORY, 0xC0000017u);
    ck_assert_uint_eq(ST_ACCESS_VIOLATION, 0xC0000005u);
    ck_assert_str_eq(spec_status_name(SPEC_FAMILY_WIN32, 183), "ERROR_ALREADY_EXISTS");
    ck_assert_str_eq(spec_status_name(SPEC_FAMILY_INTIME, 0x8F02), "E_LOCATION");
    ck_assert_str_eq(spec_status_name(SPEC_FAMILY_NTSTATUS, 0xC0000017u), "STATUS_NO_MEMORY");
}
END_TEST

START_TEST(status_same_number_means_different_things_per_family) {
    ck_assert_str_eq(spec_status_name(SPEC_FAMILY_INTIME, 0), "E_OK");
    ck_assert_str_eq(spec_status_name(SPEC_FAMILY_WIN32, 0), "ERROR_SUCCESS");
    ck_assert_str_eq(spec_status_name(SPEC_FAMILY_NTSTATUS, 0), "STATUS_SUCCESS");
    ck_assert_str_eq(spec_status_name(SPEC_FAMILY_SIM, 0), "OK");
    ck_assert_str_eq(spec_status_name(SPEC_FAMILY_INTIME, 6), "E_EXIST");
    ck_assert_str_eq(spec_status_name(SPEC_FAMILY_WIN32, 6), "ERROR_INVALID_HANDLE");
    ck_assert_ptr_null(spec_status_name(SPEC_FAMILY_WIN32, 0x8F02)); /* E_LOCATION is not a Win32 code */
    ck_assert_ptr_null(spec_status_by_value(SPEC_FAMILY_INTIME, 183));
}
END_TEST

START_TEST(status_unknown_lookups_return_null) {
    ck_assert_ptr_null(spec_status_by_name("ERROR_NOPE"));
    ck_assert_ptr_null(spec_status_by_name("error_already_exists")); /* case-sensitive */
    ck_assert_ptr_null(spec_status_by_name("ERROR_ALREADY_EXISTS "));
    ck_assert_ptr_null(spec_status_by_name(""));
    ck_assert_ptr_null(spec_status_by_name(NULL));
    ck_assert_ptr_null(spec_status_by_value(SPEC_FAMILY_WIN32, 184));
    ck_assert_ptr_null(spec_status_name(SPEC_FAMILY_NTSTATUS, 1));
    ck_assert_ptr_null(spec_status_by_value(SPEC_FAMILY_COUNT, 0));
}
END_TEST

/* The row a plain scan of the table finds for (family, value), or NULL. */
static const spec_status *scan_by_value(int family, uint32_t value) {
    int count = 0;
    const spec_status *table = spec_status_table(&count);
    for (int i = 0; i < count; i++)
        if ((int)table[i].family == family && table[i].value == value) return &table[i];
    return NULL;
}

START_TEST(status_by_value_agrees_with_a_scan_of_the_table) {
    /* Every family (and two out of range) against every code of the table and its neighbours. */
    int count = 0;
    const spec_status *table = spec_status_table(&count);
    for (int family = -1; family <= SPEC_FAMILY_COUNT; family++)
        for (int i = 0; i < count; i++)
            for (int64_t d = -1; d <= 1; d++) {
                uint32_t value = (uint32_t)((int64_t)table[i].value + d);
                ck_assert_ptr_eq(spec_status_by_value((spec_family)family, value), scan_by_value(family, value));
            }
    ck_assert_ptr_null(spec_status_by_value(SPEC_FAMILY_WIN32, 0xFFFFFFFFu));
}
END_TEST

START_TEST(status_success_of_specific_codes) {
    /* the plain success code of each channel */
    ck_assert(spec_status_is_success(spec_status_by_value(SPEC_FAMILY_INTIME, 0)));
    ck_assert(spec_status_is_success(spec_status_by_value(SPEC_FAMILY_WIN32, 0)));
    ck_assert(spec_status_is_success(spec_status_by_value(SPEC_FAMILY_NTSTATUS, 0)));
    ck_assert(spec_status_is_success(spec_status_by_value(SPEC_FAMILY_SIM, 0)));
    ck_assert_int_eq(spec_status_by_name("ERROR_SUCCESS")->success, SPEC_SUCCESS);
    /* a creating call that opened the existing object succeeded, and says so */
    const spec_status *exists = spec_status_by_value(SPEC_FAMILY_WIN32, 183);
    ck_assert_str_eq(exists->name, "ERROR_ALREADY_EXISTS");
    ck_assert(spec_status_is_success(exists));
    ck_assert_int_eq(exists->success, SPEC_SUCCESS_INFO);
    /* failures, including the ones whose numbers are successes elsewhere (E_EXIST 6, ERROR_INVALID_HANDLE 6) */
    ck_assert(!spec_status_is_success(spec_status_by_value(SPEC_FAMILY_INTIME, 6)));
    ck_assert(!spec_status_is_success(spec_status_by_value(SPEC_FAMILY_WIN32, 6)));
    ck_assert(!spec_status_is_success(spec_status_by_name("STATUS_UNSUCCESSFUL")));
    ck_assert(!spec_status_is_success(spec_status_by_name("ACCESS_VIOLATION")));
    ck_assert(!spec_status_is_success(spec_status_by_name("E_NTX_INTERNAL_ERROR")));
    ck_assert_int_eq(spec_status_by_name("ERROR_NOT_READY")->success, SPEC_FAILURE);
    /* a code the table does not know is not a success */
    ck_assert(!spec_status_is_success(NULL));
    ck_assert(!spec_status_is_success(spec_status_by_value(SPEC_FAMILY_WIN32, 184)));
}
END_TEST

START_TEST(status_one_plain_success_per_family) {
    int count = 0, plain[SPEC_FAMILY_COUNT] = {0};
    const spec_status *table = spec_status_table(&count);
    for (int i = 0; i < count; i++)
        if (table[i].success == SPEC_SUCCESS) {
            plain[table[i].family]++;
            ck_assert_uint_eq(table[i].value, 0); /* every channel's success is 0 */
        }
    for (int f = 0; f < SPEC_FAMILY_COUNT; f++) ck_assert_int_eq(plain[f], 1);
}
END_TEST

START_TEST(status_family_names) {
    ck_assert_str_eq(spec_family_name(SPEC_FAMILY_INTIME), "intime");
    ck_assert_str_eq(spec_family_name(SPEC_FAMILY_WIN32), "win32");
    ck_assert_str_eq(spec_family_name(SPEC_FAMILY_NTSTATUS), "ntstatus");
    ck_assert_str_eq(spec_family_name(SPEC_FAMILY_SIM), "sim");
    ck_assert_str_eq(spec_family_name(SPEC_FAMILY_COUNT), "?");
}
END_TEST

/* ---- constants ---- */

static const struct { const char *name; uint64_t value; } constants[] = {
    {"NTX_MAP_WRITE", 0x4},     {"NTX_MAP_UNALIGNED", 0x10000}, {"PAGE_READONLY", 0x02},
    {"PAGE_READWRITE", 0x04},   {"SHM_MAP_READ", 1},            {"SHM_MAP_WRITE", 2},
    {"SHM_MAP_ALL_ACCESS", 3},  {"MAX_PATH", 260},              {"PAGE_SIZE", 4096},
    {"NTX_NULL_NTXHANDLE", 0},  {"BAD_RTHANDLE", 0xFFFF},
};

START_TEST(const_lookup_matches_clauses_md) {
    uint64_t v = 0xDEAD;
    ck_assert_msg(spec_const_lookup(constants[_i].name, &v), "%s missing", constants[_i].name);
    ck_assert_uint_eq(v, constants[_i].value);
}
END_TEST

START_TEST(const_enum_values) {
    ck_assert_uint_eq(K_NTX_MAP_WRITE, 0x4);
    ck_assert_uint_eq(K_NTX_MAP_UNALIGNED, 0x10000);
    ck_assert_uint_eq(K_PAGE_READWRITE, 0x04);
    ck_assert_uint_eq(K_MAX_PATH, 260);
    ck_assert_uint_eq(K_SHM_MAP_ALL_ACCESS, K_SHM_MAP_READ | K_SHM_MAP_WRITE);
}
END_TEST

START_TEST(const_lookup_unknown_fails_and_leaves_value) {
    uint64_t v = 77;
    ck_assert(!spec_const_lookup("NOPE", &v));
    ck_assert(!spec_const_lookup("ntx_map_write", &v)); /* case-sensitive */
    ck_assert(!spec_const_lookup("", &v));
    ck_assert_uint_eq(v, 77);
}
END_TEST

START_TEST(const_eval_or_of_two_flags) {
    uint64_t v = 0;
    char bad[32] = "untouched";
    ck_assert(spec_const_eval("NTX_MAP_WRITE|NTX_MAP_UNALIGNED", &v, bad, sizeof bad));
    ck_assert_uint_eq(v, 0x10004);
}
END_TEST

static const struct { const char *expr; uint64_t value; } good_exprs[] = {
    {"NTX_MAP_WRITE", 0x4},
    {"NTX_MAP_WRITE | NTX_MAP_UNALIGNED", 0x10004},
    {"  NTX_MAP_UNALIGNED|NTX_MAP_WRITE  ", 0x10004},
    {"SHM_MAP_READ|SHM_MAP_WRITE", 3},
    {"PAGE_READWRITE|PAGE_READWRITE", 4},
    {"FALSE", 0},
    {"TRUE|FALSE", 1},
};

START_TEST(const_eval_accepts_expressions) {
    uint64_t v = 0xDEAD;
    char bad[32];
    ck_assert_msg(spec_const_eval(good_exprs[_i].expr, &v, bad, sizeof bad), "'%s' rejected", good_exprs[_i].expr);
    ck_assert_uint_eq(v, good_exprs[_i].value);
}
END_TEST

START_TEST(const_eval_reports_bad_name) {
    uint64_t v = 77;
    char bad[32] = "untouched";
    ck_assert(!spec_const_eval("NTX_MAP_WRITE|NOPE", &v, bad, sizeof bad));
    ck_assert_str_eq(bad, "NOPE");
    ck_assert_uint_eq(v, 77); /* no partial result */
    ck_assert(!spec_const_eval("NOPE|NTX_MAP_WRITE", &v, bad, sizeof bad));
    ck_assert_str_eq(bad, "NOPE");
    ck_assert(!spec_const_eval("NTX_MAP_WRITE | Nope | ALSO_BAD", &v, bad, sizeof bad));
    ck_assert_str_eq(bad, "Nope"); /* the first unknown name */
}
END_TEST

START_TEST(const_eval_truncates_bad_name_to_capacity) {
    uint64_t v;
    char bad[5] = "xxxx";
    ck_assert(!spec_const_eval("PAGE_READWRITE|UNKNOWN_FLAG", &v, bad, sizeof bad));
    ck_assert_str_eq(bad, "UNKN");
    ck_assert(!spec_const_eval("UNKNOWN_FLAG", &v, NULL, 0)); /* no buffer is fine */
}
END_TEST

static const char *const bad_exprs[] = {"", "|", "NTX_MAP_WRITE|", "|NTX_MAP_WRITE", "NTX_MAP_WRITE||NTX_MAP_WRITE",
                                        "NTX_MAP_WRITE NTX_MAP_UNALIGNED", "   "};

START_TEST(const_eval_rejects_malformed_expressions) {
    uint64_t v = 77;
    char bad[32];
    ck_assert_msg(!spec_const_eval(bad_exprs[_i], &v, bad, sizeof bad), "'%s' accepted", bad_exprs[_i]);
    ck_assert_uint_eq(v, 77);
}
END_TEST

Suite *status_suite(void) {
    Suite *s = suite_create("status");
    TCase *tc = tcase_create("status");
    tcase_add_loop_test(tc, status_catalogue_value_matches_clauses_md, 0, CATALOGUE_COUNT);
    tcase_add_test(tc, status_table_has_exactly_the_catalogue);
    tcase_add_test(tc, status_every_name_round_trips_within_family);
    tcase_add_test(tc, status_names_unique_and_values_unique_per_family);
    tcase_add_test(tc, status_key_values);
    tcase_add_test(tc, status_same_number_means_different_things_per_family);
    tcase_add_test(tc, status_unknown_lookups_return_null);
    tcase_add_test(tc, status_by_value_agrees_with_a_scan_of_the_table);
    tcase_add_test(tc, status_success_of_specific_codes);
    tcase_add_test(tc, status_one_plain_success_per_family);
    tcase_add_test(tc, status_family_names);
    suite_add_tcase(s, tc);
    tc = tcase_create("constants");
    tcase_add_loop_test(tc, const_lookup_matches_clauses_md, 0, (int)(sizeof constants / sizeof constants[0]));
    tcase_add_test(tc, const_enum_values);
    tcase_add_test(tc, const_lookup_unknown_fails_and_leaves_value);
    tcase_add_test(tc, const_eval_or_of_two_flags);
    tcase_add_loop_test(tc, const_eval_accepts_expressions, 0, (int)(sizeof good_exprs / sizeof good_exprs[0]));
    tcase_add_test(tc, const_eval_reports_bad_name);
    tcase_add_test(tc, const_eval_truncates_bad_name_to_capacity);
    tcase_add_loop_test(tc, const_eval_rejects_malformed_expressions, 0, (int)(sizeof bad_exprs / sizeof bad_exprs[0]));
    suite_add_tcase(s, tc);
    return s;
}
