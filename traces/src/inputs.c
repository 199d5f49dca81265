/* traces/src/inputs.c — recording and comparing what a run was given (traces/inputs.h). */
#include "inputs_int.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

/* The sqlite3 handle of an open trace (writer.c). */
sqlite3 *trace__handle(trace_db *db);
/* Records SQLite's message for what failed as the trace's error (writer.c). */
int trace__fail(trace_db *db, const char *what);

static void bind_text_or_null(sqlite3_stmt *s, int i, const char *text) {
    if (text && *text) sqlite3_bind_text(s, i, text, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(s, i);
}

int trace_record_inputs(trace_db *db, int64_t run_id, const trace_run_identity *id, const trace_selection *sel) {
    sqlite3 *h = trace__handle(db);
    sqlite3_stmt *row = NULL, *scen = NULL;
    if (sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) return trace__fail(db, "record run inputs");
    int rc = sqlite3_prepare_v2(h,
                                "INSERT INTO run_inputs(run_id, impl_sha256, corpus_sha256, filters, shard_index, "
                                "shard_count) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                -1, &row, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(h, "INSERT INTO run_corpus(run_id, scenario, sha256) VALUES (?1, ?2, ?3)", -1, &scen,
                                NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(row, 1, run_id);
        bind_text_or_null(row, 2, id->impl_sha256);
        sqlite3_bind_text(row, 3, id->corpus_sha256, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(row, 4, id->filters, -1, SQLITE_TRANSIENT);
        if (id->shard_count) {
            sqlite3_bind_int64(row, 5, id->shard_index);
            sqlite3_bind_int64(row, 6, id->shard_count);
        }
        rc = sqlite3_step(row) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
    }
    for (size_t i = 0; rc == SQLITE_OK && i < sel->count; i++) {
        sqlite3_bind_int64(scen, 1, run_id);
        sqlite3_bind_text(scen, 2, sel->ids[i], -1, SQLITE_STATIC);
        sqlite3_bind_text(scen, 3, sel->sha256s[i], -1, SQLITE_STATIC);
        rc = sqlite3_step(scen) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
        sqlite3_reset(scen);
    }
    int result = rc == SQLITE_OK ? 0 : trace__fail(db, "record run inputs");
    sqlite3_finalize(row);
    sqlite3_finalize(scen);
    if (result == 0 && sqlite3_exec(h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) result = trace__fail(db, "commit run inputs");
    if (result != 0) sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
    return result;
}

/* Column i of s as text into buf ("" for NULL). */
static void column_text(sqlite3_stmt *s, int i, char *buf, size_t cap) {
    const unsigned char *text = sqlite3_column_text(s, i);
    snprintf(buf, cap, "%s", text ? (const char *)text : "");
}

int trace_read_identity(trace_db *db, int64_t run_id, trace_run_identity *out) {
    int result = trace__read_identity(trace__handle(db), run_id, out);
    if (result < 0) trace__fail(db, "read the run");
    return result;
}

int trace__read_identity(sqlite3 *h, int64_t run_id, trace_run_identity *out) {
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(h,
                                "SELECT r.tool_version, r.implementation, r.seed, r.state, i.run_id, i.impl_sha256, "
                                "i.corpus_sha256, i.filters, i.shard_index, i.shard_count FROM runs r "
                                "LEFT JOIN run_inputs i USING (run_id) WHERE r.run_id = ?1",
                                -1, &s, NULL);
    if (rc != SQLITE_OK) /* a trace from before run_inputs, read read-only: no inputs known */
        rc = sqlite3_prepare_v2(h,
                                "SELECT tool_version, implementation, seed, state, NULL, NULL, NULL, NULL, NULL, NULL "
                                "FROM runs WHERE run_id = ?1",
                                -1, &s, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(s, 1, run_id);
        rc = sqlite3_step(s);
    }
    int result = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
    if (result == 0) {
        column_text(s, 0, out->tool_version, sizeof out->tool_version);
        column_text(s, 1, out->implementation, sizeof out->implementation);
        out->seed = (uint64_t)sqlite3_column_int64(s, 2);
        column_text(s, 3, out->state, sizeof out->state);
        out->has_inputs = sqlite3_column_type(s, 4) != SQLITE_NULL;
        column_text(s, 5, out->impl_sha256, sizeof out->impl_sha256);
        column_text(s, 6, out->corpus_sha256, sizeof out->corpus_sha256);
        column_text(s, 7, out->filters, sizeof out->filters);
        out->shard_index = sqlite3_column_int64(s, 8);
        out->shard_count = sqlite3_column_int64(s, 9);
    }
    sqlite3_finalize(s);
    return result;
}

/* The first 12 hex digits of a hash and "...", or "none" when it is empty, for messages. */
static const char *short_hash(const char *hash, char buf[16]) {
    if (*hash) snprintf(buf, 16, "%.12s...", hash);
    else snprintf(buf, 16, "none");
    return buf;
}

/* "K/N", or "none" unsharded, for messages. */
static const char *shard_text(const trace_run_identity *id, char buf[16]) {
    if (id->shard_count == 0) snprintf(buf, 16, "none");
    else snprintf(buf, 16, "%lld/%lld", (long long)id->shard_index, (long long)id->shard_count);
    return buf;
}

int trace_identity_compare(const trace_run_identity *then, const trace_run_identity *now, const char *then_label,
                           const char *now_label, bool with_shard, char *why, size_t cap) {
    char a[16], b[16];
    if (strcmp(then->tool_version, now->tool_version) != 0)
        snprintf(why, cap, "the tool differs: %s %s, %s %s", then->tool_version, then_label, now->tool_version, now_label);
    else if (strcmp(then->implementation, now->implementation) != 0)
        snprintf(why, cap, "the implementation differs: %s %s, %s %s", then->implementation, then_label, now->implementation,
                 now_label);
    else if (strcmp(then->impl_sha256, now->impl_sha256) != 0)
        snprintf(why, cap, "the implementation's library file differs: SHA-256 %s %s, %s %s",
                 short_hash(then->impl_sha256, a), then_label, short_hash(now->impl_sha256, b), now_label);
    else if (then->seed != now->seed)
        snprintf(why, cap, "the seed differs: %llu %s, %llu %s", (unsigned long long)then->seed, then_label,
                 (unsigned long long)now->seed, now_label);
    else if (strcmp(then->filters, now->filters) != 0)
        snprintf(why, cap, "the --filter globs differ: %s %s, %s %s", then->filters, then_label, now->filters,
                 now_label);
    else if (with_shard && (then->shard_index != now->shard_index || then->shard_count != now->shard_count))
        snprintf(why, cap, "the shard differs: %s %s, %s %s", shard_text(then, a), then_label, shard_text(now, b),
                 now_label);
    else if (strcmp(then->corpus_sha256, now->corpus_sha256) != 0) {
        snprintf(why, cap, "the corpus differs (its scenario ids or files): SHA-256 %s %s, %s %s",
                 short_hash(then->corpus_sha256, a), then_label, short_hash(now->corpus_sha256, b), now_label);
        return 2;
    }
    else
        return 0;
    return 1;
}

/* Words one difference of the selection into why: id, what happened to it. */
static void word_difference(char *why, size_t cap, const char *id, const char *what) {
    snprintf(why, cap, "scenario %s %s", id, what);
}

int trace_selection_compare(trace_db *db, int64_t run_id, const trace_selection *sel, char *why, size_t cap) {
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(trace__handle(db), "SELECT scenario, sha256 FROM run_corpus WHERE run_id = ?1 ORDER BY scenario",
                           -1, &s, NULL) != SQLITE_OK)
        return trace__fail(db, "read the run's scenarios");
    sqlite3_bind_int64(s, 1, run_id);
    size_t i = 0, differences = 0;
    char first[600] = "";
    int rc = sqlite3_step(s);
    /* a merge walk of two lists sorted by id (BINARY collation is strcmp's order) */
    while (rc == SQLITE_ROW || i < sel->count) {
        const char *then_id = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(s, 0) : NULL;
        int order = then_id == NULL ? 1 : i == sel->count ? -1 : strcmp(then_id, sel->ids[i]);
        const char *what = NULL, *id = NULL;
        if (order < 0) {
            what = "was selected then and is not now", id = then_id;
        } else if (order > 0) {
            what = "is selected now and was not then", id = sel->ids[i];
        } else {
            const char *then_sha = (const char *)sqlite3_column_text(s, 1);
            if (then_sha == NULL || strcmp(then_sha, sel->sha256s[i]) != 0) what = "has another file now (SHA-256)", id = then_id;
        }
        if (what && differences++ == 0) word_difference(first, sizeof first, id, what);
        if (order <= 0) rc = sqlite3_step(s);
        if (order >= 0) i++;
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) break;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) return trace__fail(db, "read the run's scenarios");
    if (differences == 0) return 0;
    if (differences == 1) snprintf(why, cap, "the selection differs: %s", first);
    else snprintf(why, cap, "the selection differs in %zu scenarios, the first: %s", differences, first);
    return 1;
}
