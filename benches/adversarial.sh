#!/usr/bin/env bash
# Adversarial inputs: time per MiB must stay flat from 1 to 16 MiB for every pattern (issue 12).
# Generates each input (one file, mostly one long line) and times `scan FILE` of leakhound, and of
# gitleaks and betterleaks when ../shared/bench/peers.sh installed them ($PEERS).
#
#   bash benches/adversarial.sh [PATTERN...]      (default: every pattern)
#   SIZES="1 2 4" LH=target/release/leakhound TIMEOUT=120 PEER_TIMEOUT=60 bash benches/adversarial.sh
#   TOOLS=leakhound RUNS=3 bash benches/adversarial.sh   (leakhound alone, median of 3 runs)
#   TOOLS="leakhound old" OLD=/path/to/older/leakhound bash benches/adversarial.sh   (before/after;
#   the older binary gets PEER_TIMEOUT)
#
# Prints one row per pattern and size: seconds and seconds per MiB per tool ("timeout" when a
# run took longer than its TIMEOUT). No secret is written: the inputs are shapes, not credentials.
set -euo pipefail
cd "$(dirname "$0")/.."
LH=${LH:-./target/release/leakhound}
PEERS=${PEERS:-$HOME/.cache/leakhound-peers}
SIZES=${SIZES:-1 2 4 8 16}
TIMEOUT=${TIMEOUT:-300}
PEER_TIMEOUT=${PEER_TIMEOUT:-60}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
case " ${TOOLS:-leakhound} " in *" leakhound "*) [ -x "$LH" ] || cargo build --release;; esac

ALL="backslash percent percent-hex base64-line base64-words equals keyword assign-lines assign-one-line minified json-escapes table-cells sql-insert-rows copy-keywords html-header-cells"
PATTERNS=${*:-$ALL}

# gen PATTERN MIB FILE: writes about MIB MiB of the pattern to FILE.
gen() {
  python3 - "$1" "$2" "$3" <<'PY'
import random, sys
pattern, mib, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
n = mib << 20
rnd = random.Random(12)
alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
b64 = alnum + "+/"
def rand(alphabet, k):
    return "".join(rnd.choice(alphabet) for _ in range(k))
def repeat(unit):
    return (unit * (n // len(unit) + 1))[:n]
def fill(make):
    out, size = [], 0
    while size < n:
        s = make(); out.append(s); size += len(s)
    return "".join(out)[:n]
if pattern == "backslash":       text = repeat("\\x")              # the decoder's line-start walk
elif pattern == "percent":       text = repeat("%")
elif pattern == "percent-hex":   text = repeat("%41%4")            # valid escapes, no spaces
elif pattern == "base64-line":   text = "".join(rnd.choice(b64) for _ in range(n))
elif pattern == "base64-words":  text = fill(lambda: rand(b64, 20) + " ")
elif pattern == "equals":        text = repeat("=")
elif pattern == "keyword":       text = repeat("password")
elif pattern == "assign-lines":  text = fill(lambda: 'password="%s"\n' % rand(alnum, 16))
elif pattern == "assign-one-line": text = fill(lambda: 'password="%s";' % rand(alnum, 16))
elif pattern == "minified":      text = fill(lambda: rnd.choice(["var ", "function(", "){", "return ", ";", ".", "=", "+", "&&", "||", "[", "]", ",", "\"", "'"]) + rand(alnum, rnd.randint(1, 12)))
elif pattern == "json-escapes":  text = fill(lambda: '\\"%s\\": \\"%s\\", ' % (rand(alnum, 8), rand(alnum, 12)))
elif pattern == "table-cells":   text = repeat("| password | ")  # one long line of table keywords
elif pattern == "sql-insert-rows": text = "INSERT INTO users (id,password) VALUES " + fill(lambda: "(%d,'%s')," % (rnd.randint(1, 10**6), rand(alnum, 14)))  # a dump's one-line INSERT
elif pattern == "copy-keywords": text = repeat("copy x (password) from stdin ")
elif pattern == "html-header-cells": text = repeat("<table><tr><th>Password</th>")
else: sys.exit("unknown pattern " + pattern)
open(path, "w").write(text + "\n")
PY
}

# timed SECONDS CMD...: wall seconds, "timeout", or "error" (exit codes above 1).
timed() {
  local limit=$1; shift
  local t0 t1 rc=0
  t0=$(date +%s.%N)
  timeout "$limit" "$@" >/dev/null 2>&1 || rc=$?
  t1=$(date +%s.%N)
  case $rc in
    0|1) printf '%.2f\n' "$(echo "$t1 - $t0" | bc)";;
    124) echo timeout;;
    *) echo "error";;
  esac
}

per_mib() { case $1 in timeout|error) echo "-";; *) printf '%.3f' "$(echo "$1 / $2" | bc -l)";; esac; }

RUNS=${RUNS:-1}
if [ -n "${TOOLS:-}" ]; then
  tools=$TOOLS
else
  tools="leakhound"
  [ -x "$PEERS/gitleaks" ] && tools="$tools gitleaks"
  [ -x "$PEERS/betterleaks" ] && tools="$tools betterleaks"
fi

# median CMD...: the median of $RUNS runs of `timed` (a timeout or error wins).
median() {
  local runs=() r
  for _ in $(seq "$RUNS"); do
    r=$(timed "$@")
    case $r in timeout|error) echo "$r"; return;; esac
    runs+=("$r")
  done
  printf '%s\n' "${runs[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"
}
printf '%-16s %5s' pattern MiB
for t in $tools; do printf ' %12s %9s' "$t s" "s/MiB"; done
echo
for p in $PATTERNS; do
  for mib in $SIZES; do
    f=$WORK/$p.txt
    gen "$p" "$mib" "$f"
    printf '%-16s %5s' "$p" "$mib"
    for t in $tools; do
      case $t in
        leakhound)   s=$(median "$TIMEOUT" "$LH" scan "$f" --max-file-size 64MiB -f json -o "$WORK/out.json");;
        old)         s=$(median "$PEER_TIMEOUT" "$OLD" scan "$f" --max-file-size 64MiB -f json -o "$WORK/out.json");;
        gitleaks)    s=$(median "$PEER_TIMEOUT" "$PEERS/gitleaks" dir "$f" --no-banner --exit-code 0 --max-target-megabytes 64 -f json -r "$WORK/out.json");;
        betterleaks) s=$(median "$PEER_TIMEOUT" "$PEERS/betterleaks" fs "$f" --no-banner --exit-code 0 --max-target-megabytes 64 -o "$WORK/out.json");;
      esac
      printf ' %12s %9s' "$s" "$(per_mib "$s" "$mib")"
    done
    echo
  done
done
