//! Ways to accept a finding — baselines, `.leakhound.yml` allowlists, inline comments — run as a
//! user runs them, and the counts that keep every suppression visible.

mod support;

use std::{fs, path::Path};

use serde_json::Value;
use support::*;

/// Runs leakhound in `dir` and returns (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let mut cmd = leakhound(dir);
    isolate_git(&mut cmd).args(args);
    let out = cmd.output().unwrap();
    let (stdout, stderr) = text(&out);
    (out.status.code().unwrap_or(-1), stdout, stderr)
}

/// Runs a JSON scan of `.` with extra args; returns (exit code, document).
fn json_scan(dir: &Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["scan", ".", "--format", "json"];
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = run(dir, &args);
    assert!(code == 0 || code == 1, "exit {code}: {stderr}");
    (code, serde_json::from_str(&stdout).expect("JSON report"))
}

fn findings(doc: &Value) -> Vec<(String, String)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["rule_id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    init_repo(dir.path());
    dir
}

// ---------------------------------------------------------------- baselines

#[test]
fn baseline_hides_accepted_findings_and_survives_line_moves() {
    let dir = repo();
    let mut gen = Rng::new(1);
    let (k1, k2) = (gen.aws_key_id(), gen.aws_key_id());
    write(dir.path(), "app/config.env", format!("KEY={k1}\n"));
    write(dir.path(), "b.txt", format!("x\nid = {k2}\n"));

    let (code, _, err) = run(
        dir.path(),
        &["baseline", "create", ".leakhound-baseline.json"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("wrote 2 accepted findings"), "{err}");
    let text = fs::read_to_string(dir.path().join(".leakhound-baseline.json")).unwrap();
    assert!(
        !text.contains(&k1) && !text.contains(&k2),
        "a baseline never holds a secret"
    );
    for forbidden in ["line", "column", "date", "time", "snippet", "secret"] {
        assert!(
            !text.contains(&format!("\"{forbidden}")),
            "{forbidden} in {text}"
        );
    }
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["format"], "leakhound-baseline/1");
    let prints: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["fingerprint"].as_str().unwrap())
        .collect();
    let mut sorted = prints.clone();
    sorted.sort();
    assert_eq!(prints, sorted, "entries are sorted by fingerprint");
    // Re-creating gives the same bytes: no timestamps, stable order.
    run(dir.path(), &["baseline", "create", "again.json"]);
    assert_eq!(
        text,
        fs::read_to_string(dir.path().join("again.json")).unwrap()
    );

    let base = ["--baseline", ".leakhound-baseline.json"];
    let (code, doc) = json_scan(dir.path(), &base);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["summary"]["suppressed_baseline"], 2);

    // Move the lines: still accepted.
    write(
        dir.path(),
        "b.txt",
        format!("new\nlines\nabove\nx\n  id = {k2} # moved\n"),
    );
    let (code, _) = json_scan(dir.path(), &base);
    assert_eq!(code, 0);

    // A new secret on the very same line is reported.
    let k3 = gen.aws_key_id();
    write(dir.path(), "app/config.env", format!("KEY={k3}\n"));
    let (code, doc) = json_scan(dir.path(), &base);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&doc),
        vec![("app/config.env".into(), "aws-access-key-id".into())]
    );
    assert_eq!(doc["summary"]["suppressed_baseline"], 1);

    // The old entry now matches nothing: --report-stale-baseline says so, even with -q.
    let (code, _, err) = run(
        dir.path(),
        &[
            "scan",
            ".",
            "-q",
            "--baseline",
            ".leakhound-baseline.json",
            "--report-stale-baseline",
        ],
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("stale baseline entry") && err.contains("app/config.env"),
        "{err}"
    );
    assert!(err.contains("1 stale baseline entry ("), "{err}");
    assert!(!err.contains(&k1), "{err}");
}

#[test]
fn baseline_fingerprints_do_not_depend_on_the_working_directory() {
    let dir = repo();
    let key = Rng::new(2).aws_key_id();
    write(dir.path(), "sub/deep/k.txt", format!("k = {key}\n"));
    let (code, _, err) = run(dir.path(), &["baseline", "create", "base.json"]);
    assert_eq!(code, 0, "{err}");
    let sub = dir.path().join("sub");
    let (code, out, err) = run(&sub, &["scan", ".", "--baseline", "../base.json"]);
    assert_eq!(code, 0, "{out}{err}");
    let abs = dir.path().join("sub/deep");
    let (code, out, err) = run(
        &sub,
        &["scan", abs.to_str().unwrap(), "--baseline", "../base.json"],
    );
    assert_eq!(code, 0, "{out}{err}");
    // Created from elsewhere, with an absolute path: the same file, no machine-specific path.
    let (code, _, err) = run(
        &sub,
        &["baseline", "create", "../again.json", abs.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    let again = fs::read_to_string(dir.path().join("again.json")).unwrap();
    assert_eq!(
        again,
        fs::read_to_string(dir.path().join("base.json")).unwrap()
    );
    assert!(again.contains("\"path\": \"sub/deep/k.txt\""), "{again}");
}

#[test]
fn baseline_survives_new_commits_and_rebases_in_history() {
    let dir = repo();
    let key = Rng::new(3).aws_key_id();
    write(dir.path(), "a.txt", "start\n");
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "start"]);
    git(dir.path(), &["checkout", "-qb", "feature"]);
    write(dir.path(), "conf.env", format!("K={key}\n"));
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "add key"]);
    let outside = tempfile::tempdir().unwrap();
    let base = outside.path().join("base.json");
    let base = base.to_str().unwrap();
    let (code, _, err) = run(dir.path(), &["baseline", "create", base]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(dir.path(), &["git", ".", "--baseline", base]);
    assert_eq!(code, 0, "{out}{err}");
    // New commits on main, then rebase the feature onto them: new commit ids, same fingerprint.
    git(dir.path(), &["checkout", "-q", "main"]);
    write(dir.path(), "b.txt", "more\n");
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "more"]);
    git(dir.path(), &["checkout", "-q", "feature"]);
    git(dir.path(), &["rebase", "-q", "main"]);
    let (code, out, err) = run(dir.path(), &["git", ".", "--baseline", base]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("by the baseline"), "{err}");
}

#[test]
fn foreign_or_broken_baselines_are_errors_naming_file_and_line() {
    let dir = repo();
    write(dir.path(), "a.txt", "nothing\n");
    let gitleaks = r#"[
  {
    "Description": "AWS",
    "StartLine": 3,
    "File": "a.txt",
    "Fingerprint": "a.txt:aws-access-token:3"
  }
]
"#;
    let cases = [
        ("gitleaks.json", gitleaks),
        ("other.json", "{\n  \"version\": 1,\n  \"results\": {}\n}\n"),
        ("garbage.json", "this is not json\n"),
        ("empty.json", ""),
        (
            "wrongformat.json",
            "{\"format\": \"something-else/1\", \"findings\": []}\n",
        ),
        (
            "badentry.json",
            "{\"format\": \"leakhound-baseline/1\", \"findings\": [\n  {\"fingerprint\": 5}\n]}\n",
        ),
    ];
    for (name, content) in cases {
        write(dir.path(), name, content);
        let (code, _, err) = run(dir.path(), &["scan", ".", "--baseline", name]);
        assert_eq!(code, 2, "{name}: {err}");
        assert!(err.contains(&format!("{name}:")), "{name}: {err}");
        let line_named = err
            .split(&format!("{name}:"))
            .nth(1)
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
        assert!(line_named, "{name}: no line number in {err}");
        assert!(err.contains("not a leakhound baseline"), "{name}: {err}");
    }
    let (code, _, err) = run(dir.path(), &["scan", ".", "--baseline", "missing.json"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("missing.json"), "{err}");
}

#[test]
fn baseline_create_refuses_an_incomplete_scan_and_unwritable_paths() {
    let dir = repo();
    write(dir.path(), "a.txt", "nothing\n");
    let (code, _, err) = run(dir.path(), &["baseline", "create", "no/such/dir/b.json"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no/such/dir/b.json"), "{err}");
    let (code, _, err) = run(
        dir.path(),
        &["baseline", "create", "b.json", "does-not-exist"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(!dir.path().join("b.json").exists());
}

// ---------------------------------------------------------------- allowlists

/// Three findings of two rules in three files; returns the keys.
fn three_findings(dir: &Path) -> Vec<String> {
    let mut gen = Rng::new(4);
    let keys: Vec<String> = (0..3).map(|_| gen.aws_key_id()).collect();
    write(dir, "fixtures/k.txt", format!("id = {}\n", keys[0]));
    write(dir, "src/app.env", format!("id = {}\n", keys[1]));
    write(
        dir,
        "src/db.env",
        format!(
            "db_password = \"{}\"\nother = {}\n",
            gen.password(),
            keys[2]
        ),
    );
    keys
}

fn config(dir: &Path, text: &str) {
    write(dir, ".leakhound.yml", text);
}

#[test]
fn allowlist_path_globs_are_global_or_per_rule() {
    let dir = repo();
    three_findings(dir.path());
    let (_, doc) = json_scan(dir.path(), &[]);
    assert_eq!(findings(&doc).len(), 4, "{doc}");

    config(dir.path(), "allowlist:\n  paths: ['fixtures/**']\n");
    let (_, doc) = json_scan(dir.path(), &[]);
    assert_eq!(findings(&doc).len(), 3);
    assert_eq!(doc["summary"]["skipped_by_path"], 1);

    // Per rule: the password in src/db.env stays, its AWS key goes.
    config(
        dir.path(),
        "allowlists:\n  - rules: [aws-access-key-id]\n    paths: ['src/*.env']\n",
    );
    let (_, doc) = json_scan(dir.path(), &[]);
    let found = findings(&doc);
    assert!(
        found.contains(&("src/db.env".into(), "generic-password".into())),
        "{found:?}"
    );
    assert!(
        !found.contains(&("src/app.env".into(), "aws-access-key-id".into())),
        "{found:?}"
    );
    assert_eq!(doc["summary"]["suppressed_allowlist"], 2);
}

#[test]
fn allowlist_secret_and_line_regexes_and_stopwords() {
    let dir = repo();
    let keys = three_findings(dir.path());
    // The regex must not hold the whole key: the config file is scanned too.
    config(
        dir.path(),
        &format!(
            "allowlist:\n  secrets: ['^{}[A-Z2-7]{{8}}$']\n",
            &keys[1][..12]
        ),
    );
    let (_, doc) = json_scan(dir.path(), &[]);
    assert!(!findings(&doc).iter().any(|(p, _)| p == "src/app.env"));
    assert_eq!(doc["summary"]["suppressed_allowlist"], 1);

    config(dir.path(), "allowlist:\n  lines: ['^other = ']\n");
    let (_, doc) = json_scan(dir.path(), &[]);
    assert_eq!(findings(&doc).len(), 3);
    assert_eq!(doc["summary"]["suppressed_allowlist"], 1);

    // A stopword is matched case-insensitively anywhere in the secret.
    let stop = &keys[0][6..10];
    config(
        dir.path(),
        &format!("allowlist:\n  stopwords: ['{}']\n", stop.to_lowercase()),
    );
    let (_, doc) = json_scan(dir.path(), &[]);
    assert!(
        !findings(&doc).iter().any(|(p, _)| p == "fixtures/k.txt"),
        "{doc}"
    );
}

#[test]
fn disable_turns_a_rule_off_and_is_counted() {
    let dir = repo();
    three_findings(dir.path());
    config(dir.path(), "disable: [generic-password]\n");
    let (_, doc) = json_scan(dir.path(), &[]);
    assert!(findings(&doc).iter().all(|(_, r)| r == "aws-access-key-id"));
    assert_eq!(doc["summary"]["rules_disabled"], 1);
}

#[test]
fn config_is_found_at_the_repository_root_and_config_flag_overrides_it() {
    let dir = repo();
    three_findings(dir.path());
    config(dir.path(), "allowlist:\n  paths: ['src/app.env']\n");
    // From a subdirectory, scanning `.`: the root config applies, its globs relative to the root.
    let (code, out, err) = run(&dir.path().join("src"), &["scan", "."]);
    assert_eq!(code, 1, "{err}");
    assert!(!out.contains("app.env"), "{out}");
    assert!(out.contains("db.env"), "{out}");
    // Scanning a subdirectory from the root.
    let (_, out, _) = run(dir.path(), &["scan", "src"]);
    assert!(!out.contains("app.env") && out.contains("db.env"), "{out}");
    // --config names another file: the root one is not read.
    let other = tempfile::tempdir().unwrap();
    write(other.path(), "mine.yml", "disable: [aws-access-key-id]\n");
    let mine = other.path().join("mine.yml");
    let (_, out, _) = run(
        dir.path(),
        &["scan", ".", "--config", mine.to_str().unwrap()],
    );
    assert!(!out.contains("aws-access-key-id"), "{out}");
    assert!(out.contains("generic-password"), "{out}");
}

#[test]
fn bad_configuration_names_file_and_line() {
    let dir = repo();
    write(dir.path(), "a.txt", "nothing\n");
    let cases: &[(&str, &str, &str)] = &[
        (
            "unknown key",
            "disable: []\nallowlists:\n  - pathz: [x]\n",
            ":3:",
        ),
        ("unknown top-level key", "rulez: []\n", ":1:"),
        ("wrong type", "disable: []\nmax_file_size: [1]\n", ":2:"),
        ("wrong type in list", "allowlist:\n  paths: {a: b}\n", ":2:"),
        (
            "invalid glob",
            "allowlist:\n  paths:\n    - 'src/[x'\n",
            ":3:",
        ),
        (
            "invalid secret regex",
            "allowlist:\n  secrets:\n    - ok\n    - '(unclosed'\n",
            ":4:",
        ),
        (
            "invalid line regex",
            "allowlist:\n  lines: ['a{2,1}']\n",
            ":2:",
        ),
        (
            "unknown rule in disable",
            "\ndisable:\n  - aws-access-key-id\n  - no-such-rule\n",
            ":4",
        ),
        (
            "unknown rule in allowlist",
            "allowlists:\n  - rules: [nope]\n    paths: [x]\n",
            ":2",
        ),
        ("bad size", "max_file_size: lots\n", ":1"),
        ("not yaml", "allowlist: [\n", ":1:"),
    ];
    for (what, text, location) in cases {
        config(dir.path(), text);
        let (code, _, err) = run(dir.path(), &["scan", "."]);
        assert_eq!(code, 2, "{what}: {err}");
        assert!(
            err.contains(&format!(".leakhound.yml{location}")),
            "{what}: {err}"
        );
        // A regex error adds the pattern with a caret under the offending span.
        let first = err.lines().next().unwrap_or_default();
        if what.contains("regex") {
            assert!(
                first.contains(".leakhound.yml") && err.contains('^'),
                "{what}: {err}"
            );
            assert!(
                err.lines().skip(1).all(|l| l.starts_with("    ")),
                "{what}: {err}"
            );
        } else {
            assert_eq!(err.lines().count(), 1, "{what}: one line: {err}");
        }
    }
    // The same error through --config and `rules list`.
    config(dir.path(), "disable: [no-such-rule]\n");
    let (code, _, err) = run(dir.path(), &["rules", "list"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(".leakhound.yml:1"), "{err}");
}

// ---------------------------------------------------------------- inline comments

#[test]
fn inline_allow_comments_of_leakhound_gitleaks_and_detect_secrets() {
    let dir = repo();
    let mut gen = Rng::new(5);
    let keys: Vec<String> = (0..4).map(|_| gen.aws_key_id()).collect();
    write(
        dir.path(),
        "a.py",
        format!(
            "a = '{}'  # leakhound:allow\nb = '{}'  # gitleaks:allow\nc = '{}'  # pragma: allowlist secret\nd = '{}'\n",
            keys[0], keys[1], keys[2], keys[3]
        ),
    );
    let (code, doc) = json_scan(dir.path(), &[]);
    assert_eq!(code, 1);
    let lines: Vec<u64> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, vec![4]);
    assert_eq!(doc["summary"]["suppressed_inline"], 3);
}

// ---------------------------------------------------------------- visibility

#[test]
fn every_suppression_is_counted_in_verbose_json_and_sarif() {
    let dir = repo();
    let mut gen = Rng::new(6);
    let keys: Vec<String> = (0..4).map(|_| gen.aws_key_id()).collect();
    write(dir.path(), "baselined.txt", format!("k = {}\n", keys[0]));
    write(
        dir.path(),
        "c.txt",
        format!("k = {} # gitleaks:allow\n", keys[1]),
    );
    write(dir.path(), "allowed.txt", format!("k = {}\n", keys[2]));
    write(dir.path(), "open.txt", format!("k = {}\n", keys[3]));
    let outside = tempfile::tempdir().unwrap();
    let base = outside.path().join("b.json");
    let base = base.to_str().unwrap().to_string();
    run(dir.path(), &["baseline", "create", &base, "baselined.txt"]);
    config(
        dir.path(),
        &format!(
            "disable: [github-pat-classic]\nallowlist:\n  secrets: ['^{}']\n",
            &keys[2][..12]
        ),
    );
    let common = ["--baseline", base.as_str()];

    let (code, out, err) = run(dir.path(), &[&["scan", ".", "-v"][..], &common].concat());
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        out.lines()
            .filter(|l| l.contains("  aws-access-key-id  "))
            .count(),
        1,
        "{out}"
    );
    assert!(
        err.contains(
            "suppressed 1 by allow comments, 1 by allowlists, 1 by the baseline; 1 rule disabled"
        ),
        "{err}"
    );

    let (_, doc) = json_scan(dir.path(), &common);
    let s = &doc["summary"];
    assert_eq!(
        (
            s["suppressed_inline"].as_u64(),
            s["suppressed_allowlist"].as_u64(),
            s["suppressed_baseline"].as_u64()
        ),
        (Some(1), Some(1), Some(1)),
        "{s}"
    );

    let (_, stdout, _) = run(
        dir.path(),
        &[&["scan", ".", "--format", "sarif"][..], &common].concat(),
    );
    let sarif: Value = serde_json::from_str(&stdout).unwrap();
    let props = &sarif["runs"][0]["properties"];
    assert_eq!(props["suppressed"]["inline"], 1, "{props}");
    assert_eq!(props["suppressed"]["allowlist"], 1, "{props}");
    assert_eq!(props["suppressed"]["baseline"], 1, "{props}");
    assert_eq!(props["rulesDisabled"], 1, "{props}");
    for key in &keys {
        assert!(!stdout.contains(key.as_str()), "SARIF holds a raw secret");
    }
}

#[test]
fn history_baseline_accepts_old_commits_and_still_reports_new_ones() {
    let dir = repo();
    let mut gen = Rng::new(8);
    let (old, new) = (gen.aws_key_id(), gen.aws_key_id());
    write(dir.path(), "conf.env", format!("K={old}\n"));
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "leak"]);
    write(dir.path(), "conf.env", "K=${FROM_VAULT}\n");
    git(dir.path(), &["commit", "-qam", "remove it"]);
    // The working tree is clean; history is not.
    let (code, _, err) = run(dir.path(), &["scan", "."]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(dir.path(), &["git"]);
    assert_eq!(code, 1, "{err}");

    let outside = tempfile::tempdir().unwrap();
    let base = outside.path().join("history.json");
    let base = base.to_str().unwrap();
    let (code, _, err) = run(dir.path(), &["baseline", "create", base, "--git"]);
    assert_eq!(code, 0, "{err}");
    assert!(!fs::read_to_string(base).unwrap().contains(&old));
    let (code, out, err) = run(dir.path(), &["git", "--baseline", base]);
    assert_eq!(code, 0, "{out}{err}");

    // A new leak in a new commit is reported, by history and by the pre-commit scan.
    write(dir.path(), "conf.env", format!("K={new}\n"));
    git(dir.path(), &["add", "."]);
    let (code, out, err) = run(
        dir.path(),
        &["staged", "--baseline", base, "--report-stale-baseline"],
    );
    assert_eq!(code, 1, "{out}");
    assert!(
        err.contains("needs a full scan") && !err.contains("stale baseline entry"),
        "{err}"
    );
    git(dir.path(), &["commit", "-qm", "leak again"]);
    let (code, out, _) = run(dir.path(), &["git", "--baseline", base, "--format", "json"]);
    assert_eq!(code, 1);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["findings"].as_array().unwrap().len(), 1);
    assert_eq!(doc["summary"]["suppressed_baseline"], 1);

    // Bad combinations are usage errors.
    let (code, _, _) = run(dir.path(), &["baseline", "create", base, "--range", "a..b"]);
    assert_eq!(code, 2);
    let (code, _, err) = run(dir.path(), &["baseline", "create", base, "--git", "a", "b"]);
    assert_eq!(code, 2, "{err}");
}

/// Every `.leakhound.yml` example in the README loads.
#[test]
fn readme_config_examples_are_valid() {
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let examples: Vec<&str> = readme
        .split("```yaml")
        .skip(1)
        .filter_map(|b| b.split("```").next())
        .filter(|b| b.contains("allowlists:") || b.trim_start().starts_with("rules:"))
        .collect();
    assert!(examples.len() >= 2, "{examples:?}");
    let dir = repo();
    for example in examples {
        write(dir.path(), "example.yml", example);
        let (code, _, err) = run(dir.path(), &["rules", "list", "--config", "example.yml"]);
        assert_eq!(code, 0, "{example}\n{err}");
    }
}

/// Scanning part of the tree does not call the baseline entries of the rest stale.
#[test]
fn stale_entries_are_only_those_within_what_was_scanned() {
    let dir = repo();
    let mut gen = Rng::new(9);
    write(dir.path(), "a/k.txt", format!("k = {}\n", gen.aws_key_id()));
    write(dir.path(), "b/k.txt", format!("k = {}\n", gen.aws_key_id()));
    let (code, _, err) = run(dir.path(), &["baseline", "create", "base.json"]);
    assert_eq!(code, 0, "{err}");
    let stale = |cwd: &Path, target: &str, base: &str| {
        let (code, _, err) = run(
            cwd,
            &[
                "scan",
                target,
                "--baseline",
                base,
                "--report-stale-baseline",
            ],
        );
        assert_eq!(code, 0, "{err}");
        err.lines()
            .filter(|l| l.starts_with("leakhound: stale baseline entry "))
            .map(String::from)
            .collect::<Vec<_>>()
    };
    assert!(stale(dir.path(), "a", "base.json").is_empty());
    write(dir.path(), "a/k.txt", "k = gone\n");
    let found = stale(dir.path(), "a", "base.json");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("a/k.txt"), "{found:?}");
    assert!(stale(dir.path(), "b", "base.json").is_empty());
    assert!(stale(&dir.path().join("b"), ".", "../base.json").is_empty());
    assert_eq!(stale(&dir.path().join("b"), "..", "../base.json").len(), 1);
}
