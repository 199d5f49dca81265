/* conformance/cli/options.h — the one option parser of every `rtshm` command.
 *
 * A command describes its syntax as data (cli_syntax: its options, each with its value's name and a
 * one-line help, how many positional arguments it takes, and the usage messages it words itself) and
 * cli_parse reads argv against it, left to right, by the GNU conventions:
 *   - "--help" or "-h": the command's help (generated from the same table, cli_print_command_help) on
 *     stdout, and the parse returns CLI_HELP_SHOWN (the command exits 0 without doing anything);
 *   - "--": every argument after it is positional, even one starting with '-';
 *   - "--name=value" gives a long option its value in the same argument (a flag given a value this way:
 *     "<option> takes no value");
 *   - an argument naming an option that takes a value reads the next argument as that value, whatever
 *     it looks like ("--db --seed" sets --db to "--seed"); none left: "<option> needs a value";
 *   - a value that does not parse as the option's kind: the option's own bad_value message;
 *   - any other argument starting with '-' (but "-" alone): the command's unknown_option message;
 *   - anything else is positional; one beyond max_positional: the extra_positional message.
 * The first problem is reported and ends the parse. Every message is printed as
 * "rtshm: <message>\n(run 'rtshm --help' for usage)\n" on stderr (cli_usage_error) and the parse
 * returns RTSHM_EXIT_INPUT (2). */
#ifndef CLI_OPTIONS_H
#define CLI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef enum cli_value_kind {
    CLI_FLAG,   /* no value; dest is a bool, set to true */
    CLI_TEXT,   /* dest is a const char *, pointed at the value (the last one given wins) */
    CLI_UINT,   /* dest is a uint64_t: decimal, 0x hex or 0 octal (strtoull base 0), within [min, max] */
    CLI_RUN_ID, /* dest is an int64_t: a run id, 1 to INT64_MAX */
    CLI_CUSTOM, /* dest is whatever parse fills; parse returns false for a value it refuses */
    CLI_LIST    /* dest is a cli_text_list; every value given is appended (release with cli_text_list_free) */
} cli_value_kind;

/* The values of a CLI_LIST option, in the order given. */
typedef struct cli_text_list {
    const char **items; /* pointers into argv */
    size_t count;
} cli_text_list;

void cli_text_list_free(cli_text_list *list);

/* What cli_parse returns after printing the command's help: not an exit code (conf_cli_main turns it
 * into RTSHM_EXIT_OK). */
#define CLI_HELP_SHOWN 1000

typedef struct cli_option {
    const char *name;      /* as typed: "--db", "-o" */
    cli_value_kind kind;
    void *dest;            /* where the value goes (see cli_value_kind) */
    const char *bad_value; /* usage message for a value that does not parse, with one %s for the value */
    uint64_t min, max;     /* CLI_UINT: the accepted range */
    bool (*parse)(const char *value, void *dest); /* CLI_CUSTOM */
    const char *metavar;   /* the value's name in the help ("FILE"); NULL for a flag */
    const char *help;      /* one line for `rtshm <command> --help` */
} cli_option;

typedef struct cli_syntax {
    const cli_option *options;
    size_t option_count;
    int max_positional;           /* how many positional arguments the command takes; -1: any number */
    const char *extra_positional; /* usage message for one too many, with one %s for it */
    const char *unknown_option;   /* usage message for an unknown option, with one %s for it */
} cli_syntax;

/* Prints the help of the command being run (cli.c knows which: its usage line and description from the
 * command table) followed by syntax's options, one line each, on out. */
void cli_print_command_help(FILE *out, const cli_syntax *syntax);

/* Parses argv[0..argc) (the arguments after the command name) by syntax, storing option values through
 * their dest pointers (options not given keep what the caller put there: the defaults). The positional
 * arguments go, in their order, to positional (room for max_positional entries, or argc when the number
 * is unbounded) and their number to *positional_count. argv is not changed. Returns 0, CLI_HELP_SHOWN
 * after printing the help, or RTSHM_EXIT_INPUT after printing the usage error (CLI_LIST values read
 * until then stay in their lists, to be released by the caller). */
int cli_parse(const cli_syntax *syntax, int argc, char **argv, char **positional, int *positional_count);

/* Prints "rtshm: " fmt (with arg for its one %s) "\n(run 'rtshm --help' for usage)\n" on stderr.
 * Returns RTSHM_EXIT_INPUT, for `return cli_usage_error(...)`. */
int cli_usage_error(const char *fmt, const char *arg);

/* Reads an unsigned 64-bit integer as CLI_UINT does (no sign, no trailing text, no overflow).
 * Returns 0, or -1 leaving *out alone. */
int cli_parse_u64(const char *text, uint64_t *out);

/* CLI_CUSTOM parse for --format text|json: dest is a bool, set to true for json. */
bool cli_parse_text_or_json(const char *value, void *dest);

#endif
