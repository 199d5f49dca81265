/* conformance/tests/test_checker.c — verdicts by clause level (CLAUSES.md "Levels"), as a table.
 *
 * Each row parses a one-step scenario, fabricates the outcome a backend might report, and asserts the
 * verdict, the deciding clause and the detail text. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/checker.h"
#include "conf/scenario.h"
#include "spec/status.h"
#include "suites.h"

/* A scenario whose only step is an rt RtCreateSharedMemory call with the given expect object. */
static conf_scenario *one_call(const char *expect_json) {
    char text[1024];
    snprintf(text, sizeof text,
             "{\"format\":\"rtshm-scenario/1\",\"id\":\"t\",\"title\":\"t\",\"steps\":["
             "{\"as\":\"rt\",\"call\":\"RtCreateSharedMemory\",\"args\":{\"MaximumSizeLow\":4096,\"lpName\":\"X\"},"
             "\"expect\":%s}]}",
             expect_json);
    conf_scenario *sc = NULL;
    char err[512];
    ck_assert_msg(conf_scenario_parse("t.json", text, strlen(text), &sc, err, sizeof err) == 0, "%s", err);
    return sc;
}

typedef struct level_row {
    const char *expect;      /* the step's expect object */
    uint32_t status;         /* what the backend reports (win32 family) */
    uint64_t ret;
    const char *clause;      /* the clause behind the outcome */
    conf_verdict verdict;
    const char *detail;      /* a substring of the detail, or "" for none */
    unsigned mismatches;     /* CONF_MISMATCH_* bits */
    const char *decided;     /* the clause of the verdict, when not `clause` (failure and status parts) */
} level_row;

static const level_row level_rows[] = {
    /* strict clause: any difference fails */
    {"{\"status\":\"ERROR_ALREADY_EXISTS\"}", ST_ERROR_SUCCESS, 4, "IWIN32.CREATE.OK", CONF_FAIL,
     "expected status ERROR_ALREADY_EXISTS, got ERROR_SUCCESS", CONF_MISMATCH_STATUS},
    /* match: PASS whatever the level */
    {"{\"status\":\"ERROR_SUCCESS\",\"return\":\"non-null\"}", ST_ERROR_SUCCESS, 4, "IWIN32.CREATE.OK", CONF_PASS, "", 0},
    /* model clause: a different documented failure diverges */
    {"{\"status\":\"ERROR_INVALID_PARAMETER\"}", ST_ERROR_NOT_ENOUGH_MEMORY, 0, "IWIN32.CREATE.SIZE_ZERO", CONF_DIVERGE,
     "expected status ERROR_INVALID_PARAMETER, got ERROR_NOT_ENOUGH_MEMORY", CONF_MISMATCH_STATUS},
    /* documented-set: another documented failure diverges ... */
    {"{\"status\":\"ERROR_FILENAME_EXCED_RANGE\"}", ST_ERROR_INVALID_PARAMETER, 0, "IWIN32.CREATE.NAME_LENGTH",
     CONF_DIVERGE, "got ERROR_INVALID_PARAMETER", CONF_MISMATCH_STATUS, "IWIN32.CREATE.NAME_LENGTH.STATUS"},
    /* ... but success where a failure is documented fails */
    {"{\"status\":\"ERROR_FILENAME_EXCED_RANGE\",\"return\":\"null\"}", ST_ERROR_SUCCESS, 4, "IWIN32.CREATE.NAME_LENGTH",
     CONF_FAIL, "expected return NULL, got 0x4", CONF_MISMATCH_RETURN | CONF_MISMATCH_STATUS},
    /* ... and ERROR_ALREADY_EXISTS is a success (status.def: the existing object was opened) */
    {"{\"status\":\"ERROR_NOT_ENOUGH_MEMORY\",\"return\":\"null\"}", ST_ERROR_ALREADY_EXISTS, 4, "IWIN32.CREATE.POOL",
     CONF_FAIL, "expected return NULL, got 0x4; expected status ERROR_NOT_ENOUGH_MEMORY, got ERROR_ALREADY_EXISTS",
     CONF_MISMATCH_RETURN | CONF_MISMATCH_STATUS},
    {"{\"status\":\"ERROR_NOT_ENOUGH_MEMORY\",\"return\":\"null\"}", ST_ERROR_INVALID_PARAMETER, 0, "IWIN32.CREATE.POOL",
     CONF_DIVERGE, "expected status ERROR_NOT_ENOUGH_MEMORY, got ERROR_INVALID_PARAMETER", CONF_MISMATCH_STATUS,
     "IWIN32.CREATE.POOL.STATUS"},
    /* failure and status parts: the deciding clause may be the status part (model); a success where the
     * failure is documented is FAIL under the failure part, another failure DIVERGE under the status part */
    {"{\"status\":\"ERROR_INVALID_PARAMETER\",\"return\":\"null\"}", ST_ERROR_SUCCESS, 4,
     "IWIN32.CREATE.SIZE_HIGH.STATUS", CONF_FAIL, "expected return NULL, got 0x4",
     CONF_MISMATCH_RETURN | CONF_MISMATCH_STATUS, "IWIN32.CREATE.SIZE_HIGH"},
    {"{\"status\":\"ERROR_INVALID_PARAMETER\",\"return\":\"null\"}", ST_ERROR_NOT_ENOUGH_MEMORY, 0,
     "IWIN32.CREATE.SIZE_HIGH.STATUS", CONF_DIVERGE, "got ERROR_NOT_ENOUGH_MEMORY", CONF_MISMATCH_STATUS},
    /* a failure with no status expected but a NULL return: a handle is a success */
    {"{\"return\":\"null\"}", ST_ERROR_FILENAME_EXCED_RANGE, 4, "IWIN32.CREATE.NAME_LENGTH", CONF_FAIL,
     "expected return NULL, got 0x4", CONF_MISMATCH_RETURN},
    /* an expected success decided by a failure clause follows its level (the parts judge failures only) */
    {"{\"status\":\"ERROR_SUCCESS\"}", ST_ERROR_INVALID_PARAMETER, 0, "IWIN32.CREATE.POOL", CONF_DIVERGE,
     "expected status ERROR_SUCCESS, got ERROR_INVALID_PARAMETER", CONF_MISMATCH_STATUS},
    /* a status outside the function's list always fails, even when nothing was expected of it */
    {"{\"return\":\"null\"}", ST_ERROR_ACCESS_DENIED, 0, "IWIN32.CREATE.POOL", CONF_FAIL,
     "undocumented status ERROR_ACCESS_DENIED for RtCreateSharedMemory", 0},
    {"{\"return\":\"null\"}", 0x1234, 0, "IWIN32.CREATE.POOL", CONF_FAIL, "undocumented status 0x1234", 0},
    /* hazard: a difference gives no verdict */
    {"{\"return\":\"null\"}", ST_ERROR_SUCCESS, 8, "NTX.MAP.CACHE_REUSE", CONF_NONE, "expected return NULL",
     CONF_MISMATCH_RETURN},
    /* last error compared separately from status */
    {"{\"last_error\":\"ERROR_ALREADY_EXISTS\"}", ST_ERROR_SUCCESS, 4, "IWIN32.CREATE.OK", CONF_FAIL,
     "expected last error ERROR_ALREADY_EXISTS, got ERROR_SUCCESS", CONF_MISMATCH_LAST_ERROR},
    /* a list of statuses means any of them */
    {"{\"status\":[\"ERROR_SUCCESS\",\"ERROR_ALREADY_EXISTS\"]}", ST_ERROR_ALREADY_EXISTS, 4, "IWIN32.CREATE.EXISTS",
     CONF_PASS, "", 0},
};

START_TEST(verdict_follows_clause_level) {
    const level_row *row = &level_rows[_i];
    conf_scenario *sc = one_call(row->expect);
    conf_outcome o = {0};
    o.family = SPEC_FAMILY_WIN32;
    o.status = row->status;
    o.ret = row->ret;
    o.has_last_error = true;
    o.last_error = row->status;
    o.clause = row->clause;
    conf_check res;
    conf_check_step(&sc->steps[0], &o, NULL, NULL, sc, &res);
    ck_assert_msg(res.verdict == row->verdict, "row %d: verdict %s, want %s (%s)", _i, conf_verdict_name(res.verdict),
                  conf_verdict_name(row->verdict), res.detail);
    ck_assert_str_eq(res.clause, row->decided ? row->decided : row->clause);
    ck_assert_msg(res.mismatches == row->mismatches, "row %d: mismatches 0x%x, want 0x%x", _i, res.mismatches,
                  row->mismatches);
    if (row->detail[0]) ck_assert_msg(strstr(res.detail, row->detail) != NULL, "row %d: detail '%s'", _i, res.detail);
    else ck_assert_str_eq(res.detail, "");
    conf_scenario_free(sc);
}
END_TEST

/* A literal handle value that differs (both non-NULL) is a model choice: DIVERGE, not FAIL. */
START_TEST(literal_handle_value_mismatch_diverges) {
    conf_scenario *sc = one_call("{\"return\":4,\"status\":\"ERROR_SUCCESS\"}");
    conf_outcome o = {.family = SPEC_FAMILY_WIN32, .status = ST_ERROR_SUCCESS, .ret = 1, .has_last_error = true,
                      .clause = "IWIN32.CREATE.OK"};
    conf_check res;
    conf_check_step(&sc->steps[0], &o, NULL, NULL, sc, &res);
    ck_assert_int_eq(res.verdict, CONF_DIVERGE);
    ck_assert_str_eq(res.clause, "IWIN32.HANDLE.VALUES");
    ck_assert_str_eq(res.detail, "expected return 0x4, got 0x1");
    ck_assert_uint_eq(res.mismatches, CONF_MISMATCH_RETURN);
    o.ret = 0; /* NULL where a handle was expected is a failure of the strict clause */
    conf_check_step(&sc->steps[0], &o, NULL, NULL, sc, &res);
    ck_assert_int_eq(res.verdict, CONF_FAIL);
    ck_assert_str_eq(res.clause, "IWIN32.CREATE.OK");
    ck_assert_uint_eq(res.mismatches, CONF_MISMATCH_RETURN);
    conf_scenario_free(sc);
}
END_TEST

/* A handle value that differs together with the status or the last error is no value-only difference:
 * the deciding clause's level decides (strict: FAIL), whatever the detail's wording. */
START_TEST(handle_value_with_another_mismatch_follows_the_clause) {
    conf_scenario *sc = one_call("{\"return\":4,\"status\":\"ERROR_SUCCESS\",\"last_error\":\"ERROR_SUCCESS\"}");
    conf_outcome o = {.family = SPEC_FAMILY_WIN32, .status = ST_ERROR_ALREADY_EXISTS, .ret = 1, .has_last_error = true,
                      .last_error = ST_ERROR_SUCCESS, .clause = "IWIN32.CREATE.OK"};
    conf_check res;
    conf_check_step(&sc->steps[0], &o, NULL, NULL, sc, &res);
    ck_assert_int_eq(res.verdict, CONF_FAIL);
    ck_assert_str_eq(res.clause, "IWIN32.CREATE.OK");
    ck_assert_uint_eq(res.mismatches, CONF_MISMATCH_RETURN | CONF_MISMATCH_STATUS);
    ck_assert_str_eq(res.detail, "expected return 0x4, got 0x1; expected status ERROR_SUCCESS, got ERROR_ALREADY_EXISTS");
    o.status = ST_ERROR_SUCCESS; /* status as expected, last error not */
    o.last_error = ST_ERROR_ALREADY_EXISTS;
    conf_check_step(&sc->steps[0], &o, NULL, NULL, sc, &res);
    ck_assert_int_eq(res.verdict, CONF_FAIL);
    ck_assert_uint_eq(res.mismatches, CONF_MISMATCH_RETURN | CONF_MISMATCH_LAST_ERROR);
    ck_assert_str_eq(res.detail, "expected return 0x4, got 0x1; expected last error ERROR_SUCCESS, got ERROR_ALREADY_EXISTS");
    o.has_last_error = false; /* no last error at all */
    conf_check_step(&sc->steps[0], &o, NULL, NULL, sc, &res);
    ck_assert_int_eq(res.verdict, CONF_FAIL);
    ck_assert_uint_eq(res.mismatches, CONF_MISMATCH_RETURN | CONF_MISMATCH_LAST_ERROR);
    o.has_last_error = true; /* only the value: the model's choice */
    o.last_error = ST_ERROR_SUCCESS;
    conf_check_step(&sc->steps[0], &o, NULL, NULL, sc, &res);
    ck_assert_int_eq(res.verdict, CONF_DIVERGE);
    ck_assert_str_eq(res.clause, "IWIN32.HANDLE.VALUES");
    ck_assert_uint_eq(res.mismatches, CONF_MISMATCH_RETURN);
    conf_scenario_free(sc);
}
END_TEST

/* Every mismatch text at once, with codes the family has no name for (printed as numbers). */
START_TEST(mismatch_details_name_unknown_codes_and_missing_last_error) {
    conf_scenario *sc = one_call("{\"status\":\"ERROR_SUCCESS\",\"return\":\"non-null\","
                                 "\"last_error\":[\"ERROR_SUCCESS\",\"ERROR_ALREADY_EXISTS\"]}");
    conf_outcome o = {.family = SPEC_FAMILY_WIN32, .status = 0x1234, .ret = 0, .has_last_error = false,
                      .clause = "IWIN32.CREATE.OK"};
    conf_check res;
    conf_check_step(&sc->steps[0], &o, NULL, NULL, sc, &res);
    ck_assert_int_eq(res.verdict, CONF_FAIL);
    ck_assert_str_eq(res.detail, "undocumented status 0x1234 for RtCreateSharedMemory; "
                                 "expected return non-NULL, got NULL; expected status ERROR_SUCCESS, got 0x1234; "
                                 "expected last error ERROR_SUCCESS or ERROR_ALREADY_EXISTS, got none");
    o.status = ST_ERROR_SUCCESS; /* a known status, an unknown last error */
    o.ret = 4;
    o.has_last_error = true;
    o.last_error = 0xBEEF;
    conf_check_step(&sc->steps[0], &o, NULL, NULL, sc, &res);
    ck_assert_int_eq(res.verdict, CONF_FAIL);
    ck_assert_str_eq(res.detail, "expected last error ERROR_SUCCESS or ERROR_ALREADY_EXISTS, got 0xBEEF");
    o.last_error = ST_ERROR_ALREADY_EXISTS; /* and everything as expected */
    conf_check_step(&sc->steps[0], &o, NULL, NULL, sc, &res);
    ck_assert_int_eq(res.verdict, CONF_PASS);
    ck_assert_str_eq(res.detail, "");
    conf_scenario_free(sc);
}
END_TEST

START_TEST(step_without_expect_has_no_verdict) {
    const char *text = "{\"format\":\"rtshm-scenario/1\",\"id\":\"t\",\"title\":\"t\",\"steps\":["
                       "{\"as\":\"rt\",\"call\":\"RtCreateSharedMemory\",\"args\":{\"MaximumSizeLow\":1}}]}";
    conf_scenario *sc = NULL;
    char err[256];
    ck_assert_int_eq(conf_scenario_parse("t.json", text, strlen(text), &sc, err, sizeof err), 0);
    conf_outcome o = {.family = SPEC_FAMILY_WIN32, .status = ST_ERROR_SUCCESS, .ret = 4, .clause = "IWIN32.CREATE.OK"};
    conf_check res;
    conf_check_step(&sc->steps[0], &o, NULL, NULL, sc, &res);
    ck_assert_int_eq(res.verdict, CONF_NONE);
    ck_assert_str_eq(res.detail, "");
    conf_scenario_free(sc);
}
END_TEST

START_TEST(read_data_and_fault_are_compared) {
    const char *text =
        "{\"format\":\"rtshm-scenario/1\",\"id\":\"t\",\"title\":\"t\",\"steps\":["
        "{\"as\":\"rt\",\"call\":\"RtCreateSharedMemory\",\"args\":{\"MaximumSizeLow\":1},\"out\":{\"location\":\"p\"}},"
        "{\"as\":\"rt\",\"read\":{\"ptr\":\"$p\",\"length\":2},\"expect\":{\"data\":\"cafe\",\"fault\":\"none\"}},"
        "{\"as\":\"rt\",\"write\":{\"ptr\":\"$p\",\"hex\":\"00\"},\"expect\":{\"fault\":\"ACCESS_VIOLATION\"}}]}";
    conf_scenario *sc = NULL;
    char err[256];
    ck_assert_msg(conf_scenario_parse("t.json", text, strlen(text), &sc, err, sizeof err) == 0, "%s", err);
    uint64_t vars[1] = {0x10000000};
    unsigned char same[2] = {0xca, 0xfe}, other[2] = {0xca, 0xff};
    conf_outcome ok = {.family = SPEC_FAMILY_SIM, .status = ST_OK, .clause = "MEM.SHARED"};
    conf_check res;
    conf_check_step(&sc->steps[1], &ok, same, vars, sc, &res);
    ck_assert_int_eq(res.verdict, CONF_PASS);
    conf_check_step(&sc->steps[1], &ok, other, vars, sc, &res);
    ck_assert_int_eq(res.verdict, CONF_FAIL);
    ck_assert_str_eq(res.detail, "expected data differs: got caff");
    ck_assert_uint_eq(res.mismatches, CONF_MISMATCH_DATA);
    conf_check_step(&sc->steps[2], &ok, NULL, vars, sc, &res);
    ck_assert_int_eq(res.verdict, CONF_FAIL);
    ck_assert_str_eq(res.detail, "expected fault ACCESS_VIOLATION, got none");
    ck_assert_uint_eq(res.mismatches, CONF_MISMATCH_FAULT);
    conf_outcome av = {.family = SPEC_FAMILY_SIM, .status = ST_ACCESS_VIOLATION, .fault = true, .clause = "MEM.VIEW.FAULT"};
    conf_check_step(&sc->steps[2], &av, NULL, vars, sc, &res);
    ck_assert_int_eq(res.verdict, CONF_PASS);
    ck_assert_uint_eq(res.mismatches, 0);
    conf_check_step(&sc->steps[1], &av, NULL, vars, sc, &res); /* a read that faults: fault and data differ */
    ck_assert_int_eq(res.verdict, CONF_FAIL);                  /* MEM.VIEW.FAULT is strict */
    ck_assert_uint_eq(res.mismatches, CONF_MISMATCH_FAULT | CONF_MISMATCH_DATA);
    ck_assert_str_eq(res.detail, "expected fault none, got ACCESS_VIOLATION; expected data differs: got a fault");
    /* The same differences under the model's clauses (bytes nobody wrote, an address no view covers):
     * DIVERGE, not FAIL. */
    conf_outcome fresh = {.family = SPEC_FAMILY_SIM, .status = ST_OK, .clause = "IWIN32.CREATE.FRESH_MEMORY"};
    conf_check_step(&sc->steps[1], &fresh, other, vars, sc, &res);
    ck_assert_int_eq(res.verdict, CONF_DIVERGE);
    ck_assert_str_eq(res.clause, "IWIN32.CREATE.FRESH_MEMORY");
    conf_outcome outside = {.family = SPEC_FAMILY_SIM, .status = ST_ACCESS_VIOLATION, .fault = true, .clause = "MEM.VIEW.OUTSIDE"};
    conf_check_step(&sc->steps[1], &outside, NULL, vars, sc, &res);
    ck_assert_int_eq(res.verdict, CONF_DIVERGE);
    conf_scenario_free(sc);
}
END_TEST

START_TEST(return_compared_with_variables) {
    const char *text =
        "{\"format\":\"rtshm-scenario/1\",\"id\":\"t\",\"title\":\"t\",\"steps\":["
        "{\"as\":\"rt\",\"call\":\"RtCreateSharedMemory\",\"args\":{\"MaximumSizeLow\":1},\"out\":{\"return\":\"h\"}},"
        "{\"as\":\"rt\",\"call\":\"RtCreateSharedMemory\",\"args\":{\"MaximumSizeLow\":1},\"expect\":{\"return\":\"!$h\"}},"
        "{\"as\":\"rt\",\"call\":\"RtCreateSharedMemory\",\"args\":{\"MaximumSizeLow\":1},\"expect\":{\"return\":\"$h\"}}]}";
    conf_scenario *sc = NULL;
    char err[256];
    ck_assert_msg(conf_scenario_parse("t.json", text, strlen(text), &sc, err, sizeof err) == 0, "%s", err);
    uint64_t vars[1] = {0x4};
    conf_outcome o = {.family = SPEC_FAMILY_WIN32, .status = ST_ERROR_SUCCESS, .ret = 0x8, .clause = "IWIN32.CREATE.NULL_NAME"};
    conf_check res;
    conf_check_step(&sc->steps[1], &o, NULL, vars, sc, &res);
    ck_assert_int_eq(res.verdict, CONF_PASS);
    conf_check_step(&sc->steps[2], &o, NULL, vars, sc, &res);
    ck_assert_int_eq(res.verdict, CONF_FAIL);
    ck_assert_str_eq(res.detail, "expected return $h (0x4), got 0x8");
    conf_scenario_free(sc);
}
END_TEST

Suite *checker_suite(void) {
    Suite *s = suite_create("checker");
    TCase *tc = tcase_create("levels");
    tcase_add_loop_test(tc, verdict_follows_clause_level, 0, (int)(sizeof level_rows / sizeof level_rows[0]));
    tcase_add_test(tc, mismatch_details_name_unknown_codes_and_missing_last_error);
    tcase_add_test(tc, step_without_expect_has_no_verdict);
    tcase_add_test(tc, literal_handle_value_mismatch_diverges);
    tcase_add_test(tc, handle_value_with_another_mismatch_follows_the_clause);
    tcase_add_test(tc, read_data_and_fault_are_compared);
    tcase_add_test(tc, return_compared_with_variables);
    suite_add_tcase(s, tc);
    return s;
}
