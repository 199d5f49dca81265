/* conformance/cli/explore.c — `rtshm explore --impl PATH.so|reference [--seed N] [--count N | --time S]
 * [--jobs N] [--out DIR] [--db FILE] [--families LIST] [--max-steps N] [--timeout S] [--max-shrink N]`.
 *
 * Generates scenarios (conf/explore.h), runs each on the reference and on the implementation judged by
 * the reference, and shrinks the first scenario of each distinct divergence (verdict, clause, fields)
 * to a scenario file in --out (default out/explore/) that `rtshm check` accepts, that passes on the
 * reference and reproduces the divergence with `rtshm run --impl`. With --db, the run, every scenario
 * (its seed, verdict and, when it diverged, its text) and every shrunk file are recorded in the trace
 * (explore_record.c), and the shrunk scenarios are run once more into it as a regular run of the
 * implementation, judged by the reference, which `rtshm report` shows. Exit 0 when nothing differed, 1 when something did, 2 bad usage (or a library
 * that does not load), 3 an internal error or an interrupt. A progress line goes to stderr on a
 * terminal. The files written depend only on the seed, the options that shape generation and the
 * version, never on --jobs or timing (with --time, how many scenarios run does). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "conf/cli.h"
#include "conf/explore.h"
#include "conf/isolate.h"
#include "conf/runner.h"
#include "escape.h"
#include "explore_record.h"
#include "files.h"
#include "options.h"
#include "plan.h"
#include "runinfo.h"
#include "traces/trace.h"

#define EXPLORE_BATCH 1024
#define EXPLORE_MAX_KINDS 32

typedef struct explore_opts {
    const char *impl, *out_dir, *db_path, *families_text;
    uint64_t seed, count, time_s, jobs, max_steps, timeout_s, max_shrink;
    unsigned families;
} explore_opts;

/* A distinct divergence and the first scenario that showed it. */
typedef struct explore_kind {
    ex_divergence div;
    uint64_t index;
    double found_after_s;
} explore_kind;

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* --families: a comma-separated list of family names into SPEC_API_* bits. False on an unknown one. */
static bool parse_families(const char *text, unsigned *bits, char *bad, size_t cap) {
    *bits = 0;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", text);
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        spec_api api;
        if (!spec_api_by_name(tok, &api) || !spec_api_has_functions(api)) {
            snprintf(bad, cap, "%s", tok);
            return false;
        }
        *bits |= 1u << api;
    }
    return *bits != 0;
}

/* The printable, one-line form of foreign text (a backend's name) for a title: bytes outside 0x20-0x7e
 * become '?', at most cap - 1 of them. */
static void plain(const char *text, char *buf, size_t cap) {
    size_t n = 0;
    for (const char *c = text; *c && n + 1 < cap; c++) buf[n++] = *c >= 0x20 && *c < 0x7f && *c != '"' ? *c : '?';
    buf[n] = '\0';
}

/* Shrinks kind k's scenario and writes it to the out folder; prints a line. Returns 0, or -1 after
 * printing why. */
static int shrink_and_write(ex_engine *e, const explore_opts *o, const ex_gen_opts *g, const explore_kind *k,
                            explore_record *rec, char **written, char **written_path) {
    ex_scenario *s = malloc(sizeof *s);
    ex_case c = {0};
    char err[1024] = "";
    if (s == NULL) return -1;
    ex_generate(ex_scenario_seed(o->seed, k->index), g, s);
    int before = s->step_count, rounds = 0;
    double t0 = now_s();
    if (ex_shrink(e, s, &k->div, &rounds, err, sizeof err) != 0) {
        cli_escape_line(stderr, "rtshm: explore: shrinking: %s", err);
        free(s);
        return -1;
    }
    char id[96], title[512], fields[64], name[256];
    snprintf(id, sizeof id, "explore.%llu.%llu", (unsigned long long)o->seed, (unsigned long long)k->index);
    plain(ex_engine_impl_name(e), name, sizeof name);
    ex_mismatch_text(k->div.mismatches, fields, sizeof fields);
    snprintf(title, sizeof title, "explore: %s %s %s (%s) on %s", k->div.function ? k->div.function : "scenario",
             k->div.mismatches ? fields : "ends", k->div.verdict, k->div.clause ? k->div.clause : "no clause", name);
    ex_header h = {id, title, NULL, 0};
    c.scenario = s;
    int rc = ex_judge(e, &c, 1, &h, NULL, err, sizeof err);
    bool same = rc == 0 && !c.invalid && ex_divergence_same(&c.div, &k->div);
    char path[4200];
    snprintf(path, sizeof path, "%s/%s.json", o->out_dir, id);
    cli_atomic_file f;
    if (rc != 0 || c.completed == NULL || cli_make_parent(path) != 0 || cli_atomic_open(&f, path) != 0) {
        cli_escape_line(stderr, "rtshm: explore: %s: %s", path, rc != 0 ? err : c.completed ? strerror(errno) : c.invalid_message);
        ex_case_clear(&c);
        free(s);
        return -1;
    }
    fputs(c.completed, f.out);
    if (cli_atomic_commit(&f) != 0) {
        cli_escape_line(stderr, "rtshm: explore: %s: %s", path, strerror(errno));
        ex_case_clear(&c);
        free(s);
        return -1;
    }
    double shrink_s = now_s() - t0;
    cli_escape_line(stdout, "%-7s %s %s in %s: shrunk from %d to %d steps (%d candidates, %.2f s)%s: %s", k->div.verdict,
                    k->div.clause ? k->div.clause : "-", k->div.mismatches ? fields : "-",
                    k->div.function ? k->div.function : "-", before, s->step_count, rounds, shrink_s,
                    same ? "" : " [the shrunk file no longer reproduces]", path);
    printf("        found after %.2f s, found and shrunk in %.2f s\n", k->found_after_s, k->found_after_s + shrink_s);
    if (rec) explore_record_shrunk(rec, k->index, &k->div, path, c.completed, before, s->step_count, rounds);
    *written = c.completed; /* the caller's now, with its path */
    *written_path = strdup(path);
    c.completed = NULL;
    ex_case_clear(&c);
    free(s);
    return 0;
}

/* The shrunk scenarios as a run of the trace at o->db_path (as `rtshm run --impl` records one, judged by
 * the reference), so that `rtshm report` shows them: one runs row, their scenarios and steps. Returns 0,
 * or -1 after printing why. */
static int record_shrunk_run(const explore_opts *o, char **texts, char **paths, int n, int argc, char **argv) {
    conf_scenario *parsed[EXPLORE_MAX_KINDS] = {0};
    char err[1024];
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++)
        if (texts[i] == NULL || paths[i] == NULL ||
            conf_scenario_parse(paths[i], texts[i], strlen(texts[i]), &parsed[i], err, sizeof err) != 0)
            rc = -1;
    trace_db *db = NULL;
    conf_isolation *iso = NULL;
    bool library = strcmp(o->impl, "reference") != 0;
    conf_isolation_opts iopts = {(unsigned)o->timeout_s, 0, 1, false, &cli_interrupted};
    if (rc == 0 && trace_open(o->db_path, &db, err, sizeof err) != 0) rc = -1;
    if (rc == 0 && library && conf_isolation_start(o->impl, &iopts, &iso, err, sizeof err) != 0) rc = -1;
    const char *impl_name = library && iso ? conf_isolation_backend(iso)->name : "reference";
    char started_at[32];
    cli_utc_now(started_at);
    char *args = cli_argv_json(argc, argv);
    int64_t run_id = 0;
    if (rc == 0 && (args == NULL || trace_run_begin(db, cli_tool_version(), impl_name, o->seed, args, started_at, &run_id) != 0)) {
        snprintf(err, sizeof err, "%s", args ? trace_errmsg(db) : "out of memory");
        rc = -1;
    }
    for (int i = 0; i < n && rc == 0; i++) {
        conf_scenario_result res;
        conf_run_opts ropts = {conf_backend_reference(), NULL, false};
        int ran = iso ? conf_run_isolated(iso, parsed[i], conf_backend_reference(), o->seed, db, run_id, &res)
                      : conf_run_scenario_judged(parsed[i], conf_backend_reference(), &ropts, o->seed, db, run_id, &res);
        if (ran != 0) {
            snprintf(err, sizeof err, "%s", res.message);
            rc = -1;
        }
    }
    if (rc == 0 && trace_run_finish(db, run_id, "complete") != 0) {
        snprintf(err, sizeof err, "%s", trace_errmsg(db));
        rc = -1;
    }
    if (rc == 0) printf("trace: %s run %lld holds the shrunk scenarios (rtshm report %s --run %lld)\n", o->db_path,
                        (long long)run_id, o->db_path, (long long)run_id);
    else cli_escape_line(stderr, "rtshm: explore: recording the shrunk scenarios: %s", err);
    free(args);
    conf_isolation_stop(iso);
    trace_close(db);
    for (int i = 0; i < n; i++) conf_scenario_free(parsed[i]);
    return rc;
}

/* The progress line, on stderr when it is a terminal. */
static void progress(bool tty, uint64_t scenarios, uint64_t steps, uint64_t diverged, double elapsed) {
    if (!tty) return;
    fprintf(stderr, "\rexplore: %llu scenarios, %llu steps, %llu diverged, %.0f scenarios/s   ",
            (unsigned long long)scenarios, (unsigned long long)steps, (unsigned long long)diverged,
            elapsed > 0 ? (double)scenarios / elapsed : 0.0);
    fflush(stderr);
}

/* Scenarios in the batch starting at scenario number `index`: 16, 32, ... up to EXPLORE_BATCH, so that
 * a divergence among the first scenarios is known (and its time to find measured) early. */
static int batch_size(uint64_t index) {
    uint64_t size = 16;
    while (size < EXPLORE_BATCH && size <= index) size *= 2;
    return (int)size;
}

/* The search: batches of generated scenarios until --count or --time; the distinct divergences into
 * kinds. Returns 0, or an exit code after printing why. */
static int search(ex_engine *e, const explore_opts *o, const ex_gen_opts *g, explore_kind *kinds, int *kind_count,
                  uint64_t *scenarios, uint64_t *steps, uint64_t *diverged, explore_record *rec) {
    ex_scenario *batch = calloc(EXPLORE_BATCH, sizeof *batch);
    ex_case *cases = calloc(EXPLORE_BATCH, sizeof *cases);
    if (batch == NULL || cases == NULL) {
        free(batch);
        free(cases);
        return RTSHM_EXIT_INTERNAL;
    }
    bool tty = isatty(STDERR_FILENO);
    double t0 = now_s();
    int code = 0;
    uint64_t index = 0;
    while (code == 0 && !cli_interrupted) {
        if (o->time_s ? now_s() - t0 >= (double)o->time_s : index >= o->count) break;
        int n = 0, size = batch_size(index);
        while (n < size && (o->time_s || index < o->count)) {
            ex_generate(ex_scenario_seed(o->seed, index), g, &batch[n]);
            cases[n].scenario = &batch[n];
            n++;
            index++;
        }
        char err[1024] = "";
        if (ex_judge(e, cases, n, NULL, NULL, err, sizeof err) != 0) {
            cli_escape_line(stderr, "rtshm: explore: %s", err);
            code = cli_interrupted ? RTSHM_EXIT_INTERNAL : RTSHM_EXIT_INPUT;
        }
        for (int i = 0; i < n && code == 0; i++) {
            ex_case *c = &cases[i];
            uint64_t number = index - (uint64_t)n + (uint64_t)i;
            if (c->invalid) {
                cli_escape_line(stderr, "rtshm: explore: internal error: generated scenario %llu is invalid: %s",
                                (unsigned long long)number, c->invalid_message);
                code = RTSHM_EXIT_INTERNAL;
                break;
            }
            (*scenarios)++;
            *steps += (uint64_t)c->scenario->step_count;
            if (rec) explore_record_scenario(rec, number, c->scenario->seed, &c->div, c->completed);
            if (!c->div.differs) continue;
            (*diverged)++;
            bool known = false;
            for (int k = 0; k < *kind_count && !known; k++) known = ex_divergence_same(&kinds[k].div, &c->div);
            if (!known && *kind_count < EXPLORE_MAX_KINDS) kinds[(*kind_count)++] = (explore_kind){c->div, number, now_s() - t0};
        }
        for (int i = 0; i < n; i++) ex_case_clear(&cases[i]);
        progress(tty, *scenarios, *steps, *diverged, now_s() - t0);
    }
    if (tty) fputc('\n', stderr);
    free(batch);
    free(cases);
    if (code == 0 && cli_interrupted) code = RTSHM_EXIT_INTERNAL;
    return code;
}

int cli_cmd_explore(int argc, char **argv) {
    explore_opts o = {.out_dir = "out/explore", .count = 0, .jobs = 1, .max_steps = 24, .timeout_s = 10, .max_shrink = 16};
    const cli_option table[] = {
        {"--impl", CLI_TEXT, &o.impl, .metavar = "reference|PATH.so", .help = "the implementation to explore (required)"},
        {"--seed", CLI_UINT, &o.seed, "--seed takes an unsigned 64-bit integer, not '%s'", 0, UINT64_MAX, .metavar = "N",
         .help = "the seed every scenario is generated from (default 0)"},
        {"--count", CLI_UINT, &o.count, "--count takes 1 to 100000000 scenarios, not '%s'", 1, 100000000, .metavar = "N",
         .help = "scenarios to generate (default 1000)"},
        {"--time", CLI_UINT, &o.time_s, "--time takes 1 to 86400 seconds, not '%s'", 1, 86400, .metavar = "S",
         .help = "generate until S seconds have passed instead of --count"},
        {"--jobs", CLI_UINT, &o.jobs, "--jobs takes 1 to 1024, not '%s'", 1, 1024, .metavar = "N",
         .help = "scenario children at once for a library (default 1)"},
        {"--out", CLI_TEXT, &o.out_dir, .metavar = "DIR", .help = "where shrunk scenarios are written (default out/explore)"},
        {"--db", CLI_TEXT, &o.db_path, .metavar = "FILE", .help = "record the exploration in this trace database"},
        {"--families", CLI_TEXT, &o.families_text, .metavar = "LIST",
         .help = "comma-separated families calls are drawn from (default: all)"},
        {"--max-steps", CLI_UINT, &o.max_steps, "--max-steps takes 1 to 64, not '%s'", 1, EX_MAX_STEPS, .metavar = "N",
         .help = "steps of a generated scenario at most (default 24)"},
        {"--timeout", CLI_UINT, &o.timeout_s, "--timeout takes seconds from 1 to 3600, not '%s'", 1, 3600, .metavar = "S",
         .help = "per scenario on a library (default 10)"},
        {"--max-shrink", CLI_UINT, &o.max_shrink, "--max-shrink takes 0 to 32, not '%s'", 0, EXPLORE_MAX_KINDS,
         .metavar = "N", .help = "distinct divergences shrunk and written (default 16)"},
    };
    const cli_syntax syntax = {table, sizeof table / sizeof table[0], 0, "explore takes no file argument: '%s'",
                               "unknown option '%s' for explore"};
    int positional_count = 0;
    int code = cli_parse(&syntax, argc - 2, argv + 2, NULL, &positional_count);
    if (code != RTSHM_EXIT_OK) return code;
    if (o.impl == NULL) return cli_usage_error("%s", "explore needs --impl reference|PATH.so");
    if (o.count && o.time_s) return cli_usage_error("%s", "explore takes --count or --time, not both");
    if (o.count == 0 && o.time_s == 0) o.count = 1000;
    char bad[64];
    if (o.families_text && !parse_families(o.families_text, &o.families, bad, sizeof bad))
        return cli_usage_error("--families: unknown family '%s' (ntx, rt, iwin32, rtx64, rtk)", bad);
    ex_gen_opts g = {(int)o.max_steps, o.families};
    cli_catch_interrupts();
    ex_engine_opts eo = {o.impl, (unsigned)o.timeout_s, (unsigned)o.jobs, o.seed, &cli_interrupted, NULL};
    ex_engine *e = ex_engine_new(&eo);
    explore_kind *kinds = calloc(EXPLORE_MAX_KINDS, sizeof *kinds);
    explore_record *rec = NULL;
    if (e == NULL || kinds == NULL) {
        ex_engine_free(e);
        free(kinds);
        return RTSHM_EXIT_INTERNAL;
    }
    if (o.db_path && explore_record_open(o.db_path, argc, argv, o.impl, o.seed, &rec) != 0) {
        ex_engine_free(e);
        free(kinds);
        return RTSHM_EXIT_INTERNAL;
    }
    int kind_count = 0, written_count = 0;
    char *written[EXPLORE_MAX_KINDS] = {0}, *written_paths[EXPLORE_MAX_KINDS] = {0}; /* the shrunk scenarios */
    uint64_t scenarios = 0, steps = 0, diverged = 0;
    double t0 = now_s();
    code = search(e, &o, &g, kinds, &kind_count, &scenarios, &steps, &diverged, rec);
    double elapsed = now_s() - t0;
    if (code == 0) {
        cli_escape_line(stdout, "explore: %s: %llu scenarios (%llu steps) in %.2f s, %.0f scenarios/s; %llu diverged, %d distinct",
                        ex_engine_impl_name(e), (unsigned long long)scenarios, (unsigned long long)steps, elapsed,
                        elapsed > 0 ? (double)scenarios / elapsed : 0.0, (unsigned long long)diverged, kind_count);
        for (int k = 0; k < kind_count && k < (int)o.max_shrink && code == 0; k++)
            if (shrink_and_write(e, &o, &g, &kinds[k], rec, &written[written_count], &written_paths[written_count]) != 0)
                code = RTSHM_EXIT_INTERNAL;
            else
                written_count++;
        if (code == 0 && cli_interrupted) code = RTSHM_EXIT_INTERNAL;
        if (code == 0) code = diverged ? RTSHM_EXIT_FAILED : RTSHM_EXIT_OK;
    }
    if (rec && explore_record_close(rec, code, scenarios, steps, diverged) != 0 && code < RTSHM_EXIT_INTERNAL)
        code = RTSHM_EXIT_INTERNAL;
    if (rec && code == RTSHM_EXIT_FAILED && written_count > 0 &&
        record_shrunk_run(&o, written, written_paths, written_count, argc, argv) != 0)
        code = RTSHM_EXIT_INTERNAL;
    for (int k = 0; k < written_count; k++) {
        free(written[k]);
        free(written_paths[k]);
    }
    ex_engine_free(e);
    free(kinds);
    return code;
}
