/* conf/backend.h — what the runner drives: an implementation of the modelled APIs behind the ONE
 * operations table of rtshm, the public rtshm_backend (rtshm/backend.h).
 *
 * A conf_backend is a bound backend: its rtshm_backend table, the name recorded for it and what it
 * supports. The reference model (sim/) implements rtshm_backend itself (conformance/src/backend_ref.c);
 * a third-party library hands its table over through rtshm_backend_entry (conf_backend_load), and
 * librtshm_reference_backend.so exports the reference's own table. Nothing else adapts one to the
 * other: every backend, in process or loaded, is driven through the one driver below
 * (conformance/src/backend_drive.c), which translates the runner's resolved scenario (spec rows,
 * conf_value, conf_step) into the public, string-named form and the answers back.
 *
 * Contract for every driver operation: fill *out completely (zeroed where nothing applies) and return
 * 0; return -1 only when the backend itself broke (out of memory, a bound, a crash of its logic), with
 * a message in err (the driver writes one naming the backend and the operation when it gave none). */
#ifndef CONF_BACKEND_H
#define CONF_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/scenario.h"
#include "rtshm/backend.h"
#include "spec/functions.h"

/* A bound backend. */
typedef struct conf_backend {
    const rtshm_backend *table;  /* its operations (checked: version, size, required operations) */
    const char *name;            /* recorded as runs.implementation: table->zName */
    unsigned families, events;   /* RTSHM_FAMILY_* / RTSHM_EVENT_* it supports: the table's */
    void *library;               /* the dlopen handle of a loaded library (it stays loaded); NULL in process */
} conf_backend;

/* The reference model, in process: its table, name "reference". */
const conf_backend *conf_backend_reference(void);

/* The reference model's operations table (zName "reference"), the one conf_backend_reference binds
 * and the reference backend library exports under its own name. */
const rtshm_backend *conf_reference_table(void);

/* Loads the backend library at path (rtshm/backend.h) into *out. Returns 0, or -1 with a message in err
 * (cannot load, no rtshm_backend_entry, unknown iVersion or szBackend, a required operation missing).
 * The library stays loaded. */
int conf_backend_load(const char *path, conf_backend *out, char *err, size_t cap);

/* Why sc cannot run on be (a family or event be does not support), into why; false when it can. */
bool conf_backend_unsupported(const conf_backend *be, const conf_scenario *sc, char *why, size_t cap);

/* ---- the driver: one world of a bound backend ---- */

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
 * the runner records as an `event` row right after that step. Its strings point into the world and
 * stay valid until the next conf_world_next_note or conf_world_close. */
typedef struct conf_note {
    int process;              /* the process it happened in, or -1 */
    const char *api;          /* "rtk" */
    const char *function;     /* "RtkRtssAttachEx.shutdown" */
    char args[256];           /* canonical JSON of what identifies it, e.g. {"RtssInst":"0x52540010"} */
    const char *clause;       /* or NULL */
} conf_note;

/* Receives each finding the backend raised during an operation, in the backend's order, right after
 * that operation (clause NULL when it named none). */
typedef void (*conf_finding_fn)(void *ctx, const char *kind, const char *clause, const char *detail);

typedef struct conf_world conf_world;

/* A world of be for sc's topology and processes (rtshm_topology, in file order), its findings going to
 * finding(ctx, ...) (finding may be NULL: dropped). NULL with a message in err on failure. */
conf_world *conf_world_open(const conf_backend *be, const conf_scenario *sc, uint64_t seed, conf_finding_fn finding,
                            void *ctx, char *err, size_t cap);

/* Closes the backend's world and frees w (NULL: nothing). */
void conf_world_close(conf_world *w);

/* Calls fn (by its family's and its own name) as process `process` with args (fn->param_count of
 * them, fn->params order). */
int conf_world_call(conf_world *w, int process, const spec_function *fn, const conf_value *args, conf_outcome *out,
                    char *err, size_t cap);

/* Reads len bytes at va as process `process` into data; writes len bytes of data there. The outcome
 * is a memory access's: family SIM, status OK or ACCESS_VIOLATION (out->fault). */
int conf_world_read(conf_world *w, int process, uint64_t va, size_t len, unsigned char *data, conf_outcome *out,
                    char *err, size_t cap);
int conf_world_write(conf_world *w, int process, uint64_t va, const unsigned char *data, size_t len, conf_outcome *out,
                     char *err, size_t cap);

/* Delivers event step st (process.exit, kernel.stop/start, link.down/up) at its virtual time. The
 * outcome's family is SIM, status OK; its clause is the backend's. */
int conf_world_event(conf_world *w, const conf_step *st, conf_outcome *out, char *err, size_t cap);

/* The next note due after the last operation, into *note: 1, or 0 when there is none. */
int conf_world_next_note(conf_world *w, conf_note *note);

#endif
