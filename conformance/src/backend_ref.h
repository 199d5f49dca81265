/* conformance/src/backend_ref.h — the reference model's rtshm_backend operations, shared by its two
 * files (private to conformance/src/):
 *   backend_ref.c        the calls: the dispatch generated from spec/functions.def, the row lookup by
 *                        (api, function), xCall, and the operations table;
 *   backend_ref_world.c  the world: xOpen (topology checked, then built), xClose, xRead, xWrite,
 *                        xEvent, xNextNote, xNextFinding, and the per-operation findings queue.
 *
 * Out of memory: sim/ counts the allocations it could not make (sim_alloc_failures). When the count
 * grows during an operation, the model may have given up half-way, so the operation's outcome is not
 * trusted: it returns -1 with REF_OUT_OF_MEMORY (where it has an err buffer), which the runner records
 * as verdict ERROR rather than a wrong status. The findings queue allocates through sim/alloc.h too,
 * so a finding that cannot be queued is the same error, never a silent drop. */
#ifndef CONF_BACKEND_REF_H
#define CONF_BACKEND_REF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rtshm/backend.h"
#include "sim/alloc.h"
#include "sim/world.h"
#include "spec/functions.h"

#define REF_OUT_OF_MEMORY "out of memory in the reference model"

/* A reference world: the sim world and the findings of its current operation. */
typedef struct ref_world {
    sim_world *w;
    rtshm_finding *findings;  /* the current operation's, in the order raised (sim_alloc'd) */
    int finding_count, finding_next, finding_cap;
} ref_world;

/* Builds the table of rows xCall looks functions up in, once per process (xOpen calls it: a world,
 * which xCall needs, only comes from xOpen). */
void ref_rows_init(void);

/* Writes REF_OUT_OF_MEMORY into err (when there is one); returns true. */
bool ref_out_of_memory(char *err, size_t cap);

/* Writes why process `process` is none of rw's into err (when there is one); returns NULL. */
sim_process *ref_no_process(const ref_world *rw, int process, char *err, size_t cap);

/* True, with REF_OUT_OF_MEMORY in err when there is one, when the model failed an allocation since it
 * had `failures` failures. (Inline, with the next two: they run in every operation.) */
static inline bool ref_ran_out(uint64_t failures, char *err, size_t cap) {
    return sim_alloc_failures() != failures && ref_out_of_memory(err, cap);
}

/* A new operation starts on rw: the findings of the previous one, collected or not, are forgotten. */
static inline void ref_new_operation(ref_world *rw) {
    rw->finding_count = rw->finding_next = 0;
}

/* Process `process` of rw, or NULL (with a message in err when there is one) when there is none. */
static inline sim_process *ref_process(ref_world *rw, int process, char *err, size_t cap) {
    if (process >= 0 && process < rw->w->process_count) return rw->w->processes[process];
    return ref_no_process(rw, process, err, cap);
}

/* The world operations of the table (rtshm/backend.h states their contracts). */
void *ref_open(const rtshm_topology *topology, uint64_t seed, char *err, size_t cap);
void ref_close(void *world);
int ref_read(void *world, int process, uint64_t address, size_t len, unsigned char *data, rtshm_outcome *out);
int ref_write(void *world, int process, uint64_t address, const unsigned char *data, size_t len, rtshm_outcome *out);
int ref_event(void *world, const rtshm_event *event, rtshm_outcome *out, char *err, size_t cap);
int ref_next_note(void *world, rtshm_note *note);
int ref_next_finding(void *world, rtshm_finding *finding);

/* ---- opaque values (the runner's correspondence check, SIM.OPAQUE.BIJECTION) ----
 * Where a handle, pointer or instance value lives in the model: two values of one space in one process
 * are equal exactly when they stand for the same live thing (a handle-table slot, a view, an RTHANDLE of
 * a kernel's table, an RTSSINST). REF_SPACE_NONE: a value the correspondence does not judge (an
 * NTXLOCATION names a kernel, not something that is opened and closed). */
typedef enum ref_opaque_space {
    REF_SPACE_NONE = 0,
    REF_SPACE_HANDLE,    /* the process's handle table (iwin32, rtx64, an Rtk shared memory handle) */
    REF_SPACE_VIEW,      /* the base address of one of the process's views */
    REF_SPACE_RTHANDLE,  /* an RTHANDLE of the rt process's kernel's object table */
    REF_SPACE_NTXHANDLE, /* an NTXHANDLE: (kernel index + 1) << 16 | RTHANDLE (NTX.LOCATION.VALUES) */
    REF_SPACE_INSTANCE   /* an RTSSINST of the driver (RtkRtssAttach, RtkRtssAttachEx) */
} ref_opaque_space;

/* The space of the value call fn returns (param -1) or stores through its output parameter `param`;
 * REF_SPACE_NONE for a value that is no handle, pointer or instance, or one not judged. */
ref_opaque_space ref_opaque_space_of(const spec_function *fn, int param);

/* True when value, of space `space`, is live in process `process` of the reference's world w now: an
 * open handle of its table, the base of one of its views, a live object of its kernel's table, an
 * attached instance of it. False for anything else (a failure value, a dead value, a bad process). Read
 * only: nothing of w changes. */
bool ref_opaque_live(const sim_world *w, int process, ref_opaque_space space, uint64_t value);

#endif
