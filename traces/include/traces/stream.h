/* traces/stream.h — a run's canonical trace as a stream of records, from a database or a JSONL file.
 *
 * The canonical trace (TRACE-SCHEMA.md) of a run is, for each scenario in bytewise id order, one
 * `scenario` record followed by its `step` records in seq order, each step followed by the `finding`
 * records of that step. Every record is one JSON object with sorted keys and no run id or wall-clock
 * field, printed as one line (JSON Lines): byte-identical for identical runs. rtshm's extensions to
 * the contract: findings are part of the canonical trace (a hazard is a behaviour worth diffing), and
 * a scenario's `path` is not (it is how the file was named on the command line; its sha256 is kept).
 *
 * A stream holds one record at a time (memory does not grow with the trace): records returned by
 * trace_stream_next stay valid until the next call. */
#ifndef TRACES_STREAM_H
#define TRACES_STREAM_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef enum trace_rec_type { TRACE_REC_SCENARIO = 0, TRACE_REC_STEP, TRACE_REC_FINDING } trace_rec_type;

typedef struct trace_record {
    trace_rec_type type;
    const char *scenario; /* the scenario id */
    int64_t seq;          /* step/finding seq; -1 for a scenario record */
    const cJSON *obj;     /* the record as an object (with "type"); NULL from JSONL until
                             trace_record_object is asked for it */
    const char *line;     /* its canonical JSON text, without newline (a JSONL line as it is) */
} trace_record;

typedef struct trace_stream trace_stream;

/* True when the file at path is an SQLite database (its header), false for anything else (JSONL). */
bool trace_is_database(const char *path);

/* Opens the canonical trace of run run_id (0 = the newest run) of the trace database at path, or of
 * the JSONL file at path (told apart by the SQLite file header). On failure returns -1 with a message. */
int trace_stream_open(const char *path, int64_t run_id, trace_stream **out, char *err, size_t cap);

/* The next record: 1 and *rec filled, 0 at the end, -1 on error (message in err). */
int trace_stream_next(trace_stream *s, trace_record *rec, char *err, size_t cap);

/* rec's object, parsed from its line on first use (JSONL streams); NULL when the line is not JSON.
 * Valid until the next trace_stream_next. */
const cJSON *trace_record_object(trace_stream *s, trace_record *rec);

/* The run the stream reads (database streams), or 0. */
int64_t trace_stream_run(const trace_stream *s);

void trace_stream_close(trace_stream *s);

/* What trace_export's failure was: the input's (the file is no rtshm trace — a database without the
 * trace tables, a line that is no canonical record — or the run does not exist, or --run was given for
 * a JSONL file), or internal (SQLite, reading or writing, memory). The same values as REPORT_EINPUT /
 * REPORT_EINTERNAL, so a caller maps both the same way (exit 2 / exit 3). */
enum { TRACE_EXPORT_EINPUT = -1, TRACE_EXPORT_EINTERNAL = -2 };

/* Writes the canonical trace of path/run_id to out, one record per line. Returns the number of
 * records written, or TRACE_EXPORT_EINPUT / TRACE_EXPORT_EINTERNAL with a message in err (records
 * written before the failure stay in out; a caller writing a file discards it). */
int64_t trace_export(const char *path, int64_t run_id, FILE *out, char *err, size_t cap);

#endif
