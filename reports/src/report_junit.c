/* reports/src/report_junit.c — JUnit XML for CI test dashboards.
 *
 *   <testsuites name="rtshm" tests failures errors skipped time="0">
 *     <testsuite name="IMPLEMENTATION" tests failures errors skipped time="0">   (the run)
 *       <properties> run_id, tool_version, seed, started_at, state (and the baseline's run) </properties>
 *       <testcase classname="FAMILY" name="SCENARIO ID" time="0">               (one per scenario, by id)
 *         FAIL, DIVERGE          → <failure message="first failing step's text" type="FAIL|DIVERGE">details</failure>
 *         ERROR, CRASH, TIMEOUT  → <error message="scenario message" type="ERROR|CRASH|TIMEOUT"/>
 *         SKIP                   → <skipped/>
 *
 * failures counts FAIL and DIVERGE; errors ERROR, CRASH, TIMEOUT (and a verdict this version does not
 * know); time is always 0 (virtual time is no wall time and the report must be byte-stable). The family
 * is the scenario id up to its first dot. Text goes through the XML 1.0 escapers (report_text.c). */
#include <string.h>

#include "report_int.h"

static void attr(FILE *out, const char *name, const char *value) {
    fprintf(out, " %s=\"", name);
    report__put_escaped(out, value ? value : "", REPORT__ESC_XML_ATTR);
    fputc('"', out);
}

static void property(FILE *out, const char *name, const char *value) {
    fprintf(out, "      <property");
    attr(out, "name", name);
    attr(out, "value", value);
    fprintf(out, "/>\n");
}

static void counts(FILE *out, const report__totals *t) {
    int64_t failures = t->verdicts[REPORT__FAIL] + t->verdicts[REPORT__DIVERGE];
    int64_t errors = t->verdicts[REPORT__ERROR] + t->verdicts[REPORT__CRASH] + t->verdicts[REPORT__TIMEOUT] + t->other;
    fprintf(out, " tests=\"%lld\" failures=\"%lld\" errors=\"%lld\" skipped=\"%lld\" time=\"0\"",
            (long long)t->scenarios, (long long)failures, (long long)errors,
            (long long)t->verdicts[REPORT__SKIP]);
}

/* The details of one failing step, as the text of its <failure>. */
static void step_details(report__buf *b, const report__data *d, const report__failure *f) {
    const report__scenario *sc = &d->scenarios[f->scenario];
    if (!f->has_step) {
        report__buf_printf(b, "%s: %s\n", sc->verdict ? sc->verdict : "?", sc->message ? sc->message : "");
        return;
    }
    report__failure_text(b, d, f);
    report__buf_printf(b, "\n  seq %lld, step %lld, at %lld us, process %s, %s %s:%s\n", (long long)f->seq,
                       (long long)f->step, (long long)f->vtime_us, f->process ? f->process : "-",
                       f->kind ? f->kind : "?", f->api ? f->api : "?", f->function ? f->function : "?");
    if (f->args) report__buf_printf(b, "  args:     %s\n", f->args);
    report__buf_puts(b, "  expected: ");
    report__expected_text(b, f->expected);
    report__buf_puts(b, "\n  actual:   ");
    report__actual_text(b, f->kind, f->ret, f->status, f->last_error);
    report__buf_printf(b, "\n  verdict:  %s", f->verdict ? f->verdict : "?");
    const spec_clause *c = f->clause ? spec_clause_find(f->clause) : NULL;
    if (f->clause) report__buf_printf(b, " by %s", f->clause);
    if (c) report__buf_printf(b, " (%s): %s", spec_level_name(c->level), c->text);
    report__buf_printf(b, "\n  detail:   %s\n", f->detail ? f->detail : "");
}

static void testcase(FILE *out, const report__data *d, size_t i) {
    const report__scenario *sc = &d->scenarios[i];
    char family[256];
    report__family(sc->id, family, sizeof family);
    fprintf(out, "    <testcase");
    attr(out, "classname", family);
    attr(out, "name", sc->id);
    fprintf(out, " time=\"0\"");
    int v = report__verdict_index(sc->verdict);
    if (v == REPORT__PASS) {
        fprintf(out, "/>\n");
        return;
    }
    fprintf(out, ">\n");
    if (v == REPORT__SKIP) {
        fprintf(out, "      <skipped");
        if (sc->message && sc->message[0]) attr(out, "message", sc->message);
        fprintf(out, "/>\n");
    } else if (v == REPORT__FAIL || v == REPORT__DIVERGE) {
        /* Its failing steps in seq order (the list holds each scenario's together), the first one's text as
         * the message. */
        report__buf message = {0}, body = {0};
        for (size_t k = 0; k < d->failure_count; k++) {
            const report__failure *f = &d->failures[k];
            if (f->scenario != i) continue;
            if (message.len == 0) report__failure_text(&message, d, f);
            step_details(&body, d, f);
        }
        if (message.len == 0) report__buf_printf(&message, "scenario %s", sc->verdict);
        if (sc->change == REPORT__CHANGE_NEW)
            report__buf_printf(&body, "new since the baseline (run %lld: %s)\n", (long long)d->baseline.run.id,
                               sc->baseline_verdict ? sc->baseline_verdict : "absent");
        else if (sc->change == REPORT__CHANGE_STILL)
            report__buf_printf(&body, "failing in the baseline too (run %lld: %s)\n", (long long)d->baseline.run.id,
                               sc->baseline_verdict);
        report__buf_printf(&body, "path: %s\n", sc->path ? sc->path : "");
        fprintf(out, "      <failure");
        attr(out, "message", report__buf_str(&message));
        attr(out, "type", sc->verdict);
        fprintf(out, ">");
        report__put_escaped(out, report__buf_str(&body), REPORT__ESC_XML_TEXT);
        fprintf(out, "</failure>\n");
        report__buf_free(&message);
        report__buf_free(&body);
    } else {
        fprintf(out, "      <error");
        attr(out, "message", sc->message && sc->message[0] ? sc->message : sc->verdict);
        attr(out, "type", sc->verdict ? sc->verdict : "?");
        fprintf(out, ">");
        report__put_escaped(out, sc->path, REPORT__ESC_XML_TEXT);
        fprintf(out, "</error>\n");
    }
    fprintf(out, "    </testcase>\n");
}

int report__render_junit(const report__data *d, FILE *out, char *err, size_t cap) {
    (void)err;
    (void)cap;
    fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"rtshm\"");
    counts(out, &d->totals);
    fprintf(out, ">\n  <testsuite");
    attr(out, "name", d->run.implementation);
    counts(out, &d->totals);
    fprintf(out, ">\n    <properties>\n");
    char number[32];
    snprintf(number, sizeof number, "%lld", (long long)d->run.id);
    property(out, "run_id", number);
    property(out, "tool_version", d->run.tool_version);
    snprintf(number, sizeof number, "%llu", (unsigned long long)d->run.seed);
    property(out, "seed", number);
    property(out, "started_at", d->run.started_at);
    property(out, "state", d->run.state);
    if (d->has_baseline) {
        snprintf(number, sizeof number, "%lld", (long long)d->baseline.run.id);
        property(out, "baseline_run_id", number);
        property(out, "baseline_implementation", d->baseline.run.implementation);
    }
    fprintf(out, "    </properties>\n");
    for (size_t i = 0; i < d->scenario_count; i++) testcase(out, d, i);
    fprintf(out, "  </testsuite>\n</testsuites>\n");
    return REPORT_OK;
}
