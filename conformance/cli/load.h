/* conformance/cli/load.h — the scenarios a command works on: every file below its PATHs loaded and
 * validated before anything runs, scenario ids unique, and the selection (--filter, --rerun-failed)
 * among them.
 *
 * Loading is all or nothing: one bad file (or a duplicate id) and the command runs nothing and writes
 * nothing — each error is printed, then "rtshm: N scenario file(s) rejected; nothing was run". */
#ifndef CLI_LOAD_H
#define CLI_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "conf/scenario.h"
#include "shard.h"

typedef struct cli_corpus {
    conf_scenario **items; /* in path order (conf_collect's) */
    size_t count;
} cli_corpus;

/* Collects the scenario files under paths[0..count) (conf_collect) and loads each one — its steps held,
 * or streamed beyond the corpus's hold budget (conf_corpus_load_mode). Prints every error on stderr
 * (no PATH at all is a usage error). Returns 0 with *out filled, -1 (bad input), or
 * CLI_CORPUS_NO_MEMORY when memory ran out (the files were not judged: exit 3, not 2); either way *out
 * is to be released with cli_corpus_free. */
#define CLI_CORPUS_NO_MEMORY (-2)
int cli_corpus_load(char **paths, int count, cli_corpus *out);

void cli_corpus_free(cli_corpus *corpus);

/* Which scenarios of a corpus a command runs: those one of the --filter globs matches (by id or by one
 * of their tags, fnmatch; no glob: every scenario), and with --rerun-failed only those whose id is one
 * of ids, and with --shard only the scenarios of that share. */
typedef struct cli_selection {
    const char *const *globs; /* the --filter values, any one of them selecting (OR) */
    size_t glob_count;
    bool by_ids;              /* --rerun-failed: ids restricts the selection too */
    char **ids;               /* sorted by strcmp (bsearch) */
    size_t id_count;
    cli_shard shard;          /* --shard K/N (shard.h); count 0: every share */
} cli_selection;

/* True when selection (NULL: everything) selects sc. */
bool cli_corpus_selects(const conf_scenario *sc, const cli_selection *selection);

/* How many scenarios of corpus selection selects. */
size_t cli_corpus_selected(const cli_corpus *corpus, const cli_selection *selection);

/* The --filter values quoted and comma-separated ("'a', 'b'") into buf, for messages. */
void cli_selection_globs_text(const cli_selection *selection, char *buf, size_t cap);

#endif
