#!/usr/bin/env bash
# Builds Merchbench (Release, ./build) and runs the test suite.
# Usage: scripts/test.sh [--robustness] [extra ctest arguments...]
# With --robustness, or when CI=true, the sanitizer and fuzzing jobs (robustness.sh) run as well.
# When CI=true the static checks (tidy.sh, clang-tidy over core, app and ui) run first of those.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

robustness=false
tidy=false
ci=false
case "${CI:-}" in
true | TRUE | 1 | yes)
    ci=true
    robustness=true
    tidy=true
    ;;
esac
ctest_args=()
for arg in "$@"; do
    if [[ "$arg" == --robustness ]]; then
        robustness=true
    else
        ctest_args+=("$arg")
    fi
done

# Each step says how long it took (CI has a time budget; README: "Continuous integration").
step() {
    local name=$1 start=$SECONDS
    shift
    "$@"
    echo "== $name took $((SECONDS - start)) s"
}

step build bash scripts/build.sh
# The PostgreSQL tests (tests/pg) run against a throwaway server: started here in CI, where they
# fail without it; locally they skip unless MERCHBENCH_TEST_PG is set (or PG_TEST_SERVER=1 asks for
# the server here too).
# The chain run on Slurm (tests/slurm) needs a single-node Slurm cluster as well: started here in
# CI (or with SLURM_TEST_CLUSTER=1), stopped on exit like the server.
stop_servers=()
trap 'for stop in "${stop_servers[@]}"; do eval "$stop"; done' EXIT
if [[ -z "${MERCHBENCH_TEST_PG:-}" && ("$ci" == true || "${PG_TEST_SERVER:-}" == 1) ]]; then
    pg_dir=$(mktemp -u /tmp/merchbench-pg.XXXXXX)
    stop_servers+=('bash scripts/pg-test-server.sh stop "$pg_dir"')
    MERCHBENCH_TEST_PG=$(bash scripts/pg-test-server.sh start "$pg_dir")
    export MERCHBENCH_TEST_PG
    echo "test: PostgreSQL test server in $pg_dir"
fi
if [[ -z "${SLURM_CONF:-}" && ("$ci" == true || "${SLURM_TEST_CLUSTER:-}" == 1) ]]; then
    slurm_dir=$(mktemp -u /tmp/merchbench-slurm.XXXXXX)
    stop_servers+=('bash scripts/slurm-test-cluster.sh stop "$slurm_dir"')
    slurm_start=$SECONDS
    slurm_conf=$(bash scripts/slurm-test-cluster.sh start "$slurm_dir")
    export "${slurm_conf?}"
    echo "test: Slurm test cluster in $slurm_dir ($((SECONDS - slurm_start)) s to start)"
fi
step tests ctest --test-dir build --output-on-failure -j2 "${ctest_args[@]}"

# Uses the Release build's compile_commands.json, so it runs after build.sh.
if [[ "$tidy" == true ]]; then
    step tidy bash scripts/tidy.sh
fi

if [[ "$robustness" == true ]]; then
    step robustness bash scripts/robustness.sh
fi
