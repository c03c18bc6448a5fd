//! Streams: standard input (`leakhound scan -`, shown as `-`), and FIFOs, process substitutions
//! (`scan <(…)`) and `/dev/stdin` named on the command line. A stream up to the size limit is
//! one blob. A longer one is scanned in windows, as a large file would be if it could be: each
//! window overlaps its neighbours by `MARGIN` on each side, wider than any match and the context
//! a rule or decoder looks at, and owns the bytes between its margins, so that every finding is
//! reported once, by the window that owns its start, at its position in the whole stream. Memory
//! stays bounded by one window.

use std::io::{self, Read};

use super::{Blob, BlobSink, SourceOutput, StreamWindow};
use crate::finding::{char_count, Finding, LineIndex, Position, Provenance};
pub use crate::paths::STDIN_PATH;

/// What a window shares with each neighbour: more than the longest match (multi-line rules read
/// 64 KiB after a keyword) and the context before one (decoded pieces span up to 64 KiB).
const MARGIN: usize = 160 << 10;

/// Reads stdin and scans it.
pub fn scan(sink: &impl BlobSink, input: impl Read) -> SourceOutput {
    scan_stream(sink, input, STDIN_PATH)
}

/// Reads a stream to its end and scans it, shown as `path`: whole up to the size limit, in
/// windows beyond it.
pub fn scan_stream(sink: &impl BlobSink, mut input: impl Read, path: &str) -> SourceOutput {
    scan_reader(sink, &mut input, path)
}

fn scan_reader(sink: &impl BlobSink, input: &mut dyn Read, path: &str) -> SourceOutput {
    let limit = usize::try_from(sink.max_size()).unwrap_or(usize::MAX);
    let mut buffer = Vec::new();
    let mut output = SourceOutput::default();
    let unreadable = |err: io::Error| format!("{path}: cannot read: {err}");
    if let Err(err) = fill(&mut *input, &mut buffer, limit.saturating_add(1)) {
        output.warnings.push(unreadable(err));
        return output;
    }
    if buffer.len() > limit {
        if let Some(order) = crate::utf16::order(&buffer) {
            // UTF-16 text too long for one blob: its windows are cut from the UTF-8 text, so
            // that every window, not only the first, is read as text.
            let mut head = io::Cursor::new(buffer);
            head.set_position(2);
            let mut text = crate::utf16::Utf8Reader::new(head.chain(input), order);
            return scan_reader(sink, &mut text, path);
        }
    }
    let mut sink = sink.clone();
    if buffer.len() <= limit {
        output.findings = sink.scan(Blob {
            bytes: &buffer,
            path,
            provenance: &Provenance::File,
            id: None,
        });
        return output;
    }
    let owned = limit.saturating_sub(2 * MARGIN).max(MARGIN);
    let window = owned + 2 * MARGIN;
    // Where the buffer starts in the stream: lines before it, and characters since the last
    // line break before it (the column of its first byte, less one).
    let mut lines_before = 0u32;
    let mut column_before = 0usize;
    let mut first = true;
    let mut kept = 0;
    loop {
        if let Err(err) = fill(&mut *input, &mut buffer, window) {
            output.warnings.push(unreadable(err));
            return output;
        }
        let last = buffer.len() < window;
        let own_start = if first { 0 } else { MARGIN };
        let own_end = if last {
            buffer.len()
        } else {
            own_start + owned
        };
        let blob = Blob {
            bytes: &buffer,
            path,
            provenance: &Provenance::File,
            id: None,
        };
        let part = StreamWindow {
            first,
            new_bytes: (buffer.len() - kept) as u64,
        };
        let Some(found) = sink.scan_window(blob, part) else {
            // Not text (binary): skipped and counted as a whole.
            return output;
        };
        let mut index = LineIndex::new(&buffer);
        let (from, to) = (index.position(own_start), index.position(own_end));
        output.findings.extend(
            found
                .into_iter()
                .filter(|f| f.start >= from && (last || f.start < to))
                .map(|f| in_stream(f, lines_before, column_before)),
        );
        if last {
            return output;
        }
        let next = own_end - MARGIN;
        let passed = &buffer[..next];
        match memchr::memrchr(b'\n', passed) {
            Some(nl) => {
                lines_before += memchr::memchr_iter(b'\n', passed).count() as u32;
                column_before = char_count(&passed[nl + 1..]);
            }
            None => column_before += char_count(passed),
        }
        buffer.drain(..next);
        kept = buffer.len();
        first = false;
    }
}

/// A finding in a window, placed in the whole stream.
fn in_stream(mut finding: Finding, lines_before: u32, column_before: usize) -> Finding {
    let place = |p: Position| Position {
        line: p.line + lines_before,
        column: if p.line == 1 {
            p.column + column_before as u32
        } else {
            p.column
        },
    };
    finding.start = place(finding.start);
    finding.end = place(finding.end);
    finding
}

/// Reads from `input` until `buffer` holds `size` bytes or the input ends.
fn fill(input: &mut dyn Read, buffer: &mut Vec<u8>, size: usize) -> io::Result<()> {
    let want = size.saturating_sub(buffer.len());
    input.take(want as u64).read_to_end(buffer).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::RuleSet;
    use crate::scan::Scanner;

    const RULES: &str = r#"
rules:
  - id: demo-token
    name: Demo token
    severity: high
    keywords: [dtk_]
    pattern: '\b(dtk_[a-z0-9]{12})\b'
    remediation: Rotate it.
"#;

    #[test]
    fn a_stream_over_the_limit_is_scanned_in_windows_at_its_real_positions() {
        windows_find_every_token(|text| text.as_bytes().to_vec());
    }

    #[test]
    fn a_utf16_stream_over_the_limit_is_scanned_as_text_in_every_window() {
        windows_find_every_token(|text| {
            let mut bytes = vec![0xFF, 0xFE];
            bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            bytes
        });
    }

    /// Scans a long stream of tokens, encoded by `encode`, and checks every token is found once
    /// at its line and column.
    fn windows_find_every_token(encode: impl Fn(&str) -> Vec<u8>) {
        let rules = crate::rules::parse("t.yml", RULES).unwrap();
        let limit = 3 * MARGIN as u64;
        let scanner = Scanner::new(RuleSet::new(rules), Vec::new(), limit);
        // Tokens everywhere, including across every window edge, on long lines.
        let mut text = String::new();
        let mut expected = Vec::new();
        let (mut line, mut column) = (1u32, 1u32);
        let mut n = 0u64;
        while text.len() < 9 * MARGIN {
            n += 1;
            let mixed = n.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 16;
            let token = format!("dtk_{:012x}", mixed & 0xffff_ffff_ffff);
            expected.push((line, column));
            let piece = format!("{token} {}", "x".repeat((n % 5000) as usize));
            column += piece.chars().count() as u32;
            text.push_str(&piece);
            if n % 3 == 0 {
                text.push('\n');
                line += 1;
                column = 1;
            } else {
                text.push(' ');
                column += 1;
            }
        }
        let bytes = encode(&text);
        let output = scan(&scanner.sink(), &bytes[..]);
        assert!(output.warnings.is_empty());
        let mut found: Vec<(u32, u32)> = output
            .findings
            .iter()
            .map(|f| (f.start.line, f.start.column))
            .collect();
        found.sort();
        let first_difference = found.iter().zip(&expected).position(|(a, b)| a != b);
        assert_eq!(
            first_difference,
            None,
            "found {} of {}",
            found.len(),
            expected.len()
        );
        assert_eq!(found.len(), expected.len());
        let stats = scanner.counters.stats();
        // The bytes scanned are those of the text the windows were cut from (UTF-8).
        assert_eq!((stats.scanned, stats.bytes), (1, text.len() as u64));
        assert_eq!(stats.skipped_too_large, 0);
    }
}
