//! Reports: text for people, JSON and JSONL for programs, SARIF 2.1.0 for code scanning, GitLab's
//! secret detection report, JUnit XML for CI test views, CSV for spreadsheets; and the rule
//! listings of `rules list` and `rules explain`. Reports render a `Report` (plain data) and
//! never reach into the engine or the scan; every secret goes through the redaction.

pub mod csv;
pub mod gitlab;
pub mod json;
pub mod junit;
pub mod merge;
mod model;
pub mod rules;
pub mod sarif;
pub mod text;

use std::io::{self, Write};

pub use model::{fired_rules, AddedSuppression, Report, ScanInfo, Stats};

use crate::finding::Redaction;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Jsonl,
    Sarif,
    Gitlab,
    Junit,
    Csv,
}

/// How to write a report.
#[derive(Clone, Copy, Debug)]
pub struct ReportOptions {
    pub format: Format,
    pub redaction: Redaction,
    pub color: bool,
}

/// Writes the findings of `report` in the chosen format.
pub fn write(report: &Report, options: &ReportOptions, out: &mut dyn Write) -> io::Result<()> {
    match options.format {
        Format::Text => text::write(report, options, out),
        Format::Json => json::write(report, options.redaction, out),
        Format::Jsonl => json::write_lines(report, options.redaction, out),
        Format::Sarif => sarif::write(report, options.redaction, out),
        Format::Gitlab => gitlab::write(report, options.redaction, out),
        Format::Junit => junit::write(report, options.redaction, out),
        Format::Csv => csv::write(report, options.redaction, out),
    }
}
