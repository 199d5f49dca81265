/* agent_intime.c — the Windows agent's vendor table for INtime (build with -DAGENT_VENDOR_INTIME): the "ntx"
 * family's calls of a Windows process, made through the INtime SDK's ntx.h / ntx64.lib (ntx64.dll), or
 * through the emulation headers (sim/emu/include/ntx.h) when CI cross-compiles it.
 *
 * Served (the hello lists exactly these): ntxGetLocationByName, ntxGetRootRtProcess, ntxAllocateRtMemory,
 * ntxFreeRtMemory, ntxCatalogNtxHandle, ntxLookupNtxhandle, ntxImportRtHandle, ntxMapRtSharedMemory,
 * ntxMapRtSharedMemoryEx, ntxUnmapRtSharedMemory, ntxGetLastRtError. Not served: the iwin32x calls of a
 * Windows process (RtCreateSharedMemory, ... of the "iwin32" family), and everything of an RT process (the
 * "rt" and "iwin32" calls an RT process makes: the agent is a Windows process).
 *
 * Status: a call that returns a handle, a location or a pointer succeeded when it is not the documented
 * failure value (NTX_BAD_NTXHANDLE, NTX_UNDEFINED_LOCATION, NULL) and then reports E_OK; otherwise
 * ntxGetLastRtError(). A call returning an NTXSTATUS reports it. The slot (last_error) is
 * ntxGetLastRtError() after the call: NTX keeps it per thread and the agent's I/O does not touch it. */
#ifndef AGENT_VENDOR_INTIME
#error "agent_intime.c is the INtime agent: build it with -DAGENT_VENDOR_INTIME"
#endif

#include "agent_proto.h"
#include "agent_platform.h"

#ifdef _WIN32
#include <windows.h> /* before the SDK header, which expects the Windows types */
#endif
#include <ntx.h>
#include <stdio.h>
#include <string.h>

#define AGENT_RT_NAME_MAX 256 /* bytes of a catalog name passed on (NTX names are 1 to 12 characters) */

static char name_copy[AGENT_RT_NAME_MAX];

/* ntx takes LPSTR (not const): the string argument copied into name_copy. 0, or -1 with err. */
static int name_of(const agent_arg *arg, LPSTR *out, char *err, size_t err_size)
{
    if (arg->kind == AGENT_ARG_NULL) {
        *out = NULL;
        return 0;
    }
    if (arg->kind != AGENT_ARG_STRING || strlen(arg->string) >= AGENT_RT_NAME_MAX) {
        snprintf(err, err_size, "the name: expected a string under %d bytes, or null", AGENT_RT_NAME_MAX);
        return -1;
    }
    memcpy(name_copy, arg->string, strlen(arg->string) + 1);
    *out = name_copy;
    return 0;
}

static void *ptr(const agent_arg *arg)
{
    return (void *)(ULONG_PTR)arg->number;
}

/* Fills the result of a call returning a pointer-sized value; `failed` is the documented failure value. */
static void pointer_result(void *value, void *failed, agent_result *result)
{
    NTXSTATUS last = ntxGetLastRtError();
    result->ret = (uint64_t)(ULONG_PTR)value;
    result->opaque_ret = value != failed;
    result->status = value != failed ? E_OK : last;
    result->has_last_error = 1;
    result->last_error = last;
}

static void status_result(NTXSTATUS status, agent_result *result)
{
    result->ret = status;
    result->status = status;
    result->has_last_error = 1;
    result->last_error = ntxGetLastRtError();
}

static int call_location_by_name(const agent_arg *a, agent_result *r, char *err, size_t err_size)
{
    LPSTR name;
    if (name_of(&a[0], &name, err, err_size) < 0)
        return -1;
    pointer_result(ntxGetLocationByName(name), NTX_UNDEFINED_LOCATION, r);
    return 0;
}

static int call_root(const agent_arg *a, agent_result *r, char *err, size_t err_size)
{
    (void)err;
    (void)err_size;
    pointer_result(ntxGetRootRtProcess((NTXLOCATION)ptr(&a[0])), NTX_BAD_NTXHANDLE, r);
    return 0;
}

static int call_allocate(const agent_arg *a, agent_result *r, char *err, size_t err_size)
{
    (void)err;
    (void)err_size;
    pointer_result(ntxAllocateRtMemory((NTXLOCATION)ptr(&a[0]), (DWORD)a[1].number), NTX_BAD_NTXHANDLE, r);
    return 0;
}

static int call_free(const agent_arg *a, agent_result *r, char *err, size_t err_size)
{
    (void)err;
    (void)err_size;
    status_result(ntxFreeRtMemory((NTXHANDLE)ptr(&a[0])), r);
    return 0;
}

static int call_catalog(const agent_arg *a, agent_result *r, char *err, size_t err_size)
{
    LPSTR name;
    if (name_of(&a[2], &name, err, err_size) < 0)
        return -1;
    status_result(ntxCatalogNtxHandle((NTXHANDLE)ptr(&a[0]), (NTXHANDLE)ptr(&a[1]), name), r);
    return 0;
}

static int call_lookup(const agent_arg *a, agent_result *r, char *err, size_t err_size)
{
    LPSTR name;
    if (name_of(&a[1], &name, err, err_size) < 0)
        return -1;
    pointer_result(ntxLookupNtxhandle((NTXHANDLE)ptr(&a[0]), name, (DWORD)a[2].number), NTX_BAD_NTXHANDLE, r);
    return 0;
}

static int call_import(const agent_arg *a, agent_result *r, char *err, size_t err_size)
{
    (void)err;
    (void)err_size;
    pointer_result(ntxImportRtHandle((RTHANDLE)a[0].number, (NTXHANDLE)ptr(&a[1])), NTX_BAD_NTXHANDLE, r);
    return 0;
}

static int call_map(const agent_arg *a, agent_result *r, char *err, size_t err_size)
{
    (void)err;
    (void)err_size;
    pointer_result(ntxMapRtSharedMemory((NTXHANDLE)ptr(&a[0])), NULL, r);
    return 0;
}

static int call_map_ex(const agent_arg *a, agent_result *r, char *err, size_t err_size)
{
    (void)err;
    (void)err_size;
    pointer_result(ntxMapRtSharedMemoryEx((NTXHANDLE)ptr(&a[0]), (DWORD)a[1].number), NULL, r);
    return 0;
}

static int call_unmap(const agent_arg *a, agent_result *r, char *err, size_t err_size)
{
    (void)err;
    (void)err_size;
    status_result(ntxUnmapRtSharedMemory((NTXHANDLE)ptr(&a[0])), r);
    return 0;
}

static int call_last_error(const agent_arg *a, agent_result *r, char *err, size_t err_size)
{
    (void)a;
    (void)err;
    (void)err_size;
    NTXSTATUS last = ntxGetLastRtError();
    r->ret = last;
    r->status = E_OK;
    r->has_last_error = 1;
    r->last_error = last;
    return 0;
}

static const agent_function functions[] = {
    {"ntx", "ntxGetLocationByName", 1, "intime", call_location_by_name},
    {"ntx", "ntxGetRootRtProcess", 1, "intime", call_root},
    {"ntx", "ntxAllocateRtMemory", 2, "intime", call_allocate},
    {"ntx", "ntxFreeRtMemory", 1, "intime", call_free},
    {"ntx", "ntxCatalogNtxHandle", 3, "intime", call_catalog},
    {"ntx", "ntxLookupNtxhandle", 3, "intime", call_lookup},
    {"ntx", "ntxImportRtHandle", 2, "intime", call_import},
    {"ntx", "ntxMapRtSharedMemory", 1, "intime", call_map},
    {"ntx", "ntxMapRtSharedMemoryEx", 2, "intime", call_map_ex},
    {"ntx", "ntxUnmapRtSharedMemory", 1, "intime", call_unmap},
    {"ntx", "ntxGetLastRtError", 0, "intime", call_last_error},
};

static const agent_vendor vendor = {"rtshm-agent intime-ntx 1.0", functions, sizeof functions / sizeof functions[0],
                                    agent_platform_access, agent_platform_open, agent_platform_close};

const agent_vendor *agent_vendor_table(void)
{
    return &vendor;
}
