/* conformance/tests/main.c — runs every conformance suite (Check, fork mode). */
#include <check.h>
#include <stdlib.h>

#include "suites.h"

int main(void) {
    SRunner *sr = srunner_create(parse_suite());
    srunner_add_suite(sr, checker_suite());
    srunner_add_suite(sr, malformed_suite());
    srunner_add_suite(sr, e2e_suite());
    srunner_add_suite(sr, backends_suite());
    srunner_add_suite(sr, garbage_suite());
    srunner_add_suite(sr, stream_suite());
    srunner_add_suite(sr, runner_suite());
    srunner_add_suite(sr, cli_suite());
    srunner_add_suite(sr, cli_conventions_suite());
    srunner_add_suite(sr, cli_results_suite());
    srunner_add_suite(sr, schema_suite());
    srunner_add_suite(sr, dispatch_suite());
    srunner_add_suite(sr, oom_suite());
    srunner_add_suite(sr, format_doc_suite());
    srunner_add_suite(sr, cli_db_suite());
    srunner_add_suite(sr, cli_resume_suite());
    srunner_add_suite(sr, cli_shards_suite());
    srunner_add_suite(sr, diagnose_suite());
    srunner_add_suite(sr, input_suite());
    srunner_add_suite(sr, irql_suite());
    srunner_add_suite(sr, expect_suite());
    srunner_add_suite(sr, explore_suite());
    srunner_add_suite(sr, exec_proto_suite());
    srunner_add_suite(sr, opaque_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
