//! Rule tests: every example of a rule must match (with the expected secret) and no negative
//! example may, each run against its own rule alone. `leakhound rules check` and `cargo test`
//! both run these.

use std::path::Path;

use super::RuleSet;
use crate::rules::{self, check::validate, Rule, RuleError};

fn invalid(rule: &Rule, problem: impl Into<String>) -> RuleError {
    RuleError::invalid(rule, problem)
}

/// What `rules check` found in some rule files.
pub struct CheckedFiles {
    /// Rules loaded.
    pub rules: usize,
    /// One message per problem: a file that does not load, a rule that fails its examples.
    pub failures: Vec<String>,
    /// One message per default a rule relies on (no severity, no remediation).
    pub warnings: Vec<String>,
}

/// Loads each rule file and runs its rules' examples.
pub fn check_files(files: &[impl AsRef<Path>]) -> CheckedFiles {
    let mut checked = CheckedFiles {
        rules: 0,
        failures: Vec::new(),
        warnings: Vec::new(),
    };
    for file in files {
        match rules::load_file(file.as_ref()) {
            Ok(rules) => {
                checked.rules += rules.len();
                checked
                    .warnings
                    .extend(rules.iter().flat_map(crate::rules::check::default_warnings));
                checked.failures.extend(run_examples(&rules));
            }
            Err(e) => checked.failures.push(e.to_string()),
        }
    }
    checked
}

/// Runs every example and negative example of every rule, each against its own rule alone, and
/// returns one message per failure.
pub fn run_examples(rules: &[Rule]) -> Vec<String> {
    let mut failures = Vec::new();
    for rule in rules {
        if let Err(e) = validate(rule, true) {
            failures.push(e.to_string());
            continue;
        }
        if rule.examples.is_empty() {
            failures.push(
                invalid(rule, "no examples: add at least one line it must match").to_string(),
            );
        }
        let set = RuleSet::new(vec![rule.clone()]);
        if rule.path.is_some() {
            failures.extend(check_scoped_examples(rule, &set));
        }
        for example in &rule.examples {
            let found = set.find_secrets_in(example.text().as_bytes(), example.path());
            match (found.is_empty(), example.secret()) {
                (true, _) => failures.push(
                    invalid(
                        rule,
                        format!("example does not match: {:?}", example.text()),
                    )
                    .to_string(),
                ),
                (false, Some(want)) if !found.iter().any(|s| s == want) => failures.push(
                    invalid(
                        rule,
                        format!(
                            "example matched but extracted {:?}, expected {:?}",
                            found, want
                        ),
                    )
                    .to_string(),
                ),
                _ => {}
            }
            failures.extend(check_among_lines(rule, &set, example, &found));
        }
        for negative in &rule.negative_examples {
            let text = negative.text();
            if !set
                .find_secrets_in(text.as_bytes(), negative.path())
                .is_empty()
            {
                failures
                    .push(invalid(rule, format!("negative example matches: {text:?}")).to_string());
            }
        }
    }
    failures
}

/// An example that matches on its own (finding `alone`) must match the same way as a line of a
/// longer file: real files rarely hold one line, and a pattern that anchors with a bare `^`
/// (start of the text, not of a line: `(?:^|[^A-Za-z])`) sees only the first line of a file,
/// because each keyword's window starts at its line; likewise a bare `$` in a multiline pattern
/// sees only the last. `(?m:^)` and `(?m:$)` are what such patterns mean. Patterns anchored with
/// `\A` (a file that is one token) are left out.
fn check_among_lines(
    rule: &Rule,
    set: &RuleSet,
    example: &crate::rules::Example,
    alone: &[String],
) -> Option<String> {
    if alone.is_empty() || rule.pattern.contains("\\A") {
        return None;
    }
    let text = example.text();
    let newline = if text.ends_with('\n') { "" } else { "\n" };
    [
        (
            format!("\n{text}"),
            "after another line",
            "anchor with (?m:^), not a bare ^",
        ),
        (
            format!("\n{text}{newline}#\n"),
            "with a line after it",
            "end with (?m:$), not a bare $",
        ),
    ]
    .into_iter()
    .find(|(context, ..)| set.find_secrets_in(context.as_bytes(), example.path()) != alone)
    .map(|(_, place, fix)| {
        invalid(
            rule,
            format!("example matches alone but not {place} ({text:?}): {fix}"),
        )
        .to_string()
    })
}

/// A path-scoped rule's examples must each name a path in scope, and its first example must not
/// match in a file outside that scope (which would make the scope meaningless).
fn check_scoped_examples(rule: &Rule, set: &RuleSet) -> Vec<String> {
    const ELSEWHERE: &str = "src/unrelated/notes.txt";
    let mut failures = Vec::new();
    for example in &rule.examples {
        if example.path().is_none() {
            failures.push(
                invalid(
                    rule,
                    format!(
                        "example of a path-scoped rule names no `path`: {:?}",
                        example.text()
                    ),
                )
                .to_string(),
            );
        }
    }
    if let Some(first) = rule.examples.first() {
        if !set
            .find_secrets_in(first.text().as_bytes(), Some(ELSEWHERE))
            .is_empty()
        {
            failures.push(
                invalid(
                    rule,
                    format!(
                        "path pattern also matches {ELSEWHERE:?}: scope it to the files it is for"
                    ),
                )
                .to_string(),
            );
        }
    }
    failures
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failures(yaml: &str) -> Vec<String> {
        run_examples(&crate::rules::parse("t.yml", yaml).unwrap())
    }

    const SCOPED: &str = "rules:\n  - id: pass-file\n    name: P\n    severity: high\n    path: '(?:^|/)\\.passfile$'\n    pattern: '(?m)^[^:\\n]+:(?P<secret>[^:\\n]{8,})$'\n    remediation: Rotate it.\n";

    #[test]
    fn scoped_rule_examples_run_with_their_path() {
        let ok = format!("{SCOPED}    examples:\n      - {{text: 'bob:Q8v2LmZr7Tx', path: .passfile, secret: Q8v2LmZr7Tx}}\n    negative_examples:\n      - {{text: 'bob:Q8v2LmZr7Tx', path: notes.txt}}\n");
        assert_eq!(failures(&ok), Vec::<String>::new());
        let no_path = format!("{SCOPED}    examples:\n      - 'bob:Q8v2LmZr7Tx'\n");
        let found = failures(&no_path);
        assert!(
            found.iter().any(|f| f.contains("names no `path`")),
            "{found:?}"
        );
    }

    #[test]
    fn a_pattern_that_sees_only_the_first_line_is_refused() {
        let rule = |anchor: &str| {
            format!("rules:\n  - id: acme-key\n    name: A\n    severity: high\n    keywords: [acme_key]\n    pattern: '(?:{anchor}|[^a-z])acme_key=(?P<secret>[a-z0-9]{{12}})'\n    remediation: Rotate it.\n    examples:\n      - 'acme_key=q8v2lmzr7tx4'\n")
        };
        let found = failures(&rule("^"));
        assert!(
            found.iter().any(|f| f.contains("not after another line")),
            "{found:?}"
        );
        assert_eq!(failures(&rule("(?m:^)")), Vec::<String>::new());
    }

    #[test]
    fn a_multiline_pattern_that_sees_only_the_last_line_is_refused() {
        let rule = |end: &str| {
            format!("rules:\n  - id: acme-key\n    name: A\n    severity: high\n    keywords: [acme_key]\n    multiline: true\n    pattern: 'acme_key=(?P<secret>[a-z0-9]{{12}}){end}'\n    remediation: Rotate it.\n    examples:\n      - 'acme_key=q8v2lmzr7tx4'\n")
        };
        let found = failures(&rule("$"));
        assert!(
            found.iter().any(|f| f.contains("with a line after it")),
            "{found:?}"
        );
        assert_eq!(failures(&rule("(?m:$)")), Vec::<String>::new());
    }

    #[test]
    fn scope_that_matches_everything_is_refused() {
        let yaml = "rules:\n  - id: pass-file\n    name: P\n    severity: high\n    path: '.*'\n    pattern: '(?m)^[^:\\n]+:(?P<secret>[^:\\n]{8,})$'\n    remediation: Rotate it.\n    examples:\n      - {text: 'bob:Q8v2LmZr7Tx', path: .passfile}\n";
        let found = failures(yaml);
        assert!(
            found.iter().any(|f| f.contains("also matches")),
            "{found:?}"
        );
    }
}
