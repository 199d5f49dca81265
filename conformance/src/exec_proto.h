/* conformance/src/exec_proto.h — the backend line protocol (conformance/PROTOCOL.md), both sides'
 * encoding and decoding: one JSON object per line, each field the serialisation of one field of the
 * backend interface (rtshm/backend.h, version 2). Private to conformance/src/: the exec adapter
 * (backend_exec.c) speaks it as the client, `rtshm serve` (backend_serve.c) as the server.
 *
 * Everything read from the other side is validated before use: a line longer than its bound, a line
 * that is not one JSON object, an unknown or missing key, a value of the wrong type or out of range
 * is refused with "<json path>: <what was expected>" in why. 64-bit quantities (values, return
 * values, outputs, addresses, the seed, byte counts) travel as "0x" hex strings (JSON numbers lose
 * precision past 2^53 in many parsers); indices, statuses and lengths as JSON integers. */
#ifndef CONF_EXEC_PROTO_H
#define CONF_EXEC_PROTO_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rtshm/backend.h"

#define EXEC_PROTOCOL "rtshm-backend"
#define EXEC_PROTOCOL_VERSION 1
/* Longest line (its newline included) each side reads: replies are small (a read's 4096 bytes are
 * 8192 hex digits); requests carry up to 8 strings of 64 KiB, JSON-escaped. */
#define EXEC_MAX_REPLY_LINE (1u << 20)
#define EXEC_MAX_REQUEST_LINE (8u << 20)

/* ---- framing ---- */

/* A bounded line reader on a descriptor. Zeroed, then fd and limit set: ready. */
typedef struct exec_reader {
    int fd;
    size_t limit;    /* longest line, newline included */
    char *buf;
    size_t len, start, cap;
    long line_no;    /* lines read so far (the one returned is line_no) */
} exec_reader;

/* The next line (its newline replaced by NUL) in *line, length in *len. 1; 0 at end of input on a
 * line boundary; -1 with why: a line longer than the limit, input ending within a line, a NUL byte,
 * a read error. */
int exec_read_line(exec_reader *r, char **line, size_t *len, char *why, size_t cap);
void exec_reader_free(exec_reader *r);

/* Writes j as one line (unformatted JSON and "\n") to fd. 0, or -1 (errno set; EPIPE: the other side
 * is gone) — a line too long for limit is -1 with EMSGSIZE. */
int exec_write_json(int fd, const cJSON *j, size_t limit);

/* Parses line as one JSON object whose "type" is a string: the object (caller deletes) and the type,
 * or NULL with why ("not JSON at column N", "not a JSON object", "type: expected a string"). */
cJSON *exec_parse_line(const char *line, size_t len, const char **type, char *why, size_t cap);

/* ---- fields ---- */

/* Checks that obj (at path) has only keys of allowed (NULL-terminated). */
bool exec_only_keys(const cJSON *obj, const char *path, const char *const *allowed, char *why, size_t cap);
/* A JSON integer in [min, max] at obj.key (required or not: absent leaves *out). */
bool exec_get_int(const cJSON *obj, const char *path, const char *key, bool required, int64_t min, int64_t max,
                  int64_t *out, char *why, size_t cap);
/* A "0x" hex string of 1 to 16 digits at obj.key. */
bool exec_get_u64(const cJSON *obj, const char *path, const char *key, bool required, uint64_t *out, char *why,
                  size_t cap);
/* true/false at obj.key. */
bool exec_get_bool(const cJSON *obj, const char *path, const char *key, bool required, bool *out, char *why,
                   size_t cap);
/* A string at obj.key (NULL when absent and not required; JSON null too when nullable). */
bool exec_get_string(const cJSON *obj, const char *path, const char *key, bool required, bool nullable,
                     const char **out, char *why, size_t cap);
/* Adds "0x<hex>" of v under key. */
void exec_add_u64(cJSON *obj, const char *key, uint64_t v);

/* The len bytes of data as 2 * len lower-case hex digits (malloc'd, NUL-terminated; NULL when out of
 * memory) / hex (an even number of digits, 2 to 2 * cap) into data: its byte count, or -1. */
char *exec_hex_encode(const unsigned char *data, size_t len);
long exec_hex_decode(const char *hex, unsigned char *data, size_t cap);

/* ---- messages ---- */

/* The topology of an open request (strings point into the JSON it was parsed from). */
typedef struct exec_topology {
    rtshm_topology topology;
    rtshm_node *nodes;
    rtshm_kernel *kernels;
    rtshm_link *links;
    rtshm_process *processes;
} exec_topology;

cJSON *exec_topology_json(const rtshm_topology *t);
bool exec_topology_parse(const cJSON *j, const char *path, exec_topology *out, char *why, size_t cap);
void exec_topology_free(exec_topology *t);

/* argv of a call as a JSON array / back (strings point into the JSON). */
cJSON *exec_args_json(int argc, const rtshm_value *argv);
bool exec_args_parse(const cJSON *j, const char *path, int *argc, rtshm_value *argv, char *why, size_t cap);

cJSON *exec_event_json(const rtshm_event *ev);
bool exec_event_parse(const cJSON *j, const char *path, rtshm_event *ev, char *why, size_t cap);

/* An outcome as JSON (clause read within RTSHM_CLAUSE_BOUND bytes, native_error_kind within its
 * array: a backend's unterminated string goes out cut, for the client to refuse) / back: *o filled,
 * its clause copied into clause_buf (cap clause_cap), NULL when absent or null. */
cJSON *exec_outcome_json(const rtshm_outcome *o);
bool exec_outcome_parse(const cJSON *j, const char *path, rtshm_outcome *o, char *clause_buf, size_t clause_cap,
                        char *why, size_t cap);

/* A finding / note line's fields / back (each string must fit its array with its NUL). */
cJSON *exec_finding_json(const rtshm_finding *f);
bool exec_finding_parse(const cJSON *j, rtshm_finding *f, char *why, size_t cap);
cJSON *exec_note_json(const rtshm_note *n);
bool exec_note_parse(const cJSON *j, rtshm_note *n, char *why, size_t cap);

/* The event names of the protocol ("process.exit", ...) by rtshm_event_kind, and the event-support
 * names of hello ("process.exit", "kernel", "link") by RTSHM_EVENT_* bit index. */
extern const char *const exec_event_names[5];
extern const char *const exec_support_names[3];

#endif
