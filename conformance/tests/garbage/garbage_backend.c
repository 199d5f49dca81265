/* conformance/tests/garbage/garbage_backend.c — librtshm_garbage.so: the reference model behind a table
 * that hands back ONE kind of garbage, chosen by the environment variable RTSHM_GARBAGE when the library
 * is loaded (conformance/tests/test_garbage.c runs it once per kind and asserts the exact message the
 * trace records). The garbage is returned the first time its target operation runs in a process (a
 * scenario's child); everything else is the reference's answer.
 *
 * Kinds, by what they break (rtshm/backend.h, "What rtshm checks"):
 *   load:     zname-utf8, supports-7, version-1-size
 *   outcome:  family, has-last-error-flag, last-error-no-slot, fault-in-call, fault-flag, bool-ret,
 *             dword-ret, void-ret, output-not-output, output-null, opaque-bool, opaque-input,
 *             clause-unknown, clause-unterminated, native-flag, native-kind-unterminated,
 *             native-without-flag, access-outputs, event-ret
 *   finding:  finding-kind-unterminated, finding-clause-unknown, finding-detail-utf8, findings-endless,
 *             finding-returns-2
 *   note:     note-process, note-api-unterminated, note-api-unknown, note-function-empty,
 *             note-args-not-json, note-clause-unknown, notes-endless
 * and some that are not garbage: status-unknown (a status its family does not know: recorded as its
 * number and judged), and for the step-level SKIP and opaque-value tests:
 *   no-iwin32            declares every family but iwin32
 *   no-rtx64-open        xSupports says 0 for rtx64:RtOpenSharedMemory
 *   addresses            every handle and pointer moved by a per-process offset (getpid() << 24), as
 *                        real addresses differ from run to run, and flagged opaque
 *   addresses-unflagged  the same without the flags (what a version 1 backend could only do) */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/backend.h"
#include "rtshm/backend.h"
#include "spec/functions.h"

static const rtshm_backend *reference;
static rtshm_backend table;
static char name[96];
static const char *kind = "";
static int fired;            /* the outcome garbage was returned (once per process) */
static int calls;            /* xCall so far in this process */
static uint64_t offset;      /* addresses: what every handle and pointer is moved by */

static int is(const char *k) {
    return strcmp(kind, k) == 0;
}

/* The function of (api, function), or NULL. */
static const spec_function *function_of(const char *api, const char *function) {
    spec_api family;
    return spec_api_by_name(api, &family) ? spec_function_find(family, function) : NULL;
}

/* Whether a value of type t is a handle or a pointer (moved by `addresses`). */
static int moved_type(spec_type t) {
    return t == SPEC_T_HANDLE || t == SPEC_T_PTR || t == SPEC_T_OUT_PTR || t == SPEC_T_OUT_HANDLE;
}

/* addresses: the reference's values moved out by offset (ret and outputs), flagged unless unflagged. */
static void move_out(const spec_function *fn, const rtshm_value *argv, rtshm_outcome *out) {
    if (out->ret != 0 && (fn->ret == SPEC_R_HANDLE || fn->ret == SPEC_R_PTR)) {
        out->ret += offset;
        if (is("addresses")) out->opaque |= RTSHM_OPAQUE_RET;
    }
    for (int i = 0; i < fn->param_count; i++) {
        if (!moved_type(fn->params[i].type) || out->outputs[i] == 0 || argv[i].kind != RTSHM_V_OUT) continue;
        out->outputs[i] += offset;
        if (is("addresses")) out->opaque |= RTSHM_OPAQUE_OUTPUT(i);
    }
}

/* The garbage of an outcome kind for a call to fn (target functions only, once). */
static void spoil_call(const spec_function *fn, const rtshm_value *argv, rtshm_outcome *out) {
    static const char unterminated_clause[] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    const char *f = fn->name;
    int create = strcmp(f, "RtCreateSharedMemory") == 0 && fn->api == SPEC_API_IWIN32;
    int hit = 1;
    if (create && is("family")) out->family = 9;
    else if (create && is("has-last-error-flag")) out->has_last_error = 7;
    else if (strcmp(f, "RtkRtssAttach") == 0 && is("last-error-no-slot")) out->has_last_error = 1;
    else if (create && is("fault-in-call")) out->fault = 1;
    else if (strcmp(f, "CloseHandle") == 0 && is("bool-ret")) out->ret = 5;
    else if (strcmp(f, "GetLastError") == 0 && is("dword-ret")) out->ret = 0x100000000ull;
    else if (strcmp(f, "SetLastError") == 0 && is("void-ret")) out->ret = 1;
    else if (create && is("output-not-output")) out->outputs[2] = 0x1000;
    else if (strcmp(f, "RtOpenSharedMemory") == 0 && argv[3].kind == RTSHM_V_NULL && is("output-null")) out->outputs[3] = 0x1000;
    else if (strcmp(f, "CloseHandle") == 0 && is("opaque-bool")) out->opaque = RTSHM_OPAQUE_RET;
    else if (create && is("opaque-input")) out->opaque = RTSHM_OPAQUE_OUTPUT(2);
    else if (create && is("clause-unknown")) out->clause = "NO.SUCH.CLAUSE";
    else if (create && is("clause-unterminated")) out->clause = unterminated_clause;
    else if (create && is("status-unknown")) out->status = 0x7777; /* not garbage: recorded as its number */
    else if (create && is("native-flag")) out->has_native_error = 2;
    else if (create && is("native-kind-unterminated")) {
        out->has_native_error = 1;
        memset(out->native_error_kind, 'x', sizeof out->native_error_kind);
    } else if (create && is("native-without-flag")) out->native_error = 5;
    else hit = 0;
    fired |= hit;
}

/* Worlds are opened in the process that runs the scenario: the offset is that process's. */
static void *garbage_open(const rtshm_topology *topology, uint64_t seed, char *err, size_t cap) {
    offset = (uint64_t)getpid() << 24;
    return reference->xOpen(topology, seed, err, cap);
}

static int garbage_call(void *world, int process, const char *api, const char *function, int argc,
                        const rtshm_value *argv, rtshm_outcome *out, char *err, size_t cap) {
    const spec_function *fn = function_of(api, function);
    rtshm_value moved[RTSHM_MAX_ARGS];
    int moving = fn && (is("addresses") || is("addresses-unflagged")) && argc == fn->param_count && argc <= RTSHM_MAX_ARGS;
    if (moving) {
        for (int i = 0; i < argc; i++) {
            moved[i] = argv[i];
            if (moved_type(fn->params[i].type) && moved[i].kind == RTSHM_V_NUMBER && moved[i].number != 0)
                moved[i].number -= offset;
        }
        argv = moved;
    }
    calls++;
    if (reference->xCall(world, process, api, function, argc, argv, out, err, cap) != 0) return -1;
    if (moving) move_out(fn, argv, out);
    if (fn && !fired) spoil_call(fn, argv, out);
    return 0;
}

static int garbage_read(void *world, int process, uint64_t address, size_t len, unsigned char *data, rtshm_outcome *out) {
    if (is("addresses") || is("addresses-unflagged")) address -= offset;
    if (reference->xRead(world, process, address, len, data, out) != 0) return -1;
    if (is("fault-flag") && !fired) out->fault = 2, fired = 1;
    return 0;
}

static int garbage_write(void *world, int process, uint64_t address, const unsigned char *data, size_t len,
                         rtshm_outcome *out) {
    if (is("addresses") || is("addresses-unflagged")) address -= offset;
    if (reference->xWrite(world, process, address, data, len, out) != 0) return -1;
    if (is("access-outputs") && !fired) out->outputs[0] = 1, fired = 1;
    return 0;
}

static int garbage_event(void *world, const rtshm_event *event, rtshm_outcome *out, char *err, size_t cap) {
    if (reference->xEvent(world, event, out, err, cap) != 0) return -1;
    if (is("event-ret") && !fired) out->ret = 1, fired = 1;
    return 0;
}

/* Findings: the garbage one after the first call (endless: after every call, without end). */
static int garbage_next_finding(void *world, rtshm_finding *f) {
    static int given;
    int due = calls >= 1 && strncmp(kind, "finding", 7) == 0 && !given;
    if (is("findings-endless") && calls >= 1) due = 1;
    if (!due) return reference->xNextFinding(world, f);
    given = 1;
    snprintf(f->kind, sizeof f->kind, "odd");
    snprintf(f->detail, sizeof f->detail, "a finding");
    if (is("finding-kind-unterminated")) memset(f->kind, 'k', sizeof f->kind);
    if (is("finding-clause-unknown")) snprintf(f->clause, sizeof f->clause, "NO.SUCH.CLAUSE");
    if (is("finding-detail-utf8")) snprintf(f->detail, sizeof f->detail, "caf\xc3(");
    return is("finding-returns-2") ? 2 : 1;
}

/* Notes: the garbage one after the first call (endless: without end). */
static int garbage_next_note(void *world, rtshm_note *n) {
    static int given;
    int due = calls >= 1 && strncmp(kind, "note", 4) == 0 && !given;
    if (!due) return reference->xNextNote(world, n);
    given = !is("notes-endless");
    n->process = is("note-process") ? 7 : -1;
    snprintf(n->api, sizeof n->api, "%s", is("note-api-unknown") ? "xyz" : "rtk");
    if (is("note-api-unterminated")) memset(n->api, 'a', sizeof n->api);
    snprintf(n->function, sizeof n->function, "%s", is("note-function-empty") ? "" : "Thing.callback");
    snprintf(n->args_json, sizeof n->args_json, "%s", is("note-args-not-json") ? "{\"n\":" : "{\"n\":1}");
    if (is("note-clause-unknown")) snprintf(n->clause, sizeof n->clause, "NO.SUCH.CLAUSE");
    return 1;
}

static int no_rtx64_open(const char *api, const char *function) {
    return !(strcmp(api, "rtx64") == 0 && strcmp(function, "RtOpenSharedMemory") == 0);
}

static int supports_7(const char *api, const char *function) {
    (void)api;
    return strcmp(function, "CloseHandle") == 0 ? 7 : 1;
}

/* Fills `table` from the reference's and the kind (once). */
static void build_table(void) {
    const char *env = getenv("RTSHM_GARBAGE");
    kind = env ? env : "";
    reference = conf_reference_table();
    table = *reference;
    snprintf(name, sizeof name, "garbage: %s", kind);
    if (is("zname-utf8")) snprintf(name, sizeof name, "garbage \xff");
    table.zName = name;
    table.xOpen = garbage_open;
    table.xCall = garbage_call;
    table.xRead = garbage_read;
    table.xWrite = garbage_write;
    table.xEvent = garbage_event;
    table.xNextFinding = garbage_next_finding;
    table.xNextNote = garbage_next_note;
    if (is("no-iwin32")) table.families &= ~(unsigned)RTSHM_FAMILY_IWIN32;
    if (is("no-rtx64-open")) table.xSupports = no_rtx64_open;
    if (is("supports-7")) table.xSupports = supports_7;
    if (is("version-1-size")) table.iVersion = 1;
}

__attribute__((visibility("default"))) const rtshm_backend *rtshm_backend_entry(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, build_table);
    return &table;
}
