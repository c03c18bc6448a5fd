//! Reports: text for people, JSON and JSONL for programs, SARIF 2.1.0 for code scanning. Reports
//! read an `Outcome` and never reach into the engine; every secret goes through the redaction.

pub mod json;
pub mod sarif;
pub mod text;

use std::io::{self, Write};

use crate::finding::Redaction;
use crate::Outcome;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Jsonl,
    Sarif,
}

/// How to write a report.
#[derive(Clone, Copy, Debug)]
pub struct ReportOptions {
    pub format: Format,
    pub redaction: Redaction,
    pub color: bool,
}

/// Writes the findings of `outcome` in the chosen format.
pub fn write(outcome: &Outcome, options: &ReportOptions, out: &mut dyn Write) -> io::Result<()> {
    match options.format {
        Format::Text => text::write(outcome, options, out),
        Format::Json => json::write(outcome, options.redaction, out),
        Format::Jsonl => json::write_lines(outcome, options.redaction, out),
        Format::Sarif => sarif::write(outcome, options.redaction, out),
    }
}
