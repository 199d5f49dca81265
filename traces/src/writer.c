/* traces/src/writer.c — opening a trace database and appending runs, scenarios, steps and findings.
 *
 * Every statement is prepared once at open. The database runs in WAL mode with synchronous=NORMAL:
 * a committed transaction survives a killed process, and appends stay fast.
 *
 * Scenarios are committed in batches: each scenario is a SAVEPOINT (all of it or nothing: a rolled-back
 * scenario leaves no row), inside one write transaction that is committed once TRACE_BATCH_SCENARIOS
 * scenarios or TRACE_BATCH_MS milliseconds have gone into it, and before anything else touches the
 * database (trace_run_finish, trace__handle, trace_close). A commit writes every page the transaction
 * changed to the WAL; a scenario of a few steps changes the same few pages as the next one, so one
 * commit per batch instead of one per scenario is most of the cost of recording a short scenario
 * (profiled: a quarter of rtshm's time in an isolated corpus run). What this gives up: a process killed
 * mid-run loses the scenarios of the open batch (at most TRACE_BATCH_MS of work; the database stays
 * sound, every recorded scenario whole, and --resume runs them again); after a trace error (disk full)
 * SQLite may roll the whole batch back, and the run stops there as before. The batch boundaries depend
 * on the clock, never what is recorded. temp_store=MEMORY keeps the savepoints' sub-journal (the first
 * content of each page a scenario changes that the batch had before it) in memory instead of a temporary
 * file written for every scenario. */
#include "traces/trace.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "schema.sql.h"
#include "traces/health.h"

enum stmt_id {
    ST_RUN_INSERT, ST_RUN_STATE, ST_STEP, ST_FINDING, ST_SCENARIO, ST_CLAUSE, ST_DONE, ST_BEGIN, ST_COMMIT, ST_ROLLBACK,
    ST_SAVEPOINT, ST_RELEASE, ST_ROLLBACK_TO, ST_COUNT
};

static const char *const stmt_sql[ST_COUNT] = {
    "INSERT INTO runs(schema_version, tool_version, implementation, seed, argv, started_at, state) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'running')",
    "UPDATE runs SET state = ?2 WHERE run_id = ?1",
    "INSERT INTO steps(run_id, scenario, seq, step, vtime_us, process, kind, api, function, args, ret, status, "
    "status_code, last_error, last_error_code, expected, verdict, clause, detail, native_error, native_error_kind, "
    "opaque, after_restart, died) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
    "?18, ?19, ?20, ?21, ?22, ?23, ?24)",
    "INSERT INTO findings(run_id, scenario, seq, kind, clause, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    "INSERT INTO scenarios(run_id, scenario, path, sha256, verdict, steps, message, backend_output, duration_us) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    "INSERT OR IGNORE INTO scenario_clauses(run_id, scenario, clause) VALUES (?1, ?2, ?3)",
    "SELECT COUNT(*) FROM scenarios WHERE run_id = ?1 AND scenario = ?2",
    "BEGIN IMMEDIATE",
    "COMMIT",
    "ROLLBACK",
    "SAVEPOINT scenario",
    "RELEASE scenario",
    "ROLLBACK TO scenario",
};

#define TRACE_BATCH_SCENARIOS 64 /* scenarios per commit at most */
#define TRACE_BATCH_MS 50        /* a batch is committed once it is this old (at a scenario's end) */

struct trace_db {
    sqlite3 *db;
    sqlite3_stmt *stmt[ST_COUNT];
    int64_t scenario_run_id; /* run of the open scenario transaction */
    struct timespec scenario_started; /* when it began (CLOCK_MONOTONIC): its duration_us, never canonical */
    bool batch_open;         /* a write transaction holds committed-to-be scenarios */
    bool in_scenario;        /* the scenario savepoint is open */
    int batch_scenarios;     /* scenarios released into the open batch */
    int64_t batch_started_ms;
    char errmsg[512];
};

static int set_error(trace_db *t, const char *what) {
    snprintf(t->errmsg, sizeof t->errmsg, "%s: %s", what, sqlite3_errmsg(t->db));
    return -1;
}

const char *trace_errmsg(const trace_db *db) {
    return db->errmsg;
}

/* Runs one prepared statement to completion and resets it. */
static int step_done(trace_db *t, sqlite3_stmt *s, const char *what) {
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return rc == SQLITE_DONE ? 0 : set_error(t, what);
}

static int64_t monotonic_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Commits the open batch of scenarios, if any. Returns 0, or -1 (the batch is rolled back: none of its
 * scenarios remains). */
static int flush_batch(trace_db *t) {
    if (!t->batch_open) return 0;
    t->batch_open = false;
    t->batch_scenarios = 0;
    if (sqlite3_get_autocommit(t->db)) return 0; /* SQLite rolled it back already (after an error) */
    if (step_done(t, t->stmt[ST_COMMIT], "commit scenarios") == 0) return 0;
    sqlite3_step(t->stmt[ST_ROLLBACK]);
    sqlite3_reset(t->stmt[ST_ROLLBACK]);
    return -1;
}

static void bind_text(sqlite3_stmt *s, int i, const char *v) {
    if (v) sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(s, i);
}

/* Records the schema version in the header of a database whose schema rtshm just made. */
#define TRACE_USER_VERSION_SQL "PRAGMA user_version = " TRACE_STR(TRACE_SCHEMA_VERSION)
#define TRACE_STR(x) TRACE_STR_(x)
#define TRACE_STR_(x) #x

/* True when table has a column named column. */
static bool has_column(sqlite3 *db, const char *table, const char *column) {
    char sql[128];
    snprintf(sql, sizeof sql, "PRAGMA table_info(%s)", table);
    sqlite3_stmt *s = NULL;
    bool found = false;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK)
        while (!found && sqlite3_step(s) == SQLITE_ROW)
            found = strcmp((const char *)sqlite3_column_text(s, 1), column) == 0;
    sqlite3_finalize(s);
    return found;
}

/* Brings a version-1 database (its tables made before version 2 added columns) to version 2 in one
 * transaction: all of it or nothing. Returns SQLITE_OK or the error (the database is left as it was). */
static int migrate_v1(sqlite3 *db) {
    if (has_column(db, "steps", "died")) return SQLITE_OK;
    int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK) return rc;
    rc = sqlite3_exec(db, trace_migrate_v1_sql, NULL, NULL, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_exec(db, trace_schema_sql, NULL, NULL, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_exec(db, trace_migrate_v1_copy_sql, NULL, NULL, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_exec(db, TRACE_USER_VERSION_SQL, NULL, NULL, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* Brings a version-2 database (or a version-1 one just migrated to 2) to version 3 in one transaction:
 * scenarios.duration_us added, the expectation tables made (trace_schema_sql, CREATE TABLE IF NOT
 * EXISTS), user_version 3. A database that has duration_us is left alone. Returns SQLITE_OK or the error
 * (the database is left as it was). */
static int migrate_v2(sqlite3 *db) {
    if (has_column(db, "scenarios", "duration_us")) return SQLITE_OK;
    int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK) return rc;
    rc = sqlite3_exec(db, trace_migrate_v2_sql, NULL, NULL, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_exec(db, trace_schema_sql, NULL, NULL, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_exec(db, TRACE_USER_VERSION_SQL, NULL, NULL, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

int trace_open(const char *path, trace_db **out, char *err, int err_cap) {
    *out = NULL;
    /* read-only first (health.c): nothing is created, migrated or switched to WAL in a file that is no
     * trace, of a newer schema, or damaged */
    bool fresh = true;
    if (access(path, F_OK) == 0) {
        trace_health h = trace_check_file(path, true, NULL, err, (size_t)err_cap);
        if (h == TRACE_HEALTH_NOT_TRACE || h == TRACE_HEALTH_NEWER) return TRACE_OPEN_EINPUT;
        if (h == TRACE_HEALTH_DAMAGED) return TRACE_OPEN_EDAMAGED;
        if (h == TRACE_HEALTH_CANTOPEN) return TRACE_OPEN_EINTERNAL;
        fresh = h == TRACE_HEALTH_EMPTY;
    }
    trace_db *t = calloc(1, sizeof *t);
    if (t == NULL) {
        snprintf(err, (size_t)err_cap, "out of memory");
        return -1;
    }
    int rc = sqlite3_open_v2(path, &t->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_busy_timeout(t->db, 5000);
    if (rc == SQLITE_OK) rc = sqlite3_exec(t->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;", NULL, NULL, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_exec(t->db, trace_schema_sql, NULL, NULL, NULL);
    if (rc == SQLITE_OK && (rc = migrate_v1(t->db)) != SQLITE_OK) {
        snprintf(err, (size_t)err_cap, "%s: cannot migrate this version-1 trace to version %d (nothing was changed): %s",
                 path, TRACE_SCHEMA_VERSION, sqlite3_errmsg(t->db));
        trace_close(t);
        return TRACE_OPEN_EINTERNAL;
    }
    if (rc == SQLITE_OK && (rc = migrate_v2(t->db)) != SQLITE_OK) {
        snprintf(err, (size_t)err_cap, "%s: cannot migrate this version-2 trace to version %d (nothing was changed): %s",
                 path, TRACE_SCHEMA_VERSION, sqlite3_errmsg(t->db));
        trace_close(t);
        return TRACE_OPEN_EINTERNAL;
    }
    if (rc == SQLITE_OK && fresh) rc = sqlite3_exec(t->db, TRACE_USER_VERSION_SQL, NULL, NULL, NULL);
    for (int i = 0; rc == SQLITE_OK && i < ST_COUNT; i++)
        rc = sqlite3_prepare_v3(t->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &t->stmt[i], NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, (size_t)err_cap, "%s: %s", path, t->db ? sqlite3_errmsg(t->db) : "cannot open");
        trace_close(t);
        return -1;
    }
    *out = t;
    return 0;
}

void trace_close(trace_db *t) {
    if (t == NULL) return;
    if (t->in_scenario) trace_scenario_rollback(t);
    flush_batch(t);
    for (int i = 0; i < ST_COUNT; i++) sqlite3_finalize(t->stmt[i]);
    sqlite3_close(t->db);
    free(t);
}

int trace_run_begin(trace_db *t, const char *tool_version, const char *implementation, uint64_t seed,
                    const char *argv_json, const char *started_at, int64_t *run_id) {
    sqlite3_stmt *s = t->stmt[ST_RUN_INSERT];
    sqlite3_bind_int(s, 1, TRACE_SCHEMA_VERSION);
    bind_text(s, 2, tool_version);
    bind_text(s, 3, implementation);
    sqlite3_bind_int64(s, 4, (int64_t)seed);
    bind_text(s, 5, argv_json);
    bind_text(s, 6, started_at);
    if (step_done(t, s, "insert run") != 0) return -1;
    *run_id = sqlite3_last_insert_rowid(t->db);
    return 0;
}

int trace_run_finish(trace_db *t, int64_t run_id, const char *state) {
    if (flush_batch(t) != 0) return -1;
    sqlite3_stmt *s = t->stmt[ST_RUN_STATE];
    sqlite3_bind_int64(s, 1, run_id);
    bind_text(s, 2, state);
    return step_done(t, s, "update run state");
}

int trace_scenario_begin(trace_db *t, int64_t run_id) {
    t->scenario_run_id = run_id;
    if (t->in_scenario) trace_scenario_rollback(t); /* one left open by a caller that did not end it */
    if (t->batch_open && sqlite3_get_autocommit(t->db)) t->batch_open = false;
    if (!t->batch_open) {
        if (step_done(t, t->stmt[ST_BEGIN], "begin scenario") != 0) return -1;
        t->batch_open = true;
        t->batch_scenarios = 0;
        t->batch_started_ms = monotonic_ms();
    }
    if (step_done(t, t->stmt[ST_SAVEPOINT], "begin scenario") != 0) return -1;
    t->in_scenario = true;
    clock_gettime(CLOCK_MONOTONIC, &t->scenario_started);
    return 0;
}

int trace_step(trace_db *t, const trace_step_row *r) {
    sqlite3_stmt *s = t->stmt[ST_STEP];
    sqlite3_bind_int64(s, 1, t->scenario_run_id);
    bind_text(s, 2, r->scenario);
    sqlite3_bind_int64(s, 3, r->seq);
    sqlite3_bind_int64(s, 4, r->step);
    sqlite3_bind_int64(s, 5, r->vtime_us);
    bind_text(s, 6, r->process);
    bind_text(s, 7, r->kind);
    bind_text(s, 8, r->api);
    bind_text(s, 9, r->function);
    bind_text(s, 10, r->args);
    bind_text(s, 11, r->ret);
    bind_text(s, 12, r->status);
    if (r->has_status_code) sqlite3_bind_int64(s, 13, r->status_code);
    else sqlite3_bind_null(s, 13);
    bind_text(s, 14, r->last_error);
    if (r->has_last_error_code) sqlite3_bind_int64(s, 15, r->last_error_code);
    else sqlite3_bind_null(s, 15);
    bind_text(s, 16, r->expected);
    bind_text(s, 17, r->verdict);
    bind_text(s, 18, r->clause);
    bind_text(s, 19, r->detail);
    if (r->has_native_error) sqlite3_bind_int64(s, 20, r->native_error);
    else sqlite3_bind_null(s, 20);
    bind_text(s, 21, r->has_native_error ? r->native_error_kind : NULL);
    bind_text(s, 22, r->opaque);
    if (r->after_restart > 0) sqlite3_bind_int64(s, 23, r->after_restart);
    else sqlite3_bind_null(s, 23);
    bind_text(s, 24, r->died);
    return step_done(t, s, "insert step");
}

int trace_finding(trace_db *t, const char *scenario, int64_t seq, const char *kind, const char *clause,
                  const char *detail) {
    sqlite3_stmt *s = t->stmt[ST_FINDING];
    sqlite3_bind_int64(s, 1, t->scenario_run_id);
    bind_text(s, 2, scenario);
    sqlite3_bind_int64(s, 3, seq);
    bind_text(s, 4, kind);
    bind_text(s, 5, clause);
    bind_text(s, 6, detail);
    return step_done(t, s, "insert finding");
}

int trace_scenario_commit(trace_db *t, const trace_scenario_row *r) {
    sqlite3_stmt *s = t->stmt[ST_SCENARIO];
    sqlite3_bind_int64(s, 1, t->scenario_run_id);
    bind_text(s, 2, r->scenario);
    bind_text(s, 3, r->path);
    bind_text(s, 4, r->sha256);
    bind_text(s, 5, r->verdict);
    sqlite3_bind_int64(s, 6, r->steps);
    bind_text(s, 7, r->message);
    bind_text(s, 8, r->backend_output);
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    int64_t elapsed_us = (int64_t)(now.tv_sec - t->scenario_started.tv_sec) * 1000000 +
                         (now.tv_nsec - t->scenario_started.tv_nsec) / 1000;
    sqlite3_bind_int64(s, 9, elapsed_us > 0 ? elapsed_us : 0);
    if (step_done(t, s, "insert scenario") != 0) return -1;
    for (int i = 0; i < r->clause_count; i++) {
        sqlite3_stmt *c = t->stmt[ST_CLAUSE];
        sqlite3_bind_int64(c, 1, t->scenario_run_id);
        bind_text(c, 2, r->scenario);
        bind_text(c, 3, r->clauses[i]);
        if (step_done(t, c, "insert scenario clause") != 0) return -1;
    }
    if (step_done(t, t->stmt[ST_RELEASE], "commit scenario") != 0) return -1;
    t->in_scenario = false;
    if (++t->batch_scenarios >= TRACE_BATCH_SCENARIOS || monotonic_ms() - t->batch_started_ms >= TRACE_BATCH_MS)
        return flush_batch(t);
    return 0;
}

void trace_scenario_rollback(trace_db *t) {
    if (t->in_scenario && !sqlite3_get_autocommit(t->db)) {
        sqlite3_step(t->stmt[ST_ROLLBACK_TO]);
        sqlite3_reset(t->stmt[ST_ROLLBACK_TO]);
        sqlite3_step(t->stmt[ST_RELEASE]);
        sqlite3_reset(t->stmt[ST_RELEASE]);
    }
    t->in_scenario = false;
    if (sqlite3_get_autocommit(t->db)) t->batch_open = false;
}

sqlite3 *trace__handle(trace_db *db) {
    if (db->in_scenario) return db->db; /* inside a scenario: its own reads see its rows */
    flush_batch(db);
    return db->db;
}

/* For traces/ files beside this one (inputs.c): records "what: SQLite's message" as db's error. -1. */
int trace__fail(trace_db *db, const char *what) {
    return set_error(db, what);
}

int trace_scenario_done(trace_db *t, int64_t run_id, const char *scenario) {
    sqlite3_stmt *s = t->stmt[ST_DONE];
    sqlite3_bind_int64(s, 1, run_id);
    bind_text(s, 2, scenario);
    int rc = sqlite3_step(s);
    int done = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) > 0 : -1;
    if (done < 0) set_error(t, "read scenario");
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return done;
}

int trace_incomplete_run(trace_db *t, int64_t *run_id, uint64_t *seed) {
    sqlite3_stmt *s = NULL;
    int found = -1;
    if (sqlite3_prepare_v2(t->db, "SELECT run_id, seed FROM runs WHERE state != 'complete' ORDER BY run_id DESC LIMIT 1",
                           -1, &s, NULL) == SQLITE_OK) {
        int rc = sqlite3_step(s);
        if (rc == SQLITE_ROW) {
            *run_id = sqlite3_column_int64(s, 0);
            *seed = (uint64_t)sqlite3_column_int64(s, 1);
            found = 0;
        } else if (rc == SQLITE_DONE) {
            found = 1;
        }
    }
    if (found < 0) set_error(t, "find an incomplete run");
    sqlite3_finalize(s);
    return found;
}
