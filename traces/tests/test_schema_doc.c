/* traces/tests/test_schema_doc.c — traces/TRACE-SCHEMA.md kept true to the code.
 *
 * The document's SQL block must be the writer's schema (src/schema.sql.h) byte for byte; the tables
 * under "## Tables", their columns and types, the views and the indexes it lists must be exactly those
 * of a fresh trace database opened by trace_open (sqlite_master, PRAGMA table_info); the fields it lists
 * for the canonical JSONL records must be those of the golden trace's records. */
#include <check.h>
#include <cjson/cJSON.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/schema.sql.h"
#include "traces/trace.h"

#ifndef RTSHM_SOURCE_DIR
#define RTSHM_SOURCE_DIR "."
#endif
#define SCHEMA_DOC RTSHM_SOURCE_DIR "/traces/TRACE-SCHEMA.md"
#define GOLDEN RTSHM_SOURCE_DIR "/traces/golden/reference.jsonl"

static char *doc;

static void load_doc(void) {
    FILE *f = fopen(SCHEMA_DOC, "rb");
    ck_assert_msg(f != NULL, "%s not found", SCHEMA_DOC);
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    ck_assert_msg(feof(f), "%s is larger than %zu bytes", SCHEMA_DOC, sizeof buf - 1);
    fclose(f);
    buf[n] = '\0';
    doc = buf;
}

/* The start of the line `heading` in the document (fails when absent). */
static const char *find_heading(const char *heading) {
    size_t n = strlen(heading);
    for (const char *p = doc; p; p = strchr(p, '\n')) {
        if (*p == '\n') p++;
        if (strncmp(p, heading, n) == 0 && p[n] == '\n') return p;
    }
    ck_abort_msg("%s has no heading \"%s\"", SCHEMA_DOC, heading);
    return NULL;
}

/* Appends to list (comma-separated, with a trailing comma) the first cells in backticks of the table rows
 * under heading, up to the next heading; with types, "name type," from the first two cells. */
static void doc_rows(const char *heading, bool types, char *list, size_t cap) {
    list[0] = '\0';
    for (const char *p = strchr(find_heading(heading), '\n'); p && p[1] != '#'; p = strchr(p + 1, '\n')) {
        char name[64], type[32];
        if (types ? sscanf(p + 1, "| `%63[^`]` | %31[A-Z] |", name, type) != 2 : sscanf(p + 1, "| `%63[^`]` |", name) != 1)
            continue;
        size_t len = strlen(list);
        snprintf(list + len, cap - len, types ? "%s %s," : "%s,", name, type);
    }
}

/* The same kind of list from one SQL query's first (and, with types, second) column. */
static void db_rows(sqlite3 *db, const char *sql, bool types, char *list, size_t cap) {
    sqlite3_stmt *s;
    ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
    list[0] = '\0';
    while (sqlite3_step(s) == SQLITE_ROW) {
        size_t len = strlen(list);
        if (types) snprintf(list + len, cap - len, "%s %s,", sqlite3_column_text(s, 0), sqlite3_column_text(s, 1));
        else snprintf(list + len, cap - len, "%s,", sqlite3_column_text(s, 0));
    }
    sqlite3_finalize(s);
}

START_TEST(doc_sql_block_is_the_writers_schema) {
    const char *start = strstr(doc, "```sql\n");
    ck_assert_ptr_nonnull(start);
    start += strlen("```sql\n");
    const char *end = strstr(start, "```");
    ck_assert_ptr_nonnull(end);
    ck_assert_msg((size_t)(end - start) == strlen(trace_schema_sql) && strncmp(start, trace_schema_sql, strlen(trace_schema_sql)) == 0,
                  "the SQL block of %s differs from traces/src/schema.sql.h; copy the schema into it", SCHEMA_DOC);
}
END_TEST

START_TEST(doc_tables_columns_views_and_indexes_are_a_fresh_databases) {
    char path[256], err[256];
    snprintf(path, sizeof path, "%s/rtshm-schema-doc-%ld.sqlite", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
             (long)getpid());
    unlink(path);
    trace_db *t = NULL;
    ck_assert_msg(trace_open(path, &t, err, sizeof err) == 0, "%s", err);
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    static char in_doc[4096], in_db[4096];

    /* Tables: the "### `name`" headings between "## Tables" and the next "## " heading. */
    in_doc[0] = '\0';
    const char *tables = find_heading("## Tables");
    for (const char *p = strchr(tables, '\n'); p && strncmp(p + 1, "## ", 3) != 0; p = strchr(p + 1, '\n')) {
        char name[64];
        if (sscanf(p + 1, "### `%63[^`]`", name) == 1) strncat(in_doc, name, 64), strcat(in_doc, ",");
    }
    db_rows(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid", false, in_db, sizeof in_db);
    ck_assert_str_eq(in_doc, in_db);

    /* Each table's columns and declared types, in order. */
    char tables_list[4096];
    snprintf(tables_list, sizeof tables_list, "%s", in_db);
    for (char *name = strtok(tables_list, ","); name; name = strtok(NULL, ",")) {
        char heading[96], sql[160];
        snprintf(heading, sizeof heading, "### `%s`", name);
        doc_rows(heading, true, in_doc, sizeof in_doc);
        snprintf(sql, sizeof sql, "SELECT name, type FROM pragma_table_info('%s') ORDER BY cid", name);
        db_rows(db, sql, true, in_db, sizeof in_db);
        ck_assert_msg(strcmp(in_doc, in_db) == 0, "table %s\n  %s: %s\n  database: %s", name, SCHEMA_DOC, in_doc, in_db);
    }

    doc_rows("## Views", false, in_doc, sizeof in_doc);
    db_rows(db, "SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY rowid", false, in_db, sizeof in_db);
    ck_assert_str_eq(in_doc, in_db);
    doc_rows("## Indexes", false, in_doc, sizeof in_doc);
    db_rows(db, "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex_%' ORDER BY name",
            false, in_db, sizeof in_db);
    ck_assert_str_eq(in_doc, in_db);
    ck_assert_str_eq(in_doc, "findings_by_scenario,steps_by_clause,steps_by_function,");

    sqlite3_close(db);
    trace_close(t);
    unlink(path);
    char side[300];
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}
END_TEST

START_TEST(doc_record_fields_are_the_golden_traces) {
    /* The document's row for each record type: "| `type` | `a`, `b`, ... |". */
    static const char *const types[] = {"scenario", "step", "finding"};
    FILE *f = fopen(GOLDEN, "r");
    ck_assert_msg(f != NULL, "%s not found", GOLDEN);
    static char line[1 << 16];
    bool seen[3] = {false};
    while (fgets(line, sizeof line, f) && !(seen[0] && seen[1] && seen[2])) {
        cJSON *rec = cJSON_Parse(line);
        ck_assert_ptr_nonnull(rec);
        const char *type = cJSON_GetObjectItemCaseSensitive(rec, "type")->valuestring;
        for (int t = 0; t < 3; t++) {
            if (seen[t] || strcmp(type, types[t]) != 0) continue;
            char fields[1024] = "", row_start[64];
            const cJSON *k;
            cJSON_ArrayForEach(k, rec) {
                size_t len = strlen(fields);
                snprintf(fields + len, sizeof fields - len, "%s`%s`", len ? ", " : "", k->string);
            }
            snprintf(row_start, sizeof row_start, "\n| `%s` | ", types[t]);
            const char *row = strstr(find_heading("## The canonical trace (`rtshm export`)"), row_start);
            ck_assert_msg(row != NULL, "%s lists no %s record", SCHEMA_DOC, types[t]);
            row += strlen(row_start);
            ck_assert_msg(strncmp(row, fields, strlen(fields)) == 0 && strncmp(row + strlen(fields), " |\n", 3) == 0,
                          "%s record fields: the golden trace has %s", types[t], fields);
            seen[t] = true;
        }
        cJSON_Delete(rec);
    }
    fclose(f);
    ck_assert(seen[0] && seen[1] && seen[2]);
}
END_TEST

Suite *schema_doc_suite(void) {
    Suite *s = suite_create("schema_doc");
    TCase *tc = tcase_create("schema_doc");
    tcase_add_checked_fixture(tc, load_doc, NULL);
    tcase_add_test(tc, doc_sql_block_is_the_writers_schema);
    tcase_add_test(tc, doc_tables_columns_views_and_indexes_are_a_fresh_databases);
    tcase_add_test(tc, doc_record_fields_are_the_golden_traces);
    suite_add_tcase(s, tc);
    return s;
}
