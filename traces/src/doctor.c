/* traces/src/doctor.c — examining a trace database (traces/doctor.h): integrity_check, the rows each
 * table still yields, and per run what is readable and whether it is complete or still running. */
#include "traces/doctor.h"

#include <inttypes.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "traces/runlock.h"
#include "traces/trace.h"

/* How many problems of integrity_check are listed (the count is of those listed, "or more" past it). */
#define DOCTOR_PROBLEMS_SHOWN 10
#define DOCTOR_STR(x) DOCTOR_STR_(x)
#define DOCTOR_STR_(x) #x

/* Runs PRAGMA integrity_check and lists its problems on out. True when it says "ok". */
static bool integrity(sqlite3 *db, FILE *out) {
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, "PRAGMA integrity_check(" DOCTOR_STR(DOCTOR_PROBLEMS_SHOWN) ")", -1, &s, NULL);
    int problems = 0;
    bool ok = false;
    while ((rc == SQLITE_OK || rc == SQLITE_ROW) && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *text = (const char *)sqlite3_column_text(s, 0);
        if (problems == 0 && text && strcmp(text, "ok") == 0) {
            ok = true;
            continue;
        }
        if (problems++ == 0) fputs("integrity_check: FAILED\n", out);
        fputs("  ", out);
        for (const char *p = text ? text : ""; *p; p++) fputc(*p == '\n' ? ' ' : *p, out);
        fputc('\n', out);
    }
    if (rc != SQLITE_DONE) {
        fprintf(out, "integrity_check: could not finish: %s\n", sqlite3_errmsg(db));
        ok = false;
    } else if (ok) {
        fputs("integrity_check: ok\n", out);
    } else if (problems >= DOCTOR_PROBLEMS_SHOWN) {
        fprintf(out, "  (the first %d problems; there may be more)\n", DOCTOR_PROBLEMS_SHOWN);
    }
    sqlite3_finalize(s);
    return ok;
}

/* Counts the rows sql yields (binding run_id to ?1 when not 0) into *rows. True when it read them all;
 * false with SQLite's message in why when a page could not be read. */
static bool count_rows(sqlite3 *db, const char *sql, int64_t run_id, int64_t *rows, char *why, size_t cap) {
    sqlite3_stmt *s = NULL;
    *rows = 0;
    int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
    if (rc == SQLITE_OK && run_id) sqlite3_bind_int64(s, 1, run_id);
    while ((rc == SQLITE_OK || rc == SQLITE_ROW) && (rc = sqlite3_step(s)) == SQLITE_ROW) (*rows)++;
    if (rc != SQLITE_DONE) snprintf(why, cap, "%s", sqlite3_errmsg(db));
    sqlite3_finalize(s);
    return rc == SQLITE_DONE;
}

/* Lists each table's readable rows. True when every row of every table read. */
static bool tables(sqlite3 *db, FILE *out) {
    static const char *const names[] = {"runs", "scenarios", "steps", "findings", "scenario_clauses"};
    bool all = true;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char sql[96], why[256];
        int64_t rows;
        snprintf(sql, sizeof sql, "SELECT * FROM %s", names[i]); /* a fixed name of the list above */
        if (count_rows(db, sql, 0, &rows, why, sizeof why)) {
            fprintf(out, "%-17s %" PRId64 " row%s\n", names[i], rows, rows == 1 ? "" : "s");
        } else {
            fprintf(out, "%-17s %" PRId64 " rows readable, then: %s\n", names[i], rows, why);
            all = false;
        }
    }
    return all;
}

/* Lists one run: its implementation, state (and whether a process holds it), and its readable rows.
 * True when all of them read. */
static bool one_run(sqlite3 *db, const char *path, int64_t run_id, const char *impl, const char *state, FILE *out) {
    static const char *const per_run[] = {"SELECT * FROM scenarios WHERE run_id = ?1",
                                          "SELECT * FROM steps WHERE run_id = ?1",
                                          "SELECT * FROM findings WHERE run_id = ?1"};
    static const char *const what[] = {"scenarios", "steps", "findings"};
    long holder = strcmp(state, "complete") != 0 ? trace_lock_holder(path, run_id) : 0;
    char state_text[64];
    if (holder) snprintf(state_text, sizeof state_text, "running (pid %ld)", holder);
    else if (strcmp(state, "running") == 0) snprintf(state_text, sizeof state_text, "running, no process: killed");
    else snprintf(state_text, sizeof state_text, "%s", state);
    fprintf(out, "  run %" PRId64 "  %s  %s:", run_id, impl, state_text);
    bool all = true;
    for (int i = 0; i < 3; i++) {
        char why[256];
        int64_t rows;
        bool read = count_rows(db, per_run[i], run_id, &rows, why, sizeof why);
        fprintf(out, "%s %" PRId64 "%s %s", i ? "," : "", rows, read ? "" : "+ (unreadable past them)", what[i]);
        all = all && read;
    }
    fputs(all ? (strcmp(state, "complete") == 0 ? " — complete and readable\n" : " — readable, not complete\n")
              : " — partly unreadable\n",
          out);
    return all;
}

/* Lists every readable run. True when every run and all its rows read. */
static bool runs(sqlite3 *db, const char *path, FILE *out) {
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT run_id, implementation, state FROM runs ORDER BY run_id", -1, &s, NULL);
    bool all = true;
    fputs("runs:\n", out);
    while ((rc == SQLITE_OK || rc == SQLITE_ROW) && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *impl = (const char *)sqlite3_column_text(s, 1), *state = (const char *)sqlite3_column_text(s, 2);
        if (!one_run(db, path, sqlite3_column_int64(s, 0), impl ? impl : "?", state ? state : "?", out)) all = false;
    }
    if (rc != SQLITE_DONE) {
        fprintf(out, "  (no further run readable: %s)\n", sqlite3_errmsg(db));
        all = false;
    }
    sqlite3_finalize(s);
    return all;
}

int trace_doctor(const char *path, FILE *out, char *err, size_t cap) {
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        snprintf(err, cap, "%s: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return TRACE_DOCTOR_FAILED;
    }
    sqlite3_busy_timeout(db, 5000);
    fprintf(out, "trace: %s\n", path);
    bool ok = integrity(db, out);
    ok = tables(db, out) && ok;
    ok = runs(db, path, out) && ok;
    if (ok) fputs("healthy\n", out);
    else
        fprintf(out, "DAMAGED: rtshm refuses to read it; `sqlite3 %s .recover | sqlite3 NEW.sqlite` may rescue the "
                     "readable rows into NEW.sqlite (check it with rtshm doctor), or record the runs again\n",
                path);
    sqlite3_close(db);
    return ok ? TRACE_DOCTOR_HEALTHY : TRACE_DOCTOR_DAMAGED;
}
