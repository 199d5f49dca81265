/* sim/tests/test_pages.c — sparse page contents (sim/pages.h).
 *
 * Every object reads as zeros until written (the fresh-memory clause of its family, e.g.
 * IWIN32.CREATE.FRESH_MEMORY) without costing memory: a page is
 * allocated on its first write only, reads of unwritten pages yield zeros, and accesses that cross
 * page boundaries are split transparently. */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "sim/pages.h"
#include "suites.h"

static bool all_bytes(const unsigned char *buf, size_t len, unsigned char value) {
    for (size_t i = 0; i < len; i++)
        if (buf[i] != value) return false;
    return true;
}

START_TEST(read_unwritten_is_zero) {
    sim_pages pg;
    sim_pages_init(&pg);
    unsigned char buf[3 * SIM_PAGE_BYTES];
    memset(buf, 0xAA, sizeof buf);
    sim_pages_read(&pg, 12345, buf, sizeof buf);
    ck_assert(all_bytes(buf, sizeof buf, 0));
    memset(buf, 0xAA, 8);
    sim_pages_read(&pg, 0xFFFFEFF8ull, buf, 8); /* last bytes of a 0xFFFFF000-byte segment */
    ck_assert(all_bytes(buf, 8, 0));
    ck_assert_uint_eq(sim_pages_count(&pg), 0); /* reading allocates nothing */
    sim_pages_free(&pg);
}
END_TEST

START_TEST(write_within_one_page_reads_back) {
    sim_pages pg;
    sim_pages_init(&pg);
    ck_assert(sim_pages_write(&pg, 100, "hello", 5));
    ck_assert_uint_eq(sim_pages_count(&pg), 1);
    char out[7];
    sim_pages_read(&pg, 99, out, 7);
    ck_assert_mem_eq(out, "\0hello\0", 7);
    sim_pages_free(&pg);
}
END_TEST

START_TEST(write_across_page_boundary_reads_back) {
    sim_pages pg;
    sim_pages_init(&pg);
    const unsigned char data[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    ck_assert(sim_pages_write(&pg, SIM_PAGE_BYTES - 6, data, sizeof data)); /* 6 bytes in page 0, 10 in page 1 */
    ck_assert_uint_eq(sim_pages_count(&pg), 2);
    unsigned char out[18];
    sim_pages_read(&pg, SIM_PAGE_BYTES - 7, out, sizeof out);
    ck_assert_uint_eq(out[0], 0);
    ck_assert_mem_eq(out + 1, data, sizeof data);
    ck_assert_uint_eq(out[17], 0);
    /* The two halves read separately. */
    unsigned char half[10];
    sim_pages_read(&pg, SIM_PAGE_BYTES, half, sizeof half);
    ck_assert_mem_eq(half, data + 6, 10);
    sim_pages_free(&pg);
}
END_TEST

START_TEST(write_spanning_three_pages_allocates_three) {
    sim_pages pg;
    sim_pages_init(&pg);
    static unsigned char data[SIM_PAGE_BYTES + 2];
    for (size_t i = 0; i < sizeof data; i++) data[i] = (unsigned char)(i * 31 + 7);
    ck_assert(sim_pages_write(&pg, 5 * SIM_PAGE_BYTES - 1, data, sizeof data)); /* 1 + 4096 + 1 bytes */
    ck_assert_uint_eq(sim_pages_count(&pg), 3);
    static unsigned char out[SIM_PAGE_BYTES + 2];
    sim_pages_read(&pg, 5 * SIM_PAGE_BYTES - 1, out, sizeof out);
    ck_assert_mem_eq(out, data, sizeof data);
    sim_pages_free(&pg);
}
END_TEST

START_TEST(sparse_three_writes_in_huge_range_allocate_three_pages) {
    /* A 0xFFFFF000-byte segment (NTX.MAP.MAX_SIZE) written at three distant places costs 3 pages. */
    static const uint64_t offsets[3] = {0x10, 0x7FFFF800ull, 0xFFFFF000ull - 3};
    static const unsigned char bytes[3][3] = {{0x11, 0x22, 0x33}, {0x44, 0x55, 0x66}, {0x77, 0x88, 0x99}};
    sim_pages pg;
    sim_pages_init(&pg);
    for (int i = 0; i < 3; i++) ck_assert(sim_pages_write(&pg, offsets[i], bytes[i], 3));
    ck_assert_uint_eq(sim_pages_count(&pg), 3);
    for (int i = 0; i < 3; i++) {
        unsigned char out[5];
        sim_pages_read(&pg, offsets[i] - 1, out, i == 2 ? 4 : 5);
        ck_assert_uint_eq(out[0], 0);
        ck_assert_mem_eq(out + 1, bytes[i], 3);
        if (i != 2) ck_assert_uint_eq(out[4], 0);
    }
    unsigned char mid[64];
    sim_pages_read(&pg, 0x40000000ull, mid, sizeof mid); /* a page between them */
    ck_assert(all_bytes(mid, sizeof mid, 0));
    ck_assert_uint_eq(sim_pages_count(&pg), 3);
    sim_pages_free(&pg);
}
END_TEST

START_TEST(rewrite_same_page_allocates_nothing_new) {
    sim_pages pg;
    sim_pages_init(&pg);
    ck_assert(sim_pages_write(&pg, 8192, "a", 1));
    ck_assert(sim_pages_write(&pg, 8192 + 4095, "b", 1));
    ck_assert(sim_pages_write(&pg, 8192, "c", 1));
    ck_assert_uint_eq(sim_pages_count(&pg), 1);
    char out[1];
    sim_pages_read(&pg, 8192, out, 1);
    ck_assert_int_eq(out[0], 'c');
    sim_pages_read(&pg, 8192 + 4095, out, 1);
    ck_assert_int_eq(out[0], 'b');
    sim_pages_free(&pg);
}
END_TEST

START_TEST(write_zero_length_allocates_nothing) {
    sim_pages pg;
    sim_pages_init(&pg);
    ck_assert(sim_pages_write(&pg, 4096, "x", 0));
    ck_assert_uint_eq(sim_pages_count(&pg), 0);
    sim_pages_free(&pg);
}
END_TEST

START_TEST(read_mixes_written_and_unwritten_pages) {
    sim_pages pg;
    sim_pages_init(&pg);
    static unsigned char ones[SIM_PAGE_BYTES];
    memset(ones, 1, sizeof ones);
    ck_assert(sim_pages_write(&pg, SIM_PAGE_BYTES, ones, sizeof ones)); /* page 1 only */
    static unsigned char out[3 * SIM_PAGE_BYTES];
    memset(out, 0xAA, sizeof out);
    sim_pages_read(&pg, 0, out, sizeof out);
    ck_assert(all_bytes(out, SIM_PAGE_BYTES, 0));
    ck_assert(all_bytes(out + SIM_PAGE_BYTES, SIM_PAGE_BYTES, 1));
    ck_assert(all_bytes(out + 2 * SIM_PAGE_BYTES, SIM_PAGE_BYTES, 0));
    sim_pages_free(&pg);
}
END_TEST

START_TEST(free_drops_contents_and_pages_are_reusable) {
    sim_pages pg;
    sim_pages_init(&pg);
    ck_assert(sim_pages_write(&pg, 0, "abc", 3));
    ck_assert(sim_pages_write(&pg, 1 << 20, "def", 3));
    sim_pages_free(&pg);
    ck_assert_uint_eq(sim_pages_count(&pg), 0);
    char out[3] = {'x', 'x', 'x'};
    sim_pages_read(&pg, 0, out, 3);
    ck_assert_mem_eq(out, "\0\0\0", 3); /* fresh, zeroed memory after free */
    ck_assert(sim_pages_write(&pg, 0, "z", 1));
    ck_assert_uint_eq(sim_pages_count(&pg), 1);
    sim_pages_free(&pg);
}
END_TEST

START_TEST(all_written_tells_written_bytes_from_fresh_ones) {
    sim_pages pg;
    sim_pages_init(&pg);
    ck_assert(!sim_pages_all_written(&pg, 0, 1));    /* nothing written */
    ck_assert(sim_pages_all_written(&pg, 12345, 0)); /* an empty range */
    const unsigned char zeros[20] = {0};
    ck_assert(sim_pages_write(&pg, SIM_PAGE_BYTES - 10, zeros, sizeof zeros)); /* zeros written are written */
    ck_assert(sim_pages_all_written(&pg, SIM_PAGE_BYTES - 10, 20));           /* across the page boundary */
    ck_assert(sim_pages_all_written(&pg, SIM_PAGE_BYTES - 3, 6));
    ck_assert(!sim_pages_all_written(&pg, SIM_PAGE_BYTES - 11, 2));           /* one fresh byte before */
    ck_assert(!sim_pages_all_written(&pg, SIM_PAGE_BYTES + 9, 2));            /* one fresh byte after */
    ck_assert(!sim_pages_all_written(&pg, 0, SIM_PAGE_BYTES));                /* most of page 0 is fresh */
    /* A whole page written byte-aligned and not: every bitmap byte full, then one bit cleared by no write. */
    unsigned char page[SIM_PAGE_BYTES];
    memset(page, 0x11, sizeof page);
    ck_assert(sim_pages_write(&pg, 5 * SIM_PAGE_BYTES, page, sizeof page));
    ck_assert(sim_pages_all_written(&pg, 5 * SIM_PAGE_BYTES, SIM_PAGE_BYTES));
    ck_assert(sim_pages_all_written(&pg, 5 * SIM_PAGE_BYTES + 3, 100));
    ck_assert(!sim_pages_all_written(&pg, 5 * SIM_PAGE_BYTES, SIM_PAGE_BYTES + 1)); /* page 6 never written */
    ck_assert(sim_pages_write(&pg, 7 * SIM_PAGE_BYTES, page, 17));
    ck_assert(sim_pages_all_written(&pg, 7 * SIM_PAGE_BYTES, 17));
    ck_assert(!sim_pages_all_written(&pg, 7 * SIM_PAGE_BYTES, 18)); /* byte 17: a partial bitmap byte */
    ck_assert(!sim_pages_all_written(&pg, 7 * SIM_PAGE_BYTES + 16, 9));
    sim_pages_free(&pg);
}
END_TEST

Suite *pages_suite(void) {
    Suite *s = suite_create("pages");
    TCase *tc = tcase_create("contents");
    tcase_add_test(tc, read_unwritten_is_zero);
    tcase_add_test(tc, write_within_one_page_reads_back);
    tcase_add_test(tc, write_across_page_boundary_reads_back);
    tcase_add_test(tc, write_spanning_three_pages_allocates_three);
    tcase_add_test(tc, sparse_three_writes_in_huge_range_allocate_three_pages);
    tcase_add_test(tc, rewrite_same_page_allocates_nothing_new);
    tcase_add_test(tc, write_zero_length_allocates_nothing);
    tcase_add_test(tc, read_mixes_written_and_unwritten_pages);
    tcase_add_test(tc, free_drops_contents_and_pages_are_reusable);
    tcase_add_test(tc, all_written_tells_written_bytes_from_fresh_ones);
    suite_add_tcase(s, tc);
    return s;
}
