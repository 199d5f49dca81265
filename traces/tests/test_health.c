/* traces/tests/test_health.c — telling traces from other files read-only (traces/health.h), the live-run
 * lock (traces/runlock.h: another process's lock seen with its pid, gone when it exits), and the
 * comparison of a run's recorded selection with a command line's (traces/inputs.h). */
#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test_tmp.h"
#include "traces/health.h"
#include "traces/inputs.h"
#include "traces/runlock.h"
#include "traces/trace.h"

static void exec_sql(const char *path, const char *sql) {
    sqlite3 *h = NULL;
    ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
    ck_assert_msg(sqlite3_exec(h, sql, NULL, NULL, NULL) == SQLITE_OK, "%s", sqlite3_errmsg(h));
    sqlite3_close(h);
}

/* A fresh trace with one run at path. */
static void one_run(const char *path) {
    trace_db *db = NULL;
    char err[512];
    ck_assert_msg(trace_open(path, &db, err, sizeof err) == 0, "%s", err);
    int64_t run = 0;
    ck_assert_int_eq(trace_run_begin(db, "v", "reference", 1, "[]", "t", &run), 0);
    trace_close(db);
}

START_TEST(check_file_tells_each_kind) {
    char path[256], err[1024], want[1200];
    int version = -1;
    ck_assert_int_eq(trace_check_file("/nonexistent/x.sqlite", true, &version, err, sizeof err), TRACE_HEALTH_CANTOPEN);
    ck_assert_str_eq(err, "/nonexistent/x.sqlite: unable to open database file");
    test_tmp_file(path, sizeof path, "health");
    ck_assert_int_eq(trace_check_file(path, true, &version, err, sizeof err), TRACE_HEALTH_EMPTY);
    ck_assert_int_eq(version, 0);
    FILE *f = fopen(path, "w");
    fputs("plain text, long enough to be read as the 100-byte header of a database file, and then some more\n", f);
    fclose(f);
    ck_assert_int_eq(trace_check_file(path, true, NULL, err, sizeof err), TRACE_HEALTH_NOT_TRACE);
    snprintf(want, sizeof want, "%s: not an rtshm trace database (file is not a database)", path);
    ck_assert_str_eq(err, want);
    test_tmp_remove(path);

    one_run(path);
    ck_assert_int_eq(trace_check_file(path, true, &version, err, sizeof err), TRACE_HEALTH_OK);
    ck_assert_int_eq(version, TRACE_SCHEMA_VERSION);
    exec_sql(path, "PRAGMA user_version = 42");
    ck_assert_int_eq(trace_check_file(path, false, &version, err, sizeof err), TRACE_HEALTH_NEWER);
    ck_assert_int_eq(version, 42);
    snprintf(want, sizeof want, "%s: trace schema version 42 is newer than this rtshm's (%d); read it with a newer rtshm",
             path, TRACE_SCHEMA_VERSION);
    ck_assert_str_eq(err, want);
    /* trace_open refuses it before writing: the journal mode stays what it was */
    exec_sql(path, "PRAGMA journal_mode = DELETE");
    trace_db *db = NULL;
    ck_assert_int_eq(trace_open(path, &db, err, sizeof err), TRACE_OPEN_EINPUT);
    ck_assert_ptr_null(db);
    ck_assert_int_eq(access(path, F_OK), 0);
    char wal[300];
    snprintf(wal, sizeof wal, "%s-wal", path);
    ck_assert_int_eq(access(wal, F_OK), -1);
    test_tmp_remove(path);

    /* the runs table's root page made unreadable */
    one_run(path);
    exec_sql(path, "PRAGMA journal_mode = DELETE");
    f = fopen(path, "r+b");
    ck_assert_int_eq(fseek(f, 4096, SEEK_SET), 0);
    fputc(0x7f, f);
    fclose(f);
    ck_assert_int_eq(trace_check_file(path, true, NULL, err, sizeof err), TRACE_HEALTH_DAMAGED);
    snprintf(want, sizeof want, "%s: the trace database is damaged (", path);
    ck_assert_msg(strncmp(err, want, strlen(want)) == 0, "%s", err);
    ck_assert_int_eq(trace_open(path, &db, err, sizeof err), TRACE_OPEN_EDAMAGED);
    test_tmp_remove(path);
}
END_TEST

/* Another process's lock on run 3 is seen with its pid, and taken once that process is gone. */
START_TEST(run_lock_names_the_holder) {
    char path[256], err[512];
    test_tmp_file(path, sizeof path, "lock");
    int ready[2], done[2];
    ck_assert_int_eq(pipe(ready), 0);
    ck_assert_int_eq(pipe(done), 0);
    pid_t child = fork();
    ck_assert_int_ge(child, 0);
    if (child == 0) {
        trace_lock *l = NULL;
        long holder = 0;
        int ok = trace_lock_open(path, &l, err, sizeof err) == 0 && trace_lock_run(l, 3, &holder) == 0;
        char c = ok ? 'y' : 'n';
        (void)!write(ready[1], &c, 1);
        (void)!read(done[0], &c, 1); /* holds the lock until the parent says so */
        _exit(0);
    }
    char c = 0;
    ck_assert_int_eq(read(ready[0], &c, 1), 1);
    ck_assert_int_eq(c, 'y');
    ck_assert_int_eq(trace_lock_holder(path, 3), (long)child);
    ck_assert_int_eq(trace_lock_holder(path, 4), 0);
    trace_lock *mine = NULL;
    ck_assert_int_eq(trace_lock_open(path, &mine, err, sizeof err), 0);
    long holder = 0;
    ck_assert_int_eq(trace_lock_run(mine, 3, &holder), 1);
    ck_assert_int_eq(holder, (long)child);
    ck_assert_int_eq(write(done[1], "x", 1), 1);
    int status;
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    ck_assert_int_eq(trace_lock_holder(path, 3), 0);
    ck_assert_int_eq(trace_lock_run(mine, 3, &holder), 0);
    trace_lock_close(mine);
    char lock_path[300];
    snprintf(lock_path, sizeof lock_path, "%s.lock", path);
    unlink(lock_path);
    test_tmp_remove(path);
}
END_TEST

/* The recorded selection against another: every difference counted, the first named. */
START_TEST(selection_compare_names_the_first_difference) {
    char path[256], err[512], why[1024];
    test_tmp_file(path, sizeof path, "inputs");
    trace_db *db = NULL;
    ck_assert_msg(trace_open(path, &db, err, sizeof err) == 0, "%s", err);
    int64_t run = 0;
    ck_assert_int_eq(trace_run_begin(db, "v", "reference", 1, "[]", "t", &run), 0);
    trace_run_identity id = {.has_inputs = true, .corpus_sha256 = "c0", .filters = "[]"};
    const char *ids[] = {"a", "b", "c"}, *shas[] = {"1", "2", "3"};
    trace_selection then = {ids, shas, 3};
    ck_assert_int_eq(trace_record_inputs(db, run, &id, &then), 0);
    ck_assert_int_eq(trace_selection_compare(db, run, &then, why, sizeof why), 0);
    const char *now_ids[] = {"a", "c", "d"}, *now_shas[] = {"1", "9", "4"};
    trace_selection now = {now_ids, now_shas, 3};
    ck_assert_int_eq(trace_selection_compare(db, run, &now, why, sizeof why), 1);
    ck_assert_str_eq(why, "the selection differs in 3 scenarios, the first: scenario b was selected then and is not now");
    trace_run_identity read;
    ck_assert_int_eq(trace_read_identity(db, run, &read), 0);
    ck_assert(read.has_inputs);
    ck_assert_str_eq(read.corpus_sha256, "c0");
    ck_assert_str_eq(read.impl_sha256, "");
    ck_assert_int_eq(trace_read_identity(db, run + 1, &read), 1);
    trace_close(db);
    test_tmp_remove(path);
}
END_TEST

Suite *health_suite(void) {
    Suite *s = suite_create("health");
    TCase *tc = tcase_create("health");
    tcase_add_test(tc, check_file_tells_each_kind);
    tcase_add_test(tc, run_lock_names_the_holder);
    tcase_add_test(tc, selection_compare_names_the_first_difference);
    suite_add_tcase(s, tc);
    return s;
}
