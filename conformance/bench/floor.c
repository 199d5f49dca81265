/* conformance/bench/floor.c — the SQLite floor: what inserting the recorded run's rows costs SQLite
 * alone, through the shortest C path (one prepared statement, static binds, one transaction).
 *
 * The rows are copies of the recorded trace's own first cycle (same 19 columns, same texts and NULLs,
 * so the same sizes), with seq, step and vtime_us counting up as in the real run. The database is
 * created by trace_open, so table, primary key, WAL mode and synchronous=NORMAL are the recorder's. */
#include "bench.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "traces/trace.h"

#define COLS 19 /* columns of steps, in table order */

typedef struct template_row {
    int type[COLS];        /* SQLITE_NULL, SQLITE_INTEGER or SQLITE_TEXT */
    int64_t number[COLS];
    char *text[COLS];
} template_row;

/* The first BENCH_CYCLE steps rows of the newest run of path into rows[]; 0 or -1. */
static int read_templates(const char *path, template_row *rows, char *err, size_t cap) {
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    int n = 0;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db,
                           "SELECT run_id, scenario, seq, step, vtime_us, process, kind, api, function, args, ret, "
                           "status, status_code, last_error, last_error_code, expected, verdict, clause, detail "
                           "FROM steps WHERE run_id = (SELECT MAX(run_id) FROM runs) ORDER BY seq LIMIT ?1",
                           -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_int(q, 1, BENCH_CYCLE);
        while (n < BENCH_CYCLE && sqlite3_step(q) == SQLITE_ROW) {
            for (int c = 0; c < COLS; c++) {
                rows[n].type[c] = sqlite3_column_type(q, c);
                rows[n].number[c] = sqlite3_column_int64(q, c);
                const unsigned char *t = sqlite3_column_text(q, c);
                rows[n].text[c] = rows[n].type[c] == SQLITE_TEXT && t ? strdup((const char *)t) : NULL;
            }
            n++;
        }
    }
    if (n != BENCH_CYCLE) snprintf(err, cap, "%s: expected %d template rows, found %d (%s)", path, BENCH_CYCLE, n,
                                   db ? sqlite3_errmsg(db) : "cannot open");
    sqlite3_finalize(q);
    sqlite3_close(db);
    return n == BENCH_CYCLE ? 0 : -1;
}

void bench_sqlite_floor(void *arg, bench_result *out) {
    const bench_floor_args *a = arg;
    template_row rows[BENCH_CYCLE];
    char err[512];
    memset(rows, 0, sizeof rows);
    if (read_templates(a->template_db, rows, err, sizeof err) != 0) {
        snprintf(out->note, sizeof out->note, "%.250s", err);
        return;
    }
    /* A fresh database with the recorder's schema and journal mode. */
    bench_unlink_db(a->db);
    trace_db *t = NULL;
    if (trace_open(a->db, &t, err, sizeof err) != 0) {
        snprintf(out->note, sizeof out->note, "%.250s", err);
        return;
    }
    trace_close(t);

    sqlite3 *db = NULL;
    sqlite3_stmt *ins = NULL;
    if (sqlite3_open_v2(a->db, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
        sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "INSERT INTO steps(run_id, scenario, seq, step, vtime_us, process, kind, api, function, "
                           "args, ret, status, status_code, last_error, last_error_code, expected, verdict, clause, "
                           "detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
                           "?17, ?18, ?19)",
                           -1, &ins, NULL) != SQLITE_OK) {
        snprintf(out->note, sizeof out->note, "floor: %.200s", db ? sqlite3_errmsg(db) : "cannot open");
        sqlite3_close(db);
        return;
    }
    int rc = SQLITE_DONE;
    double t0 = bench_now();
    sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    for (long long i = 0; rc == SQLITE_DONE && i < a->rows; i++) {
        const template_row *r = &rows[i % BENCH_CYCLE];
        for (int c = 0; c < COLS; c++) {
            if (c == 2 || c == 3) sqlite3_bind_int64(ins, c + 1, i);            /* seq, step */
            else if (c == 4) sqlite3_bind_int64(ins, c + 1, r->number[c]);      /* vtime_us */
            else if (r->type[c] == SQLITE_NULL) sqlite3_bind_null(ins, c + 1);
            else if (r->type[c] == SQLITE_INTEGER) sqlite3_bind_int64(ins, c + 1, r->number[c]);
            else sqlite3_bind_text(ins, c + 1, r->text[c], -1, SQLITE_STATIC);
        }
        rc = sqlite3_step(ins);
        sqlite3_reset(ins);
    }
    if (rc == SQLITE_DONE) rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? SQLITE_DONE : SQLITE_ERROR;
    out->seconds = bench_now() - t0;
    out->count = a->rows;
    out->ok = rc == SQLITE_DONE;
    if (!out->ok) snprintf(out->note, sizeof out->note, "floor insert: %.200s", sqlite3_errmsg(db));
    sqlite3_finalize(ins);
    sqlite3_close(db);
    for (int n = 0; n < BENCH_CYCLE; n++)
        for (int c = 0; c < COLS; c++) free(rows[n].text[c]);
}
