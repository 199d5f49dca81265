/* reports/src/report_html_coverage.c — the HTML report's clause-coverage matrix.
 *
 * One table per API family (the clause's api): clause, level, how many scenarios cite it, one cell per
 * citing scenario coloured by its verdict (a link to it), the steps the clause decided, and the
 * requirement's text; uncovered clauses greyed, uncovered strict ones in red. The figures are the
 * report data's (report_data_coverage.c), counted as `rtshm spec --coverage` counts them. */
#include <string.h>

#include "report_html_int.h"
#include "report_int.h"

/* part of whole in percent; 100 when whole is 0 (nothing to cover). */
static double percent(int part, int whole) {
    return whole ? 100.0 * part / whole : 100.0;
}

void report__html_coverage(FILE *out, const report__data *d) {
    const report__coverage *c = &d->coverage;
    fprintf(out,
            "<section id=\"coverage\">\n<h2>Clause coverage</h2>\n<p>%d/%d clauses covered (%.1f%%), %d strict "
            "uncovered; %d/%d documented statuses produced (%.1f%%). A clause is covered when a scenario cites it or "
            "it decided a step. Each cell is one scenario citing the clause, coloured by that scenario's verdict.</p>\n",
            c->clauses_covered, c->clauses, percent(c->clauses_covered, c->clauses), c->strict_uncovered,
            c->statuses_produced, c->statuses, percent(c->statuses_produced, c->statuses));
    for (int a = 0; a < c->api_count; a++) {
        const report__api_coverage *api = &c->apis[a];
        if (api->clauses == 0) continue;
        fprintf(out, "<h3>");
        report__html_text(out, api->api);
        fprintf(out, " <small>%d/%d clauses covered, %d strict uncovered", api->clauses_covered, api->clauses,
                api->strict_uncovered);
        if (api->statuses) fprintf(out, "; %d/%d documented statuses produced", api->statuses_produced, api->statuses);
        fprintf(out, "</small></h3>\n<table class=\"cov\">\n<tr><th>clause</th><th>level</th><th class=\"n\">scenarios"
                     "</th><th>verdicts</th><th>steps decided</th><th>requirement</th></tr>\n");
        for (int i = 0; i < c->row_count; i++) {
            const report__clause_row *r = &c->rows[i];
            if (strcmp(r->clause->api, api->api) != 0) continue;
            bool strict = r->clause->level == SPEC_LEVEL_STRICT;
            fprintf(out, "<tr%s><td class=\"mono\">", r->covered ? "" : strict ? " class=\"unc strict\"" : " class=\"unc\"");
            report__html_text(out, r->clause->id);
            fprintf(out, "</td><td>%s</td><td class=\"n\">%d</td><td>", spec_level_name(r->clause->level), r->cited_count);
            if (r->cited_count) {
                fprintf(out, "<div class=\"cells\">");
                for (int k = 0; k < r->cited_count; k++) {
                    const report__scenario *sc = report__data_scenario(d, r->cited[k].scenario);
                    if (sc) fprintf(out, "<a class=\"cell %s\" href=\"#s-%zu\" title=\"", report__html_verdict_class(r->cited[k].verdict),
                                    (size_t)(sc - d->scenarios));
                    else fprintf(out, "<span class=\"cell %s\" title=\"", report__html_verdict_class(r->cited[k].verdict));
                    report__html_text(out, r->cited[k].scenario);
                    fprintf(out, ": ");
                    report__html_text(out, r->cited[k].verdict ? r->cited[k].verdict : "?");
                    fprintf(out, "\"></%s>", sc ? "a" : "span");
                }
                fprintf(out, "</div>");
            } else {
                fprintf(out, "<span class=\"muted\">—</span>");
            }
            fprintf(out, "</td><td>");
            if (r->decided_total == 0) fprintf(out, "<span class=\"muted\">—</span>");
            else {
                const char *sep = "";
                const int counts[] = {r->decided_pass, r->decided_fail, r->decided_diverge, r->decided_other};
                static const char *const names[] = {"PASS", "FAIL", "DIVERGE", "other"};
                for (int k = 0; k < 4; k++) {
                    if (counts[k] == 0) continue;
                    fprintf(out, "%s%d %s", sep, counts[k], names[k]);
                    sep = ", ";
                }
            }
            fprintf(out, "</td><td class=\"text\">");
            report__html_text(out, r->clause->text);
            fprintf(out, "</td></tr>\n");
        }
        fprintf(out, "</table>\n");
    }
    fprintf(out, "</section>\n");
}
