/* traces/src/diff_opaque.h — opaque values compared through a one-to-one correspondence (private to
 * traces/: the differ, diff.c).
 *
 * A step record whose `opaque` field lists some of its fields ("ret", "args.<name>") holds values that
 * are real addresses of the backend: they differ from run to run and mean only "the same object as
 * before". Each side numbers its opaque values in the order it first sees them within a scenario, and
 * a record is compared with each such value replaced by its number ("opaque#1"): the first opaque value
 * of one side pairs with the first of the other, and a later value that breaks the pairing (a value
 * paired with another, or a new one against a known one) is a difference. The record's `detail`, which
 * quotes the values the checker judged ("got 0x7afb000004"), gets the same replacement. */
#ifndef TRACES_DIFF_OPAQUE_H
#define TRACES_DIFF_OPAQUE_H

#include <cjson/cJSON.h>
#include <stddef.h>

/* One side's numbering within the current scenario. Zeroed: empty. */
typedef struct diff_opaque {
    char **values;        /* open-addressing table of the values seen */
    size_t *numbers;      /* their numbers, from 1 */
    size_t cap, count;
    int failed;           /* out of memory */
    int reset_pending;    /* a scenario record was read: forget the values at the next step record */
} diff_opaque;

/* Forgets every value (a new scenario starts; diff.c marks reset_pending at its record, so that the
 * values stay known until its header has been compared). */
void diff_opaque_reset(diff_opaque *m);
void diff_opaque_free(diff_opaque *m);

/* The canonical text of record `line` with its opaque values replaced by their numbers, allocated; NULL
 * when the record has no `opaque` field (compare it as it is) — or when out of memory, with m->failed
 * set. */
char *diff_opaque_normalize(diff_opaque *m, const char *line);

/* The canonical text of scenario record `scenario` with the opaque values this side met in the
 * scenario's steps replaced by their numbers in its `message` (which quotes the first failing step's
 * detail); NULL when there is nothing to replace (or out of memory, m->failed set). Called after the
 * scenario's steps were read: the values are known only then. */
char *diff_opaque_normalize_message(diff_opaque *m, const cJSON *scenario);

#endif
