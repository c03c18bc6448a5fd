//! The per-blob pipeline every source shares: engine matches in, findings out, with inline allow
//! comments and config allowlists applied and counted. `Scanner` holds what a scan shares (rules,
//! allowlists, limits, counts); `ScanSink` is its per-thread face, the `BlobSink` sources hand
//! their blobs to. Sources decide what a blob is and where it came from; reports decide how
//! findings look.

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use crate::engine::decode::{self, Decoded};
use crate::engine::regions::{self, CrossLine, Delta, RegionScratch, Regions};
use crate::engine::{overlap, Match, RuleSet, Scratch};
use crate::filter::{allowlist::Allowlist, inline};
use crate::finding::{Finding, Fingerprint, LineIndex, Provenance, Secret, Segment};
use crate::paths::PathBase;
use crate::report::Stats;
use crate::source::{Blob, BlobSink, StreamWindow};

/// Files whose first 8 KiB hold a NUL byte are binary.
pub const BINARY_PROBE: usize = 8 << 10;
/// The first line of a Git LFS pointer.
const LFS_VERSION: &[u8] = b"version https://git-lfs.github.com/spec/v1";
/// Git LFS pointers are smaller than this.
const LFS_MAX: usize = 1024;

/// What a blob's leading bytes say it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlobKind {
    Text,
    Binary,
    LfsPointer,
}

/// Classifies a blob by its first bytes (all of them, for a pointer).
pub fn classify(head: &[u8]) -> BlobKind {
    if is_lfs_pointer(head) {
        BlobKind::LfsPointer
    } else if let Some(order) = crate::utf16::order(head) {
        if crate::utf16::is_text(head, order, BINARY_PROBE) {
            BlobKind::Text
        } else {
            BlobKind::Binary
        }
    } else if memchr::memchr(0, &head[..head.len().min(BINARY_PROBE)]).is_some() {
        BlobKind::Binary
    } else {
        BlobKind::Text
    }
}

/// Whether a blob is scanned, or why not.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Admission {
    #[default]
    Scanned,
    Binary,
    LfsPointer,
    TooLarge,
}

/// What scanning one blob added to the counts: a cache replays it for a blob it already knows,
/// so that a scan's counts are the same with and without the cache.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BlobCounts {
    pub admission: Admission,
    /// Bytes scanned (0 unless scanned).
    pub bytes: u64,
    pub suppressed_inline: u64,
    pub suppressed_allowlist: u64,
    pub rejected_by_checksum: u64,
}

/// Whether `blob` is exactly a Git LFS pointer: the version line, optional `ext-N-name
/// sha256:<hex>` lines, `oid sha256:` and 64 lowercase hex digits, `size` and digits, each line
/// ending in a newline, and nothing else. Anything else that merely starts like one is scanned.
pub fn is_lfs_pointer(blob: &[u8]) -> bool {
    fn sha256(value: &[u8]) -> bool {
        value.strip_prefix(b"sha256:").is_some_and(|hex| {
            hex.len() == 64 && hex.iter().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        })
    }
    fn extension(line: &[u8]) -> bool {
        let Some(space) = memchr::memchr(b' ', line) else {
            return false;
        };
        let (key, value) = (&line[..space], &line[space + 1..]);
        let Some(rest) = key.strip_prefix(b"ext-") else {
            return false;
        };
        let (priority, name) = rest.split_at(rest.len().min(1));
        priority.first().is_some_and(u8::is_ascii_digit)
            && name.first() == Some(&b'-')
            && name.len() > 1
            && name[1..].iter().all(u8::is_ascii_alphanumeric)
            && sha256(value)
    }
    if blob.len() >= LFS_MAX || !blob.ends_with(b"\n") {
        return false;
    }
    let mut lines = blob[..blob.len() - 1].split(|&b| b == b'\n');
    if lines.next() != Some(LFS_VERSION) {
        return false;
    }
    let mut line = lines.next();
    while line.is_some_and(extension) {
        line = lines.next();
    }
    let oid = line
        .and_then(|l| l.strip_prefix(b"oid "))
        .is_some_and(sha256);
    let size = lines
        .next()
        .and_then(|l| l.strip_prefix(b"size "))
        .is_some_and(|digits| {
            (1..=20).contains(&digits.len()) && digits.iter().all(u8::is_ascii_digit)
        });
    oid && size && lines.next().is_none()
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
    /// Rules the config's `disable` list turned off (their findings are never looked for).
    pub rules_disabled: AtomicU64,
    /// Token-shaped candidates dropped because their own checksum failed.
    pub rejected_by_checksum: AtomicU64,
    /// Blobs whose encoded text was more than the decoders' budget: scanned whole, but not all
    /// of it decoded.
    pub decode_budget_spent: AtomicU64,
}

impl Counters {
    pub fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Relaxed);
    }

    /// Blobs and bytes scanned so far (for a progress line).
    pub fn scanned(&self) -> (u64, u64) {
        (
            self.blobs_scanned.load(Relaxed),
            self.bytes_scanned.load(Relaxed),
        )
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
            rules_disabled: self.rules_disabled.load(Relaxed),
            rejected_by_checksum: self.rejected_by_checksum.load(Relaxed),
            decode_budget_spent: self.decode_budget_spent.load(Relaxed),
            history: None,
        }
    }
}

/// Per-thread buffers for scanning blobs.
#[derive(Default)]
pub struct BlobScratch {
    engine: Scratch,
    matches: Vec<Match>,
    pieces: Vec<Decoded>,
    decoded_matches: Vec<Match>,
    /// Whether to work out `mark` (a history scan's first pass).
    marking: bool,
    /// What the last blob scanned whole showed of itself for its deltas (`regions::clean`).
    mark: u64,
    regions: RegionScratch,
}

/// Rules plus the filters that apply per blob.
pub struct Scanner {
    pub rules: RuleSet,
    pub allowlists: Vec<Allowlist>,
    pub max_file_size: u64,
    pub counters: Counters,
    /// For files on disk: maps displayed paths to project-root-relative ones for allowlist
    /// globs and fingerprints. Sources whose paths are already repository-relative leave it unset.
    pub path_base: Option<PathBase>,
    /// Bounds for the decoders (base64, JSON escapes, percent-encoding); `None` turns them off.
    pub decode: Option<decode::Limits>,
    /// Whether inline allow comments hide findings; when not, the findings they would have
    /// hidden are reported and marked (`--no-allow-comments`).
    pub allow_comments: bool,
    /// The rules not bound to one line, for scans of a delta's changed lines (built on first use).
    cross_line: std::sync::OnceLock<CrossLine>,
}

impl Scanner {
    pub fn new(rules: RuleSet, allowlists: Vec<Allowlist>, max_file_size: u64) -> Self {
        Scanner {
            rules,
            allowlists,
            max_file_size,
            counters: Counters::default(),
            path_base: None,
            decode: Some(decode::Limits::default()),
            allow_comments: true,
            cross_line: std::sync::OnceLock::new(),
        }
    }

    /// The path allowlists and fingerprints see: relative to the project root.
    pub fn project_path<'a>(&self, path: &'a str) -> std::borrow::Cow<'a, str> {
        match &self.path_base {
            Some(base) => base.relative(path),
            None => std::borrow::Cow::Borrowed(path),
        }
    }

    /// Whether a path is allowlisted for every rule; counts it when it is.
    pub fn skip_path(&self, path: &str) -> bool {
        let path = self.project_path(path);
        let skip = self.allowlists.iter().any(|a| a.skips_path(&path));
        if skip {
            Counters::add(&self.counters.skipped_by_path, 1);
        }
        skip
    }

    /// Decides whether a blob is scanned: not when it is too large, binary, or a Git LFS
    /// pointer.
    fn admission(&self, bytes: &[u8]) -> Admission {
        if bytes.len() as u64 > self.max_file_size {
            return Admission::TooLarge;
        }
        Self::kind_admission(bytes)
    }

    /// Whether a blob is text to scan, or binary, or a Git LFS pointer (its size aside).
    fn kind_admission(bytes: &[u8]) -> Admission {
        match classify(bytes) {
            BlobKind::Text => Admission::Scanned,
            BlobKind::Binary => Admission::Binary,
            BlobKind::LfsPointer => Admission::LfsPointer,
        }
    }

    /// Whether a blob is text to scan, counting it as skipped when it is binary or a Git LFS
    /// pointer.
    fn admit_kind(&self, bytes: &[u8]) -> bool {
        let admission = Self::kind_admission(bytes);
        if admission != Admission::Scanned {
            self.count(&BlobCounts {
                admission,
                ..BlobCounts::default()
            });
        }
        admission == Admission::Scanned
    }

    /// Decides whether a blob is scanned, counting it as skipped when it is not.
    fn admit(&self, bytes: &[u8]) -> bool {
        let admission = self.admission(bytes);
        if admission != Admission::Scanned {
            self.count(&BlobCounts {
                admission,
                ..BlobCounts::default()
            });
        }
        admission == Admission::Scanned
    }

    /// Adds one blob's counts to the scan's.
    pub fn count(&self, blob: &BlobCounts) {
        let c = &self.counters;
        match blob.admission {
            Admission::Scanned => {
                Counters::add(&c.blobs_scanned, 1);
                Counters::add(&c.bytes_scanned, blob.bytes);
                Counters::add(&c.suppressed_inline, blob.suppressed_inline);
                Counters::add(&c.suppressed_allowlist, blob.suppressed_allowlist);
                Counters::add(&c.rejected_by_checksum, blob.rejected_by_checksum);
            }
            Admission::Binary => Counters::add(&c.skipped_binary, 1),
            Admission::LfsPointer => Counters::add(&c.skipped_lfs, 1),
            Admission::TooLarge => Counters::add(&c.skipped_too_large, 1),
        }
    }

    /// A digest of everything that decides what scanning a blob by its bytes alone (no path)
    /// yields: this build, the rules in effect, the allowlists, the size limit and the decoders.
    /// `context` adds what the caller knows (the repository's hash kind). The history cache is
    /// keyed by it.
    pub fn digest(&self, context: &str) -> [u8; 32] {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        let mut field = |label: &str, text: &str| {
            h.update(label.as_bytes());
            h.update((text.len() as u64).to_le_bytes());
            h.update(text.as_bytes());
        };
        field("leakhound", env!("CARGO_PKG_VERSION"));
        field("build", env!("LEAKHOUND_BUILD_ID"));
        field("context", context);
        for rule in self.rules.rules() {
            field("rule", &format!("{rule:?}"));
        }
        for allowlist in &self.allowlists {
            field("allowlist", allowlist.canonical());
        }
        field("max_file_size", &self.max_file_size.to_string());
        field("decode", &format!("{:?}", self.decode));
        field("path_base", &format!("{:?}", self.path_base.is_some()));
        field("allow_comments", &self.allow_comments.to_string());
        h.finalize().into()
    }

    /// The rules not bound to one line.
    fn cross_line(&self) -> &CrossLine {
        self.cross_line.get_or_init(|| CrossLine::new(&self.rules))
    }

    /// This scanner as a sink for one worker thread.
    pub fn sink(&self) -> ScanSink<'_> {
        ScanSink {
            scanner: self,
            scratch: BlobScratch::default(),
        }
    }

    /// Scans one admitted blob and returns its findings, unsorted; adds to `counters`.
    fn scan_counted(
        &self,
        blob: Blob<'_>,
        scratch: &mut BlobScratch,
        counters: &Counters,
    ) -> Vec<Finding> {
        Counters::add(&counters.blobs_scanned, 1);
        Counters::add(&counters.bytes_scanned, blob.bytes.len() as u64);
        self.scan_blob(blob, scratch, counters)
    }

    /// Scans one admitted blob (counted by the caller) and returns its findings, unsorted.
    fn scan_blob(
        &self,
        blob: Blob<'_>,
        scratch: &mut BlobScratch,
        counters: &Counters,
    ) -> Vec<Finding> {
        // UTF-16 text is scanned as UTF-8: positions and snippets are those of the UTF-8 text,
        // line numbers those of the file.
        let transcoded;
        let hay = match crate::utf16::order(blob.bytes) {
            Some(order) => {
                transcoded = crate::utf16::to_utf8(blob.bytes, order);
                &transcoded[..]
            }
            None => blob.bytes,
        };
        scratch.matches.clear();
        let project_path = self.project_path(blob.path);
        self.rules.scan_path(
            hay,
            Some(&project_path),
            &mut scratch.engine,
            &mut scratch.matches,
        );
        // Counted from the plain text only: decoded pieces repeat their line's context.
        let rejected = scratch.engine.take_checksum_rejections();
        Counters::add(&counters.rejected_by_checksum, rejected);
        scratch.mark = 0;
        if scratch.marking
            && scratch.matches.is_empty()
            && rejected == 0
            && crate::utf16::order(blob.bytes).is_none()
        {
            let quiet = !self.cross_line().touched(&scratch.engine);
            scratch.mark = regions::clean(0, quiet);
        }
        let blob = Scanned {
            hay,
            path: blob.path,
            project_path: &project_path,
            provenance: blob.provenance,
            counters,
        };
        let mut findings = Vec::new();
        if !scratch.matches.is_empty() {
            self.plain_findings(&blob, scratch, &mut findings);
        }
        if let Some(limits) = &self.decode {
            self.decoded_findings(&blob, limits, scratch, &mut findings);
            scratch.engine.take_checksum_rejections();
        }
        findings
    }

    fn plain_findings(&self, blob: &Scanned, scratch: &BlobScratch, findings: &mut Vec<Finding>) {
        let mut lines = Lines::new(blob.hay, self.allowlists.len());
        let within = overlap::secrets_within_spans(&scratch.matches);
        for (m, within) in scratch.matches.iter().zip(&within) {
            let secret = &blob.hay[m.secret.clone()];
            let snippet = || snippet(blob.hay, m, within);
            findings.extend(self.finding(blob, &mut lines, m, secret, m.secret.clone(), snippet));
        }
    }

    /// Scans what the decoders find in the blob and reports new secrets at the encoded text's
    /// location. A match whose encoded text overlaps a plain match or one already reported (the
    /// same occurrence, seen by another decoder or at another depth) is skipped, and so is a
    /// secret the plain text reports elsewhere; a match that lies wholly in the undecoded line
    /// context around a piece is skipped too. Each encoded occurrence of a secret is reported,
    /// as plain ones are: a Secret manifest holding one password under two keys leaks it on two
    /// lines. Each comparison is a look-up (sorted ranges, hashed secrets), never a walk over
    /// every match.
    fn decoded_findings(
        &self,
        blob: &Scanned,
        limits: &decode::Limits,
        scratch: &mut BlobScratch,
        findings: &mut Vec<Finding>,
    ) {
        let hay = blob.hay;
        scratch.pieces.clear();
        if !decode::decode_blob(hay, limits, &mut scratch.pieces) {
            Counters::add(&blob.counters.decode_budget_spent, 1);
            scratch.mark = 0;
        }
        if scratch.pieces.is_empty() {
            return;
        }
        if scratch.marking {
            let cost: usize = scratch.pieces.iter().map(|p| p.text.len()).sum();
            scratch.mark = regions::with_cost(scratch.mark, cost as u64);
        }
        let pieces = std::mem::take(&mut scratch.pieces);
        let plain_ranges = overlap::RangeSet::new(scratch.matches.iter().map(|p| p.secret.clone()));
        let plain_secrets: HashSet<&[u8]> = scratch
            .matches
            .iter()
            .map(|p| &hay[p.secret.clone()])
            .collect();
        // What is reported so far: its ranges never overlap (an overlapping one is not
        // reported), so the one starting last before a range's end is the only one to check.
        let mut reported: BTreeMap<usize, usize> = BTreeMap::new();
        // Location in the blob, the match in its piece, snippet, secret.
        type Accepted = (std::ops::Range<usize>, Match, Vec<Segment>, Vec<u8>);
        let mut accepted: Vec<Accepted> = Vec::new();
        for piece in &pieces {
            scratch.decoded_matches.clear();
            self.rules.scan_path(
                &piece.text,
                Some(blob.project_path),
                &mut scratch.engine,
                &mut scratch.decoded_matches,
            );
            if !scratch.decoded_matches.is_empty() {
                scratch.mark = 0;
            }
            let mut within: Option<Vec<Vec<std::ops::Range<usize>>>> = None;
            for (k, m) in scratch.decoded_matches.iter().enumerate() {
                if m.secret.end <= piece.decoded.start || m.secret.start >= piece.decoded.end {
                    continue;
                }
                let source = piece.source_range(m.secret.clone());
                let secret_bytes = &piece.text[m.secret.clone()];
                let overlaps_reported = reported
                    .range(..source.end)
                    .next_back()
                    .is_some_and(|(_, &end)| end > source.start);
                if plain_ranges.overlaps(&source)
                    || plain_secrets.contains(secret_bytes)
                    || overlaps_reported
                {
                    continue;
                }
                if !source.is_empty() {
                    reported.insert(source.start, source.end);
                }
                let within = within
                    .get_or_insert_with(|| overlap::secrets_within_spans(&scratch.decoded_matches));
                let mut segments = vec![Segment::Text(format!("[{}] ", piece.encoding.as_str()))];
                segments.extend(snippet(&piece.text, m, &within[k]));
                accepted.push((source, m.clone(), segments, secret_bytes.to_vec()));
            }
        }
        scratch.pieces = pieces;
        // In blob order, so that positions and lines are found in one pass.
        accepted.sort_by_key(|(source, ..)| source.start);
        let mut lines = Lines::new(hay, self.allowlists.len());
        for (source, m, segments, secret) in accepted {
            findings.extend(self.finding(blob, &mut lines, &m, &secret, source, || segments));
        }
    }

    /// A match as a finding at `location` in the blob, unless an allow comment on its line or an
    /// allowlist accepts it (counted).
    fn finding(
        &self,
        blob: &Scanned,
        lines: &mut Lines,
        m: &Match,
        secret: &[u8],
        location: std::ops::Range<usize>,
        snippet: impl FnOnce() -> Vec<Segment>,
    ) -> Option<Finding> {
        let rule = self.rules.rule(m.rule);
        let line = lines.judge(location.start, &self.allowlists);
        let allow_comment = line.allowed_inline;
        if allow_comment && self.allow_comments {
            Counters::add(&blob.counters.suppressed_inline, 1);
            return None;
        }
        if self
            .allowlists
            .iter()
            .zip(&line.allowlist_lines)
            .any(|(a, &line_matches)| {
                a.allows_given_line(&rule.id, blob.project_path, secret, line_matches)
            })
        {
            Counters::add(&blob.counters.suppressed_allowlist, 1);
            return None;
        }
        let secret = String::from_utf8_lossy(secret).into_owned();
        Some(Finding {
            rule_id: rule.id.clone(),
            rule_name: rule.name.to_string(),
            severity: rule.severity,
            confirmed: m.confirmed,
            path: blob.path.to_string(),
            start: lines.index.position(location.start),
            end: lines.index.position(location.end),
            fingerprint: Fingerprint::compute(&rule.id, &secret, blob.project_path),
            snippet: snippet(),
            secret: Secret::new(secret),
            provenance: blob.provenance.clone(),
            allow_comment,
        })
    }
}

/// Positions in one blob, and what its lines say about allowing findings: judged once per line,
/// so many findings on one long line cost one look at it.
struct Lines<'a> {
    index: LineIndex<'a>,
    /// The line last judged: its range and the judgement.
    judged: Option<(std::ops::Range<usize>, LineJudgement)>,
    allowlists: usize,
}

/// What a line says about the findings on it.
#[derive(Clone)]
struct LineJudgement {
    /// It carries an allow comment.
    allowed_inline: bool,
    /// For each allowlist, whether one of its line regexes matches the line.
    allowlist_lines: Vec<bool>,
}

impl<'a> Lines<'a> {
    fn new(hay: &'a [u8], allowlists: usize) -> Self {
        Lines {
            index: LineIndex::new(hay),
            judged: None,
            allowlists,
        }
    }

    fn judge(&mut self, offset: usize, allowlists: &[Allowlist]) -> LineJudgement {
        let range = self.index.line(offset);
        if let Some((judged, judgement)) = &self.judged {
            if *judged == range {
                return judgement.clone();
            }
        }
        debug_assert_eq!(allowlists.len(), self.allowlists);
        let text = &self.index_hay()[range.clone()];
        let judgement = LineJudgement {
            allowed_inline: inline::is_allowed(text),
            allowlist_lines: allowlists.iter().map(|a| a.matches_line(text)).collect(),
        };
        self.judged = Some((range, judgement.clone()));
        judgement
    }

    fn index_hay(&self) -> &'a [u8] {
        self.index.hay()
    }
}

/// One blob being scanned: its bytes, where it came from, and where its counts go.
struct Scanned<'a> {
    hay: &'a [u8],
    /// The path as reports show it.
    path: &'a str,
    /// The path relative to the project root, for fingerprints and allowlists.
    project_path: &'a str,
    provenance: &'a Provenance,
    counters: &'a Counters,
}

/// A scanner's face for one worker thread: the shared scanner and this thread's buffers.
pub struct ScanSink<'a> {
    scanner: &'a Scanner,
    scratch: BlobScratch,
}

impl Clone for ScanSink<'_> {
    /// Another worker's sink: the same scanner, buffers of its own.
    fn clone(&self) -> Self {
        self.scanner.sink()
    }
}

impl BlobSink for ScanSink<'_> {
    fn max_size(&self) -> u64 {
        self.scanner.max_file_size
    }

    fn skips_path(&self, path: &str) -> bool {
        self.scanner.skip_path(path)
    }

    fn too_large(&self) {
        Counters::add(&self.scanner.counters.skipped_too_large, 1);
    }

    fn scan(&mut self, blob: Blob<'_>) -> Vec<Finding> {
        self.scratch.mark = 0;
        if !self.scanner.admit(blob.bytes) {
            return Vec::new();
        }
        let counters = &self.scanner.counters;
        self.scanner.scan_counted(blob, &mut self.scratch, counters)
    }

    fn rescan(&mut self, blob: Blob<'_>) -> Vec<Finding> {
        self.scanner
            .scan_counted(blob, &mut self.scratch, &Counters::default())
    }

    fn path_patterns(&self) -> Vec<String> {
        self.scanner
            .rules
            .rules()
            .filter_map(|r| r.path.clone())
            .collect()
    }

    fn finds_at_path(&mut self, blob: Blob<'_>) -> bool {
        self.scanner.admission(blob.bytes) == Admission::Scanned && !self.rescan(blob).is_empty()
    }

    fn scan_marked(&mut self, blob: Blob<'_>) -> (Vec<Finding>, u64) {
        self.scratch.marking = true;
        let found = self.scan(blob);
        self.scratch.marking = false;
        (found, self.scratch.mark)
    }

    fn scan_delta(&mut self, blob: Blob<'_>, base: u64, delta: &Delta<'_>) -> Option<u64> {
        let mark = self.mark_delta(blob, base, delta)?;
        self.scanner.count(&BlobCounts {
            admission: Admission::Scanned,
            bytes: blob.bytes.len() as u64,
            ..BlobCounts::default()
        });
        Some(mark)
    }

    fn mark_delta(&mut self, blob: Blob<'_>, base: u64, delta: &Delta<'_>) -> Option<u64> {
        regions::cost(base)?;
        let scanner = self.scanner;
        if scanner.admission(blob.bytes) != Admission::Scanned
            || crate::utf16::order(blob.bytes).is_some()
            || !scanner.project_path(blob.path).is_empty()
        {
            return None;
        }
        let regions = Regions {
            rules: &scanner.rules,
            cross_line: scanner.cross_line(),
            decode: scanner.decode.as_ref(),
        };
        let scratch = &mut self.scratch;
        regions.clean_delta(
            blob.bytes,
            delta,
            base,
            &mut scratch.engine,
            &mut scratch.regions,
        )
    }

    fn scan_window(&mut self, blob: Blob<'_>, window: StreamWindow) -> Option<Vec<Finding>> {
        let counters = &self.scanner.counters;
        if window.first {
            if !self.scanner.admit_kind(blob.bytes) {
                return None;
            }
            Counters::add(&counters.blobs_scanned, 1);
        }
        Counters::add(&counters.bytes_scanned, window.new_bytes);
        Some(self.scanner.scan_blob(blob, &mut self.scratch, counters))
    }
}

impl<'a> ScanSink<'a> {
    /// `scan`, also returning what the blob added to the counts.
    pub fn scan_counting(&mut self, blob: Blob<'_>) -> (Vec<Finding>, BlobCounts) {
        self.scratch.mark = 0;
        let mut counts = BlobCounts {
            admission: self.scanner.admission(blob.bytes),
            ..BlobCounts::default()
        };
        let mut found = Vec::new();
        if counts.admission == Admission::Scanned {
            let local = Counters::default();
            found = self.scanner.scan_counted(blob, &mut self.scratch, &local);
            counts.bytes = local.bytes_scanned.load(Relaxed);
            counts.suppressed_inline = local.suppressed_inline.load(Relaxed);
            counts.suppressed_allowlist = local.suppressed_allowlist.load(Relaxed);
            counts.rejected_by_checksum = local.rejected_by_checksum.load(Relaxed);
        }
        self.scanner.count(&counts);
        (found, counts)
    }

    /// Whether `scan` and `scan_counting` work out what a blob shows of itself for its deltas
    /// (`mark`).
    pub fn marking(&mut self, on: bool) {
        self.scratch.marking = on;
    }

    /// What the last blob `scan` or `scan_counting` read showed of itself for its deltas.
    pub fn mark(&self) -> u64 {
        self.scratch.mark
    }

    /// The scanner behind this sink.
    pub fn scanner(&self) -> &'a Scanner {
        self.scanner
    }
}

/// The text of a match, with its own secret and any other secret inside it (`within`, from
/// `overlap::secrets_within_spans`) marked for redaction.
fn snippet(hay: &[u8], m: &Match, within: &[std::ops::Range<usize>]) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut at = m.span.start;
    for range in within.iter().cloned() {
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
    use base64::Engine as _;

    const RULES: &str = r#"
rules:
  - id: demo-password
    name: Demo password
    severity: medium
    keywords: [password]
    pattern: 'password: (\S+)'
    remediation: Rotate it.
"#;

    fn scanner() -> Scanner {
        let rules = crate::rules::parse("t.yml", RULES).unwrap();
        Scanner::new(RuleSet::new(rules), Vec::new(), u64::MAX)
    }

    fn scan(scanner: &Scanner, text: &str) -> Vec<Finding> {
        scanner.sink().scan(Blob {
            bytes: text.as_bytes(),
            path: "f",
            provenance: &Provenance::File,
            id: None,
        })
    }

    fn b64(text: &str) -> String {
        base64::engine::general_purpose::STANDARD.encode(text)
    }

    #[test]
    fn decoded_secret_is_reported_at_the_encoded_text() {
        let encoded = b64("password: Kd82jfLq0Pz7Wm3n");
        let text = format!("a: 1\nblob: {encoded}\n");
        let found = scan(&scanner(), &text);
        assert_eq!(found.len(), 1);
        let f = &found[0];
        assert_eq!(f.secret.expose(), "Kd82jfLq0Pz7Wm3n");
        assert_eq!((f.start.line, f.end.line), (2, 2));
        // The secret starts in the quantum holding byte 10 of the decoded text (offset 12 of
        // the encoded text) and ends with the run.
        assert_eq!(f.start.column, 7 + 12);
        assert_eq!(f.end.column as usize, 7 + encoded.len());
        let shown = f.render_snippet(crate::finding::Redaction::Default);
        assert!(shown.starts_with("[base64] password: Kd82"), "{shown}");
        assert!(!shown.contains("Kd82jfLq0Pz7Wm3n"), "{shown}");
    }

    #[test]
    fn a_secret_found_in_plain_text_is_not_reported_again_decoded() {
        let text = format!(
            "password: Kd82jfLq0Pz7Wm3n\nblob: {}\n",
            b64("password: Kd82jfLq0Pz7Wm3n")
        );
        assert_eq!(scan(&scanner(), &text).len(), 1);
    }

    #[test]
    fn decoders_can_be_turned_off_and_honour_allow_comments() {
        let text = format!("blob: {}\n", b64("password: Kd82jfLq0Pz7Wm3n"));
        let mut off = scanner();
        off.decode = None;
        assert!(scan(&off, &text).is_empty());
        let allowed = format!(
            "blob: {} # leakhound:allow\n",
            b64("password: Kd82jfLq0Pz7Wm3n")
        );
        assert!(scan(&scanner(), &allowed).is_empty());
    }

    #[test]
    fn classifies_blobs() {
        assert_eq!(classify(b"hello"), BlobKind::Text);
        assert_eq!(classify(b"he\0llo"), BlobKind::Binary);
        assert_eq!(classify(b"\xFF\xFEh\0i\0"), BlobKind::Text);
        assert_eq!(classify(b"\xFE\xFF\0h\0\0"), BlobKind::Binary);
        let oid = "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393";
        let pointer =
            format!("version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\nsize 12345\n");
        assert_eq!(classify(pointer.as_bytes()), BlobKind::LfsPointer);
        let extended = format!(
            "version https://git-lfs.github.com/spec/v1\next-0-foo sha256:{oid}\noid sha256:{oid}\nsize 1\n"
        );
        assert_eq!(classify(extended.as_bytes()), BlobKind::LfsPointer);
        // Anything else that starts like a pointer is text to scan.
        for not_a_pointer in [
            "version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 12\n".to_string(),
            format!("{pointer}KEY=value\n"),
            format!(
                "version https://git-lfs.github.com/spec/v1\nKEY=value\noid sha256:{oid}\nsize 1\n"
            ),
            pointer.trim_end().to_string(),
            pointer.replace("size 12345", "size 12345 "),
            pointer.replace(oid, &oid.to_uppercase()),
            "version https://git-lfs.github.com/spec/v1\n".to_string(),
        ] {
            assert_eq!(
                classify(not_a_pointer.as_bytes()),
                BlobKind::Text,
                "{not_a_pointer:?}"
            );
        }
        let mut late_nul = vec![b'a'; BINARY_PROBE + 10];
        late_nul[BINARY_PROBE + 5] = 0;
        assert_eq!(classify(&late_nul), BlobKind::Text);
    }
}
