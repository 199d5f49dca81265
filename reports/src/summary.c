/* reports/src/summary.c — the summary line printed at the end of `rtshm run`. */
#include "reports/summary.h"

int report_summary_line(FILE *f, trace_db *db, const char *db_path, int64_t run_id) {
    trace_run_totals t;
    if (trace_read_totals(db, run_id, &t) != 0) return -1;
    fprintf(f, "%lld scenarios: %lld PASS, %lld FAIL, %lld DIVERGE, %lld ERROR, %lld CRASH, %lld TIMEOUT, %lld SKIP; "
               "%lld steps, %lld findings; trace %s (run %lld)\n",
            (long long)t.scenarios, (long long)t.pass, (long long)t.fail, (long long)t.diverge, (long long)t.error,
            (long long)t.crash, (long long)t.timeout, (long long)t.skip, (long long)t.steps, (long long)t.findings, db_path,
            (long long)run_id);
    return 0;
}
