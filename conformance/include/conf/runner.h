/* conf/runner.h — executing one validated scenario on a backend and recording it in the trace.
 *
 * Steps run in file order, which is time order (`at` never goes backwards). For each step the runner
 * resolves arguments (variables, defaults), asks the backend (and the oracle, when there is one),
 * checks the outcome (conf/checker.h), binds `out` variables, and writes one `steps` row plus any
 * findings, followed by the notes (model-initiated events such as shutdown callbacks) the backend
 * raised by the step's virtual time. The whole scenario is one transaction. */
#ifndef CONF_RUNNER_H
#define CONF_RUNNER_H

#include <stdbool.h>
#include <stdint.h>

#include "conf/backend.h"
#include "conf/scenario.h"
#include "traces/trace.h"

typedef struct conf_scenario_result {
    const char *verdict;  /* PASS | FAIL | DIVERGE | ERROR | SKIP, and with a child CRASH | TIMEOUT */
    int steps;            /* steps executed */
    int pass, fail, diverge, none;
    int skipped;          /* steps skipped: the backend does not support them, or they use what one bound */
    bool nothing_left;    /* nothing meaningful ran (no judged call) or an event was skipped: verdict SKIP
                             (run_prov.h) */
    int findings;
    char message[768];    /* first failing step, or the error */
    bool input_changed;   /* a streamed scenario's file changed since it was loaded (or cannot be read
                             any more): the run returned -1 and recorded nothing */
    /* The step `message` tells of (the first FAIL, else the first DIVERGE), as values for `rtshm
     * explore` (which keeps a divergence while shrinking): its index in the file, its function
     * (run_step_function), the deciding clause (or NULL) and the CONF_MISMATCH_* bits. Set only when
     * fail + diverge > 0. */
    int first_step;
    const char *first_function;
    const char *first_clause;
    unsigned first_mismatches;
} conf_scenario_result;

/* Runs sc on backend be with seed and records it as a scenario of run_id in db (db may be NULL: run
 * without recording). Returns 0 when the scenario ran (whatever its verdict) and -1 when the trace
 * could not be written or a streamed scenario's file changed under the run (res->input_changed;
 * message in res->message; the scenario's rows are rolled back). */
int conf_run_scenario(const conf_scenario *sc, const conf_backend *be, uint64_t seed, trace_db *db, int64_t run_id,
                      conf_scenario_result *res);

/* A backend running in a child process of its own (conf/isolate.h). */
typedef struct conf_child conf_child;

typedef struct conf_run_opts {
    /* The oracle (the reference model) runs every step beside the backend, with its own variables, and
     * the clause behind its outcome decides the backend's verdicts (CLAUSES.md "Levels": an
     * implementation is judged by the clause the reference reports for the same step). NULL: none. */
    const conf_backend *oracle;
    /* When not NULL, be runs there: the child executes each step and sends its outcome as it finishes;
     * the oracle, the judging and the recording stay here (be is then only named). NULL: in process. */
    conf_child *child;
    /* With child: after the child died, hung or exited in a step, replay the finished steps in a fresh
     * child and go on after that step (--continue-after-crash). */
    bool continue_after_crash;
} conf_run_opts;

/* conf_run_scenario with options. */
int conf_run_scenario_judged(const conf_scenario *sc, const conf_backend *be, const conf_run_opts *opts, uint64_t seed,
                             trace_db *db, int64_t run_id, conf_scenario_result *res);

#endif
