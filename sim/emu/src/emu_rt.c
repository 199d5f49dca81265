/* sim/emu/src/emu_rt.c — the INtime RT calls of rt.h on the model (emu_int.h). RTHANDLE is a WORD: the model's
 * RT handles are 16-bit values (sim/intime.h: 0x4..0xFFF8, BAD_RTHANDLE 0xFFFF). */
#include "emu_int.h"
#include "rt.h"

PVOID AllocateRtMemory(DWORD cbSize) {
    conf_value a[1] = {emu_num(cbSize)};
    emu_result r;
    if (emu_call(SPEC_FN_RT_AllocateRtMemory, a, &r) != 0) return NULL;
    return (PVOID)(uintptr_t)r.ret;
}

RTHANDLE CreateRtMemoryHandle(PVOID pOffset, DWORD cbSize) {
    conf_value a[2] = {emu_ptr(pOffset), emu_num(cbSize)};
    emu_result r;
    if (emu_call(SPEC_FN_RT_CreateRtMemoryHandle, a, &r) != 0) return BAD_RTHANDLE;
    return (RTHANDLE)r.ret;
}

BOOLEAN DeleteRtMemoryHandle(RTHANDLE hSeg) {
    conf_value a[1] = {emu_num(hSeg)};
    emu_result r;
    if (emu_call(SPEC_FN_RT_DeleteRtMemoryHandle, a, &r) != 0) return FALSE;
    return r.ret ? TRUE : FALSE;
}

DWORD FreeRtMemory(PVOID pAddress) {
    conf_value a[1] = {emu_ptr(pAddress)};
    emu_result r;
    if (emu_call(SPEC_FN_RT_FreeRtMemory, a, &r) != 0) return 0xFFFFFFFFu;
    return (DWORD)r.ret;
}

BOOLEAN CatalogRtHandle(RTHANDLE hProcess, RTHANDLE hObject, LPSTR lpszName) {
    conf_value a[3] = {hProcess == NULL_RTHANDLE ? emu_null() : emu_num(hProcess), emu_num(hObject), emu_str(lpszName)};
    emu_result r;
    if (emu_call(SPEC_FN_RT_CatalogRtHandle, a, &r) != 0) return FALSE;
    return r.ret ? TRUE : FALSE;
}

RTHANDLE CreateRtSemaphore(WORD wInitialUnits, WORD wMaxUnits, WORD wFlags) {
    conf_value a[3] = {emu_num(wInitialUnits), emu_num(wMaxUnits), emu_num(wFlags)};
    emu_result r;
    if (emu_call(SPEC_FN_RT_CreateRtSemaphore, a, &r) != 0) return BAD_RTHANDLE;
    return (RTHANDLE)r.ret;
}

DWORD GetLastRtError(VOID) {
    emu_result r;
    if (emu_call(SPEC_FN_RT_GetLastRtError, NULL, &r) != 0) return E_CONTEXT;
    return (DWORD)r.ret;
}
