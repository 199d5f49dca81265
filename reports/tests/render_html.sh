#!/bin/sh
# reports/tests/render_html.sh — the HTML report as a browser sees it (ctest: reports_render_html).
#
# Runs the iwin32 corpus into a scratch trace (run 1), then the two on-purpose fixtures with the same
# corpus (run 2: one FAIL, one DIVERGE), renders run 2 against run 1 as out/report.html, and has headless
# Chromium (1) dump the DOM it built, whose text must hold each verdict's total and the failure's text, and
# (2) take a screenshot, out/report.png (1280x2000), for a person to look at. out/ is relative to the
# working directory (ctest runs it in the build folder).
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
trap 'rm -rf "$work"' EXIT INT TERM
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
if grep -qi "<script" "$work/dom.html"; then fail "the DOM holds a <script> element"; fi

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

echo "render_html: ok: $pass PASS, 1 FAIL, 1 DIVERGE in the page; screenshot $(pwd)/out/report.png ($size bytes)"
exit 0
