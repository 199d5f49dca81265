/* traces/src/health.c — is a file an rtshm trace, of a known schema version, undamaged (traces/health.h).
 *
 * Everything here reads: the handle is opened SQLITE_OPEN_READONLY, and only sqlite_master, PRAGMA
 * user_version, MAX(runs.schema_version) and PRAGMA quick_check are asked. The checks run from the
 * cheapest: is it SQLite (the first read of sqlite_master), has it any table, has it every trace
 * table, is its version known, are its pages sound. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "health_int.h"
#include "traces/trace.h"

/* The tables every trace holds, in the order a missing one is named. */
static const char *const trace_tables[] = {"runs", "scenarios", "steps", "findings", "scenario_clauses"};

/* SQLITE_CORRUPT (any extended code) or SQLITE_NOTADB, as a verdict; TRACE_HEALTH_OK for other codes. */
static trace_health verdict_of(int rc) {
    if ((rc & 0xff) == SQLITE_CORRUPT) return TRACE_HEALTH_DAMAGED;
    if ((rc & 0xff) == SQLITE_NOTADB) return TRACE_HEALTH_NOT_TRACE;
    return TRACE_HEALTH_OK;
}

/* Writes "PATH: <message of h's verdict>" into err. Returns h. */
static trace_health fail(trace_health h, const char *path, const char *why, char *err, size_t cap) {
    switch (h) {
    case TRACE_HEALTH_NOT_TRACE: snprintf(err, cap, "%s: not an rtshm trace database (%s)", path, why); break;
    case TRACE_HEALTH_DAMAGED:
        snprintf(err, cap, "%s: the trace database is damaged (%s); `rtshm doctor %s` says what survives", path, why,
                 path);
        break;
    default: snprintf(err, cap, "%s: %s", path, why); break;
    }
    return h;
}

/* The number of tables in sqlite_master into *tables, and in *missing the first trace table absent
 * (NULL when all are there). Returns SQLite's code (SQLITE_OK). */
static int read_tables(sqlite3 *db, int *tables, const char **missing) {
    sqlite3_stmt *s = NULL;
    bool present[sizeof trace_tables / sizeof trace_tables[0]] = {false};
    *tables = 0;
    *missing = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table'", -1, &s, NULL);
    while ((rc == SQLITE_OK || rc == SQLITE_ROW) && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(s, 0);
        (*tables)++;
        for (size_t i = 0; name && i < sizeof trace_tables / sizeof trace_tables[0]; i++)
            if (strcmp(name, trace_tables[i]) == 0) present[i] = true;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) return rc == SQLITE_OK ? SQLITE_ERROR : rc;
    for (size_t i = 0; i < sizeof trace_tables / sizeof trace_tables[0] && *missing == NULL; i++)
        if (!present[i]) *missing = trace_tables[i];
    return SQLITE_OK;
}

/* The first integer column of sql's first row into *value. Returns SQLite's code (SQLITE_OK). */
static int read_int(sqlite3 *db, const char *sql, int *value) {
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *value = sqlite3_column_int(s, 0);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(s);
    return rc;
}

/* Runs PRAGMA quick_check(1); its first message (its lines joined by "; ") into why. Returns
 * TRACE_HEALTH_OK when it says "ok", TRACE_HEALTH_DAMAGED when it does not or cannot read a page. */
static trace_health quick_check(sqlite3 *db, char *why, size_t cap) {
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &s, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_step(s);
    trace_health h = TRACE_HEALTH_OK;
    if (rc == SQLITE_ROW) {
        const char *text = (const char *)sqlite3_column_text(s, 0);
        if (text == NULL || strcmp(text, "ok") != 0) {
            h = TRACE_HEALTH_DAMAGED;
            snprintf(why, cap, "quick_check: %s", text ? text : "no answer");
        }
    } else {
        h = TRACE_HEALTH_DAMAGED;
        snprintf(why, cap, "quick_check: %s", sqlite3_errmsg(db));
    }
    sqlite3_finalize(s);
    for (char *p = why; *p; p++)
        if (*p == '\n') *p = ';';
    return h;
}

trace_health trace__check_handle(sqlite3 *db, const char *path, bool check_pages, int *schema_version, char *err,
                                 size_t cap) {
    int version_found = 0, user_version = 0, tables = 0;
    const char *missing = NULL;
    char why[512];
    if (schema_version) *schema_version = 0;
    sqlite3_busy_timeout(db, 5000);
    int rc = read_tables(db, &tables, &missing);
    if (rc != SQLITE_OK) {
        trace_health h = verdict_of(rc);
        snprintf(why, sizeof why, "%s", sqlite3_errmsg(db));
        return fail(h == TRACE_HEALTH_OK ? TRACE_HEALTH_CANTOPEN : h, path, why, err, cap);
    }
    if (tables == 0) return TRACE_HEALTH_EMPTY;
    if (missing) {
        snprintf(why, sizeof why, "no such table: %s", missing);
        return fail(TRACE_HEALTH_NOT_TRACE, path, why, err, cap);
    }
    rc = read_int(db, "PRAGMA user_version", &user_version);
    if (rc == SQLITE_OK) rc = read_int(db, "SELECT MAX(schema_version) FROM runs", &version_found);
    if (rc != SQLITE_OK) {
        trace_health h = verdict_of(rc);
        snprintf(why, sizeof why, "%s", sqlite3_errmsg(db));
        return fail(h == TRACE_HEALTH_OK ? TRACE_HEALTH_NOT_TRACE : h, path, why, err, cap);
    }
    if (user_version > version_found) version_found = user_version;
    if (schema_version) *schema_version = version_found;
    if (version_found > TRACE_SCHEMA_VERSION) {
        snprintf(err, cap, "%s: trace schema version %d is newer than this rtshm's (%d); read it with a newer rtshm",
                 path, version_found, TRACE_SCHEMA_VERSION);
        return TRACE_HEALTH_NEWER;
    }
    if (check_pages && quick_check(db, why, sizeof why) != TRACE_HEALTH_OK)
        return fail(TRACE_HEALTH_DAMAGED, path, why, err, cap);
    return TRACE_HEALTH_OK;
}

bool trace_path_irregular(const char *path, char *err, size_t cap) {
    struct stat st;
    if (stat(path, &st) != 0 || S_ISREG(st.st_mode)) return false;
    fail(TRACE_HEALTH_NOT_TRACE, path, "not a regular file: a FIFO, a device, a socket or a folder", err, cap);
    return true;
}

trace_health trace_check_file(const char *path, bool check_pages, int *schema_version, char *err, size_t cap) {
    sqlite3 *db = NULL;
    trace_health h;
    if (schema_version) *schema_version = 0;
    if (trace_path_irregular(path, err, cap)) return TRACE_HEALTH_NOT_TRACE;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        h = fail(TRACE_HEALTH_CANTOPEN, path, db ? sqlite3_errmsg(db) : "out of memory", err, cap);
    else
        h = trace__check_handle(db, path, check_pages, schema_version, err, cap);
    sqlite3_close(db);
    return h;
}
