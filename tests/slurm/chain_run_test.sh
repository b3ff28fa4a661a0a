#!/usr/bin/env bash
# The chain run end to end, as issue 15 asks CI to show it: a generated chain (generate --scale 50)
# in PostgreSQL as the merchbench_<kind> tables, a markdown request run by scripts/chain-run.sh as
# 4 Slurm array tasks, one of them cancelled while it runs and rerun by the script, and the
# published price changes compared, row for row in SQL, with a single-process run of the same
# request (run --shard 1/1) under another run key: equal.
#
# Needs the PostgreSQL test server (MERCHBENCH_TEST_PG, scripts/pg-test-server.sh) and the Slurm
# test cluster (SLURM_CONF, scripts/slurm-test-cluster.sh); scripts/test.sh starts both in CI.
# Without them it skips (exit 77) locally and fails under CI=true.
# Usage: chain_run_test.sh MERCHBENCH_CLI SOURCE_DIR
set -euo pipefail

cli=$1
source_dir=$2
started=$SECONDS
say() { echo "chain_run_test: $*"; }
fail() {
    echo "chain_run_test: FAIL: $*" >&2
    exit 1
}

missing=()
[[ -n "${MERCHBENCH_TEST_PG:-}" ]] || missing+=("MERCHBENCH_TEST_PG (scripts/pg-test-server.sh start DIR)")
[[ -n "${SLURM_CONF:-}" ]] || missing+=("SLURM_CONF (scripts/slurm-test-cluster.sh start DIR)")
if [[ ${#missing[@]} -gt 0 ]]; then
    case "${CI:-}" in
    true | TRUE | 1 | yes) fail "CI=true but not set: ${missing[*]}; scripts/test.sh starts both" ;;
    esac
    say "SKIP: no test servers; start them and export: ${missing[*]}"
    exit 77
fi
for program in psql sbatch squeue scancel; do
    command -v "$program" >/dev/null || fail "$program is missing"
done

work=$(mktemp -d /tmp/merchbench-chain-run.XXXXXX)
schema=chain_run_test_$$
# The shards get URIs without the password, as chain-run.sh requires; libpq reads PGPASSWORD.
password=$(sed -E -n 's|^postgres(ql)?://[^:/@]*:([^@]*)@.*$|\2|p' <<<"$MERCHBENCH_TEST_PG")
sink=$(sed -E 's|^(postgres(ql)?://[^:/@]*):[^@]*@|\1@|' <<<"$MERCHBENCH_TEST_PG")
[[ -n "$password" && "$sink" != *"$password"* ]] || fail "cannot take the password out of MERCHBENCH_TEST_PG"
export PGPASSWORD=$password
# The source tables live in a schema of their own, found through the search path.
source_uri="$sink&options=-csearch_path%3D$schema"
sql() { psql -X -q -v ON_ERROR_STOP=1 -At "$sink" "$@"; }

cleanup() {
    local jobs
    jobs=$(squeue -h -n merchbench-shard -o %A 2>/dev/null | sort -u || true)
    [[ -z "$jobs" ]] || scancel $jobs || true
    sql -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

step_started=$SECONDS
step() {
    say "$1 ($((SECONDS - step_started)) s)"
    step_started=$SECONDS
}

# --- The chain in PostgreSQL: the generated files as tables, and the merchbench_<kind> views a
# DBA would create over them (scripts/season-end-views.sql: the season-end goods at subcategory
# level, so that the plan's categories spread over all 4 shards).
# shellcheck source=scripts/season-end-chain.sh
source "$source_dir/scripts/season-end-chain.sh"
season_end_chain "$cli" 50 "$work" "$schema"
sales_rows=$(sql -c "SELECT count(*) FROM $schema.generated_sales")
items=$(sql -c "SELECT count(*) FROM $schema.merchbench_inventory")
step "generated the scale-50 chain ($sales_rows sales rows) and loaded it; $items stocked items"

# --- The request: a season-end markdown plan for every stocked item of the views.
cp "$source_dir/scripts/season-end-request.json" "$work/request.json"

# --- The chain run: 4 shards. Each shard waits 3 s before it starts computing, so the test can
# cancel one while it runs whatever the machine's speed.
cat >"$work/slow-cli.sh" <<SH
#!/usr/bin/env bash
[[ "\$1" == run ]] && sleep 3
exec "$cli" "\$@"
SH
chmod +x "$work/slow-cli.sh"
run_key=chain-$$
(
    # The first shard seen running is cancelled.
    for _ in $(seq 600); do
        task=$(squeue -h -n merchbench-shard -t RUNNING -o "%i %K" | head -1)
        if [[ -n "$task" ]]; then
            scancel "${task%% *}"
            echo "${task##* }" >"$work/cancelled"
            exit 0
        fi
        sleep 0.1
    done
) &
canceller=$!
status=0
MERCHBENCH_SOURCE=$source_uri MERCHBENCH_SINK=$sink MERCHBENCH_CLI=$work/slow-cli.sh \
    MERCHBENCH_POLL_SECONDS=1 timeout 900 bash "$source_dir/scripts/chain-run.sh" \
    --run-key "$run_key" --log-dir "$work/logs" --retries 2 --wait-minutes 10 \
    --sbatch-arg=--mem=1G --sbatch-arg=--time=10 "$work/request.json" 4 \
    | tee "$work/chain-run.out" || status=$?
wait "$canceller" || true
[[ $status -eq 0 ]] || { tail -n 20 "$work"/logs/*.out >&2 || true; fail "chain-run.sh exited $status"; }
[[ -f "$work/cancelled" ]] || fail "no shard was seen running, so none was cancelled"
cancelled=$(cat "$work/cancelled")
say "cancelled shard $cancelled while it ran"
grep -q "shard $cancelled: CANCELLED" "$work/chain-run.out" || fail "chain-run.sh did not see shard $cancelled cancelled"
grep -Eq "missing shards ([0-9]+,)*$cancelled(,[0-9]+)*; resubmitting" "$work/chain-run.out" ||
    fail "chain-run.sh did not resubmit shard $cancelled"
grep -q "4 of 4 shards in" "$work/chain-run.out" || fail "the summary does not say 4 of 4 shards in"
step "chain run with 4 shards, one cancelled and rerun"

# Every shard had items of its own: the plan really spans 4 shards.
empty=$(sql -c "SELECT count(*) FROM merchbench.run_shards WHERE run_key = '$run_key' AND shards = 4 AND items = 0")
[[ "$empty" == 0 ]] || fail "$empty of the 4 shards had no items"

# --- The single-process run of the same request, under another key.
MERCHBENCH_SOURCE=$source_uri "$cli" run "$work/request.json" --source "$source_uri" --shard 1/1 \
    --sink "$sink" --run-key "$run_key-single" >"$work/single.out" || fail "the single-process run failed"
step "single-process run"

# --- Equal, row for row: every published column but the run key and the shard.
rows() {
    echo "SELECT to_jsonb(p) - 'run_key' - 'shard' FROM merchbench.price_changes AS p WHERE run_key = '$1'"
}
sharded=$(sql -c "SELECT count(*) FROM merchbench.price_changes WHERE run_key = '$run_key'")
single=$(sql -c "SELECT count(*) FROM merchbench.price_changes WHERE run_key = '$run_key-single'")
different=$(sql -c "SELECT count(*) FROM (($(rows "$run_key") EXCEPT ALL $(rows "$run_key-single"))
                    UNION ALL ($(rows "$run_key-single") EXCEPT ALL $(rows "$run_key"))) AS d")
say "price changes: $sharded from the 4 shards, $single from the single run, $different differ"
[[ "$single" -gt 0 ]] || fail "the single-process run published no price change"
[[ "$sharded" == "$single" && "$different" == 0 ]] || fail "the sharded and single runs differ"
# The summary's count is the sink's.
grouped=$(sed ':a; s/\B[0-9]\{3\}\>/,&/; ta' <<<"$sharded")
grep -q "price changes $grouped," "$work/chain-run.out" || fail "the summary's price changes are not $grouped"
step "compared the published rows"

# --- Bounded: shards that always fail are resubmitted --retries times, then the script stops.
cat >"$work/failing-cli.sh" <<SH
#!/usr/bin/env bash
[[ "\$1" == run ]] && { echo "a shard that always fails" >&2; exit 1; }
exec "$cli" "\$@"
SH
chmod +x "$work/failing-cli.sh"
status=0
MERCHBENCH_SOURCE=$source_uri MERCHBENCH_SINK=$sink MERCHBENCH_CLI=$work/failing-cli.sh \
    MERCHBENCH_POLL_SECONDS=1 timeout 300 bash "$source_dir/scripts/chain-run.sh" \
    --run-key "$run_key-failing" --log-dir "$work/failing-logs" --retries 1 --wait-minutes 5 \
    --sbatch-arg=--mem=100M "$work/request.json" 2 >"$work/failing.out" 2>&1 || status=$?
[[ $status -eq 3 ]] || { cat "$work/failing.out" >&2; fail "always-failing shards: exit $status, expected 3"; }
[[ $(grep -c "submitted shards 1,2 as job" "$work/failing.out") -eq 2 ]] ||
    fail "always-failing shards were not submitted exactly twice (once and one retry)"
grep -q "missing shards 1,2 after 1 resubmissions" "$work/failing.out" || fail "no missing-shards message"
step "always-failing shards stopped after 1 retry"

say "PASS in $((SECONDS - started)) s"
