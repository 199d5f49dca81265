/* conformance/cli/files.h — files the CLI writes: their folders, and output written whole or not at all.
 *
 * An atomic file is written under a temporary name beside its target ("<target>.tmp-XXXXXX" made by mkstemp,
 * so on the same file system, with a name no other process can predict or hold) and renamed over the target only when everything was written and closed: a reader
 * never sees a half-written file, and a failure leaves neither the target (as it was before, if it
 * existed) changed nor the temporary file behind. */
#ifndef CLI_FILES_H
#define CLI_FILES_H

#include <stdio.h>

/* mkdir -p of the folder that will hold path (nothing for a path without a folder). Returns 0, or -1
 * with errno set. */
int cli_make_parent(const char *path);

typedef struct cli_atomic_file {
    FILE *out;          /* write here between open and commit/abort */
    const char *target; /* the caller's path; must outlive the atomic file */
    char temp[4200];    /* the temporary file beside it */
} cli_atomic_file;

/* Creates the temporary file for target (its folder must exist). Returns 0, or -1 with errno set and
 * nothing created. */
int cli_atomic_open(cli_atomic_file *f, const char *target);

/* Closes the temporary file and renames it over the target. Returns 0; or -1 with errno set (of the
 * close or rename that failed) and the temporary file removed. */
int cli_atomic_commit(cli_atomic_file *f);

/* Closes and removes the temporary file; the target is left as it was. errno is preserved, so a caller
 * can still word the failure that made it give up. */
void cli_atomic_abort(cli_atomic_file *f);

#endif
