/* conformance/src/parse_stream.c — loading a large scenario without holding it, and reading its steps.
 *
 * Three passes, none holding the file (memory: the top-level values other than `steps`, plus one
 * step at a time):
 *   1. split (jsplit.c): walk the top-level object watching every byte (SHA-256, NUL bytes, nesting
 *      depth counted as parse.c counts it); keep the raw text of every member but `steps`, and the
 *      file offset of the `steps` array and its length;
 *   2. validate: parse the kept members as the header (parse_header), then every step, in order,
 *      with the same functions as the held loader (parse_step), dropping each step once checked;
 *   3. run (conf_steps_*), once per pass the caller makes: parse the steps again, one at a time.
 * The held loader (parse.c) is the reference: anything unexpected here — a syntax error, a
 * duplicate key, a limit — makes this loader decline, and parse_diagnose.c then words the error as
 * the held loader would, with its line:column, in about twice the file's memory (should the two ever
 * disagree, the held loader itself decides). So the two accept exactly the same files. Layouts that are unusual but valid — a byte-order mark, any
 * whitespace cJSON skips, `steps` written with escapes — are handled here, so a valid large file is
 * not held. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "conf/steps.h"
#include "jsplit.h"
#include "parse_util.h"
#include "traces/strbuf.h"

/* Where a streamed scenario's steps are, and which file they were validated in. */
typedef struct conf_step_stream {
    char *path;
    uint64_t steps_offset;   /* the '[' of the steps array */
    struct stat identity;    /* device, inode, size and modification time at load */
    char steps_sha256[65];   /* of the bytes from steps_offset to the end of the file, at load */
} conf_step_stream;

void conf_step_stream_free(conf_step_stream *stream) {
    if (stream == NULL) return;
    free(stream->path);
    free(stream);
}

static bool same_file(const struct stat *a, const struct stat *b) {
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* Parses text[0..len) as one JSON value that spans all of it, without duplicate keys or \u0000 in a
 * string; NULL otherwise. */
static cJSON *parse_exact(const char *text, size_t len, bool check_duplicates) {
    if (len > 0 && (unsigned char)text[0] == 0xEF) return NULL; /* alone, cJSON would skip a byte-order mark */
    const char *end = NULL;
    cJSON *item = cJSON_ParseWithLengthOpts(text, len, &end, false);
    if (item == NULL) return NULL;
    if (end != text + len) {
        cJSON_Delete(item);
        return NULL;
    }
    if (check_duplicates) {
        conf_jsonpos pos;
        bool built = conf_jsonpos_build(&pos, text, len, false);
        bool duplicate = !built || pos.duplicate_path[0] != '\0' || pos.nul_seen || pos.utf8_bad;
        conf_jsonpos_free(&pos);
        if (duplicate) {
            cJSON_Delete(item);
            return NULL;
        }
    }
    return item;
}

/* Pass 1: splits the file, keeping the header members in *header as one JSON object text and the
 * steps array's offset and length. False when the file is anything but a plain, valid-looking
 * scenario object. */
static bool split_file(const char *path, const struct stat *st, trace_strbuf *header, char sha256[65],
                       uint64_t *steps_offset, int *step_count) {
    jsplit js;
    if (!jsplit_open(&js, path, 0, CONF_MAX_FILE_BYTES, true)) return false;
    jsplit_skip_bom(&js); /* as cJSON does */
    trace_strbuf_add(header, "{", 1);
    bool ok = jsplit_take(&js, '{');
    bool have_steps = false;
    int members = 0;
    for (int guard = 0; ok && guard <= (int)CONF_MAX_FILE_BYTES; guard++) { /* every member consumes bytes */
        if (guard == 0 && jsplit_take(&js, '}')) break; /* {} */
        const char *key, *value;
        size_t key_len, value_len;
        ok = jsplit_value(&js, &key, &key_len) && key_len >= 2 && key[0] == '"';
        if (!ok) break;
        bool is_steps = key_len == 7 && memcmp(key, "\"steps\"", 7) == 0;
        if (!is_steps && memchr(key, '\\', key_len)) { /* written with escapes: compare it decoded */
            cJSON *decoded = cJSON_ParseWithLength(key, key_len);
            is_steps = cJSON_IsString(decoded) && strcmp(decoded->valuestring, "steps") == 0;
            cJSON_Delete(decoded);
        }
        if (!is_steps && members) trace_strbuf_add(header, ",", 1);
        if (!is_steps) trace_strbuf_add(header, key, key_len);
        ok = ok && jsplit_take(&js, ':');
        if (!ok) break;
        if (is_steps) {
            if (have_steps || jsplit_peek(&js) != '[') {
                ok = false;
                break;
            }
            have_steps = true;
            *steps_offset = jsplit_offset(&js);
            jsplit_take(&js, '[');
            int n = 0;
            while (ok && !jsplit_take(&js, ']')) { /* every step consumes bytes */
                if (n > 0) ok = jsplit_take(&js, ',');
                ok = ok && jsplit_value(&js, &value, &value_len) && ++n <= CONF_MAX_STEPS;
            }
            *step_count = n;
        } else {
            ok = jsplit_value(&js, &value, &value_len);
            if (ok) {
                trace_strbuf_add(header, ":", 1);
                trace_strbuf_add(header, value, value_len);
            }
            members++;
        }
        if (!ok || jsplit_take(&js, '}')) break;
        ok = jsplit_take(&js, ',');
    }
    trace_strbuf_add(header, "}", 1);
    ok = ok && have_steps && *step_count > 0 && !header->failed && jsplit_at_end(&js) && !js.saw_nul &&
         !js.too_deep && jsplit_offset(&js) == (uint64_t)st->st_size;
    if (ok) conf_sha256_final(&js.sha, sha256);
    jsplit_close(&js);
    return ok;
}

/* One pass over a streamed scenario's steps: the splitter at the steps array and the parser state. */
typedef struct step_pass {
    jsplit js;
    pctx c;
    char err[256];
    uint64_t vtime_us;
    int next;                /* index of the next step */
    conf_step step;          /* the step last parsed (owned) */
    char sha256[65];         /* the hash of the steps' bytes, once at the end */
    bool done;               /* the end was reached (pass_next keeps answering 0) */
} step_pass;

static void pass_end(step_pass *p) {
    jsplit_close(&p->js);
    conf_step_release(&p->step);
    parse_step_state_free(&p->c);
}

/* Starts a pass over the steps of sc (its stream), hashing the bytes it reads. validating: the
 * loader's own pass, which binds the variables; otherwise a run pass, which may bind no new variable.
 * Either checks the file is the one that was loaded (same device, inode, size and modification time,
 * on the descriptor it reads). */
static bool pass_begin(step_pass *p, conf_scenario *sc, bool validating) {
    memset(p, 0, sizeof *p);
    p->js.fd = -1;
    p->c.file = sc->path;
    p->c.err = p->err;
    p->c.err_cap = sizeof p->err;
    p->c.sc = sc;
    p->c.vars_frozen = !validating;
    if (!parse_step_state_init(&p->c)) return false;
    if (!jsplit_open(&p->js, sc->stream->path, sc->stream->steps_offset, CONF_MAX_FILE_BYTES, true)) return false;
    struct stat now;
    if (fstat(p->js.fd, &now) != 0 || !same_file(&now, &sc->stream->identity)) return false;
    return jsplit_take(&p->js, '[');
}

/* Parses the next step into p->step: 1, 0 after the last, -1 when the file does not hold what it held
 * at load (or, validating, when the step is invalid). After the last step the rest of the file is
 * read and hashed: a run pass fails unless the steps' bytes are exactly those validated at load (a
 * change anywhere in them, even one that parses, fails the run, which then records nothing). */
static int pass_next(step_pass *p, bool validating) {
    conf_step_release(&p->step);
    if (p->done) return 0;
    if (p->next >= p->c.sc->step_count) {
        if (!jsplit_take(&p->js, ']') || p->js.saw_nul) return -1;
        if (!jsplit_drain(&p->js)) return -1; /* the hash covers every byte to the end of the file */
        conf_sha256_final(&p->js.sha, p->sha256);
        if (!validating && strcmp(p->sha256, p->c.sc->stream->steps_sha256) != 0) return -1;
        p->done = true;
        return 0;
    }
    if (p->next > 0 && !jsplit_take(&p->js, ',')) return -1;
    const char *text;
    size_t len;
    if (!jsplit_value(&p->js, &text, &len)) return -1;
    cJSON *item = parse_exact(text, len, validating);
    if (item == NULL) return -1;
    bool ok = parse_step(&p->c, item, p->next, &p->vtime_us, &p->step);
    cJSON_Delete(item);
    if (!ok) return -1;
    p->next++;
    return 1;
}

int conf_scenario_load_streamed(const char *path, conf_scenario **out) {
    *out = NULL;
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size > CONF_MAX_FILE_BYTES) return -1;
    conf_scenario *sc = calloc(1, sizeof *sc);
    conf_step_stream *stream = calloc(1, sizeof *stream);
    trace_strbuf header = {0};
    cJSON *root = NULL;
    bool ok = sc && stream && (sc->path = strdup(path)) && (stream->path = strdup(path));
    if (ok) {
        sc->stream = stream;
        stream->identity = st;
        stream = NULL;
        ok = split_file(path, &st, &header, sc->sha256, &sc->stream->steps_offset, &sc->step_count);
    }
    if (ok) ok = (root = parse_exact(header.data, header.len, true)) != NULL;
    if (ok) {
        char err[256];
        pctx c = {.file = path, .err = err, .err_cap = sizeof err, .sc = sc};
        ok = parse_header(&c, root);
        parse_step_state_free(&c);
    }
    cJSON_Delete(root);
    trace_strbuf_free(&header);
    if (ok) { /* pass 2: every step, validated and dropped */
        step_pass p;
        ok = pass_begin(&p, sc, true);
        int rc = 1;
        for (int i = 0; ok && rc == 1 && i <= sc->step_count; i++) rc = pass_next(&p, true);
        ok = ok && rc == 0;
        if (ok) memcpy(sc->stream->steps_sha256, p.sha256, sizeof p.sha256);
        pass_end(&p);
    }
    conf_step_stream_free(stream);
    if (!ok) {
        conf_scenario_free(sc);
        return -1;
    }
    *out = sc;
    return 0;
}

/* The reader of conf/steps.h: a held scenario's array, or a pass over a streamed one. */
struct conf_step_reader {
    const conf_scenario *sc;
    int next;          /* held: index of the next step */
    bool streamed;
    step_pass pass;
};

int conf_steps_open(const conf_scenario *sc, conf_step_reader **out, char *err, size_t err_cap) {
    *out = NULL;
    conf_step_reader *r = calloc(1, sizeof *r);
    if (r == NULL) {
        snprintf(err, err_cap, "%s: out of memory", sc->path);
        return -1;
    }
    r->sc = sc;
    r->streamed = sc->steps == NULL;
    /* The pass parses into the scenario's variable table, which already holds every variable (the
     * loader bound them in the same order), so nothing in *sc changes. */
    if (r->streamed && !pass_begin(&r->pass, (conf_scenario *)sc, false)) {
        snprintf(err, err_cap, "the file changed since it was loaded, or cannot be read any more");
        pass_end(&r->pass);
        free(r);
        return -1;
    }
    *out = r;
    return 0;
}

int conf_steps_next(conf_step_reader *r, const conf_step **step, char *err, size_t err_cap) {
    *step = NULL;
    if (!r->streamed) {
        if (r->next >= r->sc->step_count) return 0;
        *step = &r->sc->steps[r->next++];
        return 1;
    }
    int rc = pass_next(&r->pass, false);
    if (rc < 0) {
        snprintf(err, err_cap, "the file changed since it was loaded, or cannot be read any more (at step %d)",
                 r->pass.next);
        return -1;
    }
    if (rc == 1) *step = &r->pass.step;
    return rc;
}

void conf_steps_close(conf_step_reader *r) {
    if (r == NULL) return;
    if (r->streamed) pass_end(&r->pass);
    free(r);
}

bool conf_steps_describe(const conf_scenario *sc, int index, char *buf, size_t cap) {
    if (index < 0 || index >= sc->step_count) return false;
    conf_step_reader *r;
    char err[256];
    if (conf_steps_open(sc, &r, err, sizeof err) != 0) return false;
    const conf_step *st = NULL;
    int rc = 1;
    for (int i = 0; rc == 1 && i <= index; i++) rc = conf_steps_next(r, &st, err, sizeof err);
    bool found = rc == 1 && st != NULL && st->index == index;
    if (found)
        snprintf(buf, cap, "%s", st->kind == CONF_STEP_CALL ? st->fn->name : st->kind == CONF_STEP_EVENT ? "event"
                                                                   : st->kind == CONF_STEP_READ    ? "read"
                                                                                                   : "write");
    conf_steps_close(r);
    return found;
}
