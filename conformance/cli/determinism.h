/* conformance/cli/determinism.h — `rtshm run --check-determinism`: the selected scenarios run twice more,
 * and their canonical traces must be identical (SIM.DETERMINISM). */
#ifndef CLI_DETERMINISM_H
#define CLI_DETERMINISM_H

#include <stdint.h>
#include <stdio.h>

#include "load.h"
#include "plan.h"

/* Runs the scenarios of corpus that selection selects on impl with seed into a private scratch trace
 * (tracefile.h) as run 1 and run 2, then diffs the two runs' canonical traces. Prints one verdict line
 * on out ("determinism: N scenarios ran twice with identical canonical traces (SIM.DETERMINISM)", or
 * "determinism: FAILED ..." followed by the first divergence). The scratch trace is removed.
 * Returns 0 identical, 1 different, -1 internal error or interrupted (after "rtshm: determinism check:
 * <why>" on stderr). */
int cli_check_determinism(const cli_corpus *corpus, const cli_selection *selection, const cli_impl *impl, uint64_t seed,
                          FILE *out);

#endif
