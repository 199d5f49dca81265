/* conformance/cli/tracefile.h — a temporary trace database: a private scratch file the CLI records into
 * and reads back (the determinism check), removed afterwards with SQLite's side files.
 *
 * Its name holds the process id, so concurrent rtshm processes do not share one; a file left behind by
 * an earlier process of the same id (killed before cleaning up) is removed before use. */
#ifndef CLI_TRACEFILE_H
#define CLI_TRACEFILE_H

#include <stddef.h>

/* A fresh path "/tmp/rtshm-<purpose>-<pid>.sqlite" in path (cap bytes; 96 is enough for a short
 * purpose); no file exists there on return. */
void cli_scratch_trace_path(char *path, size_t cap, const char *purpose);

/* Removes the scratch trace at path and its -wal and -shm files (those that exist). */
void cli_scratch_trace_remove(const char *path);

#endif
