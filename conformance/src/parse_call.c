/* conformance/src/parse_call.c — a call step: which function it calls, its arguments (given, output or
 * defaulted) and the variables its "out" binds.
 *
 * Which function a call names is resolved by parse_resolve.c (the caller rules of spec/). Variables
 * are bound by `out` in file order, which is execution order because `at` never goes backwards; using
 * a variable before it is bound is an input error. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse_steps.h"

const char *conf_irql_name(int irql) {
    static const char *const names[CONF_IRQL_COUNT] = {"PASSIVE_LEVEL", "APC_LEVEL", "DISPATCH_LEVEL"};
    return irql >= 0 && irql < CONF_IRQL_COUNT ? names[irql] : "?";
}

/* The step's optional `irql` into st->irql (PASSIVE_LEVEL when omitted); only an Rtk call, which only a
 * driver makes, may state one (RTK.IRQL). */
static bool parse_irql(pctx *c, const char *jpath, const cJSON *step, conf_step *st) {
    char p[1024];
    const char *irql = NULL;
    st->irql = CONF_IRQL_PASSIVE;
    if (!get_string(c, step, jpath, "irql", false, 32, &irql)) return false;
    if (irql == NULL) return true;
    if (st->fn->api != SPEC_API_RTK)
        return perr(c, path_key(p, sizeof p, jpath, "irql"), "only a driver's Rtk call states an irql (%s is not one)",
                    st->fn->name);
    for (int i = 0; i < CONF_IRQL_COUNT; i++)
        if (strcmp(irql, conf_irql_name(i)) == 0) {
            st->irql = i;
            return true;
        }
    return perr(c, path_key(p, sizeof p, jpath, "irql"), "expected \"PASSIVE_LEVEL\", \"APC_LEVEL\" or \"DISPATCH_LEVEL\"");
}

/* A call step into st (contract in parse_steps.h). */
bool parse_call(pctx *c, const char *jpath, const cJSON *step, conf_step *st) {
    static const char *const keys[] = {"at", "as", "call", "args", "out", "expect", "irql", NULL};
    char p[1024];
    if (!check_keys(c, step, jpath, keys)) return false;
    const conf_process_spec *ps = &c->sc->processes[st->process];
    const char *call;
    if (!get_string(c, step, jpath, "call", true, 128, &call)) return false;
    if (!resolve_call(c, path_key(p, sizeof p, jpath, "call"), call, ps, &st->fn)) return false;
    const spec_function *fn = st->fn;
    if (!parse_irql(c, jpath, step, st)) return false;
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
