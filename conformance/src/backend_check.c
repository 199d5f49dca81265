/* conformance/src/backend_check.c — checking a backend's outcomes, findings and notes field by field
 * (backend_check.h). Every check reads within the field's array; the first violation is described and
 * the answer refused. */
#include "backend_check.h"

#include <cjson/cJSON.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/family.h"
#include "sim/alloc.h"
#include "spec/clauses.h"
#include "spec/status.h"

/* Length of a valid UTF-8 sequence starting at s (at most `left` bytes), or 0 when it is not one. */
static size_t utf8_sequence(const unsigned char *s, size_t left) {
    if (s[0] < 0x80) return 1;
    size_t n = s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 && s[0] < 0xE0 ? 2 : 0;
    if (n == 0 || n > left) return 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    if (n == 3 && ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0))) return 0; /* overlong, surrogate */
    if (n == 4 && ((s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] >= 0x90))) return 0; /* overlong, > U+10FFFF */
    return n;
}

bool bcheck_text(const char *field, const char *s, size_t cap, char *why, size_t why_cap) {
    const char *end = memchr(s, '\0', cap);
    if (end == NULL) {
        snprintf(why, why_cap, "%s is not NUL-terminated within its %zu bytes", field, cap);
        return false;
    }
    const unsigned char *p = (const unsigned char *)s;
    size_t len = (size_t)(end - s);
    for (size_t i = 0; i < len;) {
        size_t n = utf8_sequence(p + i, len - i);
        if (n == 0) {
            snprintf(why, why_cap, "%s is not valid UTF-8 (byte %zu)", field, i);
            return false;
        }
        i += n;
    }
    return true;
}

/* True when s (terminated) has only the characters of `allowed` classes: letters, digits and the
 * characters of `extra`. */
static bool only(const char *s, const char *extra) {
    for (; *s; s++) {
        char c = *s;
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && strchr(extra, c) == NULL) return false;
    }
    return true;
}

/* The catalogue's clauses sorted by ID, built once: a lookup per step is a binary search, not a scan. */
static const spec_clause **sorted_clauses;
static int sorted_count;

static int compare_clause_ids(const void *a, const void *b) {
    return strcmp((*(const spec_clause *const *)a)->id, (*(const spec_clause *const *)b)->id);
}

static void sort_clauses(void) {
    int count;
    const spec_clause *table = spec_clause_table(&count);
    static const spec_clause *storage[1024];
    if (count > (int)(sizeof storage / sizeof storage[0])) count = 0; /* then every lookup scans */
    for (int i = 0; i < count; i++) storage[i] = &table[i];
    qsort(storage, (size_t)count, sizeof storage[0], compare_clause_ids);
    sorted_clauses = storage;
    sorted_count = count;
}

/* The catalogue's clause with ID id, or NULL. */
static const spec_clause *find_clause(const char *id) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, sort_clauses);
    if (sorted_count == 0) return spec_clause_find(id);
    spec_clause key = {.id = id};
    const spec_clause *key_ptr = &key;
    const spec_clause **hit = bsearch(&key_ptr, sorted_clauses, (size_t)sorted_count, sizeof *sorted_clauses,
                                      compare_clause_ids);
    return hit ? *hit : NULL;
}

/* A clause field: "" (none: *clause NULL) or an ID of the catalogue (*clause its own string). */
static bool check_clause(const char *field, const char *s, size_t cap, const char **clause, char *why, size_t why_cap) {
    *clause = NULL;
    if (!bcheck_text(field, s, cap, why, why_cap)) return false;
    if (s[0] == '\0') return true;
    if (!only(s, "._-")) {
        snprintf(why, why_cap, "%s is not a clause ID (letters, digits, '.', '_', '-')", field);
        return false;
    }
    const spec_clause *c = find_clause(s);
    if (c == NULL) {
        snprintf(why, why_cap, "%s '%s' is not a clause of rtshm's catalogue (rtshm spec lists them)", field, s);
        return false;
    }
    *clause = c->id;
    return true;
}

/* A 0-or-1 flag. */
static bool check_flag(const char *field, int value, char *why, size_t why_cap) {
    if (value == 0 || value == 1) return true;
    snprintf(why, why_cap, "%s is %d (expected 0 or 1)", field, value);
    return false;
}

/* The native error fields: a kind of [A-Za-z0-9_-] with the flag, nothing without it. */
static bool check_native(const rtshm_outcome *o, char *why, size_t why_cap) {
    if (!check_flag("outcome.has_native_error", o->has_native_error, why, why_cap)) return false;
    const char *kind = o->native_error_kind;
    if (!o->has_native_error) {
        if (o->native_error == 0 && kind[0] == '\0') return true;
        snprintf(why, why_cap, "outcome.native_error or native_error_kind is set without has_native_error");
        return false;
    }
    if (!bcheck_text("outcome.native_error_kind", kind, sizeof o->native_error_kind, why, why_cap)) return false;
    if (kind[0] == '\0' || !only(kind, "_-")) {
        snprintf(why, why_cap, "outcome.native_error_kind must be 1 to 15 of [A-Za-z0-9_-] (\"errno\", \"HRESULT\")");
        return false;
    }
    return true;
}

/* The return value of a call to fn by its return type. */
static bool check_ret(const spec_function *fn, uint64_t ret, char *why, size_t why_cap) {
    const char *problem = NULL;
    switch (fn->ret) {
    case SPEC_R_VOID: problem = ret != 0 ? "expected 0: the function returns nothing" : NULL; break;
    case SPEC_R_BOOL: problem = ret > 1 ? "expected 0 or 1: the function returns a BOOL" : NULL; break;
    case SPEC_R_DWORD:
    case SPEC_R_STATUS: problem = ret > UINT32_MAX ? "expected a 32-bit value" : NULL; break;
    default: break; /* handles and pointers: any 64-bit value */
    }
    if (problem == NULL) return true;
    snprintf(why, why_cap, "outcome.ret is 0x%llx (%s)", (unsigned long long)ret, problem);
    return false;
}

/* Whether parameter i of fn is an output the caller gave a valid pointer. */
static bool output_given(const spec_function *fn, const rtshm_value *argv, int i) {
    spec_type t = fn->params[i].type;
    return (t == SPEC_T_OUT_PTR || t == SPEC_T_OUT_HANDLE) && argv[i].kind == RTSHM_V_OUT;
}

/* Why value slot i (outputs[i]) of a call to fn cannot hold a value, or NULL when it can. */
static const char *no_output_here(const spec_function *fn, const rtshm_value *argv, int i, char *buf, size_t cap) {
    if (i >= fn->param_count) {
        snprintf(buf, cap, "%s has %d parameters", fn->name, fn->param_count);
        return buf;
    }
    spec_type t = fn->params[i].type;
    if (t != SPEC_T_OUT_PTR && t != SPEC_T_OUT_HANDLE) {
        snprintf(buf, cap, "parameter %d (%s) is not an output", i, fn->params[i].name);
        return buf;
    }
    if (!output_given(fn, argv, i)) {
        snprintf(buf, cap, "parameter %d (%s) was passed as NULL", i, fn->params[i].name);
        return buf;
    }
    return NULL;
}

/* outputs[] and the opaque flags of a call to fn. */
static bool check_values(const spec_function *fn, const rtshm_value *argv, const rtshm_outcome *o, char *why,
                         size_t why_cap) {
    char buf[160];
    for (int i = 0; i < RTSHM_MAX_ARGS; i++) {
        if (o->outputs[i] == 0) continue;
        const char *no = no_output_here(fn, argv, i, buf, sizeof buf);
        if (no) {
            snprintf(why, why_cap, "outcome.outputs[%d] is 0x%llx, but %s", i, (unsigned long long)o->outputs[i], no);
            return false;
        }
    }
    if ((o->opaque & RTSHM_OPAQUE_RET) && fn->ret != SPEC_R_HANDLE && fn->ret != SPEC_R_PTR) {
        snprintf(why, why_cap, "outcome.opaque flags ret, but %s returns %s (only handles and pointers can be opaque)",
                 fn->name, spec_ret_name(fn->ret));
        return false;
    }
    for (int i = 0; i < RTSHM_MAX_ARGS; i++) {
        if (!(o->opaque & RTSHM_OPAQUE_OUTPUT(i))) continue;
        const char *no = no_output_here(fn, argv, i, buf, sizeof buf);
        if (no) {
            snprintf(why, why_cap, "outcome.opaque flags outputs[%d], but %s", i, no);
            return false;
        }
    }
    return true;
}

/* The fields only a call may set, for a memory access or an event (`what` names it). */
static bool check_not_call(const char *what, const rtshm_outcome *o, char *why, size_t why_cap) {
    for (int i = 0; i < RTSHM_MAX_ARGS; i++) {
        if (o->outputs[i] == 0) continue;
        snprintf(why, why_cap, "outcome.outputs[%d] is 0x%llx, but %s has no outputs", i,
                 (unsigned long long)o->outputs[i], what);
        return false;
    }
    if (o->ret != 0)
        snprintf(why, why_cap, "outcome.ret is 0x%llx, but %s returns no value", (unsigned long long)o->ret, what);
    else if (o->has_last_error)
        snprintf(why, why_cap, "outcome.has_last_error is 1, but %s has no last-error slot", what);
    else if (o->opaque)
        snprintf(why, why_cap, "outcome.opaque is 0x%x, but %s returns no value to flag", o->opaque, what);
    return o->ret == 0 && !o->has_last_error && o->opaque == 0;
}

/* The catalogue's string of clause pointer p (not NULL) through cache, or NULL with why. */
static bool outcome_clause(const char *p, bcheck_cache *cache, const char **clause, char *why, size_t why_cap) {
    size_t slot = ((uintptr_t)p >> 3) % (sizeof cache->pointer / sizeof cache->pointer[0]);
    if (cache && cache->pointer[slot] == p && strcmp(p, cache->id[slot]) == 0) { /* reads at most the ID's bytes */
        *clause = cache->id[slot];
        return true;
    }
    char bounded[RTSHM_CLAUSE_BOUND];
    size_t n = strnlen(p, sizeof bounded);
    if (n == sizeof bounded) {
        snprintf(why, why_cap, "outcome.clause is not NUL-terminated within %d bytes", RTSHM_CLAUSE_BOUND);
        return false;
    }
    memcpy(bounded, p, n + 1);
    if (!check_clause("outcome.clause", bounded, sizeof bounded, clause, why, why_cap)) return false;
    if (cache && *clause) {
        cache->pointer[slot] = p;
        cache->id[slot] = *clause;
    }
    return true;
}

bool bcheck_outcome(bcheck_op op, const spec_function *fn, const rtshm_value *argv, const rtshm_outcome *o,
                    bcheck_cache *cache, conf_outcome *out, char *why, size_t why_cap) {
    if (!check_flag("outcome.has_last_error", o->has_last_error, why, why_cap) ||
        !check_flag("outcome.fault", o->fault, why, why_cap) || !check_native(o, why, why_cap))
        return false;
    if (op != BCHECK_ACCESS && o->fault) {
        snprintf(why, why_cap, "outcome.fault is 1, but only xRead and xWrite report a fault");
        return false;
    }
    if (op == BCHECK_CALL) {
        if (o->family != (uint32_t)fn->status_family) {
            snprintf(why, why_cap, "outcome.family is %u, not %s's status family %d (%s)", o->family, fn->name,
                     (int)fn->status_family, spec_family_name(fn->status_family));
            return false;
        }
        const sim_family *family = sim_family_get(fn->api);
        if (o->has_last_error && (family == NULL || family->slot == SIM_SLOT_NONE)) {
            snprintf(why, why_cap, "outcome.has_last_error is 1, but %s calls have no last-error slot",
                     spec_api_name(fn->api));
            return false;
        }
        if (!check_ret(fn, o->ret, why, why_cap) || !check_values(fn, argv, o, why, why_cap)) return false;
    } else if (!check_not_call(op == BCHECK_ACCESS ? "a memory access" : "an event", o, why, why_cap)) {
        return false;
    }
    const char *clause = NULL;
    if (o->clause && !outcome_clause(o->clause, cache, &clause, why, why_cap)) return false;
    out->ret = o->ret;
    out->family = (spec_family)o->family;
    out->status = o->status;
    out->has_last_error = o->has_last_error != 0;
    out->last_error = o->last_error;
    memcpy(out->outputs, o->outputs, sizeof out->outputs);
    out->fault = o->fault != 0;
    out->clause = clause;
    out->has_native_error = o->has_native_error != 0;
    out->native_error = o->native_error;
    memcpy(out->native_error_kind, o->native_error_kind, sizeof out->native_error_kind);
    out->opaque = o->opaque;
    return true;
}

bool bcheck_finding(const rtshm_finding *f, const char **clause, char *why, size_t why_cap) {
    if (!bcheck_text("finding.kind", f->kind, sizeof f->kind, why, why_cap) ||
        !bcheck_text("finding.detail", f->detail, sizeof f->detail, why, why_cap))
        return false;
    if (f->kind[0] == '\0' || !only(f->kind, "._-")) {
        snprintf(why, why_cap, "finding.kind must be 1 to 47 of [A-Za-z0-9._-] (\"stale-cache-hit\")");
        return false;
    }
    return check_clause("finding.clause", f->clause, sizeof f->clause, clause, why, why_cap);
}

bool bcheck_note(const rtshm_note *n, int process_count, const char **clause, char *why, size_t why_cap) {
    if (n->process < -1 || n->process >= process_count) {
        snprintf(why, why_cap, "note.process is %d, but the topology has %d processes (expected -1 to %d)", n->process,
                 process_count, process_count - 1);
        return false;
    }
    spec_api api;
    if (!bcheck_text("note.api", n->api, sizeof n->api, why, why_cap) ||
        !bcheck_text("note.function", n->function, sizeof n->function, why, why_cap) ||
        !bcheck_text("note.args_json", n->args_json, sizeof n->args_json, why, why_cap))
        return false;
    if (!spec_api_by_name(n->api, &api)) {
        snprintf(why, why_cap, "note.api is not a family rtshm knows (\"rtk\", \"sim\", ...)");
        return false;
    }
    if (n->function[0] == '\0' || !only(n->function, "._-:")) {
        snprintf(why, why_cap, "note.function must be 1 to 63 of [A-Za-z0-9._:-] (\"RtkRtssAttachEx.shutdown\")");
        return false;
    }
    uint64_t failures = sim_alloc_failures(); /* cJSON allocates through sim/alloc.h */
    cJSON *args = cJSON_Parse(n->args_json);
    bool object = cJSON_IsObject(args);
    cJSON_Delete(args);
    if (!object) {
        if (args == NULL && sim_alloc_failures() != failures) /* rtshm's memory, not the backend's answer */
            snprintf(why, why_cap, "out of memory while checking note.args_json");
        else
            snprintf(why, why_cap, "note.args_json is not a JSON object");
        return false;
    }
    return check_clause("note.clause", n->clause, sizeof n->clause, clause, why, why_cap);
}
