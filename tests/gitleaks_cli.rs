//! Command lines written for gitleaks (CI scripts, hooks, habits) run as their leakhound
//! equivalents and report the same findings, or fail with exit 2 and say what to use instead:
//! never a silent pass.

mod support;

use std::path::Path;

use support::{findings, leakhound_cmd, output, run_json, write, Repo, Rng};

/// A repository with one secret in its history and one staged.
fn repo() -> (Repo, String, String) {
    let mut fake = Rng::new(8);
    let committed = fake.github_token();
    let staged = fake.aws_secret();
    let repo = Repo::init();
    repo.write("app.py", &format!("TOKEN = \"{committed}\"\n"));
    repo.commit_all("add the app");
    repo.write("app.py", "TOKEN = os.environ['TOKEN']\n");
    repo.commit_all("read the token from the environment");
    repo.write("deploy.env", &format!("AWS_SECRET_ACCESS_KEY={staged}\n"));
    repo.git(&["add", "deploy.env"]);
    (repo, committed, staged)
}

/// Rule ids and positions of a JSON report's findings, in report order.
fn summary(doc: &serde_json::Value) -> Vec<String> {
    findings(doc)
        .iter()
        .map(|f| {
            format!(
                "{} {} {} {}",
                f["rule_id"], f["path"], f["line"], f["commit"]
            )
        })
        .collect()
}

/// Runs `args` in `dir`; returns the exit code, the report written to `--report-path`, stderr.
fn run_to_file(dir: &Path, args: &[&str]) -> (i32, serde_json::Value, String) {
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("report.json");
    let mut cmd = leakhound_cmd(dir);
    cmd.args(args)
        .args(["--report-format", "json", "--report-path"])
        .arg(&report);
    let (code, stdout, stderr) = output(&mut cmd);
    assert!(stdout.is_empty(), "the report went to stdout: {stdout}");
    let text = std::fs::read_to_string(&report).unwrap();
    (code, serde_json::from_str(&text).unwrap(), stderr)
}

#[test]
fn detect_scans_history_like_git() {
    let (repo, committed, _) = repo();
    let (code, doc, stderr) = run_to_file(repo.path(), &["detect", "--source", ".", "--no-banner"]);
    let (git_code, git_doc) = run_json(repo.path(), &["git", "."]);
    assert_eq!((code, git_code), (1, 1));
    assert_eq!(summary(&doc), summary(&git_doc));
    assert!(summary(&doc).iter().any(|f| f.contains("github")), "{doc}");
    assert!(stderr.contains("runs as `leakhound git .`"), "{stderr}");
    assert!(!doc.to_string().contains(&committed), "a secret in full");
}

#[test]
fn detect_no_git_scans_the_files_like_scan() {
    let (repo, _, staged) = repo();
    let (code, doc, _) = run_to_file(repo.path(), &["detect", "-s", ".", "--no-git"]);
    let (scan_code, scan_doc) = run_json(repo.path(), &["scan", "."]);
    assert_eq!((code, scan_code), (1, 1));
    assert_eq!(summary(&doc), summary(&scan_doc));
    assert!(summary(&doc).iter().any(|f| f.contains("deploy.env")));
    assert!(!doc.to_string().contains(&staged), "a secret in full");
}

#[test]
fn log_opts_take_a_range_and_refuse_what_they_cannot_honour() {
    let (repo, _, _) = repo();
    let first = repo.git(&["rev-list", "--max-parents=0", "HEAD"]);
    let range = format!("{first}..HEAD");
    // Only the second commit, which removes the token: nothing to report.
    let (code, doc) = run_json(
        repo.path(),
        &["git", ".", &format!("--log-opts=--all {range}")],
    );
    let (range_code, range_doc) = run_json(repo.path(), &["git", ".", "--range", &range]);
    assert_eq!((code, range_code), (0, 0));
    assert_eq!(summary(&doc), summary(&range_doc));
    let (code, doc, _) = run_to_file(repo.path(), &["detect", "--log-opts", "--all"]);
    assert_eq!(code, 1, "{doc}");

    for opts in ["--since=2024-01-01", "--first-parent main", "a..b c..d"] {
        let mut cmd = leakhound_cmd(repo.path());
        cmd.args(["git", ".", &format!("--log-opts={opts}")]);
        let (code, _, stderr) = output(&mut cmd);
        assert_eq!(code, 2, "{opts}: {stderr}");
        assert!(stderr.contains("--range"), "{stderr}");
    }
}

#[test]
fn protect_staged_scans_the_staged_lines_and_protect_alone_is_refused() {
    let (repo, _, _) = repo();
    let (code, doc, stderr) = run_to_file(repo.path(), &["protect", "--staged", "-v"]);
    let (staged_code, staged_doc) = run_json(repo.path(), &["staged"]);
    assert_eq!((code, staged_code), (1, 1));
    assert_eq!(summary(&doc), summary(&staged_doc));
    assert!(summary(&doc).iter().any(|f| f.contains("deploy.env")));
    assert!(stderr.contains("runs as `leakhound staged .`"), "{stderr}");

    let mut cmd = leakhound_cmd(repo.path());
    cmd.arg("protect");
    let (code, stdout, stderr) = output(&mut cmd);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(stderr.contains("leakhound staged"), "{stderr}");
}

#[test]
fn dir_stdin_and_the_familiar_flags() {
    let mut fake = Rng::new(9);
    let token = fake.github_token();
    let tree = tempfile::tempdir().unwrap();
    write(tree.path(), "a.py", format!("TOKEN = \"{token}\"\n"));
    write(
        tree.path(),
        "big.txt",
        format!("{}\n", "x ".repeat(1 << 20)),
    );

    let (code, doc) = run_json(tree.path(), &["dir", ".", "--no-banner"]);
    assert_eq!(code, 1);
    assert_eq!(findings(&doc).len(), 1);

    let mut cmd = leakhound_cmd(tree.path());
    cmd.args(["stdin", "-f", "json"])
        .write_stdin(format!("TOKEN = \"{token}\"\n"));
    let (code, stdout, _) = output(&mut cmd);
    assert_eq!(code, 1);
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(findings(&doc).len(), 1);

    // -c: the config; --baseline-path: the baseline; --max-target-megabytes: the size limit.
    let config = tree.path().join("other.yml");
    std::fs::write(&config, "allowlists:\n  - paths: ['a.py']\n").unwrap();
    let (code, _) = run_json(tree.path(), &["scan", ".", "-c", config.to_str().unwrap()]);
    assert_eq!(code, 0, "-c was not read as the config");

    let baseline = tree.path().join("baseline.json");
    let mut cmd = leakhound_cmd(tree.path());
    cmd.args(["baseline", "create"]).arg(&baseline).arg(".");
    assert_eq!(output(&mut cmd).0, 0);
    let (code, _) = run_json(
        tree.path(),
        &["scan", ".", "--baseline-path", baseline.to_str().unwrap()],
    );
    assert_eq!(code, 0, "--baseline-path was not read as the baseline");

    let mut cmd = leakhound_cmd(tree.path());
    cmd.args(["scan", ".", "-v", "--max-target-megabytes", "1"]);
    let (_, _, stderr) = output(&mut cmd);
    assert!(stderr.contains("1 too large"), "{stderr}");
}
