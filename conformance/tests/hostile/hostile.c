/* conformance/tests/hostile/hostile.c — hostile backend libraries for the isolation tests: the
 * reference's table (its answers are right), with ONE hostile behaviour, chosen at build time by
 * HOSTILE_<NAME>. The behaviour fires in the third RtCreateSharedMemory call of a world (step 2 of
 * scenarios/hostile.fires.json), or while the library loads (constructor, rtshm_backend_entry).
 *
 * KILL_SERVER kills the process that loaded the library (rtshm's fork server) from the scenario's child.
 * HANG hangs; like every behaviour it fires at the third create of the PROCESS, so a process that runs
 * several worlds (explore's persistent children) hangs in a later world than a child per scenario does.
 *
 * Every process that does something hostile (the scenario's child, a grandchild, a daemon) appends its
 * pid to the file named by $RTSHM_HOSTILE_PIDS, so the test can check that none outlives the run. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conf/backend.h"
#include "rtshm/backend.h"

#if defined(__SANITIZE_ADDRESS__)
#define HOSTILE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HOSTILE_ASAN 1
#endif
#endif

static const rtshm_backend *reference;
static pid_t loader_pid; /* the process that ran rtshm_backend_entry: rtshm's fork server */
static rtshm_backend exported;
static int creates; /* RtCreateSharedMemory calls in this process */

/* Appends this process's pid to $RTSHM_HOSTILE_PIDS. */
static void note_pid(void) {
    const char *path = getenv("RTSHM_HOSTILE_PIDS");
    if (path == NULL) return;
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd < 0) return;
    char line[32];
    int len = snprintf(line, sizeof line, "%d\n", (int)getpid());
    if (write(fd, line, (size_t)len) != len) { /* the test sees a pid missing */
    }
    close(fd);
}

/* The hostile behaviour, in a call. */
static void misbehave(void) {
    note_pid();
#if defined(HOSTILE_EXIT0)
    exit(0);
#elif defined(HOSTILE__EXIT0)
    _exit(0);
#elif defined(HOSTILE_SEGV)
    raise(SIGSEGV);
#elif defined(HOSTILE_CLOSE_FDS_BLOCK)
    close_range(0, ~0U, 0);
    for (;;) pause();
#elif defined(HOSTILE_CLOSE_FDS_SLEEP)
    close_range(0, ~0U, 0);
    sleep(1); /* then the call returns, and the child has no pipe left to report on */
#elif defined(HOSTILE_GRANDCHILD_PIPE)
    int noted[2];
    if (pipe(noted) != 0) abort();
    if (fork() == 0) { /* keeps every descriptor, rtshm's pipes included */
        note_pid();
        close(noted[1]);
        sleep(60);
        _exit(0);
    }
    close(noted[1]);
    char byte;
    while (read(noted[0], &byte, 1) > 0) continue; /* its pid is noted */
    close(noted[0]);
#elif defined(HOSTILE_DAEMONISE)
    int noted[2];
    if (pipe(noted) != 0) abort();
    if (fork() == 0) {
        setsid();
        if (fork() == 0) {
            note_pid();
            close(noted[1]);
            sleep(60);
            _exit(0);
        }
        _exit(0); /* the daemon is orphaned */
    }
    close(noted[1]);
    char byte;
    while (read(noted[0], &byte, 1) > 0) continue;
    close(noted[0]);
#elif defined(HOSTILE_CHDIR)
    if (chdir("/") != 0) abort();
#elif defined(HOSTILE_HANG)
    for (;;) pause(); /* a hang that, counted per process, an earlier world can cause */
#elif defined(HOSTILE_KILL_SERVER)
    kill(loader_pid, SIGKILL); /* the scenario goes on; the next one needs a new server */
#elif defined(HOSTILE_MALLOC)
    /* 1 MiB blocks, touched, until one is refused; then give up like an xmalloc would */
    for (;;) {
#if defined(HOSTILE_ASAN)
        void *block = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (block == MAP_FAILED) abort();
#else
        void *block = malloc(1 << 20);
        if (block == NULL) abort();
#endif
        memset(block, 0x5a, 1 << 20);
    }
#elif defined(HOSTILE_PRINT)
    static const char escape_me[] = "\033[1mbold\377\n"; /* a terminal escape and a byte that is not UTF-8 */
    if (write(STDOUT_FILENO, escape_me, sizeof escape_me - 1) < 0) abort();
    char line[100];
    memset(line, 'x', sizeof line - 1);
    line[sizeof line - 1] = '\n';
    for (int i = 0; i < 1000; i++) {
        if (write(STDOUT_FILENO, line, sizeof line) < 0 || write(STDERR_FILENO, line, sizeof line) < 0) break;
    }
#endif
}

static int hostile_call(void *world, int process, const char *api, const char *function, int argc,
                        const rtshm_value *argv, rtshm_outcome *out, char *err, size_t cap) {
    if (strcmp(function, "RtCreateSharedMemory") == 0 && ++creates == 3) misbehave();
    return reference->xCall(world, process, api, function, argc, argv, out, err, cap);
}

#if defined(HOSTILE_HANG_CTOR)
__attribute__((constructor)) static void hang(void) {
    note_pid();
    for (;;) pause();
}
#endif

__attribute__((visibility("default"))) const rtshm_backend *rtshm_backend_entry(void) {
#if defined(HOSTILE_ABORT_ENTRY)
    note_pid();
    abort();
#elif defined(HOSTILE_SEGV_ENTRY)
    note_pid();
    raise(SIGSEGV);
#endif
    loader_pid = getpid();
    reference = conf_reference_table();
    exported = *reference;
    exported.zName = "hostile";
    exported.xCall = hostile_call;
    return &exported;
}
