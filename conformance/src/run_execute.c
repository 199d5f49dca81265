/* conformance/src/run_execute.c — executing one step in a backend's world: the one path the backend
 * under test and the oracle (the reference model run beside it) both take.
 *
 * The step's arguments or address are resolved from the given variable array and the step goes to the
 * driver's call, read, write or event (conf/backend.h), which hands the backend the step's virtual
 * time with events. Nothing is formatted or recorded here; what the step gave is returned whole
 * (run_exec) for the checker and the recorder. Notes the backend raised (model-initiated events due by
 * the step's time, e.g. a shutdown callback after a kernel stop) are taken afterwards with
 * run_next_note, in the backend's own order. The one clause decided here: MEM.VIEW.PLACEMENT
 * (placement_clause). */
#include <stdio.h>

#include "run_int.h"
#include "sim/addrspace.h"
#include "sim/world.h"
#include "spec/clause_ids.h"

/* MEM.VIEW.PLACEMENT (model): a memory step of the reference model that succeeded in another view than
 * the one its pointer points into (`$pa` + 4096 reading the view mapped after pa's) rests on where the
 * model placed the views, whatever bytes it found: the clause is that one. Only the runner can tell,
 * as only it knows the pointer the address was computed from; a backend sees the address alone. Other
 * backends' outcomes are left as they are (with an oracle, the reference's clause decides anyway). */
static void placement_clause(const conf_world *world, const conf_step *st, const uint64_t *vars, run_exec *x) {
    const sim_world *w = conf_world_reference_sim(world);
    if (w == NULL || x->outcome.fault || st->length == 0 || st->process < 0 || st->process >= w->process_count) return;
    uint64_t pointer = st->ptr.kind == CONF_ARG_VAR ? vars[st->ptr.var] : st->ptr.number;
    const sim_addrspace *as = &w->processes[st->process]->as;
    const sim_view *own = sim_as_find(as, pointer, 1, NULL);
    if (own && x->va >= own->base_va && x->va - own->base_va + st->length <= own->length) return; /* the usual case */
    if (sim_as_find(as, x->va, st->length, NULL) != NULL) x->outcome.clause = CL_MEM_VIEW_PLACEMENT;
}

int run_execute(conf_world *world, const conf_step *st, const uint64_t *vars, run_exec *x, char *err, size_t err_cap) {
    err[0] = '\0';
    int rc;
    switch (st->kind) {
    case CONF_STEP_CALL:
        run_resolve_args(st, vars, x->args);
        return conf_world_call(world, st->process, st->fn, x->args, &x->outcome, err, err_cap);
    case CONF_STEP_READ:
        x->va = run_resolve_address(st, vars);
        rc = conf_world_read(world, st->process, x->va, st->length, x->data, &x->outcome, err, err_cap);
        if (rc == 0) placement_clause(world, st, vars, x);
        return rc;
    case CONF_STEP_WRITE:
        x->va = run_resolve_address(st, vars);
        rc = conf_world_write(world, st->process, x->va, st->data, st->length, &x->outcome, err, err_cap);
        if (rc == 0) placement_clause(world, st, vars, x);
        return rc;
    case CONF_STEP_EVENT: return conf_world_event(world, st, &x->outcome, err, err_cap);
    }
    snprintf(err, err_cap, "step kind %d is not one the runner knows", (int)st->kind); /* the parser never makes one */
    return -1;
}

bool run_next_note(conf_world *world, int *taken, conf_note *note) {
    if (*taken >= RUN_MAX_NOTES_PER_STEP || !conf_world_next_note(world, note)) return false;
    (*taken)++;
    return true;
}
