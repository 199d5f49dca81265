/* agent_proto.c — the Windows agent's protocol logic: one request line in, one answer line out
 * (agent_proto.h; conformance/PROTOCOL.md). */
#include "agent_proto.h"

#include "agent_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AGENT_ID_MAX 64 /* bytes of a process id kept for messages */

struct agent_state {
    const agent_vendor *vendor;
    aj_doc *doc;
    int world_open;
    int acting;        /* the topology index of the process the agent acts as */
    int process_count;
    char ids[AGENT_MAX_PROCESSES][AGENT_ID_MAX];
    char kinds[AGENT_MAX_PROCESSES][8];
};

agent_state *agent_new(const agent_vendor *vendor)
{
    agent_state *agent = calloc(1, sizeof *agent);
    if (agent == NULL)
        return NULL;
    agent->vendor = vendor;
    agent->doc = calloc(1, sizeof *agent->doc);
    if (agent->doc != NULL)
        agent->doc->scratch = malloc(AGENT_LINE_MAX + 1);
    if (agent->doc == NULL || agent->doc->scratch == NULL) {
        agent_free(agent);
        return NULL;
    }
    agent->doc->scratch_cap = AGENT_LINE_MAX + 1;
    return agent;
}

void agent_free(agent_state *agent)
{
    if (agent == NULL)
        return;
    if (agent->doc != NULL)
        free(agent->doc->scratch);
    free(agent->doc);
    free(agent);
}

/* Writes {"type":"error","message":"<prefix>: <message>"} into answer. */
static void answer_error(char *answer, const char *prefix, const char *message)
{
    aj_writer w;
    char text[512];
    snprintf(text, sizeof text, "%s%s%s", prefix, prefix[0] != '\0' ? ": " : "", message);
    aj_w_init(&w, answer, AGENT_ANSWER_MAX);
    aj_w_raw(&w, "{\"type\":\"error\",\"message\":");
    aj_w_string(&w, text, 400);
    aj_w_raw(&w, "}");
}

static const char *string_member(const aj_doc *doc, int obj, const char *key)
{
    int m = aj_member(doc, obj, key);
    return m >= 0 && doc->nodes[m].type == AJ_STRING ? doc->nodes[m].text : NULL;
}

static void answer_hello(agent_state *agent, const aj_doc *doc, int root, char *answer)
{
    static const char *const keys[] = {"type", "protocol", "versions"};
    char err[160];
    if (aj_only_keys(doc, root, keys, 3, err, sizeof err) < 0) {
        answer_error(answer, "hello", err);
        return;
    }
    const char *protocol = string_member(doc, root, "protocol");
    if (protocol == NULL || strcmp(protocol, "rtshm-backend") != 0) {
        answer_error(answer, "hello", "protocol: expected \"rtshm-backend\"");
        return;
    }
    int versions = aj_member(doc, root, "versions");
    if (versions < 0 || doc->nodes[versions].type != AJ_ARRAY) {
        answer_error(answer, "hello", "versions: expected an array of integers");
        return;
    }
    int speaks = 0;
    for (int v = doc->nodes[versions].first_child; v >= 0; v = doc->nodes[v].next) {
        int64_t number;
        if (aj_integer(doc, v, 0, INT32_MAX, &number) < 0) {
            answer_error(answer, "hello", "versions: expected an array of integers");
            return;
        }
        speaks |= number == 1;
    }
    if (!speaks) {
        answer_error(answer, "hello", "this agent speaks protocol version 1 only");
        return;
    }
    const agent_vendor *vendor = agent->vendor;
    aj_writer w;
    aj_w_init(&w, answer, AGENT_ANSWER_MAX);
    aj_w_raw(&w, "{\"type\":\"hello\",\"protocol\":\"rtshm-backend\",\"version\":1,\"name\":");
    aj_w_string(&w, vendor->name, 255);
    aj_w_raw(&w, ",\"functions\":{");
    /* One key per family, in the order the table first names it; each with its functions in table order. */
    int families_written = 0;
    for (size_t i = 0; i < vendor->function_count; i++) {
        const char *family = vendor->functions[i].family;
        size_t first = 0;
        while (strcmp(vendor->functions[first].family, family) != 0)
            first++;
        if (first != i)
            continue;
        if (families_written++ > 0)
            aj_w_raw(&w, ",");
        aj_w_string(&w, family, 32);
        aj_w_raw(&w, ":[");
        int names_written = 0;
        for (size_t j = i; j < vendor->function_count; j++) {
            if (strcmp(vendor->functions[j].family, family) != 0)
                continue;
            if (names_written++ > 0)
                aj_w_raw(&w, ",");
            aj_w_string(&w, vendor->functions[j].name, 64);
        }
        aj_w_raw(&w, "]");
    }
    aj_w_raw(&w, "},\"events\":[]}");
    if (w.overflow)
        answer_error(answer, "hello", "internal: the hello answer does not fit");
}

/* Reads the topology's processes into the agent and picks the process it acts as. 0, or -1 with err. */
static int read_processes(agent_state *agent, const aj_doc *doc, int topology, char *err, size_t err_size)
{
    static const char *const topology_keys[] = {"nodes", "kernels", "links", "processes"};
    static const char *const process_keys[] = {"id", "kind", "node", "kernel"};
    if (topology < 0 || doc->nodes[topology].type != AJ_OBJECT) {
        snprintf(err, err_size, "topology: expected an object");
        return -1;
    }
    if (aj_only_keys(doc, topology, topology_keys, 4, err, err_size) < 0)
        return -1;
    int processes = aj_member(doc, topology, "processes");
    if (processes < 0 || doc->nodes[processes].type != AJ_ARRAY) {
        snprintf(err, err_size, "topology.processes: expected an array");
        return -1;
    }
    if (doc->nodes[processes].child_count > AGENT_MAX_PROCESSES) {
        snprintf(err, err_size, "topology.processes: more than %d processes", AGENT_MAX_PROCESSES);
        return -1;
    }
    int count = 0, acting = -1;
    for (int p = doc->nodes[processes].first_child; p >= 0; p = doc->nodes[p].next, count++) {
        const char *id = string_member(doc, p, "id");
        const char *kind = string_member(doc, p, "kind");
        if (doc->nodes[p].type != AJ_OBJECT || id == NULL || kind == NULL ||
            aj_only_keys(doc, p, process_keys, 4, err, err_size) < 0) {
            snprintf(err, err_size, "topology.processes[%d]: expected an object with id, kind, node, kernel", count);
            return -1;
        }
        if (strcmp(kind, "windows") != 0 && strcmp(kind, "rt") != 0 && strcmp(kind, "driver") != 0) {
            snprintf(err, err_size, "topology.processes[%d].kind: expected \"windows\", \"rt\" or \"driver\"", count);
            return -1;
        }
        snprintf(agent->ids[count], AGENT_ID_MAX, "%s", id);
        snprintf(agent->kinds[count], sizeof agent->kinds[count], "%s", kind);
        if (acting < 0 && strcmp(kind, "windows") == 0)
            acting = count;
    }
    if (acting < 0) {
        snprintf(err, err_size, "the topology has no Windows process for the agent to act as");
        return -1;
    }
    agent->process_count = count;
    agent->acting = acting;
    return 0;
}

/* The request's "process": 0 when it is the process the agent acts as, else -1 with the reason in err. */
static int check_process(const agent_state *agent, const aj_doc *doc, int root, char *err, size_t err_size)
{
    int64_t process;
    if (aj_integer(doc, aj_member(doc, root, "process"), 0, agent->process_count - 1, &process) < 0) {
        snprintf(err, err_size, "process: expected a process index from 0 to %d", agent->process_count - 1);
        return -1;
    }
    if (process != agent->acting) {
        snprintf(err, err_size,
                 "the agent is one real Windows process (topology process %d '%s'); it cannot act as process "
                 "%d '%s' (%s)",
                 agent->acting, agent->ids[agent->acting], (int)process, agent->ids[process], agent->kinds[process]);
        return -1;
    }
    return 0;
}

static void write_outcome_head(aj_writer *w, uint64_t ret, const char *family, uint32_t status)
{
    aj_w_raw(w, "{\"type\":\"result\",\"outcome\":{\"ret\":");
    aj_w_hex64(w, ret);
    aj_w_raw(w, ",\"family\":");
    aj_w_string(w, family, 16);
    aj_w_raw(w, ",\"status\":");
    aj_w_int(w, status);
}

/* Parses args into the agent_arg array: the count, or -1 with err. */
static int read_args(const aj_doc *doc, int array, agent_arg *args, char *err, size_t err_size)
{
    static const char *const keys[] = {"kind", "number", "string"};
    if (array < 0 || doc->nodes[array].type != AJ_ARRAY) {
        snprintf(err, err_size, "args: expected an array");
        return -1;
    }
    if (doc->nodes[array].child_count > AGENT_MAX_ARGS) {
        snprintf(err, err_size, "args: more than %d arguments", AGENT_MAX_ARGS);
        return -1;
    }
    int n = 0;
    for (int a = doc->nodes[array].first_child; a >= 0; a = doc->nodes[a].next, n++) {
        const char *kind = string_member(doc, a, "kind");
        if (doc->nodes[a].type != AJ_OBJECT || kind == NULL || aj_only_keys(doc, a, keys, 3, err, err_size) < 0) {
            snprintf(err, err_size, "args[%d]: expected an object with a kind", n);
            return -1;
        }
        memset(&args[n], 0, sizeof args[n]);
        int number = aj_member(doc, a, "number"), string = aj_member(doc, a, "string");
        if (strcmp(kind, "number") == 0 && string < 0 && aj_hex64(doc, number, &args[n].number) == 0) {
            args[n].kind = AGENT_ARG_NUMBER;
        } else if (strcmp(kind, "string") == 0 && number < 0 && string >= 0 &&
                   doc->nodes[string].type == AJ_STRING) {
            args[n].kind = AGENT_ARG_STRING;
            args[n].string = doc->nodes[string].text;
        } else if ((strcmp(kind, "null") == 0 || strcmp(kind, "out") == 0) && number < 0 && string < 0) {
            args[n].kind = kind[0] == 'n' ? AGENT_ARG_NULL : AGENT_ARG_OUT;
        } else {
            snprintf(err, err_size,
                     "args[%d]: expected {\"kind\":\"number\",\"number\":\"0x…\"}, {\"kind\":\"string\",\"string\":…}, "
                     "{\"kind\":\"null\"} or {\"kind\":\"out\"}",
                     n);
            return -1;
        }
    }
    return n;
}

static void answer_call(agent_state *agent, const aj_doc *doc, int root, char *answer)
{
    static const char *const keys[] = {"type", "process", "api", "function", "args"};
    char err[400];
    if (!agent->world_open) {
        answer_error(answer, "call", "no world is open");
        return;
    }
    if (aj_only_keys(doc, root, keys, 5, err, sizeof err) < 0 || check_process(agent, doc, root, err, sizeof err) < 0) {
        answer_error(answer, "call", err);
        return;
    }
    const char *api = string_member(doc, root, "api"), *name = string_member(doc, root, "function");
    if (api == NULL || name == NULL) {
        answer_error(answer, "call", "api and function: expected strings");
        return;
    }
    const agent_function *fn = NULL;
    for (size_t i = 0; i < agent->vendor->function_count && fn == NULL; i++)
        if (strcmp(agent->vendor->functions[i].family, api) == 0 && strcmp(agent->vendor->functions[i].name, name) == 0)
            fn = &agent->vendor->functions[i];
    if (fn == NULL) {
        snprintf(err, sizeof err, "%.32s %.64s is not served by this agent (its hello does not list it)", api, name);
        answer_error(answer, "call", err);
        return;
    }
    agent_arg args[AGENT_MAX_ARGS];
    int argc = read_args(doc, aj_member(doc, root, "args"), args, err, sizeof err);
    if (argc < 0) {
        answer_error(answer, "call", err);
        return;
    }
    if (argc != fn->argc) {
        snprintf(err, sizeof err, "args: %s takes %d arguments, the request has %d", fn->name, fn->argc, argc);
        answer_error(answer, "call", err);
        return;
    }
    agent_result result;
    memset(&result, 0, sizeof result);
    if (fn->call(args, &result, err, sizeof err) < 0) {
        answer_error(answer, fn->name, err);
        return;
    }
    aj_writer w;
    aj_w_init(&w, answer, AGENT_ANSWER_MAX);
    write_outcome_head(&w, result.ret, fn->status_family, result.status);
    aj_w_raw(&w, ",\"last_error\":");
    if (result.has_last_error)
        aj_w_int(&w, result.last_error);
    else
        aj_w_raw(&w, "null");
    aj_w_raw(&w, ",\"outputs\":[");
    for (int i = 0; i < argc; i++) {
        if (i > 0)
            aj_w_raw(&w, ",");
        if (args[i].kind == AGENT_ARG_OUT && result.outputs[i] != 0)
            aj_w_hex64(&w, result.outputs[i]);
        else
            aj_w_raw(&w, "null");
    }
    aj_w_raw(&w, "],\"fault\":false,\"clause\":null,\"native_error\":null,\"opaque\":[");
    int opaque_written = 0;
    if (result.opaque_ret && result.ret != 0) {
        aj_w_raw(&w, "\"ret\"");
        opaque_written++;
    }
    for (int i = 0; i < argc; i++) {
        if (args[i].kind == AGENT_ARG_OUT && result.outputs[i] != 0 && result.opaque_output[i]) {
            if (opaque_written++ > 0)
                aj_w_raw(&w, ",");
            aj_w_int(&w, i);
        }
    }
    aj_w_raw(&w, "]}}");
}

static const char hex_digits[] = "0123456789abcdef";

static void answer_access(agent_state *agent, const aj_doc *doc, int root, int write, char *answer)
{
    static const char *const read_keys[] = {"type", "process", "address", "length"};
    static const char *const write_keys[] = {"type", "process", "address", "data"};
    const char *what = write ? "write" : "read";
    char err[400];
    if (!agent->world_open) {
        answer_error(answer, what, "no world is open");
        return;
    }
    if (aj_only_keys(doc, root, write ? write_keys : read_keys, 4, err, sizeof err) < 0 ||
        check_process(agent, doc, root, err, sizeof err) < 0) {
        answer_error(answer, what, err);
        return;
    }
    uint64_t address;
    if (aj_hex64(doc, aj_member(doc, root, "address"), &address) < 0) {
        answer_error(answer, what, "address: expected \"0x\" and 1 to 16 hex digits");
        return;
    }
    unsigned char bytes[AGENT_MAX_ACCESS];
    size_t len;
    if (write) {
        const char *data = string_member(doc, root, "data");
        size_t digits = data != NULL ? strlen(data) : 0;
        if (digits < 2 || digits > 2 * AGENT_MAX_ACCESS || digits % 2 != 0) {
            answer_error(answer, what, "data: expected 1 to 4096 bytes as hex digits, 2 per byte");
            return;
        }
        len = digits / 2;
        for (size_t i = 0; i < len; i++) {
            int hi = aj_hex_digit(data[2 * i]), lo = aj_hex_digit(data[2 * i + 1]);
            if (hi < 0 || lo < 0) {
                answer_error(answer, what, "data: expected hex digits");
                return;
            }
            bytes[i] = (unsigned char)(hi * 16 + lo);
        }
    } else {
        int64_t length;
        if (aj_integer(doc, aj_member(doc, root, "length"), 1, AGENT_MAX_ACCESS, &length) < 0) {
            answer_error(answer, what, "length: expected an integer from 1 to 4096");
            return;
        }
        len = (size_t)length;
    }
    int fault = address > UINT64_MAX - len ? 1 : agent->vendor->access(address, bytes, len, write);
    aj_writer w;
    aj_w_init(&w, answer, AGENT_ANSWER_MAX);
    write_outcome_head(&w, 0, "sim", 0);
    aj_w_raw(&w, fault ? ",\"fault\":true}" : ",\"fault\":false}");
    if (!write && !fault) {
        aj_w_raw(&w, ",\"data\":\"");
        char pair[3] = {0, 0, 0};
        for (size_t i = 0; i < len; i++) {
            pair[0] = hex_digits[bytes[i] >> 4];
            pair[1] = hex_digits[bytes[i] & 15];
            aj_w_raw(&w, pair);
        }
        aj_w_raw(&w, "\"");
    }
    aj_w_raw(&w, "}");
}

static void answer_open(agent_state *agent, const aj_doc *doc, int root, char *answer)
{
    static const char *const keys[] = {"type", "seed", "topology"};
    char err[400];
    uint64_t seed;
    if (agent->world_open) {
        answer_error(answer, "open", "a world is already open on this connection");
        return;
    }
    if (aj_only_keys(doc, root, keys, 3, err, sizeof err) < 0) {
        answer_error(answer, "open", err);
        return;
    }
    if (aj_hex64(doc, aj_member(doc, root, "seed"), &seed) < 0) {
        answer_error(answer, "open", "seed: expected \"0x\" and 1 to 16 hex digits");
        return;
    }
    if (read_processes(agent, doc, aj_member(doc, root, "topology"), err, sizeof err) < 0) {
        answer_error(answer, "open", err);
        return;
    }
    if (agent->vendor->open != NULL && agent->vendor->open(err, sizeof err) < 0) {
        answer_error(answer, "open", err);
        return;
    }
    agent->world_open = 1;
    snprintf(answer, AGENT_ANSWER_MAX, "{\"type\":\"result\"}");
}

void agent_handle_line(agent_state *agent, const char *line, size_t len, char *answer)
{
    char err[200];
    aj_doc *doc = agent->doc;
    if (len > AGENT_LINE_MAX) {
        answer_error(answer, "", "a request line over 8 MiB");
        return;
    }
    if (aj_parse(doc, line, len, err, sizeof err) < 0) {
        answer_error(answer, "not a JSON line", err);
        return;
    }
    const char *type = string_member(doc, 0, "type");
    if (doc->nodes[0].type != AJ_OBJECT || type == NULL) {
        answer_error(answer, "", "a request must be a JSON object with a string \"type\"");
        return;
    }
    if (strcmp(type, "hello") == 0) {
        answer_hello(agent, doc, 0, answer);
    } else if (strcmp(type, "open") == 0) {
        answer_open(agent, doc, 0, answer);
    } else if (strcmp(type, "call") == 0) {
        answer_call(agent, doc, 0, answer);
    } else if (strcmp(type, "read") == 0 || strcmp(type, "write") == 0) {
        answer_access(agent, doc, 0, type[0] == 'w', answer);
    } else if (strcmp(type, "event") == 0) {
        answer_error(answer, "event",
                     "the agent runs on a real machine and performs no events (process exit, kernel stop/start, "
                     "link down/up); its hello lists none");
    } else if (strcmp(type, "close") == 0) {
        static const char *const keys[] = {"type"};
        if (aj_only_keys(doc, 0, keys, 1, err, sizeof err) < 0) {
            answer_error(answer, "close", err);
            return;
        }
        if (agent->world_open && agent->vendor->reset != NULL)
            agent->vendor->reset();
        agent->world_open = 0;
        snprintf(answer, AGENT_ANSWER_MAX, "{\"type\":\"result\"}");
    } else {
        char text[120];
        snprintf(text, sizeof text, "unknown request type '%.64s'", type);
        answer_error(answer, "", text);
    }
}
