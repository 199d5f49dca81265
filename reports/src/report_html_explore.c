/* reports/src/report_html_explore.c — the HTML report's Exploration section: the exploration the trace
 * holds (`rtshm explore --db`, report_data_explore.c), when it holds one.
 *
 * Its header (implementation, seed, state and exit code, command, totals), then the shrunk files (each
 * linked to the divergence it came from and, when the reported run holds it, to that scenario), then the
 * divergences, one row each (scenario number, its seed, verdict, step, function, clause, fields and the
 * runner's message), at most REPORT__EXPLORE_MAX_DIVERGENCES. Anchors: the section is #explore and a
 * divergence #explore_ID_NUMBER (numbers and "_", which no scenario id holds: no scenario's anchor is the
 * same). Text is escaped with report__html_text; classes come from report_html.c's fixed list. */
#include <stdio.h>

#include "report_html_int.h"
#include "report_int.h"

/* A clause id with its level under it and its text as the cell's title ("—" for none). */
static void clause_cell(FILE *out, const char *clause) {
    const spec_clause *c = clause ? spec_clause_find(clause) : NULL;
    fprintf(out, "<td class=\"mono nw\"");
    if (c) {
        fprintf(out, " title=\"");
        report__html_text(out, c->text);
        fprintf(out, "\"");
    }
    fprintf(out, ">");
    report__html_text(out, clause ? clause : "—");
    if (c) fprintf(out, "<br><small>%s</small>", spec_level_name(c->level));
    fprintf(out, "</td>");
}

static void header(FILE *out, const report__explore *e) {
    fprintf(out, "<table class=\"kv\">\n<tr><th>implementation</th><td>");
    report__html_text(out, e->implementation);
    fprintf(out, "</td></tr>\n<tr><th>tool version</th><td>");
    report__html_text(out, e->tool_version);
    fprintf(out, "</td></tr>\n<tr><th>seed</th><td>");
    report__html_text(out, e->seed);
    fprintf(out, "</td></tr>\n<tr><th>state</th><td>");
    report__html_text(out, e->state);
    if (e->has_exit_code) fprintf(out, ", exit %lld", (long long)e->exit_code);
    fprintf(out, "</td></tr>\n<tr><th>command</th><td class=\"mono\">");
    report__buf argv = {0};
    report__argv_text(&argv, e->args);
    report__html_text(out, report__buf_str(&argv));
    report__buf_free(&argv);
    fprintf(out, "</td></tr>\n</table>\n<p><b>%lld scenarios</b> generated (%lld steps), <b>%lld diverged</b>, %lld "
                 "shrunk.",
            (long long)e->scenarios, (long long)e->steps, (long long)e->diverged, (long long)e->shrunk_rows);
    if (e->recorded != e->scenarios)
        fprintf(out, " %lld scenarios recorded (an exploration that did not finish records its totals as 0).",
                (long long)e->recorded);
    if (e->in_trace > 1)
        fprintf(out, " %lld explorations in this trace: <code>rtshm report --explore ID</code> shows another.",
                (long long)e->in_trace);
    fprintf(out, "</p>\n");
}

static void shrunk_table(FILE *out, const report__data *d) {
    const report__explore *e = &d->explore;
    if (e->shrunk_rows == 0) return;
    char fields[64];
    fprintf(out, "<h3>Shrunk scenarios (%lld)</h3>\n<table class=\"fail\">\n<tr><th>verdict</th><th>scenario</th>"
                 "<th>file</th><th>steps</th><th>function</th><th>clause</th><th>fields</th><th>candidates</th>"
                 "<th>in this run</th></tr>\n",
            (long long)e->shrunk_rows);
    for (size_t i = 0; i < e->shrunk_count; i++) {
        const report__explore_shrunk *s = &e->shrunk[i];
        fprintf(out, "<tr><td class=\"nw\">");
        report__html_badge(out, s->verdict);
        fprintf(out, "</td><td class=\"n\"><a href=\"#explore_%lld_%lld\">%lld</a></td><td class=\"mono\">",
                (long long)e->id, (long long)s->number, (long long)s->number);
        report__html_text(out, s->path);
        fprintf(out, "</td><td class=\"n nw\">%lld → %lld</td><td class=\"mono nw\">", (long long)s->steps_before,
                (long long)s->steps_after);
        report__html_text(out, s->function);
        fprintf(out, "</td>");
        clause_cell(out, s->clause);
        fprintf(out, "<td class=\"mono\">%s</td><td class=\"n\">%lld</td><td>",
                report__explore_fields_text(s->fields, fields, sizeof fields), (long long)s->candidates);
        const report__scenario *sc = report__data_scenario(d, s->run_scenario);
        if (sc) report__html_scenario_link(out, d, sc);
        else fprintf(out, "<span class=\"muted\">—</span>");
        fprintf(out, "</td></tr>\n");
    }
    fprintf(out, "</table>\n");
    if (e->shrunk_rows > (int64_t)e->shrunk_count)
        fprintf(out, "<p class=\"muted\">and %lld more (the first %zu are listed).</p>\n",
                (long long)(e->shrunk_rows - (int64_t)e->shrunk_count), e->shrunk_count);
}

static void divergence_table(FILE *out, const report__explore *e) {
    if (e->divergence_rows == 0) {
        fprintf(out, "<p class=\"ok\">No divergence in %lld generated scenarios.</p>\n", (long long)e->recorded);
        return;
    }
    char fields[64];
    fprintf(out, "<h3>Divergences (%lld)</h3>\n<table class=\"fail\">\n<tr><th>verdict</th><th>scenario</th><th>seed</th>"
                 "<th>step</th><th>function</th><th>clause</th><th>fields</th><th>message</th></tr>\n",
            (long long)e->divergence_rows);
    for (size_t i = 0; i < e->divergence_count; i++) {
        const report__explore_divergence *v = &e->divergences[i];
        fprintf(out, "<tr id=\"explore_%lld_%lld\"><td class=\"nw\">", (long long)e->id, (long long)v->number);
        report__html_badge(out, v->verdict);
        if (report__explore_shrunk_of(e, v->number)) fprintf(out, "<br><span class=\"tag still\">shrunk</span>");
        fprintf(out, "</td><td class=\"n\">%lld</td><td class=\"mono\">", (long long)v->number);
        report__html_text(out, v->seed);
        fprintf(out, "</td><td class=\"n\">");
        if (v->has_step) fprintf(out, "%lld", (long long)v->step);
        fprintf(out, "</td><td class=\"mono nw\">");
        report__html_text(out, v->function ? v->function : "—");
        fprintf(out, "</td>");
        clause_cell(out, v->clause);
        fprintf(out, "<td class=\"mono\">%s</td><td class=\"detail\">",
                report__explore_fields_text(v->fields, fields, sizeof fields));
        report__html_text(out, v->message);
        fprintf(out, "</td></tr>\n");
    }
    fprintf(out, "</table>\n");
    if (e->divergence_rows > (int64_t)e->divergence_count)
        fprintf(out, "<p class=\"muted\">and %lld more (the first %zu are listed).</p>\n",
                (long long)(e->divergence_rows - (int64_t)e->divergence_count), e->divergence_count);
}

void report__html_explore(FILE *out, const report__data *d) {
    const report__explore *e = &d->explore;
    fprintf(out, "<section id=\"explore\">\n<h2>Exploration %lld <small>", (long long)e->id);
    report__html_text(out, e->implementation);
    fprintf(out, "</small></h2>\n");
    header(out, e);
    shrunk_table(out, d);
    divergence_table(out, e);
    fprintf(out, "</section>\n");
}
