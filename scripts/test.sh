#!/usr/bin/env bash
# Builds Merchbench (Release, ./build) and runs the test suite.
# Usage: scripts/test.sh [--robustness] [extra ctest arguments...]
# With --robustness, or when CI=true, the sanitizer and fuzzing jobs (robustness.sh) run as well.
# When CI=true the static checks (tidy.sh, clang-tidy over core, app and ui) run first of those.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

robustness=false
tidy=false
case "${CI:-}" in
true | TRUE | 1 | yes)
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

bash scripts/build.sh
ctest --test-dir build --output-on-failure -j2 "${ctest_args[@]}"

# Uses the Release build's compile_commands.json, so it runs after build.sh.
if [[ "$tidy" == true ]]; then
    bash scripts/tidy.sh
fi

if [[ "$robustness" == true ]]; then
    bash scripts/robustness.sh
fi
