/* traces/src/reader.c — reading back what a run recorded (totals for summaries and reports). */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "traces/trace.h"

/* The sqlite3 handle of an open trace (writer.c keeps the struct private; this is its one accessor). */
sqlite3 *trace__handle(trace_db *db);

int trace_read_totals(trace_db *db, int64_t run_id, trace_run_totals *out) {
    static const char sql[] =
        "SELECT COUNT(*),"
        " SUM(verdict = 'PASS'), SUM(verdict = 'FAIL'), SUM(verdict = 'DIVERGE'), SUM(verdict = 'ERROR'),"
        " SUM(verdict = 'CRASH'), SUM(verdict = 'TIMEOUT'), SUM(verdict = 'SKIP'), SUM(steps),"
        " (SELECT COUNT(*) FROM findings WHERE run_id = ?1),"
        " (SELECT state FROM runs WHERE run_id = ?1)"
        " FROM scenarios WHERE run_id = ?1";
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = NULL;
    sqlite3 *h = trace__handle(db);
    int rc = sqlite3_prepare_v2(h, sql, -1, &s, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(s, 1, run_id);
        rc = sqlite3_step(s);
    }
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(s);
        return -1;
    }
    int64_t *fields[] = {&out->scenarios, &out->pass, &out->fail, &out->diverge, &out->error,
                         &out->crash, &out->timeout, &out->skip, &out->steps, &out->findings};
    for (int i = 0; i < 10; i++) *fields[i] = sqlite3_column_int64(s, i);
    const unsigned char *state = sqlite3_column_text(s, 10);
    snprintf(out->state, sizeof out->state, "%s", state ? (const char *)state : "");
    sqlite3_finalize(s);
    return 0;
}
