#!/bin/sh
# scripts/demo-family.sh SOURCE_DIR BUILD_DIR CMAKE CC RTSHM — the proof of sim/README.md "Adding an
# API family": what the demonstration family demo (one call, DemoGetTicket) costs, and that it works.
#
# 1. The files that name it. Every file of the source tree (git's tracked and untracked-not-ignored
#    files, or a walk without .git, build*, out and CMake build folders) that mentions the family —
#    RTSHM_DEMO_FAMILY, the tokens DEMO / demo / Demo<Name> as words or parts of identifiers — must be
#    exactly EXPECTED below: its descriptor (header and source), its test, a row in each table, the
#    CMake option and its end-to-end scenario. Not counted: documentation (*.md) and this script.
# 2. That it is a family end to end. BUILD_DIR gets a separate build with -DRTSHM_DEMO_FAMILY=ON (no
#    sanitizers, Debug, -j 2, only the targets rtshm and sim_tests); there the sim tests pass, the demo
#    suite among them, and `rtshm run` of conformance/tests/demo passes with the statuses, return
#    values and clause of every step as asserted below, read back from the exported trace; the parser
#    applies the row's caller rules. RTSHM, the normal build's rtshm, rejects the scenario: without
#    the option there is no demo family.
#
# Exit 0 when all holds, 1 when something does not (with what), 77 (ctest SKIP) only when a tool from
# outside the project is missing. Registered as the ctest demo_family by sim/CMakeLists.txt.
set -u

EXPECTED='CMakeLists.txt
conformance/include/rtshm/backend.h
conformance/tests/demo/demo.ticket.steps-per-process.json
sim/CMakeLists.txt
sim/include/sim/api.h
sim/include/sim/demo.h
sim/src/demo.c
sim/src/families.c
sim/tests/suites.def
sim/tests/test_demo.c
spec/include/spec/clauses_model.def
spec/include/spec/families.def
spec/include/spec/functions.def'

usage="usage: demo-family.sh SOURCE_DIR BUILD_DIR CMAKE CC RTSHM"
[ $# -eq 5 ] || { echo "$usage" >&2; exit 2; }
src=$1 bld=$2 cmake=$3 cc=$4 rtshm=$5
scenarios=$src/conformance/tests/demo
fail() { echo "demo-family: FAIL: $*" >&2; exit 1; }
for tool in "$cmake" "$cc" grep sed sort find; do
    command -v "$tool" >/dev/null 2>&1 || { echo "demo-family: SKIP: $tool not found" >&2; exit 77; }
done

# ---- 1. the files that name the family ----
# The source tree's files, relative to src, one a line.
list_files() {
    if command -v git >/dev/null 2>&1 && git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        git -C "$src" ls-files --cached --others --exclude-standard
    else
        (cd "$src" && find . \( -name .git -o -name out -o -name 'build*' \) -prune -o -type f -print | sed 's|^\./||')
    fi
}
mentions=$(list_files | sort -u | while IFS= read -r f; do
    case $f in *.md | scripts/demo-family.sh) continue ;; esac
    top=${f%%/*}
    [ "$top" != "$f" ] && [ -f "$src/$top/CMakeCache.txt" ] && continue # a build folder inside the tree
    [ -f "$src/$f" ] || continue                                             # tracked but deleted
    grep -Eq '(^|[^A-Za-z])([Dd]emo|DEMO)([^a-z]|$)' "$src/$f" && echo "$f"
done)
if [ "$mentions" != "$EXPECTED" ]; then
    printf 'expected:\n%s\nfound:\n%s\n' "$EXPECTED" "$mentions" >&2
    fail "the files naming the demo family differ from the list (sim/README.md, Adding an API family)"
fi
echo "demo-family: $(echo "$mentions" | wc -l | tr -d ' ') files name the family, as listed"

# ---- 2. the family end to end, in a build with it ----
"$cmake" -S "$src" -B "$bld" -DRTSHM_DEMO_FAMILY=ON -DRTSHM_TESTS=ON -DRTSHM_SANITIZE=OFF -DRTSHM_WERROR=ON \
    -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER="$cc" >"$bld.configure.log" 2>&1 ||
    { cat "$bld.configure.log" >&2; fail "configuring $bld"; }
"$cmake" --build "$bld" -j 2 --target rtshm sim_tests >"$bld.build.log" 2>&1 ||
    { tail -40 "$bld.build.log" >&2; fail "building rtshm and sim_tests with RTSHM_DEMO_FAMILY"; }

out=$("$bld/sim/sim_tests" 2>&1) || { echo "$out" >&2; fail "sim_tests with the demo family"; }
out=$(CK_RUN_SUITE=demo "$bld/sim/sim_tests" 2>&1)
echo "$out" | grep -q '^100%: Checks: 4, Failures: 0, Errors: 0$' || { echo "$out" >&2; fail "the demo suite did not run its 4 tests"; }

work=$bld/e2e
rm -rf "$work" && mkdir -p "$work"
out=$("$bld/rtshm" run --db "$work/trace.sqlite" "$scenarios" 2>&1) || { echo "$out" >&2; fail "rtshm run $scenarios"; }
echo "$out" | grep -q '^PASS    demo.ticket.steps-per-process  (6 steps)$' || { echo "$out" >&2; fail "the scenario did not PASS"; }
"$bld/rtshm" export "$work/trace.sqlite" -o "$work/trace.jsonl" >/dev/null 2>&1 || fail "rtshm export"
grep -q '^{"message":null,"scenario":"demo.ticket.steps-per-process",.*"steps":6,"type":"scenario","verdict":"PASS"}$' \
    "$work/trace.jsonl" || fail "the trace's scenario record is not PASS with 6 steps"
grep '"type":"step"' "$work/trace.jsonl" >"$work/steps.jsonl"
[ "$(wc -l <"$work/steps.jsonl" | tr -d ' ')" = 6 ] || fail "the trace holds $(wc -l <"$work/steps.jsonl") steps, not 6"
# expect_step N PROCESS RET STATUS LAST_ERROR: step N of the trace, a DEMO.TICKET call judged PASS.
expect_step() {
    line=$(sed -n "$(($1 + 1))p" "$work/steps.jsonl")
    for want in "\"step\":$1," "\"process\":\"$2\"" "\"ret\":\"$3\"" "\"status\":\"$4\"" "\"last_error\":\"$5\"" \
        '"api":"demo"' '"function":"DemoGetTicket"' '"clause":"DEMO.TICKET"' '"verdict":"PASS"'; do
        case $line in *"$want"*) ;; *) fail "trace step $1 lacks $want: $line" ;; esac
    done
}
expect_step 0 rt 1 ERROR_SUCCESS ERROR_SUCCESS
expect_step 1 rt 6 ERROR_SUCCESS ERROR_SUCCESS
expect_step 2 win 3 ERROR_SUCCESS ERROR_SUCCESS
expect_step 3 rt 0 ERROR_INVALID_PARAMETER ERROR_INVALID_PARAMETER
expect_step 4 rt 4294967295 ERROR_SUCCESS ERROR_INVALID_PARAMETER # success leaves the slot
expect_step 5 rt 0 ERROR_INVALID_PARAMETER ERROR_INVALID_PARAMETER

# The parser's caller rules come from the row: an rt process in RTSS may not call it.
cat >"$work/rtss-caller.json" <<'EOF'
{"format": "rtshm-scenario/1", "id": "demo.rtss-caller", "title": "rtss may not call DemoGetTicket", "clauses": ["DEMO.TICKET"],
 "steps": [{"as": "rtss", "call": "DemoGetTicket", "expect": {"return": 1}}]}
EOF
out=$("$bld/rtshm" check "$work/rtss-caller.json" 2>&1)
[ $? -eq 2 ] && echo "$out" | grep -q "process 'rtss' (an rt process in RTSS (rtx64)) cannot call 'DemoGetTicket'" ||
    { echo "$out" >&2; fail "an RTSS process's DemoGetTicket was not rejected by the caller rules"; }

# Without the option there is no such family.
out=$("$rtshm" check "$scenarios" 2>&1)
[ $? -eq 2 ] && echo "$out" | grep -q "unknown clause 'DEMO.TICKET'" ||
    { echo "$out" >&2; fail "the normal build's rtshm accepted the demo scenario"; }
echo "demo-family: PASS (demo build in $bld: sim tests, e2e scenario, caller rules)"
