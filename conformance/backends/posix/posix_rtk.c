/* posix_rtk.c — the RTX64 Rtk* calls of Windows drivers: RtkRtssAttach(Ex), RtkRtssDetach,
 * RtkCreateSharedMemory, RtkOpenSharedMemory, RtkUnMapSharedMemory, RtkCloseHandle.
 *
 * Error channel: the returned NTSTATUS, which is also the step's status; Rtk calls have no last-error
 * slot. The driver's objects are the RTSS's (the same namespace as the Rt* calls of posix_win32.c) and
 * its handles and views are RTX64's. Statuses are the ones seed:003 lists for RtkOpenSharedMemory:
 * an invalid argument (instance, pointer, name, access) is STATUS_INVALID_PARAMETER, a name held by an
 * event/mutex/semaphore STATUS_INVALID_HANDLE (RtkCreateSharedMemory's collision status), no RTSS
 * STATUS_NO_SUCH_DEVICE, exhausted resources STATUS_NO_MEMORY, and anything else — a missing name,
 * an access the object's protection refuses — the generic STATUS_UNSUCCESSFUL.
 *
 * RTSSINST values: 0xA7000000 + n for the world's n-th attach, owned by the attaching driver; valid
 * until RtkRtssDetach or the driver's exit. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "posix_backend.h"

#define PB_RTSSINST_BASE 0xA7000000u

static int status(rtshm_outcome *out, uint32_t st) {
    out->ret = st;
    out->family = RTSHM_STATUS_NTSTATUS;
    out->status = st;
    out->has_last_error = 0;
    return 0;
}

static uint64_t num_arg(const rtshm_value *v) {
    return v->kind == RTSHM_V_NUMBER ? v->number : 0;
}

/* The NTSTATUS for an errno value of the POSIX layer. */
static uint32_t nt_from_errno(int e) {
    switch (e) {
    case PB_EKIND: return PB_STATUS_INVALID_HANDLE;
    case EINVAL:
    case ENAMETOOLONG: return PB_STATUS_INVALID_PARAMETER;
    case ENOMEM:
    case ENOSPC:
    case EMFILE:
    case ENFILE:
    case EFBIG: return PB_STATUS_NO_MEMORY;
    default: return PB_STATUS_UNSUCCESSFUL; /* ENOENT, EACCES, ... */
    }
}

/* p's attached instance with this value, or NULL (never handed out, another driver's, detached). */
static pb_instance *instance(pb_process *p, uint64_t value) {
    for (size_t i = 0; i < p->instance_count; i++)
        if (p->instances[i].value == value && p->instances[i].attached) return &p->instances[i];
    return NULL;
}

/* RtkRtssAttach / RtkRtssAttachEx(MaxWFSO, RtssInst out). AttachEx's shutdown callback could only run
 * when the RTSS stops, which this backend does not model (no kernel events), so both attach alike. */
static int attach(pb_world *w, pb_process *p, const rtshm_value *argv, rtshm_outcome *out) {
    if (argv[1].kind != RTSHM_V_OUT || num_arg(&argv[0]) < 1) return status(out, PB_STATUS_INVALID_PARAMETER);
    if (p->rtss < 0 || !w->kernels[p->rtss].running) return status(out, PB_STATUS_NO_SUCH_DEVICE);
    if (p->instance_count == p->instance_cap) {
        size_t cap = p->instance_cap ? p->instance_cap * 2 : 8;
        pb_instance *grown = realloc(p->instances, cap * sizeof *grown);
        if (grown == NULL) return status(out, PB_STATUS_NO_MEMORY);
        p->instances = grown;
        p->instance_cap = cap;
    }
    uint64_t value = PB_RTSSINST_BASE + ++w->instance_serial;
    p->instances[p->instance_count++] = (pb_instance){value, p->rtss, 1};
    out->outputs[1] = value;
    return status(out, PB_STATUS_SUCCESS);
}

/* The RTSS an instance argument reaches for creating and opening: 0 with *k set, or the status. */
static uint32_t running_rtss(pb_world *w, pb_process *p, const rtshm_value *inst, int *k) {
    pb_instance *in = instance(p, num_arg(inst));
    if (in == NULL) return PB_STATUS_INVALID_PARAMETER;
    if (!w->kernels[in->rtss].running) return PB_STATUS_NO_SUCH_DEVICE;
    *k = in->rtss;
    return 0;
}

/* RtkCreateSharedMemory(RtssInst, SharedMemoryHandle out, Protect, MaximumSizeHigh, MaximumSizeLow,
 * Name, location out). An existing name opens that object (STATUS_SUCCESS: the page lists no
 * "already exists" status); the view is writable when the object and Protect are PAGE_READWRITE. */
static int create_shared_memory(pb_world *w, pb_process *p, const rtshm_value *argv, rtshm_outcome *out) {
    int k;
    uint32_t st = running_rtss(w, p, &argv[0], &k);
    if (st) return status(out, st);
    if (argv[1].kind != RTSHM_V_OUT || argv[6].kind != RTSHM_V_OUT) return status(out, PB_STATUS_INVALID_PARAMETER);
    const char *name = argv[5].kind == RTSHM_V_STRING ? argv[5].string : NULL;
    if (name && name[0] == '\0') name = NULL;
    if (name && pb_name_form(name) != 0) return status(out, PB_STATUS_INVALID_PARAMETER);
    uint64_t protect = num_arg(&argv[2]);
    if ((protect != PB_PAGE_READWRITE && protect != PB_PAGE_READONLY) || num_arg(&argv[3]) != 0)
        return status(out, PB_STATUS_INVALID_PARAMETER);
    pb_shm_request req = {1, (uint32_t)num_arg(&argv[4]), (uint32_t)protect, 0, protect == PB_PAGE_READWRITE, 0};
    uint64_t h, loc;
    int created;
    int rc = pb_shm_get(w, p, PB_API_RTX64, k, name, &req, &h, &loc, &created);
    if (rc != 0) return pb_native_errno(out, rc), status(out, nt_from_errno(rc));
    out->outputs[1] = h;
    out->outputs[6] = loc;
    out->opaque = RTSHM_OPAQUE_OUTPUT(6); /* a real mmap address */
    return status(out, PB_STATUS_SUCCESS);
}

/* RtkOpenSharedMemory(RtssInst, SharedMemoryHandle out, DesiredAccess, InheritHandle, Name, location
 * out), seed:003. InheritHandle is ignored. SHM_MAP_READ maps read-only; SHM_MAP_WRITE maps
 * read-write and needs a PAGE_READWRITE object. */
static int open_shared_memory(pb_world *w, pb_process *p, const rtshm_value *argv, rtshm_outcome *out) {
    int k;
    uint32_t st = running_rtss(w, p, &argv[0], &k);
    if (st) return status(out, st);
    const char *name = argv[4].kind == RTSHM_V_STRING ? argv[4].string : NULL;
    if (name && name[0] == '\0') name = NULL; /* as in RtkCreateSharedMemory: the empty name is no name */
    uint64_t access = num_arg(&argv[2]);
    if (argv[1].kind != RTSHM_V_OUT || argv[5].kind != RTSHM_V_OUT || name == NULL)
        return status(out, PB_STATUS_INVALID_PARAMETER);
    if (access != PB_SHM_MAP_READ && access != PB_SHM_MAP_WRITE && access != PB_SHM_MAP_ALL_ACCESS)
        return status(out, PB_STATUS_INVALID_PARAMETER);
    if (pb_name_form(name) != 0) return status(out, PB_STATUS_INVALID_PARAMETER);
    int wants_write = (access & PB_SHM_MAP_WRITE) != 0;
    pb_shm_request req = {0, 0, 0, wants_write, wants_write, 0};
    uint64_t h, loc;
    int created;
    int rc = pb_shm_get(w, p, PB_API_RTX64, k, name, &req, &h, &loc, &created);
    if (rc != 0) return pb_native_errno(out, rc), status(out, nt_from_errno(rc));
    out->outputs[1] = h;
    out->outputs[5] = loc;
    out->opaque = RTSHM_OPAQUE_OUTPUT(5); /* a real mmap address */
    return status(out, PB_STATUS_SUCCESS);
}

int pb_call_rtk(pb_world *w, pb_process *p, const char *function, int argc, const rtshm_value *argv,
                rtshm_outcome *out) {
    if ((strcmp(function, "RtkRtssAttach") == 0 || strcmp(function, "RtkRtssAttachEx") == 0) && argc == 2) {
        attach(w, p, argv, out);
    } else if (strcmp(function, "RtkRtssDetach") == 0 && argc == 1) {
        pb_instance *in = instance(p, num_arg(&argv[0]));
        if (in) in->attached = 0;
        status(out, in ? PB_STATUS_SUCCESS : PB_STATUS_INVALID_PARAMETER);
    } else if (strcmp(function, "RtkCreateSharedMemory") == 0 && argc == 7) {
        create_shared_memory(w, p, argv, out);
    } else if (strcmp(function, "RtkOpenSharedMemory") == 0 && argc == 6) {
        open_shared_memory(w, p, argv, out);
    } else if (strcmp(function, "RtkUnMapSharedMemory") == 0 && argc == 2) {
        /* The view is the driver's own: unmapping needs a valid instance, not a running RTSS. */
        if (instance(p, num_arg(&argv[0])) == NULL) status(out, PB_STATUS_INVALID_PARAMETER);
        else if (pb_view_unmap(p, PB_API_RTX64, num_arg(&argv[1])) != 0) status(out, PB_STATUS_INVALID_PARAMETER);
        else status(out, PB_STATUS_SUCCESS);
    } else if (strcmp(function, "RtkCloseHandle") == 0 && argc == 2) {
        if (instance(p, num_arg(&argv[0])) == NULL) status(out, PB_STATUS_INVALID_PARAMETER);
        else if (pb_handle_close(w, p, PB_API_RTX64, num_arg(&argv[1])) != 0) status(out, PB_STATUS_UNSUCCESSFUL);
        else status(out, PB_STATUS_SUCCESS);
    } else {
        return 0;
    }
    return 1;
}
