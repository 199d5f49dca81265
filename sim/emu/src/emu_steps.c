/* sim/emu/src/emu_steps.c — what the control API adds to the record besides calls: events, recorded memory
 * accesses, and the scenario written from the record (rtshm_emu.h; emu_int.h).
 *
 * Events and accesses go to the model through the same driver as calls (conf_world_event, conf_world_read,
 * conf_world_write), under the one lock, and are recorded as steps (emu_record.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu_int.h"
#include "sim/world.h"

/* ---- events ---- */

/* Delivers event st (its subject filled in) after checking it changes the state. 0, or -1. */
static int deliver(conf_step *st, const char *what) {
    conf_outcome o;
    char err[512] = "";
    st->kind = CONF_STEP_EVENT;
    emu_w->vtime_us += 1000;
    st->vtime_us = emu_w->vtime_us;
    emu_w->current_step = emu_w->step_count;
    if (conf_world_event(emu_w->world, st, &o, err, sizeof err) != 0) return emu_fail("%s: the model failed: %s", what, err);
    emu_mem_sync(emu_w->sim);
    emu_record_event(st);
    return 0;
}

/* Runs an event given by names (a, b: its subject) under the lock, then the routines it triggered. */
static int event(conf_event_kind kind, const char *a, const char *b) {
    static const char *const names[] = {"process.exit", "kernel.stop", "kernel.start", "link.down", "link.up"};
    const char *what = names[kind];
    emu_lock();
    int rc = 0;
    conf_step st;
    memset(&st, 0, sizeof st);
    st.event = kind;
    st.process = st.kernel = st.link_a = st.link_b = -1;
    if (emu_w == NULL) {
        rc = emu_fail("%s: no world is open", what);
    } else if (kind == CONF_EVENT_PROCESS_EXIT) {
        st.process = emu_process_index(a);
        if (st.process < 0)
            rc = emu_fail("%s: the topology has no process '%s'", what, a ? a : "(null)");
        else if (emu_w->sim->processes[st.process]->exited)
            rc = emu_fail("%s: process '%s' has ended already", what, a);
    } else if (kind == CONF_EVENT_KERNEL_STOP || kind == CONF_EVENT_KERNEL_START) {
        st.kernel = emu_kernel_index(a);
        if (st.kernel < 0)
            rc = emu_fail("%s: the topology has no kernel '%s'", what, a ? a : "(null)");
        else if (emu_w->sim->kernels[st.kernel]->running == (kind == CONF_EVENT_KERNEL_START))
            rc = emu_fail("%s: kernel '%s' is %s already", what, a, kind == CONF_EVENT_KERNEL_START ? "running" : "stopped");
    } else {
        st.link_a = emu_node_index(a);
        st.link_b = emu_node_index(b);
        const sim_link *link = st.link_a >= 0 && st.link_b >= 0
                                   ? sim_world_link(emu_w->sim, emu_w->sim->nodes[st.link_a], emu_w->sim->nodes[st.link_b])
                                   : NULL;
        if (link == NULL)
            rc = emu_fail("%s: the topology has no link between '%s' and '%s'", what, a ? a : "(null)", b ? b : "(null)");
        else if (link->up == (kind == CONF_EVENT_LINK_UP))
            rc = emu_fail("%s: the link between '%s' and '%s' is %s already", what, a, b,
                      kind == CONF_EVENT_LINK_UP ? "up" : "down");
    }
    emu_pending pending = {.count = 0};
    if (rc == 0) rc = deliver(&st, what);
    if (rc == 0) emu_take_notes(&pending);
    emu_unlock();
    emu_run_pending(&pending);
    return rc;
}

int rtshm_emu_process_exit(const char *process) {
    return event(CONF_EVENT_PROCESS_EXIT, process, NULL);
}

int rtshm_emu_kernel_stop(const char *kernel) {
    return event(CONF_EVENT_KERNEL_STOP, kernel, NULL);
}

int rtshm_emu_kernel_start(const char *kernel) {
    return event(CONF_EVENT_KERNEL_START, kernel, NULL);
}

int rtshm_emu_link_down(const char *node_a, const char *node_b) {
    return event(CONF_EVENT_LINK_DOWN, node_a, node_b);
}

int rtshm_emu_link_up(const char *node_a, const char *node_b) {
    return event(CONF_EVENT_LINK_UP, node_a, node_b);
}

/* ---- recorded accesses ---- */

/* Whether the model says an access of len bytes at va by sp faults (MEM.ACCESS.ONE_VIEW, MEM.VIEW.FAULT). */
static bool model_faults(const sim_process *sp, uint64_t va, size_t len, bool write) {
    const sim_view *v = sim_as_find(&sp->as, va, len, NULL);
    return v == NULL || v->obj->destroyed || (write && !v->writable);
}

/* One access of at most CONF_MAX_ACCESS_BYTES (the lock is held). 0, 1 (fault), or -1. */
static int access_chunk(int p, bool write, const unsigned char *host, size_t len) {
    bool foreign = false;
    uint64_t va = emu_mem_to_model(p, (uint64_t)(uintptr_t)host, &foreign);
    const sim_process *sp = emu_w->sim->processes[p];
    bool faults = foreign || model_faults(sp, va, len, write);
    unsigned char real[CONF_MAX_ACCESS_BYTES], model[CONF_MAX_ACCESS_BYTES];
    memset(real, 0, len);
    if (!faults) memcpy(real, host, len); /* a live view the model can access: mapped here too */
    conf_outcome o;
    char err[512] = "";
    emu_w->current_step = emu_w->step_count;
    int rc = write ? conf_world_write(emu_w->world, p, va, real, len, &o, err, sizeof err)
                   : conf_world_read(emu_w->world, p, va, len, model, &o, err, sizeof err);
    if (rc != 0) return emu_fail("%s: the model failed: %s", write ? "rtshm_emu_record_write" : "rtshm_emu_record_read", err);
    bool agree = true;
    if (!write && !o.fault && memcmp(real, model, len) != 0) {
        agree = false;
        emu_finding("unrecorded-store", "",
                    "process '%s' read %zu bytes at 0x%llx that differ from the model's: a store was not recorded "
                    "(rtshm_emu_record_write); the read step keeps no data expectation",
                    emu_w->topo->processes[p].id, len, (unsigned long long)va);
    }
    emu_record_access(p, write, va, o.fault ? NULL : real, len, o.fault, agree);
    return o.fault ? 1 : 0;
}

static int record_access(bool write, const void *ptr, size_t len) {
    const char *what = write ? "rtshm_emu_record_write" : "rtshm_emu_record_read";
    emu_lock();
    int rc = 0;
    int p = emu_current();
    if (emu_w == NULL)
        rc = emu_fail("%s: no world is open", what);
    else if (p < 0)
        rc = emu_fail("%s: the calling thread acts as no process", what);
    else if (len == 0)
        rc = emu_fail("%s: length 0", what);
    else if (emu_w->sim->processes[p]->exited)
        rc = emu_fail("%s: process '%s' has ended", what, emu_w->topo->processes[p].id);
    for (size_t done = 0; rc == 0 && done < len; done += CONF_MAX_ACCESS_BYTES) {
        size_t n = len - done < CONF_MAX_ACCESS_BYTES ? len - done : CONF_MAX_ACCESS_BYTES;
        rc = access_chunk(p, write, (const unsigned char *)ptr + done, n);
    }
    emu_unlock();
    return rc;
}

int rtshm_emu_record_write(const void *ptr, size_t len) {
    return record_access(true, ptr, len);
}

int rtshm_emu_record_read(const void *ptr, size_t len) {
    return record_access(false, ptr, len);
}

/* ---- scenario ---- */

char *rtshm_emu_scenario_text(void) {
    emu_lock();
    char err[1024] = "";
    char *text = NULL;
    if (emu_w == NULL)
        emu_fail("rtshm_emu_scenario_text: no world is open");
    else if ((text = emu_record_text(err, sizeof err)) == NULL)
        emu_fail("%s", err);
    emu_unlock();
    return text;
}

int rtshm_emu_save_scenario(const char *path) {
    char *text = rtshm_emu_scenario_text();
    if (text == NULL) return -1;
    char tmp[4096];
    int rc = 0;
    if (path == NULL || snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) {
        free(text);
        return emu_fail("rtshm_emu_save_scenario: no path, or a path too long");
    }
    FILE *f = fopen(tmp, "wb");
    if (f == NULL) rc = emu_fail("rtshm_emu_save_scenario: cannot create %s", tmp);
    if (rc == 0) {
        size_t len = strlen(text);
        bool ok = fwrite(text, 1, len, f) == len;
        ok = (fclose(f) == 0) && ok;
        if (!ok || rename(tmp, path) != 0) {
            remove(tmp);
            rc = emu_fail("rtshm_emu_save_scenario: cannot write %s", path);
        }
    }
    free(text);
    return rc;
}
