/* traces/src/strbuf.c — a growing, NUL-terminated byte buffer (see traces/strbuf.h). */
#include "traces/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void trace_strbuf_add(trace_strbuf *b, const char *s, size_t n) {
    if (b->failed || n == 0) return;
    if (n + 1 > (size_t)-1 / 2 - b->len) { /* no size that doubling could reach */
        b->failed = true;
        return;
    }
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1) cap *= 2;
        char *data = realloc(b->data, cap);
        if (data == NULL) {
            b->failed = true;
            return;
        }
        b->data = data;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void trace_strbuf_puts(trace_strbuf *b, const char *s) {
    if (s) trace_strbuf_add(b, s, strlen(s));
}

void trace_strbuf_printf(trace_strbuf *b, const char *fmt, ...) {
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof small) {
        trace_strbuf_add(b, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (big == NULL) {
        b->failed = true;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    trace_strbuf_add(b, big, (size_t)n);
    free(big);
}

void trace_strbuf_free(trace_strbuf *b) {
    free(b->data);
    memset(b, 0, sizeof *b);
}
