/* conformance/cli/expectfile.h — an expectation file (`rtshm run --expect FILE`, format in
 * conformance/EXPECTATIONS.md, schema conformance/rtshm-expectations.schema.json): what one
 * implementation is known to do differently, entry by entry, each keyed by a scenario id or glob and
 * optionally a step, with the verdict expected, a reason and an optional link.
 *
 * Loading is all or nothing: the first problem is printed as "FILE:LINE:COL: JSON.PATH: what was
 * expected, found what" and the file is refused (exit 2 before anything runs). Which entry applies to a
 * scenario (or to one of its steps): an entry whose pattern is the id itself before any glob; among
 * globs, the first in file order. */
#ifndef CLI_EXPECTFILE_H
#define CLI_EXPECTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CLI_EXPECT_FORMAT "rtshm-expectations/1"
#define CLI_EXPECT_MAX_ENTRIES 100000
#define CLI_EXPECT_MAX_PATTERN 256  /* bytes of a scenario id or glob */
#define CLI_EXPECT_MAX_REASON 4096  /* bytes of a reason */
#define CLI_EXPECT_MAX_LINK 2048    /* bytes of a link */
#define CLI_EXPECT_MAX_STEP 1000000 /* the highest step index an entry may name */

typedef struct cli_expect_entry {
    char *scenario;        /* the id or glob (fnmatch) as written */
    bool glob;             /* it holds *, ? or [ */
    bool has_step;         /* false: about the whole scenario */
    int64_t step;
    char *verdict;         /* FAIL, DIVERGE, ERROR, CRASH, TIMEOUT, SKIP, FLAKY (a step: FAIL, DIVERGE, FLAKY) */
    char *reason, *link;   /* link NULL when none */
    int64_t matched;       /* scenarios (or steps) of the judged run it applied to */
} cli_expect_entry;

typedef struct cli_expectations {
    char *path;           /* as given */
    char *implementation; /* the implementation the file is for; NULL: any */
    cli_expect_entry *entries;
    size_t count;
} cli_expectations;

/* True when verdict may be expected of a scenario (step: of a step). */
bool cli_expect_verdict_ok(const char *verdict, bool step);

/* Loads and checks the file at path into *out. Returns 0; or, after printing why on stderr,
 * RTSHM_EXIT_INPUT (bad file) or RTSHM_EXIT_INTERNAL (out of memory). *out is then empty. */
int cli_expectations_load(const char *path, cli_expectations *out);
void cli_expectations_free(cli_expectations *x);

/* cli_expectations_load, then refuses (RTSHM_EXIT_INPUT, saying why, *out emptied) a file whose
 * "implementation" is not implementation, the name of the one about to run. */
int cli_expectations_load_for(const char *path, const char *implementation, cli_expectations *out);

/* The entry of x without a step that applies to scenario id (see above), or NULL. */
cli_expect_entry *cli_expect_for_scenario(const cli_expectations *x, const char *id);

/* The entry of x for step of scenario id, or NULL. */
cli_expect_entry *cli_expect_for_step(const cli_expectations *x, const char *id, int64_t step);

#endif
