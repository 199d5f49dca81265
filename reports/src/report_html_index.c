/* reports/src/report_html_index.c — how people find their way in a big HTML report: the index by family
 * (one row per family with its count per verdict, linking to the family in the scenarios section) and by
 * verdict (every scenario that did not pass, linked, at most REPORT_HTML_INDEX_LINKS per verdict); with an
 * expectation file, its outcomes, the unexpected results and the entries that matched nothing; and the one
 * inline script of the page, the scenario filter. The page reads the same without the script: the filter box
 * is `hidden` until the script shows it, and everything it filters is in the page already. */
#include <string.h>

#include "report_html_int.h"
#include "report_int.h"

#define REPORT_HTML_INDEX_LINKS 500 /* links per verdict in the index; the rest are counted */

/* Writes a family name as an anchor: "f-" and the name, bytes outside [A-Za-z0-9.-] as in
 * report__html_anchor. */
static void family_anchor(FILE *out, const char *family) {
    fputs("f-", out);
    report__html_anchor(out, family);
}

void report__html_index(FILE *out, const report__data *d) {
    fprintf(out, "<section id=\"index\">\n<h2>Index</h2>\n<h3>By family</h3>\n<table class=\"index\">\n<tr><th>family"
                 "</th><th class=\"n\">scenarios</th>");
    for (int v = 0; v < REPORT__VERDICT_COUNT; v++) fprintf(out, "<th class=\"n\">%s</th>", report__verdict_names[v]);
    if (d->has_expect) fprintf(out, "<th class=\"n\">expected</th><th class=\"n\">unexpected</th>");
    fprintf(out, "</tr>\n");
    for (size_t i = 0; i < d->scenario_count;) {
        char family[256], next[256];
        report__family(d->scenarios[i].id, family, sizeof family);
        int64_t counts[REPORT__VERDICT_COUNT + 1] = {0}, expected = 0, unexpected = 0;
        size_t j = i;
        for (; j < d->scenario_count; j++) {
            report__family(d->scenarios[j].id, next, sizeof next);
            if (strcmp(next, family) != 0) break;
            counts[report__verdict_index(d->scenarios[j].verdict)]++;
            report__class c = report__scenario_class(&d->scenarios[j]);
            expected += c == REPORT__CLASS_EXPECTED;
            unexpected += c == REPORT__CLASS_UNEXPECTED;
        }
        fprintf(out, "<tr><td><a class=\"mono\" href=\"#");
        family_anchor(out, family);
        fprintf(out, "\">");
        report__html_text(out, family);
        fprintf(out, "</a></td><td class=\"n\">%zu</td>", j - i);
        for (int v = 0; v < REPORT__VERDICT_COUNT; v++)
            fprintf(out, "<td class=\"n%s\">%lld</td>", counts[v] ? "" : " z", (long long)counts[v]);
        if (d->has_expect)
            fprintf(out, "<td class=\"n%s\">%lld</td><td class=\"n%s\">%lld</td>", expected ? "" : " z",
                    (long long)expected, unexpected ? "" : " z", (long long)unexpected);
        fprintf(out, "</tr>\n");
        i = j;
    }
    fprintf(out, "</table>\n<div class=\"byv\">\n<h3>By verdict</h3>\n");
    bool any = false;
    for (int v = 1; v <= REPORT__VERDICT_COUNT; v++) { /* every verdict but PASS; unknown ones last */
        int64_t n = v < REPORT__VERDICT_COUNT ? d->totals.verdicts[v] : d->totals.other;
        if (n == 0) continue;
        any = true;
        fprintf(out, "<p><b>%s (%lld)</b>: ", v < REPORT__VERDICT_COUNT ? report__verdict_names[v] : "other", (long long)n);
        int64_t shown = 0;
        for (size_t i = 0; i < d->scenario_count && shown < REPORT_HTML_INDEX_LINKS; i++) {
            if (report__verdict_index(d->scenarios[i].verdict) != v) continue;
            report__html_scenario_link(out, d, &d->scenarios[i]);
            if (d->scenarios[i].outcome == REPORT__OUTCOME_EXPECTED) fprintf(out, " <span class=\"tag expected\">expected</span>");
            fputc(' ', out);
            shown++;
        }
        if (n > shown) fprintf(out, "<span class=\"muted\">and %lld more (the filter below finds them)</span>", (long long)(n - shown));
        fprintf(out, "</p>\n");
    }
    if (!any) fprintf(out, "<p class=\"ok\">Every scenario passed.</p>\n");
    fprintf(out, "</div>\n</section>\n");
}

void report__html_expectations(FILE *out, const report__data *d) {
    fprintf(out, "<section id=\"expectations\">\n<h2>Expectations <small>");
    report__html_text(out, d->expect_file);
    fprintf(out, "</small></h2>\n<p>%lld passed, <b>%lld as expected</b>, <b>%lld unexpected</b>, <b>%lld unexpected "
                 "pass%s</b> (an expected deviation that passed: remove its entry). Only the unexpected ones fail the run.</p>\n",
            (long long)d->outcomes[REPORT__OUTCOME_PASS], (long long)d->outcomes[REPORT__OUTCOME_EXPECTED],
            (long long)d->outcomes[REPORT__OUTCOME_UNEXPECTED], (long long)d->outcomes[REPORT__OUTCOME_UNEXPECTED_PASS],
            d->outcomes[REPORT__OUTCOME_UNEXPECTED_PASS] == 1 ? "" : "es");
    static const struct {
        report__outcome outcome;
        const char *title;
    } groups[] = {{REPORT__OUTCOME_UNEXPECTED_PASS, "Unexpected passes"},
                  {REPORT__OUTCOME_UNEXPECTED, "Unexpected results"},
                  {REPORT__OUTCOME_EXPECTED, "As expected"}};
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
        if (d->outcomes[groups[g].outcome] == 0) continue;
        fprintf(out, "<h3>%s (%lld)</h3>\n<table class=\"fail\">\n<tr><th>verdict</th><th>scenario</th><th>expected"
                     "</th><th>reason</th></tr>\n",
                groups[g].title, (long long)d->outcomes[groups[g].outcome]);
        for (size_t i = 0; i < d->scenario_count; i++) {
            const report__scenario *sc = &d->scenarios[i];
            if (sc->outcome != groups[g].outcome) continue;
            fprintf(out, "<tr><td class=\"nw\">");
            report__html_scenario_badge(out, sc);
            fprintf(out, "</td><td>");
            report__html_scenario_link(out, d, sc);
            fprintf(out, "</td><td class=\"mono\">");
            report__html_text(out, sc->expected ? sc->expected : sc->outcome == REPORT__OUTCOME_UNEXPECTED ? "—" : "steps");
            fprintf(out, "</td><td>");
            report__html_text(out, sc->expect_reason);
            if (sc->expect_link) { /* shown as text: a link from a file is never made clickable */
                fprintf(out, " <span class=\"mono muted\">");
                report__html_text(out, sc->expect_link);
                fprintf(out, "</span>");
            }
            fprintf(out, "</td></tr>\n");
        }
        fprintf(out, "</table>\n");
    }
    size_t unmatched = 0;
    for (size_t i = 0; i < d->expect_entry_count; i++) unmatched += d->expect_entries[i].matched == 0;
    if (unmatched) {
        fprintf(out, "<h3>Entries that matched nothing (%zu)</h3>\n<table class=\"fail\">\n<tr><th>entry</th><th>scenario"
                     "</th><th>step</th><th>verdict</th><th>reason</th></tr>\n",
                unmatched);
        for (size_t i = 0; i < d->expect_entry_count; i++) {
            const report__expect_entry *e = &d->expect_entries[i];
            if (e->matched) continue;
            fprintf(out, "<tr><td class=\"n\">%zu</td><td class=\"mono\">", i);
            report__html_text(out, e->scenario);
            fprintf(out, "</td><td class=\"n\">");
            if (e->has_step) fprintf(out, "%lld", (long long)e->step);
            fprintf(out, "</td><td class=\"mono\">");
            report__html_text(out, e->verdict);
            fprintf(out, "</td><td>");
            report__html_text(out, e->reason);
            fprintf(out, "</td></tr>\n");
        }
        fprintf(out, "</table>\n");
    }
    fprintf(out, "</section>\n");
}

/* The filter: each scenario element of #scenarios carries data-key (its id, verdict and outcome, lower
 * case); typing in #filter hides the ones whose key does not hold the text, and the families left empty;
 * #filter-count says how many are shown. ?filter=TEXT in the URL fills the box on load (for links, and for
 * the headless-browser test). */
static const char filter_js[] =
    "(function(){var f=document.getElementById('filter'),c=document.getElementById('filter-count');"
    "if(!f)return;f.hidden=false;"
    "function apply(){var q=f.value.trim().toLowerCase(),n=0,t=0;"
    "document.querySelectorAll('#scenarios .fam').forEach(function(g){var k=0;"
    "g.querySelectorAll('.scn').forEach(function(e){var ok=!q||e.getAttribute('data-key').indexOf(q)>=0;"
    "e.hidden=!ok;t++;if(ok){k++;n++;}});g.hidden=k===0;});"
    "c.textContent=q?n+' of '+t+' scenarios shown':'';}"
    "f.addEventListener('input',apply);"
    "var m=/[?&]filter=([^&#]*)/.exec(location.search);"
    "if(m){try{f.value=decodeURIComponent(m[1].replace(/\\+/g,' '));}catch(e){}apply();}})();";

void report__html_filter_script(FILE *out) {
    fprintf(out, "<script>%s</script>\n", filter_js);
}
