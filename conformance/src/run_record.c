/* conformance/src/run_record.c — what a step leaves in the trace: its row's texts (args JSON, ret
 * text, status names), the row itself, the findings the backend raised during it, and the notes it
 * raised after it (traces/TRACE-SCHEMA.md).
 *
 * Everything that formats or allocates is here and runs only when there is a trace; the one thing
 * the runner needs without one is the step's function name (run_step_function, a static string). */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run_int.h"
#include "run_prov.h"
#include "traces/canon.h"

void run_collect_finding(void *ctx, const char *kind, const char *clause, const char *detail) {
    run_findings *f = ctx;
    if (f->count >= RUN_MAX_FINDINGS_PER_STEP) {
        f->dropped++;
        return;
    }
    run_finding *item = &f->items[f->count++];
    snprintf(item->kind, sizeof item->kind, "%s", kind);
    snprintf(item->clause, sizeof item->clause, "%s", clause ? clause : "");
    snprintf(item->detail, sizeof item->detail, "%s", detail);
}

void run_drop_finding(void *ctx, const char *kind, const char *clause, const char *detail) {
    (void)ctx;
    (void)kind;
    (void)clause;
    (void)detail;
}

static const char *event_function(conf_event_kind event) {
    switch (event) {
    case CONF_EVENT_PROCESS_EXIT: return "process.exit";
    case CONF_EVENT_KERNEL_STOP: return "kernel.stop";
    case CONF_EVENT_KERNEL_START: return "kernel.start";
    case CONF_EVENT_LINK_DOWN: return "link.down";
    default: return "link.up";
    }
}

const char *run_step_function(const conf_step *st) {
    switch (st->kind) {
    case CONF_STEP_CALL: return st->fn->name;
    case CONF_STEP_READ: return "read";
    case CONF_STEP_WRITE: return "write";
    default: return event_function(st->event);
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

/* "0x.." of v (handles, pointers, statuses without a name). */
static void hex_number(char *buf, size_t cap, uint64_t v) {
    snprintf(buf, cap, "0x%llx", (unsigned long long)v);
}

/* data in lowercase hex, allocated; NULL when out of memory. */
static char *hex_bytes(const unsigned char *data, size_t len) {
    char *out = malloc(2 * len + 1);
    if (out == NULL) return NULL;
    for (size_t i = 0; i < len; i++) snprintf(out + 2 * i, 3, "%02x", data[i]);
    out[2 * len] = '\0';
    return out;
}

/* The JSON value of one resolved call argument of parameter prm. */
static cJSON *arg_item(const spec_param *prm, const conf_value *v) {
    if (prm->type == SPEC_T_OUT_PTR || prm->type == SPEC_T_OUT_HANDLE)
        return v->out_valid ? cJSON_CreateString("out") : cJSON_CreateNull();
    if (v->is_null) return cJSON_CreateNull();
    if (prm->type == SPEC_T_STRING) return cJSON_CreateString(v->string);
    if (prm->type == SPEC_T_HANDLE || prm->type == SPEC_T_PTR) {
        char buf[32];
        hex_number(buf, sizeof buf, v->number);
        return cJSON_CreateString(buf);
    }
    if (prm->type == SPEC_T_LONG) return cJSON_CreateNumber((double)(int32_t)v->number);
    if (prm->type == SPEC_T_BOOL) return cJSON_CreateBool(v->number != 0);
    return cJSON_CreateNumber((double)v->number);
}

/* Fills obj with the `args` of step st (of any kind) as executed (x). */
static void fill_args(cJSON *obj, const conf_scenario *sc, const conf_step *st, const run_exec *x) {
    char buf[32];
    switch (st->kind) {
    case CONF_STEP_CALL:
        for (int i = 0; i < st->fn->param_count; i++)
            cJSON_AddItemToObject(obj, st->fn->params[i].name, arg_item(&st->fn->params[i], &x->args[i]));
        return;
    case CONF_STEP_READ:
    case CONF_STEP_WRITE:
        hex_number(buf, sizeof buf, x->va - st->offset);
        cJSON_AddStringToObject(obj, "ptr", buf);
        cJSON_AddNumberToObject(obj, "offset", (double)st->offset);
        if (st->kind == CONF_STEP_READ) {
            cJSON_AddNumberToObject(obj, "length", (double)st->length);
        } else {
            char *hex = hex_bytes(st->data, st->length);
            if (hex) cJSON_AddStringToObject(obj, "hex", hex);
            free(hex);
        }
        return;
    case CONF_STEP_EVENT:
        if (st->event == CONF_EVENT_PROCESS_EXIT) {
            cJSON_AddStringToObject(obj, "process", sc->processes[st->process].id);
        } else if (st->event == CONF_EVENT_KERNEL_STOP || st->event == CONF_EVENT_KERNEL_START) {
            cJSON_AddStringToObject(obj, "kernel", sc->kernels[st->kernel].id);
        } else {
            cJSON *between = cJSON_AddArrayToObject(obj, "between");
            cJSON_AddItemToArray(between, cJSON_CreateString(sc->nodes[st->link_a].id));
            cJSON_AddItemToArray(between, cJSON_CreateString(sc->nodes[st->link_b].id));
        }
        return;
    }
}

char *run_args_text(const conf_scenario *sc, const conf_step *st, const run_exec *x) {
    cJSON *obj = cJSON_CreateObject();
    if (obj == NULL) return NULL;
    fill_args(obj, sc, st, x);
    char *json = trace_canonical_json(obj);
    cJSON_Delete(obj);
    return json;
}

/* A call's return value as text by the function's return type. */
static char *call_ret_text(const spec_function *fn, const conf_outcome *o) {
    char buf[64];
    switch (fn->ret) {
    case SPEC_R_VOID: return NULL;
    case SPEC_R_HANDLE:
    case SPEC_R_PTR:
        if (o->ret == 0) return strdup("NULL");
        hex_number(buf, sizeof buf, o->ret);
        return strdup(buf);
    case SPEC_R_BOOL: return strdup(o->ret ? "TRUE" : "FALSE");
    case SPEC_R_STATUS: {
        const char *name = conf_status_name(fn->status_family, (uint32_t)o->ret);
        if (name) return strdup(name);
        hex_number(buf, sizeof buf, o->ret);
        return strdup(buf);
    }
    case SPEC_R_DWORD:
    default: snprintf(buf, sizeof buf, "%llu", (unsigned long long)o->ret); return strdup(buf);
    }
}

char *run_ret_text(const conf_step *st, const run_exec *x) {
    if (st->kind == CONF_STEP_CALL) return call_ret_text(st->fn, &x->outcome);
    if (st->kind == CONF_STEP_READ && !x->outcome.fault) return hex_bytes(x->data, st->length);
    return NULL;
}

/* The name of status code in family, or its number as "0x%X" in buf when the family has no such code. */
static const char *status_text(spec_family family, uint32_t code, char *buf, size_t cap) {
    const char *name = conf_status_name(family, code);
    if (name) return name;
    snprintf(buf, cap, "0x%X", code);
    return buf;
}

/* Writes the step's findings (and how many were dropped) as rows of step seq. Returns 0 or -1. */
static int record_findings(trace_db *db, const conf_scenario *sc, int64_t seq, const run_findings *f) {
    for (int i = 0; i < f->count; i++) {
        const run_finding *item = &f->items[i];
        if (trace_finding(db, sc->id, seq, item->kind, item->clause[0] ? item->clause : NULL, item->detail) != 0)
            return -1;
    }
    if (f->dropped == 0) return 0;
    char msg[128];
    snprintf(msg, sizeof msg, "%d more findings in this step were not recorded", f->dropped);
    return trace_finding(db, sc->id, seq, "findings-dropped", NULL, msg);
}

/* The columns that say which step a row is: scenario, seq, step, time, kind, api, function, process. */
static void step_identity(trace_step_row *row, const conf_scenario *sc, const conf_step *st, int64_t seq) {
    row->scenario = sc->id;
    row->seq = seq;
    row->step = st->index;
    row->vtime_us = (int64_t)st->vtime_us;
    row->kind = kind_name(st->kind);
    row->api = st->kind == CONF_STEP_CALL ? spec_api_name(st->fn->api) : st->kind == CONF_STEP_EVENT ? "sim" : "mem";
    row->function = run_step_function(st);
    row->process = st->kind == CONF_STEP_EVENT ? NULL : sc->processes[st->process].id;
}

int run_record_step(trace_db *db, const conf_scenario *sc, const conf_step *st, int64_t seq, const run_exec *x,
                    const conf_check *check, const run_findings *findings, int64_t after_restart) {
    const conf_outcome *o = &x->outcome;
    char status_buf[32], last_error_buf[32];
    trace_step_row row = {0};
    step_identity(&row, sc, st, seq);
    char *args = run_args_text(sc, st, x);
    char *ret = run_ret_text(st, x);
    row.args = args;
    row.ret = ret;
    row.status = status_text(o->family, o->status, status_buf, sizeof status_buf);
    row.has_status_code = true;
    row.status_code = o->status;
    if (o->has_last_error) {
        row.last_error = status_text(o->family, o->last_error, last_error_buf, sizeof last_error_buf);
        row.has_last_error_code = true;
        row.last_error_code = o->last_error;
    }
    row.expected = st->expect.canonical;
    row.verdict = conf_verdict_name(check->verdict);
    row.clause = check->clause;
    row.detail = check->detail[0] ? check->detail : NULL;
    row.after_restart = after_restart;
    row.has_native_error = o->has_native_error;
    row.native_error = o->native_error;
    row.native_error_kind = o->native_error_kind;
    char *opaque = run_opaque_text(st, x); /* run_prov.h */
    row.opaque = opaque;
    int rc = trace_step(db, &row);
    if (rc == 0) rc = record_findings(db, sc, seq, findings);
    free(args);
    free(ret);
    free(opaque);
    return rc;
}

int run_record_note(trace_db *db, const conf_scenario *sc, const conf_step *st, int64_t seq, const conf_note *note,
                    int64_t after_restart) {
    trace_step_row row = {0};
    row.scenario = sc->id;
    row.seq = seq;
    row.step = st->index;
    row.vtime_us = (int64_t)st->vtime_us;
    row.process = note->process >= 0 ? sc->processes[note->process].id : NULL;
    row.kind = "event";
    row.api = note->api;
    row.function = note->function;
    row.args = note->args;
    row.status = "OK";
    row.has_status_code = true;
    row.status_code = 0;
    row.verdict = "NONE";
    row.clause = note->clause;
    row.after_restart = after_restart;
    return trace_step(db, &row);
}

int run_record_died(trace_db *db, const conf_scenario *sc, const conf_step *st, int64_t seq, const run_exec *x,
                    const char *clause, const char *verdict, const char *how, int64_t after_restart) {
    trace_step_row row = {0};
    step_identity(&row, sc, st, seq);
    char *args = run_args_text(sc, st, x);
    row.args = args;
    row.expected = st->expect.canonical;
    row.verdict = "NONE";
    row.clause = clause;
    row.detail = how;
    row.after_restart = after_restart;
    row.died = verdict;
    int rc = trace_step(db, &row);
    free(args);
    return rc;
}
