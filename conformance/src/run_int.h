/* conformance/src/run_int.h — the runner's three stages, private to conformance/ (and its tests).
 *
 * A step goes through resolve -> execute -> record:
 *   resolve (run_resolve.c)  variables, arguments and addresses from the scenario and a variable array;
 *   execute (run_execute.c)  one step on any backend's world (conf_world, conf/backend.h) + variable
 *                            array: the backend under test and the oracle (the reference run beside
 *                            it) take the same path;
 *   record  (run_record.c)   the trace row's texts (args JSON, ret text, status names), the row, the
 *                            step's findings and the notes the backend raised after it.
 * runner.c drives a scenario through them and judges each step (conf/checker.h) in between.
 *
 * Per step, nothing on the unrecorded path formats or allocates beyond what the backend itself does:
 * the texts are made by the recorder only, and only when there is a trace. */
#ifndef CONF_RUN_INT_H
#define CONF_RUN_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "conf/backend.h"
#include "conf/checker.h"
#include "conf/runner.h"
#include "conf/scenario.h"
#include "traces/trace.h"

#define RUN_MAX_FINDINGS_PER_STEP 64
#define RUN_MAX_NOTES_PER_STEP 65536 /* 64 drivers x 1024 RtkRtssAttachEx instances */

/* ---- resolve ---- */

/* A variable array for sc (one value per sc->vars entry, all 0), or NULL when out of memory. Free it. */
uint64_t *run_vars_new(const conf_scenario *sc);

/* The values of call step st's arguments (fn->params order) given the variables' values: numbers and
 * defaults as given, "$var" as its value, NULL as is_null, an omitted output as out_valid. Entries
 * past the function's parameters are zero. */
void run_resolve_args(const conf_step *st, const uint64_t *vars, conf_value *vals);

/* The virtual address a read or write step st accesses: its ptr (a number or a variable's value)
 * plus its offset. */
uint64_t run_resolve_address(const conf_step *st, const uint64_t *vars);

/* Binds call step st's `out` variables (its return value and output parameters) from outcome o into
 * vars; other steps bind nothing. */
void run_bind_outputs(const conf_step *st, const conf_outcome *o, uint64_t *vars);

/* ---- execute ---- */

/* What executing one step gave. Which fields hold something depends on the step's kind. */
typedef struct run_exec {
    conf_outcome outcome;                     /* every kind: what the backend reported */
    conf_value args[SPEC_MAX_PARAMS];         /* calls: the resolved arguments */
    uint64_t va;                              /* reads and writes: the address accessed */
    unsigned char data[CONF_MAX_ACCESS_BYTES]; /* reads: the bytes read (st->length of them) */
    uint32_t opaque_args;                     /* arguments from opaque values (run_prov_opaque_args) */
} run_exec;

/* Executes step st in world, with the variables' values in vars (read, not bound: the caller binds
 * with run_bind_outputs when it wants to). Returns 0 with the result in *x, or -1 when the backend
 * broke (the message in err: the backend's, or the driver's naming the operation). */
int run_execute(conf_world *world, const conf_step *st, const uint64_t *vars, run_exec *x, char *err, size_t err_cap);

/* The next note the backend raised in world since the last step, into *note, counting it in *taken (0
 * before the first): false when there is none or when RUN_MAX_NOTES_PER_STEP were taken already. */
bool run_next_note(conf_world *world, int *taken, conf_note *note);

/* ---- record ---- */

typedef struct run_finding {
    char kind[48], clause[64], detail[512];
} run_finding;

/* The findings a backend raised during one step, bounded; the rest are only counted. */
typedef struct run_findings {
    run_finding items[RUN_MAX_FINDINGS_PER_STEP];
    int count;
    int dropped;
} run_findings;

/* conf_finding_fn keeping a finding in the run_findings ctx (or counting it as dropped when full). */
void run_collect_finding(void *ctx, const char *kind, const char *clause, const char *detail);

/* conf_finding_fn forgetting the finding (the oracle's: only the backend's findings are recorded). */
void run_drop_finding(void *ctx, const char *kind, const char *clause, const char *detail);

/* The step's `function` in the trace ("RtCreateSharedMemory", "read", "write", "process.exit", ...):
 * a static string, available without a trace (the runner names it in its first-failure message). */
const char *run_step_function(const conf_step *st);

/* The canonical JSON of step st's `args` as executed (x): a call's resolved arguments (numbers as
 * numbers, handles and pointers as "0x..", outputs as "out" or null), a memory access's ptr, offset
 * and length or hex, an event's subject. Allocated (free it); NULL when out of memory. */
char *run_args_text(const conf_scenario *sc, const conf_step *st, const run_exec *x);

/* The text of step st's `ret` (TRACE-SCHEMA.md): a call's return value by its type, a read's bytes in
 * hex unless it faulted; NULL when the step has none (void calls, writes, events) or out of memory.
 * Allocated (free it). */
char *run_ret_text(const conf_step *st, const run_exec *x);

/* Writes step st's row (number seq of the scenario) with its verdict, then its findings, into db;
 * after_restart > 0 marks a step run by the child of that restart. Returns 0, or -1 on a trace error
 * (trace_errmsg(db) tells). */
int run_record_step(trace_db *db, const conf_scenario *sc, const conf_step *st, int64_t seq, const run_exec *x,
                    const conf_check *check, const run_findings *findings, int64_t after_restart);

/* Writes note (raised by the backend after step st) as the `event` row number seq, verdict NONE.
 * Returns 0, or -1 on a trace error. */
int run_record_note(trace_db *db, const conf_scenario *sc, const conf_step *st, int64_t seq, const conf_note *note,
                    int64_t after_restart);

/* Writes the row of step st (number seq) during which the backend's child died: its resolved arguments
 * (x->args / x->va), the reference's clause, verdict NONE, `died` = verdict (CRASH, TIMEOUT, ERROR) and
 * how in detail. Returns 0, or -1 on a trace error. */
int run_record_died(trace_db *db, const conf_scenario *sc, const conf_step *st, int64_t seq, const run_exec *x,
                    const char *clause, const char *verdict, const char *how, int64_t after_restart);

/* ---- the backend in a child process (isolate_parent.c; conf/isolate.h starts it) ----
 * The runner's side of an isolated scenario: the child opens the backend's world, executes each step
 * and sends what it gave; these functions wait for it (under the scenario's deadline). */

enum run_child_result {
    RUN_CHILD_OK = 0,            /* opened / the step's outcome arrived / the END arrived */
    RUN_CHILD_BROKE = -1,        /* the backend failed the operation itself (message in err): ERROR */
    RUN_CHILD_DIED = -2,         /* the child died, hung or exited (run_child_death tells how) */
    RUN_CHILD_ABANDONED = -3,    /* interrupted, or a system error here: nothing of the scenario is kept */
    RUN_CHILD_GONE = -4,         /* step: the child had died before the step began (its notes, a replay) */
    RUN_CHILD_SKIP = 1,          /* open: the backend does not support the scenario (why in err) */
    RUN_CHILD_INPUT_CHANGED = 2  /* the scenario's streamed file changed under the run (message in err) */
};

/* Waits until the child opened the backend's world. Returns a run_child_result. */
int run_child_open(conf_child *c, char *err, size_t cap);

/* The backend's outcome of step st: resolves st's arguments or address from vars into x (as
 * run_execute does), then waits for the child's record of st: x->outcome, x->data, the findings into
 * *f. Returns RUN_CHILD_OK, _BROKE (message in err), _DIED (x holds the resolved arguments), _ABANDONED
 * or _INPUT_CHANGED (message in err). */
int run_child_step(conf_child *c, const conf_step *st, const uint64_t *vars, run_exec *x, run_findings *f, char *err,
                   size_t cap);

/* The next note the child sent after the last step, into *note (valid until the next call): false when
 * there is none. */
bool run_child_next_note(conf_child *c, conf_note *note);

/* After a death in step died_index: starts a fresh child that replays the finished steps (all but those
 * that died) and goes on after died_index. Returns 0, or -1 when it cannot (too many restarts). */
int run_child_restart(conf_child *c, int died_index);

/* How many times the child was restarted (0: none). */
int64_t run_child_restarts(const conf_child *c);

/* Ends the scenario's child: with wait_end, waits for its END record first (a death then, in xClose,
 * counts as one); then the child and everything it started are killed and reaped, and its output
 * kept. Returns RUN_CHILD_OK, _DIED, _ABANDONED or _INPUT_CHANGED (message in err). */
int run_child_finish(conf_child *c, bool wait_end, char *err, size_t cap);

/* True when the child died (the first time): its verdict (CRASH, TIMEOUT, ERROR) and message. */
bool run_child_death(const conf_child *c, const char **verdict, const char **message);

/* The latest death (the one a `died` row tells): its verdict and message. */
void run_child_last_death(const conf_child *c, const char **verdict, const char **message);

/* The scenario's message after a death: the first death's, and with restarts what ran after them. */
void run_child_death_summary(const conf_child *c, char *buf, size_t cap);

/* What the backend printed during the scenario (bounded, escaped), or NULL when nothing. */
const char *run_child_output(conf_child *c);

#endif
