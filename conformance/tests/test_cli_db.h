/* conformance/tests/test_cli_db.h — what the trace-database CLI tests share (test_cli_db.c: damaged and
 * foreign traces, doctor; test_cli_resume.c: --resume's checks and lock; test_cli_shards.c: --shard and
 * merge). Every helper fails the test on error. */
#ifndef TEST_CLI_DB_H
#define TEST_CLI_DB_H

#define SCENARIO "conformance/scenarios/iwin32/iwin32.close.invalid-handle-fails.json"
#define IWIN32 "conformance/scenarios/iwin32"
#define CAP 65536

/* The SHA-256 of the file at path (hex), or "missing". */
void file_sha256(const char *path, char hex[65]);

/* Runs sql on the SQLite database at path. */
void sql_file(const char *path, const char *sql);

/* A trace of one run of SCENARIO at a kept temporary path named name (kept_tmp_path). */
const char *recorded_trace(const char *name);

/* Overwrites the byte at offset of the file at path. */
void poke(const char *path, long offset, unsigned char value);

#endif
