/* reports/src/report_html.c — the HTML report: one self-contained page; this file holds its skeleton
 * (document head, the stylesheet, the sections in order, footer) and the small elements every section
 * uses (escaped text, verdict classes and badges, links to a scenario).
 *
 * Inline CSS, inline SVG and one small inline script (the scenario filter; the page reads the same
 * without it: the filter box is hidden until the script shows it); no external resource, no URL; the
 * page reads the same offline, printed or in a CI artifact viewer. Sections, in order: run header; totals
 * by verdict (every verdict, zeros included, not-run, how many scenarios failed; with a baseline, its
 * figures beside them); the index by family and by verdict; with an expectation file, the expected and
 * unexpected results and the entries that matched nothing; with a baseline, what changed (new failures,
 * fixed, no longer run); the failures and divergences (new ones first); scenarios that ended without a
 * verdict (report_html_summary.c, report_html_index.c); the exploration, when the trace holds one
 * (report_html_explore.c; a trace of explorations alone gets a page of it only); the clause-coverage matrix
 * per API family
 * (report_html_coverage.c); a bar chart of status codes per function with its legend beside it
 * (report_html_chart.c); and every scenario, by family, its steps and findings in a <details> element
 * within the page's step budget (report_html_scenarios.c).
 *
 * Colours are by class, not by status: success (green), an expected deviation (blue), unexpected (red),
 * neutral (grey: SKIP, a step that decided nothing). Every text from the trace is written through
 * REPORT__ESC_HTML. A scenario's anchor is its id (report__html_anchor); class names come from fixed lists. */
#include <string.h>

#include "report_html_int.h"
#include "report_int.h"

/* ---- elements every section uses (report_html_int.h) ---- */

void report__html_text(FILE *out, const char *s) {
    report__put_escaped(out, s, REPORT__ESC_HTML);
}

/* The colour class of a verdict alone (a step's, or a scenario's without an expectation): success for
 * PASS, neutral for SKIP and NONE (a step that decided nothing), unexpected for anything else. Fixed
 * names, never the trace's text. */
const char *report__html_verdict_class(const char *verdict) {
    int v = report__verdict_index(verdict);
    if (v == REPORT__PASS) return "c-success";
    if (v == REPORT__SKIP || (verdict && strcmp(verdict, "NONE") == 0)) return "c-neutral";
    return "c-unexpected";
}

/* A scenario's colour class: by its outcome against the expectations when the run had some. */
const char *report__html_scenario_class(const report__scenario *sc) {
    switch (report__scenario_class(sc)) {
    case REPORT__CLASS_EXPECTED: return "c-expected";
    case REPORT__CLASS_UNEXPECTED: return "c-unexpected";
    case REPORT__CLASS_SUCCESS: break;
    }
    return report__verdict_index(sc->verdict) == REPORT__PASS ? "c-success" : "c-neutral";
}

void report__html_badge(FILE *out, const char *verdict) {
    fprintf(out, "<span class=\"badge %s\">", report__html_verdict_class(verdict));
    report__html_text(out, verdict ? verdict : "?");
    fprintf(out, "</span>");
}

void report__html_scenario_badge(FILE *out, const report__scenario *sc) {
    fprintf(out, "<span class=\"badge %s\">", report__html_scenario_class(sc));
    report__html_text(out, sc->verdict ? sc->verdict : "?");
    fprintf(out, "</span>");
    if (sc->outcome == REPORT__OUTCOME_EXPECTED) fprintf(out, " <span class=\"tag expected\">expected</span>");
    else if (sc->outcome == REPORT__OUTCOME_UNEXPECTED_PASS)
        fprintf(out, " <span class=\"tag unexpected\">UNEXPECTED-PASS</span>");
}

void report__html_anchor(FILE *out, const char *id) {
    /* a scenario id ([a-z0-9][a-z0-9._-]*, the format's rule) is its own anchor; any other byte of a
     * hostile trace becomes "_" and two hex digits ("_" itself is no id character, so no valid id collides) */
    for (const unsigned char *p = (const unsigned char *)(id ? id : ""); *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' ||
            *p == '-')
            fputc(*p, out);
        else fprintf(out, "_%02x", *p);
    }
}

void report__html_scenario_link(FILE *out, const report__data *d, const report__scenario *sc) {
    (void)d;
    fprintf(out, "<a class=\"mono\" href=\"#");
    report__html_anchor(out, sc->id);
    fprintf(out, "\">");
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
    ".tot.c-success{border-color:#1a7f37}.tot.c-unexpected{border-color:#cf222e}.tot.c-neutral{border-color:#8c959f}"
    ".tot.c-expected{border-color:#0969da}.tot.zero{border-color:#d0d7de}"
    ".badge{display:inline-block;min-width:58px;padding:0 6px;border-radius:10px;color:#fff;font-size:11px;"
    "font-weight:700;text-align:center;background:#6e7781}"
    ".badge.c-success{background:#1a7f37}.badge.c-expected{background:#0969da}.badge.c-unexpected{background:#cf222e}"
    ".badge.c-neutral{background:#d0d7de;color:#424a53}"
    ".cell.v-PASS{background:#1a7f37}.cell.v-FAIL,.cell.v-DIVERGE,.cell.v-ERROR,.cell.v-CRASH,.cell.v-TIMEOUT"
    "{background:#cf222e}.cell.v-SKIP{background:#d0d7de}"
    ".tag.expected{background:#ddf4ff;color:#0969da;border:1px solid #0969da}"
    ".tag.unexpected{background:#ffebe9;color:#cf222e;border:1px solid #cf222e}"
    ".chart{display:flex;flex-wrap:wrap;align-items:flex-start;gap:16px}"
    ".legend{list-style:none;margin:24px 0 0;padding:0;font-size:12px}.legend li{margin:0 0 6px}"
    ".sw{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:6px;vertical-align:-1px}"
    ".sw.c-success{background:#2da44e}.sw.c-expected{background:#0969da}.sw.c-unexpected{background:#cf222e}"
    ".sw.c-none{background:#d0d7de}"
    ".index td{font-size:13px}.index td.z{color:#d0d7de}.byv p{margin:2px 0 8px;line-height:1.9}.byv a{margin-right:10px}"
    "#filter{font:inherit;padding:4px 8px;width:360px;max-width:100%;border:1px solid #d0d7de;border-radius:6px}"
    ".scn.line{margin:2px 0;padding:2px 8px}"
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
    ".steps tr.c-unexpected td{background:#ffebe9}"
    ".findings{margin:6px 0 0;padding-left:18px;font-size:12px}"
    "svg{max-width:100%;height:auto;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,'Liberation Mono',monospace;font-size:11px}"
    "footer{margin-top:36px;color:#8c959f;font-size:12px}";

static const char footer[] = "<footer>Rendered by rtshm from the trace database alone: the same trace renders the same "
                             "page. The only time shown is the run's own start.</footer>\n</body>\n</html>\n";

/* The page of a trace that holds explorations and no run: a heading and the exploration. */
static int render_explore_only(const report__data *d, FILE *out) {
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>rtshm report: ");
    report__html_text(out, d->explore.implementation);
    fprintf(out, ", exploration %lld</title>\n<style>%s</style>\n</head>\n<body>\n<header>\n<h1>rtshm report: ",
            (long long)d->explore.id, css);
    report__html_text(out, d->explore.implementation);
    fprintf(out, ", exploration %lld</h1>\n<p>This trace holds no run, only explorations (<code>rtshm explore "
                 "--db</code>).</p>\n</header>\n",
            (long long)d->explore.id);
    report__html_explore(out, d);
    fputs(footer, out);
    return REPORT_OK;
}

int report__render_html(const report__data *d, FILE *out, char *err, size_t cap) {
    if (!d->has_run) return render_explore_only(d, out);
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>rtshm report: ");
    report__html_text(out, d->run.implementation);
    fprintf(out, ", run %lld</title>\n<style>%s</style>\n</head>\n<body>\n", (long long)d->run.id, css);
    report__html_header(out, d);
    report__html_totals(out, d);
    report__html_index(out, d);
    if (d->has_expect) report__html_expectations(out, d);
    if (d->has_baseline) report__html_changes(out, d);
    report__html_failures(out, d);
    report__html_no_verdict(out, d);
    if (d->has_explore) report__html_explore(out, d);
    report__html_coverage(out, d);
    report__html_chart(out, d);
    int rc = report__html_scenarios(out, d, err, cap);
    report__html_filter_script(out);
    fputs(footer, out);
    return rc;
}
