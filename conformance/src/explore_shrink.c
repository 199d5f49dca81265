/* conformance/src/explore_shrink.c — shrinking a diverging generated scenario (ex_shrink, conf/explore.h).
 *
 * Every candidate is a copy of the scenario with one simplification; it is kept when it still parses
 * and still diverges the same way (verdict, deciding clause and mismatching fields: ex_divergence_same)
 * on the implementation, judged exactly as the search judged it. The passes, repeated until none
 * simplifies anything (each bounded):
 *   1. steps: delta debugging (ddmin: remove chunks of steps, halving the chunk size when none can go);
 *   2. the world: processes no step uses, the remote node with its kernel and link;
 *   3. arguments: each toward the simplest value of its strategy (its default when it has one, a page
 *      for a size, 0 for another number, the first pool name for a name, NULL for a variable: then the
 *      step that bound it can go too), memory steps toward offset 0 and one byte; each step's `at`
 *      dropped (the previous step's time) and an Rtk call's `irql` dropped (PASSIVE_LEVEL) or lowered;
 *   4. names: each pool name toward a short one (its first character, then two), keeping collisions
 *      only where the divergence needs them.
 * The candidates of one round are judged as one batch (one fork server for a library), stopping at the
 * first that reproduces: the result depends only on the order of the candidates, never on timing. The
 * variables are renumbered in order of appearance at the end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/explore.h"
#include "spec/functions.h"

#define SHRINK_MAX_BATCH 64
#define SHRINK_MAX_ROUNDS 400

typedef struct shrinker {
    ex_engine *e;
    const ex_divergence *want;
    ex_scenario *cand;  /* SHRINK_MAX_BATCH candidates */
    ex_case *cases;
    int judged;
    char *err;
    size_t cap;
} shrinker;

/* Judges the first n candidates; returns the index of the first that reproduces, -1 when none does,
 * -2 on an error (message in sh->err). */
static int first_reproducing(shrinker *sh, int n) {
    if (n == 0) return -1;
    for (int i = 0; i < n; i++) sh->cases[i].scenario = &sh->cand[i];
    if (ex_judge(sh->e, sh->cases, n, NULL, sh->want, sh->err, sh->cap) != 0) return -2;
    int found = -1;
    for (int i = 0; i < n; i++) {
        if (found < 0 && !sh->cases[i].invalid && ex_divergence_same(&sh->cases[i].div, sh->want)) found = i;
        ex_case_clear(&sh->cases[i]);
    }
    sh->judged += n;
    return found;
}

/* s without the steps [from, to). */
static void remove_steps(const ex_scenario *s, int from, int to, ex_scenario *out) {
    *out = *s;
    int k = 0;
    for (int i = 0; i < s->step_count; i++)
        if (i < from || i >= to) out->steps[k++] = s->steps[i];
    out->step_count = k;
}

/* Pass 1: ddmin over the steps. Returns 1 when something went, 0 when not, -2 on an error. */
static int shrink_steps(shrinker *sh, ex_scenario *s) {
    int changed = 0, granularity = 2;
    while (s->step_count >= 2 && sh->judged < SHRINK_MAX_ROUNDS) {
        int chunk = (s->step_count + granularity - 1) / granularity, n = 0;
        for (int from = 0; from < s->step_count && n < SHRINK_MAX_BATCH; from += chunk)
            remove_steps(s, from, from + chunk < s->step_count ? from + chunk : s->step_count, &sh->cand[n++]);
        int found = first_reproducing(sh, n);
        if (found == -2) return -2;
        if (found >= 0) {
            *s = sh->cand[found];
            changed = 1;
            granularity = granularity > 2 ? granularity - 1 : 2;
        } else if (chunk == 1) {
            break;
        } else {
            granularity = granularity * 2 < s->step_count ? granularity * 2 : s->step_count;
        }
    }
    return changed;
}

static bool process_used(const ex_scenario *s, int p) {
    for (int i = 0; i < s->step_count; i++) {
        const ex_step *st = &s->steps[i];
        if (st->kind != CONF_STEP_EVENT && st->process == p) return true;
        if (st->kind == CONF_STEP_EVENT && st->event == CONF_EVENT_PROCESS_EXIT && st->process == p) return true;
    }
    return false;
}

/* Pass 2: unused processes and the remote node. */
static int shrink_world(shrinker *sh, ex_scenario *s) {
    int n = 0;
    ex_scenario all = *s; /* everything unused at once first */
    for (int p = 0; p < EX_PROC_COUNT; p++)
        if (((s->procs >> p) & 1u) && !process_used(s, p)) all.procs &= ~(1u << p);
    all.remote = false;
    if (all.procs == 0 || (all.procs == s->procs && all.remote == s->remote)) return 0;
    sh->cand[n++] = all;
    for (int p = 0; p < EX_PROC_COUNT && n < SHRINK_MAX_BATCH; p++)
        if (((s->procs >> p) & 1u) && !process_used(s, p) && (s->procs & ~(1u << p)) != 0) {
            sh->cand[n] = *s;
            sh->cand[n++].procs &= ~(1u << p);
        }
    if (s->remote && n < SHRINK_MAX_BATCH) {
        sh->cand[n] = *s;
        sh->cand[n++].remote = false;
    }
    int found = first_reproducing(sh, n);
    if (found < 0) return found == -2 ? -2 : 0;
    *s = sh->cand[found];
    return 1;
}

/* The simplest value of parameter prm's strategy. */
static ex_val simplest(const spec_param *prm) {
    if (!prm->required) return (ex_val){EXV_OMIT, 0, NULL, 0};
    if (prm->type == SPEC_T_STRING) return (ex_val){EXV_STR, 0, NULL, 0};
    if (strcmp(prm->name, "MaximumSizeLow") == 0 || strcmp(prm->name, "nSize") == 0 || strcmp(prm->name, "cbSize") == 0)
        return (ex_val){EXV_NUM, 4096, NULL, 0};
    return (ex_val){EXV_NUM, 0, NULL, 0};
}

static bool same_val(const ex_val *a, const ex_val *b) {
    return a->kind == b->kind && a->num == b->num && a->index == b->index && (a->sym == NULL) == (b->sym == NULL);
}

/* Pass 3: arguments toward their simplest values, memory steps toward offset 0 and one byte. */
static int shrink_args(shrinker *sh, ex_scenario *s) {
    int changed = 0;
    while (sh->judged < SHRINK_MAX_ROUNDS) {
        int n = 0;
        for (int i = 0; i < s->step_count && n < SHRINK_MAX_BATCH; i++) {
            const ex_step *st = &s->steps[i];
            if (st->kind == CONF_STEP_CALL) {
                const spec_function *fn = spec_function_row((spec_fn_row)st->fn);
                for (int a = 0; a < fn->param_count && n < SHRINK_MAX_BATCH; a++) {
                    const spec_param *prm = &fn->params[a];
                    if (prm->type == SPEC_T_OUT_PTR || prm->type == SPEC_T_OUT_HANDLE) {
                        if (st->args[a].kind == EXV_OMIT) continue;
                    }
                    ex_val v = simplest(prm);
                    if (st->args[a].kind == EXV_VAR) /* a value from the world: toward NULL, which needs no producer */
                        v = (ex_val){EXV_NULL, 0, NULL, 0};
                    if (same_val(&v, &st->args[a])) continue;
                    sh->cand[n] = *s;
                    sh->cand[n++].steps[i].args[a] = v;
                }
            } else if (st->kind == CONF_STEP_READ || st->kind == CONF_STEP_WRITE) {
                if (st->offset != 0) {
                    sh->cand[n] = *s;
                    sh->cand[n++].steps[i].offset = 0;
                }
                if (st->length > 1 && n < SHRINK_MAX_BATCH) {
                    sh->cand[n] = *s;
                    sh->cand[n++].steps[i].length = 1;
                }
            }
        }
        int found = first_reproducing(sh, n);
        if (found == -2) return -2;
        if (found < 0) break;
        *s = sh->cand[found];
        changed = 1;
    }
    return changed;
}

/* Pass 3b: each step's `at` and `irql` toward the simplest: every one dropped at once first, then each
 * `at` dropped (the step runs at the previous step's time, which never goes back: the times after it
 * stay valid), each `irql` dropped (PASSIVE_LEVEL, RTK.IRQL) and DISPATCH_LEVEL lowered to APC_LEVEL. */
static int shrink_timing(shrinker *sh, ex_scenario *s) {
    int changed = 0;
    while (sh->judged < SHRINK_MAX_ROUNDS) {
        int n = 0, written = 0;
        ex_scenario none = *s;
        for (int i = 0; i < s->step_count; i++) {
            written += none.steps[i].has_at + none.steps[i].has_irql;
            none.steps[i].has_at = none.steps[i].has_irql = false;
        }
        if (written > 1) sh->cand[n++] = none;
        for (int i = 0; i < s->step_count && n + 2 < SHRINK_MAX_BATCH; i++) {
            const ex_step *st = &s->steps[i];
            if (st->has_at) {
                sh->cand[n] = *s;
                sh->cand[n++].steps[i].has_at = false;
            }
            if (st->has_irql) {
                sh->cand[n] = *s;
                sh->cand[n++].steps[i].has_irql = false;
            }
            if (st->has_irql && st->irql == CONF_IRQL_DISPATCH) {
                sh->cand[n] = *s;
                sh->cand[n++].steps[i].irql = CONF_IRQL_APC;
            }
        }
        int found = first_reproducing(sh, n);
        if (found == -2) return -2;
        if (found < 0) break;
        *s = sh->cand[found];
        changed = 1;
    }
    return changed;
}

/* Pass 4: names toward short ones. */
static int shrink_names(shrinker *sh, ex_scenario *s) {
    int changed = 0;
    while (sh->judged < SHRINK_MAX_ROUNDS) {
        int n = 0;
        for (int i = 0; i < s->name_count && n + 1 < SHRINK_MAX_BATCH; i++) {
            size_t len = strlen(s->names[i]);
            bool seen = false; /* a name is shortened everywhere the pool holds it, once */
            for (int j = 0; j < i && !seen; j++) seen = strcmp(s->names[j], s->names[i]) == 0;
            if (len <= 1 || seen) continue;
            for (size_t keep = 1; keep <= 2 && keep < len; keep++) { /* its first character, then two */
                sh->cand[n] = *s;
                for (int j = i; j < s->name_count; j++)
                    if (strcmp(s->names[j], s->names[i]) == 0) sh->cand[n].names[j][keep] = '\0';
                n++;
            }
        }
        int found = first_reproducing(sh, n);
        if (found == -2) return -2;
        if (found < 0) break;
        *s = sh->cand[found];
        changed = 1;
    }
    return changed;
}

/* Renumbers the variables v0, v1, ... in the order steps bind them (unbound ones dropped). */
static void renumber(ex_scenario *s) {
    int map[EX_MAX_VARS];
    for (int v = 0; v < EX_MAX_VARS; v++) map[v] = -1;
    int next = 0;
    for (int i = 0; i < s->step_count; i++) {
        ex_step *st = &s->steps[i];
        if (st->kind != CONF_STEP_CALL) continue;
        if (st->ret_var >= 0) map[st->ret_var] = next++;
        for (int a = 0; a < SPEC_MAX_PARAMS; a++)
            if (st->out_var[a] >= 0) map[st->out_var[a]] = next++;
    }
    for (int i = 0; i < s->step_count; i++) {
        ex_step *st = &s->steps[i];
        if (st->kind == CONF_STEP_CALL) {
            if (st->ret_var >= 0) st->ret_var = map[st->ret_var];
            for (int a = 0; a < SPEC_MAX_PARAMS; a++) {
                if (st->out_var[a] >= 0) st->out_var[a] = map[st->out_var[a]];
                if (st->args[a].kind == EXV_VAR && map[st->args[a].index] >= 0) st->args[a].index = map[st->args[a].index];
            }
        } else if (st->ptr.kind == EXV_VAR && map[st->ptr.index] >= 0) {
            st->ptr.index = map[st->ptr.index];
        }
    }
    s->var_count = next;
}

int ex_shrink(ex_engine *e, ex_scenario *s, const ex_divergence *div, int *rounds, char *err, size_t cap) {
    shrinker sh = {e, div, calloc(SHRINK_MAX_BATCH, sizeof(ex_scenario)), calloc(SHRINK_MAX_BATCH, sizeof(ex_case)), 0,
                   err, cap};
    int rc = 0;
    if (sh.cand == NULL || sh.cases == NULL) {
        snprintf(err, cap, "out of memory");
        rc = -1;
    }
    for (int pass = 0; rc == 0 && pass < 8; pass++) {
        int changed = 0, r;
        if ((r = shrink_steps(&sh, s)) == -2) break;
        changed |= r;
        if ((r = shrink_world(&sh, s)) == -2) break;
        changed |= r;
        if ((r = shrink_args(&sh, s)) == -2) break;
        changed |= r;
        if ((r = shrink_timing(&sh, s)) == -2) break;
        changed |= r;
        if ((r = shrink_names(&sh, s)) == -2) break;
        changed |= r;
        if (!changed || sh.judged >= SHRINK_MAX_ROUNDS) break;
    }
    if (rc == 0 && err[0]) rc = -1;
    renumber(s);
    *rounds = sh.judged;
    free(sh.cand);
    free(sh.cases);
    return rc;
}
