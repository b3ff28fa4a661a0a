#!/usr/bin/env bash
# Quick start: builds Merchbench and shows the demo retailer.
# With a display (and no argument) the desktop application opens the demo project; otherwise,
# or when OUTDIR is given, the command-line tool writes the demo project and its exports there.
# Usage: scripts/run.sh [OUTDIR]    (OUTDIR defaults to ~/merchbench-demo)
set -euo pipefail

if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
    sed -n '2,5p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit 0
fi
# Resolve OUTDIR before leaving the caller's directory, so a relative path means what they typed.
outdir=""
if [[ $# -gt 0 ]]; then
    outdir=$(realpath -m -- "$1")
fi

cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/build.sh

if [[ -z "$outdir" && (-n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}") ]]; then
    exec build/app/merchbench --demo
fi

outdir=${outdir:-"${HOME:?HOME is not set; give an OUTDIR}/merchbench-demo"}
build/app/merchbench-cli demo "$outdir"
echo "Everything the demo wrote is in $outdir"
