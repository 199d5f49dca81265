/* conformance/src/backend_ref.c — the reference model (sim/) behind the conf_backend table.
 *
 * Builds a sim_world from the scenario's topology (nodes, kernels, links, processes, in file order so
 * process indices match) and runs each call through the adapter of its spec row.
 *
 * The dispatch is generated from spec/functions.def, not written by hand: for every row (FAMILY, Name)
 * an adapter ref_<family>_<Name> calls the sim function sim_<family>_<Name> with the row's parameters
 * marshalled by type (REF_ARG_<TYPE> below; security attributes are not passed: only NULL is
 * modelled), stores the return value unless the row returns VOID, and fills the outcome's status
 * fields. The adapters sit in a table indexed by row (SPEC_FN_<FAMILY>_<Name>), so a call costs one
 * index computation and one indirect call; a row whose sim function is missing, or takes another
 * number of arguments or a pointer where the row has a number, does not compile; and rows and
 * adapters cannot get out of step. A new function is one row in functions.def and its sim function; a
 * new parameter type is one REF_ARG_ line.
 *
 * Out of memory: sim/ counts the allocations it could not make (sim_alloc_failures). When the count
 * grows during an open, call, read, write or event, the model may have given up half-way, so the
 * step's outcome is not trusted: the operation returns -1 ("out of memory in the reference model"),
 * which the runner records as verdict ERROR rather than a wrong status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/backend.h"
#include "rtshm/backend.h"
#include "sim/alloc.h"
#include "sim/api.h"
#include "spec/clause_ids.h"

#define REF_OUT_OF_MEMORY "out of memory in the reference model"

typedef struct ref_world {
    sim_world *w;
    conf_finding_fn finding;
    void *ctx;
} ref_world;

/* True (with the message in err, when there is one) when the model failed an allocation since it had
 * `failures` failures. */
static bool ran_out(uint64_t failures, char *err, size_t cap) {
    if (sim_alloc_failures() == failures) return false;
    if (err && cap) snprintf(err, cap, REF_OUT_OF_MEMORY);
    return true;
}

/* Fills the outcome's status fields from a sim_outcome and the process's last-error slot (none for
 * rtk: the NTSTATUS is all). */
static void finish(conf_outcome *out, const sim_outcome *so, const sim_process *p, spec_api api) {
    out->family = so->family;
    out->status = so->status;
    out->clause = so->clause;
    out->has_last_error = sim_process_last_error(p, api, &out->last_error);
}

/* ---- the adapters, one per row of spec/functions.def ---- */

/* Argument i of a call, as the sim function takes a parameter of that type, with its comma. */
#define REF_ARG_DWORD(i) (uint32_t)a[i].number,
#define REF_ARG_LONG(i) (int32_t)a[i].number,
#define REF_ARG_BOOL(i) a[i].number != 0,
#define REF_ARG_STRING(i) a[i].is_null ? NULL : a[i].string,
#define REF_ARG_HANDLE(i) a[i].is_null ? 0 : a[i].number,
#define REF_ARG_PTR(i) a[i].is_null ? 0 : a[i].number,
#define REF_ARG_ATTRS(i)
#define REF_ARG_OUT_PTR(i) a[i].out_valid ? &out->outputs[i] : NULL,
#define REF_ARG_OUT_HANDLE(i) a[i].out_valid ? &out->outputs[i] : NULL,

/* The sim call as a statement, keeping the return value unless the row returns VOID. */
#define REF_RET_VOID(call) call
#define REF_RET_HANDLE(call) out->ret = call
#define REF_RET_PTR(call) out->ret = call
#define REF_RET_BOOL(call) out->ret = call
#define REF_RET_DWORD(call) out->ret = call
#define REF_RET_STATUS(call) out->ret = call

/* REF_INDICES(params): "REF_I_<name>," per parameter tuple, so the adapter's enum numbers them in
 * order. REF_ARGS(params): each parameter's argument. (Tuple walks: SPEC_PP_CAT in spec/functions.h.) */
#define REF_INDEX(kind, name, type, value, doc) REF_I_##name,
#define REF_INDICES(params) SPEC_PP_CAT(REF_INDEX_A params, _END)
#define REF_INDEX_A(...) SPEC_PP_DEFER(REF_INDEX)(__VA_ARGS__) REF_INDEX_B
#define REF_INDEX_B(...) SPEC_PP_DEFER(REF_INDEX)(__VA_ARGS__) REF_INDEX_A
#define REF_INDEX_A_END
#define REF_INDEX_B_END

#define REF_ARG(kind, name, type, value, doc) REF_ARG_##type(REF_I_##name)
#define REF_ARGS(params) SPEC_PP_CAT(REF_ARG_A params, _END)
#define REF_ARG_A(...) SPEC_PP_DEFER(REF_ARG)(__VA_ARGS__) REF_ARG_B
#define REF_ARG_B(...) SPEC_PP_DEFER(REF_ARG)(__VA_ARGS__) REF_ARG_A
#define REF_ARG_A_END
#define REF_ARG_B_END

/* ref_<family>_<Name> and sim_<family>_<Name> of row (FAMILY, Name). */
#define REF_ADAPTER(family, name) SPEC_PP_CAT(SPEC_PP_CAT(ref_, SPEC_API_LOWER_##family), _##name)
#define REF_SIM_FUNCTION(family, name) SPEC_PP_CAT(SPEC_PP_CAT(sim_, SPEC_API_LOWER_##family), _##name)

/* Runs one row's sim function for p with the arguments a (in spec parameter order) into *out (zeroed
 * by the caller): return value, values stored through output parameters, status fields. */
typedef void (*ref_adapter)(sim_process *p, const conf_value *a, conf_outcome *out);

#define SPEC_FN(family, fn_name, callers, ret, status_family, clause, documented, model, params)         \
    static void REF_ADAPTER(family, fn_name)(sim_process *p, const conf_value *a, conf_outcome *out) {  \
        enum { REF_INDICES(params) REF_I__COUNT };                                                     \
        sim_outcome so = {0};                                                                          \
        (void)a;                                                                                       \
        REF_RET_##ret(REF_SIM_FUNCTION(family, fn_name)(p, REF_ARGS(params) &so));                     \
        finish(out, &so, p, SPEC_API_##family);                                                        \
    }
#include "spec/functions.def"
#undef SPEC_FN

/* The adapter of each row, indexed by SPEC_FN_<FAMILY>_<Name>. */
static const ref_adapter ref_adapters[SPEC_FN_COUNT] = {
#define SPEC_FN(family, fn_name, ...) [SPEC_FN_##family##_##fn_name] = REF_ADAPTER(family, fn_name),
#include "spec/functions.def"
#undef SPEC_FN
};

/* The row implementing fn: its own, or — when fn is a copy, not a row of the table — the row of the
 * same (family, name); -1 when there is none. */
static int row_of(const spec_function *fn) {
    int row = spec_function_index(fn);
    if (row >= 0) return row;
    return spec_function_index(spec_function_find(fn->api, fn->name));
}

/* ---- the conf_backend operations ---- */

static void forward_finding(void *ctx, const char *kind, const char *clause, const char *detail) {
    ref_world *rw = ctx;
    if (rw->finding) rw->finding(rw->ctx, kind, clause, detail);
}

static void ref_close(void *world) {
    ref_world *rw = world;
    if (rw == NULL) return;
    sim_world_free(rw->w);
    free(rw);
}

/* Adds sc's nodes, kernels, links and processes to w in file order; false when one cannot be added
 * (a bound of the model, or memory). */
static bool build_topology(sim_world *w, const conf_scenario *sc) {
    bool ok = true;
    for (int i = 0; ok && i < sc->node_count; i++)
        ok = sim_world_add_node(w, sc->nodes[i].id, sc->nodes[i].windows, sc->nodes[i].va_limit_bytes,
                                sc->nodes[i].page_size) != NULL;
    for (int i = 0; ok && i < sc->kernel_count; i++) {
        const conf_kernel_spec *k = &sc->kernels[i];
        sim_kernel_kind kind = k->kind == CONF_KERNEL_RTX64 ? SIM_KERNEL_RTX64 : SIM_KERNEL_INTIME;
        ok = sim_world_add_kernel(w, k->id, kind, w->nodes[k->node], k->running, k->shares_memory, k->memory_bytes,
                                  k->pool_bytes) != NULL;
    }
    for (int i = 0; ok && i < sc->link_count; i++)
        ok = sim_world_add_link(w, w->nodes[sc->links[i].a], w->nodes[sc->links[i].b], sc->links[i].up) != NULL;
    for (int i = 0; ok && i < sc->process_count; i++) {
        const conf_process_spec *ps = &sc->processes[i];
        sim_process_kind kind = ps->kind == CONF_PROC_WINDOWS ? SIM_PROC_WINDOWS
                                : ps->kind == CONF_PROC_RT    ? SIM_PROC_RT
                                                              : SIM_PROC_DRIVER;
        ok = sim_world_add_process(w, ps->id, kind, w->nodes[ps->node],
                                   ps->kernel >= 0 ? w->kernels[ps->kernel] : NULL) != NULL;
    }
    return ok;
}

/* Builds the world of sc. Returns the backend world (freed by ref_close), or NULL with a message in
 * err when the model ran out of memory or the topology exceeds the model's bounds (nothing is left
 * allocated then). */
static void *ref_open(const conf_backend *self, const conf_scenario *sc, uint64_t seed, conf_finding_fn finding,
                      void *ctx, char *err, size_t cap) {
    (void)self;
    uint64_t failures = sim_alloc_failures();
    ref_world *rw = calloc(1, sizeof *rw);
    if (rw == NULL || (rw->w = sim_world_new(seed)) == NULL) {
        free(rw);
        if (!ran_out(failures, err, cap)) snprintf(err, cap, "out of memory");
        return NULL;
    }
    rw->finding = finding;
    rw->ctx = ctx;
    sim_world_set_finding_sink(rw->w, forward_finding, rw);
    bool built = build_topology(rw->w, sc);
    if (ran_out(failures, err, cap) || !built) {
        if (sim_alloc_failures() == failures) snprintf(err, cap, "the topology exceeds the model's bounds");
        ref_close(rw);
        return NULL;
    }
    return rw;
}

static void ref_set_time(void *world, uint64_t vtime_us) {
    ((ref_world *)world)->w->vtime_us = vtime_us;
}

/* Runs fn for process `process` through the adapter of its row (see the file comment). Returns 0 with
 * the outcome in *out, or -1 with a message in err when the model lacks fn or ran out of memory. */
static int ref_call(void *world, int process, const spec_function *fn, const conf_value *args, conf_outcome *out,
                    char *err, size_t cap) {
    ref_world *rw = world;
    memset(out, 0, sizeof *out);
    int row = row_of(fn);
    if (row < 0) {
        snprintf(err, cap, "the reference model has no implementation of %s:%s", spec_api_name(fn->api), fn->name);
        return -1;
    }
    uint64_t failures = sim_alloc_failures();
    ref_adapters[row](rw->w->processes[process], args, out);
    return ran_out(failures, err, cap) ? -1 : 0;
}

/* The outcome of a memory step. */
static int access_outcome(bool ok, const sim_outcome *so, uint64_t failures, conf_outcome *out) {
    out->fault = !ok;
    out->family = so->family;
    out->status = so->status;
    out->clause = so->clause;
    return ran_out(failures, NULL, 0) ? -1 : 0; /* conf_backend's read and write carry no message */
}

static int ref_read(void *world, int process, uint64_t va, size_t len, unsigned char *data, conf_outcome *out) {
    ref_world *rw = world;
    memset(out, 0, sizeof *out);
    sim_outcome so = {0};
    uint64_t failures = sim_alloc_failures();
    bool ok = sim_mem_read(rw->w->processes[process], va, len, data, &so);
    return access_outcome(ok, &so, failures, out);
}

static int ref_write(void *world, int process, uint64_t va, const unsigned char *data, size_t len, conf_outcome *out) {
    ref_world *rw = world;
    memset(out, 0, sizeof *out);
    sim_outcome so = {0};
    uint64_t failures = sim_alloc_failures();
    bool ok = sim_mem_write(rw->w->processes[process], va, data, len, &so);
    return access_outcome(ok, &so, failures, out);
}

static int ref_event(void *world, const conf_step *st, conf_outcome *out, char *err, size_t cap) {
    ref_world *rw = world;
    memset(out, 0, sizeof *out);
    sim_outcome so = {0};
    uint64_t failures = sim_alloc_failures();
    switch (st->event) {
    case CONF_EVENT_PROCESS_EXIT: sim_process_exit(rw->w->processes[st->process], &so); break;
    case CONF_EVENT_KERNEL_STOP: sim_kernel_stop(rw->w, rw->w->kernels[st->kernel], &so); break;
    case CONF_EVENT_KERNEL_START: sim_kernel_start(rw->w, rw->w->kernels[st->kernel], &so); break;
    case CONF_EVENT_LINK_DOWN:
    case CONF_EVENT_LINK_UP: {
        sim_link *l = sim_world_link(rw->w, rw->w->nodes[st->link_a], rw->w->nodes[st->link_b]);
        if (l) l->up = st->event == CONF_EVENT_LINK_UP;
        sim_outcome_set(&so, SPEC_FAMILY_SIM, ST_OK, CL_NTX_CONTACT);
        break;
    }
    default:
        snprintf(err, cap, "the reference model cannot deliver this event");
        return -1;
    }
    out->family = so.family;
    out->status = so.status;
    out->clause = so.clause;
    return ran_out(failures, err, cap) ? -1 : 0;
}

static int ref_next_note(void *world, conf_note *note) {
    ref_world *rw = world;
    sim_event ev;
    if (!sim_world_next_notification(rw->w, &ev)) return 0;
    memset(note, 0, sizeof *note);
    switch (ev.type) {
    case SIM_NOTE_RTSS_SHUTDOWN: {
        const sim_instance *inst = sim_process_instance(rw->w->processes[ev.a], (int)ev.b);
        if (inst == NULL) return 0;
        note->process = (int)ev.a;
        note->api = "rtk";
        note->function = "RtkRtssAttachEx.shutdown";
        note->clause = CL_RTK_ATTACH_EX_CALLBACK;
        snprintf(note->args, sizeof note->args, "{\"RtssInst\":\"0x%llx\",\"rtss\":\"%s\"}",
                 (unsigned long long)inst->value, inst->rtss->id);
        return 1;
    }
    default: return 0;
    }
}

static const conf_backend reference_backend = {
    "reference",
    NULL,
    /* Every family with rows in spec/functions.def: the reference implements each row. */
    0u
#define SPEC_FN(family, ...) | RTSHM_FAMILY_##family
#include "spec/functions.def"
#undef SPEC_FN
    ,
    RTSHM_EVENT_PROCESS_EXIT | RTSHM_EVENT_KERNEL_STOP | RTSHM_EVENT_LINK,
    ref_open,
    ref_close,
    ref_set_time,
    ref_call,
    ref_read,
    ref_write,
    ref_event,
    ref_next_note,
};

const conf_backend *conf_backend_reference(void) {
    return &reference_backend;
}
