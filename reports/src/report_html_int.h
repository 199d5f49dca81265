/* reports/src/report_html_int.h — what the HTML report's files share, private to report_html*.c.
 *
 * report__render_html (report_html.c) writes the page's skeleton and calls one function per section, in
 * the page's order; each section is a function of the report data alone. The elements below are the
 * only way the sections write trace text or verdict classes: text is always HTML-escaped, classes come
 * from a fixed list, and a scenario's anchor is "s-" and its index (never text from the trace). */
#ifndef REPORTS_REPORT_HTML_INT_H
#define REPORTS_REPORT_HTML_INT_H

#include <stddef.h>
#include <stdio.h>

#include "report_int.h"

/* ---- elements (report_html.c) ---- */

/* Writes s (NULL writes nothing) escaped as REPORT__ESC_HTML: fine in text and in quoted attributes. */
void report__html_text(FILE *out, const char *s);

/* The CSS class of a verdict (scenario or step): a fixed name, never the trace's text ("v-PASS" ...,
 * "v-NONE" for a step that decided nothing, "v-other" for anything else). */
const char *report__html_verdict_class(const char *verdict);

/* A coloured badge with the verdict's name ("?" for NULL). */
void report__html_badge(FILE *out, const char *verdict);

/* The scenario's id as a link to its <details> element ("#s-INDEX"); sc points into d->scenarios. */
void report__html_scenario_link(FILE *out, const report__data *d, const report__scenario *sc);

/* ---- sections, in the page's order ---- */

/* report_html_summary.c: the run header with the page's navigation; the totals by verdict; with a
 * baseline, the changes since it; the failures and divergences; the scenarios without a verdict
 * (nothing when there are none). */
void report__html_header(FILE *out, const report__data *d);
void report__html_totals(FILE *out, const report__data *d);
void report__html_changes(FILE *out, const report__data *d);
void report__html_failures(FILE *out, const report__data *d);
void report__html_no_verdict(FILE *out, const report__data *d);

/* report_html_coverage.c: the clause-coverage matrix, one table per API family. */
void report__html_coverage(FILE *out, const report__data *d);

/* report_html_chart.c: the status codes per function, a stacked bar chart in inline SVG. */
void report__html_chart(FILE *out, const report__data *d);

/* report_html_scenarios.c: every scenario with its steps and findings, streamed from the trace. 0, or
 * -2 when streaming failed (message in err; the section is left unfinished). */
int report__html_scenarios(FILE *out, const report__data *d, char *err, size_t cap);

#endif
