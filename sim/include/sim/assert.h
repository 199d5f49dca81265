/* sim/assert.h — the model's invariant checks (SIM_ASSERT), on in debug and test builds only.
 *
 * SIM_ASSERT(cond) is active when RTSHM_ASSERTS is defined: sim/CMakeLists.txt defines it for
 * rtshm_sim and everything that links it when the tests are built (RTSHM_TESTS) or the build type is
 * Debug, so `make test` and the sanitizer builds check every invariant, while the Release bench build
 * compiles the checks out (the condition is then not evaluated at all). Plain assert() would not do:
 * the default build type, RelWithDebInfo, defines NDEBUG.
 *
 * A failed check prints the condition, file, line and function to stderr and aborts (SIGABRT), as
 * assert() does: an invariant of the model is broken, which is a bug in sim/, never a scenario's
 * fault. A scenario cannot trip one; bad input is rejected before it reaches the model. */
#ifndef SIM_ASSERT_H
#define SIM_ASSERT_H

#include <stdbool.h>

#if defined(RTSHM_ASSERTS)
#define SIM_ASSERTS_ON 1
#define SIM_ASSERT(cond) ((cond) ? (void)0 : sim_assert_fail(#cond, __FILE__, __LINE__, __func__))
#else
#define SIM_ASSERTS_ON 0
#define SIM_ASSERT(cond) ((void)sizeof(!(cond))) /* not evaluated; keeps its variables "used" */
#endif

/* Reports a failed SIM_ASSERT and aborts. Never returns. */
_Noreturn void sim_assert_fail(const char *cond, const char *file, int line, const char *func);

#endif
