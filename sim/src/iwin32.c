/* sim/src/iwin32.c — RtCreateSharedMemory, RtOpenSharedMemory, RtUnmapSharedMemory, CloseHandle,
 * CreateEvent/Mutex/Semaphore, GetLastError/SetLastError on the model.
 *
 * Order of checks in the creating calls (a model choice where the vendor lists no order): pointer
 * arguments, then the name's form, then sizes, then the namespace, then resources. Each failure sets
 * the last-error slot and names its clause. */
#include "sim/iwin32.h"

#include <string.h>

#include "sim/shm.h"
#include "spec/constants.h"
#include "spec/clause_ids.h"

#define WIN32 SPEC_FAMILY_WIN32

/* Records a failure: last-error slot, status and clause. Returns 0 so callers can `return fail(...)`. */
static uint64_t fail(sim_process *p, sim_outcome *out, uint32_t error, const char *clause) {
    p->last_error = error;
    sim_outcome_set(out, WIN32, error, clause);
    return 0;
}

/* Checks the form of a name (IWIN32.CREATE.NAME_LENGTH, IWIN32.CREATE.NAME_BACKSLASH); 0 when valid. */
static uint32_t name_error(const char *name, const char **clause) {
    switch (sim_name_check(name)) {
    case SIM_NAME_TOO_LONG:
        *clause = CL_IWIN32_CREATE_NAME_LENGTH;
        return ST_ERROR_FILENAME_EXCED_RANGE;
    case SIM_NAME_BACKSLASH:
        *clause = CL_IWIN32_CREATE_NAME_BACKSLASH;
        return ST_ERROR_BAD_PATHNAME;
    default:
        return 0;
    }
}

uint64_t sim_iwin32_RtCreateSharedMemory(sim_process *p, uint32_t flProtect, uint32_t size_high, uint32_t size_low,
                                  const char *name, uint64_t *location, sim_outcome *out) {
    (void)flProtect; /* IWIN32.CREATE.FLPROTECT_IGNORED */
    const char *clause = NULL;
    sim_kernel *k = p->kernel;
    if (!k->running) return fail(p, out, ST_ERROR_NOT_READY, CL_SIM_KERNEL_STOPPED);
    if (location == NULL) return fail(p, out, ST_ERROR_INVALID_PARAMETER, CL_IWIN32_CREATE_NULL_LOCATION);
    if (name && name[0] == '\0') name = NULL; /* an empty name is no name (IWIN32.CREATE.NULL_NAME) */
    if (name) {
        uint32_t err = name_error(name, &clause);
        if (err) return fail(p, out, err, clause);
    }
    if (size_high != 0) return fail(p, out, ST_ERROR_INVALID_PARAMETER, CL_IWIN32_CREATE_SIZE_HIGH);

    sim_object *existing = name ? sim_ns_lookup(&k->ns, name) : NULL;
    if (existing) {
        if (existing->kind != SIM_OBJ_SHM)
            return fail(p, out, ST_ERROR_INVALID_HANDLE, CL_IWIN32_CREATE_NAME_COLLISION);
        /* IWIN32.CREATE.EXISTS, IWIN32.CREATE.EXISTS_SIZE_IGNORED: size_low is not looked at. */
        uint64_t h = sim_attach(p, existing, true, location);
        if (h == 0) return fail(p, out, ST_ERROR_NOT_ENOUGH_MEMORY, CL_IWIN32_PROCESS_LIMITS);
        p->last_error = ST_ERROR_ALREADY_EXISTS;
        sim_outcome_set(out, WIN32, ST_ERROR_ALREADY_EXISTS, CL_IWIN32_CREATE_EXISTS);
        return h;
    }

    if (size_low == 0) return fail(p, out, ST_ERROR_INVALID_PARAMETER, CL_IWIN32_CREATE_SIZE_ZERO);
    uint64_t size_bytes = sim_round_to_page(size_low);
    if (size_bytes > k->pool_bytes - k->pool_used_bytes)
        return fail(p, out, ST_ERROR_NOT_ENOUGH_MEMORY, CL_IWIN32_CREATE_POOL);

    sim_object *obj;
    uint64_t h = sim_create_object(p, k, SIM_OBJ_SHM, name, size_bytes, K_PAGE_READWRITE, true, location, &obj);
    if (h == 0) return fail(p, out, ST_ERROR_NOT_ENOUGH_MEMORY, CL_IWIN32_PROCESS_LIMITS);
    obj->pool_bytes = size_bytes;
    k->pool_used_bytes += size_bytes;
    /* IWIN32.CREATE.OK (zero-filled: pages read as zeros until written), IWIN32.CREATE.NEW_LAST_ERROR. */
    p->last_error = ST_ERROR_SUCCESS;
    sim_outcome_set(out, WIN32, ST_ERROR_SUCCESS, name ? CL_IWIN32_CREATE_OK : CL_IWIN32_CREATE_NULL_NAME);
    return h;
}

uint64_t sim_iwin32_RtOpenSharedMemory(sim_process *p, uint32_t access, bool inherit, const char *name,
                                uint64_t *location, sim_outcome *out) {
    (void)access; /* IWIN32.OPEN.OK: access and inherit are ignored */
    (void)inherit;
    const char *clause = NULL;
    if (!p->kernel->running) return fail(p, out, ST_ERROR_NOT_READY, CL_SIM_KERNEL_STOPPED);
    if (location == NULL) return fail(p, out, ST_ERROR_INVALID_PARAMETER, CL_IWIN32_CREATE_NULL_LOCATION);
    if (name == NULL || name[0] == '\0') return fail(p, out, ST_ERROR_INVALID_PARAMETER, CL_IWIN32_OPEN_NULL_NAME);
    uint32_t err = name_error(name, &clause);
    if (err) return fail(p, out, err, clause);
    sim_object *obj = sim_ns_lookup(&p->kernel->ns, name);
    if (obj == NULL) return fail(p, out, ST_ERROR_FILE_NOT_FOUND, CL_IWIN32_OPEN_MISSING);
    if (obj->kind != SIM_OBJ_SHM) return fail(p, out, ST_ERROR_INVALID_HANDLE, CL_IWIN32_OPEN_WRONG_TYPE);
    uint64_t h = sim_attach(p, obj, true, location);
    if (h == 0) return fail(p, out, ST_ERROR_NOT_ENOUGH_MEMORY, CL_IWIN32_PROCESS_LIMITS);
    sim_outcome_set(out, WIN32, ST_ERROR_SUCCESS, CL_IWIN32_OPEN_OK);
    return h;
}

bool sim_iwin32_RtUnmapSharedMemory(sim_process *p, uint64_t location, sim_outcome *out) {
    /* IWIN32.UNMAP.VIEW: the model follows seed:002 and frees the view. */
    if (!sim_as_unmap(&p->as, location)) {
        fail(p, out, ST_ERROR_INVALID_PARAMETER, CL_IWIN32_UNMAP_NOT_MAPPED);
        return false;
    }
    sim_outcome_set(out, WIN32, ST_ERROR_SUCCESS, CL_IWIN32_UNMAP_VIEW);
    return true;
}

bool sim_iwin32_CloseHandle(sim_process *p, uint64_t handle, sim_outcome *out) {
    sim_object *obj = sim_handles_get(&p->handles, handle);
    if (obj == NULL) {
        fail(p, out, ST_ERROR_INVALID_HANDLE, CL_IWIN32_CLOSE_INVALID);
        return false;
    }
    bool last = obj->handle_count == 1 && !obj->destroyed;
    sim_process_close_handle(p, handle);
    sim_outcome_set(out, WIN32, ST_ERROR_SUCCESS, last ? CL_IWIN32_CLOSE_LAST_DESTROYS : CL_IWIN32_CLOSE_REFCOUNT);
    return true;
}

/* Shared body of the three sync-object creators (IWIN32.SYNC.NAMES): same-kind name opens it with
 * ERROR_ALREADY_EXISTS, another kind's name fails with ERROR_INVALID_HANDLE. *created tells the caller
 * whether to initialise the new object's state. */
static uint64_t create_sync(sim_process *p, sim_object_kind kind, const char *name, sim_object **created,
                            sim_outcome *out) {
    const char *clause = NULL;
    *created = NULL;
    if (name && name[0] == '\0') name = NULL;
    uint32_t err = name ? name_error(name, &clause) : 0;
    if (err) return fail(p, out, err, CL_IWIN32_SYNC_PARAMS);
    uint64_t h;
    switch (sim_create_sync(p, p->kernel, kind, name, &h, created)) {
    case SIM_SYNC_COLLISION: return fail(p, out, ST_ERROR_INVALID_HANDLE, CL_IWIN32_SYNC_NAMES);
    case SIM_SYNC_NO_ROOM: return fail(p, out, ST_ERROR_NOT_ENOUGH_MEMORY, CL_IWIN32_PROCESS_LIMITS);
    case SIM_SYNC_OPENED:
        p->last_error = ST_ERROR_ALREADY_EXISTS;
        sim_outcome_set(out, WIN32, ST_ERROR_ALREADY_EXISTS, CL_IWIN32_SYNC_NAMES);
        return h;
    case SIM_SYNC_CREATED:
    default:
        p->last_error = ST_ERROR_SUCCESS;
        sim_outcome_set(out, WIN32, ST_ERROR_SUCCESS, CL_IWIN32_SYNC_NAMES);
        return h;
    }
}

uint64_t sim_iwin32_CreateEvent(sim_process *p, bool manual_reset, bool initial_state, const char *name, sim_outcome *out) {
    sim_object *obj;
    uint64_t h = create_sync(p, SIM_OBJ_EVENT, name, &obj, out);
    if (obj) {
        obj->manual_reset = manual_reset;
        obj->signalled = initial_state;
    }
    return h;
}

uint64_t sim_iwin32_CreateMutex(sim_process *p, bool initial_owner, const char *name, sim_outcome *out) {
    sim_object *obj;
    uint64_t h = create_sync(p, SIM_OBJ_MUTEX, name, &obj, out);
    if (obj) obj->owned = initial_owner;
    return h;
}

uint64_t sim_iwin32_CreateSemaphore(sim_process *p, int32_t initial_count, int32_t maximum_count, const char *name,
                             sim_outcome *out) {
    if (maximum_count <= 0 || initial_count < 0 || initial_count > maximum_count)
        return fail(p, out, ST_ERROR_INVALID_PARAMETER, CL_IWIN32_SYNC_PARAMS);
    sim_object *obj;
    uint64_t h = create_sync(p, SIM_OBJ_SEMAPHORE, name, &obj, out);
    if (obj) {
        obj->count = initial_count;
        obj->max_count = maximum_count;
    }
    return h;
}

uint32_t sim_iwin32_GetLastError(sim_process *p, sim_outcome *out) {
    sim_outcome_set(out, WIN32, ST_ERROR_SUCCESS, CL_IWIN32_LASTERROR);
    return p->last_error;
}

void sim_iwin32_SetLastError(sim_process *p, uint32_t code, sim_outcome *out) {
    p->last_error = code;
    sim_outcome_set(out, WIN32, ST_ERROR_SUCCESS, CL_IWIN32_LASTERROR);
}
