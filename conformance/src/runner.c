/* conformance/src/runner.c — one scenario, step by step: resolve -> execute -> judge -> record.
 *
 * Each step is executed on the backend (run_execute.c), then — with an oracle — on the oracle with the
 * oracle's own variables, through the same function; judged (conf/checker.h), with the oracle's clause
 * deciding when there is one; its `out` variables are bound; and, with a trace, recorded with its
 * findings and followed by the notes the backend raised (run_record.c).
 *
 * There is no event queue here. Steps come from the reader in file order, which the parser validated to
 * be time order (`at` never goes back), and a streamed scenario holds one step at a time, so a queue of
 * steps could only hand them back in the order they arrived. Events the model initiates itself (an
 * RtkRtssAttachEx shutdown callback after a kernel stop) are queued and ordered by the model's own
 * queue in its world (sim_world.queue); the backend hands back those due by the step's virtual time as
 * notes (conf_world_next_note), which are recorded right after the step at whose time they fall.
 *
 * How a step ended is a value (run_step_result), never read back from a message: the messages in
 * conf_scenario_result are for people only. */
#include "conf/runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/checker.h"
#include "conf/steps.h"
#include "run_int.h"
#include "run_prov.h"

/* How one step ended. */
typedef enum run_step_result {
    RUN_STEP_DONE = 0,     /* executed, judged (and recorded, with a trace) */
    RUN_STEP_BACKEND_BROKE, /* the backend failed the step itself: the scenario's verdict is ERROR */
    RUN_STEP_TRACE_ERROR   /* the trace could not be written: the scenario is rolled back */
} run_step_result;

typedef struct run_state {
    const conf_scenario *sc;
    const conf_backend *be;
    conf_world *world;
    uint64_t *vars;              /* the backend's variable values */
    const conf_backend *oracle;  /* or NULL */
    conf_world *oracle_world;
    uint64_t *oracle_vars;       /* the oracle's own variable values */
    trace_db *db;                /* or NULL: run without recording */
    conf_scenario_result *res;
    bool backend_failed;         /* the scenario's verdict is ERROR (message in res->message) */
    run_findings findings;       /* the backend's, during the current step */
    run_prov prov;               /* skipped steps and opaque values (run_prov.h) */
} run_state;

/* Runs step st on the oracle with the oracle's variables, binds its outputs there and drains its notes.
 * Returns true with the clause behind the oracle's outcome in *clause (NULL when it has none), or false
 * with its message in err when the oracle itself failed the step (out of memory, a bound): the step
 * cannot be judged then, and the oracle's variables would drift from the backend's. */
static bool oracle_clause(run_state *rs, const conf_step *st, const char **clause, char *err, size_t err_cap) {
    run_exec x;
    int rc = run_execute(rs->oracle_world, st, rs->oracle_vars, &x, err, err_cap);
    if (rc == 0) run_bind_outputs(st, &x.outcome, rs->oracle_vars);
    conf_note note;
    int taken = 0;
    while (run_next_note(rs->oracle_world, &taken, &note)) continue; /* the backend's notes count */
    *clause = rc == 0 ? x.outcome.clause : NULL;
    return rc == 0;
}

/* Counts step st's verdict in res and keeps the first FAIL (or, while there is none, the first DIVERGE)
 * as the scenario's message. */
static void tally(conf_scenario_result *res, const conf_step *st, const conf_check *check) {
    switch (check->verdict) {
    case CONF_PASS: res->pass++; break;
    case CONF_FAIL: res->fail++; break;
    case CONF_DIVERGE: res->diverge++; break;
    default: res->none++; break;
    }
    bool first_fail = check->verdict == CONF_FAIL && res->fail == 1;
    bool first_diverge = check->verdict == CONF_DIVERGE && res->diverge == 1 && res->fail == 0;
    if (first_fail || first_diverge)
        snprintf(res->message, sizeof res->message, "step %d (%s%s%s): %.640s", st->index, run_step_function(st),
                 check->clause ? ", " : "", check->clause ? check->clause : "", check->detail);
}

/* Executes step st (number seq of the scenario) on the backend (and the oracle), judges it, binds its
 * outputs and records it when there is a trace. */
static run_step_result run_step(run_state *rs, const conf_step *st, int64_t seq) {
    conf_scenario_result *res = rs->res;
    run_exec x;
    char err[512];
    rs->findings.count = 0;
    if (run_execute(rs->world, st, rs->vars, &x, err, sizeof err) != 0) {
        snprintf(res->message, sizeof res->message, "step %d: %.*s", st->index, (int)sizeof err - 1, err);
        return RUN_STEP_BACKEND_BROKE;
    }
    /* With an oracle, the reference's clause for this step decides (the backend's own is only advice). */
    if (rs->oracle && !oracle_clause(rs, st, &x.outcome.clause, err, sizeof err)) {
        snprintf(res->message, sizeof res->message, "step %d: the reference failed: %.*s", st->index,
                 (int)sizeof err - 1, err);
        return RUN_STEP_BACKEND_BROKE;
    }
    x.opaque_args = run_prov_opaque_args(&rs->prov, st);
    conf_check check;
    conf_check_step(st, &x.outcome, st->kind == CONF_STEP_READ ? x.data : NULL, rs->vars, rs->sc, &check);
    tally(res, st, &check);
    /* Bind the step's outputs after checking (expectations see the variables as they were). */
    run_bind_outputs(st, &x.outcome, rs->vars);
    run_prov_ran(&rs->prov, st, &x.outcome);
    int rc = rs->db ? run_record_step(rs->db, rs->sc, st, seq, &x, &check, &rs->findings) : 0;
    res->findings += rs->findings.count;
    rs->findings.dropped = 0;
    if (rc != 0) {
        snprintf(res->message, sizeof res->message, "trace: %s", trace_errmsg(rs->db));
        return RUN_STEP_TRACE_ERROR;
    }
    return RUN_STEP_DONE;
}

/* Records the notes the backend raised during step st, each as an `event` row after it (*seq counts
 * them). Bounded: at most RUN_MAX_NOTES_PER_STEP per step. Returns 0, or -1 on a trace error. */
static int record_notes(run_state *rs, const conf_step *st, int64_t *seq) {
    conf_note note;
    int taken = 0;
    while (run_next_note(rs->world, &taken, &note)) {
        rs->res->none++;
        if (rs->db && run_record_note(rs->db, rs->sc, st, *seq, &note) != 0) {
            snprintf(rs->res->message, sizeof rs->res->message, "trace: %s", trace_errmsg(rs->db));
            return -1;
        }
        (*seq)++;
    }
    return 0;
}

/* Opens the backend's world (and the oracle's) for the scenario. On failure sets rs->backend_failed with
 * the message in res->message. */
static void open_worlds(run_state *rs, uint64_t seed) {
    char err[512] = "";
    conf_scenario_result *res = rs->res;
    rs->vars = run_vars_new(rs->sc);
    if (rs->vars == NULL) {
        rs->backend_failed = true;
        snprintf(res->message, sizeof res->message, "out of memory");
        return;
    }
    rs->world = conf_world_open(rs->be, rs->sc, seed, run_collect_finding, &rs->findings, err, sizeof err);
    if (rs->world == NULL) {
        rs->backend_failed = true;
        snprintf(res->message, sizeof res->message, "cannot build the world: %s", err);
        return;
    }
    if (rs->oracle == NULL) return;
    rs->oracle_vars = run_vars_new(rs->sc);
    if (rs->oracle_vars)
        rs->oracle_world = conf_world_open(rs->oracle, rs->sc, seed, run_drop_finding, NULL, err, sizeof err);
    if (rs->oracle_world == NULL) {
        rs->backend_failed = true;
        snprintf(res->message, sizeof res->message, "cannot build the reference world: %s", err);
    }
}

/* Writes the index of the step about to run to fd (when >= 0) for a watching parent. */
static void report_progress(int fd, int index) {
    if (fd < 0) return;
    int32_t index32 = (int32_t)index;
    if (write(fd, &index32, sizeof index32) != (ssize_t)sizeof index32) { /* parent gone: go on */
    }
}

/* Runs every step of the scenario, in file (= time) order, until the end, a backend failure, a trace
 * error or a streamed file that changed. Returns 0, or -1 when the scenario must be rolled back
 * (message in res->message; res->input_changed for a changed file). res->steps = rows written. */
static int run_steps(run_state *rs, int progress_fd) {
    conf_scenario_result *res = rs->res;
    conf_step_reader *reader = NULL;
    char err[512] = "";
    if (conf_steps_open(rs->sc, &reader, err, sizeof err) != 0) {
        snprintf(res->message, sizeof res->message, "%s", err);
        res->input_changed = true;
        return -1;
    }
    const conf_step *step = NULL;
    int64_t seq = 0;
    int rc = 0;
    int got = conf_steps_next(reader, &step, err, sizeof err);
    while (got == 1) {
        report_progress(progress_fd, step->index);
        char why[512];
        run_step_result sr;
        if (run_prov_skip(&rs->prov, step, why, sizeof why)) /* SKIP for this step; the scenario goes on */
            sr = run_record_skip(rs->db, rs->sc, step, seq, rs->vars, &rs->prov, why, res) ? RUN_STEP_TRACE_ERROR
                                                                                         : RUN_STEP_DONE;
        else
            sr = run_step(rs, step, seq);
        if (sr == RUN_STEP_BACKEND_BROKE) rs->backend_failed = true;
        if (sr != RUN_STEP_DONE) {
            rc = sr == RUN_STEP_TRACE_ERROR ? -1 : 0;
            break;
        }
        seq++;
        if (record_notes(rs, step, &seq) != 0) {
            rc = -1;
            break;
        }
        got = conf_steps_next(reader, &step, err, sizeof err);
    }
    if (got < 0) { /* a streamed file changed under the run: nothing recorded */
        snprintf(res->message, sizeof res->message, "%s", err);
        res->input_changed = true;
        rc = -1;
    }
    conf_steps_close(reader);
    res->steps = (int)seq;
    return rc;
}

/* Sets the scenario's verdict and ends its transaction: commits it when rc is 0, rolls it back
 * otherwise. Returns 0, or -1 (rolled back; message in res->message). */
static int finish_scenario(const conf_scenario *sc, trace_db *db, int rc, bool backend_failed,
                           conf_scenario_result *res) {
    if (backend_failed) res->verdict = "ERROR";
    else if (res->fail) res->verdict = "FAIL";
    else if (res->diverge) res->verdict = "DIVERGE";
    else if (res->nothing_left) res->verdict = "SKIP";
    else res->verdict = "PASS";
    if (rc != 0) {
        if (db) trace_scenario_rollback(db);
        return -1;
    }
    if (db == NULL) return 0;
    trace_scenario_row row = {sc->id,     sc->path,   sc->sha256, res->verdict, res->message[0] ? res->message : NULL,
                              res->steps, (const char *const *)sc->clauses, sc->clause_count};
    if (trace_scenario_commit(db, &row) != 0) {
        snprintf(res->message, sizeof res->message, "trace: %s", trace_errmsg(db));
        trace_scenario_rollback(db);
        return -1;
    }
    return 0;
}

int conf_run_scenario(const conf_scenario *sc, const conf_backend *be, uint64_t seed, trace_db *db, int64_t run_id,
                      conf_scenario_result *res) {
    conf_run_opts opts = {NULL, -1};
    return conf_run_scenario_judged(sc, be, &opts, seed, db, run_id, res);
}

int conf_run_scenario_judged(const conf_scenario *sc, const conf_backend *be, const conf_run_opts *opts, uint64_t seed,
                             trace_db *db, int64_t run_id, conf_scenario_result *res) {
    memset(res, 0, sizeof *res);
    if (db && trace_scenario_begin(db, run_id) != 0) {
        snprintf(res->message, sizeof res->message, "trace: %s", trace_errmsg(db));
        return -1;
    }
    run_state rs = {.sc = sc, .be = be, .oracle = opts->oracle, .db = db, .res = res};
    open_worlds(&rs, seed);
    if (!rs.backend_failed && run_prov_init(&rs.prov, be, sc) != 0) {
        rs.backend_failed = true;
        snprintf(res->message, sizeof res->message, "out of memory");
    }
    int rc = rs.backend_failed ? 0 : run_steps(&rs, opts->progress_fd);
    res->nothing_left = run_prov_nothing_left(&rs.prov);
    run_prov_free(&rs.prov);
    conf_world_close(rs.world);
    conf_world_close(rs.oracle_world);
    free(rs.vars);
    free(rs.oracle_vars);
    return finish_scenario(sc, db, rc, rs.backend_failed, res);
}
