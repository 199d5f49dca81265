/* conformance/fuzz/fuzz_scenario.c — libFuzzer target over the scenario pipeline: parse + validate
 * (conf_scenario_parse) and, when the input is a valid scenario, a run on the reference model without
 * a trace (db NULL). Built only with -DRTSHM_FUZZ=ON (clang); run with `make fuzz` (README "Fuzzing").
 *
 * Inputs larger than MAX_INPUT are skipped at once: the parser's own bound is 64 MiB, but the fuzzer
 * gains nothing from huge inputs and they would only slow it down. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf/backend.h"
#include "conf/runner.h"
#include "conf/scenario.h"

#define MAX_INPUT (1u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
    if (conf_scenario_parse("fuzz.json", text, size, &sc, err, sizeof err) == 0) {
        conf_scenario_result res;
        (void)conf_run_scenario(sc, conf_backend_reference(), 1, NULL, 0, &res);
        conf_scenario_free(sc);
    }
    free(text);
    return 0;
}
