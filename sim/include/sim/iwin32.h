/* sim/iwin32.h — the INtime iwin32 shared-memory family on the model (seed:002, CLAUSES.md IWIN32.*).
 *
 * Callers: rt processes on an INtime kernel, and Windows processes through iwin32x, which reach the
 * INtime kernel named by their process's `kernel` (p->kernel; a process without one gets
 * ERROR_NOT_READY, SIM.KERNEL.STOPPED, though the validator rejects iwin32 calls from a Windows process
 * whose node has no INtime kernel). Objects live in that kernel's namespace and their memory comes
 * from its iwin32 pool (the family's state per INtime kernel).
 *
 * iwin32.c holds the family's descriptor and its rules for the Win32-shaped calls it shares with
 * RTX64 (sim/win32_objects.h), which implement the calls below.
 *
 * Error channel: the return value plus the thread's last-error slot (p->last_error). Every function
 * fills *out with the status it produced (ERROR_SUCCESS on success, ERROR_ALREADY_EXISTS when an
 * existing object was opened by a creating call) and the clause that decided the outcome.
 * Pointers are simulated virtual addresses in the caller's address space (sim/addrspace.h);
 * `location == NULL` models a NULL pointer argument. */
#ifndef SIM_IWIN32_H
#define SIM_IWIN32_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/world.h"

/* Creates or opens the shared memory object `name` (NULL/"" = unnamed) of size_low bytes, maps a
 * read-write view into p and stores its address in *location. Returns the new handle, or 0 (NULL). */
uint64_t sim_iwin32_RtCreateSharedMemory(sim_process *p, uint32_t flProtect, uint32_t size_high, uint32_t size_low,
                                  const char *name, uint64_t *location, sim_outcome *out);

/* Opens the existing shared memory object `name`, maps a view into p and stores its address in
 * *location. dwDesiredAccess and bInheritHandle are ignored (IWIN32.OPEN.OK). Returns the handle or 0. */
uint64_t sim_iwin32_RtOpenSharedMemory(sim_process *p, uint32_t access, bool inherit, const char *name,
                                uint64_t *location, sim_outcome *out);

/* Frees p's view at `location` (IWIN32.UNMAP.VIEW). TRUE on success. */
bool sim_iwin32_RtUnmapSharedMemory(sim_process *p, uint64_t location, sim_outcome *out);

/* Closes one handle of any object kind (IWIN32.CLOSE.*). */
bool sim_iwin32_CloseHandle(sim_process *p, uint64_t handle, sim_outcome *out);
/* RtCloseHandle (iwin32/iwin32x): the same as CloseHandle, from RT and Windows processes
 * (IWIN32.CLOSE.RTCLOSEHANDLE). */
bool sim_iwin32_RtCloseHandle(sim_process *p, uint64_t handle, sim_outcome *out);

/* Sync objects: they occupy names in the same namespace (IWIN32.SYNC.NAMES). */
uint64_t sim_iwin32_CreateEvent(sim_process *p, bool manual_reset, bool initial_state, const char *name, sim_outcome *out);
uint64_t sim_iwin32_CreateMutex(sim_process *p, bool initial_owner, const char *name, sim_outcome *out);
uint64_t sim_iwin32_CreateSemaphore(sim_process *p, int32_t initial_count, int32_t maximum_count, const char *name,
                             sim_outcome *out);

/* The thread's last-error slot (IWIN32.LASTERROR). */
uint32_t sim_iwin32_GetLastError(sim_process *p, sim_outcome *out);
void sim_iwin32_SetLastError(sim_process *p, uint32_t code, sim_outcome *out);

/* The size of k's iwin32 pool and what live objects are charged of it (IWIN32.CREATE.POOL); 0 for a
 * kernel without one (not INtime). */
uint64_t sim_iwin32_pool_bytes(const sim_kernel *k);
uint64_t sim_iwin32_pool_used_bytes(const sim_kernel *k);

#endif
