/* conformance/cli/escape.h — text from outside rtshm made safe to print on a terminal or in a text log.
 *
 * Backend messages, scenario ids, file and folder names can hold any byte. Printed raw, an ESC or a
 * C1 control (U+0080..U+009F, e.g. CSI) drives the terminal, a CR or LF forges another verdict line,
 * and invalid UTF-8 garbles the line. Every such piece of text goes through cli_escape before it is
 * printed in rtshm's text output (verdict lines, error messages): C0 controls (0x00-0x1F, newline and
 * tab included), DEL (0x7F), the C1 controls and every byte that is not part of valid UTF-8 are shown
 * as \xNN (lower-case hex, one per byte: ESC is "\x1b", U+009B is "\xc2\x9b"); everything else, the
 * backslash included, is printed as it is. Machine formats (JSON, the trace) keep the exact text. */
#ifndef CLI_ESCAPE_H
#define CLI_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* True when text needs no escaping (the common case: nothing is copied). */
bool cli_escape_clean(const char *text);

/* text escaped into buf (cap bytes, always NUL-terminated; an escape is never cut in half: the result is
 * truncated before it). Returns buf. */
const char *cli_escape(const char *text, char *buf, size_t cap);

/* Writes text escaped on out, whatever its length. */
void cli_escape_fputs(FILE *out, const char *text);

/* Formats like fprintf(out, fmt, ...), escapes the result as a whole and writes it on out followed by a
 * newline: for one-line messages whose every part may hold outside text. */
void cli_escape_line(FILE *out, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif
