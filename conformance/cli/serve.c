/* conformance/cli/serve.c — `rtshm serve --impl reference|PATH.so|exec:COMMAND`: serves a backend over the
 * line protocol (conformance/PROTOCOL.md) on stdin and stdout, for `--impl exec:...` of another rtshm
 * (`exec:ssh HOST rtshm serve --impl ...` reaches another machine).
 *
 * The protocol owns stdin and stdout: before the backend is loaded they are moved to descriptors of
 * their own, stdin becomes /dev/null and stdout goes to stderr, so nothing a library prints can corrupt
 * an answer. The backend runs in this process, unisolated: the client (rtshm run or validate) isolates
 * the whole program. Exit 0 when the client closed stdin; 2 on bad usage or a backend that does not
 * load; 3 when the framing broke (a request line too long, a read error, the client gone). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "conf/cli.h"
#include "conf/exec.h"
#include "escape.h"
#include "options.h"

int cli_cmd_serve(int argc, char **argv) {
    const char *impl = NULL;
    const cli_option options[] = {
        {"--impl", CLI_TEXT, &impl, .metavar = "reference|PATH.so|exec:COMMAND",
         .help = "the backend to serve: the in-process model, a backend library, or another program"},
    };
    const cli_syntax syntax = {options, 1, 0, "serve takes no positional arguments, not '%s'",
                               "unknown option '%s' for serve"};
    int count;
    int code = cli_parse(&syntax, argc - 2, argv + 2, NULL, &count);
    if (code != RTSHM_EXIT_OK) return code;
    if (impl == NULL) return cli_usage_error("%s", "serve needs --impl reference|PATH.so|exec:COMMAND");
    int in_fd = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3);
    int out_fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
    int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (in_fd < 0 || out_fd < 0 || null_fd < 0 || dup2(null_fd, STDIN_FILENO) < 0 ||
        dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
        fprintf(stderr, "rtshm serve: cannot set up stdin and stdout\n");
        return RTSHM_EXIT_INTERNAL;
    }
    close(null_fd);
    /* a crash of the library is this process's death by that signal, for the client to report as CRASH
     * (a sanitizer's handler would turn it into an exit status), as in rtshm's fork server */
    static const int fatal[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
    for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++) signal(fatal[i], SIG_DFL);
    conf_backend loaded;
    const conf_backend *be = conf_backend_reference();
    char err[1024];
    if (strcmp(impl, "reference") != 0) {
        if (conf_backend_load(impl, &loaded, err, sizeof err) != 0) {
            cli_escape_line(stderr, "rtshm serve: --impl %s", err);
            return RTSHM_EXIT_INPUT;
        }
        be = &loaded;
    }
    if (conf_backend_serve(be, in_fd, out_fd, err, sizeof err) != 0) {
        cli_escape_line(stderr, "rtshm serve: %s", err);
        return RTSHM_EXIT_INTERNAL;
    }
    return RTSHM_EXIT_OK;
}
