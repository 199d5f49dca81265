/* reports/report.h — a run of a trace database rendered for people and for CI (`rtshm report`).
 *
 * Four formats of the same facts, all read from the trace (nothing is re-run):
 *   html   one self-contained page (inline CSS and SVG, no script, no network): run header, totals by
 *          verdict, failures and divergences first, the clause-coverage matrix per API family, a bar chart
 *          of status codes per function, and every scenario's steps in <details>;
 *   md     a short Markdown summary for a pull-request comment;
 *   junit  JUnit XML: one <testsuite> for the run, one <testcase> per scenario, valid against the Jenkins
 *          xunit and the Ant JUnit schemas (reports/tests/junit/), wall-clock times;
 *   json   the rtshm-report/1 document (schema in reports/README.md), canonical JSON.
 *
 * With a baseline (another run of the same database, or the newest run of another database) the
 * failures new since the baseline and the ones it fixed come first.
 *
 * When the trace holds explorations (`rtshm explore --db`), the newest (or report_options.explore_run) is
 * shown too: its totals, shrunk files and divergences. A trace of explorations and no run is a report
 * of its exploration alone.
 *
 * Output is a function of the trace alone: the same database gives the same bytes. The only wall-clock
 * value shown is the run's own started_at, read from the trace. */
#ifndef REPORTS_REPORT_H
#define REPORTS_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef enum report_format { REPORT_HTML = 0, REPORT_MD, REPORT_JUNIT, REPORT_JSON } report_format;

/* How JUnit shows a DIVERGE scenario (without an expectation that covers it): as a <failure>, a <skipped>
 * (visible, not failing), or a plain passed test case. REPORT_DIVERGE_DEFAULT: failure for a run recorded
 * by `rtshm run` (its exit code counts DIVERGE), skipped for one recorded by `rtshm validate` (whose exit
 * code does not). */
typedef enum report_diverge {
    REPORT_DIVERGE_DEFAULT = 0,
    REPORT_DIVERGE_FAILURE,
    REPORT_DIVERGE_SKIPPED,
    REPORT_DIVERGE_PASS
} report_diverge;

typedef struct report_options {
    const char *db;          /* the trace database (opened read-only) */
    int64_t run_id;          /* the run to report; 0 = the newest */
    report_format format;
    const char *baseline_db; /* NULL: the baseline, if any, is baseline_run of db */
    int64_t baseline_run;    /* with baseline_db: that run of it, 0 = its newest; without: a run of db, 0 = none */
    report_diverge diverge;  /* JUnit's DIVERGE mapping */
    size_t html_step_budget; /* HTML: at most this many step rows in the page; 0 = REPORT_HTML_STEP_BUDGET */
    int64_t explore_run;     /* the exploration shown beside the run (explore_runs.id): 0 = the newest, if the
                                trace holds any; REPORT_EXPLORE_NONE = none */
} report_options;

/* report_options.explore_run: show no exploration. */
#define REPORT_EXPLORE_NONE (-1)

/* The HTML page's default step budget: a run of 1000 scenarios of 20 steps fits whole; a bigger one keeps
 * its failing scenarios' steps first and shows the passing ones as one line each. */
#define REPORT_HTML_STEP_BUDGET 20000

/* Return values of report_render. */
enum { REPORT_OK = 0, REPORT_EINPUT = -1, REPORT_EINTERNAL = -2 };

/* Renders the report o describes to out. Returns REPORT_OK; REPORT_EINPUT when an input is wrong (a
 * database that cannot be opened or is not an rtshm trace, a run that does not exist); REPORT_EINTERNAL
 * on an SQLite or memory failure or when writing to out fails. On failure a one-line message is in err
 * and out may hold part of a document (callers that write a file write a temporary one and rename). */
int report_render(const report_options *o, FILE *out, char *err, size_t cap);

/* "html", "md", "junit", "json" to a format; false for anything else. */
bool report_format_by_name(const char *name, report_format *out);

#endif
