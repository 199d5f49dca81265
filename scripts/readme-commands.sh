#!/bin/sh
# scripts/readme-commands.sh — runs every command of README.md's code blocks marked `sh`, so the README
# cannot go stale (the ctest readme_commands).
#
#   sh scripts/readme-commands.sh SOURCE_DIR BUILD_DIR
#
# Hermetic: the commands run in a scratch folder under $TMPDIR (removed at the end) that links the source
# tree's top-level entries (conformance/, traces/, ...) and, under the name the README gives its build
# folder (the marker line `<!-- rtshm-build-folder: NAME -->`), BUILD_DIR; `out/` is a fresh folder there.
# Nothing is installed, nothing touches the network or the source tree.
#
# Each line of an `sh` block is one command, run with `sh -c`; it must exit 0, or N when the line ends with
# `# exit N`. A ```json block right after a line `<!-- save-as: FILE -->` is written to FILE first (the
# README's example scenario), so the commands can use it. Finally the corpus summary line shown in the
# README (the sample output of `make run`) must be one that a README command printed.
# Exit 0 when every command behaved, 1 otherwise (each failure printed with its output), 2 on bad usage.
set -u

[ $# -eq 2 ] || { echo "usage: $0 SOURCE_DIR BUILD_DIR" >&2; exit 2; }
src=$(cd "$1" && pwd) || exit 2
build=$(cd "$2" && pwd) || exit 2
readme=$src/README.md
[ -f "$readme" ] || { echo "readme-commands: $readme not found" >&2; exit 2; }

folder=$(sed -n 's/^<!-- rtshm-build-folder: \([A-Za-z0-9._-]*\) -->$/\1/p' "$readme" | head -n 1)
[ -n "$folder" ] || { echo "readme-commands: README.md has no line <!-- rtshm-build-folder: NAME -->" >&2; exit 1; }
[ -x "$build/rtshm" ] || { echo "readme-commands: $build/rtshm not built" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/rtshm-readme.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM
for entry in "$src"/*; do
    name=${entry##*/}
    case $name in build* | out) continue ;; esac
    ln -s "$entry" "$work/$name"
done
ln -s "$build" "$work/$folder"
mkdir "$work/out"

# The runnable blocks as "cmd<TAB>expected exit code" lines, and the saved files, extracted in one pass.
awk -v dir="$work" '
    /^<!-- save-as: [A-Za-z0-9._-]+ -->$/ { save = $3; next }
    /^```/ {
        if (fence == "") {
            fence = substr($0, 4)
            if (fence == "json" && save != "") { file = dir "/" save; printf "" > file }
            else file = ""
            save = ""
        } else {
            if (file != "") close(file)
            fence = ""; file = ""
        }
        next
    }
    fence == "json" && file != "" { print > file; next }
    fence == "sh" && NF > 0 {
        code = 0
        if (match($0, /[ \t]+# exit [0-9]+$/)) {
            code = substr($0, RSTART) ; sub(/.*# exit /, "", code)
            $0 = substr($0, 1, RSTART - 1)
        }
        print $0 "\t" code > (dir "/commands.txt")
    }
' "$readme"
[ -s "$work/commands.txt" ] || { echo "readme-commands: no \`\`\`sh block in README.md" >&2; exit 1; }

failed=0
count=0
tab=$(printf '\t')
while IFS="$tab" read -r cmd want; do
    count=$((count + 1))
    (cd "$work" && sh -c "$cmd") >"$work/output.txt" 2>&1 </dev/null
    got=$?
    cat "$work/output.txt" >>"$work/all-output.txt"
    if [ "$got" != "$want" ]; then
        failed=$((failed + 1))
        echo "FAIL: \`$cmd\` exited $got, README says $want; its output ends:"
        tail -n 15 "$work/output.txt" | sed 's/^/    /'
    else
        echo "ok: $cmd  (exit $got)"
    fi
done <"$work/commands.txt"

# The sample output of `make run`: the corpus summary line the README shows (the line starting with a number
# of scenarios and naming out/trace.sqlite) must be one that a README command printed, so it is current.
summary=$(grep -E '^[0-9]+ scenarios: .*; trace out/trace.sqlite \(run 1\)$' "$readme" | head -n 1)
if [ -z "$summary" ] || ! grep -qxF "$summary" "$work/all-output.txt"; then
    failed=$((failed + 1))
    echo "FAIL: no README command printed the corpus summary line the README shows:"
    echo "    ${summary:-(README.md shows none)}"
    grep -E '^[0-9]+ scenarios: .*out/trace.sqlite' "$work/all-output.txt" | sed 's/^/    printed: /'
else
    echo "ok: the README's corpus summary is current: $summary"
fi

echo "readme-commands: $count commands, $failed failures"
[ "$failed" -eq 0 ]
