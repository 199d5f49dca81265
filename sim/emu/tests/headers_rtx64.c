/* sim/emu/tests/headers_rtx64.c — the RTX64 headers together (rtapi.h for RTSS and Windows processes, rtkapi.h
 * for drivers) with the control API, compiled with -Wpedantic: they stand alone and agree. */
#include "rtapi.h"
#include "rtkapi.h"
#include "rtshm_emu.h"

_Static_assert(sizeof(RTSSINST) == sizeof(void *), "RtkApi.h: #define RTSSINST ULONG_PTR");
_Static_assert(sizeof(NTSTATUS) == 4 && sizeof(WCHAR) == 2, "NTSTATUS is a LONG; WCHAR a UTF-16 unit");

int emu_headers_rtx64(void);
int emu_headers_rtx64(void) {
    return SHM_MAP_READ == 1 && SHM_MAP_WRITE == 2 && RTX_MAX_OBJECT_NAME_LENGTH == 256 &&
           STATUS_NO_SUCH_DEVICE == (NTSTATUS)0xC000000E;
}
