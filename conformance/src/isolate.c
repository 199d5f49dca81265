/* conformance/src/isolate.c — running queued scenarios on the fork server's children (conf/isolate.h):
 * the queue of children started ahead (--jobs), one scenario run through the runner with its child, a
 * child's end (restart after a death, the end of its processes, its output for the trace).
 *
 * The queue holds --jobs running children; with --jobs 1 one more, forked ahead and held: its process
 * waits for a byte from rtshm (iso_child_go) and gets it when the running one ends, so the next scenario
 * starts without a round trip to the fork server, whose clone ran meanwhile (with --jobs 2 or more the
 * next child already runs while rtshm reads the current one, which hides that round trip). */
#define _GNU_SOURCE
#include "conf/isolate.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "isolate_int.h"
#include "isolate_reap.h"

/* Starts c's process; a failure to start it is its death (ERROR with the reason). */
static void launch(conf_child *c) {
    char err[600];
    c->pid = 0;
    c->pidfd = c->data_fd = c->out_fd = c->go_fd = -1;
    c->start = c->len = 0;
    c->exited = c->data_eof = c->dead = c->ended_clean = false;
    if (iso_server_launch(c->iso, c, err, sizeof err) == 0) return;
    iso_child_cannot_start(c, err);
}

/* A file holding the count texts, each with its NUL, sealed (the child only reads it). -1 on failure. */
static int texts_file(const char *const *texts, int count) {
    int fd = memfd_create("rtshm-scenarios", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    for (int i = 0; fd >= 0 && i < count; i++) {
        const char *at = texts[i];
        size_t left = strlen(at) + 1;
        while (left > 0) {
            ssize_t n = write(fd, at, left);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                close(fd);
                return -1;
            }
            at += n;
            left -= (size_t)n;
        }
    }
    if (fd >= 0) fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL);
    return fd;
}

/* A new child, not started: sc alone, sent as its address (count 0); or a persistent one for the count
 * scenarios from scs, sent as the texts beside them. NULL when out of memory. */
static conf_child *new_child(conf_isolation *iso, const conf_scenario *sc, const conf_scenario *const *scs,
                             const char *const *texts, int count, uint64_t seed) {
    conf_child *c = calloc(1, sizeof *c);
    if (c == NULL) return NULL;
    c->iso = iso;
    c->sc = count > 0 ? scs[0] : sc;
    c->batch = count > 0 ? scs : &c->sc;
    c->batch_count = count > 0 ? count : 1;
    c->persistent = count > 0;
    c->texts = texts;
    c->text_fd = texts ? texts_file(texts, c->batch_count) : -1;
    if (texts && c->text_fd < 0) {
        free(c);
        return NULL;
    }
    c->seed = seed;
    c->req = (iso_request){(uint64_t)(uintptr_t)c->sc, texts ? c->batch_count : 0, seed, iso->opts.memory_limit_bytes,
                           0, 0, {0}};
    c->buf = iso->spare_buf;
    c->cap = iso->spare_cap;
    iso->spare_buf = NULL;
    iso->spare_cap = 0;
    return c;
}

/* Queues a child (new_child's arguments). Returns 0, or -1 (full, or out of memory). */
static int queue_child(conf_isolation *iso, const conf_scenario *sc, const conf_scenario *const *scs,
                       const char *const *texts, int count, uint64_t seed) {
    /* jobs running; with --jobs 1 one more forked and held (with more, a running one hides the round trip) */
    if (iso->queued >= (int)iso->opts.jobs + (iso->opts.jobs == 1)) return -1;
    conf_child *c = new_child(iso, sc, scs, texts, count, seed);
    if (c == NULL) return -1;
    iso->queue[iso->queued++] = c;
    launch(c);
    if (iso->queued <= (int)iso->opts.jobs) iso_child_go(c);
    iso_take_ready_answers(iso); /* earlier children's pids that are there: they start now */
    return 0;
}

int conf_isolation_queue(conf_isolation *iso, const conf_scenario *sc, uint64_t seed) {
    return queue_child(iso, sc, NULL, NULL, 0, seed);
}

int conf_isolation_queue_texts(conf_isolation *iso, const conf_scenario *const *scs, const char *const *texts,
                               int count, uint64_t seed) {
    if (count <= 0 || scs == NULL || texts == NULL) return -1;
    return queue_child(iso, NULL, scs, texts, count, seed);
}

bool conf_isolation_full(const conf_isolation *iso) {
    return iso->queued >= (int)iso->opts.jobs + (iso->opts.jobs == 1);
}

/* Keeps pid to be reaped later (killed; its exit status no longer matters). Reaps it now when there is no
 * room. */
static void retire(conf_isolation *iso, pid_t pid) {
    if (iso->retired_count == iso->retired_cap) {
        int cap = iso->retired_cap ? 2 * iso->retired_cap : 16;
        pid_t *grown = realloc(iso->retired, (size_t)cap * sizeof *grown);
        if (grown == NULL) {
            while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) continue;
            return;
        }
        iso->retired = grown;
        iso->retired_cap = cap;
    }
    iso->retired[iso->retired_count++] = pid;
}

void iso_child_end(conf_child *c) {
    iso_await_pid(c->iso, c);
    if (c->pid > 0 && !c->exited) {
        /* killed now, reaped later: its status does not matter any more, and rtshm goes on at once. After
         * its END it has killed the backend's processes itself: its group is enough */
        if (c->ended_clean) {
            kill(-c->pid, SIGKILL);
            kill(c->pid, SIGKILL);
        } else {
            iso_kill_tree(c->pid);
        }
        retire(c->iso, c->pid);
        c->exited = true;
    } else if (c->pid > 0) {
        kill(-c->pid, SIGKILL);
    }
    if (c->out_fd >= 0) { /* what it printed up to its end */
        char chunk[4096];
        ssize_t n;
        while ((n = read(c->out_fd, chunk, sizeof chunk)) > 0 || (n < 0 && errno == EINTR)) {
            if (n <= 0) continue;
            iso_keep_output(c, chunk, (size_t)n);
        }
        close(c->out_fd);
    }
    if (c->data_fd >= 0) close(c->data_fd);
    if (c->pidfd >= 0) close(c->pidfd);
    if (c->go_fd >= 0) close(c->go_fd); /* a held child that never ran: it exits */
    c->out_fd = c->data_fd = c->pidfd = c->go_fd = -1;
    c->dead = true;
}

void iso_child_go(conf_child *c) {
    c->go_wanted = true;
    if (c->go_fd < 0 || c->pid <= 0 || c->awaiting_pid) return; /* sent by iso_await_pid with its pid */
    send(c->go_fd, "g", 1, MSG_NOSIGNAL); /* a child that died meanwhile: its death is seen as usual */
    close(c->go_fd);
    c->go_fd = -1;
}

void iso_child_free(conf_child *c) {
    if (c == NULL) return;
    iso_child_end(c);
    if (c->iso->spare_buf == NULL && c->cap <= 262144) { /* kept for the next child: no allocation per scenario */
        c->iso->spare_buf = c->buf;
        c->iso->spare_cap = c->cap;
    } else {
        free(c->buf);
    }
    if (c->text_fd >= 0) close(c->text_fd);
    free(c->output);
    free(c->output_text);
    free(c);
}

/* Sweeps the orphans the backend's processes left to this subreaper. */
static void sweep_orphans(conf_isolation *iso) {
    for (int i = 0; i < iso->queued; i++) iso_await_pid(iso, iso->queue[i]); /* no child of ours unknown */
    iso_reap_retired(iso, false);
    pid_t keep[128];
    int count = iso_known_pids(iso, NULL, keep, 128);
    if (count == 128) { /* more than it can tell apart: reap the retired first */
        iso_reap_retired(iso, true);
        count = iso_known_pids(iso, NULL, keep, 128);
    }
    iso_kill_orphans(keep, count);
}

void conf_isolation_drop_queue(conf_isolation *iso) {
    if (iso == NULL) return;
    for (int i = 0; i < iso->queued; i++) iso_child_free(iso->queue[i]);
    iso->queued = 0;
    sweep_orphans(iso);
}

/* Pops the head of the queue (c, freed): the held child, if any, runs. */
static void pop_head(conf_isolation *iso, conf_child *c) {
    iso->queued--;
    memmove(iso->queue, iso->queue + 1, (size_t)iso->queued * sizeof *iso->queue);
    if (iso->queued >= (int)iso->opts.jobs) iso_child_go(iso->queue[iso->opts.jobs - 1]); /* the held one runs */
    iso_child_free(c);
}

/* After a scenario whose child ended cleanly: a sweep for orphans now and then, else the retired reaped. */
static void after_clean(conf_isolation *iso, bool clean) {
    if (!clean || ++iso->unswept >= ISO_SWEEP_EVERY) { /* orphans can only come from an unclean end */
        sweep_orphans(iso);
        iso->unswept = 0;
    } else {
        iso_reap_retired(iso, false);
    }
}

/* Runs sc with c, the head of the queue, which is started (go) here. */
static int run_head(conf_isolation *iso, conf_child *c, const conf_scenario *sc, const conf_backend *oracle,
                    uint64_t seed, trace_db *db, int64_t run_id, conf_scenario_result *res) {
    memset(res, 0, sizeof *res);
    iso_child_go(c);
    c->deadline_ms = iso_now_ms() + (int64_t)iso->opts.timeout_s * 1000;
    conf_run_opts opts = {oracle, c, iso->opts.continue_after_crash && !c->persistent};
    return conf_run_scenario_judged(sc, &iso->backend, &opts, seed, db, run_id, res);
}

/* The persistent child c (the head of the queue) goes on with its next scenario: what rtshm keeps per
 * scenario starts again. */
static void batch_advance(conf_child *c) {
    c->batch_pos++;
    c->sc = c->batch[c->batch_pos];
    c->ended_clean = false;
    c->phase = ISO_PHASE_OPEN;
    c->step_index = 0;
    c->step_function = NULL;
    c->last_verdict = NULL;
    c->last_message[0] = '\0';
    c->deadline_ms = 0;
    c->output_len = 0; /* what it printed is the scenario's being read when it arrived */
    c->output_dropped = 0;
    free(c->output_text);
    c->output_text = NULL;
}

/* After scenario sc of the persistent child c (the head of the queue) was run. Its result stands when
 * sc was the child's first scenario (the child was as fresh for it as a child of its own), or when it
 * is a PASS or SKIP that ended cleanly: then c goes on with its next scenario. Anything else after
 * earlier scenarios ran in the same process (a divergence, a crash, an END that did not come, a
 * TIMEOUT: a hang may be an earlier scenario's doing in a backend whose worlds share state, so it costs
 * the timeout a second time rather than blame the wrong scenario) is run again as the first scenario
 * of a new persistent child for the rest of the batch, whose result stands: every verdict but PASS or
 * SKIP is the one a child per scenario gives, and a scenario runs at most twice. */
static int batch_after(conf_isolation *iso, conf_child *c, const conf_scenario *sc, const conf_backend *oracle,
                       uint64_t seed, int64_t run_id, int rc, int restarts_before, conf_scenario_result *res) {
    for (;;) {
        bool last = c->batch_pos + 1 >= c->batch_count;
        bool clean = c->ended_clean && c->death_verdict == NULL && iso->server_restarts == restarts_before;
        bool stands = c->batch_pos == 0 ||
                      (clean && (strcmp(res->verdict, "PASS") == 0 || strcmp(res->verdict, "SKIP") == 0));
        if (rc != 0 || (stands && last)) { /* an interrupt or a changed input ends the batch as it is */
            pop_head(iso, c);
            after_clean(iso, clean);
            return rc;
        }
        if (stands && clean) {
            batch_advance(c);
            after_clean(iso, true);
            return 0;
        }
        /* a new persistent child: from the next scenario (sc's result stands), or from sc (run again) */
        int from = stands ? c->batch_pos + 1 : c->batch_pos;
        const conf_scenario *const *scs = c->batch + from;
        const char *const *texts = c->texts ? c->texts + from : NULL;
        int count = c->batch_count - from;
        iso_child_free(c); /* killed: it may have run ahead into the next scenarios */
        c = new_child(iso, NULL, scs, texts, count, seed);
        iso->queue[0] = c;
        if (c == NULL) {
            pop_head(iso, NULL);
            snprintf(res->message, sizeof res->message, "out of memory");
            return -1;
        }
        launch(c);
        iso_child_go(c);
        after_clean(iso, clean);
        if (stands) return rc;
        restarts_before = iso->server_restarts;
        rc = run_head(iso, c, sc, oracle, seed, NULL, run_id, res);
    }
}

int conf_run_isolated(conf_isolation *iso, const conf_scenario *sc, const conf_backend *oracle, uint64_t seed,
                      trace_db *db, int64_t run_id, conf_scenario_result *res) {
    memset(res, 0, sizeof *res);
    if (iso->queued == 0 && conf_isolation_queue(iso, sc, seed) != 0) {
        snprintf(res->message, sizeof res->message, "out of memory");
        return -1;
    }
    conf_child *c = iso->queue[0];
    if (c->sc != sc || (c->persistent && db != NULL)) {
        snprintf(res->message, sizeof res->message, c->sc != sc ? "scenario %s run out of its queued order"
                 : "scenario %s: a persistent child's scenarios are not recorded", sc->id);
        return -1;
    }
    int restarts_before = iso->server_restarts;
    int rc = run_head(iso, c, sc, oracle, seed, db, run_id, res);
    if (c->persistent) return batch_after(iso, c, sc, oracle, seed, run_id, rc, restarts_before, res);
    bool clean = c->ended_clean && c->restarts == 0 && iso->server_restarts == restarts_before;
    pop_head(iso, c);
    after_clean(iso, clean);
    return rc;
}

int run_child_restart(conf_child *c, int died_index) {
    if (c->req.skip_count >= ISO_MAX_SKIPS || c->persistent) return -1; /* a batch's death: run_head alone */
    iso_child_end(c);
    c->req.skip[c->req.skip_count++] = died_index;
    c->req.resume_from = died_index + 1;
    c->restarts++;
    launch(c);
    iso_child_go(c);
    if (c->dead) return -1;
    c->deadline_ms = iso_now_ms() + (int64_t)c->iso->opts.timeout_s * 1000;
    c->phase = ISO_PHASE_REPLAY;
    return 0;
}

int64_t run_child_restarts(const conf_child *c) {
    return c->restarts;
}

bool run_child_death(const conf_child *c, const char **verdict, const char **message) {
    if (c->death_verdict == NULL) return false;
    if (verdict) *verdict = c->death_verdict;
    if (message) *message = c->death_message;
    return true;
}

void run_child_last_death(const conf_child *c, const char **verdict, const char **message) {
    *verdict = c->last_verdict ? c->last_verdict : "ERROR";
    *message = c->last_verdict ? c->last_message : "";
}

void run_child_death_summary(const conf_child *c, char *buf, size_t cap) {
    if (c->restarts == 0) {
        snprintf(buf, cap, "%s", c->death_message);
        return;
    }
    snprintf(buf, cap, "%s; --continue-after-crash: restarted %d time%s, %d step%s ran after a restart", c->death_message,
             c->restarts, c->restarts == 1 ? "" : "s", c->steps_after_restart, c->steps_after_restart == 1 ? "" : "s");
}

/* Appends text[0..len) to out escaped: valid UTF-8 kept, control bytes other than newline and tab and
 * invalid bytes as \xNN. out has room for 4 * len + 1. */
static size_t escape_output(const unsigned char *text, size_t len, char *out) {
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        unsigned char b = text[i];
        size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
        bool valid = n > 0 && i + n <= len && !(n == 2 && b < 0xC2);
        for (size_t k = 1; valid && k < n; k++) valid = (text[i + k] & 0xC0) == 0x80;
        if (valid && n == 1 && (b >= 0x20 || b == '\n' || b == '\t') && b != 0x7f) {
            out[o++] = (char)b;
        } else if (valid && n > 1) {
            memcpy(out + o, text + i, n);
            o += n;
        } else {
            o += (size_t)snprintf(out + o, 5, "\\x%02x", b);
            n = 1;
        }
        i += n;
    }
    out[o] = '\0';
    return o;
}

const char *run_child_output(conf_child *c) {
    if (c->output_text || (c->output_len == 0 && c->output_dropped == 0)) return c->output_text;
    c->output_text = malloc(4 * c->output_len + 96); /* made once, on demand */
    if (c->output_text == NULL) return NULL;
    size_t o = escape_output((const unsigned char *)c->output, c->output_len, c->output_text);
    if (c->output_dropped)
        snprintf(c->output_text + o, 96, "\n[rtshm: %llu more bytes were not kept]", (unsigned long long)c->output_dropped);
    return c->output_text;
}
