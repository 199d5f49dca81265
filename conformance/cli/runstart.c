/* conformance/cli/runstart.c — beginning or resuming a recorded run, checked and locked (runstart.h). */
#include "runstart.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/cli.h"
#include "conf/exec.h"
#include "conf/sha256.h"
#include "runinfo.h"
#include "traces/canon.h"

/* The SHA-256 of the file at path into hex. 0, or -1 with errno set. */
static int file_sha256(const char *path, char hex[65]) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) return -1;
    conf_sha256 ctx;
    conf_sha256_init(&ctx);
    unsigned char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) conf_sha256_update(&ctx, buf, n);
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        errno = EIO;
        return -1;
    }
    conf_sha256_final(&ctx, hex);
    return 0;
}

/* qsort order of scenarios by id. */
static int by_id(const void *a, const void *b) {
    return strcmp((*(conf_scenario *const *)a)->id, (*(conf_scenario *const *)b)->id);
}

/* The filters as a canonical JSON array into out. False when out of memory or too long. */
static bool filters_json(const cli_plan_options *o, char *out, size_t cap) {
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; arr && i < o->filters.count; i++) cJSON_AddItemToArray(arr, cJSON_CreateString(o->filters.items[i]));
    char *json = arr ? trace_canonical_json(arr) : NULL;
    cJSON_Delete(arr);
    bool fits = json && strlen(json) < cap;
    if (fits) snprintf(out, cap, "%s", json);
    free(json);
    return fits;
}

int cli_run_inputs_make(cli_run_inputs *in, const cli_plan_options *o, const char *library, const char *implementation,
                        const cli_corpus *corpus, const cli_selection *selection) {
    memset(in, 0, sizeof *in);
    trace_run_identity *id = &in->id;
    snprintf(id->tool_version, sizeof id->tool_version, "%s", cli_tool_version());
    snprintf(id->implementation, sizeof id->implementation, "%s", implementation);
    id->seed = o->seed;
    id->has_inputs = true;
    id->shard_index = o->shard.index;
    id->shard_count = o->shard.count;
    if (library && conf_impl_is_exec(library)) { /* a program: the SHA-256 of the --impl text "exec:COMMAND" */
        conf_sha256 ctx;
        conf_sha256_init(&ctx);
        conf_sha256_update(&ctx, library, strlen(library));
        conf_sha256_final(&ctx, id->impl_sha256);
    } else if (library && file_sha256(library, id->impl_sha256) != 0) {
        fprintf(stderr, "rtshm: --impl %s: %s\n", library, strerror(errno));
        return -1;
    }
    if (!filters_json(o, id->filters, sizeof id->filters)) {
        fprintf(stderr, "rtshm: the --filter globs are too long to record (at most %zu bytes as JSON)\n",
                sizeof id->filters - 1);
        return -1;
    }
    conf_scenario **sorted = malloc((corpus->count ? corpus->count : 1) * sizeof *sorted);
    in->ids = malloc((corpus->count ? corpus->count : 1) * sizeof *in->ids);
    in->sha256s = malloc((corpus->count ? corpus->count : 1) * sizeof *in->sha256s);
    if (sorted == NULL || in->ids == NULL || in->sha256s == NULL) {
        free(sorted);
        fprintf(stderr, "rtshm: out of memory\n");
        return -1;
    }
    memcpy(sorted, corpus->items, corpus->count * sizeof *sorted);
    qsort(sorted, corpus->count, sizeof *sorted, by_id);
    conf_sha256 digest;
    conf_sha256_init(&digest);
    for (size_t i = 0; i < corpus->count; i++) {
        const conf_scenario *sc = sorted[i];
        conf_sha256_update(&digest, sc->id, strlen(sc->id));
        conf_sha256_update(&digest, " ", 1);
        conf_sha256_update(&digest, sc->sha256, strlen(sc->sha256));
        conf_sha256_update(&digest, "\n", 1);
        if (!cli_corpus_selects(sc, selection)) continue;
        in->ids[in->selection.count] = sc->id;
        in->sha256s[in->selection.count++] = sc->sha256;
    }
    conf_sha256_final(&digest, id->corpus_sha256);
    free(sorted);
    in->selection.ids = in->ids;
    in->selection.sha256s = in->sha256s;
    return 0;
}

void cli_run_inputs_free(cli_run_inputs *in) {
    free(in->ids);
    free(in->sha256s);
    memset(in, 0, sizeof *in);
}

int cli_run_lock_open(const char *db_path, trace_lock **lock) {
    char err[4400];
    if (trace_lock_open(db_path, lock, err, sizeof err) == 0) return RTSHM_EXIT_OK;
    fprintf(stderr, "rtshm: the live-run lock %s\n", err);
    return RTSHM_EXIT_INTERNAL;
}

/* Takes the guard. RTSHM_EXIT_OK, or RTSHM_EXIT_INTERNAL after printing why. */
static int guard(const char *db_path, trace_lock *lock) {
    if (trace_lock_guard(lock, true) == 0) return RTSHM_EXIT_OK;
    fprintf(stderr, "rtshm: %s.lock: %s\n", db_path, strerror(errno));
    return RTSHM_EXIT_INTERNAL;
}

int cli_run_create(trace_db *db, const char *db_path, trace_lock *lock, const cli_run_inputs *in,
                   const char *argv_json, const char *started_at, int64_t *run_id) {
    int code = guard(db_path, lock);
    if (code != RTSHM_EXIT_OK) return code;
    long holder = 0;
    int locked = -1;
    if (trace_run_begin(db, in->id.tool_version, in->id.implementation, in->id.seed, argv_json, started_at, run_id) != 0 ||
        trace_record_inputs(db, *run_id, &in->id, &in->selection) != 0) {
        fprintf(stderr, "rtshm: %s: %s\n", db_path, trace_errmsg(db));
        code = RTSHM_EXIT_INTERNAL;
    } else if ((locked = trace_lock_run(lock, *run_id, &holder)) != 0) {
        /* a new run id held by another process: a lock file shared with another database of that name */
        if (locked > 0) fprintf(stderr, "rtshm: %s.lock: run %lld is held by pid %ld\n", db_path, (long long)*run_id, holder);
        else fprintf(stderr, "rtshm: %s.lock: %s\n", db_path, strerror(errno));
        code = RTSHM_EXIT_INTERNAL;
    }
    trace_lock_guard(lock, false);
    return code;
}

int cli_run_resume(trace_db *db, const char *db_path, trace_lock *lock, cli_run_inputs *in, bool seed_given,
                   int64_t *run_id, uint64_t *seed) {
    int code = guard(db_path, lock);
    if (code != RTSHM_EXIT_OK) return code;
    trace_run_identity then;
    char why[1400];
    long holder = 0;
    int found = trace_incomplete_run(db, run_id, seed);
    int locked = found == 0 ? trace_lock_run(lock, *run_id, &holder) : -2;
    int known = locked == 0 ? trace_read_identity(db, *run_id, &then) : -2;
    if (found > 0) {
        fprintf(stderr, "rtshm: %s: no interrupted run to resume\n", db_path);
        code = RTSHM_EXIT_INPUT;
    } else if (found < 0 || known == -1) {
        fprintf(stderr, "rtshm: %s: %s\n", db_path, trace_errmsg(db));
        code = RTSHM_EXIT_INTERNAL;
    } else if (locked > 0) {
        fprintf(stderr, "rtshm: %s: run %lld is still running (pid %ld); --resume is for a run whose process is gone\n",
                db_path, (long long)*run_id, holder);
        code = RTSHM_EXIT_INPUT;
    } else if (locked < 0) {
        fprintf(stderr, "rtshm: %s.lock: %s\n", db_path, strerror(errno));
        code = RTSHM_EXIT_INTERNAL;
    } else if (!then.has_inputs) {
        fprintf(stderr, "rtshm: %s: run %lld cannot be resumed: it was recorded without its inputs (by an older rtshm), "
                        "so what it ran cannot be checked; start a new run\n", db_path, (long long)*run_id);
        code = RTSHM_EXIT_INPUT;
    } else {
        if (!seed_given) in->id.seed = *seed; /* --resume adopts the run's seed unless --seed says otherwise */
        int differs = trace_identity_compare(&then, &in->id, "then", "now", true, why, sizeof why);
        if (differs != 1) { /* the selection names the scenario that differs, when it is a selected one */
            char which[1400];
            int selection_differs = trace_selection_compare(db, *run_id, &in->selection, which, sizeof which);
            if (selection_differs != 0) snprintf(why, sizeof why, "%s", which);
            if (selection_differs != 0 || differs == 2) differs = selection_differs < 0 ? -1 : 1;
        }
        if (differs < 0) {
            fprintf(stderr, "rtshm: %s: %s\n", db_path, trace_errmsg(db));
            code = RTSHM_EXIT_INTERNAL;
        } else if (differs > 0) {
            fprintf(stderr, "rtshm: %s: run %lld cannot be resumed: %s\n", db_path, (long long)*run_id, why);
            code = RTSHM_EXIT_INPUT;
        }
    }
    trace_lock_guard(lock, false);
    return code;
}

bool cli_seed_given(int argc, char **argv) {
    for (int i = 2; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--seed") == 0 || strncmp(argv[i], "--seed=", 7) == 0) return true;
    return false;
}
