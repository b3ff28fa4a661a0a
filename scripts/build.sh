#!/usr/bin/env bash
# Installs missing Debian packages, then configures and builds a Release in ./build.
# Shared by run.sh and test.sh; also useful on its own.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash packaging/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"
