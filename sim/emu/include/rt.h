/* rt.h — INtime RT calls of a real-time process (rt.h / rtbase.h) on the rtshm model (librtshm_emu): the RT
 * memory and the segments NTX maps (CLAUSES.md RT.*).
 *
 * Prototypes as spec/FUNCTIONS.md records them from the INtime SDK help (support.tenasys.com): "PVOID
 * AllocateRtMemory(DWORD cbSize);", "RTHANDLE CreateRtMemoryHandle(PVOID pOffset, DWORD cbSize);", "BOOLEAN
 * DeleteRtMemoryHandle(RTHANDLE hSeg);", "DWORD FreeRtMemory(PVOID pAddress);", "BOOLEAN CatalogRtHandle(RTHANDLE
 * hProcess, RTHANDLE hObject, LPSTR lpszName);", "RTHANDLE CreateRtSemaphore(WORD wInitialUnits, WORD wMaxUnits,
 * WORD wFlags);", "DWORD GetLastRtError(VOID);". RTHANDLE is a WORD (ntx.h) and BAD_RTHANDLE 0xFFFF.
 *
 * Error channel: the return value (NULL, BAD_RTHANDLE, FALSE, 0xFFFFFFFF) and GetLastRtError(): "All RT
 * functions set the thread's last error field on failure. Note: A successful call does not clear the status."
 * (RT.LASTERROR.STICKY). The calling thread must act as an rt process on an INtime kernel (rtshm_emu_as). */
#ifndef RTSHM_EMU_RT_H
#define RTSHM_EMU_RT_H

#include "rtshm_vendor_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef WORD RTHANDLE;
#define BAD_RTHANDLE ((RTHANDLE)0xFFFF)
#define NULL_RTHANDLE ((RTHANDLE)0)

#ifndef E_OK
#define E_OK 0x0000
#define E_MEM 0x0002
#define E_LIMIT 0x0004
#define E_CONTEXT 0x0005
#define E_EXIST 0x0006
#define E_SLOT 0x000C
#define E_TYPE 0x8002
#define E_PARAM 0x8004
#define E_BAD_ADDR 0x800F
#endif
#define E_INVALID_ADDRESS 0x00E2
#define E_NOT_ALLOCATED 0x00F2

/* "A pointer to the address ... — Success." "NULL — Failure. To determine the status, call GetLastRtError." */
PVOID AllocateRtMemory(DWORD cbSize);
/* "An RTHANDLE for the shared memory area — Success." "BAD_RTHANDLE — Failure." */
RTHANDLE CreateRtMemoryHandle(PVOID pOffset, DWORD cbSize);
/* "TRUE — Success." "FALSE — Failure." */
BOOLEAN DeleteRtMemoryHandle(RTHANDLE hSeg);
/* "The number of bytes freed — Success." "-1 — Failure." */
DWORD FreeRtMemory(PVOID pAddress);
/* Catalogs hObject under lpszName (1 to 12 characters) in hProcess's directory (NULL_RTHANDLE: the root). */
BOOLEAN CatalogRtHandle(RTHANDLE hProcess, RTHANDLE hObject, LPSTR lpszName);
RTHANDLE CreateRtSemaphore(WORD wInitialUnits, WORD wMaxUnits, WORD wFlags);
/* "Returns the calling thread's last status code." (16 bits) */
DWORD GetLastRtError(VOID);

#ifdef __cplusplus
}
#endif

#endif
