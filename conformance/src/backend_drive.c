/* conformance/src/backend_drive.c — the one driver of every backend (conf/backend.h): a world of a
 * bound rtshm_backend table, in process (the reference) or loaded from a library alike.
 *
 * It translates the runner's resolved scenario into the public, string-named form and the answers
 * back: the topology as arrays (in file order, so indices match), calls by (api, function) with argv
 * in parameter order, events with their virtual time. After each operation it checks the outcome
 * (backend_check.h), hands the findings the backend queued to the runner's sink, in order, and takes
 * the notes it raised into the world's list, each checked: anything that breaks the interface fails
 * the operation with "<backend>: <operation>: <field> ...". A backend's messages are not trusted to be
 * terminated: each is cut at its buffer's end. When a backend fails without a message, the driver
 * writes one naming the backend and the operation (xRead and xWrite have no err in the interface, so
 * theirs always comes from here). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend_check.h"
#include "backend_ref.h"
#include "conf/backend.h"
#include "conf/exec.h"

_Static_assert((int)RTSHM_EV_PROCESS_EXIT == (int)CONF_EVENT_PROCESS_EXIT && (int)RTSHM_EV_KERNEL_STOP == (int)CONF_EVENT_KERNEL_STOP &&
                   (int)RTSHM_EV_KERNEL_START == (int)CONF_EVENT_KERNEL_START &&
                   (int)RTSHM_EV_LINK_DOWN == (int)CONF_EVENT_LINK_DOWN && (int)RTSHM_EV_LINK_UP == (int)CONF_EVENT_LINK_UP,
               "event kinds agree");
_Static_assert((int)CONF_PROC_WINDOWS == 0 && (int)CONF_PROC_RT == 1 && (int)CONF_PROC_DRIVER == 2,
               "process kinds are rtshm_process.kind's");
_Static_assert(RTSHM_MAX_ARGS == SPEC_MAX_PARAMS, "a call's arguments and outputs fit the public arrays");

/* A note as taken and checked: what conf_note points into. */
typedef struct drive_note {
    int process;
    char api[16], function[64], args[256];
    const char *clause;       /* the catalogue's string, or NULL */
} drive_note;

struct conf_world {
    const rtshm_backend *table;
    const char *name;
    void *inner;              /* the backend's world */
    int process_count;        /* the scenario's processes */
    const char *api_names[SPEC_API_COUNT]; /* spec_api_name of each family, as xCall takes them */
    conf_finding_fn finding;
    void *finding_ctx;
    drive_note *notes;        /* the notes of the last operation, checked */
    const char *op, *op_function; /* the current operation ("xCall") and its function (or NULL), for messages */
    bcheck_cache clauses;     /* clause pointers the backend returned, checked */
    int note_count, note_next, note_cap;
};

/* The operation about to run (its name and, for xCall, the function), for the messages below: set per
 * operation, formatted only when one is written. */
static void begin(conf_world *w, const char *op, const char *function) {
    w->op = op;
    w->op_function = function;
}

/* Formats "<backend>: <operation> failed without a message" into err unless the backend left one. */
static void name_failure(const conf_world *w, char *err, size_t cap) {
    if (cap == 0 || err[0] != '\0') return;
    snprintf(err, cap, "%s: %s%s%s failed without a message", w->name, w->op, w->op_function ? " " : "",
             w->op_function ? w->op_function : "");
}

/* Writes "<backend>: <operation>: <why>" into err; returns -1. */
static int refuse(const conf_world *w, const char *why, char *err, size_t cap) {
    snprintf(err, cap, "%s: %s%s%s: %s", w->name, w->op, w->op_function ? " " : "", w->op_function ? w->op_function : "",
             why);
    return -1;
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
        *w = (conf_world){.table = be->table, .name = be->name, .process_count = sc->process_count,
                          .finding = finding, .finding_ctx = ctx};
        for (int i = 0; i < SPEC_API_COUNT; i++) w->api_names[i] = spec_api_name((spec_api)i);
        if (cap) err[0] = '\0';
        begin(w, "xOpen", NULL);
        w->inner = be->table->xOpen(&topo, seed, err, cap);
        if (cap) err[cap - 1] = '\0';
        if (w->inner == NULL) name_failure(w, err, cap);
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

void *conf_world_inner(const conf_world *w) { return w ? w->inner : NULL; }

void conf_world_close(conf_world *w) {
    if (w == NULL) return;
    w->table->xClose(w->inner);
    free(w->notes);
    free(w);
}

/* Hands the findings of the last operation to the sink, in order, each checked; at most
 * RTSHM_MAX_FINDINGS. Returns 0, or -1 with "<backend>: <operation>: ..." in err. */
static int drain_findings(conf_world *w, char *err, size_t cap) {
    if (w->table->xNextFinding == NULL) return 0;
    rtshm_finding f;
    char why[256];
    for (int n = 0; n <= RTSHM_MAX_FINDINGS; n++) {
        f.kind[0] = f.clause[0] = f.detail[0] = '\0'; /* what the backend does not write is "" */
        int more = w->table->xNextFinding(w->inner, &f);
        if (more == 0) return 0;
        if (more != 1) {
            snprintf(why, sizeof why, "xNextFinding returned %d (expected 1 or 0)", more);
            return refuse(w, why, err, cap);
        }
        if (n == RTSHM_MAX_FINDINGS) break;
        const char *clause;
        if (!bcheck_finding(&f, &clause, why, sizeof why)) return refuse(w, why, err, cap);
        if (w->finding) w->finding(w->finding_ctx, f.kind, clause, f.detail);
    }
    snprintf(why, sizeof why, "xNextFinding did not end after %d findings (the bound)", RTSHM_MAX_FINDINGS);
    return refuse(w, why, err, cap);
}

/* Takes the notes the last operation raised into w->notes, each checked; at most RTSHM_MAX_NOTES.
 * Returns 0, or -1 with "<backend>: <operation>: ..." in err. */
static int take_notes(conf_world *w, char *err, size_t cap) {
    w->note_count = w->note_next = 0;
    if (w->table->xNextNote == NULL) return 0;
    rtshm_note n;
    char why[256];
    for (;;) {
        n.api[0] = n.function[0] = n.args_json[0] = n.clause[0] = '\0';
        n.process = -1;
        int more = w->table->xNextNote(w->inner, &n);
        if (more == 0) return 0;
        if (more != 1) {
            snprintf(why, sizeof why, "xNextNote returned %d (expected 1 or 0)", more);
            return refuse(w, why, err, cap);
        }
        if (w->note_count == RTSHM_MAX_NOTES) {
            snprintf(why, sizeof why, "xNextNote did not end after %d notes (the bound)", RTSHM_MAX_NOTES);
            return refuse(w, why, err, cap);
        }
        const char *clause;
        if (!bcheck_note(&n, w->process_count, &clause, why, sizeof why)) return refuse(w, why, err, cap);
        if (w->note_count == w->note_cap) {
            int grown_cap = w->note_cap ? 2 * w->note_cap : 8;
            drive_note *grown = realloc(w->notes, (size_t)grown_cap * sizeof *grown);
            if (grown == NULL) return refuse(w, "out of memory taking its notes", err, cap);
            w->notes = grown;
            w->note_cap = grown_cap;
        }
        drive_note *d = &w->notes[w->note_count++];
        d->process = n.process;
        memcpy(d->api, n.api, sizeof d->api);
        memcpy(d->function, n.function, sizeof d->function);
        memcpy(d->args, n.args_json, sizeof d->args);
        d->clause = clause;
    }
}

/* After the current operation (of kind op; for calls fn and argv) returned rc with outcome o: the
 * backend's failure, or o checked into *out, then its findings and notes. 0, or -1 with err. */
static int finish(conf_world *w, int rc, bcheck_op op, const spec_function *fn,
                  const rtshm_value *argv, const rtshm_outcome *o, conf_outcome *out, char *err, size_t cap) {
    memset(out, 0, sizeof *out);
    w->note_count = w->note_next = 0;
    if (rc != 0) { /* the scenario ends here: the operation's findings and notes are not taken */
        name_failure(w, err, cap);
        return -1;
    }
    char why[256];
    if (!bcheck_outcome(op, fn, argv, o, &w->clauses, out, why, sizeof why)) {
        memset(out, 0, sizeof *out);
        return refuse(w, why, err, cap);
    }
    if (drain_findings(w, err, cap) != 0 || take_notes(w, err, cap) != 0) {
        memset(out, 0, sizeof *out);
        return -1;
    }
    return 0;
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
    begin(w, "xCall", fn->name);
    int rc = w->table->xCall(w->inner, process, api, fn->name, argc, argv, &o, err, cap);
    if (cap) err[cap - 1] = '\0';
    return finish(w, rc, BCHECK_CALL, fn, argv, &o, out, err, cap);
}

/* After xRead/xWrite returned rc with outcome o: as finish, then *out as a memory access's outcome
 * (SIM family: OK, or ACCESS_VIOLATION when it faulted). */
static int finish_access(conf_world *w, int rc, const rtshm_outcome *o, conf_outcome *out, char *err, size_t cap) {
    if (cap) err[0] = '\0';
    if (rc != 0) conf_exec_failure(w->table, w->inner, err, cap); /* the exec adapter's message, where it has one */
    if (finish(w, rc, BCHECK_ACCESS, NULL, NULL, o, out, err, cap) != 0) return -1;
    out->family = SPEC_FAMILY_SIM;
    out->status = out->fault ? ST_ACCESS_VIOLATION : ST_OK;
    return 0;
}

int conf_world_read(conf_world *w, int process, uint64_t va, size_t len, unsigned char *data, conf_outcome *out,
                    char *err, size_t cap) {
    rtshm_outcome o;
    memset(&o, 0, sizeof o);
    begin(w, "xRead", NULL);
    int rc = w->table->xRead(w->inner, process, va, len, data, &o);
    return finish_access(w, rc, &o, out, err, cap);
}

int conf_world_write(conf_world *w, int process, uint64_t va, const unsigned char *data, size_t len, conf_outcome *out,
                     char *err, size_t cap) {
    rtshm_outcome o;
    memset(&o, 0, sizeof o);
    begin(w, "xWrite", NULL);
    int rc = w->table->xWrite(w->inner, process, va, data, len, &o);
    return finish_access(w, rc, &o, out, err, cap);
}

int conf_world_event(conf_world *w, const conf_step *st, conf_outcome *out, char *err, size_t cap) {
    rtshm_event ev = {(rtshm_event_kind)st->event, st->process, st->kernel, st->link_a, st->link_b, st->vtime_us};
    rtshm_outcome o;
    memset(&o, 0, sizeof o);
    if (cap) err[0] = '\0';
    begin(w, "xEvent", NULL);
    int rc = w->table->xEvent(w->inner, &ev, &o, err, cap);
    if (cap) err[cap - 1] = '\0';
    if (finish(w, rc, BCHECK_EVENT, NULL, NULL, &o, out, err, cap) != 0) return -1;
    out->family = SPEC_FAMILY_SIM;
    out->status = ST_OK;
    return 0;
}

/* The notes were taken and checked when the operation ended (take_notes); this hands them out. */
int conf_world_next_note(conf_world *w, conf_note *note) {
    if (w->note_next >= w->note_count) return 0;
    const drive_note *d = &w->notes[w->note_next++];
    note->process = d->process;
    note->api = d->api;
    note->function = d->function;
    memcpy(note->args, d->args, sizeof note->args);
    note->clause = d->clause;
    return 1;
}

struct sim_world *conf_world_reference_sim(const conf_world *w) {
    if (w == NULL || w->table != conf_reference_table()) return NULL;
    return ((const ref_world *)w->inner)->w;
}
