//! JSON (one document: findings, a summary, the rules that fired and what was scanned) and JSONL
//! (a finding a line). No raw secret unless the redaction says so; no timings, so the same input
//! gives the same bytes. The document carries everything the other formats print, so `read`
//! rebuilds the `Report` from it (`leakhound merge`).

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use super::{AddedSuppression, Report, ScanInfo, Stats};
use crate::finding::{
    CommitInfo, Finding, Fingerprint, Position, Provenance, Redaction, Secret, Segment,
};
use crate::rules::{BadChecksum, Origin, Rule, Severity};

/// A finding as JSON shows it.
#[derive(Serialize)]
pub struct JsonFinding<'a> {
    pub rule_id: &'a str,
    pub rule_name: &'a str,
    pub severity: &'static str,
    pub confirmed: bool,
    pub path: &'a str,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub secret: String,
    pub snippet: String,
    pub fingerprint: &'a str,
    pub source: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<&'a CommitInfo>,
    /// Its line carries an allow comment that was not honoured (`--no-allow-comments`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub allow_comment: bool,
}

impl<'a> JsonFinding<'a> {
    pub fn new(f: &'a Finding, redaction: Redaction) -> Self {
        let (source, commit) = match &f.provenance {
            Provenance::File => ("file", None),
            Provenance::Staged => ("staged", None),
            Provenance::Commit(c) => ("commit", Some(&**c)),
        };
        JsonFinding {
            rule_id: &f.rule_id,
            rule_name: &f.rule_name,
            severity: f.severity.as_str(),
            confirmed: f.confirmed,
            path: &f.path,
            line: f.start.line,
            column: f.start.column,
            end_line: f.end.line,
            end_column: f.end.column,
            secret: redaction.apply(f.secret.expose()),
            snippet: f.render_snippet(redaction),
            fingerprint: &f.fingerprint.0,
            source,
            commit,
            allow_comment: f.allow_comment,
        }
    }
}

/// What the reports print of a rule that fired: enough to render every format again.
#[derive(Serialize, Deserialize)]
struct JsonRule {
    id: String,
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    severity: Severity,
    /// A generic rule (a secret-like name rather than a provider's format): SARIF's precision.
    #[serde(default)]
    generic: bool,
    remediation: String,
    #[serde(default)]
    references: Vec<String>,
}

impl JsonRule {
    fn new(rule: &Rule) -> Self {
        JsonRule {
            id: rule.id.clone(),
            name: rule.name.to_string(),
            description: rule.description.as_deref().map(str::to_string),
            severity: rule.severity,
            generic: rule.generic,
            remediation: rule.remediation.to_string(),
            references: rule.references.iter().map(|r| r.to_string()).collect(),
        }
    }

    /// The rule as reports see it; what only the engine needs (pattern, keywords) is empty.
    fn into_rule(self, origin: &str) -> Rule {
        Rule {
            id: self.id,
            name: self.name.into(),
            description: self.description.map(Into::into),
            severity: self.severity,
            keywords: Vec::new(),
            pattern: "".into(),
            min_entropy: None,
            checksum: None,
            bad_checksum: BadChecksum::default(),
            validator: None,
            generic: self.generic,
            fallback: false,
            multiline: false,
            path: None,
            path_hints: Vec::new(),
            window_run: None,
            window_literals: Vec::new(),
            defaulted: Vec::new(),
            remediation: self.remediation.into(),
            references: self.references.into_iter().map(Into::into).collect(),
            examples: Vec::new(),
            negative_examples: Vec::new(),
            origin: Origin {
                file: origin.to_string(),
                line: 0,
            },
        }
    }
}

#[derive(Serialize)]
struct Summary<'a> {
    findings: usize,
    #[serde(flatten)]
    stats: &'a Stats,
    errors: &'a [String],
    notes: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    added_suppression: &'a [AddedSuppression],
}

#[derive(Serialize)]
struct Document<'a> {
    findings: Vec<JsonFinding<'a>>,
    summary: Summary<'a>,
    rules: Vec<JsonRule>,
    scans: &'a [ScanInfo],
}

/// Writes one JSON document: `{"findings": [...], "summary": {...}, "rules": [...], "scans":
/// [...]}`.
pub fn write(report: &Report, redaction: Redaction, out: &mut dyn Write) -> io::Result<()> {
    let document = Document {
        findings: report
            .findings
            .iter()
            .map(|f| JsonFinding::new(f, redaction))
            .collect(),
        summary: Summary {
            findings: report.findings.len(),
            stats: &report.stats,
            errors: &report.errors,
            notes: &report.notes,
            added_suppression: &report.added_suppression,
        },
        rules: report.rules.values().map(JsonRule::new).collect(),
        scans: &report.scans,
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

/// Writes one finding per line.
pub fn write_lines(report: &Report, redaction: Redaction, out: &mut dyn Write) -> io::Result<()> {
    for f in &report.findings {
        serde_json::to_writer(&mut *out, &JsonFinding::new(f, redaction))?;
        writeln!(out)?;
    }
    Ok(())
}

/// A finding as read back from JSON.
#[derive(Deserialize)]
struct ReadFinding {
    rule_id: String,
    rule_name: String,
    severity: Severity,
    #[serde(default)]
    confirmed: bool,
    path: String,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    secret: String,
    snippet: String,
    fingerprint: String,
    source: String,
    #[serde(default)]
    commit: Option<CommitInfo>,
    #[serde(default)]
    allow_comment: bool,
}

#[derive(Deserialize)]
struct ReadSummary {
    #[serde(flatten)]
    stats: Stats,
    #[serde(default)]
    errors: Vec<String>,
    #[serde(default)]
    notes: Vec<String>,
    #[serde(default)]
    added_suppression: Vec<AddedSuppression>,
}

#[derive(Deserialize)]
struct ReadDocument {
    findings: Vec<ReadFinding>,
    summary: ReadSummary,
    #[serde(default)]
    rules: Vec<JsonRule>,
    #[serde(default)]
    scans: Vec<ScanInfo>,
}

/// Rebuilds a report from a JSON document that `write` produced (`name` is used in messages and
/// as the rules' origin). Secrets and snippets stay as that report rendered them: a finding's
/// secret holds the text the report showed (redacted unless it was written with
/// `--show-secrets`), so the report must be written again with `Redaction::None` to show it
/// unchanged.
pub fn read(text: &str, name: &str) -> Result<Report, String> {
    let document: ReadDocument = serde_json::from_str(text)
        .map_err(|e| format!("not a leakhound JSON report (`--format json`): {e}"))?;
    let mut findings = Vec::with_capacity(document.findings.len());
    for f in document.findings {
        let provenance = match (f.source.as_str(), f.commit) {
            ("file", _) => Provenance::File,
            ("staged", _) => Provenance::Staged,
            ("commit", Some(commit)) => Provenance::Commit(Box::new(commit)),
            (source, _) => {
                return Err(format!(
                    "finding at {}:{}: source {source:?} without its commit",
                    f.path, f.line
                ))
            }
        };
        findings.push(Finding {
            rule_id: f.rule_id,
            rule_name: f.rule_name,
            severity: f.severity,
            confirmed: f.confirmed,
            path: f.path,
            start: Position {
                line: f.line,
                column: f.column,
            },
            end: Position {
                line: f.end_line,
                column: f.end_column,
            },
            secret: Secret::new(f.secret),
            snippet: vec![Segment::Rendered(f.snippet)],
            fingerprint: Fingerprint(f.fingerprint),
            provenance,
            allow_comment: f.allow_comment,
        });
    }
    let rules: BTreeMap<String, Rule> = document
        .rules
        .into_iter()
        .map(|r| (r.id.clone(), r.into_rule(name)))
        .collect();
    Ok(Report {
        findings,
        stats: document.summary.stats,
        errors: document.summary.errors,
        notes: document.summary.notes,
        rules,
        elapsed: std::time::Duration::ZERO,
        scans: document.scans,
        added_suppression: document.summary.added_suppression,
    })
}
