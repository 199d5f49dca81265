/* conformance/tests/test_cli_db.c — trace databases that are not what rtshm wrote: a foreign SQLite file,
 * a trace of a newer schema, a byte-flipped trace and a truncated one, given to every command that opens a
 * trace (export, report, diff, spec --coverage, run --db, run --rerun-failed, doctor). Each command's exit
 * code and message are asserted, and the file's bytes are the same afterwards (SHA-256 before and after):
 * nothing is switched to WAL, created or migrated. Then `rtshm doctor` on a healthy and a damaged trace.
 * Also the helpers of test_cli_db.h. */
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


/* The SHA-256 of the file at path (hex), or "missing". */
void file_sha256(const char *path, char hex[65]) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        snprintf(hex, 65, "missing");
        return;
    }
    conf_sha256 ctx;
    conf_sha256_init(&ctx);
    unsigned char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) conf_sha256_update(&ctx, buf, n);
    fclose(f);
    conf_sha256_final(&ctx, hex);
}

void sql_file(const char *path, const char *sql) {
    sqlite3 *h = NULL;
    ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
    ck_assert_msg(sqlite3_exec(h, sql, NULL, NULL, NULL) == SQLITE_OK, "%s", sqlite3_errmsg(h));
    sqlite3_close(h);
}

/* A trace of one scenario's run at a kept temporary path named name. */
const char *recorded_trace(const char *name) {
    cli_enter_source_tree();
    const char *db = kept_tmp_path(name);
    static char out[CAP], err[CAP];
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db, SCENARIO, NULL), 0);
    return db;
}

/* Overwrites one byte of the file at path. */
void poke(const char *path, long offset, unsigned char value) {
    FILE *f = fopen(path, "r+b");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fseek(f, offset, SEEK_SET), 0);
    ck_assert_int_eq(fputc(value, f), value);
    ck_assert_int_eq(fclose(f), 0);
}

/* Every command that opens the trace at bad (a good trace beside it for diff) exits with code, and its
 * stderr starts with "rtshm: " + label + want (want holding the path where the message names it), and
 * the file's bytes are unchanged. */
static void every_command_refuses(const char *bad, int code, const char *want) {
    const char *good = recorded_trace("good.sqlite");
    const char *fresh = kept_tmp_path("fresh.sqlite");
    char before[65], after[65], expected[2048];
    file_sha256(bad, before);
    const char *const commands[][8] = {
        {"export", bad, NULL},
        {"report", bad, NULL},
        {"report", good, "--baseline-db", bad, NULL},
        {"diff", bad, good, NULL},
        {"diff", good, bad, NULL},
        {"spec", "--coverage", bad, NULL},
        {"run", "--db", bad, SCENARIO, NULL},
        {"run", "--db", fresh, "--rerun-failed", bad, NULL},
    };
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        const char *const *c = commands[i];
        int rc = rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, c[0], c[1], c[2], c[3], c[4], NULL);
        ck_assert_msg(rc == code, "%s %s %s: exit %d, not %d: %s", c[0], c[1], c[2], rc, code, err_buf);
        bool rerun = c[3] && strcmp(c[3], "--rerun-failed") == 0;
        snprintf(expected, sizeof expected, "rtshm: %s%s", rerun ? "--rerun-failed " : "", want);
        ck_assert_msg(strncmp(err_buf, expected, strlen(expected)) == 0, "%s %s %s: %s\nwanted: %s", c[0], c[1], c[2],
                      err_buf, expected);
        file_sha256(bad, after);
        ck_assert_msg(strcmp(before, after) == 0, "%s %s %s changed %s", c[0], c[1], c[2], bad);
    }
    ck_assert_int_eq(access(fresh, F_OK), -1); /* run --rerun-failed stopped before its own trace was made */
}

/* A foreign SQLite file: "not an rtshm trace database" (exit 2), no table created, its journal mode kept. */
START_TEST(foreign_sqlite_file_is_refused_untouched) {
    const char *foreign = kept_tmp_path("foreign.sqlite");
    sql_file(foreign, "CREATE TABLE notes(text); INSERT INTO notes VALUES ('mine')");
    char want[1024];
    snprintf(want, sizeof want, "%s: not an rtshm trace database (no such table: runs)\n", foreign);
    every_command_refuses(foreign, RTSHM_EXIT_INPUT, want);
    ck_assert_int_eq(db_int(foreign, "SELECT COUNT(*) FROM sqlite_master"), 1);
    char mode[32];
    ck_assert_str_eq(db_text(foreign, "PRAGMA journal_mode", mode, sizeof mode), "delete");
    ck_assert_int_eq(access(kept_tmp_path("foreign.sqlite-wal"), F_OK), -1);
}
END_TEST

/* A trace whose newest run has a newer schema_version: refused with both versions named (exit 2). */
START_TEST(future_schema_is_refused_before_anything_changes) {
    const char *future = recorded_trace("future.sqlite");
    sql_file(future, "UPDATE runs SET schema_version = schema_version + 1; PRAGMA journal_mode=DELETE");
    char want[1024];
    snprintf(want, sizeof want, "%s: trace schema version %d is newer than this rtshm's (%d); read it with a newer rtshm\n",
             future, TRACE_SCHEMA_VERSION + 1, TRACE_SCHEMA_VERSION);
    every_command_refuses(future, RTSHM_EXIT_INPUT, want);
    char mode[32];
    ck_assert_str_eq(db_text(future, "PRAGMA journal_mode", mode, sizeof mode), "delete");
    ck_assert_int_eq(db_int(future, "SELECT COUNT(*) FROM runs"), 1);
    /* user_version says it as well, for a trace without runs */
    const char *empty_future = kept_tmp_path("empty-future.sqlite");
    sql_file(empty_future, "CREATE TABLE runs(schema_version); CREATE TABLE scenarios(x); CREATE TABLE steps(x); "
                           "CREATE TABLE findings(x); CREATE TABLE scenario_clauses(x); PRAGMA user_version = 99");
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "export", empty_future, NULL), 2);
    ck_assert_ptr_nonnull(strstr(err_buf, "trace schema version 99 is newer than this rtshm's"));
}
END_TEST

/* A byte flipped in a page header: quick_check fails, every command says "damaged" (exit 3). */
START_TEST(byte_flipped_trace_is_damaged_for_every_command) {
    const char *flipped = recorded_trace("flipped.sqlite");
    long page_size = (long)db_int(flipped, "PRAGMA page_size");
    poke(flipped, page_size, 0x7f); /* the b-tree page type of page 2 (the runs table's root) */
    char want[1024];
    snprintf(want, sizeof want, "%s: the trace database is damaged (", flipped);
    every_command_refuses(flipped, RTSHM_EXIT_INTERNAL, want);
    ck_assert_ptr_nonnull(strstr(err_buf, "`rtshm doctor "));
}
END_TEST

/* A trace cut to half its size: damaged (exit 3), not "no runs". */
START_TEST(truncated_trace_is_damaged_not_empty) {
    const char *cut = recorded_trace("cut.sqlite");
    long size = (long)db_int(cut, "PRAGMA page_count") * (long)db_int(cut, "PRAGMA page_size");
    ck_assert_int_eq(truncate(cut, size / 2), 0);
    char want[1024];
    snprintf(want, sizeof want, "%s: the trace database is damaged (", cut);
    every_command_refuses(cut, RTSHM_EXIT_INTERNAL, want);
}
END_TEST

/* doctor: a healthy trace (exit 0) lists each table's rows and each run; a damaged one (exit 3) what is
 * still readable; a foreign file is no trace (exit 2). Read-only throughout. */
/* A FIFO where a trace is expected: refused by its type before it is opened (opening it for reading would
 * block until a writer came), exit 2, by every command that reads a trace and by doctor and merge. */
START_TEST(fifo_is_refused_before_it_is_opened) {
    const char *good = recorded_trace("good.sqlite");
    const char *fifo = kept_tmp_path("fifo.sqlite");
    unlink(fifo);
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    const char *fresh = kept_tmp_path("fresh.sqlite");
    const char *merged = kept_tmp_path("merged.sqlite");
    const char *const commands[][8] = {
        {"export", fifo, NULL},
        {"report", fifo, NULL},
        {"report", good, "--baseline-db", fifo, NULL},
        {"diff", fifo, good, NULL},
        {"diff", good, fifo, NULL},
        {"spec", "--coverage", fifo, NULL},
        {"run", "--db", fifo, SCENARIO, NULL},
        {"run", "--db", fresh, "--rerun-failed", fifo, NULL},
        {"doctor", fifo, NULL},
        {"merge", merged, fifo, NULL},
    };
    char expected[1024];
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        const char *const *c = commands[i];
        int rc = rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, c[0], c[1], c[2], c[3], c[4], NULL);
        ck_assert_msg(rc == 2, "%s %s %s: exit %d, not 2: %s", c[0], c[1], c[2], rc, err_buf);
        snprintf(expected, sizeof expected, "%s: not an rtshm trace database (not a regular file: a FIFO, a device, a "
                                            "socket or a folder)", fifo);
        ck_assert_msg(strstr(err_buf, expected) != NULL, "%s %s %s: %s\nwanted: %s", c[0], c[1], c[2], err_buf, expected);
    }
    ck_assert_int_eq(access(fresh, F_OK), -1);
    unlink(fifo);
}
END_TEST

START_TEST(doctor_says_what_survives) {
    const char *db = recorded_trace("doctor.sqlite");
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "doctor", db, NULL), 0);
    char expected[2048];
    int64_t steps = db_int(db, "SELECT COUNT(*) FROM steps"), findings = db_int(db, "SELECT COUNT(*) FROM findings");
    snprintf(expected, sizeof expected,
             "trace: %s\nintegrity_check: ok\nruns              1 row\nscenarios         1 row\n"
             "steps             %lld rows\nfindings          %lld row%s\nscenario_clauses  %lld rows\nruns:\n"
             "  run 1  reference  complete: 1 scenarios, %lld steps, %lld findings — complete and readable\nhealthy\n",
             db, (long long)steps, (long long)findings, findings == 1 ? "" : "s",
             (long long)db_int(db, "SELECT COUNT(*) FROM scenario_clauses"), (long long)steps, (long long)findings);
    ck_assert_str_eq(out_buf, expected);
    ck_assert_str_eq(err_buf, "");

    char before[65], after[65];
    long page_size = (long)db_int(db, "PRAGMA page_size");
    poke(db, page_size, 0x7f);
    file_sha256(db, before);
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "doctor", db, NULL), 3);
    file_sha256(db, after);
    ck_assert_str_eq(before, after);
    ck_assert_msg(strstr(out_buf, "integrity_check: FAILED\n") != NULL || strstr(out_buf, "integrity_check: could not "
                                                                                           "finish") != NULL,
                  "%s", out_buf);
    ck_assert_msg(strstr(out_buf, "runs              0 rows readable, then: database disk image is malformed\n"),
                  "%s", out_buf);
    ck_assert_msg(strstr(out_buf, "\nDAMAGED: rtshm refuses to read it; `sqlite3 ") != NULL, "%s", out_buf);

    const char *foreign = kept_tmp_path("notes.sqlite");
    sql_file(foreign, "CREATE TABLE notes(text)");
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "doctor", foreign, NULL), 2);
    snprintf(expected, sizeof expected, "rtshm: %s: not an rtshm trace database (no such table: runs)\n", foreign);
    ck_assert_str_eq(err_buf, expected);
}
END_TEST

/* A new trace records its schema version in the header (PRAGMA user_version). */
START_TEST(new_trace_records_its_version) {
    const char *db = recorded_trace("version.sqlite");
    ck_assert_int_eq(db_int(db, "PRAGMA user_version"), TRACE_SCHEMA_VERSION);
}
END_TEST

Suite *cli_db_suite(void) {
    Suite *s = suite_create("cli_db");
    TCase *tc = tcase_create("damaged");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, foreign_sqlite_file_is_refused_untouched);
    tcase_add_test(tc, future_schema_is_refused_before_anything_changes);
    tcase_add_test(tc, byte_flipped_trace_is_damaged_for_every_command);
    tcase_add_test(tc, truncated_trace_is_damaged_not_empty);
    tcase_add_test(tc, fifo_is_refused_before_it_is_opened);
    tcase_add_test(tc, doctor_says_what_survives);
    tcase_add_test(tc, new_trace_records_its_version);
    suite_add_tcase(s, tc);
    return s;
}
