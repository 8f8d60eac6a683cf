#!/usr/bin/env bash
# Fails when a binary carries ICU or full Foundation's FoundationInternationalization:
# the server links FoundationEssentials only, and ICU alone is about 34 MB of data.
#
# Usage: scripts/check-no-icu.sh [BINARY]          (default dist/american; stripped or not)
#        scripts/check-no-icu.sh --negative-control
#            builds a one-line program that imports full Foundation and requires this check
#            to FAIL on it, so that a check that can no longer see ICU does not pass silently.
#
# What counts as ICU, each enough on its own:
#   - a shared ICU or Foundation library in `ldd` (libicu*, libFoundation*.so, lib_FoundationICU);
#   - ICU's data package name (icudt<version>) among the binary's strings;
#   - the module name FoundationInternationalization or _FoundationICU among the strings
#     (Swift keeps module names in its type metadata, so stripping does not hide them).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

# offenders BINARY: prints one line per finding; nothing when the binary is clean.
offenders() {
    local bin=$1 libs count
    libs="$(ldd "$bin" 2>/dev/null | grep -E 'libicu|libFoundation[A-Za-z]*\.so|lib_FoundationICU' || true)"
    [ -n "$libs" ] && printf 'ldd: %s\n' "$libs"
    count="$(strings -a "$bin" | grep -cE 'icudt[0-9]+' || true)"
    [ "$count" -gt 0 ] && printf 'strings: %s mention(s) of ICU data (icudt<N>)\n' "$count"
    count="$(strings -a "$bin" | grep -cE 'FoundationInternationalization|_FoundationICU' || true)"
    [ "$count" -gt 0 ] && printf 'strings: %s mention(s) of FoundationInternationalization/_FoundationICU\n' "$count"
    return 0
}

# check BINARY: exit 0 when clean, 1 with the findings when not.
check() {
    local bin=$1 found
    [ -f "$bin" ] || { echo "check-no-icu: no binary at $bin" >&2; return 2; }
    found="$(offenders "$bin")"
    if [ -n "$found" ]; then
        echo "check-no-icu: FAIL $bin ($(du -h "$bin" | cut -f1)) carries ICU / full Foundation:"
        sed 's/^/  /' <<<"$found"
        return 1
    fi
    echo "check-no-icu: ok $bin ($(du -h "$bin" | cut -f1)): no ICU, no FoundationInternationalization"
}

negative_control() {
    local dir status
    dir="$(mktemp -d "${TMPDIR:-/tmp}/check-no-icu.XXXXXX")"
    printf 'import Foundation\nprint(NumberFormatter.localizedString(from: 1234.5, number: .decimal))\n' >"$dir/main.swift"
    swiftc -O -static-stdlib "$dir/main.swift" -o "$dir/uses-foundation" >"$dir/build.log" 2>&1 ||
        { cat "$dir/build.log"; rm -rf "$dir"; echo "check-no-icu: the negative control did not build" >&2; return 2; }
    check "$dir/uses-foundation"
    status=$?
    rm -rf "$dir"
    if [ "$status" -eq 1 ]; then
        echo "check-no-icu: negative control ok: the check fails on a Foundation-importing binary"
        return 0
    fi
    echo "check-no-icu: negative control FAILED: the check passed a binary that imports Foundation" >&2
    return 1
}

if [ "${1:-}" = --negative-control ]; then negative_control; else check "${1:-dist/american}"; fi
