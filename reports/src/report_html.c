/* reports/src/report_html.c — the HTML report: one self-contained page.
 *
 * Inline CSS and inline SVG only: no script, no external resource, no URL; the page reads the same
 * offline, printed or in a CI artifact viewer. Sections, in order: run header; totals by verdict (every
 * verdict, zeros included; with a baseline, its figures beside them); with a baseline, what changed (new
 * failures, fixed, no longer run); the failures and divergences (new ones first); scenarios that ended
 * without a verdict; the clause-coverage matrix per API family; a bar chart of status codes per function;
 * and every scenario's steps and findings in a <details> element (open for FAIL, DIVERGE, ERROR, CRASH,
 * TIMEOUT; closed otherwise).
 *
 * Every text from the trace is written through REPORT__ESC_HTML. Class names and ids are never made
 * from trace text: verdict classes come from a fixed list, scenario anchors are "s-" and the scenario's
 * index. The chart's geometry is integer arithmetic on the counts and on label lengths, so the same
 * trace draws the same picture byte for byte. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"
#include "spec/status.h"

static void h(FILE *out, const char *s) {
    report__put_escaped(out, s, REPORT__ESC_HTML);
}

/* The CSS class of a verdict (scenario or step): a fixed name, never the trace's text. */
static const char *verdict_class(const char *verdict) {
    static const char *const step_verdicts[][2] = {{"NONE", "v-NONE"}};
    int v = report__verdict_index(verdict);
    static const char *const classes[REPORT__VERDICT_COUNT] = {"v-PASS",  "v-FAIL",    "v-DIVERGE", "v-ERROR",
                                                               "v-CRASH", "v-TIMEOUT", "v-SKIP"};
    if (v < REPORT__VERDICT_COUNT) return classes[v];
    if (verdict && strcmp(verdict, step_verdicts[0][0]) == 0) return step_verdicts[0][1];
    return "v-other";
}

static void badge(FILE *out, const char *verdict) {
    fprintf(out, "<span class=\"badge %s\">", verdict_class(verdict));
    h(out, verdict ? verdict : "?");
    fprintf(out, "</span>");
}

static void scenario_link(FILE *out, const report__data *d, const report__scenario *sc) {
    fprintf(out, "<a class=\"mono\" href=\"#s-%zu\">", (size_t)(sc - d->scenarios));
    h(out, sc->id);
    fprintf(out, "</a>");
}

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

/* ---- header and totals ---- */

static void run_line(FILE *out, const report__run *r) {
    fprintf(out, "run %lld (", (long long)r->id);
    h(out, r->implementation);
    fprintf(out, ", ");
    h(out, r->tool_version);
    fprintf(out, ", seed %llu, started ", (unsigned long long)r->seed);
    h(out, r->started_at);
    fprintf(out, ", ");
    h(out, r->state);
    fprintf(out, ")");
}

static void header(FILE *out, const report__data *d) {
    fprintf(out, "<header>\n<h1>rtshm report: ");
    h(out, d->run.implementation);
    fprintf(out, ", run %lld</h1>\n<table class=\"kv\">\n", (long long)d->run.id);
    fprintf(out, "<tr><th>implementation</th><td>");
    h(out, d->run.implementation);
    fprintf(out, "</td></tr>\n<tr><th>tool version</th><td>");
    h(out, d->run.tool_version);
    fprintf(out, "</td></tr>\n<tr><th>seed</th><td>%llu</td></tr>\n", (unsigned long long)d->run.seed);
    fprintf(out, "<tr><th>started at</th><td>");
    h(out, d->run.started_at);
    fprintf(out, "</td></tr>\n<tr><th>state</th><td>");
    h(out, d->run.state);
    fprintf(out, "</td></tr>\n<tr><th>command</th><td class=\"mono\">");
    report__buf argv = {0};
    report__argv_text(&argv, d->run.argv);
    h(out, report__buf_str(&argv));
    report__buf_free(&argv);
    fprintf(out, "</td></tr>\n");
    if (d->has_baseline) {
        fprintf(out, "<tr><th>baseline</th><td>");
        run_line(out, &d->baseline.run);
        fprintf(out, "%s</td></tr>\n", d->baseline.same_db ? ", same database" : ", another database");
    }
    fprintf(out, "</table>\n<nav><a href=\"#totals\">Totals</a>%s<a href=\"#failures\">Failures</a>"
                 "<a href=\"#coverage\">Coverage</a><a href=\"#status-codes\">Status codes</a>"
                 "<a href=\"#scenarios\">Scenarios</a></nav>\n</header>\n",
            d->has_baseline ? "<a href=\"#changes\">Since the baseline</a>" : "");
}

static void totals(FILE *out, const report__data *d) {
    const report__totals *t = &d->totals;
    fprintf(out, "<section id=\"totals\">\n<h2>Totals</h2>\n<div class=\"totals\">\n");
    for (int v = 0; v < REPORT__VERDICT_COUNT; v++) {
        /* One line each: the page's text reads "PASS 48" whatever the styling. */
        fprintf(out, "<div class=\"tot %s%s\"><span class=\"k\">%s</span> <span class=\"n\">%lld</span>",
                verdict_class(report__verdict_names[v]), t->verdicts[v] ? "" : " zero", report__verdict_names[v],
                (long long)t->verdicts[v]);
        if (d->has_baseline) fprintf(out, "<span class=\"b\">baseline %lld</span>", (long long)d->baseline.totals.verdicts[v]);
        fprintf(out, "</div>\n");
    }
    fprintf(out, "</div>\n<p>%lld scenarios, %lld steps, %lld findings", (long long)t->scenarios, (long long)t->steps,
            (long long)t->findings);
    if (t->other) fprintf(out, "; %lld with a verdict this version does not know", (long long)t->other);
    if (d->has_baseline)
        fprintf(out, " (baseline: %lld scenarios, %lld steps, %lld findings)", (long long)d->baseline.totals.scenarios,
                (long long)d->baseline.totals.steps, (long long)d->baseline.totals.findings);
    fprintf(out, ".</p>\n</section>\n");
}

static void changes(FILE *out, const report__data *d) {
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
            badge(out, sc->verdict);
            fprintf(out, " ");
            scenario_link(out, d, sc);
            fprintf(out, " <span class=\"muted\">baseline: ");
            h(out, sc->baseline_verdict ? sc->baseline_verdict : "absent");
            fprintf(out, "</span></li>\n");
        }
        fprintf(out, "</ul>\n");
    }
    if (b->gone_count) {
        fprintf(out, "<h3>Failing in the baseline, not in this run (%zu)</h3>\n<ul>\n", b->gone_count);
        for (size_t i = 0; i < b->gone_count; i++) {
            fprintf(out, "<li>");
            badge(out, b->gone_verdicts[i]);
            fprintf(out, " <span class=\"mono\">");
            h(out, b->gone_ids[i]);
            fprintf(out, "</span></li>\n");
        }
        fprintf(out, "</ul>\n");
    }
    fprintf(out, "</section>\n");
}

/* ---- failures ---- */

static void failures(FILE *out, const report__data *d) {
    fprintf(out, "<section id=\"failures\">\n<h2>Failures and divergences (%zu)</h2>\n", d->failure_count);
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
        badge(out, f->has_step ? f->verdict : sc->verdict);
        if (d->has_baseline) { /* the change since the baseline, under the verdict */
            const char *tag = sc->change == REPORT__CHANGE_NEW ? "new" : "still";
            fprintf(out, "<br><span class=\"tag %s\">%s</span>", tag, tag);
        }
        fprintf(out, "</td><td>");
        scenario_link(out, d, sc);
        fprintf(out, "</td>");
        if (!f->has_step) {
            fprintf(out, "<td class=\"muted\">—</td><td class=\"muted\">—</td><td></td><td></td><td></td><td>");
            h(out, sc->message);
            fprintf(out, "</td></tr>\n");
            continue;
        }
        fprintf(out, "<td class=\"n nw\">%lld / %lld</td><td class=\"mono nw\">", (long long)f->step, (long long)f->seq);
        h(out, f->function);
        fprintf(out, "<br><small>");
        h(out, f->api);
        fprintf(out, "</small>");
        report__buf e = {0}, a = {0};
        report__expected_text(&e, f->expected);
        report__actual_text(&a, f->kind, f->ret, f->status, f->last_error);
        fprintf(out, "</td><td class=\"mono\">");
        h(out, report__buf_str(&e));
        fprintf(out, "</td><td class=\"mono\">");
        h(out, report__buf_str(&a));
        report__buf_free(&e);
        report__buf_free(&a);
        const spec_clause *c = f->clause ? spec_clause_find(f->clause) : NULL;
        fprintf(out, "</td><td class=\"mono nw\"");
        if (c) {
            fprintf(out, " title=\"");
            h(out, c->text);
            fprintf(out, "\"");
        }
        fprintf(out, ">");
        h(out, f->clause ? f->clause : "—");
        if (c) fprintf(out, "<br><small>%s</small>", spec_level_name(c->level));
        fprintf(out, "</td><td class=\"detail\">");
        h(out, f->detail);
        fprintf(out, "</td></tr>\n");
    }
    fprintf(out, "</table>\n</section>\n");
}

static void no_verdict(FILE *out, const report__data *d) {
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
        badge(out, sc->verdict);
        fprintf(out, "</td><td>");
        scenario_link(out, d, sc);
        fprintf(out, "</td><td>");
        h(out, sc->message);
        fprintf(out, "</td></tr>\n");
    }
    fprintf(out, "</table>\n</section>\n");
}

/* ---- coverage matrix ---- */

static double percent(int part, int whole) {
    return whole ? 100.0 * part / whole : 100.0;
}

static void coverage(FILE *out, const report__data *d) {
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
        h(out, api->api);
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
            h(out, r->clause->id);
            fprintf(out, "</td><td>%s</td><td class=\"n\">%d</td><td>", spec_level_name(r->clause->level), r->cited_count);
            if (r->cited_count) {
                fprintf(out, "<div class=\"cells\">");
                for (int k = 0; k < r->cited_count; k++) {
                    const report__scenario *sc = report__data_scenario(d, r->cited[k].scenario);
                    if (sc) fprintf(out, "<a class=\"cell %s\" href=\"#s-%zu\" title=\"", verdict_class(r->cited[k].verdict),
                                    (size_t)(sc - d->scenarios));
                    else fprintf(out, "<span class=\"cell %s\" title=\"", verdict_class(r->cited[k].verdict));
                    h(out, r->cited[k].scenario);
                    fprintf(out, ": ");
                    h(out, r->cited[k].verdict ? r->cited[k].verdict : "?");
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
            h(out, r->clause->text);
            fprintf(out, "</td></tr>\n");
        }
        fprintf(out, "</table>\n");
    }
    fprintf(out, "</section>\n");
}

/* ---- status chart ---- */

#define CHART_BAR_W 720 /* px for the longest bar */
#define CHART_ROW_H 20
#define CHART_BAR_H 14
#define CHART_CHAR_W 7 /* px per character of the 11px monospace labels (for layout only) */

/* Green in the chart: a channel's plain success code (status.def's SUCCESS column: E_OK, ERROR_SUCCESS,
 * STATUS_SUCCESS, OK). A success that informs (SPEC_SUCCESS_INFO: ERROR_ALREADY_EXISTS, an existing object
 * opened) is a success too (spec_status_is_success) but keeps a colour of its own, so the opened objects
 * stand apart from the created ones. */
static bool is_plain_success(const char *status) {
    const spec_status *s = spec_status_by_name(status);
    return s != NULL && s->success == SPEC_SUCCESS;
}

static int compare_status(const void *x, const void *y) {
    const char *a = *(const char *const *)x, *b = *(const char *const *)y;
    if (a == NULL || b == NULL) return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

/* The colour of a status: green for success, grey for none, else the palette by sorted position. */
static const char *status_colour(const char *status, const char *const *others, size_t other_count) {
    static const char *const palette[] = {"#cf222e", "#0969da", "#d4720a", "#8250df", "#bf3989", "#1b7c83",
                                          "#9a6700", "#57606a", "#fa4549", "#54aeff", "#e16f24", "#a475f9",
                                          "#4d2d00", "#0550ae", "#e85aad", "#3fb9c4", "#82071e", "#6639ba",
                                          "#b08800", "#24292f", "#ff8182", "#218bff", "#953800", "#99286e"};
    if (status == NULL) return "#d0d7de";
    if (is_plain_success(status)) return "#2da44e";
    for (size_t i = 0; i < other_count; i++)
        if (strcmp(others[i], status) == 0) return palette[i % (sizeof palette / sizeof palette[0])];
    return "#6e7781";
}

/* The largest of 1, 2, 5 times a power of ten that is at most n / 4 (at least 1): the grid step. */
static int64_t grid_step(int64_t max) {
    int64_t step = 1;
    while (step * 10 <= max / 4) step *= 10;
    if (step * 5 <= max / 4) step *= 5;
    else if (step * 2 <= max / 4) step *= 2;
    return step;
}

static void chart(FILE *out, const report__data *d) {
    fprintf(out, "<section id=\"status-codes\">\n<h2>Status codes per function</h2>\n");
    size_t n = d->status_count_count;
    if (n == 0) {
        fprintf(out, "<p class=\"muted\">No steps recorded.</p>\n</section>\n");
        return;
    }
    /* Rows: one per (api, function), in the list's order; totals and label width. */
    size_t rows = 0, label_chars = 0;
    int64_t max_total = 1;
    const char **others = calloc(n, sizeof *others);
    size_t other_count = 0;
    for (size_t i = 0; i < n;) {
        const report__status_count *c = &d->status_counts[i];
        int64_t total = 0;
        size_t j = i;
        for (; j < n && compare_status(&d->status_counts[j].api, &c->api) == 0 &&
               compare_status(&d->status_counts[j].function, &c->function) == 0;
             j++)
            total += d->status_counts[j].count;
        size_t chars = strlen(c->api ? c->api : "") + 1 + strlen(c->function ? c->function : "");
        if (chars > label_chars) label_chars = chars;
        if (total > max_total) max_total = total;
        rows++;
        i = j;
    }
    for (size_t i = 0; others && i < n; i++) {
        const char *s = d->status_counts[i].status;
        if (s == NULL || is_plain_success(s)) continue;
        bool seen = false;
        for (size_t k = 0; k < other_count && !seen; k++) seen = strcmp(others[k], s) == 0;
        if (!seen) others[other_count++] = s;
    }
    if (others) qsort(others, other_count, sizeof *others, compare_status);
    if (label_chars > 48) label_chars = 48;
    int label_w = (int)label_chars * CHART_CHAR_W + 12;
    int top = 24, bars_h = (int)rows * CHART_ROW_H;
    int width = label_w + CHART_BAR_W + 70;
    /* Legend: success, the others in sorted order, none; as many columns as fit. */
    bool any_null = false;
    for (size_t i = 0; i < n; i++) any_null |= d->status_counts[i].status == NULL;
    size_t legend_items = 1 + other_count + any_null, legend_chars = 11; /* "(no status)" */
    for (size_t k = 0; k < other_count; k++)
        if (strlen(others[k]) > legend_chars) legend_chars = strlen(others[k]);
    if (legend_chars > 60) legend_chars = 60;
    int legend_w = (int)legend_chars * CHART_CHAR_W + 34;
    int per_line = width / legend_w;
    if (per_line < 1) per_line = 1;
    int legend_lines = (int)((legend_items + (size_t)per_line - 1) / (size_t)per_line);
    int legend_top = top + bars_h + 16;
    int height = legend_top + legend_lines * 18 + 8;
    fprintf(out, "<p>Steps of this run per function, split by the status each produced; green is success "
                 "(ERROR_SUCCESS, E_OK, STATUS_SUCCESS, and OK for memory steps and events). Hover a bar for its "
                 "status and count.</p>\n");
    fprintf(out, "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"status codes per "
                 "function\">\n",
            width, height, width, height);
    /* Grid and its labels. */
    int64_t step = grid_step(max_total);
    for (int64_t v = 0; v <= max_total; v += step) {
        int x = label_w + (int)(v * CHART_BAR_W / max_total);
        fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#d0d7de\"/><text x=\"%d\" y=\"%d\" "
                     "text-anchor=\"middle\" fill=\"#57606a\">%lld</text>\n",
                x, top - 4, x, top + bars_h, x, top - 8, (long long)v);
    }
    size_t row = 0;
    for (size_t i = 0; i < n; row++) {
        const report__status_count *c = &d->status_counts[i];
        int y = top + (int)row * CHART_ROW_H;
        fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#1f2328\">", label_w - 8, y + 13);
        h(out, c->api);
        fprintf(out, ":");
        h(out, c->function);
        fprintf(out, "</text>\n");
        int64_t cum = 0;
        size_t j = i;
        for (; j < n && compare_status(&d->status_counts[j].api, &c->api) == 0 &&
               compare_status(&d->status_counts[j].function, &c->function) == 0;
             j++) {
            const report__status_count *s = &d->status_counts[j];
            int x0 = label_w + (int)(cum * CHART_BAR_W / max_total);
            cum += s->count;
            int x1 = label_w + (int)(cum * CHART_BAR_W / max_total);
            int w = x1 - x0 < 1 ? 1 : x1 - x0;
            fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#fff\" "
                         "stroke-width=\"0.5\"><title>",
                    x0, y + 3, w, CHART_BAR_H, status_colour(s->status, others, other_count));
            h(out, c->api);
            fprintf(out, ":");
            h(out, c->function);
            fprintf(out, " ");
            h(out, s->status ? s->status : "(no status)");
            fprintf(out, ": %lld</title></rect>\n", (long long)s->count);
            char digits[32];
            int len = snprintf(digits, sizeof digits, "%lld", (long long)s->count);
            if (w >= len * CHART_CHAR_W + 6)
                fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#fff\">%s</text>\n", x0 + w / 2,
                        y + 14, digits);
        }
        int x_end = label_w + (int)(cum * CHART_BAR_W / max_total);
        fprintf(out, "<text x=\"%d\" y=\"%d\" fill=\"#57606a\">%lld</text>\n", x_end + 6, y + 14, (long long)cum);
        i = j;
    }
    /* Legend. */
    for (size_t k = 0; k < legend_items; k++) {
        bool none = any_null && k == legend_items - 1;
        const char *name = k == 0 ? "success" : none ? "(no status)" : others[k - 1];
        const char *colour = k == 0 ? "#2da44e" : none ? "#d0d7de" : status_colour(name, others, other_count);
        int x = (int)(k % (size_t)per_line) * legend_w, y = legend_top + (int)(k / (size_t)per_line) * 18;
        fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"%d\" "
                     "fill=\"#1f2328\">",
                x, y, colour, x + 18, y + 10);
        h(out, name);
        fprintf(out, "</text>\n");
    }
    fprintf(out, "</svg>\n</section>\n");
    free(others);
}

/* ---- scenarios ---- */

typedef struct step_ctx {
    FILE *out;
    int findings;
} step_ctx;

static void muted_dash(FILE *out) {
    fprintf(out, "<span class=\"muted\">—</span>");
}

/* Arguments as "name=value" pairs separated by spaces, so a long list wraps; not an object: as stored. */
static void args_text(FILE *out, const char *args) {
    cJSON *a = args ? cJSON_Parse(args) : NULL;
    if (!cJSON_IsObject(a)) {
        if (args) h(out, args);
        else muted_dash(out);
        cJSON_Delete(a);
        return;
    }
    const cJSON *m;
    bool first = true;
    cJSON_ArrayForEach(m, a) {
        fprintf(out, "%s<span class=\"arg\">", first ? "" : " ");
        first = false;
        h(out, m->string);
        fprintf(out, "=");
        char *v = cJSON_IsString(m) ? NULL : cJSON_PrintUnformatted(m);
        h(out, cJSON_IsString(m) ? m->valuestring : v ? v : "?");
        cJSON_free(v);
        fprintf(out, "</span>");
    }
    if (first) muted_dash(out);
    cJSON_Delete(a);
}

static void step_row(void *ctx, const report__step *s) {
    step_ctx *c = ctx;
    FILE *out = c->out;
    fprintf(out, "<tr class=\"%s\"><td class=\"nw\">%lld<br><small>step %lld · %lld µs</small></td><td class=\"mono\">",
            verdict_class(s->verdict), (long long)s->seq, (long long)s->step, (long long)s->vtime_us);
    h(out, s->function);
    fprintf(out, "<br><small>");
    h(out, s->api);
    if (s->process) {
        fprintf(out, " · ");
        h(out, s->process);
    }
    fprintf(out, "</small></td><td class=\"mono args\">");
    args_text(out, s->args);
    fprintf(out, "</td><td class=\"mono\">");
    if (s->ret) h(out, s->ret);
    else muted_dash(out);
    fprintf(out, "</td><td class=\"mono\">");
    if (s->status) h(out, s->status);
    else muted_dash(out);
    if (s->last_error) {
        fprintf(out, "<br><small>last error ");
        h(out, s->last_error);
        fprintf(out, "</small>");
    }
    fprintf(out, "</td><td class=\"mono\">");
    report__buf e = {0};
    report__expected_text(&e, s->expected);
    if (s->expected) h(out, report__buf_str(&e));
    else muted_dash(out);
    report__buf_free(&e);
    fprintf(out, "</td><td class=\"nw\">");
    badge(out, s->verdict);
    if (s->clause) {
        fprintf(out, "<br><small class=\"mono\">");
        h(out, s->clause);
        fprintf(out, "</small>");
    }
    fprintf(out, "</td><td class=\"detail\">");
    if (s->detail) h(out, s->detail);
    fprintf(out, "</td></tr>\n");
}

static void finding_item(void *ctx, const report__finding *f) {
    step_ctx *c = ctx;
    FILE *out = c->out;
    if (c->findings++ == 0) fprintf(out, "<ul class=\"findings\">\n");
    fprintf(out, "<li>seq %lld · <b>", (long long)f->seq);
    h(out, f->kind);
    fprintf(out, "</b>");
    if (f->clause) {
        fprintf(out, " · <span class=\"mono\">");
        h(out, f->clause);
        fprintf(out, "</span>");
    }
    fprintf(out, ": ");
    h(out, f->detail);
    fprintf(out, "</li>\n");
}

static int scenarios(FILE *out, const report__data *d, char *err, size_t cap) {
    fprintf(out, "<section id=\"scenarios\">\n<h2>Scenarios (%zu)</h2>\n<p>Failing scenarios are open; click any other "
                 "to see its steps.</p>\n",
            d->scenario_count);
    char family[256] = "", prev[256] = "";
    for (size_t i = 0; i < d->scenario_count; i++) {
        const report__scenario *sc = &d->scenarios[i];
        report__family(sc->id, family, sizeof family);
        if (i == 0 || strcmp(family, prev) != 0) {
            size_t count = 0;
            for (size_t k = i; k < d->scenario_count; k++) {
                char f2[256];
                report__family(d->scenarios[k].id, f2, sizeof f2);
                if (strcmp(f2, family) != 0) break;
                count++;
            }
            fprintf(out, "<h3>");
            h(out, family);
            fprintf(out, " <small>%zu scenario%s</small></h3>\n", count, count == 1 ? "" : "s");
            memcpy(prev, family, sizeof prev);
        }
        int v = report__verdict_index(sc->verdict);
        bool open = v != REPORT__PASS && v != REPORT__SKIP;
        fprintf(out, "<details id=\"s-%zu\"%s><summary>", i, open ? " open" : "");
        badge(out, sc->verdict);
        fprintf(out, " <span class=\"mono\">");
        h(out, sc->id);
        fprintf(out, "</span>");
        if (sc->change == REPORT__CHANGE_NEW || sc->change == REPORT__CHANGE_FIXED)
            fprintf(out, " <span class=\"tag %s\">%s</span>", report__change_name(sc->change),
                    report__change_name(sc->change));
        fprintf(out, "<small>%lld step%s · ", (long long)sc->steps, sc->steps == 1 ? "" : "s");
        h(out, sc->path);
        fprintf(out, "</small></summary>\n");
        if (sc->message && sc->message[0]) {
            fprintf(out, "<p>");
            h(out, sc->message);
            fprintf(out, "</p>\n");
        }
        fprintf(out, "<table class=\"steps\">\n<tr><th>seq</th><th>call</th><th>arguments</th><th>return</th>"
                     "<th>status</th><th>expected</th><th>verdict</th><th>detail</th></tr>\n");
        step_ctx ctx = {out, 0};
        int rc = report__data_each_step(d, sc->id, step_row, NULL, &ctx, err, cap);
        fprintf(out, "</table>\n");
        if (rc == REPORT_OK) rc = report__data_each_step(d, sc->id, NULL, finding_item, &ctx, err, cap);
        if (ctx.findings) fprintf(out, "</ul>\n");
        fprintf(out, "</details>\n");
        if (rc != REPORT_OK) return rc;
    }
    fprintf(out, "</section>\n");
    return REPORT_OK;
}

int report__render_html(const report__data *d, FILE *out, char *err, size_t cap) {
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>rtshm report: ");
    h(out, d->run.implementation);
    fprintf(out, ", run %lld</title>\n<style>%s</style>\n</head>\n<body>\n", (long long)d->run.id, css);
    header(out, d);
    totals(out, d);
    if (d->has_baseline) changes(out, d);
    failures(out, d);
    no_verdict(out, d);
    coverage(out, d);
    chart(out, d);
    int rc = scenarios(out, d, err, cap);
    fprintf(out, "<footer>Rendered by rtshm from the trace database alone: the same trace renders the same page. "
                 "The only time shown is the run's own start.</footer>\n</body>\n</html>\n");
    return rc;
}
