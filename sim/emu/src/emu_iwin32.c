/* sim/emu/src/emu_iwin32.c — the INtime iwin32 / iwin32x calls of iwin32.h on the model (emu_int.h). A
 * location is stored only by a call that returned a handle (the pages say nothing of it on failure). */
#include "emu_int.h"
#include "iwin32.h"

HANDLE RtCreateSharedMemory(DWORD flProtect, DWORD MaximumSizeHigh, DWORD MaximumSizeLow, LPCTSTR lpName,
                            VOID **location) {
    conf_value a[5] = {emu_num(flProtect), emu_num(MaximumSizeHigh), emu_num(MaximumSizeLow), emu_str(lpName),
                       emu_out(location)};
    emu_result r;
    if (emu_call(SPEC_FN_IWIN32_RtCreateSharedMemory, a, &r) != 0) return NULL;
    if (location && r.ret) *location = (void *)(uintptr_t)r.outputs[4];
    return (HANDLE)(uintptr_t)r.ret;
}

HANDLE RtOpenSharedMemory(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCTSTR lpName, VOID **location) {
    conf_value a[4] = {emu_num(dwDesiredAccess), emu_num(bInheritHandle != 0), emu_str(lpName), emu_out(location)};
    emu_result r;
    if (emu_call(SPEC_FN_IWIN32_RtOpenSharedMemory, a, &r) != 0) return NULL;
    if (location && r.ret) *location = (void *)(uintptr_t)r.outputs[3];
    return (HANDLE)(uintptr_t)r.ret;
}

BOOLEAN RtUnmapSharedMemory(PVOID pVirtualAddress) {
    conf_value a[1] = {emu_ptr(pVirtualAddress)};
    return emu_call_ret(SPEC_FN_IWIN32_RtUnmapSharedMemory, a, 0) ? TRUE : FALSE;
}

BOOL CloseHandle(HANDLE hObject) {
    conf_value a[1] = {emu_num((uint64_t)(uintptr_t)hObject)};
    return emu_call_ret(SPEC_FN_IWIN32_CloseHandle, a, 0) ? TRUE : FALSE;
}

BOOL rtshm_emu_iwin32_RtCloseHandle(HANDLE hObject) {
    conf_value a[1] = {emu_num((uint64_t)(uintptr_t)hObject)};
    return emu_call_ret(SPEC_FN_IWIN32_RtCloseHandle, a, 0) ? TRUE : FALSE;
}

HANDLE CreateEvent(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset, BOOL bInitialState, LPCTSTR lpName) {
    conf_value a[4] = {emu_ptr(lpEventAttributes), emu_num(bManualReset != 0), emu_num(bInitialState != 0),
                       emu_str(lpName)};
    return (HANDLE)(uintptr_t)emu_call_ret(SPEC_FN_IWIN32_CreateEvent, a, 0);
}

HANDLE CreateMutex(LPSECURITY_ATTRIBUTES lpMutexAttributes, BOOL bInitialOwner, LPCTSTR lpName) {
    conf_value a[3] = {emu_ptr(lpMutexAttributes), emu_num(bInitialOwner != 0), emu_str(lpName)};
    return (HANDLE)(uintptr_t)emu_call_ret(SPEC_FN_IWIN32_CreateMutex, a, 0);
}

HANDLE CreateSemaphore(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes, LONG lInitialCount, LONG lMaximumCount,
                       LPCTSTR lpName) {
    conf_value a[4] = {emu_ptr(lpSemaphoreAttributes), emu_num((uint32_t)lInitialCount), emu_num((uint32_t)lMaximumCount),
                       emu_str(lpName)};
    return (HANDLE)(uintptr_t)emu_call_ret(SPEC_FN_IWIN32_CreateSemaphore, a, 0);
}

DWORD rtshm_emu_iwin32_GetLastError(VOID) {
    return (DWORD)emu_call_ret(SPEC_FN_IWIN32_GetLastError, NULL, ERROR_INVALID_HANDLE);
}

VOID rtshm_emu_iwin32_SetLastError(DWORD dwErrCode) {
    conf_value a[1] = {emu_num(dwErrCode)};
    (void)emu_call_ret(SPEC_FN_IWIN32_SetLastError, a, 0);
}
