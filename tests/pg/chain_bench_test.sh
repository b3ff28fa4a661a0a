#!/usr/bin/env bash
# scripts/pg-chain-bench.sh keeps working: run at scale 1 with --budget-share 0.5 against the
# PostgreSQL test server, it prints a row per shard of the four runs (unbudgeted and budgeted,
# N = 1 and 2), the budgeted N = 2 shards exchanged rounds, both comparisons find no row that
# differs, and it leaves nothing behind: no source schema, no run of its keys in the sink, no
# work folder.
# Needs MERCHBENCH_TEST_PG (scripts/pg-test-server.sh); skips (77) without it, fails under CI=true.
# Usage: chain_bench_test.sh MERCHBENCH_CLI SOURCE_DIR
set -euo pipefail
cli=$1
source_dir=$2
fail() {
    echo "chain_bench_test: FAIL: $*" >&2
    exit 1
}
if [[ -z "${MERCHBENCH_TEST_PG:-}" ]]; then
    case "${CI:-}" in
    true | TRUE | 1 | yes) fail "CI=true but no MERCHBENCH_TEST_PG (scripts/test.sh sets it)" ;;
    esac
    echo "chain_bench_test: SKIP: no test server; export MERCHBENCH_TEST_PG" \
        "(scripts/pg-test-server.sh start DIR)"
    exit 77
fi
work=$(mktemp -d /tmp/merchbench-chain-bench-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bench"

status=0
MERCHBENCH_CLI=$cli MERCHBENCH_BENCH_DIR=$work/bench timeout 270 \
    bash "$source_dir/scripts/pg-chain-bench.sh" 1 --budget-share 0.5 >"$work/out" 2>"$work/err" ||
    status=$?
cat "$work/out"
[[ $status -eq 0 ]] || { cat "$work/err" >&2; fail "pg-chain-bench.sh exited $status"; }

# One row per shard: run, N, shard, run_s, wall_s, cpu_s, peak_MB, items, changes, rounds, ...
rows() { awk -v run="$1" -v n="$2" '$1 == run && $2 == n' "$work/out"; }
for run in unbudgeted budget; do
    [[ $(rows "$run" 1 | wc -l) -eq 1 && $(rows "$run" 2 | wc -l) -eq 2 ]] ||
        fail "not one row for N = 1 and two for N = 2 of the $run run"
    [[ $(rows "$run" 2 | awk '$8 > 0' | wc -l) -eq 2 ]] || fail "a $run N = 2 shard has no items"
    [[ $(rows "$run" 1 | awk '$7 > 0 && $9 > 0' | wc -l) -eq 1 ]] ||
        fail "the $run N = 1 row has no peak memory or no price changes"
    grep -Eq "^$run: N = 1 published [0-9]+ price changes, N = 2 [0-9]+; 0 rows differ$" \
        "$work/out" || fail "no comparison of the $run run saying 0 rows differ"
done
[[ $(rows budget 2 | awk '$10 > 0' | wc -l) -eq 2 ]] ||
    fail "the budgeted shards published no rounds"
grep -q '^budget: 0.5 x ' "$work/out" || fail "the budget is not stated"

# Nothing left behind.
left=$(psql -X -At "$MERCHBENCH_TEST_PG" -c "SELECT (SELECT count(*) FROM pg_namespace
    WHERE nspname LIKE 'chain_bench_%') + (SELECT count(*) FROM merchbench.run_shards
    WHERE run_key LIKE 'chain-bench-%')")
[[ "$left" == 0 ]] || fail "$left source schemas or sink runs left behind"
[[ -z "$(ls -A "$work/bench")" ]] || fail "work files left behind: $(ls "$work/bench")"
echo "chain_bench_test: PASS"
