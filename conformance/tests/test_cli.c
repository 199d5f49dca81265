/* conformance/tests/test_cli.c — the command line's shared parts (conformance/cli/): the one option
 * parser, the atomic writer, the command table behind `rtshm --help`, and `rtshm export`'s exit codes,
 * which come from trace_export's error kind (TRACE_EXPORT_EINPUT / EINTERNAL), never from its message.
 *
 * The parser and the writer are called in process (cli_parse's stderr captured through a temporary
 * file); the commands run through the real binary (cli_harness.h). Paths of scenario files are relative
 * to the source tree, where ctest runs the suite. */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../cli/files.h"
#include "../cli/options.h"
#include "cli_harness.h"
#include "conf/cli.h"
#include "suites.h"
#include "traces/stream.h"

#define SCENARIO "conformance/scenarios/iwin32/iwin32.close.invalid-handle-fails.json"
#define OUT_CAP 65536
#define HINT "(run 'rtshm --help' for usage)\n"

static char out_buf[OUT_CAP], err_buf[OUT_CAP];

/* cli_parse with its stderr captured into err (NUL-terminated). */
static int parse_captured(const cli_syntax *syntax, int argc, char **argv, char **positional, int *count, char *err,
                          size_t cap) {
    FILE *capture = tmpfile();
    ck_assert_ptr_nonnull(capture);
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    dup2(fileno(capture), STDERR_FILENO);
    int rc = cli_parse(syntax, argc, argv, positional, count);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    rewind(capture);
    size_t got = fread(err, 1, cap - 1, capture);
    err[got] = '\0';
    fclose(capture);
    return rc;
}

/* The options of a command like `run`, for the parser tests. */
typedef struct sample_options {
    const char *db;
    uint64_t seed, timeout_s;
    int64_t run_id;
    bool resume, json;
} sample_options;

static int parse_sample(char **argv, int argc, sample_options *o, char **positional, int *count, char *err) {
    const cli_option options[] = {
        {"--db", CLI_TEXT, &o->db},
        {"--seed", CLI_UINT, &o->seed, "--seed takes an unsigned 64-bit integer, not '%s'", 0, UINT64_MAX},
        {"--timeout", CLI_UINT, &o->timeout_s, "--timeout takes seconds from 1 to 3600, not '%s'", 1, 3600},
        {"--run", CLI_RUN_ID, &o->run_id, "--run takes a run id (1, 2, ...), not '%s'"},
        {"--resume", CLI_FLAG, &o->resume},
        {"--format", CLI_CUSTOM, &o->json, "--format is text or json, not '%s'", 0, 0, cli_parse_text_or_json},
    };
    const cli_syntax syntax = {options, sizeof options / sizeof options[0], 3, "'%s' is one PATH too many",
                               "unknown option '%s' for sample"};
    return parse_captured(&syntax, argc, argv, positional, count, err, OUT_CAP);
}

/* Values of every kind land in their place; a value is taken whatever it looks like; positional
 * arguments keep their order ("-" alone is one); options not given keep their defaults. */
START_TEST(parser_stores_values_by_kind) {
    char *argv[] = {"--db", "--seed", "a.json", "--seed", "0x10", "-", "--resume", "--run", "7", "--format", "json",
                    "b"};
    sample_options o = {.db = "default.sqlite", .timeout_s = 10};
    char *positional[3] = {NULL, NULL, NULL};
    int count = -1;
    ck_assert_int_eq(parse_sample(argv, 12, &o, positional, &count, err_buf), 0);
    ck_assert_str_eq(err_buf, "");
    ck_assert_str_eq(o.db, "--seed");
    ck_assert_uint_eq(o.seed, 16);
    ck_assert_uint_eq(o.timeout_s, 10);
    ck_assert_int_eq(o.run_id, 7);
    ck_assert(o.resume);
    ck_assert(o.json);
    ck_assert_int_eq(count, 3);
    ck_assert_str_eq(positional[0], "a.json");
    ck_assert_str_eq(positional[1], "-");
    ck_assert_str_eq(positional[2], "b");
    ck_assert_str_eq(argv[0], "--db"); /* argv is left as it was */
    ck_assert_str_eq(argv[2], "a.json");
}
END_TEST

/* Each problem: exit 2 and exactly one message with the usage hint; the first problem wins. */
START_TEST(parser_reports_the_first_problem) {
    static const struct {
        int argc;
        char *argv[4];
        const char *stderr_text;
    } cases[] = {
        {2, {"a", "--seed"}, "rtshm: --seed needs a value\n" HINT},
        {2, {"--frobnicate", "--seed"}, "rtshm: unknown option '--frobnicate' for sample\n" HINT},
        {2, {"--timeout", "0"}, "rtshm: --timeout takes seconds from 1 to 3600, not '0'\n" HINT},
        {2, {"--timeout", "3601"}, "rtshm: --timeout takes seconds from 1 to 3600, not '3601'\n" HINT},
        {2, {"--seed", "-1"}, "rtshm: --seed takes an unsigned 64-bit integer, not '-1'\n" HINT},
        {2, {"--seed", "18446744073709551616"},
         "rtshm: --seed takes an unsigned 64-bit integer, not '18446744073709551616'\n" HINT},
        {2, {"--run", "0"}, "rtshm: --run takes a run id (1, 2, ...), not '0'\n" HINT},
        {2, {"--format", "xml"}, "rtshm: --format is text or json, not 'xml'\n" HINT},
        {4, {"p", "q", "r", "s"}, "rtshm: 's' is one PATH too many\n" HINT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sample_options o = {0};
        char *argv[4], *positional[3];
        memcpy(argv, cases[i].argv, sizeof argv);
        int count = -1;
        ck_assert_int_eq(parse_sample(argv, cases[i].argc, &o, positional, &count, err_buf), RTSHM_EXIT_INPUT);
        ck_assert_str_eq(err_buf, cases[i].stderr_text);
    }
}
END_TEST

/* The parser's messages through the binary, per command, word for word. */
START_TEST(commands_word_usage_errors) {
    static const struct {
        const char *args[4];
        const char *stderr_text;
    } cases[] = {
        {{"export", "x.sqlite", "--run", NULL}, "rtshm: --run needs a value\n" HINT},
        {{"export", "a", "b", NULL}, "rtshm: export takes one trace database, not also 'b'\n" HINT},
        {{"report", "--frob", NULL}, "rtshm: unknown option '--frob' for report\n" HINT},
        {{"report", "x", "--format", "pdf"}, "rtshm: --format is html, md, junit or json, not 'pdf'\n" HINT},
        {{"diff", "a", "b", "c"}, "rtshm: diff compares two traces; 'c' is a third\n" HINT},
        {{"diff", "--context", "17", NULL}, "rtshm: --context takes 0 to 16, not '17'\n" HINT},
        {{"spec", "foo", NULL}, "rtshm: unknown argument 'foo' for spec\n" HINT},
        {{"validate", "--resume", NULL}, "rtshm: unknown option '--resume' for validate\n" HINT},
        {{"check", "-q", NULL}, "rtshm: unknown option '-q' for check\n" HINT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *const *a = cases[i].args;
        int rc = rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, a[0], a[1], a[2], a[3], NULL);
        ck_assert_int_eq(rc, RTSHM_EXIT_INPUT);
        ck_assert_str_eq(err_buf, cases[i].stderr_text);
        ck_assert_str_eq(out_buf, "");
    }
}
END_TEST

/* The command names the help lists (lines "  <name> ..." of its commands section), space-separated. */
static void help_command_names(const char *help, char *names, size_t cap) {
    names[0] = '\0';
    const char *p = strstr(help, "commands:\n");
    ck_assert_ptr_nonnull(p);
    for (p = strchr(p, '\n') + 1; *p && strncmp(p, "  --help", 8) != 0; p = strchr(p, '\n') + 1) {
        if (p[0] == ' ' && p[1] == ' ' && p[2] >= 'a' && p[2] <= 'z') {
            size_t len = strcspn(p + 2, " \n");
            snprintf(names + strlen(names), cap - strlen(names), "%s%.*s", names[0] ? " " : "", (int)len, p + 2);
        }
    }
}

/* `rtshm --help` comes from the command table: each command's usage, its description indented by 8.
 * The unknown-command message lists the same commands (in the order they were added). */
START_TEST(help_is_the_command_table) {
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "--help", NULL), 0);
    const char *head = "usage: rtshm <command> [options]\n\ncommands:\n  run [--impl reference|PATH.so|exec:COMMAND] [--db FILE]";
    ck_assert_msg(strncmp(out_buf, head, strlen(head)) == 0, "%s", out_buf);
    ck_assert_ptr_nonnull(strstr(out_buf, "  check PATH...\n        validate scenario files only; nothing runs, nothing "
                                          "is written\n  export DB [--run ID] [-o FILE]\n"));
    ck_assert_ptr_nonnull(strstr(out_buf, "  report DB [--run ID] [--format html|md|junit|json] [-o FILE]\n"
                                          "         [--baseline ID | --baseline-db FILE [--baseline-run ID]] [--diverge failure|skipped|pass]\n"
                                          "         [--explore ID|none]\n"
                                          "        one run of a trace (default: the newest)"));
    ck_assert_ptr_nonnull(strstr(out_buf, "record every step in the SQLite trace (default out/trace.sqlite)\n"));
    char names[256];
    help_command_names(out_buf, names, sizeof names);
    ck_assert_str_eq(names, "run validate check export diff spec report merge doctor expect explore complete serve");
    /* `rtshm <command> --help` is the command's own help (test_cli_conventions.c); no command at all
     * prints this text on stderr with exit 2 */
    char again[OUT_CAP];
    ck_assert_int_eq(rtshm_exec(again, sizeof again, err_buf, sizeof err_buf, "diff", "a", "--help", NULL), 0);
    ck_assert_msg(strncmp(again, "usage: rtshm diff A B ", 22) == 0, "%s", again);
    ck_assert_int_eq(rtshm_exec(again, sizeof again, err_buf, sizeof err_buf, NULL), RTSHM_EXIT_INPUT);
    ck_assert_str_eq(err_buf, out_buf);

    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "frobnicate", NULL), 2);
    ck_assert_str_eq(err_buf, "rtshm: unknown command 'frobnicate' (commands in this version: run, check, export, "
                              "diff, spec, validate, report, merge, doctor, expect, explore, complete, serve)\n" HINT);
}
END_TEST

/* How many entries (other than . and ..) folder holds. */
static int entries_in(const char *folder) {
    DIR *d = opendir(folder);
    ck_assert_ptr_nonnull(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

/* A fresh empty folder under the test's temporary folder. */
static const char *fresh_folder(const char *name) {
    const char *path = kept_tmp_path(name);
    ck_assert_int_eq(mkdir(path, 0777), 0);
    return path;
}

static void read_file(const char *path, char *buf, size_t cap) {
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    size_t n = fread(buf, 1, cap - 1, f);
    buf[n] = '\0';
    fclose(f);
}

/* Committed: the target holds what was written, the temporary file is gone. Aborted: nothing is left,
 * and a target that existed before is unchanged. */
START_TEST(atomic_file_commits_or_leaves_nothing) {
    const char *folder = fresh_folder("atomic");
    char target[512], text[64];
    snprintf(target, sizeof target, "%s/out.txt", folder);
    cli_atomic_file f;
    ck_assert_int_eq(cli_atomic_open(&f, target), 0);
    fputs("first", f.out);
    ck_assert_int_eq(access(target, F_OK), -1); /* not there before the commit */
    ck_assert_int_eq(cli_atomic_commit(&f), 0);
    read_file(target, text, sizeof text);
    ck_assert_str_eq(text, "first");
    ck_assert_int_eq(entries_in(folder), 1);

    ck_assert_int_eq(cli_atomic_open(&f, target), 0);
    fputs("second, half", f.out);
    errno = EPIPE;
    cli_atomic_abort(&f);
    ck_assert_int_eq(errno, EPIPE);
    read_file(target, text, sizeof text);
    ck_assert_str_eq(text, "first");
    ck_assert_int_eq(entries_in(folder), 1);
}
END_TEST

/* A commit that cannot rename (the target is a folder that is not empty) fails with errno and leaves
 * no temporary file; an open in a missing folder creates nothing. */
START_TEST(atomic_file_failure_leaves_no_temporary) {
    const char *folder = fresh_folder("atomic-fail");
    char target[512], inside[600];
    snprintf(target, sizeof target, "%s/busy", folder);
    ck_assert_int_eq(mkdir(target, 0777), 0);
    snprintf(inside, sizeof inside, "%s/keep", target);
    FILE *k = fopen(inside, "w");
    ck_assert_ptr_nonnull(k);
    fclose(k);
    cli_atomic_file f;
    ck_assert_int_eq(cli_atomic_open(&f, target), 0);
    fputs("data", f.out);
    ck_assert_int_eq(entries_in(folder), 2); /* busy/ and the temporary file */
    ck_assert_int_eq(cli_atomic_commit(&f), -1);
    ck_assert_msg(errno == EISDIR || errno == ENOTEMPTY || errno == EEXIST, "errno %d", errno);
    ck_assert_int_eq(entries_in(folder), 1);
    ck_assert_int_eq(entries_in(target), 1);

    char missing[600];
    snprintf(missing, sizeof missing, "%s/no/such/folder/out.txt", folder);
    ck_assert_int_eq(cli_atomic_open(&f, missing), -1);
    ck_assert_int_eq(errno, ENOENT);
    ck_assert_int_eq(entries_in(folder), 1);
}
END_TEST

/* A trace database holding one run of one scenario; its path. */
static const char *one_run_trace(void) {
    cli_enter_source_tree();
    const char *db = kept_tmp_path("one.sqlite");
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", db, SCENARIO, NULL), 0);
    return db;
}

static void sql_file(const char *path, const char *sql) {
    sqlite3 *h = NULL;
    ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
}

/* Exit 0: the records on stdout, or with -o in the file (the same bytes) and their count on stderr. */
START_TEST(export_writes_and_exits_0) {
    const char *db = one_run_trace();
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "export", db, NULL), 0);
    ck_assert_str_eq(err_buf, "");
    ck_assert_msg(strncmp(out_buf, "{\"message\":", 11) == 0, "%s", out_buf);
    int lines = 0;
    for (const char *p = out_buf; (p = strchr(p, '\n')) != NULL; p++) lines++;
    ck_assert_int_gt(lines, 1);

    const char *jsonl = kept_tmp_path("one.jsonl");
    char stdout_text[OUT_CAP], file_text[OUT_CAP], expected[700];
    memcpy(stdout_text, out_buf, sizeof stdout_text);
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "export", db, "--run", "1", "-o",
                                jsonl, NULL),
                     0);
    snprintf(expected, sizeof expected, "rtshm: %d records written to %s\n", lines, jsonl);
    ck_assert_str_eq(err_buf, expected);
    read_file(jsonl, file_text, sizeof file_text);
    ck_assert_str_eq(file_text, stdout_text);
}
END_TEST

/* Exit 2 for what is wrong with the input — no such run, a database that is no rtshm trace, a text file
 * that is no canonical trace, --run for a JSONL file — and with -o no file is left behind, not even
 * when some records were written before the bad one. */
START_TEST(export_input_errors_exit_2) {
    const char *db = one_run_trace();
    char expected[1200];
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "export", db, "--run", "99", NULL), 2);
    snprintf(expected, sizeof expected, "rtshm: %s: no run 99 in this trace database\n", db);
    ck_assert_str_eq(err_buf, expected);

    const char *other = kept_tmp_path("other.sqlite");
    sql_file(other, "CREATE TABLE notes(text)");
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "export", other, NULL), 2);
    snprintf(expected, sizeof expected, "rtshm: %s: not an rtshm trace database (no such table: runs)\n", other);
    ck_assert_str_eq(err_buf, expected);

    const char *runs_only = kept_tmp_path("runs-only.sqlite");
    sql_file(runs_only, "CREATE TABLE runs(run_id INTEGER); INSERT INTO runs VALUES (1)");
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "export", runs_only, NULL), 2);
    snprintf(expected, sizeof expected, "rtshm: %s: not an rtshm trace database (no such table: scenarios)\n",
             runs_only);
    ck_assert_str_eq(err_buf, expected);

    /* a JSONL file whose first record is good and whose second line is not a record */
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "export", db, NULL), 0);
    const char *bad = kept_tmp_path("bad.jsonl");
    FILE *f = fopen(bad, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "%.*s\nnot a record\n", (int)strcspn(out_buf, "\n"), out_buf);
    fclose(f);
    const char *folder = fresh_folder("export-out");
    char target[600];
    snprintf(target, sizeof target, "%s/trace.jsonl", folder);
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "export", bad, "-o", target, NULL),
                     2);
    snprintf(expected, sizeof expected,
             "rtshm: %s:2: not a canonical trace record (expected an object with \"type\": scenario, step or finding)\n",
             bad);
    ck_assert_str_eq(err_buf, expected);
    ck_assert_int_eq(entries_in(folder), 0);

    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "export", bad, "--run", "1", NULL), 2);
    snprintf(expected, sizeof expected, "rtshm: %s: --run applies to trace databases, not exported JSONL files\n", bad);
    ck_assert_str_eq(err_buf, expected);
}
END_TEST

/* trace_export itself: the kind of each failure, and the record count otherwise. */
START_TEST(trace_export_tells_the_failure_kind) {
    const char *db = one_run_trace();
    char err[1024];
    FILE *sink = fopen("/dev/null", "w");
    ck_assert_ptr_nonnull(sink);
    ck_assert_int_gt(trace_export(db, 1, sink, err, sizeof err), 1);
    ck_assert_int_eq(trace_export(db, 2, sink, err, sizeof err), TRACE_EXPORT_EINPUT);
    fclose(sink);
    /* a stream that refuses every write: internal, whatever the input */
    FILE *read_only = fopen(db, "r");
    ck_assert_ptr_nonnull(read_only);
    ck_assert_int_eq(trace_export(db, 1, read_only, err, sizeof err), TRACE_EXPORT_EINTERNAL);
    ck_assert_str_eq(err, "write error");
    fclose(read_only);
}
END_TEST

Suite *cli_suite(void) {
    Suite *s = suite_create("cli");
    TCase *tc = tcase_create("cli");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, parser_stores_values_by_kind);
    tcase_add_test(tc, parser_reports_the_first_problem);
    tcase_add_test(tc, commands_word_usage_errors);
    tcase_add_test(tc, help_is_the_command_table);
    tcase_add_test(tc, atomic_file_commits_or_leaves_nothing);
    tcase_add_test(tc, atomic_file_failure_leaves_no_temporary);
    tcase_add_test(tc, export_writes_and_exits_0);
    tcase_add_test(tc, export_input_errors_exit_2);
    tcase_add_test(tc, trace_export_tells_the_failure_kind);
    suite_add_tcase(s, tc);
    return s;
}
