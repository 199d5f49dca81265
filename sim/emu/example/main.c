/* sim/emu/example/main.c — telemetry_example: the telemetry example linked against librtshm_emu.so.
 *
 *   telemetry_example             one produce / consume round on the default topology; exit 0 when the
 *                                 consumer read what the producer wrote (5 samples, sum 150)
 *   telemetry_example DIR         the whole story, recorded: the iwin32 round with its data recorded, the NTX
 *                                 variant, then the INtime kernel stopping between producer and consumer;
 *                                 writes DIR/emu-trace.sqlite (the trace, at close) and DIR/telemetry.json
 *                                 (rtshm_emu_save_scenario); exit 0 when every side saw what it should
 *
 * What differed goes to stderr; exit 1. tests/e2e.sh runs the CLI on what the second form writes. */
#include <stdio.h>
#include <string.h>

#include "ntx.h"
#include "rtshm_emu.h"
#include "telemetry.h"

static int failures;

static void expect(int ok, const char *what) {
    if (!ok) {
        fprintf(stderr, "telemetry_example: %s\n", what);
        failures++;
    }
}

static void round_trip(void) {
    telemetry_producer pr;
    telemetry_consumer co;
    rtshm_emu_as("rt");
    expect(telemetry_produce(&pr, 5) == 0, "produce");
    expect(rtshm_emu_record_write(pr.block, 8 + 5 * sizeof(telemetry_sample)) == 0, "record the producer's data");
    rtshm_emu_as("win");
    expect(telemetry_consumer_open(&co) == 0, "open");
    DWORD count = 0;
    LONG sum = 0;
    telemetry_consumer_sum(&co, &count, &sum);
    expect(count == 5 && sum == 150, "5 samples summing to 150");
    expect(rtshm_emu_record_read(co.block, 8 + 5 * sizeof(telemetry_sample)) == 0, "record the consumer's read");
    expect(telemetry_consumer_close(&co) == 0, "consumer close");
    rtshm_emu_as("rt");
    expect(telemetry_producer_close(&pr) == 0, "producer close");
}

static void ntx_variant(void) {
    telemetry_rt_memory m;
    telemetry_ntx_consumer co;
    rtshm_emu_as("rt");
    expect(telemetry_rt_publish(&m, 4) == E_OK, "publish RT memory");
    expect(rtshm_emu_record_write(m.base, 8) == 0, "record the RT side's header");
    rtshm_emu_as("win");
    expect(telemetry_ntx_open(&co, "NodeA") == E_OK, "ntx open");
    expect(co.block && co.block->count == 4, "4 samples through NTX");
    expect(rtshm_emu_record_read(co.block, 8) == 0, "record the NTX read");
    expect(telemetry_ntx_close(&co) == E_OK, "ntx close");
}

static void kernel_stop_between(void) {
    telemetry_producer pr;
    telemetry_consumer co;
    rtshm_emu_as("rt");
    expect(telemetry_produce(&pr, 2) == 0, "produce before the stop");
    expect(rtshm_emu_kernel_stop("NodeA") == 0, "kernel.stop NodeA");
    rtshm_emu_as("win");
    expect(telemetry_consumer_open(&co) == ERROR_NOT_READY, "open after the stop: ERROR_NOT_READY");
    expect(rtshm_emu_kernel_start("NodeA") == 0, "kernel.start NodeA");
    expect(telemetry_consumer_open(&co) == ERROR_FILE_NOT_FOUND, "open after the restart: ERROR_FILE_NOT_FOUND");
}

int main(int argc, char **argv) {
    char trace[4096], scenario[4096];
    rtshm_emu_options o = {.seed = 7, .scenario_id = "emu.telemetry", .title = "The telemetry example, recorded"};
    if (argc > 1) {
        snprintf(trace, sizeof trace, "%s/emu-trace.sqlite", argv[1]);
        snprintf(scenario, sizeof scenario, "%s/telemetry.json", argv[1]);
        remove(trace);
        o.trace_path = trace;
    }
    if (rtshm_emu_open(&o) != 0) {
        fprintf(stderr, "open: %s\n", rtshm_emu_error());
        return 1;
    }
    round_trip();
    if (argc > 1) {
        ntx_variant();
        kernel_stop_between();
        expect(rtshm_emu_save_scenario(scenario) == 0, rtshm_emu_error());
    }
    int steps = rtshm_emu_step_count();
    int findings = rtshm_emu_finding_count();
    expect(rtshm_emu_close() == 0, rtshm_emu_error());
    printf("steps %d, findings %d, failures %d\n", steps, findings, failures);
    return failures == 0 ? 0 : 1;
}
