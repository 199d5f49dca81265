/* agent_main.c — the Windows agent's program: reads request lines from stdin, answers each on stdout
 * (conformance/PROTOCOL.md), until end of input; exit status 0. Built once per vendor (agent_rtx64.c or
 * agent_intime.c gives agent_vendor_table()); README.md in this directory says how.
 *
 * Bounds: a request line is at most AGENT_LINE_MAX bytes without its newline; a longer one is read to its
 * newline without being kept and answered with an error. stdin and stdout are in binary mode on Windows
 * (no CR LF translation: the protocol's lines end in LF). */
#include "agent_proto.h"

#include <stdio.h>
#include <stdlib.h>

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#endif

const agent_vendor *agent_vendor_table(void);

int main(void)
{
#ifdef _WIN32
    _setmode(_fileno(stdin), _O_BINARY);
    _setmode(_fileno(stdout), _O_BINARY);
#endif
    agent_state *agent = agent_new(agent_vendor_table());
    char *line = malloc(AGENT_LINE_MAX + 1);
    char *answer = malloc(AGENT_ANSWER_MAX);
    if (agent == NULL || line == NULL || answer == NULL) {
        fprintf(stderr, "rtshm-agent: out of memory\n");
        return 1;
    }
    for (;;) {
        size_t len = 0;
        int c, over = 0;
        while ((c = getchar()) != EOF && c != '\n') {
            if (len < AGENT_LINE_MAX)
                line[len++] = (char)c;
            else
                over = 1;
        }
        if (c == EOF && len == 0 && !over)
            break;
        /* A line over the bound is answered as one, without parsing what was kept. */
        agent_handle_line(agent, line, over ? (size_t)AGENT_LINE_MAX + 1 : len, answer);
        fputs(answer, stdout);
        fputc('\n', stdout);
        fflush(stdout);
        if (c == EOF)
            break;
    }
    agent_free(agent);
    free(line);
    free(answer);
    return 0;
}
