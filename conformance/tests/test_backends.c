/* conformance/tests/test_backends.c — third-party backends through the real CLI: the reference as a
 * library gives the in-process trace byte for byte; every mutant FAILs validation (mutation score
 * 100%), and the one that aliases handles is found at its first aliasing step through the correspondence
 * of opaque values (SIM.OPAQUE.BIJECTION); a crashing and a hanging backend give CRASH and TIMEOUT while the run goes on; a wrong
 * interface version is refused. And the one driver of every backend
 * (conf/backend.h) on a table of the test's own that misbehaves in every way the interface allows:
 * what it is given, what it answers, cut and named where it says nothing. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_harness.h"
#include "conf/backend.h"
#include "conf/scenario.h"
#include "spec/clauses.h"
#include "spec/status.h"
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
    {LIB("mutant_no_ntx_cache"), "ntx.free.leaves-pointer-cache-untouched"}, /* its unmap after the free finds no entry: NTX.UNMAP.OK */
    {LIB("mutant_unmap_keeps_view"), "iwin32.unmap.view-freed-handle-kept"},
    {LIB("mutant_detached_instance_accepted"), "rtk.attach.instance-valid-until-detach"},
    {LIB("mutant_last_close_keeps_object"), "iwin32.close.last-handle-destroys-object"},
    {LIB("mutant_write_on_readonly"), "rtk.open.write-needs-readwrite-object"},
    {LIB("mutant_handles_kept_after_exit"), "iwin32.close.process-exit-closes-its-handles"},
    {LIB("mutant_undocumented_status"), "iwin32.open.missing-name-fails"},
    {LIB("mutant_readonly_mapex_writable"), "ntx.map.e-state-after-read-only-mapping"},
    {LIB("mutant_open_creates_missing"), "rtx64.open.missing-name-file-not-found"},
    {LIB("mutant_aliased_handles"), "iwin32.create.unnamed-objects-are-distinct"}, /* its "!$h1": IWIN32.CREATE.NULL_NAME */
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

/* SIM.OPAQUE.BIJECTION: a scenario that only says "non-null" of each handle (no "!$var") still shows the
 * mutant that hands out an open handle value again, at the step where it does, through the correspondence
 * of opaque values (validate runs the reference beside it): a DIVERGE (model level) and a finding. */
START_TEST(validate_sim_opaque_bijection_finds_aliased_handles) {
    char db[512], sql[512], buf[256];
    snprintf(db, sizeof db, "%s", tmp_path("aliased.sqlite"));
    int rc = rtshm_exec(out, sizeof out, err, sizeof err, "validate", "--impl", LIB("mutant_aliased_handles"), "--db", db,
                        "--filter", "iwin32.mem.all-views-see-same-bytes", "conformance/scenarios", NULL);
    ck_assert_msg(rc == 0, "exit %d:\n%s%s", rc, out, err); /* DIVERGE only: validate passes */
    ck_assert_msg(strstr(out, "0 PASS, 0 FAIL, 1 DIVERGE") != NULL, "%s", out);
    ck_assert_str_eq(db_text(db, "SELECT verdict FROM scenarios WHERE run_id = 2", buf, sizeof buf), "DIVERGE");
    ck_assert_str_eq(db_text(db, "SELECT verdict FROM scenarios WHERE run_id = 1", buf, sizeof buf), "PASS");
    /* the first aliasing step: RtOpenSharedMemory (step 1) returns the value of $h1, still open */
    snprintf(sql, sizeof sql, "SELECT function || ' ' || verdict || ' ' || clause FROM steps WHERE run_id = 2 AND seq = 1");
    ck_assert_str_eq(db_text(db, sql, buf, sizeof buf), "RtOpenSharedMemory DIVERGE SIM.OPAQUE.BIJECTION");
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM findings WHERE run_id = 2 AND kind = 'opaque-correspondence'"), 2);
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM findings WHERE run_id = 1 AND kind = 'opaque-correspondence'"), 0);
    ck_assert_str_eq(db_text(db,
                             "SELECT clause || ': ' || detail FROM findings WHERE run_id = 2 AND kind = "
                             "'opaque-correspondence' ORDER BY seq LIMIT 1",
                             buf, sizeof buf),
                     "SIM.OPAQUE.BIJECTION: the implementation returned the same value as $h1 (still open), the "
                     "reference a distinct one");
    /* `rtshm run --impl` judges with the reference beside the backend as well: the same step */
    char db_run[512];
    snprintf(db_run, sizeof db_run, "%s", tmp_path("aliased-run.sqlite"));
    rc = rtshm_exec(out, sizeof out, err, sizeof err, "run", "--impl", LIB("mutant_aliased_handles"), "--db", db_run,
                    "--filter", "iwin32.mem.all-views-see-same-bytes", "conformance/scenarios", NULL);
    ck_assert_msg(strstr(out, "step 1 (RtOpenSharedMemory, SIM.OPAQUE.BIJECTION): the implementation returned the same "
                              "value as $h1 (still open)") != NULL,
                  "exit %d: %s", rc, out);
    ck_assert_str_eq(db_text(db_run, "SELECT verdict FROM steps WHERE seq = 1", buf, sizeof buf), "DIVERGE");
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
    ck_assert_msg(strstr(out, "CRASH   iwin32.close.invalid-handle-fails  (1 steps)") != NULL, "%s", out);
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
    ck_assert_msg(strstr(err, "this rtshm speaks versions 1 (size 88) and 2 (size 96)") != NULL, "%s", err);
    rc = rtshm_exec(out, sizeof out, err, sizeof err, "run", "--impl", "/nonexistent/lib.so", "conformance/scenarios", NULL);
    ck_assert_int_eq(rc, 2);
    ck_assert_msg(strstr(err, "/nonexistent/lib.so: cannot load") != NULL, "%s", err);
}
END_TEST

/* ---- the driver, on a table of the test's own ---- */

#define FAKE_NAME "fake 1.0"

/* What the fake backend was given, and what it still has to hand got. */
static struct {
    int world;                  /* the world's address is this */
    rtshm_topology topology;    /* as xOpen saw it (its arrays live only during xOpen: counts only) */
    int rtss_kind, driver_kind, rt_kernel;
    rtshm_event event;
    int findings_left;          /* of the last call */
    int notes_left;
} fake;

static void *fake_open(const rtshm_topology *t, uint64_t seed, char *msg, size_t cap) {
    (void)seed;
    (void)msg;
    (void)cap;
    fake.topology = *t;
    if (t->process_count != 4 || t->kernel_count != 2) return NULL; /* fails, silently, on any other topology */
    fake.rtss_kind = t->kernels[1].kind;
    fake.driver_kind = t->processes[3].kind;
    fake.rt_kernel = t->processes[1].kernel;
    return &fake.world;
}

static void fake_close(void *world) {
    ck_assert_ptr_eq(world, &fake.world);
}

static int fake_call(void *world, int process, const char *api, const char *function, int argc, const rtshm_value *argv,
                     rtshm_outcome *outcome, char *msg, size_t cap) {
    (void)world;
    (void)process;
    (void)api;
    if (strcmp(function, "GetLastError") == 0) return -1; /* broke, without a word */
    if (strcmp(function, "CloseHandle") == 0) {          /* broke, with a message filling msg unterminated */
        memset(msg, 'x', cap);
        return -1;
    }
    ck_assert_int_eq(argc, 5); /* RtCreateSharedMemory */
    ck_assert_int_eq(argv[3].kind, RTSHM_V_STRING);
    ck_assert_str_eq(argv[3].string, "Buf");
    ck_assert_int_eq(argv[4].kind, RTSHM_V_OUT);
    outcome->ret = 0x44;
    outcome->family = RTSHM_STATUS_WIN32;
    outcome->status = ST_ERROR_ALREADY_EXISTS;
    outcome->has_last_error = 1;
    outcome->last_error = ST_ERROR_ALREADY_EXISTS;
    outcome->outputs[4] = 0x10000;
    outcome->clause = "NTX.MAP.OK"; /* the backend's advice; the catalogue's own string comes back */
    outcome->has_native_error = 1;
    outcome->native_error = -2147024713; /* HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS), 0x800700B7 */
    snprintf(outcome->native_error_kind, sizeof outcome->native_error_kind, "HRESULT");
    outcome->opaque = RTSHM_OPAQUE_OUTPUT(4) | RTSHM_OPAQUE_RET;
    fake.findings_left = 3;
    return 0;
}

static int fake_read(void *world, int process, uint64_t address, size_t len, unsigned char *data, rtshm_outcome *outcome) {
    (void)world, (void)process, (void)address, (void)len, (void)data, (void)outcome;
    return -1;
}

static int fake_write(void *world, int process, uint64_t address, const unsigned char *data, size_t len,
                      rtshm_outcome *outcome) {
    (void)world, (void)process, (void)address, (void)data, (void)len;
    outcome->fault = 1;
    outcome->family = 9; /* ignored: a memory access's outcome is rtshm's, SIM */
    outcome->status = 123;
    return 0;
}

static int fake_event(void *world, const rtshm_event *event, rtshm_outcome *outcome, char *msg, size_t cap) {
    (void)world, (void)msg, (void)cap;
    fake.event = *event;
    outcome->family = 7;
    outcome->status = 9;
    outcome->clause = "SIM.KERNEL.STOP";
    fake.notes_left = 1;
    return 0;
}

static int fake_next_note(void *world, rtshm_note *note) {
    (void)world;
    if (fake.notes_left == 0) return 0;
    fake.notes_left--;
    note->process = 3;
    snprintf(note->api, sizeof note->api, "rtk");
    snprintf(note->function, sizeof note->function, "Thing.callback");
    snprintf(note->args_json, sizeof note->args_json, "{\"n\":1}");
    note->clause[0] = '\0';
    return 1;
}

static int fake_next_finding(void *world, rtshm_finding *finding) {
    (void)world;
    if (fake.findings_left == 0) return 0;
    int n = 4 - fake.findings_left--;
    snprintf(finding->kind, sizeof finding->kind, "kind-%d", n);
    snprintf(finding->clause, sizeof finding->clause, "%s", n == 2 ? "" : "NTX.MAP.CACHE_REUSE");
    snprintf(finding->detail, sizeof finding->detail, "detail %d", n);
    return 1;
}

static const rtshm_backend fake_table = {
    RTSHM_BACKEND_VERSION, (int)sizeof(rtshm_backend), FAKE_NAME, RTSHM_FAMILY_IWIN32, RTSHM_EVENT_KERNEL_STOP,
    fake_open, fake_close, fake_call, fake_read, fake_write, fake_event, fake_next_note, fake_next_finding, NULL,
};

typedef struct taken_findings {
    int count;
    char kinds[4][64], clauses[4][64], details[4][64];
} taken_findings;

static void take_finding(void *ctx, const char *kind, const char *clause, const char *detail) {
    taken_findings *t = ctx;
    ck_assert_int_lt(t->count, 4);
    snprintf(t->kinds[t->count], sizeof t->kinds[0], "%s", kind);
    snprintf(t->clauses[t->count], sizeof t->clauses[0], "%s", clause ? clause : "(null)");
    snprintf(t->details[t->count], sizeof t->details[0], "%s", detail);
    t->count++;
}

static conf_scenario *parse_text(const char *text) {
    char msg[512];
    conf_scenario *sc = NULL;
    ck_assert_msg(conf_scenario_parse("fake.json", text, strlen(text), &sc, msg, sizeof msg) == 0, "%s", msg);
    return sc;
}

START_TEST(driver_translates_and_names_what_a_backend_leaves_out) {
    static const char text[] =
        "{\"format\": \"rtshm-scenario/1\", \"id\": \"f\", \"title\": \"t\", \"steps\": ["
        "{\"as\": \"rt\", \"call\": \"iwin32:RtCreateSharedMemory\", \"args\": {\"MaximumSizeLow\": 8, \"lpName\": \"Buf\"}, "
        "\"expect\": {\"status\": \"ERROR_ALREADY_EXISTS\"}},"
        "{\"at\": 250, \"event\": \"kernel.stop\", \"kernel\": \"RTSS\"},"
        "{\"as\": \"win\", \"call\": \"ntxGetLocationByName\", \"args\": {\"name\": \"NodeA\"}}]}";
    conf_scenario *sc = parse_text(text);
    conf_backend be;
    char msg[64];
    ck_assert_int_eq(conf_backend_bind(&fake_table, "fake", &be, msg, sizeof msg), 0);
    memset(&fake, 0, sizeof fake);
    taken_findings taken = {0};
    conf_world *w = conf_world_open(&be, sc, 1, take_finding, &taken, msg, sizeof msg);
    ck_assert_ptr_nonnull(w);
    /* The topology in file order, kinds by the public numbers. */
    ck_assert_int_eq(fake.topology.node_count, sc->node_count);
    ck_assert_int_eq(fake.topology.kernel_count, 2);
    ck_assert_int_eq(fake.rtss_kind, RTSHM_KERNEL_RTX64);
    ck_assert_int_eq(fake.driver_kind, 2);
    ck_assert_int_eq(fake.rt_kernel, 0);

    /* A call: the outcome as given (its clause the catalogue's string), then the findings in order, ""
     * clause as none. */
    conf_value args[SPEC_MAX_PARAMS];
    conf_outcome got;
    const conf_step *create = &sc->steps[0];
    for (int i = 0; i < SPEC_MAX_PARAMS; i++) args[i] = (conf_value){false, 0, NULL, false};
    args[2].number = 8;
    args[3].string = "Buf";
    args[4].out_valid = true;
    ck_assert_int_eq(conf_world_call(w, 1, create->fn, args, &got, msg, sizeof msg), 0);
    ck_assert_uint_eq(got.ret, 0x44);
    ck_assert_int_eq(got.family, SPEC_FAMILY_WIN32);
    ck_assert_uint_eq(got.status, ST_ERROR_ALREADY_EXISTS);
    ck_assert(got.has_last_error);
    ck_assert_uint_eq(got.outputs[4], 0x10000);
    ck_assert_str_eq(got.clause, "NTX.MAP.OK");
    ck_assert_ptr_eq(got.clause, spec_clause_find("NTX.MAP.OK")->id);
    ck_assert(got.has_native_error);
    ck_assert_int_eq(got.native_error, -2147024713);
    ck_assert_str_eq(got.native_error_kind, "HRESULT");
    ck_assert_uint_eq(got.opaque, RTSHM_OPAQUE_OUTPUT(4) | RTSHM_OPAQUE_RET);
    ck_assert_int_eq(taken.count, 3);
    ck_assert_str_eq(taken.kinds[0], "kind-1");
    ck_assert_str_eq(taken.clauses[0], "NTX.MAP.CACHE_REUSE");
    ck_assert_str_eq(taken.clauses[1], "(null)");
    ck_assert_str_eq(taken.details[2], "detail 3");

    /* Failures: the backend's message cut at the buffer's end, or one naming the backend and operation. */
    ck_assert_int_eq(conf_world_call(w, 1, spec_function_row(SPEC_FN_IWIN32_CloseHandle), args, &got, msg, sizeof msg), -1);
    ck_assert_uint_eq(strlen(msg), sizeof msg - 1);
    ck_assert_int_eq(msg[0], 'x');
    ck_assert_int_eq(conf_world_call(w, 1, spec_function_row(SPEC_FN_IWIN32_GetLastError), args, &got, msg, sizeof msg), -1);
    ck_assert_str_eq(msg, FAKE_NAME ": xCall GetLastError failed without a message");
    unsigned char data[4] = {1, 2, 3, 4};
    ck_assert_int_eq(conf_world_read(w, 1, 0x1000, 4, data, &got, msg, sizeof msg), -1);
    ck_assert_str_eq(msg, FAKE_NAME ": xRead failed without a message");

    /* A memory access and an event are SIM outcomes whatever the backend said; the clause is its own. */
    ck_assert_int_eq(conf_world_write(w, 1, 0x1000, data, 4, &got, msg, sizeof msg), 0);
    ck_assert(got.fault);
    ck_assert_int_eq(got.family, SPEC_FAMILY_SIM);
    ck_assert_uint_eq(got.status, ST_ACCESS_VIOLATION);
    ck_assert_int_eq(conf_world_event(w, &sc->steps[1], &got, msg, sizeof msg), 0);
    ck_assert_int_eq(fake.event.kind, RTSHM_EV_KERNEL_STOP);
    ck_assert_int_eq(fake.event.kernel, 1);
    ck_assert_uint_eq(fake.event.vtime_us, 250);
    ck_assert_int_eq(got.family, SPEC_FAMILY_SIM);
    ck_assert_uint_eq(got.status, ST_OK);
    ck_assert_str_eq(got.clause, "SIM.KERNEL.STOP");

    /* A note, taken when the event ended: "" clause as none; then no more. */
    conf_note note;
    ck_assert_int_eq(conf_world_next_note(w, &note), 1);
    ck_assert_int_eq(note.process, 3);
    ck_assert_str_eq(note.api, "rtk");
    ck_assert_str_eq(note.function, "Thing.callback");
    ck_assert_str_eq(note.args, "{\"n\":1}");
    ck_assert_ptr_null(note.clause);
    ck_assert_int_eq(conf_world_next_note(w, &note), 0);
    conf_world_close(w);
    /* What the table declares: the NTX call a backend without the family skips, while the rest (a judged
     * call) runs; without iwin32 nothing judged is left. */
    char why[256];
    ck_assert(!conf_backend_unsupported(&be, sc, why, sizeof why));
    ck_assert(conf_backend_step_unsupported(&be, &sc->steps[2], why, sizeof why));
    ck_assert_str_eq(why, FAKE_NAME " does not support the ntx family");
    be.families = 0;
    ck_assert(conf_backend_unsupported(&be, sc, why, sizeof why));
    ck_assert_str_eq(why, FAKE_NAME " does not support the iwin32 family (step 0: RtCreateSharedMemory)");
    be.events = 0;
    conf_scenario_free(sc);
    sc = parse_text("{\"format\": \"rtshm-scenario/1\", \"id\": \"f\", \"title\": \"t\", \"topology\": {"
                    "\"nodes\": [{\"id\": \"host\"}, {\"id\": \"n2\", \"windows\": false}],"
                    "\"kernels\": [{\"id\": \"K\", \"kind\": \"intime\", \"node\": \"host\"}],"
                    "\"links\": [{\"between\": [\"host\", \"n2\"]}]},"
                    "\"processes\": [{\"id\": \"app\", \"kind\": \"windows\", \"node\": \"host\"}],"
                    "\"steps\": [{\"event\": \"link.down\", \"between\": [\"host\", \"n2\"]}]}");
    ck_assert(conf_backend_unsupported(&be, sc, why, sizeof why));
    ck_assert_str_eq(why, FAKE_NAME " does not support the event link.down (step 0: link.down)");
    conf_scenario_free(sc);
    /* An xOpen that fails silently. */
    sc = parse_text("{\"format\": \"rtshm-scenario/1\", \"id\": \"f\", \"title\": \"t\", "
                    "\"processes\": [{\"id\": \"w\", \"kind\": \"windows\", \"node\": \"host\"}], "
                    "\"steps\": [{\"event\": \"process.exit\", \"process\": \"w\"}]}");
    ck_assert_ptr_null(conf_world_open(&be, sc, 1, NULL, NULL, msg, sizeof msg));
    ck_assert_str_eq(msg, FAKE_NAME ": xOpen failed without a message");
    conf_scenario_free(sc);
}
END_TEST

Suite *backends_suite(void) {
    Suite *s = suite_create("backends");
    TCase *tc = tcase_create("backends");
    tcase_set_timeout(tc, 300);
    tcase_add_checked_fixture(tc, enter_source_dir, NULL);
    tcase_add_test(tc, reference_library_gives_identical_canonical_trace);
    tcase_add_loop_test(tc, validate_fails_every_mutant, 0, (int)(sizeof mutants / sizeof mutants[0]));
    tcase_add_test(tc, validate_sim_opaque_bijection_finds_aliased_handles);
    tcase_add_test(tc, crashing_backend_is_crash_and_the_run_goes_on);
    tcase_add_test(tc, hanging_backend_is_timeout);
    tcase_add_test(tc, wrong_interface_version_is_refused);
    suite_add_tcase(s, tc);
    TCase *driver = tcase_create("driver");
    tcase_add_test(driver, driver_translates_and_names_what_a_backend_leaves_out);
    suite_add_tcase(s, driver);
    return s;
}
