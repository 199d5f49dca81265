/* sim/demo.h — the demonstration family demo: one call, DemoGetTicket (DEMO.TICKET).
 *
 * Built only with -DRTSHM_DEMO_FAMILY=ON. It exists to show, and to test, what a new API family
 * costs (sim/README.md, "Adding an API family"): its rows in spec/, this header and sim/src/demo.c
 * with its descriptor, its test, and a row in each table; nothing else in the model, the parser, the
 * schema, the reference's dispatch or the checker names it.
 *
 * The call: each process has a ticket counter, 0 when the process is added. DemoGetTicket(dwStep)
 * advances it by dwStep and returns the new value, so the first ticket of a process is its first
 * step. dwStep 0, or a step that would take the counter past 0xFFFFFFFF, fails: 0,
 * ERROR_INVALID_PARAMETER, the counter unchanged.
 *
 * Error channel: the return value plus the thread's last-error slot (SIM_SLOT_THREAD, the slot
 * GetLastError reads): a failure sets it, a success leaves it unchanged (Win32 convention). *out
 * receives each call's own status (ERROR_SUCCESS on success) and the clause DEMO.TICKET.
 *
 * Family state (demo.c holds the descriptor): per process, the counter (sim_demo_ticket). */
#ifndef SIM_DEMO_H
#define SIM_DEMO_H

#include <stdint.h>

#include "sim/world.h"

/* The ticket counter of p: the last ticket DemoGetTicket returned to it, 0 before the first. */
uint32_t sim_demo_ticket(const sim_process *p);

/* DemoGetTicket as process p (see the file comment): the new ticket, or 0 on failure. */
uint32_t sim_demo_DemoGetTicket(sim_process *p, uint32_t step, sim_outcome *out);

#endif
