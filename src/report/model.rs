//! What a report prints, as plain data: the findings of a scan, its counts, the errors and notes
//! it met, and the rules that fired. Every format renders this and nothing else.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::finding::Finding;
use crate::rules::Rule;
use crate::source::history::HistoryStats;

/// The rules among `rules` that produced one of `findings`, by id: what `Report::rules` holds.
pub fn fired_rules<'r>(
    findings: &[Finding],
    rules: impl IntoIterator<Item = &'r Rule>,
) -> BTreeMap<String, Rule> {
    let fired: std::collections::HashSet<&str> =
        findings.iter().map(|f| f.rule_id.as_str()).collect();
    rules
        .into_iter()
        .filter(|r| fired.contains(r.id.as_str()))
        .map(|r| (r.id.clone(), r.clone()))
        .collect()
}

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
    /// same input gives the same bytes). Zero for a merged report.
    pub elapsed: Duration,
    /// What was scanned: one entry for a scan, one per distinct input for `leakhound merge`.
    pub scans: Vec<ScanInfo>,
    /// Suppression that the scanned change adds itself, listed (not applied) when suppression
    /// comes from elsewhere (`--config-from`, `--baseline-from`, `--no-allow-comments`).
    pub added_suppression: Vec<AddedSuppression>,
}

/// One piece of suppression a change adds itself: a config edit, a baseline entry, an allow
/// comment. Those that would hide one of the findings name it (path, line, rule; never the
/// secret).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddedSuppression {
    /// `config`, `baseline` or `allow-comment`.
    pub kind: String,
    /// What it does, in words.
    pub what: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// Whether it took effect (`--compare-with`: approved) or was only listed.
    #[serde(default)]
    pub applied: bool,
}

impl AddedSuppression {
    /// One line: what, and the finding it would hide.
    pub fn describe(&self) -> String {
        match (&self.path, self.line, &self.rule) {
            (Some(path), Some(line), Some(rule)) => {
                format!("{} ({rule} at {path}:{line})", self.what)
            }
            _ => self.what.clone(),
        }
    }
}

/// What one scan covered, as the JSON report records it, so that reports merged later (shards of
/// one history, several repositories) still say where each part came from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScanInfo {
    /// `files` (paths and stdin), `staged` or `history`.
    pub target: String,
    /// Files: the paths named on the command line (`-` for stdin); staged changes and history:
    /// the repository as named.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<String>,
    /// History: `all`, or the range as given (`BASE..HEAD`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commits: Option<String>,
    /// The revision whose config was in effect (`--config-from`), when not the work tree's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config_from: Option<String>,
    /// The revision whose baseline was in effect (`--baseline-from`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline_from: Option<String>,
    /// The leakhound version that scanned.
    pub version: String,
}

/// The counts of a finished scan, as reported in summaries and JSON/SARIF.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
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
