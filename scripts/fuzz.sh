#!/usr/bin/env bash
# Fuzzes the tokenizer/analyzer/model, the request-body decoder and the model-file
# decoder with libFuzzer + AddressSanitizer (the separate SwiftPM package in Fuzz/).
#
#   scripts/fuzz.sh            # build, then 100,000 inputs per target
#
# Each target must run FUZZ_RUNS inputs without a crash (a broken invariant in
# Fuzz/Sources/FuzzHarness is a crash too). A crashing input is saved under
# .build-fuzz/artifacts/ and printed; the script then exits non-zero.
#
# Environment:
#   FUZZ_RUNS          inputs per target (default 100000)
#   FUZZ_MAX_SECONDS   time cap per target, a safety net (default 240; the tokenizer target runs the
#                      shipped model on every input, ~67,000 inputs per 90 s under ASan); a target that
#                      stops before FUZZ_RUNS inputs fails the run
#   FUZZ_CONFIG        release (default; -O keeps Swift's runtime checks and runs ~3x
#                      faster than debug) or debug
#   FUZZ_ENGINE        libfuzzer (default) or random: the seeded-mutation driver
#                      (Fuzz/Sources/FuzzRandom) for toolchains without -sanitize=fuzzer
#   FUZZ_TARGETS       which targets (default "tokenizer request-decoder model-file")
#   FUZZ_SEED          libFuzzer / random-driver seed (default 1, reproducible)
#   SHARED_DIR         shared data folder (default ../shared); up to 200 tweets of
#                      $SHARED_DIR/data/test.csv join the seed corpus when it exists
set -euo pipefail
cd "$(dirname "$0")/.."

FUZZ_RUNS="${FUZZ_RUNS:-100000}"
FUZZ_MAX_SECONDS="${FUZZ_MAX_SECONDS:-240}"
FUZZ_CONFIG="${FUZZ_CONFIG:-release}"
FUZZ_ENGINE="${FUZZ_ENGINE:-libfuzzer}"
FUZZ_TARGETS="${FUZZ_TARGETS:-tokenizer request-decoder model-file}"
FUZZ_SEED="${FUZZ_SEED:-1}"
SHARED_DIR="${SHARED_DIR:-$PWD/../shared}"
SCRATCH=.build-fuzz
WORK="$SCRATCH/work"

log() { printf '[fuzz %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
started=$SECONDS
mkdir -p "$WORK"

# --- seed corpus: the committed seeds plus real tweets ---------------------------
prepare_corpus() {
    local target=$1 dir="$WORK/corpus/$1"
    mkdir -p "$dir"
    cp Fuzz/Corpus/"$target"/* "$dir"/
    local csv="$SHARED_DIR/data/test.csv"
    if [ -f "$csv" ] && [ "$target" != model-file ] && command -v python3 >/dev/null; then
        python3 - "$csv" "$dir" "$target" <<'EOF'
import csv, json, sys
path, out, target = sys.argv[1:]
with open(path, newline="", encoding="utf-8", errors="replace") as f:
    rows = csv.DictReader(f, delimiter=";")
    for i, row in enumerate(rows):
        if i >= 200:
            break
        text = row.get("text") or ""
        data = text if target == "tokenizer" else json.dumps({"text": text}, ensure_ascii=i % 2 == 0)
        with open(f"{out}/tweet-{i:03d}", "w", encoding="utf-8") as g:
            g.write(data)
EOF
    fi
}

# --- random engine (no libFuzzer) --------------------------------------------------
if [ "$FUZZ_ENGINE" = random ]; then
    log "building fuzz-random (-c $FUZZ_CONFIG)"
    swift build --package-path Fuzz --scratch-path "$SCRATCH-random" -c "$FUZZ_CONFIG" --product fuzz-random \
        >"$WORK/build-random.log" 2>&1 || { tail -40 "$WORK/build-random.log"; exit 2; }
    bin="$(swift build --package-path Fuzz --scratch-path "$SCRATCH-random" -c "$FUZZ_CONFIG" --show-bin-path)"
    for target in $FUZZ_TARGETS; do prepare_corpus "$target"; done
    # shellcheck disable=SC2086
    "$bin/fuzz-random" --runs "$FUZZ_RUNS" --seed "$FUZZ_SEED" --corpus "$WORK/corpus" $FUZZ_TARGETS
    log "done in $((SECONDS - started)) s"
    exit 0
fi

# --- libFuzzer engine ---------------------------------------------------------------
build=(swift build --package-path Fuzz --scratch-path "$SCRATCH" -c "$FUZZ_CONFIG" -Xswiftc "-sanitize=fuzzer,address")
bin="$("${build[@]}" --show-bin-path)"
for target in $FUZZ_TARGETS; do
    log "building fuzz-$target (-c $FUZZ_CONFIG, -sanitize=fuzzer,address)"
    "${build[@]}" --product "fuzz-$target" >"$WORK/build-$target.log" 2>&1 \
        || { grep -v 'Cannot export local symbol' "$WORK/build-$target.log" | tail -40; exit 2; }
done
log "built in $((SECONDS - started)) s"

failed=0
summary=()
for target in $FUZZ_TARGETS; do
    prepare_corpus "$target"
    dict=()
    [ "$target" = tokenizer ] || dict=(-dict=Fuzz/json.dict)
    mkdir -p "$SCRATCH/artifacts"
    rm -f "$SCRATCH"/artifacts/"$target"-*
    log "fuzz-$target: $FUZZ_RUNS inputs (cap ${FUZZ_MAX_SECONDS} s)"
    out="$WORK/$target.log"
    set +e
    # SWIFT_BACKTRACE=enable=no: let libFuzzer report a Swift trap itself (the Swift
    # backtracer reading the stack under ASan only adds noise). The suppressions
    # file says why the shipped model's own allocations are not leaks.
    SWIFT_BACKTRACE=enable=no LSAN_OPTIONS="suppressions=$PWD/Fuzz/lsan-suppressions.txt" \
        FUZZ_MODEL=models/american.model.json "$bin/fuzz-$target" \
        -runs="$FUZZ_RUNS" -max_total_time="$FUZZ_MAX_SECONDS" -seed="$FUZZ_SEED" -timeout=10 -rss_limit_mb=4096 \
        -print_final_stats=1 -artifact_prefix="$SCRATCH/artifacts/$target-" "${dict[@]}" \
        "$WORK/corpus/$target" >"$out" 2>&1
    status=$?
    set -e
    runs="$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1/p' "$out" | tail -1 || true)"
    secs="$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\2/p' "$out" | tail -1 || true)"
    [ -n "$runs" ] || runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$out" | tail -1 || true)"
    cov="$(grep -o 'cov: [0-9]*' "$out" | tail -1 | cut -d' ' -f2 || true)"
    corpus="$(grep -o 'corp: [0-9]*' "$out" | tail -1 | cut -d' ' -f2 || true)"
    if [ "$status" -ne 0 ]; then
        failed=$((failed + 1))
        summary+=("fuzz-$target: CRASH (exit $status) after ${runs:-?} inputs")
        grep -E -A12 'Fatal error|fuzz invariant|ERROR: (AddressSanitizer|libFuzzer)' "$out" | head -40 >&2 || tail -40 "$out" >&2
        find "$SCRATCH/artifacts" -name "$target-*" | sed 's/^/  crashing input: /' >&2
    elif [ -z "$runs" ] || [ "$runs" -lt "$FUZZ_RUNS" ]; then
        failed=$((failed + 1))
        summary+=("fuzz-$target: only ${runs:-0} of $FUZZ_RUNS inputs within ${FUZZ_MAX_SECONDS} s")
    else
        summary+=("fuzz-$target: $runs inputs in ${secs} s, no crash (coverage ${cov:-?} edges, corpus ${corpus:-?} inputs)")
    fi
done

echo
printf '%s\n' "${summary[@]}"
log "done in $((SECONDS - started)) s"
[ "$failed" -eq 0 ]
