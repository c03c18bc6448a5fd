#!/bin/bash
# Detection quality of leakhound and its peers on the generated evaluation corpus.
#
#   benches/eval/compare.sh [DIR]      (run from the repository root; DIR defaults to /tmp/leakhound-eval)
#
# Writes the corpus (tests/eval/, seed fixed in tests/eval_corpus.rs) to DIR/corpus and its ground
# truth to DIR/truth.json, runs gitleaks, betterleaks and Kingfisher through ../shared/bench/peers.sh
# (JSON into $OUT, default /tmp/peers-eval), runs leakhound with --show-secrets, and scores every
# tool with benches/eval/score.py. Needs /usr/bin/time and bc for peers.sh.
set -euo pipefail
DIR=${1:-/tmp/leakhound-eval}
OUT=${OUT:-/tmp/peers-eval}
PEERS_SH=${PEERS_SH:-$(dirname "$0")/../../../shared/bench/peers.sh}
[ -f "$PEERS_SH" ] || PEERS_SH=/work/shared/bench/peers.sh
mkdir -p "$DIR" "$OUT"
DIR=$(realpath "$DIR")
cargo build --release -q
LEAKHOUND_EVAL_OUT=$DIR cargo test -q --test eval_corpus -- --ignored write_corpus >/dev/null
OUT=$OUT bash "$PEERS_SH" findings dir "$DIR/corpus" >/dev/null
./target/release/leakhound scan "$DIR/corpus" --format json --show-secrets -q -o "$OUT/leakhound-eval.json" || [ $? -eq 1 ]
for tool in leakhound gitleaks betterleaks kingfisher; do
  f=$OUT/$tool-dir.json; [ $tool = leakhound ] && f=$OUT/leakhound-eval.json
  python3 "$(dirname "$0")/score.py" "$DIR/truth.json" "$DIR/corpus" $tool "$f" ${DETAILS:+--details}
done
