/* conformance/cli/plan.c — running a corpus into a trace run (plan.h). */
#include "plan.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/cli.h"
#include "conf/isolate.h"
#include "escape.h"
#include "files.h"
#include "tracefile.h"

volatile sig_atomic_t cli_interrupted;

static void on_signal(int sig) {
    (void)sig;
    cli_interrupted = 1;
}

void cli_catch_interrupts(void) {
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
}

/* CLI_CUSTOM parse of --memory-limit: bytes, with an optional K, M or G (powers of 1024); 0 is no limit. */
static bool parse_memory_limit(const char *value, void *dest) {
    size_t len = strlen(value);
    uint64_t unit = 1, n;
    char digits[32];
    if (len == 0 || len >= sizeof digits) return false;
    const char *units = "KMG";
    const char *suffix = strchr(units, value[len - 1]);
    if (value[len - 1] != '\0' && suffix) {
        unit = 1ull << (10 * (1 + (suffix - units)));
        len--;
    }
    memcpy(digits, value, len);
    digits[len] = '\0';
    if (cli_parse_u64(digits, &n) != 0 || n > UINT64_MAX / unit) return false;
    *(uint64_t *)dest = n * unit;
    return true;
}

size_t cli_plan_option_table(cli_plan_options *o, cli_option *table) {
    o->seed = 1;
    o->timeout_s = 10;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    o->jobs = cores > 0 ? (uint64_t)cores : 1;
    o->memory_limit = 2ull << 30;
    const cli_option shared[CLI_PLAN_OPTION_COUNT] = {
        {"--db", CLI_TEXT, &o->db_path, .metavar = "FILE",
         .help = "trace database to append the run to (created when absent)"},
        {"--seed", CLI_UINT, &o->seed, "--seed takes an unsigned 64-bit integer, not '%s'", 0, UINT64_MAX,
         .metavar = "N", .help = "run seed (unsigned 64-bit, default 1), recorded with the run"},
        {"--filter", CLI_LIST, &o->filters, .metavar = "GLOB",
         .help = "only scenarios whose id or a tag matches GLOB; repeat to add more (any one selects)"},
        {"--impl", CLI_TEXT, &o->impl, .metavar = "reference|PATH.so", /* or exec:COMMAND (kept short: the help's column) */
         .help = "the in-process model (run's default), a backend library (rtshm/backend.h), or exec:COMMAND: a "
                 "backend program (conformance/PROTOCOL.md)"},
        {"--timeout", CLI_UINT, &o->timeout_s, "--timeout takes seconds from 1 to 3600, not '%s'", 1, 3600,
         .metavar = "S", .help = "per scenario of a backend library (1 to 3600, default 10): past it, TIMEOUT"},
        {"--jobs", CLI_UINT, &o->jobs, "--jobs takes a number of scenarios at once from 1 to 1024, not '%s'", 1, 1024,
         .metavar = "N", .help = "a backend library's scenarios run N at once (default: the online cores); same trace"},
        {"--memory-limit", CLI_CUSTOM, &o->memory_limit, "--memory-limit takes bytes with an optional K, M or G, not '%s'",
         0, 0, parse_memory_limit, "BYTES",
         "address space a backend's scenario may add (default 2G; 0: none); past it allocations fail"},
        {"--continue-after-crash", CLI_FLAG, &o->continue_after_crash,
         .help = "after a backend's crash, hang or exit in a step, replay and go on after that step"},
        {"--shard", CLI_CUSTOM, &o->shard, "--shard takes K/N with 1 <= K <= N <= 1000, not '%s'", 0, 0,
         cli_parse_shard, .metavar = "K/N", .help = "only share K of N of the scenarios (by a hash of the id); rtshm merge joins the shards"},
    };
    memcpy(table, shared, sizeof shared);
    return CLI_PLAN_OPTION_COUNT;
}

int cli_impl_start(const cli_plan_options *o, cli_impl *impl) {
    *impl = (cli_impl){conf_backend_reference(), NULL};
    if (o->impl == NULL || strcmp(o->impl, "reference") == 0) return 0;
    conf_isolation_opts opts = {(unsigned)o->timeout_s, o->memory_limit, (unsigned)o->jobs, o->continue_after_crash,
                                &cli_interrupted};
    char err[1024];
    if (conf_isolation_start(o->impl, &opts, &impl->iso, err, sizeof err) != 0) {
        cli_escape_line(stderr, "rtshm: --impl %s", err);
        return -1;
    }
    impl->be = conf_isolation_backend(impl->iso);
    return 0;
}

void cli_impl_stop(cli_impl *impl) {
    conf_isolation_stop(impl->iso);
    impl->iso = NULL;
}

int cli_run_one(const conf_scenario *sc, const cli_impl *impl, uint64_t seed, trace_db *db, int64_t run_id,
                conf_scenario_result *res) {
    if (impl->iso == NULL) return conf_run_scenario(sc, impl->be, seed, db, run_id, res);
    /* a backend library runs isolated: a crash or hang must not take rtshm down */
    return conf_run_isolated(impl->iso, sc, conf_backend_reference(), seed, db, run_id, res);
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

/* The scenarios plan runs now, in order: selected, and with plan->resume not recorded yet (*already
 * counts those). Returns the array (*count of them; free it), or NULL with *count 0 when none or on an
 * error (*failed, after printing why). */
static const conf_scenario **to_run(const cli_plan *plan, trace_db *db, const char *db_path, int64_t run_id,
                                    size_t *count, size_t *already, bool *failed) {
    *count = 0;
    *failed = false;
    const conf_scenario **list = calloc(plan->corpus->count + 1, sizeof *list);
    if (list == NULL) {
        *failed = true;
        fprintf(stderr, "rtshm: out of memory\n");
        return NULL;
    }
    for (size_t i = 0; i < plan->corpus->count; i++) {
        const conf_scenario *sc = plan->corpus->items[i];
        if (!cli_corpus_selects(sc, plan->selection)) continue;
        int done = plan->resume ? trace_scenario_done(db, run_id, sc->id) : 0;
        if (done < 0) {
            fprintf(stderr, "rtshm: %s: %s\n", db_path, trace_errmsg(db));
            *failed = true;
            free(list);
            return NULL;
        }
        if (done) (*already)++;
        else list[(*count)++] = sc;
    }
    return list;
}

int cli_run_plan(const cli_plan *plan, trace_db *db, const char *db_path, int64_t run_id, size_t *ran,
                 size_t *already) {
    bool tty = isatty(STDERR_FILENO);
    int exit_code = RTSHM_EXIT_OK;
    size_t selected = cli_corpus_selected(plan->corpus, plan->selection);
    *ran = *already = 0;
    size_t count;
    bool failed;
    const conf_scenario **list = to_run(plan, db, db_path, run_id, &count, already, &failed);
    if (failed) return RTSHM_EXIT_INTERNAL;
    conf_isolation *iso = plan->impl->iso;
    size_t queued = 0; /* with a backend library, the children of the next scenarios start ahead (--jobs) */
    for (size_t i = 0; i < count && !cli_interrupted; i++) {
        const conf_scenario *sc = list[i];
        while (iso && queued < count && conf_isolation_queue(iso, list[queued], plan->seed) == 0) queued++;
        if (tty) {
            fprintf(stderr, "\r\033[K[%zu/%zu] ", *ran + *already + 1, selected);
            cli_escape_fputs(stderr, sc->id);
        }
        conf_scenario_result res;
        int rc = cli_run_one(sc, plan->impl, plan->seed, db, run_id, &res);
        if (tty) fprintf(stderr, "\r\033[K");
        if (rc != 0 && cli_interrupted) break; /* the run is marked interrupted by the caller */
        if (rc != 0) {
            cli_escape_line(stderr, "rtshm: %s: %s", sc->path, res.message);
            exit_code = res.input_changed ? RTSHM_EXIT_INPUT : RTSHM_EXIT_INTERNAL;
            break;
        }
        (*ran)++;
        if (print_verdict(plan->verdicts ? plan->verdicts : stdout, sc, &res) == RTSHM_EXIT_FAILED) exit_code = RTSHM_EXIT_FAILED;
    }
    if (iso) conf_isolation_drop_queue(iso);
    free(list);
    return exit_code;
}

const char *cli_run_end_state(trace_db *db, const char *db_path, int64_t run_id, size_t selected) {
    if (cli_interrupted) return "interrupted";
    trace_run_totals totals;
    if (trace_read_totals(db, run_id, &totals) != 0) {
        fprintf(stderr, "rtshm: %s: %s\n", db_path, trace_errmsg(db));
        return NULL;
    }
    if ((size_t)totals.scenarios >= selected) return "complete";
    fprintf(stderr, "rtshm: %zu of the %zu selected scenarios were not recorded; run %lld is left 'interrupted' "
            "(run --resume finishes it)\n", selected - (size_t)totals.scenarios, selected, (long long)run_id);
    return "interrupted";
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
    int opened = trace_open(path, db, err, sizeof err);
    if (opened != 0) {
        fprintf(stderr, "rtshm: %s\n", err);
        return cli_trace_open_exit(opened); /* no trace, a newer schema: 2; damaged or SQLite: 3 */
    }
    return RTSHM_EXIT_OK;
}
