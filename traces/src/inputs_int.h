/* traces/src/inputs_int.h — reading a run's identity (traces/inputs.h) through any SQLite handle (merge.c
 * reads its inputs' runs through read-only connections of its own). Private to traces/. */
#ifndef TRACES_INPUTS_INT_H
#define TRACES_INPUTS_INT_H

#include <sqlite3.h>

#include "traces/inputs.h"

/* trace_read_identity on the handle h: 0, 1 when there is no such run, -1 (sqlite3_errmsg(h) says why). A
 * database without run_inputs (a trace older than it) is read as has_inputs false. */
int trace__read_identity(sqlite3 *h, int64_t run_id, trace_run_identity *out);

#endif
