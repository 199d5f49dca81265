/* sim/family.h — the API-family descriptor: everything generic code needs to know about a family.
 *
 * A family (ntx, rt, iwin32, rtx64, rtk; its id is its spec_api) is described by one sim_family
 * value, defined in the family's own source file and registered in the one table of families.c. The
 * descriptor holds:
 * - its error channel: the status family its calls report (spec/functions.h agrees, row by row) and
 *   where its last-error slot lives (sim_slot_rule), which sim_process_last_error reads;
 * - the object kinds it owns on its kernels, each with the struct size objects of that kind need and
 *   the hooks generic code runs on them (destroyed: what else goes; internal_holds: handles it holds
 *   itself, not a process);
 * - the state it keeps per world, per kernel (of its kernel kind) and per process, created and freed
 *   through its hooks and stored in the slot of family_state[] indexed by its id;
 * - what it does when a process exits and when one of its kernels stops or starts;
 * - its clause table: the clause IDs generic code cites for it (views-die, fault, process-exit,
 *   refcount, last-close).
 * World, kernel, process and object code (world.c, object.c, mem.c) calls families only through this
 * table and never names one. Every hook is optional (NULL: nothing to do). */
#ifndef SIM_FAMILY_H
#define SIM_FAMILY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/object.h"
#include "sim/world.h"
#include "spec/functions.h"
#include "spec/status.h"

/* Where a family's last-error slot lives (what sim_process_last_error reads for it). */
typedef enum sim_slot_rule {
    SIM_SLOT_NONE = 0, /* none: the returned status is all (rtk) */
    SIM_SLOT_THREAD,   /* the thread's slot, p->last_error, shared with the other families that use it
                          (GetLastError / GetLastRtError: rt, iwin32, rtx64) */
    SIM_SLOT_OWN       /* a slot in the family's per-process state, read by own_slot (ntx: the sticky
                          ntxGetLastRtError slot) */
} sim_slot_rule;

/* A family's row for one object kind it owns. */
typedef struct sim_kind_rules {
    size_t object_size; /* bytes of the struct an object of this kind lives in (>= sizeof(sim_object)) */
    /* Runs once inside sim_object_destroy, after the name, charge, contents and list place are gone
     * and while obj is still held: what else goes with it (RT memory: the segments over it). */
    void (*destroyed)(sim_object *obj);
    /* How many of obj->handle_count the family holds itself, not a process (an INtime object's entry
     * in its kernel's table). Kernel stop and sim_world_check subtract these. */
    uint32_t (*internal_holds)(const sim_object *obj);
} sim_kind_rules;

/* The clause IDs generic code cites for a family (NULL where the family has none). */
typedef struct sim_family_clauses {
    const char *views_die;    /* closing the last handle left views mapped: they fault (dangling-view) */
    const char *fault;        /* a view faults on one of its objects destroyed with no recorded reason */
    const char *process_exit; /* a process exited holding handles, all of this family's objects */
    const char *close_refcount; /* a close that left other handles open */
    const char *close_last;     /* a close of the last handle (the object is destroyed) */
} sim_family_clauses;

/* What sim_world_add_kernel was given, for the families' kernel_init hooks. */
typedef struct sim_kernel_config {
    bool running;
    uint64_t memory_bytes;
    uint64_t pool_bytes; /* the iwin32 pool of an INtime kernel (IWIN32.CREATE.POOL) */
} sim_kernel_config;

struct sim_family {
    spec_api api;               /* its id: its row in the table and its family_state[] slot */
    const char *name;           /* "ntx", "rt", "iwin32", "rtx64", "rtk" (spec_api_name) */
    spec_family status_family;  /* the status family of its error channel */
    sim_slot_rule slot;         /* where its last-error slot lives */
    uint32_t (*own_slot)(const sim_process *p); /* SIM_SLOT_OWN: the slot's value for p */
    sim_kernel_kind kernel_kind; /* the kernels its kernel state and kernel hooks are for */
    const sim_kind_rules *kinds[SIM_OBJ_KIND_COUNT]; /* the kinds it owns (NULL: not its) */
    sim_family_clauses clauses;

    /* Per-world state: created with the world, freed with it. False: out of memory. */
    bool (*world_init)(sim_world *w);
    void (*world_free)(sim_world *w);
    /* Per-kernel state, for kernels of kernel_kind: created when the kernel is added (k is already in
     * the world), freed when the world is; kernel_free must accept a kernel whose init failed. */
    bool (*kernel_init)(sim_world *w, sim_kernel *k, const sim_kernel_config *cfg);
    void (*kernel_free)(sim_kernel *k);
    /* A kernel of kernel_kind stopped (after its processes exited and its listed objects were
     * destroyed): returns the notifications it queued. Started: runs again in a new generation. */
    int (*kernel_stopped)(sim_world *w, sim_kernel *k);
    void (*kernel_started)(sim_world *w, sim_kernel *k);
    /* Per-process state, for every process: created when it is added, freed with the world;
     * process_free must accept a process whose init failed. */
    bool (*process_init)(sim_process *p);
    void (*process_free)(sim_process *p);
    /* The process exited (its views and handles are gone): drop what the family kept for it. */
    void (*process_exited)(sim_process *p);
    /* sim_world_check: the family's own invariants for a kernel of kernel_kind and for a process.
     * Each returns false (or fails a SIM_ASSERT) when one is broken. */
    bool (*check_kernel)(const sim_kernel *k);
    bool (*check_process)(const sim_process *p);
};

/* The family with id api, or NULL (mem, sim, or out of range). */
const sim_family *sim_family_get(spec_api api);

/* The clause a process exit cites when the handles it held were of families whose process-exit
 * clauses differ (IWIN32.CLOSE.PROCESS_EXIT). */
extern const char *const sim_family_mixed_exit_clause;

/* The row of obj's family for obj's kind (never NULL for an object made by sim_object_new). */
static inline const sim_kind_rules *sim_object_rules(const sim_object *obj) {
    return obj->family->kinds[obj->kind];
}

/* Hook dispatch, in table order (ids ascending), for world.c. The *_init ones stop at the first
 * failure and return false; the matching *_free ones are safe after a partial init. */
bool sim_families_world_init(sim_world *w);
void sim_families_world_free(sim_world *w);
bool sim_families_kernel_init(sim_world *w, sim_kernel *k, const sim_kernel_config *cfg);
void sim_families_kernel_free(sim_kernel *k);
int sim_families_kernel_stopped(sim_world *w, sim_kernel *k);
void sim_families_kernel_started(sim_world *w, sim_kernel *k);
bool sim_families_process_init(sim_process *p);
void sim_families_process_free(sim_process *p);
void sim_families_process_exited(sim_process *p);
bool sim_families_check_kernel(const sim_kernel *k);
bool sim_families_check_process(const sim_process *p);

#endif
