/* conf/isolate.h — running scenarios on a foreign backend library in child processes.
 *
 * The backend is foreign code: it may crash, hang, exit (status 0 included), fork, daemonise, close
 * rtshm's descriptors, change its directory, print, or eat memory. rtshm loads the library once, in a
 * fork server (a child of rtshm made after the corpus was loaded; a library that crashes, hangs or exits
 * while loading is an error naming it, never rtshm's end). Each scenario's child is forked from the
 * server and is rtshm's own child (CLONE_PARENT), in its own process group, under a memory limit, its
 * stdout and stderr captured. It sends each step's outcome as it finishes (a pipe, binary records);
 * rtshm runs the reference beside it, judges and records every step (runner.c), so a crash or a hang
 * keeps the finished steps and a row for the step that died. The deadline is rtshm's (poll on the
 * monotonic clock, whatever the child does with its descriptors); at the scenario's end its process
 * group and every descendant are killed, and rtshm, a child subreaper, kills the orphans a daemonising
 * backend leaves. With jobs > 1 the children of the next scenarios run ahead while rtshm records the
 * current one; results are recorded in order, byte for byte as with one. */
#ifndef CONF_ISOLATE_H
#define CONF_ISOLATE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "conf/backend.h"
#include "conf/runner.h"
#include "conf/scenario.h"
#include "traces/trace.h"

typedef struct conf_isolation_opts {
    unsigned timeout_s;                 /* per scenario, from when rtshm starts reading it; and for loading */
    uint64_t memory_limit_bytes;        /* address space a scenario's child may add to what it had; 0: none */
    unsigned jobs;                      /* children at once (1 or more) */
    bool continue_after_crash;          /* replay and go on after a step the backend died in */
    volatile sig_atomic_t *interrupted; /* or NULL: when it becomes nonzero, waits stop within 100 ms */
} conf_isolation_opts;

typedef struct conf_isolation conf_isolation;

/* Starts the fork server and loads the library at path in it (conf_backend_load). Returns 0 with *out,
 * or -1 with a message naming the library in err (cannot load; crashed, exited or hung while loading).
 * Call it after the scenarios are loaded: the server and every child share them as they were then
 * (except those queued with conf_isolation_queue_texts, which travel as text). */
int conf_isolation_start(const char *path, const conf_isolation_opts *opts, conf_isolation **out, char *err,
                         size_t cap);

/* The loaded backend as rtshm knows it: name, families and events (no table: it runs in the children). */
const conf_backend *conf_isolation_backend(const conf_isolation *iso);

/* Queues sc to be run with seed by the next conf_run_isolated calls, in the order queued. Its child
 * starts now when fewer than jobs children are started, else when one ends. Returns 0, or -1 when the
 * queue holds jobs scenarios already. */
int conf_isolation_queue(conf_isolation *iso, const conf_scenario *sc, uint64_t seed);

/* Queues a persistent child for the count scenarios at scs, which need not have existed when the server
 * started: texts[i] is scs[i]'s text, which travels to the child (a sealed memory file) and is parsed
 * there, so one server serves a whole exploration. The arrays, scenarios and texts stay until those
 * scenarios are run. One process runs them one after the other, each in a fresh world of the backend
 * (xOpen / xClose: the isolation rtshm/backend.h promises), and conf_run_isolated runs them in that
 * order. A result stands when its scenario was the child's first (the child was as fresh for it as a
 * child of its own), is a PASS or SKIP that ended cleanly, or is a TIMEOUT (worlds are isolated: the
 * hang is the scenario's, and running it again would cost the whole timeout again); any other (a
 * divergence, a crash, after other scenarios ran in that process) is run again as the first scenario
 * of a new persistent child for the rest of the batch. So every verdict but PASS, SKIP or TIMEOUT is
 * the one a child per scenario gives, and a scenario runs at most twice; the scenarios after a death
 * run in a new child. Not for a recorded run (db NULL only: the first try of a scenario would be
 * recorded) nor for --continue-after-crash. Returns 0, or -1 when the queue is full (jobs children) or
 * out of memory. */
int conf_isolation_queue_texts(conf_isolation *iso, const conf_scenario *const *scs, const char *const *texts,
                               int count, uint64_t seed);

/* True when the queue holds as many children as it takes (a queue call would return -1). */
bool conf_isolation_full(const conf_isolation *iso);

/* Runs sc, which must be the first queued scenario (queued now when the queue is empty), judged by
 * oracle, into run_id of db. Returns 0 when the scenario was recorded, whatever happened to the child
 * (res->verdict PASS, FAIL, DIVERGE, ERROR, CRASH, TIMEOUT or SKIP), or -1 with nothing recorded: a
 * trace error, an interrupt, or its streamed file changed (res->input_changed); message in res->message. */
int conf_run_isolated(conf_isolation *iso, const conf_scenario *sc, const conf_backend *oracle, uint64_t seed,
                      trace_db *db, int64_t run_id, conf_scenario_result *res);

/* Kills the queued scenarios' children (an interrupted run); the queue is empty after. */
void conf_isolation_drop_queue(conf_isolation *iso);

/* Kills the server and every child, and frees iso (NULL: nothing). */
void conf_isolation_stop(conf_isolation *iso);

#endif
