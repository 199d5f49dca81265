/* sim/emu/src/emu_ntx.c — the INtime NTX calls of ntx.h on the model (emu_int.h).
 *
 * NTXHANDLE and NTXLOCATION are pointers (ntx.h); the model's values are numbers of at most 32 bits, and its
 * NTX_BAD_NTXHANDLE and NTX_UNDEFINED_LOCATION are those of a 64-bit process, 0xFFFFFFFFFFFFFFFF (sim/ntx.h,
 * NTX.LOCATION.VALUES). A handle crosses as its number; the vendor's (NTXHANDLE)-1 and the model's sentinel are
 * the same value on a 64-bit host, and are translated into each other on a host whose pointers are narrower. */
#include "emu_int.h"
#include "ntx.h"
#include "sim/ntx.h"

#define MODEL_BAD SIM_NTX_BAD_HANDLE /* == SIM_NTX_UNDEFINED_LOCATION */

/* An NTXHANDLE or NTXLOCATION as the model's number. */
static conf_value ntx_in(const void *h) {
    uintptr_t v = (uintptr_t)h;
    return emu_num(v == (uintptr_t)-1 ? MODEL_BAD : (uint64_t)v);
}

/* The model's number as an NTXHANDLE or NTXLOCATION. */
static void *ntx_out(uint64_t v) {
    return v == MODEL_BAD ? (void *)(uintptr_t)-1 : (void *)(uintptr_t)v;
}

NTXLOCATION ntxGetLocationByName(LPCSTR LocationName) {
    conf_value a[1] = {emu_str(LocationName)};
    return ntx_out(emu_call_ret(SPEC_FN_NTX_ntxGetLocationByName, a, MODEL_BAD));
}

NTXHANDLE ntxGetRootRtProcess(NTXLOCATION hLoc) {
    conf_value a[1] = {ntx_in(hLoc)};
    return ntx_out(emu_call_ret(SPEC_FN_NTX_ntxGetRootRtProcess, a, MODEL_BAD));
}

NTXHANDLE ntxAllocateRtMemory(NTXLOCATION hLoc, DWORD dwSize) {
    conf_value a[2] = {ntx_in(hLoc), emu_num(dwSize)};
    return ntx_out(emu_call_ret(SPEC_FN_NTX_ntxAllocateRtMemory, a, MODEL_BAD));
}

NTXSTATUS ntxFreeRtMemory(NTXHANDLE hSegment) {
    conf_value a[1] = {ntx_in(hSegment)};
    return (NTXSTATUS)emu_call_ret(SPEC_FN_NTX_ntxFreeRtMemory, a, E_CONTEXT);
}

NTXSTATUS ntxCatalogNtxHandle(NTXHANDLE hProcess, NTXHANDLE hObject, LPSTR pName) {
    conf_value a[3] = {ntx_in(hProcess), ntx_in(hObject), emu_str(pName)};
    return (NTXSTATUS)emu_call_ret(SPEC_FN_NTX_ntxCatalogNtxHandle, a, E_CONTEXT);
}

NTXHANDLE ntxLookupNtxhandle(NTXHANDLE hRtProcess, LPSTR pName, DWORD dwMilliseconds) {
    conf_value a[3] = {ntx_in(hRtProcess), emu_str(pName), emu_num(dwMilliseconds)};
    return ntx_out(emu_call_ret(SPEC_FN_NTX_ntxLookupNtxhandle, a, MODEL_BAD));
}

NTXHANDLE ntxImportRtHandle(RTHANDLE IncomingObject, NTXHANDLE hObjectSource) {
    conf_value a[2] = {emu_num(IncomingObject), ntx_in(hObjectSource)};
    return ntx_out(emu_call_ret(SPEC_FN_NTX_ntxImportRtHandle, a, MODEL_BAD));
}

LPVOID ntxMapRtSharedMemory(NTXHANDLE hSegment) {
    conf_value a[1] = {ntx_in(hSegment)};
    return (LPVOID)(uintptr_t)emu_call_ret(SPEC_FN_NTX_ntxMapRtSharedMemory, a, 0);
}

LPVOID ntxMapRtSharedMemoryEx(NTXHANDLE hSegment, DWORD dwFlags) {
    conf_value a[2] = {ntx_in(hSegment), emu_num(dwFlags)};
    return (LPVOID)(uintptr_t)emu_call_ret(SPEC_FN_NTX_ntxMapRtSharedMemoryEx, a, 0);
}

NTXSTATUS ntxUnmapRtSharedMemory(NTXHANDLE hSegment) {
    conf_value a[1] = {ntx_in(hSegment)};
    return (NTXSTATUS)emu_call_ret(SPEC_FN_NTX_ntxUnmapRtSharedMemory, a, E_CONTEXT);
}

NTXSTATUS ntxGetLastRtError(void) {
    return (NTXSTATUS)emu_call_ret(SPEC_FN_NTX_ntxGetLastRtError, NULL, E_CONTEXT);
}
