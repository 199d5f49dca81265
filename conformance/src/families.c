/* conformance/src/families.c — the public family bits and kernel kinds tied to spec/ and conf/.
 *
 * rtshm/backend.h fixes RTSHM_FAMILY_* and RTSHM_KERNEL_* for third-party backends (ABI); spec/ and
 * conf/scenario.h number the same things for rtshm itself. The static asserts below fail the build if
 * the two ever disagree, so conf_family_bit can compute a bit from the family number. */
#include "conf/families.h"

#include "conf/scenario.h"
#include "rtshm/backend.h"

/* Every family of spec/families.def has its public bit, RTSHM_FAMILY_<FAMILY> == 1u << SPEC_API_<FAMILY>
 * (a family without one does not compile: the public header is where a new family's bit is added). */
#define SPEC_FAMILY(family) \
    _Static_assert(RTSHM_FAMILY_##family == 1u << SPEC_API_##family, "RTSHM_FAMILY_" #family " is bit SPEC_API_" #family);
#include "spec/families.def"
#undef SPEC_FAMILY

_Static_assert((int)RTSHM_KERNEL_INTIME == (int)CONF_KERNEL_INTIME, "kernel kinds agree: intime");
_Static_assert((int)RTSHM_KERNEL_RTX64 == (int)CONF_KERNEL_RTX64, "kernel kinds agree: rtx64");

unsigned conf_family_bit(spec_api api) {
    if ((unsigned)api >= SPEC_API_COUNT || !spec_api_has_functions(api)) return 0;
    return 1u << api;
}
