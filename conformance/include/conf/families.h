/* conf/families.h — the public backend interface's numbering (rtshm/backend.h) tied to spec/'s.
 *
 * RTSHM_FAMILY_X is bit SPEC_API_X, and RTSHM_KERNEL_X equals CONF_KERNEL_X: both are fixed by the
 * public ABI and checked at build time in conformance/src/families.c, so code converts between them
 * with the helper below (or a cast, for kernel kinds) instead of keeping switches of its own. */
#ifndef CONF_FAMILIES_H
#define CONF_FAMILIES_H

#include "spec/functions.h"

/* The RTSHM_FAMILY_* bit of family `api`; 0 for the families without functions (mem, sim) and for
 * values out of range. */
unsigned conf_family_bit(spec_api api);

#endif
