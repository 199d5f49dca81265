/* conformance/src/isolate_int.h — what the isolation modules share (private to conformance/src):
 * the fork server's handle (isolate_server.c) and one scenario's child as rtshm sees it
 * (isolate_parent.c reads it; isolate.c queues and runs them). */
#ifndef CONF_ISOLATE_INT_H
#define CONF_ISOLATE_INT_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "conf/isolate.h"
#include "isolate_proto.h"

#define ISO_OUTPUT_KEEP_BYTES (64 * 1024) /* of a scenario's stdout + stderr, recorded */
#define ISO_TICK_MS 100                   /* longest wait between two looks at the interrupt flag */
#define ISO_MAX_SERVER_RESTARTS 3         /* fork servers started again after one died, per run */
#define ISO_SWEEP_EVERY 32                /* scenarios between two sweeps for orphans when all ended cleanly */

struct conf_child {
    conf_isolation *iso;
    const conf_scenario *sc;     /* the scenario being run (a batch's current one) */
    const conf_scenario *const *batch; /* a persistent child's scenarios (batch_count), or NULL */
    int batch_count, batch_pos;  /* sc is batch[batch_pos] (batch_count 0: sc alone) */
    bool persistent;             /* it runs batch_count scenarios (a PASS / SKIP of it stands; else alone) */
    const char *const *texts;    /* the scenarios' texts (beside batch), or NULL: sent as addresses */
    int text_fd;                 /* the sealed file of those texts the child reads, or -1 */
    uint64_t seed;
    iso_request req;             /* what started it (restarts add skips) */
    pid_t pid;                   /* 0: not started (or its start not answered yet: awaiting_pid) */
    bool awaiting_pid;           /* its request is sent; the server's answer is not read yet */
    int pidfd, data_fd, out_fd;  /* -1 when closed */
    int go_fd;                   /* rtshm's end of the child's start signal (-1 once sent or closed) */
    bool go_wanted;              /* it may run: the byte is sent as soon as its pid is known */
    bool exited, data_eof;
    bool ended_clean;            /* its END arrived: it killed the backend's processes itself */
    int status;                  /* waitpid's, once exited */
    struct rusage usage;
    int64_t start_rss_kb;        /* its resident size when its world opened */
    int64_t deadline_ms;         /* 0 until rtshm starts reading it */
    /* bytes received and not consumed yet */
    unsigned char *buf;
    size_t start, len, cap;      /* the unread records are buf[start..len) */
    bool have_record;            /* buf starts with a whole record */
    /* where it is, for messages */
    int phase;                   /* ISO_PHASE_* */
    int step_index;
    const char *step_function;
    /* the first death, if any */
    const char *death_verdict;
    char death_message[600];
    const char *last_verdict;    /* the latest death (the first one after no restart) */
    char last_message[600];
    bool dead;                   /* the current child is gone (died, killed, or ended) */
    int restarts, steps_after_restart;
    char outcome_clause[64];     /* the last step's outcome's clause (valid until the next step) */
    /* the current note (run_child_next_note) */
    char note_api[16], note_function[64], note_clause[64];
    /* its stdout + stderr */
    char *output;
    size_t output_len;
    uint64_t output_dropped;
    char *output_text;           /* escaped, for the trace */
};

enum { ISO_PHASE_OPEN, ISO_PHASE_STEP, ISO_PHASE_NOTES, ISO_PHASE_REPLAY, ISO_PHASE_CLOSE };

struct conf_isolation {
    conf_isolation_opts opts;
    char *library;               /* as given */
    conf_backend backend;        /* name, families, events as loaded in the server; no table */
    char *backend_name;
    pid_t server_pid;
    int ctl_fd;
    int server_restarts;         /* how many times a server that died was replaced (ISO_MAX_SERVER_RESTARTS) */
    char server_gone[480];       /* "" while a server runs; else why none will: the last one's end */
    conf_child **queue;          /* in run order: opts.jobs running, and with opts.jobs 1 one more forked
                                    and held until the running one ends (iso_child_go); opts.jobs + 1 slots */
    int queued;
    conf_child **pending;        /* requests sent to the server, answers not read yet, in order */
    int pending_count;
    unsigned char *spare_buf;    /* a freed child's receive buffer, for the next child (spare_cap bytes) */
    size_t spare_cap;
    pid_t *retired;              /* children killed after their END, not reaped yet */
    int retired_count, retired_cap;
    int unswept;                 /* scenarios since the last sweep for orphans */
};

/* Asks the server to start conf_child c's process for c->req (pipes made here; c->awaiting_pid until
 * iso_await_pid reads the answer). A server found dead is replaced first (isolate_server.c, at most
 * ISO_MAX_SERVER_RESTARTS times a run). Returns 0, or -1 with a message in err. */
int iso_server_launch(conf_isolation *iso, conf_child *c, char *err, size_t cap);

/* Reads the server's answers in order up to c's: c->pid set (and its pidfd), or c dead with the reason
 * (ERROR). A server that died before answering is replaced and the unanswered requests sent again.
 * Nothing when c is not awaiting. */
void iso_await_pid(conf_isolation *iso, conf_child *c);

/* Reads the server's answers that are there now, without waiting (children whose start was wanted get
 * their byte at once: a child started ahead runs while rtshm reads another). */
void iso_take_ready_answers(conf_isolation *iso);

/* The descriptor to poll for the server's answers, or -1 when none is due. */
int iso_answer_fd(const conf_isolation *iso);

/* Lets c's process run (it waits for this after the server forked it): at once when its pid is known,
 * else when iso_await_pid reads it. */
void iso_child_go(conf_child *c);

/* Marks c dead before its process started: ERROR with why (the first death's message if it had none). */
void iso_child_cannot_start(conf_child *c, const char *why);

/* Reaps the retired children that have ended (all of them, waiting, with wait). */
void iso_reap_retired(conf_isolation *iso, bool wait);

/* The pids of the server and of every started child, for iso_kill_orphans. Returns how many. */
int iso_known_pids(const conf_isolation *iso, const conf_child *extra, pid_t *out, int cap);

/* Kills c's process tree, reaps it and closes its pipes (after draining its output). */
void iso_child_end(conf_child *c);

/* Keeps the first ISO_OUTPUT_KEEP_BYTES of what c's backend printed (n bytes in chunk); the rest is
 * counted in c->output_dropped. */
void iso_keep_output(conf_child *c, const char *chunk, size_t n);

/* Frees a child (ended first). */
void iso_child_free(conf_child *c);

#endif
