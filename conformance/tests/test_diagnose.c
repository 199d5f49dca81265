/* conformance/tests/test_diagnose.c — the streaming loader's wording of errors (parse_diagnose.c)
 * against the held loader's (parse.c), the reference.
 *
 * The held loader parses the whole file; the streaming loader words a rejected file from a skeleton in
 * which every step that parses alone is blanked, then validates the steps one at a time. The contract:
 * for every file the held loader rejects, the diagnosis gives the same return code and exactly the same
 * message; for every file it accepts, the diagnosis finds nothing (returns 1). Checked here on every
 * malformed fixture and on systematic damage to real scenarios: every truncation, every deletion of one
 * byte, and every replacement of one byte by each of a set of bytes that break JSON in different ways. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/corpus.h"
#include "conf/scenario.h"
#include "parse_util.h"
#include "suites.h"

#ifndef RTSHM_SOURCE_DIR
#define RTSHM_SOURCE_DIR "."
#endif

static char scratch[256]; /* a file in a folder made by mkdtemp per test */

static void make_scratch(void) {
    const char *base = getenv("TMPDIR");
    char dir[200];
    snprintf(dir, sizeof dir, "%s/rtshm-diagnose-XXXXXX", base && *base ? base : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(scratch, sizeof scratch, "%s/case.json", dir);
}

static void remove_scratch(void) {
    unlink(scratch);
    char *slash = strrchr(scratch, '/');
    *slash = '\0';
    rmdir(scratch);
}

static void write_bytes(const char *path, const char *bytes, size_t len) {
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(bytes, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
}

static char *read_all(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "%s", path);
    char *buf = malloc(1 << 20);
    ck_assert_ptr_nonnull(buf);
    *len = fread(buf, 1, 1 << 20, f);
    fclose(f);
    return buf;
}

/* Loads the scratch file held and diagnoses it; asserts they agree. Returns 1 when the held loader
 * rejected it. what names the damage for the failure message. */
static int agree(const char *what) {
    conf_scenario *held = NULL;
    char held_err[2048] = "", diag_err[2048] = "";
    int held_rc = conf_scenario_load_mode(scratch, CONF_LOAD_HOLD, &held, held_err, sizeof held_err);
    int diag_rc = parse_diagnose(scratch, diag_err, sizeof diag_err);
    conf_scenario_free(held);
    if (held_rc == 0) {
        ck_assert_msg(diag_rc == 1, "%s: held accepts, diagnosis says %d: %s", what, diag_rc, diag_err);
        return 0;
    }
    ck_assert_msg(diag_rc == held_rc && strcmp(held_err, diag_err) == 0, "%s:\n  held      %d %s\n  diagnosis %d %s", what,
                  held_rc, held_err, diag_rc, diag_err);
    return 1;
}

START_TEST(fixtures_are_worded_as_held) {
    conf_file_list files = {0};
    const char *dirs[] = {RTSHM_SOURCE_DIR "/conformance/tests/malformed"};
    char err[512];
    ck_assert_int_eq(conf_collect(dirs, 1, &files, err, sizeof err), 0);
    ck_assert_uint_ge(files.count, 37);
    for (size_t i = 0; i < files.count; i++) {
        size_t len;
        char *text = read_all(files.paths[i], &len);
        write_bytes(scratch, text, len);
        free(text);
        ck_assert_int_eq(agree(files.paths[i]), 1);
    }
    conf_file_list_free(&files);
}
END_TEST

/* A real scenario with a topology, and the bytes its replacements use. */
static const struct {
    const char *path;
    const char *bytes;
} damaged[] = {
    {"conformance/scenarios/iwin32/iwin32.pool.size-is-configured-in-4m-segments.json", "\"}],\\\xc3"},
};

/* Every truncation and deletion of one byte of a real scenario, and every replacement of one byte by
 * each of a set (a quote, closing brackets, a comma, a backslash, a UTF-8 lead byte): 9,500 files. A
 * wider one-off run (14 replacement bytes, 6 files including a byte-order mark and two malformed
 * fixtures, 200,000 files) found no difference either; it is too slow for every `make test`. */
START_TEST(damage_is_worded_as_held) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", RTSHM_SOURCE_DIR, damaged[_i].path);
    size_t len;
    char *text = read_all(path, &len);
    char *copy = malloc(len + 1);
    ck_assert_ptr_nonnull(copy);
    const char *bytes = damaged[_i].bytes;
    int rejected = 0, cases = 0;
    char what[128];
    for (size_t at = 0; at <= len; at++) {
        write_bytes(scratch, text, at); /* truncated */
        snprintf(what, sizeof what, "%s cut at %zu", damaged[_i].path, at);
        rejected += agree(what);
        cases++;
        if (at == len) break;
        memcpy(copy, text, at); /* byte at deleted */
        memcpy(copy + at, text + at + 1, len - at - 1);
        write_bytes(scratch, copy, len - 1);
        snprintf(what, sizeof what, "%s without byte %zu", damaged[_i].path, at);
        rejected += agree(what);
        cases++;
        memcpy(copy, text, len);
        for (size_t b = 0; bytes[b]; b++) {
            if (text[at] == bytes[b]) continue;
            copy[at] = bytes[b];
            write_bytes(scratch, copy, len);
            snprintf(what, sizeof what, "%s with byte %zu 0x%02x", damaged[_i].path, at, (unsigned char)bytes[b]);
            rejected += agree(what);
            cases++;
        }
    }
    ck_assert_int_gt(rejected, cases / 2);
    free(copy);
    free(text);
}
END_TEST

/* Builds into buf a scenario whose list at key (a top-level member, or "topology" with its "nodes") has n
 * entries made by entry(i), with odd written at index odd_at instead. */
static void list_scenario(char *buf, size_t cap, const char *key, int n, const char *entry_fmt, int odd_at, const char *odd) {
    size_t used = (size_t)snprintf(buf, cap, "{\"format\": \"rtshm-scenario/1\", \"id\": \"d.t\", \"title\": \"T\",\n"
                                             " \"%s\": %s[", strcmp(key, "topology") == 0 ? "topology" : key,
                                   strcmp(key, "topology") == 0 ? "{\"nodes\": " : "");
    for (int i = 0; i < n && used < cap; i++) {
        if (i) used += (size_t)snprintf(buf + used, cap - used, ",%s", i % 8 ? " " : "\n  ");
        if (i == odd_at) used += (size_t)snprintf(buf + used, cap - used, "%s", odd);
        else used += (size_t)snprintf(buf + used, cap - used, entry_fmt, i);
    }
    snprintf(buf + used, cap - used, "]%s,\n \"steps\": [{\"as\": \"rt\", \"call\": \"GetLastError\"}]}",
             strcmp(key, "topology") == 0 ? "}" : "");
}

/* The header's lists past their 64th element are blanked too (they are refused by their count first):
 * long lists with something wrong inside, before and after the 64th element, are worded as held; and a
 * value starting with a byte-order mark (which cJSON skips only at the start of a text) is refused by
 * both loaders. */
START_TEST(header_lists_and_odd_values_are_worded_as_held) {
    static const struct {
        const char *key, *entry, *odd;
    } lists[] = {
        {"tags", "\"t%d\"", "\"bad\\q\""},              /* a bad escape */
        {"tags", "\"t%d\"", "\"t\\u0000\""},            /* \u0000 */
        {"tags", "\"t%d\"", "\"\xc0\xaf\""},            /* bad UTF-8 */
        {"clauses", "\"X%d\"", "7"},                     /* not a string */
        {"processes", "{\"id\": \"p%d\", \"kind\": \"windows\"}", "{\"id\": \"q\", \"id\": \"r\"}"}, /* duplicate */
        {"topology", "{\"id\": \"n%d\"}", "{\"id\": \"m\" \"x\"}"},                   /* syntax */
    };
    static char text[65536];
    int rejected = 0;
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        static const int sizes[][2] = {{3, 1}, {64, 63}, {65, 1}, {65, 64}, {200, 150}, {200, -1}};
        for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
            list_scenario(text, sizeof text, lists[i].key, sizes[k][0], lists[i].entry, sizes[k][1], lists[i].odd);
            write_bytes(scratch, text, strlen(text));
            char what[128];
            snprintf(what, sizeof what, "%s of %d, odd at %d", lists[i].key, sizes[k][0], sizes[k][1]);
            rejected += agree(what);
        }
    }
    ck_assert_int_eq(rejected, (int)(sizeof lists / sizeof lists[0]) * 6);
    static const char *const odd[] = {
        "{\"format\": \"rtshm-scenario/1\", \"id\": \"d.t\", \"title\": \xEF\xBB\xBF\"T\", \"steps\": [{\"as\": \"rt\", "
        "\"call\": \"GetLastError\"}]}",
        "{\"format\": \"rtshm-scenario/1\", \"id\": \"d.t\", \"title\": \"T\", \"steps\": [\xEF\xBB\xBF{\"as\": \"rt\", "
        "\"call\": \"GetLastError\"}]}",
        "\xEF\xBB\xBF{\"format\": \"rtshm-scenario/1\", \"id\": \"d.t\", \"title\": \"T\", \"steps\": [7]}",
        "[1, 2, {\"a\": 1, \"a\": 2}]",
        "\"just a string\"",
    };
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
        write_bytes(scratch, odd[i], strlen(odd[i]));
        ck_assert_int_eq(agree(odd[i]), 1);
        conf_scenario *sc = NULL;
        char err[2048];
        ck_assert_int_eq(conf_scenario_load_mode(scratch, CONF_LOAD_STREAM, &sc, err, sizeof err), -1);
    }
}
END_TEST

Suite *diagnose_suite(void) {
    Suite *s = suite_create("diagnose");
    TCase *tc = tcase_create("diagnose");
    tcase_set_timeout(tc, 600);
    tcase_add_checked_fixture(tc, make_scratch, remove_scratch);
    tcase_add_test(tc, fixtures_are_worded_as_held);
    tcase_add_test(tc, header_lists_and_odd_values_are_worded_as_held);
    tcase_add_loop_test(tc, damage_is_worded_as_held, 0, (int)(sizeof damaged / sizeof damaged[0]));
    suite_add_tcase(s, tc);
    return s;
}
