/* conf/sha256.h — SHA-256 (FIPS 180-4) of a byte buffer or a stream of them, for the `sha256` of each scenario file. */
#ifndef CONF_SHA256_H
#define CONF_SHA256_H

#include <stddef.h>
#include <stdint.h>

/* An incremental hash: init, update with the bytes in order, final. */
typedef struct conf_sha256 {
    uint32_t h[8];
    uint64_t total_bytes;
    unsigned char pending[64];
    size_t pending_bytes;
} conf_sha256;

void conf_sha256_init(conf_sha256 *ctx);
void conf_sha256_update(conf_sha256 *ctx, const void *data, size_t len);
/* Writes the 64 lower-case hex digits and a NUL into hex[65]; ctx is spent. */
void conf_sha256_final(conf_sha256 *ctx, char hex[65]);

/* Writes the 64 lower-case hex digits of SHA-256(data[0..len)) and a NUL into hex[65]. */
void conf_sha256_hex(const void *data, size_t len, char hex[65]);

#endif
