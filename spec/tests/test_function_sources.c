/* spec/tests/test_function_sources.c — spec/FUNCTIONS.md against spec/include/spec/functions.def.
 *
 * FUNCTIONS.md has one section per function row, headed `## <FAMILY> <Name>` (the functions.def family
 * token and the vendor's name), that records where the function is documented and holds the two lines
 * `- documented statuses: ...` and `- model statuses: ...` ("(none)" for an empty list). This test fails
 * when a row has no section, a section names no row (or comes twice), or a section's lists differ from
 * the row's `documented` / `model` columns token for token. Rows of families after the five vendor ones
 * (optional builds, spec/families.def) need no section. Run from the build tree: RTSHM_SOURCE_DIR locates the file. */
#include <check.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec/functions.h"

#ifndef RTSHM_SOURCE_DIR
#define RTSHM_SOURCE_DIR "."
#endif
#define FUNCTIONS_MD RTSHM_SOURCE_DIR "/spec/FUNCTIONS.md"
#define MAX_SECTIONS 128

typedef struct md_section {
    char family[16], name[64];
    char documented[512], model[512];
    bool has_documented, has_model;
} md_section;

static md_section sections[MAX_SECTIONS];

/* Copies the text after prefix in line (without the newline) to dst; "(none)" becomes "". */
static void copy_list(char *dst, size_t cap, const char *text) {
    size_t n = strcspn(text, "\r\n");
    ck_assert_msg(n < cap, "a status list of FUNCTIONS.md is longer than %zu bytes", cap - 1);
    memcpy(dst, text, n);
    dst[n] = '\0';
    if (strcmp(dst, "(none)") == 0) dst[0] = '\0';
}

/* dst = src with each letter through convert (toupper, tolower), at most cap - 1 bytes. */
static void copy_case(char *dst, size_t cap, const char *src, int (*convert)(int)) {
    size_t i = 0;
    for (; src[i] && i + 1 < cap; i++) dst[i] = (char)convert((unsigned char)src[i]);
    dst[i] = '\0';
}

/* Reads every section of FUNCTIONS.md into sections; returns the count. */
static int read_sections(void) {
    FILE *f = fopen(FUNCTIONS_MD, "r");
    ck_assert_msg(f != NULL, "%s not found: the function sources are part of the repository", FUNCTIONS_MD);
    static char line[8192];
    int count = -1;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "## ", 3) == 0) {
            ck_assert_int_lt(count + 1, MAX_SECTIONS);
            md_section *s = &sections[++count];
            memset(s, 0, sizeof *s);
            ck_assert_msg(sscanf(line + 3, "%15s %63s", s->family, s->name) == 2, "bad heading: %s", line);
        } else if (count >= 0 && strncmp(line, "- documented statuses: ", 23) == 0) {
            copy_list(sections[count].documented, sizeof sections[count].documented, line + 23);
            sections[count].has_documented = true;
        } else if (count >= 0 && strncmp(line, "- model statuses: ", 18) == 0) {
            copy_list(sections[count].model, sizeof sections[count].model, line + 18);
            sections[count].has_model = true;
        }
    }
    fclose(f);
    return count + 1;
}

/* The section for fn, or NULL. */
static const md_section *find_section(int count, const spec_function *fn) {
    char family[16];
    copy_case(family, sizeof family, spec_api_name(fn->api), toupper);
    for (int i = 0; i < count; i++)
        if (strcmp(sections[i].family, family) == 0 && strcmp(sections[i].name, fn->name) == 0) return &sections[i];
    return NULL;
}

START_TEST(every_row_has_a_section_with_its_lists) {
    int count = read_sections(), rows = 0;
    const spec_function *table = spec_function_table(&rows);
    ck_assert_int_gt(rows, 40);
    for (int r = 0; r < rows; r++) {
        const spec_function *fn = &table[r];
        if (fn->api > SPEC_API_RTK) continue; /* an optional build's family, not a vendor's */
        const md_section *s = find_section(count, fn);
        ck_assert_msg(s != NULL, "functions.def row %s:%s has no section in spec/FUNCTIONS.md", spec_api_name(fn->api),
                      fn->name);
        ck_assert_msg(s->has_documented && s->has_model, "%s %s: a '- documented statuses:' or '- model statuses:' "
                      "line is missing", s->family, s->name);
        ck_assert_msg(strcmp(s->documented, fn->documented) == 0,
                      "%s %s: documented statuses differ\n  FUNCTIONS.md:  %s\n  functions.def: %s", s->family, s->name,
                      s->documented, fn->documented);
        ck_assert_msg(strcmp(s->model, fn->model) == 0,
                      "%s %s: model statuses differ\n  FUNCTIONS.md:  %s\n  functions.def: %s", s->family, s->name,
                      s->model, fn->model);
    }
}
END_TEST

START_TEST(every_section_names_one_row) {
    int count = read_sections();
    ck_assert_int_gt(count, 40);
    for (int i = 0; i < count; i++) {
        char lower[16];
        copy_case(lower, sizeof lower, sections[i].family, tolower);
        spec_api api;
        ck_assert_msg(spec_api_by_name(lower, &api), "section '%s %s': unknown family", sections[i].family,
                      sections[i].name);
        ck_assert_msg(spec_function_find(api, sections[i].name) != NULL, "section '%s %s' names no functions.def row",
                      sections[i].family, sections[i].name);
        for (int j = 0; j < i; j++)
            ck_assert_msg(strcmp(sections[i].family, sections[j].family) != 0 || strcmp(sections[i].name, sections[j].name) != 0,
                          "section '%s %s' appears twice", sections[i].family, sections[i].name);
    }
}
END_TEST

int main(void) {
    Suite *s = suite_create("function_sources");
    TCase *tc = tcase_create("functions_md");
    tcase_add_test(tc, every_row_has_a_section_with_its_lists);
    tcase_add_test(tc, every_section_names_one_row);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
