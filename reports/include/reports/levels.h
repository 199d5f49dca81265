/* reports/levels.h — `rtshm validate`'s table: per clause level, how many scenarios pass, diverge and
 * fail. A scenario counts at a level when one of its steps was decided by a clause of that level; its
 * result there is the worst verdict among those steps (FAIL > DIVERGE > PASS). */
#ifndef REPORTS_LEVELS_H
#define REPORTS_LEVELS_H

#include <stdint.h>
#include <stdio.h>

typedef struct report_level_counts {
    long pass[4], diverge[4], fail[4]; /* indexed by spec_level */
    long scenarios, scen_pass, scen_fail, scen_diverge, scen_skip, scen_crash, scen_timeout, scen_error;
} report_level_counts;

/* Computes and prints the table for run_id of the trace at db_path. Returns 0, or -1 with err. */
int report_levels(const char *db_path, int64_t run_id, FILE *out, report_level_counts *counts, char *err, size_t cap);

#endif
