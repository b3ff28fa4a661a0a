#!/usr/bin/env bash
# Importing sales from PostgreSQL: `import --from` against `psql \copy` to a CSV file followed by
# the CSV import of the same rows, on a generated chain.
# Usage: scripts/pg-import-bench.sh [SCALE] (default 25)   with a Release build in ./build.
# Uses MERCHBENCH_TEST_PG when set, else starts a throwaway server (scripts/pg-test-server.sh).
# Prints rows/s by wall time and by the client's CPU time (user + sys of psql and merchbench-cli,
# from /usr/bin/time) and the imports' peak memory; the server's own work is in the wall time of
# both.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scale=${1:-25}
cli=build/app/merchbench-cli
bench_work_dir=/tmp/merchbench-pgbench.XXXXXX
# shellcheck source=scripts/pg-bench-setup.sh
source scripts/pg-bench-setup.sh

"$cli" generate "$work/chain" --scale "$scale" >/dev/null
rows=$(($(wc -l <"$work/chain/sales.csv") - 1))
psql "$uri" -q -v ON_ERROR_STOP=1 <<SQL
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_sales;
CREATE TABLE bench_sales (week date, store text, product text, units integer, revenue numeric,
    price numeric, regular_price numeric, feature integer, display integer, tpr integer);
\copy bench_sales FROM '$work/chain/sales.csv' CSV HEADER
ANALYZE bench_sales;
SQL

project() {
    local path=$1
    "$cli" import "$path" "$work/chain/products.csv" --kind products >/dev/null
    "$cli" import "$path" "$work/chain/stores.csv" --kind stores >/dev/null
}
measure() {  # label, command...: prints "wall cpu peak-MB"
    local label=$1
    shift
    /usr/bin/time -f "%e %U %S %M" -o "$work/time.$label" "$@" >/dev/null
    awk '{ printf "%s %.2f %.0f\n", $1, $2 + $3, $4 / 1024 }' "$work/time.$label"
}

project "$work/direct.merchbench"
read -r direct_wall direct_cpu direct_mb < <(measure direct "$cli" import "$work/direct.merchbench" \
    --from "$uri" --table bench_sales --kind sales)

project "$work/via-csv.merchbench"
read -r copy_wall copy_cpu copy_mb < <(measure copy psql "$uri" -q -c \
    "\\copy (SELECT * FROM bench_sales) TO '$work/export.csv' CSV HEADER")
read -r csv_wall csv_cpu csv_mb < <(measure csv "$cli" import "$work/via-csv.merchbench" \
    "$work/export.csv" --kind sales)
psql "$uri" -q -c "DROP TABLE bench_sales"

awk -v rows="$rows" -v dw="$direct_wall" -v dc="$direct_cpu" -v cw="$copy_wall" -v cc="$copy_cpu" \
    -v iw="$csv_wall" -v ic="$csv_cpu" -v dm="$direct_mb" -v im="$csv_mb" 'BEGIN {
    printf "sales rows: %d (generate --scale '"$scale"')\n", rows
    printf "import --from:           %6.2f s wall, %6.2f s CPU: %9.0f rows/s wall, %9.0f rows/s CPU\n", dw, dc, rows / dw, rows / dc
    printf "psql \\copy + CSV import: %6.2f s wall, %6.2f s CPU: %9.0f rows/s wall, %9.0f rows/s CPU\n", cw + iw, cc + ic, rows / (cw + iw), rows / (cc + ic)
    printf "  (psql \\copy %.2f s wall, %.2f s CPU; CSV import %.2f s wall, %.2f s CPU)\n", cw, cc, iw, ic
    printf "peak memory: import --from %d MB, CSV import %d MB\n", dm, im
}'
