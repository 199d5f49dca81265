/* reports/src/report_text.c — text helpers of the reports: a growable buffer, escaping for HTML, XML and
 * Markdown, UTF-8 cleaning, and the wording every format shares (a failure's line, expected vs actual).
 *
 * Escaping contract: whatever bytes the trace holds, the output is valid UTF-8 with no character XML 1.0
 * forbids: an invalid or overlong sequence, a surrogate, U+FFFE/U+FFFF and a C0 control other than tab,
 * LF and CR each become U+FFFD (one per offending byte or code point). Then each mode escapes what its
 * language acts on (report_int.h, report__esc). */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

const char *report__buf_str(const report__buf *b) {
    return b->data ? b->data : "";
}

/* Length of the valid, XML-allowed UTF-8 character at p (1-4), or 0 when it is not one. */
static size_t valid_char(const unsigned char *p) {
    unsigned c = p[0];
    if (c < 0x80) return c >= 0x20 || c == '\t' || c == '\n' || c == '\r' ? 1 : 0;
    if (c >= 0xC2 && c <= 0xDF) return (p[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        if (p[1] < lo || p[1] > hi || (p[2] & 0xC0) != 0x80) return 0;
        if (c == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)) return 0; /* U+FFFE, U+FFFF */
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        if (p[1] < lo || p[1] > hi || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80) return 0;
        return 4;
    }
    return 0;
}

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* What mode writes for the ASCII character c instead of c itself, or NULL when c stands as it is.
 * md_escaped receives the two-byte backslash form for Markdown punctuation. */
static const char *ascii_escape(unsigned char c, report__esc mode, char md_escaped[3]) {
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    default: break;
    }
    switch (mode) {
    case REPORT__ESC_HTML:
        if (c == '"') return "&quot;";
        if (c == '\'') return "&#39;";
        return NULL;
    case REPORT__ESC_XML_TEXT: return NULL;
    case REPORT__ESC_XML_ATTR:
        if (c == '"') return "&quot;";
        if (c == '\'') return "&apos;";
        if (c == '\t') return "&#9;";
        if (c == '\n') return "&#10;";
        if (c == '\r') return "&#13;";
        return NULL;
    case REPORT__ESC_MD:
        if (c == '\t' || c == '\n' || c == '\r') return " ";
        if (strchr("\\`*_[]|~#!", c)) {
            md_escaped[0] = '\\';
            md_escaped[1] = (char)c;
            md_escaped[2] = '\0';
            return md_escaped;
        }
        return NULL;
    }
    return NULL;
}

/* The one escaping loop: emits runs of bytes that stand as they are and replacements between them. */
typedef void (*emit_fn)(void *sink, const char *s, size_t n);

static void escape(const char *s, report__esc mode, emit_fn emit, void *sink) {
    if (s == NULL) return;
    const unsigned char *p = (const unsigned char *)s, *run = p;
    char md[3];
    while (*p) {
        size_t n = valid_char(p);
        const char *rep = NULL;
        if (n == 0) rep = replacement, n = 1;
        else if (n == 1) rep = ascii_escape(*p, mode, md);
        if (rep == NULL) {
            p += n;
            continue;
        }
        if (p > run) emit(sink, (const char *)run, (size_t)(p - run));
        emit(sink, rep, strlen(rep));
        p += n;
        run = p;
    }
    if (p > run) emit(sink, (const char *)run, (size_t)(p - run));
}

static void emit_file(void *sink, const char *s, size_t n) {
    fwrite(s, 1, n, (FILE *)sink);
}

static void emit_buf(void *sink, const char *s, size_t n) {
    report__buf_add((report__buf *)sink, s, n);
}

void report__put_escaped(FILE *out, const char *s, report__esc mode) {
    escape(s, mode, emit_file, out);
}

void report__buf_escaped(report__buf *b, const char *s, report__esc mode) {
    escape(s, mode, emit_buf, b);
}

char *report__utf8_clean(const char *s) {
    if (s == NULL) return NULL;
    report__buf b = {0};
    const unsigned char *p = (const unsigned char *)s, *run = p;
    while (*p) {
        size_t n = valid_char(p);
        if (n) {
            p += n;
            continue;
        }
        report__buf_add(&b, (const char *)run, (size_t)(p - run));
        report__buf_add(&b, replacement, 3);
        run = ++p;
    }
    report__buf_add(&b, (const char *)run, (size_t)(p - run));
    if (b.failed) {
        report__buf_free(&b);
        return NULL;
    }
    return b.data ? b.data : strdup("");
}

void report__failure_text(report__buf *b, const report__data *d, const report__failure *f) {
    const report__scenario *sc = &d->scenarios[f->scenario];
    if (!f->has_step) {
        if (sc->message && sc->message[0]) report__buf_puts(b, sc->message);
        else report__buf_printf(b, "scenario %s", sc->verdict ? sc->verdict : "?");
        return;
    }
    report__buf_printf(b, "step %lld (%s%s%s): %s", (long long)f->step, f->function ? f->function : "?",
                       f->clause ? ", " : "", f->clause ? f->clause : "",
                       f->detail && f->detail[0] ? f->detail : (f->verdict ? f->verdict : "?"));
}

/* Appends "key value" for one member of an expect object; a list reads "A or B". */
static void expected_member(report__buf *b, const char *label, const cJSON *v, bool *first) {
    if (v == NULL) return;
    report__buf_puts(b, *first ? "" : ", ");
    *first = false;
    report__buf_puts(b, label);
    report__buf_puts(b, " ");
    if (cJSON_IsString(v)) {
        report__buf_puts(b, v->valuestring);
    } else if (cJSON_IsArray(v)) {
        const cJSON *e;
        bool first_e = true;
        cJSON_ArrayForEach(e, v) {
            report__buf_puts(b, first_e ? "" : " or ");
            first_e = false;
            if (cJSON_IsString(e)) report__buf_puts(b, e->valuestring);
            else report__buf_puts(b, "?");
        }
    } else if (cJSON_IsNumber(v)) {
        report__buf_printf(b, "%.17g", v->valuedouble);
    } else if (cJSON_IsBool(v)) {
        report__buf_puts(b, cJSON_IsTrue(v) ? "true" : "false");
    } else {
        report__buf_puts(b, "null");
    }
}

void report__expected_text(report__buf *b, const char *expected_json) {
    if (expected_json == NULL || expected_json[0] == '\0') return;
    cJSON *e = cJSON_Parse(expected_json);
    if (!cJSON_IsObject(e)) {
        report__buf_puts(b, expected_json);
        cJSON_Delete(e);
        return;
    }
    /* The fields the checker knows first, in reading order; then any other, in the object's order. */
    static const char *const known[] = {"return", "status", "last_error", "fault", "data"};
    bool first = true;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        expected_member(b, known[i], cJSON_GetObjectItemCaseSensitive(e, known[i]), &first);
    const cJSON *m;
    cJSON_ArrayForEach(m, e) {
        bool is_known = false;
        for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) is_known |= strcmp(m->string, known[i]) == 0;
        if (!is_known) expected_member(b, m->string, m, &first);
    }
    cJSON_Delete(e);
}

void report__actual_text(report__buf *b, const char *kind, const char *ret, const char *status,
                         const char *last_error) {
    bool memory = kind && (strcmp(kind, "read") == 0 || strcmp(kind, "write") == 0);
    const char *labels[3] = {memory ? "fault" : "return", memory ? "data" : "status", "last_error"};
    const char *values[3] = {memory ? status : ret, memory ? ret : status, last_error};
    bool first = true;
    for (int i = 0; i < 3; i++) {
        if (values[i] == NULL) continue;
        report__buf_printf(b, "%s%s %s", first ? "" : ", ", labels[i], values[i]);
        first = false;
    }
}

void report__family(const char *scenario_id, char *out, size_t cap) {
    const char *id = scenario_id ? scenario_id : "";
    size_t n = strcspn(id, ".");
    snprintf(out, cap, "%.*s", (int)n, id);
}

void report__argv_text(report__buf *b, const char *argv_json) {
    cJSON *a = argv_json ? cJSON_Parse(argv_json) : NULL;
    bool ok = cJSON_IsArray(a);
    const cJSON *e;
    cJSON_ArrayForEach(e, a) ok &= cJSON_IsString(e);
    if (!ok) {
        report__buf_puts(b, argv_json);
    } else {
        bool first = true;
        cJSON_ArrayForEach(e, a) {
            report__buf_puts(b, first ? "" : " ");
            first = false;
            report__buf_puts(b, e->valuestring);
        }
    }
    cJSON_Delete(a);
}
