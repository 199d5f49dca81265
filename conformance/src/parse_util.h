/* conformance/src/parse_util.h — the parser's shared context and helpers (private to conformance/src).
 *
 * Every helper reports the first input error through perr(), which formats
 * "file:line:col: json.path: message" with the position of the nearest known value, and returns
 * false; callers stop at the first error. An allocation that fails is reported as
 * perr(c, jpath, "out of memory"), which also marks the context (no_memory): the loader then returns
 * CONF_LOAD_NO_MEMORY rather than calling the file invalid.
 *
 * cJSON allocates through the model's hook (sim/alloc.h, installed by parse_json_hooks), so a parse that
 * failed for want of memory is told from a syntax error by sim_alloc_failures(). */
#ifndef CONF_PARSE_UTIL_H
#define CONF_PARSE_UTIL_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/jsonpos.h"
#include "conf/scenario.h"

typedef struct pctx {
    const char *file;
    const char *text;      /* the file's bytes, to index positions when an error needs them */
    size_t len;
    bool positions;        /* pos holds value positions (built on the first error) */
    conf_jsonpos pos;
    char *err;
    size_t err_cap;
    bool failed;
    bool no_memory;        /* the error is "out of memory" (the file itself may be valid) */
    conf_scenario *sc;
    bool *exited;  /* per process: a process.exit event (or its kernel's stop) has been seen */
    bool *kernel_running; /* per kernel: its state at the current step */
    bool *link_up;        /* per link: its state at the current step */
    bool vars_frozen;     /* a streamed scenario's run pass: binding a new variable is an error, so a
                             file changed since loading can never grow sc->vars under the runner */
    /* Instead of text: the one value being parsed, cut out of the file (the streaming loader wording a
     * step's error): span[0..span_len) is the value at span_path, starting at span_line:span_col; the
     * root and the steps array are at root_line:root_col and steps_line:steps_col. */
    const char *span;
    size_t span_len;
    const char *span_path;
    int span_line, span_col, root_line, root_col, steps_line, steps_col;
} pctx;

/* Routes cJSON's allocations through sim_malloc/sim_free (once per process; idempotent). */
void parse_json_hooks(void);

bool perr(pctx *c, const char *jpath, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* jpath + "." + key, or jpath + "[index]", into buf. */
const char *path_key(char *buf, size_t cap, const char *jpath, const char *key);
const char *path_index(char *buf, size_t cap, const char *jpath, int index);

/* Fails on any key of obj not in allowed (NULL-terminated), naming the expected keys. */
bool check_keys(pctx *c, const cJSON *obj, const char *jpath, const char *const *allowed);

/* Required/optional typed fields. */
bool want_object(pctx *c, const cJSON *item, const char *jpath);
bool get_string(pctx *c, const cJSON *obj, const char *jpath, const char *key, bool required, size_t max_bytes,
                const char **out);
bool get_bool(pctx *c, const cJSON *obj, const char *jpath, const char *key, bool *out);

/* An exact non-negative integer JSON number (at most 2^53), or a "0x..." hex string when allow_hex. */
bool get_uint(pctx *c, const cJSON *item, const char *jpath, bool allow_hex, uint64_t max, uint64_t *out);

/* A size: bytes as a number, "0x..." hex, or a string with K/M/G/T (powers of 1024). */
bool get_size(pctx *c, const cJSON *item, const char *jpath, uint64_t *out);

/* Hex digits (even count, at most max_bytes bytes) into a new buffer. lower_only: reject A-F. */
bool get_hex(pctx *c, const cJSON *item, const char *jpath, bool lower_only, size_t max_bytes,
             unsigned char **out, size_t *out_len);

/* strdup that records an error on out-of-memory. */
char *pstrdup(pctx *c, const char *s, const char *jpath);

/* Index of the var `name` in c->sc, or -1. */
int var_find(const conf_scenario *sc, const char *name);

/* Binds name to a variable of type; an existing variable keeps its index and must have that type. */
bool var_bind(pctx *c, const char *name, conf_var_type type, const char *jpath, int *index);

/* True for [A-Za-z_][A-Za-z0-9_]* of at most 64 bytes. */
bool is_identifier(const char *s);

/* Topology and processes (parse_topology.c). */
bool parse_topology(pctx *c, const cJSON *root);

/* The per-step validation state (which processes have exited, kernels run, links are up) set to the
 * topology's initial state; parse_topology calls it, and a streamed scenario before each pass over its
 * steps. Returns false (with an error) when memory runs out. */
bool parse_step_state_init(pctx *c);
void parse_step_state_free(pctx *c);

/* The function `call` ("Name" or "family:Name") names for process ps, into *fn: one whose row lets
 * ps's kind call it, in a family ps reaches (parse_resolve.c). */
bool resolve_call(pctx *c, const char *jpath, const char *call, const conf_process_spec *ps, const spec_function **fn);

/* Steps (parse_steps.c): the whole held array, or one step — steps[i] at item — into st, given the
 * time *vtime_us reached so far (updated). Steps must be parsed in file order. */
bool parse_steps(pctx *c, const cJSON *steps);
/* What parse_steps requires of the array itself (present, an array, 1 to CONF_MAX_STEPS elements);
 * count: its number of elements when known otherwise (the streaming loader's skeleton), else -1. */
bool parse_steps_check(pctx *c, const cJSON *steps, long count);
bool parse_step(pctx *c, const cJSON *item, int i, uint64_t *vtime_us, conf_step *st);

/* The top level of a scenario except its steps: keys, format, id, title, clauses, tags, topology and
 * processes (parse.c). */
bool parse_header(pctx *c, const cJSON *root);

/* The text of a scenario file (parse_text.c). */

/* Reads the regular file at path whole into *text (NUL-terminated, malloc'd) and *len: 0; or -1 /
 * CONF_LOAD_NO_MEMORY with the message in err (not a regular file, larger than CONF_MAX_FILE_BYTES,
 * unreadable, growing, holding a NUL byte). A FIFO or device is never opened. */
int conf_read_file(const char *path, char **text, size_t *len, char *err, size_t err_cap);

/* False, with the message, when brackets outside strings nest deeper than CONF_MAX_NESTING. */
bool conf_check_nesting(const char *path, const char *text, size_t len, char *err, size_t err_cap);

/* Parses text[0..len) with cJSON and makes the checks on the text as a whole, in this order: syntax
 * (with the position cJSON stopped at), text after the top-level value, then what pos (the scan of the
 * same text, conf/jsonpos.h) found: a duplicate key, a scan that stopped early, a \u0000, a string that
 * is not UTF-8. Returns 0 and the tree in *root; -1 or CONF_LOAD_NO_MEMORY (sim_alloc_failures() moved
 * since failures_before) with the message in err. */
int conf_check_text(const char *path, const char *text, size_t len, const conf_jsonpos *pos, uint64_t failures_before,
                    cJSON **root, char *err, size_t err_cap);

/* The message for jp's first string that is not valid UTF-8, "<path>:<line>:<col>: <json path>: ...". */
void conf_utf8_message(const char *path, const conf_jsonpos *jp, char *err, size_t err_cap);

/* The held loader (parse.c): the whole file in memory, every error with its line:column. */
int conf_scenario_load_held(const char *path, conf_scenario **out, char *err, size_t err_cap);

/* The streaming loader (parse_stream.c): 0 and a scenario whose steps are streamed, or -1 when the
 * file is not a valid scenario (or cannot be read) — the caller then asks parse_diagnose, which words
 * the error as the held loader would. It never accepts a file the held loader rejects. */
int conf_scenario_load_streamed(const char *path, conf_scenario **out);
void conf_step_stream_free(struct conf_step_stream *stream);

/* The error of a file the streaming loader rejected, worded exactly as the held loader words it but
 * with memory for two copies of the file and one step's tree (parse_diagnose.c). Returns -1 or
 * CONF_LOAD_NO_MEMORY with the message in err, or 1 when it finds nothing wrong (the caller then asks
 * the held loader, the reference). */
int parse_diagnose(const char *path, char *err, size_t err_cap);

#endif
