/* conformance/src/explore_oracle.c — the differential oracle of `rtshm explore` (conf/explore.h).
 *
 * ex_reference_run runs a scenario on the reference model in this process, step by step through the
 * runner's own execute stage (run_int.h), and turns every step's outcome into the expectation the
 * completion writes: the return (NULL-ness for handles and pointers — their values are opaque — TRUE /
 * FALSE, numbers, a status name), the status, the last error, the fault and the bytes read. After every
 * step it checks the model's invariants (sim_world_check: reference counts, handle tables, namespaces
 * and views agree) on the reference's own world, and that nothing leaks (world_leaks).
 *
 * ex_judge then runs the completed scenario on the implementation with the reference as the runner's
 * oracle, so each step is judged by the clause the reference reports, exactly as `rtshm validate`
 * judges: FAIL or DIVERGE by the clause's level. Handles, pointers and instance values are opaque: the
 * expectation holds only their NULL-ness (or "$var" for a map answered from the NTX cache), and the
 * runner compares them through a one-to-one correspondence with the reference's (run_opaque.h,
 * SIM.OPAQUE.BIJECTION): a value equal to a live variable's on one side only — two live handles aliased,
 * or a fresh value where the reference gives the live one again — diverges at that step, its field the
 * return (or an output), so shrinking keeps it like any other divergence. A value reused after it died
 * is never judged. The format cannot say "distinct from every live value", so such a scenario reproduces
 * only with the reference beside the implementation (`rtshm validate`, `rtshm run --impl`). The reference runs in process; a backend library runs
 * in persistent children (conf_isolation_queue_texts: EX_BATCH scenarios each, a fresh world per
 * scenario; a result but PASS or SKIP stands only from the first scenario of a child, else it is run
 * again as one, so divergences, crashes and hangs get exactly the verdict a child per scenario gives)
 * of one fork server for the engine's life (the scenarios' texts travel to the children, which parse
 * them). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend_ref.h"
#include "conf/explore.h"
#include "conf/isolate.h"
#include "conf/runner.h"
#include "run_int.h"
#include "sim/object.h"
#include "sim/world.h"
#include "spec/clause_ids.h"
#include "spec/constants.h"
#include "spec/functions.h"
#include "spec/status.h"

#define EX_BATCH 32 /* scenarios a persistent child runs (a library): one fork per EX_BATCH, not per scenario */

/* ---- the reference run ---- */

static void add_clause(ex_reference *ref, const char *clause) {
    if (clause == NULL || clause[0] == '\0') return;
    for (int i = 0; i < ref->clause_count; i++)
        if (strcmp(ref->clauses[i], clause) == 0) return;
    if (ref->clause_count < (int)(sizeof ref->clauses / sizeof ref->clauses[0])) ref->clauses[ref->clause_count++] = clause;
}

/* The expectation of call step st from its outcome o; vars are the values before the step. */
static void expect_call(const conf_scenario *sc, const conf_step *st, const conf_outcome *o, const uint64_t *vars,
                        ex_expect *e) {
    const spec_function *fn = st->fn;
    switch (fn->ret) {
    case SPEC_R_HANDLE:
    case SPEC_R_PTR:
        if (o->ret == 0) {
            e->ret = "null";
        } else if (fn->status_family == SPEC_FAMILY_INTIME && o->ret == (uint64_t)K_NTX_BAD_NTXHANDLE) {
            /* NTX_BAD_NTXHANDLE / NTX_UNDEFINED_LOCATION (0xFFFFFFFFFFFFFFFF, NTX.LOCATION.VALUES): documented
             * values, by name, as no literal of the scenario format reaches them */
            e->ret = strcmp(fn->name, "ntxGetLocationByName") == 0 ? "NTX_UNDEFINED_LOCATION" : "NTX_BAD_NTXHANDLE";
        } else {
            e->ret = "non-null";
            /* the NTX pointer cache: a map the reference answered from it (NTX.MAP.SAME_POINTER, or the
             * hazard NTX.MAP.CACHE_REUSE) must return the earlier pointer; an address merely reused after an
             * unmap is the model's choice and stays "non-null" */
            if (strncmp(fn->name, "ntxMapRtSharedMemory", 20) == 0 && o->clause &&
                (strcmp(o->clause, CL_NTX_MAP_SAME_POINTER) == 0 || strcmp(o->clause, CL_NTX_MAP_CACHE_REUSE) == 0))
                for (int v = 0; v < sc->var_count; v++)
                    if (sc->vars[v].type == CONF_VAR_PTR && vars[v] == o->ret) {
                        snprintf(e->ret_var, sizeof e->ret_var, "%s", sc->vars[v].name);
                        e->ret = NULL;
                        break;
                    }
        }
        break;
    case SPEC_R_BOOL: e->ret = o->ret ? "true" : "false"; break;
    case SPEC_R_DWORD:
        e->has_ret_number = true;
        e->ret_number = o->ret;
        break;
    case SPEC_R_STATUS:
        e->ret_name = conf_status_name(fn->status_family, (uint32_t)o->ret);
        e->has_ret_number = e->ret_name == NULL;
        e->ret_number = o->ret;
        break;
    case SPEC_R_VOID: break;
    }
    e->status = conf_status_name(o->family, o->status);
    e->last_error = o->has_last_error ? conf_status_name(o->family, o->last_error) : NULL;
}

/* Nothing leaks: every live object of every kernel is held by a handle (a process's, or the kernel's
 * own: sim_object_internal_holds counts in handle_count) or mapped by a view; an object nobody holds
 * could never be freed. True when one is not. */
static bool world_leaks(const sim_world *w) {
    for (int k = 0; k < w->kernel_count; k++)
        for (const sim_object *obj = w->kernels[k]->first_object; obj; obj = obj->next)
            if (obj->handle_count == 0 && obj->view_count == 0) return true;
    return false;
}

int ex_reference_run(const conf_scenario *sc, uint64_t seed, ex_reference *ref) {
    memset(ref, 0, sizeof *ref);
    ref->invariant_step = -1;
    if (sc->steps == NULL) {
        snprintf(ref->message, sizeof ref->message, "a streamed scenario (larger than %u bytes) cannot be completed",
                 CONF_HOLD_FILE_BYTES);
        return -1;
    }
    ref->expects = calloc((size_t)(sc->step_count ? sc->step_count : 1), sizeof *ref->expects);
    uint64_t *vars = run_vars_new(sc);
    run_exec *x = malloc(sizeof *x);
    char err[512] = "";
    conf_world *w = ref->expects && vars && x ? conf_world_open(conf_backend_reference(), sc, seed, run_drop_finding, NULL,
                                                                err, sizeof err)
                                              : NULL;
    int rc = w ? 0 : -1;
    if (w == NULL) snprintf(ref->message, sizeof ref->message, "%.240s", err[0] ? err : "out of memory");
    ref->step_count = w ? sc->step_count : 0;
    for (int i = 0; w && i < sc->step_count; i++) {
        const conf_step *st = &sc->steps[i];
        ex_expect *e = &ref->expects[i];
        if (run_execute(w, st, vars, x, err, sizeof err) != 0) {
            snprintf(ref->message, sizeof ref->message, "step %d: the reference failed: %.200s", i, err);
            rc = -1;
            break;
        }
        e->fault = -1;
        if (st->kind == CONF_STEP_CALL) {
            e->present = true;
            expect_call(sc, st, &x->outcome, vars, e);
        } else if (st->kind == CONF_STEP_READ || st->kind == CONF_STEP_WRITE) {
            e->present = true;
            e->fault = x->outcome.fault ? 1 : 0;
            if (st->kind == CONF_STEP_READ && !x->outcome.fault) {
                e->has_data = true;
                e->data_len = st->length;
                memcpy(e->data, x->data, st->length);
            }
        }
        add_clause(ref, x->outcome.clause);
        run_bind_outputs(st, &x->outcome, vars);
        conf_note note;
        int taken = 0;
        while (run_next_note(w, &taken, &note)) add_clause(ref, note.clause);
        const ref_world *rw = conf_world_inner(w);
        if (!ref->invariant_broken && (!sim_world_check(rw->w) || world_leaks(rw->w))) {
            ref->invariant_broken = true;
            ref->invariant_step = i;
        }
    }
    conf_world_close(w);
    free(vars);
    free(x);
    return rc;
}

void ex_reference_free(ex_reference *ref) {
    free(ref->expects);
    ref->expects = NULL;
}

/* ---- divergences ---- */

bool ex_divergence_same(const ex_divergence *a, const ex_divergence *b) {
    if (!a->differs || !b->differs || strcmp(a->verdict, b->verdict) != 0 || a->mismatches != b->mismatches) return false;
    if ((a->clause == NULL) != (b->clause == NULL)) return false;
    return a->clause == NULL || strcmp(a->clause, b->clause) == 0;
}

const char *ex_mismatch_text(unsigned mismatches, char *buf, size_t cap) {
    static const char *const names[] = {"return", "status", "last_error", "fault", "data", "output"};
    size_t n = 0;
    buf[0] = '\0';
    for (int i = 0; i < (int)(sizeof names / sizeof names[0]); i++)
        if (mismatches & (1u << i)) n += (size_t)snprintf(buf + n, n < cap ? cap - n : 0, "%s%s", n ? "+" : "", names[i]);
    if (n == 0) snprintf(buf, cap, "%s", "outcome");
    return buf;
}

/* The divergence a judged run shows (none for PASS and SKIP). */
static void divergence_of(const conf_scenario_result *res, ex_divergence *d) {
    memset(d, 0, sizeof *d);
    d->step = -1;
    if (strcmp(res->verdict, "PASS") == 0 || strcmp(res->verdict, "SKIP") == 0) return;
    d->differs = true;
    snprintf(d->verdict, sizeof d->verdict, "%s", res->verdict);
    if (res->fail + res->diverge > 0) {
        d->step = res->first_step;
        d->function = res->first_function;
        d->clause = res->first_clause;
        d->mismatches = res->first_mismatches;
    }
    snprintf(d->message, sizeof d->message, "%s", res->message);
}

/* ---- the engine ---- */

struct ex_engine {
    ex_engine_opts opts;
    char impl_name[256];
    conf_isolation *iso;  /* the library's fork server, started by the first judging, for the engine's life */
};

ex_engine *ex_engine_new(const ex_engine_opts *opts) {
    ex_engine *e = calloc(1, sizeof *e);
    if (e == NULL) return NULL;
    e->opts = *opts;
    if (e->opts.jobs == 0) e->opts.jobs = 1;
    if (e->opts.timeout_s == 0) e->opts.timeout_s = 10;
    snprintf(e->impl_name, sizeof e->impl_name, "%s", "reference");
    return e;
}

void ex_engine_free(ex_engine *e) {
    if (e) conf_isolation_stop(e->iso);
    free(e);
}

const char *ex_engine_impl_name(const ex_engine *e) { return e->impl_name; }

static bool on_reference(const ex_engine *e) { return e->opts.impl == NULL || strcmp(e->opts.impl, "reference") == 0; }

void ex_case_clear(ex_case *c) {
    free(c->completed);
    conf_scenario_free(c->parsed);
    ex_reference_free(&c->ref);
    ex_scenario *keep = c->scenario;
    memset(c, 0, sizeof *c);
    c->scenario = keep;
}

/* One status name of expect e as parse_expect reads it: the spec's own name of that family, or NULL
 * when the parser would refuse it (unknown, or another family's). */
static const char *status_as_parsed(const char *name, spec_family family) {
    const spec_status *st = spec_status_by_name(name);
    return st && st->family == family ? st->name : NULL;
}

/* Fills the expectation of step st of sc (parsed from the bare text: no expect) from e exactly as
 * parse_expect reads the object ex_print writes for e, without printing and parsing it again. The
 * canonical JSON (e->canonical) stays NULL: it is only what a trace records, and a completed scenario
 * judged here is never recorded (the written and recorded files are parsed from the completed text).
 * False when the text route must be taken: the expect names a variable (the completed text may bind
 * one the bare text does not), or the parser would refuse it (it reports why). */
static bool fill_expect(conf_step *st, const ex_expect *e) {
    conf_expect *x = &st->expect;
    if (!e->present) return true;
    if (st->kind == CONF_STEP_CALL) {
        const spec_function *fn = st->fn;
        if (e->ret_var[0]) return false;
        if (e->ret) {
            bool handle = fn->ret == SPEC_R_HANDLE || fn->ret == SPEC_R_PTR;
            if (handle && strcmp(e->ret, "null") == 0) x->ret = CONF_RET_NULL;
            else if (handle && strcmp(e->ret, "non-null") == 0) x->ret = CONF_RET_NON_NULL;
            else if (handle && spec_const_lookup(e->ret, &x->ret_number)) x->ret = CONF_RET_NUMBER;
            else if (fn->ret == SPEC_R_BOOL && strcmp(e->ret, "true") == 0) x->ret = CONF_RET_TRUE;
            else if (fn->ret == SPEC_R_BOOL && strcmp(e->ret, "false") == 0) x->ret = CONF_RET_FALSE;
            else return false;
        } else if (e->ret_name) {
            const spec_status *status = spec_status_by_name(e->ret_name);
            if (status == NULL || fn->ret == SPEC_R_VOID || fn->ret == SPEC_R_HANDLE || fn->ret == SPEC_R_PTR ||
                fn->ret == SPEC_R_BOOL)
                return false;
            x->ret = CONF_RET_NUMBER;
            x->ret_number = status->value;
        } else if (e->has_ret_number) {
            uint64_t bound = fn->ret == SPEC_R_HANDLE || fn->ret == SPEC_R_PTR ? UINT64_MAX >> 11 : 0xFFFFFFFFu;
            if (fn->ret == SPEC_R_VOID || fn->ret == SPEC_R_BOOL || e->ret_number > bound) return false;
            x->ret = CONF_RET_NUMBER;
            x->ret_number = e->ret_number;
        }
        if (e->status) {
            if ((x->status[0] = status_as_parsed(e->status, fn->status_family)) == NULL) return false;
            x->status_count = 1;
        }
        if (e->last_error) {
            if (fn->status_family == SPEC_FAMILY_NTSTATUS ||
                (x->last_error[0] = status_as_parsed(e->last_error, fn->status_family)) == NULL)
                return false;
            x->last_error_count = 1;
        }
    } else if (st->kind == CONF_STEP_READ || st->kind == CONF_STEP_WRITE) {
        x->fault = e->fault ? 1 : 0;
        if (st->kind == CONF_STEP_READ && e->has_data && !e->fault) {
            if (e->data_len != st->length || e->data_len == 0) return false;
            if ((x->data = malloc(e->data_len)) == NULL) return false;
            memcpy(x->data, e->data, e->data_len);
            x->data_len = e->data_len;
        }
    } else {
        return false;
    }
    x->present = true;
    return true;
}

/* Completes the bare scenario in place from the reference's expects (fill_expect). False when one
 * cannot be (then the text route is taken). */
static bool complete_in_place(conf_scenario *bare, const ex_reference *ref) {
    if (bare->steps == NULL || ref->step_count != bare->step_count) return false;
    for (int i = 0; i < bare->step_count; i++)
        if (!fill_expect(&bare->steps[i], &ref->expects[i])) return false;
    return true;
}

/* Prints, parses, runs on the reference and completes case c. False when it is invalid (c->invalid).
 * The completed text is printed; the scenario judged is the bare one completed in place
 * (complete_in_place) when it can be, else the completed text parsed. */
static bool prepare(ex_engine *e, ex_case *c, const ex_header *h) {
    char err[512];
    conf_scenario *bare = NULL;
    char *text = ex_print(c->scenario, h, NULL);
    c->invalid = true;
    if (text == NULL) {
        snprintf(c->invalid_message, sizeof c->invalid_message, "out of memory");
        return false;
    }
    if (conf_scenario_parse_generated("<generated>", text, strlen(text), &bare, err, sizeof err) != 0) {
        snprintf(c->invalid_message, sizeof c->invalid_message, "%s", err);
        free(text);
        return false;
    }
    free(text);
    int rc = ex_reference_run(bare, e->opts.seed, &c->ref);
    if (rc != 0) {
        snprintf(c->invalid_message, sizeof c->invalid_message, "%s", c->ref.message);
        conf_scenario_free(bare);
        return false;
    }
    ex_header full = h ? *h : (ex_header){0};
    if (h == NULL || h->clause_count == 0) {
        full.clauses = c->ref.clauses;
        full.clause_count = c->ref.clause_count;
    }
    c->completed = ex_print(c->scenario, &full, c->ref.expects);
    if (c->completed != NULL && !e->opts.reparse && complete_in_place(bare, &c->ref)) {
        c->parsed = bare;
        bare = NULL;
    }
    conf_scenario_free(bare);
    if (c->completed == NULL ||
        (c->parsed == NULL &&
         conf_scenario_parse_generated("<generated>", c->completed, strlen(c->completed), &c->parsed, err, sizeof err) != 0)) {
        snprintf(c->invalid_message, sizeof c->invalid_message, "completed: %.480s", c->completed ? err : "out of memory");
        return false;
    }
    c->invalid = false;
    if (c->ref.invariant_broken) { /* the model broke its own invariants: that is the divergence */
        c->div.differs = true;
        snprintf(c->div.verdict, sizeof c->div.verdict, "%s", "INVARIANT");
        c->div.step = c->ref.invariant_step;
        snprintf(c->div.message, sizeof c->div.message, "step %d: sim_world_check failed on the reference",
                 c->ref.invariant_step);
    }
    return true;
}

static bool interrupted(const ex_engine *e) { return e->opts.interrupted && *e->opts.interrupted; }

static bool wanted(const ex_case *c, const ex_divergence *want) {
    return want && !c->invalid && ex_divergence_same(&c->div, want);
}

/* Judges cases[0..n) on the library through the engine's fork server: prepared EX_BATCH at a time,
 * each batch queued to a persistent child (its texts travel to it) as soon as it is prepared, so the
 * children run while rtshm prepares the next batch and judges the earlier ones. */
static int judge_isolated(ex_engine *e, ex_case *cases, int n, const ex_header *h, const ex_divergence *want, char *err,
                          size_t cap) {
    if (e->iso == NULL) {
        conf_isolation_opts iopts = {e->opts.timeout_s, 0, e->opts.jobs, false, e->opts.interrupted};
        char why[1024];
        if (conf_isolation_start(e->opts.impl, &iopts, &e->iso, why, sizeof why) != 0) {
            snprintf(err, cap, "%s", why);
            return -1;
        }
        snprintf(e->impl_name, sizeof e->impl_name, "%s", conf_isolation_backend(e->iso)->name);
    }
    /* the scenarios run on the library and their texts, in order (a batch is a slice of these) */
    const conf_scenario **runnable = malloc((size_t)(n > 0 ? n : 1) * sizeof *runnable);
    const char **texts = malloc((size_t)(n > 0 ? n : 1) * sizeof *texts);
    if (runnable == NULL || texts == NULL) {
        free(runnable);
        free(texts);
        snprintf(err, cap, "out of memory");
        return -1;
    }
    int runnable_count = 0, queued_runnable = 0, prepared = 0, rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        /* prepare and queue batches while the queue takes them (and the case to judge is prepared) */
        while (prepared < n && (prepared <= i || !conf_isolation_full(e->iso))) {
            int end = prepared + EX_BATCH < n ? prepared + EX_BATCH : n;
            for (; prepared < end; prepared++) {
                ex_case *p = &cases[prepared];
                ex_case_clear(p);
                if (!prepare(e, p, h) || p->div.differs) continue;
                runnable[runnable_count] = p->parsed;
                texts[runnable_count++] = p->completed;
            }
            if (runnable_count > queued_runnable) {
                if (conf_isolation_queue_texts(e->iso, runnable + queued_runnable, texts + queued_runnable,
                                               runnable_count - queued_runnable, e->opts.seed) != 0) {
                    if (conf_isolation_full(e->iso)) break; /* its scenarios are queued when there is room */
                    snprintf(err, cap, "out of memory");
                    rc = -1;
                    break;
                }
                queued_runnable = runnable_count;
            }
        }
        if (rc != 0) break;
        ex_case *c = &cases[i];
        if (c->invalid || c->div.differs) {
            if (wanted(c, want)) break;
            continue;
        }
        conf_scenario_result res;
        if (conf_run_isolated(e->iso, c->parsed, conf_backend_reference(), e->opts.seed, NULL, 0, &res) != 0) {
            snprintf(err, cap, "%s", res.message[0] ? res.message : "interrupted");
            rc = -1;
            break;
        }
        c->steps_run = res.steps;
        divergence_of(&res, &c->div);
        if (wanted(c, want)) break;
        /* the queue emptied and the rest of the prepared scenarios wait: queue them (full before) */
        if (queued_runnable < runnable_count && !conf_isolation_full(e->iso) &&
            conf_isolation_queue_texts(e->iso, runnable + queued_runnable, texts + queued_runnable,
                                       runnable_count - queued_runnable, e->opts.seed) == 0)
            queued_runnable = runnable_count;
    }
    for (int i = prepared; i < n; i++) { /* not reached (a wanted case came first): unjudged */
        ex_case_clear(&cases[i]);
        cases[i].invalid = true;
        snprintf(cases[i].invalid_message, sizeof cases[i].invalid_message, "not judged");
    }
    conf_isolation_drop_queue(e->iso);
    free(runnable);
    free(texts);
    return rc;
}

int ex_judge(ex_engine *e, ex_case *cases, int n, const ex_header *h, const ex_divergence *want, char *err, size_t cap) {
    if (!on_reference(e) && e->opts.in_process == NULL) return judge_isolated(e, cases, n, h, want, err, cap);
    for (int i = 0; i < n; i++) {
        ex_case_clear(&cases[i]);
        prepare(e, &cases[i], h);
    }
    conf_run_opts ropts = {conf_backend_reference(), NULL, false};
    const conf_backend *be = e->opts.in_process ? e->opts.in_process : conf_backend_reference();
    snprintf(e->impl_name, sizeof e->impl_name, "%s", be->name);
    for (int i = 0; i < n; i++) {
        if (interrupted(e)) {
            snprintf(err, cap, "interrupted");
            return -1;
        }
        ex_case *c = &cases[i];
        if (c->invalid || c->div.differs) {
            if (wanted(c, want)) break;
            continue;
        }
        conf_scenario_result res;
        conf_run_scenario_judged(c->parsed, be, &ropts, e->opts.seed, NULL, 0, &res);
        c->steps_run = res.steps;
        divergence_of(&res, &c->div);
        if (wanted(c, want)) break;
    }
    return 0;
}
