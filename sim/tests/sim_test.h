/* sim/tests/sim_test.h — helpers shared by the sim test suites: an outcome no call leaves behind, and
 * the assertion for the outcome of a memory step. */
#ifndef SIM_TEST_H
#define SIM_TEST_H

#include <check.h>

#include "sim/world.h"
#include "spec/clauses.h"
#include "spec/status.h"

/* An outcome that no call leaves behind, so a call that forgets to fill it is caught. */
static inline sim_outcome unset(void) {
    return (sim_outcome){.status = 0xDEADBEEFu, .family = SPEC_FAMILY_COUNT, .clause = "unset"};
}

/* The outcome of a memory step (SIM family): this status, this clause, and the clause exists. */
#define EXPECT_MEM(o, st, cl)                                                                      \
    do {                                                                                           \
        ck_assert_int_eq((o).family, SPEC_FAMILY_SIM);                                             \
        ck_assert_uint_eq((o).status, (st));                                                       \
        ck_assert_str_eq((o).clause, (cl));                                                        \
        ck_assert_ptr_nonnull(spec_clause_find((o).clause));                                       \
    } while (0)

#endif
