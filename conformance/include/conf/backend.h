/* conf/backend.h — what the runner drives: an implementation of the modelled APIs.
 *
 * The runner resolves every argument to a conf_value and asks the backend to make the call, access
 * memory or deliver an event; the backend reports a conf_outcome. The reference model (sim/) is one
 * backend (conformance/src/backend_ref.c). This in-process table is the seed of the public, versioned
 * backend interface for third-party implementations.
 *
 * Contract for every operation: fill *out completely (zero what does not apply) and return 0; return
 * -1 only when the backend itself broke (out of memory, bounds), with a message in err. */
#ifndef CONF_BACKEND_H
#define CONF_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/scenario.h"
#include "spec/functions.h"

/* A resolved argument. Pointers and handles are numbers; NULL is is_null. */
typedef struct conf_value {
    bool is_null;
    uint64_t number;
    const char *string;  /* SPEC_T_STRING, or NULL */
    bool out_valid;      /* an output parameter given a valid pointer */
} conf_value;

typedef struct conf_outcome {
    uint64_t ret;                          /* the raw return value (calls) */
    spec_family family;                    /* status family */
    uint32_t status;                       /* status the step produced */
    bool has_last_error;                   /* the API has a last-error slot */
    uint32_t last_error;                   /* the slot after the step */
    uint64_t outputs[SPEC_MAX_PARAMS];     /* values stored through output parameters */
    bool fault;                            /* memory steps: ACCESS_VIOLATION */
    const char *clause;                    /* the clause behind the outcome, where the backend knows it */
} conf_outcome;

/* Something the implementation did by itself as a consequence of a step (a callback running), which
 * the runner records as an `event` row right after that step. */
typedef struct conf_note {
    int process;              /* the process it happened in, or -1 */
    const char *api;          /* "rtk" */
    const char *function;     /* "RtkRtssAttachEx.shutdown" */
    char args[256];           /* canonical JSON of what identifies it, e.g. {"RtssInst":"0x52540010"} */
    const char *clause;
} conf_note;

typedef void (*conf_finding_fn)(void *ctx, const char *kind, const char *clause, const char *detail);

typedef struct conf_backend conf_backend;

struct conf_backend {
    const char *name;                      /* recorded as runs.implementation */
    const void *impl;                      /* the loaded library's rtshm_backend table, or NULL */
    unsigned families, events;             /* RTSHM_FAMILY_* / RTSHM_EVENT_* it supports */
    /* A world for the scenario's topology and processes; NULL with err set on failure. */
    void *(*open)(const conf_backend *self, const conf_scenario *sc, uint64_t seed, conf_finding_fn finding, void *ctx,
                  char *err, size_t cap);
    void (*close)(void *world);
    void (*set_time)(void *world, uint64_t vtime_us);
    int (*call)(void *world, int process, const spec_function *fn, const conf_value *args, conf_outcome *out,
                char *err, size_t cap);
    int (*read)(void *world, int process, uint64_t va, size_t len, unsigned char *data, conf_outcome *out);
    int (*write)(void *world, int process, uint64_t va, const unsigned char *data, size_t len, conf_outcome *out);
    int (*event)(void *world, const conf_step *st, conf_outcome *out, char *err, size_t cap);
    /* The next note due after the last step, into *note: 1, or 0 when there is none. */
    int (*next_note)(void *world, conf_note *note);
};

/* The reference model. */
const conf_backend *conf_backend_reference(void);

/* Loads the backend library at path (rtshm/backend.h) into *out. Returns 0, or -1 with a message in err
 * (cannot load, no rtshm_backend_entry, unknown iVersion or szBackend). The library stays loaded. */
int conf_backend_load(const char *path, conf_backend *out, char *err, size_t cap);

/* Why sc cannot run on be (a family or event be does not support), into why; false when it can. */
bool conf_backend_unsupported(const conf_backend *be, const conf_scenario *sc, char *why, size_t cap);

#endif
