#!/usr/bin/env bash
# Checks the desktop integration files the way distributions do before shipping them.
# Usage: validate-metadata.sh appstream METAINFO_FILE PROJECT_VERSION
#        validate-metadata.sh desktop DESKTOP_FILE
# Exits 77 (ctest SKIP_RETURN_CODE) when the checking tool is not installed.
set -euo pipefail

skip_without() {
    if ! command -v "$1" >/dev/null 2>&1; then
        echo "SKIP: $1 is not installed (Debian package $2)"
        exit 77
    fi
}

mode=${1:?mode: appstream or desktop}
file=${2:?file to check}

case "$mode" in
appstream)
    version=${3:?project version}
    skip_without appstreamcli appstream
    # --strict also fails on warnings, so the metadata stays clean enough for software centres.
    appstreamcli validate --no-net --strict --explain "$file"
    # A version bump without release notes would show stale information in software centres.
    if ! grep -Eq "<release[^>]*version=\"${version//./\\.}\"" "$file"; then
        echo "FAIL: $file has no <release version=\"$version\"> entry for the project version" >&2
        exit 1
    fi
    ;;
desktop)
    skip_without desktop-file-validate desktop-file-utils
    # desktop-file-validate exits 0 even when it prints hints, so any output counts as a failure.
    output=$(desktop-file-validate "$file" 2>&1) || status=$?
    if [[ -n "$output" || ${status:-0} -ne 0 ]]; then
        printf '%s\n' "$output" >&2
        echo "FAIL: desktop-file-validate reported problems in $file" >&2
        exit 1
    fi
    ;;
*)
    echo "unknown mode '$mode' (expected appstream or desktop)" >&2
    exit 2
    ;;
esac
echo "OK: $file"
