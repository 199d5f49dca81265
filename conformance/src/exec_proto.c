/* conformance/src/exec_proto.c — the backend line protocol's framing and messages (exec_proto.h,
 * conformance/PROTOCOL.md). Both directions of every message live here, side by side, so that what
 * one side writes is what the other reads. */
#include "exec_proto.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend_check.h"

const char *const exec_event_names[5] = {"process.exit", "kernel.stop", "kernel.start", "link.down", "link.up"};
const char *const exec_support_names[3] = {"process.exit", "kernel", "link"};

/* ---- framing ---- */

int exec_read_line(exec_reader *r, char **line, size_t *len, char *why, size_t cap) {
    size_t scanned = r->start;
    for (;;) {
        char *nl = r->len > scanned ? memchr(r->buf + scanned, '\n', r->len - scanned) : NULL; /* buf may be NULL */
        if (nl) {
            size_t n = (size_t)(nl - (r->buf + r->start));
            *nl = '\0';
            if (memchr(r->buf + r->start, '\0', n)) {
                snprintf(why, cap, "line %ld holds a NUL byte", r->line_no + 1);
                return -1;
            }
            *line = r->buf + r->start;
            *len = n;
            r->start += n + 1;
            r->line_no++;
            return 1;
        }
        scanned = r->len;
        if (r->len - r->start >= r->limit) {
            snprintf(why, cap, "line %ld is longer than %zu bytes (the protocol's bound)", r->line_no + 1, r->limit);
            return -1;
        }
        if (r->start > 0) { /* the consumed lines leave the buffer */
            memmove(r->buf, r->buf + r->start, r->len - r->start);
            r->len -= r->start;
            scanned -= r->start;
            r->start = 0;
        }
        if (r->cap - r->len < 65536) {
            size_t grown = r->cap ? 2 * r->cap : 131072;
            if (grown > r->limit + 65536) grown = r->limit + 65536;
            char *b = grown > r->cap ? realloc(r->buf, grown) : NULL;
            if (b == NULL && r->cap - r->len == 0) {
                snprintf(why, cap, "out of memory reading line %ld", r->line_no + 1);
                return -1;
            }
            if (b) {
                r->buf = b;
                r->cap = grown;
            }
        }
        ssize_t got;
        while ((got = read(r->fd, r->buf + r->len, r->cap - r->len)) < 0 && errno == EINTR) continue;
        if (got < 0) {
            snprintf(why, cap, "cannot read line %ld: %s", r->line_no + 1, strerror(errno));
            return -1;
        }
        if (got == 0) {
            if (r->len == r->start) return 0;
            snprintf(why, cap, "the output ended within line %ld (no newline after %zu bytes)", r->line_no + 1,
                     r->len - r->start);
            return -1;
        }
        r->len += (size_t)got;
    }
}

void exec_reader_free(exec_reader *r) {
    free(r->buf);
    r->buf = NULL;
    r->len = r->start = r->cap = 0;
}

int exec_write_json(int fd, const cJSON *j, size_t limit) {
    char *text = cJSON_PrintUnformatted(j);
    if (text == NULL) {
        errno = ENOMEM;
        return -1;
    }
    size_t n = strlen(text);
    if (n + 1 > limit) {
        free(text);
        errno = EMSGSIZE;
        return -1;
    }
    text[n] = '\n'; /* the NUL becomes the newline: written as n + 1 bytes */
    size_t done = 0;
    while (done < n + 1) {
        ssize_t w = write(fd, text + done, n + 1 - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            free(text);
            return -1;
        }
        done += (size_t)w;
    }
    free(text);
    return 0;
}

cJSON *exec_parse_line(const char *line, size_t len, const char **type, char *why, size_t cap) {
    const char *end = NULL;
    cJSON *j = cJSON_ParseWithLengthOpts(line, len, &end, false);
    if (j == NULL) {
        const char *at = cJSON_GetErrorPtr();
        size_t col = at && at >= line && at <= line + len ? (size_t)(at - line) + 1 : 1;
        snprintf(why, cap, "not JSON (at column %zu)", col);
        return NULL;
    }
    while (end && end < line + len && (*end == ' ' || *end == '\t' || *end == '\r')) end++;
    if (end && end < line + len) {
        snprintf(why, cap, "not one JSON value (more at column %zu)", (size_t)(end - line) + 1);
        cJSON_Delete(j);
        return NULL;
    }
    if (!cJSON_IsObject(j)) {
        snprintf(why, cap, "not a JSON object");
        cJSON_Delete(j);
        return NULL;
    }
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(j, "type");
    if (!cJSON_IsString(t)) {
        snprintf(why, cap, "type: expected a string");
        cJSON_Delete(j);
        return NULL;
    }
    *type = t->valuestring;
    return j;
}

/* ---- fields ---- */

bool exec_only_keys(const cJSON *obj, const char *path, const char *const *allowed, char *why, size_t cap) {
    for (const cJSON *item = obj->child; item; item = item->next) {
        bool known = false;
        for (const char *const *k = allowed; *k && !known; k++) known = item->string && strcmp(item->string, *k) == 0;
        if (!known) {
            snprintf(why, cap, "%s: unknown key '%.64s'", path, item->string ? item->string : "");
            return false;
        }
        for (const cJSON *other = item->next; other; other = other->next)
            if (other->string && strcmp(other->string, item->string) == 0) {
                snprintf(why, cap, "%s: key '%.64s' given twice", path, item->string);
                return false;
            }
    }
    return true;
}

/* The item at obj.key, or NULL; false with why when it is required and absent. */
static bool field(const cJSON *obj, const char *path, const char *key, bool required, const cJSON **item, char *why,
                  size_t cap) {
    *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (*item == NULL && required) {
        snprintf(why, cap, "%s: missing key '%s'", path, key);
        return false;
    }
    return true;
}

bool exec_get_int(const cJSON *obj, const char *path, const char *key, bool required, int64_t min, int64_t max,
                  int64_t *out, char *why, size_t cap) {
    const cJSON *v;
    if (!field(obj, path, key, required, &v, why, cap)) return false;
    if (v == NULL) return true;
    double d = cJSON_IsNumber(v) ? v->valuedouble : 0.0;
    if (!cJSON_IsNumber(v) || d != (double)(int64_t)d || d < (double)min || d > (double)max) {
        snprintf(why, cap, "%s.%s: expected an integer from %" PRId64 " to %" PRId64, path, key, min, max);
        return false;
    }
    *out = (int64_t)d;
    return true;
}

/* s as a "0x" hex string of 1 to 16 digits into *out; false when it is not one. */
static bool parse_hex(const char *s, uint64_t *out) {
    size_t n = s ? strlen(s) : 0;
    if (n < 3 || n > 18 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) return false;
    uint64_t value = 0;
    for (size_t i = 2; i < n; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) return false;
        value = value << 4 | (uint64_t)d;
    }
    *out = value;
    return true;
}

bool exec_get_u64(const cJSON *obj, const char *path, const char *key, bool required, uint64_t *out, char *why,
                  size_t cap) {
    const cJSON *v;
    if (!field(obj, path, key, required, &v, why, cap)) return false;
    if (v == NULL) return true;
    if (!cJSON_IsString(v) || !parse_hex(v->valuestring, out)) {
        snprintf(why, cap, "%s.%s: expected a 64-bit value as a \"0x\" hex string of 1 to 16 digits", path, key);
        return false;
    }
    return true;
}

bool exec_get_bool(const cJSON *obj, const char *path, const char *key, bool required, bool *out, char *why,
                   size_t cap) {
    const cJSON *v;
    if (!field(obj, path, key, required, &v, why, cap)) return false;
    if (v == NULL) return true;
    if (!cJSON_IsBool(v)) {
        snprintf(why, cap, "%s.%s: expected true or false", path, key);
        return false;
    }
    *out = cJSON_IsTrue(v);
    return true;
}

bool exec_get_string(const cJSON *obj, const char *path, const char *key, bool required, bool nullable,
                     const char **out, char *why, size_t cap) {
    const cJSON *v;
    if (!field(obj, path, key, required, &v, why, cap)) return false;
    if (v == NULL || (nullable && cJSON_IsNull(v))) {
        *out = NULL;
        return true;
    }
    if (!cJSON_IsString(v)) {
        snprintf(why, cap, "%s.%s: expected a string%s", path, key, nullable ? " or null" : "");
        return false;
    }
    *out = v->valuestring;
    return true;
}

void exec_add_u64(cJSON *obj, const char *key, uint64_t v) {
    char hex[24];
    snprintf(hex, sizeof hex, "0x%" PRIx64, v);
    cJSON_AddStringToObject(obj, key, hex);
}

char *exec_hex_encode(const unsigned char *data, size_t len) {
    static const char digits[] = "0123456789abcdef";
    char *hex = malloc(2 * len + 1);
    if (hex == NULL) return NULL;
    for (size_t i = 0; i < len; i++) {
        hex[2 * i] = digits[data[i] >> 4];
        hex[2 * i + 1] = digits[data[i] & 15];
    }
    hex[2 * len] = '\0';
    return hex;
}

long exec_hex_decode(const char *hex, unsigned char *data, size_t cap) {
    size_t n = strlen(hex);
    if (n == 0 || n % 2 || n / 2 > cap) return -1;
    for (size_t i = 0; i < n; i++) {
        char c = hex[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) return -1;
        data[i / 2] = (unsigned char)(i % 2 ? (data[i / 2] << 4) | d : d);
    }
    return (long)(n / 2);
}

/* Copies s into dst (cap bytes with its NUL); false with "<path>.<key>: longer than N bytes". */
static bool copy_text(char *dst, size_t dst_cap, const char *s, const char *path, const char *key, char *why, size_t cap) {
    size_t n = s ? strlen(s) : 0;
    if (n >= dst_cap) {
        snprintf(why, cap, "%s.%s: longer than %zu bytes", path, key, dst_cap - 1);
        return false;
    }
    memcpy(dst, s ? s : "", n + 1);
    return true;
}

/* Adds s, read within cap bytes (a string that is not terminated there goes out cut at cap). */
static void add_bounded(cJSON *obj, const char *key, const char *s, size_t cap) {
    size_t n = strnlen(s, cap);
    char *copy = malloc(n + 1);
    if (copy == NULL) return;
    memcpy(copy, s, n);
    copy[n] = '\0';
    cJSON_AddStringToObject(obj, key, copy);
    free(copy);
}

/* Finds name in names[count]; its index or -1. */
static int name_index(const char *name, const char *const *names, int count) {
    for (int i = 0; name && i < count; i++)
        if (strcmp(name, names[i]) == 0) return i;
    return -1;
}

/* ---- topology ---- */

static const char *const kernel_kinds[2] = {"intime", "rtx64"};
static const char *const process_kinds[3] = {"windows", "rt", "driver"};

cJSON *exec_topology_json(const rtshm_topology *t) {
    cJSON *j = cJSON_CreateObject();
    cJSON *nodes = cJSON_AddArrayToObject(j, "nodes");
    for (int i = 0; i < t->node_count; i++) {
        cJSON *n = cJSON_CreateObject();
        cJSON_AddStringToObject(n, "id", t->nodes[i].id);
        cJSON_AddBoolToObject(n, "windows", t->nodes[i].windows != 0);
        exec_add_u64(n, "va_limit_bytes", t->nodes[i].va_limit_bytes);
        cJSON_AddItemToArray(nodes, n);
    }
    cJSON *kernels = cJSON_AddArrayToObject(j, "kernels");
    for (int i = 0; i < t->kernel_count; i++) {
        const rtshm_kernel *k = &t->kernels[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", k->id);
        cJSON_AddStringToObject(o, "kind", kernel_kinds[k->kind == RTSHM_KERNEL_RTX64]);
        cJSON_AddNumberToObject(o, "node", k->node);
        cJSON_AddBoolToObject(o, "running", k->running != 0);
        cJSON_AddBoolToObject(o, "shares_memory", k->shares_memory != 0);
        exec_add_u64(o, "memory_bytes", k->memory_bytes);
        exec_add_u64(o, "iwin32_pool_bytes", k->iwin32_pool_bytes);
        cJSON_AddItemToArray(kernels, o);
    }
    cJSON *links = cJSON_AddArrayToObject(j, "links");
    for (int i = 0; i < t->link_count; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "a", t->links[i].a);
        cJSON_AddNumberToObject(o, "b", t->links[i].b);
        cJSON_AddBoolToObject(o, "up", t->links[i].up != 0);
        cJSON_AddItemToArray(links, o);
    }
    cJSON *procs = cJSON_AddArrayToObject(j, "processes");
    for (int i = 0; i < t->process_count; i++) {
        const rtshm_process *p = &t->processes[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", p->id);
        cJSON_AddStringToObject(o, "kind", (unsigned)p->kind < 3 ? process_kinds[p->kind] : "?");
        cJSON_AddNumberToObject(o, "node", p->node);
        cJSON_AddNumberToObject(o, "kernel", p->kernel);
        cJSON_AddItemToArray(procs, o);
    }
    return j;
}

/* The array at obj.key (required), its size in *count (at most 65536). */
static bool get_array(const cJSON *obj, const char *path, const char *key, const cJSON **arr, int *count, char *why,
                      size_t cap) {
    *arr = cJSON_GetObjectItemCaseSensitive(obj, key);
    int n = cJSON_IsArray(*arr) ? cJSON_GetArraySize(*arr) : -1;
    if (n < 0 || n > 65536) {
        snprintf(why, cap, "%s.%s: expected an array of at most 65536 entries", path, key);
        return false;
    }
    *count = n;
    return true;
}

/* A kind name of names[count] at obj.kind into *out. */
static bool get_kind(const cJSON *obj, const char *path, const char *const *names, int count, int *out, char *why,
                     size_t cap) {
    const char *s;
    if (!exec_get_string(obj, path, "kind", true, false, &s, why, cap)) return false;
    *out = name_index(s, names, count);
    if (*out < 0) {
        snprintf(why, cap, "%s.kind: '%.64s' is none of %s%s%s%s%s", path, s, names[0], count > 1 ? ", " : "",
                 count > 1 ? names[1] : "", count > 2 ? ", " : "", count > 2 ? names[2] : "");
        return false;
    }
    return true;
}

bool exec_topology_parse(const cJSON *j, const char *path, exec_topology *out, char *why, size_t cap) {
    memset(out, 0, sizeof *out);
    static const char *const top_keys[] = {"nodes", "kernels", "links", "processes", NULL};
    const cJSON *nodes, *kernels, *links, *procs;
    rtshm_topology *t = &out->topology;
    if (!cJSON_IsObject(j)) {
        snprintf(why, cap, "%s: expected an object", path);
        return false;
    }
    if (!exec_only_keys(j, path, top_keys, why, cap) ||
        !get_array(j, path, "nodes", &nodes, &t->node_count, why, cap) ||
        !get_array(j, path, "kernels", &kernels, &t->kernel_count, why, cap) ||
        !get_array(j, path, "links", &links, &t->link_count, why, cap) ||
        !get_array(j, path, "processes", &procs, &t->process_count, why, cap))
        return false;
    out->nodes = calloc((size_t)t->node_count + 1, sizeof *out->nodes);
    out->kernels = calloc((size_t)t->kernel_count + 1, sizeof *out->kernels);
    out->links = calloc((size_t)t->link_count + 1, sizeof *out->links);
    out->processes = calloc((size_t)t->process_count + 1, sizeof *out->processes);
    t->nodes = out->nodes;
    t->kernels = out->kernels;
    t->links = out->links;
    t->processes = out->processes;
    if (!out->nodes || !out->kernels || !out->links || !out->processes) {
        snprintf(why, cap, "out of memory");
        return false;
    }
    char p[96];
    int i = 0;
    int64_t v;
    bool b;
    static const char *const node_keys[] = {"id", "windows", "va_limit_bytes", NULL};
    for (const cJSON *o = nodes->child; o; o = o->next, i++) {
        snprintf(p, sizeof p, "%s.nodes[%d]", path, i);
        rtshm_node *n = &out->nodes[i];
        if (!cJSON_IsObject(o) || !exec_only_keys(o, p, node_keys, why, cap) ||
            !exec_get_string(o, p, "id", true, false, &n->id, why, cap) ||
            !exec_get_bool(o, p, "windows", true, &b, why, cap) ||
            !exec_get_u64(o, p, "va_limit_bytes", true, &n->va_limit_bytes, why, cap)) {
            if (!cJSON_IsObject(o)) snprintf(why, cap, "%s: expected an object", p);
            return false;
        }
        n->windows = b;
    }
    i = 0;
    static const char *const kernel_keys[] = {"id", "kind", "node", "running", "shares_memory", "memory_bytes",
                                              "iwin32_pool_bytes", NULL};
    for (const cJSON *o = kernels->child; o; o = o->next, i++) {
        snprintf(p, sizeof p, "%s.kernels[%d]", path, i);
        rtshm_kernel *k = &out->kernels[i];
        bool running, shares;
        if (!cJSON_IsObject(o)) {
            snprintf(why, cap, "%s: expected an object", p);
            return false;
        }
        if (!exec_only_keys(o, p, kernel_keys, why, cap) || !exec_get_string(o, p, "id", true, false, &k->id, why, cap) ||
            !get_kind(o, p, kernel_kinds, 2, &k->kind, why, cap) ||
            !exec_get_int(o, p, "node", true, 0, t->node_count - 1, &v, why, cap))
            return false;
        k->node = (int)v;
        if (!exec_get_bool(o, p, "running", true, &running, why, cap) ||
            !exec_get_bool(o, p, "shares_memory", true, &shares, why, cap) ||
            !exec_get_u64(o, p, "memory_bytes", true, &k->memory_bytes, why, cap) ||
            !exec_get_u64(o, p, "iwin32_pool_bytes", true, &k->iwin32_pool_bytes, why, cap))
            return false;
        k->running = running;
        k->shares_memory = shares;
    }
    i = 0;
    static const char *const link_keys[] = {"a", "b", "up", NULL};
    for (const cJSON *o = links->child; o; o = o->next, i++) {
        snprintf(p, sizeof p, "%s.links[%d]", path, i);
        int64_t a, bn;
        if (!cJSON_IsObject(o)) {
            snprintf(why, cap, "%s: expected an object", p);
            return false;
        }
        if (!exec_only_keys(o, p, link_keys, why, cap) || !exec_get_int(o, p, "a", true, 0, t->node_count - 1, &a, why, cap) ||
            !exec_get_int(o, p, "b", true, 0, t->node_count - 1, &bn, why, cap) ||
            !exec_get_bool(o, p, "up", true, &b, why, cap))
            return false;
        out->links[i] = (rtshm_link){(int)a, (int)bn, b};
    }
    i = 0;
    static const char *const proc_keys[] = {"id", "kind", "node", "kernel", NULL};
    for (const cJSON *o = procs->child; o; o = o->next, i++) {
        snprintf(p, sizeof p, "%s.processes[%d]", path, i);
        rtshm_process *pr = &out->processes[i];
        int64_t node, kernel;
        if (!cJSON_IsObject(o)) {
            snprintf(why, cap, "%s: expected an object", p);
            return false;
        }
        if (!exec_only_keys(o, p, proc_keys, why, cap) || !exec_get_string(o, p, "id", true, false, &pr->id, why, cap) ||
            !get_kind(o, p, process_kinds, 3, &pr->kind, why, cap) ||
            !exec_get_int(o, p, "node", true, 0, t->node_count - 1, &node, why, cap) ||
            !exec_get_int(o, p, "kernel", true, -1, t->kernel_count - 1, &kernel, why, cap))
            return false;
        pr->node = (int)node;
        pr->kernel = (int)kernel;
    }
    return true;
}

void exec_topology_free(exec_topology *t) {
    free(t->nodes);
    free(t->kernels);
    free(t->links);
    free(t->processes);
    memset(t, 0, sizeof *t);
}

/* ---- calls ---- */

cJSON *exec_args_json(int argc, const rtshm_value *argv) {
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; i < argc; i++) {
        cJSON *v = cJSON_CreateObject();
        switch (argv[i].kind) {
        case RTSHM_V_NUMBER:
            cJSON_AddStringToObject(v, "kind", "number");
            exec_add_u64(v, "number", argv[i].number);
            break;
        case RTSHM_V_NULL: cJSON_AddStringToObject(v, "kind", "null"); break;
        case RTSHM_V_STRING:
            cJSON_AddStringToObject(v, "kind", "string");
            cJSON_AddStringToObject(v, "string", argv[i].string ? argv[i].string : "");
            break;
        default: cJSON_AddStringToObject(v, "kind", "out"); break;
        }
        cJSON_AddItemToArray(arr, v);
    }
    return arr;
}

bool exec_args_parse(const cJSON *j, const char *path, int *argc, rtshm_value *argv, char *why, size_t cap) {
    int n = cJSON_IsArray(j) ? cJSON_GetArraySize(j) : -1;
    if (n < 0 || n > RTSHM_MAX_ARGS) {
        snprintf(why, cap, "%s: expected an array of at most %d values", path, RTSHM_MAX_ARGS);
        return false;
    }
    static const char *const kinds[4] = {"number", "null", "string", "out"};
    static const char *const keys[] = {"kind", "number", "string", NULL};
    int i = 0;
    char p[96];
    for (const cJSON *o = j->child; o; o = o->next, i++) {
        snprintf(p, sizeof p, "%s[%d]", path, i);
        int kind;
        if (!cJSON_IsObject(o)) {
            snprintf(why, cap, "%s: expected an object", p);
            return false;
        }
        if (!exec_only_keys(o, p, keys, why, cap)) return false;
        const char *k;
        if (!exec_get_string(o, p, "kind", true, false, &k, why, cap)) return false;
        kind = name_index(k, kinds, 4);
        argv[i] = (rtshm_value){RTSHM_V_NULL, 0, NULL};
        if (kind < 0) {
            snprintf(why, cap, "%s.kind: '%.64s' is none of number, null, string, out", p, k);
            return false;
        }
        argv[i].kind = (rtshm_value_kind)kind;
        if (kind == RTSHM_V_NUMBER && !exec_get_u64(o, p, "number", true, &argv[i].number, why, cap)) return false;
        if (kind == RTSHM_V_STRING && !exec_get_string(o, p, "string", true, false, &argv[i].string, why, cap))
            return false;
    }
    *argc = n;
    return true;
}

/* ---- events ---- */

cJSON *exec_event_json(const rtshm_event *ev) {
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "kind", (unsigned)ev->kind < 5 ? exec_event_names[ev->kind] : "?");
    cJSON_AddNumberToObject(j, "process", ev->process);
    cJSON_AddNumberToObject(j, "kernel", ev->kernel);
    cJSON_AddNumberToObject(j, "node_a", ev->node_a);
    cJSON_AddNumberToObject(j, "node_b", ev->node_b);
    cJSON_AddNumberToObject(j, "vtime_us", (double)ev->vtime_us);
    return j;
}

bool exec_event_parse(const cJSON *j, const char *path, rtshm_event *ev, char *why, size_t cap) {
    static const char *const keys[] = {"kind", "process", "kernel", "node_a", "node_b", "vtime_us", NULL};
    if (!cJSON_IsObject(j)) {
        snprintf(why, cap, "%s: expected an object", path);
        return false;
    }
    int kind;
    int64_t process, kernel, a, b, vtime;
    if (!exec_only_keys(j, path, keys, why, cap) || !get_kind(j, path, exec_event_names, 5, &kind, why, cap) ||
        !exec_get_int(j, path, "process", true, INT32_MIN, INT32_MAX, &process, why, cap) ||
        !exec_get_int(j, path, "kernel", true, INT32_MIN, INT32_MAX, &kernel, why, cap) ||
        !exec_get_int(j, path, "node_a", true, INT32_MIN, INT32_MAX, &a, why, cap) ||
        !exec_get_int(j, path, "node_b", true, INT32_MIN, INT32_MAX, &b, why, cap) ||
        !exec_get_int(j, path, "vtime_us", true, 0, (int64_t)1 << 53, &vtime, why, cap))
        return false;
    *ev = (rtshm_event){(rtshm_event_kind)kind, (int)process, (int)kernel, (int)a, (int)b, (uint64_t)vtime};
    return true;
}

/* ---- outcomes ---- */

static const char *const status_families[4] = {"intime", "win32", "ntstatus", "sim"};

cJSON *exec_outcome_json(const rtshm_outcome *o) {
    cJSON *j = cJSON_CreateObject();
    exec_add_u64(j, "ret", o->ret);
    if (o->family < 4) cJSON_AddStringToObject(j, "family", status_families[o->family]);
    else cJSON_AddNumberToObject(j, "family", o->family); /* refused by the client, by its number */
    cJSON_AddNumberToObject(j, "status", o->status);
    if (o->has_last_error) cJSON_AddNumberToObject(j, "last_error", o->last_error);
    else cJSON_AddNullToObject(j, "last_error");
    cJSON *outputs = cJSON_AddArrayToObject(j, "outputs");
    int last = -1;
    for (int i = 0; i < RTSHM_MAX_ARGS; i++)
        if (o->outputs[i]) last = i;
    for (int i = 0; i <= last; i++) {
        if (o->outputs[i]) {
            char hex[24];
            snprintf(hex, sizeof hex, "0x%" PRIx64, o->outputs[i]);
            cJSON_AddItemToArray(outputs, cJSON_CreateString(hex));
        } else {
            cJSON_AddItemToArray(outputs, cJSON_CreateNull());
        }
    }
    cJSON_AddBoolToObject(j, "fault", o->fault != 0);
    if (o->clause) add_bounded(j, "clause", o->clause, RTSHM_CLAUSE_BOUND);
    else cJSON_AddNullToObject(j, "clause");
    if (o->has_native_error) {
        cJSON *n = cJSON_AddObjectToObject(j, "native_error");
        char code[32];
        snprintf(code, sizeof code, "%" PRId64, o->native_error);
        cJSON_AddStringToObject(n, "code", code);
        add_bounded(n, "kind", o->native_error_kind, sizeof o->native_error_kind);
    } else {
        cJSON_AddNullToObject(j, "native_error");
    }
    cJSON *opaque = cJSON_AddArrayToObject(j, "opaque");
    if (o->opaque & RTSHM_OPAQUE_RET) cJSON_AddItemToArray(opaque, cJSON_CreateString("ret"));
    for (int i = 0; i < RTSHM_MAX_ARGS; i++)
        if (o->opaque & RTSHM_OPAQUE_OUTPUT(i)) cJSON_AddItemToArray(opaque, cJSON_CreateNumber(i));
    return j;
}

/* native_error {"code": "<signed decimal>", "kind": "..."} into o. */
static bool parse_native(const cJSON *n, const char *path, rtshm_outcome *o, char *why, size_t cap) {
    static const char *const keys[] = {"code", "kind", NULL};
    const char *code, *kind;
    if (!cJSON_IsObject(n)) {
        snprintf(why, cap, "%s: expected an object or null", path);
        return false;
    }
    if (!exec_only_keys(n, path, keys, why, cap) || !exec_get_string(n, path, "code", true, false, &code, why, cap) ||
        !exec_get_string(n, path, "kind", true, false, &kind, why, cap))
        return false;
    char *end = NULL;
    errno = 0;
    long long v = strtoll(code, &end, 10);
    if (errno != 0 || end == code || *end != '\0' || !(code[0] == '-' || (code[0] >= '0' && code[0] <= '9'))) {
        snprintf(why, cap, "%s.code: expected a signed 64-bit integer as a decimal string", path);
        return false;
    }
    o->has_native_error = 1;
    o->native_error = (int64_t)v;
    return copy_text(o->native_error_kind, sizeof o->native_error_kind, kind, path, "kind", why, cap);
}

bool exec_outcome_parse(const cJSON *j, const char *path, rtshm_outcome *o, char *clause_buf, size_t clause_cap,
                        char *why, size_t cap) {
    static const char *const keys[] = {"ret", "family", "status", "last_error", "outputs", "fault", "clause",
                                       "native_error", "opaque", NULL};
    memset(o, 0, sizeof *o);
    if (!cJSON_IsObject(j)) {
        snprintf(why, cap, "%s: expected an object", path);
        return false;
    }
    const char *family, *clause;
    int64_t status, last_error = -1;
    bool fault = false;
    char p[96];
    if (!exec_only_keys(j, path, keys, why, cap) || !exec_get_u64(j, path, "ret", true, &o->ret, why, cap) ||
        !exec_get_string(j, path, "family", true, false, &family, why, cap) ||
        !exec_get_int(j, path, "status", true, 0, UINT32_MAX, &status, why, cap) ||
        !exec_get_bool(j, path, "fault", false, &fault, why, cap) ||
        !exec_get_string(j, path, "clause", false, true, &clause, why, cap))
        return false;
    int fam = name_index(family, status_families, 4);
    if (fam < 0) {
        snprintf(why, cap, "%s.family: '%.64s' is none of intime, win32, ntstatus, sim", path, family);
        return false;
    }
    o->family = (uint32_t)fam;
    o->status = (uint32_t)status;
    o->fault = fault;
    const cJSON *le = cJSON_GetObjectItemCaseSensitive(j, "last_error");
    if (le && !cJSON_IsNull(le)) {
        if (!exec_get_int(j, path, "last_error", true, 0, UINT32_MAX, &last_error, why, cap)) return false;
        o->has_last_error = 1;
        o->last_error = (uint32_t)last_error;
    }
    const cJSON *outputs = cJSON_GetObjectItemCaseSensitive(j, "outputs");
    if (outputs) {
        int n = cJSON_IsArray(outputs) ? cJSON_GetArraySize(outputs) : -1;
        if (n < 0 || n > RTSHM_MAX_ARGS) {
            snprintf(why, cap, "%s.outputs: expected an array of at most %d entries", path, RTSHM_MAX_ARGS);
            return false;
        }
        int i = 0;
        for (const cJSON *v = outputs->child; v; v = v->next, i++) {
            if (cJSON_IsNull(v)) continue;
            if (!cJSON_IsString(v) || !parse_hex(v->valuestring, &o->outputs[i])) {
                snprintf(why, cap, "%s.outputs[%d]: expected null or a \"0x\" hex string of 1 to 16 digits", path, i);
                return false;
            }
        }
    }
    if (clause) {
        if (strlen(clause) >= clause_cap) {
            snprintf(why, cap, "%s.clause: longer than %zu bytes", path, clause_cap - 1);
            return false;
        }
        memcpy(clause_buf, clause, strlen(clause) + 1);
        o->clause = clause_buf;
    }
    const cJSON *native = cJSON_GetObjectItemCaseSensitive(j, "native_error");
    snprintf(p, sizeof p, "%s.native_error", path);
    if (native && !cJSON_IsNull(native) && !parse_native(native, p, o, why, cap)) return false;
    const cJSON *opaque = cJSON_GetObjectItemCaseSensitive(j, "opaque");
    if (opaque) {
        if (!cJSON_IsArray(opaque) || cJSON_GetArraySize(opaque) > RTSHM_MAX_ARGS + 1) {
            snprintf(why, cap, "%s.opaque: expected an array of at most %d entries", path, RTSHM_MAX_ARGS + 1);
            return false;
        }
        int i = 0;
        for (const cJSON *v = opaque->child; v; v = v->next, i++) {
            double d = cJSON_IsNumber(v) ? v->valuedouble : -1;
            if (cJSON_IsString(v) && strcmp(v->valuestring, "ret") == 0) o->opaque |= RTSHM_OPAQUE_RET;
            else if (d >= 0 && d < RTSHM_MAX_ARGS && d == (double)(int)d) o->opaque |= RTSHM_OPAQUE_OUTPUT((int)d);
            else {
                snprintf(why, cap, "%s.opaque[%d]: expected \"ret\" or an output index from 0 to %d", path, i,
                         RTSHM_MAX_ARGS - 1);
                return false;
            }
        }
    }
    return true;
}

/* ---- findings and notes ---- */

cJSON *exec_finding_json(const rtshm_finding *f) {
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "type", "finding");
    add_bounded(j, "kind", f->kind, sizeof f->kind);
    add_bounded(j, "clause", f->clause, sizeof f->clause);
    add_bounded(j, "detail", f->detail, sizeof f->detail);
    return j;
}

bool exec_finding_parse(const cJSON *j, rtshm_finding *f, char *why, size_t cap) {
    static const char *const keys[] = {"type", "kind", "clause", "detail", NULL};
    const char *kind, *clause, *detail;
    memset(f, 0, sizeof *f);
    return exec_only_keys(j, "finding", keys, why, cap) &&
           exec_get_string(j, "finding", "kind", true, false, &kind, why, cap) &&
           exec_get_string(j, "finding", "clause", false, false, &clause, why, cap) &&
           exec_get_string(j, "finding", "detail", true, false, &detail, why, cap) &&
           copy_text(f->kind, sizeof f->kind, kind, "finding", "kind", why, cap) &&
           copy_text(f->clause, sizeof f->clause, clause, "finding", "clause", why, cap) &&
           copy_text(f->detail, sizeof f->detail, detail, "finding", "detail", why, cap);
}

cJSON *exec_note_json(const rtshm_note *n) {
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "type", "note");
    cJSON_AddNumberToObject(j, "process", n->process);
    add_bounded(j, "api", n->api, sizeof n->api);
    add_bounded(j, "function", n->function, sizeof n->function);
    add_bounded(j, "args_json", n->args_json, sizeof n->args_json);
    add_bounded(j, "clause", n->clause, sizeof n->clause);
    return j;
}

bool exec_note_parse(const cJSON *j, rtshm_note *n, char *why, size_t cap) {
    static const char *const keys[] = {"type", "process", "api", "function", "args_json", "clause", NULL};
    const char *api, *function, *args, *clause;
    int64_t process;
    memset(n, 0, sizeof *n);
    if (!exec_only_keys(j, "note", keys, why, cap) ||
        !exec_get_int(j, "note", "process", true, INT32_MIN, INT32_MAX, &process, why, cap) ||
        !exec_get_string(j, "note", "api", true, false, &api, why, cap) ||
        !exec_get_string(j, "note", "function", true, false, &function, why, cap) ||
        !exec_get_string(j, "note", "args_json", true, false, &args, why, cap) ||
        !exec_get_string(j, "note", "clause", false, false, &clause, why, cap))
        return false;
    n->process = (int)process;
    return copy_text(n->api, sizeof n->api, api, "note", "api", why, cap) &&
           copy_text(n->function, sizeof n->function, function, "note", "function", why, cap) &&
           copy_text(n->args_json, sizeof n->args_json, args, "note", "args_json", why, cap) &&
           copy_text(n->clause, sizeof n->clause, clause, "note", "clause", why, cap);
}
