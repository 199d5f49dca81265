/* conformance/agent/windows/tests/test_agent.c — the Windows agent's vendor-independent parts (agent_json.c,
 * agent_proto.c) built with the host compiler over a fake SDK table: the answers to each request, the
 * refusals (another process, events, functions not served), and hostile lines, each answered with a
 * protocol error line while the agent goes on working. ctest windows_agent_unit. */
#include "agent_json.h"
#include "agent_proto.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the fake SDK: one shared memory object in fake_memory; its second page is read-only ---- */

#define FAKE_PAGE 4096
static unsigned char fake_memory[2 * FAKE_PAGE];
static uint32_t fake_slot;
static int fake_resets;

static int fake_access(uint64_t address, void *bytes, size_t len, int write)
{
    uint64_t base = (uint64_t)(uintptr_t)fake_memory;
    if (address < base || address + len > base + sizeof fake_memory)
        return 1;
    if (write && address + len > base + FAKE_PAGE)
        return 1;
    if (write)
        memcpy(fake_memory + (address - base), bytes, len);
    else
        memcpy(bytes, fake_memory + (address - base), len);
    return 0;
}

static int fake_create(const agent_arg *a, agent_result *r, char *err, size_t err_size)
{
    (void)err_size;
    if (a[3].kind == AGENT_ARG_STRING && strcmp(a[3].string, "boom") == 0) {
        strcpy(err, "the SDK said boom");
        return -1;
    }
    if (a[2].number == 0) {
        fake_slot = 87;
        r->status = 87;
    } else {
        r->ret = 0x40;
        r->opaque_ret = 1;
        r->outputs[4] = (uint64_t)(uintptr_t)fake_memory;
        r->opaque_output[4] = 1;
    }
    r->has_last_error = 1;
    r->last_error = fake_slot;
    return 0;
}

static int fake_get_last_error(const agent_arg *a, agent_result *r, char *err, size_t err_size)
{
    (void)a, (void)err, (void)err_size;
    r->ret = fake_slot;
    r->has_last_error = 1;
    r->last_error = fake_slot;
    return 0;
}

static void fake_reset(void)
{
    fake_resets++;
}

static const agent_function fake_functions[] = {
    {"rtx64", "RtCreateSharedMemory", 5, "win32", fake_create},
    {"rtx64", "GetLastError", 0, "win32", fake_get_last_error},
    {"ntx", "ntxGetLastRtError", 0, "intime", fake_get_last_error},
};
static const agent_vendor fake_vendor = {"fake 1.0", fake_functions, 3, fake_access, NULL, fake_reset};

/* ---- helpers ---- */

static agent_state *agent;
static char answer[AGENT_ANSWER_MAX];

static void setup(void)
{
    memset(fake_memory, 0, sizeof fake_memory);
    fake_slot = 0;
    fake_resets = 0;
    agent = agent_new(&fake_vendor);
    ck_assert_ptr_nonnull(agent);
}

static void teardown(void)
{
    agent_free(agent);
}

static const char *ask(const char *line)
{
    agent_handle_line(agent, line, strlen(line), answer);
    return answer;
}

static const char *OPEN = "{\"type\":\"open\",\"seed\":\"0x1\",\"topology\":{\"nodes\":[{\"id\":\"pc\",\"windows\":true,"
                          "\"va_limit_bytes\":\"0x80000000\"}],\"kernels\":[],\"links\":[],\"processes\":["
                          "{\"id\":\"rt\",\"kind\":\"rt\",\"node\":0,\"kernel\":0},"
                          "{\"id\":\"win\",\"kind\":\"windows\",\"node\":0,\"kernel\":-1}]}}";

static const char *CREATE = "{\"type\":\"call\",\"process\":1,\"api\":\"rtx64\",\"function\":\"RtCreateSharedMemory\","
                            "\"args\":[{\"kind\":\"number\",\"number\":\"0x4\"},{\"kind\":\"number\",\"number\":\"0x0\"},"
                            "{\"kind\":\"number\",\"number\":\"0x1000\"},{\"kind\":\"string\",\"string\":\"Buf\"},"
                            "{\"kind\":\"out\"}]}";

/* True when s is the agent's error answer whose message contains `part`. */
static int is_error_with(const char *s, const char *part)
{
    return strncmp(s, "{\"type\":\"error\",\"message\":\"", 27) == 0 && strstr(s, part) != NULL;
}

/* ---- the requests ---- */

START_TEST(hello_lists_the_table_by_family)
{
    ck_assert_str_eq(ask("{\"type\":\"hello\",\"protocol\":\"rtshm-backend\",\"versions\":[1]}"),
                     "{\"type\":\"hello\",\"protocol\":\"rtshm-backend\",\"version\":1,\"name\":\"fake 1.0\","
                     "\"functions\":{\"rtx64\":[\"RtCreateSharedMemory\",\"GetLastError\"],"
                     "\"ntx\":[\"ntxGetLastRtError\"]},\"events\":[]}");
    ck_assert(is_error_with(ask("{\"type\":\"hello\",\"protocol\":\"rtshm-backend\",\"versions\":[2,3]}"),
                            "speaks protocol version 1 only"));
    ck_assert(is_error_with(ask("{\"type\":\"hello\",\"protocol\":\"other\",\"versions\":[1]}"), "rtshm-backend"));
}
END_TEST

START_TEST(call_answers_the_outcome)
{
    ck_assert_str_eq(ask(OPEN), "{\"type\":\"result\"}");
    char expected[256];
    snprintf(expected, sizeof expected,
             "{\"type\":\"result\",\"outcome\":{\"ret\":\"0x40\",\"family\":\"win32\",\"status\":0,\"last_error\":0,"
             "\"outputs\":[null,null,null,null,\"0x%llx\"],\"fault\":false,\"clause\":null,\"native_error\":null,"
             "\"opaque\":[\"ret\",4]}}",
             (unsigned long long)(uintptr_t)fake_memory);
    ck_assert_str_eq(ask(CREATE), expected);
    /* A failing call: NULL, the status and slot 87, nothing opaque. */
    const char *zero = "{\"type\":\"call\",\"process\":1,\"api\":\"rtx64\",\"function\":\"RtCreateSharedMemory\","
                       "\"args\":[{\"kind\":\"number\",\"number\":\"0x4\"},{\"kind\":\"number\",\"number\":\"0x0\"},"
                       "{\"kind\":\"number\",\"number\":\"0x0\"},{\"kind\":\"null\"},{\"kind\":\"out\"}]}";
    ck_assert_str_eq(ask(zero), "{\"type\":\"result\",\"outcome\":{\"ret\":\"0x0\",\"family\":\"win32\",\"status\":87,"
                                "\"last_error\":87,\"outputs\":[null,null,null,null,null],\"fault\":false,"
                                "\"clause\":null,\"native_error\":null,\"opaque\":[]}}");
    ck_assert_str_eq(ask("{\"type\":\"call\",\"process\":1,\"api\":\"rtx64\",\"function\":\"GetLastError\",\"args\":[]}"),
                     "{\"type\":\"result\",\"outcome\":{\"ret\":\"0x57\",\"family\":\"win32\",\"status\":0,"
                     "\"last_error\":87,\"outputs\":[],\"fault\":false,\"clause\":null,\"native_error\":null,"
                     "\"opaque\":[]}}");
    /* The SDK wrapper's own failure is the protocol's error answer. */
    char boom[512];
    snprintf(boom, sizeof boom, "%s", CREATE);
    memcpy(strstr(boom, "\"Buf\""), "\"boom\"", 6);
    memmove(strstr(boom, "\"boom\"") + 6, strstr(CREATE, "\"Buf\"") + 5, strlen(strstr(CREATE, "\"Buf\"") + 5) + 1);
    ck_assert_str_eq(ask(boom), "{\"type\":\"error\",\"message\":\"RtCreateSharedMemory: the SDK said boom\"}");
    ck_assert_str_eq(ask("{\"type\":\"close\"}"), "{\"type\":\"result\"}");
    ck_assert_int_eq(fake_resets, 1);
}
END_TEST

START_TEST(refuses_what_it_cannot_be_or_do)
{
    ck_assert(is_error_with(ask(CREATE), "call: no world is open"));
    ask(OPEN);
    char as_rt[512];
    snprintf(as_rt, sizeof as_rt, "%s", CREATE);
    strstr(as_rt, "\"process\":1")[10] = '0';
    ck_assert(is_error_with(ask(as_rt), "(topology process 1 'win'); it cannot act as process 0 'rt' (rt)"));
    ck_assert(is_error_with(
        ask("{\"type\":\"call\",\"process\":1,\"api\":\"rtx64\",\"function\":\"RtOpenSharedMemory\",\"args\":[]}"),
        "rtx64 RtOpenSharedMemory is not served by this agent"));
    ck_assert(is_error_with(
        ask("{\"type\":\"call\",\"process\":1,\"api\":\"rtx64\",\"function\":\"GetLastError\",\"args\":[{\"kind\":\"null\"}]}"),
        "GetLastError takes 0 arguments, the request has 1"));
    ck_assert(is_error_with(ask("{\"type\":\"event\",\"event\":{\"kind\":\"process.exit\",\"process\":1,\"kernel\":-1,"
                                "\"node_a\":-1,\"node_b\":-1,\"vtime_us\":0}}"),
                            "performs no events"));
    ck_assert(is_error_with(ask(OPEN), "a world is already open"));
    ck_assert(is_error_with(ask("{\"type\":\"call\",\"process\":7,\"api\":\"rtx64\",\"function\":\"GetLastError\",\"args\":[]}"),
                            "process: expected a process index from 0 to 1"));
}
END_TEST

START_TEST(reads_and_writes_check_the_pages)
{
    ask(OPEN);
    char line[256];
    unsigned long long base = (unsigned long long)(uintptr_t)fake_memory;
    snprintf(line, sizeof line, "{\"type\":\"write\",\"process\":1,\"address\":\"0x%llx\",\"data\":\"aBff00\"}", base + 8);
    ck_assert_str_eq(ask(line), "{\"type\":\"result\",\"outcome\":{\"ret\":\"0x0\",\"family\":\"sim\",\"status\":0,"
                                "\"fault\":false}}");
    ck_assert_int_eq(fake_memory[8], 0xab);
    ck_assert_int_eq(fake_memory[9], 0xff);
    snprintf(line, sizeof line, "{\"type\":\"read\",\"process\":1,\"address\":\"0x%llx\",\"length\":4}", base + 7);
    ck_assert_str_eq(ask(line), "{\"type\":\"result\",\"outcome\":{\"ret\":\"0x0\",\"family\":\"sim\",\"status\":0,"
                                "\"fault\":false},\"data\":\"00abff00\"}");
    /* The read-only page: a write faults and changes nothing; a read goes through. */
    snprintf(line, sizeof line, "{\"type\":\"write\",\"process\":1,\"address\":\"0x%llx\",\"data\":\"01\"}",
             base + FAKE_PAGE);
    ck_assert_str_eq(ask(line), "{\"type\":\"result\",\"outcome\":{\"ret\":\"0x0\",\"family\":\"sim\",\"status\":0,"
                                "\"fault\":true}}");
    ck_assert_int_eq(fake_memory[FAKE_PAGE], 0);
    /* Outside every view, and an address whose end wraps past 2^64: faults without a touch. */
    ck_assert_str_eq(ask("{\"type\":\"read\",\"process\":1,\"address\":\"0x10\",\"length\":1}"),
                     "{\"type\":\"result\",\"outcome\":{\"ret\":\"0x0\",\"family\":\"sim\",\"status\":0,\"fault\":true}}");
    ck_assert_str_eq(ask("{\"type\":\"read\",\"process\":1,\"address\":\"0xffffffffffffffff\",\"length\":4096}"),
                     "{\"type\":\"result\",\"outcome\":{\"ret\":\"0x0\",\"family\":\"sim\",\"status\":0,\"fault\":true}}");
    ck_assert(is_error_with(ask("{\"type\":\"read\",\"process\":1,\"address\":\"0x10\",\"length\":4097}"),
                            "length: expected an integer from 1 to 4096"));
    ck_assert(is_error_with(ask("{\"type\":\"write\",\"process\":1,\"address\":\"0x10\",\"data\":\"abc\"}"),
                            "data: expected 1 to 4096 bytes"));
    ck_assert(is_error_with(ask("{\"type\":\"write\",\"process\":1,\"address\":\"0x10\",\"data\":\"zz\"}"),
                            "data: expected hex digits"));
}
END_TEST

/* ---- hostile lines: each is answered with an error naming what was wrong, and the agent works after ---- */

static const struct {
    const char *line;
    size_t len; /* 0: strlen */
    const char *message_part;
} hostile[] = {
    {"", 0, "column 1: a JSON value"},
    {"{", 0, "a member name"},
    {"[]", 0, "a JSON object with a string \\\"type\\\""},
    {"{\"type\":1}", 0, "a JSON object with a string"},
    {"{\"type\":\"hello\",\"type\":\"hello\"}", 0, "a duplicate member name"},
    {"{\"type\":\"hello\"} x", 0, "the end of the line after the JSON value"},
    {"{\"type\":\"he\0llo\"}", 17, "a NUL byte"},
    {"{\"type\":\"\\u0000\"}", 0, "\\\\u0000"},
    {"{\"type\":\"\xff\"}", 0, "malformed UTF-8"},
    {"{\"type\":\"\xc0\xaf\"}", 0, "malformed UTF-8"},
    {"{\"type\":\"\xed\xa0\x80\"}", 0, "malformed UTF-8"},
    {"{\"type\":\"\\ud800\"}", 0, "without its low surrogate"},
    {"{\"type\":\"\\udc00\"}", 0, "without its high surrogate"},
    {"{\"type\":\"\\x\"}", 0, "an unknown escape"},
    {"{\"type\":\"a\tb\"}", 0, "a control character"},
    {"{\"type\":\"hello\",\"n\":01}", 0, "a leading zero"},
    {"{\"type\":\"hello\",\"n\":-}", 0, "a number without digits"},
    {"{\"type\":\"hello\",\"n\":1.}", 0, "a fraction without digits"},
    {"{\"type\":\"hello\",\"n\":tru}", 0, "a JSON value"},
    {"{\"type\":\"hello\",\"protocol\":\"rtshm-backend\",\"versions\":[1],\"x\":0}", 0, "unknown key 'x'"},
    {"{\"type\":\"hello\",\"protocol\":\"rtshm-backend\",\"versions\":[1.5]}", 0, "versions: expected"},
    {"{\"type\":\"open\",\"seed\":\"0xZZ\",\"topology\":{}}", 0, "seed: expected"},
    {"{\"type\":\"open\",\"seed\":\"0x11111111111111111\",\"topology\":{}}", 0, "seed: expected"},
    {"{\"type\":\"open\",\"seed\":\"0x1\",\"topology\":{\"processes\":[]}}", 0, "no Windows process"},
    {"{\"type\":\"open\",\"seed\":\"0x1\",\"topology\":{\"processes\":[{\"id\":\"a\",\"kind\":\"alien\",\"node\":0,"
     "\"kernel\":0}]}}",
     0, "processes[0].kind"},
    {"{\"type\":\"teleport\"}", 0, "unknown request type 'teleport'"},
    {"{\"type\":\"close\",\"now\":true}", 0, "unknown key 'now'"},
};

START_TEST(hostile_line_is_an_error_answer)
{
    const char *line = hostile[_i].line;
    size_t len = hostile[_i].len != 0 ? hostile[_i].len : strlen(line);
    agent_handle_line(agent, line, len, answer);
    if (!is_error_with(answer, hostile[_i].message_part))
        ck_abort_msg("line %d: answer %s lacks '%s'", _i, answer, hostile[_i].message_part);
    ask("{\"type\":\"hello\",\"protocol\":\"rtshm-backend\",\"versions\":[1]}");
    ck_assert_str_eq(answer, "{\"type\":\"hello\",\"protocol\":\"rtshm-backend\",\"version\":1,\"name\":\"fake 1.0\",\"functions\":{\"rtx64\":[\"RtCreateSharedMemory\",\"GetLastError\"],\"ntx\":[\"ntxGetLastRtError\"]},\"events\":[]}");
}
END_TEST

START_TEST(hostile_bounds)
{
    /* Nesting past 16 levels, more values than the node pool, more arguments than a call has. */
    char deep[64] = "{\"type\":\"hello\",\"x\":";
    for (int i = 0; i < 17; i++)
        strcat(deep, "[");
    ck_assert(is_error_with(ask(deep), "nested more than 16 levels"));
    size_t cap = 20 + 2 * (AJ_MAX_NODES + 10);
    char *wide = malloc(cap);
    ck_assert_ptr_nonnull(wide);
    strcpy(wide, "{\"type\":\"hello\",\"x\":[");
    size_t at = strlen(wide);
    for (int i = 0; i < AJ_MAX_NODES + 5; i++) {
        wide[at++] = '0';
        wide[at++] = ',';
    }
    wide[at - 1] = ']';
    wide[at++] = '}';
    wide[at] = '\0';
    ck_assert(is_error_with(ask(wide), "more than 4096 values"));
    free(wide);
    ask(OPEN);
    char nine[1024] = "{\"type\":\"call\",\"process\":1,\"api\":\"rtx64\",\"function\":\"GetLastError\",\"args\":[";
    for (int i = 0; i < 9; i++)
        strcat(nine, i == 0 ? "{\"kind\":\"null\"}" : ",{\"kind\":\"null\"}");
    strcat(nine, "]}");
    ck_assert(is_error_with(ask(nine), "args: more than 8 arguments"));
    ck_assert(is_error_with(ask("{\"type\":\"call\",\"process\":1,\"api\":\"rtx64\",\"function\":\"GetLastError\","
                                "\"args\":[{\"kind\":\"number\",\"number\":\"12\"}]}"),
                            "args[0]: expected"));
    /* A line over 8 MiB (agent_main hands its length on without the bytes it did not keep). */
    char *big = malloc(AGENT_LINE_MAX + 2);
    ck_assert_ptr_nonnull(big);
    memset(big, ' ', AGENT_LINE_MAX + 1);
    agent_handle_line(agent, big, AGENT_LINE_MAX + 1, answer);
    ck_assert(is_error_with(answer, "a request line over 8 MiB"));
    free(big);
}
END_TEST

/* Deterministic noise made of JSON's own characters: every answer is one line of valid JSON with a type. */
START_TEST(noise_never_breaks_the_answer)
{
    static const char alphabet[] = "{}[]\":,0x1-.eE\\u tnrfalsehlotype\xc3\xa9\xff";
    uint32_t state = 12345;
    char line[256];
    aj_doc *doc = calloc(1, sizeof *doc);
    char *scratch = malloc(AGENT_ANSWER_MAX + 1);
    ck_assert_ptr_nonnull(doc);
    ck_assert_ptr_nonnull(scratch);
    doc->scratch = scratch;
    doc->scratch_cap = AGENT_ANSWER_MAX + 1;
    for (int round = 0; round < 3000; round++) {
        state = state * 1103515245u + 12345u;
        size_t len = (state >> 16) % 200;
        size_t prefix = round % 3 == 0 ? 0 : strlen("{\"type\":\"");
        memcpy(line, "{\"type\":\"", prefix);
        for (size_t i = prefix; i < len; i++) {
            state = state * 1103515245u + 12345u;
            line[i] = alphabet[(state >> 16) % (sizeof alphabet - 1)];
        }
        agent_handle_line(agent, line, len < prefix ? prefix : len, answer);
        char err[200];
        ck_assert_msg(strchr(answer, '\n') == NULL, "round %d: an answer with a newline", round);
        ck_assert_msg(aj_parse(doc, answer, strlen(answer), err, sizeof err) == 0, "round %d: %s", round, err);
        ck_assert_int_ge(aj_member(doc, 0, "type"), 0);
    }
    free(scratch);
    free(doc);
}
END_TEST

/* ---- the JSON writer ---- */

START_TEST(writer_escapes_and_bounds)
{
    char buf[64];
    aj_writer w;
    aj_w_init(&w, buf, sizeof buf);
    aj_w_string(&w, "a\"b\\c\n\x01", 100);
    ck_assert_str_eq(buf, "\"a\\\"b\\\\c\\u000a\\u0001\"");
    aj_w_init(&w, buf, sizeof buf);
    aj_w_string(&w, "ab\xc3\xa9", 3); /* never cut inside é */
    ck_assert_str_eq(buf, "\"ab\"");
    aj_w_init(&w, buf, 8);
    aj_w_raw(&w, "1234567");
    ck_assert_int_eq(w.overflow, 0);
    aj_w_raw(&w, "8");
    ck_assert_int_eq(w.overflow, 1);
    ck_assert_str_eq(buf, "1234567");
    aj_w_init(&w, buf, sizeof buf);
    aj_w_hex64(&w, UINT64_MAX);
    aj_w_int(&w, -5);
    ck_assert_str_eq(buf, "\"0xffffffffffffffff\"-5");
}
END_TEST

START_TEST(reader_decodes_escapes_and_utf8)
{
    aj_doc *doc = calloc(1, sizeof *doc);
    char scratch[128], err[128];
    ck_assert_ptr_nonnull(doc);
    doc->scratch = scratch;
    doc->scratch_cap = sizeof scratch;
    const char *line = " {\"k\":\"\\u00e9\\ud83d\\ude00\\n\xc3\xa9\",\"n\":-12,\"e\":1e3} ";
    ck_assert_int_eq(aj_parse(doc, line, strlen(line), err, sizeof err), 0);
    int k = aj_member(doc, 0, "k");
    ck_assert_str_eq(doc->nodes[k].text, "\xc3\xa9\xf0\x9f\x98\x80\n\xc3\xa9");
    int64_t n;
    ck_assert_int_eq(aj_integer(doc, aj_member(doc, 0, "n"), -100, 100, &n), 0);
    ck_assert_int_eq(n, -12);
    ck_assert_int_eq(aj_integer(doc, aj_member(doc, 0, "n"), 0, 100, &n), -1);
    ck_assert_int_eq(aj_integer(doc, aj_member(doc, 0, "e"), 0, 10000, &n), -1); /* not a plain integer */
    ck_assert_int_eq(aj_member(doc, 0, "missing"), -1);
    /* A scratch buffer shorter than the line is refused before anything is decoded. */
    doc->scratch_cap = 4;
    ck_assert_int_eq(aj_parse(doc, line, strlen(line), err, sizeof err), -1);
    ck_assert_str_eq(err, "column 1: internal: the scratch buffer is smaller than the line");
    free(doc);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("windows_agent");
    TCase *proto = tcase_create("protocol");
    tcase_add_checked_fixture(proto, setup, teardown);
    tcase_set_timeout(proto, 60);
    tcase_add_test(proto, hello_lists_the_table_by_family);
    tcase_add_test(proto, call_answers_the_outcome);
    tcase_add_test(proto, refuses_what_it_cannot_be_or_do);
    tcase_add_test(proto, reads_and_writes_check_the_pages);
    tcase_add_loop_test(proto, hostile_line_is_an_error_answer, 0, (int)(sizeof hostile / sizeof hostile[0]));
    tcase_add_test(proto, hostile_bounds);
    tcase_add_test(proto, noise_never_breaks_the_answer);
    suite_add_tcase(suite, proto);
    TCase *json = tcase_create("json");
    tcase_add_test(json, writer_escapes_and_bounds);
    tcase_add_test(json, reader_decodes_escapes_and_utf8);
    suite_add_tcase(suite, json);
    SRunner *runner = srunner_create(suite);
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
