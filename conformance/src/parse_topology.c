/* conformance/src/parse_topology.c — `topology` and `processes` of a scenario, or their defaults.
 *
 * Default topology (SCENARIO-FORMAT.md): node `host` (Windows); kernels `NodeA` (intime on host) and
 * `RTSS` (rtx64 on host). Default processes: `win` (windows on host), `rt` (rt on NodeA), `rtss`
 * (rt on RTSS), `drv` (driver on host). Defaults of the fields: windows true, va_limit 128T,
 * page_size 4096, kernel state running, shares_memory = the node runs Windows (TOPO.SHARES_MEMORY),
 * memory 64M, iwin32_pool 16M (a multiple of 4 MiB: IWIN32.POOL.SEGSIZE). */
#include <stdlib.h>
#include <string.h>

#include "parse_util.h"

#define MAX_TOPO_ITEMS 64
#define DEFAULT_VA_LIMIT (128ull << 40)
#define DEFAULT_MEMORY (64ull << 20)
#define DEFAULT_POOL (16ull << 20)
#define POOL_UNIT (4ull << 20)

static int node_index(const conf_scenario *sc, const char *id) {
    for (int i = 0; i < sc->node_count; i++)
        if (strcmp(sc->nodes[i].id, id) == 0) return i;
    return -1;
}

static int kernel_index(const conf_scenario *sc, const char *id) {
    for (int i = 0; i < sc->kernel_count; i++)
        if (strcmp(sc->kernels[i].id, id) == 0) return i;
    return -1;
}

static int process_index(const conf_scenario *sc, const char *id) {
    for (int i = 0; i < sc->process_count; i++)
        if (strcmp(sc->processes[i].id, id) == 0) return i;
    return -1;
}

/* An array at obj[key] with 1..MAX_TOPO_ITEMS entries (or absent when !required). */
static bool get_array(pctx *c, const cJSON *obj, const char *jpath, const char *key, bool required,
                      const cJSON **out, int *count) {
    char p[1024];
    *out = cJSON_GetObjectItemCaseSensitive(obj, key);
    *count = 0;
    if (*out == NULL) return required ? perr(c, jpath, "missing required key '%s'", key) : true;
    if (!cJSON_IsArray(*out)) return perr(c, path_key(p, sizeof p, jpath, key), "expected an array");
    *count = cJSON_GetArraySize(*out);
    if (*count > MAX_TOPO_ITEMS) return perr(c, path_key(p, sizeof p, jpath, key), "more than %d entries", MAX_TOPO_ITEMS);
    return true;
}

/* The id of an entry: a non-empty identifier-like string, unique in its list. */
static bool get_id(pctx *c, const cJSON *obj, const char *jpath, const char **id) {
    char p[1024];
    if (!get_string(c, obj, jpath, "id", true, 64, id)) return false;
    if ((*id)[0] == '\0' || strpbrk(*id, " \t\r\n\"\\") != NULL)
        return perr(c, path_key(p, sizeof p, jpath, "id"), "expected a non-empty id without spaces, quotes or backslashes");
    return true;
}

static bool parse_nodes(pctx *c, const cJSON *topo) {
    static const char *const keys[] = {"id", "windows", "va_limit", "page_size", NULL};
    conf_scenario *sc = c->sc;
    const cJSON *arr;
    int n;
    if (!get_array(c, topo, "topology", "nodes", true, &arr, &n)) return false;
    if (n == 0) return perr(c, "topology.nodes", "expected at least one node");
    sc->nodes = calloc((size_t)n, sizeof *sc->nodes);
    if (sc->nodes == NULL) return perr(c, "topology.nodes", "out of memory");
    for (int i = 0; i < n; i++) {
        char jp[256], p[1024];
        path_index(jp, sizeof jp, "topology.nodes", i);
        const cJSON *o = cJSON_GetArrayItem(arr, i);
        const char *id;
        if (!want_object(c, o, jp) || !check_keys(c, o, jp, keys) || !get_id(c, o, jp, &id)) return false;
        if (node_index(sc, id) >= 0) return perr(c, path_key(p, sizeof p, jp, "id"), "duplicate node id '%s'", id);
        conf_node_spec *node = &sc->nodes[i];
        node->windows = true;
        node->va_limit_bytes = DEFAULT_VA_LIMIT;
        node->page_size = 4096;
        if (!get_bool(c, o, jp, "windows", &node->windows)) return false;
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "va_limit");
        if (v && !get_size(c, v, path_key(p, sizeof p, jp, "va_limit"), &node->va_limit_bytes)) return false;
        v = cJSON_GetObjectItemCaseSensitive(o, "page_size");
        if (v) {
            uint64_t page = 0;
            if (!get_uint(c, v, path_key(p, sizeof p, jp, "page_size"), false, 1u << 30, &page)) return false;
            if (page != 4096) return perr(c, p, "only a page size of 4096 is modelled");
            node->page_size = (uint32_t)page;
        }
        if ((node->id = pstrdup(c, id, jp)) == NULL) return false;
        sc->node_count = i + 1;
    }
    return true;
}

static bool parse_kernels(pctx *c, const cJSON *topo) {
    static const char *const keys[] = {"id", "kind", "node", "state", "shares_memory", "memory", "iwin32_pool", NULL};
    conf_scenario *sc = c->sc;
    const cJSON *arr;
    int n;
    if (!get_array(c, topo, "topology", "kernels", true, &arr, &n)) return false;
    if (n == 0) return perr(c, "topology.kernels", "expected at least one kernel");
    sc->kernels = calloc((size_t)n, sizeof *sc->kernels);
    if (sc->kernels == NULL) return perr(c, "topology.kernels", "out of memory");
    for (int i = 0; i < n; i++) {
        char jp[256], p[1024];
        path_index(jp, sizeof jp, "topology.kernels", i);
        const cJSON *o = cJSON_GetArrayItem(arr, i);
        const char *id, *kind, *node, *state;
        if (!want_object(c, o, jp) || !check_keys(c, o, jp, keys) || !get_id(c, o, jp, &id)) return false;
        if (kernel_index(sc, id) >= 0) return perr(c, path_key(p, sizeof p, jp, "id"), "duplicate kernel id '%s'", id);
        conf_kernel_spec *k = &sc->kernels[i];
        if (!get_string(c, o, jp, "kind", true, 16, &kind)) return false;
        if (strcmp(kind, "intime") != 0 && strcmp(kind, "rtx64") != 0)
            return perr(c, path_key(p, sizeof p, jp, "kind"), "expected \"intime\" or \"rtx64\", found \"%s\"", kind);
        k->kind = strcmp(kind, "rtx64") == 0 ? CONF_KERNEL_RTX64 : CONF_KERNEL_INTIME;
        if (!get_string(c, o, jp, "node", true, 64, &node)) return false;
        if ((k->node = node_index(sc, node)) < 0)
            return perr(c, path_key(p, sizeof p, jp, "node"), "unknown node '%s'", node);
        for (int j = 0; k->kind == CONF_KERNEL_RTX64 && j < i; j++)
            if (sc->kernels[j].kind == CONF_KERNEL_RTX64 && sc->kernels[j].node == k->node)
                return perr(c, path_key(p, sizeof p, jp, "kind"), "node '%s' already has an rtx64 kernel ('%s'); "
                            "RTX64 runs one RTSS per node", node, sc->kernels[j].id);
        if (!get_string(c, o, jp, "state", false, 16, &state)) return false;
        k->running = true;
        if (state && strcmp(state, "running") != 0) {
            if (strcmp(state, "stopped") != 0)
                return perr(c, path_key(p, sizeof p, jp, "state"), "expected \"running\" or \"stopped\", found \"%s\"",
                            state);
            k->running = false;
        }
        /* TOPO.SHARES_MEMORY: a kernel shares memory with its node's Windows host unless told otherwise. */
        k->shares_memory = sc->nodes[k->node].windows;
        if (!get_bool(c, o, jp, "shares_memory", &k->shares_memory)) return false;
        if (k->shares_memory && !sc->nodes[k->node].windows)
            return perr(c, path_key(p, sizeof p, jp, "shares_memory"),
                        "node '%s' runs no Windows host, so its kernels share memory with none (TOPO.SHARES_MEMORY)", node);
        k->memory_bytes = DEFAULT_MEMORY;
        k->pool_bytes = DEFAULT_POOL;
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "memory");
        if (v && !get_size(c, v, path_key(p, sizeof p, jp, "memory"), &k->memory_bytes)) return false;
        v = cJSON_GetObjectItemCaseSensitive(o, "iwin32_pool");
        if (v) {
            if (!get_size(c, v, path_key(p, sizeof p, jp, "iwin32_pool"), &k->pool_bytes)) return false;
            if (k->pool_bytes % POOL_UNIT != 0)
                return perr(c, p, "the iwin32 pool is configured in multiples of 4 MiB (IWIN32.POOL.SEGSIZE); "
                                  "%llu bytes is not one", (unsigned long long)k->pool_bytes);
            if (k->kind != CONF_KERNEL_INTIME) return perr(c, p, "only intime kernels have an iwin32 pool");
        }
        if ((k->id = pstrdup(c, id, jp)) == NULL) return false;
        sc->kernel_count = i + 1;
    }
    return true;
}

static bool parse_links(pctx *c, const cJSON *topo) {
    static const char *const keys[] = {"between", "state", NULL};
    conf_scenario *sc = c->sc;
    const cJSON *arr;
    int n;
    if (!get_array(c, topo, "topology", "links", false, &arr, &n)) return false;
    if (n == 0) return true;
    sc->links = calloc((size_t)n, sizeof *sc->links);
    if (sc->links == NULL) return perr(c, "topology.links", "out of memory");
    for (int i = 0; i < n; i++) {
        char jp[256], p[1024];
        path_index(jp, sizeof jp, "topology.links", i);
        const cJSON *o = cJSON_GetArrayItem(arr, i);
        if (!want_object(c, o, jp) || !check_keys(c, o, jp, keys)) return false;
        const cJSON *between = cJSON_GetObjectItemCaseSensitive(o, "between");
        path_key(p, sizeof p, jp, "between");
        if (between == NULL) return perr(c, jp, "missing required key 'between'");
        if (!cJSON_IsArray(between) || cJSON_GetArraySize(between) != 2 ||
            !cJSON_IsString(cJSON_GetArrayItem(between, 0)) || !cJSON_IsString(cJSON_GetArrayItem(between, 1)))
            return perr(c, p, "expected two node ids: [\"nodeA\", \"nodeB\"]");
        conf_link_spec *l = &sc->links[i];
        for (int e = 0; e < 2; e++) {
            const char *id = cJSON_GetArrayItem(between, e)->valuestring;
            int idx = node_index(sc, id);
            char ep[1024];
            if (idx < 0) return perr(c, path_index(ep, sizeof ep, p, e), "unknown node '%s'", id);
            if (e == 0) l->a = idx;
            else l->b = idx;
        }
        if (l->a == l->b) return perr(c, p, "a link joins two different nodes");
        /* One link per pair of nodes: link events and the model address a link by its two nodes. */
        for (int j = 0; j < i; j++)
            if ((sc->links[j].a == l->a && sc->links[j].b == l->b) || (sc->links[j].a == l->b && sc->links[j].b == l->a))
                return perr(c, p, "nodes '%s' and '%s' are already joined by topology.links[%d]", sc->nodes[l->a].id,
                            sc->nodes[l->b].id, j);
        const char *state;
        if (!get_string(c, o, jp, "state", false, 16, &state)) return false;
        l->up = true;
        if (state && strcmp(state, "up") != 0) {
            if (strcmp(state, "down") != 0)
                return perr(c, path_key(p, sizeof p, jp, "state"), "expected \"up\" or \"down\", found \"%s\"", state);
            l->up = false;
        }
        sc->link_count = i + 1;
    }
    return true;
}

/* The first intime kernel on node, or -1. */
static int first_intime_on(const conf_scenario *sc, int node) {
    for (int i = 0; i < sc->kernel_count; i++)
        if (sc->kernels[i].kind == CONF_KERNEL_INTIME && sc->kernels[i].node == node) return i;
    return -1;
}

static bool parse_processes(pctx *c, const cJSON *list) {
    static const char *const keys[] = {"id", "kind", "node", "kernel", NULL};
    conf_scenario *sc = c->sc;
    if (!cJSON_IsArray(list)) return perr(c, "processes", "expected an array");
    int n = cJSON_GetArraySize(list);
    if (n == 0) return perr(c, "processes", "expected at least one process");
    if (n > MAX_TOPO_ITEMS) return perr(c, "processes", "more than %d processes", MAX_TOPO_ITEMS);
    sc->processes = calloc((size_t)n, sizeof *sc->processes);
    if (sc->processes == NULL) return perr(c, "processes", "out of memory");
    for (int i = 0; i < n; i++) {
        char jp[256], p[1024];
        path_index(jp, sizeof jp, "processes", i);
        const cJSON *o = cJSON_GetArrayItem(list, i);
        const char *id, *kind, *node, *kernel;
        if (!want_object(c, o, jp) || !check_keys(c, o, jp, keys) || !get_id(c, o, jp, &id)) return false;
        if (process_index(sc, id) >= 0) return perr(c, path_key(p, sizeof p, jp, "id"), "duplicate process id '%s'", id);
        conf_process_spec *ps = &sc->processes[i];
        if (!get_string(c, o, jp, "kind", true, 16, &kind) || !get_string(c, o, jp, "node", false, 64, &node) ||
            !get_string(c, o, jp, "kernel", false, 64, &kernel))
            return false;
        ps->node = ps->kernel = -1;
        if (node && (ps->node = node_index(sc, node)) < 0)
            return perr(c, path_key(p, sizeof p, jp, "node"), "unknown node '%s'", node);
        if (kernel && (ps->kernel = kernel_index(sc, kernel)) < 0)
            return perr(c, path_key(p, sizeof p, jp, "kernel"), "unknown kernel '%s'", kernel);
        if (strcmp(kind, "rt") == 0) {
            ps->kind = CONF_PROC_RT;
            if (ps->kernel < 0) return perr(c, jp, "an rt process needs \"kernel\": the RT kernel it runs on");
            if (ps->node >= 0 && ps->node != sc->kernels[ps->kernel].node)
                return perr(c, path_key(p, sizeof p, jp, "node"), "kernel '%s' runs on node '%s', not '%s'", kernel,
                            sc->nodes[sc->kernels[ps->kernel].node].id, node);
            ps->node = sc->kernels[ps->kernel].node;
            if (!sc->kernels[ps->kernel].running)
                return perr(c, path_key(p, sizeof p, jp, "kernel"), "kernel '%s' starts stopped, so rt process '%s' "
                            "could never run (a kernel.stop event terminates the processes of a running kernel)",
                            kernel, id);
        } else if (strcmp(kind, "windows") == 0 || strcmp(kind, "driver") == 0) {
            ps->kind = kind[0] == 'w' ? CONF_PROC_WINDOWS : CONF_PROC_DRIVER;
            if (ps->node < 0) return perr(c, jp, "a %s process needs \"node\": the machine it runs on", kind);
            if (!sc->nodes[ps->node].windows)
                return perr(c, path_key(p, sizeof p, jp, "node"), "node '%s' runs no Windows host", node);
            if (ps->kind == CONF_PROC_DRIVER && ps->kernel >= 0)
                return perr(c, path_key(p, sizeof p, jp, "kernel"), "a driver reaches its node's RTSS; it takes no \"kernel\"");
            if (ps->kernel >= 0) {
                const conf_kernel_spec *k = &sc->kernels[ps->kernel];
                if (k->kind != CONF_KERNEL_INTIME || k->node != ps->node)
                    return perr(c, path_key(p, sizeof p, jp, "kernel"),
                                "a windows process's \"kernel\" names an intime kernel on its own node ('%s')", node);
            } else if (ps->kind == CONF_PROC_WINDOWS) {
                ps->kernel = first_intime_on(sc, ps->node);
            }
        } else {
            return perr(c, path_key(p, sizeof p, jp, "kind"), "expected \"windows\", \"rt\" or \"driver\", found \"%s\"", kind);
        }
        if ((ps->id = pstrdup(c, id, jp)) == NULL) return false;
        sc->process_count = i + 1;
    }
    return true;
}

/* Fills the default topology and processes. */
static bool use_defaults(pctx *c, bool processes_too) {
    conf_scenario *sc = c->sc;
    sc->nodes = calloc(1, sizeof *sc->nodes);
    sc->kernels = calloc(2, sizeof *sc->kernels);
    if (!sc->nodes || !sc->kernels) return perr(c, "", "out of memory");
    sc->nodes[0] = (conf_node_spec){pstrdup(c, "host", ""), true, DEFAULT_VA_LIMIT, 4096};
    sc->node_count = 1;
    sc->kernels[0] = (conf_kernel_spec){pstrdup(c, "NodeA", ""), CONF_KERNEL_INTIME, true, 0, true, DEFAULT_MEMORY, DEFAULT_POOL};
    sc->kernels[1] = (conf_kernel_spec){pstrdup(c, "RTSS", ""), CONF_KERNEL_RTX64, true, 0, true, DEFAULT_MEMORY, 0};
    sc->kernel_count = 2;
    if (!processes_too) return !c->failed;
    sc->processes = calloc(4, sizeof *sc->processes);
    if (sc->processes == NULL) return perr(c, "", "out of memory");
    sc->processes[0] = (conf_process_spec){pstrdup(c, "win", ""), CONF_PROC_WINDOWS, 0, 0};
    sc->processes[1] = (conf_process_spec){pstrdup(c, "rt", ""), CONF_PROC_RT, 0, 0};
    sc->processes[2] = (conf_process_spec){pstrdup(c, "rtss", ""), CONF_PROC_RT, 0, 1};
    sc->processes[3] = (conf_process_spec){pstrdup(c, "drv", ""), CONF_PROC_DRIVER, 0, -1};
    sc->process_count = 4;
    return !c->failed;
}

bool parse_topology(pctx *c, const cJSON *root) {
    static const char *const keys[] = {"nodes", "kernels", "links", NULL};
    const cJSON *topo = cJSON_GetObjectItemCaseSensitive(root, "topology");
    const cJSON *procs = cJSON_GetObjectItemCaseSensitive(root, "processes");
    bool ok;
    if (topo == NULL) {
        ok = use_defaults(c, procs == NULL);
    } else {
        if (procs == NULL)
            return perr(c, "topology", "a scenario with its own topology must list its \"processes\" (the default "
                                       "processes belong to the default topology)");
        ok = want_object(c, topo, "topology") && check_keys(c, topo, "topology", keys) && parse_nodes(c, topo) &&
             parse_kernels(c, topo) && parse_links(c, topo);
    }
    if (ok && procs) ok = parse_processes(c, procs);
    if (ok) ok = parse_step_state_init(c);
    return ok;
}

bool parse_step_state_init(pctx *c) {
    parse_step_state_free(c);
    c->exited = calloc((size_t)(c->sc->process_count ? c->sc->process_count : 1), sizeof *c->exited);
    c->kernel_running = calloc((size_t)(c->sc->kernel_count ? c->sc->kernel_count : 1), sizeof *c->kernel_running);
    c->link_up = calloc((size_t)(c->sc->link_count ? c->sc->link_count : 1), sizeof *c->link_up);
    if (c->exited == NULL || c->kernel_running == NULL || c->link_up == NULL) return perr(c, "processes", "out of memory");
    for (int i = 0; i < c->sc->kernel_count; i++) c->kernel_running[i] = c->sc->kernels[i].running;
    for (int i = 0; i < c->sc->link_count; i++) c->link_up[i] = c->sc->links[i].up;
    return true;
}

void parse_step_state_free(pctx *c) {
    free(c->exited);
    free(c->kernel_running);
    free(c->link_up);
    c->exited = NULL;
    c->kernel_running = NULL;
    c->link_up = NULL;
}
