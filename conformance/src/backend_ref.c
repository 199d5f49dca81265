/* conformance/src/backend_ref.c — the reference model (sim/) behind the conf_backend table.
 *
 * Builds a sim_world from the scenario's topology (nodes, kernels, links, processes, in file order so
 * process indices match) and dispatches each call by (family, name) to the sim_ function of the same
 * vendor name. Output parameters given as valid pointers receive the value the sim function stores.
 *
 * Dispatch does not compare names per call: ref_open maps every row of the spec function table to the
 * operation implementing it (ref_op), and a call switches on the operation of its row. A function
 * that is not a row of the table (a copy) is looked up by (family, name), with the same result. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/backend.h"
#include "rtshm/backend.h"
#include "sim/intime.h"
#include "sim/iwin32.h"
#include "sim/mem.h"
#include "sim/ntx.h"
#include "sim/rtk.h"
#include "sim/rtx64.h"
#include "sim/world.h"
#include "spec/clause_ids.h"

/* The calls the reference model implements: one per (family, vendor name). */
typedef enum ref_op {
    REF_UNKNOWN = 0,
    REF_IWIN32_CREATE_SHM, REF_IWIN32_OPEN_SHM, REF_IWIN32_UNMAP_SHM, REF_IWIN32_CLOSE_HANDLE,
    REF_IWIN32_CREATE_EVENT, REF_IWIN32_CREATE_MUTEX, REF_IWIN32_CREATE_SEMAPHORE, REF_IWIN32_GET_LAST_ERROR,
    REF_IWIN32_SET_LAST_ERROR,
    REF_RTX64_CREATE_SHM, REF_RTX64_OPEN_SHM, REF_RTX64_CLOSE_HANDLE, REF_RTX64_CREATE_EVENT, REF_RTX64_CREATE_MUTEX,
    REF_RTX64_CREATE_SEMAPHORE, REF_RTX64_GET_LAST_ERROR, REF_RTX64_SET_LAST_ERROR,
    REF_RTK_ATTACH, REF_RTK_ATTACH_EX, REF_RTK_DETACH, REF_RTK_CREATE_SHM, REF_RTK_OPEN_SHM, REF_RTK_UNMAP_SHM,
    REF_RTK_CLOSE_HANDLE,
    REF_NTX_GET_LOCATION_BY_NAME, REF_NTX_GET_ROOT_RT_PROCESS, REF_NTX_ALLOCATE_RT_MEMORY, REF_NTX_FREE_RT_MEMORY,
    REF_NTX_CATALOG_NTX_HANDLE, REF_NTX_LOOKUP_NTXHANDLE, REF_NTX_IMPORT_RT_HANDLE, REF_NTX_MAP_SHM,
    REF_NTX_MAP_SHM_EX, REF_NTX_UNMAP_SHM, REF_NTX_GET_LAST_RT_ERROR,
    REF_RT_ALLOCATE_RT_MEMORY, REF_RT_CREATE_RT_MEMORY_HANDLE, REF_RT_DELETE_RT_MEMORY_HANDLE, REF_RT_FREE_RT_MEMORY,
    REF_RT_CATALOG_RT_HANDLE, REF_RT_CREATE_RT_SEMAPHORE, REF_RT_GET_LAST_RT_ERROR,
    REF_OP_COUNT
} ref_op;
_Static_assert(REF_OP_COUNT <= 256, "a ref_op is kept in an unsigned char per table row");

static const struct ref_op_name {
    spec_api api;
    const char *name;
    ref_op op;
} ref_op_names[] = {
    {SPEC_API_IWIN32, "RtCreateSharedMemory", REF_IWIN32_CREATE_SHM},
    {SPEC_API_IWIN32, "RtOpenSharedMemory", REF_IWIN32_OPEN_SHM},
    {SPEC_API_IWIN32, "RtUnmapSharedMemory", REF_IWIN32_UNMAP_SHM},
    {SPEC_API_IWIN32, "CloseHandle", REF_IWIN32_CLOSE_HANDLE},
    {SPEC_API_IWIN32, "CreateEvent", REF_IWIN32_CREATE_EVENT},
    {SPEC_API_IWIN32, "CreateMutex", REF_IWIN32_CREATE_MUTEX},
    {SPEC_API_IWIN32, "CreateSemaphore", REF_IWIN32_CREATE_SEMAPHORE},
    {SPEC_API_IWIN32, "GetLastError", REF_IWIN32_GET_LAST_ERROR},
    {SPEC_API_IWIN32, "SetLastError", REF_IWIN32_SET_LAST_ERROR},
    {SPEC_API_RTX64, "RtCreateSharedMemory", REF_RTX64_CREATE_SHM},
    {SPEC_API_RTX64, "RtOpenSharedMemory", REF_RTX64_OPEN_SHM},
    {SPEC_API_RTX64, "RtCloseHandle", REF_RTX64_CLOSE_HANDLE},
    {SPEC_API_RTX64, "RtCreateEvent", REF_RTX64_CREATE_EVENT},
    {SPEC_API_RTX64, "RtCreateMutex", REF_RTX64_CREATE_MUTEX},
    {SPEC_API_RTX64, "RtCreateSemaphore", REF_RTX64_CREATE_SEMAPHORE},
    {SPEC_API_RTX64, "GetLastError", REF_RTX64_GET_LAST_ERROR},
    {SPEC_API_RTX64, "SetLastError", REF_RTX64_SET_LAST_ERROR},
    {SPEC_API_RTK, "RtkRtssAttach", REF_RTK_ATTACH},
    {SPEC_API_RTK, "RtkRtssAttachEx", REF_RTK_ATTACH_EX},
    {SPEC_API_RTK, "RtkRtssDetach", REF_RTK_DETACH},
    {SPEC_API_RTK, "RtkCreateSharedMemory", REF_RTK_CREATE_SHM},
    {SPEC_API_RTK, "RtkOpenSharedMemory", REF_RTK_OPEN_SHM},
    {SPEC_API_RTK, "RtkUnMapSharedMemory", REF_RTK_UNMAP_SHM},
    {SPEC_API_RTK, "RtkCloseHandle", REF_RTK_CLOSE_HANDLE},
    {SPEC_API_NTX, "ntxGetLocationByName", REF_NTX_GET_LOCATION_BY_NAME},
    {SPEC_API_NTX, "ntxGetRootRtProcess", REF_NTX_GET_ROOT_RT_PROCESS},
    {SPEC_API_NTX, "ntxAllocateRtMemory", REF_NTX_ALLOCATE_RT_MEMORY},
    {SPEC_API_NTX, "ntxFreeRtMemory", REF_NTX_FREE_RT_MEMORY},
    {SPEC_API_NTX, "ntxCatalogNtxHandle", REF_NTX_CATALOG_NTX_HANDLE},
    {SPEC_API_NTX, "ntxLookupNtxhandle", REF_NTX_LOOKUP_NTXHANDLE},
    {SPEC_API_NTX, "ntxImportRtHandle", REF_NTX_IMPORT_RT_HANDLE},
    {SPEC_API_NTX, "ntxMapRtSharedMemory", REF_NTX_MAP_SHM},
    {SPEC_API_NTX, "ntxMapRtSharedMemoryEx", REF_NTX_MAP_SHM_EX},
    {SPEC_API_NTX, "ntxUnmapRtSharedMemory", REF_NTX_UNMAP_SHM},
    {SPEC_API_NTX, "ntxGetLastRtError", REF_NTX_GET_LAST_RT_ERROR},
    {SPEC_API_RT, "AllocateRtMemory", REF_RT_ALLOCATE_RT_MEMORY},
    {SPEC_API_RT, "CreateRtMemoryHandle", REF_RT_CREATE_RT_MEMORY_HANDLE},
    {SPEC_API_RT, "DeleteRtMemoryHandle", REF_RT_DELETE_RT_MEMORY_HANDLE},
    {SPEC_API_RT, "FreeRtMemory", REF_RT_FREE_RT_MEMORY},
    {SPEC_API_RT, "CatalogRtHandle", REF_RT_CATALOG_RT_HANDLE},
    {SPEC_API_RT, "CreateRtSemaphore", REF_RT_CREATE_RT_SEMAPHORE},
    {SPEC_API_RT, "GetLastRtError", REF_RT_GET_LAST_RT_ERROR},
};

typedef struct ref_world {
    sim_world *w;
    conf_finding_fn finding;
    void *ctx;
    unsigned char *row_ops; /* ref_op of each row of the spec function table */
    int row_count;
} ref_world;

/* The operation implementing (fn->api, fn->name), or REF_UNKNOWN. A scan of ref_op_names: used for
 * each table row once per world, and for functions that are not rows of the table. */
static ref_op op_by_name(const spec_function *fn) {
    for (size_t i = 0; i < sizeof ref_op_names / sizeof ref_op_names[0]; i++)
        if (ref_op_names[i].api == fn->api && strcmp(ref_op_names[i].name, fn->name) == 0) return ref_op_names[i].op;
    return REF_UNKNOWN;
}

/* The operation implementing fn: its row's, or by name when fn is not a row of the table. */
static ref_op op_of(const ref_world *rw, const spec_function *fn) {
    int row = spec_function_index(fn);
    return row >= 0 && row < rw->row_count ? (ref_op)rw->row_ops[row] : op_by_name(fn);
}

static void forward_finding(void *ctx, const char *kind, const char *clause, const char *detail) {
    ref_world *rw = ctx;
    if (rw->finding) rw->finding(rw->ctx, kind, clause, detail);
}

static void ref_close(void *world) {
    ref_world *rw = world;
    if (rw == NULL) return;
    sim_world_free(rw->w);
    free(rw->row_ops);
    free(rw);
}

/* Builds the world of sc and the dispatch of every spec table row. Returns the backend world (freed
 * by ref_close), or NULL with a message in err when memory runs out or the topology exceeds the
 * model's bounds (nothing is left allocated then). */
static void *ref_open(const conf_backend *self, const conf_scenario *sc, uint64_t seed, conf_finding_fn finding,
                      void *ctx, char *err, size_t cap) {
    (void)self;
    ref_world *rw = calloc(1, sizeof *rw);
    if (rw == NULL || (rw->w = sim_world_new(seed)) == NULL) {
        free(rw);
        snprintf(err, cap, "out of memory");
        return NULL;
    }
    rw->finding = finding;
    rw->ctx = ctx;
    int rows = 0;
    const spec_function *table = spec_function_table(&rows);
    if ((rw->row_ops = calloc((size_t)(rows > 0 ? rows : 1), sizeof *rw->row_ops)) == NULL) {
        ref_close(rw);
        snprintf(err, cap, "out of memory");
        return NULL;
    }
    for (int i = 0; i < rows; i++) rw->row_ops[i] = (unsigned char)op_by_name(&table[i]);
    rw->row_count = rows;
    sim_world *w = rw->w;
    sim_world_set_finding_sink(w, forward_finding, rw);
    bool ok = true;
    for (int i = 0; ok && i < sc->node_count; i++)
        ok = sim_world_add_node(w, sc->nodes[i].id, sc->nodes[i].windows, sc->nodes[i].va_limit_bytes,
                                sc->nodes[i].page_size) != NULL;
    for (int i = 0; ok && i < sc->kernel_count; i++) {
        const conf_kernel_spec *k = &sc->kernels[i];
        ok = sim_world_add_kernel(w, k->id, k->rtx64 ? SIM_KERNEL_RTX64 : SIM_KERNEL_INTIME, w->nodes[k->node],
                                  k->running, k->shares_memory, k->memory_bytes, k->pool_bytes) != NULL;
    }
    for (int i = 0; ok && i < sc->link_count; i++)
        ok = sim_world_add_link(w, w->nodes[sc->links[i].a], w->nodes[sc->links[i].b], sc->links[i].up) != NULL;
    for (int i = 0; ok && i < sc->process_count; i++) {
        const conf_process_spec *ps = &sc->processes[i];
        sim_process_kind kind = ps->kind == CONF_PROC_WINDOWS ? SIM_PROC_WINDOWS
                                : ps->kind == CONF_PROC_RT    ? SIM_PROC_RT
                                                              : SIM_PROC_DRIVER;
        ok = sim_world_add_process(w, ps->id, kind, w->nodes[ps->node], ps->kernel >= 0 ? w->kernels[ps->kernel] : NULL) != NULL;
    }
    if (!ok) {
        snprintf(err, cap, "the topology exceeds the model's bounds or memory ran out");
        ref_close(rw);
        return NULL;
    }
    return rw;
}

static void ref_set_time(void *world, uint64_t vtime_us) {
    ((ref_world *)world)->w->vtime_us = vtime_us;
}

/* Fills the outcome's status fields from a sim_outcome and the process's last-error slot. */
static void finish(conf_outcome *out, const sim_outcome *so, const sim_process *p, spec_api api) {
    out->family = so->family;
    out->status = so->status;
    out->clause = so->clause;
    out->has_last_error = sim_process_last_error(p, api, &out->last_error);
}

/* iwin32 dispatch. args are in spec parameter order. */
static int call_iwin32(sim_process *p, ref_op op, const spec_function *fn, const conf_value *a, conf_outcome *out,
                       char *err, size_t cap) {
    sim_outcome so = {0};
    uint64_t loc = 0;
    switch (op) {
    case REF_IWIN32_CREATE_SHM:
        out->ret = sim_iwin32_RtCreateSharedMemory(p, (uint32_t)a[0].number, (uint32_t)a[1].number, (uint32_t)a[2].number,
                                            a[3].is_null ? NULL : a[3].string, a[4].out_valid ? &loc : NULL, &so);
        out->outputs[4] = loc;
        break;
    case REF_IWIN32_OPEN_SHM:
        out->ret = sim_iwin32_RtOpenSharedMemory(p, (uint32_t)a[0].number, a[1].number != 0, a[2].is_null ? NULL : a[2].string,
                                          a[3].out_valid ? &loc : NULL, &so);
        out->outputs[3] = loc;
        break;
    case REF_IWIN32_UNMAP_SHM: out->ret = sim_iwin32_RtUnmapSharedMemory(p, a[0].is_null ? 0 : a[0].number, &so); break;
    case REF_IWIN32_CLOSE_HANDLE: out->ret = sim_iwin32_CloseHandle(p, a[0].is_null ? 0 : a[0].number, &so); break;
    case REF_IWIN32_CREATE_EVENT:
        out->ret = sim_iwin32_CreateEvent(p, a[1].number != 0, a[2].number != 0, a[3].is_null ? NULL : a[3].string, &so);
        break;
    case REF_IWIN32_CREATE_MUTEX:
        out->ret = sim_iwin32_CreateMutex(p, a[1].number != 0, a[2].is_null ? NULL : a[2].string, &so);
        break;
    case REF_IWIN32_CREATE_SEMAPHORE:
        out->ret = sim_iwin32_CreateSemaphore(p, (int32_t)a[1].number, (int32_t)a[2].number, a[3].is_null ? NULL : a[3].string, &so);
        break;
    case REF_IWIN32_GET_LAST_ERROR: out->ret = sim_iwin32_GetLastError(p, &so); break;
    case REF_IWIN32_SET_LAST_ERROR:
        sim_iwin32_SetLastError(p, (uint32_t)a[0].number, &so);
        out->ret = 0;
        break;
    default:
        snprintf(err, cap, "the reference model has no implementation of iwin32:%s", fn->name);
        return -1;
    }
    finish(out, &so, p, fn->api);
    return 0;
}

/* rtx64 dispatch (RTSS and Windows processes). */
static int call_rtx64(sim_process *p, ref_op op, const spec_function *fn, const conf_value *a, conf_outcome *out,
                      char *err, size_t cap) {
    sim_outcome so = {0};
    uint64_t loc = 0;
    switch (op) {
    case REF_RTX64_CREATE_SHM:
        out->ret = sim_rtx64_RtCreateSharedMemory(p, (uint32_t)a[0].number, (uint32_t)a[1].number, (uint32_t)a[2].number,
                                                  a[3].is_null ? NULL : a[3].string, a[4].out_valid ? &loc : NULL, &so);
        out->outputs[4] = loc;
        break;
    case REF_RTX64_OPEN_SHM:
        out->ret = sim_rtx64_RtOpenSharedMemory(p, (uint32_t)a[0].number, a[1].number != 0,
                                                a[2].is_null ? NULL : a[2].string, a[3].out_valid ? &loc : NULL, &so);
        out->outputs[3] = loc;
        break;
    case REF_RTX64_CLOSE_HANDLE: out->ret = sim_rtx64_RtCloseHandle(p, a[0].is_null ? 0 : a[0].number, &so); break;
    case REF_RTX64_CREATE_EVENT:
        out->ret = sim_rtx64_RtCreateEvent(p, a[1].number != 0, a[2].number != 0, a[3].is_null ? NULL : a[3].string, &so);
        break;
    case REF_RTX64_CREATE_MUTEX:
        out->ret = sim_rtx64_RtCreateMutex(p, a[1].number != 0, a[2].is_null ? NULL : a[2].string, &so);
        break;
    case REF_RTX64_CREATE_SEMAPHORE:
        out->ret = sim_rtx64_RtCreateSemaphore(p, (int32_t)a[1].number, (int32_t)a[2].number,
                                               a[3].is_null ? NULL : a[3].string, &so);
        break;
    case REF_RTX64_GET_LAST_ERROR: out->ret = sim_rtx64_GetLastError(p, &so); break;
    case REF_RTX64_SET_LAST_ERROR: sim_rtx64_SetLastError(p, (uint32_t)a[0].number, &so); break;
    default:
        snprintf(err, cap, "the reference model has no implementation of rtx64:%s", fn->name);
        return -1;
    }
    finish(out, &so, p, fn->api);
    return 0;
}

/* rtk dispatch (driver processes). The NTSTATUS is both the return value and the status. */
static int call_rtk(sim_process *p, ref_op op, const spec_function *fn, const conf_value *a, conf_outcome *out,
                    char *err, size_t cap) {
    sim_outcome so = {0};
    uint64_t h = 0, loc = 0, inst = 0;
    switch (op) {
    case REF_RTK_ATTACH:
    case REF_RTK_ATTACH_EX: {
        uint64_t *target = a[1].out_valid ? &inst : NULL;
        out->ret = op == REF_RTK_ATTACH_EX ? sim_rtk_RtkRtssAttachEx(p, (uint32_t)a[0].number, target, &so)
                                           : sim_rtk_RtkRtssAttach(p, (uint32_t)a[0].number, target, &so);
        out->outputs[1] = inst;
        break;
    }
    case REF_RTK_DETACH: out->ret = sim_rtk_RtkRtssDetach(p, a[0].number, &so); break;
    case REF_RTK_CREATE_SHM:
        out->ret = sim_rtk_RtkCreateSharedMemory(p, a[0].number, a[1].out_valid ? &h : NULL, (uint32_t)a[2].number,
                                             (uint32_t)a[3].number, (uint32_t)a[4].number,
                                             a[5].is_null ? NULL : a[5].string, a[6].out_valid ? &loc : NULL, &so);
        out->outputs[1] = h;
        out->outputs[6] = loc;
        break;
    case REF_RTK_OPEN_SHM:
        out->ret = sim_rtk_RtkOpenSharedMemory(p, a[0].number, a[1].out_valid ? &h : NULL, (uint32_t)a[2].number,
                                           a[3].number != 0, a[4].is_null ? NULL : a[4].string,
                                           a[5].out_valid ? &loc : NULL, &so);
        out->outputs[1] = h;
        out->outputs[5] = loc;
        break;
    case REF_RTK_UNMAP_SHM:
        out->ret = sim_rtk_RtkUnMapSharedMemory(p, a[0].number, a[1].is_null ? 0 : a[1].number, &so);
        break;
    case REF_RTK_CLOSE_HANDLE:
        out->ret = sim_rtk_RtkCloseHandle(p, a[0].number, a[1].is_null ? 0 : a[1].number, &so);
        break;
    default:
        snprintf(err, cap, "the reference model has no implementation of rtk:%s", fn->name);
        return -1;
    }
    finish(out, &so, p, fn->api); /* Rtk calls report only their NTSTATUS: no last-error slot */
    return 0;
}

/* ntx dispatch (Windows processes). The trace's last error is the sticky NTX slot. */
static int call_ntx(sim_process *p, ref_op op, const spec_function *fn, const conf_value *a, conf_outcome *out,
                    char *err, size_t cap) {
    sim_outcome so = {0};
    switch (op) {
    case REF_NTX_GET_LOCATION_BY_NAME:
        out->ret = sim_ntx_ntxGetLocationByName(p, a[0].is_null ? NULL : a[0].string, &so);
        break;
    case REF_NTX_GET_ROOT_RT_PROCESS: out->ret = sim_ntx_ntxGetRootRtProcess(p, a[0].number, &so); break;
    case REF_NTX_ALLOCATE_RT_MEMORY:
        out->ret = sim_ntx_ntxAllocateRtMemory(p, a[0].number, (uint32_t)a[1].number, &so);
        break;
    case REF_NTX_FREE_RT_MEMORY: out->ret = sim_ntx_ntxFreeRtMemory(p, a[0].number, &so); break;
    case REF_NTX_CATALOG_NTX_HANDLE:
        out->ret = sim_ntx_ntxCatalogNtxHandle(p, a[0].number, a[1].number, a[2].is_null ? NULL : a[2].string, &so);
        break;
    case REF_NTX_LOOKUP_NTXHANDLE:
        out->ret = sim_ntx_ntxLookupNtxhandle(p, a[0].number, a[1].is_null ? NULL : a[1].string, (uint32_t)a[2].number, &so);
        break;
    case REF_NTX_IMPORT_RT_HANDLE: out->ret = sim_ntx_ntxImportRtHandle(p, a[0].number, a[1].number, &so); break;
    case REF_NTX_MAP_SHM: out->ret = sim_ntx_ntxMapRtSharedMemory(p, a[0].number, &so); break;
    case REF_NTX_MAP_SHM_EX: out->ret = sim_ntx_ntxMapRtSharedMemoryEx(p, a[0].number, (uint32_t)a[1].number, &so); break;
    case REF_NTX_UNMAP_SHM: out->ret = sim_ntx_ntxUnmapRtSharedMemory(p, a[0].number, &so); break;
    case REF_NTX_GET_LAST_RT_ERROR: out->ret = sim_ntx_ntxGetLastRtError(p, &so); break;
    default:
        snprintf(err, cap, "the reference model has no implementation of ntx:%s", fn->name);
        return -1;
    }
    finish(out, &so, p, fn->api);
    return 0;
}

/* rt dispatch (rt processes on INtime kernels). */
static int call_rt(sim_process *p, ref_op op, const spec_function *fn, const conf_value *a, conf_outcome *out,
                   char *err, size_t cap) {
    sim_outcome so = {0};
    switch (op) {
    case REF_RT_ALLOCATE_RT_MEMORY: out->ret = sim_rt_AllocateRtMemory(p, (uint32_t)a[0].number, &so); break;
    case REF_RT_CREATE_RT_MEMORY_HANDLE:
        out->ret = sim_rt_CreateRtMemoryHandle(p, a[0].number, (uint32_t)a[1].number, &so);
        break;
    case REF_RT_DELETE_RT_MEMORY_HANDLE: out->ret = sim_rt_DeleteRtMemoryHandle(p, a[0].number, &so); break;
    case REF_RT_FREE_RT_MEMORY: out->ret = sim_rt_FreeRtMemory(p, a[0].number, &so); break;
    case REF_RT_CATALOG_RT_HANDLE:
        out->ret = sim_rt_CatalogRtHandle(p, a[0].is_null ? 0 : a[0].number, a[1].number, a[2].is_null ? NULL : a[2].string,
                                       &so);
        break;
    case REF_RT_CREATE_RT_SEMAPHORE:
        out->ret = sim_rt_CreateRtSemaphore(p, (uint32_t)a[0].number, (uint32_t)a[1].number, (uint32_t)a[2].number, &so);
        break;
    case REF_RT_GET_LAST_RT_ERROR: out->ret = sim_rt_GetLastRtError(p, &so); break;
    default:
        snprintf(err, cap, "the reference model has no implementation of rt:%s", fn->name);
        return -1;
    }
    finish(out, &so, p, fn->api);
    return 0;
}

/* Runs fn for process `process` through the operation of its table row (see the file comment).
 * Returns 0 with the outcome in *out, or -1 with a message in err when the model lacks fn. */
static int ref_call(void *world, int process, const spec_function *fn, const conf_value *args, conf_outcome *out,
                    char *err, size_t cap) {
    ref_world *rw = world;
    memset(out, 0, sizeof *out);
    sim_process *p = rw->w->processes[process];
    ref_op op = op_of(rw, fn);
    switch (fn->api) {
    case SPEC_API_NTX: return call_ntx(p, op, fn, args, out, err, cap);
    case SPEC_API_RT: return call_rt(p, op, fn, args, out, err, cap);
    case SPEC_API_IWIN32: return call_iwin32(p, op, fn, args, out, err, cap);
    case SPEC_API_RTX64: return call_rtx64(p, op, fn, args, out, err, cap);
    case SPEC_API_RTK: return call_rtk(p, op, fn, args, out, err, cap);
    default:
        snprintf(err, cap, "the reference model has no implementation of the %s family yet", spec_api_name(fn->api));
        return -1;
    }
}

static int ref_read(void *world, int process, uint64_t va, size_t len, unsigned char *data, conf_outcome *out) {
    ref_world *rw = world;
    memset(out, 0, sizeof *out);
    sim_outcome so = {0};
    out->fault = !sim_mem_read(rw->w->processes[process], va, len, data, &so);
    out->family = so.family;
    out->status = so.status;
    out->clause = so.clause;
    return 0;
}

static int ref_write(void *world, int process, uint64_t va, const unsigned char *data, size_t len, conf_outcome *out) {
    ref_world *rw = world;
    memset(out, 0, sizeof *out);
    sim_outcome so = {0};
    out->fault = !sim_mem_write(rw->w->processes[process], va, data, len, &so);
    out->family = so.family;
    out->status = so.status;
    out->clause = so.clause;
    return 0;
}

static int ref_event(void *world, const conf_step *st, conf_outcome *out, char *err, size_t cap) {
    ref_world *rw = world;
    memset(out, 0, sizeof *out);
    sim_outcome so = {0};
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
    return 0;
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
    RTSHM_FAMILY_NTX | RTSHM_FAMILY_RT | RTSHM_FAMILY_IWIN32 | RTSHM_FAMILY_RTX64 | RTSHM_FAMILY_RTK,
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
