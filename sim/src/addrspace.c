/* sim/src/addrspace.c — sorted view array with first-fit placement inside the process's window.
 * Placement scans the gaps between views in address order, starting after the packed prefix (views
 * lying end to end from the window's base, which hold no gap): mapping view after view costs O(1)
 * scanning, and any placement at most O(live views), bounded by limit_views. Lookups are binary
 * searches. The prefix only shortens the scan; the address chosen is the same first fit. */
#include "sim/addrspace.h"

#include "sim/alloc.h"
#include "sim/assert.h"

#include <stdlib.h>
#include <string.h>

void sim_as_init(sim_addrspace *as, int process_index, uint64_t limit_bytes, size_t limit_views) {
    memset(as, 0, sizeof *as);
    as->window_base = SIM_VA_FIRST_BASE + (uint64_t)process_index * SIM_VA_WINDOW_BYTES;
    as->limit_bytes = limit_bytes;
    as->limit_views = limit_views;
}

void sim_as_free(sim_addrspace *as) {
    for (size_t i = 0; i < as->count; i++) sim_object_view_released(as->views[i].obj);
    sim_free(as->views);
    as->views = NULL;
    as->count = as->capacity = as->packed = 0;
    as->mapped_bytes = 0;
}

bool sim_as_map(sim_addrspace *as, sim_object *obj, uint64_t obj_offset, uint64_t length, bool writable,
                uint64_t *va) {
    if (length == 0 || as->count >= as->limit_views) return false;
    if (length > as->limit_bytes || as->mapped_bytes > as->limit_bytes - length) return false;
    uint64_t window_end = as->window_base + SIM_VA_WINDOW_BYTES;
    size_t pos = as->packed;
    uint64_t candidate = pos ? as->views[pos - 1].base_va + as->views[pos - 1].length : as->window_base;
    for (; pos < as->count; pos++) {
        if (as->views[pos].base_va - candidate >= length) break;
        candidate = as->views[pos].base_va + as->views[pos].length;
    }
    if (candidate > window_end || window_end - candidate < length) return false;
    if (as->count == as->capacity) {
        size_t cap = as->capacity ? as->capacity * 2 : 8;
        sim_view *views = sim_realloc(as->views, cap * sizeof *views);
        if (views == NULL) return false;
        as->views = views;
        as->capacity = cap;
    }
    memmove(&as->views[pos + 1], &as->views[pos], (as->count - pos) * sizeof *as->views);
    as->views[pos] = (sim_view){candidate, length, obj, obj_offset, writable, obj_offset, obj_offset + length, NULL, NULL};
    as->count++;
    if (pos == as->packed) { /* it closes the prefix's end: the prefix grows over what now touches it */
        as->packed++;
        while (as->packed < as->count &&
               as->views[as->packed].base_va == as->views[as->packed - 1].base_va + as->views[as->packed - 1].length)
            as->packed++;
    }
    as->mapped_bytes += length;
    obj->view_count++;
    *va = candidate;
    return true;
}

/* Index of the last view whose base is <= va, or -1. */
static long floor_index(const sim_addrspace *as, uint64_t va) {
    long lo = 0, hi = (long)as->count - 1, found = -1;
    while (lo <= hi) {
        long mid = lo + (hi - lo) / 2;
        if (as->views[mid].base_va <= va) {
            found = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    return found;
}

void sim_as_set_asked_span(sim_addrspace *as, uint64_t va, uint64_t asked_lo, uint64_t asked_hi,
                           const char *span_clause) {
    long i = floor_index(as, va);
    SIM_ASSERT(i >= 0 && as->views[i].base_va == va && span_clause != NULL);
    if (i < 0 || as->views[i].base_va != va) return; /* no such view: a caller's bug, caught above */
    sim_view *v = &as->views[i];
    SIM_ASSERT(v->obj_offset <= asked_lo && asked_lo <= asked_hi && asked_hi <= v->obj_offset + v->length);
    v->asked_lo = asked_lo;
    v->asked_hi = asked_hi;
    v->span_clause = span_clause;
}

void sim_as_set_write_clause(sim_addrspace *as, uint64_t va, const char *write_clause) {
    long i = floor_index(as, va);
    SIM_ASSERT(i >= 0 && as->views[i].base_va == va && as->views[i].writable && write_clause != NULL);
    if (i < 0 || as->views[i].base_va != va) return; /* no such view: a caller's bug, caught above */
    as->views[i].write_clause = write_clause;
}

bool sim_as_unmap(sim_addrspace *as, uint64_t va) {
    long i = floor_index(as, va);
    if (i < 0 || as->views[i].base_va != va) return false;
    sim_object *obj = as->views[i].obj;
    as->mapped_bytes -= as->views[i].length;
    memmove(&as->views[i], &as->views[i + 1], (as->count - (size_t)i - 1) * sizeof *as->views);
    as->count--;
    if ((size_t)i < as->packed) as->packed = (size_t)i; /* a gap opens where it was */
    sim_object_view_released(obj);
    return true;
}

const sim_view *sim_as_find(const sim_addrspace *as, uint64_t va, uint64_t len, bool *partial) {
    if (partial) *partial = false;
    long i = floor_index(as, va);
    if (i < 0) return NULL;
    const sim_view *v = &as->views[i];
    uint64_t off = va - v->base_va;
    if (off >= v->length) return NULL;
    if (len > v->length - off) {
        if (partial) *partial = true;
        return NULL;
    }
    return v;
}
