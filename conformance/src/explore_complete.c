/* conformance/src/explore_complete.c — completion of a hand-written scenario file (ex_complete_text,
 * `rtshm complete`), as sqllogictest's completion mode: people write the calls, the reference model
 * writes what they produce, people review it.
 *
 * The file runs on the reference (ex_reference_run); then its text is edited in place: the value of each
 * call's and memory step's top-level "expect" member is replaced by the reference's outcome, and a step
 * without one gets `, "expect": {...}` before its closing brace. Everything else — key order, spacing,
 * line breaks, other members — stays byte for byte. The text is one the parser accepted, so the small
 * scanner below only needs to skip JSON values, not to judge them; it is bounded by the text's length. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/explore.h"

typedef struct scan {
    const char *t;
    size_t n, i;
} scan;

static void skip_ws(scan *s) {
    while (s->i < s->n && (s->t[s->i] == ' ' || s->t[s->i] == '\t' || s->t[s->i] == '\n' || s->t[s->i] == '\r')) s->i++;
}

/* Skips a string starting at its quote. */
static void skip_string(scan *s) {
    s->i++;
    while (s->i < s->n && s->t[s->i] != '"') s->i += s->t[s->i] == '\\' ? 2 : 1;
    s->i++;
}

/* Skips one value (any kind), iteratively: nesting is counted, strings skipped whole. */
static void skip_value(scan *s) {
    skip_ws(s);
    if (s->i >= s->n) return;
    char c = s->t[s->i];
    if (c == '"') {
        skip_string(s);
        return;
    }
    if (c != '{' && c != '[') {
        while (s->i < s->n && !strchr(",}] \t\r\n", s->t[s->i])) s->i++;
        return;
    }
    int depth = 0;
    while (s->i < s->n) {
        c = s->t[s->i];
        if (c == '"') {
            skip_string(s);
            continue;
        }
        if (c == '{' || c == '[') depth++;
        if (c == '}' || c == ']') depth--;
        s->i++;
        if (depth == 0) return;
    }
}

/* Reads a key at s->i (a string) into key (cut to cap) and moves past the colon. */
static void read_key(scan *s, char *key, size_t cap) {
    size_t start = s->i + 1;
    skip_string(s);
    size_t len = s->i - 1 - start;
    snprintf(key, cap, "%.*s", (int)(len < cap ? len : cap - 1), s->t + start);
    skip_ws(s);
    if (s->i < s->n && s->t[s->i] == ':') s->i++;
}

/* Where step objects' "expect" values are (or where one would go). */
typedef struct step_site {
    size_t value_start, value_end; /* the expect value's bytes, when has_expect */
    size_t close;                  /* the offset of the step object's closing brace */
    bool has_expect;
} step_site;

/* Finds the step objects of the top-level "steps" array; fills at most cap sites. Returns how many. */
static int find_sites(const char *text, size_t len, step_site *sites, int cap) {
    scan s = {text, len, 0};
    skip_ws(&s);
    if (s.i < s.n && (unsigned char)s.t[s.i] == 0xEF) s.i += 3; /* a byte-order mark */
    skip_ws(&s);
    if (s.i >= s.n || s.t[s.i] != '{') return 0;
    s.i++;
    char key[64];
    while (s.i < s.n) {
        skip_ws(&s);
        if (s.i >= s.n || s.t[s.i] == '}') break;
        if (s.t[s.i] == ',') {
            s.i++;
            continue;
        }
        read_key(&s, key, sizeof key);
        skip_ws(&s);
        if (strcmp(key, "steps") != 0 || s.i >= s.n || s.t[s.i] != '[') {
            skip_value(&s);
            continue;
        }
        s.i++; /* into the array */
        int count = 0;
        while (s.i < s.n) {
            skip_ws(&s);
            if (s.i >= s.n || s.t[s.i] == ']') return count;
            if (s.t[s.i] == ',') {
                s.i++;
                continue;
            }
            step_site site = {0, 0, 0, false};
            s.i++; /* into the step object */
            while (s.i < s.n) {
                skip_ws(&s);
                if (s.i >= s.n) break;
                if (s.t[s.i] == '}') {
                    site.close = s.i++;
                    break;
                }
                if (s.t[s.i] == ',') {
                    s.i++;
                    continue;
                }
                char member[32];
                read_key(&s, member, sizeof member);
                skip_ws(&s);
                size_t start = s.i;
                skip_value(&s);
                if (strcmp(member, "expect") == 0) {
                    site.has_expect = true;
                    site.value_start = start;
                    site.value_end = s.i;
                }
            }
            if (count < cap) sites[count] = site;
            count++;
        }
        return count;
    }
    return 0;
}

char *ex_complete_text(const char *path, const char *text, size_t len, const conf_scenario *sc, uint64_t seed,
                       char *err, size_t cap) {
    ex_reference ref;
    if (ex_reference_run(sc, seed, &ref) != 0) {
        snprintf(err, cap, "%s: the reference cannot run it: %s", path, ref.message);
        ex_reference_free(&ref);
        return NULL;
    }
    step_site *sites = calloc((size_t)sc->step_count + 1, sizeof *sites);
    int found = sites ? find_sites(text, len, sites, sc->step_count) : -1;
    if (found != sc->step_count) {
        snprintf(err, cap, "%s: %s", path, sites ? "the steps could not be located in the text" : "out of memory");
        free(sites);
        ex_reference_free(&ref);
        return NULL;
    }
    size_t out_cap = len + 1, out_len = 0;
    char **pieces = calloc((size_t)sc->step_count + 1, sizeof *pieces);
    for (int i = 0; pieces && i < sc->step_count; i++) {
        if (!ref.expects[i].present) continue;
        pieces[i] = ex_expect_json(sc->steps[i].kind, &ref.expects[i]);
        if (pieces[i] == NULL) break;
        out_cap += strlen(pieces[i]) + 16;
    }
    char *out = pieces ? malloc(out_cap) : NULL;
    size_t at = 0;
    for (int i = 0; out && i < sc->step_count; i++) {
        if (!ref.expects[i].present) continue;
        if (pieces[i] == NULL) {
            free(out);
            out = NULL;
            break;
        }
        size_t cut = sites[i].has_expect ? sites[i].value_start : sites[i].close;
        memcpy(out + out_len, text + at, cut - at);
        out_len += cut - at;
        if (!sites[i].has_expect) {
            memcpy(out + out_len, ", \"expect\": ", 12);
            out_len += 12;
        }
        size_t piece = strlen(pieces[i]);
        memcpy(out + out_len, pieces[i], piece);
        out_len += piece;
        at = sites[i].has_expect ? sites[i].value_end : sites[i].close;
    }
    if (out) {
        memcpy(out + out_len, text + at, len - at);
        out_len += len - at;
        out[out_len] = '\0';
    } else {
        snprintf(err, cap, "%s: out of memory", path);
    }
    for (int i = 0; pieces && i < sc->step_count; i++) free(pieces[i]);
    free(pieces);
    free(sites);
    ex_reference_free(&ref);
    return out;
}
