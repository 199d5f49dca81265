#!/bin/sh
# scripts/install-test.sh — the installation as a vendor uses it (ctest install_example_backend).
#
# Usage: scripts/install-test.sh SOURCE_DIR BUILD_DIR
# Installs BUILD_DIR with `cmake --install` into BUILD_DIR/install-test/prefix and checks every installed
# file; checks that the man page describes every command `rtshm --help` lists; builds conformance/backends/example out
# of the tree twice, with find_package(rtshm) (CMAKE_PREFIX_PATH) and with pkg-config (PKG_CONFIG_PATH);
# then, from a folder with no conformance/scenarios, runs the installed `rtshm validate --impl` on each build:
#   - a scenario of SetLastError/GetLastError written here: PASS on both, exit 0;
#   - --filter 'ntx.map.*' on the installed corpus (the default): every scenario SKIPped (the example declares
#     only iwin32), exit 0;
#   - --filter 'iwin32.create.*': the example's xSupports has no RtCreateSharedMemory: those steps, and the ones
#     depending on them, are SKIP; the one scenario whose SetLastError step is judged PASSes, the rest SKIP; exit 0.
# Exit 0 when all hold, 1 with the first failure. Leaves its files under BUILD_DIR/install-test (removed and
# recreated on each run).
set -u
src=$(cd "$1" && pwd) || exit 2
build=$(cd "$2" && pwd) || exit 2
work="$build/install-test"
prefix="$work/prefix"
rm -rf "$work" && mkdir -p "$work/run" || exit 1

fail() {
    echo "install-test: FAIL: $*" >&2
    exit 1
}
# has FILE TEXT: FILE contains the fixed string TEXT
has() {
    grep -qF -- "$2" "$1" || { echo "--- $1:" >&2; cat "$1" >&2; fail "$1 lacks '$2'"; }
}

cmake --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1 || { cat "$work/install.log" >&2; fail "cmake --install"; }

# ---- the installed files ----
libdir=$(cd "$prefix" && ls -d lib*/pkgconfig | head -n 1 | sed 's|/pkgconfig$||')
[ -n "$libdir" ] || fail "no lib*/pkgconfig under $prefix"
for f in bin/rtshm include/rtshm/backend.h "$libdir/rtshm/backends/librtshm_posix.so" \
         "$libdir/rtshm/backends/librtshm_reference_backend.so" share/rtshm/rtshm-scenario.schema.json \
         share/man/man1/rtshm.1 "$libdir/cmake/rtshm/rtshmConfig.cmake" "$libdir/cmake/rtshm/rtshmConfigVersion.cmake" \
         "$libdir/cmake/rtshm/rtshmTargets.cmake" "$libdir/pkgconfig/rtshm.pc"; do
    [ -f "$prefix/$f" ] || fail "$prefix/$f not installed"
done
[ -x "$prefix/bin/rtshm" ] || fail "bin/rtshm is not executable"
cmp -s "$src/conformance/include/rtshm/backend.h" "$prefix/include/rtshm/backend.h" || fail "backend.h differs"
cmp -s "$src/conformance/rtshm-scenario.schema.json" "$prefix/share/rtshm/rtshm-scenario.schema.json" ||
    fail "the installed schema differs from conformance/rtshm-scenario.schema.json"
want=$(cd "$src/conformance/scenarios" && find . -name '*.json' | sort)
got=$(cd "$prefix/share/rtshm/scenarios" && find . -type f | sort)
[ "$want" = "$got" ] || fail "share/rtshm/scenarios is not exactly the corpus's *.json"
[ "$(echo "$got" | wc -l)" -ge 156 ] || fail "fewer than 156 scenarios installed"
if nm -D --defined-only "$prefix/$libdir/rtshm/backends/librtshm_posix.so" >"$work/nm.txt" 2>/dev/null; then
    has "$work/nm.txt" " rtshm_backend_entry"
fi

# ---- the man page: every command of `rtshm --help` has its own entry (a .B line naming it) ----
"$prefix/bin/rtshm" --help >"$work/help.txt" || fail "rtshm --help"
commands=$(awk '/^commands:/ {on = 1; next} /^$/ {on = 0} on && /^  [a-z]/ {print $1}' "$work/help.txt")
[ "$(echo "$commands" | wc -w)" -ge 7 ] || fail "found only '$commands' in rtshm --help"
man="$prefix/share/man/man1/rtshm.1"
for c in $commands; do
    grep -qE "^\.BR? $c( |$)" "$man" || fail "the man page has no entry for the command '$c' of rtshm --help"
done
has "$man" ".TH RTSHM 1"
if command -v groff >/dev/null 2>&1; then
    groff -man -ww -z "$man" 2>"$work/groff.txt"
    [ ! -s "$work/groff.txt" ] || { cat "$work/groff.txt" >&2; fail "groff warns about the man page"; }
fi

# ---- the example backend, out of the tree: CMake package and pkg-config ----
cmake -S "$src/conformance/backends/example" -B "$work/example-cmake" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release \
    >"$work/example-cmake.log" 2>&1 && cmake --build "$work/example-cmake" >>"$work/example-cmake.log" 2>&1 ||
    { cat "$work/example-cmake.log" >&2; fail "conformance/backends/example with find_package(rtshm)"; }
has "$work/example-cmake/CMakeCache.txt" "rtshm_DIR:PATH=$prefix/$libdir/cmake/rtshm"
PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig" pkg-config --cflags rtshm >"$work/cflags.txt" || fail "pkg-config rtshm"
[ -f "$(sed 's/^-I//; s/ *$//' "$work/cflags.txt")/rtshm/backend.h" ] || fail "pkg-config --cflags rtshm: $(cat "$work/cflags.txt")"
mkdir -p "$work/example-pc"
PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig" make -f "$src/conformance/backends/example/Makefile" OUT="$work/example-pc" \
    >"$work/example-pc.log" 2>&1 || { cat "$work/example-pc.log" >&2; fail "conformance/backends/example with pkg-config"; }

# ---- the installed rtshm validates each build (from a folder without conformance/scenarios) ----
cat >"$work/run/lasterror.json" <<'JSON'
{
  "$schema": "rtshm-scenario.schema.json",
  "format": "rtshm-scenario/1",
  "id": "example.lasterror",
  "title": "SetLastError then GetLastError in two processes",
  "clauses": ["IWIN32.LASTERROR"],
  "steps": [
    {"as": "rt", "call": "GetLastError", "expect": {"return": 0, "status": "ERROR_SUCCESS"}},
    {"as": "rt", "call": "SetLastError", "args": {"dwErrCode": "ERROR_FILE_NOT_FOUND"}},
    {"as": "win", "call": "iwin32:SetLastError", "args": {"dwErrCode": 6}},
    {"as": "rt", "call": "GetLastError", "expect": {"return": 2, "last_error": "ERROR_FILE_NOT_FOUND"}},
    {"as": "win", "call": "iwin32:GetLastError", "expect": {"return": "ERROR_INVALID_HANDLE"}}
  ]
}
JSON
cd "$work/run" || exit 1
[ ! -e conformance/scenarios ] || fail "the run folder has a conformance/scenarios"
for lib in "$work/example-cmake/librtshm_example.so" "$work/example-pc/librtshm_example.so"; do
    how=$(basename "$(dirname "$lib")")
    "$prefix/bin/rtshm" validate --impl "$lib" --db "$how-own.sqlite" lasterror.json >"$how-own.txt" 2>&1
    rc=$?
    [ $rc -eq 0 ] || { cat "$how-own.txt" >&2; fail "$how: validate of lasterror.json exit $rc, expected 0"; }
    has "$how-own.txt" "1 scenarios: 1 PASS, 0 FAIL, 0 DIVERGE, 0 ERROR, 0 CRASH, 0 TIMEOUT, 0 SKIP; 5 steps"
    has "$how-own.txt" "validate: example-lasterror 1.0: passed (0 scenarios failed"

    "$prefix/bin/rtshm" validate --impl "$lib" --db "$how-ntx.sqlite" --filter 'ntx.map.*' >"$how-ntx.txt" 2>&1
    rc=$?
    [ $rc -eq 0 ] || { cat "$how-ntx.txt" >&2; fail "$how: validate --filter 'ntx.map.*' exit $rc, expected 0"; }
    has "$how-ntx.txt" "$prefix/share/rtshm/scenarios/ntx/ntx.map.order-of-checks.json: example-lasterror 1.0 does not support"
    has "$how-ntx.txt" "15 scenarios: 15 PASS, 0 FAIL, 0 DIVERGE, 0 ERROR, 0 CRASH, 0 TIMEOUT, 0 SKIP"
    has "$how-ntx.txt" "15 scenarios: 0 PASS, 0 FAIL, 0 DIVERGE, 0 ERROR, 0 CRASH, 0 TIMEOUT, 15 SKIP"

    "$prefix/bin/rtshm" validate --impl "$lib" --db "$how-create.sqlite" --filter 'iwin32.create.*' >"$how-create.txt" 2>&1
    rc=$?
    [ $rc -eq 0 ] || { cat "$how-create.txt" >&2; fail "$how: validate --filter 'iwin32.create.*' exit $rc, expected 0"; }
    has "$how-create.txt" "example-lasterror 1.0 does not support iwin32:RtCreateSharedMemory (step 0: RtCreateSharedMemory)"
    has "$how-create.txt" "18 scenarios: 1 PASS, 0 FAIL, 0 DIVERGE, 0 ERROR, 0 CRASH, 0 TIMEOUT, 17 SKIP"
    has "$how-create.txt" "validate: example-lasterror 1.0: passed"
done
echo "install-test: installed into $prefix and validated conformance/backends/example built with find_package(rtshm) and pkg-config"
exit 0
