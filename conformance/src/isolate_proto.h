/* conformance/src/isolate_proto.h — the records a backend's child process sends rtshm, and the
 * messages between rtshm and its fork server (private to conformance/src/isolate_*.c).
 *
 * The parent, the fork server and the scenario children are the same executable (forks, never exec),
 * so rtshm's internal structs travel as they are: a record is a header {type, length} and a payload of
 * fixed-size binary structs (conf_outcome, run_finding, conf_backend: sizeof as compiled) and
 * length-prefixed strings (u32 length, 0xFFFFFFFF for NULL, then the bytes without NUL). A field added
 * to one of those structs travels without a protocol change; a POINTER field does not (its value means
 * nothing in another process): each one must be sent as a string beside the struct and set again on
 * arrival — today conf_outcome.clause (iso_put_outcome / iso_get_outcome) and conf_backend's table,
 * name and library (isolate_server.c). The reader checks every length against the payload and every
 * value it uses as an index; a record that does not parse is the backend's doing (it may write on the
 * pipe), never trusted.
 *
 * A scenario child sends, in order:
 *   SKIP why | OPEN_FAILED err | OPENED {start_rss_kb}      then, after OPENED:
 *   per step:  STEP {index, rc, outcome, data, err, findings}, NOTE {...}*, STEP_END {index}
 *   (a replay after a restart sends REPLAYED once the finished steps ran again)
 *   INPUT_CHANGED message (the streamed file changed; it stops there)
 *   END (its world closed; the child exits 0 right after)
 * and nothing after END. A persistent child (a batch) sends that sequence for each of its scenarios in
 * order, each after the previous one's END, and exits 0 after the last END. The parent decides by END and by how the child ended, never by EOF. */
#ifndef CONF_ISOLATE_PROTO_H
#define CONF_ISOLATE_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/backend.h"
#include "run_int.h"

enum iso_record_type {
    ISO_SKIP = 1,
    ISO_OPEN_FAILED,
    ISO_OPENED,
    ISO_STEP,
    ISO_NOTE,
    ISO_STEP_END,
    ISO_REPLAYED,
    ISO_INPUT_CHANGED,
    ISO_END,
    ISO_LOADED,      /* server -> rtshm: the library loaded {conf_backend, name} */
    ISO_LOAD_FAILED  /* server -> rtshm: it did not (err) */
};

#define ISO_MAX_RECORD_BYTES (1u << 20) /* larger than any record rtshm sends */
#define ISO_NULL_STRING 0xFFFFFFFFu
#define ISO_MAX_SKIPS 16 /* restarts of one scenario (--continue-after-crash) */

typedef struct iso_header {
    uint32_t type, length; /* length of the payload that follows */
} iso_header;

/* A record being built (child side), in a growable buffer. */
typedef struct iso_out {
    unsigned char *buf;
    size_t len, cap;
    bool failed; /* out of memory */
} iso_out;

void iso_begin(iso_out *o, uint32_t type);
void iso_put(iso_out *o, const void *data, size_t len);
void iso_put_i32(iso_out *o, int32_t v);
void iso_put_str(iso_out *o, const char *s);
void iso_put_outcome(iso_out *o, const conf_outcome *outcome);
/* Writes the record (header length set) whole to fd, retrying partial writes. Returns 0, or -1 when
 * fd is gone. The buffer is kept for the next record. */
int iso_send(iso_out *o, int fd);
void iso_out_free(iso_out *o);

/* A received payload being read (parent side): every get fails once the payload is short. */
typedef struct iso_in {
    const unsigned char *p;
    size_t len, pos;
    bool bad;
} iso_in;

bool iso_get(iso_in *in, void *data, size_t len);
bool iso_get_i32(iso_in *in, int32_t *v);
/* A string into buf (cap bytes, NUL-terminated, cut to fit); *is_null for a NULL string (buf ""). */
bool iso_get_str(iso_in *in, char *buf, size_t cap, bool *is_null);
/* An outcome, its clause copied into clause_buf (NULL when none); family checked. */
bool iso_get_outcome(iso_in *in, conf_outcome *outcome, char *clause_buf, size_t cap);

/* rtshm -> server: start a child for one scenario (its write ends of the data and output pipes travel
 * beside it, SCM_RIGHTS). The scenario is named by its address: the server is a fork of rtshm made after
 * the corpus was loaded, so the corpus lies at the same addresses there. */
typedef struct iso_request {
    uint64_t scenario;           /* (const conf_scenario *), when text_count is 0 */
    int32_t text_count;          /* > 0: the scenarios are not addresses but texts, this many NUL-terminated
                                    ones one after the other in the file that travels beside the request
                                    (one: a child for that scenario; more: a persistent child) */
    uint64_t seed;
    uint64_t memory_limit_bytes; /* 0: none */
    int32_t resume_from;         /* records only for steps with index >= this (a replay before it) */
    int32_t skip_count;
    int32_t skip[ISO_MAX_SKIPS]; /* steps not to run again (they died) */
} iso_request;

/* This process's size and resident size in pages (/proc/self/statm, read without stdio: a child's
 * page faults are its cost). Returns 0, or -1. */
int iso_statm_pages(uint64_t pages[2]);

/* The scenario child's body: runs req's scenario (or batch of them) on be, sending records on data_fd;
 * with req->text_count, the scenarios are the texts in the file text_fd. Never returns. */
void iso_child_main(const conf_backend *be, const iso_request *req, int data_fd, int text_fd);

#endif
