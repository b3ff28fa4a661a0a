#!/bin/bash
# merchbench --help and --version answer without a display: run with no DISPLAY, no Wayland and
# no QT_QPA_PLATFORM (so Qt would pick xcb and abort if it made a window system connection).
set -u
binary=$1
version=$2
unset DISPLAY WAYLAND_DISPLAY QT_QPA_PLATFORM
fail=0
out=$("$binary" --version 2>&1); code=$?
if [ $code -ne 0 ] || ! grep -q "$version" <<<"$out"; then
    echo "merchbench --version: exit $code, printed: $out"; fail=1
fi
out=$("$binary" --help 2>&1); code=$?
if [ $code -ne 0 ] || ! grep -q -- "--demo" <<<"$out" || ! grep -q "Usage:" <<<"$out"; then
    echo "merchbench --help: exit $code, printed: $out"; fail=1
fi
[ $fail -eq 0 ] && echo "merchbench --help and --version answer without a display"
exit $fail
