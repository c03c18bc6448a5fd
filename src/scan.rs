//! The per-blob pipeline every source shares: engine matches in, findings out, with inline allow
//! comments and config allowlists applied and counted. Sources decide what a blob is and where it
//! came from; reports decide how findings look.

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use serde::Serialize;

use crate::engine::{Match, RuleSet, Scratch};
use crate::filter::{allowlist::Allowlist, inline};
use crate::finding::{Finding, Fingerprint, LineIndex, Provenance, Secret, Segment};

/// Files whose first 8 KiB hold a NUL byte are binary.
pub const BINARY_PROBE: usize = 8 << 10;
/// Git LFS pointers are small text files that start with this line.
const LFS_POINTER: &[u8] = b"version https://git-lfs.github.com/spec/v1";

/// What a blob's leading bytes say it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlobKind {
    Text,
    Binary,
    LfsPointer,
}

/// Classifies a blob by its first bytes.
pub fn classify(head: &[u8]) -> BlobKind {
    if head.starts_with(LFS_POINTER) && head.len() < 1024 {
        BlobKind::LfsPointer
    } else if memchr::memchr(0, &head[..head.len().min(BINARY_PROBE)]).is_some() {
        BlobKind::Binary
    } else {
        BlobKind::Text
    }
}

/// Counts shared by a scan's threads.
#[derive(Default)]
pub struct Counters {
    pub blobs_scanned: AtomicU64,
    pub bytes_scanned: AtomicU64,
    pub skipped_binary: AtomicU64,
    pub skipped_too_large: AtomicU64,
    pub skipped_lfs: AtomicU64,
    pub skipped_by_path: AtomicU64,
    pub suppressed_inline: AtomicU64,
    pub suppressed_allowlist: AtomicU64,
}

/// The counts of a finished scan, as reported in summaries and JSON/SARIF.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Files (or blobs) scanned.
    pub scanned: u64,
    pub bytes: u64,
    pub skipped_binary: u64,
    pub skipped_too_large: u64,
    pub skipped_lfs: u64,
    pub skipped_by_path: u64,
    pub suppressed_inline: u64,
    pub suppressed_allowlist: u64,
    pub suppressed_baseline: u64,
    /// History scans only: commits walked, unique blobs, missing objects, shallow boundaries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<crate::source::history::HistoryStats>,
}

impl Counters {
    pub fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Relaxed);
    }

    /// A snapshot of the counts.
    pub fn stats(&self) -> Stats {
        Stats {
            scanned: self.blobs_scanned.load(Relaxed),
            bytes: self.bytes_scanned.load(Relaxed),
            skipped_binary: self.skipped_binary.load(Relaxed),
            skipped_too_large: self.skipped_too_large.load(Relaxed),
            skipped_lfs: self.skipped_lfs.load(Relaxed),
            skipped_by_path: self.skipped_by_path.load(Relaxed),
            suppressed_inline: self.suppressed_inline.load(Relaxed),
            suppressed_allowlist: self.suppressed_allowlist.load(Relaxed),
            suppressed_baseline: 0,
            history: None,
        }
    }
}

/// Per-thread buffers for `Scanner::scan_blob`.
#[derive(Default)]
pub struct BlobScratch {
    engine: Scratch,
    matches: Vec<Match>,
}

/// Rules plus the filters that apply per blob.
pub struct Scanner {
    pub rules: RuleSet,
    pub allowlists: Vec<Allowlist>,
    pub max_file_size: u64,
    pub counters: Counters,
}

impl Scanner {
    pub fn new(rules: RuleSet, allowlists: Vec<Allowlist>, max_file_size: u64) -> Self {
        Scanner {
            rules,
            allowlists,
            max_file_size,
            counters: Counters::default(),
        }
    }

    /// Whether a path is allowlisted for every rule; counts it when it is.
    pub fn skip_path(&self, path: &str) -> bool {
        let skip = self.allowlists.iter().any(|a| a.skips_path(path));
        if skip {
            Counters::add(&self.counters.skipped_by_path, 1);
        }
        skip
    }

    /// Decides whether a blob of `size` bytes starting with `head` is scanned, counting it as
    /// skipped when it is not.
    pub fn admit(&self, size: u64, head: &[u8]) -> bool {
        if size > self.max_file_size {
            Counters::add(&self.counters.skipped_too_large, 1);
            return false;
        }
        match classify(head) {
            BlobKind::Text => true,
            BlobKind::Binary => {
                Counters::add(&self.counters.skipped_binary, 1);
                false
            }
            BlobKind::LfsPointer => {
                Counters::add(&self.counters.skipped_lfs, 1);
                false
            }
        }
    }

    /// Scans one admitted blob and returns its findings, unsorted.
    pub fn scan_blob(
        &self,
        hay: &[u8],
        path: &str,
        provenance: &Provenance,
        scratch: &mut BlobScratch,
    ) -> Vec<Finding> {
        self.scan_counted(hay, path, provenance, scratch, &self.counters)
    }

    /// Scans a blob that was already scanned and counted (under another path), without counting
    /// it again.
    pub fn rescan_blob(&self, hay: &[u8], path: &str, scratch: &mut BlobScratch) -> Vec<Finding> {
        self.scan_counted(hay, path, &Provenance::File, scratch, &Counters::default())
    }

    fn scan_counted(
        &self,
        hay: &[u8],
        path: &str,
        provenance: &Provenance,
        scratch: &mut BlobScratch,
        counters: &Counters,
    ) -> Vec<Finding> {
        Counters::add(&counters.blobs_scanned, 1);
        Counters::add(&counters.bytes_scanned, hay.len() as u64);
        scratch.matches.clear();
        self.rules
            .scan(hay, &mut scratch.engine, &mut scratch.matches);
        if scratch.matches.is_empty() {
            return Vec::new();
        }
        let mut findings = Vec::new();
        let mut lines = LineIndex::new(hay);
        for m in &scratch.matches {
            let rule = self.rules.rule(m.rule);
            let line = &hay[LineIndex::line_range(hay, m.secret.start)];
            let secret_bytes = &hay[m.secret.clone()];
            if inline::is_allowed(line) {
                Counters::add(&counters.suppressed_inline, 1);
                continue;
            }
            if self
                .allowlists
                .iter()
                .any(|a| a.allows(&rule.id, path, secret_bytes, line))
            {
                Counters::add(&counters.suppressed_allowlist, 1);
                continue;
            }
            let secret = String::from_utf8_lossy(secret_bytes).into_owned();
            findings.push(Finding {
                rule_id: rule.id.clone(),
                rule_name: rule.name.clone(),
                severity: rule.severity,
                confirmed: m.confirmed,
                path: path.to_string(),
                start: lines.position(m.secret.start),
                end: lines.position(m.secret.end),
                fingerprint: Fingerprint::compute(&rule.id, &secret, path),
                snippet: snippet(hay, m, &scratch.matches),
                secret: Secret::new(secret),
                provenance: provenance.clone(),
            });
        }
        findings
    }
}

/// The text of a match, with its own secret and any other secret inside it marked for redaction.
fn snippet(hay: &[u8], m: &Match, all: &[Match]) -> Vec<Segment> {
    let mut secrets: Vec<std::ops::Range<usize>> = all
        .iter()
        .filter(|o| o.secret.start < m.span.end && m.span.start < o.secret.end)
        .map(|o| o.secret.start.max(m.span.start)..o.secret.end.min(m.span.end))
        .collect();
    secrets.sort_by_key(|r| r.start);
    let mut segments = Vec::new();
    let mut at = m.span.start;
    for range in secrets {
        if range.end <= at {
            continue;
        }
        let start = range.start.max(at);
        if start > at {
            segments.push(Segment::Text(
                String::from_utf8_lossy(&hay[at..start]).into_owned(),
            ));
        }
        segments.push(Segment::Secret(Secret::new(
            String::from_utf8_lossy(&hay[start..range.end]).into_owned(),
        )));
        at = range.end;
    }
    if at < m.span.end {
        segments.push(Segment::Text(
            String::from_utf8_lossy(&hay[at..m.span.end]).into_owned(),
        ));
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_blobs() {
        assert_eq!(classify(b"hello"), BlobKind::Text);
        assert_eq!(classify(b"he\0llo"), BlobKind::Binary);
        assert_eq!(
            classify(b"version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 12\n"),
            BlobKind::LfsPointer
        );
        let mut late_nul = vec![b'a'; BINARY_PROBE + 10];
        late_nul[BINARY_PROBE + 5] = 0;
        assert_eq!(classify(&late_nul), BlobKind::Text);
    }
}
