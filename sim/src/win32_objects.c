/* sim/src/win32_objects.c — RtCreateSharedMemory, RtOpenSharedMemory, CloseHandle, CreateEvent/Mutex/
 * Semaphore and GetLastError/SetLastError, once for every Win32-shaped family (iwin32, rtx64), driven
 * by the family's sim_win32_rules (sim/win32_objects.h): which kernel, which budget, which checks and
 * which clause each outcome cites. */
#include "sim/win32_objects.h"

#include "sim/assert.h"
#include "sim/shm.h"
#include "spec/clause_ids.h"
#include "spec/constants.h"

const sim_kind_rules sim_win32_shm_kind = {sizeof(sim_object), NULL, NULL};
const sim_kind_rules sim_win32_sync_kind = {sizeof(sim_sync_object), NULL, NULL};

sim_sync_object *sim_sync_of(sim_object *obj) {
    SIM_ASSERT(obj != NULL && sim_object_rules(obj) == &sim_win32_sync_kind);
    return (sim_sync_object *)obj;
}

uint64_t sim_win32_fail(const sim_win32_rules *r, sim_process *p, sim_outcome *out, uint32_t error,
                        const char *clause) {
    p->last_error = error;
    sim_outcome_set(out, r->family->status_family, error, clause);
    return 0;
}

/* A success: the status (without touching the slot) and clause. */
static void succeed(const sim_win32_rules *r, sim_outcome *out, uint32_t status, const char *clause) {
    sim_outcome_set(out, r->family->status_family, status, clause);
}

/* The kernel p reaches, or NULL after recording ERROR_NOT_READY when there is none or it is stopped. */
static sim_kernel *running_kernel(const sim_win32_rules *r, sim_process *p, sim_outcome *out) {
    sim_kernel *k = r->reach(p);
    if (k == NULL || !k->running) {
        sim_win32_fail(r, p, out, ST_ERROR_NOT_READY, CL_SIM_KERNEL_STOPPED);
        return NULL;
    }
    return k;
}

/* The status a name's form earns under r's length limit (0 when valid), with the clause for it in *clause. */
static uint32_t name_error(const sim_win32_rules *r, const char *name, const char *too_long, const char *backslash,
                           const char **clause) {
    switch (sim_name_check_max(name, r->max_name_chars)) {
    case SIM_NAME_TOO_LONG: *clause = too_long; return ST_ERROR_FILENAME_EXCED_RANGE;
    case SIM_NAME_BACKSLASH: *clause = backslash; return ST_ERROR_BAD_PATHNAME;
    default: return 0;
    }
}

static bool protect_valid(uint32_t protect) {
    return protect == K_PAGE_READWRITE || protect == K_PAGE_READONLY;
}

/* RtCreateSharedMemory of the existing shared memory object `existing`: a new handle and a view for p,
 * ERROR_ALREADY_EXISTS (IWIN32.CREATE.EXISTS, RTX64.CREATE.EXISTS). Its size is the creator's
 * (IWIN32.CREATE.EXISTS_SIZE_IGNORED; from RTSS too), except that where r says so a Windows caller maps
 * size_low bytes, page-rounded, growing the object first when that is more (RTX64.CREATE.WINDOWS_SIZE;
 * the growth is charged to r's budget, and a request of 0 maps the object as it is). */
static uint64_t open_existing(const sim_win32_rules *r, sim_process *p, sim_object *existing, bool writable,
                              uint32_t size_low, uint64_t *location, sim_outcome *out) {
    const sim_win32_clauses *cl = &r->cl;
    uint64_t view_bytes = existing->size_bytes;
    uint64_t grown_by = 0, asked_before = existing->asked_bytes;
    bool sized = r->windows_request_sizes && p->kind == SIM_PROC_WINDOWS && size_low != 0;
    if (sized) {
        view_bytes = sim_round_to_page(size_low);
        if (view_bytes > existing->size_bytes) {
            grown_by = view_bytes - existing->size_bytes;
            uint64_t limit_bytes = 0;
            uint64_t *used_bytes = r->budget(existing->kernel, &limit_bytes);
            if (grown_by > limit_bytes - *used_bytes)
                return sim_win32_fail(r, p, out, ST_ERROR_NOT_ENOUGH_MEMORY, cl->create_no_budget);
            SIM_ASSERT(existing->charged_to == used_bytes);
            existing->size_bytes = view_bytes;
            existing->charged_bytes += grown_by;
            *used_bytes += grown_by;
        }
        /* The object is now the amount asked for when that is more (the bytes added are fresh, the rest
         * of their last page the rounding's), even where its page-rounded size already held it. */
        if (size_low > existing->asked_bytes) existing->asked_bytes = size_low;
    }
    uint64_t h = sim_attach_bytes(p, existing, writable, view_bytes, location);
    if (h == 0) {
        existing->asked_bytes = asked_before; /* nothing changes: the growth is undone */
        if (grown_by) {
            existing->size_bytes -= grown_by;
            existing->charged_bytes -= grown_by;
            *existing->charged_to -= grown_by;
        }
        return sim_win32_fail(r, p, out, ST_ERROR_NOT_ENOUGH_MEMORY, cl->no_room);
    }
    /* The view documents the amount asked for; the rest of its last page is the rounding's. */
    if (sized && size_low < view_bytes) sim_as_set_asked_span(&p->as, *location, 0, size_low, cl->fresh_memory);
    p->last_error = ST_ERROR_ALREADY_EXISTS;
    succeed(r, out, ST_ERROR_ALREADY_EXISTS, sized ? cl->create_windows_size : cl->create_exists);
    return h;
}

uint64_t sim_win32_create_shm(const sim_win32_rules *r, sim_process *p, uint32_t flProtect, uint32_t size_high,
                              uint32_t size_low, const char *name, uint64_t *location, sim_outcome *out) {
    const sim_win32_clauses *cl = &r->cl;
    sim_kernel *k = running_kernel(r, p, out);
    if (k == NULL) return 0;
    if (location == NULL) return sim_win32_fail(r, p, out, ST_ERROR_INVALID_PARAMETER, cl->create_null_location);
    if (name && name[0] == '\0') name = NULL; /* an empty name is no name (IWIN32.CREATE.NULL_NAME) */
    const char *clause = NULL;
    uint32_t err = name ? name_error(r, name, cl->create_name_length, cl->create_name_backslash, &clause) : 0;
    if (err) return sim_win32_fail(r, p, out, err, clause);
    bool in_rt = p->kind == SIM_PROC_RT; /* RTK.OPEN.RTSS_ALWAYS_RW: views in RT processes are read-write */
    /* IWIN32.CREATE.FLPROTECT_IGNORED where protection is not honoured; RTX64.CREATE.RTSS_FLPROTECT_IGNORED:
     * RTSS ignores it (any value, SHM_MAP_ALL_ACCESS or 0 included, makes a read-write object). */
    bool protect_ignored = !r->honours_protect || in_rt;
    if (!protect_ignored && !protect_valid(flProtect))
        return sim_win32_fail(r, p, out, ST_ERROR_INVALID_PARAMETER, cl->create_bad_protect);
    if (size_high != 0) return sim_win32_fail(r, p, out, ST_ERROR_INVALID_PARAMETER, cl->create_size_high);

    sim_object *existing = name ? sim_ns_lookup(&k->ns, name) : NULL;
    if (existing) {
        if (existing->kind != SIM_OBJ_SHM)
            return sim_win32_fail(r, p, out, ST_ERROR_INVALID_HANDLE, cl->create_collision);
        /* RTX64.CREATE.VIEW: a Windows caller's view is writable only when both the object and its
         * flProtect are. */
        bool writable = protect_ignored || (existing->protect == K_PAGE_READWRITE && flProtect == K_PAGE_READWRITE);
        return open_existing(r, p, existing, writable, size_low, location, out);
    }

    if (size_low == 0) return sim_win32_fail(r, p, out, ST_ERROR_INVALID_PARAMETER, cl->create_size_zero);
    uint64_t size_bytes = sim_round_to_page(size_low);
    uint64_t limit_bytes = 0;
    uint64_t *used_bytes = r->budget(k, &limit_bytes);
    if (size_bytes > limit_bytes - *used_bytes)
        return sim_win32_fail(r, p, out, ST_ERROR_NOT_ENOUGH_MEMORY, cl->create_no_budget);
    /* RTX64.CREATE.VIEW: the creator's view is read-write in RT processes and follows flProtect in Windows. */
    uint32_t protect = protect_ignored ? K_PAGE_READWRITE : flProtect;
    bool writable = protect_ignored || flProtect == K_PAGE_READWRITE;
    sim_object *obj;
    uint64_t h = sim_create_object(p, k, r->family, SIM_OBJ_SHM, name, size_bytes, protect, writable, location, &obj);
    if (h == 0) return sim_win32_fail(r, p, out, ST_ERROR_NOT_ENOUGH_MEMORY, cl->no_room);
    sim_object_charge(obj, used_bytes, size_bytes);
    sim_object_set_memory_clauses(obj, size_low, cl->fresh_memory, cl->fresh_memory);
    /* IWIN32.CREATE.OK, IWIN32.CREATE.NEW_LAST_ERROR;
     * RTX64.CREATE.RTSS_FLPROTECT_IGNORED names the success where RTSS ignored an flProtect out of range. */
    p->last_error = ST_ERROR_SUCCESS;
    const char *ok_clause = name ? cl->create_ok : cl->create_ok_unnamed;
    if (r->honours_protect && in_rt && !protect_valid(flProtect)) ok_clause = cl->create_rtss_protect;
    succeed(r, out, ST_ERROR_SUCCESS, ok_clause);
    return h;
}

uint64_t sim_win32_open_shm(const sim_win32_rules *r, sim_process *p, uint32_t access, const char *name,
                            uint64_t *location, sim_outcome *out) {
    const sim_win32_clauses *cl = &r->cl;
    sim_kernel *k = running_kernel(r, p, out);
    if (k == NULL) return 0;
    if (location == NULL) return sim_win32_fail(r, p, out, ST_ERROR_INVALID_PARAMETER, cl->open_null_location);
    if (name == NULL || name[0] == '\0')
        return sim_win32_fail(r, p, out, ST_ERROR_INVALID_PARAMETER, cl->open_null_name);
    /* RTX64.OPEN.RTSS_ACCESS: "The RTSS environment always grants read and write access": in RTSS
     * DesiredAccess is not looked at (PAGE_READWRITE from public RTSS code included). */
    bool access_ignored = !r->honours_protect || p->kind == SIM_PROC_RT;
    if (!access_ignored && access != K_SHM_MAP_READ && access != K_SHM_MAP_WRITE && access != K_SHM_MAP_ALL_ACCESS)
        return sim_win32_fail(r, p, out, ST_ERROR_INVALID_PARAMETER, cl->open_bad_access);
    const char *clause = NULL;
    uint32_t err = name_error(r, name, cl->open_name_length, cl->open_name_backslash, &clause);
    if (err) return sim_win32_fail(r, p, out, err, clause);
    sim_object *obj = sim_ns_lookup(&k->ns, name);
    if (obj == NULL) return sim_win32_fail(r, p, out, ST_ERROR_FILE_NOT_FOUND, cl->open_missing);
    if (obj->kind != SIM_OBJ_SHM) return sim_win32_fail(r, p, out, ST_ERROR_INVALID_HANDLE, cl->open_wrong_type);
    /* RTX64.OPEN.ACCESS: write access needs a PAGE_READWRITE object; read works on both. Where access
     * is not honoured (IWIN32.OPEN.OK) every view is read-write. */
    bool wants_write = !r->honours_protect || (access & K_SHM_MAP_WRITE) != 0;
    if (!access_ignored && wants_write && obj->protect != K_PAGE_READWRITE)
        return sim_win32_fail(r, p, out, ST_ERROR_ACCESS_DENIED, cl->open_denied);
    uint64_t h = sim_attach(p, obj, p->kind == SIM_PROC_RT || wants_write, location);
    if (h == 0) return sim_win32_fail(r, p, out, ST_ERROR_NOT_ENOUGH_MEMORY, cl->no_room);
    /* An RTSS view of an object that is not PAGE_READWRITE is writable by RTX64.OPEN.RTSS_ACCESS alone. */
    if (r->honours_protect && access_ignored && obj->protect != K_PAGE_READWRITE)
        sim_as_set_write_clause(&p->as, *location, cl->open_rtss_access);
    /* The success rests on RTX64.OPEN.RTSS_ACCESS where a Windows process would have failed: an access
     * value that is none of SHM_MAP_* (ERROR_INVALID_PARAMETER), or write access to an object that is not
     * PAGE_READWRITE (RTX64.OPEN.ACCESS: ERROR_ACCESS_DENIED). Otherwise the outcome is a Windows process's. */
    bool odd_access = access != K_SHM_MAP_READ && access != K_SHM_MAP_WRITE && access != K_SHM_MAP_ALL_ACCESS;
    bool denied_elsewhere = (access & K_SHM_MAP_WRITE) != 0 && obj->protect != K_PAGE_READWRITE;
    bool rtss_rule = r->honours_protect && access_ignored && (odd_access || denied_elsewhere);
    succeed(r, out, ST_ERROR_SUCCESS, rtss_rule ? cl->open_rtss_access : cl->open_ok);
    return h;
}

bool sim_win32_close(const sim_win32_rules *r, sim_process *p, uint64_t handle, sim_outcome *out) {
    sim_object *obj = sim_handles_get(&p->handles, handle);
    if (obj == NULL) {
        sim_win32_fail(r, p, out, ST_ERROR_INVALID_HANDLE, r->cl.close_invalid);
        return false;
    }
    bool last = obj->handle_count == 1 && !obj->destroyed;
    sim_process_close_handle(p, handle);
    succeed(r, out, ST_ERROR_SUCCESS, last ? r->family->clauses.close_last : r->family->clauses.close_refcount);
    return true;
}

/* Shared body of the three sync-object creators (IWIN32.SYNC.NAMES, RTX64.SYNC.NAMES): a same-kind
 * name opens it with ERROR_ALREADY_EXISTS, another kind's name fails with ERROR_INVALID_HANDLE.
 * *created tells the caller whether to initialise the new object's state. */
static uint64_t create_sync(const sim_win32_rules *r, sim_process *p, sim_object_kind kind, const char *name,
                            sim_object **created, sim_outcome *out) {
    const sim_win32_clauses *cl = &r->cl;
    *created = NULL;
    sim_kernel *k = r->reach(p);
    if (k == NULL || (r->sync_checks_running && !k->running)) {
        sim_win32_fail(r, p, out, ST_ERROR_NOT_READY, CL_SIM_KERNEL_STOPPED);
        return 0;
    }
    if (name && name[0] == '\0') name = NULL;
    const char *clause = NULL;
    uint32_t err = name ? name_error(r, name, cl->sync_params, cl->sync_params, &clause) : 0;
    if (err) return sim_win32_fail(r, p, out, err, cl->sync_params);
    uint64_t h;
    switch (sim_create_sync(p, k, r->family, kind, name, &h, created)) {
    case SIM_SYNC_COLLISION: return sim_win32_fail(r, p, out, ST_ERROR_INVALID_HANDLE, cl->sync_names);
    case SIM_SYNC_NO_ROOM: return sim_win32_fail(r, p, out, ST_ERROR_NOT_ENOUGH_MEMORY, cl->no_room);
    case SIM_SYNC_OPENED:
        p->last_error = ST_ERROR_ALREADY_EXISTS;
        succeed(r, out, ST_ERROR_ALREADY_EXISTS, cl->sync_names);
        return h;
    case SIM_SYNC_CREATED:
    default:
        p->last_error = ST_ERROR_SUCCESS;
        succeed(r, out, ST_ERROR_SUCCESS, cl->sync_names);
        return h;
    }
}

uint64_t sim_win32_create_event(const sim_win32_rules *r, sim_process *p, bool manual_reset, bool initial_state,
                                const char *name, sim_outcome *out) {
    sim_object *obj;
    uint64_t h = create_sync(r, p, SIM_OBJ_EVENT, name, &obj, out);
    if (obj) {
        sim_sync_of(obj)->manual_reset = manual_reset;
        sim_sync_of(obj)->signalled = initial_state;
    }
    return h;
}

uint64_t sim_win32_create_mutex(const sim_win32_rules *r, sim_process *p, bool initial_owner, const char *name,
                                sim_outcome *out) {
    sim_object *obj;
    uint64_t h = create_sync(r, p, SIM_OBJ_MUTEX, name, &obj, out);
    if (obj) sim_sync_of(obj)->owned = initial_owner;
    return h;
}

uint64_t sim_win32_create_semaphore(const sim_win32_rules *r, sim_process *p, int32_t initial_count,
                                    int32_t maximum_count, const char *name, sim_outcome *out) {
    if (r->sync_checks_running && running_kernel(r, p, out) == NULL) return 0; /* SIM.KERNEL.STOPPED first */
    if (maximum_count <= 0 || initial_count < 0 || initial_count > maximum_count)
        return sim_win32_fail(r, p, out, ST_ERROR_INVALID_PARAMETER, r->cl.sync_params);
    sim_object *obj;
    uint64_t h = create_sync(r, p, SIM_OBJ_SEMAPHORE, name, &obj, out);
    if (obj) {
        sim_sync_of(obj)->count = initial_count;
        sim_sync_of(obj)->max_count = maximum_count;
    }
    return h;
}

uint32_t sim_win32_get_last_error(const sim_win32_rules *r, sim_process *p, sim_outcome *out) {
    succeed(r, out, ST_ERROR_SUCCESS, r->cl.lasterror);
    return p->last_error;
}

void sim_win32_set_last_error(const sim_win32_rules *r, sim_process *p, uint32_t code, sim_outcome *out) {
    p->last_error = code;
    succeed(r, out, ST_ERROR_SUCCESS, r->cl.lasterror);
}
