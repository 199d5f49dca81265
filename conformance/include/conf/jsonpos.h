/* conf/jsonpos.h — where each value of a JSON text is: JSON path -> line:column.
 *
 * cJSON parses values but forgets positions; error messages need them ("steps[3].args.lpName at
 * 12:20"). This module scans the same text once more and records the position of every value under
 * its path (root "", then "steps", "steps[3]", "steps[3].args.lpName"). It also reports duplicate
 * object keys, which cJSON silently accepts, and strings holding the escape \u0000, which cJSON
 * silently cuts short there, and strings that are not valid UTF-8 (cJSON copies their bytes as they
 * are): an invalid, overlong or truncated sequence, a surrogate (encoded, or a \uD800-\uDFFF escape
 * not in a high-low pair), anything above U+10FFFF. It expects text cJSON has already accepted; on anything
 * else it stops early and simply knows fewer positions. Bounded by the text's length and a depth limit. */
#ifndef CONF_JSONPOS_H
#define CONF_JSONPOS_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/hmap.h"

#define MAX_DUP_PATH 1300 /* a path (1024) plus one key (256) */

typedef struct conf_jsonpos {
    sim_hmap positions;    /* path -> packed (line << 20 | column) */
    char duplicate_path[MAX_DUP_PATH]; /* first duplicated key's path, "" when none */
    int duplicate_line, duplicate_col;
    bool incomplete;       /* the scan stopped early (text cJSON rejects, or out of memory) ... */
    int stop_line, stop_col; /* ... here: duplicates and \u0000 beyond it went unseen */
    bool nul_seen;         /* a string holds \u0000: the first one's value path and position */
    char nul_path[MAX_DUP_PATH];
    int nul_line, nul_col;
    bool utf8_bad;         /* a string is not valid UTF-8: the first one's value path ... */
    bool utf8_in_key;      /* ... (the enclosing object's, when the string is a key) ... */
    char utf8_path[MAX_DUP_PATH];
    int utf8_line, utf8_col; /* ... where the bad bytes or escape start ... */
    size_t utf8_string_offset; /* ... the offsets in text of the string's opening quote and of the bad
                               bytes or escape ... */
    size_t utf8_offset;
    char utf8_why[96];     /* ... and what is wrong ("an overlong encoding of U+002F", ...) */
} conf_jsonpos;

/* Indexes text[0..len): duplicate keys and \u0000 escapes always, value positions only when
 * with_positions (they cost a map entry per value, so the parser asks for them only to report an
 * error). Returns false when the scan could not cover the whole text (jp->incomplete). */
bool conf_jsonpos_build(conf_jsonpos *jp, const char *text, size_t len, bool with_positions);

/* The same for a value cut out of a larger text: text[0..len) is the value at JSON path base_path whose
 * first byte is at base_line:base_col of the whole text, so every recorded path and position is the
 * whole text's (no byte-order mark is skipped). */
bool conf_jsonpos_build_at(conf_jsonpos *jp, const char *text, size_t len, bool with_positions, const char *base_path,
                           int base_line, int base_col);
void conf_jsonpos_free(conf_jsonpos *jp);

/* Records (or moves) the position of the value at path; false when out of memory. */
bool conf_jsonpos_add(conf_jsonpos *jp, const char *path, int line, int col);

/* Position of the value at path; false when unknown. Lines and columns count from 1 (columns in bytes). */
bool conf_jsonpos_find(const conf_jsonpos *jp, const char *path, int *line, int *col);

/* Line and column of byte offset off in text. */
void conf_jsonpos_of_offset(const char *text, size_t off, int *line, int *col);

#endif
