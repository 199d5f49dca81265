/* sim/object.h — kernel objects (shared memory, sync objects, INtime objects) and namespaces.
 *
 * Lifetime: an object counts the handles open on it (handle_count: every process's handle table, plus
 * the holds its family keeps itself, such as an INtime kernel's object table) and the views mapped on
 * it (view_count). When the last handle closes the object is *destroyed* (IWIN32.CLOSE.LAST_DESTROYS):
 * its name leaves the namespace, what it was charged returns to its budget, its contents are freed,
 * its family's destroy hook runs, and any view still mapped becomes invalid (IWIN32.CLOSE.VIEWS_DIE).
 * A kernel that stops destroys all its objects at once (SIM.KERNEL.STOP), handles or not. The struct
 * itself is freed once it is destroyed and its handle, view and structural reference (ref_count)
 * counts all reach zero, so handles and views never point at freed memory. Every live object is on its
 * kernel's list in creation order (what a kernel stop walks).
 *
 * Families: every object follows the rules of one API family (sim/family.h), the one that owns its
 * kind on its kernel (iwin32's shared memory on INtime, rtx64's on RTSS, rt's memory blocks...). The
 * family's row for the kind gives the size of the struct the object lives in: a family that needs
 * more fields embeds sim_object as the first member of its own struct (sim_rt_object in
 * sim/intime.h, sim_sync_object in sim/win32_objects.h), and sim_object_new zero-fills all of it.
 *
 * Namespace: one per kernel, shared by all object kinds (IWIN32.CREATE.NAME_COLLISION), keyed by the
 * exact bytes of the name (case-sensitive, IWIN32.CREATE.NAME_CASE). */
#ifndef SIM_OBJECT_H
#define SIM_OBJECT_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/hmap.h"
#include "sim/pages.h"

typedef struct sim_kernel sim_kernel;
typedef struct sim_family sim_family;

/* The object kinds; the names are sim_object_kind_name's table (object.c). */
typedef enum sim_object_kind {
    SIM_OBJ_SHM = 0,
    SIM_OBJ_EVENT,
    SIM_OBJ_MUTEX,
    SIM_OBJ_SEMAPHORE,
    SIM_OBJ_RTMEM,    /* INtime: a block of RT memory (AllocateRtMemory, ntxAllocateRtMemory) */
    SIM_OBJ_SEGMENT,  /* INtime: an address-space object over a range of RT memory (what NTX maps) */
    SIM_OBJ_RTSEM,    /* INtime: a semaphore (CreateRtSemaphore) */
    SIM_OBJ_RTPROC,   /* INtime: a process object (the kernel's root process), with its catalog */
    SIM_OBJ_KIND_COUNT
} sim_object_kind;

typedef struct sim_object {
    sim_object_kind kind;
    const sim_family *family; /* whose rules it follows: its kind's row, hooks and clauses */
    uint64_t id;            /* world-wide creation number, from 1 (deterministic) */
    sim_kernel *kernel;     /* whose namespace and list hold it */
    char *name;             /* owned; NULL for an unnamed object */
    uint32_t handle_count;  /* open handles: processes' tables plus its family's own holds */
    uint32_t view_count;    /* live views, all processes */
    uint32_t ref_count;     /* structural references (e.g. INtime segments over this memory) */
    bool destroyed;         /* the last handle has closed, or its kernel stopped */
    const char *destroyed_clause; /* why, for faults through views that outlived it */
    uint64_t size_bytes;    /* memory objects: page-rounded size (INtime segments: bytes covered) */
    /* Memory objects (shared memory, RT memory): what an access's success rests on beyond MEM.SHARED
     * (sim/mem.h). asked_bytes is the size the creating call asked for (grown with the object); bytes
     * from there to size_bytes exist by the page rounding round_clause states. A read of bytes never
     * written returns the zeros fresh_clause states. Set by sim_object_set_memory_clauses. */
    uint64_t asked_bytes;
    const char *round_clause, *fresh_clause;
    uint32_t protect;       /* shared memory: creation protection (PAGE_READWRITE / PAGE_READONLY) */
    uint64_t *charged_to;   /* the budget counter charged_bytes are counted in while it lives, or NULL */
    uint64_t charged_bytes; /* kernel memory or a family pool (the iwin32 pool) it holds */
    sim_pages contents;
    struct sim_object *prev, *next; /* the kernel's list of live objects, creation order */
} sim_object;

/* "shared-memory", "event", "mutex", "semaphore", "rt-memory", "segment", "rt-semaphore",
 * "rt-process"; "?" for a value outside the enum. */
const char *sim_object_kind_name(sim_object_kind kind);

/* A new object of kind, following family's rules (family must own kind: its row sizes the struct),
 * with no handles and no views, appended to kernel's list; name copied (NULL = unnamed; not entered in
 * the namespace). NULL when memory runs out. */
sim_object *sim_object_new(sim_kernel *kernel, const sim_family *family, sim_object_kind kind, const char *name,
                           uint64_t id);

/* Charges obj bytes of the budget whose used-bytes counter is *counter (kernel memory, a family's
 * pool): *counter grows now and shrinks back when obj is destroyed. One charge per object. */
void sim_object_charge(sim_object *obj, uint64_t *counter, uint64_t bytes);

/* Records for memory object obj the size its creating call asked for and the clauses its rounded tail
 * and its never-written bytes rest on (sim/mem.h); each memory-making call sets them once it has made
 * obj. Both clauses are non-NULL (sim_world_check checks it for every live memory object). */
void sim_object_set_memory_clauses(sim_object *obj, uint64_t asked_bytes, const char *round_clause,
                                   const char *fresh_clause);

/* Destroys the object now (name out of the namespace, charge returned, contents freed, off the
 * kernel's list, its family's destroy hook run) and frees the struct when no handle, view or
 * reference holds it. Idempotent. Returns the number of views still mapped (they are now dangling). */
uint32_t sim_object_destroy(sim_object *obj);

/* A handle on obj was closed. When it was the last one and obj is not yet destroyed, destroys it and
 * returns true with the dangling view count in *dangling; otherwise returns false. */
bool sim_object_handle_released(sim_object *obj, uint32_t *dangling);

/* A view stops using obj; frees the struct when it was destroyed and nothing else holds it. */
void sim_object_view_released(sim_object *obj);

/* A structural reference (ref_count) to obj is dropped; frees the struct when it was destroyed and
 * nothing else holds it. */
void sim_object_ref_released(sim_object *obj);

/* The handles on obj its family holds itself rather than a process (0 for most kinds). */
uint32_t sim_object_internal_holds(const sim_object *obj);

/* Namespace of one kernel: name -> object. */
typedef struct sim_namespace {
    sim_hmap names;
} sim_namespace;

void sim_ns_init(sim_namespace *ns);
void sim_ns_free(sim_namespace *ns);
sim_object *sim_ns_lookup(const sim_namespace *ns, const char *name);
bool sim_ns_insert(sim_namespace *ns, sim_object *obj); /* obj->name != NULL and not yet present */
void sim_ns_remove(sim_namespace *ns, const sim_object *obj);

/* Number of names in the namespace. */
size_t sim_ns_count(const sim_namespace *ns);

#endif
