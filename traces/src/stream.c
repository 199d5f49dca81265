/* traces/src/stream.c — canonical records from a trace database (three prepared queries, merged by
 * seq) or from an exported JSONL file (one line at a time). */
#include "traces/stream.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "traces/canon.h"

#define MAX_LINE_BYTES (64u * 1024 * 1024)

struct trace_stream {
    /* database */
    sqlite3 *db;
    sqlite3_stmt *scenarios, *steps, *findings;
    int64_t run_id;
    bool have_step, have_finding; /* a row is pending in steps / findings */
    bool in_scenario;
    bool bad_input;       /* the failure just reported is the input's (no trace, no such run), not I/O or memory */
    /* jsonl */
    FILE *file;
    char *buf;            /* the current line, NUL-terminated */
    size_t buf_cap;
    char chunk[65536];    /* bytes read ahead of the current line: chunk[chunk_pos..chunk_len) */
    size_t chunk_pos, chunk_len;
    long line_no;
    const char *path;
    /* the current record */
    cJSON *obj;
    char *line;
    char scenario[1024];
};

int64_t trace_stream_run(const trace_stream *s) {
    return s->run_id;
}

static void clear_current(trace_stream *s) {
    cJSON_Delete(s->obj);
    free(s->line);
    s->obj = NULL;
    s->line = NULL;
}

void trace_stream_close(trace_stream *s) {
    if (s == NULL) return;
    clear_current(s);
    sqlite3_finalize(s->scenarios);
    sqlite3_finalize(s->steps);
    sqlite3_finalize(s->findings);
    sqlite3_close(s->db);
    if (s->file) fclose(s->file);
    free(s->buf);
    free(s);
}

bool trace_is_database(const char *path) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) return false;
    char head[16] = {0};
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    return n == 16 && memcmp(head, "SQLite format 3", 16) == 0;
}

static int open_db(trace_stream *s, const char *path, int64_t run_id, char *err, size_t cap) {
    static const char scen_sql[] =
        "SELECT scenario, path, sha256, verdict, steps, message FROM scenarios WHERE run_id = ?1 ORDER BY scenario";
    static const char step_sql[] =
        "SELECT seq, step, vtime_us, process, kind, api, function, args, ret, status, status_code, last_error, "
        "last_error_code, expected, verdict, clause, detail FROM steps WHERE run_id = ?1 AND scenario = ?2 ORDER BY seq";
    static const char find_sql[] =
        "SELECT seq, kind, clause, detail FROM findings WHERE run_id = ?1 AND scenario = ?2 ORDER BY seq, rowid";
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        snprintf(err, cap, "%s: %s", path, sqlite3_errmsg(s->db));
        return -1;
    }
    if (run_id == 0) {
        sqlite3_stmt *q = NULL;
        if (sqlite3_prepare_v2(s->db, "SELECT MAX(run_id) FROM runs", -1, &q, NULL) == SQLITE_OK &&
            sqlite3_step(q) == SQLITE_ROW)
            run_id = sqlite3_column_int64(q, 0);
        sqlite3_finalize(q);
        if (run_id == 0) {
            snprintf(err, cap, "%s: no runs in this trace database", path);
            s->bad_input = true;
            return -1;
        }
    } else {
        sqlite3_stmt *q = NULL;
        int found = 0;
        if (sqlite3_prepare_v2(s->db, "SELECT COUNT(*) FROM runs WHERE run_id = ?1", -1, &q, NULL) == SQLITE_OK) {
            sqlite3_bind_int64(q, 1, run_id);
            if (sqlite3_step(q) == SQLITE_ROW) found = sqlite3_column_int(q, 0);
        }
        sqlite3_finalize(q);
        if (!found) {
            snprintf(err, cap, "%s: no run %lld in this trace database", path, (long long)run_id);
            s->bad_input = true;
            return -1;
        }
    }
    s->run_id = run_id;
    if (sqlite3_prepare_v2(s->db, scen_sql, -1, &s->scenarios, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, step_sql, -1, &s->steps, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, find_sql, -1, &s->findings, NULL) != SQLITE_OK) {
        snprintf(err, cap, "%s: not an rtshm trace database (%s)", path, sqlite3_errmsg(s->db));
        s->bad_input = true;
        return -1;
    }
    sqlite3_bind_int64(s->scenarios, 1, run_id);
    return 0;
}

/* trace_stream_open, telling what failed: 0, TRACE_EXPORT_EINPUT or TRACE_EXPORT_EINTERNAL. */
static int open_stream(const char *path, int64_t run_id, trace_stream **out, char *err, size_t cap) {
    *out = NULL;
    trace_stream *s = calloc(1, sizeof *s);
    if (s == NULL) {
        snprintf(err, cap, "out of memory");
        return TRACE_EXPORT_EINTERNAL;
    }
    s->path = path;
    int rc;
    if (trace_is_database(path)) {
        rc = open_db(s, path, run_id, err, cap);
    } else {
        s->file = fopen(path, "rb");
        rc = s->file ? 0 : -1;
        if (rc != 0) snprintf(err, cap, "%s: cannot open", path);
        else if (run_id != 0) {
            snprintf(err, cap, "%s: --run applies to trace databases, not exported JSONL files", path);
            s->bad_input = true;
            rc = -1;
        }
    }
    if (rc != 0) {
        int kind = s->bad_input ? TRACE_EXPORT_EINPUT : TRACE_EXPORT_EINTERNAL;
        trace_stream_close(s);
        return kind;
    }
    *out = s;
    return 0;
}

int trace_stream_open(const char *path, int64_t run_id, trace_stream **out, char *err, size_t cap) {
    return open_stream(path, run_id, out, err, cap) == 0 ? 0 : -1;
}

/* Adds column i of statement q to obj under key, as the column's SQL type says. */
static void add_column(cJSON *obj, const char *key, sqlite3_stmt *q, int i, bool json_text) {
    switch (sqlite3_column_type(q, i)) {
    case SQLITE_NULL: cJSON_AddNullToObject(obj, key); break;
    case SQLITE_INTEGER: cJSON_AddNumberToObject(obj, key, (double)sqlite3_column_int64(q, i)); break;
    default: {
        const char *text = (const char *)sqlite3_column_text(q, i);
        cJSON *parsed = json_text ? cJSON_Parse(text) : NULL;
        if (parsed) cJSON_AddItemToObject(obj, key, parsed);
        else cJSON_AddStringToObject(obj, key, text ? text : "");
    }
    }
}

/* Makes obj the current record. */
static int emit(trace_stream *s, cJSON *obj, trace_rec_type type, int64_t seq, trace_record *rec, char *err, size_t cap) {
    s->obj = obj;
    s->line = obj ? trace_canonical_json(obj) : NULL;
    if (s->line == NULL) {
        snprintf(err, cap, "out of memory");
        return -1;
    }
    rec->type = type;
    rec->scenario = s->scenario;
    rec->seq = seq;
    rec->obj = s->obj;
    rec->line = s->line;
    return 1;
}

static cJSON *step_object(trace_stream *s) {
    static const char *const cols[] = {"seq", "step", "vtime_us", "process", "kind", "api", "function", "args", "ret",
                                       "status", "status_code", "last_error", "last_error_code", "expected",
                                       "verdict", "clause", "detail"};
    cJSON *obj = cJSON_CreateObject();
    cJSON_AddStringToObject(obj, "type", "step");
    cJSON_AddStringToObject(obj, "scenario", s->scenario);
    for (int i = 0; i < 17; i++) add_column(obj, cols[i], s->steps, i, i == 7 || i == 13);
    return obj;
}

static cJSON *finding_object(trace_stream *s) {
    static const char *const cols[] = {"seq", "kind", "clause", "detail"};
    cJSON *obj = cJSON_CreateObject();
    cJSON_AddStringToObject(obj, "type", "finding");
    cJSON_AddStringToObject(obj, "scenario", s->scenario);
    for (int i = 0; i < 4; i++) add_column(obj, cols[i], s->findings, i, false);
    return obj;
}

static int next_db(trace_stream *s, trace_record *rec, char *err, size_t cap) {
    for (;;) {
        if (!s->in_scenario) {
            int rc = sqlite3_step(s->scenarios);
            if (rc == SQLITE_DONE) return 0;
            if (rc != SQLITE_ROW) break;
            const char *id = (const char *)sqlite3_column_text(s->scenarios, 0);
            snprintf(s->scenario, sizeof s->scenario, "%s", id ? id : "");
            /* path is left out: it is how the file was named on the command line, not what ran (sha256 is) */
            static const char *const cols[] = {"scenario", NULL, "sha256", "verdict", "steps", "message"};
            cJSON *obj = cJSON_CreateObject();
            cJSON_AddStringToObject(obj, "type", "scenario");
            for (int i = 0; i < 6; i++)
                if (cols[i]) add_column(obj, cols[i], s->scenarios, i, false);
            sqlite3_reset(s->steps);
            sqlite3_reset(s->findings);
            sqlite3_bind_int64(s->steps, 1, s->run_id);
            sqlite3_bind_text(s->steps, 2, s->scenario, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(s->findings, 1, s->run_id);
            sqlite3_bind_text(s->findings, 2, s->scenario, -1, SQLITE_TRANSIENT);
            int a = sqlite3_step(s->steps), b = sqlite3_step(s->findings);
            if ((a != SQLITE_ROW && a != SQLITE_DONE) || (b != SQLITE_ROW && b != SQLITE_DONE)) break;
            s->have_step = a == SQLITE_ROW;
            s->have_finding = b == SQLITE_ROW;
            s->in_scenario = true;
            return emit(s, obj, TRACE_REC_SCENARIO, -1, rec, err, cap);
        }
        /* A finding goes right after the step with its seq (so before any later step). */
        int64_t step_seq = s->have_step ? sqlite3_column_int64(s->steps, 0) : INT64_MAX;
        int64_t find_seq = s->have_finding ? sqlite3_column_int64(s->findings, 0) : INT64_MAX;
        if (!s->have_step && !s->have_finding) {
            s->in_scenario = false;
            continue;
        }
        if (s->have_step && step_seq <= find_seq) {
            cJSON *obj = step_object(s);
            int rc = sqlite3_step(s->steps);
            if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
                cJSON_Delete(obj);
                break;
            }
            s->have_step = rc == SQLITE_ROW;
            return emit(s, obj, TRACE_REC_STEP, step_seq, rec, err, cap);
        }
        cJSON *obj = finding_object(s);
        int rc = sqlite3_step(s->findings);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            cJSON_Delete(obj);
            break;
        }
        s->have_finding = rc == SQLITE_ROW;
        return emit(s, obj, TRACE_REC_FINDING, find_seq, rec, err, cap);
    }
    snprintf(err, cap, "reading the trace: %s", sqlite3_errmsg(s->db));
    return -1;
}

/* Reads the value of top-level key `key` of the JSON object in line: a string (copied, unescaped only
 * of \\ and \", enough for ids) into buf, or a number into *num. Returns 1 when found. Nested objects and
 * arrays are skipped by depth, strings by their quotes; bounded by the line's length. */
static int top_field(const char *line, const char *key, char *buf, size_t cap, int64_t *num) {
    size_t klen = strlen(key);
    int depth = 0;
    for (const char *p = line; *p; p++) {
        if (*p == '"') {
            const char *start = ++p;
            while (*p && *p != '"') {
                if (*p == '\\' && p[1]) p++;
                p++;
            }
            if (!*p) return 0;
            if (depth == 1 && (size_t)(p - start) == klen && memcmp(start, key, klen) == 0 && p[1] == ':') {
                const char *v = p + 2;
                if (*v == '"') {
                    if (buf == NULL || cap == 0) return 0; /* a string where a number was asked for */
                    size_t n = 0;
                    for (v++; *v && *v != '"' && n + 1 < cap; v++) {
                        if (*v == '\\' && v[1]) v++;
                        buf[n++] = *v;
                    }
                    buf[n] = '\0';
                    return *v == '"';
                }
                if (num && (*v == '-' || (*v >= '0' && *v <= '9'))) {
                    *num = strtoll(v, NULL, 10);
                    return 1;
                }
                return 0;
            }
        } else if (*p == '{' || *p == '[') {
            depth++;
        } else if (*p == '}' || *p == ']') {
            depth--;
        }
    }
    return 0;
}

/* Reads the next line of s->file (its newline dropped) into s->buf: its length, -1 at the end of the
 * file, -2 on a read error, -3 when the line is longer than MAX_LINE_BYTES — found before more than
 * MAX_LINE_BYTES + 1 bytes are held, so an endless line costs bounded memory. */
static ssize_t read_line(trace_stream *s) {
    size_t len = 0;
    bool any = false;
    for (;;) {
        if (s->chunk_pos == s->chunk_len) {
            s->chunk_len = fread(s->chunk, 1, sizeof s->chunk, s->file);
            s->chunk_pos = 0;
            if (s->chunk_len == 0) {
                if (ferror(s->file)) return -2;
                if (!any) return -1;
                break; /* a last line without a newline */
            }
        }
        any = true;
        const char *from = s->chunk + s->chunk_pos;
        size_t avail = s->chunk_len - s->chunk_pos;
        const char *nl = memchr(from, '\n', avail);
        size_t take = nl ? (size_t)(nl - from) : avail;
        if (len + take > MAX_LINE_BYTES) return -3;
        if (len + take + 1 > s->buf_cap) {
            size_t want = s->buf_cap ? s->buf_cap : 4096;
            while (want < len + take + 1) want *= 2;
            char *grown = realloc(s->buf, want);
            if (grown == NULL) return -2;
            s->buf = grown;
            s->buf_cap = want;
        }
        memcpy(s->buf + len, from, take);
        len += take;
        s->chunk_pos += take + (nl ? 1 : 0);
        if (nl) break;
    }
    s->buf[len] = '\0';
    return (ssize_t)len;
}

/* JSONL records are exported canonical lines and are taken as they are (no re-canonicalization):
 * only the three fields that place a record are read, and the object is parsed on demand. */
static int next_jsonl(trace_stream *s, trace_record *rec, char *err, size_t cap) {
    for (;;) {
        ssize_t got = read_line(s);
        if (got == -1) return 0;
        if (got == -2) {
            snprintf(err, cap, "%s: read error", s->path);
            return -1;
        }
        s->line_no++;
        if (got == -3) {
            snprintf(err, cap, "%s:%ld: line longer than %u bytes", s->path, s->line_no, MAX_LINE_BYTES);
            s->bad_input = true;
            return -1;
        }
        while (got > 0 && s->buf[got - 1] == '\r') s->buf[--got] = '\0';
        if (got == 0) continue;
        char type[16];
        int64_t seq = -1;
        trace_rec_type t;
        if (!top_field(s->buf, "type", type, sizeof type, NULL) || s->buf[0] != '{') {
            snprintf(err, cap, "%s:%ld: not a canonical trace record (expected an object with \"type\": "
                               "scenario, step or finding)", s->path, s->line_no);
            s->bad_input = true;
            return -1;
        }
        if (strcmp(type, "scenario") == 0) t = TRACE_REC_SCENARIO;
        else if (strcmp(type, "step") == 0) t = TRACE_REC_STEP;
        else if (strcmp(type, "finding") == 0) t = TRACE_REC_FINDING;
        else {
            snprintf(err, cap, "%s:%ld: not a canonical trace record (\"type\" is scenario, step or finding)", s->path,
                     s->line_no);
            s->bad_input = true;
            return -1;
        }
        if (!top_field(s->buf, "scenario", s->scenario, sizeof s->scenario, NULL) ||
            (t != TRACE_REC_SCENARIO && !top_field(s->buf, "seq", NULL, 0, &seq))) {
            snprintf(err, cap, "%s:%ld: record lacks \"scenario\" or \"seq\"", s->path, s->line_no);
            s->bad_input = true;
            return -1;
        }
        s->line = strdup(s->buf);
        if (s->line == NULL) {
            snprintf(err, cap, "out of memory");
            return -1;
        }
        rec->type = t;
        rec->scenario = s->scenario;
        rec->seq = t == TRACE_REC_SCENARIO ? -1 : seq;
        rec->obj = NULL; /* trace_record_object parses it when someone needs it */
        rec->line = s->line;
        return 1;
    }
}

const cJSON *trace_record_object(trace_stream *s, trace_record *rec) {
    if (rec->obj == NULL && s->obj == NULL && rec->line) s->obj = cJSON_Parse(rec->line);
    if (rec->obj == NULL) rec->obj = s->obj;
    return rec->obj;
}

int trace_stream_next(trace_stream *s, trace_record *rec, char *err, size_t cap) {
    clear_current(s);
    return s->db ? next_db(s, rec, err, cap) : next_jsonl(s, rec, err, cap);
}

int64_t trace_export(const char *path, int64_t run_id, FILE *out, char *err, size_t cap) {
    trace_stream *s;
    int opened = open_stream(path, run_id, &s, err, cap);
    if (opened != 0) return opened;
    int64_t n = 0, failure = 0;
    trace_record rec;
    int rc;
    while ((rc = trace_stream_next(s, &rec, err, cap)) == 1) {
        if (fputs(rec.line, out) == EOF || fputc('\n', out) == EOF) {
            snprintf(err, cap, "write error");
            failure = TRACE_EXPORT_EINTERNAL;
            break;
        }
        n++;
    }
    if (rc < 0) failure = s->bad_input ? TRACE_EXPORT_EINPUT : TRACE_EXPORT_EINTERNAL;
    trace_stream_close(s);
    return failure ? failure : n;
}
