/* spec/tests/main.c — the Check runner for the spec module's unit tests.
 *
 * Runs every spec suite in CK_NORMAL verbosity with Check's fork mode left on (CK_FORK=no to debug
 * under gdb; CK_RUN_SUITE / CK_RUN_CASE to run one suite or case). Exit status: 0 when every test
 * passed, 1 otherwise. */
#include <check.h>
#include <stdlib.h>

#include "suites.h"

int main(void) {
    SRunner *sr = srunner_create(status_suite());
    srunner_add_suite(sr, functions_suite());
    srunner_add_suite(sr, rows_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
