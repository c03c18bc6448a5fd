//! GitLab's secret detection report (schema 15.2.1, `artifacts:reports:secret_detection`): one
//! vulnerability per finding, with the rule as identifier, the remediation as solution and the
//! commit that introduced a history finding. Identifiers, locations and the source extract never
//! carry the raw secret: the extract is the snippet under the redaction, like every format.

use std::io::{self, Write};
use std::time::SystemTime;

use serde_json::{json, Value};

use super::Report;
use crate::finding::{Finding, Provenance, Redaction};
use crate::rules::Severity;

/// The schema version the report declares and is tested against.
pub const SCHEMA_VERSION: &str = "15.2.1";

/// The commit GitLab's own analyzers name when a finding is not tied to a commit.
const NO_COMMIT: &str = "0000000";

/// GitLab caps `solution` at this many characters.
const MAX_SOLUTION: usize = 7000;

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "Critical",
        Severity::High => "High",
        Severity::Medium => "Medium",
        Severity::Low => "Low",
    }
}

/// A UUID-shaped id from the finding's fingerprint (16 bytes of a hash), so the same finding
/// keeps its id from one pipeline to the next.
fn uuid(finding: &Finding) -> String {
    let hex = &finding.fingerprint.0;
    if hex.len() == 32 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        format!(
            "{}-{}-{}-{}-{}",
            &hex[..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..]
        )
    } else {
        hex.clone()
    }
}

fn vulnerability(report: &Report, finding: &Finding, redaction: Redaction) -> Value {
    let rule = report.rules.get(&finding.rule_id);
    let mut identifier = json!({
        "type": "leakhound_rule_id",
        "name": format!("leakhound rule {}", finding.rule_id),
        "value": finding.rule_id,
    });
    if let Some(url) = rule.and_then(|r| r.references.first()) {
        identifier["url"] = json!(url);
    }
    let mut description = format!(
        "{} found: {}",
        finding.rule_name,
        redaction.apply(finding.secret.expose())
    );
    let commit = match &finding.provenance {
        Provenance::Commit(c) => {
            description.push_str(&c.introduced());
            json!({ "sha": c.commit, "author": format!("{} <{}>", c.author, c.email), "date": c.date })
        }
        _ => json!({ "sha": NO_COMMIT }),
    };
    if let Some(d) = rule.and_then(|r| r.description.as_deref()) {
        description.push_str("\n\n");
        description.push_str(d);
    }
    let mut value = json!({
        "id": uuid(finding),
        "category": "secret_detection",
        "name": finding.rule_name,
        "description": description,
        "severity": severity(finding.severity),
        "identifiers": [identifier],
        "location": {
            "file": finding.path,
            "start_line": finding.start.line,
            "end_line": finding.end.line,
            "commit": commit,
        },
        "raw_source_code_extract": finding.render_snippet(redaction),
    });
    if let Some(rule) = rule {
        value["solution"] = json!(rule
            .remediation
            .chars()
            .take(MAX_SOLUTION)
            .collect::<String>());
        let links: Vec<Value> = rule
            .references
            .iter()
            .map(|u| json!({ "url": u }))
            .collect();
        if !links.is_empty() {
            value["links"] = json!(links);
        }
    }
    value
}

/// `yyyy-mm-ddThh:mm:ss` in UTC, as the schema wants its times.
pub fn utc(time: SystemTime) -> String {
    let secs = time
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs();
    let mut text = crate::time::rfc3339_utc(i64::try_from(secs).unwrap_or(i64::MAX));
    text.pop(); // the schema's pattern has no zone designator
    text
}

/// Writes the report. The scan's end is now; its start is now less its duration.
pub fn write(report: &Report, redaction: Redaction, out: &mut dyn Write) -> io::Result<()> {
    let end = SystemTime::now();
    let start = end.checked_sub(report.elapsed).unwrap_or(end);
    let tool = json!({
        "id": "leakhound",
        "name": "leakhound",
        "version": env!("CARGO_PKG_VERSION"),
        "url": "https://github.com/leakhound/leakhound",
        "vendor": { "name": "leakhound" },
    });
    let mut messages: Vec<Value> = report
        .errors
        .iter()
        .map(|e| json!({ "level": "warn", "value": e }))
        .collect();
    messages.extend(
        report
            .notes
            .iter()
            .map(|n| json!({ "level": "info", "value": n })),
    );
    let document = json!({
        "version": SCHEMA_VERSION,
        "schema": format!("https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/v{SCHEMA_VERSION}/dist/secret-detection-report-format.json"),
        "scan": {
            "analyzer": tool,
            "scanner": tool,
            "type": "secret_detection",
            "start_time": utc(start),
            "end_time": utc(end),
            "status": if report.errors.is_empty() { "success" } else { "failure" },
            "messages": messages,
        },
        "vulnerabilities": report
            .findings
            .iter()
            .map(|f| vulnerability(report, f, redaction))
            .collect::<Vec<_>>(),
    });
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    #[test]
    fn utc_dates() {
        let at = |s: u64| super::utc(SystemTime::UNIX_EPOCH + Duration::from_secs(s));
        assert_eq!(at(0), "1970-01-01T00:00:00");
        assert_eq!(at(951_782_400), "2000-02-29T00:00:00");
        assert_eq!(at(1_704_164_645), "2024-01-02T03:04:05");
        assert_eq!(at(4_107_542_399), "2100-02-28T23:59:59");
    }
}
