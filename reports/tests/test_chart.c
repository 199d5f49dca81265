/* reports/tests/test_chart.c — the HTML report's status chart colours by class, reading success from the
 * status table (spec/status.def's SUCCESS column), not from a list of its own: plain success codes and the
 * successes that inform (ERROR_ALREADY_EXISTS) are green and the plain ones named in the caption; an error
 * status a passing step expected is blue; any status of a failing step is red; the legend beside the chart
 * lists the classes, not the statuses. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reports/report.h"
#include "spec/status.h"
#include "traces/trace.h"
#include "../../traces/tests/test_tmp.h"

#define GREEN "#2da44e"

static char db_path[256];

/* One run, one scenario: RtCreateSharedMemory creates (ERROR_SUCCESS), opens the same name
 * (ERROR_ALREADY_EXISTS), then CloseHandle fails as expected (ERROR_INVALID_HANDLE); a read reports OK; a
 * last CloseHandle's ERROR_INVALID_HANDLE was not expected (FAIL). */
static void make_trace(void) {
    test_tmp_file(db_path, sizeof db_path, "chart");
    test_tmp_remove(db_path);
    trace_db *t;
    char err[256];
    ck_assert_int_eq(trace_open(db_path, &t, err, sizeof err), 0);
    int64_t run;
    ck_assert_int_eq(trace_run_begin(t, "v", "reference", 1, "[]", "x", &run), 0);
    ck_assert_int_eq(trace_scenario_begin(t, run), 0);
    const char *steps[][5] = {{"call", "iwin32", "RtCreateSharedMemory", "ERROR_SUCCESS", "PASS"},
                              {"call", "iwin32", "RtCreateSharedMemory", "ERROR_ALREADY_EXISTS", "PASS"},
                              {"call", "iwin32", "CloseHandle", "ERROR_INVALID_HANDLE", "PASS"},
                              {"read", "mem", "read", "OK", "PASS"},
                              {"call", "iwin32", "CloseHandle", "ERROR_INVALID_HANDLE", "FAIL"}};
    for (int i = 0; i < 5; i++) {
        trace_step_row r = {.scenario = "a", .seq = i, .kind = steps[i][0], .api = steps[i][1],
                            .function = steps[i][2], .status = steps[i][3], .verdict = steps[i][4]};
        ck_assert_int_eq(trace_step(t, &r), 0);
    }
    trace_scenario_row sa = {"a", "a.json", "00", "FAIL", NULL, 5, NULL, 0};
    ck_assert_int_eq(trace_scenario_commit(t, &sa), 0);
    ck_assert_int_eq(trace_run_finish(t, run, "complete"), 0);
    trace_close(t);
}

static char *render_html(void) {
    char *text = NULL, err[256];
    size_t len;
    FILE *mem = open_memstream(&text, &len);
    report_options o = {.db = db_path, .format = REPORT_HTML};
    ck_assert_int_eq(report_render(&o, mem, err, sizeof err), REPORT_OK);
    fclose(mem);
    return text;
}

/* The fill colour of the chart segment whose tooltip is title ("" when there is none). */
static void segment_fill(const char *html, const char *title, char *fill, size_t cap) {
    char key[128];
    snprintf(key, sizeof key, "<title>%s</title>", title);
    const char *t = strstr(html, key);
    fill[0] = '\0';
    if (t == NULL) return;
    const char *f = t;
    while (f > html && strncmp(f, "fill=\"", 6) != 0) f--;
    snprintf(fill, cap, "%.*s", (int)strcspn(f + 6, "\""), f + 6);
}

START_TEST(chart_colours_follow_the_status_classes) {
    make_trace();
    char *html = render_html();
    char fill[32];
    segment_fill(html, "iwin32:RtCreateSharedMemory ERROR_SUCCESS (success): 1", fill, sizeof fill);
    ck_assert_str_eq(fill, GREEN);
    segment_fill(html, "mem:read OK (success): 1", fill, sizeof fill);
    ck_assert_str_eq(fill, GREEN);
    segment_fill(html, "iwin32:RtCreateSharedMemory ERROR_ALREADY_EXISTS (success): 1", fill, sizeof fill);
    ck_assert_str_eq(fill, GREEN);
    segment_fill(html, "iwin32:CloseHandle ERROR_INVALID_HANDLE (expected error status): 1", fill, sizeof fill);
    ck_assert_str_eq(fill, "#0969da");
    segment_fill(html, "iwin32:CloseHandle ERROR_INVALID_HANDLE (unexpected (FAIL, DIVERGE)): 1", fill, sizeof fill);
    ck_assert_str_eq(fill, "#cf222e");
    /* the legend is HTML beside the SVG, one entry per class present, none per status */
    const char *svg_end = strstr(html, "</svg>\n<ul class=\"legend\">\n");
    ck_assert_ptr_nonnull(svg_end);
    ck_assert_ptr_nonnull(strstr(svg_end, "<li><span class=\"sw c-success\"></span>success</li>\n"
                                          "<li><span class=\"sw c-expected\"></span>expected error status</li>\n"
                                          "<li><span class=\"sw c-unexpected\"></span>unexpected (FAIL, DIVERGE)</li>\n"
                                          "</ul>\n"));
    ck_assert_ptr_null(strstr(svg_end, "no status</li>"));
    ck_assert_ptr_null(strstr(html, ">ERROR_ALREADY_EXISTS</text>"));
    free(html);
    test_tmp_remove(db_path);
}
END_TEST

START_TEST(chart_caption_names_every_plain_success_of_the_table) {
    make_trace();
    char *html = render_html();
    const char *start = strstr(html, "coloured by its class: success (");
    ck_assert_ptr_nonnull(start);
    char caption[256];
    snprintf(caption, sizeof caption, "%.*s", (int)strcspn(start, ")"), start);
    int count = 0, plain = 0;
    const spec_status *table = spec_status_table(&count);
    for (int i = 0; i < count; i++) {
        bool named = strstr(caption, table[i].name) != NULL;
        if (table[i].success == SPEC_SUCCESS) plain++;
        if (table[i].success == SPEC_SUCCESS) ck_assert_msg(named, "%s missing from '%s'", table[i].name, caption);
        else if (strcmp(table[i].name, "OK") != 0) /* "OK" is part of E_OK */
            ck_assert_msg(!named, "%s named in '%s'", table[i].name, caption);
    }
    ck_assert_int_eq(plain, 4);
    free(html);
    test_tmp_remove(db_path);
}
END_TEST

Suite *chart_suite(void) {
    Suite *s = suite_create("chart");
    TCase *tc = tcase_create("chart");
    tcase_add_test(tc, chart_colours_follow_the_status_classes);
    tcase_add_test(tc, chart_caption_names_every_plain_success_of_the_table);
    suite_add_tcase(s, tc);
    return s;
}
