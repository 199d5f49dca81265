/* sim/emu/src/emu_rtx64.c — the RTX64 Rt* calls of rtapi.h on the model (emu_int.h). The W forms convert their
 * UTF-16 names to UTF-8 (the model's and the scenario format's text) and call the A forms' path; a name that
 * cannot be converted (out of memory) fails the call as no memory (NULL, refused). */
#include <stdlib.h>

#include "emu_int.h"
#include "rtapi.h"

/* A W name as UTF-8 (malloc'd), NULL for NULL; *oom set when the copy failed. */
static char *wide(LPCWSTR name, bool *oom) {
    *oom = false;
    if (name == NULL) return NULL;
    char *s = emu_utf16_to_utf8(name, emu_utf16_len(name, 65536));
    *oom = s == NULL;
    return s;
}

static HANDLE create_shm(DWORD flProtect, DWORD high, DWORD low, const char *name, VOID **location) {
    conf_value a[5] = {emu_num(flProtect), emu_num(high), emu_num(low), emu_str(name), emu_out(location)};
    emu_result r;
    if (emu_call(SPEC_FN_RTX64_RtCreateSharedMemory, a, &r) != 0) return NULL;
    if (location && r.ret) *location = (void *)(uintptr_t)r.outputs[4];
    return (HANDLE)(uintptr_t)r.ret;
}

HANDLE RtCreateSharedMemoryA(DWORD flProtect, DWORD dwMaximumSizeHigh, DWORD dwMaximumSizeLow, LPCSTR lpName,
                             VOID **location) {
    return create_shm(flProtect, dwMaximumSizeHigh, dwMaximumSizeLow, lpName, location);
}

HANDLE RtCreateSharedMemoryW(DWORD flProtect, DWORD dwMaximumSizeHigh, DWORD dwMaximumSizeLow, LPCWSTR lpName,
                             VOID **location) {
    bool oom;
    char *name = wide(lpName, &oom);
    HANDLE h = oom ? NULL : create_shm(flProtect, dwMaximumSizeHigh, dwMaximumSizeLow, name, location);
    free(name);
    return h;
}

static HANDLE open_shm(DWORD access, BOOL inherit, const char *name, VOID **location) {
    conf_value a[4] = {emu_num(access), emu_num(inherit != 0), emu_str(name), emu_out(location)};
    emu_result r;
    if (emu_call(SPEC_FN_RTX64_RtOpenSharedMemory, a, &r) != 0) return NULL;
    if (location && r.ret) *location = (void *)(uintptr_t)r.outputs[3];
    return (HANDLE)(uintptr_t)r.ret;
}

HANDLE RtOpenSharedMemoryA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpName, VOID **location) {
    return open_shm(dwDesiredAccess, bInheritHandle, lpName, location);
}

HANDLE RtOpenSharedMemoryW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpName, VOID **location) {
    bool oom;
    char *name = wide(lpName, &oom);
    HANDLE h = oom ? NULL : open_shm(dwDesiredAccess, bInheritHandle, name, location);
    free(name);
    return h;
}

static HANDLE create_event(LPSECURITY_ATTRIBUTES attrs, BOOL manual, BOOL initial, const char *name) {
    conf_value a[4] = {emu_ptr(attrs), emu_num(manual != 0), emu_num(initial != 0), emu_str(name)};
    return (HANDLE)(uintptr_t)emu_call_ret(SPEC_FN_RTX64_RtCreateEvent, a, 0);
}

HANDLE RtCreateEventA(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset, BOOL bInitialState, LPCSTR lpName) {
    return create_event(lpEventAttributes, bManualReset, bInitialState, lpName);
}

HANDLE RtCreateEventW(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset, BOOL bInitialState, LPCWSTR lpName) {
    bool oom;
    char *name = wide(lpName, &oom);
    HANDLE h = oom ? NULL : create_event(lpEventAttributes, bManualReset, bInitialState, name);
    free(name);
    return h;
}

static HANDLE create_mutex(LPSECURITY_ATTRIBUTES attrs, BOOL owner, const char *name) {
    conf_value a[3] = {emu_ptr(attrs), emu_num(owner != 0), emu_str(name)};
    return (HANDLE)(uintptr_t)emu_call_ret(SPEC_FN_RTX64_RtCreateMutex, a, 0);
}

HANDLE RtCreateMutexA(LPSECURITY_ATTRIBUTES lpMutexAttributes, BOOL bInitialOwner, LPCSTR lpName) {
    return create_mutex(lpMutexAttributes, bInitialOwner, lpName);
}

HANDLE RtCreateMutexW(LPSECURITY_ATTRIBUTES lpMutexAttributes, BOOL bInitialOwner, LPCWSTR lpName) {
    bool oom;
    char *name = wide(lpName, &oom);
    HANDLE h = oom ? NULL : create_mutex(lpMutexAttributes, bInitialOwner, name);
    free(name);
    return h;
}

static HANDLE create_semaphore(LPSECURITY_ATTRIBUTES attrs, LONG initial, LONG maximum, const char *name) {
    conf_value a[4] = {emu_ptr(attrs), emu_num((uint32_t)initial), emu_num((uint32_t)maximum), emu_str(name)};
    return (HANDLE)(uintptr_t)emu_call_ret(SPEC_FN_RTX64_RtCreateSemaphore, a, 0);
}

HANDLE RtCreateSemaphoreA(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes, LONG lInitialCount, LONG lMaximumCount,
                          LPCSTR lpName) {
    return create_semaphore(lpSemaphoreAttributes, lInitialCount, lMaximumCount, lpName);
}

HANDLE RtCreateSemaphoreW(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes, LONG lInitialCount, LONG lMaximumCount,
                          LPCWSTR lpName) {
    bool oom;
    char *name = wide(lpName, &oom);
    HANDLE h = oom ? NULL : create_semaphore(lpSemaphoreAttributes, lInitialCount, lMaximumCount, name);
    free(name);
    return h;
}

BOOL rtshm_emu_rtx64_RtCloseHandle(HANDLE hHandle) {
    conf_value a[1] = {emu_num((uint64_t)(uintptr_t)hHandle)};
    return emu_call_ret(SPEC_FN_RTX64_RtCloseHandle, a, 0) ? TRUE : FALSE;
}

DWORD rtshm_emu_rtx64_GetLastError(VOID) {
    return (DWORD)emu_call_ret(SPEC_FN_RTX64_GetLastError, NULL, ERROR_INVALID_HANDLE);
}

VOID rtshm_emu_rtx64_SetLastError(DWORD dwErrCode) {
    conf_value a[1] = {emu_num(dwErrCode)};
    (void)emu_call_ret(SPEC_FN_RTX64_SetLastError, a, 0);
}
