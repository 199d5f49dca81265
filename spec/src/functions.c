/* spec/src/functions.c — the function table, built from the rows of spec/functions.def, the family
 * names, from the rows of spec/families.def, and their lookups.
 *
 * Each SPEC_FN row becomes one spec_function: its parameter tuples become the params[] entries (a
 * REQ tuple is required, DEF carries its default, NUL defaults to NULL, OUT is an output) and their
 * number becomes param_count. The table is in row order, so spec_function_table()[SPEC_FN_X_Name] is
 * row X_Name. */
#include "spec/functions.h"

#include <stdint.h>
#include <string.h>

#include "spec/constants.h"
#include "spec/clause_ids.h"

/* One spec_param from a parameter tuple (KIND, name, TYPE, default, doc). */
#define PARAM_REQ(name, type, value, doc) {#name, SPEC_T_##type, true, false, 0, doc}
#define PARAM_DEF(name, type, value, doc) {#name, SPEC_T_##type, false, false, value, doc}
#define PARAM_NUL(name, type, value, doc) {#name, SPEC_T_##type, false, true, 0, doc}
#define PARAM_OUT(name, type, value, doc) {#name, SPEC_T_##type, false, false, 0, doc}
#define PARAM(kind, name, type, value, doc) PARAM_##kind(name, type, value, doc),

/* PARAMS_INIT(params): ".params = {p0, p1, ...}" for a non-empty tuple sequence, nothing for none
 * (the array is then zero, as C11 has no empty initialiser). See SPEC_PP_CAT in spec/functions.h. */
#define PARAMS_INIT(params) SPEC_PP_CAT(PARAMS_FIRST params, _END)
#define PARAMS_FIRST(...) .params = {SPEC_PP_DEFER(PARAM)(__VA_ARGS__) PARAMS_A
#define PARAMS_A(...) SPEC_PP_DEFER(PARAM)(__VA_ARGS__) PARAMS_B
#define PARAMS_B(...) SPEC_PP_DEFER(PARAM)(__VA_ARGS__) PARAMS_A
#define PARAMS_FIRST_END
#define PARAMS_A_END }
#define PARAMS_B_END }

/* PARAMS_COUNT(params): "+ 1" per tuple. */
#define PARAMS_COUNT(params) SPEC_PP_CAT(COUNT_A params, _END)
#define COUNT_A(...) +1 COUNT_B
#define COUNT_B(...) +1 COUNT_A
#define COUNT_A_END
#define COUNT_B_END

static const spec_function function_table[] = {
#define SPEC_FN(family, fn_name, fn_callers, fn_ret, fn_status_family, fn_clause, fn_documented, fn_model, params) \
    {.name = #fn_name,                                                                                            \
     .api = SPEC_API_##family,                                                                                    \
     .callers = (fn_callers),                                                                                     \
     .ret = SPEC_R_##fn_ret,                                                                                      \
     .status_family = SPEC_FAMILY_##fn_status_family,                                                             \
     .param_count = 0 PARAMS_COUNT(params),                                                                       \
     .documented = fn_documented,                                                                                 \
     .model = fn_model,                                                                                           \
     .clause = fn_clause,                                                                                         \
     PARAMS_INIT(params)},
#include "spec/functions.def"
#undef SPEC_FN
};

#define FUNCTION_COUNT ((int)(sizeof function_table / sizeof function_table[0]))
_Static_assert(sizeof function_table / sizeof function_table[0] == SPEC_FN_COUNT, "one table row per SPEC_FN row");

/* Each family's lower-case name (spec/families.def), then the pseudo families'. */
static const char *const api_names[] = {
#define SPEC_FAMILY(family) SPEC_PP_STR(SPEC_API_LOWER_##family),
#include "spec/families.def"
#undef SPEC_FAMILY
    [SPEC_API_MEM] = "mem",
    [SPEC_API_SIM] = "sim",
};
_Static_assert(sizeof api_names / sizeof api_names[0] == SPEC_API_COUNT, "a name per spec_api");

const char *spec_api_name(spec_api api) {
    return (unsigned)api < SPEC_API_COUNT ? api_names[api] : "?";
}

const char *spec_type_name(spec_type type) {
    static const char *const names[] = {"DWORD", "LONG", "BOOL", "STRING", "HANDLE", "PTR", "ATTRS", "OUT_PTR", "OUT_HANDLE"};
    _Static_assert(sizeof names / sizeof names[0] == SPEC_T_OUT_HANDLE + 1, "a name per spec_type");
    return (unsigned)type <= SPEC_T_OUT_HANDLE ? names[type] : "?";
}

const char *spec_ret_name(spec_ret ret) {
    static const char *const names[] = {"VOID", "HANDLE", "PTR", "BOOL", "DWORD", "STATUS"};
    _Static_assert(sizeof names / sizeof names[0] == SPEC_R_STATUS + 1, "a name per spec_ret");
    return (unsigned)ret <= SPEC_R_STATUS ? names[ret] : "?";
}

bool spec_api_by_name(const char *name, spec_api *api) {
    for (int i = 0; i < SPEC_API_COUNT; i++) {
        if (strcmp(api_names[i], name) == 0) {
            *api = (spec_api)i;
            return true;
        }
    }
    return false;
}

const spec_function *spec_function_find(spec_api api, const char *name) {
    for (int i = 0; i < FUNCTION_COUNT; i++)
        if (function_table[i].api == api && strcmp(function_table[i].name, name) == 0) return &function_table[i];
    return NULL;
}

bool spec_function_known(const char *name) {
    for (int i = 0; i < FUNCTION_COUNT; i++)
        if (strcmp(function_table[i].name, name) == 0) return true;
    return false;
}

int spec_function_param(const spec_function *fn, const char *name) {
    for (int i = 0; i < fn->param_count; i++)
        if (strcmp(fn->params[i].name, name) == 0) return i;
    return -1;
}

/* True when the space-separated `list` contains the word `word`. */
static bool word_in(const char *list, const char *word) {
    size_t n = strlen(word);
    for (const char *p = list; p && *p;) {
        while (*p == ' ') p++;
        size_t len = strcspn(p, " ");
        if (len == n && strncmp(p, word, n) == 0) return true;
        p += len;
    }
    return false;
}

bool spec_function_allows_status(const spec_function *fn, const char *status) {
    return word_in(fn->documented, status) || word_in(fn->model, status);
}

const spec_function *spec_function_table(int *count) {
    *count = FUNCTION_COUNT;
    return function_table;
}

int spec_function_index(const spec_function *fn) {
    /* Compared as integers: a pointer that is not into the table is valid input, not undefined. */
    uintptr_t p = (uintptr_t)fn, base = (uintptr_t)function_table;
    if (p < base || p >= base + sizeof function_table || (p - base) % sizeof function_table[0] != 0) return -1;
    return (int)((p - base) / sizeof function_table[0]);
}

const spec_function *spec_function_row(spec_fn_row row) {
    return (unsigned)row < (unsigned)SPEC_FN_COUNT ? &function_table[row] : NULL;
}

bool spec_api_callable_by(spec_api api, unsigned caller) {
    for (int i = 0; i < FUNCTION_COUNT; i++)
        if (function_table[i].api == api && (function_table[i].callers & caller) != 0) return true;
    return false;
}

bool spec_api_has_functions(spec_api api) {
    for (int i = 0; i < FUNCTION_COUNT; i++)
        if (function_table[i].api == api) return true;
    return false;
}
