/* sim/object.h — named kernel objects (shared memory, events, mutexes, semaphores) and namespaces.
 *
 * Lifetime: an object counts the handles open on it in every process (handle_count) and the views
 * mapped on it (view_count). When the last handle closes the object is *destroyed* (IWIN32.CLOSE.
 * LAST_DESTROYS): its name leaves the namespace, its pool space returns to the kernel, its contents
 * are freed, and any view still mapped becomes invalid (IWIN32.CLOSE.VIEWS_DIE). A kernel that stops
 * destroys all its objects at once (SIM.KERNEL.STOP), handles or not. The struct itself is freed once
 * it is destroyed and both counts reach zero, so handles and views never point at freed memory.
 * Every live object is on its kernel's list in creation order (what a kernel stop walks).
 *
 * Namespace: one per kernel, shared by all four object kinds (IWIN32.CREATE.NAME_COLLISION), keyed by
 * the exact bytes of the name (case-sensitive, IWIN32.CREATE.NAME_CASE). */
#ifndef SIM_OBJECT_H
#define SIM_OBJECT_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/hmap.h"
#include "sim/pages.h"

typedef struct sim_kernel sim_kernel;

typedef enum sim_object_kind {
    SIM_OBJ_SHM = 0,
    SIM_OBJ_EVENT,
    SIM_OBJ_MUTEX,
    SIM_OBJ_SEMAPHORE,
    SIM_OBJ_RTMEM,    /* INtime: a block of RT memory (AllocateRtMemory, ntxAllocateRtMemory) */
    SIM_OBJ_SEGMENT,  /* INtime: an address-space object over a range of RT memory (what NTX maps) */
    SIM_OBJ_RTSEM,    /* INtime: a semaphore (CreateRtSemaphore) */
    SIM_OBJ_RTPROC    /* INtime: a process object (the kernel's root process), with its catalog */
} sim_object_kind;

typedef struct sim_object {
    sim_object_kind kind;
    uint64_t id;            /* world-wide creation number, from 1 (deterministic) */
    sim_kernel *kernel;     /* whose namespace and pool hold it */
    char *name;             /* owned; NULL for an unnamed object */
    uint32_t handle_count;  /* open handles, all processes */
    uint32_t view_count;    /* live views, all processes */
    bool destroyed;         /* the last handle has closed, or its kernel stopped */
    const char *destroyed_clause; /* why, for faults through views that outlived it */
    /* SIM_OBJ_SHM */
    uint64_t size_bytes;    /* page-rounded size */
    uint32_t protect;       /* creation protection (PAGE_READWRITE / PAGE_READONLY) */
    uint64_t pool_bytes;    /* charged to kernel->pool_used_bytes while alive */
    uint64_t memory_bytes;  /* charged to kernel->memory_used_bytes while alive (RTX64) */
    sim_pages contents;
    struct sim_object *prev, *next; /* the kernel's list of live objects, creation order */
    /* INtime objects */
    uint32_t ref_count;     /* structural references (segments over this memory) */
    struct sim_object *base;/* SIM_OBJ_SEGMENT: the memory it covers (holds one ref_count) */
    bool owns_base;         /* the segment also holds base's only handle (ntxAllocateRtMemory) */
    bool held_by_segment;   /* SIM_OBJ_RTMEM: its one handle is its segment's (not a process's) */
    uint64_t base_offset;   /* SIM_OBJ_SEGMENT: where in base it starts, bytes */
    uint64_t length;        /* SIM_OBJ_SEGMENT: bytes covered */
    struct sim_object *first_segment, *last_segment; /* SIM_OBJ_RTMEM: its live segments, creation order */
    struct sim_object *prev_over, *next_over;        /* SIM_OBJ_SEGMENT: neighbours in base's list */
    uint64_t rthandle;      /* the kernel-table value (RTHANDLE) of an INtime object, 0 if none */
    uint64_t owner_handle;  /* SIM_OBJ_RTMEM from AllocateRtMemory: the owner process's handle */
    sim_hmap catalog;       /* SIM_OBJ_RTPROC: name -> sim_catalog_entry (CatalogRtHandle, ntxCatalogNtxHandle) */
    /* sync objects */
    bool manual_reset, signalled, owned;
    int32_t count, max_count;
} sim_object;

/* "shared-memory", "event", "mutex", "semaphore". */
const char *sim_object_kind_name(sim_object_kind kind);

/* A new object with no handles and no views; name copied (NULL = unnamed). NULL when memory runs out. */
sim_object *sim_object_new(sim_kernel *kernel, sim_object_kind kind, const char *name, uint64_t id);

/* Destroys the object now (name out of the namespace, pool returned, contents freed, off the kernel's
 * list) and frees the struct when no handle or view holds it. Idempotent. Returns the number of views
 * still mapped (they are now dangling). */
uint32_t sim_object_destroy(sim_object *obj);

/* A handle on obj was closed. When it was the last one and obj is not yet destroyed, destroys it and
 * returns true with the dangling view count in *dangling; otherwise returns false. */
bool sim_object_handle_released(sim_object *obj, uint32_t *dangling);

/* A view stops using obj; frees the struct when it was destroyed and nothing else holds it. */
void sim_object_view_released(sim_object *obj);

/* Namespace of one kernel: name -> object. */
typedef struct sim_namespace {
    sim_hmap names;
} sim_namespace;

void sim_ns_init(sim_namespace *ns);
void sim_ns_free(sim_namespace *ns);
sim_object *sim_ns_lookup(const sim_namespace *ns, const char *name);
bool sim_ns_insert(sim_namespace *ns, sim_object *obj); /* obj->name != NULL and not yet present */
void sim_ns_remove(sim_namespace *ns, const sim_object *obj);

#endif
