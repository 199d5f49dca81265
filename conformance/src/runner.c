/* conformance/src/runner.c — one scenario through the event queue, the backend, the checker and the trace. */
#include "conf/runner.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/checker.h"
#include "conf/steps.h"
#include "traces/canon.h"
#include "sim/queue.h"

#define MAX_FINDINGS_PER_STEP 64
#define MAX_NOTES_PER_STEP 65536 /* 64 drivers x 1024 RtkRtssAttachEx instances */
#define STEP_EVENT 1

typedef struct finding {
    char kind[48], clause[64], detail[512];
} finding;

typedef struct run_state {
    const conf_scenario *sc;
    uint64_t *var_values;
    const conf_backend *oracle;  /* or NULL */
    void *oracle_world;
    uint64_t *oracle_vars;       /* the oracle's own variable values */
    finding findings[MAX_FINDINGS_PER_STEP];
    int finding_count;
    int findings_dropped;
} run_state;

static void collect_finding(void *ctx, const char *kind, const char *clause, const char *detail) {
    run_state *rs = ctx;
    if (rs->finding_count >= MAX_FINDINGS_PER_STEP) {
        rs->findings_dropped++;
        return;
    }
    finding *f = &rs->findings[rs->finding_count++];
    snprintf(f->kind, sizeof f->kind, "%s", kind);
    snprintf(f->clause, sizeof f->clause, "%s", clause ? clause : "");
    snprintf(f->detail, sizeof f->detail, "%s", detail);
}

static void hex_string(char *out, const unsigned char *data, size_t len) {
    for (size_t i = 0; i < len; i++) snprintf(out + 2 * i, 3, "%02x", data[i]);
    out[2 * len] = '\0';
}

static char *hex_number(uint64_t v) {
    char buf[32];
    snprintf(buf, sizeof buf, "0x%llx", (unsigned long long)v);
    return strdup(buf);
}

/* Canonical JSON of a call's resolved arguments: numbers as numbers, handles and pointers as "0x..",
 * output parameters as "out" (a valid pointer) or null. */
static char *args_json(const conf_step *st, const conf_value *vals) {
    cJSON *obj = cJSON_CreateObject();
    for (int i = 0; obj && i < st->fn->param_count; i++) {
        const spec_param *prm = &st->fn->params[i];
        const conf_value *v = &vals[i];
        cJSON *item;
        if (prm->type == SPEC_T_OUT_PTR || prm->type == SPEC_T_OUT_HANDLE)
            item = v->out_valid ? cJSON_CreateString("out") : cJSON_CreateNull();
        else if (v->is_null)
            item = cJSON_CreateNull();
        else if (prm->type == SPEC_T_STRING)
            item = cJSON_CreateString(v->string);
        else if (prm->type == SPEC_T_HANDLE || prm->type == SPEC_T_PTR) {
            char buf[32];
            snprintf(buf, sizeof buf, "0x%llx", (unsigned long long)v->number);
            item = cJSON_CreateString(buf);
        } else if (prm->type == SPEC_T_LONG)
            item = cJSON_CreateNumber((double)(int32_t)v->number);
        else if (prm->type == SPEC_T_BOOL)
            item = cJSON_CreateBool(v->number != 0);
        else
            item = cJSON_CreateNumber((double)v->number);
        cJSON_AddItemToObject(obj, prm->name, item);
    }
    char *json = obj ? trace_canonical_json(obj) : NULL;
    cJSON_Delete(obj);
    return json;
}

/* Canonical text of a call's return value (TRACE-SCHEMA.md `ret`). */
static char *ret_text(const spec_function *fn, const conf_outcome *o) {
    char buf[64];
    switch (fn->ret) {
    case SPEC_R_VOID: return NULL;
    case SPEC_R_HANDLE:
    case SPEC_R_PTR:
        if (o->ret == 0) return strdup("NULL");
        return hex_number(o->ret);
    case SPEC_R_BOOL: return strdup(o->ret ? "TRUE" : "FALSE");
    case SPEC_R_STATUS: {
        const char *name = conf_status_name(fn->status_family, (uint32_t)o->ret);
        if (name) return strdup(name);
        return hex_number(o->ret);
    }
    case SPEC_R_DWORD:
    default: snprintf(buf, sizeof buf, "%llu", (unsigned long long)o->ret); return strdup(buf);
    }
}

/* Resolves a step's arguments to values. */
static void resolve_args(const conf_step *st, const uint64_t *vars, conf_value *vals) {
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

static const char *kind_name(conf_step_kind k) {
    switch (k) {
    case CONF_STEP_CALL: return "call";
    case CONF_STEP_READ: return "read";
    case CONF_STEP_WRITE: return "write";
    default: return "event";
    }
}

static void drop_finding(void *ctx, const char *kind, const char *clause, const char *detail) {
    (void)ctx;
    (void)kind;
    (void)clause;
    (void)detail;
}

/* Runs step st on the oracle with the oracle's variables and binds its outputs there. Returns the
 * clause behind the oracle's outcome (NULL when it has none or failed). */
static const char *oracle_step(run_state *rs, const conf_step *st) {
    const conf_backend *ob = rs->oracle;
    void *w = rs->oracle_world;
    conf_outcome o;
    conf_value vals[SPEC_MAX_PARAMS];
    unsigned char data[CONF_MAX_ACCESS_BYTES];
    char err[256];
    int rc = -1;
    ob->set_time(w, st->vtime_us);
    uint64_t va = 0;
    if (st->kind == CONF_STEP_READ || st->kind == CONF_STEP_WRITE)
        va = (st->ptr.kind == CONF_ARG_VAR ? rs->oracle_vars[st->ptr.var] : st->ptr.number) + st->offset;
    switch (st->kind) {
    case CONF_STEP_CALL:
        resolve_args(st, rs->oracle_vars, vals);
        rc = ob->call(w, st->process, st->fn, vals, &o, err, sizeof err);
        if (rc == 0) {
            if (st->out_return_var >= 0) rs->oracle_vars[st->out_return_var] = o.ret;
            for (int i = 0; i < st->fn->param_count; i++)
                if (st->out_var[i] >= 0) rs->oracle_vars[st->out_var[i]] = o.outputs[i];
        }
        break;
    case CONF_STEP_READ: rc = ob->read(w, st->process, va, st->length, data, &o); break;
    case CONF_STEP_WRITE: rc = ob->write(w, st->process, va, st->data, st->length, &o); break;
    case CONF_STEP_EVENT: rc = ob->event(w, st, &o, err, sizeof err); break;
    }
    conf_note note;
    for (int n = 0; n < MAX_NOTES_PER_STEP && ob->next_note(w, &note); n++) continue; /* the backend's notes count */
    return rc == 0 ? o.clause : NULL;
}

/* Executes one step and records it; returns 0, or -1 on a trace write error or a backend failure
 * (message in res->message; *backend_failed tells which). */
static int run_step(run_state *rs, const conf_step *st, int64_t seq, const conf_backend *be, void *world, trace_db *db,
                    conf_scenario_result *res, bool *backend_failed) {
    const conf_scenario *sc = rs->sc;
    conf_outcome o;
    conf_value vals[SPEC_MAX_PARAMS];
    unsigned char data[CONF_MAX_ACCESS_BYTES];
    char err[512];
    err[0] = '\0';
    char *args = NULL, *ret = NULL;
    trace_step_row row = {0};
    row.scenario = sc->id;
    row.seq = seq;
    row.step = st->index;
    row.vtime_us = (int64_t)st->vtime_us;
    row.kind = kind_name(st->kind);
    rs->finding_count = 0;
    be->set_time(world, st->vtime_us);

    int rc = 0;
    uint64_t va = 0;
    if (st->kind == CONF_STEP_READ || st->kind == CONF_STEP_WRITE)
        va = (st->ptr.kind == CONF_ARG_VAR ? rs->var_values[st->ptr.var] : st->ptr.number) + st->offset;
    switch (st->kind) {
    case CONF_STEP_CALL:
        resolve_args(st, rs->var_values, vals);
        rc = be->call(world, st->process, st->fn, vals, &o, err, sizeof err);
        row.api = spec_api_name(st->fn->api);
        row.function = st->fn->name;
        row.process = sc->processes[st->process].id;
        if (rc == 0 && db) { /* the row's texts are only made for a trace */
            args = args_json(st, vals);
            ret = ret_text(st->fn, &o);
        }
        break;
    case CONF_STEP_READ:
    case CONF_STEP_WRITE: {
        bool is_read = st->kind == CONF_STEP_READ;
        rc = is_read ? be->read(world, st->process, va, st->length, data, &o)
                     : be->write(world, st->process, va, st->data, st->length, &o);
        row.api = "mem";
        row.function = is_read ? "read" : "write";
        row.process = sc->processes[st->process].id;
        if (db == NULL) break;
        cJSON *obj = cJSON_CreateObject();
        char ptr[32];
        snprintf(ptr, sizeof ptr, "0x%llx", (unsigned long long)(va - st->offset));
        cJSON_AddStringToObject(obj, "ptr", ptr);
        cJSON_AddNumberToObject(obj, "offset", (double)st->offset);
        if (is_read) {
            cJSON_AddNumberToObject(obj, "length", (double)st->length);
        } else {
            char *hex = malloc(2 * st->length + 1);
            if (hex) {
                hex_string(hex, st->data, st->length);
                cJSON_AddStringToObject(obj, "hex", hex);
                free(hex);
            }
        }
        args = trace_canonical_json(obj);
        cJSON_Delete(obj);
        if (rc == 0 && is_read && !o.fault) {
            ret = malloc(2 * st->length + 1);
            if (ret) hex_string(ret, data, st->length);
        }
        break;
    }
    case CONF_STEP_EVENT: {
        rc = be->event(world, st, &o, err, sizeof err);
        row.api = "sim";
        cJSON *obj = cJSON_CreateObject();
        if (st->event == CONF_EVENT_PROCESS_EXIT) {
            row.function = "process.exit";
            cJSON_AddStringToObject(obj, "process", sc->processes[st->process].id);
        } else if (st->event == CONF_EVENT_KERNEL_STOP || st->event == CONF_EVENT_KERNEL_START) {
            row.function = st->event == CONF_EVENT_KERNEL_STOP ? "kernel.stop" : "kernel.start";
            cJSON_AddStringToObject(obj, "kernel", sc->kernels[st->kernel].id);
        } else {
            row.function = st->event == CONF_EVENT_LINK_DOWN ? "link.down" : "link.up";
            cJSON *between = cJSON_AddArrayToObject(obj, "between");
            cJSON_AddItemToArray(between, cJSON_CreateString(sc->nodes[st->link_a].id));
            cJSON_AddItemToArray(between, cJSON_CreateString(sc->nodes[st->link_b].id));
        }
        args = trace_canonical_json(obj);
        cJSON_Delete(obj);
        break;
    }
    }
    if (rc != 0) {
        *backend_failed = true;
        snprintf(res->message, sizeof res->message, "step %d: %.*s", st->index, (int)sizeof err - 1, err);
        free(args);
        free(ret);
        return -1;
    }

    /* With an oracle, the reference's clause for this step decides (the backend's own is only advice). */
    if (rs->oracle) o.clause = oracle_step(rs, st);
    conf_check check;
    conf_check_step(st, &o, st->kind == CONF_STEP_READ ? data : NULL, rs->var_values, sc, &check);
    /* The status texts are only for the row (db NULL: nothing to name). */
    char status_code_text[32], le_text[32];
    if (db) {
        const char *status = conf_status_name(o.family, o.status);
        if (status == NULL) {
            snprintf(status_code_text, sizeof status_code_text, "0x%X", o.status);
            status = status_code_text;
        }
        row.status = status;
        if (o.has_last_error) {
            const char *le = conf_status_name(o.family, o.last_error);
            if (le == NULL) {
                snprintf(le_text, sizeof le_text, "0x%X", o.last_error);
                le = le_text;
            }
            row.last_error = le;
            row.has_last_error_code = true;
            row.last_error_code = o.last_error;
        }
    }
    row.args = args;
    row.ret = ret;
    row.has_status_code = true;
    row.status_code = o.status;
    row.expected = st->expect.canonical;
    row.verdict = conf_verdict_name(check.verdict);
    row.clause = check.clause;
    row.detail = check.detail[0] ? check.detail : NULL;

    switch (check.verdict) {
    case CONF_PASS: res->pass++; break;
    case CONF_FAIL: res->fail++; break;
    case CONF_DIVERGE: res->diverge++; break;
    default: res->none++; break;
    }
    if ((check.verdict == CONF_FAIL && res->fail == 1) || (check.verdict == CONF_DIVERGE && res->diverge == 1 && res->fail == 0))
        snprintf(res->message, sizeof res->message, "step %d (%s%s%s): %.640s", st->index, row.function,
                 check.clause ? ", " : "", check.clause ? check.clause : "", check.detail);

    /* Bind the step's outputs after checking (expectations see the variables as they were). */
    if (st->kind == CONF_STEP_CALL) {
        if (st->out_return_var >= 0) rs->var_values[st->out_return_var] = o.ret;
        for (int i = 0; i < st->fn->param_count; i++)
            if (st->out_var[i] >= 0) rs->var_values[st->out_var[i]] = o.outputs[i];
    }

    rc = 0;
    if (db) {
        rc = trace_step(db, &row);
        for (int i = 0; rc == 0 && i < rs->finding_count; i++)
            rc = trace_finding(db, sc->id, seq, rs->findings[i].kind, rs->findings[i].clause[0] ? rs->findings[i].clause : NULL,
                               rs->findings[i].detail);
        if (rc == 0 && rs->findings_dropped) {
            char msg[128];
            snprintf(msg, sizeof msg, "%d more findings in this step were not recorded", rs->findings_dropped);
            rc = trace_finding(db, sc->id, seq, "findings-dropped", NULL, msg);
        }
        if (rc != 0) snprintf(res->message, sizeof res->message, "trace: %s", trace_errmsg(db));
    }
    res->findings += rs->finding_count;
    rs->findings_dropped = 0;
    free(args);
    free(ret);
    return rc;
}

/* Records the notes the backend raised during step st (callbacks), each as an `event` row after it.
 * Bounded: at most MAX_NOTES_PER_STEP per step. Returns 0, or -1 on a trace error. */
static int record_notes(run_state *rs, const conf_step *st, int64_t *seq, const conf_backend *be, void *world,
                        trace_db *db, conf_scenario_result *res) {
    conf_note note;
    for (int n = 0; n < MAX_NOTES_PER_STEP && be->next_note(world, &note); n++) {
        trace_step_row row = {0};
        row.scenario = rs->sc->id;
        row.seq = *seq;
        row.step = st->index;
        row.vtime_us = (int64_t)st->vtime_us;
        row.process = note.process >= 0 ? rs->sc->processes[note.process].id : NULL;
        row.kind = "event";
        row.api = note.api;
        row.function = note.function;
        row.args = note.args;
        row.status = "OK";
        row.has_status_code = true;
        row.status_code = 0;
        row.verdict = "NONE";
        row.clause = note.clause;
        res->none++;
        if (db && trace_step(db, &row) != 0) {
            snprintf(res->message, sizeof res->message, "trace: %s", trace_errmsg(db));
            return -1;
        }
        (*seq)++;
    }
    return 0;
}

int conf_run_scenario(const conf_scenario *sc, const conf_backend *be, uint64_t seed, trace_db *db, int64_t run_id,
                      conf_scenario_result *res) {
    conf_run_opts opts = {NULL, -1};
    return conf_run_scenario_judged(sc, be, &opts, seed, db, run_id, res);
}

int conf_run_scenario_judged(const conf_scenario *sc, const conf_backend *be, const conf_run_opts *opts, uint64_t seed,
                             trace_db *db, int64_t run_id, conf_scenario_result *res) {
    memset(res, 0, sizeof *res);
    const conf_backend *oracle = opts->oracle;
    run_state rs = {.sc = sc, .oracle = oracle};
    rs.var_values = calloc((size_t)(sc->var_count ? sc->var_count : 1), sizeof *rs.var_values);
    rs.oracle_vars = calloc((size_t)(sc->var_count ? sc->var_count : 1), sizeof *rs.oracle_vars);
    /* Steps enter the queue one at a time, each once the one before it has run: they are in time
     * order (the parser checks `at` never goes back), and a streamed scenario holds one step at once. */
    sim_queue queue;
    sim_queue_init(&queue, 1);
    conf_step_reader *reader = NULL;
    const conf_step *step = NULL;
    char err[512] = "";
    void *world = NULL;
    bool backend_failed = false;
    int rc = 0;

    if (db && trace_scenario_begin(db, run_id) != 0) {
        snprintf(res->message, sizeof res->message, "trace: %s", trace_errmsg(db));
        free(rs.var_values);
        free(rs.oracle_vars);
        return -1;
    }
    if (rs.var_values == NULL) {
        backend_failed = true;
        snprintf(res->message, sizeof res->message, "out of memory");
    } else {
        world = be->open(be, sc, seed, collect_finding, &rs, err, sizeof err);
        if (world == NULL) {
            backend_failed = true;
            snprintf(res->message, sizeof res->message, "cannot build the world: %s", err);
        } else if (oracle) {
            rs.oracle_world = oracle->open(oracle, sc, seed, drop_finding, NULL, err, sizeof err);
            if (rs.oracle_world == NULL || rs.oracle_vars == NULL) {
                backend_failed = true;
                snprintf(res->message, sizeof res->message, "cannot build the reference world: %s", err);
            }
        }
    }
    if (world && !backend_failed && conf_steps_open(sc, &reader, err, sizeof err) != 0) {
        snprintf(res->message, sizeof res->message, "%s", err);
        res->input_changed = true;
        rc = -1;
    }
    sim_event ev;
    int64_t seq = 0;
    int got = reader ? conf_steps_next(reader, &step, err, sizeof err) : 0;
    if (got == 1 && !sim_queue_push(&queue, (sim_event){step->vtime_us, 0, STEP_EVENT, step->index, 0})) got = -1;
    while (got == 1 && !backend_failed && rc == 0 && sim_queue_pop(&queue, &ev)) {
        if (opts->progress_fd >= 0) {
            int32_t index = (int32_t)ev.a;
            if (write(opts->progress_fd, &index, sizeof index) != (ssize_t)sizeof index) { /* parent gone: go on */
            }
        }
        rc = run_step(&rs, step, seq, be, world, db, res, &backend_failed);
        if (rc == 0 && !backend_failed) {
            seq++;
            rc = record_notes(&rs, step, &seq, be, world, db, res);
        }
        if (backend_failed) rc = 0;
        if (rc != 0 || backend_failed) break;
        got = conf_steps_next(reader, &step, err, sizeof err);
        if (got == 1 && !sim_queue_push(&queue, (sim_event){step->vtime_us, 0, STEP_EVENT, step->index, 0})) {
            snprintf(err, sizeof err, "event queue full");
            got = -1;
        }
    }
    if (got < 0 && rc == 0 && !backend_failed) { /* a streamed file changed under the run: nothing recorded */
        snprintf(res->message, sizeof res->message, "%s", err);
        res->input_changed = true;
        rc = -1;
    }
    conf_steps_close(reader);
    res->steps = (int)seq;
    if (world) be->close(world);
    if (rs.oracle_world) oracle->close(rs.oracle_world);
    sim_queue_free(&queue);
    free(rs.var_values);
    free(rs.oracle_vars);

    if (backend_failed) res->verdict = "ERROR";
    else if (res->fail) res->verdict = "FAIL";
    else if (res->diverge) res->verdict = "DIVERGE";
    else res->verdict = "PASS";
    if (rc != 0) {
        if (db) trace_scenario_rollback(db);
        return -1;
    }
    if (db) {
        trace_scenario_row row = {sc->id,      sc->path,   sc->sha256, res->verdict, res->message[0] ? res->message : NULL,
                                  res->steps, (const char *const *)sc->clauses, sc->clause_count};
        if (trace_scenario_commit(db, &row) != 0) {
            snprintf(res->message, sizeof res->message, "trace: %s", trace_errmsg(db));
            trace_scenario_rollback(db);
            return -1;
        }
    }
    return 0;
}
