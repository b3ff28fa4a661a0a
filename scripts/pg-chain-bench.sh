#!/usr/bin/env bash
# The sharded chain run measured (docs/scale.md section 3): a generated chain (generate --scale
# SCALE --seed 42) loaded into PostgreSQL as text tables with an index on product, the
# merchbench_<kind> views of scripts/season-end-views.sql over them (the season-end goods, apparel
# and seasonal, at subcategory level), and the markdown request scripts/season-end-request.json
# (both also tests/slurm/chain_run_test.sh's) run as N = 1 and N = 2 shards (`run --source ...
# --shard I/N --sink ...`; the 2 shards at the same time), each shard under /usr/bin/time -v.
# Usage: scripts/pg-chain-bench.sh SCALE [--budget-share F]   with a Release build in ./build
# (or MERCHBENCH_CLI).
#   --budget-share F  also runs the request with rules.markdown_budget = F x the unbudgeted N = 1
#                     run's markdown_spend (its --json), for N = 1 and N = 2 (the shards then
#                     exchange the budget's rounds through the sink).
# Uses MERCHBENCH_TEST_PG when set (its source tables go to a schema of their own, dropped at the
# end, with this run's rows of the sink), else starts a throwaway server
# (scripts/pg-test-server.sh).
# Work files go to MERCHBENCH_BENCH_DIR (default /tmp) and are removed at the end.
# Prints one line per shard: the run's wall time, the shard's wall, CPU (user + sys) seconds and
# peak RSS (MB), items, price changes, the budget's rounds and the seconds the shard waited for
# the others' rounds (from merchbench.shard_rounds' published_at), and the server's CPU seconds
# over the run (its postmaster and finished backends, from /proc). Exits 1 when the N = 2 price
# changes differ from the N = 1 run's (EXCEPT ALL both ways, every column but run key and shard).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
usage() {
    echo "usage: $0 SCALE [--budget-share F]" >&2
    exit 2
}
[[ $# -ge 1 ]] || usage
scale=$1
shift
share=""
while [[ $# -gt 0 ]]; do
    case "$1" in
    --budget-share)
        [[ $# -ge 2 ]] || usage
        share=$2
        shift 2
        ;;
    *) usage ;;
    esac
done
[[ "$scale" =~ ^[0-9]+(\.[0-9]+)?$ ]] || usage
[[ -z "$share" || "$share" =~ ^(0?\.[0-9]+|[0-9]+(\.[0-9]+)?)$ ]] || usage
cli=${MERCHBENCH_CLI:-build/app/merchbench-cli}
[[ -x "$cli" ]] || { echo "pg-chain-bench: build $cli first (Release)" >&2; exit 1; }
bench_work_dir=${MERCHBENCH_BENCH_DIR:-/tmp}/merchbench-pgchain.XXXXXX
# shellcheck source=scripts/pg-bench-setup.sh
source scripts/pg-bench-setup.sh

# The shards get the URI without its password (libpq reads PGPASSWORD), as chain-run.sh wants.
password=$(sed -E -n 's|^postgres(ql)?://[^:/@]*:([^@]*)@.*$|\2|p' <<<"$uri")
sink=$(sed -E 's|^(postgres(ql)?://[^:/@]*):[^@]*@|\1@|' <<<"$uri")
[[ -z "$password" ]] || export PGPASSWORD=$password
schema=chain_bench_$$
separator='?'
[[ "$sink" == *'?'* ]] && separator='&'
source_uri="$sink${separator}options=-csearch_path%3D$schema"
key_prefix=chain-bench-$$
sql() { psql -X -q -v ON_ERROR_STOP=1 -At "$sink" "$@"; }

# The source schema and this run's sink rows go with the server; on MERCHBENCH_TEST_PG they are
# removed here (the sink's tables stay, as the tests leave them).
drop_bench_rows() {
    sql >/dev/null 2>&1 <<SQL || true
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS $schema CASCADE;
DO \$\$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['price_changes', 'budget_sums', 'budget_moves',
                             'shard_rounds', 'run_shards', 'runs'] LOOP
        IF to_regclass('merchbench.' || t) IS NOT NULL THEN
            EXECUTE format('DELETE FROM merchbench.%I WHERE run_key LIKE %L', t,
                           '$key_prefix-%');
        END IF;
    END LOOP;
END \$\$;
SQL
}
trap 'drop_bench_rows; cleanup' EXIT

# The server's CPU seconds so far: its postmaster's own and its finished backends' (it reaps them),
# so a difference around a run is the server's work for it (the socket folder holds data/); "-"
# when the server is not this machine's or not readable.
socket_dir=$(sed -n 's/.*host=\([^&]*\).*/\1/p' <<<"$uri")
server_cpu() {
    local pid
    pid=$(head -1 "$socket_dir/data/postmaster.pid" 2>/dev/null) && [[ -r /proc/$pid/stat ]] ||
        { echo -; return; }
    awk -v tick="$(getconf CLK_TCK)" '{ printf "%.2f\n", ($14 + $15 + $16 + $17) / tick }' \
        "/proc/$pid/stat"
}
# A number of a --json summary (compact or indented): field FILE KEY ("" when absent).
field() { { grep -o "\"$2\": *[^,}]*" "$1" || true; } | head -1 | sed 's/^[^:]*: *//'; }

# --- The chain in PostgreSQL (scripts/season-end-chain.sh).
started=$SECONDS
# shellcheck source=scripts/season-end-chain.sh
source scripts/season-end-chain.sh
season_end_chain "$cli" "$scale" "$work" "$schema"
echo "chain: scale $scale, $(sql -c "SELECT count(*) FROM $schema.generated_sales") sales rows," \
    "$(sql -c "SELECT count(*) FROM $schema.merchbench_sales") of them season-end," \
    "$(sql -c "SELECT count(DISTINCT category) FROM $schema.merchbench_products") categories;" \
    "generated and loaded in $((SECONDS - started)) s"

# --- The request: scripts/season-end-request.json (chain_run_test.sh's), with
# rules.markdown_budget = $1 unless $1 is "".
request() {
    if [[ -z "$1" ]]; then
        cat scripts/season-end-request.json
    else
        sed "/\"distribution\":/i\\        \"markdown_budget\": $1," scripts/season-end-request.json
    fi
}

# A figure of /usr/bin/time -v's report: time_v FILE LABEL (the value after "LABEL: ").
time_v() {
    sed -n "s/^[[:space:]]*$2: //p" "$1"
}
printf '%-9s %2s %5s %7s %8s %7s %8s %6s %8s %7s %8s %9s\n' run N shard run_s wall_s cpu_s \
    peak_MB items changes rounds waited_s server_s
# run_set NAME N BUDGET: runs the N shards at once under the run key $key_prefix-NAME-nN.
run_set() {
    local name=$1 shards=$2 budget=$3 key="$key_prefix-$1-n$2" i before after t0 pids=() status=0
    request "$budget" >"$work/$name.json"
    echo "# $name N = $shards: load average $(cut -d' ' -f1-3 /proc/loadavg)"
    before=$(server_cpu)
    t0=$(date +%s.%N)
    for ((i = 1; i <= shards; i++)); do
        /usr/bin/time -v -o "$work/time.$name.$shards.$i" "$cli" run "$work/$name.json" \
            --source "$source_uri" --shard "$i/$shards" --sink "$sink" --run-key "$key" --json \
            --round-wait 5 \
            >"$work/out.$name.$shards.$i" 2>"$work/err.$name.$shards.$i" &
        pids+=($!)
    done
    for i in "${!pids[@]}"; do
        wait "${pids[$i]}" || {
            status=$?
            echo "pg-chain-bench: $name shard $((i + 1))/$shards failed ($status):" >&2
            tail -5 "$work/err.$name.$shards.$((i + 1))" >&2
        }
    done
    [[ $status -eq 0 ]] || return 1
    local run_s
    run_s=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
    after=$(server_cpu)
    local server=-
    [[ "$before" == - || "$after" == - ]] || server=$(awk -v a="$after" -v b="$before" \
        'BEGIN { printf "%.1f", a - b }')
    # A shard's waiting: per round, from its own publishing to the last shard's.
    sql -F ' ' -c "SELECT r.shard,
                          round(sum(extract(epoch FROM l.last - r.published_at))::numeric, 1)
                   FROM merchbench.shard_rounds AS r
                   JOIN (SELECT round, max(published_at) AS last FROM merchbench.shard_rounds
                         WHERE run_key = '$key' GROUP BY round) AS l USING (round)
                   WHERE r.run_key = '$key' GROUP BY r.shard" >"$work/waited.$name.$shards"
    for ((i = 1; i <= shards; i++)); do
        local t=$work/time.$name.$shards.$i out=$work/out.$name.$shards.$i rounds waited
        rounds=$(field "$out" published)
        waited=$(awk -v s="$i" '$1 == s { print $2 }' "$work/waited.$name.$shards")
        awk -v name="$name" -v n="$shards" -v i="$i" -v run="$run_s" \
            -v wall="$(time_v "$t" 'Elapsed (wall clock) time (h:mm:ss or m:ss)')" \
            -v user="$(time_v "$t" 'User time (seconds)')" \
            -v sys="$(time_v "$t" 'System time (seconds)')" \
            -v rss="$(time_v "$t" 'Maximum resident set size (kbytes)')" \
            -v items="$(field "$out" items)" -v changes="$(field "$out" price_changes)" \
            -v rounds="${rounds:--}" -v waited="${waited:--}" \
            -v server="$([[ $i == 1 ]] && echo "$server")" \
            'BEGIN {
                k = split(wall, p, ":"); w = 0
                for (j = 1; j <= k; j++) w = w * 60 + p[j]
                printf "%-9s %2d %5d %7.1f %8.1f %7.1f %8.0f %6d %8d %7s %8s %9s\n", name, n, i,
                    run, w, user + sys, rss / 1024, items, changes, rounds, waited, server
            }'
    done
}
# The spend of a run: the sum of its shards' markdown_spend.
spend() { # NAME N
    local i total=0
    for ((i = 1; i <= $2; i++)); do
        total=$(awk -v t="$total" -v s="$(field "$work/out.$1.$2.$i" markdown_spend)" \
            'BEGIN { printf "%.2f", t + s }')
    done
    echo "$total"
}
# What a run's rounds wrote to the sink: "TABLE ROWS" per table of the budget's exchange.
round_rows() { # NAME N
    local table
    for table in shard_rounds budget_sums budget_moves; do
        [[ $(sql -c "SELECT to_regclass('merchbench.$table') IS NOT NULL") == t ]] || continue
        echo "$table $(sql -c "SELECT count(*) FROM merchbench.$table
                                WHERE run_key = '$key_prefix-$1-n$2'")"
    done | paste -sd' '
}
# The N = 2 run's price changes against the N = 1 run's, row for row.
rows() {
    echo "SELECT to_jsonb(p) - 'run_key' - 'shard' FROM merchbench.price_changes AS p
          WHERE run_key = '$key_prefix-$1'"
}
differences=0
compare() { # NAME
    local one two different
    one=$(sql -c "SELECT count(*) FROM ($(rows "$1-n1")) AS r")
    two=$(sql -c "SELECT count(*) FROM ($(rows "$1-n2")) AS r")
    different=$(sql -c "SELECT count(*) FROM (($(rows "$1-n1") EXCEPT ALL $(rows "$1-n2"))
                        UNION ALL ($(rows "$1-n2") EXCEPT ALL $(rows "$1-n1"))) AS d")
    echo "$1: N = 1 published $one price changes, N = 2 $two; $different rows differ"
    [[ "$one" == "$two" && "$different" == 0 ]] || {
        echo "pg-chain-bench: FAIL: the $1 run's N = 2 price changes differ from N = 1's" >&2
        differences=1
    }
}

run_set unbudgeted 1 ""
run_set unbudgeted 2 ""
unbudgeted_spend=$(spend unbudgeted 1)
if [[ -n "$share" ]]; then
    budget=$(awk -v s="$share" -v u="$unbudgeted_spend" 'BEGIN { printf "%.2f", s * u }')
    echo "# budget: $share x the unbudgeted spend $unbudgeted_spend = $budget"
    run_set budget 1 "$budget"
    run_set budget 2 "$budget"
fi
echo "unbudgeted markdown spend: $unbudgeted_spend (N = 1), $(spend unbudgeted 2) (N = 2)"
if [[ -n "$share" ]]; then
    echo "budget: $share x $unbudgeted_spend = $budget; spend $(spend budget 1) (N = 1)," \
        "$(spend budget 2) (N = 2)"
    echo "budget N = 2: the rounds' rows in the sink: $(round_rows budget 2)"
    # The chain's figures of the budget (price, gap bound), as each shard states them.
    for n in 1 2; do
        sed -n '/"warnings": \[/,/\]/p' "$work/out.budget.$n.1" |
            sed '1d; $d; s/^ *"//; s/",\{0,1\}$//' |
            sed "s/^/budget N = $n, shard 1: /"
    done
fi
compare unbudgeted
[[ -z "$share" ]] || compare budget
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$differences"
