/* traces/src/stream_jsonl.c — records from an exported JSONL file, one line at a time.
 *
 * Lines are read through a fixed read-ahead chunk into a buffer that grows to the longest line, bounded
 * by MAX_LINE_BYTES, so an endless line costs bounded memory. A record is an exported canonical line
 * taken as it is: only the fields that place it (type, scenario, seq) are read, without parsing it. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stream_int.h"
#include "traces/health.h"

#define MAX_LINE_BYTES (64u * 1024 * 1024)

/* Contract in stream_int.h. */
int stream__open_jsonl(trace_stream *s, const char *path, int64_t run_id, char *err, size_t cap) {
    if (trace_path_irregular(path, err, cap)) { /* refused before it is opened: a FIFO would block */
        s->bad_input = true;
        return -1;
    }
    s->file = fopen(path, "rb");
    int rc = s->file ? 0 : -1;
    if (rc != 0) snprintf(err, cap, "%s: cannot open", path);
    else if (run_id != 0) {
        snprintf(err, cap, "%s: --run applies to trace databases, not exported JSONL files", path);
        s->bad_input = true;
        rc = -1;
    }
    return rc;
}

/* Four hex digits at p as a number, or -1. */
static long hex4(const char *p) {
    long value = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) return -1;
        value = value * 16 + d;
    }
    return value;
}

/* Appends the UTF-8 bytes of code point cp to buf at *n (room for 4 bytes is the caller's). */
static void put_utf8(unsigned long cp, char *buf, size_t *n) {
    if (cp < 0x80) {
        buf[(*n)++] = (char)cp;
    } else if (cp < 0x800) {
        buf[(*n)++] = (char)(0xc0 | cp >> 6);
        buf[(*n)++] = (char)(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        buf[(*n)++] = (char)(0xe0 | cp >> 12);
        buf[(*n)++] = (char)(0x80 | (cp >> 6 & 0x3f));
        buf[(*n)++] = (char)(0x80 | (cp & 0x3f));
    } else {
        buf[(*n)++] = (char)(0xf0 | cp >> 18);
        buf[(*n)++] = (char)(0x80 | (cp >> 12 & 0x3f));
        buf[(*n)++] = (char)(0x80 | (cp >> 6 & 0x3f));
        buf[(*n)++] = (char)(0x80 | (cp & 0x3f));
    }
}

/* Decodes one character of a JSON string body at v (a plain byte or an escape: \" \\ \/ \b \f \n \r \t
 * \uXXXX, surrogate pairs joined; a lone surrogate or a malformed escape becomes U+FFFD) into buf at *n,
 * which has room for 4 more bytes. Returns the position after it; never reads past the terminating NUL. */
static const char *unescape_one(const char *v, char *buf, size_t *n) {
    if (*v != '\\') {
        buf[(*n)++] = *v;
        return v + 1;
    }
    char c = v[1];
    static const char escaped[] = "\"\\/bfnrt", decoded[] = "\"\\/\b\f\n\r\t";
    const char *simple = c != '\0' ? strchr(escaped, c) : NULL;
    if (simple) {
        buf[(*n)++] = decoded[simple - escaped];
        return v + 2;
    }
    if (c != 'u') {
        put_utf8(0xfffd, buf, n);
        return c ? v + 2 : v + 1;
    }
    long cp = hex4(v + 2);
    if (cp < 0) {
        put_utf8(0xfffd, buf, n);
        return v + 2;
    }
    v += 6;
    if (cp >= 0xd800 && cp <= 0xdbff && v[0] == '\\' && v[1] == 'u') {
        long low = hex4(v + 2);
        if (low >= 0xdc00 && low <= 0xdfff) {
            put_utf8(0x10000 + ((unsigned long)(cp - 0xd800) << 10) + (unsigned long)(low - 0xdc00), buf, n);
            return v + 6;
        }
    }
    put_utf8(cp >= 0xd800 && cp <= 0xdfff ? 0xfffd : (unsigned long)cp, buf, n);
    return v;
}

/* Reads the value of top-level key `key` of the JSON object in line: a string (copied and unescaped,
 * unescape_one; cut at cap) into buf, or a number into *num. Returns 1 when found. Nested objects and
 * arrays are skipped by depth, strings by their quotes; bounded by the line's length. */
static int top_field(const char *line, const char *key, char *buf, size_t cap, int64_t *num) {
    size_t klen = strlen(key);
    int depth = 0;
    for (const char *p = line; *p; p++) {
        if (*p == '"') {
            const char *start = ++p;
            while (*p && *p != '"') {
                if (*p == '\\' && p[1]) p++;
                p++;
            }
            if (!*p) return 0;
            if (depth == 1 && (size_t)(p - start) == klen && memcmp(start, key, klen) == 0 && p[1] == ':') {
                const char *v = p + 2;
                if (*v == '"') {
                    if (buf == NULL || cap == 0) return 0; /* a string where a number was asked for */
                    size_t n = 0;
                    for (v++; *v && *v != '"' && n + 4 < cap;) v = unescape_one(v, buf, &n);
                    buf[n] = '\0';
                    return *v == '"';
                }
                if (num && (*v == '-' || (*v >= '0' && *v <= '9'))) {
                    *num = strtoll(v, NULL, 10);
                    return 1;
                }
                return 0;
            }
        } else if (*p == '{' || *p == '[') {
            depth++;
        } else if (*p == '}' || *p == ']') {
            depth--;
        }
    }
    return 0;
}

/* Reads the next line of s->file (its newline dropped) into s->buf: its length, -1 at the end of the
 * file, -2 on a read error, -3 when the line is longer than MAX_LINE_BYTES — found before more than
 * MAX_LINE_BYTES + 1 bytes are held, so an endless line costs bounded memory. */
static ssize_t read_line(trace_stream *s) {
    size_t len = 0;
    bool any = false;
    for (;;) {
        if (s->chunk_pos == s->chunk_len) {
            s->chunk_len = fread(s->chunk, 1, sizeof s->chunk, s->file);
            s->chunk_pos = 0;
            if (s->chunk_len == 0) {
                if (ferror(s->file)) return -2;
                if (!any) return -1;
                break; /* a last line without a newline */
            }
        }
        any = true;
        const char *from = s->chunk + s->chunk_pos;
        size_t avail = s->chunk_len - s->chunk_pos;
        const char *nl = memchr(from, '\n', avail);
        size_t take = nl ? (size_t)(nl - from) : avail;
        if (len + take > MAX_LINE_BYTES) return -3;
        if (len + take + 1 > s->buf_cap) {
            size_t want = s->buf_cap ? s->buf_cap : 4096;
            while (want < len + take + 1) want *= 2;
            char *grown = realloc(s->buf, want);
            if (grown == NULL) return -2;
            s->buf = grown;
            s->buf_cap = want;
        }
        memcpy(s->buf + len, from, take);
        len += take;
        s->chunk_pos += take + (nl ? 1 : 0);
        if (nl) break;
    }
    s->buf[len] = '\0';
    return (ssize_t)len;
}

/* JSONL records are exported canonical lines and are taken as they are (no re-canonicalization):
 * only the three fields that place a record are read, and the object is parsed on demand. */
int stream__next_jsonl(trace_stream *s, trace_record *rec, char *err, size_t cap) {
    for (;;) {
        ssize_t got = read_line(s);
        if (got == -1) return 0;
        if (got == -2) {
            snprintf(err, cap, "%s: read error", s->path);
            return -1;
        }
        s->line_no++;
        if (got == -3) {
            snprintf(err, cap, "%s:%ld: line longer than %u bytes", s->path, s->line_no, MAX_LINE_BYTES);
            s->bad_input = true;
            return -1;
        }
        while (got > 0 && s->buf[got - 1] == '\r') s->buf[--got] = '\0';
        if (got == 0) continue;
        char type[16];
        int64_t seq = -1;
        trace_rec_type t;
        if (!top_field(s->buf, "type", type, sizeof type, NULL) || s->buf[0] != '{') {
            snprintf(err, cap, "%s:%ld: not a canonical trace record (expected an object with \"type\": "
                               "scenario, step or finding)", s->path, s->line_no);
            s->bad_input = true;
            return -1;
        }
        if (strcmp(type, "scenario") == 0) t = TRACE_REC_SCENARIO;
        else if (strcmp(type, "step") == 0) t = TRACE_REC_STEP;
        else if (strcmp(type, "finding") == 0) t = TRACE_REC_FINDING;
        else {
            snprintf(err, cap, "%s:%ld: not a canonical trace record (\"type\" is scenario, step or finding)", s->path,
                     s->line_no);
            s->bad_input = true;
            return -1;
        }
        if (!top_field(s->buf, "scenario", s->scenario, sizeof s->scenario, NULL) ||
            (t != TRACE_REC_SCENARIO && !top_field(s->buf, "seq", NULL, 0, &seq))) {
            snprintf(err, cap, "%s:%ld: record lacks \"scenario\" or \"seq\"", s->path, s->line_no);
            s->bad_input = true;
            return -1;
        }
        s->line = strdup(s->buf);
        if (s->line == NULL) {
            snprintf(err, cap, "out of memory");
            return -1;
        }
        rec->type = t;
        rec->scenario = s->scenario;
        rec->seq = t == TRACE_REC_SCENARIO ? -1 : seq;
        rec->obj = NULL; /* trace_record_object parses it when someone needs it */
        rec->line = s->line;
        return 1;
    }
}
