/* conformance/cli/commands.h — the commands of `rtshm`, one file each (run.c, validate.c, ...), and the
 * table cli.c dispatches by and generates `rtshm --help` from.
 *
 * Every handler gets the whole command line (argv[0] the program, argv[1] its own name, its arguments
 * from argv[2]) — `run` and `validate` record it in the trace — and returns the exit code (conf/cli.h:
 * 0 passed, 1 failed or different, 2 bad usage or input, 3 internal error or interrupted). */
#ifndef CLI_COMMANDS_H
#define CLI_COMMANDS_H

#define CLI_RUN_DEFAULT_DB "out/trace.sqlite"
#define CLI_VALIDATE_DEFAULT_DB "out/validate.sqlite"

typedef int cli_handler(int argc, char **argv);

typedef struct cli_command {
    const char *name;        /* as typed after `rtshm` */
    cli_handler *handler;
    const char *usage;       /* its arguments, after the name (a second line indented to line up) */
    const char *description; /* what it does, lines without indent (the help indents them) */
} cli_command;

cli_handler cli_cmd_run, cli_cmd_validate, cli_cmd_check, cli_cmd_export, cli_cmd_diff, cli_cmd_spec,
    cli_cmd_report, cli_cmd_merge, cli_cmd_doctor, cli_cmd_expect, cli_cmd_explore,
    cli_cmd_complete, cli_cmd_serve;

#endif
