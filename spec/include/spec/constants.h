/* spec/constants.h — named constants and flags (NTX_MAP_WRITE, PAGE_READWRITE, SHM_MAP_READ, ...),
 * defined once in spec/include/spec/constants.def. Scenario arguments may name them, alone or joined with '|'. */
#ifndef SPEC_CONSTANTS_H
#define SPEC_CONSTANTS_H

#include <stdbool.h>
#include <stdint.h>

/* K_<NAME> is the value of constant NAME (K_PAGE_READWRITE == 0x04). A value above INT64_MAX, NTX_BAD_NTXHANDLE's
 * and NTX_UNDEFINED_LOCATION's 0xFFFFFFFFFFFFFFFF, reads as negative (-1): use it as (uint64_t)K_<NAME>. */
enum spec_const_value {
#define SPEC_CONST(name, value) K_##name = (int64_t)(value),
#include "spec/constants.def"
#undef SPEC_CONST
    K__END = 0
};

/* The value of constant `name` in *value; false when no constant has that name. */
bool spec_const_lookup(const char *name, uint64_t *value);

/* The value of an expression "A|B|C" of constant names (spaces around '|' allowed) in *value.
 * On failure returns false and copies the first unknown name (at most name_cap-1 bytes) to bad_name. */
bool spec_const_eval(const char *expr, uint64_t *value, char *bad_name, int name_cap);

#endif
