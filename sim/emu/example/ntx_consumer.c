/* sim/emu/example/ntx_consumer.c — the NTX variant's Windows side (telemetry.h): finds the INtime kernel by
 * name, looks up the RT side's cataloged memory handle in its root process and maps it (ntx.h). */
#include <string.h>

#include "ntx.h"
#include "telemetry.h"

WORD telemetry_ntx_open(telemetry_ntx_consumer *co, const char *location_name) {
    memset(co, 0, sizeof *co);
    NTXLOCATION loc = ntxGetLocationByName(location_name);
    if (loc == NTX_UNDEFINED_LOCATION) return ntxGetLastRtError();
    NTXHANDLE root = ntxGetRootRtProcess(loc);
    if (root == NTX_BAD_NTXHANDLE) return ntxGetLastRtError();
    co->segment = ntxLookupNtxhandle(root, (LPSTR)TELEMETRY_CATALOG_NAME, 0);
    if (co->segment == NTX_BAD_NTXHANDLE) return ntxGetLastRtError();
    co->block = ntxMapRtSharedMemory(co->segment);
    if (co->block == NULL) return ntxGetLastRtError();
    return E_OK;
}

WORD telemetry_ntx_close(telemetry_ntx_consumer *co) {
    WORD status = ntxUnmapRtSharedMemory(co->segment);
    co->block = NULL;
    return status;
}
