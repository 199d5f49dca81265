/* conformance/src/schema_json.h — building the scenario JSON Schema (conf/schema.h) with cJSON
 * (private to conformance/src/schema*.c).
 *
 * Every helper adds to `parent` under `key` (or appends, when key is NULL and parent is an array) and
 * returns what it added. When memory runs out it sets ctx->failed and returns NULL; a NULL parent is
 * accepted and ignored, so a builder goes on without checking each step and looks at ctx->failed
 * once at the end. */
#ifndef CONF_SCHEMA_JSON_H
#define CONF_SCHEMA_JSON_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct schema_ctx {
    bool failed; /* an allocation failed: the schema is incomplete */
} schema_ctx;

cJSON *sj_object(schema_ctx *x, cJSON *parent, const char *key);
cJSON *sj_array(schema_ctx *x, cJSON *parent, const char *key);
void sj_string(schema_ctx *x, cJSON *parent, const char *key, const char *value);
void sj_bool(schema_ctx *x, cJSON *parent, const char *key, bool value);
void sj_null(schema_ctx *x, cJSON *parent, const char *key);

/* An integer, written exactly (as digits, also beyond 2^53). */
void sj_int(schema_ctx *x, cJSON *parent, const char *key, int64_t value);

/* {"$ref": "#/$defs/<def>"} under key (or appended). */
cJSON *sj_ref(schema_ctx *x, cJSON *parent, const char *key, const char *def);

/* {"type": type} under key (or appended). */
cJSON *sj_typed(schema_ctx *x, cJSON *parent, const char *key, const char *type);

/* The pattern of a "0x..." hex string whose value is at most max (2^bits - 1, or 2^bits itself when
 * with_pow2), with at most 16 digits (leading zeros included) as the parser reads it, into buf. */
const char *sj_hex_pattern(char *buf, size_t cap, int bits, bool with_pow2);

/* {"type": "string", "maxLength": max_length (when > 0), "pattern": pattern (when not NULL)}. */
cJSON *sj_string_def(schema_ctx *x, cJSON *parent, const char *key, int max_length, const char *pattern);

/* {"type": "integer", "minimum": lo, "maximum": hi}. */
cJSON *sj_integer(schema_ctx *x, cJSON *parent, const char *key, int64_t lo, int64_t hi);

/* An array of definition `item` with lo..hi entries. */
cJSON *sj_array_of(schema_ctx *x, cJSON *parent, const char *key, const char *item, int lo, int hi);

/* {"enum": [values...]} of count strings. */
cJSON *sj_enum(schema_ctx *x, cJSON *parent, const char *key, const char *const *values, int count);

/* An object that allows exactly the properties its builder adds (additionalProperties false) and
 * requires `required` (NULL-terminated, or NULL). Returns its "properties"; *self (when not NULL)
 * receives the object itself. */
cJSON *sj_closed(schema_ctx *x, cJSON *parent, const char *key, const char *const *required, cJSON **self);

/* Appends {"if": {"properties": {key: {"const": value}}, "required": [key]}, "then": {}} to the array
 * conds and returns the then-branch. */
cJSON *sj_when_const(schema_ctx *x, cJSON *conds, const char *key, const char *value);

/* Into a then-branch: {"required": [key]} when present, else {"not": {"required": [key]}}. */
void sj_requires(schema_ctx *x, cJSON *then, const char *key, bool present);

/* The definitions of call steps, their argument and return values, statuses and constants
 * (schema_calls.c), added to defs. */
void schema_add_call_defs(schema_ctx *x, cJSON *defs);

#endif
