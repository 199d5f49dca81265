/* conformance/agent/windows/tests/agent_host_emu.c — the agent's platform (agent_platform.h) on Linux over
 * librtshm_emu, so that the RTX64 and INtime agents' own code (agent_main.c, agent_proto.c, agent_json.c and a
 * vendor file, unchanged) runs end to end under rtshm with the emulation library as the vendor SDK: the
 * stand-in for the Wine run the Windows agent's README explains is not done (ctest windows_agent_emu).
 *
 * The "machine" is the emulation library's default topology (rtshm_emu.h: node host; kernels NodeA (INtime)
 * and RTSS; processes win, rt, rtss, drv), as a real machine has its own; the agent acts as its Windows process
 * "win". Memory is checked with process_vm_readv/process_vm_writev on the agent's own pid, which fail with
 * EFAULT instead of faulting on an unmapped page or a write to a read-only view. */
#define _GNU_SOURCE
#include "agent_platform.h"

#include "rtshm_emu.h"

#include <stdio.h>
#include <sys/uio.h>
#include <unistd.h>

int agent_platform_access(uint64_t address, void *bytes, size_t len, int write)
{
    struct iovec local = {bytes, len};
    struct iovec remote = {(void *)(uintptr_t)address, len};
    ssize_t done = write ? process_vm_writev(getpid(), &local, 1, &remote, 1, 0)
                         : process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
    return done == (ssize_t)len ? 0 : 1;
}

int agent_platform_open(char *err, size_t err_size)
{
    rtshm_emu_options options = {NULL, 1, NULL, NULL, NULL};
    if (rtshm_emu_open(&options) < 0 || rtshm_emu_as("win") < 0) {
        snprintf(err, err_size, "librtshm_emu: %s", rtshm_emu_error());
        rtshm_emu_close();
        return -1;
    }
    return 0;
}

void agent_platform_close(void)
{
    rtshm_emu_close();
}

int MultiByteToWideChar(unsigned code_page, DWORD flags, const char *text, int text_len, WCHAR *wide, int wide_len)
{
    (void)flags; /* always MB_ERR_INVALID_CHARS: the agent's strings are valid UTF-8 (agent_json.c checked) */
    if (code_page != CP_UTF8 || text_len != -1)
        return 0;
    int units = 0;
    const unsigned char *s = (const unsigned char *)text;
    for (;;) {
        uint32_t cp;
        if (s[0] < 0x80) {
            cp = s[0];
            s += 1;
        } else if (s[0] < 0xE0) {
            cp = ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
            s += 2;
        } else if (s[0] < 0xF0) {
            cp = ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
            s += 3;
        } else {
            cp = ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) | ((uint32_t)(s[2] & 0x3F) << 6) |
                 (s[3] & 0x3F);
            s += 4;
        }
        int need = cp >= 0x10000 ? 2 : 1;
        if (units + need > wide_len)
            return 0;
        if (need == 2) {
            wide[units++] = (WCHAR)(0xD800 + ((cp - 0x10000) >> 10));
            wide[units++] = (WCHAR)(0xDC00 + ((cp - 0x10000) & 0x3FF));
        } else {
            wide[units++] = (WCHAR)cp;
        }
        if (cp == 0)
            return units; /* with the terminator, as for text_len -1 */
    }
}
