/* conformance/src/backend_drive.c — the one driver of every backend (conf/backend.h): a world of a
 * bound rtshm_backend table, in process (the reference) or loaded from a library alike.
 *
 * It translates the runner's resolved scenario into the public, string-named form and the answers
 * back: the topology as arrays (in file order, so indices match), calls by (api, function) with argv
 * in parameter order, events with their virtual time. After each operation it hands the findings the
 * backend queued to the runner's sink, in order. A backend's strings are not trusted to be terminated:
 * every message, finding and note is cut at its buffer's end. When a backend fails without a message,
 * the driver writes one naming the backend and the operation (xRead and xWrite have no err in
 * interface v1, so theirs always comes from here). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/backend.h"

_Static_assert((int)RTSHM_EV_PROCESS_EXIT == (int)CONF_EVENT_PROCESS_EXIT && (int)RTSHM_EV_KERNEL_STOP == (int)CONF_EVENT_KERNEL_STOP &&
                   (int)RTSHM_EV_KERNEL_START == (int)CONF_EVENT_KERNEL_START &&
                   (int)RTSHM_EV_LINK_DOWN == (int)CONF_EVENT_LINK_DOWN && (int)RTSHM_EV_LINK_UP == (int)CONF_EVENT_LINK_UP,
               "event kinds agree");
_Static_assert((int)CONF_PROC_WINDOWS == 0 && (int)CONF_PROC_RT == 1 && (int)CONF_PROC_DRIVER == 2,
               "process kinds are rtshm_process.kind's");
_Static_assert(RTSHM_MAX_ARGS == SPEC_MAX_PARAMS, "a call's arguments and outputs fit the public arrays");

/* Findings taken from one operation at most: a backend whose xNextFinding never says 0 cannot hang the
 * run (the runner keeps RUN_MAX_FINDINGS_PER_STEP and counts the rest). */
#define DRIVE_MAX_FINDINGS_PER_OPERATION (1 << 20)

struct conf_world {
    const rtshm_backend *table;
    const char *name;
    void *inner;              /* the backend's world */
    int process_count;        /* the scenario's processes */
    const char *api_names[SPEC_API_COUNT]; /* spec_api_name of each family, as xCall takes them */
    conf_finding_fn finding;
    void *finding_ctx;
    rtshm_note note;          /* the last note, which conf_note points into */
};

/* Formats "<backend>: <operation> failed without a message" into err unless the backend left one. */
static void name_failure(const conf_world *w, const char *operation, char *err, size_t cap) {
    if (cap == 0 || err[0] != '\0') return;
    snprintf(err, cap, "%s: %s failed without a message", w->name, operation);
}

conf_world *conf_world_open(const conf_backend *be, const conf_scenario *sc, uint64_t seed, conf_finding_fn finding,
                            void *ctx, char *err, size_t cap) {
    conf_world *w = calloc(1, sizeof *w);
    rtshm_node *nodes = calloc((size_t)sc->node_count + 1, sizeof *nodes);
    rtshm_kernel *kernels = calloc((size_t)sc->kernel_count + 1, sizeof *kernels);
    rtshm_link *links = calloc((size_t)sc->link_count + 1, sizeof *links);
    rtshm_process *procs = calloc((size_t)sc->process_count + 1, sizeof *procs);
    if (w && nodes && kernels && links && procs) {
        for (int i = 0; i < sc->node_count; i++)
            nodes[i] = (rtshm_node){sc->nodes[i].id, sc->nodes[i].windows, sc->nodes[i].va_limit_bytes};
        for (int i = 0; i < sc->kernel_count; i++) {
            const conf_kernel_spec *k = &sc->kernels[i];
            kernels[i] = (rtshm_kernel){k->id, (int)k->kind, k->node, k->running, k->shares_memory, k->memory_bytes,
                                        k->pool_bytes};
        }
        for (int i = 0; i < sc->link_count; i++) links[i] = (rtshm_link){sc->links[i].a, sc->links[i].b, sc->links[i].up};
        for (int i = 0; i < sc->process_count; i++) {
            const conf_process_spec *p = &sc->processes[i];
            procs[i] = (rtshm_process){p->id, (int)p->kind, p->node, p->kernel};
        }
        rtshm_topology topo = {sc->node_count, sc->kernel_count, sc->link_count, sc->process_count,
                               nodes, kernels, links, procs};
        *w = (conf_world){be->table, be->name, NULL, sc->process_count, {NULL}, finding, ctx, {0}};
        for (int i = 0; i < SPEC_API_COUNT; i++) w->api_names[i] = spec_api_name((spec_api)i);
        if (cap) err[0] = '\0';
        w->inner = be->table->xOpen(&topo, seed, err, cap);
        if (cap) err[cap - 1] = '\0';
        if (w->inner == NULL) name_failure(w, "xOpen", err, cap);
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

void conf_world_close(conf_world *w) {
    if (w == NULL) return;
    w->table->xClose(w->inner);
    free(w);
}

/* Hands the findings of the last operation to the sink, in order (see DRIVE_MAX_FINDINGS_PER_OPERATION). */
static void drain_findings(conf_world *w) {
    if (w->table->xNextFinding == NULL) return;
    rtshm_finding f;
    for (int n = 0; n < DRIVE_MAX_FINDINGS_PER_OPERATION; n++) {
        f.kind[0] = f.clause[0] = f.detail[0] = '\0';
        if (!w->table->xNextFinding(w->inner, &f)) return;
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

int conf_world_call(conf_world *w, int process, const spec_function *fn, const conf_value *args, conf_outcome *out,
                    char *err, size_t cap) {
    rtshm_value argv[RTSHM_MAX_ARGS];
    int argc = fn->param_count;
    for (int i = 0; i < argc; i++) {
        const conf_value *v = &args[i];
        if (v->out_valid) argv[i] = (rtshm_value){RTSHM_V_OUT, 0, NULL};
        else if (v->is_null) argv[i] = (rtshm_value){RTSHM_V_NULL, 0, NULL};
        else if (v->string) argv[i] = (rtshm_value){RTSHM_V_STRING, 0, v->string};
        else argv[i] = (rtshm_value){RTSHM_V_NUMBER, v->number, NULL};
    }
    rtshm_outcome o;
    memset(&o, 0, sizeof o);
    if (cap) err[0] = '\0';
    const char *api = (unsigned)fn->api < SPEC_API_COUNT ? w->api_names[fn->api] : "";
    int rc = w->table->xCall(w->inner, process, api, fn->name, argc, argv, &o, err, cap);
    if (cap) err[cap - 1] = '\0';
    drain_findings(w);
    if (rc != 0) {
        memset(out, 0, sizeof *out);
        char operation[96];
        snprintf(operation, sizeof operation, "xCall %s", fn->name);
        name_failure(w, operation, err, cap);
        return -1;
    }
    take_outcome(out, &o);
    return 0;
}

/* After xRead/xWrite (`operation`) returned rc with outcome o: the findings it raised, and *out as a
 * memory access's outcome (SIM family: OK, or ACCESS_VIOLATION when it faulted). -1 when it failed. */
static int finish_access(conf_world *w, const char *operation, int rc, const rtshm_outcome *o, conf_outcome *out,
                         char *err, size_t cap) {
    drain_findings(w);
    if (rc != 0) {
        memset(out, 0, sizeof *out);
        if (cap) err[0] = '\0';
        name_failure(w, operation, err, cap);
        return -1;
    }
    take_outcome(out, o);
    out->family = SPEC_FAMILY_SIM;
    out->status = out->fault ? ST_ACCESS_VIOLATION : ST_OK;
    return 0;
}

int conf_world_read(conf_world *w, int process, uint64_t va, size_t len, unsigned char *data, conf_outcome *out,
                    char *err, size_t cap) {
    rtshm_outcome o;
    memset(&o, 0, sizeof o);
    int rc = w->table->xRead(w->inner, process, va, len, data, &o);
    return finish_access(w, "xRead", rc, &o, out, err, cap);
}

int conf_world_write(conf_world *w, int process, uint64_t va, const unsigned char *data, size_t len, conf_outcome *out,
                     char *err, size_t cap) {
    rtshm_outcome o;
    memset(&o, 0, sizeof o);
    int rc = w->table->xWrite(w->inner, process, va, data, len, &o);
    return finish_access(w, "xWrite", rc, &o, out, err, cap);
}

int conf_world_event(conf_world *w, const conf_step *st, conf_outcome *out, char *err, size_t cap) {
    rtshm_event ev = {(rtshm_event_kind)st->event, st->process, st->kernel, st->link_a, st->link_b, st->vtime_us};
    rtshm_outcome o;
    memset(&o, 0, sizeof o);
    if (cap) err[0] = '\0';
    int rc = w->table->xEvent(w->inner, &ev, &o, err, cap);
    if (cap) err[cap - 1] = '\0';
    drain_findings(w);
    if (rc != 0) {
        memset(out, 0, sizeof *out);
        name_failure(w, "xEvent", err, cap);
        return -1;
    }
    take_outcome(out, &o);
    out->family = SPEC_FAMILY_SIM;
    out->status = ST_OK;
    return 0;
}

/* The note is kept in the world; the conf_note points into it until the next call. A process index out
 * of the scenario's range is taken as none (-1): the recorder looks it up. */
int conf_world_next_note(conf_world *w, conf_note *note) {
    if (w->table->xNextNote == NULL) return 0;
    rtshm_note *n = &w->note;
    n->api[0] = n->function[0] = n->args_json[0] = n->clause[0] = '\0';
    n->process = -1;
    if (!w->table->xNextNote(w->inner, n)) return 0;
    n->api[sizeof n->api - 1] = '\0';
    n->function[sizeof n->function - 1] = '\0';
    n->args_json[sizeof n->args_json - 1] = '\0';
    n->clause[sizeof n->clause - 1] = '\0';
    note->process = n->process >= 0 && n->process < w->process_count ? n->process : -1;
    note->api = n->api;
    note->function = n->function;
    snprintf(note->args, sizeof note->args, "%s", n->args_json);
    note->clause = n->clause[0] ? n->clause : NULL;
    return 1;
}
