/* conf/isolate.h — running a scenario on a foreign backend in a child process.
 *
 * The backend is foreign code that may crash or hang. The child runs the scenario into a private
 * trace file and reports the index of each step before running it through a pipe; the parent waits
 * at most timeout_s seconds. A clean exit imports the child's rows into the run (one transaction); a
 * signal records verdict CRASH ("signal 11 (Segmentation fault) in step 3: CloseHandle"), a timeout
 * kills the child and records TIMEOUT; either way the run goes on. */
#ifndef CONF_ISOLATE_H
#define CONF_ISOLATE_H

#include <stdint.h>

#include "conf/backend.h"
#include "conf/runner.h"
#include "conf/scenario.h"
#include "traces/trace.h"

/* Runs sc on be (judged by oracle when not NULL) in a child process and records it in run_id of db.
 * Returns 0 when the scenario was recorded (whatever happened to the child), -1 on a trace or system
 * error in the parent (message in res->message). res->verdict is PASS/FAIL/DIVERGE/ERROR/CRASH/TIMEOUT. */
int conf_run_isolated(const conf_scenario *sc, const conf_backend *be, const conf_backend *oracle, uint64_t seed,
                      trace_db *db, int64_t run_id, unsigned timeout_s, conf_scenario_result *res);

/* Records sc as not run: verdict SKIP (or another verdict) with message why, no steps. */
int conf_record_unrun(const conf_scenario *sc, const char *verdict, const char *why, trace_db *db, int64_t run_id,
                      conf_scenario_result *res);

#endif
