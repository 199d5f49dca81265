/* conformance/cli/runinfo.c — the tool version, command line and start time of a run (runinfo.h). */
#include "runinfo.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <time.h>

#include "traces/canon.h"

#ifndef RTSHM_VERSION
#define RTSHM_VERSION "0.0.0"
#endif
#ifndef RTSHM_GIT
#define RTSHM_GIT ""
#endif

const char *cli_tool_version(void) {
    static char text[128];
    snprintf(text, sizeof text, "rtshm %s%s%s%s", RTSHM_VERSION, RTSHM_GIT[0] ? " (" : "", RTSHM_GIT,
             RTSHM_GIT[0] ? ")" : "");
    return text;
}

void cli_utc_now(char out[32]) {
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

char *cli_argv_json(int argc, char **argv) {
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; arr && i < argc; i++) cJSON_AddItemToArray(arr, cJSON_CreateString(argv[i]));
    char *json = arr ? trace_canonical_json(arr) : NULL;
    cJSON_Delete(arr);
    return json;
}
