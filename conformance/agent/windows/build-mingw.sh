#!/bin/sh
# build-mingw.sh — cross-compile both Windows agents (RTX64 and INtime) with mingw-w64 against the emulation
# headers (sim/emu/include), link each against an import library made from its .def file with the mingw
# dlltool (so a vendor function the agent calls but the .def does not list, or misspells, fails the link),
# and check that each .exe is a PE32+ (x86-64) executable by its magic bytes.
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
common="$here/agent_main.c $here/agent_proto.c $here/agent_json.c $here/agent_win32.c"
# shellcheck disable=SC2086
"$cc" $flags -DAGENT_VENDOR_RTX64 -o "$out/rtshm-agent-rtx64.exe" $common "$here/agent_rtx64.c" "$out/librtapi.a"
# shellcheck disable=SC2086
"$cc" $flags -DAGENT_VENDOR_INTIME -o "$out/rtshm-agent-intime.exe" $common "$here/agent_intime.c" "$out/libntx.a"

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
