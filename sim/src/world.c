/* sim/src/world.c — building the world, lookups, findings, handle closing, process exit and kernel
 * stop/start. What a family adds to these (its state, its clauses, what its objects hold) comes from
 * the family table (sim/family.h); nothing here names a family. */
#include "sim/world.h"

#include "sim/alloc.h"
#include "sim/assert.h"
#include "sim/family.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "spec/clause_ids.h"

sim_world *sim_world_new(uint64_t seed) {
    sim_world *w = sim_calloc(1, sizeof *w);
    if (w == NULL) return NULL;
    w->seed = seed;
    sim_prng_seed(&w->rng, sim_prng_subseed(seed, "world"));
    sim_queue_init(&w->queue, SIM_MAX_QUEUED_EVENTS);
    w->next_object_id = 1;
    if (!sim_families_world_init(w)) {
        sim_world_free(w);
        return NULL;
    }
    return w;
}

void sim_world_free(sim_world *w) {
    if (w == NULL) return;
    /* Processes first: their handles and views reference objects owned through kernels. */
    w->finding = NULL;
    for (int i = 0; i < w->process_count; i++) {
        sim_process *p = w->processes[i];
        sim_outcome ignored;
        p->exited = false; /* release whatever it holds, even if the library was called after its exit */
        sim_process_exit(p, &ignored);
        sim_families_process_free(p);
        sim_handles_free(&p->handles);
        sim_as_free(&p->as);
        sim_free(p->id);
        sim_free(p);
    }
    for (int i = 0; i < w->kernel_count; i++) {
        /* What only the families still hold (an INtime kernel's object table) goes now; then nothing
         * remains on the kernel's list. */
        sim_families_kernel_free(w->kernels[i]);
        SIM_ASSERT(w->kernels[i]->first_object == NULL);
        sim_ns_free(&w->kernels[i]->ns);
        sim_free(w->kernels[i]->id);
        sim_free(w->kernels[i]);
    }
    for (int i = 0; i < w->link_count; i++) sim_free(w->links[i]);
    for (int i = 0; i < w->node_count; i++) {
        sim_free(w->nodes[i]->id);
        sim_free(w->nodes[i]);
    }
    sim_queue_free(&w->queue);
    sim_families_world_free(w);
    sim_free(w);
}

void sim_world_set_finding_sink(sim_world *w, sim_finding_fn fn, void *ctx) {
    w->finding = fn;
    w->finding_ctx = ctx;
}

sim_node *sim_world_add_node(sim_world *w, const char *id, bool windows, uint64_t va_limit_bytes,
                             uint32_t page_size) {
    if (w->node_count >= SIM_MAX_NODES) return NULL;
    sim_node *n = sim_calloc(1, sizeof *n);
    if (n == NULL || (n->id = sim_strdup(id)) == NULL) {
        sim_free(n);
        return NULL;
    }
    n->index = w->node_count;
    n->windows = windows;
    n->va_limit_bytes = va_limit_bytes;
    n->page_size = page_size;
    w->nodes[w->node_count++] = n;
    return n;
}

sim_kernel *sim_world_add_kernel(sim_world *w, const char *id, sim_kernel_kind kind, sim_node *node,
                                 bool running, bool shares_memory, uint64_t memory_bytes, uint64_t pool_bytes) {
    if (w->kernel_count >= SIM_MAX_KERNELS) return NULL;
    sim_kernel *k = sim_calloc(1, sizeof *k);
    if (k == NULL || (k->id = sim_strdup(id)) == NULL) {
        sim_free(k);
        return NULL;
    }
    k->index = w->kernel_count;
    k->kind = kind;
    k->node = node;
    k->running = running;
    k->shares_memory = shares_memory;
    k->memory_bytes = memory_bytes;
    sim_ns_init(&k->ns);
    w->kernels[w->kernel_count++] = k; /* the world frees it, whatever its families' init does */
    sim_kernel_config cfg = {running, memory_bytes, pool_bytes};
    if (!sim_families_kernel_init(w, k, &cfg)) return NULL;
    return k;
}

sim_link *sim_world_add_link(sim_world *w, sim_node *a, sim_node *b, bool up) {
    if (w->link_count >= SIM_MAX_LINKS) return NULL;
    sim_link *l = sim_calloc(1, sizeof *l);
    if (l == NULL) return NULL;
    l->a = a;
    l->b = b;
    l->up = up;
    w->links[w->link_count++] = l;
    return l;
}

sim_process *sim_world_add_process(sim_world *w, const char *id, sim_process_kind kind, sim_node *node,
                                   sim_kernel *kernel) {
    if (w->process_count >= SIM_MAX_PROCESSES) return NULL;
    sim_process *p = sim_calloc(1, sizeof *p);
    if (p == NULL || (p->id = sim_strdup(id)) == NULL) {
        sim_free(p);
        return NULL;
    }
    p->index = w->process_count;
    p->kind = kind;
    p->world = w;
    p->node = node;
    p->kernel = kernel;
    for (int i = 0; i < w->kernel_count; i++) {
        sim_kernel *k = w->kernels[i];
        if (k->kind == SIM_KERNEL_RTX64 && k->node == node) p->rtss = k;
    }
    if (kernel && kernel->kind == SIM_KERNEL_RTX64) p->rtss = kernel;
    sim_handles_init(&p->handles, SIM_MAX_HANDLES_PER_PROCESS);
    /* A Windows process or driver may map what its node's va_limit allows; others are bounded by their window. */
    uint64_t limit = SIM_VA_WINDOW_BYTES;
    if ((kind == SIM_PROC_WINDOWS || kind == SIM_PROC_DRIVER) && node && node->va_limit_bytes < limit)
        limit = node->va_limit_bytes; /* NTX.MAP.VA_LIMIT, RTK.OPEN.NO_MEMORY: the host's address space */
    sim_as_init(&p->as, p->index, limit, SIM_MAX_VIEWS_PER_PROCESS);
    if (!sim_families_process_init(p)) {
        sim_families_process_free(p);
        sim_free(p->id);
        sim_free(p);
        return NULL;
    }
    w->processes[w->process_count++] = p;
    return p;
}

sim_link *sim_world_link(const sim_world *w, const sim_node *a, const sim_node *b) {
    for (int i = 0; i < w->link_count; i++) {
        sim_link *l = w->links[i];
        if ((l->a == a && l->b == b) || (l->a == b && l->b == a)) return l;
    }
    return NULL;
}

bool sim_world_reachable(const sim_world *w, const sim_node *from, const sim_node *to) {
    if (from == to) return true;
    const sim_link *l = sim_world_link(w, from, to);
    return l != NULL && l->up;
}

sim_node *sim_world_node(const sim_world *w, const char *id) {
    for (int i = 0; i < w->node_count; i++)
        if (strcmp(w->nodes[i]->id, id) == 0) return w->nodes[i];
    return NULL;
}

sim_kernel *sim_world_kernel(const sim_world *w, const char *id) {
    for (int i = 0; i < w->kernel_count; i++)
        if (strcmp(w->kernels[i]->id, id) == 0) return w->kernels[i];
    return NULL;
}

sim_process *sim_world_process(const sim_world *w, const char *id) {
    for (int i = 0; i < w->process_count; i++)
        if (strcmp(w->processes[i]->id, id) == 0) return w->processes[i];
    return NULL;
}

void sim_world_finding(sim_world *w, const char *kind, const char *clause, const char *fmt, ...) {
    if (w->finding == NULL) return;
    char detail[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    w->finding(w->finding_ctx, kind, clause, detail);
}

void sim_outcome_set(sim_outcome *out, spec_family family, uint32_t status, const char *clause) {
    out->family = family;
    out->status = status;
    out->clause = clause;
}

bool sim_process_close_handle(sim_process *p, uint64_t value) {
    sim_object *obj = sim_handles_remove(&p->handles, value);
    if (obj == NULL) return false;
    /* IWIN32.CLOSE.REFCOUNT: the object lives while any handle is open. */
    const char *kind = sim_object_kind_name(obj->kind);
    uint64_t id = obj->id;
    /* The name for the finding, copied now (the release may free obj). Only an object with views can
     * leave dangling ones (views are never added while it is destroyed), so others skip the copy. */
    char name[SIM_MAX_NAME_CHARS * 4 + 3];
    name[0] = '\0';
    if (obj->view_count > 0)
        snprintf(name, sizeof name, "%s%s%s", obj->name ? "'" : "", obj->name ? obj->name : "(unnamed)",
                 obj->name ? "'" : "");
    uint32_t dangling = 0;
    const char *views_die = obj->family->clauses.views_die;
    if (!obj->destroyed && obj->destroyed_clause == NULL) obj->destroyed_clause = views_die;
    if (sim_object_handle_released(obj, &dangling) && dangling > 0) {
        /* IWIN32.CLOSE.VIEWS_DIE, RTK.CLOSE.VIEWS_DIE: the memory is gone; remaining views fault on access. */
        sim_world_finding(p->world, "dangling-view", views_die,
                          "%s object #%llu %s destroyed when its last handle was closed (in process '%s') while %u view%s "
                          "still mapped; access through %s faults",
                          kind, (unsigned long long)id, name, p->id, (unsigned)dangling,
                          dangling == 1 ? " was" : "s were", dangling == 1 ? "it" : "them");
    }
    return true;
}

void sim_process_exit(sim_process *p, sim_outcome *out) {
    sim_outcome_set(out, SPEC_FAMILY_SIM, ST_OK, CL_SIM_PROCESS_EXIT);
    if (p->exited) return;
    p->exited = true;
    uint32_t open = p->handles.open;
    size_t views = p->as.count;
    /* Unmap first so destroying objects does not report this process's own views as dangling. */
    while (p->as.count > 0) sim_as_unmap(&p->as, p->as.views[p->as.count - 1].base_va);
    /* The clause of the family whose handles these were, or the mixed clause when they were of
     * families whose clauses differ. */
    const char *exit_clause = NULL;
    bool mixed = false;
    for (uint32_t slot = 0; slot < p->handles.used; slot++) {
        sim_object *obj = p->handles.slots[slot];
        if (obj == NULL) continue;
        const char *clause = obj->family->clauses.process_exit;
        if (exit_clause == NULL) exit_clause = clause;
        else if (clause == NULL || strcmp(clause, exit_clause) != 0) mixed = true;
        sim_process_close_handle(p, sim_handles_value(slot));
    }
    sim_families_process_exited(p);
    if (mixed || exit_clause == NULL) exit_clause = sim_family_mixed_exit_clause;
    if (open > 0) {
        sim_world_finding(p->world, "handles-closed-at-exit", exit_clause,
                          "process '%s' exited with %u open handle%s and %zu mapped view%s; the system closed them",
                          p->id, (unsigned)open, open == 1 ? "" : "s", views, views == 1 ? "" : "s");
    }
}

void sim_kernel_stop(sim_world *w, sim_kernel *k, sim_outcome *out) {
    sim_outcome_set(out, SPEC_FAMILY_SIM, ST_OK, CL_SIM_KERNEL_STOP);
    if (!k->running) return;
    k->running = false;
    int destroyed = 0; /* every object the kernel holds now, including those its processes take with them */
    for (sim_object *obj = k->first_object; obj; obj = obj->next) {
        obj->destroyed_clause = CL_SIM_KERNEL_STOP;
        destroyed++;
    }
    /* Its processes die first (their own handles and views go quietly, as at process.exit). */
    int terminated = 0;
    for (int i = 0; i < w->process_count; i++) {
        sim_process *p = w->processes[i];
        if (p->kind == SIM_PROC_RT && p->kernel == k && !p->exited) {
            sim_outcome ignored;
            sim_process_exit(p, &ignored);
            terminated++;
        }
    }
    /* Then every object it still holds for others, in creation order, and its object table. */
    uint64_t handles = 0, views = 0;
    while (k->first_object) {
        sim_object *obj = k->first_object;
        /* handles processes hold, not those its family holds itself (an INtime kernel table's entry) */
        handles += obj->handle_count - sim_object_internal_holds(obj);
        views += obj->view_count;
        obj->destroyed_clause = CL_SIM_KERNEL_STOP;
        sim_object_destroy(obj);
    }
    /* Its families let go of the rest (an INtime object table) and queue what the stop notifies
     * (RtkRtssAttachEx shutdown callbacks). */
    int callbacks = sim_families_kernel_stopped(w, k);
    k->memory_used_bytes = 0;
    sim_world_finding(w, "kernel-stopped", CL_SIM_KERNEL_STOP,
                      "kernel '%s' stopped: %d process%s terminated, %d object%s destroyed while other processes "
                      "still held %llu handle%s and %llu view%s on them; %d shutdown callback%s queued",
                      k->id, terminated, terminated == 1 ? "" : "es", destroyed, destroyed == 1 ? "" : "s",
                      (unsigned long long)handles, handles == 1 ? "" : "s", (unsigned long long)views,
                      views == 1 ? "" : "s", callbacks, callbacks == 1 ? "" : "s");
}

void sim_kernel_start(sim_world *w, sim_kernel *k, sim_outcome *out) {
    sim_outcome_set(out, SPEC_FAMILY_SIM, ST_OK, CL_SIM_KERNEL_START);
    if (k->running) return;
    k->running = true;
    k->generation++;
    sim_families_kernel_started(w, k); /* e.g. an INtime kernel's new root process */
}

bool sim_world_next_notification(sim_world *w, sim_event *ev) {
    const sim_event *next = sim_queue_peek(&w->queue);
    if (next == NULL || next->vtime_us > w->vtime_us) return false;
    return sim_queue_pop(&w->queue, ev);
}
