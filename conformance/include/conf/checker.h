/* conf/checker.h — judging a step's outcome against its `expect` (CLAUSES.md "Levels").
 *
 * A verdict is decided only by comparing the outcome with the expectation; nothing else. When they
 * differ, the clause behind the outcome decides how much it matters: strict -> FAIL; documented-set
 * -> DIVERGE when the actual status is another documented failure, FAIL when the call succeeded;
 * model -> DIVERGE; hazard -> no verdict. A status outside the function's documented (and
 * catalogue-chosen) list is always FAIL, recorded as "undocumented status" in the detail. Whether a call
 * succeeded is the status table's SUCCESS column (spec_status_is_success). */
#ifndef CONF_CHECKER_H
#define CONF_CHECKER_H

#include <stddef.h>
#include <stdint.h>

#include "conf/backend.h"
#include "conf/scenario.h"

/* CONF_SKIP is never the checker's: the runner gives it to a step whose expectation rested on skipped
 * steps (conformance/src/runner.c, run_prov.h). */
typedef enum conf_verdict { CONF_NONE = 0, CONF_PASS, CONF_DIVERGE, CONF_FAIL, CONF_SKIP } conf_verdict;

/* The comparisons of a step with its expect that failed (conf_check.mismatches). */
enum conf_mismatch {
    CONF_MISMATCH_RETURN = 1u << 0,     /* expect.return (calls) */
    CONF_MISMATCH_STATUS = 1u << 1,     /* expect.status (calls) */
    CONF_MISMATCH_LAST_ERROR = 1u << 2, /* expect.last_error (calls), or no last error reported */
    CONF_MISMATCH_FAULT = 1u << 3,      /* expect.fault (memory steps) */
    CONF_MISMATCH_DATA = 1u << 4,       /* expect.data (reads; a faulting read differs) */
    CONF_MISMATCH_OUTPUT = 1u << 5      /* an output parameter's value (the runner's correspondence of opaque
                                           values, SIM.OPAQUE.BIJECTION: no `expect` field names outputs) */
};

typedef struct conf_check {
    conf_verdict verdict;
    const char *clause;   /* the clause that decided (or explains) the verdict, or NULL */
    unsigned mismatches;  /* CONF_MISMATCH_* bits; 0 when everything expected matched or nothing was expected */
    char detail[768];     /* "" unless FAIL/DIVERGE (or a mismatch under a hazard clause) */
} conf_check;

/* "PASS", "FAIL", "DIVERGE", "SKIP", "NONE". */
const char *conf_verdict_name(conf_verdict v);

/* The name of a status, or NULL when the family has no such code (then callers print the number). */
const char *conf_status_name(spec_family family, uint32_t status);

/* Judges step st (any kind) given its outcome, the data a read returned (NULL otherwise) and the
 * variables' values before the step. */
void conf_check_step(const conf_step *st, const conf_outcome *o, const unsigned char *read_data,
                     const uint64_t *var_values, const conf_scenario *sc, conf_check *res);

#endif
