/* traces/canon.h — canonical JSON: compact, object keys sorted bytewise, integers without fraction or
 * exponent, strings escaped the same way every time. The form of `args` and `expected` in the trace
 * and of every exported line, so equal values always give equal bytes. */
#ifndef TRACES_CANON_H
#define TRACES_CANON_H

#include <cjson/cJSON.h>

/* A new string (caller frees) holding the canonical JSON of item, or NULL when memory runs out. A raw item
 * (cJSON_CreateRaw) is written as its text: the caller gives it only for an integer's exact decimal digits
 * where a double would round (past 2^53). */
char *trace_canonical_json(const cJSON *item);

#endif
