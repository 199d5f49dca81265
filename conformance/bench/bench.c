/* conformance/bench/bench.c — rtshm_bench, the program behind `make bench`.
 *
 * Run from the repository root (it reads conformance/scenarios and writes only under out/bench/).
 * Prints a machine note, one progress line per measurement on stderr, then the table on stdout: each
 * figure beside its target, marked met / NOT MET. Exit status 0 when every measurement ran (targets
 * met or not), 1 when one could not run. `rtshm_bench isolated` takes (i), (j) and (k) only (seconds,
 * where the whole bench takes minutes); `rtshm_bench explore` takes (l) and (m) only; `rtshm_bench
 * runner` the runner's (a) rows only (held and streamed steps). The measurements (bench.h):
 *   (a) unrecorded throughput: the generated 1,000,000-step scenario through conf_run_scenario with
 *       no trace, its steps held in memory (the runner's own speed) and streamed from the file (as
 *       `rtshm run` takes a file this large), and the same cycle of calls made on the sim_ functions;
 *   (b) the same scenario recorded into a fresh trace database, loaded as `rtshm run` loads it;
 *   (c) the SQLite floor for the same rows, and the time ratio (b)/(c);
 *   (d) load + run of the shipped corpus into a fresh database (`rtshm run`);
 *   (e) the peak RSS of the recorded million-step run (the child of (b));
 *   (f) the extra peak RSS of a 0xFFFFF000-byte segment with 3 pages touched, over a baseline child;
 *   (g) the diff of two million-step canonical traces (identical; one change near the end): time and
 *       peak RSS;
 *   (h) scaling: 16,000 and 64,000 views kept mapped by one process, recorded (information: the ratio
 *       shows whether any per-step cost grows with what is live);
 *   (i) the corpus through the reference backend library, isolated (fork server, one child per
 *       scenario), --jobs 1, against the in-process run: medians of 5 paired runs;
 *   (j) the same with --jobs 2 against --jobs 1 (medians of the same 5 rounds), and beside it the
 *       machine's ceiling for it: the corpus in two halves run by two processes at once
 *       (measure_isolated.c, bench_halves);
 *   (k) the peak RSS of rtshm itself (not its children) for a few scenarios and for the whole corpus,
 *       isolated: it must not grow with the number of scenarios. */
#include "bench.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#ifndef RTSHM_BENCH_BUILD_TYPE
#define RTSHM_BENCH_BUILD_TYPE "?"
#endif
#ifndef RTSHM_BENCH_SANITIZE
#define RTSHM_BENCH_SANITIZE 0
#endif

#if defined(__SANITIZE_ADDRESS__)
#define BENCH_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BENCH_ASAN 1
#endif
#endif
#ifndef BENCH_ASAN
#define BENCH_ASAN 0
#endif

#define CORPUS "conformance/scenarios"
#define MIB (1024.0 * 1024.0)

/* Targets (the project's issue). */
#define TARGET_CALLS_PER_S 2000000.0
#define TARGET_RECORD_RATIO 2.0
#define TARGET_CORPUS_S 1.0
#define TARGET_MILLION_RSS_KB (64L * 1024)
#define TARGET_HUGE_EXTRA_KB 1024L
#define TARGET_DIFF_S 5.0
#define TARGET_ISOLATED_RATIO 3.0     /* isolated corpus (--jobs 1) over the in-process run */
#define TARGET_JOBS2_SPEEDUP 1.7      /* --jobs 1 over --jobs 2, isolated, on 2 cores */
#define TARGET_PARENT_RSS_GROWTH_KB 1024L
#define ISOLATED_PAIRS 5
#define TARGET_REJECT_RSS_PER_BYTE 4
#define TARGET_EXPLORE_ISOLATED_PER_S 2000.0 /* generated scenarios/s through a library, --jobs 2 */
#define TARGET_EXPLORE_MUTANT_S 60.0         /* to find and shrink one shipped mutant */
#define TARGET_EXPLORE_MUTANT_STEPS 8 /* a rejected file is worded in at most this many times its size */

static void measure_explore(void);

/* One line of the table. verdict: 1 met, 0 not met, -1 no target (information). */
typedef struct row {
    char label[64];
    char figure[112];
    char target[32];
    int verdict;
} row;

#define MAX_ROWS 64
static row rows[MAX_ROWS];
static int row_count;
static int broken; /* measurements that could not run */

static void add_row(const char *label, const char *target, int verdict, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void add_row(const char *label, const char *target, int verdict, const char *fmt, ...) {
    if (row_count >= MAX_ROWS) return;
    row *r = &rows[row_count++];
    snprintf(r->label, sizeof r->label, "%s", label);
    snprintf(r->target, sizeof r->target, "%s", target);
    r->verdict = verdict;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->figure, sizeof r->figure, fmt, ap);
    va_end(ap);
}

/* A failed measurement: its row says why, and counts as not met where it had a target. */
static void add_failure(const char *label, const char *target, const bench_result *r) {
    add_row(label, target, target[0] ? 0 : -1, "FAILED: %.90s", r->note[0] ? r->note : "no result");
    broken++;
}

/* n with thousands separators, in one of 4 rotating buffers. */
static const char *grouped(double value) {
    static char bufs[4][32];
    static int next;
    char *out = bufs[next++ % 4];
    char digits[32];
    snprintf(digits, sizeof digits, "%.0f", value);
    int len = (int)strlen(digits), o = 0;
    for (int i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0 && digits[i - 1] != '-') out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
    return out;
}

static void progress(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "bench: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* Runs a measurement in a child, with a progress line before it. */
static int measure(const char *what, bench_fn fn, void *arg, bench_result *r, long *maxrss_kb) {
    progress("%s ...", what);
    double t0 = bench_now();
    int rc = bench_in_child(fn, arg, r, maxrss_kb);
    if (rc == 0 && !r->ok && r->note[0] == '\0') snprintf(r->note, sizeof r->note, "did not complete");
    progress("  %s in %.2f s%s%s", rc == 0 && r->ok ? "done" : "FAILED", bench_now() - t0, r->note[0] ? ": " : "",
             r->note);
    return rc == 0 && r->ok ? 0 : -1;
}

/* The machine note: date, CPU, memory, kernel, compiler, build. */
static void print_machine(FILE *out, char *date, size_t date_cap) {
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, date_cap, "%Y-%m-%d %H:%M UTC", &tm);
    char cpu[256] = "unknown", line[512];
    long mem_kb = 0;
    FILE *f = fopen("/proc/cpuinfo", "r");
    while (f && fgets(line, sizeof line, f)) {
        if (strncmp(line, "model name", 10) == 0) {
            const char *v = strchr(line, ':');
            if (v) {
                v++;
                while (*v == ' ' || *v == '\t') v++;
                snprintf(cpu, sizeof cpu, "%s", v);
                cpu[strcspn(cpu, "\n")] = '\0';
            }
            break;
        }
    }
    if (f) fclose(f);
    f = fopen("/proc/meminfo", "r");
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "MemTotal: %ld kB", &mem_kb) == 1) break;
    if (f) fclose(f);
    struct utsname u;
    if (uname(&u) != 0) memset(&u, 0, sizeof u);
    bool sanitized = RTSHM_BENCH_SANITIZE || BENCH_ASAN;
    fprintf(out, "rtshm_bench  %s\n", date);
    fprintf(out, "machine: %ld CPUs (nproc), %s, %.1f GiB RAM, %s %s %s\n", sysconf(_SC_NPROCESSORS_ONLN), cpu,
            mem_kb / MIB, u.sysname, u.release, u.machine);
#if defined(__VERSION__)
    fprintf(out, "build: %s, compiler %s, SQLite %s, sanitizers: %s\n", RTSHM_BENCH_BUILD_TYPE, __VERSION__,
            sqlite3_libversion(), sanitized ? "YES (figures are not representative)" : "none");
#else
    fprintf(out, "build: %s, SQLite %s, sanitizers: %s\n", RTSHM_BENCH_BUILD_TYPE, sqlite3_libversion(),
            sanitized ? "YES (figures are not representative)" : "none");
#endif
}

/* The 1-, 5- and 15-minute load averages (other work on the machine skews wall-clock figures). */
static void print_load(FILE *out, const char *when) {
    char text[128] = "unknown";
    FILE *f = fopen("/proc/loadavg", "r");
    if (f && fgets(text, sizeof text, f)) {
        char *p = text;
        for (int spaces = 0; *p && spaces < 3; p++) spaces += *p == ' ';
        if (p > text) p[-1] = '\0';
    }
    if (f) fclose(f);
    fprintf(out, "load average %s: %s\n", when, text);
}

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n) {
    qsort(v, (size_t)n, sizeof *v, compare_doubles);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* (i), (j), (k): the corpus isolated through the reference backend library. */
static void measure_isolated(void) {
    const char *db = BENCH_DIR "/isolated.sqlite";
    bench_isolated_args in_process = {CORPUS, db, NULL, 1, NULL};
    bench_isolated_args jobs1 = {CORPUS, db, RTSHM_BENCH_BACKEND, 1, NULL}, jobs2 = {CORPUS, db, RTSHM_BENCH_BACKEND, 2, NULL};
    bench_halves_args halves = {BENCH_DIR "/halves/a", BENCH_DIR "/halves/b", BENCH_DIR "/half-a.sqlite",
                                BENCH_DIR "/half-b.sqlite", RTSHM_BENCH_BACKEND};
    char split_err[512];
    if (bench_split_corpus(CORPUS, halves.half_a, halves.half_b, split_err, sizeof split_err) != 0) {
        bench_result split = {0};
        snprintf(split.note, sizeof split.note, "%.200s", split_err);
        add_failure("(i) corpus isolated (backend .so), --jobs 1", "<= 3x", &split);
        return;
    }
    double t_in[ISOLATED_PAIRS], t_j1[ISOLATED_PAIRS], t_j2[ISOLATED_PAIRS], t_halves[ISOLATED_PAIRS];
    double cpu_self[ISOLATED_PAIRS], cpu_rest[ISOLATED_PAIRS]; /* --jobs 2: rtshm's own CPU, its children's */
    bench_result r;
    long rss;
    char target[32];
    for (int i = 0; i < ISOLATED_PAIRS; i++) {
        if (measure("(i) corpus in process", bench_isolated, &in_process, &r, &rss) != 0) goto failed;
        t_in[i] = r.seconds;
        if (measure("(i) corpus isolated, --jobs 1", bench_isolated, &jobs1, &r, &rss) != 0) goto failed;
        t_j1[i] = r.seconds;
        if (measure("(j) corpus isolated, --jobs 2", bench_isolated, &jobs2, &r, &rss) != 0) goto failed;
        t_j2[i] = r.seconds;
        cpu_self[i] = r.cpu_self_s;
        cpu_rest[i] = r.cpu_children_s;
        if (measure("(j) ceiling: two halves at once", bench_halves, &halves, &r, &rss) != 0) goto failed;
        t_halves[i] = r.seconds;
    }
    double in = median(t_in, ISOLATED_PAIRS), j1 = median(t_j1, ISOLATED_PAIRS), j2 = median(t_j2, ISOLATED_PAIRS);
    snprintf(target, sizeof target, "<= %.0fx", TARGET_ISOLATED_RATIO);
    add_row("(i) corpus isolated (backend .so), --jobs 1", target, j1 / in <= TARGET_ISOLATED_RATIO,
            "%.3f s = %.2fx in process (%.3f s); median of %d", j1, j1 / in, in, ISOLATED_PAIRS);
    snprintf(target, sizeof target, ">= %.1fx", TARGET_JOBS2_SPEEDUP);
    add_row("(j) corpus isolated, --jobs 2 speed-up", target, j1 / j2 >= TARGET_JOBS2_SPEEDUP,
            "%.2fx (%.3f s; %ld CPUs online)", j1 / j2, j2, sysconf(_SC_NPROCESSORS_ONLN));
    /* what bounds (j) whatever the machine's load: on 2 free cores --jobs 2 takes at least the larger of
     * rtshm's own CPU (it judges and records every step) and half of all the CPU */
    double self = median(cpu_self, ISOLATED_PAIRS), rest = median(cpu_rest, ISOLATED_PAIRS);
    double floor_s = self > (self + rest) / 2 ? self : (self + rest) / 2;
    /* the machine's own bound: two processes sharing nothing but the machine, half the corpus each */
    double both = median(t_halves, ISOLATED_PAIRS);
    add_row("    ceiling: 2 halves, 2 processes at once", "", -1, "%.2fx (%.3f s): bounds (j) on this machine",
            j1 / both, both);
    add_row("    CPU of --jobs 2: rtshm / server + children", "", -1, "%.3f s / %.3f s: sum over 2-core floor %.2fx", self,
            rest, (self + rest) / floor_s);
    /* (k) rtshm's own peak RSS, a few scenarios then all of them, isolated and in process: isolation
     * must add nothing that grows with the number of scenarios (what grows in both is the trace's
     * SQLite page cache, bounded) */
    long hwm[2][2];
    long long counts[2] = {0, 0};
    for (int isolated = 0; isolated < 2; isolated++)
        for (int all = 0; all < 2; all++) {
            bench_isolated_args a = {CORPUS, db, isolated ? RTSHM_BENCH_BACKEND : NULL, 1, all ? NULL : "iwin32.create.*"};
            if (measure("(k) rtshm's own peak RSS", bench_isolated, &a, &r, &rss) != 0) goto failed;
            hwm[isolated][all] = r.hwm_mark_kb;
            counts[all] = r.count;
        }
    long growth_iso = hwm[1][1] - hwm[1][0], growth_in = hwm[0][1] - hwm[0][0];
    snprintf(target, sizeof target, "<= in-proc +%ld KiB", TARGET_PARENT_RSS_GROWTH_KB / 4);
    add_row("(k) rtshm's own peak RSS, isolated run", target, growth_iso <= growth_in + TARGET_PARENT_RSS_GROWTH_KB / 4,
            "%lld sc. %.1f MiB, %lld sc. %.1f MiB (%+ld KiB)", counts[0], hwm[1][0] / 1024.0, counts[1],
            hwm[1][1] / 1024.0, growth_iso);
    add_row("    the same in process (the trace's page cache)", "", -1, "%.1f MiB, %.1f MiB (%+ld KiB)", hwm[0][0] / 1024.0,
            hwm[0][1] / 1024.0, growth_in);
    return;
failed:
    add_failure("(i) corpus isolated (backend .so), --jobs 1", "<= 3x", &r);
}

static const char *verdict_text(int v) {
    return v > 0 ? "met" : v == 0 ? "NOT MET" : "";
}

static void print_table(FILE *out) {
    fprintf(out, "\n%-52s %-48s %-14s %s\n", "measurement", "figure", "target", "");
    for (int i = 0; i < 52 + 1 + 48 + 1 + 14 + 1 + 7; i++) fputc('-', out);
    fputc('\n', out);
    int met = 0, targets = 0;
    for (int i = 0; i < row_count; i++) {
        fprintf(out, "%-52s %-48s %-14s %s\n", rows[i].label, rows[i].figure, rows[i].target, verdict_text(rows[i].verdict));
        if (rows[i].verdict >= 0) {
            targets++;
            met += rows[i].verdict;
        }
    }
    fprintf(out, "\n%d of %d targets met%s\n", met, targets, broken ? "; some measurements could not run" : "");
}

int main(int argc, char **argv) {
    char date[64];
    bool isolated_only = argc == 2 && strcmp(argv[1], "isolated") == 0; /* (i), (j), (k) alone */
    bool explore_only = argc == 2 && strcmp(argv[1], "explore") == 0;   /* (l), (m) alone */
    bool runner_only = argc == 2 && strcmp(argv[1], "runner") == 0;     /* (a), the runner's rows alone */
    if (argc > 1 && !isolated_only && !explore_only && !runner_only) {
        fprintf(stderr, "usage: rtshm_bench [isolated | explore | runner]\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    print_machine(stdout, date, sizeof date);
    print_load(stdout, "at the start");
    if (access(CORPUS, R_OK) != 0) {
        fprintf(stderr, "bench: %s not found: run rtshm_bench from the repository root\n", CORPUS);
        return 1;
    }
    if (bench_mkdirs(BENCH_DIR) != 0) {
        perror("bench: " BENCH_DIR);
        return 1;
    }
    if (isolated_only || explore_only) {
        if (isolated_only) measure_isolated();
        else measure_explore();
        print_table(stdout);
        print_load(stdout, "at the end");
        return broken ? 1 : 0;
    }
    const char *scenario = BENCH_DIR "/million.json";
    const char *recorded_db = BENCH_DIR "/million.sqlite";
    const char *floor_db = BENCH_DIR "/floor.sqlite";
    const char *corpus_db = BENCH_DIR "/corpus.sqlite";
    const char *jsonl_a = BENCH_DIR "/million-a.jsonl";
    const char *jsonl_a2 = BENCH_DIR "/million-a-copy.jsonl";
    const char *jsonl_b = BENCH_DIR "/million-b.jsonl";

    progress("writing %s (%s steps) ...", scenario, grouped((double)BENCH_STEPS));
    long bytes = bench_write_scenario(scenario, BENCH_STEPS);
    if (bytes < 0) {
        perror("bench: cannot write the scenario");
        return 1;
    }
    progress("  %s bytes", grouped((double)bytes));

    bench_result r;
    long rss = 0;
    char target[32];
    snprintf(target, sizeof target, ">= %s/s", grouped(TARGET_CALLS_PER_S));

    /* (a) unrecorded: the runner on the scenario's steps held in memory */
    bench_run_args unrec = {scenario, NULL, CONF_LOAD_HOLD};
    if (measure("(a) runner, unrecorded, held steps, 1,000,000 steps", bench_run_scenario, &unrec, &r, &rss) == 0) {
        double rate = (double)r.count / r.seconds;
        add_row("(a) unrecorded, runner on held steps (db NULL)", target, rate >= TARGET_CALLS_PER_S,
                "%s steps/s (%s steps in %.3f s)", grouped(rate), grouped((double)r.count), r.seconds);
        add_row("    held load of the file (parse+validate)", "", -1, "%.3f s, %s bytes, VmHWM %.0f MiB", r.aux_seconds,
                grouped((double)bytes), r.hwm_mark_kb / 1024.0);
    } else {
        add_failure("(a) unrecorded, runner on held steps (db NULL)", target, &r);
    }

    /* (a) unrecorded, the way `rtshm run` takes a file this large: steps streamed from the file */
    bench_run_args streamed = {scenario, NULL, CONF_LOAD_AUTO};
    if (measure("(a) runner, unrecorded, streamed steps", bench_run_scenario, &streamed, &r, &rss) == 0) {
        add_row("    unrecorded, steps streamed (parsed again per step)", "", -1, "%s steps/s (%.3f s)",
                grouped((double)r.count / r.seconds), r.seconds);
        add_row("    streamed load of the file (split+validate)", "", -1, "%.3f s, VmHWM %.1f MiB", r.aux_seconds,
                r.hwm_mark_kb / 1024.0);
        add_row("    peak RSS of the streamed unrecorded run", "", -1, "%.1f MiB", rss / 1024.0);
    } else {
        add_failure("    unrecorded, steps streamed (parsed again per step)", "", &r);
    }

    if (runner_only) {
        print_table(stdout);
        print_load(stdout, "at the end");
        return broken ? 1 : 0;
    }

    /* (a) unrecorded: the sim functions called directly */
    bench_sim_args sim = {8 * BENCH_STEPS / BENCH_CYCLE}; /* 8,000,000 calls: long enough to time */
    if (measure("(a) sim_ calls made directly", bench_sim_direct, &sim, &r, &rss) == 0) {
        double rate = (double)r.count / r.seconds;
        add_row("(a) unrecorded, sim_ functions called directly", target, rate >= TARGET_CALLS_PER_S,
                "%s calls/s (%s calls in %.3f s)", grouped(rate), grouped((double)r.count), r.seconds);
    } else {
        add_failure("(a) unrecorded, sim_ functions called directly", target, &r);
    }

    /* (b) recorded, and (e) its peak RSS */
    bench_run_args rec = {scenario, recorded_db, CONF_LOAD_AUTO}; /* as `rtshm run` does: streamed */
    double recorded_s = 0;
    long long recorded_steps = 0;
    snprintf(target, sizeof target, "<= %ld MiB", TARGET_MILLION_RSS_KB / 1024);
    if (measure("(b) runner, recorded into " BENCH_DIR "/million.sqlite", bench_run_scenario, &rec, &r, &rss) == 0) {
        recorded_s = r.seconds;
        recorded_steps = r.count;
        add_row("(b) recorded to SQLite, streamed steps", "", -1, "%s steps/s (%s steps in %.3f s)",
                grouped((double)r.count / r.seconds), grouped((double)r.count), r.seconds);
        add_row("(e) peak RSS, 1,000,000-step recorded run", target, rss <= TARGET_MILLION_RSS_KB,
                "%.1f MiB (%.1f MiB of it after loading)", rss / 1024.0, r.hwm_mark_kb / 1024.0);
    } else {
        add_failure("(b) recorded to SQLite, streamed steps", "", &r);
        add_failure("(e) peak RSS, 1,000,000-step recorded run", target, &r);
    }

    /* (h) scaling: 16,000 and 64,000 views kept mapped by one process, recorded; 4x the work should take
     * about 4x the time (no scan over all views or rows per step) */
    {
        const char *views_db = BENCH_DIR "/views.sqlite";
        double seconds[2] = {0, 0};
        const long counts[2] = {16000, 64000};
        for (int k = 0; k < 2; k++) {
            char views_path[128];
            snprintf(views_path, sizeof views_path, BENCH_DIR "/views-%ld.json", counts[k]);
            if (bench_write_views_scenario(views_path, counts[k]) < 0) break;
            bench_run_args views = {views_path, views_db, CONF_LOAD_AUTO};
            if (measure("(h) views kept mapped, recorded", bench_run_scenario, &views, &r, &rss) != 0) break;
            seconds[k] = r.seconds;
        }
        if (seconds[0] > 0 && seconds[1] > 0)
            add_row("(h) 16,000 / 64,000 views kept mapped, recorded", "", -1, "%.3f s / %.3f s (%.1fx for 4x)",
                    seconds[0], seconds[1], seconds[1] / seconds[0]);
        else
            add_failure("(h) 16,000 / 64,000 views kept mapped, recorded", "", &r);
    }

    /* (c) the SQLite floor for the same rows */
    snprintf(target, sizeof target, "<= %.0fx", TARGET_RECORD_RATIO);
    if (recorded_steps > 0) {
        bench_floor_args fl = {recorded_db, floor_db, recorded_steps};
        if (measure("(c) SQLite floor, same rows", bench_sqlite_floor, &fl, &r, &rss) == 0) {
            add_row("(c) SQLite floor (1 prepared stmt, 1 transaction)", "", -1, "%s rows/s (%s rows in %.3f s)",
                    grouped((double)r.count / r.seconds), grouped((double)r.count), r.seconds);
            double ratio = recorded_s / r.seconds;
            add_row("    ratio (b)/(c), time recorded / time floor", target, ratio <= TARGET_RECORD_RATIO, "%.2fx", ratio);
        } else {
            add_failure("(c) SQLite floor (1 prepared stmt, 1 transaction)", "", &r);
            add_failure("    ratio (b)/(c), time recorded / time floor", target, &r);
        }
    } else {
        snprintf(r.note, sizeof r.note, "no recorded run to copy rows from");
        add_failure("(c) SQLite floor (1 prepared stmt, 1 transaction)", "", &r);
        add_failure("    ratio (b)/(c), time recorded / time floor", target, &r);
    }

    /* (d) the shipped corpus */
    bench_corpus_args corpus = {CORPUS, corpus_db};
    snprintf(target, sizeof target, "< %.0f s", TARGET_CORPUS_S);
    if (measure("(d) corpus: rtshm run --db " BENCH_DIR "/corpus.sqlite " CORPUS, bench_corpus, &corpus, &r, &rss) == 0) {
        add_row("(d) corpus wall time (load + run, fresh db)", target, r.seconds < TARGET_CORPUS_S,
                "%.3f s (%lld scenarios, %lld steps)", r.seconds, r.count, r.aux_count);
    } else {
        add_failure("(d) corpus wall time (load + run, fresh db)", target, &r);
    }

    measure_isolated();
    measure_explore();

    /* (f) the huge segment over a baseline */
    bench_huge_args base_args = {false}, huge_args = {true};
    long base_rss = 0, huge_rss = 0;
    bench_result base_r;
    snprintf(target, sizeof target, "<= %ld MiB", TARGET_HUGE_EXTRA_KB / 1024);
    if (measure("(f) baseline world (4 GiB pool, no segment)", bench_huge_segment, &base_args, &base_r, &base_rss) == 0 &&
        measure("(f) 0xFFFFF000-byte segment, 3 pages touched", bench_huge_segment, &huge_args, &r, &huge_rss) == 0) {
        long extra = huge_rss - base_rss;
        add_row("(f) extra peak RSS, 0xFFFFF000-byte segment", target, extra <= TARGET_HUGE_EXTRA_KB,
                "%+ld KiB (%ld KiB vs baseline %ld KiB)", extra, huge_rss, base_rss);
    } else {
        add_failure("(f) extra peak RSS, 0xFFFFF000-byte segment", target, base_r.ok ? &r : &base_r);
    }

    /* (g) export, then diff identical and changed traces */
    bench_export_args exp = {recorded_db, jsonl_a};
    snprintf(target, sizeof target, "< %.0f s", TARGET_DIFF_S);
    bool have_traces = false;
    if (recorded_steps > 0 && measure("(g) export run to " BENCH_DIR "/million-a.jsonl", bench_export, &exp, &r, &rss) == 0) {
        add_row("    export of the recorded run to JSONL", "", -1, "%.3f s (%s records), peak RSS %.1f MiB", r.seconds,
                grouped((double)r.count), rss / 1024.0);
        /* B: the same trace with one record changed near the end (a SetLastError argument 5 -> 6) */
        long changed = -1;
        if (bench_copy_file(jsonl_a, jsonl_a2) == 0)
            changed = bench_copy_with_change(jsonl_a, jsonl_b, (long)r.count - 4 * BENCH_CYCLE, "{\"dwErrCode\":5}",
                                             "{\"dwErrCode\":6}");
        if (changed >= 0) {
            have_traces = true;
            progress("  B differs from A in line %s of %s", grouped((double)changed + 1), grouped((double)r.count));
        } else {
            snprintf(r.note, sizeof r.note, "cannot write the JSONL copies");
        }
    }
    if (have_traces) {
        bench_diff_args same = {jsonl_a, jsonl_a2, 0}, differ = {jsonl_a, jsonl_b, 1};
        if (measure("(g) diff of identical traces", bench_diff, &same, &r, &rss) == 0) {
            add_row("(g) diff, two identical 1,000,000-step traces", target, r.seconds < TARGET_DIFF_S, "%.3f s", r.seconds);
            add_row("    peak RSS of that diff", "", -1, "%.1f MiB", rss / 1024.0);
        } else {
            add_failure("(g) diff, two identical 1,000,000-step traces", target, &r);
        }
        if (measure("(g) diff, one change near the end", bench_diff, &differ, &r, &rss) == 0) {
            add_row("(g) diff, one change near the end", target, r.seconds < TARGET_DIFF_S, "%.3f s", r.seconds);
            add_row("    peak RSS of that diff", "", -1, "%.1f MiB", rss / 1024.0);
        } else {
            add_failure("(g) diff, one change near the end", target, &r);
        }
    } else {
        add_failure("(g) diff, two identical 1,000,000-step traces", target, &r);
        add_failure("(g) diff, one change near the end", target, &r);
    }

    /* (i) a rejected file of 1,000,000 steps (the last one wrong), worded as `rtshm check` words it */
    const char *rejected = BENCH_DIR "/million-rejected.json";
    long rejected_bytes = bench_write_rejected(scenario, rejected);
    bench_reject_args reject = {rejected, CONF_LOAD_AUTO, "steps[999999].call: unknown function 'GetLastErrox'"};
    snprintf(target, sizeof target, "<= %dx the file", TARGET_REJECT_RSS_PER_BYTE);
    if (rejected_bytes > 0 && measure("(i) rejected file, streamed", bench_reject_load, &reject, &r, &rss) == 0) {
        add_row("(i) rejected 1,000,000-step file, peak RSS", target,
                rss * 1024.0 <= (double)TARGET_REJECT_RSS_PER_BYTE * (double)rejected_bytes,
                "%.1f MiB for %.1f MiB (%.1fx), %.2f s", rss / 1024.0, rejected_bytes / 1048576.0,
                rss * 1024.0 / (double)rejected_bytes, r.seconds);
        add_row("    its message", "", -1, "%s", r.note);
        bench_reject_args held = {rejected, CONF_LOAD_HOLD, reject.expected};
        if (measure("(i) the same file, held loader", bench_reject_load, &held, &r, &rss) == 0)
            add_row("    the same by the held loader (the whole tree)", "", -1, "%.1f MiB (%.1fx), %.2f s", rss / 1024.0,
                    rss * 1024.0 / (double)rejected_bytes, r.seconds);
        else
            add_failure("    the same by the held loader (the whole tree)", "", &r);
    } else {
        add_failure("(i) rejected 1,000,000-step file, peak RSS", target, &r);
    }

    print_table(stdout);
    print_load(stdout, "at the end");
    return broken ? 1 : 0;
}

/* (l) explore's rate in process and through the reference's library (--jobs 2); (m) per shipped mutant,
 * the time to find and shrink it and the shrunk scenario's steps. */
static void measure_explore(void) {
    static const char *const mutants[] = {
        "case_insensitive", "no_already_exists", "no_e_location", "no_ntx_cache", "unmap_keeps_view",
        "detached_instance_accepted", "last_close_keeps_object", "write_on_readonly", "handles_kept_after_exit",
        "undocumented_status", "readonly_mapex_writable", "open_creates_missing", "aliased_handles"};
    bench_result r;
    long rss;
    char target[32];
    bench_explore_args in_process = {NULL, 1, 2048}, isolated = {RTSHM_BENCH_BACKEND, 2, 2048};
    if (measure("(l) explore, the reference in process", bench_explore_rate, &in_process, &r, &rss) == 0)
        add_row("(l) explore, reference in process", "", -1, "%s scenarios/s (%lld, %lld steps, %.2f s)",
                grouped((double)r.count / r.seconds), r.count, r.aux_count, r.seconds);
    else
        add_failure("(l) explore, reference in process", "", &r);
    snprintf(target, sizeof target, ">= %s/s", grouped(TARGET_EXPLORE_ISOLATED_PER_S));
    if (measure("(l) explore, the reference's library isolated, --jobs 2", bench_explore_rate, &isolated, &r, &rss) == 0)
        add_row("(l) explore, reference library isolated, --jobs 2", target,
                (double)r.count / r.seconds >= TARGET_EXPLORE_ISOLATED_PER_S, "%s scenarios/s (%lld in %.2f s)",
                grouped((double)r.count / r.seconds), r.count, r.seconds);
    else
        add_failure("(l) explore, reference library isolated, --jobs 2", target, &r);
    snprintf(target, sizeof target, "< %.0f s, <= %d steps", TARGET_EXPLORE_MUTANT_S, TARGET_EXPLORE_MUTANT_STEPS);
    for (size_t i = 0; i < sizeof mutants / sizeof mutants[0]; i++) {
        char path[512], label[64];
        snprintf(path, sizeof path, "%s/librtshm_mutant_%s.so", RTSHM_BENCH_BACKEND_DIR, mutants[i]);
        snprintf(label, sizeof label, "(m) find+shrink %s", mutants[i]);
        bench_explore_args m = {path, 2, 20000};
        if (measure(label, bench_explore_mutant, &m, &r, &rss) == 0)
            add_row(label, target, r.seconds < TARGET_EXPLORE_MUTANT_S && r.count <= TARGET_EXPLORE_MUTANT_STEPS,
                    "%.2f s (found %.2f s, scenario %lld), %lld steps", r.seconds, r.aux_seconds, r.aux_count, r.count);
        else
            add_failure(label, target, &r);
    }
}
