/* rtshm/backend.h — the interface a third-party implementation of the modelled APIs implements so
 * that rtshm can run its conformance scenarios against it (`rtshm run --impl lib.so`, `rtshm validate`).
 *
 * A backend is a shared library that exports ONE symbol, rtshm_backend_entry, returning a pointer to a
 * static rtshm_backend operation table (the sqlite3_vfs pattern: version and size first, so the table
 * can grow without breaking old backends). rtshm accepts interface versions 1 and 2: a version 1 table
 * (iVersion 1, szBackend the size of the table up to xNextFinding) keeps working unchanged, and is
 * never read past its end. rtshm refuses a table whose iVersion or szBackend it does not know, with a
 * message naming both.
 *
 * How rtshm drives a backend, per scenario, in a child process of its own (a crash is verdict CRASH,
 * a hang past --timeout is TIMEOUT; the run goes on):
 *   world = xOpen(topology, seed)                  once
 *   xCall / xRead / xWrite / xEvent                 once per step, in order
 *   xNextFinding, xNextNote                         after every step, until each returns 0
 *   xClose(world)                                   once
 *
 * Support (version 2: xSupports). A step calling a function the backend does not support (its family
 * is not in `families`, or xSupports says 0) or delivering an event not in `events` is not run: it is
 * recorded with verdict SKIP and the reason, and the scenario goes on; later steps that use a variable
 * bound only by a skipped step are skipped too, and so are calls passing an object name a skipped call
 * passed and GetLastError-style calls reading the slot a skipped call would have set; an event the
 * backend cannot deliver skips the rest of the scenario. A scenario is SKIP only when nothing
 * meaningful is left: no call with an expectation runs. rtshm asks xSupports once per function of the
 * declared families, when it loads the library, never during a scenario.
 *
 * Isolation between worlds. Every xOpen gives an independent world: two worlds (open at the same time
 * or one after the other, in one process) share no objects, names, handles, last-error slots, queued
 * findings or notes; closing one leaves the other as it was; nothing a world did is visible to a world
 * opened later. rtshm may open several worlds in one process (the reference beside the backend, or
 * scenarios run one after the other), so state kept in globals must be keyed by world; a backend whose
 * real objects live in a shared namespace (POSIX names, Windows object names) must make each world's
 * names its own (e.g. a per-world prefix).
 *
 * Values. Processes, kernels and nodes are indices into the topology's arrays. Pointers and handles
 * are 64-bit numbers in the backend's own space: rtshm never dereferences them, it only passes back
 * what the backend returned (scenarios compare them by equality, NULL-ness and variable binding).
 * A value that is a real address (a mapped view, a pointer into the process) differs from run to run;
 * flag it opaque (rtshm_outcome.opaque, version 2) and `--check-determinism` and `rtshm diff` compare
 * it through a one-to-one correspondence instead of by its number.
 * Strings are UTF-8 and NUL-terminated; they and the topology live until the call returns.
 *
 * Calls. `api` is one of "ntx", "rt", "iwin32", "rtx64", "rtk"; `function` the vendor's spelling;
 * argv[] holds every parameter in the vendor's order (the `spec` of rtshm lists them: `rtshm spec
 * --format json`, key "functions"). Omitted inputs arrive with their documented default already
 * applied. An output parameter arrives as RTSHM_V_OUT (a valid pointer) or RTSHM_V_NULL (NULL); the
 * backend stores what the call wrote through it in outcome->outputs[i] (same index as argv).
 *
 * Outcomes. rtshm zeroes the whole outcome before every operation. Fill every field: ret (the raw
 * return value: handle, pointer, BOOL 0/1, DWORD, or the NTSTATUS/NTXSTATUS itself), family + status
 * (the call's error channel: for Win32-style calls the value GetLastError would report for this call
 * — ERROR_SUCCESS on success, ERROR_ALREADY_EXISTS when a creating call opened an existing object; for
 * NTX and RT calls E_OK or the failure; for Rtk calls the NTSTATUS), has_last_error + last_error (the
 * thread's slot after the call: ntxGetLastRtError's for NTX, GetLastError's for Win32-style calls;
 * Rtk calls have none), and for xRead/xWrite `fault` (1 = ACCESS_VIOLATION). `clause` may be NULL:
 * rtshm judges a backend's steps by the clause the reference model reports for the same step.
 * Return 0; return -1 only when the backend itself broke (message in err): that ends the scenario
 * with verdict ERROR.
 *
 * The status of a successful call. `status` is what this call did, not what the error slot happens
 * to hold: a call that succeeded reports its family's success code (ERROR_SUCCESS, E_OK,
 * STATUS_SUCCESS), or the informational code the vendor documents for that success
 * (ERROR_ALREADY_EXISTS), even when the implementation, like the vendors' own, does not reset its
 * error slot on success. The slot itself goes in last_error as it is after the call (a stale value
 * included): scenarios check it separately, where the vendor documents it.
 *
 * What rtshm checks. Everything a backend returns is validated before use; a violation ends the
 * scenario with verdict ERROR and a message naming the field ("outcome.family", "note.process",
 * "finding.clause", ...): flags (has_last_error, fault, has_native_error) are 0 or 1; a call's family is
 * its function's status family (`rtshm spec`); a status the family does not know is recorded as its
 * raw number (and judged: an undocumented status FAILs); has_last_error only for families with a slot
 * (not rtk); fault only from xRead/xWrite; a BOOL return 0 or 1, a DWORD or status return within 32
 * bits, a VOID return 0; outputs only at output parameters the caller did not pass as NULL; opaque
 * flags only on handle or pointer values; every char array NUL-terminated within its size and valid
 * UTF-8; clause IDs (outcome, finding, note) must be IDs of rtshm's catalogue (`rtshm spec`) or
 * empty — an unknown one is an ERROR naming it, so that no recorded claim points nowhere; a note's
 * process is -1 or an index of the topology, its args_json a JSON object; at most
 * RTSHM_MAX_FINDINGS findings and RTSHM_MAX_NOTES notes per operation (an xNextFinding or xNextNote
 * that never returns 0 is an ERROR, not a hang).
 *
 * Threading: rtshm calls a world from one thread. Determinism: a backend should give the same outcomes
 * for the same calls; `rtshm run --check-determinism --impl lib.so` checks it.
 */
#ifndef RTSHM_BACKEND_H
#define RTSHM_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RTSHM_BACKEND_VERSION 2

/* Bounds of what one operation may hand back (see "What rtshm checks"). */
#define RTSHM_MAX_FINDINGS 65536
#define RTSHM_MAX_NOTES 65536

/* Families (bit per API) and events a backend supports. The family bits are fixed (ABI): bit n is
 * rtshm's family number n (RTSHM_FAMILY_X == 1u << SPEC_API_X, checked at build time). */
enum {
    RTSHM_FAMILY_NTX = 1u << 0,
    RTSHM_FAMILY_RT = 1u << 1,
    RTSHM_FAMILY_IWIN32 = 1u << 2,
    RTSHM_FAMILY_RTX64 = 1u << 3,
    RTSHM_FAMILY_RTK = 1u << 4
};
#ifdef RTSHM_DEMO_FAMILY
/* The demonstration family (sim/README.md), in rtshm's test builds with RTSHM_DEMO_FAMILY only. */
enum { RTSHM_FAMILY_DEMO = 1u << 5 };
#endif
enum {
    RTSHM_EVENT_PROCESS_EXIT = 1u << 0,
    RTSHM_EVENT_KERNEL_STOP = 1u << 1,  /* kernel.stop and kernel.start */
    RTSHM_EVENT_LINK = 1u << 2          /* link.down and link.up */
};

/* Status families of rtshm_outcome.family. */
enum { RTSHM_STATUS_INTIME = 0, RTSHM_STATUS_WIN32 = 1, RTSHM_STATUS_NTSTATUS = 2, RTSHM_STATUS_SIM = 3 };

typedef enum rtshm_value_kind {
    RTSHM_V_NUMBER = 0, /* number: integers, handles, pointers, booleans (0/1), flags */
    RTSHM_V_NULL,       /* a NULL pointer, handle or string */
    RTSHM_V_STRING,     /* string */
    RTSHM_V_OUT         /* an output parameter given a valid pointer */
} rtshm_value_kind;

typedef struct rtshm_value {
    rtshm_value_kind kind;
    uint64_t number;
    const char *string;
} rtshm_value;

#define RTSHM_MAX_ARGS 8

typedef struct rtshm_outcome {
    uint64_t ret;
    uint32_t family, status;
    int has_last_error;
    uint32_t last_error;
    uint64_t outputs[RTSHM_MAX_ARGS];
    int fault;
    const char *clause; /* optional: a clause ID of rtshm's catalogue, or NULL */
    /* ---- interface version 2. The outcome is rtshm's memory and is zeroed before every operation; a
     * version 1 backend, built with the struct ending at `clause`, never writes past it, so these stay
     * zero (no native error, nothing opaque) for it. */
    int has_native_error;        /* 1: native_error holds the implementation's own code for this call */
    int64_t native_error;        /* errno, HRESULT, NTSTATUS, GetLastError ... as the platform gives it */
    char native_error_kind[16];  /* what native_error is: "errno", "HRESULT", "NTSTATUS", "Win32", ...
                                    ([A-Za-z0-9_-], 1 to 15 characters); "" without a native error */
    uint32_t opaque;             /* RTSHM_OPAQUE_RET | RTSHM_OPAQUE_OUTPUT(i): which returned values are
                                    real addresses (differ from run to run); only handles and pointers */
} rtshm_outcome;

/* Bits of rtshm_outcome.opaque. */
#define RTSHM_OPAQUE_RET (1u << 0)
#define RTSHM_OPAQUE_OUTPUT(i) (1u << (1 + (i))) /* outputs[i], i < RTSHM_MAX_ARGS */

typedef struct rtshm_node {
    const char *id;
    int windows;              /* runs a Windows host */
    uint64_t va_limit_bytes;  /* what a Windows process or driver there may map */
} rtshm_node;

/* What an RT kernel is: rtshm_kernel.kind. */
enum { RTSHM_KERNEL_INTIME = 0, RTSHM_KERNEL_RTX64 = 1 };

/* `kind` replaced the field `int rtx64` (0 = INtime, 1 = RTX64) at the same offset with the same
 * values: a backend built against either spelling reads the same topology (ABI-compatible). */
typedef struct rtshm_kernel {
    const char *id;
    int kind;                 /* RTSHM_KERNEL_INTIME or RTSHM_KERNEL_RTX64 (RTSS) */
    int node;                 /* index into nodes */
    int running;              /* state at the start */
    int shares_memory;        /* with its node's Windows host */
    uint64_t memory_bytes, iwin32_pool_bytes;
} rtshm_kernel;

typedef struct rtshm_link {
    int a, b;                 /* node indices */
    int up;
} rtshm_link;

typedef struct rtshm_process {
    const char *id;
    int kind;                 /* 0 windows, 1 rt, 2 driver */
    int node;
    int kernel;               /* rt: its kernel; windows: the INtime kernel iwin32x reaches, or -1 */
} rtshm_process;

typedef struct rtshm_topology {
    int node_count, kernel_count, link_count, process_count;
    const rtshm_node *nodes;
    const rtshm_kernel *kernels;
    const rtshm_link *links;
    const rtshm_process *processes;
} rtshm_topology;

typedef enum rtshm_event_kind {
    RTSHM_EV_PROCESS_EXIT = 0, /* process */
    RTSHM_EV_KERNEL_STOP,      /* kernel */
    RTSHM_EV_KERNEL_START,     /* kernel */
    RTSHM_EV_LINK_DOWN,        /* node_a, node_b */
    RTSHM_EV_LINK_UP
} rtshm_event_kind;

typedef struct rtshm_event {
    rtshm_event_kind kind;
    int process, kernel, node_a, node_b;
    uint64_t vtime_us;
} rtshm_event;

/* Something the implementation did by itself after a step (a callback running), recorded as an event. */
typedef struct rtshm_note {
    int process;              /* or -1 */
    char api[16];
    char function[64];        /* e.g. "RtkRtssAttachEx.shutdown" */
    char args_json[256];      /* canonical JSON object identifying it */
    char clause[64];          /* the clause it follows from, or "" */
} rtshm_note;

/* Something the implementation noticed that is not pass/fail (a hazard such as a stale cached
 * pointer, a view outliving its object), recorded in the trace's findings after the step. */
typedef struct rtshm_finding {
    char kind[48];            /* short tag: "stale-cache-hit" */
    char clause[64];          /* a clause ID, or "" */
    char detail[512];         /* a sentence */
} rtshm_finding;

/* xOpen, xCall and xEvent report a failure in err: a NUL-terminated message of at most cap bytes
 * (rtshm also forces err[cap - 1] to NUL after each call, so a message without one is cut, not
 * overrun). */
typedef struct rtshm_backend {
    int iVersion;             /* RTSHM_BACKEND_VERSION */
    int szBackend;            /* sizeof(rtshm_backend) as the backend was compiled */
    const char *zName;        /* name and version, recorded as runs.implementation */
    unsigned families;        /* RTSHM_FAMILY_* bits */
    unsigned events;          /* RTSHM_EVENT_* bits */
    void *(*xOpen)(const rtshm_topology *topology, uint64_t seed, char *err, size_t cap);
    void (*xClose)(void *world);
    int (*xCall)(void *world, int process, const char *api, const char *function, int argc, const rtshm_value *argv,
                 rtshm_outcome *out, char *err, size_t cap);
    int (*xRead)(void *world, int process, uint64_t address, size_t len, unsigned char *data, rtshm_outcome *out);
    int (*xWrite)(void *world, int process, uint64_t address, const unsigned char *data, size_t len, rtshm_outcome *out);
    int (*xEvent)(void *world, const rtshm_event *event, rtshm_outcome *out, char *err, size_t cap);
    int (*xNextNote)(void *world, rtshm_note *note); /* may be NULL: the backend raises none */
    /* The next finding of the last step: 1, or 0 when there is none. May be NULL. */
    int (*xNextFinding)(void *world, rtshm_finding *finding);
    /* ---- interface version 2 (a version 1 table ends above: szBackend RTSHM_BACKEND_V1_SIZE) ---- */
    /* Whether the backend implements `function` of family `api` (the spellings of xCall): 1 or 0. Asked
     * once per function of the families it declares, when the library is loaded. May be NULL: every
     * function of the declared families. */
    int (*xSupports)(const char *api, const char *function);
} rtshm_backend;

/* szBackend of a version 1 table: the table up to and including xNextFinding. */
#define RTSHM_BACKEND_V1_SIZE ((int)offsetof(rtshm_backend, xSupports))

/* The one symbol a backend library exports. */
typedef const rtshm_backend *(*rtshm_backend_entry_fn)(void);
#define RTSHM_BACKEND_ENTRY "rtshm_backend_entry"

#ifdef __cplusplus
}
#endif

#endif
