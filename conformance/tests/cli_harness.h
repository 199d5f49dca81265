/* conformance/tests/cli_harness.h — running the real `rtshm` binary from tests and querying traces.
 *
 * rtshm_exec runs RTSHM_BIN with the given arguments (NULL-terminated), captures stdout and stderr
 * into the caller's buffers (NUL-terminated, truncated to cap) and returns the exit code (or -1 when
 * it did not exit normally). tmp_path gives a fresh path under a per-process temporary folder (removed
 * at exit).
 * db_int / db_text run one SQL query returning a single value on a trace database. */
#ifndef CLI_HARNESS_H
#define CLI_HARNESS_H

#include <stddef.h>
#include <stdint.h>

int rtshm_exec(char *out, size_t out_cap, char *err, size_t err_cap, const char *arg0, ...);

/* The temporary folder: $TMPDIR when set and not empty, else "/tmp". */
const char *tmp_dir(void);

/* A new path "<folder>/<name>" in a folder made by mkdtemp in tmp_dir() once per test process (a forked
 * child gets its own) and removed with everything in it when that process exits; the file does not
 * exist. The path is overwritten by the next call. */
const char *tmp_path(const char *name);

/* tmp_path(name) copied into one of 8 buffers of its own (tmp_path reuses one), for up to 8 paths per test. */
const char *kept_tmp_path(const char *name);

/* Makes the source tree the working directory (the tests name corpus files relative to it) and asserts
 * it is there. */
void cli_enter_source_tree(void);

/* The first column of the first row of sql on db as an integer (-1 on error) / as text (copied into
 * buf; "" on error or NULL). */
int64_t db_int(const char *db, const char *sql);
const char *db_text(const char *db, const char *sql, char *buf, size_t cap);

#endif
