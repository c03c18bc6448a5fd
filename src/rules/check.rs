//! Rule validation: the shape of each rule, its keywords, and (with `compile`) that its regex and
//! path pattern compile. Running a rule's examples needs the engine: see `engine::examples`.

use super::{Origin, Rule, RuleError};

/// The shortest keyword allowed: shorter ones fire on nearly every file and slow every scan.
pub const MIN_KEYWORD_LEN: usize = 3;

fn invalid(rule: &Rule, problem: impl Into<String>) -> RuleError {
    RuleError::invalid(rule, problem)
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
        let regex = super::pattern::compile_pattern(&rule.pattern).map_err(|e| {
            invalid(
                rule,
                format!(
                    "pattern does not compile: {}",
                    super::pattern::describe_error(&e)
                ),
            )
        })?;
        if super::pattern::secret_group(&regex).is_none() {
            return Err(invalid(
                rule,
                "pattern has no capture group: name the secret `(?P<secret>...)` or put it in group 1",
            ));
        }
        if let Some(path) = &rule.path {
            super::pattern::compile_path_patterns(&[path.as_str()]).map_err(|e| {
                invalid(
                    rule,
                    format!(
                        "path pattern does not compile: {}",
                        super::pattern::describe_error(&e)
                    ),
                )
            })?;
        }
    }
    Ok(())
}

/// Fails on the first rule that left `severity` or `remediation` to a default: the built-in
/// pack must say both.
pub fn no_defaults(rules: &[Rule]) -> Result<(), RuleError> {
    match rules.iter().find(|r| !r.defaulted.is_empty()) {
        Some(rule) => Err(invalid(
            rule,
            format!(
                "no {}: every rule of the built-in pack says how bad a leak is and where to revoke it",
                rule.defaulted.join(" and no ")
            ),
        )),
        None => Ok(()),
    }
}

/// A warning per default a user rule relies on, naming where the rule is defined.
pub fn default_warnings(rule: &Rule) -> Vec<String> {
    rule.defaulted
        .iter()
        .map(|field| {
            let what = match *field {
                "severity" => format!("no severity; it defaults to {}", super::DEFAULT_SEVERITY),
                _ => "no remediation; reports show a generic one (say where and how to revoke this credential)".to_string(),
            };
            format!("{}: rule `{}`: {what}", rule.origin, rule.id)
        })
        .collect()
}

/// Fails on the first id defined twice.
pub fn unique_ids(rules: &[Rule]) -> Result<(), RuleError> {
    let mut seen: super::FnvMap<&str, &Origin> = super::FnvMap::default();
    seen.reserve(rules.len());
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
