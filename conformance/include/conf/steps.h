/* conf/steps.h — a scenario's steps in file order, whether held or streamed from the file.
 *
 * A scenario loaded from a small file holds its steps (sc->steps). One loaded from a file larger than
 * CONF_HOLD_FILE_BYTES keeps only where its steps begin; every pass over them parses them again from
 * the file, one at a time, so memory stays flat whatever the number of steps. Its loader validated
 * every step already, so a pass fails only when the file changed since it was loaded (or cannot be
 * read any more). The reader hides the difference from the runner and everyone else.
 *
 * Ownership: the reader owns the step it returns; it stays valid until the next call or close. */
#ifndef CONF_STEPS_H
#define CONF_STEPS_H

#include <stdbool.h>
#include <stddef.h>

#include "conf/scenario.h"

typedef struct conf_step_reader conf_step_reader;

/* Starts a pass over sc's steps (sc must outlive the reader). Returns 0, or -1 with a message in err. */
int conf_steps_open(const conf_scenario *sc, conf_step_reader **out, char *err, size_t err_cap);

/* The next step into *step: returns 1, 0 at the end, or -1 with a message in err (the file changed
 * or cannot be read). */
int conf_steps_next(conf_step_reader *r, const conf_step **step, char *err, size_t err_cap);

void conf_steps_close(conf_step_reader *r);

/* Step index of sc, described for a message ("RtCreateSharedMemory", "event", "read", "write") into
 * buf; false when there is no such step or it cannot be read. A held scenario answers at once, a
 * streamed one reads up to the step (a cold path: crash and timeout messages). */
bool conf_steps_describe(const conf_scenario *sc, int index, char *buf, size_t cap);

/* Frees what a parsed step owns (argument strings, data, expectation) and zeroes it. */
void conf_step_release(conf_step *st);

#endif
