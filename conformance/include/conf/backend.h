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
    const rtshm_backend *table;  /* its operations (checked: version, size, required operations); only
                                    the fields of `version` are read (a version 1 table ends earlier) */
    const char *name;            /* recorded as runs.implementation: table->zName */
    unsigned families, events;   /* RTSHM_FAMILY_* / RTSHM_EVENT_* it supports: the table's */
    void *library;               /* the dlopen handle of a loaded library (it stays loaded); NULL in process */
    int version;                 /* the table's iVersion: 1 or 2 */
    /* Per row of spec's function table (SPEC_FN_*): true when xSupports said the backend does not
     * implement it (asked once, at load). All false for a backend without xSupports. */
    bool unsupported_fn[SPEC_FN_COUNT];
} conf_backend;

/* The reference model, in process: its table, name "reference". */
const conf_backend *conf_backend_reference(void);

/* The reference model's operations table (zName "reference"), the one conf_backend_reference binds
 * and the reference backend library exports under its own name. */
const rtshm_backend *conf_reference_table(void);

/* Loads the backend library at path (rtshm/backend.h) into *out. Returns 0, or -1 with a message in err
 * (cannot load, no rtshm_backend_entry, unknown iVersion or szBackend, a required operation missing, a
 * name that is not a terminated UTF-8 string, an xSupports answer other than 0 or 1). Asks xSupports
 * (version 2) about every function of the declared families. The library stays loaded. */
int conf_backend_load(const char *path, conf_backend *out, char *err, size_t cap);

/* Binds table (a version 1 or 2 rtshm_backend, named name) into *out without a library: what
 * conf_backend_load does after dlsym. Returns 0, or -1 with a message (prefixed by `where`) in err. */
int conf_backend_bind(const rtshm_backend *table, const char *where, conf_backend *out, char *err, size_t cap);

/* Why step st cannot run on be, into why (no step number: "<backend> does not support the ntx family",
 * "... does not support rtk:RtkRtssAttachEx", "... does not support the event link.down"); false
 * when be supports what st does. Memory steps are always supported. */
bool conf_backend_step_unsupported(const conf_backend *be, const conf_step *st, char *why, size_t cap);

/* Whether sc has nothing meaningful left to run on be: no call with an `expect` would run (the others
 * unsupported, or depending on a skipped step), or an event it cannot deliver is skipped — the runner's
 * rule, run_prov.h. Then the first skipped step's reason, "<why> (step N: <function>)", is in why. False when something is left (the runner then
 * skips step by step) or the steps cannot be read (the run reports that). */
bool conf_backend_unsupported(const conf_backend *be, const conf_scenario *sc, char *why, size_t cap);

/* ---- the driver: one world of a bound backend ---- */

/* A resolved argument. Pointers and handles are numbers; NULL is is_null. */
typedef struct conf_value {
    bool is_null;
    uint64_t number;
    const char *string;  /* SPEC_T_STRING, or NULL */
    bool out_valid;      /* an output parameter given a valid pointer */
} conf_value;

/* Bits of conf_outcome.opaque: rtshm_outcome.opaque's (RTSHM_OPAQUE_RET, RTSHM_OPAQUE_OUTPUT(i)). */
#define CONF_OPAQUE_RET RTSHM_OPAQUE_RET
#define CONF_OPAQUE_OUTPUT(i) RTSHM_OPAQUE_OUTPUT(i)

typedef struct conf_outcome {
    uint64_t ret;                          /* the raw return value (calls) */
    spec_family family;                    /* status family */
    uint32_t status;                       /* status the step produced */
    bool has_last_error;                   /* the API has a last-error slot */
    uint32_t last_error;                   /* the slot after the step */
    uint64_t outputs[SPEC_MAX_PARAMS];     /* values stored through output parameters */
    bool fault;                            /* memory steps: ACCESS_VIOLATION */
    const char *clause;                    /* the clause behind the outcome, where the backend knows it
                                              (the catalogue's own string: validated, never the backend's) */
    bool has_native_error;                 /* interface v2: the implementation's own code, beside status */
    int64_t native_error;
    char native_error_kind[16];            /* "errno", "HRESULT", ...; "" without one */
    uint32_t opaque;                       /* CONF_OPAQUE_* bits: values that are real addresses */
} conf_outcome;

/* Something the implementation did by itself as a consequence of a step (a callback running), which
 * the runner records as an `event` row right after that step. Its strings point into the world and
 * stay valid until the next operation or conf_world_close. The driver takes (and validates) every note
 * of an operation right after it: a note the backend got wrong fails that operation. */
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

/* The backend's own world inside w (what its xOpen returned): `rtshm explore` checks the reference
 * model's invariants through it (conformance/src/explore_oracle.c). */
void *conf_world_inner(const conf_world *w);

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

/* The next note due after the last operation, into *note: 1, or 0 when there is none (the notes were
 * taken and checked when the operation ended: see conf_note). */
int conf_world_next_note(conf_world *w, conf_note *note);

/* The reference model's sim world behind w, when w was opened on conf_backend_reference(); NULL for any other
 * backend. For code that drives the reference and needs to see its state (librtshm_emu: the views it mirrors
 * with real memory). Read it between operations; change it only through w. */
struct sim_world;
struct sim_world *conf_world_reference_sim(const conf_world *w);

#endif
