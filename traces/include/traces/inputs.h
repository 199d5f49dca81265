/* traces/inputs.h — what a run was given (tables run_inputs and run_corpus, TRACE-SCHEMA.md): the
 * implementation's file hash, the corpus digest, the --filter globs, the shard, and the scenarios it
 * selected with their files' hashes. `run --resume` compares them with its command line before it
 * continues a run; `merge` compares its inputs' runs with each other. */
#ifndef TRACES_INPUTS_H
#define TRACES_INPUTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "traces/trace.h"

/* What a run is, as far as resuming and merging care: its runs row and its run_inputs row. */
typedef struct trace_run_identity {
    char tool_version[128];
    char implementation[256];
    uint64_t seed;
    char state[16];
    bool has_inputs;          /* false: recorded before run_inputs existed (nothing below is known) */
    char impl_sha256[65];     /* "" for the in-process reference */
    char corpus_sha256[65];
    char filters[1024];       /* JSON array of the --filter globs */
    int64_t shard_index, shard_count; /* 0 and 0 unsharded */
} trace_run_identity;

/* The scenarios a run selected: ids sorted by strcmp, each with its file's SHA-256. */
typedef struct trace_selection {
    const char *const *ids;
    const char *const *sha256s;
    size_t count;
} trace_selection;

/* Records run_id's inputs (its run_inputs row from id's impl_sha256, corpus_sha256, filters and shard) and
 * its selection (run_corpus rows), in one transaction. 0, or -1 with the message in trace_errmsg. */
int trace_record_inputs(trace_db *db, int64_t run_id, const trace_run_identity *id, const trace_selection *sel);

/* Reads run_id's identity into *out. 0; 1 when there is no such run; -1 with trace_errmsg on failure. */
int trace_read_identity(trace_db *db, int64_t run_id, trace_run_identity *out);

/* Compares the identity recorded for a run (then) with the one of a command line (now): tool version,
 * implementation name, library hash, seed, filters, when with_shard the shard, and last the corpus digest.
 * Each value is followed by its label in why ("the seed differs: 1 then, 7 now" for the labels "then" and
 * "now"). 0 when they agree; 1 with the first difference worded into why; 2
 * when only the corpus digest differs (worded too: a caller may name the scenario from the selections). */
int trace_identity_compare(const trace_run_identity *then, const trace_run_identity *now, const char *then_label,
                           const char *now_label, bool with_shard, char *why, size_t cap);

/* Compares run_id's recorded selection with sel. 0 when they are the same scenarios with the same file
 * hashes; 1 with the first difference and the number of differences worded into why (a scenario no longer
 * selected, newly selected, or whose file changed); -1 with trace_errmsg on failure. */
int trace_selection_compare(trace_db *db, int64_t run_id, const trace_selection *sel, char *why, size_t cap);

#endif
