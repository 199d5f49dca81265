/* traces/src/merge.c — merging the shard traces of one run into one run (traces/merge.h).
 *
 * Two phases: every input is read and checked first (its newest run per implementation, their identities
 * compared, the shards counted), and only then is anything written, in one transaction of out. Rows are
 * copied table by table through prepared statements, column by column as out's table has them (a column
 * an older input lacks is NULL), with run_id replaced by the merged run's. */
#include "traces/merge.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "health_int.h"
#include "inputs_int.h"

sqlite3 *trace__handle(trace_db *db);

/* One run of one input. */
typedef struct shard_run {
    size_t input;
    int64_t run_id;
    trace_run_identity id;
    char started_at[32];
} shard_run;

/* The runs of one implementation, one per input. */
typedef struct merge_group {
    shard_run *runs; /* count of them, in input order */
    size_t count;
} merge_group;

/* Everything read from the inputs. */
typedef struct merge_plan {
    const char *const *paths;
    sqlite3 **dbs;
    size_t inputs;
    merge_group groups[TRACE_MERGE_MAX_RUNS];
    size_t group_count;
} merge_plan;

/* The tables a run's rows are in, copied in this order. */
static const char *const run_tables[] = {"scenarios", "steps", "findings", "scenario_clauses", "run_corpus"};

/* The newest run of each implementation of input i into the plan's groups (by implementation). Returns 0,
 * or TRACE_MERGE_EINPUT / TRACE_MERGE_EINTERNAL with err. */
static int read_input(merge_plan *p, size_t i, char *err, size_t cap) {
    const char *path = p->paths[i];
    sqlite3 *h = p->dbs[i];
    sqlite3_stmt *s = NULL;
    size_t found = 0;
    int rc = sqlite3_prepare_v2(h,
                                "SELECT run_id, started_at FROM runs WHERE run_id IN (SELECT MAX(run_id) FROM runs "
                                "GROUP BY implementation) ORDER BY run_id",
                                -1, &s, NULL);
    while ((rc == SQLITE_OK || rc == SQLITE_ROW) && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        shard_run run = {.input = i, .run_id = sqlite3_column_int64(s, 0)};
        const unsigned char *started = sqlite3_column_text(s, 1);
        snprintf(run.started_at, sizeof run.started_at, "%s", started ? (const char *)started : "");
        if (trace__read_identity(h, run.run_id, &run.id) != 0) break;
        merge_group *g = NULL;
        for (size_t k = 0; k < p->group_count && g == NULL; k++)
            if (strcmp(p->groups[k].runs[0].id.implementation, run.id.implementation) == 0) g = &p->groups[k];
        if (g == NULL && i > 0) {
            snprintf(err, cap, "%s: run %lld is of %s, which %s has no run of", path, (long long)run.run_id,
                     run.id.implementation, p->paths[0]);
            sqlite3_finalize(s);
            return TRACE_MERGE_EINPUT;
        }
        if (g == NULL) {
            if (p->group_count == TRACE_MERGE_MAX_RUNS) {
                snprintf(err, cap, "%s: more than %d implementations", path, TRACE_MERGE_MAX_RUNS);
                sqlite3_finalize(s);
                return TRACE_MERGE_EINPUT;
            }
            g = &p->groups[p->group_count++];
            g->runs = calloc(p->inputs, sizeof *g->runs);
            if (g->runs == NULL) {
                snprintf(err, cap, "out of memory");
                sqlite3_finalize(s);
                return TRACE_MERGE_EINTERNAL;
            }
        }
        if (g->count != i) { /* cannot happen: one newest run per implementation */
            snprintf(err, cap, "%s: two runs of %s", path, run.id.implementation);
            sqlite3_finalize(s);
            return TRACE_MERGE_EINPUT;
        }
        g->runs[g->count++] = run;
        found++;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        snprintf(err, cap, "%s: reading its runs: %s", path, sqlite3_errmsg(h));
        return TRACE_MERGE_EINTERNAL;
    }
    if (found == 0) {
        snprintf(err, cap, "%s: no runs in this trace database", path);
        return TRACE_MERGE_EINPUT;
    }
    for (size_t k = 0; k < p->group_count; k++)
        if (p->groups[k].count != i + 1) {
            snprintf(err, cap, "%s: no run of %s, which %s has", path, p->groups[k].runs[0].id.implementation,
                     p->paths[0]);
            return TRACE_MERGE_EINPUT;
        }
    return 0;
}

/* Checks that group g is the N shards of one run. 0, or TRACE_MERGE_EINPUT with err. */
static int check_group(const merge_plan *p, const merge_group *g, char *err, size_t cap) {
    const shard_run *first = &g->runs[0];
    char why[1400];
    for (size_t j = 0; j < g->count; j++) {
        const shard_run *r = &g->runs[j];
        const char *path = p->paths[r->input];
        long long id = (long long)r->run_id;
        char labels[2][600];
        snprintf(labels[0], sizeof labels[0], "in %s", p->paths[first->input]);
        snprintf(labels[1], sizeof labels[1], "in %s", path);
        if (!r->id.has_inputs)
            snprintf(err, cap, "%s: run %lld was recorded without its inputs (by an older rtshm); it cannot be checked",
                     path, id);
        else if (strcmp(r->id.state, "complete") != 0)
            snprintf(err, cap, "%s: run %lld is %s, not complete; finish it with rtshm run --resume before merging", path,
                     id, r->id.state);
        else if (r->id.shard_count == 0)
            snprintf(err, cap, "%s: run %lld is not a shard (it ran without --shard)", path, id);
        else if (trace_identity_compare(&first->id, &r->id, labels[0], labels[1], false, why, sizeof why) != 0)
            snprintf(err, cap, "%s: run %lld is not a shard of the same run as run %lld of %s: %s", path, id,
                     (long long)first->run_id, p->paths[first->input], why);
        else if (r->id.shard_count != first->id.shard_count)
            snprintf(err, cap, "%s: run %lld is shard %lld/%lld, run %lld of %s shard %lld/%lld: the counts differ",
                     path, id, (long long)r->id.shard_index, (long long)r->id.shard_count, (long long)first->run_id,
                     p->paths[first->input], (long long)first->id.shard_index, (long long)first->id.shard_count);
        else
            continue;
        return TRACE_MERGE_EINPUT;
    }
    int64_t n = first->id.shard_count;
    for (int64_t k = 1; k <= n; k++) {
        const shard_run *holder = NULL;
        for (size_t j = 0; j < g->count; j++) {
            if (g->runs[j].id.shard_index != k) continue;
            if (holder) {
                snprintf(err, cap, "shard %lld/%lld of %s is given twice: %s and %s", (long long)k, (long long)n,
                         first->id.implementation, p->paths[holder->input], p->paths[g->runs[j].input]);
                return TRACE_MERGE_EINPUT;
            }
            holder = &g->runs[j];
        }
        if (holder == NULL) {
            snprintf(err, cap, "shard %lld/%lld of %s is missing (%zu of %lld shards given)", (long long)k, (long long)n,
                     first->id.implementation, g->count, (long long)n);
            return TRACE_MERGE_EINPUT;
        }
    }
    return 0;
}

/* Appends the quoted column names of table in db (as "a", "b", ...) to list, and the count to *count;
 * with have (not NULL) instead marks which of names[0..count) db's table has. 0 or -1. */
static int table_columns(sqlite3 *db, const char *table, char names[][64], int *count, bool *have) {
    char sql[128];
    snprintf(sql, sizeof sql, "PRAGMA table_info(%s)", table); /* a name of run_tables */
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
    int n = 0;
    while ((rc == SQLITE_OK || rc == SQLITE_ROW) && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(s, 1);
        if (name == NULL) continue;
        if (have) {
            for (int k = 0; k < *count; k++)
                if (strcmp(names[k], name) == 0) have[k] = true;
        } else if (n < 64) {
            snprintf(names[n++], 64, "%s", name);
        }
    }
    sqlite3_finalize(s);
    if (!have) *count = n;
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Copies the rows of run old_id of table from in into out as run new_id. 0, or -1 with err. */
static int copy_table(sqlite3 *out, sqlite3 *in, const char *path, const char *table, int64_t old_id, int64_t new_id,
                      char *err, size_t cap) {
    char names[64][64];
    bool have[64] = {false};
    int count = 0;
    if (table_columns(out, table, names, &count, NULL) != 0 || table_columns(in, table, names, &count, have) != 0) {
        snprintf(err, cap, "%s: the columns of %s: %s", path, table, sqlite3_errmsg(in));
        return -1;
    }
    char select[4096], insert[4096];
    int s_len = snprintf(select, sizeof select, "SELECT "), i_len = snprintf(insert, sizeof insert, "INSERT INTO %s(", table);
    for (int k = 0; k < count; k++) {
        s_len += snprintf(select + s_len, sizeof select - (size_t)s_len, "%s%s%s%s", k ? ", " : "",
                          have[k] ? "\"" : "NULL", have[k] ? names[k] : "", have[k] ? "\"" : "");
        i_len += snprintf(insert + i_len, sizeof insert - (size_t)i_len, "%s\"%s\"", k ? ", " : "", names[k]);
    }
    s_len += snprintf(select + s_len, sizeof select - (size_t)s_len, " FROM %s WHERE run_id = ?1 ORDER BY rowid", table);
    i_len += snprintf(insert + i_len, sizeof insert - (size_t)i_len, ") VALUES (");
    for (int k = 0; k < count; k++) i_len += snprintf(insert + i_len, sizeof insert - (size_t)i_len, "%s?", k ? ", " : "");
    i_len += snprintf(insert + i_len, sizeof insert - (size_t)i_len, ")");
    if ((size_t)s_len >= sizeof select || (size_t)i_len >= sizeof insert) {
        snprintf(err, cap, "%s: too many columns in %s", path, table);
        return -1;
    }
    sqlite3_stmt *from = NULL, *to = NULL;
    int rc = sqlite3_prepare_v2(in, select, -1, &from, NULL);
    sqlite3 *failed = in;
    if (rc == SQLITE_OK) {
        failed = out;
        rc = sqlite3_prepare_v2(out, insert, -1, &to, NULL);
    }
    if (rc == SQLITE_OK) sqlite3_bind_int64(from, 1, old_id);
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        failed = in;
        if ((rc = sqlite3_step(from)) != SQLITE_ROW) break;
        for (int k = 0; k < count; k++) {
            if (strcmp(names[k], "run_id") == 0) sqlite3_bind_int64(to, k + 1, new_id);
            else sqlite3_bind_value(to, k + 1, sqlite3_column_value(from, k));
        }
        failed = out;
        rc = sqlite3_step(to) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
        sqlite3_reset(to);
    }
    if (rc != SQLITE_DONE) snprintf(err, cap, "%s: copying %s: %s", path, table, sqlite3_errmsg(failed));
    sqlite3_finalize(from);
    sqlite3_finalize(to);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Writes group g as one run of out. 0 with *merged filled, or -1 with err. */
static int write_group(trace_db *out, const merge_plan *p, const merge_group *g, const char *argv_json,
                       trace_merged_run *merged, char *err, size_t cap) {
    sqlite3 *h = trace__handle(out);
    const shard_run *first = &g->runs[0];
    const char *started_at = first->started_at;
    for (size_t j = 1; j < g->count; j++)
        if (strcmp(g->runs[j].started_at, started_at) < 0) started_at = g->runs[j].started_at;
    int64_t run_id = 0;
    if (trace_run_begin(out, first->id.tool_version, first->id.implementation, first->id.seed, argv_json, started_at,
                        &run_id) != 0) {
        snprintf(err, cap, "%s", trace_errmsg(out));
        return -1;
    }
    for (size_t j = 0; j < g->count; j++)
        for (size_t t = 0; t < sizeof run_tables / sizeof run_tables[0]; t++)
            if (copy_table(h, p->dbs[g->runs[j].input], p->paths[g->runs[j].input], run_tables[t], g->runs[j].run_id,
                           run_id, err, cap) != 0)
                return -1;
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(h,
                                "INSERT INTO run_inputs(run_id, impl_sha256, corpus_sha256, filters) VALUES (?1, ?2, ?3, ?4)",
                                -1, &s, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(s, 1, run_id);
        if (*first->id.impl_sha256) sqlite3_bind_text(s, 2, first->id.impl_sha256, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, first->id.corpus_sha256, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, first->id.filters, -1, SQLITE_STATIC);
        rc = sqlite3_step(s) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_OK) {
        snprintf(err, cap, "run_inputs: %s", sqlite3_errmsg(h));
        return -1;
    }
    if (trace_run_finish(out, run_id, "complete") != 0) {
        snprintf(err, cap, "%s", trace_errmsg(out));
        return -1;
    }
    sqlite3_stmt *c = NULL;
    merged->run_id = run_id;
    snprintf(merged->implementation, sizeof merged->implementation, "%s", first->id.implementation);
    merged->shards = (int64_t)g->count;
    merged->scenarios = 0;
    if (sqlite3_prepare_v2(h, "SELECT COUNT(*) FROM scenarios WHERE run_id = ?1", -1, &c, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(c, 1, run_id);
        if (sqlite3_step(c) == SQLITE_ROW) merged->scenarios = sqlite3_column_int64(c, 0);
    }
    sqlite3_finalize(c);
    return 0;
}

int trace_merge(trace_db *out, const char *const *inputs, size_t count, const char *argv_json,
                trace_merged_run merged[TRACE_MERGE_MAX_RUNS], size_t *merged_count, char *err, size_t cap) {
    merge_plan p = {.paths = inputs, .inputs = count};
    *merged_count = 0;
    int result = 0;
    p.dbs = calloc(count ? count : 1, sizeof *p.dbs);
    if (p.dbs == NULL) {
        snprintf(err, cap, "out of memory");
        return TRACE_MERGE_EINTERNAL;
    }
    for (size_t i = 0; result == 0 && i < count; i++) {
        if (sqlite3_open_v2(inputs[i], &p.dbs[i], SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
            snprintf(err, cap, "%s: %s", inputs[i], p.dbs[i] ? sqlite3_errmsg(p.dbs[i]) : "out of memory");
            result = TRACE_MERGE_EINTERNAL;
            break;
        }
        trace_health h = trace__check_handle(p.dbs[i], inputs[i], false, NULL, err, cap);
        if (h == TRACE_HEALTH_EMPTY) snprintf(err, cap, "%s: not an rtshm trace database (no such table: runs)", inputs[i]);
        if (h != TRACE_HEALTH_OK) result = h == TRACE_HEALTH_DAMAGED ? TRACE_MERGE_EINTERNAL : TRACE_MERGE_EINPUT;
        else result = read_input(&p, i, err, cap);
    }
    for (size_t k = 0; result == 0 && k < p.group_count; k++) result = check_group(&p, &p.groups[k], err, cap);
    if (result == 0) {
        sqlite3 *h = trace__handle(out);
        if (sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
            snprintf(err, cap, "begin the merge: %s", sqlite3_errmsg(h));
            result = TRACE_MERGE_EINTERNAL;
        }
        for (size_t k = 0; result == 0 && k < p.group_count; k++)
            if (write_group(out, &p, &p.groups[k], argv_json, &merged[k], err, cap) != 0) result = TRACE_MERGE_EINTERNAL;
        if (result == 0 && sqlite3_exec(h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
            snprintf(err, cap, "commit the merge: %s", sqlite3_errmsg(h));
            result = TRACE_MERGE_EINTERNAL;
        }
        if (result != 0) sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
        else *merged_count = p.group_count;
    }
    for (size_t k = 0; k < p.group_count; k++) free(p.groups[k].runs);
    for (size_t i = 0; i < count; i++) sqlite3_close(p.dbs[i]);
    free(p.dbs);
    return result;
}
