#include <check.h>
Suite *example_suite(void);
Suite *example_suite(void) { return suite_create("example"); }
