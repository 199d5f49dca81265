/* reports/summary.h — the closing summary of a run, rendered from what the trace recorded. */
#ifndef REPORTS_SUMMARY_H
#define REPORTS_SUMMARY_H

#include <stdint.h>
#include <stdio.h>

#include "traces/trace.h"

/* Writes one line to f:
 * "42 scenarios: 41 PASS, 1 FAIL, 0 DIVERGE, 0 ERROR, 0 CRASH, 0 TIMEOUT, 0 SKIP; 310 steps, 3 findings;
 * trace DB (run N)".
 * Returns 0, or -1 when the totals cannot be read. */
int report_summary_line(FILE *f, trace_db *db, const char *db_path, int64_t run_id);

#endif
