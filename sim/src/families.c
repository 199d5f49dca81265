/* sim/src/families.c — the one table of API families, and the dispatch of their hooks.
 *
 * Each family's descriptor (sim/family.h) is defined in that family's own source file; this table is
 * the only place that lists them. A row's index is the family's id (spec_api), so finding a family is
 * an array index, and hooks run in id order, which is deterministic. Generic code (world.c, object.c,
 * mem.c, check.c) reaches the families only through this table. */
#include "sim/family.h"

#include "spec/clause_ids.h"

extern const sim_family sim_family_ntx;    /* ntx.c */
extern const sim_family sim_family_rt;     /* intime_table.c */
extern const sim_family sim_family_iwin32; /* iwin32.c */
extern const sim_family sim_family_rtx64;  /* rtx64.c */
extern const sim_family sim_family_rtk;    /* rtk.c */
#ifdef RTSHM_DEMO_FAMILY
extern const sim_family sim_family_demo; /* demo.c */
#endif

static const sim_family *const families[SPEC_API_COUNT] = {
    [SPEC_API_NTX] = &sim_family_ntx,
    [SPEC_API_RT] = &sim_family_rt,
    [SPEC_API_IWIN32] = &sim_family_iwin32,
    [SPEC_API_RTX64] = &sim_family_rtx64,
    [SPEC_API_RTK] = &sim_family_rtk,
#ifdef RTSHM_DEMO_FAMILY
    [SPEC_API_DEMO] = &sim_family_demo,
#endif
};

/* IWIN32.CLOSE.PROCESS_EXIT states the rule for every Win32-style handle a process leaves open. */
const char *const sim_family_mixed_exit_clause = CL_IWIN32_CLOSE_PROCESS_EXIT;

const sim_family *sim_family_get(spec_api api) {
    return (unsigned)api < SPEC_API_COUNT ? families[api] : NULL;
}

/* Iterates the registered families in id order as f. */
#define EACH_FAMILY(f)                                                                             \
    for (int i_ = 0; i_ < SPEC_API_COUNT; i_++)                                                    \
        for (const sim_family *f = families[i_]; f != NULL; f = NULL)

bool sim_families_world_init(sim_world *w) {
    EACH_FAMILY(f) if (f->world_init && !f->world_init(w)) return false;
    return true;
}

void sim_families_world_free(sim_world *w) {
    EACH_FAMILY(f) if (f->world_free) f->world_free(w);
}

bool sim_families_kernel_init(sim_world *w, sim_kernel *k, const sim_kernel_config *cfg) {
    EACH_FAMILY(f) if (f->kernel_kind == k->kind && f->kernel_init && !f->kernel_init(w, k, cfg)) return false;
    return true;
}

void sim_families_kernel_free(sim_kernel *k) {
    EACH_FAMILY(f) if (f->kernel_kind == k->kind && f->kernel_free) f->kernel_free(k);
}

int sim_families_kernel_stopped(sim_world *w, sim_kernel *k) {
    int queued = 0;
    EACH_FAMILY(f) if (f->kernel_kind == k->kind && f->kernel_stopped) queued += f->kernel_stopped(w, k);
    return queued;
}

void sim_families_kernel_started(sim_world *w, sim_kernel *k) {
    EACH_FAMILY(f) if (f->kernel_kind == k->kind && f->kernel_started) f->kernel_started(w, k);
}

bool sim_families_process_init(sim_process *p) {
    EACH_FAMILY(f) if (f->process_init && !f->process_init(p)) return false;
    return true;
}

void sim_families_process_free(sim_process *p) {
    EACH_FAMILY(f) if (f->process_free) f->process_free(p);
}

void sim_families_process_exited(sim_process *p) {
    EACH_FAMILY(f) if (f->process_exited) f->process_exited(p);
}

bool sim_families_check_kernel(const sim_kernel *k) {
    bool ok = true;
    EACH_FAMILY(f) if (f->kernel_kind == k->kind && f->check_kernel && !f->check_kernel(k)) ok = false;
    return ok;
}

bool sim_families_check_process(const sim_process *p) {
    bool ok = true;
    EACH_FAMILY(f) if (f->check_process && !f->check_process(p)) ok = false;
    return ok;
}

bool sim_process_last_error(const sim_process *p, spec_api api, uint32_t *value) {
    const sim_family *f = sim_family_get(api);
    if (f == NULL) return false;
    switch (f->slot) {
    case SIM_SLOT_THREAD: *value = p->last_error; return true;
    case SIM_SLOT_OWN: *value = f->own_slot(p); return true;
    case SIM_SLOT_NONE:
    default: return false;
    }
}
