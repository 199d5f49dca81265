/* sim/emu/tests/test_example.c — the telemetry example (sim/emu/example) run unchanged on librtshm_emu, in the
 * default topology (node host: INtime kernel NodeA and the RTSS; processes win, rt, rtss, drv): the producer is
 * `rt`, the consumers are `win`. Each test opens its own world and closes it in teardown. */
#include <stdlib.h>

#include "emu_test.h"
#include "iwin32.h"
#include "ntx.h"
#include "telemetry.h"

static void setup(void) {
    ck_assert_int_eq(rtshm_emu_open(NULL), 0);
}

static void teardown(void) {
    ck_assert_int_eq(rtshm_emu_close(), 0);
}

/* The producer publishes 5 samples, the consumer reads them through its own view of the same pages. */
START_TEST(test_produce_then_consume) {
    telemetry_producer pr;
    telemetry_consumer co;
    ck_assert_int_eq(rtshm_emu_as("rt"), 0);
    ck_assert_uint_eq(telemetry_produce(&pr, 5), ERROR_SUCCESS);
    ck_assert_int_eq(rtshm_emu_record_write(pr.block, sizeof(DWORD) * 2 + 5 * sizeof(telemetry_sample)), 0);
    ck_assert_int_eq(rtshm_emu_as("win"), 0);
    ck_assert_uint_eq(telemetry_consumer_open(&co), ERROR_SUCCESS);
    ck_assert_ptr_ne(co.block, pr.block); /* two views (two processes), one object */
    DWORD count = 0;
    LONG sum = 0;
    telemetry_consumer_sum(&co, &count, &sum);
    ck_assert_uint_eq(count, 5);
    ck_assert_int_eq(sum, 10 + 20 + 30 + 40 + 50);
    ck_assert_int_eq(rtshm_emu_record_read(co.block, 8), 0);
    /* a later store by the producer is seen by the consumer at once: the views share pages */
    rtshm_emu_as("rt");
    pr.block->samples[0].value = 1000;
    rtshm_emu_as("win");
    telemetry_consumer_sum(&co, &count, &sum);
    ck_assert_int_eq(sum, 1000 + 20 + 30 + 40 + 50);
    ck_assert_uint_eq(telemetry_consumer_close(&co), ERROR_SUCCESS);
    rtshm_emu_as("rt");
    ck_assert_uint_eq(telemetry_producer_close(&pr), ERROR_SUCCESS);
    /* create, write, open, read, unmap + close on each side */
    ck_assert_int_eq(rtshm_emu_step_count(), 8);
    ck_assert_int_eq(rtshm_emu_finding_count(), 0);
}
END_TEST

/* Opening before the producer ran: the documented failure, NULL with GetLastError ERROR_FILE_NOT_FOUND... as
 * the model gives it for iwin32 (IWIN32.OPEN.*): the consumer reports it. */
START_TEST(test_consume_before_produce) {
    telemetry_consumer co;
    rtshm_emu_as("win");
    ck_assert_uint_eq(telemetry_consumer_open(&co), ERROR_FILE_NOT_FOUND);
    ck_assert_ptr_null(co.segment);
}
END_TEST

static void read_magic(void *arg) {
    const telemetry_block *b = arg;
    volatile DWORD m = b->magic;
    (void)m;
}

/* The INtime kernel stops between the two sides: the producer's process ends with it, the segment is
 * destroyed, the producer's view really faults, and the consumer's open fails with ERROR_NOT_READY — the
 * status iwin32x gets from a kernel that does not run (SIM.KERNEL.STOPPED); a finding 'kernel-stopped'. */
START_TEST(test_kernel_stop_between_sides) {
    telemetry_producer pr;
    telemetry_consumer co;
    rtshm_emu_as("rt");
    ck_assert_uint_eq(telemetry_produce(&pr, 3), ERROR_SUCCESS);
    ck_assert_int_eq(rtshm_emu_kernel_stop("NodeA"), 0);
    ck_assert_int_ge(emu_find("kernel-stopped"), 0);
    ck_assert_int_eq(emu_child_signal(read_magic, pr.block), SIGSEGV);
    rtshm_emu_as("win");
    ck_assert_uint_eq(telemetry_consumer_open(&co), ERROR_NOT_READY);
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_READY);
    /* the kernel starts again, empty: the name is gone (ERROR_FILE_NOT_FOUND) */
    ck_assert_int_eq(rtshm_emu_kernel_start("NodeA"), 0);
    ck_assert_uint_eq(telemetry_consumer_open(&co), ERROR_FILE_NOT_FOUND);
    /* the producer's process ended with its kernel: its calls are refused, not run */
    rtshm_emu_as("rt");
    int before = rtshm_emu_step_count();
    ck_assert_uint_eq(telemetry_produce(&pr, 1), ERROR_INVALID_HANDLE);
    ck_assert_int_eq(rtshm_emu_step_count(), before);
    ck_assert_int_ge(emu_find("call-refused"), 0);
}
END_TEST

/* The consumer maps, then the kernel stops: its mapped view really faults from then on. */
START_TEST(test_kernel_stop_after_consumer_mapped) {
    telemetry_producer pr;
    telemetry_consumer co;
    rtshm_emu_as("rt");
    ck_assert_uint_eq(telemetry_produce(&pr, 2), ERROR_SUCCESS);
    rtshm_emu_as("win");
    ck_assert_uint_eq(telemetry_consumer_open(&co), ERROR_SUCCESS);
    ck_assert_uint_eq(co.block->count, 2);
    ck_assert_int_eq(emu_child_signal(read_magic, (void *)co.block), -1); /* readable before */
    ck_assert_int_eq(rtshm_emu_kernel_stop("NodeA"), 0);
    ck_assert_int_eq(emu_child_signal(read_magic, (void *)co.block), SIGSEGV);
    ck_assert_int_eq(rtshm_emu_record_read(co.block, 4), 1); /* and the model says the same: ACCESS_VIOLATION */
}
END_TEST

/* The NTX variant: RT memory cataloged by the rt process, looked up and mapped by the Windows process. */
START_TEST(test_ntx_variant) {
    telemetry_rt_memory m;
    telemetry_ntx_consumer co;
    rtshm_emu_as("rt");
    ck_assert_uint_eq(telemetry_rt_publish(&m, 4), E_OK);
    ck_assert_int_eq(rtshm_emu_record_write(m.base, 8), 0);
    rtshm_emu_as("win");
    ck_assert_uint_eq(telemetry_ntx_open(&co, "NodeA"), E_OK);
    ck_assert_uint_eq(co.block->magic, TELEMETRY_MAGIC);
    ck_assert_uint_eq(co.block->count, 4);
    ck_assert_int_eq(co.block->samples[3].value, 40);
    ck_assert_int_eq(rtshm_emu_record_read(co.block, 8), 0);
    /* mapping the same handle again gives the same pointer (seed:000: "Each operation returns the same
     * pointer value") */
    ck_assert_ptr_eq(ntxMapRtSharedMemory(co.segment), co.block);
    ck_assert_uint_eq(telemetry_ntx_close(&co), E_OK);
    ck_assert_int_eq(rtshm_emu_finding_count(), 0);
}
END_TEST

/* NTX with the kernel stopped before the Windows side looks: ntxGetLocationByName of an offline kernel gives
 * NTX_UNDEFINED_LOCATION with E_EXIST (NTX.LOCATION.BY_NAME: "unknown or offline → NTX_UNDEFINED_LOCATION,
 * E_EXIST"), which ntxGetLastRtError keeps; and a view the Windows side mapped before a stop faults after it. */
START_TEST(test_ntx_kernel_stop_between_sides) {
    telemetry_rt_memory m;
    telemetry_ntx_consumer co;
    rtshm_emu_as("rt");
    ck_assert_uint_eq(telemetry_rt_publish(&m, 4), E_OK);
    ck_assert_int_eq(rtshm_emu_kernel_stop("NodeA"), 0);
    rtshm_emu_as("win");
    ck_assert_uint_eq(telemetry_ntx_open(&co, "NodeA"), E_EXIST);
    ck_assert_uint_eq(ntxGetLastRtError(), E_EXIST);
    ck_assert_ptr_eq(ntxGetLocationByName("NodeA"), NTX_UNDEFINED_LOCATION);
}
END_TEST

START_TEST(test_ntx_view_faults_after_kernel_stop) {
    telemetry_rt_memory m;
    telemetry_ntx_consumer co;
    rtshm_emu_as("rt");
    ck_assert_uint_eq(telemetry_rt_publish(&m, 4), E_OK);
    rtshm_emu_as("win");
    ck_assert_uint_eq(telemetry_ntx_open(&co, "NodeA"), E_OK);
    ck_assert_int_eq(emu_child_signal(read_magic, (void *)co.block), -1);
    ck_assert_int_eq(rtshm_emu_kernel_stop("NodeA"), 0);
    ck_assert_int_eq(emu_child_signal(read_magic, (void *)co.block), SIGSEGV);
}
END_TEST

Suite *example_suite(void);
Suite *example_suite(void) {
    Suite *s = suite_create("example");
    TCase *tc = tcase_create("telemetry");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_produce_then_consume);
    tcase_add_test(tc, test_consume_before_produce);
    tcase_add_test(tc, test_kernel_stop_between_sides);
    tcase_add_test(tc, test_kernel_stop_after_consumer_mapped);
    tcase_add_test(tc, test_ntx_variant);
    tcase_add_test(tc, test_ntx_kernel_stop_between_sides);
    tcase_add_test(tc, test_ntx_view_faults_after_kernel_stop);
    suite_add_tcase(s, tc);
    return s;
}
