/* conformance/src/parse.c — reading a scenario file and validating its top level.
 *
 * Pipeline: read the bytes (bounded by CONF_MAX_FILE_BYTES) -> SHA-256 -> cJSON parse (syntax errors
 * reported at their line:column) -> position index (conf/jsonpos.h, also catching duplicate keys)
 * -> top-level keys, id, title, clauses (known to spec/), tags -> topology and processes
 * (parse_topology.c) -> steps (parse_steps.c). The first error stops the pipeline and everything
 * allocated so far is freed. Files larger than CONF_HOLD_FILE_BYTES take the streaming path instead
 * (parse_stream.c), which accepts the same files and words its errors as this one does (parse_diagnose.c).
 * The checks on the text as a whole (syntax, duplicate keys, \u0000, UTF-8) are shared (parse_text.c). */
#include <errno.h>
#include <fcntl.h>
#if defined(__GLIBC__)
#include <malloc.h> /* malloc_trim */
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf/corpus.h"

#include "conf/sha256.h"
#include "sim/alloc.h"
#include "conf/steps.h"
#include "parse_util.h"
#include "spec/clauses.h"

#define CONF_MAX_SCHEMA_URI_BYTES 4096 /* "$schema": a URI or a path, as editors write it */

static bool parse_id(pctx *c, const cJSON *root) {
    const char *id;
    if (!get_string(c, root, "", "id", true, 1024, &id)) return false;
    size_t n = strlen(id);
    bool ok = n > 0 && n <= CONF_MAX_ID_CHARS && ((id[0] >= 'a' && id[0] <= 'z') || (id[0] >= '0' && id[0] <= '9'));
    for (size_t i = 0; ok && i < n; i++)
        ok = (id[i] >= 'a' && id[i] <= 'z') || (id[i] >= '0' && id[i] <= '9') || id[i] == '.' || id[i] == '_' || id[i] == '-';
    if (!ok)
        return perr(c, "id", "expected an id matching [a-z0-9][a-z0-9._-]* of at most %d characters, found \"%s\"",
                    CONF_MAX_ID_CHARS, id);
    return (c->sc->id = pstrdup(c, id, "id")) != NULL;
}

/* A list of strings at root[key] into *out and count; known_clause: each must be a clause ID in spec/. */
static bool parse_string_list(pctx *c, const cJSON *root, const char *key, bool known_clause, char ***out, int *count) {
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, key);
    if (list == NULL) return true;
    if (!cJSON_IsArray(list)) return perr(c, key, "expected an array of strings");
    int n = cJSON_GetArraySize(list);
    if (n > CONF_MAX_LIST) return perr(c, key, "more than %d entries", CONF_MAX_LIST);
    *out = calloc((size_t)(n ? n : 1), sizeof **out);
    if (*out == NULL) return perr(c, key, "out of memory");
    for (int i = 0; i < n; i++) {
        char p[64];
        path_index(p, sizeof p, key, i);
        const cJSON *e = cJSON_GetArrayItem(list, i);
        if (!cJSON_IsString(e) || e->valuestring[0] == '\0' || strlen(e->valuestring) > 128)
            return perr(c, p, "expected a non-empty string of at most 128 characters");
        if (known_clause && spec_clause_find(e->valuestring) == NULL)
            return perr(c, p, "unknown clause '%s' (clause IDs are listed by 'rtshm spec' and in spec/CLAUSES.md)",
                        e->valuestring);
        if (((*out)[i] = pstrdup(c, e->valuestring, p)) == NULL) return false;
        *count = i + 1;
    }
    return true;
}

bool parse_header(pctx *c, const cJSON *root) {
    /* "$schema": the URI of a JSON Schema for editors (conformance/rtshm-scenario.schema.json); a string,
     * accepted and ignored. */
    static const char *const keys[] = {"format", "id", "title", "clauses", "tags", "topology", "processes", "steps",
                                       "$schema", NULL};
    conf_scenario *sc = c->sc;
    if (!cJSON_IsObject(root)) return perr(c, "", "expected a JSON object with \"format\": \"rtshm-scenario/1\"");
    const char *format, *title, *schema_uri;
    if (!check_keys(c, root, "", keys) || !get_string(c, root, "", "$schema", false, CONF_MAX_SCHEMA_URI_BYTES, &schema_uri) ||
        !get_string(c, root, "", "format", true, 64, &format))
        return false;
    if (strcmp(format, "rtshm-scenario/1") != 0)
        return perr(c, "format", "expected \"rtshm-scenario/1\", found \"%s\"", format);
    if (!parse_id(c, root) || !get_string(c, root, "", "title", true, CONF_MAX_TITLE_BYTES, &title)) return false;
    if (title[0] == '\0' || strchr(title, '\n')) return perr(c, "title", "expected one non-empty line");
    if ((sc->title = pstrdup(c, title, "title")) == NULL) return false;
    return parse_string_list(c, root, "clauses", true, &sc->clauses, &sc->clause_count) &&
           parse_string_list(c, root, "tags", false, &sc->tags, &sc->tag_count) && parse_topology(c, root);
}

/* conf_scenario_parse, or with generated (conf_scenario_parse_generated) without the text's SHA-256 and
 * the scan for duplicate keys, \u0000 and bad UTF-8 (c.pos stays empty: positions come on the first error). */
static int parse_text(const char *path, const char *text, size_t len, bool generated, conf_scenario **out, char *err,
                      size_t err_cap) {
    *out = NULL;
    parse_json_hooks();
    uint64_t failures_before = sim_alloc_failures();
    pctx c = {.file = path, .err = err, .err_cap = err_cap};
    conf_scenario *sc = calloc(1, sizeof *sc);
    cJSON *root = NULL;
    if (sc == NULL || (sc->path = strdup(path)) == NULL) {
        snprintf(err, err_cap, "%s: out of memory", path);
        free(sc);
        return CONF_LOAD_NO_MEMORY;
    }
    c.sc = sc;
    if (!generated) conf_sha256_hex(text, len, sc->sha256);
    c.text = text;
    c.len = len;
    if (!generated) conf_jsonpos_build(&c.pos, text, len, false); /* duplicate keys only; positions on the first error */
    /* Nesting is bounded before the parser builds anything (a scenario needs 6 levels). */
    if (!conf_check_nesting(path, text, len, err, err_cap)) {
        c.failed = true;
        goto done;
    }
    int checked = conf_check_text(path, text, len, &c.pos, failures_before, &root, err, err_cap);
    if (checked != 0) {
        c.failed = true;
        c.no_memory = checked == CONF_LOAD_NO_MEMORY;
        goto done;
    }
    if (!parse_header(&c, root)) goto done;
    parse_steps(&c, cJSON_GetObjectItemCaseSensitive(root, "steps"));

done:
    cJSON_Delete(root);
    conf_jsonpos_free(&c.pos);
    parse_step_state_free(&c);
    if (c.failed && !c.no_memory && sim_alloc_failures() != failures_before) {
        /* an allocation failed on the way: whatever stopped the load is not the file's fault */
        snprintf(err, err_cap, "%s: out of memory while loading the file (%zu bytes); it was not judged", path, len);
        c.no_memory = true;
    }
    if (c.failed) {
        conf_scenario_free(sc);
        return c.no_memory ? CONF_LOAD_NO_MEMORY : -1;
    }
    *out = sc;
    return 0;
}

int conf_scenario_parse(const char *path, const char *text, size_t len, conf_scenario **out, char *err,
                        size_t err_cap) {
    return parse_text(path, text, len, false, out, err, err_cap);
}

int conf_scenario_parse_generated(const char *path, const char *text, size_t len, conf_scenario **out, char *err,
                                  size_t err_cap) {
    return parse_text(path, text, len, true, out, err, err_cap);
}

/* A held file of more than this many bytes has its parse garbage handed back (conf_scenario_load_held). */
#define TRIM_AFTER_FILE_BYTES (1u << 20)

int conf_scenario_load_held(const char *path, conf_scenario **out, char *err, size_t err_cap) {
    *out = NULL;
    char *text;
    size_t len;
    int rc = conf_read_file(path, &text, &len, err, err_cap);
    if (rc != 0) return rc;
    rc = conf_scenario_parse(path, text, len, out, err, err_cap);
    free(text);
#if defined(__GLIBC__)
    /* The file's cJSON tree (many times the file's size, in small blocks) is free now, in glibc's fast
     * bins: consolidated here and given back to the system, or the run would pay for consolidating it
     * at its first larger allocation (measured: the first run of the held million-step scenario took
     * about twice the CPU of the next ones) and keep it resident meanwhile. Small files: not worth it. */
    if (len > TRIM_AFTER_FILE_BYTES) malloc_trim(0);
#endif
    return rc;
}

int conf_scenario_load_mode(const char *path, conf_load_mode mode, conf_scenario **out, char *err, size_t err_cap) {
    *out = NULL;
    if (mode == CONF_LOAD_AUTO) {
        struct stat st;
        mode = stat(path, &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size > CONF_HOLD_FILE_BYTES ? CONF_LOAD_STREAM
                                                                                                       : CONF_LOAD_HOLD;
    }
    if (mode == CONF_LOAD_HOLD) return conf_scenario_load_held(path, out, err, err_cap);
    /* A file the streaming loader rejects has its error worded as the held loader words it, with its
     * line:column, but without the held loader's tree of the whole file (parse_diagnose.c). Should the
     * two ever disagree (the diagnosis finds nothing wrong), the held loader decides. */
    if (conf_scenario_load_streamed(path, out) == 0) return 0;
    int rc = parse_diagnose(path, err, err_cap);
    if (rc <= 0) return rc;
    return conf_scenario_load_held(path, out, err, err_cap);
}

int conf_scenario_load(const char *path, conf_scenario **out, char *err, size_t err_cap) {
    return conf_scenario_load_mode(path, CONF_LOAD_AUTO, out, err, err_cap);
}

static void free_strings(char **list, int count) {
    for (int i = 0; i < count; i++) free(list[i]);
    free(list);
}

void conf_scenario_free(conf_scenario *sc) {
    if (sc == NULL) return;
    free(sc->path);
    free(sc->id);
    free(sc->title);
    free_strings(sc->clauses, sc->clause_count);
    free_strings(sc->tags, sc->tag_count);
    for (int i = 0; i < sc->node_count; i++) free(sc->nodes[i].id);
    free(sc->nodes);
    for (int i = 0; i < sc->kernel_count; i++) free(sc->kernels[i].id);
    free(sc->kernels);
    free(sc->links);
    for (int i = 0; i < sc->process_count; i++) free(sc->processes[i].id);
    free(sc->processes);
    for (int i = 0; i < sc->var_count; i++) free(sc->vars[i].name);
    free(sc->vars);
    sim_hmap_clear(&sc->var_names, NULL, NULL);
    for (int i = 0; sc->steps && i < sc->step_count; i++) conf_step_release(&sc->steps[i]);
    free(sc->steps);
    conf_step_stream_free(sc->stream);
    free(sc);
}
