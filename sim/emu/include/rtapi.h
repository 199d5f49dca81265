/* rtapi.h — RTX64 Rt* calls (Rtapi.h / RtApi.lib, and the same calls of RTSS processes) on the rtshm model
 * (librtshm_emu): shared memory, the sync objects that share its namespace, the last-error slot.
 *
 * Prototypes as RTX64 3.2 Rtapi.h declares them (LKDCC123/MotionControlTest SDK/RTX64_SDK/3.2/include/Rtapi.h;
 * spec/FUNCTIONS.md): "HANDLE RtCreateSharedMemoryA/W(DWORD flProtect, DWORD dwMaximumSizeHigh, DWORD
 * dwMaximumSizeLow, LPCSTR/LPCWSTR lpName, VOID** location);", "HANDLE RtOpenSharedMemoryA/W(DWORD
 * dwDesiredAccess, BOOL bInheritHandle, LPCSTR/LPCWSTR lpName, VOID** location);", "BOOL RtCloseHandle(HANDLE
 * hHandle);", "#define RtGetLastError GetLastError", "#define RtSetLastError SetLastError",
 * "#define RTX_MAX_OBJECT_NAME_LENGTH 256". Without UNICODE (the emulation's TCHAR is char) the unsuffixed
 * names are the A forms, as in the vendor's header.
 *
 * Error channel: the return value and GetLastError() (RTX64.*: "To get extended error information, call
 * GetLastError."), the slot of the simulated thread the calling thread acts as (rtshm_emu_as).
 *
 * Names shared with INtime iwin32 (iwin32.h): RtCloseHandle, GetLastError and SetLastError are mapped to the
 * RTX64 entry points of the library (rtshm_emu_rtx64_*); including iwin32.h in the same file is an error. */
#ifndef RTSHM_EMU_RTAPI_H
#define RTSHM_EMU_RTAPI_H

#ifdef RTSHM_EMU_IWIN32_H
#error "rtapi.h (RTX64) and iwin32.h (INtime) declare the same names: include one per source file"
#endif

#include "rtshm_vendor_types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define RTX_MAX_OBJECT_NAME_LENGTH 256
#define SHM_MAP_READ 1
#define SHM_MAP_WRITE 2
#define SHM_MAP_ALL_ACCESS 3

HANDLE RtCreateSharedMemoryA(DWORD flProtect, DWORD dwMaximumSizeHigh, DWORD dwMaximumSizeLow, LPCSTR lpName,
                             VOID **location);
HANDLE RtCreateSharedMemoryW(DWORD flProtect, DWORD dwMaximumSizeHigh, DWORD dwMaximumSizeLow, LPCWSTR lpName,
                             VOID **location);
HANDLE RtOpenSharedMemoryA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpName, VOID **location);
HANDLE RtOpenSharedMemoryW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpName, VOID **location);
HANDLE RtCreateEventA(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset, BOOL bInitialState, LPCSTR lpName);
HANDLE RtCreateEventW(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset, BOOL bInitialState, LPCWSTR lpName);
HANDLE RtCreateMutexA(LPSECURITY_ATTRIBUTES lpMutexAttributes, BOOL bInitialOwner, LPCSTR lpName);
HANDLE RtCreateMutexW(LPSECURITY_ATTRIBUTES lpMutexAttributes, BOOL bInitialOwner, LPCWSTR lpName);
HANDLE RtCreateSemaphoreA(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes, LONG lInitialCount, LONG lMaximumCount,
                          LPCSTR lpName);
HANDLE RtCreateSemaphoreW(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes, LONG lInitialCount, LONG lMaximumCount,
                          LPCWSTR lpName);

#ifdef UNICODE
#define RtCreateSharedMemory RtCreateSharedMemoryW
#define RtOpenSharedMemory RtOpenSharedMemoryW
#define RtCreateEvent RtCreateEventW
#define RtCreateMutex RtCreateMutexW
#define RtCreateSemaphore RtCreateSemaphoreW
#else
#define RtCreateSharedMemory RtCreateSharedMemoryA
#define RtOpenSharedMemory RtOpenSharedMemoryA
#define RtCreateEvent RtCreateEventA
#define RtCreateMutex RtCreateMutexA
#define RtCreateSemaphore RtCreateSemaphoreA
#endif

#ifdef _WIN32
/* On Windows GetLastError and SetLastError are <windows.h>'s (Rtapi.h: "#define RtGetLastError GetLastError"),
 * and RtCloseHandle is RtApi.dll's. */
BOOL RtCloseHandle(HANDLE hHandle);
#else
#define RtCloseHandle rtshm_emu_rtx64_RtCloseHandle
#define GetLastError rtshm_emu_rtx64_GetLastError
#define SetLastError rtshm_emu_rtx64_SetLastError
#endif
#define RtGetLastError GetLastError
#define RtSetLastError SetLastError
BOOL rtshm_emu_rtx64_RtCloseHandle(HANDLE hHandle);
DWORD rtshm_emu_rtx64_GetLastError(VOID);
VOID rtshm_emu_rtx64_SetLastError(DWORD dwErrCode);

#ifdef __cplusplus
}
#endif

#endif
