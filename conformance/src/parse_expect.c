/* conformance/src/parse_expect.c — a step's "expect": what a call returns and reports (status,
 * last_error), and whether a memory access faults and which bytes a read returns.
 *
 * The checker (checker.c) compares the recorded outcome with it; parse_expect also keeps the canonical
 * JSON of the whole object, which the trace records as the step's expectation (run_record.c). */
#include <stdint.h>
#include <string.h>

#include "parse_steps.h"
#include "spec/constants.h"
#include "spec/status.h"
#include "traces/canon.h"

/* Reads one status name or a list of them, each a status of `family`, into names/count. */
static bool parse_status_list(pctx *c, const char *jpath, const cJSON *item, spec_family family,
                              const char **names, int *count) {
    int n = cJSON_IsArray(item) ? cJSON_GetArraySize(item) : 1;
    if (n == 0 || n > CONF_MAX_STATUSES)
        return perr(c, jpath, "expected a status name or a list of 1 to %d names", CONF_MAX_STATUSES);
    for (int i = 0; i < n; i++) {
        const cJSON *e = cJSON_IsArray(item) ? cJSON_GetArrayItem(item, i) : item;
        char p[1024];
        const char *ep = cJSON_IsArray(item) ? path_index(p, sizeof p, jpath, i) : jpath;
        if (!cJSON_IsString(e)) return perr(c, ep, "expected a status name such as \"ERROR_SUCCESS\"");
        const spec_status *st = spec_status_by_name(e->valuestring);
        if (st == NULL) return perr(c, ep, "unknown status '%s'", e->valuestring);
        if (st->family != family)
            return perr(c, ep, "'%s' is a status of the %s family; this step reports %s statuses", st->name,
                        spec_family_name(st->family), spec_family_name(family));
        names[i] = st->name;
    }
    *count = n;
    return true;
}

/* expect.return for a function returning ret. */
static bool parse_expect_return(pctx *c, const char *jpath, const cJSON *item, spec_ret ret, conf_expect *ex) {
    const char *s = cJSON_IsString(item) ? item->valuestring : NULL;
    if (ret == SPEC_R_VOID) return perr(c, jpath, "this function returns nothing");
    if (s && (s[0] == '$' || (s[0] == '!' && s[1] == '$'))) {
        ex->ret = s[0] == '!' ? CONF_RET_VAR_NE : CONF_RET_VAR_EQ;
        return var_ref(c, jpath, s[0] == '!' ? s + 1 : s, &ex->ret_var);
    }
    if (ret == SPEC_R_HANDLE || ret == SPEC_R_PTR) {
        if (s && strcmp(s, "null") == 0) ex->ret = CONF_RET_NULL;
        else if (s && strcmp(s, "non-null") == 0) ex->ret = CONF_RET_NON_NULL;
        else if (cJSON_IsNull(item)) ex->ret = CONF_RET_NULL;
        else if (cJSON_IsNumber(item) || (s && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))) {
            ex->ret = CONF_RET_NUMBER;
            return get_uint(c, item, jpath, true, UINT64_MAX >> 11, &ex->ret_number);
        } else {
            char bad[64];
            ex->ret = CONF_RET_NUMBER;
            if (s && spec_const_eval(s, &ex->ret_number, bad, sizeof bad)) return true; /* NTX_BAD_NTXHANDLE, ... */
            return perr(c, jpath, "expected \"null\", \"non-null\", a number, a constant such as "
                                  "\"NTX_BAD_NTXHANDLE\", \"$var\" or \"!$var\"");
        }
        return true;
    }
    if (ret == SPEC_R_BOOL) {
        if (cJSON_IsBool(item)) ex->ret = cJSON_IsTrue(item) ? CONF_RET_TRUE : CONF_RET_FALSE;
        else if (s && (strcmp(s, "true") == 0 || strcmp(s, "TRUE") == 0)) ex->ret = CONF_RET_TRUE;
        else if (s && (strcmp(s, "false") == 0 || strcmp(s, "FALSE") == 0)) ex->ret = CONF_RET_FALSE;
        else return perr(c, jpath, "expected \"true\" or \"false\"");
        return true;
    }
    /* DWORD or a status: a number, or a status/constant name. */
    ex->ret = CONF_RET_NUMBER;
    if (s && !(s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))) {
        const spec_status *st = spec_status_by_name(s);
        if (st) {
            ex->ret_number = st->value;
            return true;
        }
        char bad[64];
        if (spec_const_eval(s, &ex->ret_number, bad, sizeof bad)) return true;
        return perr(c, jpath, "expected a number, a status or constant name, \"$var\" or \"!$var\"; '%s' is none", s);
    }
    return get_uint(c, item, jpath, true, 0xFFFFFFFFu, &ex->ret_number);
}

/* The step's "expect" into st->expect (contract in parse_steps.h). */
bool parse_expect(pctx *c, const char *jpath, const cJSON *step, conf_step *st) {
    static const char *const call_keys[] = {"return", "status", "last_error", NULL};
    static const char *const read_keys[] = {"fault", "data", NULL};
    static const char *const write_keys[] = {"fault", NULL};
    char ep[256], p[1024];
    const cJSON *ex = cJSON_GetObjectItemCaseSensitive(step, "expect");
    conf_expect *e = &st->expect;
    e->fault = -1;
    e->ret_var = -1;
    if (ex == NULL) return true;
    path_key(ep, sizeof ep, jpath, "expect");
    if (st->kind == CONF_STEP_EVENT) return perr(c, ep, "events take no \"expect\"");
    if (!want_object(c, ex, ep)) return false;
    const char *const *keys = st->kind == CONF_STEP_CALL ? call_keys : st->kind == CONF_STEP_READ ? read_keys : write_keys;
    if (!check_keys(c, ex, ep, keys)) return false;
    e->present = true;
    const cJSON *v;
    if (st->kind == CONF_STEP_CALL) {
        if ((v = cJSON_GetObjectItemCaseSensitive(ex, "return")) &&
            !parse_expect_return(c, path_key(p, sizeof p, ep, "return"), v, st->fn->ret, e))
            return false;
        if ((v = cJSON_GetObjectItemCaseSensitive(ex, "status")) &&
            !parse_status_list(c, path_key(p, sizeof p, ep, "status"), v, st->fn->status_family, e->status, &e->status_count))
            return false;
        if ((v = cJSON_GetObjectItemCaseSensitive(ex, "last_error"))) {
            if (st->fn->status_family == SPEC_FAMILY_NTSTATUS)
                return perr(c, path_key(p, sizeof p, ep, "last_error"), "%s reports an NTSTATUS and has no last-error slot",
                            st->fn->name);
            if (!parse_status_list(c, path_key(p, sizeof p, ep, "last_error"), v, st->fn->status_family, e->last_error,
                                   &e->last_error_count))
                return false;
        }
    } else {
        if ((v = cJSON_GetObjectItemCaseSensitive(ex, "fault"))) {
            if (!cJSON_IsString(v) || (strcmp(v->valuestring, "none") != 0 && strcmp(v->valuestring, "ACCESS_VIOLATION") != 0))
                return perr(c, path_key(p, sizeof p, ep, "fault"), "expected \"none\" or \"ACCESS_VIOLATION\"");
            e->fault = strcmp(v->valuestring, "none") == 0 ? 0 : 1;
        }
        if ((v = cJSON_GetObjectItemCaseSensitive(ex, "data"))) {
            if (!get_hex(c, v, path_key(p, sizeof p, ep, "data"), true, CONF_MAX_ACCESS_BYTES, &e->data, &e->data_len))
                return false;
            if (e->data_len != st->length)
                return perr(c, p, "expected %zu bytes (the read's length), found %zu", st->length, e->data_len);
            if (e->fault == 1) return perr(c, p, "a read that faults returns no data; expect either data or the fault");
        }
    }
    e->canonical = trace_canonical_json(ex);
    if (e->canonical == NULL) return perr(c, ep, "out of memory");
    return true;
}
