/* conformance/src/backend_load.c — binding a backend library (rtshm/backend.h) as a conf_backend, and
 * telling which steps of a scenario it cannot run.
 *
 * Loading checks the table's version and size before anything else (a version 1 table is never read
 * past its end), then that the required operations and a terminated UTF-8 name are there, then asks a
 * version 2 table's xSupports about every function of the families it declares, once: nothing of the
 * backend runs for a support question during a scenario. The table is then driven like the
 * reference's (backend_drive.c). */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "backend_check.h"
#include "conf/backend.h"
#include "conf/exec.h"
#include "conf/families.h"
#include "conf/steps.h"
#include "run_prov.h"

/* Asks table->xSupports about every function of the declared families into out->unsupported_fn.
 * Returns 0, or -1 with a message when an answer is neither 0 nor 1. */
static int ask_support(const rtshm_backend *table, conf_backend *out, const char *where, char *err, size_t cap) {
    int count;
    const spec_function *fns = spec_function_table(&count);
    for (int row = 0; row < count && row < SPEC_FN_COUNT; row++) {
        const spec_function *fn = &fns[row];
        if (!(out->families & conf_family_bit(fn->api))) continue;
        int answer = table->xSupports(spec_api_name(fn->api), fn->name);
        if (answer != 0 && answer != 1) {
            snprintf(err, cap, "%s: xSupports(\"%s\", \"%s\") returned %d (expected 1 or 0)", where,
                     spec_api_name(fn->api), fn->name, answer);
            return -1;
        }
        out->unsupported_fn[row] = answer == 0;
    }
    return 0;
}

int conf_backend_bind(const rtshm_backend *lib, const char *where, conf_backend *out, char *err, size_t cap) {
    memset(out, 0, sizeof *out);
    bool v1 = lib && lib->iVersion == 1 && lib->szBackend == RTSHM_BACKEND_V1_SIZE;
    bool v2 = lib && lib->iVersion == 2 && lib->szBackend == (int)sizeof(rtshm_backend);
    if (!v1 && !v2) {
        snprintf(err, cap,
                 "%s: backend interface version %d (table size %d); this rtshm speaks versions 1 (size %d) and %d "
                 "(size %d)",
                 where, lib ? lib->iVersion : -1, lib ? lib->szBackend : -1, RTSHM_BACKEND_V1_SIZE,
                 RTSHM_BACKEND_VERSION, (int)sizeof(rtshm_backend));
        return -1;
    }
    if (!lib->xOpen || !lib->xClose || !lib->xCall || !lib->xRead || !lib->xWrite || !lib->xEvent || !lib->zName) {
        snprintf(err, cap, "%s: backend table lacks a required operation", where);
        return -1;
    }
    char why[160];
    size_t name_len = strnlen(lib->zName, 256);
    if (name_len == 0 || name_len == 256) {
        snprintf(err, cap, "%s: backend zName must be a string of 1 to 255 bytes", where);
        return -1;
    }
    if (!bcheck_text("zName", lib->zName, name_len + 1, why, sizeof why)) {
        snprintf(err, cap, "%s: backend %s", where, why);
        return -1;
    }
    out->table = lib;
    out->name = lib->zName;
    out->families = lib->families;
    out->events = lib->events;
    out->version = lib->iVersion;
    if (v2 && lib->xSupports && ask_support(lib, out, where, err, cap) != 0) return -1;
    return 0;
}

int conf_backend_load(const char *path, conf_backend *out, char *err, size_t cap) {
    memset(out, 0, sizeof *out);
    if (conf_impl_is_exec(path)) return conf_backend_exec_load(path, out, err, cap); /* a program: backend_exec.c */
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
    if (conf_backend_bind(entry(), path, out, err, cap) != 0) {
        dlclose(handle);
        return -1;
    }
    out->library = handle;
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

bool conf_backend_step_unsupported(const conf_backend *be, const conf_step *st, char *why, size_t cap) {
    if (st->kind == CONF_STEP_CALL) {
        if (!(be->families & conf_family_bit(st->fn->api))) {
            snprintf(why, cap, "%s does not support the %s family", be->name, spec_api_name(st->fn->api));
            return true;
        }
        int row = spec_function_index(st->fn);
        if (row >= 0 && row < SPEC_FN_COUNT && be->unsupported_fn[row]) {
            snprintf(why, cap, "%s does not support %s:%s", be->name, spec_api_name(st->fn->api), st->fn->name);
            return true;
        }
    }
    if (st->kind == CONF_STEP_EVENT && !(be->events & event_bit(st->event))) {
        static const char *const names[] = {"process.exit", "kernel.stop", "kernel.start", "link.down", "link.up"};
        snprintf(why, cap, "%s does not support the event %s", be->name, names[st->event]);
        return true;
    }
    return false;
}

/* True when be runs every function of spec's table and every event: no step of any scenario can be
 * unsupported then (conf_backend_step_unsupported is false for all of them). */
static bool supports_everything(const conf_backend *be) {
    const unsigned all_events = RTSHM_EVENT_PROCESS_EXIT | RTSHM_EVENT_KERNEL_STOP | RTSHM_EVENT_LINK;
    if ((be->events & all_events) != all_events) return false;
    int count;
    const spec_function *fns = spec_function_table(&count);
    for (int row = 0; row < count && row < SPEC_FN_COUNT; row++)
        if (!(be->families & conf_family_bit(fns[row].api)) || be->unsupported_fn[row]) return false;
    return true;
}

bool conf_backend_unsupported(const conf_backend *be, const conf_scenario *sc, char *why, size_t cap) {
    if (supports_everything(be)) return false; /* no walk over the steps (a child per scenario asks this) */
    conf_step_reader *r;
    char err[512];
    run_prov prov;
    if (run_prov_init(&prov, be, sc) != 0) return false; /* the run reports running out of memory */
    if (conf_steps_open(sc, &r, err, sizeof err) != 0) {
        run_prov_free(&prov);
        return false; /* the run reports the error */
    }
    const conf_step *st;
    char step_why[512];
    while (conf_steps_next(r, &st, err, sizeof err) == 1)
        if (!run_prov_skip(&prov, st, step_why, sizeof step_why)) run_prov_ran(&prov, st, NULL);
    conf_steps_close(r);
    bool nothing_left = run_prov_nothing_left(&prov);
    if (nothing_left) snprintf(why, cap, "%s", prov.first);
    run_prov_free(&prov);
    return nothing_left;
}
