/* reports/tests/test_report_explore.c — `rtshm report` of a trace that holds explorations (`rtshm explore
 * --db`), in its four formats, on crafted traces whose explore tables are made and filled as
 * traces/TRACE-SCHEMA.md ("Explore tables") documents them (the real explorer's rows are checked end to end
 * by explore_report.sh).
 *
 * The trace (make_trace): one run of 'lib.so' holding explore.7.1 (FAIL, path out/explore/explore.7.1.json,
 * the shrunk run explore records) and two explorations. Exploration 1: complete, exit 1, seed 7, 3 scenarios
 * (25 steps): 0 PASS, 1 FAIL at step 4 of RtCreateSharedMemory by IWIN32.CREATE.EXISTS (status+last_error),
 * 2 CRASH with no step, function or clause; scenario 1 shrunk from 9 to 2 steps into
 * out/explore/explore.7.1.json. Exploration 2: interrupted while running (state running, no exit code, totals
 * 0) after one DIVERGE row whose texts hold markup, a '|' and an invalid UTF-8 byte. */
#include <check.h>
#include <cjson/cJSON.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"
#include "reports/report.h"
#include "traces/trace.h"
#include "../../traces/tests/test_tmp.h"

static char db_path[256];

/* The explore tables as TRACE-SCHEMA.md documents them. */
static const char explore_tables[] =
    "CREATE TABLE explore_runs (id INTEGER PRIMARY KEY, tool_version TEXT NOT NULL, implementation TEXT NOT NULL,"
    " seed TEXT NOT NULL, args TEXT NOT NULL, state TEXT NOT NULL, exit_code INTEGER, scenarios INTEGER NOT NULL"
    " DEFAULT 0, steps INTEGER NOT NULL DEFAULT 0, diverged INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE explore_scenarios (run_id INTEGER NOT NULL, number INTEGER NOT NULL, seed TEXT NOT NULL,"
    " verdict TEXT NOT NULL, step INTEGER, function TEXT, clause TEXT, fields INTEGER NOT NULL, message TEXT,"
    " scenario TEXT, PRIMARY KEY (run_id, number));"
    "CREATE TABLE explore_shrunk (run_id INTEGER NOT NULL, number INTEGER NOT NULL, verdict TEXT NOT NULL,"
    " clause TEXT, fields INTEGER NOT NULL, function TEXT, path TEXT NOT NULL, scenario TEXT NOT NULL,"
    " steps_before INTEGER NOT NULL, steps_after INTEGER NOT NULL, candidates INTEGER NOT NULL,"
    " PRIMARY KEY (run_id, number));";

static const char explore_rows[] =
    "INSERT INTO explore_runs VALUES (1, '0.1.0', 'lib.so', '7',"
    " '[\"rtshm\",\"explore\",\"--impl\",\"lib.so\",\"--seed\",\"7\",\"--count\",\"3\"]', 'complete', 1, 3, 25, 2);"
    "INSERT INTO explore_scenarios VALUES (1, 0, '00000000000000aa', 'PASS', NULL, NULL, NULL, 0, NULL, NULL);"
    "INSERT INTO explore_scenarios VALUES (1, 1, '00000000000000bb', 'FAIL', 4, 'RtCreateSharedMemory',"
    " 'IWIN32.CREATE.EXISTS', 6, 'step 4 (RtCreateSharedMemory, IWIN32.CREATE.EXISTS): expected status ERROR_SUCCESS',"
    " '{}');"
    "INSERT INTO explore_scenarios VALUES (1, 2, '00000000000000cc', 'CRASH', NULL, NULL, NULL, 0,"
    " 'backend crashed (signal 11)', '{}');"
    "INSERT INTO explore_shrunk VALUES (1, 1, 'FAIL', 'IWIN32.CREATE.EXISTS', 6, 'RtCreateSharedMemory',"
    " 'out/explore/explore.7.1.json', '{}', 9, 2, 31);"
    "INSERT INTO explore_runs VALUES (2, '0.1.0', 'lib.so', '8', '[\"rtshm\",\"explore\",\"--seed\",\"8\"]',"
    " 'running', NULL, 0, 0, 0);"
    "INSERT INTO explore_scenarios VALUES (2, 0, '00000000000000dd', 'DIVERGE', 0, 'Rt<b>|x', 'NO.SUCH.CLAUSE', 17,"
    " CAST(X'3C7363726970743E616C6572742831293C2F7363726970743E20FF' AS TEXT), '{}');";

/* Runs sql on the database at path (fails the test on an SQLite error). */
static void exec_sql(const char *path, const char *sql) {
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    ck_assert_msg(rc == SQLITE_OK, "%s", msg ? msg : "?");
    sqlite3_close(db);
}

/* An empty trace at a fresh temporary path, with one run of 'lib.so' when with_run. */
static void new_trace(char *path, size_t cap, const char *stem, bool with_run) {
    test_tmp_file(path, cap, stem);
    test_tmp_remove(path);
    trace_db *t;
    char err[256];
    ck_assert_int_eq(trace_open(path, &t, err, sizeof err), 0);
    if (with_run) {
        int64_t run;
        ck_assert_int_eq(trace_run_begin(t, "rtshm 9.9", "lib.so", 7, "[\"rtshm\",\"explore\"]", "2026-01-02T03:04:05Z",
                                         &run),
                         0);
        ck_assert_int_eq(trace_scenario_begin(t, run), 0);
        const char *clauses[] = {"IWIN32.CREATE.EXISTS"};
        trace_scenario_row row = {"explore.7.1", "out/explore/explore.7.1.json", "00", "FAIL", "it failed", 0, clauses,
                                  1};
        ck_assert_int_eq(trace_scenario_commit(t, &row), 0);
        ck_assert_int_eq(trace_run_finish(t, run, "complete"), 0);
    }
    trace_close(t);
}

/* The trace at plain (one run, no explore tables) with the explore tables and rows added, at db_path: the
 * same run, wall-clock durations included. */
static void make_trace_from(const char *plain) {
    test_tmp_file(db_path, sizeof db_path, "report-explore");
    FILE *in = fopen(plain, "rb"), *out = fopen(db_path, "wb");
    ck_assert(in != NULL && out != NULL);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0) ck_assert_uint_eq(fwrite(buf, 1, n, out), n);
    fclose(in);
    ck_assert_int_eq(fclose(out), 0);
    exec_sql(db_path, explore_tables);
    exec_sql(db_path, explore_rows);
}

static void make_trace(void) {
    char plain[256];
    new_trace(plain, sizeof plain, "report-plain", true);
    make_trace_from(plain);
    test_tmp_remove(plain);
}

static void drop_trace(void) {
    test_tmp_remove(db_path);
}

/* Renders path (run 0, exploration explore_run) in format into *text; returns report_render's value. */
static int try_render(const char *path, report_format format, int64_t explore_run, char **text, char *err, size_t cap) {
    report_options o = {.db = path, .format = format, .explore_run = explore_run};
    size_t len;
    FILE *mem = open_memstream(text, &len);
    int rc = report_render(&o, mem, err, cap);
    fclose(mem);
    return rc;
}

static char *render_of(const char *path, report_format format, int64_t explore_run) {
    char *text = NULL, err[512] = "";
    int rc = try_render(path, format, explore_run, &text, err, sizeof err);
    ck_assert_msg(rc == REPORT_OK, "report_render: %d %s", rc, err);
    return text;
}

static char *render(report_format format, int64_t explore_run) {
    return render_of(db_path, format, explore_run);
}

#define assert_has(text, needle) ck_assert_msg(strstr((text), (needle)) != NULL, "lacks: %s", (needle))
#define assert_lacks(text, needle) ck_assert_msg(strstr((text), (needle)) == NULL, "holds: %s", (needle))

static const cJSON *get(const cJSON *o, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    ck_assert_msg(v != NULL, "no '%s'", key);
    return v;
}

START_TEST(md_shows_the_chosen_exploration) {
    make_trace();
    char *md = render(REPORT_MD, 1);
    assert_has(md, "\n#### Exploration 1: lib.so\n\nseed 7 · complete, exit 1 · 3 scenarios, 25 steps, **2 diverged**, 1 "
                   "shrunk · tool version 0.1.0\n\nCommand: rtshm explore --impl lib.so --seed 7 --count 3\n\n"
                   "2 explorations in this trace; `rtshm report --explore ID` shows another.\n");
    assert_has(md, "**Shrunk scenarios (1)**\n\n| scenario | file | steps | verdict | function | clause | fields |\n"
                   "| ---: | --- | --- | --- | --- | --- | --- |\n| 1 | out/explore/explore.7.1.json | 9 → 2 | FAIL | "
                   "RtCreateSharedMemory | IWIN32.CREATE.EXISTS | status+last\\_error |\n");
    assert_has(md, "**Divergences (2)**\n\n| scenario | seed | verdict | step | function | clause | fields |\n"
                   "| ---: | --- | --- | ---: | --- | --- | --- |\n"
                   "| 1 | 00000000000000bb | FAIL | 4 | RtCreateSharedMemory | IWIN32.CREATE.EXISTS | status+last\\_error |\n"
                   "| 2 | 00000000000000cc | CRASH |  |  |  | outcome |\n");
    /* the run's own sections are still there, the exploration before the coverage line */
    ck_assert_ptr_nonnull(strstr(md, "### rtshm report: lib.so, run 1\n"));
    ck_assert_ptr_nonnull(strstr(md, "**Clause coverage:**"));
    ck_assert(strstr(md, "#### Exploration 1") < strstr(md, "**Clause coverage:**"));
    free(md);
    /* the default is the newest: exploration 2, which never finished; its '|' and markup escaped */
    md = render(REPORT_MD, 0);
    assert_has(md, "#### Exploration 2: lib.so\n\nseed 8 · running · 0 scenarios, 0 steps, **0 diverged**, 0 shrunk");
    assert_has(md, "| 0 | 00000000000000dd | DIVERGE | 0 | Rt&lt;b&gt;\\|x | NO.SUCH.CLAUSE | return+data |\n");
    assert_lacks(md, "Exploration 1");
    free(md);
    drop_trace();
}
END_TEST

START_TEST(json_has_the_exploration_field_by_field) {
    make_trace();
    char *text = render(REPORT_JSON, 1);
    cJSON *doc = cJSON_Parse(text);
    ck_assert_ptr_nonnull(doc);
    ck_assert_str_eq(get(get(doc, "run"), "implementation")->valuestring, "lib.so");
    const cJSON *x = get(doc, "explore");
    ck_assert_int_eq(get(x, "id")->valueint, 1);
    ck_assert_str_eq(get(x, "implementation")->valuestring, "lib.so");
    ck_assert_str_eq(get(x, "seed")->valuestring, "7");
    ck_assert_str_eq(get(x, "state")->valuestring, "complete");
    ck_assert_int_eq(get(x, "exit_code")->valueint, 1);
    ck_assert_str_eq(cJSON_GetArrayItem(get(x, "argv"), 1)->valuestring, "explore");
    ck_assert_int_eq(get(x, "scenarios")->valueint, 3);
    ck_assert_int_eq(get(x, "steps")->valueint, 25);
    ck_assert_int_eq(get(x, "diverged")->valueint, 2);
    ck_assert_int_eq(get(x, "scenarios_recorded")->valueint, 3);
    ck_assert_int_eq(get(x, "divergences_total")->valueint, 2);
    ck_assert_int_eq(get(x, "shrunk_total")->valueint, 1);
    ck_assert_int_eq(get(x, "explorations_in_trace")->valueint, 2);
    const cJSON *divs = get(x, "divergences");
    ck_assert_int_eq(cJSON_GetArraySize(divs), 2);
    const cJSON *fail = cJSON_GetArrayItem(divs, 0), *crash = cJSON_GetArrayItem(divs, 1);
    ck_assert_int_eq(get(fail, "number")->valueint, 1);
    ck_assert_str_eq(get(fail, "seed")->valuestring, "00000000000000bb");
    ck_assert_str_eq(get(fail, "verdict")->valuestring, "FAIL");
    ck_assert_int_eq(get(fail, "step")->valueint, 4);
    ck_assert_str_eq(get(fail, "function")->valuestring, "RtCreateSharedMemory");
    ck_assert_str_eq(get(fail, "clause")->valuestring, "IWIN32.CREATE.EXISTS");
    ck_assert_int_eq(get(fail, "fields")->valueint, 6);
    ck_assert_str_eq(get(fail, "mismatch")->valuestring, "status+last_error");
    ck_assert_str_eq(get(fail, "shrunk")->valuestring, "out/explore/explore.7.1.json");
    ck_assert(cJSON_IsNull(get(crash, "step")) && cJSON_IsNull(get(crash, "function")) &&
              cJSON_IsNull(get(crash, "clause")) && cJSON_IsNull(get(crash, "shrunk")));
    ck_assert_str_eq(get(crash, "message")->valuestring, "backend crashed (signal 11)");
    const cJSON *shrunk = get(x, "shrunk");
    ck_assert_int_eq(cJSON_GetArraySize(shrunk), 1);
    const cJSON *s = cJSON_GetArrayItem(shrunk, 0);
    ck_assert_int_eq(get(s, "number")->valueint, 1);
    ck_assert_str_eq(get(s, "path")->valuestring, "out/explore/explore.7.1.json");
    ck_assert_int_eq(get(s, "steps_before")->valueint, 9);
    ck_assert_int_eq(get(s, "steps_after")->valueint, 2);
    ck_assert_int_eq(get(s, "candidates")->valueint, 31);
    ck_assert_str_eq(get(s, "run_scenario")->valuestring, "explore.7.1"); /* the reported run holds that file */
    cJSON_Delete(doc);
    free(text);
    /* exploration 2: no exit code; the invalid byte of its message cleaned */
    text = render(REPORT_JSON, 2);
    doc = cJSON_Parse(text);
    ck_assert_ptr_nonnull(doc);
    x = get(doc, "explore");
    ck_assert_str_eq(get(x, "state")->valuestring, "running");
    ck_assert(cJSON_IsNull(get(x, "exit_code")));
    ck_assert_str_eq(get(cJSON_GetArrayItem(get(x, "divergences"), 0), "message")->valuestring,
                     "<script>alert(1)</script> \xEF\xBF\xBD");
    ck_assert_int_eq(cJSON_GetArraySize(get(x, "shrunk")), 0);
    cJSON_Delete(doc);
    free(text);
    drop_trace();
}
END_TEST

START_TEST(junit_adds_an_explore_suite) {
    make_trace();
    char *xml = render(REPORT_JUNIT, 1);
    assert_has(xml, "<testsuite name=\"explore\" package=\"rtshm\" id=\"1\" timestamp=\"1970-01-01T00:00:00\" "
                    "hostname=\"localhost\" tests=\"2\" failures=\"1\" errors=\"1\" skipped=\"0\" time=\"0.000000\">");
    assert_has(xml, "<property name=\"explore_run_id\" value=\"1\"/>");
    assert_has(xml, "<property name=\"exit_code\" value=\"1\"/>");
    assert_has(xml, "<testcase classname=\"exploration.1\" name=\"scenario 1\" time=\"0.000000\">\n      <failure "
                    "type=\"FAIL\" message=\"step 4 (RtCreateSharedMemory, IWIN32.CREATE.EXISTS): expected status "
                    "ERROR_SUCCESS\">verdict:  FAIL\nseed:     00000000000000bb (the scenario's own: it regenerates it)\n"
                    "step:     4\nfunction: RtCreateSharedMemory\nclause:   IWIN32.CREATE.EXISTS\nfields:   "
                    "status+last_error\n");
    assert_has(xml, "shrunk:   out/explore/explore.7.1.json (9 → 2 steps, 31 candidates)\n</failure>");
    assert_has(xml, "<testcase classname=\"exploration.1\" name=\"scenario 2\" time=\"0.000000\">\n      <error "
                    "type=\"CRASH\" message=\"backend crashed (signal 11)\">");
    /* one <testsuites>, the run's suite first, closed once */
    ck_assert(strstr(xml, "<testsuite name=\"lib.so\"") < strstr(xml, "<testsuite name=\"explore\""));
    ck_assert_ptr_null(strstr(strstr(xml, "</testsuites>") + 1, "</testsuites>"));
    free(xml);
    /* DIVERGE follows the run's mapping; exploration 2's markup is escaped in attributes and text */
    xml = render(REPORT_JUNIT, 2);
    assert_has(xml, "tests=\"1\" failures=\"1\" errors=\"0\" skipped=\"0\"");
    assert_has(xml, "<failure type=\"DIVERGE\" message=\"&lt;script&gt;alert(1)&lt;/script&gt; \xEF\xBF\xBD\">");
    assert_has(xml, "<property name=\"exit_code\" value=\"\"/>");
    assert_lacks(xml, "<script>");
    free(xml);
    drop_trace();
}
END_TEST

START_TEST(html_has_an_exploration_section) {
    make_trace();
    char *html = render(REPORT_HTML, 1);
    assert_has(html, "<a href=\"#failures\">Failures</a><a href=\"#explore\">Exploration</a><a href=\"#coverage\">");
    assert_has(html, "<section id=\"explore\">\n<h2>Exploration 1 <small>lib.so</small></h2>\n");
    assert_has(html, "<tr><th>state</th><td>complete, exit 1</td></tr>");
    assert_has(html, "<p><b>3 scenarios</b> generated (25 steps), <b>2 diverged</b>, 1 shrunk. 2 explorations in this "
                     "trace: <code>rtshm report --explore ID</code> shows another.</p>");
    assert_has(html, "<h3>Shrunk scenarios (1)</h3>");
    /* the shrunk file links to its divergence and to the run's scenario recorded from it */
    assert_has(html, "<td class=\"n\"><a href=\"#explore_1_1\">1</a></td><td class=\"mono\">out/explore/explore.7.1.json"
                     "</td><td class=\"n nw\">9 → 2</td>");
    assert_has(html, "<td><a class=\"mono\" href=\"#explore.7.1\">explore.7.1</a></td></tr>");
    assert_has(html, "<h3>Divergences (2)</h3>");
    assert_has(html, "<tr id=\"explore_1_1\"><td class=\"nw\"><span class=\"badge c-unexpected\">FAIL</span><br><span "
                     "class=\"tag still\">shrunk</span></td><td class=\"n\">1</td><td class=\"mono\">00000000000000bb</td>"
                     "<td class=\"n\">4</td>");
    assert_has(html, "<tr id=\"explore_1_2\">");
    /* the section comes after the failures and before the coverage */
    ck_assert(strstr(html, "<section id=\"failures\">") < strstr(html, "<section id=\"explore\">"));
    ck_assert(strstr(html, "<section id=\"explore\">") < strstr(html, "<section id=\"coverage\">"));
    free(html);
    html = render(REPORT_HTML, 2);
    assert_has(html, "<td class=\"mono nw\">Rt&lt;b&gt;|x</td>");
    assert_has(html, "&lt;script&gt;alert(1)&lt;/script&gt; \xEF\xBF\xBD</td>");
    assert_has(html, " 1 scenarios recorded (an exploration that did not finish records its totals as 0).");
    assert_lacks(html, "<script>alert");
    free(html);
    drop_trace();
}
END_TEST

/* --explore none, and a trace without the explore tables, give the same bytes as before explorations were
 * recorded: the same run rendered from a trace that never had the tables. */
START_TEST(without_an_exploration_every_format_is_unchanged) {
    char plain[256];
    new_trace(plain, sizeof plain, "report-plain", true);
    make_trace_from(plain);
    for (int f = REPORT_HTML; f <= REPORT_JSON; f++) {
        char *with = render((report_format)f, REPORT_EXPLORE_NONE), *without = render_of(plain, (report_format)f, 0);
        ck_assert_msg(strcmp(with, without) == 0, "format %d differs with --explore none", f);
        assert_lacks(with, "xploration"); /* no section, heading or JUnit class of one */
        assert_lacks(with, "\"explore\":");  /* no JSON key */
        assert_lacks(with, "<testsuite name=\"explore\""); /* no JUnit suite */
        free(with);
        free(without);
        /* byte-stable with one */
        char *a = render((report_format)f, 1), *b = render((report_format)f, 1);
        ck_assert_msg(strcmp(a, b) == 0, "format %d differs between two renderings", f);
        free(a);
        free(b);
    }
    test_tmp_remove(plain);
    drop_trace();
}
END_TEST

/* A trace of explorations alone is a report of its exploration; a trace with neither is still refused. */
START_TEST(a_trace_of_explorations_alone_is_reported) {
    char path[256];
    new_trace(path, sizeof path, "report-explore-only", false);
    char *text = NULL, err[512] = "";
    ck_assert_int_eq(try_render(path, REPORT_MD, 0, &text, err, sizeof err), REPORT_EINPUT);
    ck_assert_msg(strstr(err, "no runs in this trace database") != NULL, "%s", err);
    free(text);
    exec_sql(path, explore_tables); /* tables, no rows: still nothing to report */
    text = NULL;
    ck_assert_int_eq(try_render(path, REPORT_MD, 0, &text, err, sizeof err), REPORT_EINPUT);
    ck_assert_msg(strstr(err, "no runs in this trace database") != NULL, "%s", err);
    free(text);
    exec_sql(path, explore_rows);

    static const char md_head[] = "### rtshm report: lib.so, exploration 1\n\nThis trace holds no run, only "
                                  "explorations (`rtshm explore --db`).\n\n#### Exploration 1: lib.so\n";
    char *md = render_of(path, REPORT_MD, 1);
    ck_assert_msg(strncmp(md, md_head, sizeof md_head - 1) == 0, "%s", md);
    assert_lacks(md, "Clause coverage");
    free(md);
    char *json = render_of(path, REPORT_JSON, 0);
    cJSON *doc = cJSON_Parse(json);
    ck_assert_ptr_nonnull(doc);
    ck_assert(cJSON_IsNull(get(doc, "run")) && cJSON_IsNull(get(doc, "totals")) && cJSON_IsNull(get(doc, "coverage")));
    ck_assert_int_eq(cJSON_GetArraySize(get(doc, "scenarios")), 0);
    ck_assert_int_eq(cJSON_GetArraySize(get(doc, "failures")), 0);
    ck_assert_int_eq(get(get(doc, "explore"), "id")->valueint, 2);
    cJSON_Delete(doc);
    free(json);
    static const char xml_head[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite "
                                   "name=\"explore\" package=\"rtshm\" id=\"0\" ";
    char *xml = render_of(path, REPORT_JUNIT, 1);
    ck_assert_msg(strncmp(xml, xml_head, sizeof xml_head - 1) == 0, "%s", xml);
    assert_has(xml, "  </testsuite>\n</testsuites>\n");
    free(xml);
    char *html = render_of(path, REPORT_HTML, 1);
    assert_has(html, "<title>rtshm report: lib.so, exploration 1</title>");
    assert_has(html, "<section id=\"explore\">");
    assert_has(html, "<a href=\"#explore_1_1\">1</a>");
    assert_has(html, "<td><span class=\"muted\">—</span></td></tr>"); /* no run holds the shrunk file */
    assert_lacks(html, "<section id=\"coverage\">");
    free(html);
    test_tmp_remove(path);
}
END_TEST

START_TEST(bad_or_partial_explore_tables) {
    make_trace();
    char *text = NULL, err[512] = "";
    ck_assert_int_eq(try_render(db_path, REPORT_MD, 9, &text, err, sizeof err), REPORT_EINPUT);
    ck_assert_msg(strstr(err, "no explore run 9 in this trace database") != NULL, "%s", err);
    free(text);
    /* explore_runs alone (the other tables dropped): the run's row, no divergences, no shrunk files */
    exec_sql(db_path, "DROP TABLE explore_scenarios; DROP TABLE explore_shrunk;");
    char *md = render(REPORT_MD, 1);
    assert_has(md, "#### Exploration 1: lib.so\n\nseed 7 · complete, exit 1 · 3 scenarios, 25 steps, **2 diverged**, 0 "
                   "shrunk");
    assert_has(md, "\nNo divergence in 0 generated scenarios.\n");
    free(md);
    /* a trace without the tables at all, asked for one */
    exec_sql(db_path, "DROP TABLE explore_runs;");
    text = NULL;
    ck_assert_int_eq(try_render(db_path, REPORT_JSON, 1, &text, err, sizeof err), REPORT_EINPUT);
    ck_assert_msg(strstr(err, "no explore run 1 in this trace database") != NULL, "%s", err);
    free(text);
    drop_trace();
}
END_TEST

/* The lists are bounded: REPORT__EXPLORE_MAX_DIVERGENCES loaded, MD_MAX_LISTED (50) in the Markdown. */
START_TEST(long_explorations_are_bounded) {
    make_trace();
    exec_sql(db_path, "WITH RECURSIVE n(i) AS (SELECT 3 UNION ALL SELECT i + 1 FROM n WHERE i < 1104) "
                      "INSERT INTO explore_scenarios SELECT 1, i, printf('%016x', i), 'FAIL', 1, 'CloseHandle', "
                      "'IWIN32.CLOSE.REFCOUNT', 1, 'm', '{}' FROM n;");
    char *json = render(REPORT_JSON, 1);
    cJSON *doc = cJSON_Parse(json);
    const cJSON *x = get(doc, "explore");
    ck_assert_int_eq(get(x, "divergences_total")->valueint, 1104);
    ck_assert_int_eq(cJSON_GetArraySize(get(x, "divergences")), REPORT__EXPLORE_MAX_DIVERGENCES);
    ck_assert_int_eq(get(cJSON_GetArrayItem(get(x, "divergences"), REPORT__EXPLORE_MAX_DIVERGENCES - 1), "number")->valueint,
                     1000);
    cJSON_Delete(doc);
    free(json);
    char *md = render(REPORT_MD, 1);
    assert_has(md, "| 50 | 0000000000000032 | FAIL | 1 | CloseHandle | IWIN32.CLOSE.REFCOUNT | return |\n\n"
                   "… and 1054 more (the HTML report lists up to 1000)\n");
    assert_lacks(md, "| 51 | ");
    free(md);
    char *html = render(REPORT_HTML, 1);
    assert_has(html, "<tr id=\"explore_1_1000\">");
    assert_lacks(html, "<tr id=\"explore_1_1001\">");
    assert_has(html, "<p class=\"muted\">and 104 more (the first 1000 are listed).</p>");
    free(html);
    drop_trace();
}
END_TEST

START_TEST(fields_are_named_as_explore_prints_them) {
    char buf[64];
    ck_assert_str_eq(report__explore_fields_text(6, buf, sizeof buf), "status+last_error");
    ck_assert_str_eq(report__explore_fields_text(31, buf, sizeof buf), "return+status+last_error+fault+data");
    ck_assert_str_eq(report__explore_fields_text(0, buf, sizeof buf), "outcome");
    ck_assert_str_eq(report__explore_fields_text(8, buf, sizeof buf), "fault");
}
END_TEST

int main(void) {
    Suite *s = suite_create("report_explore");
    TCase *tc = tcase_create("report_explore");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, md_shows_the_chosen_exploration);
    tcase_add_test(tc, json_has_the_exploration_field_by_field);
    tcase_add_test(tc, junit_adds_an_explore_suite);
    tcase_add_test(tc, html_has_an_exploration_section);
    tcase_add_test(tc, without_an_exploration_every_format_is_unchanged);
    tcase_add_test(tc, a_trace_of_explorations_alone_is_reported);
    tcase_add_test(tc, bad_or_partial_explore_tables);
    tcase_add_test(tc, long_explorations_are_bounded);
    tcase_add_test(tc, fields_are_named_as_explore_prints_them);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
