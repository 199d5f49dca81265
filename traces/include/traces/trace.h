/* traces/trace.h — the SQLite trace store (traces/TRACE-SCHEMA.md): schema and writer.
 *
 * A trace database holds runs, scenarios, steps and findings, plus the views calls, failures and
 * status_counts, and rtshm's addition scenario_clauses (the clauses each scenario file cites, which the
 * coverage report reads). The writer inserts through prepared statements only (nothing from a scenario is
 * spliced into SQL), one transaction per scenario, so a killed run leaves every finished scenario
 * complete and the run's state not 'complete'. Callers know nothing of SQL; this module knows nothing
 * of how outcomes were produced.
 *
 * Errors: every function returns 0 on success and -1 on failure with a message in trace_errmsg(). */
#ifndef TRACES_TRACE_H
#define TRACES_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TRACE_SCHEMA_VERSION 3

typedef struct trace_db trace_db;

/* One row of `steps`. NULL strings are stored as SQL NULL; codes are stored only when has_*_code. */
typedef struct trace_step_row {
    const char *scenario;
    int64_t seq, step, vtime_us;
    const char *process, *kind, *api, *function, *args, *ret;
    const char *status;
    bool has_status_code;
    int64_t status_code;
    const char *last_error;
    bool has_last_error_code;
    int64_t last_error_code;
    const char *expected, *verdict, *clause, *detail;
    int64_t after_restart;   /* > 0: ran in the child of the n-th restart (--continue-after-crash); 0: NULL */
    const char *died;        /* CRASH / TIMEOUT / ERROR on the row of the step the backend died in; or NULL */
    bool has_native_error;        /* the backend's own error code (interface v2), beside status */
    int64_t native_error;
    const char *native_error_kind; /* "errno", "HRESULT", ... */
    const char *opaque;           /* JSON array of the fields holding opaque values ("ret", "args.x"), or NULL */
} trace_step_row;

typedef struct trace_scenario_row {
    const char *scenario, *path, *sha256, *verdict, *message;
    int64_t steps;
    const char *const *clauses; /* the clause IDs the scenario file cites (scenario_clauses rows) */
    int clause_count;
    const char *backend_output; /* what the backend printed (isolated runs, bounded), or NULL */
} trace_scenario_row;

/* What trace_open's failure was. */
enum { TRACE_OPEN_EINTERNAL = -1, TRACE_OPEN_EINPUT = -2, TRACE_OPEN_EDAMAGED = -3 };

/* Opens (creating when absent) the database at path and ensures the schema. An existing file is checked
 * read-only first (traces/health.h, quick_check included) and refused before anything is written:
 * TRACE_OPEN_EINPUT when it is no trace (not SQLite, or an SQLite database with tables but not rtshm's)
 * or its schema is newer than this tool's, TRACE_OPEN_EDAMAGED when it is damaged; TRACE_OPEN_EINTERNAL
 * for anything else (SQLite, memory). On failure *out is NULL and a message is written to err. A new
 * database gets `PRAGMA user_version = TRACE_SCHEMA_VERSION`; a version-1 or version-2 database is migrated
 * to version 3 in one transaction each step (TRACE-SCHEMA.md), or refused saying why (TRACE_OPEN_EINTERNAL). */
int trace_open(const char *path, trace_db **out, char *err, int err_cap);
void trace_close(trace_db *db);
const char *trace_errmsg(const trace_db *db);

/* Inserts a runs row in state 'running' and returns its id in *run_id. */
int trace_run_begin(trace_db *db, const char *tool_version, const char *implementation, uint64_t seed,
                    const char *argv_json, const char *started_at, int64_t *run_id);

/* 1 when scenario is recorded in run_id already, 0 when not, -1 on error (resuming a run). */
int trace_scenario_done(trace_db *db, int64_t run_id, const char *scenario);

/* The newest run whose state is not 'complete' (killed or interrupted): 0 and its id and seed, 1 when
 * there is none, -1 on error. */
int trace_incomplete_run(trace_db *db, int64_t *run_id, uint64_t *seed);

/* Sets the run's state ('complete' or 'interrupted'). */
int trace_run_finish(trace_db *db, int64_t run_id, const char *state);

/* Opens one scenario of run_id (a savepoint in the batch's transaction, writer.c); the rows below belong
 * to it. */
int trace_scenario_begin(trace_db *db, int64_t run_id);
int trace_step(trace_db *db, const trace_step_row *row);
int trace_finding(trace_db *db, const char *scenario, int64_t seq, const char *kind, const char *clause,
                  const char *detail);
/* Inserts the scenarios row and ends the scenario: it is committed with its batch (at once when the batch
 * is full or old enough, else by a later scenario, trace_run_finish or trace_close). */
int trace_scenario_commit(trace_db *db, const trace_scenario_row *row);
/* Rolls the open scenario back (nothing of it remains). */
void trace_scenario_rollback(trace_db *db);

/* Totals of one run, read back from the database (what was actually recorded). */
typedef struct trace_run_totals {
    int64_t scenarios, pass, fail, diverge, error, crash, timeout, skip;
    int64_t steps, findings;
    char state[16];
} trace_run_totals;

int trace_read_totals(trace_db *db, int64_t run_id, trace_run_totals *out);

#endif
