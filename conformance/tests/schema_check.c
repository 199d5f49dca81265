/* conformance/tests/schema_check.c — the tests' JSON Schema checker (schema_check.h).
 *
 * A recursive walk of schema and instance together. Failures inside anyOf/oneOf/not are expected
 * while alternatives are tried, so `why` is written only by the outermost failure path: each level
 * reports "path: reason" for the first rule that failed there. Compiled patterns are cached by the
 * address of their schema string (the schema lives as long as the check). */
#include "schema_check.h"

#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <string.h>

typedef struct checker {
    const cJSON *root;
    char *why;
    size_t cap;
    int quiet; /* > 0 inside an alternative: failures are not reported */
} checker;

static bool check(checker *k, const cJSON *schema, const cJSON *v, const char *path);

static bool fail(checker *k, const char *path, const char *reason, const char *detail) {
    if (k->quiet == 0 && k->why) snprintf(k->why, k->cap, "%s: %s%s%s", path[0] ? path : "(root)", reason,
                                          detail ? " " : "", detail ? detail : "");
    return false;
}

/* The definition a "#/$defs/<name>" reference names, or NULL. */
static const cJSON *resolve(const checker *k, const char *ref) {
    const char *prefix = "#/$defs/";
    if (strncmp(ref, prefix, strlen(prefix)) != 0) return NULL;
    return cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(k->root, "$defs"), ref + strlen(prefix));
}

static bool is_integer(const cJSON *v) {
    return cJSON_IsNumber(v) && v->valuedouble == floor(v->valuedouble);
}

static bool has_type(const cJSON *v, const char *type) {
    if (strcmp(type, "object") == 0) return cJSON_IsObject(v);
    if (strcmp(type, "array") == 0) return cJSON_IsArray(v);
    if (strcmp(type, "string") == 0) return cJSON_IsString(v);
    if (strcmp(type, "integer") == 0) return is_integer(v);
    if (strcmp(type, "number") == 0) return cJSON_IsNumber(v);
    if (strcmp(type, "boolean") == 0) return cJSON_IsBool(v);
    if (strcmp(type, "null") == 0) return cJSON_IsNull(v);
    return false;
}

/* Code points of a UTF-8 string (JSON Schema lengths count characters, not bytes). */
static size_t utf8_length(const char *s) {
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

static bool pattern_matches(const char *pattern, const char *text, bool *bad_pattern) {
    static struct {
        const char *pattern;
        regex_t re;
    } cache[64];
    static int used;
    for (int i = 0; i < used; i++)
        if (cache[i].pattern == pattern) return regexec(&cache[i].re, text, 0, NULL, 0) == 0;
    regex_t re;
    if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0) {
        *bad_pattern = true;
        return false;
    }
    bool match = regexec(&re, text, 0, NULL, 0) == 0;
    if (used < (int)(sizeof cache / sizeof cache[0])) {
        cache[used].pattern = pattern;
        cache[used++].re = re;
    } else {
        regfree(&re);
    }
    return match;
}

/* "properties" with "additionalProperties" beside it. */
static bool check_properties(checker *k, const cJSON *schema, const cJSON *v, const char *path) {
    const cJSON *props = cJSON_GetObjectItemCaseSensitive(schema, "properties");
    const cJSON *extra = cJSON_GetObjectItemCaseSensitive(schema, "additionalProperties");
    const cJSON *member;
    char sub[1024];
    cJSON_ArrayForEach(member, v) {
        snprintf(sub, sizeof sub, "%s.%s", path, member->string);
        const cJSON *ps = props ? cJSON_GetObjectItemCaseSensitive(props, member->string) : NULL;
        if (ps) {
            if (!check(k, ps, member, sub)) return false;
        } else if (extra && cJSON_IsFalse(extra)) {
            return fail(k, sub, "is not an allowed property", NULL);
        }
    }
    return true;
}

/* Every key named in the array `keys` is a member of v. */
static bool check_required(checker *k, const cJSON *keys, const cJSON *v, const char *path) {
    const cJSON *key;
    cJSON_ArrayForEach(key, keys)
        if (!cJSON_GetObjectItemCaseSensitive(v, key->valuestring)) return fail(k, path, "misses", key->valuestring);
    return true;
}

static bool check_array(checker *k, const cJSON *schema, const cJSON *v, const char *path) {
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(schema, "items");
    const cJSON *lo = cJSON_GetObjectItemCaseSensitive(schema, "minItems");
    const cJSON *hi = cJSON_GetObjectItemCaseSensitive(schema, "maxItems");
    int n = cJSON_GetArraySize(v);
    if (lo && n < lo->valuedouble) return fail(k, path, "has too few items", NULL);
    if (hi && n > hi->valuedouble) return fail(k, path, "has too many items", NULL);
    char sub[1024];
    for (int i = 0; items && i < n; i++) {
        snprintf(sub, sizeof sub, "%s[%d]", path, i);
        if (!check(k, items, cJSON_GetArrayItem(v, i), sub)) return false;
    }
    return true;
}

/* Checks one keyword of schema against v. */
static bool check_keyword(checker *k, const cJSON *kw, const cJSON *schema, const cJSON *v, const char *path) {
    const char *name = kw->string;
    if (strcmp(name, "$ref") == 0) {
        const cJSON *target = resolve(k, kw->valuestring);
        if (target == NULL) return fail(k, path, "has an unresolvable $ref", kw->valuestring);
        return check(k, target, v, path);
    }
    if (strcmp(name, "type") == 0) return has_type(v, kw->valuestring) || fail(k, path, "is not of type", kw->valuestring);
    if (strcmp(name, "const") == 0) return cJSON_Compare(kw, v, true) || fail(k, path, "differs from the const", NULL);
    if (strcmp(name, "enum") == 0) {
        const cJSON *e;
        cJSON_ArrayForEach(e, kw)
            if (cJSON_Compare(e, v, true)) return true;
        return fail(k, path, "is none of the enum's values", cJSON_IsString(v) ? v->valuestring : NULL);
    }
    bool object = cJSON_IsObject(v), array = cJSON_IsArray(v), number = cJSON_IsNumber(v), string = cJSON_IsString(v);
    if (strcmp(name, "properties") == 0) return !object || check_properties(k, schema, v, path);
    if (strcmp(name, "additionalProperties") == 0) /* with "properties", or alone: no member at all */
        return !object || cJSON_GetObjectItemCaseSensitive(schema, "properties") || !cJSON_IsFalse(kw) ||
               v->child == NULL || fail(k, path, "allows no properties", NULL);
    if (strcmp(name, "required") == 0) return !object || check_required(k, kw, v, path);
    if (strcmp(name, "dependentRequired") == 0) {
        const cJSON *dep;
        cJSON_ArrayForEach(dep, kw)
            if (object && cJSON_GetObjectItemCaseSensitive(v, dep->string) && !check_required(k, dep, v, path)) return false;
        return true;
    }
    if (strcmp(name, "items") == 0) return !array || check_array(k, schema, v, path);
    if (strcmp(name, "minItems") == 0 || strcmp(name, "maxItems") == 0) return true; /* with "items" */
    double d = number ? v->valuedouble : 0, limit = kw->valuedouble;
    if (strcmp(name, "minimum") == 0) return !number || d >= limit || fail(k, path, "is below the minimum", NULL);
    if (strcmp(name, "maximum") == 0) return !number || d <= limit || fail(k, path, "is above the maximum", NULL);
    if (strcmp(name, "multipleOf") == 0) return !number || fmod(d, limit) == 0 || fail(k, path, "is no multiple", NULL);
    size_t length = string ? utf8_length(v->valuestring) : 0;
    if (strcmp(name, "minLength") == 0) return !string || length >= (size_t)limit || fail(k, path, "is too short", NULL);
    if (strcmp(name, "maxLength") == 0) return !string || length <= (size_t)limit || fail(k, path, "is too long", NULL);
    if (strcmp(name, "pattern") == 0) {
        bool bad = false;
        if (!string || pattern_matches(kw->valuestring, v->valuestring, &bad)) return true;
        return fail(k, path, bad ? "has a pattern regcomp refuses:" : "does not match", kw->valuestring);
    }
    if (strcmp(name, "not") == 0) {
        k->quiet++;
        bool ok = check(k, kw, v, path);
        k->quiet--;
        return !ok || fail(k, path, "matches what \"not\" excludes", NULL);
    }
    if (strcmp(name, "anyOf") == 0 || strcmp(name, "oneOf") == 0) {
        int matched = 0;
        const cJSON *alt;
        k->quiet++;
        cJSON_ArrayForEach(alt, kw) matched += check(k, alt, v, path);
        k->quiet--;
        if (matched == 0) return fail(k, path, "matches none of the alternatives of", name);
        return name[0] == 'a' || matched == 1 || fail(k, path, "matches more than one alternative of", name);
    }
    if (strcmp(name, "allOf") == 0) {
        const cJSON *part;
        cJSON_ArrayForEach(part, kw)
            if (!check(k, part, v, path)) return false;
        return true;
    }
    if (strcmp(name, "if") == 0) {
        k->quiet++;
        bool cond = check(k, kw, v, path);
        k->quiet--;
        const cJSON *then = cJSON_GetObjectItemCaseSensitive(schema, "then");
        return !cond || then == NULL || check(k, then, v, path);
    }
    static const char *const annotations[] = {"then", "description", "default", "title", "$schema", "$id", "$defs"};
    for (size_t i = 0; i < sizeof annotations / sizeof annotations[0]; i++)
        if (strcmp(name, annotations[i]) == 0) return true;
    return fail(k, path, "uses a keyword this checker does not know:", name);
}

static bool check(checker *k, const cJSON *schema, const cJSON *v, const char *path) {
    if (cJSON_IsBool(schema)) return cJSON_IsTrue(schema) || fail(k, path, "is refused by a false schema", NULL);
    if (!cJSON_IsObject(schema)) return fail(k, path, "has a schema that is not an object", NULL);
    const cJSON *kw;
    cJSON_ArrayForEach(kw, schema)
        if (!check_keyword(k, kw, schema, v, path)) return false;
    return true;
}

bool schema_check(const cJSON *root, const cJSON *instance, char *why, size_t cap) {
    checker k = {root, why, cap, 0};
    return check(&k, root, instance, "");
}

bool schema_check_def(const cJSON *root, const char *def, const cJSON *instance, char *why, size_t cap) {
    checker k = {root, why, cap, 0};
    char ref[256];
    snprintf(ref, sizeof ref, "#/$defs/%s", def);
    const cJSON *target = resolve(&k, ref);
    if (target == NULL) return fail(&k, "", "no definition", def);
    return check(&k, target, instance, "");
}
