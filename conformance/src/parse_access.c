/* conformance/src/parse_access.c — a memory step: a "read" or "write" of the model's memory through a
 * pointer (a "$var" bound to a pointer, or an address), at an offset, of a length or of given bytes. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "parse_steps.h"

/* The pointer of a memory step: "$var" holding a pointer, or a number. */
static bool parse_ptr(pctx *c, const char *jpath, const cJSON *item, conf_arg *arg) {
    memset(arg, 0, sizeof *arg);
    arg->var = -1;
    if (item == NULL) return perr(c, jpath, "missing required key 'ptr'");
    if (cJSON_IsString(item) && item->valuestring[0] == '$') {
        char p[1024];
        snprintf(p, sizeof p, "%s.ptr", jpath);
        arg->kind = CONF_ARG_VAR;
        if (!var_ref(c, p, item->valuestring, &arg->var)) return false;
        if (c->sc->vars[arg->var].type != CONF_VAR_PTR)
            return perr(c, p, "variable '%s' does not hold a pointer", item->valuestring + 1);
        return true;
    }
    char p[1024];
    snprintf(p, sizeof p, "%s.ptr", jpath);
    arg->kind = CONF_ARG_NUMBER;
    return get_uint(c, item, p, true, UINT64_MAX >> 11, &arg->number);
}

/* A read or write step into st (contract in parse_steps.h). */
bool parse_access(pctx *c, const char *jpath, const cJSON *step, conf_step *st) {
    static const char *const step_keys[] = {"at", "as", "read", "write", "expect", NULL};
    static const char *const read_keys[] = {"ptr", "offset", "length", NULL};
    static const char *const write_keys[] = {"ptr", "offset", "hex", NULL};
    char ap[256], p[1024];
    if (!check_keys(c, step, jpath, step_keys)) return false;
    bool is_read = st->kind == CONF_STEP_READ;
    const cJSON *acc = cJSON_GetObjectItemCaseSensitive(step, is_read ? "read" : "write");
    path_key(ap, sizeof ap, jpath, is_read ? "read" : "write");
    if (!want_object(c, acc, ap) || !check_keys(c, acc, ap, is_read ? read_keys : write_keys)) return false;
    if (!parse_ptr(c, ap, cJSON_GetObjectItemCaseSensitive(acc, "ptr"), &st->ptr)) return false;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(acc, "offset");
    if (v && !get_uint(c, v, path_key(p, sizeof p, ap, "offset"), true, 1ull << 48, &st->offset)) return false;
    if (is_read) {
        uint64_t length = 0;
        v = cJSON_GetObjectItemCaseSensitive(acc, "length");
        if (v == NULL) return perr(c, ap, "missing required key 'length'");
        if (!get_uint(c, v, path_key(p, sizeof p, ap, "length"), false, CONF_MAX_ACCESS_BYTES, &length)) return false;
        if (length == 0) return perr(c, p, "expected a length from 1 to %d", CONF_MAX_ACCESS_BYTES);
        st->length = (size_t)length;
    } else {
        v = cJSON_GetObjectItemCaseSensitive(acc, "hex");
        if (v == NULL) return perr(c, ap, "missing required key 'hex'");
        if (!get_hex(c, v, path_key(p, sizeof p, ap, "hex"), false, CONF_MAX_ACCESS_BYTES, &st->data, &st->length))
            return false;
    }
    return parse_expect(c, jpath, step, st);
}
