#!/usr/bin/env bash
# Cold full-history scans with two binaries, compared byte for byte (JSON: findings and summary
# counts), whole and in shards; CPU, wall and peak RSS of each run on stderr.
#
#   REF=/work/bin/leakhound-r3 NEW=target/release/leakhound bash benches/history_identical.sh \
#       /tmp/cache2-gitgit.git /work/.mirror/moby+moby/repo
#
# Repositories are only read (`--no-cache`). SHARDS=N (default 2) also compares `--shard K/N`
# for K = 1..N and the `merge` of the shards; SHARDS=0 skips that. THREADS=N passes `-j N`.
# Exit status 1 when any pair of reports differs.
set -u
REF=${REF:-/work/bin/leakhound-r3}
NEW=${NEW:-target/release/leakhound}
SHARDS=${SHARDS:-2}
OUT=${OUT:-$(mktemp -d /tmp/history-identical.XXXXXX)}
mkdir -p "$OUT"
jobs=()
if [ -n "${THREADS:-}" ]; then jobs=(-j "$THREADS"); fi
status=0

run() { # label binary output args...
    local label=$1 bin=$2 out=$3
    shift 3
    /usr/bin/time -f "$label: %e s wall, %U s user, %S s sys, %M KB peak" \
        "$bin" "$@" --no-cache --format json --exit-code 0 -q "${jobs[@]}" -o "$out" 2>&1 |
        grep -v '^leakhound: error: .* missing from the repository' >&2
}

same() { # a b what
    if [ -s "$1" ] && cmp -s "$1" "$2"; then
        echo "identical: $3" >&2
    else
        echo "DIFFERENT: $3 ($1 $2)" >&2
        status=1
    fi
}

for repo in "$@"; do
    name=$(basename "$repo")
    [ "$name" = repo ] && name=$(basename "$(dirname "$repo")")
    # Alternate the binaries so that load from other processes hits both alike.
    run "$name ref" "$REF" "$OUT/$name.ref.json" git "$repo"
    run "$name new" "$NEW" "$OUT/$name.new.json" git "$repo"
    same "$OUT/$name.ref.json" "$OUT/$name.new.json" "$name, full history"
    if [ "$SHARDS" -gt 0 ]; then
        for k in $(seq 1 "$SHARDS"); do
            run "$name ref shard $k/$SHARDS" "$REF" "$OUT/$name.ref.$k.json" git "$repo" --shard "$k/$SHARDS"
            run "$name new shard $k/$SHARDS" "$NEW" "$OUT/$name.new.$k.json" git "$repo" --shard "$k/$SHARDS"
            same "$OUT/$name.ref.$k.json" "$OUT/$name.new.$k.json" "$name, shard $k/$SHARDS"
        done
        # (exit 1 when there are findings)
        "$NEW" merge -q --format json "$OUT/$name".new.[0-9]*.json >"$OUT/$name.new.merged.json"
        "$REF" merge -q --format json "$OUT/$name".ref.[0-9]*.json >"$OUT/$name.ref.merged.json"
        same "$OUT/$name.ref.merged.json" "$OUT/$name.new.merged.json" "$name, merged shards"
    fi
done
echo "reports in $OUT" >&2
exit $status
