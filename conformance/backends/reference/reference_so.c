/* conformance/backends/reference/reference_so.c — the reference model as a backend library
 * (rtshm/backend.h), and, built with RTSHM_MUTANT_<NAME> defined, the deliberately wrong backends the
 * corpus must catch (mutation testing: `rtshm validate` must FAIL every one of them).
 *
 * The reference implements rtshm_backend itself (conformance/src/backend_ref.c), so the library is a
 * thin export: its table is the reference's, under the library's own name. Running the corpus through
 * it gives the same canonical trace as the in-process reference, which proves the public interface
 * carries everything a step needs. Each mutant wraps one or two of the reference's operations (calls
 * through, then changes one documented behaviour exactly there) and nothing else. A wrapper that
 * answers without calling the reference leaves no findings behind: the driver took every finding of
 * the operation before (rtshm drains xNextFinding to 0 after each step). */
#include <ctype.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "conf/backend.h"
#include "rtshm/backend.h"
#include "spec/clause_ids.h"
#include "spec/constants.h"
#include "spec/functions.h"
#include "spec/status.h"

/* The library's name, and which operation the mutant wraps: MUTATES_CALL (xCall; PRETENDS_SUCCESS
 * when it answers some calls without running them), MUTATES_EVENT (xEvent), MUTATES_OPEN (xOpen as well:
 * state kept per world), or neither (the version,
 * or the plain reference). */
#if defined(RTSHM_MUTANT_CASE_INSENSITIVE)
#define BACKEND_NAME "mutant: case-insensitive names"
#define MUTATES_CALL 1
#elif defined(RTSHM_MUTANT_NO_ALREADY_EXISTS)
#define BACKEND_NAME "mutant: ERROR_ALREADY_EXISTS never reported"
#define MUTATES_CALL 1
#elif defined(RTSHM_MUTANT_NO_E_LOCATION)
#define BACKEND_NAME "mutant: no E_LOCATION (reports E_NTX_INTERNAL_ERROR)"
#define MUTATES_CALL 1
#elif defined(RTSHM_MUTANT_NO_NTX_CACHE)
#define BACKEND_NAME "mutant: no NTX pointer cache"
#define MUTATES_CALL 1
#elif defined(RTSHM_MUTANT_UNMAP_KEEPS_VIEW)
#define BACKEND_NAME "mutant: unmap does not invalidate"
#define MUTATES_CALL 1
#define PRETENDS_SUCCESS 1
#elif defined(RTSHM_MUTANT_DETACHED_INSTANCE_ACCEPTED)
#define BACKEND_NAME "mutant: detached RTSS instance accepted"
#define MUTATES_CALL 1
#define PRETENDS_SUCCESS 1
#elif defined(RTSHM_MUTANT_LAST_CLOSE_KEEPS_OBJECT)
#define BACKEND_NAME "mutant: last close does not destroy"
#define MUTATES_CALL 1
#define PRETENDS_SUCCESS 1
#elif defined(RTSHM_MUTANT_WRITE_ON_READONLY)
#define BACKEND_NAME "mutant: write access on a read-only object"
#define MUTATES_CALL 1
#elif defined(RTSHM_MUTANT_HANDLES_KEPT_AFTER_EXIT)
#define BACKEND_NAME "mutant: handles kept after process exit"
#define MUTATES_EVENT 1
#elif defined(RTSHM_MUTANT_UNDOCUMENTED_STATUS)
#define BACKEND_NAME "mutant: undocumented status (ERROR_PATH_NOT_FOUND)"
#define MUTATES_CALL 1
#elif defined(RTSHM_MUTANT_READONLY_MAPEX_WRITABLE)
#define BACKEND_NAME "mutant: read-only MapEx views writable"
#define MUTATES_CALL 1
#elif defined(RTSHM_MUTANT_OPEN_CREATES_MISSING)
#define BACKEND_NAME "mutant: RtOpenSharedMemory creates a missing object"
#define MUTATES_CALL 1
#elif defined(RTSHM_MUTANT_ALIASED_HANDLES)
#define BACKEND_NAME "mutant: a second iwin32 handle aliases the first"
#define MUTATES_CALL 1
#define MUTATES_OPEN 1
#elif defined(RTSHM_MUTANT_CRASH_ON_CLOSE)
#define BACKEND_NAME "broken: segfaults in CloseHandle"
#define MUTATES_CALL 1
#elif defined(RTSHM_MUTANT_HANG_ON_GETLASTERROR)
#define BACKEND_NAME "broken: loops forever in GetLastError"
#define MUTATES_CALL 1
#elif defined(RTSHM_MUTANT_WRONG_VERSION)
#define BACKEND_NAME "broken: interface version 99"
#else
#define BACKEND_NAME "reference (as a backend library)"
#endif

static const rtshm_backend *reference; /* the reference's own table */
static rtshm_backend exported;         /* the library's: the reference's, renamed (and mutated) */

#if defined(MUTATES_CALL)
#if defined(PRETENDS_SUCCESS)
/* A successful outcome of (api, function) without running it: TRUE for Win32-style calls, E_OK /
 * STATUS_SUCCESS (0) for the others, the last-error slot at 0. -1 when there is no such function: the
 * caller lets the reference answer (and refuse it). */
static int pretend_success(const char *api, const char *function, rtshm_outcome *out) {
    spec_api family;
    const spec_function *fn = spec_api_by_name(api, &family) ? spec_function_find(family, function) : NULL;
    if (fn == NULL) return -1;
    memset(out, 0, sizeof *out);
    out->family = (uint32_t)fn->status_family;
    out->ret = fn->status_family == SPEC_FAMILY_WIN32 ? 1 : 0;
    out->has_last_error = fn->status_family != SPEC_FAMILY_NTSTATUS;
    return 0;
}
#endif

#if defined(RTSHM_MUTANT_ALIASED_HANDLES)
/* A port whose handle table hands out an open value again (SIM.OPAQUE.BIJECTION): while a process holds
 * its first iwin32 handle (first[p]), every further handle an iwin32 call gives it (another object, or
 * the same one opened again) comes back as that same value, which then stands for the newest handle
 * (alias[p], the reference's value: CloseHandle of it closes that one, after which the value stands for
 * the first again). Otherwise it behaves: only handle values change. The state is the last world xOpen
 * made (a library's worlds are opened one at a time; calls on another world pass through). */
#define ALIASED_MAX_PROCESSES 256
static void *aliased_world;
static uint64_t first[ALIASED_MAX_PROCESSES], alias[ALIASED_MAX_PROCESSES];

static bool returns_iwin32_handle(const char *api, const char *function) {
    static const char *const names[] = {"RtCreateSharedMemory", "RtOpenSharedMemory", "CreateEvent", "CreateMutex",
                                        "CreateSemaphore"};
    if (strcmp(api, "iwin32") != 0) return false;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(function, names[i]) == 0) return true;
    return false;
}

static void *mutant_open(const rtshm_topology *topology, uint64_t seed, char *err, size_t cap) {
    void *world = reference->xOpen(topology, seed, err, cap);
    aliased_world = world;
    memset(first, 0, sizeof first);
    memset(alias, 0, sizeof alias);
    return world;
}
#endif

/* xCall of the mutant: the reference's, with the one behaviour changed. */
static int mutant_call(void *world, int process, const char *api, const char *function, int argc, const rtshm_value *argv,
                       rtshm_outcome *out, char *err, size_t cap) {
    rtshm_value args[RTSHM_MAX_ARGS];
    if (argc < 0 || argc > RTSHM_MAX_ARGS) return reference->xCall(world, process, api, function, argc, argv, out, err, cap);
    if (argc > 0) memcpy(args, argv, sizeof(rtshm_value) * (size_t)argc);
#if defined(RTSHM_MUTANT_CASE_INSENSITIVE)
    char lowered[RTSHM_MAX_ARGS][512];
    for (int i = 0; i < argc; i++) {
        if (args[i].kind != RTSHM_V_STRING) continue;
        snprintf(lowered[i], sizeof lowered[i], "%s", args[i].string);
        for (char *c = lowered[i]; *c; c++) *c = (char)tolower((unsigned char)*c);
        args[i].string = lowered[i];
    }
#elif defined(RTSHM_MUTANT_NO_NTX_CACHE)
    if (strncmp(function, "ntxMapRtSharedMemory", 20) == 0) { /* forget any cached mapping first */
        const spec_function *unmap = spec_function_find(SPEC_API_NTX, "ntxUnmapRtSharedMemory");
        rtshm_outcome ignored;
        char e[64];
        reference->xCall(world, process, api, unmap->name, unmap->param_count, args, &ignored, e, sizeof e);
    }
#elif defined(RTSHM_MUTANT_UNMAP_KEEPS_VIEW)
    if ((strcmp(function, "ntxUnmapRtSharedMemory") == 0 || strcmp(function, "RtUnmapSharedMemory") == 0 ||
         strcmp(function, "RtkUnMapSharedMemory") == 0) &&
        pretend_success(api, function, out) == 0)
        return 0;
#elif defined(RTSHM_MUTANT_DETACHED_INSTANCE_ACCEPTED)
    if (strcmp(function, "RtkRtssDetach") == 0 && pretend_success(api, function, out) == 0) return 0; /* STATUS_SUCCESS */
#elif defined(RTSHM_MUTANT_LAST_CLOSE_KEEPS_OBJECT)
    if ((strcmp(function, "CloseHandle") == 0 || strcmp(function, "RtCloseHandle") == 0 ||
         strcmp(function, "RtkCloseHandle") == 0) &&
        pretend_success(api, function, out) == 0)
        return 0;
#elif defined(RTSHM_MUTANT_READONLY_MAPEX_WRITABLE)
    if (strcmp(function, "ntxMapRtSharedMemoryEx") == 0 && argc > 1) args[1].number |= K_NTX_MAP_WRITE;
#elif defined(RTSHM_MUTANT_CRASH_ON_CLOSE)
    if (strcmp(function, "CloseHandle") == 0) raise(SIGSEGV);
#elif defined(RTSHM_MUTANT_HANG_ON_GETLASTERROR)
    if (strcmp(function, "GetLastError") == 0)
        for (volatile unsigned long spin = 0;; spin++) continue; /* the harness's --timeout ends this */
#elif defined(RTSHM_MUTANT_ALIASED_HANDLES)
    bool tracked = world == aliased_world && process >= 0 && process < ALIASED_MAX_PROCESSES && strcmp(api, "iwin32") == 0;
    bool closes = tracked && argc == 1 && (strcmp(function, "CloseHandle") == 0 || strcmp(function, "RtCloseHandle") == 0) &&
                  first[process] != 0 && args[0].number == first[process];
    if (closes && alias[process] != 0) args[0].number = alias[process]; /* the value stands for the newest handle */
#endif
    if (reference->xCall(world, process, api, function, argc, args, out, err, cap) != 0) return -1;
#if defined(RTSHM_MUTANT_NO_ALREADY_EXISTS)
    if (out->status == ST_ERROR_ALREADY_EXISTS && out->family == SPEC_FAMILY_WIN32) out->status = ST_ERROR_SUCCESS;
    if (out->last_error == ST_ERROR_ALREADY_EXISTS && out->family == SPEC_FAMILY_WIN32) out->last_error = ST_ERROR_SUCCESS;
#elif defined(RTSHM_MUTANT_NO_E_LOCATION)
    if (out->family == SPEC_FAMILY_INTIME && out->status == ST_E_LOCATION)
        out->status = out->last_error = ST_E_NTX_INTERNAL_ERROR;
#elif defined(RTSHM_MUTANT_WRITE_ON_READONLY)
    if (strcmp(function, "RtkOpenSharedMemory") == 0 && out->status == ST_STATUS_INVALID_PARAMETER && out->clause &&
        strcmp(out->clause, CL_RTK_OPEN_WRITE_NEEDS_RW) == 0) {
        args[2].number = K_SHM_MAP_READ; /* grant it anyway */
        if (reference->xCall(world, process, api, function, argc, args, out, err, cap) != 0) return -1;
    }
#elif defined(RTSHM_MUTANT_ALIASED_HANDLES)
    if (closes && out->ret != 0) { /* closed: the value stands for the first handle again, or for nothing */
        if (alias[process] != 0) alias[process] = 0;
        else first[process] = 0;
    }
    if (tracked && out->ret != 0 && returns_iwin32_handle(api, function)) {
        if (first[process] == 0) {
            first[process] = out->ret;
        } else {
            alias[process] = out->ret; /* an earlier alias stays open in the model, out of the caller's reach */
            out->ret = first[process];
        }
    }
#elif defined(RTSHM_MUTANT_UNDOCUMENTED_STATUS)
    if (out->family == SPEC_FAMILY_WIN32 && out->status == ST_ERROR_FILE_NOT_FOUND)
        out->status = out->last_error = ST_ERROR_PATH_NOT_FOUND;
#elif defined(RTSHM_MUTANT_OPEN_CREATES_MISSING)
    /* a port whose open silently creates (4 KiB, the name as given): the failure is documented, only its
     * status is the model's (IWIN32.OPEN.MISSING, RTX64.OPEN.MISSING), so validate must FAIL it */
    if (strcmp(function, "RtOpenSharedMemory") == 0 && out->status == ST_ERROR_FILE_NOT_FOUND && argc == 4) {
        rtshm_value create[5] = {{.kind = RTSHM_V_NUMBER, .number = K_PAGE_READWRITE},
                                 {.kind = RTSHM_V_NUMBER, .number = 0},
                                 {.kind = RTSHM_V_NUMBER, .number = 4096},
                                 args[2],
                                 args[3]};
        if (reference->xCall(world, process, api, "RtCreateSharedMemory", 5, create, out, err, cap) != 0) return -1;
        out->outputs[3] = out->outputs[4]; /* the create's location (its 5th parameter) is the open's 4th */
        out->outputs[4] = 0;
    }
#endif
    return 0;
}
#endif

#if defined(MUTATES_EVENT)
/* xEvent of the mutant: the process "exits" but keeps its handles (nothing happens in the model). */
static int mutant_event(void *world, const rtshm_event *ev, rtshm_outcome *out, char *err, size_t cap) {
    if (ev->kind != RTSHM_EV_PROCESS_EXIT) return reference->xEvent(world, ev, out, err, cap);
    memset(out, 0, sizeof *out);
    out->family = RTSHM_STATUS_SIM;
    return 0;
}
#endif

/* Fills `exported` from the reference's table (once). */
static void build_table(void) {
    reference = conf_reference_table();
    exported = *reference;
    exported.zName = BACKEND_NAME;
#if defined(RTSHM_MUTANT_WRONG_VERSION)
    exported.iVersion = 99;
#elif defined(MUTATES_EVENT)
    exported.xEvent = mutant_event;
#elif defined(MUTATES_CALL)
    exported.xCall = mutant_call;
#endif
#if defined(MUTATES_OPEN)
    exported.xOpen = mutant_open;
#endif
}

__attribute__((visibility("default"))) const rtshm_backend *rtshm_backend_entry(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, build_table);
    return &exported;
}
