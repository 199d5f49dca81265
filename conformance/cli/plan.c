/* conformance/cli/plan.c — running a corpus into a trace run (plan.h). */
#include "plan.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "conf/cli.h"
#include "conf/isolate.h"
#include "escape.h"
#include "files.h"

volatile sig_atomic_t cli_interrupted;

static void on_signal(int sig) {
    (void)sig;
    cli_interrupted = 1;
}

void cli_catch_interrupts(void) {
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
}

size_t cli_plan_option_table(cli_plan_options *o, cli_option *table) {
    o->seed = 1;
    o->timeout_s = 10;
    const cli_option shared[CLI_PLAN_OPTION_COUNT] = {
        {"--db", CLI_TEXT, &o->db_path, .metavar = "FILE",
         .help = "trace database to append the run to (created when absent)"},
        {"--seed", CLI_UINT, &o->seed, "--seed takes an unsigned 64-bit integer, not '%s'", 0, UINT64_MAX,
         .metavar = "N", .help = "run seed (unsigned 64-bit, default 1), recorded with the run"},
        {"--filter", CLI_LIST, &o->filters, .metavar = "GLOB",
         .help = "only scenarios whose id or a tag matches GLOB; repeat to add more (any one selects)"},
        {"--impl", CLI_TEXT, &o->impl, .metavar = "reference|PATH.so",
         .help = "reference: the in-process model (run's default); PATH.so: a backend library (rtshm/backend.h)"},
        {"--timeout", CLI_UINT, &o->timeout_s, "--timeout takes seconds from 1 to 3600, not '%s'", 1, 3600,
         .metavar = "S", .help = "per scenario of a backend library (1 to 3600, default 10): past it, TIMEOUT"},
    };
    memcpy(table, shared, sizeof shared);
    return CLI_PLAN_OPTION_COUNT;
}

int cli_load_impl(const char *value, conf_backend *storage, const conf_backend **be) {
    if (value == NULL || strcmp(value, "reference") == 0) {
        *be = conf_backend_reference();
        return 0;
    }
    char err[1024];
    if (conf_backend_load(value, storage, err, sizeof err) != 0) {
        cli_escape_line(stderr, "rtshm: --impl %s", err);
        return -1;
    }
    *be = storage;
    return 0;
}

int cli_run_one(const conf_scenario *sc, const conf_backend *be, uint64_t seed, unsigned timeout_s, trace_db *db,
                int64_t run_id, conf_scenario_result *res) {
    char why[512];
    if (be->library == NULL) return conf_run_scenario(sc, be, seed, db, run_id, res);
    if (conf_backend_unsupported(be, sc, why, sizeof why)) return conf_record_unrun(sc, "SKIP", why, db, run_id, res);
    /* a backend library runs isolated: a crash or hang must not take rtshm down */
    return conf_run_isolated(sc, be, conf_backend_reference(), seed, db, run_id, timeout_s, res);
}

/* Prints on out the verdict line of a scenario that ran (and its reason unless it passed). Returns
 * RTSHM_EXIT_FAILED when the verdict is neither PASS nor SKIP, else RTSHM_EXIT_OK. */
static int print_verdict(FILE *out, const conf_scenario *sc, const conf_scenario_result *res) {
    if (res->findings)
        fprintf(out, "%-7s %s  (%d steps, %d finding%s)\n", res->verdict, sc->id, res->steps, res->findings,
                res->findings == 1 ? "" : "s");
    else
        fprintf(out, "%-7s %s  (%d steps)\n", res->verdict, sc->id, res->steps);
    int code = RTSHM_EXIT_OK;
    if (strcmp(res->verdict, "PASS") != 0) {
        cli_escape_line(out, "        %s: %s", sc->path, res->message); /* backend text: escaped */
        if (strcmp(res->verdict, "SKIP") != 0) code = RTSHM_EXIT_FAILED;
    }
    fflush(out);
    return code;
}

int cli_run_plan(const cli_plan *plan, trace_db *db, const char *db_path, int64_t run_id, size_t *ran,
                 size_t *already) {
    bool tty = isatty(STDERR_FILENO);
    int exit_code = RTSHM_EXIT_OK;
    size_t selected = cli_corpus_selected(plan->corpus, plan->selection);
    *ran = *already = 0;
    for (size_t i = 0; i < plan->corpus->count && !cli_interrupted; i++) {
        const conf_scenario *sc = plan->corpus->items[i];
        if (!cli_corpus_selects(sc, plan->selection)) continue;
        if (plan->resume) {
            int done = trace_scenario_done(db, run_id, sc->id);
            if (done < 0) {
                fprintf(stderr, "rtshm: %s: %s\n", db_path, trace_errmsg(db));
                return RTSHM_EXIT_INTERNAL;
            }
            if (done) {
                (*already)++;
                continue;
            }
        }
        if (tty) {
            fprintf(stderr, "\r\033[K[%zu/%zu] ", *ran + *already + 1, selected);
            cli_escape_fputs(stderr, sc->id);
        }
        conf_scenario_result res;
        int rc = cli_run_one(sc, plan->be, plan->seed, plan->timeout_s, db, run_id, &res);
        if (tty) fprintf(stderr, "\r\033[K");
        if (rc != 0) {
            cli_escape_line(stderr, "rtshm: %s: %s", sc->path, res.message);
            return res.input_changed ? RTSHM_EXIT_INPUT : RTSHM_EXIT_INTERNAL;
        }
        (*ran)++;
        if (print_verdict(plan->verdicts ? plan->verdicts : stdout, sc, &res) == RTSHM_EXIT_FAILED) exit_code = RTSHM_EXIT_FAILED;
    }
    return exit_code;
}

int cli_open_run_trace(size_t selected, const cli_selection *selection, const char *why, const char *path,
                       const char *default_db, trace_db **db) {
    *db = NULL;
    if (selection->glob_count > 0 && selected == 0) {
        char globs[1024];
        cli_selection_globs_text(selection, globs, sizeof globs);
        fprintf(stderr, "rtshm: --filter %s matched no scenario%s; nothing was run\n", globs, why);
        return RTSHM_EXIT_INPUT;
    }
    if (strcmp(path, default_db) == 0 && cli_make_parent(path) != 0) {
        fprintf(stderr, "rtshm: cannot create the folder of %s: %s\n", path, strerror(errno));
        return RTSHM_EXIT_INTERNAL;
    }
    char err[1024];
    if (trace_open(path, db, err, sizeof err) != 0) {
        fprintf(stderr, "rtshm: %s\n", err);
        return RTSHM_EXIT_INTERNAL;
    }
    return RTSHM_EXIT_OK;
}
