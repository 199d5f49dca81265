/* traces/doctor.h — `rtshm doctor DB`: how sound a trace database is and what of it can still be read.
 *
 * Read-only (SQLITE_OPEN_READONLY). Runs PRAGMA integrity_check (every page, every index against its
 * table), then reads what it can: each table's rows counted one by one until the end or the first
 * unreadable page, and per run its implementation, state, whether a process still holds it
 * (traces/runlock.h) and how many scenarios, steps and findings of it are readable. */
#ifndef TRACES_DOCTOR_H
#define TRACES_DOCTOR_H

#include <stdio.h>

/* What trace_doctor found. */
enum { TRACE_DOCTOR_HEALTHY = 0, TRACE_DOCTOR_DAMAGED = 1, TRACE_DOCTOR_FAILED = -1 };

/* Writes the examination of the trace at path on out (the caller checked it is a trace of a known schema
 * version: traces/health.h). Returns TRACE_DOCTOR_HEALTHY when integrity_check says "ok" and every row
 * read; TRACE_DOCTOR_DAMAGED otherwise; TRACE_DOCTOR_FAILED with "PATH: why" in err when the database
 * could not be opened at all. */
int trace_doctor(const char *path, FILE *out, char *err, size_t cap);

#endif
