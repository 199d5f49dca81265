/* conformance/src/isolate_reap.h — ending processes the backend started, whatever it did to hide them
 * (private to conformance/src/isolate_*.c).
 *
 * rtshm is a child subreaper (PR_SET_CHILD_SUBREAPER): a process the backend's child orphans — a
 * daemon made by double fork and setsid — becomes rtshm's child instead of init's, so it can be found
 * (/proc/self/task/<tid>/children) and killed. A scenario's child leads its own process group; at the
 * scenario's end the group and every descendant (/proc/<pid>/task/<tid>/children, walked again until
 * nothing is left) are killed with SIGKILL and reaped. */
#ifndef CONF_ISOLATE_REAP_H
#define CONF_ISOLATE_REAP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

/* Makes this process a child subreaper (once). */
void iso_become_subreaper(void);

/* A file descriptor that becomes readable when pid exits (pidfd_open), or -1 where there is none. */
int iso_pidfd(pid_t pid);

/* Kills pid's process group and every descendant of pid with SIGKILL, repeating the walk until it finds
 * nothing new (pid itself must not be reaped yet). */
void iso_kill_tree(pid_t pid);

/* Kills and reaps every child of this process that is not in keep[0..keep_count) (orphans of the
 * backend's children that were handed to this subreaper), repeating until there is none. */
void iso_kill_orphans(const pid_t *keep, int keep_count);

/* The monotonic clock in milliseconds. */
int64_t iso_now_ms(void);

#endif
