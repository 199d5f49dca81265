/* rtshm/backend.h — the interface a third-party implementation of the modelled APIs implements so
 * that rtshm can run its conformance scenarios against it (`rtshm run --impl lib.so`, `rtshm validate`).
 *
 * A backend is a shared library that exports ONE symbol, rtshm_backend_entry, returning a pointer to a
 * static rtshm_backend operation table (the sqlite3_vfs pattern: version and size first, so the table
 * can grow without breaking old backends). rtshm refuses a table whose iVersion or szBackend it does
 * not know, with a message naming both.
 *
 * How rtshm drives a backend, per scenario, in a child process of its own (a crash is verdict CRASH,
 * a hang past --timeout is TIMEOUT; the run goes on):
 *   world = xOpen(topology, seed)                  once
 *   xCall / xRead / xWrite / xEvent                 once per step, in order
 *   xNextFinding, xNextNote                         after every step, until each returns 0
 *   xClose(world)                                   once
 * A scenario that uses a family or an event the backend does not declare in `families` / `events`
 * is not run: verdict SKIP, with the reason.
 *
 * Values. Processes, kernels and nodes are indices into the topology's arrays. Pointers and handles
 * are 64-bit numbers in the backend's own space: rtshm never dereferences them, it only passes back
 * what the backend returned (scenarios compare them by equality, NULL-ness and variable binding).
 * Strings are UTF-8 and NUL-terminated; they and the topology live until the call returns.
 *
 * Calls. `api` is one of "ntx", "rt", "iwin32", "rtx64", "rtk"; `function` the vendor's spelling;
 * argv[] holds every parameter in the vendor's order (the `spec` of rtshm lists them: `rtshm spec
 * --format json`, key "functions"). Omitted inputs arrive with their documented default already
 * applied. An output parameter arrives as RTSHM_V_OUT (a valid pointer) or RTSHM_V_NULL (NULL); the
 * backend stores what the call wrote through it in outcome->outputs[i] (same index as argv).
 *
 * Outcomes. Fill every field: ret (the raw return value: handle, pointer, BOOL 0/1, DWORD, or the
 * NTSTATUS/NTXSTATUS itself), family + status (the call's error channel: for Win32-style calls the
 * value GetLastError would report for this call — ERROR_SUCCESS on success, ERROR_ALREADY_EXISTS when
 * a creating call opened an existing object; for NTX and RT calls E_OK or the failure; for Rtk calls
 * the NTSTATUS), has_last_error + last_error (the thread's slot after the call: ntxGetLastRtError's
 * for NTX, GetLastError's for Win32-style calls; Rtk calls have none), and for xRead/xWrite `fault`
 * (nonzero = ACCESS_VIOLATION). `clause` may be NULL: rtshm judges a backend's steps by the clause the
 * reference model reports for the same step. Return 0; return -1 only when the backend itself broke
 * (message in err): that ends the scenario with verdict ERROR.
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

#define RTSHM_BACKEND_VERSION 1

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
} rtshm_outcome;

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
} rtshm_backend;

/* The one symbol a backend library exports. */
typedef const rtshm_backend *(*rtshm_backend_entry_fn)(void);
#define RTSHM_BACKEND_ENTRY "rtshm_backend_entry"

#ifdef __cplusplus
}
#endif

#endif
