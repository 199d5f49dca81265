/* sim/emu/tests/example_main.c — the telemetry example linked against the shared librtshm_emu.so: one produce /
 * consume round on the default topology. Exit 0 when the consumer read what the producer wrote (5 samples,
 * sum 150), 1 otherwise (what differed on stderr). */
#include <stdio.h>

#include "rtshm_emu.h"
#include "telemetry.h"

int main(void) {
    if (rtshm_emu_open(NULL) != 0) {
        fprintf(stderr, "open: %s\n", rtshm_emu_error());
        return 1;
    }
    telemetry_producer pr;
    telemetry_consumer co;
    rtshm_emu_as("rt");
    DWORD produced = telemetry_produce(&pr, 5);
    rtshm_emu_as("win");
    DWORD opened = telemetry_consumer_open(&co);
    DWORD count = 0;
    LONG sum = 0;
    if (opened == 0) telemetry_consumer_sum(&co, &count, &sum);
    int steps = rtshm_emu_step_count();
    rtshm_emu_close();
    printf("produce %u, open %u, count %u, sum %d, steps %d\n", (unsigned)produced, (unsigned)opened, (unsigned)count,
           (int)sum, steps);
    return produced == 0 && opened == 0 && count == 5 && sum == 150 && steps == 2 ? 0 : 1;
}
