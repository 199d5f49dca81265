/* sim/src/mem.c — checked reads and writes through a process's views. */
#include "sim/mem.h"

#include <string.h>

#include "sim/family.h"
#include "spec/clause_ids.h"

/* The view that may serve the access, or NULL with *o set to the fault and its clause. */
static const sim_view *resolve(sim_process *p, uint64_t va, size_t len, bool write, sim_outcome *o) {
    bool partial = false;
    const sim_view *v = sim_as_find(&p->as, va, len, &partial);
    if (v == NULL) {
        sim_outcome_set(o, SPEC_FAMILY_SIM, ST_ACCESS_VIOLATION, partial ? CL_MEM_ACCESS_ONE_VIEW : CL_MEM_VIEW_FAULT);
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
    sim_outcome_set(o, SPEC_FAMILY_SIM, ST_OK, CL_MEM_SHARED);
    return v;
}

bool sim_mem_read(sim_process *p, uint64_t va, size_t len, void *out, sim_outcome *o) {
    const sim_view *v = resolve(p, va, len, false, o);
    if (v == NULL) {
        memset(out, 0, len);
        return false;
    }
    sim_pages_read(&v->obj->contents, v->obj_offset + (va - v->base_va), out, len);
    return true;
}

bool sim_mem_write(sim_process *p, uint64_t va, const void *data, size_t len, sim_outcome *o) {
    const sim_view *v = resolve(p, va, len, true, o);
    if (v == NULL) return false;
    if (!sim_pages_write(&v->obj->contents, v->obj_offset + (va - v->base_va), data, len)) {
        sim_outcome_set(o, SPEC_FAMILY_SIM, ST_ACCESS_VIOLATION, CL_MEM_VIEW_FAULT);
        return false;
    }
    return true;
}
