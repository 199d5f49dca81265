/* reports/coverage.h — which documented behaviours a trace covers, per implementation (`rtshm spec`).
 *
 * For each implementation recorded in a trace database (its newest run), the report lists every clause
 * of the catalogue with the scenarios that cite it and the steps it decided, with their verdicts; the
 * clauses nothing covers; and, per function, the documented statuses no step produced ("error-path
 * coverage"). It also renders the catalogue itself. Everything comes from spec/ and the trace; nothing
 * is re-run. */
#ifndef REPORTS_COVERAGE_H
#define REPORTS_COVERAGE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct report_coverage_totals {
    int implementations;
    int clauses, clauses_covered;
    int strict_uncovered;          /* across implementations */
    int statuses, statuses_covered;
} report_coverage_totals;

/* Writes the coverage of the trace at db_path (run_id 0 = the newest run of each implementation;
 * otherwise that run only) to out, as text or JSON. Returns 0, or -1 with a message in err. */
int report_coverage(const char *db_path, int64_t run_id, bool json, FILE *out, report_coverage_totals *totals,
                    char *err, size_t cap);

/* Lists the clause catalogue (and, in JSON, the functions with their documented statuses). */
void report_spec_list(FILE *out, bool json);

#endif
