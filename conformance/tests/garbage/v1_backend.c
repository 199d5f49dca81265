/* conformance/tests/garbage/v1_backend.c — librtshm_v1.so: a backend of interface version 1, as a library
 * built before version 2 was, to prove it keeps working unchanged (conformance/tests/test_garbage.c: its
 * canonical trace of the corpus is the in-process reference's, byte for byte).
 *
 * Its table and its view of the outcome are the version 1 layouts, written out here as they were
 * (rtshm_backend up to xNextFinding; rtshm_outcome up to clause): the exported table is exactly
 * RTSHM_BACKEND_V1_SIZE bytes, so rtshm reading past it would read past the object (AddressSanitizer
 * reports it in `make test`), and the library writes only the version 1 part of every outcome. The
 * answers are the reference model's. */
#include <pthread.h>
#include <stddef.h>
#include <string.h>

#include "conf/backend.h"
#include "rtshm/backend.h"

/* The version 1 layouts. */
typedef struct v1_outcome {
    uint64_t ret;
    uint32_t family, status;
    int has_last_error;
    uint32_t last_error;
    uint64_t outputs[RTSHM_MAX_ARGS];
    int fault;
    const char *clause;
} v1_outcome;

typedef struct v1_backend {
    int iVersion, szBackend;
    const char *zName;
    unsigned families, events;
    void *(*xOpen)(const rtshm_topology *topology, uint64_t seed, char *err, size_t cap);
    void (*xClose)(void *world);
    int (*xCall)(void *world, int process, const char *api, const char *function, int argc, const rtshm_value *argv,
                 v1_outcome *out, char *err, size_t cap);
    int (*xRead)(void *world, int process, uint64_t address, size_t len, unsigned char *data, v1_outcome *out);
    int (*xWrite)(void *world, int process, uint64_t address, const unsigned char *data, size_t len, v1_outcome *out);
    int (*xEvent)(void *world, const rtshm_event *event, v1_outcome *out, char *err, size_t cap);
    int (*xNextNote)(void *world, rtshm_note *note);
    int (*xNextFinding)(void *world, rtshm_finding *finding);
} v1_backend;

_Static_assert(sizeof(v1_backend) == RTSHM_BACKEND_V1_SIZE, "the version 1 table's size");
_Static_assert(offsetof(rtshm_outcome, clause) == offsetof(v1_outcome, clause), "the version 1 outcome is a prefix");

static const rtshm_backend *reference;

/* Copies the version 1 part of a full outcome into the caller's (a version 1 backend knows no more). */
static void give(v1_outcome *out, const rtshm_outcome *full) {
    memcpy(out, full, sizeof *out);
}

static int v1_call(void *world, int process, const char *api, const char *function, int argc, const rtshm_value *argv,
                   v1_outcome *out, char *err, size_t cap) {
    rtshm_outcome full;
    memset(&full, 0, sizeof full);
    int rc = reference->xCall(world, process, api, function, argc, argv, &full, err, cap);
    give(out, &full);
    return rc;
}

static int v1_read(void *world, int process, uint64_t address, size_t len, unsigned char *data, v1_outcome *out) {
    rtshm_outcome full;
    memset(&full, 0, sizeof full);
    int rc = reference->xRead(world, process, address, len, data, &full);
    give(out, &full);
    return rc;
}

static int v1_write(void *world, int process, uint64_t address, const unsigned char *data, size_t len, v1_outcome *out) {
    rtshm_outcome full;
    memset(&full, 0, sizeof full);
    int rc = reference->xWrite(world, process, address, data, len, &full);
    give(out, &full);
    return rc;
}

static int v1_event(void *world, const rtshm_event *event, v1_outcome *out, char *err, size_t cap) {
    rtshm_outcome full;
    memset(&full, 0, sizeof full);
    int rc = reference->xEvent(world, event, &full, err, cap);
    give(out, &full);
    return rc;
}

static v1_backend table;

static void build_table(void) {
    reference = conf_reference_table();
    table = (v1_backend){1, (int)sizeof(v1_backend), "reference (interface version 1)", reference->families,
                         reference->events, reference->xOpen, reference->xClose, v1_call, v1_read, v1_write,
                         v1_event, reference->xNextNote, reference->xNextFinding};
}

__attribute__((visibility("default"))) const void *rtshm_backend_entry(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, build_table);
    return &table;
}
