/* sim/rtx64.h — the RTX64 Rt* shared-memory and naming calls on the model (CLAUSES.md RTX64.*).
 *
 * Callers: rt processes in RTSS (an rtx64 kernel) and Windows processes on a node with an RTSS; both
 * reach that RTSS (p->rtss), whose namespace holds shared memory, events, mutexes and semaphores
 * together (RTX64.CREATE.NAME_COLLISION). Memory for shared memory objects comes from the RTSS's
 * `memory`. Views in RTSS processes are always read-write (RTK.OPEN.RTSS_ALWAYS_RW); a Windows
 * process's view honours the object's protection (creation) or the access asked for (open).
 *
 * Error channel: return value plus the thread's last-error slot; *out gets the status and clause.
 * rtx64.c holds the family's descriptor and its rules for the Win32-shaped calls it shares with iwin32
 * (sim/win32_objects.h), which implement the calls below. */
#ifndef SIM_RTX64_H
#define SIM_RTX64_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/world.h"

uint64_t sim_rtx64_RtCreateSharedMemory(sim_process *p, uint32_t flProtect, uint32_t size_high, uint32_t size_low,
                                        const char *name, uint64_t *location, sim_outcome *out);
uint64_t sim_rtx64_RtOpenSharedMemory(sim_process *p, uint32_t access, bool inherit, const char *name,
                                      uint64_t *location, sim_outcome *out);
bool sim_rtx64_RtCloseHandle(sim_process *p, uint64_t handle, sim_outcome *out);
uint64_t sim_rtx64_RtCreateEvent(sim_process *p, bool manual_reset, bool initial_state, const char *name,
                                 sim_outcome *out);
uint64_t sim_rtx64_RtCreateMutex(sim_process *p, bool initial_owner, const char *name, sim_outcome *out);
uint64_t sim_rtx64_RtCreateSemaphore(sim_process *p, int32_t initial_count, int32_t maximum_count, const char *name,
                                     sim_outcome *out);
uint32_t sim_rtx64_GetLastError(sim_process *p, sim_outcome *out);
void sim_rtx64_SetLastError(sim_process *p, uint32_t code, sim_outcome *out);

#endif
