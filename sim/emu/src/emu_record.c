/* sim/emu/src/emu_record.c — what librtshm_emu records: every call, recorded access and event as a step of an
 * rtshm-scenario/1 file (SCENARIO-FORMAT.md), and the trace written from them (emu_int.h).
 *
 * A call step names its function qualified by family ("iwin32:RtCreateSharedMemory", never ambiguous), gives
 * every input by its parameter name, binds every handle or pointer a successful call returned or stored to a
 * new variable (h1, h2, ... for handles and instances, p1, p2, ... for pointers) and passes an input equal to a
 * bound value as "$var" (pointers only within the process that bound them: they belong to its address space),
 * other values literally. Its `expect` is what the call produced: the return value ("null", the variable it
 * equals, "non-null", a number, true/false or a status name), the status and the last-error slot by name.
 * Reads and writes give their address as a pointer variable plus an offset where one holds the view's base.
 * Events carry an `at` (1000 us apart); calls and accesses follow at the time of the last event.
 *
 * The trace is not written step by step: when the world closes, the recorded scenario is parsed by rtshm's
 * parser and run by rtshm's runner on the reference model into the trace database, as `rtshm run` would. The
 * model being deterministic, every step of that run gets the outcome the program observed; since each step
 * expects that outcome, a verdict other than PASS (or NONE for steps without expectation) would show the replay
 * disagreeing with the program's run — the emulation's own test checks they all pass. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/runner.h"
#include "emu_int.h"
#include "spec/constants.h"
#include "traces/canon.h"
#include "traces/trace.h"

static const char *process_id(int p) {
    return emu_w->topo->processes[p].id;
}

/* The most recent variable of type holding value (for pointers: bound by process), or NULL. An input equal to
 * it is passed as that variable: for a handle the latest binding of a recycled value is the one in use. */
static const emu_var *var_of(conf_var_type type, uint64_t value, int process) {
    for (int i = emu_w->var_count; i-- > 0;) {
        const emu_var *v = &emu_w->vars[i];
        if (v->type == type && v->value == value && (type != CONF_VAR_PTR || v->process == process)) return v;
    }
    return NULL;
}

/* Binds a new variable of type to value; its name, or NULL when the bound is reached (the record is then
 * marked truncated). */
static const char *bind(conf_var_type type, uint64_t value, int process) {
    if (emu_w->var_count >= EMU_MAX_VARS) {
        emu_w->truncated = true;
        return NULL;
    }
    emu_var *v = &emu_w->vars[emu_w->var_count++];
    v->type = type;
    v->value = value;
    v->process = process;
    uint64_t base;
    v->view = 0;
    if (type == CONF_VAR_PTR) (void)emu_mem_view_base(process, value, &base, &v->view);
    if (type == CONF_VAR_PTR)
        snprintf(v->name, sizeof v->name, "p%d", ++emu_w->next_ptr_var);
    else
        snprintf(v->name, sizeof v->name, "h%d", ++emu_w->next_handle_var);
    return v->name;
}

static cJSON *var_ref(const emu_var *v) {
    char ref[20];
    snprintf(ref, sizeof ref, "$%s", v->name);
    return cJSON_CreateString(ref);
}

static cJSON *hex_value(uint64_t v) {
    char buf[24];
    snprintf(buf, sizeof buf, "0x%llx", (unsigned long long)v);
    return cJSON_CreateString(buf);
}

/* A handle value: the NTX sentinel, beyond what a scenario may write literally (2^53 - 1), by name —
 * NTX_UNDEFINED_LOCATION where `location` (an hLoc argument, ntxGetLocationByName's return), else
 * NTX_BAD_NTXHANDLE, the same 0xFFFFFFFFFFFFFFFF (NTX.LOCATION.VALUES) —; any other value as hex. */
static cJSON *handle_value(uint64_t v, bool location) {
    if (v != (uint64_t)K_NTX_BAD_NTXHANDLE) return hex_value(v);
    return cJSON_CreateString(location ? "NTX_UNDEFINED_LOCATION" : "NTX_BAD_NTXHANDLE");
}

/* Appends step (owned) unless the step bound is reached. */
static void append(cJSON *step) {
    if (emu_w->step_count >= EMU_MAX_STEPS) {
        emu_w->truncated = true;
        cJSON_Delete(step);
        return;
    }
    cJSON_AddItemToArray(emu_w->steps, step);
    emu_w->step_count++;
}

/* The JSON of input i of fn as given (model values). */
static cJSON *arg_json(const spec_param *prm, const conf_value *a, int process) {
    switch (prm->type) {
    case SPEC_T_STRING: return a->is_null || a->string == NULL ? cJSON_CreateNull() : cJSON_CreateString(a->string);
    case SPEC_T_ATTRS: return cJSON_CreateNull();
    case SPEC_T_BOOL: return cJSON_CreateBool(a->number != 0);
    case SPEC_T_LONG: return cJSON_CreateNumber((double)(int32_t)(uint32_t)a->number);
    case SPEC_T_DWORD: return cJSON_CreateNumber((double)(uint32_t)a->number);
    case SPEC_T_HANDLE:
    case SPEC_T_PTR: {
        if (a->is_null) return cJSON_CreateNull();
        conf_var_type type = prm->type == SPEC_T_PTR ? CONF_VAR_PTR : CONF_VAR_HANDLE;
        const emu_var *v = a->number ? var_of(type, a->number, process) : NULL;
        return v ? var_ref(v) : handle_value(a->number, strcmp(prm->name, "hLoc") == 0);
    }
    default: return NULL; /* outputs: below */
    }
}

/* Whether a call of fn with outcome o succeeded (its status is the family's success or its informational one). */
static bool succeeded(const conf_outcome *o) {
    const spec_status *s = spec_status_by_value(o->family, o->status);
    return s != NULL && spec_status_is_success(s);
}

/* The expected return of fn as observed, bound to a new variable in *bound (when a handle or pointer that
 * a later step may use). */
static cJSON *expect_return(const spec_function *fn, const conf_outcome *o, int process, const char **bound) {
    *bound = NULL;
    switch (fn->ret) {
    case SPEC_R_BOOL: return cJSON_CreateString(o->ret ? "true" : "false");
    case SPEC_R_DWORD: return cJSON_CreateNumber((double)(uint32_t)o->ret);
    case SPEC_R_STATUS: {
        const char *name = spec_status_name(fn->status_family, (uint32_t)o->ret);
        return name ? cJSON_CreateString(name) : cJSON_CreateNumber((double)(uint32_t)o->ret);
    }
    case SPEC_R_HANDLE:
    case SPEC_R_PTR: {
        if (o->ret == 0) return cJSON_CreateString("null");
        if (o->ret == (uint64_t)K_NTX_BAD_NTXHANDLE) /* a failed or refused NTX call: its sentinel by name */
            return handle_value(o->ret, strcmp(fn->name, "ntxGetLocationByName") == 0);
        if (!succeeded(o)) return cJSON_CreateNumber((double)o->ret); /* BAD_RTHANDLE */
        if (fn->ret == SPEC_R_PTR) {
            /* the same pointer into the same mapping as a variable holds (NTX.MAP.SAME_POINTER): expect it; an
             * address reused by a later mapping is only "non-null" (another implementation may place it elsewhere) */
            const emu_var *v = var_of(CONF_VAR_PTR, o->ret, process);
            uint64_t base, serial;
            if (v && v->view != 0 && emu_mem_view_base(process, o->ret, &base, &serial) && serial == v->view)
                return var_ref(v);
        }
        /* a handle value is recycled once closed: every handle a call returns is bound anew */
        *bound = bind(fn->ret == SPEC_R_PTR ? CONF_VAR_PTR : CONF_VAR_HANDLE, o->ret, process);
        return cJSON_CreateString("non-null");
    }
    default: return NULL;
    }
}

static void add_status(cJSON *expect, const char *key, spec_family family, uint32_t value) {
    const char *name = spec_status_name(family, value);
    if (name) cJSON_AddStringToObject(expect, key, name);
}

void emu_record_call(int process, const spec_function *fn, const conf_value *args, const conf_outcome *o) {
    cJSON *step = cJSON_CreateObject();
    cJSON_AddStringToObject(step, "as", process_id(process));
    char call[96];
    snprintf(call, sizeof call, "%s:%s", spec_api_name(fn->api), fn->name);
    cJSON_AddStringToObject(step, "call", call);
    cJSON *jargs = cJSON_CreateObject(), *out = cJSON_CreateObject(), *expect = cJSON_CreateObject();
    bool ok = succeeded(o);
    for (int i = 0; i < fn->param_count; i++) {
        const spec_param *prm = &fn->params[i];
        if (prm->type == SPEC_T_OUT_PTR || prm->type == SPEC_T_OUT_HANDLE) {
            if (!args[i].out_valid) {
                cJSON_AddNullToObject(jargs, prm->name);
            } else if (ok && o->outputs[i] != 0) {
                conf_var_type type = prm->type == SPEC_T_OUT_PTR ? CONF_VAR_PTR : CONF_VAR_HANDLE;
                const char *name = bind(type, o->outputs[i], process);
                if (name) cJSON_AddStringToObject(out, prm->name, name);
            }
            continue;
        }
        cJSON_AddItemToObject(jargs, prm->name, arg_json(prm, &args[i], process));
    }
    if (fn->ret != SPEC_R_VOID) {
        const char *bound;
        cJSON *ret = expect_return(fn, o, process, &bound);
        if (ret) cJSON_AddItemToObject(expect, "return", ret);
        if (bound) cJSON_AddStringToObject(out, "return", bound);
    }
    add_status(expect, "status", o->family, o->status);
    if (o->has_last_error) add_status(expect, "last_error", o->family, o->last_error);
    if (cJSON_GetArraySize(jargs) > 0)
        cJSON_AddItemToObject(step, "args", jargs);
    else
        cJSON_Delete(jargs);
    if (cJSON_GetArraySize(out) > 0)
        cJSON_AddItemToObject(step, "out", out);
    else
        cJSON_Delete(out);
    cJSON_AddItemToObject(step, "expect", expect);
    append(step);
}

void emu_record_access(int process, bool write, uint64_t va, const unsigned char *data, size_t len, bool fault,
                       bool expect_data) {
    cJSON *step = cJSON_CreateObject();
    cJSON_AddStringToObject(step, "as", process_id(process));
    cJSON *what = cJSON_AddObjectToObject(step, write ? "write" : "read");
    uint64_t base, serial;
    const emu_var *v = emu_mem_view_base(process, va, &base, &serial) ? var_of(CONF_VAR_PTR, base, process) : NULL;
    if (v && v->view != serial) v = NULL; /* that variable pointed into an earlier mapping at this address */
    if (v) {
        cJSON_AddItemToObject(what, "ptr", var_ref(v));
        cJSON_AddNumberToObject(what, "offset", (double)(va - base));
    } else {
        cJSON_AddItemToObject(what, "ptr", hex_value(va));
    }
    char *hex = malloc(2 * len + 1);
    if (hex == NULL) {
        fprintf(stderr, "librtshm_emu: out of memory recording an access\n");
        abort();
    }
    for (size_t i = 0; i < len; i++) snprintf(hex + 2 * i, 3, "%02x", data ? data[i] : 0);
    if (write)
        cJSON_AddStringToObject(what, "hex", hex);
    else
        cJSON_AddNumberToObject(what, "length", (double)len);
    cJSON *expect = cJSON_AddObjectToObject(step, "expect");
    cJSON_AddStringToObject(expect, "fault", fault ? "ACCESS_VIOLATION" : "none");
    if (!write && !fault && expect_data) cJSON_AddStringToObject(expect, "data", hex);
    free(hex);
    append(step);
}

void emu_record_event(const conf_step *st) {
    static const char *const names[] = {"process.exit", "kernel.stop", "kernel.start", "link.down", "link.up"};
    cJSON *step = cJSON_CreateObject();
    cJSON_AddNumberToObject(step, "at", (double)st->vtime_us);
    cJSON_AddStringToObject(step, "event", names[st->event]);
    switch (st->event) {
    case CONF_EVENT_PROCESS_EXIT: cJSON_AddStringToObject(step, "process", process_id(st->process)); break;
    case CONF_EVENT_KERNEL_STOP:
    case CONF_EVENT_KERNEL_START: cJSON_AddStringToObject(step, "kernel", emu_w->topo->kernels[st->kernel].id); break;
    default: {
        cJSON *between = cJSON_AddArrayToObject(step, "between");
        cJSON_AddItemToArray(between, cJSON_CreateString(emu_w->topo->nodes[st->link_a].id));
        cJSON_AddItemToArray(between, cJSON_CreateString(emu_w->topo->nodes[st->link_b].id));
    }
    }
    append(step);
}

/* The scenario document (a new tree; steps duplicated). */
static cJSON *document(void) {
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "format", "rtshm-scenario/1");
    cJSON_AddStringToObject(root, "id", emu_w->scenario_id);
    cJSON_AddStringToObject(root, "title", emu_w->title);
    cJSON *tags = cJSON_AddArrayToObject(root, "tags");
    cJSON_AddItemToArray(tags, cJSON_CreateString("recorded"));
    if (emu_w->topology_json) {
        cJSON_AddItemToObject(root, "topology", cJSON_Duplicate(emu_w->topology_json, 1));
        cJSON_AddItemToObject(root, "processes", cJSON_Duplicate(emu_w->processes_json, 1));
    }
    cJSON_AddItemToObject(root, "steps", cJSON_Duplicate(emu_w->steps, 1));
    return root;
}

char *emu_record_text(char *err, size_t cap) {
    if (emu_w->truncated) {
        snprintf(err, cap, "the record is truncated: more than %d steps or %d variables", EMU_MAX_STEPS, EMU_MAX_VARS);
        return NULL;
    }
    if (emu_w->step_count == 0) {
        snprintf(err, cap, "nothing was recorded (a scenario needs at least one step)");
        return NULL;
    }
    cJSON *root = document();
    char *printed = root ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    /* the file's bytes end with a newline: the trace's sha256 is of exactly what save_scenario writes */
    size_t len = printed ? strlen(printed) : 0;
    char *text = printed ? realloc(printed, len + 2) : NULL;
    if (text) memcpy(text + len, "\n", 2);
    else free(printed);
    if (text == NULL) {
        snprintf(err, cap, "out of memory");
        return NULL;
    }
    conf_scenario *sc = NULL;
    char perr[1024] = "";
    if (conf_scenario_parse("(recorded scenario)", text, strlen(text), &sc, perr, sizeof perr) != 0) {
        snprintf(err, cap, "the recorded scenario is not valid (a librtshm_emu bug): %s", perr);
        free(text);
        return NULL;
    }
    conf_scenario_free(sc);
    return text;
}

int emu_record_trace(const char *path, char *err, size_t cap) {
    char *text = emu_record_text(err, cap);
    if (text == NULL) return -1;
    conf_scenario *sc = NULL;
    char perr[1024] = "";
    int rc = conf_scenario_parse("librtshm_emu", text, strlen(text), &sc, perr, sizeof perr);
    free(text);
    if (rc != 0) {
        snprintf(err, cap, "%s", perr);
        return -1;
    }
    trace_db *db = NULL;
    if (trace_open(path, &db, err, (int)cap) != 0) {
        conf_scenario_free(sc);
        return -1;
    }
    int64_t run_id = 0;
    conf_scenario_result res = {0};
    rc = trace_run_begin(db, "librtshm_emu", "reference", emu_w->seed, "[\"librtshm_emu\"]", "-", &run_id);
    if (rc == 0) rc = conf_run_scenario(sc, conf_backend_reference(), emu_w->seed, db, run_id, &res);
    if (rc == 0) rc = trace_run_finish(db, run_id, "complete");
    if (rc != 0) snprintf(err, cap, "%s: %s", path, res.message[0] ? res.message : trace_errmsg(db));
    trace_close(db);
    conf_scenario_free(sc);
    return rc;
}
