"""Self-test of the extraction logic on synthetic input written here (no peer repository needed).

Run: python3 benches/devset/devset.py --self-test
"""

import random
import re
import zlib

import devset
import goeval
import regen
import yamlex

UTILS_GO = r'''
package utils

import "fmt"

func Hex(size string) string {
	return fmt.Sprintf(`[a-f0-9]{%s}`, size)
}

func AlphaNumeric(size string) string {
	return fmt.Sprintf(`[a-z0-9]{%s}`, size)
}

func GenerateSampleSecret(identifier string, secret string) string {
	return fmt.Sprintf("%s_api_token = \"%s\"", identifier, secret)
}

func GenerateSampleSecrets(identifier string, secret string) []string {
	samples := map[string]string{
		"env":  "{I}_KEY={s}",
		"yaml": "{i}_key: '{s}'",
		// "disabled": "{i} {s}",
		"json": "{\n  \"{i}\": \"{s}\"\n}",
	}
	replacer := strings.NewReplacer("{i}", identifier, "{I}", strings.ToUpper(identifier), "{s}", secret)
	cases := make([]string, 0, len(samples))
	for _, v := range samples {
		cases = append(cases, replacer.Replace(v))
	}
	return cases
}
'''

RULES_GO = r'''
package rules

import (
	"fmt"
	b64 "encoding/base64"
)

var prefix = "zq" + "x_"

func ZqxToken() *config.Rule {
	r := config.Rule{
		RuleID:   "zqx-token",
		Regex:    utils.GenerateUniqueTokenRegex(`zqx_[a-f0-9]{32}`, false),
		Entropy:  3,
		Keywords: []string{"zqx_"},
	}
	tps := utils.GenerateSampleSecrets("zqx", prefix+secrets.NewSecret(utils.Hex("32")))
	tps = append(tps,
		`raw "string" \n kept`, // comment
		"joined " +
			"over lines",
		fmt.Sprintf("token=%s-%d", secrets.NewSecret(`[A-Z]{4}`), 7),
		utils.GenerateSampleSecret("zqx", "v"),
		mystery("x"),
		b64.StdEncoding.EncodeToString([]byte("hi")),
	)
	tps = append(tps, helper("h")...)
	fps := []string{
		"zqx_" + strings.Repeat("0", 32),
		"escaped\ttab\x41\u00e9",
	}
	return utils.Validate(r, tps, fps)
}

func helper(p string) []string {
	var out []string
	for _, s := range []string{"a", "b"} {
		out = append(out, p+s)
	}
	return out
}

func ZqxPaths() *config.Rule {
	r := config.Rule{RuleID: "zqx-path"}
	tps := map[string]string{
		"conf/app.cfg": `key = 1`,
	}
	return utils.ValidateWithPaths(r, tps, nil)
}

func ZqxEntropy() *config.Rule {
	r := config.Rule{RuleID: "zqx-entropy"}
	tps := []string{secrets.NewSecretWithEntropy(`[a-z]{3}[0-9]{20}`, 2.5)}
	return utils.Validate(r, tps, nil)
}
'''

RULES_YAML = r"""rules:
  - name: Zqx token
    id: demo.zqx.1
    pattern: |
      (?x)
      zqx_[a-f0-9]{32}
    examples:
      - zqx_plain value # a comment
      - 'single ''quoted'' value'
      - "double \"quoted\"\tvalue\u0041"
      - |
        line one
          indented two
        line three
      - |-
        no trailing newline
      - >
        folded
        text
      - 'multi
        line single'
    negative_examples:
      - zqx_short
    references:
      - https://example.invalid/docs

  - id: demo.zqx.2
    name: 'Second'
    visible: false
    examples: # a comment after the key
    - at the key's indent
    - "two"
"""


TH_TEST_GO = r'''
package zqxcloud

var (
	validPattern = "zq_" + "abc123"
	keyword      = "zqx"
)

func helper() string { return "positional " + validPattern }

func TestZqx_Pattern(t *testing.T) {
	d := Scanner{}
	tests := []struct {
		name  string
		input string
		want  []string
	}{
		{
			name:  "valid",
			input: fmt.Sprintf("%s token = '%s'", keyword, validPattern),
			want:  []string{validPattern},
		},
		{name: "twice", input: validPattern + " and " + validPattern, want: []string{validPattern}},
		{name: "invalid", input: fmt.Sprintf("%s = '%s'", keyword, "zq_?"), want: nil},
		{name: "missing want", input: fmt.Sprintf("%s %q", keyword, "nothing")},
		{name: "unknown", input: mystery(keyword), want: []string{"x"}},
	}
	for _, test := range tests {
		_ = test
	}
}

func TestZqx_Other(t *testing.T) {
	local := helper()
	tests := []struct {
		name  string
		input string
		want  []string
	}{
		{"positional", local, []string{"zq_abc123"}},
	}
	cases := []struct {
		name string
		code int
	}{{"x", 1}}
	_ = cases
	other := []struct {
		data string
		ok   bool
	}{{"zq_abc123", true}}
	_, _ = tests, other
}
'''


def check(cond, what, failures):
    if not cond:
        failures.append(what)


def run():
    failures = []

    # Go test tables
    it = goeval.Interp({"rules/zqx.go": RULES_GO}, {"utils/generate.go": UTILS_GO})
    check(it.samples is not None and len(it.samples) == 3, "sample templates read from the map literal", failures)
    recs = {}
    skips = []
    for f in it.rule_roots():
        ctx = it.run_root(f, random.Random(1))
        skips += ctx.skips
        for rid, pos, neg in ctx.records:
            recs[rid] = (pos, neg)
    check(set(recs) == {"zqx-token", "zqx-path", "zqx-entropy"}, "three rules recorded: %s" % sorted(recs), failures)
    pos, neg = recs.get("zqx-token", ([], []))
    env = [p for p in pos if p.startswith("ZQX_KEY=")]
    check(len(env) == 1 and re.fullmatch(r"ZQX_KEY=zqx_[a-f0-9]{32}", env[0]), "GenerateSampleSecrets + NewSecret(Hex)", failures)
    check(any(p.startswith('{\n  "zqx": "zqx_') for p in pos), "JSON template with escapes", failures)
    check('raw "string" \\n kept' in pos, "raw string kept verbatim", failures)
    check("joined over lines" in pos, "concatenation across lines", failures)
    check(any(re.fullmatch(r"token=[A-Z]{4}-7", p) for p in pos), "fmt.Sprintf with %s and %d", failures)
    check('zqx_api_token = "v"' in pos, "utils function evaluated from its Go source", failures)
    check("aGk=" in pos, "base64 encoding", failures)
    check("ha" in pos and "hb" in pos, "helper function with a range loop", failures)
    check(len(pos) == 3 + 6 - 1 + 2, "positives counted (one skipped): %d" % len(pos), failures)
    check(any("mystery" in s for s in skips) and len(skips) == 1, "unknown call skipped and counted: %s" % skips, failures)
    check(neg == ["zqx_" + "0" * 32, "escaped\ttabA\u00e9"], "negatives and Go escapes: %r" % (neg,), failures)
    check(recs.get("zqx-path", ({},))[0] == {"conf/app.cfg": "key = 1"}, "path-keyed true positives", failures)
    ent = recs.get("zqx-entropy", ([""],))[0][0]
    check(re.fullmatch(r"[a-z]{3}[0-9]{20}", ent) is not None, "NewSecretWithEntropy", failures)
    # deterministic
    it2 = goeval.Interp({"rules/zqx.go": RULES_GO}, {"utils/generate.go": UTILS_GO})
    again = [r for f in it2.rule_roots() for r in it2.run_root(f, random.Random(1)).records]
    check(again and again[0][1] == recs.get(again[0][0], (None,))[0], "same seed, same examples", failures)

    # YAML rule files
    rules = yamlex.rules_examples(RULES_YAML)
    check([r[0] for r in rules] == ["demo.zqx.1", "demo.zqx.2"], "rule ids: %s" % [r[0] for r in rules], failures)
    if len(rules) == 2:
        ex = rules[0][2]
        want = [
            "zqx_plain value",
            "single 'quoted' value",
            'double "quoted"\tvalueA',
            "line one\n  indented two\nline three\n",
            "no trailing newline",
            "folded text\n",
            "multi line single",
        ]
        check(ex == want, "YAML scalars: %r" % (ex,), failures)
        check(rules[0][3] == ["zqx_short"], "negative examples", failures)
        check(rules[1][2] == ["at the key's indent", "two"], "sequence at the key's indent: %r" % (rules[1][2],), failures)
        check(rules[0][4] and not rules[1][4], "visible: false read", failures)

    # regex generator
    rng = random.Random(7)
    for pat in [r"[a-f0-9]{32}", r"(?i)xox[bp]-\d{10,13}-[a-zA-Z0-9]{24}", r"AKIA[A-Z2-7]{16}",
                r"(?:ab|cd)+[[:alnum:]]{4}\.x?", r"[^\s]{5}", r"tok_[\w-]{8,}", r"(?P<x>q)\d{2}(?i:z)"]:
        for _ in range(20):
            s = regen.generate(pat, rng)
            ok = re.fullmatch(regen.go_to_python(pat), s) is not None
            check(ok, "generated %r does not match %r" % (s, pat), failures)
            if not ok:
                break
    try:
        regen.generate(r"(unclosed", rng)
        failures.append("bad regex must raise")
    except regen.RegexError:
        pass

    # provider labels
    check(devset.provider_name("data/rules/slack.yml") == "slack", "provider from a YAML name", failures)
    check(devset.provider_name("cmd/generate/config/rules/slack.go") == "slack", "provider from a Go name", failures)
    check(devset.provider_name("crates.io.yml") == devset.provider_name("cratesio.go"), "punctuation ignored", failures)
    check(devset.provider_name("onepassword.yml") == devset.provider_name("1password.go"), "alias", failures)

    # GitHub/npm checksum recognition (a token made here with its CRC32)
    body = "".join(random.Random(3).choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789") for _ in range(30))
    v, digits = zlib.crc32(body.encode()), ""
    for _ in range(6):
        digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"[v % 62] + digits
        v //= 62
    good = "ghp_" + body + digits
    bad = "ghp_" + body + ("000000" if digits != "000000" else "000001")
    check(not devset.checksum_rejected("t=" + good) and devset.checksum_rejected("t=" + bad), "CRC32 check", failures)

    # TruffleHog-style pattern test tables (a synthetic detector package)
    class FakeMirror:
        def __init__(self, blobs):
            self.blobs = blobs

        def files(self, prefix=""):
            return [p for p in self.blobs if p.startswith(prefix)]

        def read(self, paths):
            return {p: self.blobs[p].encode() for p in paths}

    th = FakeMirror({
        "pkg/detectors/zqxcloud/v2/zqxcloud_test.go": TH_TEST_GO,
        "pkg/detectors/zqxcloud/zqxcloud_integration_test.go": TH_TEST_GO,
        "pkg/detectors/detectors_test.go": TH_TEST_GO,
    })
    exs, st = devset.extract_trufflehog(th, "trufflehog")
    got = [(e["label"], e["text"]) for e in exs]
    want = [("pos", "positional zq_abc123"), ("pos", "zqx token = 'zq_abc123'"), ("pos", "zq_abc123 and zq_abc123"),
            ("neg", "zqx = 'zq_?'"), ("neg", 'zqx "nothing"')]
    check(got == want, "trufflehog cases: %r" % (got,), failures)
    check({e["provider"] for e in exs} == {"zqxcloud"}, "trufflehog provider label is the detector directory", failures)
    check(st["skipped"] == 1 and st["tables"] == 2 and st["tables_other"] == 2, "trufflehog stats %r" % (dict(st),), failures)

    # scoring: positives, negatives, leaky-repo line credit
    exs = {
        "kingfisher": [{"label": "pos"}, {"label": "pos"}, {"label": "neg"}],
        "leaky-repo": [{"label": "pos", "num_risk": 3}, {"label": "pos", "num_risk": 1}, {"label": "neg", "num_risk": 0}],
    }
    res = {("kingfisher", "leakhound"): {0: [[1, "r"]], 2: [[1, "r"]]},
           ("leaky-repo", "leakhound"): {0: [[1, "a"], [1, "b"], [4, "c"]], 1: [[1, "a"], [2, "a"]]}}
    t = devset.score(exs, res, ["leakhound"])
    k = t[("kingfisher", "leakhound")]
    check((k["found"], k["pos"], k["flagged"], k["neg"]) == (1, 2, 1, 1), "example scoring %s" % k, failures)
    lr = t[("leaky-repo", "leakhound")]
    check((lr["risk_hit"], lr["risk"], lr["flagged"]) == (3, 4, 0), "leaky-repo line credit %s" % lr, failures)

    for f in failures:
        print("FAIL:", f)
    print("self-test: %s (%d failures)" % ("ok" if not failures else "FAILED", len(failures)))
    return 1 if failures else 0
