//! Helpers shared by the integration tests: the binary, git repositories in temp directories, and
//! generated (never real) test secrets.
#![allow(dead_code)]

use std::{
    path::{Path, PathBuf},
    process::{Command, Output},
};

/// The leakhound binary under test.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_leakhound"))
}

/// A `leakhound` command running in `dir`.
pub fn leakhound(dir: &Path) -> Command {
    let mut cmd = Command::new(bin());
    cmd.current_dir(dir).env_remove("NO_COLOR");
    cmd
}

/// Sets the environment so git ignores the user's and system's config and commits succeed.
pub fn isolate_git(cmd: &mut Command) -> &mut Command {
    cmd.env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Test Author")
        .env("GIT_AUTHOR_EMAIL", "author@example.invalid")
        .env("GIT_COMMITTER_NAME", "Test Author")
        .env("GIT_COMMITTER_EMAIL", "author@example.invalid")
        .env("GIT_AUTHOR_DATE", "2024-01-02T03:04:05Z")
        .env("GIT_COMMITTER_DATE", "2024-01-02T03:04:05Z")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE")
}

/// Runs git in `dir`, isolated, and returns its output whatever the status.
pub fn git_output(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new("git");
    isolate_git(&mut cmd).current_dir(dir).args(args);
    cmd.output().expect("git runs")
}

/// Runs git in `dir` and panics with its stderr on failure; returns stdout.
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

/// Writes `text` to `dir/rel`, creating parent directories.
pub fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A deterministic generator for test secrets (xorshift64*), so failures reproduce.
pub struct Gen(u64);

impl Gen {
    pub fn new(seed: u64) -> Self {
        Gen(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn pick(&mut self, alphabet: &[u8], n: usize) -> String {
        (0..n)
            .map(|_| alphabet[(self.next() % alphabet.len() as u64) as usize] as char)
            .collect()
    }
    /// A made-up AWS access key id (`AKIA` + 16 base32 characters): matches the
    /// `aws-access-key-id` rule, belongs to no one.
    pub fn aws_key_id(&mut self) -> String {
        format!("AKIA{}", self.pick(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16))
    }
    /// A made-up 16-character password with letters, digits and symbols.
    pub fn password(&mut self) -> String {
        let mut text = self.pick(
            b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789",
            12,
        );
        text.insert_str(3, &self.pick(b"#@!%", 1));
        text.insert_str(7, &self.pick(b"0123456789", 2));
        text.push_str(&self.pick(b"#@!%", 1));
        text
    }
}

/// Stdout and stderr of an output, for assertion messages.
pub fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
