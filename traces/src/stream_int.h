/* traces/src/stream_int.h — what the stream's files share, private to traces/.
 *
 * A trace_stream reads one of two sources, chosen when it is opened (stream.c): a trace database
 * (stream_db.c: three prepared queries — scenarios, and per scenario its steps and findings — merged
 * by seq into canonical records) or an exported JSONL file (stream_jsonl.c: one line at a time, taken
 * as it is). Either way the stream holds the current record only: obj and line are freed by the next
 * trace_stream_next or by trace_stream_close. */
#ifndef TRACES_STREAM_INT_H
#define TRACES_STREAM_INT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "traces/stream.h"

/* One open stream: the state of the source it reads (a database or a JSONL file) and the current record. */
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

/* Opens run run_id (0 = the newest) of the trace database at path into s: sets s->db, s->run_id and
 * the three statements. 0, or -1 with a message in err; s->bad_input tells the input's failure (no
 * runs, no such run, not an rtshm trace) from SQLite's. What it opened is freed by trace_stream_close. */
int stream__open_db(trace_stream *s, const char *path, int64_t run_id, char *err, size_t cap);

/* The next canonical record of a database stream: 1 and *rec filled, 0 at the end, -1 with a message. */
int stream__next_db(trace_stream *s, trace_record *rec, char *err, size_t cap);

/* Opens the JSONL file at path into s->file. run_id must be 0 (--run names a run of a database). 0, or
 * -1 with a message in err (s->bad_input set when it is the input's fault). */
int stream__open_jsonl(trace_stream *s, const char *path, int64_t run_id, char *err, size_t cap);

/* The next record of a JSONL stream (blank lines skipped): 1 and *rec filled (rec->obj NULL; see
 * trace_record_object), 0 at the end, -1 with a message (s->bad_input set for a malformed line). */
int stream__next_jsonl(trace_stream *s, trace_record *rec, char *err, size_t cap);

#endif
