/* conformance/src/isolate_server.c — the fork server: the backend library loaded once, in a child of
 * rtshm, and every scenario's child forked from it.
 *
 * Start: rtshm forks the server (after the corpus is loaded) with a control socket; the server leaves
 * rtshm's process group, dies with rtshm (PR_SET_PDEATHSIG), restores the default action of the fatal
 * signals (a sanitizer's handler would turn a crash into an exit status), keeps only its own
 * descriptors, and loads the library (conf_backend_load: dlopen, constructors, rtshm_backend_entry, the
 * table's checks) with its stdout and stderr on a pipe rtshm reads. It answers LOADED or LOAD_FAILED;
 * rtshm waits for that at most the scenario timeout, and a server that dies or hangs first is reported
 * with the library's name. Then the server waits for requests.
 *
 * Launch: rtshm sends a request and the write ends of two pipes (SCM_RIGHTS): the data pipe and the
 * output capture, and its start signal; and, when its scenarios travel as text (explore: the server
 * then lives for a whole exploration, forked before those scenarios existed), a sealed memory file
 * holding their texts, which the child parses. The server clones with CLONE_PARENT, so the scenario's child is rtshm's own child:
 * rtshm waits for it, sees its exit status and is its subreaper's parent. A third descriptor travels
 * too: the child waits for one byte on it, which rtshm sends once it has the child's pid and wants it to
 * run (isolate.c holds the next scenario's child forked ahead). Per scenario that is one clone, two
 * pipes and a socket pair; no exec, no dlopen, no database.
 *
 * Death: a server that dies or stops answering mid-run (a backend's child may kill it: its pid is no
 * secret) is found by the next request that cannot be sent or answer that does not come; it is reaped,
 * a new one is started and loaded the same way (it must describe the same backend), and the requests
 * the old one left unanswered are sent again with new pipes. At most ISO_MAX_SERVER_RESTARTS times a
 * run: then, or when the new one cannot load, every scenario left is ERROR "cannot start the backend's
 * child: the fork server died of signal 9 (Killed), and it was started again 3 times already (the
 * limit)" (or "... and starting it again failed: <why>"), recorded with no step rows. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "conf/exec.h"
#include "isolate_int.h"
#include "isolate_reap.h"

enum { SERVER_CTL_FD = 3, SERVER_CWD_FD = 4 };

/* ---- the server ---- */

/* Sets the scenario child up and runs it: its own process group, killed with rtshm, in rtshm's working
 * directory, output to the capture, under the memory limit. Never returns. */
static void child_start(const conf_backend *be, const iso_request *req, int data_fd, int out_fd, int text_fd, pid_t rtshm) {
    close(SERVER_CTL_FD);
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); /* the backend's orphans come here (isolate_reap.h) */
    if (getppid() != rtshm) _exit(1);
    if (fchdir(SERVER_CWD_FD) != 0) _exit(1);
    close(SERVER_CWD_FD);
    if (dup2(out_fd, STDOUT_FILENO) < 0 || dup2(out_fd, STDERR_FILENO) < 0) _exit(1);
    close(out_fd);
    if (req->memory_limit_bytes > 0) {
        /* On top of what the child has (a sanitizer reserves terabytes of address space up front). */
        uint64_t pages[2] = {0, 0};
        iso_statm_pages(pages);
        rlim_t limit = (rlim_t)pages[0] * (rlim_t)sysconf(_SC_PAGESIZE) + (rlim_t)req->memory_limit_bytes;
        struct rlimit rl = {limit, limit};
        setrlimit(RLIMIT_AS, &rl);
    }
    iso_child_main(be, req, data_fd, text_fd);
}

/* Receives one request and its three descriptors, four when its scenarios come as text (fds[3], else
 * -1). Returns 1, 0 when rtshm closed the socket, -1 on a malformed message. */
static int receive_request(iso_request *req, int fds[4]) {
    char control[CMSG_SPACE(4 * sizeof(int))];
    struct iovec iov = {req, sizeof *req};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
    ssize_t n;
    while ((n = recvmsg(SERVER_CTL_FD, &msg, 0)) < 0 && errno == EINTR) continue;
    if (n == 0) return 0;
    struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
    int count = req->text_count > 0 ? 4 : 3;
    if (n != (ssize_t)sizeof *req || cm == NULL || cm->cmsg_type != SCM_RIGHTS ||
        cm->cmsg_len != CMSG_LEN((size_t)count * sizeof(int)))
        return n < 0 ? 0 : -1;
    fds[3] = -1;
    memcpy(fds, CMSG_DATA(cm), (size_t)count * sizeof(int));
    return 1;
}

static void server_loop(const conf_backend *be, pid_t rtshm) {
    for (;;) {
        iso_request req;
        int fds[4] = {-1, -1, -1, -1};
        int got = receive_request(&req, fds);
        if (got == 0) _exit(0);
        int32_t reply = -EPROTO;
        if (got > 0) {
            /* clone(CLONE_PARENT): the new process is rtshm's child, not the server's. It waits for the
             * byte rtshm sends on fds[2] once it has its pid and wants it to run (a child cannot end the
             * server, nor anything else, before rtshm knows it exists; and the next scenario's child is
             * forked while the current one runs) */
            pid_t pid = (pid_t)syscall(SYS_clone, CLONE_PARENT | SIGCHLD, NULL, NULL, NULL, NULL);
            if (pid == 0) {
                char byte = 0;
                close(SERVER_CTL_FD); /* a held child must not keep the server's socket open after it dies */
                while (read(fds[2], &byte, 1) < 0 && errno == EINTR) continue;
                if (byte != 'g') _exit(1); /* rtshm dropped it (or is gone) */
                close(fds[2]);
                child_start(be, &req, fds[0], fds[1], fds[3], rtshm);
            }
            reply = pid > 0 ? (int32_t)pid : -errno;
            for (int i = 0; i < 4; i++)
                if (fds[i] >= 0) close(fds[i]);
        }
        if (send(SERVER_CTL_FD, &reply, sizeof reply, MSG_NOSIGNAL) != (ssize_t)sizeof reply) _exit(0);
    }
}

/* The server's body: never returns. */
static void server_main(const char *path, int ctl_fd, int cwd_fd, int output_fd, pid_t rtshm) {
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    if (getppid() != rtshm) _exit(1);
    static const int fatal[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGINT, SIGTERM, SIGPIPE};
    for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++) signal(fatal[i], SIG_DFL);
    /* every descriptor kept above the ones it is moved to, so that no dup2 overwrites another */
    int devnull = open("/dev/null", O_RDWR);
    ctl_fd = fcntl(ctl_fd, F_DUPFD, 100);
    cwd_fd = fcntl(cwd_fd, F_DUPFD, 100);
    output_fd = fcntl(output_fd, F_DUPFD, 100);
    devnull = fcntl(devnull, F_DUPFD, 100);
    if (devnull < 0 || ctl_fd < 0 || cwd_fd < 0 || output_fd < 0 || dup2(devnull, STDIN_FILENO) < 0 ||
        dup2(output_fd, STDOUT_FILENO) < 0 || dup2(output_fd, STDERR_FILENO) < 0 || dup2(ctl_fd, SERVER_CTL_FD) < 0 ||
        dup2(cwd_fd, SERVER_CWD_FD) < 0)
        _exit(1);
    close_range(SERVER_CWD_FD + 1, ~0U, 0); /* rtshm's files are not the backend's */
    static conf_backend be;
    char err[1024];
    iso_out o = {0};
    if (conf_backend_load(path, &be, err, sizeof err) != 0) {
        iso_begin(&o, ISO_LOAD_FAILED);
        iso_put_str(&o, err);
        iso_send(&o, SERVER_CTL_FD);
        _exit(0);
    }
    iso_begin(&o, ISO_LOADED);
    conf_backend copy;
    memcpy(&copy, &be, sizeof copy);
    copy.table = NULL;
    copy.name = NULL;
    copy.library = NULL;
    iso_put(&o, &copy, sizeof copy);
    iso_put_str(&o, be.name);
    if (iso_send(&o, SERVER_CTL_FD) != 0) _exit(0);
    iso_out_free(&o);
    fflush(NULL);
    if (dup2(STDIN_FILENO, STDOUT_FILENO) < 0 || dup2(STDIN_FILENO, STDERR_FILENO) < 0) _exit(1); /* /dev/null */
    server_loop(&be, rtshm);
}

/* ---- rtshm's side ---- */

/* Appends what the loading server printed (escaped, first line or so) to err. */
static void append_output(char *err, size_t cap, const char *output, size_t len) {
    if (len == 0) return;
    size_t at = strlen(err);
    if (at + 16 >= cap) return;
    at += (size_t)snprintf(err + at, cap - at, "; it printed: ");
    for (size_t i = 0; i < len && i < 200 && at + 5 < cap; i++) {
        unsigned char c = (unsigned char)output[i];
        at += (size_t)(c >= 0x20 && c < 0x7f ? snprintf(err + at, cap - at, "%c", c)
                                               : snprintf(err + at, cap - at, "\\x%02x", c));
    }
}

/* Describes how the server ended while loading the library into err. */
static void describe_load_end(const char *path, int status, bool timed_out, unsigned timeout_s, char *err, size_t cap) {
    if (conf_exec_describe_load_end(path, status, timed_out, timeout_s, err, cap)) return; /* a program's words */
    if (timed_out)
        snprintf(err, cap, "%s: the backend library did not finish loading within %u s (a constructor or "
                           "rtshm_backend_entry hangs?); it was killed", path, timeout_s);
    else if (WIFSIGNALED(status))
        snprintf(err, cap, "%s: the backend library crashed while loading: signal %d (%s)", path, WTERMSIG(status),
                 strsignal(WTERMSIG(status)));
    else
        snprintf(err, cap, "%s: the backend library exited with status %d while loading", path, WEXITSTATUS(status));
}

/* Waits for the server's answer to loading: fills iso->backend. Returns 0, or -1 with err. */
static int await_loaded(conf_isolation *iso, int output_fd, char *err, size_t cap) {
    unsigned char buf[8192];
    size_t len = 0;
    char output[256];
    size_t output_len = 0;
    int64_t deadline = iso_now_ms() + (int64_t)iso->opts.timeout_s * 1000;
    for (;;) {
        int64_t left = deadline - iso_now_ms();
        if (left <= 0 || (iso->opts.interrupted && *iso->opts.interrupted)) {
            describe_load_end(iso->library, 0, true, iso->opts.timeout_s, err, cap);
            if (left > 0) snprintf(err, cap, "%s: interrupted while the backend library was loading", iso->library);
            return -1;
        }
        struct pollfd pfd[2] = {{iso->ctl_fd, POLLIN, 0}, {output_fd, POLLIN, 0}};
        int n = poll(pfd, output_fd >= 0 ? 2 : 1, (int)(left < ISO_TICK_MS ? left : ISO_TICK_MS));
        if (n <= 0) continue;
        if (output_fd >= 0 && pfd[1].revents) {
            char chunk[512];
            ssize_t got = read(output_fd, chunk, sizeof chunk);
            if (got <= 0) output_fd = -1;
            for (ssize_t i = 0; i < got && output_len < sizeof output; i++) output[output_len++] = chunk[i];
        }
        if (!pfd[0].revents) continue;
        ssize_t got = recv(iso->ctl_fd, buf + len, sizeof buf - len, 0);
        if (got <= 0) { /* the server ended without answering */
            int status = 0;
            while (waitpid(iso->server_pid, &status, 0) < 0 && errno == EINTR) continue;
            iso->server_pid = 0;
            describe_load_end(iso->library, status, false, iso->opts.timeout_s, err, cap);
            append_output(err, cap, output, output_len);
            return -1;
        }
        len += (size_t)got;
        iso_header h;
        if (len < sizeof h) continue;
        memcpy(&h, buf, sizeof h);
        if (len < sizeof h + h.length) continue;
        iso_in in = {buf + sizeof h, h.length, 0, false};
        char name[512];
        if (h.type == ISO_LOAD_FAILED) {
            iso_get_str(&in, err, cap, NULL);
            return -1;
        }
        conf_backend loaded;
        if (h.type != ISO_LOADED || !iso_get(&in, &loaded, sizeof loaded) || !iso_get_str(&in, name, sizeof name, NULL)) {
            snprintf(err, cap, "%s: the fork server's answer did not parse", iso->library);
            return -1;
        }
        /* what arrived was written by a process the library ran in: bools made 0/1, the version checked */
        unsigned char *unsupported = (unsigned char *)loaded.unsupported_fn;
        for (size_t i = 0; i < sizeof loaded.unsupported_fn; i++) unsupported[i] = unsupported[i] != 0;
        if (loaded.version != 1 && loaded.version != 2) {
            snprintf(err, cap, "%s: the fork server's answer did not parse", iso->library);
            return -1;
        }
        if (iso->backend_name) { /* a restarted server: it must describe the backend the run started with */
            const conf_backend *first = &iso->backend;
            if (strcmp(first->name, name) != 0 || first->families != loaded.families || first->events != loaded.events ||
                first->version != loaded.version ||
                memcmp(first->unsupported_fn, loaded.unsupported_fn, sizeof loaded.unsupported_fn) != 0) {
                snprintf(err, cap, "%s: the library loaded again describes another backend", iso->library);
                return -1;
            }
            return 0;
        }
        if ((iso->backend_name = strdup(name)) == NULL) {
            snprintf(err, cap, "out of memory");
            return -1;
        }
        iso->backend = loaded;
        iso->backend.name = iso->backend_name;
        return 0;
    }
}

static void end_server(conf_isolation *iso, char *why, size_t cap);

/* Forks a fork server for iso->library and waits until it loaded the library (iso->backend filled).
 * Returns 0 with iso->server_pid and iso->ctl_fd set, or -1 with err (the server, if any, is gone). */
static int start_server(conf_isolation *iso, char *err, size_t cap) {
    int ctl[2] = {-1, -1}, output[2] = {-1, -1};
    int cwd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
    int result = -1;
    if (cwd < 0 || socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ctl) != 0 || pipe2(output, O_CLOEXEC) != 0) {
        snprintf(err, cap, "cannot start the fork server: %s", strerror(errno));
        goto done;
    }
    pid_t rtshm = getpid();
    fflush(NULL);
    iso->server_pid = fork();
    if (iso->server_pid == 0) {
        close(ctl[0]);
        close(output[0]);
        server_main(iso->library, ctl[1], cwd, output[1], rtshm);
    }
    if (iso->server_pid < 0) {
        iso->server_pid = 0;
        snprintf(err, cap, "cannot start the fork server: %s", strerror(errno));
        goto done;
    }
    close(ctl[1]);
    close(output[1]);
    ctl[1] = output[1] = -1;
    iso->ctl_fd = ctl[0];
    ctl[0] = -1;
    result = await_loaded(iso, output[0], err, cap);
done:
    for (int i = 0; i < 2; i++) {
        if (ctl[i] >= 0) close(ctl[i]);
        if (output[i] >= 0) close(output[i]);
    }
    if (cwd >= 0) close(cwd);
    if (result != 0) end_server(iso, NULL, 0);
    return result;
}

int conf_isolation_start(const char *path, const conf_isolation_opts *opts, conf_isolation **out, char *err,
                         size_t cap) {
    *out = NULL;
    conf_isolation *iso = calloc(1, sizeof *iso);
    unsigned jobs = opts->jobs ? opts->jobs : 1;
    if (iso) iso->queue = calloc(jobs + 1, sizeof *iso->queue);
    if (iso) iso->pending = calloc(jobs + 2, sizeof *iso->pending);
    if (iso == NULL || iso->queue == NULL || iso->pending == NULL || (iso->library = strdup(path)) == NULL) {
        snprintf(err, cap, "out of memory");
        if (iso) free(iso->queue);
        if (iso) free(iso->pending);
        free(iso);
        return -1;
    }
    iso->opts = *opts;
    iso->opts.jobs = jobs;
    iso->ctl_fd = -1;
    iso_become_subreaper();
    if (start_server(iso, err, cap) != 0) {
        conf_isolation_stop(iso);
        return -1;
    }
    *out = iso;
    return 0;
}

/* Ends the current server (killed if it still runs, reaped) and closes its socket; with why, says how it
 * ended there ("died of signal 9 (Killed)", "exited with status 1"). */
static void end_server(conf_isolation *iso, char *why, size_t cap) {
    if (iso->ctl_fd >= 0) close(iso->ctl_fd);
    iso->ctl_fd = -1;
    if (why) snprintf(why, cap, "is gone");
    if (iso->server_pid <= 0) return;
    int status = 0;
    pid_t got;
    for (int wait_ms = 0; wait_ms <= 200; wait_ms += 5) { /* a server killed a moment ago is still dying */
        while ((got = waitpid(iso->server_pid, &status, WNOHANG)) < 0 && errno == EINTR) continue;
        if (got != 0 || why == NULL) break;
        struct timespec tick = {0, 5 * 1000 * 1000};
        nanosleep(&tick, NULL);
    }
    bool killed_here = got == 0; /* still running: it stopped answering */
    if (killed_here) {
        kill(iso->server_pid, SIGKILL);
        while (waitpid(iso->server_pid, &status, 0) < 0 && errno == EINTR) continue;
    }
    iso->server_pid = 0;
    if (why == NULL) return;
    if (killed_here) snprintf(why, cap, "stopped answering (it was killed)");
    else if (WIFSIGNALED(status)) snprintf(why, cap, "died of signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
    else snprintf(why, cap, "exited with status %d", WEXITSTATUS(status));
}

/* The server is gone (a request or its answer failed): a new one is started, up to
 * ISO_MAX_SERVER_RESTARTS times in a run, and the requests the old one did not answer are sent again
 * (each with new pipes: a child the old server may have started is an orphan, killed by the next sweep).
 * Returns 0, or -1 when there is no server any more: iso->server_gone says why, and every child still
 * waiting for its start is dead with that message (ERROR). */
static int replace_server(conf_isolation *iso) {
    char how[160], err[200];
    end_server(iso, how, sizeof how);
    if (iso->server_restarts >= ISO_MAX_SERVER_RESTARTS) {
        snprintf(iso->server_gone, sizeof iso->server_gone, "the fork server %s, and it was started again %d times "
                 "already (the limit)", how, iso->server_restarts);
    } else {
        iso->server_restarts++;
        if (start_server(iso, err, sizeof err) != 0)
            snprintf(iso->server_gone, sizeof iso->server_gone, "the fork server %s, and starting it again failed: %.200s",
                     how, err);
    }
    int count = iso->pending_count;
    conf_child **again = malloc((size_t)(count ? count : 1) * sizeof *again);
    if (again == NULL) {
        for (int i = 0; i < count; i++) iso_child_cannot_start(iso->pending[i], "out of memory");
        iso->pending_count = 0;
        return -1;
    }
    memcpy(again, iso->pending, (size_t)count * sizeof *again);
    iso->pending_count = 0;
    for (int i = 0; i < count; i++) {
        conf_child *c = again[i];
        c->awaiting_pid = false;
        if (c->data_fd >= 0) close(c->data_fd);
        if (c->out_fd >= 0) close(c->out_fd);
        if (c->go_fd >= 0) close(c->go_fd);
        c->data_fd = c->out_fd = c->go_fd = -1;
        char why[600];
        if (iso_server_launch(iso, c, why, sizeof why) != 0) iso_child_cannot_start(c, why);
    }
    free(again);
    return iso->server_gone[0] ? -1 : 0;
}

int iso_server_launch(conf_isolation *iso, conf_child *c, char *err, size_t cap) {
    if (iso->server_gone[0]) {
        snprintf(err, cap, "cannot start the backend's child: %s", iso->server_gone);
        return -1;
    }
    int data[2], out[2];
    if (pipe2(data, O_CLOEXEC) != 0) {
        snprintf(err, cap, "cannot start the backend's child: pipe: %s", strerror(errno));
        return -1;
    }
    if (pipe2(out, O_CLOEXEC) != 0) {
        snprintf(err, cap, "cannot start the backend's child: pipe: %s", strerror(errno));
        close(data[0]);
        close(data[1]);
        return -1;
    }
    int go[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, go) != 0) {
        snprintf(err, cap, "cannot start the backend's child: socketpair: %s", strerror(errno));
        for (int i = 0; i < 2; i++) {
            close(data[i]);
            close(out[i]);
        }
        return -1;
    }
    fcntl(data[0], F_SETPIPE_SZ, 1 << 20); /* room for a small scenario's records: its child runs ahead */
    int fds[4] = {data[1], out[1], go[1], c->text_fd};
    size_t fd_count = c->text_fd >= 0 ? 4 : 3;
    char control[CMSG_SPACE(sizeof fds)];
    memset(control, 0, sizeof control);
    struct iovec iov = {&c->req, sizeof c->req};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control,
                         .msg_controllen = CMSG_SPACE(fd_count * sizeof(int))};
    struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_RIGHTS;
    cm->cmsg_len = CMSG_LEN(fd_count * sizeof(int));
    memcpy(CMSG_DATA(cm), fds, fd_count * sizeof(int));
    bool sent = iso->ctl_fd >= 0 && sendmsg(iso->ctl_fd, &msg, MSG_NOSIGNAL) == (ssize_t)sizeof c->req;
    if (!sent && replace_server(iso) == 0) /* the server died: a new one gets this request (pipes unsent) */
        sent = sendmsg(iso->ctl_fd, &msg, MSG_NOSIGNAL) == (ssize_t)sizeof c->req;
    close(data[1]);
    close(out[1]);
    close(go[1]);
    if (!sent) {
        snprintf(err, cap, "cannot start the backend's child: %s",
                 iso->server_gone[0] ? iso->server_gone : "the fork server is gone");
        close(data[0]);
        close(out[0]);
        close(go[0]);
        return -1;
    }
    c->go_fd = go[0];
    /* the answer (its pid) is read when it is needed: the server clones while rtshm goes on */
    c->awaiting_pid = true;
    iso->pending[iso->pending_count++] = c;
    c->data_fd = data[0];
    c->out_fd = out[0];
    fcntl(c->data_fd, F_SETFL, O_NONBLOCK);
    fcntl(c->out_fd, F_SETFL, O_NONBLOCK);
    return 0;
}

/* Reads the server's next answer: a pid, or -errno. */
static int32_t read_answer(conf_isolation *iso) {
    int32_t reply = -EPIPE;
    struct pollfd pfd = {iso->ctl_fd, POLLIN, 0};
    int ready = 0;
    int64_t give_up = iso_now_ms() + 10000; /* the server only clones: it answers at once unless it is gone */
    while ((ready = poll(&pfd, 1, 1000)) <= 0 && (ready == 0 || errno == EINTR) && iso_now_ms() < give_up) continue;
    ssize_t got = ready == 1 ? recv(iso->ctl_fd, &reply, sizeof reply, 0) : -1;
    return got == (ssize_t)sizeof reply ? reply : -EPIPE;
}

/* Reads the server's next answer (blocking) and applies it to the first pending child: its pid (and its
 * start byte when it may run), or its death. A server found gone is replaced (its requests sent again). */
static void take_answer(conf_isolation *iso) {
    conf_child *first = iso->pending[0];
    int32_t reply = read_answer(iso);
    if (reply == -EPIPE && !iso->server_gone[0]) { /* the server died: its requests go to a new one */
        replace_server(iso);
        return;
    }
    iso->pending_count--;
    memmove(iso->pending, iso->pending + 1, (size_t)iso->pending_count * sizeof *iso->pending);
    first->awaiting_pid = false;
    if (reply > 0) {
        first->pid = (pid_t)reply;
        setpgid(first->pid, first->pid); /* it does so itself too: whichever comes first */
        first->pidfd = iso_pidfd(first->pid);
        if (first->go_wanted) iso_child_go(first);
        return;
    }
    char why[600];
    if (reply == -EPIPE && iso->server_gone[0])
        snprintf(why, sizeof why, "cannot start the backend's child: %s", iso->server_gone);
    else
        snprintf(why, sizeof why, "cannot start the backend's child: the fork server %s",
                 reply == -EPIPE ? "is gone" : strerror(-reply));
    iso_child_cannot_start(first, why);
}

void iso_await_pid(conf_isolation *iso, conf_child *c) {
    while (c->awaiting_pid && iso->pending_count > 0) take_answer(iso);
    c->awaiting_pid = false;
}

void iso_take_ready_answers(conf_isolation *iso) {
    struct pollfd pfd = {iso->ctl_fd, POLLIN, 0};
    while (iso->pending_count > 0 && iso->ctl_fd >= 0 && poll(&pfd, 1, 0) == 1 && pfd.revents) take_answer(iso);
}

int iso_answer_fd(const conf_isolation *iso) {
    return iso->pending_count > 0 ? iso->ctl_fd : -1;
}

void iso_child_cannot_start(conf_child *c, const char *why) {
    if (c->death_verdict == NULL) {
        c->death_verdict = "ERROR";
        snprintf(c->death_message, sizeof c->death_message, "%s", why);
    }
    c->last_verdict = "ERROR";
    snprintf(c->last_message, sizeof c->last_message, "%s", why);
    c->awaiting_pid = false;
    c->dead = true;
}

void iso_reap_retired(conf_isolation *iso, bool wait) {
    int kept = 0;
    for (int i = 0; i < iso->retired_count; i++) {
        pid_t got;
        while ((got = waitpid(iso->retired[i], NULL, wait ? 0 : WNOHANG)) < 0 && errno == EINTR) continue;
        if (got == 0) iso->retired[kept++] = iso->retired[i];
    }
    iso->retired_count = kept;
}

int iso_known_pids(const conf_isolation *iso, const conf_child *extra, pid_t *out, int cap) {
    int count = 0;
    for (int i = 0; i < iso->retired_count && count < cap; i++) out[count++] = iso->retired[i];
    if (iso->server_pid > 0 && count < cap) out[count++] = iso->server_pid;
    for (int i = 0; i < iso->queued && count < cap; i++)
        if (iso->queue[i]->pid > 0 && !iso->queue[i]->exited) out[count++] = iso->queue[i]->pid;
    if (extra && extra->pid > 0 && !extra->exited && count < cap) out[count++] = extra->pid;
    return count;
}

void conf_isolation_stop(conf_isolation *iso) {
    if (iso == NULL) return;
    conf_isolation_drop_queue(iso);
    iso_reap_retired(iso, true);
    if (iso->server_pid > 0) kill(iso->server_pid, SIGKILL);
    end_server(iso, NULL, 0);
    iso_kill_orphans(NULL, 0);
    free(iso->queue);
    free(iso->pending);
    free(iso->retired);
    free(iso->spare_buf);
    free(iso->library);
    free(iso->backend_name);
    free(iso);
}

const conf_backend *conf_isolation_backend(const conf_isolation *iso) {
    return &iso->backend;
}
