/* sim/src/iwin32.c — the iwin32 family: its descriptor, its rules for the Win32-shaped calls, its
 * pool, and the public calls RtCreateSharedMemory, RtOpenSharedMemory, RtUnmapSharedMemory,
 * CloseHandle, CreateEvent/Mutex/Semaphore and GetLastError/SetLastError.
 *
 * The calls are sim/src/win32_objects.c's, driven by `rules` below: iwin32 reaches p->kernel (the INtime
 * kernel of an rt process, or the one a Windows process's iwin32x names), charges shared memory to
 * the kernel's iwin32 pool (IWIN32.CREATE.POOL, family state), ignores flProtect and dwDesiredAccess
 * (IWIN32.CREATE.FLPROTECT_IGNORED, IWIN32.OPEN.OK: every view is read-write), and its sync creators
 * do not check the kernel runs. A Windows process (iwin32x) reaches only memory its host shares with the
 * kernel (TOPO.SHARES_MEMORY): with a kernel that runs but does not share memory with its node's host,
 * RtCreateSharedMemory and RtOpenSharedMemory fail before anything else (TOPO.SHARES_MEMORY.STATUS:
 * ERROR_NOT_READY). The other TOPO rules hold for iwin32x by construction: the parser puts a Windows
 * process's iwin32x kernel on its own node (so links do not matter), and a stopped kernel answers
 * ERROR_NOT_READY (SIM.KERNEL.STOPPED). */
#include "sim/iwin32.h"

#include "sim/alloc.h"
#include "sim/assert.h"
#include "sim/win32_objects.h"
#include "spec/clause_ids.h"
#include "spec/constants.h"
#include "spec/status.h"

/* What the iwin32 family keeps per INtime kernel: the pool its shared memory comes from. */
typedef struct iwin32_kernel {
    uint64_t pool_bytes, pool_used_bytes;
} iwin32_kernel;

static iwin32_kernel *pool_of(const sim_kernel *k) {
    return k->family_state[SPEC_API_IWIN32];
}

uint64_t sim_iwin32_pool_bytes(const sim_kernel *k) {
    const iwin32_kernel *pool = pool_of(k);
    return pool ? pool->pool_bytes : 0;
}

uint64_t sim_iwin32_pool_used_bytes(const sim_kernel *k) {
    const iwin32_kernel *pool = pool_of(k);
    return pool ? pool->pool_used_bytes : 0;
}

static bool kernel_init(sim_world *w, sim_kernel *k, const sim_kernel_config *cfg) {
    (void)w;
    iwin32_kernel *pool = sim_calloc(1, sizeof *pool);
    if (pool == NULL) return false;
    pool->pool_bytes = cfg->pool_bytes;
    k->family_state[SPEC_API_IWIN32] = pool;
    return true;
}

static void kernel_free(sim_kernel *k) {
    sim_free(pool_of(k));
    k->family_state[SPEC_API_IWIN32] = NULL;
}

/* What the pool counts used is what its live objects are charged, and never more than it has. */
static bool check_kernel(const sim_kernel *k) {
    const iwin32_kernel *pool = pool_of(k);
    bool ok = pool != NULL;
    SIM_ASSERT(ok);
    if (!ok) return false;
    uint64_t charged = 0;
    for (const sim_object *obj = k->first_object; obj; obj = obj->next)
        if (obj->charged_to == &pool->pool_used_bytes) charged += obj->charged_bytes;
    ok = pool->pool_used_bytes == charged && pool->pool_used_bytes <= pool->pool_bytes;
    SIM_ASSERT(ok);
    return ok;
}

const sim_family sim_family_iwin32 = {
    .api = SPEC_API_IWIN32,
    .name = "iwin32",
    .status_family = SPEC_FAMILY_WIN32,
    .slot = SIM_SLOT_THREAD, /* IWIN32.LASTERROR */
    .kernel_kind = SIM_KERNEL_INTIME,
    .kinds = {[SIM_OBJ_SHM] = &sim_win32_shm_kind,
              [SIM_OBJ_EVENT] = &sim_win32_sync_kind,
              [SIM_OBJ_MUTEX] = &sim_win32_sync_kind,
              [SIM_OBJ_SEMAPHORE] = &sim_win32_sync_kind},
    .clauses = {.views_die = CL_IWIN32_CLOSE_VIEWS_DIE,
                .fault = CL_IWIN32_CLOSE_VIEWS_DIE,
                .process_exit = CL_IWIN32_CLOSE_PROCESS_EXIT,
                .close_refcount = CL_IWIN32_CLOSE_REFCOUNT,
                .close_last = CL_IWIN32_CLOSE_LAST_DESTROYS},
    .kernel_init = kernel_init,
    .kernel_free = kernel_free,
    .check_kernel = check_kernel,
};

static sim_kernel *reach(const sim_process *p) {
    return p->kernel;
}

static uint64_t *budget(sim_kernel *k, uint64_t *limit_bytes) {
    iwin32_kernel *pool = pool_of(k);
    *limit_bytes = pool->pool_bytes;
    return &pool->pool_used_bytes;
}

static const sim_win32_rules rules = {
    .family = &sim_family_iwin32,
    .reach = reach,
    .budget = budget,
    .honours_protect = false,
    .windows_request_sizes = false,
    .max_name_chars = K_MAX_PATH, /* IWIN32.CREATE.NAME_LENGTH */
    .sync_checks_running = false,
    .cl = {
        .create_null_location = CL_IWIN32_CREATE_NULL_LOCATION,
        .create_name_length = CL_IWIN32_CREATE_NAME_LENGTH,
        .create_name_backslash = CL_IWIN32_CREATE_NAME_BACKSLASH,
        .create_bad_protect = NULL, /* not checked */
        .create_size_high = CL_IWIN32_CREATE_SIZE_HIGH,
        .create_collision = CL_IWIN32_CREATE_NAME_COLLISION,
        .create_exists = CL_IWIN32_CREATE_EXISTS,
        .create_size_zero = CL_IWIN32_CREATE_SIZE_ZERO,
        .create_no_budget = CL_IWIN32_CREATE_POOL,
        .create_ok = CL_IWIN32_CREATE_OK,
        .fresh_memory = CL_IWIN32_CREATE_FRESH_MEMORY,
        .create_ok_unnamed = CL_IWIN32_CREATE_NULL_NAME,
        .open_null_location = CL_IWIN32_CREATE_NULL_LOCATION,
        .open_null_name = CL_IWIN32_OPEN_NULL_NAME,
        .open_bad_access = NULL, /* not checked */
        .open_name_length = CL_IWIN32_CREATE_NAME_LENGTH,
        .open_name_backslash = CL_IWIN32_CREATE_NAME_BACKSLASH,
        .open_missing = CL_IWIN32_OPEN_MISSING,
        .open_wrong_type = CL_IWIN32_OPEN_WRONG_TYPE,
        .open_denied = NULL, /* not checked */
        .open_ok = CL_IWIN32_OPEN_OK,
        .no_room = CL_IWIN32_PROCESS_LIMITS,
        .close_invalid = CL_IWIN32_CLOSE_INVALID,
        .sync_params = CL_IWIN32_SYNC_PARAMS,
        .sync_names = CL_IWIN32_SYNC_NAMES,
        .lasterror = CL_IWIN32_LASTERROR,
    },
};

/* True (after recording the failure) when p is a Windows process whose running iwin32x kernel does not
 * share memory with its host: nothing it maps could be reached (TOPO.SHARES_MEMORY). */
static bool memory_not_shared(sim_process *p, sim_outcome *out) {
    const sim_kernel *k = p->kernel;
    if (p->kind != SIM_PROC_WINDOWS || k == NULL || !k->running || k->shares_memory) return false;
    sim_win32_fail(&rules, p, out, ST_ERROR_NOT_READY, CL_TOPO_SHARES_MEMORY);
    return true;
}

uint64_t sim_iwin32_RtCreateSharedMemory(sim_process *p, uint32_t flProtect, uint32_t size_high, uint32_t size_low,
                                  const char *name, uint64_t *location, sim_outcome *out) {
    if (memory_not_shared(p, out)) return 0;
    return sim_win32_create_shm(&rules, p, flProtect, size_high, size_low, name, location, out);
}

uint64_t sim_iwin32_RtOpenSharedMemory(sim_process *p, uint32_t access, bool inherit, const char *name,
                                uint64_t *location, sim_outcome *out) {
    (void)inherit; /* IWIN32.OPEN.OK: access and inherit are ignored */
    if (memory_not_shared(p, out)) return 0;
    return sim_win32_open_shm(&rules, p, access, name, location, out);
}

bool sim_iwin32_RtUnmapSharedMemory(sim_process *p, uint64_t location, sim_outcome *out) {
    /* IWIN32.UNMAP.VIEW: the model follows seed:002 and frees the view; IWIN32.UNMAP.ALWAYS_TRUE: any
     * other address, no action, and the return value is TRUE either way (the slot is not touched). */
    bool unmapped = sim_as_unmap(&p->as, location);
    sim_outcome_set(out, SPEC_FAMILY_WIN32, ST_ERROR_SUCCESS,
                    unmapped ? CL_IWIN32_UNMAP_VIEW : CL_IWIN32_UNMAP_ALWAYS_TRUE);
    return true;
}

bool sim_iwin32_CloseHandle(sim_process *p, uint64_t handle, sim_outcome *out) {
    return sim_win32_close(&rules, p, handle, out);
}

bool sim_iwin32_RtCloseHandle(sim_process *p, uint64_t handle, sim_outcome *out) {
    return sim_win32_close(&rules, p, handle, out); /* IWIN32.CLOSE.RTCLOSEHANDLE: CloseHandle's twin */
}

uint64_t sim_iwin32_CreateEvent(sim_process *p, bool manual_reset, bool initial_state, const char *name, sim_outcome *out) {
    return sim_win32_create_event(&rules, p, manual_reset, initial_state, name, out);
}

uint64_t sim_iwin32_CreateMutex(sim_process *p, bool initial_owner, const char *name, sim_outcome *out) {
    return sim_win32_create_mutex(&rules, p, initial_owner, name, out);
}

uint64_t sim_iwin32_CreateSemaphore(sim_process *p, int32_t initial_count, int32_t maximum_count, const char *name,
                             sim_outcome *out) {
    return sim_win32_create_semaphore(&rules, p, initial_count, maximum_count, name, out);
}

uint32_t sim_iwin32_GetLastError(sim_process *p, sim_outcome *out) {
    return sim_win32_get_last_error(&rules, p, out);
}

void sim_iwin32_SetLastError(sim_process *p, uint32_t code, sim_outcome *out) {
    sim_win32_set_last_error(&rules, p, code, out);
}
