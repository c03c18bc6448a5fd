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
    /// Hide N percent of the characters (1 to 100; gitleaks' `--redact=N`): the first
    /// 100 - N percent are shown, then `…`. Never more than `Default` shows of a short secret,
    /// and never the whole secret.
    Hide(u8),
    /// Everything (`--show-secrets`).
    None,
}

/// Secrets shorter than this show no more under a percentage than under the default.
const SHORT: usize = 16;

impl Redaction {
    /// Renders a secret under this redaction.
    pub fn apply(self, secret: &str) -> String {
        let chars = secret.chars().count();
        // Short secrets show less, so a redacted password does not give half of itself away.
        let default = 4.min(chars / 4);
        let shown = match self {
            Redaction::None => return secret.to_string(),
            Redaction::Default => default,
            Redaction::Hide(p) => {
                let shown = chars * 100usize.saturating_sub(p as usize) / 100;
                let shown = if chars < SHORT {
                    shown.min(default)
                } else {
                    shown
                };
                shown.min(chars.saturating_sub(1))
            }
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
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
pub struct CommitInfo {
    pub commit: String,
    pub author: String,
    pub email: String,
    /// RFC 3339, UTC.
    pub date: String,
    /// Whether the secret is still in the file at HEAD.
    pub present_at_head: bool,
}

impl CommitInfo {
    /// ` (introduced in commit … by … on …; still present at HEAD)`, as the SARIF and GitLab
    /// messages end (the text is the commit's own: reports escape it as their format needs).
    pub fn introduced(&self) -> String {
        format!(
            " (introduced in commit {} by {} on {}{})",
            self.commit,
            self.author,
            self.date,
            if self.present_at_head {
                "; still present at HEAD"
            } else {
                "; removed since, still in history"
            }
        )
    }
}

/// A piece of a snippet: plain text, or a secret to redact when rendered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    Text(String),
    Secret(Secret),
    /// A whole snippet as a report already rendered it (redacted, escaped, truncated): read back
    /// from our JSON by `leakhound merge`, and shown as it is.
    Rendered(String),
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
    /// Its line carries an allow comment that was not honoured (`--no-allow-comments`).
    pub allow_comment: bool,
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
        if let [Segment::Rendered(shown)] = self.snippet.as_slice() {
            return shown.clone();
        }
        let mut out = String::new();
        for segment in &self.snippet {
            match segment {
                Segment::Text(t) | Segment::Rendered(t) => out.push_str(t),
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

/// Text from a scanned repository or a user's config (paths, authors, rule names, messages) as a
/// terminal or a CI log may show it: control characters (line breaks included) and the Unicode
/// controls that reorder text are escaped, so a file name cannot start a new line, move the
/// cursor or spell a workflow command (`::stop-commands::`); a leading `::` is escaped too, for
/// text that starts a line. Unchanged text is borrowed.
pub fn escape_text(text: &str) -> std::borrow::Cow<'_, str> {
    fn needs_escape(c: char) -> bool {
        c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    }
    if !text.starts_with("::") && !text.chars().any(needs_escape) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    if text.starts_with("::") {
        out.push('\\');
    }
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
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

/// Bytes between the checkpoints of a `LineIndex`.
const BLOCK: usize = 1024;

/// Where a `LineIndex` checkpoint is: the state at the start of a block.
#[derive(Clone, Copy)]
struct Checkpoint {
    /// 1-based line number at the block's start.
    line: u32,
    /// Where that line starts.
    line_start: usize,
    /// Characters before the block.
    chars: usize,
}

/// Maps byte offsets of one blob to positions and lines, in any order. Checkpoints every
/// `BLOCK` bytes (built once, as far as asked) make a position cost O(`BLOCK`) whatever the
/// order of the offsets and the length of the line, so many findings on one long line cost no
/// more than their number; `line` remembers the last line it found.
pub struct LineIndex<'a> {
    hay: &'a [u8],
    checkpoints: Vec<Checkpoint>,
    /// The last line `line` returned, with its terminator-free end.
    last_line: Option<Range<usize>>,
}

impl<'a> LineIndex<'a> {
    pub fn new(hay: &'a [u8]) -> Self {
        LineIndex {
            hay,
            checkpoints: Vec::new(),
            last_line: None,
        }
    }

    /// The blob.
    pub fn hay(&self) -> &'a [u8] {
        self.hay
    }

    /// The checkpoint at or before `offset`.
    fn checkpoint(&mut self, offset: usize) -> Checkpoint {
        let block = offset / BLOCK;
        while self.checkpoints.len() <= block {
            let Some(&last) = self.checkpoints.last() else {
                self.checkpoints.push(Checkpoint {
                    line: 1,
                    line_start: 0,
                    chars: 0,
                });
                continue;
            };
            let from = (self.checkpoints.len() - 1) * BLOCK;
            let bytes = &self.hay[from..(from + BLOCK).min(self.hay.len())];
            let mut next = Checkpoint {
                chars: last.chars + char_count(bytes),
                ..last
            };
            for nl in memchr::memchr_iter(b'\n', bytes) {
                next.line += 1;
                next.line_start = from + nl + 1;
            }
            self.checkpoints.push(next);
        }
        self.checkpoints[block]
    }

    /// Characters in `hay[..offset]`.
    fn chars_before(&mut self, offset: usize) -> usize {
        let at = self.checkpoint(offset);
        let from = offset / BLOCK * BLOCK;
        at.chars + char_count(&self.hay[from..offset])
    }

    /// The 1-based line number of `offset` and where that line starts.
    fn line_of(&mut self, offset: usize) -> (u32, usize) {
        let at = self.checkpoint(offset);
        let from = offset / BLOCK * BLOCK;
        let mut line = at.line;
        let mut line_start = at.line_start;
        for nl in memchr::memchr_iter(b'\n', &self.hay[from..offset]) {
            line += 1;
            line_start = from + nl + 1;
        }
        (line, line_start)
    }

    /// The position of `offset`.
    pub fn position(&mut self, offset: usize) -> Position {
        let offset = offset.min(self.hay.len());
        let (line, line_start) = self.line_of(offset);
        let column = self.chars_before(offset) - self.chars_before(line_start) + 1;
        Position {
            line,
            column: column as u32,
        }
    }

    /// The byte range of the line holding `offset`, without its line terminator.
    pub fn line(&mut self, offset: usize) -> Range<usize> {
        let offset = offset.min(self.hay.len());
        let (_, start) = self.line_of(offset);
        if let Some(last) = &self.last_line {
            if last.start == start {
                return last.clone();
            }
        }
        let range = Self::line_range_from(self.hay, start, offset);
        self.last_line = Some(range.clone());
        range
    }

    /// The byte range of the line holding `offset`, without its line terminator (one look-up;
    /// a `LineIndex` answers many in any order).
    pub fn line_range(hay: &[u8], offset: usize) -> Range<usize> {
        let start = memchr::memrchr(b'\n', &hay[..offset]).map_or(0, |p| p + 1);
        Self::line_range_from(hay, start, offset)
    }

    fn line_range_from(hay: &[u8], start: usize, offset: usize) -> Range<usize> {
        let mut end = memchr::memchr(b'\n', &hay[offset..]).map_or(hay.len(), |p| offset + p);
        if end > start && hay[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }
}

/// Characters in a byte string: UTF-8 scalars, with each invalid byte counted once.
pub fn char_count(bytes: &[u8]) -> usize {
    // Most text is ASCII, where this is the length: `is_ascii` checks a word at a time, the
    // UTF-8 walk below a byte at a time (`LineIndex` counts every block up to a finding's).
    if bytes.is_ascii() {
        return bytes.len();
    }
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
        // Hide(N) hides N percent, as gitleaks' --redact=N does.
        let long = "abcdefghijklmnopqrst"; // 20 characters
        assert_eq!(Redaction::Hide(100).apply(long), "…");
        assert_eq!(Redaction::Hide(50).apply(long), "abcdefghij…");
        assert_eq!(Redaction::Hide(90).apply(long), "ab…");
        // A short secret never shows more than the default does, nor a long one all of itself.
        assert_eq!(Redaction::Hide(10).apply("abcdefgh"), "ab…");
        assert_eq!(Redaction::Hide(1).apply(long), "abcdefghijklmnopqrs…");
        assert_eq!(Redaction::Hide(100).apply("a"), "…");
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
        assert_eq!(&hay[index.line(x)], "c\u{e9}d x".as_bytes());
        assert_eq!(&hay[index.line(0)], b"ab");
    }

    #[test]
    fn positions_in_any_order_agree_with_a_plain_count() {
        let mut text = Vec::new();
        for i in 0..5000u32 {
            text.extend_from_slice(if i % 7 == 0 { "\u{e9}" } else { "x" }.as_bytes());
            if i % 97 == 0 {
                text.push(b'\n');
            }
        }
        let plain = |offset: usize| {
            let before = &text[..offset];
            let line = before.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
            let start = before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
            Position {
                line,
                column: char_count(&text[start..offset]) as u32 + 1,
            }
        };
        let mut index = LineIndex::new(&text);
        for offset in (0..text.len())
            .rev()
            .step_by(13)
            .chain((0..text.len()).step_by(331))
        {
            assert_eq!(index.position(offset), plain(offset), "{offset}");
        }
    }

    #[test]
    fn escapes_what_could_start_a_line_or_steer_a_terminal() {
        assert_eq!(escape_text("src/a.env"), "src/a.env");
        assert_eq!(
            escape_text("a\n::notice title=X::y\n::stop-commands::z\nb.env"),
            "a\\n::notice title=X::y\\n::stop-commands::z\\nb.env"
        );
        assert_eq!(escape_text("::error::x"), "\\::error::x");
        assert_eq!(
            escape_text("x\u{1b}[2Jy\u{202e}z"),
            "x\\u{1b}[2Jy\\u{202e}z"
        );
        assert_eq!(escape_text("caf\u{e9}\tb"), "caf\u{e9}\\tb");
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
