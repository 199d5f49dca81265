/* sim/emu/example/consumer.c — the consumer side of the telemetry example (telemetry.h): a Windows
 * application opening the producer's iwin32 segment through iwin32x (iwin32.h). */
#include <string.h>

#include "iwin32.h"
#include "telemetry.h"

DWORD telemetry_consumer_open(telemetry_consumer *co) {
    void *location = NULL;
    memset(co, 0, sizeof *co);
    co->segment = RtOpenSharedMemory(0, FALSE, TELEMETRY_NAME, &location);
    if (co->segment == NULL) return GetLastError();
    co->block = location;
    if (co->block->magic != TELEMETRY_MAGIC || co->block->count > TELEMETRY_MAX_SAMPLES) {
        telemetry_consumer_close(co);
        return ERROR_INVALID_PARAMETER;
    }
    return ERROR_SUCCESS;
}

void telemetry_consumer_sum(const telemetry_consumer *co, DWORD *count, LONG *sum) {
    *count = co->block->count;
    *sum = 0;
    for (DWORD i = 0; i < *count; i++) *sum += co->block->samples[i].value;
}

DWORD telemetry_consumer_close(telemetry_consumer *co) {
    if (co->block) RtUnmapSharedMemory((void *)co->block);
    BOOL closed = RtCloseHandle(co->segment);
    co->block = NULL;
    co->segment = NULL;
    return closed ? ERROR_SUCCESS : GetLastError();
}
