/* traces/tests/main.c — runs the traces suites. */
#include <check.h>
#include <stdlib.h>

Suite *writer_suite(void);
Suite *diff_suite(void);
Suite *strbuf_suite(void);
Suite *query_suite(void);
Suite *schema_doc_suite(void);
Suite *health_suite(void);     /* test_health.c: health checks, the live-run lock, run inputs */ /* test_schema_doc.c: TRACE-SCHEMA.md against the schema */

int main(void) {
    SRunner *sr = srunner_create(writer_suite());
    srunner_add_suite(sr, diff_suite());
    srunner_add_suite(sr, strbuf_suite());
    srunner_add_suite(sr, query_suite());
    srunner_add_suite(sr, schema_doc_suite());
    srunner_add_suite(sr, health_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
