/* reports/src/report_html_scenarios.c — the HTML report's last section: every scenario, grouped by family
 * (the id up to its first dot; each family a <div class="fam" id="f-FAMILY">), in a <details> element with
 * its steps and findings, or — beyond the page's step budget — as one line.
 *
 * The steps and findings are streamed from the trace (report__data_each_step), one scenario at a time.
 * FAIL, DIVERGE, ERROR, CRASH and TIMEOUT scenarios are open; the rest open on a click. Each scenario's
 * element has the scenario id as its id (report__html_anchor), which the other sections link to, and a
 * data-key the filter script matches. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "report_html_int.h"
#include "report_int.h"

/* What the step and finding callbacks of one scenario share: the page, and how many findings so far
 * (the first opens their list). */
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
        if (args) report__html_text(out, args);
        else muted_dash(out);
        cJSON_Delete(a);
        return;
    }
    const cJSON *m;
    bool first = true;
    cJSON_ArrayForEach(m, a) {
        fprintf(out, "%s<span class=\"arg\">", first ? "" : " ");
        first = false;
        report__html_text(out, m->string);
        fprintf(out, "=");
        char *v = cJSON_IsString(m) ? NULL : cJSON_PrintUnformatted(m);
        report__html_text(out, cJSON_IsString(m) ? m->valuestring : v ? v : "?");
        cJSON_free(v);
        fprintf(out, "</span>");
    }
    if (first) muted_dash(out);
    cJSON_Delete(a);
}

/* One step as a table row: seq, step and virtual time; call, api and process; arguments; return;
 * status and last error; expected; verdict and clause; detail. */
static void step_row(void *ctx, const report__step *s) {
    step_ctx *c = ctx;
    FILE *out = c->out;
    fprintf(out, "<tr class=\"%s\"><td class=\"nw\">%lld<br><small>step %lld · %lld µs</small></td><td class=\"mono\">",
            report__html_verdict_class(s->verdict), (long long)s->seq, (long long)s->step, (long long)s->vtime_us);
    report__html_text(out, s->function);
    fprintf(out, "<br><small>");
    report__html_text(out, s->api);
    if (s->process) {
        fprintf(out, " · ");
        report__html_text(out, s->process);
    }
    fprintf(out, "</small></td><td class=\"mono args\">");
    args_text(out, s->args);
    fprintf(out, "</td><td class=\"mono\">");
    if (s->ret) report__html_text(out, s->ret);
    else muted_dash(out);
    fprintf(out, "</td><td class=\"mono\">");
    if (s->status) report__html_text(out, s->status);
    else muted_dash(out);
    if (s->last_error) {
        fprintf(out, "<br><small>last error ");
        report__html_text(out, s->last_error);
        fprintf(out, "</small>");
    }
    fprintf(out, "</td><td class=\"mono\">");
    report__buf e = {0};
    report__expected_text(&e, s->expected);
    if (s->expected) report__html_text(out, report__buf_str(&e));
    else muted_dash(out);
    report__buf_free(&e);
    fprintf(out, "</td><td class=\"nw\">");
    report__html_badge(out, s->verdict);
    if (s->clause) {
        fprintf(out, "<br><small class=\"mono\">");
        report__html_text(out, s->clause);
        fprintf(out, "</small>");
    }
    fprintf(out, "</td><td class=\"detail\">");
    if (s->detail) report__html_text(out, s->detail);
    fprintf(out, "</td></tr>\n");
}

/* One finding as a list item (the list opened before the first). */
static void finding_item(void *ctx, const report__finding *f) {
    step_ctx *c = ctx;
    FILE *out = c->out;
    if (c->findings++ == 0) fprintf(out, "<ul class=\"findings\">\n");
    fprintf(out, "<li>seq %lld · <b>", (long long)f->seq);
    report__html_text(out, f->kind);
    fprintf(out, "</b>");
    if (f->clause) {
        fprintf(out, " · <span class=\"mono\">");
        report__html_text(out, f->clause);
        fprintf(out, "</span>");
    }
    fprintf(out, ": ");
    report__html_text(out, f->detail);
    fprintf(out, "</li>\n");
}

/* Which scenarios get their steps in the page (report_html_int.h): failing ones (neither PASS nor SKIP) in id
 * order while the budget lasts, then the passing ones only if all of them fit in what is left. with_steps[i]
 * is set for each; returns how many steps were left out. */
static int64_t plan_steps(const report__data *d, bool *with_steps) {
    int64_t budget = (int64_t)d->html_step_budget, used = 0, passing = 0, left_out = 0;
    for (size_t i = 0; i < d->scenario_count; i++) {
        const report__scenario *sc = &d->scenarios[i];
        int v = report__verdict_index(sc->verdict);
        if (v == REPORT__PASS || v == REPORT__SKIP) {
            passing += sc->steps;
            continue;
        }
        with_steps[i] = used + sc->steps <= budget;
        if (with_steps[i]) used += sc->steps;
        else left_out += sc->steps;
    }
    bool passing_fit = used + passing <= budget;
    for (size_t i = 0; i < d->scenario_count; i++) {
        int v = report__verdict_index(d->scenarios[i].verdict);
        if (v == REPORT__PASS || v == REPORT__SKIP) with_steps[i] = passing_fit;
    }
    return left_out + (passing_fit ? 0 : passing);
}

/* The filter's key of a scenario: id, verdict and outcome, lower case, HTML-escaped. */
static void filter_key(FILE *out, const report__scenario *sc) {
    char key[512];
    snprintf(key, sizeof key, "%s %s %s", sc->id, sc->verdict ? sc->verdict : "", report__outcome_name(sc->outcome) ?
             report__outcome_name(sc->outcome) : "");
    for (char *p = key; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
    report__html_text(out, key);
}

/* The summary line of a scenario: badge, id, change tag, steps and path. */
static void scenario_summary(FILE *out, const report__scenario *sc) {
    report__html_scenario_badge(out, sc);
    fprintf(out, " <span class=\"mono\">");
    report__html_text(out, sc->id);
    fprintf(out, "</span>");
    if (sc->change == REPORT__CHANGE_NEW || sc->change == REPORT__CHANGE_FIXED)
        fprintf(out, " <span class=\"tag %s\">%s</span>", report__change_name(sc->change), report__change_name(sc->change));
    fprintf(out, "<small>%lld step%s · ", (long long)sc->steps, sc->steps == 1 ? "" : "s");
    report__html_text(out, sc->path);
    fprintf(out, "</small>");
}

/* One scenario with its steps and findings in a <details> (open when it did not pass). */
static int scenario_details(FILE *out, const report__data *d, const report__scenario *sc, char *err, size_t cap) {
    int v = report__verdict_index(sc->verdict);
    bool open = v != REPORT__PASS && v != REPORT__SKIP;
    fprintf(out, "<details class=\"scn\" id=\"");
    report__html_anchor(out, sc->id);
    fprintf(out, "\" data-key=\"");
    filter_key(out, sc);
    fprintf(out, "\"%s><summary>", open ? " open" : "");
    scenario_summary(out, sc);
    fprintf(out, "</summary>\n");
    if (sc->message && sc->message[0]) {
        fprintf(out, "<p>");
        report__html_text(out, sc->message);
        fprintf(out, "</p>\n");
    }
    if (sc->outcome != REPORT__OUTCOME_NONE && sc->expect_reason) {
        fprintf(out, "<p>Expected %s: ", sc->expected ? sc->expected : "");
        report__html_text(out, sc->expect_reason);
        if (sc->expect_link) {
            fprintf(out, " <span class=\"mono muted\">");
            report__html_text(out, sc->expect_link);
            fprintf(out, "</span>");
        }
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
    return rc;
}

int report__html_scenarios(FILE *out, const report__data *d, char *err, size_t cap) {
    bool *with_steps = calloc(d->scenario_count ? d->scenario_count : 1, sizeof *with_steps);
    if (with_steps == NULL) {
        snprintf(err, cap, "out of memory");
        return REPORT_EINTERNAL;
    }
    int64_t left_out = plan_steps(d, with_steps);
    fprintf(out, "<section id=\"scenarios\">\n<h2>Scenarios (%zu)</h2>\n<p>Failing scenarios are open; click any other "
                 "to see its steps.",
            d->scenario_count);
    if (left_out)
        fprintf(out, " To keep this page small (at most %zu steps), %lld steps are left out: those scenarios are one line "
                     "each; <span class=\"mono\">rtshm export DB --run %lld</span> has every step.",
                d->html_step_budget, (long long)left_out, (long long)d->run.id);
    fprintf(out, "</p>\n<p><input id=\"filter\" type=\"search\" placeholder=\"filter by id, verdict or outcome\" "
                 "aria-label=\"filter scenarios\" hidden> <span id=\"filter-count\" class=\"muted\"></span></p>\n");
    char family[256] = "", prev[256] = "";
    int rc = REPORT_OK;
    for (size_t i = 0; i < d->scenario_count && rc == REPORT_OK; i++) {
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
            if (i > 0) fprintf(out, "</div>\n");
            fprintf(out, "<div class=\"fam\" id=\"f-");
            report__html_anchor(out, family);
            fprintf(out, "\">\n<h3>");
            report__html_text(out, family);
            fprintf(out, " <small>%zu scenario%s</small></h3>\n", count, count == 1 ? "" : "s");
            memcpy(prev, family, sizeof prev);
        }
        if (with_steps[i]) {
            rc = scenario_details(out, d, sc, err, cap);
            continue;
        }
        fprintf(out, "<div class=\"scn line\" id=\"");
        report__html_anchor(out, sc->id);
        fprintf(out, "\" data-key=\"");
        filter_key(out, sc);
        fprintf(out, "\">");
        scenario_summary(out, sc);
        fprintf(out, "</div>\n");
    }
    free(with_steps);
    if (rc != REPORT_OK) return rc;
    if (d->scenario_count) fprintf(out, "</div>\n");
    fprintf(out, "</section>\n");
    return REPORT_OK;
}
