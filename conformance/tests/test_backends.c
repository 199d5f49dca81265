/* conformance/tests/test_backends.c — third-party backends through the real CLI: the reference as a
 * library gives the in-process trace byte for byte; every mutant FAILs validation (mutation score
 * 100%); a crashing and a hanging backend give CRASH and TIMEOUT while the run goes on; a wrong
 * interface version is refused; unsupported families are SKIPped. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_harness.h"
#include "suites.h"

#define LIB(name) RTSHM_BACKEND_DIR "/librtshm_" name ".so"

static char out[1 << 20], err[1 << 16];

static void enter_source_dir(void) {
    ck_assert_int_eq(chdir(RTSHM_SOURCE_DIR), 0);
}

/* Item 3 of the backend contract: the interface carries everything — same canonical trace. */
START_TEST(reference_library_gives_identical_canonical_trace) {
    char db_in[512], db_so[512], j_in[512], j_so[512];
    snprintf(db_in, sizeof db_in, "%s", tmp_path("inproc.sqlite"));
    snprintf(db_so, sizeof db_so, "%s", tmp_path("library.sqlite"));
    snprintf(j_in, sizeof j_in, "%s", tmp_path("inproc.jsonl"));
    snprintf(j_so, sizeof j_so, "%s", tmp_path("library.jsonl"));
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db_in, "conformance/scenarios", NULL), 0);
    int rc = rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db_so, "--impl", LIB("reference_backend"),
                        "conformance/scenarios", NULL);
    ck_assert_msg(rc == 0, "exit %d\n%s%s", rc, out, err);
    char buf[128];
    ck_assert_str_eq(db_text(db_so, "SELECT implementation FROM runs", buf, sizeof buf), "reference (as a backend library)");
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "export", db_in, "-o", j_in, NULL), 0);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "export", db_so, "-o", j_so, NULL), 0);
    rc = rtshm_exec(out, sizeof out, err, sizeof err, "diff", j_in, j_so, NULL);
    ck_assert_msg(rc == 0, "the library's trace differs:\n%s", out);
    FILE *a = fopen(j_in, "rb"), *b = fopen(j_so, "rb");
    int ca, cb;
    do {
        ca = fgetc(a);
        cb = fgetc(b);
    } while (ca == cb && ca != EOF);
    fclose(a);
    fclose(b);
    ck_assert_int_eq(ca, cb);
}
END_TEST

/* Mutants: each breaks one documented behaviour; validate must FAIL the scenario that shows it. */
static const struct {
    const char *library, *scenario;
} mutants[] = {
    {LIB("mutant_case_insensitive"), "iwin32.create.names-are-case-sensitive"},
    {LIB("mutant_no_already_exists"), "iwin32.combo.object-outlives-its-creator"},
    {LIB("mutant_no_e_location"), "ntx.map.order-of-checks"},
    {LIB("mutant_no_ntx_cache"), "ntx.combo.handle-reused-after-free-without-unmap"},
    {LIB("mutant_unmap_keeps_view"), "iwin32.unmap.view-freed-handle-kept"},
    {LIB("mutant_detached_instance_accepted"), "rtk.attach.instance-valid-until-detach"},
    {LIB("mutant_last_close_keeps_object"), "iwin32.close.last-handle-destroys-object"},
    {LIB("mutant_write_on_readonly"), "rtk.open.write-needs-readwrite-object"},
    {LIB("mutant_handles_kept_after_exit"), "iwin32.close.process-exit-closes-its-handles"},
    {LIB("mutant_undocumented_status"), "iwin32.open.missing-name-fails"},
    {LIB("mutant_readonly_mapex_writable"), "ntx.map.e-state-after-read-only-mapping"},
};

START_TEST(validate_fails_every_mutant) {
    char db[512];
    snprintf(db, sizeof db, "%s", tmp_path("mutant.sqlite"));
    int rc = rtshm_exec(out, sizeof out, err, sizeof err, "validate", "--impl", mutants[_i].library, "--db", db,
                        "--filter", mutants[_i].scenario, "conformance/scenarios", NULL);
    ck_assert_msg(rc == 1, "%s survived (exit %d):\n%s%s", mutants[_i].library, rc, out, err);
    ck_assert_msg(strstr(out, "FAILED (1 scenarios failed") != NULL, "%s", out);
    char sql[512], buf[64];
    snprintf(sql, sizeof sql, "SELECT verdict FROM scenarios WHERE run_id = 2 AND scenario = '%s'", mutants[_i].scenario);
    ck_assert_str_eq(db_text(db, sql, buf, sizeof buf), "FAIL");
    snprintf(sql, sizeof sql, "SELECT verdict FROM scenarios WHERE run_id = 1 AND scenario = '%s'", mutants[_i].scenario);
    ck_assert_str_eq(db_text(db, sql, buf, sizeof buf), "PASS"); /* the reference passes the same scenario */
    ck_assert_int_ge(db_int(db, "SELECT COUNT(*) FROM steps WHERE run_id = 2 AND verdict = 'FAIL'"), 1);
    ck_assert_msg(strstr(out, "level             pass  diverge   fail\n") != NULL, "%s", out);
}
END_TEST

START_TEST(crashing_backend_is_crash_and_the_run_goes_on) {
    char db[512];
    snprintf(db, sizeof db, "%s", tmp_path("crash.sqlite"));
    int rc = rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db, "--impl", LIB("mutant_crash_on_close"),
                        "--filter", "iwin32.close.*", "conformance/scenarios", NULL);
    ck_assert_int_eq(rc, 1);
    char buf[512];
    ck_assert_str_eq(db_text(db, "SELECT state FROM runs", buf, sizeof buf), "complete");
    ck_assert_int_ge(db_int(db, "SELECT COUNT(*) FROM scenarios WHERE verdict = 'CRASH'"), 4);
    ck_assert_str_eq(db_text(db, "SELECT message FROM scenarios WHERE scenario = 'iwin32.close.invalid-handle-fails'", buf,
                             sizeof buf),
                     "the backend died of signal 11 (Segmentation fault) in step 0 (CloseHandle)");
    /* every scenario of the selection was recorded, crashed or not */
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM scenarios"), db_int(db, "SELECT COUNT(*) FROM scenarios WHERE "
                                                                              "scenario LIKE 'iwin32.close.%'"));
    ck_assert_int_ge(db_int(db, "SELECT COUNT(*) FROM scenarios"), 6);
    ck_assert_msg(strstr(out, "CRASH   iwin32.close.invalid-handle-fails  (0 steps)") != NULL, "%s", out);
}
END_TEST

START_TEST(hanging_backend_is_timeout) {
    char db[512];
    snprintf(db, sizeof db, "%s", tmp_path("hang.sqlite"));
    int rc = rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db, "--impl", LIB("mutant_hang_on_getlasterror"),
                        "--timeout", "1", "--filter", "iwin32.create.exists-*", "conformance/scenarios", NULL);
    ck_assert_int_eq(rc, 1);
    char buf[512];
    ck_assert_str_eq(db_text(db, "SELECT verdict || ': ' || message FROM scenarios WHERE scenario = "
                                 "'iwin32.create.exists-returns-already-exists'",
                             buf, sizeof buf),
                     "TIMEOUT: no answer within 1 s in step 2 (GetLastError); the backend was killed");
    /* a scenario without GetLastError still passes in the same run */
    ck_assert_str_eq(db_text(db, "SELECT verdict FROM scenarios WHERE scenario = 'iwin32.create.exists-keeps-creator-size'",
                             buf, sizeof buf),
                     "PASS");
}
END_TEST

START_TEST(wrong_interface_version_is_refused) {
    int rc = rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", tmp_path("never.sqlite"), "--impl",
                        LIB("mutant_wrong_version"), "conformance/scenarios/iwin32", NULL);
    ck_assert_int_eq(rc, 2);
    ck_assert_msg(strstr(err, "backend interface version 99 (table size") != NULL, "%s", err);
    ck_assert_msg(strstr(err, "this rtshm speaks version 1") != NULL, "%s", err);
    rc = rtshm_exec(out, sizeof out, err, sizeof err, "run", "--impl", "/nonexistent/lib.so", "conformance/scenarios", NULL);
    ck_assert_int_eq(rc, 2);
    ck_assert_msg(strstr(err, "/nonexistent/lib.so: cannot load") != NULL, "%s", err);
}
END_TEST

/* The POSIX backend declares iwin32, rtx64 and rtk only: NTX scenarios are SKIPped with the reason,
 * and a SKIP does not fail the run; its real shared memory passes the memory-sharing scenarios. */
START_TEST(posix_backend_skips_ntx_and_shares_real_memory) {
    char db[512], buf[512];
    snprintf(db, sizeof db, "%s", tmp_path("posix.sqlite"));
    int rc = rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db, "--impl", LIB("posix"), "--filter",
                        "ntx.map.e-*", "conformance/scenarios", NULL);
    ck_assert_msg(rc == 0, "exit %d\n%s%s", rc, out, err);
    ck_assert_int_ge(db_int(db, "SELECT COUNT(*) FROM scenarios WHERE verdict = 'SKIP'"), 4);
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM scenarios WHERE verdict != 'SKIP'"), 0);
    ck_assert_msg(strstr(db_text(db, "SELECT message FROM scenarios LIMIT 1", buf, sizeof buf),
                         "posix 0.1.0 (shm_open/mmap, sem_open) does not support the ") != NULL,
                  "%s", buf);
    snprintf(db, sizeof db, "%s", tmp_path("posix2.sqlite"));
    rc = rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db, "--impl", LIB("posix"), "--filter",
                    "iwin32.mem.all-views-see-same-bytes", "conformance/scenarios", NULL);
    ck_assert_msg(rc == 0, "exit %d\n%s%s", rc, out, err);
    ck_assert_str_eq(db_text(db, "SELECT verdict FROM scenarios", buf, sizeof buf), "PASS");
}
END_TEST

Suite *backends_suite(void) {
    Suite *s = suite_create("backends");
    TCase *tc = tcase_create("backends");
    tcase_set_timeout(tc, 300);
    tcase_add_checked_fixture(tc, enter_source_dir, NULL);
    tcase_add_test(tc, reference_library_gives_identical_canonical_trace);
    tcase_add_loop_test(tc, validate_fails_every_mutant, 0, (int)(sizeof mutants / sizeof mutants[0]));
    tcase_add_test(tc, crashing_backend_is_crash_and_the_run_goes_on);
    tcase_add_test(tc, hanging_backend_is_timeout);
    tcase_add_test(tc, wrong_interface_version_is_refused);
    tcase_add_test(tc, posix_backend_skips_ntx_and_shares_real_memory);
    suite_add_tcase(s, tc);
    return s;
}
