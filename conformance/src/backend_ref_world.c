/* conformance/src/backend_ref_world.c — the reference model's world behind rtshm_backend: building it
 * from a public topology, memory accesses, events, notes and the findings queue (backend_ref.h; the
 * calls and the table are in backend_ref.c).
 *
 * The table is public: anyone may call it, so every index it is given is checked first (a topology's
 * node, kernel and link references, a step's process, kernel or nodes) and an out-of-range one is an
 * error (-1, with a message where the operation has an err buffer), never a read out of bounds. Page
 * size is always 4096 (the only one modelled; the parser refuses others). The world's virtual time is
 * the time of the last event (rtshm_event.vtime_us): notes fall due by it.
 *
 * Findings: the model reports them while an operation runs; they are queued in the world, in order,
 * and handed out by xNextFinding until the next operation starts. The queue grows as needed (through
 * sim/alloc.h, so a finding that cannot be queued makes the operation fail as out of memory). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend_ref.h"
#include "sim/alloc.h"
#include "sim/intime.h"
#include "sim/mem.h"
#include "sim/rtk.h"
#include "spec/clause_ids.h"

bool ref_out_of_memory(char *err, size_t cap) {
    if (err && cap) snprintf(err, cap, REF_OUT_OF_MEMORY);
    return true;
}

/* Formats a message into err (when there is one); returns false, for `return fail(...)`. */
static bool fail(char *err, size_t cap, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static bool fail(char *err, size_t cap, const char *fmt, ...) {
    if (err == NULL || cap == 0) return false;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, cap, fmt, ap);
    va_end(ap);
    return false;
}

sim_process *ref_no_process(const ref_world *rw, int process, char *err, size_t cap) {
    fail(err, cap, "the reference model has no process %d (the world has %d)", process, rw->w->process_count);
    return NULL;
}

/* ---- findings ---- */

/* The model's finding sink: appends the finding to the current operation's queue, growing it. */
static void queue_finding(void *ctx, const char *kind, const char *clause, const char *detail) {
    ref_world *rw = ctx;
    if (rw->finding_count == rw->finding_cap) {
        int cap = rw->finding_cap ? 2 * rw->finding_cap : 8;
        rtshm_finding *grown = sim_realloc(rw->findings, (size_t)cap * sizeof *grown);
        if (grown == NULL) return; /* counted by sim_alloc_failures: the operation fails as out of memory */
        rw->findings = grown;
        rw->finding_cap = cap;
    }
    rtshm_finding *f = &rw->findings[rw->finding_count++];
    snprintf(f->kind, sizeof f->kind, "%s", kind);
    snprintf(f->clause, sizeof f->clause, "%s", clause ? clause : "");
    snprintf(f->detail, sizeof f->detail, "%s", detail);
}

int ref_next_finding(void *world, rtshm_finding *finding) {
    ref_world *rw = world;
    if (rw->finding_next >= rw->finding_count) return 0;
    *finding = rw->findings[rw->finding_next++];
    return 1;
}

/* ---- the world ---- */

void ref_close(void *world) {
    ref_world *rw = world;
    if (rw == NULL) return;
    sim_world_free(rw->w);
    sim_free(rw->findings);
    free(rw);
}

/* True when t is a topology the model can be built from: counts and arrays present, ids set, every
 * node, kernel and link reference in range, kinds known, every rt process on a kernel of its node.
 * Otherwise false with the reason in err. */
static bool topology_valid(const rtshm_topology *t, char *err, size_t cap) {
    if (t == NULL) return fail(err, cap, "no topology");
    if (t->node_count < 0 || t->kernel_count < 0 || t->link_count < 0 || t->process_count < 0)
        return fail(err, cap, "topology: a negative count");
    if ((t->node_count && !t->nodes) || (t->kernel_count && !t->kernels) || (t->link_count && !t->links) ||
        (t->process_count && !t->processes))
        return fail(err, cap, "topology: an array is missing");
    for (int i = 0; i < t->node_count; i++)
        if (t->nodes[i].id == NULL) return fail(err, cap, "topology: node %d has no id", i);
    for (int i = 0; i < t->kernel_count; i++) {
        const rtshm_kernel *k = &t->kernels[i];
        if (k->id == NULL) return fail(err, cap, "topology: kernel %d has no id", i);
        if (k->kind != RTSHM_KERNEL_INTIME && k->kind != RTSHM_KERNEL_RTX64)
            return fail(err, cap, "topology: kernel '%s' has kind %d", k->id, k->kind);
        if (k->node < 0 || k->node >= t->node_count)
            return fail(err, cap, "topology: kernel '%s' is on node %d (there are %d)", k->id, k->node, t->node_count);
    }
    for (int i = 0; i < t->link_count; i++) {
        const rtshm_link *l = &t->links[i];
        if (l->a < 0 || l->a >= t->node_count || l->b < 0 || l->b >= t->node_count || l->a == l->b)
            return fail(err, cap, "topology: link %d joins nodes %d and %d (there are %d)", i, l->a, l->b, t->node_count);
    }
    for (int i = 0; i < t->process_count; i++) {
        const rtshm_process *p = &t->processes[i];
        if (p->id == NULL) return fail(err, cap, "topology: process %d has no id", i);
        if (p->kind < 0 || p->kind > 2) return fail(err, cap, "topology: process '%s' has kind %d", p->id, p->kind);
        if (p->node < 0 || p->node >= t->node_count)
            return fail(err, cap, "topology: process '%s' is on node %d (there are %d)", p->id, p->node, t->node_count);
        if (p->kernel < -1 || p->kernel >= t->kernel_count)
            return fail(err, cap, "topology: process '%s' names kernel %d (there are %d)", p->id, p->kernel,
                        t->kernel_count);
        if (p->kind == 1 && (p->kernel < 0 || t->kernels[p->kernel].node != p->node))
            return fail(err, cap, "topology: rt process '%s' needs a kernel of its own node", p->id);
    }
    return true;
}

/* Adds t's nodes, kernels, links and processes to w in order (so indices match); false when one cannot
 * be added (a bound of the model, or memory). t is valid (topology_valid). */
static bool build_topology(sim_world *w, const rtshm_topology *t) {
    bool ok = true;
    for (int i = 0; ok && i < t->node_count; i++)
        ok = sim_world_add_node(w, t->nodes[i].id, t->nodes[i].windows != 0, t->nodes[i].va_limit_bytes, 4096) != NULL;
    for (int i = 0; ok && i < t->kernel_count; i++) {
        const rtshm_kernel *k = &t->kernels[i];
        sim_kernel_kind kind = k->kind == RTSHM_KERNEL_RTX64 ? SIM_KERNEL_RTX64 : SIM_KERNEL_INTIME;
        ok = sim_world_add_kernel(w, k->id, kind, w->nodes[k->node], k->running != 0, k->shares_memory != 0,
                                  k->memory_bytes, k->iwin32_pool_bytes) != NULL;
    }
    for (int i = 0; ok && i < t->link_count; i++)
        ok = sim_world_add_link(w, w->nodes[t->links[i].a], w->nodes[t->links[i].b], t->links[i].up != 0) != NULL;
    for (int i = 0; ok && i < t->process_count; i++) {
        const rtshm_process *p = &t->processes[i];
        sim_process_kind kind = p->kind == 0 ? SIM_PROC_WINDOWS : p->kind == 1 ? SIM_PROC_RT : SIM_PROC_DRIVER;
        ok = sim_world_add_process(w, p->id, kind, w->nodes[p->node], p->kernel >= 0 ? w->kernels[p->kernel] : NULL) !=
             NULL;
    }
    return ok;
}

/* xOpen: the world of topology t. Returns it (freed by ref_close), or NULL with a message in err when
 * t is not valid, the model ran out of memory or t exceeds the model's bounds (nothing is left
 * allocated then). */
void *ref_open(const rtshm_topology *t, uint64_t seed, char *err, size_t cap) {
    ref_rows_init();
    if (!topology_valid(t, err, cap)) return NULL;
    uint64_t failures = sim_alloc_failures();
    ref_world *rw = calloc(1, sizeof *rw);
    if (rw == NULL || (rw->w = sim_world_new(seed)) == NULL) {
        free(rw);
        if (!ref_ran_out(failures, err, cap)) fail(err, cap, "out of memory");
        return NULL;
    }
    sim_world_set_finding_sink(rw->w, queue_finding, rw);
    bool built = build_topology(rw->w, t);
    if (ref_ran_out(failures, err, cap) || !built) {
        if (sim_alloc_failures() == failures) fail(err, cap, "the topology exceeds the model's bounds");
        ref_close(rw);
        return NULL;
    }
    return rw;
}

/* The outcome of a memory step; -1 when the model ran out of memory (read and write carry no message
 * in interface v1: the driver names the operation). */
static int access_outcome(bool ok, const sim_outcome *so, uint64_t failures, rtshm_outcome *out) {
    out->fault = !ok;
    out->family = (uint32_t)so->family;
    out->status = so->status;
    out->clause = so->clause;
    return ref_ran_out(failures, NULL, 0) ? -1 : 0;
}

/* What xRead and xWrite do first: a fresh outcome and operation, and the process making the access, or
 * NULL (the operation fails) when the index is out of range or data is missing. */
static sim_process *access_process(ref_world *rw, int process, size_t len, const void *data, rtshm_outcome *out) {
    memset(out, 0, sizeof *out);
    ref_new_operation(rw);
    sim_process *p = ref_process(rw, process, NULL, 0);
    return p == NULL || (len > 0 && data == NULL) ? NULL : p;
}

int ref_read(void *world, int process, uint64_t address, size_t len, unsigned char *data, rtshm_outcome *out) {
    sim_process *p = access_process(world, process, len, data, out);
    if (p == NULL) return -1;
    sim_outcome so = {0};
    uint64_t failures = sim_alloc_failures();
    bool ok = sim_mem_read(p, address, len, data, &so);
    return access_outcome(ok, &so, failures, out);
}

int ref_write(void *world, int process, uint64_t address, const unsigned char *data, size_t len, rtshm_outcome *out) {
    sim_process *p = access_process(world, process, len, data, out);
    if (p == NULL) return -1;
    sim_outcome so = {0};
    uint64_t failures = sim_alloc_failures();
    bool ok = sim_mem_write(p, address, data, len, &so);
    return access_outcome(ok, &so, failures, out);
}

/* Kernel `index` of rw, or NULL with a message in err. */
static sim_kernel *event_kernel(ref_world *rw, int index, char *err, size_t cap) {
    if (index >= 0 && index < rw->w->kernel_count) return rw->w->kernels[index];
    fail(err, cap, "the reference model has no kernel %d (the world has %d)", index, rw->w->kernel_count);
    return NULL;
}

/* xEvent: delivers ev at its virtual time, which becomes the world's. -1 with a message in err when
 * ev names a process, kernel or node that does not exist, is of an unknown kind, or the model ran out
 * of memory. */
int ref_event(void *world, const rtshm_event *ev, rtshm_outcome *out, char *err, size_t cap) {
    ref_world *rw = world;
    sim_world *w = rw->w;
    memset(out, 0, sizeof *out);
    ref_new_operation(rw);
    sim_outcome so = {0};
    sim_process *p = NULL;
    sim_kernel *k = NULL;
    switch (ev->kind) {
    case RTSHM_EV_PROCESS_EXIT:
        if ((p = ref_process(rw, ev->process, err, cap)) == NULL) return -1;
        break;
    case RTSHM_EV_KERNEL_STOP:
    case RTSHM_EV_KERNEL_START:
        if ((k = event_kernel(rw, ev->kernel, err, cap)) == NULL) return -1;
        break;
    case RTSHM_EV_LINK_DOWN:
    case RTSHM_EV_LINK_UP:
        if (ev->node_a < 0 || ev->node_a >= w->node_count || ev->node_b < 0 || ev->node_b >= w->node_count) {
            fail(err, cap, "the reference model has no nodes %d and %d (the world has %d)", ev->node_a, ev->node_b,
                 w->node_count);
            return -1;
        }
        break;
    default:
        fail(err, cap, "the reference model cannot deliver event kind %d", (int)ev->kind);
        return -1;
    }
    w->vtime_us = ev->vtime_us;
    uint64_t failures = sim_alloc_failures();
    switch (ev->kind) {
    case RTSHM_EV_PROCESS_EXIT: sim_process_exit(p, &so); break;
    case RTSHM_EV_KERNEL_STOP: sim_kernel_stop(w, k, &so); break;
    case RTSHM_EV_KERNEL_START: sim_kernel_start(w, k, &so); break;
    default: {
        sim_link *l = sim_world_link(w, w->nodes[ev->node_a], w->nodes[ev->node_b]);
        if (l) l->up = ev->kind == RTSHM_EV_LINK_UP;
        sim_outcome_set(&so, SPEC_FAMILY_SIM, ST_OK, CL_NTX_CONTACT);
        break;
    }
    }
    out->family = (uint32_t)so.family;
    out->status = so.status;
    out->clause = so.clause;
    return ref_ran_out(failures, err, cap) ? -1 : 0;
}

/* xNextNote: the next notification due by the world's time, as a note (the RTSS shutdown callbacks of
 * RtkRtssAttachEx instances, RTK.ATTACH_EX.CALLBACK); 0 when there is none. */
int ref_next_note(void *world, rtshm_note *note) {
    ref_world *rw = world;
    sim_event ev;
    /* A notification the reference cannot describe (an instance that is gone) is skipped, not taken for
     * the end: the ones due after it still come back after this step. Bounded by the queue's length. */
    while (sim_world_next_notification(rw->w, &ev)) {
        if (ev.type != SIM_NOTE_RTSS_SHUTDOWN) continue;
        const sim_instance *inst = sim_rtk_instance(rw->w->processes[ev.a], (int)ev.b);
        if (inst == NULL) continue;
        memset(note, 0, sizeof *note);
        note->process = (int)ev.a;
        snprintf(note->api, sizeof note->api, "rtk");
        snprintf(note->function, sizeof note->function, "RtkRtssAttachEx.shutdown");
        snprintf(note->clause, sizeof note->clause, "%s", CL_RTK_ATTACH_EX_CALLBACK);
        snprintf(note->args_json, sizeof note->args_json, "{\"RtssInst\":\"0x%llx\",\"rtss\":\"%s\"}",
                 (unsigned long long)inst->value, inst->rtss->id);
        return 1;
    }
    return 0;
}

/* ---- opaque values (SIM.OPAQUE.BIJECTION) ---- */

ref_opaque_space ref_opaque_space_of(const spec_function *fn, int param) {
    if (param < 0) {
        if (fn->ret == SPEC_R_PTR) return REF_SPACE_VIEW; /* ntxMapRtSharedMemory(Ex), AllocateRtMemory: a view's base */
        if (fn->ret != SPEC_R_HANDLE) return REF_SPACE_NONE;
        switch (fn->api) {
        case SPEC_API_RT: return REF_SPACE_RTHANDLE;
        case SPEC_API_NTX: /* ntxGetLocationByName gives an NTXLOCATION: a kernel's number, never closed */
            return strcmp(fn->name, "ntxGetLocationByName") == 0 ? REF_SPACE_NONE : REF_SPACE_NTXHANDLE;
        default: return REF_SPACE_HANDLE;
        }
    }
    if (param >= fn->param_count) return REF_SPACE_NONE;
    if (fn->params[param].type == SPEC_T_OUT_PTR) return REF_SPACE_VIEW;
    if (fn->params[param].type != SPEC_T_OUT_HANDLE) return REF_SPACE_NONE;
    return strcmp(fn->params[param].name, "RtssInst") == 0 ? REF_SPACE_INSTANCE : REF_SPACE_HANDLE;
}

bool ref_opaque_live(const sim_world *w, int process, ref_opaque_space space, uint64_t value) {
    if (w == NULL || process < 0 || process >= w->process_count || value == 0) return false;
    const sim_process *p = w->processes[process];
    switch (space) {
    case REF_SPACE_HANDLE: return sim_handles_get(&p->handles, value) != NULL;
    case REF_SPACE_VIEW: {
        const sim_view *v = sim_as_find(&p->as, value, 1, NULL);
        return v != NULL && v->base_va == value;
    }
    case REF_SPACE_RTHANDLE: return p->kernel != NULL && sim_rt_lookup(p->kernel, value) != NULL;
    case REF_SPACE_NTXHANDLE: {
        uint64_t kernel = value >> 16;
        if (kernel == 0 || kernel > (uint64_t)w->kernel_count) return false; /* NTX_BAD_NTXHANDLE included */
        return sim_rt_lookup(w->kernels[kernel - 1], value & 0xFFFFu) != NULL;
    }
    case REF_SPACE_INSTANCE:
        for (int i = 0; i < sim_rtk_instance_count(p); i++) {
            const sim_instance *inst = sim_rtk_instance(p, i);
            if (inst->value == value) return inst->attached && !p->exited;
        }
        return false;
    case REF_SPACE_NONE: break;
    }
    return false;
}
