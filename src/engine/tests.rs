//! Tests of the rule set: keyword gating, windows, path scopes and overlaps.

use super::*;
use crate::rules;

fn set(yaml: &str) -> RuleSet {
    RuleSet::new(rules::parse("test.yml", yaml).unwrap())
}

const TOKEN_RULE: &str = r#"
rules:
  - id: demo-token
    name: Demo token
    severity: high
    keywords: [dmo_]
    pattern: '\b(dmo_[A-Za-z0-9]{20})\b'
    remediation: Revoke it.
"#;

#[test]
fn finds_tokens_only_near_keywords() {
    let s = set(TOKEN_RULE);
    let text = b"a = 1\nkey = 'dmo_Ab3dEf6hIj9kLm2nOp5q'\nother dmo_short\n";
    assert_eq!(s.find_secrets(text), vec!["dmo_Ab3dEf6hIj9kLm2nOp5q"]);
    assert!(s.find_secrets(b"nothing here").is_empty());
}

const SCOPED_RULES: &str = r#"
rules:
  - id: pass-file
    name: Password file line
    severity: high
    path: '(?:^|/)\.passfile$'
    pattern: '(?m)^[^:\n]+:(?P<secret>[^:\n]{8,})$'
    remediation: Rotate it.
  - id: scoped-token
    name: Scoped token
    severity: high
    keywords: [dmo_]
    path: '\.env$'
    pattern: '\b(dmo_[A-Za-z0-9]{20})\b'
    remediation: Revoke it.
"#;

#[test]
fn path_scoped_rules_apply_only_to_their_files() {
    let s = set(SCOPED_RULES);
    let text = b"# accounts\nalice:Q8v2LmZr7Tx\ntoken dmo_Ab3dEf6hIj9kLm2nOp5q\n";
    // No path (stdin, a decoded piece without a file): neither scoped rule applies.
    assert!(s.find_secrets(text).is_empty());
    assert!(s.find_secrets_in(text, Some("docs/notes.txt")).is_empty());
    // The keyword-less rule reads its whole file; the keyword rule needs its keyword too.
    assert_eq!(
        s.find_secrets_in(text, Some("home/.passfile")),
        vec!["Q8v2LmZr7Tx"]
    );
    assert_eq!(
        s.find_secrets_in(text, Some("app/.env")),
        vec!["dmo_Ab3dEf6hIj9kLm2nOp5q"]
    );
    // Scope is decided per blob: a scratch reused across paths keeps no stale scope.
    let mut scratch = Scratch::default();
    let mut out = Vec::new();
    s.scan_path(text, Some(".passfile"), &mut scratch, &mut out);
    assert_eq!(out.len(), 1);
    out.clear();
    s.scan_path(text, Some("README"), &mut scratch, &mut out);
    assert!(out.is_empty());
}

#[test]
fn keyword_is_case_insensitive_but_regex_decides() {
    let s = set(TOKEN_RULE);
    assert!(s.find_secrets(b"DMO_Ab3dEf6hIj9kLm2nOp5q").is_empty());
}

/// Keywords are bytes: a label in another script (`密码`, `пароль`) gates its rule like an ASCII
/// one, exactly (ASCII case folding leaves non-ASCII bytes as they are).
#[test]
fn non_ascii_keywords_gate_their_rules() {
    let s = set(r#"
rules:
  - id: label-token
    name: Label token
    severity: high
    keywords: ["密码", "ароль"]
    pattern: '(?:密码|(?:П|п)ароль)(?::|：)[ \t]*(?P<secret>[A-Za-z0-9]{12})'
    remediation: Rotate it.
"#);
    assert_eq!(
        s.find_secrets("服务器\n密码：Kq7vLz3mTw9x\n".as_bytes()),
        vec!["Kq7vLz3mTw9x"]
    );
    assert_eq!(
        s.find_secrets("Пароль: Zt4vQm8kLpWx".as_bytes()),
        vec!["Zt4vQm8kLpWx"]
    );
    assert!(s.find_secrets("密钥：Kq7vLz3mTw9x".as_bytes()).is_empty());
}

#[test]
fn word_boundary_sees_context_before_window() {
    let s = set(TOKEN_RULE);
    assert!(s.find_secrets(b"xdmo_Ab3dEf6hIj9kLm2nOp5q").is_empty());
}

#[test]
fn many_hits_give_each_match_once() {
    let s = set(TOKEN_RULE);
    let line = "dmo_Ab3dEf6hIj9kLm2nOp5q dmo_Zb3dEf6hIj9kLm2nOp5q\n".repeat(50);
    assert_eq!(s.find_secrets(line.as_bytes()).len(), 100);
}

const GENERIC_RULE: &str = "\n  - id: generic-secret\n    name: Generic\n    severity: medium\n    generic: true\n    keywords: [key]\n    pattern: 'key\\s*=\\s*.([^''\"]+)'\n    remediation: Rotate it.\n";

#[test]
fn generic_gives_way_to_provider_rule() {
    let s = set(&format!("{TOKEN_RULE}{GENERIC_RULE}"));
    let mut out = Vec::new();
    s.scan(
        b"key = 'dmo_Ab3dEf6hIj9kLm2nOp5q'",
        &mut Scratch::default(),
        &mut out,
    );
    assert_eq!(out.len(), 1);
    assert_eq!(s.rule(out[0].rule).id, "demo-token");
}

#[test]
fn generic_rule_skips_a_malformed_provider_token() {
    let s = set(&format!("{TOKEN_RULE}{GENERIC_RULE}"));
    // The provider prefix with a body far too short: neither rule reports it.
    assert!(s.find_secrets(b"key = 'dmo_Ab3dE9'").is_empty());
    // Any other value is still the generic rule's.
    assert_eq!(
        s.find_secrets(b"key = 'Qm7ZpW2xR9tLk4Vb'"),
        vec!["Qm7ZpW2xR9tLk4Vb"]
    );
}

#[test]
fn overlapping_generic_matches_keep_the_tighter_secret() {
    let yaml = "rules:\n  - id: wide\n    name: W\n    severity: low\n    generic: true\n    keywords: [pwd=]\n    pattern: 'pwd=(\\S+)'\n    remediation: r\n  - id: tight\n    name: T\n    severity: low\n    generic: true\n    keywords: [pwd=]\n    pattern: 'pwd=([^;\\s]+)'\n    remediation: r\n";
    let s = set(yaml);
    let mut out = Vec::new();
    s.scan(b"x;pwd=Kd82jfLq0Pz7;a=b", &mut Scratch::default(), &mut out);
    assert_eq!(out.len(), 1);
    assert_eq!(s.rule(out[0].rule).id, "tight");
}

#[test]
fn fallback_rule_gives_way_to_a_provider_rule() {
    let yaml = format!(
            "{TOKEN_RULE}\n  - id: broad\n    name: Broad\n    severity: low\n    fallback: true\n    keywords: [dmo_]\n    pattern: '(dmo_[A-Za-z0-9]+)'\n    remediation: Rotate it.\n"
        );
    let s = set(&yaml);
    let mut out = Vec::new();
    s.scan(
        b"k = dmo_Ab3dEf6hIj9kLm2nOp5q",
        &mut Scratch::default(),
        &mut out,
    );
    assert_eq!(out.len(), 1);
    assert_eq!(s.rule(out[0].rule).id, "demo-token");
    assert_eq!(
        s.find_secrets(b"k = dmo_Ab3dEf6hIj9kLm2nOp5q9"),
        vec!["dmo_Ab3dEf6hIj9kLm2nOp5q9"]
    );
}

#[test]
fn bad_regex_is_recorded_not_panicked() {
    let s = RuleSet::new(
            rules::parse(
                "t.yml",
                "rules:\n  - id: broken\n    name: B\n    severity: low\n    keywords: [abc]\n    pattern: '(abc'\n    remediation: r\n",
            )
            .unwrap(),
        );
    assert!(s.find_secrets(b"abc").is_empty());
    assert_eq!(s.errors().len(), 1);
}
