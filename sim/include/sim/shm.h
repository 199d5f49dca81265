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

/* Number of characters of name as the MAX_PATH rule counts them: UTF-16 code units (a character outside
 * the BMP, four bytes in UTF-8, counts 2). Rtk's PUNICODE_STRING is UTF-16; the LPCTSTR forms of iwin32
 * and RTX64 are counted as a UNICODE build's TCHARs (IWIN32.CREATE.NAME_LENGTH, RTK.OPEN.NAME_LENGTH). */
size_t sim_name_chars(const char *name);

/* What is wrong with name's form, if anything, with the MAX_PATH limit (SIM_MAX_NAME_CHARS). */
sim_name_problem sim_name_check(const char *name);

/* The same with a limit of max_chars characters (RTX64's Rt* names: RTX_MAX_OBJECT_NAME_LENGTH). */
sim_name_problem sim_name_check_max(const char *name, size_t max_chars);

/* bytes rounded up to a multiple of SIM_PAGE_BYTES (no overflow for any 32-bit size). */
uint64_t sim_round_to_page(uint64_t bytes);

/* Gives p a handle to obj and a view of all of it (read-write when writable); stores the view's
 * address in *location. Returns the handle, or 0 when p has no free handle slot or no room in its
 * address space (nothing changes then). */
uint64_t sim_attach(sim_process *p, sim_object *obj, bool writable, uint64_t *location);

/* sim_attach with a view of the first view_bytes bytes only (a multiple of the page size, at most the
 * object's size): an RTX64 Windows caller maps the amount it asked for (RTX64.CREATE.WINDOWS_SIZE). */
uint64_t sim_attach_bytes(sim_process *p, sim_object *obj, bool writable, uint64_t view_bytes, uint64_t *location);

/* A new object of kind, following family's rules, in kernel k, named name (NULL: unnamed; the name
 * must be free), with p holding its only handle; for SIM_OBJ_SHM it is size_bytes long with creation
 * protection `protect`, and p also gets a view (writable when asked) whose address goes to *location.
 * Returns the handle and the object in *created, or 0 when p has no room for the handle or view or
 * memory runs out (nothing changes then). The caller charges the kernel's pool or memory. */
uint64_t sim_create_object(sim_process *p, sim_kernel *k, const sim_family *family, sim_object_kind kind,
                           const char *name, uint64_t size_bytes, uint32_t protect, bool writable, uint64_t *location,
                           sim_object **created);

/* What creating a named sync object found (the families map it to their statuses and clauses). */
typedef enum sim_sync_result {
    SIM_SYNC_CREATED = 0, /* a new object: *created is set */
    SIM_SYNC_OPENED,      /* the name held an object of that kind: a new handle to it */
    SIM_SYNC_COLLISION,   /* the name holds another kind of object */
    SIM_SYNC_NO_ROOM      /* no handle slot or no memory */
} sim_sync_result;

/* Creates (following family's rules) or opens the event, mutex or semaphore `name` (NULL: unnamed,
 * always new) in k for p; the handle goes to *handle. Shared memory, events, mutexes and semaphores
 * share one namespace. */
sim_sync_result sim_create_sync(sim_process *p, sim_kernel *k, const sim_family *family, sim_object_kind kind,
                                const char *name, uint64_t *handle, sim_object **created);

#endif
