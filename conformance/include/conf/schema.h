/* conf/schema.h — the JSON Schema (draft 2020-12) of the scenario format rtshm-scenario/1.
 *
 * Generated from spec/ on each call: the functions and their parameters (types, defaults, docs), the
 * statuses of each function's status family, the named constants, and the clause IDs come from the
 * spec tables, so the schema never lists them by hand and cannot drift from what the parser accepts.
 * The format's own structure (top-level keys, topology, processes, memory steps, events) follows the
 * parser (conformance/src/parse*.c) and conformance/SCENARIO-FORMAT.md.
 *
 * A schema checks structure only: what needs the whole file (variables bound before use, which
 * process kinds may call which family, ids that refer to the topology, the time order of steps) is
 * left to the parser, which remains the authority (`rtshm validate`). Every file the parser accepts
 * is valid against the schema. */
#ifndef CONF_SCHEMA_H
#define CONF_SCHEMA_H

/* The schema as pretty-printed JSON text (malloc'd, NUL-terminated; the caller frees it), or NULL when
 * memory runs out. Deterministic: the same spec tables give the same bytes. */
char *conf_scenario_schema(void);

#endif
