/* conformance/cli/explore_record.h — recording an `rtshm explore` run in a trace database.
 *
 * Three tables of the explorer's own, made with CREATE TABLE IF NOT EXISTS beside the trace schema
 * (traces/TRACE-SCHEMA.md, "Explore tables"): explore_runs (one row per run: implementation, seed,
 * arguments, totals, exit code), explore_scenarios (one row per generated scenario: its seed, how it
 * ended, and when it diverged its completed text) and explore_shrunk (each shrunk file: path, text,
 * steps before and after, candidates judged). Nothing timed is recorded: the rows are a function of the
 * seed and the options. The run is one transaction, committed by explore_record_close. */
#ifndef CLI_EXPLORE_RECORD_H
#define CLI_EXPLORE_RECORD_H

#include <stdint.h>

#include "conf/explore.h"

typedef struct explore_record explore_record;

/* Opens (creating) the trace at path, adds the tables when missing and starts the run's row. Returns 0,
 * or -1 after printing why. */
int explore_record_open(const char *path, int argc, char **argv, const char *impl, uint64_t seed, explore_record **out);

/* One generated scenario: its number, seed, divergence (none: PASS) and completed text (kept only when it
 * diverged). Errors are kept and reported by explore_record_close. */
void explore_record_scenario(explore_record *r, uint64_t number, uint64_t seed, const ex_divergence *div,
                             const char *completed);

/* One shrunk scenario written to path. */
void explore_record_shrunk(explore_record *r, uint64_t number, const ex_divergence *div, const char *path,
                           const char *text, int steps_before, int steps_after, int candidates);

/* Finishes the run's row (exit code and totals), commits and closes. Returns 0, or -1 after printing
 * why (nothing of the run is kept then). */
int explore_record_close(explore_record *r, int exit_code, uint64_t scenarios, uint64_t steps, uint64_t diverged);

#endif
