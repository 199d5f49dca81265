/* conformance/src/parse_util.c — error reporting and typed field readers for the scenario parser. */
#include "parse_util.h"

#include "sim/alloc.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *json_malloc(size_t size) { return sim_malloc(size); }

void parse_json_hooks(void) {
    static bool installed;
    if (installed) return;
    cJSON_Hooks hooks = {json_malloc, sim_free};
    cJSON_InitHooks(&hooks);
    installed = true;
}

bool perr(pctx *c, const char *jpath, const char *fmt, ...) {
    if (c->failed) return false;
    c->failed = true;
    if (strcmp(fmt, "out of memory") == 0) c->no_memory = true;
    if (!c->positions && c->span) { /* the value being parsed, and where it sits in the file */
        conf_jsonpos_free(&c->pos);
        conf_jsonpos_build_at(&c->pos, c->span, c->span_len, true, c->span_path, c->span_line, c->span_col);
        conf_jsonpos_add(&c->pos, "", c->root_line, c->root_col);
        conf_jsonpos_add(&c->pos, "steps", c->steps_line, c->steps_col);
        c->positions = true;
    } else if (!c->positions && c->text) { /* only now is it worth indexing where every value is */
        conf_jsonpos_free(&c->pos);
        conf_jsonpos_build(&c->pos, c->text, c->len, true);
        c->positions = true;
    }
    char probe[1024];
    snprintf(probe, sizeof probe, "%s", jpath);
    int line = 0, col = 0;
    /* The nearest enclosing value whose position is known. */
    for (int guard = 0; guard < 256; guard++) {
        if (conf_jsonpos_find(&c->pos, probe, &line, &col)) break;
        char *cut = strrchr(probe, '.');
        char *bracket = strrchr(probe, '[');
        if (bracket && (!cut || bracket > cut)) cut = bracket;
        if (cut == NULL) {
            if (probe[0] == '\0') break;
            probe[0] = '\0';
        } else {
            *cut = '\0';
        }
    }
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *shown = jpath[0] ? jpath : "(root)";
    if (line > 0) snprintf(c->err, c->err_cap, "%s:%d:%d: %s: %s", c->file, line, col, shown, msg);
    else snprintf(c->err, c->err_cap, "%s: %s: %s", c->file, shown, msg);
    return false;
}

const char *path_key(char *buf, size_t cap, const char *jpath, const char *key) {
    snprintf(buf, cap, "%s%s%s", jpath, jpath[0] ? "." : "", key);
    return buf;
}

const char *path_index(char *buf, size_t cap, const char *jpath, int index) {
    snprintf(buf, cap, "%s[%d]", jpath, index);
    return buf;
}

bool check_keys(pctx *c, const cJSON *obj, const char *jpath, const char *const *allowed) {
    const cJSON *item;
    cJSON_ArrayForEach(item, obj) {
        bool ok = false;
        for (const char *const *a = allowed; *a; a++)
            if (strcmp(item->string, *a) == 0) ok = true;
        if (!ok) {
            char expected[512] = "";
            for (const char *const *a = allowed; *a; a++) {
                strncat(expected, *a, sizeof expected - strlen(expected) - 1);
                if (a[1]) strncat(expected, ", ", sizeof expected - strlen(expected) - 1);
            }
            char p[1024];
            return perr(c, path_key(p, sizeof p, jpath, item->string), "unknown key '%s' (expected one of: %s)",
                        item->string, expected);
        }
    }
    return true;
}

bool want_object(pctx *c, const cJSON *item, const char *jpath) {
    if (!cJSON_IsObject(item)) return perr(c, jpath, "expected an object");
    return true;
}

bool get_string(pctx *c, const cJSON *obj, const char *jpath, const char *key, bool required, size_t max_bytes,
                const char **out) {
    char p[1024];
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    *out = NULL;
    if (item == NULL) return required ? perr(c, jpath, "missing required key '%s'", key) : true;
    if (!cJSON_IsString(item)) return perr(c, path_key(p, sizeof p, jpath, key), "expected a string");
    if (strlen(item->valuestring) > max_bytes)
        return perr(c, path_key(p, sizeof p, jpath, key), "string longer than %zu bytes", max_bytes);
    *out = item->valuestring;
    return true;
}

bool get_bool(pctx *c, const cJSON *obj, const char *jpath, const char *key, bool *out) {
    char p[1024];
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (item == NULL) return true;
    if (!cJSON_IsBool(item)) return perr(c, path_key(p, sizeof p, jpath, key), "expected true or false");
    *out = cJSON_IsTrue(item);
    return true;
}

/* Parses "0x..." hex; false when malformed or above max. */
static bool parse_hex_u64(const char *s, uint64_t max, uint64_t *out) {
    if (!(s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) || s[2] == '\0' || strlen(s) > 18) return false;
    uint64_t v = 0;
    for (const char *p = s + 2; *p; p++) {
        if (!isxdigit((unsigned char)*p)) return false;
        v = v * 16 + (uint64_t)(isdigit((unsigned char)*p) ? *p - '0' : (tolower((unsigned char)*p) - 'a' + 10));
    }
    if (v > max) return false;
    *out = v;
    return true;
}

bool get_uint(pctx *c, const cJSON *item, const char *jpath, bool allow_hex, uint64_t max, uint64_t *out) {
    if (cJSON_IsNumber(item)) {
        double d = item->valuedouble;
        if (d < 0 || d != floor(d) || d > 9007199254740992.0 || (uint64_t)d > max)
            return perr(c, jpath, "expected an integer from 0 to %llu%s", (unsigned long long)max,
                        allow_hex ? " (or a \"0x...\" hex string)" : "");
        *out = (uint64_t)d;
        return true;
    }
    if (allow_hex && cJSON_IsString(item) && parse_hex_u64(item->valuestring, max, out)) return true;
    return perr(c, jpath, "expected an integer from 0 to %llu%s", (unsigned long long)max,
                allow_hex ? " (or a \"0x...\" hex string)" : "");
}

bool get_size(pctx *c, const cJSON *item, const char *jpath, uint64_t *out) {
    const uint64_t max = 1ull << 60;
    if (cJSON_IsNumber(item)) return get_uint(c, item, jpath, false, max, out);
    if (cJSON_IsString(item)) {
        const char *s = item->valuestring;
        if (parse_hex_u64(s, max, out)) return true;
        char *end = NULL;
        if (isdigit((unsigned char)s[0]) && strlen(s) <= 20) {
            unsigned long long n = strtoull(s, &end, 10);
            unsigned shift = 0;
            switch (*end) {
            case 'K': shift = 10; end++; break;
            case 'M': shift = 20; end++; break;
            case 'G': shift = 30; end++; break;
            case 'T': shift = 40; end++; break;
            default: break;
            }
            if (*end == '\0' && n <= (max >> shift)) {
                *out = (uint64_t)n << shift;
                return true;
            }
        }
    }
    return perr(c, jpath, "expected a size: bytes as an integer, \"0x...\" hex, or a number with K, M, G or T "
                          "(powers of 1024), e.g. \"16M\"");
}

bool get_hex(pctx *c, const cJSON *item, const char *jpath, bool lower_only, size_t max_bytes,
             unsigned char **out, size_t *out_len) {
    *out = NULL;
    *out_len = 0;
    if (!cJSON_IsString(item)) return perr(c, jpath, "expected a string of hex digits");
    const char *s = item->valuestring;
    size_t n = strlen(s);
    if (n == 0 || n % 2 != 0) return perr(c, jpath, "expected a non-empty, even number of hex digits");
    if (n / 2 > max_bytes) return perr(c, jpath, "more than %zu bytes", max_bytes);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (!isxdigit(ch) || (lower_only && isupper(ch)))
            return perr(c, jpath, "expected %shex digits, found '%c' at character %zu", lower_only ? "lower-case " : "",
                        isprint(ch) ? ch : '?', i + 1);
    }
    unsigned char *buf = malloc(n / 2);
    if (buf == NULL) return perr(c, jpath, "out of memory");
    for (size_t i = 0; i < n / 2; i++) {
        char two[3] = {s[2 * i], s[2 * i + 1], 0};
        buf[i] = (unsigned char)strtoul(two, NULL, 16);
    }
    *out = buf;
    *out_len = n / 2;
    return true;
}

char *pstrdup(pctx *c, const char *s, const char *jpath) {
    char *copy = strdup(s);
    if (copy == NULL) perr(c, jpath, "out of memory");
    return copy;
}

int var_find(const conf_scenario *sc, const char *name) {
    uintptr_t slot = (uintptr_t)sim_hmap_get_str(&sc->var_names, name);
    return slot ? (int)slot - 1 : -1;
}

static const char *var_type_name(conf_var_type t) {
    switch (t) {
    case CONF_VAR_HANDLE: return "handle";
    case CONF_VAR_PTR: return "pointer";
    case CONF_VAR_NUMBER: return "number";
    case CONF_VAR_BOOL: return "boolean";
    default: return "?";
    }
}

bool var_bind(pctx *c, const char *name, conf_var_type type, const char *jpath, int *index) {
    if (!is_identifier(name))
        return perr(c, jpath, "variable name '%s' must match [A-Za-z_][A-Za-z0-9_]* (at most 64 characters)", name);
    int i = var_find(c->sc, name);
    if (i >= 0) {
        if (c->sc->vars[i].type != type)
            return perr(c, jpath, "variable '%s' already holds a %s; it cannot be rebound to a %s", name,
                        var_type_name(c->sc->vars[i].type), var_type_name(type));
        *index = i;
        return true;
    }
    if (c->vars_frozen) return perr(c, jpath, "variable '%s' was not bound when the file was loaded", name);
    if (c->sc->var_count >= CONF_MAX_VARS) return perr(c, jpath, "more than %d variables", CONF_MAX_VARS);
    conf_var *vars = realloc(c->sc->vars, (size_t)(c->sc->var_count + 1) * sizeof *vars);
    if (vars == NULL) return perr(c, jpath, "out of memory");
    c->sc->vars = vars;
    char *copy = pstrdup(c, name, jpath);
    if (copy == NULL) return false;
    if (!sim_hmap_put_str(&c->sc->var_names, copy, (void *)(uintptr_t)(c->sc->var_count + 1))) {
        free(copy);
        return perr(c, jpath, "out of memory");
    }
    vars[c->sc->var_count] = (conf_var){copy, type};
    *index = c->sc->var_count++;
    return true;
}

bool is_identifier(const char *s) {
    if (!(isalpha((unsigned char)s[0]) || s[0] == '_')) return false;
    size_t n = 0;
    for (const char *p = s; *p; p++, n++)
        if (!(isalnum((unsigned char)*p) || *p == '_')) return false;
    return n <= 64;
}
