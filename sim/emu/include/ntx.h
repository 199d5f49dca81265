/* ntx.h — INtime NTX, the Windows side (ntx.h / ntx.lib; ntx64.lib for 64-bit Windows), on the rtshm model
 * (librtshm_emu).
 *
 * Types and sentinels as ntx.h gives them (transcribed in thomasdeneux/ElphyDev Delphe5/ntx.pas, "Copyright
 * 2002 by TenAsys Corporation"): "NTXHANDLE = pointer; NTXLOCATION = pointer; RTHANDLE = WORD; NTXSTATUS =
 * WORD;", "NTX_LOCAL = nil", "NTX_UNDEFINED_LOCATION = NTXLOCATION (-1)", "NTX_NULL_NTXHANDLE = NTXHANDLE (0)",
 * "NTX_BAD_NTXHANDLE = NTXHANDLE(-1)", "NTX_MAP_WRITE = $4 (* Same as PAGE_READWRITE *)", "NTX_MAP_UNALIGNED =
 * $10000". Prototypes as spec/FUNCTIONS.md records them (seed:000 for ntxMapRtSharedMemory: "LPVOID
 * ntxMapRtSharedMemory(NTXHANDLE hSegment);").
 *
 * Error channel: the return value, and ntxGetLastRtError(): "Returns the error code from the last NTX call to
 * fail in this NT thread" (ntx.h) — the model's sticky slot of the calling simulated process (NTX.LASTERROR.
 * STICKY). The calling thread acts as the process rtshm_emu_as() named (rtshm_emu.h). Pointers returned are
 * real memory of this process (rtshm_emu.h, "Memory"). */
#ifndef RTSHM_EMU_NTX_H
#define RTSHM_EMU_NTX_H

#include "rtshm_vendor_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef void *NTXHANDLE;
typedef void *NTXLOCATION;
typedef WORD RTHANDLE;
typedef WORD NTXSTATUS;

#define NTX_LOCAL ((NTXLOCATION)0)
#define NTX_UNDEFINED_LOCATION ((NTXLOCATION)(ULONG_PTR)-1)
#define NTX_NULL_NTXHANDLE ((NTXHANDLE)0)
#define NTX_BAD_NTXHANDLE ((NTXHANDLE)(ULONG_PTR)-1)
#define NTX_MAP_WRITE 0x4
#define NTX_MAP_UNALIGNED 0x10000

/* INtime status codes (ntx.h "NTX errors passed from RT layer"). */
#define E_OK 0x0000
#define E_TIME 0x0001
#define E_MEM 0x0002
#define E_BUSY 0x0003
#define E_LIMIT 0x0004
#define E_CONTEXT 0x0005
#define E_EXIST 0x0006
#define E_STATE 0x0007
#define E_SLOT 0x000C
#define E_VMEM 0x00F0
#define E_TYPE 0x8002
#define E_PARAM 0x8004
#define E_BAD_ADDR 0x800F
#define E_ALIGNMENT 0x80F1
#define E_LOCATION 0x8F02
#define E_NTX_INTERNAL_ERROR 0x1001
#define E_NTX_COMM_FAILURE 0x1002

/* "Returns handle to named location"; NTX_UNDEFINED_LOCATION when none (NTX.LOCATION.UNDEFINED). */
NTXLOCATION ntxGetLocationByName(LPCSTR LocationName);
/* "Get the handle for the root RT process ... Returns NTX_BAD_NTXHANDLE on failure (check ntxGetLastRtError)". */
NTXHANDLE ntxGetRootRtProcess(NTXLOCATION hLoc);
/* An alias of ntxCreateRtSegment: "An NTXHANDLE for the memory object" or NTX_BAD_NTXHANDLE. */
NTXHANDLE ntxAllocateRtMemory(NTXLOCATION hLoc, DWORD dwSize);
/* "E_OK — Success", "Status code — Failure". */
NTXSTATUS ntxFreeRtMemory(NTXHANDLE hSegment);
/* "Returns E_OK on success, else check ntxGetLastRtError". */
NTXSTATUS ntxCatalogNtxHandle(NTXHANDLE hProcess, NTXHANDLE hObject, LPSTR pName);
/* "Check ntxGetLastRtError if returned value is NTX_BAD_NTXHANDLE". */
NTXHANDLE ntxLookupNtxhandle(NTXHANDLE hRtProcess, LPSTR pName, DWORD dwMilliseconds);
/* "Import an RTHANDLE from another RT object and make an NTXHANDLE". */
NTXHANDLE ntxImportRtHandle(RTHANDLE IncomingObject, NTXHANDLE hObjectSource);
/* seed:000: "Obtains a pointer to a shared memory object." NULL on failure. */
LPVOID ntxMapRtSharedMemory(NTXHANDLE hSegment);
/* "Like ntxMapRtSharedMemory, but allows options according to dwFlags". NULL on failure. */
LPVOID ntxMapRtSharedMemoryEx(NTXHANDLE hSegment, DWORD dwFlags);
/* "Returns system resources used by ntxMapRtSharedMemory(). ... Returns E_OK on success." */
NTXSTATUS ntxUnmapRtSharedMemory(NTXHANDLE hSegment);
/* "Returns the error code from the last NTX call to fail in this NT thread." */
NTXSTATUS ntxGetLastRtError(void);

#ifdef __cplusplus
}
#endif

#endif
