/* traces/src/stream.c — a run's canonical trace as a stream of records (traces/stream.h): opening a
 * database or a JSONL file (told apart by the SQLite header), handing out the next record from the
 * source's reader (stream_db.c, stream_jsonl.c), closing, and trace_export on top of it. */
#include "traces/stream.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stream_int.h"
#include "traces/health.h"

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
    char unused[8];
    if (trace_path_irregular(path, unused, sizeof unused)) return false; /* never opened: a FIFO would block */
    FILE *f = fopen(path, "rb");
    if (f == NULL) return false;
    char head[16] = {0};
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    return n == 16 && memcmp(head, "SQLite format 3", 16) == 0;
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
    int rc = trace_is_database(path) ? stream__open_db(s, path, run_id, err, cap)
                                     : stream__open_jsonl(s, path, run_id, err, cap);
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

const cJSON *trace_record_object(trace_stream *s, trace_record *rec) {
    if (rec->obj == NULL && s->obj == NULL && rec->line) s->obj = cJSON_Parse(rec->line);
    if (rec->obj == NULL) rec->obj = s->obj;
    return rec->obj;
}

int trace_stream_next(trace_stream *s, trace_record *rec, char *err, size_t cap) {
    clear_current(s);
    return s->db ? stream__next_db(s, rec, err, cap) : stream__next_jsonl(s, rec, err, cap);
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
