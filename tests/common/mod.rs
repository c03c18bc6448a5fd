//! Helpers shared by the integration tests: the binary, fake secrets generated at run time (so no
//! credential-shaped string sits in the test sources), and temp trees.
#![allow(dead_code)]

use std::path::Path;

use assert_cmd::Command;

/// The leakhound binary, with a clean environment for color and config.
pub fn leakhound() -> Command {
    let mut cmd = Command::cargo_bin("leakhound").expect("binary built");
    cmd.env_remove("NO_COLOR").env("GIT_CONFIG_NOSYSTEM", "1");
    cmd
}

/// A tiny deterministic generator, so snapshots stay stable.
pub struct Fake(u64);

impl Fake {
    pub fn new(seed: u64) -> Self {
        Fake(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    /// `n` characters from `alphabet`.
    pub fn chars(&mut self, alphabet: &[u8], n: usize) -> String {
        (0..n)
            .map(|_| alphabet[(self.next() % alphabet.len() as u64) as usize] as char)
            .collect()
    }
    /// A GitHub classic token with a valid checksum.
    pub fn github_token(&mut self) -> String {
        let payload = self.chars(ALNUM, 30);
        let check = leakhound::engine::checksum::base62_fixed(
            crc32fast::hash(payload.as_bytes()) as u64,
            6,
        );
        format!("ghp_{payload}{}", String::from_utf8(check).unwrap())
    }
    /// An AWS-style secret access key (40 base64 characters).
    pub fn aws_secret(&mut self) -> String {
        self.chars(
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+",
            40,
        )
    }
    /// A random password with mixed classes.
    pub fn password(&mut self) -> String {
        format!("{}#{}9", self.chars(ALNUM, 10), self.chars(ALNUM, 5))
    }
}

pub const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// Writes `text` to `dir/rel`, creating parent directories.
pub fn write(dir: &Path, rel: &str, text: impl AsRef<[u8]>) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// stdout and stderr of a finished command, as strings.
pub fn output(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().expect("run leakhound");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Replaces the timing in a summary line, which varies run to run.
pub fn stable_summary(stderr: &str) -> String {
    let re = regex::Regex::new(r"in \d+\.\d+s").unwrap();
    re.replace_all(stderr, "in [TIME]").into_owned()
}
