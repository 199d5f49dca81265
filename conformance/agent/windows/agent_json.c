/* agent_json.c — the Windows agent's bounded, strict JSON reader and writer (agent_json.h). */
#include "agent_json.h"

#include <stdio.h>
#include <string.h>

typedef struct aj_parser {
    aj_doc *doc;
    const char *s;
    size_t len;
    size_t pos;
    char *err;
    size_t err_size;
} aj_parser;

static int fail(aj_parser *p, const char *what)
{
    snprintf(p->err, p->err_size, "column %zu: %s", p->pos + 1, what);
    return -1;
}

static void skip_ws(aj_parser *p)
{
    while (p->pos < p->len &&
           (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' || p->s[p->pos] == '\r' || p->s[p->pos] == '\n'))
        p->pos++;
}

static int new_node(aj_parser *p, aj_type type)
{
    if (p->doc->node_count >= AJ_MAX_NODES)
        return fail(p, "more than 4096 values in one line");
    int index = p->doc->node_count++;
    aj_node *n = &p->doc->nodes[index];
    memset(n, 0, sizeof *n);
    n->type = type;
    n->first_child = -1;
    n->next = -1;
    return index;
}

int aj_hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Reads 4 hex digits at p->pos (after "\u"): the code unit, or -1. */
static long read_u4(aj_parser *p)
{
    if (p->len - p->pos < 4)
        return -1;
    long unit = 0;
    for (int i = 0; i < 4; i++) {
        int d = aj_hex_digit(p->s[p->pos + (size_t)i]);
        if (d < 0)
            return -1;
        unit = unit * 16 + d;
    }
    p->pos += 4;
    return unit;
}

/* Length of the valid UTF-8 sequence at s[0..avail), or 0 when it is not one (overlong, surrogate,
 * past U+10FFFF, truncated). */
static size_t utf8_length(const unsigned char *s, size_t avail)
{
    unsigned char c = s[0];
    size_t n;
    uint32_t cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (avail < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

static void put_utf8(char *out, size_t *at, uint32_t cp)
{
    if (cp < 0x80) {
        out[(*at)++] = (char)cp;
    } else if (cp < 0x800) {
        out[(*at)++] = (char)(0xC0 | (cp >> 6));
        out[(*at)++] = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out[(*at)++] = (char)(0xE0 | (cp >> 12));
        out[(*at)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[(*at)++] = (char)(0x80 | (cp & 0x3F));
    } else {
        out[(*at)++] = (char)(0xF0 | (cp >> 18));
        out[(*at)++] = (char)(0x80 | ((cp >> 12) & 0x3F));
        out[(*at)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[(*at)++] = (char)(0x80 | (cp & 0x3F));
    }
}

/* Parses the string at p->pos (its opening quote) into the scratch buffer: 0 with text and text_len set, or -1.
 * The decoded form is never longer than the source, so the scratch (line length + 1) always has room. */
static int parse_string(aj_parser *p, const char **text, size_t *text_len)
{
    aj_doc *doc = p->doc;
    char *out = doc->scratch + doc->scratch_used;
    size_t at = 0;
    p->pos++; /* the opening quote */
    for (;;) {
        if (p->pos >= p->len)
            return fail(p, "a string without its closing quote");
        unsigned char c = (unsigned char)p->s[p->pos];
        if (c == '"') {
            p->pos++;
            break;
        }
        if (c < 0x20)
            return fail(p, c == 0 ? "a NUL byte" : "a control character in a string (it must be escaped)");
        if (c == '\\') {
            if (p->pos + 1 >= p->len)
                return fail(p, "a string ending in a backslash");
            char e = p->s[p->pos + 1];
            p->pos += 2;
            switch (e) {
            case '"': out[at++] = '"'; break;
            case '\\': out[at++] = '\\'; break;
            case '/': out[at++] = '/'; break;
            case 'b': out[at++] = '\b'; break;
            case 'f': out[at++] = '\f'; break;
            case 'n': out[at++] = '\n'; break;
            case 'r': out[at++] = '\r'; break;
            case 't': out[at++] = '\t'; break;
            case 'u': {
                long unit = read_u4(p);
                if (unit < 0)
                    return fail(p, "\\u without 4 hex digits");
                uint32_t cp = (uint32_t)unit;
                if (unit >= 0xDC00 && unit <= 0xDFFF)
                    return fail(p, "a low surrogate escape without its high surrogate");
                if (unit >= 0xD800 && unit <= 0xDBFF) {
                    if (p->len - p->pos < 6 || p->s[p->pos] != '\\' || p->s[p->pos + 1] != 'u')
                        return fail(p, "a high surrogate escape without its low surrogate");
                    p->pos += 2;
                    long low = read_u4(p);
                    if (low < 0xDC00 || low > 0xDFFF)
                        return fail(p, "a high surrogate escape without its low surrogate");
                    cp = 0x10000 + (((uint32_t)unit - 0xD800) << 10) + ((uint32_t)low - 0xDC00);
                }
                if (cp == 0)
                    return fail(p, "\\u0000 (a NUL byte)");
                put_utf8(out, &at, cp);
                break;
            }
            default:
                p->pos--;
                return fail(p, "an unknown escape");
            }
            continue;
        }
        size_t n = utf8_length((const unsigned char *)p->s + p->pos, p->len - p->pos);
        if (n == 0)
            return fail(p, "malformed UTF-8");
        memcpy(out + at, p->s + p->pos, n);
        at += n;
        p->pos += n;
    }
    out[at] = '\0';
    doc->scratch_used += at + 1;
    *text = out;
    *text_len = at;
    return 0;
}

static int parse_number(aj_parser *p, int index)
{
    size_t start = p->pos;
    if (p->pos < p->len && p->s[p->pos] == '-')
        p->pos++;
    if (p->pos >= p->len || p->s[p->pos] < '0' || p->s[p->pos] > '9')
        return fail(p, "a number without digits");
    if (p->s[p->pos] == '0') {
        p->pos++;
        if (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9')
            return fail(p, "a number with a leading zero");
    } else {
        while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9')
            p->pos++;
    }
    if (p->pos < p->len && p->s[p->pos] == '.') {
        p->pos++;
        if (p->pos >= p->len || p->s[p->pos] < '0' || p->s[p->pos] > '9')
            return fail(p, "a fraction without digits");
        while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9')
            p->pos++;
    }
    if (p->pos < p->len && (p->s[p->pos] == 'e' || p->s[p->pos] == 'E')) {
        p->pos++;
        if (p->pos < p->len && (p->s[p->pos] == '+' || p->s[p->pos] == '-'))
            p->pos++;
        if (p->pos >= p->len || p->s[p->pos] < '0' || p->s[p->pos] > '9')
            return fail(p, "an exponent without digits");
        while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9')
            p->pos++;
    }
    p->doc->nodes[index].text = p->s + start;
    p->doc->nodes[index].text_len = p->pos - start;
    return 0;
}

static int parse_value(aj_parser *p, int depth);

static int literal(aj_parser *p, const char *word, aj_type type)
{
    size_t n = strlen(word);
    if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0)
        return fail(p, "a JSON value");
    int index = new_node(p, type);
    if (index < 0)
        return -1;
    p->pos += n;
    return index;
}

/* Parses an array or object at p->pos; returns its node index or -1. */
static int parse_container(aj_parser *p, int depth, int is_object)
{
    if (depth >= AJ_MAX_DEPTH)
        return fail(p, "nested more than 16 levels");
    int index = new_node(p, is_object ? AJ_OBJECT : AJ_ARRAY);
    if (index < 0)
        return -1;
    p->pos++;
    skip_ws(p);
    char close = is_object ? '}' : ']';
    if (p->pos < p->len && p->s[p->pos] == close) {
        p->pos++;
        return index;
    }
    int last = -1;
    for (;;) {
        const char *key = NULL;
        size_t key_len = 0;
        skip_ws(p);
        if (is_object) {
            if (p->pos >= p->len || p->s[p->pos] != '"')
                return fail(p, "a member name (a string)");
            if (parse_string(p, &key, &key_len) < 0)
                return -1;
            for (int c = p->doc->nodes[index].first_child; c >= 0; c = p->doc->nodes[c].next)
                if (p->doc->nodes[c].key_len == key_len && memcmp(p->doc->nodes[c].key, key, key_len) == 0)
                    return fail(p, "a duplicate member name");
            skip_ws(p);
            if (p->pos >= p->len || p->s[p->pos] != ':')
                return fail(p, "':' after a member name");
            p->pos++;
        }
        int child = parse_value(p, depth + 1);
        if (child < 0)
            return -1;
        p->doc->nodes[child].key = key;
        p->doc->nodes[child].key_len = key_len;
        if (last < 0)
            p->doc->nodes[index].first_child = child;
        else
            p->doc->nodes[last].next = child;
        last = child;
        p->doc->nodes[index].child_count++;
        skip_ws(p);
        if (p->pos < p->len && p->s[p->pos] == ',') {
            p->pos++;
            continue;
        }
        if (p->pos < p->len && p->s[p->pos] == close) {
            p->pos++;
            return index;
        }
        return fail(p, is_object ? "',' or '}'" : "',' or ']'");
    }
}

static int parse_value(aj_parser *p, int depth)
{
    skip_ws(p);
    if (p->pos >= p->len)
        return fail(p, "a JSON value");
    char c = p->s[p->pos];
    switch (c) {
    case '{': return parse_container(p, depth, 1);
    case '[': return parse_container(p, depth, 0);
    case 't': return literal(p, "true", AJ_TRUE);
    case 'f': return literal(p, "false", AJ_FALSE);
    case 'n': return literal(p, "null", AJ_NULL);
    case '"': {
        int index = new_node(p, AJ_STRING);
        if (index < 0)
            return -1;
        if (parse_string(p, &p->doc->nodes[index].text, &p->doc->nodes[index].text_len) < 0)
            return -1;
        return index;
    }
    default:
        if (c == '-' || (c >= '0' && c <= '9')) {
            int index = new_node(p, AJ_NUMBER);
            if (index < 0 || parse_number(p, index) < 0)
                return -1;
            return index;
        }
        return fail(p, c == '\0' ? "a NUL byte" : "a JSON value");
    }
}

int aj_parse(aj_doc *doc, const char *line, size_t len, char *err, size_t err_size)
{
    aj_parser p = {doc, line, len, 0, err, err_size};
    doc->node_count = 0;
    doc->scratch_used = 0;
    if (doc->scratch == NULL || doc->scratch_cap < len + 1)
        return fail(&p, "internal: the scratch buffer is smaller than the line");
    if (memchr(line, '\0', len) != NULL) {
        p.pos = (size_t)((const char *)memchr(line, '\0', len) - line);
        return fail(&p, "a NUL byte");
    }
    if (parse_value(&p, 0) != 0)
        return -1; /* the root is node 0 when it parsed */
    skip_ws(&p);
    if (p.pos != len)
        return fail(&p, "the end of the line after the JSON value");
    return 0;
}

int aj_member(const aj_doc *doc, int obj, const char *key)
{
    if (obj < 0 || doc->nodes[obj].type != AJ_OBJECT)
        return -1;
    size_t key_len = strlen(key);
    for (int c = doc->nodes[obj].first_child; c >= 0; c = doc->nodes[c].next)
        if (doc->nodes[c].key_len == key_len && memcmp(doc->nodes[c].key, key, key_len) == 0)
            return c;
    return -1;
}

int aj_only_keys(const aj_doc *doc, int obj, const char *const *allowed, size_t n, char *err, size_t err_size)
{
    for (int c = doc->nodes[obj].first_child; c >= 0; c = doc->nodes[c].next) {
        size_t i = 0;
        while (i < n && strcmp(allowed[i], doc->nodes[c].key) != 0)
            i++;
        if (i == n) {
            snprintf(err, err_size, "unknown key '%.64s'", doc->nodes[c].key);
            return -1;
        }
    }
    return 0;
}

int aj_integer(const aj_doc *doc, int index, int64_t min, int64_t max, int64_t *out)
{
    if (index < 0 || doc->nodes[index].type != AJ_NUMBER)
        return -1;
    const char *t = doc->nodes[index].text;
    size_t n = doc->nodes[index].text_len, i = 0;
    int negative = 0;
    if (t[0] == '-') {
        negative = 1;
        i = 1;
    }
    if (n - i > 18) /* past 10^18: out of every range the protocol uses */
        return -1;
    int64_t value = 0;
    for (; i < n; i++) {
        if (t[i] < '0' || t[i] > '9')
            return -1; /* a fraction or an exponent */
        value = value * 10 + (t[i] - '0');
    }
    if (negative)
        value = -value;
    if (value < min || value > max)
        return -1;
    *out = value;
    return 0;
}

int aj_hex64(const aj_doc *doc, int index, uint64_t *out)
{
    if (index < 0 || doc->nodes[index].type != AJ_STRING)
        return -1;
    const char *t = doc->nodes[index].text;
    size_t n = doc->nodes[index].text_len;
    if (n < 3 || n > 18 || t[0] != '0' || t[1] != 'x')
        return -1;
    uint64_t value = 0;
    for (size_t i = 2; i < n; i++) {
        int d = aj_hex_digit(t[i]);
        if (d < 0)
            return -1;
        value = (value << 4) | (uint64_t)d;
    }
    *out = value;
    return 0;
}

void aj_w_init(aj_writer *w, char *buf, size_t cap)
{
    w->buf = buf;
    w->cap = cap;
    w->len = 0;
    w->overflow = 0;
    if (cap > 0)
        buf[0] = '\0';
}

static void put_bytes(aj_writer *w, const char *bytes, size_t n)
{
    if (w->overflow || w->len + n + 1 > w->cap) {
        w->overflow = 1;
        return;
    }
    memcpy(w->buf + w->len, bytes, n);
    w->len += n;
    w->buf[w->len] = '\0';
}

void aj_w_raw(aj_writer *w, const char *text)
{
    put_bytes(w, text, strlen(text));
}

void aj_w_string(aj_writer *w, const char *s, size_t max_bytes)
{
    size_t n = strlen(s);
    if (n > max_bytes) {
        n = max_bytes;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) /* not inside a UTF-8 sequence */
            n--;
    }
    put_bytes(w, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            put_bytes(w, esc, 2);
        } else if (c < 0x20 || c == 0x7F) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            put_bytes(w, esc, 6);
        } else {
            put_bytes(w, (const char *)&s[i], 1);
        }
    }
    put_bytes(w, "\"", 1);
}

void aj_w_hex64(aj_writer *w, uint64_t value)
{
    char text[24];
    snprintf(text, sizeof text, "\"0x%llx\"", (unsigned long long)value);
    aj_w_raw(w, text);
}

void aj_w_int(aj_writer *w, int64_t value)
{
    char text[24];
    snprintf(text, sizeof text, "%lld", (long long)value);
    aj_w_raw(w, text);
}
