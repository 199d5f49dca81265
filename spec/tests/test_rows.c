/* spec/tests/test_rows.c — the rows of spec/functions.def and spec/families.def as the code sees them:
 * the row enum SPEC_FN_<FAMILY>_<Name>, spec_function_row, the caller rules read from the rows, the
 * type and return-type names, the lower-case family tokens the reference's dispatch builds names from,
 * and the family numbers and names the family rows give. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "spec/functions.h"
#include "suites.h"

/* Each row as the .def spells it, expanded here independently of spec/src/functions.c. */
static const struct {
    spec_fn_row row;
    spec_api api;
    const char *name;
    const char *lower_family; /* SPEC_API_LOWER_<FAMILY>, stringified */
} def_rows[] = {
#define STR_(x) #x
#define STR(x) STR_(x)
#define SPEC_FN(family, fn_name, ...) {SPEC_FN_##family##_##fn_name, SPEC_API_##family, #fn_name, STR(SPEC_API_LOWER_##family)},
#include "spec/functions.def"
#undef SPEC_FN
};
#define DEF_ROW_COUNT ((int)(sizeof def_rows / sizeof def_rows[0]))

START_TEST(rows_enum_names_each_row_in_table_order) {
    int count = 0;
    const spec_function *table = spec_function_table(&count);
    ck_assert_int_eq(count, SPEC_FN_COUNT);
    ck_assert_int_eq(DEF_ROW_COUNT, SPEC_FN_COUNT);
    ck_assert_int_eq(SPEC_FN_COUNT, 43);
    for (int i = 0; i < DEF_ROW_COUNT; i++) {
        ck_assert_int_eq(def_rows[i].row, i);
        const spec_function *fn = spec_function_row(def_rows[i].row);
        ck_assert_ptr_eq(fn, &table[i]);
        ck_assert_str_eq(fn->name, def_rows[i].name);
        ck_assert_int_eq(fn->api, def_rows[i].api);
        ck_assert_str_eq(def_rows[i].lower_family, spec_api_name(fn->api)); /* sim_<family>_<Name> */
    }
    ck_assert_int_eq(SPEC_FN_IWIN32_RtCreateSharedMemory, 0);
    ck_assert_ptr_eq(spec_function_row(SPEC_FN_RTK_RtkOpenSharedMemory), spec_function_find(SPEC_API_RTK, "RtkOpenSharedMemory"));
    ck_assert_ptr_eq(spec_function_row(SPEC_FN_RT_GetLastRtError), &table[count - 1]);
    ck_assert_ptr_null(spec_function_row(SPEC_FN_COUNT));
    ck_assert_ptr_null(spec_function_row((spec_fn_row)-1));
}
END_TEST

START_TEST(rows_param_counts_and_kinds) {
    const spec_function *create = spec_function_row(SPEC_FN_RTK_RtkCreateSharedMemory);
    ck_assert_int_eq(create->param_count, 7);
    ck_assert_int_eq(create->params[1].type, SPEC_T_OUT_HANDLE);
    ck_assert(!create->params[1].required);
    ck_assert(create->params[4].required);                       /* REQ MaximumSizeLow */
    ck_assert(create->params[5].default_null);                   /* NUL Name */
    ck_assert_int_eq(create->params[2].default_value, 0x04);     /* DEF Protect = PAGE_READWRITE */
    ck_assert_ptr_null(create->params[7].name);                  /* the rest of the array is zero */
    const spec_function *gle = spec_function_row(SPEC_FN_NTX_ntxGetLastRtError);
    ck_assert_int_eq(gle->param_count, 0);
    ck_assert_ptr_null(gle->params[0].name);
    ck_assert_int_eq(spec_function_row(SPEC_FN_IWIN32_CreateSemaphore)->params[2].default_value, 1);
}
END_TEST

START_TEST(rows_caller_rules) {
    /* Windows: ntx, iwin32 (iwin32x), rtx64; rt on INtime: rt, iwin32; rt in RTSS: rtx64; driver: rtk. */
    static const struct {
        unsigned caller;
        const char *apis;
    } expected[] = {{SPEC_CALLER_WINDOWS, "ntx iwin32 rtx64"},
                    {SPEC_CALLER_RT_INTIME, "rt iwin32"},
                    {SPEC_CALLER_RT_RTX64, "rtx64"},
                    {SPEC_CALLER_DRIVER, "rtk"}};
    for (size_t c = 0; c < sizeof expected / sizeof expected[0]; c++) {
        char got[64] = "";
        for (int a = 0; a < SPEC_API_COUNT; a++) {
            if (!spec_api_callable_by((spec_api)a, expected[c].caller)) continue;
            if (got[0]) strcat(got, " ");
            strcat(got, spec_api_name((spec_api)a));
        }
        ck_assert_str_eq(got, expected[c].apis);
    }
    ck_assert(spec_api_callable_by(SPEC_API_RT, SPEC_CALLER_WINDOWS | SPEC_CALLER_RT_INTIME)); /* any of the bits */
    ck_assert(!spec_api_callable_by(SPEC_API_RT, 0));
    for (int a = 0; a < SPEC_API_COUNT; a++)
        ck_assert_int_eq(spec_api_has_functions((spec_api)a), a != SPEC_API_MEM && a != SPEC_API_SIM);
    ck_assert(!spec_api_has_functions(SPEC_API_COUNT));
}
END_TEST

START_TEST(rows_type_names) {
    ck_assert_str_eq(spec_type_name(SPEC_T_DWORD), "DWORD");
    ck_assert_str_eq(spec_type_name(SPEC_T_OUT_HANDLE), "OUT_HANDLE");
    ck_assert_str_eq(spec_type_name((spec_type)(SPEC_T_OUT_HANDLE + 1)), "?");
    ck_assert_str_eq(spec_ret_name(SPEC_R_VOID), "VOID");
    ck_assert_str_eq(spec_ret_name(SPEC_R_STATUS), "STATUS");
    ck_assert_str_eq(spec_ret_name((spec_ret)(SPEC_R_STATUS + 1)), "?");
}
END_TEST

/* Each row of families.def as it spells it, expanded here independently of spec/src/functions.c. */
static const struct {
    spec_api api;
    const char *token;
    const char *lower; /* SPEC_API_LOWER_<FAMILY>, stringified */
} family_rows[] = {
#define SPEC_FAMILY(family) {SPEC_API_##family, #family, STR(SPEC_API_LOWER_##family)},
#include "spec/families.def"
#undef SPEC_FAMILY
};
#define FAMILY_ROW_COUNT ((int)(sizeof family_rows / sizeof family_rows[0]))

START_TEST(rows_families_numbered_in_row_order) {
    /* The five vendor families keep the numbers the public ABI fixes (RTSHM_FAMILY_* bits); a build
     * with more families appends them; the pseudo families come after the last. */
    static const char *const vendor[] = {"NTX ntx", "RT rt", "IWIN32 iwin32", "RTX64 rtx64", "RTK rtk"};
    ck_assert_int_ge(FAMILY_ROW_COUNT, 5);
    ck_assert_int_eq(FAMILY_ROW_COUNT, SPEC_API_FAMILY_COUNT);
    for (int i = 0; i < FAMILY_ROW_COUNT; i++) {
        char spelled[64];
        snprintf(spelled, sizeof spelled, "%s %s", family_rows[i].token, family_rows[i].lower);
        if (i < 5) ck_assert_str_eq(spelled, vendor[i]);
        ck_assert_int_eq(family_rows[i].api, i);
        ck_assert_str_eq(spec_api_name(family_rows[i].api), family_rows[i].lower);
        spec_api back = SPEC_API_COUNT;
        ck_assert(spec_api_by_name(family_rows[i].lower, &back));
        ck_assert_int_eq(back, family_rows[i].api);
        ck_assert(spec_api_has_functions(family_rows[i].api)); /* a family is something to call */
    }
    ck_assert_int_eq(SPEC_API_NTX, 0);
    ck_assert_int_eq(SPEC_API_RTK, 4);
    ck_assert_int_eq(SPEC_API_MEM, FAMILY_ROW_COUNT);
    ck_assert_int_eq(SPEC_API_SIM, FAMILY_ROW_COUNT + 1);
    ck_assert_int_eq(SPEC_API_COUNT, FAMILY_ROW_COUNT + 2);
    ck_assert_str_eq(spec_api_name(SPEC_API_MEM), "mem");
    ck_assert_str_eq(spec_api_name(SPEC_API_SIM), "sim");
}
END_TEST

Suite *rows_suite(void) {
    Suite *s = suite_create("rows");
    TCase *tc = tcase_create("rows");
    tcase_add_test(tc, rows_enum_names_each_row_in_table_order);
    tcase_add_test(tc, rows_param_counts_and_kinds);
    tcase_add_test(tc, rows_caller_rules);
    tcase_add_test(tc, rows_type_names);
    tcase_add_test(tc, rows_families_numbered_in_row_order);
    suite_add_tcase(s, tc);
    return s;
}
