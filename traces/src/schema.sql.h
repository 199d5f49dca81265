/* traces/src/schema.sql.h — the trace schema (TRACE-SCHEMA.md), version 2, as one SQL string.
 * Tables are a public interface: add columns and views freely; renaming or dropping needs a
 * schema_version bump and a migration. The CHECKs of `steps`, checked on every inserted row, are
 * written as OR chains: SQLite evaluates `x IN (list)` through an ephemeral table, opened and
 * closed per row (a malloc/free of its page cache each time). Same rows accepted either way. */
#ifndef TRACES_SCHEMA_SQL_H
#define TRACES_SCHEMA_SQL_H

static const char trace_schema_sql[] =
    "CREATE TABLE IF NOT EXISTS runs(\n"
    "  run_id INTEGER PRIMARY KEY,\n"
    "  schema_version INTEGER NOT NULL,\n"
    "  tool_version TEXT NOT NULL,\n"
    "  implementation TEXT NOT NULL,\n"
    "  seed INTEGER NOT NULL,\n"
    "  argv TEXT NOT NULL,\n"
    "  started_at TEXT NOT NULL,\n"
    "  state TEXT NOT NULL CHECK (state IN ('running','complete','interrupted')));\n"
    "CREATE TABLE IF NOT EXISTS scenarios(\n"
    "  run_id INTEGER NOT NULL REFERENCES runs(run_id),\n"
    "  scenario TEXT NOT NULL,\n"
    "  path TEXT,\n"
    "  sha256 TEXT,\n"
    "  verdict TEXT CHECK (verdict IN ('PASS','FAIL','DIVERGE','ERROR','CRASH','TIMEOUT','SKIP')),\n"
    "  steps INTEGER,\n"
    "  message TEXT,\n"
    "  backend_output TEXT,\n"
    "  PRIMARY KEY(run_id, scenario));\n"
    "CREATE TABLE IF NOT EXISTS steps(\n"
    "  run_id INTEGER NOT NULL,\n"
    "  scenario TEXT NOT NULL,\n"
    "  seq INTEGER NOT NULL,\n"
    "  step INTEGER,\n"
    "  vtime_us INTEGER,\n"
    "  process TEXT,\n"
    "  kind TEXT CHECK (kind = 'call' OR kind = 'read' OR kind = 'write' OR kind = 'event'),\n"
    "  api TEXT,\n"
    "  function TEXT,\n"
    "  args TEXT,\n"
    "  ret TEXT,\n"
    "  status TEXT, status_code INTEGER,\n"
    "  last_error TEXT, last_error_code INTEGER,\n"
    "  expected TEXT,\n"
    "  verdict TEXT CHECK (verdict = 'PASS' OR verdict = 'FAIL' OR verdict = 'DIVERGE' OR verdict = 'NONE' OR\n"
    "                      verdict = 'SKIP'),\n"
    "  clause TEXT,\n"
    "  detail TEXT,\n"
    "  native_error INTEGER, native_error_kind TEXT,\n"
    "  opaque TEXT,\n"
    "  after_restart INTEGER,\n"
    "  died TEXT,\n"
    "  PRIMARY KEY(run_id, scenario, seq));\n"
    "CREATE TABLE IF NOT EXISTS findings(\n"
    "  run_id INTEGER NOT NULL,\n"
    "  scenario TEXT NOT NULL,\n"
    "  seq INTEGER,\n"
    "  kind TEXT,\n"
    "  clause TEXT,\n"
    "  detail TEXT);\n"
    "CREATE INDEX IF NOT EXISTS findings_by_scenario ON findings(run_id, scenario, seq);\n"
    "CREATE TABLE IF NOT EXISTS scenario_clauses(\n"
    "  run_id INTEGER NOT NULL,\n"
    "  scenario TEXT NOT NULL,\n"
    "  clause TEXT NOT NULL,\n"
    "  PRIMARY KEY(run_id, scenario, clause));\n"
    "CREATE TABLE IF NOT EXISTS run_inputs(\n"
    "  run_id INTEGER PRIMARY KEY REFERENCES runs(run_id),\n"
    "  impl_sha256 TEXT,\n"
    "  corpus_sha256 TEXT NOT NULL,\n"
    "  filters TEXT NOT NULL,\n"
    "  shard_index INTEGER,\n"
    "  shard_count INTEGER);\n"
    "CREATE TABLE IF NOT EXISTS run_corpus(\n"
    "  run_id INTEGER NOT NULL,\n"
    "  scenario TEXT NOT NULL,\n"
    "  sha256 TEXT NOT NULL,\n"
    "  PRIMARY KEY(run_id, scenario));\n"
    "CREATE INDEX IF NOT EXISTS steps_by_clause ON steps(run_id, clause);\n"
    "CREATE INDEX IF NOT EXISTS steps_by_function ON steps(run_id, api, function, status);\n"
    "CREATE VIEW IF NOT EXISTS calls AS SELECT * FROM steps WHERE kind = 'call';\n"
    "CREATE VIEW IF NOT EXISTS failures AS\n"
    "  SELECT s.*, sc.path AS path FROM steps s JOIN scenarios sc USING (run_id, scenario)\n"
    "  WHERE s.verdict IN ('FAIL','DIVERGE');\n"
    "CREATE VIEW IF NOT EXISTS status_counts AS\n"
    "  SELECT run_id, function, status, COUNT(*) AS count FROM steps GROUP BY run_id, function, status;\n";

/* Version 1 -> 2, in one transaction (trace_open): scenarios gains a column; steps gains five and its
 * verdict CHECK admits SKIP, which SQLite cannot alter in place, so steps is rebuilt: the views and
 * indexes over it dropped, the table renamed aside (trace_migrate_v1_sql), trace_schema_sql run again to
 * make version 2's steps, views and indexes, then the rows copied and the old table dropped
 * (trace_migrate_v1_copy_sql). */
static const char trace_migrate_v1_sql[] =
    "ALTER TABLE scenarios ADD COLUMN backend_output TEXT;\n"
    "DROP VIEW IF EXISTS calls;\n"
    "DROP VIEW IF EXISTS failures;\n"
    "DROP VIEW IF EXISTS status_counts;\n"
    "DROP INDEX IF EXISTS steps_by_clause;\n"
    "DROP INDEX IF EXISTS steps_by_function;\n"
    "ALTER TABLE steps RENAME TO steps_v1;\n";
static const char trace_migrate_v1_copy_sql[] =
    "INSERT INTO steps(run_id, scenario, seq, step, vtime_us, process, kind, api, function, args, ret, status,\n"
    "  status_code, last_error, last_error_code, expected, verdict, clause, detail)\n"
    "  SELECT run_id, scenario, seq, step, vtime_us, process, kind, api, function, args, ret, status,\n"
    "  status_code, last_error, last_error_code, expected, verdict, clause, detail FROM steps_v1;\n"
    "DROP TABLE steps_v1;\n";

#endif
