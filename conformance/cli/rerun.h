/* conformance/cli/rerun.h — `run --rerun-failed DB [--run ID]`: the scenarios whose verdict was not PASS
 * in a recorded run (the newest of DB, or run ID), as the ids the run's selection is restricted to, and
 * their recorded file paths (the corpus when the command line gives no PATH). */
#ifndef CLI_RERUN_H
#define CLI_RERUN_H

#include <stddef.h>
#include <stdint.h>

#include "load.h"

typedef struct cli_rerun {
    int64_t run_id;     /* the run read */
    char **ids;         /* the scenarios of that run whose verdict is not PASS, sorted by strcmp */
    char **paths;       /* the recorded file of each, in the same order */
    size_t count;
} cli_rerun;

/* Reads the run of db_path (run_id, or the newest run when 0) into *out. Returns 0; or RTSHM_EXIT_INPUT
 * (no such file, not a trace, no such run) / RTSHM_EXIT_INTERNAL after printing "rtshm: --rerun-failed
 * <why>". Either way *out is to be released with cli_rerun_free. */
int cli_rerun_read(const char *db_path, int64_t run_id, cli_rerun *out);

/* Restricts selection to the ids of rerun (selection->ids points into rerun). */
void cli_rerun_select(const cli_rerun *rerun, cli_selection *selection);

void cli_rerun_free(cli_rerun *rerun);

#endif
