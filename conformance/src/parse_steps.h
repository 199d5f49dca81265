/* conformance/src/parse_steps.h — the seams between the files that parse a scenario's steps (private to
 * conformance/src).
 *
 * parse_steps.c drives them: it reads what every step shares (`at`, `as`, which form it has) and hands the
 * step to its form's parser — parse_call.c, parse_access.c or parse_event.c. Those read argument values
 * through parse_args.c and expectations through parse_expect.c. All report the first input error through
 * perr() (parse_util.h) and return false. */
#ifndef CONF_PARSE_STEPS_H
#define CONF_PARSE_STEPS_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "conf/steps.h"
#include "parse_util.h"

/* Index of the process whose id is `id` in sc, or -1. */
int process_find(const conf_scenario *sc, const char *id);

/* Argument values (parse_args.c). */

/* text is "$name": the index of the bound variable `name` into *var; an error (at jpath) when no earlier
 * step's "out" bound it. */
bool var_ref(pctx *c, const char *jpath, const char *text, int *var);

/* The value item of input parameter prm into *arg (cleared first, arg->var = -1): a "$var", null, or a
 * literal of prm's type — a string ("$$..." for one starting with '$'), a boolean, a handle or pointer
 * number, a LONG, or a DWORD given as a number, "0x..." hex, a status name or constants joined by '|'.
 * An output parameter accepts only null (pass NULL). A string argument is newly allocated into
 * arg->string; the step owns it. */
bool parse_input(pctx *c, const char *jpath, const spec_param *prm, const cJSON *item, conf_arg *arg);

/* Expectations (parse_expect.c). */

/* The step's optional "expect" object into st->expect, for st->kind (already set; a call's st->fn already
 * resolved, a read's st->length already read): return/status/last_error for a call, fault/data for a
 * read, fault for a write; an event takes none. Sets expect.fault = -1 and expect.ret_var = -1 even
 * when "expect" is absent; when present, stores its canonical JSON (newly allocated, the step owns it).
 * "$var" references resolve against the variables bound before this step. */
bool parse_expect(pctx *c, const char *jpath, const cJSON *step, conf_step *st);

/* The step forms (st->kind set and, for call/read/write, st->process resolved by parse_step). */

/* A call step (parse_call.c): resolves "call" to st->fn, fills st->args for every parameter (given,
 * output or default), reads "expect", then binds "out" variables (st->out_var, st->out_return_var). */
bool parse_call(pctx *c, const char *jpath, const cJSON *step, conf_step *st);

/* A read or write step (parse_access.c): st->ptr, st->offset, and st->length (read) or st->data and
 * st->length (write), then "expect". */
bool parse_access(pctx *c, const char *jpath, const cJSON *step, conf_step *st);

/* An event step (parse_event.c): process.exit, kernel.stop/start or link.down/up into st, checked
 * against and applied to the per-step state in c (exited, kernel_running, link_up). */
bool parse_event(pctx *c, const char *jpath, const cJSON *step, conf_step *st);

#endif
