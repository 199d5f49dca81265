/* reports/src/coverage.c — clause and documented-status coverage from a trace (SPEC coverage).
 *
 * Covered clause: cited by a scenario of the run (scenario_clauses) or the clause behind a step's
 * outcome. Covered status: some step of the run called that function (same API family) and produced
 * it. Only statuses the vendor documents count (spec_function.documented); the model's own choices
 * are listed by `rtshm spec` but do not count against coverage. */
#include "reports/coverage.h"

#include <cjson/cJSON.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "spec/clauses.h"
#include "spec/functions.h"
#include "traces/canon.h"

typedef struct queries {
    sqlite3_stmt *cited;    /* scenarios citing a clause, with verdicts */
    sqlite3_stmt *decided;  /* step verdict counts for a clause */
    sqlite3_stmt *produced; /* steps of a function with a status */
} queries;

static void finalize(queries *q) {
    sqlite3_finalize(q->cited);
    sqlite3_finalize(q->decided);
    sqlite3_finalize(q->produced);
}

static int prepare(sqlite3 *db, queries *q) {
    return sqlite3_prepare_v2(db,
                              "SELECT c.scenario, s.verdict FROM scenario_clauses c JOIN scenarios s "
                              "ON s.run_id = c.run_id AND s.scenario = c.scenario WHERE c.run_id = ?1 AND c.clause = ?2 "
                              "ORDER BY c.scenario",
                              -1, &q->cited, NULL) == SQLITE_OK &&
                   sqlite3_prepare_v2(db,
                                      "SELECT verdict, COUNT(*) FROM steps WHERE run_id = ?1 AND clause = ?2 "
                                      "GROUP BY verdict ORDER BY verdict",
                                      -1, &q->decided, NULL) == SQLITE_OK &&
                   sqlite3_prepare_v2(db,
                                      "SELECT COUNT(*) FROM steps WHERE run_id = ?1 AND api = ?2 AND function = ?3 "
                                      "AND status = ?4",
                                      -1, &q->produced, NULL) == SQLITE_OK
               ? 0
               : -1;
}

/* Words of a space-separated list, one at a time: returns the next word's length (0 at the end). */
static size_t next_word(const char **p) {
    while (**p == ' ') (*p)++;
    size_t n = strcspn(*p, " ");
    return n;
}

/* Coverage of one run; appends to the JSON object impl (when json) or prints text. */
static int cover_run(queries *q, int64_t run_id, const char *impl, bool json, cJSON *jimpl, FILE *out,
                     report_coverage_totals *t) {
    int count;
    const spec_clause *clauses = spec_clause_table(&count);
    int covered = 0, strict_uncovered = 0;
    cJSON *jclauses = json ? cJSON_AddArrayToObject(jimpl, "clauses") : NULL;
    cJSON *juncovered = json ? cJSON_AddArrayToObject(jimpl, "uncovered_clauses") : NULL;
    char **uncovered_text = calloc((size_t)count, sizeof *uncovered_text);
    int uncovered_n = 0;
    if (!json) fprintf(out, "%-34s %-14s %9s  %s\n", "clause", "level", "scenarios", "verdicts (scenarios; steps decided)");
    for (int i = 0; i < count; i++) {
        const spec_clause *c = &clauses[i];
        int scen = 0, pass = 0, fail = 0, diverge = 0, other = 0;
        char steps_text[256] = "";
        cJSON *jsc = json ? cJSON_CreateArray() : NULL;
        sqlite3_reset(q->cited);
        sqlite3_bind_int64(q->cited, 1, run_id);
        sqlite3_bind_text(q->cited, 2, c->id, -1, SQLITE_STATIC);
        while (sqlite3_step(q->cited) == SQLITE_ROW) {
            const char *name = (const char *)sqlite3_column_text(q->cited, 0);
            const char *verdict = (const char *)sqlite3_column_text(q->cited, 1);
            scen++;
            if (verdict && strcmp(verdict, "PASS") == 0) pass++;
            else if (verdict && strcmp(verdict, "FAIL") == 0) fail++;
            else if (verdict && strcmp(verdict, "DIVERGE") == 0) diverge++;
            else other++;
            if (jsc) {
                cJSON *e = cJSON_CreateObject();
                cJSON_AddStringToObject(e, "scenario", name ? name : "");
                cJSON_AddStringToObject(e, "verdict", verdict ? verdict : "");
                cJSON_AddItemToArray(jsc, e);
            }
        }
        sqlite3_reset(q->decided);
        sqlite3_bind_int64(q->decided, 1, run_id);
        sqlite3_bind_text(q->decided, 2, c->id, -1, SQLITE_STATIC);
        int decided = 0;
        cJSON *jsteps = json ? cJSON_CreateObject() : NULL;
        while (sqlite3_step(q->decided) == SQLITE_ROW) {
            const char *verdict = (const char *)sqlite3_column_text(q->decided, 0);
            int n = sqlite3_column_int(q->decided, 1);
            decided += n;
            size_t len = strlen(steps_text);
            snprintf(steps_text + len, sizeof steps_text - len, "%s%d %s", len ? ", " : "", n, verdict ? verdict : "?");
            if (jsteps) cJSON_AddNumberToObject(jsteps, verdict ? verdict : "?", n);
        }
        bool is_covered = scen > 0 || decided > 0;
        covered += is_covered;
        if (!is_covered && c->level == SPEC_LEVEL_STRICT) strict_uncovered++;
        if (json) {
            cJSON *e = cJSON_CreateObject();
            cJSON_AddStringToObject(e, "id", c->id);
            cJSON_AddStringToObject(e, "level", spec_level_name(c->level));
            cJSON_AddItemToObject(e, "scenarios", jsc);
            cJSON_AddItemToObject(e, "steps", jsteps);
            cJSON_AddBoolToObject(e, "covered", is_covered);
            cJSON_AddItemToArray(jclauses, e);
            if (!is_covered) cJSON_AddItemToArray(juncovered, cJSON_CreateString(c->id));
        } else {
            char verdicts[128];
            snprintf(verdicts, sizeof verdicts, "%d PASS%s", pass, "");
            if (fail) snprintf(verdicts + strlen(verdicts), sizeof verdicts - strlen(verdicts), ", %d FAIL", fail);
            if (diverge) snprintf(verdicts + strlen(verdicts), sizeof verdicts - strlen(verdicts), ", %d DIVERGE", diverge);
            if (other) snprintf(verdicts + strlen(verdicts), sizeof verdicts - strlen(verdicts), ", %d other", other);
            fprintf(out, "%-34s %-14s %9d  %s; %s\n", c->id, spec_level_name(c->level), scen, scen ? verdicts : "-",
                    decided ? steps_text : "-");
            if (!is_covered && uncovered_text) {
                size_t need = strlen(c->id) + strlen(c->text) + 32;
                uncovered_text[uncovered_n] = malloc(need);
                if (uncovered_text[uncovered_n])
                    snprintf(uncovered_text[uncovered_n++], need, "%s (%s): %s", c->id, spec_level_name(c->level), c->text);
            }
        }
    }
    if (!json) {
        fprintf(out, "uncovered clauses: %d\n", uncovered_n);
        for (int i = 0; i < uncovered_n; i++) fprintf(out, "  %s\n", uncovered_text[i]);
    }
    for (int i = 0; i < uncovered_n; i++) free(uncovered_text[i]);
    free(uncovered_text);

    /* Error-path coverage: documented statuses no step produced. */
    int fcount;
    const spec_function *fns = spec_function_table(&fcount);
    int statuses = 0, statuses_covered = 0;
    cJSON *jmissing = json ? cJSON_AddArrayToObject(jimpl, "statuses_never_produced") : NULL;
    if (!json) fprintf(out, "documented statuses never produced:\n");
    int missing_lines = 0;
    for (int i = 0; i < fcount; i++) {
        const spec_function *fn = &fns[i];
        char missing[512] = "";
        for (const char *p = fn->documented; *p;) {
            size_t n = next_word(&p);
            if (n == 0) break;
            char status[64];
            snprintf(status, sizeof status, "%.*s", (int)n, p);
            p += n;
            statuses++;
            sqlite3_reset(q->produced);
            sqlite3_bind_int64(q->produced, 1, run_id);
            sqlite3_bind_text(q->produced, 2, spec_api_name(fn->api), -1, SQLITE_STATIC);
            sqlite3_bind_text(q->produced, 3, fn->name, -1, SQLITE_STATIC);
            sqlite3_bind_text(q->produced, 4, status, -1, SQLITE_TRANSIENT);
            bool produced = sqlite3_step(q->produced) == SQLITE_ROW && sqlite3_column_int(q->produced, 0) > 0;
            if (produced) {
                statuses_covered++;
                continue;
            }
            size_t len = strlen(missing);
            snprintf(missing + len, sizeof missing - len, "%s%s", len ? " " : "", status);
            if (jmissing) {
                cJSON *e = cJSON_CreateObject();
                cJSON_AddStringToObject(e, "function", fn->name);
                cJSON_AddStringToObject(e, "api", spec_api_name(fn->api));
                cJSON_AddStringToObject(e, "status", status);
                cJSON_AddItemToArray(jmissing, e);
            }
        }
        if (!json && missing[0]) {
            fprintf(out, "  %s:%s: %s\n", spec_api_name(fn->api), fn->name, missing);
            missing_lines++;
        }
    }
    if (!json && missing_lines == 0) fprintf(out, "  (none)\n");
    if (json) {
        cJSON *sum = cJSON_AddObjectToObject(jimpl, "summary");
        cJSON_AddNumberToObject(sum, "clauses", count);
        cJSON_AddNumberToObject(sum, "clauses_covered", covered);
        cJSON_AddNumberToObject(sum, "strict_uncovered", strict_uncovered);
        cJSON_AddNumberToObject(sum, "documented_statuses", statuses);
        cJSON_AddNumberToObject(sum, "documented_statuses_produced", statuses_covered);
    } else {
        fprintf(out, "coverage of %s (run %lld): %d/%d clauses (%.1f%%), %d strict uncovered; %d/%d documented statuses "
                     "produced (%.1f%%)\n",
                impl, (long long)run_id, covered, count, 100.0 * covered / count, strict_uncovered, statuses_covered,
                statuses, statuses ? 100.0 * statuses_covered / statuses : 100.0);
    }
    t->clauses += count;
    t->clauses_covered += covered;
    t->strict_uncovered += strict_uncovered;
    t->statuses += statuses;
    t->statuses_covered += statuses_covered;
    return 0;
}

int report_coverage(const char *db_path, int64_t run_id, bool json, FILE *out, report_coverage_totals *t, char *err,
                    size_t cap) {
    memset(t, 0, sizeof *t);
    sqlite3 *db = NULL;
    queries q = {0};
    sqlite3_stmt *runs = NULL;
    int rc = -1;
    cJSON *doc = json ? cJSON_CreateObject() : NULL;
    cJSON *jimpls = doc ? cJSON_AddArrayToObject(doc, "implementations") : NULL;
    if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        snprintf(err, cap, "%s: %s", db_path, sqlite3_errmsg(db));
        goto done;
    }
    /* One run per implementation: the given one, or each implementation's newest. */
    const char *sql = run_id ? "SELECT run_id, implementation FROM runs WHERE run_id = ?1"
                             : "SELECT MAX(run_id), implementation FROM runs GROUP BY implementation ORDER BY implementation";
    if (sqlite3_prepare_v2(db, sql, -1, &runs, NULL) != SQLITE_OK || prepare(db, &q) != 0) {
        snprintf(err, cap, "%s: not an rtshm trace database (%s)", db_path, sqlite3_errmsg(db));
        goto done;
    }
    if (run_id) sqlite3_bind_int64(runs, 1, run_id);
    while (sqlite3_step(runs) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(runs, 0);
        const char *impl = (const char *)sqlite3_column_text(runs, 1);
        char name[256];
        snprintf(name, sizeof name, "%s", impl ? impl : "?");
        t->implementations++;
        cJSON *jimpl = NULL;
        if (json) {
            jimpl = cJSON_CreateObject();
            cJSON_AddStringToObject(jimpl, "implementation", name);
            cJSON_AddNumberToObject(jimpl, "run", (double)id);
            cJSON_AddItemToArray(jimpls, jimpl);
        } else {
            fprintf(out, "%simplementation %s (run %lld)\n", t->implementations > 1 ? "\n" : "", name, (long long)id);
        }
        cover_run(&q, id, name, json, jimpl, out, t);
    }
    if (t->implementations == 0) {
        if (run_id) snprintf(err, cap, "%s: no run %lld in this trace database", db_path, (long long)run_id);
        else snprintf(err, cap, "%s: no runs in this trace database", db_path);
        goto done;
    }
    if (doc) {
        char *text = trace_canonical_json(doc);
        fprintf(out, "%s\n", text ? text : "{}");
        free(text);
    }
    rc = 0;
done:
    cJSON_Delete(doc);
    sqlite3_finalize(runs);
    finalize(&q);
    sqlite3_close(db);
    return rc;
}

void report_spec_list(FILE *out, bool json) {
    int count;
    const spec_clause *clauses = spec_clause_table(&count);
    if (!json) {
        for (int i = 0; i < count; i++)
            fprintf(out, "%-34s %-14s %-7s %s\n    %s\n", clauses[i].id, spec_level_name(clauses[i].level), clauses[i].api,
                    clauses[i].source, clauses[i].text);
        fprintf(out, "%d clauses\n", count);
        return;
    }
    cJSON *doc = cJSON_CreateObject();
    cJSON *jc = cJSON_AddArrayToObject(doc, "clauses");
    for (int i = 0; i < count; i++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "id", clauses[i].id);
        cJSON_AddStringToObject(e, "api", clauses[i].api);
        cJSON_AddStringToObject(e, "level", spec_level_name(clauses[i].level));
        cJSON_AddStringToObject(e, "text", clauses[i].text);
        cJSON_AddStringToObject(e, "source", clauses[i].source);
        cJSON_AddItemToArray(jc, e);
    }
    int fcount;
    const spec_function *fns = spec_function_table(&fcount);
    cJSON *jf = cJSON_AddArrayToObject(doc, "functions");
    for (int i = 0; i < fcount; i++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "api", spec_api_name(fns[i].api));
        cJSON_AddStringToObject(e, "name", fns[i].name);
        cJSON_AddStringToObject(e, "clause", fns[i].clause);
        cJSON_AddStringToObject(e, "status_family", spec_family_name(fns[i].status_family));
        cJSON *params = cJSON_AddArrayToObject(e, "parameters");
        for (int k = 0; k < fns[i].param_count; k++) cJSON_AddItemToArray(params, cJSON_CreateString(fns[i].params[k].name));
        cJSON_AddStringToObject(e, "documented_statuses", fns[i].documented);
        cJSON_AddStringToObject(e, "model_statuses", fns[i].model);
        cJSON_AddItemToArray(jf, e);
    }
    char *text = trace_canonical_json(doc);
    fprintf(out, "%s\n", text ? text : "{}");
    free(text);
    cJSON_Delete(doc);
}
