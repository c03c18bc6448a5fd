//! Detection quality on a generated corpus: fake secrets of every rule planted in realistic files
//! (configs, source, notebooks, manifests, CI files, URLs, minified, CRLF and Latin-1 files) among
//! at least as many hard negatives. The real binary scans it; recall and precision must both reach
//! 98%. `cargo test --test eval_corpus -- --nocapture` prints the tables.
//!
//! `LEAKHOUND_EVAL_OUT=DIR cargo test --test eval_corpus -- --ignored write_corpus` writes the
//! corpus to DIR/corpus and the ground truth to DIR/truth.json (for benches/eval/compare.sh).

mod eval;
mod support;

use leakhound::rules;

const SEED: u64 = 0x1EA4_4B0D;

/// The rules the corpus plants secrets for: all but those scoped to a file name (`.pgpass`),
/// which the corpus's thirty kinds of file cannot stand in for; their examples name their files
/// and run in the rule-pack test.
fn corpus_rules() -> Vec<rules::Rule> {
    let mut rules = rules::load_embedded_with_examples().expect("the built-in pack loads");
    rules.retain(|r| r.path.is_none());
    rules
}

fn corpus() -> eval::Corpus {
    eval::generate(&corpus_rules(), SEED)
}

#[test]
fn corpus_is_deterministic_and_covers_every_rule() {
    let rules = corpus_rules();
    let a = eval::generate(&rules, SEED);
    let b = eval::generate(&rules, SEED);
    assert_eq!(a.files, b.files);
    let planted: std::collections::BTreeSet<&str> = a
        .truths
        .iter()
        .filter(|t| t.primary)
        .map(|t| t.rule.as_str())
        .collect();
    for rule in &rules {
        assert!(
            planted.contains(rule.id.as_str()) || a.unregenerable.contains(&rule.id),
            "rule {} neither planted nor reported",
            rule.id
        );
    }
    assert!(
        a.negatives.len() >= a.truths.iter().filter(|t| t.primary).count(),
        "{} negatives for {} planted secrets",
        a.negatives.len(),
        a.truths.iter().filter(|t| t.primary).count()
    );
}

#[test]
fn leakhound_recall_and_precision_reach_98_percent() {
    let corpus = corpus();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    corpus.write(&root).unwrap();
    let report = dir.path().join("findings.json");
    let out = support::leakhound_cmd(std::path::Path::new("."))
        .arg("scan")
        .arg(&root)
        .args(["--format", "json", "--show-secrets", "-o"])
        .arg(&report)
        .output()
        .unwrap();
    let code = out.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "leakhound failed: {code:?} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found = eval::score::leakhound_findings(
        &std::fs::read_to_string(&report).unwrap(),
        &root.to_string_lossy(),
    );
    let score = eval::score::score(&corpus.truths, &corpus.negatives, &found);
    println!(
        "{} files, {} planted secrets from {} rules, {} hard negatives; {} rules not regenerable: {:?}",
        corpus.files.len(),
        corpus.truths.iter().filter(|t| t.primary).count(),
        corpus.truths.iter().map(|t| &t.rule).collect::<std::collections::BTreeSet<_>>().len(),
        corpus.negatives.len(),
        corpus.unregenerable.len(),
        corpus.unregenerable
    );
    println!("{}", score.report("leakhound"));
    assert!(
        score.recall() >= 0.98,
        "recall {:.2}% < 98%: {} missed (see the table above)",
        100.0 * score.recall(),
        score.missed.len()
    );
    assert!(
        score.precision() >= 0.98,
        "precision {:.2}% < 98%: {} false alarms (see the table above)",
        100.0 * score.precision(),
        score.false_findings.len()
    );
}

#[test]
#[ignore = "writes the corpus for the peer comparison; needs LEAKHOUND_EVAL_OUT"]
fn write_corpus() {
    let out = std::path::PathBuf::from(
        std::env::var("LEAKHOUND_EVAL_OUT").expect("set LEAKHOUND_EVAL_OUT to a directory"),
    );
    let corpus = corpus();
    let root = out.join("corpus");
    if root.exists() {
        std::fs::remove_dir_all(&root).unwrap();
    }
    corpus.write(&root).unwrap();
    std::fs::write(out.join("truth.json"), corpus.manifest_json()).unwrap();
    println!(
        "wrote {} files, {} planted, {} negatives to {}",
        corpus.files.len(),
        corpus.truths.iter().filter(|t| t.primary).count(),
        corpus.negatives.len(),
        out.display()
    );
}
