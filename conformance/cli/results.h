/* conformance/cli/results.h — `run --format json|tap`: a run's results read back from its trace (what
 * was recorded, resumed scenarios included) and printed for a machine.
 *
 * json: one document {"format": "rtshm-run-results/1", "run": ID, "db": PATH, "implementation": NAME,
 *   "seed": N, "state": "complete"|..., "totals": {"scenarios", "PASS", "FAIL", "DIVERGE", "ERROR",
 *   "CRASH", "TIMEOUT", "SKIP", "steps", "findings"}, "scenarios": [{"id", "verdict", "message",
 *   "steps", "path"}, ...]} with the scenarios by id and "message" "" when the scenario has none.
 * tap: TAP version 13, "1..N", then per scenario by id "ok K - ID" (PASS; SKIP as "ok K - ID # SKIP
 *   <message>") or "not ok K - ID", each followed by a YAML block (  ---  verdict, message, steps,
 *   path  ...). */
#ifndef CLI_RESULTS_H
#define CLI_RESULTS_H

#include <stdint.h>
#include <stdio.h>

#include "plan.h"

/* Prints run_id of the trace at db_path on out in format (CLI_RESULTS_JSON or CLI_RESULTS_TAP).
 * Returns 0, or -1 after printing "rtshm: <db_path>: <why>" on stderr. */
int cli_print_results(FILE *out, cli_result_format format, const char *db_path, int64_t run_id);

#endif
