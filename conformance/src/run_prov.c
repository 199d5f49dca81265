/* conformance/src/run_prov.c — where each variable's value came from (run_prov.h): a skipped step or
 * an opaque value, and what follows for the steps that use it. */
#include "run_prov.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "traces/strbuf.h"

int run_prov_init(run_prov *p, const conf_backend *be, const conf_scenario *sc) {
    memset(p, 0, sizeof *p);
    p->be = be;
    p->sc = sc;
    p->event_skipped = -1;
    size_t n = (size_t)sc->var_count + 1;
    p->skipped_by = malloc(n * sizeof *p->skipped_by);
    p->differs_by = malloc(n * sizeof *p->differs_by);
    p->opaque = calloc(n, sizeof *p->opaque);
    p->slot_skipped_by = malloc(((size_t)sc->process_count + 1) * sizeof *p->slot_skipped_by);
    if (p->skipped_by == NULL || p->differs_by == NULL || p->opaque == NULL || p->slot_skipped_by == NULL) {
        run_prov_free(p);
        return -1;
    }
    for (int i = 0; i < sc->var_count; i++) p->skipped_by[i] = p->differs_by[i] = -1;
    for (int i = 0; i < sc->process_count; i++) p->slot_skipped_by[i] = -1;
    return 0;
}

void run_prov_free(run_prov *p) {
    free(p->skipped_by);
    free(p->differs_by);
    free(p->opaque);
    free(p->slot_skipped_by);
    for (int i = 0; i < p->name_count; i++) free(p->names[i]);
    p->skipped_by = p->slot_skipped_by = p->differs_by = NULL;
    p->opaque = NULL;
    p->name_count = 0;
}

/* Whether fn reads the calling thread's last-error slot and nothing else (GetLastError,
 * ntxGetLastRtError, GetLastRtError): no parameters, a DWORD back, "GetLast" in its name. */
static bool reads_slot(const spec_function *fn) {
    return fn->param_count == 0 && fn->ret == SPEC_R_DWORD && strstr(fn->name, "GetLast") != NULL;
}

/* Whether string s is a name a skipped step passed (a name it would have created or changed). */
static bool name_tainted(const run_prov *p, const char *s) {
    for (int i = 0; i < p->name_count; i++)
        if (strcmp(p->names[i], s) == 0) return true;
    return false;
}

/* Remembers the string arguments of skipped step st as tainted names (past RUN_PROV_MAX_NAMES, every
 * name is: names_overflow). */
static void taint_names(run_prov *p, const conf_step *st) {
    if (st->kind != CONF_STEP_CALL) return;
    for (int i = 0; i < st->fn->param_count; i++) {
        const char *s = st->args[i].kind == CONF_ARG_STRING ? st->args[i].string : NULL;
        if (s == NULL || name_tainted(p, s)) continue;
        char *copy = p->name_count < RUN_PROV_MAX_NAMES ? strdup(s) : NULL;
        if (copy == NULL) {
            p->names_overflow = true;
            continue;
        }
        p->names[p->name_count++] = copy;
    }
}

/* Why st depends on a skipped step other than through a variable (a name a skipped step passed, the
 * last-error slot a skipped call in the same process set), into why; false when it does not. */
static bool depends_otherwise(const run_prov *p, const conf_step *st, char *why, size_t cap) {
    if (st->kind != CONF_STEP_CALL) return false;
    for (int i = 0; i < st->fn->param_count; i++) {
        const char *s = st->args[i].kind == CONF_ARG_STRING ? st->args[i].string : NULL;
        if (s && (p->names_overflow || name_tainted(p, s))) {
            snprintf(why, cap, "uses the name \"%.200s\" a skipped step passed", s);
            return true;
        }
    }
    int by = p->slot_skipped_by[st->process];
    if (reads_slot(st->fn) && by >= 0) {
        snprintf(why, cap, "reads the last-error slot skipped step %d would have set", by);
        return true;
    }
    return false;
}

/* The first variable st uses (an argument, a memory step's pointer, an expected return "$v") whose entry
 * in by (per variable) is set (>= 0), or -1. */
static int first_use(const int *by, const conf_step *st) {
    if (st->kind == CONF_STEP_CALL) {
        for (int i = 0; i < st->fn->param_count; i++)
            if (st->args[i].kind == CONF_ARG_VAR && by[st->args[i].var] >= 0) return st->args[i].var;
    }
    if ((st->kind == CONF_STEP_READ || st->kind == CONF_STEP_WRITE) && st->ptr.kind == CONF_ARG_VAR &&
        by[st->ptr.var] >= 0)
        return st->ptr.var;
    bool by_var = st->expect.ret == CONF_RET_VAR_EQ || st->expect.ret == CONF_RET_VAR_NE;
    if (by_var && st->expect.ret_var >= 0 && by[st->expect.ret_var] >= 0) return st->expect.ret_var;
    return -1;
}

/* The first variable st uses whose last binding was by a skipped step, or -1. */
static int tainted_use(const run_prov *p, const conf_step *st) {
    return first_use(p->skipped_by, st);
}

/* Marks st's `out` variables as bound by step `by` (-1: by a step that ran), opaque per flags. */
static void bind_outs(run_prov *p, const conf_step *st, int by, uint32_t flags) {
    if (st->kind != CONF_STEP_CALL) return;
    if (flags) p->any_opaque = true;
    if (st->out_return_var >= 0) {
        p->skipped_by[st->out_return_var] = by;
        p->differs_by[st->out_return_var] = -1;
        p->opaque[st->out_return_var] = (flags & CONF_OPAQUE_RET) != 0;
    }
    for (int i = 0; i < st->fn->param_count; i++) {
        if (st->out_var[i] < 0) continue;
        p->skipped_by[st->out_var[i]] = by;
        p->differs_by[st->out_var[i]] = -1;
        p->opaque[st->out_var[i]] = (flags & CONF_OPAQUE_OUTPUT(i)) != 0;
    }
}

/* The step's function for messages: its name, "read", "write" or the event. */
static const char *step_name(const conf_step *st) {
    return run_step_function(st);
}

bool run_prov_skip(run_prov *p, const conf_step *st, char *why, size_t cap) {
    p->steps++;
    p->last_used_skipped = false;
    if (st->kind == CONF_STEP_CALL) p->calls++;
    bool skip = false;
    if (p->skipped == 0) { /* nothing skipped yet: only the step's own support matters */
        skip = conf_backend_step_unsupported(p->be, st, why, cap);
        if (!skip) return false;
        if (st->kind == CONF_STEP_EVENT) p->event_skipped = st->index;
    } else if (p->event_skipped >= 0) {
        snprintf(why, cap, "follows skipped step %d, an event the backend cannot deliver", p->event_skipped);
        skip = true;
    } else if (conf_backend_step_unsupported(p->be, st, why, cap)) {
        skip = true;
        if (st->kind == CONF_STEP_EVENT) p->event_skipped = st->index;
    }
    if (!skip) {
        int var = tainted_use(p, st);
        p->last_used_skipped = var >= 0;
        if (var >= 0) {
            snprintf(why, cap, "uses $%s, bound only by skipped step %d", p->sc->vars[var].name, p->skipped_by[var]);
            skip = true;
        } else {
            skip = depends_otherwise(p, st, why, cap);
        }
    }
    if (!skip) return false;
    if (st->kind == CONF_STEP_CALL) {
        taint_names(p, st);
        if (!reads_slot(st->fn)) p->slot_skipped_by[st->process] = st->index;
    }
    p->skipped++;
    if (st->kind == CONF_STEP_CALL) p->calls_skipped++;
    if (p->first[0] == '\0')
        snprintf(p->first, sizeof p->first, "%.*s (step %d: %s)", (int)sizeof p->first - 96, why, st->index,
                 step_name(st));
    bind_outs(p, st, st->index, 0);
    return true;
}

void run_prov_ran(run_prov *p, const conf_step *st, const conf_outcome *o) {
    if (p->skipped == 0 && (o == NULL || o->opaque == 0) && !p->any_opaque && !p->any_differs) { /* nothing to track */
        if (st->kind == CONF_STEP_CALL && st->expect.present) p->calls_judged++;
        return;
    }
    bind_outs(p, st, -1, o ? o->opaque : 0);
    if (st->kind == CONF_STEP_CALL && p->slot_skipped_by[st->process] >= 0 && !reads_slot(st->fn))
        p->slot_skipped_by[st->process] = -1;
    if (st->kind == CONF_STEP_CALL && st->expect.present) p->calls_judged++;
}

void run_prov_diverged(run_prov *p, const conf_step *st, const uint64_t *vars, const uint64_t *ref_vars) {
    if (st->kind != CONF_STEP_CALL) return;
    for (int i = -1; i < st->fn->param_count; i++) {
        int var = i < 0 ? st->out_return_var : st->out_var[i];
        if (var < 0 || (vars[var] == 0) == (ref_vars[var] == 0)) continue;
        p->differs_by[var] = st->index;
        p->any_differs = true;
    }
}

int run_prov_differing_use(const run_prov *p, const conf_step *st) {
    return p->any_differs ? first_use(p->differs_by, st) : -1;
}

void run_prov_unjudged(run_prov *p, const conf_step *st) {
    p->skipped++;
    if (st->kind != CONF_STEP_CALL) return;
    p->calls_skipped++;
    if (st->expect.present && p->calls_judged > 0) p->calls_judged--; /* run_prov_ran counted it */
}

uint32_t run_prov_opaque_args(const run_prov *p, const conf_step *st) {
    uint32_t bits = 0;
    if (!p->any_opaque) return 0;
    if (st->kind == CONF_STEP_CALL) {
        for (int i = 0; i < st->fn->param_count; i++)
            if (st->args[i].kind == CONF_ARG_VAR && p->opaque[st->args[i].var]) bits |= 1u << i;
    } else if ((st->kind == CONF_STEP_READ || st->kind == CONF_STEP_WRITE) && st->ptr.kind == CONF_ARG_VAR &&
               p->opaque[st->ptr.var]) {
        bits = 1u;
    }
    return bits;
}

bool run_prov_nothing_left(const run_prov *p) {
    if (p->skipped == 0) return false;
    if (p->event_skipped >= 0) return true;
    return p->calls > 0 ? p->calls_judged == 0 : p->skipped == p->steps;
}

static int compare_names(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

char *run_opaque_text(const conf_step *st, const run_exec *x) {
    const char *args[SPEC_MAX_PARAMS];
    int n = 0;
    bool ret = false;
    if (st->kind == CONF_STEP_CALL) {
        for (int i = 0; i < st->fn->param_count; i++)
            if ((x->opaque_args & (1u << i)) && !x->args[i].is_null && x->args[i].number != 0)
                args[n++] = st->fn->params[i].name;
        bool ret_shown = st->fn->ret == SPEC_R_HANDLE || st->fn->ret == SPEC_R_PTR;
        ret = ret_shown && (x->outcome.opaque & CONF_OPAQUE_RET) && x->outcome.ret != 0;
    } else if ((st->kind == CONF_STEP_READ || st->kind == CONF_STEP_WRITE) && (x->opaque_args & 1u) &&
               x->va - st->offset != 0) {
        args[n++] = "ptr";
    }
    if (n == 0 && !ret) return NULL;
    qsort(args, (size_t)n, sizeof args[0], compare_names); /* "args.*" sort before "ret" */
    trace_strbuf b = {0};
    trace_strbuf_puts(&b, "[");
    for (int i = 0; i < n; i++) {
        trace_strbuf_puts(&b, i ? ",\"args." : "\"args.");
        trace_strbuf_puts(&b, args[i]); /* parameter names are identifiers: nothing to escape */
        trace_strbuf_puts(&b, "\"");
    }
    if (ret) trace_strbuf_puts(&b, n ? ",\"ret\"" : "\"ret\"");
    trace_strbuf_puts(&b, "]");
    if (b.failed) {
        trace_strbuf_free(&b);
        return NULL;
    }
    return b.data;
}

/* The `kind` and `api` columns of a step of kind st->kind (run_record.c writes the same). */
static const char *kind_text(const conf_step *st) {
    static const char *const kinds[] = {"call", "read", "write", "event"};
    return kinds[st->kind];
}

int run_record_skip(trace_db *db, const conf_scenario *sc, const conf_step *st, int64_t seq, const uint64_t *vars,
                    const run_prov *p, const char *why, conf_scenario_result *res) {
    res->skipped++;
    if (res->message[0] == '\0') snprintf(res->message, sizeof res->message, "%s", p->first);
    if (db == NULL) return 0;
    run_exec x;
    memset(&x.outcome, 0, sizeof x.outcome);
    if (st->kind == CONF_STEP_CALL) run_resolve_args(st, vars, x.args);
    if (st->kind == CONF_STEP_READ || st->kind == CONF_STEP_WRITE) x.va = run_resolve_address(st, vars);
    char *args = p->last_used_skipped ? NULL : run_args_text(sc, st, &x);
    trace_step_row row = {0};
    row.scenario = sc->id;
    row.seq = seq;
    row.step = st->index;
    row.vtime_us = (int64_t)st->vtime_us;
    row.kind = kind_text(st);
    row.api = st->kind == CONF_STEP_CALL ? spec_api_name(st->fn->api) : st->kind == CONF_STEP_EVENT ? "sim" : "mem";
    row.function = run_step_function(st);
    row.process = st->kind == CONF_STEP_EVENT ? NULL : sc->processes[st->process].id;
    row.args = args;
    row.expected = st->expect.canonical;
    row.verdict = "SKIP";
    row.detail = why;
    int rc = trace_step(db, &row);
    free(args);
    if (rc != 0) snprintf(res->message, sizeof res->message, "trace: %s", trace_errmsg(db));
    return rc;
}
