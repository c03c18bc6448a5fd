//! `leakhound --help` and every subcommand's help are complete, and the README documents every
//! command they list.

mod support;

use std::{collections::BTreeSet, path::PathBuf, process::Command};

use support::bin;

fn help(args: &[&str]) -> String {
    let out = Command::new(bin())
        .args(args)
        .arg("--help")
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?} --help failed");
    String::from_utf8(out.stdout).unwrap()
}

/// The names under `Commands:` (without `help`).
fn commands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        // Wrapped description lines are indented deeper than the names.
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(String::from)
        .collect()
}

/// Every option and argument line of a help text has a description.
fn assert_complete(args: &[&str], text: &str) {
    let about = text.lines().next().unwrap_or("");
    assert!(
        !about.trim().is_empty() && !about.starts_with("Usage"),
        "{args:?}: no description"
    );
    let mut in_list = false;
    for line in text.lines() {
        if line.ends_with(':') && !line.starts_with(' ') {
            in_list = matches!(line, "Options:" | "Arguments:" | "Commands:");
            continue;
        }
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        // Entries start at an indent of 2 (or 6 for long-only options); wrapped text is deeper.
        if in_list && (indent == 2 || indent == 6) && !trimmed.is_empty() {
            let described = trimmed
                .split_once("  ")
                .is_some_and(|(_, rest)| !rest.trim().is_empty());
            assert!(described, "{args:?}: `{trimmed}` has no description");
        }
    }
}

#[test]
fn every_subcommand_has_complete_help_and_is_in_the_readme() {
    let readme =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    let top = help(&[]);
    assert_complete(&[], &top);
    let names = commands(&top);
    for expected in ["scan", "rules", "baseline", "hook"] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} missing from --help"
        );
    }
    let mut missing = BTreeSet::new();
    for name in &names {
        let text = help(&[name]);
        assert_complete(&[name], &text);
        if !readme.contains(&format!("leakhound {name}")) {
            missing.insert(format!("leakhound {name}"));
        }
        for sub in commands(&text) {
            assert_complete(&[name, &sub], &help(&[name, &sub]));
            if !readme.contains(&format!("leakhound {name} {sub}")) {
                missing.insert(format!("leakhound {name} {sub}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "README.md does not document: {missing:?}"
    );
}

#[test]
fn readme_keeps_its_first_commands() {
    let readme =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    assert!(readme.contains(
        "```sh\ncargo build --release && ./target/release/leakhound scan .\ncargo test\n```"
    ));
}

/// Every help text, whole: a change to any option, description or default shows in review.
#[test]
fn help_texts_match_their_snapshots() {
    let commands: &[&[&str]] = &[
        &[],
        &["scan"],
        &["stdin"],
        &["staged"],
        &["git"],
        &["rules"],
        &["rules", "list"],
        &["rules", "explain"],
        &["rules", "check"],
        &["baseline"],
        &["baseline", "create"],
        &["hook"],
        &["hook", "install"],
        &["hook", "uninstall"],
        &["import"],
        &["import", "gitleaks"],
        &["completions"],
        &["man"],
    ];
    for args in commands {
        let out = Command::new(bin())
            .args(*args)
            .arg("--help")
            .env("COLUMNS", "100")
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?} --help failed");
        let text = String::from_utf8(out.stdout).unwrap();
        let name = if args.is_empty() {
            "help".to_string()
        } else {
            format!("help_{}", args.join("_"))
        };
        insta::assert_snapshot!(name, text);
    }
}
