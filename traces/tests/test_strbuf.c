/* traces/tests/test_strbuf.c — the growing text buffer (traces/strbuf.h): empty when zeroed, bytes
 * appended as given (NUL bytes included), always NUL-terminated, NULL strings ignored, growth past
 * many doublings keeping every byte, and free leaving an empty, reusable buffer. */
#include <check.h>
#include <string.h>

#include "traces/strbuf.h"

START_TEST(appends_bytes_and_stays_terminated) {
    trace_strbuf b = {0};
    ck_assert_ptr_null(b.data);
    trace_strbuf_puts(&b, "ab");
    trace_strbuf_puts(&b, NULL);
    trace_strbuf_add(&b, "c\0d", 3);
    trace_strbuf_add(&b, "ignored", 0);
    ck_assert_uint_eq(b.len, 5);
    ck_assert_mem_eq(b.data, "abc\0d", 6); /* the terminator after the last byte */
    ck_assert(!b.failed);
    trace_strbuf_free(&b);
    ck_assert_ptr_null(b.data);
    ck_assert_uint_eq(b.len, 0);
    ck_assert_uint_eq(b.cap, 0);
    trace_strbuf_puts(&b, "again");
    ck_assert_str_eq(b.data, "again");
    trace_strbuf_free(&b);
}
END_TEST

START_TEST(grows_through_many_doublings) {
    trace_strbuf b = {0};
    char piece[7];
    for (int i = 0; i < 100000; i++) {
        memcpy(piece, "0123456", 7);
        piece[0] = (char)('a' + i % 26);
        trace_strbuf_add(&b, piece, 7);
    }
    ck_assert_uint_eq(b.len, 700000);
    ck_assert_uint_ge(b.cap, 700001);
    ck_assert_int_eq(b.data[700000], '\0');
    ck_assert_int_eq(b.data[7 * 99999], (char)('a' + 99999 % 26));
    ck_assert_mem_eq(b.data + 7 * 99999 + 1, "123456", 6);
    ck_assert(!b.failed);
    trace_strbuf_free(&b);
}
END_TEST

Suite *strbuf_suite(void) {
    Suite *s = suite_create("trace-strbuf");
    TCase *tc = tcase_create("strbuf");
    tcase_add_test(tc, appends_bytes_and_stays_terminated);
    tcase_add_test(tc, grows_through_many_doublings);
    suite_add_tcase(s, tc);
    return s;
}
