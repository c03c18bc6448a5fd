//! Rule listings: the table and JSON of `leakhound rules list`, and the text of `rules explain`.

use std::io::{self, Write};

use crate::rules::Rule;

/// Writes one line per rule: id, severity, name.
pub fn write_table(rules: &[Rule], out: &mut dyn Write) -> io::Result<()> {
    for r in rules {
        writeln!(out, "{:<40} {:<9} {}", r.id, r.severity.as_str(), r.name)?;
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
    writeln!(out, "{}  ({})", rule.name, rule.id)?;
    writeln!(out, "severity:    {}", rule.severity)?;
    if let Some(d) = &rule.description {
        writeln!(out, "description: {d}")?;
    }
    // A keyword may start with a line break (a token prefix at the start of a line).
    let keywords: Vec<String> = rule
        .keywords
        .iter()
        .map(|k| k.replace('\n', "\\n"))
        .collect();
    writeln!(out, "keywords:    {}", keywords.join(", "))?;
    writeln!(out, "pattern:     {}", rule.pattern)?;
    if let Some(path) = &rule.path {
        writeln!(
            out,
            "path:        {path} (applies only to files whose path matches)"
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
    writeln!(out, "remediation: {}", rule.remediation)?;
    for r in &rule.references {
        writeln!(out, "reference:   {r}")?;
    }
    writeln!(out, "defined at:  {}", rule.origin)
}
