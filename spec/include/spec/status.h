/* spec/status.h — status codes of the three vendor error channels, defined once as data.
 *
 * One X-macro table (spec/include/spec/status.def) generates the enum of values, the name <-> value lookups,
 * the family of each code and whether it means the call succeeded. A family is the error channel a code belongs to: INtime 16-bit
 * statuses (E_*), Win32 last-error values (ERROR_*), NTSTATUS (STATUS_*), and the simulator's own
 * outcomes of memory steps and events (OK, ACCESS_VIOLATION). The same number means different
 * things in different families, so every lookup by value names the family. */
#ifndef SPEC_STATUS_H
#define SPEC_STATUS_H

#include <stdbool.h>
#include <stdint.h>

typedef enum spec_family {
    SPEC_FAMILY_INTIME = 0,
    SPEC_FAMILY_WIN32,
    SPEC_FAMILY_NTSTATUS,
    SPEC_FAMILY_SIM,
    SPEC_FAMILY_COUNT
} spec_family;

/* ST_<NAME> is the numeric value of status NAME (e.g. ST_ERROR_ALREADY_EXISTS == 183). */
enum spec_status_value {
#define SPEC_STATUS(fam, name, value, success) ST_##name = (int64_t)(value),
#include "spec/status.def"
#undef SPEC_STATUS
    ST__END = 0
};

/* Whether a call that reports a code succeeded (the SUCCESS column of status.def). */
typedef enum spec_success {
    SPEC_FAILURE = 0,  /* the call failed */
    SPEC_SUCCESS,      /* the channel's plain success code: E_OK, ERROR_SUCCESS, STATUS_SUCCESS, OK */
    SPEC_SUCCESS_INFO  /* succeeded, and the code tells how (ERROR_ALREADY_EXISTS: an existing object was opened) */
} spec_success;

typedef struct spec_status {
    const char *name;     /* "ERROR_ALREADY_EXISTS" */
    uint32_t value;       /* 183 */
    spec_family family;   /* SPEC_FAMILY_WIN32 */
    spec_success success; /* SPEC_SUCCESS_INFO */
} spec_status;

/* The status called `name` (exact, case-sensitive), or NULL when there is none. */
const spec_status *spec_status_by_name(const char *name);

/* The status of `family` whose value is `value`, or NULL when the family has no such code. */
const spec_status *spec_status_by_value(spec_family family, uint32_t value);

/* Name of (family, value), or NULL when unknown. */
const char *spec_status_name(spec_family family, uint32_t value);

/* True when status (a row of the table, or NULL for a code the table does not know) means the call did
 * what was asked: SPEC_SUCCESS and SPEC_SUCCESS_INFO. An unknown code is not a success. */
bool spec_status_is_success(const spec_status *status);

/* "intime", "win32", "ntstatus", "sim". */
const char *spec_family_name(spec_family family);

/* The whole table, in definition order; *count receives its length. */
const spec_status *spec_status_table(int *count);

#endif
