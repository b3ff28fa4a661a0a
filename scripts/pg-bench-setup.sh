# shellcheck shell=bash
# Sourced by the PostgreSQL benchmarks (scripts/pg-import-*.sh) with bench_work_dir set to a
# mktemp template: makes $work, and sets $uri to MERCHBENCH_TEST_PG or to a throwaway server it
# starts (scripts/pg-test-server.sh); both are removed when the script exits.
work=$(mktemp -d "${bench_work_dir:?set by the sourcing script}")
server=""
cleanup() {
    [[ -n "$server" ]] && bash scripts/pg-test-server.sh stop "$server"
    rm -rf "$work"
}
trap cleanup EXIT
uri=${MERCHBENCH_TEST_PG:-}
if [[ -z "$uri" ]]; then
    server=$(mktemp -u /tmp/merchbench-pg.XXXXXX)
    uri=$(bash scripts/pg-test-server.sh start "$server")
fi
