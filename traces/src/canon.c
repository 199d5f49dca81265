/* traces/src/canon.c — canonical JSON writer over a growable buffer (traces/strbuf.h). */
#include "traces/canon.h"
#include "traces/strbuf.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef trace_strbuf buf;
#define put trace_strbuf_add
#define puts_ trace_strbuf_puts

static void put_string(buf *b, const char *s) {
    put(b, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char esc[8];
        switch (*p) {
        case '"': puts_(b, "\\\""); break;
        case '\\': puts_(b, "\\\\"); break;
        case '\n': puts_(b, "\\n"); break;
        case '\r': puts_(b, "\\r"); break;
        case '\t': puts_(b, "\\t"); break;
        case '\b': puts_(b, "\\b"); break;
        case '\f': puts_(b, "\\f"); break;
        default:
            if (*p < 0x20) {
                snprintf(esc, sizeof esc, "\\u%04x", *p);
                puts_(b, esc);
            } else {
                put(b, (const char *)p, 1);
            }
        }
    }
    put(b, "\"", 1);
}

static int compare_keys(const void *x, const void *y) {
    const cJSON *a = *(const cJSON *const *)x, *bb = *(const cJSON *const *)y;
    return strcmp(a->string, bb->string);
}

static void put_value(buf *b, const cJSON *item, int depth) {
    if (depth > 200) {
        b->failed = true;
        return;
    }
    if (cJSON_IsNull(item)) puts_(b, "null");
    else if (cJSON_IsTrue(item)) puts_(b, "true");
    else if (cJSON_IsFalse(item)) puts_(b, "false");
    else if (cJSON_IsNumber(item)) {
        char num[64];
        double d = item->valuedouble;
        if (d == floor(d) && fabs(d) < 9007199254740992.0) snprintf(num, sizeof num, "%.0f", d);
        else snprintf(num, sizeof num, "%.17g", d);
        puts_(b, num);
    } else if (cJSON_IsString(item)) {
        put_string(b, item->valuestring);
    } else if (cJSON_IsRaw(item)) {
        puts_(b, item->valuestring); /* exact digits past 2^53 (traces/canon.h) */
    } else if (cJSON_IsArray(item)) {
        put(b, "[", 1);
        const cJSON *e;
        bool first = true;
        cJSON_ArrayForEach(e, item) {
            if (!first) put(b, ",", 1);
            first = false;
            put_value(b, e, depth + 1);
        }
        put(b, "]", 1);
    } else if (cJSON_IsObject(item)) {
        int n = cJSON_GetArraySize(item);
        const cJSON **members = malloc((size_t)(n ? n : 1) * sizeof *members);
        if (members == NULL) {
            b->failed = true;
            return;
        }
        int i = 0;
        const cJSON *e;
        cJSON_ArrayForEach(e, item) members[i++] = e;
        qsort(members, (size_t)n, sizeof *members, compare_keys);
        put(b, "{", 1);
        for (i = 0; i < n; i++) {
            if (i) put(b, ",", 1);
            put_string(b, members[i]->string);
            put(b, ":", 1);
            put_value(b, members[i], depth + 1);
        }
        put(b, "}", 1);
        free(members);
    } else {
        puts_(b, "null");
    }
}

char *trace_canonical_json(const cJSON *item) {
    buf b = {0};
    put_value(&b, item, 0);
    if (b.failed) {
        free(b.data);
        return NULL;
    }
    return b.data;
}
