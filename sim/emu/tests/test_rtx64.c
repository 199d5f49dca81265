/* sim/emu/tests/test_rtx64.c — the RTX64 side of librtshm_emu through rtapi.h (a file of its own: rtapi.h and
 * iwin32.h declare the same names): the W forms' UTF-16 names, a Windows process's read-only view (the access it
 * asked for is honoured: RTX64.OPEN.ACCESS), GetLastError and RtCloseHandle mapped to the RTX64 entry points. */
#include <stdlib.h>

#include "emu_test.h"
#include "rtapi.h"

static void setup(void) {
    ck_assert_int_eq(rtshm_emu_open(NULL), 0);
}

static void teardown(void) {
    ck_assert_int_eq(rtshm_emu_close(), 0);
}

START_TEST(test_wide_name_and_read_only_view) {
    /* "Mü😀": M, U+00FC, U+1F600 as a surrogate pair */
    const WCHAR wide[] = {'M', 0x00FC, 0xD83D, 0xDE00, 0};
    const char *utf8 = "M\xC3\xBC\xF0\x9F\x98\x80";
    rtshm_emu_as("rtss");
    void *p = NULL;
    HANDLE h = RtCreateSharedMemoryW(PAGE_READWRITE, 0, 4096, wide, &p);
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(GetLastError(), ERROR_SUCCESS);
    ((unsigned char *)p)[100] = 0x77;
    rtshm_emu_as("win");
    void *q = NULL;
    HANDLE h2 = RtOpenSharedMemoryA(SHM_MAP_READ, FALSE, utf8, &q);
    ck_assert_ptr_nonnull(h2);
    ck_assert_uint_eq(((unsigned char *)q)[100], 0x77);
    unsigned char *byte = (unsigned char *)q + 100;
    ck_assert_int_eq(emu_child_signal(emu_poke, &byte), SIGSEGV); /* a read-only view */
    ck_assert_int_eq(rtshm_emu_record_write(byte, 1), 1);          /* the model agrees: ACCESS_VIOLATION */
    ck_assert_ptr_null(RtOpenSharedMemory(SHM_MAP_READ, FALSE, "absent", &q));
    ck_assert_uint_eq(RtGetLastError(), ERROR_FILE_NOT_FOUND);
    ck_assert_uint_eq(RtCloseHandle(h2), TRUE);
    ck_assert_uint_eq(RtCloseHandle(h2), FALSE);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    char *text = rtshm_emu_scenario_text();
    ck_assert_ptr_nonnull(text);
    ck_assert_ptr_nonnull(strstr(text, "\"rtx64:RtCreateSharedMemory\""));
    ck_assert_ptr_nonnull(strstr(text, utf8));
    free(text);
}
END_TEST

Suite *rtx64_suite(void);
Suite *rtx64_suite(void) {
    Suite *s = suite_create("rtx64");
    TCase *tc = tcase_create("rtapi");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_wide_name_and_read_only_view);
    suite_add_tcase(s, tc);
    return s;
}
