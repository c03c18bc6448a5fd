#!/usr/bin/env bash
# End-to-end speed comparison of leakhound with gitleaks, betterleaks and Kingfisher, one run of
# each row on this machine (the rows of benches/README.md). Needs the inputs prepared first:
#
#   MOBY=/path/to/moby-working-tree      a checkout of moby/moby (13k files, ~140 MB)
#   MOBY_REPO=/path/to/moby-git-clone    a git clone of moby/moby with a work tree
#   GITGIT=/path/to/git.git              `git clone --bare --no-local` of git/git
#
#   bash benches/compare.sh [dir|staged|git|empty|scaling|all]
#
# Timings are medians of RUNS (default 3) from ../shared/bench/peers.sh; the `rg` floor is the
# time ripgrep takes to find five literals in the same tree (if rg is installed).
set -euo pipefail
cd "$(dirname "$0")/.."
PEERS_SH=${PEERS_SH:-../shared/bench/peers.sh}
LH=${LH:-./target/release/leakhound}
[ -x "$LH" ] || cargo build --release
what=${1:-all}

row() { echo; echo "## $1"; }

if [[ $what == dir || $what == all ]]; then
  row "directory: ${MOBY:?set MOBY}"
  bash "$PEERS_SH" dir "$MOBY" "$LH"
  if command -v rg >/dev/null; then
    /usr/bin/time -f "rg floor (five literals): %e s" rg -c -F -e AKIA -e ghp_ -e xoxb- -e sk_live_ -e 'PRIVATE KEY' "$MOBY" >/dev/null || true
  fi
fi

if [[ $what == staged || $what == all ]]; then
  row "pre-commit: one small staged file in ${MOBY_REPO:?set MOBY_REPO}"
  copy=$(mktemp -d)/repo
  cp -a "$MOBY_REPO" "$copy"   # Kingfisher writes objects into the repository it scans
  printf 'package main\n\nconst greeting = "hello"\n' > "$copy/leakhound_bench.go"
  git -C "$copy" add leakhound_bench.go
  bash "$PEERS_SH" staged "$copy" "$LH"
  rm -rf "$(dirname "$copy")"
fi

if [[ $what == git || $what == all ]]; then
  row "full history: ${GITGIT:?set GITGIT}"
  bash "$PEERS_SH" git "$GITGIT" "$LH"
fi

if [[ $what == empty || $what == all ]]; then
  row "empty input (startup cost)"
  empty=$(mktemp -d)
  bash "$PEERS_SH" dir "$empty" "$LH"
  rmdir "$empty"
fi

if [[ $what == scaling || $what == all ]]; then
  row "leakhound -j 1 vs -j 2 on ${MOBY:?set MOBY}"
  for j in 1 2; do
    /usr/bin/time -f "-j $j: %e s, %M KB peak" "$LH" scan "$MOBY" -q -j "$j" -o /dev/null || true
  done
fi
