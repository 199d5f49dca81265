/* sim/rtk.h — the RTX64 Rtk* calls a Windows kernel driver makes (seed:003, CLAUSES.md RTK.*).
 *
 * A driver attaches to its node's RTSS and gets an RTSSINST (RtkRtssAttach, RtkRtssAttachEx); every
 * other call takes that instance first. Instance values are unique in the world and deterministic
 * (0x52540010, 0x52540020, ... in the order attaches happen, whichever driver makes them). An instance is valid while it is attached, its driver has not exited
 * and the RTSS has not restarted since (RTK.INSTANCE.GENERATION); while the RTSS is stopped an
 * otherwise valid instance gets STATUS_NO_SUCH_DEVICE.
 *
 * Error channel: the returned NTSTATUS only (no last-error slot); *out carries it with its clause.
 * Output parameters are modelled as in sim/iwin32.h: a NULL pointer argument is a NULL out-pointer.
 *
 * Family state (rtk.c holds the descriptor): per process, the RTSSINST records it obtained (read them
 * with sim_rtk_instance); per world, how many instance values were handed out. The
 * shared memory objects a driver creates belong to the rtx64 family (they live in the RTSS). When an
 * RTSS stops, every live instance attached with RtkRtssAttachEx gets a SIM_NOTE_RTSS_SHUTDOWN. */
#ifndef SIM_RTK_H
#define SIM_RTK_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/world.h"

#define SIM_RTSSINST_BASE 0x52540000ull
#define SIM_MAX_INSTANCES_PER_PROCESS 1024

/* An RTSSINST a driver obtained from RtkRtssAttach(Ex): the rtk family keeps these records per process. */
typedef struct sim_instance {
    uint64_t value;           /* what the driver holds */
    sim_kernel *rtss;
    uint32_t generation;      /* RTSS incarnation it was attached to */
    bool attached;            /* false after RtkRtssDetach */
    bool ex;                  /* attached with RtkRtssAttachEx: has a shutdown callback */
} sim_instance;

/* The index-th RTSSINST p obtained from RtkRtssAttach(Ex) (0 = first), or NULL when out of range. */
const sim_instance *sim_rtk_instance(const sim_process *p, int index);

/* How many RTSSINST values p obtained (attached or not since), 0 for a process that made no attach. */
int sim_rtk_instance_count(const sim_process *p);

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
