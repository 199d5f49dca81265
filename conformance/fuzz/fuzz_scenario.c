/* conformance/fuzz/fuzz_scenario.c — libFuzzer target over the scenario pipeline: parse + validate
 * (conf_scenario_parse) and, when the input is a valid scenario, a run on the reference model without
 * a trace (db NULL). Built only with -DRTSHM_FUZZ=ON (clang); run with `make fuzz` (README "Fuzzing").
 *
 * Differential: the same bytes are also written to a file and loaded by the streaming loader
 * (conf_scenario_load_mode, CONF_LOAD_STREAM). It must accept exactly what the held parser accepts —
 * itself, without stepping aside to the held loader — and then run to the same outcome; any
 * disagreement aborts (a finding). Inputs with NUL bytes are left
 * out of the comparison (files with them are refused before parsing, by both loaders).
 *
 * Inputs larger than MAX_INPUT are skipped at once: the parser's own bound is 64 MiB, but the fuzzer
 * gains nothing from huge inputs and they would only slow it down. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/backend.h"
#include "conf/runner.h"
#include "conf/scenario.h"

#define MAX_INPUT (1u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The file the streaming loader reads each input from: made once per process with mkstemp in $TMPDIR
 * (or /tmp), removed at exit. */
static char scratch_path[4096];

static void remove_scratch(void) {
    if (scratch_path[0]) unlink(scratch_path);
}

static bool make_scratch(void) {
    const char *dir = getenv("TMPDIR");
    int n = snprintf(scratch_path, sizeof scratch_path, "%s/rtshm-fuzz-XXXXXX", dir && dir[0] ? dir : "/tmp");
    if (n < 0 || (size_t)n >= sizeof scratch_path) {
        scratch_path[0] = '\0';
        return false;
    }
    int fd = mkstemp(scratch_path);
    if (fd < 0) {
        scratch_path[0] = '\0';
        return false;
    }
    close(fd);
    atexit(remove_scratch);
    return true;
}

/* Loads the bytes through the streaming loader and aborts unless it agrees with the held parser
 * (held_rc, and held_res when it accepted). */
static void check_streamed(const char *text, size_t size, int held_rc, const conf_scenario_result *held_res) {
    if (scratch_path[0] == '\0' && !make_scratch()) return;
    FILE *f = fopen(scratch_path, "wb");
    if (f == NULL) return;
    bool written = fwrite(text, 1, size, f) == size;
    if (fclose(f) != 0 || !written) return;
    conf_scenario *sc = NULL;
    char err[2048];
    int rc = conf_scenario_load_mode(scratch_path, CONF_LOAD_STREAM, &sc, err, sizeof err);
    if (rc != held_rc) {
        fprintf(stderr, "streaming loader %s what the held parser %s\n", rc == 0 ? "accepts" : "rejects",
                held_rc == 0 ? "accepts" : "rejects");
        abort();
    }
    if (rc != 0) return;
    if (sc->steps != NULL) { /* a valid file the streaming loader left to the held one */
        fprintf(stderr, "streaming loader declined a valid scenario\n");
        abort();
    }
    conf_scenario_result res;
    (void)conf_run_scenario(sc, conf_backend_reference(), 1, NULL, 0, &res);
    conf_scenario_free(sc);
    if (res.steps != held_res->steps || strcmp(res.verdict, held_res->verdict) != 0 || res.pass != held_res->pass ||
        res.fail != held_res->fail || res.diverge != held_res->diverge || res.findings != held_res->findings) {
        fprintf(stderr, "streamed run differs: %d steps %s, held %d steps %s\n", res.steps, res.verdict,
                held_res->steps, held_res->verdict);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > MAX_INPUT) return 0;
    /* NUL-terminated, as conf_scenario_load leaves it. Embedded NUL bytes are kept: conf_scenario_load
     * rejects them, but conf_scenario_parse takes any bytes and must stay safe on them. */
    char *text = malloc(size + 1);
    if (text == NULL) return 0;
    if (size) memcpy(text, data, size);
    text[size] = '\0';

    conf_scenario *sc = NULL;
    char err[2048];
    conf_scenario_result held_res = {0};
    int held_rc = conf_scenario_parse("fuzz.json", text, size, &sc, err, sizeof err);
    if (held_rc == 0) {
        (void)conf_run_scenario(sc, conf_backend_reference(), 1, NULL, 0, &held_res);
        conf_scenario_free(sc);
    }
    if (size == 0 || memchr(text, '\0', size) == NULL) check_streamed(text, size, held_rc, &held_res);
    free(text);
    return 0;
}
