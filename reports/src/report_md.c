/* reports/src/report_md.c — the Markdown summary, sized for a pull-request comment.
 *
 * Layout: a heading with the implementation and run; one line of run header; the totals table (this run,
 * and the baseline's row when there is one); with a baseline, a line of new/fixed/still counts; the
 * failures and divergences (new ones first), at most MD_MAX_FAILURES lines; the fixed scenarios; the
 * scenarios that ended without a verdict (ERROR, CRASH, TIMEOUT); and the clause-coverage line.
 * Every text from the trace goes through REPORT__ESC_MD. */
#include "report_int.h"

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

int report__render_md(const report__data *d, FILE *out, char *err, size_t cap) {
    (void)err;
    (void)cap;
    fprintf(out, "### rtshm report: ");
    put_md(out, d->run.implementation);
    fprintf(out, ", run %lld\n\n", (long long)d->run.id);
    put_md(out, d->run.tool_version);
    fprintf(out, " · seed %llu · started ", (unsigned long long)d->run.seed);
    put_md(out, d->run.started_at);
    fprintf(out, " · ");
    put_md(out, d->run.state);
    fprintf(out, "\n\n");

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
        fprintf(out, ".\n");
    }

    if (d->failure_count) {
        fprintf(out, "\n#### Failures and divergences (%zu)\n\n", d->failure_count);
        for (size_t i = 0; i < d->failure_count && i < MD_MAX_FAILURES; i++) {
            const report__failure *f = &d->failures[i];
            const report__scenario *sc = &d->scenarios[f->scenario];
            report__buf text = {0};
            report__failure_text(&text, d, f);
            fprintf(out, "- %s**%s** ", sc->change == REPORT__CHANGE_NEW ? "**new** " : "",
                    f->has_step ? (f->verdict ? f->verdict : "?") : (sc->verdict ? sc->verdict : "?"));
            put_md(out, sc->id);
            fprintf(out, ": ");
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

    const report__coverage *c = &d->coverage;
    fprintf(out,
            "\n**Clause coverage:** %d/%d clauses (%.1f%%), %d strict uncovered; %d/%d documented statuses produced "
            "(%.1f%%).\n",
            c->clauses_covered, c->clauses, c->clauses ? 100.0 * c->clauses_covered / c->clauses : 100.0,
            c->strict_uncovered, c->statuses_produced, c->statuses,
            c->statuses ? 100.0 * c->statuses_produced / c->statuses : 100.0);
    return REPORT_OK;
}
