//! JUnit XML for CI test reports (GitLab's `artifacts:reports:junit`, Jenkins, Azure DevOps): one
//! test suite per rule that fired, a failing test case per finding (named `path:line:column`, the
//! message and body redacted like every format), and for a clean scan one suite with one passing
//! case, so the CI shows a green check rather than "no tests". Scan errors are a suite with an
//! erroring case.

use std::io::{self, Write};

use super::Report;
use crate::finding::{Finding, Provenance, Redaction};

/// Escapes text for XML content and attributes; characters XML 1.0 cannot carry at all (most
/// control characters, U+FFFE, U+FFFF) become visible `\u{..}` escapes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' => out.push(c),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

fn failure_body(report: &Report, f: &Finding, redaction: Redaction) -> String {
    let mut body = format!(
        "{}:{}:{}  {}  {}\n{}",
        f.path,
        f.start.line,
        f.start.column,
        f.severity.as_str(),
        f.rule_id,
        f.render_snippet(redaction)
    );
    if let Provenance::Commit(c) = &f.provenance {
        body.push_str(&format!(
            "\ncommit {} by {} <{}> on {}{}",
            c.commit,
            c.author,
            c.email,
            c.date,
            if c.present_at_head {
                ", still present at HEAD"
            } else {
                ", no longer at HEAD (still in history)"
            }
        ));
    }
    body.push_str(&format!("\nfingerprint {}", f.fingerprint));
    if let Some(rule) = report.rules.get(&f.rule_id) {
        body.push_str(&format!("\n\nWhat to do: {}", rule.remediation));
    }
    body
}

/// Writes the JUnit document.
pub fn write(report: &Report, redaction: Redaction, out: &mut dyn Write) -> io::Result<()> {
    let time = format!("{:.3}", report.elapsed.as_secs_f64());
    // Rules in the order of their first finding (reports are sorted by path, line, rule).
    let mut rules: Vec<(&str, &str, Vec<&Finding>)> = Vec::new();
    for f in &report.findings {
        match rules.iter_mut().find(|(id, ..)| *id == f.rule_id) {
            Some((_, _, list)) => list.push(f),
            None => rules.push((&f.rule_id, &f.rule_name, vec![f])),
        }
    }
    rules.sort_by(|a, b| a.0.cmp(b.0));
    let errors = usize::from(!report.errors.is_empty());
    let tests = report.findings.len().max(1) + errors;
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="leakhound" tests="{tests}" failures="{}" errors="{errors}" time="{time}">"#,
        report.findings.len()
    )?;
    if report.findings.is_empty() {
        let scanned = report.stats.scanned;
        writeln!(
            out,
            r#"  <testsuite name="leakhound" tests="1" failures="0" errors="0" skipped="0" time="{time}">"#
        )?;
        writeln!(
            out,
            r#"    <testcase name="{}" classname="leakhound" time="{time}"/>"#,
            escape(&format!(
                "no secrets found ({scanned} {} scanned)",
                match (report.stats.history.is_some(), scanned == 1) {
                    (true, true) => "blob",
                    (true, false) => "blobs",
                    (false, true) => "file",
                    (false, false) => "files",
                }
            ))
        )?;
        writeln!(out, "  </testsuite>")?;
    }
    for (id, name, findings) in &rules {
        writeln!(
            out,
            r#"  <testsuite name="{}" tests="{n}" failures="{n}" errors="0" skipped="0" time="0">"#,
            escape(&format!("leakhound: {id} ({name})")),
            n = findings.len()
        )?;
        for f in findings {
            let message = format!(
                "{} found: {}",
                f.rule_name,
                redaction.apply(f.secret.expose())
            );
            writeln!(
                out,
                r#"    <testcase name="{}" classname="{}" file="{}" line="{}" time="0">"#,
                escape(&format!("{}:{}:{}", f.path, f.start.line, f.start.column)),
                escape(&format!("leakhound.{id}")),
                escape(&f.path),
                f.start.line
            )?;
            writeln!(
                out,
                r#"      <failure message="{}" type="{}">{}</failure>"#,
                escape(&message),
                f.severity.as_str(),
                escape(&failure_body(report, f, redaction))
            )?;
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    if !report.errors.is_empty() {
        writeln!(
            out,
            r#"  <testsuite name="leakhound: scan errors" tests="1" failures="0" errors="1" skipped="0" time="0">"#
        )?;
        writeln!(
            out,
            r#"    <testcase name="the scan was incomplete" classname="leakhound" time="0">"#
        )?;
        writeln!(
            out,
            r#"      <error message="{}" type="error">{}</error>"#,
            escape(&format!(
                "{} left something unscanned",
                if report.errors.len() == 1 {
                    "1 error".to_string()
                } else {
                    format!("{} errors", report.errors.len())
                }
            )),
            escape(&report.errors.join("\n"))
        )?;
        writeln!(out, "    </testcase>")?;
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_control_characters() {
        assert_eq!(
            super::escape("a<b>&\"c'\u{1b}[31m\r"),
            "a&lt;b&gt;&amp;&quot;c&apos;\\u{1b}[31m&#13;"
        );
    }
}
