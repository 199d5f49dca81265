/* reports/src/report_html_int.h — what the HTML report's files share, private to report_html*.c.
 *
 * report__render_html (report_html.c) writes the page's skeleton and calls one function per section, in
 * the page's order; each section is a function of the report data alone. The elements below are the
 * only way the sections write trace text or verdict classes: text is always HTML-escaped, classes come
 * from a fixed list, and a scenario's anchor is its id (report__html_anchor). */
#ifndef REPORTS_REPORT_HTML_INT_H
#define REPORTS_REPORT_HTML_INT_H

#include <stddef.h>
#include <stdio.h>

#include "report_int.h"

/* ---- elements (report_html.c) ---- */

/* Writes s (NULL writes nothing) escaped as REPORT__ESC_HTML: fine in text and in quoted attributes. */
void report__html_text(FILE *out, const char *s);

/* The colour class of a verdict alone (a step's): "c-success" (PASS), "c-neutral" (SKIP, NONE),
 * "c-unexpected" (anything else). A fixed name, never the trace's text. */
const char *report__html_verdict_class(const char *verdict);

/* A scenario's colour class: as its verdict's, but "c-expected" for a deviation the run's expectation file
 * expects and "c-unexpected" for an unexpected pass. */
const char *report__html_scenario_class(const report__scenario *sc);

/* A coloured badge with the verdict's name ("?" for NULL). */
void report__html_badge(FILE *out, const char *verdict);

/* A scenario's badge (its class's colour) and, against an expectation file, an "expected" or
 * "UNEXPECTED-PASS" tag. */
void report__html_scenario_badge(FILE *out, const report__scenario *sc);

/* Writes a scenario id as an HTML id / URL fragment: the id itself when it has only [A-Za-z0-9.-] (every
 * valid scenario id), any other byte as "_" and two hex digits. */
void report__html_anchor(FILE *out, const char *id);

/* The scenario's id as a link to its element ("#ID"); sc points into d->scenarios. */
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

/* report_html_index.c: the index of the scenarios by family (counts per verdict, links to the families) and
 * by verdict (links to every scenario that did not pass, bounded); with an expectation file, the outcomes,
 * the unexpected results and the entries that matched nothing; the filter's inline script (at the end of
 * the body: it filters the scenarios section by the text typed, and by ?filter=TEXT in the page's URL). */
void report__html_index(FILE *out, const report__data *d);
void report__html_expectations(FILE *out, const report__data *d);
void report__html_filter_script(FILE *out);

/* report_html_explore.c: the exploration the trace holds (d->has_explore): its header, shrunk files and
 * divergences, in <section id="explore">. */
void report__html_explore(FILE *out, const report__data *d);

/* report_html_coverage.c: the clause-coverage matrix, one table per API family. */
void report__html_coverage(FILE *out, const report__data *d);

/* report_html_chart.c: the status codes per function, a stacked bar chart in inline SVG. */
void report__html_chart(FILE *out, const report__data *d);

/* report_html_scenarios.c: every scenario by family, with its steps and findings streamed from the trace
 * while the page's step budget (report_options.html_step_budget) lasts: failing scenarios first claim
 * it, passing ones get their steps only when all of them fit; the others are one line each. 0, or -2
 * when streaming failed (message in err; the section is left unfinished). */
int report__html_scenarios(FILE *out, const report__data *d, char *err, size_t cap);

#endif
