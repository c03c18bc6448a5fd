//! Helpers for the git integration tests: real repositories built with the git CLI in temporary
//! directories, isolated from the user's git configuration, and freshly generated fake tokens.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// A GitHub classic token with a valid CRC32 checksum, generated from `seed` (never a real one).
pub fn token(seed: u64) -> String {
    const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let payload: String = (0..30)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            BASE62[(state % 62) as usize] as char
        })
        .collect();
    let mut crc = u64::from(crc32fast::hash(payload.as_bytes()));
    let mut check = [b'0'; 6];
    for slot in check.iter_mut().rev() {
        *slot = BASE62[(crc % 62) as usize];
        crc /= 62;
    }
    format!("ghp_{payload}{}", String::from_utf8_lossy(&check))
}

/// A `git` command isolated from global and system configuration.
pub fn git_command(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_DATE", "2024-01-02T03:04:05Z")
        .env("GIT_COMMITTER_DATE", "2024-01-02T03:04:05Z")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE");
    cmd
}

/// Runs git in `dir`, failing the test if it fails; returns stdout.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = git_command(dir).args(args).output().expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
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
        let full = self.path().join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(full, content).expect("write");
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

/// The leakhound binary, run in `dir` with git's environment cleared.
pub fn leakhound(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_leakhound"));
    cmd.current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE");
    cmd
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

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
