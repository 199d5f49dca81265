/* spec/src/functions.c — the function table: parameters, defaults, callers and statuses.
 *
 * Defaults follow shared/design/CLAUSES.md "Defaults for omitted inputs": flProtect PAGE_READWRITE,
 * MaximumSizeHigh 0, dwDesiredAccess 0, booleans FALSE, attributes and names NULL. Sizes, handles and
 * pointers have no default. CreateSemaphore's counts are not listed there; rtshm defaults them to
 * lInitialCount 0 and lMaximumCount 1 (a binary semaphore), and CreateRtSemaphore's to 0, 1 and flags
 * 0, recorded here and in spec/README.md. */
#include "spec/functions.h"

#include <stdint.h>
#include <string.h>

#include "spec/constants.h"
#include "spec/clause_ids.h"

#define IN_REQ(n, t, d) {n, t, true, false, 0, d}
#define IN_DEF(n, t, v, d) {n, t, false, false, v, d}
#define IN_NULL(n, t, d) {n, t, false, true, 0, d}
#define OUT(n, t, d) {n, t, false, false, 0, d}

#define IWIN32_CALLERS (SPEC_CALLER_RT_INTIME | SPEC_CALLER_WINDOWS)
#define RTX64_CALLERS (SPEC_CALLER_RT_RTX64 | SPEC_CALLER_WINDOWS)

static const spec_function function_table[] = {
    {"RtCreateSharedMemory", SPEC_API_IWIN32, IWIN32_CALLERS, SPEC_R_HANDLE, SPEC_FAMILY_WIN32, 5,
     {IN_DEF("flProtect", SPEC_T_DWORD, K_PAGE_READWRITE, "ignored (IWIN32.CREATE.FLPROTECT_IGNORED)"),
      IN_DEF("MaximumSizeHigh", SPEC_T_DWORD, 0, "must be zero"),
      IN_REQ("MaximumSizeLow", SPEC_T_DWORD, "bytes to allocate; ignored for an existing object"),
      IN_NULL("lpName", SPEC_T_STRING, "object name, at most MAX_PATH characters, no backslash; NULL = unnamed"),
      OUT("location", SPEC_T_OUT_PTR, "receives the view's address")},
     "ERROR_SUCCESS ERROR_ALREADY_EXISTS ERROR_INVALID_HANDLE",
     "ERROR_INVALID_PARAMETER ERROR_FILENAME_EXCED_RANGE ERROR_BAD_PATHNAME ERROR_NOT_ENOUGH_MEMORY ERROR_NOT_READY",
     CL_IWIN32_CREATE_OK},
    {"RtOpenSharedMemory", SPEC_API_IWIN32, IWIN32_CALLERS, SPEC_R_HANDLE, SPEC_FAMILY_WIN32, 4,
     {IN_DEF("dwDesiredAccess", SPEC_T_DWORD, 0, "ignored (IWIN32.OPEN.OK)"),
      IN_DEF("bInheritHandle", SPEC_T_BOOL, 0, "ignored (IWIN32.OPEN.OK)"),
      IN_NULL("lpName", SPEC_T_STRING, "name of an existing shared memory object"),
      OUT("location", SPEC_T_OUT_PTR, "receives the view's address")},
     "ERROR_SUCCESS",
     "ERROR_FILE_NOT_FOUND ERROR_INVALID_HANDLE ERROR_INVALID_PARAMETER ERROR_FILENAME_EXCED_RANGE ERROR_BAD_PATHNAME "
     "ERROR_NOT_ENOUGH_MEMORY ERROR_NOT_READY",
     CL_IWIN32_OPEN_OK},
    {"RtUnmapSharedMemory", SPEC_API_IWIN32, IWIN32_CALLERS, SPEC_R_BOOL, SPEC_FAMILY_WIN32, 1,
     {IN_REQ("location", SPEC_T_PTR, "the address RtCreateSharedMemory/RtOpenSharedMemory stored")},
     "ERROR_SUCCESS", "ERROR_INVALID_PARAMETER", CL_IWIN32_UNMAP_VIEW},
    {"CloseHandle", SPEC_API_IWIN32, IWIN32_CALLERS, SPEC_R_BOOL, SPEC_FAMILY_WIN32, 1,
     {IN_REQ("hObject", SPEC_T_HANDLE, "an open handle")},
     "ERROR_SUCCESS", "ERROR_INVALID_HANDLE", CL_IWIN32_CLOSE_REFCOUNT},
    {"CreateEvent", SPEC_API_IWIN32, SPEC_CALLER_RT_INTIME, SPEC_R_HANDLE, SPEC_FAMILY_WIN32, 4,
     {IN_NULL("lpEventAttributes", SPEC_T_ATTRS, "must be NULL"),
      IN_DEF("bManualReset", SPEC_T_BOOL, 0, "manual-reset event"),
      IN_DEF("bInitialState", SPEC_T_BOOL, 0, "initially signalled"),
      IN_NULL("lpName", SPEC_T_STRING, "name in the kernel's namespace; NULL = unnamed")},
     "ERROR_SUCCESS ERROR_ALREADY_EXISTS ERROR_INVALID_HANDLE",
     "ERROR_FILENAME_EXCED_RANGE ERROR_BAD_PATHNAME ERROR_NOT_ENOUGH_MEMORY",
     CL_IWIN32_SYNC_NAMES},
    {"CreateMutex", SPEC_API_IWIN32, SPEC_CALLER_RT_INTIME, SPEC_R_HANDLE, SPEC_FAMILY_WIN32, 3,
     {IN_NULL("lpMutexAttributes", SPEC_T_ATTRS, "must be NULL"),
      IN_DEF("bInitialOwner", SPEC_T_BOOL, 0, "caller owns the new mutex"),
      IN_NULL("lpName", SPEC_T_STRING, "name in the kernel's namespace; NULL = unnamed")},
     "ERROR_SUCCESS ERROR_ALREADY_EXISTS ERROR_INVALID_HANDLE",
     "ERROR_FILENAME_EXCED_RANGE ERROR_BAD_PATHNAME ERROR_NOT_ENOUGH_MEMORY",
     CL_IWIN32_SYNC_NAMES},
    {"CreateSemaphore", SPEC_API_IWIN32, SPEC_CALLER_RT_INTIME, SPEC_R_HANDLE, SPEC_FAMILY_WIN32, 4,
     {IN_NULL("lpSemaphoreAttributes", SPEC_T_ATTRS, "must be NULL"),
      IN_DEF("lInitialCount", SPEC_T_LONG, 0, "initial count (rtshm default 0)"),
      IN_DEF("lMaximumCount", SPEC_T_LONG, 1, "maximum count (rtshm default 1)"),
      IN_NULL("lpName", SPEC_T_STRING, "name in the kernel's namespace; NULL = unnamed")},
     "ERROR_SUCCESS ERROR_ALREADY_EXISTS ERROR_INVALID_HANDLE",
     "ERROR_INVALID_PARAMETER ERROR_FILENAME_EXCED_RANGE ERROR_BAD_PATHNAME ERROR_NOT_ENOUGH_MEMORY",
     CL_IWIN32_SYNC_NAMES},
    {"GetLastError", SPEC_API_IWIN32, IWIN32_CALLERS, SPEC_R_DWORD, SPEC_FAMILY_WIN32, 0, {{0}},
     "ERROR_SUCCESS", "", CL_IWIN32_LASTERROR},
    {"SetLastError", SPEC_API_IWIN32, IWIN32_CALLERS, SPEC_R_VOID, SPEC_FAMILY_WIN32, 1,
     {IN_REQ("dwErrCode", SPEC_T_DWORD, "value for the thread's last-error slot")},
     "ERROR_SUCCESS", "", CL_IWIN32_LASTERROR},

    /* RTX64 Rt* calls from RTSS processes and Windows processes (CLAUSES.md "rtx64"). */
    {"RtCreateSharedMemory", SPEC_API_RTX64, RTX64_CALLERS, SPEC_R_HANDLE, SPEC_FAMILY_WIN32, 5,
     {IN_DEF("flProtect", SPEC_T_DWORD, K_PAGE_READWRITE, "PAGE_READWRITE or PAGE_READONLY"),
      IN_DEF("MaximumSizeHigh", SPEC_T_DWORD, 0, "must be zero"),
      IN_REQ("MaximumSizeLow", SPEC_T_DWORD, "bytes to allocate; ignored for an existing object"),
      IN_NULL("lpName", SPEC_T_STRING, "object name, at most 260 characters, no backslash; NULL = unnamed"),
      OUT("location", SPEC_T_OUT_PTR, "receives the view's address")},
     "ERROR_SUCCESS ERROR_ALREADY_EXISTS ERROR_INVALID_HANDLE",
     "ERROR_INVALID_PARAMETER ERROR_FILENAME_EXCED_RANGE ERROR_BAD_PATHNAME ERROR_NOT_ENOUGH_MEMORY ERROR_NOT_READY",
     CL_RTX64_CREATE_OK},
    {"RtOpenSharedMemory", SPEC_API_RTX64, RTX64_CALLERS, SPEC_R_HANDLE, SPEC_FAMILY_WIN32, 4,
     {IN_REQ("DesiredAccess", SPEC_T_DWORD, "SHM_MAP_READ, SHM_MAP_WRITE or SHM_MAP_ALL_ACCESS"),
      IN_DEF("bInheritHandle", SPEC_T_BOOL, 0, "ignored"),
      IN_NULL("lpName", SPEC_T_STRING, "name of an existing shared memory object"),
      OUT("location", SPEC_T_OUT_PTR, "receives the view's address")},
     "ERROR_SUCCESS",
     "ERROR_ACCESS_DENIED ERROR_FILE_NOT_FOUND ERROR_INVALID_HANDLE ERROR_INVALID_PARAMETER ERROR_FILENAME_EXCED_RANGE "
     "ERROR_BAD_PATHNAME ERROR_NOT_ENOUGH_MEMORY ERROR_NOT_READY",
     CL_RTX64_OPEN_ACCESS},
    {"RtCloseHandle", SPEC_API_RTX64, RTX64_CALLERS, SPEC_R_BOOL, SPEC_FAMILY_WIN32, 1,
     {IN_REQ("hObject", SPEC_T_HANDLE, "an open handle")},
     "ERROR_SUCCESS", "ERROR_INVALID_HANDLE", CL_RTK_CLOSE_REFCOUNT},
    {"RtCreateEvent", SPEC_API_RTX64, RTX64_CALLERS, SPEC_R_HANDLE, SPEC_FAMILY_WIN32, 4,
     {IN_NULL("lpEventAttributes", SPEC_T_ATTRS, "must be NULL"),
      IN_DEF("bManualReset", SPEC_T_BOOL, 0, "manual-reset event"),
      IN_DEF("bInitialState", SPEC_T_BOOL, 0, "initially signalled"),
      IN_NULL("lpName", SPEC_T_STRING, "name in the RTSS namespace; NULL = unnamed")},
     "ERROR_SUCCESS ERROR_ALREADY_EXISTS ERROR_INVALID_HANDLE",
     "ERROR_FILENAME_EXCED_RANGE ERROR_BAD_PATHNAME ERROR_NOT_ENOUGH_MEMORY ERROR_NOT_READY", CL_RTX64_SYNC_NAMES},
    {"RtCreateMutex", SPEC_API_RTX64, RTX64_CALLERS, SPEC_R_HANDLE, SPEC_FAMILY_WIN32, 3,
     {IN_NULL("lpMutexAttributes", SPEC_T_ATTRS, "must be NULL"),
      IN_DEF("bInitialOwner", SPEC_T_BOOL, 0, "caller owns the new mutex"),
      IN_NULL("lpName", SPEC_T_STRING, "name in the RTSS namespace; NULL = unnamed")},
     "ERROR_SUCCESS ERROR_ALREADY_EXISTS ERROR_INVALID_HANDLE",
     "ERROR_FILENAME_EXCED_RANGE ERROR_BAD_PATHNAME ERROR_NOT_ENOUGH_MEMORY ERROR_NOT_READY", CL_RTX64_SYNC_NAMES},
    {"RtCreateSemaphore", SPEC_API_RTX64, RTX64_CALLERS, SPEC_R_HANDLE, SPEC_FAMILY_WIN32, 4,
     {IN_NULL("lpSemaphoreAttributes", SPEC_T_ATTRS, "must be NULL"),
      IN_DEF("lInitialCount", SPEC_T_LONG, 0, "initial count (rtshm default 0)"),
      IN_DEF("lMaximumCount", SPEC_T_LONG, 1, "maximum count (rtshm default 1)"),
      IN_NULL("lpName", SPEC_T_STRING, "name in the RTSS namespace; NULL = unnamed")},
     "ERROR_SUCCESS ERROR_ALREADY_EXISTS ERROR_INVALID_HANDLE",
     "ERROR_INVALID_PARAMETER ERROR_FILENAME_EXCED_RANGE ERROR_BAD_PATHNAME ERROR_NOT_ENOUGH_MEMORY ERROR_NOT_READY",
     CL_RTX64_SYNC_NAMES},
    {"GetLastError", SPEC_API_RTX64, RTX64_CALLERS, SPEC_R_DWORD, SPEC_FAMILY_WIN32, 0, {{0}},
     "ERROR_SUCCESS", "", CL_RTX64_LASTERROR},
    {"SetLastError", SPEC_API_RTX64, RTX64_CALLERS, SPEC_R_VOID, SPEC_FAMILY_WIN32, 1,
     {IN_REQ("dwErrCode", SPEC_T_DWORD, "value for the thread's last-error slot")},
     "ERROR_SUCCESS", "", CL_RTX64_LASTERROR},

    /* RTX64 Rtk* calls from Windows drivers (seed:003, CLAUSES.md "rtk"). Their error channel is the
     * returned NTSTATUS; RtkOpenSharedMemory's five failures are the ones seed:003 lists. */
    {"RtkRtssAttach", SPEC_API_RTK, SPEC_CALLER_DRIVER, SPEC_R_STATUS, SPEC_FAMILY_NTSTATUS, 2,
     {IN_DEF("MaxWFSO", SPEC_T_DWORD, 1, "maximum concurrent waits, >= 1"),
      OUT("RtssInst", SPEC_T_OUT_HANDLE, "receives the RTSSINST")},
     "STATUS_SUCCESS", "STATUS_INVALID_PARAMETER STATUS_NO_SUCH_DEVICE STATUS_NO_MEMORY", CL_RTK_ATTACH},
    {"RtkRtssAttachEx", SPEC_API_RTK, SPEC_CALLER_DRIVER, SPEC_R_STATUS, SPEC_FAMILY_NTSTATUS, 2,
     {IN_DEF("MaxWFSO", SPEC_T_DWORD, 1, "maximum concurrent waits, >= 1"),
      OUT("RtssInst", SPEC_T_OUT_HANDLE, "receives the RTSSINST; a shutdown callback is registered")},
     "STATUS_SUCCESS", "STATUS_INVALID_PARAMETER STATUS_NO_SUCH_DEVICE STATUS_NO_MEMORY", CL_RTK_ATTACH_EX_CALLBACK},
    {"RtkRtssDetach", SPEC_API_RTK, SPEC_CALLER_DRIVER, SPEC_R_STATUS, SPEC_FAMILY_NTSTATUS, 1,
     {IN_REQ("RtssInst", SPEC_T_HANDLE, "an attached instance")},
     "STATUS_SUCCESS", "STATUS_INVALID_PARAMETER", CL_RTK_ATTACH},
    {"RtkCreateSharedMemory", SPEC_API_RTK, SPEC_CALLER_DRIVER, SPEC_R_STATUS, SPEC_FAMILY_NTSTATUS, 7,
     {IN_REQ("RtssInst", SPEC_T_HANDLE, "an attached instance"),
      OUT("SharedMemoryHandle", SPEC_T_OUT_HANDLE, "receives the handle"),
      IN_DEF("Protect", SPEC_T_DWORD, K_PAGE_READWRITE, "PAGE_READWRITE or PAGE_READONLY"),
      IN_DEF("MaximumSizeHigh", SPEC_T_DWORD, 0, "must be zero"),
      IN_REQ("MaximumSizeLow", SPEC_T_DWORD, "bytes to allocate"),
      IN_NULL("Name", SPEC_T_STRING, "object name, at most 260 characters, no backslash; NULL = unnamed"),
      OUT("location", SPEC_T_OUT_PTR, "receives the view's address")},
     "STATUS_SUCCESS STATUS_INVALID_HANDLE",
     "STATUS_INVALID_PARAMETER STATUS_NO_SUCH_DEVICE STATUS_NO_MEMORY",
     CL_RTK_CREATE_OK},
    {"RtkOpenSharedMemory", SPEC_API_RTK, SPEC_CALLER_DRIVER, SPEC_R_STATUS, SPEC_FAMILY_NTSTATUS, 6,
     {IN_REQ("RtssInst", SPEC_T_HANDLE, "a value returned by RtkRtssAttach(Ex)"),
      OUT("SharedMemoryHandle", SPEC_T_OUT_HANDLE, "receives the handle; NULL fails"),
      IN_REQ("DesiredAccess", SPEC_T_DWORD, "SHM_MAP_WRITE or SHM_MAP_READ"),
      IN_DEF("InheritHandle", SPEC_T_BOOL, 0, "ignored"),
      IN_NULL("Name", SPEC_T_STRING, "name of an existing shared memory object, at most 260 characters"),
      OUT("location", SPEC_T_OUT_PTR, "receives the view's address")},
     "STATUS_SUCCESS STATUS_INVALID_PARAMETER STATUS_UNSUCCESSFUL STATUS_INVALID_HANDLE STATUS_NO_MEMORY "
     "STATUS_NO_SUCH_DEVICE",
     "", CL_RTK_OPEN_OK},
    {"RtkUnMapSharedMemory", SPEC_API_RTK, SPEC_CALLER_DRIVER, SPEC_R_STATUS, SPEC_FAMILY_NTSTATUS, 2,
     {IN_REQ("RtssInst", SPEC_T_HANDLE, "an attached instance"),
      IN_REQ("location", SPEC_T_PTR, "the address RtkOpenSharedMemory stored")},
     "STATUS_SUCCESS", "STATUS_INVALID_PARAMETER", CL_RTK_UNMAP},
    {"RtkCloseHandle", SPEC_API_RTK, SPEC_CALLER_DRIVER, SPEC_R_STATUS, SPEC_FAMILY_NTSTATUS, 2,
     {IN_REQ("RtssInst", SPEC_T_HANDLE, "an attached instance"),
      IN_REQ("Handle", SPEC_T_HANDLE, "an open handle")},
     "STATUS_SUCCESS STATUS_UNSUCCESSFUL", "STATUS_INVALID_PARAMETER", CL_RTK_CLOSE_REFCOUNT},

    /* INtime NTX, Windows side (seed:000, CLAUSES.md "ntx"). Handle-returning calls fail with
     * NTX_BAD_NTXHANDLE (0xFFFFFFFF) or NULL; ntxGetLastRtError keeps the last failure. */
    {"ntxGetLocationByName", SPEC_API_NTX, SPEC_CALLER_WINDOWS, SPEC_R_HANDLE, SPEC_FAMILY_INTIME, 1,
     {IN_REQ("name", SPEC_T_STRING, "the INtime kernel's (node's) name")},
     "E_OK E_EXIST", "", CL_NTX_LOCATION_BY_NAME},
    {"ntxGetRootRtProcess", SPEC_API_NTX, SPEC_CALLER_WINDOWS, SPEC_R_HANDLE, SPEC_FAMILY_INTIME, 1,
     {IN_REQ("hLoc", SPEC_T_HANDLE, "an NTXLOCATION")},
     "E_OK", "E_EXIST E_NTX_INTERNAL_ERROR", CL_NTX_ROOT},
    {"ntxAllocateRtMemory", SPEC_API_NTX, SPEC_CALLER_WINDOWS, SPEC_R_HANDLE, SPEC_FAMILY_INTIME, 2,
     {IN_REQ("hLoc", SPEC_T_HANDLE, "an NTXLOCATION"),
      IN_REQ("nSize", SPEC_T_DWORD, "bytes, rounded up to 4 KiB")},
     "E_OK E_PARAM E_MEM", "E_EXIST E_LIMIT E_NTX_INTERNAL_ERROR", CL_NTX_ALLOC_OK},
    {"ntxFreeRtMemory", SPEC_API_NTX, SPEC_CALLER_WINDOWS, SPEC_R_STATUS, SPEC_FAMILY_INTIME, 1,
     {IN_REQ("hSegment", SPEC_T_HANDLE, "a segment from ntxAllocateRtMemory")},
     "E_OK", "E_EXIST E_TYPE E_NTX_INTERNAL_ERROR", CL_NTX_FREE},
    {"ntxCatalogNtxHandle", SPEC_API_NTX, SPEC_CALLER_WINDOWS, SPEC_R_STATUS, SPEC_FAMILY_INTIME, 3,
     {IN_REQ("hProcess", SPEC_T_HANDLE, "the process whose directory receives the name"),
      IN_REQ("hObject", SPEC_T_HANDLE, "the object to catalog"),
      IN_REQ("name", SPEC_T_STRING, "1 to 12 characters")},
     "E_OK E_PARAM", "E_EXIST E_TYPE E_MEM E_NTX_INTERNAL_ERROR", CL_NTX_CATALOG_NAMES},
    {"ntxLookupNtxhandle", SPEC_API_NTX, SPEC_CALLER_WINDOWS, SPEC_R_HANDLE, SPEC_FAMILY_INTIME, 3,
     {IN_REQ("hProcess", SPEC_T_HANDLE, "the process whose directory is searched"),
      IN_REQ("name", SPEC_T_STRING, "1 to 12 characters"),
      IN_DEF("dwTimeout", SPEC_T_DWORD, 0, "0 = no wait")},
     "E_OK E_PARAM E_TIME", "E_EXIST E_TYPE E_NTX_INTERNAL_ERROR", CL_NTX_CATALOG_NAMES},
    {"ntxImportRtHandle", SPEC_API_NTX, SPEC_CALLER_WINDOWS, SPEC_R_HANDLE, SPEC_FAMILY_INTIME, 2,
     {IN_REQ("hRtHandle", SPEC_T_HANDLE, "an RTHANDLE read out of shared data"),
      IN_REQ("hObjectSource", SPEC_T_HANDLE, "an NTXHANDLE on the same kernel")},
     "E_OK", "E_EXIST E_NTX_INTERNAL_ERROR", CL_NTX_MAP_IMPORT_RTHANDLE},
    {"ntxMapRtSharedMemory", SPEC_API_NTX, SPEC_CALLER_WINDOWS, SPEC_R_PTR, SPEC_FAMILY_INTIME, 1,
     {IN_REQ("hSegment", SPEC_T_HANDLE, "an address-space (segment) handle")},
     "E_OK E_TYPE E_ALIGNMENT E_LOCATION E_STATE E_NTX_INTERNAL_ERROR", "E_VMEM E_EXIST", CL_NTX_MAP_OK},
    {"ntxMapRtSharedMemoryEx", SPEC_API_NTX, SPEC_CALLER_WINDOWS, SPEC_R_PTR, SPEC_FAMILY_INTIME, 2,
     {IN_REQ("hSegment", SPEC_T_HANDLE, "an address-space (segment) handle"),
      IN_DEF("dwFlags", SPEC_T_DWORD, 0, "NTX_MAP_WRITE, NTX_MAP_UNALIGNED")},
     "E_OK E_TYPE E_ALIGNMENT E_LOCATION E_STATE E_NTX_INTERNAL_ERROR", "E_VMEM E_EXIST", CL_NTX_MAP_OK},
    {"ntxUnmapRtSharedMemory", SPEC_API_NTX, SPEC_CALLER_WINDOWS, SPEC_R_STATUS, SPEC_FAMILY_INTIME, 1,
     {IN_REQ("hSegment", SPEC_T_HANDLE, "a mapped segment handle")},
     "E_OK E_STATE", "", CL_NTX_UNMAP_OK},
    {"ntxGetLastRtError", SPEC_API_NTX, SPEC_CALLER_WINDOWS, SPEC_R_STATUS, SPEC_FAMILY_INTIME, 0, {{0}},
     "E_OK", "", CL_NTX_LASTERROR_STICKY},

    /* INtime RT side (CLAUSES.md "rt"): what creates the segments NTX maps. */
    {"AllocateRtMemory", SPEC_API_RT, SPEC_CALLER_RT_INTIME, SPEC_R_PTR, SPEC_FAMILY_INTIME, 1,
     {IN_REQ("cbSize", SPEC_T_DWORD, "bytes, rounded up to 4 KiB")},
     "E_OK E_PARAM E_MEM", "", CL_RT_ALLOC_ROUND},
    {"CreateRtMemoryHandle", SPEC_API_RT, SPEC_CALLER_RT_INTIME, SPEC_R_HANDLE, SPEC_FAMILY_INTIME, 2,
     {IN_REQ("pAddress", SPEC_T_PTR, "start of the range, inside the caller's RT memory"),
      IN_REQ("cbSize", SPEC_T_DWORD, "bytes in the range")},
     "E_OK", "E_PARAM E_BAD_ADDR E_LIMIT", CL_RT_HANDLE_CREATE},
    {"DeleteRtMemoryHandle", SPEC_API_RT, SPEC_CALLER_RT_INTIME, SPEC_R_BOOL, SPEC_FAMILY_INTIME, 1,
     {IN_REQ("hMemory", SPEC_T_HANDLE, "a memory handle")},
     "E_OK E_EXIST", "E_TYPE", CL_RT_HANDLE_DELETE},
    {"FreeRtMemory", SPEC_API_RT, SPEC_CALLER_RT_INTIME, SPEC_R_BOOL, SPEC_FAMILY_INTIME, 1,
     {IN_REQ("pAddress", SPEC_T_PTR, "what AllocateRtMemory returned")},
     "E_OK", "E_BAD_ADDR", CL_RT_FREE},
    {"CatalogRtHandle", SPEC_API_RT, SPEC_CALLER_RT_INTIME, SPEC_R_BOOL, SPEC_FAMILY_INTIME, 3,
     {IN_NULL("hProcess", SPEC_T_HANDLE, "the process whose directory receives the name; NULL = root process"),
      IN_REQ("hObject", SPEC_T_HANDLE, "the object to catalog"),
      IN_REQ("name", SPEC_T_STRING, "1 to 12 characters")},
     "E_OK", "E_PARAM E_EXIST E_TYPE E_MEM", CL_RT_CATALOG},
    {"CreateRtSemaphore", SPEC_API_RT, SPEC_CALLER_RT_INTIME, SPEC_R_HANDLE, SPEC_FAMILY_INTIME, 3,
     {IN_DEF("wInitialUnits", SPEC_T_DWORD, 0, "initial units"),
      IN_DEF("wMaxUnits", SPEC_T_DWORD, 1, "maximum units, 1..0xFFFF"),
      IN_DEF("wFlags", SPEC_T_DWORD, 0, "queueing flags (not modelled)")},
     "E_OK", "E_PARAM E_LIMIT", CL_RT_SEMAPHORE},
    {"GetLastRtError", SPEC_API_RT, SPEC_CALLER_RT_INTIME, SPEC_R_STATUS, SPEC_FAMILY_INTIME, 0, {{0}},
     "E_OK", "", CL_RT_LASTERROR},
};

#define FUNCTION_COUNT ((int)(sizeof function_table / sizeof function_table[0]))

static const char *const api_names[SPEC_API_COUNT] = {"ntx", "rt", "iwin32", "rtx64", "rtk", "mem", "sim"};

const char *spec_api_name(spec_api api) {
    return (unsigned)api < SPEC_API_COUNT ? api_names[api] : "?";
}

bool spec_api_by_name(const char *name, spec_api *api) {
    for (int i = 0; i < SPEC_API_COUNT; i++) {
        if (strcmp(api_names[i], name) == 0) {
            *api = (spec_api)i;
            return true;
        }
    }
    return false;
}

const spec_function *spec_function_find(spec_api api, const char *name) {
    for (int i = 0; i < FUNCTION_COUNT; i++)
        if (function_table[i].api == api && strcmp(function_table[i].name, name) == 0) return &function_table[i];
    return NULL;
}

bool spec_function_known(const char *name) {
    for (int i = 0; i < FUNCTION_COUNT; i++)
        if (strcmp(function_table[i].name, name) == 0) return true;
    return false;
}

int spec_function_param(const spec_function *fn, const char *name) {
    for (int i = 0; i < fn->param_count; i++)
        if (strcmp(fn->params[i].name, name) == 0) return i;
    return -1;
}

/* True when the space-separated `list` contains the word `word`. */
static bool word_in(const char *list, const char *word) {
    size_t n = strlen(word);
    for (const char *p = list; p && *p;) {
        while (*p == ' ') p++;
        size_t len = strcspn(p, " ");
        if (len == n && strncmp(p, word, n) == 0) return true;
        p += len;
    }
    return false;
}

bool spec_function_allows_status(const spec_function *fn, const char *status) {
    return word_in(fn->documented, status) || word_in(fn->model, status);
}

const spec_function *spec_function_table(int *count) {
    *count = FUNCTION_COUNT;
    return function_table;
}

int spec_function_index(const spec_function *fn) {
    /* Compared as integers: a pointer that is not into the table is valid input, not undefined. */
    uintptr_t p = (uintptr_t)fn, base = (uintptr_t)function_table;
    if (p < base || p >= base + sizeof function_table || (p - base) % sizeof function_table[0] != 0) return -1;
    return (int)((p - base) / sizeof function_table[0]);
}
