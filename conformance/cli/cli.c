/* conformance/cli/cli.c — conf_cli_main: the command table, `rtshm --help` generated from it, each
 * command's help (its table entry and its option table, cli_print_command_help), `--version`, and
 * dispatch to the command's file (commands.h). */
#include "conf/cli.h"

#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "options.h"
#include "runinfo.h"

/* The commands in the order `rtshm --help` lists them. */
static const cli_command commands[] = {
    {"run", cli_cmd_run,
     "[--impl reference|PATH.so|exec:COMMAND] [--db FILE] [--seed N] [--filter GLOB]... [--timeout S] [--shard K/N]\n"
     "         [--format text|json|tap] [--rerun-failed DB [--run ID]] [--resume] [--check-determinism] [--] PATH...",
     "run scenario files (or every *.json below folders) on the reference model, or on a backend\n"
     "library (rtshm/backend.h; each scenario in a child process, judged by the reference's\n"
     "clauses), and record every step in the SQLite trace (default " CLI_RUN_DEFAULT_DB ")"},
    {"validate", cli_cmd_validate,
     "--impl PATH.so|exec:COMMAND [--db FILE] [--timeout S] [--seed N] [--filter GLOB]... [--shard K/N] [--expect FILE]\n"
     "         [PATH...]",
     "the corpus (default conformance/scenarios) on the reference and on the backend into one\n"
     "trace (default " CLI_VALIDATE_DEFAULT_DB "); per clause level, how many scenarios pass, diverge,\n"
     "fail; exit 0 only when nothing FAILed (FAIL, CRASH, TIMEOUT, ERROR), or with --expect FILE\n"
     "when nothing was unexpected"},
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
     "         [--baseline ID | --baseline-db FILE [--baseline-run ID]] [--diverge failure|skipped|pass]\n"
     "         [--explore ID|none]",
     "one run of a trace (default: the newest) as a self-contained HTML page (default), a Markdown\n"
     "summary, JUnit XML or rtshm-report/1 JSON; with a baseline run (of DB, or the newest of another\n"
     "database) new failures and fixed scenarios come first; the newest exploration recorded by\n"
     "explore --db (or --explore ID) is shown too: its divergences and shrunk files; exit 0 when written"},
    {"merge", cli_cmd_merge, "OUT IN...",
     "the shard traces of one run (run or validate --shard K/N) merged into one run of OUT\n"
     "whose export is the unsharded run's; refused when they are not every shard of one run\n"
     "(same tool, implementation, seed, corpus, filters)"},
    {"doctor", cli_cmd_doctor, "DB",
     "PRAGMA integrity_check on a trace database and what of it survives: the readable rows of\n"
     "each table, each run's state (complete, interrupted, running with its pid); read-only;\n"
     "exit 0 healthy, 3 damaged"},
    {"expect", cli_cmd_expect, "--from DB [--run ID] [-o FILE]",
     "the expectation file of a run (for run --expect): each scenario that did not pass (nor\n"
     "SKIP) expected as it went, with the run's own words as reason; sorted by id, stable"},
    {"explore", cli_cmd_explore,
     "--impl reference|PATH.so [--seed N] [--count N | --time S] [--jobs N] [--out DIR] [--db FILE]\n"
     "         [--families LIST] [--max-steps N] [--timeout S] [--max-shrink N]",
     "generated scenarios on the reference and on the implementation, compared step by step (judged\n"
     "by the reference's clauses as validate judges); each distinct divergence shrunk to a scenario\n"
     "file in --out (default out/explore); exit 0 nothing differed, 1 something did"},
    {"complete", cli_cmd_complete, "[--seed N] [--stdout] FILE...",
     "fill or refresh the expect of every call and memory step from the reference model, the rest\n"
     "of each file kept as written (review the expectations before committing)"},
    {"serve", cli_cmd_serve, "--impl reference|PATH.so|exec:COMMAND",
     "serves a backend over the line protocol (conformance/PROTOCOL.md) on stdin and stdout, for\n"
     "--impl exec:COMMAND of run and validate (exec:ssh HOST rtshm serve --impl ... reaches another\n"
     "machine); exit 0 when stdin ends"},
};

#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

/* What the help says after the commands: where each command's options are, and the exit codes. */
static const char help_tail[] =
    "  --help | help      this text\n"
    "  --version          tool version\n"
    "\n"
    "rtshm <command> --help lists the command's options, one line each. Options take their value as\n"
    "--opt VALUE or --opt=VALUE; -- ends the options (a PATH after it may start with '-').\n"
    "\n"
    "exit codes: 0 all passed; 1 a scenario failed or diverged; 2 bad usage or input; 3 internal error\n";

static void print_indented(FILE *out, const char *text, int indent);

/* Prints the help: the usage line, each command of the table (its usage, then its description
 * indented by 8), then help_tail. */
static void print_help(FILE *out) {
    fputs("usage: rtshm <command> [options]\n\ncommands:\n", out);
    for (size_t i = 0; i < COMMAND_COUNT; i++) {
        fprintf(out, "  %s %s\n", commands[i].name, commands[i].usage);
        print_indented(out, commands[i].description, 8);
    }
    fputs(help_tail, out);
}

/* Prints lines of text, each indented by indent spaces. */
static void print_indented(FILE *out, const char *text, int indent) {
    for (const char *line = text; *line;) {
        size_t len = strcspn(line, "\n");
        fprintf(out, "%*s%.*s\n", indent, "", (int)len, line);
        line += len + (line[len] == '\n');
    }
}

/* The command conf_cli_main dispatched to (for cli_print_command_help). */
static const cli_command *current_command;

void cli_print_command_help(FILE *out, const cli_syntax *syntax) {
    if (current_command) {
        fprintf(out, "usage: rtshm %s %s\n\n", current_command->name, current_command->usage);
        print_indented(out, current_command->description, 0);
    }
    /* the descriptions line up two columns after the longest "--name VALUE" (at least 18 wide) */
    int width = 18;
    for (size_t i = 0; i < syntax->option_count; i++) {
        const cli_option *opt = &syntax->options[i];
        int len = (int)(strlen(opt->name) + (opt->metavar ? 1 + strlen(opt->metavar) : 0));
        if (len > width) width = len;
    }
    fputs("\noptions:\n", out);
    for (size_t i = 0; i < syntax->option_count; i++) {
        const cli_option *opt = &syntax->options[i];
        char left[128];
        snprintf(left, sizeof left, "%s%s%s", opt->name, opt->metavar ? " " : "", opt->metavar ? opt->metavar : "");
        fprintf(out, "  %-*s  %s\n", width, left, opt->help ? opt->help : "");
    }
    fprintf(out, "  %-*s  %s\n", width, "--help, -h", "this text");
    fprintf(out, "  %-*s  %s\n", width, "--", "ends the options: every argument after it is positional");
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
    for (size_t i = 0; i < COMMAND_COUNT; i++) {
        if (strcmp(name, commands[i].name) != 0) continue;
        current_command = &commands[i];
        int code = commands[i].handler(argc, argv);
        return code == CLI_HELP_SHOWN ? RTSHM_EXIT_OK : code;
    }
    /* worded as before the table existed (its order is the order the commands were added in) */
    return cli_usage_error("unknown command '%s' (commands in this version: run, check, export, diff, spec, validate, "
                           "report, merge, doctor, expect, explore, complete, serve)",
                           name);
}
