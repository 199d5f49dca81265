/* reports/src/report_data_expect.c — what the reports add to a run's rows: each scenario's wall-clock
 * duration, how many selected scenarios were not run, how many scenarios failed, and — for a run judged
 * against an expectation file (`rtshm run --expect`) — each scenario's outcome and entry and the file's
 * entries (traces/expect.h). A trace of schema version 1 or 2 has none of these: nothing is read. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "report_data_int.h"
#include "report_int.h"
#include "traces/expect.h"

const char *report__outcome_name(report__outcome o) {
    static const char *const names[] = {NULL, "pass", "expected", "unexpected-pass", "unexpected"};
    return o >= REPORT__OUTCOME_NONE && o <= REPORT__OUTCOME_UNEXPECTED ? names[o] : NULL;
}

report__class report__scenario_class(const report__scenario *sc) {
    switch (sc->outcome) {
    case REPORT__OUTCOME_PASS: return REPORT__CLASS_SUCCESS;
    case REPORT__OUTCOME_EXPECTED:
        /* a FLAKY entry's scenario that passed is recorded as pass; anything else expected is a deviation */
        return REPORT__CLASS_EXPECTED;
    case REPORT__OUTCOME_UNEXPECTED_PASS:
    case REPORT__OUTCOME_UNEXPECTED: return REPORT__CLASS_UNEXPECTED;
    case REPORT__OUTCOME_NONE: break;
    }
    int v = report__verdict_index(sc->verdict);
    return v == REPORT__PASS || v == REPORT__SKIP ? REPORT__CLASS_SUCCESS : REPORT__CLASS_UNEXPECTED;
}

typedef struct expect_copy {
    report__loader *l;
    report__data *d;
    size_t cap;
} expect_copy;

static report__outcome outcome_of(const char *name) {
    static const char *const names[] = {"pass", "expected", "unexpected-pass", "unexpected"};
    for (int i = 0; name && i < 4; i++)
        if (strcmp(name, names[i]) == 0) return (report__outcome)(i + 1);
    return REPORT__OUTCOME_UNEXPECTED; /* a value this version does not know: never hidden as a pass */
}

static int copy_outcome(void *ctx, const trace_expect_scenario *row) {
    expect_copy *c = ctx;
    report__scenario *sc = (report__scenario *)report__data_scenario(c->d, row->scenario);
    if (sc == NULL) return 0;
    c->d->has_expect = true;
    sc->outcome = outcome_of(row->outcome);
    sc->expected = report__loader_dup(c->l, row->expected);
    sc->expect_reason = report__loader_dup(c->l, row->reason);
    sc->expect_link = report__loader_dup(c->l, row->link);
    return c->l->oom ? 1 : 0;
}

static int copy_entry(void *ctx, const trace_expect_entry *row) {
    expect_copy *c = ctx;
    report__data *d = c->d;
    if (report__loader_grow(&d->expect_entries, &c->cap, d->expect_entry_count, sizeof *d->expect_entries) != 0) {
        c->l->oom = true;
        return 1;
    }
    d->has_expect = true;
    report__expect_entry *e = &d->expect_entries[d->expect_entry_count++];
    memset(e, 0, sizeof *e);
    e->scenario = report__loader_dup(c->l, row->scenario);
    e->verdict = report__loader_dup(c->l, row->verdict);
    e->reason = report__loader_dup(c->l, row->reason);
    e->link = report__loader_dup(c->l, row->link);
    e->has_step = row->has_step;
    e->step = row->step;
    e->matched = row->matched;
    if (d->expect_file_owned == NULL) d->expect_file = d->expect_file_owned = report__loader_dup(c->l, row->file);
    return c->l->oom ? 1 : 0;
}

static int copy_duration(void *ctx, const char *scenario, int64_t duration_us) {
    report__scenario *sc = (report__scenario *)report__data_scenario(ctx, scenario);
    if (sc) {
        sc->has_duration = true;
        sc->duration_us = duration_us;
    }
    return 0;
}

/* True when the run's argv (a JSON array) is a `validate` command line: its second element. */
static bool recorded_by_validate(const char *argv_json) {
    cJSON *argv = argv_json ? cJSON_Parse(argv_json) : NULL;
    const cJSON *command = cJSON_GetArrayItem(argv, 1);
    bool validate = cJSON_IsString(command) && strcmp(command->valuestring, "validate") == 0;
    cJSON_Delete(argv);
    return validate;
}

int report__data_read_expect(report__loader *l, report__data *d) {
    expect_copy c = {l, d, 0};
    if (d->diverge == REPORT_DIVERGE_DEFAULT)
        d->diverge = recorded_by_validate(d->run.argv) ? REPORT_DIVERGE_SKIPPED : REPORT_DIVERGE_FAILURE;
    if (trace_query_scenario_durations(d->reader, d->run.id, copy_duration, d) != 0)
        return report__loader_fail(l, d->reader, "durations");
    int64_t selected = 0;
    if (trace_query_selected_count(d->reader, d->run.id, &selected) != 0)
        return report__loader_fail(l, d->reader, "run corpus");
    d->not_run = selected > d->totals.scenarios ? selected - d->totals.scenarios : 0;
    d->scenarios_failed = d->totals.scenarios - d->totals.verdicts[REPORT__PASS] - d->totals.verdicts[REPORT__SKIP];
    if (trace_query_expect_scenarios(d->reader, d->run.id, copy_outcome, &c) != 0 || l->oom)
        return report__loader_fail(l, d->reader, "expectations");
    if (trace_query_expect_entries(d->reader, d->run.id, copy_entry, &c) != 0 || l->oom)
        return report__loader_fail(l, d->reader, "expectation entries");
    for (size_t i = 0; d->has_expect && i < d->scenario_count; i++) d->outcomes[d->scenarios[i].outcome]++;
    return REPORT_OK;
}
