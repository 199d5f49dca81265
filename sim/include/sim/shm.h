/* sim/shm.h — what the shared-memory families have in common: name rules, page rounding, and giving
 * a process a handle plus a view of an object.
 *
 * iwin32 (seed:002) and RTX64 (seed:003) state the same name rules: at most MAX_PATH (260) characters,
 * no backslash, case-sensitive comparison. Each family reports a broken rule with its own status and
 * clause; this module only classifies. */
#ifndef SIM_SHM_H
#define SIM_SHM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/world.h"

typedef enum sim_name_problem {
    SIM_NAME_OK = 0,
    SIM_NAME_TOO_LONG,   /* more than SIM_MAX_NAME_CHARS characters */
    SIM_NAME_BACKSLASH   /* contains '\' */
} sim_name_problem;

/* Number of characters (UTF-8 code points) in name; the MAX_PATH rule counts these. */
size_t sim_name_chars(const char *name);

/* What is wrong with name's form, if anything. */
sim_name_problem sim_name_check(const char *name);

/* bytes rounded up to a multiple of SIM_PAGE_BYTES (no overflow for any 32-bit size). */
uint64_t sim_round_to_page(uint64_t bytes);

/* Gives p a handle to obj and a view of all of it (read-write when writable); stores the view's
 * address in *location. Returns the handle, or 0 when p has no free handle slot or no room in its
 * address space (nothing changes then). */
uint64_t sim_attach(sim_process *p, sim_object *obj, bool writable, uint64_t *location);

#endif
