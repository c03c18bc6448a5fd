//! SARIF output against the official SARIF 2.1.0 JSON schema (the copy serde-sarif's crate source
//! ships) and against GitHub code scanning's upload rules.

mod support;

use serde_json::Value;
use std::path::Path;
use support::{leakhound_cmd, output, write, Rng};

/// The schema file from serde-sarif's source in the cargo registry (a dev-dependency, so it is
/// downloaded wherever these tests build).
fn schema() -> Value {
    let home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from(std::env::var("HOME").unwrap()).join(".cargo"));
    let registry = home.join("registry/src");
    for index in std::fs::read_dir(&registry).expect("cargo registry sources") {
        let index = index.unwrap().path();
        for krate in std::fs::read_dir(&index).unwrap() {
            let krate = krate.unwrap().path();
            let name = krate.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with("serde-sarif-0.8") {
                // The published schema's `language` patterns have a stray `]` that strict
                // meta-validation rejects; they constrain properties we never emit.
                let text = std::fs::read_to_string(krate.join("src/schema.json"))
                    .unwrap()
                    .replace(
                        "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$",
                        "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$",
                    );
                return serde_json::from_str(&text).unwrap();
            }
        }
    }
    panic!(
        "serde-sarif's schema.json not found under {}",
        registry.display()
    );
}

fn sarif_of(dir: &std::path::Path, extra: &[&str]) -> (String, Value) {
    let (code, stdout, stderr) = output(
        leakhound_cmd(Path::new("."))
            .current_dir(dir)
            .args(["scan", "-f", "sarif"])
            .args(extra),
    );
    assert!(code == 0 || code == 1, "{stderr}");
    let value = serde_json::from_str(&stdout).unwrap();
    (stdout, value)
}

fn fixture() -> (tempfile::TempDir, Vec<String>) {
    let mut fake = Rng::new(9);
    let secrets = vec![fake.github_token(), fake.aws_secret(), fake.password()];
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "src/a b/app.py",
        format!("t = \"{}\"\n", secrets[0]),
    );
    write(
        dir.path(),
        "deploy/prod.env",
        format!(
            "AWS_SECRET_ACCESS_KEY={}\nAPI_PASSWORD='{}'\n",
            secrets[1], secrets[2]
        ),
    );
    write(
        dir.path(),
        "src/café.txt",
        format!("second = {}\n", secrets[0]),
    );
    (dir, secrets)
}

#[test]
fn sarif_validates_against_the_2_1_0_schema() {
    let (dir, _) = fixture();
    let (_, log) = sarif_of(dir.path(), &[]);
    let validator = jsonschema::validator_for(&schema()).expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    // serde-sarif's typed model must read it too.
    serde_json::from_value::<serde_sarif::sarif::Sarif>(log).expect("serde-sarif parses our log");

    let empty = tempfile::tempdir().unwrap();
    let (_, log) = sarif_of(empty.path(), &[]);
    assert!(validator.is_valid(&log));
}

#[test]
fn sarif_meets_github_upload_rules() {
    let (dir, secrets) = fixture();
    let (text, log) = sarif_of(dir.path(), &[]);
    for s in &secrets {
        assert!(!text.contains(s.as_str()), "raw secret in SARIF");
    }
    let run = &log["runs"][0];
    assert_eq!(log["runs"].as_array().unwrap().len(), 1);
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(ids, sorted, "rules deduplicated and sorted");
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);
    for r in results {
        let id = r["ruleId"].as_str().unwrap();
        assert_eq!(ids[r["ruleIndex"].as_u64().unwrap() as usize], id);
        let loc = &r["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(
            !uri.starts_with('/') && !uri.contains("://") && !uri.contains(' '),
            "{uri}"
        );
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        assert_eq!(
            r["partialFingerprints"]["leakhound/v1"]
                .as_str()
                .unwrap()
                .len(),
            32
        );
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
    }
    let uris: Vec<&str> = results
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(uris.contains(&"src/a%20b/app.py"), "{uris:?}");
    assert!(uris.contains(&"src/caf%C3%A9.txt"), "{uris:?}");
    for rule in rules {
        assert!(rule["properties"]["security-severity"].is_string());
        assert!(rule["help"]["text"]
            .as_str()
            .unwrap()
            .contains("Remediation"));
    }
}
