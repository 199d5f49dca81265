/* conformance/src/isolate_parent.c — rtshm's side of a scenario's child (run_child_*, run_int.h):
 * reading its records under the scenario's deadline, capturing its output, and telling how it ended.
 *
 * One wait (child_fill) serves everything: poll on the data pipe, the output pipe and the child's pidfd,
 * at most ISO_TICK_MS at a time (so an interrupt is seen within that), until a whole record is there,
 * the child has exited (what it sent before is read first), or the deadline on the monotonic clock
 * passes. EOF on the data pipe decides nothing (a grandchild may hold it, or the backend may have
 * closed it): only a record, the child's exit or the deadline do. Every record is checked (type,
 * length, step index, sizes); one that does not parse ends the child as ERROR. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "isolate_int.h"
#include "isolate_reap.h"

/* Where the child was, for messages: "in step 2 (GetLastError)" (in = true) or "during step 2 (...)". */
static void where(const conf_child *c, bool in, char *buf, size_t cap) {
    switch (c->phase) {
    case ISO_PHASE_OPEN: snprintf(buf, cap, " while opening its world"); break;
    case ISO_PHASE_STEP:
        snprintf(buf, cap, " %s step %d (%s)", in ? "in" : "during", c->step_index, c->step_function);
        break;
    case ISO_PHASE_NOTES:
        snprintf(buf, cap, " after step %d (%s) returned, while its notes were taken", c->step_index, c->step_function);
        break;
    case ISO_PHASE_REPLAY:
        snprintf(buf, cap, " while replaying the finished steps after restart %d", c->restarts);
        break;
    default: snprintf(buf, cap, " while closing its world, after the last step"); break;
    }
}

/* Kills and reaps the child if it still runs (its usage is kept), and drains its output. */
static void stop_process(conf_child *c) {
    if (c->pid > 0 && !c->exited) {
        iso_kill_tree(c->pid);
        while (wait4(c->pid, &c->status, 0, &c->usage) < 0 && errno == EINTR) continue;
        c->exited = true;
    } else if (c->pid > 0) {
        kill(-c->pid, SIGKILL); /* what is left of its process group */
    }
}

/* Appends how close to its memory limit the child came, when that is likely what ended it. */
static void memory_note(const conf_child *c, char *msg, size_t cap) {
    uint64_t limit = c->iso->opts.memory_limit_bytes;
    if (limit == 0 || c->usage.ru_maxrss <= 0) return;
    double grew = ((double)c->usage.ru_maxrss - (double)c->start_rss_kb) * 1024.0;
    if (grew < 0.9 * (double)limit) return;
    char limit_text[32];
    if (limit % (1ull << 30) == 0) snprintf(limit_text, sizeof limit_text, "%llu GiB", (unsigned long long)(limit >> 30));
    else if (limit % (1ull << 20) == 0) snprintf(limit_text, sizeof limit_text, "%llu MiB", (unsigned long long)(limit >> 20));
    else snprintf(limit_text, sizeof limit_text, "%llu bytes", (unsigned long long)limit);
    size_t at = strlen(msg);
    snprintf(msg + at, cap - at, "; the backend exceeded the memory limit of %s (--memory-limit: its resident memory "
             "grew by %.1f MiB, and allocations past the limit are refused)", limit_text, grew / (1024.0 * 1024.0));
}

/* Records how the child ended (the first death only is the scenario's) and makes sure it is gone.
 * kind: 's' its status (signal or exit), 't' the deadline, 'p' a record that did not parse. */
static void die(conf_child *c, char kind) {
    if (kind == 't' || kind == 'p') stop_process(c);
    char at[200], msg[sizeof c->death_message];
    const char *verdict = "ERROR";
    if (kind == 't') {
        verdict = "TIMEOUT";
        where(c, true, at, sizeof at);
        snprintf(msg, sizeof msg, "no answer within %u s%s; the backend was killed%s", c->iso->opts.timeout_s, at,
                 c->data_eof ? " (it had closed rtshm's pipe)" : "");
    } else if (kind == 'p') {
        where(c, true, at, sizeof at);
        snprintf(msg, sizeof msg, "the backend's child sent a record rtshm cannot read%s (the backend wrote on "
                 "rtshm's pipe?)", at);
    } else if (WIFSIGNALED(c->status)) {
        verdict = "CRASH";
        where(c, true, at, sizeof at);
        snprintf(msg, sizeof msg, "the backend died of signal %d (%s)%s", WTERMSIG(c->status),
                 strsignal(WTERMSIG(c->status)), at);
    } else if (WEXITSTATUS(c->status) == 125 && c->data_eof) {
        where(c, false, at, sizeof at);
        snprintf(msg, sizeof msg, "the backend closed rtshm's pipe%s: its child could not report any more", at);
    } else {
        where(c, false, at, sizeof at);
        snprintf(msg, sizeof msg, "the backend exited with status %d%s", WEXITSTATUS(c->status), at);
    }
    memory_note(c, msg, sizeof msg);
    c->last_verdict = verdict;
    snprintf(c->last_message, sizeof c->last_message, "%s", msg);
    if (c->death_verdict == NULL) {
        c->death_verdict = verdict;
        snprintf(c->death_message, sizeof c->death_message, "%s", msg);
    }
    c->dead = true;
}

void iso_keep_output(conf_child *c, const char *chunk, size_t n) {
    if (c->output == NULL) c->output = malloc(ISO_OUTPUT_KEEP_BYTES);
    size_t keep = c->output ? ISO_OUTPUT_KEEP_BYTES - c->output_len : 0;
    if (keep > n) keep = n;
    if (keep) memcpy(c->output + c->output_len, chunk, keep);
    c->output_len += keep;
    c->output_dropped += (uint64_t)n - keep;
}

/* Reads what the output pipe holds: the first ISO_OUTPUT_KEEP_BYTES are kept, the rest counted. */
static void capture(conf_child *c) {
    char chunk[4096];
    while (c->out_fd >= 0) {
        ssize_t n = read(c->out_fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n == 0) {
            close(c->out_fd);
            c->out_fd = -1;
        }
        if (n <= 0) return;
        iso_keep_output(c, chunk, (size_t)n);
    }
}

/* Reads what the data pipe holds into c->buf. Returns false when a record announces more than any
 * record can hold (the backend wrote there). */
static bool receive(conf_child *c) {
    for (;;) {
        if (c->start > 0 && c->cap - c->len < 65536) { /* the consumed records make room */
            memmove(c->buf, c->buf + c->start, c->len - c->start);
            c->len -= c->start;
            c->start = 0;
        }
        if (c->cap - c->len < 65536) {
            size_t cap = c->cap ? c->cap * 2 : 131072;
            if (cap > ISO_MAX_RECORD_BYTES + 2 * 65536) cap = ISO_MAX_RECORD_BYTES + 2 * 65536;
            unsigned char *grown = cap > c->cap ? realloc(c->buf, cap) : NULL;
            if (grown) {
                c->buf = grown;
                c->cap = cap;
            }
            if (c->cap == c->len) return c->len < ISO_MAX_RECORD_BYTES; /* full: a record is whole, or bad */
        }
        ssize_t n = read(c->data_fd, c->buf + c->len, c->cap - c->len);
        if (n < 0 && errno == EINTR) continue;
        if (n == 0) c->data_eof = true;
        if (n <= 0) return true;
        c->len += (size_t)n;
    }
}

/* True when c->buf (from c->start) starts with a whole record; *bad when its header cannot be right. */
static bool whole_record(const conf_child *c, bool *bad) {
    iso_header h;
    *bad = false;
    if (c->len - c->start < sizeof h) return false;
    memcpy(&h, c->buf + c->start, sizeof h);
    if (h.length > ISO_MAX_RECORD_BYTES || h.type < ISO_SKIP || h.type > ISO_END) {
        *bad = true;
        return false;
    }
    return c->len - c->start >= sizeof h + h.length;
}

/* Looks whether the child exited (reaping it). */
static void check_exit(conf_child *c) {
    if (c->exited || c->pid <= 0) return;
    if (wait4(c->pid, &c->status, WNOHANG, &c->usage) == c->pid) c->exited = true;
}

/* Waits until c->buf starts with a whole record (1), the child is gone (0: c->dead, its death recorded),
 * or the run is interrupted (-1). */
static int child_fill(conf_child *c) {
    volatile sig_atomic_t *interrupted = c->iso->opts.interrupted;
    iso_await_pid(c->iso, c);
    for (;;) {
        bool bad;
        if (whole_record(c, &bad)) return 1;
        if (bad) {
            die(c, 'p');
            return 0;
        }
        if (c->dead) return 0;
        if (c->exited) { /* what it sent before it ended counts; then its status */
            receive(c);
            if (whole_record(c, &bad)) return 1;
            die(c, bad ? 'p' : 's');
            return 0;
        }
        if (interrupted && *interrupted) return -1;
        int64_t left = c->deadline_ms - iso_now_ms();
        if (left <= 0) {
            receive(c);
            if (whole_record(c, &bad)) return 1;
            die(c, 't');
            return 0;
        }
        struct pollfd pfd[4] = {{c->data_eof ? -1 : c->data_fd, POLLIN, 0}, {c->out_fd, POLLIN, 0}, {c->pidfd, POLLIN, 0},
                                {iso_answer_fd(c->iso), POLLIN, 0}}; /* the next children's pids: they start at once */
        int tick = c->pidfd < 0 && c->data_eof ? 10 : ISO_TICK_MS;
        int n = poll(pfd, 4, (int)(left < tick ? left : tick));
        if (n < 0 && errno != EINTR) return -1;
        if (pfd[3].revents) iso_take_ready_answers(c->iso);
        if (pfd[1].revents) capture(c);
        if (pfd[0].revents && !receive(c)) {
            die(c, 'p');
            return 0;
        }
        if (c->pidfd < 0 || pfd[2].revents) check_exit(c);
    }
}

/* The whole record at the head of c->buf: its type and payload. */
static uint32_t head_record(const conf_child *c, iso_in *in) {
    iso_header h;
    memcpy(&h, c->buf + c->start, sizeof h);
    *in = (iso_in){c->buf + c->start + sizeof h, h.length, 0, false};
    return h.type;
}

static void consume(conf_child *c) {
    iso_header h;
    memcpy(&h, c->buf + c->start, sizeof h);
    c->start += sizeof h + h.length; /* moved down only when room is needed (receive) */
    if (c->start == c->len) c->start = c->len = 0;
}

/* Takes a SKIP / OPEN_FAILED / INPUT_CHANGED record's text into err. */
static void take_text(conf_child *c, iso_in *in, char *err, size_t cap) {
    if (!iso_get_str(in, err, cap, NULL)) snprintf(err, cap, "(a message rtshm cannot read)");
    consume(c);
}

int run_child_open(conf_child *c, char *err, size_t cap) {
    c->phase = ISO_PHASE_OPEN;
    int got = child_fill(c);
    if (got < 0) {
        snprintf(err, cap, "interrupted");
        return RUN_CHILD_ABANDONED;
    }
    if (got == 0) {
        snprintf(err, cap, "%s", c->death_message);
        return RUN_CHILD_DIED;
    }
    iso_in in;
    switch (head_record(c, &in)) {
    case ISO_SKIP: take_text(c, &in, err, cap); return RUN_CHILD_SKIP;
    case ISO_OPEN_FAILED: take_text(c, &in, err, cap); return RUN_CHILD_BROKE;
    case ISO_INPUT_CHANGED: take_text(c, &in, err, cap); return RUN_CHILD_INPUT_CHANGED;
    case ISO_OPENED:
        if (iso_get(&in, &c->start_rss_kb, sizeof c->start_rss_kb)) {
            consume(c);
            return RUN_CHILD_OK;
        }
        break;
    default: break;
    }
    die(c, 'p');
    snprintf(err, cap, "%s", c->death_message);
    return RUN_CHILD_DIED;
}

/* Reads a STEP record for st into x, f and err. Returns false when it does not parse. */
static bool take_step(conf_child *c, iso_in *in, const conf_step *st, run_exec *x, run_findings *f, int32_t *rc,
                      char *err, size_t cap) {
    int32_t index, count, dropped;
    uint32_t data_len;
    if (!iso_get_i32(in, &index) || index != st->index || !iso_get_i32(in, rc) ||
        !iso_get_outcome(in, &x->outcome, c->outcome_clause, sizeof c->outcome_clause) || !iso_get(in, &data_len, sizeof data_len))
        return false;
    uint32_t expected_len = *rc == 0 && st->kind == CONF_STEP_READ ? (uint32_t)st->length : 0;
    if (data_len != expected_len || !iso_get(in, x->data, data_len) || !iso_get_str(in, err, cap, NULL) ||
        !iso_get_i32(in, &count) || !iso_get_i32(in, &dropped) || count < 0 || count > RUN_MAX_FINDINGS_PER_STEP ||
        dropped < 0 || !iso_get(in, f->items, (size_t)count * sizeof f->items[0]))
        return false;
    f->count = count;
    f->dropped = dropped;
    for (int i = 0; i < count; i++) { /* terminated whatever arrived */
        run_finding *item = &f->items[i];
        item->kind[sizeof item->kind - 1] = item->clause[sizeof item->clause - 1] = item->detail[sizeof item->detail - 1] = '\0';
    }
    consume(c);
    return true;
}

int run_child_step(conf_child *c, const conf_step *st, const uint64_t *vars, run_exec *x, run_findings *f, char *err,
                   size_t cap) {
    memset(&x->outcome, 0, sizeof x->outcome);
    if (st->kind == CONF_STEP_CALL) run_resolve_args(st, vars, x->args);
    else if (st->kind != CONF_STEP_EVENT) x->va = run_resolve_address(st, vars);
    if (c->dead) return RUN_CHILD_GONE;
    if (c->iso->pending_count > 0) iso_take_ready_answers(c->iso); /* a next child waits for its start */
    if (c->phase != ISO_PHASE_REPLAY) c->phase = ISO_PHASE_STEP;
    c->step_index = st->index;
    c->step_function = run_step_function(st);
    for (;;) {
        bool replaying = c->phase == ISO_PHASE_REPLAY;
        int got = child_fill(c);
        if (got < 0) {
            snprintf(err, cap, "interrupted");
            return RUN_CHILD_ABANDONED;
        }
        if (got == 0) return replaying ? RUN_CHILD_GONE : RUN_CHILD_DIED;
        iso_in in;
        uint32_t type = head_record(c, &in);
        if (type == ISO_OPENED && replaying && iso_get(&in, &c->start_rss_kb, sizeof c->start_rss_kb)) {
            consume(c); /* the restarted child opened its world; its replay runs now */
            continue;
        }
        if (type == ISO_REPLAYED && replaying) {
            consume(c);
            c->phase = ISO_PHASE_STEP;
            continue;
        }
        if (type == ISO_INPUT_CHANGED) {
            take_text(c, &in, err, cap);
            return RUN_CHILD_INPUT_CHANGED;
        }
        int32_t rc;
        if (type != ISO_STEP || replaying || !take_step(c, &in, st, x, f, &rc, err, cap)) {
            die(c, 'p');
            return replaying ? RUN_CHILD_GONE : RUN_CHILD_DIED;
        }
        if (c->restarts > 0) c->steps_after_restart++;
        c->phase = ISO_PHASE_NOTES;
        return rc == 0 ? RUN_CHILD_OK : RUN_CHILD_BROKE;
    }
}

bool run_child_next_note(conf_child *c, conf_note *note) {
    if (c->dead || c->phase != ISO_PHASE_NOTES) return false;
    if (child_fill(c) != 1) return false; /* a death is told by the next step or the end */
    iso_in in;
    uint32_t type = head_record(c, &in);
    int32_t process, index;
    if (type == ISO_STEP_END && iso_get_i32(&in, &index) && index == c->step_index) {
        consume(c);
        c->phase = ISO_PHASE_STEP;
        return false;
    }
    if (type != ISO_NOTE || !iso_get_i32(&in, &process) || !iso_get_str(&in, c->note_api, sizeof c->note_api, NULL) ||
        !iso_get_str(&in, c->note_function, sizeof c->note_function, NULL) ||
        !iso_get_str(&in, note->args, sizeof note->args, NULL) ||
        !iso_get_str(&in, c->note_clause, sizeof c->note_clause, NULL)) {
        die(c, 'p');
        return false;
    }
    note->process = process >= 0 && process < c->sc->process_count ? process : -1;
    note->api = c->note_api;
    note->function = c->note_function;
    note->clause = c->note_clause[0] ? c->note_clause : NULL;
    consume(c);
    return true;
}

int run_child_finish(conf_child *c, bool wait_end, char *err, size_t cap) {
    int result = RUN_CHILD_OK;
    if (wait_end && !c->dead) { /* END is due: anything else, or nothing, is how the child ended */
        c->phase = ISO_PHASE_CLOSE;
        int got = child_fill(c);
        iso_in in;
        uint32_t type = got == 1 ? head_record(c, &in) : 0;
        if (got < 0) {
            snprintf(err, cap, "interrupted");
            result = RUN_CHILD_ABANDONED;
        } else if (type == ISO_END) {
            consume(c);
            c->ended_clean = true;
        } else if (type == ISO_INPUT_CHANGED) {
            take_text(c, &in, err, cap);
            result = RUN_CHILD_INPUT_CHANGED;
        } else {
            if (got == 1) die(c, 'p');
            result = RUN_CHILD_DIED;
        }
    }
    /* a persistent child that ended this scenario cleanly goes on with its next one (isolate.c) */
    if (!(c->ended_clean && result == RUN_CHILD_OK && c->batch_pos + 1 < c->batch_count)) iso_child_end(c);
    return result;
}
