/* conformance/src/backend_serve.c — the server side of the backend line protocol (conf/exec.h,
 * conformance/PROTOCOL.md): a bound backend table served to one client over two descriptors.
 *
 * Each request becomes the one table operation it serialises (hello: the table's name, families,
 * events and the functions xSupports accepted when it was bound; open: xOpen; call: xCall; ...), and
 * its answer is what the table gave: the findings and notes the operation queued (xNextFinding, then
 * xNextNote, as rtshm's driver takes them, each bounded), then the outcome. Nothing of the backend's
 * answers is judged here — the client checks them as it checks a library's — but nothing the backend
 * hands back is read beyond its arrays. A request that is wrong (a field missing, an unknown function,
 * no world open) is answered with "error" and changes nothing. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/exec.h"
#include "conf/families.h"
#include "exec_proto.h"

typedef struct serve_state {
    const conf_backend *be;
    int out_fd;
    void *world;             /* the open world, or NULL */
    int process_count;
    bool write_failed;
} serve_state;

static void send_line(serve_state *s, cJSON *j) {
    if (j == NULL || exec_write_json(s->out_fd, j, EXEC_MAX_REPLY_LINE) != 0) s->write_failed = true;
    cJSON_Delete(j);
}

static void send_error(serve_state *s, const char *message) {
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "type", "error");
    cJSON_AddStringToObject(j, "message", message && message[0] ? message : "failed without a message");
    send_line(s, j);
}

static void send_hello(serve_state *s) {
    const conf_backend *be = s->be;
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "type", "hello");
    cJSON_AddStringToObject(j, "protocol", EXEC_PROTOCOL);
    cJSON_AddNumberToObject(j, "version", EXEC_PROTOCOL_VERSION);
    cJSON_AddStringToObject(j, "name", be->name);
    cJSON *functions = cJSON_AddObjectToObject(j, "functions");
    int count;
    const spec_function *fns = spec_function_table(&count);
    for (int api = 0; api < SPEC_API_FAMILY_COUNT; api++) {
        unsigned bit = conf_family_bit((spec_api)api);
        if (bit == 0 || !(be->families & bit)) continue;
        cJSON *names = cJSON_AddArrayToObject(functions, spec_api_name((spec_api)api));
        for (int row = 0; row < count && row < SPEC_FN_COUNT; row++)
            if (fns[row].api == (spec_api)api && !be->unsupported_fn[row])
                cJSON_AddItemToArray(names, cJSON_CreateString(fns[row].name));
    }
    cJSON *events = cJSON_AddArrayToObject(j, "events");
    for (int k = 0; k < 3; k++)
        if (be->events & (1u << k)) cJSON_AddItemToArray(events, cJSON_CreateString(exec_support_names[k]));
    send_line(s, j);
}

/* After an operation that succeeded: its findings and notes (each bounded), then the result with the
 * outcome (and, for a read, data). */
static void send_result(serve_state *s, const rtshm_outcome *o, const unsigned char *data, size_t len) {
    const rtshm_backend *t = s->be->table;
    for (int n = 0; t->xNextFinding; n++) {
        rtshm_finding f;
        memset(&f, 0, sizeof f);
        int more = t->xNextFinding(s->world, &f);
        if (more == 0) break;
        if (more != 1 || n == RTSHM_MAX_FINDINGS) {
            send_error(s, more != 1 ? "xNextFinding returned neither 1 nor 0" : "xNextFinding did not end after 65536 "
                                                                                "findings (the bound)");
            return;
        }
        send_line(s, exec_finding_json(&f));
    }
    for (int n = 0; t->xNextNote; n++) {
        rtshm_note note;
        memset(&note, 0, sizeof note);
        note.process = -1;
        int more = t->xNextNote(s->world, &note);
        if (more == 0) break;
        if (more != 1 || n == RTSHM_MAX_NOTES) {
            send_error(s, more != 1 ? "xNextNote returned neither 1 nor 0" : "xNextNote did not end after 65536 notes "
                                                                            "(the bound)");
            return;
        }
        send_line(s, exec_note_json(&note));
    }
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "type", "result");
    cJSON_AddItemToObject(j, "outcome", exec_outcome_json(o));
    if (data) {
        char *hex = exec_hex_encode(data, len);
        if (hex == NULL) {
            cJSON_Delete(j);
            send_error(s, "out of memory");
            return;
        }
        cJSON_AddStringToObject(j, "data", hex);
        free(hex);
    }
    send_line(s, j);
}

static void send_done(serve_state *s) {
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "type", "result");
    send_line(s, j);
}

/* The longest read or write the server takes (a scenario's access is at most 4096 bytes). */
#define SERVE_MAX_ACCESS 4096

/* One request j of type `type`. */
static void serve_one(serve_state *s, const cJSON *j, const char *type) {
    const rtshm_backend *t = s->be->table;
    char why[600], err[1024];
    err[0] = '\0';
    rtshm_outcome o;
    memset(&o, 0, sizeof o);
    if (strcmp(type, "hello") == 0) {
        static const char *const keys[] = {"type", "protocol", "versions", NULL};
        const char *protocol;
        const cJSON *versions = cJSON_GetObjectItemCaseSensitive(j, "versions");
        bool speaks = false;
        for (const cJSON *v = cJSON_IsArray(versions) ? versions->child : NULL; v; v = v->next)
            speaks = speaks || (cJSON_IsNumber(v) && v->valuedouble == EXEC_PROTOCOL_VERSION);
        if (!exec_only_keys(j, "hello", keys, why, sizeof why) ||
            !exec_get_string(j, "hello", "protocol", true, false, &protocol, why, sizeof why))
            send_error(s, why);
        else if (strcmp(protocol, EXEC_PROTOCOL) != 0 || !speaks) {
            snprintf(why, sizeof why, "this server speaks %s version %d only", EXEC_PROTOCOL, EXEC_PROTOCOL_VERSION);
            send_error(s, why);
        } else {
            send_hello(s);
        }
        return;
    }
    if (strcmp(type, "open") == 0) {
        static const char *const keys[] = {"type", "seed", "topology", NULL};
        uint64_t seed;
        exec_topology topo;
        memset(&topo, 0, sizeof topo);
        if (s->world) {
            send_error(s, "open: a world is open already (close it first)");
        } else if (!exec_only_keys(j, "open", keys, why, sizeof why) ||
                   !exec_get_u64(j, "open", "seed", true, &seed, why, sizeof why) ||
                   !exec_topology_parse(cJSON_GetObjectItemCaseSensitive(j, "topology"), "open.topology", &topo, why,
                                        sizeof why)) {
            send_error(s, why);
        } else {
            s->world = t->xOpen(&topo.topology, seed, err, sizeof err);
            err[sizeof err - 1] = '\0';
            if (s->world == NULL) send_error(s, err[0] ? err : "xOpen failed without a message");
            else {
                s->process_count = topo.topology.process_count;
                send_done(s);
            }
        }
        exec_topology_free(&topo);
        return;
    }
    if (strcmp(type, "close") == 0) {
        if (s->world) t->xClose(s->world);
        s->world = NULL;
        send_done(s);
        return;
    }
    static const char *const operations[] = {"call", "read", "write", "event", NULL};
    bool known = false;
    for (const char *const *op = operations; *op && !known; op++) known = strcmp(type, *op) == 0;
    if (!known) {
        snprintf(why, sizeof why, "unknown request type '%.64s'", type);
        send_error(s, why);
        return;
    }
    if (s->world == NULL) {
        snprintf(why, sizeof why, "%.64s: no world is open", type);
        send_error(s, why);
        return;
    }
    int64_t process = -1;
    if (strcmp(type, "call") == 0) {
        static const char *const keys[] = {"type", "process", "api", "function", "args", NULL};
        const char *api_name, *function;
        rtshm_value argv[RTSHM_MAX_ARGS];
        int argc = 0;
        spec_api api;
        const spec_function *fn = NULL;
        if (!exec_only_keys(j, "call", keys, why, sizeof why) ||
            !exec_get_int(j, "call", "process", true, 0, s->process_count - 1, &process, why, sizeof why) ||
            !exec_get_string(j, "call", "api", true, false, &api_name, why, sizeof why) ||
            !exec_get_string(j, "call", "function", true, false, &function, why, sizeof why) ||
            !exec_args_parse(cJSON_GetObjectItemCaseSensitive(j, "args"), "call.args", &argc, argv, why, sizeof why)) {
            send_error(s, why);
            return;
        }
        if (spec_api_by_name(api_name, &api)) fn = spec_function_find(api, function);
        if (fn == NULL || fn->param_count != argc) {
            snprintf(why, sizeof why, fn ? "call: %.64s:%.64s takes %d arguments, not %d" : "call: %.64s:%.64s is no "
                     "function of this server", api_name, function, fn ? fn->param_count : 0, argc);
            send_error(s, why);
            return;
        }
        int rc = t->xCall(s->world, (int)process, api_name, function, argc, argv, &o, err, sizeof err);
        err[sizeof err - 1] = '\0';
        if (rc != 0) send_error(s, err);
        else send_result(s, &o, NULL, 0);
        return;
    }
    if (strcmp(type, "read") == 0 || strcmp(type, "write") == 0) {
        bool is_read = type[0] == 'r';
        static const char *const read_keys[] = {"type", "process", "address", "length", NULL};
        static const char *const write_keys[] = {"type", "process", "address", "data", NULL};
        uint64_t address;
        int64_t length = 0;
        const char *hex = NULL;
        unsigned char data[SERVE_MAX_ACCESS];
        if (!exec_only_keys(j, type, is_read ? read_keys : write_keys, why, sizeof why) ||
            !exec_get_int(j, type, "process", true, 0, s->process_count - 1, &process, why, sizeof why) ||
            !exec_get_u64(j, type, "address", true, &address, why, sizeof why) ||
            (is_read && !exec_get_int(j, type, "length", true, 1, SERVE_MAX_ACCESS, &length, why, sizeof why)) ||
            (!is_read && !exec_get_string(j, type, "data", true, false, &hex, why, sizeof why))) {
            send_error(s, why);
            return;
        }
        if (!is_read && (length = exec_hex_decode(hex, data, sizeof data)) < 0) {
            send_error(s, "write.data: expected 1 to 4096 bytes as hex digits");
            return;
        }
        if (is_read) memset(data, 0, (size_t)length);
        int rc = is_read ? t->xRead(s->world, (int)process, address, (size_t)length, data, &o)
                         : t->xWrite(s->world, (int)process, address, data, (size_t)length, &o);
        if (rc != 0) send_error(s, is_read ? "xRead failed" : "xWrite failed");
        else send_result(s, &o, is_read ? data : NULL, (size_t)length);
        return;
    }
    if (strcmp(type, "event") == 0) {
        static const char *const keys[] = {"type", "event", NULL};
        rtshm_event ev;
        if (!exec_only_keys(j, "event", keys, why, sizeof why) ||
            !exec_event_parse(cJSON_GetObjectItemCaseSensitive(j, "event"), "event.event", &ev, why, sizeof why)) {
            send_error(s, why);
            return;
        }
        int rc = t->xEvent(s->world, &ev, &o, err, sizeof err);
        err[sizeof err - 1] = '\0';
        if (rc != 0) send_error(s, err);
        else send_result(s, &o, NULL, 0);
        return;
    }
    snprintf(why, sizeof why, "unknown request type '%.64s'", type);
    send_error(s, why);
}

int conf_backend_serve(const conf_backend *be, int in_fd, int out_fd, char *err, size_t cap) {
    serve_state s = {.be = be, .out_fd = out_fd};
    exec_reader r = {.fd = in_fd, .limit = EXEC_MAX_REQUEST_LINE};
    int rc = 0;
    for (;;) {
        char *line;
        size_t len;
        char why[512];
        int got = exec_read_line(&r, &line, &len, why, sizeof why);
        if (got <= 0) {
            if (got < 0) snprintf(err, cap, "request %s", why);
            rc = got;
            break;
        }
        const char *type;
        cJSON *j = exec_parse_line(line, len, &type, why, sizeof why);
        if (j == NULL) {
            char message[600];
            snprintf(message, sizeof message, "request line %ld: %s", r.line_no, why);
            send_error(&s, message);
        } else {
            serve_one(&s, j, type);
            cJSON_Delete(j);
        }
        if (s.write_failed) {
            snprintf(err, cap, "cannot write an answer (the client is gone)");
            rc = -1;
            break;
        }
    }
    if (s.world) be->table->xClose(s.world);
    exec_reader_free(&r);
    return rc;
}
