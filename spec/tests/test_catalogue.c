/* spec/tests/test_catalogue.c — spec/ against the design document it is generated from: every row of
 * shared/design/CLAUSES.md is in the clause table with the same level, and every vendor row of the
 * table is in CLAUSES.md (clauses_vendor.def must be regenerated when the document changes).
 *
 * Its own ctest (spec_catalogue): the document lives in shared/, beside the project in every checkout
 * CI and developers use; where it is absent the test reports SKIP (exit 77) with the path it looked at. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec/clauses.h"

#ifndef RTSHM_SOURCE_DIR
#define RTSHM_SOURCE_DIR "."
#endif
#define CLAUSES_MD RTSHM_SOURCE_DIR "/../shared/design/CLAUSES.md"

/* Trims spaces around s in place and returns it. */
static char *trim(char *s) {
    while (*s == ' ') s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\r')) s[--n] = '\0';
    return s;
}

START_TEST(clauses_md_and_table_agree) {
    FILE *f = fopen(CLAUSES_MD, "r");
    ck_assert_msg(f != NULL, "%s not found", CLAUSES_MD); /* main() checked it exists */
    char line[4096];
    int rows = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] != '|') continue;
        char *cells[4] = {0};
        int n = 0;
        for (char *tok = strtok(line + 1, "|"); tok && n < 4; tok = strtok(NULL, "|")) cells[n++] = trim(tok);
        if (n < 3 || strchr(cells[0], '.') == NULL || strchr(cells[0], ' ') != NULL) continue;
        const spec_clause *c = spec_clause_find(cells[0]);
        ck_assert_msg(c != NULL, "CLAUSES.md row %s is missing from spec/ (run scripts/gen-clauses.py)", cells[0]);
        ck_assert_msg(strcmp(spec_level_name(c->level), cells[1]) == 0, "%s: level %s in CLAUSES.md, %s in spec/",
                      cells[0], cells[1], spec_level_name(c->level));
        rows++;
    }
    fclose(f);
    int count, vendor = 0;
    const spec_clause *table = spec_clause_table(&count);
    for (int i = 0; i < count; i++)
        if (strncmp(table[i].source, "rtshm", 5) != 0) vendor++;
    ck_assert_int_eq(rows, vendor); /* no vendor row in spec/ that the document lacks */
}
END_TEST

int main(void) {
    FILE *probe = fopen(CLAUSES_MD, "r");
    if (probe == NULL) {
        printf("SKIP: %s not found (shared/ is not beside this checkout); spec/ was not checked against it\n",
               CLAUSES_MD);
        return 77;
    }
    fclose(probe);
    Suite *s = suite_create("catalogue");
    TCase *tc = tcase_create("catalogue");
    tcase_add_test(tc, clauses_md_and_table_agree);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
