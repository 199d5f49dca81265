/* sim/src/object.c — object lifetime (handles, views, references, destruction) and the per-kernel
 * namespace. What differs by family (struct size, what else goes on destroy, holds the family keeps
 * itself) comes from the object's family row (sim/family.h); nothing here names a family. */
#include "sim/object.h"

#include <stdlib.h>
#include <string.h>

#include "sim/alloc.h"
#include "sim/assert.h"
#include "sim/family.h"
#include "sim/world.h"

static const char *const kind_names[SIM_OBJ_KIND_COUNT] = {
    [SIM_OBJ_SHM] = "shared-memory",  [SIM_OBJ_EVENT] = "event",     [SIM_OBJ_MUTEX] = "mutex",
    [SIM_OBJ_SEMAPHORE] = "semaphore", [SIM_OBJ_RTMEM] = "rt-memory", [SIM_OBJ_SEGMENT] = "segment",
    [SIM_OBJ_RTSEM] = "rt-semaphore", [SIM_OBJ_RTPROC] = "rt-process",
};

const char *sim_object_kind_name(sim_object_kind kind) {
    return (unsigned)kind < SIM_OBJ_KIND_COUNT && kind_names[kind] ? kind_names[kind] : "?";
}

sim_object *sim_object_new(sim_kernel *kernel, const sim_family *family, sim_object_kind kind, const char *name,
                           uint64_t id) {
    SIM_ASSERT(family != NULL && (unsigned)kind < SIM_OBJ_KIND_COUNT && family->kinds[kind] != NULL);
    size_t size = family->kinds[kind]->object_size;
    SIM_ASSERT(size >= sizeof(sim_object));
    sim_object *obj = sim_calloc(1, size); /* zero-filled: every family field starts empty */
    if (obj == NULL) return NULL;
    if (name) {
        obj->name = sim_strdup(name);
        if (obj->name == NULL) {
            sim_free(obj);
            return NULL;
        }
    }
    obj->kind = kind;
    obj->family = family;
    obj->id = id;
    obj->kernel = kernel;
    sim_pages_init(&obj->contents);
    obj->prev = kernel->last_object;
    if (kernel->last_object) kernel->last_object->next = obj;
    else kernel->first_object = obj;
    kernel->last_object = obj;
    return obj;
}

void sim_object_charge(sim_object *obj, uint64_t *counter, uint64_t bytes) {
    SIM_ASSERT(obj->charged_to == NULL && !obj->destroyed);
    obj->charged_to = counter;
    obj->charged_bytes = bytes;
    *counter += bytes;
}

void sim_object_set_memory_clauses(sim_object *obj, uint64_t asked_bytes, const char *round_clause,
                                   const char *fresh_clause) {
    SIM_ASSERT(asked_bytes <= obj->size_bytes && round_clause != NULL && fresh_clause != NULL);
    obj->asked_bytes = asked_bytes;
    obj->round_clause = round_clause;
    obj->fresh_clause = fresh_clause;
}

static void object_free(sim_object *obj) {
    sim_pages_free(&obj->contents);
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
    /* IWIN32.CLOSE.LAST_DESTROYS: the name is free again and the charge (pool, memory) is returned. */
    if (obj->name) sim_ns_remove(&k->ns, obj);
    if (obj->charged_to) {
        SIM_ASSERT(*obj->charged_to >= obj->charged_bytes);
        *obj->charged_to -= obj->charged_bytes;
    }
    obj->charged_to = NULL;
    obj->charged_bytes = 0;
    sim_pages_free(&obj->contents);
    if (obj->prev) obj->prev->next = obj->next;
    else k->first_object = obj->next;
    if (obj->next) obj->next->prev = obj->prev;
    else k->last_object = obj->prev;
    obj->prev = obj->next = NULL;
    obj->destroyed = true;
    const sim_kind_rules *rules = sim_object_rules(obj);
    if (rules->destroyed) rules->destroyed(obj); /* e.g. RT.FREE: the memory handles over a block go with it */
    uint32_t dangling = obj->view_count;
    SIM_ASSERT(obj->ref_count > 0);
    obj->ref_count--;
    free_if_unused(obj);
    return dangling;
}

bool sim_object_handle_released(sim_object *obj, uint32_t *dangling) {
    *dangling = 0;
    SIM_ASSERT(obj->handle_count > 0);
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
    SIM_ASSERT(obj->view_count > 0);
    obj->view_count--;
    free_if_unused(obj);
}

void sim_object_ref_released(sim_object *obj) {
    SIM_ASSERT(obj->ref_count > 0);
    obj->ref_count--;
    free_if_unused(obj);
}

uint32_t sim_object_internal_holds(const sim_object *obj) {
    const sim_kind_rules *rules = sim_object_rules(obj);
    return rules->internal_holds ? rules->internal_holds(obj) : 0;
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
    SIM_ASSERT(obj->name != NULL && !obj->destroyed && sim_hmap_get_str(&ns->names, obj->name) == NULL);
    return sim_hmap_put_str(&ns->names, obj->name, obj);
}

void sim_ns_remove(sim_namespace *ns, const sim_object *obj) {
    if (sim_hmap_get_str(&ns->names, obj->name) == obj) sim_hmap_remove_str(&ns->names, obj->name);
}

size_t sim_ns_count(const sim_namespace *ns) {
    return ns->names.count;
}
