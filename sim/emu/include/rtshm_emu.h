/* rtshm_emu.h — the control API of librtshm_emu: real code calling the vendor APIs (ntx.h, rt.h, iwin32.h,
 * rtapi.h, rtkapi.h) runs against rtshm's deterministic model instead of an INtime or RTX64 machine.
 *
 * A program (a unit test, typically) opens ONE world (rtshm_emu_open: a topology file or the default topology),
 * says which simulated process each of its threads acts as (rtshm_emu_as("rt")), calls the vendor functions as
 * it would on the real system, delivers events (a process exiting, a kernel stopping or starting, a link going
 * down or up) and closes the world. Every call, recorded access and event is recorded as a step; at close the
 * steps are written to a trace database with the usual schema (rtshm report / diff / spec --coverage read it),
 * and rtshm_emu_save_scenario writes them as an rtshm-scenario/1 file that `rtshm run` replays without the
 * program and `rtshm validate` runs against other implementations.
 *
 * Memory. The pointers the vendor calls return are real memory the program reads and writes: every object a
 * view maps is a memory file (memfd) and every view of it a shared mapping of that file, so the views of one
 * object, in one simulated process or several, share their pages. Each view has an inaccessible guard page
 * before and after it, so an access outside a view really faults (SIGSEGV); a view that is unmapped, or whose
 * object is destroyed (its last handle closed, its kernel stopped), becomes inaccessible at the same address,
 * so a stale pointer really faults too. A pointer passed back to a call (RtUnmapSharedMemory, FreeRtMemory,
 * CreateRtMemoryHandle, RtkUnMapSharedMemory) is translated to the model's address of the same byte; a pointer
 * into no view — a view the model unmapped included: the model may have placed another view at that address
 * since — is passed as an address no process maps (RTSHM_EMU_FOREIGN_VA) with a finding 'foreign-pointer'.
 *
 * The model keeps its own copy of the contents, which the program's plain loads and stores do not reach (they
 * cannot be observed). Contents enter the record only through rtshm_emu_record_write / rtshm_emu_record_read:
 * a recorded write copies the real bytes into the model (a `write` step with those bytes), a recorded read takes
 * the real bytes and compares them with the model's; when they differ (a store that was not recorded changed
 * them) the read step is recorded without a `data` expectation and a finding 'unrecorded-store' is raised. So
 * the model's contents agree with the real memory wherever the trace records data, and a saved scenario replays.
 *
 * Values in the record are the model's: handles, instances and the model's virtual addresses, never host
 * addresses, so two runs of the same program record byte-identical traces and scenarios (SIM.DETERMINISM).
 *
 * Errors come back through the vendor's channels (return values, GetLastError, GetLastRtError,
 * ntxGetLastRtError, NTSTATUS). A call the model cannot take — no world open, the thread acts as no process,
 * the process exited or its kernel stopped, or its kind may not make the call (an rt function from a Windows
 * process) — is not run and not recorded: it returns the function's failure value (NULL, FALSE, BAD_RTHANDLE,
 * NTX_BAD_NTXHANDLE, NTX_UNDEFINED_LOCATION, 0xFFFFFFFF, STATUS_UNSUCCESSFUL; E_CONTEXT from the NTX status
 * calls and GetLastRtError, ERROR_INVALID_HANDLE from GetLastError), leaves the error slots alone and raises a
 * finding 'call-refused' saying why.
 *
 * Findings (the model's: 'stale-cache-hit' — a stale NTX pointer —, 'dangling-view', 'handles-closed-at-exit',
 * 'kernel-stopped', ...; the library's own: 'call-refused', 'foreign-pointer', 'unrecorded-store') are kept in
 * order (rtshm_emu_finding_count / rtshm_emu_finding_at). The model's are in the trace as well, at their steps
 * (the replay that writes it raises them again); the library's own are in this list only. Kinds named by
 * rtshm_emu_set_fatal abort the program (SIGABRT) when raised, after printing the finding on stderr.
 *
 * Threads: one world per program; every entry point takes one global lock, so threads may call concurrently
 * (their calls are recorded in the order they took the lock; for a deterministic record, order them yourself).
 * Which process a thread acts as is per thread (rtshm_emu_as); a new thread, and every thread after the world
 * is closed and another opened, acts as none until it says.
 *
 * Limits: a record keeps at most 1,000,000 steps and 4,096 variables (the scenario format's bounds); past them
 * calls still run but rtshm_emu_save_scenario and the trace report the record as truncated (-1). */
#ifndef RTSHM_EMU_H
#define RTSHM_EMU_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The model address a pointer into no view is passed as: below every process's address window. */
#define RTSHM_EMU_FOREIGN_VA 0x0BAD0000ull

typedef struct rtshm_emu_options {
    const char *topology_path; /* a JSON file with "topology" and "processes" as in rtshm-scenario/1 (a whole
                                  scenario file is accepted; its steps are ignored); NULL: the default topology
                                  (node host; kernels NodeA (INtime) and RTSS; processes win, rt, rtss, drv) */
    uint64_t seed;             /* the world's seed (0 is a seed like any other) */
    const char *trace_path;    /* where rtshm_emu_close writes the trace database; NULL: no trace */
    const char *scenario_id;   /* the recorded scenario's id ([a-z0-9][a-z0-9._-]*); NULL: "emu.recorded" */
    const char *title;         /* its title; NULL: "Recorded by librtshm_emu" */
} rtshm_emu_options;

/* Opens the world. 0, or -1 (a world is open already, the topology file is unreadable or invalid, out of
 * memory) with the reason in rtshm_emu_error(). */
int rtshm_emu_open(const rtshm_emu_options *options);

/* Writes the trace (when options.trace_path was given) and closes the world: every real mapping the library
 * made is released. 0, or -1 when the trace could not be written — nothing was recorded, the record is
 * truncated, the database cannot be written (rtshm_emu_error() says why; the world is closed all the same). A
 * no-op returning 0 when no world is open. */
int rtshm_emu_close(void);

/* The calling thread acts as the simulated process `process` (its id in the topology) from now on; NULL: as
 * none. 0, or -1 when there is no world or no such process. */
int rtshm_emu_as(const char *process);

/* The last error of the control API (a sentence; "" when none). Valid until the next control call. */
const char *rtshm_emu_error(void);

/* Events (SCENARIO-FORMAT.md "Events"), recorded as steps. Each must change the state (an exit of a process
 * that exited, a stop of a stopped kernel, a link that is down going down is refused): 0, or -1 with the
 * reason. Each event advances virtual time by 1000 us. */
int rtshm_emu_process_exit(const char *process);
int rtshm_emu_kernel_stop(const char *kernel);
int rtshm_emu_kernel_start(const char *kernel);
int rtshm_emu_link_down(const char *node_a, const char *node_b);
int rtshm_emu_link_up(const char *node_a, const char *node_b);

/* Records an access of len bytes at ptr by the calling thread's process (split in steps of at most 4096
 * bytes). A write copies the real bytes there into the model; a read compares them with the model's ("Memory"
 * above). Returns 0, 1 when the model says the access faults (ACCESS_VIOLATION: nothing is read or written,
 * and the fault is recorded), or -1 (no world, no process, len 0) with the reason in rtshm_emu_error(). */
int rtshm_emu_record_write(const void *ptr, size_t len);
int rtshm_emu_record_read(const void *ptr, size_t len);

/* Writes the steps recorded so far as an rtshm-scenario/1 file at path: the world's topology and processes,
 * every step in order, each call with its observed outcome as its `expect` (return, status, last_error),
 * results bound to variables and passed on as "$var", reads with their data. The file is checked with rtshm's
 * own parser before it is written (written whole or not at all). 0, or -1 with the reason. */
int rtshm_emu_save_scenario(const char *path);

/* The same scenario as a NUL-terminated string (malloc'd: free it), or NULL with the reason. */
char *rtshm_emu_scenario_text(void);

/* Findings raised so far, in order. */
typedef struct rtshm_emu_finding {
    int step;          /* index of the recorded step during which it was raised; -1 when no step was recorded */
    char kind[48];     /* "stale-cache-hit", "dangling-view", "call-refused", ... */
    char clause[64];   /* a clause ID of spec/CLAUSES.md, or "" */
    char detail[512];
} rtshm_emu_finding;

int rtshm_emu_finding_count(void);
/* The index-th finding (0 = first), or NULL when out of range. The pointer stays valid until rtshm_emu_close. */
const rtshm_emu_finding *rtshm_emu_finding_at(int index);

/* Findings of these kinds abort the program when raised: a comma-separated list ("stale-cache-hit,dangling-
 * view"), "*" for every kind, NULL or "" for none (the default). 0, or -1 when the list is too long. */
int rtshm_emu_set_fatal(const char *kinds);

/* The number of steps recorded so far. */
int rtshm_emu_step_count(void);

#ifdef __cplusplus
}
#endif

#endif
