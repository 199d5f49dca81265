#!/bin/sh
# conformance/agent/windows/tests/emu_e2e.sh — the RTX64 and INtime agents, built natively over librtshm_emu
# as the vendor SDK (tests/agent_host_emu.c), run under `rtshm run --impl exec:AGENT` on the rtx64.* and ntx.*
# scenarios: every scenario's verdict is the one tests/expected-emu.tsv pins, the run names the agent, its steps
# PASS where the machine can do them, and every ERROR is one of the two documented refusals; and the
# Windows-process-only scenario of tests/scenarios PASSes through the RTX64 agent as on the reference.
#
# Usage: emu_e2e.sh RTSHM AGENT_RTX64 AGENT_INTIME SOURCE_DIR OUT_DIR   (ctest windows_agent_emu)
set -eu
rtshm=$1 rtx64=$2 intime=$3 src=$4 out=$5
mkdir -p "$out"
fail() { echo "emu_e2e: $*" >&2; exit 1; }
got=$out/got.tsv
: >"$got"
# check_family FAMILY AGENT NAME PASSING_STEPS: one run of the family's scenarios through the agent.
check_family() {
    family=$1 agent=$2 name=$3 passes=$4
    db=$out/$family.sqlite
    rm -f "$db" "$db-wal" "$db-shm"
    status=0
    "$rtshm" run --impl "exec:$agent" --db "$db" --filter "$family.*" "$src/conformance/scenarios" >"$out/$family.txt" 2>&1 ||
        status=$?
    [ "$status" = 1 ] || fail "$family: rtshm run exited $status, expected 1 (scenarios FAIL and ERROR); $(tail -3 "$out/$family.txt")"
    [ "$(sqlite3 "$db" "SELECT implementation FROM runs")" = "$name" ] || fail "$family: the run does not name '$name'"
    n=$(sqlite3 "$db" "SELECT COUNT(*) FROM steps WHERE verdict = 'PASS'")
    [ "$n" = "$passes" ] || fail "$family: $n steps PASS, expected $passes"
    other=$(sqlite3 "$db" "SELECT scenario || ': ' || message FROM scenarios WHERE verdict = 'ERROR' AND message NOT LIKE
        '%the agent is one real Windows process%cannot act as process%' AND message NOT LIKE
        '%the topology has no Windows process for the agent to act as%'")
    [ -z "$other" ] || fail "$family: an ERROR that is not a documented refusal: $other"
    sqlite3 -separator '	' "$db" "SELECT scenario, verdict FROM scenarios ORDER BY scenario" >>"$got"
}
check_family rtx64 "$rtx64" "rtshm-agent rtx64 1.0" 12
check_family ntx "$intime" "rtshm-agent intime-ntx 1.0" 192
# The calls a Windows process makes alone (tests/scenarios/): every step PASSes on the reference and through
# the RTX64 agent alike.
for impl in reference "exec:$rtx64"; do
    db=$out/windows-only.sqlite
    rm -f "$db" "$db-wal" "$db-shm"
    "$rtshm" run --impl "$impl" --db "$db" "$src/conformance/agent/windows/tests/scenarios" >"$out/windows-only.txt" 2>&1 ||
        fail "$impl: tests/scenarios do not PASS: $(tail -3 "$out/windows-only.txt")"
    [ "$(sqlite3 "$db" "SELECT COUNT(*) FROM steps WHERE verdict = 'PASS'")" = 19 ] || fail "$impl: not 19 steps PASS"
done
grep -v '^#' "$src/conformance/agent/windows/tests/expected-emu.tsv" >"$out/expected.tsv"
diff "$out/expected.tsv" "$got" >&2 || fail "verdicts differ from tests/expected-emu.tsv (above: - expected, + got)"
echo "emu_e2e: $(wc -l <"$got") scenarios with the pinned verdicts"
