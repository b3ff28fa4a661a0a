#!/usr/bin/env bash
# A chain-wide run on Slurm: submits the N shards of a request as one job array
# (packaging/slurm/merchbench-shard.sbatch), waits for them, asks the sink which shards are in
# (`merchbench-cli chain-status`), resubmits only the missing ones (a bounded number of times) and
# prints the chain run's summary.
#
# Usage: scripts/chain-run.sh [options] REQUEST.json N
#   --run-key K        the key the shards publish under (default: ANALYSIS-YYYYMMDD-HASH-nN, from
#                      the request's analysis, today's UTC date, the request's SHA-256 and N, so
#                      running the same request again the same day picks up where it stopped)
#   --retries R        resubmissions of missing shards after the first submission (default 2)
#   --wait-minutes M   longest wait for one submission's shards (default 240); past it the
#                      script cancels them and exits 4
#   --log-dir DIR      the shards' output files and the request's copy (default chain-runs/KEY;
#                      on a cluster it must be on a file system the nodes share)
#   --sbatch-arg ARG   passed to sbatch, repeatable (e.g. --sbatch-arg=--partition=batch
#                      --sbatch-arg=--mem=4G)
# Environment: MERCHBENCH_SOURCE, MERCHBENCH_SINK (postgresql:// URIs without a password: the
# nodes' ~/.pgpass, service file or PGPASSWORD supply it), MERCHBENCH_CLI (merchbench-cli, default
# on PATH), MERCHBENCH_SHARD_SCRIPT (default packaging/slurm/merchbench-shard.sbatch beside this
# script), MERCHBENCH_POLL_SECONDS (how often squeue is asked, default 5).
# Exit: 0 every shard is in; 3 some are still missing after the retries; 4 a wait timed out;
# 1 bad usage; 2 anything else (the sink unreadable, sbatch refused).
set -euo pipefail

usage() {
    sed -n '7,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 1
}
fail() {
    echo "chain-run: $*" >&2
    exit 2
}
say() {
    echo "chain-run: $*"
}

run_key=""
retries=2
wait_minutes=240
log_dir=""
sbatch_args=()
positional=()
while [[ $# -gt 0 ]]; do
    case "$1" in
    --run-key) run_key=${2:?}; shift 2 ;;
    --run-key=*) run_key=${1#*=}; shift ;;
    --retries) retries=${2:?}; shift 2 ;;
    --retries=*) retries=${1#*=}; shift ;;
    --wait-minutes) wait_minutes=${2:?}; shift 2 ;;
    --wait-minutes=*) wait_minutes=${1#*=}; shift ;;
    --log-dir) log_dir=${2:?}; shift 2 ;;
    --log-dir=*) log_dir=${1#*=}; shift ;;
    --sbatch-arg) sbatch_args+=("${2:?}"); shift 2 ;;
    --sbatch-arg=*) sbatch_args+=("${1#*=}"); shift ;;
    -h | --help) usage ;;
    -*) echo "chain-run: unknown option $1" >&2; usage ;;
    *) positional+=("$1"); shift ;;
    esac
done
[[ ${#positional[@]} -eq 2 ]] || usage
request=${positional[0]}
shards=${positional[1]}
whole() { [[ "$1" =~ ^[0-9]+$ ]]; }
whole "$shards" && ((shards >= 1)) || { echo "chain-run: N must be a whole number >= 1, not '$shards'" >&2; exit 1; }
whole "$retries" || { echo "chain-run: --retries takes a whole number, not '$retries'" >&2; exit 1; }
whole "$wait_minutes" && ((wait_minutes >= 1)) ||
    { echo "chain-run: --wait-minutes takes a whole number >= 1, not '$wait_minutes'" >&2; exit 1; }
[[ -f "$request" && -r "$request" ]] || { echo "chain-run: cannot read the request $request" >&2; exit 1; }

for name in MERCHBENCH_SOURCE MERCHBENCH_SINK; do
    uri=${!name:-}
    [[ "$uri" =~ ^postgres(ql)?:// ]] || { echo "chain-run: $name must be a postgresql:// URI" >&2; exit 1; }
    # The URI travels in every shard's environment and job record: a password there would be
    # readable by whoever reads those.
    if [[ "$uri" =~ ^postgres(ql)?://[^/@]*:[^/@]*@ || "$uri" =~ [?\&]password= ]]; then
        echo "chain-run: $name holds a password; leave it out and let ~/.pgpass, a service file" \
            "or PGPASSWORD supply it" >&2
        exit 1
    fi
done

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cli=${MERCHBENCH_CLI:-$(command -v merchbench-cli || true)}
[[ -n "$cli" && -x "$cli" ]] || fail "merchbench-cli not found: put it on PATH or set MERCHBENCH_CLI"
cli=$(cd "$(dirname "$cli")" && pwd)/$(basename "$cli")
shard_script=${MERCHBENCH_SHARD_SCRIPT:-$here/../packaging/slurm/merchbench-shard.sbatch}
[[ -f "$shard_script" ]] || fail "no shard script at $shard_script (set MERCHBENCH_SHARD_SCRIPT)"
poll=${MERCHBENCH_POLL_SECONDS:-5}
for program in sbatch squeue scancel; do
    command -v "$program" >/dev/null 2>&1 || fail "$program not found: run this where Slurm's client commands are"
done

if [[ -z "$run_key" ]]; then
    analysis=$(tr -d '\n' <"$request" | sed -n 's/^[^{]*{.*"analysis" *: *"\([^"]*\)".*$/\1/p')
    hash=$(sha256sum <"$request" | cut -c1-10)
    run_key=${analysis:-chain}-$(date -u +%Y%m%d)-$hash-n$shards
fi
log_dir=${log_dir:-chain-runs/$run_key}
mkdir -p "$log_dir"
log_dir=$(cd "$log_dir" && pwd)
# The shards read this copy: editing REQUEST.json while they run cannot mix two requests.
if [[ -f "$log_dir/request.json" ]]; then
    cmp -s "$request" "$log_dir/request.json" ||
        fail "$log_dir/request.json holds another request for run key $run_key; pick another --run-key or --log-dir"
else
    cp "$request" "$log_dir/request.json"
fi

# Asks the sink; sets `missing` (comma-separated, empty when every shard is in).
missing=""
check_sink() {
    local rc=0
    "$cli" chain-status --sink "$MERCHBENCH_SINK" --run-key "$run_key" --shards "$shards" \
        --json >"$log_dir/status.json" 2>"$log_dir/status.err" || rc=$?
    case $rc in
    0 | 3) ;;
    *) cat "$log_dir/status.err" >&2; fail "chain-status failed (exit $rc)" ;;
    esac
    missing=$(tr -d ' \n' <"$log_dir/status.json" | sed -n 's/.*"missing":\[\([0-9,]*\)\].*/\1/p')
}

# "1,2,3,5,7,8" as "1-3,5,7-8": sbatch's --array takes both, and a chain of thousands of shards
# stays a short argument.
as_ranges() {
    local out="" start="" prev="" n
    for n in ${1//,/ } ""; do
        if [[ -n "$prev" && -n "$n" && $n -eq $((prev + 1)) ]]; then
            prev=$n
            continue
        fi
        if [[ -n "$start" ]]; then
            out+=${out:+,}$start
            [[ $prev -ne $start ]] && out+=-$prev
        fi
        start=$n
        prev=$n
    done
    echo "$out"
}

# Waits until no task of the job is pending or running; past the limit cancels it and exits 4.
wait_for() {
    local job=$1 deadline=$((SECONDS + wait_minutes * 60)) out rc
    while true; do
        rc=0
        out=$(squeue -h -j "$job" -o %i 2>&1) || rc=$?
        if [[ $rc -eq 0 && -z "$out" ]]; then
            return 0
        fi
        # A job that ended longer ago than the controller's MinJobAge is no longer known.
        if [[ $rc -ne 0 && "$out" == *"Invalid job id"* ]]; then
            return 0
        fi
        if ((SECONDS >= deadline)); then
            scancel "$job" || true
            echo "chain-run: job $job still had shards queued or running after $wait_minutes" \
                "minutes; cancelled them. Run the same command again to finish the run." >&2
            exit 4
        fi
        sleep "$poll"
    done
}

started=$SECONDS
submissions=0
say "run key $run_key, $shards shards, logs in $log_dir"
while true; do
    check_sink
    [[ -z "$missing" ]] && break
    if ((submissions > retries)); then
        say "missing shards $missing after $retries resubmissions; their logs:"
        for shard in ${missing//,/ }; do
            ls -1 "$log_dir"/shard-"$shard"-job-*.out 2>/dev/null | sed 's/^/  /' || true
        done
        "$cli" chain-status --sink "$MERCHBENCH_SINK" --run-key "$run_key" --shards "$shards" || true
        exit 3
    fi
    if ((submissions > 0)); then
        say "missing shards $missing; resubmitting them ($submissions of $retries)"
        # Why, as the last submission's tasks said it.
        for shard in ${missing//,/ }; do
            tail -n 3 "$log_dir/shard-$shard-job-$job.out" 2>/dev/null | sed "s/^/chain-run:   shard $shard: /" || true
        done
    fi
    job=$(sbatch --parsable --array="$(as_ranges "$missing")" \
        --export="ALL,MERCHBENCH_SHARDS=$shards,MERCHBENCH_RUN_KEY=$run_key,MERCHBENCH_CLI=$cli" \
        --output="$log_dir/shard-%a-job-%A.out" "${sbatch_args[@]}" \
        "$shard_script" "$log_dir/request.json") || fail "sbatch refused the job array"
    job=${job%%;*}
    submissions=$((submissions + 1))
    say "submitted shards $missing as job $job"
    wait_for "$job"
    # How each task ended, while the controller still knows (it is the sink that decides).
    squeue -h -t all -j "$job" -o "%K %T" 2>/dev/null | sort -n |
        sed 's/^\([0-9]*\) \(.*\)$/chain-run:   shard \1: \2/' || true
done

say "every shard is in after $submissions submissions, $((SECONDS - started)) s wall time"
"$cli" chain-status --sink "$MERCHBENCH_SINK" --run-key "$run_key" --shards "$shards"
