/* conf/corpus.h — turning command-line PATHs into an ordered list of scenario files.
 *
 * A PATH is a file (taken as is) or a folder (every *.json below it, recursively, at most
 * CONF_MAX_DEPTH folders deep). The result is sorted bytewise by path and de-duplicated, so the same
 * arguments always give the same order whatever the file system returns.
 *
 * Nothing but regular files is ever opened: a PATH that is a FIFO, a device or a socket is refused (an
 * error, before anything is read); inside a folder, such entries — and links to them, and symbolic links
 * that lead nowhere — are skipped with a note each (conf_file_list.skipped, sorted bytewise), so a
 * corpus never silently loses a file that looks like a scenario. Regular files not named *.json and
 * hidden entries (a name starting with '.') are skipped silently: a corpus folder may hold a README. */
#ifndef CONF_CORPUS_H
#define CONF_CORPUS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "conf/scenario.h"

#define CONF_MAX_FILES 100000
#define CONF_MAX_DEPTH 32

typedef struct conf_file_list {
    char **paths;
    size_t count, capacity;
    char **skipped;        /* "<path>: skipped: <why>", one per entry of a folder that was not taken */
    size_t skipped_count;
    size_t skipped_lost;   /* notes that could not be kept (out of memory) */
} conf_file_list;

/* Appends the scenario files of each path. Returns 0, or -1 with a message in err (a PATH that does
 * not exist, an unreadable folder, too many files). */
int conf_collect(const char *const *paths, int path_count, conf_file_list *out, char *err, size_t err_cap);
void conf_file_list_free(conf_file_list *list);

/* What a file of this mode is, for messages: "a FIFO (named pipe)", "a character device", ... */
const char *conf_file_kind(mode_t mode);

/* How a corpus loads its next file of file_bytes: its steps are held while the files held so far
 * (*held_bytes, updated) stay within CONF_HOLD_FILE_BYTES in all, and streamed beyond, so a corpus
 * of many large files costs memory for their headers only. Files are loaded in the list's order,
 * so the choice is deterministic (and does not change any trace either way). */
conf_load_mode conf_corpus_load_mode(uint64_t file_bytes, uint64_t *held_bytes);

#endif
