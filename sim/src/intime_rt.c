/* sim/src/intime_rt.c — the RT calls AllocateRtMemory, CreateRtMemoryHandle, DeleteRtMemoryHandle,
 * FreeRtMemory, CatalogRtHandle, CreateRtSemaphore and GetLastRtError on the model (the rt family's
 * table, objects and descriptor are in intime_table.c). */
#include "sim/intime.h"

#include <stdlib.h>
#include <string.h>

#include "sim/alloc.h"
#include "sim/shm.h"
#include "spec/clause_ids.h"

#define INTIME SPEC_FAMILY_INTIME

/* The outcome, and the slot on failure (RT.LASTERROR.STICKY: "All RT functions set the thread's last
 * error field on failure. Note: A successful call does not clear the status."). */
static void set(sim_process *p, sim_outcome *out, uint32_t status, const char *clause) {
    if (status != ST_E_OK) p->last_error = status;
    sim_outcome_set(out, INTIME, status, clause);
}

uint64_t sim_rt_AllocateRtMemory(sim_process *p, uint32_t cb_size, sim_outcome *out) {
    if (cb_size == 0) {
        set(p, out, ST_E_PARAM, CL_RT_ALLOC_ROUND);
        return 0;
    }
    /* RT.ALLOC.ROUND: the size is rounded up to 4 KiB and the memory is page-aligned (its tail rests on
     * that sentence); RT.ALLOC.FRESH_MEMORY: it reads as zeros until written (the model's). */
    sim_rt_object *mem = sim_rt_new_memory(p->world, p->kernel, cb_size, CL_RT_ALLOC_ROUND, CL_RT_ALLOC_FRESH_MEMORY);
    if (mem == NULL) {
        set(p, out, ST_E_MEM, CL_RT_ALLOC_MEMORY);
        return 0;
    }
    uint64_t va = 0;
    uint64_t h = sim_attach(p, &mem->obj, true, &va);
    if (h == 0) {
        sim_object_destroy(&mem->obj);
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
    sim_rt_object *seg =
        sim_rt_new_segment(p->world, p->kernel, sim_rt_of(v->obj), v->obj_offset + (address - v->base_va), cb_size);
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
    sim_rt_delete(p->kernel, sim_rt_of(seg));
    set(p, out, ST_E_OK, CL_RT_HANDLE_DELETE);
    return true;
}

uint32_t sim_rt_FreeRtMemory(sim_process *p, uint64_t address, sim_outcome *out) {
    bool partial;
    const sim_view *v = sim_as_find(&p->as, address, 1, &partial);
    if (v == NULL || v->base_va != address || v->obj->kind != SIM_OBJ_RTMEM || sim_rt_of(v->obj)->owner_handle == 0 ||
        sim_handles_get(&p->handles, sim_rt_of(v->obj)->owner_handle) != v->obj) {
        set(p, out, ST_E_BAD_ADDR, CL_RT_FREE);
        return SIM_RT_FREE_FAILED; /* RT.FREE.BYTES: -1 */
    }
    uint64_t owner = sim_rt_of(v->obj)->owner_handle;
    uint32_t freed_bytes = (uint32_t)v->length; /* the whole block, page-rounded (RT.FREE.BYTES) */
    v->obj->destroyed_clause = CL_RT_FREE;
    sim_as_unmap(&p->as, address);
    sim_process_close_handle(p, owner);
    set(p, out, ST_E_OK, CL_RT_FREE_BYTES);
    return freed_bytes;
}

bool sim_catalog_name_ok(const char *name) {
    size_t n = name ? sim_name_chars(name) : 0;
    return n >= 1 && n <= 12;
}

bool sim_rt_CatalogRtHandle(sim_process *p, uint64_t h_process, uint64_t h_object, const char *name, sim_outcome *out) {
    sim_kernel *k = p->kernel;
    sim_object *proc = h_process == 0 ? sim_rt_root(k) : sim_rt_lookup(k, h_process);
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
    sim_object *obj = sim_object_new(p->kernel, sim_family_get(SPEC_API_RT), SIM_OBJ_RTSEM, NULL, p->world->next_object_id);
    sim_rt_object *sem = obj ? sim_rt_of(obj) : NULL;
    if (sem == NULL || sim_rt_register(p->kernel, sem) == 0) {
        if (obj) sim_object_destroy(obj);
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
    /* RT.LASTERROR.STICKY: the slot GetLastError (iwin32) reads whole; "GetLastRtError returns only 16
     * bits of status". */
    sim_outcome_set(out, INTIME, ST_E_OK, CL_RT_LASTERROR_STICKY);
    return p->last_error & 0xFFFFu;
}
