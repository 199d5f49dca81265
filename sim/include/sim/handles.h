/* sim/handles.h — a process's handle table.
 *
 * Handle values are per process: slot i holds value 4*(i+1), so values are 0x4, 0x8, ... and never 0
 * (NULL). A closed slot goes on a free stack and is the next one handed out (last closed, first
 * reused: IWIN32.HANDLE.VALUES). Lookups are O(1) arithmetic; iteration is in slot order, which is
 * deterministic. The table is bounded by `limit` open handles. */
#ifndef SIM_HANDLES_H
#define SIM_HANDLES_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/object.h"

typedef struct sim_handles {
    sim_object **slots;    /* slots[i] is the object behind value 4*(i+1), or NULL */
    uint32_t used;         /* high-water mark of slots */
    uint32_t capacity;
    uint32_t *free_stack;  /* free slot indices, last freed on top */
    uint32_t free_count;
    uint32_t open;         /* handles currently open */
    uint32_t limit;        /* maximum open handles */
} sim_handles;

void sim_handles_init(sim_handles *ht, uint32_t limit);
void sim_handles_free(sim_handles *ht); /* does not touch the objects */

/* Stores obj and returns its new handle value; 0 when the table is full or memory runs out. */
uint64_t sim_handles_add(sim_handles *ht, sim_object *obj);

/* The object behind value, or NULL when value is not an open handle. */
sim_object *sim_handles_get(const sim_handles *ht, uint64_t value);

/* Closes value and returns its object, or NULL when it was not open. */
sim_object *sim_handles_remove(sim_handles *ht, uint64_t value);

/* The value of slot index i (for iteration over 0..used-1). */
uint64_t sim_handles_value(uint32_t slot);

#endif
