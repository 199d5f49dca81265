/* conf/exec.h — backends in another process: `--impl exec:COMMAND` and `rtshm serve`, over the line
 * protocol of conformance/PROTOCOL.md (JSON lines on the program's stdin and stdout, a faithful
 * serialisation of rtshm/backend.h's interface, version 2).
 *
 * The exec adapter is a backend table like any library's: conf_backend_load binds it where it would
 * dlopen a library (in the fork server, conf/isolate.h), so every scenario's isolation (a child per
 * scenario, deadlines, process groups, the memory limit, the orphan reaper) wraps it unchanged. Each
 * world starts COMMAND (/bin/sh -c) afresh as a child of the process that opens it, in its process
 * group, killed with it (PR_SET_PDEATHSIG): no program of a run outlives it. A program that ends
 * while rtshm waits for an answer makes the process that drives it end the same way (its exit status,
 * or its signal), so the verdict is the one a library doing that would get (ERROR "exited with status
 * 0", CRASH "died of signal 11"); anything else that breaks the protocol (a line that is not JSON,
 * too long, a wrong field) fails the operation with a message naming the line and the field. */
#ifndef CONF_EXEC_H
#define CONF_EXEC_H

#include <stdbool.h>
#include <stddef.h>

#include "conf/backend.h"

/* The prefix of an --impl that names a program: "exec:COMMAND". */
#define CONF_EXEC_PREFIX "exec:"

/* Whether impl is "exec:..." . */
bool conf_impl_is_exec(const char *impl);

/* Starts COMMAND of impl ("exec:COMMAND"), exchanges hello (protocol version, name, supported
 * functions and events) and binds the adapter into *out; the program is ended before this returns.
 * One exec backend per process (its command and hello are the adapter's). Returns 0, or -1 with a
 * message prefixed by impl in err. A program that exits or dies before answering hello ends this
 * process the same way (see above). */
int conf_backend_exec_load(const char *impl, conf_backend *out, char *err, size_t cap);

/* When impl is "exec:...": how the fork server ended while loading it (wait status, or timed out) into err,
 * in the program's words ("the program exited with status 127 before answering hello"), and true; false
 * for a library. */
bool conf_exec_describe_load_end(const char *impl, int status, bool timed_out, unsigned timeout_s, char *err,
                                 size_t cap);

/* When table is the exec adapter's and its world's last operation failed: that failure's message into
 * err (xRead and xWrite have no message argument in the interface). */
void conf_exec_failure(const rtshm_backend *table, void *world, char *err, size_t cap);

/* Serves be over the protocol: requests read from in_fd, answers written to out_fd, one world at a
 * time, until in_fd ends (0) or a request line breaks the framing (-1, message in err). A request
 * that parses but is wrong gets an "error" answer and the server goes on. */
int conf_backend_serve(const conf_backend *be, int in_fd, int out_fd, char *err, size_t cap);

#endif
