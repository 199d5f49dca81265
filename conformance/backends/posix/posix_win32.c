/* posix_win32.c — the Win32-style calls: INtime iwin32 (RT processes, and Windows processes through
 * iwin32x) and RTX64 Rt* (RTSS and Windows processes), on the POSIX objects of posix_objects.c.
 *
 * Error channel (Win32 convention, which both vendors follow): a failing call returns NULL/FALSE and
 * sets the calling process's last-error slot; a creating call that succeeds sets it to ERROR_SUCCESS
 * or ERROR_ALREADY_EXISTS; other successful calls leave it alone. errno values from the POSIX layer
 * become the nearest Win32 error the function documents.
 *
 * Where the two families differ: iwin32 ignores flProtect and every object is read-write (seed:002);
 * RTX64 objects are PAGE_READWRITE or PAGE_READONLY, RtOpenSharedMemory's SHM_MAP_WRITE needs a
 * PAGE_READWRITE object, a Windows process's view follows the protection it asked for, and inside
 * RTSS every view is read-write (seed:003: "The RTSS environment always grants read and write
 * access"). iwin32 objects live in the caller's INtime kernel's namespace, RTX64 objects in the
 * node's RTSS's. */
#include <errno.h>
#include <string.h>

#include "posix_backend.h"

static const char *str_arg(const rtshm_value *v) {
    return v->kind == RTSHM_V_STRING ? v->string : NULL;
}

static uint64_t num_arg(const rtshm_value *v) {
    return v->kind == RTSHM_V_NUMBER ? v->number : 0;
}

/* A LONG argument, however the harness widened it. */
static int32_t long_arg(const rtshm_value *v) {
    return (int32_t)(uint32_t)num_arg(v);
}

/* Sets the outcome of a Win32-style call; set_slot also stores status in the last-error slot. Returns 0
 * so that handlers can `return result(...)`. */
static int result(pb_process *p, rtshm_outcome *out, uint64_t ret, uint32_t status, int set_slot) {
    if (set_slot) p->last_error = status;
    out->ret = ret;
    out->family = RTSHM_STATUS_WIN32;
    out->status = status;
    out->has_last_error = 1;
    out->last_error = p->last_error;
    return 0;
}

static int fail(pb_process *p, rtshm_outcome *out, uint32_t error) {
    return result(p, out, 0, error, 1);
}

/* The Win32 error for an errno value of the POSIX layer. */
static uint32_t win32_from_errno(int e) {
    switch (e) {
    case PB_EKIND: return PB_ERROR_INVALID_HANDLE; /* seed:002: the names share one namespace */
    case ENOENT: return PB_ERROR_FILE_NOT_FOUND;
    case EACCES:
    case EPERM: return PB_ERROR_ACCESS_DENIED;
    case ENAMETOOLONG: return PB_ERROR_FILENAME_EXCED_RANGE;
    case EINVAL: return PB_ERROR_INVALID_PARAMETER;
    default: return PB_ERROR_NOT_ENOUGH_MEMORY; /* ENOMEM, ENOSPC, EMFILE, ENFILE, EFBIG, ... */
    }
}

/* The vendor's name rules; 0 when name is valid, else the error to report. */
static uint32_t name_error(const char *name) {
    switch (pb_name_form(name)) {
    case 0: return 0;
    case ENAMETOOLONG: return PB_ERROR_FILENAME_EXCED_RANGE;
    default: return PB_ERROR_BAD_PATHNAME;
    }
}

/* The kernel a family's call reaches, or -1 (none, or not running: ERROR_NOT_READY). */
static int kernel_of(const pb_world *w, const pb_process *p, pb_api api) {
    int k = api == PB_API_INTIME ? p->intime : p->rtss;
    return k >= 0 && w->kernels[k].running ? k : -1;
}

/* RtCreateSharedMemory(flProtect, MaximumSizeHigh, MaximumSizeLow, lpName, location), both families.
 * Order: the kernel, the location pointer, the name's form, the protection and the high size, then
 * POSIX (existing object, another kind's name, size 0 for a new object, resources). */
static int create_shared_memory(pb_world *w, pb_process *p, pb_api api, const rtshm_value *argv,
                                 rtshm_outcome *out) {
    uint32_t protect = (uint32_t)num_arg(&argv[0]);
    uint64_t high = num_arg(&argv[1]), low = num_arg(&argv[2]);
    const char *name = str_arg(&argv[3]);
    int k = kernel_of(w, p, api);
    if (k < 0) return fail(p, out, PB_ERROR_NOT_READY);
    if (argv[4].kind != RTSHM_V_OUT) return fail(p, out, PB_ERROR_INVALID_PARAMETER);
    if (name && name[0] == '\0') name = NULL; /* an empty name is no name, as in CreateFileMapping */
    uint32_t bad = name ? name_error(name) : 0;
    if (bad) return fail(p, out, bad);
    if (api == PB_API_RTX64 && protect != PB_PAGE_READWRITE && protect != PB_PAGE_READONLY)
        return fail(p, out, PB_ERROR_INVALID_PARAMETER);
    if (high != 0) return fail(p, out, PB_ERROR_INVALID_PARAMETER); /* "Must be zero" */

    pb_shm_request req = {1, (uint32_t)low, PB_PAGE_READWRITE, 0, 1, 0};
    if (api == PB_API_RTX64) {
        req.protect = protect;
        req.view_write = protect == PB_PAGE_READWRITE;
        req.force_write = p->in_rtss;
    } /* iwin32: flProtect is ignored, every object and view is read-write */
    uint64_t h, loc;
    int created;
    int rc = pb_shm_get(w, p, api, k, name, &req, &h, &loc, &created);
    if (rc != 0) return pb_native_errno(out, rc), fail(p, out, win32_from_errno(rc));
    out->outputs[4] = loc;
    out->opaque = RTSHM_OPAQUE_OUTPUT(4); /* a real mmap address */
    return result(p, out, h, created ? PB_ERROR_SUCCESS : PB_ERROR_ALREADY_EXISTS, 1);
}

/* RtOpenSharedMemory(access, bInheritHandle, lpName, location), both families. iwin32 ignores access
 * and inherit; RTX64 checks access against the object's protection. No name (NULL or empty: an
 * unnamed object cannot be opened) is an invalid parameter. */
static int open_shared_memory(pb_world *w, pb_process *p, pb_api api, const rtshm_value *argv, rtshm_outcome *out) {
    uint64_t access = num_arg(&argv[0]);
    const char *name = str_arg(&argv[2]);
    int k = kernel_of(w, p, api);
    if (k < 0) return fail(p, out, PB_ERROR_NOT_READY);
    if (name && name[0] == '\0') name = NULL; /* as in the creating calls: the empty name is no name */
    if (argv[3].kind != RTSHM_V_OUT || name == NULL) return fail(p, out, PB_ERROR_INVALID_PARAMETER);
    if (api == PB_API_RTX64 && access != PB_SHM_MAP_READ && access != PB_SHM_MAP_WRITE &&
        access != PB_SHM_MAP_ALL_ACCESS)
        return fail(p, out, PB_ERROR_INVALID_PARAMETER);
    uint32_t bad = name_error(name);
    if (bad) return fail(p, out, bad);

    pb_shm_request req = {0, 0, 0, 0, 1, 0};
    if (api == PB_API_RTX64) {
        int wants_write = (access & PB_SHM_MAP_WRITE) != 0;
        req.require_write = wants_write;
        req.view_write = wants_write;
        req.force_write = p->in_rtss;
    }
    uint64_t h, loc;
    int created;
    int rc = pb_shm_get(w, p, api, k, name, &req, &h, &loc, &created);
    if (rc != 0) return pb_native_errno(out, rc), fail(p, out, win32_from_errno(rc));
    out->outputs[3] = loc;
    out->opaque = RTSHM_OPAQUE_OUTPUT(3); /* a real mmap address */
    return result(p, out, h, PB_ERROR_SUCCESS, 0);
}

static int close_handle(pb_world *w, pb_process *p, pb_api api, const rtshm_value *argv, rtshm_outcome *out) {
    if (pb_handle_close(w, p, api, num_arg(&argv[0])) != 0) return fail(p, out, PB_ERROR_INVALID_HANDLE);
    return result(p, out, 1, PB_ERROR_SUCCESS, 0);
}

/* CreateEvent / CreateMutex / CreateSemaphore and their RTX64 Rt* twins: a POSIX semaphore whose
 * initial value is the event's state, 1 for a free mutex (0 when the creator owns it), or the
 * semaphore's initial count. name_arg is the index of lpName. */
static int create_sync(pb_world *w, pb_process *p, pb_api api, pb_kind kind, const rtshm_value *argv, int name_arg,
                        rtshm_outcome *out) {
    int k = kernel_of(w, p, api);
    if (k < 0) return fail(p, out, PB_ERROR_NOT_READY);
    unsigned initial = 0;
    if (kind == PB_EVENT) initial = num_arg(&argv[2]) != 0;
    else if (kind == PB_MUTEX) initial = num_arg(&argv[1]) == 0;
    else {
        int32_t count = long_arg(&argv[1]), maximum = long_arg(&argv[2]);
        /* CreateSemaphore's documented parameter rules */
        if (maximum <= 0 || count < 0 || count > maximum) return fail(p, out, PB_ERROR_INVALID_PARAMETER);
        initial = (unsigned)count;
    }
    const char *name = str_arg(&argv[name_arg]);
    if (name && name[0] == '\0') name = NULL;
    uint32_t bad = name ? name_error(name) : 0;
    if (bad) return fail(p, out, bad);
    uint64_t h;
    int existed;
    int rc = pb_sync_get(w, p, api, k, kind, name, initial, &h, &existed);
    if (rc != 0) return pb_native_errno(out, rc), fail(p, out, win32_from_errno(rc));
    return result(p, out, h, existed ? PB_ERROR_ALREADY_EXISTS : PB_ERROR_SUCCESS, 1);
}

/* GetLastError / SetLastError, common to both families (one slot per process). */
static int last_error_call(pb_process *p, const char *function, int argc, const rtshm_value *argv,
                           rtshm_outcome *out) {
    if (strcmp(function, "GetLastError") == 0 && argc == 0) {
        result(p, out, p->last_error, PB_ERROR_SUCCESS, 0);
        return 1;
    }
    if (strcmp(function, "SetLastError") == 0 && argc == 1) {
        p->last_error = (uint32_t)num_arg(&argv[0]);
        result(p, out, 0, PB_ERROR_SUCCESS, 0);
        return 1;
    }
    return 0;
}

int pb_call_iwin32(pb_world *w, pb_process *p, const char *function, int argc, const rtshm_value *argv,
                   rtshm_outcome *out) {
    const pb_api api = PB_API_INTIME;
    if (strcmp(function, "RtCreateSharedMemory") == 0 && argc == 5) create_shared_memory(w, p, api, argv, out);
    else if (strcmp(function, "RtOpenSharedMemory") == 0 && argc == 4) open_shared_memory(w, p, api, argv, out);
    else if (strcmp(function, "RtUnmapSharedMemory") == 0 && argc == 1) {
        /* seed:002: "Use RtUnmapSharedMemory to free the virtual memory associated with this call" */
        if (pb_view_unmap(p, api, num_arg(&argv[0])) != 0) fail(p, out, PB_ERROR_INVALID_PARAMETER);
        else result(p, out, 1, PB_ERROR_SUCCESS, 0);
    } else if (strcmp(function, "CloseHandle") == 0 && argc == 1) close_handle(w, p, api, argv, out);
    else if (strcmp(function, "CreateEvent") == 0 && argc == 4) create_sync(w, p, api, PB_EVENT, argv, 3, out);
    else if (strcmp(function, "CreateMutex") == 0 && argc == 3) create_sync(w, p, api, PB_MUTEX, argv, 2, out);
    else if (strcmp(function, "CreateSemaphore") == 0 && argc == 4) create_sync(w, p, api, PB_SEMAPHORE, argv, 3, out);
    else return last_error_call(p, function, argc, argv, out);
    return 1;
}

int pb_call_rtx64(pb_world *w, pb_process *p, const char *function, int argc, const rtshm_value *argv,
                  rtshm_outcome *out) {
    const pb_api api = PB_API_RTX64;
    if (strcmp(function, "RtCreateSharedMemory") == 0 && argc == 5) create_shared_memory(w, p, api, argv, out);
    else if (strcmp(function, "RtOpenSharedMemory") == 0 && argc == 4) open_shared_memory(w, p, api, argv, out);
    else if (strcmp(function, "RtCloseHandle") == 0 && argc == 1) close_handle(w, p, api, argv, out);
    else if (strcmp(function, "RtCreateEvent") == 0 && argc == 4) create_sync(w, p, api, PB_EVENT, argv, 3, out);
    else if (strcmp(function, "RtCreateMutex") == 0 && argc == 3) create_sync(w, p, api, PB_MUTEX, argv, 2, out);
    else if (strcmp(function, "RtCreateSemaphore") == 0 && argc == 4) create_sync(w, p, api, PB_SEMAPHORE, argv, 3, out);
    else return last_error_call(p, function, argc, argv, out);
    return 1;
}
