//! Scanning a blob stored as a delta of a clean base by the lines the delta changed.
//!
//! A blob is *clean* when scanning it whole with no path gives the engine nothing at all: no
//! match (before overlaps, allow comments and allowlists are applied), no candidate rejected by
//! its checksum, every decoder within its budget, and no match in any decoded piece. A clean
//! blob adds only "one blob, n bytes scanned" to a scan's counts, so a source that proves a blob
//! clean may count it so instead of scanning it, and the report stays the same.
//!
//! The proof for a blob T stored as a delta against a clean blob B: every rule that is bound to
//! one line (its keywords hold no newline and it is not `multiline`: its windows are clipped to
//! the line of the keyword hit, see `window_around`) sees in a line of T exactly what it sees
//! in the same line of B when the line, with the newlines around it (or the start or end of
//! both blobs), comes from one copy instruction of the delta: such a line gives nothing in T
//! because it gave nothing in B. The decoders are bound to lines too (base64 and percent tokens
//! cannot hold a newline, JSON escapes are unescaped up to the end of their line, and a piece's
//! context is taken within its line), so the pieces of such a line are those of B, which had no
//! match. What is left is scanned here:
//! - every rule over the lines that are not copied so (`dirty`), and the decoders over them,
//!   each of their pieces with every rule;
//! - the rules that are not bound to one line (`multiline`, or a keyword with a newline in it)
//!   over the whole blob, unless no keyword of theirs occurs in it (the base had none, and none
//!   overlaps a dirty line): then they cannot match anywhere. Either way the proof does not
//!   depend on how far their windows reach from a keyword, before it (a keyword with a newline
//!   reads the line before its own, a multi-line rule 512 bytes back: the value of a pair
//!   written value first) or after it;
//! - the decoders' budget, which is per blob: the pieces of the copied lines cost what they
//!   cost in B, at most `m` times B's total where `m` is how many copies read one byte of B, so
//!   `m × cost(B) + cost(dirty lines)` bounds T's total, and T is clean only when that bound is
//!   within T's budget (the bound is carried on to T's own deltas).
//!
//! Anything else (a rule scoped to the empty path, a match anywhere in what is scanned, a bound
//! over the budget) says nothing: the caller scans the blob whole. Scanning a part of a blob
//! alone can only find more than the whole blob would there (a bare `^` at the part's start),
//! never less, so a wrong "not clean" costs time and nothing else.

use std::ops::Range;

use super::decode::{self, Decoded};
use super::{Match, RuleSet, Scratch};

/// The mark of a clean blob whose decoding costs at most `cost` (see `Regions::clean_delta`),
/// `quiet` when no keyword of a rule not bound to one line occurs in it: what a source keeps of
/// a blob for the blobs stored as its deltas. Zero says nothing.
pub fn clean(cost: u64, quiet: bool) -> u64 {
    CLEAN | if quiet { QUIET } else { 0 } | cost.min(QUIET - 1)
}

/// A clean mark with `cost` added to its cost; any other mark as it is.
pub fn with_cost(mark: u64, cost: u64) -> u64 {
    match self::cost(mark) {
        Some(was) => clean(was.saturating_add(cost), quiet(mark)),
        None => mark,
    }
}

/// The decoding cost of a clean blob's mark; `None` for a mark that says nothing.
pub fn cost(mark: u64) -> Option<u64> {
    (mark & CLEAN != 0).then_some(mark & (QUIET - 1))
}

/// Whether a clean blob's mark says no keyword of a rule not bound to one line occurs in it.
pub fn quiet(mark: u64) -> bool {
    mark & (CLEAN | QUIET) == CLEAN | QUIET
}

const CLEAN: u64 = 1 << 63;
const QUIET: u64 = 1 << 62;

/// One copy instruction of a delta: `len` bytes of the base from `from` to the result at `to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Copy {
    pub to: usize,
    pub from: usize,
    pub len: usize,
}

/// How a blob was built from its base: the base's length and the copy instructions, sorted by
/// `to` and not overlapping (every byte of the result no copy gives was inserted).
#[derive(Clone, Copy, Debug)]
pub struct Delta<'a> {
    pub base_len: usize,
    pub copies: &'a [Copy],
}

/// The part of a delta's result a region scan must read: whole lines (each range starts at the
/// start of a line and ends after a newline or at the end of the blob), and how many copies at
/// most read any one byte of the base.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Dirty {
    pub lines: Vec<Range<usize>>,
    pub multiplicity: u64,
}

/// The lines of `hay` that `delta` does not copy whole, with their newlines, from its base.
pub fn dirty_lines(hay: &[u8], delta: &Delta) -> Dirty {
    let mut lines = Vec::new();
    let mut at = 0;
    let mut sources: Vec<(usize, i64)> = Vec::new();
    for c in delta.copies {
        let end = c.to + c.len;
        if c.len == 0 || end > hay.len() {
            continue;
        }
        let seg = &hay[c.to..end];
        // The first line starting inside the copy with its newline before it copied too (or at
        // the start of both blobs), and the end of the last line ending inside it.
        let first = if c.to == 0 && c.from == 0 {
            Some(0)
        } else {
            memchr::memchr(b'\n', seg).map(|p| c.to + p + 1)
        };
        let last = if end == hay.len() && c.from + c.len == delta.base_len {
            Some(end)
        } else {
            memchr::memrchr(b'\n', seg).map(|p| c.to + p + 1)
        };
        let (Some(first), Some(last)) = (first, last) else {
            continue;
        };
        if first >= last {
            continue;
        }
        if first > at {
            lines.push(at..first);
        }
        at = at.max(last);
        sources.push((c.from, 1));
        sources.push((c.from + c.len, -1));
    }
    if at < hay.len() {
        lines.push(at..hay.len());
    }
    // Ends before starts at one position: half-open ranges that touch do not overlap.
    sources.sort_unstable();
    let (mut now, mut most) = (0i64, 0i64);
    for (_, step) in sources {
        now += step;
        most = most.max(now);
    }
    Dirty {
        lines,
        multiplicity: most as u64,
    }
}

/// The rules of a set that are not bound to one line: `multiline`, or with a keyword holding a
/// newline (whose window then spans the lines the keyword joins).
pub struct CrossLine {
    /// Those rules, as a rule set of their own.
    pub rules: RuleSet,
    /// Per rule of the whole set, whether it is one of them.
    member: Vec<bool>,
    /// The longest of their keywords, in bytes.
    longest: usize,
}

impl CrossLine {
    pub fn new(all: &RuleSet) -> CrossLine {
        let member: Vec<bool> = all
            .rules()
            .map(|r| r.multiline || r.keywords.iter().any(|k| k.contains('\n')))
            .collect();
        let rules: Vec<_> = all
            .rules()
            .zip(&member)
            .filter(|(_, &m)| m)
            .map(|(r, _)| r.clone())
            .collect();
        let longest = rules
            .iter()
            .flat_map(|r| r.keywords.iter().map(|k| k.len()))
            .max()
            .unwrap_or(0);
        CrossLine {
            rules: RuleSet::new(rules),
            member,
            longest,
        }
    }

    /// Whether the keyword gate of the last scan with `scratch` (by the whole set) met a
    /// keyword of one of these rules.
    pub fn touched(&self, scratch: &Scratch) -> bool {
        scratch
            .touched
            .iter()
            .any(|&r| self.member.get(r as usize).copied().unwrap_or(true))
    }
}

/// Buffers of a region scan.
#[derive(Default)]
pub struct RegionScratch {
    matches: Vec<Match>,
    pieces: Vec<Decoded>,
    /// The engine's buffers for the rules not bound to one line: a `Scratch` keeps per-rule
    /// state by rule index (a probe's lazy-DFA cache, a regex's capture slots), so one rule set's
    /// scratch must never serve another (rule `i` of `CrossLine::rules` is not rule `i` of the
    /// whole set; a cache or captures of another rule's regex give wrong results).
    cross: Scratch,
}

/// What decides a region scan: the rules, those of them not bound to a line, the decoders.
pub struct Regions<'a> {
    pub rules: &'a RuleSet,
    pub cross_line: &'a CrossLine,
    pub decode: Option<&'a decode::Limits>,
}

impl Regions<'_> {
    /// Whether `hay`, a delta of a clean base whose mark is `base` (see `clean`), is clean (see
    /// the module comment): `Some` of its own mark when it is, `None` when this cannot tell.
    /// `hay` must be text the scan admits, and not UTF-16 (nor the base).
    pub fn clean_delta(
        &self,
        hay: &[u8],
        delta: &Delta,
        base: u64,
        scratch: &mut Scratch,
        own: &mut RegionScratch,
    ) -> Option<u64> {
        let base_cost = cost(base)?;
        if self.rules.scoped_for_empty_path(scratch) {
            return None;
        }
        let dirty = dirty_lines(hay, delta);
        // Not worth it when most lines changed: the whole scan says as much for less.
        let dirty_len: usize = dirty.lines.iter().map(|r| r.len()).sum();
        if dirty_len * 2 > hay.len() {
            return None;
        }
        // A keyword occurrence within one copy is one of the base's; any other overlaps a dirty
        // line (two clean lines next to each other come from one copy). So when the base has no
        // keyword of a rule not bound to a line, the dirty lines and a keyword's length around
        // them tell whether the blob has one; when it has, those rules read it whole.
        let cross = &self.cross_line;
        let quiet = quiet(base)
            && dirty.lines.iter().all(|r| {
                let around =
                    r.start.saturating_sub(cross.longest)..(r.end + cross.longest).min(hay.len());
                finds_nothing(&cross.rules, &hay[around], &mut own.cross, &mut own.matches)
                    && own.cross.touched.is_empty()
            });
        if !quiet && !finds_nothing(&cross.rules, hay, &mut own.cross, &mut own.matches) {
            return None;
        }
        for lines in &dirty.lines {
            if !finds_nothing(self.rules, &hay[lines.clone()], scratch, &mut own.matches) {
                return None;
            }
        }
        let Some(limits) = self.decode else {
            return Some(clean(0, quiet));
        };
        let budget = (limits.max_total as u64)
            .saturating_add((hay.len() as u64).saturating_mul(limits.per_byte as u64));
        let mut cost = dirty.multiplicity.saturating_mul(base_cost);
        for lines in &dirty.lines {
            let mut pieces = std::mem::take(&mut own.pieces);
            pieces.clear();
            let complete = decode::decode_blob(&hay[lines.clone()], limits, &mut pieces);
            let clean = complete
                && pieces.iter().all(|p| {
                    cost = cost.saturating_add(p.text.len() as u64);
                    self.finds_nothing_decoded(&p.text, scratch, own)
                });
            own.pieces = pieces;
            if !clean || cost > budget {
                return None;
            }
        }
        Some(clean(cost, quiet))
    }

    /// Whether the rules find nothing in a decoded piece (a scan drops the checksum rejections
    /// of decoded text).
    fn finds_nothing_decoded(
        &self,
        text: &[u8],
        scratch: &mut Scratch,
        own: &mut RegionScratch,
    ) -> bool {
        own.matches.clear();
        self.rules.scan_path(text, None, scratch, &mut own.matches);
        scratch.take_checksum_rejections();
        own.matches.is_empty()
    }
}

/// Whether `rules` find nothing in `hay` and reject no candidate by its checksum; `scratch` must
/// be one only `rules` scan with.
fn finds_nothing(
    rules: &RuleSet,
    hay: &[u8],
    scratch: &mut Scratch,
    matches: &mut Vec<Match>,
) -> bool {
    matches.clear();
    rules.scan_path(hay, None, scratch, matches);
    let rejected = scratch.take_checksum_rejections();
    matches.is_empty() && rejected == 0
}

impl RuleSet {
    /// Whether a rule scoped by path applies to a blob with the empty path (a blob of a history
    /// scan before its path is known): then its scan is not the sum of its lines'.
    fn scoped_for_empty_path(&self, scratch: &mut Scratch) -> bool {
        if scratch.in_scope.len() < self.rules.len() {
            scratch.in_scope.resize(self.rules.len(), false);
        }
        let scopes = self.path_scopes();
        let any = self.mark_in_scope(scopes, Some(""), scratch);
        for &rule in &scopes.rules {
            scratch.in_scope[rule] = false;
        }
        any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy(to: usize, from: usize, len: usize) -> Copy {
        Copy { to, from, len }
    }

    #[test]
    fn the_rules_not_bound_to_a_line_keep_their_own_scratch() {
        // Rule 0 of the whole set is line-bound; rule 0 of the cross-line set is `multiline`
        // with more groups: sharing one scratch, the latter ran with the former's probe cache
        // and capture slots, and lost its match.
        let yaml = r#"
rules:
  - id: one-line-token
    name: One-line token
    severity: high
    keywords: [aqz_]
    pattern: '\b(aqz_[a-z0-9]{20})\b'
    remediation: Revoke it.
  - id: two-line-token
    name: Two-line token
    severity: high
    multiline: true
    keywords: [bqz_user]
    pattern: '(bqz_user)[ \t]*\n([ \t]*)(?P<secret>bqz_[a-z0-9]{20})\b'
    remediation: Revoke it.
"#;
        let all = RuleSet::new(crate::rules::parse("test.yml", yaml).unwrap());
        let cross = CrossLine::new(&all);
        let regions = Regions {
            rules: &all,
            cross_line: &cross,
            decode: None,
        };
        let mut scratch = Scratch::default();
        let mut found = Vec::new();
        all.scan_path(
            b"x = aqz_k3j5h7g9f2d4s6a8p0o1\n",
            None,
            &mut scratch,
            &mut found,
        );
        assert_eq!(found.len(), 1);
        let mut hay = b"bqz_user\n  bqz_m2n4b6v8c1x3z5l7k9j0\n".to_vec();
        for _ in 0..20 {
            hay.extend_from_slice(b"an ordinary line\n");
        }
        let changed = hay.len();
        hay.extend_from_slice(b"new\n");
        let copies = [copy(0, 0, changed)];
        let delta = Delta {
            base_len: changed,
            copies: &copies,
        };
        let mut own = RegionScratch::default();
        let base = clean(0, false);
        assert_eq!(
            regions.clean_delta(&hay, &delta, base, &mut scratch, &mut own),
            None
        );
    }

    /// The rule set and the cross-line rules of a value-first pair rule: its window reaches back
    /// from the name to the value on the line before (a keyword holding a newline reads the line
    /// before its own; a multi-line rule's window reaches back too).
    fn value_first_rules(multiline: bool) -> (RuleSet, CrossLine) {
        let yaml = format!(
            r#"
rules:
  - id: value-first-token
    name: Value-first token
    severity: high
    multiline: {multiline}
    keywords: ["password\n"]
    pattern: '(?im)value:[ \t]*(?P<secret>[A-Za-z0-9]{{16}})\n[ \t]*name:[ \t]*\w*password$'
    remediation: Revoke it.
"#
        );
        let all = RuleSet::new(crate::rules::parse("test.yml", &yaml).unwrap());
        let cross = CrossLine::new(&all);
        (all, cross)
    }

    fn filler(hay: &mut Vec<u8>) {
        for _ in 0..20 {
            hay.extend_from_slice(b"an ordinary line\n");
        }
    }

    #[test]
    fn a_name_changed_after_its_value_is_not_clean() {
        // The value line is copied from a clean base; the delta changes only the name under it,
        // which makes it a password: the rule's window reaches back from the changed line.
        for multiline in [false, true] {
            name_changed_after_value(multiline);
        }
    }

    fn name_changed_after_value(multiline: bool) {
        let (all, cross) = value_first_rules(multiline);
        let regions = Regions {
            rules: &all,
            cross_line: &cross,
            decode: None,
        };
        let (mut scratch, mut own) = (Scratch::default(), RegionScratch::default());
        let mut base = b"- value: Qm8vTz3LpX2sWe9R\n".to_vec();
        let value_line = base.len();
        base.extend_from_slice(b"  name: DB_HOST\n");
        let name_end = base.len();
        filler(&mut base);
        let mut found = Vec::new();
        all.scan(&base, &mut scratch, &mut found);
        assert!(found.is_empty());
        let mut hay = base[..value_line].to_vec();
        hay.extend_from_slice(b"  name: DB_PASSWORD\n");
        let copied_again = hay.len();
        hay.extend_from_slice(&base[name_end..]);
        all.scan(&hay, &mut scratch, &mut found);
        assert_eq!(found.len(), 1);
        let copies = [
            copy(0, 0, value_line),
            // With the newline before it, so the line after the changed one is clean.
            copy(copied_again - 1, name_end - 1, base.len() - name_end + 1),
        ];
        let delta = Delta {
            base_len: base.len(),
            copies: &copies,
        };
        assert_eq!(
            dirty_lines(&hay, &delta).lines,
            vec![value_line..copied_again]
        );
        for mark in [clean(0, true), clean(0, false)] {
            assert_eq!(
                regions.clean_delta(&hay, &delta, mark, &mut scratch, &mut own),
                None
            );
        }
    }

    #[test]
    fn a_value_changed_before_its_name_is_not_clean() {
        // The name line is copied from a clean base (whose value was a placeholder); the delta
        // changes only the value above it.
        for multiline in [false, true] {
            value_changed_before_name(multiline);
        }
    }

    fn value_changed_before_name(multiline: bool) {
        let (all, cross) = value_first_rules(multiline);
        let regions = Regions {
            rules: &all,
            cross_line: &cross,
            decode: None,
        };
        let (mut scratch, mut own) = (Scratch::default(), RegionScratch::default());
        let mut base = b"- value: xxxxxxxxxxxxxxxx\n".to_vec();
        let name_start = base.len();
        base.extend_from_slice(b"  name: DB_PASSWORD\n");
        filler(&mut base);
        let mut found = Vec::new();
        all.scan(&base, &mut scratch, &mut found);
        assert!(found.is_empty());
        let mut hay = b"- value: Qm8vTz3LpX2sWe9R\n".to_vec();
        let copied = hay.len();
        hay.extend_from_slice(&base[name_start..]);
        all.scan(&hay, &mut scratch, &mut found);
        assert_eq!(found.len(), 1);
        let copies = [copy(
            copied - 1,
            name_start - 1,
            base.len() - name_start + 1,
        )];
        let delta = Delta {
            base_len: base.len(),
            copies: &copies,
        };
        assert_eq!(dirty_lines(&hay, &delta).lines, vec![0..copied]);
        // The base holds the rule's keyword: it is not quiet, and the rule reads the blob whole.
        assert_eq!(
            regions.clean_delta(&hay, &delta, clean(0, false), &mut scratch, &mut own),
            None
        );
    }

    #[test]
    fn lines_copied_whole_are_clean() {
        // base: "aaa\nbbb\nccc\n"; result: "aaa\nXbb\nccc\n" (one byte inserted at 4).
        let hay = b"aaa\nXbb\nccc\n";
        let copies = [copy(0, 0, 4), copy(5, 5, 7)];
        let d = dirty_lines(
            hay,
            &Delta {
                base_len: 12,
                copies: &copies,
            },
        );
        assert_eq!(d.lines, vec![4..8]);
        assert_eq!(d.multiplicity, 1);
    }

    #[test]
    fn the_first_and_last_lines_need_the_base_to_start_and_end_there() {
        let hay = b"aaa\nbbb";
        // Copied from the middle of a longer base: neither end is an end of the base.
        let copies = [copy(0, 3, 7)];
        let d = dirty_lines(
            hay,
            &Delta {
                base_len: 20,
                copies: &copies,
            },
        );
        assert_eq!(d.lines, vec![0..7]);
        let copies = [copy(0, 0, 7)];
        let d = dirty_lines(
            hay,
            &Delta {
                base_len: 7,
                copies: &copies,
            },
        );
        assert!(d.lines.is_empty());
    }

    #[test]
    fn copies_that_read_one_byte_twice_count_twice() {
        let hay = b"\naa\n\naa\n";
        let copies = [copy(0, 0, 4), copy(4, 0, 4)];
        let d = dirty_lines(
            hay,
            &Delta {
                base_len: 4,
                copies: &copies,
            },
        );
        assert_eq!(d.multiplicity, 2);
        assert_eq!(d.lines, vec![4..5]);
    }
}
