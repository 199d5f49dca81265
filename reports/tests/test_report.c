/* reports/tests/test_report.c — `rtshm report` (report_render) in its four formats, on a crafted trace.
 *
 * The trace (make_trace) has two runs of 'reference'. Run 1 is the baseline: alpha.still DIVERGE,
 * alpha.fixed FAIL, beta.new-fail PASS, beta.gone FAIL. Run 2: alpha.still DIVERGE again (its detail holds
 * markup, quotes and an invalid UTF-8 byte), alpha.fixed PASS, beta.new-fail FAIL on two steps, and one
 * scenario of each other verdict (gamma.error, gamma.crash, gamma.timeout, gamma.skip) plus delta.pass with a
 * memory step, an event and a finding. Its seed is 2^64-1 (the JSON carries it as a string).
 *
 * So with the baseline: beta.new-fail is new (and sorts after alpha.still, so "new first" is visible),
 * alpha.fixed is fixed, alpha.still still fails, beta.gone is no longer run. */
#include <check.h>
#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef RTSHM_HAVE_LIBXML2
#include <libxml/parser.h>
#include <libxml/tree.h>
#endif

#include "report_int.h"
#include "reports/report.h"
#include "traces/canon.h"
#include "traces/trace.h"
#include "../../traces/tests/test_tmp.h"

static char db_path[256], other_db_path[256];

/* a comes before b in the same document */
#define assert_before(a, b) ck_assert_msg((a) < (b), "%s does not come before %s", #a, #b)

static const char new_fail_text[] =
    "step 1 (RtCreateSharedMemory, IWIN32.CREATE.EXISTS): expected status ERROR_SUCCESS, got ERROR_ALREADY_EXISTS";
static const char still_detail[] = "got <script>alert(\"x\")</script> & 'q' \xff|*_";

static void commit(trace_db *t, const char *id, const char *verdict, const char *message, int64_t steps,
                   const char *clause) {
    char path[128];
    snprintf(path, sizeof path, "conformance/scenarios/%s.json", id);
    const char *clauses[] = {clause};
    trace_scenario_row row = {id, path, "00", verdict, message, steps, clauses, clause ? 1 : 0};
    ck_assert_int_eq(trace_scenario_commit(t, &row), 0);
}

static void one_step(trace_db *t, int64_t run, const char *id, const char *verdict, const char *step_verdict,
                     const char *clause) {
    ck_assert_int_eq(trace_scenario_begin(t, run), 0);
    trace_step_row r = {.scenario = id, .seq = 0, .step = 0, .process = "rt", .kind = "call", .api = "iwin32",
                        .function = "RtCreateSharedMemory", .args = "{\"MaximumSizeLow\":0}", .ret = "NULL",
                        .status = "ERROR_INVALID_PARAMETER", .last_error = "ERROR_INVALID_PARAMETER",
                        .expected = "{\"status\":\"ERROR_NOT_ENOUGH_MEMORY\"}", .verdict = step_verdict,
                        .clause = clause, .detail = strcmp(step_verdict, "PASS") ? "old detail" : NULL};
    ck_assert_int_eq(trace_step(t, &r), 0);
    commit(t, id, verdict, NULL, 1, clause);
}

/* Run 1 of a trace: the baseline. */
static void baseline_run(trace_db *t) {
    int64_t run;
    ck_assert_int_eq(trace_run_begin(t, "rtshm 9.9", "reference", 7, "[\"rtshm\",\"run\"]", "2026-01-02T03:04:05Z",
                                     &run),
                     0);
    one_step(t, run, "alpha.still", "DIVERGE", "DIVERGE", "IWIN32.CREATE.SIZE_ZERO");
    one_step(t, run, "alpha.fixed", "FAIL", "FAIL", "IWIN32.CREATE.OK");
    one_step(t, run, "beta.new-fail", "PASS", "PASS", "IWIN32.CREATE.OK");
    one_step(t, run, "beta.gone", "FAIL", "FAIL", "IWIN32.CREATE.OK");
    ck_assert_int_eq(trace_run_finish(t, run, "complete"), 0);
}

static void make_trace(void) {
    test_tmp_file(db_path, sizeof db_path, "report");
    test_tmp_file(other_db_path, sizeof other_db_path, "report-other");
    test_tmp_remove(db_path);
    test_tmp_remove(other_db_path);
    trace_db *t;
    char err[256];
    ck_assert_int_eq(trace_open(db_path, &t, err, sizeof err), 0);
    baseline_run(t);
    int64_t run;
    ck_assert_int_eq(trace_run_begin(t, "rtshm 9.9", "reference", UINT64_MAX,
                                     "[\"rtshm\",\"run\",\"--seed\",\"18446744073709551615\"]", "2026-02-03T04:05:06Z",
                                     &run),
                     0);
    ck_assert_int_eq(run, 2);
    /* alpha.still: DIVERGE again, with a detail full of markup */
    ck_assert_int_eq(trace_scenario_begin(t, run), 0);
    trace_step_row s0 = {.scenario = "alpha.still", .seq = 0, .step = 0, .vtime_us = 5, .process = "rt", .kind = "call",
                         .api = "iwin32", .function = "RtCreateSharedMemory",
                         .args = "{\"MaximumSizeLow\":0,\"lpName\":\"<b>\"}", .ret = "NULL",
                         .status = "ERROR_INVALID_PARAMETER", .last_error = "ERROR_INVALID_PARAMETER",
                         .expected = "{\"return\":\"null\",\"status\":\"ERROR_NOT_ENOUGH_MEMORY\"}", .verdict = "DIVERGE",
                         .clause = "IWIN32.CREATE.SIZE_ZERO", .detail = still_detail};
    ck_assert_int_eq(trace_step(t, &s0), 0);
    commit(t, "alpha.still", "DIVERGE", "step 0 (RtCreateSharedMemory, IWIN32.CREATE.SIZE_ZERO): diverged", 1,
           "IWIN32.CREATE.SIZE_ZERO");
    /* alpha.fixed: passes now */
    one_step(t, run, "alpha.fixed", "PASS", "PASS", "IWIN32.CREATE.OK");
    /* beta.new-fail: a passing step, then two failing ones */
    ck_assert_int_eq(trace_scenario_begin(t, run), 0);
    trace_step_row b0 = {.scenario = "beta.new-fail", .seq = 0, .step = 0, .process = "rt", .kind = "call",
                         .api = "iwin32", .function = "RtCreateSharedMemory", .args = "{\"lpName\":\"Twice\"}",
                         .ret = "0x4", .status = "ERROR_SUCCESS", .last_error = "ERROR_SUCCESS",
                         .expected = "{\"status\":\"ERROR_SUCCESS\"}", .verdict = "PASS", .clause = "IWIN32.CREATE.OK"};
    ck_assert_int_eq(trace_step(t, &b0), 0);
    trace_step_row b1 = {.scenario = "beta.new-fail", .seq = 1, .step = 1, .process = "rt", .kind = "call",
                         .api = "iwin32", .function = "RtCreateSharedMemory", .args = "{\"lpName\":\"Twice\"}",
                         .ret = "0x8", .status = "ERROR_ALREADY_EXISTS", .last_error = "ERROR_ALREADY_EXISTS",
                         .expected = "{\"return\":\"non-null\",\"status\":\"ERROR_SUCCESS\"}", .verdict = "FAIL",
                         .clause = "IWIN32.CREATE.EXISTS",
                         .detail = "expected status ERROR_SUCCESS, got ERROR_ALREADY_EXISTS"};
    ck_assert_int_eq(trace_step(t, &b1), 0);
    trace_step_row b2 = {.scenario = "beta.new-fail", .seq = 2, .step = 2, .process = "rt", .kind = "call",
                         .api = "iwin32", .function = "CloseHandle", .args = "{\"hObject\":\"0x8\"}", .ret = "FALSE",
                         .status = "ERROR_INVALID_HANDLE", .last_error = "ERROR_INVALID_HANDLE",
                         .expected = "{\"return\":\"true\"}", .verdict = "FAIL", .clause = "IWIN32.CLOSE.REFCOUNT",
                         .detail = "expected return true, got FALSE"};
    ck_assert_int_eq(trace_step(t, &b2), 0);
    commit(t, "beta.new-fail", "FAIL", new_fail_text, 3, "IWIN32.CREATE.EXISTS");
    /* one of each verdict that is not pass/fail */
    const char *others[][3] = {{"gamma.error", "ERROR", "cannot build the world: no such node"},
                               {"gamma.crash", "CRASH", "backend crashed (signal 11)"},
                               {"gamma.timeout", "TIMEOUT", "timed out after 10 s"},
                               {"gamma.skip", "SKIP", "skipped by the backend"}};
    for (int i = 0; i < 4; i++) {
        ck_assert_int_eq(trace_scenario_begin(t, run), 0);
        commit(t, others[i][0], others[i][1], others[i][2], 0, NULL);
    }
    /* delta.pass: a memory read, an event and a finding */
    ck_assert_int_eq(trace_scenario_begin(t, run), 0);
    trace_step_row d0 = {.scenario = "delta.pass", .seq = 0, .step = 0, .process = "rt", .kind = "read", .api = "mem",
                         .function = "read", .args = "{\"length\":2,\"offset\":0,\"ptr\":\"0x10000000\"}", .ret = "00ff",
                         .status = "OK", .expected = "{\"data\":\"00ff\",\"fault\":\"none\"}", .verdict = "PASS",
                         .clause = "MEM.SHARED"};
    ck_assert_int_eq(trace_step(t, &d0), 0);
    trace_step_row d1 = {.scenario = "delta.pass", .seq = 1, .step = 1, .vtime_us = 1000, .kind = "event",
                         .api = "sim", .function = "process.exit", .status = "OK", .verdict = "NONE"};
    ck_assert_int_eq(trace_step(t, &d1), 0);
    ck_assert_int_eq(trace_finding(t, "delta.pass", 1, "handles-closed-at-exit", "IWIN32.CLOSE.PROCESS_EXIT",
                                   "process 'rt' exited with 1 open handle"),
                     0);
    commit(t, "delta.pass", "PASS", NULL, 2, "MEM.SHARED");
    ck_assert_int_eq(trace_run_finish(t, run, "complete"), 0);
    trace_close(t);

    /* Another database whose newest run is the same baseline, for --baseline-db. */
    ck_assert_int_eq(trace_open(other_db_path, &t, err, sizeof err), 0);
    baseline_run(t);
    trace_close(t);
}

static void drop_trace(void) {
    test_tmp_remove(db_path);
    test_tmp_remove(other_db_path);
}

/* The rendered document (caller frees), asserting success. */
static char *render_budget(report_format format, int64_t run_id, const char *baseline_db, int64_t baseline_run,
                           size_t html_step_budget) {
    report_options o = {db_path, run_id, format, baseline_db, baseline_run, REPORT_DIVERGE_DEFAULT, html_step_budget};
    char *text = NULL, err[512] = "";
    size_t len;
    FILE *mem = open_memstream(&text, &len);
    int rc = report_render(&o, mem, err, sizeof err);
    fclose(mem);
    ck_assert_msg(rc == REPORT_OK, "report_render: %d %s", rc, err);
    ck_assert_uint_eq(strlen(text), len); /* no NUL inside */
    return text;
}

static char *render(report_format format, int64_t run_id, const char *baseline_db, int64_t baseline_run) {
    return render_budget(format, run_id, baseline_db, baseline_run, 0);
}

static const char *after(const char *text, const char *needle) {
    const char *p = strstr(text, needle);
    ck_assert_msg(p != NULL, "'%s' not found", needle);
    return p;
}

/* ---- a small strict XML 1.0 well-formedness checker (no DTD), recording elements ---- */

#define XML_MAX_ELEMENTS 256
#define XML_MAX_ATTRS 16

typedef struct xml_element {
    char name[32];
    int depth;
    int attr_count;
    char attr_name[XML_MAX_ATTRS][32];
    char *attr_value[XML_MAX_ATTRS]; /* decoded */
    char *text;                      /* decoded character data directly inside */
} xml_element;

typedef struct xml_doc {
    xml_element el[XML_MAX_ELEMENTS];
    int count;
    char error[256];
} xml_doc;

static void xml_free(xml_doc *d) {
    for (int i = 0; i < d->count; i++) {
        for (int k = 0; k < d->el[i].attr_count; k++) free(d->el[i].attr_value[k]);
        free(d->el[i].text);
    }
}

static bool xml_fail(xml_doc *d, const char *what, const char *at, const char *doc) {
    if (!d->error[0]) snprintf(d->error, sizeof d->error, "%s at offset %ld", what, (long)(at - doc));
    return false;
}

static bool name_start(int c) {
    return isalpha(c) || c == '_' || c == ':';
}

static bool name_char(int c) {
    return isalnum(c) || c == '_' || c == ':' || c == '-' || c == '.';
}

/* Decodes one reference at *p (after '&') into out; false when it is not a well-formed one. */
static bool xml_reference(const char **p, char *out, size_t *n) {
    static const struct {
        const char *name;
        char c;
    } ents[] = {{"amp;", '&'}, {"lt;", '<'}, {"gt;", '>'}, {"quot;", '"'}, {"apos;", '\''}};
    for (size_t i = 0; i < sizeof ents / sizeof ents[0]; i++)
        if (strncmp(*p, ents[i].name, strlen(ents[i].name)) == 0) {
            *p += strlen(ents[i].name);
            out[(*n)++] = ents[i].c;
            return true;
        }
    if (**p != '#') return false;
    (*p)++;
    int base = 10;
    if (**p == 'x') base = 16, (*p)++;
    char *end;
    long v = strtol(*p, &end, base);
    if (end == *p || *end != ';' || v <= 0) return false;
    if (!(v == 9 || v == 10 || v == 13 || (v >= 0x20 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD) ||
          (v >= 0x10000 && v <= 0x10FFFF)))
        return false;
    *p = end + 1;
    if (v < 0x80) out[(*n)++] = (char)v;
    else out[(*n)++] = '?'; /* not needed by these tests */
    return true;
}

/* Character data up to the next '<' (or a quote when quote != 0), decoded into a new string. */
static char *xml_chars(const char **p, char quote, xml_doc *d, const char *doc) {
    size_t cap = strlen(*p) + 1, n = 0;
    char *out = malloc(cap);
    ck_assert_ptr_nonnull(out);
    while (**p && **p != '<' && (!quote || **p != quote)) {
        if (**p == '&') {
            (*p)++;
            if (!xml_reference(p, out, &n)) {
                xml_fail(d, "bad reference", *p, doc);
                free(out);
                return NULL;
            }
            continue;
        }
        if (!quote && strncmp(*p, "]]>", 3) == 0) {
            xml_fail(d, "]]> in character data", *p, doc);
            free(out);
            return NULL;
        }
        out[n++] = *(*p)++;
    }
    if (quote && **p == '<') {
        xml_fail(d, "< in an attribute value", *p, doc);
        free(out);
        return NULL;
    }
    out[n] = '\0';
    return out;
}

static void skip_space(const char **p) {
    while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r') (*p)++;
}

/* Comments and processing instructions between elements. */
static bool xml_misc(const char **p, xml_doc *d, const char *doc) {
    for (;;) {
        skip_space(p);
        if (strncmp(*p, "<!--", 4) == 0) {
            const char *end = strstr(*p + 4, "--");
            if (end == NULL || end[2] != '>') return xml_fail(d, "bad comment", *p, doc);
            *p = end + 3;
        } else if (strncmp(*p, "<?", 2) == 0) {
            const char *end = strstr(*p + 2, "?>");
            if (end == NULL) return xml_fail(d, "unterminated processing instruction", *p, doc);
            *p = end + 2;
        } else {
            return true;
        }
    }
}

static bool xml_utf8(const char *doc, xml_doc *d) {
    for (const unsigned char *p = (const unsigned char *)doc; *p;) {
        unsigned c = *p;
        size_t n = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        if (n == 0 || (c < 0x20 && c != 9 && c != 10 && c != 13))
            return xml_fail(d, "invalid character", (const char *)p, doc);
        for (size_t k = 1; k < n; k++)
            if ((p[k] & 0xC0) != 0x80) return xml_fail(d, "invalid UTF-8", (const char *)p, doc);
        if (n == 3 && c == 0xEF && p[1] == 0xBF && p[2] >= 0xBE) return xml_fail(d, "U+FFFE/F", (const char *)p, doc);
        p += n;
    }
    return true;
}

/* Parses doc; true when it is well-formed. Elements are recorded in document order. */
static bool xml_parse(const char *doc, xml_doc *d) {
    memset(d, 0, sizeof *d);
    if (!xml_utf8(doc, d)) return false;
    const char *p = doc;
    if (strncmp(p, "<?xml ", 6) != 0) return xml_fail(d, "no XML declaration", p, doc);
    int stack[64], depth = 0;
    bool root_done = false;
    if (!xml_misc(&p, d, doc)) return false;
    while (*p) {
        if (root_done) {
            if (!xml_misc(&p, d, doc)) return false;
            if (*p) return xml_fail(d, "content after the root element", p, doc);
            break;
        }
        if (*p != '<') {
            if (depth == 0) return xml_fail(d, "text outside the root", p, doc);
            char *text = xml_chars(&p, 0, d, doc);
            if (text == NULL) return false;
            xml_element *e = &d->el[stack[depth - 1]];
            size_t old = e->text ? strlen(e->text) : 0;
            e->text = realloc(e->text, old + strlen(text) + 1);
            memcpy(e->text + old, text, strlen(text) + 1);
            free(text);
            continue;
        }
        if (strncmp(p, "<!--", 4) == 0 || strncmp(p, "<?", 2) == 0) {
            if (!xml_misc(&p, d, doc)) return false;
            continue;
        }
        if (strncmp(p, "<![CDATA[", 9) == 0) {
            const char *end = strstr(p, "]]>");
            if (end == NULL || depth == 0) return xml_fail(d, "bad CDATA", p, doc);
            p = end + 3;
            continue;
        }
        if (p[1] == '/') { /* end tag */
            p += 2;
            const char *name = p;
            while (name_char((unsigned char)*p)) p++;
            if (depth == 0) return xml_fail(d, "end tag without a start", p, doc);
            xml_element *open = &d->el[stack[depth - 1]];
            if ((size_t)(p - name) != strlen(open->name) || strncmp(name, open->name, (size_t)(p - name)) != 0)
                return xml_fail(d, "mismatched end tag", name, doc);
            skip_space(&p);
            if (*p++ != '>') return xml_fail(d, "bad end tag", p, doc);
            if (--depth == 0) root_done = true;
            continue;
        }
        /* start tag */
        p++;
        if (!name_start((unsigned char)*p)) return xml_fail(d, "bad element name", p, doc);
        if (d->count == XML_MAX_ELEMENTS) return xml_fail(d, "too many elements for the checker", p, doc);
        xml_element *e = &d->el[d->count];
        const char *name = p;
        while (name_char((unsigned char)*p)) p++;
        snprintf(e->name, sizeof e->name, "%.*s", (int)(p - name), name);
        e->depth = depth;
        d->count++;
        for (;;) {
            const char *before = p;
            skip_space(&p);
            if (*p == '>' || (p[0] == '/' && p[1] == '>')) break;
            if (p == before) return xml_fail(d, "no space before an attribute", p, doc);
            if (!name_start((unsigned char)*p)) return xml_fail(d, "bad attribute name", p, doc);
            const char *an = p;
            while (name_char((unsigned char)*p)) p++;
            if (e->attr_count == XML_MAX_ATTRS) return xml_fail(d, "too many attributes for the checker", p, doc);
            snprintf(e->attr_name[e->attr_count], 32, "%.*s", (int)(p - an), an);
            for (int k = 0; k < e->attr_count; k++)
                if (strcmp(e->attr_name[k], e->attr_name[e->attr_count]) == 0)
                    return xml_fail(d, "duplicate attribute", an, doc);
            skip_space(&p);
            if (*p++ != '=') return xml_fail(d, "attribute without =", p, doc);
            skip_space(&p);
            char quote = *p;
            if (quote != '"' && quote != '\'') return xml_fail(d, "unquoted attribute", p, doc);
            p++;
            char *value = xml_chars(&p, quote, d, doc);
            if (value == NULL) return false;
            if (*p != quote) {
                free(value);
                return xml_fail(d, "unterminated attribute", p, doc);
            }
            p++;
            e->attr_value[e->attr_count++] = value;
        }
        if (*p == '/') {
            p += 2;
            if (depth == 0) root_done = true;
        } else {
            p++;
            if (depth == 64) return xml_fail(d, "too deep", p, doc);
            stack[depth++] = d->count - 1;
        }
    }
    if (depth != 0 || !root_done) return xml_fail(d, "unclosed elements", p, doc);
    return true;
}

static int xml_count(const xml_doc *d, const char *name) {
    int n = 0;
    for (int i = 0; i < d->count; i++) n += strcmp(d->el[i].name, name) == 0;
    return n;
}

static const char *xml_attr(const xml_element *e, const char *name) {
    for (int k = 0; k < e->attr_count; k++)
        if (strcmp(e->attr_name[k], name) == 0) return e->attr_value[k];
    return NULL;
}

/* The first element called name whose attribute attr equals value (attr NULL: the first so named). */
static const xml_element *xml_find(const xml_doc *d, const char *name, const char *attr, const char *value) {
    for (int i = 0; i < d->count; i++)
        if (strcmp(d->el[i].name, name) == 0 && (attr == NULL || (xml_attr(&d->el[i], attr) &&
                                                                  strcmp(xml_attr(&d->el[i], attr), value) == 0)))
            return &d->el[i];
    return NULL;
}

/* The element right after e when it is a child of e (the testcase's failure/error/skipped). */
static const xml_element *xml_child(const xml_doc *d, const xml_element *e) {
    const xml_element *next = e + 1;
    return next < d->el + d->count && next->depth == e->depth + 1 ? next : NULL;
}

START_TEST(xml_checker_rejects_what_is_not_well_formed) {
    static const char *const bad[] = {
        "<?xml version=\"1.0\"?>\n<a><b></a></b>",     "<?xml version=\"1.0\"?>\n<a x=\"<\"/>",
        "<?xml version=\"1.0\"?>\n<a>&nbsp;</a>",      "<?xml version=\"1.0\"?>\n<a x=\"1\" x=\"2\"/>",
        "<?xml version=\"1.0\"?>\n<a/><b/>",          "<?xml version=\"1.0\"?>\n<a>\x01</a>",
        "<?xml version=\"1.0\"?>\n<a>\xff</a>",       "<a/>",
        "<?xml version=\"1.0\"?>\n<a x=1/>",          "<?xml version=\"1.0\"?>\n<a>]]></a>"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        xml_doc d;
        ck_assert_msg(!xml_parse(bad[i], &d), "accepted: %s", bad[i]);
        xml_free(&d);
    }
    xml_doc d;
    ck_assert_msg(xml_parse("<?xml version=\"1.0\"?>\n<a x='&lt;&#10;'><b/>t&amp;<!-- c --></a>\n", &d), "%s", d.error);
    ck_assert_int_eq(d.count, 2);
    ck_assert_str_eq(xml_attr(&d.el[0], "x"), "<\n");
    ck_assert_str_eq(d.el[0].text, "t&");
    xml_free(&d);
}
END_TEST

/* ---- Markdown ---- */

START_TEST(md_totals_table_is_exact) {
    make_trace();
    char *md = render(REPORT_MD, 0, NULL, 0);
    ck_assert_msg(strncmp(md, "### rtshm report: reference, run 2\n\nrtshm 9.9 · seed 18446744073709551615 · started "
                              "2026-02-03T04:05:06Z · complete\n\n",
                          strlen("### rtshm report: reference, run 2\n\nrtshm 9.9 · seed 18446744073709551615 · "
                                 "started 2026-02-03T04:05:06Z · complete\n\n")) == 0,
                  "%s", md);
    static const char table[] =
        "| run | scenarios | PASS | FAIL | DIVERGE | ERROR | CRASH | TIMEOUT | SKIP | steps | findings |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
        "| run 2 | 8 | 2 | 1 | 1 | 1 | 1 | 1 | 1 | 7 | 1 |\n";
    ck_assert_msg(strstr(md, table) != NULL, "%s", md);
    /* the failures, in scenario order without a baseline, escaped for Markdown */
    const char *still = after(md, "\n- **DIVERGE** alpha.still: step 0 (RtCreateSharedMemory, IWIN32.CREATE.SIZE\\_ZERO): "
                                  "got &lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; 'q' \xEF\xBF\xBD\\|\\*\\_\n");
    const char *fail1 = after(md, "\n- **FAIL** beta.new-fail: step 1 (RtCreateSharedMemory, IWIN32.CREATE.EXISTS): "
                                  "expected status ERROR\\_SUCCESS, got ERROR\\_ALREADY\\_EXISTS\n");
    const char *fail2 = after(md, "\n- **FAIL** beta.new-fail: step 2 (CloseHandle, IWIN32.CLOSE.REFCOUNT): expected "
                                  "return true, got FALSE\n");
    assert_before(still, fail1);
    assert_before(fail1, fail2);
    after(md, "#### Failures and divergences: 2 scenarios (3 failing steps)\n");
    after(md, "\n\n**5 of 8 scenarios failed**; 0 not run.\n\n");
    after(md, "#### Ended without a verdict (3)\n\n- **CRASH** gamma.crash: backend crashed (signal 11)\n"
              "- **ERROR** gamma.error: cannot build the world: no such node\n"
              "- **TIMEOUT** gamma.timeout: timed out after 10 s\n");
    ck_assert_ptr_null(strstr(md, "baseline"));
    after(md, "\n**Clause coverage:** 5/");
    ck_assert_ptr_null(strstr(md, "<script"));
    free(md);
    drop_trace();
}
END_TEST

/* A run whose summary would pass GitHub's comment limit is cut on a line boundary, with a note. */
START_TEST(md_is_cut_under_the_comment_limit) {
    test_tmp_file(db_path, sizeof db_path, "md-big");
    test_tmp_remove(db_path);
    trace_db *t;
    char err[256];
    ck_assert_int_eq(trace_open(db_path, &t, err, sizeof err), 0);
    int64_t run;
    ck_assert_int_eq(trace_run_begin(t, "v", "reference", 1, "[]", "x", &run), 0);
    static char message[2001];
    memset(message, 'm', sizeof message - 1);
    for (int i = 0; i < 60; i++) {
        char id[32];
        snprintf(id, sizeof id, "big.s%02d", i);
        ck_assert_int_eq(trace_scenario_begin(t, run), 0);
        trace_scenario_row row = {id, "p.json", "00", "ERROR", message, 0, NULL, 0};
        ck_assert_int_eq(trace_scenario_commit(t, &row), 0);
    }
    ck_assert_int_eq(trace_run_finish(t, run, "complete"), 0);
    trace_close(t);
    char *md = render(REPORT_MD, 0, NULL, 0);
    size_t len = strlen(md);
    ck_assert_uint_le(len, 60000);
    ck_assert_uint_gt(len, 50000);
    const char *note = "\n**(cut here: a pull-request comment holds at most 65,536 characters; the HTML report, "
                       "`rtshm report DB`, has everything)**\n";
    ck_assert_str_eq(md + len - strlen(note), note);
    ck_assert_int_eq(md[len - strlen(note) - 1], '\n'); /* a whole line before it */
    after(md, "**60 of 60 scenarios failed**");
    free(md);
    test_tmp_remove(db_path);
}
END_TEST

START_TEST(md_with_baseline_lists_new_failures_first_and_fixed) {
    make_trace();
    char *md = render(REPORT_MD, 2, NULL, 1);
    after(md, "| run 2 | 8 | 2 | 1 | 1 | 1 | 1 | 1 | 1 | 7 | 1 |\n"
              "| baseline: run 1 | 4 | 1 | 2 | 1 | 0 | 0 | 0 | 0 | 4 | 0 |\n");
    after(md, "\nAgainst the baseline: **1 new** failure, **1 fixed**, 1 still failing, 1 no longer run.\n"
              "Coverage against the baseline: ");
    after(md, "\n#### New failures (1)\n\n- **FAIL** beta.new-fail: step 1 (RtCreateSharedMemory, IWIN32.CREATE.EXISTS): ");
    const char *new1 = after(md, "\n- **new** **FAIL** beta.new-fail: step 1 ");
    const char *new2 = after(md, "\n- **new** **FAIL** beta.new-fail: step 2 ");
    const char *old = after(md, "\n- **DIVERGE** alpha.still: step 0 ");
    assert_before(new1, new2);
    assert_before(new2, old);
    after(md, "#### Fixed since the baseline (1)\n\n- alpha.fixed: FAIL → PASS\n"
              "- beta.gone: FAIL in the baseline, not in this run\n");
    free(md);

    /* the same baseline from another database */
    md = render(REPORT_MD, 0, other_db_path, 0);
    after(md, "| baseline: run 1 of the baseline database | 4 | 1 | 2 | 1 | 0 | 0 | 0 | 0 | 4 | 0 |\n");
    after(md, "**1 new** failure, **1 fixed**, 1 still failing");
    free(md);
    drop_trace();
}
END_TEST

/* ---- JUnit ---- */

START_TEST(junit_is_well_formed_with_exact_counts) {
    make_trace();
    char *xml = render(REPORT_JUNIT, 0, NULL, 0);
    xml_doc d;
    ck_assert_msg(xml_parse(xml, &d), "not well-formed: %s\n%s", d.error, xml);
    ck_assert_int_eq(xml_count(&d, "testsuites"), 1);
    ck_assert_int_eq(xml_count(&d, "testsuite"), 1);
    ck_assert_int_eq(xml_count(&d, "testcase"), 8);
    ck_assert_int_eq(xml_count(&d, "failure"), 2);
    ck_assert_int_eq(xml_count(&d, "error"), 3);
    ck_assert_int_eq(xml_count(&d, "skipped"), 1);
    const xml_element *suite = xml_find(&d, "testsuite", NULL, NULL);
    ck_assert_str_eq(xml_attr(suite, "name"), "reference");
    ck_assert_str_eq(xml_attr(suite, "tests"), "8");
    ck_assert_str_eq(xml_attr(suite, "failures"), "2");
    ck_assert_str_eq(xml_attr(suite, "errors"), "3");
    ck_assert_str_eq(xml_attr(suite, "skipped"), "1");
    ck_assert_ptr_nonnull(xml_find(&d, "property", "value", "18446744073709551615"));
    ck_assert_ptr_nonnull(xml_find(&d, "property", "value", "2026-02-03T04:05:06Z"));

    const xml_element *tc = xml_find(&d, "testcase", "name", "beta.new-fail");
    ck_assert_ptr_nonnull(tc);
    ck_assert_str_eq(xml_attr(tc, "classname"), "beta");
    /* its wall-clock duration (scenarios.duration_us, measured by the writer) in seconds, to the microsecond */
    const char *time = xml_attr(tc, "time");
    ck_assert_msg(strlen(time) == 8 && strncmp(time, "0.", 2) == 0 && strspn(time + 2, "0123456789") == 6, "%s", time);
    ck_assert_str_eq(xml_attr(suite, "timestamp"), "2026-02-03T04:05:06");
    ck_assert_str_eq(xml_attr(suite, "hostname"), "localhost");
    const xml_element *root = xml_find(&d, "testsuites", NULL, NULL);
    ck_assert_int_eq(root->attr_count, 0); /* Ant's schema allows none; Jenkins' has no skipped there */
    const xml_element *f = xml_child(&d, tc);
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->name, "failure");
    ck_assert_str_eq(xml_attr(f, "message"), new_fail_text); /* the first failing step's text */
    ck_assert_str_eq(xml_attr(f, "type"), "FAIL");
    ck_assert_ptr_nonnull(strstr(f->text, "  expected: return non-null, status ERROR_SUCCESS\n"
                                          "  actual:   return 0x8, status ERROR_ALREADY_EXISTS, last_error "
                                          "ERROR_ALREADY_EXISTS\n"));
    ck_assert_ptr_nonnull(strstr(f->text, "step 2 (CloseHandle, IWIN32.CLOSE.REFCOUNT): expected return true, got FALSE"));
    ck_assert_ptr_nonnull(strstr(f->text, "path: conformance/scenarios/beta.new-fail.json\n"));

    /* the divergence's markup survives escaping and comes back decoded; the bad byte became U+FFFD */
    f = xml_child(&d, xml_find(&d, "testcase", "name", "alpha.still"));
    ck_assert_str_eq(xml_attr(f, "type"), "DIVERGE");
    ck_assert_str_eq(xml_attr(f, "message"), "step 0 (RtCreateSharedMemory, IWIN32.CREATE.SIZE_ZERO): got "
                                             "<script>alert(\"x\")</script> & 'q' \xEF\xBF\xBD|*_");
    ck_assert_ptr_null(strstr(xml, "<script"));

    f = xml_child(&d, xml_find(&d, "testcase", "name", "gamma.crash"));
    ck_assert_str_eq(f->name, "error");
    ck_assert_str_eq(xml_attr(f, "type"), "CRASH");
    ck_assert_str_eq(xml_attr(f, "message"), "backend crashed (signal 11)");
    f = xml_child(&d, xml_find(&d, "testcase", "name", "gamma.timeout"));
    ck_assert_str_eq(xml_attr(f, "type"), "TIMEOUT");
    f = xml_child(&d, xml_find(&d, "testcase", "name", "gamma.skip"));
    ck_assert_str_eq(f->name, "skipped");
    ck_assert_ptr_null(xml_child(&d, xml_find(&d, "testcase", "name", "delta.pass")));
    xml_free(&d);

#ifdef RTSHM_HAVE_LIBXML2
    /* A second opinion from libxml2 where it is installed. */
    xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "junit.xml", "UTF-8", XML_PARSE_NONET | XML_PARSE_NOERROR);
    ck_assert_ptr_nonnull(doc);
    xmlNodePtr suite_node = xmlDocGetRootElement(doc)->children;
    while (suite_node && suite_node->type != XML_ELEMENT_NODE) suite_node = suite_node->next;
    int cases = 0;
    for (xmlNodePtr n = suite_node->children; n; n = n->next)
        cases += n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, (const xmlChar *)"testcase") == 0;
    ck_assert_int_eq(cases, 8);
    xmlFreeDoc(doc);
#endif
    free(xml);
    drop_trace();
}
END_TEST

/* ---- JSON ---- */

static const cJSON *get(const cJSON *o, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    ck_assert_msg(v != NULL, "no '%s'", key);
    return v;
}

START_TEST(json_document_has_the_documented_fields) {
    make_trace();
    char *text = render(REPORT_JSON, 0, NULL, 0);
    cJSON *doc = cJSON_Parse(text);
    ck_assert_ptr_nonnull(doc);
    /* canonical: re-serialising gives the same bytes */
    char *again = trace_canonical_json(doc);
    ck_assert_int_eq(strlen(text), strlen(again) + 1);
    ck_assert_int_eq(strncmp(text, again, strlen(again)), 0);
    free(again);

    ck_assert_str_eq(get(doc, "schema")->valuestring, "rtshm-report/1");
    const cJSON *run = get(doc, "run");
    ck_assert_int_eq(get(run, "id")->valueint, 2);
    ck_assert_str_eq(get(run, "implementation")->valuestring, "reference");
    ck_assert_str_eq(get(run, "seed")->valuestring, "18446744073709551615");
    ck_assert_str_eq(get(run, "started_at")->valuestring, "2026-02-03T04:05:06Z");
    ck_assert_str_eq(get(run, "state")->valuestring, "complete");
    ck_assert_int_eq(cJSON_GetArraySize(get(run, "argv")), 4);
    const cJSON *totals = get(doc, "totals");
    static const struct {
        const char *key;
        int n;
    } expect[] = {{"scenarios", 8}, {"PASS", 2},    {"FAIL", 1}, {"DIVERGE", 1}, {"ERROR", 1},   {"CRASH", 1},
                  {"TIMEOUT", 1},   {"SKIP", 1},    {"other", 0}, {"steps", 7},  {"findings", 1},
                  {"scenarios_failed", 5}, {"not_run", 0}};
    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++)
        ck_assert_msg(get(totals, expect[i].key)->valueint == expect[i].n, "totals.%s", expect[i].key);

    const cJSON *failures = get(doc, "failures");
    ck_assert_int_eq(cJSON_GetArraySize(failures), 3);
    const cJSON *f0 = cJSON_GetArrayItem(failures, 0), *f1 = cJSON_GetArrayItem(failures, 1);
    ck_assert_str_eq(get(f0, "scenario")->valuestring, "alpha.still");
    ck_assert_str_eq(get(f0, "detail")->valuestring, "got <script>alert(\"x\")</script> & 'q' \xEF\xBF\xBD|*_");
    ck_assert(cJSON_IsNull(get(f0, "change")));
    ck_assert_str_eq(get(f1, "scenario")->valuestring, "beta.new-fail");
    ck_assert_str_eq(get(f1, "text")->valuestring, new_fail_text);
    ck_assert_int_eq(get(f1, "seq")->valueint, 1);
    ck_assert_int_eq(get(f1, "step")->valueint, 1);
    ck_assert_str_eq(get(f1, "function")->valuestring, "RtCreateSharedMemory");
    ck_assert_str_eq(get(f1, "verdict")->valuestring, "FAIL");
    ck_assert_str_eq(get(f1, "clause")->valuestring, "IWIN32.CREATE.EXISTS");
    ck_assert_str_eq(get(f1, "level")->valuestring, "strict");
    ck_assert_str_eq(get(get(f1, "expected"), "status")->valuestring, "ERROR_SUCCESS");
    ck_assert_str_eq(get(get(f1, "actual"), "status")->valuestring, "ERROR_ALREADY_EXISTS");
    ck_assert_str_eq(get(get(f1, "actual"), "return")->valuestring, "0x8");
    ck_assert_str_eq(get(get(f1, "args"), "lpName")->valuestring, "Twice");

    const cJSON *scenarios = get(doc, "scenarios");
    ck_assert_int_eq(cJSON_GetArraySize(scenarios), 8);
    const cJSON *s0 = cJSON_GetArrayItem(scenarios, 0);
    ck_assert_str_eq(get(s0, "id")->valuestring, "alpha.fixed");
    ck_assert_str_eq(get(s0, "path")->valuestring, "conformance/scenarios/alpha.fixed.json");
    ck_assert_str_eq(get(s0, "verdict")->valuestring, "PASS");
    ck_assert_int_eq(get(s0, "steps")->valueint, 1);
    ck_assert(cJSON_IsNull(get(s0, "message")));
    ck_assert(cJSON_IsNumber(get(s0, "duration_us"))); /* wall clock, measured by the writer */
    ck_assert(cJSON_IsNull(get(s0, "outcome")));        /* no expectation file */
    ck_assert(cJSON_IsNull(get(s0, "expected")));
    ck_assert_int_eq(cJSON_GetArraySize(s0), 8);
    ck_assert(cJSON_IsNull(get(doc, "expectations")));

    const cJSON *cov = get(doc, "coverage");
    /* cited or deciding: IWIN32.CREATE.OK, .EXISTS, .SIZE_ZERO, IWIN32.CLOSE.REFCOUNT, MEM.SHARED */
    ck_assert_int_eq(get(cov, "clauses_covered")->valueint, 5);
    int clause_count;
    spec_clause_table(&clause_count);
    ck_assert_int_eq(get(cov, "clauses")->valueint, clause_count);
    ck_assert_int_eq(cJSON_GetArraySize(get(cov, "uncovered")), clause_count - 5);

    /* status_counts: by api, function, status */
    const cJSON *counts = get(doc, "status_counts");
    const cJSON *c0 = cJSON_GetArrayItem(counts, 0);
    ck_assert_str_eq(get(c0, "api")->valuestring, "iwin32");
    ck_assert_str_eq(get(c0, "function")->valuestring, "CloseHandle");
    ck_assert_str_eq(get(c0, "status")->valuestring, "ERROR_INVALID_HANDLE");
    ck_assert_int_eq(get(c0, "count")->valueint, 1);
    bool found = false;
    const cJSON *e;
    cJSON_ArrayForEach(e, counts) {
        if (strcmp(get(e, "function")->valuestring, "RtCreateSharedMemory") == 0 &&
            strcmp(get(e, "status")->valuestring, "ERROR_INVALID_PARAMETER") == 0) {
            ck_assert_int_eq(get(e, "count")->valueint, 2); /* alpha.still and alpha.fixed */
            found = true;
        }
    }
    ck_assert(found);
    ck_assert(cJSON_IsNull(get(doc, "baseline")));
    cJSON_Delete(doc);
    free(text);
    drop_trace();
}
END_TEST

START_TEST(json_with_baseline_classifies_each_scenario) {
    make_trace();
    char *text = render(REPORT_JSON, 0, NULL, 1);
    cJSON *doc = cJSON_Parse(text);
    ck_assert_ptr_nonnull(doc);
    const cJSON *failures = get(doc, "failures");
    ck_assert_str_eq(get(cJSON_GetArrayItem(failures, 0), "scenario")->valuestring, "beta.new-fail");
    ck_assert_str_eq(get(cJSON_GetArrayItem(failures, 0), "change")->valuestring, "new");
    ck_assert_int_eq(get(cJSON_GetArrayItem(failures, 1), "seq")->valueint, 2);
    ck_assert_str_eq(get(cJSON_GetArrayItem(failures, 2), "scenario")->valuestring, "alpha.still");
    ck_assert_str_eq(get(cJSON_GetArrayItem(failures, 2), "change")->valuestring, "still");
    const cJSON *b = get(doc, "baseline");
    ck_assert_int_eq(get(get(b, "run"), "id")->valueint, 1);
    ck_assert_str_eq(get(get(b, "run"), "seed")->valuestring, "7");
    ck_assert_int_eq(get(get(b, "totals"), "FAIL")->valueint, 2);
    ck_assert(cJSON_IsTrue(get(b, "same_db")));
    const cJSON *n0 = cJSON_GetArrayItem(get(b, "new_failures"), 0);
    ck_assert_int_eq(cJSON_GetArraySize(get(b, "new_failures")), 1);
    ck_assert_str_eq(get(n0, "scenario")->valuestring, "beta.new-fail");
    ck_assert_str_eq(get(n0, "baseline_verdict")->valuestring, "PASS");
    const cJSON *fx = cJSON_GetArrayItem(get(b, "fixed"), 0);
    ck_assert_int_eq(cJSON_GetArraySize(get(b, "fixed")), 1);
    ck_assert_str_eq(get(fx, "scenario")->valuestring, "alpha.fixed");
    ck_assert_str_eq(get(fx, "verdict")->valuestring, "PASS");
    ck_assert_str_eq(get(fx, "baseline_verdict")->valuestring, "FAIL");
    ck_assert_str_eq(get(cJSON_GetArrayItem(get(b, "still_failing"), 0), "scenario")->valuestring, "alpha.still");
    ck_assert_str_eq(get(cJSON_GetArrayItem(get(b, "not_run"), 0), "scenario")->valuestring, "beta.gone");
    cJSON_Delete(doc);
    free(text);

    text = render(REPORT_JSON, 2, other_db_path, 0);
    doc = cJSON_Parse(text);
    ck_assert(cJSON_IsFalse(get(get(doc, "baseline"), "same_db")));
    ck_assert_str_eq(get(cJSON_GetArrayItem(get(get(doc, "baseline"), "fixed"), 0), "scenario")->valuestring,
                     "alpha.fixed");
    cJSON_Delete(doc);
    free(text);
    drop_trace();
}
END_TEST

/* ---- HTML ---- */

START_TEST(html_is_self_contained_and_escaped) {
    make_trace();
    char *html = render(REPORT_HTML, 0, NULL, 0);
    ck_assert_msg(strncmp(html, "<!DOCTYPE html>\n", 16) == 0, "%.80s", html);
    /* one script, the page's own filter, at the end; the trace's markup stays text */
    const char *script = after(html, "<script>(function(){var f=document.getElementById('filter')");
    ck_assert_ptr_null(strstr(script + 1, "<script"));
    ck_assert_ptr_null(strstr(html, "<SCRIPT"));
    assert_before(after(html, "<section id=\"scenarios\">"), script);
    after(html, "<input id=\"filter\" type=\"search\" placeholder=\"filter by id, verdict or outcome\" "
                "aria-label=\"filter scenarios\" hidden>");
    ck_assert_ptr_null(strstr(html, "http"));     /* no URL of any kind: nothing is fetched */
    ck_assert_ptr_null(strstr(html, "<link"));
    ck_assert_ptr_null(strstr(html, "src="));
    ck_assert_ptr_null(strstr(html, "@import"));
    ck_assert_ptr_null(strstr(html, "\xff"));     /* the invalid byte was replaced */
    after(html, "<style>");
    after(html, "<svg ");
    /* run header */
    after(html, "<tr><th>seed</th><td>18446744073709551615</td></tr>");
    after(html, "<tr><th>started at</th><td>2026-02-03T04:05:06Z</td></tr>");
    /* every verdict's total, zeros included */
    static const char *const tiles[] = {"PASS</span> <span class=\"n\">2</span>", "FAIL</span> <span class=\"n\">1</span>",
                                        "DIVERGE</span> <span class=\"n\">1</span>",
                                        "ERROR</span> <span class=\"n\">1</span>", "CRASH</span> <span class=\"n\">1</span>",
                                        "TIMEOUT</span> <span class=\"n\">1</span>",
                                        "SKIP</span> <span class=\"n\">1</span>"};
    for (size_t i = 0; i < sizeof tiles / sizeof tiles[0]; i++) after(html, tiles[i]);
    /* the failures come before the coverage, with their text escaped */
    after(html, "<div class=\"tot c-neutral zero\"><span class=\"k\">NOT RUN</span> <span class=\"n\">0</span></div>");
    after(html, "<p><b>5 of 8 scenarios failed</b> (a verdict other than PASS and SKIP). 8 scenarios, 0 not run,");
    /* the index: one row per family linking to it, and the scenarios that did not pass by verdict */
    const char *index = after(html, "<section id=\"index\">");
    after(index, "<tr><td><a class=\"mono\" href=\"#f-beta\">beta</a></td><td class=\"n\">");
    after(index, "<p><b>FAIL (1)</b>: <a class=\"mono\" href=\"#beta.new-fail\">beta.new-fail</a> </p>");
    after(index, "<p><b>CRASH (1)</b>: <a class=\"mono\" href=\"#gamma.crash\">gamma.crash</a> </p>");
    after(html, "<div class=\"fam\" id=\"f-beta\">\n<h3>beta <small>");
    const char *failures = after(html, "<h2>Failures and divergences: 2 scenarios <small>(3 failing steps)</small></h2>");
    const char *coverage = after(html, "<h2>Clause coverage</h2>");
    assert_before(failures, coverage);
    const char *detail = after(html, "got &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39; \xEF\xBF\xBD|*_");
    assert_before(failures, detail);
    const char *fail_detail = after(failures, "expected status ERROR_SUCCESS, got ERROR_ALREADY_EXISTS");
    assert_before(fail_detail, coverage);
    after(failures, "return non-null, status ERROR_SUCCESS</td>");
    after(failures, "return 0x8, status ERROR_ALREADY_EXISTS, last_error ERROR_ALREADY_EXISTS</td>");
    /* scenarios with their steps on demand; failing ones open */
    /* anchors are the scenario ids; colours by class (unexpected red, success green) */
    after(html, "<details class=\"scn\" id=\"beta.new-fail\" data-key=\"beta.new-fail fail \" open><summary>"
                "<span class=\"badge c-unexpected\">FAIL</span>");
    after(html, "<details class=\"scn\" id=\"gamma.error\" data-key=\"gamma.error error \" open><summary>"
                "<span class=\"badge c-unexpected\">ERROR</span>");
    after(html, "<details class=\"scn\" id=\"delta.pass\" data-key=\"delta.pass pass \"><summary>"
                "<span class=\"badge c-success\">PASS</span> <span class=\"mono\">delta.pass");
    after(html, "<details class=\"scn\" id=\"gamma.skip\" data-key=\"gamma.skip skip \"><summary>"
                "<span class=\"badge c-neutral\">SKIP</span>");
    ck_assert_ptr_null(strstr(html, "steps are left out"));
    after(html, "lpName=&lt;b&gt;");
    after(html, "<b>handles-closed-at-exit</b>");
    after(html, "<h2>Ended without a verdict (3)</h2>");
    ck_assert_ptr_null(strstr(html, "Since the baseline"));
    free(html);
    drop_trace();
}
END_TEST

/* A page over its step budget: the failing scenarios keep their steps first, in id order while the budget
 * lasts; the passing ones become one line each (still anchored, still filtered), and the page says so. */
START_TEST(html_step_budget_bounds_the_page) {
    make_trace();
    char *whole = render(REPORT_HTML, 0, NULL, 0);
    char *small = render_budget(REPORT_HTML, 0, NULL, 0, 3);
    ck_assert_uint_lt(strlen(small), strlen(whole));
    after(small, "To keep this page small (at most 3 steps),");
    after(small, "<div class=\"scn line\" id=\"delta.pass\" data-key=\"delta.pass pass \"><span class=\"badge "
                 "c-success\">PASS</span>");
    ck_assert_ptr_null(strstr(small, "<details class=\"scn\" id=\"delta.pass\""));
    after(small, "<details class=\"scn\" id=\"alpha.still\""); /* 1 step: fits first */
    after(whole, "<details class=\"scn\" id=\"delta.pass\"");
    free(whole);
    free(small);
    drop_trace();
}
END_TEST

START_TEST(html_with_baseline_puts_new_and_fixed_first) {
    make_trace();
    char *html = render(REPORT_HTML, 0, NULL, 1);
    const char *changes = after(html, "<section id=\"changes\">");
    const char *new_h = after(changes, "<h3>New failures (1)</h3>");
    const char *fixed_h = after(changes, "<h3>Fixed (1)</h3>");
    const char *failures = after(html, "<section id=\"failures\">");
    assert_before(new_h, fixed_h);
    assert_before(fixed_h, failures);
    after(fixed_h, "alpha.fixed</a> <span class=\"muted\">baseline: FAIL</span>");
    after(changes, "<h3>Failing in the baseline, not in this run (1)</h3>");
    /* in the failure table the new failure's rows precede the old divergence's */
    const char *new_row = after(failures, "<tr class=\"new\"><td class=\"nw\"><span class=\"badge c-unexpected\">FAIL</span>"
                                          "<br><span class=\"tag new\">new</span>");
    const char *new_name = after(new_row, "beta.new-fail</a>");
    const char *old_row = after(failures, "<span class=\"tag still\">still</span>");
    const char *old_name = after(old_row, "alpha.still</a>");
    assert_before(new_name, old_row);
    assert_before(old_row, old_name);
    after(html, "PASS</span> <span class=\"n\">2</span><span class=\"b\">baseline 1</span>");
    free(html);
    drop_trace();
}
END_TEST

/* ---- every format ---- */

START_TEST(every_format_is_byte_stable) {
    make_trace();
    for (int f = REPORT_HTML; f <= REPORT_JSON; f++) {
        char *a = render((report_format)f, 0, NULL, 1), *b = render((report_format)f, 0, NULL, 1);
        ck_assert_msg(strcmp(a, b) == 0, "format %d differs between two renderings", f);
        free(a);
        free(b);
    }
    drop_trace();
}
END_TEST

START_TEST(bad_inputs_are_input_errors) {
    make_trace();
    char err[512];
    FILE *devnull = fopen("/dev/null", "w");
    report_options o = {db_path, 9, REPORT_MD, NULL, 0};
    ck_assert_int_eq(report_render(&o, devnull, err, sizeof err), REPORT_EINPUT);
    ck_assert_msg(strstr(err, "no run 9 in this trace database") != NULL, "%s", err);
    o.run_id = 0;
    o.baseline_run = 5;
    ck_assert_int_eq(report_render(&o, devnull, err, sizeof err), REPORT_EINPUT);
    ck_assert_msg(strstr(err, "no run 5") != NULL, "%s", err);
    o.baseline_run = 0;
    o.baseline_db = "/nonexistent/rtshm.sqlite";
    ck_assert_int_eq(report_render(&o, devnull, err, sizeof err), REPORT_EINPUT);
    o.baseline_db = NULL;
    o.db = "/nonexistent/rtshm.sqlite";
    ck_assert_int_eq(report_render(&o, devnull, err, sizeof err), REPORT_EINPUT);
    /* a file that is no trace */
    char path[256];
    test_tmp_file(path, sizeof path, "report-notrace");
    FILE *f = fopen(path, "w");
    fputs("just text, not a database\n", f);
    fclose(f);
    o.db = path;
    ck_assert_int_eq(report_render(&o, devnull, err, sizeof err), REPORT_EINPUT);
    ck_assert_msg(strstr(err, "not an rtshm trace database") != NULL, "%s", err);
    test_tmp_remove(path);
    fclose(devnull);
    /* a write that fails is an internal error */
    FILE *full = fopen("/dev/full", "w");
    if (full) {
        o.db = db_path;
        o.format = REPORT_HTML;
        ck_assert_int_eq(report_render(&o, full, err, sizeof err), REPORT_EINTERNAL);
        fclose(full);
    }
    report_format fmt;
    ck_assert(report_format_by_name("junit", &fmt) && fmt == REPORT_JUNIT);
    ck_assert(report_format_by_name("md", &fmt) && fmt == REPORT_MD);
    ck_assert(!report_format_by_name("xml", &fmt));
    drop_trace();
}
END_TEST

/* ---- escaping ---- */

static char *escaped(const char *s, report__esc mode) {
    report__buf b = {0};
    report__buf_escaped(&b, s, mode);
    char *out = strdup(report__buf_str(&b));
    report__buf_free(&b);
    return out;
}

START_TEST(escapers_cover_markup_controls_and_bad_utf8) {
    static const struct {
        const char *in;
        report__esc mode;
        const char *out;
    } cases[] = {
        {"<a href='x'>&\"", REPORT__ESC_HTML, "&lt;a href=&#39;x&#39;&gt;&amp;&quot;"},
        {"a\x01" "b\x7f", REPORT__ESC_HTML, "a\xEF\xBF\xBD" "b\x7f"},
        {"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", REPORT__ESC_HTML, "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"},
        {"\xC0\xAF|\xED\xA0\x80|\xF4\x90\x80\x80|\xE2\x82", REPORT__ESC_HTML,
         "\xEF\xBF\xBD\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD|"
         "\xEF\xBF\xBD\xEF\xBF\xBD"},
        {"\xEF\xBF\xBE", REPORT__ESC_XML_TEXT, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
        {"a\tb\nc\"d'", REPORT__ESC_XML_TEXT, "a\tb\nc\"d'"},
        {"a\tb\nc\r\"<'", REPORT__ESC_XML_ATTR, "a&#9;b&#10;c&#13;&quot;&lt;&apos;"},
        {"x|y*z_w`v[u]\\t~s#r!q<p>&", REPORT__ESC_MD, "x\\|y\\*z\\_w\\`v\\[u\\]\\\\t\\~s\\#r\\!q&lt;p&gt;&amp;"},
        {"two\nlines", REPORT__ESC_MD, "two lines"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = escaped(cases[i].in, cases[i].mode);
        ck_assert_msg(strcmp(got, cases[i].out) == 0, "case %zu: got '%s'", i, got);
        free(got);
    }
    char *clean = report__utf8_clean("ok\xff\x02!");
    ck_assert_str_eq(clean, "ok\xEF\xBF\xBD\xEF\xBF\xBD!");
    free(clean);
}
END_TEST

START_TEST(shared_wording_of_expected_and_actual) {
    report__buf b = {0};
    report__expected_text(&b, "{\"last_error\":\"E\",\"return\":\"null\",\"status\":[\"A\",\"B\"],\"zz\":3}");
    ck_assert_str_eq(report__buf_str(&b), "return null, status A or B, last_error E, zz 3");
    report__buf_free(&b);
    report__actual_text(&b, "read", "00ff", "OK", NULL);
    ck_assert_str_eq(report__buf_str(&b), "fault OK, data 00ff");
    report__buf_free(&b);
    report__actual_text(&b, "call", "0x8", "ERROR_ALREADY_EXISTS", "ERROR_ALREADY_EXISTS");
    ck_assert_str_eq(report__buf_str(&b), "return 0x8, status ERROR_ALREADY_EXISTS, last_error ERROR_ALREADY_EXISTS");
    report__buf_free(&b);
    char family[32];
    report__family("ntx.map.ok", family, sizeof family);
    ck_assert_str_eq(family, "ntx");
    report__family("plain", family, sizeof family);
    ck_assert_str_eq(family, "plain");
}
END_TEST

Suite *report_suite(void) {
    Suite *s = suite_create("report");
    TCase *tc = tcase_create("report");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, xml_checker_rejects_what_is_not_well_formed);
    tcase_add_test(tc, md_totals_table_is_exact);
    tcase_add_test(tc, md_with_baseline_lists_new_failures_first_and_fixed);
    tcase_add_test(tc, md_is_cut_under_the_comment_limit);
    tcase_add_test(tc, junit_is_well_formed_with_exact_counts);
    tcase_add_test(tc, json_document_has_the_documented_fields);
    tcase_add_test(tc, json_with_baseline_classifies_each_scenario);
    tcase_add_test(tc, html_is_self_contained_and_escaped);
    tcase_add_test(tc, html_with_baseline_puts_new_and_fixed_first);
    tcase_add_test(tc, html_step_budget_bounds_the_page);
    tcase_add_test(tc, every_format_is_byte_stable);
    tcase_add_test(tc, bad_inputs_are_input_errors);
    tcase_add_test(tc, escapers_cover_markup_controls_and_bad_utf8);
    tcase_add_test(tc, shared_wording_of_expected_and_actual);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    SRunner *sr = srunner_create(report_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
