/* conformance/tests/test_expect.c — expectation files through the real binary (cli_harness.h): `run
 * --expect FILE` (exit 1 only on unexpected results and unexpected passes, entries that matched nothing
 * reported, the outcomes recorded in the trace), `expect --from DB` (the committed adoption of the
 * fixtures, byte for byte), and every refused file with its position and exit 2 before anything runs. */
#include <check.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli_harness.h"
#include "conf/cli.h"
#include "suites.h"

#define FIXTURES "conformance/tests/fixtures"
#define CLOSE_INVALID "conformance/scenarios/iwin32/iwin32.close.invalid-handle-fails.json"
#define EXPECT_DIR "conformance/tests/expect"
#define CAP 65536

static char out_buf[CAP], err_buf[CAP];

/* Writes text to a fresh temporary file; returns its path (kept_tmp_path). */
static const char *write_tmp(const char *name, const char *text) {
    const char *path = kept_tmp_path(name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static char *slurp_file(const char *path, char *buf, size_t cap) {
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "%s", path);
    size_t n = fread(buf, 1, cap - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

/* The adoption of the fixtures' run is the committed file, and with it the same run exits 0. */
START_TEST(adopted_expectations_make_the_run_pass) {
    cli_enter_source_tree();
    const char *db = kept_tmp_path("adopt.sqlite"), *file = kept_tmp_path("adopted.json");
    ck_assert_int_eq(rtshm_exec(out_buf, CAP, err_buf, CAP, "run", "--db", db, FIXTURES, NULL), RTSHM_EXIT_FAILED);
    ck_assert_int_eq(rtshm_exec(out_buf, CAP, err_buf, CAP, "expect", "--from", db, "-o", file, NULL), RTSHM_EXIT_OK);
    static char got[8192], want[8192];
    ck_assert_str_eq(slurp_file(file, got, sizeof got), slurp_file(EXPECT_DIR "/valid/adopted-fixtures.json", want, sizeof want));
    /* on stdout too, the same bytes */
    ck_assert_int_eq(rtshm_exec(out_buf, CAP, err_buf, CAP, "expect", "--from", db, "--run", "1", NULL), RTSHM_EXIT_OK);
    ck_assert_str_eq(out_buf, want);
    ck_assert_int_eq(rtshm_exec(out_buf, CAP, err_buf, CAP, "run", "--db", db, "--expect", file, FIXTURES, NULL),
                     RTSHM_EXIT_OK);
    ck_assert_msg(strstr(out_buf, "expect: 2 scenarios: 0 passed, 2 as expected, 0 unexpected, 0 unexpected passes; "
                                  "0 of 2 entries matched nothing; ") != NULL, "%s", out_buf);
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM scenario_expectations WHERE run_id = 2 AND outcome = 'expected'"), 2);
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM scenario_expectations WHERE run_id = 1"), 0);
    ck_assert_int_eq(db_int(db, "SELECT SUM(matched) FROM expect_entries WHERE run_id = 2"), 2);
    /* a run of no deviation at all: "expect" writes an empty list */
    ck_assert_int_eq(rtshm_exec(out_buf, CAP, err_buf, CAP, "run", "--db", db, CLOSE_INVALID, NULL), RTSHM_EXIT_OK);
    ck_assert_int_eq(rtshm_exec(out_buf, CAP, err_buf, CAP, "expect", "--from", db, NULL), RTSHM_EXIT_OK);
    ck_assert_str_eq(out_buf, "{\n  \"format\": \"rtshm-expectations/1\",\n  \"implementation\": \"reference\",\n"
                              "  \"expectations\": []\n}\n");
}
END_TEST

/* An expected failure that passes fails the run (UNEXPECTED-PASS); a failure nothing expects fails it
 * (UNEXPECTED); an entry that matched nothing is reported and recorded with matched 0. */
START_TEST(unexpected_results_and_unmatched_entries) {
    cli_enter_source_tree();
    const char *db = kept_tmp_path("unexpected.sqlite");
    const char *file = write_tmp("x.json",
                                 "{\"format\": \"rtshm-expectations/1\", \"expectations\": [\n"
                                 " {\"scenario\": \"iwin32.close.invalid-handle-fails\", \"verdict\": \"FAIL\", "
                                 "\"reason\": \"bug 7\", \"link\": \"https://example.org/7\"},\n"
                                 " {\"scenario\": \"tests.diverges-on-purpose\", \"verdict\": \"DIVERGE\", \"reason\": \"ok\"},\n"
                                 " {\"scenario\": \"nothing.*\", \"verdict\": \"CRASH\", \"reason\": \"never\"}]}\n");
    ck_assert_int_eq(rtshm_exec(out_buf, CAP, err_buf, CAP, "run", "--db", db, "--expect", file, FIXTURES,
                                CLOSE_INVALID, NULL),
                     RTSHM_EXIT_FAILED);
    ck_assert_msg(strstr(out_buf, "expect: UNEXPECTED-PASS iwin32.close.invalid-handle-fails: PASS, expected FAIL "
                                  "(bug 7; https://example.org/7)\n") != NULL, "%s", out_buf);
    ck_assert_msg(strstr(out_buf, "expect: UNEXPECTED tests.fails-on-purpose: FAIL (no expectation)\n") != NULL, "%s",
                  out_buf);
    ck_assert_msg(strstr(out_buf, "expect: unmatched expectations[2] (nothing.*, CRASH): no scenario of this run "
                                  "matched it\n") != NULL, "%s", out_buf);
    ck_assert_msg(strstr(out_buf, "expect: 3 scenarios: 0 passed, 1 as expected, 1 unexpected, 1 unexpected passes; "
                                  "1 of 3 entries matched nothing; ") != NULL, "%s", out_buf);
    char text[256];
    ck_assert_str_eq(db_text(db, "SELECT group_concat(scenario || '=' || outcome, ',') FROM (SELECT * FROM "
                                 "scenario_expectations ORDER BY scenario)", text, sizeof text),
                     "iwin32.close.invalid-handle-fails=unexpected-pass,tests.diverges-on-purpose=expected,"
                     "tests.fails-on-purpose=unexpected");
    ck_assert_str_eq(db_text(db, "SELECT group_concat(matched, ',') FROM (SELECT matched FROM expect_entries ORDER BY entry)",
                             text, sizeof text), "1,1,0");
    /* with --format json the lines go to stderr, stdout stays one document, each scenario with its outcome */
    ck_assert_int_eq(rtshm_exec(out_buf, CAP, err_buf, CAP, "run", "--db", db, "--format", "json", "--expect", file,
                                CLOSE_INVALID, FIXTURES, NULL),
                     RTSHM_EXIT_FAILED);
    ck_assert_ptr_null(strstr(out_buf, "expect:"));
    ck_assert_ptr_nonnull(strstr(err_buf, "expect: UNEXPECTED-PASS iwin32.close.invalid-handle-fails"));
    cJSON *doc = cJSON_Parse(out_buf);
    ck_assert_ptr_nonnull(doc);
    const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "scenarios"), 0);
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(first, "id")->valuestring, "iwin32.close.invalid-handle-fails");
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(first, "outcome")->valuestring, "unexpected-pass");
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(first, "expected")->valuestring, "FAIL");
    const cJSON *third = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "scenarios"), 2);
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(third, "outcome")->valuestring, "unexpected");
    ck_assert(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(third, "expected")));
    cJSON_Delete(doc);
    /* TAP: an expected deviation is a TODO (a known failure), an unexpected pass is "not ok" */
    ck_assert_int_eq(rtshm_exec(out_buf, CAP, err_buf, CAP, "run", "--db", db, "--format", "tap", "--expect", file,
                                CLOSE_INVALID, FIXTURES, NULL),
                     RTSHM_EXIT_FAILED);
    ck_assert_msg(strstr(out_buf, "TAP version 13\n1..3\nnot ok 1 - iwin32.close.invalid-handle-fails\n  ---\n"
                                  "  verdict: PASS\n  outcome: unexpected-pass\n") != NULL, "%s", out_buf);
    ck_assert_msg(strstr(out_buf, "\nnot ok 2 - tests.diverges-on-purpose # TODO expected DIVERGE: ok\n") != NULL,
                  "%s", out_buf);
    ck_assert_msg(strstr(out_buf, "\nnot ok 3 - tests.fails-on-purpose\n  ---\n  verdict: FAIL\n  outcome: "
                                  "unexpected\n") != NULL, "%s", out_buf);
}
END_TEST

/* Step entries: a failing step an entry expects makes its scenario expected; globs and FLAKY apply; a
 * step entry whose step passed is an unexpected pass, and a failing step no entry names is unexpected. */
START_TEST(step_entries_globs_and_flaky) {
    cli_enter_source_tree();
    const char *db = kept_tmp_path("steps.sqlite");
    ck_assert_int_eq(rtshm_exec(out_buf, CAP, err_buf, CAP, "run", "--db", db, "--expect",
                                EXPECT_DIR "/valid/steps-and-globs.json", FIXTURES, CLOSE_INVALID, NULL),
                     RTSHM_EXIT_OK);
    char text[256];
    ck_assert_str_eq(db_text(db, "SELECT group_concat(scenario || '=' || outcome || '/' || IFNULL(expected, '-'), ',') "
                                 "FROM (SELECT * FROM scenario_expectations ORDER BY scenario)", text, sizeof text),
                     "iwin32.close.invalid-handle-fails=pass/FLAKY,tests.diverges-on-purpose=expected/DIVERGE,"
                     "tests.fails-on-purpose=expected/-");
    ck_assert_str_eq(db_text(db, "SELECT scenario || ' ' || step || ' ' || expected || ' ' || actual || ' ' || outcome "
                                 "FROM step_expectations", text, sizeof text),
                     "tests.fails-on-purpose 1 FAIL FAIL expected");
    const char *file = write_tmp("step0.json",
                                 "{\"format\": \"rtshm-expectations/1\", \"expectations\": [\n"
                                 " {\"scenario\": \"tests.fails-*\", \"step\": 0, \"verdict\": \"FAIL\", \"reason\": \"r\"}]}\n");
    ck_assert_int_eq(rtshm_exec(out_buf, CAP, err_buf, CAP, "run", "--db", db, "--expect", file,
                                FIXTURES "/fails-on-purpose.json", NULL),
                     RTSHM_EXIT_FAILED);
    ck_assert_msg(strstr(out_buf, "expect: UNEXPECTED-PASS tests.fails-on-purpose step 0: PASS, expected FAIL (r)\n"),
                  "%s", out_buf);
    ck_assert_msg(strstr(out_buf, "expect: UNEXPECTED tests.fails-on-purpose: FAIL (no expectation)\n"), "%s", out_buf);
    ck_assert_str_eq(db_text(db, "SELECT outcome FROM scenario_expectations WHERE run_id = 2", text, sizeof text),
                     "unexpected");
}
END_TEST

/* Every refused file: exit 2, its position and what was expected, and nothing run (no trace made). */
START_TEST(bad_files_are_refused_with_their_position) {
    cli_enter_source_tree();
    static const struct {
        const char *file, *message;
    } cases[] = {
        {"invalid/empty-scenario.json", ":4:18: expectations[0].scenario: expected a non-empty string\n"},
        {"invalid/expectations-not-array.json", ":3:19: expectations: expected an array, found an object\n"},
        {"invalid/missing-reason.json", ":4:5: expectations[0]: the key \"reason\" is missing\n"},
        {"invalid/negative-step.json",
         ":4:33: expectations[0].step: expected a step index, an integer from 0 to 1000000, found -1\n"},
        {"invalid/step-crash.json",
         ":4:47: expectations[0].verdict: expected one of FAIL, DIVERGE, FLAKY (a step's verdict), found \"CRASH\"\n"},
        {"invalid/unknown-key.json",
         ":4:66: expectations[0].bug: unknown key \"bug\"; expected one of scenario, step, verdict, reason, link\n"},
        {"invalid/verdict-pass.json", ":4:36: expectations[0].verdict: expected one of FAIL, DIVERGE, ERROR, CRASH, "
                                      "TIMEOUT, SKIP, FLAKY, found \"PASS\"\n"},
        {"invalid/wrong-format.json", ":2:13: format: expected \"rtshm-expectations/1\", found \"rtshm-expectations/2\"\n"},
        {"refused/duplicate.json", ":5:18: expectations[1].scenario: expected each scenario (and step) once; "
                                   "expectations[0] names \"a.*\" already\n"},
    };
    const char *db = kept_tmp_path("refused.sqlite");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[256], want[512];
        snprintf(path, sizeof path, EXPECT_DIR "/%s", cases[i].file);
        snprintf(want, sizeof want, "%s%s", path, cases[i].message);
        ck_assert_int_eq(rtshm_exec(out_buf, CAP, err_buf, CAP, "run", "--db", db, "--expect", path, FIXTURES, NULL),
                         RTSHM_EXIT_INPUT);
        ck_assert_msg(strncmp(err_buf, want, strlen(want)) == 0, "%s:\n%s", cases[i].file, err_buf);
        ck_assert_ptr_nonnull(strstr(err_buf, "was refused; nothing was run\n"));
        ck_assert_int_eq(access(db, F_OK), -1);
    }
    const char *syntax = write_tmp("syntax.json", "{\"format\": \"rtshm-expectations/1\",\n \"expectations\": [,]}\n");
    ck_assert_int_eq(rtshm_exec(out_buf, CAP, err_buf, CAP, "run", "--db", db, "--expect", syntax, FIXTURES, NULL),
                     RTSHM_EXIT_INPUT);
    ck_assert_msg(strstr(err_buf, ":2:19: not valid JSON (syntax error near here)\n") != NULL, "%s", err_buf);
    const char *other = write_tmp("posix.json", "{\"format\": \"rtshm-expectations/1\", \"implementation\": \"posix\", "
                                                "\"expectations\": []}");
    ck_assert_int_eq(rtshm_exec(out_buf, CAP, err_buf, CAP, "run", "--db", db, "--expect", other, FIXTURES, NULL),
                     RTSHM_EXIT_INPUT);
    ck_assert_msg(strstr(err_buf, ": the file is for the implementation 'posix', this run is of 'reference'; nothing "
                                  "was run\n") != NULL, "%s", err_buf);
    ck_assert_int_eq(access(db, F_OK), -1);
    ck_assert_int_eq(rtshm_exec(out_buf, CAP, err_buf, CAP, "run", "--db", db, "--expect",
                                kept_tmp_path("absent.json"), FIXTURES, NULL),
                     RTSHM_EXIT_INPUT);
    ck_assert_int_eq(rtshm_exec(out_buf, CAP, err_buf, CAP, "expect", NULL), RTSHM_EXIT_INPUT);
    ck_assert_msg(strstr(err_buf, "expect needs --from DB") != NULL, "%s", err_buf);
}
END_TEST

/* validate --expect judges the backend's run the same way: its exit code is the judgement's, DIVERGE
 * included (a permitted divergence is an entry expecting it). */
START_TEST(validate_judges_the_backends_run) {
    cli_enter_source_tree();
    const char *db = kept_tmp_path("validate.sqlite");
    const char *posix = RTSHM_BACKEND_DIR "/librtshm_posix.so";
    const char *both = write_tmp("both.json", "{\"format\": \"rtshm-expectations/1\", \"expectations\": [\n"
                                              " {\"scenario\": \"tests.fails-on-purpose\", \"verdict\": \"FAIL\", \"reason\": \"r\"},\n"
                                              " {\"scenario\": \"tests.diverges-on-purpose\", \"verdict\": \"DIVERGE\", "
                                              "\"reason\": \"permitted\"}]}\n");
    ck_assert_int_eq(rtshm_exec(out_buf, CAP, err_buf, CAP, "validate", "--impl", posix, "--db", db, "--expect", both,
                                FIXTURES, NULL),
                     RTSHM_EXIT_OK);
    ck_assert_msg(strstr(out_buf, "expect: 2 scenarios: 0 passed, 2 as expected, 0 unexpected, 0 unexpected passes; ") !=
                      NULL, "%s", out_buf);
    ck_assert_msg(strstr(out_buf, ": passed against ") != NULL, "%s", out_buf);
    /* the outcomes are the backend's run's (run 2), not the reference's */
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM scenario_expectations WHERE run_id = 2 AND outcome = 'expected'"), 2);
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM scenario_expectations WHERE run_id = 1"), 0);
    const char *fail_only = write_tmp("fail-only.json", "{\"format\": \"rtshm-expectations/1\", \"expectations\": [\n"
                                                        " {\"scenario\": \"tests.fails-on-purpose\", \"verdict\": \"FAIL\", "
                                                        "\"reason\": \"r\"}]}\n");
    ck_assert_int_eq(rtshm_exec(out_buf, CAP, err_buf, CAP, "validate", "--impl", posix, "--db", db, "--expect",
                                fail_only, FIXTURES, NULL),
                     RTSHM_EXIT_FAILED);
    ck_assert_msg(strstr(out_buf, "expect: UNEXPECTED tests.diverges-on-purpose: DIVERGE (no expectation)\n") != NULL,
                  "%s", out_buf);
    const char *reference = write_tmp("ref.json", "{\"format\": \"rtshm-expectations/1\", \"implementation\": "
                                                  "\"reference\", \"expectations\": []}");
    ck_assert_int_eq(rtshm_exec(out_buf, CAP, err_buf, CAP, "validate", "--impl", posix, "--db", db, "--expect",
                                reference, FIXTURES, NULL),
                     RTSHM_EXIT_INPUT);
    ck_assert_msg(strstr(err_buf, ": the file is for the implementation 'reference', this run is of 'posix") != NULL,
                  "%s", err_buf);
}
END_TEST

Suite *expect_suite(void) {
    Suite *s = suite_create("expect");
    TCase *tc = tcase_create("expect");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, adopted_expectations_make_the_run_pass);
    tcase_add_test(tc, unexpected_results_and_unmatched_entries);
    tcase_add_test(tc, step_entries_globs_and_flaky);
    tcase_add_test(tc, bad_files_are_refused_with_their_position);
    tcase_add_test(tc, validate_judges_the_backends_run);
    suite_add_tcase(s, tc);
    return s;
}
