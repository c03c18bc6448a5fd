//! Every built-in rule's examples must match (with the expected secret) and its negative examples
//! must not; a failure names the rule and its file.

use leakhound::{engine::examples, rules};

#[test]
fn every_builtin_rule_passes_its_examples() {
    let rules = rules::load_embedded_with_examples().expect("the built-in pack loads");
    assert!(!rules.is_empty());
    let failures = examples::run_examples(&rules);
    assert!(
        failures.is_empty(),
        "{} rule problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_build_time_pack_is_the_yaml_pack_without_examples() {
    let mut from_yaml = rules::load_embedded_with_examples().unwrap();
    for rule in &mut from_yaml {
        rule.examples.clear();
        rule.negative_examples.clear();
    }
    let mut compact = rules::load_embedded().unwrap();
    assert_eq!(compact.len(), from_yaml.len());
    for rule in &mut compact {
        // Extracted at build time only (the YAML has no such fields); tested below.
        rule.path_hints.clear();
        rule.window_run = None;
        rule.window_literals.clear();
    }
    for (a, b) in compact.iter().zip(&from_yaml) {
        assert_eq!(format!("{a:?}"), format!("{b:?}"), "rule {} differs", b.id);
    }
}

/// The path hints extracted at build time gate which scoped rules a path can reach, and the
/// window runs which keyword windows a rule's regex sees: every example must still match (and
/// every negative example still not) with both in force, most path patterns must have hints (or
/// a one-file scan compiles them all again), and most token rules a window run.
#[test]
fn build_time_hints_admit_every_example() {
    let hinted = rules::load_embedded().unwrap();
    let mut with_examples = rules::load_embedded_with_examples().unwrap();
    let mut scoped = 0;
    let mut unhinted = Vec::new();
    for (rule, compact) in with_examples.iter_mut().zip(&hinted) {
        assert_eq!(rule.id, compact.id);
        rule.path_hints = compact.path_hints.clone();
        rule.window_run = compact.window_run;
        rule.window_literals = compact.window_literals.clone();
        if rule.path.is_some() {
            scoped += 1;
            if rule.path_hints.is_empty() {
                unhinted.push(rule.id.clone());
            }
        }
    }
    assert!(scoped > 0);
    assert!(
        unhinted.len() * 5 < scoped,
        "{} of {scoped} path patterns have no hints: {unhinted:?}",
        unhinted.len()
    );
    let with_run = with_examples
        .iter()
        .filter(|r| r.window_run.is_some())
        .count();
    assert!(
        with_run * 2 > with_examples.len(),
        "only {with_run} rules have a window run"
    );
    let failures = examples::run_examples(&with_examples);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
