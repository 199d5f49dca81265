/* conformance/bench/bench.h — the pieces of rtshm_bench (`make bench`).
 *
 * A benchmark, not a test: it times the model, the recorder, the corpus and the diff with
 * clock_gettime(CLOCK_MONOTONIC), measures peak RSS as the ru_maxrss of a forked child (wait4), and
 * prints each figure beside the project's target. Every measurement that allocates much runs in its
 * own child, so each peak is separate and the parent stays small (a forked child starts with the
 * parent's RSS as its high-water mark). Everything written goes under out/bench/.
 *
 * Files: bench.c (main, machine note, table), child.c (forking a measurement, clocks, /proc),
 * workload.c (the generated million-step scenario and the changed JSONL copy), measure_run.c (runner
 * with and without recording, the corpus), measure_sim.c (sim calls driven directly, the huge
 * segment), floor.c (the SQLite floor), measure_diff.c (export and diff). */
#ifndef RTSHM_BENCH_H
#define RTSHM_BENCH_H

#include <stdbool.h>
#include <stddef.h>

#include "conf/scenario.h"
#include "traces/trace.h"

#define BENCH_DIR "out/bench"
#define BENCH_STEPS 1000000L           /* steps of the generated scenario (the format's maximum) */
#define BENCH_CYCLE 8                  /* steps in one cycle of it */
#define BENCH_SCENARIO_ID "bench.million-steps"

/* What one measurement reports back to the parent (through a pipe, as plain bytes). */
typedef struct bench_result {
    int ok;                 /* 1 when the measurement ran to its end as expected */
    double seconds;         /* the timed section */
    double aux_seconds;     /* a second timed section (loading the scenario, ...), or 0 */
    long long count;        /* units done in the timed section (steps, calls, rows, records) */
    long long aux_count;    /* a second count (steps of the corpus, ...), or 0 */
    long hwm_mark_kb;       /* VmHWM at a point the measurement names (after loading), or 0 */
    double cpu_self_s;      /* CPU (user + system) of the measured process in the timed section (CLI runs) */
    double cpu_children_s;  /* CPU of the processes it reaped in the timed section (CLI runs) */
    char note[256];         /* why it failed, or a remark */
} bench_result;

/* A measurement body: runs in the child, fills *out (zeroed beforehand). Return value ignored. */
typedef void (*bench_fn)(void *arg, bench_result *out);

/* Seconds on CLOCK_MONOTONIC. */
double bench_now(void);

/* Runs fn(arg, out) in a forked child and waits for it. On return *out holds what the child
 * reported and *maxrss_kb the child's peak RSS (ru_maxrss from wait4, KiB). Returns 0 when the child
 * reported and exited 0; -1 otherwise (fork or pipe failure, crash; out->note says what happened). */
int bench_in_child(bench_fn fn, void *arg, bench_result *out, long *maxrss_kb);

/* A field of /proc/self/status in KiB ("VmHWM", "VmRSS"), or -1. */
long bench_proc_status_kb(const char *field);

/* Removes path and its SQLite companions (-wal, -shm, -journal); missing files are fine. */
void bench_unlink_db(const char *path);

/* mkdir -p of dir (relative or absolute). 0 or -1 (errno set). */
int bench_mkdirs(const char *dir);

/* --- workload.c --- */

/* Writes a valid rtshm-scenario/1 file of exactly `steps` steps (a multiple of BENCH_CYCLE) to path:
 * process rt of the default topology repeats GetLastError, SetLastError(5), RtCreateSharedMemory of a
 * named 4 KiB segment, a 4-byte write and read through its view, RtUnmapSharedMemory, CloseHandle,
 * GetLastError (expected 0). No whitespace, so 1,000,000 steps stay under the 64 MiB file limit.
 * Returns the file's size in bytes, or -1 (errno set, or EFBIG beyond the limit). */
long bench_write_scenario(const char *path, long steps);

/* Writes a scenario in which one rt process creates `views` unnamed 4 KiB segments (at most 65,536,
 * a process's view limit) and keeps every view mapped, each step expecting success. Returns the
 * file's size, or -1 (errno). */
long bench_write_views_scenario(const char *path, long views);

/* Copies the text file src to dst, replacing in the first line at or after line from_line (0-based)
 * that contains `find` its first occurrence by `repl` (same length, so the record stays canonical).
 * Returns the 0-based number of the changed line, or -1 (I/O error, or no such line). */
long bench_copy_with_change(const char *src, const char *dst, long from_line, const char *find, const char *repl);

/* Byte copy of src to dst. 0 or -1. */
int bench_copy_file(const char *src, const char *dst);

/* --- measure_run.c --- */

typedef struct bench_run_args {
    const char *scenario;   /* scenario file */
    const char *db;         /* trace database to record into (removed first), or NULL: no recording */
    conf_load_mode mode;    /* held steps, streamed steps, or as `rtshm run` loads it (AUTO) */
} bench_run_args;

/* Loads args->scenario in args->mode (aux_seconds, hwm_mark_kb after it) and times conf_run_scenario on the
 * reference backend (seconds, count = steps), recorded as run 1 of a fresh args->db when given. */
void bench_run_scenario(void *args, bench_result *out);

typedef struct bench_corpus_args {
    const char *corpus;     /* folder of scenario files */
    const char *db;         /* fresh trace database */
} bench_corpus_args;

/* Runs the CLI in process (conf_cli_main(argc, argv), stdout to /dev/null) into db, removed first: seconds,
 * rtshm's VmHWM after it (hwm_mark_kb), count = scenarios, and run 1's totals read back from db. Returns
 * the CLI's exit code, or -1 with a note (stdout not redirected, trace not readable). */
int bench_cli_run(const char *db, char **argv, int argc, bench_result *out, trace_run_totals *totals);

/* Times `rtshm run --db DB CORPUS` in process (conf_cli_main; stdout to /dev/null): load, validation,
 * run and summary. count = scenarios, aux_count = steps (read back from the trace). ok when exit 0. */
void bench_corpus(void *args, bench_result *out);

/* --- measure_reject.c --- */

/* Copies src (the million-step scenario) to dst with its last "GetLastError" spelled "GetLastErrox": a
 * file rejected at its last step. Returns its size, or -1. */
long bench_write_rejected(const char *src, const char *dst);

typedef struct bench_reject_args {
    const char *scenario;   /* the rejected file */
    conf_load_mode mode;    /* AUTO (as rtshm check loads it: streamed) or HOLD */
    const char *expected;   /* a part of the message it must be rejected with */
} bench_reject_args;

/* Loads args->scenario, which must be rejected with args->expected (ok), timing the load; the message
 * goes to note. */
void bench_reject_load(void *args, bench_result *out);

/* --- measure_sim.c --- */

typedef struct bench_isolated_args {
    const char *corpus, *db;
    const char *library; /* a backend library (isolated, --jobs jobs), or NULL: in process */
    int jobs;
    const char *filter;  /* or NULL */
} bench_isolated_args;

/* `rtshm run [--impl library --jobs N] [--filter F] corpus` into a fresh db: seconds, scenarios (count),
 * rtshm's own VmHWM after the run (hwm_mark_kb); ok when every scenario passed. */
void bench_isolated(void *args, bench_result *out);

typedef struct bench_halves_args {
    const char *half_a, *half_b; /* the two halves' folders (bench_split_corpus) */
    const char *db_a, *db_b;
    const char *library;
} bench_halves_args;

/* Copies the corpus's scenario files into dir_a and dir_b alternately (file order of conf_collect), so
 * each half holds half the scenarios of every family. 0, or -1 with err. */
int bench_split_corpus(const char *corpus, const char *dir_a, const char *dir_b, char *err, size_t cap);

/* Both halves at once, `rtshm run --impl library --jobs 1` each in a process of its own: seconds until
 * both ended; ok when both passed every scenario. */
void bench_halves(void *args, bench_result *out);

typedef struct bench_sim_args {
    long cycles;            /* iterations of the BENCH_CYCLE-step cycle */
} bench_sim_args;

/* Drives the sim_ functions directly on a sim_world (default-like topology, process rt), the same
 * cycle as the generated scenario: count = calls and accesses made, seconds = the loop. */
void bench_sim_direct(void *args, bench_result *out);

typedef struct bench_huge_args {
    bool with_segment;      /* false: the baseline (same world, no segment) */
} bench_huge_args;

/* Builds a world whose INtime kernel has an iwin32 pool of 4 GiB; with_segment: creates a
 * 0xFFFFF000-byte segment with RtCreateSharedMemory (mapped by that call), writes and reads back one
 * word in 3 pages (first, middle, last). ok when every call and access succeeded. */
void bench_huge_segment(void *args, bench_result *out);

/* --- floor.c --- */

typedef struct bench_floor_args {
    const char *template_db; /* a recorded trace whose first BENCH_CYCLE steps rows are the templates */
    const char *db;          /* fresh database created with the trace schema (trace_open) */
    long long rows;
} bench_floor_args;

/* The SQLite floor: `rows` rows of the templates (seq, step and vtime varied) inserted into `steps` of
 * a fresh trace database (same schema, WAL, synchronous=NORMAL) with one prepared statement, static
 * binds, one transaction. seconds = BEGIN..COMMIT, count = rows. */
void bench_sqlite_floor(void *args, bench_result *out);

/* --- measure_diff.c --- */

typedef struct bench_export_args {
    const char *db;
    const char *jsonl;
} bench_export_args;

/* Times trace_export of the newest run of db into jsonl. count = records. */
void bench_export(void *args, bench_result *out);

typedef struct bench_diff_args {
    const char *a, *b;       /* two traces (JSONL files) */
    int expect;              /* the trace_diff result expected: 0 identical, 1 different */
} bench_diff_args;

/* Times trace_diff(a, b) (text format, context 2) writing to /dev/null, streams opened inside the
 * timed section. count = scenarios compared. ok when the result is the expected one. */
void bench_diff(void *args, bench_result *out);

/* --- measure_explore.c --- */

typedef struct bench_explore_args {
    const char *library;   /* a backend library (isolated), or NULL: the reference in process */
    int jobs;
    long scenarios;        /* how many (rate), or the search budget (mutant) */
} bench_explore_args;

/* Generates and judges args->scenarios scenarios of seed 0: seconds, count = scenarios, aux_count =
 * steps; ok when none diverged (the library must be the reference's). */
void bench_explore_rate(void *args, bench_result *out);

/* Explores the mutant library until a divergence, then shrinks it: seconds = to find and shrink,
 * aux_seconds = to find, count = the shrunk scenario's steps, aux_count = scenarios searched; the
 * divergence in note. */
void bench_explore_mutant(void *args, bench_result *out);

#endif
