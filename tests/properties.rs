//! Property tests (proptest) of what every report promises, over generated files: no secret
//! survives a redaction that shows less than all of it, in any format; fingerprints stay put when
//! lines move and change with the rule, the secret or the path; and every reported position maps
//! back to the secret's own bytes, with CRLF, multi-byte and non-UTF-8 text, in JSON and SARIF.

use std::collections::BTreeMap;
use std::sync::OnceLock;
use std::time::Duration;

use leakhound::engine::RuleSet;
use leakhound::finding::{Finding, Fingerprint, Provenance, Redaction};
use leakhound::report::{self, Format, Report, ReportOptions, Stats};
use leakhound::scan::Scanner;
use leakhound::source::{Blob, BlobSink};
use proptest::prelude::*;
use serde_json::Value;

/// A rule whose secret may hold almost any character, so generated secrets are found as they are
/// (patterns match bytes: 256 bytes hold 60 four-byte characters).
const RULES: &str = r#"
rules:
  - id: prop-token
    name: Property token
    severity: high
    keywords: [proptok]
    pattern: 'proptok\s{0,3}[:=]\s{0,3}["'']?(?P<secret>[^\s"''<>\\%]{8,256})'
    remediation: Rotate it.
  - id: prop-other
    name: Other property token
    severity: low
    keywords: [othertok]
    pattern: 'othertok\s{0,3}[:=]\s{0,3}["'']?(?P<secret>[^\s"''<>\\%]{8,256})'
    remediation: Rotate it.
"#;

fn scanner() -> &'static Scanner {
    static SCANNER: OnceLock<Scanner> = OnceLock::new();
    SCANNER.get_or_init(|| {
        let rules = leakhound::rules::parse("prop.yml", RULES).unwrap();
        Scanner::new(RuleSet::new(rules), Vec::new(), u64::MAX)
    })
}

fn scan(bytes: &[u8], path: &str) -> Vec<Finding> {
    scanner().sink().scan(Blob {
        bytes,
        path,
        provenance: &Provenance::File,
        id: None,
    })
}

/// Every format of a report of `findings`, under `redaction`.
fn render(findings: Vec<Finding>, redaction: Redaction) -> BTreeMap<&'static str, String> {
    let rules = report::fired_rules(&findings, scanner().rules.rules());
    let report = Report {
        findings,
        stats: Stats::default(),
        errors: Vec::new(),
        notes: Vec::new(),
        rules,
        elapsed: Duration::ZERO,
        scans: Vec::new(),
        added_suppression: Vec::new(),
    };
    let mut out = BTreeMap::new();
    for (name, format) in [
        ("text", Format::Text),
        ("json", Format::Json),
        ("jsonl", Format::Jsonl),
        ("sarif", Format::Sarif),
        ("gitlab", Format::Gitlab),
        ("junit", Format::Junit),
        ("csv", Format::Csv),
    ] {
        let mut bytes = Vec::new();
        let options = ReportOptions {
            format,
            redaction,
            color: false,
        };
        report::write(&report, &options, &mut bytes).unwrap();
        out.insert(name, String::from_utf8(bytes).unwrap());
    }
    out
}

/// Characters a generated secret is made of: ASCII punctuation and letters, and multi-byte text
/// (no quote, space, backslash or `%`: the rule stops at those, and JSON would escape some).
const SECRET: &str = "[A-Za-z0-9+/=_.~!@#$^&*()|;,?é߀中😀-]{8,60}";

/// Text around a secret: anything but a keyword, with multi-byte characters.
const TEXT: &str = "[ a-z0-9_=:#\"'./é中😀\t-]{0,30}";

/// A line of a generated file, as bytes: text, or bytes that are not UTF-8.
fn line() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => TEXT.prop_map(String::into_bytes),
        1 => proptest::collection::vec(
            prop_oneof![Just(b'a'), Just(b' '), 0x80u8..=0xff, Just(0xc3u8), Just(0xe2u8)],
            0..20,
        ),
    ]
}

fn redaction() -> impl Strategy<Value = Redaction> {
    prop_oneof![
        Just(Redaction::Default),
        (0u8..=100).prop_map(Redaction::Hide),
        Just(Redaction::None),
    ]
}

/// A file: `before` lines, then `prefix` + the assignment of `secret` on one line, then `after`.
fn file(
    before: &[Vec<u8>],
    prefix: &[u8],
    assignment: &str,
    after: &[Vec<u8>],
    crlf: bool,
) -> (Vec<u8>, usize) {
    let eol: &[u8] = if crlf { b"\r\n" } else { b"\n" };
    let mut bytes = Vec::new();
    for l in before {
        bytes.extend_from_slice(l);
        bytes.extend_from_slice(eol);
    }
    bytes.extend_from_slice(prefix);
    let at = bytes.len();
    bytes.extend_from_slice(assignment.as_bytes());
    bytes.extend_from_slice(eol);
    for l in after {
        bytes.extend_from_slice(l);
        bytes.extend_from_slice(eol);
    }
    (bytes, at)
}

/// Characters as leakhound counts columns: Unicode scalar values, each invalid byte counting one.
fn columns(bytes: &[u8]) -> u32 {
    bytes
        .utf8_chunks()
        .map(|c| c.valid().chars().count() + c.invalid().len())
        .sum::<usize>() as u32
}

/// UTF-16 code units, invalid bytes counting one each (for SARIF's `utf16CodeUnits`).
fn utf16_units(bytes: &[u8]) -> u32 {
    bytes
        .utf8_chunks()
        .map(|c| c.valid().encode_utf16().count() + c.invalid().len())
        .sum::<usize>() as u32
}

/// Every byte as `%XX`, so the plain text holds no run of the secret's characters.
fn percent_encode(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}

/// Values the engine drops as placeholders are not reported at all: nothing to check.
fn reportable(secret: &str) -> bool {
    !leakhound::engine::placeholder::is_placeholder(secret.as_bytes())
}

fn base64(data: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(data)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        // CI runs from a clean tree: a failure prints its minimal input, nothing is written.
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Whatever the file and the encoding of the line, no report shows a secret that the
    /// redaction does not show whole.
    #[test]
    fn no_secret_survives_redaction(
        secret in SECRET,
        before in proptest::collection::vec(line(), 0..4),
        after in proptest::collection::vec(line(), 0..4),
        prefix in TEXT,
        encoding in 0..3u8,
        crlf in any::<bool>(),
        redaction in redaction(),
    ) {
        prop_assume!(!secret.contains("…") && reportable(&secret));
        let assignment = format!("proptok = \"{secret}\"");
        let line = match encoding {
            0 => assignment,
            1 => format!("blob: {}", base64(assignment.as_bytes())),
            _ => format!("https://example.net/cb?proptok={}", percent_encode(&secret)),
        };
        let (bytes, _) = file(&before, prefix.as_bytes(), &line, &after, crlf);
        let findings = scan(&bytes, "app/settings.env");
        let hidden = redaction.apply(&secret) != secret;
        for (format, text) in render(findings, redaction) {
            if hidden {
                prop_assert!(!text.contains(&secret), "{format} shows the secret under {redaction:?}");
            }
        }
    }

    /// A fingerprint survives lines moving around the secret and line-ending changes, and tells
    /// apart rules, secrets and paths.
    #[test]
    fn fingerprints_are_stable_and_distinct(
        secret in SECRET,
        other in SECRET,
        before in proptest::collection::vec(line(), 0..6),
        moved in proptest::collection::vec(line(), 0..6),
        crlf in any::<bool>(),
    ) {
        prop_assume!(reportable(&secret) && reportable(&other));
        let a = file(&before, b"", &format!("proptok = \"{secret}\""), &[], false).0;
        let b = file(&moved, b"  ", &format!("proptok: '{secret}'"), &before, crlf).0;
        let fa = scan(&a, "cfg/app.env");
        let fb = scan(&b, "cfg/app.env");
        prop_assert_eq!(fa.len(), 1);
        prop_assert_eq!(fb.len(), 1);
        prop_assert_eq!(&fa[0].fingerprint, &fb[0].fingerprint);
        let elsewhere = scan(&a, "cfg/other.env");
        prop_assert_ne!(&fa[0].fingerprint, &elsewhere[0].fingerprint);
        let other_rule = scan(&file(&before, b"", &format!("othertok = \"{secret}\""), &[], false).0, "cfg/app.env");
        prop_assert_ne!(&fa[0].fingerprint, &other_rule[0].fingerprint);
        if other != secret {
            let c = scan(&file(&before, b"", &format!("proptok = \"{other}\""), &[], false).0, "cfg/app.env");
            prop_assert_ne!(&fa[0].fingerprint, &c[0].fingerprint);
        }
    }

    /// Distinct (rule, secret, path) triples never share a fingerprint (paths and rule ids hold no
    /// NUL byte).
    #[test]
    fn fingerprint_inputs_do_not_run_together(
        rule in "[a-z-]{1,8}", secret in ".{0,12}", path in "[^\0]{1,12}",
        rule2 in "[a-z-]{1,8}", secret2 in ".{0,12}", path2 in "[^\0]{1,12}",
    ) {
        let same = (&rule, &secret, &path) == (&rule2, &secret2, &path2);
        let a = Fingerprint::compute(&rule, &secret, &path);
        let b = Fingerprint::compute(&rule2, &secret2, &path2);
        prop_assert_eq!(a == b, same);
    }

    /// Every position maps back to the secret's bytes: lines count `\n`, columns count characters
    /// (each invalid byte one), in the finding and in JSON and SARIF.
    #[test]
    fn positions_map_back_to_the_secret(
        secret in SECRET,
        before in proptest::collection::vec(line(), 0..5),
        after in proptest::collection::vec(line(), 0..3),
        prefix in line(),
        percent in any::<bool>(),
        crlf in any::<bool>(),
    ) {
        let written = if percent { percent_encode(&secret) } else { secret.clone() };
        let assignment = if percent {
            format!("?proptok={written}")
        } else {
            format!("proptok = \"{written}\"")
        };
        prop_assume!(reportable(&secret));
        prop_assume!(!prefix.windows(7).any(|w| w.eq_ignore_ascii_case(b"proptok")));
        let (bytes, at) = file(&before, &prefix, &assignment, &after, crlf);
        let findings = scan(&bytes, "a b/é.env");
        prop_assert_eq!(findings.len(), 1, "{:?}", String::from_utf8_lossy(&bytes));
        let f = &findings[0];
        prop_assert_eq!(f.secret.expose(), secret.as_str());
        let start = at + assignment.len() - written.len() - usize::from(!percent);
        let end = start + written.len();
        let line_start = bytes[..start].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let line = before.len() as u32 + 1;
        prop_assert_eq!((f.start.line, f.end.line), (line, line));
        prop_assert_eq!(f.start.column, columns(&bytes[line_start..start]) + 1);
        prop_assert_eq!(f.end.column, columns(&bytes[line_start..end]) + 1);

        let outputs = render(findings.clone(), Redaction::Default);
        let json: Value = serde_json::from_str(&outputs["json"]).unwrap();
        let j = &json["findings"][0];
        prop_assert_eq!(j["line"].as_u64(), Some(line as u64));
        prop_assert_eq!(j["column"].as_u64(), Some(f.start.column as u64));
        prop_assert_eq!(j["end_column"].as_u64(), Some(f.end.column as u64));

        let sarif: Value = serde_json::from_str(&outputs["sarif"]).unwrap();
        let run = &sarif["runs"][0];
        let count = match run["columnKind"].as_str() {
            Some("utf16CodeUnits") => utf16_units,
            _ => columns,
        };
        let region = &run["results"][0]["locations"][0]["physicalLocation"]["region"];
        prop_assert_eq!(region["startLine"].as_u64(), Some(line as u64));
        prop_assert_eq!(region["startColumn"].as_u64(), Some(count(&bytes[line_start..start]) as u64 + 1));
        prop_assert_eq!(region["endColumn"].as_u64(), Some(count(&bytes[line_start..end]) as u64 + 1));
    }
}

/// The rule pack's own examples, scanned with the whole pack: under the default redaction and
/// partial ones, no report shows any example's secret whole.
#[test]
fn no_pack_example_secret_survives_redaction() {
    let rules = leakhound::rules::load_embedded_with_examples().unwrap();
    let pack = Scanner::new(
        RuleSet::new(leakhound::rules::load_embedded().unwrap()),
        Vec::new(),
        u64::MAX,
    );
    let mut checked = 0;
    for rule in &rules {
        for example in &rule.examples {
            let path = example.path().unwrap_or("config/app.env");
            let findings = pack.sink().scan(Blob {
                bytes: example.text().as_bytes(),
                path,
                provenance: &Provenance::File,
                id: None,
            });
            let secrets: Vec<String> = findings
                .iter()
                .map(|f| f.secret.expose().to_string())
                .collect();
            let rule_map = findings
                .iter()
                .filter_map(|f| {
                    let r = pack.rules.rules().find(|r| r.id == f.rule_id)?;
                    Some((f.rule_id.clone(), r.clone()))
                })
                .collect::<BTreeMap<_, _>>();
            for redaction in [Redaction::Default, Redaction::Hide(75)] {
                let report = Report {
                    findings: findings.clone(),
                    stats: Stats::default(),
                    errors: Vec::new(),
                    notes: Vec::new(),
                    rules: rule_map.clone(),
                    elapsed: Duration::ZERO,
                    scans: Vec::new(),
                    added_suppression: Vec::new(),
                };
                for format in [Format::Text, Format::Json, Format::Sarif, Format::Gitlab] {
                    let mut out = Vec::new();
                    let options = ReportOptions {
                        format,
                        redaction,
                        color: false,
                    };
                    report::write(&report, &options, &mut out).unwrap();
                    let text = String::from_utf8(out).unwrap();
                    for secret in &secrets {
                        // JSON escapes quotes and backslashes: compare with the escaped form too.
                        let escaped = serde_json::to_string(secret).unwrap();
                        let escaped = &escaped[1..escaped.len() - 1];
                        assert!(
                            !text.contains(secret.as_str()) && !text.contains(escaped),
                            "rule {}: {format:?} under {redaction:?} shows a secret of {} characters",
                            rule.id,
                            secret.chars().count()
                        );
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 1000, "{checked}");
}
