#!/usr/bin/env bash
# The GitHub Action's history-cache plan (action.yml runs it before the scan): whether the
# history cache of a full-history scan is restored and saved with actions/cache, where it lives,
# and under which key.
#
# Only for full-history scans (input full-history) of events that run on the repository's own
# refs with its own workflow: push, schedule, workflow_dispatch. Never for pull requests
# (pull_request, pull_request_target) or anything a fork can trigger (workflow_run,
# issue_comment, ...): a cache saved by such a run would hold what the fork's run wrote, and a
# cache file written with a valid checksum can hide findings from every later scan that trusts
# it. GitHub scopes caches to the ref that saved them, but pull_request_target and workflow_run
# run on the base branch's scope, so this script does not rely on that scoping: it allows a
# short list of events instead of denying some.
#
# The cache directory is under RUNNER_TEMP (outside the workspace the checked-out code controls).
# The key: repository, runner OS, leakhound's version and a digest of its rule list and the
# config file, then the run id (each save is a new entry, as actions/cache entries are
# immutable); restore-keys fall back to the newest entry of the same repository, version and
# rules. The file carries its own exact key (build, rules, allowlists, limits): a restored file
# made under another one is ignored and rebuilt, never trusted in part.
#
# Outputs (GITHUB_OUTPUT): use (true or false), dir, key, restore-key.
# Environment: GITHUB_EVENT_NAME, GITHUB_REPOSITORY, GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT,
# RUNNER_OS, RUNNER_TEMP, GITHUB_WORKSPACE (as GitHub sets them); INPUT_FULL_HISTORY,
# INPUT_CONFIG; LEAKHOUND (the binary; default `leakhound` on PATH).
set -uo pipefail

output() { [ -z "${GITHUB_OUTPUT:-}" ] || printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"; }
log() { printf 'leakhound-action: %s\n' "$*" >&2; }

event=${GITHUB_EVENT_NAME:-}
use=false
case "${INPUT_FULL_HISTORY:-false}" in
    true)
        case "$event" in
            push | schedule | workflow_dispatch) use=true ;;
            *) log "history cache: not used for '$event' events (only push, schedule and workflow_dispatch runs restore or save it)" ;;
        esac
        ;;
    false) ;;
    *)
        printf '::error title=leakhound::%s\n' "input full-history: '${INPUT_FULL_HISTORY:-}' is not true or false"
        exit 1
        ;;
esac
output use "$use"
[ "$use" = true ] || exit 0

leakhound=${LEAKHOUND:-leakhound}
version=$("$leakhound" --version 2>/dev/null | awk '{ print $NF; exit }')
config=${INPUT_CONFIG:-}
if [ -z "$config" ] && [ -f "${GITHUB_WORKSPACE:-.}/.leakhound.yml" ]; then
    config=${GITHUB_WORKSPACE:-.}/.leakhound.yml
elif [ -n "$config" ]; then
    config=${GITHUB_WORKSPACE:-.}/$config
fi
sha256() { if command -v sha256sum >/dev/null 2>&1; then sha256sum; else shasum -a 256; fi; }
digest=$({
    "$leakhound" rules list 2>/dev/null
    [ -n "$config" ] && [ -f "$config" ] && cat -- "$config"
} | sha256 | cut -c1-16)
repository=${GITHUB_REPOSITORY:-unknown}
prefix="leakhound-history-v1-${RUNNER_OS:-unknown}-${repository//\//-}-${version:-unknown}-$digest-"
dir=${RUNNER_TEMP:-${TMPDIR:-/tmp}}/leakhound-history
mkdir -p "$dir" || {
    printf '::error title=leakhound::%s\n' "cannot create the history cache directory $dir"
    exit 1
}
output dir "$dir"
output key "$prefix${GITHUB_RUN_ID:-0}-${GITHUB_RUN_ATTEMPT:-1}"
output restore-key "$prefix"
log "history cache: $dir, restored from and saved under keys starting with $prefix"
