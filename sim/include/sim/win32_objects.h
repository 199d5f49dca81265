/* sim/win32_objects.h — the Win32-shaped calls iwin32 and RTX64 share, implemented once.
 *
 * iwin32 (INtime, seed:002) and RTX64's Rt* calls (seed:003) offer the same shapes: create or open a
 * named shared memory object and map a view of it, close a handle, create or open a named event, mutex
 * or semaphore, get and set the thread's last-error slot. They differ in which kernel a process
 * reaches, what a shared memory object is charged to, whether protection and access are checked and
 * honoured, whether the sync creators check the kernel runs, and which clause each outcome cites. A
 * family states those differences once, in a sim_win32_rules value next to its descriptor (iwin32.c,
 * rtx64.c), and its public sim_<family>_<Vendor> functions call the functions below with it.
 *
 * Error channel: the return value plus the thread's last-error slot (p->last_error), set on every
 * failure and by the creating calls (ERROR_SUCCESS new, ERROR_ALREADY_EXISTS opened); *out gets the
 * status (of the family's status family) and the clause that decided the outcome. Pointers are
 * simulated addresses (sim/addrspace.h); `location == NULL` models a NULL pointer argument.
 *
 * Order of checks in the creating calls (a model choice where the vendors list none): the kernel runs
 * (SIM.KERNEL.STOPPED), pointer arguments, the name's form, the protection (when checked) and
 * MaximumSizeHigh, the namespace, MaximumSizeLow, then the budget and the process's room. */
#ifndef SIM_WIN32_OBJECTS_H
#define SIM_WIN32_OBJECTS_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/family.h"
#include "sim/world.h"

/* An event, mutex or semaphore: sim_object first (the same address), then its state. */
typedef struct sim_sync_object {
    sim_object obj;
    bool manual_reset, signalled; /* events */
    bool owned;                   /* mutexes */
    int32_t count, max_count;     /* semaphores */
} sim_sync_object;

/* obj as the sync object it is (an event, mutex or semaphore made by a Win32-shaped family). */
sim_sync_object *sim_sync_of(sim_object *obj);

/* The kind rows of the Win32-shaped families' descriptors. */
extern const sim_kind_rules sim_win32_shm_kind, sim_win32_sync_kind;

/* The clause each outcome cites (the family's wording of the same rule). */
typedef struct sim_win32_clauses {
    /* RtCreateSharedMemory */
    const char *create_null_location, *create_name_length, *create_name_backslash, *create_bad_protect,
        *create_size_high, *create_collision, *create_exists, *create_size_zero, *create_no_budget,
        *create_ok, *create_ok_unnamed;
    /* a new object's page rounding and zero fill, what accesses to its rounded tail and reads of bytes
     * never written rest on (IWIN32.CREATE.FRESH_MEMORY, RTX64.CREATE.FRESH_MEMORY) */
    const char *fresh_memory;
    /* RtCreateSharedMemory of an existing name from a Windows process whose request sizes its view and
     * may grow the object (RTX64.CREATE.WINDOWS_SIZE); NULL where the size is ignored (iwin32) */
    const char *create_windows_size;
    /* flProtect / DesiredAccess ignored in an RT process (RTX64.CREATE.RTSS_FLPROTECT_IGNORED,
     * RTX64.OPEN.RTSS_ACCESS); NULL where they are ignored everywhere (iwin32) */
    const char *create_rtss_protect, *open_rtss_access;
    /* RtOpenSharedMemory */
    const char *open_null_location, *open_null_name, *open_bad_access, *open_name_length, *open_name_backslash,
        *open_missing, *open_wrong_type, *open_denied, *open_ok;
    /* every call: no handle slot, no address space or no memory left for the process */
    const char *no_room;
    /* CloseHandle / RtCloseHandle (a success cites the family's close_last / close_refcount) */
    const char *close_invalid;
    /* CreateEvent/Mutex/Semaphore: bad parameters or name form; the namespace outcomes */
    const char *sync_params, *sync_names;
    /* GetLastError / SetLastError */
    const char *lasterror;
} sim_win32_clauses;

typedef struct sim_win32_rules {
    const sim_family *family;                 /* whose objects these calls make; its status family */
    sim_kernel *(*reach)(const sim_process *p); /* the kernel p's calls of this family reach (or NULL) */
    /* The budget shared memory is charged to on k: its used-bytes counter, *limit_bytes its size. */
    uint64_t *(*budget)(sim_kernel *k, uint64_t *limit_bytes);
    /* true (RTX64): in a Windows process flProtect and DesiredAccess are checked, the object keeps its
     * protection and the view honours it; in an RT process (RTSS) both are ignored, a new object is
     * PAGE_READWRITE and every view read-write (RTX64.CREATE.RTSS_FLPROTECT_IGNORED,
     * RTX64.OPEN.RTSS_ACCESS, RTK.OPEN.RTSS_ALWAYS_RW). false (iwin32): both are ignored everywhere and
     * every view is read-write. */
    bool honours_protect;
    /* true (RTX64): a Windows process's RtCreateSharedMemory of an existing object maps the amount it
     * asked for and grows the object to it when larger (RTX64.CREATE.WINDOWS_SIZE). false (iwin32): the
     * size is ignored for an existing object (IWIN32.CREATE.EXISTS_SIZE_IGNORED). */
    bool windows_request_sizes;
    /* the longest name accepted, in characters: MAX_PATH (iwin32, seed:002) or RTX_MAX_OBJECT_NAME_LENGTH
     * (RTX64 Rtapi.h) */
    size_t max_name_chars;
    bool sync_checks_running; /* the sync creators fail with SIM.KERNEL.STOPPED first (RTX64) */
    sim_win32_clauses cl;
} sim_win32_rules;

/* RtCreateSharedMemory: creates the shared memory object `name` (NULL or "": unnamed) of size_low bytes
 * (page-rounded, charged to r's budget) in the kernel p reaches, or opens the existing one of that name
 * (ERROR_ALREADY_EXISTS, size ignored); maps a view into p and stores its address in *location. Returns
 * the handle, or 0 (NULL) with the failure in the slot and *out. */
uint64_t sim_win32_create_shm(const sim_win32_rules *r, sim_process *p, uint32_t flProtect, uint32_t size_high,
                              uint32_t size_low, const char *name, uint64_t *location, sim_outcome *out);

/* RtOpenSharedMemory: opens the existing shared memory object `name` with `access` (checked when r
 * honours protection), maps a view into p and stores its address in *location. Returns the handle or 0.
 * A success leaves the slot alone. */
uint64_t sim_win32_open_shm(const sim_win32_rules *r, sim_process *p, uint32_t access, const char *name,
                            uint64_t *location, sim_outcome *out);

/* CloseHandle / RtCloseHandle: closes one of p's handles of any kind (the last one destroys the object;
 * its views then fault). False, ERROR_INVALID_HANDLE, when handle is not open in p. */
bool sim_win32_close(const sim_win32_rules *r, sim_process *p, uint64_t handle, sim_outcome *out);

/* CreateEvent / CreateMutex / CreateSemaphore: creates the sync object `name` (NULL or "": unnamed,
 * always new) with the given state, or opens the existing one of the same kind (ERROR_ALREADY_EXISTS,
 * state kept); another kind under the name fails with ERROR_INVALID_HANDLE. Returns the handle or 0. */
uint64_t sim_win32_create_event(const sim_win32_rules *r, sim_process *p, bool manual_reset, bool initial_state,
                                const char *name, sim_outcome *out);
uint64_t sim_win32_create_mutex(const sim_win32_rules *r, sim_process *p, bool initial_owner, const char *name,
                                sim_outcome *out);
uint64_t sim_win32_create_semaphore(const sim_win32_rules *r, sim_process *p, int32_t initial_count,
                                    int32_t maximum_count, const char *name, sim_outcome *out);

/* GetLastError returns the thread's slot; SetLastError stores code in it. Both succeed. */
uint32_t sim_win32_get_last_error(const sim_win32_rules *r, sim_process *p, sim_outcome *out);
void sim_win32_set_last_error(const sim_win32_rules *r, sim_process *p, uint32_t code, sim_outcome *out);

/* Records a failure: the last-error slot, the status (of r's family) and clause. Returns 0. */
uint64_t sim_win32_fail(const sim_win32_rules *r, sim_process *p, sim_outcome *out, uint32_t error,
                        const char *clause);

#endif
