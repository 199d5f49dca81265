/* conformance/src/families.c — the public family bits and kernel kinds tied to spec/ and conf/.
 *
 * rtshm/backend.h fixes RTSHM_FAMILY_* and RTSHM_KERNEL_* for third-party backends (ABI); spec/ and
 * conf/scenario.h number the same things for rtshm itself. The static asserts below fail the build if
 * the two ever disagree, so conf_family_bit can compute a bit from the family number. */
#include "conf/families.h"

#include "conf/scenario.h"
#include "rtshm/backend.h"

_Static_assert(RTSHM_FAMILY_NTX == 1u << SPEC_API_NTX, "RTSHM_FAMILY_NTX is bit SPEC_API_NTX");
_Static_assert(RTSHM_FAMILY_RT == 1u << SPEC_API_RT, "RTSHM_FAMILY_RT is bit SPEC_API_RT");
_Static_assert(RTSHM_FAMILY_IWIN32 == 1u << SPEC_API_IWIN32, "RTSHM_FAMILY_IWIN32 is bit SPEC_API_IWIN32");
_Static_assert(RTSHM_FAMILY_RTX64 == 1u << SPEC_API_RTX64, "RTSHM_FAMILY_RTX64 is bit SPEC_API_RTX64");
_Static_assert(RTSHM_FAMILY_RTK == 1u << SPEC_API_RTK, "RTSHM_FAMILY_RTK is bit SPEC_API_RTK");

/* Every family with function rows has a public bit (RTSHM_FAMILY_<FAMILY> must exist for each). */
#define SPEC_FN(family, ...) _Static_assert(RTSHM_FAMILY_##family == 1u << SPEC_API_##family, "family bit");
#include "spec/functions.def"
#undef SPEC_FN

_Static_assert((int)RTSHM_KERNEL_INTIME == (int)CONF_KERNEL_INTIME, "kernel kinds agree: intime");
_Static_assert((int)RTSHM_KERNEL_RTX64 == (int)CONF_KERNEL_RTX64, "kernel kinds agree: rtx64");

unsigned conf_family_bit(spec_api api) {
    if ((unsigned)api >= SPEC_API_COUNT || !spec_api_has_functions(api)) return 0;
    return 1u << api;
}
