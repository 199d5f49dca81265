/* conformance/cli/explore_record.c — the explore tables of a trace database (explore_record.h).
 *
 * The file is opened through trace_open first (so it is an rtshm trace, created with its schema when
 * new, refused when it is something else), then with SQLite directly for the explore tables, which are
 * this module's own (CREATE TABLE IF NOT EXISTS; documented in traces/TRACE-SCHEMA.md). */
#include "explore_record.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "runinfo.h"
#include "traces/trace.h"


static const char explore_schema[] =
    "CREATE TABLE IF NOT EXISTS explore_runs ("
    " id INTEGER PRIMARY KEY, tool_version TEXT NOT NULL, implementation TEXT NOT NULL, seed TEXT NOT NULL,"
    " args TEXT NOT NULL, state TEXT NOT NULL, exit_code INTEGER, scenarios INTEGER NOT NULL DEFAULT 0,"
    " steps INTEGER NOT NULL DEFAULT 0, diverged INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE IF NOT EXISTS explore_scenarios ("
    " run_id INTEGER NOT NULL REFERENCES explore_runs(id), number INTEGER NOT NULL, seed TEXT NOT NULL,"
    " verdict TEXT NOT NULL, step INTEGER, function TEXT, clause TEXT, fields INTEGER NOT NULL, message TEXT,"
    " scenario TEXT, PRIMARY KEY (run_id, number));"
    "CREATE TABLE IF NOT EXISTS explore_shrunk ("
    " run_id INTEGER NOT NULL REFERENCES explore_runs(id), number INTEGER NOT NULL, verdict TEXT NOT NULL,"
    " clause TEXT, fields INTEGER NOT NULL, function TEXT, path TEXT NOT NULL, scenario TEXT NOT NULL,"
    " steps_before INTEGER NOT NULL, steps_after INTEGER NOT NULL, candidates INTEGER NOT NULL,"
    " PRIMARY KEY (run_id, number));";

struct explore_record {
    sqlite3 *db;
    sqlite3_stmt *scenario, *shrunk;
    int64_t run_id;
    int failed; /* an SQLite error happened: reported at close */
    char message[512];
};

static void note_error(explore_record *r) {
    if (!r->failed) snprintf(r->message, sizeof r->message, "%s", sqlite3_errmsg(r->db));
    r->failed = 1;
}

int explore_record_open(const char *path, int argc, char **argv, const char *impl, uint64_t seed, explore_record **out) {
    *out = NULL;
    trace_db *trace = NULL;
    char err[1024];
    if (trace_open(path, &trace, err, sizeof err) != 0) {
        cli_escape_line(stderr, "rtshm: --db %s", err);
        return -1;
    }
    trace_close(trace);
    explore_record *r = calloc(1, sizeof *r);
    char *args = cli_argv_json(argc, argv);
    char seed_text[24];
    snprintf(seed_text, sizeof seed_text, "%llu", (unsigned long long)seed);
    sqlite3_stmt *run = NULL;
    int ok = r && args && sqlite3_open_v2(path, &r->db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
             sqlite3_busy_timeout(r->db, 5000) == SQLITE_OK &&
             sqlite3_exec(r->db, explore_schema, NULL, NULL, NULL) == SQLITE_OK &&
             sqlite3_exec(r->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK &&
             sqlite3_prepare_v2(r->db,
                                "INSERT INTO explore_runs(tool_version, implementation, seed, args, state) "
                                "VALUES (?, ?, ?, ?, 'running')",
                                -1, &run, NULL) == SQLITE_OK &&
             sqlite3_bind_text(run, 1, cli_tool_version(), -1, SQLITE_TRANSIENT) == SQLITE_OK &&
             sqlite3_bind_text(run, 2, impl, -1, SQLITE_STATIC) == SQLITE_OK &&
             sqlite3_bind_text(run, 3, seed_text, -1, SQLITE_STATIC) == SQLITE_OK &&
             sqlite3_bind_text(run, 4, args, -1, SQLITE_STATIC) == SQLITE_OK && sqlite3_step(run) == SQLITE_DONE &&
             sqlite3_prepare_v2(r->db,
                                "INSERT INTO explore_scenarios(run_id, number, seed, verdict, step, function, clause, "
                                "fields, message, scenario) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                -1, &r->scenario, NULL) == SQLITE_OK &&
             sqlite3_prepare_v2(r->db,
                                "INSERT INTO explore_shrunk(run_id, number, verdict, clause, fields, function, path, "
                                "scenario, steps_before, steps_after, candidates) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                -1, &r->shrunk, NULL) == SQLITE_OK;
    sqlite3_finalize(run);
    free(args);
    if (!ok) {
        cli_escape_line(stderr, "rtshm: --db %s: %s", path, r && r->db ? sqlite3_errmsg(r->db) : "out of memory");
        if (r) {
            sqlite3_finalize(r->scenario);
            sqlite3_finalize(r->shrunk);
            sqlite3_close(r->db);
        }
        free(r);
        return -1;
    }
    r->run_id = sqlite3_last_insert_rowid(r->db);
    *out = r;
    return 0;
}

/* Binds text or NULL. */
static int bind_text(sqlite3_stmt *st, int i, const char *text) {
    return text ? sqlite3_bind_text(st, i, text, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
}

void explore_record_scenario(explore_record *r, uint64_t number, uint64_t seed, const ex_divergence *div,
                             const char *completed) {
    if (r->failed) return;
    char seed_text[24];
    snprintf(seed_text, sizeof seed_text, "%016llx", (unsigned long long)seed);
    sqlite3_stmt *st = r->scenario;
    bool differs = div->differs;
    int ok = sqlite3_bind_int64(st, 1, r->run_id) == SQLITE_OK && sqlite3_bind_int64(st, 2, (int64_t)number) == SQLITE_OK &&
             bind_text(st, 3, seed_text) == SQLITE_OK && bind_text(st, 4, differs ? div->verdict : "PASS") == SQLITE_OK &&
             (differs && div->step >= 0 ? sqlite3_bind_int(st, 5, div->step) : sqlite3_bind_null(st, 5)) == SQLITE_OK &&
             bind_text(st, 6, differs ? div->function : NULL) == SQLITE_OK &&
             bind_text(st, 7, differs ? div->clause : NULL) == SQLITE_OK &&
             sqlite3_bind_int(st, 8, differs ? (int)div->mismatches : 0) == SQLITE_OK &&
             bind_text(st, 9, differs ? div->message : NULL) == SQLITE_OK &&
             bind_text(st, 10, differs ? completed : NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_DONE;
    if (!ok) note_error(r);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

void explore_record_shrunk(explore_record *r, uint64_t number, const ex_divergence *div, const char *path,
                           const char *text, int steps_before, int steps_after, int candidates) {
    if (r->failed) return;
    sqlite3_stmt *st = r->shrunk;
    int ok = sqlite3_bind_int64(st, 1, r->run_id) == SQLITE_OK && sqlite3_bind_int64(st, 2, (int64_t)number) == SQLITE_OK &&
             bind_text(st, 3, div->verdict) == SQLITE_OK && bind_text(st, 4, div->clause) == SQLITE_OK &&
             sqlite3_bind_int(st, 5, (int)div->mismatches) == SQLITE_OK && bind_text(st, 6, div->function) == SQLITE_OK &&
             bind_text(st, 7, path) == SQLITE_OK && bind_text(st, 8, text) == SQLITE_OK &&
             sqlite3_bind_int(st, 9, steps_before) == SQLITE_OK && sqlite3_bind_int(st, 10, steps_after) == SQLITE_OK &&
             sqlite3_bind_int(st, 11, candidates) == SQLITE_OK && sqlite3_step(st) == SQLITE_DONE;
    if (!ok) note_error(r);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

int explore_record_close(explore_record *r, int exit_code, uint64_t scenarios, uint64_t steps, uint64_t diverged) {
    sqlite3_stmt *fin = NULL;
    int ok = !r->failed &&
             sqlite3_prepare_v2(r->db,
                                "UPDATE explore_runs SET state = ?, exit_code = ?, scenarios = ?, steps = ?, diverged = ? "
                                "WHERE id = ?",
                                -1, &fin, NULL) == SQLITE_OK &&
             sqlite3_bind_text(fin, 1, exit_code <= 1 ? "complete" : "interrupted", -1, SQLITE_STATIC) == SQLITE_OK &&
             sqlite3_bind_int(fin, 2, exit_code) == SQLITE_OK && sqlite3_bind_int64(fin, 3, (int64_t)scenarios) == SQLITE_OK &&
             sqlite3_bind_int64(fin, 4, (int64_t)steps) == SQLITE_OK &&
             sqlite3_bind_int64(fin, 5, (int64_t)diverged) == SQLITE_OK &&
             sqlite3_bind_int64(fin, 6, r->run_id) == SQLITE_OK && sqlite3_step(fin) == SQLITE_DONE;
    sqlite3_finalize(fin);
    if (!ok) note_error(r);
    ok = ok && sqlite3_exec(r->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK;
    if (!ok && !r->failed) note_error(r);
    if (!ok) {
        sqlite3_exec(r->db, "ROLLBACK", NULL, NULL, NULL);
        cli_escape_line(stderr, "rtshm: explore: trace: %s", r->message);
    }
    sqlite3_finalize(r->scenario);
    sqlite3_finalize(r->shrunk);
    sqlite3_close(r->db);
    free(r);
    return ok ? 0 : -1;
}
