/* conformance/src/backend_exec.c — the exec adapter (conf/exec.h): the backend table of a program that
 * speaks the line protocol (conformance/PROTOCOL.md), loaded where a library would be.
 *
 * Per world the adapter starts the program (/bin/sh -c COMMAND; stdin and stdout are the protocol's
 * pipes, stderr is the process's own, so the program's messages land in the scenario's captured
 * output), checks that its hello is the one it gave when loaded, opens the world, and turns every
 * operation of the table into one request and its answer: the findings and notes the answer carries
 * are handed out by xNextFinding and xNextNote, the outcome goes back as the library's would, for
 * rtshm's usual checks (backend_check.c). Nothing read from the program is trusted: lines are bounded
 * (exec_proto.h), every field is validated, and the counts of findings and notes are bounded.
 *
 * When the program's output ends while an answer is due, the adapter reaps it and ends its own process
 * the same way (exit status or signal): for the isolation around it that is the backend exiting or
 * crashing in that step, with the same verdict and message as a library. A program that closes its
 * output but keeps running is killed and the operation fails. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "backend_check.h"
#include "conf/exec.h"
#include "conf/families.h"
#include "exec_proto.h"

/* What a hello said. */
typedef struct exec_hello {
    char name[256];
    unsigned families, events;
    bool supported[SPEC_FN_COUNT];
} exec_hello;

/* A running program. */
typedef struct exec_conn {
    pid_t pid;
    int to_fd, from_fd;
    exec_reader reader;
} exec_conn;

typedef struct exec_world {
    exec_conn conn;
    bool broken;                 /* the protocol broke: nothing more is asked */
    rtshm_finding *findings;     /* of the last operation */
    rtshm_note *notes;
    int finding_count, finding_next, finding_cap;
    int note_count, note_next, note_cap;
    char clause[RTSHM_CLAUSE_BOUND + 8]; /* the last outcome's clause */
    char failure[1024];          /* the last operation's failure message */
} exec_world;

/* The adapter's one backend (a process loads at most one): its command, as given after "exec:", the
 * --impl text for messages, and its hello at load. */
static struct {
    char *impl;
    const char *command;
    exec_hello hello;
} exec_loaded;

bool conf_impl_is_exec(const char *impl) {
    return impl && strncmp(impl, CONF_EXEC_PREFIX, strlen(CONF_EXEC_PREFIX)) == 0;
}

/* ---- the program ---- */

/* Starts /bin/sh -c script with its stdin and stdout on pipes. 0, or -1 with err. */
static int conn_spawn(const char *script, exec_conn *c, char *err, size_t cap) {
    int in[2], out[2];
    memset(c, 0, sizeof *c);
    c->to_fd = c->from_fd = -1;
    if (pipe2(in, O_CLOEXEC) != 0) {
        snprintf(err, cap, "%s: cannot start the program: pipe: %s", exec_loaded.impl, strerror(errno));
        return -1;
    }
    if (pipe2(out, O_CLOEXEC) != 0) {
        snprintf(err, cap, "%s: cannot start the program: pipe: %s", exec_loaded.impl, strerror(errno));
        close(in[0]);
        close(in[1]);
        return -1;
    }
    signal(SIGPIPE, SIG_IGN); /* a program gone is seen as EPIPE, never as this process's death */
    pid_t parent = getpid();
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
        if (getppid() != parent) _exit(127);
        signal(SIGPIPE, SIG_DFL);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        int fd0 = fcntl(in[0], F_DUPFD, 3), fd1 = fcntl(out[1], F_DUPFD, 3); /* above 0 and 1, then moved */
        if (fd0 < 0 || fd1 < 0 || dup2(fd0, STDIN_FILENO) < 0 || dup2(fd1, STDOUT_FILENO) < 0) _exit(127);
        close_range(3, ~0U, 0); /* rtshm's pipes and files are not the program's */
        execl("/bin/sh", "sh", "-c", script, (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    if (pid < 0) {
        snprintf(err, cap, "%s: cannot start the program: fork: %s", exec_loaded.impl, strerror(errno));
        close(in[1]);
        close(out[0]);
        return -1;
    }
    c->pid = pid;
    c->to_fd = in[1];
    c->from_fd = out[0];
    c->reader = (exec_reader){.fd = out[0], .limit = EXEC_MAX_REPLY_LINE};
    return 0;
}

/* Starts command with its stdin and stdout on pipes: /bin/sh -c, and for a simple command (no ; & |
 * newline, parenthesis or backquote) "exec COMMAND", so that the program itself is the child whose exit
 * status or signal is the backend's (dash does not replace itself by the last command). 0, or -1 with
 * err. */
static int conn_start(const char *command, exec_conn *c, char *err, size_t cap) {
    bool simple = strpbrk(command, ";&|\n()`") == NULL;
    size_t script_len = strlen(command) + 6;
    char *script = malloc(script_len);
    if (script == NULL) {
        snprintf(err, cap, "out of memory");
        return -1;
    }
    snprintf(script, script_len, "%s%s", simple ? "exec " : "", command);
    int rc = conn_spawn(script, c, err, cap);
    free(script);
    return rc;
}

/* Waits up to ms for the program to end: its wait status, or -1 when it still runs. */
static int conn_wait(exec_conn *c, int ms) {
    for (int waited = 0;; waited++) {
        int status = 0;
        pid_t got = waitpid(c->pid, &status, WNOHANG);
        if (got < 0 && errno == EINTR) continue;
        if (got == c->pid || got < 0) { /* < 0: no such child (reaped already): nothing more to tell */
            c->pid = 0;
            return got < 0 ? 0 : status;
        }
        if (waited >= ms) return -1;
        nanosleep(&(struct timespec){0, 1000 * 1000}, NULL);
    }
}

/* Ends the program: its stdin closed, up to wait_ms for it to leave, then SIGKILL. */
static void conn_end(exec_conn *c, int wait_ms) {
    if (c->to_fd >= 0) close(c->to_fd);
    c->to_fd = -1;
    if (c->pid > 0 && conn_wait(c, wait_ms) == -1) {
        kill(c->pid, SIGKILL);
        while (waitpid(c->pid, NULL, 0) < 0 && errno == EINTR) continue;
    }
    c->pid = 0;
    if (c->from_fd >= 0) close(c->from_fd);
    c->from_fd = -1;
    exec_reader_free(&c->reader);
}

/* The program's output ended (or its stdin broke) while an answer to `what` was due: it is reaped and
 * this process ends the same way; a program that keeps running is killed, and -1 comes back with err. */
static int conn_gone(exec_conn *c, const char *what, char *err, size_t cap) {
    if (c->to_fd >= 0) close(c->to_fd);
    c->to_fd = -1;
    int status = c->pid > 0 ? conn_wait(c, 2000) : -1;
    if (status != -1) {
        fflush(NULL);
        if (WIFSIGNALED(status)) {
            int sig = WTERMSIG(status);
            signal(sig, SIG_DFL);
            sigset_t one;
            sigemptyset(&one);
            sigaddset(&one, sig);
            sigprocmask(SIG_UNBLOCK, &one, NULL);
            raise(sig);
            _exit(128 + sig);
        }
        _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
    }
    conn_end(c, 0);
    snprintf(err, cap, "%s: the program closed its output during %s but kept running; it was killed", exec_loaded.impl,
             what);
    return -1;
}

/* ---- hello ---- */

/* Parses a hello answer into *h. */
static bool hello_parse(const cJSON *j, exec_hello *h, char *why, size_t cap) {
    static const char *const keys[] = {"type", "protocol", "version", "name", "functions", "events", NULL};
    const char *protocol, *name;
    int64_t version;
    memset(h, 0, sizeof *h);
    if (!exec_get_string(j, "hello", "protocol", true, false, &protocol, why, cap)) return false;
    if (strcmp(protocol, EXEC_PROTOCOL) != 0) {
        snprintf(why, cap, "hello.protocol is '%.64s', not '%s'", protocol, EXEC_PROTOCOL);
        return false;
    }
    if (!exec_get_int(j, "hello", "version", true, 0, INT32_MAX, &version, why, cap)) return false;
    if (version != EXEC_PROTOCOL_VERSION) {
        snprintf(why, cap, "the program speaks protocol version %lld; this rtshm speaks version %d", (long long)version,
                 EXEC_PROTOCOL_VERSION);
        return false;
    }
    if (!exec_only_keys(j, "hello", keys, why, cap) || !exec_get_string(j, "hello", "name", true, false, &name, why, cap))
        return false;
    size_t len = strlen(name);
    char field_why[160];
    if (len == 0 || len >= sizeof h->name) {
        snprintf(why, cap, "hello.name: expected a string of 1 to %zu bytes", sizeof h->name - 1);
        return false;
    }
    memcpy(h->name, name, len + 1);
    if (!bcheck_text("hello.name", h->name, sizeof h->name, field_why, sizeof field_why)) {
        snprintf(why, cap, "%s", field_why);
        return false;
    }
    const cJSON *functions = cJSON_GetObjectItemCaseSensitive(j, "functions");
    if (!cJSON_IsObject(functions)) {
        snprintf(why, cap, "hello.functions: expected an object of families, each with its functions");
        return false;
    }
    for (const cJSON *fam = functions->child; fam; fam = fam->next) {
        spec_api api;
        if (!spec_api_by_name(fam->string, &api) || conf_family_bit(api) == 0) {
            snprintf(why, cap, "hello.functions: '%.64s' is not a family of this rtshm", fam->string);
            return false;
        }
        if (h->families & conf_family_bit(api)) {
            snprintf(why, cap, "hello.functions: family '%s' given twice", fam->string);
            return false;
        }
        h->families |= conf_family_bit(api);
        if (!cJSON_IsArray(fam) || cJSON_GetArraySize(fam) > SPEC_FN_COUNT) {
            snprintf(why, cap, "hello.functions.%s: expected an array of at most %d function names", fam->string,
                     SPEC_FN_COUNT);
            return false;
        }
        int i = 0;
        for (const cJSON *f = fam->child; f; f = f->next, i++) {
            const spec_function *fn = cJSON_IsString(f) ? spec_function_find(api, f->valuestring) : NULL;
            int row = fn ? spec_function_index(fn) : -1;
            if (row < 0 || row >= SPEC_FN_COUNT) {
                snprintf(why, cap, "hello.functions.%s[%d]: %s%.64s%s is not a function of %s in this rtshm", fam->string,
                         i, cJSON_IsString(f) ? "'" : "", cJSON_IsString(f) ? f->valuestring : "(not a string)",
                         cJSON_IsString(f) ? "'" : "", fam->string);
                return false;
            }
            h->supported[row] = true;
        }
    }
    const cJSON *events = cJSON_GetObjectItemCaseSensitive(j, "events");
    if (!cJSON_IsArray(events) || cJSON_GetArraySize(events) > 3) {
        snprintf(why, cap, "hello.events: expected an array of at most 3 of \"process.exit\", \"kernel\", \"link\"");
        return false;
    }
    int i = 0;
    for (const cJSON *e = events->child; e; e = e->next, i++) {
        int bit = -1;
        for (int k = 0; k < 3 && cJSON_IsString(e); k++)
            if (strcmp(e->valuestring, exec_support_names[k]) == 0) bit = k;
        if (bit < 0) {
            snprintf(why, cap, "hello.events[%d]: expected \"process.exit\", \"kernel\" or \"link\"", i);
            return false;
        }
        h->events |= 1u << bit;
    }
    return true;
}

/* Reads the next answer line of c as a JSON object: 1 with *j and *type; 0 at the end of output;
 * -1 with why. */
static int read_answer(exec_conn *c, cJSON **j, const char **type, char *why, size_t cap) {
    char *line;
    size_t len;
    char inner[512];
    int rc = exec_read_line(&c->reader, &line, &len, inner, sizeof inner);
    if (rc <= 0) {
        if (rc < 0) snprintf(why, cap, "%s", inner);
        return rc;
    }
    *j = exec_parse_line(line, len, type, inner, sizeof inner);
    if (*j == NULL) {
        snprintf(why, cap, "line %ld: %s", c->reader.line_no, inner);
        return -1;
    }
    return 1;
}

/* Starts the program and exchanges hello: 0 with *h, or -1 with err. */
static int conn_hello(exec_conn *c, exec_hello *h, char *err, size_t cap) {
    if (conn_start(exec_loaded.command, c, err, cap) != 0) return -1;
    cJSON *req = cJSON_CreateObject();
    cJSON_AddStringToObject(req, "type", "hello");
    cJSON_AddStringToObject(req, "protocol", EXEC_PROTOCOL);
    cJSON *versions = cJSON_AddArrayToObject(req, "versions");
    cJSON_AddItemToArray(versions, cJSON_CreateNumber(EXEC_PROTOCOL_VERSION));
    int sent = exec_write_json(c->to_fd, req, EXEC_MAX_REQUEST_LINE);
    cJSON_Delete(req);
    if (sent != 0) return conn_gone(c, "hello", err, cap);
    cJSON *j = NULL;
    const char *type = NULL;
    char why[512];
    int rc = read_answer(c, &j, &type, why, sizeof why);
    if (rc == 0) return conn_gone(c, "hello", err, cap);
    bool ok = rc > 0;
    if (ok && strcmp(type, "error") == 0) {
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(j, "message");
        snprintf(why, sizeof why, "it refused hello: %.400s", cJSON_IsString(m) ? m->valuestring : "(no message)");
        ok = false;
    } else if (ok && strcmp(type, "hello") != 0) {
        snprintf(why, sizeof why, "line %ld: expected the hello answer, not type '%.64s'", c->reader.line_no, type);
        ok = false;
    }
    if (ok) ok = hello_parse(j, h, why, sizeof why);
    cJSON_Delete(j);
    if (!ok) {
        snprintf(err, cap, "%s: hello: %s", exec_loaded.impl, why);
        conn_end(c, 0);
        return -1;
    }
    return 0;
}

/* ---- the table ---- */

static int x_supports(const char *api_name, const char *function) {
    spec_api api;
    const spec_function *fn = spec_api_by_name(api_name, &api) ? spec_function_find(api, function) : NULL;
    int row = fn ? spec_function_index(fn) : -1;
    return row >= 0 && row < SPEC_FN_COUNT && exec_loaded.hello.supported[row];
}

/* Fails the current operation of w: message into w->failure and err. Returns -1. */
static int fail(exec_world *w, bool broken, char *err, size_t cap) {
    w->broken = w->broken || broken;
    if (cap) { /* cut to err's size (xRead and xWrite pass none worth the name: theirs is read back) */
        size_t n = strnlen(w->failure, cap - 1);
        memcpy(err, w->failure, n);
        err[n] = '\0';
    }
    return -1;
}

/* Appends finding or note line j to w's queues (at most RTSHM_MAX_FINDINGS / RTSHM_MAX_NOTES). */
static bool queue_item(exec_world *w, const cJSON *j, bool finding, char *why, size_t cap) {
    int *count = finding ? &w->finding_count : &w->note_count;
    int *room = finding ? &w->finding_cap : &w->note_cap;
    int bound = finding ? RTSHM_MAX_FINDINGS : RTSHM_MAX_NOTES;
    if (*count == bound) {
        snprintf(why, cap, "more than %d %s in one answer (the bound)", bound, finding ? "findings" : "notes");
        return false;
    }
    if (*count == *room) {
        int grown = *room ? 2 * *room : 8;
        void *items = finding ? (void *)w->findings : (void *)w->notes;
        items = realloc(items, (size_t)grown * (finding ? sizeof *w->findings : sizeof *w->notes));
        if (items == NULL) {
            snprintf(why, cap, "out of memory");
            return false;
        }
        if (finding) w->findings = items;
        else w->notes = items;
        *room = grown;
    }
    return finding ? exec_finding_parse(j, &w->findings[(*count)++], why, cap)
                   : exec_note_parse(j, &w->notes[(*count)++], why, cap);
}

/* Sends req (deleted here) for operation `what` and reads its answer: the findings and notes before it
 * queued (allowed only when with_items), then "result" (0, *result the line's object for the caller to
 * delete) or "error" (-1, its message). Anything else fails with the line and the field. A program that
 * ends instead of answering ends this process the same way (conn_gone), except for `close` (quiet: the
 * world is over, -1). */
static int exchange(exec_world *w, cJSON *req, const char *what, bool with_items, cJSON **result, char *err,
                    size_t cap) {
    bool quiet = strcmp(what, "close") == 0;
    w->finding_count = w->finding_next = w->note_count = w->note_next = 0;
    w->failure[0] = '\0';
    *result = NULL;
    if (w->broken) {
        cJSON_Delete(req);
        snprintf(w->failure, sizeof w->failure, "%s: %s: the program broke the protocol before", exec_loaded.impl, what);
        return fail(w, true, err, cap);
    }
    int sent = req ? exec_write_json(w->conn.to_fd, req, EXEC_MAX_REQUEST_LINE) : -1;
    int sent_errno = errno;
    cJSON_Delete(req);
    if (sent != 0 && sent_errno == EPIPE) return quiet ? -1 : conn_gone(&w->conn, what, err, cap);
    if (sent != 0) {
        snprintf(w->failure, sizeof w->failure, "%s: %s: cannot send the request: %s", exec_loaded.impl, what,
                 strerror(sent_errno));
        return fail(w, true, err, cap);
    }
    char why[600];
    for (;;) {
        cJSON *j = NULL;
        const char *type = NULL;
        int rc = read_answer(&w->conn, &j, &type, why, sizeof why);
        if (rc == 0) return quiet ? -1 : conn_gone(&w->conn, what, err, cap);
        bool ok = rc > 0;
        if (ok && strcmp(type, "result") == 0) {
            *result = j;
            return 0;
        }
        if (ok && strcmp(type, "error") == 0) {
            static const char *const keys[] = {"type", "message", NULL};
            const char *message = NULL;
            ok = exec_only_keys(j, "error", keys, why, sizeof why) &&
                 exec_get_string(j, "error", "message", true, false, &message, why, sizeof why);
            if (ok) {
                snprintf(w->failure, sizeof w->failure, "%.1000s", message);
                cJSON_Delete(j);
                return fail(w, false, err, cap);
            }
        } else if (ok && (strcmp(type, "finding") == 0 || strcmp(type, "note") == 0)) {
            if (!with_items) {
                snprintf(why, sizeof why, "line %ld: a %s in the answer to %s (only calls, reads, writes and events "
                         "raise them)", w->conn.reader.line_no, type, what);
                ok = false;
            } else {
                ok = queue_item(w, j, type[0] == 'f', why, sizeof why);
            }
        } else if (ok) {
            snprintf(why, sizeof why, "line %ld: unknown answer type '%.64s'", w->conn.reader.line_no, type);
            ok = false;
        }
        cJSON_Delete(j);
        if (!ok) {
            snprintf(w->failure, sizeof w->failure, "%s: the answer to %s: %s", exec_loaded.impl, what, why);
            return fail(w, true, err, cap);
        }
    }
}

/* Checks a result line's keys (allowed) and takes its outcome into *o (when o is not NULL). */
static int take_result(exec_world *w, cJSON *result, const char *what, const char *const *allowed, rtshm_outcome *o,
                       char *err, size_t cap) {
    char why[600];
    bool ok = exec_only_keys(result, "result", allowed, why, sizeof why);
    if (ok && o) {
        const cJSON *outcome = cJSON_GetObjectItemCaseSensitive(result, "outcome");
        if (outcome == NULL) {
            snprintf(why, sizeof why, "result: missing key 'outcome'");
            ok = false;
        } else {
            ok = exec_outcome_parse(outcome, "result.outcome", o, w->clause, sizeof w->clause, why, sizeof why);
        }
    }
    if (!ok) {
        snprintf(w->failure, sizeof w->failure, "%s: the answer to %s: line %ld: %s", exec_loaded.impl, what,
                 w->conn.reader.line_no, why);
        return fail(w, true, err, cap);
    }
    return 0;
}

/* An operation whose answer is a result with an outcome (call, write, event): req sent, the outcome
 * taken into *out. 0, or -1 with err. */
static int operate(exec_world *w, cJSON *req, const char *what, rtshm_outcome *out, char *err, size_t cap) {
    cJSON *result;
    static const char *const keys[] = {"type", "outcome", NULL};
    int rc = exchange(w, req, what, true, &result, err, cap);
    if (rc == 0) rc = take_result(w, result, what, keys, out, err, cap);
    cJSON_Delete(result);
    return rc;
}

static void *x_open(const rtshm_topology *topology, uint64_t seed, char *err, size_t cap) {
    exec_world *w = calloc(1, sizeof *w);
    if (w == NULL) {
        snprintf(err, cap, "out of memory");
        return NULL;
    }
    exec_hello h;
    if (conn_hello(&w->conn, &h, err, cap) != 0) {
        free(w);
        return NULL;
    }
    if (strcmp(h.name, exec_loaded.hello.name) != 0 || h.families != exec_loaded.hello.families ||
        h.events != exec_loaded.hello.events ||
        memcmp(h.supported, exec_loaded.hello.supported, sizeof h.supported) != 0) {
        snprintf(err, cap, "%s: hello: the program answered hello differently from when it was loaded (name, "
                 "functions or events)", exec_loaded.impl);
        conn_end(&w->conn, 0);
        free(w);
        return NULL;
    }
    cJSON *req = cJSON_CreateObject();
    cJSON_AddStringToObject(req, "type", "open");
    exec_add_u64(req, "seed", seed);
    cJSON_AddItemToObject(req, "topology", exec_topology_json(topology));
    cJSON *result;
    static const char *const keys[] = {"type", NULL};
    if (exchange(w, req, "open", false, &result, err, cap) != 0 || take_result(w, result, "open", keys, NULL, err, cap) != 0) {
        cJSON_Delete(result);
        conn_end(&w->conn, 0);
        free(w->findings);
        free(w->notes);
        free(w);
        return NULL;
    }
    cJSON_Delete(result);
    return w;
}

static void x_close(void *world) {
    exec_world *w = world;
    if (w == NULL) return;
    if (!w->broken && w->conn.pid > 0) {
        cJSON *req = cJSON_CreateObject();
        cJSON_AddStringToObject(req, "type", "close");
        cJSON *result = NULL;
        char err[64];
        if (exchange(w, req, "close", false, &result, err, sizeof err) == 0) cJSON_Delete(result);
    }
    conn_end(&w->conn, w->broken ? 0 : 1000);
    free(w->findings);
    free(w->notes);
    free(w);
}

static int x_call(void *world, int process, const char *api, const char *function, int argc, const rtshm_value *argv,
                  rtshm_outcome *out, char *err, size_t cap) {
    exec_world *w = world;
    cJSON *req = cJSON_CreateObject();
    cJSON_AddStringToObject(req, "type", "call");
    cJSON_AddNumberToObject(req, "process", process);
    cJSON_AddStringToObject(req, "api", api);
    cJSON_AddStringToObject(req, "function", function);
    cJSON_AddItemToObject(req, "args", exec_args_json(argc, argv));
    char what[96];
    snprintf(what, sizeof what, "call %.64s", function);
    return operate(w, req, what, out, err, cap);
}

static int x_read(void *world, int process, uint64_t address, size_t len, unsigned char *data, rtshm_outcome *out) {
    exec_world *w = world;
    cJSON *req = cJSON_CreateObject();
    cJSON_AddStringToObject(req, "type", "read");
    cJSON_AddNumberToObject(req, "process", process);
    exec_add_u64(req, "address", address);
    cJSON_AddNumberToObject(req, "length", (double)len);
    cJSON *result;
    char err[8];
    static const char *const keys[] = {"type", "outcome", "data", NULL};
    int rc = exchange(w, req, "read", true, &result, err, sizeof err);
    if (rc == 0) rc = take_result(w, result, "read", keys, out, err, sizeof err);
    if (rc == 0) {
        const cJSON *hex = cJSON_GetObjectItemCaseSensitive(result, "data");
        if (hex == NULL && out->fault) {
            memset(data, 0, len);
        } else if (!cJSON_IsString(hex) || strlen(hex->valuestring) != 2 * len ||
                   exec_hex_decode(hex->valuestring, data, len) != (long)len) {
            snprintf(w->failure, sizeof w->failure, "%s: the answer to read: line %ld: result.data: expected %zu "
                     "bytes as %zu hex digits", exec_loaded.impl, w->conn.reader.line_no, len, 2 * len);
            rc = fail(w, true, err, sizeof err);
        }
    }
    cJSON_Delete(result);
    return rc;
}

static int x_write(void *world, int process, uint64_t address, const unsigned char *data, size_t len,
                   rtshm_outcome *out) {
    exec_world *w = world;
    char *hex = exec_hex_encode(data, len);
    if (hex == NULL) {
        snprintf(w->failure, sizeof w->failure, "out of memory");
        return -1;
    }
    cJSON *req = cJSON_CreateObject();
    cJSON_AddStringToObject(req, "type", "write");
    cJSON_AddNumberToObject(req, "process", process);
    exec_add_u64(req, "address", address);
    cJSON_AddStringToObject(req, "data", hex);
    free(hex);
    char err[8]; /* the message stays in w->failure (conf_exec_failure) */
    return operate(w, req, "write", out, err, sizeof err);
}

static int x_event(void *world, const rtshm_event *event, rtshm_outcome *out, char *err, size_t cap) {
    exec_world *w = world;
    cJSON *req = cJSON_CreateObject();
    cJSON_AddStringToObject(req, "type", "event");
    cJSON_AddItemToObject(req, "event", exec_event_json(event));
    char what[64];
    snprintf(what, sizeof what, "event %s", (unsigned)event->kind < 5 ? exec_event_names[event->kind] : "?");
    return operate(w, req, what, out, err, cap);
}

static int x_next_finding(void *world, rtshm_finding *finding) {
    exec_world *w = world;
    if (w->finding_next >= w->finding_count) return 0;
    *finding = w->findings[w->finding_next++];
    return 1;
}

static int x_next_note(void *world, rtshm_note *note) {
    exec_world *w = world;
    if (w->note_next >= w->note_count) return 0;
    *note = w->notes[w->note_next++];
    return 1;
}

static rtshm_backend exec_table = {
    .iVersion = RTSHM_BACKEND_VERSION,
    .szBackend = (int)sizeof(rtshm_backend),
    .xOpen = x_open,
    .xClose = x_close,
    .xCall = x_call,
    .xRead = x_read,
    .xWrite = x_write,
    .xEvent = x_event,
    .xNextNote = x_next_note,
    .xNextFinding = x_next_finding,
    .xSupports = x_supports,
};

bool conf_exec_describe_load_end(const char *impl, int status, bool timed_out, unsigned timeout_s, char *err,
                                 size_t cap) {
    if (!conf_impl_is_exec(impl)) return false;
    if (timed_out) snprintf(err, cap, "%s: the program did not answer hello within %u s; it was killed", impl, timeout_s);
    else if (WIFSIGNALED(status))
        snprintf(err, cap, "%s: the program died of signal %d (%s) before answering hello", impl, WTERMSIG(status),
                 strsignal(WTERMSIG(status)));
    else snprintf(err, cap, "%s: the program exited with status %d before answering hello", impl, WEXITSTATUS(status));
    return true;
}

void conf_exec_failure(const rtshm_backend *table, void *world, char *err, size_t cap) {
    if (table != &exec_table || world == NULL || cap == 0) return;
    const exec_world *w = world;
    if (w->failure[0]) snprintf(err, cap, "%s", w->failure);
}

int conf_backend_exec_load(const char *impl, conf_backend *out, char *err, size_t cap) {
    memset(out, 0, sizeof *out);
    const char *command = impl + strlen(CONF_EXEC_PREFIX);
    if (*command == '\0') {
        snprintf(err, cap, "%s: expected a command after 'exec:' (exec:COMMAND, run by /bin/sh -c)", impl);
        return -1;
    }
    if (exec_loaded.impl) {
        snprintf(err, cap, "%s: another exec backend (%s) is loaded in this process", impl, exec_loaded.impl);
        return -1;
    }
    exec_loaded.impl = strdup(impl);
    if (exec_loaded.impl == NULL) {
        snprintf(err, cap, "out of memory");
        return -1;
    }
    exec_loaded.command = exec_loaded.impl + strlen(CONF_EXEC_PREFIX);
    exec_conn c;
    if (conn_hello(&c, &exec_loaded.hello, err, cap) != 0) {
        free(exec_loaded.impl);
        exec_loaded.impl = NULL;
        return -1;
    }
    conn_end(&c, 1000);
    exec_table.zName = exec_loaded.hello.name;
    exec_table.families = exec_loaded.hello.families;
    exec_table.events = exec_loaded.hello.events;
    return conf_backend_bind(&exec_table, impl, out, err, cap);
}
