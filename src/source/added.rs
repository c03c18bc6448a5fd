//! The lines a change adds: a histogram line diff (imara-diff, through gix) between the old and
//! the new version of a blob. Staged and range scans report only findings on these lines.

use std::ops::Range;

use gix::diff::blob::{Algorithm, Diff, InternedInput};

/// The 1-based line numbers a new blob adds, as sorted, disjoint half-open ranges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddedLines(Vec<Range<u32>>);

impl AddedLines {
    /// Every line of a new file.
    pub fn everything() -> Self {
        AddedLines(std::iter::once(1..u32::MAX).collect())
    }

    /// The lines `new` adds to `old`.
    pub fn between(old: &[u8], new: &[u8]) -> Self {
        let input = InternedInput::new(old, new);
        let mut diff = Diff::compute(Algorithm::Histogram, &input);
        diff.postprocess_lines(&input);
        AddedLines(
            diff.hunks()
                .filter(|h| !h.after.is_empty())
                .map(|h| h.after.start + 1..h.after.end + 1)
                .collect(),
        )
    }

    /// How many lines are added.
    pub fn count(&self) -> u64 {
        self.0.iter().map(|r| u64::from(r.end - r.start)).sum()
    }

    /// Whether any line from `first` to `last` (inclusive, 1-based) is added.
    pub fn touches(&self, first: u32, last: u32) -> bool {
        self.0.iter().any(|r| r.start <= last && first < r.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_added_lines() {
        let added = AddedLines::between(b"a\nb\nc\n", b"a\nx\nb\nc\ny\n");
        assert_eq!(added, AddedLines(vec![2..3, 5..6]));
        assert!(added.touches(2, 2));
        assert!(!added.touches(3, 4));
        assert!(added.touches(4, 5));
        assert_eq!(added.count(), 2);
    }

    #[test]
    fn modified_line_counts_as_added() {
        let added = AddedLines::between(b"key = old\n", b"key = new\n");
        assert!(added.touches(1, 1));
    }

    #[test]
    fn identical_adds_nothing() {
        let added = AddedLines::between(b"same\r\nlines\r\n", b"same\r\nlines\r\n");
        assert_eq!(added.count(), 0);
        assert!(AddedLines::everything().touches(7, 7));
    }
}
