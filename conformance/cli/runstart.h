/* conformance/cli/runstart.h — the run `run` and `validate` record into, begun safely: a new run with what
 * it was given (traces/inputs.h) and its live-run lock (traces/runlock.h), or with --resume the
 * interrupted run — refused when a process still holds it, or when the implementation (name, library
 * file SHA-256), the tool, the seed, the corpus or the selection differ from the interrupted run's. */
#ifndef CLI_RUNSTART_H
#define CLI_RUNSTART_H

#include <stdint.h>

#include "load.h"
#include "plan.h"
#include "traces/inputs.h"
#include "traces/runlock.h"

/* What a command line gives a run: its identity and its selection (ids sorted, each with its file's
 * SHA-256; the strings point into the corpus). */
typedef struct cli_run_inputs {
    trace_run_identity id;
    trace_selection selection;
    const char **ids, **sha256s; /* the arrays behind selection */
} cli_run_inputs;

/* Fills *in for running be on the scenarios of corpus that selection selects with o's seed, filters and
 * shard (library: the --impl file, hashed; NULL for the reference). Returns 0, or -1 after printing why
 * (the library cannot be read, memory). Release with cli_run_inputs_free either way. */
int cli_run_inputs_make(cli_run_inputs *in, const cli_plan_options *o, const char *library, const char *implementation,
                        const cli_corpus *corpus, const cli_selection *selection);
void cli_run_inputs_free(cli_run_inputs *in);

/* Opens the live-run lock of db_path into *lock. RTSHM_EXIT_OK, or RTSHM_EXIT_INTERNAL after printing why. */
int cli_run_lock_open(const char *db_path, trace_lock **lock);

/* Creates a new run of in (its runs row with argv_json and started_at, its run_inputs and run_corpus rows)
 * and takes its lock, under the guard. RTSHM_EXIT_OK with *run_id, or the exit code after printing why. */
int cli_run_create(trace_db *db, const char *db_path, trace_lock *lock, const cli_run_inputs *in,
                   const char *argv_json, const char *started_at, int64_t *run_id);

/* --resume: finds the newest run of db that did not complete, takes its lock and checks in against what it
 * recorded (the seed only when seed_given; otherwise the run's seed is adopted into *seed). RTSHM_EXIT_OK
 * with *run_id and *seed; RTSHM_EXIT_INPUT after printing "rtshm: DB: no interrupted run to resume", "run N
 * is still running (pid P)" or "run N cannot be resumed: <the difference>"; RTSHM_EXIT_INTERNAL. */
int cli_run_resume(trace_db *db, const char *db_path, trace_lock *lock, cli_run_inputs *in, bool seed_given,
                   int64_t *run_id, uint64_t *seed);

/* True when argv (before a "--") sets --seed. */
bool cli_seed_given(int argc, char **argv);

#endif
