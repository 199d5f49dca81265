/* sim/src/intime_rt.c — the INtime kernel object table and the RT calls AllocateRtMemory,
 * CreateRtMemoryHandle, DeleteRtMemoryHandle, FreeRtMemory, CatalogRtHandle, CreateRtSemaphore and
 * GetLastRtError on the model. */
#include "sim/intime.h"

#include <stdlib.h>
#include <string.h>

#include "sim/alloc.h"
#include "sim/shm.h"
#include "spec/clause_ids.h"

#define INTIME SPEC_FAMILY_INTIME

/* Sets the slot and the outcome (RT.LASTERROR: every RT call sets the slot, E_OK on success). */
static void set(sim_process *p, sim_outcome *out, uint32_t status, const char *clause) {
    p->last_error = status;
    sim_outcome_set(out, INTIME, status, clause);
}

bool sim_rt_create_root(sim_world *w, sim_kernel *k) {
    sim_object *root = sim_object_new(k, SIM_OBJ_RTPROC, NULL, w->next_object_id++);
    if (root == NULL) return false;
    if (sim_rt_register(k, root) == 0) {
        sim_object_destroy(root);
        return false;
    }
    k->root_process = root;
    return true;
}

void sim_rt_table_clear(sim_kernel *k) {
    for (uint32_t slot = 0; slot < k->rt_handles.used; slot++) {
        sim_object *obj = k->rt_handles.slots[slot];
        if (obj == NULL) continue;
        sim_handles_remove(&k->rt_handles, sim_handles_value(slot));
        obj->rthandle = 0;
        bool held_elsewhere = !obj->destroyed && obj->handle_count > 1;
        uint32_t ignored;
        sim_object_handle_released(obj, &ignored); /* may free obj: not touched after this */
        if (held_elsewhere) sim_object_destroy(obj); /* still held: gone all the same */
    }
    sim_handles_free(&k->rt_handles);
    k->root_process = NULL;
}

sim_object *sim_rt_lookup(const sim_kernel *k, uint64_t h) {
    sim_object *obj = sim_handles_get(&k->rt_handles, h);
    return obj && !obj->destroyed ? obj : NULL;
}

uint64_t sim_rt_register(sim_kernel *k, sim_object *obj) {
    uint64_t h = sim_handles_add(&k->rt_handles, obj);
    if (h == 0) return 0;
    obj->handle_count++;
    obj->rthandle = h;
    return h;
}

void sim_rt_delete(sim_kernel *k, sim_object *obj) {
    sim_handles_remove(&k->rt_handles, obj->rthandle);
    obj->rthandle = 0;
    bool held_elsewhere = obj->handle_count > 1;
    uint32_t dangling;
    sim_object_handle_released(obj, &dangling);
    if (held_elsewhere) sim_object_destroy(obj);
}

void sim_rt_drop_segments_over(sim_object *mem) {
    sim_kernel *k = mem->kernel;
    /* Each turn destroys the first live segment, which takes it off the list (sim_object_destroy), in
     * creation order — the order RTHANDLEs go back to the table, which decides their reuse. */
    while (mem->first_segment) {
        sim_object *seg = mem->first_segment;
        if (seg->rthandle) sim_rt_delete(k, seg);
        else sim_object_destroy(seg);
    }
}

uint32_t sim_catalog_put(sim_object *proc, const char *name, const sim_object *obj) {
    if (sim_catalog_get(obj->kernel, proc, name)) return ST_E_EXIST;
    sim_catalog_entry *entry = sim_malloc(sizeof *entry);
    if (entry == NULL) return ST_E_MEM;
    *entry = (sim_catalog_entry){obj->rthandle, obj->id};
    sim_free(sim_hmap_remove_str(&proc->catalog, name)); /* a name of a gone object may be reused */
    if (!sim_hmap_put_str(&proc->catalog, name, entry)) {
        sim_free(entry);
        return ST_E_MEM;
    }
    return 0;
}

sim_object *sim_catalog_get(const sim_kernel *k, const sim_object *proc, const char *name) {
    const sim_catalog_entry *entry = sim_hmap_get_str(&proc->catalog, name);
    if (entry == NULL) return NULL;
    sim_object *obj = sim_rt_lookup(k, entry->rthandle);
    return obj && obj->id == entry->object_id ? obj : NULL;
}

sim_object *sim_rt_new_memory(sim_world *w, sim_kernel *k, uint64_t size_bytes) {
    size_bytes = sim_round_to_page(size_bytes);
    if (size_bytes > k->memory_bytes - k->memory_used_bytes) return NULL;
    sim_object *mem = sim_object_new(k, SIM_OBJ_RTMEM, NULL, w->next_object_id);
    if (mem == NULL) return NULL;
    w->next_object_id++;
    mem->size_bytes = size_bytes;
    mem->memory_bytes = size_bytes;
    k->memory_used_bytes += size_bytes;
    return mem;
}

sim_object *sim_rt_new_segment(sim_world *w, sim_kernel *k, sim_object *base, uint64_t offset, uint64_t length) {
    sim_object *seg = sim_object_new(k, SIM_OBJ_SEGMENT, NULL, w->next_object_id);
    if (seg == NULL) return NULL;
    seg->base = base;
    base->ref_count++;
    seg->prev_over = base->last_segment; /* RT.FREE: found again when base goes */
    if (base->last_segment) base->last_segment->next_over = seg;
    else base->first_segment = seg;
    base->last_segment = seg;
    seg->base_offset = offset;
    seg->length = length;
    seg->size_bytes = length;
    if (sim_rt_register(k, seg) == 0) {
        sim_object_destroy(seg);
        return NULL;
    }
    w->next_object_id++;
    return seg;
}

uint64_t sim_rt_AllocateRtMemory(sim_process *p, uint32_t cb_size, sim_outcome *out) {
    if (cb_size == 0) {
        set(p, out, ST_E_PARAM, CL_RT_ALLOC_ROUND);
        return 0;
    }
    /* RT.ALLOC.ROUND: the size is rounded up to 4 KiB and the memory is page-aligned. */
    sim_object *mem = sim_rt_new_memory(p->world, p->kernel, cb_size);
    if (mem == NULL) {
        set(p, out, ST_E_MEM, CL_RT_ALLOC_MEMORY);
        return 0;
    }
    uint64_t va = 0;
    uint64_t h = sim_attach(p, mem, true, &va);
    if (h == 0) {
        sim_object_destroy(mem);
        set(p, out, ST_E_MEM, CL_RT_ALLOC_MEMORY);
        return 0;
    }
    mem->owner_handle = h;
    set(p, out, ST_E_OK, CL_RT_ALLOC_ROUND);
    return va;
}

uint64_t sim_rt_CreateRtMemoryHandle(sim_process *p, uint64_t address, uint32_t cb_size, sim_outcome *out) {
    if (cb_size == 0) {
        set(p, out, ST_E_PARAM, CL_RT_HANDLE_ERRORS);
        return SIM_BAD_RTHANDLE;
    }
    bool partial = false;
    const sim_view *v = sim_as_find(&p->as, address, cb_size, &partial);
    if (v == NULL || v->obj->destroyed || v->obj->kind != SIM_OBJ_RTMEM) {
        set(p, out, ST_E_BAD_ADDR, CL_RT_HANDLE_ERRORS);
        return SIM_BAD_RTHANDLE;
    }
    /* RT.HANDLE.CREATE: any range of the caller's memory, page-aligned or not. */
    sim_object *seg = sim_rt_new_segment(p->world, p->kernel, v->obj, v->obj_offset + (address - v->base_va), cb_size);
    if (seg == NULL) {
        set(p, out, ST_E_LIMIT, CL_RT_HANDLE_ERRORS);
        return SIM_BAD_RTHANDLE;
    }
    set(p, out, ST_E_OK, CL_RT_HANDLE_CREATE);
    return seg->rthandle;
}

bool sim_rt_DeleteRtMemoryHandle(sim_process *p, uint64_t h, sim_outcome *out) {
    sim_object *seg = sim_rt_lookup(p->kernel, h);
    if (seg == NULL) {
        set(p, out, ST_E_EXIST, CL_RT_HANDLE_DELETE);
        return false;
    }
    if (seg->kind != SIM_OBJ_SEGMENT) {
        set(p, out, ST_E_TYPE, CL_RT_HANDLE_ERRORS);
        return false;
    }
    /* RT.HANDLE.DELETE: the object goes, the memory stays (unless the segment owned it). */
    sim_rt_delete(p->kernel, seg);
    set(p, out, ST_E_OK, CL_RT_HANDLE_DELETE);
    return true;
}

bool sim_rt_FreeRtMemory(sim_process *p, uint64_t address, sim_outcome *out) {
    bool partial;
    const sim_view *v = sim_as_find(&p->as, address, 1, &partial);
    if (v == NULL || v->base_va != address || v->obj->kind != SIM_OBJ_RTMEM || v->obj->owner_handle == 0 ||
        sim_handles_get(&p->handles, v->obj->owner_handle) != v->obj) {
        set(p, out, ST_E_BAD_ADDR, CL_RT_FREE);
        return false;
    }
    uint64_t owner = v->obj->owner_handle;
    v->obj->destroyed_clause = CL_RT_FREE;
    sim_as_unmap(&p->as, address);
    sim_process_close_handle(p, owner);
    set(p, out, ST_E_OK, CL_RT_FREE);
    return true;
}

bool sim_catalog_name_ok(const char *name) {
    size_t n = name ? sim_name_chars(name) : 0;
    return n >= 1 && n <= 12;
}

bool sim_rt_CatalogRtHandle(sim_process *p, uint64_t h_process, uint64_t h_object, const char *name, sim_outcome *out) {
    sim_kernel *k = p->kernel;
    sim_object *proc = h_process == 0 ? k->root_process : sim_rt_lookup(k, h_process);
    if (proc == NULL || proc->kind != SIM_OBJ_RTPROC) {
        set(p, out, proc ? ST_E_TYPE : ST_E_EXIST, CL_RT_CATALOG_ERRORS);
        return false;
    }
    if (sim_rt_lookup(k, h_object) == NULL) {
        set(p, out, ST_E_EXIST, CL_RT_CATALOG_ERRORS);
        return false;
    }
    if (!sim_catalog_name_ok(name)) {
        set(p, out, ST_E_PARAM, CL_NTX_CATALOG_NAMES);
        return false;
    }
    uint32_t err = sim_catalog_put(proc, name, sim_rt_lookup(k, h_object));
    if (err) {
        set(p, out, err, CL_RT_CATALOG_ERRORS);
        return false;
    }
    set(p, out, ST_E_OK, CL_RT_CATALOG);
    return true;
}

uint64_t sim_rt_CreateRtSemaphore(sim_process *p, uint32_t initial_units, uint32_t max_units, uint32_t flags,
                               sim_outcome *out) {
    (void)flags; /* FIFO/priority queueing is not modelled */
    if (max_units == 0 || max_units > 0xFFFF || initial_units > max_units) {
        set(p, out, ST_E_PARAM, CL_RT_SEMAPHORE);
        return SIM_BAD_RTHANDLE;
    }
    sim_object *sem = sim_object_new(p->kernel, SIM_OBJ_RTSEM, NULL, p->world->next_object_id);
    if (sem == NULL || sim_rt_register(p->kernel, sem) == 0) {
        if (sem) sim_object_destroy(sem);
        set(p, out, ST_E_LIMIT, CL_RT_SEMAPHORE);
        return SIM_BAD_RTHANDLE;
    }
    p->world->next_object_id++;
    sem->count = (int32_t)initial_units;
    sem->max_count = (int32_t)max_units;
    set(p, out, ST_E_OK, CL_RT_SEMAPHORE);
    return sem->rthandle;
}

uint32_t sim_rt_GetLastRtError(sim_process *p, sim_outcome *out) {
    sim_outcome_set(out, INTIME, ST_E_OK, CL_RT_LASTERROR);
    return p->last_error;
}
