/* traces/src/diff_opaque.c — numbering a side's opaque values (diff_opaque.h). */
#include "diff_opaque.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "traces/canon.h"

void diff_opaque_reset(diff_opaque *m) {
    m->reset_pending = 0;
    for (size_t i = 0; i < m->cap; i++) {
        free(m->values[i]);
        m->values[i] = NULL;
    }
    m->count = 0;
}

void diff_opaque_free(diff_opaque *m) {
    diff_opaque_reset(m);
    free(m->values);
    free(m->numbers);
    memset(m, 0, sizeof *m);
}

static size_t hash(const char *s) {
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
    return (size_t)h;
}

/* Doubles the table (at least 16 slots). Returns 0, or -1 when out of memory. */
static int grow(diff_opaque *m) {
    size_t cap = m->cap ? 2 * m->cap : 16;
    char **values = calloc(cap, sizeof *values);
    size_t *numbers = calloc(cap, sizeof *numbers);
    if (values == NULL || numbers == NULL) {
        free(values);
        free(numbers);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (m->values[i] == NULL) continue;
        size_t j = hash(m->values[i]) & (cap - 1);
        while (values[j]) j = (j + 1) & (cap - 1);
        values[j] = m->values[i];
        numbers[j] = m->numbers[i];
    }
    free(m->values);
    free(m->numbers);
    m->values = values;
    m->numbers = numbers;
    m->cap = cap;
    return 0;
}

/* The number of value v on this side (a new one gets the next), or 0 when out of memory. */
static size_t number_of(diff_opaque *m, const char *v) {
    if ((m->count + 1) * 2 > m->cap && grow(m) != 0) return 0;
    size_t j = hash(v) & (m->cap - 1);
    while (m->values[j]) {
        if (strcmp(m->values[j], v) == 0) return m->numbers[j];
        j = (j + 1) & (m->cap - 1);
    }
    m->values[j] = strdup(v);
    if (m->values[j] == NULL) return 0;
    m->numbers[j] = ++m->count;
    return m->count;
}

/* The item `path` ("ret" or "args.<name>") names in record obj, or NULL. */
static cJSON *item_at(cJSON *obj, const char *path) {
    if (strcmp(path, "ret") == 0) return cJSON_GetObjectItemCaseSensitive(obj, "ret");
    if (strncmp(path, "args.", 5) != 0) return NULL;
    cJSON *args = cJSON_GetObjectItemCaseSensitive(obj, "args");
    return cJSON_IsObject(args) ? cJSON_GetObjectItemCaseSensitive(args, path + 5) : NULL;
}

/* Whether c continues a number or a word. */
static int is_word(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/* item's string with every occurrence of `from` replaced by `to` (a step's detail quotes the values it
 * judged: "expected return 0x4, got 0x7afb000004"). */
static void replace_in(cJSON *item, const char *from, const char *to, diff_opaque *m) {
    if (!cJSON_IsString(item) || from[0] == '\0' || strstr(item->valuestring, from) == NULL) return;
    size_t from_len = strlen(from), to_len = strlen(to), n = 0;
    for (const char *p = item->valuestring; (p = strstr(p, from)) != NULL; p += from_len) n++; /* an upper bound */
    char *out = malloc(strlen(item->valuestring) + n * to_len + 1);
    if (out == NULL) {
        m->failed = 1;
        return;
    }
    char *w = out;
    for (const char *p = item->valuestring;;) {
        const char *hit = strstr(p, from);
        while (hit && is_word(hit[from_len])) hit = strstr(hit + 1, from); /* 0x40 is not 0x4 followed by 0 */
        size_t keep = hit ? (size_t)(hit - p) : strlen(p);
        memcpy(w, p, keep);
        w += keep;
        if (hit == NULL) break;
        memcpy(w, to, to_len);
        w += to_len;
        p = hit + from_len;
    }
    *w = '\0';
    if (cJSON_SetValuestring(item, out) == NULL) m->failed = 1;
    free(out);
}

char *diff_opaque_normalize(diff_opaque *m, const char *line) {
    if (m->reset_pending) diff_opaque_reset(m);
    if (strstr(line, "\"opaque\":") == NULL) return NULL;
    cJSON *obj = cJSON_Parse(line);
    const cJSON *paths = obj ? cJSON_GetObjectItemCaseSensitive(obj, "opaque") : NULL;
    if (!cJSON_IsArray(paths)) { /* not JSON, or no opaque list: compared as it is */
        cJSON_Delete(obj);
        return NULL;
    }
    const cJSON *path;
    cJSON_ArrayForEach(path, paths) {
        cJSON *item = cJSON_IsString(path) ? item_at(obj, path->valuestring) : NULL;
        if (!cJSON_IsString(item)) continue;
        size_t n = number_of(m, item->valuestring);
        char text[32], *value = strdup(item->valuestring);
        snprintf(text, sizeof text, "opaque#%zu", n);
        if (n == 0 || value == NULL || cJSON_SetValuestring(item, text) == NULL) m->failed = 1;
        if (value) replace_in(cJSON_GetObjectItemCaseSensitive(obj, "detail"), value, text, m);
        free(value);
    }
    char *out = m->failed ? NULL : trace_canonical_json(obj);
    if (out == NULL) m->failed = 1;
    cJSON_Delete(obj);
    return out;
}

char *diff_opaque_normalize_message(diff_opaque *m, const cJSON *scenario) {
    cJSON *message = cJSON_GetObjectItemCaseSensitive(scenario, "message");
    if (m->count == 0 || !cJSON_IsString(message)) return NULL;
    cJSON *copy = cJSON_Duplicate(scenario, 1);
    cJSON *text = copy ? cJSON_GetObjectItemCaseSensitive(copy, "message") : NULL;
    for (size_t i = 0; text && i < m->cap; i++) {
        if (m->values[i] == NULL) continue;
        char number[32];
        snprintf(number, sizeof number, "opaque#%zu", m->numbers[i]);
        replace_in(text, m->values[i], number, m);
    }
    char *out = text && !m->failed ? trace_canonical_json(copy) : NULL;
    if (out == NULL) m->failed = 1;
    cJSON_Delete(copy);
    return out;
}
