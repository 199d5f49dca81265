/* conformance/src/parse_steps.c — the `steps` of a scenario: calls, memory accesses and events.
 *
 * Which function a call names is resolved by parse_resolve.c (the caller rules of spec/). Variables
 * are bound by `out` in file order, which is execution order because `at` never goes backwards; using
 * a variable before it is bound is an input error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/steps.h"
#include "traces/canon.h"
#include "parse_util.h"
#include "spec/constants.h"
#include "spec/status.h"

static int process_by_id(const conf_scenario *sc, const char *id) {
    for (int i = 0; i < sc->process_count; i++)
        if (strcmp(sc->processes[i].id, id) == 0) return i;
    return -1;
}

/* A "$name" reference to a bound variable: its index in *var. */
static bool var_ref(pctx *c, const char *jpath, const char *text, int *var) {
    *var = var_find(c->sc, text + 1);
    if (*var < 0) return perr(c, jpath, "variable '%s' is not bound by an earlier step's \"out\"", text + 1);
    return true;
}

/* One input argument of parameter prm from item into *arg. */
static bool parse_input(pctx *c, const char *jpath, const spec_param *prm, const cJSON *item, conf_arg *arg) {
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

static bool parse_expect(pctx *c, const char *jpath, const cJSON *step, conf_step *st) {
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

static bool parse_call(pctx *c, const char *jpath, const cJSON *step, conf_step *st) {
    static const char *const keys[] = {"at", "as", "call", "args", "out", "expect", NULL};
    char p[1024];
    if (!check_keys(c, step, jpath, keys)) return false;
    const conf_process_spec *ps = &c->sc->processes[st->process];
    const char *call;
    if (!get_string(c, step, jpath, "call", true, 128, &call)) return false;
    if (!resolve_call(c, path_key(p, sizeof p, jpath, "call"), call, ps, &st->fn)) return false;
    const spec_function *fn = st->fn;
    bool given[SPEC_MAX_PARAMS] = {false};
    const cJSON *args = cJSON_GetObjectItemCaseSensitive(step, "args");
    char ap[256];
    path_key(ap, sizeof ap, jpath, "args");
    if (args) {
        if (!want_object(c, args, ap)) return false;
        const cJSON *a;
        cJSON_ArrayForEach(a, args) {
            int i = spec_function_param(fn, a->string);
            if (i < 0) {
                char expected[512] = "";
                for (int k = 0; k < fn->param_count; k++) {
                    strncat(expected, fn->params[k].name, sizeof expected - strlen(expected) - 1);
                    if (k + 1 < fn->param_count) strncat(expected, ", ", sizeof expected - strlen(expected) - 1);
                }
                return perr(c, path_key(p, sizeof p, ap, a->string), "unknown parameter '%s' of %s (expected %s)",
                            a->string, fn->name, fn->param_count ? expected : "no arguments");
            }
            free(st->args[i].string);
            st->args[i].string = NULL;
            if (!parse_input(c, path_key(p, sizeof p, ap, a->string), &fn->params[i], a, &st->args[i])) return false;
            given[i] = true;
        }
    }
    for (int i = 0; i < fn->param_count; i++) {
        const spec_param *prm = &fn->params[i];
        st->out_var[i] = -1;
        if (given[i]) continue;
        if (prm->type == SPEC_T_OUT_PTR || prm->type == SPEC_T_OUT_HANDLE) st->args[i].kind = CONF_ARG_OUT;
        else if (prm->required)
            return perr(c, args ? ap : jpath, "missing required argument '%s' of %s (it has no default)", prm->name, fn->name);
        else if (prm->default_null) st->args[i].kind = CONF_ARG_NULL;
        else st->args[i] = (conf_arg){CONF_ARG_NUMBER, (uint64_t)prm->default_value, NULL, -1};
    }
    /* expect before out: an expectation sees the variables as they were before this step binds any. */
    if (!parse_expect(c, jpath, step, st)) return false;
    st->out_return_var = -1;
    const cJSON *out = cJSON_GetObjectItemCaseSensitive(step, "out");
    if (out) {
        char op[256];
        path_key(op, sizeof op, jpath, "out");
        if (!want_object(c, out, op)) return false;
        const cJSON *o;
        cJSON_ArrayForEach(o, out) {
            path_key(p, sizeof p, op, o->string);
            if (!cJSON_IsString(o)) return perr(c, p, "expected a variable name");
            conf_var_type type;
            int *slot;
            if (strcmp(o->string, "return") == 0) {
                switch (fn->ret) {
                case SPEC_R_VOID: return perr(c, p, "%s returns nothing", fn->name);
                case SPEC_R_HANDLE: type = CONF_VAR_HANDLE; break;
                case SPEC_R_PTR: type = CONF_VAR_PTR; break;
                case SPEC_R_BOOL: type = CONF_VAR_BOOL; break;
                default: type = CONF_VAR_NUMBER; break;
                }
                slot = &st->out_return_var;
            } else {
                int i = spec_function_param(fn, o->string);
                if (i < 0 || (fn->params[i].type != SPEC_T_OUT_PTR && fn->params[i].type != SPEC_T_OUT_HANDLE))
                    return perr(c, p, "'%s' is not an output of %s (bind \"return\" or an output parameter)", o->string,
                                fn->name);
                if (st->args[i].kind == CONF_ARG_OUT_NULL)
                    return perr(c, p, "'%s' is passed as NULL, so there is nothing to bind", o->string);
                type = fn->params[i].type == SPEC_T_OUT_PTR ? CONF_VAR_PTR : CONF_VAR_HANDLE;
                slot = &st->out_var[i];
            }
            /* Bind after the arguments were resolved: a step may read a variable and rebind it. */
            if (!var_bind(c, o->valuestring, type, p, slot)) return false;
        }
    }
    return true;
}

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

static bool parse_access(pctx *c, const char *jpath, const cJSON *step, conf_step *st) {
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

static bool parse_event(pctx *c, const char *jpath, const cJSON *step, conf_step *st) {
    static const char *const keys[] = {"at", "event", "process", "kernel", "between", "expect", NULL};
    char p[1024];
    if (!check_keys(c, step, jpath, keys)) return false;
    if (cJSON_GetObjectItemCaseSensitive(step, "expect"))
        return perr(c, path_key(p, sizeof p, jpath, "expect"), "events take no \"expect\" (they always happen)");
    const char *event;
    if (!get_string(c, step, jpath, "event", true, 64, &event)) return false;
    path_key(p, sizeof p, jpath, "event");
    if (strcmp(event, "process.exit") == 0) {
        const char *proc;
        if (!get_string(c, step, jpath, "process", true, 64, &proc)) return false;
        path_key(p, sizeof p, jpath, "process");
        st->event = CONF_EVENT_PROCESS_EXIT;
        st->process = process_by_id(c->sc, proc);
        if (st->process < 0) return perr(c, p, "unknown process '%s'", proc);
        if (c->exited[st->process]) return perr(c, p, "process '%s' has already exited", proc);
        if (cJSON_GetObjectItemCaseSensitive(step, "kernel") || cJSON_GetObjectItemCaseSensitive(step, "between"))
            return perr(c, jpath, "process.exit takes only \"process\"");
        c->exited[st->process] = true;
        return true;
    }
    if (strcmp(event, "kernel.stop") == 0 || strcmp(event, "kernel.start") == 0) {
        bool stop = strcmp(event, "kernel.stop") == 0;
        const char *kernel;
        if (!get_string(c, step, jpath, "kernel", true, 64, &kernel)) return false;
        path_key(p, sizeof p, jpath, "kernel");
        st->event = stop ? CONF_EVENT_KERNEL_STOP : CONF_EVENT_KERNEL_START;
        st->kernel = -1;
        for (int i = 0; i < c->sc->kernel_count; i++)
            if (strcmp(c->sc->kernels[i].id, kernel) == 0) st->kernel = i;
        if (st->kernel < 0) return perr(c, p, "unknown kernel '%s'", kernel);
        if (cJSON_GetObjectItemCaseSensitive(step, "process") || cJSON_GetObjectItemCaseSensitive(step, "between"))
            return perr(c, jpath, "%s takes only \"kernel\"", event);
        if (c->kernel_running[st->kernel] != stop)
            return perr(c, p, "kernel '%s' is already %s at this step", kernel, stop ? "stopped" : "running");
        c->kernel_running[st->kernel] = !stop;
        /* SIM.KERNEL.STOP: its rt processes terminate for good. */
        for (int i = 0; stop && i < c->sc->process_count; i++)
            if (c->sc->processes[i].kind == CONF_PROC_RT && c->sc->processes[i].kernel == st->kernel) c->exited[i] = true;
        return true;
    }
    if (strcmp(event, "link.down") == 0 || strcmp(event, "link.up") == 0) {
        bool down = strcmp(event, "link.down") == 0;
        st->event = down ? CONF_EVENT_LINK_DOWN : CONF_EVENT_LINK_UP;
        const cJSON *between = cJSON_GetObjectItemCaseSensitive(step, "between");
        path_key(p, sizeof p, jpath, "between");
        if (between == NULL) return perr(c, jpath, "missing required key 'between'");
        if (!cJSON_IsArray(between) || cJSON_GetArraySize(between) != 2 ||
            !cJSON_IsString(cJSON_GetArrayItem(between, 0)) || !cJSON_IsString(cJSON_GetArrayItem(between, 1)))
            return perr(c, p, "expected two node ids: [\"nodeA\", \"nodeB\"]");
        int ends[2] = {-1, -1};
        for (int e = 0; e < 2; e++) {
            const char *id = cJSON_GetArrayItem(between, e)->valuestring;
            for (int i = 0; i < c->sc->node_count; i++)
                if (strcmp(c->sc->nodes[i].id, id) == 0) ends[e] = i;
            char ep[1100];
            if (ends[e] < 0) return perr(c, path_index(ep, sizeof ep, p, e), "unknown node '%s'", id);
        }
        int link = -1;
        for (int i = 0; i < c->sc->link_count; i++) {
            const conf_link_spec *l = &c->sc->links[i];
            if ((l->a == ends[0] && l->b == ends[1]) || (l->a == ends[1] && l->b == ends[0])) link = i;
        }
        if (link < 0)
            return perr(c, p, "no link joins '%s' and '%s' in the topology", c->sc->nodes[ends[0]].id,
                        c->sc->nodes[ends[1]].id);
        if (cJSON_GetObjectItemCaseSensitive(step, "process") || cJSON_GetObjectItemCaseSensitive(step, "kernel"))
            return perr(c, jpath, "%s takes only \"between\"", event);
        if (c->link_up[link] != down)
            return perr(c, p, "the link is already %s at this step", down ? "down" : "up");
        c->link_up[link] = !down;
        st->link_a = ends[0];
        st->link_b = ends[1];
        return true;
    }
    return perr(c, p, "unknown event '%s' (expected process.exit, kernel.stop, kernel.start, link.down or link.up)", event);
}

bool parse_step(pctx *c, const cJSON *step, int i, uint64_t *vtime_us, conf_step *st) {
    conf_scenario *sc = c->sc;
    char jp[64], p[1024];
    path_index(jp, sizeof jp, "steps", i);
    st->index = i;
    st->process = -1;
    st->expect.fault = -1;
    if (!want_object(c, step, jp)) return false;
    const cJSON *at = cJSON_GetObjectItemCaseSensitive(step, "at");
    if (at) {
        uint64_t t;
        if (!get_uint(c, at, path_key(p, sizeof p, jp, "at"), false, CONF_MAX_VTIME_US, &t)) return false;
        if (t < *vtime_us)
            return perr(c, p, "\"at\" %llu goes back before an earlier step's time %llu", (unsigned long long)t,
                        (unsigned long long)*vtime_us);
        *vtime_us = t;
    }
    st->vtime_us = *vtime_us;
    int forms = !!cJSON_GetObjectItemCaseSensitive(step, "call") + !!cJSON_GetObjectItemCaseSensitive(step, "read") +
                !!cJSON_GetObjectItemCaseSensitive(step, "write") + !!cJSON_GetObjectItemCaseSensitive(step, "event");
    if (forms != 1) return perr(c, jp, "a step has exactly one of \"call\", \"read\", \"write\" or \"event\"");
    if (cJSON_GetObjectItemCaseSensitive(step, "event")) {
        st->kind = CONF_STEP_EVENT;
        if (cJSON_GetObjectItemCaseSensitive(step, "as")) return perr(c, path_key(p, sizeof p, jp, "as"), "events have no \"as\"");
        return parse_event(c, jp, step, st);
    }
    const char *as;
    if (!get_string(c, step, jp, "as", true, 64, &as)) return false;
    st->process = process_by_id(sc, as);
    if (st->process < 0) return perr(c, path_key(p, sizeof p, jp, "as"), "unknown process '%s'", as);
    if (c->exited[st->process])
        return perr(c, path_key(p, sizeof p, jp, "as"), "process '%s' has exited (SIM.PROCESS.EXIT) and makes no "
                    "more steps", as);
    if (cJSON_GetObjectItemCaseSensitive(step, "call")) {
        st->kind = CONF_STEP_CALL;
        return parse_call(c, jp, step, st);
    }
    st->kind = cJSON_GetObjectItemCaseSensitive(step, "read") ? CONF_STEP_READ : CONF_STEP_WRITE;
    return parse_access(c, jp, step, st);
}

void conf_step_release(conf_step *st) {
    for (int a = 0; a < SPEC_MAX_PARAMS; a++) free(st->args[a].string);
    free(st->data);
    free(st->expect.data);
    free(st->expect.canonical);
    memset(st, 0, sizeof *st);
}

bool parse_steps(pctx *c, const cJSON *steps) {
    conf_scenario *sc = c->sc;
    if (steps == NULL) return perr(c, "", "missing required key 'steps'");
    if (!cJSON_IsArray(steps)) return perr(c, "steps", "expected a non-empty array of steps");
    int n = cJSON_GetArraySize(steps);
    if (n == 0) return perr(c, "steps", "expected a non-empty array of steps");
    if (n > CONF_MAX_STEPS) return perr(c, "steps", "more than %d steps", CONF_MAX_STEPS);
    sc->steps = calloc((size_t)n, sizeof *sc->steps);
    if (sc->steps == NULL) return perr(c, "steps", "out of memory");
    uint64_t vtime_us = 0;
    int i = 0;
    const cJSON *step;
    cJSON_ArrayForEach(step, steps) {
        sc->step_count = i + 1; /* so conf_scenario_free releases what this step allocates */
        if (!parse_step(c, step, i, &vtime_us, &sc->steps[i])) return false;
        i++;
    }
    return true;
}
