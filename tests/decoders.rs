//! The decoders through the real binary: secrets under base64 (a Kubernetes Secret), JSON string
//! escapes (a notebook) and percent-encoding are reported at the encoded text, redacted, once.

use assert_cmd::Command;
use base64::Engine as _;

fn b64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(text)
}

fn scan_json(dir: &std::path::Path) -> serde_json::Value {
    let out = Command::cargo_bin("leakhound")
        .unwrap()
        .args(["scan", "--format", "json", "-q"])
        .arg(dir)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn findings(report: &serde_json::Value) -> Vec<(String, String, u64, u64, String)> {
    let mut rows: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_string(),
                f["rule_id"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["snippet"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    rows.sort();
    rows
}

#[test]
fn encoded_secrets_are_found_at_the_encoded_text() {
    let dir = tempfile::tempdir().unwrap();
    let password = "Kd82jfLq0Pz7Wm3n";
    let url = "postgres://app:38AibNyyurlGFb0E@db.internal:5432/app";
    std::fs::write(
        dir.path().join("secret.yaml"),
        format!(
            "apiVersion: v1\nkind: Secret\ndata:\n  username: {}\n  password: {}\n  url: {}\n",
            b64("app_user"),
            b64(password),
            b64(url)
        ),
    )
    .unwrap();
    let notebook = serde_json::json!({"cells": [{"cell_type": "code", "source": [
        "import requests\n",
        "api_key = \"ffDQrM0O8jcBTJnUXTEMZ67WTzdEfrCz\"\n"
    ]}]});
    std::fs::write(
        dir.path().join("nb.ipynb"),
        serde_json::to_string_pretty(&notebook).unwrap(),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("link.txt"),
        "go to https://app.corp/cb?cfg=%7B%22client_secret%22%3A%22MCb1iLc4FCcgR2hfuMMZ%22%7D now\n",
    )
    .unwrap();
    let report = scan_json(dir.path());
    let rows = findings(&report);
    let text = serde_json::to_string(&report).unwrap();
    for secret in [
        password,
        "38AibNyyurlGFb0E",
        "ffDQrM0O8jcBTJnUXTEMZ67WTzdEfrCz",
        "MCb1iLc4FCcgR2hfuMMZ",
    ] {
        assert!(!text.contains(secret), "report leaks {secret}");
    }
    let summary: Vec<_> = rows
        .iter()
        .map(|r| (r.0.as_str(), r.1.as_str(), r.2, r.3))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("link.txt", "generic-secret", 1, 59),
            ("nb.ipynb", "generic-api-key", 7, 22),
            ("secret.yaml", "generic-config-secret", 5, 13),
            ("secret.yaml", "postgres-connection-uri", 6, 28),
        ]
    );
    assert!(rows[0].4.starts_with("[percent-encoded] "));
    assert!(rows[1].4.starts_with("[json-escaped] "));
    assert!(rows[2].4.starts_with("[base64] "));
}

#[test]
fn plain_and_encoded_copies_are_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    let line = "DB_PASSWORD=mrkiJT6gjqAmJTWs";
    std::fs::write(
        dir.path().join(".env"),
        format!("{line}\nCOPY={}\n", b64(line)),
    )
    .unwrap();
    let rows = findings(&scan_json(dir.path()));
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!((rows[0].2, rows[0].3), (1, 13));
}

#[test]
fn each_encoded_occurrence_is_reported() {
    // One password under two keys of a Secret manifest, and a third time in a notebook cell:
    // three lines leak it, three findings, one per occurrence and none twice.
    let dir = tempfile::tempdir().unwrap();
    let password = "Wq7vLx2RtZp9Kd4m";
    std::fs::write(
        dir.path().join("secret.yaml"),
        format!(
            "apiVersion: v1\nkind: Secret\ndata:\n  password: {0}\n  postgres-password: {0}\n  user: {1}\n",
            b64(password),
            b64("app_user")
        ),
    )
    .unwrap();
    let rows = findings(&scan_json(dir.path()));
    let lines: Vec<_> = rows.iter().map(|r| (r.2, r.3)).collect();
    assert_eq!(lines, vec![(4, 13), (5, 22)], "{rows:?}");
}
