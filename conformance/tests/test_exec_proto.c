/* conformance/tests/test_exec_proto.c — the backend line protocol's encoding (src/exec_proto.c): the framing's
 * bounds, 64-bit values, and every message written by one side read back identical by the other. */
#define _GNU_SOURCE
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "exec_proto.h"
#include "suites.h"

/* A reader over a pipe holding text (written whole, then closed). */
static exec_reader reader_of(const char *text, size_t len, size_t limit) {
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    ck_assert_int_eq(fcntl(fds[1], F_SETPIPE_SZ, 1 << 20) > 0, 1);
    ck_assert_int_eq(write(fds[1], text, len), (ssize_t)len);
    close(fds[1]);
    return (exec_reader){.fd = fds[0], .limit = limit};
}

START_TEST(lines_are_bounded_and_terminated) {
    char why[256];
    char *line;
    size_t len;
    exec_reader r = reader_of("{\"a\":1}\n\nrest", 13, 64);
    ck_assert_int_eq(exec_read_line(&r, &line, &len, why, sizeof why), 1);
    ck_assert_str_eq(line, "{\"a\":1}");
    ck_assert_int_eq(exec_read_line(&r, &line, &len, why, sizeof why), 1);
    ck_assert_int_eq(len, 0);
    ck_assert_int_eq(exec_read_line(&r, &line, &len, why, sizeof why), -1);
    ck_assert_str_eq(why, "the output ended within line 3 (no newline after 4 bytes)");
    close(r.fd);
    exec_reader_free(&r);

    static char big[300000];
    memset(big, 'a', sizeof big);
    r = reader_of(big, sizeof big, 200000);
    ck_assert_int_eq(exec_read_line(&r, &line, &len, why, sizeof why), -1);
    ck_assert_str_eq(why, "line 1 is longer than 200000 bytes (the protocol's bound)");
    ck_assert_uint_le(r.cap, 200000 + 65536); /* never buffered past its bound */
    close(r.fd);
    exec_reader_free(&r);

    r = reader_of("ab\0c\n", 5, 64);
    ck_assert_int_eq(exec_read_line(&r, &line, &len, why, sizeof why), -1);
    ck_assert_str_eq(why, "line 1 holds a NUL byte");
    close(r.fd);
    exec_reader_free(&r);
}
END_TEST

START_TEST(lines_parse_as_one_typed_object) {
    char why[256];
    const char *type;
    static const struct {
        const char *line, *why;
    } bad[] = {
        {"not json", "not JSON (at column 1)"},
        {"[1]", "not a JSON object"},
        {"{\"type\":3}", "type: expected a string"},
        {"{\"type\":\"result\"} {}", "not one JSON value (more at column 19)"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_ptr_null(exec_parse_line(bad[i].line, strlen(bad[i].line), &type, why, sizeof why));
        ck_assert_str_eq(why, bad[i].why);
    }
    cJSON *j = exec_parse_line("{\"type\":\"result\"} ", 18, &type, why, sizeof why);
    ck_assert_ptr_nonnull(j);
    ck_assert_str_eq(type, "result");
    cJSON_Delete(j);
}
END_TEST

START_TEST(values_of_64_bits_travel_as_hex) {
    char why[256];
    uint64_t v = 0;
    cJSON *j = cJSON_Parse("{\"a\":\"0xffffffffffffffff\",\"b\":\"0x1\",\"c\":\"0x10000000000000000\",\"d\":12,\"e\":\"12\"}");
    ck_assert(exec_get_u64(j, "x", "a", true, &v, why, sizeof why));
    ck_assert_uint_eq(v, UINT64_MAX);
    ck_assert(exec_get_u64(j, "x", "b", true, &v, why, sizeof why));
    ck_assert_uint_eq(v, 1);
    const char *refused[] = {"c", "d", "e"};
    for (int i = 0; i < 3; i++) {
        ck_assert(!exec_get_u64(j, "x", refused[i], true, &v, why, sizeof why));
        char expected[128];
        snprintf(expected, sizeof expected, "x.%s: expected a 64-bit value as a \"0x\" hex string of 1 to 16 digits",
                 refused[i]);
        ck_assert_str_eq(why, expected);
    }
    ck_assert(!exec_get_u64(j, "x", "z", true, &v, why, sizeof why));
    ck_assert_str_eq(why, "x: missing key 'z'");
    cJSON_Delete(j);
}
END_TEST

START_TEST(an_outcome_reads_back_as_written) {
    rtshm_outcome o = {.ret = 0xfedcba9876543210ull, .family = RTSHM_STATUS_WIN32, .status = 183, .has_last_error = 1,
                       .last_error = 183, .clause = "RTX64.CREATE.EXISTS", .has_native_error = 1,
                       .native_error = -2147467259LL, .opaque = RTSHM_OPAQUE_RET | RTSHM_OPAQUE_OUTPUT(4)};
    o.outputs[4] = 0x10010000000ull;
    strcpy(o.native_error_kind, "HRESULT");
    cJSON *j = exec_outcome_json(&o);
    rtshm_outcome back;
    char clause[72], why[256];
    ck_assert(exec_outcome_parse(j, "outcome", &back, clause, sizeof clause, why, sizeof why));
    ck_assert_uint_eq(back.ret, o.ret);
    ck_assert_uint_eq(back.family, o.family);
    ck_assert_uint_eq(back.status, 183);
    ck_assert_int_eq(back.has_last_error, 1);
    ck_assert_uint_eq(back.last_error, 183);
    ck_assert_uint_eq(back.outputs[4], 0x10010000000ull);
    ck_assert_uint_eq(back.outputs[3], 0);
    ck_assert_str_eq(back.clause, "RTX64.CREATE.EXISTS");
    ck_assert_int_eq(back.has_native_error, 1);
    ck_assert_int_eq(back.native_error, -2147467259LL);
    ck_assert_str_eq(back.native_error_kind, "HRESULT");
    ck_assert_uint_eq(back.opaque, o.opaque);
    cJSON_Delete(j);
    /* a field of the wrong type or an unknown key is refused by its path */
    cJSON *bad = cJSON_Parse("{\"ret\":\"0x0\",\"family\":\"win33\",\"status\":0}");
    ck_assert(!exec_outcome_parse(bad, "result.outcome", &back, clause, sizeof clause, why, sizeof why));
    ck_assert_str_eq(why, "result.outcome.family: 'win33' is none of intime, win32, ntstatus, sim");
    cJSON_Delete(bad);
    bad = cJSON_Parse("{\"ret\":\"0x0\",\"family\":\"sim\",\"status\":0,\"fualt\":true}");
    ck_assert(!exec_outcome_parse(bad, "result.outcome", &back, clause, sizeof clause, why, sizeof why));
    ck_assert_str_eq(why, "result.outcome: unknown key 'fualt'");
    cJSON_Delete(bad);
}
END_TEST

START_TEST(a_topology_and_arguments_read_back_as_written) {
    rtshm_node nodes[1] = {{"pc", 1, 0x80000000ull}};
    rtshm_kernel kernels[1] = {{"rtss", RTSHM_KERNEL_RTX64, 0, 1, 1, 1ull << 40, 0}};
    rtshm_link links[1] = {{0, 0, 1}};
    rtshm_process procs[2] = {{"win", 0, 0, -1}, {"rt", 1, 0, 0}};
    rtshm_topology t = {1, 1, 1, 2, nodes, kernels, links, procs};
    cJSON *j = exec_topology_json(&t);
    exec_topology back;
    char why[256];
    ck_assert(exec_topology_parse(j, "open.topology", &back, why, sizeof why));
    ck_assert_int_eq(back.topology.process_count, 2);
    ck_assert_str_eq(back.topology.processes[1].id, "rt");
    ck_assert_int_eq(back.topology.processes[1].kind, 1);
    ck_assert_int_eq(back.topology.processes[0].kernel, -1);
    ck_assert_int_eq(back.topology.kernels[0].kind, RTSHM_KERNEL_RTX64);
    ck_assert_uint_eq(back.topology.kernels[0].memory_bytes, 1ull << 40);
    ck_assert_uint_eq(back.topology.nodes[0].va_limit_bytes, 0x80000000ull);
    ck_assert_int_eq(back.topology.links[0].up, 1);
    exec_topology_free(&back);
    /* an index out of the topology is refused */
    cJSON_ReplaceItemInObject(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "processes"), 1), "node", cJSON_CreateNumber(1));
    ck_assert(!exec_topology_parse(j, "open.topology", &back, why, sizeof why));
    ck_assert_str_eq(why, "open.topology.processes[1].node: expected an integer from 0 to 0");
    exec_topology_free(&back);
    cJSON_Delete(j);

    rtshm_value argv[4] = {{RTSHM_V_NUMBER, UINT64_MAX, NULL}, {RTSHM_V_NULL, 0, NULL}, {RTSHM_V_STRING, 0, "Buf"},
                           {RTSHM_V_OUT, 0, NULL}};
    j = exec_args_json(4, argv);
    rtshm_value got[RTSHM_MAX_ARGS];
    int argc = 0;
    ck_assert(exec_args_parse(j, "call.args", &argc, got, why, sizeof why));
    ck_assert_int_eq(argc, 4);
    ck_assert_int_eq(got[0].kind, RTSHM_V_NUMBER);
    ck_assert_uint_eq(got[0].number, UINT64_MAX);
    ck_assert_int_eq(got[1].kind, RTSHM_V_NULL);
    ck_assert_str_eq(got[2].string, "Buf");
    ck_assert_int_eq(got[3].kind, RTSHM_V_OUT);
    cJSON_Delete(j);
}
END_TEST

START_TEST(findings_and_notes_must_fit_their_arrays) {
    rtshm_finding f;
    char why[256];
    memset(&f, 0, sizeof f);
    strcpy(f.kind, "stale-cache-hit");
    memset(f.detail, 'd', sizeof f.detail); /* unterminated: goes out cut at its array, refused back */
    cJSON *j = exec_finding_json(&f);
    rtshm_finding back;
    ck_assert(!exec_finding_parse(j, &back, why, sizeof why));
    ck_assert_str_eq(why, "finding.detail: longer than 511 bytes");
    cJSON_Delete(j);
    f.detail[10] = '\0';
    j = exec_finding_json(&f);
    ck_assert(exec_finding_parse(j, &back, why, sizeof why));
    ck_assert_str_eq(back.kind, "stale-cache-hit");
    ck_assert_str_eq(back.detail, "dddddddddd");
    ck_assert_str_eq(back.clause, "");
    cJSON_Delete(j);
    rtshm_note n = {.process = 1};
    strcpy(n.api, "rtk");
    strcpy(n.function, "RtkRtssAttachEx.shutdown");
    strcpy(n.args_json, "{\"RtssInst\":\"0x52540010\"}");
    j = exec_note_json(&n);
    rtshm_note nb;
    ck_assert(exec_note_parse(j, &nb, why, sizeof why));
    ck_assert_int_eq(nb.process, 1);
    ck_assert_str_eq(nb.args_json, n.args_json);
    cJSON_Delete(j);
}
END_TEST

Suite *exec_proto_suite(void) {
    Suite *s = suite_create("exec_proto");
    TCase *tc = tcase_create("exec_proto");
    tcase_add_test(tc, lines_are_bounded_and_terminated);
    tcase_add_test(tc, lines_parse_as_one_typed_object);
    tcase_add_test(tc, values_of_64_bits_travel_as_hex);
    tcase_add_test(tc, an_outcome_reads_back_as_written);
    tcase_add_test(tc, a_topology_and_arguments_read_back_as_written);
    tcase_add_test(tc, findings_and_notes_must_fit_their_arrays);
    suite_add_tcase(s, tc);
    return s;
}
