/* traces/src/textesc.c — escaping outside text for the terminal (traces/textesc.h). */
#include "traces/textesc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at p that is printable as it is (1..4), or 0 when the byte at p
 * must be escaped: a control (C0, DEL, C1), or a byte not starting a valid, shortest-form sequence of a
 * scalar value (no surrogates, nothing above U+10FFFF). */
static size_t printable_length(const unsigned char *p) {
    unsigned char b = p[0];
    if (b < 0x20 || b == 0x7f) return 0;
    if (b < 0x80) return 1;
    size_t n;
    unsigned cp;
    if (b >= 0xc2 && b <= 0xdf) n = 2, cp = b & 0x1fu;
    else if (b >= 0xe0 && b <= 0xef) n = 3, cp = b & 0x0fu;
    else if (b >= 0xf0 && b <= 0xf4) n = 4, cp = b & 0x07u;
    else return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80) return 0; /* also stops at the terminating NUL */
        cp = cp << 6 | (p[i] & 0x3fu);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff))) return 0; /* overlong, too big */
    if (cp >= 0xd800 && cp <= 0xdfff) return 0;                                            /* a surrogate */
    if (cp >= 0x80 && cp <= 0x9f) return 0;                                                /* a C1 control */
    return n;
}

bool text_escape_clean(const char *text) {
    const unsigned char *p = (const unsigned char *)text;
    while (*p) {
        size_t n = printable_length(p);
        if (n == 0) return false;
        p += n;
    }
    return true;
}

/* Calls put(ctx, bytes, len) for each printable run and escape of text, in order. */
static void escape_each(const char *text, void (*put)(void *ctx, const char *bytes, size_t len), void *ctx) {
    const unsigned char *p = (const unsigned char *)text;
    while (*p) {
        size_t n = printable_length(p);
        if (n) {
            put(ctx, (const char *)p, n);
            p += n;
            continue;
        }
        char esc[5];
        snprintf(esc, sizeof esc, "\\x%02x", *p);
        put(ctx, esc, 4);
        p++;
    }
}

typedef struct buf_sink {
    char *buf;
    size_t cap, used;
    bool full;
} buf_sink;

static void put_buf(void *ctx, const char *bytes, size_t len) {
    buf_sink *s = ctx;
    if (s->full || s->used + len >= s->cap) {
        s->full = true;
        return;
    }
    memcpy(s->buf + s->used, bytes, len);
    s->used += len;
}

const char *text_escape(const char *text, char *buf, size_t cap) {
    if (cap == 0) return buf;
    buf_sink s = {buf, cap, 0, false};
    escape_each(text, put_buf, &s);
    buf[s.used] = '\0';
    return buf;
}

static void put_file(void *ctx, const char *bytes, size_t len) { fwrite(bytes, 1, len, (FILE *)ctx); }

void text_escape_fputs(FILE *out, const char *text) {
    if (text_escape_clean(text)) fputs(text, out);
    else escape_each(text, put_file, out);
}

void text_escape_vline(FILE *out, const char *fmt, va_list ap) {
    char small[2048];
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    char *text = small;
    if (n >= (int)sizeof small && (text = malloc((size_t)n + 1)) != NULL) vsnprintf(text, (size_t)n + 1, fmt, again);
    va_end(again);
    text_escape_fputs(out, text ? text : small);
    fputc('\n', out);
    if (text != small) free(text);
}

void text_escape_line(FILE *out, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    text_escape_vline(out, fmt, ap);
    va_end(ap);
}
