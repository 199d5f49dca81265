/* conformance/src/checker.c — outcome vs expect, judged by the deciding clause's level.
 * compare() records which comparisons failed as CONF_MISMATCH_* bits (and words each one into the
 * detail); the verdict is decided from those bits, the status table and the clause level only, never
 * from the detail's text.
 *
 * Failure and status apart (spec/CLAUSES.md, "Failure and status parts"): where the vendor documents that a
 * call fails but not its status, the deciding clause is one part of a pair. When the expected outcome is a
 * failure, an implementation that succeeds is FAIL under the failure part (strict or documented-set) and
 * one that fails with another documented status is DIVERGE under the status part (model). */
#include "conf/checker.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "spec/clauses.h"
#include "spec/clause_ids.h"
#include "spec/status.h"

const char *conf_verdict_name(conf_verdict v) {
    switch (v) {
    case CONF_PASS: return "PASS";
    case CONF_FAIL: return "FAIL";
    case CONF_DIVERGE: return "DIVERGE";
    case CONF_SKIP: return "SKIP";
    default: return "NONE";
    }
}

const char *conf_status_name(spec_family family, uint32_t status) {
    return spec_status_name(family, status);
}

/* Appends "; " + text to detail. */
static void add(char *detail, size_t cap, const char *fmt, const char *a, const char *b) {
    size_t n = strlen(detail);
    if (n + 3 >= cap) return;
    if (n) {
        strcat(detail, "; ");
        n += 2;
    }
    snprintf(detail + n, cap - n, fmt, a, b);
}

static void status_text(char *buf, size_t cap, spec_family family, uint32_t status) {
    const char *name = conf_status_name(family, status);
    if (name) snprintf(buf, cap, "%s", name);
    else snprintf(buf, cap, "0x%X", status);
}

static bool in_list(const char *const *names, int count, const char *name) {
    for (int i = 0; i < count; i++)
        if (name && strcmp(names[i], name) == 0) return true;
    return false;
}

static void list_text(char *buf, size_t cap, const char *const *names, int count) {
    buf[0] = '\0';
    for (int i = 0; i < count; i++) {
        size_t n = strlen(buf);
        snprintf(buf + n, cap - n, "%s%s", i ? " or " : "", names[i]);
    }
}

/* Compares a call's return value with expect.return; appends to detail on mismatch. The texts are
 * only formatted on a mismatch (a passing step costs no formatting). */
static bool check_return(const conf_step *st, const conf_outcome *o, const uint64_t *vars, const conf_scenario *sc,
                         char *detail, size_t cap) {
    const conf_expect *e = &st->expect;
    uint64_t r = o->ret;
    bool ok = true;
    switch (e->ret) {
    case CONF_RET_UNCHECKED: return true;
    case CONF_RET_NULL: ok = r == 0; break;
    case CONF_RET_NON_NULL: ok = r != 0; break;
    case CONF_RET_TRUE: ok = r != 0; break;
    case CONF_RET_FALSE: ok = r == 0; break;
    case CONF_RET_NUMBER: ok = r == e->ret_number; break;
    case CONF_RET_VAR_EQ: ok = r == vars[e->ret_var]; break;
    case CONF_RET_VAR_NE: ok = r != vars[e->ret_var]; break;
    }
    if (ok) return true;
    char want[96], got[64];
    switch (e->ret) {
    case CONF_RET_NULL: snprintf(want, sizeof want, "NULL"); break;
    case CONF_RET_NON_NULL: snprintf(want, sizeof want, "non-NULL"); break;
    case CONF_RET_TRUE: snprintf(want, sizeof want, "TRUE"); break;
    case CONF_RET_FALSE: snprintf(want, sizeof want, "FALSE"); break;
    case CONF_RET_NUMBER: snprintf(want, sizeof want, "0x%llx", (unsigned long long)e->ret_number); break;
    case CONF_RET_VAR_EQ:
        snprintf(want, sizeof want, "$%s (0x%llx)", sc->vars[e->ret_var].name, (unsigned long long)vars[e->ret_var]);
        break;
    case CONF_RET_VAR_NE:
    default:
        snprintf(want, sizeof want, "not $%s (0x%llx)", sc->vars[e->ret_var].name, (unsigned long long)vars[e->ret_var]);
        break;
    }
    if (st->fn->ret == SPEC_R_BOOL) snprintf(got, sizeof got, "%s", r ? "TRUE" : "FALSE");
    else if (r == 0 && (st->fn->ret == SPEC_R_HANDLE || st->fn->ret == SPEC_R_PTR)) snprintf(got, sizeof got, "NULL");
    else snprintf(got, sizeof got, "0x%llx", (unsigned long long)r);
    add(detail, cap, "expected return %s, got %s", want, got);
    return false;
}

/* Compares outcome o (status row `status`, NULL when the family has no such code) with the step's expect
 * and returns the CONF_MISMATCH_* bits of what differs; each difference appends its text to detail. */
static unsigned compare(const conf_step *st, const conf_outcome *o, const spec_status *status,
                        const unsigned char *read_data, const uint64_t *var_values, const conf_scenario *sc,
                        char *detail, size_t cap) {
    const conf_expect *e = &st->expect;
    unsigned mismatches = 0;
    char got[64], want[512]; /* formatted only for a detail */
    if (st->kind == CONF_STEP_CALL) {
        if (!check_return(st, o, var_values, sc, detail, cap)) mismatches |= CONF_MISMATCH_RETURN;
        if (e->status_count && !in_list(e->status, e->status_count, status ? status->name : NULL)) {
            status_text(got, sizeof got, o->family, o->status);
            list_text(want, sizeof want, e->status, e->status_count);
            add(detail, cap, "expected status %s, got %s", want, got);
            mismatches |= CONF_MISMATCH_STATUS;
        }
        if (e->last_error_count) {
            if (!o->has_last_error || !in_list(e->last_error, e->last_error_count, conf_status_name(o->family, o->last_error))) {
                status_text(got, sizeof got, o->family, o->last_error);
                list_text(want, sizeof want, e->last_error, e->last_error_count);
                add(detail, cap, "expected last error %s, got %s", want, o->has_last_error ? got : "none");
                mismatches |= CONF_MISMATCH_LAST_ERROR;
            }
        }
    } else {
        if (e->fault >= 0 && e->fault != (int)o->fault) {
            add(detail, cap, "expected fault %s, got %s", e->fault ? "ACCESS_VIOLATION" : "none",
                o->fault ? "ACCESS_VIOLATION" : "none");
            mismatches |= CONF_MISMATCH_FAULT;
        }
        if (e->data && (o->fault || memcmp(e->data, read_data, e->data_len) != 0)) {
            char hex[2 * 32 + 4] = "";
            size_t shown = e->data_len < 32 ? e->data_len : 32;
            for (size_t i = 0; i < shown && !o->fault; i++) snprintf(hex + 2 * i, 3, "%02x", read_data[i]);
            if (e->data_len > shown && !o->fault) strcat(hex, "...");
            add(detail, cap, "expected data differs: got %s%s", o->fault ? "a fault" : hex, "");
            mismatches |= CONF_MISMATCH_DATA;
        }
    }
    return mismatches;
}

/* True when the only difference is the literal value of a handle or pointer, both non-NULL: values are
 * the model's choice, not documented (IWIN32.HANDLE.VALUES, NTX.LOCATION.VALUES). Equality between two
 * results of one implementation ("$var") stays as strict as its clause. */
static bool only_value_differs(const conf_step *st, const conf_outcome *o, unsigned mismatches) {
    const conf_expect *e = &st->expect;
    return mismatches == CONF_MISMATCH_RETURN && st->kind == CONF_STEP_CALL &&
           (st->fn->ret == SPEC_R_HANDLE || st->fn->ret == SPEC_R_PTR) && e->ret == CONF_RET_NUMBER &&
           e->ret_number != 0 && o->ret != 0;
}

/* True when the step's expectation is a failure: a NULL/FALSE return, or only failure statuses. */
static bool expects_failure(const conf_step *st) {
    const conf_expect *e = &st->expect;
    if (e->ret == CONF_RET_NULL || e->ret == CONF_RET_FALSE) return true;
    if (e->status_count == 0) return false;
    for (int i = 0; i < e->status_count; i++) {
        const spec_status *s = spec_status_by_name(e->status[i]);
        if (s == NULL || spec_status_is_success(s)) return false;
    }
    return true;
}

/* True when the implementation's outcome is a success: a success status (status.def's SUCCESS column, which
 * counts ERROR_ALREADY_EXISTS: an existing object was opened or created), or a non-NULL/TRUE return where
 * the expectation is NULL/FALSE. */
static bool outcome_succeeded(const conf_step *st, const conf_outcome *o, const spec_status *status) {
    const conf_expect *e = &st->expect;
    if (spec_status_is_success(status)) return true;
    return (e->ret == CONF_RET_NULL || e->ret == CONF_RET_FALSE) && o->ret != 0;
}

/* Judges a mismatch whose deciding clause is part of a failure/status pair, the expectation being a
 * failure. Returns false (nothing decided) otherwise. */
static bool judge_by_parts(const conf_step *st, const conf_outcome *o, const spec_status *status, conf_check *res) {
    const spec_clause *failure = NULL, *status_part = NULL;
    if (st->kind != CONF_STEP_CALL || !expects_failure(st) || !spec_clause_parts(o->clause, &failure, &status_part))
        return false;
    if (outcome_succeeded(st, o, status)) {
        res->verdict = CONF_FAIL;
        res->clause = failure->id;
    } else {
        res->verdict = CONF_DIVERGE;
        res->clause = status_part->id;
    }
    return true;
}

void conf_check_step(const conf_step *st, const conf_outcome *o, const unsigned char *read_data,
                     const uint64_t *var_values, const conf_scenario *sc, conf_check *res) {
    res->verdict = CONF_NONE;
    res->clause = o->clause;
    res->mismatches = 0;
    res->detail[0] = '\0';
    char *detail = res->detail;
    size_t cap = sizeof res->detail;
    const spec_status *status = spec_status_by_value(o->family, o->status);

    bool undocumented =
        st->kind == CONF_STEP_CALL && (status == NULL || !spec_function_allows_status(st->fn, status->name));
    if (undocumented) {
        char got[64];
        status_text(got, sizeof got, o->family, o->status);
        snprintf(detail, cap, "undocumented status %s for %s", got, st->fn->name);
        res->verdict = CONF_FAIL;
    }
    if (!st->expect.present) return;

    res->mismatches = compare(st, o, status, read_data, var_values, sc, detail, cap);
    if (undocumented) return;
    if (res->mismatches == 0) {
        res->verdict = CONF_PASS;
        return;
    }
    if (only_value_differs(st, o, res->mismatches)) {
        res->verdict = CONF_DIVERGE;
        res->clause = st->fn->status_family == SPEC_FAMILY_INTIME ? CL_NTX_LOCATION_VALUES : CL_IWIN32_HANDLE_VALUES;
        return;
    }
    if (judge_by_parts(st, o, status, res)) return;
    /* A mismatch: the deciding clause's level says how much it matters. */
    const spec_clause *clause = spec_clause_find(o->clause);
    spec_level level = clause ? clause->level : SPEC_LEVEL_STRICT;
    switch (level) {
    case SPEC_LEVEL_STRICT: res->verdict = CONF_FAIL; break;
    case SPEC_LEVEL_MODEL: res->verdict = CONF_DIVERGE; break;
    case SPEC_LEVEL_HAZARD: res->verdict = CONF_NONE; break;
    case SPEC_LEVEL_DOCUMENTED_SET:
        /* another documented failure diverges; a call that succeeded (status.def's SUCCESS column, which
         * counts ERROR_ALREADY_EXISTS: an existing object was opened) where a failure was documented fails */
        res->verdict = spec_status_is_success(status) ? CONF_FAIL : CONF_DIVERGE;
        break;
    }
}
