/* conformance/src/jsplit.h — splitting JSON text read from a file into values, a bounded window at a
 * time (private to conformance/src).
 *
 * The streaming scenario loader (parse_stream.c) never holds a whole file. It walks the top-level
 * object and the `steps` array with this splitter, which finds where each value begins and ends
 * (strings, brackets, scalars) without interpreting it and hands the value's bytes to cJSON: the
 * splitter checks the structure between values, cJSON the values. While reading it can also watch
 * every byte of the file: hash it, notice NUL bytes, and bound the nesting depth exactly as the held
 * loader counts it (parse.c), so both loaders refuse the same files.
 *
 * Memory: the window grows only to hold the largest single value, up to max_value_bytes. */
#ifndef CONF_JSPLIT_H
#define CONF_JSPLIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/sha256.h"

typedef struct jsplit {
    int fd;
    char *buf;                /* the window: unread bytes are buf[pos..end) */
    size_t cap, pos, end;
    size_t max_value_bytes;   /* a value longer than this is an error */
    uint64_t buf_offset;      /* file offset of buf[0] */
    bool eof, failed;         /* failed: read error, value too long, or out of memory */
    /* Watching (jsplit_open with watch): every byte read, in order. */
    bool watch;
    conf_sha256 sha;
    bool saw_nul;
    bool too_deep;            /* nesting beyond CONF_MAX_NESTING, counted as parse.c counts it */
    int depth;
    bool in_string, escaped;
} jsplit;

/* Opens path at byte offset for splitting. Returns false when it cannot be opened or read. */
bool jsplit_open(jsplit *js, const char *path, uint64_t offset, size_t max_value_bytes, bool watch);
void jsplit_close(jsplit *js);

/* Skips whitespace (as cJSON does: every byte from 0x01 to 0x20) and returns the next byte without
 * consuming it, or -1 at the end of the file or on failure. */
int jsplit_peek(jsplit *js);

/* Skips whitespace and consumes ch; false when the next byte is something else. */
bool jsplit_take(jsplit *js, char ch);

/* Skips whitespace and consumes the next value, pointing *text at its len bytes (valid until the next
 * call). The span is found by structure only — strings, balanced brackets, or a scalar up to the next
 * delimiter — and is not validated. False at the end of the file, on an unterminated value or when
 * the value is longer than max_value_bytes. */
bool jsplit_value(jsplit *js, const char **text, size_t *len);

/* File offset of the next unread byte. */
uint64_t jsplit_offset(const jsplit *js);

/* At the very start of the file, skips a UTF-8 byte-order mark (as cJSON does); true when it did. */
bool jsplit_skip_bom(jsplit *js);

/* Reads and discards the rest of the file (watching it); false on a read error. */
bool jsplit_drain(jsplit *js);

/* Reads the rest of the file (watching it) and reports whether only space, tab, CR and LF remained
 * (what the held loader allows after the top-level value). */
bool jsplit_at_end(jsplit *js);

#endif
