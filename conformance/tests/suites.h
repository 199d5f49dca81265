/* conformance/tests/suites.h — the conformance test suites. */
#ifndef CONF_TEST_SUITES_H
#define CONF_TEST_SUITES_H

#include <check.h>

Suite *parse_suite(void);     /* test_parse.c: parser and validator on in-memory scenarios */
Suite *checker_suite(void);   /* test_checker.c: verdicts by level */
Suite *malformed_suite(void); /* test_malformed.c: malformed files through the CLI */
Suite *e2e_suite(void);       /* test_e2e.c: the corpus through the CLI, asserted on the trace */
Suite *backends_suite(void);  /* test_backends.c: backend libraries, mutants, isolation */
Suite *garbage_suite(void);   /* test_garbage.c: interface v1 and v2, a backend's garbage refused field by field, step SKIP, opaque values */
Suite *stream_suite(void);    /* test_stream.c: the streaming loader against the held one */
Suite *runner_suite(void);    /* test_runner.c: the runner's stages (resolve, execute, record) and its loop */
Suite *cli_suite(void);       /* test_cli.c: option parser, atomic writer, help table, export exit codes */
Suite *cli_conventions_suite(void); /* test_cli_conventions.c: GNU options, per-command help, --filter, temp files */
Suite *cli_results_suite(void); /* test_cli_results.c: run --rerun-failed, run --format text|json|tap */
Suite *schema_suite(void);    /* test_schema.c: the scenario JSON Schema generated from spec/ */
Suite *dispatch_suite(void);  /* test_dispatch.c: the reference's dispatch, caller rules, family bits */
Suite *oom_suite(void);       /* test_oom.c: every allocation of the model refused in turn */
Suite *cli_db_suite(void);     /* test_cli_db.c: foreign, future-schema, damaged traces; doctor */
Suite *cli_resume_suite(void); /* test_cli_resume.c: run --resume checks its inputs and the live-run lock */
Suite *cli_shards_suite(void); /* test_cli_shards.c: --shard K/N and rtshm merge */
Suite *diagnose_suite(void);  /* test_diagnose.c: the streaming loader's error wording against the held loader's */
Suite *input_suite(void);     /* test_input.c: hostile input: non-regular files, UTF-8, out of memory, escaping, --seed */
Suite *format_doc_suite(void); /* test_format_doc.c: SCENARIO-FORMAT.md against the parser and the schema */
Suite *expect_suite(void);    /* test_expect.c: run --expect FILE, rtshm expect --from DB, refused expectation files */
Suite *explore_suite(void);   /* test_explore.c: rtshm explore: generator, oracle, mutants found and shrunk, the CLI */
Suite *exec_proto_suite(void); /* test_exec_proto.c: the backend line protocol's framing and messages (PROTOCOL.md) */
Suite *irql_suite(void);      /* test_irql.c: a driver step's irql (RTK.IRQL): parsed, and a hazard above PASSIVE_LEVEL */
Suite *opaque_suite(void);    /* test_opaque.c: opaque values through a one-to-one correspondence (SIM.OPAQUE.BIJECTION) */

#endif
