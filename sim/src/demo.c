/* sim/src/demo.c — the demonstration family demo: its descriptor, its per-process ticket counter and
 * DemoGetTicket (sim/demo.h, DEMO.TICKET). Built only with -DRTSHM_DEMO_FAMILY=ON.
 *
 * It owns no object kind and keeps no world or kernel state: its descriptor has the error channel,
 * the process hooks that create and free the counter, and the check that the counter exists. */
#include "sim/demo.h"

#include "sim/alloc.h"
#include "sim/assert.h"
#include "sim/family.h"
#include "spec/clause_ids.h"

/* What the demo family keeps per process. */
typedef struct demo_process {
    uint32_t ticket; /* the last ticket handed out, 0 before the first */
} demo_process;

static demo_process *demo_of(const sim_process *p) {
    return p->family_state[SPEC_API_DEMO];
}

uint32_t sim_demo_ticket(const sim_process *p) {
    return demo_of(p)->ticket;
}

uint32_t sim_demo_DemoGetTicket(sim_process *p, uint32_t step, sim_outcome *out) {
    demo_process *dp = demo_of(p);
    /* DEMO.TICKET: a zero step, or one that would wrap the counter, changes nothing. */
    if (step == 0 || step > UINT32_MAX - dp->ticket) {
        p->last_error = ST_ERROR_INVALID_PARAMETER;
        sim_outcome_set(out, SPEC_FAMILY_WIN32, ST_ERROR_INVALID_PARAMETER, CL_DEMO_TICKET);
        return 0;
    }
    dp->ticket += step;
    sim_outcome_set(out, SPEC_FAMILY_WIN32, ST_ERROR_SUCCESS, CL_DEMO_TICKET);
    return dp->ticket;
}

/* ---- the demo family: descriptor and hooks ---- */

static bool process_init(sim_process *p) {
    demo_process *dp = sim_calloc(1, sizeof *dp);
    if (dp == NULL) return false;
    p->family_state[SPEC_API_DEMO] = dp;
    return true;
}

static void process_free(sim_process *p) {
    sim_free(p->family_state[SPEC_API_DEMO]);
    p->family_state[SPEC_API_DEMO] = NULL;
}

/* Every process has its counter. */
static bool check_process(const sim_process *p) {
    bool ok = demo_of(p) != NULL;
    SIM_ASSERT(ok);
    return ok;
}

const sim_family sim_family_demo = {
    .api = SPEC_API_DEMO,
    .name = "demo",
    .status_family = SPEC_FAMILY_WIN32,
    .slot = SIM_SLOT_THREAD, /* GetLastError's slot */
    .kernel_kind = SIM_KERNEL_INTIME, /* no kernel state or kernel hooks: only names the kind */
    .process_init = process_init,
    .process_free = process_free,
    .check_process = check_process,
};
