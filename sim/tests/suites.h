/* sim/tests/suites.h — the Check suites of the sim module, one per test file, added by main.c.
 *
 * Each test_<module>.c exports exactly one constructor, <module>_suite; the runner owns the returned
 * suites. The list is the rows of suites.def. */
#ifndef SIM_TESTS_SUITES_H
#define SIM_TESTS_SUITES_H

#include <check.h>

#define SIM_SUITE(name) Suite *name##_suite(void);
#include "suites.def"
#undef SIM_SUITE

#endif
