/* agent_json.h — the Windows agent's JSON: a small, bounded, strict reader for one line of the rtshm backend
 * protocol (conformance/PROTOCOL.md) and a bounded writer for its answers. Plain C11 and the C library only,
 * so that it builds with MSVC, mingw-w64 and the host compiler (the agent's unit tests run it on Linux).
 *
 * Reader (RFC 8259, strict): one value per document; objects, arrays, strings, numbers, true, false, null.
 * Rejected, each with a message and the byte column: anything after the value but whitespace, a duplicate
 * key in one object, a NUL byte (raw or \u0000), an unescaped control character, a lone or reversed UTF-16
 * surrogate escape, malformed UTF-8 (overlong forms, surrogates, past U+10FFFF), leading zeros, a number
 * without digits. Limits (AJ_MAX_*): nodes (values) per document, nesting depth. Strings are decoded into
 * a scratch buffer the caller gives, at least as long as the line plus one (decoding never grows a
 * string). The parser recurses at most AJ_MAX_DEPTH levels and touches no byte outside the line.
 *
 * Writer: appends to a fixed buffer; once the buffer would overflow, the writer is marked `overflow` and
 * appends nothing more (the caller answers a protocol error instead of a cut line). */
#ifndef RTSHM_AGENT_JSON_H
#define RTSHM_AGENT_JSON_H

#include <stddef.h>
#include <stdint.h>

#define AJ_MAX_NODES 4096 /* values in one document: an `open` with 64 processes needs under 1000 */
#define AJ_MAX_DEPTH 16   /* objects and arrays nested (the protocol nests 4 deep) */

typedef enum aj_type { AJ_NULL, AJ_FALSE, AJ_TRUE, AJ_NUMBER, AJ_STRING, AJ_ARRAY, AJ_OBJECT } aj_type;

/* One value. Children of an array or object are a chain: first_child, then each one's next (-1 ends). */
typedef struct aj_node {
    aj_type type;
    int first_child;
    int next;
    int child_count;
    const char *key;  /* the member's key (decoded, NUL-terminated) when the parent is an object, else NULL */
    size_t key_len;
    const char *text; /* a string's decoded bytes (NUL-terminated) or a number's source text (not terminated) */
    size_t text_len;
} aj_node;

typedef struct aj_doc {
    aj_node nodes[AJ_MAX_NODES];
    int node_count;
    char *scratch;      /* the caller's buffer for decoded strings */
    size_t scratch_cap; /* its size in bytes: at least the line's length plus one */
    size_t scratch_used;
} aj_doc;

/* Parses line[0..len) as one JSON value into doc (node 0 is the root). Returns 0, or -1 with a message
 * ("column N: what was expected") in err. doc->scratch/scratch_cap must be set by the caller. */
int aj_parse(aj_doc *doc, const char *line, size_t len, char *err, size_t err_size);

/* The member `key` of object node `obj`, or -1 when absent (or obj is not an object). */
int aj_member(const aj_doc *doc, int obj, const char *key);

/* 0 when every key of object `obj` is one of the `n` names in `allowed`; else -1 and err names the key. */
int aj_only_keys(const aj_doc *doc, int obj, const char *const *allowed, size_t n, char *err, size_t err_size);

/* The integer in number node `index` when it is a plain integer (no fraction or exponent) in [min, max]:
 * 0 and *out set, else -1. */
int aj_integer(const aj_doc *doc, int index, int64_t min, int64_t max, int64_t *out);

/* The value of one hex digit (0-9, a-f, A-F), or -1. */
int aj_hex_digit(char c);

/* The 64-bit value of a protocol hex string ("0x" then 1 to 16 hex digits): 0 and *out, else -1. */
int aj_hex64(const aj_doc *doc, int index, uint64_t *out);

/* The writer: a fixed buffer, its capacity and what is used; overflow set once something did not fit. */
typedef struct aj_writer {
    char *buf;
    size_t cap;
    size_t len;
    int overflow;
} aj_writer;

void aj_w_init(aj_writer *w, char *buf, size_t cap);
void aj_w_raw(aj_writer *w, const char *text);                  /* appends text as it is */
void aj_w_string(aj_writer *w, const char *s, size_t max_bytes); /* a JSON string of at most max_bytes of s */
void aj_w_hex64(aj_writer *w, uint64_t value);                  /* "0x…" */
void aj_w_int(aj_writer *w, int64_t value);                     /* a JSON integer */

#endif
