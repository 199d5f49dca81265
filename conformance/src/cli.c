/* conformance/src/cli.c — `rtshm run`, `rtshm check`, `--help`, `--version`.
 *
 * run: collect files -> load and validate every one (any error: exit 2 before the trace is opened)
 * -> reject duplicate ids -> apply --filter -> open the trace -> one runs row -> each scenario in path
 * order, one transaction each -> state 'complete' -> summary read back from the trace. */
#include "conf/cli.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fnmatch.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "conf/backend.h"
#include "traces/canon.h"
#include "conf/corpus.h"
#include "conf/isolate.h"
#include "conf/runner.h"
#include "conf/scenario.h"
#include "reports/coverage.h"
#include "reports/levels.h"
#include "reports/report.h"
#include "reports/summary.h"
#include "traces/diff.h"
#include "traces/stream.h"
#include "traces/trace.h"

#ifndef RTSHM_VERSION
#define RTSHM_VERSION "0.0.0"
#endif
#ifndef RTSHM_GIT
#define RTSHM_GIT ""
#endif

#define DEFAULT_DB "out/trace.sqlite"

static volatile sig_atomic_t interrupted;

static void on_signal(int sig) {
    (void)sig;
    interrupted = 1;
}

static const char usage_text[] =
    "usage: rtshm <command> [options]\n"
    "\n"
    "commands:\n"
    "  run [--impl reference|PATH.so] [--db FILE] [--seed N] [--filter GLOB] [--timeout S] PATH...\n"
    "        run scenario files (or every *.json below folders) on the reference model, or on a backend\n"
    "        library (rtshm/backend.h; each scenario in a child process, judged by the reference's\n"
    "        clauses), and record every step in the SQLite trace (default " DEFAULT_DB ")\n"
    "  validate --impl PATH.so [--db FILE] [--timeout S] [--seed N] [--filter GLOB] [PATH...]\n"
    "        the corpus (default conformance/scenarios) on the reference and on the backend into one\n"
    "        trace (default out/validate.sqlite); per clause level, how many scenarios pass, diverge,\n"
    "        fail; exit 0 only when nothing FAILed (FAIL, CRASH, TIMEOUT, ERROR)\n"
    "  check PATH...\n"
    "        validate scenario files only; nothing runs, nothing is written\n"
    "  export DB [--run ID] [-o FILE]\n"
    "        the canonical trace of a run (default: the newest) as JSON Lines\n"
    "  diff A B [--run-a ID] [--run-b ID] [--format text|json] [--ignore F,G] [--context N]\n"
    "        first-divergence diff of two traces (databases or exported JSONL); A and B the same\n"
    "        database without run ids compares its two newest runs; exit 0 identical, 1 different\n"
    "  spec [--format text|json] [--coverage DB [--run ID]]\n"
    "        the clause catalogue; with --coverage, per implementation in the trace: each clause with the\n"
    "        scenarios and steps that cover it, the clauses nothing covers, and the documented statuses\n"
    "        no step produced; exit 1 when a strict clause is uncovered\n"
    "  report DB [--run ID] [--format html|md|junit|json] [-o FILE]\n"
    "         [--baseline ID | --baseline-db FILE [--baseline-run ID]]\n"
    "        one run of a trace (default: the newest) as a self-contained HTML page (default), a Markdown\n"
    "        summary, JUnit XML or rtshm-report/1 JSON; with a baseline run (of DB, or the newest of another\n"
    "        database) new failures and fixed scenarios come first; exit 0 when written\n"
    "  --help | help      this text\n"
    "  --version          tool version\n"
    "\n"
    "options of run:\n"
    "  --db FILE          trace database to append the run to (created when absent)\n"
    "  --seed N           run seed (unsigned 64-bit, default 1), recorded with the run\n"
    "  --filter GLOB      run only scenarios whose id or one of whose tags matches GLOB\n"
    "  --impl reference|PATH.so  the implementation to run: the reference model (default) or a backend\n"
    "                     library; a crash is verdict CRASH, a hang past --timeout (default 10 s) TIMEOUT\n"
    "  --resume           finish the newest run of --db that did not complete (killed or interrupted):\n"
    "                     same run id and seed; scenarios it recorded already are not run again\n"
    "  --check-determinism  run the selected scenarios twice more in memory and report the first\n"
    "                     step whose canonical record differs (SIM.DETERMINISM); exit 1 if any\n"
    "\n"
    "exit codes: 0 all passed; 1 a scenario failed or diverged; 2 bad usage or input; 3 internal error\n";

static int usage_error(const char *fmt, const char *arg) {
    fprintf(stderr, "rtshm: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n(run 'rtshm --help' for usage)\n");
    return RTSHM_EXIT_INPUT;
}

static const char *tool_version(void) {
    static char text[128];
    snprintf(text, sizeof text, "rtshm %s%s%s%s", RTSHM_VERSION, RTSHM_GIT[0] ? " (" : "", RTSHM_GIT,
             RTSHM_GIT[0] ? ")" : "");
    return text;
}

typedef struct loaded {
    conf_scenario **items;
    size_t count;
} loaded;

static void loaded_free(loaded *l) {
    for (size_t i = 0; i < l->count; i++) conf_scenario_free(l->items[i]);
    free(l->items);
}

static int compare_ids(const void *a, const void *b) {
    const conf_scenario *x = *(conf_scenario *const *)a, *y = *(conf_scenario *const *)b;
    int c = strcmp(x->id, y->id);
    return c ? c : strcmp(x->path, y->path);
}

/* Collects and validates every file under paths (all are loaded before anything runs; the steps of
 * files beyond the corpus's hold budget are streamed, conf_corpus_load_mode). Prints each error;
 * returns 0 when all are valid. */
static int load_all(char **paths, int count, loaded *out) {
    conf_file_list files = {0};
    char err[2048];
    memset(out, 0, sizeof *out);
    if (count == 0) return usage_error("%s", "no scenario files or folders given"), -1;
    if (conf_collect((const char *const *)paths, count, &files, err, sizeof err) != 0) {
        fprintf(stderr, "rtshm: %s\n", err);
        conf_file_list_free(&files);
        return -1;
    }
    if (files.count == 0) {
        fprintf(stderr, "rtshm: no *.json scenario files found\n");
        conf_file_list_free(&files);
        return -1;
    }
    out->items = calloc(files.count, sizeof *out->items);
    if (out->items == NULL) {
        fprintf(stderr, "rtshm: out of memory\n");
        conf_file_list_free(&files);
        return -1;
    }
    int errors = 0;
    uint64_t held_bytes = 0;
    for (size_t i = 0; i < files.count; i++) {
        conf_scenario *sc = NULL;
        struct stat st;
        conf_load_mode mode = stat(files.paths[i], &st) == 0 ? conf_corpus_load_mode((uint64_t)st.st_size, &held_bytes)
                                                               : CONF_LOAD_HOLD; /* the loader words the error */
        if (conf_scenario_load_mode(files.paths[i], mode, &sc, err, sizeof err) != 0) {
            fprintf(stderr, "%s\n", err);
            errors++;
            continue;
        }
        out->items[out->count++] = sc;
    }
    conf_file_list_free(&files);
    /* Scenario ids are unique in a corpus: sort a copy by id and compare neighbours. */
    if (errors == 0 && out->count > 1) {
        conf_scenario **by_id = malloc(out->count * sizeof *by_id);
        if (by_id == NULL) {
            fprintf(stderr, "rtshm: out of memory\n");
            return -1;
        }
        memcpy(by_id, out->items, out->count * sizeof *by_id);
        qsort(by_id, out->count, sizeof *by_id, compare_ids);
        for (size_t i = 1; i < out->count; i++) {
            if (strcmp(by_id[i - 1]->id, by_id[i]->id) == 0) {
                /* name the later file (by path) as the duplicate */
                const conf_scenario *a = by_id[i - 1], *b = by_id[i];
                if (strcmp(a->path, b->path) > 0) {
                    const conf_scenario *t = a;
                    a = b;
                    b = t;
                }
                fprintf(stderr, "%s: id: scenario id '%s' is also used by %s\n", b->path, b->id, a->path);
                errors++;
            }
        }
        free(by_id);
    }
    if (errors) {
        fprintf(stderr, "rtshm: %d scenario file%s rejected; nothing was run\n", errors, errors == 1 ? "" : "s");
        return -1;
    }
    return 0;
}

static bool matches_filter(const conf_scenario *sc, const char *glob) {
    if (glob == NULL || fnmatch(glob, sc->id, 0) == 0) return true;
    for (int i = 0; i < sc->tag_count; i++)
        if (fnmatch(glob, sc->tags[i], 0) == 0) return true;
    return false;
}

static char *argv_json(int argc, char **argv) {
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; arr && i < argc; i++) cJSON_AddItemToArray(arr, cJSON_CreateString(argv[i]));
    char *json = arr ? trace_canonical_json(arr) : NULL;
    cJSON_Delete(arr);
    return json;
}

/* mkdir -p of the folder that will hold path. */
static int make_parent(const char *path) {
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash == NULL || slash == dir) return 0;
    *slash = '\0';
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(dir, 0777) != 0 && errno != EEXIST) return -1;
        *p = '/';
    }
    return mkdir(dir, 0777) != 0 && errno != EEXIST ? -1 : 0;
}

static int parse_u64(const char *s, uint64_t *out) {
    if (s == NULL || *s == '\0' || *s == '-') return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || *end) return -1;
    *out = v;
    return 0;
}

/* Runs the selected scenarios into a private scratch trace as run 1 and run 2, once each, then
 * diffs the two runs' canonical traces (SIM.DETERMINISM). Prints one verdict line (and the first
 * divergence when there is one). Returns 0 identical, 1 different, -1 internal error. */
static int check_determinism_of(const loaded *corpus, const char *filter, const conf_backend *be, uint64_t seed,
                                unsigned timeout_s) {
    char path[64], err[1024];
    snprintf(path, sizeof path, "/tmp/rtshm-determinism-%ld.sqlite", (long)getpid());
    unlink(path);
    trace_db *db = NULL;
    if (trace_open(path, &db, err, sizeof err) != 0) {
        fprintf(stderr, "rtshm: determinism check: %s\n", err);
        return -1;
    }
    int rc = 0;
    for (int pass = 0; rc == 0 && pass < 2; pass++) {
        int64_t run_id;
        if (trace_run_begin(db, tool_version(), be->name, seed, "[\"--check-determinism\"]", "-", &run_id) != 0) {
            rc = -1;
            break;
        }
        for (size_t i = 0; rc == 0 && i < corpus->count && !interrupted; i++) {
            if (!matches_filter(corpus->items[i], filter)) continue;
            conf_scenario_result res;
            char why[512];
            /* a backend library runs isolated here too: a crash or hang must not take rtshm down */
            if (be->impl && conf_backend_unsupported(be, corpus->items[i], why, sizeof why))
                rc = conf_record_unrun(corpus->items[i], "SKIP", why, db, run_id, &res);
            else if (be->impl)
                rc = conf_run_isolated(corpus->items[i], be, conf_backend_reference(), seed, db, run_id, timeout_s, &res);
            else
                rc = conf_run_scenario(corpus->items[i], be, seed, db, run_id, &res);
        }
        if (interrupted) rc = -1;
        if (rc == 0) rc = trace_run_finish(db, run_id, "complete");
    }
    trace_close(db);
    trace_stream *a = NULL, *b = NULL;
    if (rc == 0 && (trace_stream_open(path, 1, &a, err, sizeof err) != 0 || trace_stream_open(path, 2, &b, err, sizeof err) != 0))
        rc = -1;
    if (rc == 0) {
        trace_diff_opts opts = {.context = 2, .label_a = "first run", .label_b = "second run"};
        trace_diff_totals t;
        char *report = NULL;
        size_t report_len = 0;
        FILE *mem = open_memstream(&report, &report_len);
        rc = mem ? trace_diff(a, b, &opts, mem, &t, err, sizeof err) : -1;
        if (mem) fclose(mem);
        if (rc == 0) printf("determinism: %ld scenarios ran twice with identical canonical traces (SIM.DETERMINISM)\n", t.compared);
        else if (rc == 1) printf("determinism: FAILED (SIM.DETERMINISM): %ld of %ld scenarios differ between two runs\n%s",
                                 t.changed + t.added + t.removed, t.compared, report ? report : "");
        free(report);
    }
    if (rc < 0) fprintf(stderr, "rtshm: determinism check: %s\n", err[0] ? err : "trace error");
    trace_stream_close(a);
    trace_stream_close(b);
    unlink(path);
    char side_path[96];
    snprintf(side_path, sizeof side_path, "%s-wal", path);
    unlink(side_path);
    snprintf(side_path, sizeof side_path, "%s-shm", path);
    unlink(side_path);
    return rc;
}

/* One pass over the selected scenarios of a corpus with one implementation. */
typedef struct run_plan {
    const loaded *corpus;
    const char *filter;
    const conf_backend *be;
    bool isolate;       /* each scenario in a child process, judged by the reference (foreign backends) */
    unsigned timeout_s; /* per scenario, when isolated */
    uint64_t seed;
    bool resume;        /* skip scenarios the run recorded already */
} run_plan;

/* Runs plan into run_id of db, printing one verdict line per scenario (and the reason of anything
 * but PASS and SKIP). Stops early on SIGINT/SIGTERM. Returns RTSHM_EXIT_OK, RTSHM_EXIT_FAILED (some
 * scenario neither passed nor was skipped), RTSHM_EXIT_INPUT (a streamed scenario's file changed
 * since it was loaded; the run stops there) or RTSHM_EXIT_INTERNAL (the trace could not be written). */
static int run_plan_into(const run_plan *plan, trace_db *db, const char *db_path, int64_t run_id, size_t *ran,
                         size_t *already) {
    bool tty = isatty(STDERR_FILENO);
    int exit_code = RTSHM_EXIT_OK;
    size_t selected = 0;
    for (size_t i = 0; i < plan->corpus->count; i++) selected += matches_filter(plan->corpus->items[i], plan->filter);
    *ran = *already = 0;
    for (size_t i = 0; i < plan->corpus->count && !interrupted; i++) {
        const conf_scenario *sc = plan->corpus->items[i];
        if (!matches_filter(sc, plan->filter)) continue;
        if (plan->resume) {
            int done = trace_scenario_done(db, run_id, sc->id);
            if (done < 0) {
                fprintf(stderr, "rtshm: %s: %s\n", db_path, trace_errmsg(db));
                return RTSHM_EXIT_INTERNAL;
            }
            if (done) {
                (*already)++;
                continue;
            }
        }
        if (tty) fprintf(stderr, "\r\033[K[%zu/%zu] %s", *ran + *already + 1, selected, sc->id);
        conf_scenario_result res;
        char why[512];
        int rc;
        if (plan->be->impl && conf_backend_unsupported(plan->be, sc, why, sizeof why))
            rc = conf_record_unrun(sc, "SKIP", why, db, run_id, &res);
        else if (plan->isolate)
            rc = conf_run_isolated(sc, plan->be, conf_backend_reference(), plan->seed, db, run_id, plan->timeout_s, &res);
        else
            rc = conf_run_scenario(sc, plan->be, plan->seed, db, run_id, &res);
        if (tty) fprintf(stderr, "\r\033[K");
        if (rc != 0) {
            fprintf(stderr, "rtshm: %s: %s\n", sc->path, res.message);
            return res.input_changed ? RTSHM_EXIT_INPUT : RTSHM_EXIT_INTERNAL;
        }
        (*ran)++;
        if (res.findings) printf("%-7s %s  (%d steps, %d finding%s)\n", res.verdict, sc->id, res.steps, res.findings,
                                 res.findings == 1 ? "" : "s");
        else printf("%-7s %s  (%d steps)\n", res.verdict, sc->id, res.steps);
        if (strcmp(res.verdict, "PASS") != 0) {
            printf("        %s: %s\n", sc->path, res.message);
            if (strcmp(res.verdict, "SKIP") != 0) exit_code = RTSHM_EXIT_FAILED;
        }
        fflush(stdout);
    }
    return exit_code;
}

/* Loads the implementation named by --impl: "reference" or a backend library. */
static int load_impl(const char *value, conf_backend *storage, const conf_backend **be) {
    if (value == NULL || strcmp(value, "reference") == 0) {
        *be = conf_backend_reference();
        return 0;
    }
    char err[1024];
    if (conf_backend_load(value, storage, err, sizeof err) != 0) {
        fprintf(stderr, "rtshm: --impl %s\n", err);
        return -1;
    }
    *be = storage;
    return 0;
}

/* The options `run` and `validate` share (and the two only `run` takes). */
typedef struct run_options {
    const char *db_path, *filter, *impl;
    uint64_t seed;
    unsigned timeout_s;
    bool check_determinism, resume;
    char **paths;            /* the PATH arguments (the array is owned; room for one more) */
    int path_count;
} run_options;

/* Parses the arguments of `command` into *o, whose db_path holds the command's default. run_flags:
 * --check-determinism and --resume are accepted. Returns 0, or the exit code of a usage error (then
 * nothing is left allocated). */
static int parse_run_options(int argc, char **argv, const char *command, bool run_flags, run_options *o) {
    o->seed = 1;
    o->timeout_s = 10;
    o->paths = calloc((size_t)argc + 2, sizeof *o->paths);
    o->path_count = 0;
    if (o->paths == NULL) return RTSHM_EXIT_INTERNAL;
    const char *bad = NULL, *bad_value = NULL;
    for (int i = 0; i < argc && bad == NULL; i++) {
        const char *a = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
        bool takes_value = strcmp(a, "--db") == 0 || strcmp(a, "--seed") == 0 || strcmp(a, "--filter") == 0 ||
                           strcmp(a, "--impl") == 0 || strcmp(a, "--timeout") == 0;
        if (takes_value && value == NULL) {
            bad = "%s needs a value";
            bad_value = a;
        } else if (takes_value) {
            i++;
            uint64_t n;
            if (strcmp(a, "--db") == 0) o->db_path = value;
            else if (strcmp(a, "--filter") == 0) o->filter = value;
            else if (strcmp(a, "--impl") == 0) o->impl = value;
            else if (strcmp(a, "--timeout") == 0) {
                if (parse_u64(value, &n) != 0 || n == 0 || n > 3600) {
                    bad = "--timeout takes seconds from 1 to 3600, not '%s'";
                    bad_value = value;
                } else {
                    o->timeout_s = (unsigned)n;
                }
            } else if (parse_u64(value, &o->seed) != 0) {
                bad = "--seed takes an unsigned 64-bit integer, not '%s'";
                bad_value = value;
            }
        } else if (run_flags && strcmp(a, "--check-determinism") == 0) {
            o->check_determinism = true;
        } else if (run_flags && strcmp(a, "--resume") == 0) {
            o->resume = true;
        } else if (a[0] == '-' && a[1] != '\0') {
            bad = strcmp(command, "run") == 0 ? "unknown option '%s' for run" : "unknown option '%s' for validate";
            bad_value = a;
        } else {
            o->paths[o->path_count++] = argv[i];
        }
    }
    if (bad == NULL) return 0;
    free(o->paths);
    o->paths = NULL;
    return usage_error(bad, bad_value);
}

/* The current UTC time as "YYYY-MM-DDTHH:MM:SSZ" (runs.started_at; never part of a canonical trace). */
static void utc_now(char out[32]) {
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int cmd_run(int argc, char **argv, int full_argc, char **full_argv) {
    run_options o = {.db_path = DEFAULT_DB};
    int usage = parse_run_options(argc, argv, "run", true, &o);
    if (usage != 0) return usage;
    const char *db_path = o.db_path, *filter = o.filter;
    uint64_t seed = o.seed;
    unsigned timeout_s = o.timeout_s;
    bool check_determinism = o.check_determinism, resume = o.resume;
    conf_backend library;
    const conf_backend *be;
    if (load_impl(o.impl, &library, &be) != 0) {
        free(o.paths);
        return RTSHM_EXIT_INPUT;
    }
    loaded corpus;
    int rc = load_all(o.paths, o.path_count, &corpus);
    free(o.paths);
    if (rc != 0) {
        loaded_free(&corpus);
        return RTSHM_EXIT_INPUT;
    }

    char err[1024];
    trace_db *db = NULL;
    if (strcmp(db_path, DEFAULT_DB) == 0 && make_parent(db_path) != 0) {
        fprintf(stderr, "rtshm: cannot create the folder of %s: %s\n", db_path, strerror(errno));
        loaded_free(&corpus);
        return RTSHM_EXIT_INTERNAL;
    }
    if (trace_open(db_path, &db, err, sizeof err) != 0) {
        fprintf(stderr, "rtshm: %s\n", err);
        loaded_free(&corpus);
        return RTSHM_EXIT_INTERNAL;
    }
    char started_at[32];
    utc_now(started_at);
    char *args = argv_json(full_argc, full_argv);
    int64_t run_id = 0;
    int exit_code = RTSHM_EXIT_OK;
    if (resume) {
        /* Finish the newest run that did not complete: same run id and seed, scenarios already
         * recorded are skipped (each was one committed transaction). */
        int found = trace_incomplete_run(db, &run_id, &seed);
        if (found != 0) {
            if (found > 0) fprintf(stderr, "rtshm: %s: no interrupted run to resume\n", db_path);
            else fprintf(stderr, "rtshm: %s: %s\n", db_path, trace_errmsg(db));
            free(args);
            trace_close(db);
            loaded_free(&corpus);
            return found > 0 ? RTSHM_EXIT_INPUT : RTSHM_EXIT_INTERNAL;
        }
        fprintf(stderr, "rtshm: resuming run %lld (seed %llu)\n", (long long)run_id, (unsigned long long)seed);
    } else if (args == NULL || trace_run_begin(db, tool_version(), be->name, seed, args, started_at, &run_id) != 0) {
        fprintf(stderr, "rtshm: %s: %s\n", db_path, trace_errmsg(db));
        exit_code = RTSHM_EXIT_INTERNAL;
    }
    free(args);

    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    size_t ran = 0, selected = 0, skipped = 0;
    for (size_t i = 0; i < corpus.count; i++) selected += matches_filter(corpus.items[i], filter);
    run_plan plan = {&corpus, filter, be, be->impl != NULL, timeout_s, seed, resume};
    if (exit_code != RTSHM_EXIT_INTERNAL) exit_code = run_plan_into(&plan, db, db_path, run_id, &ran, &skipped);
    if (exit_code == RTSHM_EXIT_INPUT) { /* left for --resume once the file is back as it was */
        trace_run_finish(db, run_id, "interrupted");
        fprintf(stderr, "rtshm: stopped after %zu of %zu scenarios; nothing of that scenario was recorded\n", ran,
                selected);
    } else if (exit_code != RTSHM_EXIT_INTERNAL) {
        if (interrupted) {
            trace_run_finish(db, run_id, "interrupted");
            fprintf(stderr, "rtshm: interrupted after %zu of %zu scenarios\n", ran, selected);
            exit_code = RTSHM_EXIT_INTERNAL;
        } else if (trace_run_finish(db, run_id, "complete") != 0) {
            fprintf(stderr, "rtshm: %s: %s\n", db_path, trace_errmsg(db));
            exit_code = RTSHM_EXIT_INTERNAL;
        }
        if (selected == 0) fprintf(stderr, "rtshm: --filter '%s' matched no scenario\n", filter ? filter : "");
        (void)ran;
        if (resume) fprintf(stderr, "rtshm: %zu scenarios were already recorded, %zu run now\n", skipped, ran);
        if (report_summary_line(stdout, db, db_path, run_id) != 0) exit_code = RTSHM_EXIT_INTERNAL;
    }
    if (exit_code != RTSHM_EXIT_INTERNAL && exit_code != RTSHM_EXIT_INPUT && check_determinism && !interrupted) {
        int det = check_determinism_of(&corpus, filter, be, seed, timeout_s);
        if (det < 0) exit_code = RTSHM_EXIT_INTERNAL;
        else if (det > 0 && exit_code == RTSHM_EXIT_OK) exit_code = RTSHM_EXIT_FAILED;
    }
    trace_close(db);
    loaded_free(&corpus);
    return exit_code;
}

/* `rtshm validate`: the corpus on the reference (in process) and on a backend library (isolated) into
 * one trace; the table of the backend's results per clause level; exit 0 only when nothing FAILed
 * (FAIL, CRASH, TIMEOUT and ERROR count; DIVERGE and SKIP do not). */
static int cmd_validate(int argc, char **argv, int full_argc, char **full_argv) {
    run_options o = {.db_path = "out/validate.sqlite"};
    int usage = parse_run_options(argc, argv, "validate", false, &o);
    if (usage != 0) return usage;
    const char *db_path = o.db_path, *impl = o.impl, *filter = o.filter;
    uint64_t seed = o.seed;
    unsigned timeout_s = o.timeout_s;
    char **paths = o.paths;
    int path_count = o.path_count;
    if (impl == NULL || strcmp(impl, "reference") == 0) {
        free(paths);
        return usage_error("%s", "validate needs --impl PATH.so: the backend library to validate against the reference");
    }
    if (path_count == 0) paths[path_count++] = "conformance/scenarios";
    conf_backend library;
    const conf_backend *be;
    if (load_impl(impl, &library, &be) != 0) {
        free(paths);
        return RTSHM_EXIT_INPUT;
    }
    loaded corpus;
    int rc = load_all(paths, path_count, &corpus);
    free(paths);
    if (rc != 0) {
        loaded_free(&corpus);
        return RTSHM_EXIT_INPUT;
    }
    char err[1024];
    trace_db *db = NULL;
    if ((strcmp(db_path, "out/validate.sqlite") == 0 && make_parent(db_path) != 0) ||
        trace_open(db_path, &db, err, sizeof err) != 0) {
        fprintf(stderr, "rtshm: %s\n", db ? err : db_path);
        loaded_free(&corpus);
        return RTSHM_EXIT_INTERNAL;
    }
    char started_at[32];
    utc_now(started_at);
    char *args = argv_json(full_argc, full_argv);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    int exit_code = RTSHM_EXIT_OK;
    int64_t runs[2] = {0, 0};
    const conf_backend *sides[2] = {conf_backend_reference(), be};
    for (int side = 0; side < 2 && exit_code != RTSHM_EXIT_INTERNAL && !interrupted; side++) {
        printf("== %s ==\n", sides[side]->name);
        if (args == NULL || trace_run_begin(db, tool_version(), sides[side]->name, seed, args, started_at, &runs[side]) != 0) {
            fprintf(stderr, "rtshm: %s: %s\n", db_path, trace_errmsg(db));
            exit_code = RTSHM_EXIT_INTERNAL;
            break;
        }
        run_plan plan = {&corpus, filter, sides[side], side == 1, timeout_s, seed, false};
        size_t ran, already;
        int code = run_plan_into(&plan, db, db_path, runs[side], &ran, &already);
        if (code == RTSHM_EXIT_INPUT) {
            trace_run_finish(db, runs[side], "interrupted");
            exit_code = code;
            break;
        }
        if (code == RTSHM_EXIT_INTERNAL) exit_code = code;
        else if (trace_run_finish(db, runs[side], interrupted ? "interrupted" : "complete") != 0) exit_code = RTSHM_EXIT_INTERNAL;
        else if (report_summary_line(stdout, db, db_path, runs[side]) != 0) exit_code = RTSHM_EXIT_INTERNAL;
        if (side == 0 && code == RTSHM_EXIT_FAILED)
            fprintf(stderr, "rtshm: the reference itself did not pass every scenario; the backend's verdicts are "
                            "judged against expectations the reference does not meet\n");
    }
    free(args);
    trace_close(db);
    loaded_free(&corpus);
    if (exit_code == RTSHM_EXIT_INTERNAL || exit_code == RTSHM_EXIT_INPUT) return exit_code;
    if (interrupted) return RTSHM_EXIT_INTERNAL;
    printf("== %s per clause level (scenarios) ==\n", be->name);
    report_level_counts counts;
    if (report_levels(db_path, runs[1], stdout, &counts, err, sizeof err) != 0) {
        fprintf(stderr, "rtshm: %s\n", err);
        return RTSHM_EXIT_INTERNAL;
    }
    /* The backend's run as a report, with the reference's as its baseline. */
    char report_path[4200];
    snprintf(report_path, sizeof report_path, "%.*s-report.html", (int)(strlen(db_path) > 7 &&
             strcmp(db_path + strlen(db_path) - 7, ".sqlite") == 0 ? strlen(db_path) - 7 : strlen(db_path)), db_path);
    FILE *rf = fopen(report_path, "wb");
    report_options ro = {.db = db_path, .run_id = runs[1], .format = REPORT_HTML, .baseline_run = runs[0]};
    if (rf == NULL || report_render(&ro, rf, err, sizeof err) != REPORT_OK) {
        fprintf(stderr, "rtshm: report %s: %s\n", report_path, rf ? err : strerror(errno));
        if (rf) fclose(rf);
        return RTSHM_EXIT_INTERNAL;
    }
    fclose(rf);
    printf("report: %s\n", report_path);
    long failed = counts.scen_fail + counts.scen_crash + counts.scen_timeout + counts.scen_error;
    printf("validate: %s: %s (%ld scenarios failed; trace %s, runs %lld and %lld)\n", be->name,
           failed ? "FAILED" : "passed", failed, db_path, (long long)runs[0], (long long)runs[1]);
    return failed ? RTSHM_EXIT_FAILED : RTSHM_EXIT_OK;
}

static int cmd_check(int argc, char **argv) {
    for (int i = 0; i < argc; i++)
        if (argv[i][0] == '-' && argv[i][1] != '\0') return usage_error("unknown option '%s' for check", argv[i]);
    loaded corpus;
    int rc = load_all(argv, argc, &corpus);
    if (rc == 0) {
        size_t steps = 0;
        for (size_t i = 0; i < corpus.count; i++) steps += (size_t)corpus.items[i]->step_count;
        printf("%zu scenario files valid (%zu steps)\n", corpus.count, steps);
    }
    loaded_free(&corpus);
    return rc == 0 ? RTSHM_EXIT_OK : RTSHM_EXIT_INPUT;
}

/* Parses a run id option value (a positive integer). */
static int parse_run_id(const char *value, int64_t *out) {
    uint64_t v;
    if (parse_u64(value, &v) != 0 || v == 0 || v > INT64_MAX) return -1;
    *out = (int64_t)v;
    return 0;
}

static int cmd_export(int argc, char **argv) {
    const char *db = NULL, *out_path = NULL;
    int64_t run_id = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--run") == 0 || strcmp(a, "-o") == 0) {
            if (value == NULL) return usage_error("%s needs a value", a);
            i++;
            if (a[1] == 'o') out_path = value;
            else if (parse_run_id(value, &run_id) != 0) return usage_error("--run takes a run id (1, 2, ...), not '%s'", value);
        } else if (a[0] == '-' && a[1] != '\0') {
            return usage_error("unknown option '%s' for export", a);
        } else if (db == NULL) {
            db = a;
        } else {
            return usage_error("export takes one trace database, not also '%s'", a);
        }
    }
    if (db == NULL) return usage_error("%s", "export needs a trace database");
    if (access(db, R_OK) != 0) {
        fprintf(stderr, "rtshm: %s: %s\n", db, strerror(errno));
        return RTSHM_EXIT_INPUT;
    }
    char err[1024], tmp[4200];
    FILE *out = stdout;
    if (out_path) {
        /* Write beside the target and rename at the end: never a half-written file. */
        snprintf(tmp, sizeof tmp, "%s.tmp-%ld", out_path, (long)getpid());
        out = fopen(tmp, "wb");
        if (out == NULL) {
            fprintf(stderr, "rtshm: %s: %s\n", out_path, strerror(errno));
            return RTSHM_EXIT_INTERNAL;
        }
    }
    int64_t n = trace_export(db, run_id, out, err, sizeof err);
    if (out_path) {
        bool ok = n >= 0 && fclose(out) == 0 && rename(tmp, out_path) == 0;
        if (!ok) {
            unlink(tmp);
            if (n >= 0) snprintf(err, sizeof err, "%s: %s", out_path, strerror(errno));
            n = -1;
        }
    }
    if (n < 0) {
        fprintf(stderr, "rtshm: %s\n", err);
        return strstr(err, "no run") || strstr(err, "not an rtshm") ? RTSHM_EXIT_INPUT : RTSHM_EXIT_INTERNAL;
    }
    if (out_path) fprintf(stderr, "rtshm: %lld records written to %s\n", (long long)n, out_path);
    return RTSHM_EXIT_OK;
}

/* `rtshm report DB [--run ID] [--format html|md|junit|json] [-o FILE]
 *                  [--baseline ID | --baseline-db FILE [--baseline-run ID]]` — one run of a trace rendered
 * by reports/ (report.h). --baseline is a run of DB; --baseline-db the newest run of another database, or its
 * --baseline-run. Exit 0 when the report is written, whatever its verdicts; 2 bad usage or bad input (a file
 * that is missing or no trace, a run that does not exist); 3 internal error (SQLite, memory, writing). With -o
 * the file is written whole or not at all: a temporary file beside it, renamed over it at the end. */
static int cmd_report(int argc, char **argv) {
    report_options o = {.format = REPORT_HTML};
    const char *out_path = NULL;
    int64_t baseline = 0, baseline_run = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--run") == 0 || strcmp(a, "--format") == 0 || strcmp(a, "-o") == 0 ||
            strcmp(a, "--baseline") == 0 || strcmp(a, "--baseline-db") == 0 || strcmp(a, "--baseline-run") == 0) {
            if (value == NULL) return usage_error("%s needs a value", a);
            i++;
            if (strcmp(a, "-o") == 0) {
                out_path = value;
            } else if (strcmp(a, "--format") == 0) {
                if (!report_format_by_name(value, &o.format))
                    return usage_error("--format is html, md, junit or json, not '%s'", value);
            } else if (strcmp(a, "--baseline-db") == 0) {
                o.baseline_db = value;
            } else {
                int64_t id;
                if (parse_run_id(value, &id) != 0) return usage_error("run ids are 1, 2, ..., not '%s'", value);
                if (strcmp(a, "--run") == 0) o.run_id = id;
                else if (strcmp(a, "--baseline") == 0) baseline = id;
                else baseline_run = id;
            }
        } else if (a[0] == '-' && a[1] != '\0') {
            return usage_error("unknown option '%s' for report", a);
        } else if (o.db == NULL) {
            o.db = a;
        } else {
            return usage_error("report takes one trace database, not also '%s'", a);
        }
    }
    if (o.db == NULL) return usage_error("%s", "report needs a trace database");
    if (baseline && o.baseline_db)
        return usage_error("%s", "--baseline ID is a run of DB; for another database use --baseline-db FILE "
                                 "[--baseline-run ID]");
    if (baseline_run && o.baseline_db == NULL)
        return usage_error("%s", "--baseline-run goes with --baseline-db FILE (for a run of DB: --baseline ID)");
    o.baseline_run = o.baseline_db ? baseline_run : baseline;
    const char *inputs[2] = {o.db, o.baseline_db};
    for (int i = 0; i < 2; i++)
        if (inputs[i] && access(inputs[i], R_OK) != 0) {
            fprintf(stderr, "rtshm: %s: %s\n", inputs[i], strerror(errno));
            return RTSHM_EXIT_INPUT;
        }

    char err[1024] = "", tmp[4200] = "";
    FILE *out = stdout;
    if (out_path) {
        /* Write beside the target and rename at the end: never a half-written report. */
        if (make_parent(out_path) != 0) {
            fprintf(stderr, "rtshm: %s: %s\n", out_path, strerror(errno));
            return RTSHM_EXIT_INTERNAL;
        }
        snprintf(tmp, sizeof tmp, "%s.tmp-%ld", out_path, (long)getpid());
        out = fopen(tmp, "wb");
        if (out == NULL) {
            fprintf(stderr, "rtshm: %s: %s\n", out_path, strerror(errno));
            return RTSHM_EXIT_INTERNAL;
        }
    }
    int rc = report_render(&o, out, err, sizeof err);
    if (out_path) {
        bool closed = fclose(out) == 0;
        if (rc == REPORT_OK && !closed) {
            snprintf(err, sizeof err, "%s: %s", out_path, strerror(errno));
            rc = REPORT_EINTERNAL;
        }
        if (rc == REPORT_OK && rename(tmp, out_path) != 0) {
            snprintf(err, sizeof err, "%s: %s", out_path, strerror(errno));
            rc = REPORT_EINTERNAL;
        }
        if (rc != REPORT_OK) unlink(tmp);
    }
    if (rc != REPORT_OK) {
        fprintf(stderr, "rtshm: %s\n", err);
        return rc == REPORT_EINPUT ? RTSHM_EXIT_INPUT : RTSHM_EXIT_INTERNAL;
    }
    if (out_path) fprintf(stderr, "rtshm: report written to %s\n", out_path);
    return RTSHM_EXIT_OK;
}

/* The two newest run ids of a trace database (0 where there is none). */
static void two_newest_runs(const char *db, int64_t *older, int64_t *newer) {
    trace_db *t = NULL;
    char err[256];
    *older = *newer = 0;
    if (trace_open(db, &t, err, sizeof err) != 0) return;
    trace_newest_runs(t, older, newer);
    trace_close(t);
}

static int cmd_diff(int argc, char **argv) {
    const char *paths[2] = {NULL, NULL};
    int npaths = 0;
    int64_t run[2] = {0, 0};
    trace_diff_opts opts = {.context = 2, .label_a = "A", .label_b = "B"};
    char ignore_buf[1024] = "";
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--run-a") == 0 || strcmp(a, "--run-b") == 0 || strcmp(a, "--format") == 0 ||
            strcmp(a, "--ignore") == 0 || strcmp(a, "--context") == 0) {
            if (value == NULL) return usage_error("%s needs a value", a);
            i++;
            if (strcmp(a, "--format") == 0) {
                if (strcmp(value, "json") == 0) opts.json = true;
                else if (strcmp(value, "text") != 0) return usage_error("--format is text or json, not '%s'", value);
            } else if (strcmp(a, "--ignore") == 0) {
                snprintf(ignore_buf, sizeof ignore_buf, "%s", value);
            } else if (strcmp(a, "--context") == 0) {
                uint64_t n;
                if (parse_u64(value, &n) != 0 || n > 16) return usage_error("--context takes 0 to 16, not '%s'", value);
                opts.context = (int)n;
            } else if (parse_run_id(value, &run[a[6] == 'a' ? 0 : 1]) != 0) {
                return usage_error("run ids are 1, 2, ..., not '%s'", value);
            }
        } else if (a[0] == '-' && a[1] != '\0') {
            return usage_error("unknown option '%s' for diff", a);
        } else if (npaths < 2) {
            paths[npaths++] = a;
        } else {
            return usage_error("diff compares two traces; '%s' is a third", a);
        }
    }
    if (npaths != 2) return usage_error("%s", "diff needs two traces: A B");
    for (char *tok = strtok(ignore_buf, ","); tok && opts.ignore_count < TRACE_DIFF_MAX_IGNORE; tok = strtok(NULL, ","))
        opts.ignore[opts.ignore_count++] = tok;
    for (int i = 0; i < 2; i++)
        if (access(paths[i], R_OK) != 0) {
            fprintf(stderr, "rtshm: %s: %s\n", paths[i], strerror(errno));
            return RTSHM_EXIT_INPUT;
        }
    if (strcmp(paths[0], paths[1]) == 0 && run[0] == 0 && run[1] == 0 && trace_is_database(paths[0])) {
        /* one database: its two newest runs (one JSONL file twice is simply identical to itself) */
        two_newest_runs(paths[0], &run[0], &run[1]);
        if (run[0] == 0) {
            fprintf(stderr, "rtshm: %s holds fewer than two runs; give --run-a and --run-b\n", paths[0]);
            return RTSHM_EXIT_INPUT;
        }
    }
    char label_a[128], label_b[128], err[1024];
    snprintf(label_a, sizeof label_a, "%s", paths[0]);
    snprintf(label_b, sizeof label_b, "%s", paths[1]);
    if (run[0]) snprintf(label_a, sizeof label_a, "run %lld", (long long)run[0]);
    if (run[1]) snprintf(label_b, sizeof label_b, "run %lld", (long long)run[1]);
    opts.label_a = label_a;
    opts.label_b = label_b;
    trace_stream *a = NULL, *b = NULL;
    if (trace_stream_open(paths[0], run[0], &a, err, sizeof err) != 0 ||
        trace_stream_open(paths[1], run[1], &b, err, sizeof err) != 0) {
        fprintf(stderr, "rtshm: %s\n", err);
        trace_stream_close(a);
        return RTSHM_EXIT_INPUT;
    }
    trace_diff_totals totals;
    int rc = trace_diff(a, b, &opts, stdout, &totals, err, sizeof err);
    trace_stream_close(a);
    trace_stream_close(b);
    if (rc < 0) {
        fprintf(stderr, "rtshm: %s\n", err);
        return RTSHM_EXIT_INPUT;
    }
    return rc == 0 ? RTSHM_EXIT_OK : RTSHM_EXIT_FAILED;
}

static int cmd_spec(int argc, char **argv) {
    const char *db = NULL;
    bool json = false;
    int64_t run_id = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--coverage") == 0 || strcmp(a, "--format") == 0 || strcmp(a, "--run") == 0) {
            if (value == NULL) return usage_error("%s needs a value", a);
            i++;
            if (a[2] == 'c') db = value;
            else if (a[2] == 'f') {
                if (strcmp(value, "json") == 0) json = true;
                else if (strcmp(value, "text") != 0) return usage_error("--format is text or json, not '%s'", value);
            } else if (parse_run_id(value, &run_id) != 0) {
                return usage_error("--run takes a run id (1, 2, ...), not '%s'", value);
            }
        } else {
            return usage_error("unknown argument '%s' for spec", a);
        }
    }
    if (db == NULL) {
        if (run_id) return usage_error("%s", "--run goes with --coverage DB");
        report_spec_list(stdout, json);
        return RTSHM_EXIT_OK;
    }
    if (access(db, R_OK) != 0) {
        fprintf(stderr, "rtshm: %s: %s\n", db, strerror(errno));
        return RTSHM_EXIT_INPUT;
    }
    report_coverage_totals totals;
    char err[1024];
    if (report_coverage(db, run_id, json, stdout, &totals, err, sizeof err) != 0) {
        fprintf(stderr, "rtshm: %s\n", err);
        return RTSHM_EXIT_INPUT;
    }
    return totals.strict_uncovered > 0 ? RTSHM_EXIT_FAILED : RTSHM_EXIT_OK;
}

int conf_cli_main(int argc, char **argv) {
    if (argc < 2) {
        fputs(usage_text, stderr);
        return RTSHM_EXIT_INPUT;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage_text, stdout);
        return RTSHM_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("%s\n", tool_version());
        return RTSHM_EXIT_OK;
    }
    for (int i = 2; i < argc; i++) { /* `rtshm <command> --help` */
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage_text, stdout);
            return RTSHM_EXIT_OK;
        }
    }
    if (strcmp(cmd, "run") == 0) return cmd_run(argc - 2, argv + 2, argc, argv);
    if (strcmp(cmd, "check") == 0) return cmd_check(argc - 2, argv + 2);
    if (strcmp(cmd, "export") == 0) return cmd_export(argc - 2, argv + 2);
    if (strcmp(cmd, "diff") == 0) return cmd_diff(argc - 2, argv + 2);
    if (strcmp(cmd, "spec") == 0) return cmd_spec(argc - 2, argv + 2);
    if (strcmp(cmd, "validate") == 0) return cmd_validate(argc - 2, argv + 2, argc, argv);
    if (strcmp(cmd, "report") == 0) return cmd_report(argc - 2, argv + 2);
    return usage_error("unknown command '%s' (commands in this version: run, check, export, diff, spec, validate, report)",
                       cmd);
}
