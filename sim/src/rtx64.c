/* sim/src/rtx64.c — the rtx64 family: its descriptor, its rules for the Win32-shaped calls, and the
 * public calls RtCreateSharedMemory, RtOpenSharedMemory, RtCloseHandle, RtCreateEvent/Mutex/Semaphore
 * and GetLastError/SetLastError of RTX64.
 *
 * The calls are sim/src/win32_objects.c's, driven by `rules` below: RTX64 reaches p->rtss (the RTSS of its
 * node), charges shared memory to the RTSS's memory, checks flProtect and DesiredAccess and honours
 * them in Windows processes (RTX64.CREATE.VIEW, RTX64.OPEN.ACCESS) while RTSS ignores both
 * (RTX64.CREATE.RTSS_FLPROTECT_IGNORED, RTX64.OPEN.RTSS_ACCESS; views in RTSS are always read-write,
 * RTK.OPEN.RTSS_ALWAYS_RW), lets a Windows caller's request size its view of an existing object and
 * grow it (RTX64.CREATE.WINDOWS_SIZE), limits names to RTX_MAX_OBJECT_NAME_LENGTH (RTX64.NAME.LENGTH),
 * and every call fails first when the RTSS is stopped (SIM.KERNEL.STOPPED).
 * The family owns the objects of RTSS, which the rtk family's driver calls share (sim/rtk.h). */
#include "sim/rtx64.h"

#include "sim/win32_objects.h"
#include "spec/clause_ids.h"
#include "spec/constants.h"

const sim_family sim_family_rtx64 = {
    .api = SPEC_API_RTX64,
    .name = "rtx64",
    .status_family = SPEC_FAMILY_WIN32,
    .slot = SIM_SLOT_THREAD, /* RTX64.LASTERROR */
    .kernel_kind = SIM_KERNEL_RTX64,
    .kinds = {[SIM_OBJ_SHM] = &sim_win32_shm_kind,
              [SIM_OBJ_EVENT] = &sim_win32_sync_kind,
              [SIM_OBJ_MUTEX] = &sim_win32_sync_kind,
              [SIM_OBJ_SEMAPHORE] = &sim_win32_sync_kind},
    .clauses = {.views_die = CL_RTK_CLOSE_VIEWS_DIE,
                .fault = CL_RTK_CLOSE_VIEWS_DIE,
                .process_exit = CL_RTK_CLOSE_PROCESS_EXIT,
                .close_refcount = CL_RTK_CLOSE_REFCOUNT,
                .close_last = CL_RTK_CLOSE_REFCOUNT},
};

static sim_kernel *reach(const sim_process *p) {
    return p->rtss;
}

static uint64_t *budget(sim_kernel *k, uint64_t *limit_bytes) {
    *limit_bytes = k->memory_bytes;
    return &k->memory_used_bytes;
}

static const sim_win32_rules rules = {
    .family = &sim_family_rtx64,
    .reach = reach,
    .budget = budget,
    .honours_protect = true,
    .windows_request_sizes = true,                  /* RTX64.CREATE.WINDOWS_SIZE */
    .max_name_chars = K_RTX_MAX_OBJECT_NAME_LENGTH, /* RTX64.NAME.LENGTH: Rtapi.h */
    .sync_checks_running = true,
    .cl = {
        /* RTX64 names its parameter checks as one clause (the same rules as seed:003's Name). */
        .create_null_location = CL_RTX64_CREATE_PARAMS,
        .create_name_length = CL_RTX64_NAME_LENGTH,
        .create_name_backslash = CL_RTX64_CREATE_PARAMS,
        .create_bad_protect = CL_RTX64_CREATE_PARAMS,
        .create_size_high = CL_RTX64_CREATE_PARAMS,
        .create_collision = CL_RTX64_CREATE_NAME_COLLISION,
        .create_exists = CL_RTX64_CREATE_EXISTS,
        .create_size_zero = CL_RTX64_CREATE_PARAMS,
        .create_no_budget = CL_RTX64_CREATE_NO_MEMORY,
        .create_ok = CL_RTX64_CREATE_OK, /* GetLastError 0 */
        .fresh_memory = CL_RTX64_CREATE_FRESH_MEMORY,
        .create_ok_unnamed = CL_RTX64_CREATE_OK,
        .create_windows_size = CL_RTX64_CREATE_WINDOWS_SIZE,
        .create_rtss_protect = CL_RTX64_CREATE_RTSS_FLPROTECT_IGNORED,
        .open_rtss_access = CL_RTX64_OPEN_RTSS_ACCESS,
        .open_null_location = CL_RTX64_OPEN_PARAMS,
        .open_null_name = CL_RTX64_OPEN_PARAMS,
        .open_bad_access = CL_RTX64_OPEN_PARAMS,
        .open_name_length = CL_RTX64_NAME_LENGTH,
        .open_name_backslash = CL_RTX64_OPEN_PARAMS,
        .open_missing = CL_RTX64_OPEN_MISSING,
        .open_wrong_type = CL_RTX64_OPEN_WRONG_TYPE,
        .open_denied = CL_RTX64_OPEN_DENIED,
        .open_ok = CL_RTX64_OPEN_ACCESS,
        .no_room = CL_RTX64_CREATE_NO_MEMORY,
        .close_invalid = CL_RTX64_CLOSE,
        .sync_params = CL_RTX64_SYNC_NAMES,
        .sync_names = CL_RTX64_SYNC_NAMES,
        .lasterror = CL_RTX64_LASTERROR,
    },
};

uint64_t sim_rtx64_RtCreateSharedMemory(sim_process *p, uint32_t flProtect, uint32_t size_high, uint32_t size_low,
                                        const char *name, uint64_t *location, sim_outcome *out) {
    return sim_win32_create_shm(&rules, p, flProtect, size_high, size_low, name, location, out);
}

uint64_t sim_rtx64_RtOpenSharedMemory(sim_process *p, uint32_t access, bool inherit, const char *name,
                                      uint64_t *location, sim_outcome *out) {
    (void)inherit; /* RTK.OPEN.INHERIT_IGNORED holds for the Win32 call too */
    return sim_win32_open_shm(&rules, p, access, name, location, out);
}

bool sim_rtx64_RtCloseHandle(sim_process *p, uint64_t handle, sim_outcome *out) {
    return sim_win32_close(&rules, p, handle, out);
}

uint64_t sim_rtx64_RtCreateEvent(sim_process *p, bool manual_reset, bool initial_state, const char *name,
                                 sim_outcome *out) {
    return sim_win32_create_event(&rules, p, manual_reset, initial_state, name, out);
}

uint64_t sim_rtx64_RtCreateMutex(sim_process *p, bool initial_owner, const char *name, sim_outcome *out) {
    return sim_win32_create_mutex(&rules, p, initial_owner, name, out);
}

uint64_t sim_rtx64_RtCreateSemaphore(sim_process *p, int32_t initial_count, int32_t maximum_count, const char *name,
                                     sim_outcome *out) {
    return sim_win32_create_semaphore(&rules, p, initial_count, maximum_count, name, out);
}

uint32_t sim_rtx64_GetLastError(sim_process *p, sim_outcome *out) {
    return sim_win32_get_last_error(&rules, p, out);
}

void sim_rtx64_SetLastError(sim_process *p, uint32_t code, sim_outcome *out) {
    sim_win32_set_last_error(&rules, p, code, out);
}
