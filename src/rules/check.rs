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
    if rule.keywords.is_empty() {
        return Err(invalid(
            rule,
            "no keywords: every rule needs at least one literal that its matches contain or sit near",
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
    }
    Ok(())
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
        for example in &rule.examples {
            let found = set.find_secrets(example.text().as_bytes());
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
            if !set.find_secrets(negative.as_bytes()).is_empty() {
                failures.push(
                    invalid(rule, format!("negative example matches: {negative:?}")).to_string(),
                );
            }
        }
    }
    failures
}
