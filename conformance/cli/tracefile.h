/* conformance/cli/tracefile.h — a temporary trace database: a private scratch file the CLI records into
 * and reads back (the determinism check), removed afterwards with SQLite's side files.
 *
 * It is created by mkstemp in the temporary folder ($TMPDIR, else /tmp): its name is unpredictable and
 * no other process (rtshm or not) can have it, so concurrent runs never share one. */
#ifndef CLI_TRACEFILE_H
#define CLI_TRACEFILE_H

#include <stddef.h>

/* What every command that reads a trace database does first (export, report, diff, spec --coverage,
 * run --rerun-failed, merge's inputs): the file at path, named as `label` in messages (e.g. "" or
 * "--rerun-failed "), must be readable and, when it is an SQLite database (its header), an rtshm trace of
 * a schema version this rtshm knows whose pages pass PRAGMA quick_check (traces/health.h) — all checked
 * read-only. (Any other file is left to the reader: a JSONL trace, or "not a database".) Returns RTSHM_EXIT_OK; else prints
 * "rtshm: <label><why>" and returns RTSHM_EXIT_INPUT (missing, unreadable, not a trace, a newer schema) or
 * RTSHM_EXIT_INTERNAL (damaged). */
int cli_trace_check(const char *path, const char *label);

/* The exit code of a trace_open failure (TRACE_OPEN_*): 2 for the input's fault, 3 otherwise. */
int cli_trace_open_exit(int open_rc);

/* The temporary folder: $TMPDIR when set and not empty, else "/tmp". */
const char *cli_temp_dir(void);

/* Creates an empty file "<tmpdir>/rtshm-<purpose>-XXXXXX" (mkstemp) and writes its path into
 * path (cap bytes). SQLite opens an empty file as a new database. Returns 0, or -1 with errno set and
 * nothing created. */
int cli_scratch_trace_path(char *path, size_t cap, const char *purpose);

/* Removes the scratch trace at path and its -wal and -shm files (those that exist). */
void cli_scratch_trace_remove(const char *path);

#endif
