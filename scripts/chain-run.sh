#!/usr/bin/env bash
# A chain-wide run on Slurm: submits the N shards of a request as one job array
# (packaging/slurm/merchbench-shard.sbatch), waits for them, asks the sink which shards are in
# (`merchbench-cli chain-status`), resubmits only the missing ones (a bounded number of times) and
# prints the chain run's summary. A coupled request (a markdown budget, rules.markdown_budget >= 0,
# or a demand fit at "level": "category") has shards that exchange rounds through the sink and
# wait for each other: its missing shards are submitted together as one co-scheduled job of as
# many tasks (packaging/slurm/merchbench-coupled.sbatch), never as an array, whose tasks may not
# all run at once.
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
#                      --sbatch-arg=--mem=4G; a coupled run's job: --sbatch-arg=--mem-per-cpu=4G,
#                      and on a test cluster with fewer cores than shards --sbatch-arg=--overcommit)
#   --round-wait M     a coupled run: the minutes (a decimal number) a shard waits for the
#                      others at one round before it fails (run --round-wait; default 30)
#   --co-scheduled     submit the shards as one co-scheduled job even when they are not coupled
# Environment: MERCHBENCH_SOURCE, MERCHBENCH_SINK (postgresql:// URIs without a password: the
# nodes' ~/.pgpass, service file or PGPASSWORD supply it), MERCHBENCH_CLI (merchbench-cli, default
# on PATH), MERCHBENCH_SHARD_SCRIPT and MERCHBENCH_COUPLED_SCRIPT (default
# packaging/slurm/merchbench-shard.sbatch and merchbench-coupled.sbatch beside this script),
# MERCHBENCH_POLL_SECONDS (how often squeue is asked, default 5). Needs jq (Debian's jq) to read
# the request.
# Exit: 0 every shard is in; 3 some are still missing after the retries; 4 a wait timed out;
# 1 bad usage; 2 anything else (the sink unreadable, sbatch refused).
set -euo pipefail

usage() {
    sed -n '11,33p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
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
round_wait=""
co_scheduled=0
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
    --round-wait) round_wait=${2:?}; shift 2 ;;
    --round-wait=*) round_wait=${1#*=}; shift ;;
    --co-scheduled) co_scheduled=1; shift ;;
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
[[ -z "$round_wait" ]] || [[ "$round_wait" =~ ^[0-9]*[.]?[0-9]+$ && ! "$round_wait" =~ ^[0.]*$ ]] ||
    { echo "chain-run: --round-wait takes minutes, more than 0, not '$round_wait'" >&2; exit 1; }
[[ -f "$request" && -r "$request" ]] || { echo "chain-run: cannot read the request $request" >&2; exit 1; }
command -v jq >/dev/null 2>&1 || fail "jq not found: install Debian's jq (packaging/install-deps.sh)"
# A markdown budget, or category-level demand (whose elasticities shrink toward the mean of every
# category), couples the shards: they must all run at the same time. jq prints which, or nothing;
# it fails on a request that is not JSON (the shards would refuse it too, but only once they run).
rc=0
coupling=$(jq -r 'if .analysis == "markdown" and
                     ((.rules | objects | .markdown_budget | numbers) // -1) >= 0 then "a markdown budget"
                  elif .analysis == "demand" and .level == "category" then "category-level demand"
                  else "" end' "$request" 2>/dev/null) || rc=$?
case $rc in
0) ;;
*) detail=$(jq . "$request" 2>&1 >/dev/null | head -1 || true)
   echo "chain-run: the request $request is not a JSON object${detail:+ (jq: $detail)}" >&2
   exit 1 ;;
esac
coupled=0
[[ -z "$coupling" ]] || coupled=1

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
if ((coupled || co_scheduled)); then
    shard_script=${MERCHBENCH_COUPLED_SCRIPT:-$here/../packaging/slurm/merchbench-coupled.sbatch}
    [[ -f "$shard_script" ]] || fail "no co-scheduled job script at $shard_script (set MERCHBENCH_COUPLED_SCRIPT)"
else
    [[ -z "$round_wait" ]] || echo "chain-run: the request's shards are not coupled: --round-wait does nothing" >&2
    shard_script=${MERCHBENCH_SHARD_SCRIPT:-$here/../packaging/slurm/merchbench-shard.sbatch}
    [[ -f "$shard_script" ]] || fail "no shard script at $shard_script (set MERCHBENCH_SHARD_SCRIPT)"
fi
poll=${MERCHBENCH_POLL_SECONDS:-5}
for program in sbatch squeue scancel; do
    command -v "$program" >/dev/null 2>&1 || fail "$program not found: run this where Slurm's client commands are"
done

if [[ -z "$run_key" ]]; then
    analysis=$(jq -r '.analysis | strings' "$request")
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
# A job the partition can never start (more cores or nodes than it has: a co-scheduled job of
# more tasks than the cluster's cores) is cancelled at once, with what to change.
wait_for() {
    local job=$1 deadline=$((SECONDS + wait_minutes * 60)) out rc reason
    while true; do
        rc=0
        out=$(squeue -h -j "$job" -o "%i %T %r" 2>&1) || rc=$?
        if [[ $rc -eq 0 && -z "$out" ]]; then
            return 0
        fi
        # A job that ended longer ago than the controller's MinJobAge is no longer known.
        if [[ $rc -ne 0 && "$out" == *"Invalid job id"* ]]; then
            return 0
        fi
        reason=$(awk '$2 == "PENDING" && $3 ~ /^(PartitionConfig|PartitionNodeLimit|PartitionTimeLimit|BadConstraints)$/ { print $3; exit }' <<<"$out")
        if [[ -n "$reason" ]]; then
            scancel "$job" || true
            echo "chain-run: job $job can never start in its partition (Slurm: $reason): it asks for" \
                "more than the partition has. Ask for less (--sbatch-arg=--time=..., --mem...), pick" \
                "another partition, or run fewer shards; a co-scheduled job needs a core for each of" \
                "its tasks at once (on a small test cluster: --sbatch-arg=--overcommit)." >&2
            exit 2
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

# The warnings of the shards' runs that published (each shard's newest log saying so), one line per
# warning with the shards that gave it. Logs of earlier attempts and of other log folders are not read.
report_warnings() {
    local shard log found="" lines=""
    for ((shard = 1; shard <= shards; shard++)); do
        log=$(grep -l -E "^shard $shard/$shards of run .* (published to|is already published)" \
            "$log_dir"/shard-"$shard"-job-*.out 2>/dev/null |
            sed 's/.*-job-\([0-9]*\)\.out$/\1 &/' | sort -n | tail -n 1 | cut -d' ' -f2-) || true
        [[ -n "$log" ]] || continue
        found=$(sed -n 's/^warning: //p' "$log" | sort -u | sed "s/^/$shard\t/")
        [[ -z "$found" ]] || lines+=$found$'\n'
    done
    [[ -n "$lines" ]] || return 0
    say "the shards warned:"
    # Grouped by warning, in the order of the first shard that gave each, at most 20 of them: a
    # warning of thousands of shards stays one line.
    printf '%s' "$lines" | awk -F'\t' '
        !($2 in shards) { order[++n] = $2; shards[$2] = $1; next }
        { shards[$2] = shards[$2] "," $1 }
        END {
            for (i = 1; i <= n && i <= 20; i++) print order[i] "\037" shards[order[i]]
            if (n > 20) print "\037" (n - 20)
        }' |
        while IFS=$'\037' read -r text list; do
            if [[ -z "$text" ]]; then
                say "  and $list other warnings (in the shards' logs, $log_dir)"
            elif [[ "$list" == *,* ]]; then
                say "  shards $(as_ranges "$list"): $text"
            else
                say "  shard $list: $text"
            fi
        done
}

started=$SECONDS
submissions=0
if ((coupled)); then
    say "the request has $coupling, which couples its shards: they run together, as one co-scheduled job"
elif ((co_scheduled)); then
    say "the shards run together, as one co-scheduled job (--co-scheduled)"
fi
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
        # Why, as the last submission's tasks said it (and srun, for a co-scheduled job: its task
        # numbers count from 0 in the order of the job's shards).
        if ((coupled || co_scheduled)); then
            grep '^srun: error' "$log_dir/coupled-job-$job.out" 2>/dev/null |
                sed "s/^/chain-run:   job $job (shards ${tasks[*]}): /" || true
        fi
        # A coupled run's rounds so far, which the rerun's shards take up where they stopped.
        jq -r '.rounds[]? | "chain-run:   rounds (\(.exchange)): round \(.round) published by shards " +
            (.shards_in | map(tostring) | join(",")) + (if (.waiting_for | length) > 0 then
            ", not by " + (.waiting_for | map(tostring) | join(",")) else "" end)' \
            "$log_dir/status.json" 2>/dev/null || true
        for shard in ${missing//,/ }; do
            tail -n 3 "$log_dir/shard-$shard-job-$job.out" 2>/dev/null | sed "s/^/chain-run:   shard $shard: /" || true
        done
    fi
    exports="ALL,MERCHBENCH_SHARDS=$shards,MERCHBENCH_RUN_KEY=$run_key,MERCHBENCH_CLI=$cli"
    if ((coupled || co_scheduled)); then
        # One job, one task per missing shard, started together by srun; each task finds its
        # shard in the list by its task number and writes its log as an array task would.
        [[ -z "$round_wait" ]] || exports+=",MERCHBENCH_ROUND_WAIT=$round_wait"
        read -r -a tasks <<<"${missing//,/ }"
        job=$(MERCHBENCH_SHARD_LIST="${tasks[*]}" sbatch --parsable --ntasks="${#tasks[@]}" \
            --export="$exports,MERCHBENCH_LOG_DIR=$log_dir" \
            --output="$log_dir/coupled-job-%j.out" "${sbatch_args[@]}" \
            "$shard_script" "$log_dir/request.json") || fail "sbatch refused the co-scheduled job"
    else
        job=$(sbatch --parsable --array="$(as_ranges "$missing")" --export="$exports" \
            --output="$log_dir/shard-%a-job-%A.out" "${sbatch_args[@]}" \
            "$shard_script" "$log_dir/request.json") || fail "sbatch refused the job array"
    fi
    job=${job%%;*}
    submissions=$((submissions + 1))
    if ((coupled || co_scheduled)); then
        say "submitted shards $missing together as job $job (${#tasks[@]} tasks)"
    else
        say "submitted shards $missing as job $job"
    fi
    wait_for "$job"
    # How each task ended, while the controller still knows (it is the sink that decides).
    if ((coupled || co_scheduled)); then
        squeue -h -t all -j "$job" -o "%T %r" 2>/dev/null |
            sed "s/^\([A-Z_]*\) \(.*\)$/chain-run:   job $job: \1 (\2)/; s/ (None)$//" || true
    else
        squeue -h -t all -j "$job" -o "%K %T" 2>/dev/null | sort -n |
            sed 's/^\([0-9]*\) \(.*\)$/chain-run:   shard \1: \2/' || true
    fi
done

say "every shard is in after $submissions submissions, $((SECONDS - started)) s wall time"
"$cli" chain-status --sink "$MERCHBENCH_SINK" --run-key "$run_key" --shards "$shards"
report_warnings
