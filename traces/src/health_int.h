/* traces/src/health_int.h — the check of traces/health.h on a handle the caller opened read-only itself
 * (the reader and the export stream check the connection they then read through). Private to traces/. */
#ifndef TRACES_HEALTH_INT_H
#define TRACES_HEALTH_INT_H

#include <sqlite3.h>

#include "traces/health.h"

/* trace_check_file's verdict on the open handle db of the file at path (named in err). */
trace_health trace__check_handle(sqlite3 *db, const char *path, bool quick_check, int *schema_version, char *err,
                                 size_t cap);

#endif
