/* conformance/cli/corpus_path.c — the default corpus (corpus_path.h): the installed one found relative to
 * the running binary, or the source tree's. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "corpus_path.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The installed corpus beside the binary at exe_path, resolved into found (PATH_MAX bytes); false when
 * there is none (a build tree's binary, or no /proc). */
static bool installed_corpus(const char *exe_path, char *found) {
    const char *slash = strrchr(exe_path, '/');
    if (slash == NULL) return false;
    char candidate[PATH_MAX + sizeof CLI_INSTALLED_CORPUS_FROM_BINDIR + 1];
    snprintf(candidate, sizeof candidate, "%.*s/%s", (int)(slash - exe_path), exe_path, CLI_INSTALLED_CORPUS_FROM_BINDIR);
    struct stat st;
    return stat(candidate, &st) == 0 && S_ISDIR(st.st_mode) && realpath(candidate, found) != NULL;
}

char *cli_default_corpus(void) {
    static char corpus[PATH_MAX];
    if (corpus[0]) return corpus;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) exe[n] = '\0';
    if (n <= 0 || !installed_corpus(exe, corpus)) snprintf(corpus, sizeof corpus, "%s", CLI_SOURCE_CORPUS);
    return corpus;
}
