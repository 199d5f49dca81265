/* conformance/cli/results.h — `run --format json|tap`: a run's results read back from its trace (what
 * was recorded, resumed scenarios included) and printed for a machine.
 *
 * json: one document {"format": "rtshm-run-results/1", "run": ID, "db": PATH, "implementation": NAME,
 *   "seed": N, "state": "complete"|..., "totals": {"scenarios", "PASS", "FAIL", "DIVERGE", "ERROR",
 *   "CRASH", "TIMEOUT", "SKIP", "steps", "findings"}, "scenarios": [{"id", "verdict", "message",
 *   "steps", "path"}, ...]} with the scenarios by id and "message" "" when the scenario has none; for a run
 *   judged against an expectation file (run --expect) each scenario also has "outcome" (pass, expected,
 *   unexpected, unexpected-pass) and "expected" (its entry's verdict, or null).
 * tap: TAP version 13, "1..N", then per scenario by id "ok K - ID" (PASS; SKIP as "ok K - ID # SKIP
 *   <message>") or "not ok K - ID", each followed by a YAML block (  ---  verdict, message, steps,
 *   path  ...). Against an expectation file: an expected deviation is "not ok K - ID # TODO expected
 *   VERDICT: reason" (TAP's known failure, not counted), an unexpected pass "not ok", and the YAML block
 *   has "outcome". */
#ifndef CLI_RESULTS_H
#define CLI_RESULTS_H

#include <stdint.h>
#include <stdio.h>

#include "plan.h"

/* Prints run_id of the trace at db_path on out in format (CLI_RESULTS_JSON or CLI_RESULTS_TAP).
 * Returns 0, or -1 after printing "rtshm: <db_path>: <why>" on stderr. */
int cli_print_results(FILE *out, cli_result_format format, const char *db_path, int64_t run_id);

#endif
