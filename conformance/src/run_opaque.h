/* conformance/src/run_opaque.h — opaque values compared through a one-to-one correspondence
 * (SIM.OPAQUE.BIJECTION), private to conformance/src/: what the runner adds to a step's judging when the
 * reference runs beside the implementation (`rtshm validate`, `rtshm explore`).
 *
 * Handles, pointers and RTSSINSTs are never compared by number (IWIN32.HANDLE.VALUES,
 * NTX.LOCATION.VALUES). What is compared is their equality pattern: a value a call returns or stores must
 * equal the value of an earlier variable of the same space (ref_opaque_space: a process's handle table,
 * its views, RTHANDLEs, NTXHANDLEs, RTSSINSTs) in the same process exactly when the reference's value
 * equals the reference's value of that variable. Only variables whose value is still live in the
 * reference's world count, and liveness is the reference's alone (ref_opaque_live, asked after every
 * step, never the implementation): a variable whose value died once (a handle closed, a view unmapped) is
 * forgotten until it is bound again, so a value the reference recycles is never held against an
 * implementation that gives a fresh one, nor a recycled value against one that does. */
#ifndef CONF_RUN_OPAQUE_H
#define CONF_RUN_OPAQUE_H

#include <stdbool.h>
#include <stdint.h>

#include "conf/checker.h"
#include "conf/scenario.h"
#include "run_int.h"

struct sim_world;

typedef struct run_opaque {
    const conf_scenario *sc;
    unsigned char *space; /* per variable: the ref_opaque_space of its live value; REF_SPACE_NONE when not tracked */
    int *process;         /* per variable: the process that holds its value */
    int *slot;            /* per variable: its index in tracked, or -1 */
    int *tracked;         /* the variables with a live value, in no particular order */
    int tracked_count;
} run_opaque;

/* Starts tracking sc's variables (none live). Returns 0, or -1 when out of memory. */
int run_opaque_init(run_opaque *o, const conf_scenario *sc);
void run_opaque_free(run_opaque *o);

/* After step st ran on the reference's world w (ref_vars: the reference's values, st's outputs not bound
 * yet): forgets every tracked variable whose value is no longer live in w. O(tracked variables) after a
 * step that can end a value (an event, a call given a handle or pointer); nothing after the others. */
void run_opaque_sweep(run_opaque *o, const struct sim_world *w, const conf_step *st, const uint64_t *ref_vars);

/* Judges call step st's opaque results (its return, its output parameters) through the correspondence:
 * ref and impl are the two outcomes, ref_vars and impl_vars the variables' values before the step binds
 * its outputs. Only a step whose check (already made by conf_check_step) passed, or had nothing to
 * compare, is judged. On a mismatch, check gets the verdict (by the deciding clause's level, as
 * conf_check_step decides), the clause, the mismatch bit (CONF_MISMATCH_RETURN or CONF_MISMATCH_OUTPUT)
 * and a detail naming the variable, and a finding 'opaque-correspondence' with the same detail is added
 * to findings; true then. Call run_opaque_sweep first. */
bool run_opaque_judge(const run_opaque *o, const struct sim_world *w, const conf_step *st, const conf_outcome *ref,
                      const uint64_t *ref_vars, const conf_outcome *impl, const uint64_t *impl_vars, conf_check *check,
                      run_findings *findings);

/* Step st's outputs were bound (ref_vars holds the reference's values): each `out` variable is tracked
 * when its value is a live one of its space in w, forgotten otherwise. */
void run_opaque_bound(run_opaque *o, const struct sim_world *w, const conf_step *st, const uint64_t *ref_vars);

/* Step st was skipped, or its implementation's outcome is unknown (its child died): its `out` variables
 * are forgotten. */
void run_opaque_forget(run_opaque *o, const conf_step *st);

#endif
