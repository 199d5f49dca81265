/* conformance/tests/test_malformed.c — malformed scenario files through the real `rtshm` binary.
 *
 * Every file in conformance/tests/malformed/ has exactly one defect and is otherwise valid (it
 * derives from one small scenario on the default topology). For each, `rtshm run` and `rtshm check`
 * must exit 2 and print the error with the file, line:column and JSON path, and `run` must not
 * create the trace database at all (SCENARIO-FORMAT.md "Input errors": nothing is written for a
 * rejected file). Also: a folder with one bad and one good file runs nothing, and usage errors of
 * `run` exit 2 with a usage hint.
 *
 * Paths are relative to the source tree (ctest runs the suite there; RTSHM_SOURCE_DIR is entered
 * otherwise) because the messages name files exactly as given on the command line. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_harness.h"
#include "suites.h"

#define MALFORMED_DIR "conformance/tests/malformed"
#define OUT_CAP 65536

typedef struct malformed_case {
    const char *name;     /* file name without .json */
    const char *message;  /* exact substring of stderr: "file:line:col: json.path: message" */
    const char *also;     /* a second substring stderr must hold, or NULL */
} malformed_case;

/* Positions checked by hand against each file: they point at the offending value (for an unknown or
 * misplaced key: that key's value; for a duplicate key: the repeated key; for a missing key or
 * argument: the object that lacks it). */
static const malformed_case cases[] = {
    {"invalid-json-syntax", /* missing ',' after the args object on line 8: cJSON stops at the next key */
     MALFORMED_DIR "/invalid-json-syntax.json:9:6: not valid JSON (syntax error near here)", NULL},
    {"trailing-garbage",
     MALFORMED_DIR "/trailing-garbage.json:20:1: not valid JSON (unexpected text after the top-level value)", NULL},
    {"duplicate-key",
     MALFORMED_DIR "/duplicate-key.json:8:56: steps[0].args.lpName: duplicate key", NULL},
    {"non-object-root",
     MALFORMED_DIR "/non-object-root.json:1:1: (root): expected a JSON object with \"format\": \"rtshm-scenario/1\"",
     NULL},
    {"wrong-format",
     MALFORMED_DIR "/wrong-format.json:2:13: format: expected \"rtshm-scenario/1\", found \"rtshm-scenario/2\"", NULL},
    {"bad-id",
     MALFORMED_DIR "/bad-id.json:3:9: id: expected an id matching [a-z0-9][a-z0-9._-]* of at most 128 characters, "
                   "found \"Malformed.Bad id\"",
     NULL},
    {"missing-title", MALFORMED_DIR "/missing-title.json:1:1: (root): missing required key 'title'", NULL},
    {"unknown-top-level-key",
     MALFORMED_DIR "/unknown-top-level-key.json:6:12: stpes: unknown key 'stpes' (expected one of: format, id, title, "
                   "clauses, tags, topology, processes, steps, $schema)",
     NULL},
    {"schema-not-string",
     MALFORMED_DIR "/schema-not-string.json:2:14: $schema: expected a string", NULL},
    {"unknown-clause",
     MALFORMED_DIR "/unknown-clause.json:5:35: clauses[1]: unknown clause 'MEM.SHARD'", NULL},
    {"empty-steps", MALFORMED_DIR "/empty-steps.json:6:12: steps: expected a non-empty array of steps", NULL},
    {"unknown-process", MALFORMED_DIR "/unknown-process.json:16:12: steps[3].as: unknown process 'rtt'", NULL},
    {"unknown-function", MALFORMED_DIR "/unknown-function.json:17:26: steps[4].call: unknown function 'CloseHandel'",
     NULL},
    {"call-not-allowed-for-kind",
     MALFORMED_DIR "/call-not-allowed-for-kind.json:11:27: steps[1].call: process 'win' (a windows process) cannot "
                   "call 'CreateEvent'",
     NULL},
    /* No name is ambiguous yet (only the iwin32 family is in spec/), so the family tests are these two. */
    {"unknown-family-prefix",
     MALFORMED_DIR "/unknown-family-prefix.json:11:27: steps[1].call: unknown API family 'foo' (expected ntx, rt, "
                   "iwin32, rtx64 or rtk)",
     NULL},
    {"function-not-in-family",
     MALFORMED_DIR "/function-not-in-family.json:11:27: steps[1].call: 'RtUnmapSharedMemory' is not a function of the "
                   "rtx64 family",
     NULL},
    {"unknown-parameter",
     MALFORMED_DIR "/unknown-parameter.json:8:49: steps[0].args.lpNmae: unknown parameter 'lpNmae' of "
                   "RtCreateSharedMemory (expected flProtect, MaximumSizeHigh, MaximumSizeLow, lpName, location)",
     NULL},
    {"missing-required-argument",
     MALFORMED_DIR "/missing-required-argument.json:8:14: steps[0].args: missing required argument 'MaximumSizeLow' "
                   "of RtCreateSharedMemory (it has no default)",
     NULL},
    {"unknown-constant",
     MALFORMED_DIR "/unknown-constant.json:8:28: steps[0].args.flProtect: unknown constant 'PAGE_READWRIT'", NULL},
    {"unbound-variable",
     MALFORMED_DIR "/unbound-variable.json:17:61: steps[4].args.hObject: variable 'nope' is not bound by an earlier "
                   "step's \"out\"",
     NULL},
    {"variable-in-string-parameter",
     MALFORMED_DIR "/variable-in-string-parameter.json:12:25: steps[1].args.lpName: variables hold numbers, handles "
                   "and pointers, not strings; write \"$$...\" for a string that starts with '$'",
     NULL},
    {"at-goes-backwards",
     MALFORMED_DIR "/at-goes-backwards.json:16:12: steps[3].at: \"at\" 200 goes back before an earlier step's time 500",
     NULL},
    {"pool-not-multiple-of-4m",
     MALFORMED_DIR "/pool-not-multiple-of-4m.json:8:82: topology.kernels[0].iwin32_pool: the iwin32 pool is "
                   "configured in multiples of 4 MiB (IWIN32.POOL.SEGSIZE); 6291456 bytes is not one",
     NULL},
    {"topology-without-processes",
     MALFORMED_DIR "/topology-without-processes.json:6:15: topology: a scenario with its own topology must list its "
                   "\"processes\"",
     NULL},
    {"unknown-status",
     MALFORMED_DIR "/unknown-status.json:10:49: steps[0].expect.status: unknown status 'ERROR_SUCESS'", NULL},
    {"status-wrong-family",
     MALFORMED_DIR "/status-wrong-family.json:10:67: steps[0].expect.status[1]: 'E_OK' is a status of the intime "
                   "family; this step reports win32 statuses",
     NULL},
    {"read-data-wrong-length",
     MALFORMED_DIR "/read-data-wrong-length.json:16:103: steps[3].expect.data: expected 4 bytes (the read's length), "
                   "found 5",
     NULL},
    {"step-after-process-exit",
     MALFORMED_DIR "/step-after-process-exit.json:17:12: steps[4].as: process 'rt' has exited (SIM.PROCESS.EXIT) and "
                   "makes no more steps",
     NULL},
    {"expect-on-event",
     MALFORMED_DIR "/expect-on-event.json:18:58: steps[5].expect: events take no \"expect\" (they always happen)",
     NULL},
    {"unknown-event",
     MALFORMED_DIR "/unknown-event.json:18:15: steps[5].event: unknown event 'process.kill'", NULL},
    {"step-after-kernel-stop",
     MALFORMED_DIR "/step-after-kernel-stop.json:17:12: steps[4].as: process 'rt' has exited (SIM.PROCESS.EXIT) and makes "
                   "no more steps",
     NULL},
    {"link-event-unknown-node",
     MALFORMED_DIR "/link-event-unknown-node.json:15:59: steps[2].between[1]: unknown node 'host2'", NULL},
    /* Found in review during the fuzzing campaign: a second link between the same nodes was accepted, the
     * validator tracked the state of the last one and the model switched the first. */
    {"duplicate-link",
     MALFORMED_DIR "/duplicate-link.json:9:76: topology.links[1].between: nodes 'host2' and 'host' are already joined "
                   "by topology.links[0]",
     NULL},
    {"formfeed-before-duplicate", /* the form feed is whitespace to cJSON and to the duplicate-key scan */
     MALFORMED_DIR "/formfeed-before-duplicate.json:8:56: steps[0].args.lpName: duplicate key", NULL},
    {"nul-in-name", /* the position of the escape itself */
     MALFORMED_DIR "/nul-in-name.json:8:53: steps[0].args.lpName: a string holds \\u0000; names and strings cannot "
                   "contain NUL",
     NULL},
    {"upper-case-hex-in-expect",
     MALFORMED_DIR "/upper-case-hex-in-expect.json:16:103: steps[3].expect.data: expected lower-case hex digits, "
                   "found 'C' at character 1",
     NULL},
    /* The message parse_input gives an output parameter that is neither omitted nor null. */
    {"output-parameter-given-value",
     MALFORMED_DIR "/output-parameter-given-value.json:12:44: steps[1].args.location: 'location' is an output "
                   "parameter",
     NULL},
};

#define CASE_COUNT ((int)(sizeof cases / sizeof cases[0]))

/* A valid scenario (the base the malformed files derive from), for the mixed-folder test. */
static const char good_scenario[] =
    "{\n"
    "  \"format\": \"rtshm-scenario/1\",\n"
    "  \"id\": \"malformed.good-neighbour\",\n"
    "  \"title\": \"A valid scenario next to a malformed one\",\n"
    "  \"clauses\": [\"IWIN32.CREATE.OK\", \"MEM.SHARED\"],\n"
    "  \"steps\": [\n"
    "    {\"as\": \"rt\", \"call\": \"RtCreateSharedMemory\", \"args\": {\"MaximumSizeLow\": 4096, \"lpName\": \"Buf\"},\n"
    "     \"out\": {\"return\": \"h\", \"location\": \"p\"}, \"expect\": {\"return\": \"non-null\", \"status\": \"ERROR_SUCCESS\"}},\n"
    "    {\"as\": \"win\", \"call\": \"iwin32:RtOpenSharedMemory\", \"args\": {\"lpName\": \"Buf\"},\n"
    "     \"out\": {\"return\": \"hw\", \"location\": \"q\"}, \"expect\": {\"return\": \"non-null\", \"status\": \"ERROR_SUCCESS\"}},\n"
    "    {\"as\": \"win\", \"write\": {\"ptr\": \"$q\", \"offset\": 0, \"hex\": \"cafebabe\"}, \"expect\": {\"fault\": \"none\"}},\n"
    "    {\"as\": \"rt\", \"read\": {\"ptr\": \"$p\", \"offset\": 0, \"length\": 4}, \"expect\": {\"data\": \"cafebabe\"}}\n"
    "  ]\n"
    "}\n";

static char out_buf[OUT_CAP], err_buf[OUT_CAP];

/* Runs from the source tree, where the relative paths of the table resolve. */
static void enter_source_dir(void) {
#ifdef RTSHM_SOURCE_DIR
    if (access(MALFORMED_DIR, F_OK) != 0) ck_assert_int_eq(chdir(RTSHM_SOURCE_DIR), 0);
#endif
    ck_assert_msg(access(MALFORMED_DIR, F_OK) == 0, "run the tests from the source tree (no %s here)", MALFORMED_DIR);
}

static void case_path(char *buf, size_t cap, const malformed_case *mc) {
    snprintf(buf, cap, MALFORMED_DIR "/%s.json", mc->name);
}

/* A fresh temporary path that does not exist yet (copied out of tmp_path's static buffer). */
static void fresh_tmp(char *buf, size_t cap, const char *name) {
    const char *p = tmp_path(name);
    ck_assert_ptr_nonnull(p);
    snprintf(buf, cap, "%s", p);
    ck_assert_msg(access(buf, F_OK) != 0, "%s exists before the test", buf);
}

static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fputs(text, f) >= 0, 1);
    ck_assert_int_eq(fclose(f), 0);
}

static void copy_file(const char *from, const char *to) {
    static char text[OUT_CAP];
    FILE *f = fopen(from, "rb");
    ck_assert_ptr_nonnull(f);
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    write_file(to, text);
}

static void assert_stderr_has(const char *what, const char *needle) {
    ck_assert_msg(strstr(err_buf, needle) != NULL, "%s: stderr lacks\n  %s\nstderr was:\n%.1500s", what, needle, err_buf);
}

/* Every case file exists and the folder holds no file the table does not name. */
START_TEST(test_table_matches_folder) {
    enter_source_dir();
    for (int i = 0; i < CASE_COUNT; i++) {
        char path[512];
        case_path(path, sizeof path, &cases[i]);
        ck_assert_msg(access(path, R_OK) == 0, "%s missing", path);
        for (int j = 0; j < i; j++) ck_assert_str_ne(cases[i].name, cases[j].name);
    }
    ck_assert_int_ge(CASE_COUNT, 20);
    /* `check` on the whole folder rejects exactly the table's files, each on its own line. */
    int rc = rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "check", MALFORMED_DIR, NULL);
    ck_assert_int_eq(rc, 2);
    char summary[128];
    snprintf(summary, sizeof summary, "rtshm: %d scenario files rejected; nothing was run\n", CASE_COUNT);
    assert_stderr_has("check of the folder", summary);
    int lines = 0;
    for (const char *p = err_buf; (p = strstr(p, MALFORMED_DIR "/")) != NULL; p++) lines++;
    ck_assert_int_eq(lines, CASE_COUNT);
}
END_TEST

/* `rtshm run` on one malformed file: exit 2, the exact located message, nothing on stdout, no trace. */
START_TEST(test_run_rejects) {
    enter_source_dir();
    const malformed_case *mc = &cases[_i];
    char path[512], db[512];
    case_path(path, sizeof path, mc);
    char dbname[128];
    snprintf(dbname, sizeof dbname, "run-%s.sqlite", mc->name);
    fresh_tmp(db, sizeof db, dbname);
    int rc = rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", db, path, NULL);
    ck_assert_msg(rc == 2, "%s: exit %d, expected 2; stderr:\n%.1500s", mc->name, rc, err_buf);
    assert_stderr_has(mc->name, mc->message);
    if (mc->also) assert_stderr_has(mc->name, mc->also);
    assert_stderr_has(mc->name, "rtshm: 1 scenario file rejected; nothing was run\n");
    ck_assert_msg(out_buf[0] == '\0', "%s: stdout not empty:\n%.1500s", mc->name, out_buf);
    ck_assert_msg(access(db, F_OK) != 0, "%s: the trace %s was created for a rejected file", mc->name, db);
}
END_TEST

/* `rtshm check` on one malformed file: exit 2 and the same message. */
START_TEST(test_check_rejects) {
    enter_source_dir();
    const malformed_case *mc = &cases[_i];
    char path[512];
    case_path(path, sizeof path, mc);
    int rc = rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "check", path, NULL);
    ck_assert_msg(rc == 2, "%s: exit %d, expected 2; stderr:\n%.1500s", mc->name, rc, err_buf);
    assert_stderr_has(mc->name, mc->message);
    if (mc->also) assert_stderr_has(mc->name, mc->also);
    ck_assert_msg(strstr(out_buf, "valid") == NULL, "%s: check reported success:\n%.1500s", mc->name, out_buf);
}
END_TEST

/* A folder with one bad and one good file: nothing runs, no trace; the good file alone does run. */
START_TEST(test_mixed_folder_runs_nothing) {
    enter_source_dir();
    char dir[512], good[600], bad[600], db[512], bad_src[512];
    fresh_tmp(dir, sizeof dir, "mixed");
    ck_assert_int_eq(mkdir(dir, 0700), 0);
    snprintf(good, sizeof good, "%s/a-good.json", dir);
    snprintf(bad, sizeof bad, "%s/b-bad.json", dir);
    write_file(good, good_scenario);
    snprintf(bad_src, sizeof bad_src, MALFORMED_DIR "/unknown-parameter.json");
    copy_file(bad_src, bad);
    fresh_tmp(db, sizeof db, "mixed.sqlite");

    int rc = rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", db, dir, NULL);
    ck_assert_msg(rc == 2, "exit %d, expected 2; stderr:\n%.1500s", rc, err_buf);
    char needle[800];
    snprintf(needle, sizeof needle, "%s:8:49: steps[0].args.lpNmae: unknown parameter 'lpNmae'", bad);
    assert_stderr_has("mixed folder", needle);
    assert_stderr_has("mixed folder", "rtshm: 1 scenario file rejected; nothing was run\n");
    ck_assert_msg(strstr(out_buf, "malformed.good-neighbour") == NULL, "the good file ran:\n%.1500s", out_buf);
    ck_assert_msg(access(db, F_OK) != 0, "the trace was created although a file was rejected");

    /* The same good file on its own runs and is recorded: the assertions above are not vacuous. */
    rc = rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", db, good, NULL);
    ck_assert_msg(rc == 0, "good file alone: exit %d; stdout:\n%.1000s\nstderr:\n%.1000s", rc, out_buf, err_buf);
    ck_assert_ptr_nonnull(strstr(out_buf, "PASS    malformed.good-neighbour  (4 steps)"));
    ck_assert_int_eq(access(db, F_OK), 0);
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM runs"), 1);
}
END_TEST

/* Usage errors of `run`: exit 2, a message naming the problem, the usage hint, and no trace. */
START_TEST(test_run_usage_errors) {
    enter_source_dir();
    char db[512], path[512];
    fresh_tmp(db, sizeof db, "usage.sqlite");
    snprintf(path, sizeof path, MALFORMED_DIR "/unknown-parameter.json");

    int rc = rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", db, NULL);
    ck_assert_int_eq(rc, 2);
    assert_stderr_has("run without paths", "rtshm: no scenario files or folders given\n");
    assert_stderr_has("run without paths", "(run 'rtshm --help' for usage)");
    ck_assert_int_ne(access(db, F_OK), 0);

    rc = rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", db, "--frobnicate", path, NULL);
    ck_assert_int_eq(rc, 2);
    assert_stderr_has("unknown option", "rtshm: unknown option '--frobnicate' for run\n");
    assert_stderr_has("unknown option", "(run 'rtshm --help' for usage)");
    ck_assert_int_ne(access(db, F_OK), 0);

    rc = rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", db, "--seed", "abc", path, NULL);
    ck_assert_int_eq(rc, 2);
    assert_stderr_has("--seed abc", "rtshm: --seed takes an unsigned 64-bit integer, not 'abc'\n");
    assert_stderr_has("--seed abc", "(run 'rtshm --help' for usage)");
    ck_assert_int_ne(access(db, F_OK), 0);

    /* The option problem is reported before any file is read: the bad file's error does not appear. */
    ck_assert_ptr_null(strstr(err_buf, "lpNmae"));

    rc = rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", db, "--seed", NULL);
    ck_assert_int_eq(rc, 2);
    assert_stderr_has("--seed without value", "rtshm: --seed needs a value\n");
    ck_assert_int_ne(access(db, F_OK), 0);
}
END_TEST

Suite *malformed_suite(void) {
    Suite *s = suite_create("malformed");
    TCase *tc = tcase_create("files");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_table_matches_folder);
    tcase_add_loop_test(tc, test_run_rejects, 0, CASE_COUNT);
    tcase_add_loop_test(tc, test_check_rejects, 0, CASE_COUNT);
    suite_add_tcase(s, tc);
    TCase *cli = tcase_create("cli");
    tcase_set_timeout(cli, 60);
    tcase_add_test(cli, test_mixed_folder_runs_nothing);
    tcase_add_test(cli, test_run_usage_errors);
    suite_add_tcase(s, cli);
    return s;
}
