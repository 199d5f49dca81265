/* sim/ntx.h — the INtime NTX calls a Windows process makes (seed:000, CLAUSES.md NTX.*).
 *
 * Values: an NTXLOCATION is 0x10000 * (kernel index + 1); an NTXHANDLE names an object of an INtime
 * kernel as (kernel index + 1) << 16 | RTHANDLE, so a recycled RTHANDLE gives a recycled NTXHANDLE.
 * Both kinds of value fit in 32 bits (SIM_NTX_VALUE_MAX). The model's Windows processes are 64-bit (ntx.h:
 * "NTXHANDLE = pointer; NTXLOCATION = pointer"; ntx64.lib is the library of a 64-bit Windows process), so
 * NTX_BAD_NTXHANDLE, ntx.h's NTXHANDLE(-1), is 0xFFFFFFFFFFFFFFFF, and so is NTX_UNDEFINED_LOCATION, ntx.h's
 * NTXLOCATION(-1), what a failed lookup returns (NTX.LOCATION.VALUES, NTX.LOCATION.UNDEFINED);
 * NTX_LOCAL (NULL) names the one INtime kernel on the caller's node (NTX.LOCATION.LOCAL).
 *
 * The pointer cache (NTX.MAP.SAME_POINTER, NTX.MAP.CACHE_REUSE) is per Windows process and keyed by
 * the NTXHANDLE value only: a mapping call consults it before contacting the kernel, so a handle value
 * that was freed without ntxUnmapRtSharedMemory and reused for another segment returns the stale
 * pointer, and the model records a finding 'stale-cache-hit'.
 *
 * Error channel: return value plus ntxGetLastRtError(), the status of the last *failing* NTX call
 * (NTX.LASTERROR.STICKY), a slot of the family's own (SIM_SLOT_OWN). *out receives each call's own
 * status (E_OK on success) and clause.
 *
 * Family state (ntx.c holds the descriptor): per process, the sticky slot and the pointer cache
 * (sim_ntx_process); the objects NTX works on belong to the rt family (sim/intime.h). */
#ifndef SIM_NTX_H
#define SIM_NTX_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/world.h"

#define SIM_NTX_BAD_HANDLE 0xFFFFFFFFFFFFFFFFull         /* ntx.h: NTXHANDLE(-1), a 64-bit pointer */
#define SIM_NTX_LOCATION_UNIT 0x10000ull
#define SIM_NTX_UNDEFINED_LOCATION 0xFFFFFFFFFFFFFFFFull /* ntx.h: NTXLOCATION(-1), a 64-bit pointer */
#define SIM_NTX_VALUE_MAX 0xFFFFFFFFull /* every NTXLOCATION and NTXHANDLE the model gives out is at most this */
#define SIM_NTX_LOCAL 0ull                       /* ntx.h: NTX_LOCAL = NULL */
#define SIM_NTX_MAX_MAP_BYTES 0xFFFFF000ull /* NTX.MAP.MAX_SIZE */
#define SIM_NTX_MAP_WRITE 0x4u
#define SIM_NTX_MAP_UNALIGNED 0x10000u

/* One pointer-cache entry. */
typedef struct sim_ntx_entry {
    uint64_t ptr;         /* what the mapping call returned */
    uint64_t view_base;   /* the view that backs it */
    uint64_t segment_id;  /* sim_object id of the segment it was made for */
    uint64_t memory_id;   /* sim_object id of the memory the view maps */
    bool writable;
} sim_ntx_entry;

uint64_t sim_ntx_ntxGetLocationByName(sim_process *p, const char *name, sim_outcome *out);
uint64_t sim_ntx_ntxGetRootRtProcess(sim_process *p, uint64_t location, sim_outcome *out);
uint64_t sim_ntx_ntxAllocateRtMemory(sim_process *p, uint64_t location, uint32_t size, sim_outcome *out);
uint32_t sim_ntx_ntxFreeRtMemory(sim_process *p, uint64_t segment, sim_outcome *out);
uint32_t sim_ntx_ntxCatalogNtxHandle(sim_process *p, uint64_t h_process, uint64_t h_object, const char *name,
                                 sim_outcome *out);
uint64_t sim_ntx_ntxLookupNtxhandle(sim_process *p, uint64_t h_process, const char *name, uint32_t timeout,
                                sim_outcome *out);
uint64_t sim_ntx_ntxImportRtHandle(sim_process *p, uint64_t rt_handle, uint64_t source, sim_outcome *out);
uint64_t sim_ntx_ntxMapRtSharedMemory(sim_process *p, uint64_t segment, sim_outcome *out);
uint64_t sim_ntx_ntxMapRtSharedMemoryEx(sim_process *p, uint64_t segment, uint32_t flags, sim_outcome *out);
uint32_t sim_ntx_ntxUnmapRtSharedMemory(sim_process *p, uint64_t segment, sim_outcome *out);
uint32_t sim_ntx_ntxGetLastRtError(sim_process *p, sim_outcome *out);

/* What the ntx family keeps per process. */
typedef struct sim_ntx_process {
    uint32_t last_error; /* status of the last failing NTX call (ntxGetLastRtError) */
    sim_hmap cache;      /* the pointer cache, NTXHANDLE value -> sim_ntx_entry */
} sim_ntx_process;

/* p's ntx state (every process of a world has one). */
sim_ntx_process *sim_ntx_of(const sim_process *p);

/* The NTXHANDLE of object rthandle on kernel k. */
uint64_t sim_ntx_handle(const sim_kernel *k, uint64_t rthandle);

#endif
