/* sim/tests/main.c — the Check runner for the sim module's unit tests.
 *
 * Runs every suite of suites.def, in its row order, in CK_NORMAL verbosity. Fork mode stays on
 * (Check's default), so a test that crashes or trips a sanitizer fails alone; set CK_FORK=no to debug
 * one under gdb, and CK_RUN_SUITE / CK_RUN_CASE to run a single suite or test case. Exit status: 0
 * when every test passed, 1 otherwise. */
#include <check.h>
#include <stdlib.h>

#include "suites.h"

int main(void) {
    SRunner *sr = srunner_create(NULL);
#define SIM_SUITE(name) srunner_add_suite(sr, name##_suite());
#include "suites.def"
#undef SIM_SUITE
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
