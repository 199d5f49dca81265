/* sim/emu/src/emu_int.h — librtshm_emu's modules, private to sim/emu/src:
 *   emu_core.c    the one world, its lock, the thread's process, the call path every vendor function takes
 *                 (emu_call), RtkRtssAttachEx's routines, findings;
 *   emu_steps.c   events, recorded accesses and the scenario file (the control API's other steps);
 *   emu_utf16.c   UTF-16 names to UTF-8;
 *   emu_mem.c     the real memory behind the model's views (memfd per object, a mapping with guard pages per
 *                 view) and the translation of addresses between the host and the model;
 *   emu_record.c  the steps recorded so far, as rtshm-scenario/1 JSON: variables, expectations, the scenario
 *                 text and the trace written from it;
 *   emu_ntx.c, emu_rt.c, emu_iwin32.c, emu_rtx64.c, emu_rtk.c  the vendor functions: their arguments
 *                 marshalled to the row of spec/functions.def, and the result back in the vendor's types.
 * Every entry point of the library takes the lock (emu_lock) before it reads or changes anything here. */
#ifndef EMU_INT_H
#define EMU_INT_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/backend.h"
#include "conf/scenario.h"
#include "rtshm_emu.h"
#include "sim/world.h"
#include "spec/functions.h"

/* ---- core (emu_core.c) ---- */

/* Sets the control API's error, rtshm_emu_error() (printf-style); returns -1 for `return emu_fail(...)`. */
int emu_fail(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* The process the calling thread acts as in the open world, or -1 (none, or one set for an earlier world).
 * Called with the lock held. */
int emu_current(void);

/* The index of the process, kernel or node `id` (NULL: none) in the open world's topology, or -1. */
int emu_process_index(const char *id);
int emu_kernel_index(const char *id);
int emu_node_index(const char *id);

/* An RtkRtssAttachEx routine of a driver process, by instance value. */
typedef struct emu_callback {
    uint64_t inst;
    int process;
    void (*routine)(void *context, int32_t reason);
    void *context;
} emu_callback;

#define EMU_MAX_PENDING 1024

/* Routines to run once the lock is released (at most EMU_MAX_PENDING per operation). */
typedef struct emu_pending {
    emu_callback call[EMU_MAX_PENDING];
    int count;
} emu_pending;

/* Takes the notes the last operation raised (the lock is held): each shutdown of an instance with a registered
 * routine is queued in *pending. */
void emu_take_notes(emu_pending *pending);

/* Runs the queued routines without the lock, each with the thread acting as the driver that registered it. */
void emu_run_pending(const emu_pending *pending);

/* What a vendor call gave: the model's outcome and the values as the caller sees them (a host pointer for a
 * returned or stored pointer; other values as the model gave them). */
typedef struct emu_result {
    conf_outcome o;
    uint64_t ret;
    uint64_t outputs[SPEC_MAX_PARAMS];
} emu_result;

/* Runs row `row` with args (in the row's parameter order; PTR parameters hold host pointers, translated
 * here) as the calling thread's process, records it and fills *r. Returns 0, or -1 when the call was refused
 * (no world, no process, the process ended, its kind may not make the call: a finding 'call-refused') or the
 * model failed (out of memory): the caller returns its failure value. */
int emu_call(spec_fn_row row, const conf_value *args, emu_result *r);

/* emu_call for a function whose only result is its return value: that value (a host pointer for a PTR
 * return), or `failure` (in the model's terms: 0 for NULL or FALSE, 0xFFFFFFFFFFFFFFFF for NTX_BAD_NTXHANDLE
 * and NTX_UNDEFINED_LOCATION, 0xFFFFFFFF for FreeRtMemory's -1) when the call was refused. */
uint64_t emu_call_ret(spec_fn_row row, const conf_value *args, uint64_t failure);

/* Registers RtkRtssAttachEx's routine for instance inst of the calling thread's process: the core calls it
 * (without the lock, the thread acting as that driver) when the model raises the instance's shutdown note. */
void emu_register_shutdown(uint64_t inst, void (*routine)(void *context, int32_t reason), void *context);

/* conf_value constructors for the vendor functions. */
static inline conf_value emu_num(uint64_t v) {
    return (conf_value){.number = v};
}
static inline conf_value emu_ptr(const void *p) {
    return (conf_value){.is_null = p == NULL, .number = (uint64_t)(uintptr_t)p};
}
static inline conf_value emu_str(const char *s) {
    return (conf_value){.is_null = s == NULL, .string = s};
}
static inline conf_value emu_out(const void *p) {
    return (conf_value){.is_null = p == NULL, .out_valid = p != NULL};
}
static inline conf_value emu_null(void) {
    return (conf_value){.is_null = true};
}

/* (emu_utf16.c) UTF-16 (len code units) to UTF-8, malloc'd; an unpaired surrogate becomes U+FFFD. NULL when out of memory. */
char *emu_utf16_to_utf8(const uint16_t *s, size_t len);

/* The length of the NUL-terminated UTF-16 string s, in code units (at most max, then max). */
size_t emu_utf16_len(const uint16_t *s, size_t max);

/* ---- the state the modules share (emu_core.c owns it) ---- */

typedef struct emu_var {
    char name[16];
    conf_var_type type; /* CONF_VAR_HANDLE or CONF_VAR_PTR */
    uint64_t value;
    int process;        /* who bound it (pointers belong to that process's address space) */
    uint64_t view;      /* pointers: the serial of the view it pointed into when bound (0: none) */
} emu_var;

#define EMU_MAX_VARS 4096
#define EMU_MAX_STEPS 1000000

typedef struct emu_world {
    conf_scenario *topo;    /* the topology and processes (a parsed stub scenario): ids and indices */
    conf_world *world;      /* the reference model, driven like any backend */
    sim_world *sim;         /* its sim world (views, objects, states) */
    cJSON *topology_json;   /* the file's "topology" and "processes", or NULL for the default topology */
    cJSON *processes_json;
    cJSON *steps;           /* recorded steps (rtshm-scenario/1 step objects) */
    int step_count;
    bool truncated;         /* a step or variable bound was reached: the record is incomplete */
    emu_var *vars;
    int var_count;
    int next_handle_var, next_ptr_var;
    uint64_t vtime_us;
    int current_step;       /* the step the running operation will record (findings attach to it) */
    char *trace_path, *scenario_id, *title;
    uint64_t seed;
} emu_world;

extern emu_world *emu_w; /* NULL when no world is open */

void emu_lock(void);
void emu_unlock(void);

/* Adds a finding (kind, clause may be "", printf-style detail) at the current step; aborts when its kind is
 * fatal. Called with the lock held. */
void emu_finding(const char *kind, const char *clause, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* ---- memory (emu_mem.c) ---- */

/* Prepares the translation tables for w's processes. 0, or -1 (out of memory, no address space left). */
int emu_mem_open(int process_count);

/* Brings the real mappings in line with the model after an operation: new views mapped, views gone or whose
 * object was destroyed made inaccessible (PROT_NONE) at the same address. Never fails silently: a mapping the
 * host refuses aborts (the program's memory would lie). */
void emu_mem_sync(const sim_world *w);

/* The model address of host address `host` in process's views (those the model still has, its object alive
 * or not); RTSHM_EMU_FOREIGN_VA with *foreign set when it is in none — a pointer into a view the model unmapped
 * included: the model may have placed another view at that address since, which this pointer never reaches. 0
 * for 0. */
uint64_t emu_mem_to_model(int process, uint64_t host, bool *foreign);

/* The host address of model address va of process: inside a live or dead view of it, or an inaccessible
 * page of the library's when none (so the pointer faults). 0 for 0. */
uint64_t emu_mem_to_host(int process, uint64_t va);

/* The base of process's live view containing model address va and which mapping it is (a serial, never
 * reused in a world): true, or false when no live view contains va. */
bool emu_mem_view_base(int process, uint64_t va, uint64_t *base, uint64_t *serial);

/* Releases every real mapping and memory file. */
void emu_mem_close(void);

/* ---- record (emu_record.c) ---- */

/* Records call fn made by process with args (model values) and outcome o. */
void emu_record_call(int process, const spec_function *fn, const conf_value *args, const conf_outcome *o);

/* Records a read or write of len bytes at model address va by process: data is what was written or read (NULL
 * when it faulted), expect_data whether a read's data goes in its expectation. */
void emu_record_access(int process, bool write, uint64_t va, const unsigned char *data, size_t len, bool fault,
                       bool expect_data);

/* Records event step st. */
void emu_record_event(const conf_step *st);

/* The recorded scenario's text (malloc'd), or NULL with the reason in err. Checks it with the parser. */
char *emu_record_text(char *err, size_t cap);

/* Writes the trace database at path from the recorded scenario (a run of it on the reference model). 0, or -1
 * with the reason in err. */
int emu_record_trace(const char *path, char *err, size_t cap);

#endif
