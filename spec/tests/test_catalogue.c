/* spec/tests/test_catalogue.c — spec/ against its source of truth, spec/CLAUSES.md (in the repository):
 * every clause row of CLAUSES.md is in the compiled clause table with the same level, requirement and
 * source, and every row of the table is in CLAUSES.md. clauses_vendor.def is generated from the vendor
 * part of the document by scripts/gen-clauses.py; clauses_model.def is written by hand and mirrored in the
 * section "rtshm's own clauses", so either drifting from the document fails here.
 *
 * Rows under a heading that says "optional builds" belong to builds with a CMake option: they are checked
 * when the table has them and may be absent otherwise. The section "Quotes from the seed pages" names, per
 * clause, a verbatim sentence of a seed page: its clause must exist and cite that seed, and where the seed
 * pages are beside the checkout (../shared/seeds, outside the repository) the quote must occur in its page;
 * without them that one check is reported as not done (printed) and the rest still runs. Its own ctest
 * (spec_catalogue); never skipped. */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec/clauses.h"

#ifndef RTSHM_SOURCE_DIR
#define RTSHM_SOURCE_DIR "."
#endif
#define CLAUSES_MD RTSHM_SOURCE_DIR "/spec/CLAUSES.md"
#define SEEDS_DIR RTSHM_SOURCE_DIR "/../shared/seeds/"
#define PARTS_HEADING "## Failure and status parts"
#define EVIDENCE_HEADING "## Evidence"
#define MAX_CELLS 5
#define MAX_ROWS 512

/* One clause row of the document, with the cells as written (backticks dropped, "\|" made "|"). */
typedef struct md_row {
    char id[1024], level[1024], text[1024], source[1024];
    bool optional; /* under an "optional builds" heading */
} md_row;

/* Copies the cell [from, to) of a table line into out (size n): trimmed, backticks dropped, "\|" → "|". */
static void copy_cell(const char *from, const char *to, char *out, size_t n) {
    while (from < to && *from == ' ') from++;
    while (to > from && (to[-1] == ' ' || to[-1] == '\n' || to[-1] == '\r')) to--;
    size_t k = 0;
    for (const char *p = from; p < to && k + 1 < n; p++) {
        if (*p == '`') continue;
        if (*p == '\\' && p + 1 < to && p[1] == '|') p++;
        out[k++] = *p;
    }
    out[k] = '\0';
}

/* Splits a markdown table line into at most MAX_CELLS cells (an escaped "\|" is not a separator).
 * Returns the number of cells; 0 for a line that is not a table row. */
static int split_row(const char *line, char cells[MAX_CELLS][1024]) {
    if (line[0] != '|') return 0;
    int n = 0;
    const char *start = line + 1;
    for (const char *p = start; *p && n < MAX_CELLS; p++) {
        if (*p == '|' && p[-1] != '\\') {
            copy_cell(start, p, cells[n++], 1024);
            start = p + 1;
        }
    }
    return n;
}

/* Reads every clause row of CLAUSES.md into rows (at most MAX_ROWS); returns the count. A clause row has
 * an ID of upper-case words joined by dots in its first cell; rows without a source cell (the
 * simulator-level table) have the source "design", as gen-clauses.py writes them. */
static int read_rows(md_row *rows) {
    FILE *f = fopen(CLAUSES_MD, "r");
    ck_assert_msg(f != NULL, "%s not found: the clause catalogue is part of the repository", CLAUSES_MD);
    static char line[8192];
    static char cells[MAX_CELLS][1024];
    bool optional = false;
    int count = 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, PARTS_HEADING, strlen(PARTS_HEADING)) == 0) break; /* not clause rows */
        if (line[0] == '#') optional = strstr(line, "optional builds") != NULL;
        int n = split_row(line, cells);
        if (n < 3 || strchr(cells[0], '.') == NULL || strspn(cells[0], "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._") !=
                                                          strlen(cells[0]))
            continue;
        ck_assert_msg(count < MAX_ROWS, "more than %d clause rows", MAX_ROWS);
        md_row *r = &rows[count++];
        snprintf(r->id, sizeof r->id, "%s", cells[0]);
        snprintf(r->level, sizeof r->level, "%s", cells[1]);
        snprintf(r->text, sizeof r->text, "%s", cells[2]);
        snprintf(r->source, sizeof r->source, "%s", n > 3 ? cells[3] : "design");
        r->optional = optional;
    }
    fclose(f);
    return count;
}

static md_row rows[MAX_ROWS];

START_TEST(every_row_of_clauses_md_is_in_spec_with_the_same_fields) {
    int count = read_rows(rows);
    ck_assert_int_ge(count, 100); /* the vendor tables alone have 79 rows */
    for (int i = 0; i < count; i++) {
        const spec_clause *c = spec_clause_find(rows[i].id);
        if (c == NULL && rows[i].optional) continue;
        ck_assert_msg(c != NULL, "CLAUSES.md row %s is missing from spec/ (run scripts/gen-clauses.py, or add it to "
                                 "clauses_model.def)", rows[i].id);
        ck_assert_msg(strcmp(spec_level_name(c->level), rows[i].level) == 0, "%s: level %s in CLAUSES.md, %s in spec/",
                      rows[i].id, rows[i].level, spec_level_name(c->level));
        ck_assert_msg(strcmp(c->text, rows[i].text) == 0, "%s: requirement differs\n  CLAUSES.md: %s\n  spec/:      %s",
                      rows[i].id, rows[i].text, c->text);
        ck_assert_msg(strcmp(c->source, rows[i].source) == 0, "%s: source '%s' in CLAUSES.md, '%s' in spec/",
                      rows[i].id, rows[i].source, c->source);
        for (int j = 0; j < i; j++) ck_assert_msg(strcmp(rows[j].id, rows[i].id) != 0, "%s listed twice", rows[i].id);
    }
}
END_TEST

START_TEST(every_clause_of_spec_is_in_clauses_md) {
    int count = read_rows(rows), table_count = 0;
    const spec_clause *table = spec_clause_table(&table_count);
    ck_assert_int_gt(table_count, 0);
    for (int t = 0; t < table_count; t++) {
        bool found = false;
        for (int i = 0; i < count && !found; i++) found = strcmp(rows[i].id, table[t].id) == 0;
        ck_assert_msg(found, "clause %s of spec/ is not in spec/CLAUSES.md", table[t].id);
    }
}
END_TEST

START_TEST(the_row_splitter_keeps_escaped_bars_and_drops_backticks) {
    /* The splitter the checks rely on: escaped bars stay in the cell, backticks go, cells are trimmed. */
    static char cells[MAX_CELLS][1024];
    ck_assert_int_eq(split_row("| A.B | model | x \\| y `z` | rtshm |\n", cells), 4);
    ck_assert_str_eq(cells[0], "A.B");
    ck_assert_str_eq(cells[2], "x | y z");
    ck_assert_str_eq(cells[3], "rtshm");
    ck_assert_int_eq(split_row("text | not a row\n", cells), 0);
    ck_assert_ptr_null(spec_clause_find("A.B")); /* such a row would fail the first test */
}
END_TEST


/* The seed page a "seed:NNN" source names, as a file name of the seed folder. */
static const char *seed_file(const char *seed) {
    if (strcmp(seed, "seed:000") == 0) return "000_26df68202b9a8593.txt";
    if (strcmp(seed, "seed:002") == 0) return "002_57fd9c09a207d40c.txt";
    if (strcmp(seed, "seed:003") == 0) return "003_3f05893750194ce0.txt";
    return NULL;
}

/* Calls visit(cells, count) for every table row of the section under `heading` (up to the next "## "). */
static void each_row_of_section(const char *heading, void (*visit)(char cells[MAX_CELLS][1024], int n, void *ctx),
                                void *ctx) {
    FILE *f = fopen(CLAUSES_MD, "r");
    ck_assert_ptr_nonnull(f);
    static char line[8192];
    static char cells[MAX_CELLS][1024];
    bool inside = false;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "## ", 3) == 0) inside = strncmp(line, heading, strlen(heading)) == 0;
        int n = inside ? split_row(line, cells) : 0;
        if (n < 2 || strcmp(cells[0], "ID") == 0 || strcmp(cells[0], "failure") == 0 || cells[0][0] == '-') continue;
        visit(cells, n, ctx);
    }
    fclose(f);
}

typedef struct evidence {
    int quotes, seed_quotes, checked;
    const char *quoted[MAX_ROWS]; /* clause IDs with at least one quote (the table's own strings) */
    int quoted_count;
} evidence;

/* One row of "Evidence": `| ID | source | quote |`. */
static void visit_quote(char cells[MAX_CELLS][1024], int n, void *ctx) {
    evidence *ev = ctx;
    static char page[1 << 16];
    ck_assert_msg(n == 3, "Evidence row for %s: expected | ID | source | quote |", cells[0]);
    const spec_clause *c = spec_clause_find(cells[0]);
    ck_assert_msg(c != NULL, "quote for %s, which is not a clause of spec/", cells[0]);
    ck_assert_msg(strlen(cells[2]) >= 10, "%s: the quote \"%s\" is too short to be a sentence", cells[0], cells[2]);
    ev->quotes++;
    if (ev->quoted_count < MAX_ROWS) ev->quoted[ev->quoted_count++] = c->id;
    if (strncmp(cells[1], "seed:", 5) != 0) {
        ck_assert_msg(strncmp(cells[1], "vendor: https://", 16) == 0 || strncmp(cells[1], "win32: https://", 15) == 0,
                      "%s: source '%s' is neither seed:NNN nor 'vendor: URL' / 'win32: URL'", cells[0], cells[1]);
        return;
    }
    ck_assert_msg(strstr(c->source, cells[1]) != NULL, "%s is quoted from %s but its source is '%s'", cells[0],
                  cells[1], c->source);
    const char *file = seed_file(cells[1]);
    ck_assert_msg(file != NULL, "%s: unknown seed %s", cells[0], cells[1]);
    ev->seed_quotes++;
    char path[512];
    snprintf(path, sizeof path, "%s%s", SEEDS_DIR, file);
    FILE *seed = fopen(path, "rb");
    if (seed == NULL) return; /* the seed pages are optional; reported by the caller */
    size_t got = fread(page, 1, sizeof page - 1, seed);
    fclose(seed);
    page[got] = '\0';
    ck_assert_msg(strstr(page, cells[2]) != NULL, "%s: the quote \"%s\" is not in %s", cells[0], cells[2], path);
    ev->checked++;
}

START_TEST(every_strict_and_documented_set_clause_has_a_vendor_quote) {
    static evidence ev;
    memset(&ev, 0, sizeof ev);
    each_row_of_section(EVIDENCE_HEADING, visit_quote, &ev);
    ck_assert_int_ge(ev.seed_quotes, 40);
    int count = 0;
    const spec_clause *table = spec_clause_table(&count);
    int quoted_clauses = 0;
    for (int t = 0; t < count; t++) {
        if (table[t].level != SPEC_LEVEL_STRICT && table[t].level != SPEC_LEVEL_DOCUMENTED_SET) continue;
        bool found = false;
        for (int q = 0; q < ev.quoted_count && !found; q++) found = strcmp(ev.quoted[q], table[t].id) == 0;
        ck_assert_msg(found, "%s is %s but has no vendor quote in \"Evidence\" (a clause without one is model)",
                      table[t].id, spec_level_name(table[t].level));
        quoted_clauses++;
    }
    ck_assert_int_ge(quoted_clauses, 60);
    if (ev.checked == 0)
        printf("NOTE: seed pages not found in %s; %d seed quotes were not checked against them (the clauses they "
               "name were)\n", SEEDS_DIR, ev.seed_quotes);
    else
        printf("seed quotes: %d of %d checked against the pages in %s; %d vendor quotes in all\n", ev.checked,
               ev.seed_quotes, SEEDS_DIR, ev.quotes);
}
END_TEST

typedef struct parts {
    int rows;
} parts;

/* One row of "Failure and status parts": `| failure | status |`, which the compiled pairs must hold. */
static void visit_part(char cells[MAX_CELLS][1024], int n, void *ctx) {
    parts *pp = ctx;
    ck_assert_msg(n == 2, "Failure and status parts row for %s: expected | failure | status |", cells[0]);
    const spec_clause *failure = NULL, *status = NULL;
    ck_assert_msg(spec_clause_parts(cells[0], &failure, &status), "%s: no pair in spec/ (run scripts/gen-clauses.py "
                                                                    "--parts)", cells[0]);
    ck_assert_str_eq(failure->id, cells[0]);
    ck_assert_str_eq(status->id, cells[1]);
    ck_assert_msg(failure->level == SPEC_LEVEL_STRICT || failure->level == SPEC_LEVEL_DOCUMENTED_SET,
                  "%s is the failure part of a pair but is %s", failure->id, spec_level_name(failure->level));
    ck_assert_msg(status->level == SPEC_LEVEL_MODEL, "%s is the status part of a pair but is %s", status->id,
                  spec_level_name(status->level));
    pp->rows++;
}

START_TEST(failure_and_status_parts_are_the_documents_pairs) {
    parts pp = {0};
    each_row_of_section(PARTS_HEADING, visit_part, &pp);
    ck_assert_int_eq(pp.rows, spec_clause_part_count());
    ck_assert_int_ge(pp.rows, 15);
    for (int i = 0; i < spec_clause_part_count(); i++) { /* each clause is in at most one pair */
        const char *si = NULL, *fi = spec_clause_part_at(i, &si);
        for (int j = i + 1; j < spec_clause_part_count(); j++) {
            const char *sj = NULL, *fj = spec_clause_part_at(j, &sj);
            ck_assert_msg(strcmp(fi, fj) && strcmp(fi, sj) && strcmp(si, fj) && strcmp(si, sj),
                          "pairs %d and %d share a clause", i, j);
        }
    }
    const spec_clause *f = NULL, *s = NULL;
    ck_assert(spec_clause_parts("RTX64.OPEN.DENIED", &f, &s)); /* either part finds the pair */
    ck_assert_str_eq(f->id, "RTX64.OPEN.ACCESS");
    ck_assert(!spec_clause_parts("IWIN32.CREATE.OK", &f, &s));
    const char *none = NULL;
    ck_assert_ptr_null(spec_clause_part_at(spec_clause_part_count(), &none));
}
END_TEST

int main(void) {
    Suite *s = suite_create("catalogue");
    TCase *tc = tcase_create("catalogue");
    tcase_add_test(tc, every_row_of_clauses_md_is_in_spec_with_the_same_fields);
    tcase_add_test(tc, every_clause_of_spec_is_in_clauses_md);
    tcase_add_test(tc, the_row_splitter_keeps_escaped_bars_and_drops_backticks);
    tcase_add_test(tc, every_strict_and_documented_set_clause_has_a_vendor_quote);
    tcase_add_test(tc, failure_and_status_parts_are_the_documents_pairs);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
