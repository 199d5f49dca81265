/* conformance/bench/measure_reject.c — what wording a rejected large file costs: the million-step
 * scenario with an unknown function in its last step, loaded as `rtshm check` loads it (streamed, the
 * error worded by parse_diagnose.c) and, for comparison, by the held loader. Each body runs in a child
 * (bench_in_child), whose peak RSS is the figure. */
#include "bench.h"

#include <stdio.h>
#include <string.h>

long bench_write_rejected(const char *src, const char *dst) {
    if (bench_copy_file(src, dst) != 0) return -1;
    FILE *f = fopen(dst, "r+b");
    if (f == NULL) return -1;
    char tail[4096];
    long size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    long from = size > (long)sizeof tail ? size - (long)sizeof tail : 0;
    size_t n = size >= 0 && fseek(f, from, SEEK_SET) == 0 ? fread(tail, 1, sizeof tail, f) : 0;
    long at = -1;
    for (size_t i = 0; i + 12 <= n; i++) /* the last "GetLastError" */
        if (memcmp(tail + i, "GetLastError", 12) == 0) at = from + (long)i;
    int rc = at >= 0 && fseek(f, at, SEEK_SET) == 0 && fwrite("GetLastErrox", 1, 12, f) == 12 ? 0 : -1;
    if (fclose(f) != 0) rc = -1;
    return rc == 0 ? size : -1;
}

void bench_reject_load(void *arg, bench_result *out) {
    const bench_reject_args *a = arg;
    char err[2048];
    conf_scenario *sc = NULL;
    double t0 = bench_now();
    int rc = conf_scenario_load_mode(a->scenario, a->mode, &sc, err, sizeof err);
    out->seconds = bench_now() - t0;
    conf_scenario_free(sc);
    out->ok = rc == -1 && strstr(err, a->expected) != NULL;
    const char *shown = strrchr(err, '/');
    snprintf(out->note, sizeof out->note, "%s: %.200s", rc == 0 ? "accepted" : "message", shown ? shown + 1 : err);
}
