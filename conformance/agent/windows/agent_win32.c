/* agent_win32.c — the Windows agent's platform (agent_platform.h): memory access for `read` and `write` — the
 * bytes at an address of the agent's own process, checked with VirtualQuery before they are touched, so that an
 * address outside every view is a fault in the answer, not a crash of the agent — and the world's start and end,
 * which on a real machine are nothing to do. Shared by both vendor builds. */
#include "agent_platform.h"

#include <string.h>
#include <windows.h>

static int readable(DWORD protect)
{
    DWORD base = protect & 0xFF;
    return base == PAGE_READONLY || base == PAGE_READWRITE || base == PAGE_WRITECOPY || base == PAGE_EXECUTE_READ ||
           base == PAGE_EXECUTE_READWRITE || base == PAGE_EXECUTE_WRITECOPY;
}

static int writable(DWORD protect)
{
    DWORD base = protect & 0xFF;
    return base == PAGE_READWRITE || base == PAGE_WRITECOPY || base == PAGE_EXECUTE_READWRITE ||
           base == PAGE_EXECUTE_WRITECOPY;
}

int agent_platform_access(uint64_t address, void *bytes, size_t len, int write)
{
    /* Every page of [address, address + len) must be committed and allow the access (no guard page);
     * at most 4096 bytes span 2 regions' worth of pages, each region queried once. */
    uint64_t at = address, end = address + len;
    while (at < end) {
        MEMORY_BASIC_INFORMATION info;
        if (VirtualQuery((LPCVOID)(ULONG_PTR)at, &info, sizeof info) != sizeof info)
            return 1;
        if (info.State != MEM_COMMIT || (info.Protect & (PAGE_GUARD | PAGE_NOACCESS)) != 0 ||
            !(write ? writable(info.Protect) : readable(info.Protect)))
            return 1;
        uint64_t region_end = (uint64_t)(ULONG_PTR)info.BaseAddress + info.RegionSize;
        if (region_end <= at)
            return 1;
        at = region_end;
    }
    if (write)
        memcpy((void *)(ULONG_PTR)address, bytes, len);
    else
        memcpy(bytes, (const void *)(ULONG_PTR)address, len);
    return 0;
}

int agent_platform_open(char *err, size_t err_size)
{
    (void)err;
    (void)err_size;
    return 0;
}

void agent_platform_close(void)
{
}
