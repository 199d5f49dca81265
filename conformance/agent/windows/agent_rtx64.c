/* agent_rtx64.c — the Windows agent's vendor table for RTX64 (build with -DAGENT_VENDOR_RTX64): the "rtx64"
 * family's calls of a Windows process, made through the RTX64 SDK's Rtapi.h / RtApi.lib (RtApi.dll), or
 * through the emulation headers (sim/emu/include/rtapi.h) when CI cross-compiles it.
 *
 * Served (the hello lists exactly these): RtCreateSharedMemory, RtOpenSharedMemory, RtCloseHandle,
 * RtCreateEvent, RtCreateMutex, RtCreateSemaphore, GetLastError, SetLastError. Names travel as UTF-8 and are
 * passed to the W forms (RtCreateSharedMemoryW, ...) converted to UTF-16, so no name depends on the
 * machine's ANSI code page.
 *
 * The last-error slot: the agent's own I/O between two requests may change the thread's GetLastError value,
 * so the slot is kept here after every call and put back with SetLastError before the next one; the
 * scenario sees the slot only its calls changed. A call's status on success is ERROR_ALREADY_EXISTS when the
 * slot says so after a create (the vendor's documented success code), else ERROR_SUCCESS (the slot is sticky:
 * a successful open leaves what was there); on failure the slot. The agent never passes a pointer it does not own: a non-NULL security-attributes argument is answered
 * with an error. Handles still open at `close` are closed (agent_vendor.reset). */
#ifndef AGENT_VENDOR_RTX64
#error "agent_rtx64.c is the RTX64 agent: build it with -DAGENT_VENDOR_RTX64"
#endif

#include "agent_proto.h"
#include "agent_platform.h"

#ifdef _WIN32
#include <windows.h> /* before the SDK header, which expects the Windows types */
#endif
#include <rtapi.h>
#include <stdio.h>
#include <string.h>

#define AGENT_NAME_MAX 65536   /* UTF-16 code units of a name, with its NUL (a call's string is <= 64 KiB) */
#define AGENT_HANDLES_MAX 4096 /* handles the agent remembers to close at `close` */

static DWORD slot;
static WCHAR wide_name[AGENT_NAME_MAX];
static HANDLE open_handles[AGENT_HANDLES_MAX];
static size_t open_handle_count;

static void remember(HANDLE handle)
{
    if (handle != NULL && open_handle_count < AGENT_HANDLES_MAX)
        open_handles[open_handle_count++] = handle;
}

static void forget(HANDLE handle)
{
    for (size_t i = 0; i < open_handle_count; i++)
        if (open_handles[i] == handle) {
            open_handles[i] = open_handles[--open_handle_count];
            return;
        }
}

static void reset(void)
{
    while (open_handle_count > 0)
        RtCloseHandle(open_handles[--open_handle_count]);
    slot = 0;
    agent_platform_close();
}

/* The name argument as UTF-16 (NULL for a null argument): 0, or -1 with err. */
static int wide(const agent_arg *arg, LPCWSTR *out, char *err, size_t err_size)
{
    if (arg->kind == AGENT_ARG_NULL) {
        *out = NULL;
        return 0;
    }
    if (arg->kind != AGENT_ARG_STRING) {
        snprintf(err, err_size, "the name: expected a string or null");
        return -1;
    }
    int units = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, arg->string, -1, wide_name, AGENT_NAME_MAX);
    if (units <= 0) {
        snprintf(err, err_size, "the name does not convert to UTF-16 (%lu)", (unsigned long)GetLastError());
        return -1;
    }
    *out = wide_name;
    return 0;
}

static int no_pointer(const agent_arg *arg, char *err, size_t err_size)
{
    if (arg->kind == AGENT_ARG_NULL || (arg->kind == AGENT_ARG_NUMBER && arg->number == 0))
        return 0;
    snprintf(err, err_size, "the agent passes no pointer it does not own: the attributes must be null");
    return -1;
}

static VOID **location_of(const agent_arg *arg, VOID **location, char *err, size_t err_size)
{
    if (arg->kind == AGENT_ARG_OUT)
        return location;
    if (arg->kind != AGENT_ARG_NULL)
        snprintf(err, err_size, "location: expected out or null");
    return NULL;
}

/* Fills the result of a call returning a HANDLE (NULL on failure) from the slot the call left. A create
 * (`creates` 1) that succeeded reports ERROR_ALREADY_EXISTS when the slot holds it, the documented success code
 * for an existing object; any other success is ERROR_SUCCESS, whatever the slot kept from before (a successful
 * open does not reset it). */
static void handle_result(HANDLE handle, int creates, agent_result *result)
{
    slot = GetLastError();
    result->ret = (uint64_t)(ULONG_PTR)handle;
    result->opaque_ret = 1;
    if (handle == NULL)
        result->status = slot;
    else
        result->status = creates && slot == ERROR_ALREADY_EXISTS ? ERROR_ALREADY_EXISTS : ERROR_SUCCESS;
    result->has_last_error = 1;
    result->last_error = slot;
    remember(handle);
}

static int call_create_shared_memory(const agent_arg *a, agent_result *result, char *err, size_t err_size)
{
    LPCWSTR name;
    VOID *location = NULL;
    err[0] = '\0';
    VOID **where = location_of(&a[4], &location, err, err_size);
    if (err[0] != '\0' || wide(&a[3], &name, err, err_size) < 0)
        return -1;
    SetLastError(slot);
    HANDLE handle = RtCreateSharedMemoryW((DWORD)a[0].number, (DWORD)a[1].number, (DWORD)a[2].number, name, where);
    handle_result(handle, 1, result);
    result->outputs[4] = (uint64_t)(ULONG_PTR)location;
    result->opaque_output[4] = 1;
    return 0;
}

static int call_open_shared_memory(const agent_arg *a, agent_result *result, char *err, size_t err_size)
{
    LPCWSTR name;
    VOID *location = NULL;
    err[0] = '\0';
    VOID **where = location_of(&a[3], &location, err, err_size);
    if (err[0] != '\0' || wide(&a[2], &name, err, err_size) < 0)
        return -1;
    SetLastError(slot);
    HANDLE handle = RtOpenSharedMemoryW((DWORD)a[0].number, (BOOL)(a[1].number != 0), name, where);
    handle_result(handle, 0, result);
    result->outputs[3] = (uint64_t)(ULONG_PTR)location;
    result->opaque_output[3] = 1;
    return 0;
}

static int call_close_handle(const agent_arg *a, agent_result *result, char *err, size_t err_size)
{
    (void)err;
    (void)err_size;
    HANDLE handle = (HANDLE)(ULONG_PTR)a[0].number;
    SetLastError(slot);
    BOOL ok = RtCloseHandle(handle);
    slot = GetLastError();
    if (ok)
        forget(handle);
    result->ret = ok ? 1 : 0;
    result->status = ok ? ERROR_SUCCESS : slot;
    result->has_last_error = 1;
    result->last_error = slot;
    return 0;
}

static int call_create_event(const agent_arg *a, agent_result *result, char *err, size_t err_size)
{
    LPCWSTR name;
    if (no_pointer(&a[0], err, err_size) < 0 || wide(&a[3], &name, err, err_size) < 0)
        return -1;
    SetLastError(slot);
    handle_result(RtCreateEventW(NULL, (BOOL)(a[1].number != 0), (BOOL)(a[2].number != 0), name), 1, result);
    return 0;
}

static int call_create_mutex(const agent_arg *a, agent_result *result, char *err, size_t err_size)
{
    LPCWSTR name;
    if (no_pointer(&a[0], err, err_size) < 0 || wide(&a[2], &name, err, err_size) < 0)
        return -1;
    SetLastError(slot);
    handle_result(RtCreateMutexW(NULL, (BOOL)(a[1].number != 0), name), 1, result);
    return 0;
}

static int call_create_semaphore(const agent_arg *a, agent_result *result, char *err, size_t err_size)
{
    LPCWSTR name;
    if (no_pointer(&a[0], err, err_size) < 0 || wide(&a[3], &name, err, err_size) < 0)
        return -1;
    SetLastError(slot);
    handle_result(RtCreateSemaphoreW(NULL, (LONG)(int32_t)a[1].number, (LONG)(int32_t)a[2].number, name), 1,
                  result);
    return 0;
}

static int call_get_last_error(const agent_arg *a, agent_result *result, char *err, size_t err_size)
{
    (void)a;
    (void)err;
    (void)err_size;
    SetLastError(slot);
    slot = GetLastError();
    result->ret = slot;
    result->status = ERROR_SUCCESS;
    result->has_last_error = 1;
    result->last_error = slot;
    return 0;
}

static int call_set_last_error(const agent_arg *a, agent_result *result, char *err, size_t err_size)
{
    (void)err;
    (void)err_size;
    SetLastError((DWORD)a[0].number);
    slot = GetLastError();
    result->status = ERROR_SUCCESS;
    result->has_last_error = 1;
    result->last_error = slot;
    return 0;
}

static const agent_function functions[] = {
    {"rtx64", "RtCreateSharedMemory", 5, "win32", call_create_shared_memory},
    {"rtx64", "RtOpenSharedMemory", 4, "win32", call_open_shared_memory},
    {"rtx64", "RtCloseHandle", 1, "win32", call_close_handle},
    {"rtx64", "RtCreateEvent", 4, "win32", call_create_event},
    {"rtx64", "RtCreateMutex", 3, "win32", call_create_mutex},
    {"rtx64", "RtCreateSemaphore", 4, "win32", call_create_semaphore},
    {"rtx64", "GetLastError", 0, "win32", call_get_last_error},
    {"rtx64", "SetLastError", 1, "win32", call_set_last_error},
};

static const agent_vendor vendor = {"rtshm-agent rtx64 1.0", functions, sizeof functions / sizeof functions[0],
                                    agent_platform_access, agent_platform_open, reset};

const agent_vendor *agent_vendor_table(void)
{
    return &vendor;
}
