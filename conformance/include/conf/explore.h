/* conf/explore.h — `rtshm explore`: generated scenarios, the differential oracle and shrinking.
 *
 * A generated scenario (ex_scenario) is a small program over one fixed world template (the nodes,
 * kernels, link and processes below; each scenario keeps a subset of them): calls, memory reads and
 * writes and events, its arguments drawn from the variables earlier steps bound and from a boundary
 * strategy per parameter (README "Exploring"). It prints as `rtshm-scenario/1` JSON text (ex_print),
 * so the parser validates it like any file and a shrunk result is simply a file.
 *
 * The oracle (explore_oracle.c): the scenario runs on the reference model in process (ex_reference),
 * which gives every step's outcome and checks the model's invariants after every step; those outcomes
 * become the scenario's `expect` (completion), and the completed scenario runs on the implementation
 * judged by the reference (the runner with the reference as oracle, in process for the reference and
 * in a child per scenario for a library), so a difference is FAIL or DIVERGE by the reference clause's
 * level exactly as `rtshm validate` judges. Handles, pointers and instances are compared through the
 * variables each side binds (v1 on the reference is v1 on the implementation: the bijection is built as
 * the run goes), never by raw number.
 *
 * Determinism: the generator draws only from sim/prng.h seeded by (seed, scenario number); nothing
 * depends on the wall clock, addresses or --jobs. */
#ifndef CONF_EXPLORE_H
#define CONF_EXPLORE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/backend.h"
#include "conf/scenario.h"

#define EX_MAX_STEPS 64    /* steps of one generated scenario (--max-steps at most this) */
#define EX_MAX_NAMES 8     /* the per-scenario name pool */
#define EX_NAME_CAP 1200   /* bytes of one name (MAX_PATH + 2 characters of up to 4 bytes) */
#define EX_MAX_VARS 256    /* variables one scenario binds */
#define EX_MAX_DATA 8      /* bytes of one generated write */

/* The world template: processes by index (ex_process_id), kernels NodeA, RTSS, NodeB (the remote kernel
 * on node ctl2, linked to host; only when ex_scenario.remote). */
enum { EX_PROC_COUNT = 8, EX_KERNEL_COUNT = 3 };
enum { EX_KERNEL_NODEA = 0, EX_KERNEL_RTSS = 1, EX_KERNEL_NODEB = 2 };

/* The template process `i`'s id ("win", "rt2", ...), its kind (conf_process_kind) and, for an rt
 * process, its kernel (EX_KERNEL_*; -1 otherwise). */
const char *ex_process_id(int i);
int ex_process_kind(int i);
int ex_process_kernel(int i);

typedef enum ex_val_kind {
    EXV_OMIT = 0, /* not given: its default (an output: a valid pointer) */
    EXV_NUM,      /* a number (sym: the constant expression it was drawn as, or NULL) */
    EXV_NULL,     /* null */
    EXV_STR,      /* the name pool's entry `index` */
    EXV_VAR       /* the variable `index` ("$v<index>") */
} ex_val_kind;

typedef struct ex_val {
    ex_val_kind kind;
    int64_t num;        /* EXV_NUM (a LONG may be negative) */
    const char *sym;    /* EXV_NUM drawn as a constant ("PAGE_READONLY"), printed as such; or NULL */
    int index;          /* EXV_STR: pool entry; EXV_VAR: variable */
} ex_val;

typedef struct ex_step {
    conf_step_kind kind;
    bool has_at;                    /* `at` is written (else the step runs at the previous step's time) */
    uint64_t at_us;                 /* its `at`: never below the time an earlier step reached */
    bool has_irql;                  /* an Rtk call's `irql` is written (else PASSIVE_LEVEL, RTK.IRQL) */
    int irql;                       /* its `irql`: CONF_IRQL_* */
    int process;                    /* template process (calls, memory steps, process.exit) */
    int fn;                         /* calls: the spec row (SPEC_FN_*) */
    ex_val args[SPEC_MAX_PARAMS];   /* calls: in the row's parameter order */
    int ret_var;                    /* calls: variable bound to the return value, or -1 */
    int out_var[SPEC_MAX_PARAMS];   /* calls: variable bound to each output parameter, or -1 */
    ex_val ptr;                     /* memory steps: a variable or a number */
    uint64_t offset;
    uint32_t length;                /* read length, or bytes in data */
    unsigned char data[EX_MAX_DATA];
    conf_event_kind event;          /* events */
    int kernel;                     /* kernel.stop / kernel.start: EX_KERNEL_* */
} ex_step;

typedef struct ex_scenario {
    uint64_t seed;                  /* the scenario's own seed (ex_scenario_seed) */
    unsigned procs;                 /* bit i: template process i is declared */
    bool remote;                    /* node ctl2, kernel NodeB and the link host-ctl2 are declared */
    int step_count;
    ex_step steps[EX_MAX_STEPS];
    int name_count;
    char names[EX_MAX_NAMES][EX_NAME_CAP];
    int var_count;                  /* variables are v0 .. v<var_count-1> */
} ex_scenario;

/* What to generate. */
typedef struct ex_gen_opts {
    int max_steps;        /* 1 .. EX_MAX_STEPS */
    unsigned families;    /* SPEC_API_* bits of the families calls are drawn from (0: every family) */
} ex_gen_opts;

/* The seed of scenario number `index` of an explore run with seed `seed`. */
uint64_t ex_scenario_seed(uint64_t seed, uint64_t index);

/* Generates the scenario of seed `scenario_seed` into *out (deterministic in the seed and opts). */
void ex_generate(uint64_t scenario_seed, const ex_gen_opts *opts, ex_scenario *out);

/* ---- printing ---- */

/* The reference's outcome of one step, as the completion writes it into `expect`. */
typedef struct ex_expect {
    bool present;             /* an expect object is written (calls and memory steps) */
    const char *ret;          /* "null", "non-null", "true", "false", or NULL: ret_number / none */
    bool has_ret_number;
    uint64_t ret_number;
    const char *ret_name;     /* a status name for a STATUS return, or NULL */
    char ret_var[72];         /* a variable's name: "return": "$<ret_var>"; "" none */
    const char *status;       /* status name, or NULL */
    const char *last_error;   /* or NULL */
    int fault;                /* -1 unchecked, 0 none, 1 ACCESS_VIOLATION */
    bool has_data;
    unsigned char data[CONF_MAX_ACCESS_BYTES];
    size_t data_len;
} ex_expect;

/* The header of a printed scenario. */
typedef struct ex_header {
    const char *id;           /* [a-z0-9][a-z0-9._-]* */
    const char *title;        /* one line */
    const char *const *clauses;
    int clause_count;
} ex_header;

/* The scenario as rtshm-scenario/1 JSON text (allocated, NUL-terminated; free it), with expectations
 * when expects is not NULL (one per step). Only variables some later step uses are bound. NULL when
 * out of memory. */
char *ex_print(const ex_scenario *s, const ex_header *h, const ex_expect *expects);

/* The expect object e stands for, for a step of kind `kind`, as JSON text ("{...}"; allocated, free
 * it), or NULL when out of memory. */
char *ex_expect_json(conf_step_kind kind, const ex_expect *e);

/* ---- the oracle ---- */

/* What the reference gave for a scenario. */
typedef struct ex_reference {
    ex_expect *expects;        /* one per step (allocated; ex_reference_free) */
    int step_count;
    const char *clauses[128];  /* distinct clauses the reference reported, in first-seen order */
    int clause_count;
    bool invariant_broken;     /* sim_world_check failed, or a live object nobody holds (a leak), after
                                  step invariant_step */
    int invariant_step;
    char message[256];         /* why the reference could not run it, or "" */
} ex_reference;

/* Runs sc on the reference model in process, step by step: each step's outcome into ref->expects
 * (the expectation the completion writes), sim_world_check after every step and at the end. Returns 0,
 * or -1 (message in ref->message) when the reference failed a step itself (out of memory). */
int ex_reference_run(const conf_scenario *sc, uint64_t seed, ex_reference *ref);
void ex_reference_free(ex_reference *ref);

/* How a scenario differed on the implementation: the first FAIL (else the first DIVERGE, else how
 * the child ended) — what shrinking keeps. */
typedef struct ex_divergence {
    bool differs;
    char verdict[16];          /* FAIL, DIVERGE, CRASH, TIMEOUT, ERROR, INVARIANT */
    int step;                  /* its step index (-1 unknown) */
    const char *function;      /* its function ("RtCreateSharedMemory", "read", ...) or NULL */
    const char *clause;        /* the deciding clause, or NULL */
    unsigned mismatches;       /* CONF_MISMATCH_* bits */
    char message[768];
} ex_divergence;

/* True when a and b are the same divergence: verdict, clause and fields. */
bool ex_divergence_same(const ex_divergence *a, const ex_divergence *b);

/* The fields of mismatches as text ("status", "return+last_error", "fault"). */
const char *ex_mismatch_text(unsigned mismatches, char *buf, size_t cap);

/* ---- the explorer: generating, judging, shrinking ---- */

typedef struct ex_engine ex_engine;

typedef struct ex_engine_opts {
    const char *impl;          /* NULL or "reference": the reference in process; else a backend library */
    unsigned timeout_s;        /* per scenario on a library */
    unsigned jobs;             /* children at once on a library */
    uint64_t seed;             /* the run's seed (the world seed of every scenario's run) */
    volatile sig_atomic_t *interrupted; /* or NULL: when it becomes nonzero, judging stops */
    /* Tests and benchmarks only: a backend already bound in this process (conf_backend_load), run in
     * process instead of isolated; impl is then only its name. NULL: as impl says. */
    const conf_backend *in_process;
    /* true: the scenario judged is always the completed text parsed again (the route before the bare
     * scenario was completed in place; tests compare the two). */
    bool reparse;
} ex_engine_opts;

/* Starts an engine (nothing is loaded until the first batch). NULL when out of memory. */
ex_engine *ex_engine_new(const ex_engine_opts *opts);
void ex_engine_free(ex_engine *e);

/* The implementation's name (the library's zName once one batch ran; "reference" in process). */
const char *ex_engine_impl_name(const ex_engine *e);

/* One scenario through the oracle: generated text -> reference run -> completed text -> the
 * implementation judged by the reference. */
typedef struct ex_case {
    ex_scenario *scenario;     /* borrowed */
    char *completed;           /* the completed JSON text (allocated) */
    conf_scenario *parsed;     /* the completed scenario, parsed (owned) */
    ex_reference ref;
    ex_divergence div;
    bool invalid;              /* the text did not parse (a shrink candidate that broke a use) */
    char invalid_message[512];
    int steps_run;
} ex_case;

/* Judges n cases (their scenario set, the rest filled here): each printed with header h (NULL: a
 * generic one), completed from the reference and run on the implementation. With stop_at_first, stops
 * after the first case whose divergence equals *want (the later cases are left unjudged: differs
 * false, invalid true). Returns 0, or -1 with a message in err when the implementation cannot be run
 * at all (the library does not load) or the run was interrupted. */
int ex_judge(ex_engine *e, ex_case *cases, int n, const ex_header *h, const ex_divergence *want, char *err, size_t cap);
void ex_case_clear(ex_case *c);

/* Shrinks *s (which diverges as *div) in place while it keeps diverging the same way: steps (delta
 * debugging), processes and the remote kernel, arguments toward their simplest values, names toward
 * short ones, unused bindings. *rounds receives the number of judged candidates. Returns 0, or -1 with
 * a message in err. */
int ex_shrink(ex_engine *e, ex_scenario *s, const ex_divergence *div, int *rounds, char *err, size_t cap);

/* ---- completion of a hand-written file (`rtshm complete`) ---- */

/* The text of the scenario file `text` (len bytes, loaded as sc) with every call's and memory step's
 * `expect` replaced by (or, when it has none, given) the reference's outcome, the rest of the text as it
 * was. Allocated; NULL with a message in err. */
char *ex_complete_text(const char *path, const char *text, size_t len, const conf_scenario *sc, uint64_t seed,
                       char *err, size_t cap);

#endif
