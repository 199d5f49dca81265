#!/usr/bin/env python3
"""scripts/schema-validate.py — the scenario corpus against the committed JSON Schema, checked by an
independent validator (python3-jsonschema, Draft 2020-12), not by rtshm's own checker.

Usage: schema-validate.py SCHEMA CORPUS_DIR MALFORMED_DIR

Contract: the schema itself is a valid draft 2020-12 schema; every *.json below CORPUS_DIR (at least
MIN_CORPUS files) is valid against it; each file of STRUCTURAL_ERRORS in MALFORMED_DIR (files the
parser rejects for a reason a schema can see) is invalid against it. Prints one line per failure and
a summary. Exit 0 when all hold, 1 when one does not, 2 on bad usage or unreadable input, 77 (a
visible ctest SKIP) when no python3 with the jsonschema module (Debian: python3-jsonschema) 4.0 or newer exists.
"""
import glob
import json
import os
import sys

MIN_CORPUS = 156

# Malformed files whose defect is structural: a schema must reject each of them.
STRUCTURAL_ERRORS = [
    "bad-id", "empty-steps", "expect-on-event", "missing-required-argument", "missing-title",
    "non-object-root", "output-parameter-given-value", "schema-not-string", "status-wrong-family",
    "topology-without-processes", "unknown-clause", "unknown-constant", "unknown-event",
    "unknown-function", "unknown-parameter", "unknown-status", "unknown-top-level-key",
    "upper-case-hex-in-expect", "wrong-format",
]

SYSTEM_PYTHON = "/usr/bin/python3"  # where Debian's python3-jsonschema is importable


def import_jsonschema():
    """The jsonschema module; re-executes under the system python when this one lacks it (a
    python3 of pyenv or a venv first on PATH); exits 77 when no python has it, or when the one found
    is older than 4.0 (no Draft202012Validator)."""
    try:
        import jsonschema  # noqa: PLC0415
    except ImportError:
        if os.path.realpath(sys.executable) != os.path.realpath(SYSTEM_PYTHON) and os.access(SYSTEM_PYTHON, os.X_OK):
            os.execv(SYSTEM_PYTHON, [SYSTEM_PYTHON] + sys.argv)
        print("SKIP: no python3 module jsonschema (install the Debian package python3-jsonschema)")
        sys.exit(77)
    if not hasattr(jsonschema, "Draft202012Validator"):
        # Debian 11 ships jsonschema 3.2, which predates draft 2020-12 (added in 4.0): no independent
        # validator for this schema's dialect exists there, so the check cannot be made (a visible SKIP).
        print(f"SKIP: python3-jsonschema {version(jsonschema)} has no Draft 2020-12 validator (needs 4.0 or newer)")
        sys.exit(77)
    return jsonschema


def load(path):
    with open(path, "rb") as f:
        return json.loads(f.read().decode("utf-8"))


def main(argv):
    if len(argv) != 4:
        print("usage: schema-validate.py SCHEMA CORPUS_DIR MALFORMED_DIR", file=sys.stderr)
        return 2
    schema_path, corpus_dir, malformed_dir = argv[1:]
    jsonschema = import_jsonschema()
    try:
        schema = load(schema_path)
        jsonschema.Draft202012Validator.check_schema(schema)
    except (OSError, ValueError) as e:
        print(f"{schema_path}: {e}", file=sys.stderr)
        return 2
    except jsonschema.exceptions.SchemaError as e:
        print(f"{schema_path}: not a valid draft 2020-12 schema: {e.message}")
        return 1
    validator = jsonschema.Draft202012Validator(schema)
    failures = 0

    corpus = sorted(glob.glob(os.path.join(corpus_dir, "**", "*.json"), recursive=True))
    for path in corpus:
        error = jsonschema.exceptions.best_match(validator.iter_errors(load(path)))
        if error is not None:
            failures += 1
            where = "/".join(str(p) for p in error.absolute_path) or "(root)"
            print(f"FAIL {path}: {where}: {error.message[:300]}")
    if len(corpus) < MIN_CORPUS:
        failures += 1
        print(f"FAIL {corpus_dir}: {len(corpus)} scenario files, expected at least {MIN_CORPUS}")

    for name in STRUCTURAL_ERRORS:
        path = os.path.join(malformed_dir, name + ".json")
        if not os.path.exists(path):
            failures += 1
            print(f"FAIL {path}: missing")
        elif validator.is_valid(load(path)):
            failures += 1
            print(f"FAIL {path}: accepted by the schema, but its defect is structural")

    print(f"schema-validate: jsonschema {version(jsonschema)}: {len(corpus)} corpus files valid-checked, "
          f"{len(STRUCTURAL_ERRORS)} malformed files reject-checked, {failures} failures")
    return 1 if failures else 0


def version(module):
    """The jsonschema version, without the attribute newer releases deprecate."""
    try:
        from importlib.metadata import version as dist_version  # noqa: PLC0415
        return dist_version("jsonschema")
    except Exception:  # noqa: BLE001 — a version is only printed
        return getattr(module, "__version__", "?")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
