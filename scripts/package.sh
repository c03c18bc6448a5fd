#!/usr/bin/env bash
# Packs a built leakhound into the release archive that scripts/install.sh downloads (the release
# workflow runs it for every target; tests/install.rs packs test releases with it).
#
#   package.sh VERSION TARGET BINARY OUTDIR
#
# writes OUTDIR/leakhound-VERSION-TARGET.tar.gz (.zip for a Windows target) holding the directory
# leakhound-VERSION-TARGET/ with the binary (leakhound, or leakhound.exe), README.md and the
# licenses, and prints the archive's path.
set -euo pipefail

die() {
    printf 'package.sh: error: %s\n' "$*" >&2
    exit 1
}

[ $# -eq 4 ] || die "usage: package.sh VERSION TARGET BINARY OUTDIR"
version=$1 target=$2 binary=$3 outdir=$4
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]+)?$ ]] || die "'$version' is not a version (X.Y.Z, without the v)"
[ -f "$binary" ] || die "no binary at $binary"
root=$(cd "$(dirname "$0")/.." && pwd)
name="leakhound-$version-$target"
exe=
case "$target" in *windows*) exe=.exe ;; esac

mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/$name"
cp "$binary" "$stage/$name/leakhound$exe"
chmod 755 "$stage/$name/leakhound$exe"
cp "$root/README.md" "$root/LICENSE-MIT" "$root/LICENSE-APACHE" "$stage/$name/"

cd "$stage"
case "$target" in
    *windows*)
        archive="$outdir/$name.zip"
        rm -f "$archive"
        if command -v zip >/dev/null 2>&1; then
            zip -qr "$archive" "$name"
        elif command -v 7z >/dev/null 2>&1; then
            7z a -tzip -bd "$archive" "$name" >/dev/null
        else
            die "neither zip nor 7z is available to make $archive"
        fi
        ;;
    *)
        archive="$outdir/$name.tar.gz"
        tar -czf "$archive" "$name"
        ;;
esac
printf '%s\n' "$archive"
