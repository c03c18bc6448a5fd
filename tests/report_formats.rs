//! The CI report formats end to end, with the real binary: GitLab's secret detection report
//! against GitLab's published schema (vendored in tests/fixtures/gitlab), JUnit XML parsed by an
//! XML parser, CSV parsed as RFC 4180; every format under `--redact=100` prints no part of a
//! secret, and `--exit-code 0` reports without failing.

mod support;

use std::path::Path;

use quick_xml::events::Event;
use serde_json::Value;
use support::{leakhound_cmd, output, write, Repo, Rng};
use tempfile::TempDir;

const FORMATS: [&str; 7] = ["text", "json", "jsonl", "sarif", "gitlab", "junit", "csv"];

/// Three secrets in two files (one of them named like a spreadsheet formula), and a clean file.
fn tree() -> (TempDir, Vec<String>) {
    let mut fake = Rng::new(41);
    let secrets = vec![fake.github_token(), fake.aws_secret(), fake.password()];
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "src/app.py",
        format!("GITHUB = \"{}\"\n", secrets[0]),
    );
    write(
        dir.path(),
        "=cmd|' calc'!A0.env",
        format!(
            "AWS_SECRET_ACCESS_KEY={}\nDB_PASSWORD=\"{}\"\n",
            secrets[1], secrets[2]
        ),
    );
    write(dir.path(), "README.md", "# nothing here\n");
    (dir, secrets)
}

fn scan(dir: &Path, args: &[&str]) -> (i32, String, String) {
    output(
        leakhound_cmd(Path::new("."))
            .current_dir(dir)
            .arg("scan")
            .args(args),
    )
}

/// Fails if `text` holds any 8 consecutive characters of a secret.
fn assert_no_part_of(secrets: &[String], text: &str, what: &str) {
    for secret in secrets {
        let chars: Vec<char> = secret.chars().collect();
        for window in chars.windows(8) {
            let part: String = window.iter().collect();
            assert!(
                !text.contains(&part),
                "{what}: `{part}` of a secret was printed:\n{text}"
            );
        }
    }
}

fn gitlab_schema() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/gitlab/secret-detection-report-format-15.2.1.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn assert_valid_gitlab(report: &Value) {
    let validator = jsonschema::validator_for(&gitlab_schema()).expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(report)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}\n{report:#}", errors.join("\n"));
}

#[test]
fn gitlab_report_passes_gitlabs_schema_and_carries_no_secret() {
    let (dir, secrets) = tree();
    let (code, stdout, stderr) = scan(dir.path(), &["-f", "gitlab"]);
    assert_eq!(code, 1, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_valid_gitlab(&report);
    assert_eq!(report["version"], "15.2.1");
    assert_eq!(report["scan"]["type"], "secret_detection");
    assert_eq!(report["scan"]["status"], "success");
    let vulns = report["vulnerabilities"].as_array().unwrap();
    assert_eq!(vulns.len(), 3, "{stdout}");
    let mut ids: Vec<&str> = vulns.iter().map(|v| v["id"].as_str().unwrap()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 3, "ids are distinct");
    for v in vulns {
        assert_eq!(v["category"], "secret_detection");
        assert!(v["location"]["start_line"].as_u64().unwrap() >= 1);
        assert!(v["solution"].as_str().is_some_and(|s| !s.is_empty()));
        // The fields GitLab shows and indexes never carry the raw secret.
        for field in [
            &v["identifiers"],
            &v["location"],
            &v["raw_source_code_extract"],
            &v["description"],
            &v["name"],
        ] {
            assert_no_part_of(&secrets, &field.to_string(), "gitlab field");
        }
    }
    assert_no_part_of(&secrets, &stdout, "gitlab");
    // The same id for the same finding in the next pipeline.
    let (_, again, _) = scan(dir.path(), &["-f", "gitlab"]);
    let again: Value = serde_json::from_str(&again).unwrap();
    assert_eq!(again["vulnerabilities"][0]["id"], vulns[0]["id"]);

    // A clean tree: an empty list of vulnerabilities, still valid.
    let empty = tempfile::tempdir().unwrap();
    write(empty.path(), "a.txt", "nothing\n");
    let (code, stdout, _) = scan(empty.path(), &["-f", "gitlab"]);
    assert_eq!(code, 0);
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_valid_gitlab(&report);
    assert_eq!(report["vulnerabilities"].as_array().unwrap().len(), 0);
}

#[test]
fn gitlab_report_of_history_names_the_commit() {
    let repo = Repo::init();
    let token = Rng::new(42).github_token();
    repo.write("ci/deploy.sh", &format!("export GH_TOKEN={token}\n"));
    let commit = repo.commit_all("add deploy script");
    let (code, stdout, stderr) = output(
        leakhound_cmd(repo.path())
            .current_dir(repo.path())
            .args(["git", "-f", "gitlab"]),
    );
    assert_eq!(code, 1, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_valid_gitlab(&report);
    let v = &report["vulnerabilities"][0];
    assert_eq!(v["location"]["file"], "ci/deploy.sh");
    assert_eq!(v["location"]["commit"]["sha"], commit.as_str());
    assert!(!stdout.contains(&token));
}

/// What a JUnit document holds, read with an XML parser (which also checks it is well formed).
#[derive(Default, Debug)]
struct Junit {
    suites: Vec<String>,
    cases: Vec<String>,
    failures: Vec<String>,
    root_tests: Option<String>,
    /// All text and attribute values, unescaped.
    text: String,
}

fn parse_junit(xml: &str) -> Junit {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut junit = Junit::default();
    let mut depth = 0i32;
    loop {
        let event = reader.read_event().unwrap_or_else(|e| {
            panic!(
                "not well formed at {}: {e}\n{xml}",
                reader.buffer_position()
            )
        });
        let (start, closed) = match &event {
            Event::Start(s) => (Some(s.clone()), false),
            Event::Empty(s) => (Some(s.clone()), true),
            Event::End(_) => {
                depth -= 1;
                (None, false)
            }
            Event::Text(t) => {
                junit.text.push_str(&t.decode().unwrap());
                (None, false)
            }
            Event::GeneralRef(r) => {
                let name = r.decode().unwrap();
                junit.text.push_str(match name.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => " ",
                });
                (None, false)
            }
            Event::Eof => break,
            _ => (None, false),
        };
        if let Some(s) = start {
            let name = String::from_utf8(s.name().as_ref().to_vec()).unwrap();
            let mut attrs = std::collections::BTreeMap::new();
            for a in s.attributes() {
                let a = a.expect("well-formed attribute");
                let value = a
                    .normalized_value(quick_xml::XmlVersion::Explicit1_0)
                    .expect("attribute value")
                    .into_owned();
                junit.text.push_str(&value);
                junit.text.push('\n');
                attrs.insert(String::from_utf8(a.key.as_ref().to_vec()).unwrap(), value);
            }
            match name.as_str() {
                "testsuites" => {
                    assert_eq!(depth, 0, "testsuites is the root");
                    junit.root_tests = attrs.get("tests").cloned();
                }
                "testsuite" => junit.suites.push(attrs["name"].clone()),
                "testcase" => junit.cases.push(attrs["name"].clone()),
                "failure" => junit.failures.push(attrs["message"].clone()),
                _ => {}
            }
            if !closed {
                depth += 1;
            }
        }
    }
    assert_eq!(depth, 0, "every element is closed");
    junit
}

#[test]
fn junit_report_is_well_formed_with_a_failure_per_finding() {
    let (dir, secrets) = tree();
    let (code, stdout, stderr) = scan(dir.path(), &["-f", "junit"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.starts_with("<?xml"), "{stdout}");
    let junit = parse_junit(&stdout);
    assert_eq!(junit.failures.len(), 3, "{junit:?}");
    assert_eq!(junit.cases.len(), 3, "{junit:?}");
    assert_eq!(junit.root_tests.as_deref(), Some("3"));
    // One suite per rule that fired, named after it; cases named path:line:column.
    assert!(
        junit
            .suites
            .iter()
            .any(|s| s.contains("aws-secret-access-key")),
        "{junit:?}"
    );
    assert!(
        junit.cases.iter().any(|c| c == "src/app.py:1:11"),
        "{junit:?}"
    );
    assert!(
        junit.text.contains("What to do:"),
        "remediation in the body"
    );
    assert_no_part_of(&secrets, &junit.text, "junit");
    assert_no_part_of(&secrets, &stdout, "junit");

    // A clean scan is one passing test, so CI shows green rather than "no tests".
    let empty = tempfile::tempdir().unwrap();
    write(empty.path(), "a.txt", "nothing\n");
    let (code, stdout, _) = scan(empty.path(), &["-f", "junit"]);
    assert_eq!(code, 0);
    let junit = parse_junit(&stdout);
    assert_eq!(junit.cases.len(), 1, "{stdout}");
    assert!(junit.failures.is_empty());
    assert_eq!(junit.root_tests.as_deref(), Some("1"));
}

/// RFC 4180 records (quoted fields may hold commas, quotes and line breaks).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            ',' => row.push(std::mem::take(&mut field)),
            '\r' => {
                assert_eq!(chars.next(), Some('\n'), "records end with CRLF");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            '"' | '\n' => panic!("bare {c:?} in an unquoted field:\n{text}"),
            c => field.push(c),
        }
    }
    assert!(
        !quoted && field.is_empty() && row.is_empty(),
        "ends with CRLF"
    );
    rows
}

#[test]
fn csv_report_is_rfc_4180_with_formula_cells_neutralised() {
    let (dir, secrets) = tree();
    let (code, stdout, stderr) = scan(dir.path(), &["-f", "csv"]);
    assert_eq!(code, 1, "{stderr}");
    let rows = parse_csv(&stdout);
    assert_eq!(rows.len(), 4, "a header and a row per finding:\n{stdout}");
    let header = &rows[0];
    assert_eq!(header[0], "rule_id");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    for row in &rows[1..] {
        assert_eq!(row.len(), header.len(), "{row:?}");
        assert!(!row[col("secret")].is_empty());
        // A file name that a spreadsheet would evaluate is text.
        if row[col("path")].contains("calc") {
            assert!(row[col("path")].starts_with("'="), "{row:?}");
        }
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "formula cell: {cell:?}"
            );
        }
    }
    assert!(
        rows[1..]
            .iter()
            .any(|r| r[col("path")] == "'=cmd|' calc'!A0.env"),
        "{stdout}"
    );
    assert_no_part_of(&secrets, &stdout, "csv");

    let empty = tempfile::tempdir().unwrap();
    write(empty.path(), "a.txt", "nothing\n");
    let (code, stdout, _) = scan(empty.path(), &["-f", "csv"]);
    assert_eq!(code, 0);
    assert_eq!(parse_csv(&stdout).len(), 1, "just the header");
}

#[test]
fn redact_100_prints_no_part_of_a_secret_in_any_format() {
    let (dir, secrets) = tree();
    for format in FORMATS {
        for flag in ["--redact", "--redact=100", "--redact=100%"] {
            let (code, stdout, stderr) = scan(dir.path(), &["-f", format, flag]);
            assert_eq!(code, 1, "{format} {flag}: {stderr}");
            assert!(!stdout.is_empty());
            assert_no_part_of(&secrets, &stdout, &format!("{format} {flag}"));
            assert_no_part_of(&secrets, &stderr, &format!("{format} {flag} stderr"));
            // No secret's first characters either: the redacted value is the ellipsis alone.
            for secret in &secrets {
                assert!(
                    !stdout.contains(&format!("{}…", &secret[..3])),
                    "{format} {flag}"
                );
            }
        }
    }
    // A percentage that does not parse, or 0 (which would hide nothing), is refused.
    for bad in ["--redact=0", "--redact=101", "--redact=half"] {
        let (code, _, stderr) = scan(dir.path(), &[bad]);
        assert_eq!(code, 2, "{bad}: {stderr}");
    }
}

#[test]
fn redact_percent_is_the_same_in_every_format() {
    let (dir, secrets) = tree();
    let token = &secrets[0]; // 40 characters: --redact=75 shows the first 10.
    let shown = format!("{}…", &token[..10]);
    for format in FORMATS {
        let (_, stdout, _) = scan(dir.path(), &["-f", format, "--redact=75"]);
        assert!(stdout.contains(&shown), "{format}: {stdout}");
        assert!(!stdout.contains(&token[..11]), "{format}");
    }
    // Without the flag: the first 4 characters.
    for format in FORMATS {
        let (_, stdout, _) = scan(dir.path(), &["-f", format]);
        assert!(stdout.contains(&format!("{}…", &token[..4])), "{format}");
        assert!(!stdout.contains(&token[..5]), "{format}");
    }
}

#[test]
fn exit_code_0_reports_findings_without_failing() {
    let (dir, _) = tree();
    for format in FORMATS {
        let (code, stdout, stderr) = scan(dir.path(), &["-f", format, "--exit-code", "0"]);
        assert_eq!(code, 0, "{format}: {stderr}");
        assert!(stdout.contains("aws-secret-access-key"), "{format}");
        assert!(stderr.contains("3 findings in 2 files"), "{stderr}");
    }
    // Errors still end with 2.
    let (code, _, _) = scan(dir.path(), &["--exit-code", "0", "no/such/path"]);
    assert_eq!(code, 2);
}
