/* traces/src/query_int.h — what the reader's files (query.c, query_steps.c) share, private to traces/.
 *
 * A reader keeps one prepared statement per query (enum query_id), prepared on first use. A visitor
 * takes its statement with query__begin (reset, bindings cleared, marked busy so a callback cannot
 * restart it under the visitor's feet) and gives it back with query__end. The SQL of every query is in
 * query.c's table, beside this enum's order. */
#ifndef TRACES_QUERY_INT_H
#define TRACES_QUERY_INT_H

#include <sqlite3.h>
#include <stdbool.h>

#include "traces/query.h"

enum query_id {
    Q_RUN_BY_ID,
    Q_RUN_NEWEST,
    Q_RUNS_NEWEST_PER_IMPLEMENTATION,
    Q_SCENARIOS,
    Q_VERDICT_COUNTS,
    Q_STEPS_FAILING,
    Q_STEPS_JUDGED,
    Q_SCENARIO_STEPS,
    Q_SCENARIO_FINDINGS,
    Q_FINDING_COUNT,
    Q_STATUS_COUNTS,
    Q_CLAUSE_CITATIONS,
    Q_CLAUSE_VERDICTS,
    Q_STATUS_PRODUCED,
    Q_RUNS_NEWEST_TWO,
    Q_COUNT
};

struct trace_reader {
    sqlite3 *db;
    sqlite3_stmt *stmt[Q_COUNT];
    bool busy[Q_COUNT];
    char errmsg[256];
};

/* The statement of query id, ready to bind and step; NULL when it cannot be prepared or is in use by a
 * visitor that is still running (the reason is in r->errmsg). */
sqlite3_stmt *query__begin(trace_reader *r, enum query_id id);

/* Ends a visit of query id: records SQLite's message when rc is -1, resets the statement, clears its
 * bindings and marks it free. Returns rc. */
int query__end(trace_reader *r, enum query_id id, int rc);

/* Column i of s as text; NULL for SQL NULL. */
const char *query__text(sqlite3_stmt *s, int i);

#endif
