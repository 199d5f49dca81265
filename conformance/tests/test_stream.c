/* conformance/tests/test_stream.c — the streaming loader (parse_stream.c) against the held one (parse.c).
 *
 * The contract under test: both loaders accept exactly the same files, give the same scenario and the
 * same canonical trace, and word errors identically; a streamed scenario holds no steps (sc->steps is
 * NULL) and is read again from its file at each pass (conf/steps.h); a file that changes after it was
 * loaded fails the run with nothing recorded. Paths are relative to the source tree (ctest's working
 * directory). */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "conf/backend.h"
#include "conf/corpus.h"
#include "conf/isolate.h"
#include "conf/runner.h"
#include "conf/scenario.h"
#include "cli_harness.h"
#include "conf/steps.h"
#include "suites.h"
#include "traces/stream.h"
#include "traces/trace.h"

#define CORPUS_DIR "conformance/scenarios"
#define MALFORMED_DIR "conformance/tests/malformed"

static char stream_dir[200]; /* made by mkdtemp in $TMPDIR per test, removed by remove_tmp */

static void make_tmp(void) {
    const char *base = getenv("TMPDIR");
    snprintf(stream_dir, sizeof stream_dir, "%s/rtshm-stream-XXXXXX", base && *base ? base : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(stream_dir));
}

static void remove_tmp(void) {
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", stream_dir);
    ck_assert_int_eq(system(cmd), 0);
    stream_dir[0] = '\0';
}

static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(text, 1, strlen(text), f), strlen(text));
    ck_assert_int_eq(fclose(f), 0);
}

/* Opens (creating) the trace at db_path into *db and begins run 1 for implementation impl. */
static int64_t begin_run(const char *db_path, const char *impl, trace_db **db) {
    char err[512];
    ck_assert_msg(trace_open(db_path, db, err, sizeof err) == 0, "%s", err);
    int64_t run_id;
    ck_assert_int_eq(trace_run_begin(*db, "test", impl, 1, "[\"test\"]", "-", &run_id), 0);
    return run_id;
}

/* Runs the scenarios at paths (loaded in mode) into a fresh trace at db_path and returns the canonical
 * JSONL export (malloc'd). *steps receives the number of steps run. */
static char *run_export(const conf_file_list *files, conf_load_mode mode, const char *db_path, long *steps) {
    trace_db *db = NULL;
    char err[2048];
    unlink(db_path);
    int64_t run_id = begin_run(db_path, "reference", &db);
    *steps = 0;
    for (size_t i = 0; i < files->count; i++) {
        conf_scenario *sc = NULL;
        ck_assert_msg(conf_scenario_load_mode(files->paths[i], mode, &sc, err, sizeof err) == 0, "%s", err);
        ck_assert_msg((sc->steps == NULL) == (mode == CONF_LOAD_STREAM), "%s: wrong mode", files->paths[i]);
        conf_scenario_result res;
        ck_assert_msg(conf_run_scenario(sc, conf_backend_reference(), 1, db, run_id, &res) == 0, "%s: %s",
                      files->paths[i], res.message);
        *steps += res.steps;
        conf_scenario_free(sc);
    }
    ck_assert_int_eq(trace_run_finish(db, run_id, "complete"), 0);
    trace_close(db);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    ck_assert_ptr_nonnull(out);
    ck_assert_int_gt(trace_export(db_path, run_id, out, err, sizeof err), 0);
    fclose(out);
    return text;
}

/* Every corpus scenario: the same scenario fields and the byte-identical canonical trace both ways. */
START_TEST(test_corpus_streamed_equals_held) {
    conf_file_list files = {0};
    const char *dirs[] = {CORPUS_DIR};
    char err[512];
    ck_assert_int_eq(conf_collect(dirs, 1, &files, err, sizeof err), 0);
    ck_assert_uint_ge(files.count, 156);
    for (size_t i = 0; i < files.count; i++) {
        conf_scenario *held = NULL, *streamed = NULL;
        ck_assert_int_eq(conf_scenario_load_mode(files.paths[i], CONF_LOAD_HOLD, &held, err, sizeof err), 0);
        ck_assert_int_eq(conf_scenario_load_mode(files.paths[i], CONF_LOAD_STREAM, &streamed, err, sizeof err), 0);
        ck_assert_ptr_nonnull(held->steps);
        ck_assert_ptr_null(streamed->steps);
        ck_assert_str_eq(held->sha256, streamed->sha256);
        ck_assert_str_eq(held->id, streamed->id);
        ck_assert_str_eq(held->title, streamed->title);
        ck_assert_int_eq(held->step_count, streamed->step_count);
        ck_assert_int_eq(held->process_count, streamed->process_count);
        ck_assert_int_eq(held->clause_count, streamed->clause_count);
        ck_assert_int_eq(held->var_count, streamed->var_count);
        for (int v = 0; v < held->var_count; v++) ck_assert_str_eq(held->vars[v].name, streamed->vars[v].name);
        conf_scenario_free(held);
        conf_scenario_free(streamed);
    }
    char held_db[256], streamed_db[256];
    snprintf(held_db, sizeof held_db, "%s/held.sqlite", stream_dir);
    snprintf(streamed_db, sizeof streamed_db, "%s/streamed.sqlite", stream_dir);
    long held_steps = 0, streamed_steps = 0;
    char *held_text = run_export(&files, CONF_LOAD_HOLD, held_db, &held_steps);
    char *streamed_text = run_export(&files, CONF_LOAD_STREAM, streamed_db, &streamed_steps);
    ck_assert_int_ge(held_steps, 1598);
    ck_assert_int_eq(streamed_steps, held_steps);
    ck_assert_uint_gt(strlen(held_text), 100000);
    ck_assert_msg(strcmp(held_text, streamed_text) == 0, "canonical traces differ");
    free(held_text);
    free(streamed_text);
    conf_file_list_free(&files);
}
END_TEST

/* Loads path both ways and asserts the same outcome: both accept (same steps) or both reject with the
 * same message. Returns whether they accepted. */
static bool same_outcome(const char *path) {
    conf_scenario *held = NULL, *streamed = NULL;
    char held_err[2048] = "", streamed_err[2048] = "";
    int held_rc = conf_scenario_load_mode(path, CONF_LOAD_HOLD, &held, held_err, sizeof held_err);
    int streamed_rc = conf_scenario_load_mode(path, CONF_LOAD_STREAM, &streamed, streamed_err, sizeof streamed_err);
    ck_assert_msg(held_rc == streamed_rc, "%s: held %d (%s), streamed %d (%s)", path, held_rc, held_err, streamed_rc,
                  streamed_err);
    ck_assert_str_eq(held_err, streamed_err);
    if (held_rc == 0) {
        ck_assert_int_eq(held->step_count, streamed->step_count);
        ck_assert_str_eq(held->sha256, streamed->sha256);
    }
    conf_scenario_free(held);
    conf_scenario_free(streamed);
    return held_rc == 0;
}

START_TEST(test_malformed_worded_as_held) {
    conf_file_list files = {0};
    const char *dirs[] = {MALFORMED_DIR};
    char err[512];
    ck_assert_int_eq(conf_collect(dirs, 1, &files, err, sizeof err), 0);
    ck_assert_uint_ge(files.count, 34);
    int rejected = 0;
    for (size_t i = 0; i < files.count; i++) rejected += !same_outcome(files.paths[i]);
    ck_assert_int_eq(rejected, (int)files.count);
    conf_file_list_free(&files);
}
END_TEST

#define HEAD "{\"format\": \"rtshm-scenario/1\", \"id\": \"stream.test\", \"title\": \"Streaming test\""
#define STEP_A "{\"as\": \"rt\", \"call\": \"RtCreateSharedMemory\", \"args\": {\"MaximumSizeLow\": 4096, \"lpName\": \"S\"}, \"out\": {\"return\": \"h\"}}"
#define STEP_B "{\"as\": \"rt\", \"call\": \"CloseHandle\", \"args\": {\"hObject\": \"$h\"}, \"expect\": {\"return\": \"true\"}}"

/* Unusual but valid layouts and near-misses: the two loaders agree on each; the valid ones stream. */
START_TEST(test_layouts_agree) {
    static const struct {
        const char *text;
        bool valid;
        bool streams; /* the streaming loader takes it itself (no fallback) */
    } cases[] = {
        /* steps first, then the header members */
        {"{\"steps\": [" STEP_A ", " STEP_B "], \"format\": \"rtshm-scenario/1\", \"id\": \"stream.test\", "
         "\"title\": \"Streaming test\"}", true, true},
        /* a custom topology after the steps that need it */
        {HEAD ", \"steps\": [{\"as\": \"w\", \"call\": \"ntxGetLastRtError\"}], \"topology\": {\"nodes\": [{\"id\": "
              "\"pc\", \"windows\": true}], \"kernels\": [{\"id\": \"k\", \"kind\": \"intime\", \"node\": \"pc\"}]}, "
              "\"processes\": [{\"id\": \"w\", \"kind\": \"windows\", \"node\": \"pc\"}]}",
         true, true},
        /* whitespace everywhere JSON allows it */
        {"\r\n\t " HEAD " ,\n \"steps\"\n:\n[\n" STEP_A "\n,\n" STEP_B "\n]\n}\n\n", true, true},
        /* a byte-order mark: cJSON skips it, and so does the splitter */
        {"\xEF\xBB\xBF" HEAD ", \"steps\": [" STEP_A "]}", true, true},
        /* "steps" written with an escape, and twice (once so) */
        {HEAD ", \"st\\u0065ps\": [" STEP_A "]}", true, true},
        {HEAD ", \"st\\u0065ps\": [" STEP_A "], \"steps\": [" STEP_A "]}", false, false},
        /* whitespace cJSON skips besides space, tab, CR and LF: a form feed and a vertical tab */
        {HEAD ",\f\"steps\":\v[" STEP_A "\f]}", true, true},
        /* but after the top-level value only space, tab, CR and LF */
        {HEAD ", \"steps\": [" STEP_A "]}\f", false, false},
        /* trailing comma after the last member / the last step */
        {HEAD ", \"steps\": [" STEP_A "],}", false, false},
        {HEAD ", \"steps\": [" STEP_A ",]}", false, false},
        /* steps twice */
        {HEAD ", \"steps\": [" STEP_A "], \"steps\": [" STEP_A "]}", false, false},
        /* a duplicate key inside a step and inside the header */
        {HEAD ", \"steps\": [{\"as\": \"rt\", \"as\": \"rt\", \"call\": \"GetLastError\"}]}", false, false},
        {HEAD ", \"title\": \"again\", \"steps\": [" STEP_A "]}", false, false},
        /* a scalar step, a step followed by garbage, text after the object */
        {HEAD ", \"steps\": [7]}", false, false},
        {HEAD ", \"steps\": [" STEP_A " x]}", false, false},
        {HEAD ", \"steps\": [" STEP_A "]} x", false, false},
        /* a variable used before the step that binds it */
        {HEAD ", \"steps\": [" STEP_B ", " STEP_A "]}", false, false},
        /* unterminated string, unbalanced brackets, empty object, empty steps */
        {HEAD ", \"steps\": [{\"as\": \"rt}]}", false, false},
        {HEAD ", \"steps\": [{\"as\": \"rt\"]}", false, false},
        {"{}", false, false},
        {HEAD ", \"steps\": []}", false, false},
    };
    char path[256];
    snprintf(path, sizeof path, "%s/case.json", stream_dir);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        write_file(path, cases[i].text);
        ck_assert_msg(same_outcome(path) == cases[i].valid, "case %zu: expected %s", i,
                      cases[i].valid ? "valid" : "invalid");
        conf_scenario *sc = NULL;
        char err[2048];
        int rc = conf_scenario_load_mode(path, CONF_LOAD_STREAM, &sc, err, sizeof err);
        ck_assert_int_eq(rc, cases[i].valid ? 0 : -1);
        if (sc) ck_assert_msg((sc->steps == NULL) == cases[i].streams, "case %zu: streamed %d", i, sc->steps == NULL);
        conf_scenario_free(sc);
    }
}
END_TEST

/* Writes a scenario of n_pairs create/close pairs at path (about 190 bytes per pair). */
static void write_pairs(const char *path, int n_pairs) {
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(HEAD ", \"steps\": [", f);
    for (int i = 0; i < n_pairs; i++) fprintf(f, "%s\n  " STEP_A ",\n  " STEP_B, i ? "," : "");
    fputs("]}\n", f);
    ck_assert_int_eq(fclose(f), 0);
}

/* A file larger than CONF_HOLD_FILE_BYTES streams by default, runs whole, and its steps can be
 * described by index (the crash/timeout message path). */
START_TEST(test_large_file_streams_by_default) {
    char path[256];
    snprintf(path, sizeof path, "%s/large.json", stream_dir);
    const int pairs = 25000;
    write_pairs(path, pairs);
    conf_scenario *sc = NULL;
    char err[2048];
    ck_assert_msg(conf_scenario_load(path, &sc, err, sizeof err) == 0, "%s", err);
    ck_assert_ptr_null(sc->steps);
    ck_assert_int_eq(sc->step_count, 2 * pairs);
    ck_assert_int_eq(sc->var_count, 1);
    conf_scenario_result res;
    ck_assert_int_eq(conf_run_scenario(sc, conf_backend_reference(), 1, NULL, 0, &res), 0);
    ck_assert_str_eq(res.verdict, "PASS");
    ck_assert_int_eq(res.steps, 2 * pairs);
    char what[64];
    ck_assert(conf_steps_describe(sc, 0, what, sizeof what));
    ck_assert_str_eq(what, "RtCreateSharedMemory");
    ck_assert(conf_steps_describe(sc, 2 * pairs - 1, what, sizeof what));
    ck_assert_str_eq(what, "CloseHandle");
    ck_assert(!conf_steps_describe(sc, 2 * pairs, what, sizeof what));
    conf_scenario_free(sc);

    /* A small file holds its steps by default. */
    write_pairs(path, 2);
    ck_assert_int_eq(conf_scenario_load(path, &sc, err, sizeof err), 0);
    ck_assert_ptr_nonnull(sc->steps);
    ck_assert_int_eq(sc->step_count, 4);
    conf_scenario_free(sc);
}
END_TEST

/* As a user runs it: `rtshm run` on a file over the hold size records every step, and `rtshm check`
 * reports its step count; the trace is queried. */
START_TEST(test_cli_runs_a_streamed_file) {
    char path[256];
    snprintf(path, sizeof path, "%s/cli-large.json", stream_dir);
    const int pairs = 25000;
    write_pairs(path, pairs);
    static char out[8192], err[8192];
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "check", path, NULL), 0);
    ck_assert_msg(strstr(out, "1 scenario files valid (50000 steps)") != NULL, "%s%s", out, err);
    char db[300];
    snprintf(db, sizeof db, "%s/cli-large.sqlite", stream_dir);
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db, path, NULL), 0);
    ck_assert_msg(strstr(out, "1 scenarios: 1 PASS") != NULL, "%s%s", out, err);
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM steps"), 2 * pairs);
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM steps WHERE function = 'CloseHandle' AND ret = 'TRUE'"), pairs);
    ck_assert_int_eq(db_int(db, "SELECT MAX(step) FROM steps"), 2 * pairs - 1);
    ck_assert_int_eq(db_int(db, "SELECT steps FROM scenarios"), 2 * pairs);
}
END_TEST

static long count_rows(const char *db_path, const char *sql) {
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open(db_path, &db), SQLITE_OK);
    sqlite3_stmt *s;
    ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
    long n = (long)sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return n;
}

/* The trace at db_path holds exactly that many scenario and step rows. */
static void assert_rows(const char *db_path, long scenarios, long steps) {
    ck_assert_int_eq(count_rows(db_path, "SELECT COUNT(*) FROM scenarios"), scenarios);
    ck_assert_int_eq(count_rows(db_path, "SELECT COUNT(*) FROM steps"), steps);
}

/* A streamed file rewritten between load and run: the run fails with a message and records nothing
 * of the scenario (its transaction is rolled back). */
START_TEST(test_changed_file_fails_the_run) {
    char path[256], db_path[256];
    snprintf(path, sizeof path, "%s/changing.json", stream_dir);
    snprintf(db_path, sizeof db_path, "%s/changing.sqlite", stream_dir);
    write_pairs(path, 3);
    conf_scenario *sc = NULL;
    char err[2048];
    ck_assert_int_eq(conf_scenario_load_mode(path, CONF_LOAD_STREAM, &sc, err, sizeof err), 0);
    ck_assert_ptr_null(sc->steps);
    write_pairs(path, 4);

    conf_step_reader *r = NULL;
    ck_assert_int_eq(conf_steps_open(sc, &r, err, sizeof err), -1);
    ck_assert_ptr_null(r);
    ck_assert_str_eq(err, "the file changed since it was loaded, or cannot be read any more");

    trace_db *db = NULL;
    int64_t run_id = begin_run(db_path, "reference", &db);
    conf_scenario_result res;
    ck_assert_int_eq(conf_run_scenario(sc, conf_backend_reference(), 1, db, run_id, &res), -1);
    ck_assert_msg(strstr(res.message, "the file changed since it was loaded") != NULL, "%s", res.message);
    trace_close(db);
    assert_rows(db_path, 0, 0);
    conf_scenario_free(sc);
}
END_TEST

/* A backend that is the reference model, except that its first call rewrites bytes of the scenario's
 * file: the file changes under a run that has started, as an editor saving it would. */
static char edit_path[256];
static long edit_offset;      /* where to write edit_bytes; -1: no edit */
static const char *edit_bytes;
static bool edit_keep_mtime;  /* put the modification time back, so only the bytes tell */
static int (*reference_call)(void *, int, const char *, const char *, int, const rtshm_value *, rtshm_outcome *, char *,
                             size_t);

static int editing_call(void *world, int process, const char *api, const char *function, int argc, const rtshm_value *argv,
                        rtshm_outcome *out, char *err, size_t cap) {
    if (edit_offset >= 0) {
        struct stat before;
        ck_assert_int_eq(stat(edit_path, &before), 0);
        FILE *f = fopen(edit_path, "r+b");
        ck_assert_ptr_nonnull(f);
        ck_assert_int_eq(fseek(f, edit_offset, SEEK_SET), 0);
        ck_assert_uint_eq(fwrite(edit_bytes, 1, strlen(edit_bytes), f), strlen(edit_bytes));
        ck_assert_int_eq(fclose(f), 0);
        if (edit_keep_mtime) {
            struct timespec times[2] = {before.st_atim, before.st_mtim};
            ck_assert_int_eq(utimensat(AT_FDCWD, edit_path, times, 0), 0);
        }
        edit_offset = -1;
    }
    return reference_call(world, process, api, function, argc, argv, out, err, cap);
}

/* Offset of the last occurrence of needle in the file at path. */
static long last_offset_of(const char *path, const char *needle) {
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    static char text[8 << 20];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    long found = -1;
    for (char *p = strstr(text, needle); p; p = strstr(p + 1, needle)) found = p - text;
    ck_assert_int_ge(found, 0);
    return found;
}

/* Runs path (streamed) with the editing backend into a fresh database; asserts the run fails as an
 * input change, with the message, and that nothing of the scenario was recorded. */
static void assert_edit_fails_run(const char *path, const char *needle, const char *replacement, bool keep_mtime) {
    char db_path[300], err[2048];
    snprintf(db_path, sizeof db_path, "%s/edited.sqlite", stream_dir);
    unlink(db_path);
    conf_scenario *sc = NULL;
    ck_assert_int_eq(conf_scenario_load_mode(path, CONF_LOAD_STREAM, &sc, err, sizeof err), 0);
    int var_count = sc->var_count;
    rtshm_backend editing_table = *conf_reference_table();
    reference_call = editing_table.xCall;
    editing_table.xCall = editing_call;
    conf_backend editing = *conf_backend_reference();
    editing.table = &editing_table;
    snprintf(edit_path, sizeof edit_path, "%s", path);
    edit_offset = last_offset_of(path, needle);
    edit_bytes = replacement;
    edit_keep_mtime = keep_mtime;
    trace_db *db = NULL;
    int64_t run_id = begin_run(db_path, "reference", &db);
    conf_scenario_result res;
    ck_assert_int_eq(conf_run_scenario(sc, &editing, 1, db, run_id, &res), -1);
    ck_assert_int_eq(edit_offset, -1); /* the edit happened */
    ck_assert(res.input_changed);
    ck_assert_msg(strstr(res.message, "the file changed since it was loaded") != NULL, "%s", res.message);
    ck_assert_int_eq(sc->var_count, var_count); /* the scenario did not grow under the runner */
    trace_close(db);
    assert_rows(db_path, 0, 0);
    conf_scenario_free(sc);
}

/* Edits made while a streamed scenario runs: a new variable in a later step (which would have grown
 * the variable table under the runner), and a same-size change that still parses, with the
 * modification time put back (only the hash of the steps' bytes sees it). */
START_TEST(test_edit_during_run_fails_cleanly) {
    char path[256];
    snprintf(path, sizeof path, "%s/edited.json", stream_dir);
    /* 2,000 pairs (about 430 KB): the edit near the end lies beyond the bytes read before the first call
     * (bytes already read ran as validated, which is what counts) */
    write_pairs(path, 2000);
    assert_edit_fails_run(path, "\"return\": \"h\"", "\"return\": \"g\"", false);
    write_pairs(path, 2000);
    assert_edit_fails_run(path, "\"lpName\": \"S\"", "\"lpName\": \"T\"", true);
}
END_TEST

/* Through a backend library in a child process: a file changed since loading is an input error found
 * before the child starts, and nothing is recorded (not an ERROR scenario). */
START_TEST(test_isolated_run_of_changed_file) {
    char path[256], db_path[300], err[2048];
    snprintf(path, sizeof path, "%s/isolated.json", stream_dir);
    snprintf(db_path, sizeof db_path, "%s/isolated.sqlite", stream_dir);
    write_pairs(path, 3);
    conf_scenario *sc = NULL;
    ck_assert_int_eq(conf_scenario_load_mode(path, CONF_LOAD_STREAM, &sc, err, sizeof err), 0);
    conf_isolation *iso = NULL;
    conf_isolation_opts opts = {30, 0, 1, false, NULL};
    ck_assert_msg(conf_isolation_start(RTSHM_BACKEND_DIR "/librtshm_reference_backend.so", &opts, &iso, err, sizeof err) == 0,
                  "%s", err);
    trace_db *db = NULL;
    int64_t run_id = begin_run(db_path, conf_isolation_backend(iso)->name, &db);
    conf_scenario_result res;
    /* unchanged: it runs and passes in the child */
    ck_assert_int_eq(conf_run_isolated(iso, sc, conf_backend_reference(), 1, db, run_id, &res), 0);
    ck_assert_str_eq(res.verdict, "PASS");
    ck_assert_int_eq(res.steps, 6);
    FILE *f = fopen(path, "ab");
    ck_assert_ptr_nonnull(f);
    fputc(' ', f);
    ck_assert_int_eq(fclose(f), 0);
    ck_assert_int_eq(conf_run_isolated(iso, sc, conf_backend_reference(), 1, db, run_id, &res), -1);
    ck_assert(res.input_changed);
    ck_assert_msg(strstr(res.message, "the file changed since it was loaded") != NULL, "%s", res.message);
    trace_close(db);
    conf_isolation_stop(iso);
    assert_rows(db_path, 1, 6);
    conf_scenario_free(sc);
}
END_TEST

/* A corpus holds the steps of its files while they total at most CONF_HOLD_FILE_BYTES, and streams the
 * rest (a file larger than that always streams). */
START_TEST(test_corpus_hold_budget) {
    const uint64_t MiB = 1024 * 1024;
    uint64_t held = 0;
    ck_assert_int_eq(conf_corpus_load_mode(1 * MiB, &held), CONF_LOAD_HOLD);
    ck_assert_uint_eq(held, 1 * MiB);
    ck_assert_int_eq(conf_corpus_load_mode(3 * MiB, &held), CONF_LOAD_HOLD);
    ck_assert_uint_eq(held, 4 * MiB);
    ck_assert_int_eq(conf_corpus_load_mode(1, &held), CONF_LOAD_STREAM);
    ck_assert_uint_eq(held, 4 * MiB);
    held = 0;
    ck_assert_int_eq(conf_corpus_load_mode(4 * MiB + 1, &held), CONF_LOAD_STREAM);
    ck_assert_uint_eq(held, 0);
    ck_assert_int_eq(conf_corpus_load_mode(4 * MiB, &held), CONF_LOAD_HOLD);
    ck_assert_uint_eq(held, 4 * MiB);
    ck_assert_int_eq(conf_corpus_load_mode(0, &held), CONF_LOAD_HOLD);
}
END_TEST

/* Three files of about 2.6 MB each in one folder: the first is held, the others stream; all run. */
START_TEST(test_cli_corpus_beyond_hold_budget) {
    char dir[300], path[400], db[400];
    snprintf(dir, sizeof dir, "%s/corpus", stream_dir);
    ck_assert_int_eq(mkdir(dir, 0755), 0);
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/s%d.json", dir, i);
        write_pairs(path, 12000);
        /* distinct ids */
        FILE *f = fopen(path, "r+b");
        ck_assert_ptr_nonnull(f);
        ck_assert_int_eq(fseek(f, (long)strlen("{\"format\": \"rtshm-scenario/1\", \"id\": \"stream.tes"), SEEK_SET), 0);
        fputc('a' + i, f);
        ck_assert_int_eq(fclose(f), 0);
    }
    snprintf(db, sizeof db, "%s/corpus.sqlite", stream_dir);
    static char out[8192], err[8192];
    ck_assert_int_eq(rtshm_exec(out, sizeof out, err, sizeof err, "run", "--db", db, dir, NULL), 0);
    ck_assert_msg(strstr(out, "3 scenarios: 3 PASS") != NULL, "%s%s", out, err);
    ck_assert_int_eq(db_int(db, "SELECT COUNT(*) FROM steps"), 3 * 24000);
    ck_assert_int_eq(db_int(db, "SELECT COUNT(DISTINCT scenario) FROM steps"), 3);
    ck_assert_int_eq(db_int(db, "SELECT MIN(steps) FROM scenarios"), 24000);
}
END_TEST

Suite *stream_suite(void) {
    Suite *s = suite_create("stream");
    TCase *tc = tcase_create("stream");
    tcase_add_checked_fixture(tc, make_tmp, remove_tmp);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_corpus_streamed_equals_held);
    tcase_add_test(tc, test_malformed_worded_as_held);
    tcase_add_test(tc, test_layouts_agree);
    tcase_add_test(tc, test_large_file_streams_by_default);
    tcase_add_test(tc, test_changed_file_fails_the_run);
    tcase_add_test(tc, test_cli_runs_a_streamed_file);
    tcase_add_test(tc, test_edit_during_run_fails_cleanly);
    tcase_add_test(tc, test_isolated_run_of_changed_file);
    tcase_add_test(tc, test_corpus_hold_budget);
    tcase_add_test(tc, test_cli_corpus_beyond_hold_budget);
    suite_add_tcase(s, tc);
    return s;
}
