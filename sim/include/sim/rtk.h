/* sim/rtk.h — the RTX64 Rtk* calls a Windows kernel driver makes (seed:003, CLAUSES.md RTK.*).
 *
 * A driver attaches to its node's RTSS and gets an RTSSINST (RtkRtssAttach, RtkRtssAttachEx); every
 * other call takes that instance first. Instance values are unique in the world and deterministic
 * (0x52540010, 0x52540020, ... in the order attaches happen, whichever driver makes them). An instance is valid while it is attached, its driver has not exited
 * and the RTSS has not restarted since (RTK.INSTANCE.GENERATION); while the RTSS is stopped an
 * otherwise valid instance gets STATUS_NO_SUCH_DEVICE.
 *
 * Error channel: the returned NTSTATUS only (no last-error slot); *out carries it with its clause.
 * Output parameters are modelled as in sim/iwin32.h: a NULL pointer argument is a NULL out-pointer. */
#ifndef SIM_RTK_H
#define SIM_RTK_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/world.h"

#define SIM_RTSSINST_BASE 0x52540000ull

uint32_t sim_rtk_RtkRtssAttach(sim_process *p, uint32_t max_wfso, uint64_t *inst, sim_outcome *out);
uint32_t sim_rtk_RtkRtssAttachEx(sim_process *p, uint32_t max_wfso, uint64_t *inst, sim_outcome *out);
uint32_t sim_rtk_RtkRtssDetach(sim_process *p, uint64_t inst, sim_outcome *out);
uint32_t sim_rtk_RtkCreateSharedMemory(sim_process *p, uint64_t inst, uint64_t *handle, uint32_t protect,
                                   uint32_t size_high, uint32_t size_low, const char *name, uint64_t *location,
                                   sim_outcome *out);
uint32_t sim_rtk_RtkOpenSharedMemory(sim_process *p, uint64_t inst, uint64_t *handle, uint32_t access, bool inherit,
                                 const char *name, uint64_t *location, sim_outcome *out);
uint32_t sim_rtk_RtkUnMapSharedMemory(sim_process *p, uint64_t inst, uint64_t location, sim_outcome *out);
uint32_t sim_rtk_RtkCloseHandle(sim_process *p, uint64_t inst, uint64_t handle, sim_outcome *out);

#endif
