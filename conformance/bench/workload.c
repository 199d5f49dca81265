/* conformance/bench/workload.c — the generated inputs: the million-step scenario, a scenario that
 * keeps many views mapped (scaling), and a JSONL copy with one record changed.
 *
 * The scenario is written as a stream (constant memory) without whitespace: at about 60 bytes a step,
 * 1,000,000 steps fit the format's 64 MiB file limit (CONF_MAX_FILE_BYTES). Its rows repeat exactly
 * every cycle (the segment's handle slot and address are reused after it is closed), which the
 * SQLite floor relies on to copy row sizes. */
#include "bench.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/scenario.h"

/* One cycle: BENCH_CYCLE steps of process rt (default topology: rt on the INtime kernel NodeA). */
static const char *const cycle[BENCH_CYCLE] = {
    "{\"as\":\"rt\",\"call\":\"GetLastError\"}",
    "{\"as\":\"rt\",\"call\":\"SetLastError\",\"args\":{\"dwErrCode\":5}}",
    "{\"as\":\"rt\",\"call\":\"RtCreateSharedMemory\",\"args\":{\"MaximumSizeLow\":4096,\"lpName\":\"B\"},"
    "\"out\":{\"return\":\"h\",\"location\":\"p\"}}",
    "{\"as\":\"rt\",\"write\":{\"ptr\":\"$p\",\"offset\":8,\"hex\":\"cafebabe\"}}",
    "{\"as\":\"rt\",\"read\":{\"ptr\":\"$p\",\"offset\":8,\"length\":4}}",
    "{\"as\":\"rt\",\"call\":\"RtUnmapSharedMemory\",\"args\":{\"location\":\"$p\"}}",
    "{\"as\":\"rt\",\"call\":\"CloseHandle\",\"args\":{\"hObject\":\"$h\"}}",
    "{\"as\":\"rt\",\"call\":\"GetLastError\",\"expect\":{\"return\":0}}",
};

long bench_write_scenario(const char *path, long steps) {
    if (steps <= 0 || steps % BENCH_CYCLE != 0 || steps > CONF_MAX_STEPS) {
        errno = EINVAL;
        return -1;
    }
    FILE *f = fopen(path, "wb");
    if (f == NULL) return -1;
    static char buf[1 << 16];
    setvbuf(f, buf, _IOFBF, sizeof buf);
    fprintf(f,
            "{\"format\":\"rtshm-scenario/1\",\"id\":\"" BENCH_SCENARIO_ID "\","
            "\"title\":\"rtshm_bench workload: %ld steps of last-error calls, segment create/write/read/unmap/close\","
            "\"clauses\":[\"IWIN32.LASTERROR\",\"IWIN32.CREATE.OK\",\"MEM.SHARED\",\"IWIN32.UNMAP.VIEW\","
            "\"IWIN32.CLOSE.LAST_DESTROYS\"],\"steps\":[",
            steps);
    for (long i = 0; i < steps; i++) {
        if (i) fputc(',', f);
        fputs(cycle[i % BENCH_CYCLE], f);
    }
    fputs("]}\n", f);
    long size = ftell(f);
    if (ferror(f) | (fclose(f) != 0)) return -1;
    if (size > (long)CONF_MAX_FILE_BYTES) {
        errno = EFBIG;
        return -1;
    }
    return size;
}

long bench_write_views_scenario(const char *path, long views) {
    if (views <= 0 || views > 65536) {
        errno = EINVAL;
        return -1;
    }
    FILE *f = fopen(path, "wb");
    if (f == NULL) return -1;
    static char buf[1 << 16];
    setvbuf(f, buf, _IOFBF, sizeof buf);
    /* a pool large enough for every segment: 4 KiB each */
    fprintf(f,
            "{\"format\":\"rtshm-scenario/1\",\"id\":\"bench.views-%ld\",\"title\":\"rtshm_bench workload: %ld unnamed "
            "segments created and kept mapped by one process\",\"topology\":{\"nodes\":[{\"id\":\"host\",\"windows\":true}],"
            "\"kernels\":[{\"id\":\"NodeA\",\"kind\":\"intime\",\"node\":\"host\",\"iwin32_pool\":\"1G\"}]},"
            "\"processes\":[{\"id\":\"rt\",\"kind\":\"rt\",\"kernel\":\"NodeA\"}],\"steps\":[",
            views, views);
    for (long i = 0; i < views; i++)
        fputs(i ? ",{\"as\":\"rt\",\"call\":\"RtCreateSharedMemory\",\"args\":{\"MaximumSizeLow\":4096,\"lpName\":null},"
                  "\"expect\":{\"return\":\"non-null\"}}"
                : "{\"as\":\"rt\",\"call\":\"RtCreateSharedMemory\",\"args\":{\"MaximumSizeLow\":4096,\"lpName\":null},"
                  "\"expect\":{\"return\":\"non-null\"}}",
              f);
    fputs("]}\n", f);
    long size = ftell(f);
    if (ferror(f) | (fclose(f) != 0)) return -1;
    return size;
}

int bench_copy_file(const char *src, const char *dst) {
    FILE *in = fopen(src, "rb");
    if (in == NULL) return -1;
    FILE *out = fopen(dst, "wb");
    if (out == NULL) {
        fclose(in);
        return -1;
    }
    static char buf[1 << 16];
    size_t n;
    int rc = 0;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n) rc = -1;
    if (ferror(in)) rc = -1;
    fclose(in);
    if (fclose(out) != 0) rc = -1;
    return rc;
}

long bench_copy_with_change(const char *src, const char *dst, long from_line, const char *find, const char *repl) {
    if (strlen(find) != strlen(repl)) return -1;
    FILE *in = fopen(src, "rb");
    if (in == NULL) return -1;
    FILE *out = fopen(dst, "wb");
    if (out == NULL) {
        fclose(in);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long no = 0, changed = -1;
    int rc = 0;
    while ((len = getline(&line, &cap, in)) >= 0) {
        if (changed < 0 && no >= from_line) {
            char *at = strstr(line, find);
            if (at) {
                memcpy(at, repl, strlen(repl));
                changed = no;
            }
        }
        if (fwrite(line, 1, (size_t)len, out) != (size_t)len) rc = -1;
        no++;
    }
    free(line);
    if (ferror(in)) rc = -1;
    fclose(in);
    if (fclose(out) != 0) rc = -1;
    return rc == 0 ? changed : -1;
}
