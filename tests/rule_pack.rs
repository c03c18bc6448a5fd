//! Every built-in rule's examples must match (with the expected secret) and its negative examples
//! must not; a failure names the rule and its file.

use leakhound::rules;

#[test]
fn every_builtin_rule_passes_its_examples() {
    let rules = rules::load_embedded().expect("the built-in pack loads");
    assert!(!rules.is_empty());
    let failures = rules::check::run_examples(&rules);
    assert!(failures.is_empty(), "{} rule problems:\n{}", failures.len(), failures.join("\n"));
}
