/* conformance/src/backend_check.h — checking everything a backend hands back before rtshm uses it
 * (rtshm/backend.h, "What rtshm checks"; private to conformance/src/).
 *
 * A backend is foreign code: its outcomes, findings and notes are read field by field, and each field
 * is checked against what the interface allows and what the step asked (the function's status family,
 * return type and output parameters). A violation is described in `why` as "<field> <what is wrong>"
 * ("outcome.family is 9, not RtCreateSharedMemory's status family 1 (win32)"), which the driver
 * prefixes with the backend and the operation; the step then ends the scenario with verdict ERROR.
 * Strings are read only within their arrays (a clause pointer within RTSHM_CLAUSE_BOUND bytes), so no
 * answer can make rtshm read or write out of bounds; clause IDs are replaced by the catalogue's own
 * strings, so nothing recorded points into the backend's memory. */
#ifndef CONF_BACKEND_CHECK_H
#define CONF_BACKEND_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/backend.h"
#include "rtshm/backend.h"

/* How far rtshm reads a clause pointer (rtshm_outcome.clause) looking for its NUL. */
#define RTSHM_CLAUSE_BOUND 64

/* What an outcome answers: a call (fn and the arguments it was given), a memory access or an event. */
typedef enum bcheck_op { BCHECK_CALL = 0, BCHECK_ACCESS, BCHECK_EVENT } bcheck_op;

/* True when the `cap` bytes at s hold a NUL and valid UTF-8 before it; otherwise false with
 * "<field> is not NUL-terminated within its <cap> bytes" or "<field> is not valid UTF-8 (byte N)" in why. */
bool bcheck_text(const char *field, const char *s, size_t cap, char *why, size_t why_cap);

/* Clause pointers a world's backend returned before and the catalogue IDs they held (a direct-mapped
 * cache: a backend returns the same few literals step after step, and a hit costs one strcmp against
 * the ID, never trusting the pointer alone). Zeroed: empty. */
typedef struct bcheck_cache {
    const char *pointer[32];
    const char *id[32];
} bcheck_cache;

/* Checks outcome o of an operation of kind op (for calls: function fn given argv) and converts it into
 * *out (family/status as given; the driver sets a memory access's and an event's own). cache may be
 * NULL. Returns true, or false with why. */
bool bcheck_outcome(bcheck_op op, const spec_function *fn, const rtshm_value *argv, const rtshm_outcome *o,
                    bcheck_cache *cache, conf_outcome *out, char *why, size_t why_cap);

/* Checks finding f; on success *clause is the catalogue's string of its clause, or NULL for "". */
bool bcheck_finding(const rtshm_finding *f, const char **clause, char *why, size_t why_cap);

/* Checks note n of a world with process_count processes; on success *clause as for findings. */
bool bcheck_note(const rtshm_note *n, int process_count, const char **clause, char *why, size_t why_cap);

#endif
