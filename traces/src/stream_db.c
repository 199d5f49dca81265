/* traces/src/stream_db.c — canonical records from a trace database: for each scenario of the run (by
 * id) its record, then its steps and findings merged by seq (a finding right after the step with its
 * seq), each row built into a JSON object and printed canonically (traces/canon.h). */
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "health_int.h"
#include "stream_int.h"
#include "traces/canon.h"

/* Contract in stream_int.h. The database is opened read-only and checked to be a trace of a known schema
 * version (health.c); the run is checked next (the newest, or that it exists); then the three
 * statements are prepared. */
int stream__open_db(trace_stream *s, const char *path, int64_t run_id, char *err, size_t cap) {
    static const char scen_sql[] =
        "SELECT scenario, path, sha256, verdict, steps, message FROM scenarios WHERE run_id = ?1 ORDER BY scenario";
    static const char step_sql[] =
        "SELECT seq, step, vtime_us, process, kind, api, function, args, ret, status, status_code, last_error, "
        "last_error_code, expected, verdict, clause, detail, native_error, native_error_kind, opaque, after_restart, "
        "died FROM steps WHERE run_id = ?1 AND scenario = ?2 ORDER BY seq";
    /* a trace of schema version 1 has none of version 2's step columns */
    static const char step_sql_v1[] =
        "SELECT seq, step, vtime_us, process, kind, api, function, args, ret, status, status_code, last_error, "
        "last_error_code, expected, verdict, clause, detail, NULL, NULL, NULL, NULL, NULL FROM steps "
        "WHERE run_id = ?1 AND scenario = ?2 ORDER BY seq";
    static const char find_sql[] =
        "SELECT seq, kind, clause, detail FROM findings WHERE run_id = ?1 AND scenario = ?2 ORDER BY seq, rowid";
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        snprintf(err, cap, "%s: %s", path, sqlite3_errmsg(s->db));
        return -1;
    }
    /* a trace of a known version (health.c): anything else is the input's fault, but a damaged one */
    trace_health h = trace__check_handle(s->db, path, false, NULL, err, cap);
    if (h == TRACE_HEALTH_EMPTY) snprintf(err, cap, "%s: not an rtshm trace database (no such table: runs)", path);
    if (h != TRACE_HEALTH_OK) {
        s->bad_input = h != TRACE_HEALTH_DAMAGED;
        return -1;
    }
    /* the newest run, or run_id: a failed read is SQLite's (a damaged page), not "no such run" */
    sqlite3_stmt *q = NULL;
    int64_t found = 0;
    int rc = sqlite3_prepare_v2(s->db, run_id ? "SELECT run_id FROM runs WHERE run_id = ?1" : "SELECT MAX(run_id) FROM runs",
                                -1, &q, NULL);
    if (rc == SQLITE_OK && run_id) sqlite3_bind_int64(q, 1, run_id);
    if (rc == SQLITE_OK) rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) found = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        snprintf(err, cap, "%s: reading its runs: %s", path, sqlite3_errmsg(s->db));
        return -1;
    }
    if (found == 0) {
        if (run_id) snprintf(err, cap, "%s: no run %lld in this trace database", path, (long long)run_id);
        else snprintf(err, cap, "%s: no runs in this trace database", path);
        s->bad_input = true;
        return -1;
    }
    run_id = found;
    s->run_id = run_id;
    if (sqlite3_prepare_v2(s->db, scen_sql, -1, &s->scenarios, NULL) != SQLITE_OK ||
        (sqlite3_prepare_v2(s->db, step_sql, -1, &s->steps, NULL) != SQLITE_OK &&
         sqlite3_prepare_v2(s->db, step_sql_v1, -1, &s->steps, NULL) != SQLITE_OK) ||
        sqlite3_prepare_v2(s->db, find_sql, -1, &s->findings, NULL) != SQLITE_OK) {
        snprintf(err, cap, "%s: not an rtshm trace database (%s)", path, sqlite3_errmsg(s->db));
        s->bad_input = true;
        return -1;
    }
    sqlite3_bind_int64(s->scenarios, 1, run_id);
    return 0;
}

/* Adds column i of statement q to obj under key, as the column's SQL type says. */
static void add_column(cJSON *obj, const char *key, sqlite3_stmt *q, int i, bool json_text) {
    switch (sqlite3_column_type(q, i)) {
    case SQLITE_NULL: cJSON_AddNullToObject(obj, key); break;
    case SQLITE_INTEGER: cJSON_AddNumberToObject(obj, key, (double)sqlite3_column_int64(q, i)); break;
    default: {
        const char *text = (const char *)sqlite3_column_text(q, i);
        cJSON *parsed = json_text ? cJSON_Parse(text) : NULL;
        if (parsed) cJSON_AddItemToObject(obj, key, parsed);
        else cJSON_AddStringToObject(obj, key, text ? text : "");
    }
    }
}

/* Makes obj the current record. */
static int emit(trace_stream *s, cJSON *obj, trace_rec_type type, int64_t seq, trace_record *rec, char *err, size_t cap) {
    s->obj = obj;
    s->line = obj ? trace_canonical_json(obj) : NULL;
    if (s->line == NULL) {
        snprintf(err, cap, "out of memory");
        return -1;
    }
    rec->type = type;
    rec->scenario = s->scenario;
    rec->seq = seq;
    rec->obj = s->obj;
    rec->line = s->line;
    return 1;
}

/* The current row of s->steps as a step record (args, expected and opaque parsed back into JSON). The
 * columns of schema version 2 (native_error, native_error_kind, opaque, after_restart, died) are left out
 * when NULL, so a
 * trace without them exports exactly as before. */
static cJSON *step_object(trace_stream *s) {
    static const char *const cols[] = {"seq", "step", "vtime_us", "process", "kind", "api", "function", "args", "ret",
                                       "status", "status_code", "last_error", "last_error_code", "expected",
                                       "verdict", "clause", "detail", "native_error", "native_error_kind", "opaque",
                                       "after_restart", "died"};
    cJSON *obj = cJSON_CreateObject();
    cJSON_AddStringToObject(obj, "type", "step");
    cJSON_AddStringToObject(obj, "scenario", s->scenario);
    for (int i = 0; i < 22; i++) {
        if (i >= 17 && sqlite3_column_type(s->steps, i) == SQLITE_NULL) continue;
        add_column(obj, cols[i], s->steps, i, i == 7 || i == 13 || i == 19);
    }
    return obj;
}

/* The current row of s->findings as a finding record. */
static cJSON *finding_object(trace_stream *s) {
    static const char *const cols[] = {"seq", "kind", "clause", "detail"};
    cJSON *obj = cJSON_CreateObject();
    cJSON_AddStringToObject(obj, "type", "finding");
    cJSON_AddStringToObject(obj, "scenario", s->scenario);
    for (int i = 0; i < 4; i++) add_column(obj, cols[i], s->findings, i, false);
    return obj;
}

/* Contract in stream_int.h. A scenario record first (its steps and findings queries started), then
 * the pending step or finding with the lower seq, a step before a finding of the same seq. */
int stream__next_db(trace_stream *s, trace_record *rec, char *err, size_t cap) {
    for (;;) {
        if (!s->in_scenario) {
            int rc = sqlite3_step(s->scenarios);
            if (rc == SQLITE_DONE) return 0;
            if (rc != SQLITE_ROW) break;
            const char *id = (const char *)sqlite3_column_text(s->scenarios, 0);
            snprintf(s->scenario, sizeof s->scenario, "%s", id ? id : "");
            /* path is left out: it is how the file was named on the command line, not what ran (sha256 is) */
            static const char *const cols[] = {"scenario", NULL, "sha256", "verdict", "steps", "message"};
            cJSON *obj = cJSON_CreateObject();
            cJSON_AddStringToObject(obj, "type", "scenario");
            for (int i = 0; i < 6; i++)
                if (cols[i]) add_column(obj, cols[i], s->scenarios, i, false);
            sqlite3_reset(s->steps);
            sqlite3_reset(s->findings);
            sqlite3_bind_int64(s->steps, 1, s->run_id);
            sqlite3_bind_text(s->steps, 2, s->scenario, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(s->findings, 1, s->run_id);
            sqlite3_bind_text(s->findings, 2, s->scenario, -1, SQLITE_TRANSIENT);
            int a = sqlite3_step(s->steps), b = sqlite3_step(s->findings);
            if ((a != SQLITE_ROW && a != SQLITE_DONE) || (b != SQLITE_ROW && b != SQLITE_DONE)) break;
            s->have_step = a == SQLITE_ROW;
            s->have_finding = b == SQLITE_ROW;
            s->in_scenario = true;
            return emit(s, obj, TRACE_REC_SCENARIO, -1, rec, err, cap);
        }
        /* A finding goes right after the step with its seq (so before any later step). */
        int64_t step_seq = s->have_step ? sqlite3_column_int64(s->steps, 0) : INT64_MAX;
        int64_t find_seq = s->have_finding ? sqlite3_column_int64(s->findings, 0) : INT64_MAX;
        if (!s->have_step && !s->have_finding) {
            s->in_scenario = false;
            continue;
        }
        if (s->have_step && step_seq <= find_seq) {
            cJSON *obj = step_object(s);
            int rc = sqlite3_step(s->steps);
            if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
                cJSON_Delete(obj);
                break;
            }
            s->have_step = rc == SQLITE_ROW;
            return emit(s, obj, TRACE_REC_STEP, step_seq, rec, err, cap);
        }
        cJSON *obj = finding_object(s);
        int rc = sqlite3_step(s->findings);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            cJSON_Delete(obj);
            break;
        }
        s->have_finding = rc == SQLITE_ROW;
        return emit(s, obj, TRACE_REC_FINDING, find_seq, rec, err, cap);
    }
    snprintf(err, cap, "reading the trace: %s", sqlite3_errmsg(s->db));
    return -1;
}
