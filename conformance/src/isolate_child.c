/* conformance/src/isolate_child.c — a scenario's child: the backend's side of the scenario, executed
 * step by step and sent to rtshm as each step finishes (isolate_proto.h).
 *
 * The child only executes: it opens the backend's world, runs each step through run_execute (the same
 * executor as in process), binds the step's outputs into its own variables (the backend's handles),
 * and sends the outcome, the bytes read, the findings and the notes. It stops where the runner stops:
 * after a step the backend failed. Judging, the oracle and the trace stay in rtshm (runner.c). Before
 * its END it kills and reaps whatever processes the backend left (it is their subreaper). A persistent
 * child (a batch: explore) does that for each of its scenarios in turn, a world opened and closed for
 * each (the isolation between worlds rtshm/backend.h promises). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf/scenario.h"
#include "conf/steps.h"
#include "isolate_proto.h"
#include "isolate_reap.h"
#include "run_prov.h"

/* The exit status of a child whose pipe to rtshm is gone (the backend closed it, or rtshm died). */
#define CHILD_LOST_PIPE 125

typedef struct child_state {
    int fd;
    iso_out out;
    run_findings findings;
} child_state;

/* Sends the record built in cs->out; a child that cannot talk to rtshm any more ends. */
static void send_or_die(child_state *cs) {
    if (iso_send(&cs->out, cs->fd) != 0) _exit(CHILD_LOST_PIPE);
}

static void send_text(child_state *cs, uint32_t type, const char *text) {
    iso_begin(&cs->out, type);
    iso_put_str(&cs->out, text);
    send_or_die(cs);
}

/* Reads this process's resident size in KiB (for telling a memory-limit death). */
static int64_t resident_kb(void) {
    uint64_t pages[2];
    return iso_statm_pages(pages) == 0 ? (int64_t)pages[1] * (sysconf(_SC_PAGESIZE) / 1024) : 0;
}

/* Sends step st's record: what run_execute gave (rc, x, err) and the findings raised during it. */
static void send_step(child_state *cs, const conf_step *st, int rc, const run_exec *x, const char *err) {
    iso_out *o = &cs->out;
    iso_begin(o, ISO_STEP);
    iso_put_i32(o, st->index);
    iso_put_i32(o, rc);
    iso_put_outcome(o, &x->outcome);
    uint32_t data_len = rc == 0 && st->kind == CONF_STEP_READ ? (uint32_t)st->length : 0;
    iso_put(o, &data_len, sizeof data_len);
    iso_put(o, x->data, data_len);
    iso_put_str(o, err);
    iso_put_i32(o, cs->findings.count);
    iso_put_i32(o, cs->findings.dropped);
    iso_put(o, cs->findings.items, (size_t)cs->findings.count * sizeof cs->findings.items[0]);
    send_or_die(cs);
}

static void send_note(child_state *cs, const conf_note *note) {
    iso_out *o = &cs->out;
    iso_begin(o, ISO_NOTE);
    iso_put_i32(o, note->process);
    iso_put_str(o, note->api);
    iso_put_str(o, note->function);
    iso_put_str(o, note->args);
    iso_put_str(o, note->clause);
    send_or_die(cs);
}

static bool skipped(const iso_request *req, int index) {
    for (int i = 0; i < req->skip_count && i < ISO_MAX_SKIPS; i++)
        if (req->skip[i] == index) return true;
    return false;
}

/* Runs the steps on world (vars: the backend's variables): those before req->resume_from silently (a
 * replay), then each with its records. Stops after a step the backend failed. Steps the runner skips
 * (run_prov.h: what the backend does not support, and what depends on it) are skipped here by the same
 * rule on the same backend description, so both sides agree on which steps the child sends. */
static void run_steps(child_state *cs, const conf_backend *be, const conf_scenario *sc, const iso_request *req,
                      conf_world *world, uint64_t *vars) {
    conf_step_reader *reader = NULL;
    char err[512] = "";
    if (conf_steps_open(sc, &reader, err, sizeof err) != 0) {
        send_text(cs, ISO_INPUT_CHANGED, err);
        return;
    }
    run_prov prov;
    if (run_prov_init(&prov, be, sc) != 0) {
        send_text(cs, ISO_OPEN_FAILED, "out of memory");
        conf_steps_close(reader);
        return;
    }
    const conf_step *st;
    bool replaying = req->resume_from > 0;
    int got;
    run_exec x;
    char why[512];
    while ((got = conf_steps_next(reader, &st, err, sizeof err)) == 1) {
        if (run_prov_skip(&prov, st, why, sizeof why)) continue;
        if (skipped(req, st->index)) continue;
        if (replaying && st->index >= req->resume_from) {
            replaying = false;
            send_text(cs, ISO_REPLAYED, NULL);
        }
        cs->findings.count = cs->findings.dropped = 0;
        memset(&x.outcome, 0, sizeof x.outcome); /* its padding too: sent as bytes */
        if (st->kind == CONF_STEP_READ) memset(x.data, 0, st->length); /* a faulting read may leave them */
        int rc = run_execute(world, st, vars, &x, err, sizeof err);
        if (!replaying) send_step(cs, st, rc, &x, err);
        if (rc != 0) break;
        run_prov_ran(&prov, st, &x.outcome);
        run_bind_outputs(st, &x.outcome, vars);
        conf_note note;
        int taken = 0;
        while (run_next_note(world, &taken, &note))
            if (!replaying) send_note(cs, &note);
        if (!replaying) {
            iso_begin(&cs->out, ISO_STEP_END);
            iso_put_i32(&cs->out, st->index);
            send_or_die(cs);
        }
    }
    if (got < 0) send_text(cs, ISO_INPUT_CHANGED, err);
    else if (replaying) send_text(cs, ISO_REPLAYED, NULL); /* nothing came after the replayed steps */
    run_prov_free(&prov);
    conf_steps_close(reader);
}

/* One scenario, sc, from its SKIP / OPEN_FAILED / OPENED to its END (its world opened and closed here). */
static void run_one(child_state *cs, const conf_backend *be, const conf_scenario *sc, const iso_request *req) {
    char err[512] = "";
    if (conf_backend_unsupported(be, sc, err, sizeof err)) {
        send_text(cs, ISO_SKIP, err);
    } else {
        uint64_t *vars = run_vars_new(sc);
        conf_world *world = vars ? conf_world_open(be, sc, req->seed, run_collect_finding, &cs->findings, err, sizeof err)
                                 : NULL;
        if (world == NULL) {
            send_text(cs, ISO_OPEN_FAILED, vars ? err : "out of memory");
        } else {
            iso_begin(&cs->out, ISO_OPENED);
            int64_t rss_kb = resident_kb();
            iso_put(&cs->out, &rss_kb, sizeof rss_kb);
            send_or_die(cs);
            run_steps(cs, be, sc, req, world, vars);
            conf_world_close(world);
        }
        free(vars);
    }
    iso_kill_descendants(); /* the backend's processes end with its world: rtshm need not look for them */
    iso_begin(&cs->out, ISO_END);
    send_or_die(cs);
}

/* The texts of req in the file fd (text_count NUL-terminated scenarios), read whole into an allocated
 * buffer (NULL: cannot). */
static char *read_texts(int fd, size_t *len) {
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0 || sb.st_size <= 0) return NULL;
    char *buf = malloc((size_t)sb.st_size + 1);
    size_t got = 0;
    while (buf && got < (size_t)sb.st_size) {
        ssize_t n = pread(fd, buf + got, (size_t)sb.st_size - got, (off_t)got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += (size_t)n;
    }
    if (buf == NULL || got != (size_t)sb.st_size) {
        free(buf);
        return NULL;
    }
    buf[got] = '\0';
    *len = got;
    return buf;
}

/* Runs the text_count scenarios of req given as text in fd, each parsed here (a text that does not
 * parse, or that is missing, is that scenario's OPEN_FAILED, and its END). */
static void run_texts(child_state *cs, const conf_backend *be, const iso_request *req, int fd) {
    size_t len = 0;
    char *texts = read_texts(fd, &len);
    size_t at = 0;
    for (int32_t i = 0; i < req->text_count; i++) {
        char err[512] = "the scenario's text did not reach the backend's child";
        conf_scenario *sc = NULL;
        size_t n = texts && at < len ? strlen(texts + at) : 0;
        if (n > 0 && conf_scenario_parse_generated("<explore>", texts + at, n, &sc, err, sizeof err) == 0) {
            run_one(cs, be, sc, req);
            conf_scenario_free(sc);
        } else {
            send_text(cs, ISO_OPEN_FAILED, err);
            iso_begin(&cs->out, ISO_END);
            send_or_die(cs);
        }
        at += n + 1;
    }
    free(texts);
}

void iso_child_main(const conf_backend *be, const iso_request *req, int data_fd, int text_fd) {
    child_state cs = {.fd = data_fd};
    if (req->text_count > 0) {
        run_texts(&cs, be, req, text_fd);
    } else {
        run_one(&cs, be, (const conf_scenario *)(uintptr_t)req->scenario, req);
    }
    _exit(0);
}
