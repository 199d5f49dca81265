/* sim/emu/tests/headers_intime.c — the INtime headers together (an RT process's iwin32.h + rt.h, a Windows
 * application's ntx.h) with the control API, compiled with -Wpedantic: they stand alone and agree. */
#include "iwin32.h"
#include "ntx.h"
#include "rt.h"
#include "rtshm_emu.h"

/* The sizes the vendor's types have on 64-bit Windows (LLP64). */
_Static_assert(sizeof(DWORD) == 4 && sizeof(WORD) == 2 && sizeof(BOOLEAN) == 1 && sizeof(LONG) == 4, "LLP64 sizes");
_Static_assert(sizeof(HANDLE) == sizeof(void *) && sizeof(NTXHANDLE) == sizeof(void *), "handles are pointers");
_Static_assert(sizeof(RTHANDLE) == 2 && sizeof(NTXSTATUS) == 2, "ntx.h: RTHANDLE = WORD; NTXSTATUS = WORD");

int emu_headers_intime(void);
int emu_headers_intime(void) {
    return E_NTX_INTERNAL_ERROR == 0x1001 && BAD_RTHANDLE == 0xFFFF && NTX_MAP_WRITE == PAGE_READWRITE;
}
