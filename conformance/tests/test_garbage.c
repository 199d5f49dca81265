/* conformance/tests/test_garbage.c — the backend interface's versions and what rtshm does with what a
 * backend hands back, through the real CLI and asserted on the trace:
 *   - a version 1 library (conformance/tests/garbage/v1_backend.c) gives the golden trace byte for byte;
 *   - librtshm_garbage.so returns one kind of garbage per run ($RTSHM_GARBAGE): each is the scenario's
 *     ERROR with the exact message naming the field, or — at load — exit 2 naming it;
 *   - step-level SKIP: an unsupported family or function skips its steps and what depends on them, the
 *     scenario goes on; with nothing left the scenario is SKIP;
 *   - opaque values: a backend whose handles and pointers move from run to run passes
 *     --check-determinism and diffs identical when it flags them, and fails without the flags; the
 *     POSIX backend's real addresses and errno are recorded and honoured. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_harness.h"
#include "suites.h"

#define LIB(name) RTSHM_BACKEND_DIR "/librtshm_" name ".so"
#define GARBAGE_DIR "conformance/tests/garbage/"

static char out[1 << 20], err[1 << 16];

static void enter_source_dir(void) {
    ck_assert_int_eq(chdir(RTSHM_SOURCE_DIR), 0);
}

/* A version 1 table and outcome still work: the reference behind them gives the golden trace. */
START_TEST(version_1_library_gives_the_golden_trace) {
    char db[512], jsonl[512], buf[128];
    snprintf(db, sizeof db, "%s", kept_tmp_path("v1.sqlite"));
    snprintf(jsonl, sizeof jsonl, "%s", kept_tmp_path("v1.jsonl"));
    int rc = rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db, "--impl", LIB("v1"), "conformance/scenarios",
                        NULL);
    ck_assert_msg(rc == 0, "exit %d\n%s%s", rc, out, err);
    ck_assert_str_eq(db_text(db, "SELECT implementation FROM runs", buf, sizeof buf), "reference (interface version 1)");
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "export", db, "-o", jsonl, NULL), 0);
    rc = rtshm_exec(out, sizeof out, err, sizeof err, "diff", "traces/golden/reference.jsonl", jsonl, NULL);
    ck_assert_msg(rc == 0, "the version 1 library's trace differs from the golden one:\n%.2000s", out);
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM steps WHERE native_error IS NOT NULL OR opaque IS NOT NULL"), 0);
}
END_TEST

/* One kind of garbage per run, the step it spoils (garbage.calls.json) and the exact message. */
static const struct {
    const char *kind, *message;
} garbage[] = {
    {"family", "step 0: garbage: family: xCall RtCreateSharedMemory: outcome.family is 9, not RtCreateSharedMemory's "
               "status family 1 (win32)"},
    {"has-last-error-flag", "step 0: garbage: has-last-error-flag: xCall RtCreateSharedMemory: outcome.has_last_error "
                            "is 7 (expected 0 or 1)"},
    {"last-error-no-slot", "step 7: garbage: last-error-no-slot: xCall RtkRtssAttach: outcome.has_last_error is 1, but "
                           "rtk calls have no last-error slot"},
    {"fault-in-call", "step 0: garbage: fault-in-call: xCall RtCreateSharedMemory: outcome.fault is 1, but only xRead "
                      "and xWrite report a fault"},
    {"fault-flag", "step 2: garbage: fault-flag: xRead: outcome.fault is 2 (expected 0 or 1)"},
    {"bool-ret", "step 4: garbage: bool-ret: xCall CloseHandle: outcome.ret is 0x5 (expected 0 or 1: the function "
                 "returns a BOOL)"},
    {"dword-ret", "step 6: garbage: dword-ret: xCall GetLastError: outcome.ret is 0x100000000 (expected a 32-bit value)"},
    {"void-ret", "step 5: garbage: void-ret: xCall SetLastError: outcome.ret is 0x1 (expected 0: the function returns "
                 "nothing)"},
    {"output-not-output", "step 0: garbage: output-not-output: xCall RtCreateSharedMemory: outcome.outputs[2] is 0x1000, "
                          "but parameter 2 (MaximumSizeLow) is not an output"},
    {"output-null", "step 8: garbage: output-null: xCall RtOpenSharedMemory: outcome.outputs[3] is 0x1000, but "
                    "parameter 3 (location) was passed as NULL"},
    {"opaque-bool", "step 4: garbage: opaque-bool: xCall CloseHandle: outcome.opaque flags ret, but CloseHandle returns "
                    "BOOL (only handles and pointers can be opaque)"},
    {"opaque-input", "step 0: garbage: opaque-input: xCall RtCreateSharedMemory: outcome.opaque flags outputs[2], but "
                     "parameter 2 (MaximumSizeLow) is not an output"},
    {"clause-unknown", "step 0: garbage: clause-unknown: xCall RtCreateSharedMemory: outcome.clause 'NO.SUCH.CLAUSE' is "
                       "not a clause of rtshm's catalogue (rtshm spec lists them)"},
    {"clause-unterminated", "step 0: garbage: clause-unterminated: xCall RtCreateSharedMemory: outcome.clause is not "
                            "NUL-terminated within 64 bytes"},
    {"native-flag", "step 0: garbage: native-flag: xCall RtCreateSharedMemory: outcome.has_native_error is 2 (expected "
                    "0 or 1)"},
    {"native-kind-unterminated", "step 0: garbage: native-kind-unterminated: xCall RtCreateSharedMemory: "
                                 "outcome.native_error_kind is not NUL-terminated within its 16 bytes"},
    {"native-without-flag", "step 0: garbage: native-without-flag: xCall RtCreateSharedMemory: outcome.native_error or "
                            "native_error_kind is set without has_native_error"},
    {"access-outputs", "step 1: garbage: access-outputs: xWrite: outcome.outputs[0] is 0x1, but a memory access has no "
                       "outputs"},
    {"event-ret", "step 9: garbage: event-ret: xEvent: outcome.ret is 0x1, but an event returns no value"},
    {"finding-kind-unterminated", "step 0: garbage: finding-kind-unterminated: xCall RtCreateSharedMemory: finding.kind "
                                  "is not NUL-terminated within its 48 bytes"},
    {"finding-clause-unknown", "step 0: garbage: finding-clause-unknown: xCall RtCreateSharedMemory: finding.clause "
                               "'NO.SUCH.CLAUSE' is not a clause of rtshm's catalogue (rtshm spec lists them)"},
    {"finding-detail-utf8", "step 0: garbage: finding-detail-utf8: xCall RtCreateSharedMemory: finding.detail is not "
                            "valid UTF-8 (byte 3)"},
    {"findings-endless", "step 0: garbage: findings-endless: xCall RtCreateSharedMemory: xNextFinding did not end after "
                         "65536 findings (the bound)"},
    {"finding-returns-2", "step 0: garbage: finding-returns-2: xCall RtCreateSharedMemory: xNextFinding returned 2 "
                          "(expected 1 or 0)"},
    {"note-process", "step 0: garbage: note-process: xCall RtCreateSharedMemory: note.process is 7, but the topology has "
                     "4 processes (expected -1 to 3)"},
    {"note-api-unterminated", "step 0: garbage: note-api-unterminated: xCall RtCreateSharedMemory: note.api is not "
                              "NUL-terminated within its 16 bytes"},
    {"note-api-unknown", "step 0: garbage: note-api-unknown: xCall RtCreateSharedMemory: note.api is not a family rtshm "
                         "knows (\"rtk\", \"sim\", ...)"},
    {"note-function-empty", "step 0: garbage: note-function-empty: xCall RtCreateSharedMemory: note.function must be 1 "
                            "to 63 of [A-Za-z0-9._:-] (\"RtkRtssAttachEx.shutdown\")"},
    {"note-args-not-json", "step 0: garbage: note-args-not-json: xCall RtCreateSharedMemory: note.args_json is not a "
                           "JSON object"},
    {"note-clause-unknown", "step 0: garbage: note-clause-unknown: xCall RtCreateSharedMemory: note.clause "
                            "'NO.SUCH.CLAUSE' is not a clause of rtshm's catalogue (rtshm spec lists them)"},
    {"notes-endless", "step 0: garbage: notes-endless: xCall RtCreateSharedMemory: xNextNote did not end after 65536 "
                      "notes (the bound)"},
};

START_TEST(garbage_is_error_naming_the_field) {
    char db[512], buf[1024];
    snprintf(db, sizeof db, "%s", tmp_path("garbage.sqlite"));
    ck_assert_int_eq(setenv("RTSHM_GARBAGE", garbage[_i].kind, 1), 0);
    int rc = rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db, "--impl", LIB("garbage"),
                        GARBAGE_DIR "garbage.calls.json", NULL);
    ck_assert_msg(rc == 1, "%s: exit %d\n%s%s", garbage[_i].kind, rc, out, err);
    ck_assert_str_eq(db_text(db, "SELECT verdict FROM scenarios", buf, sizeof buf), "ERROR");
    ck_assert_str_eq(db_text(db, "SELECT message FROM scenarios", buf, sizeof buf), garbage[_i].message);
    ck_assert_str_eq(db_text(db, "SELECT state FROM runs", buf, sizeof buf), "complete");
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM pragma_integrity_check WHERE integrity_check != 'ok'"), 0);
}
END_TEST

/* A status its family does not know is not garbage: it is recorded as its number and judged (an
 * undocumented status is always FAIL). */
START_TEST(unknown_status_is_recorded_as_its_number) {
    char db[512], buf[256];
    snprintf(db, sizeof db, "%s", tmp_path("status.sqlite"));
    ck_assert_int_eq(setenv("RTSHM_GARBAGE", "status-unknown", 1), 0);
    int rc = rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db, "--impl", LIB("garbage"),
                        GARBAGE_DIR "garbage.calls.json", NULL);
    ck_assert_msg(rc == 1, "exit %d\n%.2000s%s", rc, out, err);
    ck_assert_str_eq(db_text(db, "SELECT status || ' ' || status_code || ' ' || verdict || ' ' || detail FROM steps "
                                 "WHERE step = 0",
                             buf, sizeof buf),
                     "0x7777 30583 FAIL undocumented status 0x7777 for RtCreateSharedMemory");
    ck_assert_str_eq(db_text(db, "SELECT verdict FROM scenarios", buf, sizeof buf), "FAIL");
}
END_TEST

/* Garbage in the table itself: the library is refused before anything runs. */
static const struct {
    const char *kind, *message;
} refused[] = {
    {"zname-utf8", "librtshm_garbage.so: backend zName is not valid UTF-8 (byte 8)\n"},
    {"supports-7", "librtshm_garbage.so: xSupports(\"iwin32\", \"CloseHandle\") returned 7 (expected 1 or 0)\n"},
    {"version-1-size", "librtshm_garbage.so: backend interface version 1 (table size 96); this rtshm speaks versions 1 "
                       "(size 88) and 2 (size 96)\n"},
};

START_TEST(garbage_table_is_refused_at_load) {
    ck_assert_int_eq(setenv("RTSHM_GARBAGE", refused[_i].kind, 1), 0);
    int rc = rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", tmp_path("never.sqlite"), "--impl",
                        LIB("garbage"), GARBAGE_DIR "garbage.calls.json", NULL);
    ck_assert_int_eq(rc, 2);
    size_t len = strlen(err), want = strlen(refused[_i].message);
    ck_assert_msg(len >= want && strcmp(err + len - want, refused[_i].message) == 0, "%s", err);
    ck_assert_int_eq(access(tmp_path("never.sqlite"), F_OK), -1);
}
END_TEST

/* The verdicts and details of a scenario's step rows, "step:VERDICT:detail|..." in seq order, into buf. */
static const char *step_rows(const char *db, char *buf, size_t cap) {
    return db_text(db,
                   "SELECT group_concat(step || ':' || verdict || ':' || coalesce(detail, ''), '|') FROM "
                   "(SELECT * FROM steps ORDER BY seq)",
                   buf, cap);
}

/* An RTX64 exchange with iwin32 steps, on a backend without iwin32: those steps, and the ones that use
 * their variable, name or last-error slot, are SKIP; the rest runs and passes. */
START_TEST(unsupported_family_skips_its_steps_and_what_depends_on_them) {
    char db[512], buf[2048];
    snprintf(db, sizeof db, "%s", tmp_path("family.sqlite"));
    ck_assert_int_eq(setenv("RTSHM_GARBAGE", "no-iwin32", 1), 0);
    int rc = rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db, "--impl", LIB("garbage"),
                        GARBAGE_DIR "skip.rtx64-with-iwin32.json", NULL);
    ck_assert_msg(rc == 0, "exit %d\n%s%s", rc, out, err);
    ck_assert_str_eq(db_text(db, "SELECT verdict || ' ' || steps || ' ' || message FROM scenarios", buf, sizeof buf),
                     "PASS 9 garbage: no-iwin32 does not support the iwin32 family (step 1: RtCreateSharedMemory)");
    ck_assert_str_eq(step_rows(db, buf, sizeof buf),
                     "0:PASS:|1:SKIP:garbage: no-iwin32 does not support the iwin32 family|"
                     "2:SKIP:garbage: no-iwin32 does not support the iwin32 family|"
                     "3:SKIP:uses $p2, bound only by skipped step 1|4:PASS:|5:PASS:|6:PASS:|"
                     "7:SKIP:uses the name \"IW\" a skipped step passed|8:PASS:");
    /* a skipped row has no outcome; its args are NULL only when they use a skipped step's value */
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM steps WHERE verdict = 'SKIP' AND (ret IS NOT NULL OR status IS "
                                "NOT NULL)"),
                     0);
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM steps WHERE verdict = 'SKIP' AND args IS NULL"), 1);
    ck_assert_msg(strstr(out, "PASS    skip.rtx64-with-iwin32  (9 steps)") != NULL, "%.2000s", out);
}
END_TEST

/* xSupports says no to one function: its steps and the read through its output are SKIP. */
START_TEST(unsupported_function_skips_its_steps) {
    char db[512], buf[2048];
    snprintf(db, sizeof db, "%s", tmp_path("function.sqlite"));
    ck_assert_int_eq(setenv("RTSHM_GARBAGE", "no-rtx64-open", 1), 0);
    int rc = rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db, "--impl", LIB("garbage"),
                        GARBAGE_DIR "skip.rtx64-with-iwin32.json", NULL);
    ck_assert_msg(rc == 0, "exit %d\n%s%s", rc, out, err);
    ck_assert_str_eq(step_rows(db, buf, sizeof buf),
                     "0:PASS:|1:PASS:|2:PASS:|3:PASS:|4:PASS:|"
                     "5:SKIP:garbage: no-rtx64-open does not support rtx64:RtOpenSharedMemory|"
                     "6:SKIP:uses $q, bound only by skipped step 5|"
                     "7:SKIP:garbage: no-rtx64-open does not support rtx64:RtOpenSharedMemory|8:PASS:");
}
END_TEST

/* A skipped write's bytes, read by another process through its own view of the object (a dependency no
 * variable or name shows): with the same steps skipped the reference misses those reads' expectations too,
 * so they are SKIP, saying so; the read of bytes a write that ran put there is judged (PASS). */
START_TEST(read_of_what_a_skipped_write_wrote_is_skip) {
    char db[512], buf[4096];
    snprintf(db, sizeof db, "%s", tmp_path("lost.sqlite"));
    ck_assert_int_eq(setenv("RTSHM_GARBAGE", "no-rtx64-open", 1), 0);
    int rc = rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db, "--impl", LIB("garbage"),
                        GARBAGE_DIR "skip.read-of-a-skipped-write.json", NULL);
    ck_assert_msg(rc == 0, "exit %d\n%s%s", rc, out, err);
    const char *lost = "SKIP:its expectation rests on skipped steps (first: garbage: no-rtx64-open does not support "
                       "rtx64:RtOpenSharedMemory (step 2: RtOpenSharedMemory)): the reference, skipping them too, "
                       "misses it as well ";
    char want[2048];
    snprintf(want, sizeof want,
             "0:PASS:|1:PASS:|2:SKIP:garbage: no-rtx64-open does not support rtx64:RtOpenSharedMemory|"
             "3:SKIP:uses $r, bound only by skipped step 2|4:%s(expected data differs: got 00)|5:PASS:|6:PASS:|"
             "7:%s(expected data differs: got 00ef)|8:PASS:",
             lost, lost);
    ck_assert_str_eq(step_rows(db, buf, sizeof buf), want);
    /* the lost steps ran: their outcome is recorded, and the scenario passes on what was judged */
    ck_assert_str_eq(db_text(db, "SELECT group_concat(ret, ',') FROM (SELECT ret FROM steps WHERE detail LIKE "
                                 "'its expectation%' ORDER BY seq)", buf, sizeof buf),
                     "00,00ef");
    ck_assert_str_eq(db_text(db, "SELECT verdict FROM scenarios", buf, sizeof buf), "PASS");
}
END_TEST

/* A location the port never set (its RtOpenSharedMemory DIVERGEs under RTX64.OPEN.RTSS_ACCESS, model, and
 * returns NULL): the write through it is SKIP, its outcome following from that step's, not a FAIL of
 * MEM.SHARED; the scenario is DIVERGE. */
START_TEST(step_through_a_pointer_a_divergence_left_null_is_skip) {
    char db[512], buf[2048];
    snprintf(db, sizeof db, "%s", tmp_path("follows.sqlite"));
    int rc = rtshm_exec(out, sizeof out, err, sizeof err, "validate", "--db", db, "--impl", LIB("posix"), "--filter",
                        "rtx64.open.params-rejected", "conformance/scenarios", NULL);
    ck_assert_msg(rc == 0, "exit %d\n%s%s", rc, out, err); /* a DIVERGE alone: validate passes */
    ck_assert_str_eq(db_text(db, "SELECT group_concat(step || ':' || verdict || ':' || coalesce(detail, ''), '|') FROM "
                                 "(SELECT * FROM steps WHERE run_id = 2 AND verdict <> 'PASS' ORDER BY seq)",
                             buf, sizeof buf),
                     "4:DIVERGE:expected return non-NULL, got NULL; expected status ERROR_SUCCESS, got "
                     "ERROR_INVALID_PARAMETER|5:DIVERGE:expected return non-NULL, got NULL; expected status "
                     "ERROR_SUCCESS, got ERROR_INVALID_PARAMETER|6:SKIP:uses $prw, which step 5 left NULL here and "
                     "non-NULL in the reference: its outcome follows from that step's");
    ck_assert_str_eq(db_text(db, "SELECT verdict FROM scenarios WHERE run_id = 2", buf, sizeof buf), "DIVERGE");
    /* it ran: its outcome is recorded (the fault through address 0) */
    ck_assert_str_eq(db_text(db, "SELECT status FROM steps WHERE run_id = 2 AND step = 6", buf, sizeof buf),
                     "ACCESS_VIOLATION");
}
END_TEST

/* Nothing left (every call unsupported): the scenario is SKIP with the first reason, and runs nothing. */
START_TEST(scenario_with_nothing_left_is_skip) {
    char db[512], buf[1024];
    snprintf(db, sizeof db, "%s", tmp_path("nothing.sqlite"));
    ck_assert_int_eq(setenv("RTSHM_GARBAGE", "no-iwin32", 1), 0);
    int rc = rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db, "--impl", LIB("garbage"), "--filter",
                        "iwin32.close.last-handle-destroys-object", "conformance/scenarios", NULL);
    ck_assert_msg(rc == 0, "exit %d\n%s%s", rc, out, err);
    ck_assert_str_eq(db_text(db, "SELECT verdict || ' ' || steps || ' ' || message FROM scenarios", buf, sizeof buf),
                     "SKIP 0 garbage: no-iwin32 does not support the iwin32 family (step 0: RtCreateSharedMemory)");
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM steps"), 0);
}
END_TEST

/* Handles and pointers that move from run to run: flagged opaque, --check-determinism passes; unflagged
 * (all a version 1 backend can do), it fails. */
START_TEST(opaque_values_pass_check_determinism_only_when_flagged) {
    char db[512];
    snprintf(db, sizeof db, "%s", tmp_path("flagged.sqlite"));
    ck_assert_int_eq(setenv("RTSHM_GARBAGE", "addresses", 1), 0);
    int rc = rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db, "--impl",
                        LIB("garbage"), "--check-determinism", "--filter", "iwin32.*", "conformance/scenarios", NULL);
    ck_assert_msg(rc == 1, "exit %d\n%s%s", rc, out, err); /* the corpus's literal handle values DIVERGE */
    ck_assert_msg(strstr(out, "determinism: 52 scenarios ran twice with identical canonical traces (SIM.DETERMINISM)\n"),
                  "%.2000s", out);
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM steps WHERE opaque = '[\"ret\"]' AND run_id = 1"), 149);
    ck_assert_int_eq(setenv("RTSHM_GARBAGE", "addresses-unflagged", 1), 0);
    rc = rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", tmp_path("unflagged.sqlite"), "--impl",
                    LIB("garbage"), "--check-determinism", "--filter", "iwin32.*", "conformance/scenarios", NULL);
    ck_assert_int_eq(rc, 1);
    ck_assert_msg(strstr(out, "determinism: FAILED (SIM.DETERMINISM): 52 of 52 scenarios differ between two runs\n"),
                  "%.2000s", out);
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

/* The POSIX backend's views are real mmap addresses: two separate runs diff identical through the pairing
 * (a value that breaks it would differ), and its errno is recorded beside the mapped status. */
START_TEST(posix_addresses_pair_across_runs_and_errno_is_recorded) {
    char a[512], b[512], buf[256];
    snprintf(a, sizeof a, "%s", kept_tmp_path("posix-a.sqlite"));
    snprintf(b, sizeof b, "%s", kept_tmp_path("posix-b.sqlite"));
    for (int i = 0; i < 2; i++)
        ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", i ? b : a, "--impl", LIB("posix"),
                                    "--filter", "iwin32.*", "conformance/scenarios", NULL),
                         1); /* the port FAILs a few scenarios on purpose (posix_backend.c) */
    int rc = rtshm_exec(out, sizeof out, err, sizeof err, "diff", a, b, NULL);
    ck_assert_msg(rc == 0, "%.2000s", out);
    ck_assert_msg(strstr(out, "diff: 52 scenarios compared: 52 identical,") != NULL, "%.2000s", out);
    ck_assert_int_gt(db_int(a, "SELECT COUNT(*) FROM steps WHERE opaque = '[\"args.ptr\"]'"), 20);
    ck_assert_str_eq(db_text(a,
                             "SELECT native_error_kind || ' ' || native_error || ' ' || status FROM steps WHERE scenario "
                             "= 'iwin32.open.missing-name-fails' AND native_error IS NOT NULL",
                             buf, sizeof buf),
                     "errno 2 ERROR_FILE_NOT_FOUND");
    /* the export carries the columns only where they are set */
    char jsonl[512];
    snprintf(jsonl, sizeof jsonl, "%s", kept_tmp_path("posix-a.jsonl"));
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "export", a, "-o", jsonl, NULL), 0);
    FILE *f = fopen(jsonl, "r");
    static char line[1 << 16];
    int with_native = 0, with_opaque = 0, steps = 0;
    while (fgets(line, sizeof line, f)) {
        steps += strstr(line, "\"type\":\"step\"") != NULL;
        with_native += strstr(line, "\"native_error\":2,\"native_error_kind\":\"errno\"") != NULL;
        with_opaque += strstr(line, "\"opaque\":[") != NULL;
    }
    fclose(f);
    ck_assert_int_eq(with_native, db_int(a, "SELECT COUNT(*) FROM steps WHERE native_error = 2"));
    ck_assert_int_eq(with_opaque, db_int(a, "SELECT COUNT(*) FROM steps WHERE opaque IS NOT NULL"));
    ck_assert_int_gt(steps, with_opaque);
}
END_TEST

Suite *garbage_suite(void) {
    Suite *s = suite_create("garbage");
    TCase *tc = tcase_create("garbage");
    tcase_set_timeout(tc, 300);
    tcase_add_checked_fixture(tc, enter_source_dir, NULL);
    tcase_add_test(tc, version_1_library_gives_the_golden_trace);
    tcase_add_loop_test(tc, garbage_is_error_naming_the_field, 0, (int)(sizeof garbage / sizeof garbage[0]));
    tcase_add_test(tc, unknown_status_is_recorded_as_its_number);
    tcase_add_loop_test(tc, garbage_table_is_refused_at_load, 0, (int)(sizeof refused / sizeof refused[0]));
    tcase_add_test(tc, unsupported_family_skips_its_steps_and_what_depends_on_them);
    tcase_add_test(tc, unsupported_function_skips_its_steps);
    tcase_add_test(tc, read_of_what_a_skipped_write_wrote_is_skip);
    tcase_add_test(tc, step_through_a_pointer_a_divergence_left_null_is_skip);
    tcase_add_test(tc, scenario_with_nothing_left_is_skip);
    tcase_add_test(tc, opaque_values_pass_check_determinism_only_when_flagged);
    tcase_add_test(tc, posix_backend_skips_ntx_and_shares_real_memory);
    tcase_add_test(tc, posix_addresses_pair_across_runs_and_errno_is_recorded);
    suite_add_tcase(s, tc);
    return s;
}
