/* conformance/src/corpus.c — recursive, bounded, sorted collection of *.json files, and how a corpus
 * loads them (held or streamed). */
#include "conf/corpus.h"

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int add_path(conf_file_list *list, const char *path, char *err, size_t cap) {
    if (list->count >= CONF_MAX_FILES) {
        snprintf(err, cap, "more than %d scenario files", CONF_MAX_FILES);
        return -1;
    }
    if (list->count == list->capacity) {
        size_t n = list->capacity ? list->capacity * 2 : 64;
        char **paths = realloc(list->paths, n * sizeof *paths);
        if (paths == NULL) {
            snprintf(err, cap, "out of memory");
            return -1;
        }
        list->paths = paths;
        list->capacity = n;
    }
    if ((list->paths[list->count] = strdup(path)) == NULL) {
        snprintf(err, cap, "out of memory");
        return -1;
    }
    list->count++;
    return 0;
}

const char *conf_file_kind(mode_t mode) {
    if (S_ISREG(mode)) return "a regular file";
    if (S_ISDIR(mode)) return "a folder";
    if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    return "not a regular file";
}

/* Appends the note "<path>: <why>" to list->skipped; a note that cannot be kept (out of memory) is
 * counted in skipped_lost instead. */
static void add_note(conf_file_list *list, const char *path, const char *why) {
    char text[4400];
    snprintf(text, sizeof text, "%s: %s", path, why);
    char **grown = realloc(list->skipped, (list->skipped_count + 1) * sizeof *grown);
    char *copy = grown ? strdup(text) : NULL;
    if (grown) list->skipped = grown;
    if (copy == NULL) {
        list->skipped_lost++;
        return;
    }
    list->skipped[list->skipped_count++] = copy;
}

static int ends_with_json(const char *name) {
    size_t n = strlen(name);
    return n > 5 && strcmp(name + n - 5, ".json") == 0;
}

static int walk(conf_file_list *list, const char *dir, int depth, char *err, size_t cap) {
    if (depth > CONF_MAX_DEPTH) {
        snprintf(err, cap, "%s: folders nested more than %d deep", dir, CONF_MAX_DEPTH);
        return -1;
    }
    DIR *d = opendir(dir);
    if (d == NULL) {
        snprintf(err, cap, "%s: cannot read folder: %s", dir, strerror(errno));
        return -1;
    }
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue; /* ., .., hidden files */
        char path[4096];
        int n = snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (n < 0 || (size_t)n >= sizeof path) {
            snprintf(err, cap, "%s/%s: path too long", dir, e->d_name);
            rc = -1;
            break;
        }
        struct stat st;
        if (stat(path, &st) != 0) { /* a dangling link, a link loop, or gone since readdir */
            int stat_errno = errno;
            char why[300];
            struct stat link;
            bool is_link = lstat(path, &link) == 0 && S_ISLNK(link.st_mode);
            snprintf(why, sizeof why, "skipped: %s (%s)", is_link ? "a symbolic link that leads nowhere" : "cannot be examined",
                     strerror(stat_errno));
            add_note(list, path, why);
            continue;
        }
        if (S_ISDIR(st.st_mode)) rc = walk(list, path, depth + 1, err, cap);
        else if (S_ISREG(st.st_mode) && ends_with_json(e->d_name)) rc = add_path(list, path, err, cap);
        else if (!S_ISREG(st.st_mode)) { /* FIFOs, devices, sockets (or links to them): never opened */
            char why[300];
            snprintf(why, sizeof why, "skipped: %s, not a regular file", conf_file_kind(st.st_mode));
            add_note(list, path, why);
        }
    }
    closedir(d);
    return rc;
}

static int compare_paths(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int conf_collect(const char *const *paths, int path_count, conf_file_list *out, char *err, size_t err_cap) {
    for (int i = 0; i < path_count; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s", paths[i]);
        size_t n = strlen(path);
        while (n > 1 && path[n - 1] == '/') path[--n] = '\0';
        struct stat st;
        if (stat(path, &st) != 0) {
            snprintf(err, err_cap, "%s: %s", paths[i], strerror(errno));
            return -1;
        }
        if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) { /* refused before anything opens it */
            snprintf(err, err_cap, "%s: %s, not a regular file or folder; scenarios are read from regular files",
                     paths[i], conf_file_kind(st.st_mode));
            return -1;
        }
        int rc = S_ISDIR(st.st_mode) ? walk(out, path, 0, err, err_cap) : add_path(out, path, err, err_cap);
        if (rc != 0) return -1;
    }
    qsort(out->paths, out->count, sizeof *out->paths, compare_paths);
    if (out->skipped_count) qsort(out->skipped, out->skipped_count, sizeof *out->skipped, compare_paths);
    size_t kept = 0;
    for (size_t i = 0; i < out->count; i++) {
        if (kept > 0 && strcmp(out->paths[kept - 1], out->paths[i]) == 0) free(out->paths[i]);
        else out->paths[kept++] = out->paths[i];
    }
    out->count = kept;
    return 0;
}

void conf_file_list_free(conf_file_list *list) {
    for (size_t i = 0; i < list->count; i++) free(list->paths[i]);
    free(list->paths);
    for (size_t i = 0; i < list->skipped_count; i++) free(list->skipped[i]);
    free(list->skipped);
    list->paths = NULL;
    list->skipped = NULL;
    list->count = list->capacity = list->skipped_count = list->skipped_lost = 0;
}

conf_load_mode conf_corpus_load_mode(uint64_t file_bytes, uint64_t *held_bytes) {
    if (file_bytes > CONF_HOLD_FILE_BYTES || *held_bytes > CONF_HOLD_FILE_BYTES - file_bytes) return CONF_LOAD_STREAM;
    *held_bytes += file_bytes;
    return CONF_LOAD_HOLD;
}
