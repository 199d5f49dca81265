/* conformance/src/backend_ref.c — the reference model (sim/) behind the conf_backend table.
 *
 * Builds a sim_world from the scenario's topology (nodes, kernels, links, processes, in file order so
 * process indices match) and dispatches each call by (family, name) to the sim_ function of the same
 * vendor name. Output parameters given as valid pointers receive the value the sim function stores. */
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

typedef struct ref_world {
    sim_world *w;
    conf_finding_fn finding;
    void *ctx;
} ref_world;

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
static void finish(conf_outcome *out, const sim_outcome *so, const sim_process *p) {
    out->family = so->family;
    out->status = so->status;
    out->clause = so->clause;
    out->has_last_error = true;
    out->last_error = p->last_error;
}

/* iwin32 dispatch. args are in spec parameter order. */
static int call_iwin32(sim_process *p, const spec_function *fn, const conf_value *a, conf_outcome *out, char *err,
                       size_t cap) {
    sim_outcome so = {0};
    const char *name = fn->name;
    if (strcmp(name, "RtCreateSharedMemory") == 0) {
        uint64_t loc = 0;
        out->ret = sim_RtCreateSharedMemory(p, (uint32_t)a[0].number, (uint32_t)a[1].number, (uint32_t)a[2].number,
                                            a[3].is_null ? NULL : a[3].string, a[4].out_valid ? &loc : NULL, &so);
        out->outputs[4] = loc;
    } else if (strcmp(name, "RtOpenSharedMemory") == 0) {
        uint64_t loc = 0;
        out->ret = sim_RtOpenSharedMemory(p, (uint32_t)a[0].number, a[1].number != 0, a[2].is_null ? NULL : a[2].string,
                                          a[3].out_valid ? &loc : NULL, &so);
        out->outputs[3] = loc;
    } else if (strcmp(name, "RtUnmapSharedMemory") == 0) {
        out->ret = sim_RtUnmapSharedMemory(p, a[0].is_null ? 0 : a[0].number, &so);
    } else if (strcmp(name, "CloseHandle") == 0) {
        out->ret = sim_CloseHandle(p, a[0].is_null ? 0 : a[0].number, &so);
    } else if (strcmp(name, "CreateEvent") == 0) {
        out->ret = sim_CreateEvent(p, a[1].number != 0, a[2].number != 0, a[3].is_null ? NULL : a[3].string, &so);
    } else if (strcmp(name, "CreateMutex") == 0) {
        out->ret = sim_CreateMutex(p, a[1].number != 0, a[2].is_null ? NULL : a[2].string, &so);
    } else if (strcmp(name, "CreateSemaphore") == 0) {
        out->ret = sim_CreateSemaphore(p, (int32_t)a[1].number, (int32_t)a[2].number, a[3].is_null ? NULL : a[3].string, &so);
    } else if (strcmp(name, "GetLastError") == 0) {
        out->ret = sim_GetLastError(p, &so);
    } else if (strcmp(name, "SetLastError") == 0) {
        sim_SetLastError(p, (uint32_t)a[0].number, &so);
        out->ret = 0;
    } else {
        snprintf(err, cap, "the reference model has no implementation of iwin32:%s", name);
        return -1;
    }
    finish(out, &so, p);
    return 0;
}

/* rtx64 dispatch (RTSS and Windows processes). */
static int call_rtx64(sim_process *p, const spec_function *fn, const conf_value *a, conf_outcome *out, char *err,
                      size_t cap) {
    sim_outcome so = {0};
    const char *name = fn->name;
    if (strcmp(name, "RtCreateSharedMemory") == 0) {
        uint64_t loc = 0;
        out->ret = sim_rtx64_RtCreateSharedMemory(p, (uint32_t)a[0].number, (uint32_t)a[1].number, (uint32_t)a[2].number,
                                                  a[3].is_null ? NULL : a[3].string, a[4].out_valid ? &loc : NULL, &so);
        out->outputs[4] = loc;
    } else if (strcmp(name, "RtOpenSharedMemory") == 0) {
        uint64_t loc = 0;
        out->ret = sim_rtx64_RtOpenSharedMemory(p, (uint32_t)a[0].number, a[1].number != 0,
                                                a[2].is_null ? NULL : a[2].string, a[3].out_valid ? &loc : NULL, &so);
        out->outputs[3] = loc;
    } else if (strcmp(name, "RtCloseHandle") == 0) {
        out->ret = sim_rtx64_RtCloseHandle(p, a[0].is_null ? 0 : a[0].number, &so);
    } else if (strcmp(name, "RtCreateEvent") == 0) {
        out->ret = sim_rtx64_RtCreateEvent(p, a[1].number != 0, a[2].number != 0, a[3].is_null ? NULL : a[3].string, &so);
    } else if (strcmp(name, "RtCreateMutex") == 0) {
        out->ret = sim_rtx64_RtCreateMutex(p, a[1].number != 0, a[2].is_null ? NULL : a[2].string, &so);
    } else if (strcmp(name, "RtCreateSemaphore") == 0) {
        out->ret = sim_rtx64_RtCreateSemaphore(p, (int32_t)a[1].number, (int32_t)a[2].number,
                                               a[3].is_null ? NULL : a[3].string, &so);
    } else if (strcmp(name, "GetLastError") == 0) {
        out->ret = sim_rtx64_GetLastError(p, &so);
    } else if (strcmp(name, "SetLastError") == 0) {
        sim_rtx64_SetLastError(p, (uint32_t)a[0].number, &so);
    } else {
        snprintf(err, cap, "the reference model has no implementation of rtx64:%s", name);
        return -1;
    }
    finish(out, &so, p);
    return 0;
}

/* rtk dispatch (driver processes). The NTSTATUS is both the return value and the status. */
static int call_rtk(sim_process *p, const spec_function *fn, const conf_value *a, conf_outcome *out, char *err,
                    size_t cap) {
    sim_outcome so = {0};
    const char *name = fn->name;
    uint64_t h = 0, loc = 0, inst = 0;
    if (strcmp(name, "RtkRtssAttach") == 0 || strcmp(name, "RtkRtssAttachEx") == 0) {
        bool ex = name[13] == 'E';
        uint64_t *target = a[1].out_valid ? &inst : NULL;
        out->ret = ex ? sim_RtkRtssAttachEx(p, (uint32_t)a[0].number, target, &so)
                      : sim_RtkRtssAttach(p, (uint32_t)a[0].number, target, &so);
        out->outputs[1] = inst;
    } else if (strcmp(name, "RtkRtssDetach") == 0) {
        out->ret = sim_RtkRtssDetach(p, a[0].number, &so);
    } else if (strcmp(name, "RtkCreateSharedMemory") == 0) {
        out->ret = sim_RtkCreateSharedMemory(p, a[0].number, a[1].out_valid ? &h : NULL, (uint32_t)a[2].number,
                                             (uint32_t)a[3].number, (uint32_t)a[4].number,
                                             a[5].is_null ? NULL : a[5].string, a[6].out_valid ? &loc : NULL, &so);
        out->outputs[1] = h;
        out->outputs[6] = loc;
    } else if (strcmp(name, "RtkOpenSharedMemory") == 0) {
        out->ret = sim_RtkOpenSharedMemory(p, a[0].number, a[1].out_valid ? &h : NULL, (uint32_t)a[2].number,
                                           a[3].number != 0, a[4].is_null ? NULL : a[4].string,
                                           a[5].out_valid ? &loc : NULL, &so);
        out->outputs[1] = h;
        out->outputs[5] = loc;
    } else if (strcmp(name, "RtkUnMapSharedMemory") == 0) {
        out->ret = sim_RtkUnMapSharedMemory(p, a[0].number, a[1].is_null ? 0 : a[1].number, &so);
    } else if (strcmp(name, "RtkCloseHandle") == 0) {
        out->ret = sim_RtkCloseHandle(p, a[0].number, a[1].is_null ? 0 : a[1].number, &so);
    } else {
        snprintf(err, cap, "the reference model has no implementation of rtk:%s", name);
        return -1;
    }
    out->family = so.family;
    out->status = so.status;
    out->clause = so.clause;
    out->has_last_error = false; /* Rtk calls report only their NTSTATUS */
    return 0;
}

/* ntx dispatch (Windows processes). The trace's last error is the sticky NTX slot. */
static int call_ntx(sim_process *p, const spec_function *fn, const conf_value *a, conf_outcome *out, char *err,
                    size_t cap) {
    sim_outcome so = {0};
    const char *name = fn->name;
    const char *str0 = a[0].is_null ? NULL : a[0].string;
    if (strcmp(name, "ntxGetLocationByName") == 0) out->ret = sim_ntxGetLocationByName(p, str0, &so);
    else if (strcmp(name, "ntxGetRootRtProcess") == 0) out->ret = sim_ntxGetRootRtProcess(p, a[0].number, &so);
    else if (strcmp(name, "ntxAllocateRtMemory") == 0)
        out->ret = sim_ntxAllocateRtMemory(p, a[0].number, (uint32_t)a[1].number, &so);
    else if (strcmp(name, "ntxFreeRtMemory") == 0) out->ret = sim_ntxFreeRtMemory(p, a[0].number, &so);
    else if (strcmp(name, "ntxCatalogNtxHandle") == 0)
        out->ret = sim_ntxCatalogNtxHandle(p, a[0].number, a[1].number, a[2].is_null ? NULL : a[2].string, &so);
    else if (strcmp(name, "ntxLookupNtxhandle") == 0)
        out->ret = sim_ntxLookupNtxhandle(p, a[0].number, a[1].is_null ? NULL : a[1].string, (uint32_t)a[2].number, &so);
    else if (strcmp(name, "ntxImportRtHandle") == 0) out->ret = sim_ntxImportRtHandle(p, a[0].number, a[1].number, &so);
    else if (strcmp(name, "ntxMapRtSharedMemory") == 0) out->ret = sim_ntxMapRtSharedMemory(p, a[0].number, &so);
    else if (strcmp(name, "ntxMapRtSharedMemoryEx") == 0)
        out->ret = sim_ntxMapRtSharedMemoryEx(p, a[0].number, (uint32_t)a[1].number, &so);
    else if (strcmp(name, "ntxUnmapRtSharedMemory") == 0) out->ret = sim_ntxUnmapRtSharedMemory(p, a[0].number, &so);
    else if (strcmp(name, "ntxGetLastRtError") == 0) out->ret = sim_ntxGetLastRtError(p, &so);
    else {
        snprintf(err, cap, "the reference model has no implementation of ntx:%s", name);
        return -1;
    }
    out->family = so.family;
    out->status = so.status;
    out->clause = so.clause;
    out->has_last_error = true;
    out->last_error = p->ntx_last_error;
    return 0;
}

/* rt dispatch (rt processes on INtime kernels). */
static int call_rt(sim_process *p, const spec_function *fn, const conf_value *a, conf_outcome *out, char *err,
                   size_t cap) {
    sim_outcome so = {0};
    const char *name = fn->name;
    if (strcmp(name, "AllocateRtMemory") == 0) out->ret = sim_AllocateRtMemory(p, (uint32_t)a[0].number, &so);
    else if (strcmp(name, "CreateRtMemoryHandle") == 0)
        out->ret = sim_CreateRtMemoryHandle(p, a[0].number, (uint32_t)a[1].number, &so);
    else if (strcmp(name, "DeleteRtMemoryHandle") == 0) out->ret = sim_DeleteRtMemoryHandle(p, a[0].number, &so);
    else if (strcmp(name, "FreeRtMemory") == 0) out->ret = sim_FreeRtMemory(p, a[0].number, &so);
    else if (strcmp(name, "CatalogRtHandle") == 0)
        out->ret = sim_CatalogRtHandle(p, a[0].is_null ? 0 : a[0].number, a[1].number, a[2].is_null ? NULL : a[2].string,
                                       &so);
    else if (strcmp(name, "CreateRtSemaphore") == 0)
        out->ret = sim_CreateRtSemaphore(p, (uint32_t)a[0].number, (uint32_t)a[1].number, (uint32_t)a[2].number, &so);
    else if (strcmp(name, "GetLastRtError") == 0) out->ret = sim_GetLastRtError(p, &so);
    else {
        snprintf(err, cap, "the reference model has no implementation of rt:%s", name);
        return -1;
    }
    finish(out, &so, p);
    return 0;
}

static int ref_call(void *world, int process, const spec_function *fn, const conf_value *args, conf_outcome *out,
                    char *err, size_t cap) {
    ref_world *rw = world;
    memset(out, 0, sizeof *out);
    sim_process *p = rw->w->processes[process];
    switch (fn->api) {
    case SPEC_API_NTX: return call_ntx(p, fn, args, out, err, cap);
    case SPEC_API_RT: return call_rt(p, fn, args, out, err, cap);
    case SPEC_API_IWIN32: return call_iwin32(p, fn, args, out, err, cap);
    case SPEC_API_RTX64: return call_rtx64(p, fn, args, out, err, cap);
    case SPEC_API_RTK: return call_rtk(p, fn, args, out, err, cap);
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
        sim_outcome_set(&so, SPEC_FAMILY_SIM, ST_OK, "NTX.CONTACT");
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
        const sim_process *p = rw->w->processes[ev.a];
        note->process = (int)ev.a;
        note->api = "rtk";
        note->function = "RtkRtssAttachEx.shutdown";
        note->clause = "RTK.ATTACH.EX_CALLBACK";
        snprintf(note->args, sizeof note->args, "{\"RtssInst\":\"0x%llx\",\"rtss\":\"%s\"}",
                 (unsigned long long)p->instances[ev.b].value, p->instances[ev.b].rtss->id);
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
