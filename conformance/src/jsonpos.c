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
    bool with_positions;
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

/* Whitespace as cJSON skips it: every byte from 0x01 to 0x20. */
static bool is_ws(char ch) { return (unsigned char)ch >= 1 && (unsigned char)ch <= 32; }

static void skip_ws(scanner *s) {
    while (s->pos < s->len && is_ws(s->text[s->pos])) advance(s);
}

/* Positions are packed as line << 32 | column in a pointer-sized value (64-bit hosts). */
_Static_assert(sizeof(uintptr_t) >= 8, "jsonpos packs positions into 64-bit pointers");
static bool put_position(conf_jsonpos *jp, const char *path, int line, int col) {
    uint64_t packed = ((uint64_t)(uint32_t)line << 32) | (uint32_t)col;
    return sim_hmap_put_str(&jp->positions, path, (void *)(uintptr_t)packed);
}

static void record(scanner *s) {
    if (s->with_positions && !put_position(s->jp, s->path, s->line, s->col)) s->ok = false;
}

bool conf_jsonpos_add(conf_jsonpos *jp, const char *path, int line, int col) { return put_position(jp, path, line, col); }

static int hex_digit(char ch) {
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

/* Appends code point cp to buf as UTF-8 (if it fits). */
static void put_utf8(char *buf, size_t cap, size_t *n, unsigned cp) {
    char tmp[4];
    size_t len;
    if (cp < 0x80) { tmp[0] = (char)cp; len = 1; }
    else if (cp < 0x800) { tmp[0] = (char)(0xC0 | (cp >> 6)); tmp[1] = (char)(0x80 | (cp & 0x3F)); len = 2; }
    else if (cp < 0x10000) {
        tmp[0] = (char)(0xE0 | (cp >> 12)); tmp[1] = (char)(0x80 | ((cp >> 6) & 0x3F)); tmp[2] = (char)(0x80 | (cp & 0x3F)); len = 3;
    } else {
        tmp[0] = (char)(0xF0 | (cp >> 18)); tmp[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        tmp[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); tmp[3] = (char)(0x80 | (cp & 0x3F)); len = 4;
    }
    for (size_t i = 0; i < len; i++)
        if (*n + 1 < cap) buf[(*n)++] = tmp[i];
}

/* Reads the 4 hex digits after "\u" at s->pos (pointing at 'u'); -1 when malformed. */
static long read_u_escape(scanner *s) {
    if (s->pos + 4 >= s->len) return -1;
    long v = 0;
    for (int i = 1; i <= 4; i++) {
        int d = hex_digit(s->text[s->pos + (size_t)i]);
        if (d < 0) return -1;
        v = v * 16 + d;
    }
    for (int i = 0; i < 5; i++) advance(s);
    return v;
}

/* Records the first string that is not valid UTF-8: at the current position, in the string whose
 * opening quote is at string_offset. */
static void bad_utf8(scanner *s, size_t string_offset, size_t offset, bool in_key, int line, int col, const char *why) {
    conf_jsonpos *jp = s->jp;
    if (jp->utf8_bad) return;
    jp->utf8_bad = true;
    jp->utf8_in_key = in_key;
    snprintf(jp->utf8_path, sizeof jp->utf8_path, "%s", s->path);
    jp->utf8_line = line;
    jp->utf8_col = col;
    jp->utf8_string_offset = string_offset;
    jp->utf8_offset = offset;
    snprintf(jp->utf8_why, sizeof jp->utf8_why, "%s", why);
}

/* Checks the raw UTF-8 sequence at s->pos (a byte >= 0x80 inside a string, which ends at the next '"').
 * Returns the sequence's length when valid, else 0 after describing the problem in why. */
static size_t utf8_sequence(const scanner *s, char *why, size_t cap) {
    const unsigned char *p = (const unsigned char *)s->text + s->pos;
    size_t left = s->len - s->pos;
    unsigned char b = p[0];
    size_t n;
    unsigned cp;
    if (b >= 0xc0 && b <= 0xdf) n = 2, cp = b & 0x1fu;
    else if (b >= 0xe0 && b <= 0xef) n = 3, cp = b & 0x0fu;
    else if (b >= 0xf0 && b <= 0xf7) n = 4, cp = b & 0x07u;
    else {
        snprintf(why, cap, b < 0xc0 ? "a continuation byte 0x%02x without a lead byte" : "byte 0x%02x, never in UTF-8", b);
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if (i >= left || (p[i] & 0xc0) != 0x80) {
            snprintf(why, cap, "a sequence cut short after %zu of its %zu bytes", i, n);
            return 0;
        }
        cp = cp << 6 | (p[i] & 0x3fu);
    }
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000)) {
        snprintf(why, cap, "an overlong encoding of U+%04X", cp);
        return 0;
    }
    if (cp > 0x10ffff) {
        snprintf(why, cap, "a code point beyond U+10FFFF");
        return 0;
    }
    if (cp >= 0xd800 && cp <= 0xdfff) {
        snprintf(why, cap, "an encoded UTF-16 surrogate U+%04X", cp);
        return 0;
    }
    return n;
}

/* Scans a string token; when buf != NULL, stores its decoded contents (as cJSON decodes them, so keys
 * compare equal exactly when cJSON sees them equal), truncated to cap-1 bytes; *truncated says so. */
static bool scan_string(scanner *s, char *buf, size_t cap, bool *truncated, bool is_key) {
    if (s->pos >= s->len || s->text[s->pos] != '"') return false;
    size_t string_offset = s->pos;
    advance(s);
    size_t n = 0;
    while (s->pos < s->len && s->text[s->pos] != '"') {
        char ch = s->text[s->pos];
        if (ch == '\\' && s->pos + 1 < s->len) {
            advance(s);
            char e = s->text[s->pos];
            unsigned cp;
            if (e == 'u') {
                int esc_line = s->line, esc_col = s->col - 1;
                size_t esc_offset = s->pos - 1;
                long hi = read_u_escape(s);
                if (hi < 0) return false;
                cp = (unsigned)hi;
                bool paired = false;
                if (hi >= 0xD800 && hi <= 0xDBFF && s->pos + 1 < s->len && s->text[s->pos] == '\\' &&
                    s->text[s->pos + 1] == 'u') {
                    advance(s);
                    long lo = read_u_escape(s);
                    if (lo >= 0xDC00 && lo <= 0xDFFF) {
                        cp = 0x10000 + (((unsigned)hi - 0xD800) << 10) + ((unsigned)lo - 0xDC00);
                        paired = true;
                    }
                }
                if (hi >= 0xD800 && hi <= 0xDFFF && !paired) {
                    char why[96];
                    snprintf(why, sizeof why, "the escape \\u%04lX is a UTF-16 surrogate %s", hi,
                             hi <= 0xDBFF ? "not followed by a low surrogate escape" : "without a high surrogate before it");
                    bad_utf8(s, string_offset, esc_offset, is_key, esc_line, esc_col, why);
                }
                if (cp == 0 && !s->jp->nul_seen) { /* cJSON would cut the string here */
                    snprintf(s->jp->nul_path, sizeof s->jp->nul_path, "%s", s->path);
                    s->jp->nul_seen = true;
                    s->jp->nul_line = esc_line;
                    s->jp->nul_col = esc_col;
                }
                if (buf) put_utf8(buf, cap, &n, cp);
                continue;
            }
            switch (e) {
            case 'n': cp = '\n'; break;
            case 't': cp = '\t'; break;
            case 'r': cp = '\r'; break;
            case 'b': cp = '\b'; break;
            case 'f': cp = '\f'; break;
            default: cp = (unsigned char)e; break;
            }
            if (buf) put_utf8(buf, cap, &n, cp);
            advance(s);
            continue;
        }
        size_t bytes = 1; /* a valid multi-byte sequence is taken whole */
        if ((unsigned char)ch >= 0x80) {
            char why[80];
            bytes = utf8_sequence(s, why, sizeof why);
            if (bytes == 0) {
                bad_utf8(s, string_offset, s->pos, is_key, s->line, s->col, why);
                bytes = 1;
            }
        }
        for (size_t b = 0; b < bytes; b++) {
            if (buf) {
                if (n + 1 < cap) buf[n++] = s->text[s->pos];
                else if (truncated) *truncated = true;
            }
            advance(s);
        }
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
        char key[4096];
        bool truncated = false;
        int key_line = s->line, key_col = s->col;
        if (!scan_string(s, key, sizeof key, &truncated, true)) {
            ok = false;
            break;
        }
        if (!truncated && sim_hmap_get_str(&seen, key) && s->jp->duplicate_path[0] == '\0') {
            snprintf(s->jp->duplicate_path, sizeof s->jp->duplicate_path, "%.*s%s%.256s", (int)base, s->path,
                     base ? "." : "", key);
            s->jp->duplicate_line = key_line;
            s->jp->duplicate_col = key_col;
        }
        if (!sim_hmap_get_str(&seen, key) && !sim_hmap_put_str(&seen, key, (void *)1)) {
            s->ok = false; /* out of memory: a later duplicate of this key could go unseen */
            break;
        }
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
    if (c == '"') return scan_string(s, NULL, 0, NULL, false);
    /* number or literal: up to the next delimiter */
    while (s->pos < s->len && !strchr(",]}", s->text[s->pos]) && !is_ws(s->text[s->pos]) && s->text[s->pos]) advance(s);
    return true;
}

bool conf_jsonpos_build(conf_jsonpos *jp, const char *text, size_t len, bool with_positions) {
    size_t bom = len >= 3 && (unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB && (unsigned char)text[2] == 0xBF
                     ? 3 : 0;
    /* the columns count the mark's bytes, as conf_jsonpos_of_offset does */
    bool built = conf_jsonpos_build_at(jp, text + bom, len - bom, with_positions, "", 1, 1 + (int)bom);
    if (jp->utf8_bad) {
        jp->utf8_string_offset += bom;
        jp->utf8_offset += bom;
    }
    return built;
}

bool conf_jsonpos_build_at(conf_jsonpos *jp, const char *text, size_t len, bool with_positions, const char *base_path,
                           int base_line, int base_col) {
    memset(jp, 0, sizeof *jp);
    sim_hmap_init(&jp->positions);
    scanner s = {text, len, 0, base_line, base_col, jp, "", true, with_positions};
    snprintf(s.path, sizeof s.path, "%s", base_path);
    skip_ws(&s);
    bool scanned = scan_value(&s, 0);
    if (!scanned || !s.ok) {
        jp->incomplete = true;
        jp->stop_line = s.line;
        jp->stop_col = s.col;
    }
    return scanned && s.ok;
}

void conf_jsonpos_free(conf_jsonpos *jp) {
    sim_hmap_clear(&jp->positions, NULL, NULL);
}

bool conf_jsonpos_find(const conf_jsonpos *jp, const char *path, int *line, int *col) {
    uint64_t packed = (uint64_t)(uintptr_t)sim_hmap_get_str(&jp->positions, path);
    if (packed == 0) return false;
    *line = (int)(packed >> 32);
    *col = (int)(packed & 0xFFFFFFFFu);
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
