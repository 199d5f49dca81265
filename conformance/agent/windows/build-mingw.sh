#!/bin/sh
# build-mingw.sh — cross-compile both Windows agents (RTX64 and INtime) with mingw-w64 against the emulation
# headers (sim/emu/include), link each against an import library made from its .def file with the mingw
# dlltool (so a vendor function the agent calls but the .def does not list, or misspells, fails the link:
# checked once with RtCloseHandle left out), check that the emulation headers compile under mingw-w64 with and
# without UNICODE, and that each .exe is a PE32+ (x86-64) executable by its magic bytes.
#
# Usage: build-mingw.sh OUTDIR   (ctest windows_agent_builds runs it; scripts/deps installs the compiler)
# Exit 0 when both agents built and are PE32+; 1 with the failing step otherwise.
set -eu
out=${1:?usage: build-mingw.sh OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
include=$here/../../../sim/emu/include
cc=${MINGW_CC:-x86_64-w64-mingw32-gcc}
dlltool=${MINGW_DLLTOOL:-x86_64-w64-mingw32-dlltool}
for tool in "$cc" "$dlltool"; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "build-mingw.sh: $tool not found; install it with: scripts/deps gcc-mingw-w64-x86-64-win32" >&2
        exit 1
    }
done
mkdir -p "$out"
"$dlltool" -d "$here/rtapi.def" -l "$out/librtapi.a"
"$dlltool" -d "$here/ntx.def" -l "$out/libntx.a"
flags="-std=c11 -O2 -Wall -Wextra -Werror -D__USE_MINGW_ANSI_STDIO=1 -I$here -I$include"
# Each source compiled once; the vendor files once per vendor (they #error without their define).
for src in agent_main agent_proto agent_json agent_win32; do
    # shellcheck disable=SC2086
    "$cc" $flags -c -o "$out/$src.o" "$here/$src.c"
done
# shellcheck disable=SC2086
"$cc" $flags -DAGENT_VENDOR_RTX64 -c -o "$out/agent_rtx64.o" "$here/agent_rtx64.c"
# shellcheck disable=SC2086
"$cc" $flags -DAGENT_VENDOR_INTIME -c -o "$out/agent_intime.o" "$here/agent_intime.c"
common="$out/agent_main.o $out/agent_proto.o $out/agent_json.o $out/agent_win32.o"
# shellcheck disable=SC2086
"$cc" -o "$out/rtshm-agent-rtx64.exe" $common "$out/agent_rtx64.o" "$out/librtapi.a"
# shellcheck disable=SC2086
"$cc" -o "$out/rtshm-agent-intime.exe" $common "$out/agent_intime.o" "$out/libntx.a"

# The import library is what catches a vendor function the agent calls but the SDK does not export: linked
# against rtapi.def without RtCloseHandle, the RTX64 agent must fail to link, naming it.
grep -v '^RtCloseHandle$' "$here/rtapi.def" >"$out/rtapi-missing.def"
"$dlltool" -d "$out/rtapi-missing.def" -l "$out/librtapi-missing.a"
# shellcheck disable=SC2086
if "$cc" -o "$out/missing.exe" $common "$out/agent_rtx64.o" "$out/librtapi-missing.a" 2>"$out/missing.log"; then
    echo "build-mingw.sh: linked although the import library lacks RtCloseHandle" >&2
    exit 1
fi
grep -q "undefined reference to .RtCloseHandle" "$out/missing.log" || {
    echo "build-mingw.sh: the failed link does not name RtCloseHandle:" >&2
    cat "$out/missing.log" >&2
    exit 1
}

# Each agent imports its vendor's functions from the vendor's DLL (not from anything else).
objdump=${MINGW_OBJDUMP:-x86_64-w64-mingw32-objdump}
for pair in "rtshm-agent-rtx64.exe RtApi.dll RtCreateSharedMemoryW" "rtshm-agent-intime.exe ntx64.dll ntxMapRtSharedMemory"; do
    set -- $pair
    "$objdump" -p "$out/$1" >"$out/$1.imports"
    awk -v dll="$2" '/DLL Name:/ {in_dll = ($3 == dll)} in_dll && $NF == fn {found = 1} END {exit !found}' \
        fn="$3" "$out/$1.imports" || {
        echo "build-mingw.sh: $1 does not import $3 from $2" >&2
        exit 1
    }
done

# The emulation headers stand alone under mingw-w64 (their <windows.h> branch), ANSI and UNICODE alike.
for test in headers_intime headers_rtx64; do
    for unicode in "" "-DUNICODE -D_UNICODE"; do
        # shellcheck disable=SC2086
        "$cc" -std=c11 -Wall -Wextra -Wpedantic -Werror -fsyntax-only $unicode -I"$include" \
            "$here/../../../sim/emu/tests/$test.c"
    done
done

# PE32+: "MZ" at 0; at the offset e_lfanew (4 bytes little-endian at 0x3c) "PE\0\0"; the optional header's
# magic 0x20b (PE32+) 24 bytes after it, and the machine 0x8664 (x86-64) 4 bytes after it.
bytes_at() { od -An -tx1 -j "$2" -N "$3" "$1" | tr -d ' \n'; }
for exe in "$out/rtshm-agent-rtx64.exe" "$out/rtshm-agent-intime.exe"; do
    [ "$(bytes_at "$exe" 0 2)" = 4d5a ] || { echo "build-mingw.sh: $exe: no MZ header" >&2; exit 1; }
    le=$(bytes_at "$exe" 60 4)
    pe=$((0x$(echo "$le" | sed 's/\(..\)\(..\)\(..\)\(..\)/\4\3\2\1/')))
    [ "$(bytes_at "$exe" "$pe" 4)" = 50450000 ] || { echo "build-mingw.sh: $exe: no PE signature at $pe" >&2; exit 1; }
    [ "$(bytes_at "$exe" $((pe + 4)) 2)" = 6486 ] || { echo "build-mingw.sh: $exe: machine is not x86-64" >&2; exit 1; }
    [ "$(bytes_at "$exe" $((pe + 24)) 2)" = 0b02 ] || { echo "build-mingw.sh: $exe: not PE32+" >&2; exit 1; }
    echo "build-mingw.sh: $exe: PE32+ x86-64, $(wc -c <"$exe") bytes"
done
