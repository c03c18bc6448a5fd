#!/usr/bin/env python3
"""Real-world set: score leakhound and its peers, by line, on files shaped like real leaks.

The files (shapes.py) are written to a temporary directory with credential values generated at
run time; each tool scans that directory once. A labelled secret line (or multi-line block) is
found when a tool reports a finding on it; a finding on any other line is a false alarm. Scores
per shape and pooled. See benches/realworld/README.md.
"""

import argparse
import collections
import json
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "devset"))

import shapes  # noqa: E402
import devset  # noqa: E402  (tool command lines and report parsers are shared)

REPO_ROOT = os.path.dirname(os.path.dirname(HERE))


def labels(f):
    """[(first, last)] 1-based line ranges of the file's secrets."""
    lines = f.text.split("\n")
    out = []
    for i, line in enumerate(lines, 1):
        if any(s in line for s in f.secrets):
            out.append((i, i))
    for first, last in f.blocks:
        a = next((i for i, l in enumerate(lines, 1) if first in l), None)
        if a is None:
            continue
        b = next((i for i, l in enumerate(lines, 1) if i >= a and last in l), a)
        out.append((a, b))
    return out


def write(files, root):
    for f in files:
        p = os.path.join(root, f.path)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as fh:
            fh.write(f.text)


def score(files, per_file):
    """{shape: [found, labelled, false_alarm_lines]} and details per file."""
    by_shape = collections.OrderedDict()
    details = []
    for f in files:
        found_lines = sorted({ln for ln, _ in per_file.get(f.path, [])})
        rules = collections.defaultdict(set)
        for ln, rule in per_file.get(f.path, []):
            rules[ln].add(rule)
        lab = labels(f)
        hit = [any(a <= ln <= b for ln in found_lines) for a, b in lab]
        fa = [ln for ln in found_lines if not any(a <= ln <= b for a, b in lab)]
        s = by_shape.setdefault(f.shape, [0, 0, 0, f.negative])
        s[0] += sum(hit)
        s[1] += len(lab)
        s[2] += len(fa)
        details.append((f, lab, hit, fa, rules))
    return by_shape, details


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tools", default=",".join(devset.TOOLS))
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--batch", default="", help="only files of this batch (e.g. 5), or not of it (!5)")
    ap.add_argument("--lh-args", default="")
    ap.add_argument("--show", action="store_true", help="list every missed line and false alarm (leakhound)")
    ap.add_argument("--show-tool", default="leakhound")
    ap.add_argument("--keep", help="write the files to this directory and keep them")
    ap.add_argument("--json", help="write per-tool scores here")
    args = ap.parse_args()
    lh = os.environ.get("LEAKHOUND", os.path.join(REPO_ROOT, "target", "release", "leakhound"))
    tools = [t for t in args.tools.split(",") if t]

    files = shapes.build(args.seed)
    if args.batch.startswith("!"):
        files = [f for f in files if str(f.batch) != args.batch[1:]]
    elif args.batch:
        files = [f for f in files if str(f.batch) == args.batch]
    tmp = tempfile.mkdtemp(prefix="lh-realworld-")
    root = args.keep or os.path.join(tmp, "set")
    if args.keep and os.path.exists(root):
        shutil.rmtree(root)
    os.makedirs(root)
    write(files, root)
    results = {}
    try:
        for tool in tools:
            if tool != "leakhound" and not os.path.exists(devset.peer_path(tool)):
                print("skip %s: not installed" % tool, file=sys.stderr)
                continue
            per_file, dt = devset.run_tool(tool, root, tmp, lh, args.lh_args.split())
            results[tool] = (score(files, per_file), dt)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    shapes_order = list(results[tools[0]][0][0].keys()) if results else []
    pos = [s for s in shapes_order if not s.startswith("neg-")]
    neg = [s for s in shapes_order if s.startswith("neg-")]
    names = list(results)
    print("%-28s" % "shape (found/labelled, +FA)" + "".join("%16s" % t for t in names))
    for s in pos:
        row = "%-28s" % s
        for t in names:
            f, n, fa, _ = results[t][0][0][s]
            row += "%16s" % ("%d/%d%s" % (f, n, " +%d" % fa if fa else ""))
        print(row)
    print("%-28s" % "negative files (FA lines)")
    for s in neg:
        row = "%-28s" % s
        for t in names:
            row += "%16s" % (results[t][0][0][s][2] or "-")
        print(row)
    summary = {}
    print()
    for t in names:
        bs = results[t][0][0]
        found = sum(v[0] for v in bs.values())
        lab = sum(v[1] for v in bs.values())
        fa_pos = sum(v[2] for k, v in bs.items() if not v[3])
        fa_neg = sum(v[2] for k, v in bs.items() if v[3])
        negf = sum(1 for f, _, _, fa, _ in results[t][0][1] if f.negative and fa)
        nneg = sum(1 for f in files if f.negative)
        summary[t] = {"found": found, "labelled": lab, "recall": found / max(lab, 1),
                      "fa_lines_in_positive_files": fa_pos, "fa_lines_in_negative_files": fa_neg,
                      "negative_files_flagged": negf, "negative_files": nneg, "seconds": results[t][1]}
        print("%-12s recall %5.1f%% (%d/%d)  false alarms: %d lines in positive files, %d in negative files (%d/%d negative files flagged)  %.2fs"
              % (t, 100.0 * found / max(lab, 1), found, lab, fa_pos, fa_neg, negf, nneg, results[t][1]))
    if args.show and args.show_tool in results:
        print("\n%s: misses and false alarms" % args.show_tool)
        for f, lab, hit, fa, rules in results[args.show_tool][0][1]:
            lines = f.text.split("\n")
            for (a, b), h in zip(lab, hit):
                if not h:
                    print("  MISS %s:%d  %s" % (f.path, a, lines[a - 1][:150]))
            for ln in fa:
                print("  FA   %s:%d  %s  [%s]" % (f.path, ln, lines[ln - 1][:150], ",".join(sorted(rules[ln]))))
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(summary, fh, indent=2)


if __name__ == "__main__":
    main()
