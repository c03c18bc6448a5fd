#!/usr/bin/env bash
# The GitHub Action's install step (action.yml runs it; tests/install.rs runs it against a local
# stand-in for the release).
#
# Installs the prebuilt leakhound of the Action's own version: downloads SHA256SUMS and the archive
# for this runner's OS and architecture from the GitHub release, checks the archive against
# SHA256SUMS, installs the binary into $LEAKHOUND_HOME/bin and adds that directory to PATH. When no
# release exists for the Action's ref (a branch, a commit, a tag whose release is not published:
# SHA256SUMS answers 404) it installs nothing and sets the step output `installed=none`, and
# action.yml builds leakhound from its checkout with cargo instead. Anything else that goes wrong —
# a checksum mismatch above all — is an error (exit 1), never a reason to fall back.
#
# The archive of version V for Rust target T is leakhound-V-T.tar.gz (leakhound-V-T.zip on
# Windows) in the release of tag vV, holding leakhound-V-T/leakhound[.exe]; scripts/package.sh
# makes it.
#
# Environment:
#   LEAKHOUND_REF          the ref the workflow pinned the Action to (default: the REF of
#                          GITHUB_ACTION_PATH, which the runner lays out as .../_actions/OWNER/REPO/REF,
#                          else GITHUB_ACTION_REF, which GitHub leaves empty in composite actions).
#                          A release tag vX.Y.Z or a moving tag vX / vX.Y installs release vV, where V
#                          is the version in the Action's Cargo.toml and must match the tag; a
#                          branch, a commit or any other tag builds from source.
#   LEAKHOUND_REPOSITORY   OWNER/REPO whose releases to use (default: from GITHUB_ACTION_PATH, else
#                          GITHUB_ACTION_REPOSITORY, else leakhound/leakhound, which stands for the
#                          project's repository)
#   LEAKHOUND_RELEASE_URL  base URL of the releases (default
#                          https://github.com/$LEAKHOUND_REPOSITORY/releases/download); the tag and
#                          the file name are appended
#   LEAKHOUND_SOURCE       the Action's checkout (default: this script's parent directory)
#   LEAKHOUND_HOME         install root: the binary goes to its bin/ (default $HOME/.cache/leakhound,
#                          where action.yml's cargo fallback installs too)
#   RUNNER_OS, RUNNER_ARCH as GitHub sets them (default: from uname)
#   GITHUB_PATH, GITHUB_OUTPUT, RUNNER_TEMP as GitHub sets them
set -uo pipefail

log() { printf 'leakhound-install: %s\n' "$*" >&2; }
die() {
    printf '::error title=leakhound install::%s\n' "$*"
    log "error: $*"
    exit 1
}
output() { [ -z "${GITHUB_OUTPUT:-}" ] || printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"; }

# The Action's ref and repository as the runner's checkout of it shows them (with \ on Windows).
path_ref='' path_repository=''
action_path_pattern='[/\\]_actions[/\\]([^/\\]+)[/\\]([^/\\]+)[/\\]([^/\\]+)[/\\]*$'
if [[ ${GITHUB_ACTION_PATH:-} =~ $action_path_pattern ]]; then
    path_repository="${BASH_REMATCH[1]}/${BASH_REMATCH[2]}"
    path_ref=${BASH_REMATCH[3]}
fi
ref=${LEAKHOUND_REF:-${path_ref:-${GITHUB_ACTION_REF:-}}}
repository=${LEAKHOUND_REPOSITORY:-${path_repository:-${GITHUB_ACTION_REPOSITORY:-leakhound/leakhound}}}
release_url=${LEAKHOUND_RELEASE_URL:-https://github.com/$repository/releases/download}
source_dir=${LEAKHOUND_SOURCE:-$(cd "$(dirname "$0")/.." && pwd)}
home=${LEAKHOUND_HOME:-${HOME:?HOME is not set}/.cache/leakhound}

# Adds the install directory to PATH for the job's later steps (a Windows path on Windows).
add_to_path() {
    local dir=$1
    [ -n "${GITHUB_PATH:-}" ] || return 0
    if command -v cygpath >/dev/null 2>&1; then dir=$(cygpath -w "$dir"); fi
    printf '%s\n' "$dir" >>"$GITHUB_PATH"
}

# The [package] version in the Action's Cargo.toml: the only release this checkout may install
# (the release workflow publishes tag vV only from a Cargo.toml saying V), so the binary always
# matches the scripts of the checkout that runs it.
version=$(awk '/^\[/ { in_package = ($0 == "[package]") }
               in_package && /^version *= *"/ { sub(/^version *= *"/, ""); sub(/".*/, ""); print; exit }' \
    "$source_dir/Cargo.toml" 2>/dev/null || true)

# Whether the Action's ref names the release of that version: the tag vV itself, or a moving
# tag vX / vX.Y that V is in.
ref_names_release() {
    [ -n "$version" ] || return 1
    [ "$ref" = "v$version" ] && return 0
    [[ $ref =~ ^v([0-9]+(\.[0-9]+)?)$ ]] && [[ $version == "${BASH_REMATCH[1]}".* ]]
}

# The Rust target of the prebuilt binary for this runner, or unsupported:OS/ARCH.
runner_target() {
    local os=${RUNNER_OS:-} arch=${RUNNER_ARCH:-}
    if [ -z "$os" ]; then
        case "$(uname -s)" in
            Linux) os=Linux ;;
            Darwin) os=macOS ;;
            MINGW* | MSYS* | CYGWIN*) os=Windows ;;
            *) os=$(uname -s) ;;
        esac
    fi
    if [ -z "$arch" ]; then
        case "$(uname -m)" in
            x86_64 | amd64) arch=X64 ;;
            aarch64 | arm64) arch=ARM64 ;;
            *) arch=$(uname -m) ;;
        esac
    fi
    case "$os/$arch" in
        Linux/X64) echo x86_64-unknown-linux-musl ;;
        Linux/ARM64) echo aarch64-unknown-linux-musl ;;
        macOS/X64) echo x86_64-apple-darwin ;;
        macOS/ARM64) echo aarch64-apple-darwin ;;
        Windows/X64) echo x86_64-pc-windows-msvc ;;
        *) echo "unsupported:$os/$arch" ;;
    esac
}

# Downloads URL to FILE; sets http_code to the HTTP status. A failure without an HTTP answer
# (no connection, a timeout) is an error.
http_code=
download() {
    http_code=$(curl --silent --show-error --location --retry 3 --connect-timeout 30 \
        --output "$2" --write-out '%{http_code}' "$1") || die "downloading $1 failed (curl exit code $?)"
}

# The SHA-256 of a file, in lower-case hex.
sha256() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum -- "$1" | awk '{ print tolower($1) }'
    else
        shasum -a 256 -- "$1" | awk '{ print tolower($1) }'
    fi
}

install_release() {
    local tag target archive ext exe url expected actual temp dir bin got
    if ! ref_names_release; then
        log "the Action's ref '${ref:-(unknown)}' does not name the release of leakhound ${version:-(unknown version)}; building from source"
        printf '::notice title=leakhound install::no release for ref %s; building leakhound from source with cargo\n' "${ref:-(unknown)}"
        output installed none
        return 0
    fi
    tag="v$version"
    target=$(runner_target)
    case "$target" in
        unsupported:*)
            die "no prebuilt leakhound for ${target#unsupported:} (runner OS/arch); releases have Linux X64/ARM64, macOS X64/ARM64 and Windows X64"
            ;;
    esac
    command -v curl >/dev/null 2>&1 || die "curl is needed to download leakhound"
    command -v sha256sum >/dev/null 2>&1 || command -v shasum >/dev/null 2>&1 ||
        die "neither sha256sum nor shasum is available to verify the download"
    ext=tar.gz exe=
    case "$target" in *windows*) ext=zip exe=.exe ;; esac
    archive="leakhound-$version-$target.$ext"
    temp=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/leakhound-install.XXXXXX") || die "cannot create a temporary directory"
    # shellcheck disable=SC2064 # expand now: $temp is local
    trap "rm -rf '$temp'" EXIT

    url="$release_url/$tag/SHA256SUMS"
    download "$url" "$temp/SHA256SUMS"
    case "$http_code" in
        200) ;;
        404)
            log "no release $tag of $repository at $url (404); building from source"
            printf '::notice title=leakhound install::no release %s yet; building leakhound from source with cargo\n' "$tag"
            output installed none
            return 0
            ;;
        *) die "downloading $url failed: HTTP status $http_code" ;;
    esac
    expected=$(awk -v name="$archive" '$2 == name || $2 == "*" name { print tolower($1); exit }' "$temp/SHA256SUMS")
    [[ $expected =~ ^[0-9a-f]{64}$ ]] || die "release $tag has no checksum for $archive in SHA256SUMS"

    url="$release_url/$tag/$archive"
    download "$url" "$temp/$archive"
    [ "$http_code" = 200 ] || die "downloading $url failed: HTTP status $http_code (SHA256SUMS lists it)"
    actual=$(sha256 "$temp/$archive")
    if [ "$actual" != "$expected" ]; then
        die "checksum mismatch for $archive: SHA256SUMS says $expected, the download is $actual; not installing it"
    fi
    log "$archive: checksum verified ($actual)"

    mkdir "$temp/unpacked" || die "cannot create $temp/unpacked"
    case "$ext" in
        tar.gz) (cd "$temp/unpacked" && tar -xzf "../$archive") || die "cannot unpack $archive" ;;
        zip)
            if command -v unzip >/dev/null 2>&1; then
                (cd "$temp/unpacked" && unzip -q "../$archive") || die "cannot unpack $archive"
            else
                (cd "$temp/unpacked" && powershell -NoProfile -Command "Expand-Archive -LiteralPath '../$archive' -DestinationPath .") ||
                    die "cannot unpack $archive"
            fi
            ;;
    esac
    dir="leakhound-$version-$target"
    [ -f "$temp/unpacked/$dir/leakhound$exe" ] || die "$archive does not hold $dir/leakhound$exe"
    mkdir -p "$home/bin" || die "cannot create $home/bin"
    bin="$home/bin/leakhound$exe"
    if ! { cp "$temp/unpacked/$dir/leakhound$exe" "$bin.tmp" && chmod 755 "$bin.tmp" && mv -f "$bin.tmp" "$bin"; }; then
        die "cannot install $bin"
    fi
    got=$("$bin" --version 2>&1) || die "the installed $bin does not run: $got"
    [ "$got" = "leakhound $version" ] || die "the binary in $archive reports '$got', not 'leakhound $version'"
    add_to_path "$home/bin"
    log "installed $got from release $tag of $repository ($target) into $home/bin"
    output installed release
    output version "$version"
}

install_release
