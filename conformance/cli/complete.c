/* conformance/cli/complete.c — `rtshm complete [--seed N] [--stdout] FILE...`: fills or refreshes the
 * `expect` of every call and memory step of each scenario file from the reference model (completion
 * mode, as sqllogictest has: people write the calls, review the expectations), keeping the rest of the
 * file's text byte for byte (conformance/src/explore_complete.c). Each file is rewritten whole or not at
 * all (an atomic rename), after its completed text was parsed again; with --stdout the texts are printed
 * instead. Exit 0 when every file was completed, 2 when one is not a valid scenario (nothing is written
 * for it), 3 on an internal error. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "conf/cli.h"
#include "conf/explore.h"
#include "escape.h"
#include "files.h"
#include "options.h"

/* The whole file at path (allocated, NUL-terminated, *len bytes), or NULL after printing why. */
static char *read_whole(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    if (f && fseek(f, 0, SEEK_END) == 0) {
        long size = ftell(f);
        if (size >= 0 && (unsigned long)size <= CONF_MAX_FILE_BYTES && fseek(f, 0, SEEK_SET) == 0 &&
            (text = malloc((size_t)size + 1)) != NULL) {
            *len = fread(text, 1, (size_t)size, f);
            text[*len] = '\0';
            if (*len != (size_t)size) {
                free(text);
                text = NULL;
            }
        }
    }
    if (text == NULL) cli_escape_line(stderr, "rtshm: complete: %s: %s", path, f ? "cannot read it whole" : strerror(errno));
    if (f) fclose(f);
    return text;
}

/* Completes one file. Returns an exit code. */
static int complete_one(const char *path, uint64_t seed, bool to_stdout) {
    char err[2048];
    conf_scenario *sc = NULL;
    int loaded = conf_scenario_load_mode(path, CONF_LOAD_HOLD, &sc, err, sizeof err);
    if (loaded != 0) {
        cli_escape_line(stderr, "%s", err);
        return loaded == CONF_LOAD_NO_MEMORY ? RTSHM_EXIT_INTERNAL : RTSHM_EXIT_INPUT;
    }
    size_t len = 0;
    char *text = read_whole(path, &len);
    char *done = text ? ex_complete_text(path, text, len, sc, seed, err, sizeof err) : NULL;
    int code = done ? RTSHM_EXIT_OK : RTSHM_EXIT_INTERNAL;
    if (text && done == NULL) cli_escape_line(stderr, "rtshm: complete: %s", err);
    conf_scenario *again = NULL;
    if (done && conf_scenario_parse(path, done, strlen(done), &again, err, sizeof err) != 0) {
        cli_escape_line(stderr, "rtshm: complete: %s: the completed text does not parse (nothing written): %s", path, err);
        code = RTSHM_EXIT_INTERNAL;
    }
    conf_scenario_free(again);
    if (code == RTSHM_EXIT_OK && to_stdout) {
        fputs(done, stdout);
    } else if (code == RTSHM_EXIT_OK) {
        cli_atomic_file f;
        if (cli_atomic_open(&f, path) != 0) {
            cli_escape_line(stderr, "rtshm: complete: %s: %s", path, strerror(errno));
            code = RTSHM_EXIT_INTERNAL;
        } else {
            fputs(done, f.out);
            if (cli_atomic_commit(&f) != 0) {
                cli_escape_line(stderr, "rtshm: complete: %s: %s", path, strerror(errno));
                code = RTSHM_EXIT_INTERNAL;
            } else {
                cli_escape_line(stdout, "completed %s (%d steps)", path, sc->step_count);
            }
        }
    }
    free(done);
    free(text);
    conf_scenario_free(sc);
    return code;
}

int cli_cmd_complete(int argc, char **argv) {
    uint64_t seed = 0;
    bool to_stdout = false;
    const cli_option table[] = {
        {"--seed", CLI_UINT, &seed, "--seed takes an unsigned 64-bit integer, not '%s'", 0, UINT64_MAX, .metavar = "N",
         .help = "the world seed of the reference's run (default 0)"},
        {"--stdout", CLI_FLAG, &to_stdout, .help = "print the completed texts instead of rewriting the files"},
    };
    const cli_syntax syntax = {table, sizeof table / sizeof table[0], -1, NULL, "unknown option '%s' for complete"};
    char **paths = calloc((size_t)argc, sizeof *paths);
    if (paths == NULL) return RTSHM_EXIT_INTERNAL;
    int count = 0;
    int code = cli_parse(&syntax, argc - 2, argv + 2, paths, &count);
    if (code == RTSHM_EXIT_OK && count == 0) code = cli_usage_error("%s", "complete needs a scenario FILE");
    for (int i = 0; code == RTSHM_EXIT_OK && i < count; i++) code = complete_one(paths[i], seed, to_stdout);
    free(paths);
    return code;
}
