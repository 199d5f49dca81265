/* conformance/tests/test_cli_resume.c — `run --resume` checks its command line against the interrupted
 * run (seed, filters, shard, implementation and its library file, corpus, each scenario file) and refuses
 * a run whose process is alive (the live-run lock, traces/runlock.h), naming what; through the real binary. */
#include <check.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_harness.h"
#include "conf/cli.h"
#include "conf/sha256.h"
#include "suites.h"
#include "test_cli_db.h"
#include "traces/runlock.h"
#include "traces/trace.h"

static char out_buf[CAP], err_buf[CAP];

/* A recorded run of the iwin32 folder made to look killed: state 'running', and its newest scenario's rows
 * gone (as when the process died inside that scenario's transaction). Returns the trace's path. */
static const char *killed_run(const char *name) {
    cli_enter_source_tree();
    const char *db = kept_tmp_path(name);
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", db, IWIN32, NULL), 0);
    sql_file(db, "CREATE TEMP TABLE last AS SELECT MAX(scenario) AS id FROM scenarios;"
                 "DELETE FROM steps WHERE scenario = (SELECT id FROM last);"
                 "DELETE FROM findings WHERE scenario = (SELECT id FROM last);"
                 "DELETE FROM scenario_clauses WHERE scenario = (SELECT id FROM last);"
                 "DELETE FROM scenarios WHERE scenario = (SELECT id FROM last);"
                 "UPDATE runs SET state = 'running'");
    return db;
}

/* --resume refuses, naming the difference, another seed, filter, shard, implementation or corpus; it
 * finishes the run when the command line is the interrupted one's, and the export is then the
 * uninterrupted run's. */
START_TEST(resume_refuses_other_inputs_and_finishes_the_same) {
    const char *db = killed_run("resume.sqlite");
    char expected[2048];
    const struct {
        const char *argv[6];
        const char *why;
    } refusals[] = {
        {{"--seed", "7", IWIN32, NULL}, "the seed differs: 1 then, 7 now"},
        {{"--filter", "iwin32.close*", IWIN32, NULL}, "the --filter globs differ: [] then, [\"iwin32.close*\"] now"},
        {{"--shard", "1/2", IWIN32, NULL}, "the shard differs: none then, 1/2 now"},
        {{"--impl", RTSHM_BACKEND_DIR "/librtshm_reference_backend.so", IWIN32, NULL},
         "the implementation differs: reference then, reference (as a backend library) now"},
        {{IWIN32, "conformance/scenarios/ntx", NULL}, "the selection differs in "},
    };
    for (size_t i = 0; i < sizeof refusals / sizeof refusals[0]; i++) {
        const char *const *a = refusals[i].argv;
        ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--resume", "--db", db, a[0],
                                    a[1], a[2], a[3], NULL),
                         RTSHM_EXIT_INPUT);
        snprintf(expected, sizeof expected, "rtshm: %s: run 1 cannot be resumed: %s", db, refusals[i].why);
        ck_assert_msg(strncmp(err_buf, expected, strlen(expected)) == 0, "%s\nwanted: %s", err_buf, expected);
    }
    /* the last one names the first scenario the added folder brings */
    ck_assert_msg(strstr(err_buf, " scenarios, the first: scenario ntx.") != NULL, "%s", err_buf);
    ck_assert_msg(strstr(err_buf, " is selected now and was not then\n") != NULL, "%s", err_buf);
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM runs"), 1);
    /* the same command line: resumed, the missing scenario run now, the export the uninterrupted one's */
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--resume", "--db", db, IWIN32,
                                NULL),
                     0);
    ck_assert_msg(strstr(err_buf, "rtshm: resuming run 1 (seed 1)\n") != NULL, "%s", err_buf);
    ck_assert_msg(strstr(err_buf, "scenarios were already recorded, 1 run now\n") != NULL, "%s", err_buf);
    const char *whole = kept_tmp_path("whole.sqlite");
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", whole, IWIN32, NULL), 0);
    char a[CAP], b[CAP];
    ck_assert_int_eq(rtshm_exec(a, sizeof a, err_buf, sizeof err_buf, "export", db, NULL), 0);
    ck_assert_int_eq(rtshm_exec(b, sizeof b, err_buf, sizeof err_buf, "export", whole, NULL), 0);
    ck_assert_str_eq(a, b);
}
END_TEST

/* A scenario file changed since the run: --resume names it. */
START_TEST(resume_names_a_changed_scenario_file) {
    cli_enter_source_tree();
    const char *folder = kept_tmp_path("corpus");
    char copy[1024], file[1200];
    snprintf(copy, sizeof copy, "mkdir -p %s && cp " SCENARIO " %s/", folder, folder);
    ck_assert_int_eq(system(copy), 0);
    const char *db = kept_tmp_path("changed.sqlite");
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", db, folder, NULL), 0);
    sql_file(db, "UPDATE runs SET state = 'interrupted'");
    snprintf(file, sizeof file, "%s/iwin32.close.invalid-handle-fails.json", folder);
    FILE *f = fopen(file, "a");
    ck_assert_ptr_nonnull(f);
    fputs("\n", f); /* the same scenario, another file */
    fclose(f);
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--resume", "--db", db, folder,
                                NULL),
                     RTSHM_EXIT_INPUT);
    char expected[2048];
    snprintf(expected, sizeof expected,
             "rtshm: %s: run 1 cannot be resumed: the selection differs: scenario iwin32.close.invalid-handle-fails has "
             "another file now (SHA-256)\n",
             db);
    ck_assert_str_eq(err_buf, expected);
}
END_TEST

/* The backend library's file changed since the interrupted run: --resume names it (its SHA-256). */
START_TEST(resume_refuses_a_changed_library) {
    cli_enter_source_tree();
    const char *lib = kept_tmp_path("backend.so"), *db = kept_tmp_path("lib.sqlite");
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "cp " RTSHM_BACKEND_DIR "/librtshm_reference_backend.so %s", lib);
    ck_assert_int_eq(system(cmd), 0);
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--impl", lib, "--db", db,
                                SCENARIO, NULL),
                     0);
    sql_file(db, "UPDATE runs SET state = 'interrupted'");
    FILE *f = fopen(lib, "ab");
    ck_assert_ptr_nonnull(f);
    fputs("another build", f); /* trailing bytes: still loadable, another file */
    fclose(f);
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--resume", "--impl", lib,
                                "--db", db, SCENARIO, NULL),
                     RTSHM_EXIT_INPUT);
    char expected[2048];
    snprintf(expected, sizeof expected,
             "rtshm: %s: run 1 cannot be resumed: the implementation's library file differs: SHA-256 %.12s... then, ",
             db, db_text(db, "SELECT impl_sha256 FROM run_inputs", cmd, sizeof cmd));
    ck_assert_msg(strncmp(err_buf, expected, strlen(expected)) == 0, "%s\nwanted: %s", err_buf, expected);
}
END_TEST

/* A run whose lock a live process holds is not resumed: "run N is still running (pid P)". Here this test
 * process holds run 1's lock (traces/runlock.h), as the recording rtshm would. A run recorded without its
 * inputs is refused too. */
START_TEST(resume_refuses_a_live_run_and_an_unchecked_one) {
    const char *db = killed_run("live.sqlite");
    trace_lock *lock = NULL;
    char err[512], expected[2048];
    ck_assert_int_eq(trace_lock_open(db, &lock, err, sizeof err), 0);
    long holder = -1;
    ck_assert_int_eq(trace_lock_run(lock, 1, &holder), 0);
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--resume", "--db", db, IWIN32,
                                NULL),
                     RTSHM_EXIT_INPUT);
    snprintf(expected, sizeof expected,
             "rtshm: %s: run 1 is still running (pid %ld); --resume is for a run whose process is gone\n", db,
             (long)getpid());
    ck_assert_str_eq(err_buf, expected);
    /* doctor says the same */
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "doctor", db, NULL), 0);
    snprintf(expected, sizeof expected, "  run 1  reference  running (pid %ld): ", (long)getpid());
    ck_assert_msg(strstr(out_buf, expected) != NULL, "%s", out_buf);
    trace_lock_close(lock);
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "doctor", db, NULL), 0);
    ck_assert_msg(strstr(out_buf, "  run 1  reference  running, no process: killed: ") != NULL, "%s", out_buf);

    sql_file(db, "DELETE FROM run_inputs");
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--resume", "--db", db, IWIN32,
                                NULL),
                     RTSHM_EXIT_INPUT);
    snprintf(expected, sizeof expected,
             "rtshm: %s: run 1 cannot be resumed: it was recorded without its inputs (by an older rtshm), so what it "
             "ran cannot be checked; start a new run\n",
             db);
    ck_assert_str_eq(err_buf, expected);
}
END_TEST

Suite *cli_resume_suite(void) {
    Suite *s = suite_create("cli_resume");
    TCase *resume = tcase_create("resume");
    tcase_set_timeout(resume, 120);
    tcase_add_test(resume, resume_refuses_other_inputs_and_finishes_the_same);
    tcase_add_test(resume, resume_names_a_changed_scenario_file);
    tcase_add_test(resume, resume_refuses_a_changed_library);
    tcase_add_test(resume, resume_refuses_a_live_run_and_an_unchecked_one);
    suite_add_tcase(s, resume);
    return s;
}
