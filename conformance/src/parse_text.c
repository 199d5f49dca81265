/* conformance/src/parse_text.c — a scenario file as JSON text: reading it, and every check made on the
 * text as a whole before its meaning is looked at (parse_util.h). Both loaders word these errors with
 * the same functions: the held one on the file's bytes, the streaming one (parse_diagnose.c) on a copy
 * of them in which each step that parsed on its own is blanked out. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf/corpus.h"
#include "parse_util.h"
#include "sim/alloc.h"

int conf_read_file(const char *path, char **text_out, size_t *len_out, char *err, size_t err_cap) {
    *text_out = NULL;
    *len_out = 0;
    /* Only a regular file is opened: a FIFO would block the open (and then the read) forever, a device
     * would be read without end. Checked before the open, and again on what was opened (without blocking,
     * O_NONBLOCK) in case the name changed in between. */
    struct stat st;
    if (stat(path, &st) != 0) {
        snprintf(err, err_cap, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, err_cap, "%s: %s, not a regular file", path, conf_file_kind(st.st_mode));
        return -1;
    }
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
    if (f == NULL) {
        snprintf(err, err_cap, "%s: cannot open: %s", path, strerror(errno));
        if (fd >= 0) close(fd);
        return -1;
    }
    /* The size limit holds before anything is allocated: the file's size decides the buffer (one byte
     * more, to notice a file that grows while it is read). */
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        snprintf(err, err_cap, "%s: %s, not a regular file", path, conf_file_kind(st.st_mode));
        return -1;
    }
    if ((uint64_t)st.st_size > CONF_MAX_FILE_BYTES) {
        fclose(f);
        snprintf(err, err_cap, "%s: file larger than %u bytes", path, CONF_MAX_FILE_BYTES);
        return -1;
    }
    size_t cap = (size_t)st.st_size + 1;
    char *text = malloc(cap + 1);
    if (text == NULL) {
        fclose(f);
        snprintf(err, err_cap, "%s: out of memory (reading a %zu-byte file)", path, cap - 1);
        return CONF_LOAD_NO_MEMORY;
    }
    size_t len = fread(text, 1, cap, f);
    bool read_error = ferror(f);
    fclose(f);
    int rc = -1;
    if (read_error) snprintf(err, err_cap, "%s: read error", path);
    else if (len == cap) snprintf(err, err_cap, "%s: the file grew while it was read", path);
    else if (memchr(text, '\0', len)) snprintf(err, err_cap, "%s: file contains a NUL byte; expected UTF-8 JSON text", path);
    else rc = 0;
    if (rc != 0) {
        free(text);
        return rc;
    }
    text[len] = '\0';
    *text_out = text;
    *len_out = len;
    return 0;
}

bool conf_check_nesting(const char *path, const char *text, size_t len, char *err, size_t err_cap) {
    int depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < len; i++) {
        char ch = text[i];
        if (in_string) {
            if (ch == '\\') i++;
            else if (ch == '"') in_string = false;
        } else if (ch == '"') {
            in_string = true;
        } else if (ch == '{' || ch == '[') {
            if (++depth > CONF_MAX_NESTING) {
                int line, col;
                conf_jsonpos_of_offset(text, i, &line, &col);
                snprintf(err, err_cap, "%s:%d:%d: nesting deeper than %d levels", path, line, col, CONF_MAX_NESTING);
                return false;
            }
        } else if (ch == '}' || ch == ']') {
            depth--;
        }
    }
    return true;
}

void conf_utf8_message(const char *path, const conf_jsonpos *pos, char *err, size_t err_cap) {
    snprintf(err, err_cap, "%s:%d:%d: %s: %s not valid UTF-8 (%s); names and strings must be UTF-8 text", path,
             pos->utf8_line, pos->utf8_col, pos->utf8_path[0] ? pos->utf8_path : "(root)",
             pos->utf8_in_key ? "a key is" : "the string is", pos->utf8_why);
}

int conf_check_text(const char *path, const char *text, size_t len, const conf_jsonpos *pos, uint64_t failures_before,
                    cJSON **root_out, char *err, size_t err_cap) {
    *root_out = NULL;
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, false);
    if (root == NULL && sim_alloc_failures() != failures_before) {
        snprintf(err, err_cap, "%s: out of memory while parsing the file (%zu bytes); it was not judged", path, len);
        return CONF_LOAD_NO_MEMORY;
    }
    if (root == NULL) {
        const char *at = cJSON_GetErrorPtr();
        size_t off = (at && at >= text && at <= text + len) ? (size_t)(at - text) : 0;
        /* cJSON refuses a lone surrogate escape (a syntax error somewhere in its string): say what it is */
        if (pos->utf8_bad && off >= pos->utf8_string_offset && off <= pos->utf8_offset + 12) {
            conf_utf8_message(path, pos, err, err_cap);
            return -1;
        }
        int line, col;
        conf_jsonpos_of_offset(text, off, &line, &col);
        snprintf(err, err_cap, "%s:%d:%d: not valid JSON (syntax error near here)", path, line, col);
        return -1;
    }
    int rc = -1;
    size_t trailing = len;
    for (size_t i = (size_t)(end - text); i < len && trailing == len; i++)
        if (text[i] == '\0' || !strchr(" \t\r\n", text[i])) trailing = i;
    int line, col;
    if (trailing < len) {
        conf_jsonpos_of_offset(text, trailing, &line, &col);
        snprintf(err, err_cap, "%s:%d:%d: not valid JSON (unexpected text after the top-level value)", path, line, col);
    } else if (pos->duplicate_path[0]) {
        snprintf(err, err_cap, "%s:%d:%d: %s: duplicate key", path, pos->duplicate_line, pos->duplicate_col,
                 pos->duplicate_path);
    } else if (pos->incomplete && sim_alloc_failures() != failures_before) {
        snprintf(err, err_cap, "%s: out of memory while indexing the file (%zu bytes); it was not judged", path, len);
        rc = CONF_LOAD_NO_MEMORY;
    } else if (pos->incomplete) { /* cJSON took it, but duplicate keys past here could not be looked for */
        snprintf(err, err_cap, "%s:%d:%d: cannot check the file for duplicate keys from here (out of memory, or JSON "
                 "cJSON accepts but rtshm's scanner does not); not accepted", path, pos->stop_line, pos->stop_col);
    } else if (pos->nul_seen) {
        snprintf(err, err_cap, "%s:%d:%d: %s: a string holds \\u0000; names and strings cannot contain NUL", path,
                 pos->nul_line, pos->nul_col, pos->nul_path[0] ? pos->nul_path : "(root)");
    } else if (pos->utf8_bad) {
        conf_utf8_message(path, pos, err, err_cap);
    } else {
        *root_out = root;
        return 0;
    }
    cJSON_Delete(root);
    return rc;
}
