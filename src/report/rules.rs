//! Rule listings: the table and JSON of `leakhound rules list`, and the text of `rules explain`.
//! Rule text can come from a config in the scanned tree: the text forms escape control
//! characters (`finding::escape_text`); line breaks in long fields become indented lines.

use std::io::{self, Write};

use crate::finding::escape_text;
use crate::rules::Rule;

/// A multi-line field: each line escaped, continuation lines indented under the first.
fn lines(text: &str) -> String {
    text.split('\n')
        .map(|line| escape_text(line).into_owned())
        .collect::<Vec<_>>()
        .join("\n             ")
}

/// Writes one line per rule: id, severity, name.
pub fn write_table(rules: &[Rule], out: &mut dyn Write) -> io::Result<()> {
    for r in rules {
        writeln!(
            out,
            "{:<40} {:<9} {}",
            escape_text(&r.id),
            r.severity.as_str(),
            escape_text(&r.name)
        )?;
    }
    Ok(())
}

/// Writes the rules as a JSON array of id, name, severity and keywords.
pub fn write_json(rules: &[Rule], out: &mut dyn Write) -> io::Result<()> {
    let list: Vec<_> = rules
        .iter()
        .map(|r| serde_json::json!({"id": r.id, "name": r.name, "severity": r.severity.as_str(), "keywords": r.keywords}))
        .collect();
    writeln!(
        out,
        "{}",
        serde_json::to_string_pretty(&list).unwrap_or_default()
    )
}

/// Writes everything there is to know about one rule.
pub fn write_explanation(rule: &Rule, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{}  ({})",
        escape_text(&rule.name),
        escape_text(&rule.id)
    )?;
    writeln!(out, "severity:    {}", rule.severity)?;
    if let Some(d) = &rule.description {
        writeln!(out, "description: {}", lines(d))?;
    }
    // A keyword may start with a line break (a token prefix at the start of a line).
    let keywords: Vec<String> = rule
        .keywords
        .iter()
        .map(|k| escape_text(k).into_owned())
        .collect();
    writeln!(out, "keywords:    {}", keywords.join(", "))?;
    writeln!(out, "pattern:     {}", escape_text(&rule.pattern))?;
    if let Some(path) = &rule.path {
        writeln!(
            out,
            "path:        {} (applies only to files whose path matches)",
            escape_text(path)
        )?;
    }
    if let Some(e) = rule.min_entropy {
        writeln!(out, "min entropy: {e} bits/char")?;
    }
    if let Some(c) = rule.checksum {
        writeln!(
            out,
            "checksum:    {c:?} (a valid checksum confirms the finding)"
        )?;
    }
    writeln!(out, "remediation: {}", lines(&rule.remediation))?;
    for r in &rule.references {
        writeln!(out, "reference:   {}", escape_text(r))?;
    }
    writeln!(
        out,
        "defined at:  {}",
        escape_text(&rule.origin.to_string())
    )
}
