/* conformance/src/runner.c — one scenario, step by step: resolve -> execute -> judge -> record.
 *
 * Each step is executed on the backend (run_execute.c), then — with an oracle — on the oracle with the
 * oracle's own variables, through the same function; judged (conf/checker.h), with the oracle's clause
 * deciding when there is one, and — when the oracle is the reference — its handles, pointers and
 * instances through the correspondence of opaque values (run_opaque.h, SIM.OPAQUE.BIJECTION; a run
 * without an oracle, the plain in-process run, has none); its `out` variables are bound; and, with a
 * trace, recorded with its findings and followed by the notes the backend raised (run_record.c).
 *
 * There is no event queue here. Steps come from the reader in file order, which the parser validated to
 * be time order (`at` never goes back), and a streamed scenario holds one step at a time, so a queue of
 * steps could only hand them back in the order they arrived. Events the model initiates itself (an
 * RtkRtssAttachEx shutdown callback after a kernel stop) are queued and ordered by the model's own
 * queue in its world (sim_world.queue); the backend hands back those due by the step's virtual time as
 * notes (conf_world_next_note), which are recorded right after the step at whose time they fall.
 *
 * How a step ended is a value (run_step_result), never read back from a message: the messages in
 * conf_scenario_result are for people only.
 *
 * The backend's side of a step comes from its world in this process, or from a child process running
 * it (conf_child, isolate_parent.c), which sends each step's outcome, findings and notes as it
 * finishes. Either way the oracle, the judging and the recording below run here, the same for both: an
 * isolated run of the reference backend records exactly what the in-process run records. A child that
 * dies, hangs or exits leaves the steps it finished and a row for the step it died in (`died`); with
 * --continue-after-crash a fresh child replays the finished steps and goes on after that step.
 *
 * Why the oracle stays here, not in the backend's child (decided 2026-12-02, measured first). The child
 * could run the reference beside the backend and send its clause, in parallel with rtshm. But the child's
 * memory is the backend's to scribble on, and the reference's clause and outcome decide the verdict: a
 * corrupted reference outcome that matches a wrong backend outcome turns a FAIL into a PASS, and no check
 * of what arrives (sizes, bounds, a clause ID from the catalogue) tells a wrong but well-formed outcome
 * from the right one; only computing it again does, which is the work the move would save. And the work
 * is small: in an isolated run of the corpus the oracle (its steps and notes) is 1.3% of rtshm's
 * instructions (callgrind, 4.4 M of 329 M) and its worlds about 2% of its samples (perf); rtshm's time went
 * to the trace (a commit per scenario: now batched, traces/src/writer.c; the row inserts) and to process
 * handling (isolate_*.c). So rtshm keeps computing the reference outcome itself, and a hostile backend can
 * only make its own steps fail, die or hang. The `died` row's clause comes from this oracle as well (it
 * runs the step the child died in). */
#include "conf/runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/checker.h"
#include "conf/steps.h"
#include "run_int.h"
#include "run_opaque.h"
#include "run_prov.h"
#include "spec/clause_ids.h"

/* How one step ended. */
typedef enum run_step_result {
    RUN_STEP_DONE = 0,     /* executed, judged (and recorded, with a trace) */
    RUN_STEP_BACKEND_BROKE, /* the backend failed the step itself: the scenario's verdict is ERROR */
    RUN_STEP_TRACE_ERROR,  /* the trace could not be written: the scenario is rolled back */
    RUN_STEP_CHILD_DIED,   /* the backend's child died, hung or exited during the step (recorded as `died`) */
    RUN_STEP_ABANDONED     /* the child's protocol broke, or the run was interrupted: rolled back */
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
    conf_child *child;           /* the backend runs there (isolated), or NULL: in this process */
    bool continue_after_crash;   /* with child: restart it after a death and go on */
    conf_scenario_result *res;
    bool backend_failed;         /* the scenario's verdict is ERROR (message in res->message) */
    int child_ended;             /* with child: how opening it ended when it did not open (RUN_CHILD_*) */
    bool wait_end;               /* with child: its END record is due once the steps are over */
    run_findings findings;       /* the backend's, during the current step */
    run_prov prov;               /* skipped steps and opaque values (run_prov.h) */
    const struct sim_world *oracle_sim; /* the oracle's sim world when the oracle is the reference, or NULL */
    run_opaque opaque;           /* with oracle_sim: the correspondence of opaque values (run_opaque.h) */
} run_state;

/* Runs step st on the oracle with the oracle's variables and drains its notes; its outputs are not bound
 * yet (oracle_bind does, once the step is judged: the correspondence of opaque values compares with the
 * values before the step). Returns true with the oracle's outcome in *got (its clause: the clause behind
 * it, NULL when it has none), or false with its message in err when the oracle itself failed the step
 * (out of memory, a bound): the step cannot be judged then, and the oracle's variables would drift from
 * the backend's.
 *
 * lost (or NULL): after steps were skipped (run_prov.h), whether the oracle — which skipped the same
 * steps — misses st's own expectation too: then the expectation rested on what was skipped (bytes a
 * skipped write would have put there, an object a skipped call would have made, ...), and *lost holds
 * the oracle's mismatch ("expected data bbbbbbbb, got 00000000"); else lost->verdict is CONF_NONE. */
static bool oracle_run(run_state *rs, const conf_step *st, conf_outcome *got, conf_check *lost, char *err,
                       size_t err_cap) {
    run_exec x;
    int rc = run_execute(rs->oracle_world, st, rs->oracle_vars, &x, err, err_cap);
    if (lost) lost->verdict = CONF_NONE;
    if (rc == 0 && lost && rs->prov.skipped > 0 && st->expect.present) /* its outputs are not bound yet */
        conf_check_step(st, &x.outcome, st->kind == CONF_STEP_READ ? x.data : NULL, rs->oracle_vars, rs->sc, lost);
    if (lost && lost->verdict == CONF_PASS) lost->verdict = CONF_NONE;
    conf_note note;
    int taken = 0;
    while (run_next_note(rs->oracle_world, &taken, &note)) continue; /* the backend's notes count */
    *got = x.outcome;
    if (rc != 0) got->clause = NULL;
    return rc == 0;
}

/* Binds step st's outputs from the oracle's outcome into the oracle's variables; with a reference
 * oracle, the correspondence tracks them (impl_known: the backend's outcome of the step is known, it
 * did not die in it). */
static void oracle_bind(run_state *rs, const conf_step *st, const conf_outcome *got, bool impl_known) {
    run_bind_outputs(st, got, rs->oracle_vars);
    if (rs->oracle_sim == NULL) return;
    if (impl_known) run_opaque_bound(&rs->opaque, rs->oracle_sim, st, rs->oracle_vars);
    else run_opaque_forget(&rs->opaque, st);
}

/* Step st ran, but its expectation rested on skipped steps (oracle_run's `lost`): its row is SKIP,
 * with the reference's own mismatch as the reason, and it is not judged (run_prov_unjudged,
 * once its outputs are bound). */
static void expectation_lost(const run_state *rs, const conf_check *lost, conf_check *check) {
    snprintf(check->detail, sizeof check->detail, "its expectation rests on skipped steps (first: %.200s): the "
             "reference, skipping them too, misses it as well (%.400s)", rs->prov.first,
             lost->detail[0] ? lost->detail : "another outcome");
    check->verdict = CONF_SKIP;
    check->clause = lost->clause;
    check->mismatches = 0;
}

/* Counts step st's verdict in res and keeps the first FAIL (or, while there is none, the first DIVERGE)
 * as the scenario's message. */
static void tally(conf_scenario_result *res, const conf_step *st, const conf_check *check) {
    switch (check->verdict) {
    case CONF_PASS: res->pass++; break;
    case CONF_FAIL: res->fail++; break;
    case CONF_DIVERGE: res->diverge++; break;
    case CONF_SKIP: res->skipped++; break;
    default: res->none++; break;
    }
    bool first_fail = check->verdict == CONF_FAIL && res->fail == 1;
    bool first_diverge = check->verdict == CONF_DIVERGE && res->diverge == 1 && res->fail == 0;
    if (first_fail || first_diverge) {
        snprintf(res->message, sizeof res->message, "step %d (%s%s%s): %.640s", st->index, run_step_function(st),
                 check->clause ? ", " : "", check->clause ? check->clause : "", check->detail);
        res->first_step = st->index;
        res->first_function = run_step_function(st);
        res->first_clause = check->clause;
        res->first_mismatches = check->mismatches;
    }
}

/* The backend's child died during step st (number seq): its row (the arguments it was given, the
 * reference's clause for it, `died`) is recorded, and the oracle has run the step, as it would have.
 * Returns RUN_STEP_CHILD_DIED, or RUN_STEP_TRACE_ERROR / RUN_STEP_BACKEND_BROKE (the oracle failed). */
static run_step_result record_death(run_state *rs, const conf_step *st, int64_t seq, const run_exec *x) {
    conf_scenario_result *res = rs->res;
    const char *clause = NULL;
    char err[512];
    conf_outcome oracle_out;
    if (rs->oracle && !oracle_run(rs, st, &oracle_out, NULL, err, sizeof err)) {
        snprintf(res->message, sizeof res->message, "step %d: the reference failed: %.*s", st->index,
                 (int)sizeof err - 1, err);
        return RUN_STEP_BACKEND_BROKE;
    }
    if (rs->oracle) {
        clause = oracle_out.clause;
        if (rs->oracle_sim) run_opaque_sweep(&rs->opaque, rs->oracle_sim, st, rs->oracle_vars);
        oracle_bind(rs, st, &oracle_out, false);
    }
    res->none++;
    const char *verdict, *message;
    run_child_last_death(rs->child, &verdict, &message);
    if (rs->db && run_record_died(rs->db, rs->sc, st, seq, x, clause, verdict, message, run_child_restarts(rs->child)) != 0) {
        snprintf(res->message, sizeof res->message, "trace: %s", trace_errmsg(rs->db));
        return RUN_STEP_TRACE_ERROR;
    }
    return RUN_STEP_CHILD_DIED;
}

/* Step st uses a variable that an earlier FAIL, DIVERGE or SKIP step left NULL on one side only (the
 * implementation never set a location the reference did, or the other way round): the step cannot be
 * compared, its outcome follows from that step's, which is judged already. Its row is SKIP saying so. */
static void follows_divergence(run_state *rs, const conf_step *st, conf_check *check) {
    int var = run_prov_differing_use(&rs->prov, st);
    if (var < 0) return;
    bool null_here = rs->vars[var] == 0;
    snprintf(check->detail, sizeof check->detail, "uses $%s, which step %d left %s here and %s in the reference: its "
             "outcome follows from that step's", rs->sc->vars[var].name, rs->prov.differs_by[var],
             null_here ? "NULL" : "non-NULL", null_here ? "non-NULL" : "NULL");
    check->verdict = CONF_SKIP;
    check->mismatches = 0;
}

/* RTK.IRQL: an Rtk call above PASSIVE_LEVEL has no documented result. The step gets no verdict (its
 * outcome is recorded as it came) and a finding 'irql-above-passive' is added to the step's findings. */
static void irql_hazard(run_state *rs, const conf_step *st, conf_check *check) {
    check->verdict = CONF_NONE;
    check->clause = CL_RTK_IRQL;
    snprintf(check->detail, sizeof check->detail, "%s at %s: the vendor documents it at PASSIVE_LEVEL only",
             st->fn->name, conf_irql_name(st->irql));
    run_collect_finding(&rs->findings, "irql-above-passive", CL_RTK_IRQL, check->detail);
}

/* Executes step st (number seq of the scenario) on the backend (and the oracle), judges it, binds its
 * outputs and records it when there is a trace. */
static run_step_result run_step(run_state *rs, const conf_step *st, int64_t seq) {
    conf_scenario_result *res = rs->res;
    run_exec x;
    char err[512];
    rs->findings.count = 0;
    int got = rs->child ? run_child_step(rs->child, st, rs->vars, &x, &rs->findings, err, sizeof err)
                        : run_execute(rs->world, st, rs->vars, &x, err, sizeof err);
    if (got == RUN_CHILD_DIED) return record_death(rs, st, seq, &x);
    if (got == RUN_CHILD_ABANDONED || got == RUN_CHILD_INPUT_CHANGED) {
        snprintf(res->message, sizeof res->message, "%.*s", (int)sizeof err - 1, err);
        res->input_changed = got == RUN_CHILD_INPUT_CHANGED;
        return RUN_STEP_ABANDONED;
    }
    if (got != 0) {
        snprintf(res->message, sizeof res->message, "step %d: %.*s", st->index, (int)sizeof err - 1, err);
        return RUN_STEP_BACKEND_BROKE;
    }
    /* With an oracle, the reference's clause for this step decides (the backend's own is only advice). */
    conf_outcome oracle_out;
    conf_check lost = {.verdict = CONF_NONE};
    if (rs->oracle && !oracle_run(rs, st, &oracle_out, &lost, err, sizeof err)) {
        rs->wait_end = false; /* a child goes on with its steps: it is stopped, not waited for */
        snprintf(res->message, sizeof res->message, "step %d: the reference failed: %.*s", st->index,
                 (int)sizeof err - 1, err);
        return RUN_STEP_BACKEND_BROKE;
    }
    if (rs->oracle) x.outcome.clause = oracle_out.clause;
    x.opaque_args = run_prov_opaque_args(&rs->prov, st);
    conf_check check;
    conf_check_step(st, &x.outcome, st->kind == CONF_STEP_READ ? x.data : NULL, rs->vars, rs->sc, &check);
    if (st->kind == CONF_STEP_CALL && st->irql != CONF_IRQL_PASSIVE) irql_hazard(rs, st, &check);
    else if (rs->oracle && lost.verdict != CONF_NONE) expectation_lost(rs, &lost, &check);
    else if (rs->oracle) follows_divergence(rs, st, &check);
    if (rs->oracle_sim) { /* handles, pointers and instances through the correspondence (SIM.OPAQUE.BIJECTION) */
        run_opaque_sweep(&rs->opaque, rs->oracle_sim, st, rs->oracle_vars);
        run_opaque_judge(&rs->opaque, rs->oracle_sim, st, &oracle_out, rs->oracle_vars, &x.outcome, rs->vars, &check,
                         &rs->findings);
    }
    tally(res, st, &check);
    /* Bind the step's outputs after checking (expectations see the variables as they were). */
    run_bind_outputs(st, &x.outcome, rs->vars);
    if (rs->oracle) oracle_bind(rs, st, &oracle_out, true);
    run_prov_ran(&rs->prov, st, &x.outcome);
    if (check.verdict == CONF_SKIP) run_prov_unjudged(&rs->prov, st);
    if (rs->oracle && check.verdict != CONF_PASS && check.verdict != CONF_NONE)
        run_prov_diverged(&rs->prov, st, rs->vars, rs->oracle_vars);
    int64_t restart = rs->child ? run_child_restarts(rs->child) : 0;
    int rc = rs->db ? run_record_step(rs->db, rs->sc, st, seq, &x, &check, &rs->findings, restart) : 0;
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
    int64_t restart = rs->child ? run_child_restarts(rs->child) : 0;
    while (rs->child ? run_child_next_note(rs->child, &note) : run_next_note(rs->world, &taken, &note)) {
        rs->res->none++;
        if (rs->db && run_record_note(rs->db, rs->sc, st, *seq, &note, restart) != 0) {
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
    if (rs->child) { /* the child opens the backend's world and says how that went */
        int opened = run_child_open(rs->child, err, sizeof err);
        if (opened != RUN_CHILD_OK) {
            rs->backend_failed = true;
            rs->child_ended = opened;
            if (opened == RUN_CHILD_BROKE) snprintf(res->message, sizeof res->message, "cannot build the world: %s", err);
            else snprintf(res->message, sizeof res->message, "%s", err);
            return;
        }
    } else {
        rs->world = conf_world_open(rs->be, rs->sc, seed, run_collect_finding, &rs->findings, err, sizeof err);
        if (rs->world == NULL) {
            rs->backend_failed = true;
            snprintf(res->message, sizeof res->message, "cannot build the world: %s", err);
            return;
        }
    }
    if (rs->oracle == NULL) return;
    rs->oracle_vars = run_vars_new(rs->sc);
    if (rs->oracle_vars)
        rs->oracle_world = conf_world_open(rs->oracle, rs->sc, seed, run_drop_finding, NULL, err, sizeof err);
    if (rs->oracle_world == NULL) {
        rs->backend_failed = true;
        snprintf(res->message, sizeof res->message, "cannot build the reference world: %s", err);
        return;
    }
    rs->oracle_sim = conf_world_reference_sim(rs->oracle_world);
    if (rs->oracle_sim && run_opaque_init(&rs->opaque, rs->sc) != 0) {
        rs->backend_failed = true;
        snprintf(res->message, sizeof res->message, "out of memory");
    }
}

/* Runs every step of the scenario, in file (= time) order, until the end, a backend failure, a trace
 * error or a streamed file that changed. Returns 0, or -1 when the scenario must be rolled back
 * (message in res->message; res->input_changed for a changed file). res->steps = rows written. */
static int run_steps(run_state *rs) {
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
        char why[512];
        run_step_result sr;
        if (run_prov_skip(&rs->prov, step, why, sizeof why)) { /* SKIP for this step; the scenario goes on */
            if (rs->oracle_sim) run_opaque_forget(&rs->opaque, step);
            sr = run_record_skip(rs->db, rs->sc, step, seq, rs->vars, &rs->prov, why, res) ? RUN_STEP_TRACE_ERROR
                                                                                         : RUN_STEP_DONE;
        } else {
            sr = run_step(rs, step, seq);
        }
        if (sr == RUN_STEP_BACKEND_BROKE) rs->backend_failed = true;
        if (sr == RUN_STEP_CHILD_DIED) {
            seq++; /* its `died` row */
            if (rs->continue_after_crash && run_child_restart(rs->child, step->index) == 0) {
                got = conf_steps_next(reader, &step, err, sizeof err);
                continue;
            }
            break;
        }
        if (sr != RUN_STEP_DONE) {
            rc = sr == RUN_STEP_TRACE_ERROR || sr == RUN_STEP_ABANDONED ? -1 : 0;
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
static int finish_scenario(const conf_scenario *sc, trace_db *db, int rc, bool backend_failed, const char *verdict,
                           const char *backend_output, conf_scenario_result *res) {
    if (verdict) res->verdict = verdict;
    else if (backend_failed) res->verdict = "ERROR";
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
                              res->steps, (const char *const *)sc->clauses, sc->clause_count, backend_output};
    if (trace_scenario_commit(db, &row) != 0) {
        snprintf(res->message, sizeof res->message, "trace: %s", trace_errmsg(db));
        trace_scenario_rollback(db);
        return -1;
    }
    return 0;
}

/* The end of an isolated scenario: the child's end (its END record, or how it died, exited or hung)
 * decides over what its steps said; SKIP when it did not run it; its output recorded. */
static int finish_child(run_state *rs, int rc, conf_scenario_result *res) {
    char msg[512] = "";
    bool wait_end = rc == 0 && rs->child_ended == 0 && rs->wait_end;
    int ended = run_child_finish(rs->child, wait_end, msg, sizeof msg);
    if (rs->child_ended != 0) ended = rs->child_ended;
    const char *verdict = NULL;
    if (ended == RUN_CHILD_SKIP) verdict = "SKIP";
    if (ended == RUN_CHILD_ABANDONED || ended == RUN_CHILD_INPUT_CHANGED) {
        if (msg[0]) snprintf(res->message, sizeof res->message, "%s", msg);
        res->input_changed = ended == RUN_CHILD_INPUT_CHANGED;
        rc = -1;
    }
    if (run_child_death(rs->child, &verdict, NULL)) run_child_death_summary(rs->child, res->message, sizeof res->message);
    return finish_scenario(rs->sc, rs->db, rc, rs->backend_failed, verdict, run_child_output(rs->child), res);
}

int conf_run_scenario(const conf_scenario *sc, const conf_backend *be, uint64_t seed, trace_db *db, int64_t run_id,
                      conf_scenario_result *res) {
    conf_run_opts opts = {NULL, NULL, false};
    return conf_run_scenario_judged(sc, be, &opts, seed, db, run_id, res);
}

int conf_run_scenario_judged(const conf_scenario *sc, const conf_backend *be, const conf_run_opts *opts, uint64_t seed,
                             trace_db *db, int64_t run_id, conf_scenario_result *res) {
    memset(res, 0, sizeof *res);
    if (db && trace_scenario_begin(db, run_id) != 0) {
        snprintf(res->message, sizeof res->message, "trace: %s", trace_errmsg(db));
        return -1;
    }
    run_state rs = {.sc = sc, .be = be, .oracle = opts->oracle, .db = db, .res = res, .child = opts->child,
                    .continue_after_crash = opts->continue_after_crash, .wait_end = true};
    open_worlds(&rs, seed);
    if (!rs.backend_failed && run_prov_init(&rs.prov, be, sc) != 0) {
        rs.backend_failed = true;
        snprintf(res->message, sizeof res->message, "out of memory");
    }
    int rc = rs.backend_failed ? 0 : run_steps(&rs);
    res->nothing_left = run_prov_nothing_left(&rs.prov);
    run_prov_free(&rs.prov);
    run_opaque_free(&rs.opaque);
    conf_world_close(rs.world);
    conf_world_close(rs.oracle_world);
    free(rs.vars);
    free(rs.oracle_vars);
    if (rs.child == NULL) return finish_scenario(sc, db, rc, rs.backend_failed, NULL, NULL, res);
    return finish_child(&rs, rc, res);
}
