/* spec/src/status.c — lookups over the status table generated from status.def.
 * The table is small (tens of rows) and read-only. A lookup by value (every step of a run, several
 * times) is a switch generated from the same table, on the key (family, value): the compiler makes
 * it a few comparisons, and a (family, value) pair defined twice does not compile. Lookups by name
 * (parsing and validation only) are linear scans over static data. */
#include "spec/status.h"

#include <string.h>

static const spec_status status_table[] = {
#define SPEC_STATUS(fam, name, value, success) {#name, (uint32_t)(value), SPEC_FAMILY_##fam, SPEC_##success},
#include "spec/status.def"
#undef SPEC_STATUS
};

#define STATUS_COUNT ((int)(sizeof status_table / sizeof status_table[0]))

/* SI_<NAME>: the row of status NAME in status_table. */
enum status_index {
#define SPEC_STATUS(fam, name, value, success) SI_##name,
#include "spec/status.def"
#undef SPEC_STATUS
    SI__COUNT
};
_Static_assert(SI__COUNT == STATUS_COUNT, "one index per row of status.def");

/* One switch key per (family, value); families stay below 2^32. */
#define STATUS_KEY(family, value) (((uint64_t)(family) << 32) | (uint64_t)(uint32_t)(value))

const spec_status *spec_status_by_name(const char *name) {
    if (name == NULL) return NULL;
    for (int i = 0; i < STATUS_COUNT; i++)
        if (strcmp(status_table[i].name, name) == 0) return &status_table[i];
    return NULL;
}

const spec_status *spec_status_by_value(spec_family family, uint32_t value) {
    if ((unsigned)family >= SPEC_FAMILY_COUNT) return NULL;
    switch (STATUS_KEY(family, value)) {
#define SPEC_STATUS(fam, name, value, success) \
    case STATUS_KEY(SPEC_FAMILY_##fam, value): return &status_table[SI_##name];
#include "spec/status.def"
#undef SPEC_STATUS
    default: return NULL;
    }
}

const char *spec_status_name(spec_family family, uint32_t value) {
    const spec_status *s = spec_status_by_value(family, value);
    return s ? s->name : NULL;
}

bool spec_status_is_success(const spec_status *status) {
    return status != NULL && (status->success == SPEC_SUCCESS || status->success == SPEC_SUCCESS_INFO);
}

const char *spec_family_name(spec_family family) {
    switch (family) {
    case SPEC_FAMILY_INTIME: return "intime";
    case SPEC_FAMILY_WIN32: return "win32";
    case SPEC_FAMILY_NTSTATUS: return "ntstatus";
    case SPEC_FAMILY_SIM: return "sim";
    default: return "?";
    }
}

const spec_status *spec_status_table(int *count) {
    *count = STATUS_COUNT;
    return status_table;
}
