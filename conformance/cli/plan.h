/* conformance/cli/plan.h — running a corpus into a trace run: the options `run` and `validate` share,
 * the implementation --impl names, one scenario on it, the loop over the selected scenarios, and the
 * SIGINT/SIGTERM that stops that loop between two scenarios (each scenario is one transaction, so an
 * interrupted run holds whole scenarios only and `run --resume` can finish it). */
#ifndef CLI_PLAN_H
#define CLI_PLAN_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "conf/backend.h"
#include "conf/isolate.h"
#include "conf/runner.h"
#include "load.h"
#include "options.h"
#include "shard.h"
#include "traces/trace.h"

/* How `run` prints its results on stdout (--format). */
typedef enum cli_result_format { CLI_RESULTS_TEXT, CLI_RESULTS_JSON, CLI_RESULTS_TAP } cli_result_format;

/* The options of `run` and `validate` (and those only `run` takes). */
typedef struct cli_plan_options {
    const char *db_path, *impl;     /* --db (holds the command's default before parsing), --impl */
    cli_text_list filters;          /* --filter, repeatable (any one selects) */
    uint64_t seed;                  /* --seed, default 1 */
    uint64_t timeout_s;             /* --timeout, 1 to 3600, default 10 */
    uint64_t jobs;                  /* --jobs, 1 to 1024, default the number of online cores */
    uint64_t memory_limit;          /* --memory-limit BYTES (K/M/G), default 2 GiB; 0: none */
    bool continue_after_crash;      /* --continue-after-crash */
    bool check_determinism, resume; /* run only */
    const char *rerun_failed;       /* run only: --rerun-failed DB */
    int64_t rerun_run;              /* run only: --run ID of --rerun-failed (0: the newest run) */
    cli_result_format format;       /* run only: --format */
    cli_shard shard;                /* --shard K/N (shard.h); count 0: not sharded */
} cli_plan_options;

#define CLI_PLAN_OPTION_COUNT 9

/* Fills table[0..CLI_PLAN_OPTION_COUNT) with --db --seed --filter --impl --timeout --jobs --memory-limit
 * --continue-after-crash --shard writing into *o, and sets o's defaults. Returns CLI_PLAN_OPTION_COUNT. */
size_t cli_plan_option_table(cli_plan_options *o, cli_option *table);

/* Set by SIGINT/SIGTERM once cli_catch_interrupts was called: the running loop stops after the
 * current scenario. */
extern volatile sig_atomic_t cli_interrupted;

void cli_catch_interrupts(void);

/* The implementation a command runs: the reference in process, or a backend library in its fork
 * server (conf/isolate.h). */
typedef struct cli_impl {
    const conf_backend *be;  /* the reference, or the library as its server loaded it (name, families) */
    conf_isolation *iso;     /* NULL for the reference */
} cli_impl;

/* Starts the implementation --impl names (o->impl: NULL or "reference" the reference model, else a
 * backend library, loaded in a fork server with o's --timeout, --jobs, --memory-limit and
 * --continue-after-crash). Call it once the corpus is loaded. Returns 0, or -1 after printing
 * "rtshm: --impl <error>" (the library did not load, or crashed, hung or exited while loading). */
int cli_impl_start(const cli_plan_options *o, cli_impl *impl);

/* Stops the fork server and every process of the implementation (nothing for the reference). */
void cli_impl_stop(cli_impl *impl);

/* Runs sc on impl into run_id of db: in a child judged by the reference for a backend library (SKIP when
 * it does not support sc, CRASH, TIMEOUT, ERROR when its child died, hung or exited), in process for the
 * reference. Returns conf_run_scenario's 0 / -1 (res says why). */
int cli_run_one(const conf_scenario *sc, const cli_impl *impl, uint64_t seed, trace_db *db, int64_t run_id,
                conf_scenario_result *res);

typedef struct cli_plan {
    const cli_corpus *corpus;
    const cli_selection *selection; /* --filter, --rerun-failed; NULL: every scenario */
    const cli_impl *impl;
    uint64_t seed;
    bool resume;        /* skip scenarios the run recorded already */
    FILE *verdicts;     /* where the verdict lines go: stdout, or stderr when stdout holds --format json|tap */
} cli_plan;

/* Runs plan into run_id of db (at db_path, for messages), printing one verdict line per scenario (and
 * the reason of anything but PASS and SKIP) on plan->verdicts and, on a terminal, progress on stderr. Stops
 * early on an interrupt. *ran counts scenarios run now, *already those a resumed run had recorded.
 * Returns RTSHM_EXIT_OK, RTSHM_EXIT_FAILED (some scenario neither passed nor was skipped),
 * RTSHM_EXIT_INPUT (a streamed scenario's file changed since it was loaded; the run stops there) or
 * RTSHM_EXIT_INTERNAL (the trace could not be written). */
int cli_run_plan(const cli_plan *plan, trace_db *db, const char *db_path, int64_t run_id, size_t *ran,
                 size_t *already);

/* The state a run of selected scenarios ends in: 'interrupted' after SIGINT/SIGTERM or when fewer
 * scenarios than selected are recorded in run_id (said on stderr: a run with unrecorded scenarios is
 * never 'complete'), else 'complete'; NULL after printing a trace error. */
const char *cli_run_end_state(trace_db *db, const char *db_path, int64_t run_id, size_t selected);

/* What run and validate do before anything is recorded: a --filter under which nothing is selected
 * (selected: cli_corpus_selected) is an input error (the message names the filters, then `why`, e.g. " that --rerun-failed selects", or ""); then the
 * trace at path is opened (created), with its folder made first when path is the command's default_db:
 * refused, before anything is written, when it is no trace or of a newer schema (exit 2) or damaged (exit 3).
 * Returns RTSHM_EXIT_OK with *db open, else the exit code after printing the reason (*db stays NULL). */
int cli_open_run_trace(size_t selected, const cli_selection *selection, const char *why, const char *path,
                       const char *default_db, trace_db **db);

#endif
