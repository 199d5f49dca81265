/* conformance/src/schema_calls.c — the call steps of the scenario JSON Schema, from spec/.
 *
 * One definition per function row, "call.<family>.<Name>": its "call" is the qualified or the bare
 * name, its "args" exactly the row's parameters (each with its type's value definition, its doc and
 * its default; the required ones required), its "out" the return value (unless VOID) and the output
 * parameters, its "expect" the return value of its return type and the statuses of its status family
 * ("last_error" only where the family has a last-error slot). The definition "call" accepts any of
 * them: a bare name that two families share (GetLastError) matches both, as the process kind that
 * decides between them is not the schema's to know.
 *
 * The value definitions follow parse_input (parse_args.c) and parse_expect_return (parse_expect.c): what a parameter
 * or an expected return value of each type may be written as. Constants (spec/constants.def) and
 * status names (spec/status.def) are enumerated from the spec tables. */
#include <stdio.h>
#include <string.h>

#include "conf/scenario.h"
#include "schema_json.h"
#include "spec/functions.h"
#include "spec/status.h"

#define MAX_POINTER ((1ll << 53) - 1) /* handles and pointers: UINT64_MAX >> 11 */
#define MAX_DWORD 0xFFFFFFFFll

static const char *const constant_names[] = {
#define SPEC_CONST(name, value) #name,
#include "spec/constants.def"
#undef SPEC_CONST
};

/* "constant_expression": constant names joined with '|' (spaces around allowed), spec_const_eval's
 * syntax; "status_name": every status of spec/ (a DWORD argument may name one: SetLastError). */
static void add_name_defs(schema_ctx *x, cJSON *defs) {
    char names[1024], pattern[2400];
    size_t n = 0;
    for (size_t i = 0; i < sizeof constant_names / sizeof constant_names[0] && n < sizeof names; i++)
        n += (size_t)snprintf(names + n, sizeof names - n, "%s%s", i ? "|" : "", constant_names[i]);
    if (n >= sizeof names) x->failed = true; /* the table outgrew the buffer: refuse a wrong pattern */
    snprintf(pattern, sizeof pattern, "^ *(%s)( *[|] *(%s))* *$", names, names);
    cJSON *expr = sj_string_def(x, defs, "constant_expression", 0, pattern);
    sj_string(x, expr, "description", "constant names joined with '|', e.g. \"NTX_MAP_WRITE|NTX_MAP_UNALIGNED\"");

    int count = 0;
    const spec_status *st = spec_status_table(&count);
    cJSON *status = sj_object(x, defs, "status_name");
    cJSON *all = sj_array(x, status, "enum");
    for (int i = 0; i < count; i++) sj_string(x, all, NULL, st[i].name);
    sj_string_def(x, defs, "not_var", 0, "^![$][A-Za-z_][A-Za-z0-9_]{0,63}$");
}

/* "status.<family>" (one name) and "statuses.<family>" (a name or a list of 1 to CONF_MAX_STATUSES)
 * for every status family a function reports. */
static void add_status_defs(schema_ctx *x, cJSON *defs, const spec_function *fns, int fn_count) {
    int count = 0;
    const spec_status *st = spec_status_table(&count);
    for (int f = 0; f < SPEC_FAMILY_COUNT; f++) {
        bool used = false;
        for (int i = 0; i < fn_count && !used; i++) used = fns[i].status_family == (spec_family)f;
        if (!used) continue;
        char one[64], many[64];
        snprintf(one, sizeof one, "status.%s", spec_family_name((spec_family)f));
        snprintf(many, sizeof many, "statuses.%s", spec_family_name((spec_family)f));
        cJSON *names = sj_array(x, sj_object(x, defs, one), "enum");
        for (int i = 0; i < count; i++)
            if (st[i].family == (spec_family)f) sj_string(x, names, NULL, st[i].name);
        cJSON *any = sj_array(x, sj_object(x, defs, many), "anyOf");
        sj_ref(x, any, NULL, one);
        sj_array_of(x, any, NULL, one, 1, CONF_MAX_STATUSES);
    }
}

/* The anyOf list of a new definition `name`, with its description. */
static cJSON *alternatives(schema_ctx *x, cJSON *defs, const char *name, const char *description) {
    cJSON *d = sj_object(x, defs, name);
    sj_string(x, d, "description", description);
    return sj_array(x, d, "anyOf");
}

/* "arg.<TYPE>": how an argument of each parameter type is written (parse_input). */
static void add_arg_defs(schema_ctx *x, cJSON *defs) {
    char hex32[160], hex53[160];
    sj_hex_pattern(hex32, sizeof hex32, 32, false);
    sj_hex_pattern(hex53, sizeof hex53, 53, false);
    cJSON *any = alternatives(x, defs, "arg.DWORD", "a number, \"0x...\" hex, a status name, constant names "
                                                   "joined with '|', or \"$var\"");
    sj_ref(x, any, NULL, "var");
    sj_integer(x, any, NULL, 0, MAX_DWORD);
    sj_string_def(x, any, NULL, 0, hex32);
    sj_ref(x, any, NULL, "status_name");
    sj_ref(x, any, NULL, "constant_expression");

    any = alternatives(x, defs, "arg.LONG", "a signed 32-bit integer or \"$var\"");
    sj_ref(x, any, NULL, "var");
    sj_integer(x, any, NULL, INT32_MIN, INT32_MAX);

    any = alternatives(x, defs, "arg.BOOL", "true, false, \"TRUE\", \"FALSE\", 0, 1 or \"$var\"");
    sj_ref(x, any, NULL, "var");
    cJSON *bools = sj_array(x, sj_object(x, any, NULL), "enum");
    sj_bool(x, bools, NULL, true);
    sj_bool(x, bools, NULL, false);
    sj_string(x, bools, NULL, "TRUE");
    sj_string(x, bools, NULL, "FALSE");
    sj_int(x, bools, NULL, 0);
    sj_int(x, bools, NULL, 1);

    any = alternatives(x, defs, "arg.STRING", "a string (\"$$...\" for one that starts with '$') or null");
    sj_typed(x, any, NULL, "null");
    cJSON *text = sj_string_def(x, any, NULL, CONF_MAX_STRING_BYTES, NULL);
    sj_string(x, sj_object(x, text, "not"), "pattern", "^[$]([^$]|$)"); /* variables hold no strings */

    for (int ptr = 0; ptr < 2; ptr++) {
        any = alternatives(x, defs, ptr ? "arg.PTR" : "arg.HANDLE",
                           "null, a number, \"0x...\" hex, a constant name (\"NTX_BAD_NTXHANDLE\") or \"$var\"");
        sj_typed(x, any, NULL, "null");
        sj_ref(x, any, NULL, "var");
        sj_integer(x, any, NULL, 0, MAX_POINTER);
        sj_string_def(x, any, NULL, 0, hex53);
        sj_ref(x, any, NULL, "constant_expression");
    }

    any = alternatives(x, defs, "arg.ATTRS", "security attributes: only null is modelled");
    sj_typed(x, any, NULL, "null");
    sj_ref(x, any, NULL, "var");

    for (int handle = 0; handle < 2; handle++) {
        cJSON *out = sj_typed(x, defs, handle ? "arg.OUT_HANDLE" : "arg.OUT_PTR", "null");
        sj_string(x, out, "description", "an output: omit it to pass a valid pointer (bind the result with \"out\"), "
                                         "or null to pass NULL");
    }
}

/* "return.<RET>": what expect.return may be for each return type (parse_expect_return). */
static void add_return_defs(schema_ctx *x, cJSON *defs) {
    char hex32[160], hex53[160];
    sj_hex_pattern(hex32, sizeof hex32, 32, false);
    sj_hex_pattern(hex53, sizeof hex53, 53, false);
    for (int r = SPEC_R_HANDLE; r <= SPEC_R_STATUS; r++) {
        char name[32];
        snprintf(name, sizeof name, "return.%s", spec_ret_name((spec_ret)r));
        cJSON *any = alternatives(x, defs, name, "the return value, or \"$var\" (equal) / \"!$var\" (different)");
        sj_ref(x, any, NULL, "var");
        sj_ref(x, any, NULL, "not_var");
        if (r == SPEC_R_HANDLE || r == SPEC_R_PTR) {
            cJSON *nulls = sj_array(x, sj_object(x, any, NULL), "enum");
            sj_string(x, nulls, NULL, "null");
            sj_string(x, nulls, NULL, "non-null");
            sj_null(x, nulls, NULL);
            sj_integer(x, any, NULL, 0, MAX_POINTER);
            sj_string_def(x, any, NULL, 0, hex53);
            sj_ref(x, any, NULL, "constant_expression");
        } else if (r == SPEC_R_BOOL) {
            static const char *const words[] = {"true", "TRUE", "false", "FALSE"};
            cJSON *bools = sj_array(x, sj_object(x, any, NULL), "enum");
            sj_bool(x, bools, NULL, true);
            sj_bool(x, bools, NULL, false);
            for (int i = 0; i < 4; i++) sj_string(x, bools, NULL, words[i]);
        } else { /* DWORD, STATUS */
            sj_integer(x, any, NULL, 0, MAX_DWORD);
            sj_string_def(x, any, NULL, 0, hex32);
            sj_ref(x, any, NULL, "status_name");
            sj_ref(x, any, NULL, "constant_expression");
        }
    }
}

/* "args" of fn: exactly its parameters. */
static void add_args(schema_ctx *x, cJSON *props, const spec_function *fn) {
    const char *required[SPEC_MAX_PARAMS + 1];
    int nreq = 0;
    for (int i = 0; i < fn->param_count; i++)
        if (fn->params[i].required) required[nreq++] = fn->params[i].name;
    required[nreq] = NULL;
    cJSON *args = sj_closed(x, props, "args", required, NULL);
    for (int i = 0; i < fn->param_count; i++) {
        const spec_param *prm = &fn->params[i];
        char def[32];
        snprintf(def, sizeof def, "arg.%s", spec_type_name(prm->type));
        cJSON *p = sj_ref(x, args, prm->name, def);
        sj_string(x, p, "description", prm->doc);
        if (prm->default_null) sj_null(x, p, "default");
        else if (!prm->required && prm->type != SPEC_T_OUT_PTR && prm->type != SPEC_T_OUT_HANDLE)
            sj_int(x, p, "default", prm->default_value);
    }
}

/* "call.<family>.<Name>" for fn. */
static void add_call_def(schema_ctx *x, cJSON *defs, cJSON *calls, const spec_function *fn) {
    char def[128], qualified[128], description[256];
    const char *api = spec_api_name(fn->api);
    snprintf(def, sizeof def, "call.%s.%s", api, fn->name);
    snprintf(qualified, sizeof qualified, "%s:%s", api, fn->name);
    sj_ref(x, calls, NULL, def);
    bool any_required = false;
    for (int i = 0; i < fn->param_count; i++) any_required |= fn->params[i].required;
    const char *required[] = {"as", "call", any_required ? "args" : NULL, NULL};
    cJSON *self;
    cJSON *props = sj_closed(x, defs, def, required, &self);
    snprintf(description, sizeof description, "%s: returns %s; statuses of the %s family; clause %s", qualified,
             spec_ret_name(fn->ret), spec_family_name(fn->status_family), fn->clause);
    sj_string(x, self, "description", description);
    sj_ref(x, props, "at", "vtime_us");
    sj_ref(x, props, "as", "topology_ref");
    cJSON *names = sj_array(x, sj_object(x, props, "call"), "enum");
    sj_string(x, names, NULL, qualified);
    sj_string(x, names, NULL, fn->name);
    add_args(x, props, fn);
    if (fn->api == SPEC_API_RTK) { /* RTK.IRQL: a driver step may state the IRQL it calls at */
        static const char *const irqls[] = {"PASSIVE_LEVEL", "APC_LEVEL", "DISPATCH_LEVEL"};
        sj_enum(x, props, "irql", irqls, 3);
    }

    cJSON *out = sj_closed(x, props, "out", NULL, NULL);
    if (fn->ret != SPEC_R_VOID) sj_ref(x, out, "return", "var_name");
    for (int i = 0; i < fn->param_count; i++)
        if (fn->params[i].type == SPEC_T_OUT_PTR || fn->params[i].type == SPEC_T_OUT_HANDLE)
            sj_ref(x, out, fn->params[i].name, "var_name");

    char ret[32], statuses[64];
    snprintf(ret, sizeof ret, "return.%s", spec_ret_name(fn->ret));
    snprintf(statuses, sizeof statuses, "statuses.%s", spec_family_name(fn->status_family));
    cJSON *expect = sj_closed(x, props, "expect", NULL, NULL);
    if (fn->ret != SPEC_R_VOID) sj_ref(x, expect, "return", ret);
    sj_ref(x, expect, "status", statuses);
    if (fn->status_family != SPEC_FAMILY_NTSTATUS) sj_ref(x, expect, "last_error", statuses);
}

void schema_add_call_defs(schema_ctx *x, cJSON *defs) {
    int count = 0;
    const spec_function *fns = spec_function_table(&count);
    add_name_defs(x, defs);
    add_status_defs(x, defs, fns, count);
    add_arg_defs(x, defs);
    add_return_defs(x, defs);
    cJSON *call = sj_object(x, defs, "call");
    sj_string(x, call, "description", "a call of one of spec/'s functions, by \"family:Name\" or its bare name");
    cJSON *calls = sj_array(x, call, "anyOf");
    for (int i = 0; i < count; i++) add_call_def(x, defs, calls, &fns[i]);
}
