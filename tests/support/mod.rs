//! Helpers shared by the integration tests: the binary under test, git repositories built with the
//! git CLI in temporary directories (isolated from the user's and the system's git configuration),
//! files in temp trees, and the seeded generator of test secrets (`rng`).
#![allow(dead_code, unused_imports)]

pub mod rng;

use std::{
    path::{Path, PathBuf},
    process::{Command, Output},
};

use tempfile::TempDir;

pub use rng::{token, Rng, ALNUM};

/// The leakhound binary under test.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_leakhound"))
}

/// A `leakhound` command running in `dir`, with color and git's environment cleared.
pub fn leakhound(dir: &Path) -> Command {
    let mut cmd = Command::new(bin());
    cmd.current_dir(dir)
        .env_remove("NO_COLOR")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE");
    cmd
}

/// `leakhound(dir)` for tests that feed stdin or chain assert_cmd's helpers.
pub fn leakhound_cmd(dir: &Path) -> assert_cmd::Command {
    assert_cmd::Command::from_std(leakhound(dir))
}

/// Exit code, stdout and stderr of a finished command.
pub fn output(cmd: &mut assert_cmd::Command) -> (i32, String, String) {
    let out = cmd.output().expect("run leakhound");
    let (stdout, stderr) = text(&out);
    (out.status.code().unwrap_or(-1), stdout, stderr)
}

/// Stdout and stderr of an output, as strings.
pub fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Stderr of an output.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Replaces the timing in a summary line, which varies run to run.
pub fn stable_summary(stderr: &str) -> String {
    let re = regex::Regex::new(r"in \d+\.\d+s").unwrap();
    re.replace_all(stderr, "in [TIME]").into_owned()
}

/// Writes `text` to `dir/rel`, creating parent directories.
pub fn write(dir: &Path, rel: &str, text: impl AsRef<[u8]>) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Sets the environment so git ignores the user's and system's config, commits succeed with a
/// fixed identity and date, and no outer repository leaks in.
pub fn isolate_git(cmd: &mut Command) -> &mut Command {
    cmd.env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Test Author")
        .env("GIT_AUTHOR_EMAIL", "author@example.com")
        .env("GIT_COMMITTER_NAME", "Test Author")
        .env("GIT_COMMITTER_EMAIL", "author@example.com")
        .env("GIT_AUTHOR_DATE", "2024-01-02T03:04:05Z")
        .env("GIT_COMMITTER_DATE", "2024-01-02T03:04:05Z")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE")
}

/// An isolated `git` command in `dir`.
pub fn git_command(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    isolate_git(&mut cmd).current_dir(dir);
    cmd
}

/// Runs git in `dir`, isolated, and returns its output whatever the status.
pub fn git_output(dir: &Path, args: &[&str]) -> Output {
    git_command(dir).args(args).output().expect("git runs")
}

/// Runs git in `dir` and panics with its stderr on failure; returns stdout, trimmed.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = git_output(dir, args);
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A new repository with branch `main` in `dir`.
pub fn init_repo(dir: &Path) {
    git(dir, &["init", "-q", "-b", "main"]);
}

/// A repository in a temporary directory.
pub struct Repo {
    pub dir: TempDir,
}

impl Repo {
    pub fn init() -> Repo {
        let dir = TempDir::new().expect("temp dir");
        git(dir.path(), &["init", "-q", "-b", "main", "."]);
        Repo::configure(dir.path());
        Repo { dir }
    }

    /// Sets identity and disables signing in a repository.
    pub fn configure(path: &Path) {
        git(path, &["config", "user.name", "Test Author"]);
        git(path, &["config", "user.email", "author@example.com"]);
        git(path, &["config", "commit.gpgsign", "false"]);
        git(path, &["config", "init.defaultBranch", "main"]);
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn git(&self, args: &[&str]) -> String {
        git(self.path(), args)
    }

    pub fn write(&self, path: &str, content: &str) {
        write(self.path(), path, content);
    }

    /// Stages everything and commits; returns the commit id.
    pub fn commit_all(&self, message: &str) -> String {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", message]);
        self.git(&["rev-parse", "HEAD"])
    }

    /// The path of a loose object.
    pub fn loose_object(&self, git_dir: &Path, id: &str) -> PathBuf {
        git_dir.join("objects").join(&id[..2]).join(&id[2..])
    }
}

/// Runs leakhound with `args` in `dir` and returns its output.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    leakhound(dir).args(args).output().expect("leakhound runs")
}

/// Runs leakhound with JSON output; returns the exit code and the parsed document.
pub fn run_json(dir: &Path, args: &[&str]) -> (i32, serde_json::Value) {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--format", "json"]);
    let out = run(dir, &all);
    let code = out.status.code().unwrap_or(-1);
    let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON ({e}); exit {code}; stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, doc)
}

/// The findings array of a JSON report.
pub fn findings(doc: &serde_json::Value) -> Vec<serde_json::Value> {
    doc["findings"].as_array().cloned().unwrap_or_default()
}
