/* conformance/tests/hostile/test_hostile.c — the hostile-backend suite: `rtshm run` on each library of
 * hostile.c (one behaviour each) over scenarios/ (hostile.fires, where the behaviour fires in step 2,
 * then hostile.quiet). Each test asserts the exact verdict and message recorded, that the run ended
 * within its bound (a bound on a hang, not a speed figure), that no process of the run is left (the
 * pids the library wrote into $RTSHM_HOSTILE_PIDS are gone), and that the trace passes
 * PRAGMA integrity_check. Then: a crash keeps the finished steps and a `died` row,
 * --continue-after-crash goes on after it, --jobs 2 exports the same bytes as --jobs 1, and a fork server
 * killed mid-run is started again (up to a limit, then the scenarios left are ERROR). */
#define _GNU_SOURCE
#include <check.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli_harness.h"

#define LIB(name) RTSHM_HOSTILE_DIR "/librtshm_hostile_" name ".so"
#define SCENARIOS RTSHM_SOURCE_DIR "/conformance/tests/hostile/scenarios"
#define CAP 65536

static char out[CAP], err[CAP];
static char db[512], pids[512];

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Runs `rtshm run --db <fresh> --impl lib --timeout timeout_s [extra] SCENARIOS` with
 * $RTSHM_HOSTILE_PIDS set; returns the exit code and asserts it ended within bound_s. */
static int run_hostile(const char *lib, const char *timeout_s, const char *extra, double bound_s) {
    snprintf(db, sizeof db, "%s", kept_tmp_path("hostile.sqlite"));
    snprintf(pids, sizeof pids, "%s", kept_tmp_path("pids"));
    char side[600];
    unlink(db);
    unlink(pids);
    snprintf(side, sizeof side, "%s-wal", db);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", db);
    unlink(side);
    setenv("RTSHM_HOSTILE_PIDS", pids, 1);
    double t0 = now_s();
    int rc = extra ? rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db, "--impl", lib, "--timeout",
                                timeout_s, extra, SCENARIOS, NULL)
                   : rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db, "--impl", lib, "--timeout",
                                timeout_s, SCENARIOS, NULL);
    double took = now_s() - t0;
    ck_assert_msg(took < bound_s, "the run took %.1f s (bound %.0f s)\n%s%s", took, bound_s, out, err);
    return rc;
}

/* Every pid in the pids file is gone (waiting up to 2 s each for a killed one to be reaped by init). */
static void assert_no_process_left(int expected_pids) {
    FILE *f = fopen(pids, "r");
    int pid, count = 0;
    while (f && fscanf(f, "%d", &pid) == 1) {
        count++;
        bool gone = false;
        for (int i = 0; i < 200 && !gone; i++) {
            char stat[64], state = '?';
            snprintf(stat, sizeof stat, "/proc/%d/stat", pid);
            FILE *s = fopen(stat, "r");
            if (s && fscanf(s, "%*d %*s %c", &state) != 1) state = '?';
            if (s) fclose(s);
            gone = (kill(pid, 0) != 0 && errno == ESRCH) || state == 'Z';
            if (!gone) usleep(10 * 1000);
        }
        ck_assert_msg(gone, "process %d of the run is still there", pid);
    }
    if (f) fclose(f);
    ck_assert_int_eq(count, expected_pids);
}

static void assert_trace_sound(void) {
    char buf[64];
    ck_assert_str_eq(db_text(db, "PRAGMA integrity_check", buf, sizeof buf), "ok");
    ck_assert_str_eq(db_text(db, "SELECT state FROM runs", buf, sizeof buf), "complete");
    ck_assert_str_eq(db_text(db, "SELECT verdict FROM scenarios WHERE scenario = 'hostile.quiet'", buf, sizeof buf), "PASS");
}

/* The verdict and message of hostile.fires, "VERDICT: message". */
static const char *fires(void) {
    static char buf[1024];
    return db_text(db, "SELECT verdict || ': ' || COALESCE(message, '') FROM scenarios WHERE scenario = 'hostile.fires'",
                   buf, sizeof buf);
}

/* The rows of hostile.fires: steps 0 and 1 PASS, step 2 `died` (its arguments, the reference's clause). */
static void assert_died_in_step_2(const char *died) {
    char buf[512];
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM steps WHERE scenario = 'hostile.fires'"), 3);
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM steps WHERE scenario = 'hostile.fires' AND verdict = 'PASS' "
                                "AND died IS NULL AND seq < 2"), 2);
    ck_assert_str_eq(db_text(db, "SELECT died || ' ' || verdict || ' ' || clause || ' ' || args FROM steps WHERE "
                                 "scenario = 'hostile.fires' AND seq = 2", buf, sizeof buf),
                     died);
}

START_TEST(exit0_in_a_call_is_error) {
    const char *libs[] = {LIB("exit0"), LIB("_exit0")};
    for (int i = 0; i < 2; i++) {
        ck_assert_int_eq(run_hostile(libs[i], "10", NULL, 30), 1);
        ck_assert_str_eq(fires(), "ERROR: the backend exited with status 0 during step 2 (RtCreateSharedMemory)");
        assert_died_in_step_2("ERROR NONE IWIN32.CREATE.OK {\"MaximumSizeHigh\":0,\"MaximumSizeLow\":4096,\"flProtect\":4,"
                              "\"location\":\"out\",\"lpName\":\"C\"}");
        ck_assert_msg(strstr(out, "2 scenarios: 1 PASS, 0 FAIL, 0 DIVERGE, 1 ERROR") != NULL, "%s", out);
        assert_trace_sound();
        assert_no_process_left(1);
    }
}
END_TEST

START_TEST(crash_in_a_call_keeps_the_finished_steps) {
    ck_assert_int_eq(run_hostile(LIB("segv"), "10", NULL, 30), 1);
    ck_assert_str_eq(fires(), "CRASH: the backend died of signal 11 (Segmentation fault) in step 2 (RtCreateSharedMemory)");
    assert_died_in_step_2("CRASH NONE IWIN32.CREATE.OK {\"MaximumSizeHigh\":0,\"MaximumSizeLow\":4096,\"flProtect\":4,"
                          "\"location\":\"out\",\"lpName\":\"C\"}");
    assert_trace_sound();
    assert_no_process_left(1);
    /* --continue-after-crash: a fresh child replays steps 0 and 1 and runs step 3 */
    ck_assert_int_eq(run_hostile(LIB("segv"), "10", "--continue-after-crash", 30), 1);
    ck_assert_str_eq(fires(), "CRASH: the backend died of signal 11 (Segmentation fault) in step 2 (RtCreateSharedMemory); "
                              "--continue-after-crash: restarted 1 time, 1 step ran after a restart");
    char buf[256];
    ck_assert_str_eq(db_text(db, "SELECT group_concat(seq || ':' || verdict || ':' || COALESCE(after_restart, '-') || ':' || "
                                 "COALESCE(died, '-'), ' ') FROM (SELECT * FROM steps WHERE scenario = 'hostile.fires' "
                                 "ORDER BY seq)", buf, sizeof buf),
                     "0:PASS:-:- 1:PASS:-:- 2:NONE:-:CRASH 3:PASS:1:-");
    ck_assert_int_eq(db_int(db, "SELECT steps FROM scenarios WHERE scenario = 'hostile.fires'"), 4);
    assert_trace_sound();
    assert_no_process_left(1);
}
END_TEST

START_TEST(crash_or_hang_while_loading_is_an_error_naming_the_library) {
    static const struct {
        const char *lib, *timeout, *message;
    } cases[] = {
        {LIB("abort_entry"), "10", "the backend library crashed while loading: signal 6 (Aborted)"},
        {LIB("segv_entry"), "10", "the backend library crashed while loading: signal 11 (Segmentation fault)"},
        {LIB("hang_ctor"), "1", "the backend library did not finish loading within 1 s (a constructor or "
                                "rtshm_backend_entry hangs?); it was killed"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ck_assert_int_eq(run_hostile(cases[i].lib, cases[i].timeout, NULL, 10), 2);
        char expected[512];
        snprintf(expected, sizeof expected, "rtshm: --impl %s: %s", cases[i].lib, cases[i].message);
        ck_assert_msg(strncmp(err, expected, strlen(expected)) == 0, "%s", err);
        ck_assert_int_eq(access(db, F_OK), -1); /* nothing was recorded */
        assert_no_process_left(1);
    }
}
END_TEST

START_TEST(closed_descriptors_do_not_hold_the_run) {
    ck_assert_int_eq(run_hostile(LIB("close_fds_block"), "1", NULL, 10), 1);
    ck_assert_str_eq(fires(), "TIMEOUT: no answer within 1 s in step 2 (RtCreateSharedMemory); the backend was killed "
                              "(it had closed rtshm's pipe)");
    assert_trace_sound();
    assert_no_process_left(1);
    ck_assert_int_eq(run_hostile(LIB("close_fds_sleep"), "10", NULL, 10), 1);
    ck_assert_str_eq(fires(), "ERROR: the backend closed rtshm's pipe during step 2 (RtCreateSharedMemory): its child "
                              "could not report any more");
    assert_trace_sound();
    assert_no_process_left(1);
}
END_TEST

START_TEST(grandchildren_and_daemons_change_nothing_and_are_killed) {
    const char *libs[] = {LIB("grandchild_pipe"), LIB("daemonise")};
    for (int i = 0; i < 2; i++) {
        ck_assert_int_eq(run_hostile(libs[i], "5", NULL, 20), 0); /* they sleep 60 s: never waited for */
        ck_assert_str_eq(fires(), "PASS: ");
        assert_trace_sound();
        assert_no_process_left(2);
    }
}
END_TEST

START_TEST(chdir_does_not_affect_the_harness) {
    ck_assert_int_eq(run_hostile(LIB("chdir"), "10", NULL, 30), 0);
    ck_assert_str_eq(fires(), "PASS: ");
    assert_trace_sound();
    assert_no_process_left(1);
}
END_TEST

START_TEST(memory_limit_is_reported) {
    ck_assert_int_eq(run_hostile(LIB("malloc"), "20", "--memory-limit=64M", 60), 1);
    const char *expected = "CRASH: the backend died of signal 6 (Aborted) in step 2 (RtCreateSharedMemory); the backend "
                           "exceeded the memory limit of 64 MiB (--memory-limit: its resident memory grew by ";
    ck_assert_msg(strncmp(fires(), expected, strlen(expected)) == 0, "%s", fires());
    assert_trace_sound();
    assert_no_process_left(1);
}
END_TEST

START_TEST(backend_output_is_captured_not_printed) {
    ck_assert_int_eq(run_hostile(LIB("print"), "10", NULL, 30), 0);
    ck_assert_str_eq(fires(), "PASS: ");
    ck_assert_ptr_null(strstr(out, "xxxx"));
    ck_assert_ptr_null(strstr(err, "xxxx"));
    /* 10 bytes, then 2 x 1000 lines of 100 bytes: the first 64 KiB kept (ESC and 0xFF escaped as \xNN,
     * 3 more characters each), the rest counted */
    char buf[128];
    ck_assert_int_eq(db_int(db, "SELECT length(backend_output) FROM scenarios WHERE scenario = 'hostile.fires'"),
                     65536 + 6 + (int64_t)strlen("\n[rtshm: 134474 more bytes were not kept]"));
    ck_assert_str_eq(db_text(db, "SELECT substr(backend_output, 1, 17) FROM scenarios WHERE scenario = 'hostile.fires'",
                             buf, sizeof buf),
                     "\\x1b[1mbold\\xff\nx");
    ck_assert_str_eq(db_text(db, "SELECT substr(backend_output, 65543) FROM scenarios WHERE scenario = 'hostile.fires'",
                             buf, sizeof buf),
                     "\n[rtshm: 134474 more bytes were not kept]");
    ck_assert_int_eq(db_int(db, "SELECT backend_output IS NULL FROM scenarios WHERE scenario = 'hostile.quiet'"), 1);
    assert_trace_sound();
    assert_no_process_left(1);
}
END_TEST

/* SIGTERM and SIGINT stop a run within a second even while the backend blocks with rtshm's pipe closed:
 * the run is 'interrupted', nothing of the scenario in progress is kept, its processes are killed. */
START_TEST(signals_interrupt_within_a_second) {
    const int signals[2] = {SIGTERM, SIGINT};
    for (int i = 0; i < 2; i++) {
        snprintf(db, sizeof db, "%s", kept_tmp_path(i ? "int.sqlite" : "term.sqlite"));
        snprintf(pids, sizeof pids, "%s", kept_tmp_path(i ? "int.pids" : "term.pids"));
        setenv("RTSHM_HOSTILE_PIDS", pids, 1);
        pid_t pid = fork();
        if (pid == 0) {
            int null = open("/dev/null", O_WRONLY);
            dup2(null, STDOUT_FILENO);
            dup2(null, STDERR_FILENO);
            execl(RTSHM_BIN, RTSHM_BIN, "run", "--db", db, "--impl", LIB("close_fds_block"), "--timeout", "600", SCENARIOS,
                  (char *)NULL);
            _exit(127);
        }
        ck_assert_int_gt(pid, 0);
        struct stat st = {0};
        for (int wait = 0; wait < 1000 && (stat(pids, &st) != 0 || st.st_size == 0); wait++) usleep(10 * 1000);
        ck_assert_int_gt(st.st_size, 0); /* it fired: its pid is written, it blocks with rtshm's pipe closed */
        double t0 = now_s();
        kill(pid, signals[i]);
        int status = 0;
        while (waitpid(pid, &status, WNOHANG) == 0 && now_s() - t0 < 5) usleep(5 * 1000);
        double took = now_s() - t0;
        ck_assert_msg(took < 1.0, "rtshm took %.2f s to stop after signal %d", took, signals[i]);
        ck_assert(WIFEXITED(status));
        ck_assert_int_eq(WEXITSTATUS(status), 3);
        char buf[64];
        ck_assert_str_eq(db_text(db, "SELECT state FROM runs", buf, sizeof buf), "interrupted");
        char what[512];
        ck_assert_msg(db_int(db, "SELECT COUNT(*) FROM scenarios") == 0, "signal %d: recorded %s", signals[i],
                      db_text(db, "SELECT group_concat(scenario || ' ' || verdict || ' ' || COALESCE(message, ''))"
                                  " FROM scenarios", what, sizeof what));
        ck_assert_str_eq(db_text(db, "PRAGMA integrity_check", buf, sizeof buf), "ok");
        assert_no_process_left(1);
    }
}
END_TEST

/* Writes count copies of hostile.fires into dir as k1.json.. (ids hostile.kill.1..), then hostile.quiet
 * as z.json: a corpus in which every scenario but the last kills the fork server in its step 2. */
static void write_kill_corpus(const char *dir, int count) {
    mkdir(dir, 0700);
    static char text[8192];
    FILE *f = fopen(SCENARIOS "/hostile.fires.json", "r");
    ck_assert_ptr_nonnull(f);
    size_t len = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[len] = '\0';
    char *id = strstr(text, "\"hostile.fires\"");
    ck_assert_ptr_nonnull(id);
    for (int k = 1; k <= count; k++) {
        char path[600];
        snprintf(path, sizeof path, "%s/k%d.json", dir, k);
        f = fopen(path, "w");
        ck_assert_ptr_nonnull(f);
        fprintf(f, "%.*s\"hostile.kill.%d\"%s", (int)(id - text), text, k, id + strlen("\"hostile.fires\""));
        fclose(f);
    }
    char path[600], cmd[1400];
    snprintf(path, sizeof path, "%s/z.json", dir);
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", SCENARIOS "/hostile.quiet.json", path);
    ck_assert_int_eq(system(cmd), 0);
}

/* A fork server killed mid-run is started again: the scenario that killed it goes on (its child is
 * rtshm's), the next ones run on a new server; after ISO_MAX_SERVER_RESTARTS (3) restarts, the scenarios
 * left are ERROR saying why, with no step rows. Each scenario's child kills the server that forked it;
 * the next scenario's child may have been forked by that server already (rtshm holds one ahead), so a
 * server serves one or two of them: of 9 such scenarios and a quiet one, 4 to 8 PASS, then the rest is
 * ERROR, the last two always. */
START_TEST(a_killed_fork_server_is_restarted_up_to_a_limit) {
    ck_assert_int_eq(run_hostile(LIB("kill_server"), "10", "--jobs=1", 30), 0);
    ck_assert_str_eq(fires(), "PASS: ");
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM steps WHERE scenario = 'hostile.fires' AND verdict = 'PASS'"), 4);
    char buf[2048];
    ck_assert_str_eq(db_text(db, "SELECT verdict FROM scenarios WHERE scenario = 'hostile.quiet'", buf, sizeof buf), "PASS");
    assert_trace_sound();
    assert_no_process_left(1);
    /* nine scenarios that each kill the server, then a quiet one */
    char dir[512];
    snprintf(dir, sizeof dir, "%s", kept_tmp_path("kill-corpus"));
    write_kill_corpus(dir, 9);
    snprintf(db, sizeof db, "%s", kept_tmp_path("kill.sqlite"));
    snprintf(pids, sizeof pids, "%s", kept_tmp_path("kill.pids"));
    unlink(pids);
    setenv("RTSHM_HOSTILE_PIDS", pids, 1);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db, "--impl", LIB("kill_server"),
                                "--jobs=1", dir, NULL), 1);
    const char *gone = "cannot start the backend's child: the fork server died of signal 9 (Killed), and it was "
                       "started again 3 times already (the limit)";
    ck_assert_msg(strstr(out, gone) != NULL, "%s", out);
    int64_t passed = db_int(db, "SELECT COUNT(*) FROM scenarios WHERE verdict = 'PASS' AND steps = 4 AND message IS NULL");
    ck_assert_msg(passed >= 4 && passed <= 8, "%lld PASS", (long long)passed);
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM scenarios WHERE verdict = 'ERROR' AND steps = 0 AND message = "
                                "'cannot start the backend''s child: the fork server died of signal 9 (Killed), and it "
                                "was started again 3 times already (the limit)'"),
                     10 - passed);
    /* the PASSes come first (file order), the two last are always ERROR, and an ERROR has no step row */
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM scenarios WHERE verdict = 'PASS' AND scenario > "
                                "(SELECT MIN(scenario) FROM scenarios WHERE verdict = 'ERROR')"), 0);
    ck_assert_str_eq(db_text(db, "SELECT group_concat(verdict, ' ') FROM (SELECT verdict FROM scenarios WHERE scenario "
                                 "IN ('hostile.kill.9', 'hostile.quiet') ORDER BY scenario)", buf, sizeof buf),
                     "ERROR ERROR");
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM steps WHERE scenario IN (SELECT scenario FROM scenarios WHERE "
                                "verdict = 'ERROR')"), 0);
    ck_assert_str_eq(db_text(db, "PRAGMA integrity_check", buf, sizeof buf), "ok");
    ck_assert_str_eq(db_text(db, "SELECT state FROM runs", buf, sizeof buf), "complete");
    assert_no_process_left((int)passed);
}
END_TEST

/* --jobs 2 records the same bytes as --jobs 1 (the corpus on the reference backend library), and both
 * the same as the in-process run's scenarios. */
START_TEST(jobs_2_exports_the_same_bytes_as_jobs_1) {
    char dbs[3][512], jsonl[3][512];
    const char *jobs[3] = {"1", "2", NULL};
    for (int i = 0; i < 3; i++) {
        char name[32];
        snprintf(name, sizeof name, "jobs%d.sqlite", i);
        snprintf(dbs[i], sizeof dbs[i], "%s", kept_tmp_path(name));
        snprintf(name, sizeof name, "jobs%d.jsonl", i);
        snprintf(jsonl[i], sizeof jsonl[i], "%s", kept_tmp_path(name));
        int rc = jobs[i] ? rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", dbs[i], "--impl",
                                      RTSHM_BACKEND_DIR "/librtshm_reference_backend.so", "--jobs", jobs[i],
                                      RTSHM_SOURCE_DIR "/conformance/scenarios", NULL)
                         : rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", dbs[i],
                                      RTSHM_SOURCE_DIR "/conformance/scenarios", NULL);
        ck_assert_msg(rc == 0, "%s%s", out, err);
        ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "export", dbs[i], "-o", jsonl[i], NULL), 0);
    }
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s'", jsonl[0], jsonl[1]);
    ck_assert_int_eq(system(cmd), 0);
    /* the in-process run differs only in its run record (the implementation's name) */
    snprintf(cmd, sizeof cmd, "grep -v '\"type\":\"run\"' '%s' > '%s.s'; grep -v '\"type\":\"run\"' '%s' > '%s.s'; cmp -s "
             "'%s.s' '%s.s'", jsonl[0], jsonl[0], jsonl[2], jsonl[2], jsonl[0], jsonl[2]);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

static Suite *hostile_suite(void) {
    Suite *s = suite_create("hostile");
    TCase *tc = tcase_create("hostile");
    tcase_set_timeout(tc, 240);
    tcase_add_test(tc, exit0_in_a_call_is_error);
    tcase_add_test(tc, crash_in_a_call_keeps_the_finished_steps);
    tcase_add_test(tc, crash_or_hang_while_loading_is_an_error_naming_the_library);
    tcase_add_test(tc, closed_descriptors_do_not_hold_the_run);
    tcase_add_test(tc, grandchildren_and_daemons_change_nothing_and_are_killed);
    tcase_add_test(tc, chdir_does_not_affect_the_harness);
    tcase_add_test(tc, memory_limit_is_reported);
    tcase_add_test(tc, backend_output_is_captured_not_printed);
    tcase_add_test(tc, signals_interrupt_within_a_second);
    tcase_add_test(tc, jobs_2_exports_the_same_bytes_as_jobs_1);
    tcase_add_test(tc, a_killed_fork_server_is_restarted_up_to_a_limit);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    if (chdir(RTSHM_SOURCE_DIR) != 0) return EXIT_FAILURE;
    SRunner *sr = srunner_create(hostile_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
