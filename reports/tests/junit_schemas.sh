#!/bin/sh
# reports/tests/junit_schemas.sh — `rtshm report --format junit` against the two JUnit schemas CI consumers
# use (ctest: reports_junit_schemas): the Jenkins xunit plugin's model and the Ant JUnit format, both in
# reports/tests/junit/, checked with xmllint (libxml2-utils, installed by scripts/deps).
#
# One scratch trace, three runs: the iwin32 close scenarios and the two on-purpose fixtures (FAIL, DIVERGE);
# the same judged against an expectation file (an expected FAIL, an expected DIVERGE, an unexpected pass); and a
# backend that crashes (CRASH, an <error>). Each is rendered with every --diverge mapping, and each document must
# validate against both schemas; so must the report of an exploration recorded with `explore --db` (beside the
# run of its shrunk scenarios) and of a trace holding an exploration alone. Then specific values are asserted:
# the counts on <testsuite>, no attribute on <testsuites>, a wall-clock time that is not 0, the DIVERGE mapping,
# the expected and the unexpected pass, the explore suites.
# Exit 77 (a visible SKIP) when xmllint is missing.
#
# Usage: junit_schemas.sh RTSHM_BIN SOURCE_DIR BACKEND_DIR
set -u

rtshm=$1
src=$2
backends=$3
command -v xmllint >/dev/null 2>&1 || {
    echo "SKIP: reports_junit_schemas: no xmllint (scripts/deps installs libxml2-utils)" >&2
    exit 77
}
work=$(mktemp -d "${TMPDIR:-/tmp}/rtshm-junit.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM
fail() {
    echo "junit_schemas: FAIL: $*" >&2
    exit 1
}
has() { # FILE TEXT: the file holds the text (fixed string)
    grep -qF -- "$2" "$1" || fail "$1 lacks: $2"
}

db="$work/trace.sqlite"
fixtures="$src/conformance/tests/fixtures"
closes="$src/conformance/scenarios/iwin32/iwin32.close.invalid-handle-fails.json"
"$rtshm" run --db "$db" "$fixtures" "$closes" >"$work/run1.log" 2>&1
[ $? -eq 1 ] || fail "run 1: expected exit 1 (a FAIL and a DIVERGE): $(tail -3 "$work/run1.log")"
cat >"$work/expect.json" <<'JSON'
{"format": "rtshm-expectations/1", "expectations": [
  {"scenario": "tests.fails-on-purpose", "verdict": "FAIL", "reason": "bug <12> & co", "link": "https://example.org/12"},
  {"scenario": "tests.diverges-on-purpose", "verdict": "DIVERGE", "reason": "permitted"},
  {"scenario": "iwin32.close.invalid-handle-fails", "verdict": "FAIL", "reason": "was broken"}]}
JSON
"$rtshm" run --db "$db" --expect "$work/expect.json" "$fixtures" "$closes" >"$work/run2.log" 2>&1
[ $? -eq 1 ] || fail "run 2: expected exit 1 (an unexpected pass): $(tail -3 "$work/run2.log")"
crash="$backends/librtshm_mutant_crash_on_close.so"
[ -f "$crash" ] || fail "no $crash"
"$rtshm" run --db "$db" --impl "$crash" "$closes" >"$work/run3.log" 2>&1
[ $? -eq 1 ] || fail "run 3: expected exit 1 (a CRASH): $(tail -3 "$work/run3.log")"

for run in 1 2 3; do
    for diverge in "" failure skipped pass; do
        out="$work/run$run${diverge:+-$diverge}.xml"
        "$rtshm" report "$db" --run "$run" --format junit ${diverge:+--diverge "$diverge"} -o "$out" 2>/dev/null ||
            fail "report --run $run ${diverge:+--diverge $diverge} failed"
        for schema in jenkins-xunit-junit ant-junit; do
            xmllint --noout --schema "$src/reports/tests/junit/$schema.xsd" "$out" >"$work/xmllint.log" 2>&1 ||
                fail "$out is not valid against $schema.xsd: $(head -5 "$work/xmllint.log")"
        done
    done
done

# An exploration recorded with --db (a second <testsuite name="explore">), and a trace of one alone (its suite only).
"$rtshm" explore --impl "$backends/librtshm_mutant_undocumented_status.so" --seed 1 --count 100 --db "$work/explore.sqlite" \
    --out "$work/explore" >"$work/explore.log" 2>&1
[ $? -eq 1 ] || fail "explore: expected exit 1 (the mutant diverges): $(tail -3 "$work/explore.log")"
"$rtshm" explore --impl reference --seed 1 --count 20 --db "$work/explore-ref.sqlite" --out "$work/explore-ref" \
    >"$work/explore-ref.log" 2>&1 || fail "explore --impl reference: $(tail -3 "$work/explore-ref.log")"
for trace in explore explore-ref; do
    out="$work/$trace.xml"
    "$rtshm" report "$work/$trace.sqlite" --format junit -o "$out" 2>/dev/null || fail "report of $trace.sqlite failed"
    for schema in jenkins-xunit-junit ant-junit; do
        xmllint --noout --schema "$src/reports/tests/junit/$schema.xsd" "$out" >"$work/xmllint.log" 2>&1 ||
            fail "$out is not valid against $schema.xsd: $(head -5 "$work/xmllint.log")"
    done
done
has "$work/explore.xml" '<testsuite name="explore" package="rtshm" id="1" timestamp="1970-01-01T00:00:00"'
has "$work/explore.xml" '<testcase classname="exploration.1" name="scenario '
has "$work/explore-ref.xml" '<testsuite name="explore" package="rtshm" id="0" timestamp="1970-01-01T00:00:00" hostname="localhost" tests="0" failures="0" errors="0" skipped="0" time="0.000000">'

r1="$work/run1.xml"
has "$r1" '<testsuites>'
has "$r1" 'tests="3" failures="2" errors="0" skipped="0"'
has "$r1" '<failure type="DIVERGE"'
has "$r1" '<property name="diverge" value="failure"/>'
has "$work/run1-skipped.xml" 'tests="3" failures="1" errors="0" skipped="1"'
has "$work/run1-skipped.xml" '<skipped message="DIVERGE (not counted as a failure): '
has "$work/run1-pass.xml" 'tests="3" failures="1" errors="0" skipped="0"'
# real durations: some test case took a measurable time (microseconds), and the suite's is their sum
grep -q 'name="tests.fails-on-purpose" time="0\.0*[1-9]' "$r1" || fail "$r1: no wall-clock time on tests.fails-on-purpose"
r2="$work/run2.xml"
has "$r2" 'tests="3" failures="1" errors="0" skipped="2"'
has "$r2" '<skipped message="expected FAIL: bug &lt;12&gt; &amp; co (https://example.org/12)"/>'
has "$r2" '<failure type="UNEXPECTED-PASS" message="expected FAIL (was broken); it ended PASS">'
has "$r2" '<property name="expectations" value="'
has "$work/run3.xml" 'tests="1" failures="0" errors="1" skipped="0"'
has "$work/run3.xml" '<error type="CRASH"'
echo "junit_schemas: 14 documents valid against both schemas; counts, times, DIVERGE mapping, expectations and explorations as expected"
