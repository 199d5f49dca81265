/* agent_win32.h — the Windows agent's checked access to its own memory (agent_win32.c). */
#ifndef RTSHM_AGENT_WIN32_H
#define RTSHM_AGENT_WIN32_H

#include <stddef.h>
#include <stdint.h>

/* agent_vendor.access on Windows: copies len bytes at address into bytes (write 0) or bytes to address
 * (write 1) when every page is committed and allows that access; 0 when it did, 1 (a fault) when not. */
int agent_win32_access(uint64_t address, void *bytes, size_t len, int write);

#endif
