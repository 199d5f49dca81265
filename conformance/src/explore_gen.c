/* conformance/src/explore_gen.c — the scenario generator of `rtshm explore` (conf/explore.h).
 *
 * Stateful and swarm-style: each scenario first draws its own subset of processes, functions, events and
 * step kinds (so a rare combination gets weight in some scenarios), a name pool of a few names made to
 * collide, then steps one by one from the world as the generator knows it: which processes are alive,
 * which kernels run, whether the link is up, and which variables hold handles or pointers (and who
 * bound them). Arguments come from a strategy per parameter (README "Exploring"): a variable bound by
 * a producer of that kind of value (an earlier create, open, attach, map — closed or not, of this
 * process or another), any variable of the type, or a boundary literal; sizes around pages; names
 * around MAX_PATH, sharing prefixes, case variants and characters ports rewrite; each step's virtual
 * time `at` and an Rtk call's `irql` from a stream of their own. Every draw goes through sim/prng.h, so
 * the scenario is a function of its seed. */
#include <stdio.h>
#include <string.h>

#include "conf/explore.h"
#include "sim/prng.h"
#include "spec/constants.h"
#include "spec/functions.h"

/* ---- the world template ---- */

static const struct {
    const char *id;
    int kind;   /* conf_process_kind */
    int kernel; /* EX_KERNEL_* for rt, else -1 */
} template_procs[EX_PROC_COUNT] = {
    {"win", CONF_PROC_WINDOWS, -1}, {"win2", CONF_PROC_WINDOWS, -1}, {"rt", CONF_PROC_RT, EX_KERNEL_NODEA},
    {"rt2", CONF_PROC_RT, EX_KERNEL_NODEA}, {"rtss", CONF_PROC_RT, EX_KERNEL_RTSS}, {"rtss2", CONF_PROC_RT, EX_KERNEL_RTSS},
    {"drv", CONF_PROC_DRIVER, -1}, {"drv2", CONF_PROC_DRIVER, -1},
};

const char *ex_process_id(int i) { return i >= 0 && i < EX_PROC_COUNT ? template_procs[i].id : "?"; }
int ex_process_kind(int i) { return i >= 0 && i < EX_PROC_COUNT ? template_procs[i].kind : -1; }
int ex_process_kernel(int i) { return i >= 0 && i < EX_PROC_COUNT ? template_procs[i].kernel : -1; }

/* The spec_caller bit of template process i. */
static unsigned caller_bit(int i) {
    switch (template_procs[i].kind) {
    case CONF_PROC_WINDOWS: return SPEC_CALLER_WINDOWS;
    case CONF_PROC_DRIVER: return SPEC_CALLER_DRIVER;
    default: return template_procs[i].kernel == EX_KERNEL_RTSS ? SPEC_CALLER_RT_RTX64 : SPEC_CALLER_RT_INTIME;
    }
}

uint64_t ex_scenario_seed(uint64_t seed, uint64_t index) {
    char component[48];
    snprintf(component, sizeof component, "explore:%llu", (unsigned long long)index);
    return sim_prng_subseed(seed, component);
}

/* ---- the generator's state ---- */

typedef struct ex_var_info {
    bool ptr;       /* a pointer (else a handle) */
    int process;    /* who bound it */
    int fn;         /* the producing row */
} ex_var_info;

typedef struct gen {
    sim_prng rng;
    ex_scenario *s;
    const ex_gen_opts *opts;
    bool fn_on[SPEC_FN_COUNT];          /* the swarm's functions */
    bool ev_exit, ev_kernel, ev_link, mem_on;
    bool alive[EX_PROC_COUNT];
    bool running[EX_KERNEL_COUNT];
    bool link_up;
    ex_var_info vars[EX_MAX_VARS];
    int follow_ptr;                     /* a pointer the last call bound, to be accessed next, or -1 */
    int pending[4], pending_count;      /* calls a chain put off until their inputs exist (a stack) */
    int pending_process;                /* whose they are */
    unsigned names_used;                /* pool entries earlier steps passed */
    int follow_process;
} gen;

static uint64_t below(gen *g, uint64_t n) { return sim_prng_below(&g->rng, n); }
static bool chance(gen *g, unsigned percent) { return below(g, 100) < percent; }

/* ---- names ---- */

#define MAX_PATH_CHARS 260

/* Appends name variant `kind` of stem into buf (cap bytes). */
static void name_variant(gen *g, const char *stem, int kind, char *buf, size_t cap) {
    size_t n;
    switch (kind) {
    case 0: snprintf(buf, cap, "%s", stem); break;
    case 1: /* lower case */
    case 2: /* upper case */
        snprintf(buf, cap, "%s", stem);
        for (char *c = buf; *c; c++)
            if (kind == 1 && *c >= 'A' && *c <= 'Z') *c = (char)(*c - 'A' + 'a');
            else if (kind == 2 && *c >= 'a' && *c <= 'z') *c = (char)(*c - 'a' + 'A');
        break;
    case 3: snprintf(buf, cap, "%s_1", stem); break;
    case 4: snprintf(buf, cap, "%.2s", stem); break; /* a prefix of the others */
    case 5: snprintf(buf, cap, "%s 1", stem); break;
    case 6: snprintf(buf, cap, "%s/1", stem); break;
    case 7: snprintf(buf, cap, "%s\\1", stem); break;
    case 8: snprintf(buf, cap, "%s%%1", stem); break;
    case 9: snprintf(buf, cap, "%s.1", stem); break;
    case 10: snprintf(buf, cap, "%s\xc3\xa9", stem); break; /* e acute: non-ASCII */
    case 11: snprintf(buf, cap, "%s1", stem); break;        /* the stem is its prefix */
    case 12: /* long: MAX_PATH - 1, MAX_PATH, MAX_PATH + 1 characters, sharing the stem as prefix */
    case 13:
    case 14:
    case 15: {
        size_t len = kind == 12 ? MAX_PATH_CHARS - 1 : kind == 13 ? MAX_PATH_CHARS : kind == 14 ? MAX_PATH_CHARS + 1 : 256;
        snprintf(buf, cap, "%s", stem);
        n = strlen(buf);
        for (; n < len && n + 1 < cap; n++) buf[n] = (char)('a' + (n % 26));
        buf[n] = '\0';
        if (chance(g, 50) && n > 0) buf[n - 1] = 'Z'; /* two long names differing at the last character only */
        break;
    }
    default: snprintf(buf, cap, "%s", ""); break; /* the empty name */
    }
}

static void make_names(gen *g) {
    static const char *const stems[] = {"Shm", "Buf", "Obj", "Seg", "Ab"};
    const char *stem = stems[below(g, 5)];
    ex_scenario *s = g->s;
    s->name_count = 2 + (int)below(g, 4);
    for (int i = 0; i < s->name_count; i++) {
        int kind = i == 0 ? 0 : chance(g, 40) ? (int)below(g, 3) : (int)below(g, 17);
        name_variant(g, stem, kind, s->names[i], EX_NAME_CAP);
    }
}

/* A pool entry holding text, added when there is room (else the closest slot is reused). */
static int pool_add(gen *g, const char *text) {
    ex_scenario *s = g->s;
    for (int i = 0; i < s->name_count; i++)
        if (strcmp(s->names[i], text) == 0) return i;
    if (s->name_count == EX_MAX_NAMES) return (int)below(g, (uint64_t)s->name_count);
    snprintf(s->names[s->name_count], EX_NAME_CAP, "%s", text);
    return s->name_count++;
}

/* ---- values ---- */

static ex_val num(int64_t v) { return (ex_val){EXV_NUM, v, NULL, 0}; }
static ex_val sym(const char *name) {
    uint64_t v = 0;
    spec_const_eval(name, &v, NULL, 0);
    return (ex_val){EXV_NUM, (int64_t)v, name, 0};
}
static ex_val omit(void) { return (ex_val){EXV_OMIT, 0, NULL, 0}; }
static ex_val null_val(void) { return (ex_val){EXV_NULL, 0, NULL, 0}; }

/* The functions whose results a parameter prefers (by the parameter's name); NULL: none. */
static const char *preferred_producers(const char *param) {
    static const struct {
        const char *param, *producers;
    } table[] = {
        {"hLoc", " ntxGetLocationByName "},
        {"hSegment", " ntxAllocateRtMemory CreateRtMemoryHandle ntxImportRtHandle ntxLookupNtxhandle "},
        {"hObject", " RtCreateSharedMemory RtOpenSharedMemory CreateEvent CreateMutex CreateSemaphore RtCreateEvent "
                    "RtCreateMutex RtCreateSemaphore ntxAllocateRtMemory CreateRtMemoryHandle CreateRtSemaphore "},
        {"hObjectSource", " ntxAllocateRtMemory ntxGetRootRtProcess "},
        {"hProcess", " ntxGetRootRtProcess "},
        {"hRtHandle", " CreateRtMemoryHandle "},
        {"hMemory", " CreateRtMemoryHandle "},
        {"RtssInst", " RtkRtssAttach RtkRtssAttachEx "},
        {"Handle", " RtkCreateSharedMemory RtkOpenSharedMemory "},
        {"location", " RtCreateSharedMemory RtOpenSharedMemory RtkCreateSharedMemory RtkOpenSharedMemory "},
        {"pAddress", " AllocateRtMemory "},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(table[i].param, param) == 0) return table[i].producers;
    return NULL;
}

static bool produced_by(const char *producers, int fn) {
    char key[80];
    snprintf(key, sizeof key, " %s ", spec_function_row((spec_fn_row)fn)->name);
    return producers && strstr(producers, key) != NULL;
}

/* A variable of the type (ptr or handle) for parameter `param` of process p: preferably one a producer
 * of that kind of value bound (this process's first), else any of the type; -1 when there is none. */
static int pick_var(gen *g, bool ptr, const char *param, int p) {
    int candidates[EX_MAX_VARS], n = 0, own[EX_MAX_VARS], n_own = 0, any[EX_MAX_VARS], n_any = 0;
    const char *producers = param ? preferred_producers(param) : NULL;
    for (int v = 0; v < g->s->var_count; v++) {
        if (g->vars[v].ptr != ptr) continue;
        any[n_any++] = v;
        if (producers && !produced_by(producers, g->vars[v].fn)) continue;
        candidates[n++] = v;
        if (g->vars[v].process == p) own[n_own++] = v;
    }
    if (n_own && chance(g, 75)) return own[below(g, (uint64_t)n_own)];
    if (n && chance(g, 85)) return candidates[below(g, (uint64_t)n)];
    if (n_any) return any[below(g, (uint64_t)n_any)];
    return -1;
}

/* A size: 0, 1, a page +- 1, multiples of pages +- 1, the pool and the largest DWORD. */
static ex_val size_value(gen *g) {
    static const int64_t sizes[] = {4096, 4096, 4096, 4096, 0, 1, 4095, 4097, 8192, 8191, 8193, 65536, 65537,
                                    0x1000000, 0x1000001, 0xFFFFFFFF};
    return num(sizes[below(g, sizeof sizes / sizeof sizes[0])]);
}

static bool is_size_param(const char *name) {
    return strcmp(name, "MaximumSizeLow") == 0 || strcmp(name, "nSize") == 0 || strcmp(name, "cbSize") == 0;
}

/* A DWORD parameter's value by its name's strategy. */
static ex_val dword_value(gen *g, const spec_param *prm) {
    const char *n = prm->name;
    if (is_size_param(n)) return size_value(g);
    if (strcmp(n, "MaximumSizeHigh") == 0) return chance(g, 90) ? omit() : num(1);
    if (strcmp(n, "flProtect") == 0 || strcmp(n, "Protect") == 0) {
        uint64_t r = below(g, 20);
        return r < 11 ? omit() : r < 18 ? sym("PAGE_READONLY") : r < 19 ? sym("PAGE_READWRITE") : num(0);
    }
    if (strcmp(n, "DesiredAccess") == 0 || strcmp(n, "dwDesiredAccess") == 0) {
        static const char *const access[] = {"SHM_MAP_READ", "SHM_MAP_WRITE", "SHM_MAP_ALL_ACCESS", "SHM_MAP_WRITE"};
        uint64_t r = below(g, 10);
        if (r < 2 && !prm->required) return omit();
        return r == 9 ? num(0) : sym(access[below(g, 4)]);
    }
    if (strcmp(n, "dwFlags") == 0) {
        static const char *const flags[] = {"NTX_MAP_WRITE", "NTX_MAP_UNALIGNED", "NTX_MAP_WRITE|NTX_MAP_UNALIGNED"};
        return chance(g, 40) ? omit() : sym(flags[below(g, 3)]);
    }
    if (strcmp(n, "dwErrCode") == 0) {
        static const int64_t codes[] = {0, 5, 183, 2, 0xFFFFFFFF};
        return num(codes[below(g, 5)]);
    }
    if (strcmp(n, "MaxWFSO") == 0) return chance(g, 80) ? omit() : num((int64_t)below(g, 3));
    if (strcmp(n, "dwTimeout") == 0) return chance(g, 70) ? omit() : num(chance(g, 50) ? 0 : 10);
    if (strncmp(n, "w", 1) == 0) { /* wInitialUnits, wMaxUnits, wFlags */
        static const int64_t units[] = {0, 1, 2, 0xFFFF, 0x10000};
        return chance(g, 50) ? omit() : num(units[below(g, 5)]);
    }
    if (!prm->required && chance(g, 50)) return omit();
    static const int64_t plain[] = {0, 1, 4096, 0xFFFFFFFF};
    return num(plain[below(g, 4)]);
}

/* A string parameter's value: the name pool, NULL, "", kernel names for ntxGetLocationByName. */
static ex_val string_value(gen *g, const spec_function *fn, const spec_param *prm) {
    if (strcmp(fn->name, "ntxGetLocationByName") == 0) {
        static const char *const kernels[] = {"NodeA", "NodeA", "NodeA", "RTSS", "nodea", "Nowhere"};
        if (g->s->remote && chance(g, 50)) return (ex_val){EXV_STR, 0, NULL, pool_add(g, "NodeB")};
        return (ex_val){EXV_STR, 0, NULL, pool_add(g, kernels[below(g, 6)])};
    }
    uint64_t r = below(g, 100);
    if (r < 12 && prm->default_null) return chance(g, 50) ? omit() : null_val();
    if (r < 15) return (ex_val){EXV_STR, 0, NULL, pool_add(g, "")};
    int used[EX_MAX_NAMES], n = 0; /* half the time a name an earlier step passed: opens find what creates made */
    for (int i = 0; i < g->s->name_count; i++)
        if ((g->names_used >> i) & 1u) used[n++] = i;
    int pick = n && chance(g, 50) ? used[below(g, (uint64_t)n)] : (int)below(g, (uint64_t)g->s->name_count);
    g->names_used |= 1u << pick;
    return (ex_val){EXV_STR, 0, NULL, pick};
}

/* A handle or pointer parameter's value: a variable by the producer strategy, or a boundary literal. */
static ex_val ref_value(gen *g, const spec_param *prm, int p) {
    bool ptr = prm->type == SPEC_T_PTR;
    if (!prm->required && chance(g, 30)) return omit();
    if (chance(g, 88)) {
        int v = pick_var(g, ptr, prm->name, p);
        if (v >= 0) return (ex_val){EXV_VAR, 0, NULL, v};
    }
    uint64_t r = below(g, 4);
    if (r == 0) return null_val();
    if (ptr) return num(r == 1 ? 0x1000 : 0x7FFF0000);
    return num(r == 1 ? 4 : r == 2 ? 0xFFFFFFFF : 0x10004);
}

static ex_val arg_value(gen *g, const spec_function *fn, const spec_param *prm, int p) {
    switch (prm->type) {
    case SPEC_T_DWORD: return dword_value(g, prm);
    case SPEC_T_LONG: {
        static const int64_t counts[] = {0, 1, 2, -1};
        return chance(g, 50) ? omit() : num(counts[below(g, 4)]);
    }
    case SPEC_T_BOOL: return chance(g, 50) ? omit() : num(chance(g, 50));
    case SPEC_T_STRING: return string_value(g, fn, prm);
    case SPEC_T_HANDLE:
    case SPEC_T_PTR: return ref_value(g, prm, p);
    case SPEC_T_ATTRS: return omit();
    case SPEC_T_OUT_PTR:
    case SPEC_T_OUT_HANDLE: return chance(g, 4) ? null_val() : omit();
    }
    return omit();
}

/* ---- steps ---- */

static int new_var(gen *g, bool ptr, int p, int fn) {
    ex_scenario *s = g->s;
    if (s->var_count >= EX_MAX_VARS) return -1;
    g->vars[s->var_count] = (ex_var_info){ptr, p, fn};
    return s->var_count++;
}

/* An alive process drawn uniformly, or -1 when none is. */
static int pick_alive(gen *g) {
    int alive[EX_PROC_COUNT], n = 0;
    for (int i = 0; i < EX_PROC_COUNT; i++)
        if (g->alive[i]) alive[n++] = i;
    return n ? alive[below(g, (uint64_t)n)] : -1;
}

/* True when every required handle or pointer parameter of fn has a variable a producer of its kind
 * bound (fn can use the world as it is), or fn needs none. */
static bool ready(const gen *g, const spec_function *fn) {
    for (int i = 0; i < fn->param_count; i++) {
        const spec_param *prm = &fn->params[i];
        if (!prm->required || (prm->type != SPEC_T_HANDLE && prm->type != SPEC_T_PTR)) continue;
        const char *producers = preferred_producers(prm->name);
        bool found = false;
        for (int v = 0; v < g->s->var_count && !found; v++)
            found = g->vars[v].ptr == (prm->type == SPEC_T_PTR) && (producers == NULL || produced_by(producers, g->vars[v].fn));
        if (!found) return false;
    }
    return true;
}

/* One of rows[0..n) drawn with weight 4 for a function that can use what the world holds (ready), 1
 * for the others: calls build on earlier results (allocate, then map, then write) much more often. */
static int pick_ready(gen *g, const spec_function *table, const int *rows, int n, int p) {
    (void)p;
    uint64_t weights[SPEC_FN_COUNT], total = 0;
    for (int i = 0; i < n; i++) total += weights[i] = ready(g, &table[rows[i]]) ? 4 : 1;
    uint64_t r = below(g, total);
    for (int i = 0; i < n; i++) {
        if (r < weights[i]) return rows[i];
        r -= weights[i];
    }
    return rows[n - 1];
}

/* A function process p may call (of the families) that produces the first required handle or pointer
 * input of fn nothing has produced yet; -1 when there is none. */
static int pick_producer(gen *g, const spec_function *table, int count, const spec_function *fn, int p, unsigned families) {
    for (int i = 0; i < fn->param_count; i++) {
        const spec_param *prm = &fn->params[i];
        if (!prm->required || (prm->type != SPEC_T_HANDLE && prm->type != SPEC_T_PTR)) continue;
        const char *producers = preferred_producers(prm->name);
        if (producers == NULL) continue;
        bool found = false;
        for (int v = 0; v < g->s->var_count && !found; v++)
            found = g->vars[v].ptr == (prm->type == SPEC_T_PTR) && produced_by(producers, g->vars[v].fn);
        if (found) continue;
        int rows[SPEC_FN_COUNT], n = 0;
        for (int r = 0; r < count && r < SPEC_FN_COUNT; r++)
            if ((table[r].callers & caller_bit(p)) && (families & (1u << table[r].api)) && produced_by(producers, r))
                rows[n++] = r;
        return n ? rows[below(g, (uint64_t)n)] : -1;
    }
    return -1;
}

/* A call as process p of a swarm function it may call (any it may call when the swarm has none). */
static bool gen_call(gen *g, int p, ex_step *st) {
    int count;
    const spec_function *table = spec_function_table(&count);
    int rows[SPEC_FN_COUNT], n = 0, all[SPEC_FN_COUNT], n_all = 0;
    unsigned families = g->opts->families ? g->opts->families : ~0u;
    for (int i = 0; i < count && i < SPEC_FN_COUNT; i++) {
        if (!(table[i].callers & caller_bit(p)) || !(families & (1u << table[i].api))) continue;
        all[n_all++] = i;
        if (g->fn_on[i]) rows[n++] = i;
    }
    if (n_all == 0) return false;
    int fn = n ? pick_ready(g, table, rows, n, p) : all[below(g, (uint64_t)n_all)];
    if (g->pending_count > 0 && g->pending_process == p && chance(g, 75)) /* go on with the chain */
        fn = g->pending[--g->pending_count];
    /* a chain: a call whose input nothing has produced yet is often preceded by its producer instead, and
     * comes next (pending) */
    for (int depth = 0; depth < 3 && !ready(g, &table[fn]) && chance(g, 70); depth++) {
        int producer = pick_producer(g, table, count, &table[fn], p, families);
        if (producer < 0) break;
        if (g->pending_process != p) g->pending_count = 0;
        if (g->pending_count < 4) g->pending[g->pending_count++] = fn;
        g->pending_process = p;
        fn = producer;
    }
    const spec_function *f = &table[fn];
    st->kind = CONF_STEP_CALL;
    st->process = p;
    st->fn = fn;
    st->ret_var = -1;
    for (int i = 0; i < SPEC_MAX_PARAMS; i++) st->out_var[i] = -1;
    for (int i = 0; i < f->param_count; i++) st->args[i] = arg_value(g, f, &f->params[i], p);
    if (f->ret == SPEC_R_HANDLE || f->ret == SPEC_R_PTR) st->ret_var = new_var(g, f->ret == SPEC_R_PTR, p, fn);
    for (int i = 0; i < f->param_count; i++) {
        spec_type t = f->params[i].type;
        if ((t == SPEC_T_OUT_PTR || t == SPEC_T_OUT_HANDLE) && st->args[i].kind == EXV_OMIT)
            st->out_var[i] = new_var(g, t == SPEC_T_OUT_PTR, p, fn);
    }
    return true;
}

/* A read or write as process p through a pointer variable (its own first), at an offset around the
 * first and last byte of a page-sized view and one past it. False when no pointer is bound. */
static bool gen_memory(gen *g, int p, ex_step *st) {
    int v = g->follow_ptr;
    g->follow_ptr = -1;
    if (chance(g, 50)) /* the latest pointer this process bound: what it just mapped */
        for (int i = g->s->var_count - 1; i >= 0 && v < 0; i--)
            if (g->vars[i].ptr && g->vars[i].process == p) v = i;
    if (v < 0) v = pick_var(g, true, NULL, p);
    if (v < 0) return false;
    static const uint64_t offsets[] = {0, 0, 0, 0, 0, 1, 4095, 4096, 4093, 8191, 8192};
    st->kind = chance(g, 50) ? CONF_STEP_WRITE : CONF_STEP_READ;
    st->process = p;
    st->ptr = (ex_val){EXV_VAR, 0, NULL, v};
    st->offset = offsets[below(g, sizeof offsets / sizeof offsets[0])];
    st->length = chance(g, 50) ? 4 : 1 + (uint32_t)below(g, EX_MAX_DATA);
    for (uint32_t i = 0; i < st->length; i++) st->data[i] = (unsigned char)(1 + below(g, 255));
    return true;
}

/* An event of the swarm that changes the state; false when none can. */
static bool gen_event(gen *g, ex_step *st) {
    int choices[3], n = 0;
    if (g->ev_exit) choices[n++] = 0;
    if (g->ev_kernel) choices[n++] = 1;
    if (g->ev_link && g->s->remote) choices[n++] = 2;
    if (n == 0) return false;
    int c = choices[below(g, (uint64_t)n)];
    st->kind = CONF_STEP_EVENT;
    if (c == 0) {
        int p = pick_alive(g);
        if (p < 0) return false;
        st->event = CONF_EVENT_PROCESS_EXIT;
        st->process = p;
        g->alive[p] = false;
    } else if (c == 1) {
        int k = (int)below(g, g->s->remote ? 3 : 2);
        st->kernel = k;
        st->event = g->running[k] ? CONF_EVENT_KERNEL_STOP : CONF_EVENT_KERNEL_START;
        g->running[k] = !g->running[k];
        if (!g->running[k]) /* its rt processes end for good */
            for (int i = 0; i < EX_PROC_COUNT; i++)
                if (template_procs[i].kernel == k) g->alive[i] = false;
    } else {
        st->event = g->link_up ? CONF_EVENT_LINK_DOWN : CONF_EVENT_LINK_UP;
        g->link_up = !g->link_up;
    }
    return true;
}

/* ---- virtual time and IRQL ----
 *
 * Drawn from a stream of their own (the scenario seed's sub-seed "explore:time"), so every other draw
 * is the one a scenario without them gets (sim/prng.h: adding randomness to one component never shifts
 * another's). Each scenario weighs the strategies swarm-style: some never write `at` or `irql`, some
 * favour one strategy. */

enum { AT_OMIT, AT_SAME, AT_SMALL, AT_JUMP, AT_MAX, AT_STRATEGIES };
enum { IRQL_OMIT, IRQL_PASSIVE, IRQL_APC, IRQL_DISPATCH, IRQL_STRATEGIES };

#define JUMP_DEFAULT_US 1000000u /* a second: past anything a step set in motion */

typedef struct timing {
    sim_prng rng;
    unsigned at_weight[AT_STRATEGIES];     /* the swarm's weights of the `at` strategies */
    unsigned irql_weight[IRQL_STRATEGIES]; /* and of the `irql` ones */
    uint64_t now_us;                       /* the virtual time the steps so far reached */
    uint64_t timed_us;                     /* a timed event the last step set up lies this far ahead (0: none) */
} timing;

/* A strategy index drawn from weights[0..n) (weights[0] is at least 1). */
static int pick_weighted(sim_prng *rng, const unsigned *weights, int n) {
    uint64_t total = 0;
    for (int i = 0; i < n; i++) total += weights[i];
    uint64_t r = sim_prng_below(rng, total);
    for (int i = 0; i < n; i++) {
        if (r < weights[i]) return i;
        r -= weights[i];
    }
    return 0;
}

/* The scenario's swarm for time and IRQL: half the scenarios write no `at`, 60% no `irql`. */
static void timing_start(timing *t, uint64_t scenario_seed) {
    static const unsigned omit_w[] = {1, 2, 4}, some_w[] = {0, 1, 2}, small_w[] = {0, 1, 2, 4};
    memset(t, 0, sizeof *t);
    sim_prng_seed(&t->rng, sim_prng_subseed(scenario_seed, "explore:time"));
    t->at_weight[AT_OMIT] = 1;
    if (sim_prng_below(&t->rng, 100) < 50) {
        t->at_weight[AT_OMIT] = omit_w[sim_prng_below(&t->rng, 3)];
        t->at_weight[AT_SAME] = some_w[sim_prng_below(&t->rng, 3)];
        t->at_weight[AT_SMALL] = small_w[sim_prng_below(&t->rng, 4)];
        t->at_weight[AT_JUMP] = some_w[sim_prng_below(&t->rng, 3)];
        t->at_weight[AT_MAX] = sim_prng_below(&t->rng, 100) < 10; /* rare: every later step is then at the end */
    }
    t->irql_weight[IRQL_OMIT] = 1;
    if (sim_prng_below(&t->rng, 100) < 40) {
        t->irql_weight[IRQL_OMIT] = omit_w[sim_prng_below(&t->rng, 3)];
        t->irql_weight[IRQL_PASSIVE] = some_w[sim_prng_below(&t->rng, 3)];
        t->irql_weight[IRQL_APC] = some_w[sim_prng_below(&t->rng, 3)];
        t->irql_weight[IRQL_DISPATCH] = sim_prng_below(&t->rng, 2);
    }
}

/* The DWORD argument named `name` of call step st when it is a number, else 0. */
static uint64_t call_number(const ex_step *st, const char *name) {
    const spec_function *f = spec_function_row((spec_fn_row)st->fn);
    for (int i = 0; i < f->param_count; i++)
        if (strcmp(f->params[i].name, name) == 0 && st->args[i].kind == EXV_NUM) return (uint64_t)st->args[i].num;
    return 0;
}

/* Draws step st's `at` (never below the time reached: the parser refuses a step going back) and, for an
 * Rtk call (the only calls the parser lets state one, RTK.IRQL), its `irql`: PASSIVE_LEVEL (the level
 * seed:003 documents, the maximum), APC_LEVEL (one above) or DISPATCH_LEVEL (the highest the format
 * knows). A jump crosses the timed event the previous step set up: a wait's timeout (dwTimeout, read as
 * milliseconds) just past it, a kernel.stop's shutdown callbacks (RTK.ATTACH_EX.CALLBACK) a second
 * later; with none, a second. */
static void draw_timing(timing *t, ex_step *st) {
    static const uint64_t small_us[] = {1, 10, 100, 1000};
    uint64_t at = t->now_us;
    unsigned weights[AT_STRATEGIES];
    memcpy(weights, t->at_weight, sizeof weights);
    if (t->timed_us && weights[AT_JUMP]) weights[AT_JUMP] += 2; /* something timed is due: cross it more often */
    switch (pick_weighted(&t->rng, weights, AT_STRATEGIES)) {
    case AT_SAME: st->has_at = true; break;
    case AT_SMALL:
        st->has_at = true;
        at += small_us[sim_prng_below(&t->rng, 4)];
        break;
    case AT_JUMP:
        st->has_at = true;
        at += t->timed_us ? t->timed_us : JUMP_DEFAULT_US;
        break;
    case AT_MAX:
        st->has_at = true;
        at = CONF_MAX_VTIME_US;
        break;
    default: break;
    }
    if (at > CONF_MAX_VTIME_US) at = CONF_MAX_VTIME_US;
    if (st->has_at) st->at_us = t->now_us = at;
    t->timed_us = 0;
    if (st->kind == CONF_STEP_EVENT && st->event == CONF_EVENT_KERNEL_STOP) t->timed_us = JUMP_DEFAULT_US;
    if (st->kind != CONF_STEP_CALL) return;
    uint64_t timeout_ms = call_number(st, "dwTimeout");
    if (timeout_ms > 0) t->timed_us = timeout_ms * 1000 + 1;
    if (spec_function_row((spec_fn_row)st->fn)->api != SPEC_API_RTK) return;
    int level = pick_weighted(&t->rng, t->irql_weight, IRQL_STRATEGIES);
    if (level == IRQL_OMIT) return;
    st->has_irql = true;
    st->irql = level == IRQL_PASSIVE ? CONF_IRQL_PASSIVE : level == IRQL_APC ? CONF_IRQL_APC : CONF_IRQL_DISPATCH;
}

void ex_generate(uint64_t scenario_seed, const ex_gen_opts *opts, ex_scenario *out) {
    gen g;
    memset(&g, 0, sizeof g);
    memset(out, 0, sizeof *out);
    sim_prng_seed(&g.rng, scenario_seed);
    g.s = out;
    g.opts = opts;
    out->seed = scenario_seed;
    /* the swarm: processes, the remote kernel, functions, events, memory steps */
    while (out->procs == 0)
        for (int i = 0; i < EX_PROC_COUNT; i++)
            if (chance(&g, 45)) out->procs |= 1u << i;
    out->remote = chance(&g, 40);
    unsigned focus = 0; /* the families this scenario dwells on */
    unsigned allowed = opts->families ? opts->families : ~0u;
    while (focus == 0)
        for (int f = 0; f < SPEC_API_FAMILY_COUNT; f++)
            if (chance(&g, 40) && ((allowed >> f) & 1u)) focus |= 1u << f;
    int count;
    const spec_function *table = spec_function_table(&count);
    for (int i = 0; i < SPEC_FN_COUNT && i < count; i++) g.fn_on[i] = ((focus >> table[i].api) & 1u) && chance(&g, 75);
    for (int f = 0; f < SPEC_API_FAMILY_COUNT; f++) { /* a process that can call each focused family */
        bool callable = false;
        for (int i = 0; i < EX_PROC_COUNT && !callable; i++)
            callable = ((out->procs >> i) & 1u) && spec_api_callable_by((spec_api)f, caller_bit(i));
        for (int i = 0; i < EX_PROC_COUNT && !callable && ((focus >> f) & 1u); i++)
            if (spec_api_callable_by((spec_api)f, caller_bit(i))) {
                out->procs |= 1u << i;
                callable = true;
            }
    }
    g.ev_exit = chance(&g, 30);
    g.ev_kernel = chance(&g, 20);
    g.ev_link = chance(&g, 30);
    g.mem_on = chance(&g, 70);
    for (int i = 0; i < EX_PROC_COUNT; i++) g.alive[i] = (out->procs >> i) & 1u;
    for (int k = 0; k < EX_KERNEL_COUNT; k++) g.running[k] = true;
    g.link_up = true;
    g.follow_ptr = -1;
    timing t;
    timing_start(&t, scenario_seed);
    make_names(&g);
    int max = opts->max_steps < 1 ? 1 : opts->max_steps > EX_MAX_STEPS ? EX_MAX_STEPS : opts->max_steps;
    int want = 1 + (int)below(&g, (uint64_t)max);
    for (int tries = 0; out->step_count < want && tries < 4 * EX_MAX_STEPS; tries++) {
        ex_step *st = &out->steps[out->step_count];
        memset(st, 0, sizeof *st);
        uint64_t r = below(&g, 100);
        int p = pick_alive(&g);
        if (p < 0) break; /* every process is gone */
        if (g.pending_count > 0 && g.alive[g.pending_process] && chance(&g, 70)) p = g.pending_process;
        bool made;
        if (g.follow_ptr >= 0 && g.alive[g.follow_process]) /* access what the last call mapped, at once */
            made = gen_memory(&g, g.follow_process, st);
        else
            made = r < 8 ? gen_event(&g, st) : r < 28 && g.mem_on ? gen_memory(&g, p, st) : gen_call(&g, p, st);
        g.follow_ptr = -1;
        if (made && st->kind == CONF_STEP_CALL && chance(&g, 50)) { /* the pointer it bound, if any */
            const spec_function *f = spec_function_row((spec_fn_row)st->fn);
            if (st->ret_var >= 0 && f->ret == SPEC_R_PTR) g.follow_ptr = st->ret_var;
            for (int a = 0; a < f->param_count; a++)
                if (st->out_var[a] >= 0 && f->params[a].type == SPEC_T_OUT_PTR) g.follow_ptr = st->out_var[a];
            g.follow_process = st->process;
        }
        if (!made) continue;
        draw_timing(&t, st);
        out->step_count++;
    }
}
