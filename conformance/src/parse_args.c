/* conformance/src/parse_args.c — the argument values of a call step: "$var" references and the literal
 * each parameter type accepts.
 *
 * What a value of each type may be is also described to users by `rtshm spec --format schema`
 * (schema_calls.c), which follows these rules. */
#include <stdint.h>
#include <string.h>

#include "parse_steps.h"
#include "spec/constants.h"
#include "spec/status.h"

/* A "$name" reference to a bound variable: its index in *var (contract in parse_steps.h). */
bool var_ref(pctx *c, const char *jpath, const char *text, int *var) {
    *var = var_find(c->sc, text + 1);
    if (*var < 0) return perr(c, jpath, "variable '%s' is not bound by an earlier step's \"out\"", text + 1);
    return true;
}

/* One input argument of parameter prm from item into *arg (contract in parse_steps.h). */
bool parse_input(pctx *c, const char *jpath, const spec_param *prm, const cJSON *item, conf_arg *arg) {
    memset(arg, 0, sizeof *arg);
    arg->var = -1;
    const char *s = cJSON_IsString(item) ? item->valuestring : NULL;
    if (prm->type == SPEC_T_OUT_PTR || prm->type == SPEC_T_OUT_HANDLE) {
        if (!cJSON_IsNull(item))
            return perr(c, jpath, "'%s' is an output parameter: omit it to pass a valid pointer, or give null to pass "
                                  "NULL; bind its result with \"out\"", prm->name);
        arg->kind = CONF_ARG_OUT_NULL;
        return true;
    }
    if (s && s[0] == '$' && s[1] != '$') {
        if (prm->type == SPEC_T_STRING)
            return perr(c, jpath, "variables hold numbers, handles and pointers, not strings; write \"$$...\" for a "
                                  "string that starts with '$'");
        arg->kind = CONF_ARG_VAR;
        return var_ref(c, jpath, s, &arg->var);
    }
    switch (prm->type) {
    case SPEC_T_STRING:
        if (cJSON_IsNull(item)) {
            arg->kind = CONF_ARG_NULL;
            return true;
        }
        if (!s) return perr(c, jpath, "expected a string or null");
        if (strlen(s) > CONF_MAX_STRING_BYTES) return perr(c, jpath, "string longer than %d bytes", CONF_MAX_STRING_BYTES);
        arg->kind = CONF_ARG_STRING;
        arg->string = pstrdup(c, s[0] == '$' ? s + 1 : s, jpath);
        return arg->string != NULL;
    case SPEC_T_BOOL:
        arg->kind = CONF_ARG_NUMBER;
        if (cJSON_IsBool(item)) {
            arg->number = cJSON_IsTrue(item);
            return true;
        }
        if (s && (strcmp(s, "TRUE") == 0 || strcmp(s, "FALSE") == 0)) {
            arg->number = s[0] == 'T';
            return true;
        }
        if (cJSON_IsNumber(item) && (item->valuedouble == 0 || item->valuedouble == 1)) {
            arg->number = item->valuedouble == 1;
            return true;
        }
        return perr(c, jpath, "expected true, false, \"TRUE\", \"FALSE\", 0 or 1");
    case SPEC_T_ATTRS:
        if (!cJSON_IsNull(item)) return perr(c, jpath, "only null is modelled for security attributes");
        arg->kind = CONF_ARG_NULL;
        return true;
    case SPEC_T_OUT_PTR:
    case SPEC_T_OUT_HANDLE:
        return true; /* handled above */
    case SPEC_T_HANDLE:
    case SPEC_T_PTR:
        if (cJSON_IsNull(item)) {
            arg->kind = CONF_ARG_NULL;
            return true;
        }
        arg->kind = CONF_ARG_NUMBER;
        if (s && !(s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))) {
            /* a constant such as NTX_UNDEFINED_LOCATION or NTX_BAD_NTXHANDLE, whose 64-bit value no literal
             * here reaches (NTX.LOCATION.VALUES) */
            char bad[64];
            if (spec_const_eval(s, &arg->number, bad, sizeof bad)) return true;
            return perr(c, jpath, "unknown constant '%s' (null, a number, \"0x...\" hex, a constant such as "
                                  "\"NTX_BAD_NTXHANDLE\", or \"$var\")", bad);
        }
        return get_uint(c, item, jpath, true, UINT64_MAX >> 11, &arg->number);
    case SPEC_T_LONG:
        arg->kind = CONF_ARG_NUMBER;
        if (cJSON_IsNumber(item)) {
            double d = item->valuedouble;
            if (!(d >= -2147483648.0 && d <= 2147483647.0) || d != (double)(int32_t)d)
                return perr(c, jpath, "expected an integer from -2147483648 to 2147483647");
            arg->number = (uint64_t)(int64_t)(int32_t)d;
            return true;
        }
        return perr(c, jpath, "expected an integer from -2147483648 to 2147483647");
    case SPEC_T_DWORD:
    default:
        arg->kind = CONF_ARG_NUMBER;
        if (s && !(s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))) {
            char bad[64];
            const spec_status *st = spec_status_by_name(s); /* SetLastError("ERROR_ACCESS_DENIED") */
            if (st) {
                arg->number = st->value;
                return true;
            }
            if (!spec_const_eval(s, &arg->number, bad, sizeof bad))
                return perr(c, jpath, "unknown constant '%s' (a number, \"0x...\" hex, a status name, or constant names "
                                      "joined with '|', e.g. \"PAGE_READWRITE\")", bad);
            if (arg->number > 0xFFFFFFFFu) return perr(c, jpath, "constant value does not fit in a DWORD");
            return true;
        }
        return get_uint(c, item, jpath, true, 0xFFFFFFFFu, &arg->number);
    }
}
