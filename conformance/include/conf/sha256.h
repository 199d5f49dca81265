/* conf/sha256.h — SHA-256 (FIPS 180-4) of a byte buffer, for the `sha256` of each scenario file. */
#ifndef CONF_SHA256_H
#define CONF_SHA256_H

#include <stddef.h>

/* Writes the 64 lower-case hex digits of SHA-256(data[0..len)) and a NUL into hex[65]. */
void conf_sha256_hex(const void *data, size_t len, char hex[65]);

#endif
