/* spec/tests/suites.h — the Check suites of the spec module, added by main.c. */
#ifndef SPEC_TESTS_SUITES_H
#define SPEC_TESTS_SUITES_H

#include <check.h>

Suite *status_suite(void);    /* test_status.c: status codes and named constants */
Suite *functions_suite(void); /* test_functions.c: the clause catalogue and the function table */
Suite *rows_suite(void);      /* test_rows.c: the rows of functions.def as enum, caller rules, names */


#endif
