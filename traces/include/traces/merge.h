/* traces/merge.h — `rtshm merge OUT IN...`: the shard traces of one sharded run (`--shard K/N` on several
 * machines or CI jobs) made into one run whose canonical export is the unsharded run's.
 *
 * From each input the newest run of each implementation is taken (one for a `run` trace, the reference's
 * and the backend's for a `validate` trace). Per implementation, the inputs' runs must be the N shards 1/N
 * .. N/N, each once, each complete, all of the same tool version, implementation, library file, seed,
 * corpus and --filter globs (traces/inputs.h); anything else is refused with what differs. The merged run
 * (per implementation, in the order of the first input's runs) is appended to OUT in one transaction:
 * its runs row (state 'complete', the earliest shard's started_at, the merge's argv), its run_inputs row
 * (unsharded) and every scenario, step, finding, cited clause and run_corpus row of the shards. Inputs
 * are read through read-only connections of their own; nothing is written to them. */
#ifndef TRACES_MERGE_H
#define TRACES_MERGE_H

#include <stddef.h>
#include <stdint.h>

#include "traces/trace.h"

/* What trace_merge's failure was: the inputs' (refused: not shards of one run), or anything else. */
enum { TRACE_MERGE_EINTERNAL = -1, TRACE_MERGE_EINPUT = -2 };

/* One merged run, for the caller's summary. */
typedef struct trace_merged_run {
    int64_t run_id;
    char implementation[256];
    int64_t shards, scenarios;
} trace_merged_run;

#define TRACE_MERGE_MAX_RUNS 8

/* Merges inputs[0..count) into out (opened by trace_open). Returns 0 with merged[0..*merged_count) filled;
 * TRACE_MERGE_EINPUT or TRACE_MERGE_EINTERNAL with the message in err (nothing written to out then). */
int trace_merge(trace_db *out, const char *const *inputs, size_t count, const char *argv_json,
                trace_merged_run merged[TRACE_MERGE_MAX_RUNS], size_t *merged_count, char *err, size_t cap);

#endif
