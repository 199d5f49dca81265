/* sim/src/rtk.c — RtkRtssAttach(Ex), RtkRtssDetach, RtkCreateSharedMemory, RtkOpenSharedMemory,
 * RtkUnMapSharedMemory and RtkCloseHandle on the model.
 *
 * Order of checks in RtkOpenSharedMemory (a model choice; seed:003 lists the statuses, not an order):
 * the SharedMemoryHandle pointer (RTK.OPEN.NULL_HANDLE_PTR: seed:003 fails a NULL one with
 * STATUS_INVALID_PARAMETER unconditionally, so before the RTSS state), the instance
 * (STATUS_INVALID_PARAMETER, RTK.OPEN.BAD_INSTANCE: any live value RtkRtssAttach(Ex) returned on this
 * host, whichever driver attached it), the RTSS running (STATUS_NO_SUCH_DEVICE), the other
 * arguments and the name's form, the namespace (STATUS_UNSUCCESSFUL missing, STATUS_INVALID_HANDLE
 * another kind), the access against the object's protection, then the view (STATUS_NO_MEMORY). */
#include "sim/rtk.h"

#include <stdlib.h>

#include "sim/alloc.h"
#include "sim/assert.h"
#include "sim/family.h"
#include "sim/shm.h"
#include "spec/constants.h"
#include "spec/clause_ids.h"

#define NT SPEC_FAMILY_NTSTATUS

extern const sim_family sim_family_rtk;

/* What the rtk family keeps per process: the RTSSINST records it obtained, in order. */
typedef struct rtk_process {
    sim_instance *instances;
    int count;
} rtk_process;

static rtk_process *rtk_of(const sim_process *p) {
    return p->family_state[SPEC_API_RTK];
}

static uint32_t status(sim_outcome *out, uint32_t st, const char *clause) {
    sim_outcome_set(out, NT, st, clause);
    return st;
}

/* The instance record behind value in p, if p handed it out and it is still attached. Instance values
 * are unique in the world, so another driver's instance is not p's. */
static sim_instance *find_instance(sim_process *p, uint64_t value) {
    rtk_process *rp = rtk_of(p);
    for (int i = 0; i < rp->count; i++)
        if (rp->instances[i].value == value) return rp->instances[i].attached ? &rp->instances[i] : NULL;
    return NULL;
}

/* The attached instance record behind value that any live driver of p's host obtained for p's RTSS, p's
 * own first (RTK.OPEN.BAD_INSTANCE: the seed calls valid "a value returned from a call to RtkRtssAttach
 * or RtkRtssAttachEx", not one the caller obtained). Used by the calls that reach the RTSS's namespace
 * (create, open); unmap, close and detach work on the driver's own resources and keep own_instance. */
static sim_instance *find_any_instance(sim_process *p, uint64_t value) {
    sim_instance *own = find_instance(p, value);
    if (own != NULL) return own;
    sim_world *w = p->world;
    for (int i = 0; w != NULL && i < w->process_count; i++) {
        sim_process *q = w->processes[i];
        if (q == p || q->kind != SIM_PROC_DRIVER || q->exited || rtk_of(q) == NULL) continue;
        sim_instance *inst = find_instance(q, value);
        if (inst != NULL && inst->rtss == p->rtss) return inst;
    }
    return NULL;
}

/* For the calls that work on the driver's own resources (unmap, close, detach): the instance must be
 * p's and attached, and not from before an RTSS restart (RTK.INSTANCE.GENERATION); a stopped RTSS is
 * fine. Records STATUS_INVALID_PARAMETER and returns NULL otherwise. */
static sim_instance *own_instance(sim_process *p, uint64_t value, const char *clause, sim_outcome *out) {
    sim_instance *inst = find_instance(p, value);
    if (inst == NULL) {
        status(out, ST_STATUS_INVALID_PARAMETER, clause);
        return NULL;
    }
    if (inst->rtss->running && inst->generation != inst->rtss->generation) {
        status(out, ST_STATUS_INVALID_PARAMETER, CL_RTK_INSTANCE_GENERATION);
        return NULL;
    }
    return inst;
}

/* Checks an RTSSINST argument. Returns the RTSS when the instance is valid and the RTSS runs;
 * otherwise records STATUS_INVALID_PARAMETER (never attached, detached, garbage, or attached to an
 * earlier incarnation of the RTSS) or STATUS_NO_SUCH_DEVICE (RTSS stopped) and returns NULL. */
static sim_kernel *checked_rtss(sim_process *p, uint64_t value, const char *bad_clause, sim_outcome *out) {
    sim_instance *inst = find_any_instance(p, value);
    if (inst == NULL) {
        status(out, ST_STATUS_INVALID_PARAMETER, bad_clause);
        return NULL;
    }
    if (!inst->rtss->running) {
        status(out, ST_STATUS_NO_SUCH_DEVICE, CL_RTK_OPEN_NO_SUCH_DEVICE);
        return NULL;
    }
    if (inst->generation != inst->rtss->generation) {
        status(out, ST_STATUS_INVALID_PARAMETER, CL_RTK_INSTANCE_GENERATION);
        return NULL;
    }
    return inst->rtss;
}

static uint32_t attach(sim_process *p, uint32_t max_wfso, uint64_t *inst_out, bool ex, sim_outcome *out) {
    if (inst_out == NULL || max_wfso < 1) return status(out, ST_STATUS_INVALID_PARAMETER, CL_RTK_ATTACH_PARAMS);
    if (p->rtss == NULL || !p->rtss->running) return status(out, ST_STATUS_NO_SUCH_DEVICE, CL_RTK_ATTACH_NO_RTSS);
    rtk_process *rp = rtk_of(p);
    if (rp->count >= SIM_MAX_INSTANCES_PER_PROCESS) return status(out, ST_STATUS_NO_MEMORY, CL_RTK_ATTACH_PARAMS);
    sim_instance *grown = sim_realloc(rp->instances, (size_t)(rp->count + 1) * sizeof *grown);
    if (grown == NULL) return status(out, ST_STATUS_NO_MEMORY, CL_RTK_ATTACH_PARAMS);
    rp->instances = grown;
    uint64_t *issued = p->world->family_state[SPEC_API_RTK]; /* instance values are unique in the world */
    uint64_t value = SIM_RTSSINST_BASE + 0x10 * ++*issued;
    rp->instances[rp->count++] = (sim_instance){value, p->rtss, p->rtss->generation, true, ex};
    *inst_out = value;
    return status(out, ST_STATUS_SUCCESS, ex ? CL_RTK_ATTACH_EX_CALLBACK : CL_RTK_ATTACH);
}

uint32_t sim_rtk_RtkRtssAttach(sim_process *p, uint32_t max_wfso, uint64_t *inst, sim_outcome *out) {
    return attach(p, max_wfso, inst, false, out);
}

uint32_t sim_rtk_RtkRtssAttachEx(sim_process *p, uint32_t max_wfso, uint64_t *inst, sim_outcome *out) {
    return attach(p, max_wfso, inst, true, out);
}

uint32_t sim_rtk_RtkRtssDetach(sim_process *p, uint64_t value, sim_outcome *out) {
    sim_instance *inst = own_instance(p, value, CL_RTK_DETACH, out);
    if (inst == NULL) return out->status;
    inst->attached = false; /* RTK.ATTACH: RtkRtssDetach invalidates it */
    return status(out, ST_STATUS_SUCCESS, CL_RTK_ATTACH);
}

/* Name form for the Rtk calls: failures are STATUS_INVALID_PARAMETER (RTK.OPEN.NAME_LENGTH/_BACKSLASH). */
static const char *name_clause(const char *name) {
    switch (sim_name_check(name)) {
    case SIM_NAME_TOO_LONG: return CL_RTK_OPEN_NAME_LENGTH;
    case SIM_NAME_BACKSLASH: return CL_RTK_OPEN_NAME_BACKSLASH;
    default: return NULL;
    }
}

uint32_t sim_rtk_RtkCreateSharedMemory(sim_process *p, uint64_t inst, uint64_t *handle, uint32_t protect,
                                   uint32_t size_high, uint32_t size_low, const char *name, uint64_t *location,
                                   sim_outcome *out) {
    sim_kernel *k = checked_rtss(p, inst, CL_RTK_OPEN_BAD_INSTANCE, out);
    if (k == NULL) return out->status;
    if (handle == NULL || location == NULL) return status(out, ST_STATUS_INVALID_PARAMETER, CL_RTK_CREATE_PARAMS);
    if (name && name[0] == '\0') name = NULL;
    const char *bad_name = name ? name_clause(name) : NULL;
    if (bad_name) return status(out, ST_STATUS_INVALID_PARAMETER, bad_name);
    /* RTK.CREATE.PROTECT_IGNORED: "Protect — Ignored." (any value, SHM_MAP_ALL_ACCESS or 0 included) */
    if (size_high != 0) return status(out, ST_STATUS_INVALID_PARAMETER, CL_RTK_CREATE_PARAMS);
    sim_object *existing = name ? sim_ns_lookup(&k->ns, name) : NULL;
    if (existing) {
        /* RTK.OPEN.WRONG_TYPE cites RtkCreateSharedMemory's documented collision status. */
        if (existing->kind != SIM_OBJ_SHM) return status(out, ST_STATUS_INVALID_HANDLE, CL_RTK_CREATE_NAME_COLLISION);
        /* RTK.CREATE.PROTECT_IGNORED: the handle has read and write access, so the driver's view is
         * read-write whatever the object's protection and this caller's Protect. */
        uint64_t h = sim_attach(p, existing, true, location);
        if (h == 0) return status(out, ST_STATUS_NO_MEMORY, CL_RTK_OPEN_NO_MEMORY);
        *handle = h;
        return status(out, ST_STATUS_SUCCESS,
                      protect == K_PAGE_READWRITE ? CL_RTK_CREATE_EXISTS : CL_RTK_CREATE_PROTECT_IGNORED);
    }
    if (size_low == 0) return status(out, ST_STATUS_INVALID_PARAMETER, CL_RTK_CREATE_PARAMS);
    uint64_t size_bytes = sim_round_to_page(size_low);
    if (size_bytes > k->memory_bytes - k->memory_used_bytes)
        return status(out, ST_STATUS_NO_MEMORY, CL_RTK_CREATE_NO_MEMORY);
    /* The object is the RTSS's, as one RtCreateSharedMemory makes (the rtx64 family's rules). */
    sim_object *obj;
    /* RTK.CREATE.PROTECT_IGNORED: a new object is PAGE_READWRITE, its view read-write */
    uint64_t h = sim_create_object(p, k, sim_family_get(SPEC_API_RTX64), SIM_OBJ_SHM, name, size_bytes,
                                   K_PAGE_READWRITE, true, location, &obj);
    if (h == 0) return status(out, ST_STATUS_NO_MEMORY, CL_RTK_OPEN_NO_MEMORY);
    sim_object_charge(obj, &k->memory_used_bytes, size_bytes);
    /* RTK.CREATE.FRESH_MEMORY: page-rounded, zeros until written (the model's) */
    sim_object_set_memory_clauses(obj, size_low, CL_RTK_CREATE_FRESH_MEMORY, CL_RTK_CREATE_FRESH_MEMORY);
    *handle = h;
    return status(out, ST_STATUS_SUCCESS, protect == K_PAGE_READWRITE ? CL_RTK_CREATE_OK : CL_RTK_CREATE_PROTECT_IGNORED);
}

uint32_t sim_rtk_RtkOpenSharedMemory(sim_process *p, uint64_t inst, uint64_t *handle, uint32_t access, bool inherit,
                                 const char *name, uint64_t *location, sim_outcome *out) {
    (void)inherit; /* RTK.OPEN.INHERIT_IGNORED */
    if (handle == NULL) return status(out, ST_STATUS_INVALID_PARAMETER, CL_RTK_OPEN_NULL_HANDLE_PTR);
    sim_kernel *k = checked_rtss(p, inst, CL_RTK_OPEN_BAD_INSTANCE, out);
    if (k == NULL) return out->status;
    if (location == NULL || name == NULL || name[0] == '\0' ||
        (access != K_SHM_MAP_READ && access != K_SHM_MAP_WRITE && access != K_SHM_MAP_ALL_ACCESS))
        return status(out, ST_STATUS_INVALID_PARAMETER, CL_RTK_OPEN_PARAMS);
    const char *bad_name = name_clause(name);
    if (bad_name) return status(out, ST_STATUS_INVALID_PARAMETER, bad_name);
    sim_object *obj = sim_ns_lookup(&k->ns, name);
    if (obj == NULL) return status(out, ST_STATUS_UNSUCCESSFUL, CL_RTK_OPEN_NOT_FOUND); /* also another letter case */
    if (obj->kind != SIM_OBJ_SHM) return status(out, ST_STATUS_INVALID_HANDLE, CL_RTK_OPEN_WRONG_TYPE);
    bool wants_write = (access & K_SHM_MAP_WRITE) != 0;
    if (wants_write && obj->protect != K_PAGE_READWRITE)
        return status(out, ST_STATUS_INVALID_PARAMETER, CL_RTK_OPEN_WRITE_NEEDS_RW);
    /* RTK.OPEN.READ / RTK.OPEN.RTSS_ALWAYS_RW: the driver's view honours DesiredAccess. */
    uint64_t h = sim_attach(p, obj, wants_write, location);
    if (h == 0) return status(out, ST_STATUS_NO_MEMORY, CL_RTK_OPEN_NO_MEMORY);
    *handle = h;
    return status(out, ST_STATUS_SUCCESS, wants_write ? CL_RTK_OPEN_OK : CL_RTK_OPEN_READ);
}

uint32_t sim_rtk_RtkUnMapSharedMemory(sim_process *p, uint64_t inst, uint64_t location, sim_outcome *out) {
    if (own_instance(p, inst, CL_RTK_OPEN_BAD_INSTANCE, out) == NULL) return out->status;
    /* Unmapping works while RTSS is stopped: the view is the driver's own resource. */
    if (!sim_as_unmap(&p->as, location)) return status(out, ST_STATUS_INVALID_PARAMETER, CL_RTK_UNMAP);
    return status(out, ST_STATUS_SUCCESS, CL_RTK_UNMAP);
}

uint32_t sim_rtk_RtkCloseHandle(sim_process *p, uint64_t inst, uint64_t handle, sim_outcome *out) {
    if (own_instance(p, inst, CL_RTK_OPEN_BAD_INSTANCE, out) == NULL) return out->status;
    sim_object *obj = sim_handles_get(&p->handles, handle);
    if (obj == NULL) return status(out, ST_STATUS_UNSUCCESSFUL, CL_RTK_CLOSE_TWICE);
    sim_process_close_handle(p, handle);
    return status(out, ST_STATUS_SUCCESS, sim_family_rtk.clauses.close_refcount);
}

/* ---- the rtk family: descriptor and hooks ---- */

const sim_instance *sim_rtk_instance(const sim_process *p, int index) {
    const rtk_process *rp = rtk_of(p);
    return index >= 0 && index < rp->count ? &rp->instances[index] : NULL;
}

int sim_rtk_instance_count(const sim_process *p) {
    return rtk_of(p)->count;
}

static bool world_init(sim_world *w) {
    uint64_t *issued = sim_calloc(1, sizeof *issued);
    if (issued == NULL) return false;
    w->family_state[SPEC_API_RTK] = issued;
    return true;
}

static void world_free(sim_world *w) {
    sim_free(w->family_state[SPEC_API_RTK]);
    w->family_state[SPEC_API_RTK] = NULL;
}

static bool process_init(sim_process *p) {
    rtk_process *rp = sim_calloc(1, sizeof *rp);
    if (rp == NULL) return false;
    p->family_state[SPEC_API_RTK] = rp;
    return true;
}

static void process_free(sim_process *p) {
    rtk_process *rp = rtk_of(p);
    if (rp == NULL) return;
    sim_free(rp->instances);
    sim_free(rp);
    p->family_state[SPEC_API_RTK] = NULL;
}

/* RTK.INSTANCE.GENERATION: a driver's instances die with it. */
static void process_exited(sim_process *p) {
    rtk_process *rp = rtk_of(p);
    for (int i = 0; i < rp->count; i++) rp->instances[i].attached = false;
}

/* RtkRtssAttachEx: when an RTSS stops, every live Ex instance's shutdown callback runs, in process
 * and attach order. Returns how many were queued. */
static int kernel_stopped(sim_world *w, sim_kernel *k) {
    int callbacks = 0;
    for (int i = 0; i < w->process_count; i++) {
        sim_process *p = w->processes[i];
        rtk_process *rp = rtk_of(p);
        for (int j = 0; j < rp->count; j++) {
            sim_instance *inst = &rp->instances[j];
            if (inst->rtss == k && inst->attached && inst->ex && inst->generation == k->generation && !p->exited) {
                sim_event ev = {w->vtime_us, 0, SIM_NOTE_RTSS_SHUTDOWN, p->index, j};
                if (sim_queue_push(&w->queue, ev)) callbacks++;
            }
        }
    }
    return callbacks;
}

/* Instance records: within the bound, values rising in attach order, each of an RTSS of no later
 * generation than it runs now; none attached once the driver exited. */
static bool check_process(const sim_process *p) {
    const rtk_process *rp = rtk_of(p);
    bool ok = rp != NULL && rp->count >= 0 && rp->count <= SIM_MAX_INSTANCES_PER_PROCESS;
    SIM_ASSERT(ok);
    for (int i = 0; ok && i < rp->count; i++) {
        const sim_instance *inst = &rp->instances[i];
        bool good = inst->rtss != NULL && inst->rtss->kind == SIM_KERNEL_RTX64 &&
                    inst->generation <= inst->rtss->generation && inst->value > SIM_RTSSINST_BASE &&
                    (i == 0 || inst->value > rp->instances[i - 1].value) && !(p->exited && inst->attached);
        SIM_ASSERT(good);
        ok = good;
    }
    return ok;
}

const sim_family sim_family_rtk = {
    .api = SPEC_API_RTK,
    .name = "rtk",
    .status_family = SPEC_FAMILY_NTSTATUS,
    .slot = SIM_SLOT_NONE, /* the NTSTATUS is all */
    .kernel_kind = SIM_KERNEL_RTX64,
    .clauses = {.views_die = CL_RTK_CLOSE_VIEWS_DIE,
                .fault = CL_RTK_CLOSE_VIEWS_DIE,
                .process_exit = CL_RTK_CLOSE_PROCESS_EXIT,
                .close_refcount = CL_RTK_CLOSE_REFCOUNT,
                .close_last = CL_RTK_CLOSE_REFCOUNT},
    .world_init = world_init,
    .world_free = world_free,
    .kernel_stopped = kernel_stopped,
    .process_init = process_init,
    .process_free = process_free,
    .process_exited = process_exited,
    .check_process = check_process,
};
