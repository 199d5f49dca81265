/* posix_backend.h — internal types of the POSIX backend (librtshm_posix.so), shared by its files:
 *
 *   posix_backend.c   the operation table, worlds (xOpen/xClose), dispatch, memory access, process exit
 *   posix_objects.c   names, the per-kernel namespace table, POSIX objects, handle tables and views
 *   posix_win32.c     the Win32-style calls of INtime iwin32 (iwin32x) and RTX64 (Rt*)
 *   posix_rtk.c       the RTX64 Rtk* calls of Windows drivers
 *
 * The port in one paragraph. Every simulated process lives in the one host process the harness gives
 * a world, so "a process" is a record here: its handle tables, its last-error slot, its views and its
 * RTSS instances. Shared memory objects are POSIX shared memory (shm_open + ftruncate, mapped with
 * mmap MAP_SHARED: every view is a real mapping of the same pages); events, mutexes and semaphores are
 * POSIX named semaphores (sem_open). POSIX keeps shared memory and semaphores in separate namespaces
 * while the vendors have one per kernel, so the backend keeps a table per kernel (name -> object and
 * kind) and consults it before touching POSIX names. POSIX names are "/rtshm-<pid>-<world>-<kernel>-"
 * followed by the vendor name with '/' and '%' percent-encoded (case is kept); unnamed objects use a
 * generated name that is unlinked at once. The vendor's rules (MAX_PATH characters, no backslash) are
 * checked first; POSIX then adds its own limit (NAME_MAX for shared memory, NAME_MAX - 4 for
 * semaphores, shm_overview(7) and sem_overview(7)), reported as a name that is too long. */
#ifndef RTSHM_POSIX_BACKEND_H
#define RTSHM_POSIX_BACKEND_H

#include <semaphore.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "rtshm/backend.h"

/* Vendor constants (spec/CLAUSES.md, "Constants and status codes"). */
#define PB_PAGE_READONLY 0x02u
#define PB_PAGE_READWRITE 0x04u
#define PB_SHM_MAP_READ 1u
#define PB_SHM_MAP_WRITE 2u
#define PB_SHM_MAP_ALL_ACCESS 3u
#define PB_MAX_PATH 260

/* Win32 last-error values. */
#define PB_ERROR_SUCCESS 0u
#define PB_ERROR_FILE_NOT_FOUND 2u
#define PB_ERROR_ACCESS_DENIED 5u
#define PB_ERROR_INVALID_HANDLE 6u
#define PB_ERROR_NOT_ENOUGH_MEMORY 8u
#define PB_ERROR_NOT_READY 21u
#define PB_ERROR_INVALID_PARAMETER 87u
#define PB_ERROR_BAD_PATHNAME 161u
#define PB_ERROR_ALREADY_EXISTS 183u
#define PB_ERROR_FILENAME_EXCED_RANGE 206u

/* NTSTATUS values. */
#define PB_STATUS_SUCCESS 0x00000000u
#define PB_STATUS_UNSUCCESSFUL 0xC0000001u
#define PB_STATUS_INVALID_HANDLE 0xC0000008u
#define PB_STATUS_INVALID_PARAMETER 0xC000000Du
#define PB_STATUS_NO_SUCH_DEVICE 0xC000000Eu
#define PB_STATUS_NO_MEMORY 0xC0000017u

/* Outcome of memory steps and events (the harness's SIM family). */
#define PB_SIM_OK 0u
#define PB_SIM_ACCESS_VIOLATION 0xC0000005u

/* Internal error code, beside errno values: the name is held by an object of another kind. */
#define PB_EKIND 100000

typedef enum pb_kind { PB_SHM = 1, PB_EVENT, PB_MUTEX, PB_SEMAPHORE } pb_kind;

/* Which vendor library a handle or view belongs to. iwin32(x) and RTX64 are separate libraries with
 * handle tables of their own: an iwin32 CloseHandle does not know RTX64 handles and vice versa. */
typedef enum pb_api { PB_API_INTIME = 0, PB_API_RTX64 = 1, PB_API_COUNT } pb_api;

/* One live object in a kernel's namespace (named) or known only through its handles (unnamed). */
typedef struct pb_object {
    pb_kind kind;
    int kernel;               /* index of the kernel holding it */
    char *name;               /* the vendor name, or NULL when unnamed */
    char *posix_name;         /* the shm_open / sem_open name, or NULL when unnamed */
    uint32_t protect;         /* shared memory: PB_PAGE_READWRITE or PB_PAGE_READONLY */
    sem_t *anon_sem;          /* unnamed event/mutex/semaphore: a sem_init'ed semaphore */
    unsigned handles;         /* open handles, all processes together */
    struct pb_object *next;   /* the kernel's list */
} pb_object;

typedef struct pb_kernel {
    int kind, node, running;  /* kind: RTSHM_KERNEL_INTIME or RTSHM_KERNEL_RTX64 */
    pb_object *objects;       /* the namespace table: every live object of this kernel */
} pb_kernel;

/* A handle-table slot; the handle value is the slot index + 1 (lowest free slot first, as POSIX
 * hands out file descriptors). */
typedef struct pb_handle {
    pb_object *obj;           /* NULL: free slot */
    int fd;                   /* shared memory: this handle's descriptor; -1 otherwise */
    sem_t *sem;               /* sync objects: this handle's semaphore */
} pb_handle;

typedef struct pb_table {
    pb_handle *slots;
    size_t count;
} pb_table;

/* A live view: one mmap of a shared memory object in one process. */
typedef struct pb_view {
    uintptr_t base;
    size_t len;
    int writable;
    pb_api api;
} pb_view;

typedef struct pb_instance {
    uint64_t value;           /* the RTSSINST handed out */
    int rtss;                 /* kernel index */
    int attached;
} pb_instance;

typedef struct pb_process {
    int kind;                 /* 0 windows, 1 rt, 2 driver */
    int node;
    int intime;               /* the INtime kernel its iwin32 calls reach, or -1 */
    int rtss;                 /* the RTSS its RTX64 calls reach, or -1 */
    int in_rtss;              /* an RTSS process: every view is read-write (seed:003) */
    int exited;
    uint32_t last_error;      /* GetLastError's slot */
    pb_table tables[PB_API_COUNT];
    pb_view *views;
    size_t view_count, view_cap;
    pb_instance *instances;
    size_t instance_count, instance_cap;
} pb_process;

typedef struct pb_world {
    char prefix[48];          /* "/rtshm-<pid>-<world>-" (the kernel index follows) */
    size_t page;
    int kernel_count, process_count;
    pb_kernel *kernels;
    pb_process *processes;
    uint64_t anon_serial;     /* unnamed objects' generated names */
    uint64_t instance_serial; /* RTSSINST values */
} pb_world;

/* What a caller asks of a shared memory view (posix_objects.c: pb_shm_get). */
typedef struct pb_shm_request {
    int may_create;           /* create the object when the name is free (or when unnamed) */
    uint64_t size;            /* a new object's size in bytes (rounded up to pages); 0 fails with EINVAL */
    uint32_t protect;         /* a new object's protection */
    int require_write;        /* fail with EACCES unless the object is PAGE_READWRITE */
    int view_write;           /* a writable view, when the object is PAGE_READWRITE */
    int force_write;          /* a writable view whatever the object's protection (RTSS) */
} pb_shm_request;

/* posix_objects.c */

/* Characters in name as the vendors count them: UTF-16 code units of the UTF-8 string. */
size_t pb_name_units(const char *name);
/* The vendor's form rules: 0 when valid, ENAMETOOLONG over MAX_PATH characters, EINVAL for a backslash. */
int pb_name_form(const char *name);
/* The object kernel k's namespace holds under name (exact, case-sensitive comparison), or NULL. */
pb_object *pb_ns_lookup(pb_world *w, int k, const char *name);

/* Gives process p a handle (in api's table) and a view of the shared memory object name (NULL:
 * unnamed, always new) of kernel k. Returns 0 and sets *handle, *location and *created; otherwise an
 * errno value (ENOENT, EACCES, EINVAL, ENAMETOOLONG, ENOMEM, EMFILE, ...) or PB_EKIND, and nothing
 * changed. */
int pb_shm_get(pb_world *w, pb_process *p, pb_api api, int k, const char *name, const pb_shm_request *req,
               uint64_t *handle, uint64_t *location, int *created);

/* Gives p a handle to the event, mutex or semaphore name (NULL: unnamed) of kernel k, creating it
 * with `initial` as the semaphore value when it does not exist. Returns 0 and sets *handle and
 * *existed; otherwise an errno value or PB_EKIND, and nothing changed. */
int pb_sync_get(pb_world *w, pb_process *p, pb_api api, int k, pb_kind kind, const char *name, unsigned initial,
                uint64_t *handle, int *existed);

/* Closes handle value of p's api table: 0, or EBADF when it is not open. The object is destroyed
 * (its POSIX name unlinked) when its last handle closes; views of it stay mapped (POSIX). */
int pb_handle_close(pb_world *w, pb_process *p, pb_api api, uint64_t value);

/* Unmaps p's view of api whose base address is base: 0, or EINVAL when there is none. */
int pb_view_unmap(pb_process *p, pb_api api, uint64_t base);

/* The view of p that holds [address, address + len) whole, or NULL. */
const pb_view *pb_view_find(const pb_process *p, uint64_t address, size_t len);

/* Process exit: unmaps every view, closes every handle in handle order, detaches every instance. */
void pb_process_exit(pb_world *w, pb_process *p);

/* Destroys every object still left (xClose). */
void pb_objects_free(pb_world *w);

/* posix_win32.c: iwin32 (api "iwin32") and RTX64 Rt* (api "rtx64") calls. 1 when handled, 0 when the
 * function is not one of them (or argc is wrong). */
int pb_call_iwin32(pb_world *w, pb_process *p, const char *function, int argc, const rtshm_value *argv,
                   rtshm_outcome *out);
int pb_call_rtx64(pb_world *w, pb_process *p, const char *function, int argc, const rtshm_value *argv,
                  rtshm_outcome *out);

/* posix_rtk.c: Rtk* calls (api "rtk"); same convention. */
int pb_call_rtk(pb_world *w, pb_process *p, const char *function, int argc, const rtshm_value *argv,
                rtshm_outcome *out);

/* Records errno value rc as the call's native error (interface version 2): rtshm keeps it beside the
 * mapped Win32 or NTSTATUS code. */
static inline void pb_native_errno(rtshm_outcome *out, int rc) {
    out->has_native_error = 1;
    out->native_error = rc;
    snprintf(out->native_error_kind, sizeof out->native_error_kind, "errno");
}

#endif
