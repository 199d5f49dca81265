/* conformance/cli/shard.h — `--shard K/N`: a deterministic, balanced share of the scenarios, so that N
 * machines (or CI jobs) each run one share and `rtshm merge` makes one run of their traces.
 *
 * Scenario id S belongs to shard 1 + (H mod N), H the first 8 bytes, big-endian, of SHA-256(S) (the id's
 * UTF-8 bytes). A scenario's shard depends on its id and N only: never on the other scenarios, their
 * order, the paths or the machine, so adding scenarios moves none of the others, and any tool can compute
 * the split (`printf %s ID | sha256sum`, first 16 hex digits, mod N, plus 1). Balanced as a hash is: on
 * the shipped corpus the shares differ from an even split by a few scenarios (README, "Shards"). */
#ifndef CLI_SHARD_H
#define CLI_SHARD_H

#include <stdbool.h>

/* K of N; count 0: not sharded (everything selected). */
typedef struct cli_shard {
    unsigned index, count;
} cli_shard;

/* The most shards --shard accepts. */
#define CLI_SHARD_MAX 1000

/* CLI_CUSTOM parse of "K/N" (decimal, 1 <= K <= N <= CLI_SHARD_MAX) into the cli_shard at dest. False for
 * anything else. */
bool cli_parse_shard(const char *value, void *dest);

/* The shard (1..count) scenario id belongs to among count. */
unsigned cli_shard_of(const char *id, unsigned count);

/* True when shard selects id (always when shard is NULL or its count is 0). */
bool cli_shard_selects(const cli_shard *shard, const char *id);

#endif
