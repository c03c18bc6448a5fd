//! The text report: one line per finding, grouped by file, colored on a terminal; and the summary
//! line written to stderr.

use std::io::{self, Write};

use super::{Report, ReportOptions};
use crate::finding::{escape_text, visible, Finding, Provenance};
use crate::rules::Severity;

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const MAGENTA: &str = "\x1b[35m";
const GREEN: &str = "\x1b[32m";
const DIM: &str = "\x1b[2m";

fn severity_color(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "\x1b[1;31m",
        Severity::High => "\x1b[31m",
        Severity::Medium => "\x1b[33m",
        Severity::Low => "\x1b[36m",
    }
}

/// Writes `path:line:col  severity  rule  snippet` lines, a blank line between files.
pub fn write(report: &Report, options: &ReportOptions, out: &mut dyn Write) -> io::Result<()> {
    let paint = |code: &str, text: &str| {
        if options.color {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    };
    let mut previous: Option<&str> = None;
    for finding in &report.findings {
        if previous.is_some_and(|p| p != finding.path) {
            writeln!(out)?;
        }
        previous = Some(&finding.path);
        let confirmed = if finding.confirmed {
            " (checksum valid)"
        } else {
            ""
        };
        writeln!(
            out,
            "{}:{}:{}  {}  {}{}  {}",
            paint(MAGENTA, &escape_text(&finding.path)),
            paint(GREEN, &finding.start.line.to_string()),
            finding.start.column,
            paint(
                severity_color(finding.severity),
                &format!("{:<8}", finding.severity.as_str())
            ),
            paint(BOLD, &escape_text(&finding.rule_id)),
            confirmed,
            finding.render_snippet(options.redaction),
        )?;
        if let Some(line) = provenance_line(finding) {
            writeln!(out, "    {}", paint(DIM, &line))?;
        }
    }
    write_what_to_do(report, &paint, out)
}

/// The width the remediation texts are wrapped to.
const WIDTH: usize = 100;

/// The "what to do" block after the findings: per rule that fired (most severe first), its
/// name, id and count, and its remediation; then what git history means for them.
fn write_what_to_do(
    report: &Report,
    paint: &dyn Fn(&str, &str) -> String,
    out: &mut dyn Write,
) -> io::Result<()> {
    if report.findings.is_empty() {
        return Ok(());
    }
    let mut fired: Vec<(&str, &str, Severity, usize)> = Vec::new();
    for f in &report.findings {
        match fired.iter_mut().find(|(id, ..)| *id == f.rule_id) {
            Some(entry) => entry.3 += 1,
            None => fired.push((&f.rule_id, &f.rule_name, f.severity, 1)),
        }
    }
    fired.sort_by(|a, b| (a.2, a.0).cmp(&(b.2, b.0)));
    writeln!(out)?;
    writeln!(out, "{}", paint(BOLD, "What to do"))?;
    for (id, name, severity, count) in fired {
        writeln!(out)?;
        writeln!(
            out,
            "{} ({}): {}, {}",
            paint(BOLD, &visible(name, 200)),
            id,
            plural(count as u64, "finding", "findings"),
            paint(severity_color(severity), severity.as_str()),
        )?;
        let remediation = match report.rules.get(id) {
            Some(rule) => rule.remediation.to_string(),
            None => format!("See `leakhound rules explain {id}`."),
        };
        for line in wrap(&remediation, WIDTH - 2) {
            writeln!(out, "  {line}")?;
        }
    }
    writeln!(out)?;
    let history = if report
        .findings
        .iter()
        .any(|f| matches!(f.provenance, Provenance::Commit(_)))
    {
        "These secrets were committed: they stay in git history and in every clone, so revoke them; rewriting history does not un-leak them."
    } else if report
        .findings
        .iter()
        .all(|f| f.provenance == Provenance::Staged)
    {
        "Not committed yet: take the secrets out of the change before committing, and revoke any that were pushed, shared or pasted elsewhere."
    } else {
        "A secret that was ever committed stays in git history and in every clone: revoke it; rewriting history does not un-leak it."
    };
    for line in wrap(history, WIDTH) {
        writeln!(out, "{line}")?;
    }
    for line in wrap(
        "A false positive: put a `leakhound:allow` comment on its line, or add an allowlist to .leakhound.yml.",
        WIDTH,
    ) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// Words of `text` (control characters made visible) in lines of at most `width` characters
/// (a longer word stands alone).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let word = visible(word, 1000);
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// For history findings, the commit that introduced the secret (author and email escaped: they
/// are whatever the commit says).
fn provenance_line(finding: &Finding) -> Option<String> {
    match &finding.provenance {
        Provenance::Commit(c) => Some(format!(
            "commit {} by {} <{}> on {}{}",
            escape_text(&c.commit),
            escape_text(&c.author),
            escape_text(&c.email),
            escape_text(&c.date),
            if c.present_at_head {
                ", still present at HEAD"
            } else {
                ", no longer at HEAD (still in history)"
            }
        )),
        _ => None,
    }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Human-readable byte count.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// The one-line summary: findings, what was scanned, what was skipped or suppressed, and time.
pub fn summary(report: &Report) -> String {
    let s = &report.stats;
    let files: std::collections::HashSet<&str> =
        report.findings.iter().map(|f| f.path.as_str()).collect();
    let found = if report.findings.is_empty() {
        "no findings".to_string()
    } else {
        format!(
            "{} in {}",
            plural(report.findings.len() as u64, "finding", "findings"),
            plural(files.len() as u64, "file", "files"),
        )
    };
    let mut line = format!(
        "{found}; scanned {} ({})",
        if s.history.is_some() {
            plural(s.scanned, "blob", "blobs")
        } else {
            plural(s.scanned, "file", "files")
        },
        human_bytes(s.bytes),
    );
    // A merged report has no time of its own.
    if !report.elapsed.is_zero() {
        line.push_str(&format!(" in {:.2}s", report.elapsed.as_secs_f64()));
    }
    if let Some(h) = &s.history {
        line.push_str(&format!(
            "; history: {}, {}",
            plural(h.commits, "commit", "commits"),
            plural(h.unique_blobs, "unique blob", "unique blobs")
        ));
        if h.missing_objects > 0 {
            line.push_str(&format!(
                "; {} not scanned",
                plural(h.missing_objects, "missing object", "missing objects")
            ));
        }
    }
    let mut skipped = Vec::new();
    if s.skipped_binary > 0 {
        skipped.push(format!("{} binary", s.skipped_binary));
    }
    if s.skipped_too_large > 0 {
        skipped.push(format!("{} over the size limit", s.skipped_too_large));
    }
    if s.skipped_lfs > 0 {
        skipped.push(format!("{} LFS pointers", s.skipped_lfs));
    }
    if s.skipped_by_path > 0 {
        skipped.push(format!("{} allowlisted paths", s.skipped_by_path));
    }
    if !skipped.is_empty() {
        line.push_str(&format!("; skipped {}", skipped.join(", ")));
    }
    let mut suppressed = Vec::new();
    if s.suppressed_inline > 0 {
        suppressed.push(format!("{} by allow comments", s.suppressed_inline));
    }
    if s.suppressed_allowlist > 0 {
        suppressed.push(format!("{} by allowlists", s.suppressed_allowlist));
    }
    if s.suppressed_baseline > 0 {
        suppressed.push(format!("{} by the baseline", s.suppressed_baseline));
    }
    if !suppressed.is_empty() {
        line.push_str(&format!("; suppressed {}", suppressed.join(", ")));
    }
    if s.rejected_by_checksum > 0 {
        line.push_str(&format!(
            "; {} dropped: checksum failed (made-up or mistyped tokens)",
            plural(s.rejected_by_checksum, "token", "tokens")
        ));
    }
    if !report.errors.is_empty() {
        line.push_str(&format!(
            "; {}",
            plural(report.errors.len() as u64, "error", "errors")
        ));
    }
    line
}
