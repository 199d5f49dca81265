/* conformance/tests/test_parse.c — conf_scenario_parse on in-memory scenarios: defaults, custom
 * topologies, call resolution, arguments, variables, time, expectations, and the error format.
 *
 * Scenario texts are written with single quotes for readability; sq() turns them into JSON (no
 * test text needs a literal single quote). The replacement keeps every byte's position, so the
 * line:column in error messages are those of the text as written here. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/scenario.h"
#include "spec/functions.h"
#include "spec/status.h"
#include "suites.h"

#define TEXT_CAP 8192
#define HEAD "{'format': 'rtshm-scenario/1', 'id': 'parse.test', 'title': 'Parser test', "

static char text_buf[TEXT_CAP];
static char err_buf[2048];

static const char *sq(const char *single_quoted) {
    size_t n = strlen(single_quoted);
    ck_assert_uint_lt(n, TEXT_CAP);
    for (size_t i = 0; i <= n; i++) text_buf[i] = single_quoted[i] == '\'' ? '"' : single_quoted[i];
    return text_buf;
}

/* Parses a scenario that must be valid. */
static conf_scenario *parse_ok(const char *single_quoted) {
    const char *text = sq(single_quoted);
    conf_scenario *sc = (conf_scenario *)1;
    err_buf[0] = '\0';
    int rc = conf_scenario_parse("t.json", text, strlen(text), &sc, err_buf, sizeof err_buf);
    ck_assert_msg(rc == 0, "rejected: %s\ntext: %s", err_buf, text);
    ck_assert_ptr_nonnull(sc);
    return sc;
}

/* Parses a scenario that must be rejected; returns the message (valid until the next call). */
static const char *parse_err(const char *single_quoted) {
    const char *text = sq(single_quoted);
    conf_scenario *sc = (conf_scenario *)1;
    err_buf[0] = '\0';
    int rc = conf_scenario_parse("t.json", text, strlen(text), &sc, err_buf, sizeof err_buf);
    ck_assert_msg(rc == -1, "accepted: %s", text);
    ck_assert_ptr_null(sc);
    ck_assert_msg(err_buf[0] != '\0', "no message");
    return err_buf;
}

static void assert_err_has(const char *single_quoted, const char *needle) {
    const char *msg = parse_err(single_quoted);
    ck_assert_msg(strstr(msg, needle) != NULL, "message\n  %s\nlacks\n  %s", msg, needle);
}

static int var_index(const conf_scenario *sc, const char *name) {
    for (int i = 0; i < sc->var_count; i++)
        if (strcmp(sc->vars[i].name, name) == 0) return i;
    return -1;
}

/* ---- defaults ---- */

START_TEST(test_defaults) {
    static const char text[] = HEAD "'steps': [{'as': 'rt', 'call': 'GetLastError'}]}";
    conf_scenario *sc = parse_ok(text);
    ck_assert_str_eq(sc->path, "t.json");
    ck_assert_str_eq(sc->id, "parse.test");
    ck_assert_str_eq(sc->title, "Parser test");
    /* SHA-256 of the JSON bytes (double quotes), computed independently. */
    ck_assert_str_eq(sc->sha256, "fe28d4c9b26faaf647f0133646263fae5bab94cf5b0b7b10e6820fb3f37a2af3");
    ck_assert_int_eq(sc->clause_count, 0);
    ck_assert_int_eq(sc->tag_count, 0);

    ck_assert_int_eq(sc->node_count, 1);
    ck_assert_str_eq(sc->nodes[0].id, "host");
    ck_assert(sc->nodes[0].windows);
    ck_assert_uint_eq(sc->nodes[0].va_limit_bytes, 128ull << 40);
    ck_assert_uint_eq(sc->nodes[0].page_size, 4096);

    ck_assert_int_eq(sc->kernel_count, 2);
    ck_assert_str_eq(sc->kernels[0].id, "NodeA");
    ck_assert_int_eq(sc->kernels[0].kind, CONF_KERNEL_INTIME);
    ck_assert_int_eq(sc->kernels[0].node, 0);
    ck_assert(sc->kernels[0].shares_memory);
    ck_assert_uint_eq(sc->kernels[0].memory_bytes, 64ull << 20);
    ck_assert_uint_eq(sc->kernels[0].pool_bytes, 16ull << 20);
    ck_assert_str_eq(sc->kernels[1].id, "RTSS");
    ck_assert_int_eq(sc->kernels[1].kind, CONF_KERNEL_RTX64);
    ck_assert_int_eq(sc->kernels[1].node, 0);
    ck_assert(sc->kernels[1].shares_memory);
    ck_assert_uint_eq(sc->kernels[1].pool_bytes, 0);
    ck_assert_int_eq(sc->link_count, 0);

    ck_assert_int_eq(sc->process_count, 4);
    static const char *const ids[] = {"win", "rt", "rtss", "drv"};
    static const conf_process_kind kinds[] = {CONF_PROC_WINDOWS, CONF_PROC_RT, CONF_PROC_RT, CONF_PROC_DRIVER};
    static const int kernels[] = {0, 0, 1, -1};
    for (int i = 0; i < 4; i++) {
        ck_assert_str_eq(sc->processes[i].id, ids[i]);
        ck_assert_int_eq(sc->processes[i].kind, kinds[i]);
        ck_assert_int_eq(sc->processes[i].node, 0);
        ck_assert_int_eq(sc->processes[i].kernel, kernels[i]);
    }

    ck_assert_int_eq(sc->var_count, 0);
    ck_assert_int_eq(sc->step_count, 1);
    const conf_step *st = &sc->steps[0];
    ck_assert_int_eq(st->index, 0);
    ck_assert_int_eq(st->kind, CONF_STEP_CALL);
    ck_assert_int_eq(st->process, 1);
    ck_assert_uint_eq(st->vtime_us, 0);
    ck_assert_ptr_eq(st->fn, spec_function_find(SPEC_API_IWIN32, "GetLastError"));
    ck_assert_int_eq(st->out_return_var, -1);
    ck_assert(!st->expect.present);
    ck_assert_int_eq(st->expect.ret, CONF_RET_UNCHECKED);
    ck_assert_int_eq(st->expect.status_count, 0);
    ck_assert_int_eq(st->expect.last_error_count, 0);
    ck_assert_int_eq(st->expect.fault, -1);
    ck_assert_ptr_null(st->expect.canonical);
    conf_scenario_free(sc);
}
END_TEST

START_TEST(test_clauses_and_tags) {
    conf_scenario *sc = parse_ok(HEAD "'clauses': ['IWIN32.CREATE.OK', 'MEM.SHARED'], 'tags': ['smoke', 'x y'], "
                                      "'steps': [{'as': 'rt', 'call': 'GetLastError'}]}");
    ck_assert_int_eq(sc->clause_count, 2);
    ck_assert_str_eq(sc->clauses[0], "IWIN32.CREATE.OK");
    ck_assert_str_eq(sc->clauses[1], "MEM.SHARED");
    ck_assert_int_eq(sc->tag_count, 2);
    ck_assert_str_eq(sc->tags[0], "smoke");
    ck_assert_str_eq(sc->tags[1], "x y");
    conf_scenario_free(sc);
    assert_err_has(HEAD "'clauses': ['IWIN32.CREATE.OK', 'NOPE.X'], 'steps': [{'as': 'rt', 'call': 'GetLastError'}]}",
                   "clauses[1]: unknown clause 'NOPE.X'");
    assert_err_has(HEAD "'tags': ['a', ''], 'steps': [{'as': 'rt', 'call': 'GetLastError'}]}",
                   "tags[1]: expected a non-empty string of at most 128 characters");
}
END_TEST

/* Default topology with processes of one's own: they replace the default processes. */
START_TEST(test_default_topology_own_processes) {
    conf_scenario *sc = parse_ok(HEAD "'processes': [{'id': 'app', 'kind': 'windows', 'node': 'host'}, "
                                      "{'id': 'r2', 'kind': 'rt', 'kernel': 'RTSS'}, {'id': 'k', 'kind': 'driver', 'node': 'host'}], "
                                      "'steps': [{'as': 'app', 'call': 'iwin32:GetLastError'}]}");
    ck_assert_int_eq(sc->node_count, 1);
    ck_assert_int_eq(sc->kernel_count, 2);
    ck_assert_int_eq(sc->process_count, 3);
    ck_assert_str_eq(sc->processes[0].id, "app");
    ck_assert_int_eq(sc->processes[0].kind, CONF_PROC_WINDOWS);
    ck_assert_int_eq(sc->processes[0].kernel, 0); /* the first intime kernel on its node */
    ck_assert_str_eq(sc->processes[1].id, "r2");
    ck_assert_int_eq(sc->processes[1].kind, CONF_PROC_RT);
    ck_assert_int_eq(sc->processes[1].kernel, 1);
    ck_assert_int_eq(sc->processes[1].node, 0);
    ck_assert_int_eq(sc->processes[2].kind, CONF_PROC_DRIVER);
    ck_assert_int_eq(sc->processes[2].kernel, -1);
    ck_assert_int_eq(sc->steps[0].process, 0);
    conf_scenario_free(sc);
    /* The default processes are gone. */
    assert_err_has(HEAD "'processes': [{'id': 'app', 'kind': 'windows', 'node': 'host'}], "
                        "'steps': [{'as': 'rt', 'call': 'GetLastError'}]}",
                   "steps[0].as: unknown process 'rt'");
}
END_TEST

/* ---- custom topology ---- */

START_TEST(test_custom_topology) {
    conf_scenario *sc = parse_ok(
        HEAD "'topology': {"
        "'nodes': [{'id': 'host', 'va_limit': '16M'}, {'id': 'ctl2', 'windows': false, 'va_limit': '0x1000', 'page_size': 4096},"
        "          {'id': 'far'}],"
        "'kernels': [{'id': 'K1', 'kind': 'intime', 'node': 'host', 'memory': 4096, 'iwin32_pool': '8M'},"
        "            {'id': 'K2', 'kind': 'intime', 'node': 'ctl2'},"
        "            {'id': 'R', 'kind': 'rtx64', 'node': 'host', 'shares_memory': false, 'state': 'running'},"
        "            {'id': 'K4', 'kind': 'intime', 'node': 'host', 'shares_memory': false}],"
        "'links': [{'between': ['host', 'ctl2']}, {'between': ['ctl2', 'far'], 'state': 'down'}]},"
        "'processes': [{'id': 'w', 'kind': 'windows', 'node': 'host', 'kernel': 'K4'},"
        "              {'id': 'w2', 'kind': 'windows', 'node': 'host'},"
        "              {'id': 'r', 'kind': 'rt', 'kernel': 'K2'},"
        "              {'id': 'r2', 'kind': 'rt', 'node': 'host', 'kernel': 'K1'}],"
        "'steps': [{'as': 'r', 'call': 'GetLastError'}]}");
    ck_assert_int_eq(sc->node_count, 3);
    ck_assert_str_eq(sc->nodes[0].id, "host");
    ck_assert(sc->nodes[0].windows);
    ck_assert_uint_eq(sc->nodes[0].va_limit_bytes, 16ull << 20);
    ck_assert_str_eq(sc->nodes[1].id, "ctl2");
    ck_assert(!sc->nodes[1].windows);
    ck_assert_uint_eq(sc->nodes[1].va_limit_bytes, 0x1000);
    ck_assert_uint_eq(sc->nodes[1].page_size, 4096);

    ck_assert_int_eq(sc->kernel_count, 4);
    ck_assert_str_eq(sc->kernels[0].id, "K1");
    ck_assert(sc->kernels[0].shares_memory); /* default on a node with a Windows host */
    ck_assert_uint_eq(sc->kernels[0].memory_bytes, 4096);
    ck_assert_uint_eq(sc->kernels[0].pool_bytes, 8ull << 20);
    ck_assert_int_eq(sc->kernels[1].node, 1);
    ck_assert(!sc->kernels[1].shares_memory); /* default on "windows": false */
    ck_assert_uint_eq(sc->kernels[1].memory_bytes, 64ull << 20);
    ck_assert_uint_eq(sc->kernels[1].pool_bytes, 16ull << 20);
    ck_assert_int_eq(sc->kernels[2].kind, CONF_KERNEL_RTX64);
    ck_assert(!sc->kernels[2].shares_memory);
    ck_assert(!sc->kernels[3].shares_memory); /* explicit false on a windows node */

    ck_assert_int_eq(sc->link_count, 2);
    ck_assert_int_eq(sc->links[0].a, 0);
    ck_assert_int_eq(sc->links[0].b, 1);
    ck_assert(sc->links[0].up);
    ck_assert_int_eq(sc->links[1].a, 1);
    ck_assert_int_eq(sc->links[1].b, 2);
    ck_assert(!sc->links[1].up);

    ck_assert_int_eq(sc->process_count, 4);
    ck_assert_int_eq(sc->processes[0].kernel, 3); /* named */
    ck_assert_int_eq(sc->processes[1].kernel, 0); /* first intime kernel on host */
    ck_assert_int_eq(sc->processes[2].node, 1);   /* an rt process lives on its kernel's node */
    ck_assert_int_eq(sc->processes[2].kernel, 1);
    ck_assert_int_eq(sc->processes[3].node, 0);
    conf_scenario_free(sc);
}
END_TEST

#define TOPO_NODE_KERNEL(node, kernel) \
    HEAD "'topology': {'nodes': [" node "], 'kernels': [" kernel "]}, " \
         "'processes': [{'id': 'r', 'kind': 'rt', 'kernel': 'K'}], 'steps': [{'as': 'r', 'call': 'GetLastError'}]}"

START_TEST(test_sizes) {
    static const struct {
        const char *size;
        uint64_t bytes;
    } ok[] = {{"4096", 4096},           {"'4096'", 4096},        {"'0x1000'", 0x1000},  {"'0X10'", 16},
              {"'3K'", 3072},           {"'16M'", 16ull << 20},  {"'2G'", 2ull << 30}, {"'128T'", 128ull << 40},
              {"0", 0}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        char text[1024];
        snprintf(text, sizeof text, TOPO_NODE_KERNEL("{'id': 'n', 'va_limit': %s}", "{'id': 'K', 'kind': 'intime', 'node': 'n'}"),
                 ok[i].size);
        conf_scenario *sc = parse_ok(text);
        ck_assert_msg(sc->nodes[0].va_limit_bytes == ok[i].bytes, "%s -> %llu", ok[i].size,
                      (unsigned long long)sc->nodes[0].va_limit_bytes);
        conf_scenario_free(sc);
    }
    static const char *const bad[] = {"'16MB'", "'16m'", "'-1'", "-1", "1.5", "'M'", "'0x'", "true", "'0x1G'"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[1024];
        snprintf(text, sizeof text, TOPO_NODE_KERNEL("{'id': 'n', 'va_limit': %s}", "{'id': 'K', 'kind': 'intime', 'node': 'n'}"),
                 bad[i]);
        const char *msg = parse_err(text);
        ck_assert_msg(strstr(msg, "topology.nodes[0].va_limit: expected a") != NULL, "%s: %s", bad[i], msg);
    }
    /* iwin32_pool: multiples of 4 MiB only, and only on intime kernels. */
    assert_err_has(TOPO_NODE_KERNEL("{'id': 'n'}", "{'id': 'K', 'kind': 'intime', 'node': 'n', 'iwin32_pool': '6M'}"),
                   "topology.kernels[0].iwin32_pool: the iwin32 pool is configured in multiples of 4 MiB "
                   "(IWIN32.POOL.SEGSIZE); 6291456 bytes is not one");
    conf_scenario *sc = parse_ok(TOPO_NODE_KERNEL("{'id': 'n'}", "{'id': 'K', 'kind': 'intime', 'node': 'n', 'iwin32_pool': 0}"));
    ck_assert_uint_eq(sc->kernels[0].pool_bytes, 0);
    conf_scenario_free(sc);
}
END_TEST

START_TEST(test_topology_rules) {
    assert_err_has(TOPO_NODE_KERNEL("{'id': 'n', 'windows': false}", "{'id': 'K', 'kind': 'intime', 'node': 'n', 'shares_memory': true}"),
                   "topology.kernels[0].shares_memory: node 'n' runs no Windows host");
    assert_err_has(TOPO_NODE_KERNEL("{'id': 'n'}", "{'id': 'K', 'kind': 'rtx64', 'node': 'n'}, {'id': 'K2', 'kind': 'rtx64', 'node': 'n'}"),
                   "topology.kernels[1].kind: node 'n' already has an rtx64 kernel ('K')");
    assert_err_has(TOPO_NODE_KERNEL("{'id': 'n'}", "{'id': 'K', 'kind': 'intime', 'node': 'm'}"),
                   "topology.kernels[0].node: unknown node 'm'");
    assert_err_has(TOPO_NODE_KERNEL("{'id': 'n'}", "{'id': 'K', 'kind': 'intime', 'node': 'n', 'state': 'stopped'}"),
                   "processes[0].kernel: kernel 'K' starts stopped, so rt process 'r' could never run");
    assert_err_has(TOPO_NODE_KERNEL("{'id': 'n', 'page_size': 8192}", "{'id': 'K', 'kind': 'intime', 'node': 'n'}"),
                   "topology.nodes[0].page_size: only a page size of 4096 is modelled");
    assert_err_has(TOPO_NODE_KERNEL("{'id': 'n'}, {'id': 'n'}", "{'id': 'K', 'kind': 'intime', 'node': 'n'}"),
                   "topology.nodes[1].id: duplicate node id 'n'");
    assert_err_has(TOPO_NODE_KERNEL("{'id': 'n', 'windws': true}", "{'id': 'K', 'kind': 'intime', 'node': 'n'}"),
                   "topology.nodes[0].windws: unknown key 'windws'");
    assert_err_has(HEAD "'topology': {'nodes': [{'id': 'n'}], 'kernels': [{'id': 'K', 'kind': 'intime', 'node': 'n'}],"
                        "'links': [{'between': ['n', 'n']}]}, 'processes': [{'id': 'r', 'kind': 'rt', 'kernel': 'K'}],"
                        "'steps': [{'as': 'r', 'call': 'GetLastError'}]}",
                   "topology.links[0].between: a link joins two different nodes");
    assert_err_has(HEAD "'topology': {'nodes': [{'id': 'n'}], 'kernels': [{'id': 'K', 'kind': 'intime', 'node': 'n'}]},"
                        "'processes': [{'id': 'r', 'kind': 'rt', 'node': 'n'}], 'steps': [{'as': 'r', 'call': 'GetLastError'}]}",
                   "processes[0]: an rt process needs \"kernel\"");
    assert_err_has(HEAD "'topology': {'nodes': [{'id': 'n'}, {'id': 'c', 'windows': false}], "
                        "'kernels': [{'id': 'K', 'kind': 'intime', 'node': 'n'}]},"
                        "'processes': [{'id': 'w', 'kind': 'windows', 'node': 'c'}], 'steps': [{'as': 'w', 'call': 'GetLastError'}]}",
                   "processes[0].node: node 'c' runs no Windows host");
}
END_TEST

/* ---- call resolution ---- */

START_TEST(test_resolution_rt) {
    conf_scenario *sc = parse_ok(HEAD "'steps': ["
                                      "{'as': 'rt', 'call': 'RtCreateSharedMemory', 'args': {'MaximumSizeLow': 4096}},"
                                      "{'as': 'rt', 'call': 'iwin32:RtCreateSharedMemory', 'args': {'MaximumSizeLow': 4096}},"
                                      "{'as': 'rt', 'call': 'CreateEvent'}]}");
    const spec_function *create = spec_function_find(SPEC_API_IWIN32, "RtCreateSharedMemory");
    ck_assert_ptr_nonnull(create);
    ck_assert_ptr_eq(sc->steps[0].fn, create);
    ck_assert_int_eq(sc->steps[0].fn->api, SPEC_API_IWIN32);
    ck_assert_ptr_eq(sc->steps[1].fn, create);
    ck_assert_ptr_eq(sc->steps[2].fn, spec_function_find(SPEC_API_IWIN32, "CreateEvent"));
    conf_scenario_free(sc);
}
END_TEST

START_TEST(test_resolution_windows) {
    const spec_function *iwin32 = spec_function_find(SPEC_API_IWIN32, "RtCreateSharedMemory");
    /* Qualified: always accepted. */
    conf_scenario *sc = parse_ok(HEAD "'steps': [{'as': 'win', 'call': 'iwin32:RtCreateSharedMemory', "
                                      "'args': {'MaximumSizeLow': 4096}}]}");
    ck_assert_ptr_eq(sc->steps[0].fn, iwin32);
    conf_scenario_free(sc);
    /* Unqualified from a windows process on a node with both an intime and an rtx64 kernel: accepted
     * while no other family of the caller defines the name (the code resolves by what spec/ holds);
     * once RTX64's RtCreateSharedMemory joins spec/ it is ambiguous and must be qualified. */
    static const char unqualified[] = HEAD "'steps': [{'as': 'win', 'call': 'RtCreateSharedMemory', "
                                           "'args': {'MaximumSizeLow': 4096}}]}";
    if (spec_function_find(SPEC_API_RTX64, "RtCreateSharedMemory") == NULL &&
        spec_function_find(SPEC_API_NTX, "RtCreateSharedMemory") == NULL) {
        sc = parse_ok(unqualified);
        ck_assert_ptr_eq(sc->steps[0].fn, iwin32);
        conf_scenario_free(sc);
    } else {
        assert_err_has(unqualified, "steps[0].call: 'RtCreateSharedMemory' exists in both the");
    }
}
END_TEST

START_TEST(test_resolution_rejected) {
    assert_err_has(HEAD "'steps': [{'as': 'rtss', 'call': 'CreateEvent'}]}",
                   "steps[0].call: process 'rtss' (an rt process in RTSS (rtx64)) cannot call 'CreateEvent'");
    assert_err_has(HEAD "'steps': [{'as': 'drv', 'call': 'CloseHandle', 'args': {'hObject': 1}}]}",
                   "steps[0].call: process 'drv' (a driver process) cannot call 'CloseHandle'");
    assert_err_has(HEAD "'steps': [{'as': 'win', 'call': 'CreateMutex'}]}",
                   "steps[0].call: process 'win' (a windows process) cannot call 'CreateMutex'");
    assert_err_has(HEAD "'steps': [{'as': 'win', 'call': 'iwin32:CreateEvent'}]}",
                   "steps[0].call: process 'win' (a windows process) cannot call iwin32:CreateEvent");
    assert_err_has(HEAD "'steps': [{'as': 'rt', 'call': 'rtx64:RtCreateSharedMemory', 'args': {'MaximumSizeLow': 1}}]}",
                   "steps[0].call: process 'rt' (an rt process on an intime kernel) cannot call rtx64:RtCreateSharedMemory");
    assert_err_has(HEAD "'steps': [{'as': 'win', 'call': 'GetLastError'}]}",
                   "steps[0].call: 'GetLastError' exists in both the iwin32 and rtx64 families here; qualify it as "
                   "\"iwin32:GetLastError\" or \"rtx64:GetLastError\"");
    assert_err_has(HEAD "'steps': [{'as': 'rt', 'call': 'foo:RtCreateSharedMemory', 'args': {'MaximumSizeLow': 1}}]}",
                   "steps[0].call: unknown API family 'foo' (expected ntx, rt, iwin32, rtx64 or rtk)");
    assert_err_has(HEAD "'steps': [{'as': 'rt', 'call': 'mem:CloseHandle'}]}", "steps[0].call: unknown API family 'mem'");
    assert_err_has(HEAD "'steps': [{'as': 'rt', 'call': 'iwin32:Nope'}]}", "steps[0].call: unknown function 'Nope'");
    assert_err_has(HEAD "'steps': [{'as': 'rt', 'call': 'rtcreatesharedmemory'}]}",
                   "steps[0].call: unknown function 'rtcreatesharedmemory'");
    /* A windows process on a node without an intime kernel has no iwin32x to reach. */
    assert_err_has(HEAD "'topology': {'nodes': [{'id': 'n'}], 'kernels': [{'id': 'R', 'kind': 'rtx64', 'node': 'n'}]},"
                        "'processes': [{'id': 'w', 'kind': 'windows', 'node': 'n'}],"
                        "'steps': [{'as': 'w', 'call': 'iwin32:GetLastError'}]}",
                   "steps[0].call: windows process 'w' has no intime kernel on its node to reach through iwin32x");
}
END_TEST

/* ---- arguments ---- */

START_TEST(test_argument_defaults) {
    conf_scenario *sc = parse_ok(HEAD "'steps': [{'as': 'rt', 'call': 'RtCreateSharedMemory', 'args': {'MaximumSizeLow': 4096}},"
                                      "{'as': 'rt', 'call': 'CreateSemaphore'}, {'as': 'rt', 'call': 'RtOpenSharedMemory'}]}");
    const conf_step *st = &sc->steps[0];
    ck_assert_int_eq(st->fn->param_count, 5);
    ck_assert_int_eq(st->args[0].kind, CONF_ARG_NUMBER); /* flProtect = PAGE_READWRITE */
    ck_assert_uint_eq(st->args[0].number, 4);
    ck_assert_int_eq(st->args[1].kind, CONF_ARG_NUMBER); /* MaximumSizeHigh = 0 */
    ck_assert_uint_eq(st->args[1].number, 0);
    ck_assert_int_eq(st->args[2].kind, CONF_ARG_NUMBER);
    ck_assert_uint_eq(st->args[2].number, 4096);
    ck_assert_int_eq(st->args[3].kind, CONF_ARG_NULL); /* lpName = NULL */
    ck_assert_ptr_null(st->args[3].string);
    ck_assert_int_eq(st->args[4].kind, CONF_ARG_OUT); /* location: a valid pointer */
    for (int i = 0; i < 5; i++) ck_assert_int_eq(st->out_var[i], -1);
    ck_assert_int_eq(st->out_return_var, -1);

    st = &sc->steps[1]; /* CreateSemaphore: attrs NULL, counts 0 and 1, name NULL */
    ck_assert_int_eq(st->args[0].kind, CONF_ARG_NULL);
    ck_assert_int_eq(st->args[1].kind, CONF_ARG_NUMBER);
    ck_assert_uint_eq(st->args[1].number, 0);
    ck_assert_uint_eq(st->args[2].number, 1);
    ck_assert_int_eq(st->args[3].kind, CONF_ARG_NULL);

    st = &sc->steps[2]; /* RtOpenSharedMemory: access 0, inherit FALSE, name NULL, location out */
    ck_assert_int_eq(st->args[0].kind, CONF_ARG_NUMBER);
    ck_assert_uint_eq(st->args[0].number, 0);
    ck_assert_uint_eq(st->args[1].number, 0);
    ck_assert_int_eq(st->args[2].kind, CONF_ARG_NULL);
    ck_assert_int_eq(st->args[3].kind, CONF_ARG_OUT);
    conf_scenario_free(sc);

    assert_err_has(HEAD "'steps': [{'as': 'rt', 'call': 'RtCreateSharedMemory'}]}",
                   "steps[0]: missing required argument 'MaximumSizeLow' of RtCreateSharedMemory (it has no default)");
    assert_err_has(HEAD "'steps': [{'as': 'rt', 'call': 'RtCreateSharedMemory', 'args': {'lpName': 'x'}}]}",
                   "steps[0].args: missing required argument 'MaximumSizeLow' of RtCreateSharedMemory");
    assert_err_has(HEAD "'steps': [{'as': 'rt', 'call': 'GetLastError', 'args': {'x': 1}}]}",
                   "steps[0].args.x: unknown parameter 'x' of GetLastError (expected no arguments)");
}
END_TEST

/* A handle or pointer argument may name a constant: the NTX sentinels, 0xFFFFFFFFFFFFFFFF in the model's 64-bit
 * Windows process (NTX.LOCATION.VALUES), which no number or hex literal reaches (those stop at 2^53 - 1). */
START_TEST(test_handle_argument_constants) {
    conf_scenario *sc = parse_ok(
        HEAD "'steps': ["
        "{'as': 'win', 'call': 'ntxGetRootRtProcess', 'args': {'hLoc': 'NTX_UNDEFINED_LOCATION'}, "
        "  'expect': {'return': 'NTX_BAD_NTXHANDLE', 'status': 'E_PARAM'}},"
        "{'as': 'win', 'call': 'ntxMapRtSharedMemory', 'args': {'hSegment': 'NTX_BAD_NTXHANDLE'}},"
        "{'as': 'win', 'call': 'ntxGetRootRtProcess', 'args': {'hLoc': 'NTX_LOCAL'}}]}");
    ck_assert_int_eq(sc->steps[0].args[0].kind, CONF_ARG_NUMBER);
    ck_assert_uint_eq(sc->steps[0].args[0].number, 0xFFFFFFFFFFFFFFFFull);
    ck_assert_int_eq(sc->steps[0].expect.ret, CONF_RET_NUMBER);
    ck_assert_uint_eq(sc->steps[0].expect.ret_number, 0xFFFFFFFFFFFFFFFFull);
    ck_assert_int_eq(sc->steps[1].args[0].kind, CONF_ARG_NUMBER);
    ck_assert_uint_eq(sc->steps[1].args[0].number, 0xFFFFFFFFFFFFFFFFull);
    ck_assert_int_eq(sc->steps[2].args[0].kind, CONF_ARG_NUMBER);
    ck_assert_uint_eq(sc->steps[2].args[0].number, 0);
    conf_scenario_free(sc);
    assert_err_has(HEAD "'steps': [{'as': 'win', 'call': 'ntxGetRootRtProcess', 'args': {'hLoc': 'NTX_NOWHERE'}}]}",
                   "steps[0].args.hLoc: unknown constant 'NTX_NOWHERE' (null, a number, \"0x...\" hex, a constant "
                   "such as \"NTX_BAD_NTXHANDLE\", or \"$var\")");
    assert_err_has(HEAD "'steps': [{'as': 'win', 'call': 'ntxGetRootRtProcess', 'args': {'hLoc': '0xFFFFFFFFFFFFFFFF'}}]}",
                   "steps[0].args.hLoc: expected an integer from 0 to 9007199254740991");
}
END_TEST

START_TEST(test_argument_forms) {
    conf_scenario *sc = parse_ok(
        HEAD "'steps': ["
        "{'as': 'rt', 'call': 'RtCreateSharedMemory', 'args': {'flProtect': 'PAGE_READONLY|PAGE_READWRITE', "
        "  'MaximumSizeHigh': '0x10', 'MaximumSizeLow': 'PAGE_SIZE', 'lpName': null, 'location': null}},"
        "{'as': 'rt', 'call': 'RtCreateSharedMemory', 'args': {'flProtect': 'PAGE_READONLY | PAGE_READWRITE', "
        "  'MaximumSizeLow': 4294967295, 'lpName': 'Buf'}},"
        "{'as': 'rt', 'call': 'RtOpenSharedMemory', 'args': {'bInheritHandle': true, 'dwDesiredAccess': 'SHM_MAP_ALL_ACCESS'}},"
        "{'as': 'rt', 'call': 'RtOpenSharedMemory', 'args': {'bInheritHandle': 'FALSE'}},"
        "{'as': 'rt', 'call': 'RtOpenSharedMemory', 'args': {'bInheritHandle': 1}},"
        "{'as': 'rt', 'call': 'CreateSemaphore', 'args': {'lInitialCount': -5, 'lMaximumCount': 2147483647}},"
        "{'as': 'rt', 'call': 'CloseHandle', 'args': {'hObject': '0xFFFF'}}]}");
    const conf_step *st = &sc->steps[0];
    ck_assert_uint_eq(st->args[0].number, 6);
    ck_assert_uint_eq(st->args[1].number, 16);
    ck_assert_uint_eq(st->args[2].number, 4096);
    ck_assert_int_eq(st->args[3].kind, CONF_ARG_NULL);
    ck_assert_int_eq(st->args[4].kind, CONF_ARG_OUT_NULL);
    st = &sc->steps[1];
    ck_assert_uint_eq(st->args[0].number, 6);
    ck_assert_uint_eq(st->args[2].number, 0xFFFFFFFFu);
    ck_assert_int_eq(st->args[3].kind, CONF_ARG_STRING);
    ck_assert_str_eq(st->args[3].string, "Buf");
    ck_assert_uint_eq(sc->steps[2].args[0].number, 3);
    ck_assert_uint_eq(sc->steps[2].args[1].number, 1);
    ck_assert_uint_eq(sc->steps[3].args[1].number, 0);
    ck_assert_uint_eq(sc->steps[4].args[1].number, 1);
    ck_assert_uint_eq(sc->steps[5].args[1].number, (uint64_t)(int64_t)-5); /* two's complement */
    ck_assert_uint_eq(sc->steps[5].args[2].number, 2147483647u);
    ck_assert_int_eq(sc->steps[6].args[0].kind, CONF_ARG_NUMBER);
    ck_assert_uint_eq(sc->steps[6].args[0].number, 0xFFFF);
    conf_scenario_free(sc);

    assert_err_has(HEAD "'steps': [{'as': 'rt', 'call': 'RtCreateSharedMemory', 'args': {'MaximumSizeLow': 4294967296}}]}",
                   "steps[0].args.MaximumSizeLow: expected an integer from 0 to 4294967295");
    assert_err_has(HEAD "'steps': [{'as': 'rt', 'call': 'RtCreateSharedMemory', 'args': {'MaximumSizeLow': -1}}]}",
                   "steps[0].args.MaximumSizeLow: expected an integer from 0 to 4294967295");
    assert_err_has(HEAD "'steps': [{'as': 'rt', 'call': 'RtCreateSharedMemory', 'args': {'MaximumSizeLow': 'PAGE_SIZE|NOPE'}}]}",
                   "steps[0].args.MaximumSizeLow: unknown constant 'NOPE'");
    assert_err_has(HEAD "'steps': [{'as': 'rt', 'call': 'RtOpenSharedMemory', 'args': {'bInheritHandle': 2}}]}",
                   "steps[0].args.bInheritHandle: expected true, false, \"TRUE\", \"FALSE\", 0 or 1");
    assert_err_has(HEAD "'steps': [{'as': 'rt', 'call': 'CreateSemaphore', 'args': {'lInitialCount': 2147483648}}]}",
                   "steps[0].args.lInitialCount: expected an integer from -2147483648 to 2147483647");
    assert_err_has(HEAD "'steps': [{'as': 'rt', 'call': 'CreateEvent', 'args': {'lpEventAttributes': 1}}]}",
                   "steps[0].args.lpEventAttributes: only null is modelled for security attributes");
    assert_err_has(HEAD "'steps': [{'as': 'rt', 'call': 'RtOpenSharedMemory', 'args': {'lpName': 7}}]}",
                   "steps[0].args.lpName: expected a string or null");
    assert_err_has(HEAD "'steps': [{'as': 'rt', 'call': 'RtOpenSharedMemory', 'args': {'location': 8}}]}",
                   "steps[0].args.location: 'location' is an output parameter: omit it to pass a valid pointer, or "
                   "give null to pass NULL");
}
END_TEST

START_TEST(test_dollar_escape) {
    conf_scenario *sc = parse_ok(HEAD "'steps': ["
                                      "{'as': 'rt', 'call': 'RtOpenSharedMemory', 'args': {'lpName': '$$x'}},"
                                      "{'as': 'rt', 'call': 'RtOpenSharedMemory', 'args': {'lpName': '$$'}},"
                                      "{'as': 'rt', 'call': 'RtOpenSharedMemory', 'args': {'lpName': '$$$y'}},"
                                      "{'as': 'rt', 'call': 'RtOpenSharedMemory', 'args': {'lpName': 'a$b'}},"
                                      "{'as': 'rt', 'call': 'RtOpenSharedMemory', 'args': {'lpName': ''}}]}");
    ck_assert_int_eq(sc->steps[0].args[2].kind, CONF_ARG_STRING);
    ck_assert_str_eq(sc->steps[0].args[2].string, "$x");
    ck_assert_str_eq(sc->steps[1].args[2].string, "$");
    ck_assert_str_eq(sc->steps[2].args[2].string, "$$y");
    ck_assert_str_eq(sc->steps[3].args[2].string, "a$b");
    ck_assert_int_eq(sc->steps[4].args[2].kind, CONF_ARG_STRING);
    ck_assert_str_eq(sc->steps[4].args[2].string, "");
    ck_assert_int_eq(sc->var_count, 0);
    conf_scenario_free(sc);
}
END_TEST

/* ---- variables ---- */

START_TEST(test_out_variables) {
    conf_scenario *sc = parse_ok(
        HEAD "'steps': ["
        "{'as': 'rt', 'call': 'RtCreateSharedMemory', 'args': {'MaximumSizeLow': 4096}, 'out': {'return': 'h', 'location': 'p'}},"
        "{'as': 'rt', 'call': 'GetLastError', 'out': {'return': 'err'}},"
        "{'as': 'rt', 'call': 'RtUnmapSharedMemory', 'args': {'location': '$p'}, 'out': {'return': 'ok'}},"
        "{'as': 'rt', 'call': 'CloseHandle', 'args': {'hObject': '$h'}},"
        "{'as': 'rt', 'call': 'RtOpenSharedMemory', 'args': {'lpName': 'x'}, 'out': {'return': 'h', 'location': 'p'}},"
        "{'as': 'rt', 'call': 'SetLastError', 'args': {'dwErrCode': '$err'}},"
        "{'as': 'rt', 'read': {'ptr': '$p', 'length': 1}}]}");
    ck_assert_int_eq(sc->var_count, 4);
    int h = var_index(sc, "h"), p = var_index(sc, "p"), err = var_index(sc, "err"), ok = var_index(sc, "ok");
    ck_assert_int_eq(h, 0); /* bound in object order: return, then location */
    ck_assert_int_eq(p, 1);
    ck_assert_int_eq(err, 2);
    ck_assert_int_eq(ok, 3);
    ck_assert_int_eq(sc->vars[h].type, CONF_VAR_HANDLE);
    ck_assert_int_eq(sc->vars[p].type, CONF_VAR_PTR);
    ck_assert_int_eq(sc->vars[err].type, CONF_VAR_NUMBER);
    ck_assert_int_eq(sc->vars[ok].type, CONF_VAR_BOOL);
    ck_assert_int_eq(sc->steps[0].out_return_var, h);
    ck_assert_int_eq(sc->steps[0].out_var[4], p);
    ck_assert_int_eq(sc->steps[0].out_var[3], -1);
    ck_assert_int_eq(sc->steps[2].args[0].kind, CONF_ARG_VAR);
    ck_assert_int_eq(sc->steps[2].args[0].var, p);
    ck_assert_int_eq(sc->steps[3].args[0].kind, CONF_ARG_VAR);
    ck_assert_int_eq(sc->steps[3].args[0].var, h);
    /* Rebinding a name with the same type keeps its index. */
    ck_assert_int_eq(sc->steps[4].out_return_var, h);
    ck_assert_int_eq(sc->steps[4].out_var[3], p);
    ck_assert_int_eq(sc->steps[5].args[0].var, err);
    ck_assert_int_eq(sc->steps[6].kind, CONF_STEP_READ);
    ck_assert_int_eq(sc->steps[6].ptr.kind, CONF_ARG_VAR);
    ck_assert_int_eq(sc->steps[6].ptr.var, p);
    ck_assert_uint_eq(sc->steps[6].length, 1);
    ck_assert_uint_eq(sc->steps[6].offset, 0);
    conf_scenario_free(sc);

    /* A step may read a variable and rebind it. */
    sc = parse_ok(HEAD "'steps': [{'as': 'rt', 'call': 'CreateEvent', 'out': {'return': 'h'}},"
                       "{'as': 'rt', 'call': 'CloseHandle', 'args': {'hObject': '$h'}, 'out': {'return': 'b'}},"
                       "{'as': 'rt', 'call': 'CreateMutex', 'out': {'return': 'h'}, 'expect': {'return': '!$h'}}]}");
    ck_assert_int_eq(sc->steps[2].expect.ret, CONF_RET_VAR_NE);
    ck_assert_int_eq(sc->steps[2].expect.ret_var, 0);
    ck_assert_int_eq(sc->steps[2].out_return_var, 0);
    conf_scenario_free(sc);
}
END_TEST

START_TEST(test_variable_errors) {
    assert_err_has(HEAD "'steps': [{'as': 'rt', 'call': 'CloseHandle', 'args': {'hObject': '$nope'}}]}",
                   "steps[0].args.hObject: variable 'nope' is not bound by an earlier step's \"out\"");
    assert_err_has(HEAD "'steps': [{'as': 'rt', 'call': 'CreateEvent', 'out': {'return': 'h'}},"
                        "{'as': 'rt', 'call': 'RtCreateSharedMemory', 'args': {'MaximumSizeLow': 1}, 'out': {'location': 'h'}}]}",
                   "steps[1].out.location: variable 'h' already holds a handle; it cannot be rebound to a pointer");
    assert_err_has(HEAD "'steps': [{'as': 'rt', 'call': 'CreateEvent', 'out': {'return': '$h'}}]}",
                   "steps[0].out.return: variable name '$h' must match [A-Za-z_][A-Za-z0-9_]*");
    assert_err_has(HEAD "'steps': [{'as': 'rt', 'call': 'CreateEvent', 'out': {'lpName': 'n'}}]}",
                   "steps[0].out.lpName: 'lpName' is not an output of CreateEvent");
    assert_err_has(HEAD "'steps': [{'as': 'rt', 'call': 'SetLastError', 'args': {'dwErrCode': 1}, 'out': {'return': 'x'}}]}",
                   "steps[0].out.return: SetLastError returns nothing");
    assert_err_has(HEAD "'steps': [{'as': 'rt', 'call': 'RtCreateSharedMemory', 'args': {'MaximumSizeLow': 1, 'location': null}, "
                        "'out': {'location': 'p'}}]}",
                   "steps[0].out.location: 'location' is passed as NULL, so there is nothing to bind");
    assert_err_has(HEAD "'steps': [{'as': 'rt', 'call': 'CreateEvent', 'out': {'return': 'h'}},"
                        "{'as': 'rt', 'read': {'ptr': '$h', 'length': 1}}]}",
                   "steps[1].read.ptr: variable 'h' does not hold a pointer");
    /* An expectation sees the variables before the step binds any. */
    assert_err_has(HEAD "'steps': [{'as': 'rt', 'call': 'CreateEvent', 'out': {'return': 'h'}, 'expect': {'return': '$h'}}]}",
                   "steps[0].expect.return: variable 'h' is not bound");
}
END_TEST

/* ---- time ---- */

START_TEST(test_at_inheritance) {
    conf_scenario *sc = parse_ok(HEAD "'steps': ["
                                      "{'as': 'rt', 'call': 'GetLastError'},"
                                      "{'at': 100, 'as': 'rt', 'call': 'GetLastError'},"
                                      "{'as': 'win', 'call': 'iwin32:GetLastError'},"
                                      "{'at': 100, 'event': 'process.exit', 'process': 'drv'},"
                                      "{'at': 250, 'as': 'rt', 'call': 'GetLastError'},"
                                      "{'as': 'rt', 'call': 'GetLastError'},"
                                      "{'at': 9007199254740992, 'as': 'rt', 'call': 'GetLastError'}]}");
    static const uint64_t expected[] = {0, 100, 100, 100, 250, 250, 9007199254740992ull};
    ck_assert_int_eq(sc->step_count, 7);
    for (int i = 0; i < 7; i++) {
        ck_assert_int_eq(sc->steps[i].index, i);
        ck_assert_uint_eq(sc->steps[i].vtime_us, expected[i]);
    }
    ck_assert_int_eq(sc->steps[3].kind, CONF_STEP_EVENT);
    ck_assert_int_eq(sc->steps[3].event, CONF_EVENT_PROCESS_EXIT);
    ck_assert_int_eq(sc->steps[3].process, 3);
    ck_assert_int_eq(sc->steps[2].process, 0);
    conf_scenario_free(sc);
    assert_err_has(HEAD "'steps': [{'at': 5, 'as': 'rt', 'call': 'GetLastError'}, {'at': 4, 'as': 'rt', 'call': 'GetLastError'}]}",
                   "steps[1].at: \"at\" 4 goes back before an earlier step's time 5");
    assert_err_has(HEAD "'steps': [{'at': 1.5, 'as': 'rt', 'call': 'GetLastError'}]}", "steps[0].at: expected an integer");
    assert_err_has(HEAD "'steps': [{'at': 9007199254740994, 'as': 'rt', 'call': 'GetLastError'}]}",
                   "steps[0].at: expected an integer from 0 to 9007199254740992");
}
END_TEST

/* ---- expectations ---- */

START_TEST(test_expect_call) {
    conf_scenario *sc = parse_ok(
        HEAD "'steps': ["
        "{'as': 'rt', 'call': 'RtCreateSharedMemory', 'args': {'MaximumSizeLow': 1}, 'out': {'return': 'h'},"
        "  'expect': {'return': 'non-null', 'status': ['ERROR_SUCCESS', 'ERROR_ALREADY_EXISTS'], 'last_error': 'ERROR_SUCCESS'}},"
        "{'as': 'rt', 'call': 'RtOpenSharedMemory', 'expect': {'return': 'null', 'status': 'ERROR_INVALID_PARAMETER'}},"
        "{'as': 'rt', 'call': 'RtOpenSharedMemory', 'expect': {'return': null}},"
        "{'as': 'rt', 'call': 'RtOpenSharedMemory', 'expect': {'return': '$h'}},"
        "{'as': 'rt', 'call': 'RtOpenSharedMemory', 'expect': {'return': '!$h'}},"
        "{'as': 'rt', 'call': 'RtOpenSharedMemory', 'expect': {'return': '0x2a'}},"
        "{'as': 'rt', 'call': 'GetLastError', 'expect': {'return': 'ERROR_ALREADY_EXISTS'}},"
        "{'as': 'rt', 'call': 'GetLastError', 'expect': {'return': 87}},"
        "{'as': 'rt', 'call': 'GetLastError', 'expect': {'return': '0xb7'}},"
        "{'as': 'rt', 'call': 'GetLastError', 'expect': {'return': 'MAX_PATH'}},"
        "{'as': 'rt', 'call': 'CloseHandle', 'args': {'hObject': '$h'}, 'expect': {'return': 'true'}},"
        "{'as': 'rt', 'call': 'CloseHandle', 'args': {'hObject': '$h'}, 'expect': {'return': false}},"
        "{'as': 'rt', 'call': 'CloseHandle', 'args': {'hObject': '$h'}, 'expect': {'return': 'FALSE', 'last_error': ['ERROR_INVALID_HANDLE']}},"
        "{'as': 'rt', 'call': 'CloseHandle', 'args': {'hObject': '$h'}, 'expect': {}}]}");
    int h = var_index(sc, "h");
    const conf_expect *e = &sc->steps[0].expect;
    ck_assert(e->present);
    ck_assert_int_eq(e->ret, CONF_RET_NON_NULL);
    ck_assert_int_eq(e->status_count, 2);
    ck_assert_str_eq(e->status[0], "ERROR_SUCCESS");
    ck_assert_str_eq(e->status[1], "ERROR_ALREADY_EXISTS");
    ck_assert_int_eq(e->last_error_count, 1);
    ck_assert_str_eq(e->last_error[0], "ERROR_SUCCESS");
    ck_assert_int_eq(e->fault, -1);
    ck_assert_ptr_null(e->data);
    e = &sc->steps[1].expect;
    ck_assert_int_eq(e->ret, CONF_RET_NULL);
    ck_assert_int_eq(e->status_count, 1);
    ck_assert_str_eq(e->status[0], "ERROR_INVALID_PARAMETER");
    ck_assert_int_eq(e->last_error_count, 0);
    ck_assert_int_eq(sc->steps[2].expect.ret, CONF_RET_NULL);
    ck_assert_int_eq(sc->steps[3].expect.ret, CONF_RET_VAR_EQ);
    ck_assert_int_eq(sc->steps[3].expect.ret_var, h);
    ck_assert_int_eq(sc->steps[4].expect.ret, CONF_RET_VAR_NE);
    ck_assert_int_eq(sc->steps[4].expect.ret_var, h);
    ck_assert_int_eq(sc->steps[5].expect.ret, CONF_RET_NUMBER);
    ck_assert_uint_eq(sc->steps[5].expect.ret_number, 42);
    ck_assert_int_eq(sc->steps[6].expect.ret, CONF_RET_NUMBER);
    ck_assert_uint_eq(sc->steps[6].expect.ret_number, 183);
    ck_assert_uint_eq(sc->steps[7].expect.ret_number, 87);
    ck_assert_uint_eq(sc->steps[8].expect.ret_number, 183);
    ck_assert_uint_eq(sc->steps[9].expect.ret_number, 260);
    ck_assert_int_eq(sc->steps[10].expect.ret, CONF_RET_TRUE);
    ck_assert_int_eq(sc->steps[11].expect.ret, CONF_RET_FALSE);
    ck_assert_int_eq(sc->steps[12].expect.ret, CONF_RET_FALSE);
    ck_assert_str_eq(sc->steps[12].expect.last_error[0], "ERROR_INVALID_HANDLE");
    /* An empty expect is present and checks nothing. */
    e = &sc->steps[13].expect;
    ck_assert(e->present);
    ck_assert_int_eq(e->ret, CONF_RET_UNCHECKED);
    ck_assert_int_eq(e->status_count, 0);
    ck_assert_str_eq(e->canonical, "{}");
    conf_scenario_free(sc);

    assert_err_has(HEAD "'steps': [{'as': 'rt', 'call': 'GetLastError', 'expect': {'return': 'NOPE'}}]}",
                   "steps[0].expect.return: expected a number, a status or constant name, \"$var\" or \"!$var\"; 'NOPE' is none");
    assert_err_has(HEAD "'steps': [{'as': 'rt', 'call': 'CloseHandle', 'args': {'hObject': 1}, 'expect': {'return': 'non-null'}}]}",
                   "steps[0].expect.return: expected \"true\" or \"false\"");
    assert_err_has(HEAD "'steps': [{'as': 'rt', 'call': 'CreateEvent', 'expect': {'return': 'yes'}}]}",
                   "steps[0].expect.return: expected \"null\", \"non-null\", a number, a constant such as "
                   "\"NTX_BAD_NTXHANDLE\", \"$var\" or \"!$var\"");
    assert_err_has(HEAD "'steps': [{'as': 'rt', 'call': 'SetLastError', 'args': {'dwErrCode': 1}, 'expect': {'return': 0}}]}",
                   "steps[0].expect.return: this function returns nothing");
    assert_err_has(HEAD "'steps': [{'as': 'rt', 'call': 'CreateEvent', 'expect': {'status': []}}]}",
                   "steps[0].expect.status: expected a status name or a list of 1 to 8 names");
    assert_err_has(HEAD "'steps': [{'as': 'rt', 'call': 'CreateEvent', 'expect': {'status': ['ERROR_SUCCESS', 5]}}]}",
                   "steps[0].expect.status[1]: expected a status name such as \"ERROR_SUCCESS\"");
    assert_err_has(HEAD "'steps': [{'as': 'rt', 'call': 'CreateEvent', 'expect': {'last_error': 'STATUS_SUCCESS'}}]}",
                   "steps[0].expect.last_error: 'STATUS_SUCCESS' is a");
    assert_err_has(HEAD "'steps': [{'as': 'rt', 'call': 'CreateEvent', 'expect': {'fault': 'none'}}]}",
                   "steps[0].expect.fault: unknown key 'fault' (expected one of: return, status, last_error)");
}
END_TEST

START_TEST(test_expect_memory) {
    conf_scenario *sc = parse_ok(
        HEAD "'steps': ["
        "{'as': 'rt', 'call': 'RtCreateSharedMemory', 'args': {'MaximumSizeLow': 4096}, 'out': {'location': 'p'}},"
        "{'as': 'rt', 'write': {'ptr': '$p', 'offset': 8, 'hex': 'CAFEbabe'}, 'expect': {'fault': 'none'}},"
        "{'as': 'rt', 'read': {'ptr': '$p', 'offset': '0x8', 'length': 4}, 'expect': {'data': 'cafebabe', 'fault': 'none'}},"
        "{'as': 'rt', 'read': {'ptr': 4096, 'length': 2}, 'expect': {'fault': 'ACCESS_VIOLATION'}},"
        "{'as': 'rt', 'write': {'ptr': '0x1000', 'hex': '00'}}]}");
    const conf_step *w = &sc->steps[1], *r = &sc->steps[2], *r2 = &sc->steps[3], *w2 = &sc->steps[4];
    ck_assert_int_eq(w->kind, CONF_STEP_WRITE);
    ck_assert_uint_eq(w->offset, 8);
    ck_assert_uint_eq(w->length, 4);
    ck_assert_int_eq(memcmp(w->data, "\xca\xfe\xba\xbe", 4), 0); /* write hex may use upper case */
    ck_assert_int_eq(w->expect.fault, 0);
    ck_assert_int_eq(r->kind, CONF_STEP_READ);
    ck_assert_uint_eq(r->offset, 8);
    ck_assert_uint_eq(r->length, 4);
    ck_assert_ptr_null(r->data);
    ck_assert_uint_eq(r->expect.data_len, 4);
    ck_assert_int_eq(memcmp(r->expect.data, "\xca\xfe\xba\xbe", 4), 0);
    ck_assert_int_eq(r->expect.fault, 0);
    ck_assert_int_eq(r2->ptr.kind, CONF_ARG_NUMBER);
    ck_assert_uint_eq(r2->ptr.number, 4096);
    ck_assert_int_eq(r2->expect.fault, 1);
    ck_assert_ptr_null(r2->expect.data);
    ck_assert_uint_eq(w2->ptr.number, 0x1000);
    ck_assert_uint_eq(w2->length, 1);
    ck_assert_uint_eq(w2->data[0], 0);
    ck_assert(!w2->expect.present);
    ck_assert_int_eq(w2->expect.fault, -1);
    conf_scenario_free(sc);

    static const char prefix[] = HEAD "'steps': [{'as': 'rt', 'call': 'RtCreateSharedMemory', 'args': {'MaximumSizeLow': 1}, "
                                      "'out': {'location': 'p'}}, ";
    char text[1024];
    snprintf(text, sizeof text, "%s{'as': 'rt', 'read': {'ptr': '$p', 'length': 2}, 'expect': {'data': 'CAFE'}}]}", prefix);
    assert_err_has(text, "steps[1].expect.data: expected lower-case hex digits, found 'C' at character 1");
    snprintf(text, sizeof text, "%s{'as': 'rt', 'read': {'ptr': '$p', 'length': 2}, 'expect': {'data': 'abc'}}]}", prefix);
    assert_err_has(text, "steps[1].expect.data: expected a non-empty, even number of hex digits");
    snprintf(text, sizeof text, "%s{'as': 'rt', 'read': {'ptr': '$p', 'length': 2}, 'expect': {'data': 'aabbcc'}}]}", prefix);
    assert_err_has(text, "steps[1].expect.data: expected 2 bytes (the read's length), found 3");
    snprintf(text, sizeof text, "%s{'as': 'rt', 'read': {'ptr': '$p', 'length': 2}, "
                                "'expect': {'fault': 'ACCESS_VIOLATION', 'data': 'aabb'}}]}", prefix);
    assert_err_has(text, "steps[1].expect.data: a read that faults returns no data");
    snprintf(text, sizeof text, "%s{'as': 'rt', 'read': {'ptr': '$p', 'length': 0}}]}", prefix);
    assert_err_has(text, "steps[1].read.length: expected a length from 1 to 4096");
    snprintf(text, sizeof text, "%s{'as': 'rt', 'read': {'ptr': '$p'}}]}", prefix);
    assert_err_has(text, "steps[1].read: missing required key 'length'");
    snprintf(text, sizeof text, "%s{'as': 'rt', 'write': {'ptr': '$p', 'hex': 'zz'}}]}", prefix);
    assert_err_has(text, "steps[1].write.hex: expected hex digits, found 'z' at character 1");
    snprintf(text, sizeof text, "%s{'as': 'rt', 'write': {'ptr': '$p', 'hex': '00'}, 'expect': {'data': '00'}}]}", prefix);
    assert_err_has(text, "steps[1].expect.data: unknown key 'data' (expected one of: fault)");
    snprintf(text, sizeof text, "%s{'as': 'rt', 'write': {'ptr': '$p', 'hex': '00'}, 'expect': {'fault': 'SEGV'}}]}", prefix);
    assert_err_has(text, "steps[1].expect.fault: expected \"none\" or \"ACCESS_VIOLATION\"");
    snprintf(text, sizeof text, "%s{'as': 'rt', 'call': 'GetLastError', 'read': {'ptr': '$p', 'length': 1}}]}", prefix);
    assert_err_has(text, "steps[1]: a step has exactly one of \"call\", \"read\", \"write\" or \"event\"");
}
END_TEST

START_TEST(test_events) {
    assert_err_has(HEAD "'steps': [{'event': 'process.exit', 'process': 'rt'}, {'event': 'process.exit', 'process': 'rt'}]}",
                   "steps[1].process: process 'rt' has already exited");
    assert_err_has(HEAD "'steps': [{'event': 'process.exit', 'process': 'rt'}, {'as': 'rt', 'call': 'GetLastError'}]}",
                   "steps[1].as: process 'rt' has exited (SIM.PROCESS.EXIT) and makes no more steps");
    assert_err_has(HEAD "'steps': [{'event': 'process.exit', 'process': 'zz'}]}", "steps[0].process: unknown process 'zz'");
    assert_err_has(HEAD "'steps': [{'as': 'rt', 'event': 'process.exit', 'process': 'rt'}]}", "steps[0].as: events have no \"as\"");
    assert_err_has(HEAD "'steps': [{'event': 'link.down', 'between': ['host', 'host']}]}",
                   "steps[0].between: no link joins 'host' and 'host' in the topology");
    assert_err_has(HEAD "'steps': [{'event': 'process.exit', 'process': 'rt', 'kernel': 'NodeA'}]}",
                   "steps[0]: process.exit takes only \"process\"");
    /* Other processes go on after one exits. */
    conf_scenario *sc = parse_ok(HEAD "'steps': [{'event': 'process.exit', 'process': 'rt'}, {'as': 'win', 'call': 'iwin32:GetLastError'}]}");
    ck_assert_int_eq(sc->steps[0].kind, CONF_STEP_EVENT);
    ck_assert_int_eq(sc->steps[0].process, 1);
    ck_assert_ptr_null(sc->steps[0].fn);
    ck_assert(!sc->steps[0].expect.present);
    ck_assert_int_eq(sc->steps[1].process, 0);
    conf_scenario_free(sc);
}
END_TEST

/* The canonical JSON of an expect object: compact, keys sorted bytewise, as written otherwise. */
START_TEST(test_canonical_expect) {
    conf_scenario *sc = parse_ok(
        HEAD "'steps': [{'as': 'rt', 'call': 'RtCreateSharedMemory', 'args': {'MaximumSizeLow': 1},"
        "  'expect': {'status': [ 'ERROR_SUCCESS' , 'ERROR_ALREADY_EXISTS' ], 'return': 'non-null', 'last_error': 'ERROR_SUCCESS'}},"
        "{'as': 'rt', 'call': 'GetLastError', 'expect': {'return': 183.0}},"
        "{'as': 'rt', 'call': 'GetLastError', 'expect': {'return': 'ERROR_ALREADY_EXISTS'}}]}");
    ck_assert_str_eq(sc->steps[0].expect.canonical,
                     "{\"last_error\":\"ERROR_SUCCESS\",\"return\":\"non-null\",\"status\":[\"ERROR_SUCCESS\","
                     "\"ERROR_ALREADY_EXISTS\"]}");
    ck_assert_str_eq(sc->steps[1].expect.canonical, "{\"return\":183}");
    /* The expectation as written, not as resolved. */
    ck_assert_str_eq(sc->steps[2].expect.canonical, "{\"return\":\"ERROR_ALREADY_EXISTS\"}");
    ck_assert_uint_eq(sc->steps[2].expect.ret_number, 183);
    conf_scenario_free(sc);
}
END_TEST

/* ---- top level and the error format ---- */

START_TEST(test_error_format) {
    /* "file:line:col: json.path: message", the position being that of the offending value. */
    const char *msg = parse_err("{\n"
                                "  'format': 'rtshm-scenario/1', 'id': 'a.b', 'title': 'T',\n"
                                "  'steps': [\n"
                                "    {'as': 'rt', 'call': 'RtOpenSharedMemory',\n"
                                "     'args': {'lpName': 5}}\n"
                                "  ]\n"
                                "}\n");
    ck_assert_str_eq(msg, "t.json:5:25: steps[0].args.lpName: expected a string or null");
    /* The first error wins; top-level keys are checked before any value, so the misspelt key is
     * reported although the id is bad too. An unknown key is located at its value. */
    msg = parse_err("{'format': 'rtshm-scenario/1', 'id': 'A', 'title': 'T', 'stpes': []}");
    ck_assert_str_eq(msg, "t.json:1:66: stpes: unknown key 'stpes' (expected one of: format, id, title, clauses, tags, "
                          "topology, processes, steps, $schema)");
    msg = parse_err("{'format': 'rtshm-scenario/1', 'id': 'A', 'title': 'T', 'steps': []}");
    ck_assert_str_eq(msg, "t.json:1:38: id: expected an id matching [a-z0-9][a-z0-9._-]* of at most 128 characters, "
                          "found \"A\"");
    /* Syntax errors: line:column where the parser stopped. */
    msg = parse_err("{\n  'format': 'rtshm-scenario/1',\n  'id' 'a'\n}");
    ck_assert_str_eq(msg, "t.json:3:8: not valid JSON (syntax error near here)");
    msg = parse_err("{}\n  x");
    ck_assert_str_eq(msg, "t.json:2:3: not valid JSON (unexpected text after the top-level value)");
    msg = parse_err("{'a': 1, 'b': {'c': 2, 'c': 3}}");
    ck_assert_str_eq(msg, "t.json:1:24: b.c: duplicate key");
    msg = parse_err("  42");
    ck_assert_str_eq(msg, "t.json:1:3: (root): expected a JSON object with \"format\": \"rtshm-scenario/1\"");
    msg = parse_err("");
    ck_assert_str_eq(msg, "t.json:1:1: not valid JSON (syntax error near here)");
    msg = parse_err("{'format': 'rtshm-scenario/1', 'id': 'a', 'title': 'T'}");
    ck_assert_str_eq(msg, "t.json:1:1: (root): missing required key 'steps'");
    msg = parse_err("{'format': 'rtshm-scenario/1', 'id': 'a', 'title': 'two\\nlines', 'steps': []}");
    ck_assert_str_eq(msg, "t.json:1:52: title: expected one non-empty line");
    msg = parse_err("{'format': 1}");
    ck_assert_str_eq(msg, "t.json:1:12: format: expected a string");
}
END_TEST

START_TEST(test_id_rules) {
    static const char *const good[] = {"a", "0", "a.b_c-d", "9z"};
    static const char *const bad[] = {"", "A", ".a", "-a", "a b", "a/b", "é"};
    char text[512];
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        snprintf(text, sizeof text, "{'format': 'rtshm-scenario/1', 'id': '%s', 'title': 'T', 'steps': [{'as': 'rt', 'call': 'GetLastError'}]}", good[i]);
        conf_scenario *sc = parse_ok(text);
        ck_assert_str_eq(sc->id, good[i]);
        conf_scenario_free(sc);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(text, sizeof text, "{'format': 'rtshm-scenario/1', 'id': '%s', 'title': 'T', 'steps': [{'as': 'rt', 'call': 'GetLastError'}]}", bad[i]);
        assert_err_has(text, "id: expected an id matching");
    }
    char id[140];
    memset(id, 'a', 128);
    id[128] = '\0';
    snprintf(text, sizeof text, "{'format': 'rtshm-scenario/1', 'id': '%s', 'title': 'T', 'steps': [{'as': 'rt', 'call': 'GetLastError'}]}", id);
    conf_scenario *sc = parse_ok(text);
    ck_assert_uint_eq(strlen(sc->id), 128);
    conf_scenario_free(sc);
    id[128] = 'a';
    id[129] = '\0';
    snprintf(text, sizeof text, "{'format': 'rtshm-scenario/1', 'id': '%s', 'title': 'T', 'steps': [{'as': 'rt', 'call': 'GetLastError'}]}", id);
    assert_err_has(text, "id: expected an id matching [a-z0-9][a-z0-9._-]* of at most 128 characters");
}
END_TEST

START_TEST(test_load_from_file) {
    char err[512];
    conf_scenario *sc = (conf_scenario *)1;
    ck_assert_int_eq(conf_scenario_load("/nonexistent/rtshm/x.json", &sc, err, sizeof err), -1);
    ck_assert_ptr_null(sc);
    ck_assert_str_eq(err, "/nonexistent/rtshm/x.json: cannot open: No such file or directory");
}
END_TEST

Suite *parse_suite(void) {
    Suite *s = suite_create("parse");
    TCase *tc = tcase_create("topology");
    tcase_add_test(tc, test_defaults);
    tcase_add_test(tc, test_clauses_and_tags);
    tcase_add_test(tc, test_default_topology_own_processes);
    tcase_add_test(tc, test_custom_topology);
    tcase_add_test(tc, test_sizes);
    tcase_add_test(tc, test_topology_rules);
    suite_add_tcase(s, tc);
    tc = tcase_create("calls");
    tcase_add_test(tc, test_resolution_rt);
    tcase_add_test(tc, test_resolution_windows);
    tcase_add_test(tc, test_resolution_rejected);
    tcase_add_test(tc, test_argument_defaults);
    tcase_add_test(tc, test_argument_forms);
    tcase_add_test(tc, test_handle_argument_constants);
    tcase_add_test(tc, test_dollar_escape);
    suite_add_tcase(s, tc);
    tc = tcase_create("steps");
    tcase_add_test(tc, test_out_variables);
    tcase_add_test(tc, test_variable_errors);
    tcase_add_test(tc, test_at_inheritance);
    tcase_add_test(tc, test_expect_call);
    tcase_add_test(tc, test_expect_memory);
    tcase_add_test(tc, test_events);
    tcase_add_test(tc, test_canonical_expect);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_test(tc, test_error_format);
    tcase_add_test(tc, test_id_rules);
    tcase_add_test(tc, test_load_from_file);
    suite_add_tcase(s, tc);
    return s;
}
