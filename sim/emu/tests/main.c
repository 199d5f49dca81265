/* sim/emu/tests/main.c — the Check runner of librtshm_emu's tests (test_emu.c: the library; test_rtx64.c: its
 * RTX64 side; test_example.c: the telemetry example application on it). */
#include <check.h>
#include <stdlib.h>

Suite *emu_suite(void);
Suite *example_suite(void);
Suite *rtx64_suite(void);

int main(void) {
    SRunner *sr = srunner_create(emu_suite());
    srunner_add_suite(sr, example_suite());
    srunner_add_suite(sr, rtx64_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
