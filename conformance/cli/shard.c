/* conformance/cli/shard.c — which share of the scenarios `--shard K/N` selects (shard.h). */
#include "shard.h"

#include <stdint.h>
#include <string.h>

#include "conf/sha256.h"

/* A decimal number of 1 to 4 digits without sign or leading zero, ending at *end. */
static bool small_decimal(const char *text, const char **end, unsigned *value) {
    unsigned v = 0;
    const char *p = text;
    while (*p >= '0' && *p <= '9' && p - text < 4) v = v * 10 + (unsigned)(*p++ - '0');
    if (p == text || (text[0] == '0' && p - text > 1)) return false;
    *end = p;
    *value = v;
    return true;
}

bool cli_parse_shard(const char *value, void *dest) {
    unsigned k, n;
    const char *p;
    if (!small_decimal(value, &p, &k) || *p != '/') return false;
    if (!small_decimal(p + 1, &p, &n) || *p != '\0') return false;
    if (k < 1 || n < 1 || k > n || n > CLI_SHARD_MAX) return false;
    *(cli_shard *)dest = (cli_shard){k, n};
    return true;
}

unsigned cli_shard_of(const char *id, unsigned count) {
    char hex[65];
    conf_sha256_hex(id, strlen(id), hex);
    uint64_t h = 0;
    for (int i = 0; i < 16; i++) h = h << 4 | (uint64_t)(hex[i] <= '9' ? hex[i] - '0' : hex[i] - 'a' + 10);
    return 1 + (unsigned)(h % count);
}

bool cli_shard_selects(const cli_shard *shard, const char *id) {
    return shard == NULL || shard->count == 0 || cli_shard_of(id, shard->count) == shard->index;
}
