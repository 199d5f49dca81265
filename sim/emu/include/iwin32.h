/* iwin32.h — INtime iwin32 (real-time side, iwin32.h / iwin32.lib) and iwin32x (Windows side, iwin32x.h) on the
 * rtshm model (librtshm_emu). One header serves both: which one a call is depends on the process the calling
 * thread acts as (rtshm_emu_as): an rt process on an INtime kernel, or a Windows process reaching its node's
 * INtime kernel through iwin32x.
 *
 * Prototypes as spec/FUNCTIONS.md records them from the INtime SDK help; seed:002: "HANDLE RtCreateSharedMemory(
 * DWORD flProtect, DWORD MaximumSizeHigh, DWORD MaximumSizeLow, LPCTSTR lpName, VOID ** location);" — "NULL —
 * Failure", "Handle to existing object and ERROR_ALREADY_EXISTS". "Use RtUnmapSharedMemory to free the virtual
 * memory associated with this call." "To close the handle, use CloseHandle."
 *
 * Error channel: the return value and GetLastError(), the calling simulated thread's slot (IWIN32.LASTERROR).
 *
 * Names shared with RTX64 (rtapi.h): RtCloseHandle, GetLastError and SetLastError exist in both SDKs. A program
 * is built against one of them per translation unit, so this header maps those three names to the iwin32
 * entry points of the library (rtshm_emu_iwin32_*); including rtapi.h in the same file is an error. */
#ifndef RTSHM_EMU_IWIN32_H
#define RTSHM_EMU_IWIN32_H

#ifdef RTSHM_EMU_RTAPI_H
#error "iwin32.h (INtime) and rtapi.h (RTX64) declare the same names: include one per source file"
#endif

#include "rtshm_vendor_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* lpName: the SDK's LPCTSTR in an ANSI (non-UNICODE) build, which is what the library implements; declared
 * LPCSTR so that a UNICODE build on Windows (where LPCTSTR is LPCWSTR) gets a type error, not wide names
 * read as bytes. */
HANDLE RtCreateSharedMemory(DWORD flProtect, DWORD MaximumSizeHigh, DWORD MaximumSizeLow, LPCSTR lpName,
                            VOID **location);
HANDLE RtOpenSharedMemory(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpName, VOID **location);
/* "This function is present for compatibility. It takes no action and always returns TRUE." (the model frees
 * the view: IWIN32.UNMAP.VIEW) */
BOOLEAN RtUnmapSharedMemory(PVOID pVirtualAddress);
#ifndef _WIN32
/* The RT side's sync objects (an RT process's calls only). On Windows these three names are <windows.h>'s
 * (macros for the A/W forms of the Win32 calls, a Windows process's own objects), so they are declared here
 * only where <windows.h> is not. */
HANDLE CreateEvent(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset, BOOL bInitialState, LPCSTR lpName);
HANDLE CreateMutex(LPSECURITY_ATTRIBUTES lpMutexAttributes, BOOL bInitialOwner, LPCSTR lpName);
HANDLE CreateSemaphore(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes, LONG lInitialCount, LONG lMaximumCount,
                       LPCSTR lpName);

BOOL CloseHandle(HANDLE hObject);
#define RtCloseHandle rtshm_emu_iwin32_RtCloseHandle
#define GetLastError rtshm_emu_iwin32_GetLastError
#define SetLastError rtshm_emu_iwin32_SetLastError
#define RtGetLastError rtshm_emu_iwin32_GetLastError
#else
/* On Windows GetLastError and SetLastError are <windows.h>'s; RtCloseHandle is the SDK's. */
BOOL RtCloseHandle(HANDLE hObject);
#endif
BOOL rtshm_emu_iwin32_RtCloseHandle(HANDLE hObject);
DWORD rtshm_emu_iwin32_GetLastError(VOID);
VOID rtshm_emu_iwin32_SetLastError(DWORD dwErrCode);

#ifdef __cplusplus
}
#endif

#endif
