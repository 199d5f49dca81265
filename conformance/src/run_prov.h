/* conformance/src/run_prov.h — where each variable's value came from, while a scenario runs (private
 * to conformance/src/): the runner's step-level SKIP and its opaque values.
 *
 * Skipping. A step is skipped when the backend does not support what it does (its function's family,
 * the function itself, or its event: conf_backend_step_unsupported) or when it uses a variable whose
 * last binding was by a skipped step (an argument, a memory step's pointer, an expected return "$v"):
 * its value would be meaningless. A skipped step's own `out` variables become "bound by a skipped
 * step" in turn, until a step that runs binds them again. Dependencies outside variables are
 * followed where rtshm can see them: a call passing a string (an object's name) that a skipped call
 * passed, and a call that only reads the last-error slot (GetLastError, ntxGetLastRtError,
 * GetLastRtError) after a skipped call in the same process, are skipped too. Dependencies rtshm cannot see
 * (bytes a skipped write would have put in shared memory another process reads, an object count) are
 * found by the reference, which skips the same steps: a step that runs after a skip and whose
 * expectation the reference misses too is SKIP, its expectation lost (run_prov_unjudged). A step using a
 * variable that a FAIL or DIVERGE step left NULL on one side only (a location the implementation never set,
 * pointer 0) is SKIP too: its outcome follows from that step's, which is already judged. An event the backend cannot deliver
 * (kernel.stop, link.down, ...) changes the whole world every later step runs in: it and every step
 * after it are skipped. A scenario has nothing meaningful left when no call with an `expect` ran — every
 * call was skipped, or only set-up calls without expectations ran (SetLastError before the skipped
 * call it prepared) — or when an event was skipped (a scenario without calls: when every step was): its
 * verdict is SKIP.
 *
 * Opaque values. A value the backend flagged opaque (a real address: conf_outcome.opaque) makes the
 * variable it is bound to opaque, and with it every later argument taken from that variable; the
 * recorder marks them so (run_opaque_text) for --check-determinism and `rtshm diff`. */
#ifndef CONF_RUN_PROV_H
#define CONF_RUN_PROV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/backend.h"
#include "conf/runner.h"
#include "conf/scenario.h"
#include "run_int.h"
#include "traces/trace.h"

#define RUN_PROV_MAX_NAMES 64

typedef struct run_prov {
    const conf_backend *be;
    const conf_scenario *sc;
    int *skipped_by;        /* per variable: the index of the skipped step that bound it last, or -1 */
    bool *opaque;           /* per variable: bound from a value the backend flagged opaque */
    int steps, skipped;     /* steps seen, steps skipped */
    int calls, calls_skipped;
    int calls_judged;       /* call steps that ran with an `expect` */
    int event_skipped;      /* the index of the event step skipped as unsupported, or -1 */
    int *slot_skipped_by;   /* per process: the skipped call that last set its last-error slot, or -1 */
    char *names[RUN_PROV_MAX_NAMES]; /* strings skipped calls passed (object names) */
    int name_count;
    bool names_overflow;    /* more than RUN_PROV_MAX_NAMES: every string counts as one */
    char first[512];        /* the first skipped step: "<why> (step N: <function>)", or "" */
    bool last_used_skipped; /* the step run_prov_skip last skipped uses a variable a skipped step bound */
    bool any_opaque;        /* some variable was bound from an opaque value (else nothing to look up) */
    int *differs_by;        /* per variable: the step that bound it NULL on one side only and was judged
                               FAIL, DIVERGE or SKIP (run_prov_diverged), or -1 */
    bool any_differs;       /* some differs_by is set (else nothing to look up) */
} run_prov;

/* Starts tracking sc's variables on be. Returns 0, or -1 when out of memory. */
int run_prov_init(run_prov *p, const conf_backend *be, const conf_scenario *sc);
void run_prov_free(run_prov *p);

/* Whether step st (the next in file order) is skipped: true with the reason in why (no step number:
 * "<backend> does not support the ntx family", "uses $h, bound only by skipped step 2"), st's `out`
 * variables then being bound by a skipped step; false when it runs (call run_prov_ran after it). */
bool run_prov_skip(run_prov *p, const conf_step *st, char *why, size_t cap);

/* Step st ran with outcome o (NULL: not known, nothing opaque): its `out` variables are bound for
 * real, opaque where o flags their value. */
void run_prov_ran(run_prov *p, const conf_step *st, const conf_outcome *o);

/* Step st ran (run_prov_ran was called for it) but is not judged: its expectation rested on skipped
 * steps (the reference, skipping the same steps, misses it as well), or it uses a variable an earlier
 * differing step left NULL on one side only (run_prov_differing_use). It counts as a skipped step, and
 * a call among them as not judged. */
void run_prov_unjudged(run_prov *p, const conf_step *st);

/* Step st, judged FAIL, DIVERGE or SKIP, bound its outputs (run_prov_ran was called): those whose value
 * is NULL (0) in vars and not in ref_vars (the oracle's), or the other way round, now come from a
 * differing step, until a step that runs binds them again. */
void run_prov_diverged(run_prov *p, const conf_step *st, const uint64_t *vars, const uint64_t *ref_vars);

/* The first variable st uses (an argument, a memory step's pointer, an expected return "$v") that an
 * earlier differing step left NULL on one side only (run_prov_diverged), or -1: the step's outcome
 * follows from that step's, and is not judged again. */
int run_prov_differing_use(const run_prov *p, const conf_step *st);

/* Which of st's argument values come from opaque variables: bit i for args[i] of a call, bit 0 for a
 * memory step's pointer. */
uint32_t run_prov_opaque_args(const run_prov *p, const conf_step *st);

/* True when nothing meaningful was left: steps were skipped and no call step with an `expect` ran, or
 * an event was skipped as unsupported. */
bool run_prov_nothing_left(const run_prov *p);

/* The JSON array of the fields of step st's row whose values are opaque, from x->outcome.opaque and
 * x->opaque_args (run_prov_opaque_args): "ret", "args.<parameter>", "args.ptr" — e.g.
 * ["args.hShm","ret"] (sorted); NULL when there is none (or out of memory). Allocated: free it. A NULL
 * value (0) is never opaque: it is the same in every run. */
char *run_opaque_text(const conf_step *st, const run_exec *x);

/* Records step st (number seq of the scenario), which run_prov_skip skipped for `why`, as a steps row
 * with verdict SKIP and why as its detail (its args as resolved from vars, or NULL when they use a
 * variable a skipped step bound), and counts it in res (res->message: p->first, unless a message is
 * there). db may be NULL (nothing recorded). Returns 0, or -1 on a trace error (message in res). */
int run_record_skip(trace_db *db, const conf_scenario *sc, const conf_step *st, int64_t seq, const uint64_t *vars,
                    const run_prov *p, const char *why, conf_scenario_result *res);

#endif
