/* spec/functions.h — the vendor functions scenarios may call, as data.
 *
 * For each function: the API family it belongs to, which process kinds may call it, its return type,
 * its parameters in vendor order (name, type, in/out, default), the status family of its error
 * channel, and the statuses it may produce: those the vendor documents and those the clause
 * catalogue assigns as the model's choice. The validator, the runner, the checker and the docs all
 * read this one table. This version holds every family: ntx, rt, iwin32, rtx64 and rtk. */
#ifndef SPEC_FUNCTIONS_H
#define SPEC_FUNCTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "spec/status.h"

typedef enum spec_api {
    SPEC_API_NTX = 0, /* INtime NTX, Windows side */
    SPEC_API_RT,      /* INtime RT-side calls */
    SPEC_API_IWIN32,  /* INtime iwin32 (rt processes) and iwin32x (windows processes) */
    SPEC_API_RTX64,   /* RTX64 Rt* calls from RTSS and Windows processes */
    SPEC_API_RTK,     /* RTX64 Rtk* calls from Windows drivers */
    SPEC_API_MEM,     /* memory read/write steps */
    SPEC_API_SIM,     /* events */
    SPEC_API_COUNT
} spec_api;

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

/* "ntx", "rt", "iwin32", "rtx64", "rtk", "mem", "sim". */
const char *spec_api_name(spec_api api);

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

#endif
