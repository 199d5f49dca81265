/* traces/runlock.h — telling a live run from a dead one: a lock held for a run's lifetime.
 *
 * Beside the trace database DB lives the lock file "DB.lock" (empty; created by the first run, kept).
 * A process recording run N holds a POSIX record lock (fcntl F_SETLK, F_WRLCK) on byte N of it from the
 * moment the run is created or resumed until it ends; the kernel drops it when the process dies, however
 * it dies, and a forked child never inherits it. Byte 0 is the guard: held (waiting for it) while a run
 * is chosen or created, so a `run --resume` cannot pick a run between its row being inserted and its lock
 * being taken. Who holds a byte is asked with F_GETLK, which names the holder's pid: "run N is still
 * running (pid P)". TRACE-SCHEMA.md, "Live runs", documents it for other tools. */
#ifndef TRACES_RUNLOCK_H
#define TRACES_RUNLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct trace_lock trace_lock;

/* Opens (creating, mode 0644) the lock file of the trace at db_path. Returns 0, or -1 with "FILE: why"
 * in err (*out NULL). One per process and database: closing it releases every lock it holds. */
int trace_lock_open(const char *db_path, trace_lock **out, char *err, size_t cap);

/* Takes (on: waiting for it) or releases (off) the guard byte. 0, or -1 with errno set. */
int trace_lock_guard(trace_lock *l, bool on);

/* Takes run_id's byte without waiting. 0 when taken; 1 when another process holds it (its pid in
 * *holder); -1 with errno set on failure. */
int trace_lock_run(trace_lock *l, int64_t run_id, long *holder);

/* Releases every lock and closes the file. NULL is ignored. */
void trace_lock_close(trace_lock *l);

/* The pid of the process that holds run_id's lock of the trace at db_path, or 0 when none does (or there
 * is no lock file). Read-only: the lock file is neither created nor locked. */
long trace_lock_holder(const char *db_path, int64_t run_id);

#endif
