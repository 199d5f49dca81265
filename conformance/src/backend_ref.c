/* conformance/src/backend_ref.c — the reference model (sim/) as an rtshm_backend: the calls and the
 * operations table (the world's operations are in backend_ref_world.c; backend_ref.h).
 *
 * The reference implements the public interface (rtshm/backend.h) itself: the runner drives it through
 * the same driver as any third-party library (conf/backend.h), and librtshm_reference_backend.so
 * exports this very table under its own name.
 *
 * The dispatch is generated from spec/functions.def, not written by hand: for every row (FAMILY, Name)
 * an adapter ref_<family>_<Name> calls the sim function sim_<family>_<Name> with the row's parameters
 * marshalled from rtshm_value by type (REF_ARG_<TYPE> below; security attributes are not passed: only
 * NULL is modelled), stores the return value unless the row returns VOID, and fills the outcome's
 * status fields. The adapters sit in a table indexed by row (SPEC_FN_<FAMILY>_<Name>); a row whose sim
 * function is missing, or takes another number of arguments or a pointer where the row has a number,
 * does not compile; and rows and adapters cannot get out of step. A new function is one row in
 * functions.def and its sim function; a new parameter type is one REF_ARG_ line.
 *
 * xCall names the function by strings (api, function). The row is found in O(1) by the two pointers
 * when they are spec/'s own (the runner passes spec_api_name(fn->api) and fn->name): a table built
 * once maps each row's pair of name pointers to the row. Any other pointers (a third-party caller's
 * strings) fall back to the exact lookup by name, so every caller gets the same row for the same
 * names: an address selects a row only when it is that row's own (never changing) string, never by
 * what a caller's buffer happens to hold. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend_ref.h"
#include "conf/backend.h"
#include "rtshm/backend.h"
#include "sim/alloc.h"
#include "sim/api.h"
#include "spec/clause_ids.h"

_Static_assert(RTSHM_MAX_ARGS == SPEC_MAX_PARAMS, "a call's arguments and outputs fit the public arrays");

/* Fills the outcome's status fields from a sim_outcome and the process's last-error slot (none for
 * rtk: the NTSTATUS is all). */
static void finish(rtshm_outcome *out, const sim_outcome *so, const sim_process *p, spec_api api) {
    out->family = (uint32_t)so->family;
    out->status = so->status;
    out->clause = so->clause;
    out->has_last_error = sim_process_last_error(p, api, &out->last_error);
}

/* ---- the adapters, one per row of spec/functions.def ---- */

/* Argument i of a call, as the sim function takes a parameter of that type, with its comma. */
#define REF_ARG_DWORD(i) (uint32_t)a[i].number,
#define REF_ARG_LONG(i) (int32_t)a[i].number,
#define REF_ARG_BOOL(i) a[i].number != 0,
#define REF_ARG_STRING(i) a[i].kind == RTSHM_V_STRING ? a[i].string : NULL,
#define REF_ARG_HANDLE(i) a[i].kind == RTSHM_V_NULL ? 0 : a[i].number,
#define REF_ARG_PTR(i) a[i].kind == RTSHM_V_NULL ? 0 : a[i].number,
#define REF_ARG_ATTRS(i)
#define REF_ARG_OUT_PTR(i) a[i].kind == RTSHM_V_OUT ? &out->outputs[i] : NULL,
#define REF_ARG_OUT_HANDLE(i) a[i].kind == RTSHM_V_OUT ? &out->outputs[i] : NULL,

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
typedef void (*ref_adapter)(sim_process *p, const rtshm_value *a, rtshm_outcome *out);

#define SPEC_FN(family, fn_name, callers, ret, status_family, clause, documented, model, params)           \
    static void REF_ADAPTER(family, fn_name)(sim_process *p, const rtshm_value *a, rtshm_outcome *out) { \
        enum { REF_INDICES(params) REF_I__COUNT };                                                       \
        sim_outcome so = {0};                                                                            \
        (void)a;                                                                                         \
        REF_RET_##ret(REF_SIM_FUNCTION(family, fn_name)(p, REF_ARGS(params) & so));                      \
        finish(out, &so, p, SPEC_API_##family);                                                          \
    }
#include "spec/functions.def"
#undef SPEC_FN

/* The adapter of each row, indexed by SPEC_FN_<FAMILY>_<Name>. */
static const ref_adapter ref_adapters[SPEC_FN_COUNT] = {
#define SPEC_FN(family, fn_name, ...) [SPEC_FN_##family##_##fn_name] = REF_ADAPTER(family, fn_name),
#include "spec/functions.def"
#undef SPEC_FN
};

/* ---- the row of (api, function) ---- */

/* What xCall needs of a row: its adapter and its parameter count. */
typedef struct ref_row {
    ref_adapter adapter;
    int param_count;
} ref_row;

#define REF_SLOT_BITS 8
#define REF_SLOTS (1u << REF_SLOT_BITS)
_Static_assert(2 * SPEC_FN_COUNT <= REF_SLOTS, "the row table stays at most half full: raise REF_SLOT_BITS");

/* A row by the addresses of its family's name and its own name (open addressing; name NULL: empty). */
typedef struct ref_slot {
    const char *api, *name;
    const ref_row *row;
} ref_slot;

static ref_row ref_rows[SPEC_FN_COUNT];
static ref_slot ref_slots[REF_SLOTS];
static pthread_once_t ref_rows_once = PTHREAD_ONCE_INIT;

/* The home slot of the pair (api, name) of addresses (which slot holds a row depends on where the
 * strings lie, never the row found: nothing recorded depends on it). */
static unsigned slot_of(const char *api, const char *name) {
    uint64_t key = (uint64_t)(uintptr_t)name ^ ((uint64_t)(uintptr_t)api << 17);
    return (unsigned)((key * 0x9E3779B97F4A7C15ull) >> (64 - REF_SLOT_BITS));
}

/* Fills ref_rows and ref_slots from every row of spec/functions.def. */
static void build_rows(void) {
    for (int i = 0; i < SPEC_FN_COUNT; i++) {
        const spec_function *fn = spec_function_row((spec_fn_row)i);
        ref_rows[i] = (ref_row){ref_adapters[i], fn->param_count};
        const char *api = spec_api_name(fn->api);
        unsigned s = slot_of(api, fn->name);
        while (ref_slots[s].name != NULL) s = (s + 1) & (REF_SLOTS - 1);
        ref_slots[s] = (ref_slot){api, fn->name, &ref_rows[i]};
    }
}

void ref_rows_init(void) {
    pthread_once(&ref_rows_once, build_rows);
}

/* The row implementing function `function` of family `api`: by the strings' addresses when they are
 * spec/'s, else by their text; NULL when the reference has none. */
static const ref_row *row_of(const char *api, const char *function) {
    for (unsigned s = slot_of(api, function); ref_slots[s].name != NULL; s = (s + 1) & (REF_SLOTS - 1))
        if (ref_slots[s].name == function && ref_slots[s].api == api) return ref_slots[s].row;
    spec_api family;
    if (api == NULL || function == NULL || !spec_api_by_name(api, &family)) return NULL;
    int index = spec_function_index(spec_function_find(family, function));
    return index < 0 ? NULL : &ref_rows[index];
}

/* xCall: runs (api, function) for process `process` through the adapter of its row (see the file
 * comment). Returns 0 with the outcome in *out, or -1 with a message in err when the model has no such
 * function, argc is not its parameter count, the process does not exist, or the model ran out of
 * memory. The row table was built by xOpen (ref_rows_init), which made the world. */
static int ref_call(void *world, int process, const char *api, const char *function, int argc, const rtshm_value *argv,
                    rtshm_outcome *out, char *err, size_t cap) {
    ref_world *rw = world;
    memset(out, 0, sizeof *out);
    ref_new_operation(rw);
    const ref_row *row = row_of(api, function);
    if (row == NULL) {
        snprintf(err, cap, "the reference model has no implementation of %s:%s", api ? api : "(null)",
                 function ? function : "(null)");
        return -1;
    }
    if (argc != row->param_count || (argc > 0 && argv == NULL)) {
        snprintf(err, cap, "the reference model's %s:%s takes %d arguments, not %d", api, function, row->param_count,
                 argc);
        return -1;
    }
    sim_process *p = ref_process(rw, process, err, cap);
    if (p == NULL) return -1;
    uint64_t failures = sim_alloc_failures();
    row->adapter(p, argv, out);
    return ref_ran_out(failures, err, cap) ? -1 : 0;
}

/* ---- the table ---- */

/* Every family with rows in spec/functions.def (the reference implements each row), and every event. */
enum {
    REF_FAMILIES = 0u
#define SPEC_FN(family, ...) | RTSHM_FAMILY_##family
#include "spec/functions.def"
#undef SPEC_FN
    ,
    REF_EVENTS = RTSHM_EVENT_PROCESS_EXIT | RTSHM_EVENT_KERNEL_STOP | RTSHM_EVENT_LINK
};

static const rtshm_backend reference_table = {
    RTSHM_BACKEND_VERSION,
    (int)sizeof(rtshm_backend),
    "reference",
    REF_FAMILIES,
    REF_EVENTS,
    ref_open,
    ref_close,
    ref_call,
    ref_read,
    ref_write,
    ref_event,
    ref_next_note,
    ref_next_finding,
    NULL, /* xSupports: every function of every family */
};

static const conf_backend reference_backend = {
    .table = &reference_table, .name = "reference", .families = REF_FAMILIES, .events = REF_EVENTS,
    .version = RTSHM_BACKEND_VERSION};

const rtshm_backend *conf_reference_table(void) {
    return &reference_table;
}

const conf_backend *conf_backend_reference(void) {
    return &reference_backend;
}
