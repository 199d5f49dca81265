/* conformance/src/backend_load.c — binding a backend library (rtshm/backend.h) as a conf_backend, and
 * telling whether a scenario needs what a backend does not declare.
 *
 * Loading checks the table's version and size before anything else, then that the required operations
 * are there; the table is then driven like the reference's (backend_drive.c). */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "conf/backend.h"
#include "conf/families.h"
#include "conf/steps.h"

int conf_backend_load(const char *path, conf_backend *out, char *err, size_t cap) {
    memset(out, 0, sizeof *out);
    void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        snprintf(err, cap, "%s: cannot load: %s", path, dlerror());
        return -1;
    }
    rtshm_backend_entry_fn entry;
    *(void **)&entry = dlsym(handle, RTSHM_BACKEND_ENTRY);
    if (entry == NULL) {
        snprintf(err, cap, "%s: no symbol %s: not an rtshm backend", path, RTSHM_BACKEND_ENTRY);
        dlclose(handle);
        return -1;
    }
    const rtshm_backend *lib = entry();
    if (lib == NULL || lib->iVersion != RTSHM_BACKEND_VERSION || lib->szBackend != (int)sizeof(rtshm_backend)) {
        snprintf(err, cap, "%s: backend interface version %d (table size %d); this rtshm speaks version %d (size %d)",
                 path, lib ? lib->iVersion : -1, lib ? lib->szBackend : -1, RTSHM_BACKEND_VERSION, (int)sizeof(rtshm_backend));
        dlclose(handle);
        return -1;
    }
    if (!lib->xOpen || !lib->xClose || !lib->xCall || !lib->xRead || !lib->xWrite || !lib->xEvent || !lib->zName) {
        snprintf(err, cap, "%s: backend table lacks a required operation", path);
        dlclose(handle);
        return -1;
    }
    *out = (conf_backend){lib, lib->zName, lib->families, lib->events, handle};
    return 0;
}

/* The RTSHM_EVENT_* bit an event of kind `event` needs. */
static unsigned event_bit(conf_event_kind event) {
    switch (event) {
    case CONF_EVENT_PROCESS_EXIT: return RTSHM_EVENT_PROCESS_EXIT;
    case CONF_EVENT_KERNEL_STOP:
    case CONF_EVENT_KERNEL_START: return RTSHM_EVENT_KERNEL_STOP;
    default: return RTSHM_EVENT_LINK;
    }
}

bool conf_backend_unsupported(const conf_backend *be, const conf_scenario *sc, char *why, size_t cap) {
    conf_step_reader *r;
    char err[512];
    if (conf_steps_open(sc, &r, err, sizeof err) != 0) return false; /* the run reports the error */
    const conf_step *st;
    bool unsupported = false;
    while (!unsupported && conf_steps_next(r, &st, err, sizeof err) == 1) {
        if (st->kind == CONF_STEP_CALL && !(be->families & conf_family_bit(st->fn->api))) {
            snprintf(why, cap, "%s does not support the %s family (step %d: %s)", be->name, spec_api_name(st->fn->api),
                     st->index, st->fn->name);
            unsupported = true;
        }
        if (st->kind == CONF_STEP_EVENT && !(be->events & event_bit(st->event))) {
            static const char *const names[] = {"process.exit", "kernel.stop", "kernel.start", "link.down", "link.up"};
            snprintf(why, cap, "%s does not support the event %s (step %d)", be->name, names[st->event], st->index);
            unsupported = true;
        }
    }
    conf_steps_close(r);
    return unsupported;
}
