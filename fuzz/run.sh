#!/usr/bin/env bash
# Runs one fuzz target for a while on stable Rust (libFuzzer through cargo-fuzz, no sanitizer).
# Usage: fuzz/run.sh TARGET SECONDS [more libFuzzer flags]
# The target writes its seeds (built at run time, see harness/mod.rs) into corpus/.seeds/TARGET;
# what the run learns goes to corpus/TARGET, crashes and hangs to artifacts/TARGET.
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?usage: fuzz/run.sh TARGET SECONDS [libFuzzer flags]}
seconds=${2:-60}
shift $(( $# < 2 ? $# : 2 ))
mkdir -p "corpus/$target" "corpus/.seeds/$target" "artifacts/$target"
export LEAKHOUND_FUZZ_SEEDS="corpus/.seeds/$target"
# An input of at most 64 KiB that takes over a second is a hang: work must be linear. On a loaded
# machine a descheduled process can pass a second of wall-clock time: FUZZ_TIMEOUT=3 there, and
# replay any timeout-* artifact alone (`target/*/release/TARGET artifacts/TARGET/timeout-*`).
timeout=${FUZZ_TIMEOUT:-1}
exec cargo fuzz run --sanitizer none ${CARGO_TARGET_DIR:+--target-dir "$CARGO_TARGET_DIR"} "$target" \
    "corpus/$target" "corpus/.seeds/$target" -- \
    -max_total_time="$seconds" -timeout="$timeout" -max_len=65536 -rss_limit_mb=2048 \
    -artifact_prefix="artifacts/$target/" -print_final_stats=1 "$@"
