/* sim/emu/example/producer.c — the producer side of the telemetry example (telemetry.h): an INtime
 * real-time process, written against iwin32.h and rt.h as it would be for the INtime SDK. */
#include <string.h>

#include "iwin32.h"
#include "rt.h"
#include "telemetry.h"

/* Fills block with count samples. */
static void publish(telemetry_block *block, DWORD count) {
    if (count > TELEMETRY_MAX_SAMPLES) count = TELEMETRY_MAX_SAMPLES;
    for (DWORD i = 0; i < count; i++) {
        block->samples[i].seq = i + 1;
        block->samples[i].value = (LONG)((i + 1) * 10);
    }
    block->count = count;
    block->magic = TELEMETRY_MAGIC;
}

DWORD telemetry_produce(telemetry_producer *pr, DWORD count) {
    void *location = NULL;
    memset(pr, 0, sizeof *pr);
    pr->segment = RtCreateSharedMemory(PAGE_READWRITE, 0, TELEMETRY_BYTES, TELEMETRY_NAME, &location);
    if (pr->segment == NULL) return GetLastError();
    pr->block = location;
    publish(pr->block, count);
    return ERROR_SUCCESS;
}

DWORD telemetry_producer_close(telemetry_producer *pr) {
    if (pr->block) RtUnmapSharedMemory(pr->block);
    BOOL closed = CloseHandle(pr->segment);
    pr->block = NULL;
    pr->segment = NULL;
    return closed ? ERROR_SUCCESS : GetLastError();
}

DWORD telemetry_rt_publish(telemetry_rt_memory *m, DWORD count) {
    memset(m, 0, sizeof *m);
    m->base = AllocateRtMemory(TELEMETRY_BYTES);
    if (m->base == NULL) return GetLastRtError();
    publish(m->base, count);
    m->segment = CreateRtMemoryHandle(m->base, TELEMETRY_BYTES);
    if (m->segment == BAD_RTHANDLE) return GetLastRtError();
    if (!CatalogRtHandle(NULL_RTHANDLE, m->segment, TELEMETRY_CATALOG_NAME)) return GetLastRtError();
    return E_OK;
}
