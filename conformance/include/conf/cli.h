/* conf/cli.h — the `rtshm` command line (README.md "The command line").
 *
 * Exit codes: 0 everything passed; 1 a scenario failed or diverged; 2 bad usage or bad input (nothing
 * is written to the trace); 3 internal error (I/O, SQLite) or interrupted. Results go to stdout,
 * errors and progress to stderr. */
#ifndef CONF_CLI_H
#define CONF_CLI_H

enum { RTSHM_EXIT_OK = 0, RTSHM_EXIT_FAILED = 1, RTSHM_EXIT_INPUT = 2, RTSHM_EXIT_INTERNAL = 3 };

int conf_cli_main(int argc, char **argv);

#endif
