#!/usr/bin/env bash
# The GitHub Action's scan step (action.yml runs it; tests run it with a simulated event).
#
# Chooses what to scan from the event: on pull_request the pull request's commits
# (`leakhound git --range BASE..HEAD`), on push the pushed commits (`BEFORE..AFTER`), on anything
# else the working tree (`leakhound scan .`). A shallow checkout is deepened until the range's
# merge base is present, so exactly the right commits are scanned and no older history is
# mistaken for new. Writes the SARIF file, the step outputs `findings` and `sarif`, and a job
# summary; exits 1 on findings when fail-on-findings is true, and 1 on any error.
#
# Environment: GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_WORKSPACE, GITHUB_OUTPUT,
# GITHUB_STEP_SUMMARY, RUNNER_TEMP (as GitHub sets them); INPUT_CONFIG, INPUT_BASELINE,
# INPUT_FORMAT, INPUT_FAIL_ON_FINDINGS, INPUT_SARIF_FILE (from the action's inputs); LEAKHOUND
# (the binary; default `leakhound` on PATH); LEAKHOUND_REMOTE (default origin).
set -uo pipefail

log() { printf 'leakhound-action: %s\n' "$*" >&2; }
die() {
    printf '::error title=leakhound::%s\n' "$*"
    log "error: $*"
    exit 1
}

leakhound=${LEAKHOUND:-leakhound}
remote=${LEAKHOUND_REMOTE:-origin}
event_name=${GITHUB_EVENT_NAME:-}
event_path=${GITHUB_EVENT_PATH:-}
format=${INPUT_FORMAT:-text}
sarif_file=${INPUT_SARIF_FILE-leakhound.sarif}
fail_on_findings=${INPUT_FAIL_ON_FINDINGS:-true}
temp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}

case "$format" in text | json | jsonl | sarif) ;; *) die "input format: '$format' is not one of text, json, jsonl, sarif" ;; esac
case "$fail_on_findings" in true | false) ;; *) die "input fail-on-findings: '$fail_on_findings' is not true or false" ;; esac
command -v "$leakhound" >/dev/null 2>&1 || die "the leakhound binary '$leakhound' was not found"
command -v python3 >/dev/null 2>&1 || die "python3 is needed to read the event payload and write the summary"
cd "${GITHUB_WORKSPACE:-.}" || die "cannot enter GITHUB_WORKSPACE '${GITHUB_WORKSPACE:-}'"

# Prints a field of the event payload (dotted path), or nothing when it is absent or null.
event_field() {
    [ -n "$event_path" ] && [ -f "$event_path" ] || return 0
    python3 - "$event_path" "$1" <<'PY'
import json, sys
value = json.load(open(sys.argv[1], encoding="utf-8"))
for key in sys.argv[2].split("."):
    value = value.get(key) if isinstance(value, dict) else None
if value is not None:
    print(str(value).lower() if isinstance(value, bool) else value)
PY
}

zeros=0000000000000000000000000000000000000000
is_sha() { [[ $1 =~ ^[0-9a-f]{40}([0-9a-f]{24})?$ ]]; }
has_commit() { git cat-file -e "$1^{commit}" 2>/dev/null; }
is_shallow() { [ "$(git rev-parse --is-shallow-repository 2>/dev/null)" = true ]; }

# Fetches commits by id (GitHub serves any reachable commit) at the given depth, if missing.
fetch_commits() {
    local depth=$1 sha missing=()
    shift
    for sha in "$@"; do has_commit "$sha" || missing+=("$sha"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    if is_shallow; then
        log "fetching ${missing[*]} (depth $depth) from $remote"
        git fetch --quiet --no-tags --depth="$depth" "$remote" "${missing[@]}"
    else
        # A complete clone stays complete: --depth would make it shallow.
        log "fetching ${missing[*]} from $remote"
        git fetch --quiet --no-tags "$remote" "${missing[@]}"
    fi
}

# Deepens a shallow clone until BASE and HEAD have a merge base (or the clone is complete),
# so `BASE..HEAD` means what it says.
ensure_range() {
    local base=$1 head=$2 step=${3:-50} _
    fetch_commits "$step" "$head" || return 1
    fetch_commits 1 "$base" || return 1
    for _ in 1 2 3 4 5 6 7 8; do
        git merge-base "$base" "$head" >/dev/null 2>&1 && return 0
        is_shallow || return 0 # complete history and no merge base: unrelated; the range is right
        log "deepening the shallow clone by $step commits to find the merge base of ${base:0:12} and ${head:0:12}"
        git fetch --quiet --no-tags --deepen="$step" "$remote" "$base" "$head" || return 1
        step=$((step * 2))
    done
    log "fetching the whole history to find the merge base"
    git fetch --quiet --no-tags --unshallow "$remote" || return 1
    git merge-base "$base" "$head" >/dev/null 2>&1 || true
}

mode=()
case "$event_name" in
    pull_request | pull_request_target)
        base=$(event_field pull_request.base.sha)
        head=$(event_field pull_request.head.sha)
        count=$(event_field pull_request.commits)
        if ! is_sha "$base" || ! is_sha "$head"; then
            die "the $event_name event payload has no pull_request.base.sha / head.sha"
        fi
        [[ $count =~ ^[0-9]+$ ]] || count=50
        ensure_range "$base" "$head" "$((count + 1))" || die "cannot fetch the pull request's commits ${base:0:12}..${head:0:12} from $remote"
        log "scanning the pull request's commits ${base:0:12}..${head:0:12}"
        mode=(git . --range "$base..$head")
        ;;
    push)
        before=$(event_field before)
        after=$(event_field after)
        is_sha "$after" || die "the push event payload has no 'after' commit"
        if [ "$after" = "$zeros" ]; then
            log "a branch was deleted: nothing to scan"
            mode=()
        elif is_sha "$before" && [ "$before" != "$zeros" ] && ensure_range "$before" "$after"; then
            log "scanning the pushed commits ${before:0:12}..${after:0:12}"
            mode=(git . --range "$before..$after")
        else
            # A new branch (before is all zeros) or a history we cannot fetch: scan what the
            # default branch does not have, or everything on the default branch itself.
            default=$(event_field repository.default_branch)
            ref=$(event_field ref)
            if [ -n "$default" ] && [ "$ref" != "refs/heads/$default" ] &&
                git fetch --quiet --no-tags --depth=1 "$remote" "refs/heads/$default" 2>/dev/null &&
                tip=$(git rev-parse FETCH_HEAD) && ensure_range "$tip" "$after"; then
                log "scanning the commits of the new branch not on $default (${tip:0:12}..${after:0:12})"
                mode=(git . --range "$tip..$after")
            else
                if is_shallow; then
                    git fetch --quiet --no-tags --unshallow "$remote" || die "cannot fetch the history of ${after:0:12}"
                fi
                log "scanning the whole history (first push of ${ref:-the branch})"
                mode=(git .)
            fi
        fi
        ;;
    *)
        log "event '${event_name:-none}': scanning the working tree"
        mode=(scan .)
        ;;
esac

common=()
[ -n "${INPUT_CONFIG:-}" ] && common+=(--config "$INPUT_CONFIG")
[ -n "${INPUT_BASELINE:-}" ] && common+=(--baseline "$INPUT_BASELINE")

json=$(mktemp "$temp/leakhound.XXXXXX.json") || die "cannot create a temporary file in $temp"
trap 'rm -f "$json"' EXIT
count=0
status=0
if [ ${#mode[@]} -gt 0 ]; then
    # The JSON run decides: its exit code (0 clean, 1 findings, 2 error) and its findings.
    "$leakhound" "${mode[@]}" "${common[@]}" --format json -o "$json" -q
    status=$?
    [ "$status" -le 1 ] || die "leakhound failed (exit code $status); see the error above"
    count=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$json") ||
        die "cannot read leakhound's JSON report"
    # The report in the log, in the chosen format.
    "$leakhound" "${mode[@]}" "${common[@]}" --format "$format"
    [ $? -le 1 ] || die "leakhound failed while writing the $format report"
    if [ -n "$sarif_file" ]; then
        mkdir -p "$(dirname "$sarif_file")" || die "cannot create the directory of $sarif_file"
        "$leakhound" "${mode[@]}" "${common[@]}" --format sarif -o "$sarif_file" -q
        [ $? -le 1 ] || die "leakhound failed while writing $sarif_file"
    fi
else
    printf '{"findings": [], "summary": {"findings": 0}}\n' >"$json"
    if [ -n "$sarif_file" ]; then
        mkdir -p "$(dirname "$sarif_file")" || die "cannot create the directory of $sarif_file"
        "$leakhound" scan --format sarif -o "$sarif_file" -q - </dev/null
    fi
fi

if [ -n "${GITHUB_OUTPUT:-}" ]; then
    {
        echo "findings=$count"
        echo "sarif=$sarif_file"
    } >>"$GITHUB_OUTPUT"
fi

# A job summary: a redacted table (the JSON report is redacted unless --show-secrets), and an
# annotation per finding so they show on the pull request even without code scanning.
python3 - "$json" "${mode[*]:-nothing}" "${GITHUB_STEP_SUMMARY:-}" <<'PY' || log "cannot write the job summary"
import json, sys

report, what, summary_path = sys.argv[1], sys.argv[2], sys.argv[3]
findings = json.load(open(report, encoding="utf-8"))["findings"]


def cell(text):
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("`", "'")


lines = ["## leakhound", ""]
if not findings:
    lines.append(f"No secrets found (`leakhound {cell(what)}`).")
else:
    lines.append(f"**{len(findings)} secret{'s' if len(findings) != 1 else ''} found** (`leakhound {cell(what)}`). Secrets are redacted.")
    lines += ["", "| Severity | Rule | Location | Commit | Secret |", "|---|---|---|---|---|"]
    for f in findings[:200]:
        commit = (f.get("commit") or {}).get("commit", "")[:12]
        lines.append(
            f"| {cell(f['severity'])} | `{cell(f['rule_id'])}` | `{cell(f['path'])}:{f['line']}` "
            f"| {cell(commit) or '-'} | `{cell(f['secret'])}` |"
        )
    if len(findings) > 200:
        lines.append(f"\n…and {len(findings) - 200} more (see the SARIF or JSON report).")
    lines += ["", "Remove each secret, revoke it if it was real, or accept it with a baseline or allowlist (see the README)."]
for f in findings[:50]:
    message = f"{f['rule_name']}: {f['secret']}".replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    path = f["path"].replace("%", "%25").replace(",", "%2C").replace(":", "%3A")
    print(f"::error file={path},line={f['line']},col={f['column']},title=leakhound {f['rule_id']}::{message}")
if summary_path:
    with open(summary_path, "a", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
PY

if [ "$count" -gt 0 ]; then
    if [ "$fail_on_findings" = true ]; then
        log "$count secrets found; failing the step (set fail-on-findings: false to only report)"
        exit 1
    fi
    log "$count secrets found; not failing the step (fail-on-findings is false)"
fi
exit 0
