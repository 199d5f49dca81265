/* conformance/src/jsplit.c — splitting JSON text read from a file into values (see jsplit.h). */
#include "jsplit.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf/scenario.h"

#define JSPLIT_READ_BYTES (64 * 1024)

/* Feeds the freshly read bytes p[0..n) to the whole-file checks. The depth count mirrors the held
 * loader's (parse.c): brackets outside strings, a backslash in a string skipping the next byte. */
static void watch_bytes(jsplit *js, const char *p, size_t n) {
    conf_sha256_update(&js->sha, p, n);
    if (memchr(p, '\0', n)) js->saw_nul = true;
    for (size_t i = 0; i < n; i++) {
        char ch = p[i];
        if (js->in_string) {
            if (js->escaped) js->escaped = false;
            else if (ch == '\\') js->escaped = true;
            else if (ch == '"') js->in_string = false;
        } else if (ch == '"') {
            js->in_string = true;
        } else if (ch == '{' || ch == '[') {
            if (++js->depth > CONF_MAX_NESTING) js->too_deep = true;
        } else if (ch == '}' || ch == ']') {
            js->depth--;
        }
    }
}

/* Makes at least one more unread byte available after buf[end), keeping buf[pos..end) (moved to the
 * front). Returns false at the end of the file, on a read error, or when keeping the value being
 * split would take more than max_value_bytes. */
static bool refill(jsplit *js) {
    if (js->eof || js->failed) return false;
    if (js->pos > 0) {
        memmove(js->buf, js->buf + js->pos, js->end - js->pos);
        js->buf_offset += js->pos;
        js->end -= js->pos;
        js->pos = 0;
    }
    if (js->cap - js->end < JSPLIT_READ_BYTES) {
        if (js->end >= js->max_value_bytes) {
            js->failed = true;
            return false;
        }
        size_t want = js->cap ? js->cap * 2 : 2 * JSPLIT_READ_BYTES;
        if (want > js->max_value_bytes + JSPLIT_READ_BYTES) want = js->max_value_bytes + JSPLIT_READ_BYTES; /* no more */
        if (want < js->end + JSPLIT_READ_BYTES) want = js->end + JSPLIT_READ_BYTES;
        char *grown = realloc(js->buf, want);
        if (grown == NULL) {
            js->failed = true;
            return false;
        }
        js->buf = grown;
        js->cap = want;
    }
    for (;;) {
        ssize_t n = read(js->fd, js->buf + js->end, js->cap - js->end);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            js->failed = true;
            return false;
        }
        if (n == 0) {
            js->eof = true;
            return false;
        }
        if (js->watch) watch_bytes(js, js->buf + js->end, (size_t)n);
        js->end += (size_t)n;
        return true;
    }
}

bool jsplit_open(jsplit *js, const char *path, uint64_t offset, size_t max_value_bytes, bool watch) {
    memset(js, 0, sizeof *js);
    js->max_value_bytes = max_value_bytes;
    js->watch = watch;
    if (watch) conf_sha256_init(&js->sha);
    js->fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC); /* a FIFO put in the file's place cannot block */
    if (js->fd < 0) return false;
    struct stat st;
    if (fstat(js->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(js->fd);
        js->fd = -1;
        return false;
    }
    if (offset && lseek(js->fd, (off_t)offset, SEEK_SET) != (off_t)offset) {
        close(js->fd);
        js->fd = -1;
        return false;
    }
    js->buf_offset = offset;
    return true;
}

void jsplit_close(jsplit *js) {
    if (js->fd >= 0) close(js->fd);
    free(js->buf);
    js->fd = -1;
    js->buf = NULL;
}

/* Whitespace between values as cJSON skips it: every byte from 0x01 to 0x20. */
static bool is_ws(char ch) { return (unsigned char)ch >= 1 && (unsigned char)ch <= 32; }

int jsplit_peek(jsplit *js) {
    for (;;) {
        while (js->pos < js->end && is_ws(js->buf[js->pos])) js->pos++;
        if (js->pos < js->end) return (unsigned char)js->buf[js->pos];
        if (!refill(js)) return -1;
    }
}

bool jsplit_take(jsplit *js, char ch) {
    if (jsplit_peek(js) != (unsigned char)ch) return false;
    js->pos++;
    return true;
}

/* The byte at buf[pos + i], reading more as needed; -1 past the end. */
static int byte_at(jsplit *js, size_t i) {
    while (js->pos + i >= js->end)
        if (!refill(js)) return -1;
    return (unsigned char)js->buf[js->pos + i];
}

bool jsplit_value(jsplit *js, const char **text, size_t *len) {
    int first = jsplit_peek(js);
    if (first < 0 || first == ',' || first == ':' || first == ']' || first == '}') return false;
    size_t i = 1;
    if (first == '"' || first == '{' || first == '[') {
        long depth = first == '"' ? 0 : 1;
        bool in_string = first == '"';
        for (;;) { /* bounded: every turn consumes a byte, and the window is bounded */
            int ch = byte_at(js, i++);
            if (ch < 0) return false;
            if (in_string) {
                if (ch == '\\') {
                    if (byte_at(js, i++) < 0) return false;
                } else if (ch == '"') {
                    in_string = false;
                    if (depth == 0) break;
                }
            } else if (ch == '"') {
                in_string = true;
            } else if (ch == '{' || ch == '[') {
                depth++;
            } else if (ch == '}' || ch == ']') {
                if (--depth == 0) break;
            }
        }
    } else {
        for (;;) {
            int ch = byte_at(js, i);
            if (ch < 0 || is_ws((char)ch) || ch == ',' || ch == ']' || ch == '}' || ch == ':') break;
            i++;
        }
    }
    *text = js->buf + js->pos;
    *len = i;
    js->pos += i;
    return true;
}

uint64_t jsplit_offset(const jsplit *js) { return js->buf_offset + js->pos; }

bool jsplit_at_end(jsplit *js) {
    for (;;) { /* only what the held loader allows after the top-level value: space, tab, CR, LF */
        while (js->pos < js->end && strchr(" \t\r\n", js->buf[js->pos]) && js->buf[js->pos]) js->pos++;
        if (js->pos < js->end) return false;
        if (!refill(js)) return js->eof && !js->failed;
    }
}

bool jsplit_drain(jsplit *js) {
    for (;;) { /* bounded by the file's length */
        js->pos = js->end;
        if (!refill(js)) break;
    }
    return js->eof && !js->failed;
}

bool jsplit_skip_bom(jsplit *js) {
    if (js->buf_offset + js->pos != 0 || byte_at(js, 0) != 0xEF || byte_at(js, 1) != 0xBB || byte_at(js, 2) != 0xBF)
        return false;
    js->pos += 3;
    return true;
}
