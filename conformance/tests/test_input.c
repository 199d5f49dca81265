/* conformance/tests/test_input.c — hostile input to the loader and the CLI (issue 16, item 7).
 *
 * Non-regular files are refused before they are opened (a FIFO named on the command line does not hang
 * check, run or validate; a device is refused; a corpus folder notes every entry it skips); every string
 * of a scenario must be UTF-8 (overlong forms, surrogates encoded or as unpaired \u escapes, code points
 * above U+10FFFF and cut sequences are input errors with the JSON path and line:column); running out of
 * memory while loading is reported as such (CONF_LOAD_NO_MEMORY, never "not valid JSON"), proved by
 * refusing each allocation in turn through the hook of sim/alloc.h, which cJSON allocates through;
 * outside text (paths, backend messages) is escaped in text output; --seed takes decimal or 0x-hex
 * digits only. Unit tests call the loader; e2e tests run the rtshm binary. */
#include <check.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "../cli/escape.h"
#include "../cli/load.h"
#include "../cli/options.h"
#include "cli_harness.h"
#include "conf/cli.h"
#include "conf/corpus.h"
#include "conf/scenario.h"
#include "sim/alloc.h"
#include "suites.h"

#ifndef RTSHM_SOURCE_DIR
#define RTSHM_SOURCE_DIR "."
#endif

#define HINT "(run 'rtshm --help' for usage)\n"
#define REJECTED "rtshm: 1 scenario file rejected; nothing was run\n"
#define HEAD "{\"format\": \"rtshm-scenario/1\", \"id\": \"input.test\", \"title\": \"Input test\",\n"
#define STEP "{\"as\": \"rt\", \"call\": \"GetLastError\"}"

static char out_buf[16384], err_buf[16384];

static void write_text(const char *path, const char *text) {
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(text, 1, strlen(text), f), strlen(text));
    ck_assert_int_eq(fclose(f), 0);
}

/* ---- non-regular files ---- */

/* A FIFO, a device and a socket named as scenario files: refused before anything is opened, by the
 * collector (a PATH) and by the loader itself (both modes), with the kind of file named. */
START_TEST(non_regular_paths_are_refused_unopened) {
    const char *fifo = kept_tmp_path("pipe.json");
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    const char *sock_path = kept_tmp_path("sock.json");
    int sock = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    snprintf(addr.sun_path, sizeof addr.sun_path, "%s", sock_path);
    ck_assert_int_eq(bind(sock, (struct sockaddr *)&addr, sizeof addr), 0);
    const struct {
        const char *path, *kind;
    } cases[] = {{fifo, "a FIFO (named pipe)"}, {"/dev/null", "a character device"}, {sock_path, "a socket"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        conf_file_list files = {0};
        char err[1024], want[1024];
        ck_assert_int_eq(conf_collect(&cases[i].path, 1, &files, err, sizeof err), -1);
        snprintf(want, sizeof want, "%s: %s, not a regular file or folder; scenarios are read from regular files",
                 cases[i].path, cases[i].kind);
        ck_assert_str_eq(err, want);
        conf_file_list_free(&files);
        snprintf(want, sizeof want, "%s: %s, not a regular file", cases[i].path, cases[i].kind);
        for (int mode = CONF_LOAD_AUTO; mode <= CONF_LOAD_STREAM; mode++) {
            conf_scenario *sc = NULL;
            ck_assert_int_eq(conf_scenario_load_mode(cases[i].path, (conf_load_mode)mode, &sc, err, sizeof err), -1);
            ck_assert_str_eq(err, want);
        }
    }
    close(sock);
}
END_TEST

/* A corpus folder: the scenario is taken; a FIFO, a link to a device, a dangling link and a socket are
 * skipped with one note each, sorted; a README and hidden entries are skipped silently. */
START_TEST(corpus_folder_notes_what_it_skips) {
    const char *dir = kept_tmp_path("corpus");
    char path[512];
    ck_assert_int_eq(mkdir(dir, 0700), 0);
    snprintf(path, sizeof path, "%s/ok.json", dir);
    write_text(path, HEAD "\"steps\": [" STEP "]}");
    snprintf(path, sizeof path, "%s/README.md", dir);
    write_text(path, "notes\n");
    snprintf(path, sizeof path, "%s/.hidden.json", dir);
    ck_assert_int_eq(mkfifo(path, 0600), 0);
    snprintf(path, sizeof path, "%s/b-pipe.json", dir);
    ck_assert_int_eq(mkfifo(path, 0600), 0);
    snprintf(path, sizeof path, "%s/a-null.json", dir);
    ck_assert_int_eq(symlink("/dev/null", path), 0);
    snprintf(path, sizeof path, "%s/c-gone.json", dir);
    ck_assert_int_eq(symlink("nowhere.json", path), 0);
    conf_file_list files = {0};
    char err[1024];
    ck_assert_int_eq(conf_collect(&dir, 1, &files, err, sizeof err), 0);
    ck_assert_uint_eq(files.count, 1);
    ck_assert_uint_eq(files.skipped_count, 3);
    char want[3][600];
    snprintf(want[0], sizeof want[0], "%s/a-null.json: skipped: a character device, not a regular file", dir);
    snprintf(want[1], sizeof want[1], "%s/b-pipe.json: skipped: a FIFO (named pipe), not a regular file", dir);
    snprintf(want[2], sizeof want[2],
             "%s/c-gone.json: skipped: a symbolic link that leads nowhere (No such file or directory)", dir);
    for (int i = 0; i < 3; i++) ck_assert_str_eq(files.skipped[i], want[i]);
    conf_file_list_free(&files);

    /* through the binary: the notes on stderr, one line each, and the scenario checked */
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "check", dir, NULL), RTSHM_EXIT_OK);
    ck_assert_str_eq(out_buf, "1 scenario files valid (1 steps)\n");
    char expected[2048];
    snprintf(expected, sizeof expected, "rtshm: note: %s\nrtshm: note: %s\nrtshm: note: %s\n", want[0], want[1], want[2]);
    ck_assert_str_eq(err_buf, expected);
}
END_TEST

/* check, run and validate on a FIFO: exit 2 at once with the message (a hang would fail the test by its
 * timeout); the FIFO is never opened (no writer ever comes). */
START_TEST(commands_refuse_a_fifo) {
    const char *fifo = kept_tmp_path("pipe.json");
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    const char *db = kept_tmp_path("t.sqlite");
    char want[1024];
    snprintf(want, sizeof want,
             "rtshm: %s: a FIFO (named pipe), not a regular file or folder; scenarios are read from regular files\n", fifo);
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "check", fifo, NULL), RTSHM_EXIT_INPUT);
    ck_assert_str_eq(err_buf, want);
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", db, fifo, NULL),
                     RTSHM_EXIT_INPUT);
    ck_assert_str_eq(err_buf, want);
    ck_assert_str_eq(out_buf, "");
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "validate", "--db", db, "--impl",
                                RTSHM_BACKEND_DIR "/librtshm_posix.so", fifo, NULL),
                     RTSHM_EXIT_INPUT);
    ck_assert_str_eq(err_buf, want);
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "check", "/dev/zero", NULL),
                     RTSHM_EXIT_INPUT);
    ck_assert_str_eq(err_buf, "rtshm: /dev/zero: a character device, not a regular file or folder; scenarios are read "
                              "from regular files\n");
}
END_TEST

/* ---- UTF-8 ---- */

/* Loads text (held, and streamed: the same message) and returns the held loader's message. */
static const char *load_error(const char *text) {
    static char held_err[2048];
    char streamed_err[2048];
    const char *path = tmp_path("utf8.json");
    write_text(path, text);
    conf_scenario *sc = NULL;
    ck_assert_int_eq(conf_scenario_load_mode(path, CONF_LOAD_HOLD, &sc, held_err, sizeof held_err), -1);
    ck_assert_int_eq(conf_scenario_load_mode(path, CONF_LOAD_STREAM, &sc, streamed_err, sizeof streamed_err), -1);
    ck_assert_str_eq(held_err, streamed_err);
    const char *tail = strstr(held_err, ".json:"); /* without the temporary folder */
    ck_assert_ptr_nonnull(tail);
    return tail + 6;
}

START_TEST(strings_must_be_utf8) {
    static const struct {
        const char *title, *message;
    } cases[] = {
        {"\xc0\xaf", "2:12: title: the string is not valid UTF-8 (an overlong encoding of U+002F)"},
        {"ab\xe0\x80\xaf", "2:14: title: the string is not valid UTF-8 (an overlong encoding of U+002F)"},
        {"\xf0\x82\x82\xac", "2:12: title: the string is not valid UTF-8 (an overlong encoding of U+20AC)"},
        {"\xed\xa0\x80", "2:12: title: the string is not valid UTF-8 (an encoded UTF-16 surrogate U+D800)"},
        {"\xed\xbf\xbf", "2:12: title: the string is not valid UTF-8 (an encoded UTF-16 surrogate U+DFFF)"},
        {"\xf4\x90\x80\x80", "2:12: title: the string is not valid UTF-8 (a code point beyond U+10FFFF)"},
        {"\xf7\xbf\xbf\xbf", "2:12: title: the string is not valid UTF-8 (a code point beyond U+10FFFF)"},
        {"x\x80", "2:13: title: the string is not valid UTF-8 (a continuation byte 0x80 without a lead byte)"},
        {"\xff", "2:12: title: the string is not valid UTF-8 (byte 0xff, never in UTF-8)"},
        {"\xe2\x82 x", "2:12: title: the string is not valid UTF-8 (a sequence cut short after 2 of its 3 bytes)"},
        {"\\ud800", "2:12: title: the string is not valid UTF-8 (the escape \\uD800 is a UTF-16 surrogate not followed "
                    "by a low surrogate escape)"},
        {"a\\udc00", "2:13: title: the string is not valid UTF-8 (the escape \\uDC00 is a UTF-16 surrogate without a "
                     "high surrogate before it)"},
        {"\\udbff\\u0041", "2:12: title: the string is not valid UTF-8 (the escape \\uDBFF is a UTF-16 surrogate not "
                           "followed by a low surrogate escape)"},
    };
    char text[1024], want[512];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(text, sizeof text, "{\"format\": \"rtshm-scenario/1\", \"id\": \"input.test\",\n \"title\": \"%s\", "
                 "\"steps\": [" STEP "]}", cases[i].title);
        snprintf(want, sizeof want, "%s; names and strings must be UTF-8 text", cases[i].message);
        ck_assert_str_eq(load_error(text), want);
    }
    /* in a step's name argument, in a key, and valid text of every length (é, €, U+10FFFF, a pair) */
    ck_assert_str_eq(load_error(HEAD "\"steps\": [{\"as\": \"rt\", \"call\": \"RtCreateSharedMemory\",\n \"args\": "
                                     "{\"MaximumSizeLow\": 4096, \"lpName\": \"seg\xc1\xbf\"}}]}"),
                     "3:49: steps[0].args.lpName: the string is not valid UTF-8 (an overlong encoding of U+007F); names "
                     "and strings must be UTF-8 text");
    ck_assert_str_eq(load_error(HEAD "\"steps\": [{\"as\": \"rt\", \"c\xa0ll\": \"GetLastError\"}]}"),
                     "2:26: steps[0]: a key is not valid UTF-8 (a continuation byte 0xa0 without a lead byte); names and "
                     "strings must be UTF-8 text");
    const char *path = tmp_path("good.json");
    write_text(path, "{\"format\": \"rtshm-scenario/1\", \"id\": \"input.test\", \"title\": \"\xc3\xa9 \xe2\x82\xac "
                     "\xf4\x8f\xbf\xbf \\ud83d\\ude00\", \"steps\": [" STEP "]}");
    conf_scenario *sc = NULL;
    char err[1024];
    ck_assert_msg(conf_scenario_load(path, &sc, err, sizeof err) == 0, "%s", err);
    ck_assert_str_eq(sc->title, "\xc3\xa9 \xe2\x82\xac \xf4\x8f\xbf\xbf \xf0\x9f\x98\x80");
    conf_scenario_free(sc);
}
END_TEST

/* Through the binary: exit 2, the file, the JSON path and line:column. */
START_TEST(check_rejects_invalid_utf8) {
    const char *path = kept_tmp_path("bad.json");
    write_text(path, HEAD "\"tags\": [\"ok\", \"b\xedr\"], \"steps\": [" STEP "]}");
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "check", path, NULL), RTSHM_EXIT_INPUT);
    char want[1024];
    snprintf(want, sizeof want, "%s:2:18: tags[1]: the string is not valid UTF-8 (a sequence cut short after 1 of its "
             "3 bytes); names and strings must be UTF-8 text\n" REJECTED, path);
    ck_assert_str_eq(err_buf, want);
    ck_assert_str_eq(out_buf, "");
}
END_TEST

/* ---- out of memory ---- */

/* A hook refusing request fail_at (1-based; 0: none) and counting live blocks (as test_oom.c). */
typedef struct oom_hook {
    uint64_t requests, fail_at;
    int64_t live;
    bool refused;
} oom_hook;

static void *oom_alloc(void *ud, void *ptr, size_t size) {
    oom_hook *h = ud;
    if (size == 0) {
        if (ptr) h->live--;
        free(ptr);
        return NULL;
    }
    if (++h->requests == h->fail_at) {
        h->refused = true;
        return NULL;
    }
    void *p = realloc(ptr, size);
    if (p && ptr == NULL) h->live++;
    return p;
}

static int load_with_hook(const char *path, conf_load_mode mode, oom_hook *h, char *err, size_t cap) {
    conf_scenario *sc = NULL;
    sim_alloc_set_hook(oom_alloc, h);
    int rc = conf_scenario_load_mode(path, mode, &sc, err, cap);
    conf_scenario_free(sc);
    sim_alloc_set_hook(NULL, NULL);
    return rc;
}

/* Every allocation request of loading a valid scenario (cJSON's, the position index's) refused in turn:
 * the held loader reports out of memory (CONF_LOAD_NO_MEMORY, a message saying so, never a syntax or
 * validity error) and leaks nothing; the streaming loader does the same, or, when the refusal came in a
 * pass that a later one repeats, loads the file. */
START_TEST(out_of_memory_is_reported_as_such) {
    const char *path = RTSHM_SOURCE_DIR "/conformance/scenarios/ntx/ntx.combo.link-down-and-back-up.json";
    for (int mode = CONF_LOAD_HOLD; mode <= CONF_LOAD_STREAM; mode++) {
        oom_hook count = {0};
        char err[2048];
        ck_assert_int_eq(load_with_hook(path, (conf_load_mode)mode, &count, err, sizeof err), 0);
        ck_assert_int_eq(count.live, 0);
        ck_assert_uint_gt(count.requests, 100);
        int loaded = 0;
        for (uint64_t n = 1; n <= count.requests; n++) {
            oom_hook h = {.fail_at = n};
            err[0] = '\0';
            int rc = load_with_hook(path, (conf_load_mode)mode, &h, err, sizeof err);
            ck_assert_msg(h.refused, "request %llu never came", (unsigned long long)n);
            ck_assert_msg(h.live == 0, "mode %d, request %llu refused: %lld blocks leaked", mode, (unsigned long long)n,
                          (long long)h.live);
            if (rc == 0 && mode == CONF_LOAD_STREAM) {
                loaded++;
                continue;
            }
            ck_assert_msg(rc == CONF_LOAD_NO_MEMORY && strstr(err, "out of memory") != NULL &&
                              strstr(err, "not valid") == NULL,
                          "mode %d, request %llu refused: %d '%s'", mode, (unsigned long long)n, rc, err);
        }
        if (mode == CONF_LOAD_HOLD) ck_assert_int_eq(loaded, 0);
    }
    /* the held loader's words: the first request is the position index's, a later one cJSON's */
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    char err[2048], want[2][2048];
    snprintf(want[0], sizeof want[0], "%s: out of memory while indexing the file (%lld bytes); it was not judged", path,
             (long long)st.st_size);
    snprintf(want[1], sizeof want[1], "%s: out of memory while parsing the file (%lld bytes); it was not judged", path,
             (long long)st.st_size);
    oom_hook first = {.fail_at = 1};
    ck_assert_int_eq(load_with_hook(path, CONF_LOAD_HOLD, &first, err, sizeof err), CONF_LOAD_NO_MEMORY);
    ck_assert_str_eq(err, want[0]);
    bool parsing_seen = false;
    for (uint64_t n = 2; n < 10000 && !parsing_seen; n++) {
        oom_hook h = {.fail_at = n};
        load_with_hook(path, CONF_LOAD_HOLD, &h, err, sizeof err);
        parsing_seen = strcmp(err, want[1]) == 0;
    }
    ck_assert(parsing_seen);
}
END_TEST

/* The CLI's loader returns CLI_CORPUS_NO_MEMORY (check: exit 3) and says so. */
START_TEST(corpus_load_out_of_memory) {
    char *paths[] = {RTSHM_SOURCE_DIR "/conformance/scenarios/ntx/ntx.combo.link-down-and-back-up.json"};
    cli_corpus corpus = {0};
    oom_hook h = {.fail_at = 5};
    sim_alloc_set_hook(oom_alloc, &h);
    int rc = cli_corpus_load(paths, 1, &corpus);
    cli_corpus_free(&corpus);
    sim_alloc_set_hook(NULL, NULL);
    ck_assert(h.refused);
    ck_assert_int_eq(rc, CLI_CORPUS_NO_MEMORY);
    ck_assert_int_eq(h.live, 0);
}
END_TEST

/* ---- escaping ---- */

START_TEST(escape_shows_control_bytes) {
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"plain text, \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 and C:\\path", "plain text, \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 and C:\\path"},
        {"\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"},
        {"two\nlines\r\tand\x7f", "two\\x0alines\\x0d\\x09and\\x7f"},
        {"c1 \xc2\x9b csi", "c1 \\xc2\\x9b csi"},
        {"bad \xff \xc3 \xed\xa0\x80 \xc0\xaf", "bad \\xff \\xc3 \\xed\\xa0\\x80 \\xc0\\xaf"},
    };
    char buf[256];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ck_assert_str_eq(cli_escape(cases[i].in, buf, sizeof buf), cases[i].out);
        ck_assert(cli_escape_clean(cases[i].in) == (i == 0));
    }
    /* truncated before an escape, never inside one */
    ck_assert_str_eq(cli_escape("ab\x1b", buf, 6), "ab");
    ck_assert_str_eq(cli_escape("ab\x1b", buf, 7), "ab\\x1b");
}
END_TEST

/* Folder names holding an escape sequence and a newline, and a FAIL whose reason names the file: what
 * rtshm prints shows \x1b and \x0a, never the raw bytes (no colour, no forged line). */
START_TEST(verdict_lines_and_errors_are_escaped) {
    const char *base = kept_tmp_path("esc");
    ck_assert_int_eq(mkdir(base, 0700), 0);
    char dir[512], path[600], shown_dir[600];
    snprintf(dir, sizeof dir, "%s/\x1b[31mred\nPASS    x", base);
    snprintf(shown_dir, sizeof shown_dir, "%s/\\x1b[31mred\\x0aPASS    x", base);
    ck_assert_int_eq(mkdir(dir, 0700), 0);
    snprintf(path, sizeof path, "%s/fails.json", dir);
    write_text(path, HEAD "\"steps\": [{\"as\": \"rt\", \"call\": \"GetLastError\", \"expect\": {\"return\": 5}}]}");
    const char *db = kept_tmp_path("esc.sqlite");
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", db, base, NULL),
                     RTSHM_EXIT_FAILED);
    ck_assert_ptr_null(strchr(out_buf, '\x1b'));
    char want[1024];
    snprintf(want, sizeof want, "DIVERGE input.test  (1 steps)\n        %s/fails.json: step 0 (GetLastError, "
             "IWIN32.LASTERROR): expected return 0x5, got 0x0\n1 scenarios: ", shown_dir);
    ck_assert_msg(strncmp(out_buf, want, strlen(want)) == 0, "stdout:\n%s\nexpected to start with:\n%s", out_buf, want);

    /* an input error in that folder: the message escaped on stderr */
    write_text(path, HEAD "\"steps\": []}");
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "check", base, NULL), RTSHM_EXIT_INPUT);
    snprintf(want, sizeof want, "%s/fails.json:2:10: steps: expected a non-empty array of steps\n" REJECTED, shown_dir);
    ck_assert_str_eq(err_buf, want);
}
END_TEST

/* ---- --seed ---- */

START_TEST(seed_is_decimal_or_hex_unsigned) {
    static const struct {
        const char *text;
        int rc;
        uint64_t value;
    } cases[] = {
        {"0", 0, 0}, {"010", 0, 10}, {"0x10", 0, 16}, {"0X1f", 0, 31}, {"18446744073709551615", 0, UINT64_MAX},
        {"0xFFFFFFFFFFFFFFFF", 0, UINT64_MAX}, {"18446744073709551616", -1, 0}, {"0x10000000000000000", -1, 0},
        {"-1", -1, 0}, {" -1", -1, 0}, {"+1", -1, 0}, {" 1", -1, 0}, {"1 ", -1, 0}, {"0x", -1, 0}, {"0x-1", -1, 0},
        {"0x 1", -1, 0}, {"", -1, 0}, {"1e3", -1, 0}, {"0b1", -1, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint64_t v = 12345;
        ck_assert_msg(cli_parse_u64(cases[i].text, &v) == cases[i].rc, "'%s'", cases[i].text);
        if (cases[i].rc == 0) ck_assert_uint_eq(v, cases[i].value);
    }
    /* through the binary, word for word */
    const char *scenario = RTSHM_SOURCE_DIR "/conformance/scenarios/iwin32/iwin32.close.invalid-handle-fails.json";
    const char *db = kept_tmp_path("seed.sqlite");
    static const char *const refused[] = {"0x", "0x10000000000000000", "+1", "-1", " -1", "1 "};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", db, "--seed",
                                    refused[i], scenario, NULL),
                         RTSHM_EXIT_INPUT);
        char want[256];
        snprintf(want, sizeof want, "rtshm: --seed takes an unsigned 64-bit integer, not '%s'\n" HINT, refused[i]);
        ck_assert_str_eq(err_buf, want);
    }
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--db", db, "--seed",
                                "0XfF", scenario, NULL),
                     RTSHM_EXIT_OK);
    ck_assert_int_eq(db_int(db, "SELECT seed FROM runs ORDER BY run_id DESC LIMIT 1"), 255);
}
END_TEST

Suite *input_suite(void) {
    Suite *s = suite_create("input");
    TCase *tc = tcase_create("input");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, non_regular_paths_are_refused_unopened);
    tcase_add_test(tc, corpus_folder_notes_what_it_skips);
    tcase_add_test(tc, commands_refuse_a_fifo);
    tcase_add_test(tc, strings_must_be_utf8);
    tcase_add_test(tc, check_rejects_invalid_utf8);
    tcase_add_test(tc, out_of_memory_is_reported_as_such);
    tcase_add_test(tc, corpus_load_out_of_memory);
    tcase_add_test(tc, escape_shows_control_bytes);
    tcase_add_test(tc, verdict_lines_and_errors_are_escaped);
    tcase_add_test(tc, seed_is_decimal_or_hex_unsigned);
    suite_add_tcase(s, tc);
    return s;
}
