/* sim/tests/main.c — the Check runner for the sim module's unit tests.
 *
 * Runs every sim suite in CK_NORMAL verbosity. Fork mode stays on (Check's default), so a test that
 * crashes or trips a sanitizer fails alone; set CK_FORK=no to debug one under gdb, and
 * CK_RUN_SUITE / CK_RUN_CASE to run a single suite or test case. Exit status: 0 when every test
 * passed, 1 otherwise. */
#include <check.h>
#include <stdlib.h>

#include "suites.h"

int main(void) {
    SRunner *sr = srunner_create(queue_suite());
    srunner_add_suite(sr, prng_suite());
    srunner_add_suite(sr, hmap_suite());
    srunner_add_suite(sr, pages_suite());
    srunner_add_suite(sr, namespace_suite());
    srunner_add_suite(sr, addrspace_suite());
    srunner_add_suite(sr, iwin32_suite());
    srunner_add_suite(sr, rtx64_suite());
    srunner_add_suite(sr, rtk_suite());
    srunner_add_suite(sr, kernel_suite());
    srunner_add_suite(sr, ntx_suite());
    srunner_add_suite(sr, intime_suite());
    srunner_add_suite(sr, family_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
