/* conformance/tests/test_cli_db.c — trace databases that are not what rtshm wrote: a foreign SQLite file,
 * a trace of a newer schema, a byte-flipped trace and a truncated one, given to every command that opens a
 * trace (export, report, diff, spec --coverage, run --db, run --rerun-failed, doctor). Each command's exit
 * code and message are asserted, and the file's bytes are the same afterwards (SHA-256 before and after):
 * nothing is switched to WAL, created or migrated. Then `rtshm doctor` on a healthy and a damaged trace. */
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
#include "traces/runlock.h"
#include "traces/trace.h"

#define SCENARIO "conformance/scenarios/iwin32/iwin32.close.invalid-handle-fails.json"
#define IWIN32 "conformance/scenarios/iwin32"
#define CAP 65536

static char out_buf[CAP], err_buf[CAP];

/* The SHA-256 of the file at path (hex), or "missing". */
static void file_sha256(const char *path, char hex[65]) {
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

static void sql_file(const char *path, const char *sql) {
    sqlite3 *h = NULL;
    ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
    ck_assert_msg(sqlite3_exec(h, sql, NULL, NULL, NULL) == SQLITE_OK, "%s", sqlite3_errmsg(h));
    sqlite3_close(h);
}

/* A trace of one scenario's run at a kept temporary path named name. */
static const char *recorded_trace(const char *name) {
    cli_enter_source_tree();
    const char *db = kept_tmp_path(name);
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", db, SCENARIO, NULL), 0);
    return db;
}

/* Overwrites one byte of the file at path. */
static void poke(const char *path, long offset, unsigned char value) {
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

/* The README's xargs line ("For CI: shards on a matrix") with its ./build-run/rtshm and out/ replaced by
 * this build's binary and folder, into cmd. */
static void readme_xargs_line(const char *folder, char *cmd, size_t cap) {
    FILE *f = fopen("README.md", "r");
    ck_assert_ptr_nonnull(f);
    char line[1024], *found = NULL;
    while (!found && fgets(line, sizeof line, f))
        if (strncmp(line, "seq 1 3 | xargs -P 3 ", 21) == 0) found = line;
    fclose(f);
    ck_assert_msg(found != NULL, "README.md has no line 'seq 1 3 | xargs -P 3 ...'");
    found[strcspn(found, "\n")] = '\0';
    size_t used = 0;
    for (const char *p = found; *p && used + 1 < cap;) {
        const char *with = NULL;
        size_t skip = 0;
        if (strncmp(p, "./build-run/rtshm", 17) == 0) with = RTSHM_BIN, skip = 17;
        else if (strncmp(p, "out/", 4) == 0) with = folder, skip = 3;
        if (with) {
            used += (size_t)snprintf(cmd + used, cap - used, "%s", with);
            p += skip;
        } else {
            cmd[used++] = *p++;
        }
    }
    cmd[used] = '\0';
    ck_assert_uint_lt(used + 1, cap);
}

/* The README's xargs line runs the corpus in 3 shards; merged, their export is the unsharded run's; the
 * shares are disjoint and make up the corpus. */
START_TEST(three_shards_merge_into_the_unsharded_run) {
    cli_enter_source_tree();
    const char *folder = kept_tmp_path("shards");
    char cmd[4096], paths[3][1024];
    ck_assert_int_eq(mkdir(folder, 0700), 0);
    readme_xargs_line(folder, cmd, sizeof cmd);
    size_t len = strlen(cmd);
    snprintf(cmd + len, sizeof cmd - len, " >/dev/null"); /* the verdict lines */
    ck_assert_msg(system(cmd) == 0, "%s", cmd);
    int64_t total = 0;
    for (int k = 0; k < 3; k++) {
        snprintf(paths[k], sizeof paths[k], "%s/shard-%d.sqlite", folder, k + 1);
        int64_t n = db_int(paths[k], "SELECT COUNT(*) FROM scenarios");
        ck_assert_int_gt(n, 0);
        ck_assert_int_eq(db_int(paths[k], "SELECT COUNT(*) FROM run_corpus"), n);
        ck_assert_int_eq(db_int(paths[k], "SELECT shard_index * 10 + shard_count FROM run_inputs"), (k + 1) * 10 + 3);
        total += n;
    }
    const char *merged = kept_tmp_path("merged.sqlite"), *whole = kept_tmp_path("whole.sqlite");
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "merge", merged, paths[0], paths[1],
                                paths[2], NULL),
                     0);
    char expected[2048];
    snprintf(expected, sizeof expected, "merged 3 shards of reference into run 1 of %s (%lld scenarios)\n", merged,
             (long long)total);
    ck_assert_str_eq(out_buf, expected);
    ck_assert_int_eq(db_int(merged, "SELECT COUNT(DISTINCT scenario) FROM scenarios"), total);
    ck_assert_int_eq(db_int(merged, "SELECT COUNT(*) FROM run_corpus"), total);
    ck_assert_int_eq(db_int(merged, "SELECT COUNT(*) FROM run_inputs WHERE shard_count IS NULL"), 1);
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", whole,
                                "conformance/scenarios", NULL),
                     0);
    ck_assert_int_eq(db_int(whole, "SELECT COUNT(*) FROM scenarios"), total);
    static char a[1 << 20], b[1 << 20];
    ck_assert_int_eq(rtshm_exec(a, sizeof a, err_buf, sizeof err_buf, "export", merged, NULL), 0);
    ck_assert_int_eq(rtshm_exec(b, sizeof b, err_buf, sizeof err_buf, "export", whole, NULL), 0);
    ck_assert_uint_gt(strlen(a), 100000);
    ck_assert_uint_lt(strlen(a) + 1, sizeof a);
    ck_assert_msg(strcmp(a, b) == 0, "the merged export differs from the unsharded one");
}
END_TEST

/* merge refuses what is not every shard of one run — a missing shard, a doubled one, another seed, an
 * unsharded run, an interrupted shard, OUT among the inputs — saying what, and writes nothing: no OUT is
 * left behind. A damaged input is exit 3. */
START_TEST(merge_refuses_what_is_not_one_run) {
    cli_enter_source_tree();
    const char *s1 = kept_tmp_path("m1.sqlite"), *s2 = kept_tmp_path("m2.sqlite"), *other = kept_tmp_path("m9.sqlite");
    const char *plain = kept_tmp_path("plain.sqlite"), *out = kept_tmp_path("out.sqlite");
    const char *const runs[][8] = {
        {"run", "--shard", "1/2", "--db", s1, IWIN32, NULL},
        {"run", "--shard", "2/2", "--db", s2, IWIN32, NULL},
        {"run", "--shard", "2/2", "--seed", "9", "--db", other, IWIN32},
        {"run", "--db", plain, IWIN32, NULL},
    };
    for (size_t i = 0; i < 4; i++)
        ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, runs[i][0], runs[i][1],
                                    runs[i][2], runs[i][3], runs[i][4], runs[i][5], runs[i][6], runs[i][7], NULL),
                         0);
    char expected[2048];
    const struct {
        const char *in[3];
        char want[1024];
    } refusals[] = {
        {{s1, NULL}, "rtshm: merge: shard 2/2 of reference is missing (1 of 2 shards given); nothing was written\n"},
        {{s1, s1, s2}, ""},
        {{s1, other}, ""},
        {{s1, plain}, ""},
    };
    for (size_t i = 0; i < sizeof refusals / sizeof refusals[0]; i++) {
        const char *const *in = refusals[i].in;
        ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "merge", out, in[0], in[1], in[2],
                                    NULL),
                         RTSHM_EXIT_INPUT);
        if (i == 0) ck_assert_str_eq(err_buf, refusals[i].want);
        if (i == 1) snprintf(expected, sizeof expected, "rtshm: merge: shard 1/2 of reference is given twice: %s and %s; "
                                                        "nothing was written\n", s1, s1);
        if (i == 2)
            snprintf(expected, sizeof expected,
                     "rtshm: merge: %s: run 1 is not a shard of the same run as run 1 of %s: the seed differs: 1 in %s, "
                     "9 in %s; nothing was written\n", other, s1, s1, other);
        if (i == 3) snprintf(expected, sizeof expected, "rtshm: merge: %s: run 1 is not a shard (it ran without --shard); "
                                                        "nothing was written\n", plain);
        if (i > 0) ck_assert_str_eq(err_buf, expected);
        ck_assert_int_eq(access(out, F_OK), -1);
    }
    sql_file(s2, "UPDATE runs SET state = 'interrupted'");
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "merge", out, s1, s2, NULL), 2);
    snprintf(expected, sizeof expected,
             "rtshm: merge: %s: run 1 is interrupted, not complete; finish it with rtshm run --resume before merging; "
             "nothing was written\n", s2);
    ck_assert_str_eq(err_buf, expected);
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "merge", s1, s1, s2, NULL), 2);
    snprintf(expected, sizeof expected,
             "rtshm: merge writes OUT; '%s' is also one of the traces it reads\n(run 'rtshm --help' for usage)\n", s1);
    ck_assert_str_eq(err_buf, expected);
    long page_size = (long)db_int(s2, "PRAGMA page_size");
    poke(s2, page_size, 0x7f);
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "merge", out, s1, s2, NULL), 3);
    snprintf(expected, sizeof expected, "rtshm: %s: the trace database is damaged (", s2);
    ck_assert_msg(strncmp(err_buf, expected, strlen(expected)) == 0, "%s", err_buf);
    ck_assert_int_eq(access(out, F_OK), -1);
}
END_TEST

/* validate --shard: two shard traces of two runs each (reference, backend) merge into two runs. */
START_TEST(validate_shards_merge_per_implementation) {
    cli_enter_source_tree();
    const char *v1 = kept_tmp_path("v1.sqlite"), *v2 = kept_tmp_path("v2.sqlite"), *out = kept_tmp_path("v.sqlite");
    const char *lib = RTSHM_BACKEND_DIR "/librtshm_reference_backend.so";
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "validate", "--impl", lib, "--shard",
                                "1/2", "--db", v1, IWIN32, NULL),
                     0);
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "validate", "--impl", lib, "--shard",
                                "2/2", "--db", v2, IWIN32, NULL),
                     0);
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "merge", out, v1, v2, NULL), 0);
    int64_t n = db_int(v1, "SELECT COUNT(*) FROM scenarios WHERE run_id = 1") +
                db_int(v2, "SELECT COUNT(*) FROM scenarios WHERE run_id = 1");
    char expected[2048];
    snprintf(expected, sizeof expected,
             "merged 2 shards of reference into run 1 of %s (%lld scenarios)\n"
             "merged 2 shards of reference (as a backend library) into run 2 of %s (%lld scenarios)\n",
             out, (long long)n, out, (long long)n);
    ck_assert_str_eq(out_buf, expected);
    ck_assert_int_eq(db_int(out, "SELECT COUNT(*) FROM run_inputs WHERE impl_sha256 IS NOT NULL AND run_id = 2"), 1);
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
    tcase_add_test(tc, doctor_says_what_survives);
    tcase_add_test(tc, new_trace_records_its_version);
    suite_add_tcase(s, tc);
    TCase *resume = tcase_create("resume");
    tcase_set_timeout(resume, 120);
    tcase_add_test(resume, resume_refuses_other_inputs_and_finishes_the_same);
    tcase_add_test(resume, resume_names_a_changed_scenario_file);
    tcase_add_test(resume, resume_refuses_a_changed_library);
    tcase_add_test(resume, resume_refuses_a_live_run_and_an_unchecked_one);
    suite_add_tcase(s, resume);
    TCase *merge = tcase_create("shards");
    tcase_set_timeout(merge, 300);
    tcase_add_test(merge, three_shards_merge_into_the_unsharded_run);
    tcase_add_test(merge, merge_refuses_what_is_not_one_run);
    tcase_add_test(merge, validate_shards_merge_per_implementation);
    suite_add_tcase(s, merge);
    return s;
}
