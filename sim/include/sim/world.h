/* sim/world.h — the simulated world: nodes, RT kernels, links and processes, in virtual time.
 *
 * A world is built once from a topology (add nodes, then kernels, links and processes), then driven
 * by the vendor calls (sim/iwin32.h, ...), memory accesses (sim/mem.h) and events. It owns the event
 * queue, the seeded PRNG and virtual time. Nothing in it reads the wall clock or host addresses, and
 * every container that is ever iterated for something recorded is ordered (arrays), so two worlds
 * built and driven alike record identical results (SIM.DETERMINISM).
 *
 * Families: world, kernel and process hold only what every API family shares. What one family keeps
 * (the NTX pointer cache, a driver's RTSS instances, an INtime kernel's object table, the iwin32 pool)
 * lives in the family_state[] slot indexed by the family's id (spec_api), created and freed through
 * the family's hooks (sim/family.h); each family's header offers accessors for it.
 *
 * Ownership: the world owns everything added to it; sim_world_free releases it all. */
#ifndef SIM_WORLD_H
#define SIM_WORLD_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/addrspace.h"
#include "sim/handles.h"
#include "sim/object.h"
#include "sim/prng.h"
#include "sim/queue.h"
#include "spec/functions.h"
#include "spec/status.h"

/* Bounds on a world's size: adding beyond them fails. */
#define SIM_MAX_NODES 64
#define SIM_MAX_KERNELS 64
#define SIM_MAX_LINKS 256
#define SIM_MAX_PROCESSES 256
#define SIM_MAX_HANDLES_PER_PROCESS 65536
#define SIM_MAX_VIEWS_PER_PROCESS 65536
#define SIM_MAX_QUEUED_EVENTS 1000000
#define SIM_MAX_NAME_CHARS 260 /* MAX_PATH */

typedef struct sim_world sim_world;

typedef enum sim_kernel_kind { SIM_KERNEL_INTIME = 0, SIM_KERNEL_RTX64, SIM_KERNEL_KIND_COUNT } sim_kernel_kind;
typedef enum sim_process_kind { SIM_PROC_WINDOWS = 0, SIM_PROC_RT, SIM_PROC_DRIVER } sim_process_kind;

typedef struct sim_node {
    char *id;
    int index;
    bool windows;             /* runs a Windows host */
    uint64_t va_limit_bytes;  /* what a Windows process there may map */
    uint32_t page_size;
} sim_node;

struct sim_kernel {
    char *id;
    int index;
    sim_kernel_kind kind;
    sim_node *node;
    bool running;
    bool shares_memory;       /* with its node's Windows host (TOPO.SHARES_MEMORY) */
    uint64_t memory_bytes, memory_used_bytes; /* its memory, and what live objects are charged of it */
    uint32_t generation;      /* incremented by every start: instances of older generations are stale */
    sim_namespace ns;
    sim_object *first_object, *last_object; /* live objects, creation order */
    void *family_state[SPEC_API_COUNT]; /* per family (its id): what it keeps for this kernel, or NULL */
};

typedef struct sim_link {
    sim_node *a, *b;
    bool up;
} sim_link;

typedef struct sim_process {
    char *id;
    int index;
    sim_process_kind kind;
    sim_world *world;
    sim_node *node;
    sim_kernel *kernel;       /* rt: the kernel it runs on; windows: the INtime kernel iwin32x reaches (or NULL) */
    sim_kernel *rtss;         /* the RTSS (rtx64 kernel) its RTX64 calls reach, or NULL */
    sim_handles handles;
    sim_addrspace as;
    uint32_t last_error;      /* the thread's last-error slot (GetLastError / GetLastRtError; SIM_SLOT_THREAD) */
    bool exited;
    void *family_state[SPEC_API_COUNT]; /* per family (its id): what it keeps for this process, or NULL */
} sim_process;

/* What a call produced besides its return value: the status of its error channel and the clause that
 * governed the outcome (the reason, in the catalogue's words). */
typedef struct sim_outcome {
    uint32_t status;
    spec_family family;
    const char *clause;
} sim_outcome;

/* A notification the model raises by itself (not a scenario step), queued in the world's event queue
 * at the virtual time it happens, and drained by the runner with sim_world_next_notification. */
typedef enum sim_note_type {
    SIM_NOTE_RTSS_SHUTDOWN = 1 /* a = driver process index, b = instance index: RtkRtssAttachEx's callback runs */
} sim_note_type;

/* Receives every finding (hazard, leak, dangling view) as it happens. kind is a short tag
 * ("dangling-view"), detail a sentence; both are only valid during the call. */
typedef void (*sim_finding_fn)(void *ctx, const char *kind, const char *clause, const char *detail);

struct sim_world {
    uint64_t seed;
    uint64_t vtime_us;
    sim_prng rng;
    sim_queue queue;
    uint64_t next_object_id;
    sim_node *nodes[SIM_MAX_NODES];
    int node_count;
    sim_kernel *kernels[SIM_MAX_KERNELS];
    int kernel_count;
    sim_link *links[SIM_MAX_LINKS];
    int link_count;
    sim_process *processes[SIM_MAX_PROCESSES];
    int process_count;
    sim_finding_fn finding;
    void *finding_ctx;
    void *family_state[SPEC_API_COUNT]; /* per family (its id): what it keeps for the world, or NULL */
};

/* A new, empty world; NULL when memory runs out. */
sim_world *sim_world_new(uint64_t seed);
void sim_world_free(sim_world *w);

/* Where findings go (NULL drops them). */
void sim_world_set_finding_sink(sim_world *w, sim_finding_fn fn, void *ctx);

/* Adders: return NULL when the bound for that kind is reached or memory runs out. Ids are copied. */
sim_node *sim_world_add_node(sim_world *w, const char *id, bool windows, uint64_t va_limit_bytes,
                             uint32_t page_size);
sim_kernel *sim_world_add_kernel(sim_world *w, const char *id, sim_kernel_kind kind, sim_node *node,
                                 bool running, bool shares_memory, uint64_t memory_bytes, uint64_t pool_bytes);
sim_link *sim_world_add_link(sim_world *w, sim_node *a, sim_node *b, bool up);
sim_process *sim_world_add_process(sim_world *w, const char *id, sim_process_kind kind, sim_node *node,
                                   sim_kernel *kernel);

/* True when a process on node `from` can contact node `to`: the same node, or a link between them that
 * is up (no routing through third nodes). */
bool sim_world_reachable(const sim_world *w, const sim_node *from, const sim_node *to);

/* The link between a and b (either order), or NULL. */
sim_link *sim_world_link(const sim_world *w, const sim_node *a, const sim_node *b);

/* Lookups by id; NULL when absent. */
sim_node *sim_world_node(const sim_world *w, const char *id);
sim_kernel *sim_world_kernel(const sim_world *w, const char *id);
sim_process *sim_world_process(const sim_world *w, const char *id);

/* Reports a finding to the sink (printf-style detail). */
void sim_world_finding(sim_world *w, const char *kind, const char *clause, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* The process terminates (SIM.PROCESS.EXIT, IWIN32.CLOSE.PROCESS_EXIT): every open handle is closed
 * in slot order, every view unmapped; a finding 'handles-closed-at-exit' lists how many were open.
 * Idempotent. */
void sim_process_exit(sim_process *p, sim_outcome *out);

/* Closes handle value in p: removes it and releases the object, destroying it when it was the last
 * handle (with a 'dangling-view' finding when views remain). False when value is not open in p. */
bool sim_process_close_handle(sim_process *p, uint64_t value);

/* kernel.stop (SIM.KERNEL.STOP): the kernel stops running; its rt processes terminate as at
 * process.exit; every object it holds is destroyed (views fault, handles held elsewhere go stale); an
 * RTSS queues a SIM_NOTE_RTSS_SHUTDOWN for every instance attached with RtkRtssAttachEx; a finding
 * 'kernel-stopped' counts what was lost. A stopped kernel is left alone. */
void sim_kernel_stop(sim_world *w, sim_kernel *k, sim_outcome *out);

/* kernel.start (SIM.KERNEL.START): a stopped kernel runs again, empty, in a new generation. */
void sim_kernel_start(sim_world *w, sim_kernel *k, sim_outcome *out);

/* Pops the next notification due at or before the world's current time into *ev; false when none. */
bool sim_world_next_notification(sim_world *w, sim_event *ev);

/* The last-error slot a call of family `api` reports for p after it ran, into *value, as the family's
 * descriptor says (sim/family.h): the sticky NTX slot (ntxGetLastRtError) for ntx, the thread's slot
 * (GetLastError / GetLastRtError) for rt, iwin32 and rtx64. False, *value untouched, for a family
 * without one (rtk: the NTSTATUS is all) or an api that is no family. O(1). */
bool sim_process_last_error(const sim_process *p, spec_api api, uint32_t *value);

/* Walks the whole world and checks the model's invariants: bounds and indices of nodes, kernels,
 * links and processes; every kernel's object list (linked both ways, live objects of that kernel) and
 * namespace (every name maps to a live, named object of that kernel, and each such object is there);
 * every handle table (slots, free stack and open count agree); every address space (views sorted,
 * non-overlapping, inside the window, within the count and byte limits, the packed prefix true); the
 * counts of every object reached (handle_count = process handles + its family's own holds, view_count
 * = views on it, destroyed objects off every list and namespace); then each family's own checks. True
 * when all hold. With RTSHM_ASSERTS (debug and test builds) a broken invariant fails a SIM_ASSERT
 * (abort) instead. O(objects + handles + views); meant for tests, after any operation. */
bool sim_world_check(const sim_world *w);

/* Sets *out to (status of family, clause). */
void sim_outcome_set(sim_outcome *out, spec_family family, uint32_t status, const char *clause);

#endif
