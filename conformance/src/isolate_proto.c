/* conformance/src/isolate_proto.c — building, sending and reading the records of isolate_proto.h. */
#include "isolate_proto.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Makes room for len more bytes; marks o failed when out of memory. */
static bool reserve(iso_out *o, size_t len) {
    if (o->failed) return false;
    if (o->len + len <= o->cap) return true;
    size_t cap = o->cap ? o->cap : 4096;
    while (cap < o->len + len) cap *= 2;
    unsigned char *grown = realloc(o->buf, cap);
    if (grown == NULL) {
        o->failed = true;
        return false;
    }
    o->buf = grown;
    o->cap = cap;
    return true;
}

void iso_begin(iso_out *o, uint32_t type) {
    o->len = 0;
    o->failed = false;
    iso_header h = {type, 0};
    iso_put(o, &h, sizeof h);
}

void iso_put(iso_out *o, const void *data, size_t len) {
    if (len == 0 || !reserve(o, len)) return;
    memcpy(o->buf + o->len, data, len);
    o->len += len;
}

void iso_put_i32(iso_out *o, int32_t v) {
    iso_put(o, &v, sizeof v);
}

void iso_put_str(iso_out *o, const char *s) {
    uint32_t len = s ? (uint32_t)strnlen(s, ISO_MAX_RECORD_BYTES / 2) : ISO_NULL_STRING;
    iso_put(o, &len, sizeof len);
    if (s) iso_put(o, s, len);
}

void iso_put_outcome(iso_out *o, const conf_outcome *outcome) {
    conf_outcome copy;
    memcpy(&copy, outcome, sizeof copy); /* padding included, as the caller zeroed it */
    copy.clause = NULL; /* a pointer: sent as the string after it */
    iso_put(o, &copy, sizeof copy);
    iso_put_str(o, outcome->clause);
}

int iso_send(iso_out *o, int fd) {
    if (o->failed || o->len < sizeof(iso_header)) return -1;
    ((iso_header *)(void *)o->buf)->length = (uint32_t)(o->len - sizeof(iso_header));
    size_t done = 0;
    while (done < o->len) {
        ssize_t n = write(fd, o->buf + done, o->len - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        done += (size_t)n;
    }
    return 0;
}

void iso_out_free(iso_out *o) {
    free(o->buf);
    *o = (iso_out){0};
}

bool iso_get(iso_in *in, void *data, size_t len) {
    if (in->bad || in->len - in->pos < len) {
        in->bad = true;
        return false;
    }
    memcpy(data, in->p + in->pos, len);
    in->pos += len;
    return true;
}

bool iso_get_i32(iso_in *in, int32_t *v) {
    return iso_get(in, v, sizeof *v);
}

bool iso_get_str(iso_in *in, char *buf, size_t cap, bool *is_null) {
    uint32_t len;
    buf[0] = '\0';
    if (is_null) *is_null = false;
    if (!iso_get(in, &len, sizeof len)) return false;
    if (len == ISO_NULL_STRING) {
        if (is_null) *is_null = true;
        return true;
    }
    if (in->len - in->pos < len) {
        in->bad = true;
        return false;
    }
    size_t keep = len < cap ? len : cap - 1;
    memcpy(buf, in->p + in->pos, keep);
    buf[keep] = '\0';
    in->pos += len;
    return true;
}

bool iso_get_outcome(iso_in *in, conf_outcome *outcome, char *clause_buf, size_t cap) {
    bool is_null;
    if (!iso_get(in, outcome, sizeof *outcome) || !iso_get_str(in, clause_buf, cap, &is_null)) return false;
    outcome->clause = is_null ? NULL : clause_buf;
    /* bools made valid (0/1) before anything reads them as bools */
    unsigned char *raw = (unsigned char *)outcome;
    raw[offsetof(conf_outcome, has_last_error)] = raw[offsetof(conf_outcome, has_last_error)] != 0;
    raw[offsetof(conf_outcome, fault)] = raw[offsetof(conf_outcome, fault)] != 0;
    raw[offsetof(conf_outcome, has_native_error)] = raw[offsetof(conf_outcome, has_native_error)] != 0;
    outcome->native_error_kind[sizeof outcome->native_error_kind - 1] = '\0'; /* a string, whatever arrived */
    if ((unsigned)outcome->family >= SPEC_FAMILY_COUNT) {
        in->bad = true;
        return false;
    }
    return true;
}

int iso_statm_pages(uint64_t pages[2]) {
    char text[128];
    int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
    ssize_t n = fd >= 0 ? read(fd, text, sizeof text - 1) : -1;
    if (fd >= 0) close(fd);
    if (n <= 0) return -1;
    text[n] = '\0';
    unsigned long long size, resident;
    if (sscanf(text, "%llu %llu", &size, &resident) != 2) return -1;
    pages[0] = size;
    pages[1] = resident;
    return 0;
}
