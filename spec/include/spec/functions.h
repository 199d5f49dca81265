/* spec/functions.h — the vendor functions scenarios may call, as data.
 *
 * For each function: the API family it belongs to, which process kinds may call it, its return type,
 * its parameters in vendor order (name, type, in/out, default), the status family of its error
 * channel, and the statuses it may produce: those the vendor documents and those the clause
 * catalogue assigns as the model's choice. The rows are defined once, in spec/functions.def (an
 * X-macro); the table below, the row enum SPEC_FN_<FAMILY>_<Name>, the reference model's dispatch,
 * the parser's caller rules and the scenario JSON Schema are all derived from them. The families
 * themselves (ntx, rt, iwin32, rtx64, rtk) are the rows of spec/families.def. */
#ifndef SPEC_FUNCTIONS_H
#define SPEC_FUNCTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "spec/status.h"

/* The API families, numbered in the row order of spec/families.def (SPEC_API_NTX = 0, RT, IWIN32,
 * RTX64, RTK, ...), then the two pseudo families that name the other kinds of step. A family's number
 * is part of the public backend ABI (rtshm/backend.h): RTSHM_FAMILY_<FAMILY> is bit SPEC_API_<FAMILY>. */
typedef enum spec_api {
#define SPEC_FAMILY(family) SPEC_API_##family,
#include "spec/families.def"
#undef SPEC_FAMILY
    SPEC_API_MEM, /* memory read/write steps */
    SPEC_API_SIM, /* events */
    SPEC_API_COUNT
} spec_api;

/* How many real API families there are (rows of families.def): ids 0 .. SPEC_API_FAMILY_COUNT-1. */
#define SPEC_API_FAMILY_COUNT ((int)SPEC_API_MEM)

/* Who may make a call: a bit per (process kind, kernel kind). */
enum spec_caller {
    SPEC_CALLER_WINDOWS = 1u << 0,   /* a Windows application */
    SPEC_CALLER_RT_INTIME = 1u << 1, /* a real-time process on an INtime kernel */
    SPEC_CALLER_RT_RTX64 = 1u << 2,  /* a real-time process in RTSS */
    SPEC_CALLER_DRIVER = 1u << 3     /* a Windows kernel driver */
};

typedef enum spec_type {
    SPEC_T_DWORD = 0, /* unsigned 32-bit number or constant expression */
    SPEC_T_LONG,      /* signed 32-bit number */
    SPEC_T_BOOL,      /* true/false/TRUE/FALSE/0/1 */
    SPEC_T_STRING,    /* string or null */
    SPEC_T_HANDLE,    /* a handle variable or a number */
    SPEC_T_PTR,       /* a pointer variable or a number */
    SPEC_T_ATTRS,     /* a security-attributes pointer: only null is modelled */
    SPEC_T_OUT_PTR,   /* output: the call stores a pointer; omitted = valid, null = NULL */
    SPEC_T_OUT_HANDLE /* output: the call stores a handle; omitted = valid, null = NULL */
} spec_type;

typedef enum spec_ret {
    SPEC_R_VOID = 0,
    SPEC_R_HANDLE, /* NULL on failure */
    SPEC_R_PTR,    /* NULL on failure */
    SPEC_R_BOOL,   /* TRUE / FALSE */
    SPEC_R_DWORD,  /* a number */
    SPEC_R_STATUS  /* the status itself (NTSTATUS, NTXSTATUS) */
} spec_ret;

#define SPEC_MAX_PARAMS 8

/* The `params` of a functions.def row that has none. */
#define SPEC_NO_PARAMS

/* Helpers to walk the parameter tuples of a row, `(t0)(t1)...`, with two alternating macros A and B
 * that each handle one tuple and leave the other's name behind; SPEC_PP_CAT(A params, _END) then
 * pastes the name left after the last tuple (A or B) to _END, which closes the walk. A walker whose
 * output holds commas emits SPEC_PP_DEFER(M)(tuple): M then runs after the paste, so the commas
 * never reach SPEC_PP_CAT's arguments. spec/src/functions.c and conformance/src/backend_ref.c use
 * them. */
#define SPEC_PP_CAT(a, b) SPEC_PP_CAT_(a, b)
#define SPEC_PP_CAT_(a, b) a##b
#define SPEC_PP_EMPTY()
#define SPEC_PP_DEFER(m) m SPEC_PP_EMPTY()
/* The expansion of x as a string literal: SPEC_PP_STR(SPEC_API_LOWER_NTX) is "ntx". */
#define SPEC_PP_STR(x) SPEC_PP_STR_(x)
#define SPEC_PP_STR_(x) #x

/* Every row of functions.def, by name, in table order: SPEC_FN_IWIN32_RtCreateSharedMemory is the
 * index of that row in spec_function_table(). */
typedef enum spec_fn_row {
#define SPEC_FN(family, name, ...) SPEC_FN_##family##_##name,
#include "spec/functions.def"
#undef SPEC_FN
    SPEC_FN_COUNT
} spec_fn_row;

/* SPEC_API_LOWER_<FAMILY>: the family tokens of functions.def in lower case (as spec_api_name spells
 * them), for identifiers derived from a row: the reference implements row (IWIN32, Name) with
 * sim_iwin32_Name. They are defined beside the rows of spec/families.def, included above. */

typedef struct spec_param {
    const char *name;   /* vendor spelling: "MaximumSizeLow" */
    spec_type type;
    bool required;      /* no default: the scenario must give it */
    bool default_null;  /* default is NULL (strings, attributes) */
    int64_t default_value;
    const char *doc;    /* one line */
} spec_param;

typedef struct spec_function {
    const char *name;      /* "RtCreateSharedMemory" */
    spec_api api;
    unsigned callers;      /* spec_caller bits */
    spec_ret ret;
    spec_family status_family;
    int param_count;
    spec_param params[SPEC_MAX_PARAMS];
    const char *documented; /* space-separated statuses the vendor documents */
    const char *model;      /* space-separated statuses the clause catalogue chooses where the vendor is silent */
    const char *clause;     /* the clause that governs the function as a whole */
} spec_function;

/* The family's lower-case name: "ntx", "rt", "iwin32", "rtx64", "rtk" (families.def), "mem", "sim";
 * "?" when out of range. */
const char *spec_api_name(spec_api api);

/* The token of a parameter type or return type as functions.def spells it ("DWORD", "OUT_PTR";
 * "VOID", "STATUS"), or "?" when out of range. */
const char *spec_type_name(spec_type type);
const char *spec_ret_name(spec_ret ret);

/* The API called `name` ("iwin32"); false when unknown. */
bool spec_api_by_name(const char *name, spec_api *api);

/* The function `name` of family `api`, or NULL. */
const spec_function *spec_function_find(spec_api api, const char *name);

/* True when some family has a function called `name`. */
bool spec_function_known(const char *name);

/* Index of parameter `name` in fn->params, or -1. */
int spec_function_param(const spec_function *fn, const char *name);

/* True when `status` is documented or model-chosen for fn. */
bool spec_function_allows_status(const spec_function *fn, const char *status);

/* The whole table; *count receives its length. */
const spec_function *spec_function_table(int *count);

/* The row of fn in the table (0 .. count-1), or -1 when fn does not point at a row of it (a copy, or
 * NULL). O(1): callers keep per-row data (a backend's dispatch) without comparing names. */
int spec_function_index(const spec_function *fn);

/* The row `row` (a SPEC_FN_* value), or NULL when it is out of range. */
const spec_function *spec_function_row(spec_fn_row row);

/* Caller rules, read from the rows. True when some function of family `api` may be called by a
 * process of kind `caller` (one SPEC_CALLER_* bit, or several: any of them). */
bool spec_api_callable_by(spec_api api, unsigned caller);

/* True when family `api` has functions at all: the families a call may name ("iwin32:Name"); mem and
 * sim do not. */
bool spec_api_has_functions(spec_api api);

#endif
