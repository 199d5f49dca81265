#!/bin/sh
# sim/emu/tests/e2e.sh — record to scenario, end to end: the telemetry example (telemetry_example, linked against librtshm_emu.so)
# records its run; rtshm checks and replays the saved scenario without the program and gets PASS; the trace the
# library wrote is the replay's canonical trace (rtshm diff: identical) and `rtshm report`, `rtshm spec
# --coverage` read it; `rtshm validate` runs it against backend libraries (the reference passes, a mutant whose
# RtOpenSharedMemory creates a missing object fails); a second recording is byte-identical (SIM.DETERMINISM).
#
# usage: e2e.sh RTSHM EXAMPLE OUT_DIR REFERENCE_SO MUTANT_SO   (ctest emu_e2e; OUT_DIR is emptied first)
set -eu
RTSHM=$1 EXAMPLE=$2 OUT=$3 REFERENCE=$4 MUTANT=$5
fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$OUT" && mkdir -p "$OUT/first" "$OUT/second"

out=$("$EXAMPLE" "$OUT/first") || fail "the example failed: $out"
[ "$out" = "steps 25, findings 2, failures 0" ] || fail "example: $out"

out=$("$RTSHM" check "$OUT/first/telemetry.json") || fail "rtshm check: $out"
[ "$out" = "1 scenario files valid (25 steps)" ] || fail "rtshm check said: $out"

out=$("$RTSHM" run --db "$OUT/run.sqlite" "$OUT/first/telemetry.json") || fail "rtshm run: $out"
echo "$out" | grep -q '^PASS    emu.telemetry  (25 steps, 2 findings)$' || fail "rtshm run said: $out"

"$RTSHM" diff "$OUT/first/emu-trace.sqlite" "$OUT/run.sqlite" >"$OUT/diff.txt" || fail "the library's trace and the replay's differ: $(cat "$OUT/diff.txt")"

"$RTSHM" export "$OUT/first/emu-trace.sqlite" -o "$OUT/first/trace.jsonl"
pass=$(grep -c '"type":"step".*"verdict":"PASS"' "$OUT/first/trace.jsonl")
none=$(grep -c '"type":"step".*"verdict":"NONE"' "$OUT/first/trace.jsonl")
[ "$pass" = 23 ] && [ "$none" = 2 ] || fail "trace verdicts: $pass PASS, $none NONE (expected 23 and 2: the two events)"
grep -q '"scenario":"emu.telemetry".*"type":"scenario","verdict":"PASS"' "$OUT/first/trace.jsonl" || fail "scenario verdict"
[ "$(grep -c '"type":"finding"' "$OUT/first/trace.jsonl")" = 2 ] || fail "2 findings (handles-closed-at-exit, kernel-stopped)"
grep -q '"kind":"kernel-stopped"' "$OUT/first/trace.jsonl" || fail "no kernel-stopped finding in the trace"

"$RTSHM" report "$OUT/first/emu-trace.sqlite" --format md >"$OUT/report.md" || fail "rtshm report"
grep -q '^| run 1 | 1 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 25 | 2 |$' "$OUT/report.md" || fail "report: $(cat "$OUT/report.md")"
"$RTSHM" spec --coverage "$OUT/first/emu-trace.sqlite" >"$OUT/coverage.txt" || true # exit 1: strict clauses uncovered
grep -Eq '^IWIN32.CREATE.OK +strict +0  -; 2 PASS$' "$OUT/coverage.txt" || fail "coverage of IWIN32.CREATE.OK"
grep -Eq '^NTX.MAP.OK +strict +0  -; 1 PASS$' "$OUT/coverage.txt" || fail "coverage of NTX.MAP.OK"

out=$("$RTSHM" validate --impl "$REFERENCE" --db "$OUT/validate-ref.sqlite" "$OUT/first/telemetry.json" 2>&1) ||
    fail "validate against the reference library: $out"
echo "$out" | grep -q '^scenarios: 1: 1 PASS, 0 FAIL' || fail "validate (reference) said: $out"
if out=$("$RTSHM" validate --impl "$MUTANT" --db "$OUT/validate-mutant.sqlite" "$OUT/first/telemetry.json" 2>&1); then
    fail "validate passed a mutant whose RtOpenSharedMemory creates the missing object: $out"
fi
echo "$out" | grep -q '^scenarios: 1: 0 PASS, 1 FAIL' || fail "validate (mutant) said: $out"

out=$("$EXAMPLE" "$OUT/second") || fail "second recording: $out"
cmp "$OUT/first/telemetry.json" "$OUT/second/telemetry.json" || fail "two recordings gave different scenarios"
"$RTSHM" export "$OUT/second/emu-trace.sqlite" -o "$OUT/second/trace.jsonl"
cmp "$OUT/first/trace.jsonl" "$OUT/second/trace.jsonl" || fail "two recordings gave different canonical traces"
echo "emu e2e: recorded 25 steps; rtshm check and run PASS; library trace = replay trace; validate: reference PASS, mutant FAIL; deterministic"
