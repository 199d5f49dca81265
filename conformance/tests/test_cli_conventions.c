/* conformance/tests/test_cli_conventions.c — the command line's conventions (issue 18): GNU options
 * (--opt=value, "--" ending the options), each command's own help generated from its option table,
 * repeated --filter values (OR), a --filter that matches nothing (exit 2, nothing recorded), and the
 * temporary files the CLI makes (mkstemp: unpredictable names, in $TMPDIR or beside the target, none
 * left behind). `run --rerun-failed` and `run --format` are in test_cli_results.c.
 *
 * The parser and the temporary files are tested in process; everything a user types goes through the
 * real binary (cli_harness.h), from the source tree where ctest runs the suite. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../cli/files.h"
#include "../cli/options.h"
#include "../cli/tracefile.h"
#include "cli_harness.h"
#include "conf/cli.h"
#include "suites.h"

#define SCENARIO "conformance/scenarios/iwin32/iwin32.close.invalid-handle-fails.json"
#define IWIN32 "conformance/scenarios/iwin32"
#define HINT "(run 'rtshm --help' for usage)\n"
#define CAP 65536

static char out_buf[CAP], err_buf[CAP];

/* The options of a sample command, for the parser tests. */
typedef struct sample {
    const char *db;
    uint64_t seed;
    bool resume;
    cli_text_list filters;
} sample;

/* cli_parse of argv by the sample syntax, its stderr captured into err_buf. */
static int parse_sample(int argc, char **argv, sample *o, char **positional, int *count) {
    const cli_option options[] = {
        {"--db", CLI_TEXT, &o->db, .metavar = "FILE", .help = "the trace"},
        {"--seed", CLI_UINT, &o->seed, "--seed takes an unsigned 64-bit integer, not '%s'", 0, UINT64_MAX},
        {"--resume", CLI_FLAG, &o->resume},
        {"--filter", CLI_LIST, &o->filters},
    };
    const cli_syntax syntax = {options, 4, 3, "'%s' is one PATH too many", "unknown option '%s' for sample"};
    FILE *capture = tmpfile();
    ck_assert_ptr_nonnull(capture);
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    dup2(fileno(capture), STDERR_FILENO);
    int rc = cli_parse(&syntax, argc, argv, positional, count);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    rewind(capture);
    size_t got = fread(err_buf, 1, sizeof err_buf - 1, capture);
    err_buf[got] = '\0';
    fclose(capture);
    return rc;
}

/* --opt=value and --opt value are the same; "--" ends the options (what follows is positional, even
 * "--db" or "-x"); repeated list values are kept in order; "=" splits only long options. */
START_TEST(parser_takes_gnu_forms) {
    char *argv[] = {"--db=a.sqlite", "--seed=0x10", "--filter", "x.*", "--filter=y.*", "p", "--", "--db", "-x"};
    sample o = {.db = "default"};
    char *positional[3] = {NULL, NULL, NULL};
    int count = -1;
    ck_assert_int_eq(parse_sample(9, argv, &o, positional, &count), 0);
    ck_assert_str_eq(err_buf, "");
    ck_assert_str_eq(o.db, "a.sqlite");
    ck_assert_uint_eq(o.seed, 16);
    ck_assert_uint_eq(o.filters.count, 2);
    ck_assert_str_eq(o.filters.items[0], "x.*");
    ck_assert_str_eq(o.filters.items[1], "y.*");
    ck_assert_int_eq(count, 3);
    ck_assert_str_eq(positional[0], "p");
    ck_assert_str_eq(positional[1], "--db");
    ck_assert_str_eq(positional[2], "-x");
    cli_text_list_free(&o.filters);
    ck_assert_ptr_null(o.filters.items);

    /* an empty value after '=' is a value; the value of --db may be "--" itself */
    char *argv2[] = {"--db=", "--db", "--"};
    sample o2 = {.db = "default"};
    ck_assert_int_eq(parse_sample(2, argv2 + 1, &o2, positional, &count), 0);
    ck_assert_str_eq(o2.db, "--");
    ck_assert_int_eq(parse_sample(1, argv2, &o2, positional, &count), 0);
    ck_assert_str_eq(o2.db, "");
}
END_TEST

/* The new mistakes have their own words; the old ones keep theirs. */
START_TEST(parser_words_gnu_mistakes) {
    static const struct {
        int argc;
        char *argv[3];
        const char *stderr_text;
    } cases[] = {
        {1, {"--resume=yes"}, "rtshm: --resume takes no value\n" HINT},
        {1, {"--frob=1"}, "rtshm: unknown option '--frob=1' for sample\n" HINT},
        {1, {"--seed=abc"}, "rtshm: --seed takes an unsigned 64-bit integer, not 'abc'\n" HINT},
        {1, {"--db"}, "rtshm: --db needs a value\n" HINT},
        {1, {"-o=x"}, "rtshm: unknown option '-o=x' for sample\n" HINT},
        /* the user's text is escaped: an ESC or a newline in an argument cannot drive the terminal (escape.h) */
        {1, {"--fr\x1bob\n"}, "rtshm: unknown option '--fr\\x1bob\\x0a' for sample\n" HINT},
        {1, {"--seed=1\x9b"}, "rtshm: --seed takes an unsigned 64-bit integer, not '1\\x9b'\n" HINT},
        {3, {"--", "a", "--seed"}, ""}, /* after "--" nothing is an option: three PATHs fit */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sample o = {0};
        char *argv[3], *positional[3];
        memcpy(argv, cases[i].argv, sizeof argv);
        int count = -1;
        int rc = parse_sample(cases[i].argc, argv, &o, positional, &count);
        ck_assert_int_eq(rc, cases[i].stderr_text[0] ? RTSHM_EXIT_INPUT : 0);
        ck_assert_str_eq(err_buf, cases[i].stderr_text);
        cli_text_list_free(&o.filters);
    }
}
END_TEST

/* The option names listed in the "options:" section of a command's help, space-separated; every line
 * there has a non-empty description, all of them starting in one column. */
static void help_option_names(const char *help, char *names, size_t cap) {
    names[0] = '\0';
    const char *p = strstr(help, "\noptions:\n");
    ck_assert_msg(p != NULL, "%s", help);
    long column = -1;
    for (p = strchr(p + 1, '\n') + 1; *p == ' '; p = strchr(p, '\n') + 1) {
        size_t len = strcspn(p + 2, " \n");
        const char *line_end = strchr(p, '\n');
        const char *gap = strstr(p + 2, "  "); /* name [VALUE], then at least one more space */
        if (gap == NULL || gap > line_end) gap = strstr(p + 2 + len, " ");
        const char *text = gap;
        while (text < line_end && *text == ' ') text++;
        ck_assert_msg(text < line_end, "option line without its description: %.*s", (int)(line_end - p), p);
        if (column < 0) column = text - p;
        ck_assert_msg(text - p == column, "description out of its column: %.*s", (int)(line_end - p), p);
        snprintf(names + strlen(names), cap - strlen(names), "%s%.*s", names[0] ? " " : "", (int)len, p + 2);
    }
}

/* `rtshm <command> --help` prints that command's usage, description and options (exit 0, stdout), the
 * same wherever --help stands among the arguments, and nothing runs. */
START_TEST(each_command_has_its_own_help) {
    static const struct {
        const char *command, *options;
    } cases[] = {
        {"run", "--db --seed --filter --impl --timeout --jobs --memory-limit --continue-after-crash --shard --format "
                "--rerun-failed --run --resume --check-determinism --expect --help, --"},
        {"validate", "--db --seed --filter --impl --timeout --jobs --memory-limit --continue-after-crash --shard --expect "
                     "--help, --"},
        {"check", "--help, --"},
        {"export", "--run -o --help, --"},
        {"diff", "--run-a --run-b --format --ignore --context --help, --"},
        {"spec", "--coverage --format --run --help, --"},
        {"report", "--run --format -o --baseline --baseline-db --baseline-run --diverge --explore --help, --"},
        {"merge", "--help, --"},
        {"doctor", "--help, --"},
        {"expect", "--from --run -o --help, --"},
        {"serve", "--impl --help, --"},
    };
    cli_enter_source_tree();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, cases[i].command, "--help", NULL),
                         0);
        char head[64], names[512];
        snprintf(head, sizeof head, "usage: rtshm %s ", cases[i].command);
        ck_assert_msg(strncmp(out_buf, head, strlen(head)) == 0, "%s", out_buf);
        ck_assert_str_eq(err_buf, "");
        help_option_names(out_buf, names, sizeof names);
        ck_assert_str_eq(names, cases[i].options);
    }
    /* run's lines, word for word (value names included) */
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "-h", NULL), 0);
    ck_assert_ptr_nonnull(strstr(out_buf, "\n  --format text|json|tap    results on stdout: verdict lines (default), "
                                          "one JSON document, or TAP version 13\n"));
    ck_assert_ptr_nonnull(strstr(out_buf, "\n  --filter GLOB             only scenarios whose id or a tag matches GLOB; "
                                          "repeat to add more (any one selects)\n"));
    char again[CAP];
    const char *db = kept_tmp_path("help.sqlite");
    ck_assert_int_eq(rtshm_exec(again, sizeof again, err_buf, sizeof err_buf, "run", "--db", db, SCENARIO, "--help",
                                NULL),
                     0);
    ck_assert_str_eq(again, out_buf);
    ck_assert_int_eq(access(db, F_OK), -1); /* nothing ran */
}
END_TEST

/* --db=FILE is --db FILE; "--" lets a PATH start with '-' (without it, that PATH is an unknown option). */
START_TEST(run_takes_equals_and_double_dash) {
    cli_enter_source_tree();
    char cwd[2048], source[4096];
    ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
    snprintf(source, sizeof source, "%s/%s", cwd, SCENARIO);
    const char *folder = kept_tmp_path("dash");
    ck_assert_int_eq(mkdir(folder, 0777), 0);
    ck_assert_int_eq(chdir(folder), 0);
    char copy[8192];
    snprintf(copy, sizeof copy, "cp '%s' ./-dash.json", source);
    ck_assert_int_eq(system(copy), 0);

    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db=t.sqlite", "-dash.json",
                                NULL),
                     RTSHM_EXIT_INPUT);
    ck_assert_str_eq(err_buf, "rtshm: unknown option '-dash.json' for run\n" HINT);
    ck_assert_int_eq(access("t.sqlite", F_OK), -1);

    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db=t.sqlite",
                                "--seed=7", "--", "-dash.json", NULL),
                     0);
    ck_assert_int_eq(db_int("t.sqlite", "SELECT COUNT(*) FROM scenarios"), 1);
    ck_assert_int_eq(db_int("t.sqlite", "SELECT seed FROM runs"), 7);
    char path[256];
    ck_assert_str_eq(db_text("t.sqlite", "SELECT path FROM scenarios", path, sizeof path), "-dash.json");
}
END_TEST

/* Repeated --filter values select what any one of them selects. */
START_TEST(repeated_filters_combine) {
    cli_enter_source_tree();
    const char *a = kept_tmp_path("a.sqlite"), *b = kept_tmp_path("b.sqlite"), *both = kept_tmp_path("ab.sqlite");
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", a, "--filter",
                                "iwin32.open.*", IWIN32, NULL),
                     0);
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", b,
                                "--filter=iwin32.close.invalid-handle-fails", IWIN32, NULL),
                     0);
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", both, "--filter",
                                "iwin32.open.*", "--filter=iwin32.close.invalid-handle-fails", "--filter",
                                "no-such-thing", IWIN32, NULL),
                     0);
    int64_t open_count = db_int(a, "SELECT COUNT(*) FROM scenarios");
    ck_assert_int_ge(open_count, 2);
    ck_assert_int_eq(db_int(b, "SELECT COUNT(*) FROM scenarios"), 1);
    ck_assert_int_eq(db_int(both, "SELECT COUNT(*) FROM scenarios"), open_count + 1);
    ck_assert_int_eq(db_int(both, "SELECT COUNT(*) FROM scenarios WHERE scenario NOT LIKE 'iwin32.open.%' AND "
                                  "scenario <> 'iwin32.close.invalid-handle-fails'"),
                     0);
}
END_TEST

/* A --filter that matches nothing is an input error naming the filters; the trace is not even created. */
START_TEST(filter_matching_nothing_is_input_error) {
    cli_enter_source_tree();
    const char *db = kept_tmp_path("none.sqlite");
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", db, "--filter",
                                "nope.*", "--filter", "zzz", IWIN32, NULL),
                     RTSHM_EXIT_INPUT);
    ck_assert_str_eq(err_buf, "rtshm: --filter 'nope.*', 'zzz' matched no scenario; nothing was run\n");
    ck_assert_str_eq(out_buf, "");
    ck_assert_int_eq(access(db, F_OK), -1);
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "validate", "--db", db, "--impl",
                                RTSHM_BACKEND_DIR "/librtshm_posix.so", "--filter", "nope.*", IWIN32, NULL),
                     RTSHM_EXIT_INPUT);
    ck_assert_str_eq(err_buf, "rtshm: --filter 'nope.*' matched no scenario; nothing was run\n");
    ck_assert_int_eq(access(db, F_OK), -1);
}
END_TEST

/* The atomic writer's temporary file is made by mkstemp beside the target: a new unpredictable name
 * each time (not the process id), gone after commit or abort. */
START_TEST(atomic_temp_names_are_unpredictable) {
    const char *folder = kept_tmp_path("atomic-names");
    ck_assert_int_eq(mkdir(folder, 0777), 0);
    char target[600], pid_name[700];
    snprintf(target, sizeof target, "%s/out.txt", folder);
    snprintf(pid_name, sizeof pid_name, "%s.tmp-%ld", target, (long)getpid());
    cli_atomic_file a, b;
    ck_assert_int_eq(cli_atomic_open(&a, target), 0);
    ck_assert_int_eq(cli_atomic_open(&b, target), 0);
    ck_assert_str_ne(a.temp, b.temp);
    ck_assert_str_ne(a.temp, pid_name);
    ck_assert_int_eq(strncmp(a.temp, target, strlen(target)), 0);
    ck_assert_int_eq(access(a.temp, F_OK), 0);
    struct stat st;
    ck_assert_int_eq(stat(a.temp, &st), 0);
    mode_t mask = umask(0);
    umask(mask);
    ck_assert_uint_eq(st.st_mode & 0777, 0666 & ~mask);
    cli_atomic_abort(&b);
    ck_assert_int_eq(cli_atomic_commit(&a), 0);
    DIR *d = opendir(folder);
    ck_assert_ptr_nonnull(d);
    int entries = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            ck_assert_str_eq(e->d_name, "out.txt");
            entries++;
        }
    closedir(d);
    ck_assert_int_eq(entries, 1);
}
END_TEST

/* Scratch traces are made by mkstemp in $TMPDIR: two of them differ, both exist until removed. */
START_TEST(scratch_traces_live_in_tmpdir) {
    const char *folder = kept_tmp_path("tmpdir");
    ck_assert_int_eq(mkdir(folder, 0777), 0);
    ck_assert_int_eq(setenv("TMPDIR", folder, 1), 0);
    ck_assert_str_eq(cli_temp_dir(), folder);
    char one[4096], two[4096];
    ck_assert_int_eq(cli_scratch_trace_path(one, sizeof one, "test"), 0);
    ck_assert_int_eq(cli_scratch_trace_path(two, sizeof two, "test"), 0);
    ck_assert_str_ne(one, two);
    char prefix[600];
    snprintf(prefix, sizeof prefix, "%s/rtshm-test-", folder);
    ck_assert_int_eq(strncmp(one, prefix, strlen(prefix)), 0);
    ck_assert_int_eq(access(one, F_OK), 0);
    cli_scratch_trace_remove(one);
    cli_scratch_trace_remove(two);
    ck_assert_int_eq(access(one, F_OK), -1);
    ck_assert_int_eq(rmdir(folder), 0); /* empty again */
    ck_assert_int_eq(setenv("TMPDIR", "", 1), 0);
    ck_assert_str_eq(cli_temp_dir(), "/tmp");
    char small[8];
    ck_assert_int_eq(cli_scratch_trace_path(small, sizeof small, "test"), -1);
}
END_TEST

Suite *cli_conventions_suite(void) {
    Suite *s = suite_create("cli_conventions");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, parser_takes_gnu_forms);
    tcase_add_test(tc, parser_words_gnu_mistakes);
    tcase_add_test(tc, each_command_has_its_own_help);
    tcase_add_test(tc, run_takes_equals_and_double_dash);
    tcase_add_test(tc, repeated_filters_combine);
    tcase_add_test(tc, filter_matching_nothing_is_input_error);
    tcase_add_test(tc, atomic_temp_names_are_unpredictable);
    tcase_add_test(tc, scratch_traces_live_in_tmpdir);
    suite_add_tcase(s, tc);
    return s;
}
