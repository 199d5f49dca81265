/* sim/src/assert.c — what a failed SIM_ASSERT does: report it on stderr and abort. */
#include "sim/assert.h"

#include <stdio.h>
#include <stdlib.h>

_Noreturn void sim_assert_fail(const char *cond, const char *file, int line, const char *func) {
    fprintf(stderr, "%s:%d: %s: sim invariant failed: %s\n", file, line, func, cond);
    fflush(stderr);
    abort();
}
