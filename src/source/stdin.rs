//! Standard input as one blob, shown as `-` (`leakhound scan -`).

use std::io::Read;

use super::{Blob, BlobSink, SourceOutput};
use crate::finding::Provenance;
pub use crate::paths::STDIN_PATH;

/// Reads stdin up to the size limit and scans it.
pub fn scan(sink: &impl BlobSink, input: impl Read) -> SourceOutput {
    let mut buffer = Vec::new();
    let limit = sink.max_size();
    if let Err(err) = input.take(limit.saturating_add(1)).read_to_end(&mut buffer) {
        return SourceOutput {
            findings: Vec::new(),
            warnings: vec![format!("{STDIN_PATH}: cannot read standard input: {err}")],
        };
    }
    SourceOutput {
        findings: sink.clone().scan(Blob {
            bytes: &buffer,
            path: STDIN_PATH,
            provenance: &Provenance::File,
            id: None,
        }),
        warnings: Vec::new(),
    }
}
