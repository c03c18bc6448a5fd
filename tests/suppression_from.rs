//! Who may suppress: `git --config-from REV --baseline-from REV --no-allow-comments` takes the
//! config and baseline from REV's tree (a pull request's base) and lets no allow comment hide a
//! finding, so a change cannot silence its own findings; what the change adds to suppression is
//! listed in the JSON and SARIF summaries, never with the secret.

mod support;

use serde_json::Value;
use support::*;

/// Every way a change can try to silence its own finding, in one commit on top of `base`.
const CONFIG: &str = "disable: [aws-access-key-id]\n\
allowlists:\n  - paths: ['**']\n  - stopwords: [a, b, c, d, e, f]\n\
max_file_size: \"1\"\n";

struct Setup {
    repo: Repo,
    base: String,
    keys: Vec<String>,
}

fn setup() -> Setup {
    let repo = Repo::init();
    repo.write("README.md", "hello\n");
    repo.write(".leakhound.yml", "allowlists:\n  - paths: ['vendor/**']\n");
    let base = repo.commit_all("base");
    let mut gen = Rng::new(77);
    let keys: Vec<String> = (0..3).map(|_| gen.aws_key_id()).collect();
    repo.write("deploy/a.env", &format!("AWS_ACCESS_KEY_ID={}\n", keys[0]));
    repo.write(
        "deploy/b.env",
        &format!("AWS_ACCESS_KEY_ID={}  # gitleaks:allow\n", keys[1]),
    );
    repo.write("deploy/c.env", &format!("AWS_ACCESS_KEY_ID={}\n", keys[2]));
    repo.commit_all("secrets");
    // A baseline entry for c.env's key, as `baseline create` writes it.
    let (_, doc) = run_json(
        repo.path(),
        &["git", ".", "--range", &format!("{base}..HEAD")],
    );
    let c = findings(&doc)
        .into_iter()
        .find(|f| f["path"] == "deploy/c.env")
        .expect("c.env is found before any suppression");
    let baseline = serde_json::json!({"format": "leakhound-baseline/1", "findings": [
        {"fingerprint": c["fingerprint"], "rule": c["rule_id"], "path": "deploy/c.env"}]});
    repo.write(".leakhound-baseline.json", &baseline.to_string());
    repo.write(".leakhound.yml", CONFIG);
    repo.commit_all("silence them");
    Setup { repo, base, keys }
}

#[test]
fn the_change_cannot_silence_its_own_findings_and_what_it_tried_is_listed() {
    let Setup { repo, base, keys } = setup();
    let range = format!("{base}..HEAD");
    // As the change has it: everything silenced.
    let (code, doc) = run_json(
        repo.path(),
        &[
            "git",
            ".",
            "--range",
            &range,
            "--baseline",
            ".leakhound-baseline.json",
        ],
    );
    assert_eq!(code, 0, "{doc}");
    assert_eq!(findings(&doc).len(), 0);

    // Suppression from the base: all three are reported.
    let args = [
        "git",
        ".",
        "--range",
        &range,
        "--config-from",
        &base,
        "--baseline",
        ".leakhound-baseline.json",
        "--baseline-from",
        &base,
        "--no-allow-comments",
    ];
    let (code, doc) = run_json(repo.path(), &args);
    assert_eq!(code, 1, "{doc}");
    let paths: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["deploy/a.env", "deploy/b.env", "deploy/c.env"]);
    assert_eq!(doc["findings"][1]["allow_comment"], true);
    assert_eq!(doc["scans"][0]["config_from"], base.as_str());
    let added: Vec<String> = doc["summary"]["added_suppression"]
        .as_array()
        .expect("added_suppression")
        .iter()
        .map(|a| format!("{} {} {}", a["kind"], a["what"], a["path"]))
        .collect();
    let text = added.join("\n");
    for expected in [
        "disables rule aws-access-key-id",
        "adds allowlist {\\\"paths\\\":[\\\"**\\\"]}",
        "stopwords",
        "lowers max_file_size to 1",
        "\"allow-comment\" \"an allow comment on the line\" \"deploy/b.env\"",
        "\"baseline\" \"a baseline entry the change adds\" \"deploy/c.env\"",
    ] {
        assert!(text.contains(expected), "{expected} not in:\n{text}");
    }
    assert_eq!(added.len(), 6, "{text}");

    // The same in SARIF, and on stderr; never a secret.
    let mut sarif_args = args.to_vec();
    sarif_args.extend(["--format", "sarif"]);
    let out = run(repo.path(), &sarif_args);
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let listed = &sarif["runs"][0]["properties"]["addedSuppression"];
    assert_eq!(listed.as_array().map(Vec::len), Some(6), "{listed}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr
            .contains("the change adds suppression, not applied: disables rule aws-access-key-id"),
        "{stderr}"
    );
    for key in &keys {
        assert!(!doc.to_string().contains(key.as_str()));
        assert!(!String::from_utf8_lossy(&out.stdout).contains(key.as_str()));
        assert!(!stderr.contains(key.as_str()));
    }

    // merge keeps the list.
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("r.json");
    std::fs::write(&json, doc.to_string()).unwrap();
    let (_, merged) = run_json(repo.path(), &["merge", json.to_str().unwrap()]);
    assert_eq!(
        merged["summary"]["added_suppression"],
        doc["summary"]["added_suppression"]
    );
}

#[test]
fn base_without_the_files_and_bad_revisions() {
    let Setup { repo, base, .. } = setup();
    // The root commit has no baseline: nothing hidden, the change's entry listed.
    let first = repo.git(&["rev-list", "--max-parents=0", "HEAD"]);
    let (code, doc) = run_json(
        repo.path(),
        &[
            "git",
            ".",
            "--range",
            &format!("{base}..HEAD"),
            "--config-from",
            &first,
            "--baseline",
            ".leakhound-baseline.json",
            "--baseline-from",
            &first,
        ],
    );
    assert_eq!(code, 1, "{doc}");
    // b.env's allow comment is honoured without --no-allow-comments.
    assert_eq!(findings(&doc).len(), 2, "{doc}");

    let out = run(
        repo.path(),
        &[
            "git",
            ".",
            "--range",
            &format!("{base}..HEAD"),
            "--config-from",
            "no-such-rev",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--config-from") && stderr.contains("no-such-rev"),
        "{stderr}"
    );

    let out = run(
        repo.path(),
        &[
            "git",
            ".",
            "--config-from",
            &base,
            "--config",
            "/etc/hostname",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("inside the repository"), "{stderr}");

    // --baseline-from needs --baseline.
    let out = run(repo.path(), &["git", ".", "--baseline-from", &base]);
    assert_eq!(out.status.code(), Some(2));
}

/// An approved change (`--compare-with REV`): its own config, baseline and allow comments
/// apply, and what they add compared with REV is still listed, marked applied.
#[test]
fn an_approved_change_applies_its_suppression_and_it_is_still_listed() {
    let Setup { repo, base, .. } = setup();
    let range = format!("{base}..HEAD");
    let listed = |doc: &Value| -> Vec<String> {
        doc["summary"]["added_suppression"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|a| {
                assert_eq!(a["applied"], true, "{a}");
                format!(
                    "{} {}",
                    a["kind"].as_str().unwrap(),
                    a["path"].as_str().unwrap_or("-")
                )
            })
            .collect()
    };
    let args = [
        "git",
        ".",
        "--range",
        &range,
        "--baseline",
        ".leakhound-baseline.json",
        "--compare-with",
        &base,
    ];
    let (code, doc) = run_json(repo.path(), &args);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(
        listed(&doc)
            .iter()
            .filter(|l| l.starts_with("config"))
            .count(),
        4,
        "{doc}"
    );

    // Without the config edits: the allow comment and the baseline entry hide their findings
    // and are listed; the third key is reported.
    repo.write(".leakhound.yml", "allowlists:\n  - paths: ['vendor/**']\n");
    repo.commit_all("keep the base's config");
    let (code, doc) = run_json(repo.path(), &args);
    assert_eq!(code, 1, "{doc}");
    let paths: Vec<String> = findings(&doc)
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths, ["deploy/a.env"]);
    assert_eq!(
        listed(&doc),
        ["allow-comment deploy/b.env", "baseline deploy/c.env"]
    );
    assert_eq!(doc["summary"]["suppressed_inline"], 1);
    assert_eq!(doc["summary"]["suppressed_baseline"], 1);
}
