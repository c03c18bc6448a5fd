//! SARIF 2.1.0 for GitHub code scanning: one run, the rules that fired (sorted), a result per
//! finding with a repository-relative URI, a region, our fingerprint in `partialFingerprints`,
//! and for history findings the commit in the message and properties. No raw secret, unless the
//! user asked for them.

use std::io::{self, Write};

use serde_json::{json, Map, Value};

use super::Report;
use crate::finding::{Finding, Provenance, Redaction};
use crate::rules::{Rule, Severity};

/// The key of our fingerprint in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "leakhound/v1";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

/// GitHub's `security-severity`: a CVSS-like score that sets the alert's severity.
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
    }
}

/// Percent-encodes a path for a URI reference, keeping `/` and unreserved characters.
pub fn uri_path(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn rule_descriptor(rule: &Rule) -> Value {
    let description = rule
        .description
        .as_deref()
        .unwrap_or(&rule.name)
        .to_string();
    let mut help = format!("{}\n\nRemediation: {}", description, rule.remediation);
    let mut markdown = format!("{}\n\n**Remediation:** {}", description, rule.remediation);
    if !rule.references.is_empty() {
        help.push_str("\n\nReferences:");
        markdown.push_str("\n\n**References:**\n");
        for r in &rule.references {
            help.push_str(&format!("\n- {r}"));
            markdown.push_str(&format!("\n- <{r}>"));
        }
    }
    let mut value = json!({
        "id": rule.id,
        "name": rule.name,
        "shortDescription": { "text": rule.name },
        "fullDescription": { "text": description },
        "help": { "text": help, "markdown": markdown },
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": {
            "tags": ["security", "secret"],
            "security-severity": security_severity(rule.severity),
            "precision": if rule.generic { "medium" } else { "high" },
            "severity": rule.severity.as_str(),
        }
    });
    if let Some(uri) = rule.references.first() {
        value["helpUri"] = json!(uri);
    }
    value
}

fn artifact_location(path: &str) -> Value {
    if path.starts_with('/') {
        json!({ "uri": format!("file://{}", uri_path(path)) })
    } else if path == crate::paths::STDIN_PATH {
        json!({ "uri": "stdin" })
    } else {
        json!({ "uri": uri_path(path), "uriBaseId": "%SRCROOT%" })
    }
}

fn result(finding: &Finding, rule_index: usize, redaction: Redaction) -> Value {
    let secret = redaction.apply(finding.secret.expose());
    let mut message = format!("{} found: {}", finding.rule_name, secret);
    let mut properties = Map::new();
    properties.insert("severity".into(), json!(finding.severity.as_str()));
    properties.insert("confirmed".into(), json!(finding.confirmed));
    if finding.allow_comment {
        properties.insert("allowComment".into(), json!(true));
    }
    if let Provenance::Commit(c) = &finding.provenance {
        message.push_str(&c.introduced());
        properties.insert("commit".into(), json!(c.commit));
        properties.insert("author".into(), json!(c.author));
        properties.insert("email".into(), json!(c.email));
        properties.insert("date".into(), json!(c.date));
        properties.insert("presentAtHead".into(), json!(c.present_at_head));
    }
    json!({
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": level(finding.severity),
        "message": { "text": message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": artifact_location(&finding.path),
                "region": {
                    "startLine": finding.start.line,
                    "startColumn": finding.start.column,
                    "endLine": finding.end.line,
                    "endColumn": finding.end.column.max(1),
                    "snippet": { "text": finding.render_snippet(redaction) },
                }
            }
        }],
        "partialFingerprints": { FINGERPRINT_KEY: finding.fingerprint.0 },
        "properties": properties,
    })
}

/// Writes the SARIF log.
pub fn write(report: &Report, redaction: Redaction, out: &mut dyn Write) -> io::Result<()> {
    let rules: Vec<&Rule> = report.rules.values().collect();
    let index_of = |id: &str| rules.iter().position(|r| r.id == id).unwrap_or(0);
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| result(f, index_of(&f.rule_id), redaction))
        .collect();
    let s = &report.stats;
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "leakhound",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://github.com/leakhound/leakhound",
                    "rules": rules.iter().map(|r| rule_descriptor(r)).collect::<Vec<_>>(),
                }
            },
            "originalUriBaseIds": { "%SRCROOT%": { "description": { "text": "The scan root or repository root." } } },
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": {
                "scanned": s.scanned,
                "bytes": s.bytes,
                "skipped": {
                    "binary": s.skipped_binary,
                    "tooLarge": s.skipped_too_large,
                    "lfs": s.skipped_lfs,
                    "allowlistedPaths": s.skipped_by_path,
                },
                "suppressed": {
                    "inline": s.suppressed_inline,
                    "allowlist": s.suppressed_allowlist,
                    "baseline": s.suppressed_baseline,
                },
                "rulesDisabled": s.rules_disabled,
                "rejectedByChecksum": s.rejected_by_checksum,
                "errors": report.errors,
                "notes": report.notes,
            }
        }]
    });
    let mut log = log;
    if !report.added_suppression.is_empty() {
        log["runs"][0]["properties"]["addedSuppression"] = json!(report.added_suppression);
    }
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn uri_encoding() {
        assert_eq!(super::uri_path("src/a b/c#d.txt"), "src/a%20b/c%23d.txt");
        assert_eq!(super::uri_path("é"), "%C3%A9");
    }
}
