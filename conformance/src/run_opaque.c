/* conformance/src/run_opaque.c — opaque values compared through a one-to-one correspondence
 * (run_opaque.h, SIM.OPAQUE.BIJECTION): which variables hold a live value, and the judging of a step's
 * new values against them. */
#include "run_opaque.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend_ref.h"
#include "spec/clause_ids.h"
#include "spec/clauses.h"

int run_opaque_init(run_opaque *o, const conf_scenario *sc) {
    memset(o, 0, sizeof *o);
    o->sc = sc;
    size_t n = (size_t)sc->var_count + 1;
    o->space = calloc(n, sizeof *o->space);
    o->process = calloc(n, sizeof *o->process);
    o->slot = malloc(n * sizeof *o->slot);
    o->tracked = malloc(n * sizeof *o->tracked);
    if (o->space == NULL || o->process == NULL || o->slot == NULL || o->tracked == NULL) {
        run_opaque_free(o);
        return -1;
    }
    for (size_t v = 0; v < n; v++) o->slot[v] = -1;
    return 0;
}

void run_opaque_free(run_opaque *o) {
    free(o->space);
    free(o->process);
    free(o->slot);
    free(o->tracked);
    o->space = NULL;
    o->process = o->slot = o->tracked = NULL;
    o->tracked_count = 0;
}

/* Stops tracking variable v (nothing when it is not tracked). */
static void untrack(run_opaque *o, int v) {
    int at = o->slot[v];
    if (at < 0) return;
    int last = o->tracked[--o->tracked_count];
    o->tracked[at] = last;
    o->slot[last] = at;
    o->slot[v] = -1;
    o->space[v] = REF_SPACE_NONE;
}

/* Tracks variable v as holding a live value of space in process. */
static void track(run_opaque *o, int v, ref_opaque_space space, int process) {
    if (o->slot[v] < 0) {
        o->slot[v] = o->tracked_count;
        o->tracked[o->tracked_count++] = v;
    }
    o->space[v] = (unsigned char)space;
    o->process[v] = process;
}

/* Whether step st can end a live value: an event (an exit, a kernel stop), or a call given a handle or a
 * pointer (a close, an unmap, a free, a detach). Creating calls, reads and writes end nothing. */
static bool can_end_values(const conf_step *st) {
    if (st->kind == CONF_STEP_EVENT) return true;
    if (st->kind != CONF_STEP_CALL) return false;
    for (int i = 0; i < st->fn->param_count; i++)
        if (st->fn->params[i].type == SPEC_T_HANDLE || st->fn->params[i].type == SPEC_T_PTR) return true;
    return false;
}

void run_opaque_sweep(run_opaque *o, const struct sim_world *w, const conf_step *st, const uint64_t *ref_vars) {
    if (!can_end_values(st)) return;
    for (int i = 0; i < o->tracked_count;) {
        int v = o->tracked[i];
        if (ref_opaque_live(w, o->process[v], (ref_opaque_space)o->space[v], ref_vars[v])) {
            i++;
            continue;
        }
        untrack(o, v); /* the last one moves into slot i: look at it next */
    }
}

/* What keeps a value of space live, for a detail: "still open". */
static const char *live_words(ref_opaque_space space) {
    switch (space) {
    case REF_SPACE_HANDLE: return "still open";
    case REF_SPACE_VIEW: return "still mapped";
    case REF_SPACE_RTHANDLE:
    case REF_SPACE_NTXHANDLE: return "its object still live";
    case REF_SPACE_INSTANCE: return "still attached";
    case REF_SPACE_NONE: break;
    }
    return "still live";
}

/* The verdict a mismatch under clause id gets, by its level, as conf_check_step decides. */
static conf_verdict verdict_of(const char *id) {
    const spec_clause *clause = spec_clause_find(id);
    switch (clause ? clause->level : SPEC_LEVEL_STRICT) {
    case SPEC_LEVEL_STRICT: return CONF_FAIL;
    case SPEC_LEVEL_HAZARD: return CONF_NONE;
    case SPEC_LEVEL_MODEL:
    case SPEC_LEVEL_DOCUMENTED_SET: break;
    }
    return CONF_DIVERGE;
}

/* The clause that decides a mismatch: SIM.OPAQUE.BIJECTION, except where the reference gave a live value
 * again because the step's own clause says the call returns the same value (NTX.MAP.SAME_POINTER: strict)
 * or may return a stale one (NTX.MAP.CACHE_REUSE: hazard). */
static const char *deciding_clause(const char *step_clause, bool reference_equal) {
    if (reference_equal && step_clause &&
        (strcmp(step_clause, CL_NTX_MAP_SAME_POINTER) == 0 || strcmp(step_clause, CL_NTX_MAP_CACHE_REUSE) == 0))
        return step_clause;
    return CL_SIM_OPAQUE_BIJECTION;
}

/* Judges one new value (ref_new, impl_new) of space, from the return (param -1) or output param of st,
 * against the tracked variables. True with check and the finding filled on a mismatch. */
static bool judge_value(const run_opaque *o, const struct sim_world *w, const conf_step *st, int param,
                        ref_opaque_space space, uint64_t ref_new, uint64_t impl_new, const char *step_clause,
                        const uint64_t *ref_vars, const uint64_t *impl_vars, conf_check *check,
                        run_findings *findings) {
    if (space == REF_SPACE_NONE || impl_new == 0 || !ref_opaque_live(w, st->process, space, ref_new)) return false;
    int found = -1; /* the lowest variable whose equality differs: the same one whatever the tracking order */
    for (int i = 0; i < o->tracked_count; i++) {
        int v = o->tracked[i];
        if (o->space[v] != space || o->process[v] != st->process || impl_vars[v] == 0) continue;
        bool ref_eq = ref_new == ref_vars[v], impl_eq = impl_new == impl_vars[v];
        if (ref_eq != impl_eq && (found < 0 || v < found)) found = v;
    }
    if (found < 0) return false;
    bool reference_equal = ref_new == ref_vars[found];
    const char *clause = deciding_clause(step_clause, reference_equal);
    char what[96];
    if (param < 0) snprintf(what, sizeof what, "returned");
    else snprintf(what, sizeof what, "stored through %s", st->fn->params[param].name);
    const char *name = o->sc->vars[found].name;
    if (reference_equal)
        snprintf(check->detail, sizeof check->detail,
                 "the reference %s the same value as $%s (%s) again, the implementation a distinct one", what, name,
                 live_words(space));
    else
        snprintf(check->detail, sizeof check->detail,
                 "the implementation %s the same value as $%s (%s), the reference a distinct one", what, name,
                 live_words(space));
    check->verdict = verdict_of(clause);
    check->clause = clause;
    check->mismatches |= param < 0 ? CONF_MISMATCH_RETURN : CONF_MISMATCH_OUTPUT;
    run_collect_finding(findings, "opaque-correspondence", clause, check->detail);
    return true;
}

bool run_opaque_judge(const run_opaque *o, const struct sim_world *w, const conf_step *st, const conf_outcome *ref,
                      const uint64_t *ref_vars, const conf_outcome *impl, const uint64_t *impl_vars, conf_check *check,
                      run_findings *findings) {
    if (st->kind != CONF_STEP_CALL || w == NULL) return false;
    bool nothing_compared = check->verdict == CONF_NONE && !st->expect.present && check->detail[0] == '\0';
    if (check->verdict != CONF_PASS && !nothing_compared) return false; /* the step's own mismatch comes first */
    const spec_function *fn = st->fn;
    const char *step_clause = ref->clause;
    if (judge_value(o, w, st, -1, ref_opaque_space_of(fn, -1), ref->ret, impl->ret, step_clause, ref_vars, impl_vars,
                    check, findings))
        return true;
    for (int i = 0; i < fn->param_count; i++) {
        ref_opaque_space space = ref_opaque_space_of(fn, i);
        if (space != REF_SPACE_NONE && judge_value(o, w, st, i, space, ref->outputs[i], impl->outputs[i], step_clause,
                                                   ref_vars, impl_vars, check, findings))
            return true;
    }
    return false;
}

/* Tracks variable v, just bound to value by st (param -1: its return), when the value is live. */
static void bind_one(run_opaque *o, const struct sim_world *w, const conf_step *st, int param, int v, uint64_t value) {
    ref_opaque_space space = ref_opaque_space_of(st->fn, param);
    if (space != REF_SPACE_NONE && ref_opaque_live(w, st->process, space, value)) track(o, v, space, st->process);
    else untrack(o, v);
}

void run_opaque_bound(run_opaque *o, const struct sim_world *w, const conf_step *st, const uint64_t *ref_vars) {
    if (st->kind != CONF_STEP_CALL) return;
    if (st->out_return_var >= 0) bind_one(o, w, st, -1, st->out_return_var, ref_vars[st->out_return_var]);
    for (int i = 0; i < st->fn->param_count; i++)
        if (st->out_var[i] >= 0) bind_one(o, w, st, i, st->out_var[i], ref_vars[st->out_var[i]]);
}

void run_opaque_forget(run_opaque *o, const conf_step *st) {
    if (st->kind != CONF_STEP_CALL) return;
    if (st->out_return_var >= 0) untrack(o, st->out_return_var);
    for (int i = 0; i < st->fn->param_count; i++)
        if (st->out_var[i] >= 0) untrack(o, st->out_var[i]);
}
