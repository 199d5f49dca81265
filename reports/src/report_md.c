/* reports/src/report_md.c — the Markdown summary, sized for a pull-request comment.
 *
 * Layout, most important first: a heading with the implementation and run; one line of run header; how
 * many scenarios failed (and, against an expectation file, how many as expected, unexpected, unexpected
 * passes); the totals table (this run, and the baseline's row when there is one); with a baseline, a line of
 * new/fixed/still counts and the coverage change; the unexpected passes; the new failures; the fixed
 * scenarios; the failures and divergences (new ones first, expected ones marked), at most MD_MAX_FAILURES
 * lines; the scenarios that ended without a verdict; the exploration when the trace holds one (`rtshm
 * explore --db`: its line, shrunk files and divergences, MD_MAX_LISTED of each); and the clause-coverage
 * line (a trace of explorations alone: a heading and the exploration). Every list is bounded,
 * and the whole document is cut at MD_MAX_BYTES on a line boundary with a note saying so: GitHub refuses a
 * comment over 65,536 characters, and bytes are never fewer than characters. Every text from the trace
 * goes through REPORT__ESC_MD. */
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

#define MD_MAX_BYTES 60000 /* under GitHub's 65,536-character comment limit, with room for a CI's own heading */

#define MD_MAX_FAILURES 50 /* a PR comment stays readable (and under the host's size limits) */
#define MD_MAX_LISTED 50   /* the same bound for the fixed and the no-verdict lists */

static void put_md(FILE *out, const char *s) {
    report__put_escaped(out, s, REPORT__ESC_MD);
}

static void totals_row(FILE *out, const char *label, const report__totals *t) {
    fprintf(out, "| %s | %lld |", label, (long long)t->scenarios);
    for (int v = 0; v < REPORT__VERDICT_COUNT; v++) fprintf(out, " %lld |", (long long)t->verdicts[v]);
    fprintf(out, " %lld | %lld |\n", (long long)t->steps, (long long)t->findings);
}

/* A signed difference for a coverage change: "+3", "-1", "±0". */
static void signed_text(char *buf, size_t cap, int delta) {
    if (delta == 0) snprintf(buf, cap, "±0");
    else snprintf(buf, cap, "%+d", delta);
}

/* The first failing step's text of scenario index i (or its message), into b. */
static void first_failure_text(report__buf *b, const report__data *d, size_t i) {
    for (size_t k = 0; k < d->failure_count; k++)
        if (d->failures[k].scenario == i) {
            report__failure_text(b, d, &d->failures[k]);
            return;
        }
    report__buf_puts(b, d->scenarios[i].message ? d->scenarios[i].message : d->scenarios[i].verdict);
}

/* The sections a PR reviewer reads first: unexpected passes, new failures. */
static void pr_sections(FILE *out, const report__data *d) {
    if (d->has_expect && d->outcomes[REPORT__OUTCOME_UNEXPECTED_PASS]) {
        fprintf(out, "\n#### Unexpected passes (%lld)\n\nExpected to deviate, and passed: remove their entries from the "
                     "expectation file.\n\n",
                (long long)d->outcomes[REPORT__OUTCOME_UNEXPECTED_PASS]);
        int listed = 0;
        for (size_t i = 0; i < d->scenario_count && listed < MD_MAX_LISTED; i++) {
            const report__scenario *sc = &d->scenarios[i];
            if (sc->outcome != REPORT__OUTCOME_UNEXPECTED_PASS) continue;
            fprintf(out, "- ");
            put_md(out, sc->id);
            fprintf(out, ": expected **");
            put_md(out, sc->expected ? sc->expected : "step deviations");
            fprintf(out, "**, got **");
            put_md(out, sc->verdict);
            fprintf(out, "**");
            if (sc->expect_reason) {
                fprintf(out, " (");
                put_md(out, sc->expect_reason);
                fprintf(out, ")");
            }
            fprintf(out, "\n");
            listed++;
        }
    }
    if (d->has_baseline && d->baseline.new_failures) {
        fprintf(out, "\n#### New failures (%d)\n\n", d->baseline.new_failures);
        int listed = 0;
        for (size_t i = 0; i < d->scenario_count && listed < MD_MAX_LISTED; i++) {
            const report__scenario *sc = &d->scenarios[i];
            if (sc->change != REPORT__CHANGE_NEW) continue;
            report__buf text = {0};
            first_failure_text(&text, d, i);
            fprintf(out, "- **");
            put_md(out, sc->verdict);
            fprintf(out, "** ");
            put_md(out, sc->id);
            fprintf(out, "%s: ", sc->outcome == REPORT__OUTCOME_EXPECTED ? " (expected)" : "");
            put_md(out, report__buf_str(&text));
            fprintf(out, "\n");
            report__buf_free(&text);
            listed++;
        }
        if (d->baseline.new_failures > listed)
            fprintf(out, "- … and %d more\n", d->baseline.new_failures - listed);
    }
}

/* An exploration's lines: "seed 1 · complete, exit 1 · 200 scenarios, ... · VERSION", its command and, when
 * the trace holds others, how to see them. */
static void md_explore_header(FILE *out, const report__explore *e) {
    fprintf(out, "seed ");
    put_md(out, e->seed);
    fprintf(out, " · ");
    put_md(out, e->state);
    if (e->has_exit_code) fprintf(out, ", exit %lld", (long long)e->exit_code);
    fprintf(out, " · %lld scenarios, %lld steps, **%lld diverged**, %lld shrunk · tool version ", (long long)e->scenarios,
            (long long)e->steps, (long long)e->diverged, (long long)e->shrunk_rows);
    put_md(out, e->tool_version);
    report__buf argv = {0};
    report__argv_text(&argv, e->args);
    fprintf(out, "\n\nCommand: ");
    put_md(out, report__buf_str(&argv));
    report__buf_free(&argv);
    fprintf(out, "\n");
    if (e->in_trace > 1)
        fprintf(out, "\n%lld explorations in this trace; `rtshm report --explore ID` shows another.\n",
                (long long)e->in_trace);
}

/* The exploration: its header, the shrunk files, then the divergences (at most MD_MAX_LISTED of each). */
static void md_explore(FILE *out, const report__data *d) {
    const report__explore *e = &d->explore;
    char fields[64];
    fprintf(out, "\n#### Exploration %lld: ", (long long)e->id);
    put_md(out, e->implementation);
    fprintf(out, "\n\n");
    md_explore_header(out, e);
    if (e->shrunk_rows) {
        fprintf(out, "\n**Shrunk scenarios (%lld)**\n\n| scenario | file | steps | verdict | function | clause | fields |\n"
                     "| ---: | --- | --- | --- | --- | --- | --- |\n",
                (long long)e->shrunk_rows);
        for (size_t i = 0; i < e->shrunk_count && i < MD_MAX_LISTED; i++) {
            const report__explore_shrunk *s = &e->shrunk[i];
            fprintf(out, "| %lld | ", (long long)s->number);
            put_md(out, s->path);
            fprintf(out, " | %lld → %lld | ", (long long)s->steps_before, (long long)s->steps_after);
            put_md(out, s->verdict);
            fprintf(out, " | ");
            put_md(out, s->function);
            fprintf(out, " | ");
            put_md(out, s->clause);
            fprintf(out, " | ");
            put_md(out, report__explore_fields_text(s->fields, fields, sizeof fields));
            fprintf(out, " |\n");
        }
        if (e->shrunk_rows > MD_MAX_LISTED)
            fprintf(out, "\n… and %lld more (the HTML report lists them)\n", (long long)(e->shrunk_rows - MD_MAX_LISTED));
    }
    if (e->divergence_rows == 0) {
        fprintf(out, "\nNo divergence in %lld generated scenarios.\n", (long long)e->recorded);
        return;
    }
    fprintf(out, "\n**Divergences (%lld)**\n\n| scenario | seed | verdict | step | function | clause | fields |\n"
                 "| ---: | --- | --- | ---: | --- | --- | --- |\n",
            (long long)e->divergence_rows);
    for (size_t i = 0; i < e->divergence_count && i < MD_MAX_LISTED; i++) {
        const report__explore_divergence *v = &e->divergences[i];
        fprintf(out, "| %lld | ", (long long)v->number);
        put_md(out, v->seed);
        fprintf(out, " | ");
        put_md(out, v->verdict);
        fprintf(out, " | ");
        if (v->has_step) fprintf(out, "%lld", (long long)v->step);
        fprintf(out, " | ");
        put_md(out, v->function);
        fprintf(out, " | ");
        put_md(out, v->clause);
        fprintf(out, " | ");
        put_md(out, report__explore_fields_text(v->fields, fields, sizeof fields));
        fprintf(out, " |\n");
    }
    if (e->divergence_rows > MD_MAX_LISTED)
        fprintf(out, "\n… and %lld more (the HTML report lists up to %d)\n",
                (long long)(e->divergence_rows - MD_MAX_LISTED), REPORT__EXPLORE_MAX_DIVERGENCES);
}

static int render_md(const report__data *d, FILE *out) {
    if (!d->has_run) { /* a trace of explorations alone */
        fprintf(out, "### rtshm report: ");
        put_md(out, d->explore.implementation);
        fprintf(out, ", exploration %lld\n\nThis trace holds no run, only explorations (`rtshm explore --db`).\n",
                (long long)d->explore.id);
        md_explore(out, d);
        return REPORT_OK;
    }
    fprintf(out, "### rtshm report: ");
    put_md(out, d->run.implementation);
    fprintf(out, ", run %lld\n\n", (long long)d->run.id);
    put_md(out, d->run.tool_version);
    fprintf(out, " · seed %llu · started ", (unsigned long long)d->run.seed);
    put_md(out, d->run.started_at);
    fprintf(out, " · ");
    put_md(out, d->run.state);
    fprintf(out, "\n\n**%lld of %lld scenarios failed**", (long long)d->scenarios_failed, (long long)d->totals.scenarios);
    if (d->has_expect)
        fprintf(out, ": %lld as expected, %lld unexpected; %lld unexpected pass%s — %s",
                (long long)d->outcomes[REPORT__OUTCOME_EXPECTED], (long long)d->outcomes[REPORT__OUTCOME_UNEXPECTED],
                (long long)d->outcomes[REPORT__OUTCOME_UNEXPECTED_PASS],
                d->outcomes[REPORT__OUTCOME_UNEXPECTED_PASS] == 1 ? "" : "es",
                d->outcomes[REPORT__OUTCOME_UNEXPECTED] + d->outcomes[REPORT__OUTCOME_UNEXPECTED_PASS]
                    ? "**the run fails**"
                    : "the run passes");
    fprintf(out, "; %lld not run.\n\n", (long long)d->not_run);

    fprintf(out, "| run | scenarios |");
    for (int v = 0; v < REPORT__VERDICT_COUNT; v++) fprintf(out, " %s |", report__verdict_names[v]);
    fprintf(out, " steps | findings |\n| --- | ---: |");
    for (int v = 0; v < REPORT__VERDICT_COUNT; v++) fprintf(out, " ---: |");
    fprintf(out, " ---: | ---: |\n");
    char label[64];
    snprintf(label, sizeof label, "run %lld", (long long)d->run.id);
    totals_row(out, label, &d->totals);
    if (d->has_baseline) {
        snprintf(label, sizeof label, "baseline: run %lld%s", (long long)d->baseline.run.id,
                 d->baseline.same_db ? "" : " of the baseline database");
        totals_row(out, label, &d->baseline.totals);
        fprintf(out, "\nAgainst the baseline: **%d new** failure%s, **%d fixed**, %d still failing",
                d->baseline.new_failures, d->baseline.new_failures == 1 ? "" : "s", d->baseline.fixed,
                d->baseline.still_failing);
        if (d->baseline.gone_count) fprintf(out, ", %zu no longer run", d->baseline.gone_count);
        const report__coverage *c = &d->coverage;
        char dc[16], ds[16];
        signed_text(dc, sizeof dc, c->clauses_covered - d->baseline.clauses_covered);
        signed_text(ds, sizeof ds, c->statuses_produced - d->baseline.statuses_produced);
        fprintf(out, ".\nCoverage against the baseline: %d/%d clauses (%s), %d/%d documented statuses produced (%s).\n",
                c->clauses_covered, c->clauses, dc, c->statuses_produced, c->statuses, ds);
    }
    pr_sections(out, d);

    if (d->failure_count) {
        size_t scenarios = 0, steps = 0;
        for (size_t i = 0; i < d->scenario_count; i++) scenarios += report__is_failure(d->scenarios[i].verdict);
        for (size_t i = 0; i < d->failure_count; i++) steps += d->failures[i].has_step;
        fprintf(out, "\n#### Failures and divergences: %zu scenario%s (%zu failing step%s)\n\n", scenarios,
                scenarios == 1 ? "" : "s", steps, steps == 1 ? "" : "s");
        for (size_t i = 0; i < d->failure_count && i < MD_MAX_FAILURES; i++) {
            const report__failure *f = &d->failures[i];
            const report__scenario *sc = &d->scenarios[f->scenario];
            report__buf text = {0};
            report__failure_text(&text, d, f);
            fprintf(out, "- %s**%s** ", sc->change == REPORT__CHANGE_NEW ? "**new** " : "",
                    f->has_step ? (f->verdict ? f->verdict : "?") : (sc->verdict ? sc->verdict : "?"));
            put_md(out, sc->id);
            fprintf(out, "%s: ", sc->outcome == REPORT__OUTCOME_EXPECTED ? " (expected)" : "");
            put_md(out, report__buf_str(&text));
            fprintf(out, "\n");
            report__buf_free(&text);
        }
        if (d->failure_count > MD_MAX_FAILURES)
            fprintf(out, "- … and %zu more (the HTML report lists them all)\n", d->failure_count - MD_MAX_FAILURES);
    } else {
        fprintf(out, "\nNo failures or divergences.\n");
    }

    if (d->has_baseline && (d->baseline.fixed || d->baseline.gone_count)) {
        fprintf(out, "\n#### Fixed since the baseline (%d)\n\n", d->baseline.fixed);
        int listed = 0;
        for (size_t i = 0; i < d->scenario_count && listed < MD_MAX_LISTED; i++) {
            const report__scenario *sc = &d->scenarios[i];
            if (sc->change != REPORT__CHANGE_FIXED) continue;
            fprintf(out, "- ");
            put_md(out, sc->id);
            fprintf(out, ": ");
            put_md(out, sc->baseline_verdict);
            fprintf(out, " → PASS\n");
            listed++;
        }
        for (size_t i = 0; i < d->baseline.gone_count && i < MD_MAX_LISTED; i++) {
            fprintf(out, "- ");
            put_md(out, d->baseline.gone_ids[i]);
            fprintf(out, ": ");
            put_md(out, d->baseline.gone_verdicts[i]);
            fprintf(out, " in the baseline, not in this run\n");
        }
    }

    int64_t no_verdict = d->totals.verdicts[REPORT__ERROR] + d->totals.verdicts[REPORT__CRASH] +
                         d->totals.verdicts[REPORT__TIMEOUT] + d->totals.other;
    if (no_verdict) {
        fprintf(out, "\n#### Ended without a verdict (%lld)\n\n", (long long)no_verdict);
        int listed = 0;
        for (size_t i = 0; i < d->scenario_count && listed < MD_MAX_LISTED; i++) {
            const report__scenario *sc = &d->scenarios[i];
            int v = report__verdict_index(sc->verdict);
            if (v != REPORT__ERROR && v != REPORT__CRASH && v != REPORT__TIMEOUT && v != REPORT__VERDICT_COUNT)
                continue;
            fprintf(out, "- **");
            put_md(out, sc->verdict ? sc->verdict : "?");
            fprintf(out, "** ");
            put_md(out, sc->id);
            if (sc->message && sc->message[0]) {
                fprintf(out, ": ");
                put_md(out, sc->message);
            }
            fprintf(out, "\n");
            listed++;
        }
    }

    if (d->has_explore) md_explore(out, d);

    const report__coverage *c = &d->coverage;
    fprintf(out,
            "\n**Clause coverage:** %d/%d clauses (%.1f%%), %d strict uncovered; %d/%d documented statuses produced "
            "(%.1f%%).\n",
            c->clauses_covered, c->clauses, c->clauses ? 100.0 * c->clauses_covered / c->clauses : 100.0,
            c->strict_uncovered, c->statuses_produced, c->statuses,
            c->statuses ? 100.0 * c->statuses_produced / c->statuses : 100.0);
    return REPORT_OK;
}

/* Renders into memory, then writes it whole or, over MD_MAX_BYTES, cut after its last whole line that
 * leaves room for the note. */
int report__render_md(const report__data *d, FILE *out, char *err, size_t cap) {
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (mem == NULL) {
        snprintf(err, cap, "out of memory");
        return REPORT_EINTERNAL;
    }
    render_md(d, mem);
    if (fclose(mem) != 0 || text == NULL) {
        free(text);
        snprintf(err, cap, "out of memory");
        return REPORT_EINTERNAL;
    }
    static const char note[] = "\n**(cut here: a pull-request comment holds at most 65,536 characters; the HTML "
                               "report, `rtshm report DB`, has everything)**\n";
    if (len <= MD_MAX_BYTES) {
        fwrite(text, 1, len, out);
    } else {
        size_t keep = MD_MAX_BYTES - (sizeof note - 1);
        while (keep > 0 && text[keep - 1] != '\n') keep--;
        fwrite(text, 1, keep, out);
        fputs(note, out);
    }
    free(text);
    return REPORT_OK;
}
