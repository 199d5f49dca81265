/* reports/src/report_html.c — the HTML report: one self-contained page; this file holds its skeleton
 * (document head, the stylesheet, the sections in order, footer) and the small elements every section
 * uses (escaped text, verdict classes and badges, links to a scenario).
 *
 * Inline CSS and inline SVG only: no script, no external resource, no URL; the page reads the same
 * offline, printed or in a CI artifact viewer. Sections, in order: run header; totals by verdict (every
 * verdict, zeros included; with a baseline, its figures beside them); with a baseline, what changed (new
 * failures, fixed, no longer run); the failures and divergences (new ones first); scenarios that ended
 * without a verdict (those five: report_html_summary.c); the clause-coverage matrix per API family
 * (report_html_coverage.c); a bar chart of status codes per function (report_html_chart.c); and every
 * scenario's steps and findings in a <details> element (report_html_scenarios.c).
 *
 * Every text from the trace is written through REPORT__ESC_HTML. Class names and ids are never made
 * from trace text: verdict classes come from a fixed list, scenario anchors are "s-" and the scenario's
 * index. */
#include <string.h>

#include "report_html_int.h"
#include "report_int.h"

/* ---- elements every section uses (report_html_int.h) ---- */

void report__html_text(FILE *out, const char *s) {
    report__put_escaped(out, s, REPORT__ESC_HTML);
}

/* The CSS class of a verdict (scenario or step): a fixed name, never the trace's text. */
const char *report__html_verdict_class(const char *verdict) {
    static const char *const step_verdicts[][2] = {{"NONE", "v-NONE"}};
    int v = report__verdict_index(verdict);
    static const char *const classes[REPORT__VERDICT_COUNT] = {"v-PASS",  "v-FAIL",    "v-DIVERGE", "v-ERROR",
                                                               "v-CRASH", "v-TIMEOUT", "v-SKIP"};
    if (v < REPORT__VERDICT_COUNT) return classes[v];
    if (verdict && strcmp(verdict, step_verdicts[0][0]) == 0) return step_verdicts[0][1];
    return "v-other";
}

void report__html_badge(FILE *out, const char *verdict) {
    fprintf(out, "<span class=\"badge %s\">", report__html_verdict_class(verdict));
    report__html_text(out, verdict ? verdict : "?");
    fprintf(out, "</span>");
}

void report__html_scenario_link(FILE *out, const report__data *d, const report__scenario *sc) {
    fprintf(out, "<a class=\"mono\" href=\"#s-%zu\">", (size_t)(sc - d->scenarios));
    report__html_text(out, sc->id);
    fprintf(out, "</a>");
}

/* ---- the page ---- */

/* The stylesheet, inline in the page's head: every class any section writes. */
static const char css[] =
    "*{box-sizing:border-box}"
    "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif;margin:0;"
    "padding:24px 32px;color:#1f2328;background:#fff}"
    "h1{font-size:24px;margin:0 0 12px}h2{font-size:19px;margin:32px 0 10px;padding-bottom:4px;"
    "border-bottom:1px solid #d0d7de}h3{font-size:15px;margin:20px 0 6px}h3 small,h2 small{font-weight:400;"
    "color:#57606a}"
    "table{border-collapse:collapse;margin:4px 0 8px}th,td{border:1px solid #d0d7de;padding:3px 7px;text-align:left;"
    "vertical-align:top}th{background:#f6f8fa;font-weight:600}td.n,th.n{text-align:right}"
    ".kv th{width:140px}.kv td,.kv th{border:none;padding:1px 8px 1px 0;background:none}"
    ".mono,code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,'Liberation Mono',monospace;font-size:12px}"
    "a{color:#0969da;text-decoration:none}a:hover{text-decoration:underline}"
    "nav{margin:8px 0 0;color:#57606a}nav a{margin-right:14px}"
    ".totals{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0}"
    ".tot{min-width:118px;padding:8px 14px;border-radius:6px;border-left:6px solid #8c959f;background:#f6f8fa}"
    ".tot .k{display:block;font-size:12px;font-weight:600;letter-spacing:.04em;color:#57606a}"
    ".tot .n{font-size:26px;font-weight:700}.tot .b{display:block;font-size:12px;color:#57606a}"
    ".tot.zero .n{color:#8c959f}"
    ".tot.v-PASS{border-color:#1a7f37}.tot.v-FAIL{border-color:#cf222e}.tot.v-DIVERGE{border-color:#d4720a}"
    ".tot.v-ERROR{border-color:#8250df}.tot.v-CRASH{border-color:#24292f}.tot.v-TIMEOUT{border-color:#9a6700}"
    ".tot.v-SKIP{border-color:#8c959f}"
    ".badge{display:inline-block;min-width:58px;padding:0 6px;border-radius:10px;color:#fff;font-size:11px;"
    "font-weight:700;text-align:center;background:#6e7781}"
    ".v-PASS.badge,.cell.v-PASS{background:#1a7f37}.v-FAIL.badge,.cell.v-FAIL{background:#cf222e}"
    ".v-DIVERGE.badge,.cell.v-DIVERGE{background:#d4720a}.v-ERROR.badge,.cell.v-ERROR{background:#8250df}"
    ".v-CRASH.badge,.cell.v-CRASH{background:#24292f}.v-TIMEOUT.badge,.cell.v-TIMEOUT{background:#9a6700}"
    ".v-SKIP.badge,.cell.v-SKIP{background:#8c959f}.v-NONE.badge{background:#d0d7de;color:#57606a}"
    ".tag{display:inline-block;padding:0 5px;border-radius:4px;font-size:11px;font-weight:700}"
    ".tag.new{background:#ffebe9;color:#cf222e;border:1px solid #cf222e}"
    ".tag.fixed{background:#dafbe1;color:#1a7f37;border:1px solid #1a7f37}"
    ".tag.still{background:#f6f8fa;color:#57606a;border:1px solid #d0d7de}"
    "tr.new td{background:#fff5f5}"
    ".fail{width:100%}.fail td{font-size:13px}.fail td.nw{white-space:nowrap}"
    ".fail td.detail{min-width:180px;overflow-wrap:anywhere}.fail td small{color:#57606a}"
    ".cells{display:flex;flex-wrap:wrap;gap:2px;max-width:420px}"
    ".cell{display:inline-block;width:12px;height:12px;border-radius:2px;background:#6e7781}"
    ".cov td{font-size:13px}.cov td.text{color:#57606a;font-size:12px;max-width:520px}"
    ".cov tr.unc td:first-child{color:#8c959f}.cov tr.unc.strict td:first-child{color:#cf222e;font-weight:600}"
    ".muted{color:#8c959f}.ok{color:#1a7f37;font-weight:600}"
    "details{margin:3px 0;border:1px solid #d0d7de;border-radius:6px;padding:3px 8px;overflow-x:auto}"
    "details[open]{padding-bottom:8px}summary{cursor:pointer}summary small{color:#57606a;margin-left:6px}"
    ".steps{width:100%}.steps td{font-size:12px}.steps td.args{min-width:180px;overflow-wrap:anywhere}"
    ".steps td small{color:#57606a}.steps td.nw{white-space:nowrap}.steps td.detail{min-width:220px;overflow-wrap:anywhere}"
    ".arg{white-space:nowrap}"
    ".steps tr.v-FAIL td{background:#ffebe9}.steps tr.v-DIVERGE td{background:#fff1e5}"
    ".findings{margin:6px 0 0;padding-left:18px;font-size:12px}"
    "svg{max-width:100%;height:auto;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,'Liberation Mono',monospace;font-size:11px}"
    "footer{margin-top:36px;color:#8c959f;font-size:12px}";

int report__render_html(const report__data *d, FILE *out, char *err, size_t cap) {
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>rtshm report: ");
    report__html_text(out, d->run.implementation);
    fprintf(out, ", run %lld</title>\n<style>%s</style>\n</head>\n<body>\n", (long long)d->run.id, css);
    report__html_header(out, d);
    report__html_totals(out, d);
    if (d->has_baseline) report__html_changes(out, d);
    report__html_failures(out, d);
    report__html_no_verdict(out, d);
    report__html_coverage(out, d);
    report__html_chart(out, d);
    int rc = report__html_scenarios(out, d, err, cap);
    fprintf(out, "<footer>Rendered by rtshm from the trace database alone: the same trace renders the same page. "
                 "The only time shown is the run's own start.</footer>\n</body>\n</html>\n");
    return rc;
}
