/* sim/mem.h — memory accesses through simulated pointers (MEM.*).
 *
 * An access succeeds when [va, va+len) lies inside one live view of the calling process
 * (MEM.ACCESS.ONE_VIEW) whose object still exists and, for a write, the view is writable. Otherwise it
 * records ACCESS_VIOLATION and changes nothing: a write through a read-only view by MEM.VIEW.FAULT (the
 * documented fault), an address no view covers by MEM.VIEW.OUTSIDE (the model's). All views of one
 * object read and write the same bytes (MEM.SHARED). A success reports the clause it rests on: the
 * span clause of a view that maps more than its call documents, the rounding clause of the object's
 * family for its page-rounded tail, its fresh-memory clause for a read of bytes never written, else
 * MEM.SHARED (mem.c, success_clause). */
#ifndef SIM_MEM_H
#define SIM_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/world.h"

/* Reads len bytes at va into out. Returns false on a fault (out is then zeroed). */
bool sim_mem_read(sim_process *p, uint64_t va, size_t len, void *out, sim_outcome *o);

/* Writes len bytes at va. Returns false on a fault (nothing is written). */
bool sim_mem_write(sim_process *p, uint64_t va, const void *data, size_t len, sim_outcome *o);

#endif
