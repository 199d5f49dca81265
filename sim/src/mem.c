/* sim/src/mem.c — checked reads and writes through a process's views, each with the clause its outcome
 * rests on: the documented ones (MEM.SHARED, MEM.VIEW.FAULT) where a vendor sentence carries the outcome,
 * the model's (the fresh-memory and rounding clauses of the family that made the memory,
 * MEM.VIEW.OUTSIDE) where the outcome is the model's choice. */
#include "sim/mem.h"

#include <string.h>

#include "sim/family.h"
#include "spec/clause_ids.h"

/* The view that may serve the access, or NULL with *o set to the fault and its clause. */
static const sim_view *resolve(sim_process *p, uint64_t va, size_t len, bool write, sim_outcome *o) {
    bool partial = false;
    const sim_view *v = sim_as_find(&p->as, va, len, &partial);
    if (v == NULL) {
        /* No view of this process covers the address: past the end of a view (its page-rounded size),
         * before it, another process's pointer, an unmapped view. No vendor sentence says such an access
         * faults (MEM.VIEW.FAULT's carry only the write through a read-only view): the model's reading. */
        sim_outcome_set(o, SPEC_FAMILY_SIM, ST_ACCESS_VIOLATION, partial ? CL_MEM_ACCESS_ONE_VIEW : CL_MEM_VIEW_OUTSIDE);
        return NULL;
    }
    if (v->obj->destroyed) {
        /* Why it was destroyed, or what its family says a view faults with then. */
        const char *why = v->obj->destroyed_clause;
        if (why == NULL) why = v->obj->family->clauses.fault;
        sim_outcome_set(o, SPEC_FAMILY_SIM, ST_ACCESS_VIOLATION, why);
        return NULL;
    }
    if (write && !v->writable) {
        sim_outcome_set(o, SPEC_FAMILY_SIM, ST_ACCESS_VIOLATION, CL_MEM_VIEW_FAULT);
        return NULL;
    }
    return v;
}

/* The clause a successful access of len bytes at object offset off through v rests on:
 * - a write through a view writable by a model clause alone (v->write_clause): that clause;
 * - outside the span the mapping call documents (the whole pages around an unaligned NTX segment, an
 *   RTX64 Windows view past the amount asked for): the view's span clause;
 * - past the size the creating call asked for, inside the page-rounded size: the object's rounding clause
 *   (a model clause, or RT.ALLOC.ROUND where AllocateRtMemory's page documents the rounding);
 * - a read of a byte nobody has written: the object's fresh-memory clause (the zeros are the model's);
 * - otherwise MEM.SHARED: the bytes the views of the object share. */
static const char *success_clause(const sim_view *v, uint64_t off, size_t len, bool write) {
    const sim_object *obj = v->obj;
    if (write && v->write_clause) return v->write_clause;
    if (v->span_clause && (off < v->asked_lo || off + len > v->asked_hi)) return v->span_clause;
    if (obj->round_clause && off + len > obj->asked_bytes) return obj->round_clause;
    if (!write && obj->fresh_clause && !sim_pages_all_written(&obj->contents, off, len)) return obj->fresh_clause;
    return CL_MEM_SHARED;
}

bool sim_mem_read(sim_process *p, uint64_t va, size_t len, void *out, sim_outcome *o) {
    const sim_view *v = resolve(p, va, len, false, o);
    if (v == NULL) {
        memset(out, 0, len);
        return false;
    }
    uint64_t off = v->obj_offset + (va - v->base_va);
    sim_outcome_set(o, SPEC_FAMILY_SIM, ST_OK, success_clause(v, off, len, false));
    sim_pages_read(&v->obj->contents, off, out, len);
    return true;
}

bool sim_mem_write(sim_process *p, uint64_t va, const void *data, size_t len, sim_outcome *o) {
    const sim_view *v = resolve(p, va, len, true, o);
    if (v == NULL) return false;
    uint64_t off = v->obj_offset + (va - v->base_va);
    if (!sim_pages_write(&v->obj->contents, off, data, len)) {
        /* The model ran out of its own memory (sim_alloc_failures counts it): no vendor sentence is
         * behind this fault, so it is the model's. */
        sim_outcome_set(o, SPEC_FAMILY_SIM, ST_ACCESS_VIOLATION, CL_MEM_VIEW_OUTSIDE);
        return false;
    }
    sim_outcome_set(o, SPEC_FAMILY_SIM, ST_OK, success_clause(v, off, len, true));
    return true;
}
