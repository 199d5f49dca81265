/* traces/tests/test_tmp.h — temporary files of the trace and report tests: made by mkstemp in $TMPDIR
 * (else /tmp), so their names are unpredictable and never shared with another process, and removed
 * together with the side files SQLite may leave beside a database (-wal, -shm, -journal). */
#ifndef TRACES_TEST_TMP_H
#define TRACES_TEST_TMP_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Creates the empty file "<tmpdir>/rtshm-<stem>-XXXXXX" and writes its path into path (cap bytes; the
 * test fails when it does not fit or cannot be created). SQLite opens an empty file as a new database. */
static inline void test_tmp_file(char *path, size_t cap, const char *stem) {
    const char *dir = getenv("TMPDIR");
    int n = snprintf(path, cap, "%s/rtshm-%s-XXXXXX", dir && *dir ? dir : "/tmp", stem);
    ck_assert_msg(n > 0 && (size_t)n < cap, "temporary path too long for its buffer (TMPDIR?)");
    int fd = mkstemp(path);
    ck_assert_msg(fd >= 0, "mkstemp %s failed", path);
    close(fd);
}

/* Removes path and its SQLite side files (those that exist). */
static inline void test_tmp_remove(const char *path) {
    static const char *const sides[] = {"", "-wal", "-shm", "-journal"};
    char side[4200];
    for (size_t i = 0; i < sizeof sides / sizeof sides[0]; i++) {
        snprintf(side, sizeof side, "%s%s", path, sides[i]);
        unlink(side);
    }
}

#endif
