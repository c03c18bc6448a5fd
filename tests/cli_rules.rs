//! `leakhound rules list | explain | check` end to end.

mod support;

use std::path::Path;
use support::{leakhound_cmd, output, write};

#[test]
fn list_and_explain() {
    let (code, stdout, _) = output(leakhound_cmd(Path::new(".")).args(["rules", "list"]));
    assert_eq!(code, 0);
    assert!(stdout.contains("github-pat-classic"));
    let (code, stdout, _) =
        output(leakhound_cmd(Path::new(".")).args(["rules", "explain", "github-pat-classic"]));
    assert_eq!(code, 0);
    assert!(
        stdout.contains("remediation:") && stdout.contains("reference:"),
        "{stdout}"
    );
    let (code, _, stderr) =
        output(leakhound_cmd(Path::new(".")).args(["rules", "explain", "no-such-rule"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("no-such-rule"));
}

const GOOD: &str = r#"rules:
  - id: acme-key
    name: ACME key
    severity: high
    keywords: [acme_]
    pattern: '\b(acme_[a-z0-9]{12})\b'
    remediation: Revoke it in the ACME console.
    examples: ['k = acme_q8z3k1m9x2p7']
    negative_examples: ['acme_short']
"#;

#[test]
fn check_accepts_a_good_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.yml", GOOD);
    let (code, stdout, stderr) = output(
        leakhound_cmd(Path::new("."))
            .current_dir(dir.path())
            .args(["rules", "check", "good.yml"]),
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("1 rule in 1 file"), "{stdout}");
}

#[test]
fn check_names_file_line_rule_and_problem() {
    let cases = [
        (
            GOOD.replace("(acme_", "(acme_(").to_string(),
            "does not compile",
        ),
        (
            GOOD.replace("'\\b(acme_[a-z0-9]{12})\\b'", "'acme_[a-z0-9]{12}'"),
            "no capture group",
        ),
        (
            GOOD.replace("k = acme_q8z3k1m9x2p7", "k = acme_nope"),
            "example does not match",
        ),
        (
            GOOD.replace("acme_short", "acme_q8z3k1m9x2p8"),
            "negative example matches",
        ),
        (
            format!("{GOOD}{}", GOOD.trim_start_matches("rules:\n")),
            "duplicate id",
        ),
        (
            GOOD.replace("keywords: [acme_]", "keywords: [ac]"),
            "shorter than 3",
        ),
        (
            GOOD.replace("severity: high", "severity: urgent"),
            "bad.yml",
        ),
        ("rules: [\n".to_string(), "bad.yml"),
    ];
    for (text, problem) in cases {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "bad.yml", &text);
        let (code, _, stderr) = output(
            leakhound_cmd(Path::new("."))
                .current_dir(dir.path())
                .args(["rules", "check", "bad.yml"]),
        );
        assert_eq!(code, 2, "{problem}: {stderr}");
        assert!(stderr.contains(problem), "expected {problem:?} in {stderr}");
        assert!(stderr.contains("bad.yml"), "{stderr}");
        if problem != "bad.yml" {
            assert!(
                stderr.contains("acme-key") && stderr.contains("bad.yml:"),
                "{stderr}"
            );
        }
    }
}

#[test]
fn path_scoped_rule_applies_only_to_files_its_path_names() {
    let dir = tempfile::tempdir().unwrap();
    let config = r#"rules:
  - id: acme-credentials-file
    name: ACME CLI credentials file
    severity: high
    path: '(?:^|/)\.acme/credentials$'
    pattern: '(?m)^login\s+(?P<secret>[a-z0-9]{12})$'
    remediation: Revoke it in the ACME console.
    examples:
      - {text: 'login q8z3k1m9x2p7', path: .acme/credentials, secret: q8z3k1m9x2p7}
"#;
    write(dir.path(), "leakhound.yml", config);
    write(dir.path(), "home/.acme/credentials", "login q8z3k1m9x2p7\n");
    write(dir.path(), "notes/credentials.txt", "login q8z3k1m9x2p7\n");
    let (code, stdout, stderr) =
        output(leakhound_cmd(Path::new(".")).current_dir(dir.path()).args([
            "scan",
            ".",
            "--config",
            "leakhound.yml",
            "--format",
            "json",
        ]));
    assert_eq!(code, 1, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let hits: Vec<(&str, &str)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule_id"].as_str().unwrap(), f["path"].as_str().unwrap()))
        .filter(|(rule, _)| *rule == "acme-credentials-file")
        .collect();
    assert_eq!(
        hits,
        vec![("acme-credentials-file", "home/.acme/credentials")]
    );
    let (code, stdout, _) = output(leakhound_cmd(Path::new(".")).current_dir(dir.path()).args([
        "rules",
        "check",
        "leakhound.yml",
    ]));
    assert_eq!(code, 0, "{stdout}");
}

/// A user rule without severity or remediation: `rules check` warns about each default, and a
/// scan reports its findings as medium with the generic remediation in "What to do".
#[test]
fn user_rules_without_severity_or_remediation_get_defaults_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let bare = GOOD
        .replace("    severity: high\n", "")
        .replace("    remediation: Revoke it in the ACME console.\n", "");
    write(dir.path(), "rules.yml", &bare);
    let (code, stdout, stderr) =
        output(leakhound_cmd(Path::new(".")).current_dir(dir.path()).args([
            "rules",
            "check",
            "rules.yml",
        ]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("1 rule in 1 file"), "{stdout}");
    assert!(
        stderr
            .contains("warning: rules.yml:2: rule `acme-key`: no severity; it defaults to medium"),
        "{stderr}"
    );
    assert!(
        stderr.contains("rule `acme-key`: no remediation"),
        "{stderr}"
    );

    write(dir.path(), "app.env", "ACME=acme_q8z3k1m9x2p7\n");
    let (code, stdout, stderr) =
        output(leakhound_cmd(Path::new(".")).current_dir(dir.path()).args([
            "scan",
            "--config",
            "rules.yml",
            "app.env",
        ]));
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.contains("medium"), "{stdout}");
    assert!(stdout.contains("What to do"), "{stdout}");
    assert!(
        stdout.contains("ACME key (acme-key): 1 finding, medium"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Revoke the credential where it was issued"),
        "{stdout}"
    );
}

/// A regex error names file, line and rule, and shows the parser's message with a caret under
/// the offending span.
#[test]
fn regex_errors_show_the_parsers_message_and_span() {
    let cases = [
        (GOOD.replace("(acme_", "(acme_("), "unclosed group"),
        (
            GOOD.replace("[a-z0-9]{12}", "[z-a0-9]{12}"),
            "invalid character class range",
        ),
        (
            GOOD.replace(
                "    keywords:",
                "    path: '(?:^|/)conf[ig$'\n    keywords:",
            ),
            "path pattern does not compile: unclosed character class",
        ),
    ];
    for (text, message) in cases {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "bad.yml", &text);
        let (code, _, stderr) = output(
            leakhound_cmd(Path::new("."))
                .current_dir(dir.path())
                .args(["rules", "check", "bad.yml"]),
        );
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains("bad.yml:2: rule `acme-key`"), "{stderr}");
        assert!(stderr.contains(message), "{message}: {stderr}");
        assert!(stderr.contains('^'), "a caret under the span: {stderr}");
        assert!(!stderr.contains("error parsing pattern 0"), "{stderr}");
    }
}

#[test]
fn rules_list_prints_one_line_per_rule_and_the_count_on_stderr() {
    let (code, stdout, stderr) = output(leakhound_cmd(Path::new(".")).args(["rules", "list"]));
    assert_eq!(code, 0);
    let lines = stdout.lines().count();
    assert!(lines > 100, "{lines}");
    assert!(stdout.lines().all(|l| !l.ends_with(" rules")));
    assert_eq!(stderr.trim(), format!("{lines} rules"));
}
