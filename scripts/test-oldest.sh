#!/bin/sh
# scripts/test-oldest.sh — builds rtshm and runs every test with the oldest toolchain the project
# supports: Debian 11 (bullseye) — CMake 3.18.4, gcc 10.2, SQLite 3.34, cJSON 1.7.14, Check 0.15.2 —
# in a debootstrap'ed chroot. That CMake is the project's cmake_minimum_required (CMakeLists.txt):
# the lowest version tested, so the lowest required.
#
# Contract: needs root (chroot, mounts), debootstrap (installed through scripts/deps when missing) and
# network access to deb.debian.org. The chroot lives in ${OLDEST_ROOT:-out/oldest-bullseye} (reused when
# present: bootstrap ~3 min once); the checkout is copied in as the committed tree (git archive HEAD), built
# with ASan+UBSan and -Werror, and tested with ctest. /proc and /dev are mounted for the run and unmounted
# on exit. Exit status: ctest's (0 = every test passed or visibly skipped). Usage: make test-oldest
set -eu

root=${OLDEST_ROOT:-out/oldest-bullseye}
mirror=${OLDEST_MIRROR:-http://deb.debian.org/debian}
packages="cmake,make,gcc,libc6-dev,libsqlite3-dev,libcjson-dev,check,pkg-config,python3,python3-jsonschema,sqlite3"

if [ "$(id -u)" -ne 0 ]; then
    echo "test-oldest: needs root (debootstrap and chroot); run: sudo make test-oldest" >&2
    exit 2
fi
command -v debootstrap >/dev/null 2>&1 || sh scripts/deps --for run debootstrap
mkdir -p "$(dirname "$root")"
root=$(cd "$(dirname "$root")" && pwd)/$(basename "$root")
if [ ! -x "$root/usr/bin/cmake" ]; then
    echo "test-oldest: bootstrapping Debian 11 into $root"
    debootstrap --variant=minbase --include="$packages" bullseye "$root" "$mirror" >"$root.log" 2>&1 ||
        { echo "test-oldest: debootstrap failed; see $root.log" >&2; exit 1; }
fi

cleanup() {
    umount "$root/proc" 2>/dev/null || true
    umount "$root/dev" 2>/dev/null || true
}
trap cleanup EXIT INT TERM
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"

rm -rf "$root/src" && mkdir -p "$root/src"
git archive HEAD | tar -x -C "$root/src"
chroot "$root" sh -c 'cmake --version | head -1; gcc --version | head -1'
chroot "$root" sh -c 'cd /src && cmake -S . -B build -DRTSHM_TESTS=ON -DRTSHM_SANITIZE=ON -DRTSHM_WERROR=ON >/dev/null &&
    cmake --build build -j 2 >/dev/null && cd build && ctest --output-on-failure -j 2'
