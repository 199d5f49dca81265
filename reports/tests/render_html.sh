#!/bin/sh
# reports/tests/render_html.sh — the HTML report as a browser sees it (ctest: reports_render_html).
#
# Runs the iwin32 corpus into a scratch trace (run 1), then the two on-purpose fixtures with the same
# corpus (run 2: one FAIL, one DIVERGE), renders run 2 against run 1 as out/report.html, and has headless
# Chromium (1) dump the DOM it built, whose text must hold each verdict's total, NOT RUN, how many
# scenarios failed and the failure's text, whose scenario elements are anchored by their ids, with one
# script (the filter); (2) dump it again opened with ?filter=tests.fails, where only that scenario and its
# family are left visible (and, as written, without scripts, the filter box is hidden and every scenario
# shows); (3) render run 3 (the same judged against an expectation file: the FAIL expected, the DIVERGE
# not) and check its Expectations section; and (4) take a screenshot, out/report.png (1280x2000), for a
# person to look at. out/ is relative to the working directory (ctest runs it in the build folder).
#
# Optional: with no Chromium (chromium, chromium-browser or google-chrome on PATH) the test is skipped with
# exit 77 (ctest SKIP_RETURN_CODE) and a "SKIP:" line; it installs nothing. `make test-browser` installs
# Chromium through scripts/deps and runs it. Every browser run is bounded by `timeout 120`, with a fresh
# profile and networking, sync and updates off; the page itself loads nothing from anywhere.
#
# Usage: render_html.sh RTSHM_BIN RENDER_REPORT_BIN SOURCE_DIR
set -u

rtshm=$1
render=$2
src=$3

find_browser() {
    for b in chromium chromium-browser google-chrome; do
        if command -v "$b" >/dev/null 2>&1; then
            command -v "$b"
            return 0
        fi
    done
    return 1
}

browser=$(find_browser)
if [ -z "$browser" ]; then
    # Optional: `make test` never installs a browser (~280 MiB); `make test-browser` does, then runs this.
    echo "SKIP: reports_render_html: no Chromium installed; 'make test-browser' installs it and runs this test" >&2
    exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/rtshm-render-html.XXXXXX") || exit 1
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT INT TERM
mkdir -p out

fail() {
    echo "render_html: FAIL: $*" >&2
    exit 1
}

db="$work/trace.sqlite"
"$rtshm" run --db "$db" "$src/conformance/scenarios/iwin32" >"$work/run1.log" 2>&1 ||
    fail "run 1 of the iwin32 corpus failed: $(tail -3 "$work/run1.log")"
"$rtshm" run --db "$db" "$src/conformance/tests/fixtures/fails-on-purpose.json" \
    "$src/conformance/tests/fixtures/diverges-on-purpose.json" "$src/conformance/scenarios/iwin32" \
    >"$work/run2.log" 2>&1
rc=$?
[ "$rc" -eq 1 ] || fail "run 2 should exit 1 (a FAIL and a DIVERGE), exited $rc: $(tail -3 "$work/run2.log")"

# The totals as the run itself printed them: "N scenarios: P PASS, F FAIL, D DIVERGE, E ERROR, S SKIP; ..."
summary=$(grep -E '^[0-9]+ scenarios: ' "$work/run2.log" | tail -1)
[ -n "$summary" ] || fail "no summary line in run 2's output"
count() { echo "$summary" | sed -n "s/.* \([0-9][0-9]*\) $1[,;].*/\1/p"; }
pass=$(count PASS)
failn=$(count FAIL)
diverge=$(count DIVERGE)
[ "$failn" = 1 ] && [ "$diverge" = 1 ] && [ -n "$pass" ] || fail "unexpected summary: $summary"

"$render" "$db" html out/report.html 1 || fail "render_report could not render the report"
page="file://$(pwd)/out/report.html"

browse() { # browse PROFILE_DIR ARGS... (stdout: the browser's)
    profile=$1
    shift
    timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" "$@"
}

browse "$work/profile-dom" --dump-dom "$page" >"$work/dom.html" 2>"$work/dom.err"
rc=$?
[ "$rc" -eq 0 ] && [ -s "$work/dom.html" ] || fail "chromium --dump-dom exited $rc: $(tail -3 "$work/dom.err")"

# The page's text: tags removed, entities that matter here decoded.
sed -e 's/<[^>]*>//g' -e 's/&amp;/\&/g' -e 's/&lt;/</g' -e 's/&gt;/>/g' "$work/dom.html" >"$work/text.txt"
has() { grep -Eq "$1" "$work/text.txt" || fail "the rendered page's text lacks /$1/"; }
has "PASS $pass([^0-9]|$)"
has "FAIL 1([^0-9]|$)"
has "DIVERGE 1([^0-9]|$)"
has "ERROR 0([^0-9]|$)"
has "CRASH 0([^0-9]|$)"
has "TIMEOUT 0([^0-9]|$)"
has "SKIP 0([^0-9]|$)"
has "expected status ERROR_SUCCESS, got ERROR_ALREADY_EXISTS"
has "New failures \(2\)"
has "NOT RUN 0([^0-9]|$)"
has "2 of $((pass + 2)) scenarios failed"
has "Failures and divergences: 2 scenarios \(2 failing steps\)"
scripts=$(grep -o -i "<script" "$work/dom.html" | wc -l)
[ "$scripts" -eq 1 ] || fail "the DOM holds $scripts <script> elements, not the filter's one"
dom_has() { grep -Eq "$1" "$2" || fail "$2 lacks /$1/"; }
dom_lacks() { if grep -Eq "$1" "$2"; then fail "$2 holds /$1/"; fi; }
# anchors are the scenario ids, linked from the index and the failures
dom_has '<details class="scn" id="tests.fails-on-purpose" data-key="tests.fails-on-purpose fail " open="">' "$work/dom.html"
dom_has 'href="#tests.fails-on-purpose"' "$work/dom.html"
dom_has '<a class="mono" href="#f-iwin32">iwin32</a>' "$work/dom.html"
dom_has '<div class="fam" id="f-tests">' "$work/dom.html"
# the script ran: the filter box is shown, nothing is filtered yet
dom_has '<input id="filter" type="search" placeholder="filter by id, verdict or outcome" aria-label="filter scenarios">' "$work/dom.html"
dom_lacks 'class="scn"[^>]* hidden' "$work/dom.html"

# (2) the filter: ?filter=tests.fails leaves one scenario and its family; the others are hidden
browse "$work/profile-filter" --dump-dom "$page?filter=tests.fails" >"$work/filtered.html" 2>"$work/filtered.err" ||
    fail "chromium --dump-dom with ?filter= failed: $(tail -3 "$work/filtered.err")"
dom_has '<details class="scn" id="tests.fails-on-purpose" data-key="tests.fails-on-purpose fail " open="">' "$work/filtered.html"
dom_has '<details class="scn" id="tests.diverges-on-purpose" data-key="[^"]*" open="" hidden="">' "$work/filtered.html"
dom_has '<div class="fam" id="f-iwin32" hidden="">' "$work/filtered.html"
dom_has '<div class="fam" id="f-tests">' "$work/filtered.html"
dom_has '<span id="filter-count" class="muted">1 of [0-9]+ scenarios shown</span>' "$work/filtered.html"
visible=$(grep -o '<details class="scn"[^>]*>' "$work/filtered.html" | grep -vc 'hidden=')
[ "$visible" -eq 1 ] || fail "?filter=tests.fails left $visible scenarios visible, not 1"
# without scripts the page reads the same: as written (what a browser with scripts off shows; headless
# Chromium's --dump-dom needs scripts), the box is hidden and no scenario or family is
dom_has '<input id="filter" [^>]*hidden>' out/report.html
dom_lacks 'class="(scn|fam)"[^>]* hidden' out/report.html

# (3) run 3, judged against an expectation file: the FAIL expected (blue, tagged), the DIVERGE unexpected
cat >"$work/expect.json" <<'JSON'
{"format": "rtshm-expectations/1", "expectations": [
  {"scenario": "tests.fails-on-purpose", "verdict": "FAIL", "reason": "known bug 12", "link": "https://example.org/12"},
  {"scenario": "nothing.*", "verdict": "CRASH", "reason": "never matches"}]}
JSON
"$rtshm" run --db "$db" --expect "$work/expect.json" "$src/conformance/tests/fixtures/fails-on-purpose.json" \
    "$src/conformance/tests/fixtures/diverges-on-purpose.json" >"$work/run3.log" 2>&1
[ $? -eq 1 ] || fail "run 3 should exit 1 (the DIVERGE is unexpected): $(tail -3 "$work/run3.log")"
"$render" "$db" html out/report-expect.html 0 || fail "render_report could not render run 3"
browse "$work/profile-expect" --dump-dom "file://$(pwd)/out/report-expect.html" >"$work/expect.html" 2>/dev/null ||
    fail "chromium --dump-dom of run 3 failed"
dom_has '<section id="expectations">' "$work/expect.html"
dom_has '<span class="badge c-expected">FAIL</span> <span class="tag expected">expected</span>' "$work/expect.html"
dom_has '<span class="badge c-unexpected">DIVERGE</span>' "$work/expect.html"
dom_has 'Entries that matched nothing \(1\)' "$work/expect.html"
dom_has '1 as expected, 1 unexpected; 0 unexpected passes' "$work/expect.html"

rm -f out/report.png
browse "$work/profile-shot" --screenshot="$(pwd)/out/report.png" --window-size=1280,2000 "$page" \
    >"$work/shot.out" 2>"$work/shot.err"
rc=$?
[ "$rc" -eq 0 ] || fail "chromium --screenshot exited $rc: $(tail -3 "$work/shot.err")"
[ -s out/report.png ] || fail "no screenshot written"
magic=$(od -An -c -N4 out/report.png | tr -d ' ')
[ "$magic" = "211PNG" ] || fail "out/report.png is not a PNG ($magic)"
size=$(wc -c <out/report.png)
[ "$size" -gt 20000 ] || fail "out/report.png is suspiciously small ($size bytes)"

echo "render_html: ok: $pass PASS, 1 FAIL, 1 DIVERGE in the page; anchors, filter (with and without scripts) and expectations as expected; screenshot $(pwd)/out/report.png ($size bytes)"
exit 0
