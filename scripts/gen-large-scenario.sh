#!/bin/sh
# scripts/gen-large-scenario.sh PAIRS PAD OUT — writes a valid scenario of PAIRS create/unmap/close
# cycles, each followed by PAD spaces (JSON whitespace between steps), so a file can pass the 4 MiB hold
# size — and be streamed by rtshm — with few steps: 2,000 cycles padded by 2,048 spaces make 4.8 MB.
# Used by `make valgrind` to run the streaming loader under memcheck; POSIX sh and awk only.
set -eu
usage="usage: gen-large-scenario.sh PAIRS PAD OUT"
pairs=${1:?$usage}
pad=${2:?$usage}
out=${3:?$usage}
awk -v n="$pairs" -v pad="$pad" 'BEGIN {
    spaces = sprintf("%" pad "s", "")
    printf "{\"format\": \"rtshm-scenario/1\", \"id\": \"generated.large\", \"title\": \"Generated: %d create/unmap/close cycles\",\n", n
    printf " \"clauses\": [\"IWIN32.CREATE.OK\", \"IWIN32.UNMAP.VIEW\", \"IWIN32.CLOSE.LAST_DESTROYS\"],\n \"steps\": [\n"
    for (i = 0; i < n; i++) {
        printf "  {\"as\": \"rt\", \"call\": \"RtCreateSharedMemory\", \"args\": {\"MaximumSizeLow\": 4096, \"lpName\": \"Large\"}, \"out\": {\"return\": \"h\", \"location\": \"p\"}, \"expect\": {\"return\": \"non-null\"}},\n"
        printf "  {\"as\": \"rt\", \"call\": \"RtUnmapSharedMemory\", \"args\": {\"location\": \"$p\"}, \"expect\": {\"return\": \"true\"}},\n"
        printf "  {\"as\": \"rt\", \"call\": \"CloseHandle\", \"args\": {\"hObject\": \"$h\"}, \"expect\": {\"return\": \"true\"}}%s%s\n", (i + 1 < n ? "," : ""), spaces
    }
    printf " ]}\n"
}' > "$out"
