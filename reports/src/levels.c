/* reports/src/levels.c — per-level scenario counts for `rtshm validate`. One pass over the run's
 * judged steps in scenario order (a prepared statement); memory is per scenario, not per trace. */
#include "reports/levels.h"

#include <sqlite3.h>
#include <string.h>

#include "spec/clauses.h"

static int rank(const char *verdict) {
    if (strcmp(verdict, "FAIL") == 0) return 3;
    if (strcmp(verdict, "DIVERGE") == 0) return 2;
    return 1; /* PASS */
}

static void flush(report_level_counts *c, const int worst[4]) {
    for (int l = 0; l < 4; l++) {
        if (worst[l] == 3) c->fail[l]++;
        else if (worst[l] == 2) c->diverge[l]++;
        else if (worst[l] == 1) c->pass[l]++;
    }
}

int report_levels(const char *db_path, int64_t run_id, FILE *out, report_level_counts *c, char *err, size_t cap) {
    memset(c, 0, sizeof *c);
    sqlite3 *db = NULL;
    sqlite3_stmt *steps = NULL, *scen = NULL;
    int rc = -1;
    if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "SELECT scenario, verdict, clause FROM steps WHERE run_id = ?1 AND verdict IN "
                           "('PASS','FAIL','DIVERGE') ORDER BY scenario, seq",
                           -1, &steps, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "SELECT verdict, COUNT(*) FROM scenarios WHERE run_id = ?1 GROUP BY verdict", -1, &scen,
                           NULL) != SQLITE_OK) {
        snprintf(err, cap, "%s: %s", db_path, sqlite3_errmsg(db));
        goto done;
    }
    sqlite3_bind_int64(steps, 1, run_id);
    char current[1024] = "";
    int worst[4] = {0, 0, 0, 0};
    while (sqlite3_step(steps) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(steps, 0);
        const char *verdict = (const char *)sqlite3_column_text(steps, 1);
        const spec_clause *clause = spec_clause_find((const char *)sqlite3_column_text(steps, 2));
        if (name == NULL || verdict == NULL) continue;
        if (strcmp(name, current) != 0) {
            flush(c, worst);
            memset(worst, 0, sizeof worst);
            snprintf(current, sizeof current, "%s", name);
        }
        int level = clause ? (int)clause->level : (int)SPEC_LEVEL_STRICT;
        if (rank(verdict) > worst[level]) worst[level] = rank(verdict);
    }
    flush(c, worst);
    sqlite3_bind_int64(scen, 1, run_id);
    while (sqlite3_step(scen) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(scen, 0);
        long n = sqlite3_column_int64(scen, 1);
        c->scenarios += n;
        if (v == NULL) continue;
        if (strcmp(v, "PASS") == 0) c->scen_pass += n;
        else if (strcmp(v, "FAIL") == 0) c->scen_fail += n;
        else if (strcmp(v, "DIVERGE") == 0) c->scen_diverge += n;
        else if (strcmp(v, "SKIP") == 0) c->scen_skip += n;
        else if (strcmp(v, "CRASH") == 0) c->scen_crash += n;
        else if (strcmp(v, "TIMEOUT") == 0) c->scen_timeout += n;
        else c->scen_error += n;
    }
    fprintf(out, "%-15s %6s %8s %6s\n", "level", "pass", "diverge", "fail");
    for (int l = 0; l < 4; l++)
        fprintf(out, "%-15s %6ld %8ld %6ld\n", spec_level_name((spec_level)l), c->pass[l], c->diverge[l], c->fail[l]);
    fprintf(out, "scenarios: %ld: %ld PASS, %ld FAIL, %ld DIVERGE, %ld SKIP, %ld CRASH, %ld TIMEOUT, %ld ERROR\n",
            c->scenarios, c->scen_pass, c->scen_fail, c->scen_diverge, c->scen_skip, c->scen_crash, c->scen_timeout,
            c->scen_error);
    rc = 0;
done:
    sqlite3_finalize(steps);
    sqlite3_finalize(scen);
    sqlite3_close(db);
    return rc;
}
