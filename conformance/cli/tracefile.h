/* conformance/cli/tracefile.h — a temporary trace database: a private scratch file the CLI records into
 * and reads back (the determinism check), removed afterwards with SQLite's side files.
 *
 * It is created by mkstemp in the temporary folder ($TMPDIR, else /tmp): its name is unpredictable and
 * no other process (rtshm or not) can have it, so concurrent runs never share one. */
#ifndef CLI_TRACEFILE_H
#define CLI_TRACEFILE_H

#include <stddef.h>

/* The temporary folder: $TMPDIR when set and not empty, else "/tmp". */
const char *cli_temp_dir(void);

/* Creates an empty file "<tmpdir>/rtshm-<purpose>-XXXXXX" (mkstemp) and writes its path into
 * path (cap bytes). SQLite opens an empty file as a new database. Returns 0, or -1 with errno set and
 * nothing created. */
int cli_scratch_trace_path(char *path, size_t cap, const char *purpose);

/* Removes the scratch trace at path and its -wal and -shm files (those that exist). */
void cli_scratch_trace_remove(const char *path);

#endif
