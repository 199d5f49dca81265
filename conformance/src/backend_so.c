/* conformance/src/backend_so.c — a third-party backend library (rtshm/backend.h) behind conf_backend.
 *
 * Loading checks the table's version and size before anything else. Each conf_backend operation
 * translates rtshm's resolved scenario (spec rows, conf_value) into the public, string-named form:
 * the topology as arrays, calls by (api, function) with argv in parameter order. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/backend.h"
#include "conf/steps.h"
#include "rtshm/backend.h"

typedef struct so_world {
    const rtshm_backend *lib;
    void *inner;
    conf_finding_fn finding;
    void *finding_ctx;
    rtshm_note note; /* the last note, which conf_note points into */
} so_world;

static void *so_open(const conf_backend *self, const conf_scenario *sc, uint64_t seed, conf_finding_fn finding,
                     void *ctx, char *err, size_t cap) {
    const rtshm_backend *lib = self->impl;
    so_world *w = calloc(1, sizeof *w);
    rtshm_node *nodes = calloc((size_t)sc->node_count + 1, sizeof *nodes);
    rtshm_kernel *kernels = calloc((size_t)sc->kernel_count + 1, sizeof *kernels);
    rtshm_link *links = calloc((size_t)sc->link_count + 1, sizeof *links);
    rtshm_process *procs = calloc((size_t)sc->process_count + 1, sizeof *procs);
    if (w && nodes && kernels && links && procs) {
        for (int i = 0; i < sc->node_count; i++)
            nodes[i] = (rtshm_node){sc->nodes[i].id, sc->nodes[i].windows, sc->nodes[i].va_limit_bytes};
        for (int i = 0; i < sc->kernel_count; i++) {
            const conf_kernel_spec *k = &sc->kernels[i];
            kernels[i] = (rtshm_kernel){k->id, (int)k->kind, k->node, k->running, k->shares_memory, k->memory_bytes, k->pool_bytes};
        }
        for (int i = 0; i < sc->link_count; i++) links[i] = (rtshm_link){sc->links[i].a, sc->links[i].b, sc->links[i].up};
        for (int i = 0; i < sc->process_count; i++) {
            const conf_process_spec *p = &sc->processes[i];
            procs[i] = (rtshm_process){p->id, (int)p->kind, p->node, p->kernel};
        }
        rtshm_topology topo = {sc->node_count, sc->kernel_count, sc->link_count, sc->process_count,
                               nodes, kernels, links, procs};
        w->lib = lib;
        w->finding = finding;
        w->finding_ctx = ctx;
        err[0] = '\0';
        w->inner = lib->xOpen(&topo, seed, err, cap);
        if (cap) err[cap - 1] = '\0';
        if (w->inner == NULL && err[0] == '\0') snprintf(err, cap, "%s: xOpen failed", lib->zName);
    } else {
        snprintf(err, cap, "out of memory");
    }
    free(nodes);
    free(kernels);
    free(links);
    free(procs);
    if (w && w->inner == NULL) {
        free(w);
        w = NULL;
    }
    return w;
}

static void so_close(void *world) {
    so_world *w = world;
    if (w == NULL) return;
    w->lib->xClose(w->inner);
    free(w);
}

static void so_set_time(void *world, uint64_t vtime_us) {
    (void)world;
    (void)vtime_us; /* events carry their time; calls have none in the public interface */
}

/* Hands the findings of the last operation to rtshm (bounded per step). */
static void drain_findings(so_world *w) {
    if (w->lib->xNextFinding == NULL) return;
    rtshm_finding f;
    for (int n = 0; n < 256; n++) {
        memset(&f, 0, sizeof f);
        if (!w->lib->xNextFinding(w->inner, &f)) return;
        f.kind[sizeof f.kind - 1] = f.clause[sizeof f.clause - 1] = f.detail[sizeof f.detail - 1] = '\0';
        if (w->finding) w->finding(w->finding_ctx, f.kind, f.clause[0] ? f.clause : NULL, f.detail);
    }
}

/* Copies a public outcome into rtshm's. */
static void take_outcome(conf_outcome *out, const rtshm_outcome *o) {
    out->ret = o->ret;
    out->family = (spec_family)o->family;
    out->status = o->status;
    out->has_last_error = o->has_last_error != 0;
    out->last_error = o->last_error;
    memcpy(out->outputs, o->outputs, sizeof out->outputs);
    out->fault = o->fault != 0;
    out->clause = o->clause;
}

static int so_call(void *world, int process, const spec_function *fn, const conf_value *args, conf_outcome *out,
                   char *err, size_t cap) {
    so_world *w = world;
    rtshm_value argv[RTSHM_MAX_ARGS];
    for (int i = 0; i < fn->param_count; i++) {
        const conf_value *v = &args[i];
        if (v->out_valid) argv[i] = (rtshm_value){RTSHM_V_OUT, 0, NULL};
        else if (v->is_null) argv[i] = (rtshm_value){RTSHM_V_NULL, 0, NULL};
        else if (v->string) argv[i] = (rtshm_value){RTSHM_V_STRING, 0, v->string};
        else argv[i] = (rtshm_value){RTSHM_V_NUMBER, v->number, NULL};
    }
    rtshm_outcome o;
    memset(&o, 0, sizeof o);
    memset(out, 0, sizeof *out);
    err[0] = '\0';
    int rc = w->lib->xCall(w->inner, process, spec_api_name(fn->api), fn->name, fn->param_count, argv, &o, err, cap);
    if (cap) err[cap - 1] = '\0'; /* a backend's message may lack its terminator */
    drain_findings(w);
    if (rc != 0) {
        if (err[0] == '\0') snprintf(err, cap, "%s: %s failed", w->lib->zName, fn->name);
        return -1;
    }
    take_outcome(out, &o);
    return 0;
}

/* After xRead/xWrite returned rc with outcome o: the findings it raised, and *out as a memory access's
 * outcome (SIM family: OK, or ACCESS_VIOLATION when it faulted). -1 when the backend failed. */
static int finish_access(so_world *w, int rc, const rtshm_outcome *o, conf_outcome *out) {
    drain_findings(w);
    if (rc != 0) return -1;
    take_outcome(out, o);
    out->family = SPEC_FAMILY_SIM;
    out->status = out->fault ? ST_ACCESS_VIOLATION : ST_OK;
    return 0;
}

static int so_read(void *world, int process, uint64_t va, size_t len, unsigned char *data, conf_outcome *out) {
    so_world *w = world;
    rtshm_outcome o;
    memset(&o, 0, sizeof o);
    memset(out, 0, sizeof *out);
    return finish_access(w, w->lib->xRead(w->inner, process, va, len, data, &o), &o, out);
}

static int so_write(void *world, int process, uint64_t va, const unsigned char *data, size_t len, conf_outcome *out) {
    so_world *w = world;
    rtshm_outcome o;
    memset(&o, 0, sizeof o);
    memset(out, 0, sizeof *out);
    return finish_access(w, w->lib->xWrite(w->inner, process, va, data, len, &o), &o, out);
}

static int so_event(void *world, const conf_step *st, conf_outcome *out, char *err, size_t cap) {
    so_world *w = world;
    rtshm_event ev = {RTSHM_EV_PROCESS_EXIT, st->process, st->kernel, st->link_a, st->link_b, st->vtime_us};
    switch (st->event) {
    case CONF_EVENT_PROCESS_EXIT: ev.kind = RTSHM_EV_PROCESS_EXIT; break;
    case CONF_EVENT_KERNEL_STOP: ev.kind = RTSHM_EV_KERNEL_STOP; break;
    case CONF_EVENT_KERNEL_START: ev.kind = RTSHM_EV_KERNEL_START; break;
    case CONF_EVENT_LINK_DOWN: ev.kind = RTSHM_EV_LINK_DOWN; break;
    case CONF_EVENT_LINK_UP: ev.kind = RTSHM_EV_LINK_UP; break;
    }
    rtshm_outcome o;
    memset(&o, 0, sizeof o);
    memset(out, 0, sizeof *out);
    err[0] = '\0';
    int rc = w->lib->xEvent(w->inner, &ev, &o, err, cap);
    if (cap) err[cap - 1] = '\0';
    drain_findings(w);
    if (rc != 0) {
        if (err[0] == '\0') snprintf(err, cap, "%s: event failed", w->lib->zName);
        return -1;
    }
    take_outcome(out, &o);
    out->family = SPEC_FAMILY_SIM;
    out->status = ST_OK;
    return 0;
}

/* The note is kept in the world; the conf_note points into it until the next call. */
static int so_next_note(void *world, conf_note *note) {
    so_world *w = world;
    if (w->lib->xNextNote == NULL) return 0;
    memset(&w->note, 0, sizeof w->note);
    if (!w->lib->xNextNote(w->inner, &w->note)) return 0;
    w->note.api[sizeof w->note.api - 1] = '\0';
    w->note.function[sizeof w->note.function - 1] = '\0';
    w->note.args_json[sizeof w->note.args_json - 1] = '\0';
    w->note.clause[sizeof w->note.clause - 1] = '\0';
    memset(note, 0, sizeof *note);
    note->process = w->note.process;
    note->api = w->note.api;
    note->function = w->note.function;
    snprintf(note->args, sizeof note->args, "%s", w->note.args_json);
    note->clause = w->note.clause[0] ? w->note.clause : NULL;
    return 1;
}

int conf_backend_load(const char *path, conf_backend *out, char *err, size_t cap) {
    memset(out, 0, sizeof *out);
    void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        snprintf(err, cap, "%s: cannot load: %s", path, dlerror());
        return -1;
    }
    rtshm_backend_entry_fn entry;
    *(void **)&entry = dlsym(handle, RTSHM_BACKEND_ENTRY);
    if (entry == NULL) {
        snprintf(err, cap, "%s: no symbol %s: not an rtshm backend", path, RTSHM_BACKEND_ENTRY);
        dlclose(handle);
        return -1;
    }
    const rtshm_backend *lib = entry();
    if (lib == NULL || lib->iVersion != RTSHM_BACKEND_VERSION || lib->szBackend != (int)sizeof(rtshm_backend)) {
        snprintf(err, cap, "%s: backend interface version %d (table size %d); this rtshm speaks version %d (size %d)",
                 path, lib ? lib->iVersion : -1, lib ? lib->szBackend : -1, RTSHM_BACKEND_VERSION, (int)sizeof(rtshm_backend));
        dlclose(handle);
        return -1;
    }
    if (!lib->xOpen || !lib->xClose || !lib->xCall || !lib->xRead || !lib->xWrite || !lib->xEvent || !lib->zName) {
        snprintf(err, cap, "%s: backend table lacks a required operation", path);
        dlclose(handle);
        return -1;
    }
    *out = (conf_backend){lib->zName, lib, lib->families, lib->events, so_open, so_close, so_set_time,
                          so_call, so_read, so_write, so_event, so_next_note};
    return 0;
}

static unsigned family_bit(spec_api api) {
    switch (api) {
    case SPEC_API_NTX: return RTSHM_FAMILY_NTX;
    case SPEC_API_RT: return RTSHM_FAMILY_RT;
    case SPEC_API_IWIN32: return RTSHM_FAMILY_IWIN32;
    case SPEC_API_RTX64: return RTSHM_FAMILY_RTX64;
    case SPEC_API_RTK: return RTSHM_FAMILY_RTK;
    default: return 0;
    }
}

bool conf_backend_unsupported(const conf_backend *be, const conf_scenario *sc, char *why, size_t cap) {
    conf_step_reader *r;
    char err[512];
    if (conf_steps_open(sc, &r, err, sizeof err) != 0) return false; /* the run reports the error */
    const conf_step *st;
    bool unsupported = false;
    while (!unsupported && conf_steps_next(r, &st, err, sizeof err) == 1) {
        if (st->kind == CONF_STEP_CALL && !(be->families & family_bit(st->fn->api))) {
            snprintf(why, cap, "%s does not support the %s family (step %d: %s)", be->name, spec_api_name(st->fn->api),
                     st->index, st->fn->name);
            unsupported = true;
        }
        if (st->kind != CONF_STEP_EVENT) continue;
        unsigned need = st->event == CONF_EVENT_PROCESS_EXIT                                      ? RTSHM_EVENT_PROCESS_EXIT
                        : st->event == CONF_EVENT_KERNEL_STOP || st->event == CONF_EVENT_KERNEL_START ? RTSHM_EVENT_KERNEL_STOP
                                                                                                  : RTSHM_EVENT_LINK;
        if (!(be->events & need)) {
            static const char *const names[] = {"process.exit", "kernel.stop", "kernel.start", "link.down", "link.up"};
            snprintf(why, cap, "%s does not support the event %s (step %d)", be->name, names[st->event], st->index);
            unsupported = true;
        }
    }
    conf_steps_close(r);
    return unsupported;
}
