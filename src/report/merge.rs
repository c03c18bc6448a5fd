//! Merging reports: several `Report`s (read back from our JSON) into one, as if one scan had
//! produced them all. Findings are de-duplicated by fingerprint and location and sorted as a scan
//! sorts them; counts add up (those that describe the configuration or the repository rather than
//! the work, such as disabled rules or shallow boundaries, take the largest); errors and notes
//! are kept once each, in order; the rules that fired and what each input scanned are united.
//! One report merged alone comes out unchanged.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Duration;

use serde_json::Value;

use super::{Report, Stats};
use crate::finding::{Finding, Provenance};

/// Counts that are the same for every part of one scan, not shares of its work.
const LARGEST: &[&str] = &["rules_disabled", "shallow_boundaries"];

/// Merges reports into one.
pub fn merge(reports: Vec<Report>) -> Report {
    let mut findings: Vec<Finding> = Vec::new();
    let mut at: HashMap<Key, usize> = HashMap::new();
    let mut stats: Option<Value> = None;
    let mut errors = Vec::new();
    let mut notes = Vec::new();
    let mut rules = BTreeMap::new();
    let mut scans = Vec::new();
    let mut added_suppression = Vec::new();
    for report in reports {
        for finding in report.findings {
            let key = Key::of(&finding);
            match at.get(&key) {
                Some(&i) => {
                    if earlier(&finding, &findings[i]) {
                        findings[i] = finding;
                    }
                }
                None => {
                    at.insert(key, findings.len());
                    findings.push(finding);
                }
            }
        }
        let value = serde_json::to_value(&report.stats).unwrap_or(Value::Null);
        match &mut stats {
            None => stats = Some(value),
            Some(total) => add(total, &value, ""),
        }
        push_new(&mut errors, report.errors);
        push_new(&mut notes, report.notes);
        for (id, rule) in report.rules {
            rules.entry(id).or_insert(rule);
        }
        push_new(&mut scans, report.scans);
        push_new(&mut added_suppression, report.added_suppression);
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let fired: HashSet<&str> = findings.iter().map(|f| f.rule_id.as_str()).collect();
    rules.retain(|id, _| fired.contains(id.as_str()));
    Report {
        findings,
        stats: stats
            .and_then(|v| serde_json::from_value::<Stats>(v).ok())
            .unwrap_or_default(),
        errors,
        notes,
        rules,
        elapsed: Duration::ZERO,
        scans,
        added_suppression,
    }
}

/// A finding's identity across reports. History findings: the fingerprint alone, as a history
/// scan reports each fingerprint once (at the commit that introduced it), so shards of one
/// history that each saw the secret give one finding. Other findings: fingerprint and location,
/// as a file scan reports every place a secret appears.
#[derive(PartialEq, Eq, Hash)]
struct Key {
    fingerprint: String,
    history: bool,
    path: String,
    start: (u32, u32),
    end: (u32, u32),
}

impl Key {
    fn of(f: &Finding) -> Key {
        let history = matches!(f.provenance, Provenance::Commit(_));
        let (path, start, end) = if history {
            (String::new(), (0, 0), (0, 0))
        } else {
            (
                f.path.clone(),
                (f.start.line, f.start.column),
                (f.end.line, f.end.column),
            )
        };
        Key {
            fingerprint: f.fingerprint.0.clone(),
            history,
            path,
            start,
            end,
        }
    }
}

/// Of two reports of one finding, the one a single scan would keep: the earliest commit (by
/// date, then id, then position), else the first. A history scan orders commits by commit time
/// and generation, which JSON does not carry; author dates agree with it except for rewritten
/// or clock-skewed history.
fn earlier(a: &Finding, b: &Finding) -> bool {
    match (&a.provenance, &b.provenance) {
        (Provenance::Commit(x), Provenance::Commit(y)) => {
            (&x.date, &x.commit, a.start) < (&y.date, &y.commit, b.start)
        }
        _ => false,
    }
}

/// Appends the items of `more` that `into` does not hold yet.
fn push_new<T: PartialEq>(into: &mut Vec<T>, more: Vec<T>) {
    for item in more {
        if !into.contains(&item) {
            into.push(item);
        }
    }
}

/// Adds the counts of `more` to `total`, field by field (so counts added to `Stats` later merge
/// without a change here).
fn add(total: &mut Value, more: &Value, key: &str) {
    match (total, more) {
        (Value::Number(a), Value::Number(b)) => {
            if let (Some(x), Some(y)) = (a.as_u64(), b.as_u64()) {
                let n = if LARGEST.contains(&key) {
                    x.max(y)
                } else {
                    x.saturating_add(y)
                };
                *a = n.into();
            }
        }
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                match a.get_mut(k) {
                    Some(existing) => add(existing, v, k),
                    None => {
                        a.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (total @ Value::Null, more) => *total = more.clone(),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{CommitInfo, Fingerprint, Position, Secret, Segment};
    use crate::rules::Severity;
    use crate::source::history::HistoryStats;

    fn finding(line: u32, commit: Option<(&str, &str)>) -> Finding {
        Finding {
            rule_id: "r".into(),
            rule_name: "R".into(),
            severity: Severity::High,
            confirmed: false,
            path: "a.env".into(),
            start: Position { line, column: 1 },
            end: Position { line, column: 9 },
            secret: Secret::new("abcd…".into()),
            snippet: vec![Segment::Rendered("x".into())],
            fingerprint: Fingerprint("f".into()),
            provenance: match commit {
                Some((date, id)) => Provenance::Commit(Box::new(CommitInfo {
                    commit: id.into(),
                    author: "a".into(),
                    email: "e".into(),
                    date: date.into(),
                    present_at_head: false,
                })),
                None => Provenance::File,
            },
            allow_comment: false,
        }
    }

    fn report(findings: Vec<Finding>) -> Report {
        Report {
            findings,
            stats: Stats::default(),
            errors: Vec::new(),
            notes: Vec::new(),
            rules: BTreeMap::new(),
            elapsed: Duration::ZERO,
            scans: Vec::new(),
            added_suppression: Vec::new(),
        }
    }

    #[test]
    fn history_shards_give_one_finding_per_fingerprint_at_the_earliest_commit() {
        let later = finding(7, Some(("2024-05-01T00:00:00Z", "bbbb")));
        let first = finding(3, Some(("2023-01-01T00:00:00Z", "aaaa")));
        let merged = merge(vec![report(vec![later]), report(vec![first])]);
        assert_eq!(merged.findings.len(), 1);
        assert_eq!(merged.findings[0].start.line, 3);
        // Files: every place is a finding.
        let merged = merge(vec![
            report(vec![finding(7, None)]),
            report(vec![finding(3, None), finding(7, None)]),
        ]);
        let lines: Vec<u32> = merged.findings.iter().map(|f| f.start.line).collect();
        assert_eq!(lines, [3, 7]);
    }

    #[test]
    fn counts_add_up_and_shared_ones_take_the_largest() {
        let a = Stats {
            scanned: 2,
            bytes: 10,
            rules_disabled: 3,
            ..Stats::default()
        };
        let b = Stats {
            scanned: 5,
            bytes: 1,
            rules_disabled: 3,
            history: Some(HistoryStats {
                commits: 4,
                shallow_boundaries: 1,
                ..HistoryStats::default()
            }),
            ..Stats::default()
        };
        let mut total = serde_json::to_value(&a).unwrap();
        add(&mut total, &serde_json::to_value(&b).unwrap(), "");
        add(&mut total, &serde_json::to_value(&b).unwrap(), "");
        let total: Stats = serde_json::from_value(total).unwrap();
        assert_eq!(total.scanned, 12);
        assert_eq!(total.bytes, 12);
        assert_eq!(total.rules_disabled, 3);
        let history = total.history.unwrap();
        assert_eq!(history.commits, 8);
        assert_eq!(history.shallow_boundaries, 1);
    }
}
