/* conformance/tests/test_cli_shards.c — `--shard K/N` and `rtshm merge`: the README's xargs line runs the
 * corpus in 3 shards whose merge exports as the unsharded run; merges of what is not every shard of one run
 * are refused, naming why; validate's shard traces merge per implementation. */
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
 * unsharded run, another corpus, implementation, library or tool version, an interrupted shard, OUT among
 * the inputs — saying what, and writes nothing: no OUT is left behind. A damaged input is exit 3. */
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
    /* another corpus, another implementation, another tool version: named */
    const char *corpus = kept_tmp_path("mc.sqlite"), *impl = kept_tmp_path("mi.sqlite");
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--shard", "2/2", "--db", corpus,
                                IWIN32, "conformance/scenarios/ntx", NULL),
                     0);
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "run", "--shard", "2/2", "--impl",
                                RTSHM_BACKEND_DIR "/librtshm_reference_backend.so", "--db", impl, IWIN32, NULL),
                     0);
    const struct {
        const char *in;
        const char *why;
    } others[] = {
        {corpus, "the corpus differs (its scenario ids or files): SHA-256 "},
        {impl, ": run 1 is of reference (as a backend library), which "},
    };
    for (size_t i = 0; i < 2; i++) {
        ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "merge", out, s1, others[i].in,
                                    NULL),
                         RTSHM_EXIT_INPUT);
        ck_assert_msg(strstr(err_buf, others[i].why) != NULL, "%s\nwanted: %s", err_buf, others[i].why);
    }
    sql_file(impl, "UPDATE runs SET implementation = 'reference'");
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "merge", out, s1, impl, NULL), 2);
    ck_assert_msg(strstr(err_buf, ": the implementation's library file differs: SHA-256 none in ") != NULL, "%s", err_buf);
    sql_file(s2, "UPDATE runs SET tool_version = 'rtshm 0.0.1'");
    ck_assert_int_eq(rtshm_exec(out_buf, sizeof out_buf, err_buf, sizeof err_buf, "merge", out, s1, s2, NULL), 2);
    ck_assert_msg(strstr(err_buf, ": the tool differs: rtshm ") != NULL, "%s", err_buf);
    ck_assert_msg(strstr(err_buf, ", rtshm 0.0.1 in ") != NULL, "%s", err_buf);
    ck_assert_int_eq(access(out, F_OK), -1);
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

Suite *cli_shards_suite(void) {
    Suite *s = suite_create("cli_shards");
    TCase *merge = tcase_create("shards");
    tcase_set_timeout(merge, 300);
    tcase_add_test(merge, three_shards_merge_into_the_unsharded_run);
    tcase_add_test(merge, merge_refuses_what_is_not_one_run);
    tcase_add_test(merge, validate_shards_merge_per_implementation);
    suite_add_tcase(s, merge);
    return s;
}
