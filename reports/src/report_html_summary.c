/* reports/src/report_html_summary.c — the top of the HTML report: what happened in the run.
 *
 * The run header (implementation, tool version, seed, start, state, command, the baseline run) with the
 * page's navigation; the totals by verdict (all seven, zeros included, the baseline's figure under
 * each); with a baseline, what changed since it (new failures, fixed, failing there and not run now);
 * the failures and divergences, one row per failing step (new ones first); and the scenarios that ended
 * without a verdict (ERROR, CRASH, TIMEOUT or unknown) with their messages. */
#include <stdio.h>

#include "report_html_int.h"
#include "report_int.h"

/* ---- header and totals ---- */

/* "run N (implementation, tool version, seed S, started T, state)": a run in one line. */
static void run_line(FILE *out, const report__run *r) {
    fprintf(out, "run %lld (", (long long)r->id);
    report__html_text(out, r->implementation);
    fprintf(out, ", ");
    report__html_text(out, r->tool_version);
    fprintf(out, ", seed %llu, started ", (unsigned long long)r->seed);
    report__html_text(out, r->started_at);
    fprintf(out, ", ");
    report__html_text(out, r->state);
    fprintf(out, ")");
}

void report__html_header(FILE *out, const report__data *d) {
    fprintf(out, "<header>\n<h1>rtshm report: ");
    report__html_text(out, d->run.implementation);
    fprintf(out, ", run %lld</h1>\n<table class=\"kv\">\n", (long long)d->run.id);
    fprintf(out, "<tr><th>implementation</th><td>");
    report__html_text(out, d->run.implementation);
    fprintf(out, "</td></tr>\n<tr><th>tool version</th><td>");
    report__html_text(out, d->run.tool_version);
    fprintf(out, "</td></tr>\n<tr><th>seed</th><td>%llu</td></tr>\n", (unsigned long long)d->run.seed);
    fprintf(out, "<tr><th>started at</th><td>");
    report__html_text(out, d->run.started_at);
    fprintf(out, "</td></tr>\n<tr><th>state</th><td>");
    report__html_text(out, d->run.state);
    fprintf(out, "</td></tr>\n<tr><th>command</th><td class=\"mono\">");
    report__buf argv = {0};
    report__argv_text(&argv, d->run.argv);
    report__html_text(out, report__buf_str(&argv));
    report__buf_free(&argv);
    fprintf(out, "</td></tr>\n");
    if (d->has_baseline) {
        fprintf(out, "<tr><th>baseline</th><td>");
        run_line(out, &d->baseline.run);
        fprintf(out, "%s</td></tr>\n", d->baseline.same_db ? ", same database" : ", another database");
    }
    if (d->has_expect) {
        fprintf(out, "<tr><th>expectations</th><td class=\"mono\">");
        report__html_text(out, d->expect_file);
        fprintf(out, "</td></tr>\n");
    }
    fprintf(out, "</table>\n<nav><a href=\"#totals\">Totals</a><a href=\"#index\">Index</a>%s%s<a href=\"#failures\">"
                 "Failures</a>%s<a href=\"#coverage\">Coverage</a><a href=\"#status-codes\">Status codes</a>"
                 "<a href=\"#scenarios\">Scenarios</a></nav>\n</header>\n",
            d->has_expect ? "<a href=\"#expectations\">Expectations</a>" : "",
            d->has_baseline ? "<a href=\"#changes\">Since the baseline</a>" : "",
            d->has_explore ? "<a href=\"#explore\">Exploration</a>" : "");
}

void report__html_totals(FILE *out, const report__data *d) {
    const report__totals *t = &d->totals;
    fprintf(out, "<section id=\"totals\">\n<h2>Totals</h2>\n<div class=\"totals\">\n");
    for (int v = 0; v < REPORT__VERDICT_COUNT; v++) {
        /* One line each: the page's text reads "PASS 48" whatever the styling. */
        fprintf(out, "<div class=\"tot %s%s\"><span class=\"k\">%s</span> <span class=\"n\">%lld</span>",
                report__html_verdict_class(report__verdict_names[v]), t->verdicts[v] ? "" : " zero", report__verdict_names[v],
                (long long)t->verdicts[v]);
        if (d->has_baseline) fprintf(out, "<span class=\"b\">baseline %lld</span>", (long long)d->baseline.totals.verdicts[v]);
        fprintf(out, "</div>\n");
    }
    /* selected when the run began and never recorded (an interrupted run): always shown, zero included */
    fprintf(out, "<div class=\"tot c-neutral%s\"><span class=\"k\">NOT RUN</span> <span class=\"n\">%lld</span></div>\n",
            d->not_run ? "" : " zero", (long long)d->not_run);
    fprintf(out, "</div>\n<p><b>%lld of %lld scenarios failed</b> (a verdict other than PASS and SKIP)",
            (long long)d->scenarios_failed, (long long)t->scenarios);
    if (d->has_expect)
        fprintf(out, ": %lld as expected, %lld unexpected; %lld unexpected pass%s",
                (long long)d->outcomes[REPORT__OUTCOME_EXPECTED], (long long)d->outcomes[REPORT__OUTCOME_UNEXPECTED],
                (long long)d->outcomes[REPORT__OUTCOME_UNEXPECTED_PASS],
                d->outcomes[REPORT__OUTCOME_UNEXPECTED_PASS] == 1 ? "" : "es");
    fprintf(out, ". %lld scenarios, %lld not run, %lld steps, %lld findings", (long long)t->scenarios,
            (long long)d->not_run, (long long)t->steps, (long long)t->findings);
    if (t->other) fprintf(out, "; %lld with a verdict this version does not know", (long long)t->other);
    if (d->has_baseline)
        fprintf(out, " (baseline: %lld scenarios, %lld steps, %lld findings)", (long long)d->baseline.totals.scenarios,
                (long long)d->baseline.totals.steps, (long long)d->baseline.totals.findings);
    fprintf(out, ".</p>\n</section>\n");
}

void report__html_changes(FILE *out, const report__data *d) {
    const report__baseline *b = &d->baseline;
    fprintf(out, "<section id=\"changes\">\n<h2>Since the baseline <small>");
    run_line(out, &b->run);
    fprintf(out, "</small></h2>\n<p><b>%d new</b> failure%s, <b>%d fixed</b>, %d still failing, %zu no longer run.</p>\n",
            b->new_failures, b->new_failures == 1 ? "" : "s", b->fixed, b->still_failing, b->gone_count);
    static const struct {
        report__change change;
        const char *title, *tag;
    } groups[] = {{REPORT__CHANGE_NEW, "New failures", "new"}, {REPORT__CHANGE_FIXED, "Fixed", "fixed"}};
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
        int n = groups[g].change == REPORT__CHANGE_NEW ? b->new_failures : b->fixed;
        if (n == 0) continue;
        fprintf(out, "<h3>%s (%d)</h3>\n<ul>\n", groups[g].title, n);
        for (size_t i = 0; i < d->scenario_count; i++) {
            const report__scenario *sc = &d->scenarios[i];
            if (sc->change != groups[g].change) continue;
            fprintf(out, "<li><span class=\"tag %s\">%s</span> ", groups[g].tag, groups[g].tag);
            report__html_scenario_badge(out, sc);
            fprintf(out, " ");
            report__html_scenario_link(out, d, sc);
            fprintf(out, " <span class=\"muted\">baseline: ");
            report__html_text(out, sc->baseline_verdict ? sc->baseline_verdict : "absent");
            fprintf(out, "</span></li>\n");
        }
        fprintf(out, "</ul>\n");
    }
    if (b->gone_count) {
        fprintf(out, "<h3>Failing in the baseline, not in this run (%zu)</h3>\n<ul>\n", b->gone_count);
        for (size_t i = 0; i < b->gone_count; i++) {
            fprintf(out, "<li>");
            report__html_badge(out, b->gone_verdicts[i]);
            fprintf(out, " <span class=\"mono\">");
            report__html_text(out, b->gone_ids[i]);
            fprintf(out, "</span></li>\n");
        }
        fprintf(out, "</ul>\n");
    }
    fprintf(out, "</section>\n");
}

/* ---- failures ---- */

void report__html_failures(FILE *out, const report__data *d) {
    size_t failing_scenarios = 0, failing_steps = 0;
    for (size_t i = 0; i < d->failure_count; i++) {
        failing_steps += d->failures[i].has_step;
        failing_scenarios += i == 0 || d->failures[i].scenario != d->failures[i - 1].scenario;
    }
    if (d->has_baseline) { /* new failures first: a scenario's rows may be apart, count each once */
        failing_scenarios = 0;
        for (size_t i = 0; i < d->scenario_count; i++) failing_scenarios += report__is_failure(d->scenarios[i].verdict);
    }
    fprintf(out, "<section id=\"failures\">\n<h2>Failures and divergences: %zu scenario%s <small>(%zu failing "
                 "step%s)</small></h2>\n",
            failing_scenarios, failing_scenarios == 1 ? "" : "s", failing_steps, failing_steps == 1 ? "" : "s");
    if (d->failure_count == 0) {
        fprintf(out, "<p class=\"ok\">No failures or divergences.</p>\n</section>\n");
        return;
    }
    fprintf(out, "<table class=\"fail\">\n<tr><th>verdict</th><th>scenario</th><th>step / seq</th><th>function</th>"
                 "<th>expected</th><th>actual</th><th>clause</th><th>detail</th></tr>\n");
    for (size_t i = 0; i < d->failure_count; i++) {
        const report__failure *f = &d->failures[i];
        const report__scenario *sc = &d->scenarios[f->scenario];
        fprintf(out, "<tr%s><td class=\"nw\">", sc->change == REPORT__CHANGE_NEW ? " class=\"new\"" : "");
        const char *verdict = f->has_step ? f->verdict : sc->verdict;
        fprintf(out, "<span class=\"badge %s\">", sc->outcome == REPORT__OUTCOME_EXPECTED ? "c-expected"
                                                   : report__html_verdict_class(verdict));
        report__html_text(out, verdict ? verdict : "?");
        fprintf(out, "</span>");
        if (sc->outcome == REPORT__OUTCOME_EXPECTED) fprintf(out, "<br><span class=\"tag expected\">expected</span>");
        else if (d->has_expect) fprintf(out, "<br><span class=\"tag unexpected\">unexpected</span>");
        if (d->has_baseline) { /* the change since the baseline, under the verdict */
            const char *tag = sc->change == REPORT__CHANGE_NEW ? "new" : "still";
            fprintf(out, "<br><span class=\"tag %s\">%s</span>", tag, tag);
        }
        fprintf(out, "</td><td>");
        report__html_scenario_link(out, d, sc);
        fprintf(out, "</td>");
        if (!f->has_step) {
            fprintf(out, "<td class=\"muted\">—</td><td class=\"muted\">—</td><td></td><td></td><td></td><td>");
            report__html_text(out, sc->message);
            fprintf(out, "</td></tr>\n");
            continue;
        }
        fprintf(out, "<td class=\"n nw\">%lld / %lld</td><td class=\"mono nw\">", (long long)f->step, (long long)f->seq);
        report__html_text(out, f->function);
        fprintf(out, "<br><small>");
        report__html_text(out, f->api);
        fprintf(out, "</small>");
        report__buf e = {0}, a = {0};
        report__expected_text(&e, f->expected);
        report__actual_text(&a, f->kind, f->ret, f->status, f->last_error);
        fprintf(out, "</td><td class=\"mono\">");
        report__html_text(out, report__buf_str(&e));
        fprintf(out, "</td><td class=\"mono\">");
        report__html_text(out, report__buf_str(&a));
        report__buf_free(&e);
        report__buf_free(&a);
        const spec_clause *c = f->clause ? spec_clause_find(f->clause) : NULL;
        fprintf(out, "</td><td class=\"mono nw\"");
        if (c) {
            fprintf(out, " title=\"");
            report__html_text(out, c->text);
            fprintf(out, "\"");
        }
        fprintf(out, ">");
        report__html_text(out, f->clause ? f->clause : "—");
        if (c) fprintf(out, "<br><small>%s</small>", spec_level_name(c->level));
        fprintf(out, "</td><td class=\"detail\">");
        report__html_text(out, f->detail);
        fprintf(out, "</td></tr>\n");
    }
    fprintf(out, "</table>\n</section>\n");
}

void report__html_no_verdict(FILE *out, const report__data *d) {
    const report__totals *t = &d->totals;
    int64_t n = t->verdicts[REPORT__ERROR] + t->verdicts[REPORT__CRASH] + t->verdicts[REPORT__TIMEOUT] + t->other;
    if (n == 0) return;
    fprintf(out, "<section id=\"no-verdict\">\n<h2>Ended without a verdict (%lld)</h2>\n<table class=\"fail\">\n"
                 "<tr><th>verdict</th><th>scenario</th><th>message</th></tr>\n",
            (long long)n);
    for (size_t i = 0; i < d->scenario_count; i++) {
        const report__scenario *sc = &d->scenarios[i];
        int v = report__verdict_index(sc->verdict);
        if (v != REPORT__ERROR && v != REPORT__CRASH && v != REPORT__TIMEOUT && v != REPORT__VERDICT_COUNT) continue;
        fprintf(out, "<tr><td>");
        report__html_scenario_badge(out, sc);
        fprintf(out, "</td><td>");
        report__html_scenario_link(out, d, sc);
        fprintf(out, "</td><td>");
        report__html_text(out, sc->message);
        fprintf(out, "</td></tr>\n");
    }
    fprintf(out, "</table>\n</section>\n");
}
