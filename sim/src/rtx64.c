/* sim/src/rtx64.c — RtCreateSharedMemory, RtOpenSharedMemory, RtCloseHandle, RtCreateEvent/Mutex/
 * Semaphore, GetLastError/SetLastError of RTX64, on the model.
 *
 * Order of checks in the creating calls (a model choice): the RTSS must be running (SIM.KERNEL.STOPPED),
 * then pointer arguments, the name's form, flProtect and MaximumSizeHigh, the namespace, then
 * MaximumSizeLow and the RTSS's memory. */
#include "sim/rtx64.h"

#include "sim/shm.h"
#include "spec/constants.h"
#include "spec/clause_ids.h"

#define WIN32 SPEC_FAMILY_WIN32

static uint64_t fail(sim_process *p, sim_outcome *out, uint32_t error, const char *clause) {
    p->last_error = error;
    sim_outcome_set(out, WIN32, error, clause);
    return 0;
}

/* The RTSS p reaches, or NULL after recording ERROR_NOT_READY when it is not running. */
static sim_kernel *running_rtss(sim_process *p, sim_outcome *out) {
    if (p->rtss == NULL || !p->rtss->running) {
        fail(p, out, ST_ERROR_NOT_READY, CL_SIM_KERNEL_STOPPED);
        return NULL;
    }
    return p->rtss;
}

/* Name form (RTX64 follows the same rules as seed:003's Name: 260 characters, no backslash). */
static uint32_t name_error(const char *name, const char **clause) {
    switch (sim_name_check(name)) {
    case SIM_NAME_TOO_LONG: *clause = CL_RTX64_CREATE_PARAMS; return ST_ERROR_FILENAME_EXCED_RANGE;
    case SIM_NAME_BACKSLASH: *clause = CL_RTX64_CREATE_PARAMS; return ST_ERROR_BAD_PATHNAME;
    default: return 0;
    }
}

/* Views inside RTSS are always read-write (RTK.OPEN.RTSS_ALWAYS_RW). */
static bool in_rtss(const sim_process *p) {
    return p->kind == SIM_PROC_RT;
}

uint64_t sim_rtx64_RtCreateSharedMemory(sim_process *p, uint32_t flProtect, uint32_t size_high, uint32_t size_low,
                                        const char *name, uint64_t *location, sim_outcome *out) {
    const char *clause = NULL;
    sim_kernel *k = running_rtss(p, out);
    if (k == NULL) return 0;
    if (location == NULL) return fail(p, out, ST_ERROR_INVALID_PARAMETER, CL_RTX64_CREATE_PARAMS);
    if (name && name[0] == '\0') name = NULL;
    if (name) {
        uint32_t err = name_error(name, &clause);
        if (err) return fail(p, out, err, clause);
    }
    if ((flProtect != K_PAGE_READWRITE && flProtect != K_PAGE_READONLY) || size_high != 0)
        return fail(p, out, ST_ERROR_INVALID_PARAMETER, CL_RTX64_CREATE_PARAMS);
    sim_object *existing = name ? sim_ns_lookup(&k->ns, name) : NULL;
    if (existing) {
        if (existing->kind != SIM_OBJ_SHM) return fail(p, out, ST_ERROR_INVALID_HANDLE, CL_RTX64_CREATE_NAME_COLLISION);
        /* RTX64.CREATE.VIEW: a Windows caller's view is writable only when both the object and its flProtect are. */
        bool writable = in_rtss(p) || (existing->protect == K_PAGE_READWRITE && flProtect == K_PAGE_READWRITE);
        uint64_t h = sim_attach(p, existing, writable, location);
        if (h == 0) return fail(p, out, ST_ERROR_NOT_ENOUGH_MEMORY, CL_RTX64_CREATE_NO_MEMORY);
        p->last_error = ST_ERROR_ALREADY_EXISTS;
        sim_outcome_set(out, WIN32, ST_ERROR_ALREADY_EXISTS, CL_RTX64_CREATE_EXISTS);
        return h;
    }
    if (size_low == 0) return fail(p, out, ST_ERROR_INVALID_PARAMETER, CL_RTX64_CREATE_PARAMS);
    uint64_t size_bytes = sim_round_to_page(size_low);
    if (size_bytes > k->memory_bytes - k->memory_used_bytes)
        return fail(p, out, ST_ERROR_NOT_ENOUGH_MEMORY, CL_RTX64_CREATE_NO_MEMORY);
    /* RTX64.CREATE.VIEW: the creator's view is read-write in RTSS, and follows flProtect in Windows. */
    sim_object *obj;
    uint64_t h = sim_create_object(p, k, SIM_OBJ_SHM, name, size_bytes, flProtect,
                                   in_rtss(p) || flProtect == K_PAGE_READWRITE, location, &obj);
    if (h == 0) return fail(p, out, ST_ERROR_NOT_ENOUGH_MEMORY, CL_RTX64_CREATE_NO_MEMORY);
    obj->memory_bytes = size_bytes;
    k->memory_used_bytes += size_bytes;
    p->last_error = ST_ERROR_SUCCESS; /* RTX64.CREATE.OK: GetLastError 0 */
    sim_outcome_set(out, WIN32, ST_ERROR_SUCCESS, CL_RTX64_CREATE_OK);
    return h;
}

uint64_t sim_rtx64_RtOpenSharedMemory(sim_process *p, uint32_t access, bool inherit, const char *name,
                                      uint64_t *location, sim_outcome *out) {
    (void)inherit; /* RTK.OPEN.INHERIT_IGNORED holds for the Win32 call too */
    const char *clause = NULL;
    sim_kernel *k = running_rtss(p, out);
    if (k == NULL) return 0;
    if (location == NULL || name == NULL || name[0] == '\0')
        return fail(p, out, ST_ERROR_INVALID_PARAMETER, CL_RTX64_OPEN_PARAMS);
    if (access != K_SHM_MAP_READ && access != K_SHM_MAP_WRITE && access != K_SHM_MAP_ALL_ACCESS)
        return fail(p, out, ST_ERROR_INVALID_PARAMETER, CL_RTX64_OPEN_PARAMS);
    uint32_t err = name_error(name, &clause);
    if (err) return fail(p, out, err, CL_RTX64_OPEN_PARAMS);
    sim_object *obj = sim_ns_lookup(&k->ns, name);
    if (obj == NULL) return fail(p, out, ST_ERROR_FILE_NOT_FOUND, CL_RTX64_OPEN_MISSING);
    if (obj->kind != SIM_OBJ_SHM) return fail(p, out, ST_ERROR_INVALID_HANDLE, CL_RTX64_OPEN_WRONG_TYPE);
    bool wants_write = (access & K_SHM_MAP_WRITE) != 0;
    /* RTX64.OPEN.ACCESS: write access needs a PAGE_READWRITE object; read works on both. */
    if (wants_write && obj->protect != K_PAGE_READWRITE)
        return fail(p, out, ST_ERROR_ACCESS_DENIED, CL_RTX64_OPEN_DENIED);
    uint64_t h = sim_attach(p, obj, in_rtss(p) || wants_write, location);
    if (h == 0) return fail(p, out, ST_ERROR_NOT_ENOUGH_MEMORY, CL_RTX64_CREATE_NO_MEMORY);
    sim_outcome_set(out, WIN32, ST_ERROR_SUCCESS, CL_RTX64_OPEN_ACCESS);
    return h;
}

bool sim_rtx64_RtCloseHandle(sim_process *p, uint64_t handle, sim_outcome *out) {
    sim_object *obj = sim_handles_get(&p->handles, handle);
    if (obj == NULL) {
        fail(p, out, ST_ERROR_INVALID_HANDLE, CL_RTX64_CLOSE);
        return false;
    }
    sim_process_close_handle(p, handle);
    sim_outcome_set(out, WIN32, ST_ERROR_SUCCESS, CL_RTK_CLOSE_REFCOUNT);
    return true;
}

/* The three sync creators (RTX64.SYNC.NAMES): same-kind name -> ERROR_ALREADY_EXISTS, another kind's
 * name -> NULL, ERROR_INVALID_HANDLE. */
static uint64_t create_sync(sim_process *p, sim_object_kind kind, const char *name, sim_object **created,
                            sim_outcome *out) {
    const char *clause = NULL;
    *created = NULL;
    sim_kernel *k = running_rtss(p, out);
    if (k == NULL) return 0;
    if (name && name[0] == '\0') name = NULL;
    uint32_t err = name ? name_error(name, &clause) : 0;
    if (err) return fail(p, out, err, CL_RTX64_SYNC_NAMES);
    uint64_t h;
    switch (sim_create_sync(p, k, kind, name, &h, created)) {
    case SIM_SYNC_COLLISION: return fail(p, out, ST_ERROR_INVALID_HANDLE, CL_RTX64_SYNC_NAMES);
    case SIM_SYNC_NO_ROOM: return fail(p, out, ST_ERROR_NOT_ENOUGH_MEMORY, CL_RTX64_CREATE_NO_MEMORY);
    case SIM_SYNC_OPENED:
        p->last_error = ST_ERROR_ALREADY_EXISTS;
        sim_outcome_set(out, WIN32, ST_ERROR_ALREADY_EXISTS, CL_RTX64_SYNC_NAMES);
        return h;
    case SIM_SYNC_CREATED:
    default:
        p->last_error = ST_ERROR_SUCCESS;
        sim_outcome_set(out, WIN32, ST_ERROR_SUCCESS, CL_RTX64_SYNC_NAMES);
        return h;
    }
}

uint64_t sim_rtx64_RtCreateEvent(sim_process *p, bool manual_reset, bool initial_state, const char *name,
                                 sim_outcome *out) {
    sim_object *obj;
    uint64_t h = create_sync(p, SIM_OBJ_EVENT, name, &obj, out);
    if (obj) {
        obj->manual_reset = manual_reset;
        obj->signalled = initial_state;
    }
    return h;
}

uint64_t sim_rtx64_RtCreateMutex(sim_process *p, bool initial_owner, const char *name, sim_outcome *out) {
    sim_object *obj;
    uint64_t h = create_sync(p, SIM_OBJ_MUTEX, name, &obj, out);
    if (obj) obj->owned = initial_owner;
    return h;
}

uint64_t sim_rtx64_RtCreateSemaphore(sim_process *p, int32_t initial_count, int32_t maximum_count, const char *name,
                                     sim_outcome *out) {
    if (running_rtss(p, out) == NULL) return 0; /* SIM.KERNEL.STOPPED comes first */
    if (maximum_count <= 0 || initial_count < 0 || initial_count > maximum_count)
        return fail(p, out, ST_ERROR_INVALID_PARAMETER, CL_RTX64_SYNC_NAMES);
    sim_object *obj;
    uint64_t h = create_sync(p, SIM_OBJ_SEMAPHORE, name, &obj, out);
    if (obj) {
        obj->count = initial_count;
        obj->max_count = maximum_count;
    }
    return h;
}

uint32_t sim_rtx64_GetLastError(sim_process *p, sim_outcome *out) {
    sim_outcome_set(out, WIN32, ST_ERROR_SUCCESS, CL_RTX64_LASTERROR);
    return p->last_error;
}

void sim_rtx64_SetLastError(sim_process *p, uint32_t code, sim_outcome *out) {
    p->last_error = code;
    sim_outcome_set(out, WIN32, ST_ERROR_SUCCESS, CL_RTX64_LASTERROR);
}
