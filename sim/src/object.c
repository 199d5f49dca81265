/* sim/src/object.c — object lifetime (handles, views, destruction) and the per-kernel namespace. */
#include "sim/object.h"

#include <stdlib.h>
#include <string.h>

#include "sim/alloc.h"
#include "sim/intime.h"
#include "sim/world.h"

static void free_entry(void *entry, void *ctx) {
    (void)ctx;
    sim_free(entry);
}

const char *sim_object_kind_name(sim_object_kind kind) {
    switch (kind) {
    case SIM_OBJ_SHM: return "shared-memory";
    case SIM_OBJ_EVENT: return "event";
    case SIM_OBJ_MUTEX: return "mutex";
    case SIM_OBJ_SEMAPHORE: return "semaphore";
    case SIM_OBJ_RTMEM: return "rt-memory";
    case SIM_OBJ_SEGMENT: return "segment";
    case SIM_OBJ_RTSEM: return "rt-semaphore";
    case SIM_OBJ_RTPROC: return "rt-process";
    default: return "?";
    }
}

sim_object *sim_object_new(sim_kernel *kernel, sim_object_kind kind, const char *name, uint64_t id) {
    sim_object *obj = sim_calloc(1, sizeof *obj);
    if (obj == NULL) return NULL;
    if (name) {
        obj->name = sim_strdup(name);
        if (obj->name == NULL) {
            sim_free(obj);
            return NULL;
        }
    }
    obj->kind = kind;
    obj->id = id;
    obj->kernel = kernel;
    sim_pages_init(&obj->contents);
    sim_hmap_init(&obj->catalog);
    obj->prev = kernel->last_object;
    if (kernel->last_object) kernel->last_object->next = obj;
    else kernel->first_object = obj;
    kernel->last_object = obj;
    return obj;
}

static void object_free(sim_object *obj) {
    sim_pages_free(&obj->contents);
    sim_hmap_clear(&obj->catalog, free_entry, NULL);
    sim_free(obj->name);
    sim_free(obj);
}

static void free_if_unused(sim_object *obj) {
    if (obj->destroyed && obj->view_count == 0 && obj->handle_count == 0 && obj->ref_count == 0) object_free(obj);
}

uint32_t sim_object_destroy(sim_object *obj) {
    if (obj->destroyed) return 0;
    sim_kernel *k = obj->kernel;
    obj->ref_count++; /* held while its dependants let go of it below */
    /* IWIN32.CLOSE.LAST_DESTROYS: the name is free again and the pool space is returned. */
    if (obj->name) sim_ns_remove(&k->ns, obj);
    k->pool_used_bytes -= obj->pool_bytes;
    k->memory_used_bytes -= obj->memory_bytes;
    obj->pool_bytes = obj->memory_bytes = 0;
    sim_pages_free(&obj->contents);
    if (obj->prev) obj->prev->next = obj->next;
    else k->first_object = obj->next;
    if (obj->next) obj->next->prev = obj->prev;
    else k->last_object = obj->prev;
    obj->prev = obj->next = NULL;
    obj->destroyed = true;
    sim_hmap_clear(&obj->catalog, free_entry, NULL);
    /* RT.FREE: the memory handles over a block go with it. */
    if (obj->kind == SIM_OBJ_RTMEM) sim_rt_drop_segments_over(obj);
    uint32_t dangling = obj->view_count;
    obj->ref_count--;
    /* A segment lets go of its memory; one that owns it (ntxAllocateRtMemory) frees it too. */
    sim_object *base = obj->base;
    if (base) { /* off base's list of segments */
        if (obj->prev_over) obj->prev_over->next_over = obj->next_over;
        else base->first_segment = obj->next_over;
        if (obj->next_over) obj->next_over->prev_over = obj->prev_over;
        else base->last_segment = obj->prev_over;
        obj->prev_over = obj->next_over = NULL;
    }
    bool owns = obj->owns_base;
    obj->base = NULL;
    obj->owns_base = false;
    free_if_unused(obj);
    if (base) {
        base->ref_count--;
        uint32_t ignored;
        if (owns) sim_object_handle_released(base, &ignored);
        else free_if_unused(base);
    }
    return dangling;
}

bool sim_object_handle_released(sim_object *obj, uint32_t *dangling) {
    *dangling = 0;
    obj->handle_count--;
    if (obj->handle_count > 0) return false;
    if (obj->destroyed) {
        free_if_unused(obj);
        return false;
    }
    *dangling = sim_object_destroy(obj);
    return true;
}

void sim_object_view_released(sim_object *obj) {
    obj->view_count--;
    free_if_unused(obj);
}

void sim_ns_init(sim_namespace *ns) {
    sim_hmap_init(&ns->names);
}

void sim_ns_free(sim_namespace *ns) {
    sim_hmap_clear(&ns->names, NULL, NULL);
}

sim_object *sim_ns_lookup(const sim_namespace *ns, const char *name) {
    return sim_hmap_get_str(&ns->names, name);
}

bool sim_ns_insert(sim_namespace *ns, sim_object *obj) {
    return sim_hmap_put_str(&ns->names, obj->name, obj);
}

void sim_ns_remove(sim_namespace *ns, const sim_object *obj) {
    if (sim_hmap_get_str(&ns->names, obj->name) == obj) sim_hmap_remove_str(&ns->names, obj->name);
}
