/* conformance/cli/cli.c — conf_cli_main: the command table, `rtshm --help` generated from it,
 * `--version`, and dispatch to the command's file (commands.h). */
#include "conf/cli.h"

#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "options.h"
#include "runinfo.h"

/* The commands in the order `rtshm --help` lists them. */
static const cli_command commands[] = {
    {"run", cli_cmd_run, "[--impl reference|PATH.so] [--db FILE] [--seed N] [--filter GLOB] [--timeout S] PATH...",
     "run scenario files (or every *.json below folders) on the reference model, or on a backend\n"
     "library (rtshm/backend.h; each scenario in a child process, judged by the reference's\n"
     "clauses), and record every step in the SQLite trace (default " CLI_RUN_DEFAULT_DB ")"},
    {"validate", cli_cmd_validate, "--impl PATH.so [--db FILE] [--timeout S] [--seed N] [--filter GLOB] [PATH...]",
     "the corpus (default conformance/scenarios) on the reference and on the backend into one\n"
     "trace (default " CLI_VALIDATE_DEFAULT_DB "); per clause level, how many scenarios pass, diverge,\n"
     "fail; exit 0 only when nothing FAILed (FAIL, CRASH, TIMEOUT, ERROR)"},
    {"check", cli_cmd_check, "PATH...", "validate scenario files only; nothing runs, nothing is written"},
    {"export", cli_cmd_export, "DB [--run ID] [-o FILE]",
     "the canonical trace of a run (default: the newest) as JSON Lines"},
    {"diff", cli_cmd_diff, "A B [--run-a ID] [--run-b ID] [--format text|json] [--ignore F,G] [--context N]",
     "first-divergence diff of two traces (databases or exported JSONL); A and B the same\n"
     "database without run ids compares its two newest runs; exit 0 identical, 1 different"},
    {"spec", cli_cmd_spec, "[--format text|json|schema] [--coverage DB [--run ID]]",
     "the clause catalogue; --format schema: the JSON Schema of scenario files, made from the spec\n"
     "tables; with --coverage, per implementation in the trace: each clause with the scenarios and\n"
     "steps that cover it, the clauses nothing covers, and the documented statuses no step\n"
     "produced; exit 1 when a strict clause is uncovered"},
    {"report", cli_cmd_report,
     "DB [--run ID] [--format html|md|junit|json] [-o FILE]\n"
     "         [--baseline ID | --baseline-db FILE [--baseline-run ID]]",
     "one run of a trace (default: the newest) as a self-contained HTML page (default), a Markdown\n"
     "summary, JUnit XML or rtshm-report/1 JSON; with a baseline run (of DB, or the newest of another\n"
     "database) new failures and fixed scenarios come first; exit 0 when written"},
};

#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

/* What the help says after the commands: the options of run in detail, and the exit codes. */
static const char help_tail[] =
    "  --help | help      this text\n"
    "  --version          tool version\n"
    "\n"
    "options of run:\n"
    "  --db FILE          trace database to append the run to (created when absent)\n"
    "  --seed N           run seed (unsigned 64-bit, default 1), recorded with the run\n"
    "  --filter GLOB      run only scenarios whose id or one of whose tags matches GLOB\n"
    "  --impl reference|PATH.so  the implementation to run: the reference model (default) or a backend\n"
    "                     library; a crash is verdict CRASH, a hang past --timeout (default 10 s) TIMEOUT\n"
    "  --resume           finish the newest run of --db that did not complete (killed or interrupted):\n"
    "                     same run id and seed; scenarios it recorded already are not run again\n"
    "  --check-determinism  run the selected scenarios twice more in memory and report the first\n"
    "                     step whose canonical record differs (SIM.DETERMINISM); exit 1 if any\n"
    "\n"
    "exit codes: 0 all passed; 1 a scenario failed or diverged; 2 bad usage or input; 3 internal error\n";

/* Prints the help: the usage line, each command of the table (its usage, then its description
 * indented by 8), then help_tail. */
static void print_help(FILE *out) {
    fputs("usage: rtshm <command> [options]\n\ncommands:\n", out);
    for (size_t i = 0; i < COMMAND_COUNT; i++) {
        fprintf(out, "  %s %s\n", commands[i].name, commands[i].usage);
        for (const char *line = commands[i].description; *line;) {
            size_t len = strcspn(line, "\n");
            fprintf(out, "        %.*s\n", (int)len, line);
            line += len + (line[len] == '\n');
        }
    }
    fputs(help_tail, out);
}

/* True when an argument after the command asks for help (`rtshm <command> --help`). */
static bool asks_for_help(int argc, char **argv) {
    for (int i = 2; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) return true;
    return false;
}

int conf_cli_main(int argc, char **argv) {
    if (argc < 2) {
        print_help(stderr);
        return RTSHM_EXIT_INPUT;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        print_help(stdout);
        return RTSHM_EXIT_OK;
    }
    if (strcmp(name, "--version") == 0) {
        printf("%s\n", cli_tool_version());
        return RTSHM_EXIT_OK;
    }
    if (asks_for_help(argc, argv)) {
        print_help(stdout);
        return RTSHM_EXIT_OK;
    }
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        if (strcmp(name, commands[i].name) == 0) return commands[i].handler(argc, argv);
    /* worded as before the table existed (its order is the order the commands were added in) */
    return cli_usage_error("unknown command '%s' (commands in this version: run, check, export, diff, spec, validate, "
                           "report)",
                           name);
}
