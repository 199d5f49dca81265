/* conformance/tests/cli_harness.c — fork/exec of the rtshm binary with captured output. */
#include "cli_harness.h"

#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_ARGS 64

/* Reads all of fd into buf (cap bytes incl. NUL); drains the rest so the child never blocks. */
static void slurp(int fd, char *buf, size_t cap) {
    size_t n = 0;
    char sink[4096];
    for (;;) {
        ssize_t r = n + 1 < cap ? read(fd, buf + n, cap - 1 - n) : read(fd, sink, sizeof sink);
        if (r <= 0) break;
        if (n + 1 < cap) n += (size_t)r;
    }
    if (cap) buf[n] = '\0';
}

int rtshm_exec(char *out, size_t out_cap, char *err, size_t err_cap, const char *arg0, ...) {
    const char *argv[MAX_ARGS + 2];
    int argc = 0;
    argv[argc++] = RTSHM_BIN;
    va_list ap;
    va_start(ap, arg0);
    for (const char *a = arg0; a && argc < MAX_ARGS; a = va_arg(ap, const char *)) argv[argc++] = a;
    va_end(ap);
    argv[argc] = NULL;
    /* Files, not pipes: the child may write more than a pipe holds before we read. */
    char out_file[4096], err_file[4096];
    snprintf(out_file, sizeof out_file, "%s/rtshm-test-out-XXXXXX", tmp_dir());
    snprintf(err_file, sizeof err_file, "%s/rtshm-test-err-XXXXXX", tmp_dir());
    int out_fd = mkstemp(out_file), err_fd = out_fd < 0 ? -1 : mkstemp(err_file);
    if (err_fd < 0) {
        if (out_fd >= 0) {
            close(out_fd);
            unlink(out_file);
        }
        return -1;
    }
    pid_t pid = fork();
    if (pid == 0) {
        dup2(out_fd, 1);
        dup2(err_fd, 2);
        execv(RTSHM_BIN, (char *const *)argv);
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    lseek(out_fd, 0, SEEK_SET);
    lseek(err_fd, 0, SEEK_SET);
    slurp(out_fd, out, out_cap);
    slurp(err_fd, err, err_cap);
    close(out_fd);
    close(err_fd);
    unlink(out_file);
    unlink(err_file);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

const char *tmp_dir(void) {
    const char *dir = getenv("TMPDIR");
    return dir && *dir ? dir : "/tmp";
}

/* Removes path: a file, or a folder with everything below it (symbolic links are not followed). */
static void remove_tree(const char *path) {
    struct stat st;
    if (lstat(path, &st) != 0) return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
            char child[4096];
            snprintf(child, sizeof child, "%s/%s", path, e->d_name);
            remove_tree(child);
        }
        if (d) closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* The folder of tmp_path, and the process that made it (the one that removes it at exit: a forked
 * child that exits does not take its parent's folder with it). */
static char tmp_folder[4096];
static pid_t tmp_folder_owner;

static void remove_tmp_folder(void) {
    if (tmp_folder[0] && getpid() == tmp_folder_owner) remove_tree(tmp_folder);
}

const char *tmp_path(const char *name) {
    static char path[4200];
    char *dir = tmp_folder;
    if (dir[0] == '\0' || tmp_folder_owner != getpid()) {
        snprintf(dir, sizeof tmp_folder, "%s/rtshm-tests-XXXXXX", tmp_dir());
        if (mkdtemp(dir) == NULL) {
            dir[0] = '\0';
            return NULL;
        }
        if (tmp_folder_owner == 0) atexit(remove_tmp_folder);
        tmp_folder_owner = getpid();
    }
    snprintf(path, sizeof path, "%s/%s", dir, name);
    unlink(path);
    return path;
}

int64_t db_int(const char *db, const char *sql) {
    sqlite3 *h = NULL;
    sqlite3_stmt *s = NULL;
    int64_t v = -1;
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(h, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(h);
    return v;
}

const char *db_text(const char *db, const char *sql, char *buf, size_t cap) {
    sqlite3 *h = NULL;
    sqlite3_stmt *s = NULL;
    buf[0] = '\0';
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(h, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW &&
        sqlite3_column_text(s, 0))
        snprintf(buf, cap, "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    sqlite3_close(h);
    return buf;
}

/* A file every source tree has: the working directory is the source tree when it is there. */
#define SOURCE_TREE_MARK "conformance/scenarios/iwin32/iwin32.close.invalid-handle-fails.json"

void cli_enter_source_tree(void) {
#ifdef RTSHM_SOURCE_DIR
    if (access(SOURCE_TREE_MARK, F_OK) != 0) ck_assert_int_eq(chdir(RTSHM_SOURCE_DIR), 0);
#endif
    ck_assert_msg(access(SOURCE_TREE_MARK, F_OK) == 0, "run the tests from the source tree (no %s here)",
                  SOURCE_TREE_MARK);
}

/* tmp_path(name) copied into one of 8 buffers of its own (tmp_path reuses one). */
const char *kept_tmp_path(const char *name) {
    static char paths[8][512];
    static int next;
    const char *path = tmp_path(name);
    ck_assert_ptr_nonnull(path);
    char *kept = paths[next++ % 8];
    snprintf(kept, sizeof paths[0], "%s", path);
    return kept;
}
