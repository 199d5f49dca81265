/* traces/textesc.h — text from outside rtshm made safe to print on a terminal or in a text log.
 *
 * Backend messages, scenario ids, trace strings, file and folder names can hold any byte. Printed raw, an
 * ESC or a C1 control (U+0080..U+009F, e.g. CSI) drives the terminal, a CR or LF forges another line, and
 * invalid UTF-8 garbles the line. Every such piece of text goes through these functions before it is
 * printed in rtshm's text output (verdict lines, error messages, `rtshm diff`'s text): C0 controls
 * (0x00-0x1F, newline and tab included), DEL (0x7F), the C1 controls and every byte that is not part of
 * valid UTF-8 are shown as \xNN (lower-case hex, one per byte: ESC is "\x1b", U+009B is "\xc2\x9b");
 * everything else, the backslash included, is printed as it is. Machine formats (JSON, the trace) keep
 * the exact text. */
#ifndef TRACES_TEXTESC_H
#define TRACES_TEXTESC_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* True when text needs no escaping (the common case: nothing is copied). */
bool text_escape_clean(const char *text);

/* text escaped into buf (cap bytes, always NUL-terminated; an escape is never cut in half: the result is
 * truncated before it). Returns buf. */
const char *text_escape(const char *text, char *buf, size_t cap);

/* Writes text escaped on out, whatever its length. */
void text_escape_fputs(FILE *out, const char *text);

/* Formats like fprintf(out, fmt, ...), escapes the result as a whole and writes it on out followed by a
 * newline: for one-line messages whose every part may hold outside text. */
void text_escape_line(FILE *out, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* text_escape_line with a va_list. */
void text_escape_vline(FILE *out, const char *fmt, va_list ap);

#endif
