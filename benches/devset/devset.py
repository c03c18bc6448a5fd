#!/usr/bin/env python3
"""Development set: score leakhound and its peers on the labelled examples other scanners publish.

Sources (read at bench time from bare git checkouts; nothing of theirs is stored in this
repository):
  kingfisher   mongodb/kingfisher           data/rules/*.yml  examples / negative_examples
  noseyparker  praetorian-inc/noseyparker   crates/noseyparker/data/**/rules/*.yml  (same keys)
  gitleaks     gitleaks/gitleaks            cmd/generate/config/rules/*.go  tps / fps tables
  betterleaks  betterleaks/betterleaks      cmd/generate/config/rules/*.go  tps / fps tables
  trufflehog   trufflesecurity/trufflehog   pkg/detectors/**/*_test.go  pattern test tables {name, input, want}
  leaky-repo   Plazmaz/leaky-repo           whole files, risky lines counted in .leaky-meta/secrets.csv

Each example is written to its own file with an opaque name, one directory per source, and each
tool scans each source directory once. A positive counts as found when its file has at least one
finding; a negative counts as flagged the same way. leaky-repo is scored per line: per file,
min(distinct lines with a finding, risky lines), summed over files, over all risky lines.

Peers' results are cached per source (they do not change between leakhound builds), so
`LEAKHOUND=/path/to/bin python3 benches/devset/devset.py --tools leakhound` re-runs only leakhound.
See benches/devset/README.md.
"""

import argparse
import collections
import csv
import hashlib
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree

import goeval  # noqa: E402
import yamlex  # noqa: E402

REPO_ROOT = os.path.dirname(os.path.dirname(HERE))
EXTRACT_VERSION = 1  # bump when extraction output changes for the same inputs

SOURCES = {
    # name: (mirror owner+name, clone URL)
    "kingfisher": ("mongodb+kingfisher", "https://github.com/mongodb/kingfisher"),
    "noseyparker": ("praetorian-inc+noseyparker", "https://github.com/praetorian-inc/noseyparker"),
    "gitleaks": ("gitleaks+gitleaks", "https://github.com/gitleaks/gitleaks"),
    "betterleaks": ("betterleaks+betterleaks", "https://github.com/betterleaks/betterleaks"),
    "leaky-repo": ("Plazmaz+leaky-repo", "https://github.com/Plazmaz/leaky-repo"),
    "trufflehog": ("trufflesecurity+trufflehog", "https://github.com/trufflesecurity/trufflehog"),
}
EXAMPLE_SOURCES = ["kingfisher", "noseyparker", "gitleaks", "betterleaks"]
# Example sources reported on rows of their own, outside the four-source summary (the bar
# is defined on those four).
EXTRA_SOURCES = ["trufflehog"]
TOOLS = ["leakhound", "gitleaks", "betterleaks", "kingfisher"]
# Which example sources each tool's own rules (and their test tables) descend from.
LINEAGE = {
    "leakhound": set(),
    "gitleaks": {"gitleaks", "betterleaks"},
    "betterleaks": {"gitleaks", "betterleaks"},
    "kingfisher": {"kingfisher", "noseyparker"},
}
OFFLINE_ENV = {k: "http://127.0.0.1:9" for k in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")}

# Provider names that differ between the peers' file names for the same provider.
ALIASES = {
    "onepassword": "1password",
    "adafruitio": "adafruit",
    "gcp": "google",
    "googlecloud": "google",
    "mongo": "mongodb",
    "sonarcloud": "sonar",
    "sonarqube": "sonar",
    "dockerhub": "docker",
    "squareup": "square",
    "msteams": "microsoftteams",
    "teams": "microsoftteams",
    "hashicorpvault": "vault",
    "privkey": "privatekey",
    "privatekeys": "privatekey",
    "jsonwebtoken": "jwt",
    "npmjs": "npm",
    "hf": "huggingface",
}
# Credential-kind suffixes dropped from a file name (telegrambottoken.yml, twitterv2.yml, ...).
_KIND_SUFFIX = re.compile(r"^(.{4,}?)(?:accesstoken|bottoken|apitoken|apikey|token|key|webhook|oauth2?|license)$")


def provider_name(stem):
    """A provider label from a rule file's name, so that e.g. slack.yml and slack.go agree."""
    s = os.path.basename(stem).lower()
    s = re.sub(r"\.(ya?ml|go|toml)$", "", s)
    s = re.sub(r"[^a-z0-9]", "", s)
    if s in ALIASES:
        return ALIASES[s]
    s = re.sub(r"(?<=[a-z])v\d$", "", s)
    m = _KIND_SUFFIX.match(s)
    if m and s != "privatekey":
        s = m.group(1)
    return ALIASES.get(s, s)


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Reading bare mirrors


class Mirror:
    def __init__(self, gitdir):
        self.gitdir = gitdir

    def git(self, *args, data=None):
        return subprocess.run(
            ["git", "--git-dir=" + self.gitdir, *args], input=data, capture_output=True, check=True
        ).stdout

    def head(self):
        return self.git("rev-parse", "HEAD").decode().strip()

    def files(self, prefix=""):
        out = self.git("ls-tree", "-r", "--name-only", "-z", "HEAD", *([prefix] if prefix else []))
        return [p for p in out.decode("utf-8", "surrogateescape").split("\0") if p]

    def read(self, paths):
        """{path: bytes} in one `git cat-file --batch`; a missing blob is left out."""
        req = "".join("HEAD:%s\n" % p for p in paths).encode("utf-8", "surrogateescape")
        out = self.git("cat-file", "--batch", data=req)
        res, pos = {}, 0
        for p in paths:
            nl = out.index(b"\n", pos)
            header = out[pos:nl].split()
            pos = nl + 1
            if len(header) < 3 or header[1] == b"missing":
                continue
            size = int(header[2])
            res[p] = out[pos : pos + size]
            pos += size + 1
        return res


def find_mirror(repos, source):
    name, url = SOURCES[source]
    for cand in (os.path.join(repos, name, "repo"), os.path.join(repos, name), os.path.join(repos, name + ".git")):
        if os.path.isfile(os.path.join(cand, "HEAD")):
            return Mirror(cand)
    log(
        "devset: no checkout of %s under %s; skipping %s. With network access:\n"
        "  git clone --bare %s %s" % (name, repos, source, url, os.path.join(repos, name, "repo"))
    )
    return None


# ---------------------------------------------------------------------------------------------
# Extraction


def ex(source, provider, rule, label, text, path=None, origin=None, **extra):
    d = {"source": source, "provider": provider, "rule": rule, "label": label, "text": text}
    if path:
        d["path"] = path
    if origin:
        d["origin"] = origin
    d.update(extra)
    return d


def extract_yaml(mirror, source, prefix_re):
    files = [p for p in mirror.files() if re.search(prefix_re, p)]
    blobs = mirror.read(files)
    out, stats = [], collections.Counter()
    for path in sorted(blobs):
        text = blobs[path].decode("utf-8", "replace")
        prov = provider_name(path)
        for rid, name, pos, neg, visible in yamlex.rules_examples(text):
            if not visible:  # a helper rule (host name, account id), not reported on its own
                stats["invisible_rules"] += 1
                stats["invisible_examples"] += len(pos) + len(neg)
                continue
            stats["rules"] += 1
            for t in pos:
                out.append(ex(source, prov, rid or name or "?", "pos", t, origin=path))
            for t in neg:
                out.append(ex(source, prov, rid or name or "?", "neg", t, origin=path))
    return out, stats


def extract_go(mirror, source):
    rules_dir = "cmd/generate/config/rules/"
    utils_dir = "cmd/generate/config/utils/"
    paths = [p for p in mirror.files("cmd/generate/config/") if p.endswith(".go") and not p.endswith("_test.go")]
    blobs = mirror.read(paths)
    rule_files = {p: b.decode("utf-8", "replace") for p, b in blobs.items() if p.startswith(rules_dir)}
    util_files = {p: b.decode("utf-8", "replace") for p, b in blobs.items() if p.startswith(utils_dir)}
    it = goeval.Interp(rule_files, util_files)
    stats = collections.Counter()
    if it.samples is None:
        log("devset: %s: utils.GenerateSampleSecrets templates not found; those examples are skipped" % source)
    out = []
    skip_reasons = collections.Counter()
    for f in it.rule_roots():
        seed = int(hashlib.sha256(("%s:%s:%s" % (source, f.file, f.name)).encode()).hexdigest()[:16], 16)
        ctx = it.run_root(f, random.Random(seed))
        stats["functions"] += 1
        for r in ctx.skips:
            skip_reasons[re.sub(r"'[^']*'|\"[^\"]*\"", "…", r)[:90]] += 1
        stats["skipped"] += len(ctx.skips)
        prov = provider_name(f.file)
        for rid, pos, neg in ctx.records:
            stats["rules"] += 1
            rid = rid if isinstance(rid, str) else f.name
            for label, vals in (("pos", pos), ("neg", neg)):
                if isinstance(vals, dict):
                    items = [(v, k) for k, v in sorted(vals.items())]
                elif isinstance(vals, list):
                    items = [(v, None) for v in vals]
                else:
                    items = []
                for v, pth in items:
                    if not isinstance(v, str):
                        stats["skipped"] += 1
                        skip_reasons["non-string example"] += 1
                        continue
                    if v.strip() == "":
                        stats["empty"] += 1
                        continue
                    out.append(ex(source, prov, rid, label, v, path=pth, origin=f.file))
    stats["skip_reasons"] = dict(skip_reasons.most_common())
    return out, stats


def extract_leaky(mirror, source):
    csv_text = mirror.read([".leaky-meta/secrets.csv"])[".leaky-meta/secrets.csv"].decode()
    risk = {}
    for row in csv.reader(io.StringIO(csv_text)):
        if not row or row[0].lstrip().startswith("#") or len(row) < 2:
            continue
        try:
            risk[row[0].strip()] = int(row[1])
        except ValueError:
            continue
    blobs = mirror.read(sorted(risk))
    out = []
    for path in sorted(blobs):
        text = blobs[path].decode("utf-8", "surrogateescape")
        label = "pos" if risk[path] > 0 else "neg"
        out.append(ex(source, "file:" + path, path, label, text, path=path, num_risk=risk[path]))
    missing = sorted(set(risk) - set(blobs))
    return out, {"files": len(out), "risky_lines": sum(risk[p] for p in blobs), "missing": missing}


def extract_trufflehog(mirror, source):
    """TruffleHog's detector pattern tests: each `tests := []struct{name, input string; want []string}`
    table in pkg/detectors/<provider>/**/*_test.go (not *_integration_test.go). A case whose `want`
    is non-empty is a positive, one with an empty or missing `want` a negative. The package's
    `var`/`const` blocks, helper functions and the test function's earlier statements are evaluated
    with goeval; a case whose input or want does not evaluate is skipped and counted."""
    files = [p for p in mirror.files("pkg/detectors/")
             if p.endswith("_test.go") and not p.endswith("_integration_test.go") and p.count("/") >= 3]
    blobs = mirror.read(files)
    out, stats, skip_reasons = [], collections.Counter(), collections.Counter()
    for path in sorted(blobs):
        text = blobs[path].decode("utf-8", "replace")
        prov = provider_name(path.split("/")[2])
        try:
            it = goeval.Interp({path: text}, {})
        except (goeval.Skip, IndexError) as e:
            stats["files_unparsed"] += 1
            skip_reasons["file: %s" % e] += 1
            continue
        stats["files"] += 1
        for fname, f in sorted(it.funcs.items()):
            if not fname.startswith("Test"):
                continue
            seed = int(hashlib.sha256(("%s:%s:%s" % (source, path, fname)).encode()).hexdigest()[:16], 16)
            ctx = goeval.Ctx(random.Random(seed))
            for rule, cases in _th_tables(it, f, ctx, stats, skip_reasons):
                for label, t in cases:
                    out.append(ex(source, prov, rule, label, t, origin=path))
    stats["skip_reasons"] = dict(skip_reasons.most_common())
    return out, stats


def _th_tables(it, f, ctx, stats, skip_reasons):
    """(rule, [(label, input)]) for each `tests := []struct{...}{...}` table in test function f."""
    body = f.body
    env = {}
    done = 0  # statements before each table run first, so its local variables are known
    i = 0
    while i < len(body) - 4:
        if not (body[i][0] == "id" and body[i + 1] == ("op", ":=") and body[i + 2] == ("op", "[")
                and body[i + 3] == ("op", "]") and body[i + 4] == ("id", "struct")):
            i += 1
            continue
        start = i
        while start > 0 and body[start - 1] != ("op", ";"):
            start -= 1
        try:
            it.block(body[done:start], env, ctx)
        except (goeval.Skip, RecursionError, IndexError):
            pass
        tclose = goeval.match_close(body, i + 5)
        fields = []
        for decl in goeval.split_top(body[i + 6 : tclose], ";"):
            if decl and decl[0][0] == "id":  # `name type` (one name per line in these tables)
                fields.append((decl[0][1], "".join(t[1] for t in decl[1:])))
        names = [n for n, _ in fields]
        lit = tclose + 1
        if lit >= len(body) or body[lit] != ("op", "{"):
            i = tclose
            continue
        lclose = goeval.match_close(body, lit)
        i = done = lclose + 1
        if "input" not in names or "want" not in names or dict(fields).get("want") != "[]string":
            stats["tables_other"] += 1
            continue
        stats["tables"] += 1
        cases = []
        for elem in goeval.split_top(body[lit + 1 : lclose], ","):
            elem = [t for t in elem if t != ("op", ";")]
            if not elem:
                continue
            if elem[0] != ("op", "{"):
                stats["skipped"] += 1
                skip_reasons["table element is not a literal"] += 1
                continue
            parts = [p for p in goeval.split_top(elem[1 : goeval.match_close(elem, 0)], ",") if p and p != [("op", ";")]]
            kv = {}
            for n, p in enumerate(parts):
                p = [t for t in p if t != ("op", ";")]
                kp = goeval.split_top(p, ":")
                if len(kp) == 2 and len(kp[0]) == 1 and kp[0][0][0] == "id":
                    kv[kp[0][0][1]] = kp[1]
                elif n < len(names):
                    kv[names[n]] = p
            if "input" not in kv:
                stats["skipped"] += 1
                skip_reasons["case without input"] += 1
                continue
            before = len(ctx.skips)
            try:
                inp = goeval.Expr(it, kv["input"], env, ctx).parse()
                want = goeval.Expr(it, kv["want"], env, ctx).parse() if "want" in kv else None
            except (goeval.Skip, RecursionError, IndexError, TypeError, ValueError) as e:
                stats["skipped"] += 1
                skip_reasons[re.sub(r"'[^']*'|\"[^\"]*\"", "…", str(e))[:90]] += 1
                continue
            if len(ctx.skips) > before or not isinstance(inp, str) or not (want is None or isinstance(want, list)):
                stats["skipped"] += 1
                skip_reasons["input or want did not evaluate"] += 1
                continue
            if inp.strip() == "":
                stats["empty"] += 1
                continue
            cases.append(("pos" if want else "neg", inp))
        yield f.name, cases


def extract(source, mirror):
    if source == "kingfisher":
        return extract_yaml(mirror, source, r"^data/rules/[^/]+\.ya?ml$")
    if source == "noseyparker":
        return extract_yaml(mirror, source, r"^crates/noseyparker/data/.*rules/[^/]+\.ya?ml$")
    if source in ("gitleaks", "betterleaks"):
        return extract_go(mirror, source)
    if source == "leaky-repo":
        return extract_leaky(mirror, source)
    if source == "trufflehog":
        return extract_trufflehog(mirror, source)
    raise ValueError(source)


def script_digest():
    h = hashlib.sha256(str(EXTRACT_VERSION).encode())
    for f in ("devset.py", "goeval.py", "yamlex.py", "regen.py"):
        with open(os.path.join(HERE, f), "rb") as fh:
            h.update(fh.read())
    return h.hexdigest()[:16]


def load_examples(args, sources):
    """{source: (examples, stats, digest)}, from the cache when the mirrors and script are unchanged."""
    res = {}
    digest = script_digest()
    for s in sources:
        m = find_mirror(args.repos, s)
        if not m:
            continue
        head = m.head()
        key = hashlib.sha256(("%s:%s:%s" % (s, head, digest)).encode()).hexdigest()[:20]
        path = os.path.join(args.cache, "extract-%s-%s.json" % (s, key))
        if os.path.exists(path) and not args.no_cache:
            with open(path) as fh:
                d = json.load(fh)
        else:
            t0 = time.time()
            exs, stats = extract(s, m)
            d = {"source": s, "commit": head, "examples": exs, "stats": stats}
            log("devset: extracted %s (%d examples) in %.1fs" % (s, len(exs), time.time() - t0))
            write_json_atomic(path, d)
        # Peers' results and the example files are keyed by the examples themselves, so a change
        # of this script that leaves them alone keeps the cache.
        content = hashlib.sha256(json.dumps([[e.get("path"), e["text"]] for e in d["examples"]]).encode())
        res[s] = (d["examples"], d["stats"], content.hexdigest()[:20], d["commit"])
    return res


def write_json_atomic(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
    with os.fdopen(fd, "w") as fh:
        json.dump(data, fh)
    os.replace(tmp, path)


# ---------------------------------------------------------------------------------------------
# Writing files and running tools


def source_files(cache, source, examples, key, keep=None):
    """The directory holding one file per example of `source` and its manifest {path: index}.

    Written once per extraction under the cache directory (or under --keep DIR), then only read,
    so a leakhound-only re-score writes nothing."""
    if keep:
        base = os.path.join(keep, source)
        shutil.rmtree(base, ignore_errors=True)
        return base, write_source(base, source, examples)
    base = os.path.join(cache, "files-%s-%s" % (source, key), source)
    mpath = os.path.join(cache, "files-%s-%s" % (source, key), "manifest.json")
    if os.path.exists(mpath):
        with open(mpath) as fh:
            return base, json.load(fh)
    os.makedirs(cache, exist_ok=True)
    tmp = tempfile.mkdtemp(dir=cache, prefix=".files-")
    manifest = write_source(os.path.join(tmp, source), source, examples)
    with open(os.path.join(tmp, "manifest.json"), "w") as fh:
        json.dump(manifest, fh)
    try:
        os.rename(tmp, os.path.dirname(base))
    except OSError:  # another run wrote it first
        shutil.rmtree(tmp, ignore_errors=True)
    return base, manifest


def write_source(base, source, examples):
    """Writes one file per example under base; returns {relative path: example index}."""
    os.makedirs(base)
    manifest = {}
    made = set()
    for i, e in enumerate(examples):
        if source == "leaky-repo":
            rel = e["path"]
        elif e.get("path"):  # the test table names the file: keep its name, in its own directory
            rel = "%06d/%s" % (i, e["path"].lstrip("/"))
        else:
            rel = "%06d.txt" % i
        full = os.path.join(base, rel)
        d = os.path.dirname(full)
        if d not in made:
            os.makedirs(d, exist_ok=True)
            made.add(d)
        with open(full, "w", encoding="utf-8", errors="surrogateescape", newline="") as fh:
            fh.write(e["text"])
        manifest[rel] = i
    return manifest


def peer_path(name):
    return os.path.join(os.environ.get("PEERS", os.path.expanduser("~/.cache/leakhound-peers")), name)


def tool_cmd(tool, target, out, lh, lh_args):
    # The same command lines as ../shared/bench/peers.sh `dir` mode, plus Kingfisher's --no-dedup:
    # without it Kingfisher reports a secret once for all the files that hold it, and findings
    # could not be attributed to files.
    if tool == "leakhound":
        return [lh, "scan", target, "--format", "json", "-o", out, *lh_args]
    if tool == "gitleaks":
        return [peer_path("gitleaks"), "dir", target, "--no-banner", "--exit-code", "0", "-f", "json", "-r", out]
    if tool == "betterleaks":
        return [peer_path("betterleaks"), "fs", target, "--no-banner", "--exit-code", "0", "-o", out]
    if tool == "kingfisher":
        return [peer_path("kingfisher"), "scan", target, "--git-history", "none", "--no-validate",
                "--no-update-check", "-q", "-f", "json", "-o", out, "--no-dedup"]
    raise ValueError(tool)


def parse_findings(tool, data):
    """[(path, line, rule)] from a tool's JSON report."""
    out = []
    if tool == "leakhound":
        for f in data.get("findings", []):
            out.append((f.get("path"), f.get("line"), f.get("rule_id")))
    elif tool == "gitleaks":
        for f in data or []:
            out.append((f.get("File"), f.get("StartLine"), f.get("RuleID")))
    elif tool == "betterleaks":
        items = data.get("findings", []) if isinstance(data, dict) else data or []
        for f in items:
            if "location" in f:
                out.append((f["location"].get("path"), f["location"].get("start_line"), f.get("rule_id")))
            else:
                out.append((f.get("File"), f.get("StartLine"), f.get("RuleID")))
    elif tool == "kingfisher":
        for f in data.get("findings", []):
            fd, rule = f.get("finding", {}), f.get("rule", {})
            out.append((fd.get("path"), fd.get("line"), rule.get("id")))
    return out


def run_tool(tool, target, tmp, lh, lh_args):
    out = os.path.join(tmp, "%s-%s.json" % (tool, os.path.basename(target)))
    cmd = tool_cmd(tool, target, out, lh, lh_args)
    env = dict(os.environ, **OFFLINE_ENV)
    t0 = time.time()
    p = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    dt = time.time() - t0
    ok = {"leakhound": (0, 1), "kingfisher": (0, 200)}.get(tool, (0,))
    if p.returncode not in ok or not os.path.exists(out):
        err = p.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise RuntimeError("%s failed on %s (exit %s): %s" % (tool, target, p.returncode, " | ".join(err)))
    with open(out, "rb") as fh:
        raw = fh.read()
    os.unlink(out)  # reports hold the secrets in full; keep nothing around
    data = json.loads(raw) if raw.strip() else []
    real = os.path.realpath(target)
    per_file = collections.defaultdict(list)
    for path, line, rule in parse_findings(tool, data):
        if not path:
            continue
        rp = os.path.realpath(path if os.path.isabs(path) else os.path.join(target, path))
        rel = os.path.relpath(rp, real)
        per_file[rel].append([line or 0, rule or "?"])
    return dict(per_file), dt


def tool_identity(tool, lh):
    path = lh if tool == "leakhound" else peer_path(tool)
    try:
        st = os.stat(path)
    except OSError:
        return None
    return "%s:%d:%d" % (os.path.realpath(path), st.st_size, int(st.st_mtime))


# ---------------------------------------------------------------------------------------------
# Scoring


def gh_crc_ok(tok):
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    tail = tok[-36:]
    v = zlib.crc32(tail[:30].encode())
    digits = []
    for _ in range(6):
        digits.append(alphabet[v % 62])
        v //= 62
    return "".join(reversed(digits)) == tail[30:]


_CRC_TOKEN = re.compile(r"(?<![A-Za-z0-9_])(?:gh[pousr]|npm)_[A-Za-z0-9]{36}(?![A-Za-z0-9])")


def checksum_rejected(text):
    """True when the example's token is GitHub/npm-shaped with a CRC32 that does not verify."""
    toks = _CRC_TOKEN.findall(text)
    return bool(toks) and not any(gh_crc_ok(t) for t in toks)


def mark_contradicted(examples):
    """Flag each negative whose text is, once stripped, also a positive example of the same source.

    The peers' tables list a rule's negatives per rule: the negatives of one Cloudflare rule are the
    positives of its sibling rules, a Stripe key is a negative of the WorkOS rule. Such a file holds
    a credential by the source's own labels, so it is reported apart from the negatives (with
    --all-negatives it is counted as one again). Returns the count per source."""
    counts = {}
    for s, exs in examples.items():
        if s == "leaky-repo":
            continue
        pos = {e["text"].strip() for e in exs if e["label"] == "pos"}
        n = 0
        for e in exs:
            if e["label"] == "neg" and e["text"].strip() in pos:
                e["contradicted"] = True
                n += 1
        counts[s] = n
    return counts


def score(examples, results, tools):
    """Per source and tool: counts of positives found and negatives flagged (leaky-repo per line)."""
    table = {}
    for s, exs in examples.items():
        for tool in tools:
            if (s, tool) not in results:
                continue
            hits = results[(s, tool)]
            pos = found = neg = flagged = 0
            risk = risk_hit = contra = contra_flagged = 0
            for i, e in enumerate(exs):
                h = hits.get(i)
                if s == "leaky-repo":
                    lines = {ln for ln, _ in h} if h else set()
                    if e["num_risk"] > 0:
                        risk += e["num_risk"]
                        risk_hit += min(len(lines), e["num_risk"])
                        pos += 1
                        found += 1 if h else 0
                    else:
                        neg += 1
                        flagged += 1 if h else 0
                elif e["label"] == "pos":
                    pos += 1
                    found += 1 if h else 0
                elif e.get("contradicted"):
                    contra += 1
                    contra_flagged += 1 if h else 0
                else:
                    neg += 1
                    flagged += 1 if h else 0
            table[(s, tool)] = {"pos": pos, "found": found, "neg": neg, "flagged": flagged,
                                "risk": risk, "risk_hit": risk_hit, "contra": contra,
                                "contra_flagged": contra_flagged}
    return table


def pct(a, b):
    return "%5.1f%%" % (100.0 * a / b) if b else "    -"


def sum_cells(table, sources, tool):
    c = collections.Counter()
    for s in sources:
        if (s, tool) in table:
            c.update(table[(s, tool)])
    return c


def report(examples, results, tools, cached, stats, args, timings):
    table = score(examples, results, tools)
    lines = []
    w = lines.append
    present = [t for t in tools if any((s, t) in table for s in examples)]
    w("Development set: labelled examples published by other scanners (positives: >= 1 finding in")
    w("the example's file counts as found; negatives: >= 1 finding counts as flagged). * = the tool's")
    w("rules descend from that source (its own test data); (c) = peer results from the cache.")
    w("")
    hdr = "%-12s %6s %6s " % ("source", "pos", "neg") + " ".join("%-21s" % (t + (" (c)" if t in cached else "")) for t in present)
    w(hdr)
    w("%-12s %6s %6s " % ("", "", "") + " ".join("%-21s" % "recall   neg-flagged" for _ in present))
    for s in examples:
        if s == "leaky-repo":
            continue
        row = None
        for t in present:
            c = table.get((s, t))
            if not c:
                continue
            if row is None:
                row = "%-12s %6d %6d " % (s, c["pos"], c["neg"])
            mark = "*" if s in LINEAGE.get(t, ()) else " "
            row += "%s%7s %6s        " % (mark, pct(c["found"], c["pos"]), pct(c["flagged"], c["neg"]))
        if row:
            w(row.rstrip())
    ex_sources = [s for s in examples if s != "leaky-repo" and s not in EXTRA_SOURCES]
    if ex_sources:
        w("")
        w("Summary over the example sources (%s):" % ", ".join(ex_sources))
        w("%-12s %8s %9s %9s %13s %15s %14s" % ("tool", "recall", "neg-flag", "macro-rec", "recall-other",
                                                 "neg-flag-other", "other sources"))
        for t in present:
            c = sum_cells(table, ex_sources, t)
            other = [s for s in ex_sources if s not in LINEAGE.get(t, ())]
            o = sum_cells(table, other, t)
            per = [table[(s, t)] for s in ex_sources if (s, t) in table and table[(s, t)]["pos"]]
            macro = sum(100.0 * x["found"] / x["pos"] for x in per) / len(per) if per else 0.0
            w("%-12s %8s %9s %8.1f%% %13s %15s %14s" % (t, pct(c["found"], c["pos"]), pct(c["flagged"], c["neg"]), macro,
                                                     pct(o["found"], o["pos"]), pct(o["flagged"], o["neg"]),
                                                     "+".join(s[:2] for s in other) or "-"))
        w("(recall and neg-flag pool all examples; macro-rec is the mean of the per-source recalls;")
        w(" recall-other: on the sources the tool's rules do not descend from, for leakhound all of them.)")
        for group, srcs in (("kingfisher+noseyparker", ["kingfisher", "noseyparker"]),
                            ("gitleaks+betterleaks", ["gitleaks", "betterleaks"])):
            srcs = [s for s in srcs if s in ex_sources]
            if not srcs:
                continue
            w("  on %-24s " % group + "  ".join("%s %s/%s" % (t, pct(sum_cells(table, srcs, t)["found"], sum_cells(table, srcs, t)["pos"]).strip(),
                                                              pct(sum_cells(table, srcs, t)["flagged"], sum_cells(table, srcs, t)["neg"]).strip()) for t in present))
    for s in EXTRA_SOURCES:
        if s not in examples:
            continue
        w("")
        w("%s (its own row, not in the summary above): " % s + "  ".join(
            "%s %s/%s" % (t, pct(table[(s, t)]["found"], table[(s, t)]["pos"]).strip(),
                          pct(table[(s, t)]["flagged"], table[(s, t)]["neg"]).strip())
            for t in present if (s, t) in table) + "  (recall/neg-flagged; %d negatives that are also positives left out)"
          % next((table[(s, t)]["contra"] for t in present if (s, t) in table), 0))
    contra = {s: table.get((s, present[0]), {}).get("contra", 0) for s in ex_sources} if present else {}
    if any(contra.values()):
        w("")
        w("Negatives that are also positives of the same source (a sibling rule's true positive: one")
        w("Cloudflare rule's negatives are the other Cloudflare rules' positives), left out of neg above")
        w("(--all-negatives counts them): " + ", ".join("%s %d" % (s, n) for s, n in contra.items() if n)
          + "; files with a finding: " + ", ".join(
              "%s %d" % (t, sum(table.get((s, t), {}).get("contra_flagged", 0) for s in ex_sources)) for t in present))
    if "leaky-repo" in examples:
        w("")
        w("leaky-repo (real files; line-level credit per file: min(lines with a finding, risky lines)):")
        for t in present:
            c = table.get(("leaky-repo", t))
            if c:
                w("  %-12s risky lines found %3d/%-3d %s   files with a finding %2d/%-2d   clean files flagged %d/%d"
                  % (t, c["risk_hit"], c["risk"], pct(c["risk_hit"], c["risk"]), c["found"], c["pos"], c["flagged"], c["neg"]))
    # checksum rejections among leakhound's misses
    if "leakhound" in present:
        w("")
        w("leakhound misses that are GitHub/npm tokens whose CRC32 checksum fails (dropped on purpose):")
        parts = []
        for s, exs in examples.items():
            hits = results.get((s, "leakhound"))
            if hits is None or s == "leaky-repo":
                continue
            n = sum(1 for i, e in enumerate(exs) if e["label"] == "pos" and i not in hits and checksum_rejected(e["text"]))
            m = sum(1 for i, e in enumerate(exs) if e["label"] == "pos" and i not in hits)
            parts.append("%s %d of %d" % (s, n, m))
        w("  " + ", ".join(parts))
    kf_rules = collections.Counter()
    for (s, t), hits in results.items():
        if t == "kingfisher":
            for fs in hits.values():
                kf_rules.update({r.split(".")[0] for _, r in fs})
    if kf_rules:
        w("")
        w("Note: the Kingfisher binary's findings carry rule-id prefixes %s (files per prefix): its"
          % ", ".join("%s.* %d" % kv for kv in kf_rules.most_common(4)))
        w("built-in rules are not those of the Kingfisher checkout the kingfisher source comes from.")
    skipped = {s: st.get("skipped", 0) for s, st in stats.items() if st.get("skipped")}
    if skipped:
        w("")
        w("Examples that could not be expanded and were skipped: " + ", ".join("%s %d" % kv for kv in skipped.items())
          + " (--stats lists the reasons)")
    if timings:
        w("")
        w("Scan times (s): " + ", ".join("%s/%s %.1f" % (t, s, dt) for (s, t), dt in timings.items()))
    return "\n".join(lines), table


def provider_tables(examples, results, tools, limit=None, only=None):
    """leakhound's misses and false alarms per provider label, with what the peers did."""
    peers = [t for t in tools if t != "leakhound"]
    by_prov = collections.defaultdict(lambda: {"pos": 0, "found": 0, "peer": collections.Counter(),
                                               "neg": 0, "flagged": 0, "rules": collections.Counter(),
                                               "sources": set(), "crc": 0, "alone": 0})
    for s, exs in examples.items():
        lh = results.get((s, "leakhound"))
        if lh is None:
            continue
        for i, e in enumerate(exs):
            if only and e["provider"] != only:
                continue
            p = by_prov[e["provider"]]
            p["sources"].add(s)
            if e["label"] == "pos":
                p["pos"] += 1
                if i in lh:
                    p["found"] += 1
                else:
                    if checksum_rejected(e["text"]):
                        p["crc"] += 1
                    for t in peers:
                        r = results.get((s, t))
                        if r is not None and i in r:
                            p["peer"][t] += 1
            elif not e.get("contradicted"):
                p["neg"] += 1
                if i in lh:
                    p["flagged"] += 1
                    for rule in {r for _, r in lh[i]}:
                        p["rules"][rule] += 1
                    if peers and not any(results.get((s, t)) is not None and i in results[(s, t)] for t in peers):
                        p["alone"] += 1
    lines = []
    w = lines.append
    rows = sorted(((p["pos"] - p["found"], name, p) for name, p in by_prov.items() if p["pos"]), key=lambda r: (-r[0], r[1]))
    none = [name for _, name, p in rows if p["found"] == 0]
    w("leakhound per provider label, by misses (peers: how many of the misses each peer found):")
    w("%-28s %5s %5s %6s  %-40s %s" % ("provider", "pos", "found", "missed", "peers that found the misses", "sources"))
    shown = 0
    for missed, name, p in rows:
        if missed == 0 or (limit and shown >= limit):
            continue
        shown += 1
        peer_s = " ".join("%s %d" % (t, p["peer"][t]) for t in peers if p["peer"][t]) or "-"
        if p["crc"]:
            peer_s += " (checksum fails: %d)" % p["crc"]
        w("%-28s %5d %5d %6d  %-40s %s" % (name[:28], p["pos"], p["found"], missed, peer_s, ",".join(sorted(p["sources"]))))
    w("")
    w("Provider labels: %d with positives; %d with no detection at all by leakhound." % (len(rows), len(none)))
    negrows = sorted(((p["flagged"], name, p) for name, p in by_prov.items() if p["flagged"]), key=lambda r: (-r[0], r[1]))
    w("")
    w("leakhound negatives flagged per provider label (no-peer: flagged by leakhound and by none of the")
    w("peers, the ones to look at first; a negative every tool flags is often a real secret of another")
    w("kind, listed as a negative of one specific rule):")
    w("%-28s %5s %7s %7s  %s" % ("provider", "neg", "flagged", "no-peer", "leakhound rules (files)"))
    for flagged, name, p in negrows:
        w("%-28s %5d %7d %7s  %s" % (name[:28], p["neg"], flagged, p["alone"] if peers else "?",
                                     ", ".join("%s %d" % kv for kv in p["rules"].most_common())))
    total_alone = sum(p["alone"] for p in by_prov.values())
    total_flag = sum(p["flagged"] for p in by_prov.values())
    w("Negatives flagged: %d, of which %d by leakhound alone." % (total_flag, total_alone) if peers else
      "Negatives flagged: %d." % total_flag)
    return "\n".join(lines), by_prov, none


def show_provider(examples, results, provider, tools):
    peers = [t for t in tools if t != "leakhound"]
    out = []
    for s, exs in examples.items():
        lh = results.get((s, "leakhound"))
        if lh is None:
            continue
        for i, e in enumerate(exs):
            if e["provider"] != provider:
                continue
            missed = e["label"] == "pos" and i not in lh
            flagged = e["label"] == "neg" and i in lh
            if not (missed or flagged):
                continue
            by = [t for t in peers if results.get((s, t)) is not None and i in results[(s, t)]]
            what = "MISSED positive" if missed else "FLAGGED negative (%s)" % ", ".join(sorted({r for _, r in lh[i]}))
            if missed and checksum_rejected(e["text"]):
                what += " [checksum fails]"
            out.append("=== %s #%d  %s  rule %s  (%s)  found by: %s" % (s, i, what, e["rule"], e.get("origin", ""), ", ".join(by) or "none"))
            if e.get("path"):
                out.append("--- file name: %s" % e["path"])
            out.append(e["text"] if len(e["text"]) < 4000 else e["text"][:4000] + "\n[... %d more bytes]" % (len(e["text"]) - 4000))
    return "\n".join(out) if out else "no missed positives or flagged negatives for provider %r" % provider


# ---------------------------------------------------------------------------------------------


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repos", default=os.environ.get("DEVSET_REPOS", "/work/.mirror"),
                    help="directory holding owner+name/repo bare git checkouts (env DEVSET_REPOS)")
    ap.add_argument("--tools", default=",".join(TOOLS), help="comma-separated tools to run (default: all)")
    ap.add_argument("--source", default="", help="comma-separated sources (default: all): " + ",".join(SOURCES))
    ap.add_argument("--provider", help="restrict the per-provider output to this provider label")
    ap.add_argument("--show", action="store_true", help="with --provider: print the missed examples' text")
    ap.add_argument("--json", metavar="OUT", help="write machine-readable results to OUT")
    ap.add_argument("--misses", metavar="OUT", help="write the full per-provider table to OUT")
    ap.add_argument("--top", type=int, default=40, help="rows of the per-provider table to print (0: all)")
    ap.add_argument("--lh-args", default=os.environ.get("LEAKHOUND_ARGS", ""),
                    help="extra arguments for `leakhound scan`, e.g. '--config rules.yml' (env LEAKHOUND_ARGS)")
    ap.add_argument("--cache", default=os.environ.get("DEVSET_CACHE", os.path.expanduser("~/.cache/leakhound-devset")))
    ap.add_argument("--no-cache", action="store_true", help="re-extract and re-run every tool")
    ap.add_argument("--keep", metavar="DIR", help="write the example files under DIR (kept) instead of a temp dir")
    ap.add_argument("--all-negatives", action="store_true",
                    help="count a negative that is also a positive of the same source as a negative")
    ap.add_argument("--stats", action="store_true", help="print extraction statistics and skip reasons")
    ap.add_argument("--self-test", action="store_true", help="test the extraction logic on synthetic input and exit")
    args = ap.parse_args(argv)

    if args.self_test:
        import selftest
        return selftest.run()

    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    for t in tools:
        if t not in TOOLS:
            ap.error("unknown tool %s (known: %s)" % (t, ", ".join(TOOLS)))
    sources = [s.strip() for s in args.source.split(",") if s.strip()] or list(SOURCES)
    for s in sources:
        if s not in SOURCES:
            ap.error("unknown source %s (known: %s)" % (s, ", ".join(SOURCES)))
    lh = os.environ.get("LEAKHOUND", os.path.join(".", "target", "release", "leakhound"))
    if "leakhound" in tools:
        lh = os.path.realpath(lh)
        if not os.access(lh, os.X_OK):
            ap.error("no leakhound binary at %s (set LEAKHOUND=/path/to/leakhound)" % lh)
    lh_args = args.lh_args.split() if args.lh_args else []

    loaded = load_examples(args, sources)
    if not loaded:
        log("devset: no source available")
        return 2
    examples = {s: v[0] for s, v in loaded.items()}
    if not args.all_negatives:
        mark_contradicted(examples)
    stats = {s: v[1] for s, v in loaded.items()}
    if args.stats:
        for s, st in stats.items():
            npos = sum(1 for e in examples[s] if e["label"] == "pos")
            log("%s @ %s: %d positives, %d negatives; %s" % (s, loaded[s][3][:12], npos, len(examples[s]) - npos,
                                                             json.dumps({k: v for k, v in st.items() if k != "skip_reasons"})))
            for r, n in (st.get("skip_reasons") or {}).items():
                log("    skipped %4d  %s" % (n, r))

    results, timings, cached = {}, {}, set()
    tmp = tempfile.mkdtemp(prefix="devset-")  # the tools' reports, deleted as soon as read
    try:
        for s in examples:
            manifest = None
            for tool in TOOLS:
                ident = tool_identity(tool, lh)
                run = tool in tools
                if ident is None and run:
                    log("devset: %s not found; skipping it (install the peers with ../shared/bench/peers.sh install)" % tool)
                    continue
                cpath = None
                if tool != "leakhound" and ident:
                    k = hashlib.sha256(("%s|%s|%s" % (tool, ident, loaded[s][2])).encode()).hexdigest()[:20]
                    cpath = os.path.join(args.cache, "results-%s-%s-%s.json" % (tool, s, k))
                    if os.path.exists(cpath) and not args.no_cache:
                        with open(cpath) as fh:
                            d = json.load(fh)
                        results[(s, tool)] = {int(i): v for i, v in d["hits"].items()}
                        cached.add(tool)
                        continue
                if not run:
                    continue
                if manifest is None:
                    target, manifest = source_files(args.cache, s, examples[s], loaded[s][2], args.keep)
                try:
                    per_file, dt = run_tool(tool, target, tmp, lh, lh_args)
                except RuntimeError as e:
                    log("devset: %s" % e)
                    return 2
                timings[(s, tool)] = dt
                hits = {}
                for rel, fs in per_file.items():
                    idx = manifest.get(rel)
                    if idx is None:
                        log("devset: %s reported a file outside the manifest: %s" % (tool, rel))
                        continue
                    hits[idx] = fs
                results[(s, tool)] = hits
                if cpath:
                    write_json_atomic(cpath, {"tool": tool, "source": s, "hits": hits})
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    shown_tools = [t for t in TOOLS if t in tools or t in cached]
    text, table = report(examples, results, shown_tools, cached & set(TOOLS) - set(tools), stats, args, timings)
    print(text)
    if args.provider:
        labels = {e["provider"] for exs in examples.values() for e in exs}
        if args.provider not in labels:
            alt = provider_name(args.provider)
            if alt not in labels:
                log("devset: no provider label %r (nor %r); labels look like: %s" % (
                    args.provider, alt, ", ".join(sorted(l for l in labels if l[:2] == alt[:2])[:20]) or "-"))
                return 2
            args.provider = alt
    if "leakhound" in shown_tools and any((s, "leakhound") in results for s in examples):
        ptext, by_prov, none = provider_tables(examples, results, shown_tools, None)
        if args.misses:
            with open(args.misses, "w") as fh:
                fh.write(ptext + "\n")
        if args.provider:
            if args.show:
                print()
                print(show_provider(examples, results, args.provider, shown_tools))
            else:
                print()
                print(provider_tables(examples, results, shown_tools, None, args.provider)[0])
        else:
            lim = args.top if args.top else None
            out = provider_tables(examples, results, shown_tools, lim)[0]
            print()
            print(out)
    if args.json:
        res = {
            "sources": {s: {"commit": loaded[s][3], "examples": len(examples[s]), "stats": stats[s]} for s in examples},
            "tools": shown_tools,
            "scores": [dict(source=s, tool=t, **c) for (s, t), c in table.items()],
            "examples": [
                {"source": s, "index": i, "provider": e["provider"], "rule": e["rule"], "label": e["label"],
                 "findings": {t: sorted({r for _, r in results[(s, t)].get(i, [])}) for t in shown_tools if (s, t) in results},
                 **({"num_risk": e["num_risk"]} if "num_risk" in e else {}),
                 **({"contradicted": True} if e.get("contradicted") else {})}
                for s, exs in examples.items() for i, e in enumerate(exs)
            ],
        }
        with open(args.json, "w") as fh:
            json.dump(res, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
