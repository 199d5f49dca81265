/* reports/src/report_html_chart.c — the HTML report's bar chart (inline SVG) of status codes per function.
 *
 * One horizontal stacked bar per (api, function), one segment per status (and per outcome: passing steps
 * before failing ones) with its count and a tooltip, a grid, and beside it a legend. Colours are by class,
 * not by status (four, however many statuses the run produced): success green, an expected error status
 * blue, unexpected red, no status grey. The geometry is integer
 * arithmetic on the counts and on label lengths, so the same trace draws the same picture byte for
 * byte. */
#include <stdlib.h>
#include <string.h>

#include "report_html_int.h"
#include "report_int.h"
#include "spec/status.h"

#define CHART_BAR_W 720 /* px for the longest bar */
#define CHART_ROW_H 20
#define CHART_BAR_H 14
#define CHART_CHAR_W 7 /* px per character of the 11px monospace labels (for layout only) */

/* The chart's colour classes: a step's status is a success (status.def's SUCCESS column, or a success that
 * informs, such as ERROR_ALREADY_EXISTS for an opened object), an error status the scenario expected (the
 * step passed), unexpected (the step's verdict was FAIL or DIVERGE, whatever its status), or none. Four
 * colours, one per class, whatever the number of statuses: the status itself is in each segment's tooltip. */
enum { CLASS_SUCCESS, CLASS_EXPECTED, CLASS_UNEXPECTED, CLASS_NONE, CLASS_COUNT };
static const char *const class_colour[CLASS_COUNT] = {"#2da44e", "#0969da", "#cf222e", "#d0d7de"};
static const char *const class_name[CLASS_COUNT] = {"success", "expected error status", "unexpected (FAIL, DIVERGE)",
                                                    "no status"};
static const char *const class_css[CLASS_COUNT] = {"c-success", "c-expected", "c-unexpected", "c-none"};

static int status_class(const report__status_count *s) {
    if (s->failing) return CLASS_UNEXPECTED;
    if (s->status == NULL) return CLASS_NONE;
    const spec_status *known = spec_status_by_name(s->status);
    return known && spec_status_is_success(known) ? CLASS_SUCCESS : CLASS_EXPECTED;
}

/* Order of two names (pointers to const char *, as qsort passes them): NULL first, then bytewise. */
static int compare_status(const void *x, const void *y) {
    const char *a = *(const char *const *)x, *b = *(const char *const *)y;
    if (a == NULL || b == NULL) return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

/* The largest of 1, 2, 5 times a power of ten that is at most n / 4 (at least 1): the grid step. */
static int64_t grid_step(int64_t max) {
    int64_t step = 1;
    while (step * 10 <= max / 4) step *= 10;
    if (step * 5 <= max / 4) step *= 5;
    else if (step * 2 <= max / 4) step *= 2;
    return step;
}

/* Contract in report_html_int.h. Rows follow d->status_counts (api, function, status, failing order); the
 * legend lists the classes the chart uses. */
void report__html_chart(FILE *out, const report__data *d) {
    fprintf(out, "<section id=\"status-codes\">\n<h2>Status codes per function</h2>\n");
    size_t n = d->status_count_count;
    if (n == 0) {
        fprintf(out, "<p class=\"muted\">No steps recorded.</p>\n</section>\n");
        return;
    }
    /* Rows: one per (api, function), in the list's order; totals and label width. */
    size_t rows = 0, label_chars = 0;
    int64_t max_total = 1;
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
    if (label_chars > 48) label_chars = 48;
    int label_w = (int)label_chars * CHART_CHAR_W + 12;
    int top = 24, bars_h = (int)rows * CHART_ROW_H;
    int width = label_w + CHART_BAR_W + 70;
    int height = top + bars_h + 8;
    bool present[CLASS_COUNT] = {false};
    for (size_t i = 0; i < n; i++) present[status_class(&d->status_counts[i])] = true;
    fprintf(out, "<p>Steps of this run per function, split by the status each produced and coloured by its class: "
                 "success (ERROR_SUCCESS, E_OK, STATUS_SUCCESS, OK for memory steps and events; also the successes "
                 "that inform, such as the status of an opened object), an error status the scenario expected, "
                 "or unexpected (a step that failed or diverged). Hover a segment for its status and count.</p>\n"
                 "<div class=\"chart\">\n");
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
        report__html_text(out, c->api);
        fprintf(out, ":");
        report__html_text(out, c->function);
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
                    x0, y + 3, w, CHART_BAR_H, class_colour[status_class(s)]);
            report__html_text(out, c->api);
            fprintf(out, ":");
            report__html_text(out, c->function);
            fprintf(out, " ");
            report__html_text(out, s->status ? s->status : "(no status)");
            fprintf(out, " (%s): %lld</title></rect>\n", class_name[status_class(s)], (long long)s->count);
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
    /* The legend beside the chart (HTML, so it wraps and reads as text): the classes present. */
    fprintf(out, "</svg>\n<ul class=\"legend\">\n");
    for (int k = 0; k < CLASS_COUNT; k++)
        if (present[k])
            fprintf(out, "<li><span class=\"sw %s\"></span>%s</li>\n", class_css[k], class_name[k]);
    fprintf(out, "</ul>\n</div>\n</section>\n");
}
