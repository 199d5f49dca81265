/* conformance/cli/expectfile.c — loading and checking an expectation file (expectfile.h): the text read
 * bounded (conf_read_file), parsed and checked as a whole as a scenario file is (conf_check_text:
 * syntax, trailing text, duplicate keys, \u0000, UTF-8), then every key and value checked against the
 * format, each complaint placed at its value's line:column (conf/jsonpos.h). */
#include "expectfile.h"

#include <cjson/cJSON.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/parse_util.h"
#include "conf/cli.h"
#include "escape.h"
#include "sim/alloc.h"

static const char *const scenario_verdicts[] = {"FAIL", "DIVERGE", "ERROR", "CRASH", "TIMEOUT", "SKIP", "FLAKY"};
static const char *const step_verdicts[] = {"FAIL", "DIVERGE", "FLAKY"};

bool cli_expect_verdict_ok(const char *verdict, bool step) {
    const char *const *list = step ? step_verdicts : scenario_verdicts;
    size_t n = step ? sizeof step_verdicts / sizeof *step_verdicts : sizeof scenario_verdicts / sizeof *scenario_verdicts;
    for (size_t i = 0; verdict && i < n; i++)
        if (strcmp(verdict, list[i]) == 0) return true;
    return false;
}

/* What a check needs: the file's name and the positions of its values. */
typedef struct loader {
    const char *path;
    conf_jsonpos pos;
    bool oom;
} loader;

/* Prints "PATH:LINE:COL: JSONPATH: message" (the position of json_path's value, or of the nearest
 * enclosing value known) on stderr. Returns RTSHM_EXIT_INPUT. */
static int complain(loader *l, const char *json_path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int complain(loader *l, const char *json_path, const char *fmt, ...) {
    int line = 0, col = 0;
    char where[512];
    snprintf(where, sizeof where, "%s", json_path);
    while (!conf_jsonpos_find(&l->pos, where, &line, &col) && where[0]) {
        char *cut = strrchr(where, '.'), *bracket = strrchr(where, '[');
        if (bracket > cut) cut = bracket;
        if (cut) *cut = '\0';
        else where[0] = '\0';
    }
    char message[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    if (line > 0) fprintf(stderr, "%s:%d:%d: %s: %s\n", l->path, line, col, json_path[0] ? json_path : "(root)", message);
    else fprintf(stderr, "%s: %s: %s\n", l->path, json_path[0] ? json_path : "(root)", message);
    return RTSHM_EXIT_INPUT;
}

/* A JSON value's kind for messages. */
static const char *kind_of(const cJSON *v) {
    if (cJSON_IsString(v)) return "a string";
    if (cJSON_IsNumber(v)) return "a number";
    if (cJSON_IsBool(v)) return "a boolean";
    if (cJSON_IsNull(v)) return "null";
    if (cJSON_IsArray(v)) return "an array";
    return "an object";
}

/* Checks that every key of obj is one of keys[0..n). 0 or RTSHM_EXIT_INPUT. */
static int expect_check_keys(loader *l, const cJSON *obj, const char *json_path, const char *const *keys, size_t n,
                      const char *allowed) {
    for (const cJSON *k = obj->child; k; k = k->next) {
        bool known = false;
        for (size_t i = 0; i < n && !known; i++) known = strcmp(k->string, keys[i]) == 0;
        if (!known) {
            char at[512];
            snprintf(at, sizeof at, "%s%s%s", json_path, json_path[0] ? "." : "", k->string);
            return complain(l, at, "unknown key \"%.64s\"; expected one of %s", k->string, allowed);
        }
    }
    return 0;
}

/* The string at key of obj into *out (a copy; NULL when absent and optional). max: its length limit in
 * bytes; nonempty: "" refused. 0 or RTSHM_EXIT_INPUT / RTSHM_EXIT_INTERNAL. */
static int take_string(loader *l, const cJSON *obj, const char *json_path, const char *key, bool required,
                       size_t max, bool nonempty, char **out) {
    *out = NULL;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    char at[512];
    snprintf(at, sizeof at, "%s%s%s", json_path, json_path[0] ? "." : "", key);
    if (v == NULL) return required ? complain(l, json_path, "the key \"%s\" is missing", key) : 0;
    if (!cJSON_IsString(v)) return complain(l, at, "expected a string, found %s", kind_of(v));
    size_t len = strlen(v->valuestring);
    if (nonempty && len == 0) return complain(l, at, "expected a non-empty string");
    if (len > max) return complain(l, at, "expected at most %zu bytes, found %zu", max, len);
    *out = strdup(v->valuestring);
    if (*out == NULL) {
        l->oom = true;
        return RTSHM_EXIT_INTERNAL;
    }
    return 0;
}

/* Checks and copies expectations[i] into e. 0 or an exit code. */
static int take_entry(loader *l, const cJSON *item, size_t i, cli_expect_entry *e) {
    static const char *const keys[] = {"scenario", "step", "verdict", "reason", "link"};
    char at[64];
    snprintf(at, sizeof at, "expectations[%zu]", i);
    if (!cJSON_IsObject(item)) return complain(l, at, "expected an object, found %s", kind_of(item));
    int rc = expect_check_keys(l, item, at, keys, 5, "scenario, step, verdict, reason, link");
    if (rc == 0) rc = take_string(l, item, at, "scenario", true, CLI_EXPECT_MAX_PATTERN, true, &e->scenario);
    if (rc == 0) rc = take_string(l, item, at, "verdict", true, 16, true, &e->verdict);
    if (rc == 0) rc = take_string(l, item, at, "reason", true, CLI_EXPECT_MAX_REASON, true, &e->reason);
    if (rc == 0) rc = take_string(l, item, at, "link", false, CLI_EXPECT_MAX_LINK, true, &e->link);
    if (rc != 0) return rc;
    const cJSON *step = cJSON_GetObjectItemCaseSensitive(item, "step");
    char sub[96];
    if (step) {
        snprintf(sub, sizeof sub, "%s.step", at);
        double d = cJSON_IsNumber(step) ? step->valuedouble : -1;
        if (!cJSON_IsNumber(step) || d < 0 || d > CLI_EXPECT_MAX_STEP || d != (double)(int64_t)d)
            return cJSON_IsNumber(step) ? complain(l, sub, "expected a step index, an integer from 0 to %d, found %g",
                                                   CLI_EXPECT_MAX_STEP, d)
                                        : complain(l, sub, "expected a step index, an integer from 0 to %d, found %s",
                                                   CLI_EXPECT_MAX_STEP, kind_of(step));
        e->has_step = true;
        e->step = (int64_t)d;
    }
    if (!cli_expect_verdict_ok(e->verdict, e->has_step)) {
        snprintf(sub, sizeof sub, "%s.verdict", at);
        return complain(l, sub, "expected one of %s, found \"%.16s\"",
                        e->has_step ? "FAIL, DIVERGE, FLAKY (a step's verdict)"
                                    : "FAIL, DIVERGE, ERROR, CRASH, TIMEOUT, SKIP, FLAKY",
                        e->verdict);
    }
    e->glob = strpbrk(e->scenario, "*?[") != NULL;
    return 0;
}

/* Refuses an entry that repeats an earlier one's scenario text and step. 0 or RTSHM_EXIT_INPUT. */
static int check_duplicates(loader *l, const cli_expectations *x) {
    for (size_t i = 1; i < x->count; i++)
        for (size_t j = 0; j < i; j++) {
            const cli_expect_entry *a = &x->entries[j], *b = &x->entries[i];
            if (strcmp(a->scenario, b->scenario) == 0 && a->has_step == b->has_step && a->step == b->step) {
                char at[64];
                snprintf(at, sizeof at, "expectations[%zu].scenario", i);
                return complain(l, at, "expected each scenario (and step) once; expectations[%zu] names \"%s\"%s "
                                       "already", j, a->scenario, a->has_step ? " with the same step" : "");
            }
        }
    return 0;
}

/* Checks the document root into x. 0 or an exit code. */
static int take_root(loader *l, const cJSON *root, cli_expectations *x) {
    static const char *const keys[] = {"format", "implementation", "expectations"};
    if (!cJSON_IsObject(root)) return complain(l, "", "expected an object, found %s", kind_of(root));
    int rc = expect_check_keys(l, root, "", keys, 3, "format, implementation, expectations");
    char *format = NULL;
    if (rc == 0) rc = take_string(l, root, "", "format", true, 64, true, &format);
    if (rc == 0 && strcmp(format, CLI_EXPECT_FORMAT) != 0)
        rc = complain(l, "format", "expected \"" CLI_EXPECT_FORMAT "\", found \"%s\"", format);
    free(format);
    if (rc == 0) rc = take_string(l, root, "", "implementation", false, 256, true, &x->implementation);
    if (rc != 0) return rc;
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "expectations");
    if (list == NULL) return complain(l, "", "the key \"expectations\" is missing");
    if (!cJSON_IsArray(list)) return complain(l, "expectations", "expected an array, found %s", kind_of(list));
    size_t n = (size_t)cJSON_GetArraySize(list);
    if (n > CLI_EXPECT_MAX_ENTRIES)
        return complain(l, "expectations", "expected at most %d entries, found %zu", CLI_EXPECT_MAX_ENTRIES, n);
    x->entries = calloc(n ? n : 1, sizeof *x->entries);
    if (x->entries == NULL) {
        l->oom = true;
        return RTSHM_EXIT_INTERNAL;
    }
    size_t i = 0;
    for (const cJSON *item = list->child; item && rc == 0; item = item->next, i++) {
        x->count = i + 1; /* freed with the rest whatever happens */
        rc = take_entry(l, item, i, &x->entries[i]);
    }
    return rc == 0 ? check_duplicates(l, x) : rc;
}

int cli_expectations_load(const char *path, cli_expectations *out) {
    memset(out, 0, sizeof *out);
    char *text = NULL, err[1024];
    size_t len = 0;
    uint64_t failures_before = sim_alloc_failures();
    int rc = conf_read_file(path, &text, &len, err, sizeof err);
    loader l;
    memset(&l, 0, sizeof l);
    l.path = path;
    cJSON *root = NULL;
    if (rc == 0) {
        conf_jsonpos_build(&l.pos, text, len, true);
        if (!conf_check_nesting(path, text, len, err, sizeof err)) rc = -1;
        else rc = conf_check_text(path, text, len, &l.pos, failures_before, &root, err, sizeof err);
    }
    if (rc != 0) {
        fprintf(stderr, "%s\n", err);
        rc = rc == CONF_LOAD_NO_MEMORY ? RTSHM_EXIT_INTERNAL : RTSHM_EXIT_INPUT;
    } else {
        out->path = strdup(path);
        rc = out->path ? take_root(&l, root, out) : RTSHM_EXIT_INTERNAL;
        if (rc != 0 && (l.oom || out->path == NULL)) fprintf(stderr, "rtshm: --expect %s: out of memory\n", path);
    }
    if (rc != 0) fprintf(stderr, "rtshm: the expectation file %s was refused; nothing was run\n", path);
    cJSON_Delete(root);
    conf_jsonpos_free(&l.pos);
    free(text);
    if (rc != 0) cli_expectations_free(out);
    return rc;
}

int cli_expectations_load_for(const char *path, const char *implementation, cli_expectations *out) {
    int code = cli_expectations_load(path, out);
    if (code != RTSHM_EXIT_OK || out->implementation == NULL || strcmp(out->implementation, implementation) == 0)
        return code;
    char shown[300];
    fprintf(stderr, "rtshm: --expect %s: the file is for the implementation '%s', this run is of '", path,
            cli_escape(out->implementation, shown, sizeof shown));
    fprintf(stderr, "%s'; nothing was run\n", cli_escape(implementation, shown, sizeof shown));
    cli_expectations_free(out);
    return RTSHM_EXIT_INPUT;
}

void cli_expectations_free(cli_expectations *x) {
    for (size_t i = 0; i < x->count; i++) {
        free(x->entries[i].scenario);
        free(x->entries[i].verdict);
        free(x->entries[i].reason);
        free(x->entries[i].link);
    }
    free(x->entries);
    free(x->path);
    free(x->implementation);
    memset(x, 0, sizeof *x);
}

/* The entry for (id, step or none) by the rule of expectfile.h. */
static cli_expect_entry *find(const cli_expectations *x, const char *id, bool has_step, int64_t step) {
    cli_expect_entry *first_glob = NULL;
    for (size_t i = 0; i < x->count; i++) {
        cli_expect_entry *e = &x->entries[i];
        if (e->has_step != has_step || (has_step && e->step != step)) continue;
        if (!e->glob && strcmp(e->scenario, id) == 0) return e;
        if (e->glob && first_glob == NULL && fnmatch(e->scenario, id, 0) == 0) first_glob = e;
    }
    return first_glob;
}

cli_expect_entry *cli_expect_for_scenario(const cli_expectations *x, const char *id) {
    return find(x, id, false, 0);
}

cli_expect_entry *cli_expect_for_step(const cli_expectations *x, const char *id, int64_t step) {
    return find(x, id, true, step);
}
