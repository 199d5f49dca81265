/* spec/clauses.h — the clause catalogue as data: every numbered requirement rtshm models and checks.
 *
 * Rows come from two tables: clauses_vendor.def, generated from spec/CLAUSES.md by
 * scripts/gen-clauses.py (do not edit by hand), and clauses_model.def, the clauses rtshm adds where
 * the catalogue is silent (documented in spec/README.md, every one of level `model`). The model cites
 * these IDs in comments and outcomes, the validator rejects unknown IDs, and the checker reads levels. */
#ifndef SPEC_CLAUSES_H
#define SPEC_CLAUSES_H

#include <stdbool.h>

typedef enum spec_level {
    SPEC_LEVEL_STRICT = 0,      /* condition and outcome documented: a difference is FAIL */
    SPEC_LEVEL_DOCUMENTED_SET,  /* failure documented, exact status not: DIVERGE within the documented set */
    SPEC_LEVEL_MODEL,           /* docs silent or contradictory; the model chooses: DIVERGE */
    SPEC_LEVEL_HAZARD           /* documented misuse: a finding, no verdict */
} spec_level;

typedef struct spec_clause {
    const char *id;      /* "IWIN32.CREATE.EXISTS" */
    const char *api;     /* "iwin32", "ntx", "rt", "rtx64", "rtk", "mem", "sim" */
    spec_level level;
    const char *text;    /* the requirement in one sentence */
    const char *source;  /* "seed:002", "vendor: ...", "win32: ...", "design", "rtshm" */
} spec_clause;

/* The clause with exactly this ID, or NULL. */
const spec_clause *spec_clause_find(const char *id);

/* "strict", "documented-set", "model", "hazard". */
const char *spec_level_name(spec_level level);

/* The whole catalogue (vendor rows first, then rtshm's), *count receives its length. */
const spec_clause *spec_clause_table(int *count);

/* Failure and status apart (CLAUSES.md, "Failure and status parts"): when id is either part of a pair,
 * stores the failure clause (strict or documented-set) and the status clause (model) and returns true;
 * false when id belongs to no pair. */
bool spec_clause_parts(const char *id, const spec_clause **failure, const spec_clause **status);

/* The pairs by index (0 .. spec_clause_part_count() - 1): returns the failure ID and stores the status
 * ID in *status; NULL past the end. */
int spec_clause_part_count(void);
const char *spec_clause_part_at(int index, const char **status);

#endif
