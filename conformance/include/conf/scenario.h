/* conf/scenario.h — a scenario file (`rtshm-scenario/1`, conformance/SCENARIO-FORMAT.md), parsed,
 * validated against spec/ and resolved: processes, kernels and variables are indices, functions are
 * spec rows, constants are numbers. A conf_scenario that exists is valid: the runner needs no checks
 * of its own beyond what only execution can tell.
 *
 * Ownership: conf_scenario_load returns a scenario the caller frees with conf_scenario_free; every
 * string and array inside belongs to it. */
#ifndef CONF_SCENARIO_H
#define CONF_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/hmap.h"
#include "spec/functions.h"

/* Input limits, enforced before allocation; hitting one is an input error. */
#define CONF_MAX_FILE_BYTES (64u * 1024 * 1024)
#define CONF_MAX_STEPS 1000000
#define CONF_MAX_ID_CHARS 128
#define CONF_MAX_TITLE_BYTES 512
#define CONF_MAX_STRING_BYTES 65536 /* any string argument (names beyond MAX_PATH are legal input) */
#define CONF_MAX_VARS 4096
#define CONF_MAX_LIST 64            /* clauses, tags */
#define CONF_MAX_STATUSES 8         /* statuses in one expect.status or expect.last_error list */
#define CONF_MAX_ACCESS_BYTES 4096  /* one read or write step */
#define CONF_MAX_VTIME_US (1ull << 53)
#define CONF_MAX_NESTING 64         /* levels of JSON objects and arrays */

/* Files larger than this are not held in memory: their steps are streamed (conf/steps.h). */
#define CONF_HOLD_FILE_BYTES (4u * 1024 * 1024)

typedef enum conf_var_type { CONF_VAR_HANDLE = 0, CONF_VAR_PTR, CONF_VAR_NUMBER, CONF_VAR_BOOL } conf_var_type;

typedef struct conf_var {
    char *name;
    conf_var_type type;
} conf_var;

/* How an argument's value is given. */
typedef enum conf_arg_kind {
    CONF_ARG_NUMBER = 0, /* number, hex, constant expression, boolean, or a default */
    CONF_ARG_NULL,       /* null pointer / null string / null handle */
    CONF_ARG_STRING,     /* a literal string (already unescaped from "$$") */
    CONF_ARG_VAR,        /* "$name" */
    CONF_ARG_OUT,        /* output parameter given a valid pointer (omitted in the file) */
    CONF_ARG_OUT_NULL    /* output parameter passed as NULL */
} conf_arg_kind;

typedef struct conf_arg {
    conf_arg_kind kind;
    uint64_t number;  /* CONF_ARG_NUMBER (signed values are stored two's-complement) */
    char *string;     /* CONF_ARG_STRING */
    int var;          /* CONF_ARG_VAR: index into scenario vars */
} conf_arg;

typedef enum conf_ret_expect {
    CONF_RET_UNCHECKED = 0,
    CONF_RET_NULL,
    CONF_RET_NON_NULL,
    CONF_RET_TRUE,
    CONF_RET_FALSE,
    CONF_RET_NUMBER,
    CONF_RET_VAR_EQ,
    CONF_RET_VAR_NE
} conf_ret_expect;

typedef struct conf_expect {
    bool present;            /* the step has an expect object */
    conf_ret_expect ret;
    uint64_t ret_number;
    int ret_var;
    int status_count;        /* 0 = unchecked; otherwise any of status[] */
    const char *status[CONF_MAX_STATUSES]; /* spec status names (static strings) */
    int last_error_count;
    const char *last_error[CONF_MAX_STATUSES];
    int fault;               /* -1 unchecked, 0 "none", 1 "ACCESS_VIOLATION" */
    unsigned char *data;     /* expected bytes of a read, or NULL */
    size_t data_len;
    char *canonical;         /* canonical JSON of the expect object as written, or NULL */
} conf_expect;

/* The IRQL a driver step states it calls at (`irql`, SCENARIO-FORMAT.md); the Rtk calls document
 * PASSIVE_LEVEL, and a call above it is a hazard (RTK.IRQL). */
typedef enum conf_irql { CONF_IRQL_PASSIVE = 0, CONF_IRQL_APC, CONF_IRQL_DISPATCH, CONF_IRQL_COUNT } conf_irql;

/* "PASSIVE_LEVEL", "APC_LEVEL", "DISPATCH_LEVEL". */
const char *conf_irql_name(int irql);

typedef enum conf_step_kind { CONF_STEP_CALL = 0, CONF_STEP_READ, CONF_STEP_WRITE, CONF_STEP_EVENT } conf_step_kind;
typedef enum conf_event_kind {
    CONF_EVENT_PROCESS_EXIT = 0,
    CONF_EVENT_KERNEL_STOP,
    CONF_EVENT_KERNEL_START,
    CONF_EVENT_LINK_DOWN,
    CONF_EVENT_LINK_UP
} conf_event_kind;

typedef struct conf_step {
    int index;               /* position in the file's steps[] */
    uint64_t vtime_us;       /* when it runs (its `at`, or the previous step's time) */
    conf_step_kind kind;
    int process;             /* acting process index; for events, the process the event names */
    /* CONF_STEP_CALL */
    const spec_function *fn;
    conf_arg args[SPEC_MAX_PARAMS];      /* in fn->params order; omitted inputs hold their default */
    int out_var[SPEC_MAX_PARAMS];        /* var bound to each output parameter, -1 none */
    int out_return_var;                  /* var bound to the return value, -1 none */
    int irql;                            /* a driver step's `irql`: CONF_IRQL_* (PASSIVE_LEVEL when omitted) */
    /* CONF_STEP_READ / CONF_STEP_WRITE */
    conf_arg ptr;            /* CONF_ARG_VAR or CONF_ARG_NUMBER */
    uint64_t offset;
    size_t length;           /* read length, or bytes in data */
    unsigned char *data;     /* bytes to write */
    /* CONF_STEP_EVENT */
    conf_event_kind event;
    int kernel;              /* kernel.stop / kernel.start: the kernel's index */
    int link_a, link_b;      /* link.down / link.up: the two nodes' indices */
    conf_expect expect;
} conf_step;

typedef struct conf_node_spec {
    char *id;
    bool windows;
    uint64_t va_limit_bytes;
    uint32_t page_size;
} conf_node_spec;

/* What an RT kernel is. The values are those of the public RTSHM_KERNEL_* (rtshm/backend.h); the
 * static asserts in conformance/src/families.c keep them so. */
typedef enum conf_kernel_kind { CONF_KERNEL_INTIME = 0, CONF_KERNEL_RTX64 = 1 } conf_kernel_kind;

typedef struct conf_kernel_spec {
    char *id;
    conf_kernel_kind kind;
    bool running;            /* state at the start: "running" (true) or "stopped" */
    int node;
    bool shares_memory;
    uint64_t memory_bytes, pool_bytes;
} conf_kernel_spec;

typedef struct conf_link_spec {
    int a, b;
    bool up;
} conf_link_spec;

typedef enum conf_process_kind { CONF_PROC_WINDOWS = 0, CONF_PROC_RT, CONF_PROC_DRIVER } conf_process_kind;

typedef struct conf_process_spec {
    char *id;
    conf_process_kind kind;
    int node;
    int kernel;              /* rt: its kernel; windows: the INtime kernel iwin32x reaches, or -1 */
} conf_process_spec;

typedef struct conf_scenario {
    char *path;              /* as given on the command line */
    char sha256[65];         /* of the file's bytes */
    char *id, *title;
    char **clauses;
    int clause_count;
    char **tags;
    int tag_count;
    conf_node_spec *nodes;
    int node_count;
    conf_kernel_spec *kernels;
    int kernel_count;
    conf_link_spec *links;
    int link_count;
    conf_process_spec *processes;
    int process_count;
    conf_var *vars;
    int var_count;
    sim_hmap var_names;      /* variable name -> its index + 1 (lookups while parsing, O(1)) */
    /* The steps, in file order: held in steps[] (small files), or — when steps is NULL — streamed
     * again from the file at each pass, one at a time (stream). Read them with conf/steps.h. */
    conf_step *steps;
    int step_count;
    struct conf_step_stream *stream;
} conf_scenario;

/* How conf_scenario_load_mode treats the steps: AUTO holds them for files of at most
 * CONF_HOLD_FILE_BYTES and streams larger ones; HOLD and STREAM force one way (tests, benchmarks). */
typedef enum conf_load_mode { CONF_LOAD_AUTO = 0, CONF_LOAD_HOLD, CONF_LOAD_STREAM } conf_load_mode;

/* Reads, parses and validates the scenario file at path. On success returns 0 and the scenario in
 * *out. On bad input returns -1 and writes "path:line:col: json.path: what was expected" to err
 * (line:col where known); *out is then NULL and nothing is left allocated. */
int conf_scenario_load(const char *path, conf_scenario **out, char *err, size_t err_cap);

/* What conf_scenario_load* and conf_scenario_parse return, besides 0 and -1, when memory ran out while
 * loading: the message says "out of memory" and nothing about the file's validity. */
#define CONF_LOAD_NO_MEMORY (-2)

/* conf_scenario_load with an explicit mode. Both modes accept exactly the same files, give the same
 * scenario and word errors the same way. */
int conf_scenario_load_mode(const char *path, conf_load_mode mode, conf_scenario **out, char *err, size_t err_cap);

/* The same from bytes already in memory (path is only used in messages); steps are held. */
int conf_scenario_parse(const char *path, const char *text, size_t len, conf_scenario **out, char *err,
                        size_t err_cap);

/* conf_scenario_parse for a text rtshm printed itself (rtshm explore's generated scenarios, ex_print): the
 * same checks and the same scenario, but neither the SHA-256 of the text (sc->sha256 stays "": such a
 * scenario is never recorded as a file) nor the scan for duplicate keys, NUL escapes and bad UTF-8 that a
 * printer which writes each key once, from valid strings, cannot produce (about a quarter of a parse).
 * Never for text from a file, a user or another process. */
int conf_scenario_parse_generated(const char *path, const char *text, size_t len, conf_scenario **out, char *err,
                                  size_t err_cap);

void conf_scenario_free(conf_scenario *sc);

#endif
