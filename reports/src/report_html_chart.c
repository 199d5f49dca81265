/* reports/src/report_html_chart.c — the HTML report's bar chart (inline SVG) of status codes per function.
 *
 * One horizontal stacked bar per (api, function), one segment per status with its count and a tooltip,
 * a grid, and a legend. Green is a plain success (status.def's SUCCESS column); other statuses take
 * palette colours in sorted order; steps without a status are grey. The geometry is integer
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

/* Green in the chart: a channel's plain success code (status.def's SUCCESS column: E_OK, ERROR_SUCCESS,
 * STATUS_SUCCESS, OK). A success that informs (SPEC_SUCCESS_INFO: ERROR_ALREADY_EXISTS, an existing object
 * opened) is a success too (spec_status_is_success) but keeps a colour of its own, so the opened objects
 * stand apart from the created ones. */
static bool is_plain_success(const char *status) {
    const spec_status *s = spec_status_by_name(status);
    return s != NULL && s->success == SPEC_SUCCESS;
}

/* Order of two status names (pointers to const char *, as qsort passes them): NULL first, then bytewise. */
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

/* Contract in report_html_int.h. Rows follow d->status_counts (api, function, status order); the legend
 * lists success, the other statuses in sorted order, then "(no status)" when some step recorded none. */
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
                    x0, y + 3, w, CHART_BAR_H, status_colour(s->status, others, other_count));
            report__html_text(out, c->api);
            fprintf(out, ":");
            report__html_text(out, c->function);
            fprintf(out, " ");
            report__html_text(out, s->status ? s->status : "(no status)");
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
        report__html_text(out, name);
        fprintf(out, "</text>\n");
    }
    fprintf(out, "</svg>\n</section>\n");
    free(others);
}
