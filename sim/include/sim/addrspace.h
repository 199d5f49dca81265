/* sim/addrspace.h — a process's address space: the views it has mapped.
 *
 * Addresses are simulated and deterministic: each process owns a window of SIM_VA_WINDOW_BYTES
 * starting at a base derived from its index (the first process's window starts at 0x10000000), and
 * views are placed first-fit at page-aligned addresses inside it. Because windows do not overlap, a
 * pointer of one process never falls inside another's view (MEM.VIEW.FAULT). limit_bytes bounds the
 * total mapped bytes (a Windows process's `va_limit`). Views are kept sorted by base address, so
 * lookups are binary searches. */
#ifndef SIM_ADDRSPACE_H
#define SIM_ADDRSPACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/object.h"

#define SIM_VA_FIRST_BASE 0x10000000ull
#define SIM_VA_WINDOW_BYTES (1ull << 40) /* 1 TiB per process */

typedef struct sim_view {
    uint64_t base_va;     /* page-aligned */
    uint64_t length;      /* bytes, page multiple */
    sim_object *obj;      /* holds one view reference */
    uint64_t obj_offset;  /* where in the object the view starts */
    bool writable;
    /* The part of the view, in object offsets, that the mapping call documents [asked_lo, asked_hi):
     * the whole view unless the call maps whole pages around a smaller span (an unaligned NTX segment,
     * an RTX64 Windows view of the amount it asked for); an access outside it succeeds by span_clause. */
    uint64_t asked_lo, asked_hi;
    const char *span_clause; /* NULL while the asked span is the whole view */
    /* The model clause a successful write through the view rests on, when the view is writable by the
     * model's choice alone (an RTSS view of a PAGE_READONLY object, RTX64.OPEN.RTSS_ACCESS); else NULL. */
    const char *write_clause;
} sim_view;

typedef struct sim_addrspace {
    sim_view *views;      /* sorted by base_va */
    size_t count, capacity;
    size_t packed;        /* views[0..packed) lie end to end from window_base: no gap to look in */
    size_t limit_views;   /* maximum live views */
    uint64_t window_base;
    uint64_t mapped_bytes, limit_bytes;
} sim_addrspace;

/* An empty address space for the process with index `process_index`, mapping at most limit_bytes in
 * at most limit_views views. */
void sim_as_init(sim_addrspace *as, int process_index, uint64_t limit_bytes, size_t limit_views);

/* Unmaps every view (releasing object references) and frees the table. */
void sim_as_free(sim_addrspace *as);

/* Maps length bytes of obj from obj_offset; stores the view's address in *va. Returns false when the
 * address space has no room (limit_bytes, limit_views or no free range in the window) or memory
 * runs out; nothing changes then. On success obj->view_count is incremented. */
bool sim_as_map(sim_addrspace *as, sim_object *obj, uint64_t obj_offset, uint64_t length, bool writable,
                uint64_t *va);

/* The view based at va (mapped by sim_as_map) documents only [asked_lo, asked_hi) of its object's
 * bytes; accesses to the rest of it rest on span_clause (not NULL). The span must lie inside the view. */
void sim_as_set_asked_span(sim_addrspace *as, uint64_t va, uint64_t asked_lo, uint64_t asked_hi,
                           const char *span_clause);

/* The view based at va (mapped writable by sim_as_map) is writable only by write_clause (not NULL), a model
 * clause: a successful write through it reports that clause (sim/src/mem.c). */
void sim_as_set_write_clause(sim_addrspace *as, uint64_t va, const char *write_clause);

/* Unmaps the view whose base is va; false when no view starts there. */
bool sim_as_unmap(sim_addrspace *as, uint64_t va);

/* The view that contains every byte of [va, va+len), or NULL. *partial (optional) is set when some
 * view contains va but the range runs past its end (MEM.ACCESS.ONE_VIEW). */
const sim_view *sim_as_find(const sim_addrspace *as, uint64_t va, uint64_t len, bool *partial);

#endif
