/* traces/src/diff_opaque.c — numbering a side's opaque values (diff_opaque.h). */
#include "diff_opaque.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "traces/canon.h"

void diff_opaque_reset(diff_opaque *m) {
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

char *diff_opaque_normalize(diff_opaque *m, const char *line) {
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
        char text[32];
        snprintf(text, sizeof text, "opaque#%zu", n);
        if (n == 0 || cJSON_SetValuestring(item, text) == NULL) m->failed = 1;
    }
    char *out = m->failed ? NULL : trace_canonical_json(obj);
    if (out == NULL) m->failed = 1;
    cJSON_Delete(obj);
    return out;
}
