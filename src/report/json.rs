//! JSON (one document: findings and a summary) and JSONL (a finding a line). No raw secret unless
//! the redaction says so; no timings, so the same input gives the same bytes.

use std::io::{self, Write};

use serde::Serialize;

use super::{Report, Stats};
use crate::finding::{CommitInfo, Finding, Provenance, Redaction};

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
}

#[derive(Serialize)]
struct Document<'a> {
    findings: Vec<JsonFinding<'a>>,
    summary: Summary<'a>,
}

/// Writes one JSON document: `{"findings": [...], "summary": {...}}`.
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
        },
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
