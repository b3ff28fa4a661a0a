#!/usr/bin/env bash
# The chain run end to end, as issue 15 asks CI to show it: a generated chain (generate --scale 50)
# in PostgreSQL as the merchbench_<kind> tables, a markdown request run by scripts/chain-run.sh as
# 4 Slurm array tasks, one of them cancelled while it runs and rerun by the script, and the
# published price changes compared, row for row in SQL, with a single-process run of the same
# request (run --shard 1/1) under another run key: equal.
# Mode "budget" (ctest tst_pgchainrunbudget) runs the same request under a markdown budget that
# binds (half the unbudgeted plan's spend): chain-run.sh runs its 4 shards as one co-scheduled job
# (they exchange the budget's rounds through the sink), one task is killed while the shards are
# between rounds, the job dies with it, and the script reruns the missing shards together; their
# price changes equal the single run's under the same budget.
#
# Needs the PostgreSQL test server (MERCHBENCH_TEST_PG, scripts/pg-test-server.sh) and the Slurm
# test cluster (SLURM_CONF, scripts/slurm-test-cluster.sh); scripts/test.sh starts both in CI.
# Without them it skips (exit 77) locally and fails under CI=true.
# Usage: chain_run_test.sh MERCHBENCH_CLI SOURCE_DIR [array|budget]
set -euo pipefail

cli=$1
source_dir=$2
mode=${3:-array}
[[ "$mode" == array || "$mode" == budget ]] || { echo "chain_run_test: unknown mode $mode" >&2; exit 2; }
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
for program in psql sbatch squeue scancel jq; do
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
    jobs=$(squeue -h -n merchbench-shard,merchbench-coupled -o %A 2>/dev/null | sort -u || true)
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
run_key=chain-$$

# Equal, row for row: every published column but the run key and the shard. Sets `sharded`,
# `single` (the two runs' counts of price changes) and fails when they differ.
compare_with_single() {
    local rows="SELECT to_jsonb(p) - 'run_key' - 'shard' FROM merchbench.price_changes AS p WHERE run_key"
    local different
    sharded=$(sql -c "SELECT count(*) FROM merchbench.price_changes WHERE run_key = '$run_key'")
    single=$(sql -c "SELECT count(*) FROM merchbench.price_changes WHERE run_key = '$run_key-single'")
    different=$(sql -c "SELECT count(*) FROM (($rows = '$run_key' EXCEPT ALL $rows = '$run_key-single')
                        UNION ALL ($rows = '$run_key-single' EXCEPT ALL $rows = '$run_key')) AS d")
    say "price changes: $sharded from the 4 shards, $single from the single run, $different differ"
    [[ "$single" -gt 0 ]] || fail "the single-process run published no price change"
    [[ "$sharded" == "$single" && "$different" == 0 ]] || fail "the sharded and single runs differ"
    # The summary's count is the sink's.
    local grouped
    grouped=$(sed ':a; s/\B[0-9]\{3\}\>/,&/; ta' <<<"$sharded")
    grep -q "price changes $grouped," "$work/chain-run.out" || fail "the summary's price changes are not $grouped"
}

# Runs chain-run.sh with 4 shards through CLI on REQUEST, more options after them, while the
# canceller (a background job) watches; its output in chain-run.out; fails when it fails.
run_chain() {
    local through=$1 request=$2 status=0
    shift 2
    MERCHBENCH_SOURCE=$source_uri MERCHBENCH_SINK=$sink MERCHBENCH_CLI=$through \
        MERCHBENCH_POLL_SECONDS=1 timeout 900 bash "$source_dir/scripts/chain-run.sh" \
        --run-key "$run_key" --log-dir "$work/logs" --retries 2 --wait-minutes 10 \
        --sbatch-arg=--time=10 "$@" "$request" 4 | tee "$work/chain-run.out" || status=$?
    wait "$canceller" || true
    [[ $status -eq 0 ]] || { tail -n 20 "$work"/logs/*.out >&2 || true; fail "chain-run.sh exited $status"; }
}

if [[ "$mode" == budget ]]; then
    # --- The budget: half the unbudgeted plan's expected markdown spend (the single run's
    # `markdown_spend`), so that it binds.
    "$cli" run "$work/request.json" --source "$source_uri" --shard 1/1 --sink "$sink" \
        --run-key "$run_key-unbudgeted" --json >"$work/unbudgeted.json" || fail "the unbudgeted run failed"
    spend=$(jq '.markdown_spend // empty' "$work/unbudgeted.json")
    [[ -n "$spend" ]] || fail "no markdown_spend in the unbudgeted run's summary: $(cat "$work/unbudgeted.json")"
    budget=$(jq -n "$spend / 2 | floor")
    [[ "$budget" -gt 0 ]] || fail "the unbudgeted plan spends $spend on markdowns: no budget can bind"
    jq --argjson budget "$budget" '.rules.markdown_budget = $budget' "$work/request.json" \
        >"$work/budget-request.json"
    step "the unbudgeted plan spends $spend; the budget is $budget"

    # --- The chain run: 4 shards started together as one job. In the first job shard 4 starts a
    # minute late, so the others publish the budget's first round and wait for it; one of them is
    # then killed while it waits: srun ends the job's other tasks with it, and the script reruns
    # the 4 missing shards together, which reuse the round already published.
    cat >"$work/late-cli.sh" <<SH
#!/usr/bin/env bash
if [[ "\$1" == run && ! -e "$work/cancelled" && " \$* " == *" --shard 4/4 "* ]]; then
    sleep 60
fi
exec "$cli" "\$@"
SH
    chmod +x "$work/late-cli.sh"
    (
        for _ in $(seq 1200); do
            shard=$(sql -c "SELECT min(shard) FROM merchbench.shard_rounds WHERE run_key = '$run_key'" \
                2>/dev/null || true)
            if [[ -n "$shard" ]]; then
                pid=$(pgrep -f -- "--shard $shard/4 --sink .* --run-key $run_key( |\$)" | head -1 || true)
                if [[ -n "$pid" ]]; then
                    echo "$shard $(date +%s)" >"$work/cancelled"
                    kill -KILL "$pid"
                    exit 0
                fi
            fi
            sleep 0.1
        done
    ) &
    canceller=$!
    # The test cluster has 2 cores for the job's 4 tasks.
    run_chain "$work/late-cli.sh" "$work/budget-request.json" --round-wait 4 --sbatch-arg=--overcommit \
        --sbatch-arg=--mem-per-cpu=2G
    ended=$(date +%s)
    [[ -f "$work/cancelled" ]] || fail "no shard was seen waiting at a round, so none was killed"
    read -r cancelled killed <"$work/cancelled"
    say "killed shard $cancelled while it waited at the budget's first round; the run ended" \
        "$((ended - killed)) s later"
    # The job died with its killed task, and the rerun did not wait for anyone: far less than the
    # 4 minutes the other shards would have waited for the killed one.
    ((ended - killed < 150)) || fail "the run ended $((ended - killed)) s after the kill: the job outlived its killed task"
    grep -q "the request has a markdown budget, which couples its shards: they run together" "$work/chain-run.out" ||
        fail "chain-run.sh did not see the budget"
    grep -q "submitted shards 1,2,3,4 together as job [0-9]* (4 tasks)" "$work/chain-run.out" ||
        fail "chain-run.sh did not submit the 4 shards as one job of 4 tasks"
    grep -Eq "job [0-9]+: (FAILED|CANCELLED)" "$work/chain-run.out" ||
        fail "chain-run.sh did not see the job fail with its killed task"
    grep -Eq "missing shards ([0-9]+,)*$cancelled(,[0-9]+)*; resubmitting" "$work/chain-run.out" ||
        fail "chain-run.sh did not resubmit shard $cancelled"
    [[ $(grep -c "together as job" "$work/chain-run.out") -ge 2 ]] || fail "the missing shards were not resubmitted as one job"
    grep -Eq "rounds \(budget\): round [0-9]+ published by shards ([0-9]+,)*$cancelled" "$work/chain-run.out" ||
        fail "chain-run.sh did not say which of the budget's rounds were published before the rerun"
    grep -q "4 of 4 shards in" "$work/chain-run.out" || fail "the summary does not say 4 of 4 shards in"
    if grep -l '^warning: ' "$work"/logs/shard-*-job-*.out >/dev/null 2>&1; then
        grep -q "the shards warned:" "$work/chain-run.out" || fail "the shards warned and the summary does not say so"
    fi
    step "budgeted chain run with 4 co-scheduled shards, one killed, the job rerun"

    # --- Without --overcommit, a job of 4 tasks on a cluster of fewer cores can never start: the
    # script says so at once instead of waiting.
    if [[ $(sinfo -h -o %C | head -1 | cut -d/ -f4) -lt 4 ]]; then
        status=0
        MERCHBENCH_SOURCE=$source_uri MERCHBENCH_SINK=$sink MERCHBENCH_CLI=$cli timeout 120 \
            bash "$source_dir/scripts/chain-run.sh" --run-key "$run_key-never" --log-dir "$work/never" \
            "$work/budget-request.json" 4 >"$work/never.out" 2>&1 || status=$?
        [[ $status -eq 2 ]] && grep -q "can never start in its partition" "$work/never.out" ||
            fail "a job too large for the cluster: exit $status, $(cat "$work/never.out")"
        step "a co-scheduled job larger than the cluster is refused at once"
    fi

    # --- The single-process run under the same budget: the budget binds, and its price changes are
    # the shards'.
    "$cli" run "$work/budget-request.json" --source "$source_uri" --shard 1/1 --sink "$sink" \
        --run-key "$run_key-single" --json >"$work/single.json" || fail "the single-process run failed"
    jq -e --arg binds "budget of $budget.00 binds" --argjson budget "$budget" \
        '(.budget_binds // any(.warnings[]; contains($binds))) and .markdown_spend <= $budget + 0.01' \
        "$work/single.json" >/dev/null || fail "the budget does not bind in the single run: $(cat "$work/single.json")"
    step "single-process run under the budget (it binds)"
    compare_with_single
    step "compared the published rows"
    say "PASS in $((SECONDS - started)) s"
    exit 0
fi

# --- The chain run: 4 array tasks. Each shard waits 3 s before it starts computing, so the test
# can cancel one while it runs whatever the machine's speed, and warns, so that the summary says so.
cat >"$work/slow-cli.sh" <<SH
#!/usr/bin/env bash
[[ "\$1" == run ]] && { echo "warning: a stand-in warning" >&2; sleep 3; }
exec "$cli" "\$@"
SH
chmod +x "$work/slow-cli.sh"
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
run_chain "$work/slow-cli.sh" "$work/request.json" --sbatch-arg=--mem=1G
[[ -f "$work/cancelled" ]] || fail "no shard was seen running, so none was cancelled"
cancelled=$(cat "$work/cancelled")
say "cancelled shard $cancelled while it ran"
grep -q "shard $cancelled: CANCELLED" "$work/chain-run.out" || fail "chain-run.sh did not see shard $cancelled cancelled"
grep -Eq "missing shards ([0-9]+,)*$cancelled(,[0-9]+)*; resubmitting" "$work/chain-run.out" ||
    fail "chain-run.sh did not resubmit shard $cancelled"
grep -q "4 of 4 shards in" "$work/chain-run.out" || fail "the summary does not say 4 of 4 shards in"
grep -q "shards 1-4: a stand-in warning" "$work/chain-run.out" || fail "the summary does not give the shards' warning"
step "chain run with 4 shards, one cancelled and rerun"

# Every shard had items of its own: the plan really spans 4 shards.
empty=$(sql -c "SELECT count(*) FROM merchbench.run_shards WHERE run_key = '$run_key' AND shards = 4 AND items = 0")
[[ "$empty" == 0 ]] || fail "$empty of the 4 shards had no items"

# --- The single-process run of the same request, under another key.
MERCHBENCH_SOURCE=$source_uri "$cli" run "$work/request.json" --source "$source_uri" --shard 1/1 \
    --sink "$sink" --run-key "$run_key-single" >"$work/single.out" || fail "the single-process run failed"
step "single-process run"

compare_with_single
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
