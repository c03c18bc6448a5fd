//! CSV for spreadsheets (RFC 4180): a header row and one row per finding, CRLF line ends, fields
//! quoted when they hold a comma, a quote or a line break. File names and snippets are attacker
//! input, so a cell that a spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`,
//! a tab or a carriage return) gets a leading apostrophe. Secrets are redacted like every format.

use std::io::{self, Write};

use super::Report;
use crate::finding::{Provenance, Redaction};

/// The header row.
pub const HEADER: [&str; 17] = [
    "rule_id",
    "rule_name",
    "severity",
    "confirmed",
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "secret",
    "snippet",
    "fingerprint",
    "source",
    "commit",
    "author",
    "email",
    "date",
];

/// One CSV field: formula triggers neutralised, then quoted if needed.
pub fn field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

fn row(out: &mut dyn Write, cells: &[String]) -> io::Result<()> {
    let line: Vec<String> = cells.iter().map(|c| field(c)).collect();
    write!(out, "{}\r\n", line.join(","))
}

/// Writes the header and a row per finding.
pub fn write(report: &Report, redaction: Redaction, out: &mut dyn Write) -> io::Result<()> {
    row(out, &HEADER.map(String::from))?;
    for f in &report.findings {
        let (source, commit, author, email, date) = match &f.provenance {
            Provenance::File => ("file", "", "", "", ""),
            Provenance::Staged => ("staged", "", "", "", ""),
            Provenance::Commit(c) => (
                "commit",
                c.commit.as_str(),
                c.author.as_str(),
                c.email.as_str(),
                c.date.as_str(),
            ),
        };
        row(
            out,
            &[
                f.rule_id.clone(),
                f.rule_name.clone(),
                f.severity.as_str().to_string(),
                f.confirmed.to_string(),
                f.path.clone(),
                f.start.line.to_string(),
                f.start.column.to_string(),
                f.end.line.to_string(),
                f.end.column.to_string(),
                redaction.apply(f.secret.expose()),
                f.render_snippet(redaction),
                f.fingerprint.0.clone(),
                source.to_string(),
                commit.to_string(),
                author.to_string(),
                email.to_string(),
                date.to_string(),
            ],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn quoting_and_formula_injection() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("+1"), "'+1");
        assert_eq!(field("-"), "'-");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("\tx"), "'\tx");
        assert_eq!(field("\rx"), "\"'\rx\"");
        assert_eq!(field("line\nbreak"), "\"line\nbreak\"");
    }
}
