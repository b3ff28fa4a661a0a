#!/usr/bin/env bash
# Importing every kind of a generated chain from PostgreSQL (docs/scale.md): each kind's CSV is
# loaded into a table of text columns named as the file's header, then imported into one project
# with `import --from ... --table` and into another with `psql \copy` to a CSV file followed by
# the CSV import of that file, kind by kind in the demo's import order.
# Usage: scripts/pg-import-scale.sh [SCALE] (default 400)   with a Release build in ./build.
# Uses MERCHBENCH_TEST_PG when set, else starts a throwaway server (scripts/pg-test-server.sh).
# Work files go to MERCHBENCH_BENCH_DIR (default /tmp) and are removed at the end.
# Prints one line per kind and path: rows, wall and CPU seconds (user + sys of merchbench-cli,
# and of psql for the \copy path, from /usr/bin/time), rows/s by each, peak memory (MB); the
# server's own work is in the wall times only. The load average is printed before each kind.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scale=${1:-400}
cli=build/app/merchbench-cli
bench_work_dir=${MERCHBENCH_BENCH_DIR:-/tmp}/merchbench-pgscale.XXXXXX
# shellcheck source=scripts/pg-bench-setup.sh
source scripts/pg-bench-setup.sh

/usr/bin/time -f "generate: %e s wall, %U+%S s CPU, %M KB peak" "$cli" generate "$work/chain" \
    --scale "$scale" >/dev/null
kinds=(products stores sales inventory customers baskets campaign offers zones zone_links layout
    traffic paths)

# The campaign kind needs its name, control arm and outcomes, as the demo imports it.
options() {
    if [[ $1 == campaign ]]; then
        echo --campaign demo_campaign --control control --outcome visit --outcome purchase \
            --outcome spend
    fi
}
# The server's CPU seconds so far: its postmaster's own and its finished backends' (it reaps them),
# so a difference around one command is the server's work for it (the socket folder holds data/).
socket_dir=$(sed -n 's/.*host=\([^&]*\).*/\1/p' <<<"$uri")
server_cpu() {
    local pid
    pid=$(head -1 "$socket_dir/data/postmaster.pid")
    awk -v tick="$(getconf CLK_TCK)" '{ printf "%.2f\n", ($14 + $15 + $16 + $17) / tick }' \
        "/proc/$pid/stat"
}
measure() { # label, command...: prints "wall cpu peak-MB"
    local label=$1
    shift
    local before
    before=$(server_cpu)
    /usr/bin/time -f "%e %U %S %M" -o "$work/time.$label" "$@" >/dev/null || {
        echo "pg-import-scale: $label failed: $(cat "$work/time.$label")" >&2
        return 1
    }
    awk -v server="$(awk -v b="$before" -v a="$(server_cpu)" 'BEGIN { print a - b }')" \
        '{ printf "%s %.2f %.0f %.2f\n", $1, $2 + $3, $4 / 1024, server }' "$work/time.$label"
}

printf '%-10s %11s  %-22s %8s %8s %10s %10s %7s %9s\n' kind rows path wall_s cpu_s rows/s_wall \
    rows/s_cpu peak_MB server_s
for kind in "${kinds[@]}"; do
    file="$work/chain/$kind.csv"
    [[ -f "$file" ]] || continue
    rows=$(($(wc -l <"$file") - 1))
    columns=$(head -1 "$file" | tr -d '\r' | sed 's/,/ text, /g; s/$/ text/')
    psql "$uri" -q -v ON_ERROR_STOP=1 <<SQL
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_$kind;
CREATE TABLE bench_$kind ($columns);
\copy bench_$kind FROM '$file' CSV HEADER
ANALYZE bench_$kind;
SQL
    rm -f "$file"
    echo "# $kind: load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    # shellcheck disable=SC2046 # options() prints separate words on purpose
    measure "direct-$kind" "$cli" import "$work/direct.merchbench" \
        --from "$uri" --table "bench_$kind" --kind "$kind" $(options "$kind") >"$work/direct"
    read -r dw dc dm ds <"$work/direct"
    measure "copy-$kind" psql "$uri" -q -c \
        "\\copy (SELECT * FROM bench_$kind) TO '$work/export.csv' CSV HEADER" >"$work/copy"
    read -r cw cc cm cs <"$work/copy"
    # shellcheck disable=SC2046
    measure "csv-$kind" "$cli" import "$work/via-csv.merchbench" \
        "$work/export.csv" --kind "$kind" $(options "$kind") >"$work/csv"
    read -r iw ic im _ <"$work/csv"
    rm -f "$work/export.csv"
    psql "$uri" -q -c "DROP TABLE bench_$kind"
    awk -v k="$kind" -v r="$rows" -v dw="$dw" -v dc="$dc" -v dm="$dm" -v cw="$cw" -v cc="$cc" \
        -v iw="$iw" -v ic="$ic" -v im="$im" -v cm="$cm" -v ds="$ds" -v cs="$cs" \
        'function line(path, w, c, m, s) {
        printf "%-10s %11d  %-22s %8.2f %8.2f %10.0f %10.0f %7d %9.2f\n", k, r, path, w, c,
            r / (w > 0 ? w : 0.01), r / (c > 0 ? c : 0.01), m, s
    } BEGIN {
        line("import --from", dw, dc, dm, ds)
        line("psql \\copy + CSV", cw + iw, cc + ic, (cm > im ? cm : im), cs)
        line("  (psql \\copy alone)", cw, cc, cm, cs)
    }'
done
stat -c "project: %s bytes, %n" "$work/direct.merchbench" "$work/via-csv.merchbench"
