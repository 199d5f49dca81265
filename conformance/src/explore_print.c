/* conformance/src/explore_print.c — a generated scenario as `rtshm-scenario/1` JSON text (ex_print).
 *
 * One step per line, keys in a fixed order (`at` first where a step has one, `irql` after `call`), the
 * topology and the processes the scenario keeps written out (never the default topology, whose
 * processes are all four), variables bound only where a later step or expectation uses them. The same scenario prints to the same bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/explore.h"
#include "spec/functions.h"
#include "traces/strbuf.h"

/* The text builder is the project's one (traces/strbuf.h). */
typedef trace_strbuf sbuf;

static void sb_put(sbuf *b, const char *s, size_t n) { trace_strbuf_add(b, s, n); }
static void sb_puts(sbuf *b, const char *s) { trace_strbuf_puts(b, s); }

#define sb_printf trace_strbuf_printf

/* s as a JSON string; a string argument starting with '$' is written "$$..." (SCENARIO-FORMAT.md). */
static void sb_json_string(sbuf *b, const char *s, bool argument) {
    sb_puts(b, "\"");
    if (argument && s[0] == '$') sb_puts(b, "$");
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c == '"' || *c == '\\') {
            char esc[2] = {'\\', (char)*c};
            sb_put(b, esc, 2);
        } else if (*c < 0x20) {
            sb_printf(b, "\\u%04x", *c);
        } else {
            sb_put(b, (const char *)c, 1);
        }
    }
    sb_puts(b, "\"");
}

/* Marks the variables some step uses (arguments, pointers) or an expectation names. */
static void mark_used(const ex_scenario *s, const ex_expect *expects, bool *used) {
    memset(used, 0, sizeof(bool) * EX_MAX_VARS);
    for (int i = 0; i < s->step_count; i++) {
        const ex_step *st = &s->steps[i];
        if (st->kind == CONF_STEP_CALL) {
            const spec_function *fn = spec_function_row((spec_fn_row)st->fn);
            for (int a = 0; a < fn->param_count; a++)
                if (st->args[a].kind == EXV_VAR) used[st->args[a].index] = true;
        } else if ((st->kind == CONF_STEP_READ || st->kind == CONF_STEP_WRITE) && st->ptr.kind == EXV_VAR) {
            used[st->ptr.index] = true;
        }
        int v;
        if (expects && expects[i].present && sscanf(expects[i].ret_var, "v%d", &v) == 1 && v >= 0 && v < EX_MAX_VARS)
            used[v] = true;
    }
}

static void print_value(sbuf *b, const ex_scenario *s, const ex_val *v) {
    switch (v->kind) {
    case EXV_NUM:
        if (v->sym) sb_json_string(b, v->sym, true);
        else sb_printf(b, "%lld", (long long)v->num);
        break;
    case EXV_NULL: sb_puts(b, "null"); break;
    case EXV_STR: sb_json_string(b, s->names[v->index], true); break;
    case EXV_VAR: sb_printf(b, "\"$v%d\"", v->index); break;
    case EXV_OMIT: break;
    }
}

/* The expect object of a step of kind `kind` from e, into b. */
static void put_expect(sbuf *b, conf_step_kind kind, const ex_expect *e) {
    const char *sep = "";
    sb_puts(b, "{");
    if (kind == CONF_STEP_CALL) {
        if (e->ret_var[0]) {
            sb_puts(b, "\"return\": \"$");
            sb_puts(b, e->ret_var);
            sb_puts(b, "\"");
            sep = ", ";
        } else if (e->ret) {
            sb_printf(b, "\"return\": \"%s\"", e->ret);
            sep = ", ";
        } else if (e->ret_name) {
            sb_printf(b, "\"return\": \"%s\"", e->ret_name);
            sep = ", ";
        } else if (e->has_ret_number) {
            sb_printf(b, "\"return\": %llu", (unsigned long long)e->ret_number);
            sep = ", ";
        }
        if (e->status) {
            sb_printf(b, "%s\"status\": \"%s\"", sep, e->status);
            sep = ", ";
        }
        if (e->last_error) sb_printf(b, "%s\"last_error\": \"%s\"", sep, e->last_error);
    } else {
        sb_printf(b, "\"fault\": \"%s\"", e->fault ? "ACCESS_VIOLATION" : "none");
        if (kind == CONF_STEP_READ && e->has_data && !e->fault) {
            sb_puts(b, ", \"data\": \"");
            for (size_t i = 0; i < e->data_len; i++) sb_printf(b, "%02x", e->data[i]);
            sb_puts(b, "\"");
        }
    }
    sb_puts(b, "}");
}

char *ex_expect_json(conf_step_kind kind, const ex_expect *e) {
    sbuf b = {0};
    put_expect(&b, kind, e);
    if (b.failed) {
        trace_strbuf_free(&b);
        return NULL;
    }
    return b.data;
}

static void print_expect(sbuf *b, const ex_step *st, const ex_expect *e) {
    if (e == NULL || !e->present) return;
    sb_puts(b, ", \"expect\": ");
    put_expect(b, st->kind, e);
}

static const char *kernel_id(int k) { return k == EX_KERNEL_NODEA ? "NodeA" : k == EX_KERNEL_RTSS ? "RTSS" : "NodeB"; }

static void print_step(sbuf *b, const ex_scenario *s, const ex_step *st, const ex_expect *e, const bool *used) {
    static const char *const events[] = {"process.exit", "kernel.stop", "kernel.start", "link.down", "link.up"};
    sb_puts(b, "    {");
    if (st->has_at) sb_printf(b, "\"at\": %llu, ", (unsigned long long)st->at_us);
    if (st->kind == CONF_STEP_EVENT) {
        sb_printf(b, "\"event\": \"%s\", ", events[st->event]);
        if (st->event == CONF_EVENT_PROCESS_EXIT) sb_printf(b, "\"process\": \"%s\"}", ex_process_id(st->process));
        else if (st->event == CONF_EVENT_KERNEL_STOP || st->event == CONF_EVENT_KERNEL_START)
            sb_printf(b, "\"kernel\": \"%s\"}", kernel_id(st->kernel));
        else sb_puts(b, "\"between\": [\"host\", \"ctl2\"]}");
        return;
    }
    sb_printf(b, "\"as\": \"%s\", ", ex_process_id(st->process));
    if (st->kind == CONF_STEP_CALL) {
        const spec_function *fn = spec_function_row((spec_fn_row)st->fn);
        sb_printf(b, "\"call\": \"%s:%s\"", spec_api_name(fn->api), fn->name);
        if (st->has_irql) sb_printf(b, ", \"irql\": \"%s\"", conf_irql_name(st->irql));
        bool any = false;
        for (int a = 0; a < fn->param_count; a++) {
            if (st->args[a].kind == EXV_OMIT) continue;
            sb_printf(b, "%s\"%s\": ", any ? ", " : ", \"args\": {", fn->params[a].name);
            print_value(b, s, &st->args[a]);
            any = true;
        }
        if (any) sb_puts(b, "}");
        any = false;
        if (st->ret_var >= 0 && used[st->ret_var]) {
            sb_printf(b, ", \"out\": {\"return\": \"v%d\"", st->ret_var);
            any = true;
        }
        for (int a = 0; a < fn->param_count; a++) {
            if (st->out_var[a] < 0 || !used[st->out_var[a]] || st->args[a].kind != EXV_OMIT) continue;
            sb_printf(b, "%s\"%s\": \"v%d\"", any ? ", " : ", \"out\": {", fn->params[a].name, st->out_var[a]);
            any = true;
        }
        if (any) sb_puts(b, "}");
    } else {
        bool write = st->kind == CONF_STEP_WRITE;
        sb_printf(b, "\"%s\": {\"ptr\": ", write ? "write" : "read");
        print_value(b, s, &st->ptr);
        sb_printf(b, ", \"offset\": %llu, ", (unsigned long long)st->offset);
        if (write) {
            sb_puts(b, "\"hex\": \"");
            for (uint32_t i = 0; i < st->length; i++) sb_printf(b, "%02x", st->data[i]);
            sb_puts(b, "\"}");
        } else {
            sb_printf(b, "\"length\": %u}", st->length);
        }
    }
    print_expect(b, st, e);
    sb_puts(b, "}");
}

static void print_topology(sbuf *b, const ex_scenario *s) {
    sb_puts(b, "  \"topology\": {\n");
    sb_printf(b, "    \"nodes\": [{\"id\": \"host\"}%s],\n", s->remote ? ", {\"id\": \"ctl2\", \"windows\": false}" : "");
    sb_printf(b, "    \"kernels\": [{\"id\": \"NodeA\", \"kind\": \"intime\", \"node\": \"host\"}, "
                 "{\"id\": \"RTSS\", \"kind\": \"rtx64\", \"node\": \"host\"}%s]",
              s->remote ? ", {\"id\": \"NodeB\", \"kind\": \"intime\", \"node\": \"ctl2\"}" : "");
    if (s->remote) sb_puts(b, ",\n    \"links\": [{\"between\": [\"host\", \"ctl2\"]}]");
    sb_puts(b, "\n  },\n  \"processes\": [");
    bool first = true;
    for (int i = 0; i < EX_PROC_COUNT; i++) {
        if (!((s->procs >> i) & 1u)) continue;
        sb_printf(b, "%s{\"id\": \"%s\", ", first ? "" : ", ", ex_process_id(i));
        if (ex_process_kind(i) == CONF_PROC_RT) sb_printf(b, "\"kind\": \"rt\", \"kernel\": \"%s\"}", kernel_id(ex_process_kernel(i)));
        else sb_printf(b, "\"kind\": \"%s\", \"node\": \"host\"}", ex_process_kind(i) == CONF_PROC_WINDOWS ? "windows" : "driver");
        first = false;
    }
    sb_puts(b, "],\n");
}

char *ex_print(const ex_scenario *s, const ex_header *h, const ex_expect *expects) {
    sbuf b = {0};
    bool used[EX_MAX_VARS];
    mark_used(s, expects, used);
    char id[64], title[128];
    snprintf(id, sizeof id, "explore.%016llx", (unsigned long long)s->seed);
    snprintf(title, sizeof title, "Generated scenario %016llx", (unsigned long long)s->seed);
    sb_puts(&b, "{\n  \"format\": \"rtshm-scenario/1\",\n  \"id\": ");
    sb_json_string(&b, h && h->id ? h->id : id, false);
    sb_puts(&b, ",\n  \"title\": ");
    sb_json_string(&b, h && h->title ? h->title : title, false);
    if (h && h->clause_count > 0) {
        sb_puts(&b, ",\n  \"clauses\": [");
        for (int i = 0; i < h->clause_count; i++) {
            if (i) sb_puts(&b, ", ");
            sb_json_string(&b, h->clauses[i], false);
        }
        sb_puts(&b, "]");
    }
    sb_puts(&b, ",\n  \"tags\": [\"explore\"],\n");
    print_topology(&b, s);
    sb_puts(&b, "  \"steps\": [\n");
    for (int i = 0; i < s->step_count; i++) {
        print_step(&b, s, &s->steps[i], expects ? &expects[i] : NULL, used);
        sb_puts(&b, i + 1 < s->step_count ? ",\n" : "\n");
    }
    sb_puts(&b, "  ]\n}\n");
    if (b.failed) {
        trace_strbuf_free(&b);
        return NULL;
    }
    return b.data;
}
