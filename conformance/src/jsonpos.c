/* conformance/src/jsonpos.c — a minimal JSON scanner that records value positions by path. */
#include "conf/jsonpos.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define MAX_DEPTH 128
#define MAX_PATH_BYTES 1024

typedef struct scanner {
    const char *text;
    size_t len, pos;
    int line, col;
    conf_jsonpos *jp;
    char path[MAX_PATH_BYTES];
    bool ok;
} scanner;

static void advance(scanner *s) {
    if (s->text[s->pos] == '\n') {
        s->line++;
        s->col = 1;
    } else {
        s->col++;
    }
    s->pos++;
}

static void skip_ws(scanner *s) {
    while (s->pos < s->len && strchr(" \t\r\n", s->text[s->pos]) && s->text[s->pos]) advance(s);
}

static void record(scanner *s) {
    uintptr_t packed = ((uintptr_t)s->line << 20) | (uintptr_t)(s->col & 0xFFFFF);
    if (!sim_hmap_put_str(&s->jp->positions, s->path, (void *)packed)) s->ok = false;
}

/* Scans a string token; copies its raw contents (escapes kept) into buf when buf != NULL. */
static bool scan_string(scanner *s, char *buf, size_t cap) {
    if (s->pos >= s->len || s->text[s->pos] != '"') return false;
    advance(s);
    size_t n = 0;
    while (s->pos < s->len && s->text[s->pos] != '"') {
        if (s->text[s->pos] == '\\' && s->pos + 1 < s->len) {
            if (buf && n + 1 < cap) buf[n++] = s->text[s->pos];
            advance(s);
        }
        if (buf && n + 1 < cap) buf[n++] = s->text[s->pos];
        advance(s);
    }
    if (buf) buf[n] = '\0';
    if (s->pos >= s->len) return false;
    advance(s);
    return true;
}

static bool scan_value(scanner *s, int depth);

static bool scan_object(scanner *s, int depth) {
    size_t base = strlen(s->path);
    advance(s); /* { */
    skip_ws(s);
    if (s->pos < s->len && s->text[s->pos] == '}') {
        advance(s);
        return true;
    }
    /* Keys seen in this object, to report duplicates; bounded by the text's size. */
    sim_hmap seen;
    sim_hmap_init(&seen);
    bool ok = true;
    while (ok && s->pos < s->len) {
        char key[256];
        int key_line = s->line, key_col = s->col;
        if (!scan_string(s, key, sizeof key)) {
            ok = false;
            break;
        }
        if (sim_hmap_get_str(&seen, key) && s->jp->duplicate_path[0] == '\0') {
            snprintf(s->jp->duplicate_path, sizeof s->jp->duplicate_path, "%.*s%s%s", (int)base, s->path,
                     base ? "." : "", key);
            s->jp->duplicate_line = key_line;
            s->jp->duplicate_col = key_col;
        }
        sim_hmap_put_str(&seen, key, (void *)1);
        skip_ws(s);
        if (s->pos >= s->len || s->text[s->pos] != ':') {
            ok = false;
            break;
        }
        advance(s);
        skip_ws(s);
        snprintf(s->path + base, sizeof s->path - base, "%s%s", base ? "." : "", key);
        ok = scan_value(s, depth + 1);
        s->path[base] = '\0';
        skip_ws(s);
        if (!ok || s->pos >= s->len) break;
        if (s->text[s->pos] == ',') {
            advance(s);
            skip_ws(s);
        } else if (s->text[s->pos] == '}') {
            advance(s);
            break;
        } else {
            ok = false;
        }
    }
    sim_hmap_clear(&seen, NULL, NULL);
    return ok;
}

static bool scan_array(scanner *s, int depth) {
    size_t base = strlen(s->path);
    advance(s); /* [ */
    skip_ws(s);
    if (s->pos < s->len && s->text[s->pos] == ']') {
        advance(s);
        return true;
    }
    for (long index = 0; s->pos < s->len; index++) {
        snprintf(s->path + base, sizeof s->path - base, "[%ld]", index);
        bool ok = scan_value(s, depth + 1);
        s->path[base] = '\0';
        if (!ok) return false;
        skip_ws(s);
        if (s->pos >= s->len) return false;
        if (s->text[s->pos] == ',') {
            advance(s);
            skip_ws(s);
        } else if (s->text[s->pos] == ']') {
            advance(s);
            return true;
        } else {
            return false;
        }
    }
    return false;
}

static bool scan_value(scanner *s, int depth) {
    if (depth > MAX_DEPTH || s->pos >= s->len || !s->ok) return false;
    record(s);
    char c = s->text[s->pos];
    if (c == '{') return scan_object(s, depth);
    if (c == '[') return scan_array(s, depth);
    if (c == '"') return scan_string(s, NULL, 0);
    /* number or literal: up to the next delimiter */
    while (s->pos < s->len && !strchr(",]} \t\r\n", s->text[s->pos]) && s->text[s->pos]) advance(s);
    return true;
}

bool conf_jsonpos_build(conf_jsonpos *jp, const char *text, size_t len) {
    memset(jp, 0, sizeof *jp);
    sim_hmap_init(&jp->positions);
    scanner s = {text, len, 0, 1, 1, jp, "", true};
    if (len >= 3 && (unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB && (unsigned char)text[2] == 0xBF)
        s.pos = 3;
    skip_ws(&s);
    scan_value(&s, 0);
    return s.ok;
}

void conf_jsonpos_free(conf_jsonpos *jp) {
    sim_hmap_clear(&jp->positions, NULL, NULL);
}

bool conf_jsonpos_find(const conf_jsonpos *jp, const char *path, int *line, int *col) {
    uintptr_t packed = (uintptr_t)sim_hmap_get_str(&jp->positions, path);
    if (packed == 0) return false;
    *line = (int)(packed >> 20);
    *col = (int)(packed & 0xFFFFF);
    return true;
}

void conf_jsonpos_of_offset(const char *text, size_t off, int *line, int *col) {
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off && text[i]; i++) {
        if (text[i] == '\n') {
            (*line)++;
            *col = 1;
        } else {
            (*col)++;
        }
    }
}
