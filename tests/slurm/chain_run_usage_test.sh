#!/usr/bin/env bash
# scripts/chain-run.sh refuses what would go wrong later, before it submits anything: a password
# in a URI (it would travel in every job's environment), a missing source, a bad N. Needs neither
# Slurm nor PostgreSQL.
# Usage: chain_run_usage_test.sh MERCHBENCH_CLI SOURCE_DIR
set -euo pipefail
export MERCHBENCH_CLI=$1
script=$2/scripts/chain-run.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo '{"analysis": "markdown"}' >"$work/request.json"
fail() {
    echo "chain_run_usage_test: FAIL: $*" >&2
    exit 1
}
# Runs chain-run.sh; expects exit code $1 and stderr containing $2.
expect() {
    local code=$1 text=$2 status=0
    shift 2
    (cd "$work" && env "$@" bash "$script" "$work/request.json" 4 >"$work/out" 2>"$work/err") ||
        status=$?
    [[ $status -eq $code ]] || fail "$* exited $status, expected $code: $(cat "$work/err")"
    grep -qF -- "$text" "$work/err" || fail "$* did not say '$text': $(cat "$work/err")"
}
ok=postgresql://planner@db.example/retail
expect 1 "MERCHBENCH_SINK holds a password" MERCHBENCH_SOURCE=$ok \
    MERCHBENCH_SINK=postgresql://planner:secret@db.example/retail
expect 1 "MERCHBENCH_SOURCE holds a password" MERCHBENCH_SINK=$ok \
    "MERCHBENCH_SOURCE=postgresql://planner@db.example/retail?password=secret"
expect 1 "MERCHBENCH_SOURCE must be a postgresql:// URI" MERCHBENCH_SINK=$ok MERCHBENCH_SOURCE=
grep -q secret "$work/err" "$work/out" && fail "a password was printed"
status=0
MERCHBENCH_SOURCE=$ok MERCHBENCH_SINK=$ok bash "$script" "$work/request.json" 0 2>"$work/err" || status=$?
[[ $status -eq 1 ]] && grep -q "N must be a whole number >= 1" "$work/err" || fail "N = 0 was not refused"
status=0
MERCHBENCH_SOURCE=$ok MERCHBENCH_SINK=$ok bash "$script" --round-wait 0 "$work/request.json" 4 2>"$work/err" || status=$?
[[ $status -eq 1 ]] && grep -q "round-wait takes minutes, more than 0" "$work/err" || fail "--round-wait 0 was not refused"
# A request that is not JSON is refused before anything is submitted: the script reads the budget
# from it (rules.markdown_budget) to choose between a job array and a co-scheduled job.
echo '{"analysis": "markdown", "rules": {' >"$work/broken.json"
status=0
(cd "$work" && MERCHBENCH_SOURCE=$ok MERCHBENCH_SINK=$ok bash "$script" "$work/broken.json" 4 2>"$work/err") || status=$?
[[ $status -eq 1 ]] && grep -q "is not a JSON object" "$work/err" || fail "a request that is not JSON was not refused: $(cat "$work/err")"
# Which job a request gets, seen through the script each needs (missing here, so nothing is
# submitted): coupled shards (a markdown budget, category-level demand) one co-scheduled job,
# the others a job array.
job_for() {
    local status=0
    echo "$1" >"$work/kind.json"
    shift
    (cd "$work" && MERCHBENCH_SOURCE=$ok MERCHBENCH_SINK=$ok MERCHBENCH_COUPLED_SCRIPT=/nonexistent/coupled \
        MERCHBENCH_SHARD_SCRIPT=/nonexistent/array bash "$script" "$@" "$work/kind.json" 4 2>"$work/err") || status=$?
    [[ $status -eq 2 ]] || fail "$1: exit $status, expected 2: $(cat "$work/err")"
    if grep -q "no co-scheduled job script" "$work/err"; then
        echo coupled
    elif grep -q "no shard script at /nonexistent/array" "$work/err"; then
        echo array
    else
        fail "neither job was chosen: $(cat "$work/err")"
    fi
}
[[ $(job_for '{"analysis": "markdown", "rules": {"markdown_budget": 0}}') == coupled ]] ||
    fail "a markdown budget of 0 was not run as one co-scheduled job"
[[ $(job_for '{"analysis": "markdown", "rules": {"markdown_budget": 25000.5, "seed": 7}}') == coupled ]] ||
    fail "a markdown budget was not run as one co-scheduled job"
[[ $(job_for '{"analysis": "demand", "level": "category"}') == coupled ]] ||
    fail "category-level demand was not run as one co-scheduled job"
[[ $(job_for '{"analysis": "markdown", "rules": {"seed": 7}}') == array ]] ||
    fail "a markdown request without a budget was not run as a job array"
[[ $(job_for '{"analysis": "demand", "level": "product"}') == array ]] ||
    fail "product-level demand was not run as a job array"
[[ $(job_for '{"analysis": "markdown", "rules": {"seed": 7}}' --co-scheduled) == coupled ]] ||
    fail "--co-scheduled did not run a request without a budget as one co-scheduled job"
# Nothing was submitted or written: no log folder appeared.
[[ ! -e "$work/chain-runs" ]] || fail "a refused run made its log folder"
echo "chain_run_usage_test: PASS"
