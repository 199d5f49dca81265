/* sim/emu/tests/emu_test.h — what librtshm_emu's tests share: a world per test, and running a deliberate
 * fault in a forked child to see the signal it ends with. */
#ifndef EMU_TEST_H
#define EMU_TEST_H

#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rtshm_emu.h"

/* Runs fn(arg) in a forked child with the default action for SIGSEGV, SIGBUS and SIGABRT (a sanitizer's
 * handler replaced) and no core file. Returns the signal that ended the child, or -1 when it exited. */
static inline int emu_child_signal(void (*fn)(void *), void *arg) {
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        struct rlimit no_core = {0, 0};
        setrlimit(RLIMIT_CORE, &no_core);
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = SIG_DFL;
        sigaction(SIGSEGV, &sa, NULL);
        sigaction(SIGBUS, &sa, NULL);
        sigaction(SIGABRT, &sa, NULL);
        fn(arg);
        _exit(0);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid) return -2;
    return WIFSIGNALED(status) ? WTERMSIG(status) : -1;
}

/* Reads one byte at *(volatile unsigned char **)arg. */
static inline void emu_touch(void *arg) {
    volatile unsigned char *p = *(volatile unsigned char **)arg;
    unsigned char c = *p;
    (void)c;
}

/* Writes one byte at *(volatile unsigned char **)arg. */
static inline void emu_poke(void *arg) {
    volatile unsigned char *p = *(volatile unsigned char **)arg;
    *p = 0x5A;
}

/* The index of the first finding of kind, or -1. */
static inline int emu_find(const char *kind) {
    for (int i = 0; i < rtshm_emu_finding_count(); i++)
        if (strcmp(rtshm_emu_finding_at(i)->kind, kind) == 0) return i;
    return -1;
}

#endif
