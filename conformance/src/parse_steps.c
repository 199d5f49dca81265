/* conformance/src/parse_steps.c — the `steps` of a scenario: the array, and what every step shares.
 *
 * A step has a time `at` that never goes backwards, exactly one form — "call", "read", "write" or
 * "event" — and, unless it is an event, the process `as` that makes it, which must not have exited.
 * Each form is parsed in its own file (parse_call.c, parse_access.c, parse_event.c; see parse_steps.h).
 * Steps are parsed in file order, which is execution order, so the variables and the per-step state
 * (exited processes, kernels, links) each step sees are those the earlier steps left. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf/steps.h"
#include "parse_steps.h"

/* Index of the process `id` in sc, or -1 (contract in parse_steps.h). */
int process_find(const conf_scenario *sc, const char *id) {
    for (int i = 0; i < sc->process_count; i++)
        if (strcmp(sc->processes[i].id, id) == 0) return i;
    return -1;
}

/* steps[i] at step into st, after the time *vtime_us reached so far (contract in parse_util.h). */
bool parse_step(pctx *c, const cJSON *step, int i, uint64_t *vtime_us, conf_step *st) {
    conf_scenario *sc = c->sc;
    char jp[64], p[1024];
    path_index(jp, sizeof jp, "steps", i);
    st->index = i;
    st->process = -1;
    st->expect.fault = -1;
    if (!want_object(c, step, jp)) return false;
    const cJSON *at = cJSON_GetObjectItemCaseSensitive(step, "at");
    if (at) {
        uint64_t t;
        if (!get_uint(c, at, path_key(p, sizeof p, jp, "at"), false, CONF_MAX_VTIME_US, &t)) return false;
        if (t < *vtime_us)
            return perr(c, p, "\"at\" %llu goes back before an earlier step's time %llu", (unsigned long long)t,
                        (unsigned long long)*vtime_us);
        *vtime_us = t;
    }
    st->vtime_us = *vtime_us;
    int forms = !!cJSON_GetObjectItemCaseSensitive(step, "call") + !!cJSON_GetObjectItemCaseSensitive(step, "read") +
                !!cJSON_GetObjectItemCaseSensitive(step, "write") + !!cJSON_GetObjectItemCaseSensitive(step, "event");
    if (forms != 1) return perr(c, jp, "a step has exactly one of \"call\", \"read\", \"write\" or \"event\"");
    if (cJSON_GetObjectItemCaseSensitive(step, "event")) {
        st->kind = CONF_STEP_EVENT;
        if (cJSON_GetObjectItemCaseSensitive(step, "as")) return perr(c, path_key(p, sizeof p, jp, "as"), "events have no \"as\"");
        return parse_event(c, jp, step, st);
    }
    const char *as;
    if (!get_string(c, step, jp, "as", true, 64, &as)) return false;
    st->process = process_find(sc, as);
    if (st->process < 0) return perr(c, path_key(p, sizeof p, jp, "as"), "unknown process '%s'", as);
    if (c->exited[st->process])
        return perr(c, path_key(p, sizeof p, jp, "as"), "process '%s' has exited (SIM.PROCESS.EXIT) and makes no "
                    "more steps", as);
    if (cJSON_GetObjectItemCaseSensitive(step, "call")) {
        st->kind = CONF_STEP_CALL;
        return parse_call(c, jp, step, st);
    }
    st->kind = cJSON_GetObjectItemCaseSensitive(step, "read") ? CONF_STEP_READ : CONF_STEP_WRITE;
    return parse_access(c, jp, step, st);
}

/* Frees what st owns (string arguments, write data, expected data and canonical expect) and zeroes it
 * (contract in conf/steps.h). */
void conf_step_release(conf_step *st) {
    for (int a = 0; a < SPEC_MAX_PARAMS; a++) free(st->args[a].string);
    free(st->data);
    free(st->expect.data);
    free(st->expect.canonical);
    memset(st, 0, sizeof *st);
}

/* The whole held array `steps` into c->sc->steps (contract in parse_util.h). On failure the steps
 * parsed so far, and the failing one, stay counted in step_count so conf_scenario_free releases them. */
bool parse_steps_check(pctx *c, const cJSON *steps, long count) {
    if (steps == NULL) return perr(c, "", "missing required key 'steps'");
    if (!cJSON_IsArray(steps)) return perr(c, "steps", "expected a non-empty array of steps");
    long n = count >= 0 ? count : cJSON_GetArraySize(steps);
    if (n == 0) return perr(c, "steps", "expected a non-empty array of steps");
    if (n > CONF_MAX_STEPS) return perr(c, "steps", "more than %d steps", CONF_MAX_STEPS);
    return true;
}

bool parse_steps(pctx *c, const cJSON *steps) {
    conf_scenario *sc = c->sc;
    if (!parse_steps_check(c, steps, -1)) return false;
    int n = cJSON_GetArraySize(steps);
    sc->steps = calloc((size_t)n, sizeof *sc->steps);
    if (sc->steps == NULL) return perr(c, "steps", "out of memory");
    uint64_t vtime_us = 0;
    int i = 0;
    const cJSON *step;
    cJSON_ArrayForEach(step, steps) {
        sc->step_count = i + 1; /* so conf_scenario_free releases what this step allocates */
        if (!parse_step(c, step, i, &vtime_us, &sc->steps[i])) return false;
        i++;
    }
    return true;
}
