//! Rule validation and rule tests: the shape of each rule, its regex, its keywords, and that every
//! example matches (with the expected secret) and no negative example does. `leakhound rules check`
//! and `cargo test` both run these.

use std::collections::HashMap;

use super::{Origin, Rule, RuleError};
use crate::engine::RuleSet;

/// The shortest keyword allowed: shorter ones fire on nearly every file and slow every scan.
pub const MIN_KEYWORD_LEN: usize = 3;

fn invalid(rule: &Rule, problem: impl Into<String>) -> RuleError {
    RuleError::Invalid {
        origin: rule.origin.clone(),
        id: rule.id.clone(),
        problem: problem.into(),
    }
}

/// Checks a rule's fields; with `compile`, also compiles its regex.
pub fn validate(rule: &Rule, compile: bool) -> Result<(), RuleError> {
    let id_ok = !rule.id.is_empty()
        && rule
            .id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !rule.id.starts_with('-')
        && !rule.id.ends_with('-');
    if !id_ok {
        return Err(invalid(
            rule,
            "id must be kebab-case: lowercase letters, digits and single dashes",
        ));
    }
    if rule.name.trim().is_empty() {
        return Err(invalid(rule, "name is empty"));
    }
    if rule.remediation.trim().is_empty() {
        return Err(invalid(
            rule,
            "remediation is empty: say where and how to revoke and rotate this credential",
        ));
    }
    if rule.keywords.is_empty() && rule.path.is_none() {
        return Err(invalid(
            rule,
            "no keywords: every rule needs at least one literal that its matches contain or sit near (or a `path` that scopes it to files it reads whole)",
        ));
    }
    for keyword in &rule.keywords {
        if keyword.len() < MIN_KEYWORD_LEN {
            return Err(invalid(
                rule,
                format!(
                    "keyword {keyword:?} is shorter than {MIN_KEYWORD_LEN} characters and would fire on most files"
                ),
            ));
        }
        if !keyword.is_ascii() {
            return Err(invalid(rule, format!("keyword {keyword:?} is not ASCII")));
        }
    }
    if let Some(e) = rule.min_entropy {
        if !(0.0..=8.0).contains(&e) {
            return Err(invalid(
                rule,
                format!("min_entropy {e} is outside 0..=8 bits per character"),
            ));
        }
    }
    if compile {
        let regex = crate::engine::compile_pattern(&rule.pattern)
            .map_err(|e| invalid(rule, format!("pattern does not compile: {}", e)))?;
        if crate::engine::secret_group(&regex).is_none() {
            return Err(invalid(
                rule,
                "pattern has no capture group: name the secret `(?P<secret>...)` or put it in group 1",
            ));
        }
        if let Some(path) = &rule.path {
            crate::engine::compile_path_patterns(&[path.as_str()])
                .map_err(|e| invalid(rule, format!("path pattern does not compile: {e}")))?;
        }
    }
    Ok(())
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

/// Fails on the first id defined twice.
pub fn unique_ids(rules: &[Rule]) -> Result<(), RuleError> {
    let mut seen: HashMap<&str, &Origin> = HashMap::new();
    for rule in rules {
        if let Some(first) = seen.insert(&rule.id, &rule.origin) {
            return Err(invalid(
                rule,
                format!("duplicate id: already defined at {first}"),
            ));
        }
    }
    Ok(())
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
    fn scope_that_matches_everything_is_refused() {
        let yaml = "rules:\n  - id: pass-file\n    name: P\n    severity: high\n    path: '.*'\n    pattern: '(?m)^[^:\\n]+:(?P<secret>[^:\\n]{8,})$'\n    remediation: Rotate it.\n    examples:\n      - {text: 'bob:Q8v2LmZr7Tx', path: .passfile}\n";
        let found = failures(yaml);
        assert!(
            found.iter().any(|f| f.contains("also matches")),
            "{found:?}"
        );
    }
}
