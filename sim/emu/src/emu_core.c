/* sim/emu/src/emu_core.c — librtshm_emu's world: opening it from a topology, the calling thread's process,
 * the one lock, the call path of every vendor function, RtkRtssAttachEx's routines and findings (rtshm_emu.h;
 * emu_int.h names the other modules).
 *
 * The model is driven exactly as the runner drives any backend: through conf/backend.h's driver on the
 * reference's operations table (conf_backend_reference), with the process index, the row of
 * spec/functions.def and conf_values. So the outcomes, statuses, clauses, findings and notes are the
 * reference's own, and a recorded step replays to the same outcome (SIM.DETERMINISM). */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu_int.h"
#include "sim/world.h"

emu_world *emu_w = NULL;

static pthread_mutex_t emu_mutex = PTHREAD_MUTEX_INITIALIZER;
static _Thread_local int emu_current_index = -1; /* the process this thread acts as, or -1 ... */
static _Thread_local uint64_t emu_current_world;  /* ... in the world of this generation */
static uint64_t emu_generation;                   /* counts rtshm_emu_open calls */

/* The process the calling thread acts as in the open world, or -1 (none, or set for an earlier world). */
int emu_current(void) {
    return emu_w && emu_current_world == emu_generation ? emu_current_index : -1;
}

/* The calling thread acts as process p (-1: none) in the open world. */
static void set_current(int p) {
    emu_current_index = p;
    emu_current_world = emu_generation;
}

static char emu_err[1024];                  /* rtshm_emu_error() */

/* Findings, kept across operations (until close); each allocated on its own so a pointer handed out stays
 * valid while more are raised. */
static rtshm_emu_finding **emu_findings;
static int emu_finding_n, emu_finding_cap;
static char emu_fatal[512];                 /* "" none, "*" all, else ",kind,kind," */

/* RtkRtssAttachEx's routines, by instance value. */
static emu_callback *emu_callbacks;
static int emu_callback_n, emu_callback_cap;

void emu_lock(void) {
    pthread_mutex_lock(&emu_mutex);
}

void emu_unlock(void) {
    pthread_mutex_unlock(&emu_mutex);
}

/* emu_int.h: the control API's error, printf-style; -1. */
int emu_fail(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(emu_err, sizeof emu_err, fmt, ap);
    va_end(ap);
    return -1;
}

const char *rtshm_emu_error(void) {
    return emu_err;
}

/* ---- findings ---- */

/* Whether findings of `kind` abort (rtshm_emu_set_fatal). */
static bool fatal_kind(const char *kind) {
    if (emu_fatal[0] == '\0') return false;
    if (strcmp(emu_fatal, "*") == 0) return true;
    char key[64];
    snprintf(key, sizeof key, ",%s,", kind);
    return strstr(emu_fatal, key) != NULL;
}

void emu_finding(const char *kind, const char *clause, const char *fmt, ...) {
    rtshm_emu_finding f = {.step = emu_w ? emu_w->current_step : -1};
    snprintf(f.kind, sizeof f.kind, "%s", kind);
    snprintf(f.clause, sizeof f.clause, "%s", clause ? clause : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f.detail, sizeof f.detail, fmt, ap);
    va_end(ap);
    if (fatal_kind(f.kind)) {
        fprintf(stderr, "librtshm_emu: fatal finding %s%s%s%s: %s\n", f.kind, f.clause[0] ? " (" : "", f.clause,
                f.clause[0] ? ")" : "", f.detail);
        abort();
    }
    if (emu_finding_n == emu_finding_cap) {
        int cap = emu_finding_cap ? 2 * emu_finding_cap : 16;
        rtshm_emu_finding **grown = realloc(emu_findings, (size_t)cap * sizeof *grown);
        if (grown == NULL) {
            fprintf(stderr, "librtshm_emu: out of memory keeping a finding\n");
            abort();
        }
        emu_findings = grown;
        emu_finding_cap = cap;
    }
    rtshm_emu_finding *kept = malloc(sizeof *kept);
    if (kept == NULL) {
        fprintf(stderr, "librtshm_emu: out of memory keeping a finding\n");
        abort();
    }
    *kept = f;
    emu_findings[emu_finding_n++] = kept;
}

/* The model's finding sink (conf_world_open). */
static void model_finding(void *ctx, const char *kind, const char *clause, const char *detail) {
    (void)ctx;
    emu_finding(kind, clause, "%s", detail);
}

int rtshm_emu_finding_count(void) {
    emu_lock();
    int n = emu_finding_n;
    emu_unlock();
    return n;
}

const rtshm_emu_finding *rtshm_emu_finding_at(int index) {
    emu_lock();
    const rtshm_emu_finding *f = index >= 0 && index < emu_finding_n ? emu_findings[index] : NULL;
    emu_unlock();
    return f;
}

int rtshm_emu_set_fatal(const char *kinds) {
    emu_lock();
    int rc = 0;
    if (kinds == NULL || kinds[0] == '\0')
        emu_fatal[0] = '\0';
    else if (strcmp(kinds, "*") == 0)
        snprintf(emu_fatal, sizeof emu_fatal, "*");
    else if (strlen(kinds) + 3 > sizeof emu_fatal)
        rc = emu_fail("rtshm_emu_set_fatal: the list is longer than %zu bytes", sizeof emu_fatal - 3);
    else
        snprintf(emu_fatal, sizeof emu_fatal, ",%s,", kinds);
    emu_unlock();
    return rc;
}

int rtshm_emu_step_count(void) {
    emu_lock();
    int n = emu_w ? emu_w->step_count : 0;
    emu_unlock();
    return n;
}

/* ---- opening the world ---- */

/* Reads the whole file at path (NUL-terminated, malloc'd) or NULL with the reason set. */
static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        emu_fail("%s: cannot open the topology file", path);
        return NULL;
    }
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (len + 1 == cap) {
            if (cap >= (size_t)CONF_MAX_FILE_BYTES) break;
            char *grown = realloc(buf, cap * 2);
            if (grown == NULL) {
                free(buf);
                buf = NULL;
            }
            buf = grown;
            cap *= 2;
        }
    }
    bool bad = ferror(f) || buf == NULL || len + 1 >= (size_t)CONF_MAX_FILE_BYTES;
    fclose(f);
    if (bad) {
        free(buf);
        emu_fail("%s: cannot read the topology file (unreadable, out of memory or larger than %d bytes)", path,
             CONF_MAX_FILE_BYTES);
        return NULL;
    }
    buf[len] = '\0';
    return buf;
}

/* A stub scenario around topology and processes (both NULL: the default topology): one harmless step as the
 * first process, so the parser checks and resolves the topology as it does any scenario's. */
static char *stub_text(const cJSON *topology, const cJSON *processes) {
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "format", "rtshm-scenario/1");
    cJSON_AddStringToObject(root, "id", "emu.topology");
    cJSON_AddStringToObject(root, "title", "topology");
    const char *first = "win";
    if (topology) {
        cJSON_AddItemToObject(root, "topology", cJSON_Duplicate(topology, 1));
        cJSON_AddItemToObject(root, "processes", cJSON_Duplicate(processes, 1));
        const cJSON *p0 = cJSON_GetArrayItem(processes, 0);
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(p0, "id");
        first = cJSON_IsString(id) ? id->valuestring : "?";
    }
    cJSON *steps = cJSON_AddArrayToObject(root, "steps");
    cJSON *step = cJSON_CreateObject();
    cJSON_AddStringToObject(step, "as", first);
    cJSON *read = cJSON_AddObjectToObject(step, "read");
    cJSON_AddNumberToObject(read, "ptr", 0);
    cJSON_AddNumberToObject(read, "length", 1);
    cJSON_AddItemToArray(steps, step);
    char *text = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    return text;
}

/* Parses the topology (file or default) into w->topo and keeps the file's two parts. 0, or -1. */
static int load_topology(emu_world *w, const char *path) {
    cJSON *doc = NULL;
    const cJSON *topology = NULL, *processes = NULL;
    if (path) {
        char *text = read_file(path);
        if (text == NULL) return -1;
        doc = cJSON_Parse(text);
        free(text);
        if (!cJSON_IsObject(doc)) {
            cJSON_Delete(doc);
            return emu_fail("%s: not a JSON object (expected one with \"topology\" and \"processes\")", path);
        }
        topology = cJSON_GetObjectItemCaseSensitive(doc, "topology");
        processes = cJSON_GetObjectItemCaseSensitive(doc, "processes");
        if (!cJSON_IsObject(topology) || !cJSON_IsArray(processes) || cJSON_GetArraySize(processes) == 0) {
            cJSON_Delete(doc);
            return emu_fail("%s: expected an object \"topology\" and a non-empty array \"processes\" (rtshm-scenario/1)",
                        path);
        }
    }
    char *stub = stub_text(topology, processes);
    char err[1024] = "";
    int rc = stub ? conf_scenario_parse(path ? path : "(default topology)", stub, strlen(stub), &w->topo, err,
                                        sizeof err)
                  : -1;
    free(stub);
    if (rc != 0) {
        cJSON_Delete(doc);
        return emu_fail("%s: the topology is not valid: %s", path ? path : "default topology",
                    err[0] ? err : "out of memory");
    }
    if (doc) {
        w->topology_json = cJSON_DetachItemFromObjectCaseSensitive(doc, "topology");
        w->processes_json = cJSON_DetachItemFromObjectCaseSensitive(doc, "processes");
        cJSON_Delete(doc);
    }
    return 0;
}

static char *dup_or(const char *s, const char *fallback) {
    const char *v = s ? s : fallback;
    return v ? strdup(v) : NULL;
}

/* Frees w and everything it holds (the lock is held). */
static void world_free(emu_world *w) {
    if (w == NULL) return;
    emu_mem_close();
    conf_world_close(w->world);
    conf_scenario_free(w->topo);
    cJSON_Delete(w->topology_json);
    cJSON_Delete(w->processes_json);
    cJSON_Delete(w->steps);
    free(w->vars);
    free(w->trace_path);
    free(w->scenario_id);
    free(w->title);
    free(w);
}

int rtshm_emu_open(const rtshm_emu_options *options) {
    rtshm_emu_options none = {0};
    const rtshm_emu_options *o = options ? options : &none;
    emu_lock();
    if (emu_w != NULL) {
        emu_unlock();
        return emu_fail("rtshm_emu_open: a world is open already (one per program: rtshm_emu_close it first)");
    }
    emu_err[0] = '\0';
    emu_world *w = calloc(1, sizeof *w);
    int rc = w ? 0 : emu_fail("out of memory");
    if (rc == 0) {
        w->seed = o->seed;
        w->current_step = -1;
        w->steps = cJSON_CreateArray();
        w->vars = calloc(EMU_MAX_VARS, sizeof *w->vars);
        w->trace_path = dup_or(o->trace_path, NULL);
        w->scenario_id = dup_or(o->scenario_id, "emu.recorded");
        w->title = dup_or(o->title, "Recorded by librtshm_emu");
        if (w->steps == NULL || w->vars == NULL || w->scenario_id == NULL || w->title == NULL ||
            (o->trace_path && w->trace_path == NULL))
            rc = emu_fail("out of memory");
    }
    if (rc == 0) rc = load_topology(w, o->topology_path);
    if (rc == 0) {
        char err[1024] = "";
        w->world = conf_world_open(conf_backend_reference(), w->topo, w->seed, model_finding, NULL, err, sizeof err);
        w->sim = w->world ? conf_world_reference_sim(w->world) : NULL;
        if (w->sim == NULL) rc = emu_fail("the model could not open the world: %s", err[0] ? err : "out of memory");
    }
    if (rc == 0 && emu_mem_open(w->topo->process_count) != 0) rc = emu_fail("cannot prepare the real memory of views");
    if (rc == 0) {
        emu_w = w;
        emu_generation++;
    } else {
        world_free(w);
    }
    emu_unlock();
    return rc;
}

int rtshm_emu_close(void) {
    emu_lock();
    emu_world *w = emu_w;
    int rc = 0;
    if (w && w->trace_path) {
        char err[1024] = "";
        if (emu_record_trace(w->trace_path, err, sizeof err) != 0) rc = emu_fail("%s", err);
    }
    world_free(w);
    emu_w = NULL;
    for (int i = 0; i < emu_finding_n; i++) free(emu_findings[i]);
    free(emu_findings);
    emu_findings = NULL;
    emu_finding_n = emu_finding_cap = 0;
    free(emu_callbacks);
    emu_callbacks = NULL;
    emu_callback_n = emu_callback_cap = 0;
    emu_unlock();
    return rc;
}

/* Index of the process, kernel or node `id` in the topology, or -1. */
int emu_process_index(const char *id) {
    for (int i = 0; id && i < emu_w->topo->process_count; i++)
        if (strcmp(emu_w->topo->processes[i].id, id) == 0) return i;
    return -1;
}

int emu_kernel_index(const char *id) {
    for (int i = 0; id && i < emu_w->topo->kernel_count; i++)
        if (strcmp(emu_w->topo->kernels[i].id, id) == 0) return i;
    return -1;
}

int emu_node_index(const char *id) {
    for (int i = 0; id && i < emu_w->topo->node_count; i++)
        if (strcmp(emu_w->topo->nodes[i].id, id) == 0) return i;
    return -1;
}

int rtshm_emu_as(const char *process) {
    emu_lock();
    int rc = 0;
    if (process == NULL) {
        set_current(-1);
    } else if (emu_w == NULL) {
        rc = emu_fail("rtshm_emu_as: no world is open");
    } else {
        int p = emu_process_index(process);
        if (p < 0)
            rc = emu_fail("rtshm_emu_as: the topology has no process '%s'", process);
        else
            set_current(p);
    }
    emu_unlock();
    return rc;
}

/* ---- notes: RtkRtssAttachEx's routines ---- */

void emu_register_shutdown(uint64_t inst, void (*routine)(void *, int32_t), void *context) {
    if (routine == NULL) return;
    emu_lock();
    if (emu_callback_n == emu_callback_cap) {
        int cap = emu_callback_cap ? 2 * emu_callback_cap : 8;
        emu_callback *grown = realloc(emu_callbacks, (size_t)cap * sizeof *grown);
        if (grown == NULL) {
            emu_unlock();
            fprintf(stderr, "librtshm_emu: out of memory registering a shutdown routine\n");
            abort();
        }
        emu_callbacks = grown;
        emu_callback_cap = cap;
    }
    emu_callbacks[emu_callback_n++] = (emu_callback){inst, emu_current(), routine, context};
    emu_unlock();
}

/* Takes the notes the last operation raised (the lock is held): each shutdown of an instance with a
 * registered routine is queued in *pending. */
void emu_take_notes(emu_pending *pending) {
    conf_note note;
    while (conf_world_next_note(emu_w->world, &note) == 1) {
        if (strcmp(note.function, "RtkRtssAttachEx.shutdown") != 0) continue;
        const char *at = strstr(note.args, "\"RtssInst\":\"");
        if (at == NULL) continue;
        uint64_t inst = strtoull(at + strlen("\"RtssInst\":\""), NULL, 16);
        for (int i = 0; i < emu_callback_n && pending->count < EMU_MAX_PENDING; i++)
            if (emu_callbacks[i].inst == inst && emu_callbacks[i].process == note.process)
                pending->call[pending->count++] = emu_callbacks[i];
    }
}

/* Runs the queued routines without the lock, each with the thread acting as the driver that registered it. */
void emu_run_pending(const emu_pending *pending) {
    int saved = emu_current_index;
    uint64_t saved_world = emu_current_world;
    for (int i = 0; i < pending->count; i++) {
        set_current(pending->call[i].process);
        pending->call[i].routine(pending->call[i].context, 0);
    }
    emu_current_index = saved;
    emu_current_world = saved_world;
}

/* ---- calls ---- */

/* The caller bit of process p (parse_resolve.c's rule). */
static unsigned caller_bit(int p) {
    const conf_process_spec *ps = &emu_w->topo->processes[p];
    switch (ps->kind) {
    case CONF_PROC_WINDOWS: return SPEC_CALLER_WINDOWS;
    case CONF_PROC_DRIVER: return SPEC_CALLER_DRIVER;
    default:
        return emu_w->topo->kernels[ps->kernel].kind == CONF_KERNEL_RTX64 ? SPEC_CALLER_RT_RTX64 : SPEC_CALLER_RT_INTIME;
    }
}

/* Why process p cannot make call fn now, or NULL when it can (SCENARIO-FORMAT.md: which family a call
 * belongs to; a step as a process that has exited is an input error). */
static const char *refusal(int p, const spec_function *fn, char *buf, size_t cap) {
    const sim_process *sp = emu_w->sim->processes[p];
    const char *id = emu_w->topo->processes[p].id;
    if (sp->exited) {
        snprintf(buf, cap, "%s: process '%s' has ended (it exited or its kernel stopped)", fn->name, id);
        return buf;
    }
    if (!(fn->callers & caller_bit(p))) {
        snprintf(buf, cap, "%s: process '%s' is of a kind that cannot call the %s family", fn->name, id,
                 spec_api_name(fn->api));
        return buf;
    }
    if (caller_bit(p) == SPEC_CALLER_WINDOWS && spec_api_callable_by(fn->api, SPEC_CALLER_RT_INTIME) &&
        sp->kernel == NULL) {
        snprintf(buf, cap, "%s: windows process '%s' reaches no INtime kernel (iwin32x)", fn->name, id);
        return buf;
    }
    if (caller_bit(p) == SPEC_CALLER_WINDOWS && spec_api_callable_by(fn->api, SPEC_CALLER_RT_RTX64) &&
        sp->rtss == NULL) {
        snprintf(buf, cap, "%s: windows process '%s' has no RTSS on its node", fn->name, id);
        return buf;
    }
    return NULL;
}

int emu_call(spec_fn_row row, const conf_value *in, emu_result *r) {
    const spec_function *fn = spec_function_row(row);
    memset(r, 0, sizeof *r);
    emu_lock();
    char why[512];
    const char *refused = NULL;
    int p = emu_current();
    if (emu_w == NULL)
        refused = "no world is open (rtshm_emu_open)";
    else if (p < 0)
        refused = "the calling thread acts as no process (rtshm_emu_as)";
    else
        refused = refusal(p, fn, why, sizeof why);
    if (refused) {
        if (emu_w) {
            emu_w->current_step = -1;
            emu_finding("call-refused", "", "%s: %s", fn->name, refused);
        } else {
            fprintf(stderr, "librtshm_emu: %s: %s\n", fn->name, refused);
        }
        emu_unlock();
        return -1;
    }
    emu_w->current_step = emu_w->step_count;
    conf_value args[SPEC_MAX_PARAMS];
    if (fn->param_count > 0) memcpy(args, in, (size_t)fn->param_count * sizeof *args);
    for (int i = 0; i < fn->param_count; i++) {
        if (fn->params[i].type != SPEC_T_PTR || args[i].is_null) continue;
        bool foreign = false;
        uint64_t host = args[i].number;
        args[i].number = emu_mem_to_model(p, host, &foreign);
        if (foreign)
            emu_finding("foreign-pointer", "", "%s: %s points into no view of process '%s'; passed as 0x%llx",
                        fn->name, fn->params[i].name, emu_w->topo->processes[p].id,
                        (unsigned long long)RTSHM_EMU_FOREIGN_VA);
    }
    char err[512] = "";
    if (conf_world_call(emu_w->world, p, fn, args, &r->o, err, sizeof err) != 0) {
        emu_finding("call-refused", "", "%s: the model failed: %s", fn->name, err);
        emu_unlock();
        return -1;
    }
    emu_mem_sync(emu_w->sim);
    emu_record_call(p, fn, args, &r->o);
    r->ret = fn->ret == SPEC_R_PTR ? emu_mem_to_host(p, r->o.ret) : r->o.ret;
    for (int i = 0; i < fn->param_count; i++)
        r->outputs[i] = fn->params[i].type == SPEC_T_OUT_PTR ? emu_mem_to_host(p, r->o.outputs[i]) : r->o.outputs[i];
    emu_pending pending = {.count = 0};
    emu_take_notes(&pending);
    emu_unlock();
    emu_run_pending(&pending);
    return 0;
}

uint64_t emu_call_ret(spec_fn_row row, const conf_value *args, uint64_t failure) {
    emu_result r;
    return emu_call(row, args, &r) == 0 ? r.ret : failure;
}
