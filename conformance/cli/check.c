/* conformance/cli/check.c — `rtshm check PATH...`: validates scenario files only; nothing runs, nothing
 * is written. Exit 0 when every file is valid (and ids are unique), 2 otherwise (3 when memory ran out
 * while loading: nothing was judged). */
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "conf/cli.h"
#include "load.h"
#include "options.h"

int cli_cmd_check(int argc, char **argv) {
    const cli_syntax syntax = {NULL, 0, -1, NULL, "unknown option '%s' for check"};
    char **paths = calloc((size_t)argc, sizeof *paths);
    if (paths == NULL) return RTSHM_EXIT_INTERNAL;
    int path_count;
    int code = cli_parse(&syntax, argc - 2, argv + 2, paths, &path_count);
    cli_corpus corpus = {0};
    int loaded = code == RTSHM_EXIT_OK ? cli_corpus_load(paths, path_count, &corpus) : 0;
    if (loaded != 0) code = loaded == CLI_CORPUS_NO_MEMORY ? RTSHM_EXIT_INTERNAL : RTSHM_EXIT_INPUT;
    free(paths);
    if (code == RTSHM_EXIT_OK) {
        size_t steps = 0;
        for (size_t i = 0; i < corpus.count; i++) steps += (size_t)corpus.items[i]->step_count;
        printf("%zu scenario files valid (%zu steps)\n", corpus.count, steps);
    }
    cli_corpus_free(&corpus);
    return code;
}
