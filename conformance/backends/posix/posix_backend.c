/* posix_backend.c — librtshm_posix.so: a port of the INtime iwin32 and RTX64 (Rt*, Rtk*) shared
 * memory APIs onto POSIX (Linux), as an rtshm backend (rtshm/backend.h). See posix_backend.h for the
 * design; this file holds the operation table, worlds, call dispatch, memory access and events.
 *
 * Supported: the iwin32, rtx64 and rtk families and the process.exit event. Not supported (the
 * harness SKIPs scenarios that need them): NTX and INtime RT calls, kernel.stop/start, link events.
 * A kernel the topology declares stopped stays stopped: calls that need it fail as its vendor says
 * (ERROR_NOT_READY, STATUS_NO_SUCH_DEVICE).
 *
 * Differences from the vendors' systems that follow from POSIX, on purpose: the iwin32 pool and the
 * RTSS memory size are not enforced (memory is whatever shm_open/mmap can get); a Windows process's
 * address-space limit (va_limit) is not enforced; name length is limited by NAME_MAX as well as by
 * MAX_PATH; closing an object's last handle unlinks its name but leaves existing views mapped (munmap
 * ends them, as POSIX does); pointers are real mmap addresses.
 *
 * Interface version 2: the `location` outputs are flagged opaque (real addresses differ from run to
 * run, so --check-determinism and diff pair them instead of comparing their numbers), and a POSIX
 * failure (shm_open, mmap, sem_open) is reported as its errno beside the mapped status. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "posix_backend.h"

/* Worlds opened by this process so far: part of every POSIX name, so that two worlds never share one. */
static unsigned long world_serial;

static void px_close(void *world) {
    pb_world *w = world;
    if (w == NULL) return;
    for (int i = 0; i < w->process_count; i++) {
        pb_process *p = &w->processes[i];
        if (!p->exited) pb_process_exit(w, p);
        for (int api = 0; api < PB_API_COUNT; api++) free(p->tables[api].slots);
        free(p->views);
        free(p->instances);
    }
    pb_objects_free(w);
    free(w->processes);
    free(w->kernels);
    free(w);
}

/* The RTX64 kernel (RTSS) on node, or -1. */
static int rtss_on(const rtshm_topology *t, int node) {
    for (int k = 0; k < t->kernel_count; k++)
        if (t->kernels[k].kind == RTSHM_KERNEL_RTX64 && t->kernels[k].node == node) return k;
    return -1;
}

/* Builds a world for topology t: kernels with empty namespaces, processes with empty handle tables.
 * An rt process reaches its own kernel (INtime: iwin32; RTX64: it runs inside RTSS); a Windows process
 * reaches the INtime kernel the topology names for iwin32x and its node's RTSS; a driver its node's
 * RTSS. */
static void *px_open(const rtshm_topology *t, uint64_t seed, char *err, size_t cap) {
    (void)seed; /* nothing here is random */
    long page = sysconf(_SC_PAGESIZE);
    pb_world *w = calloc(1, sizeof *w);
    if (w == NULL || t->kernel_count < 0 || t->process_count < 0 ||
        (w->kernels = calloc((size_t)t->kernel_count + 1, sizeof *w->kernels)) == NULL ||
        (w->processes = calloc((size_t)t->process_count + 1, sizeof *w->processes)) == NULL) {
        snprintf(err, cap, "posix backend: out of memory");
        px_close(w);
        return NULL;
    }
    w->page = page > 0 ? (size_t)page : 4096;
    /* Fixed widths keep the prefix's length, and so the longest name POSIX accepts, the same in every run. */
    snprintf(w->prefix, sizeof w->prefix, "/rtshm-%07ld-%04lx-", (long)getpid(), ++world_serial);
    w->kernel_count = t->kernel_count;
    for (int k = 0; k < t->kernel_count; k++)
        w->kernels[k] = (pb_kernel){t->kernels[k].kind, t->kernels[k].node, t->kernels[k].running != 0, NULL};
    w->process_count = t->process_count;
    for (int i = 0; i < t->process_count; i++) {
        const rtshm_process *tp = &t->processes[i];
        pb_process *p = &w->processes[i];
        int k = tp->kernel;
        if (k >= t->kernel_count || (tp->kind == 1 && k < 0)) {
            snprintf(err, cap, "posix backend: process '%s' names kernel %d of %d", tp->id, k, t->kernel_count);
            px_close(w);
            return NULL;
        }
        p->kind = tp->kind;
        p->node = tp->node;
        p->intime = p->rtss = -1;
        for (int a = 0; a < PB_API_COUNT; a++) p->tables[a] = (pb_table){NULL, 0};
        if (tp->kind == 1) { /* rt */
            if (t->kernels[k].kind == RTSHM_KERNEL_RTX64) p->rtss = k, p->in_rtss = 1;
            else p->intime = k;
        } else {
            if (k >= 0 && t->kernels[k].kind == RTSHM_KERNEL_INTIME) p->intime = k;
            p->rtss = rtss_on(t, tp->node);
        }
    }
    return w;
}

static int px_call(void *world, int process, const char *api, const char *function, int argc, const rtshm_value *argv,
                   rtshm_outcome *out, char *err, size_t cap) {
    pb_world *w = world;
    memset(out, 0, sizeof *out);
    if (process < 0 || process >= w->process_count || w->processes[process].exited) {
        snprintf(err, cap, "posix backend: no live process %d", process);
        return -1;
    }
    pb_process *p = &w->processes[process];
    int handled = 0;
    if (strcmp(api, "iwin32") == 0) handled = pb_call_iwin32(w, p, function, argc, argv, out);
    else if (strcmp(api, "rtx64") == 0) handled = pb_call_rtx64(w, p, function, argc, argv, out);
    else if (strcmp(api, "rtk") == 0) handled = pb_call_rtk(w, p, function, argc, argv, out);
    if (!handled) {
        snprintf(err, cap, "posix backend: %s:%s with %d arguments is not implemented", api, function, argc);
        return -1;
    }
    return 0;
}

/* The memory steps check before they touch anything: the whole range must lie in one live view of
 * the process (and a writable one for writes); otherwise the step is an access violation. */
static const pb_view *access_view(pb_world *w, int process, uint64_t address, size_t len, int write,
                                  rtshm_outcome *out) {
    memset(out, 0, sizeof *out);
    out->family = RTSHM_STATUS_SIM;
    const pb_view *v = NULL;
    if (process >= 0 && process < w->process_count) v = pb_view_find(&w->processes[process], address, len);
    if (v && write && !v->writable) v = NULL;
    out->fault = v == NULL;
    out->status = v ? PB_SIM_OK : PB_SIM_ACCESS_VIOLATION;
    return v;
}

static int px_read(void *world, int process, uint64_t address, size_t len, unsigned char *data, rtshm_outcome *out) {
    if (access_view(world, process, address, len, 0, out) && len > 0)
        memcpy(data, (const void *)(uintptr_t)address, len);
    return 0;
}

static int px_write(void *world, int process, uint64_t address, const unsigned char *data, size_t len,
                    rtshm_outcome *out) {
    if (access_view(world, process, address, len, 1, out) && len > 0) memcpy((void *)(uintptr_t)address, data, len);
    return 0;
}

static int px_event(void *world, const rtshm_event *event, rtshm_outcome *out, char *err, size_t cap) {
    pb_world *w = world;
    memset(out, 0, sizeof *out);
    out->family = RTSHM_STATUS_SIM;
    out->status = PB_SIM_OK;
    if (event->kind != RTSHM_EV_PROCESS_EXIT) {
        snprintf(err, cap, "posix backend: event kind %d is not supported", (int)event->kind);
        return -1;
    }
    if (event->process < 0 || event->process >= w->process_count) {
        snprintf(err, cap, "posix backend: no process %d", event->process);
        return -1;
    }
    pb_process *p = &w->processes[event->process];
    /* "When the process terminates, the system automatically closes the handle" (seed:002, seed:003). */
    if (!p->exited) pb_process_exit(w, p);
    return 0;
}

static const rtshm_backend posix_backend = {
    RTSHM_BACKEND_VERSION,
    (int)sizeof(rtshm_backend),
    "posix 0.1.0 (shm_open/mmap, sem_open)",
    RTSHM_FAMILY_IWIN32 | RTSHM_FAMILY_RTX64 | RTSHM_FAMILY_RTK,
    RTSHM_EVENT_PROCESS_EXIT,
    px_open,
    px_close,
    px_call,
    px_read,
    px_write,
    px_event,
    NULL, /* xNextNote: this backend runs no callbacks by itself */
    NULL, /* xNextFinding: it raises none */
    NULL, /* xSupports: every function of the three families it declares */
};

__attribute__((visibility("default"))) const rtshm_backend *rtshm_backend_entry(void);

__attribute__((visibility("default"))) const rtshm_backend *rtshm_backend_entry(void) {
    return &posix_backend;
}
