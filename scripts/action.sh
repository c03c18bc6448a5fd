#!/usr/bin/env bash
# The GitHub Action's scan step (action.yml runs it; tests run it with a simulated event).
#
# Chooses what to scan from the event: on pull_request the pull request's commits
# (`leakhound git --range BASE..HEAD`), on push the pushed commits (`BEFORE..AFTER`), on anything
# else the working tree (`leakhound scan .`). With full-history true, every commit of every ref
# (`leakhound git .`) on any event but a pull request's, with the history cache in
# LEAKHOUND_HISTORY_CACHE when the Action restored one (scripts/history-cache.sh decides; an
# empty value means no cache is read or written). A shallow checkout is deepened until the range's
# merge base is present, so exactly the right commits are scanned and no older history is
# mistaken for new.
#
# Scans once, writing JSON under $RUNNER_TEMP; the report in the log, the SARIF file and the job
# summary are all derived from that JSON (`leakhound merge`). On a pull request, suppression
# (config, allowlists, disabled rules, baseline) comes from the pull request's base, allow
# comments hide nothing, and what the pull request adds to suppression itself is listed and
# fails the step unless allow-suppression is true (a reviewer's approval, e.g. a label).
#
# Nothing is written through a symbolic link (the pull request controls the workspace), and text
# from the repository never reaches the log as a workflow command.
#
# Writes the step outputs `findings` and `sarif` and a job summary; exits 1 on findings when
# fail-on-findings is true, on unapproved suppression, and on any error.
#
# Environment: GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_WORKSPACE, GITHUB_OUTPUT,
# GITHUB_STEP_SUMMARY, RUNNER_TEMP (as GitHub sets them); INPUT_CONFIG, INPUT_BASELINE,
# INPUT_FORMAT, INPUT_FAIL_ON_FINDINGS, INPUT_SARIF_FILE, INPUT_ALLOW_SUPPRESSION,
# INPUT_FULL_HISTORY (from the action's inputs); LEAKHOUND (the binary; default `leakhound` on
# PATH); LEAKHOUND_REMOTE (default origin); LEAKHOUND_HISTORY_CACHE (the history cache directory,
# or empty). Also writes the step output `history-cache-changed` (true when the scan rewrote the
# cache file, which is then worth saving).
set -uo pipefail

# Text in a workflow command's data, or in any line we print: GitHub reads a command from a line
# that starts with `::` (after blanks; lines end at LF or CR) and legacy ones from `##[` anywhere.
escape_data() {
    local s=${1//%/%25}
    s=${s//$'\r'/%0D}
    s=${s//$'\n'/%0A}
    printf '%s' "${s//'##['/#%23[}"
}
log() { printf 'leakhound-action: %s\n' "$(escape_data "$*")" >&2; }
die() {
    printf '::error title=leakhound::%s\n' "$(escape_data "$*")"
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
allow_suppression=${INPUT_ALLOW_SUPPRESSION:-false}
full_history=${INPUT_FULL_HISTORY:-false}
history_cache=${LEAKHOUND_HISTORY_CACHE:-}
temp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}

case "$format" in text | json | jsonl | sarif) ;; *) die "input format: '$format' is not one of text, json, jsonl, sarif" ;; esac
case "$fail_on_findings" in true | false) ;; *) die "input fail-on-findings: '$fail_on_findings' is not true or false" ;; esac
case "$allow_suppression" in true | false) ;; *) die "input allow-suppression: '$allow_suppression' is not true or false" ;; esac
case "$full_history" in true | false) ;; *) die "input full-history: '$full_history' is not true or false" ;; esac
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
suppression_from=""
# Every commit of every ref, when asked (a pull request's scan stays its own commits).
selected=$event_name
case "$event_name" in
    pull_request | pull_request_target) ;;
    *) [ "$full_history" = false ] || selected=full-history ;;
esac
case "$selected" in
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
        suppression_from=$base
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
    full-history)
        if is_shallow; then
            git fetch --quiet --no-tags --unshallow "$remote" || die "cannot fetch the whole history from $remote"
        fi
        log "scanning the whole history (full-history is true; event '${event_name:-none}')"
        mode=(git .)
        ;;
    *)
        log "event '${event_name:-none}': scanning the working tree"
        mode=(scan .)
        ;;
esac
# A full-history scan reads and writes the history cache only where the Action restored it
# (never on pull requests: see scripts/history-cache.sh); elsewhere it keeps none.
cache_file=""
if [ "${mode[*]:-}" = "git ." ]; then
    if [ -n "$history_cache" ] && [ -z "$suppression_from" ]; then
        cache_file=$history_cache/history.cache
        common_cache=(--cache "$history_cache")
    else
        common_cache=(--no-cache)
    fi
else
    common_cache=()
fi
# Prints the SHA-256 of a file, or nothing when it is absent.
file_digest() {
    [ -f "$1" ] || return 0
    python3 -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$1"
}
cache_before=""
[ -n "$cache_file" ] && cache_before=$(file_digest "$cache_file")

common=()
[ -n "${INPUT_CONFIG:-}" ] && common+=(--config "$INPUT_CONFIG")
[ -n "${INPUT_BASELINE:-}" ] && common+=(--baseline "$INPUT_BASELINE")
# A pull request does not decide what hides its own findings: the base's config and baseline
# apply, allow comments hide nothing, and what it adds is listed (and needs approval).
applied_from=""
if [ -n "$suppression_from" ] && [ "$allow_suppression" = false ]; then
    applied_from=$suppression_from
    common+=(--config-from "$suppression_from" --no-allow-comments)
    [ -n "${INPUT_BASELINE:-}" ] && common+=(--baseline-from "$suppression_from")
    log "suppression (config, allowlists, baseline) comes from the base ${suppression_from:0:12}; allow comments in the pull request hide nothing"
elif [ -n "$suppression_from" ]; then
    # Approved: the pull request's own suppression applies, and what it adds is still listed.
    common+=(--compare-with "$suppression_from")
    log "allow-suppression is true: the pull request's own suppression applies; what it adds is listed"
fi

# Whether a path passes through (or is) a symbolic link in the workspace: the pull request
# controls the workspace, and a committed `leakhound.sarif -> /anywhere` must not be followed.
through_link() {
    local path=$1 prefix=. part parts
    case "$path" in
        "$PWD"/*) path=${path#"$PWD"/} ;;
        /*)
            [ -L "$path" ]
            return
            ;;
    esac
    IFS=/ read -ra parts <<<"$path"
    for part in "${parts[@]}"; do
        [ -n "$part" ] || continue
        prefix+="/$part"
        [ -L "$prefix" ] && return 0
    done
    return 1
}
if [ -n "$sarif_file" ]; then
    if through_link "$sarif_file"; then
        die "sarif-file '$sarif_file' is (or is inside) a symbolic link in the workspace, which the change may have committed; refusing to write through it"
    fi
    mkdir -p "$(dirname "$sarif_file")" || die "cannot create the directory of $sarif_file"
    if through_link "$sarif_file" || { [ -e "$sarif_file" ] && [ ! -f "$sarif_file" ]; }; then
        die "sarif-file '$sarif_file' is not a regular file; refusing to write it"
    fi
fi

# Everything the Action writes for itself lives in a fresh directory under the runner's temp.
work=$(mktemp -d "$temp/leakhound.XXXXXX") || die "cannot create a temporary directory in $temp"
trap 'rm -rf "$work"' EXIT
json=$work/report.json

# Prints files of text from the repository (reports, leakhound's messages: paths, snippets, rule
# text, commit authors) to the log so that none of it is read as a workflow command: every line
# that could start a command is escaped, and workflow commands are stopped around it with an
# unguessable token (which the text therefore cannot end either). All of it goes to stdout, the
# stream the stop applies to in order.
show_untrusted() {
    python3 - "$@" <<'PY'
import secrets, sys

token = secrets.token_hex(16)


def guard(text):
    out = []
    for line in text.replace("\r", "%0D").split("\n"):
        stripped = line.lstrip()
        if stripped.startswith("::"):
            line = line[: len(line) - len(stripped)] + ":%3A" + stripped[2:]
        out.append(line.replace("##[", "#%23["))
    return "\n".join(out)


texts = [open(name, encoding="utf-8", errors="replace").read() for name in sys.argv[1:]]
texts = [guard(t if t.endswith("\n") else t + "\n") for t in texts if t]
if texts:
    sys.stdout.write(f"::stop-commands::{token}\n" + "".join(texts) + f"::{token}::\n")
PY
}

# The one scan.
: >"$work/scan.err"
if [ ${#mode[@]} -gt 0 ]; then
    "$leakhound" "${mode[@]}" "${common[@]}" "${common_cache[@]}" --format json -o "$json" -q 2>"$work/scan.err"
    status=$?
else
    # Nothing to scan (a deleted branch): an empty report all the same.
    "$leakhound" scan --format json -o "$json" -q - </dev/null 2>"$work/scan.err"
    status=$?
fi
if [ "$status" -gt 1 ]; then
    show_untrusted "$work/scan.err"
    die "leakhound failed (exit code $status); see the error above"
fi

# The report in the log, in the chosen format, and the SARIF file: from the JSON.
"$leakhound" merge "$json" --format "$format" >"$work/log.out" 2>"$work/log.err"
[ $? -le 1 ] || {
    show_untrusted "$work/scan.err" "$work/log.out" "$work/log.err"
    die "leakhound failed while writing the $format report"
}
show_untrusted "$work/scan.err" "$work/log.out" "$work/log.err"
if [ -n "$sarif_file" ]; then
    "$leakhound" merge "$json" --format sarif -o "$sarif_file" -q 2>"$work/sarif.err"
    [ $? -le 1 ] || {
        show_untrusted "$work/sarif.err"
        die "leakhound failed while writing $sarif_file"
    }
fi

read -r count added < <(python3 -c '
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
print(len(doc["findings"]), len(doc.get("summary", {}).get("added_suppression") or []))
' "$json") || die "cannot read leakhound's JSON report"

cache_changed=false
if [ -n "$cache_file" ] && [ -f "$cache_file" ] && [ "$(file_digest "$cache_file")" != "$cache_before" ]; then
    cache_changed=true
    log "the history cache was updated; it is saved for the next full-history scan"
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
    {
        echo "findings=$count"
        echo "sarif=$sarif_file"
        echo "history-cache-changed=$cache_changed"
    } >>"$GITHUB_OUTPUT"
fi

# A job summary (a redacted table: the JSON report is redacted unless --show-secrets; and what
# the change adds to suppression), and an annotation per finding so they show on the pull
# request even without code scanning. Every piece of repository text is escaped.
python3 - "$json" "${mode[*]:-nothing}" "${GITHUB_STEP_SUMMARY:-}" "$allow_suppression" "$applied_from" "$suppression_from" <<'PY' || log "cannot write the job summary"
import json, sys

report, what, summary_path, allow, base, pr_base = sys.argv[1:7]
doc = json.load(open(report, encoding="utf-8"))
findings = doc["findings"]
added = (doc.get("summary") or {}).get("added_suppression") or []


def cell(text):
    text = str(text).replace("\\", "\\\\").replace("|", "\\|").replace("`", "'")
    return text.replace("\r", " ").replace("\n", " ").replace("<", "&lt;")


def data(text):
    text = str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace("##[", "#%23[")


def prop(text):
    return data(text).replace(":", "%3A").replace(",", "%2C")


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
if added:
    lines += ["", "### Suppression added by the change itself", ""]
    if base:
        lines.append(f"Suppression comes from the base ({cell(base[:12])}); these changes were **not applied**:")
    elif allow == "true":
        lines.append("These were approved (`allow-suppression: true`) and **applied**:")
    else:
        lines.append("These changes to suppression were found:")
    lines.append("")
    for a in added[:200]:
        where = ""
        if a.get("path"):
            where = f" — `{cell(a.get('rule', ''))}` at `{cell(a['path'])}:{a.get('line', '')}`"
        lines.append(f"- {cell(a['kind'])}: {cell(a['what'])}{where}")
    if allow != "true":
        lines += ["", "**A reviewer must approve suppression added by a pull request.** Approve it by running the check with the input `allow-suppression: true` (see the README: a label that only maintainers can set)."]
if allow == "true" and pr_base:
    lines += ["", "Suppression from the change itself (config, baseline, allow comments) is honoured: `allow-suppression` is true."]
for f in findings[:50]:
    title = prop(f"leakhound {f['rule_id']}")
    message = data(f"{f['rule_name']}: {f['secret']}")
    print(f"::error file={prop(f['path'])},line={int(f['line'])},col={int(f['column'])},title={title}::{message}")
if summary_path:
    with open(summary_path, "a", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
PY

status=0
if [ "$count" -gt 0 ]; then
    if [ "$fail_on_findings" = true ]; then
        log "$count secrets found; failing the step (set fail-on-findings: false to only report)"
        status=1
    else
        log "$count secrets found; not failing the step (fail-on-findings is false)"
    fi
fi
if [ "$added" -gt 0 ] && [ "$allow_suppression" = false ]; then
    printf '::error title=leakhound::%s\n' "The pull request adds suppression for secrets ($added change(s), listed in the job summary); a reviewer must approve it (allow-suppression: true)."
    log "the change adds suppression ($added); a reviewer must approve it (input allow-suppression: true)"
    status=1
fi
exit "$status"
