/* conformance/src/run_resolve.c — resolving a step against the scenario's variables: argument values,
 * the address a memory access reaches, and binding a call's `out` variables afterwards.
 *
 * The backend under test and the oracle each keep their own variable array (the handles one
 * implementation returns mean nothing to another), so every function takes the array to use. */
#include <stdlib.h>
#include <string.h>

#include "run_int.h"

uint64_t *run_vars_new(const conf_scenario *sc) {
    return calloc((size_t)(sc->var_count ? sc->var_count : 1), sizeof(uint64_t));
}

void run_resolve_args(const conf_step *st, const uint64_t *vars, conf_value *vals) {
    memset(vals, 0, sizeof(conf_value) * SPEC_MAX_PARAMS);
    for (int i = 0; i < st->fn->param_count; i++) {
        const conf_arg *a = &st->args[i];
        conf_value *v = &vals[i];
        switch (a->kind) {
        case CONF_ARG_NUMBER: v->number = a->number; break;
        case CONF_ARG_NULL: v->is_null = true; break;
        case CONF_ARG_STRING: v->string = a->string; break;
        case CONF_ARG_VAR: v->number = vars[a->var]; break;
        case CONF_ARG_OUT: v->out_valid = true; break;
        case CONF_ARG_OUT_NULL: v->is_null = true; break;
        }
    }
}

uint64_t run_resolve_address(const conf_step *st, const uint64_t *vars) {
    uint64_t base = st->ptr.kind == CONF_ARG_VAR ? vars[st->ptr.var] : st->ptr.number;
    return base + st->offset;
}

void run_bind_outputs(const conf_step *st, const conf_outcome *o, uint64_t *vars) {
    if (st->kind != CONF_STEP_CALL) return;
    if (st->out_return_var >= 0) vars[st->out_return_var] = o->ret;
    for (int i = 0; i < st->fn->param_count; i++)
        if (st->out_var[i] >= 0) vars[st->out_var[i]] = o->outputs[i];
}
