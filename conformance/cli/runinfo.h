/* conformance/cli/runinfo.h — what a recorded run says about the tool that made it: the version, the
 * command line, the wall-clock start. These go into the runs row only, never into a canonical trace
 * (TRACE-SCHEMA.md), so no recorded step depends on them. */
#ifndef CLI_RUNINFO_H
#define CLI_RUNINFO_H

/* "rtshm <version>[ (<git describe>)]", as `rtshm --version` prints it and runs.tool_version records it.
 * A static string. */
const char *cli_tool_version(void);

/* The current UTC time as "YYYY-MM-DDTHH:MM:SSZ" (runs.started_at). */
void cli_utc_now(char out[32]);

/* argv[0..argc) as a canonical JSON array of strings (runs.argv), malloc'd; NULL when out of memory. */
char *cli_argv_json(int argc, char **argv);

#endif
