/* reports/src/report_int.h — what the report renderers share, private to reports/.
 *
 *  - the per-clause coverage walk (coverage_walk.c), behind both `rtshm spec --coverage` and the reports;
 *  - the report data (report_data.c, with report_data_coverage.c, report_data_baseline.c,
 *    report_data_expect.c and report_data_explore.c; their shared loader helpers are in
 *    report_data_int.h): everything the four formats need, loaded once from the trace (run header,
 *    totals, scenarios, failing steps, status counts, clause coverage, the baseline's verdicts, the
 *    exploration shown beside the run); a scenario's steps are streamed from the still-open database on
 *    demand;
 *  - text helpers (report_text.c): a growable buffer, HTML/XML/Markdown escaping, UTF-8 cleaning, and
 *    the wording shared by the formats (a failing step's one-line text, expected and actual).
 *
 * Invariants: every list is in a deterministic order (scenario id bytewise, then seq; the catalogue's
 * order; api, function, status; an exploration's rows by scenario number) and nothing here reads the
 * clock. Strings owned by report__data are freed by report__data_free. Internal names carry the
 * double-underscore prefix (`report__`). */
#ifndef REPORTS_REPORT_INT_H
#define REPORTS_REPORT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "reports/report.h"
#include "traces/query.h"
#include "traces/strbuf.h"
#include "spec/clauses.h"
#include "spec/functions.h"

/* ---- coverage walk (coverage_walk.c) ----------------------------------------------------------- */

typedef struct report__cited {
    const char *scenario, *verdict; /* verdict NULL when the scenario row has none */
} report__cited;

typedef struct report__decided {
    const char *verdict; /* a step verdict (PASS, FAIL, DIVERGE, NONE), NULL when the row has none */
    int count;
} report__decided;

/* One clause of the catalogue and what a run did with it. */
typedef struct report__clause_cov {
    const spec_clause *clause;
    const report__cited *cited; /* scenarios citing it (scenario_clauses), by scenario id */
    int cited_count;
    int pass, fail, diverge, other;   /* verdicts of those scenarios */
    const report__decided *decided;   /* steps whose outcome it decided, by verdict (sorted) */
    int decided_count, decided_total; /* entries in decided; steps in all */
    bool covered;                     /* cited by a scenario or deciding a step */
} report__clause_cov;

/* One documented status of one function (spec_function.documented, in the table's order). */
typedef struct report__status_cov {
    const spec_function *fn;
    const char *status;
    bool produced; /* some step of the run called fn (same api) and produced it */
} report__status_cov;

/* Callbacks of report__coverage_walk. Pointers they receive live until the callback returns. A non-zero
 * return stops the walk, which returns that value. Either callback may be NULL (its part is skipped). */
typedef struct report__coverage_cb {
    int (*clause)(void *ctx, const report__clause_cov *c);
    int (*status)(void *ctx, const report__status_cov *s);
    void *ctx;
} report__coverage_cb;

/* Walks run_id of the open trace: every clause of the catalogue in catalogue order, then every
 * documented status of every function in table order. Returns 0, a callback's non-zero value, or -1
 * when reading the trace fails or memory runs out (the reader's message or "out of memory" in err). */
int report__coverage_walk(trace_reader *reader, int64_t run_id, const report__coverage_cb *cb, char *err, size_t cap);

/* ---- report data (report_data.c, report_data_coverage.c, report_data_baseline.c) --------------- */

/* Scenario verdicts in the order the reports show them; REPORT__VERDICT_COUNT for anything else. */
enum { REPORT__PASS, REPORT__FAIL, REPORT__DIVERGE, REPORT__ERROR, REPORT__CRASH, REPORT__TIMEOUT, REPORT__SKIP,
       REPORT__VERDICT_COUNT };
extern const char *const report__verdict_names[REPORT__VERDICT_COUNT];
int report__verdict_index(const char *verdict); /* REPORT__VERDICT_COUNT when NULL or unknown */
bool report__is_failure(const char *verdict);  /* FAIL or DIVERGE */

/* What a scenario did relative to the baseline (REPORT__CHANGE_NONE without one). */
typedef enum report__change {
    REPORT__CHANGE_NONE = 0,
    REPORT__CHANGE_NEW,   /* FAIL/DIVERGE now; PASS, absent or anything else but FAIL/DIVERGE in the baseline */
    REPORT__CHANGE_STILL, /* FAIL/DIVERGE now and in the baseline */
    REPORT__CHANGE_FIXED, /* PASS now; FAIL/DIVERGE in the baseline */
    REPORT__CHANGE_SAME   /* any other combination */
} report__change;
const char *report__change_name(report__change c); /* "new", "still", "fixed", "same", NULL for NONE */

typedef struct report__run {
    int64_t id;
    char *tool_version, *implementation, *argv, *started_at, *state;
    uint64_t seed;
} report__run;

typedef struct report__totals {
    int64_t scenarios, verdicts[REPORT__VERDICT_COUNT], other; /* other: a verdict outside the list */
    int64_t steps, findings;
} report__totals;

/* How a scenario went against the run's expectation file (report_data_expect.c). */
typedef enum report__outcome {
    REPORT__OUTCOME_NONE = 0,        /* the run had no expectation file */
    REPORT__OUTCOME_PASS,            /* PASS or SKIP, nothing expected */
    REPORT__OUTCOME_EXPECTED,        /* deviated as an entry says */
    REPORT__OUTCOME_UNEXPECTED_PASS, /* an entry expected a deviation; it passed */
    REPORT__OUTCOME_UNEXPECTED       /* deviated otherwise, or with no entry */
} report__outcome;
const char *report__outcome_name(report__outcome o); /* "pass", "expected", ...; NULL for NONE */

/* A scenario's status class, what the reports colour and count by: success (PASS, SKIP, or an expected
 * deviation's pass), expected (a deviation the expectation file expects), unexpected (any other
 * deviation, or an unexpected pass). Without an expectation file every deviation is unexpected. */
typedef enum report__class { REPORT__CLASS_SUCCESS, REPORT__CLASS_EXPECTED, REPORT__CLASS_UNEXPECTED } report__class;

typedef struct report__scenario {
    char *id, *path, *verdict, *message;
    int64_t steps;
    report__change change;
    char *baseline_verdict; /* NULL without a baseline or when the baseline has no such scenario */
    bool has_duration;      /* wall clock (schema version 3) */
    int64_t duration_us;
    report__outcome outcome;
    char *expected, *expect_reason, *expect_link; /* the scenario entry's verdict, reason, link (or NULL) */
} report__scenario;

report__class report__scenario_class(const report__scenario *sc);

/* An entry of the run's expectation file. */
typedef struct report__expect_entry {
    char *scenario, *verdict, *reason, *link;
    bool has_step;
    int64_t step, matched;
} report__expect_entry;

/* A FAIL or DIVERGE step; or, for a FAIL/DIVERGE scenario that has no such step, the scenario alone
 * (has_step false; only scenario is set). */
typedef struct report__failure {
    size_t scenario; /* index into report__data.scenarios */
    bool has_step;
    int64_t seq, step, vtime_us;
    char *process, *kind, *api, *function, *args, *ret, *status, *last_error, *expected, *verdict, *clause, *detail;
} report__failure;

typedef struct report__status_count {
    char *api, *function, *status; /* status NULL when the steps recorded none */
    bool failing;                  /* the steps' verdict was FAIL or DIVERGE */
    int64_t count;
} report__status_count;

typedef struct report__clause_row {
    const spec_clause *clause;
    report__cited *cited; /* owned copies */
    int cited_count;
    int pass, fail, diverge, other;
    int decided_pass, decided_fail, decided_diverge, decided_other, decided_total;
    bool covered;
} report__clause_row;

typedef struct report__api_coverage {
    const char *api; /* a clause's or function's api name, static */
    int clauses, clauses_covered, strict_uncovered, statuses, statuses_produced;
} report__api_coverage;

typedef struct report__coverage {
    report__clause_row *rows; /* the catalogue, in its order */
    int row_count;
    report__api_coverage apis[16]; /* in order of first appearance in the catalogue, then functions */
    int api_count;
    int clauses, clauses_covered, strict_uncovered, statuses, statuses_produced;
    const char **uncovered; /* ids of uncovered clauses, catalogue order (point into the catalogue) */
    int uncovered_count;
} report__coverage;

typedef struct report__baseline {
    report__run run;
    report__totals totals;
    bool same_db;
    int new_failures, still_failing, fixed;
    int clauses, clauses_covered, statuses, statuses_produced; /* its coverage, for the change since */
    char **gone_ids;      /* FAIL/DIVERGE in the baseline and absent now, by id */
    char **gone_verdicts; /* their baseline verdicts */
    size_t gone_count;
} report__baseline;

/* Explorations (`rtshm explore --db`, report_data_explore.c): at most this many divergences and shrunk
 * files are loaded per exploration; the counts say how many there are. */
#define REPORT__EXPLORE_MAX_DIVERGENCES 1000
#define REPORT__EXPLORE_MAX_SHRUNK 1000

/* A generated scenario that diverged. */
typedef struct report__explore_divergence {
    int64_t number;
    char *seed, *verdict, *function, *clause, *message; /* NULL when not recorded */
    bool has_step;
    int64_t step, fields; /* fields: bits, report__explore_fields_text */
} report__explore_divergence;

/* A shrunk scenario file. */
typedef struct report__explore_shrunk {
    int64_t number;
    char *verdict, *clause, *function, *path;
    int64_t fields, steps_before, steps_after, candidates;
    const char *run_scenario; /* the reported run's scenario whose path is this file (points into it), or NULL */
} report__explore_shrunk;

/* The exploration the report shows: its explore_runs row and what it recorded. */
typedef struct report__explore {
    int64_t id;
    char *tool_version, *implementation, *seed, *args, *state;
    bool has_exit_code;
    int64_t exit_code, scenarios, steps, diverged; /* as the run recorded them at its end */
    int64_t recorded, divergence_rows, shrunk_rows; /* rows of explore_scenarios, those that diverged, explore_shrunk */
    int64_t in_trace;                               /* explorations in the trace */
    report__explore_divergence *divergences;        /* by number; at most REPORT__EXPLORE_MAX_DIVERGENCES */
    size_t divergence_count;
    report__explore_shrunk *shrunk; /* by number; at most REPORT__EXPLORE_MAX_SHRUNK */
    size_t shrunk_count;
} report__explore;

/* "status+last_error" from the fields bits (1 return, 2 status, 4 last_error, 8 fault, 16 data), as explore
 * prints them; "outcome" for 0. Writes into buf. */
const char *report__explore_fields_text(int64_t fields, char *buf, size_t cap);

/* The shrunk file of divergence number n, or NULL. */
const report__explore_shrunk *report__explore_shrunk_of(const report__explore *e, int64_t number);

typedef struct report__data {
    trace_reader *reader; /* open until report__data_free: steps are streamed from it */
    bool has_run;         /* false: the trace holds explorations and no run; only has_explore is shown */
    report__run run;
    report__totals totals;
    int64_t not_run;        /* scenarios the run selected and did not record (an interrupted run) */
    int64_t scenarios_failed; /* scenarios whose verdict is neither PASS nor SKIP */
    bool has_expect;        /* the run was judged against an expectation file */
    int64_t outcomes[5];    /* scenarios per report__outcome */
    report__expect_entry *expect_entries; /* in file order */
    size_t expect_entry_count;
    const char *expect_file; /* as named on the command line (points into the first entry's copy) */
    char *expect_file_owned;
    report_diverge diverge;  /* JUnit's DIVERGE mapping, resolved (never REPORT_DIVERGE_DEFAULT) */
    size_t html_step_budget; /* resolved: never 0 */
    report__scenario *scenarios; /* by id */
    size_t scenario_count;
    report__failure *failures; /* with a baseline: new ones first; then scenario order, seq */
    size_t failure_count;
    report__status_count *status_counts; /* by api, function, status, passing before failing */
    size_t status_count_count;
    report__coverage coverage;
    bool has_baseline;
    report__baseline baseline;
    bool has_explore; /* an exploration is shown (report_options.explore_run) */
    report__explore explore;
} report__data;

/* Loads what the reports need from o->db (run o->run_id, 0 = the newest) and the baseline the options
 * name. Returns 0; -1 on bad input (missing file, not a trace database, no such run) or -2 on an
 * internal failure (SQLite, memory), with a message in err. On failure nothing is left to free. */
int report__data_load(const report_options *o, report__data *d, char *err, size_t cap);
void report__data_free(report__data *d);

/* The scenario with this id, or NULL. */
const report__scenario *report__data_scenario(const report__data *d, const char *id);

/* One recorded step and one finding, as the streaming iterator hands them out (strings live until the
 * callback returns): the rows traces/query.h reads. */
typedef trace_step_row report__step;
typedef trace_finding_row report__finding;

/* Calls step_fn for each step of scenario (in seq order), then finding_fn for each finding (seq order).
 * Either may be NULL. Returns 0 or -2 (SQLite failure, message in err). */
int report__data_each_step(const report__data *d, const char *scenario, void (*step_fn)(void *, const report__step *),
                           void (*finding_fn)(void *, const report__finding *), void *ctx, char *err, size_t cap);

/* ---- text helpers (report_text.c) -------------------------------------------------------------- */

typedef trace_strbuf report__buf; /* traces/strbuf.h */

#define report__buf_add trace_strbuf_add
#define report__buf_puts trace_strbuf_puts /* NULL adds nothing */
#define report__buf_printf trace_strbuf_printf
const char *report__buf_str(const report__buf *b); /* "" when empty */
#define report__buf_free trace_strbuf_free

typedef enum report__esc {
    REPORT__ESC_HTML,     /* & < > " ' as entities; fine in text and quoted attributes */
    REPORT__ESC_XML_TEXT, /* XML 1.0 character data: & < > as entities */
    REPORT__ESC_XML_ATTR, /* XML 1.0 attribute: also " ' and tab, LF, CR as character references */
    REPORT__ESC_MD        /* Markdown inline text: punctuation Markdown acts on backslash-escaped, < > & as entities,
                             line breaks and tabs as spaces */
} report__esc;

/* Writes s (NULL writes nothing) escaped for mode. Every mode also replaces invalid UTF-8 and the control
 * characters XML 1.0 forbids (C0 but tab, LF and CR; U+FFFE, U+FFFF) by U+FFFD, so the output is valid
 * UTF-8 whatever the trace holds. */
void report__put_escaped(FILE *out, const char *s, report__esc mode);
void report__buf_escaped(report__buf *b, const char *s, report__esc mode);

/* A malloc'd copy of s with invalid UTF-8 and forbidden control characters replaced by U+FFFD (what JSON
 * output holds); NULL when s is NULL or memory runs out. */
char *report__utf8_clean(const char *s);

/* "step 1 (RtCreateSharedMemory, IWIN32.CREATE.EXISTS): expected status ERROR_SUCCESS, got ..." — the
 * one-line text of a failure, worded as the runner words a scenario's message. For a failure without a
 * step: the scenario's message (or "scenario VERDICT"). */
void report__failure_text(report__buf *b, const report__data *d, const report__failure *f);

/* "return non-null, status ERROR_SUCCESS" from the canonical expect JSON ("" when none). */
void report__expected_text(report__buf *b, const char *expected_json);

/* "return 0x8, status ERROR_ALREADY_EXISTS, last_error ERROR_ALREADY_EXISTS" (memory steps: "fault F,
 * data D"); fields the step did not record are left out. */
void report__actual_text(report__buf *b, const char *kind, const char *ret, const char *status,
                         const char *last_error);

/* The family of a scenario: its id up to the first '.', or the whole id. Writes into out. */
void report__family(const char *scenario_id, char *out, size_t cap);

/* The run's argv (a JSON array of strings) as one space-separated line; argv_json itself when not an
 * array of strings. */
void report__argv_text(report__buf *b, const char *argv_json);

/* Renderers (report_html*.c, report_md.c, report_junit.c, report_json.c): each writes one document to
 * out; 0, or -2 when streaming steps failed (message in err). */
int report__render_html(const report__data *d, FILE *out, char *err, size_t cap);
int report__render_md(const report__data *d, FILE *out, char *err, size_t cap);
int report__render_junit(const report__data *d, FILE *out, char *err, size_t cap);
int report__render_json(const report__data *d, FILE *out, char *err, size_t cap);

#endif
