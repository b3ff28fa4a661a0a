#!/usr/bin/env bash
# Robustness jobs: the test suite under AddressSanitizer and UBSan (./build-asan), then every
# libFuzzer target in tests/fuzz for FUZZ_SECONDS each (./build-fuzz). Fails on any finding.
# Usage: scripts/robustness.sh [--asan-only | --fuzz-only]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

fuzz_seconds=${FUZZ_SECONDS:-15}
jobs=$(nproc)
run_asan=true
run_fuzz=true
case "${1:-}" in
"") ;;
--asan-only) run_fuzz=false ;;
--fuzz-only) run_asan=false ;;
*)
    echo "usage: $0 [--asan-only | --fuzz-only]" >&2
    exit 2
    ;;
esac

bash packaging/install-deps.sh

# Findings must fail the run, and reports need stacks to be useful.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

if [[ "$run_asan" == true ]]; then
    echo "== AddressSanitizer + UndefinedBehaviorSanitizer build (build-asan)"
    # Line tables only (-g1): reports keep file and line, objects and links are much smaller.
    # Only the analyses are optimised (MERCHBENCH_CORE_FLAGS); -O0 elsewhere halves the build.
    cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g1 -O0" \
        -DMERCHBENCH_CORE_FLAGS=-O1 -DMERCHBENCH_SANITIZE=address,undefined \
        -DMERCHBENCH_BUILD_BENCH=OFF
    cmake --build build-asan -j"$jobs"
    # The slow real-data tests are skipped here; the Release run in ./build covers them.
    # Left to the Release suite, which runs them in full: the PostgreSQL tests (libpq's own
    # start-up allocations are not ours to judge here), tst_fulldisk (it fails every write of
    # whole commands in turn: 200 s under the sanitizers alone) and the second screenshot size.
    MERCHBENCH_QUICK=1 ctest --test-dir build-asan --output-on-failure -j2 \
        -E '^(tst_pg.*|tst_fulldisk|tst_screenshots_1920x1080)$'
fi

if [[ "$run_fuzz" == true ]]; then
    echo "== libFuzzer build (build-fuzz)"
    # fuzzer-no-link gives the library code coverage feedback, not only the fuzz entry points.
    CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link" -DMERCHBENCH_SANITIZE=address,undefined \
        -DMERCHBENCH_FUZZ=ON -DMERCHBENCH_BUILD_GUI=OFF -DMERCHBENCH_BUILD_TESTS=OFF \
        -DMERCHBENCH_BUILD_BENCH=OFF
    cmake --build build-fuzz --target fuzz_all -j"$jobs"

    mapfile -t targets < <(find build-fuzz/tests/fuzz -maxdepth 1 -type f -name 'fuzz_*' -perm -u+x 2>/dev/null | sort)
    if [[ ${#targets[@]} -eq 0 ]]; then
        echo "robustness: no fuzz_* executables in build-fuzz/tests/fuzz" >&2
        exit 1
    fi
    # A libFuzzer run uses one core: the targets run $jobs at a time, each for its full time, its
    # output kept in its own log and printed when it ends.
    fuzz_logs=build-fuzz/logs
    mkdir -p "$fuzz_logs"
    running=()
    finish_oldest() {
        local pid=${running[0]%%:*} name=${running[0]#*:} status=0
        running=("${running[@]:1}")
        wait "$pid" || status=$?
        echo "== $name for ${fuzz_seconds}s (exit $status)"
        cat "$fuzz_logs/$name.log"
        if [[ $status -ne 0 ]]; then
            echo "robustness: $name failed (exit $status); artifacts in build-fuzz/artifacts/$name" >&2
            for other in "${running[@]}"; do kill "${other%%:*}" 2>/dev/null || true; done
            exit "$status"
        fi
    }
    for target in "${targets[@]}"; do
        name=$(basename "$target")
        corpus=build-fuzz/corpus/$name
        artifacts=build-fuzz/artifacts/$name
        mkdir -p "$corpus" "$artifacts"
        # Seeds and dictionary are optional: a target's own (corpus/NAME, NAME.dict) or the shared
        # CSV ones. libFuzzer writes what it finds only to the first directory, never to the seeds.
        extra=()
        if [[ -f "tests/fuzz/$name.dict" ]]; then
            extra+=("-dict=tests/fuzz/$name.dict")
        elif [[ -f tests/fuzz/csv.dict ]]; then
            extra+=("-dict=tests/fuzz/csv.dict")
        fi
        seeds=()
        if [[ -d "tests/fuzz/corpus/$name" ]]; then
            seeds+=("tests/fuzz/corpus/$name")
        elif [[ -d tests/fuzz/corpus ]]; then
            seeds+=(tests/fuzz/corpus)
        fi
        if [[ ${#running[@]} -ge $jobs ]]; then
            finish_oldest
        fi
        # A hang (an input taking over 10 s) or a crash makes libFuzzer exit non-zero.
        "$target" -max_total_time="$fuzz_seconds" -timeout=10 -rss_limit_mb=2048 \
            -print_final_stats=1 -artifact_prefix="$artifacts/" "${extra[@]}" \
            "$corpus" "${seeds[@]}" >"$fuzz_logs/$name.log" 2>&1 &
        running+=("$!:$name")
    done
    while [[ ${#running[@]} -gt 0 ]]; do
        finish_oldest
    done
fi
echo "robustness: all jobs passed"
