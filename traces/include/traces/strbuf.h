/* traces/strbuf.h — a growing, NUL-terminated byte buffer: the one text builder of every folder
 * (canonical JSON in traces/, report text in reports/, a scenario's header in conformance/).
 *
 * A zeroed trace_strbuf is empty and ready. Growth doubles the allocation; when memory runs out the
 * buffer keeps what fit, sets `failed`, and ignores later additions, so callers check once at the end.
 * Ownership: data belongs to the buffer until the caller takes it (and then frees it) or calls
 * trace_strbuf_free. */
#ifndef TRACES_STRBUF_H
#define TRACES_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct trace_strbuf {
    char *data;   /* NUL-terminated; NULL until something is added */
    size_t len, cap;
    bool failed;  /* memory ran out: data holds what fit */
} trace_strbuf;

/* Appends n bytes of s (which may hold NUL bytes). */
void trace_strbuf_add(trace_strbuf *b, const char *s, size_t n);

/* Appends the string s; NULL adds nothing. */
void trace_strbuf_puts(trace_strbuf *b, const char *s);

/* Appends the text fmt formats, whatever its length (printf's conventions). */
void trace_strbuf_printf(trace_strbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Frees the data and empties the buffer. */
void trace_strbuf_free(trace_strbuf *b);

#endif
