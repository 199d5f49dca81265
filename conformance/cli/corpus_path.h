/* conformance/cli/corpus_path.h — where the default corpus is: the one installed beside the binary
 * (<prefix>/share/rtshm/scenarios for <prefix>/bin/rtshm), else the source tree's conformance/scenarios
 * (a build run from the repository root). */
#ifndef CLI_CORPUS_PATH_H
#define CLI_CORPUS_PATH_H

/* The installed corpus relative to the directory of the rtshm binary (CMake's install rules put it there). */
#define CLI_INSTALLED_CORPUS_FROM_BINDIR "../share/rtshm/scenarios"
/* The corpus of a source tree, relative to the current directory. */
#define CLI_SOURCE_CORPUS "conformance/scenarios"

/* The default corpus of commands given no PATH: <dir of /proc/self/exe>/../share/rtshm/scenarios, resolved
 * (realpath), when that is a directory; otherwise CLI_SOURCE_CORPUS. Static storage, valid for the
 * process's life; the caller neither frees nor changes it. Not thread-safe on its first call. */
char *cli_default_corpus(void);

/* The expression validate.c (and any command that takes a corpus) uses for its default PATH. */
#define DEFAULT_CORPUS cli_default_corpus()

#endif
