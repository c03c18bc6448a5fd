//! The pre-commit framework integration, with the real `pre-commit` tool: the manifest validates,
//! `pre-commit try-repo <checkout> leakhound-system` runs `leakhound staged` without file names,
//! a commit that adds a secret is refused while a clean one passes, and `--all-files` with
//! `leakhound-files-system` finds a secret committed long ago. No network: only the
//! `system` variant runs (the `rust` one would `cargo install` the repository, downloading crates).

mod support;

use std::{
    fs,
    path::PathBuf,
    process::{Command, Output},
};

use serde_json::Value;
use support::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn pre_commit_missing() -> bool {
    let ok = Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("SKIPPED: the `pre-commit` tool is not installed (.ci/run installs it: python3 -m pip install pre-commit)");
    }
    !ok
}

/// The checkout as pre-commit sees it: a git repository whose HEAD holds the manifest.
fn checkout_with_manifest() -> Option<String> {
    let head = git_output(&root(), &["rev-parse", "HEAD"]);
    let has = git_output(&root(), &["cat-file", "-e", "HEAD:.pre-commit-hooks.yaml"]);
    if !head.status.success() || !has.status.success() {
        eprintln!("SKIPPED: the checkout is not a git repository with .pre-commit-hooks.yaml committed at HEAD");
        return None;
    }
    Some(String::from_utf8_lossy(&head.stdout).trim().to_string())
}

/// A temp dir with a repository, a bin/ directory first on PATH, and a private PRE_COMMIT_HOME.
struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        for d in ["repo", "bin", "home"] {
            fs::create_dir(dir.path().join(d)).unwrap();
        }
        init_repo(&dir.path().join("repo"));
        Sandbox { dir }
    }
    fn repo(&self) -> PathBuf {
        self.dir.path().join("repo")
    }
    fn bin(&self) -> PathBuf {
        self.dir.path().join("bin")
    }
    /// Puts the real leakhound on this sandbox's PATH.
    #[cfg(unix)]
    fn link_real_binary(&self) {
        std::os::unix::fs::symlink(bin(), self.bin().join("leakhound")).unwrap();
    }
    /// A command in the repository with the sandbox's PATH and pre-commit home.
    fn command(&self, program: &str, args: &[&str]) -> Command {
        let mut cmd = Command::new(program);
        let path = format!(
            "{}:{}",
            self.bin().display(),
            std::env::var("PATH").unwrap_or_default()
        );
        isolate_git(&mut cmd)
            .current_dir(self.repo())
            .args(args)
            .env("PATH", path)
            .env("PRE_COMMIT_HOME", self.dir.path().join("home"))
            .env("PRE_COMMIT_COLOR", "never")
            .env_remove("SKIP");
        cmd
    }
    fn run(&self, program: &str, args: &[&str]) -> (Output, String) {
        let out = self.command(program, args).output().unwrap();
        let (stdout, stderr) = text(&out);
        (out, format!("{stdout}{stderr}"))
    }
    fn try_repo(&self) -> (Output, String) {
        self.try_hook("leakhound-system", &[])
    }
    /// `pre-commit try-repo <checkout> HOOK ARGS...`.
    fn try_hook(&self, hook: &str, args: &[&str]) -> (Output, String) {
        let checkout = root();
        let mut all = vec!["try-repo", checkout.to_str().unwrap(), hook];
        all.extend_from_slice(args);
        self.run("pre-commit", &all)
    }
}

#[test]
fn manifest_is_valid_and_declares_every_hook() {
    let manifest = fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap();
    let hooks: Value = serde_saphyr::from_str(&manifest).unwrap();
    let hooks = hooks.as_array().unwrap();
    let find = |id: &str| {
        hooks
            .iter()
            .find(|h| h["id"] == id)
            .unwrap_or_else(|| panic!("hook {id}"))
    };
    for (id, language) in [("leakhound", "rust"), ("leakhound-system", "system")] {
        let hook = find(id);
        assert_eq!(hook["language"], language);
        assert_eq!(hook["entry"], "leakhound staged");
        assert_eq!(hook["pass_filenames"], false);
        assert!(hook["name"].is_string());
    }
    for (id, language) in [
        ("leakhound-files", "rust"),
        ("leakhound-files-system", "system"),
    ] {
        let hook = find(id);
        assert_eq!(hook["language"], language);
        assert_eq!(hook["entry"], "leakhound scan");
        assert_eq!(hook["pass_filenames"], true);
    }
    if pre_commit_missing() {
        return;
    }
    let out = Command::new("pre-commit")
        .args(["validate-manifest", ".pre-commit-hooks.yaml"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(out.status.success(), "{:?}", text(&out));
}

/// pre-commit's side of the contract, independent of the scanner: the hook runs
/// `leakhound staged` with no file names, and its exit code decides.
#[cfg(unix)]
#[test]
fn try_repo_runs_leakhound_staged_and_its_exit_code_decides() {
    if pre_commit_missing() || checkout_with_manifest().is_none() {
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let sandbox = Sandbox::new();
    let fake = sandbox.bin().join("leakhound");
    let set_fake = |code: u8| {
        fs::write(
            &fake,
            format!("#!/bin/sh\necho \"fake leakhound args: $*\"\nexit {code}\n"),
        )
        .unwrap();
        fs::set_permissions(&fake, fs::Permissions::from_mode(0o755)).unwrap();
    };
    write(&sandbox.repo(), "a.txt", "hello\n");
    git(&sandbox.repo(), &["add", "a.txt"]);
    set_fake(1);
    let (out, log) = sandbox.try_repo();
    assert!(!out.status.success(), "{log}");
    assert!(
        log.contains("fake leakhound args: staged\n"),
        "no file names are passed: {log}"
    );
    assert!(log.contains("Failed"), "{log}");
    set_fake(0);
    let (out, log) = sandbox.try_repo();
    assert!(out.status.success(), "{log}");
    assert!(log.contains("Passed"), "{log}");
}

#[cfg(unix)]
#[test]
fn try_repo_with_the_real_binary_refuses_a_secret_and_passes_clean_changes() {
    if pre_commit_missing() || checkout_with_manifest().is_none() {
        return;
    }
    let sandbox = Sandbox::new();
    sandbox.link_real_binary();
    write(&sandbox.repo(), "README", "clean\n");
    git(&sandbox.repo(), &["add", "README"]);
    let (out, log) = sandbox.try_repo();
    assert!(out.status.success(), "{log}");

    let key = Rng::new(21).aws_key_id();
    write(
        &sandbox.repo(),
        "settings.py",
        format!("AWS_KEY = '{key}'\n"),
    );
    git(&sandbox.repo(), &["add", "settings.py"]);
    let (out, log) = sandbox.try_repo();
    assert!(!out.status.success(), "{log}");
    assert!(
        log.contains("settings.py:1:") && log.contains("aws-access-key-id"),
        "{log}"
    );
    assert!(!log.contains(&key), "the secret was printed: {log}");
}

/// `pre-commit run --all-files` on a repository whose committed files hold a secret: the staged
/// hook has nothing to scan and says so (pre-commit shows it with --verbose); the files hook
/// scans every tracked file pre-commit passes and fails on the secret.
#[cfg(unix)]
#[test]
fn all_files_with_the_files_hook_finds_a_committed_secret() {
    if pre_commit_missing() || checkout_with_manifest().is_none() {
        return;
    }
    let sandbox = Sandbox::new();
    sandbox.link_real_binary();
    let repo = sandbox.repo();
    let key = Rng::new(23).aws_key_id();
    write(&repo, "README", "clean\n");
    write(
        &repo,
        "deploy/prod.env",
        format!("AWS_ACCESS_KEY_ID={key}\n"),
    );
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-qm", "old leak"]);

    let (out, log) = sandbox.try_hook("leakhound-system", &["--all-files", "--verbose"]);
    assert!(
        out.status.success(),
        "the staged hook sees nothing staged: {log}"
    );
    assert!(log.contains("nothing is staged"), "{log}");
    assert!(
        log.contains("leakhound-files"),
        "the note names the files hook: {log}"
    );

    let (out, log) = sandbox.try_hook("leakhound-files-system", &["--all-files"]);
    assert!(!out.status.success(), "{log}");
    assert!(
        log.contains("deploy/prod.env:1:") && log.contains("aws-access-key-id"),
        "{log}"
    );
    assert!(log.contains("What to do"), "{log}");
    assert!(!log.contains(&key), "the secret was printed: {log}");
}

/// A user's setup: `.pre-commit-config.yaml` naming this repository, `pre-commit install`, then
/// real `git commit`s.
#[cfg(unix)]
#[test]
fn installed_pre_commit_refuses_a_commit_with_a_secret() {
    if pre_commit_missing() {
        return;
    }
    let Some(rev) = checkout_with_manifest() else {
        return;
    };
    let sandbox = Sandbox::new();
    sandbox.link_real_binary();
    let repo = sandbox.repo();
    write(
        &repo,
        ".pre-commit-config.yaml",
        format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: leakhound-system\n",
            root().display()
        ),
    );
    let (out, log) = sandbox.run("pre-commit", &["install"]);
    assert!(out.status.success(), "{log}");
    git(&repo, &["add", ".pre-commit-config.yaml"]);
    let (out, log) = sandbox.run("git", &["commit", "-qm", "add pre-commit"]);
    assert!(out.status.success(), "a clean commit passes: {log}");

    let key = Rng::new(22).aws_key_id();
    write(
        &repo,
        "deploy/env.sh",
        format!("export AWS_ACCESS_KEY_ID={key}\n"),
    );
    git(&repo, &["add", "deploy/env.sh"]);
    let (out, log) = sandbox.run("git", &["commit", "-qm", "leak"]);
    assert!(!out.status.success(), "{log}");
    assert!(
        log.contains("leakhound (secrets in staged changes)") && log.contains("Failed"),
        "{log}"
    );
    assert!(log.contains("deploy/env.sh:1:"), "{log}");
    assert!(!log.contains(&key), "{log}");
    assert_eq!(git(&repo, &["rev-list", "--count", "HEAD"]), "1");
}

/// The README's `.pre-commit-config.yaml` example is a valid pre-commit config.
#[test]
fn readme_pre_commit_config_is_valid() {
    if pre_commit_missing() {
        return;
    }
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let example = readme
        .split("```yaml")
        .skip(1)
        .filter_map(|b| b.split("```").next())
        .find(|b| b.contains("id: leakhound-system"))
        .expect("a pre-commit config example");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(".pre-commit-config.yaml");
    fs::write(&path, example).unwrap();
    let out = Command::new("pre-commit")
        .args(["validate-config"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{:?}", text(&out));
}
