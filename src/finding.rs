//! Findings: a match turned into a located, fingerprinted result with its provenance. The raw
//! secret lives only inside `Secret`, whose `Debug` is redacted; every output goes through
//! `Redaction`.

use std::{fmt, ops::Range};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::rules::Severity;

/// A secret's text. Never printed by `Debug`; reports render it through a `Redaction`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Secret(String);

impl Secret {
    pub fn new(text: String) -> Self {
        Secret(text)
    }
    /// The raw text: only for `--show-secrets`, fingerprints and filters.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// How much of a secret reports show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Redaction {
    /// The first 4 characters (fewer for short secrets), then `…`.
    Default,
    /// The first N percent of the characters, then `…`.
    Percent(u8),
    /// Everything (`--show-secrets`).
    None,
}

impl Redaction {
    /// Renders a secret under this redaction.
    pub fn apply(self, secret: &str) -> String {
        let chars = secret.chars().count();
        let shown = match self {
            Redaction::None => return secret.to_string(),
            // Short secrets show less, so a redacted password does not give half of itself away.
            Redaction::Default => 4.min(chars / 4),
            Redaction::Percent(p) if p >= 100 => return secret.to_string(),
            Redaction::Percent(p) => chars * p as usize / 100,
        };
        let mut out: String = secret.chars().take(shown).collect();
        out.push('…');
        out
    }
}

/// A 1-based position; columns count Unicode scalar values (invalid UTF-8 bytes count one each).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// Where a blob came from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Provenance {
    /// A file on disk (or stdin).
    File,
    /// The staged version of a file, about to be committed.
    Staged,
    /// A blob in git history, attributed to the commit that introduced it.
    Commit(Box<CommitInfo>),
}

/// The commit that introduced a blob.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct CommitInfo {
    pub commit: String,
    pub author: String,
    pub email: String,
    /// RFC 3339, UTC.
    pub date: String,
    /// Whether the secret is still in the file at HEAD.
    pub present_at_head: bool,
}

/// A piece of a snippet: plain text, or a secret to redact when rendered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    Text(String),
    Secret(Secret),
}

/// One reported secret.
#[derive(Clone, Debug)]
pub struct Finding {
    pub rule_id: String,
    pub rule_name: String,
    pub severity: Severity,
    /// The token's own checksum verified it.
    pub confirmed: bool,
    /// Path relative to the scan root (or repository), `/`-separated; `-` for stdin.
    pub path: String,
    pub start: Position,
    pub end: Position,
    pub secret: Secret,
    /// The whole match, with every secret in it marked for redaction.
    pub snippet: Vec<Segment>,
    pub fingerprint: Fingerprint,
    pub provenance: Provenance,
}

impl Finding {
    /// The order of every report: path, line, column, rule, then commit.
    pub fn sort_key(&self) -> impl Ord + '_ {
        (
            &self.path,
            self.start,
            &self.rule_id,
            &self.provenance,
            &self.secret,
        )
    }

    /// The snippet as one string under a redaction, with control characters made visible.
    pub fn render_snippet(&self, redaction: Redaction) -> String {
        let mut out = String::new();
        for segment in &self.snippet {
            match segment {
                Segment::Text(t) => out.push_str(t),
                Segment::Secret(s) => out.push_str(&redaction.apply(s.expose())),
            }
        }
        visible(out.trim_end_matches(['\r', '\n']), 200)
    }
}

/// Escapes control characters and truncates to `max` characters.
pub fn visible(text: &str, max: usize) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// A stable identity for a finding: a hash of rule id, secret and path, so it survives line
/// moves, new commits and rebases, while a different secret in the same place gets a new one.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Fingerprint(pub String);

impl Fingerprint {
    pub fn compute(rule_id: &str, secret: &str, path: &str) -> Self {
        let mut hasher = Sha256::new();
        for part in [rule_id, secret, path] {
            hasher.update(part.as_bytes());
            hasher.update([0]);
        }
        let digest = hasher.finalize();
        Fingerprint(digest[..16].iter().map(|b| format!("{b:02x}")).collect())
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Maps byte offsets of one blob to positions; feed it offsets in increasing order.
pub struct LineIndex<'a> {
    hay: &'a [u8],
    offset: usize,
    line: u32,
    line_start: usize,
}

impl<'a> LineIndex<'a> {
    pub fn new(hay: &'a [u8]) -> Self {
        LineIndex {
            hay,
            offset: 0,
            line: 1,
            line_start: 0,
        }
    }

    /// The position of `offset`; restarts from the top if asked to go backwards.
    pub fn position(&mut self, offset: usize) -> Position {
        if offset < self.offset {
            *self = LineIndex::new(self.hay);
        }
        let offset = offset.min(self.hay.len());
        for nl in memchr::memchr_iter(b'\n', &self.hay[self.offset..offset]) {
            self.line += 1;
            self.line_start = self.offset + nl + 1;
        }
        self.offset = offset;
        Position {
            line: self.line,
            column: char_count(&self.hay[self.line_start..offset]) as u32 + 1,
        }
    }

    /// The byte range of the line holding `offset`, without its line terminator.
    pub fn line_range(hay: &[u8], offset: usize) -> Range<usize> {
        let start = memchr::memrchr(b'\n', &hay[..offset]).map_or(0, |p| p + 1);
        let mut end = memchr::memchr(b'\n', &hay[offset..]).map_or(hay.len(), |p| offset + p);
        if end > start && hay[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }
}

/// Characters in a byte string: UTF-8 scalars, with each invalid byte counted once.
pub fn char_count(bytes: &[u8]) -> usize {
    bytes
        .utf8_chunks()
        .map(|chunk| chunk.valid().chars().count() + chunk.invalid().len())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_modes() {
        let s = "ghp_abcdefghijklmnop";
        assert_eq!(Redaction::Default.apply(s), "ghp_…");
        assert_eq!(Redaction::Default.apply("hunter22"), "hu…");
        assert_eq!(Redaction::Percent(50).apply("abcdefgh"), "abcd…");
        assert_eq!(Redaction::Percent(0).apply("abcdefgh"), "…");
        assert_eq!(Redaction::Percent(100).apply("abcdefgh"), "abcdefgh");
        assert_eq!(Redaction::None.apply(s), s);
        assert_eq!(format!("{:?}", Secret::new(s.into())), "Secret(<redacted>)");
    }

    #[test]
    fn positions_count_lines_and_chars() {
        let hay = "ab\nc\u{e9}d x\r\nlast".as_bytes();
        let mut index = LineIndex::new(hay);
        assert_eq!(index.position(0), Position { line: 1, column: 1 });
        let x = hay.iter().position(|&b| b == b'x').unwrap();
        assert_eq!(index.position(x), Position { line: 2, column: 5 });
        assert_eq!(index.position(hay.len()), Position { line: 3, column: 5 });
        assert_eq!(index.position(1), Position { line: 1, column: 2 });
        assert_eq!(&hay[LineIndex::line_range(hay, x)], "c\u{e9}d x".as_bytes());
    }

    /// Found by the property test `positions_map_back_to_the_secret`: a stray continuation byte
    /// (0x80..=0xBF with no lead byte) counted as no column at all, so every column after it on
    /// the line was one short.
    #[test]
    fn invalid_bytes_count_one_column_each() {
        assert_eq!(char_count(b"\x80a"), 2);
        assert_eq!(char_count(b"\xc3a\xbf\xbf"), 4);
        assert_eq!(char_count("\u{e9}\u{1F600}".as_bytes()), 2);
        // A cut-short sequence is two invalid bytes, not one character.
        assert_eq!(char_count(b"\xe2\x82"), 2);
        let hay = b"\x80\x80proptok = x";
        let x = hay.len() - 1;
        assert_eq!(
            LineIndex::new(hay).position(x),
            Position {
                line: 1,
                column: 13
            }
        );
    }

    #[test]
    fn fingerprint_depends_on_rule_secret_and_path_only() {
        let a = Fingerprint::compute("r", "s", "p");
        assert_eq!(a, Fingerprint::compute("r", "s", "p"));
        assert_ne!(a, Fingerprint::compute("r", "s2", "p"));
        assert_ne!(a, Fingerprint::compute("r", "s", "p2"));
        assert_eq!(a.0.len(), 32);
    }
}
