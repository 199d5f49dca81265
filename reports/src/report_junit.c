/* reports/src/report_junit.c — JUnit XML for CI test dashboards, valid against both common schemas: the
 * Jenkins xunit plugin's JUnit model and the Ant JUnit format (reports/tests/junit/, checked with xmllint
 * by reports/tests/junit_schemas.sh).
 *
 *   <testsuites>                                                      (no attribute: Ant allows none)
 *     <testsuite name="IMPLEMENTATION" package="rtshm" id="0" timestamp="STARTED (no zone)"
 *                hostname="localhost" tests failures errors skipped time="SECONDS">   (the run)
 *       <properties> run_id, tool_version, seed, started_at, state, diverge, expectations, baseline </properties>
 *       <testcase classname="FAMILY" name="SCENARIO ID" time="SECONDS"/>   (one per scenario, by id)
 *       <system-out>the run's one-line summary</system-out>
 *       <system-err/>
 *
 * A test case holds at most one child (Ant's rule):
 *   PASS                          nothing
 *   SKIP                          <skipped message="the scenario's message"/>
 *   FAIL                          <failure type="FAIL" message="first failing step">the failing steps</failure>
 *   DIVERGE                       as FAIL, or <skipped>, or nothing (report_options.diverge: failure by
 *                                 default for a `run`, skipped for a `validate` — the rule of their exit codes)
 *   ERROR, CRASH, TIMEOUT, other  <error type="VERDICT" message="the scenario's message">its path</error>
 * and for a run judged against an expectation file (`run --expect`):
 *   an expected deviation         <skipped message="expected VERDICT: reason (link)"/> (pytest's xfail)
 *   an unexpected pass            <failure type="UNEXPECTED-PASS" message="expected VERDICT (reason); it passed"/>
 * When the trace holds an exploration (`rtshm explore --db`; report_options.explore_run), a second
 * <testsuite name="explore" id="1"> follows (the only one for a trace of explorations alone): properties
 * explore_run_id, implementation, tool_version, seed, state, exit_code, command; one test case per
 * divergence listed, classname "exploration.ID", name "scenario N", its <failure> (FAIL, INVARIANT), <error>
 * (CRASH, TIMEOUT, ERROR) or DIVERGE as above, with the seed, step, function, clause, fields, message and
 * the shrunk file; time 0 and the epoch as timestamp (nothing of an exploration is timed).
 * failures, errors and skipped count those elements. Times are the scenarios' wall-clock durations (schema
 * version 3; 0 for a trace that has none), so two runs differ there, but one trace always renders the same
 * bytes. The family is the scenario id up to its first dot. Text goes through the XML 1.0 escapers. */
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

/* What a test case holds. */
typedef enum junit_kind { JUNIT_PASSED, JUNIT_SKIPPED, JUNIT_FAILURE, JUNIT_ERROR } junit_kind;

static junit_kind kind_of(const report__data *d, const report__scenario *sc) {
    if (sc->outcome == REPORT__OUTCOME_EXPECTED) return JUNIT_SKIPPED;
    if (sc->outcome == REPORT__OUTCOME_UNEXPECTED_PASS) return JUNIT_FAILURE;
    switch (report__verdict_index(sc->verdict)) {
    case REPORT__PASS: return JUNIT_PASSED;
    case REPORT__SKIP: return JUNIT_SKIPPED;
    case REPORT__FAIL: return JUNIT_FAILURE;
    case REPORT__DIVERGE:
        return d->diverge == REPORT_DIVERGE_PASS ? JUNIT_PASSED
               : d->diverge == REPORT_DIVERGE_SKIPPED ? JUNIT_SKIPPED
                                                      : JUNIT_FAILURE;
    default: return JUNIT_ERROR;
    }
}

/* Seconds with microsecond precision ("0.012345"). */
static void seconds(char *buf, size_t cap, int64_t us) {
    snprintf(buf, cap, "%lld.%06lld", (long long)(us / 1000000), (long long)(us % 1000000));
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

/* "expected VERDICT: reason (link)" of a scenario's entry; for an outcome decided by step entries alone, a
 * sentence saying so. */
static void expectation_text(report__buf *b, const report__scenario *sc) {
    if (sc->expected == NULL) {
        report__buf_printf(b, "%s; its failing steps are the ones the expectation file names", sc->verdict);
        return;
    }
    report__buf_printf(b, "expected %s: %s", sc->expected, sc->expect_reason ? sc->expect_reason : "");
    if (sc->expect_link) report__buf_printf(b, " (%s)", sc->expect_link);
}

/* The <failure> of a FAIL (or DIVERGE) scenario: its failing steps in seq order, the first one's text as
 * the message, the baseline's word and the path after them. */
static void failure_element(FILE *out, const report__data *d, size_t i) {
    const report__scenario *sc = &d->scenarios[i];
    report__buf message = {0}, body = {0};
    if (sc->outcome == REPORT__OUTCOME_UNEXPECTED_PASS) {
        if (sc->expected)
            report__buf_printf(&message, "expected %s (%s); it ended %s", sc->expected,
                               sc->expect_reason ? sc->expect_reason : "", sc->verdict ? sc->verdict : "?");
        else
            report__buf_printf(&message, "a step the expectation file expects to deviate passed");
    }
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
    attr(out, "type", sc->outcome == REPORT__OUTCOME_UNEXPECTED_PASS ? "UNEXPECTED-PASS" : sc->verdict);
    attr(out, "message", report__buf_str(&message));
    fprintf(out, ">");
    report__put_escaped(out, report__buf_str(&body), REPORT__ESC_XML_TEXT);
    fprintf(out, "</failure>\n");
    report__buf_free(&message);
    report__buf_free(&body);
}

static void testcase(FILE *out, const report__data *d, size_t i) {
    const report__scenario *sc = &d->scenarios[i];
    char family[256], time[32];
    report__family(sc->id, family, sizeof family);
    seconds(time, sizeof time, sc->has_duration ? sc->duration_us : 0);
    fprintf(out, "    <testcase");
    attr(out, "classname", family);
    attr(out, "name", sc->id);
    fprintf(out, " time=\"%s\"", time);
    junit_kind k = kind_of(d, sc);
    if (k == JUNIT_PASSED) {
        fprintf(out, "/>\n");
        return;
    }
    fprintf(out, ">\n");
    if (k == JUNIT_SKIPPED) {
        report__buf message = {0};
        if (sc->outcome == REPORT__OUTCOME_EXPECTED) expectation_text(&message, sc);
        else if (report__verdict_index(sc->verdict) == REPORT__DIVERGE)
            report__buf_printf(&message, "DIVERGE (not counted as a failure): %s",
                               sc->message ? sc->message : "a difference the specification leaves open");
        else report__buf_puts(&message, sc->message);
        fprintf(out, "      <skipped");
        if (message.len) attr(out, "message", report__buf_str(&message));
        fprintf(out, "/>\n");
        report__buf_free(&message);
    } else if (k == JUNIT_FAILURE) {
        failure_element(out, d, i);
    } else {
        fprintf(out, "      <error");
        attr(out, "type", sc->verdict ? sc->verdict : "?");
        attr(out, "message", sc->message && sc->message[0] ? sc->message : sc->verdict);
        fprintf(out, ">");
        report__put_escaped(out, sc->path, REPORT__ESC_XML_TEXT);
        fprintf(out, "</error>\n");
    }
    fprintf(out, "    </testcase>\n");
}

/* started_at ("2026-12-02T08:55:09Z") as Ant's timestamp: ISO 8601 without a zone. */
static void timestamp(char *buf, size_t cap, const char *started_at) {
    static const char shape[] = "dddd-dd-ddTdd:dd:dd";
    bool ok = started_at && strlen(started_at) >= sizeof shape - 1;
    for (size_t i = 0; ok && i < sizeof shape - 1; i++)
        ok = shape[i] == 'd' ? started_at[i] >= '0' && started_at[i] <= '9' : started_at[i] == shape[i];
    snprintf(buf, cap, "%.19s", ok ? started_at : "1970-01-01T00:00:00");
}

/* What an exploration's divergence is as a test case: CRASH, TIMEOUT and ERROR an <error>; DIVERGE as the
 * run's DIVERGE (report_options.diverge); FAIL, INVARIANT and anything else a <failure>. */
static junit_kind explore_kind(const report__data *d, const char *verdict) {
    switch (report__verdict_index(verdict)) {
    case REPORT__ERROR:
    case REPORT__CRASH:
    case REPORT__TIMEOUT: return JUNIT_ERROR;
    case REPORT__DIVERGE:
        return d->diverge == REPORT_DIVERGE_PASS ? JUNIT_PASSED
               : d->diverge == REPORT_DIVERGE_SKIPPED ? JUNIT_SKIPPED
                                                      : JUNIT_FAILURE;
    default: return JUNIT_FAILURE;
    }
}

/* The test case of one divergence (or, for a shrunk file whose divergence is not listed, of the shrunk
 * file alone: v NULL). The message is the runner's, or the verdict, step, function and clause; the body
 * says everything recorded, and the shrunk file when the divergence was shrunk. */
static void explore_testcase(FILE *out, const report__data *d, const report__explore_divergence *v,
                             const report__explore_shrunk *s) {
    const char *verdict = v ? v->verdict : s->verdict;
    char name[96], classname[48], fields[64];
    snprintf(name, sizeof name, "scenario %lld", (long long)(v ? v->number : s->number));
    snprintf(classname, sizeof classname, "exploration.%lld", (long long)d->explore.id);
    fprintf(out, "    <testcase");
    attr(out, "classname", classname);
    attr(out, "name", name);
    fprintf(out, " time=\"0.000000\"");
    junit_kind k = explore_kind(d, verdict);
    if (k == JUNIT_PASSED) {
        fprintf(out, "/>\n");
        return;
    }
    report__buf message = {0}, body = {0};
    int64_t bits = v ? v->fields : s->fields;
    const char *function = v ? v->function : s->function, *clause = v ? v->clause : s->clause;
    report__buf_printf(&body, "verdict:  %s\n", verdict ? verdict : "?");
    if (v) {
        report__buf_printf(&body, "seed:     %s (the scenario's own: it regenerates it)\n", v->seed ? v->seed : "?");
        if (v->has_step) report__buf_printf(&body, "step:     %lld\n", (long long)v->step);
    }
    report__buf_printf(&body, "function: %s\nclause:   %s\nfields:   %s\n", function ? function : "-",
                       clause ? clause : "-", report__explore_fields_text(bits, fields, sizeof fields));
    if (v && v->message) report__buf_printf(&body, "message:  %s\n", v->message);
    if (s)
        report__buf_printf(&body, "shrunk:   %s (%lld → %lld steps, %lld candidates)\n", s->path ? s->path : "?",
                           (long long)s->steps_before, (long long)s->steps_after, (long long)s->candidates);
    if (v && v->message && v->message[0]) report__buf_puts(&message, v->message);
    else
        report__buf_printf(&message, "%s in %s (%s): %s", verdict ? verdict : "?", function ? function : "-",
                           clause ? clause : "-", fields);
    fprintf(out, ">\n");
    if (k == JUNIT_SKIPPED) {
        report__buf skipped = {0};
        report__buf_printf(&skipped, "DIVERGE (not counted as a failure): %s", report__buf_str(&message));
        fprintf(out, "      <skipped");
        attr(out, "message", report__buf_str(&skipped));
        fprintf(out, "/>\n");
        report__buf_free(&skipped);
    } else {
        fprintf(out, "      <%s", k == JUNIT_ERROR ? "error" : "failure");
        attr(out, "type", verdict ? verdict : "?");
        attr(out, "message", report__buf_str(&message));
        fprintf(out, ">");
        report__put_escaped(out, report__buf_str(&body), REPORT__ESC_XML_TEXT);
        fprintf(out, "</%s>\n", k == JUNIT_ERROR ? "error" : "failure");
    }
    fprintf(out, "    </testcase>\n");
    report__buf_free(&message);
    report__buf_free(&body);
}

/* The exploration as one <testsuite name="explore">: a test case per listed divergence (and per shrunk file
 * whose divergence is not listed); nothing is timed, so times are 0 and the timestamp the epoch. */
static void explore_suite(FILE *out, const report__data *d, int suite_id) {
    const report__explore *e = &d->explore;
    int64_t counts[4] = {0}, tests = 0;
    for (size_t i = 0; i < e->divergence_count; i++, tests++) counts[explore_kind(d, e->divergences[i].verdict)]++;
    for (size_t i = 0; i < e->shrunk_count; i++) {
        bool listed = false;
        for (size_t k = 0; k < e->divergence_count && !listed; k++) listed = e->divergences[k].number == e->shrunk[i].number;
        if (!listed) {
            counts[explore_kind(d, e->shrunk[i].verdict)]++;
            tests++;
        }
    }
    fprintf(out, "  <testsuite name=\"explore\" package=\"rtshm\" id=\"%d\" timestamp=\"1970-01-01T00:00:00\" "
                 "hostname=\"localhost\" tests=\"%lld\" failures=\"%lld\" errors=\"%lld\" skipped=\"%lld\" "
                 "time=\"0.000000\">\n    <properties>\n",
            suite_id, (long long)tests, (long long)counts[JUNIT_FAILURE], (long long)counts[JUNIT_ERROR],
            (long long)counts[JUNIT_SKIPPED]);
    char number[32];
    snprintf(number, sizeof number, "%lld", (long long)e->id);
    property(out, "explore_run_id", number);
    property(out, "implementation", e->implementation);
    property(out, "tool_version", e->tool_version);
    property(out, "seed", e->seed);
    property(out, "state", e->state);
    snprintf(number, sizeof number, "%lld", (long long)e->exit_code);
    property(out, "exit_code", e->has_exit_code ? number : "");
    report__buf argv = {0};
    report__argv_text(&argv, e->args);
    property(out, "command", report__buf_str(&argv));
    report__buf_free(&argv);
    fprintf(out, "    </properties>\n");
    for (size_t i = 0; i < e->divergence_count; i++)
        explore_testcase(out, d, &e->divergences[i], report__explore_shrunk_of(e, e->divergences[i].number));
    for (size_t i = 0; i < e->shrunk_count; i++) {
        bool listed = false;
        for (size_t k = 0; k < e->divergence_count && !listed; k++) listed = e->divergences[k].number == e->shrunk[i].number;
        if (!listed) explore_testcase(out, d, NULL, &e->shrunk[i]);
    }
    fprintf(out, "    <system-out>exploration %lld: %lld scenarios (%lld steps), %lld diverged, %lld shrunk; %zu of %lld "
                 "divergences listed</system-out>\n    <system-err/>\n  </testsuite>\n",
            (long long)e->id, (long long)e->scenarios, (long long)e->steps, (long long)e->diverged,
            (long long)e->shrunk_rows, e->divergence_count, (long long)e->divergence_rows);
}

int report__render_junit(const report__data *d, FILE *out, char *err, size_t cap) {
    (void)err;
    (void)cap;
    if (!d->has_run) { /* a trace of explorations alone */
        fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
        explore_suite(out, d, 0);
        fprintf(out, "</testsuites>\n");
        return REPORT_OK;
    }
    int64_t counts[4] = {0}, total_us = 0;
    for (size_t i = 0; i < d->scenario_count; i++) {
        counts[kind_of(d, &d->scenarios[i])]++;
        total_us += d->scenarios[i].has_duration ? d->scenarios[i].duration_us : 0;
    }
    char when[32], time[32], number[32];
    timestamp(when, sizeof when, d->run.started_at);
    seconds(time, sizeof time, total_us);
    fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite");
    attr(out, "name", d->run.implementation && d->run.implementation[0] ? d->run.implementation : "?");
    fprintf(out, " package=\"rtshm\" id=\"0\" timestamp=\"%s\" hostname=\"localhost\" tests=\"%zu\" failures=\"%lld\" "
                 "errors=\"%lld\" skipped=\"%lld\" time=\"%s\">\n    <properties>\n",
            when, d->scenario_count, (long long)counts[JUNIT_FAILURE], (long long)counts[JUNIT_ERROR],
            (long long)counts[JUNIT_SKIPPED], time);
    snprintf(number, sizeof number, "%lld", (long long)d->run.id);
    property(out, "run_id", number);
    property(out, "tool_version", d->run.tool_version);
    snprintf(number, sizeof number, "%llu", (unsigned long long)d->run.seed);
    property(out, "seed", number);
    property(out, "started_at", d->run.started_at);
    property(out, "state", d->run.state);
    static const char *const diverge_names[] = {"default", "failure", "skipped", "pass"};
    property(out, "diverge", diverge_names[d->diverge]);
    snprintf(number, sizeof number, "%lld", (long long)d->not_run);
    property(out, "not_run", number);
    if (d->has_expect) property(out, "expectations", d->expect_file);
    if (d->has_baseline) {
        snprintf(number, sizeof number, "%lld", (long long)d->baseline.run.id);
        property(out, "baseline_run_id", number);
        property(out, "baseline_implementation", d->baseline.run.implementation);
    }
    fprintf(out, "    </properties>\n");
    for (size_t i = 0; i < d->scenario_count; i++) testcase(out, d, i);
    fprintf(out, "    <system-out>%zu scenarios: %lld passed, %lld failures, %lld errors, %lld skipped; %lld not run"
                 "</system-out>\n    <system-err/>\n  </testsuite>\n",
            d->scenario_count, (long long)counts[JUNIT_PASSED], (long long)counts[JUNIT_FAILURE],
            (long long)counts[JUNIT_ERROR], (long long)counts[JUNIT_SKIPPED], (long long)d->not_run);
    if (d->has_explore) explore_suite(out, d, 1);
    fprintf(out, "</testsuites>\n");
    return REPORT_OK;
}
