/* conformance/cli/expect.h — a recorded run judged against an expectation file (expectfile.h), and the
 * `rtshm expect --from DB` command that writes the expectation file of a run.
 *
 * Judging (conformance/EXPECTATIONS.md has the rules): every scenario of the run gets an outcome — pass
 * (PASS or SKIP, nothing expected), expected (it deviated as an entry says), unexpected (it deviated
 * otherwise, or with no entry), unexpected-pass (an entry expected a deviation and it passed) — and every
 * step an entry names gets one too. The outcomes, and the file's entries with how much each matched, are
 * recorded in the trace (traces/expect.h) in one transaction, then printed: each unexpected result and
 * each entry that matched nothing on its own line, then one summary line. */
#ifndef CLI_EXPECT_H
#define CLI_EXPECT_H

#include <stdint.h>
#include <stdio.h>

#include "expectfile.h"
#include "traces/trace.h"

/* Judges run_id of the trace db (open for writing; db_path names it, read back through a reader) against
 * x, records the outcomes and prints them on out. Returns RTSHM_EXIT_OK when nothing was unexpected,
 * RTSHM_EXIT_FAILED when a scenario was unexpected or an unexpected pass, RTSHM_EXIT_INTERNAL after
 * printing why. x's matched counts are updated. */
int cli_expect_judge(trace_db *db, const char *db_path, int64_t run_id, cli_expectations *x, FILE *out);

#endif
