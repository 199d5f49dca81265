/* conformance/backends/example/example_backend.c — the smallest rtshm backend a vendor can start from: the iwin32
 * family's GetLastError and SetLastError, one last-error slot per process, built out of the rtshm tree
 * against the installed header only (find_package(rtshm) or pkg-config rtshm; README.md here).
 *
 * It speaks interface version 2: it declares the iwin32 family, no events, and through xSupports the
 * two functions it implements. `rtshm validate --impl` SKIPs every step it cannot run — a call of
 * another family or function, an event, and the steps that depend on one (a variable, a name or the
 * last-error slot a skipped call would have set) — runs the rest, and SKIPs a scenario where no call
 * is left. The outcome of both calls is the Win32 channel's success, ERROR_SUCCESS, leaving the slot
 * as the call left it (IWIN32.LASTERROR): a successful call's status is ERROR_SUCCESS even though,
 * as in Win32, the slot is not reset by it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rtshm/backend.h>

#define ERROR_SUCCESS 0u

/* One world: the last-error slot of each process of the topology. */
typedef struct example_world {
    int process_count;
    uint32_t *last_error;
} example_world;

static void *example_open(const rtshm_topology *topology, uint64_t seed, char *err, size_t cap) {
    (void)seed; /* nothing here is random */
    example_world *w = calloc(1, sizeof *w);
    if (w == NULL || (w->last_error = calloc((size_t)topology->process_count + 1, sizeof *w->last_error)) == NULL) {
        free(w);
        snprintf(err, cap, "example backend: out of memory");
        return NULL;
    }
    w->process_count = topology->process_count;
    return w;
}

static void example_close(void *world) {
    example_world *w = world;
    if (w == NULL) return;
    free(w->last_error);
    free(w);
}

/* GetLastError returns the slot; SetLastError(dwErrCode) stores its argument there. Both succeed. */
static int example_call(void *world, int process, const char *api, const char *function, int argc,
                        const rtshm_value *argv, rtshm_outcome *out, char *err, size_t cap) {
    example_world *w = world;
    if (process < 0 || process >= w->process_count || strcmp(api, "iwin32") != 0) {
        snprintf(err, cap, "example backend: no process %d or family %s", process, api);
        return -1;
    }
    uint32_t *slot = &w->last_error[process];
    if (strcmp(function, "GetLastError") == 0 && argc == 0) {
        out->ret = *slot;
    } else if (strcmp(function, "SetLastError") == 0 && argc == 1 && argv[0].kind == RTSHM_V_NUMBER) {
        *slot = (uint32_t)argv[0].number;
        out->ret = 0;
    } else {
        snprintf(err, cap, "example backend: %s:%s is not implemented", api, function);
        return -1;
    }
    out->family = RTSHM_STATUS_WIN32;
    out->status = ERROR_SUCCESS;
    out->has_last_error = 1;
    out->last_error = *slot;
    out->clause = NULL; /* judged by the reference's clause for the same step */
    return 0;
}

/* Memory steps and events never reach this backend in practice: it implements no call that maps memory
 * (a memory step's pointer comes from one, so that step is skipped with it), and it declares no event. */
static int example_read(void *world, int process, uint64_t address, size_t len, unsigned char *data,
                        rtshm_outcome *out) {
    (void)world, (void)process, (void)address, (void)len, (void)data;
    out->fault = 1;
    return 0;
}

static int example_write(void *world, int process, uint64_t address, const unsigned char *data, size_t len,
                         rtshm_outcome *out) {
    (void)world, (void)process, (void)address, (void)data, (void)len;
    out->fault = 1;
    return 0;
}

static int example_event(void *world, const rtshm_event *event, rtshm_outcome *out, char *err, size_t cap) {
    (void)world, (void)event, (void)out;
    snprintf(err, cap, "example backend: no events");
    return -1;
}

/* The functions it implements, of the families it declares (asked once, when rtshm loads it). */
static int example_supports(const char *api, const char *function) {
    return strcmp(api, "iwin32") == 0 && (strcmp(function, "GetLastError") == 0 || strcmp(function, "SetLastError") == 0);
}

static const rtshm_backend example_backend = {
    .iVersion = RTSHM_BACKEND_VERSION,
    .szBackend = (int)sizeof(rtshm_backend),
    .zName = "example-lasterror 1.0",
    .families = RTSHM_FAMILY_IWIN32,
    .events = 0,
    .xOpen = example_open,
    .xClose = example_close,
    .xCall = example_call,
    .xRead = example_read,
    .xWrite = example_write,
    .xEvent = example_event,
    .xNextNote = NULL,
    .xNextFinding = NULL,
    .xSupports = example_supports,
};

/* The one exported symbol (RTSHM_BACKEND_ENTRY). */
__attribute__((visibility("default"))) const rtshm_backend *rtshm_backend_entry(void) {
    return &example_backend;
}
