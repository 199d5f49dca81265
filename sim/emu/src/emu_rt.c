/* sim/emu/src/emu_rt.c — the INtime RT calls of rt.h on the model (emu_int.h). RTHANDLE is a WORD: the model's
 * RT handles are 16-bit values (sim/intime.h: 0x4..0xFFF8, BAD_RTHANDLE 0xFFFF). */
#include "emu_int.h"
#include "rt.h"

PVOID AllocateRtMemory(DWORD cbSize) {
    conf_value a[1] = {emu_num(cbSize)};
    return (PVOID)(uintptr_t)emu_call_ret(SPEC_FN_RT_AllocateRtMemory, a, 0);
}

RTHANDLE CreateRtMemoryHandle(PVOID pOffset, DWORD cbSize) {
    conf_value a[2] = {emu_ptr(pOffset), emu_num(cbSize)};
    return (RTHANDLE)emu_call_ret(SPEC_FN_RT_CreateRtMemoryHandle, a, BAD_RTHANDLE);
}

BOOLEAN DeleteRtMemoryHandle(RTHANDLE hSeg) {
    conf_value a[1] = {emu_num(hSeg)};
    return emu_call_ret(SPEC_FN_RT_DeleteRtMemoryHandle, a, 0) ? TRUE : FALSE;
}

DWORD FreeRtMemory(PVOID pAddress) {
    conf_value a[1] = {emu_ptr(pAddress)};
    return (DWORD)emu_call_ret(SPEC_FN_RT_FreeRtMemory, a, 0xFFFFFFFFu);
}

BOOLEAN CatalogRtHandle(RTHANDLE hProcess, RTHANDLE hObject, LPSTR lpszName) {
    conf_value a[3] = {hProcess == NULL_RTHANDLE ? emu_null() : emu_num(hProcess), emu_num(hObject), emu_str(lpszName)};
    return emu_call_ret(SPEC_FN_RT_CatalogRtHandle, a, 0) ? TRUE : FALSE;
}

RTHANDLE CreateRtSemaphore(WORD wInitialUnits, WORD wMaxUnits, WORD wFlags) {
    conf_value a[3] = {emu_num(wInitialUnits), emu_num(wMaxUnits), emu_num(wFlags)};
    return (RTHANDLE)emu_call_ret(SPEC_FN_RT_CreateRtSemaphore, a, BAD_RTHANDLE);
}

DWORD GetLastRtError(VOID) {
    return (DWORD)emu_call_ret(SPEC_FN_RT_GetLastRtError, NULL, E_CONTEXT);
}
