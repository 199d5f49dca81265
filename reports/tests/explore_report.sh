#!/bin/sh
# reports/tests/explore_report.sh — `rtshm report` of what `rtshm explore --db` recorded, end to end (ctest:
# reports_explore_report): the real explorer on a shipped mutant, then the report in Markdown, JSON, HTML and
# JUnit must show its exploration: the totals explore printed, a row per divergence (the first one's number
# and seed), a row per shrunk file it wrote (its number, path, steps before → after), and the shrunk run's
# scenario linked. Then a trace of explorations alone (the reference finds nothing, so no run is recorded) is
# a report, not an error, and an exploration that does not exist is exit 2.
#
# The values are read from what explore printed and wrote (its summary line, the files in --out), so a change
# to the generator changes them without breaking the test; what must hold is that the report shows them.
#
# Usage: explore_report.sh RTSHM_BIN BACKEND_DIR
set -u

rtshm=$1
backends=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/rtshm-explore-report.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM
fail() {
    echo "explore_report: FAIL: $*" >&2
    exit 1
}
has() { # FILE TEXT: the file holds the text (fixed string)
    grep -qF -- "$2" "$1" || fail "$1 lacks: $2"
}
md_text() { # TEXT as the Markdown report escapes it (REPORT__ESC_MD: \ ` * _ [ ] | ~ # ! backslashed)
    printf '%s' "$1" | sed 's/[][\\`*_|~#!]/\\&/g'
}

mutant="$backends/librtshm_mutant_undocumented_status.so"
[ -f "$mutant" ] || fail "no $mutant"
db="$work/x.sqlite"
"$rtshm" explore --impl "$mutant" --seed 1 --count 200 --db "$db" --out "$work/shrunk" >"$work/explore.log" 2>&1
[ $? -eq 1 ] || fail "explore: expected exit 1 (the mutant diverges): $(tail -3 "$work/explore.log")"
# "explore: NAME: 200 scenarios (S steps) in T s, R scenarios/s; D diverged, K distinct"
summary=$(grep '^explore: .*: 200 scenarios (' "$work/explore.log") || fail "no summary line: $(cat "$work/explore.log")"
steps=$(echo "$summary" | sed 's/.*: 200 scenarios (\([0-9]*\) steps).*/\1/')
diverged=$(echo "$summary" | sed 's/.*; \([0-9]*\) diverged, .*/\1/')
[ "$diverged" -gt 0 ] || fail "nothing diverged: $summary"
ls "$work/shrunk"/explore.1.*.json >/dev/null 2>&1 || fail "no shrunk file in $work/shrunk"

for format in md json html junit; do
    "$rtshm" report "$db" --format "$format" -o "$work/report.$format" 2>"$work/report.err" ||
        fail "report --format $format: $(cat "$work/report.err")"
done
md="$work/report.md" json="$work/report.json" html="$work/report.html" junit="$work/report.junit"

has "$md" "#### Exploration 1: $(md_text "$mutant")"
has "$md" "seed 1 · complete, exit 1 · 200 scenarios, $steps steps, **$diverged diverged**"
has "$md" "**Divergences ($diverged)**"
has "$json" "\"divergences_total\":$diverged,"
has "$json" "\"diverged\":$diverged,"
has "$json" "\"steps\":$steps,"
has "$junit" "<testsuite name=\"explore\" package=\"rtshm\" id=\"1\" "
first=""
shrunk=0
for file in $(ls "$work/shrunk"/explore.1.*.json | sort -t. -k3,3n); do
    number=$(basename "$file" .json | sed 's/^explore\.1\.//')
    [ -n "$first" ] || first=$number
    shrunk=$((shrunk + 1))
    line=$(grep -F -- ": $file" "$work/explore.log") || fail "explore printed nothing about $file"
    before=$(echo "$line" | sed 's/.*shrunk from \([0-9]*\) to [0-9]* steps.*/\1/')
    after=$(echo "$line" | sed 's/.*shrunk from [0-9]* to \([0-9]*\) steps.*/\1/')
    # the shrunk row, and the divergence row it came from
    has "$md" "| $number | $(md_text "$file") | $before → $after | "
    has "$json" "\"number\":$number,\"path\":\"$file\",\"run_scenario\":\"explore.1.$number\",\"steps_after\":$after,\"steps_before\":$before,"
    has "$json" "\"shrunk\":\"$file\",\"step\":"
    has "$html" "<td class=\"n\"><a href=\"#explore_1_$number\">$number</a></td><td class=\"mono\">$file</td><td class=\"n nw\">$before → $after</td>"
    has "$html" "<tr id=\"explore_1_$number\">"
    has "$html" "<a class=\"mono\" href=\"#explore.1.$number\">explore.1.$number</a></td></tr>" # the shrunk run's scenario
    has "$junit" "<testcase classname=\"exploration.1\" name=\"scenario $number\" time=\"0.000000\">"
    has "$junit" "shrunk:   $file ($before → $after steps, "
done
has "$md" "**Shrunk scenarios ($shrunk)**"
has "$json" "\"shrunk_total\":$shrunk,"
# the first divergence is the first of its kind, so it was shrunk: its row comes first, with its own seed
grep -qE "^\| $first \| [0-9a-f]{16} \| [A-Z]+ \| [0-9]* \| " "$md" || fail "$md: no divergence row for scenario $first"
grep -q "\"divergences\":\[{\"clause\":\"[A-Z0-9_.]*\",\"fields\":[0-9]*,\"function\":\"[A-Za-z]*\",\"message\":\"[^\"]*\",\"mismatch\":\"[a-z_+]*\",\"number\":$first,\"seed\":\"[0-9a-f]\{16\}\"" "$json" ||
    fail "$json: the first divergence is not scenario $first"
grep -q "tests=\"$diverged\" failures=\"$diverged\" errors=\"0\" skipped=\"0\" time=\"0.000000\">" "$junit" ||
    fail "$junit: the explore suite does not count $diverged failures"

# A trace of explorations alone: the reference diverges from nothing, so explore records no run.
ref="$work/ref.sqlite"
"$rtshm" explore --impl reference --seed 1 --count 50 --db "$ref" --out "$work/ref" >"$work/ref.log" 2>&1 ||
    fail "explore --impl reference: $(tail -3 "$work/ref.log")"
"$rtshm" report "$ref" --format md >"$work/ref.md" 2>"$work/ref.err" || fail "report of explorations alone: $(cat "$work/ref.err")"
has "$work/ref.md" "### rtshm report: reference, exploration 1"
has "$work/ref.md" "No divergence in 50 generated scenarios."
"$rtshm" report "$ref" --format json >"$work/ref.json" 2>"$work/ref.err" || fail "report --format json: $(cat "$work/ref.err")"
has "$work/ref.json" '"run":null,'
has "$work/ref.json" '"scenarios":50,'
"$rtshm" report "$ref" --explore 2 >/dev/null 2>"$work/ref.err"
[ $? -eq 2 ] || fail "report --explore 2 of a trace with one exploration: expected exit 2"
has "$work/ref.err" "no explore run 2 in this trace database"
echo "explore_report: exploration 1 ($diverged divergences, $shrunk shrunk) in md, json, html and junit; explorations alone reported"
