/* conformance/tests/test_cli_results.c — what `rtshm run` does with results: `--rerun-failed DB
 * [--run ID]` (the scenarios a recorded run did not pass, among the given PATHs or from the files it
 * recorded) and `--format text|json|tap` (machine-readable results on stdout), through the real binary
 * (cli_harness.h) from the source tree where ctest runs the suite. */
#include <check.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli_harness.h"
#include "conf/cli.h"
#include "suites.h"

#define SCENARIO "conformance/scenarios/iwin32/iwin32.close.invalid-handle-fails.json"
#define IWIN32 "conformance/scenarios/iwin32"
#define FIXTURES "conformance/tests/fixtures"
#define FAILS FIXTURES "/fails-on-purpose.json"
#define DIVERGES FIXTURES "/diverges-on-purpose.json"
#define HINT "(run 'rtshm --help' for usage)\n"
#define CAP 65536

static char out_buf[CAP], err_buf[CAP];

/* The scenario ids of the newest run of db, comma-separated by id. */
static const char *newest_ids(const char *db, char *buf, size_t cap) {
    return db_text(db,
                   "SELECT group_concat(scenario, ',') FROM (SELECT scenario FROM scenarios WHERE run_id = "
                   "(SELECT MAX(run_id) FROM runs) ORDER BY scenario)",
                   buf, cap);
}

/* --rerun-failed DB runs what DB's newest run (or --run ID) did not pass: among the given PATHs, or from
 * the files the run recorded when no PATH is given. */
START_TEST(rerun_failed_runs_what_did_not_pass) {
    cli_enter_source_tree();
    const char *first = kept_tmp_path("first.sqlite"), *again = kept_tmp_path("again.sqlite");
    char ids[4096];
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", first, FAILS,
                                DIVERGES, IWIN32, NULL),
                     RTSHM_EXIT_FAILED);
    ck_assert_int_ge(db_int(first, "SELECT COUNT(*) FROM scenarios"), 10);
    /* with PATHs: the two of them among the whole corpus */
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", again,
                                "--rerun-failed", first, FIXTURES, IWIN32, NULL),
                     RTSHM_EXIT_FAILED);
    ck_assert_str_eq(newest_ids(again, ids, sizeof ids), "tests.diverges-on-purpose,tests.fails-on-purpose");
    ck_assert_msg(strstr(err_buf, "rtshm: rerunning the 2 scenarios that run 1 of ") != NULL, "%s", err_buf);
    /* without PATH: the files run 1 recorded; --run= picks the run (run 1 of again passed nothing either) */
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", again,
                                "--rerun-failed", again, "--run=1", NULL),
                     RTSHM_EXIT_FAILED);
    ck_assert_int_eq(db_int(again, "SELECT COUNT(*) FROM runs"), 2);
    ck_assert_str_eq(newest_ids(again, ids, sizeof ids), "tests.diverges-on-purpose,tests.fails-on-purpose");
    /* --filter narrows the rerun further */
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", again,
                                "--rerun-failed", first, "--filter", "*fails*", NULL),
                     RTSHM_EXIT_FAILED);
    ck_assert_str_eq(newest_ids(again, ids, sizeof ids), "tests.fails-on-purpose");
}
END_TEST

/* Every mistake around --rerun-failed is exit 2 with its own message and nothing recorded; a run that
 * passed everything leaves nothing to rerun (exit 0, nothing recorded). */
START_TEST(rerun_failed_mistakes) {
    cli_enter_source_tree();
    const char *passed = kept_tmp_path("passed.sqlite"), *db = kept_tmp_path("rerun.sqlite");
    const char *missing = kept_tmp_path("missing.sqlite");
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", passed, SCENARIO,
                                NULL),
                     0);
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", db,
                                "--rerun-failed", passed, SCENARIO, NULL),
                     0);
    char want[1024];
    snprintf(want, sizeof want, "rtshm: --rerun-failed %s: every scenario of run 1 passed; nothing to rerun\n", passed);
    ck_assert_str_eq(err_buf, want);
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", db,
                                "--rerun-failed", passed, "--run", "9", SCENARIO, NULL),
                     RTSHM_EXIT_INPUT);
    snprintf(want, sizeof want, "rtshm: --rerun-failed %s: no run 9\n", passed);
    ck_assert_str_eq(err_buf, want);
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", db,
                                "--rerun-failed", missing, SCENARIO, NULL),
                     RTSHM_EXIT_INPUT);
    snprintf(want, sizeof want, "rtshm: --rerun-failed %s: No such file or directory\n", missing);
    ck_assert_str_eq(err_buf, want);
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", db, "--run", "1",
                                SCENARIO, NULL),
                     RTSHM_EXIT_INPUT);
    ck_assert_str_eq(err_buf, "rtshm: --run goes with --rerun-failed DB\n" HINT);
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", db,
                                "--rerun-failed", SCENARIO, SCENARIO, NULL),
                     RTSHM_EXIT_INPUT);
    ck_assert_msg(strstr(err_buf, "not an rtshm trace database") != NULL, "%s", err_buf);
    ck_assert_int_eq(access(db, F_OK), -1);
    ck_assert_int_eq(access(missing, F_OK), -1);
}
END_TEST

/* --format json: one document on stdout with the run id, the totals and each scenario's id, verdict and
 * message, as recorded; the verdict lines and the summary go to stderr; the exit code is the run's. */
START_TEST(run_format_json_is_one_document) {
    cli_enter_source_tree();
    const char *db = kept_tmp_path("json.sqlite");
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", db, "--format=json",
                                SCENARIO, FAILS, DIVERGES, NULL),
                     RTSHM_EXIT_FAILED);
    cJSON *doc = cJSON_Parse(out_buf);
    ck_assert_msg(doc != NULL, "stdout is not one JSON document: %s", out_buf);
    ck_assert_str_eq(cJSON_GetObjectItem(doc, "format")->valuestring, "rtshm-run-results/1");
    ck_assert_int_eq(cJSON_GetObjectItem(doc, "run")->valueint, 1);
    ck_assert_str_eq(cJSON_GetObjectItem(doc, "db")->valuestring, db);
    ck_assert_str_eq(cJSON_GetObjectItem(doc, "implementation")->valuestring, "reference");
    ck_assert_str_eq(cJSON_GetObjectItem(doc, "state")->valuestring, "complete");
    const cJSON *totals = cJSON_GetObjectItem(doc, "totals");
    static const struct {
        const char *key;
        int value;
    } want[] = {{"scenarios", 3}, {"PASS", 1}, {"FAIL", 1}, {"DIVERGE", 1}, {"ERROR", 0},
                {"CRASH", 0},     {"TIMEOUT", 0}, {"SKIP", 0}, {"steps", 13}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        ck_assert_msg(cJSON_GetObjectItem(totals, want[i].key)->valueint == want[i].value, "totals.%s", want[i].key);
    const cJSON *scenarios = cJSON_GetObjectItem(doc, "scenarios");
    ck_assert_int_eq(cJSON_GetArraySize(scenarios), 3);
    static const char *const ids[] = {"iwin32.close.invalid-handle-fails", "tests.diverges-on-purpose",
                                      "tests.fails-on-purpose"};
    static const char *const verdicts[] = {"PASS", "DIVERGE", "FAIL"};
    for (int i = 0; i < 3; i++) {
        const cJSON *s = cJSON_GetArrayItem(scenarios, i);
        ck_assert_str_eq(cJSON_GetObjectItem(s, "id")->valuestring, ids[i]);
        ck_assert_str_eq(cJSON_GetObjectItem(s, "verdict")->valuestring, verdicts[i]);
        char sql[256], message[1024];
        snprintf(sql, sizeof sql, "SELECT COALESCE(message, '') FROM scenarios WHERE scenario = '%s'", ids[i]);
        ck_assert_str_eq(cJSON_GetObjectItem(s, "message")->valuestring, db_text(db, sql, message, sizeof message));
    }
    ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(scenarios, 2), "message")->valuestring,
                     "step 1 (RtCreateSharedMemory, IWIN32.CREATE.EXISTS): expected status ERROR_SUCCESS, got "
                     "ERROR_ALREADY_EXISTS");
    cJSON_Delete(doc);
    ck_assert_ptr_nonnull(strstr(err_buf, "FAIL    tests.fails-on-purpose  (3 steps)\n"));
    ck_assert_ptr_nonnull(strstr(err_buf, "3 scenarios: 1 PASS, 1 FAIL, 1 DIVERGE,"));
}
END_TEST

/* --format tap: TAP version 13, the plan, one ok / not ok line per scenario with a YAML block. */
START_TEST(run_format_tap_is_tap13) {
    cli_enter_source_tree();
    const char *db = kept_tmp_path("tap.sqlite");
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", db, "--format", "tap",
                                SCENARIO, FAILS, NULL),
                     RTSHM_EXIT_FAILED);
    ck_assert_str_eq(out_buf, "TAP version 13\n"
                              "1..2\n"
                              "ok 1 - iwin32.close.invalid-handle-fails\n"
                              "  ---\n"
                              "  verdict: PASS\n"
                              "  message: \"\"\n"
                              "  steps: 9\n"
                              "  path: \"" SCENARIO "\"\n"
                              "  ...\n"
                              "not ok 2 - tests.fails-on-purpose\n"
                              "  ---\n"
                              "  verdict: FAIL\n"
                              "  message: \"step 1 (RtCreateSharedMemory, IWIN32.CREATE.EXISTS): expected status "
                              "ERROR_SUCCESS, got ERROR_ALREADY_EXISTS\"\n"
                              "  steps: 3\n"
                              "  path: \"" FAILS "\"\n"
                              "  ...\n");
    /* text stays the default; an unknown format is a usage error */
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", db, "--format",
                                "text", SCENARIO, NULL),
                     0);
    ck_assert_msg(strncmp(out_buf, "PASS    iwin32.close.invalid-handle-fails  (9 steps)\n1 scenarios: 1 PASS", 70) == 0,
                  "%s", out_buf);
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--format", "xml", SCENARIO,
                                NULL),
                     RTSHM_EXIT_INPUT);
    ck_assert_str_eq(err_buf, "rtshm: --format is text, json or tap, not 'xml'\n" HINT);
}
END_TEST

/* The seed in the JSON document is the exact 64-bit integer (a double would round it), and --seed takes
 * decimal or 0x-hex digits only: no sign, no space, no octal. */
START_TEST(run_format_json_seed_is_exact) {
    cli_enter_source_tree();
    const char *db = kept_tmp_path("seed.sqlite");
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", db, "--format=json",
                                "--seed", "18446744073709551615", SCENARIO, NULL),
                     RTSHM_EXIT_OK);
    ck_assert_ptr_nonnull(strstr(out_buf, "\"seed\":\t18446744073709551615,"));
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", db, "--format=json",
                                "--seed", "010", SCENARIO, NULL),
                     RTSHM_EXIT_OK);
    ck_assert_ptr_nonnull(strstr(out_buf, "\"seed\":\t10,"));
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", db, "--format=json",
                                "--seed", "0x10", SCENARIO, NULL),
                     RTSHM_EXIT_OK);
    ck_assert_ptr_nonnull(strstr(out_buf, "\"seed\":\t16,"));
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", db, "--seed", " -1",
                                SCENARIO, NULL),
                     RTSHM_EXIT_INPUT);
    ck_assert_str_eq(err_buf, "rtshm: --seed takes an unsigned 64-bit integer, not ' -1'\n" HINT);
}
END_TEST

Suite *cli_results_suite(void) {
    Suite *s = suite_create("cli_results");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, rerun_failed_runs_what_did_not_pass);
    tcase_add_test(tc, rerun_failed_mistakes);
    tcase_add_test(tc, run_format_json_is_one_document);
    tcase_add_test(tc, run_format_tap_is_tap13);
    tcase_add_test(tc, run_format_json_seed_is_exact);
    suite_add_tcase(s, tc);
    return s;
}
