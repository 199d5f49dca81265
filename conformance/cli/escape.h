/* conformance/cli/escape.h — the CLI's names for escaping outside text before it is printed (the rules and
 * the implementation: traces/textesc.h, shared with `rtshm diff`'s text output). */
#ifndef CLI_ESCAPE_H
#define CLI_ESCAPE_H

#include "traces/textesc.h"

#define cli_escape_clean text_escape_clean
#define cli_escape text_escape
#define cli_escape_fputs text_escape_fputs
#define cli_escape_line text_escape_line

#endif
