#!/usr/bin/env python3
"""Scores a scanner's JSON findings against the evaluation corpus' ground truth.

    score.py TRUTH.json CORPUS_DIR TOOL FINDINGS.json [--details]

TOOL is leakhound, gitleaks, betterleaks or kingfisher (each writes its own JSON shape). A finding
is right when it names the same file, a line the planted secret covers, and a secret overlapping
the planted one (one contains the other, or they share 12 characters). Recall counts planted
secrets found; precision counts findings that match a planted secret. Prints no secret.
"""
import base64
import json
import urllib.parse
import os
import sys
from collections import Counter, defaultdict


def load(tool, path, root):
    doc = json.load(open(path))
    out = []
    if tool == "leakhound":
        for f in doc["findings"]:
            out.append((f["path"], f["line"], f["end_line"], f["secret"], f["rule_id"]))
    elif tool == "gitleaks":
        for f in doc:
            out.append((f["File"], int(f["StartLine"]), int(f["EndLine"]), f["Secret"], f["RuleID"]))
    elif tool == "betterleaks":
        for f in doc["findings"]:
            loc = f["location"]
            out.append((loc["path"], loc["start_line"], loc["end_line"], f["match"]["value"], f["rule_id"]))
    elif tool == "kingfisher":
        for f in doc["findings"]:
            g = f["finding"]
            out.append((g["path"], g["line"], g["line"], g["snippet"], f["rule"]["name"]))
    else:
        sys.exit(f"unknown tool {tool}")
    prefix = os.path.realpath(root).rstrip("/") + "/"
    norm = []
    for p, l, e, s, r in out:
        p = os.path.realpath(p) if os.path.isabs(p) else os.path.realpath(os.path.join(root, p))
        norm.append((p[len(prefix):] if p.startswith(prefix) else p, int(l), int(e or l), s or "", r))
    return norm


def variants(secret):
    """The reported secret, plus its base64 and percent decodings: some tools report the
    encoded text (a Kubernetes Secret value) rather than what it decodes to."""
    out = [secret]
    for text in (secret, secret.split()[-1] if secret.split() else ""):
        try:
            pad = text + "=" * (-len(text) % 4)
            out.append(base64.b64decode(pad, validate=True).decode("utf-8"))
        except Exception:
            pass
    if "%" in secret:
        out.append(urllib.parse.unquote(secret))
    return out


def overlaps(reported, planted):
    return any(overlaps1(v, planted) for v in variants(reported))


def overlaps1(a, b):
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    w = min(12, len(short))
    return any(short[i:i + w] in long_ for i in range(len(short) - w + 1))


def main():
    truth_path, root, tool, findings_path = sys.argv[1:5]
    details = "--details" in sys.argv
    truth = json.load(open(truth_path))
    truths = truth["truths"]
    by_path = defaultdict(list)
    for i, t in enumerate(truths):
        by_path[t["path"]].append(i)
    found = load(tool, findings_path, root)
    hit = [False] * len(truths)
    right = 0
    wrong = Counter()
    for path, line, end, secret, rule in found:
        ok = False
        for i in by_path.get(path, []):
            t = truths[i]
            if line <= t["end_line"] and max(end, line) >= t["line"] and overlaps(secret, t["secret"]):
                hit[i] = True
                ok = True
        if ok:
            right += 1
        else:
            wrong[rule] += 1
    primary = [i for i, t in enumerate(truths) if t["primary"]]
    got = sum(1 for i in primary if hit[i])
    recall = got / max(1, len(primary))
    precision = right / len(found) if found else 1.0
    print(f"{tool:<12} recall {100*recall:6.2f}% ({got}/{len(primary)})  "
          f"precision {100*precision:6.2f}% ({right}/{len(found)} findings)")
    if details:
        per_kind = defaultdict(lambda: [0, 0])
        for i in primary:
            per_kind[truths[i]["kind"]][0] += 1
            per_kind[truths[i]["kind"]][1] += hit[i]
        for k, (p, g) in sorted(per_kind.items()):
            print(f"  {k:<24} {g:>5}/{p:<5} {100*g/p:6.1f}%")
        print("  false alarms by rule:", dict(wrong.most_common(15)))


if __name__ == "__main__":
    main()
