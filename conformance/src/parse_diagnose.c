/* conformance/src/parse_diagnose.c — wording the error of a file the streaming loader rejected, exactly
 * as the held loader words it, without building the whole file's tree.
 *
 * The held loader (parse.c) parses the whole file with cJSON and indexes every value's position: for a
 * 64 MiB file of small steps that is one to two orders of magnitude more memory than the file. This
 * module keeps two copies of the bytes instead, the tree of the members other than `steps` (as the held
 * loader has them) and the tree of one step at a time:
 *   1. read the file and check its nesting (parse_text.c, as the held loader does);
 *   2. walk the top-level value by structure (as jsplit.c does) and blank out, in a copy ("skeleton"),
 *      every step that cJSON parses on its own (and every element of the header's lists past the 64th,
 *      which the header refuses by their count before looking at them): the first byte of a run of such
 *      elements becomes '0' and every other byte of the run, commas between them included, a space,
 *      except newlines. cJSON's parse of a value depends only on the value's bytes, the separators were
 *      checked, and the blank has the same length and the same newlines, so parsing the skeleton fails
 *      exactly where parsing the file fails, at the same offset, line and column, without a node per
 *      step (the walk keeps the count). Each blanked step is scanned on its own (conf/jsonpos.h, at its
 *      place in the file) for duplicate keys, \u0000 and bad UTF-8; with the skeleton's own scan, the
 *      first of each in the file is what the held loader's scan finds;
 *   3. the whole-text checks on the skeleton (conf_check_text): syntax, trailing text, then those
 *      findings, in the held loader's order;
 *   4. the header (parse_header) and the steps array (parse_steps_check) on the skeleton's tree, with
 *      the skeleton as the text that positions are taken from;
 *   5. every step, in order, parsed again from the file's bytes and validated (parse_step) with the
 *      positions of its own text.
 * A walk that meets anything it does not understand stops blanking: the rest stays as it was, and
 * cJSON on the skeleton words it as it would on the file. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/steps.h"
#include "parse_util.h"
#include "sim/alloc.h"

typedef struct walker {
    const char *text;       /* the file */
    char *skel;             /* its copy, steps that parse blanked out */
    size_t len;
    size_t cursor_off;      /* position cursor: text[cursor_off] is at cursor_line:cursor_col */
    int cursor_line, cursor_col;
    conf_jsonpos events;    /* the first duplicate, early stop, \u0000 and bad UTF-8 of the blanked steps */
    bool have_steps;
    size_t steps_offset;    /* the '[' of the first top-level "steps" array ... */
    long step_count;        /* ... and how many of its elements were blanked (all, when the skeleton parses) */
    uint64_t failures_before;
    bool no_memory;
} walker;

/* Whitespace as cJSON skips it: every byte from 0x01 to 0x20. */
static bool is_ws(char ch) { return (unsigned char)ch >= 1 && (unsigned char)ch <= 32; }

static size_t skip_ws(const walker *w, size_t pos) {
    while (pos < w->len && is_ws(w->text[pos])) pos++;
    return pos;
}

/* One past the end of the value starting at pos, found by structure only (strings, brackets of either
 * kind, or a scalar up to the next delimiter), as jsplit_value finds it; 0 when it runs off the end. */
static size_t value_end(const walker *w, size_t pos) {
    const char *t = w->text;
    if (pos >= w->len) return 0;
    char first = t[pos];
    if (first == ',' || first == ':' || first == ']' || first == '}') return 0;
    size_t i = pos + 1;
    if (first != '"' && first != '{' && first != '[') {
        while (i < w->len && !is_ws(t[i]) && t[i] != ',' && t[i] != ']' && t[i] != '}' && t[i] != ':') i++;
        return i;
    }
    long depth = first == '"' ? 0 : 1;
    bool in_string = first == '"';
    while (i < w->len) {
        char ch = t[i++];
        if (in_string) {
            if (ch == '\\') {
                if (i >= w->len) return 0;
                i++;
            } else if (ch == '"') {
                in_string = false;
                if (depth == 0) return i;
            }
        } else if (ch == '"') {
            in_string = true;
        } else if (ch == '{' || ch == '[') {
            depth++;
        } else if ((ch == '}' || ch == ']') && --depth == 0) {
            return i;
        }
    }
    return 0;
}

/* The line:column of offset off, which must not be before the cursor's (the walks only go forward). */
static void cursor_to(walker *w, size_t off, int *line, int *col) {
    for (; w->cursor_off < off; w->cursor_off++) {
        if (w->text[w->cursor_off] == '\n') {
            w->cursor_line++;
            w->cursor_col = 1;
        } else {
            w->cursor_col++;
        }
    }
    *line = w->cursor_line;
    *col = w->cursor_col;
}

static void cursor_reset(walker *w) {
    w->cursor_off = 0;
    w->cursor_line = w->cursor_col = 1;
}

static bool before(int line_a, int col_a, int line_b, int col_b) {
    return line_a < line_b || (line_a == line_b && col_a < col_b);
}

/* Keeps in into the first (in the file) of each finding of into and from; from's offsets are relative
 * to byte base of the file. */
static void merge_events(conf_jsonpos *into, const conf_jsonpos *from, size_t base) {
    if (from->duplicate_path[0] &&
        (!into->duplicate_path[0] || before(from->duplicate_line, from->duplicate_col, into->duplicate_line, into->duplicate_col))) {
        memcpy(into->duplicate_path, from->duplicate_path, sizeof into->duplicate_path);
        into->duplicate_line = from->duplicate_line;
        into->duplicate_col = from->duplicate_col;
    }
    if (from->incomplete && (!into->incomplete || before(from->stop_line, from->stop_col, into->stop_line, into->stop_col))) {
        into->incomplete = true;
        into->stop_line = from->stop_line;
        into->stop_col = from->stop_col;
    }
    if (from->nul_seen && (!into->nul_seen || before(from->nul_line, from->nul_col, into->nul_line, into->nul_col))) {
        into->nul_seen = true;
        memcpy(into->nul_path, from->nul_path, sizeof into->nul_path);
        into->nul_line = from->nul_line;
        into->nul_col = from->nul_col;
    }
    if (from->utf8_bad && (!into->utf8_bad || before(from->utf8_line, from->utf8_col, into->utf8_line, into->utf8_col))) {
        into->utf8_bad = true;
        into->utf8_in_key = from->utf8_in_key;
        memcpy(into->utf8_path, from->utf8_path, sizeof into->utf8_path);
        into->utf8_line = from->utf8_line;
        into->utf8_col = from->utf8_col;
        into->utf8_string_offset = from->utf8_string_offset + base;
        into->utf8_offset = from->utf8_offset + base;
        memcpy(into->utf8_why, from->utf8_why, sizeof into->utf8_why);
    }
}

/* A scan that stops early sees nothing after where it stopped: findings past the first stop are dropped. */
static void drop_after_stop(conf_jsonpos *jp) {
    if (!jp->incomplete) return;
    if (jp->duplicate_path[0] && before(jp->stop_line, jp->stop_col, jp->duplicate_line, jp->duplicate_col))
        jp->duplicate_path[0] = '\0';
    if (jp->nul_seen && before(jp->stop_line, jp->stop_col, jp->nul_line, jp->nul_col)) jp->nul_seen = false;
    if (jp->utf8_bad && before(jp->stop_line, jp->stop_col, jp->utf8_line, jp->utf8_col)) jp->utf8_bad = false;
}

/* Blanks text[start..end), the value at path, in the skeleton when cJSON parses exactly it on its own,
 * after scanning it; false (nothing blanked) otherwise. A value starting with 0xEF is never blanked:
 * alone, cJSON would skip a byte-order mark there. *run_end is where the run of blanked elements this
 * one follows ends (SIZE_MAX: none): the separator from there and the value join it, so a run of any
 * length is one number to cJSON (only the elements' count is lost, which the walk keeps). */
static bool blank_if_valid(walker *w, size_t start, size_t end, const char *path, size_t *run_end) {
    if ((unsigned char)w->text[start] == 0xEF) return false;
    const char *stop = NULL;
    cJSON *item = cJSON_ParseWithLengthOpts(w->text + start, end - start, &stop, false);
    bool whole = item != NULL && stop == w->text + end;
    cJSON_Delete(item);
    if (item == NULL && sim_alloc_failures() != w->failures_before) w->no_memory = true;
    if (!whole) return false;
    int line, col;
    cursor_to(w, start, &line, &col);
    conf_jsonpos scan;
    conf_jsonpos_build_at(&scan, w->text + start, end - start, false, path, line, col);
    merge_events(&w->events, &scan, start);
    conf_jsonpos_free(&scan);
    size_t from = *run_end != SIZE_MAX ? *run_end : start + 1; /* the separator ws , ws was checked */
    if (*run_end == SIZE_MAX) w->skel[start] = '0';
    for (size_t i = from; i < end; i++)
        if (w->skel[i] != '\n') w->skel[i] = ' ';
    *run_end = end;
    return true;
}

/* Blanks the elements of the array at text[pos] ('[') whose path is base, from the element first_blank
 * on, up to the first that does not parse alone or does not follow the array's structure. Returns the
 * number of elements blanked. */
static long walk_array(walker *w, size_t pos, const char *base, long first_blank) {
    pos = skip_ws(w, pos + 1);
    if (pos < w->len && w->text[pos] == ']') return 0;
    long blanked = 0;
    size_t run_end = SIZE_MAX;
    for (long i = 0; !w->no_memory; i++) { /* every element consumes bytes */
        size_t end = value_end(w, pos);
        if (end == 0) break;
        char path[1024];
        snprintf(path, sizeof path, "%s[%ld]", base, i);
        if (i >= first_blank) {
            if (!blank_if_valid(w, pos, end, path, &run_end)) break;
            blanked++;
        }
        pos = skip_ws(w, end);
        if (pos >= w->len || w->text[pos] != ',') break;
        pos = skip_ws(w, pos + 1);
    }
    return blanked;
}

/* The key text[pos..end) decoded (as cJSON and conf/jsonpos.h decode it) into buf; false when it is not
 * a string cJSON accepts. */
static bool decode_key(walker *w, size_t pos, size_t end, char *buf, size_t cap) {
    const char *stop = NULL;
    cJSON *key = cJSON_ParseWithLengthOpts(w->text + pos, end - pos, &stop, false);
    bool ok = cJSON_IsString(key) && stop == w->text + end;
    if (ok) snprintf(buf, cap, "%.4095s", key->valuestring);
    if (key == NULL && sim_alloc_failures() != w->failures_before) w->no_memory = true;
    cJSON_Delete(key);
    return ok;
}

/* Walks the members of the object at text[pos] ('{') whose path is base: calls member(w, path, value
 * offset, ctx) for each, in order, while the structure holds. */
static void walk_object(walker *w, size_t pos, const char *base, void (*member)(walker *, const char *, size_t, void *),
                        void *ctx) {
    pos = skip_ws(w, pos + 1);
    while (pos < w->len && w->text[pos] == '"' && !w->no_memory) { /* every member consumes bytes */
        size_t key_end = value_end(w, pos);
        char key[4096], path[1024];
        if (key_end == 0 || !decode_key(w, pos, key_end, key, sizeof key)) return;
        if (snprintf(path, sizeof path, "%s%s%s", base, base[0] ? "." : "", key) < 0) return; /* cut as jsonpos cuts */
        pos = skip_ws(w, key_end);
        if (pos >= w->len || w->text[pos] != ':') return;
        pos = skip_ws(w, pos + 1);
        size_t end = value_end(w, pos);
        if (end == 0) return;
        member(w, path, pos, ctx);
        pos = skip_ws(w, end);
        if (pos >= w->len || w->text[pos] != ',') return;
        pos = skip_ws(w, pos + 1);
    }
}

/* The header never looks at an element of a list past its 64th: every list of the header (clauses,
 * tags, processes, nodes, kernels, links) is refused with "more than 64" before its elements are read. */
#define HEADER_LIST_LOOKED_AT 64

/* A member of an object of the header (topology): its array's elements past the 64th are blanked. */
static void header_inner_member(walker *w, const char *path, size_t pos, void *ctx) {
    (void)ctx;
    if (w->text[pos] == '[') walk_array(w, pos, path, HEADER_LIST_LOOKED_AT);
}

/* A member of the top-level object: every element of a "steps" array is blanked, and the elements of
 * the header's lists past the 64th. */
static void top_member(walker *w, const char *path, size_t pos, void *ctx) {
    (void)ctx;
    char ch = w->text[pos];
    if (strcmp(path, "steps") == 0 && ch == '[') {
        long count = walk_array(w, pos, "steps", 0);
        if (!w->have_steps) {
            w->have_steps = true;
            w->steps_offset = pos;
            w->step_count = count;
        }
    } else if (ch == '[') {
        walk_array(w, pos, path, HEADER_LIST_LOOKED_AT);
    } else if (ch == '{') {
        walk_object(w, pos, path, header_inner_member, NULL);
    }
}

/* The top-level value: the elements of every top-level "steps" array are blanked, those of the header's
 * lists past the 64th, and those of a top-level array (not a scenario, but possibly large). */
static void walk_top(walker *w) {
    const unsigned char *u = (const unsigned char *)w->text;
    size_t pos = w->len >= 5 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF ? 3 : 0; /* as cJSON skips it */
    pos = skip_ws(w, pos);
    if (pos >= w->len) return;
    if (w->text[pos] == '[') walk_array(w, pos, "", 0);
    else if (w->text[pos] == '{') walk_object(w, pos, "", top_member, NULL);
}

/* Step 5: every step of the array at w->steps_offset parsed from the file's bytes and validated, with
 * c set up by the header. Returns 0 when all are valid, else -1 or CONF_LOAD_NO_MEMORY (message in c). */
static int check_steps(walker *w, pctx *c, int step_count) {
    cursor_reset(w);
    const unsigned char *u = (const unsigned char *)w->text;
    size_t root = skip_ws(w, w->len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF ? 3 : 0);
    cursor_to(w, root, &c->root_line, &c->root_col);
    cursor_to(w, w->steps_offset, &c->steps_line, &c->steps_col);
    c->text = NULL; /* positions come from each step's own text (c->span) */
    uint64_t vtime_us = 0;
    size_t pos = skip_ws(w, w->steps_offset + 1);
    for (int i = 0; i < step_count; i++) {
        if (i > 0) pos = skip_ws(w, skip_ws(w, pos) + 1); /* the ',' the skeleton's parse vouched for */
        size_t end = value_end(w, pos);
        cJSON *item = end ? cJSON_ParseWithLength(w->text + pos, end - pos) : NULL;
        if (item == NULL) return perr(c, "steps", "out of memory"), CONF_LOAD_NO_MEMORY;
        char span_path[32];
        snprintf(span_path, sizeof span_path, "steps[%d]", i);
        c->span = w->text + pos;
        c->span_len = end - pos;
        c->span_path = span_path;
        cursor_to(w, pos, &c->span_line, &c->span_col);
        conf_step st = {0};
        bool ok = parse_step(c, item, i, &vtime_us, &st);
        cJSON_Delete(item);
        conf_step_release(&st);
        c->span = NULL;
        if (!ok) return c->no_memory ? CONF_LOAD_NO_MEMORY : -1;
        pos = end;
    }
    return 0;
}

int parse_diagnose(const char *path, char *err, size_t err_cap) {
    parse_json_hooks();
    walker w = {.failures_before = sim_alloc_failures()};
    char *text;
    int rc = conf_read_file(path, &text, &w.len, err, err_cap);
    if (rc != 0) return rc;
    w.text = text;
    if (!conf_check_nesting(path, text, w.len, err, err_cap)) {
        free(text);
        return -1;
    }
    cursor_reset(&w);
    sim_hmap_init(&w.events.positions);
    cJSON *root = NULL;
    conf_scenario *sc = calloc(1, sizeof *sc);
    pctx c = {.file = path, .err = err, .err_cap = err_cap, .sc = sc};
    if (sc == NULL || (w.skel = malloc(w.len + 1)) == NULL) {
        rc = CONF_LOAD_NO_MEMORY;
        goto out;
    }
    memcpy(w.skel, text, w.len + 1);
    walk_top(&w);
    if (w.no_memory) {
        rc = CONF_LOAD_NO_MEMORY;
        goto out;
    }
    conf_jsonpos skel_scan;
    conf_jsonpos_build(&skel_scan, w.skel, w.len, false);
    merge_events(&w.events, &skel_scan, 0);
    conf_jsonpos_free(&skel_scan);
    drop_after_stop(&w.events);
    rc = conf_check_text(path, w.skel, w.len, &w.events, w.failures_before, &root, err, err_cap);
    if (rc != 0) goto out;
    c.text = w.skel; /* the header's positions: the skeleton has them all, the steps' starts included */
    c.len = w.len;
    const cJSON *steps = cJSON_GetObjectItemCaseSensitive(root, "steps");
    if (!parse_header(&c, root) || !parse_steps_check(&c, steps, w.have_steps ? w.step_count : -1)) {
        rc = c.no_memory ? CONF_LOAD_NO_MEMORY : -1;
        goto out;
    }
    rc = w.have_steps ? check_steps(&w, &c, (int)w.step_count) : 0;
    if (rc == 0) rc = 1; /* nothing wrong found: the caller asks the held loader */
out:
    if (rc == CONF_LOAD_NO_MEMORY || (rc == -1 && sim_alloc_failures() != w.failures_before))
        snprintf(err, err_cap, "%s: out of memory while loading the file (%zu bytes); it was not judged", path, w.len),
            rc = CONF_LOAD_NO_MEMORY;
    cJSON_Delete(root);
    conf_jsonpos_free(&w.events);
    conf_jsonpos_free(&c.pos);
    parse_step_state_free(&c);
    conf_scenario_free(sc);
    free(w.skel);
    free(text);
    return rc;
}
