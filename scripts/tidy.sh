#!/usr/bin/env bash
# Static checks: clang-tidy with the root .clang-tidy over the sources of core, app and ui, using
# the Release build's compile_commands.json (./build, configured here if missing), one clang-tidy
# per core. Prints every finding and fails when there is any.
# Usage: scripts/tidy.sh [SOURCE...]   (default: every .cpp of core, app and ui in the build)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

build=build
if ! command -v clang-tidy >/dev/null 2>&1; then
    bash packaging/install-deps.sh
fi
# Configuring is enough: no source of core, app or ui includes a generated (moc) file.
if [[ ! -f "$build/compile_commands.json" ]]; then
    cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi

if [[ $# -gt 0 ]]; then
    sources=("$@")
else
    # Each source once (a few are compiled into two targets); generated files are not ours.
    mapfile -t sources < <(sed -n 's/^ *"file": "\(.*\)",\?$/\1/p' "$build/compile_commands.json" |
        grep -E "^$PWD/(core|app|ui)/" | sort -u)
fi
if [[ ${#sources[@]} -eq 0 ]]; then
    echo "tidy: no sources found in $build/compile_commands.json" >&2
    exit 1
fi

log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
# clang-tidy reads each source as written, without the build's precompiled headers
# (cmake/PrecompiledHeaders.cmake): clang cannot load gcc's, and a forced include would hide a
# missing #include and make every source parse all of the precompiled headers.
mkdir "$log/db"
sed -E 's# -Winvalid-pch##; s# -include [^ ]*/cmake_pch\.hxx##; s# -fpch-preprocess##' \
    "$build/compile_commands.json" >"$log/db/compile_commands.json"
echo "tidy: clang-tidy $(clang-tidy --version | sed -n 's/.*version \([0-9.]*\).*/\1/p') on ${#sources[@]} sources, $(nproc) at a time"
start=$SECONDS
# Each file's findings go to their own log so parallel output does not interleave.
printf '%s\n' "${sources[@]}" | xargs -P "$(nproc)" -I{} sh -c \
    'out="$3/$(echo "$2" | tr / _)"; echo "$2" >"$out.src"; clang-tidy -p "$1" --quiet "$2" >"$out.log" 2>&1; echo $? >"$out.rc"' \
    sh "$log/db" {} "$log"

# A header's finding is reported by every source that includes it: print each finding once.
finding='^[^ ].*:[0-9]+:[0-9]+: (warning|error): '
findings=$(cat "$log"/*.log | grep -E "$finding" | sed 's/,-warnings-as-errors\]$/]/' | sort -u || true)
elapsed=$((SECONDS - start))
# clang-tidy also fails without a finding line when it crashes or cannot parse a source.
failed=$(grep -Lx 0 "$log"/*.rc || true)
if [[ -n "$findings" || -n "$failed" ]]; then
    cat "$log"/*.log | grep -vE '^[0-9]+ (warnings?|errors?) generated\.$|^Suppressed |^Use -header-filter|^Error while processing' || true
    count=$(printf '%s\n' "$findings" | wc -l)
    echo
    echo "tidy: $count findings (${elapsed}s); by check:"
    printf '%s\n' "$findings" | grep -oE '\[[a-z0-9.,-]+\]$' | sort | uniq -c | sort -rn || true
    for rc in $failed; do
        if ! grep -qE "$finding" "${rc%.rc}.log"; then
            echo "tidy: clang-tidy failed on $(cat "${rc%.rc}.src") without a finding (see above)"
        fi
    done
    exit 1
fi
echo "tidy: no findings (${elapsed}s)"
