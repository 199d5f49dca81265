/* conformance/src/isolate_reap.h — ending processes the backend started, whatever it did to hide them
 * (private to conformance/src/isolate_*.c).
 *
 * rtshm is a child subreaper (PR_SET_CHILD_SUBREAPER), and so is each scenario's child: a process the
 * backend orphans — a daemon made by double fork and setsid — becomes the scenario child's child (or
 * rtshm's, once that child is gone) instead of init's, so it can be found (/proc/<pid>/task/<tid>/children)
 * and killed. A scenario's child leads its own process group. A child that ends cleanly kills and reaps
 * the backend's processes itself before its END record (iso_kill_descendants, in parallel with rtshm);
 * rtshm then kills its group. A child that died, hung or sent no END is killed by rtshm with its group
 * and every descendant (walked again until nothing is left), and rtshm sweeps its own children for
 * orphans after it (and every ISO_SWEEP_EVERY scenarios, and at the run's end). */
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

/* In a scenario's child (a subreaper itself): kills every descendant the backend left (its children, and
 * orphans handed to it, with theirs) and reaps its children, repeating until there is none. */
void iso_kill_descendants(void);

/* Kills and reaps every child of this process that is not in keep[0..keep_count) (orphans of the
 * backend's children that were handed to this subreaper), repeating until there is none. */
void iso_kill_orphans(const pid_t *keep, int keep_count);

/* The monotonic clock in milliseconds. */
int64_t iso_now_ms(void);

#endif
