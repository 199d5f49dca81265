/* traces/health.h — whether a file is a trace database this rtshm may read or append to, decided
 * read-only before anything is created, migrated or switched to WAL (TRACE-SCHEMA.md, "Opening a
 * trace").
 *
 * A trace is an SQLite database holding the tables runs, scenarios, steps, findings and
 * scenario_clauses. Its schema version is the larger of `PRAGMA user_version` (set when rtshm creates
 * the schema) and the newest runs.schema_version; one newer than TRACE_SCHEMA_VERSION is refused. A
 * database that fails `PRAGMA quick_check` (or whose pages SQLite reports as corrupt) is damaged. */
#ifndef TRACES_HEALTH_H
#define TRACES_HEALTH_H

#include <stdbool.h>
#include <stddef.h>

typedef enum trace_health {
    TRACE_HEALTH_OK = 0,    /* a trace of a schema version this rtshm knows */
    TRACE_HEALTH_EMPTY,     /* an SQLite database without any table (an empty file): a writer makes the schema */
    TRACE_HEALTH_CANTOPEN,  /* the file cannot be opened (missing, no permission, a folder) */
    TRACE_HEALTH_NOT_TRACE, /* not an SQLite database, or one without rtshm's tables */
    TRACE_HEALTH_NEWER,     /* a schema version newer than TRACE_SCHEMA_VERSION */
    TRACE_HEALTH_DAMAGED    /* PRAGMA quick_check failed, or SQLite found a corrupt page */
} trace_health;

/* True when path exists and is not a regular file (a FIFO, a device, a socket, a folder), with "PATH: not an
 * rtshm trace database (not a regular file: ...)" in err: such a path is refused by its type before anything
 * opens it (opening a FIFO for reading blocks until a writer comes). False otherwise (err untouched). */
bool trace_path_irregular(const char *path, char *err, size_t cap);

/* Opens path read-only (SQLITE_OPEN_READONLY: nothing is written, no table is created, the journal mode
 * is left alone) and says what it is. quick_check: also run PRAGMA quick_check (reads every page once;
 * without it only the schema and the version are read). *schema_version (may be NULL) gets the version
 * found (0 for an empty database). Every result but TRACE_HEALTH_OK and TRACE_HEALTH_EMPTY writes
 * "PATH: why" into err, e.g. "PATH: not an rtshm trace database (no such table: runs)", "PATH: trace schema
 * version 3 is newer than this rtshm's (2)", "PATH: the trace database is damaged (quick_check: ...)". */
trace_health trace_check_file(const char *path, bool quick_check, int *schema_version, char *err, size_t cap);

#endif
