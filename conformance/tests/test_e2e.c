/* conformance/tests/test_e2e.c — the shipped corpus and crafted scenarios through the real `rtshm`
 * binary, asserted on the SQLite trace it leaves (TRACE-SCHEMA.md). */
#include <check.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli_harness.h"
#include "conf/corpus.h"
#include "spec/clauses.h"
#include "spec/functions.h"
#include "suites.h"

#define CORPUS "conformance/scenarios"
#define IWIN32_CORPUS "conformance/scenarios/iwin32"

static char out[1 << 20], err[1 << 16];

/* The CLI tests name corpus paths relative to the source tree. */
static void enter_source_dir(void) {
    ck_assert_int_eq(chdir(RTSHM_SOURCE_DIR), 0);
}

/* Number of *.json files under dir. */
static int64_t count_files(const char *dir) {
    conf_file_list list = {0};
    char e[512];
    const char *paths[] = {dir};
    ck_assert_int_eq(conf_collect(paths, 1, &list, e, sizeof e), 0);
    int64_t n = (int64_t)list.count;
    conf_file_list_free(&list);
    return n;
}

START_TEST(corpus_passes_and_is_recorded) {
    const char *db = tmp_path("corpus.sqlite");
    int rc = rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db, CORPUS, NULL);
    ck_assert_msg(rc == 0, "exit %d\nstdout:\n%s\nstderr:\n%s", rc, out, err);
    int64_t files = count_files(CORPUS);
    ck_assert_int_ge(files, 35);
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM runs"), 1);
    char buf[256];
    ck_assert_str_eq(db_text(db, "SELECT state FROM runs WHERE run_id = 1", buf, sizeof buf), "complete");
    ck_assert_str_eq(db_text(db, "SELECT implementation FROM runs", buf, sizeof buf), "reference");
    ck_assert_int_eq(db_int(db, "SELECT schema_version FROM runs"), 3);
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM scenarios"), files);
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM scenarios WHERE verdict = 'PASS'"), files);
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM failures"), 0);
    /* every scenario's step count matches its rows, and seq runs 0..steps-1 */
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM scenarios sc WHERE steps != (SELECT COUNT(*) FROM steps s "
                                "WHERE s.scenario = sc.scenario) OR steps != (SELECT MAX(seq) + 1 FROM steps s "
                                "WHERE s.scenario = sc.scenario)"),
                     0);
    /* the summary line is read back from the trace */
    char summary[128];
    snprintf(summary, sizeof summary, "%lld scenarios: %lld PASS, 0 FAIL, 0 DIVERGE, 0 ERROR, 0 CRASH, 0 TIMEOUT, 0 SKIP;", (long long)files,
             (long long)files);
    ck_assert_msg(strstr(out, summary) != NULL, "summary missing: %s", out);
    /* IWIN32.CREATE.EXISTS: the existing-name step is recorded with its Win32 code 183 */
    ck_assert_int_ge(db_int(db, "SELECT COUNT(*) FROM calls WHERE function = 'RtCreateSharedMemory' AND "
                                "status = 'ERROR_ALREADY_EXISTS' AND status_code = 183 AND last_error_code = 183 AND "
                                "ret != 'NULL' AND clause = 'IWIN32.CREATE.EXISTS' AND verdict = 'PASS'"),
                     1);
    /* IWIN32.CREATE.NAME_COLLISION: NULL and ERROR_INVALID_HANDLE (6) */
    ck_assert_int_ge(db_int(db, "SELECT COUNT(*) FROM calls WHERE function = 'RtCreateSharedMemory' AND "
                                "status = 'ERROR_INVALID_HANDLE' AND status_code = 6 AND ret = 'NULL'"),
                     1);
    /* MEM.VIEW.FAULT recorded as ACCESS_VIOLATION with its NTSTATUS-style code */
    ck_assert_int_ge(db_int(db, "SELECT COUNT(*) FROM steps WHERE kind IN ('read','write') AND "
                                "status = 'ACCESS_VIOLATION' AND status_code = 3221225477"),
                     1);
    /* a finding for a view that outlived its object, and one for handles closed at exit */
    ck_assert_int_ge(db_int(db, "SELECT COUNT(*) FROM findings WHERE kind = 'dangling-view' AND "
                                "clause = 'IWIN32.CLOSE.VIEWS_DIE'"),
                     1);
    ck_assert_int_ge(db_int(db, "SELECT COUNT(*) FROM findings WHERE kind = 'handles-closed-at-exit'"), 1);
    /* events are recorded without a process, with their own api */
    ck_assert_int_ge(db_int(db, "SELECT COUNT(*) FROM steps WHERE kind = 'event' AND api = 'sim' AND "
                                "function = 'process.exit' AND process IS NULL"),
                     1);
    /* every iwin32 function in spec/ is exercised, failures included */
    int count;
    const spec_function *fns = spec_function_table(&count);
    for (int i = 0; i < count; i++) {
        if (fns[i].api != SPEC_API_IWIN32) continue;
        char sql[256];
        snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM calls WHERE api = 'iwin32' AND function = '%s'", fns[i].name);
        ck_assert_msg(db_int(db, sql) > 0, "%s never called by the corpus", fns[i].name);
    }
    ck_assert_int_ge(db_int(db, "SELECT COUNT(DISTINCT status) FROM calls WHERE function = 'RtCreateSharedMemory'"), 6);
    /* the status_counts view agrees with the table */
    ck_assert_int_eq(db_int(db, "SELECT SUM(count) FROM status_counts WHERE run_id = 1"),
                     db_int(db, "SELECT COUNT(*) FROM steps"));
}
END_TEST

/* SIM.DETERMINISM: the same corpus twice (and with another seed) records identical rows. */
START_TEST(two_runs_record_identical_rows) {
    const char *db = tmp_path("twice.sqlite");
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db, IWIN32_CORPUS, NULL), 0);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db, "--seed", "987654321", IWIN32_CORPUS, NULL), 0);
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM runs WHERE state = 'complete'"), 2);
    ck_assert_int_eq(db_int(db, "SELECT seed FROM runs WHERE run_id = 2"), 987654321);
    const char *cols = "scenario, seq, step, vtime_us, process, kind, api, function, args, ret, status, status_code, "
                       "last_error, last_error_code, expected, verdict, clause, detail";
    char sql[1024];
    snprintf(sql, sizeof sql,
             "SELECT COUNT(*) FROM (SELECT %s FROM steps WHERE run_id = 1 EXCEPT SELECT %s FROM steps WHERE run_id = 2)",
             cols, cols);
    ck_assert_int_eq(db_int(db, sql), 0);
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM steps WHERE run_id = 1"),
                     db_int(db, "SELECT COUNT(*) FROM steps WHERE run_id = 2"));
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM (SELECT scenario, seq, kind, clause, detail FROM findings WHERE "
                                "run_id = 1 EXCEPT SELECT scenario, seq, kind, clause, detail FROM findings WHERE run_id = 2)"),
                     0);
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM (SELECT scenario, sha256, verdict, steps FROM scenarios WHERE run_id = 1 "
                                "EXCEPT SELECT scenario, sha256, verdict, steps FROM scenarios WHERE run_id = 2)"),
                     0);
}
END_TEST

START_TEST(failing_expectation_is_fail_with_detail) {
    const char *db = tmp_path("fail.sqlite");
    int rc = rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db,
                        "conformance/tests/fixtures/fails-on-purpose.json", NULL);
    ck_assert_int_eq(rc, 1);
    ck_assert_msg(strstr(out, "FAIL    tests.fails-on-purpose  (3 steps)") != NULL, "%s", out);
    ck_assert_msg(strstr(out, "step 1 (RtCreateSharedMemory, IWIN32.CREATE.EXISTS): expected status ERROR_SUCCESS, got "
                              "ERROR_ALREADY_EXISTS") != NULL,
                  "%s", out);
    char buf[512];
    ck_assert_str_eq(db_text(db, "SELECT verdict FROM scenarios", buf, sizeof buf), "FAIL");
    ck_assert_str_eq(db_text(db, "SELECT state FROM runs", buf, sizeof buf), "complete");
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM failures"), 1);
    ck_assert_str_eq(db_text(db, "SELECT detail FROM failures", buf, sizeof buf),
                     "expected status ERROR_SUCCESS, got ERROR_ALREADY_EXISTS");
    ck_assert_str_eq(db_text(db, "SELECT clause FROM failures", buf, sizeof buf), "IWIN32.CREATE.EXISTS");
    ck_assert_int_eq(db_int(db, "SELECT seq FROM failures"), 1);
    ck_assert_str_eq(db_text(db, "SELECT expected FROM failures", buf, sizeof buf),
                     "{\"return\":\"non-null\",\"status\":\"ERROR_SUCCESS\"}");
    ck_assert_str_eq(db_text(db, "SELECT args FROM failures", buf, sizeof buf),
                     "{\"MaximumSizeHigh\":0,\"MaximumSizeLow\":4096,\"flProtect\":4,\"location\":\"out\",\"lpName\":\"Twice\"}");
    /* the scenario goes on after a failing step */
    ck_assert_str_eq(db_text(db, "SELECT verdict FROM steps WHERE seq = 2", buf, sizeof buf), "PASS");
}
END_TEST

START_TEST(model_clause_mismatch_is_diverge) {
    const char *db = tmp_path("diverge.sqlite");
    int rc = rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db,
                        "conformance/tests/fixtures/diverges-on-purpose.json", NULL);
    ck_assert_int_eq(rc, 1);
    char buf[256];
    ck_assert_str_eq(db_text(db, "SELECT verdict FROM scenarios", buf, sizeof buf), "DIVERGE");
    ck_assert_str_eq(db_text(db, "SELECT verdict || ' ' || clause FROM steps", buf, sizeof buf),
                     "DIVERGE IWIN32.CREATE.SIZE_ZERO");
    ck_assert_msg(strstr(out, "DIVERGE tests.diverges-on-purpose") != NULL, "%s", out);
}
END_TEST

START_TEST(one_file_and_filter_select_scenarios) {
    const char *db = tmp_path("one.sqlite");
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db,
                                IWIN32_CORPUS "/iwin32.create.exists-returns-already-exists.json", NULL),
                     0);
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM scenarios"), 1);
    const char *db2 = tmp_path("filter.sqlite");
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db2, "--filter", "iwin32.open.*", CORPUS, NULL), 0);
    ck_assert_int_ge(db_int(db2, "SELECT COUNT(*) FROM scenarios"), 3);
    ck_assert_int_eq(db_int(db2, "SELECT COUNT(*) FROM scenarios WHERE scenario NOT LIKE 'iwin32.open.%'"), 0);
    ck_assert_int_eq(db_int(db2, "SELECT COUNT(*) FROM scenarios"), db_int(db2, "SELECT COUNT(*) FROM scenarios WHERE verdict = 'PASS'"));
}
END_TEST

START_TEST(check_help_and_version) {
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "check", CORPUS, NULL), 0);
    char want[64];
    snprintf(want, sizeof want, "%lld scenario files valid", (long long)count_files(CORPUS));
    ck_assert_msg(strstr(out, want) != NULL, "%s", out);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "--help", NULL), 0);
    ck_assert_msg(strstr(out, "usage: rtshm <command>") != NULL, "%s", out);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "--version", NULL), 0);
    ck_assert_msg(strncmp(out, "rtshm 0.1.0", 11) == 0, "%s", out);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "frobnicate", NULL), 2);
    ck_assert_msg(strstr(err, "unknown command 'frobnicate'") != NULL, "%s", err);
}
END_TEST

START_TEST(unwritable_trace_is_internal_error) {
    int rc = rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", "/nonexistent-dir/x/trace.sqlite", IWIN32_CORPUS, NULL);
    ck_assert_int_eq(rc, 3);
    ck_assert_msg(strstr(err, "/nonexistent-dir/x/trace.sqlite") != NULL, "%s", err);
}
END_TEST

/* RTX64 (seed:003): every documented RtkOpenSharedMemory status is produced and recorded with its code. */
START_TEST(rtx64_open_statuses_are_recorded) {
    const char *db = tmp_path("rtx64.sqlite");
    int rc = rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db, "conformance/scenarios/rtx64", NULL);
    ck_assert_msg(rc == 0, "exit %d\n%s%s", rc, out, err);
    static const struct {
        const char *status;
        int64_t code;
    } want[] = {{"STATUS_SUCCESS", 0},
                {"STATUS_UNSUCCESSFUL", 0xC0000001},
                {"STATUS_INVALID_HANDLE", 0xC0000008},
                {"STATUS_INVALID_PARAMETER", 0xC000000D},
                {"STATUS_NO_SUCH_DEVICE", 0xC000000E},
                {"STATUS_NO_MEMORY", 0xC0000017}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char sql[512];
        snprintf(sql, sizeof sql,
                 "SELECT COUNT(*) FROM calls WHERE api = 'rtk' AND function = 'RtkOpenSharedMemory' AND status = '%s' "
                 "AND status_code = %lld AND ret = '%s' AND last_error IS NULL AND verdict = 'PASS'",
                 want[i].status, (long long)want[i].code, want[i].status);
        ck_assert_msg(db_int(db, sql) >= 1, "no RtkOpenSharedMemory step with %s", want[i].status);
    }
    /* RTK.ATTACH.EX_CALLBACK: the shutdown callback is an event row of the driver right after kernel.stop */
    ck_assert_int_ge(db_int(db, "SELECT COUNT(*) FROM steps e JOIN steps k ON k.scenario = e.scenario AND k.run_id = e.run_id "
                                "AND k.seq = e.seq - 1 WHERE e.kind = 'event' AND e.function = 'RtkRtssAttachEx.shutdown' "
                                "AND e.process = 'drv' AND e.clause = 'RTK.ATTACH.EX_CALLBACK' AND k.function = 'kernel.stop'"),
                     1);
    /* RTK.CLOSE.TWICE and a read-only driver view that faults on write (RTK.OPEN.READ) */
    ck_assert_int_ge(db_int(db, "SELECT COUNT(*) FROM calls WHERE function = 'RtkCloseHandle' AND status = 'STATUS_UNSUCCESSFUL' "
                                "AND clause = 'RTK.CLOSE.TWICE'"),
                     1);
    ck_assert_int_ge(db_int(db, "SELECT COUNT(*) FROM steps WHERE kind = 'write' AND process = 'drv' AND "
                                "status = 'ACCESS_VIOLATION' AND clause = 'MEM.VIEW.FAULT'"),
                     1);
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM failures"), 0);
}
END_TEST

/* INtime NTX (seed:000): each documented ntxMapRtSharedMemory failure is recorded with its code, and the
 * pointer-cache reuse hazard (NTX.MAP.CACHE_REUSE) with its finding. */
START_TEST(ntx_map_statuses_and_reuse_hazard_are_recorded) {
    const char *db = tmp_path("ntx.sqlite");
    int rc = rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db, "conformance/scenarios/ntx", NULL);
    ck_assert_msg(rc == 0, "exit %d\n%s%s", rc, out, err);
    static const struct {
        const char *status;
        int64_t code;
    } want[] = {{"E_LOCATION", 0x8F02}, {"E_STATE", 0x0007}, {"E_TYPE", 0x8002}, {"E_ALIGNMENT", 0x80F1},
                {"E_NTX_INTERNAL_ERROR", 0x1001}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char sql[512];
        snprintf(sql, sizeof sql,
                 "SELECT COUNT(*) FROM calls WHERE api = 'ntx' AND function LIKE 'ntxMapRtSharedMemory%%' AND "
                 "status = '%s' AND status_code = %lld AND ret = 'NULL' AND last_error = '%s' AND "
                 "last_error_code = %lld AND verdict = 'PASS' AND clause = 'NTX.MAP.%s'",
                 want[i].status, (long long)want[i].code, want[i].status, (long long)want[i].code, want[i].status);
        ck_assert_msg(db_int(db, sql) >= 1, "no ntxMapRtSharedMemory step with %s", want[i].status);
    }
    /* the hazard: the stale pointer is returned with E_OK, and a finding names it */
    ck_assert_int_ge(db_int(db, "SELECT COUNT(*) FROM calls c JOIN findings f ON f.run_id = c.run_id AND f.scenario = "
                                "c.scenario AND f.seq = c.seq WHERE c.function = 'ntxMapRtSharedMemory' AND c.status = "
                                "'E_OK' AND c.clause = 'NTX.MAP.CACHE_REUSE' AND f.kind = 'stale-cache-hit' AND "
                                "f.clause = 'NTX.MAP.CACHE_REUSE'"),
                     1);
    /* NTX.MAP.SAME_POINTER: a second mapping returns the first pointer */
    ck_assert_int_ge(db_int(db, "SELECT COUNT(*) FROM calls WHERE clause = 'NTX.MAP.SAME_POINTER' AND ret != 'NULL'"), 1);
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM failures"), 0);
}
END_TEST

/* The golden trace: the shipped corpus on the reference model, exported, byte for byte. */
START_TEST(corpus_matches_golden_trace) {
    const char *db = tmp_path("golden.sqlite");
    int rc = rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db, CORPUS, NULL);
    ck_assert_msg(rc == 0, "exit %d\n%s%s", rc, out, err);
    char db_copy[512];
    snprintf(db_copy, sizeof db_copy, "%s", db);
    const char *jsonl = tmp_path("golden.jsonl");
    char jsonl_copy[512];
    snprintf(jsonl_copy, sizeof jsonl_copy, "%s", jsonl);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "export", db_copy, "-o", jsonl_copy, NULL), 0);
    rc = rtshm_exec(out, sizeof out, err, sizeof err, "diff", "traces/golden/reference.jsonl", jsonl_copy, NULL);
    ck_assert_msg(rc == 0, "the corpus's trace differs from traces/golden/reference.jsonl (run 'make golden' if the "
                           "change is intended, and review it):\n%s%s", out, err);
    /* byte-identical, not only equal record by record */
    FILE *a = fopen("traces/golden/reference.jsonl", "rb"), *b = fopen(jsonl_copy, "rb");
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    int ca, cb;
    long offset = 0;
    do {
        ca = fgetc(a);
        cb = fgetc(b);
        offset++;
    } while (ca == cb && ca != EOF);
    fclose(a);
    fclose(b);
    ck_assert_msg(ca == cb, "golden trace and export differ in bytes at offset %ld", offset);
    /* One JSONL file given twice is identical to itself (only a database holds two runs). */
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "diff", jsonl_copy, jsonl_copy, NULL), 0);
    ck_assert_msg(strstr(out, "180 scenarios compared: 180 identical, 0 changed") != NULL, "%s", out);
}
END_TEST

/* `rtshm diff` on one database compares its two newest runs; --check-determinism passes. */
START_TEST(diff_of_two_runs_and_determinism_check) {
    const char *db = tmp_path("twodiff.sqlite");
    char db_copy[512];
    snprintf(db_copy, sizeof db_copy, "%s", db);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db_copy, "--check-determinism",
                                IWIN32_CORPUS, NULL),
                     0);
    ck_assert_msg(strstr(out, "ran twice with identical canonical traces (SIM.DETERMINISM)") != NULL, "%s", out);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db_copy, IWIN32_CORPUS, NULL), 0);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "diff", db_copy, db_copy, NULL), 0);
    ck_assert_msg(strstr(out, "identical, 0 changed, 0 added, 0 removed") != NULL, "%s", out);
    /* a run of a failing fixture differs from the corpus run: exit 1 */
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db_copy,
                                "conformance/tests/fixtures/fails-on-purpose.json", NULL),
                     1);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "diff", db_copy, db_copy, "--format", "json", NULL), 1);
    ck_assert_msg(strstr(out, "\"added\":1") != NULL, "%s", out);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "diff", db_copy, "/nonexistent.jsonl", NULL), 2);
}
END_TEST

/* The documented statuses the reference never produces, as `rtshm spec --coverage` lists them. */
#define UNPRODUCED_DOCUMENTED_STATUSES                                       \
    "  rtk:RtkRtssAttach: STATUS_UNSUCCESSFUL STATUS_LICENSE_VIOLATION\n"    \
    "  rtk:RtkRtssAttachEx: STATUS_UNSUCCESSFUL STATUS_LICENSE_VIOLATION\n"  \
    "  ntx:ntxGetRootRtProcess: E_STATE\n"                                   \
    "  ntx:ntxAllocateRtMemory: E_VMEM\n"                                    \
    "  ntx:ntxLookupNtxhandle: E_LIMIT E_CONTEXT\n"                          \
    "  ntx:ntxImportRtHandle: E_LOCATION\n"                                  \
    "  ntx:ntxUnmapRtSharedMemory: E_NTX_INTERNAL_ERROR E_LOCATION E_ALIGNMENT\n" \
    "  rt:CreateRtMemoryHandle: E_MEM E_LIMIT E_SLOT\n"                      \
    "  rt:DeleteRtMemoryHandle: E_INVALID_ADDRESS\n"                         \
    "  rt:FreeRtMemory: E_NOT_ALLOCATED\n"

/* SPEC coverage: the shipped corpus covers every clause and every documented status of every function
 * that the reference can produce (in particular the three seed functions), so `rtshm spec --coverage`
 * exits 0; the others are exactly UNPRODUCED_DOCUMENTED_STATUSES. */
START_TEST(corpus_has_full_clause_and_status_coverage) {
    const char *db = tmp_path("coverage.sqlite");
    char db_copy[512];
    snprintf(db_copy, sizeof db_copy, "%s", db);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db_copy, CORPUS, NULL), 0);
    int rc = rtshm_exec(out, sizeof out, err, sizeof err, "spec", "--coverage", db_copy, NULL);
    ck_assert_msg(rc == 0, "exit %d\n%s%s", rc, out, err);
    ck_assert_msg(strstr(out, "\nuncovered clauses: 0\n") != NULL, "%s", out);
    /* The documented lists are the vendor's (spec/FUNCTIONS.md): some list conditions the model does not
     * have (DOS RTE, licences, GDT slots, ...), so those statuses are never produced; exactly these. */
    ck_assert_msg(strstr(out, "\ndocumented statuses never produced:\n" UNPRODUCED_DOCUMENTED_STATUSES "coverage of") !=
                      NULL, "%s", out);
    int clauses;
    spec_clause_table(&clauses);
    char want[160];
    snprintf(want, sizeof want, "coverage of reference (run 1): %d/%d clauses (100.0%%), 0 strict uncovered;", clauses,
             clauses);
    ck_assert_msg(strstr(out, want) != NULL, "%s", out);
    /* the seed functions' documented statuses, each produced by some step */
    static const char *const seeds[][2] = {
        {"ntxMapRtSharedMemory", "E_TYPE"}, {"ntxMapRtSharedMemory", "E_ALIGNMENT"}, {"ntxMapRtSharedMemory", "E_LOCATION"},
        {"ntxMapRtSharedMemory", "E_STATE"}, {"ntxMapRtSharedMemory", "E_NTX_INTERNAL_ERROR"},
        {"RtCreateSharedMemory", "ERROR_ALREADY_EXISTS"}, {"RtCreateSharedMemory", "ERROR_INVALID_HANDLE"},
        {"RtkOpenSharedMemory", "STATUS_NO_SUCH_DEVICE"}};
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        char sql[256];
        snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM calls WHERE function = '%s' AND status = '%s'", seeds[i][0], seeds[i][1]);
        ck_assert_msg(db_int(db_copy, sql) > 0, "%s never produced %s", seeds[i][0], seeds[i][1]);
    }
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "spec", "--format", "json", NULL), 0);
    ck_assert_msg(strstr(out, "\"id\":\"RTK.OPEN.NO_SUCH_DEVICE\"") != NULL, "%s", out);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "spec", "--coverage", "/nonexistent.sqlite", NULL), 2);
}
END_TEST

#define BIG_SCENARIOS 30
#define BIG_STEPS 2000

/* Writes BIG_SCENARIOS scenario files of BIG_STEPS steps each into dir. */
static void write_big_corpus(const char *dir) {
    ck_assert_int_eq(mkdir(dir, 0777), 0);
    for (int i = 0; i < BIG_SCENARIOS; i++) {
        char path[600];
        snprintf(path, sizeof path, "%s/big.%03d.json", dir, i);
        FILE *f = fopen(path, "w");
        ck_assert_ptr_nonnull(f);
        fprintf(f, "{\"format\": \"rtshm-scenario/1\", \"id\": \"big.%03d\", \"title\": \"load\", \"steps\": [", i);
        for (int k = 0; k < BIG_STEPS / 2; k++)
            fprintf(f, "%s{\"as\": \"rt\", \"call\": \"RtCreateSharedMemory\", \"args\": {\"MaximumSizeLow\": 4096}, "
                       "\"out\": {\"return\": \"h\"}, \"expect\": {\"status\": \"ERROR_SUCCESS\"}},"
                       "{\"as\": \"rt\", \"call\": \"CloseHandle\", \"args\": {\"hObject\": \"$h\"}, "
                       "\"expect\": {\"return\": \"true\"}}",
                    k ? "," : "");
        fputs("]}\n", f);
        fclose(f);
    }
}

/* Kill-safety: SIGKILL in the middle of a run leaves a sound database in which every recorded scenario
 * is complete and the run is not 'complete'; --resume finishes it without duplicating scenarios. */
START_TEST(killed_run_is_consistent_and_resumable) {
    char dir[512], db[512];
    snprintf(dir, sizeof dir, "%s", tmp_path("big"));
    snprintf(db, sizeof db, "%s", tmp_path("killed.sqlite"));
    write_big_corpus(dir);
    pid_t pid = fork();
    if (pid == 0) {
        int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, 1);
        dup2(devnull, 2);
        execl(RTSHM_BIN, RTSHM_BIN, "run", "--db", db, dir, (char *)NULL);
        _exit(127);
    }
    /* Wait (at most 120 s) until a few scenarios are committed, then kill it mid-run. */
    int64_t recorded = 0;
    for (int i = 0; i < 12000 && recorded < 3; i++) {
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
        if (access(db, F_OK) == 0) recorded = db_int(db, "SELECT COUNT(*) FROM scenarios");
    }
    kill(pid, SIGKILL);
    int status;
    waitpid(pid, &status, 0);
    ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "rtshm finished before it could be killed");
    char buf[64];
    ck_assert_str_eq(db_text(db, "PRAGMA integrity_check", buf, sizeof buf), "ok");
    ck_assert_str_eq(db_text(db, "SELECT state FROM runs", buf, sizeof buf), "running");
    int64_t done = db_int(db, "SELECT COUNT(*) FROM scenarios");
    ck_assert_int_ge(done, 3);
    ck_assert_int_lt(done, BIG_SCENARIOS);
    /* every recorded scenario is whole; no steps of an unrecorded one remain */
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM scenarios sc WHERE steps != (SELECT COUNT(*) FROM steps s "
                                "WHERE s.scenario = sc.scenario)"),
                     0);
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM steps WHERE scenario NOT IN (SELECT scenario FROM scenarios)"), 0);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "run", "--resume", "--db", db, dir, NULL), 0);
    ck_assert_msg(strstr(err, "rtshm: resuming run 1 (seed 1)") != NULL, "%s", err);
    ck_assert_str_eq(db_text(db, "SELECT state FROM runs", buf, sizeof buf), "complete");
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM runs"), 1);
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM scenarios"), BIG_SCENARIOS);
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM steps"), (int64_t)BIG_SCENARIOS * BIG_STEPS);
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM scenarios WHERE verdict != 'PASS'"), 0);
    /* nothing left to resume */
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "run", "--resume", "--db", db, dir, NULL), 2);
    ck_assert_msg(strstr(err, "no interrupted run to resume") != NULL, "%s", err);
}
END_TEST

/* `rtshm report` through the CLI: every format, written whole to -o, bad input refused. */
START_TEST(report_command_writes_each_format) {
    char db[512], html[512], md[512];
    snprintf(db, sizeof db, "%s", tmp_path("report.sqlite"));
    snprintf(html, sizeof html, "%s", tmp_path("report.html"));
    snprintf(md, sizeof md, "%s", tmp_path("report.md"));
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db, "conformance/tests/fixtures", NULL), 1);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "report", db, "-o", html, NULL), 0);
    FILE *f = fopen(html, "rb");
    ck_assert_ptr_nonnull(f);
    static char page[1 << 20];
    size_t n = fread(page, 1, sizeof page - 1, f);
    page[n] = '\0';
    fclose(f);
    ck_assert_ptr_nonnull(strstr(page, "tests.fails-on-purpose"));
    /* one script, the page's filter; the anchors are the scenario ids */
    const char *script = strstr(page, "<script>(function(){var f=document.getElementById('filter')");
    ck_assert_ptr_nonnull(script);
    ck_assert_ptr_null(strstr(script + 1, "<script"));
    ck_assert_ptr_nonnull(strstr(page, "<details class=\"scn\" id=\"tests.fails-on-purpose\""));
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "report", db, "--format", "junit", NULL), 0);
    ck_assert_msg(strstr(out, "<testcase") != NULL && strstr(out, "<failure") != NULL, "%s", out);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "report", db, "--format", "json", NULL), 0);
    ck_assert_msg(strstr(out, "\"schema\":\"rtshm-report/1\"") != NULL, "%s", out);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "report", db, "--format", "md", "-o", md, NULL), 0);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "report", db, "--format", "pdf", NULL), 2);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "report", db, "--run", "9", NULL), 2);
}
END_TEST

/* Input limits (README "Limits"): each is an input error with its message, exit 2 and no trace. */
START_TEST(input_limits_are_enforced) {
    char path[512], db[512];
    snprintf(db, sizeof db, "%s", tmp_path("limits.sqlite"));
    /* file size: a sparse 70 MiB file is refused before it is read */
    snprintf(path, sizeof path, "%s", tmp_path("huge.json"));
    FILE *f = fopen(path, "w");
    ck_assert_int_eq(ftruncate(fileno(f), 70 << 20), 0);
    fclose(f);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db, path, NULL), 2);
    ck_assert_msg(strstr(err, "huge.json: file larger than 67108864 bytes") != NULL, "%s", err);
    /* nesting depth */
    snprintf(path, sizeof path, "%s", tmp_path("deep.json"));
    f = fopen(path, "w");
    fputs("{\"format\": \"rtshm-scenario/1\", \"id\": \"d\", \"title\": \"t\", \"tags\": ", f);
    for (int i = 0; i < 100; i++) fputc('[', f);
    for (int i = 0; i < 100; i++) fputc(']', f);
    fputs("}", f);
    fclose(f);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db, path, NULL), 2);
    ck_assert_msg(strstr(err, "deep.json:1:128: nesting deeper than 64 levels") != NULL, "%s", err);
    /* steps per scenario */
    snprintf(path, sizeof path, "%s", tmp_path("many.json"));
    f = fopen(path, "w");
    fputs("{\"format\": \"rtshm-scenario/1\", \"id\": \"m\", \"title\": \"t\", \"steps\": [{}", f);
    for (int i = 0; i < 1000000; i++) fputs(",{}", f);
    fputs("]}", f);
    fclose(f);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db, path, NULL), 2);
    ck_assert_msg(strstr(err, "many.json:1:66: steps: more than 1000000 steps") != NULL, "%s", err);
    /* string length */
    snprintf(path, sizeof path, "%s", tmp_path("long.json"));
    f = fopen(path, "w");
    fputs("{\"format\": \"rtshm-scenario/1\", \"id\": \"l\", \"title\": \"t\", \"steps\": [{\"as\": \"rt\", "
          "\"call\": \"RtCreateSharedMemory\", \"args\": {\"MaximumSizeLow\": 1, \"lpName\": \"", f);
    for (int i = 0; i < 65537; i++) fputc('n', f);
    fputs("\"}}]}", f);
    fclose(f);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db, path, NULL), 2);
    ck_assert_msg(strstr(err, "steps[0].args.lpName: string longer than 65536 bytes") != NULL, "%s", err);
    /* nothing of any of them reached a trace */
    ck_assert_int_ne(access(db, F_OK), 0);
}
END_TEST

Suite *e2e_suite(void) {
    Suite *s = suite_create("e2e");
    TCase *tc = tcase_create("cli");
    tcase_set_timeout(tc, 300);
    tcase_add_checked_fixture(tc, enter_source_dir, NULL);
    tcase_add_test(tc, corpus_passes_and_is_recorded);
    tcase_add_test(tc, two_runs_record_identical_rows);
    tcase_add_test(tc, failing_expectation_is_fail_with_detail);
    tcase_add_test(tc, model_clause_mismatch_is_diverge);
    tcase_add_test(tc, one_file_and_filter_select_scenarios);
    tcase_add_test(tc, check_help_and_version);
    tcase_add_test(tc, unwritable_trace_is_internal_error);
    tcase_add_test(tc, rtx64_open_statuses_are_recorded);
    tcase_add_test(tc, ntx_map_statuses_and_reuse_hazard_are_recorded);
    tcase_add_test(tc, corpus_matches_golden_trace);
    tcase_add_test(tc, diff_of_two_runs_and_determinism_check);
    tcase_add_test(tc, corpus_has_full_clause_and_status_coverage);
    tcase_add_test(tc, killed_run_is_consistent_and_resumable);
    tcase_add_test(tc, report_command_writes_each_format);
    tcase_add_test(tc, input_limits_are_enforced);
    suite_add_tcase(s, tc);
    return s;
}
