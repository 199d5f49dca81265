#!/usr/bin/env python3
"""scripts/expect-schema-validate.py — expectation files against the committed JSON Schema
(conformance/rtshm-expectations.schema.json), checked by an independent validator (python3-jsonschema,
Draft 2020-12), not by rtshm's own loader.

Usage: expect-schema-validate.py SCHEMA VALID_DIR INVALID_DIR

Contract: the schema itself is a valid draft 2020-12 schema; every *.json of VALID_DIR (at least one) is
valid against it; every *.json of INVALID_DIR (at least one) is invalid against it (rtshm refuses each of
them too: conformance/tests/test_expect.c). Prints one line per failure and a summary. Exit 0 when all
hold, 1 when one does not, 2 on bad usage or unreadable input, 77 (a visible ctest SKIP) when no python3
with the jsonschema module 4.0 or newer exists (the same rule as scripts/schema-validate.py).
"""
import glob
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def scenario_validator_module():
    """scripts/schema-validate.py as a module: its import_jsonschema and load are reused."""
    spec = importlib.util.spec_from_file_location("schema_validate", os.path.join(HERE, "schema-validate.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv):
    if len(argv) != 4:
        print("usage: expect-schema-validate.py SCHEMA VALID_DIR INVALID_DIR", file=sys.stderr)
        return 2
    schema_path, valid_dir, invalid_dir = argv[1:]
    shared = scenario_validator_module()
    jsonschema = shared.import_jsonschema()
    try:
        schema = shared.load(schema_path)
        jsonschema.Draft202012Validator.check_schema(schema)
    except (OSError, ValueError) as e:
        print(f"{schema_path}: {e}", file=sys.stderr)
        return 2
    except jsonschema.exceptions.SchemaError as e:
        print(f"{schema_path}: not a valid draft 2020-12 schema: {e.message}")
        return 1
    validator = jsonschema.Draft202012Validator(schema)
    failures = 0
    valid = sorted(glob.glob(os.path.join(valid_dir, "*.json")))
    invalid = sorted(glob.glob(os.path.join(invalid_dir, "*.json")))
    if not valid or not invalid:
        print(f"no files: {len(valid)} in {valid_dir}, {len(invalid)} in {invalid_dir}", file=sys.stderr)
        return 2
    for path in valid:
        error = jsonschema.exceptions.best_match(validator.iter_errors(shared.load(path)))
        if error is not None:
            failures += 1
            where = "/".join(str(p) for p in error.absolute_path) or "(root)"
            print(f"FAIL {path}: {where}: {error.message[:300]}")
    for path in invalid:
        if validator.is_valid(shared.load(path)):
            failures += 1
            print(f"FAIL {path}: the schema accepts it, rtshm refuses it")
    print(f"{len(valid)} valid and {len(invalid)} invalid expectation files checked, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
