//! What a report prints, as plain data: the findings of a scan, its counts, the errors and notes
//! it met, and the rules that fired. Every format renders this and nothing else.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;

use crate::finding::Finding;
use crate::rules::Rule;
use crate::source::history::HistoryStats;

/// One scan's result, as reports see it.
pub struct Report {
    /// Sorted by path, line, column, rule.
    pub findings: Vec<Finding>,
    pub stats: Stats,
    /// Problems that did not stop the scan but left something unscanned; they make the exit
    /// code 2.
    pub errors: Vec<String>,
    /// Notes that change nothing about the result (e.g. history cut by a shallow clone).
    pub notes: Vec<String>,
    /// The rules that produced a finding, by id.
    pub rules: BTreeMap<String, Rule>,
    /// How long the scan took (the text summary shows it; machine formats do not, so that the
    /// same input gives the same bytes).
    pub elapsed: Duration,
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
    /// Rules turned off by the config's `disable` list.
    pub rules_disabled: u64,
    /// Token-shaped candidates dropped because their own checksum failed (GitHub, npm…): made-up
    /// or mistyped tokens, which a user testing the scanner should hear about.
    pub rejected_by_checksum: u64,
    /// Blobs scanned whole whose encoded text was more than the decoders' budget (not all of it
    /// was decoded); shown only when there are some.
    #[serde(skip_serializing_if = "is_zero")]
    pub decode_budget_spent: u64,
    /// History scans only: commits walked, unique blobs, missing objects, shallow boundaries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<HistoryStats>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}
