/* sim/src/intime_table.c — the rt family: its descriptor and hooks, the INtime kernel object table,
 * the root process and its catalog, and the memory blocks and segments RT and NTX calls create.
 *
 * The family owns the INtime kernel objects (SIM_OBJ_RTMEM, _SEGMENT, _RTSEM, _RTPROC) and keeps, per
 * INtime kernel, the object table and the root process (sim_rt_kernel). Destroying a memory block
 * deletes the segments over it (RT.FREE); destroying a segment lets go of its block (and frees it when
 * the segment owned it); destroying a process object drops its catalog. */
#include "sim/intime.h"

#include <stdlib.h>
#include <string.h>

#include "sim/alloc.h"
#include "sim/shm.h"
#include "spec/clause_ids.h"

extern const sim_family sim_family_rt;

sim_rt_kernel *sim_rt_kernel_of(const sim_kernel *k) {
    return k->family_state[SPEC_API_RT];
}

const sim_handles *sim_rt_table(const sim_kernel *k) {
    const sim_rt_kernel *rk = sim_rt_kernel_of(k);
    return rk ? &rk->table : NULL;
}

sim_object *sim_rt_root(const sim_kernel *k) {
    const sim_rt_kernel *rk = sim_rt_kernel_of(k);
    return rk ? rk->root : NULL;
}

/* Creates the kernel's root process object (at creation and at every start). False on exhaustion. */
static bool create_root(sim_world *w, sim_kernel *k) {
    sim_object *root = sim_object_new(k, &sim_family_rt, SIM_OBJ_RTPROC, NULL, w->next_object_id++);
    if (root == NULL) return false;
    if (sim_rt_register(k, sim_rt_of(root)) == 0) {
        sim_object_destroy(root);
        return false;
    }
    sim_rt_kernel_of(k)->root = root;
    return true;
}

/* Destroys every object still in k's table and empties it (kernel stop, world teardown). */
static void table_clear(sim_kernel *k) {
    sim_rt_kernel *rk = sim_rt_kernel_of(k);
    if (rk == NULL) return;
    for (uint32_t slot = 0; slot < rk->table.used; slot++) {
        sim_object *obj = rk->table.slots[slot];
        if (obj == NULL) continue;
        sim_handles_remove(&rk->table, sim_handles_value(slot));
        sim_rt_of(obj)->rthandle = 0;
        bool held_elsewhere = !obj->destroyed && obj->handle_count > 1;
        uint32_t ignored;
        sim_object_handle_released(obj, &ignored); /* may free obj: not touched after this */
        if (held_elsewhere) sim_object_destroy(obj); /* still held: gone all the same */
    }
    sim_handles_free(&rk->table);
    rk->root = NULL;
}

sim_object *sim_rt_lookup(const sim_kernel *k, uint64_t h) {
    const sim_rt_kernel *rk = sim_rt_kernel_of(k);
    sim_object *obj = rk ? sim_handles_get(&rk->table, h) : NULL;
    return obj && !obj->destroyed ? obj : NULL;
}

uint64_t sim_rt_register(sim_kernel *k, sim_rt_object *obj) {
    uint64_t h = sim_handles_add(&sim_rt_kernel_of(k)->table, &obj->obj);
    if (h == 0) return 0;
    obj->obj.handle_count++;
    obj->rthandle = h;
    return h;
}

void sim_rt_delete(sim_kernel *k, sim_rt_object *obj) {
    sim_handles_remove(&sim_rt_kernel_of(k)->table, obj->rthandle);
    obj->rthandle = 0;
    bool held_elsewhere = obj->obj.handle_count > 1;
    uint32_t dangling;
    sim_object_handle_released(&obj->obj, &dangling);
    if (held_elsewhere) sim_object_destroy(&obj->obj);
}

uint32_t sim_catalog_put(sim_object *proc, const char *name, sim_object *obj) {
    if (sim_catalog_get(obj->kernel, proc, name)) return ST_E_EXIST;
    sim_catalog_entry *entry = sim_malloc(sizeof *entry);
    if (entry == NULL) return ST_E_MEM;
    *entry = (sim_catalog_entry){sim_rt_of(obj)->rthandle, obj->id};
    sim_hmap *catalog = &sim_rt_of(proc)->catalog;
    sim_free(sim_hmap_remove_str(catalog, name)); /* a name of a gone object may be reused */
    if (!sim_hmap_put_str(catalog, name, entry)) {
        sim_free(entry);
        return ST_E_MEM;
    }
    return 0;
}

sim_object *sim_catalog_get(const sim_kernel *k, sim_object *proc, const char *name) {
    const sim_catalog_entry *entry = sim_hmap_get_str(&sim_rt_of(proc)->catalog, name);
    if (entry == NULL) return NULL;
    sim_object *obj = sim_rt_lookup(k, entry->rthandle);
    return obj && obj->id == entry->object_id ? obj : NULL;
}

sim_rt_object *sim_rt_new_memory(sim_world *w, sim_kernel *k, uint64_t asked_bytes, const char *round_clause,
                                 const char *fresh_clause) {
    uint64_t size_bytes = sim_round_to_page(asked_bytes);
    if (size_bytes > k->memory_bytes - k->memory_used_bytes) return NULL;
    sim_object *mem = sim_object_new(k, &sim_family_rt, SIM_OBJ_RTMEM, NULL, w->next_object_id);
    if (mem == NULL) return NULL;
    w->next_object_id++;
    mem->size_bytes = size_bytes;
    sim_object_charge(mem, &k->memory_used_bytes, size_bytes);
    sim_object_set_memory_clauses(mem, asked_bytes, round_clause, fresh_clause);
    return sim_rt_of(mem);
}

sim_rt_object *sim_rt_new_segment(sim_world *w, sim_kernel *k, sim_rt_object *base, uint64_t offset,
                                  uint64_t length) {
    sim_object *obj = sim_object_new(k, &sim_family_rt, SIM_OBJ_SEGMENT, NULL, w->next_object_id);
    if (obj == NULL) return NULL;
    sim_rt_object *seg = sim_rt_of(obj);
    seg->base = &base->obj;
    base->obj.ref_count++;
    seg->prev_over = base->last_segment; /* RT.FREE: found again when base goes */
    if (base->last_segment) base->last_segment->next_over = seg;
    else base->first_segment = seg;
    base->last_segment = seg;
    seg->base_offset = offset;
    seg->length = length;
    obj->size_bytes = length;
    if (sim_rt_register(k, seg) == 0) {
        sim_object_destroy(obj);
        return NULL;
    }
    w->next_object_id++;
    return seg;
}

/* ---- the rt family: object rules, kernel state, descriptor ---- */

static void free_entry(void *entry, void *ctx) {
    (void)ctx;
    sim_free(entry);
}

/* RT.FREE: a memory block takes the memory handles (segments) over it along. Each turn deletes the
 * first live segment, which takes it off the list, in creation order — the order RTHANDLEs go back to
 * the table, which decides their reuse. */
static void memory_destroyed(sim_object *obj) {
    sim_rt_object *mem = sim_rt_of(obj);
    while (mem->first_segment) {
        sim_rt_object *seg = mem->first_segment;
        if (seg->rthandle) sim_rt_delete(obj->kernel, seg);
        else sim_object_destroy(&seg->obj);
    }
}

/* A segment lets go of its memory; one that owns it (ntxAllocateRtMemory) releases its handle too. */
static void segment_destroyed(sim_object *obj) {
    sim_rt_object *seg = sim_rt_of(obj);
    if (seg->base == NULL) return;
    sim_rt_object *base = sim_rt_of(seg->base);
    if (seg->prev_over) seg->prev_over->next_over = seg->next_over;
    else base->first_segment = seg->next_over;
    if (seg->next_over) seg->next_over->prev_over = seg->prev_over;
    else base->last_segment = seg->prev_over;
    seg->prev_over = seg->next_over = NULL;
    bool owns = seg->owns_base;
    seg->base = NULL;
    seg->owns_base = false;
    if (owns) {
        uint32_t ignored;
        base->held_by_segment = false; /* the hold goes with the handle */
        base->obj.ref_count--;
        sim_object_handle_released(&base->obj, &ignored);
    } else {
        sim_object_ref_released(&base->obj);
    }
}

/* A process object's directory goes with it. */
static void process_destroyed(sim_object *obj) {
    sim_hmap_clear(&sim_rt_of(obj)->catalog, free_entry, NULL);
}

/* The handles the family holds on obj: its kernel-table entry, and a segment's hold on its memory. */
static uint32_t internal_holds(const sim_object *obj) {
    const sim_rt_object *rt = (const sim_rt_object *)obj;
    return (rt->rthandle ? 1u : 0u) + (rt->held_by_segment ? 1u : 0u);
}

static const sim_kind_rules memory_rules = {sizeof(sim_rt_object), memory_destroyed, internal_holds};
static const sim_kind_rules segment_rules = {sizeof(sim_rt_object), segment_destroyed, internal_holds};
static const sim_kind_rules semaphore_rules = {sizeof(sim_rt_object), NULL, internal_holds};
static const sim_kind_rules process_rules = {sizeof(sim_rt_object), process_destroyed, internal_holds};

static bool kernel_init(sim_world *w, sim_kernel *k, const sim_kernel_config *cfg) {
    sim_rt_kernel *rk = sim_calloc(1, sizeof *rk);
    if (rk == NULL) return false;
    sim_handles_init(&rk->table, SIM_MAX_RT_HANDLES);
    k->family_state[SPEC_API_RT] = rk;
    return !cfg->running || create_root(w, k);
}

/* What only the object table still holds goes now. */
static void kernel_free(sim_kernel *k) {
    sim_rt_kernel *rk = sim_rt_kernel_of(k);
    if (rk == NULL) return;
    table_clear(k);
    sim_free(rk);
    k->family_state[SPEC_API_RT] = NULL;
}

/* SIM.KERNEL.STOP: the table and the root process go (their objects are destroyed already). */
static int kernel_stopped(sim_world *w, sim_kernel *k) {
    (void)w;
    table_clear(k);
    return 0;
}

/* SIM.KERNEL.START: a new root process, the table starting over. */
static void kernel_started(sim_world *w, sim_kernel *k) {
    create_root(w, k);
}

/* Every table entry is a live-or-held rt object of k whose rthandle is that entry's value; the root,
 * if any, is a process object in the table. */
static bool check_kernel(const sim_kernel *k) {
    const sim_rt_kernel *rk = sim_rt_kernel_of(k);
    bool ok = rk != NULL;
    SIM_ASSERT(ok);
    if (!ok) return false;
    for (uint32_t slot = 0; slot < rk->table.used; slot++) {
        sim_object *obj = rk->table.slots[slot];
        if (obj == NULL) continue;
        bool good = obj->family == &sim_family_rt && obj->kernel == k &&
                    sim_rt_of(obj)->rthandle == sim_handles_value(slot) && obj->handle_count >= 1;
        SIM_ASSERT(good);
        ok = ok && good;
    }
    /* A memory block is referenced once by each live segment over it, and they are its kernel's. */
    for (sim_object *obj = k->first_object; obj; obj = obj->next) {
        if (obj->kind != SIM_OBJ_RTMEM) continue;
        uint32_t segments = 0;
        for (const sim_rt_object *seg = sim_rt_of(obj)->first_segment; seg; seg = seg->next_over, segments++) {
            bool good = seg->base == obj && seg->obj.kernel == k && !seg->obj.destroyed &&
                        seg->base_offset + seg->length <= obj->size_bytes;
            SIM_ASSERT(good);
            ok = ok && good;
        }
        SIM_ASSERT(obj->ref_count == segments);
        ok = ok && obj->ref_count == segments;
    }
    if (rk->root) {
        bool good = rk->root->kind == SIM_OBJ_RTPROC && !rk->root->destroyed &&
                    sim_handles_get(&rk->table, sim_rt_of(rk->root)->rthandle) == rk->root;
        SIM_ASSERT(good);
        ok = ok && good;
    }
    return ok;
}

const sim_family sim_family_rt = {
    .api = SPEC_API_RT,
    .name = "rt",
    .status_family = SPEC_FAMILY_INTIME,
    .slot = SIM_SLOT_THREAD, /* RT.LASTERROR */
    .kernel_kind = SIM_KERNEL_INTIME,
    .kinds = {[SIM_OBJ_RTMEM] = &memory_rules,
              [SIM_OBJ_SEGMENT] = &segment_rules,
              [SIM_OBJ_RTSEM] = &semaphore_rules,
              [SIM_OBJ_RTPROC] = &process_rules},
    .clauses = {.views_die = CL_RT_ALLOC_MEMORY,          /* AllocateRtMemory's block, freed with its handle */
                .fault = CL_MEM_VIEW_OUTSIDE,
                .process_exit = CL_IWIN32_CLOSE_PROCESS_EXIT}, /* the rule for every handle a process holds */
    .kernel_init = kernel_init,
    .kernel_free = kernel_free,
    .kernel_stopped = kernel_stopped,
    .kernel_started = kernel_started,
    .check_kernel = check_kernel,
};
