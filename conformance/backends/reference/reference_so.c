/* conformance/backends/reference/reference_so.c — the reference model as a backend library
 * (rtshm/backend.h), and, built with RTSHM_MUTANT_<NAME> defined, the deliberately wrong backends the
 * corpus must catch (mutation testing: `rtshm validate` must FAIL every one of them).
 *
 * The library translates the public interface back into rtshm's internal one: a conf_scenario holding
 * only the topology for the world, spec rows for calls, conf_step records for events. Running the
 * corpus through it gives the same canonical trace as the in-process reference, which proves the
 * public interface carries everything a step needs. Each mutant changes one documented behaviour at
 * this boundary and nothing else. */
#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/backend.h"
#include "rtshm/backend.h"
#include "spec/constants.h"
#include "spec/functions.h"
#include "spec/status.h"
#include "spec/clause_ids.h"

#if defined(RTSHM_MUTANT_CASE_INSENSITIVE)
#define BACKEND_NAME "mutant: case-insensitive names"
#elif defined(RTSHM_MUTANT_NO_ALREADY_EXISTS)
#define BACKEND_NAME "mutant: ERROR_ALREADY_EXISTS never reported"
#elif defined(RTSHM_MUTANT_NO_E_LOCATION)
#define BACKEND_NAME "mutant: no E_LOCATION (reports E_NTX_INTERNAL_ERROR)"
#elif defined(RTSHM_MUTANT_NO_NTX_CACHE)
#define BACKEND_NAME "mutant: no NTX pointer cache"
#elif defined(RTSHM_MUTANT_UNMAP_KEEPS_VIEW)
#define BACKEND_NAME "mutant: unmap does not invalidate"
#elif defined(RTSHM_MUTANT_DETACHED_INSTANCE_ACCEPTED)
#define BACKEND_NAME "mutant: detached RTSS instance accepted"
#elif defined(RTSHM_MUTANT_LAST_CLOSE_KEEPS_OBJECT)
#define BACKEND_NAME "mutant: last close does not destroy"
#elif defined(RTSHM_MUTANT_WRITE_ON_READONLY)
#define BACKEND_NAME "mutant: write access on a read-only object"
#elif defined(RTSHM_MUTANT_HANDLES_KEPT_AFTER_EXIT)
#define BACKEND_NAME "mutant: handles kept after process exit"
#elif defined(RTSHM_MUTANT_UNDOCUMENTED_STATUS)
#define BACKEND_NAME "mutant: undocumented status (ERROR_PATH_NOT_FOUND)"
#elif defined(RTSHM_MUTANT_READONLY_MAPEX_WRITABLE)
#define BACKEND_NAME "mutant: read-only MapEx views writable"
#elif defined(RTSHM_MUTANT_CRASH_ON_CLOSE)
#define BACKEND_NAME "broken: segfaults in CloseHandle"
#elif defined(RTSHM_MUTANT_HANG_ON_GETLASTERROR)
#define BACKEND_NAME "broken: loops forever in GetLastError"
#elif defined(RTSHM_MUTANT_WRONG_VERSION)
#define BACKEND_NAME "broken: interface version 99"
#else
#define BACKEND_NAME "reference (as a backend library)"
#endif

#define MAX_PENDING_FINDINGS 256

typedef struct world {
    conf_scenario topo;      /* only the topology and processes are filled */
    void *inner;             /* the reference world */
    const conf_backend *ref;
    rtshm_finding pending[MAX_PENDING_FINDINGS]; /* findings of the last operation, in order */
    int pending_count, pending_next;
} world;

/* The reference's finding sink: queue it for xNextFinding. */
static void keep_finding(void *ctx, const char *kind, const char *clause, const char *detail) {
    world *w = ctx;
    if (w->pending_count >= MAX_PENDING_FINDINGS) return;
    rtshm_finding *f = &w->pending[w->pending_count++];
    snprintf(f->kind, sizeof f->kind, "%s", kind);
    snprintf(f->clause, sizeof f->clause, "%s", clause ? clause : "");
    snprintf(f->detail, sizeof f->detail, "%s", detail);
}

/* A new operation starts: findings not collected before are dropped. */
static void new_operation(world *w) {
    w->pending_count = w->pending_next = 0;
}

static int x_next_finding(void *ptr, rtshm_finding *finding) {
    world *w = ptr;
    if (w->pending_next >= w->pending_count) return 0;
    *finding = w->pending[w->pending_next++];
    return 1;
}

static void free_world(world *w) {
    free(w->topo.nodes);
    free(w->topo.kernels);
    free(w->topo.links);
    free(w->topo.processes);
    free(w);
}

static void *x_open(const rtshm_topology *t, uint64_t seed, char *err, size_t cap) {
    world *w = calloc(1, sizeof *w);
    if (w == NULL) return NULL;
    w->ref = conf_backend_reference();
    conf_scenario *sc = &w->topo;
    sc->nodes = calloc((size_t)t->node_count + 1, sizeof *sc->nodes);
    sc->kernels = calloc((size_t)t->kernel_count + 1, sizeof *sc->kernels);
    sc->links = calloc((size_t)t->link_count + 1, sizeof *sc->links);
    sc->processes = calloc((size_t)t->process_count + 1, sizeof *sc->processes);
    if (!sc->nodes || !sc->kernels || !sc->links || !sc->processes) {
        free_world(w);
        snprintf(err, cap, "out of memory");
        return NULL;
    }
    /* ids are borrowed from the topology: the reference copies what it keeps */
    for (int i = 0; i < t->node_count; i++)
        sc->nodes[i] = (conf_node_spec){(char *)t->nodes[i].id, t->nodes[i].windows != 0, t->nodes[i].va_limit_bytes, 4096};
    for (int i = 0; i < t->kernel_count; i++) {
        const rtshm_kernel *k = &t->kernels[i];
        sc->kernels[i] = (conf_kernel_spec){(char *)k->id, (conf_kernel_kind)k->kind, k->running != 0, k->node, k->shares_memory != 0,
                                            k->memory_bytes, k->iwin32_pool_bytes};
    }
    for (int i = 0; i < t->link_count; i++) sc->links[i] = (conf_link_spec){t->links[i].a, t->links[i].b, t->links[i].up != 0};
    for (int i = 0; i < t->process_count; i++) {
        const rtshm_process *p = &t->processes[i];
        sc->processes[i] = (conf_process_spec){(char *)p->id, (conf_process_kind)p->kind, p->node, p->kernel};
    }
    sc->node_count = t->node_count;
    sc->kernel_count = t->kernel_count;
    sc->link_count = t->link_count;
    sc->process_count = t->process_count;
    w->inner = w->ref->open(w->ref, sc, seed, keep_finding, w, err, cap);
    if (w->inner == NULL) {
        free_world(w);
        return NULL;
    }
    return w;
}

static void x_close(void *ptr) {
    world *w = ptr;
    w->ref->close(w->inner);
    free_world(w);
}

static void give_outcome(rtshm_outcome *out, const conf_outcome *o) {
    out->ret = o->ret;
    out->family = (uint32_t)o->family;
    out->status = o->status;
    out->has_last_error = o->has_last_error;
    out->last_error = o->last_error;
    memcpy(out->outputs, o->outputs, sizeof out->outputs);
    out->fault = o->fault;
    out->clause = o->clause;
}

/* Calls the reference with public arguments. */
static int ref_call(world *w, int process, const spec_function *fn, const rtshm_value *argv, conf_outcome *o,
                    char *err, size_t cap) {
    conf_value vals[SPEC_MAX_PARAMS];
    memset(vals, 0, sizeof vals);
    for (int i = 0; i < fn->param_count; i++) {
        vals[i].is_null = argv[i].kind == RTSHM_V_NULL;
        vals[i].out_valid = argv[i].kind == RTSHM_V_OUT;
        vals[i].string = argv[i].kind == RTSHM_V_STRING ? argv[i].string : NULL;
        vals[i].number = argv[i].number;
    }
    return w->ref->call(w->inner, process, fn, vals, o, err, cap);
}

static int x_call(void *ptr, int process, const char *api, const char *function, int argc, const rtshm_value *argv,
                  rtshm_outcome *out, char *err, size_t cap) {
    world *w = ptr;
    spec_api family;
    const spec_function *fn = spec_api_by_name(api, &family) ? spec_function_find(family, function) : NULL;
    if (fn == NULL || argc != fn->param_count) {
        snprintf(err, cap, "%s: no function %s:%s with %d arguments", BACKEND_NAME, api, function, argc);
        return -1;
    }
    new_operation(w);
    rtshm_value args[RTSHM_MAX_ARGS];
    memcpy(args, argv, sizeof(rtshm_value) * (size_t)argc);
    conf_outcome o;
#if defined(RTSHM_MUTANT_CASE_INSENSITIVE)
    char lowered[RTSHM_MAX_ARGS][512];
    for (int i = 0; i < argc; i++) {
        if (args[i].kind != RTSHM_V_STRING) continue;
        snprintf(lowered[i], sizeof lowered[i], "%s", args[i].string);
        for (char *c = lowered[i]; *c; c++) *c = (char)tolower((unsigned char)*c);
        args[i].string = lowered[i];
    }
#elif defined(RTSHM_MUTANT_NO_NTX_CACHE)
    if (strncmp(function, "ntxMapRtSharedMemory", 20) == 0) { /* forget any cached mapping first */
        const spec_function *unmap = spec_function_find(SPEC_API_NTX, "ntxUnmapRtSharedMemory");
        conf_outcome ignored;
        char e[64];
        ref_call(w, process, unmap, args, &ignored, e, sizeof e);
    }
#elif defined(RTSHM_MUTANT_UNMAP_KEEPS_VIEW)
    if (strcmp(function, "ntxUnmapRtSharedMemory") == 0 || strcmp(function, "RtUnmapSharedMemory") == 0 ||
        strcmp(function, "RtkUnMapSharedMemory") == 0) {
        memset(out, 0, sizeof *out);
        out->family = fn->status_family;
        out->ret = fn->status_family == SPEC_FAMILY_WIN32 ? 1 : 0; /* TRUE, E_OK, STATUS_SUCCESS */
        out->has_last_error = fn->status_family != SPEC_FAMILY_NTSTATUS;
        return 0;
    }
#elif defined(RTSHM_MUTANT_DETACHED_INSTANCE_ACCEPTED)
    if (strcmp(function, "RtkRtssDetach") == 0) {
        memset(out, 0, sizeof *out);
        out->family = SPEC_FAMILY_NTSTATUS;
        return 0;
    }
#elif defined(RTSHM_MUTANT_LAST_CLOSE_KEEPS_OBJECT)
    if (strcmp(function, "CloseHandle") == 0 || strcmp(function, "RtCloseHandle") == 0 ||
        strcmp(function, "RtkCloseHandle") == 0) {
        memset(out, 0, sizeof *out);
        out->family = fn->status_family;
        out->ret = fn->status_family == SPEC_FAMILY_WIN32 ? 1 : 0;
        out->has_last_error = fn->status_family != SPEC_FAMILY_NTSTATUS;
        return 0;
    }
#elif defined(RTSHM_MUTANT_READONLY_MAPEX_WRITABLE)
    if (strcmp(function, "ntxMapRtSharedMemoryEx") == 0) args[1].number |= K_NTX_MAP_WRITE;
#elif defined(RTSHM_MUTANT_CRASH_ON_CLOSE)
    if (strcmp(function, "CloseHandle") == 0) raise(SIGSEGV);
#elif defined(RTSHM_MUTANT_HANG_ON_GETLASTERROR)
    if (strcmp(function, "GetLastError") == 0)
        for (volatile unsigned long spin = 0;; spin++) continue; /* the harness's --timeout ends this */
#endif
    if (ref_call(w, process, fn, args, &o, err, cap) != 0) return -1;
#if defined(RTSHM_MUTANT_NO_ALREADY_EXISTS)
    if (o.status == ST_ERROR_ALREADY_EXISTS && o.family == SPEC_FAMILY_WIN32) o.status = ST_ERROR_SUCCESS;
    if (o.last_error == ST_ERROR_ALREADY_EXISTS && o.family == SPEC_FAMILY_WIN32) o.last_error = ST_ERROR_SUCCESS;
#elif defined(RTSHM_MUTANT_NO_E_LOCATION)
    if (o.family == SPEC_FAMILY_INTIME && o.status == ST_E_LOCATION) o.status = o.last_error = ST_E_NTX_INTERNAL_ERROR;
#elif defined(RTSHM_MUTANT_WRITE_ON_READONLY)
    if (strcmp(function, "RtkOpenSharedMemory") == 0 && o.status == ST_STATUS_INVALID_PARAMETER && o.clause &&
        strcmp(o.clause, CL_RTK_OPEN_WRITE_NEEDS_RW) == 0) {
        args[2].number = K_SHM_MAP_READ; /* grant it anyway */
        if (ref_call(w, process, fn, args, &o, err, cap) != 0) return -1;
    }
#elif defined(RTSHM_MUTANT_UNDOCUMENTED_STATUS)
    if (o.family == SPEC_FAMILY_WIN32 && o.status == ST_ERROR_FILE_NOT_FOUND) o.status = o.last_error = ST_ERROR_PATH_NOT_FOUND;
#endif
    give_outcome(out, &o);
    out->clause = NULL; /* a backend's own reasons are advice; the reference's decide */
    return 0;
}

static int x_read(void *ptr, int process, uint64_t address, size_t len, unsigned char *data, rtshm_outcome *out) {
    world *w = ptr;
    new_operation(w);
    conf_outcome o;
    if (w->ref->read(w->inner, process, address, len, data, &o) != 0) return -1;
    give_outcome(out, &o);
    return 0;
}

static int x_write(void *ptr, int process, uint64_t address, const unsigned char *data, size_t len, rtshm_outcome *out) {
    world *w = ptr;
    new_operation(w);
    conf_outcome o;
    if (w->ref->write(w->inner, process, address, data, len, &o) != 0) return -1;
    give_outcome(out, &o);
    return 0;
}

static int x_event(void *ptr, const rtshm_event *ev, rtshm_outcome *out, char *err, size_t cap) {
    world *w = ptr;
    new_operation(w);
    conf_step st;
    memset(&st, 0, sizeof st);
    st.kind = CONF_STEP_EVENT;
    st.vtime_us = ev->vtime_us;
    st.process = ev->process;
    st.kernel = ev->kernel;
    st.link_a = ev->node_a;
    st.link_b = ev->node_b;
    switch (ev->kind) {
    case RTSHM_EV_PROCESS_EXIT: st.event = CONF_EVENT_PROCESS_EXIT; break;
    case RTSHM_EV_KERNEL_STOP: st.event = CONF_EVENT_KERNEL_STOP; break;
    case RTSHM_EV_KERNEL_START: st.event = CONF_EVENT_KERNEL_START; break;
    case RTSHM_EV_LINK_DOWN: st.event = CONF_EVENT_LINK_DOWN; break;
    case RTSHM_EV_LINK_UP: st.event = CONF_EVENT_LINK_UP; break;
    }
    conf_outcome o;
    memset(&o, 0, sizeof o);
#if defined(RTSHM_MUTANT_HANDLES_KEPT_AFTER_EXIT)
    if (st.event == CONF_EVENT_PROCESS_EXIT) { /* the process "exits" but keeps its handles */
        memset(out, 0, sizeof *out);
        out->family = RTSHM_STATUS_SIM;
        return 0;
    }
#endif
    w->ref->set_time(w->inner, ev->vtime_us);
    if (w->ref->event(w->inner, &st, &o, err, cap) != 0) return -1;
    give_outcome(out, &o);
    return 0;
}

static int x_next_note(void *ptr, rtshm_note *note) {
    world *w = ptr;
    conf_note n;
    if (!w->ref->next_note(w->inner, &n)) return 0;
    memset(note, 0, sizeof *note);
    note->process = n.process;
    snprintf(note->api, sizeof note->api, "%s", n.api);
    snprintf(note->function, sizeof note->function, "%s", n.function);
    snprintf(note->args_json, sizeof note->args_json, "%s", n.args);
    snprintf(note->clause, sizeof note->clause, "%s", n.clause ? n.clause : "");
    return 1;
}

static const rtshm_backend backend = {
#if defined(RTSHM_MUTANT_WRONG_VERSION)
    99,
#else
    RTSHM_BACKEND_VERSION,
#endif
    (int)sizeof(rtshm_backend),
    BACKEND_NAME,
    RTSHM_FAMILY_NTX | RTSHM_FAMILY_RT | RTSHM_FAMILY_IWIN32 | RTSHM_FAMILY_RTX64 | RTSHM_FAMILY_RTK,
    RTSHM_EVENT_PROCESS_EXIT | RTSHM_EVENT_KERNEL_STOP | RTSHM_EVENT_LINK,
    x_open,
    x_close,
    x_call,
    x_read,
    x_write,
    x_event,
    x_next_note,
    x_next_finding,
};

__attribute__((visibility("default"))) const rtshm_backend *rtshm_backend_entry(void) {
    return &backend;
}
