//! Standard input as one blob, shown as `-` (`leakhound scan -`).

use std::io::Read;

use super::SourceOutput;
use crate::finding::Provenance;
use crate::scan::{BlobScratch, Scanner};

/// The path findings from stdin carry.
pub const STDIN_PATH: &str = "-";

/// Reads stdin up to the size limit and scans it.
pub fn scan(scanner: &Scanner, input: impl Read) -> SourceOutput {
    let mut buffer = Vec::new();
    let limit = scanner.max_file_size;
    if let Err(err) = input.take(limit.saturating_add(1)).read_to_end(&mut buffer) {
        return SourceOutput {
            findings: Vec::new(),
            warnings: vec![format!("{STDIN_PATH}: cannot read standard input: {err}")],
        };
    }
    let mut output = SourceOutput::default();
    if scanner.admit(buffer.len() as u64, &buffer) {
        output.findings = scanner.scan_blob(
            &buffer,
            STDIN_PATH,
            &Provenance::File,
            &mut BlobScratch::default(),
        );
    }
    output
}
