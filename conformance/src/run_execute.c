/* conformance/src/run_execute.c — executing one step on a backend: the one path the backend under test
 * and the oracle (the reference model run beside it) both take.
 *
 * The step runs at its virtual time (set_time first), with its arguments or address resolved from the
 * given variable array, through the backend's call, read, write or event operation. Nothing is
 * formatted or recorded here; what the step gave is returned whole (run_exec) for the checker and the
 * recorder. Notes the backend raised (model-initiated events due by the step's time, e.g. a shutdown
 * callback after a kernel stop) are taken afterwards with run_next_note, in the backend's own order. */
#include <stdio.h>

#include "run_int.h"

int run_execute(const conf_backend *be, void *world, const conf_step *st, const uint64_t *vars, run_exec *x,
                char *err, size_t err_cap) {
    err[0] = '\0';
    be->set_time(world, st->vtime_us);
    switch (st->kind) {
    case CONF_STEP_CALL:
        run_resolve_args(st, vars, x->args);
        return be->call(world, st->process, st->fn, x->args, &x->outcome, err, err_cap);
    case CONF_STEP_READ:
        x->va = run_resolve_address(st, vars);
        return be->read(world, st->process, x->va, st->length, x->data, &x->outcome);
    case CONF_STEP_WRITE:
        x->va = run_resolve_address(st, vars);
        return be->write(world, st->process, x->va, st->data, st->length, &x->outcome);
    case CONF_STEP_EVENT: return be->event(world, st, &x->outcome, err, err_cap);
    }
    snprintf(err, err_cap, "step kind %d is not one the runner knows", (int)st->kind); /* the parser never makes one */
    return -1;
}

bool run_next_note(const conf_backend *be, void *world, int *taken, conf_note *note) {
    if (*taken >= RUN_MAX_NOTES_PER_STEP || !be->next_note(world, note)) return false;
    (*taken)++;
    return true;
}
