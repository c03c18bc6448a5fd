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
    let compact = rules::load_embedded().unwrap();
    assert_eq!(compact.len(), from_yaml.len());
    for (a, b) in compact.iter().zip(&from_yaml) {
        assert_eq!(format!("{a:?}"), format!("{b:?}"), "rule {} differs", b.id);
    }
}
