/* sim/intime.h — the rt family: INtime kernel objects and the RT-side calls that create what NTX maps
 * (RT.*).
 *
 * Every INtime kernel has an object table (family state, sim_rt_kernel): memory handles (segments),
 * semaphores and process objects get RTHANDLE values from it. Values are slot-based and recycled: a
 * freed value is the next one given out on that kernel (NTX.MAP.CACHE_REUSE depends on this). RT
 * memory blocks (AllocateRtMemory) are owned by the allocating process through a handle in its own
 * table and are freed with it. A segment (CreateRtMemoryHandle) covers a byte range of a memory block
 * and keeps it referenced; it does not keep it alive.
 *
 * Objects of the rt family (SIM_OBJ_RTMEM, SIM_OBJ_SEGMENT, SIM_OBJ_RTSEM, SIM_OBJ_RTPROC; NTX makes
 * them too) live in a sim_rt_object; sim_rt_of gives it for one of their sim_object pointers.
 * intime_table.c holds the table, the catalog and the family's descriptor; intime_rt.c the RT calls.
 *
 * Error channel: a failing RT call sets the thread's slot (p->last_error) to its status, a successful
 * one leaves it (RT.LASTERROR.STICKY; GetLastRtError reads its low 16 bits), and every call reports
 * its status with its clause in *out. Callers are rt processes on a running kernel. */
#ifndef SIM_INTIME_H
#define SIM_INTIME_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/assert.h"
#include "sim/family.h"
#include "sim/world.h"

#define SIM_BAD_RTHANDLE 0xFFFFull
#define SIM_MAX_RT_HANDLES 16382 /* INtime RTHANDLEs 0x4..0xFFF8 stay below BAD_RTHANDLE (0xFFFF) */

/* An object of the rt family: sim_object first (the same address), then what INtime adds. */
typedef struct sim_rt_object {
    sim_object obj;
    uint64_t rthandle;      /* its entry in the kernel's object table (RTHANDLE), 0 if none */
    /* SIM_OBJ_RTMEM */
    uint64_t owner_handle;  /* from AllocateRtMemory: the owner process's handle */
    bool held_by_segment;   /* its one handle is its segment's, not a process's (ntxAllocateRtMemory) */
    struct sim_rt_object *first_segment, *last_segment; /* its live segments, creation order */
    /* SIM_OBJ_SEGMENT */
    sim_object *base;       /* the memory it covers (holds one ref_count on it) */
    bool owns_base;         /* it also holds base's only handle (ntxAllocateRtMemory) */
    uint64_t base_offset;   /* where in base it starts, bytes */
    uint64_t length;        /* bytes covered */
    struct sim_rt_object *prev_over, *next_over; /* neighbours in base's list of segments */
    /* SIM_OBJ_RTPROC */
    sim_hmap catalog;       /* name -> sim_catalog_entry (CatalogRtHandle, ntxCatalogNtxHandle) */
    /* SIM_OBJ_RTSEM */
    int32_t count, max_count;
} sim_rt_object;

/* What the rt family keeps per INtime kernel. */
typedef struct sim_rt_kernel {
    sim_handles table;      /* the kernel's object table; values are RTHANDLEs (slot-based, reused) */
    sim_object *root;       /* the root process object (its catalog is the kernel's directory), or NULL */
} sim_rt_kernel;

/* obj as the rt object it is (obj must belong to the rt family). */
static inline sim_rt_object *sim_rt_of(sim_object *obj) {
    SIM_ASSERT(obj != NULL && obj->family->api == SPEC_API_RT);
    return (sim_rt_object *)obj;
}

/* k's rt state, or NULL for a kernel that is not INtime. */
sim_rt_kernel *sim_rt_kernel_of(const sim_kernel *k);

/* k's object table, or NULL for a kernel that is not INtime. */
const sim_handles *sim_rt_table(const sim_kernel *k);

/* k's root process object, or NULL (not INtime, or stopped). */
sim_object *sim_rt_root(const sim_kernel *k);

/* The live object behind RTHANDLE value h on k, or NULL. */
sim_object *sim_rt_lookup(const sim_kernel *k, uint64_t h);

/* Enters obj in k's table (obj->handle_count counts the entry) and returns its RTHANDLE, 0 when full. */
uint64_t sim_rt_register(sim_kernel *k, sim_rt_object *obj);

/* Removes obj from k's table and destroys it. */
void sim_rt_delete(sim_kernel *k, sim_rt_object *obj);

/* A catalog entry: the RTHANDLE a name stands for and the object it stood for when cataloged. */
typedef struct sim_catalog_entry {
    uint64_t rthandle;
    uint64_t object_id;
} sim_catalog_entry;

/* Catalogs name -> obj in proc's directory. Returns 0, or the status of the failure (E_EXIST when the
 * name stands for a live object already, E_MEM when memory runs out). */
uint32_t sim_catalog_put(sim_object *proc, const char *name, sim_object *obj);

/* The live object name stands for in proc's directory on kernel k, or NULL (absent, or its object is
 * gone: names of deleted objects are not found). */
sim_object *sim_catalog_get(const sim_kernel *k, sim_object *proc, const char *name);

/* A new memory block of asked_bytes, page-rounded, charged to k's memory, or NULL when it does not fit.
 * Its rounded tail rests on round_clause and its never-written bytes on fresh_clause (the allocating
 * call's: sim_object_set_memory_clauses). */
sim_rt_object *sim_rt_new_memory(sim_world *w, sim_kernel *k, uint64_t asked_bytes, const char *round_clause,
                                 const char *fresh_clause);

/* A new segment over [offset, offset+length) of base, entered in k's table; NULL when the table is full. */
sim_rt_object *sim_rt_new_segment(sim_world *w, sim_kernel *k, sim_rt_object *base, uint64_t offset,
                                  uint64_t length);

uint64_t sim_rt_AllocateRtMemory(sim_process *p, uint32_t cb_size, sim_outcome *out);
uint64_t sim_rt_CreateRtMemoryHandle(sim_process *p, uint64_t address, uint32_t cb_size, sim_outcome *out);
bool sim_rt_DeleteRtMemoryHandle(sim_process *p, uint64_t h, sim_outcome *out);
/* FreeRtMemory's failure value, -1 as a DWORD (RT.FREE.BYTES). */
#define SIM_RT_FREE_FAILED 0xFFFFFFFFu

/* Frees the block of the caller's RT memory that starts at address: returns the number of bytes freed
 * (the block's page-rounded size), or SIM_RT_FREE_FAILED with E_BAD_ADDR (RT.FREE, RT.FREE.BYTES). */
uint32_t sim_rt_FreeRtMemory(sim_process *p, uint64_t address, sim_outcome *out);
bool sim_rt_CatalogRtHandle(sim_process *p, uint64_t h_process, uint64_t h_object, const char *name, sim_outcome *out);
uint64_t sim_rt_CreateRtSemaphore(sim_process *p, uint32_t initial_units, uint32_t max_units, uint32_t flags,
                               sim_outcome *out);
uint32_t sim_rt_GetLastRtError(sim_process *p, sim_outcome *out);

/* Catalog names are 1..12 characters (NTX.CATALOG.NAMES). */
bool sim_catalog_name_ok(const char *name);

#endif
