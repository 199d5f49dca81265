/* agent_platform.h — what the Windows agent's vendor files need from the platform beside the SDK: checked
 * access to the agent's own memory, and the world's start and end. agent_win32.c implements it on Windows;
 * tests/agent_host_emu.c implements it on Linux over librtshm_emu, for the end-to-end test that runs the
 * RTX64 and INtime agents' own code against rtshm (ctest windows_agent_emu). */
#ifndef RTSHM_AGENT_PLATFORM_H
#define RTSHM_AGENT_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

/* agent_vendor.access: copies len bytes at address into bytes (write 0) or bytes to address (write 1) when
 * every page is mapped and allows that access; 0 when it did, 1 (a fault) when not (nothing is touched). */
int agent_platform_access(uint64_t address, void *bytes, size_t len, int write);

/* agent_vendor.open: the world begins (`open`). 0, or -1 with the reason in err. On Windows: nothing to do,
 * the machine is there. */
int agent_platform_open(char *err, size_t err_size);

/* The world ends (`close`), after the vendor released what it tracks. On Windows: nothing to do. */
void agent_platform_close(void);

#ifndef _WIN32
/* Host builds only (the Linux end-to-end test): the one Windows call the RTX64 vendor file makes besides the
 * SDK — UTF-8 to UTF-16 as MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, ...) does it. */
#include "rtshm_vendor_types.h"
#define CP_UTF8 65001u
#define MB_ERR_INVALID_CHARS 0x8u
int MultiByteToWideChar(unsigned code_page, DWORD flags, const char *text, int text_len, WCHAR *wide, int wide_len);
#endif

#endif
