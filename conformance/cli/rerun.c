/* conformance/cli/rerun.c — the scenarios a recorded run did not pass (rerun.h). */
#include "rerun.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/cli.h"
#include "traces/query.h"
#include "tracefile.h"

/* Visitor state: the rerun being filled, and whether memory ran out. */
typedef struct collect_ctx {
    cli_rerun *rerun;
    size_t cap;
    bool no_memory;
} collect_ctx;

static int remember_run(void *ctx, const trace_run_row *row) {
    *(int64_t *)ctx = row->run_id;
    return 0;
}

/* Keeps row when its verdict is not PASS (rows come by scenario id, so ids end up sorted). */
static int collect_unpassed(void *ctx, const trace_scenario_row *row) {
    collect_ctx *c = ctx;
    if (row->verdict && strcmp(row->verdict, "PASS") == 0) return 0;
    cli_rerun *r = c->rerun;
    if (r->count == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 16;
        char **ids = realloc(r->ids, cap * sizeof *ids);
        if (ids) r->ids = ids;
        char **paths = ids ? realloc(r->paths, cap * sizeof *paths) : NULL;
        if (paths) r->paths = paths;
        if (ids == NULL || paths == NULL) {
            c->no_memory = true;
            return 1;
        }
        c->cap = cap;
    }
    r->ids[r->count] = strdup(row->scenario);
    r->paths[r->count] = strdup(row->path ? row->path : "");
    if (r->ids[r->count] == NULL || r->paths[r->count] == NULL) {
        free(r->ids[r->count]);
        free(r->paths[r->count]);
        c->no_memory = true;
        return 1;
    }
    r->count++;
    return 0;
}

int cli_rerun_read(const char *db_path, int64_t run_id, cli_rerun *out) {
    memset(out, 0, sizeof *out);
    int checked = cli_trace_check(db_path, "--rerun-failed ");
    if (checked != RTSHM_EXIT_OK) return checked;
    char err[1024];
    trace_reader *r = NULL;
    if (trace_reader_open(db_path, &r, err, sizeof err) != TRACE_READER_OK) {
        fprintf(stderr, "rtshm: --rerun-failed %s\n", err);
        return RTSHM_EXIT_INPUT;
    }
    int64_t found = 0;
    int code = RTSHM_EXIT_OK;
    collect_ctx ctx = {out, 0, false};
    if (trace_query_run(r, run_id, remember_run, &found) != 0) {
        code = RTSHM_EXIT_INTERNAL;
    } else if (found == 0) {
        if (run_id) fprintf(stderr, "rtshm: --rerun-failed %s: no run %lld\n", db_path, (long long)run_id);
        else fprintf(stderr, "rtshm: --rerun-failed %s: the trace holds no run\n", db_path);
        code = RTSHM_EXIT_INPUT;
    } else if (trace_query_scenarios(r, found, collect_unpassed, &ctx) != 0) {
        code = RTSHM_EXIT_INTERNAL;
    }
    if (code == RTSHM_EXIT_INTERNAL || ctx.no_memory) {
        fprintf(stderr, "rtshm: --rerun-failed %s: %s\n", db_path, ctx.no_memory ? "out of memory" : trace_reader_errmsg(r));
        code = RTSHM_EXIT_INTERNAL;
    }
    out->run_id = found;
    trace_reader_close(r);
    return code;
}

void cli_rerun_select(const cli_rerun *rerun, cli_selection *selection) {
    selection->by_ids = true;
    selection->ids = rerun->ids;
    selection->id_count = rerun->count;
}

void cli_rerun_free(cli_rerun *rerun) {
    for (size_t i = 0; i < rerun->count; i++) {
        free(rerun->ids[i]);
        free(rerun->paths[i]);
    }
    free(rerun->ids);
    free(rerun->paths);
    memset(rerun, 0, sizeof *rerun);
}
