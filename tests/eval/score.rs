//! Scoring findings against the ground truth: a finding is a hit when it names the same path, a
//! line the planted secret covers, and a secret overlapping the planted one. Reports never show
//! a secret: rule ids, paths and lines only.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{NegativeAt, Truth};

/// A finding reduced to what scoring needs.
#[derive(Clone, Debug)]
pub struct Found {
    pub path: String,
    pub line: usize,
    pub end_line: usize,
    pub secret: String,
    pub rule: String,
}

/// Whether two secrets overlap: one holds the other, or they share a run of 12 characters (an
/// escaped or decoded variant of the same value).
pub fn overlaps(a: &str, b: &str) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a.contains(b) || b.contains(a) {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let w = 12.min(short.len());
    short
        .as_bytes()
        .windows(w)
        .any(|win| std::str::from_utf8(win).is_ok_and(|s| long.contains(s)))
}

pub struct Score {
    pub planted: usize,
    pub found: usize,
    /// Found only by a rule other than the one it was made from: (planted rule, finding rule).
    pub by_other_rule: Vec<(String, String, String, usize)>,
    pub findings: usize,
    pub true_findings: usize,
    /// Findings matching no planted secret: (rule, path, line, negative category or "-").
    pub false_findings: Vec<(String, String, usize, String)>,
    /// Missed planted secrets: (rule, kind, path, line).
    pub missed: Vec<(String, String, String, usize)>,
    /// Per kind of file: (planted, found).
    pub per_kind: BTreeMap<String, (usize, usize)>,
}

impl Score {
    pub fn recall(&self) -> f64 {
        self.found as f64 / self.planted.max(1) as f64
    }
    pub fn precision(&self) -> f64 {
        if self.findings == 0 {
            return 1.0;
        }
        self.true_findings as f64 / self.findings as f64
    }

    /// A table per kind, then misses and false alarms, with no secret in it.
    pub fn report(&self, tool: &str) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{tool}: recall {:.2}% ({}/{}), precision {:.2}% ({}/{} findings)",
            100.0 * self.recall(),
            self.found,
            self.planted,
            100.0 * self.precision(),
            self.true_findings,
            self.findings
        );
        let _ = writeln!(
            s,
            "{:<24} {:>8} {:>8} {:>8}",
            "kind", "planted", "found", "recall"
        );
        for (kind, (p, f)) in &self.per_kind {
            let _ = writeln!(
                s,
                "{kind:<24} {p:>8} {f:>8} {:>7.1}%",
                100.0 * *f as f64 / (*p).max(1) as f64
            );
        }
        let mut fp_by_cat: BTreeMap<&str, usize> = BTreeMap::new();
        for (_, _, _, cat) in &self.false_findings {
            *fp_by_cat.entry(cat).or_default() += 1;
        }
        let _ = writeln!(s, "false alarms by negative category: {fp_by_cat:?}");
        let _ = writeln!(s, "missed ({}):", self.missed.len());
        for (rule, kind, path, line) in &self.missed {
            let _ = writeln!(s, "  {rule:<40} {kind:<22} {path}:{line}");
        }
        let _ = writeln!(s, "false alarms ({}):", self.false_findings.len());
        for (rule, path, line, cat) in &self.false_findings {
            let _ = writeln!(s, "  {rule:<40} {cat:<18} {path}:{line}");
        }
        let _ = writeln!(
            s,
            "found only by another rule ({}):",
            self.by_other_rule.len()
        );
        for (planted, other, path, line) in &self.by_other_rule {
            let _ = writeln!(s, "  {planted:<40} -> {other:<40} {path}:{line}");
        }
        s
    }
}

/// Scores `found` against the truths.
pub fn score(truths: &[Truth], negatives: &[NegativeAt], found: &[Found]) -> Score {
    let mut by_path: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, t) in truths.iter().enumerate() {
        by_path.entry(&t.path).or_default().push(i);
    }
    let mut hit_by: Vec<Vec<&str>> = vec![Vec::new(); truths.len()];
    let mut true_findings = 0;
    let mut false_findings = Vec::new();
    for f in found {
        let mut matched = false;
        for &i in by_path
            .get(f.path.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[])
        {
            let t = &truths[i];
            if f.line <= t.end_line
                && f.end_line.max(f.line) >= t.line
                && overlaps(&f.secret, &t.secret)
            {
                hit_by[i].push(&f.rule);
                matched = true;
            }
        }
        if matched {
            true_findings += 1;
        } else {
            let category = negatives
                .iter()
                .find(|n| n.path == f.path && f.line >= n.line && f.line <= n.end_line)
                .map_or("-".to_string(), |n| n.category.clone());
            false_findings.push((f.rule.clone(), f.path.clone(), f.line, category));
        }
    }
    let mut per_kind: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut missed = Vec::new();
    let mut by_other_rule = Vec::new();
    let mut found_count = 0;
    for (t, hits) in truths.iter().zip(&hit_by) {
        if !t.primary {
            continue;
        }
        let entry = per_kind.entry(t.kind.clone()).or_default();
        entry.0 += 1;
        if hits.is_empty() {
            missed.push((t.rule.clone(), t.kind.clone(), t.path.clone(), t.line));
        } else {
            entry.1 += 1;
            found_count += 1;
            if !hits.contains(&t.rule.as_str()) {
                by_other_rule.push((t.rule.clone(), hits[0].to_string(), t.path.clone(), t.line));
            }
        }
    }
    Score {
        planted: truths.iter().filter(|t| t.primary).count(),
        found: found_count,
        by_other_rule,
        findings: found.len(),
        true_findings,
        false_findings,
        missed,
        per_kind,
    }
}

/// Reads leakhound's JSON report; paths are made relative to `root`.
pub fn leakhound_findings(json: &str, root: &str) -> Vec<Found> {
    let prefix = format!("{}/", root.trim_end_matches('/'));
    let doc: serde_json::Value = serde_json::from_str(json).expect("leakhound wrote JSON");
    doc["findings"]
        .as_array()
        .expect("a findings array")
        .iter()
        .map(|f| Found {
            path: {
                let p = f["path"].as_str().unwrap_or_default();
                p.strip_prefix(&prefix).unwrap_or(p).to_string()
            },
            line: f["line"].as_u64().unwrap_or(0) as usize,
            end_line: f["end_line"].as_u64().unwrap_or(0) as usize,
            secret: f["secret"].as_str().unwrap_or_default().to_string(),
            rule: f["rule_id"].as_str().unwrap_or_default().to_string(),
        })
        .collect()
}
