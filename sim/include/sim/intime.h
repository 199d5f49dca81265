/* sim/intime.h — INtime kernel objects and the RT-side calls that create what NTX maps (RT.*).
 *
 * Every INtime kernel has an object table (k->rt_handles): memory handles (segments), semaphores and
 * process objects get RTHANDLE values from it. Values are slot-based and recycled: a freed value is
 * the next one given out on that kernel (NTX.MAP.CACHE_REUSE depends on this). RT memory blocks
 * (AllocateRtMemory) are owned by the allocating process through a handle in its own table and are
 * freed with it. A segment (CreateRtMemoryHandle) covers a byte range of a memory block and keeps it
 * referenced; it does not keep it alive.
 *
 * Error channel: every RT call sets the thread's slot (p->last_error) to its status, E_OK on success
 * (RT.LASTERROR), and reports it with its clause in *out. Callers are rt processes on a running kernel. */
#ifndef SIM_INTIME_H
#define SIM_INTIME_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/world.h"

#define SIM_BAD_RTHANDLE 0xFFFFull

/* Creates the kernel's root process object (at creation and at every start). False on exhaustion. */
bool sim_rt_create_root(sim_world *w, sim_kernel *k);

/* Destroys every object still in k's table and empties it (kernel stop, world teardown). */
void sim_rt_table_clear(sim_kernel *k);

/* The live object behind RTHANDLE value h on k, or NULL. */
sim_object *sim_rt_lookup(const sim_kernel *k, uint64_t h);

/* Enters obj in k's table (obj->handle_count counts the entry) and returns its RTHANDLE, 0 when full. */
uint64_t sim_rt_register(sim_kernel *k, sim_object *obj);

/* Removes obj from k's table and destroys it. */
void sim_rt_delete(sim_kernel *k, sim_object *obj);

/* Deletes every segment (memory handle) over the block mem from its kernel's table (RT.FREE). */
void sim_rt_drop_segments_over(sim_object *mem);

/* A catalog entry: the RTHANDLE a name stands for and the object it stood for when cataloged. */
typedef struct sim_catalog_entry {
    uint64_t rthandle;
    uint64_t object_id;
} sim_catalog_entry;

/* Catalogs name -> obj in proc's directory. Returns 0, or the status of the failure (E_EXIST when the
 * name stands for a live object already, E_MEM when memory runs out). */
uint32_t sim_catalog_put(sim_object *proc, const char *name, const sim_object *obj);

/* The live object name stands for in proc's directory on kernel k, or NULL (absent, or its object is
 * gone: names of deleted objects are not found). */
sim_object *sim_catalog_get(const sim_kernel *k, const sim_object *proc, const char *name);

/* A new memory block of size_bytes (page-rounded) charged to k's memory, or NULL when it does not fit. */
sim_object *sim_rt_new_memory(sim_world *w, sim_kernel *k, uint64_t size_bytes);

/* A new segment over [offset, offset+length) of base, entered in k's table; NULL when the table is full. */
sim_object *sim_rt_new_segment(sim_world *w, sim_kernel *k, sim_object *base, uint64_t offset, uint64_t length);

uint64_t sim_rt_AllocateRtMemory(sim_process *p, uint32_t cb_size, sim_outcome *out);
uint64_t sim_rt_CreateRtMemoryHandle(sim_process *p, uint64_t address, uint32_t cb_size, sim_outcome *out);
bool sim_rt_DeleteRtMemoryHandle(sim_process *p, uint64_t h, sim_outcome *out);
bool sim_rt_FreeRtMemory(sim_process *p, uint64_t address, sim_outcome *out);
bool sim_rt_CatalogRtHandle(sim_process *p, uint64_t h_process, uint64_t h_object, const char *name, sim_outcome *out);
uint64_t sim_rt_CreateRtSemaphore(sim_process *p, uint32_t initial_units, uint32_t max_units, uint32_t flags,
                               sim_outcome *out);
uint32_t sim_rt_GetLastRtError(sim_process *p, sim_outcome *out);

/* Catalog names are 1..12 characters (NTX.CATALOG.NAMES). */
bool sim_catalog_name_ok(const char *name);

#endif
