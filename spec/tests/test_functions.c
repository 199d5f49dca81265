/* spec/tests/test_functions.c — the clause catalogue (spec/clauses.h) and the function table
 * (spec/functions.h).
 *
 * Clauses: IDs unique and well-formed, levels valid, every clause of spec/CLAUSES.md present
 * with its level (the expected rows below were extracted from CLAUSES.md's tables, not from
 * clauses_vendor.def), and every rtshm-added clause at level `model`.
 * Functions: each function's clause exists, every status it lists is a known status of its status
 * family, parameter names are unique, signatures and defaults follow CLAUSES.md "Call signatures"
 * and "Defaults for omitted inputs", and the lookups behave. */
#include <check.h>
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "spec/clauses.h"
#include "spec/constants.h"
#include "spec/functions.h"
#include "spec/status.h"
#include "suites.h"

/* ---- clause catalogue ---- */

/* Every row of the requirement tables in CLAUSES.md: ID and level. */
static const struct { const char *id; spec_level level; } clauses_md[] = {
    {"NTX.MAP.OK", SPEC_LEVEL_STRICT},
    {"NTX.MAP.EQUALS_EX_WRITE", SPEC_LEVEL_STRICT},
    {"NTX.MAP.SAME_POINTER", SPEC_LEVEL_STRICT},
    {"NTX.MAP.FIRST_UNMAP_INVALIDATES", SPEC_LEVEL_STRICT},
    {"NTX.MAP.CACHE_REUSE", SPEC_LEVEL_HAZARD},
    {"NTX.MAP.E_TYPE", SPEC_LEVEL_STRICT},
    {"NTX.MAP.E_ALIGNMENT", SPEC_LEVEL_STRICT},
    {"NTX.MAP.E_LOCATION", SPEC_LEVEL_STRICT},
    {"NTX.MAP.E_STATE", SPEC_LEVEL_STRICT},
    {"NTX.MAP.E_NTX_INTERNAL_ERROR", SPEC_LEVEL_STRICT},
    {"NTX.MAP.MAX_SIZE", SPEC_LEVEL_DOCUMENTED_SET},
    {"NTX.MAP.VA_LIMIT", SPEC_LEVEL_DOCUMENTED_SET},
    {"NTX.MAP.STALE_HANDLE", SPEC_LEVEL_MODEL},
    {"NTX.MAP.IMPORT_RTHANDLE", SPEC_LEVEL_MODEL},
    {"NTX.MAPEX.READONLY", SPEC_LEVEL_STRICT},
    {"NTX.MAPEX.UNALIGNED", SPEC_LEVEL_STRICT},
    {"NTX.UNMAP.OK", SPEC_LEVEL_STRICT},
    {"NTX.UNMAP.E_STATE", SPEC_LEVEL_STRICT},
    {"NTX.ALLOC.OK", SPEC_LEVEL_STRICT},
    {"NTX.ALLOC.E_PARAM", SPEC_LEVEL_STRICT},
    {"NTX.ALLOC.E_MEM", SPEC_LEVEL_STRICT},
    {"NTX.LOCATION.BY_NAME", SPEC_LEVEL_STRICT},
    {"NTX.CATALOG.NAMES", SPEC_LEVEL_STRICT},
    {"NTX.LASTERROR.STICKY", SPEC_LEVEL_STRICT},
    {"RT.ALLOC.ROUND", SPEC_LEVEL_STRICT},
    {"RT.HANDLE.CREATE", SPEC_LEVEL_STRICT},
    {"RT.HANDLE.DELETE", SPEC_LEVEL_STRICT},
    {"RT.CATALOG", SPEC_LEVEL_STRICT},
    {"IWIN32.CREATE.OK", SPEC_LEVEL_STRICT},
    {"IWIN32.CREATE.NEW_LAST_ERROR", SPEC_LEVEL_MODEL},
    {"IWIN32.CREATE.FLPROTECT_IGNORED", SPEC_LEVEL_STRICT},
    {"IWIN32.CREATE.SIZE_HIGH", SPEC_LEVEL_DOCUMENTED_SET},
    {"IWIN32.CREATE.SIZE_ZERO", SPEC_LEVEL_MODEL},
    {"IWIN32.CREATE.NULL_NAME", SPEC_LEVEL_STRICT},
    {"IWIN32.CREATE.NAME_LENGTH", SPEC_LEVEL_DOCUMENTED_SET},
    {"IWIN32.CREATE.NAME_BACKSLASH", SPEC_LEVEL_DOCUMENTED_SET},
    {"IWIN32.CREATE.NAME_CASE", SPEC_LEVEL_STRICT},
    {"IWIN32.CREATE.EXISTS", SPEC_LEVEL_STRICT},
    {"IWIN32.CREATE.EXISTS_SIZE_IGNORED", SPEC_LEVEL_STRICT},
    {"IWIN32.CREATE.EXISTS_SAME_MEMORY", SPEC_LEVEL_STRICT},
    {"IWIN32.CREATE.NAME_COLLISION", SPEC_LEVEL_STRICT},
    {"IWIN32.CREATE.POOL", SPEC_LEVEL_DOCUMENTED_SET},
    {"IWIN32.POOL.SEGSIZE", SPEC_LEVEL_STRICT},
    {"IWIN32.CLOSE.REFCOUNT", SPEC_LEVEL_STRICT},
    {"IWIN32.CLOSE.LAST_DESTROYS", SPEC_LEVEL_STRICT},
    {"IWIN32.CLOSE.PROCESS_EXIT", SPEC_LEVEL_STRICT},
    {"IWIN32.CLOSE.INVALID", SPEC_LEVEL_DOCUMENTED_SET},
    {"IWIN32.UNMAP.VIEW", SPEC_LEVEL_MODEL},
    {"IWIN32.OPEN.OK", SPEC_LEVEL_STRICT},
    {"IWIN32.OPEN.MISSING", SPEC_LEVEL_DOCUMENTED_SET},
    {"IWIN32.OPEN.WRONG_TYPE", SPEC_LEVEL_DOCUMENTED_SET},
    {"IWIN32.SYNC.NAMES", SPEC_LEVEL_MODEL},
    {"RTK.ATTACH", SPEC_LEVEL_STRICT},
    {"RTK.OPEN.OK", SPEC_LEVEL_STRICT},
    {"RTK.OPEN.BAD_INSTANCE", SPEC_LEVEL_STRICT},
    {"RTK.OPEN.NULL_HANDLE_PTR", SPEC_LEVEL_STRICT},
    {"RTK.OPEN.WRITE_NEEDS_RW", SPEC_LEVEL_DOCUMENTED_SET},
    {"RTK.OPEN.READ", SPEC_LEVEL_STRICT},
    {"RTK.OPEN.RTSS_ALWAYS_RW", SPEC_LEVEL_MODEL},
    {"RTK.OPEN.INHERIT_IGNORED", SPEC_LEVEL_STRICT},
    {"RTK.OPEN.NAME_LENGTH", SPEC_LEVEL_DOCUMENTED_SET},
    {"RTK.OPEN.NAME_BACKSLASH", SPEC_LEVEL_DOCUMENTED_SET},
    {"RTK.OPEN.NAME_CASE", SPEC_LEVEL_STRICT},
    {"RTK.OPEN.NOT_FOUND", SPEC_LEVEL_DOCUMENTED_SET},
    {"RTK.OPEN.WRONG_TYPE", SPEC_LEVEL_DOCUMENTED_SET},
    {"RTK.OPEN.NO_SUCH_DEVICE", SPEC_LEVEL_MODEL},
    {"RTK.OPEN.NO_MEMORY", SPEC_LEVEL_MODEL},
    {"RTK.CLOSE.REFCOUNT", SPEC_LEVEL_STRICT},
    {"RTK.CLOSE.PROCESS_EXIT", SPEC_LEVEL_STRICT},
    {"RTK.CLOSE.TWICE", SPEC_LEVEL_STRICT},
    {"RTK.IRQL", SPEC_LEVEL_HAZARD},
    {"RTX64.CREATE.OK", SPEC_LEVEL_STRICT},
    {"RTX64.CREATE.EXISTS", SPEC_LEVEL_STRICT},
    {"RTX64.CREATE.WINDOWS_SIZE", SPEC_LEVEL_STRICT},
    {"IWIN32.UNMAP.ALWAYS_TRUE", SPEC_LEVEL_STRICT},
    {"IWIN32.CLOSE.RTCLOSEHANDLE", SPEC_LEVEL_STRICT},
    {"NTX.LOCATION.UNDEFINED", SPEC_LEVEL_STRICT},
    {"NTX.LOCATION.LOCAL", SPEC_LEVEL_STRICT},
    {"RT.LASTERROR.STICKY", SPEC_LEVEL_STRICT},
    {"RT.FREE.BYTES", SPEC_LEVEL_STRICT},
    {"RTK.CREATE.PROTECT_IGNORED", SPEC_LEVEL_STRICT},
    {"RTX64.CREATE.RTSS_FLPROTECT_IGNORED", SPEC_LEVEL_STRICT},
    {"RTX64.NAME.LENGTH", SPEC_LEVEL_DOCUMENTED_SET},
    {"RTX64.CREATE.NAME_COLLISION", SPEC_LEVEL_STRICT},
    {"RTX64.OPEN.ACCESS", SPEC_LEVEL_STRICT},
    {"RTX64.OPEN.MISSING", SPEC_LEVEL_DOCUMENTED_SET},
    {"RTX64.OPEN.WRONG_TYPE", SPEC_LEVEL_DOCUMENTED_SET},
    {"RTX64.CLOSE", SPEC_LEVEL_DOCUMENTED_SET},
    {"SIM.DETERMINISM", SPEC_LEVEL_MODEL},
    {"MEM.VIEW.FAULT", SPEC_LEVEL_STRICT},
    {"MEM.SHARED", SPEC_LEVEL_STRICT},
    {"TOPO.SHARES_MEMORY", SPEC_LEVEL_STRICT},
};

#define CLAUSES_MD_COUNT ((int)(sizeof clauses_md / sizeof clauses_md[0]))

START_TEST(clause_from_clauses_md_present_with_its_level) {
    const spec_clause *c = spec_clause_find(clauses_md[_i].id);
    ck_assert_msg(c != NULL, "%s missing from the catalogue", clauses_md[_i].id);
    ck_assert_str_eq(c->id, clauses_md[_i].id);
    ck_assert_msg(c->level == clauses_md[_i].level, "%s is %s, CLAUSES.md says %s", c->id, spec_level_name(c->level),
                  spec_level_name(clauses_md[_i].level));
}
END_TEST

START_TEST(clause_ids_are_unique) {
    int count = 0;
    const spec_clause *table = spec_clause_table(&count);
    ck_assert_int_ge(count, CLAUSES_MD_COUNT);
    for (int i = 0; i < count; i++)
        for (int j = i + 1; j < count; j++) ck_assert_msg(strcmp(table[i].id, table[j].id) != 0, "%s twice", table[i].id);
}
END_TEST

START_TEST(clause_every_level_valid) {
    int count = 0;
    const spec_clause *table = spec_clause_table(&count);
    for (int i = 0; i < count; i++) {
        ck_assert_msg(table[i].level >= SPEC_LEVEL_STRICT && table[i].level <= SPEC_LEVEL_HAZARD, "%s: level %d",
                      table[i].id, (int)table[i].level);
        ck_assert_str_ne(spec_level_name(table[i].level), "?");
    }
}
END_TEST

START_TEST(clause_rows_well_formed) {
    /* ID: upper-case words joined by dots, at least two; api a known family; text and source set. */
    int count = 0;
    const spec_clause *table = spec_clause_table(&count);
    for (int i = 0; i < count; i++) {
        const spec_clause *c = &table[i];
        int dots = 0;
        ck_assert_msg(isupper((unsigned char)c->id[0]), "bad id %s", c->id);
        for (const char *p = c->id; *p; p++) {
            ck_assert_msg(isupper((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_' || *p == '.',
                          "bad id %s", c->id);
            if (*p == '.') {
                dots++;
                ck_assert_msg(p[1] != '\0' && p[1] != '.', "bad id %s", c->id);
            }
        }
        ck_assert_msg(dots >= 1, "bad id %s", c->id);
        spec_api api;
        ck_assert_msg(spec_api_by_name(c->api, &api), "%s: unknown api '%s'", c->id, c->api);
        ck_assert_msg(c->text && c->text[0], "%s: no text", c->id);
        ck_assert_msg(c->source && c->source[0], "%s: no source", c->id);
    }
}
END_TEST

START_TEST(clause_added_by_rtshm_are_model_level) {
    /* clauses_model.def: every clause rtshm adds where the catalogue is silent is level `model`. */
    int count = 0, added = 0;
    const spec_clause *table = spec_clause_table(&count);
    for (int i = 0; i < count; i++) {
        int in_md = 0;
        for (int j = 0; j < CLAUSES_MD_COUNT; j++) in_md |= strcmp(table[i].id, clauses_md[j].id) == 0;
        if (in_md) continue;
        added++;
        ck_assert_msg(table[i].level == SPEC_LEVEL_MODEL, "%s added by rtshm but not model-level", table[i].id);
        ck_assert_msg(strncmp(table[i].source, "rtshm", 5) == 0, "%s: source '%s'", table[i].id, table[i].source);
    }
    ck_assert_int_eq(added, count - CLAUSES_MD_COUNT);
}
END_TEST

START_TEST(clause_model_clauses_cited_by_the_model_exist) {
    /* (IWIN32.CLOSE.INVALID is documented-set since the vendor's CloseHandle page was quoted; its status part
     * IWIN32.CLOSE.INVALID.STATUS is the model's) */
    static const char *const ids[] = {"IWIN32.CREATE.NULL_LOCATION", "IWIN32.OPEN.NULL_NAME", "IWIN32.CLOSE.INVALID.STATUS",
                                      "IWIN32.CLOSE.VIEWS_DIE",      "IWIN32.HANDLE.VALUES",  "IWIN32.LASTERROR",
                                      "IWIN32.SYNC.PARAMS",          "MEM.ACCESS.ONE_VIEW",   "SIM.PROCESS.EXIT"};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        const spec_clause *c = spec_clause_find(ids[i]);
        ck_assert_msg(c != NULL, "%s missing", ids[i]);
        ck_assert_int_eq(c->level, SPEC_LEVEL_MODEL);
    }
}
END_TEST

START_TEST(clause_find_each_row_and_misses) {
    int count = 0;
    const spec_clause *table = spec_clause_table(&count);
    for (int i = 0; i < count; i++) ck_assert_ptr_eq(spec_clause_find(table[i].id), &table[i]);
    ck_assert_ptr_null(spec_clause_find("iwin32.create.ok")); /* case-sensitive */
    ck_assert_ptr_null(spec_clause_find("IWIN32.CREATE"));
    ck_assert_ptr_null(spec_clause_find("IWIN32.CREATE.OK "));
    ck_assert_ptr_null(spec_clause_find(""));
    ck_assert_ptr_null(spec_clause_find(NULL));
}
END_TEST

START_TEST(clause_level_names) {
    ck_assert_str_eq(spec_level_name(SPEC_LEVEL_STRICT), "strict");
    ck_assert_str_eq(spec_level_name(SPEC_LEVEL_DOCUMENTED_SET), "documented-set");
    ck_assert_str_eq(spec_level_name(SPEC_LEVEL_MODEL), "model");
    ck_assert_str_eq(spec_level_name(SPEC_LEVEL_HAZARD), "hazard");
    ck_assert_str_eq(spec_level_name((spec_level)9), "?");
}
END_TEST

/* ---- function table ---- */

/* Calls f(word, ctx) for every space-separated word of list. */
static void each_word(const char *list, void (*f)(const char *word, void *ctx), void *ctx) {
    char word[64];
    for (const char *p = list; *p;) {
        while (*p == ' ') p++;
        size_t len = strcspn(p, " ");
        if (len == 0) break;
        ck_assert_uint_lt(len, sizeof word);
        memcpy(word, p, len);
        word[len] = '\0';
        f(word, ctx);
        p += len;
    }
}

static void check_status_word(const char *word, void *ctx) {
    const spec_function *fn = ctx;
    const spec_status *s = spec_status_by_name(word);
    ck_assert_msg(s != NULL, "%s lists unknown status %s", fn->name, word);
    ck_assert_msg(s->family == fn->status_family, "%s lists %s of family %s, not %s", fn->name, word,
                  spec_family_name(s->family), spec_family_name(fn->status_family));
    ck_assert_msg(spec_function_allows_status(fn, word), "%s: allows_status(%s) false", fn->name, word);
}

static void check_not_in_model(const char *word, void *ctx) {
    const spec_function *fn = ctx;
    /* Count occurrences in model by scanning it word by word. */
    const char *p = fn->model;
    size_t n = strlen(word);
    while (*p) {
        while (*p == ' ') p++;
        size_t len = strcspn(p, " ");
        ck_assert_msg(!(len == n && strncmp(p, word, n) == 0), "%s lists %s as documented and model", fn->name, word);
        p += len;
    }
}

START_TEST(function_clause_exists_in_catalogue) {
    int count = 0;
    const spec_function *table = spec_function_table(&count);
    ck_assert_int_gt(count, 0);
    for (int i = 0; i < count; i++)
        ck_assert_msg(spec_clause_find(table[i].clause) != NULL, "%s: clause %s unknown", table[i].name, table[i].clause);
}
END_TEST

START_TEST(function_statuses_known_in_status_family) {
    int count = 0;
    const spec_function *table = spec_function_table(&count);
    for (int i = 0; i < count; i++) {
        const spec_function *fn = &table[i];
        ck_assert_int_lt(fn->status_family, SPEC_FAMILY_COUNT);
        ck_assert_ptr_nonnull(fn->documented);
        ck_assert_ptr_nonnull(fn->model);
        each_word(fn->documented, check_status_word, (void *)fn);
        each_word(fn->model, check_status_word, (void *)fn);
        each_word(fn->documented, check_not_in_model, (void *)fn);
    }
}
END_TEST

START_TEST(function_param_names_unique) {
    int count = 0;
    const spec_function *table = spec_function_table(&count);
    for (int i = 0; i < count; i++) {
        const spec_function *fn = &table[i];
        ck_assert_int_ge(fn->param_count, 0);
        ck_assert_int_le(fn->param_count, SPEC_MAX_PARAMS);
        for (int a = 0; a < fn->param_count; a++) {
            ck_assert_msg(fn->params[a].name && fn->params[a].name[0], "%s: parameter %d unnamed", fn->name, a);
            ck_assert_msg(fn->params[a].doc && fn->params[a].doc[0], "%s.%s: no doc", fn->name, fn->params[a].name);
            for (int b = a + 1; b < fn->param_count; b++)
                ck_assert_msg(strcmp(fn->params[a].name, fn->params[b].name) != 0, "%s: parameter %s twice", fn->name,
                              fn->params[a].name);
            ck_assert_int_eq(spec_function_param(fn, fn->params[a].name), a);
        }
    }
}
END_TEST

START_TEST(function_rows_well_formed) {
    int count = 0;
    const spec_function *table = spec_function_table(&count);
    const unsigned all_callers = SPEC_CALLER_WINDOWS | SPEC_CALLER_RT_INTIME | SPEC_CALLER_RT_RTX64 | SPEC_CALLER_DRIVER;
    for (int i = 0; i < count; i++) {
        const spec_function *fn = &table[i];
        ck_assert_int_lt(fn->api, SPEC_API_COUNT);
        ck_assert_msg(fn->callers != 0 && (fn->callers & ~all_callers) == 0, "%s: callers 0x%x", fn->name, fn->callers);
        ck_assert_int_le(fn->ret, SPEC_R_STATUS);
        ck_assert_ptr_eq(spec_function_find(fn->api, fn->name), fn); /* one row per (api, name) */
        ck_assert(spec_function_known(fn->name));
        for (int a = 0; a < fn->param_count; a++) {
            const spec_param *p = &fn->params[a];
            ck_assert_int_le(p->type, SPEC_T_OUT_HANDLE);
            ck_assert_msg(!(p->required && p->default_null), "%s.%s required with a NULL default", fn->name, p->name);
            if (p->type == SPEC_T_OUT_PTR || p->type == SPEC_T_OUT_HANDLE)
                ck_assert_msg(!p->required, "%s.%s: outputs may be omitted", fn->name, p->name);
        }
    }
}
END_TEST

/* CLAUSES.md "Call signatures used in scenarios", iwin32 family: parameter names in order. */
static const struct { const char *name; const char *params; spec_ret ret; } iwin32_signatures[] = {
    {"RtCreateSharedMemory", "flProtect MaximumSizeHigh MaximumSizeLow lpName location", SPEC_R_HANDLE},
    {"RtOpenSharedMemory", "dwDesiredAccess bInheritHandle lpName location", SPEC_R_HANDLE},
    {"RtUnmapSharedMemory", "location", SPEC_R_BOOL},
    {"CloseHandle", "hObject", SPEC_R_BOOL},
    {"CreateEvent", "lpEventAttributes bManualReset bInitialState lpName", SPEC_R_HANDLE},
    {"CreateMutex", "lpMutexAttributes bInitialOwner lpName", SPEC_R_HANDLE},
    {"CreateSemaphore", "lpSemaphoreAttributes lInitialCount lMaximumCount lpName", SPEC_R_HANDLE},
    {"GetLastError", "", SPEC_R_DWORD},
    {"SetLastError", "dwErrCode", SPEC_R_VOID},
};

START_TEST(function_iwin32_signature_matches_clauses_md) {
    const spec_function *fn = spec_function_find(SPEC_API_IWIN32, iwin32_signatures[_i].name);
    ck_assert_msg(fn != NULL, "%s missing", iwin32_signatures[_i].name);
    char joined[256] = "";
    for (int a = 0; a < fn->param_count; a++) {
        if (a) strcat(joined, " ");
        strcat(joined, fn->params[a].name);
    }
    ck_assert_str_eq(joined, iwin32_signatures[_i].params);
    ck_assert_int_eq(fn->ret, iwin32_signatures[_i].ret);
    ck_assert_int_eq(fn->status_family, SPEC_FAMILY_WIN32);
    ck_assert_int_eq(fn->api, SPEC_API_IWIN32);
    ck_assert(fn->callers & SPEC_CALLER_RT_INTIME);
}
END_TEST

/* CLAUSES.md "Defaults for omitted inputs". */
static const struct {
    const char *fn, *param;
    bool required, default_null;
    int64_t default_value;
} iwin32_defaults[] = {
    {"RtCreateSharedMemory", "flProtect", false, false, K_PAGE_READWRITE},
    {"RtCreateSharedMemory", "MaximumSizeHigh", false, false, 0},
    {"RtCreateSharedMemory", "MaximumSizeLow", true, false, 0}, /* sizes: no default */
    {"RtCreateSharedMemory", "lpName", false, true, 0},
    {"RtOpenSharedMemory", "dwDesiredAccess", false, false, 0},
    {"RtOpenSharedMemory", "bInheritHandle", false, false, 0},
    {"RtOpenSharedMemory", "lpName", false, true, 0},
    {"RtUnmapSharedMemory", "location", true, false, 0}, /* pointers: no default */
    {"CloseHandle", "hObject", true, false, 0},          /* handles: no default */
    {"CreateEvent", "lpEventAttributes", false, true, 0},
    {"CreateEvent", "bManualReset", false, false, 0},
    {"CreateEvent", "bInitialState", false, false, 0},
    {"CreateEvent", "lpName", false, true, 0},
    {"CreateMutex", "lpMutexAttributes", false, true, 0},
    {"CreateMutex", "bInitialOwner", false, false, 0},
    {"CreateSemaphore", "lpSemaphoreAttributes", false, true, 0},
    {"CreateSemaphore", "lInitialCount", false, false, 0}, /* rtshm's choice, spec/src/functions.c */
    {"CreateSemaphore", "lMaximumCount", false, false, 1},
};

START_TEST(function_iwin32_default_matches_clauses_md) {
    const spec_function *fn = spec_function_find(SPEC_API_IWIN32, iwin32_defaults[_i].fn);
    ck_assert_ptr_nonnull(fn);
    int idx = spec_function_param(fn, iwin32_defaults[_i].param);
    ck_assert_msg(idx >= 0, "%s.%s missing", iwin32_defaults[_i].fn, iwin32_defaults[_i].param);
    const spec_param *p = &fn->params[idx];
    ck_assert_int_eq(p->required, iwin32_defaults[_i].required);
    ck_assert_int_eq(p->default_null, iwin32_defaults[_i].default_null);
    if (!p->required && !p->default_null) ck_assert_int_eq(p->default_value, iwin32_defaults[_i].default_value);
}
END_TEST

START_TEST(function_find_by_api_and_name) {
    const spec_function *fn = spec_function_find(SPEC_API_IWIN32, "RtCreateSharedMemory");
    ck_assert_ptr_nonnull(fn);
    ck_assert_str_eq(fn->name, "RtCreateSharedMemory");
    ck_assert_int_eq(fn->param_count, 5);
    ck_assert_str_eq(fn->clause, "IWIN32.CREATE.OK");
    ck_assert_ptr_null(spec_function_find(SPEC_API_NTX, "RtCreateSharedMemory")); /* wrong family */
    ck_assert_ptr_null(spec_function_find(SPEC_API_IWIN32, "rtcreatesharedmemory"));
    ck_assert_ptr_null(spec_function_find(SPEC_API_IWIN32, "RtCreateSharedMemoryEx"));
    ck_assert_ptr_null(spec_function_find(SPEC_API_IWIN32, ""));
    ck_assert(spec_function_known("CloseHandle"));
    ck_assert(!spec_function_known("closehandle"));
    ck_assert(!spec_function_known("NoSuchFunction"));
}
END_TEST

START_TEST(function_param_index_lookup) {
    const spec_function *fn = spec_function_find(SPEC_API_IWIN32, "RtCreateSharedMemory");
    ck_assert_int_eq(spec_function_param(fn, "flProtect"), 0);
    ck_assert_int_eq(spec_function_param(fn, "MaximumSizeLow"), 2);
    ck_assert_int_eq(spec_function_param(fn, "lpName"), 3);
    ck_assert_int_eq(spec_function_param(fn, "location"), 4);
    ck_assert_int_eq(spec_function_param(fn, "maximumsizelow"), -1); /* case-sensitive */
    ck_assert_int_eq(spec_function_param(fn, "MaximumSize"), -1);
    ck_assert_int_eq(spec_function_param(fn, ""), -1);
    const spec_function *gle = spec_function_find(SPEC_API_IWIN32, "GetLastError");
    ck_assert_int_eq(gle->param_count, 0);
    ck_assert_int_eq(spec_function_param(gle, "dwErrCode"), -1);
    ck_assert_int_eq(fn->params[2].type, SPEC_T_DWORD);
    ck_assert_int_eq(fn->params[3].type, SPEC_T_STRING);
    ck_assert_int_eq(fn->params[4].type, SPEC_T_OUT_PTR);
}
END_TEST

START_TEST(function_allows_status_whole_words_only) {
    const spec_function *create = spec_function_find(SPEC_API_IWIN32, "RtCreateSharedMemory");
    ck_assert(spec_function_allows_status(create, "ERROR_SUCCESS"));
    ck_assert(spec_function_allows_status(create, "ERROR_ALREADY_EXISTS"));   /* documented */
    ck_assert(spec_function_allows_status(create, "ERROR_INVALID_HANDLE"));
    ck_assert(spec_function_allows_status(create, "ERROR_NOT_ENOUGH_MEMORY")); /* model */
    ck_assert(spec_function_allows_status(create, "ERROR_FILENAME_EXCED_RANGE"));
    ck_assert(!spec_function_allows_status(create, "ERROR_FILE_NOT_FOUND"));
    ck_assert(!spec_function_allows_status(create, "ERROR_ALREADY"));          /* prefix of a word */
    ck_assert(!spec_function_allows_status(create, "ALREADY_EXISTS"));         /* suffix of a word */
    ck_assert(!spec_function_allows_status(create, "ERROR_SUCCESS ERROR_ALREADY_EXISTS"));
    ck_assert(!spec_function_allows_status(create, ""));
    ck_assert(!spec_function_allows_status(create, "E_OK"));
    const spec_function *open = spec_function_find(SPEC_API_IWIN32, "RtOpenSharedMemory");
    ck_assert(spec_function_allows_status(open, "ERROR_FILE_NOT_FOUND"));
    ck_assert(!spec_function_allows_status(open, "ERROR_ALREADY_EXISTS"));
    const spec_function *gle = spec_function_find(SPEC_API_IWIN32, "GetLastError");
    ck_assert(spec_function_allows_status(gle, "ERROR_SUCCESS"));
    ck_assert(!spec_function_allows_status(gle, "ERROR_INVALID_HANDLE")); /* empty model list */
}
END_TEST

START_TEST(function_index_of_each_row_and_of_others) {
    int count = 0;
    const spec_function *table = spec_function_table(&count);
    for (int i = 0; i < count; i++) ck_assert_int_eq(spec_function_index(&table[i]), i);
    spec_function copy = table[0]; /* same contents, not a row */
    ck_assert_int_eq(spec_function_index(&copy), -1);
    ck_assert_int_eq(spec_function_index(NULL), -1);
    ck_assert_int_eq(spec_function_index(table + count), -1); /* one past the end */
    ck_assert_int_eq(spec_function_index((const spec_function *)(const void *)&table[0].api), -1); /* inside a row */
}
END_TEST

START_TEST(function_api_names_round_trip) {
    for (int i = 0; i < SPEC_API_COUNT; i++) {
        spec_api api = SPEC_API_COUNT;
        ck_assert(spec_api_by_name(spec_api_name((spec_api)i), &api));
        ck_assert_int_eq(api, i);
    }
    ck_assert_str_eq(spec_api_name(SPEC_API_IWIN32), "iwin32");
    ck_assert_str_eq(spec_api_name(SPEC_API_NTX), "ntx");
    ck_assert_str_eq(spec_api_name(SPEC_API_COUNT), "?");
    spec_api api = SPEC_API_MEM;
    ck_assert(!spec_api_by_name("IWIN32", &api));
    ck_assert(!spec_api_by_name("", &api));
    ck_assert_int_eq(api, SPEC_API_MEM);
}
END_TEST

Suite *functions_suite(void) {
    Suite *s = suite_create("functions");
    TCase *tc = tcase_create("clauses");
    tcase_add_loop_test(tc, clause_from_clauses_md_present_with_its_level, 0, CLAUSES_MD_COUNT);
    tcase_add_test(tc, clause_ids_are_unique);
    tcase_add_test(tc, clause_every_level_valid);
    tcase_add_test(tc, clause_rows_well_formed);
    tcase_add_test(tc, clause_added_by_rtshm_are_model_level);
    tcase_add_test(tc, clause_model_clauses_cited_by_the_model_exist);
    tcase_add_test(tc, clause_find_each_row_and_misses);
    tcase_add_test(tc, clause_level_names);
    suite_add_tcase(s, tc);
    tc = tcase_create("functions");
    tcase_add_test(tc, function_clause_exists_in_catalogue);
    tcase_add_test(tc, function_statuses_known_in_status_family);
    tcase_add_test(tc, function_param_names_unique);
    tcase_add_test(tc, function_rows_well_formed);
    tcase_add_loop_test(tc, function_iwin32_signature_matches_clauses_md, 0,
                        (int)(sizeof iwin32_signatures / sizeof iwin32_signatures[0]));
    tcase_add_loop_test(tc, function_iwin32_default_matches_clauses_md, 0,
                        (int)(sizeof iwin32_defaults / sizeof iwin32_defaults[0]));
    tcase_add_test(tc, function_find_by_api_and_name);
    tcase_add_test(tc, function_param_index_lookup);
    tcase_add_test(tc, function_allows_status_whole_words_only);
    tcase_add_test(tc, function_index_of_each_row_and_of_others);
    tcase_add_test(tc, function_api_names_round_trip);
    suite_add_tcase(s, tc);
    return s;
}
