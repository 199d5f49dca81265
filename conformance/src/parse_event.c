/* conformance/src/parse_event.c — an event step: a process exits, a kernel stops or starts, a link goes
 * down or up.
 *
 * Each event is checked against the state the earlier steps left (pctx's exited, kernel_running and
 * link_up, set up by parse_step_state_init) and then applied to it, so a later step that names an
 * exited process, or an event that repeats the current state, is an input error. */
#include <stdbool.h>
#include <string.h>

#include "parse_steps.h"

/* An event step into st (contract in parse_steps.h). */
bool parse_event(pctx *c, const char *jpath, const cJSON *step, conf_step *st) {
    static const char *const keys[] = {"at", "event", "process", "kernel", "between", "expect", NULL};
    char p[1024];
    if (!check_keys(c, step, jpath, keys)) return false;
    if (cJSON_GetObjectItemCaseSensitive(step, "expect"))
        return perr(c, path_key(p, sizeof p, jpath, "expect"), "events take no \"expect\" (they always happen)");
    const char *event;
    if (!get_string(c, step, jpath, "event", true, 64, &event)) return false;
    path_key(p, sizeof p, jpath, "event");
    if (strcmp(event, "process.exit") == 0) {
        const char *proc;
        if (!get_string(c, step, jpath, "process", true, 64, &proc)) return false;
        path_key(p, sizeof p, jpath, "process");
        st->event = CONF_EVENT_PROCESS_EXIT;
        st->process = process_find(c->sc, proc);
        if (st->process < 0) return perr(c, p, "unknown process '%s'", proc);
        if (c->exited[st->process]) return perr(c, p, "process '%s' has already exited", proc);
        if (cJSON_GetObjectItemCaseSensitive(step, "kernel") || cJSON_GetObjectItemCaseSensitive(step, "between"))
            return perr(c, jpath, "process.exit takes only \"process\"");
        c->exited[st->process] = true;
        return true;
    }
    if (strcmp(event, "kernel.stop") == 0 || strcmp(event, "kernel.start") == 0) {
        bool stop = strcmp(event, "kernel.stop") == 0;
        const char *kernel;
        if (!get_string(c, step, jpath, "kernel", true, 64, &kernel)) return false;
        path_key(p, sizeof p, jpath, "kernel");
        st->event = stop ? CONF_EVENT_KERNEL_STOP : CONF_EVENT_KERNEL_START;
        st->kernel = -1;
        for (int i = 0; i < c->sc->kernel_count; i++)
            if (strcmp(c->sc->kernels[i].id, kernel) == 0) st->kernel = i;
        if (st->kernel < 0) return perr(c, p, "unknown kernel '%s'", kernel);
        if (cJSON_GetObjectItemCaseSensitive(step, "process") || cJSON_GetObjectItemCaseSensitive(step, "between"))
            return perr(c, jpath, "%s takes only \"kernel\"", event);
        if (c->kernel_running[st->kernel] != stop)
            return perr(c, p, "kernel '%s' is already %s at this step", kernel, stop ? "stopped" : "running");
        c->kernel_running[st->kernel] = !stop;
        /* SIM.KERNEL.STOP: its rt processes terminate for good. */
        for (int i = 0; stop && i < c->sc->process_count; i++)
            if (c->sc->processes[i].kind == CONF_PROC_RT && c->sc->processes[i].kernel == st->kernel) c->exited[i] = true;
        return true;
    }
    if (strcmp(event, "link.down") == 0 || strcmp(event, "link.up") == 0) {
        bool down = strcmp(event, "link.down") == 0;
        st->event = down ? CONF_EVENT_LINK_DOWN : CONF_EVENT_LINK_UP;
        const cJSON *between = cJSON_GetObjectItemCaseSensitive(step, "between");
        path_key(p, sizeof p, jpath, "between");
        if (between == NULL) return perr(c, jpath, "missing required key 'between'");
        if (!cJSON_IsArray(between) || cJSON_GetArraySize(between) != 2 ||
            !cJSON_IsString(cJSON_GetArrayItem(between, 0)) || !cJSON_IsString(cJSON_GetArrayItem(between, 1)))
            return perr(c, p, "expected two node ids: [\"nodeA\", \"nodeB\"]");
        int ends[2] = {-1, -1};
        for (int e = 0; e < 2; e++) {
            const char *id = cJSON_GetArrayItem(between, e)->valuestring;
            for (int i = 0; i < c->sc->node_count; i++)
                if (strcmp(c->sc->nodes[i].id, id) == 0) ends[e] = i;
            char ep[1100];
            if (ends[e] < 0) return perr(c, path_index(ep, sizeof ep, p, e), "unknown node '%s'", id);
        }
        int link = -1;
        for (int i = 0; i < c->sc->link_count; i++) {
            const conf_link_spec *l = &c->sc->links[i];
            if ((l->a == ends[0] && l->b == ends[1]) || (l->a == ends[1] && l->b == ends[0])) link = i;
        }
        if (link < 0)
            return perr(c, p, "no link joins '%s' and '%s' in the topology", c->sc->nodes[ends[0]].id,
                        c->sc->nodes[ends[1]].id);
        if (cJSON_GetObjectItemCaseSensitive(step, "process") || cJSON_GetObjectItemCaseSensitive(step, "kernel"))
            return perr(c, jpath, "%s takes only \"between\"", event);
        if (c->link_up[link] != down)
            return perr(c, p, "the link is already %s at this step", down ? "down" : "up");
        c->link_up[link] = !down;
        st->link_a = ends[0];
        st->link_b = ends[1];
        return true;
    }
    return perr(c, p, "unknown event '%s' (expected process.exit, kernel.stop, kernel.start, link.down or link.up)", event);
}
