/* conformance/src/schema_json.c — the cJSON helpers the scenario JSON Schema is built with
 * (schema_json.h). */
#include "schema_json.h"

#include <stdio.h>

static cJSON *put(schema_ctx *x, cJSON *parent, const char *key, cJSON *item) {
    bool added = item && parent && (key ? cJSON_AddItemToObject(parent, key, item) : cJSON_AddItemToArray(parent, item));
    if (!added) {
        cJSON_Delete(item);
        x->failed = true;
        return NULL;
    }
    return item;
}

cJSON *sj_object(schema_ctx *x, cJSON *parent, const char *key) {
    return put(x, parent, key, cJSON_CreateObject());
}

cJSON *sj_array(schema_ctx *x, cJSON *parent, const char *key) {
    return put(x, parent, key, cJSON_CreateArray());
}

void sj_string(schema_ctx *x, cJSON *parent, const char *key, const char *value) {
    put(x, parent, key, cJSON_CreateString(value));
}

void sj_bool(schema_ctx *x, cJSON *parent, const char *key, bool value) {
    put(x, parent, key, cJSON_CreateBool(value));
}

void sj_null(schema_ctx *x, cJSON *parent, const char *key) {
    put(x, parent, key, cJSON_CreateNull());
}

void sj_int(schema_ctx *x, cJSON *parent, const char *key, int64_t value) {
    char digits[32];
    snprintf(digits, sizeof digits, "%lld", (long long)value);
    put(x, parent, key, cJSON_CreateRaw(digits));
}

cJSON *sj_ref(schema_ctx *x, cJSON *parent, const char *key, const char *def) {
    char ref[160];
    snprintf(ref, sizeof ref, "#/$defs/%s", def);
    cJSON *o = sj_object(x, parent, key);
    sj_string(x, o, "$ref", ref);
    return o;
}

cJSON *sj_typed(schema_ctx *x, cJSON *parent, const char *key, const char *type) {
    cJSON *o = sj_object(x, parent, key);
    sj_string(x, o, "type", type);
    return o;
}

const char *sj_hex_pattern(char *buf, size_t cap, int bits, bool with_pow2) {
    static const char *const top_class[] = {"", "1", "1-3", "1-7", "1-9a-fA-F"};
    int digits = (bits + 3) / 4;      /* significant digits of the largest value */
    int top_bits = bits - 4 * (digits - 1);
    size_t n = (size_t)snprintf(buf, cap, "^0[xX](");
    if (digits > 1 && n < cap) /* fewer significant digits */
        n += (size_t)snprintf(buf + n, cap - n, "0{0,%d}[0-9a-fA-F]{1,%d}|", 16 - (digits - 1), digits - 1);
    if (n < cap) /* as many, with the first at most the top value */
        n += (size_t)snprintf(buf + n, cap - n, "0{0,%d}[%s][0-9a-fA-F]{%d}", 16 - digits, top_class[top_bits],
                              digits - 1);
    if (with_pow2 && n < cap) /* 2^bits itself: one more digit, then zeros */
        n += (size_t)snprintf(buf + n, cap - n, "|0{0,%d}%d0{%d}", 16 - (bits / 4 + 1), 1 << (bits % 4), bits / 4);
    if (n < cap) snprintf(buf + n, cap - n, ")$");
    return buf;
}

/* {"type": "string", "maxLength": max, "pattern": pattern} under key. */
cJSON *sj_string_def(schema_ctx *x, cJSON *parent, const char *key, int max_length, const char *pattern) {
    cJSON *s = sj_typed(x, parent, key, "string");
    if (max_length > 0) sj_int(x, s, "maxLength", max_length);
    if (pattern) sj_string(x, s, "pattern", pattern);
    return s;
}

/* {"type": "integer", "minimum": lo, "maximum": hi} under key (or appended). */
cJSON *sj_integer(schema_ctx *x, cJSON *parent, const char *key, int64_t lo, int64_t hi) {
    cJSON *i = sj_typed(x, parent, key, "integer");
    sj_int(x, i, "minimum", lo);
    sj_int(x, i, "maximum", hi);
    return i;
}

/* An array of `item` (a definition's name) with lo..hi entries, under key. */
cJSON *sj_array_of(schema_ctx *x, cJSON *parent, const char *key, const char *item, int lo, int hi) {
    cJSON *a = sj_typed(x, parent, key, "array");
    if (lo > 0) sj_int(x, a, "minItems", lo);
    sj_int(x, a, "maxItems", hi);
    sj_ref(x, a, "items", item);
    return a;
}

/* An enum of the given strings under key. */
cJSON *sj_enum(schema_ctx *x, cJSON *parent, const char *key, const char *const *values, int count) {
    cJSON *e = sj_object(x, parent, key);
    cJSON *list = sj_array(x, e, "enum");
    for (int i = 0; i < count; i++) sj_string(x, list, NULL, values[i]);
    return e;
}

/* An object with exactly the properties its builder adds (additionalProperties false), `required`
 * (NULL-terminated), under key. Returns its "properties". */
cJSON *sj_closed(schema_ctx *x, cJSON *parent, const char *key, const char *const *required, cJSON **self) {
    cJSON *o = sj_typed(x, parent, key, "object");
    cJSON *props = sj_object(x, o, "properties");
    if (required && required[0]) {
        cJSON *req = sj_array(x, o, "required");
        for (const char *const *r = required; *r; r++) sj_string(x, req, NULL, *r);
    }
    sj_bool(x, o, "additionalProperties", false);
    if (self) *self = o;
    return props;
}

/* "if": {"properties": {key: {"const": value}}, "required": [key]} on o, the then-branch returned. */
cJSON *sj_when_const(schema_ctx *x, cJSON *conds, const char *key, const char *value) {
    cJSON *rule = sj_object(x, conds, NULL);
    cJSON *cond = sj_object(x, rule, "if");
    cJSON *cprops = sj_object(x, cond, "properties");
    cJSON *k = sj_object(x, cprops, key);
    sj_string(x, k, "const", value);
    cJSON *req = sj_array(x, cond, "required");
    sj_string(x, req, NULL, key);
    return sj_object(x, rule, "then");
}

/* {"required": [key]} or {"not": {"required": [key]}} into a then-branch. */
void sj_requires(schema_ctx *x, cJSON *then, const char *key, bool present) {
    cJSON *target = present ? then : sj_object(x, then, "not");
    cJSON *req = sj_array(x, target, "required");
    sj_string(x, req, NULL, key);
}
