/* agent_proto.h — the Windows agent's protocol logic (conformance/PROTOCOL.md, version 1, server side),
 * independent of the vendor: it parses one request line, checks it as strictly as rtshm's own server does,
 * calls the vendor table the agent was built with (agent_rtx64.c, agent_intime.c, or a test's fake), and
 * writes the one answer line. No Windows API here: the agent's unit tests build it on Linux.
 *
 * What the agent is: ONE real Windows process on a real machine. It acts as the first process of kind
 * "windows" in the topology `open` sends; a call made by any other process (an rt process, a driver, a
 * second Windows process) is answered with an `error` naming the process, because the agent cannot be that
 * process. It performs no event (process exit, kernel stop/start, link down/up): its hello lists no events
 * and an `event` request is answered with an `error`. The seed and the rest of the topology are not used:
 * the machine has its own. */
#ifndef RTSHM_AGENT_PROTO_H
#define RTSHM_AGENT_PROTO_H

#include <stddef.h>
#include <stdint.h>

#define AGENT_MAX_ARGS 8          /* a call's arguments (backend.h: RTSHM_MAX_ARGS) */
#define AGENT_MAX_PROCESSES 256   /* processes in one topology */
#define AGENT_MAX_ACCESS 4096     /* bytes of one read or write (PROTOCOL.md) */
#define AGENT_LINE_MAX (8u << 20) /* a request line without its newline: 8 MiB (PROTOCOL.md, Bounds) */
#define AGENT_ANSWER_MAX (64u << 10) /* an answer line: a read's 4096 bytes are 8192 hex digits */

typedef enum agent_arg_kind { AGENT_ARG_NUMBER, AGENT_ARG_NULL, AGENT_ARG_STRING, AGENT_ARG_OUT } agent_arg_kind;

/* One argument as the request gave it (rtshm_value). */
typedef struct agent_arg {
    agent_arg_kind kind;
    uint64_t number;    /* AGENT_ARG_NUMBER */
    const char *string; /* AGENT_ARG_STRING: UTF-8, NUL-terminated, valid until the next request */
} agent_arg;

/* What a vendor call hands back (rtshm_outcome, the fields the agent fills). */
typedef struct agent_result {
    uint64_t ret;
    uint32_t status;          /* what this call did (backend.h, "The status of a successful call") */
    int has_last_error;
    uint32_t last_error;      /* the error slot after the call */
    uint64_t outputs[AGENT_MAX_ARGS]; /* outputs[i] for an `out` argument i; 0 is written as null */
    int opaque_ret;           /* ret is a handle or an address of this process (PROTOCOL.md, Opaque values) */
    int opaque_output[AGENT_MAX_ARGS];
} agent_result;

/* One vendor function the agent serves: its family and name as rtshm spells them, its argument count,
 * the status family of its error channel ("win32", "intime", "ntstatus"), and the wrapper that calls the
 * SDK. The wrapper returns 0 with *result filled, or -1 with a message in err (the agent answers `error`). */
typedef struct agent_function {
    const char *family;
    const char *name;
    int argc;
    const char *status_family;
    int (*call)(const agent_arg *args, agent_result *result, char *err, size_t err_size);
} agent_function;

/* The vendor table an agent is built with. `access` reads (write 0) or writes (write 1) len bytes at
 * address of the agent's own process when they are accessible that way: returns 0 when it did, 1 when the
 * access would fault (nothing is touched). `open` (may be NULL) starts the world on `open`: 0, or -1 with
 * err (the agent answers `error`). `reset` (may be NULL) releases what the world acquired, on `close`. */
typedef struct agent_vendor {
    const char *name; /* the hello's name, e.g. "rtshm-agent rtx64 1.0" */
    const agent_function *functions;
    size_t function_count;
    int (*access)(uint64_t address, void *bytes, size_t len, int write);
    int (*open)(char *err, size_t err_size);
    void (*reset)(void);
} agent_vendor;

typedef struct agent_state agent_state;

/* A new agent over `vendor`, or NULL when out of memory. */
agent_state *agent_new(const agent_vendor *vendor);
void agent_free(agent_state *agent);

/* Handles the request line[0..len) (without its newline) and writes the answer line, without its newline,
 * NUL-terminated, into answer (AGENT_ANSWER_MAX bytes). A line that breaks the protocol is answered with
 * {"type":"error","message":"..."} and leaves the agent's state as it was. Never fails otherwise. */
void agent_handle_line(agent_state *agent, const char *line, size_t len, char *answer);

#endif
