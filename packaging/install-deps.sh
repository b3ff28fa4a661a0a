#!/usr/bin/env bash
# Installs the Debian (bookworm) packages that building, testing and running Merchbench need.
# Only missing packages are installed, so running it again is quick and silent.
set -euo pipefail

packages=(
    # build
    cmake g++ make
    # a faster linker for the many test programs (CMakeLists.txt uses it when present)
    lld
    qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-svg-dev
    # qt6-charts-dev needs the Qt OpenGL development files but does not depend on them
    libqt6opengl6-dev
    libeigen3-dev libboost-dev libsqlite3-dev libgl-dev libxlsxwriter-dev pkg-config
    # PostgreSQL as a source and a sink: libpq; the server for the tests (scripts/pg-test-server.sh)
    libpq-dev postgresql
    # chain runs on Slurm: the single-node test cluster (scripts/slurm-test-cluster.sh); jq, with
    # which scripts/chain-run.sh reads a request's budget
    slurm-wlm munge jq
    # run: SQLite driver for QtSql, platform plugins, a font for charts and exports
    libqt6sql6-sqlite qt6-qpa-plugins fonts-dejavu-core sqlite3
    # robustness jobs: clang with libFuzzer and the sanitizer runtimes
    clang libclang-rt-14-dev
    # static checks (scripts/tidy.sh)
    clang-tidy
    # packaging checks and .deb building
    appstream desktop-file-utils dpkg-dev file
    # GUI tests and screenshots without a screen
    xvfb xauth
)

missing=()
for package in "${packages[@]}"; do
    # dpkg-query prints the status even for removed packages, so look for "installed" itself.
    status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
    if [[ "$status" != "installed" ]]; then
        missing+=("$package")
    fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi

echo "install-deps: missing Debian packages: ${missing[*]}"
if [[ $(id -u) -eq 0 ]]; then
    run_as_root=()
elif command -v sudo >/dev/null 2>&1; then
    run_as_root=(sudo)
else
    echo "install-deps: not root and sudo is not available; as root, run:" >&2
    echo "  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing[*]}" >&2
    exit 1
fi

"${run_as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${run_as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq "${missing[@]}"
